//! Config validation, dependency order, error isolation, ordering and bad-input behaviour of
//! the runner, with small analyzers defined here.

#![allow(clippy::unwrap_used)] // Tests unwrap: a failure is the report.

use lede_core::registry::BuildFn;
use lede_core::{
    Analyzer, AnalyzerError, AnalyzerKind, BuildContext, BuildError, Dependencies, Dependency, Document, DynAnalyzer,
    Options, Registry,
};
use lede_runner::{Config, ConfigError, InputSource, OutputFormat, Quiet, RunOptions, Workers, run, run_with};
use serde::Deserialize;
use serde_json::{Value, json};
use std::collections::BTreeMap;
use std::path::Path;

/// Counts tokens; optionally reads another analyzer's result; panics on "boom"; fails on "fail".
struct Probe {
    after: Option<String>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields, rename_all = "kebab-case", default)]
struct ProbeOptions {
    after: Option<String>,
    weight: u32,
}

impl Analyzer for Probe {
    type Output = Value;
    fn name(&self) -> &str {
        "probe"
    }
    fn dependencies(&self) -> Vec<Dependency> {
        self.after.iter().map(Dependency::required).collect()
    }
    fn analyze(&self, doc: &Document, deps: &Dependencies<'_>) -> Result<Value, AnalyzerError> {
        if doc.text().contains("boom") {
            panic!("boom in {}", doc.id());
        }
        if doc.text().contains("fail") {
            return Err(AnalyzerError::Failed("refused a document that says fail".into()));
        }
        let upstream = match &self.after {
            Some(name) => deps.get(name).cloned().ok_or_else(|| AnalyzerError::MissingDependency(name.clone()))?,
            None => Value::Null,
        };
        Ok(json!({"tokens": doc.segmentation().tokens.len(), "upstream": upstream}))
    }
}

fn build_probe(options: &Options<'_>, _ctx: &BuildContext<'_>) -> Result<Box<dyn DynAnalyzer>, BuildError> {
    let o: ProbeOptions = options.parse()?;
    Ok(Box::new(Probe { after: o.after }))
}

/// A typed result JSON cannot hold (a map with non-string keys), on documents that say "pairs".
struct Pairs;

impl Analyzer for Pairs {
    type Output = Option<BTreeMap<(u32, u32), u32>>;
    fn name(&self) -> &str {
        "pairs"
    }
    fn analyze(&self, doc: &Document, _deps: &Dependencies<'_>) -> Result<Self::Output, AnalyzerError> {
        Ok(doc.text().contains("pairs").then(|| BTreeMap::from([((1, 2), 3)])))
    }
}

fn build_pairs(_: &Options<'_>, _: &BuildContext<'_>) -> Result<Box<dyn DynAnalyzer>, BuildError> {
    Ok(Box::new(Pairs))
}

fn build_broken(_: &Options<'_>, _: &BuildContext<'_>) -> Result<Box<dyn DynAnalyzer>, BuildError> {
    panic!("the model file is corrupt")
}

fn registry() -> Registry {
    let mut r = Registry::new();
    r.register(AnalyzerKind { kind: "probe", summary: "test", options: "", build: build_probe as BuildFn });
    r.register(AnalyzerKind { kind: "pairs", summary: "test", options: "", build: build_pairs as BuildFn });
    r.register(AnalyzerKind { kind: "broken", summary: "test", options: "", build: build_broken as BuildFn });
    r
}

fn parse(src: &str) -> Result<Config, ConfigError> {
    Config::parse(src, Path::new("conf/pipeline.toml"), &registry())
}

fn problems(src: &str) -> String {
    match parse(src) {
        Ok(_) => panic!("config was accepted:\n{src}"),
        Err(e) => e.to_string(),
    }
}

#[test]
fn valid_config_orders_analyzers_by_dependency() {
    let cfg = parse(
        r#"version = 1
[analyzers.c]
kind = "probe"
after = "b"
[analyzers.a]
kind = "probe"
[analyzers.b]
kind = "probe"
after = "a"
[analyzers.d]
kind = "probe"
"#,
    )
    .unwrap();
    assert_eq!(cfg.pipeline.names(), vec!["c", "a", "b", "d"]);
    assert_eq!(cfg.pipeline.layers(), vec![vec!["a", "d"], vec!["b"], vec!["c"]]);
}

#[test]
fn unknown_kind_names_line_column_and_known_kinds() {
    let msg = problems("version = 1\n[analyzers.x]\nkind = \"entty\"\n");
    assert_eq!(
        msg,
        "conf/pipeline.toml:3:8: unknown analyzer kind `entty` in [analyzers.x]; expected one of: probe, pairs, broken"
    );
}

#[test]
fn unknown_option_and_wrong_type_point_at_the_key_or_value() {
    let msg = problems("version = 1\n[analyzers.x]\nkind = \"probe\"\nwieght = 3\n");
    assert!(msg.starts_with("conf/pipeline.toml:4:1: [analyzers.x] (probe): unknown field `wieght`"), "{msg}");
    assert!(msg.contains("expected `after` or `weight`"), "{msg}");
    let msg = problems("version = 1\n[analyzers.x]\nkind = \"probe\"\nweight = \"heavy\"\n");
    assert!(msg.starts_with("conf/pipeline.toml:4:10: [analyzers.x] (probe): invalid type: string \"heavy\""), "{msg}");
}

#[test]
fn unknown_top_level_key_and_missing_version() {
    let msg = problems("version = 1\nthreads = 4\n[analyzers.x]\nkind = \"probe\"\n");
    assert!(msg.starts_with("conf/pipeline.toml:2:1: unknown field `threads`"), "{msg}");
    let msg = problems("[analyzers.x]\nkind = \"probe\"\n");
    assert!(msg.contains("missing `version = 1`"), "{msg}");
    let msg = problems("version = 2\n[analyzers.x]\nkind = \"probe\"\n");
    assert!(msg.contains("conf/pipeline.toml:1:11: unsupported config version 2"), "{msg}");
}

#[test]
fn duplicate_name_is_a_toml_error_with_position() {
    let msg = problems("version = 1\n[analyzers.x]\nkind = \"probe\"\n[analyzers.x]\nkind = \"probe\"\n");
    assert!(msg.starts_with("conf/pipeline.toml:4:"), "{msg}");
    assert!(msg.to_lowercase().contains("duplicate"), "{msg}");
}

#[test]
fn missing_kind_bad_table_and_no_analyzers() {
    let msg = problems("version = 1\n[analyzers.x]\nweight = 1\n");
    assert!(msg.contains("conf/pipeline.toml:2:12: [analyzers.x] has no `kind`"), "{msg}");
    let msg = problems("version = 1\n[analyzers]\nx = 3\n");
    assert!(msg.contains("conf/pipeline.toml:3:5: `analyzers.x` must be a table"), "{msg}");
    let msg = problems("version = 1\n");
    assert!(msg.contains("no analyzers configured"), "{msg}");
}

#[test]
fn every_problem_is_reported_at_once() {
    let msg = problems("version = 1\n[analyzers.a]\nkind = \"nope\"\n[analyzers.b]\nkind = \"probe\"\nbad = 1\n");
    assert_eq!(msg.lines().count(), 2, "{msg}");
    assert!(msg.lines().next().unwrap().starts_with("conf/pipeline.toml:3:"));
    assert!(msg.lines().nth(1).unwrap().starts_with("conf/pipeline.toml:6:"));
}

#[test]
fn cycles_and_unknown_dependencies_are_config_errors() {
    let msg = problems(
        "version = 1\n[analyzers.a]\nkind = \"probe\"\nafter = \"b\"\n[analyzers.b]\nkind = \"probe\"\nafter = \"a\"\n",
    );
    assert!(msg.contains("dependency cycle between analyzers: a -> b -> a"), "{msg}");
    let msg = problems("version = 1\n[analyzers.a]\nkind = \"probe\"\nafter = \"a\"\n");
    assert!(msg.contains("dependency cycle between analyzers: a -> a"), "{msg}");
    let msg = problems("version = 1\n[analyzers.a]\nkind = \"probe\"\nafter = \"ghost\"\n");
    assert!(
        msg.contains("conf/pipeline.toml:2:12: [analyzers.a] depends on `ghost`, which is not configured"),
        "{msg}"
    );
}

#[test]
fn analyzers_are_built_in_config_order_and_a_panicking_build_is_an_error() {
    // Built side by side, the nodes still come in config order.
    let cfg = parse("version = 1\n[analyzers.z]\nkind = \"probe\"\n[analyzers.m]\nkind = \"pairs\"\n[analyzers.a]\nkind = \"probe\"\n")
        .unwrap();
    assert_eq!(cfg.pipeline.names(), ["z", "m", "a"]);
    let p = problems(
        "version = 1\n[analyzers.a]\nkind = \"probe\"\n[analyzers.b]\nkind = \"broken\"\nweight = 1\n[analyzers.c]\nkind = \"probe\"\nwieght = 2\n",
    );
    assert!(p.contains("[analyzers.b] (broken): building it panicked: the model file is corrupt"), "{p}");
    // The other analyzers' problems are still reported.
    assert!(p.contains("wieght"), "{p}");
    // Alone, too.
    let p = problems("version = 1\n[analyzers.b]\nkind = \"broken\"\n");
    assert!(p.contains("[analyzers.b] (broken): building it panicked: the model file is corrupt"), "{p}");
}

#[test]
fn toml_syntax_error_has_position() {
    let msg = problems("version = 1\n[analyzers.a\nkind = \"probe\"\n");
    assert!(msg.starts_with("conf/pipeline.toml:2:"), "{msg}");
}

fn run_to_lines(cfg: &Config, inputs: &[InputSource], threads: usize, batch: usize) -> Vec<Value> {
    let mut out = Vec::new();
    let opts = RunOptions { threads, batch_size: batch, ..RunOptions::default() };
    run(&cfg.pipeline, inputs, &mut out, &opts, &mut Quiet).unwrap();
    String::from_utf8(out).unwrap().lines().map(|l| serde_json::from_str(l).unwrap()).collect()
}

const TWO: &str = "version = 1\n[analyzers.a]\nkind = \"probe\"\n[analyzers.b]\nkind = \"probe\"\nafter = \"a\"\n[analyzers.c]\nkind = \"probe\"\n";

#[test]
fn output_order_equals_input_order_under_many_threads() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("docs.jsonl");
    let mut lines = String::new();
    for i in 0..1000 {
        // Uneven sizes so that workers finish out of order.
        let text = "word ".repeat((i * 7919) % 300 + 1);
        lines.push_str(&json!({"id": format!("d{i}"), "text": text}).to_string());
        lines.push('\n');
    }
    std::fs::write(&path, lines).unwrap();
    let cfg = parse(TWO).unwrap();
    for (threads, batch) in [(1, 1), (4, 7), (8, 64)] {
        let out = run_to_lines(&cfg, &[InputSource::Path(path.clone())], threads, batch);
        let ids: Vec<&str> = out.iter().map(|v| v["id"].as_str().unwrap()).collect();
        let expect: Vec<String> = (0..1000).map(|i| format!("d{i}")).collect();
        assert_eq!(ids, expect, "threads={threads} batch={batch}");
        assert_eq!(out[3]["analyses"]["b"]["upstream"], out[3]["analyses"]["a"]);
    }
}

#[test]
fn workers_kept_for_several_runs_write_what_fresh_runs_write() {
    let dir = tempfile::tempdir().unwrap();
    let (good, bad) = (dir.path().join("good.jsonl"), dir.path().join("bad.jsonl"));
    let mut lines = String::new();
    for i in 0..200 {
        lines.push_str(&json!({"id": format!("d{i}"), "text": "word ".repeat(i % 17 + 1)}).to_string());
        lines.push('\n');
    }
    std::fs::write(&good, lines).unwrap();
    std::fs::write(&bad, "{\"id\":\"p\",\"text\":\"boom\"}\nnot json\n{\"id\":\"ok\",\"text\":\"Fine.\"}\n").unwrap();
    let cfg = parse(TWO).unwrap();
    let opts = RunOptions { threads: 3, batch_size: 8, ..RunOptions::default() };
    let fresh = |path: &Path| {
        let mut out = Vec::new();
        run(&cfg.pipeline, &[InputSource::Path(path.to_path_buf())], &mut out, &opts, &mut Quiet).unwrap();
        out
    };
    let workers = Workers::new(3).unwrap();
    assert_eq!(workers.threads(), 3);
    // A panicking analyzer and a bad line in between do not spoil the workers for later runs.
    for path in [&good, &bad, &good, &bad] {
        let mut out = Vec::new();
        let summary =
            run_with(&workers, &cfg.pipeline, &[InputSource::Path(path.clone())], &mut out, &opts, &mut Quiet).unwrap();
        assert_eq!(out, fresh(path), "{}", path.display());
        assert_eq!(summary.documents, if path == &good { 200 } else { 3 });
    }
}

#[test]
fn a_panicking_or_failing_analyzer_only_costs_its_own_result() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("docs.jsonl");
    std::fs::write(
        &path,
        "{\"id\":\"ok\",\"text\":\"Fine text.\"}\n{\"id\":\"p\",\"text\":\"boom\"}\n{\"id\":\"f\",\"text\":\"fail here\"}\n",
    )
    .unwrap();
    let cfg = parse(TWO).unwrap();
    let out = run_to_lines(&cfg, &[InputSource::Path(path)], 2, 64);
    assert_eq!(out.len(), 3);
    assert_eq!(out[0]["errors"], json!([]));
    assert_eq!(out[0]["analyses"]["a"]["tokens"], 3);
    for rec in &out[1..] {
        let errors = rec["errors"].as_array().unwrap();
        // a and c both fail on the document; b is skipped because a failed.
        let by: Vec<&str> = errors.iter().map(|e| e["analyzer"].as_str().unwrap()).collect();
        assert_eq!(by, vec!["a", "b", "c"], "{rec}");
        assert!(errors[1]["message"].as_str().unwrap().contains("`a`, which it depends on, failed"));
        assert_eq!(rec["analyses"], json!({}));
    }
    assert!(out[1]["errors"][0]["message"].as_str().unwrap().starts_with("panicked: boom in p"));
    assert_eq!(out[2]["errors"][0]["message"], "refused a document that says fail");
}

#[test]
fn a_result_that_cannot_be_serialized_is_an_error_and_the_others_are_written() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("docs.jsonl");
    std::fs::write(&path, "{\"id\":\"x\",\"text\":\"Some pairs here.\"}\n{\"id\":\"y\",\"text\":\"None.\"}\n").unwrap();
    let cfg = parse("version = 1\n[analyzers.a]\nkind = \"probe\"\n[analyzers.p]\nkind = \"pairs\"\n").unwrap();
    let mut out = Vec::new();
    let summary = run(&cfg.pipeline, &[InputSource::Path(path)], &mut out, &RunOptions::default(), &mut Quiet).unwrap();
    let out: Vec<Value> = String::from_utf8(out).unwrap().lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert_eq!(out[0]["analyses"]["a"]["tokens"], 4, "{}", out[0]);
    assert!(out[0]["analyses"].get("p").is_none(), "{}", out[0]);
    assert_eq!(out[0]["errors"][0]["analyzer"], "p");
    let message = out[0]["errors"][0]["message"].as_str().unwrap();
    assert!(message.starts_with("could not serialize the result: key must be a string"), "{message}");
    assert_eq!(out[1]["analyses"]["p"], Value::Null);
    assert_eq!(out[1]["errors"], json!([]));
    assert_eq!(summary.documents_with_errors, 1, "{summary:?}");
}

#[test]
fn bad_inputs_each_get_a_defined_record() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::write(d.join("empty.txt"), "").unwrap();
    std::fs::write(d.join("latin1.txt"), b"Caf\xe9 au lait.").unwrap();
    std::fs::write(d.join("binary.txt"), b"\x7fELF\x00\x01\x02").unwrap();
    std::fs::write(d.join("big.txt"), "x".repeat(2 << 20)).unwrap();
    std::fs::write(
        d.join("mixed.jsonl"),
        "{\"id\":\"good\",\"text\":\"Hello.\",\"publisher\":\"nyt\"}\nnot json\n\n{\"id\":\"notext\"}\n[1,2]\n{\"text\":7}\n",
    )
    .unwrap();
    let cfg = parse("version = 1\n[analyzers.a]\nkind = \"probe\"\n").unwrap();
    let inputs = [InputSource::Path(d.to_path_buf()), InputSource::Path(d.join("missing.txt"))];
    let mut out = Vec::new();
    let opts = RunOptions { max_document_bytes: 1 << 20, ..RunOptions::default() };
    let summary = run(&cfg.pipeline, &inputs, &mut out, &opts, &mut Quiet).unwrap();
    let recs: Vec<Value> = String::from_utf8(out).unwrap().lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    let ids: Vec<&str> = recs.iter().map(|r| r["id"].as_str().unwrap()).collect();
    // Sorted folder order, every document present, the missing file last.
    assert_eq!(
        ids,
        vec!["big", "binary", "empty", "latin1", "good", "mixed:2", "notext", "mixed:5", "mixed:6", "missing"]
    );
    let err = |i: usize| recs[i]["errors"][0]["message"].as_str().unwrap().to_string();
    assert!(err(0).contains("over the limit of 1 MiB"), "{}", err(0));
    assert!(err(1).contains("binary file"), "{}", err(1));
    assert_eq!(recs[2]["analyses"]["a"]["tokens"], 0);
    assert_eq!(recs[2]["errors"], json!([]));
    // "Caf", U+FFFD, "au", "lait", "."
    assert_eq!(recs[3]["analyses"]["a"]["tokens"], 5);
    assert!(recs[3]["warnings"][0].as_str().unwrap().contains("not valid UTF-8"));
    assert_eq!(recs[4]["meta"], json!({"publisher": "nyt"}));
    assert!(err(5).contains("mixed.jsonl:2: not valid JSON"), "{}", err(5));
    assert!(err(6).contains("mixed.jsonl:4: the record has no `text` field"), "{}", err(6));
    assert!(err(7).contains("mixed.jsonl:5: expected a JSON object"), "{}", err(7));
    assert!(err(8).contains("mixed.jsonl:6: `text` must be a string"), "{}", err(8));
    assert!(err(9).contains("missing.txt: no such file"), "{}", err(9));
    assert_eq!(summary.documents, 10);
    assert_eq!(summary.input_errors, 7);
    assert_eq!(summary.warnings, 1);
}

#[test]
fn json_format_is_one_valid_array() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("a.txt"), "One.").unwrap();
    std::fs::write(dir.path().join("b.txt"), "Two words.").unwrap();
    let cfg = parse("version = 1\n[analyzers.a]\nkind = \"probe\"\n").unwrap();
    let mut out = Vec::new();
    let opts = RunOptions { format: OutputFormat::Json, ..RunOptions::default() };
    run(&cfg.pipeline, &[InputSource::Path(dir.path().to_path_buf())], &mut out, &opts, &mut Quiet).unwrap();
    let v: Value = serde_json::from_slice(&out).unwrap();
    assert_eq!(v.as_array().unwrap().len(), 2);
    let mut empty = Vec::new();
    run(&cfg.pipeline, &[], &mut empty, &opts, &mut Quiet).unwrap();
    assert_eq!(serde_json::from_slice::<Value>(&empty).unwrap(), json!([]));
}

#[test]
fn a_large_single_document_is_analyzed() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("huge.txt");
    std::fs::write(&path, "Mr. Putin met Mr. Xi in Moscow. ".repeat(50 << 20 >> 5)).unwrap();
    let cfg = parse("version = 1\n[analyzers.a]\nkind = \"probe\"\n").unwrap();
    let out = run_to_lines(&cfg, &[InputSource::Path(path)], 2, 4);
    assert_eq!(out.len(), 1);
    assert_eq!(out[0]["errors"], json!([]));
    // Mr. Putin met Mr. Xi in Moscow .
    assert_eq!(out[0]["analyses"]["a"]["tokens"], 8 * (50 << 20 >> 5));
}

/// A writer that accepts `budget` bytes and then fails like a closed pipe.
struct ClosedPipe {
    budget: usize,
}

impl std::io::Write for ClosedPipe {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        if self.budget == 0 {
            return Err(std::io::Error::from(std::io::ErrorKind::BrokenPipe));
        }
        let n = buf.len().min(self.budget);
        self.budget -= n;
        Ok(n)
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[test]
fn a_closed_output_stops_the_run_instead_of_hanging() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("many.jsonl");
    let line = "{\"id\":\"x\",\"text\":\"Some words here.\"}\n";
    std::fs::write(&path, line.repeat(5000)).unwrap();
    let cfg = parse("version = 1\n[analyzers.a]\nkind = \"probe\"\n").unwrap();
    let opts = RunOptions { threads: 2, batch_size: 4, ..RunOptions::default() };
    let (done_tx, done_rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let result = run(&cfg.pipeline, &[InputSource::Path(path)], &mut ClosedPipe { budget: 100 }, &opts, &mut Quiet);
        let _ = done_tx.send(result.map(|_| ()).map_err(|e| e.to_string()));
    });
    let result = done_rx.recv_timeout(std::time::Duration::from_secs(60)).expect("run hung after its output closed");
    assert!(result.unwrap_err().contains("cannot write output"));
}

/// A writer that hands every write to a channel, as it happens.
struct Sent(std::sync::mpsc::Sender<Vec<u8>>);

impl std::io::Write for Sent {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let _ = self.0.send(buf.to_vec());
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[cfg(unix)]
#[test]
fn a_record_is_written_before_the_next_document_arrives() {
    use std::io::Write;
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("stream.jsonl");
    let made = std::process::Command::new("mkfifo").arg(&fifo).status().unwrap();
    assert!(made.success(), "mkfifo failed");
    let cfg = parse("version = 1\n[analyzers.a]\nkind = \"probe\"\n").unwrap();
    let (out_tx, out_rx) = std::sync::mpsc::channel();
    let input = InputSource::Path(fifo.clone());
    let runner = std::thread::spawn(move || {
        let opts = RunOptions { threads: 2, ..RunOptions::default() };
        run(&cfg.pipeline, &[input], &mut Sent(out_tx), &opts, &mut Quiet).map(|_| ()).map_err(|e| e.to_string())
    });
    // Opening blocks until the runner opens the other end.
    let mut feed = std::fs::OpenOptions::new().write(true).open(&fifo).unwrap();
    feed.write_all(b"{\"id\":\"first\",\"text\":\"One document.\"}\n").unwrap();
    // Its record comes while the input is still open, not with the next document.
    let mut written = Vec::new();
    while !written.contains(&b'\n') {
        let piece = out_rx
            .recv_timeout(std::time::Duration::from_secs(60))
            .expect("the first record was held back until more input came");
        written.extend(piece);
    }
    assert!(String::from_utf8_lossy(&written).starts_with("{\"id\":\"first\""));
    feed.write_all(b"{\"id\":\"second\",\"text\":\"Another.\"}\n").unwrap();
    drop(feed);
    runner.join().unwrap().unwrap();
    written.extend(out_rx.try_iter().flatten());
    let ids: Vec<String> = String::from_utf8(written)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str::<Value>(l).unwrap()["id"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(ids, ["first", "second"]);
}
