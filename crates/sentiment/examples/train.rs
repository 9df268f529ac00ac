//! Fits the global weights and writes them (what `lede train sentiment` runs).
//!
//! `cargo run --release -p lede-sentiment --example train -- [DIR_OR_FILES...] [--out FILE] [--folds K]`
//! (defaults: `../shared/data/sentiment`, `crates/sentiment/data/weights.json`, 5 folds).
#![allow(missing_docs)]

use lede_sentiment::{TrainOptions, train};
use std::path::PathBuf;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut inputs = Vec::new();
    let mut out = PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/data/weights.json"));
    let mut opts = TrainOptions::default();
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        match a.as_str() {
            "--out" => out = PathBuf::from(args.next().ok_or("--out needs a file")?),
            "--folds" => opts.folds = args.next().ok_or("--folds needs a number")?.parse()?,
            "--rounds" => opts.rounds = args.next().ok_or("--rounds needs a number")?.parse()?,
            "--no-words" => opts.words = None,
            "--min-texts" => {
                if let Some(w) = opts.words.as_mut() {
                    w.min_texts = args.next().ok_or("--min-texts needs a number")?.parse()?;
                }
            }
            "--word-news-weight" => {
                if let Some(w) = opts.words.as_mut() {
                    w.news_weight = args.next().ok_or("--word-news-weight needs a number")?.parse()?;
                }
            }
            "--new-min-texts" => {
                if let Some(w) = opts.words.as_mut() {
                    w.new_min_texts = args.next().ok_or("--new-min-texts needs a number")?.parse()?;
                }
            }
            "--allow-flips" => {
                if let Some(w) = opts.words.as_mut() {
                    w.keep_sign = false;
                }
            }
            "--gn" => {
                if let Some(w) = opts.words.as_mut() {
                    w.iterations = args.next().ok_or("--gn needs a number")?.parse()?;
                }
            }
            "--news-weight" => opts.news_weight = args.next().ok_or("--news-weight needs a number")?.parse()?,
            _ => inputs.push(PathBuf::from(a)),
        }
    }
    if inputs.is_empty() {
        inputs.push(PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared/data/sentiment")));
    }
    let report = train(&inputs, &out, &opts)?;
    println!("{report}");
    // Four decimals: rule changes are often judged on differences of a few thousandths.
    for (fit, cv) in report.fitted.iter().zip(&report.cross_validated) {
        println!("r4 {} {:.4} {:.4}", fit.name, fit.pearson, cv.pearson);
    }
    println!("weights written to {}", out.display());
    Ok(())
}
