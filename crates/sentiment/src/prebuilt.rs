//! The built-in word table, built at compile time: `build.rs` runs [`Lexicon::from_sources`]
//! and writes its lookup tables with [`Lexicon::to_bytes`]; loading them here costs a small
//! fraction of building them (which took about 77M instructions at every start).

use crate::lexicon::{Lexicon, Slot};
use zerocopy::FromBytes;

/// Bytes aligned to 8, so that the short-word table in them can be used as it lies.
#[repr(C, align(8))]
struct Aligned<T: ?Sized>(T);

/// The lookup tables `build.rs` wrote.
static PREBUILT: &Aligned<[u8]> = &Aligned(*include_bytes!(concat!(env!("OUT_DIR"), "/lexicon.bin")));

impl Lexicon {
    /// The built-in table (the same as [`Lexicon::from_sources`] gives, tested), read from the
    /// tables built at compile time; its short-word table is used where it lies in the binary
    /// (no copy, only the slots looked up are ever read). It has no word map, so it cannot be
    /// changed; should the bytes not read back, the table is built from its sources instead.
    pub(crate) fn builtin() -> Lexicon {
        Lexicon::read(&PREBUILT.0)
            .and_then(|(lex, short)| {
                // The bytes are little-endian: as they lie they are slots on such a machine only.
                if cfg!(target_endian = "little") {
                    Some(lex.with_static_short(<[Slot]>::ref_from_bytes(short).ok()?))
                } else {
                    lex.with_short_bytes(short)
                }
            })
            .unwrap_or_else(Lexicon::from_sources)
    }
}
