//! The built-in word table, built at compile time: `build.rs` runs [`Lexicon::from_sources`]
//! and writes its lookup tables with [`Lexicon::to_bytes`]; loading them here costs a small
//! fraction of building them (which took about 77M instructions at every start).

use crate::lexicon::Lexicon;

/// The lookup tables `build.rs` wrote.
static PREBUILT: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/lexicon.bin"));

impl Lexicon {
    /// The built-in table (the same as [`Lexicon::from_sources`] gives, tested), read from the
    /// tables built at compile time. It has no word map, so it cannot be changed; should the
    /// bytes not read back, the table is built from its sources instead.
    pub(crate) fn builtin() -> Lexicon {
        Lexicon::from_bytes(PREBUILT).unwrap_or_else(Lexicon::from_sources)
    }
}
