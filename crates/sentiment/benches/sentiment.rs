//! Throughput of the sentiment analyzer alone on already segmented documents.
#![allow(missing_docs)]

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use lede_core::Document;
use lede_sentiment::SentimentAnalyzer;

fn bench(c: &mut Criterion) {
    let path = std::env::var("LEDE_BENCH_CORPUS").unwrap_or_else(|_| {
        concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared/data/corpus/news/articles.jsonl").to_string()
    });
    let docs: Vec<Document> = match std::fs::read_to_string(&path) {
        Ok(src) => src
            .lines()
            .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
            .filter_map(|v| Some(Document::new(v.get("id")?.as_str()?, v.get("text")?.as_str()?, None)))
            .collect(),
        Err(_) => {
            let seeds = concat!(env!("CARGO_MANIFEST_DIR"), "/../../seeds");
            std::fs::read_dir(seeds)
                .into_iter()
                .flatten()
                .filter_map(|e| e.ok())
                .filter_map(|e| Some(Document::new("seed", std::fs::read_to_string(e.path()).ok()?, None)))
                .collect()
        }
    };
    let bytes: usize = docs.iter().map(|d| d.text().len()).sum();
    let analyzer = SentimentAnalyzer::default();
    let mut g = c.benchmark_group("sentiment");
    g.throughput(Throughput::Bytes(bytes as u64));
    g.sample_size(20);
    g.bench_function("news_corpus", |b| {
        b.iter(|| {
            let mut acc = 0.0f32;
            for d in &docs {
                acc += analyzer.analyze_document(d, None, None).score;
            }
            acc
        })
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
