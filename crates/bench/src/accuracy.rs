//! Accuracy on gold files: the pipeline runs on each gold file's texts and `lede eval`'s scorer
//! ([`lede_eval::evaluate_str`]) scores the predictions, so the figures are exactly those of
//! `lede run GOLD > PRED && lede eval --task TASK --gold GOLD --pred PRED`.

use crate::BenchError;
use crate::profile::ratio;
use lede_core::Document;
use lede_eval::{EvalOptions, Report, Scores, Task, evaluate_str};
use lede_runner::{OutputFormat, Pipeline, serialize_record};
use serde::Serialize;
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::str::FromStr;
use std::time::Instant;

/// A gold file, with the task to score on it (`None`: every task whose field the file has) and
/// the analyzer whose output to score (`None`: the configured analyzer of the task's kind).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GoldSpec {
    /// The task, when given as `TASK=FILE`.
    pub task: Option<Task>,
    /// The configured analyzer to score, when given as `TASK:NAME=FILE` (a plugin, say).
    pub analyzer: Option<String>,
    /// The gold JSON Lines file.
    pub path: PathBuf,
}

impl FromStr for GoldSpec {
    type Err = std::convert::Infallible;

    /// `FILE`, `TASK=FILE` or `TASK:ANALYZER=FILE`, where TASK is entity, quote, number or
    /// sentiment and ANALYZER a configured analyzer name.
    fn from_str(s: &str) -> Result<GoldSpec, Self::Err> {
        if let Some((head, path)) = s.split_once('=') {
            let (task, analyzer) = match head.split_once(':') {
                Some((t, a)) if !a.is_empty() => (t, Some(a.to_string())),
                _ => (head, None),
            };
            if let Ok(task) = task.parse::<Task>() {
                return Ok(GoldSpec { task: Some(task), analyzer, path: PathBuf::from(path) });
            }
        }
        Ok(GoldSpec { task: None, analyzer: None, path: PathBuf::from(s) })
    }
}

/// One headline figure (a ratio in [0, 1], or a correlation in [-1, 1]).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Figure {
    /// Its name, such as `F1` or `pearson r`.
    pub name: String,
    /// Its value; `None` when undefined (nothing to judge).
    pub value: Option<f64>,
}

/// The scores of one task on one gold file.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct TaskAccuracy {
    /// The gold file.
    pub gold: String,
    /// The task.
    pub task: Task,
    /// The configured analyzer whose output was scored.
    pub analyzer: String,
    /// Gold documents.
    pub documents: usize,
    /// The headline figures, first the main one.
    pub figures: Vec<Figure>,
    /// The full report of `lede eval`.
    pub report: Report,
}

/// The result of [`accuracy`].
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Accuracy {
    /// Scores, by gold file then task.
    pub tasks: Vec<TaskAccuracy>,
    /// Tasks that could not be scored, and why (no analyzer of that kind is configured...).
    pub skipped: Vec<String>,
    /// Seconds the pipeline took on all gold texts (with the runner's per-document parallelism off).
    pub seconds: f64,
    /// Bytes of gold text analyzed.
    pub bytes: u64,
    /// `bytes` per second of `seconds`, in MB/s.
    pub mb_per_s: f64,
}

/// The tasks a gold file holds figures for, from the fields of its first record: `entities`,
/// `quotes`, `numbers`, `score`.
pub fn detect_tasks(first_record: &Value) -> Vec<Task> {
    let mut tasks = Vec::new();
    for (field, task) in
        [("entities", Task::Entity), ("quotes", Task::Quote), ("numbers", Task::Number), ("score", Task::Sentiment)]
    {
        if first_record.get(field).is_some() {
            tasks.push(task);
        }
    }
    tasks
}

/// The configured analyzer that answers `task`: the one named like the task when its kind fits,
/// else the first of that kind.
pub fn analyzer_for(pipeline: &Pipeline, task: Task) -> Option<String> {
    let kind_of = |name: &str| pipeline.analyzer(name).map(|(a, _)| a.name().to_string());
    let names = pipeline.names();
    if names.contains(&task.name()) && kind_of(task.name()).as_deref() == Some(task.name()) {
        return Some(task.name().to_string());
    }
    names.into_iter().find(|n| kind_of(n).as_deref() == Some(task.name())).map(str::to_string)
}

/// Reads the records of a gold file: JSON Lines, or (for `.json` files or content starting with
/// `[`) one JSON object or an array of them.
pub fn gold_records(path: &Path, content: &str) -> Result<Vec<Value>, BenchError> {
    let content = content.strip_prefix('\u{feff}').unwrap_or(content);
    let bad = |what: String| BenchError::Gold { path: path.to_path_buf(), message: what };
    let whole =
        path.extension().is_some_and(|e| e.eq_ignore_ascii_case("json")) || content.trim_start().starts_with('[');
    if whole {
        let value: Value = serde_json::from_str(content).map_err(|e| bad(format!("not valid JSON: {e}")))?;
        return Ok(match value {
            Value::Array(items) => items,
            value => vec![value],
        });
    }
    let mut out = Vec::new();
    for (i, line) in content.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        out.push(serde_json::from_str(line).map_err(|e| bad(format!("line {}: not valid JSON: {e}", i + 1)))?);
    }
    Ok(out)
}

fn record_id(record: &Value) -> Option<String> {
    match record.get("id")? {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// The headline figures of a report.
pub fn headline(report: &Report) -> Vec<Figure> {
    let f = |name: &str, value: Option<f64>| Figure { name: name.to_string(), value };
    match &report.overall.scores {
        Scores::Entity(e) => {
            let mut v = vec![f("F1", Some(e.typed.f1)), f("P", Some(e.typed.precision)), f("R", Some(e.typed.recall))];
            if let Some(c) = &e.canonical_name {
                v.push(f("canonical name", c.accuracy));
            }
            v
        }
        Scores::Quote(q) => vec![
            f("overlap F1", Some(q.overlap.f1)),
            f("exact F1", Some(q.exact.f1)),
            f("speaker", q.speaker.accuracy),
            f("end-to-end F1", Some(q.end_to_end.f1)),
        ],
        Scores::Number(n) => vec![
            f("case pass", n.case_pass.accuracy),
            f("span F1", Some(n.span.f1)),
            f("value", n.value.accuracy),
            f("kind", n.kind.accuracy),
        ],
        Scores::Sentiment(s) => vec![
            f("pearson r", s.pearson),
            f("spearman rho", s.spearman),
            f("3-class accuracy", s.accuracy),
            f("macro-F1", s.macro_f1),
        ],
    }
}

/// Runs `pipeline` on the texts of each gold file and scores its output with `lede eval`'s scorer.
pub fn accuracy(pipeline: &Pipeline, gold: &[GoldSpec]) -> Result<Accuracy, BenchError> {
    let mut result = Accuracy::default();
    for spec in gold {
        let content =
            std::fs::read_to_string(&spec.path).map_err(|source| BenchError::Io { path: spec.path.clone(), source })?;
        let records = gold_records(&spec.path, &content)?;
        let tasks = match spec.task {
            Some(t) => vec![t],
            None => records.first().map(detect_tasks).unwrap_or_default(),
        };
        let name = spec.path.display().to_string();
        if tasks.is_empty() {
            result.skipped.push(format!("{name}: no entities, quotes, numbers or score field; nothing to score"));
            continue;
        }
        let mut scored: Vec<(Task, String)> = Vec::new();
        for task in tasks {
            match &spec.analyzer {
                Some(a) if pipeline.analyzer(a).is_some() => scored.push((task, a.clone())),
                Some(a) => result.skipped.push(format!("{name}: {task}: no analyzer named `{a}` is configured")),
                None => match analyzer_for(pipeline, task) {
                    Some(a) => scored.push((task, a)),
                    None => result.skipped.push(format!("{name}: {task}: no analyzer of kind `{task}` is configured")),
                },
            }
        }
        if scored.is_empty() {
            continue;
        }

        let mut predictions = String::new();
        let start = Instant::now();
        for (i, record) in records.iter().enumerate() {
            let id = record_id(record).ok_or_else(|| BenchError::Gold {
                path: spec.path.clone(),
                message: format!("record {}: missing or non-string `id`", i + 1),
            })?;
            let Some(text) = record.get("text").and_then(Value::as_str) else {
                return Err(BenchError::Gold {
                    path: spec.path.clone(),
                    message: format!("record {} ({id}): no string `text`", i + 1),
                });
            };
            result.bytes += text.len() as u64;
            let doc = Document::new(id.clone(), text, None);
            let analysis = pipeline.analyze(&doc);
            let line =
                serialize_record(&id, &analysis, &[], None, OutputFormat::Jsonl).map_err(|e| BenchError::Gold {
                    path: spec.path.clone(),
                    message: format!("record {} ({id}): cannot serialize the results: {e}", i + 1),
                })?;
            predictions.push_str(&String::from_utf8_lossy(&line));
            predictions.push('\n');
        }
        result.seconds += start.elapsed().as_secs_f64();

        for (task, analyzer) in scored {
            let opts = EvalOptions { analyzer: Some(analyzer.clone()), ..EvalOptions::default() };
            let report = evaluate_str(task, &[(&name, &content)], ("predictions", &predictions), &opts)?;
            result.tasks.push(TaskAccuracy {
                gold: name.clone(),
                task,
                analyzer,
                documents: records.len(),
                figures: headline(&report),
                report,
            });
        }
    }
    result.mb_per_s = ratio(result.bytes as f64 / 1e6, result.seconds);
    Ok(result)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gold_spec_takes_an_optional_task_prefix() {
        let g: GoldSpec = "entity=data/dev.jsonl".parse().unwrap();
        assert_eq!(g, GoldSpec { task: Some(Task::Entity), analyzer: None, path: PathBuf::from("data/dev.jsonl") });
        let g: GoldSpec = "quotes=x.jsonl".parse().unwrap();
        assert_eq!(g.task, Some(Task::Quote));
        let g: GoldSpec = "entity:my-ner=x.jsonl".parse().unwrap();
        assert_eq!((g.task, g.analyzer.as_deref()), (Some(Task::Entity), Some("my-ner")));
        // An `=` that does not follow a task name belongs to the path.
        let g: GoldSpec = "odd=name.jsonl".parse().unwrap();
        assert_eq!(g, GoldSpec { task: None, analyzer: None, path: PathBuf::from("odd=name.jsonl") });
    }

    #[test]
    fn tasks_come_from_the_fields_of_the_first_record() {
        let v = serde_json::json!({"id": "a", "text": "t", "entities": [], "quotes": [], "spin": []});
        assert_eq!(detect_tasks(&v), vec![Task::Entity, Task::Quote]);
        let v = serde_json::json!({"id": "a", "text": "t", "score": 1.5});
        assert_eq!(detect_tasks(&v), vec![Task::Sentiment]);
        assert!(detect_tasks(&serde_json::json!({"id": "a", "text": "t"})).is_empty());
    }

    #[test]
    fn gold_records_read_lines_arrays_and_objects() {
        let lines = "{\"id\": \"a\", \"text\": \"x\"}\n\n{\"id\": 2, \"text\": \"y\"}\n";
        let recs = gold_records(Path::new("g.jsonl"), lines).unwrap_or_default();
        assert_eq!(recs.len(), 2);
        assert_eq!(record_id(&recs[1]).as_deref(), Some("2"));
        let arr = "[{\"id\": \"a\", \"text\": \"x\"}]";
        assert_eq!(gold_records(Path::new("g.jsonl"), arr).map(|r| r.len()).ok(), Some(1));
        let one = "{\"id\": \"a\", \"text\": \"x\"}";
        assert_eq!(gold_records(Path::new("g.json"), one).map(|r| r.len()).ok(), Some(1));
        assert!(gold_records(Path::new("g.jsonl"), "{nope").is_err());
    }
}
