//! `lede plugin new NAME`: writes a working plugin crate skeleton.

use std::path::{Component, Path, PathBuf};

/// Why a plugin skeleton could not be written.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ScaffoldError {
    /// The name is not usable as a plugin name.
    #[error(
        "invalid plugin name `{0}`: use lowercase ASCII letters, digits and single hyphens, starting with a letter (like `topic-tagger`)"
    )]
    InvalidName(String),
    /// The target folder exists already.
    #[error("{} already exists; choose another name or remove it", .0.display())]
    Exists(PathBuf),
    /// No lede workspace (with crates/plugin-sdk) above the plugins folder.
    #[error(
        "cannot find the lede workspace (a folder with Cargo.toml and crates/plugin-sdk) above {}; run this inside the lede repository or use scaffold_with_sdk",
        .0.display()
    )]
    NoWorkspace(PathBuf),
    /// Writing failed.
    #[error("cannot write {}: {source}", path.display())]
    Io {
        /// The file or folder.
        path: PathBuf,
        /// The I/O error.
        source: std::io::Error,
    },
}

/// Creates `plugins_dir/NAME`, a plugin crate (package `lede-plugin-NAME`) of the lede
/// workspace above `plugins_dir`: `Cargo.toml` (crate-type cdylib + rlib, a path dependency on
/// `crates/plugin-sdk`), `src/lib.rs` (an `Analyzer` exported with `export_plugin!`) with a
/// test, and a `pipeline.toml` snippet. Returns the crate folder.
///
/// In the lede repository, `plugins/*` is a workspace glob, so the new crate is a member at
/// once: `cargo build --release -p lede-plugin-NAME` builds it.
pub fn scaffold(plugins_dir: &Path, name: &str) -> Result<PathBuf, ScaffoldError> {
    let abs = absolute(plugins_dir);
    let root = abs
        .ancestors()
        .find(|d| d.join("Cargo.toml").is_file() && d.join("crates/plugin-sdk/Cargo.toml").is_file())
        .ok_or_else(|| ScaffoldError::NoWorkspace(plugins_dir.to_path_buf()))?;
    let sdk = relative_to(&root.join("crates/plugin-sdk"), &abs.join(name));
    write(plugins_dir, name, &sdk, true)
}

/// Like [`scaffold`], but for a crate outside the lede workspace: the skeleton is its own
/// workspace (an empty `[workspace]` table) and depends on the SDK at `sdk_dir`.
pub fn scaffold_with_sdk(plugins_dir: &Path, name: &str, sdk_dir: &Path) -> Result<PathBuf, ScaffoldError> {
    write(plugins_dir, name, &absolute(sdk_dir), false)
}

fn absolute(p: &Path) -> PathBuf {
    let p = std::path::absolute(p).unwrap_or_else(|_| p.to_path_buf());
    // Drop `.` and resolve `..` lexically, so that relative paths come out clean.
    let mut out = PathBuf::new();
    for c in p.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => {
                out.pop();
            }
            other => out.push(other),
        }
    }
    out
}

/// `target` relative to the folder `from` (both absolute and normalized).
fn relative_to(target: &Path, from: &Path) -> PathBuf {
    let t: Vec<Component<'_>> = target.components().collect();
    let f: Vec<Component<'_>> = from.components().collect();
    let common = t.iter().zip(&f).take_while(|(a, b)| a == b).count();
    let mut out = PathBuf::new();
    for _ in common..f.len() {
        out.push("..");
    }
    for c in &t[common..] {
        out.push(c);
    }
    out
}

fn valid_name(name: &str) -> bool {
    let b = name.as_bytes();
    !b.is_empty()
        && b.len() <= 48
        && b[0].is_ascii_lowercase()
        && b.iter().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || *c == b'-')
        && !name.ends_with('-')
        && !name.contains("--")
}

fn camel(name: &str) -> String {
    name.split('-')
        .map(|part| {
            let mut chars = part.chars();
            chars.next().map(|c| c.to_ascii_uppercase().to_string() + chars.as_str()).unwrap_or_default()
        })
        .collect()
}

fn write(plugins_dir: &Path, name: &str, sdk: &Path, in_workspace: bool) -> Result<PathBuf, ScaffoldError> {
    if !valid_name(name) {
        return Err(ScaffoldError::InvalidName(name.to_string()));
    }
    let dir = plugins_dir.join(name);
    if dir.exists() {
        return Err(ScaffoldError::Exists(dir));
    }
    let io = |path: &Path| {
        let path = path.to_path_buf();
        move |source| ScaffoldError::Io { path, source }
    };
    std::fs::create_dir_all(dir.join("src")).map_err(io(&dir))?;
    let sdk = sdk.to_string_lossy().replace('\\', "/");
    let tail = if in_workspace {
        "\n[lints]\nworkspace = true\n"
    } else {
        "\n# Not part of another workspace.\n[workspace]\n"
    };
    let lib = format!("lede_plugin_{}", name.replace('-', "_"));
    let files = [
        ("Cargo.toml", TEMPLATE_CARGO.replace("{name}", name).replace("{sdk}", &sdk) + tail),
        ("src/lib.rs", TEMPLATE_LIB.replace("{name}", name).replace("{Type}", &camel(name)).replace("{lib}", &lib)),
        ("pipeline.toml", TEMPLATE_PIPELINE.replace("{name}", name).replace("{lib}", &lib)),
    ];
    for (file, contents) in files {
        let path = dir.join(file);
        std::fs::write(&path, contents).map_err(io(&path))?;
    }
    Ok(dir)
}

const TEMPLATE_CARGO: &str = r#"[package]
name = "lede-plugin-{name}"
description = "The {name} analyzer: a lede plugin."
version = "0.1.0"
edition = "2024"
publish = false

[lib]
# cdylib: the dynamic library lede loads; rlib: lets tests call the analyzer directly.
crate-type = ["cdylib", "rlib"]

[dependencies]
lede-plugin-sdk = { path = "{sdk}" }
serde = { version = "1", features = ["derive"] }
serde_json = "1"
"#;

const TEMPLATE_PIPELINE: &str = r#"# Add this table to your pipeline config (config/pipeline.toml). `path` is relative to the
# config file's folder; on macOS the file is lib{lib}.dylib, on Windows {lib}.dll.
[analyzers.{name}]
kind = "plugin"
path = "../target/release/lib{lib}.so"
config = { min-length = 7 }
"#;

const TEMPLATE_LIB: &str = r#"//! The `{name}` analyzer, a lede plugin: counts the words of a document, and the long ones.
//!
//! Build it with `cargo build --release -p lede-plugin-{name}` and add the table of
//! `pipeline.toml` (next to this crate's Cargo.toml) to your pipeline config.

use lede_plugin_sdk::{Analyzer, AnalyzerError, Dependencies, Document, Plugin, PluginError, TokenKind};
use serde::{Deserialize, Serialize};

/// The plugin's settings: the `config` table of its `[analyzers.{name}]` section.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case", default)]
pub struct Config {
    /// Words of at least this many characters count as long.
    pub min_length: usize,
}

impl Default for Config {
    fn default() -> Config {
        Config { min_length: 7 }
    }
}

/// What the plugin writes under its name in each output record.
#[derive(Debug, PartialEq, Serialize)]
pub struct Output {
    /// Number of words.
    pub words: usize,
    /// Number of words of at least `min-length` characters.
    pub long_words: usize,
}

/// The analyzer.
#[derive(Debug, Default)]
pub struct {Type} {
    config: Config,
}

impl Analyzer for {Type} {
    type Output = Output;

    fn name(&self) -> &str {
        "{name}"
    }

    // To read another analyzer's result, declare it here, e.g.
    // `vec![lede_plugin_sdk::Dependency::required("entities")]`, and read it in `analyze` with
    // `deps.require::<lede_plugin_sdk::schema::EntityOutput>("entities")?`.

    fn analyze(&self, doc: &Document, _deps: &Dependencies<'_>) -> Result<Output, AnalyzerError> {
        let text = doc.text();
        let mut out = Output { words: 0, long_words: 0 };
        for token in doc.segmentation().tokens.iter().filter(|t| t.kind == TokenKind::Word) {
            out.words += 1;
            if token.span.slice(text).chars().count() >= self.config.min_length {
                out.long_words += 1;
            }
        }
        Ok(out)
    }
}

impl Plugin for {Type} {
    fn create(config: serde_json::Value) -> Result<Self, PluginError> {
        Ok({Type} { config: lede_plugin_sdk::parse_config(config)? })
    }
}

lede_plugin_sdk::export_plugin!({Type});

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_words_and_long_words() {
        let analyzer = {Type}::create(serde_json::json!({ "min-length": 6 })).expect("valid config");
        let doc = Document::new("t1", "Short words, then considerably longer vocabulary.", None);
        let out = analyzer.analyze(&doc, &Dependencies::none()).expect("analyzes");
        assert_eq!(out, Output { words: 6, long_words: 3 });
    }

    #[test]
    fn rejects_unknown_settings() {
        assert!({Type}::create(serde_json::json!({ "min-lenght": 6 })).is_err());
    }
}
"#;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_checked() {
        for bad in ["", "Upper", "1abc", "a_b", "a--b", "a-", "x y"] {
            assert!(!valid_name(bad), "{bad}");
        }
        for good in ["a", "topic-tagger", "ticker2"] {
            assert!(valid_name(good), "{good}");
        }
        assert_eq!(camel("topic-tagger"), "TopicTagger");
    }

    #[test]
    fn relative_paths() {
        assert_eq!(
            relative_to(Path::new("/w/crates/plugin-sdk"), Path::new("/w/plugins/x")),
            PathBuf::from("../../crates/plugin-sdk")
        );
    }

    #[test]
    fn scaffold_writes_a_crate_and_refuses_to_overwrite() {
        let tmp = tempfile::tempdir().expect("tempdir");
        let ws = tmp.path();
        std::fs::create_dir_all(ws.join("crates/plugin-sdk")).expect("mkdir");
        std::fs::write(ws.join("Cargo.toml"), "[workspace]\n").expect("write");
        std::fs::write(ws.join("crates/plugin-sdk/Cargo.toml"), "").expect("write");
        let dir = scaffold(&ws.join("plugins"), "topic-tagger").expect("scaffold");
        let cargo = std::fs::read_to_string(dir.join("Cargo.toml")).expect("read");
        assert!(cargo.contains("name = \"lede-plugin-topic-tagger\""), "{cargo}");
        assert!(cargo.contains("path = \"../../crates/plugin-sdk\""), "{cargo}");
        let lib = std::fs::read_to_string(dir.join("src/lib.rs")).expect("read");
        assert!(lib.contains("export_plugin!(TopicTagger)"));
        assert!(matches!(scaffold(&ws.join("plugins"), "topic-tagger"), Err(ScaffoldError::Exists(_))));
        assert!(matches!(scaffold(&ws.join("plugins"), "Bad"), Err(ScaffoldError::InvalidName(_))));
        let elsewhere = tempfile::tempdir().expect("tempdir");
        assert!(matches!(scaffold(elsewhere.path(), "x"), Err(ScaffoldError::NoWorkspace(_))));
    }
}
