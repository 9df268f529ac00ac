//! The cost of the plugin ABI round trip: a trivial analyzer called in-process versus the same
//! analyzer built as a plugin and called through the C ABI (request JSON out, result JSON back,
//! buffers freed by the plugin), per document and per MB of text.
//!
//! Corpus: ../shared/data/corpus/news/articles.jsonl beside the workspace when present (or `LEDE_BENCH_CORPUS`),
//! else the seeds. Run: `cargo bench -p lede-plugin-host --bench abi_roundtrip`.
#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

#[path = "../tests/support/mod.rs"]
mod support;

#[path = "../tests/fixtures/misbehave/src/trivial.rs"]
mod trivial;

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use lede_core::{Dependencies, Document, DynAnalyzer};
use std::hint::black_box;
use std::path::{Path, PathBuf};

fn corpus() -> (String, Vec<Document>) {
    let news = std::env::var_os("LEDE_BENCH_CORPUS").map(PathBuf::from).unwrap_or_else(|| {
        PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared/data/corpus/news/articles.jsonl"))
    });
    if let Ok(text) = std::fs::read_to_string(&news) {
        let docs: Vec<Document> = text
            .lines()
            .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
            .filter_map(|v| {
                let id = v["id"].as_str()?.to_string();
                let text = v["text"].as_str()?.to_string();
                Some(Document::new(id, text, None))
            })
            .collect();
        if !docs.is_empty() {
            return (news.display().to_string(), docs);
        }
    }
    let seeds = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../seeds");
    let mut docs = Vec::new();
    for entry in std::fs::read_dir(&seeds).unwrap().flatten() {
        let p = entry.path();
        if p.extension().is_some_and(|e| e == "txt") {
            docs.push(Document::new(p.display().to_string(), std::fs::read_to_string(&p).unwrap(), None));
        }
    }
    ("seeds".into(), docs)
}

fn bench(c: &mut Criterion) {
    let libs = support::build_all(true);
    let so = libs.get("lede_plugin_fixture_misbehave").expect("fixture built");
    let plugin = lede_plugin_host::load("trivial", so, &serde_json::json!({"mode": "trivial"})).expect("loads");
    let native = trivial::Trivial;
    let (source, docs) = corpus();
    let bytes: usize = docs.iter().map(|d| d.text().len()).sum();
    eprintln!("corpus: {source}: {} documents, {bytes} bytes", docs.len());
    // A document of median length for the per-document figure.
    let mut by_len: Vec<&Document> = docs.iter().collect();
    by_len.sort_by_key(|d| d.text().len());
    let median = by_len[by_len.len() / 2];
    let deps = Dependencies::none();
    // Same answers both ways.
    assert_eq!(plugin.analyze_json(median, &deps).unwrap(), native.analyze_json(median, &deps).unwrap());

    let analyzers: [(&str, &dyn DynAnalyzer); 2] = [("in_process", &native), ("plugin_abi", &plugin)];
    let mut g = c.benchmark_group("abi_per_document");
    g.throughput(Throughput::Elements(1));
    for (name, a) in analyzers {
        g.bench_with_input(BenchmarkId::new(name, median.text().len()), median, |b, doc| {
            b.iter(|| a.analyze_json(black_box(doc), &deps).unwrap())
        });
    }
    g.finish();

    let mut g = c.benchmark_group("abi_per_corpus");
    g.throughput(Throughput::Bytes(bytes as u64));
    g.sample_size(10);
    for (name, a) in analyzers {
        g.bench_function(BenchmarkId::new(name, docs.len()), |b| {
            b.iter(|| {
                for d in &docs {
                    black_box(a.analyze_json(d, &deps).unwrap());
                }
            })
        });
    }
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
