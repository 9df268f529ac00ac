//! Each analyzer of the pipeline alone, on one thread, in documents/s and MiB/s. The
//! segmentation and the results of the analyzer's dependencies are computed beforehand and not
//! timed. With `LEDE_BENCH_CONFIG=my.toml` this benches every analyzer of that config, plugins
//! included; `cargo bench --bench analyzers -- analyzer/NAME` runs one.

mod common;

use criterion::{Criterion, criterion_group, criterion_main};
use lede_core::{AnalysisResult, Dependencies};
use std::hint::black_box;

fn analyzers(c: &mut Criterion) {
    let docs = common::corpus();
    let documents = common::documents(&docs);
    let config = common::default_config();
    let pipeline = &config.pipeline;
    // Every analyzer's results per document, so each one can be timed with its inputs ready.
    let analyses: Vec<Vec<(String, AnalysisResult)>> =
        documents.iter().map(|d| common::analyze_sequential(pipeline, d)).collect();

    let mut group = c.benchmark_group("analyzer");
    group.throughput(common::throughput(&docs));
    group.sample_size(10);
    for name in pipeline.names() {
        let Some((analyzer, deps)) = pipeline.analyzer(name) else { continue };
        let dep_results: Vec<Vec<(&str, &AnalysisResult)>> = analyses
            .iter()
            .map(|a| a.iter().filter(|(n, _)| deps.contains(&n.as_str())).map(|(n, v)| (n.as_str(), v)).collect())
            .collect();
        group.bench_function(name, |b| {
            b.iter(|| {
                for (doc, deps) in documents.iter().zip(&dep_results) {
                    let _ = black_box(analyzer.analyze_dyn(doc, &Dependencies::new(deps)));
                }
            })
        });
    }
    group.finish();
}

criterion_group!(benches, analyzers);
criterion_main!(benches);
