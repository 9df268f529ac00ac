//! Benchmarks a lede pipeline the way a user runs it: the library behind `lede bench`.
//!
//! Three measurements, each optional:
//!
//! 1. [`profile`]: every stage (reading, segmentation, each configured analyzer, serialization)
//!    timed alone on one thread, with its share of the time, the MB/s it would reach alone, and
//!    the most heap one call allocated.
//! 2. [`throughput`]: the whole pipeline through the runner, as `lede run` runs it, at several
//!    thread counts: median MB/s and documents/s of several runs, speed-up over one thread, and
//!    peak resident set (VmHWM of `/proc/self/status` on Linux).
//! 3. [`accuracy`]: the pipeline on gold files, scored by `lede eval`'s own scorer.
//!
//! It works for whatever the config names, plugins included: a plugin author benches a plugin by
//! adding it to a config and passing `--config`.
//!
//! ```no_run
//! use lede_bench::{BenchOptions, bench, load_config};
//! use lede_runner::InputSource;
//! let (config, heap) = load_config("config/pipeline.toml".as_ref()).unwrap();
//! let inputs = vec![InputSource::parse("seeds")];
//! let report = bench(&config, &inputs, &BenchOptions::default(), heap).unwrap();
//! print!("{}", report.to_markdown());
//! ```

#![cfg_attr(test, allow(clippy::unwrap_used))]

pub mod accuracy;
pub mod cli;
pub mod clock;
pub mod memory;
pub mod profile;
pub mod report;
pub mod throughput;

pub use accuracy::{Accuracy, Figure, GoldSpec, TaskAccuracy, accuracy};
pub use memory::CountingAlloc;
pub use profile::{Profile, ProfileOptions, Stage, profile};
pub use report::{BenchReport, Machine};
pub use throughput::{ThroughputOptions, ThroughputRun, throughput};

use lede_runner::{Config, ConfigError, InputSource, RunError};
use std::path::{Path, PathBuf};

/// Why a bench could not run.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum BenchError {
    /// The config is missing or invalid.
    #[error(transparent)]
    Config(#[from] ConfigError),
    /// The runner stopped.
    #[error(transparent)]
    Run(#[from] RunError),
    /// Scoring failed (a malformed gold file, duplicate ids...).
    #[error(transparent)]
    Eval(#[from] lede_eval::EvalError),
    /// A file could not be read.
    #[error("cannot read {}: {source}", path.display())]
    Io {
        /// The file.
        path: PathBuf,
        /// The cause.
        source: std::io::Error,
    },
    /// A gold file is not usable.
    #[error("gold file {}: {message}", path.display())]
    Gold {
        /// The file.
        path: PathBuf,
        /// What is wrong.
        message: String,
    },
}

/// What to measure.
#[derive(Clone, Debug)]
pub struct BenchOptions {
    /// Read the inputs this many times in a row (to bench a small corpus for longer).
    pub repeat: usize,
    /// Time each stage on one thread; `None` to skip.
    pub profile: Option<ProfileOptions>,
    /// Run the runner at these thread counts; `None` to skip.
    pub throughput: Option<ThroughputOptions>,
    /// Gold files to score on (none: no accuracy figures).
    pub gold: Vec<GoldSpec>,
}

impl Default for BenchOptions {
    fn default() -> BenchOptions {
        BenchOptions {
            repeat: 1,
            profile: Some(ProfileOptions::default()),
            throughput: Some(ThroughputOptions::default()),
            gold: Vec::new(),
        }
    }
}

/// Loads a config with the built-in analyzer kinds (and plugins), and measures the heap the
/// built pipeline holds when [`CountingAlloc`] is the global allocator.
pub fn load_config(path: &Path) -> Result<(Config, Option<u64>), BenchError> {
    let registry = lede_builtins::registry();
    memory::set_heap_tracking(true);
    let base = memory::heap_current();
    let config = Config::load(path, &registry);
    let held = memory::heap_current() - base;
    memory::set_heap_tracking(false);
    let heap = memory::heap_tracking_available().then(|| u64::try_from(held).unwrap_or(0));
    Ok((config?, heap))
}

/// Runs the measurements `opts` asks for over `inputs` with the pipeline of `config`.
/// `pipeline_heap` is what [`load_config`] measured, carried into the report.
pub fn bench(
    config: &Config,
    inputs: &[InputSource],
    opts: &BenchOptions,
    pipeline_heap: Option<u64>,
) -> Result<BenchReport, BenchError> {
    let mut machine = Machine::now();
    let sources: Vec<InputSource> = inputs.iter().cloned().cycle().take(inputs.len() * opts.repeat.max(1)).collect();
    let max_document_bytes = config.run.max_document_mib.saturating_mul(1 << 20);
    let profile = opts.profile.as_ref().map(|p| {
        let p = ProfileOptions { max_document_bytes, ..p.clone() };
        profile::profile(&config.pipeline, &sources, &p)
    });
    let throughput = match &opts.throughput {
        Some(t) => {
            let t = ThroughputOptions { batch_size: config.run.batch_size, max_document_bytes, ..t.clone() };
            // A pipeline built anew for each thread count, so that its first run starts with
            // the analyzers' shared caches empty too, as a one-off `lede run` does.
            let registry = lede_builtins::registry();
            let build = || Ok(Config::load(&config.path, &registry)?.pipeline);
            throughput::throughput(build, &sources, &t)?
        }
        None => Vec::new(),
    };
    let accuracy = if opts.gold.is_empty() { None } else { Some(accuracy::accuracy(&config.pipeline, &opts.gold)?) };
    machine.load_after = report::load_average();
    Ok(BenchReport {
        version: env!("CARGO_PKG_VERSION").to_string(),
        machine,
        config: config.path.display().to_string(),
        analyzers: config.pipeline.names().into_iter().map(str::to_string).collect(),
        inputs: inputs
            .iter()
            .map(|i| match i {
                InputSource::Path(p) => p.display().to_string(),
                InputSource::Stdin => "-".to_string(),
            })
            .collect(),
        repeat: opts.repeat.max(1),
        pipeline_heap_bytes: pipeline_heap,
        profile,
        throughput,
        accuracy,
    })
}
