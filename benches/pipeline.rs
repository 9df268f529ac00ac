//! The whole pipeline, in documents/s and MiB/s:
//!
//! * `pipeline/one-thread`: segmentation and every analyzer in dependency order on one thread,
//!   in memory (no reading, no output): the pure analysis cost;
//! * `pipeline/runner/N`: end to end through the runner as `lede run` does it (read a JSON Lines
//!   file, segment, analyze, serialize, write to a sink) with N worker threads, for N = 1, 2 and
//!   the number of cores; the same workers serve every iteration (see `lede_runner::Workers`).

mod common;

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use lede_core::Document;
use lede_runner::{InputSource, Quiet, RunOptions, Workers, run_with};
use std::hint::black_box;
use std::io::Write;

fn pipeline(c: &mut Criterion) {
    let docs = common::corpus();
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
    counts.sort_unstable();
    counts.dedup();

    let mut group = c.benchmark_group("pipeline");
    group.throughput(common::throughput(&docs));
    group.sample_size(10);
    group.bench_function("one-thread", |b| {
        b.iter(|| {
            for (id, text) in &docs {
                let doc = Document::new(id.clone(), text.clone(), None);
                black_box(common::analyze_sequential(&config.pipeline, &doc));
            }
        })
    });
    for &threads in &counts {
        let opts = RunOptions { threads, ..RunOptions::default() };
        // One set of worker threads for all iterations, as a program that runs the pipeline many
        // times keeps them: criterion's warm-up fills their caches, and the samples measure the
        // steady state. `lede bench` also times the first run on new workers.
        let workers = Workers::new(threads).expect("start the worker threads");
        group.bench_with_input(BenchmarkId::new("runner", threads), &opts, |b, opts| {
            b.iter(|| {
                run_with(&workers, &config.pipeline, &inputs, &mut std::io::sink(), opts, &mut Quiet).expect("run")
            })
        });
    }
    group.finish();
}

criterion_group!(benches, pipeline);
criterion_main!(benches);
