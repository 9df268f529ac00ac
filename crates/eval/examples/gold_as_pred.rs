//! Sanity check of the scorer on real gold files: turns the gold into a `lede run`-style prediction file and
//! scores it, which must give perfect figures (value/kind accuracy 100 %, r = rho = 1, ...).
//!
//! ```text
//! cargo run -p lede-eval --example gold_as_pred -- quote ../shared/data/quotes/polnear/dev.jsonl
//! cargo run -p lede-eval --example gold_as_pred -- number ../shared/data/numbers/recognizers-text/*.jsonl
//! ```
//!
//! With `--score PRED.jsonl` it scores that prediction file instead (the same as `lede eval`).

use std::path::{Path, PathBuf};

use serde_json::{Value, json};

use lede_eval::{EvalOptions, Task, evaluate_str};

fn convert(task: Task, gold: &Value) -> Value {
    let id = gold.get("id").cloned().unwrap_or(Value::Null);
    let list = |key: &str| gold.get(key).and_then(Value::as_array).cloned().unwrap_or_default();
    let analysis = match task {
        Task::Entity => {
            let entities: Vec<Value> = list("entities")
                .iter()
                .map(|e| {
                    json!({"name": e.get("canonical").or_else(|| e.get("text")), "type": e.get("type"),
                           "mentions": [{"start": e.get("start"), "end": e.get("end")}]})
                })
                .collect();
            json!({"entities": entities})
        }
        Task::Quote => {
            let quotes: Vec<Value> = list("quotes")
                .iter()
                .map(|q| {
                    let span =
                        q.get("speaker_span").filter(|s| !s.is_null()).cloned().or_else(|| {
                            q.get("speaker_spans").and_then(Value::as_array).and_then(|a| a.first()).cloned()
                        });
                    let kind = match q.get("kind").and_then(Value::as_str) {
                        Some("partial") | Some("phrase") => "phrase",
                        _ => "speech",
                    };
                    json!({"start": q.get("start"), "end": q.get("end"), "kind": kind,
                           "speaker": q.get("speaker"), "speaker_span": span})
                })
                .collect();
            json!({"quotes": quotes})
        }
        Task::Number => json!({"numbers": list("numbers")}),
        Task::Sentiment => json!({"score": gold.get("score").and_then(Value::as_f64).map(|s| s / 4.0)}),
    };
    json!({"id": id, "analyses": {task.name(): analysis}, "errors": []})
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args: Vec<String> = std::env::args().skip(1).collect();
    if args.len() < 2 {
        return Err("usage: gold_as_pred TASK [--score PRED.jsonl] GOLD.jsonl...".into());
    }
    let task: Task = args.remove(0).parse()?;
    let mut pred_file: Option<PathBuf> = None;
    if args.first().map(String::as_str) == Some("--score") {
        args.remove(0);
        pred_file = Some(PathBuf::from(args.remove(0)));
    }
    let mut gold = Vec::new();
    for path in &args {
        gold.push((path.clone(), std::fs::read_to_string(path)?));
    }
    let pred = match &pred_file {
        Some(p) => std::fs::read_to_string(p)?,
        None => {
            let mut out = String::new();
            for (_, content) in &gold {
                for line in content.lines().filter(|l| !l.trim().is_empty()) {
                    out.push_str(&convert(task, &serde_json::from_str(line)?).to_string());
                    out.push('\n');
                }
            }
            out
        }
    };
    let gold_refs: Vec<(&str, &str)> = gold.iter().map(|(n, c)| (n.as_str(), c.as_str())).collect();
    let name = pred_file.as_deref().unwrap_or(Path::new("<gold as prediction>")).display().to_string();
    let report = evaluate_str(task, &gold_refs, (&name, &pred), &EvalOptions::default())?;
    print!("{}", report.to_table());
    Ok(())
}
