//! `lede`: reads news articles and says who and what they are about, who is quoted saying
//! what, which figures they cite, and in what tone.

mod analyzers;
mod bench;
mod eval;
mod plugin;
mod progress;
mod run;
mod train;

use clap::{Parser, Subcommand};
use std::process::ExitCode;

/// Exit status when documents were written with errors.
const EXIT_DOCUMENT_ERRORS: u8 = 1;
/// Exit status for a bad config, bad arguments or an unusable output.
const EXIT_USAGE: u8 = 2;

#[derive(Parser)]
#[command(
    name = "lede",
    version,
    about = "Reads news articles and says who and what they are about, who is quoted saying what, \
             which figures they cite, and in what tone.",
    long_about = None,
    after_help = "Start with `lede run` in a lede checkout: it runs the pipeline in config/pipeline.toml \
                  on the sample articles in seeds/ and prints one JSON line per article.\n\
                  `lede <command> --help` explains each command."
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Analyze documents and print one JSON record per document.
    Run(run::RunArgs),
    /// Score predictions (the output of `lede run`) against gold files.
    Eval(eval::EvalArgs),
    /// List the analyzer kinds that can run and the configured pipeline.
    Analyzers(analyzers::AnalyzersArgs),
    /// Retrain the statistical models of the built-in analyzers.
    Train(train::TrainArgs),
    /// Tools for plugin authors (`lede plugin new NAME`).
    Plugin(plugin::PluginArgs),
    /// Time, memory and accuracy of the configured pipeline, per analyzer.
    Bench(bench::BenchArgs),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Run(args) => run::run(args),
        Command::Eval(args) => eval::eval(args).map(|()| ExitCode::SUCCESS),
        Command::Analyzers(args) => analyzers::analyzers(args).map(|()| ExitCode::SUCCESS),
        Command::Train(args) => train::train(args).map(|()| ExitCode::SUCCESS),
        Command::Plugin(args) => plugin::plugin(args).map(|()| ExitCode::SUCCESS),
        Command::Bench(args) => bench::bench(args).map(|()| ExitCode::SUCCESS),
    };
    match result {
        Ok(code) => code,
        Err(err) => {
            if is_broken_pipe(&err) {
                return ExitCode::SUCCESS;
            }
            eprintln!("lede: error: {err:#}");
            ExitCode::from(EXIT_USAGE)
        }
    }
}

/// A closed stdout (`lede run | head`) is not an error.
fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain().any(|cause| {
        cause.downcast_ref::<std::io::Error>().is_some_and(|e| e.kind() == std::io::ErrorKind::BrokenPipe)
            || cause.to_string().contains("Broken pipe")
    })
}
