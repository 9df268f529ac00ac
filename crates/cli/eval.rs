//! `lede eval`.

use anyhow::{Context, Result};
use clap::Args;
use lede_eval::{EvalOptions, Task, evaluate};
use std::io::Write;
use std::path::PathBuf;

/// Arguments of `lede eval`.
#[derive(Args)]
#[command(after_help = "\
Scores a predictions file (the output of `lede run`) against gold files with the metrics of \
shared/data/SCORING.md, prints a table, and with --json writes the figures as JSON.

Examples (from the repository root, with the shared data beside it):
  lede run ../shared/data/ner/conll2003/dev.jsonl > /tmp/conll.jsonl
  lede eval --task entity --gold ../shared/data/ner/conll2003/dev.jsonl --pred /tmp/conll.jsonl

  lede run ../shared/gold/seeds/seeds-dev.jsonl > /tmp/seeds.jsonl
  lede eval --task quote --gold ../shared/gold/seeds/seeds-dev.jsonl --pred /tmp/seeds.jsonl --json /tmp/q.json

scripts/eval.sh runs every task on every data set and writes docs/accuracy.md.")]
pub struct EvalArgs {
    /// What to score: entity, quote, number or sentiment.
    #[arg(long, short, value_name = "TASK")]
    task: Task,
    /// Gold JSON Lines file; repeat for several (e.g. all Recognizers-Text files).
    #[arg(long, short, value_name = "GOLD.jsonl", required = true)]
    gold: Vec<PathBuf>,
    /// Predictions: the output of `lede run` on the gold file(s).
    #[arg(long, short, value_name = "PRED.jsonl")]
    pred: PathBuf,
    /// Also write the figures as JSON to FILE (- for stdout).
    #[arg(long, value_name = "FILE")]
    json: Option<PathBuf>,
    /// Read predictions from this key under `analyses` (default: the task name).
    #[arg(long, value_name = "NAME")]
    analyzer: Option<String>,
    /// Quotes: count gold `partial`/`phrase` quotes instead of treating them as don't-care.
    #[arg(long)]
    include_partial: bool,
    /// Quotes: keep predicted `phrase` quotes in the prediction set.
    #[arg(long)]
    include_predicted_phrases: bool,
    /// Numbers: do not restrict predictions to each Recognizers-Text file's kind.
    #[arg(long)]
    no_number_restriction: bool,
}

pub fn eval(args: EvalArgs) -> Result<()> {
    let opts = EvalOptions {
        analyzer: args.analyzer,
        include_partial: args.include_partial,
        include_predicted_phrases: args.include_predicted_phrases,
        no_number_restriction: args.no_number_restriction,
    };
    let report = evaluate(args.task, &args.gold, &args.pred, &opts)?;
    let mut out = std::io::stdout().lock();
    if args.json.as_deref() != Some(std::path::Path::new("-")) {
        write!(out, "{}", report.to_table())?;
    }
    if let Some(path) = args.json {
        let json = serde_json::to_string_pretty(&report)?;
        if path.as_os_str() == "-" {
            writeln!(out, "{json}")?;
        } else {
            std::fs::write(&path, json + "\n").with_context(|| format!("cannot write {}", path.display()))?;
        }
    }
    Ok(())
}
