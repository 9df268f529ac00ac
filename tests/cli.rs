//! End-to-end tests of the `lede` binary, run from the repository root like a user would.

#![allow(clippy::unwrap_used)] // Tests unwrap: a failure is the report.

use serde_json::Value;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn lede(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_lede")).args(args).current_dir(root()).output().expect("run lede")
}

fn lede_stdin(args: &[&str], input: &str) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_lede"))
        .args(args)
        .current_dir(root())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn lede");
    child.stdin.take().expect("stdin").write_all(input.as_bytes()).expect("write stdin");
    child.wait_with_output().expect("wait")
}

fn stdout_lines(out: &Output) -> Vec<Value> {
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("not JSON ({e}): {l}")))
        .collect()
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// Checks that every object in `v` with integer `start`/`end` and a `text` has text equal to the
/// byte slice of the document.
fn check_spans(v: &Value, doc: &str, checked: &mut usize) {
    match v {
        Value::Object(map) => {
            if let (Some(s), Some(e), Some(Value::String(t))) =
                (map.get("start").and_then(Value::as_u64), map.get("end").and_then(Value::as_u64), map.get("text"))
            {
                let slice = doc.get(s as usize..e as usize).unwrap_or_else(|| panic!("span {s}..{e} not in text"));
                assert_eq!(slice, t, "span {s}..{e}");
                *checked += 1;
            }
            map.values().for_each(|x| check_spans(x, doc, checked));
        }
        Value::Array(a) => a.iter().for_each(|x| check_spans(x, doc, checked)),
        _ => {}
    }
}

#[test]
fn default_pipeline_on_the_seeds_writes_one_valid_record_per_article() {
    let out = lede(&["run"]);
    assert!(out.status.success(), "exit {:?}\n{}", out.status, stderr(&out));
    let records = stdout_lines(&out);
    let mut seeds: Vec<PathBuf> = std::fs::read_dir(root().join("seeds")).unwrap().map(|e| e.unwrap().path()).collect();
    seeds.sort();
    assert_eq!(records.len(), seeds.len());
    let mut checked = 0;
    for (record, path) in records.iter().zip(&seeds) {
        let stem = path.file_stem().unwrap().to_str().unwrap();
        assert_eq!(record["id"], stem);
        assert_eq!(record["errors"], Value::Array(vec![]), "{stem}: {}", record["errors"]);
        let analyses = record["analyses"].as_object().unwrap();
        for key in ["entity", "quote", "number", "sentiment"] {
            assert!(analyses.contains_key(key), "{stem} lacks {key}");
        }
        assert!(!analyses["entity"]["entities"].as_array().unwrap().is_empty());
        assert!(!analyses["quote"]["quotes"].as_array().unwrap().is_empty());
        assert!(!analyses["number"]["numbers"].as_array().unwrap().is_empty());
        let score = analyses["sentiment"]["score"].as_f64().unwrap();
        assert!((-1.0..=1.0).contains(&score));
        let text = std::fs::read_to_string(path).unwrap();
        check_spans(&record["analyses"], &text, &mut checked);
    }
    assert!(checked > 100, "only {checked} spans checked");
    let err = stderr(&out);
    assert!(err.contains("lede: 5 documents"), "{err}");
}

#[test]
fn json_format_and_explicit_inputs() {
    let out = lede(&["run", "--format", "json", "--threads", "2", "seeds/002_dc063b26f1df31ed.txt"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v.as_array().unwrap().len(), 1);
    assert_eq!(v[0]["id"], "002_dc063b26f1df31ed");
}

#[test]
fn stdin_jsonl_keeps_meta_and_reports_bad_lines() {
    let input = "{\"id\":\"a\",\"text\":\"Mr. Putin met Mr. Xi in Moscow.\",\"publisher\":\"x\"}\nnot json\n";
    let out = lede_stdin(&["run", "-"], input);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let recs = stdout_lines(&out);
    assert_eq!(recs.len(), 2);
    assert_eq!(recs[0]["meta"]["publisher"], "x");
    assert_eq!(recs[1]["id"], "stdin:2");
    assert!(recs[1]["errors"][0]["message"].as_str().unwrap().contains("<stdin>:2: not valid JSON"));
    assert!(stderr(&out).contains("1 with errors"));
}

#[test]
fn missing_input_is_reported_and_others_still_run() {
    let out = lede(&["run", "no/such/file.txt", "seeds/002_dc063b26f1df31ed.txt"]);
    assert_eq!(out.status.code(), Some(1));
    let recs = stdout_lines(&out);
    assert_eq!(recs.len(), 2);
    assert!(recs[0]["errors"][0]["message"].as_str().unwrap().contains("no/such/file.txt"));
    assert_eq!(recs[1]["errors"], Value::Array(vec![]));
    assert!(stderr(&out).contains("lede: error: file: cannot read no/such/file.txt"), "{}", stderr(&out));
}

#[test]
fn a_bad_config_names_file_line_and_column() {
    let dir = tempfile::tempdir().unwrap();
    let cfg = dir.path().join("bad.toml");
    std::fs::write(&cfg, "version = 1\n[analyzers.people]\nkind = \"entities\"\n").unwrap();
    let out = lede(&["run", "--config", cfg.to_str().unwrap(), "seeds"]);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(err.contains(&format!("{}:3:8: unknown analyzer kind `entities`", cfg.display())), "{err}");
    assert!(err.contains("expected one of: entity, quote, number, sentiment"), "{err}");
    assert!(out.stdout.is_empty());
}

#[test]
fn analyzers_lists_kinds_and_the_pipeline_order() {
    let out = lede(&["analyzers"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = String::from_utf8_lossy(&out.stdout);
    for kind in ["entity", "quote", "number", "sentiment"] {
        assert!(text.contains(kind), "{text}");
    }
    let entity = text.find("1. entity").expect("entity runs first");
    let quote = text.find(". quote").expect("quote listed");
    assert!(entity < quote, "{text}");
    assert!(text.contains("(needs entity"), "{text}");
}

#[test]
fn help_explains_the_commands() {
    let out = lede(&["--help"]);
    let text = String::from_utf8_lossy(&out.stdout);
    for word in ["run", "eval", "analyzers"] {
        assert!(text.contains(word), "{text}");
    }
    let out = lede(&["run", "--help"]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("INPUT is any mix of"), "{text}");
}

#[test]
fn output_file_option_writes_there() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("out.jsonl");
    let out = lede(&["run", "-q", "-o", path.to_str().unwrap(), "seeds/001_20d740d0ea27de49.txt"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(out.stdout.is_empty() && out.stderr.is_empty());
    let written = std::fs::read_to_string(&path).unwrap();
    assert_eq!(written.lines().count(), 1);
    assert!(Path::new(&path).exists());
}
