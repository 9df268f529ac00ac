#![cfg_attr(test, allow(clippy::unwrap_used))]
//! Loads lede analyzer plugins: dynamic libraries that speak the lede plugin C ABI
//! ([`lede_plugin_abi`]), usually written with `lede-plugin-sdk`.
//!
//! [`plugin_kind`] is the analyzer kind `plugin` of the pipeline config:
//!
//! ```toml
//! [analyzers.readability]
//! kind = "plugin"
//! path = "../target/release/liblede_plugin_readability.so"   # relative to this file's folder
//! config = { min-words = 50 }                                 # passed to the plugin as JSON
//! ```
//!
//! Loading checks, in order: the file exists; it is a dynamic library; it exports
//! `lede_plugin_abi_version` and that returns [`lede_plugin_abi::ABI_VERSION`]; it exports the
//! other five symbols; its info is valid JSON, and it was not built with `panic = "abort"`;
//! `lede_plugin_create` accepts the config. Each failure is a [`BuildError`] naming the
//! configured plugin and the path. Libraries are never unloaded (they are leaked on purpose),
//! and every buffer a plugin returns is copied and handed back to the plugin's own
//! `lede_plugin_free_buf` before the call returns, so nothing the host keeps points into plugin
//! memory.
//!
//! At analysis time a panic inside the plugin is caught on the plugin's side of the boundary
//! and becomes an error for that document; output that is not JSON, or whose spans do not fit
//! the text, is an error naming the plugin and path.

mod load;
mod scaffold;
mod validate;

pub use load::{LoadError, PluginAnalyzer, load};
pub use scaffold::{ScaffoldError, scaffold, scaffold_with_sdk};
pub use validate::{SpanProblem, check_spans};

use lede_core::{AnalyzerKind, BuildContext, BuildError, DynAnalyzer, Options};
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::PathBuf;

/// The options of a `kind = "plugin"` table.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct PluginOptions {
    /// The dynamic library.
    path: PathBuf,
    /// The plugin's own config, passed through as JSON.
    #[serde(default)]
    config: Option<serde_json::Value>,
    /// Dependency renames: the plugin's declared name -> the configured analyzer.
    #[serde(default)]
    requires: BTreeMap<String, String>,
}

const OPTIONS: &str = r#"# A dynamic library speaking the lede plugin ABI (see docs/plugins.md).
# Required. Relative paths resolve against this config file's folder.
path = "plugins/libmy_plugin.so"
# The plugin's own settings, passed to it as a JSON object. Default: {}.
# config = { top-k = 10 }
# Rename dependencies: the name the plugin declares = the configured analyzer to use.
# Default: none (the declared names must be configured analyzers).
# requires = { entities = "ner" }
"#;

/// The analyzer kind `plugin`: builds an analyzer from a dynamic library named by `path`.
pub fn plugin_kind() -> AnalyzerKind {
    AnalyzerKind {
        kind: "plugin",
        summary: "A third-party analyzer loaded from a dynamic library (lede plugin ABI).",
        options: OPTIONS,
        build,
    }
}

fn build(options: &Options<'_>, ctx: &BuildContext<'_>) -> Result<Box<dyn DynAnalyzer>, BuildError> {
    let opts: PluginOptions = options.parse()?;
    let config = match opts.config {
        None => serde_json::Value::Object(serde_json::Map::new()),
        Some(v @ serde_json::Value::Object(_)) => v,
        Some(_) => {
            return Err(BuildError::option(
                "`config` must be a table (it is passed to the plugin as a JSON object)",
                options.key_span("config"),
            ));
        }
    };
    let path = ctx.resolve(&opts.path);
    let analyzer = load(ctx.name, &path, &config).map_err(|e| match e {
        LoadError::Create { .. } => BuildError::option(e.to_string(), options.key_span("config")),
        _ => BuildError::Resource { path: path.clone(), message: e.to_string() },
    })?;
    let mut analyzer = analyzer;
    analyzer
        .rename_dependencies(&opts.requires)
        .map_err(|message| BuildError::option(message, options.key_span("requires")))?;
    Ok(Box::new(analyzer))
}
