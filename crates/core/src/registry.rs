//! The registry of analyzer kinds: how a `[analyzers.NAME]` table of the pipeline config becomes
//! a running analyzer.
//!
//! Each kind registers a build function that receives the table's options (everything but
//! `kind`) and a [`BuildContext`]. Options are deserialized with [`Options::parse`], whose errors
//! keep the byte span of the offending key or value so that the runner can report
//! `file:line:column`.

use crate::DynAnalyzer;
use serde::Deserialize;
use serde::de::DeserializeOwned;
use std::ops::Range;
use std::path::{Path, PathBuf};
use toml::Spanned;
use toml::de::{DeTable, DeValue, ValueDeserializer};

/// Why an analyzer could not be built from its config table.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum BuildError {
    /// An option is unknown, missing, or of the wrong type or value.
    #[error("{message}")]
    Option {
        /// What is wrong and what is expected.
        message: String,
        /// Byte range of the offending key or value in the config file, when known.
        span: Option<Range<usize>>,
    },
    /// A resource the analyzer needs (model, lexicon, library) could not be loaded.
    #[error("cannot load {}: {message}", path.display())]
    Resource {
        /// The file that failed to load.
        path: PathBuf,
        /// Why.
        message: String,
    },
    /// Any other reason.
    #[error("{0}")]
    Other(String),
}

impl BuildError {
    /// An option error at a known span.
    pub fn option(message: impl Into<String>, span: Option<Range<usize>>) -> BuildError {
        BuildError::Option { message: message.into(), span }
    }
}

/// The options of one analyzer: its config table without `kind`, with source spans.
#[derive(Clone, Debug)]
pub struct Options<'a> {
    value: Spanned<DeValue<'a>>,
}

impl<'a> Options<'a> {
    /// Wraps a spanned TOML value (a table) taken from the config file.
    pub fn new(value: Spanned<DeValue<'a>>) -> Options<'a> {
        Options { value }
    }

    /// Parses a standalone TOML document as options (for tests and programmatic use).
    pub fn from_toml(src: &'a str) -> Result<Options<'a>, BuildError> {
        let table = DeTable::parse(src).map_err(|e| BuildError::option(e.message().to_string(), e.span()))?;
        let span = table.span();
        Ok(Options { value: Spanned::new(span, DeValue::Table(table.into_inner())) })
    }

    /// Empty options, so every field takes its default.
    pub fn empty() -> Options<'static> {
        Options { value: Spanned::new(0..0, DeValue::Table(DeTable::new())) }
    }

    /// Deserializes the options into `T`. Use `#[serde(deny_unknown_fields)]` on `T` so that a
    /// misspelt option is an error rather than silently ignored.
    pub fn parse<T: DeserializeOwned>(&self) -> Result<T, BuildError> {
        T::deserialize(ValueDeserializer::from(self.value.clone()))
            .map_err(|e| BuildError::option(e.message().to_string(), e.span().or_else(|| Some(self.value.span()))))
    }

    /// The options as JSON (how plugins receive them).
    pub fn to_json(&self) -> Result<serde_json::Value, BuildError> {
        serde_json::Value::deserialize(ValueDeserializer::from(self.value.clone()))
            .map_err(|e| BuildError::option(e.message().to_string(), e.span()))
    }

    /// The span of the whole table in the config file.
    pub fn span(&self) -> Range<usize> {
        self.value.span()
    }

    /// The span of the value of `key`, when present.
    pub fn key_span(&self, key: &str) -> Option<Range<usize>> {
        match self.value.get_ref() {
            DeValue::Table(t) => t.iter().find(|(k, _)| k.get_ref() == key).map(|(_, v)| v.span()),
            _ => None,
        }
    }
}

/// What a build function knows about where its analyzer is being built.
#[derive(Clone, Copy, Debug)]
pub struct BuildContext<'a> {
    /// The configured name of the analyzer (its key in `[analyzers]`).
    pub name: &'a str,
    /// The folder of the config file; relative paths in options resolve against it.
    pub config_dir: &'a Path,
    /// The names of all analyzers in the pipeline.
    pub configured: &'a [String],
}

impl BuildContext<'_> {
    /// Resolves a path from the config against the config file's folder.
    pub fn resolve(&self, path: &Path) -> PathBuf {
        if path.is_absolute() { path.to_path_buf() } else { self.config_dir.join(path) }
    }

    /// True when an analyzer of that name is configured.
    pub fn is_configured(&self, name: &str) -> bool {
        self.configured.iter().any(|n| n == name)
    }
}

/// A function that builds an analyzer from its options.
pub type BuildFn = fn(&Options<'_>, &BuildContext<'_>) -> Result<Box<dyn DynAnalyzer>, BuildError>;

/// One analyzer kind: its name, documentation and build function.
#[derive(Clone, Copy)]
pub struct AnalyzerKind {
    /// The value of `kind` in the config, such as `entity`.
    pub kind: &'static str,
    /// One line saying what it does.
    pub summary: &'static str,
    /// Its options as a commented TOML snippet with the defaults.
    pub options: &'static str,
    /// Builds the analyzer.
    pub build: BuildFn,
}

impl std::fmt::Debug for AnalyzerKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AnalyzerKind").field("kind", &self.kind).finish_non_exhaustive()
    }
}

/// The analyzer kinds a runner can build, in registration order.
#[derive(Clone, Debug, Default)]
pub struct Registry {
    kinds: Vec<AnalyzerKind>,
}

impl Registry {
    /// An empty registry.
    pub fn new() -> Registry {
        Registry::default()
    }

    /// Adds a kind, replacing any earlier kind of the same name.
    pub fn register(&mut self, kind: AnalyzerKind) -> &mut Registry {
        self.kinds.retain(|k| k.kind != kind.kind);
        self.kinds.push(kind);
        self
    }

    /// The kind named `kind`.
    pub fn get(&self, kind: &str) -> Option<&AnalyzerKind> {
        self.kinds.iter().find(|k| k.kind == kind)
    }

    /// All kinds.
    pub fn kinds(&self) -> &[AnalyzerKind] {
        &self.kinds
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields, rename_all = "kebab-case")]
    struct Opts {
        #[serde(default)]
        max_len: u32,
    }

    #[test]
    fn option_errors_carry_spans() {
        let src = "max-len = 3\nbogus = true\n";
        let opts = Options::from_toml(src).unwrap();
        let err = opts.parse::<Opts>().unwrap_err();
        let BuildError::Option { message, span } = err else { panic!("wrong variant") };
        assert!(message.contains("unknown field `bogus`"), "{message}");
        assert_eq!(&src[span.unwrap()], "bogus");

        let src = "max-len = \"three\"\n";
        let BuildError::Option { message, span } = Options::from_toml(src).unwrap().parse::<Opts>().unwrap_err() else {
            panic!("wrong variant")
        };
        assert!(message.contains("invalid type"), "{message}");
        assert_eq!(&src[span.unwrap()], "\"three\"");
    }

    #[test]
    fn options_become_json() {
        let opts = Options::from_toml("top-k = 5\nwords = [\"a\"]\n").unwrap();
        assert_eq!(opts.to_json().unwrap(), serde_json::json!({"top-k": 5, "words": ["a"]}));
        assert_eq!(Options::empty().parse::<Opts>().unwrap().max_len, 0);
    }
}
