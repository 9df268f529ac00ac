//! Segmentation alone (paragraphs, sentences, tokens), on one thread, in documents/s and MiB/s.

mod common;

use criterion::{Criterion, criterion_group, criterion_main};
use lede_core::Segmentation;
use std::hint::black_box;

fn segmentation(c: &mut Criterion) {
    let docs = common::corpus();
    let mut group = c.benchmark_group("segmentation");
    group.throughput(common::throughput(&docs));
    group.sample_size(10);
    group.bench_function("corpus", |b| {
        b.iter(|| {
            for (_, text) in &docs {
                black_box(Segmentation::new(text));
            }
        })
    });
    group.finish();
}

criterion_group!(benches, segmentation);
criterion_main!(benches);
