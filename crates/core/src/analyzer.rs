//! The `Analyzer` trait and the results analyzers hand to each other.

use crate::Document;
use crate::schema::{EntityOutput, QuoteOutput};
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::Value;
use std::any::Any;
use std::borrow::Cow;
use std::sync::OnceLock;

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

/// One analyzer's result for one document.
///
/// Results stay typed while the pipeline runs: an analyzer that depends on a built-in reads its
/// result by reference ([`Dependencies::typed`]), and the runner serializes each result once,
/// straight into the output. The JSON form ([`AnalysisResult::json`]) is built only when
/// something asks for it (a plugin, or an analyzer reading the result as JSON).
pub struct AnalysisResult {
    value: Box<dyn ErasedResult>,
    json: OnceLock<Value>,
    /// The producing analyzer's own compact writer ([`Analyzer::json_writer`]), if any.
    writer: Option<WriteErased>,
}

/// A function that appends a value as compact JSON (see [`Analyzer::json_writer`]).
pub type JsonWriter<T> = fn(&T, &mut Vec<u8>);

/// A compact JSON writer for a type-erased result: false when the value is not of its type.
type WriteErased = fn(&dyn Any, &mut Vec<u8>) -> bool;

/// [`Analyzer::json_writer`] of `A`, type-erased.
fn write_with<A: Analyzer>(value: &dyn Any, out: &mut Vec<u8>) -> bool {
    match (A::json_writer(), value.downcast_ref::<A::Output>()) {
        (Some(write), Some(v)) => {
            write(v, out);
            true
        }
        _ => false,
    }
}

/// What [`AnalysisResult`] needs of a result: to be read back as its type, and serialized.
trait ErasedResult: Send + Sync {
    fn as_any(&self) -> &dyn Any;
    fn as_serialize(&self) -> &dyn erased_serde::Serialize;
    fn as_json(&self) -> Option<&Value>;
    fn write_json(&self, out: &mut Vec<u8>) -> serde_json::Result<()>;
}

impl<T: Serialize + Send + Sync + 'static> ErasedResult for T {
    fn as_any(&self) -> &dyn Any {
        self
    }

    fn as_serialize(&self) -> &dyn erased_serde::Serialize {
        self
    }

    fn as_json(&self) -> Option<&Value> {
        (self as &dyn Any).downcast_ref::<Value>()
    }

    fn write_json(&self, out: &mut Vec<u8>) -> serde_json::Result<()> {
        // Monomorphized for `T` (so these type tests are resolved at compile time): the
        // entity and quote results have writers of their own, the rest goes through serde
        // without an erased-serde call per field.
        let any = self as &dyn Any;
        if let Some(v) = any.downcast_ref::<EntityOutput>() {
            crate::json::write_entity_output(out, v);
            return Ok(());
        }
        if let Some(v) = any.downcast_ref::<QuoteOutput>() {
            crate::json::write_quote_output(out, v);
            return Ok(());
        }
        crate::json::write_compact(out, self)
    }
}

impl AnalysisResult {
    /// Wraps a typed result.
    pub fn new<T: Serialize + Send + Sync + 'static>(value: T) -> AnalysisResult {
        AnalysisResult { value: Box::new(value), json: OnceLock::new(), writer: None }
    }

    /// Wraps the output of analyzer `A`, keeping `A`'s compact writer
    /// ([`Analyzer::json_writer`]) for [`AnalysisResult::write_json`].
    pub fn of<A: Analyzer>(value: A::Output) -> AnalysisResult {
        let writer = A::json_writer().map(|_| write_with::<A> as WriteErased);
        AnalysisResult { value: Box::new(value), json: OnceLock::new(), writer }
    }

    /// The result as its own type, when it is a `T`.
    pub fn downcast_ref<T: 'static>(&self) -> Option<&T> {
        self.value.as_any().downcast_ref::<T>()
    }

    /// The result as JSON, converted on first use and kept.
    pub fn json(&self) -> Result<&Value, AnalyzerError> {
        if let Some(v) = self.value.as_json() {
            return Ok(v);
        }
        if let Some(v) = self.json.get() {
            return Ok(v);
        }
        let v = serde_json::to_value(self).map_err(|e| AnalyzerError::Serialize(e.to_string()))?;
        Ok(self.json.get_or_init(|| v))
    }

    /// Appends the result as compact JSON to `out`: the bytes `serde_json::to_writer` gives for
    /// it, written by code specialized for the result's type (cheaper than serializing through
    /// the type-erased [`Serialize`] impl). On error `out` may hold a partial result.
    ///
    /// # Errors
    /// When the result cannot be serialized (a map with non-string keys, say).
    pub fn write_json(&self, out: &mut Vec<u8>) -> serde_json::Result<()> {
        if let Some(write) = self.writer {
            if write(self.value.as_any(), out) {
                return Ok(());
            }
        }
        self.value.write_json(out)
    }

    /// Converts the result into JSON.
    pub fn into_json(self) -> Result<Value, AnalyzerError> {
        if let Some(v) = self.json.into_inner() {
            return Ok(v);
        }
        match self.value.as_json() {
            Some(v) => Ok(v.clone()),
            None => {
                serde_json::to_value(self.value.as_serialize()).map_err(|e| AnalyzerError::Serialize(e.to_string()))
            }
        }
    }
}

impl From<Value> for AnalysisResult {
    fn from(value: Value) -> AnalysisResult {
        AnalysisResult::new(value)
    }
}

impl Serialize for AnalysisResult {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        erased_serde::serialize(self.value.as_serialize(), serializer)
    }
}

impl std::fmt::Debug for AnalysisResult {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match serde_json::to_string(self) {
            Ok(s) => write!(f, "AnalysisResult({s})"),
            Err(e) => write!(f, "AnalysisResult(<not serializable: {e}>)"),
        }
    }
}

/// The results of an analyzer's dependencies for one document, by configured name.
#[derive(Clone, Copy, Debug, Default)]
pub struct Dependencies<'a> {
    results: &'a [(&'a str, &'a AnalysisResult)],
}

impl<'a> Dependencies<'a> {
    /// Wraps the given `(name, result)` pairs.
    pub fn new(results: &'a [(&'a str, &'a AnalysisResult)]) -> Dependencies<'a> {
        Dependencies { results }
    }

    /// No dependency results at all.
    pub fn none() -> Dependencies<'static> {
        Dependencies { results: &[] }
    }

    /// The result of the analyzer named `name`, if it ran on this document.
    pub fn result(&self, name: &str) -> Option<&'a AnalysisResult> {
        self.results.iter().find(|(n, _)| *n == name).map(|(_, v)| *v)
    }

    /// The result of the analyzer named `name` as JSON, if it ran on this document.
    pub fn json(&self, name: &str) -> Result<Option<&'a Value>, AnalyzerError> {
        self.result(name).map(AnalysisResult::json).transpose()
    }

    /// The JSON result of `name`, or `None` when that analyzer did not run or its result cannot
    /// be represented as JSON (see [`Dependencies::json`] for the error).
    pub fn get(&self, name: &str) -> Option<&'a Value> {
        self.json(name).ok().flatten()
    }

    /// The result of `name` as a `T`: borrowed when that analyzer produced a `T` (a built-in
    /// read by a built-in), otherwise parsed from its JSON (a plugin's result, or another type
    /// with the same shape). `None` when that analyzer did not run.
    pub fn typed<T>(&self, name: &str) -> Result<Option<Cow<'a, T>>, AnalyzerError>
    where
        T: DeserializeOwned + Clone + 'static,
    {
        let Some(result) = self.result(name) else { return Ok(None) };
        if let Some(t) = result.downcast_ref::<T>() {
            return Ok(Some(Cow::Borrowed(t)));
        }
        parse_json(name, result.json()?).map(|t| Some(Cow::Owned(t)))
    }

    /// The result of `name` parsed into `T`, or `None` when that analyzer did not run.
    pub fn parse<T: DeserializeOwned>(&self, name: &str) -> Result<Option<T>, AnalyzerError> {
        match self.json(name)? {
            None => Ok(None),
            Some(v) => parse_json(name, v).map(Some),
        }
    }

    /// Like [`Dependencies::parse`], but a missing result is an error.
    pub fn require<T: DeserializeOwned>(&self, name: &str) -> Result<T, AnalyzerError> {
        self.parse(name)?.ok_or_else(|| AnalyzerError::MissingDependency(name.to_string()))
    }
}

fn parse_json<T: DeserializeOwned>(name: &str, value: &Value) -> Result<T, AnalyzerError> {
    T::deserialize(value).map_err(|e| AnalyzerError::BadDependency { name: name.to_string(), message: e.to_string() })
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
    type Output: Serialize + Send + Sync + 'static;

    /// The analyzer's kind, such as `entity`; used in messages.
    fn name(&self) -> &str;

    /// The configured analyzers whose results this one reads.
    fn dependencies(&self) -> Vec<Dependency> {
        Vec::new()
    }

    /// Analyzes one document.
    fn analyze(&self, doc: &Document, deps: &Dependencies<'_>) -> Result<Self::Output, AnalyzerError>;

    /// A writer of the output as compact JSON that the runner uses instead of serde: it must
    /// append exactly the bytes `serde_json::to_writer` gives for the output (the helpers in
    /// [`crate::json`] write strings and numbers that way). Default: none, serde is used.
    fn json_writer() -> Option<JsonWriter<Self::Output>>
    where
        Self: Sized,
    {
        None
    }
}

/// The object-safe form of [`Analyzer`] the runner works with: results are type-erased
/// [`AnalysisResult`]s.
///
/// Every [`Analyzer`] implements it; plugins implement it directly.
pub trait DynAnalyzer: Send + Sync {
    /// See [`Analyzer::name`].
    fn name(&self) -> &str;
    /// See [`Analyzer::dependencies`].
    fn dependencies(&self) -> Vec<Dependency>;
    /// Analyzes one document.
    fn analyze_dyn(&self, doc: &Document, deps: &Dependencies<'_>) -> Result<AnalysisResult, AnalyzerError>;
    /// Analyzes one document and converts the result to JSON.
    fn analyze_json(&self, doc: &Document, deps: &Dependencies<'_>) -> Result<Value, AnalyzerError> {
        self.analyze_dyn(doc, deps)?.into_json()
    }
}

impl<A: Analyzer> DynAnalyzer for A {
    fn name(&self) -> &str {
        Analyzer::name(self)
    }

    fn dependencies(&self) -> Vec<Dependency> {
        Analyzer::dependencies(self)
    }

    fn analyze_dyn(&self, doc: &Document, deps: &Dependencies<'_>) -> Result<AnalysisResult, AnalyzerError> {
        self.analyze(doc, deps).map(AnalysisResult::of::<A>)
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;
    use crate::schema::{Entity, EntityOutput, EntityType, Mention};
    use serde_json::json;

    fn entities() -> EntityOutput {
        EntityOutput {
            entities: vec![Entity {
                name: "Ada Lovelace".into(),
                entity_type: EntityType::Person,
                count: 1,
                first: 0,
                titles: vec!["mathematician".into()],
                mentions: vec![Mention { start: 0, end: 12, text: "Ada Lovelace".into() }],
            }],
        }
    }

    #[test]
    fn a_typed_result_is_borrowed_by_a_reader_of_the_same_type() {
        let result = AnalysisResult::new(entities());
        let pairs = [("entity", &result)];
        let deps = Dependencies::new(&pairs);
        let read = deps.typed::<EntityOutput>("entity").unwrap().unwrap();
        assert!(matches!(read, Cow::Borrowed(_)));
        assert_eq!(*read, entities());
        assert!(deps.typed::<EntityOutput>("quote").unwrap().is_none());
        // The JSON form is built on demand and matches plain serialization.
        assert_eq!(deps.get("entity").unwrap(), &serde_json::to_value(entities()).unwrap());
    }

    #[test]
    fn a_json_result_is_parsed_and_a_wrong_shape_is_a_typed_error() {
        let result = AnalysisResult::from(serde_json::to_value(entities()).unwrap());
        let wrong = AnalysisResult::from(json!({"entities": 3}));
        let pairs = [("entity", &result), ("bad", &wrong)];
        let deps = Dependencies::new(&pairs);
        let read = deps.typed::<EntityOutput>("entity").unwrap().unwrap();
        assert!(matches!(read, Cow::Owned(_)));
        assert_eq!(*read, entities());
        let err = deps.typed::<EntityOutput>("bad").unwrap_err();
        assert!(matches!(err, AnalyzerError::BadDependency { ref name, .. } if name == "bad"), "{err}");
        assert!(matches!(deps.require::<EntityOutput>("none"), Err(AnalyzerError::MissingDependency(_))));
    }

    #[test]
    fn results_serialize_as_their_value_and_failures_are_errors() {
        let result = AnalysisResult::new(vec![1u32, 2]);
        assert_eq!(serde_json::to_string(&result).unwrap(), "[1,2]");
        assert_eq!(result.into_json().unwrap(), json!([1, 2]));
        let bad = AnalysisResult::new(std::collections::BTreeMap::from([((1u8, 2u8), 3u8)]));
        assert!(matches!(bad.json(), Err(AnalyzerError::Serialize(_))));
        assert!(serde_json::to_string(&bad).is_err());
    }
}
