//! The quote analyzer of lede: every direct quotation of an article, told apart from quoted
//! phrases (scare quotes, slogans, titles) and attributed to its speaker.
//!
//! The analysis runs in three linear steps over the shared segmentation:
//!
//! 1. [`marks`] finds quoted spans from the quotation marks (curly, straight, two apostrophes),
//!    keeping nested quotes inside their outer quotation, following quotations over paragraphs,
//!    ignoring apostrophes, and cutting unclosed quotations at a sane extent.
//! 2. `attrib` decides `speech` or `phrase` from the length and place of the quotation and finds
//!    the reporting clause around it (`“…,” X said`, `said X`, `X, a professor at Y, said`,
//!    `according to X`, `X said: “…”`), resolving pronouns and carrying a speaker over to the
//!    paragraphs that continue their words.
//! 3. The speaker mention is mapped to the canonical `name` of the entity analyzer's entity that
//!    covers it (or whose name ends in the same word); without one, the mention text is reported.
//!
//! ```
//! use lede_core::Document;
//! use lede_core::schema::{EntityOutput, QuoteKind};
//! use lede_quote::QuoteAnalyzer;
//!
//! let doc = Document::new("d", "“We will not back down,” the senator said.", None);
//! let out = QuoteAnalyzer::default().analyze_with(&doc, &EntityOutput::default());
//! assert_eq!(out.quotes[0].text, "We will not back down,");
//! assert_eq!(out.quotes[0].kind, QuoteKind::Speech);
//! assert_eq!(out.quotes[0].speaker.as_deref(), Some("senator"));
//! assert_eq!(out.quotes[0].cue.as_deref(), Some("said"));
//! ```

mod attrib;
mod lexicon;
mod marks;
mod names;

use lede_core::schema::{EntityOutput, QuoteOutput};
use lede_core::{
    Analyzer, AnalyzerError, AnalyzerKind, BuildContext, BuildError, Dependencies, Dependency, Document, DynAnalyzer,
    Options,
};
use serde::Deserialize;

/// Options of the quote analyzer (`[analyzers.quote]` in the pipeline config).
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case", default)]
pub struct QuoteConfig {
    /// Configured name of the entity analyzer whose result names the speakers.
    pub entities: String,
    /// Longest quotation, in bytes, before an unclosed quotation is cut.
    pub max_quote_bytes: usize,
    /// Whether top-level single quotes (`‘…’`) make quotations.
    pub single_quotes: bool,
    /// Quotations of at most this many words are phrases unless they stand as a sentence of
    /// their own with an attribution.
    pub phrase_max_words: usize,
    /// More reporting verbs (any inflected form) on top of the built-in lexicon.
    pub extra_verbs: Vec<String>,
}

impl Default for QuoteConfig {
    fn default() -> QuoteConfig {
        QuoteConfig {
            entities: "entity".to_string(),
            max_quote_bytes: 5000,
            single_quotes: true,
            phrase_max_words: 5,
            extra_verbs: Vec::new(),
        }
    }
}

/// The options as documented in `lede analyzers` and the config docs.
const OPTIONS_DOC: &str = r#"# Configured name of the entity analyzer whose canonical names identify speakers.
entities = "entity"
# Longest quotation in bytes; an opening mark never closed is cut there (at a sentence end).
max-quote-bytes = 5000
# Whether top-level single quotes ('...' and curly single quotes) make quotations.
single-quotes = true
# Quotations of at most this many words are phrases (scare quotes, labels) unless they stand
# as a sentence of their own with an attribution.
phrase-max-words = 5
# More reporting verbs, any inflected form ("opined", "quipped"), added to the built-in lexicon.
extra-verbs = []
"#;

/// The quote analyzer.
#[derive(Debug)]
pub struct QuoteAnalyzer {
    config: QuoteConfig,
    lexicon: lexicon::Lexicon,
}

impl Default for QuoteAnalyzer {
    fn default() -> QuoteAnalyzer {
        QuoteAnalyzer::new(QuoteConfig::default())
    }
}

impl QuoteAnalyzer {
    /// Builds the analyzer with the given options.
    pub fn new(config: QuoteConfig) -> QuoteAnalyzer {
        let lexicon = lexicon::Lexicon::new(&config.extra_verbs);
        QuoteAnalyzer { config, lexicon }
    }

    /// The options in use.
    pub fn config(&self) -> &QuoteConfig {
        &self.config
    }

    /// Analyzes one document given the entity analyzer's result. When `entities` is empty, a
    /// built-in fallback finds capitalized names so that speakers are still named.
    pub fn analyze_with(&self, doc: &Document, entities: &EntityOutput) -> QuoteOutput {
        let out: Result<QuoteOutput, std::convert::Infallible> =
            self.analyze_index(doc, || Ok(names::EntityIndex::new(entities)));
        match out {
            Ok(out) => out,
            Err(never) => match never {},
        }
    }

    /// The analysis proper, given a way to index the entities (run only when there are quotes).
    fn analyze_index<'a, E>(
        &self,
        doc: &'a Document,
        index: impl FnOnce() -> Result<names::EntityIndex<'a>, E>,
    ) -> Result<QuoteOutput, E> {
        let text = doc.text();
        let seg = doc.segmentation();
        let raw = marks::scan(
            text,
            seg,
            marks::ScanOptions { max_bytes: self.config.max_quote_bytes.max(16), singles: self.config.single_quotes },
        );
        if raw.is_empty() {
            return Ok(QuoteOutput::default());
        }
        let mut raw = raw;
        let labels = marks::split_labels(text, &mut raw);
        let mut index = index()?;
        if index.is_empty() {
            index = names::EntityIndex::fallback(text, seg, &self.lexicon);
        }
        let settings = attrib::Settings { phrase_max_words: self.config.phrase_max_words };
        Ok(attrib::Analysis::new(text, seg, &self.lexicon, &index, &raw, settings).with_labels(labels).run())
    }
}

impl Analyzer for QuoteAnalyzer {
    type Output = QuoteOutput;

    fn name(&self) -> &str {
        "quote"
    }

    fn dependencies(&self) -> Vec<Dependency> {
        vec![Dependency::required(self.config.entities.clone())]
    }

    fn analyze(&self, doc: &Document, deps: &Dependencies<'_>) -> Result<QuoteOutput, AnalyzerError> {
        let name = &self.config.entities;
        // Read the entity result in place (the shape of `EntityOutput`), borrowing the names and
        // skipping mention texts: parsing it into owned values would cost more than the analysis.
        let result = deps.result(name).ok_or_else(|| AnalyzerError::MissingDependency(name.clone()))?;
        if let Some(entities) = result.downcast_ref::<EntityOutput>() {
            // The built-in entity analyzer's result, read in place.
            return self.analyze_index(doc, || Ok(names::EntityIndex::new(entities)));
        }
        let value = result.json()?;
        // Parsed only when the text has quotation marks.
        self.analyze_index(doc, || {
            names::LiteOutput::deserialize(value)
                .map(|lite| names::EntityIndex::from_lite(lite.entities))
                .map_err(|e| AnalyzerError::BadDependency { name: name.clone(), message: e.to_string() })
        })
    }
}

fn build(options: &Options<'_>, _ctx: &BuildContext<'_>) -> Result<Box<dyn DynAnalyzer>, BuildError> {
    let config: QuoteConfig = options.parse()?;
    if config.entities.trim().is_empty() {
        return Err(BuildError::option("`entities` must name the entity analyzer", options.key_span("entities")));
    }
    Ok(Box::new(QuoteAnalyzer::new(config)))
}

/// The `quote` analyzer kind, for registration in the CLI's registry.
pub fn analyzer_kind() -> AnalyzerKind {
    AnalyzerKind {
        kind: "quote",
        summary: "Direct quotations, speech or phrase, with their speakers (needs the entity analyzer).",
        options: OPTIONS_DOC,
        build,
    }
}
