//! The `Analyzer` trait and the results analyzers hand to each other.

use crate::Document;
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::Value;

/// Why an analyzer could not analyze one document. The runner writes it under the document's
/// `errors` and keeps the other analyzers' results.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum AnalyzerError {
    /// A required dependency produced no result for this document (it failed or is missing).
    #[error("the result of `{0}`, which this analyzer depends on, is missing")]
    MissingDependency(String),
    /// A dependency's result does not have the shape this analyzer expects.
    #[error("the result of `{name}` has an unexpected shape: {message}")]
    BadDependency {
        /// Name of the dependency.
        name: String,
        /// What did not fit.
        message: String,
    },
    /// The analyzer panicked; the message is the panic payload.
    #[error("panicked: {0}")]
    Panic(String),
    /// The result could not be serialized.
    #[error("could not serialize the result: {0}")]
    Serialize(String),
    /// Any other failure, described for the user.
    #[error("{0}")]
    Failed(String),
}

/// A dependency of an analyzer: another configured analyzer whose result it reads.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Dependency {
    /// The configured name of the other analyzer (a key of `[analyzers]`).
    pub name: String,
    /// When true, a pipeline without that analyzer is still valid and the analyzer runs
    /// without its result.
    pub optional: bool,
}

impl Dependency {
    /// A dependency the analyzer cannot run without.
    pub fn required(name: impl Into<String>) -> Dependency {
        Dependency { name: name.into(), optional: false }
    }

    /// A dependency the analyzer uses when it is configured.
    pub fn optional(name: impl Into<String>) -> Dependency {
        Dependency { name: name.into(), optional: true }
    }
}

/// The results of an analyzer's dependencies for one document, by configured name.
#[derive(Clone, Copy, Debug, Default)]
pub struct Dependencies<'a> {
    results: &'a [(&'a str, &'a Value)],
}

impl<'a> Dependencies<'a> {
    /// Wraps the given `(name, result)` pairs.
    pub fn new(results: &'a [(&'a str, &'a Value)]) -> Dependencies<'a> {
        Dependencies { results }
    }

    /// No dependency results at all.
    pub fn none() -> Dependencies<'static> {
        Dependencies { results: &[] }
    }

    /// The raw JSON result of the analyzer named `name`, if it ran on this document.
    pub fn get(&self, name: &str) -> Option<&'a Value> {
        self.results.iter().find(|(n, _)| *n == name).map(|(_, v)| *v)
    }

    /// The result of `name` parsed into `T`, or `None` when that analyzer did not run.
    pub fn parse<T: DeserializeOwned>(&self, name: &str) -> Result<Option<T>, AnalyzerError> {
        match self.get(name) {
            None => Ok(None),
            Some(v) => T::deserialize(v)
                .map(Some)
                .map_err(|e| AnalyzerError::BadDependency { name: name.to_string(), message: e.to_string() }),
        }
    }

    /// Like [`Dependencies::parse`], but a missing result is an error.
    pub fn require<T: DeserializeOwned>(&self, name: &str) -> Result<T, AnalyzerError> {
        self.parse(name)?.ok_or_else(|| AnalyzerError::MissingDependency(name.to_string()))
    }
}

/// An analyzer: reads a segmented document (and the results of the analyzers it depends on)
/// and returns a result that is written under its configured name in the output.
///
/// Analyzers are built once per run and shared by every worker thread, so they hold their
/// resources (lexicons, models) themselves and analyze through `&self`.
///
/// ```
/// use lede_core::{Analyzer, AnalyzerError, Dependencies, Document};
///
/// struct WordCount;
///
/// impl Analyzer for WordCount {
///     type Output = usize;
///     fn name(&self) -> &str { "word-count" }
///     fn analyze(&self, doc: &Document, _deps: &Dependencies<'_>) -> Result<usize, AnalyzerError> {
///         Ok(doc.segmentation().tokens.len())
///     }
/// }
///
/// let doc = Document::new("d1", "Two words.", None);
/// assert_eq!(WordCount.analyze(&doc, &Dependencies::none()).unwrap(), 3);
/// ```
pub trait Analyzer: Send + Sync + 'static {
    /// The result type, serialized into the output JSON.
    type Output: Serialize;

    /// The analyzer's kind, such as `entity`; used in messages.
    fn name(&self) -> &str;

    /// The configured analyzers whose results this one reads.
    fn dependencies(&self) -> Vec<Dependency> {
        Vec::new()
    }

    /// Analyzes one document.
    fn analyze(&self, doc: &Document, deps: &Dependencies<'_>) -> Result<Self::Output, AnalyzerError>;
}

/// The object-safe form of [`Analyzer`] the runner works with: results are JSON values.
///
/// Every [`Analyzer`] implements it; plugins implement it directly.
pub trait DynAnalyzer: Send + Sync {
    /// See [`Analyzer::name`].
    fn name(&self) -> &str;
    /// See [`Analyzer::dependencies`].
    fn dependencies(&self) -> Vec<Dependency>;
    /// Analyzes one document and serializes the result.
    fn analyze_json(&self, doc: &Document, deps: &Dependencies<'_>) -> Result<Value, AnalyzerError>;
}

impl<A: Analyzer> DynAnalyzer for A {
    fn name(&self) -> &str {
        Analyzer::name(self)
    }

    fn dependencies(&self) -> Vec<Dependency> {
        Analyzer::dependencies(self)
    }

    fn analyze_json(&self, doc: &Document, deps: &Dependencies<'_>) -> Result<Value, AnalyzerError> {
        let out = self.analyze(doc, deps)?;
        serde_json::to_value(out).map_err(|e| AnalyzerError::Serialize(e.to_string()))
    }
}
