//! Named entities with canonical names.
//!
//! Finds persons, organizations, locations and other names (nationalities, events, products,
//! laws, works) in a [`Document`], with byte spans, and links the mentions of one entity within
//! the document under its fullest name.
//!
//! How:
//! 1. A greedy left-to-right averaged-perceptron tagger (BIO labels over the core tokenizer's
//!    tokens) scores word, shape, affix, context, gazetteer, document case-evidence and label
//!    history features. It is trained on CoNLL-2003 by [`train()`] and the model (i16 weights,
//!    gzip) is embedded in the crate.
//! 2. Rules on top: titles and honorifics are kept out of spans and make a person; a leading
//!    "the" and the possessive are dropped; hyphenated compounds are split into their names.
//! 3. Coreference: "Mr. Putin" and "Putin" join "Vladimir V. Putin", "Xi" joins "Xi Jinping",
//!    an acronym joins its expansion, country aliases (`U.S.`, `USA`) join, and plural demonyms
//!    take the singular as their name. Unlabelled repeats of a linked name are added.

mod eval;
mod features;
mod hash;
mod lexicon;
mod model;
mod pipeline;
mod prebuilt;
mod shared;
mod train;

pub use eval::{EvalReport, TypeScores, evaluate_jsonl, score_mentions};
pub use lexicon::Lexicon;
pub use model::Model;
pub use train::{TrainOptions, TrainReport, train};

use lede_core::schema::EntityOutput;
use lede_core::{Analyzer, AnalyzerError, AnalyzerKind, BuildContext, BuildError, Dependencies, Document, Options};
use serde::Deserialize;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// The model shipped with the crate (trained by `lede train entity`), inflated from
/// `model/entity.model.gz` by the build script.
static EMBEDDED_MODEL: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/entity.model.raw"));

/// Errors of the entity analyzer.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum EntityError {
    /// A model file could not be read or is not a valid model.
    #[error("cannot load entity model {path}: {message}")]
    Model {
        /// The file (or `<embedded>`).
        path: String,
        /// Why.
        message: String,
    },
    /// Training data could not be read or parsed.
    #[error("cannot read training data {path}: {message}")]
    Data {
        /// The file.
        path: String,
        /// Why.
        message: String,
    },
    /// Training failed.
    #[error("training failed: {0}")]
    Train(String),
}

/// Options of the entity analyzer (`[analyzers.entity]`).
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case", default)]
pub struct EntityConfig {
    /// Path of another model file; the embedded model when absent.
    pub model: Option<PathBuf>,
    /// Split hyphenated compounds of names (`Beijing-Moscow`, `pro-Western`) into their names.
    pub split_hyphenated: bool,
    /// Add unlabelled repeats of names already found in the document (`Putin` after
    /// `Vladimir Putin`).
    pub propagate: bool,
    /// Report titles and roles seen next to person names.
    pub titles: bool,
    /// Seats of government that stand for the institution (`Kremlin`, `White House`) are
    /// organizations (CoNLL-2003 calls them locations).
    pub seats_as_org: bool,
}

impl Default for EntityConfig {
    fn default() -> EntityConfig {
        EntityConfig { model: None, split_hyphenated: true, propagate: true, titles: true, seats_as_org: true }
    }
}

const OPTIONS_DOC: &str = r#"# model = "path/to/entity.model.gz"   # another tagger model (default: the embedded one)
split-hyphenated = true                  # "Beijing-Moscow" gives two names, "pro-Western" gives "Western"
propagate = true                         # tag untagged repeats of names found elsewhere in the document
titles = true                            # report titles/roles next to person names ("senior fellow")
seats-as-org = true                      # "Kremlin", "White House" stand for institutions: organization
"#;

/// The analyzer kind `entity`, for the registry.
pub fn analyzer_kind() -> AnalyzerKind {
    AnalyzerKind {
        kind: "entity",
        summary: "Named entities (person, organization, location, misc) with canonical names, counts and titles",
        options: OPTIONS_DOC,
        build: build_entity,
    }
}

fn build_entity(opts: &Options<'_>, ctx: &BuildContext<'_>) -> Result<Box<dyn lede_core::DynAnalyzer>, BuildError> {
    let mut config: EntityConfig = opts.parse()?;
    if let Some(p) = &config.model {
        config.model = Some(ctx.resolve(p));
    }
    let analyzer = EntityAnalyzer::new(config).map_err(|e| match e {
        EntityError::Model { path, message } => BuildError::Resource { path: PathBuf::from(path), message },
        other => BuildError::Other(other.to_string()),
    })?;
    Ok(Box::new(analyzer))
}

/// The entity analyzer. Cheap to clone; the model is shared.
#[derive(Clone, Debug)]
pub struct EntityAnalyzer {
    model: Arc<Model>,
    lexicon: Arc<Lexicon>,
    config: EntityConfig,
}

impl EntityAnalyzer {
    /// Builds the analyzer: loads the model named in the config, or the embedded one.
    pub fn new(config: EntityConfig) -> Result<EntityAnalyzer, EntityError> {
        let model = match &config.model {
            Some(path) => load_model_file(path)?,
            None => Model::from_raw(EMBEDDED_MODEL)
                .map_err(|message| EntityError::Model { path: "<embedded entity.model.gz>".into(), message })?,
        };
        Ok(EntityAnalyzer { model: Arc::new(model), lexicon: Arc::new(Lexicon::builtin()), config })
    }

    /// The analyzer with default options and the embedded model.
    pub fn embedded() -> Result<EntityAnalyzer, EntityError> {
        EntityAnalyzer::new(EntityConfig::default())
    }

    /// An analyzer from model bytes (as written by [`train()`]).
    pub fn from_model_bytes(bytes: &[u8], config: EntityConfig) -> Result<EntityAnalyzer, EntityError> {
        let model =
            Model::from_bytes(bytes).map_err(|message| EntityError::Model { path: "<bytes>".into(), message })?;
        Ok(EntityAnalyzer { model: Arc::new(model), lexicon: Arc::new(Lexicon::builtin()), config })
    }

    /// Analyzes a document.
    pub fn analyze_doc(&self, doc: &Document) -> EntityOutput {
        pipeline::run(&self.model, &self.lexicon, &self.config, doc.text(), doc.segmentation())
    }
}

/// Loads a model file, with an error that names it.
pub fn load_model_file(path: &Path) -> Result<Model, EntityError> {
    let bytes = std::fs::read(path)
        .map_err(|e| EntityError::Model { path: path.display().to_string(), message: e.to_string() })?;
    Model::from_bytes(&bytes).map_err(|message| EntityError::Model { path: path.display().to_string(), message })
}

impl Analyzer for EntityAnalyzer {
    type Output = EntityOutput;

    fn name(&self) -> &str {
        "entity"
    }

    fn analyze(&self, doc: &Document, _deps: &Dependencies<'_>) -> Result<EntityOutput, AnalyzerError> {
        Ok(self.analyze_doc(doc))
    }
}
