//! Each analyzer of the default pipeline alone, on one thread, in MB/s. The segmentation and the
//! results of the analyzer's dependencies are computed beforehand and not timed.

mod common;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use lede_core::Dependencies;
use serde_json::Value;
use std::hint::black_box;

fn analyzers(c: &mut Criterion) {
    let docs = common::corpus();
    let documents = common::documents(&docs);
    let config = common::default_config();
    let pipeline = &config.pipeline;
    // Every analyzer's results per document, so each one can be timed with its inputs ready.
    let analyses: Vec<Vec<(String, Value)>> = documents.iter().map(|d| pipeline.analyze(d).analyses).collect();

    let mut group = c.benchmark_group("analyzer");
    group.throughput(Throughput::BytesDecimal(common::bytes(&docs)));
    group.sample_size(10);
    for name in pipeline.names() {
        let Some((analyzer, deps)) = pipeline.analyzer(name) else { continue };
        let dep_results: Vec<Vec<(&str, &Value)>> = analyses
            .iter()
            .map(|a| a.iter().filter(|(n, _)| deps.contains(&n.as_str())).map(|(n, v)| (n.as_str(), v)).collect())
            .collect();
        group.bench_function(name, |b| {
            b.iter(|| {
                for (doc, deps) in documents.iter().zip(&dep_results) {
                    let _ = black_box(analyzer.analyze_json(doc, &Dependencies::new(deps)));
                }
            })
        });
    }
    group.finish();
}

criterion_group!(benches, analyzers);
criterion_main!(benches);
