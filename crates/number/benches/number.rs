//! Throughput of the number analyzer alone on the news corpus (documents pre-segmented).
//!
//! Reads `LEDE_NEWS` (default `../shared/data/corpus/news/articles.jsonl` beside the workspace); without it, a
//! synthetic text is used.

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use lede_core::{Analyzer, Dependencies, Document};
use lede_number::NumberAnalyzer;
use std::hint::black_box;

fn load() -> Vec<Document> {
    let path = std::env::var("LEDE_NEWS").unwrap_or_else(|_| {
        concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared/data/corpus/news/articles.jsonl").into()
    });
    match std::fs::read_to_string(&path) {
        Ok(src) => src
            .lines()
            .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
            .enumerate()
            .map(|(i, v)| Document::new(i.to_string(), v["text"].as_str().unwrap_or(""), None))
            .collect(),
        Err(_) => {
            let text = "The 2 leaders met on Tuesday. Japan pledged $470 million in aid, about 2 p.c of output, \
                        over 40 occasions since 2014, and the first of three 2,600-mile pipelines. "
                .repeat(2000);
            vec![Document::new("synthetic", text, None)]
        }
    }
}

fn bench(c: &mut Criterion) {
    let docs = load();
    // Segmentation is lazy and shared by every analyzer: do it before measuring.
    let tokens: usize = docs.iter().map(|d| d.segmentation().tokens.len()).sum();
    std::hint::black_box(tokens);
    let bytes: usize = docs.iter().map(|d| d.text().len()).sum();
    let analyzer = NumberAnalyzer::default();
    let mut g = c.benchmark_group("number");
    g.throughput(Throughput::Bytes(bytes as u64));
    g.sample_size(10);
    g.bench_function("news-corpus", |b| {
        b.iter(|| {
            let mut n = 0usize;
            for d in &docs {
                if let Ok(out) = analyzer.analyze(d, &Dependencies::none()) {
                    n += out.numbers.len();
                }
            }
            black_box(n)
        })
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
