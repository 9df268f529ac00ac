//! The document every analyzer receives.

use crate::segment::Segmentation;
use std::sync::OnceLock;

/// Extra fields of an input record, carried through to the output untouched.
pub type Meta = serde_json::Map<String, serde_json::Value>;

/// One input document with its segmentation, computed once, on first use, and then shared by
/// every analyzer that runs on it.
#[derive(Clone, Debug)]
pub struct Document {
    id: String,
    text: String,
    meta: Option<Meta>,
    segmentation: OnceLock<Segmentation>,
}

impl Document {
    /// Makes a document. Its text is segmented the first time [`Document::segmentation`] is
    /// called (by whichever analyzer needs it first), never twice.
    pub fn new(id: impl Into<String>, text: impl Into<String>, meta: Option<Meta>) -> Document {
        Document { id: id.into(), text: text.into(), meta, segmentation: OnceLock::new() }
    }

    /// The document's id (a file stem, or the `id` field of a JSON Lines record).
    pub fn id(&self) -> &str {
        &self.id
    }

    /// The full text. Every span an analyzer reports is a byte range into it.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// Extra input fields, if any.
    pub fn meta(&self) -> Option<&Meta> {
        self.meta.as_ref()
    }

    /// Paragraphs, sentences and tokens of the text.
    pub fn segmentation(&self) -> &Segmentation {
        self.segmentation.get_or_init(|| Segmentation::new(&self.text))
    }

    /// Takes the document apart into id, text and meta (used when writing output).
    pub fn into_parts(self) -> (String, String, Option<Meta>) {
        (self.id, self.text, self.meta)
    }
}
