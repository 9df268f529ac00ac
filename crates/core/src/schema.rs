//! Output shapes of the built-in analyzers that other analyzers read as dependencies.
//!
//! The entity analyzer writes an [`EntityOutput`] and the quote analyzer a [`QuoteOutput`]; a
//! dependent analyzer (or plugin) reads them back with
//! [`Dependencies::require`](crate::Dependencies::require). Keeping the types here means
//! producer and consumers agree on one definition, which is also the JSON in
//! `CONTRACT.md`.

use serde::{Deserialize, Serialize};

/// The type of a named entity.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum EntityType {
    /// People.
    Person,
    /// Companies, agencies, institutions, parties, teams.
    Organization,
    /// Countries, cities, regions, named places and buildings.
    Location,
    /// Other names: nationalities and demonyms, events, products, laws, works.
    Misc,
}

impl EntityType {
    /// The lower-case name it serializes to (`"person"`, `"organization"`, ...).
    pub fn as_str(self) -> &'static str {
        match self {
            EntityType::Person => "person",
            EntityType::Organization => "organization",
            EntityType::Location => "location",
            EntityType::Misc => "misc",
        }
    }
}

/// One mention of an entity in the text.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Mention {
    /// Start byte.
    pub start: u32,
    /// End byte (exclusive).
    pub end: u32,
    /// The mention as written.
    pub text: String,
}

/// One entity of a document: all mentions that refer to it, under one canonical name.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Entity {
    /// The canonical name: the fullest form used in the document.
    pub name: String,
    /// The entity type.
    #[serde(rename = "type")]
    pub entity_type: EntityType,
    /// Number of mentions.
    #[serde(default)]
    pub count: usize,
    /// Start byte of the first mention.
    #[serde(default)]
    pub first: u32,
    /// Titles and roles seen next to the name (`President`, `senior fellow`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub titles: Vec<String>,
    /// Every mention, in text order.
    pub mentions: Vec<Mention>,
}

/// The result of the entity analyzer.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct EntityOutput {
    /// Entities in order of first mention.
    pub entities: Vec<Entity>,
}

/// Whether a quotation is something said or a quoted word or phrase.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum QuoteKind {
    /// A quoted utterance or written statement.
    Speech,
    /// A scare quote, label, slogan, title or short characterization.
    Phrase,
}

/// One direct quotation.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Quote {
    /// Start byte of the quoted words (after the opening mark).
    pub start: u32,
    /// End byte of the quoted words (before the closing mark).
    pub end: u32,
    /// The quoted words.
    pub text: String,
    /// Speech or phrase.
    pub kind: QuoteKind,
    /// Canonical name of the speaker, when one can be named.
    pub speaker: Option<String>,
    /// `[start, end]` of the speaker mention nearest the quote (a name or a pronoun).
    pub speaker_span: Option<[u32; 2]>,
    /// The reporting verb as written (`said`, `stated`, `told`), when one governs the quote.
    pub cue: Option<String>,
    /// False when the opening mark was never closed and the quote was cut at a sane extent.
    #[serde(default = "yes")]
    pub closed: bool,
}

fn yes() -> bool {
    true
}

/// Per-speaker totals of one document.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Speaker {
    /// Canonical name.
    pub name: String,
    /// Number of speech quotations attributed to them.
    pub quotes: usize,
    /// Number of words in those quotations.
    pub words: usize,
}

/// The result of the quote analyzer.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct QuoteOutput {
    /// Quotations in text order.
    pub quotes: Vec<Quote>,
    /// Speakers by number of quotations, most first.
    #[serde(default)]
    pub speakers: Vec<Speaker>,
}
