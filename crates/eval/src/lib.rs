//! Scoring of `lede run` predictions against gold files, as `shared/data/SCORING.md` defines: the library
//! behind `lede eval`.
//!
//! ```no_run
//! use std::path::{Path, PathBuf};
//! use lede_eval::{EvalOptions, Task, evaluate};
//!
//! let report = evaluate(Task::Quote, &[PathBuf::from("gold.jsonl")], Path::new("pred.jsonl"), &EvalOptions::default())?;
//! print!("{}", report.to_table());
//! println!("{}", serde_json::to_string_pretty(&report)?);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! Gold and prediction files are JSON Lines (one document per line; a `.json` file or one starting with `[` is
//! read as one document or an array of documents). Documents are joined on `id`. Every choice the scoring
//! makes is listed in the crate README.

mod entity;
mod input;
mod metrics;
mod names;
mod number;
mod quote;
mod sentiment;
mod table;

use std::collections::HashMap;
use std::fmt;
use std::path::{Path, PathBuf};
use std::str::FromStr;

use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

pub use entity::{EntityScores, Label, TypeScores, fold_type};
pub use input::Location;
pub use metrics::{Accuracy, Prf};
pub use names::{head, normalize_canonical, normalize_speaker, speaker_names_match};
pub use number::{MODEL_KINDS, NumberScores, model_kind};
pub use quote::QuoteScores;
pub use sentiment::{ClassScores, GOLD_NEUTRAL, PRED_NEUTRAL, SentimentScores};

/// The four scored tasks.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Task {
    /// Named entities (`analyses.entity.entities`).
    Entity,
    /// Direct quotations and speakers (`analyses.quote.quotes`).
    Quote,
    /// Numbers (`analyses.number.numbers`).
    Number,
    /// Document sentiment (`analyses.sentiment.score`).
    Sentiment,
}

impl Task {
    /// All tasks.
    pub const ALL: [Task; 4] = [Task::Entity, Task::Quote, Task::Number, Task::Sentiment];

    /// The task name, also the default analyzer key under `analyses`.
    pub fn name(self) -> &'static str {
        match self {
            Task::Entity => "entity",
            Task::Quote => "quote",
            Task::Number => "number",
            Task::Sentiment => "sentiment",
        }
    }
}

impl fmt::Display for Task {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for Task {
    type Err = EvalError;

    /// Case-insensitive; the plural forms (`entities`, `quotes`, `numbers`) are accepted too.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim().to_ascii_lowercase().as_str() {
            "entity" | "entities" => Ok(Task::Entity),
            "quote" | "quotes" => Ok(Task::Quote),
            "number" | "numbers" => Ok(Task::Number),
            "sentiment" => Ok(Task::Sentiment),
            _ => Err(EvalError::UnknownTask(s.to_string())),
        }
    }
}

/// Scoring options. `EvalOptions::default()` is exactly SCORING.md.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct EvalOptions {
    /// The key under `analyses` to read; default: the task name.
    pub analyzer: Option<String>,
    /// Quote: count gold `partial` (PolNeAR) and `phrase` (seeds) quotes as ordinary gold instead of
    /// don't-care.
    pub include_partial: bool,
    /// Quote: keep predicted quotes of kind `phrase` in the prediction set. By default they are left out, so a
    /// speech quotation the analyzer calls a phrase is a miss.
    pub include_predicted_phrases: bool,
    /// Number: do not restrict predictions to the kind of a Recognizers-Text model.
    pub no_number_restriction: bool,
}

/// Why an evaluation could not run.
#[derive(Debug, thiserror::Error)]
pub enum EvalError {
    /// A file could not be read.
    #[error("cannot read {}: {source}", path.display())]
    Io {
        /// The file.
        path: PathBuf,
        /// The cause.
        #[source]
        source: std::io::Error,
    },
    /// A record is not valid JSON or lacks a field the task needs.
    #[error("{file}: {location}: {message}")]
    Parse {
        /// The file.
        file: String,
        /// The line (or array item).
        location: Location,
        /// What is wrong.
        message: String,
    },
    /// Two records of the gold files, or two of the prediction file, have the same id.
    #[error("{file}: {location}: duplicate id {id:?} (first at {first})")]
    DuplicateId {
        /// The id.
        id: String,
        /// The file of the second record.
        file: String,
        /// Where the second record is.
        location: Location,
        /// `file: line N` of the first record.
        first: String,
    },
    /// The task name is not one of `entity`, `quote`, `number`, `sentiment`.
    #[error("unknown task {0:?}: expected entity, quote, number or sentiment")]
    UnknownTask(String),
    /// No gold file was given.
    #[error("no gold file given")]
    NoGold,
}

/// How many gold documents had predictions.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Coverage {
    /// Gold documents scored.
    pub gold_docs: usize,
    /// Gold documents with no prediction line (scored as nothing predicted).
    pub no_prediction: usize,
    /// Gold documents whose prediction line has no (or a null) `analyses.<analyzer>` (nothing predicted).
    pub no_output: usize,
    /// Prediction lines whose id is in no gold file (ignored); only in the overall section.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub predictions_without_gold: Option<usize>,
}

impl Coverage {
    fn add(&mut self, o: &Coverage) {
        self.gold_docs += o.gold_docs;
        self.no_prediction += o.no_prediction;
        self.no_output += o.no_output;
    }
}

/// The figures of one task.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(untagged)]
pub enum Scores {
    /// Entity figures.
    Entity(EntityScores),
    /// Quote figures.
    Quote(QuoteScores),
    /// Number figures.
    Number(NumberScores),
    /// Sentiment figures.
    Sentiment(SentimentScores),
}

/// The figures of one gold file, or of all of them.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Section {
    /// The gold file as given, or `all`.
    pub name: String,
    /// Documents joined.
    pub coverage: Coverage,
    /// The figures.
    pub scores: Scores,
}

/// The result of [`evaluate`]: overall figures and one section per gold file. Serialize it for `--json`.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Report {
    /// The task scored.
    pub task: Task,
    /// The key under `analyses` that was read.
    pub analyzer: String,
    /// The prediction file.
    pub prediction_file: String,
    /// The options used.
    pub options: EvalOptions,
    /// All gold files together (micro-averaged; sentiment pools all pairs).
    pub overall: Section,
    /// One section per gold file, in the order given.
    pub files: Vec<Section>,
}

impl Report {
    /// A readable, aligned text table of every figure.
    pub fn to_table(&self) -> String {
        table::render(self)
    }
}

/// What each task module provides to the driver.
pub(crate) trait Scorer {
    /// One gold document (only the fields the task needs).
    type Gold: DeserializeOwned;
    /// `analyses.<analyzer>` of one prediction.
    type Pred: DeserializeOwned;
    /// Additive counts.
    type Counts: Default + Clone;
    /// Scores one document; `pred` is None when nothing was predicted.
    fn score(&self, id: &str, gold: &Self::Gold, pred: Option<&Self::Pred>, counts: &mut Self::Counts);
    /// Adds `other` into `into`.
    fn merge(into: &mut Self::Counts, other: &Self::Counts);
    /// The figures of some counts.
    fn finish(&self, counts: &Self::Counts) -> Scores;
}

/// Scores the prediction file `pred` against the gold files for `task`.
///
/// Every gold file is read and scored; gold ids must be unique across all of them, and prediction ids
/// unique in `pred`.
pub fn evaluate(task: Task, gold: &[PathBuf], pred: &Path, opts: &EvalOptions) -> Result<Report, EvalError> {
    let read = |p: &Path| std::fs::read_to_string(p).map_err(|source| EvalError::Io { path: p.to_path_buf(), source });
    let mut gold_texts = Vec::with_capacity(gold.len());
    for g in gold {
        gold_texts.push((g.display().to_string(), read(g)?));
    }
    let pred_text = read(pred)?;
    let gold_refs: Vec<(&str, &str)> = gold_texts.iter().map(|(n, t)| (n.as_str(), t.as_str())).collect();
    evaluate_str(task, &gold_refs, (&pred.display().to_string(), &pred_text), opts)
}

/// Like [`evaluate`], on contents already in memory: `gold` and `pred` are `(file name, content)` pairs; the
/// names appear in the report and in errors.
pub fn evaluate_str(
    task: Task,
    gold: &[(&str, &str)],
    pred: (&str, &str),
    opts: &EvalOptions,
) -> Result<Report, EvalError> {
    match task {
        Task::Entity => run(&entity::EntityScorer, task, gold, pred, opts),
        Task::Quote => run(&quote::QuoteScorer::new(opts), task, gold, pred, opts),
        Task::Number => run(&number::NumberScorer::new(opts), task, gold, pred, opts),
        Task::Sentiment => run(&sentiment::SentimentScorer, task, gold, pred, opts),
    }
}

fn run<S: Scorer>(
    scorer: &S,
    task: Task,
    gold: &[(&str, &str)],
    (pred_file, pred_content): (&str, &str),
    opts: &EvalOptions,
) -> Result<Report, EvalError> {
    if gold.is_empty() {
        return Err(EvalError::NoGold);
    }
    let analyzer = opts.analyzer.clone().unwrap_or_else(|| task.name().to_string());
    let mut preds = input::index_predictions(pred_file, pred_content, &analyzer)?;
    let what = format!("analyses.{analyzer}");
    let mut seen: HashMap<String, String> = HashMap::new();
    let mut files = Vec::with_capacity(gold.len());
    let mut total = S::Counts::default();
    let mut total_coverage = Coverage::default();
    for &(file, content) in gold {
        let mut counts = S::Counts::default();
        let mut coverage = Coverage::default();
        for record in input::records(file, content)? {
            let id = input::record_id(file, &record)?;
            if let Some(first) = seen.get(&id) {
                return Err(EvalError::DuplicateId {
                    id,
                    file: file.to_string(),
                    location: record.location,
                    first: first.clone(),
                });
            }
            seen.insert(id.clone(), format!("{file}: {}", record.location));
            let doc: S::Gold = input::typed(file, record.location, "", record.value)?;
            coverage.gold_docs += 1;
            let predicted: Option<S::Pred> = match preds.get_mut(&id) {
                None => {
                    coverage.no_prediction += 1;
                    None
                }
                Some(entry) => {
                    entry.used = true;
                    match entry.output.take() {
                        None => {
                            coverage.no_output += 1;
                            None
                        }
                        Some(value) => Some(input::typed(pred_file, entry.location, &what, value)?),
                    }
                }
            };
            scorer.score(&id, &doc, predicted.as_ref(), &mut counts);
        }
        S::merge(&mut total, &counts);
        total_coverage.add(&coverage);
        files.push(Section { name: file.to_string(), coverage, scores: scorer.finish(&counts) });
    }
    total_coverage.predictions_without_gold = Some(preds.values().filter(|e| !e.used).count());
    Ok(Report {
        task,
        analyzer,
        prediction_file: pred_file.to_string(),
        options: opts.clone(),
        overall: Section { name: "all".to_string(), coverage: total_coverage, scores: scorer.finish(&total) },
        files,
    })
}

#[cfg(test)]
mod tests;
