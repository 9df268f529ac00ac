//! `lede analyzers`.

use crate::run::{DEFAULT_CONFIG, load_config};
use anyhow::Result;
use clap::Args;
use std::io::Write;
use std::path::PathBuf;

/// Arguments of `lede analyzers`.
#[derive(Args)]
#[command(after_help = "Lists every analyzer kind this lede can build (the built-ins and `plugin`), then \
the pipeline of the config: its analyzers in the order they run, with what each depends on.")]
pub struct AnalyzersArgs {
    /// Pipeline config file.
    #[arg(long, short, value_name = "FILE", default_value = DEFAULT_CONFIG)]
    config: PathBuf,
    /// Also print every option of each kind, with its default.
    #[arg(long, short)]
    options: bool,
}

pub fn analyzers(args: AnalyzersArgs) -> Result<()> {
    let registry = lede_builtins::registry();
    let mut out = std::io::stdout().lock();
    writeln!(out, "Analyzer kinds:")?;
    let width = registry.kinds().iter().map(|k| k.kind.len()).max().unwrap_or(0);
    for kind in registry.kinds() {
        writeln!(out, "  {:width$}  {}", kind.kind, kind.summary)?;
        if args.options && !kind.options.trim().is_empty() {
            for line in kind.options.trim_end().lines() {
                writeln!(out, "      {line}")?;
            }
        }
    }
    writeln!(out)?;
    match load_config(&args.config) {
        Ok(config) => {
            writeln!(out, "Pipeline ({}), in the order it runs:", config.path.display())?;
            for (i, layer) in config.pipeline.layers().iter().enumerate() {
                for name in layer {
                    let Some((analyzer, deps)) = config.pipeline.analyzer(name) else { continue };
                    let needs = if deps.is_empty() { String::new() } else { format!("  (needs {})", deps.join(", ")) };
                    writeln!(out, "  {}. {name}  [{}]{needs}", i + 1, analyzer.name())?;
                }
            }
            Ok(())
        }
        Err(e) => {
            writeln!(out, "No pipeline: {e:#}")?;
            Ok(())
        }
    }
}
