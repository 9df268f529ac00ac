//! `lede train`: refit the statistical parts of the built-in analyzers.

use anyhow::Result;
use clap::{Args, Subcommand};
use std::io::Write;
use std::path::PathBuf;

/// Arguments of `lede train`.
#[derive(Args)]
pub struct TrainArgs {
    #[command(subcommand)]
    what: TrainWhat,
}

#[derive(Subcommand)]
enum TrainWhat {
    /// Train the entity tagger (an averaged perceptron) on CoNLL-2003 style JSON Lines.
    #[command(after_help = "\
Example (reproduces the committed model):
  lede train entity --data ../shared/data/ner/conll2003/train.jsonl \\
      --dev ../shared/data/ner/conll2003/dev.jsonl --out crates/entity/model/entity.model.gz")]
    Entity {
        /// Training data: {\"text\", \"entities\": [{\"start\",\"end\",\"type\"}]} per line.
        #[arg(long, value_name = "TRAIN.jsonl")]
        data: PathBuf,
        /// Gold file to report figures on after training.
        #[arg(long, value_name = "DEV.jsonl")]
        dev: Option<PathBuf>,
        /// Where to write the model.
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
        /// Passes over the training data.
        #[arg(long, default_value_t = lede_entity::TrainOptions::default().epochs)]
        epochs: usize,
        /// Shuffling seed.
        #[arg(long, default_value_t = lede_entity::TrainOptions::default().seed)]
        seed: u64,
    },
    /// Fit the sentiment scorer's weights and per-word valence corrections on human-rated JSON
    /// Lines sets (the corrections go to OUT's stem + `.words.tsv`, beside OUT).
    #[command(after_help = "\
Example (reproduces the committed weights.json and weights.words.tsv):
  lede train sentiment --data ../shared/data/sentiment --out crates/sentiment/data/weights.json")]
    Sentiment {
        /// Rated sets: {\"id\", \"text\", \"score\"} per line; files or folders of *.jsonl.
        #[arg(long, value_name = "FILE|DIR", required = true)]
        data: Vec<PathBuf>,
        /// Where to write the weights (JSON); the word corrections go beside it.
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
        /// Cross-validation folds (by article id) used to report held-out figures; 0 = none.
        #[arg(long, default_value_t = lede_sentiment::TrainOptions::default().folds)]
        folds: usize,
    },
}

pub fn train(args: TrainArgs) -> Result<()> {
    let mut stdout = std::io::stdout().lock();
    match args.what {
        TrainWhat::Entity { data, dev, out, epochs, seed } => {
            let opts = lede_entity::TrainOptions { epochs, seed, dev, ..Default::default() };
            let report = lede_entity::train(&data, &out, &opts)?;
            writeln!(stdout, "{report}")?;
            writeln!(stdout, "model written to {}", out.display())?;
        }
        TrainWhat::Sentiment { data, out, folds } => {
            let mut files = Vec::new();
            for path in data {
                if path.is_dir() {
                    let mut found: Vec<PathBuf> = std::fs::read_dir(&path)?
                        .filter_map(|e| e.ok().map(|e| e.path()))
                        .filter(|p| p.extension().is_some_and(|e| e == "jsonl"))
                        .collect();
                    found.sort();
                    files.extend(found);
                } else {
                    files.push(path);
                }
            }
            let opts = lede_sentiment::TrainOptions { folds, ..Default::default() };
            let report = lede_sentiment::train(&files, &out, &opts)?;
            writeln!(stdout, "{report}")?;
            writeln!(stdout, "weights written to {}", out.display())?;
        }
    }
    Ok(())
}
