//! `lede run`.

use crate::progress::ProgressObserver;
use crate::{EXIT_DOCUMENT_ERRORS, EXIT_USAGE};
use anyhow::{Context, Result, bail};
use clap::{Args, ValueEnum};
use lede_runner::{Config, InputSource, OnError, OutputFormat, RunOptions};
use std::io::{BufWriter, IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// Where `lede run` looks for its config when `--config` is not given.
pub const DEFAULT_CONFIG: &str = "config/pipeline.toml";

#[derive(Clone, Copy, Debug, ValueEnum)]
enum Format {
    /// One JSON object per line.
    Jsonl,
    /// One pretty-printed JSON array.
    Json,
}

/// Arguments of `lede run`.
#[derive(Args)]
#[command(after_help = "\
INPUT is any mix of: a text file (one document, id = file stem), a folder (every *.txt and *.jsonl \
below it, in sorted order), a .jsonl file (one {\"id\", \"text\", ...} object per line; other fields are \
carried through as `meta`), or - for JSON Lines on stdin. With no INPUT, the config's [run] input is used.

Output is one JSON object per document, in input order, on stdout (or --output). Diagnostics, \
progress and a summary go to stderr.

Exit status: 0 when every document was analyzed; 1 when some document has errors (written under its \
`errors`; analyzer failures are forgiven with on_error = \"continue\" in the config); 2 for a bad \
config, bad arguments or an output that cannot be written.

Examples:
  lede run                               # the configured pipeline on seeds/
  lede run article.txt other-folder/     # your own articles
  cat docs.jsonl | lede run - > out.jsonl
  lede run --format json --threads 2 seeds/")]
pub struct RunArgs {
    /// Pipeline config file.
    #[arg(long, short, value_name = "FILE", default_value = DEFAULT_CONFIG)]
    config: PathBuf,
    /// Write the records to FILE instead of stdout.
    #[arg(long, short, value_name = "FILE")]
    output: Option<PathBuf>,
    /// Output format.
    #[arg(long, short, value_enum, default_value_t = Format::Jsonl)]
    format: Format,
    /// Worker threads (0 = one per core); overrides the config's [run] threads.
    #[arg(long, short = 'j', value_name = "N")]
    threads: Option<usize>,
    /// No progress bar and no summary line on stderr.
    #[arg(long, short)]
    quiet: bool,
    /// Files, folders, .jsonl files, or - for JSON Lines on stdin.
    #[arg(value_name = "INPUT")]
    inputs: Vec<String>,
}

/// Loads the config at `path` with the built-in analyzers, with a message that helps when the
/// default is missing.
pub fn load_config(path: &Path) -> Result<Config> {
    if !path.exists() && path == Path::new(DEFAULT_CONFIG) {
        bail!(
            "no config at {DEFAULT_CONFIG}: run lede from the root of a lede checkout, or pass --config FILE \
             (copy config/pipeline.toml from the repository to start one)"
        );
    }
    let registry = lede_builtins::registry();
    Ok(Config::load(path, &registry)?)
}

pub fn run(args: RunArgs) -> Result<ExitCode> {
    let config = match load_config(&args.config) {
        Ok(c) => c,
        Err(e) => {
            eprintln!("lede: error: {e:#}");
            return Ok(ExitCode::from(EXIT_USAGE));
        }
    };
    let sources: Vec<InputSource> = if args.inputs.is_empty() {
        config.run.input.iter().map(|p| InputSource::Path(config.dir().join(p))).collect()
    } else {
        args.inputs.iter().map(|a| InputSource::parse(a)).collect()
    };
    if sources.is_empty() {
        bail!("no input: name files or folders, or - for JSON Lines on stdin (or set [run] input in the config)");
    }
    let opts = RunOptions {
        threads: args.threads.unwrap_or(config.run.threads),
        batch_size: config.run.batch_size,
        max_document_bytes: config.run.max_document_mib.saturating_mul(1 << 20),
        format: match args.format {
            Format::Jsonl => OutputFormat::Jsonl,
            Format::Json => OutputFormat::Json,
        },
    };
    let show_progress = !args.quiet && std::io::stderr().is_terminal();
    let total = if show_progress { lede_runner::total_bytes(&sources) } else { None };
    let mut observer = ProgressObserver::new(show_progress, total);

    let mut out: Box<dyn Write> = match &args.output {
        Some(path) => Box::new(BufWriter::new(
            std::fs::File::create(path).with_context(|| format!("cannot create output file {}", path.display()))?,
        )),
        None => Box::new(BufWriter::new(std::io::stdout().lock())),
    };
    let summary = lede_runner::run(&config.pipeline, &sources, &mut out, &opts, &mut observer)?;
    observer.finish();
    if !args.quiet {
        eprintln!(
            "lede: {} documents, {:.2} MB in {:.2} s ({:.2} MB/s), {} with errors, {} warnings",
            summary.documents,
            summary.bytes as f64 / 1e6,
            summary.seconds,
            summary.mb_per_s(),
            summary.documents_with_errors,
            summary.warnings
        );
    }
    let analyzer_failures = summary.documents_with_errors > summary.input_errors;
    let failed = summary.input_errors > 0 || (analyzer_failures && config.on_error == OnError::Fail);
    Ok(if failed { ExitCode::from(EXIT_DOCUMENT_ERRORS) } else { ExitCode::SUCCESS })
}
