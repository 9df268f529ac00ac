//! The whole default pipeline, end to end through the runner (read, segment, analyze, serialize,
//! write to a sink), at 1, 2 and all threads, in MB/s and documents/s.

mod common;

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use lede_runner::{InputSource, Quiet, RunOptions, run};
use std::io::Write;

fn pipeline(c: &mut Criterion) {
    let docs = common::corpus();
    let bytes = common::bytes(&docs);
    // Feed the runner from a JSON Lines file, as a user would.
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("corpus.jsonl");
    let mut file = std::io::BufWriter::new(std::fs::File::create(&path).expect("create corpus file"));
    for (id, text) in &docs {
        let line = serde_json::json!({"id": id, "text": text});
        writeln!(file, "{line}").expect("write corpus file");
    }
    file.flush().expect("flush corpus file");
    drop(file);
    let config = common::default_config();
    let inputs = [InputSource::Path(path)];
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    let mut counts = vec![1, 2, cores];
    counts.dedup();

    for (unit, throughput) in
        [("MB", Throughput::BytesDecimal(bytes)), ("docs", Throughput::Elements(docs.len() as u64))]
    {
        let mut group = c.benchmark_group(format!("pipeline-{unit}"));
        group.throughput(throughput);
        group.sample_size(10);
        for &threads in &counts {
            let opts = RunOptions { threads, ..RunOptions::default() };
            group.bench_with_input(BenchmarkId::new("threads", threads), &opts, |b, opts| {
                b.iter(|| run(&config.pipeline, &inputs, &mut std::io::sink(), opts, &mut Quiet).expect("run"))
            });
        }
        group.finish();
    }
}

criterion_group!(benches, pipeline);
criterion_main!(benches);
