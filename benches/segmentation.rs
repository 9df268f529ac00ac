//! Segmentation alone (paragraphs, sentences, tokens), in MB/s on one thread.

mod common;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use lede_core::Segmentation;
use std::hint::black_box;

fn segmentation(c: &mut Criterion) {
    let docs = common::corpus();
    let mut group = c.benchmark_group("segmentation");
    group.throughput(Throughput::BytesDecimal(common::bytes(&docs)));
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
