//! The built-in gazetteer, built at compile time: `build.rs` runs [`Lexicon::build`] and writes
//! its maps with `Lexicon::to_bytes`; reading them back skips splitting and hashing every
//! listed name and country name again at every start.

use crate::lexicon::Lexicon;

/// The maps `build.rs` wrote.
static PREBUILT: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/lexicon.bin"));

impl Lexicon {
    /// The built-in gazetteer (the same as [`Lexicon::build`] gives, tested), read from the maps
    /// built at compile time; should the bytes not read back, it is built instead.
    pub fn builtin() -> Lexicon {
        Lexicon::from_bytes(PREBUILT).unwrap_or_else(Lexicon::build)
    }
}
