//! Running a pipeline over a stream of documents.
//!
//! A reader thread reads documents lazily into a bounded channel (JSON Lines lines are only split
//! off there, and parsed by the worker that analyzes them); the calling thread takes them in
//! batches as they come and hands each to the runner's own rayon pool (documents in parallel,
//! and independent analyzers of one document in parallel), [`IN_FLIGHT`] batches at a time, and
//! writes the batches in input order as they complete. Memory is bounded by the batch size and
//! the channel capacity, not by the input size.

use crate::input::{InputSource, RawDocument, Unparsed, read_unparsed};
use crate::pipeline::{DocAnalysis, DocError, Pipeline};
use lede_core::{AnalysisResult, Document, Meta};
use serde::Serialize;
use serde_json::Value;
use std::collections::BTreeMap;
use std::io::{self, Write};
use std::time::Instant;

/// How the output is written.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum OutputFormat {
    /// One JSON object per line (the default).
    #[default]
    Jsonl,
    /// One pretty-printed JSON array of all records.
    Json,
}

/// Settings of one run.
#[derive(Clone, Debug)]
pub struct RunOptions {
    /// Worker threads; 0 means one per core.
    pub threads: usize,
    /// Documents per batch.
    pub batch_size: usize,
    /// Larger documents are not analyzed and get an error record.
    pub max_document_bytes: usize,
    /// Output format.
    pub format: OutputFormat,
}

impl Default for RunOptions {
    fn default() -> RunOptions {
        RunOptions { threads: 0, batch_size: 64, max_document_bytes: 64 << 20, format: OutputFormat::Jsonl }
    }
}

/// Counts of a run so far.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Summary {
    /// Documents written.
    pub documents: u64,
    /// Input bytes read.
    pub bytes: u64,
    /// Seconds since the run started.
    pub seconds: f64,
    /// Documents written with at least one error (input or analyzer).
    pub documents_with_errors: u64,
    /// Documents that could not be read or parsed at all.
    pub input_errors: u64,
    /// Warnings (such as lossy UTF-8 decoding).
    pub warnings: u64,
}

impl Summary {
    /// Throughput in MB/s (10^6 bytes per second).
    pub fn mb_per_s(&self) -> f64 {
        if self.seconds > 0.0 { self.bytes as f64 / 1e6 / self.seconds } else { 0.0 }
    }
}

/// Receives diagnostics while a run goes on (the CLI shows them on stderr).
pub trait Observer {
    /// Called after each written batch.
    fn progress(&mut self, _summary: &Summary) {}
    /// A document was analyzed with a warning.
    fn warning(&mut self, _id: &str, _message: &str) {}
    /// A document has an error (input or analyzer).
    fn error(&mut self, _id: &str, _error: &DocError) {}
}

/// An observer that ignores everything.
pub struct Quiet;
impl Observer for Quiet {}

/// Why a run stopped before its end.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum RunError {
    /// The worker pool could not be started.
    #[error("cannot start {threads} worker threads: {message}")]
    Pool {
        /// Requested threads.
        threads: usize,
        /// Why.
        message: String,
    },
    /// Writing the output failed (a closed pipe included).
    #[error("cannot write output: {0}")]
    Write(#[from] io::Error),
    /// The thread that reads the input could not be started.
    #[error("cannot start the input reader thread: {0}")]
    Reader(io::Error),
}

/// One output record, in the order of CONTRACT.md.
#[derive(Serialize)]
struct Record<'a> {
    id: &'a str,
    analyses: Analyses<'a>,
    errors: &'a [DocError],
    #[serde(skip_serializing_if = "<[String]>::is_empty")]
    warnings: &'a [String],
    #[serde(skip_serializing_if = "Option::is_none")]
    meta: Option<&'a Meta>,
}

/// The `analyses` object: each result serialized once, under its analyzer's name, in config order.
struct Analyses<'a>(&'a [(String, AnalysisResult)]);

impl Serialize for Analyses<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_map(self.0.iter().map(|(name, result)| (name, result)))
    }
}

/// A document analyzed and serialized, ready to write.
struct Rendered {
    id: String,
    json: Vec<u8>,
    errors: Vec<DocError>,
    warnings: Vec<String>,
    input_failed: bool,
    bytes: u64,
}

/// Analyzes one raw document and serializes its record.
fn render(pipeline: &Pipeline, raw: Unparsed, format: OutputFormat) -> Rendered {
    let RawDocument { id, text, meta, warnings, bytes } = raw.parse();
    // Records of news articles run to about three times the text (half of them more, a few
    // eight times): start the buffer at four times, where nineteen in twenty fit without
    // regrowing (a regrowth copies the whole record).
    let capacity = text.as_ref().map_or(0, |t| t.len().saturating_mul(4).saturating_add(1024).min(8 << 20));
    let (analysis, meta, input_failed) = match text {
        Ok(text) => {
            let doc = Document::new(id.clone(), text, meta);
            let analysis = pipeline.analyze(&doc);
            let (_, _, meta) = doc.into_parts();
            (analysis, meta, false)
        }
        Err(message) => {
            let analysis = DocAnalysis { analyses: Vec::new(), errors: vec![DocError { analyzer: None, message }] };
            (analysis, meta, true)
        }
    };
    let mut analysis = analysis;
    let json = match serialize_record_sized(&id, &analysis, &warnings, meta.as_ref(), format, capacity) {
        Ok(json) => json,
        Err(_) => {
            // One result cannot be serialized (a map with non-string keys, say): find which,
            // report it under `errors`, and write the others.
            let (good, bad): (Vec<_>, Vec<_>) =
                analysis.analyses.into_iter().partition(|(_, result)| serde_json::to_value(result).is_ok());
            for (name, result) in &bad {
                let message = match serde_json::to_value(result) {
                    Err(e) => format!("could not serialize the result: {e}"),
                    Ok(_) => "could not serialize the result".to_string(),
                };
                analysis.errors.push(DocError { analyzer: Some(name.clone()), message });
            }
            analysis.analyses = good;
            serialize_record(&id, &analysis, &warnings, meta.as_ref(), format).unwrap_or_else(|e| {
                format!(
                    r#"{{"id":{},"analyses":{{}},"errors":[{{"message":"cannot serialize: {e}"}}]}}"#,
                    Value::from(id.clone())
                )
                .into_bytes()
            })
        }
    };
    Rendered { id, json, errors: analysis.errors, warnings, input_failed, bytes }
}

/// Serializes one output record (`id`, `analyses`, `errors`, `warnings`, `meta`) as `lede run`
/// writes it, without the line end.
///
/// # Errors
/// When a result cannot be serialized (a map with non-string keys, say).
pub fn serialize_record(
    id: &str,
    analysis: &DocAnalysis,
    warnings: &[String],
    meta: Option<&Meta>,
    format: OutputFormat,
) -> serde_json::Result<Vec<u8>> {
    serialize_record_sized(id, analysis, warnings, meta, format, 0)
}

/// [`serialize_record`] into a buffer of `capacity` bytes to start with (no regrowth when the
/// guess is right).
fn serialize_record_sized(
    id: &str,
    analysis: &DocAnalysis,
    warnings: &[String],
    meta: Option<&Meta>,
    format: OutputFormat,
    capacity: usize,
) -> serde_json::Result<Vec<u8>> {
    match format {
        OutputFormat::Jsonl => {
            let mut out = Vec::with_capacity(capacity.max(128));
            write_record_compact(&mut out, id, analysis, warnings, meta)?;
            Ok(out)
        }
        OutputFormat::Json => {
            let record =
                Record { id, analyses: Analyses(&analysis.analyses), errors: &analysis.errors, warnings, meta };
            serde_json::to_vec_pretty(&record)
        }
    }
}

/// Writes what `serde_json::to_writer(out, &Record { .. })` writes, field by field, with each
/// result serialized by code specialized for its type ([`AnalysisResult::write_json`]) rather
/// than through erased-serde.
fn write_record_compact(
    out: &mut Vec<u8>,
    id: &str,
    analysis: &DocAnalysis,
    warnings: &[String],
    meta: Option<&Meta>,
) -> serde_json::Result<()> {
    out.extend_from_slice(b"{\"id\":");
    lede_core::json::write_compact(out, id)?;
    out.extend_from_slice(b",\"analyses\":{");
    for (i, (name, result)) in analysis.analyses.iter().enumerate() {
        if i > 0 {
            out.push(b',');
        }
        lede_core::json::write_compact(out, name)?;
        out.push(b':');
        result.write_json(out)?;
    }
    out.extend_from_slice(b"},\"errors\":");
    lede_core::json::write_compact(out, &analysis.errors)?;
    if !warnings.is_empty() {
        out.extend_from_slice(b",\"warnings\":");
        lede_core::json::write_compact(out, warnings)?;
    }
    if let Some(meta) = meta {
        out.extend_from_slice(b",\"meta\":");
        lede_core::json::write_compact(out, meta)?;
    }
    out.push(b'}');
    Ok(())
}

/// The worker threads runs analyze documents on, kept for as many runs as the caller likes.
///
/// Each worker keeps buffers and caches from one document to the next (the entity analyzer's
/// word and model-row caches, say): a thread's first documents pay for filling them. A program
/// that runs pipelines many times, a service or a benchmark, keeps one `Workers` and passes it
/// to [`run_with`], so that only its first run pays; [`run`] starts and ends its own.
pub struct Workers {
    pool: rayon::ThreadPool,
}

impl Workers {
    /// Starts `threads` worker threads (0: one per core).
    ///
    /// # Errors
    /// [`RunError::Pool`] when the threads cannot be started.
    pub fn new(threads: usize) -> Result<Workers, RunError> {
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .thread_name(|i| format!("lede-worker-{i}"))
            .build()
            .map_err(|e| RunError::Pool { threads, message: e.to_string() })?;
        Ok(Workers { pool })
    }

    /// The number of worker threads.
    pub fn threads(&self) -> usize {
        self.pool.current_num_threads()
    }
}

impl std::fmt::Debug for Workers {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Workers").field("threads", &self.threads()).finish()
    }
}

/// Runs `pipeline` over `sources` on `opts.threads` new worker threads, writing one record per
/// document to `out` in input order. See [`run_with`] to keep the workers for several runs.
pub fn run(
    pipeline: &Pipeline,
    sources: &[InputSource],
    out: &mut dyn Write,
    opts: &RunOptions,
    observer: &mut dyn Observer,
) -> Result<Summary, RunError> {
    run_with(&Workers::new(opts.threads)?, pipeline, sources, out, opts, observer)
}

/// Runs `pipeline` over `sources` on `workers` (`opts.threads` is not used), writing one record
/// per document to `out` in input order.
pub fn run_with(
    workers: &Workers,
    pipeline: &Pipeline,
    sources: &[InputSource],
    out: &mut dyn Write,
    opts: &RunOptions,
    observer: &mut dyn Observer,
) -> Result<Summary, RunError> {
    let pool = &workers.pool;
    let batch_size = opts.batch_size.max(1);
    let (tx, rx) = crossbeam_channel::bounded::<Unparsed>(batch_size * 2);
    let start = Instant::now();
    let mut summary = Summary::default();
    let format = opts.format;
    let max_bytes = opts.max_document_bytes;

    std::thread::scope(|scope| {
        // Owned by this closure, so it is dropped when the closure returns (an early error
        // included) and before the scope joins the reader: the reader's next send fails and it
        // stops instead of blocking on a full channel forever.
        let rx = rx;
        let read = move || read_unparsed(sources, max_bytes, |doc| tx.send(doc).is_ok());
        // Named, so that profilers and `top -H` tell it from the workers.
        std::thread::Builder::new().name("lede-reader".into()).spawn_scoped(scope, read).map_err(RunError::Reader)?;
        if format == OutputFormat::Json {
            out.write_all(b"[")?;
        }
        let mut writer = BatchWriter { out: &mut *out, observer: &mut *observer, summary: &mut summary, first: true };
        // Batches analyzed, with their number in input order.
        let (done_tx, done_rx) = crossbeam_channel::unbounded::<(u64, Vec<Rendered>)>();
        pool.in_place_scope(|s| -> Result<(), RunError> {
            let (mut next, mut to_write, mut in_flight) = (0u64, 0u64, 0usize);
            let mut ready: BTreeMap<u64, Vec<Rendered>> = BTreeMap::new();
            let mut input_open = true;
            let spawn = |batch: Vec<Unparsed>, seq: u64| {
                let done_tx = done_tx.clone();
                s.spawn(move |_| {
                    use rayon::prelude::*;
                    let rendered = batch.into_par_iter().map(|raw| render(pipeline, raw, format)).collect();
                    // The receiver outlives the scope, so the send cannot fail.
                    let _ = done_tx.send((seq, rendered));
                });
            };
            loop {
                // Wait for whichever comes first: a document (while there is room for another
                // batch) or a finished batch. Waiting for input alone would hold back the
                // records of finished batches until more input came: a slow stream (`tail -f`
                // into `lede run -`) would get each record only with the next document.
                let finished = if input_open && in_flight < IN_FLIGHT {
                    crossbeam_channel::select! {
                        recv(rx) -> doc => {
                            match doc {
                                Ok(first) => {
                                    spawn(fill_batch(first, &rx, batch_size, BATCH_BYTES_CAP), next);
                                    next += 1;
                                    in_flight += 1;
                                }
                                Err(_) => input_open = false,
                            }
                            None
                        }
                        recv(done_rx) -> batch => batch.ok(),
                    }
                } else if in_flight > 0 {
                    // A batch is in flight and this thread holds a sender: a message comes.
                    done_rx.recv().ok()
                } else {
                    return Ok(());
                };
                if let Some((seq, rendered)) = finished {
                    in_flight -= 1;
                    ready.insert(seq, rendered);
                    while let Some(batch) = ready.remove(&to_write) {
                        writer.write(batch, format, start)?;
                        to_write += 1;
                    }
                }
            }
        })?;
        let none_written = writer.first;
        if format == OutputFormat::Json {
            out.write_all(if none_written { b"]\n" } else { b"\n]\n" })?;
        }
        out.flush()?;
        Ok::<(), RunError>(())
    })?;
    summary.seconds = start.elapsed().as_secs_f64();
    Ok(summary)
}

/// Batches handed to the workers at once. With more than one, a worker done with its share of
/// one batch takes documents of the next instead of waiting for the batch's slowest document,
/// and the records of one are written while others are analyzed. Four rather than two: when
/// every core runs a worker, this thread, woken by a finished batch, waits for a core (up to a
/// scheduler slice, a few ms) before it can hand out the next one; with two in flight the other
/// batch often ran out first and a worker sat idle (3.4 ms per worker on average in a 0.1 s run
/// of the news corpus at `-j 2`; 1.8 ms with four, which ran 1.00-1.04x faster at `-j 2`, most in
/// the machine's slower moments).
const IN_FLIGHT: usize = 4;

/// Bytes of input per batch at most (with [`IN_FLIGHT`] batches, 32 MiB of documents in flight
/// at most, as before with two batches of 16 MiB).
const BATCH_BYTES_CAP: u64 = 8 << 20;

/// A batch of `first` and as many documents after it as are ready, up to `batch_size`
/// documents or `cap` bytes.
fn fill_batch(
    first: Unparsed,
    rx: &crossbeam_channel::Receiver<Unparsed>,
    batch_size: usize,
    cap: u64,
) -> Vec<Unparsed> {
    let mut bytes = first.bytes();
    let mut batch = vec![first];
    while batch.len() < batch_size && bytes < cap {
        match rx.try_recv() {
            Ok(doc) => {
                bytes += doc.bytes();
                batch.push(doc);
            }
            Err(_) => break,
        }
    }
    batch
}

/// Writes analyzed batches in input order and keeps the run's counts.
struct BatchWriter<'a> {
    out: &'a mut dyn Write,
    observer: &'a mut dyn Observer,
    summary: &'a mut Summary,
    /// No record written yet.
    first: bool,
}

impl BatchWriter<'_> {
    /// Writes one batch's records, counts them, reports their warnings and errors, flushes and
    /// reports progress.
    fn write(&mut self, batch: Vec<Rendered>, format: OutputFormat, start: Instant) -> Result<(), RunError> {
        for mut r in batch {
            match format {
                OutputFormat::Jsonl => {
                    // One write per line, newline included: a record larger than the
                    // caller's buffer goes straight to stdout's line writer, which searches
                    // each write backwards for its last newline (the whole record, ~2% of a
                    // run's instructions, when the newline came in a write of its own).
                    r.json.push(b'\n');
                    self.out.write_all(&r.json)?;
                }
                OutputFormat::Json => {
                    self.out.write_all(if self.first { b"\n" } else { b",\n" })?;
                    self.out.write_all(&r.json)?;
                }
            }
            self.first = false;
            self.summary.documents += 1;
            self.summary.bytes += r.bytes;
            self.summary.warnings += r.warnings.len() as u64;
            if r.input_failed {
                self.summary.input_errors += 1;
            }
            if !r.errors.is_empty() {
                self.summary.documents_with_errors += 1;
            }
            for w in &r.warnings {
                self.observer.warning(&r.id, w);
            }
            for e in &r.errors {
                self.observer.error(&r.id, e);
            }
        }
        self.out.flush()?;
        self.summary.seconds = start.elapsed().as_secs_f64();
        self.observer.progress(self.summary);
        Ok(())
    }
}
