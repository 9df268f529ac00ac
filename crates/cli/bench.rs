//! `lede bench`: speed, memory and accuracy of the configured pipeline, per analyzer (the
//! `lede-bench` library behind a subcommand).

use anyhow::Result;

pub use lede_bench::cli::BenchArgs;

/// Counts live heap per analyzer call while `lede bench` profiles. Off otherwise: then each
/// allocation costs one relaxed atomic load more than the system allocator.
#[global_allocator]
static ALLOC: lede_bench::CountingAlloc = lede_bench::CountingAlloc;

pub fn bench(args: BenchArgs) -> Result<()> {
    lede_bench::cli::run(args)
}
