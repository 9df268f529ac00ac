//! The whole pipeline through the runner, as `lede run` runs it (read, segment, analyze,
//! serialize, write to a sink), at several thread counts, with the median time of several runs
//! and the peak resident set.
//!
//! Each thread count gets its own [`Workers`] and a pipeline built anew: a first run on them,
//! while every cache is empty (the workers' own and those the analyzers share between threads,
//! as in a one-off `lede run`), is timed on its own, then `runs` more on the same workers and
//! pipeline (as a program that runs the pipeline many times sees it), of which the median is
//! reported.

use crate::BenchError;
use crate::clock::process_cpu_time;
use crate::memory;
use crate::profile::ratio;
use lede_runner::{InputSource, Pipeline, Quiet, RunOptions, Workers, read_all, run_with};
use serde::Serialize;

/// Settings of [`throughput`].
#[derive(Clone, Debug)]
pub struct ThroughputOptions {
    /// Thread counts to run at; 0 means one per core. Counts that come to the same number of
    /// threads run once.
    pub threads: Vec<usize>,
    /// Runs per thread count; the median is reported.
    pub runs: usize,
    /// Documents per batch (the config's `[run] batch-size`).
    pub batch_size: usize,
    /// Larger documents are not analyzed (the config's `[run] max-document-mib`).
    pub max_document_bytes: usize,
}

impl Default for ThroughputOptions {
    fn default() -> ThroughputOptions {
        ThroughputOptions { threads: vec![1, 2, 0], runs: 3, batch_size: 64, max_document_bytes: 64 << 20 }
    }
}

/// The figures of one thread count.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ThroughputRun {
    /// Worker threads.
    pub threads: usize,
    /// Seconds of the first run, on new worker threads whose caches were empty.
    pub first_seconds: f64,
    /// MB of document text per second in the first run.
    pub first_mb_per_s: f64,
    /// The first run's throughput over the one-thread first run's, when one thread was measured.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub first_speedup: Option<f64>,
    /// Seconds of each run after the first, in the order run.
    pub seconds: Vec<f64>,
    /// The median of `seconds`.
    pub median_seconds: f64,
    /// CPU seconds of the process (all threads) in each run, when the platform has a CPU clock.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub cpu_seconds: Vec<f64>,
    /// MB of document text per CPU second (median run): the one-core rate whatever else the machine is
    /// doing, but not the wall-clock rate on several threads.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub mb_per_cpu_s: Option<f64>,
    /// Documents per run.
    pub documents: u64,
    /// Bytes of document text (UTF-8) per run: what MB/s divides.
    pub bytes: u64,
    /// Bytes of input per run (JSON Lines syntax and extra fields included), as `lede run`'s
    /// summary counts them.
    pub input_bytes: u64,
    /// Documents written with an error.
    pub documents_with_errors: u64,
    /// MB (10^6 bytes) of document text per second, at the median time.
    pub mb_per_s: f64,
    /// Documents per second, at the median time.
    pub docs_per_s: f64,
    /// Throughput over the one-thread figure, when one thread was measured.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub speedup: Option<f64>,
    /// Peak resident set of the process during these runs (VmHWM), when the platform tells it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub peak_rss_bytes: Option<u64>,
    /// False when the peak could not be reset first, so `peak_rss_bytes` counts from process start.
    pub peak_rss_reset: bool,
}

/// The number of threads a requested count stands for (0 = one per core).
pub fn effective_threads(requested: usize) -> usize {
    if requested == 0 { std::thread::available_parallelism().map_or(1, |n| n.get()) } else { requested }
}

/// The median of some values (the mean of the two middle ones for an even count); 0 when empty.
pub fn median(values: &[f64]) -> f64 {
    let mut v: Vec<f64> = values.iter().copied().filter(|x| x.is_finite()).collect();
    v.sort_by(f64::total_cmp);
    let n = v.len();
    match n {
        0 => 0.0,
        _ if n % 2 == 1 => v.get(n / 2).copied().unwrap_or(0.0),
        _ => (v.get(n / 2 - 1).copied().unwrap_or(0.0) + v.get(n / 2).copied().unwrap_or(0.0)) / 2.0,
    }
}

/// Runs a pipeline that `build` makes over `sources` with the runner, writing to a sink, at each
/// thread count: once on new workers and a new pipeline, then `opts.runs` times on the same.
pub fn throughput(
    build: impl Fn() -> Result<Pipeline, BenchError>,
    sources: &[InputSource],
    opts: &ThroughputOptions,
) -> Result<Vec<ThroughputRun>, BenchError> {
    let mut counts: Vec<usize> = Vec::new();
    for &t in &opts.threads {
        let t = effective_threads(t);
        if !counts.contains(&t) {
            counts.push(t);
        }
    }
    let text_bytes = text_bytes(sources, opts.max_document_bytes);
    let mut out: Vec<ThroughputRun> = Vec::new();
    for threads in counts {
        let run_opts = RunOptions {
            threads,
            batch_size: opts.batch_size,
            max_document_bytes: opts.max_document_bytes,
            ..RunOptions::default()
        };
        let pipeline = &build()?;
        let reset = memory::reset_peak_rss();
        let workers = Workers::new(threads)?;
        let first = run_with(&workers, pipeline, sources, &mut std::io::sink(), &run_opts, &mut Quiet)?;
        let mut seconds = Vec::new();
        let mut cpu_seconds = Vec::new();
        let mut last = None;
        for _ in 0..opts.runs.max(1) {
            let cpu_before = process_cpu_time();
            let summary = run_with(&workers, pipeline, sources, &mut std::io::sink(), &run_opts, &mut Quiet)?;
            if let (Some(a), Some(b)) = (cpu_before, process_cpu_time()) {
                cpu_seconds.push(b.saturating_sub(a).as_secs_f64());
            }
            seconds.push(summary.seconds);
            last = Some(summary);
        }
        let summary = last.unwrap_or_default();
        let median_seconds = median(&seconds);
        let mb = text_bytes as f64 / 1e6;
        let mb_per_cpu_s = (!cpu_seconds.is_empty()).then(|| ratio(mb, median(&cpu_seconds)));
        out.push(ThroughputRun {
            threads,
            first_seconds: first.seconds,
            first_mb_per_s: ratio(mb, first.seconds),
            first_speedup: None,
            seconds,
            median_seconds,
            cpu_seconds,
            mb_per_cpu_s,
            documents: summary.documents,
            bytes: text_bytes,
            input_bytes: summary.bytes,
            documents_with_errors: summary.documents_with_errors,
            mb_per_s: ratio(mb, median_seconds),
            docs_per_s: ratio(summary.documents as f64, median_seconds),
            speedup: None,
            peak_rss_bytes: memory::peak_rss(),
            peak_rss_reset: reset,
        });
    }
    let one = out.iter().find(|r| r.threads == 1).map(|r| (r.mb_per_s, r.first_mb_per_s));
    if let Some((one, first_one)) = one {
        for r in &mut out {
            r.speedup = (one > 0.0).then(|| r.mb_per_s / one);
            r.first_speedup = (first_one > 0.0).then(|| r.first_mb_per_s / first_one);
        }
    }
    Ok(out)
}

/// Bytes of document text in `sources` (documents that cannot be read count nothing).
pub fn text_bytes(sources: &[InputSource], max_document_bytes: usize) -> u64 {
    let mut total = 0u64;
    read_all(sources, max_document_bytes, |raw| {
        if let Ok(text) = &raw.text {
            total += text.len() as u64;
        }
        true
    });
    total
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn median_of_odd_even_and_empty() {
        assert_eq!(median(&[3.0, 1.0, 2.0]), 2.0);
        assert_eq!(median(&[4.0, 1.0, 2.0, 3.0]), 2.5);
        assert_eq!(median(&[]), 0.0);
        assert_eq!(median(&[f64::NAN, 5.0]), 5.0);
    }

    #[test]
    fn zero_threads_means_every_core() {
        assert!(effective_threads(0) >= 1);
        assert_eq!(effective_threads(3), 3);
    }
}
