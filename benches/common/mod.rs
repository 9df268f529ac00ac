//! Shared set-up of the benches: the corpus, the pipeline, and a one-thread pipeline runner.
//!
//! The corpus is `$LEDE_BENCH_CORPUS` (a `.jsonl` file, a text file or a folder) when set, else
//! the news corpus at `../shared/data/corpus/news/articles.jsonl` beside the repository when
//! present, else the sample articles in `seeds/`. The pipeline is `$LEDE_BENCH_CONFIG` when set,
//! else `config/pipeline.toml`: a plugin author points it at a config that adds their plugin, and
//! every bench then covers the plugin too.

#![allow(dead_code)]

use criterion::Throughput;

/// The allocator of the `lede` binary, so that the benches measure what users run.
#[global_allocator]
static ALLOC: mimalloc::MiMalloc = mimalloc::MiMalloc;

use lede_core::{AnalysisResult, Dependencies, Document};
use lede_runner::{Config, InputSource, Pipeline, read_all};
use std::path::PathBuf;

/// The repository root.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Where the bench corpus comes from.
pub fn corpus_source() -> PathBuf {
    if let Ok(p) = std::env::var("LEDE_BENCH_CORPUS") {
        return PathBuf::from(p);
    }
    let news = root().join("../shared/data/corpus/news/articles.jsonl");
    if news.exists() { news } else { root().join("seeds") }
}

/// The corpus as `(id, text)` pairs, read once.
pub fn corpus() -> Vec<(String, String)> {
    let source = corpus_source();
    let mut docs = Vec::new();
    read_all(&[InputSource::Path(source.clone())], usize::MAX, |raw| {
        if let Ok(text) = raw.text {
            docs.push((raw.id, text));
        }
        true
    });
    assert!(!docs.is_empty(), "no documents in {}", source.display());
    eprintln!("bench corpus: {} ({} documents, {:.2} MB)", source.display(), docs.len(), bytes(&docs) as f64 / 1e6);
    docs
}

/// Total bytes of text.
pub fn bytes(docs: &[(String, String)]) -> u64 {
    docs.iter().map(|(_, t)| t.len() as u64).sum()
}

/// Documents and bytes per pass over the corpus: criterion reports both documents/s and
/// bytes/s (in MiB/s: 1 MiB/s = 1.048576 MB/s).
pub fn throughput(docs: &[(String, String)]) -> Throughput {
    Throughput::ElementsAndBytes { elements: docs.len() as u64, bytes: bytes(docs) }
}

/// Documents, segmented (segmentation is forced so analyzer benches do not pay for it).
pub fn documents(docs: &[(String, String)]) -> Vec<Document> {
    docs.iter()
        .map(|(id, text)| {
            let d = Document::new(id.clone(), text.clone(), None);
            d.segmentation();
            d
        })
        .collect()
}

/// The pipeline config: `$LEDE_BENCH_CONFIG`, else `config/pipeline.toml`.
pub fn default_config() -> Config {
    let path =
        std::env::var("LEDE_BENCH_CONFIG").map(PathBuf::from).unwrap_or_else(|_| root().join("config/pipeline.toml"));
    let config = Config::load(&path, &lede_builtins::registry()).unwrap_or_else(|e| panic!("{e}"));
    eprintln!("bench pipeline: {} ({})", path.display(), config.pipeline.names().join(", "));
    config
}

/// Runs every analyzer of `pipeline` on `doc` on the calling thread, in dependency order, and
/// returns their results (failed analyzers are left out, as the runner does).
pub fn analyze_sequential(pipeline: &Pipeline, doc: &Document) -> Vec<(String, AnalysisResult)> {
    let mut results: Vec<(String, AnalysisResult)> = Vec::new();
    for name in pipeline.layers().into_iter().flatten() {
        let Some((analyzer, deps)) = pipeline.analyzer(name) else { continue };
        let dep_results: Vec<(&str, &AnalysisResult)> =
            results.iter().filter(|(n, _)| deps.contains(&n.as_str())).map(|(n, v)| (n.as_str(), v)).collect();
        if dep_results.len() < deps.len() {
            continue;
        }
        if let Ok(v) = analyzer.analyze_dyn(doc, &Dependencies::new(&dep_results)) {
            results.push((name.to_string(), v));
        }
    }
    results
}
