//! End-to-end: the bench on the seed articles with the repository's default config, and accuracy
//! on small gold files written here.
#![allow(missing_docs, clippy::unwrap_used)]

use lede_bench::{BenchOptions, GoldSpec, ProfileOptions, ThroughputOptions, bench, load_config};
use lede_eval::Task;
use lede_runner::{Config, InputSource};
use std::path::{Path, PathBuf};

const SEEDS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../seeds");
const CONFIG: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../config/pipeline.toml");

fn default_config() -> Config {
    load_config(Path::new(CONFIG)).unwrap().0
}

fn config_from(dir: &Path, text: &str) -> Config {
    let path = dir.join("pipeline.toml");
    std::fs::write(&path, text).unwrap();
    load_config(&path).unwrap().0
}

#[test]
fn profile_times_every_configured_analyzer_on_the_seeds() {
    let config = default_config();
    let seeds = [InputSource::Path(PathBuf::from(SEEDS))];
    let p = lede_bench::profile(&config.pipeline, &seeds, &ProfileOptions::default());
    assert_eq!(p.documents, 5);
    assert!(p.bytes > 10_000);
    let names: Vec<&str> = p.stages.iter().map(|s| s.name.as_str()).collect();
    assert_eq!(names.first(), Some(&"read"));
    assert_eq!(names.get(1), Some(&"segmentation"));
    assert_eq!(names.last(), Some(&"serialize"));
    for analyzer in config.pipeline.names() {
        let stage = p.stages.iter().find(|s| s.name == analyzer).unwrap();
        assert!(stage.analyzer);
        assert_eq!(stage.errors, 0, "{analyzer} failed on a seed");
        assert!(stage.seconds > 0.0 && stage.mb_per_s > 0.0);
    }
    // Dependencies run first: every analyzer comes after the ones it reads.
    for (i, s) in p.stages.iter().enumerate() {
        for d in &s.dependencies {
            assert!(names.iter().position(|n| n == d).unwrap() < i, "{} runs before its dependency {d}", s.name);
        }
    }
    let shares: f64 = p.stages.iter().map(|s| s.share).sum();
    assert!((shares - 1.0).abs() < 1e-9);
    assert!(p.mb_per_s > 0.0);
}

#[test]
fn throughput_runs_each_thread_count_once_and_counts_every_document() {
    let seeds = [InputSource::Path(PathBuf::from(SEEDS))];
    let opts = ThroughputOptions { threads: vec![1, 2, 1], runs: 2, ..Default::default() };
    // A pipeline built anew for each thread count (counted here): its first run starts with
    // every cache empty.
    let built = std::cell::Cell::new(0);
    let build = || {
        built.set(built.get() + 1);
        Ok(default_config().pipeline)
    };
    let runs = lede_bench::throughput(build, &seeds, &opts).unwrap();
    assert_eq!(built.get(), 2);
    assert_eq!(runs.iter().map(|r| r.threads).collect::<Vec<_>>(), vec![1, 2]);
    for r in &runs {
        assert_eq!(r.documents, 5);
        assert_eq!(r.seconds.len(), 2);
        assert_eq!(r.documents_with_errors, 0);
        assert!(r.mb_per_s > 0.0 && r.docs_per_s > 0.0);
        assert!(r.speedup.is_some());
        // The first run on new workers is timed apart from the `runs` after it.
        assert!(r.first_seconds > 0.0 && r.first_mb_per_s > 0.0);
        assert!(r.first_speedup.is_some());
    }
    assert_eq!(runs[0].speedup, Some(1.0));
    assert_eq!(runs[0].first_speedup, Some(1.0));
}

#[test]
fn accuracy_scores_each_task_the_gold_file_holds() {
    let dir = tempfile::tempdir().unwrap();
    let gold = dir.path().join("gold.jsonl");
    // A text of our own: two names with their CoNLL types.
    let text = "Martina Olsen, the mayor of Bergen, said on Friday that the bridge would reopen.";
    let record = serde_json::json!({
        "id": "own-1",
        "text": text,
        "entities": [{"start": 0, "end": 13, "type": "PER"}, {"start": 28, "end": 34, "type": "LOC"}],
    });
    std::fs::write(&gold, format!("{record}\n")).unwrap();
    let config = default_config();
    let result =
        lede_bench::accuracy(&config.pipeline, &[GoldSpec { task: None, analyzer: None, path: gold.clone() }]).unwrap();
    assert_eq!(result.tasks.len(), 1);
    let t = &result.tasks[0];
    assert_eq!((t.task, t.analyzer.as_str(), t.documents), (Task::Entity, "entity", 1));
    assert_eq!(t.report.overall.coverage.gold_docs, 1);
    assert_eq!(t.figures[0].name, "F1");
    assert!(t.figures[0].value.is_some_and(|f| (0.0..=1.0).contains(&f)));
    assert_eq!(result.bytes, text.len() as u64);

    // Asking for a task the pipeline has no analyzer for is reported, not an error.
    let only_sentiment = config_from(dir.path(), "version = 1\n[analyzers.sentiment]\nkind = \"sentiment\"\n");
    let result = lede_bench::accuracy(
        &only_sentiment.pipeline,
        &[GoldSpec { task: Some(Task::Entity), analyzer: None, path: gold.clone() }],
    )
    .unwrap();
    assert!(result.tasks.is_empty());
    assert!(result.skipped[0].contains("no analyzer of kind `entity`"), "{:?}", result.skipped);

    // An analyzer of another name is found by its kind, or named with TASK:NAME=FILE.
    let renamed = config_from(dir.path(), "version = 1\n[analyzers.ner]\nkind = \"entity\"\n");
    let by_kind = GoldSpec { task: None, analyzer: None, path: gold.clone() };
    let named: GoldSpec = format!("entity:ner={}", gold.display()).parse().unwrap();
    let missing: GoldSpec = format!("entity:nope={}", gold.display()).parse().unwrap();
    let result = lede_bench::accuracy(&renamed.pipeline, &[by_kind, named, missing]).unwrap();
    assert_eq!(result.tasks.iter().map(|t| t.analyzer.as_str()).collect::<Vec<_>>(), vec!["ner", "ner"]);
    assert!(result.skipped[0].contains("no analyzer named `nope`"), "{:?}", result.skipped);
}

#[test]
fn sentiment_gold_gives_correlations() {
    let dir = tempfile::tempdir().unwrap();
    let gold = dir.path().join("rated.jsonl");
    let lines = [
        ("a", "What a wonderful, delightful surprise this was.", 3.1),
        ("b", "The service was slow and the food was awful.", -2.6),
        ("c", "The meeting starts at nine.", 0.1),
        ("d", "I hate how terrible and broken this is.", -3.2),
    ];
    let content: String = lines
        .iter()
        .map(|(id, text, score)| format!("{}\n", serde_json::json!({"id": id, "text": text, "score": score})))
        .collect();
    std::fs::write(&gold, content).unwrap();
    let config = default_config();
    let result =
        lede_bench::accuracy(&config.pipeline, &[GoldSpec { task: None, analyzer: None, path: gold }]).unwrap();
    let t = result.tasks.iter().find(|t| t.task == Task::Sentiment).unwrap();
    assert_eq!(t.figures[0].name, "pearson r");
    assert!(t.figures[0].value.is_some_and(|r| r > 0.5), "{:?}", t.figures);
}

#[test]
fn a_bad_gold_file_is_an_error_naming_it() {
    let dir = tempfile::tempdir().unwrap();
    let gold = dir.path().join("bad.jsonl");
    std::fs::write(&gold, "{\"id\": \"x\", \"entities\": []}\n").unwrap();
    let config = default_config();
    let err =
        lede_bench::accuracy(&config.pipeline, &[GoldSpec { task: None, analyzer: None, path: gold }]).unwrap_err();
    let msg = err.to_string();
    assert!(msg.contains("bad.jsonl") && msg.contains("text"), "{msg}");
}

#[test]
fn the_report_names_the_machine_and_every_measurement() {
    let config = default_config();
    let seeds = [InputSource::Path(PathBuf::from(SEEDS))];
    let opts = BenchOptions {
        repeat: 2,
        throughput: Some(ThroughputOptions { threads: vec![1], runs: 1, ..Default::default() }),
        ..BenchOptions::default()
    };
    let report = bench(&config, &seeds, &opts, None).unwrap();
    assert_eq!(report.profile.as_ref().map(|p| p.documents), Some(10));
    assert_eq!(report.throughput[0].documents, 10);
    let md = report.to_markdown();
    for needle in ["## lede bench", "load average", "| entity", "| threads", "(read 2 times)"] {
        assert!(md.contains(needle), "no {needle:?} in\n{md}");
    }
    let json = serde_json::to_value(&report).unwrap();
    assert!(json["machine"]["cores"].as_u64().is_some_and(|c| c >= 1));
}
