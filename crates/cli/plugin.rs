//! `lede plugin`: tools for plugin authors.

use anyhow::Result;
use clap::{Args, Subcommand};
use std::io::Write;
use std::path::PathBuf;

/// Arguments of `lede plugin`.
#[derive(Args)]
pub struct PluginArgs {
    #[command(subcommand)]
    what: PluginWhat,
}

#[derive(Subcommand)]
enum PluginWhat {
    /// Create a working plugin crate skeleton (an Analyzer exported through the plugin ABI).
    #[command(after_help = "\
Run it from the root of a lede checkout: it creates plugins/NAME, a member of the workspace.
Then: cargo build --release -p lede-plugin-NAME, add the printed [analyzers.NAME] table to
config/pipeline.toml, and lede run. docs/plugins.md explains every step.")]
    New {
        /// Plugin name: lower-case letters, digits and dashes.
        name: String,
        /// Folder to create the crate in.
        #[arg(long, default_value = "plugins")]
        dir: PathBuf,
    },
}

pub fn plugin(args: PluginArgs) -> Result<()> {
    let mut out = std::io::stdout().lock();
    match args.what {
        PluginWhat::New { name, dir } => {
            let path = lede_plugin_host::scaffold(&dir, &name)?;
            writeln!(out, "created {}", path.display())?;
            let snippet = path.join("pipeline.toml");
            if let Ok(text) = std::fs::read_to_string(&snippet) {
                writeln!(
                    out,
                    "\nBuild it with `cargo build --release -p lede-plugin-{name}`, then add to config/pipeline.toml:\n"
                )?;
                write!(out, "{text}")?;
            }
        }
    }
    Ok(())
}
