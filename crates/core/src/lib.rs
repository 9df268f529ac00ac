//! Core of lede: the document model, its segmentation, the [`Analyzer`] trait and the registry
//! of analyzer kinds.
//!
//! A [`Document`] is segmented once into paragraphs, sentences and tokens
//! ([`segment::Segmentation`]); every analyzer reads that shared segmentation and the results of
//! the analyzers it depends on ([`Dependencies`]). All positions are UTF-8 byte offsets
//! ([`Span`]).

mod analyzer;
pub mod ascii;
mod document;
pub mod json;
pub mod registry;
pub mod schema;
pub mod segment;
mod span;

pub use analyzer::{AnalysisResult, Analyzer, AnalyzerError, Dependencies, Dependency, DynAnalyzer, JsonWriter};
pub use document::{Document, Meta};
pub use registry::{AnalyzerKind, BuildContext, BuildError, Options, Registry};
pub use segment::{Segmentation, Sentence, Token, TokenKind};
pub use span::Span;
