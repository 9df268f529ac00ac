//! Throughput of the entity analyzer alone (documents segmented beforehand) on the news corpus
//! in `../shared/data/corpus/news/articles.jsonl`, or on the seed articles when it is absent.

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use lede_core::Document;
use lede_entity::EntityAnalyzer;
use std::hint::black_box;

fn corpus() -> Vec<Document> {
    let root = concat!(env!("CARGO_MANIFEST_DIR"), "/../..");
    let news = format!("{root}/../shared/data/corpus/news/articles.jsonl");
    if let Ok(data) = std::fs::read_to_string(&news) {
        return data
            .lines()
            .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
            .filter_map(|v| Some(Document::new(v["id"].as_str()?.to_string(), v["text"].as_str()?.to_string(), None)))
            .collect();
    }
    let mut docs = Vec::new();
    if let Ok(dir) = std::fs::read_dir(format!("{root}/seeds")) {
        for e in dir.filter_map(Result::ok) {
            if let Ok(text) = std::fs::read_to_string(e.path()) {
                docs.push(Document::new(e.file_name().to_string_lossy().to_string(), text, None));
            }
        }
    }
    docs
}

fn bench(c: &mut Criterion) {
    let docs = corpus();
    let tokens: usize = docs.iter().map(|d| d.segmentation().tokens.len()).sum();
    let analyzer = EntityAnalyzer::embedded().expect("embedded model");
    let mut group = c.benchmark_group("entity");
    group.sample_size(10);
    group.throughput(Throughput::Elements(tokens as u64));
    group.bench_function("analyze_corpus_tokens", |b| {
        b.iter(|| {
            let mut n = 0;
            for d in &docs {
                n += analyzer.analyze_doc(black_box(d)).entities.len();
            }
            n
        })
    });
    group.finish();
    c.bench_function("entity_load_model", |b| b.iter(|| EntityAnalyzer::embedded().expect("model")));
}

criterion_group!(benches, bench);
criterion_main!(benches);
