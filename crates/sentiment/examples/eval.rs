//! Prints Pearson r, Spearman rho and three-class figures of the sentiment scorer on rated sets.
//!
//! `cargo run --release -p lede-sentiment --example eval -- [DIR_OR_FILES...] [--weights FILE]`
//! (default: `../shared/data/sentiment`). `lede eval --task sentiment` gives the same figures.
#![allow(missing_docs)]

use lede_sentiment::Weights;
use lede_sentiment::train::{evaluate, load_sets, predictions};
use std::path::PathBuf;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut inputs = Vec::new();
    let mut weights = Weights::builtin();
    let mut dump: Option<PathBuf> = None;
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        if a == "--weights" {
            let p = args.next().ok_or("--weights needs a file")?;
            weights = Weights::from_json(&std::fs::read_to_string(p)?)?;
        } else if a == "--dump" {
            dump = Some(PathBuf::from(args.next().ok_or("--dump needs a file")?));
        } else if a == "--vader-constants" {
            weights = Weights::default();
        } else {
            inputs.push(PathBuf::from(a));
        }
    }
    if inputs.is_empty() {
        inputs.push(PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared/data/sentiment")));
    }
    let sets = load_sets(&inputs)?;
    println!("{:<28} {:>6} {:>8} {:>9} {:>8} {:>8}", "set", "n", "pearson", "spearman", "acc3", "F1");
    for f in evaluate(&weights, &sets) {
        println!(
            "{:<28} {:>6} {:>8.3} {:>9.3} {:>8.3} {:>8.3}",
            f.name, f.n, f.pearson, f.spearman, f.accuracy, f.macro_f1
        );
    }
    if let Some(path) = dump {
        let mut out = String::new();
        for (set, preds) in sets.iter().zip(predictions(&weights, &sets)) {
            for (item, p) in set.items.iter().zip(preds) {
                out.push_str(&format!(
                    "{}\t{}\t{}\t{p}\t{}\n",
                    set.name,
                    item.id,
                    item.score,
                    item.text.replace(['\t', '\n'], " ")
                ));
            }
        }
        std::fs::write(path, out)?;
    }
    Ok(())
}
