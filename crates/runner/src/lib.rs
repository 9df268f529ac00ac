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
//! [`Registry`]: lede_core::Registry

mod config;
mod input;
mod pipeline;
mod run;

pub use config::{CONFIG_VERSION, Config, ConfigError, OnError, Problem, RunSettings, line_column};
pub use input::{InputSource, RawDocument, read_all, total_bytes};
pub use pipeline::{DocAnalysis, DocError, Node, Pipeline, panic_message};
pub use run::{Observer, OutputFormat, Quiet, RunError, RunOptions, Summary, Workers, run, run_with, serialize_record};
