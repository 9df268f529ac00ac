//! The lede runner: reads a pipeline config, builds its analyzers from a [`Registry`], orders
//! them by their dependencies, and runs them over a stream of documents in parallel while
//! keeping output order equal to input order and memory flat.
//!
//! ```no_run
//! use lede_runner::{Config, InputSource, RunOptions, Quiet, run};
//! # fn registry() -> lede_core::Registry { lede_core::Registry::new() }
//! let config = Config::load("config/pipeline.toml".as_ref(), &registry()).unwrap();
//! let inputs = [InputSource::parse("seeds")];
//! let mut out = std::io::stdout().lock();
//! let summary = run(&config.pipeline, &inputs, &mut out, &RunOptions::default(), &mut Quiet).unwrap();
//! eprintln!("{} documents", summary.documents);
//! ```
//!
//! A program that runs pipelines many times keeps its worker threads, and with them the caches
//! the analyzers fill on each thread, with [`Workers`] and [`run_with`]:
//!
//! ```no_run
//! # use lede_runner::{Config, InputSource, RunOptions, Quiet, Workers, run_with};
//! # fn registry() -> lede_core::Registry { lede_core::Registry::new() }
//! # let config = Config::load("config/pipeline.toml".as_ref(), &registry()).unwrap();
//! let workers = Workers::new(0).unwrap(); // one per core
//! for batch in ["in/monday.jsonl", "in/tuesday.jsonl"] {
//!     let mut out = Vec::new();
//!     let opts = RunOptions::default();
//!     run_with(&workers, &config.pipeline, &[InputSource::parse(batch)], &mut out, &opts, &mut Quiet).unwrap();
//! }
//! ```
//!
//! [`Registry`]: lede_core::Registry

mod config;
mod input;
mod pipeline;
mod run;

pub use config::{CONFIG_VERSION, Config, ConfigError, OnError, Problem, RunSettings, line_column};
pub use input::{InputSource, RawDocument, read_all, total_bytes};
pub use pipeline::{DocAnalysis, DocError, Node, Pipeline, panic_message};
pub use run::{Observer, OutputFormat, Quiet, RunError, RunOptions, Summary, Workers, run, run_with, serialize_record};
