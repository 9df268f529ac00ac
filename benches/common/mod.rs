//! Shared set-up of the benches: the corpus and the default pipeline.
//!
//! The corpus is `$LEDE_BENCH_CORPUS` (a `.jsonl` file or a folder) when set, else the news corpus
//! at `../shared/data/corpus/news/articles.jsonl` beside the repository when present, else the
//! sample articles in `seeds/`.

#![allow(dead_code)]

use lede_core::Document;
use lede_runner::{Config, InputSource, read_all};
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

/// The default pipeline of `config/pipeline.toml`.
pub fn default_config() -> Config {
    let path =
        std::env::var("LEDE_BENCH_CONFIG").map(PathBuf::from).unwrap_or_else(|_| root().join("config/pipeline.toml"));
    Config::load(&path, &lede_builtins::registry()).unwrap_or_else(|e| panic!("{e}"))
}
