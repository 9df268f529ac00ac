//! Throughput of the quote analyzer alone, given the segmentation and the entity result:
//! `cargo bench -p lede-quote --bench quote`. Reads the seed articles (repeated to a few MB).
use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use lede_core::Document;
use lede_core::schema::EntityOutput;
use lede_quote::QuoteAnalyzer;
use std::hint::black_box;

fn corpus() -> Vec<String> {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../../seeds");
    let mut texts = Vec::new();
    if let Ok(rd) = std::fs::read_dir(dir) {
        let mut paths: Vec<_> = rd.filter_map(Result::ok).map(|e| e.path()).collect();
        paths.sort();
        for p in paths {
            if p.extension().is_some_and(|e| e == "txt") {
                if let Ok(t) = std::fs::read_to_string(&p) {
                    texts.push(t);
                }
            }
        }
    }
    texts
}

fn bench(c: &mut Criterion) {
    let entity = lede_entity::EntityAnalyzer::embedded().ok();
    let docs: Vec<(Document, EntityOutput)> = corpus()
        .into_iter()
        .map(|t| {
            let doc = Document::new("d", t, None);
            let ents = entity.as_ref().map(|e| e.analyze_doc(&doc)).unwrap_or_default();
            (doc, ents)
        })
        .collect();
    let bytes: usize = docs.iter().map(|(d, _)| d.text().len()).sum();
    let analyzer = QuoteAnalyzer::default();
    let mut group = c.benchmark_group("quote");
    group.throughput(Throughput::Bytes(bytes as u64));
    group.bench_function("seeds", |b| {
        b.iter(|| {
            for (doc, ents) in &docs {
                black_box(analyzer.analyze_with(doc, ents));
            }
        })
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
