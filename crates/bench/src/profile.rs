//! Where the time goes: every stage of the pipeline timed alone, on one thread.
//!
//! Documents are read one at a time (never all in memory). For each one the profile times, in
//! this order: reading and parsing it, segmenting it, each analyzer's `analyze_json` in dependency
//! order (given its dependencies' results, as the runner gives them), and serializing the output
//! record (freeing the document and its results included). The runner runs the same code, only spread over threads; so the shares say which
//! analyzer to make faster, and each analyzer's MB/s is the rate it would reach on its own.

use crate::clock::Stopwatch;
use crate::memory;
use lede_core::{AnalysisResult, Dependencies, Document, DynAnalyzer};
use lede_runner::{DocAnalysis, OutputFormat, serialize_record};
use lede_runner::{InputSource, Pipeline, read_all};
use serde::Serialize;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::time::Duration;

/// The stage that reads and parses input (file reads, JSON Lines decoding).
pub const STAGE_READ: &str = "read";
/// The stage that segments documents into paragraphs, sentences and tokens.
pub const STAGE_SEGMENT: &str = "segmentation";
/// The stage that serializes output records to JSON (and frees the document and its results).
pub const STAGE_WRITE: &str = "serialize";

/// What one stage cost over the whole input.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Stage {
    /// `read`, `segmentation`, `serialize`, or an analyzer's configured name.
    pub name: String,
    /// Whether the stage is a configured analyzer.
    pub analyzer: bool,
    /// The analyzer's kind (`entity`, `plugin`...), for analyzers.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub kind: Option<String>,
    /// The analyzers it depends on, for analyzers.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub dependencies: Vec<String>,
    /// Seconds spent in it, summed over documents: CPU time of the thread when the platform has a
    /// CPU clock (so other load on the machine does not count), else wall time.
    pub seconds: f64,
    /// Wall-clock seconds spent in it.
    pub wall_seconds: f64,
    /// Share of the summed time of all stages, in [0, 1].
    pub share: f64,
    /// MB (10^6 bytes) of document text per second of this stage's time: the rate it would
    /// reach alone.
    pub mb_per_s: f64,
    /// Documents per second of this stage's time.
    pub docs_per_s: f64,
    /// The most heap one call allocated on top of what was live before it, in bytes (heap still
    /// held for the result included); `None` when heap counting is not available.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub peak_heap_bytes: Option<u64>,
    /// Documents on which the analyzer failed, panicked, or was skipped because a dependency failed.
    pub errors: u64,
}

/// The result of [`profile`].
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Profile {
    /// Documents read (including ones that could not be read; they only count in `read`).
    pub documents: u64,
    /// Bytes of document text (UTF-8): what every MB/s figure divides.
    pub bytes: u64,
    /// Bytes of input read (JSON Lines syntax and extra fields included).
    pub input_bytes: u64,
    /// Stages in the order they run: read, segmentation, the analyzers, serialize.
    pub stages: Vec<Stage>,
    /// Summed seconds of all stages: the single-thread cost of the pipeline (CPU time when
    /// `cpu_clock`, else wall time).
    pub seconds: f64,
    /// Summed wall-clock seconds of all stages.
    pub wall_seconds: f64,
    /// Whether `seconds` are CPU time of the thread.
    pub cpu_clock: bool,
    /// `bytes` per second of `seconds`, in MB/s: the pipeline's one-thread throughput without
    /// the runner's overlap of reading and analysis.
    pub mb_per_s: f64,
    /// Documents per second of `seconds`.
    pub docs_per_s: f64,
    /// Peak resident set of the process during the profile (VmHWM), when the platform tells it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub peak_rss_bytes: Option<u64>,
    /// False when the peak could not be reset first, so `peak_rss_bytes` counts from process start.
    pub peak_rss_reset: bool,
}

struct Acc {
    wall: Duration,
    cpu: Option<Duration>,
    peak_heap: i64,
    errors: u64,
}

impl Acc {
    fn new() -> Acc {
        Acc { wall: Duration::ZERO, cpu: Some(Duration::ZERO), peak_heap: 0, errors: 0 }
    }

    fn add(&mut self, (wall, cpu): (Duration, Option<Duration>)) {
        self.wall += wall;
        self.cpu = match (self.cpu, cpu) {
            (Some(a), Some(b)) => Some(a + b),
            _ => None,
        };
    }

    fn seconds(&self) -> f64 {
        self.cpu.unwrap_or(self.wall).as_secs_f64()
    }
}

/// Settings of [`profile`].
#[derive(Clone, Debug)]
pub struct ProfileOptions {
    /// Documents larger than this are not analyzed (as in the runner).
    pub max_document_bytes: usize,
    /// Count heap per analyzer call (needs [`crate::CountingAlloc`] as the global allocator).
    pub heap: bool,
}

impl Default for ProfileOptions {
    fn default() -> ProfileOptions {
        ProfileOptions { max_document_bytes: 64 << 20, heap: true }
    }
}

/// The accumulated figures of one pass over the input.
struct Pass {
    read: Acc,
    segment: Acc,
    write: Acc,
    per_node: Vec<Acc>,
    documents: u64,
    bytes: u64,
    input_bytes: u64,
}

type Node<'a> = (&'a str, &'a dyn DynAnalyzer, Vec<usize>);

/// One pass over `sources`, timing every stage; with `track_heap`, counting heap per call too
/// (which slows allocation, so timings are taken from a pass without it).
fn run_pass(nodes: &[Node<'_>], sources: &[InputSource], max_document_bytes: usize, track_heap: bool) -> Pass {
    memory::set_heap_tracking(track_heap);

    let mut read = Acc::new();
    let mut segment = Acc::new();
    let mut write = Acc::new();
    let mut per_node: Vec<Acc> = nodes.iter().map(|_| Acc::new()).collect();
    let mut documents = 0u64;
    let mut bytes = 0u64;
    let mut input_bytes = 0u64;
    let mut waiting = Stopwatch::start();

    read_all(sources, max_document_bytes, |raw| {
        read.add(waiting.stop());
        documents += 1;
        input_bytes += raw.bytes;
        let Ok(text) = raw.text else {
            read.errors += 1;
            waiting = Stopwatch::start();
            return true;
        };

        bytes += text.len() as u64;
        let base = memory::reset_heap_peak();
        let sw = Stopwatch::start();
        let doc = Document::new(raw.id, text, raw.meta);
        doc.segmentation();
        segment.add(sw.stop());
        segment.peak_heap = segment.peak_heap.max(memory::heap_peak() - base);

        let mut results: Vec<Option<AnalysisResult>> = nodes.iter().map(|_| None).collect();
        for (i, (_, analyzer, deps)) in nodes.iter().enumerate() {
            let mut dep_results: Vec<(&str, &AnalysisResult)> = Vec::with_capacity(deps.len());
            let mut ready = true;
            for &d in deps {
                match (nodes.get(d), results.get(d).and_then(Option::as_ref)) {
                    (Some((name, _, _)), Some(v)) => dep_results.push((name, v)),
                    _ => ready = false,
                }
            }
            let Some(acc) = per_node.get_mut(i) else { continue };
            if !ready {
                acc.errors += 1;
                continue;
            }
            let deps = Dependencies::new(&dep_results);
            let base = memory::reset_heap_peak();
            let sw = Stopwatch::start();
            let out = catch_unwind(AssertUnwindSafe(|| analyzer.analyze_dyn(&doc, &deps)));
            acc.add(sw.stop());
            acc.peak_heap = acc.peak_heap.max(memory::heap_peak() - base);
            match out {
                Ok(Ok(v)) => {
                    if let Some(slot) = results.get_mut(i) {
                        *slot = Some(v);
                    }
                }
                Ok(Err(_)) | Err(_) => acc.errors += 1,
            }
        }

        let base = memory::reset_heap_peak();
        let sw = Stopwatch::start();
        let analysis = DocAnalysis {
            analyses: nodes.iter().zip(results).filter_map(|((name, _, _), r)| Some((name.to_string(), r?))).collect(),
            errors: Vec::new(),
        };
        let json = serialize_record(doc.id(), &analysis, &[], doc.meta(), OutputFormat::Jsonl).unwrap_or_default();
        std::hint::black_box(&json);
        // Freeing the document and its results is part of finishing it.
        drop(json);
        drop(analysis);
        drop(doc);
        write.add(sw.stop());
        write.peak_heap = write.peak_heap.max(memory::heap_peak() - base);
        waiting = Stopwatch::start();
        true
    });
    memory::set_heap_tracking(false);
    Pass { read, segment, write, per_node, documents, bytes, input_bytes }
}

/// Runs `pipeline` over `sources` on the calling thread, timing each stage alone.
pub fn profile(pipeline: &Pipeline, sources: &[InputSource], opts: &ProfileOptions) -> Profile {
    // Analyzers in an order that respects dependencies: layer by layer.
    let order: Vec<&str> = pipeline.layers().into_iter().flatten().collect();
    let nodes: Vec<Node<'_>> = order
        .iter()
        .filter_map(|&name| {
            let (analyzer, deps) = pipeline.analyzer(name)?;
            let dep_index = deps.iter().filter_map(|d| order.iter().position(|n| n == d)).collect();
            Some((name, analyzer, dep_index))
        })
        .collect();
    let heap = opts.heap && memory::heap_tracking_available();
    let rss_reset = memory::reset_peak_rss();
    let Pass { read, segment, write, per_node, documents, bytes, input_bytes } =
        run_pass(&nodes, sources, opts.max_document_bytes, false);
    // Heap per call from a second pass: counting it costs time on every allocation.
    let heap_pass = heap.then(|| run_pass(&nodes, sources, opts.max_document_bytes, true));
    let peak_rss = memory::peak_rss();
    let heap_of =
        |pick: &dyn Fn(&Pass) -> Option<i64>| heap_pass.as_ref().and_then(pick).map(|h| u64::try_from(h).unwrap_or(0));
    let read_heap = heap_of(&|p| Some(p.read.peak_heap));
    let segment_heap = heap_of(&|p| Some(p.segment.peak_heap));
    let write_heap = heap_of(&|p| Some(p.write.peak_heap));

    let all = || [&read, &segment, &write].into_iter().chain(per_node.iter());
    let cpu_clock = all().all(|a| a.cpu.is_some());
    let seconds_of = |a: &Acc| if cpu_clock { a.seconds() } else { a.wall.as_secs_f64() };
    let total: f64 = all().map(seconds_of).sum();
    let wall_total: f64 = all().map(|a| a.wall.as_secs_f64()).sum();
    let stage = |name: &str, acc: &Acc, heap: Option<u64>, analyzer: Option<(&dyn DynAnalyzer, Vec<String>)>| {
        let seconds = seconds_of(acc);
        let (kind, dependencies) = match analyzer {
            Some((a, deps)) => (Some(a.name().to_string()), deps),
            None => (None, Vec::new()),
        };
        Stage {
            name: name.to_string(),
            analyzer: kind.is_some(),
            kind,
            dependencies,
            seconds,
            wall_seconds: acc.wall.as_secs_f64(),
            share: ratio(seconds, total),
            mb_per_s: ratio(bytes as f64 / 1e6, seconds),
            docs_per_s: ratio(documents as f64, seconds),
            peak_heap_bytes: heap,
            errors: acc.errors,
        }
    };
    let mut stages =
        vec![stage(STAGE_READ, &read, read_heap, None), stage(STAGE_SEGMENT, &segment, segment_heap, None)];
    for (i, ((name, analyzer, deps), acc)) in nodes.iter().zip(&per_node).enumerate() {
        let dep_names = deps.iter().filter_map(|&d| nodes.get(d).map(|n| n.0.to_string())).collect();
        let heap = heap_of(&|p| p.per_node.get(i).map(|a| a.peak_heap));
        stages.push(stage(name, acc, heap, Some((*analyzer, dep_names))));
    }
    stages.push(stage(STAGE_WRITE, &write, write_heap, None));
    Profile {
        documents,
        bytes,
        input_bytes,
        stages,
        seconds: total,
        wall_seconds: wall_total,
        cpu_clock,
        mb_per_s: ratio(bytes as f64 / 1e6, total),
        docs_per_s: ratio(documents as f64, total),
        peak_rss_bytes: peak_rss,
        peak_rss_reset: rss_reset,
    }
}

/// `a / b`, or 0 when `b` is not positive.
pub(crate) fn ratio(a: f64, b: f64) -> f64 {
    if b > 0.0 { a / b } else { 0.0 }
}
