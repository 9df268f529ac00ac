//! Loads the example and fixture plugins through the runner, the way `lede run` does.
#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

mod support;

use lede_core::schema::{Entity, EntityOutput, EntityType, Mention};
use lede_core::{Analyzer, AnalyzerError, AnalyzerKind, BuildContext, BuildError, Dependencies, Document, DynAnalyzer};
use lede_core::{Options, Registry};
use lede_plugin_host::plugin_kind;
use lede_runner::{Config, InputSource, Quiet, RunOptions};
use serde_json::{Value, json};
use std::path::{Path, PathBuf};
use support::lib;

/// A stand-in for the entity analyzer (being written elsewhere): tags a few fixed names.
struct FakeEntities;

impl Analyzer for FakeEntities {
    type Output = EntityOutput;
    fn name(&self) -> &str {
        "fake-entity"
    }
    fn analyze(&self, doc: &Document, _deps: &Dependencies<'_>) -> Result<EntityOutput, AnalyzerError> {
        let text = doc.text();
        let mut out = EntityOutput::default();
        for (name, ty) in [
            ("France", EntityType::Location),
            ("Kenya", EntityType::Location),
            ("Nairobi", EntityType::Location),
            ("French", EntityType::Misc),
            ("Amina Odhiambo", EntityType::Person),
        ] {
            let mentions: Vec<Mention> = text
                .match_indices(name)
                .map(|(i, m)| Mention { start: i as u32, end: (i + m.len()) as u32, text: m.to_string() })
                .collect();
            if let Some(first) = mentions.first() {
                out.entities.push(Entity {
                    name: name.to_string(),
                    entity_type: ty,
                    count: mentions.len(),
                    first: first.start,
                    titles: Vec::new(),
                    mentions,
                });
            }
        }
        Ok(out)
    }
}

fn fake_entity_kind() -> AnalyzerKind {
    fn build(_: &Options<'_>, _: &BuildContext<'_>) -> Result<Box<dyn DynAnalyzer>, BuildError> {
        Ok(Box::new(FakeEntities))
    }
    AnalyzerKind { kind: "fake-entity", summary: "test stand-in", options: "", build }
}

fn registry() -> Registry {
    let mut r = Registry::new();
    r.register(plugin_kind()).register(fake_entity_kind());
    r
}

/// A TOML string literal for a path.
fn toml_path(p: &Path) -> String {
    toml_str(&p.to_string_lossy())
}

fn toml_str(s: &str) -> String {
    Value::from(s).to_string()
}

fn parse(src: &str, dir: &Path) -> Result<Config, String> {
    Config::parse(src, &dir.join("pipeline.toml"), &registry()).map_err(|e| e.to_string())
}

fn parse_ok(src: &str) -> Config {
    let dir = tempfile::tempdir().unwrap();
    parse(src, dir.path()).unwrap_or_else(|e| panic!("config failed:\n{e}"))
}

fn parse_err(src: &str) -> String {
    let dir = tempfile::tempdir().unwrap();
    match parse(src, dir.path()) {
        Ok(_) => panic!("config unexpectedly valid:\n{src}"),
        Err(e) => e,
    }
}

fn plugin_table(name: &str, path: &Path, extra: &str) -> String {
    format!("[analyzers.{name}]\nkind = \"plugin\"\npath = {}\n{extra}\n", toml_path(path))
}

fn analyze(config: &Config, id: &str, text: &str) -> lede_runner::DocAnalysis {
    config.pipeline.analyze(&Document::new(id, text, None))
}

fn result<'a>(a: &'a lede_runner::DocAnalysis, name: &str) -> &'a Value {
    a.analyses
        .iter()
        .find(|(n, _)| n == name)
        .unwrap_or_else(|| panic!("no `{name}` result: {a:?}"))
        .1
        .json()
        .expect("results serialize to JSON")
}

fn error<'a>(a: &'a lede_runner::DocAnalysis, name: &str) -> &'a str {
    &a.errors
        .iter()
        .find(|e| e.analyzer.as_deref() == Some(name))
        .unwrap_or_else(|| panic!("no `{name}` error: {a:?}"))
        .message
}

fn assert_contains(haystack: &str, needles: &[&str]) {
    for n in needles {
        assert!(haystack.contains(n), "expected {n:?} in:\n{haystack}");
    }
}

#[test]
fn readability_runs_through_the_runner_with_a_relative_path() {
    let dir = tempfile::tempdir().unwrap();
    let plugin_dir = dir.path().join("plugins");
    std::fs::create_dir_all(&plugin_dir).unwrap();
    let so = lib("lede_plugin_readability");
    std::fs::copy(&so, plugin_dir.join(so.file_name().unwrap())).unwrap();
    let rel = format!("plugins/{}", so.file_name().unwrap().to_string_lossy());
    let src = format!(
        "version = 1\n[analyzers.readability]\nkind = \"plugin\"\npath = {}\nconfig = {{ long-sentence-words = 5 }}\n",
        toml_str(&rel)
    );
    let config = parse(&src, dir.path()).unwrap();
    let input = dir.path().join("docs.jsonl");
    let docs: Vec<String> = (0..12)
        .map(|i| {
            json!({"id": format!("d{i}"), "text": format!("Doc {i} is short. The second sentence of it is a good deal longer than that.")})
                .to_string()
        })
        .collect();
    std::fs::write(&input, docs.join("\n")).unwrap();
    let mut out = Vec::new();
    let opts = RunOptions { threads: 3, batch_size: 4, ..RunOptions::default() };
    let summary = lede_runner::run(&config.pipeline, &[InputSource::Path(input)], &mut out, &opts, &mut Quiet).unwrap();
    assert_eq!((summary.documents, summary.documents_with_errors), (12, 0));
    let records: Vec<Value> =
        String::from_utf8(out).unwrap().lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    for (i, r) in records.iter().enumerate() {
        assert_eq!(r["id"], format!("d{i}"));
        let rd = &r["analyses"]["readability"];
        assert_eq!(rd["sentences"], 2, "{r}");
        assert_eq!(rd["long_sentences"], 1, "{r}");
        assert!(rd["flesch_reading_ease"].as_f64().is_some(), "{r}");
    }

    // The same relative path in a config elsewhere resolves against that config's folder.
    let other = tempfile::tempdir().unwrap();
    let err = parse(&src, other.path()).expect_err("must not find the plugin");
    let expected = other.path().join(&rel);
    assert_contains(&err, &["[analyzers.readability] (plugin)", "no such file", &expected.display().to_string()]);
}

#[test]
fn countries_plugin_reads_the_entity_result() {
    let src = format!(
        "version = 1\n[analyzers.entity]\nkind = \"fake-entity\"\n{}",
        plugin_table("countries", &lib("lede_plugin_countries"), "")
    );
    let config = parse_ok(&src);
    assert_eq!(config.pipeline.layers(), vec![vec!["entity"], vec!["countries"]]);
    let text = "In Nairobi, Kenya's minister met French diplomats. France and Kenya signed; Amina Odhiambo spoke.";
    let a = analyze(&config, "d1", text);
    assert!(a.errors.is_empty(), "{:?}", a.errors);
    let countries = result(&a, "countries")["countries"].as_array().unwrap().clone();
    let codes: Vec<(&str, u64)> =
        countries.iter().map(|c| (c["code"].as_str().unwrap(), c["mentions"].as_u64().unwrap())).collect();
    assert_eq!(codes, vec![("KE", 2), ("FR", 2)]);
    for c in &countries {
        for s in c["spans"].as_array().unwrap() {
            let (start, end) = (s["start"].as_u64().unwrap() as usize, s["end"].as_u64().unwrap() as usize);
            assert_eq!(text[start..end], *s["text"].as_str().unwrap());
        }
    }
    // The entity result is also written under its own key.
    assert!(result(&a, "entity")["entities"].as_array().is_some());
}

#[test]
fn dependencies_can_be_renamed_and_must_be_configured() {
    let so = lib("lede_plugin_countries");
    // The entity analyzer under another name: rename with `requires`...
    let src = format!(
        "version = 1\n[analyzers.ner]\nkind = \"fake-entity\"\n{}",
        plugin_table("countries", &so, "requires = { entity = \"ner\" }")
    );
    let a = analyze(&parse_ok(&src), "d", "France.");
    assert_eq!(result(&a, "countries")["countries"][0]["code"], "FR");
    // ...or through the plugin's own option.
    let src = format!(
        "version = 1\n[analyzers.ner]\nkind = \"fake-entity\"\n{}",
        plugin_table("countries", &so, "config = { entities = \"ner\" }")
    );
    let a = analyze(&parse_ok(&src), "d", "Kenya.");
    assert_eq!(result(&a, "countries")["countries"][0]["code"], "KE");
    // Renaming a dependency the plugin does not declare.
    let src = format!(
        "version = 1\n[analyzers.ner]\nkind = \"fake-entity\"\n{}",
        plugin_table("countries", &so, "requires = { people = \"ner\" }")
    );
    assert_contains(&parse_err(&src), &["`requires` renames `people`", "it declares: entity"]);
    // No entity analyzer at all.
    let src = format!("version = 1\n{}", plugin_table("countries", &so, ""));
    assert_contains(&parse_err(&src), &["[analyzers.countries] depends on `entity`, which is not configured"]);
}

#[test]
fn the_plugin_sees_id_text_meta_and_dependency_results() {
    let src = format!(
        "version = 1\n[analyzers.ents]\nkind = \"fake-entity\"\n{}",
        plugin_table(
            "echo",
            &lib("lede_plugin_fixture_misbehave"),
            "config = { mode = \"echo\", requires = [\"ents\"] }"
        )
    );
    let config = parse_ok(&src);
    let mut meta = lede_core::Meta::new();
    meta.insert("source".into(), json!("wire"));
    let text = "Zoë said \"hi\"\n\tin France — twice.";
    let a = config.pipeline.analyze(&Document::new("doc-7", text, Some(meta)));
    let echo = result(&a, "echo");
    assert_eq!(echo["id"], "doc-7");
    assert_eq!(echo["text"], text);
    assert_eq!(echo["meta"], json!({"source": "wire"}));
    assert!(echo["tokens"].as_u64().unwrap() >= 8);
    assert_eq!(echo["deps"][0]["name"], "ents");
    assert_eq!(echo["deps"][0]["value"], *result(&a, "ents"));
    assert_eq!(echo["deps"][0]["value"]["entities"][0]["name"], "France");
}

#[test]
fn a_panic_in_analyze_is_an_error_for_that_document_only() {
    let so = lib("lede_plugin_fixture_misbehave");
    let src = format!(
        "version = 1\n{}{}",
        plugin_table("boom", &so, "config = { mode = \"panic-on-odd\" }"),
        plugin_table("readability", &lib("lede_plugin_readability"), "")
    );
    let config = parse_ok(&src);
    let odd = analyze(&config, "odd", "Odd");
    assert_contains(error(&odd, "boom"), &["panicked: odd length", "in plugin `boom`", &so.display().to_string()]);
    assert!(result(&odd, "readability")["words"].as_u64() == Some(1));
    // The plugin keeps working after a panic.
    let even = analyze(&config, "even", "Even");
    assert!(even.errors.is_empty(), "{:?}", even.errors);
    assert!(result(&even, "boom")["text"] == "Even");

    let src = format!("version = 1\n{}", plugin_table("boom", &so, "config = { mode = \"panic\" }"));
    let a = analyze(&parse_ok(&src), "d9", "x");
    assert_contains(error(&a, "boom"), &["panicked: fixture panic on document d9"]);
}

#[test]
fn plugin_errors_and_create_failures_name_the_plugin() {
    let so = lib("lede_plugin_fixture_misbehave");
    let src = format!("version = 1\n{}", plugin_table("picky", &so, "config = { mode = \"fail\" }"));
    let a = analyze(&parse_ok(&src), "d", "x");
    assert_contains(error(&a, "picky"), &["plugin `picky`", "fixture refuses", &so.display().to_string()]);

    let src = format!("version = 1\n{}", plugin_table("picky", &so, "config = { panic_in_create = true }"));
    assert_contains(
        &parse_err(&src),
        &["plugin `picky`", "could not be created: panicked: fixture panic in create", "pipeline.toml:5:"],
    );
    let src = format!("version = 1\n{}", plugin_table("picky", &so, "config = { bogus = 1 }"));
    assert_contains(&parse_err(&src), &["plugin `picky`", "could not be created", "unknown field `bogus`"]);
    let src = format!("version = 1\n{}", plugin_table("picky", &so, "config = 3"));
    assert_contains(&parse_err(&src), &["`config` must be a table"]);
    let src = "version = 1\n[analyzers.p]\nkind = \"plugin\"\n";
    assert_contains(&parse_err(src), &["missing field `path`"]);
}

#[test]
fn malformed_output_is_an_error_naming_plugin_and_path() {
    let raw = lib("lede_plugin_fixture_raw");
    let src = format!("version = 1\n{}", plugin_table("raw", &raw, "config = { mode = \"not-json\" }"));
    let a = analyze(&parse_ok(&src), "d", "text");
    assert_contains(
        error(&a, "raw"),
        &["plugin `raw`", &raw.display().to_string(), "malformed output (not JSON", "this is {not json"],
    );

    let src = format!("version = 1\n{}", plugin_table("raw", &raw, "config = { mode = \"bad-status\" }"));
    let a = analyze(&parse_ok(&src), "d", "text");
    assert_contains(error(&a, "raw"), &["plugin `raw`", "unknown status 7"]);

    let so = lib("lede_plugin_fixture_misbehave");
    let src = format!("version = 1\n{}", plugin_table("spans", &so, "config = { mode = \"bad-span\" }"));
    let a = analyze(&parse_ok(&src), "d", "four");
    assert_contains(
        error(&a, "spans"),
        &["plugin `spans`", "malformed output: span 0..104 at /items/0 lies outside the text (4 bytes)"],
    );
}

#[test]
fn load_failures_are_clear() {
    let wrong = lib("lede_plugin_fixture_wrong_abi");
    let src = format!("version = 1\n{}", plugin_table("future", &wrong, ""));
    assert_contains(
        &parse_err(&src),
        &[
            "[analyzers.future] (plugin)",
            &format!("cannot load {}", wrong.display()),
            "plugin `future`: ABI version mismatch: the plugin speaks ABI version 999, this lede speaks version 1",
        ],
    );

    let missing = lib("lede_plugin_fixture_missing_symbol");
    let src = format!("version = 1\n{}", plugin_table("half", &missing, ""));
    assert_contains(
        &parse_err(&src),
        &[&format!("cannot load {}", missing.display()), "plugin `half`: missing symbol `lede_plugin_create`"],
    );

    let garbage = support::fixtures().join("garbage.so");
    let src = format!("version = 1\n{}", plugin_table("junk", &garbage, ""));
    assert_contains(
        &parse_err(&src),
        &[&format!("cannot load {}", garbage.display()), "plugin `junk`: not a loadable dynamic library"],
    );

    let abort = lib("lede_plugin_fixture_abort");
    let src = format!("version = 1\n{}", plugin_table("fragile", &abort, ""));
    assert_contains(&parse_err(&src), &["plugin `fragile`", "panic = \"abort\""]);

    let nowhere = PathBuf::from("/nonexistent/libnothing.so");
    let src = format!("version = 1\n{}", plugin_table("ghost", &nowhere, ""));
    assert_contains(&parse_err(&src), &["cannot load /nonexistent/libnothing.so: plugin `ghost`: no such file"]);
}

#[test]
fn a_plugin_that_is_not_thread_safe_is_called_one_at_a_time() {
    let raw = lib("lede_plugin_fixture_raw");
    let src = format!("version = 1\n{}", plugin_table("raw", &raw, "config = { mode = \"ok\" }"));
    let config = parse_ok(&src);
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("many.jsonl");
    let lines: Vec<String> =
        (0..200).map(|i| json!({"id": i.to_string(), "text": "x".repeat(i)}).to_string()).collect();
    std::fs::write(&input, lines.join("\n")).unwrap();
    let mut out = Vec::new();
    let opts = RunOptions { threads: 4, batch_size: 16, ..RunOptions::default() };
    let summary = lede_runner::run(&config.pipeline, &[InputSource::Path(input)], &mut out, &opts, &mut Quiet).unwrap();
    assert_eq!((summary.documents, summary.documents_with_errors), (200, 0));
    let mut calls: Vec<u64> = String::from_utf8(out)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str::<Value>(l).unwrap()["analyses"]["raw"]["calls"].as_u64().unwrap())
        .collect();
    calls.sort_unstable();
    // The call counter is an unsynchronized Cell: serialized calls count 1..=200 exactly.
    assert_eq!(calls, (1..=200).collect::<Vec<u64>>());
}

#[test]
fn a_plugin_written_in_c_loads_and_runs() {
    let Some(so) = support::c_plugin() else {
        eprintln!("no C compiler (cc): skipping the C plugin test");
        return;
    };
    let src = format!("version = 1\n{}", plugin_table("wc", &so, ""));
    let config = parse_ok(&src);
    let a = analyze(&config, "c\"1", "Three \"quoted\"\twords\nand\u{e9}more here");
    assert!(a.errors.is_empty(), "{:?}", a.errors);
    assert_eq!(*result(&a, "wc"), json!({"words": 5}));
}

/// `lede plugin new NAME`, then build, then load: the "Writing a plugin" walk-through.
#[test]
fn a_scaffolded_plugin_builds_and_loads() {
    let dir = tempfile::tempdir().unwrap();
    let sdk = support::workspace().join("crates/plugin-sdk");
    let crate_dir = lede_plugin_host::scaffold_with_sdk(dir.path(), "hello-words", &sdk).unwrap();
    // Reuse the workspace's lock file so the build resolves offline, with the same versions.
    std::fs::copy(support::workspace().join("Cargo.lock"), crate_dir.join("Cargo.lock")).unwrap();
    let manifest = crate_dir.join("Cargo.toml");
    let libs = support::cargo_build(&["--offline", "--manifest-path", manifest.to_str().unwrap()], false);
    let so = libs.get("lede_plugin_hello_words").expect("the skeleton builds a cdylib");

    // The snippet the skeleton suggests, pointed at the built library.
    let snippet = std::fs::read_to_string(crate_dir.join("pipeline.toml")).unwrap();
    assert!(snippet.contains("[analyzers.hello-words]"), "{snippet}");
    let snippet: String = snippet
        .lines()
        .map(|l| if l.starts_with("path = ") { format!("path = {}", toml_path(so)) } else { l.to_string() })
        .collect::<Vec<_>>()
        .join("\n");
    let config = parse_ok(&format!("version = 1\n{snippet}\n"));
    let a = analyze(&config, "d", "Tiny words, then extraordinarily lengthy vocabulary.");
    assert_eq!(*result(&a, "hello-words"), json!({"words": 6, "long_words": 3}));

    // And its own tests pass.
    let status = std::process::Command::new(env!("CARGO"))
        .args(["test", "--offline", "-q", "--manifest-path", manifest.to_str().unwrap(), "--target-dir"])
        .arg(support::target_dir())
        .env_remove("CARGO_TARGET_DIR")
        .status()
        .unwrap();
    assert!(status.success());
}
