//! The command line of `lede bench` (also the `lede-bench` binary of this crate).

use crate::{BenchOptions, GoldSpec, ProfileOptions, ThroughputOptions, bench, load_config};
use anyhow::{Context, Result, bail};
use clap::Args;
use lede_runner::InputSource;
use std::path::PathBuf;

/// Where the config is looked for when `--config` is not given.
pub const DEFAULT_CONFIG: &str = "config/pipeline.toml";

/// Arguments of `lede bench`.
#[derive(Args, Debug)]
#[command(after_help = "\
Measures the configured pipeline on INPUT (files, folders, .jsonl files; default: the config's \
[run] input) and prints markdown tables on stdout:

  1. per analyzer, on one thread: share of the time, MB/s alone, docs/s, the most heap one call \
allocated (every stage timed alone: read, segmentation, each analyzer in dependency order, serialize);
  2. the whole pipeline through the runner, as `lede run` runs it (output to a sink), at each \
--threads count: median MB/s and docs/s of --runs runs, speed-up over one thread, peak RSS;
  3. with --gold: the figures of `lede eval` on each gold file (the task comes from the file's \
fields, or is given as TASK=FILE; TASK:ANALYZER=FILE scores a plugin's output).

MB is 10^6 bytes of document text (UTF-8; JSON syntax and other fields not counted); MiB is 2^20 bytes. Peak RSS is VmHWM of /proc/self/status (Linux), \
reset before each measurement; heap figures count live allocations.

Examples:
  lede bench ../shared/data/corpus/news/articles.jsonl
  lede bench --threads 1,2 --runs 5 ../shared/data/corpus/news/articles.jsonl --json /tmp/bench.json
  lede bench --no-throughput --gold ../shared/gold/seeds/seeds-dev.jsonl \\
      --gold ../shared/data/ner/conll2003/dev.jsonl seeds/
  lede bench --config my-plugin.toml seeds/     # bench a plugin next to the built-ins")]
pub struct BenchArgs {
    /// Pipeline config file.
    #[arg(long, short, value_name = "FILE", default_value = DEFAULT_CONFIG)]
    pub config: PathBuf,
    /// Thread counts for the runner, comma-separated; 0 = one per core.
    #[arg(long, short = 'j', value_name = "N,N,...", value_delimiter = ',', default_values_t = [1usize, 2, 0])]
    pub threads: Vec<usize>,
    /// Runs per thread count (the median is reported).
    #[arg(long, value_name = "N", default_value_t = 3)]
    pub runs: usize,
    /// Read the inputs N times in a row (bench a small corpus for longer).
    #[arg(long, value_name = "N", default_value_t = 1)]
    pub repeat: usize,
    /// Gold file to score on: `FILE`, `TASK=FILE`, or `TASK:ANALYZER=FILE` to score a
    /// configured analyzer of another kind (a plugin); repeat for several.
    #[arg(long, short, value_name = "[TASK[:ANALYZER]=]FILE")]
    pub gold: Vec<GoldSpec>,
    /// Skip the per-analyzer profile.
    #[arg(long)]
    pub no_profile: bool,
    /// Skip the runner throughput runs.
    #[arg(long)]
    pub no_throughput: bool,
    /// Also write every figure as JSON to FILE (- for stdout instead of the tables).
    #[arg(long, value_name = "FILE")]
    pub json: Option<PathBuf>,
    /// Files, folders or .jsonl files (not stdin: the input is read several times).
    #[arg(value_name = "INPUT")]
    pub inputs: Vec<String>,
}

/// Runs `lede bench`.
pub fn run(args: BenchArgs) -> Result<()> {
    if args.inputs.iter().any(|i| i == "-") {
        bail!("lede bench reads its input several times, so it cannot read stdin: write it to a .jsonl file first");
    }
    let (config, heap) = load_config(&args.config)?;
    let inputs: Vec<InputSource> = if args.inputs.is_empty() {
        config.run.input.iter().map(|p| InputSource::Path(config.dir().join(p))).collect()
    } else {
        args.inputs.iter().map(|a| InputSource::parse(a)).collect()
    };
    let measures_input = !args.no_profile || !args.no_throughput;
    if inputs.is_empty() && measures_input {
        bail!("no input: name files or folders (or set [run] input in the config)");
    }
    for i in &inputs {
        if let InputSource::Path(p) = i
            && !p.exists()
        {
            bail!("no such file or folder: {}", p.display());
        }
    }
    let opts = BenchOptions {
        repeat: args.repeat.max(1),
        profile: (!args.no_profile).then(ProfileOptions::default),
        throughput: (!args.no_throughput).then(|| ThroughputOptions {
            threads: args.threads.clone(),
            runs: args.runs.max(1),
            ..Default::default()
        }),
        gold: args.gold.clone(),
    };
    eprintln!(
        "lede bench: {} on {} ...",
        config.pipeline.names().join(", "),
        if measures_input {
            inputs
                .iter()
                .map(|i| match i {
                    InputSource::Path(p) => p.display().to_string(),
                    InputSource::Stdin => "-".to_string(),
                })
                .collect::<Vec<_>>()
                .join(" ")
        } else {
            "gold files only".to_string()
        }
    );
    let report = bench(&config, if measures_input { &inputs } else { &[] }, &opts, heap)?;
    let json = serde_json::to_string_pretty(&report)?;
    match &args.json {
        Some(path) if path.as_os_str() == "-" => println!("{json}"),
        Some(path) => {
            std::fs::write(path, json + "\n").with_context(|| format!("cannot write {}", path.display()))?;
            print!("{}", report.to_markdown());
        }
        None => print!("{}", report.to_markdown()),
    }
    Ok(())
}
