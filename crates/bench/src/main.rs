//! `lede-bench`: the same command as `lede bench`, runnable with
//! `cargo run --release -p lede-bench -- [ARGS]`.

use clap::Parser;
use std::process::ExitCode;

#[global_allocator]
static ALLOC: lede_bench::CountingAlloc = lede_bench::CountingAlloc;

/// Benchmarks a lede pipeline: time and heap per analyzer, throughput and peak RSS of the runner
/// at several thread counts, and accuracy on gold files.
#[derive(Parser)]
#[command(name = "lede-bench", version)]
struct Cli {
    #[command(flatten)]
    args: lede_bench::cli::BenchArgs,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match lede_bench::cli::run(cli.args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("lede-bench: error: {err:#}");
            ExitCode::from(2)
        }
    }
}
