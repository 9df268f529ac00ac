//! Inflates the embedded tagger model at build time, so that loading it at run time does not
//! decompress 1.3 MB of weights (about 36M instructions) on every start. The committed model
//! file stays the gzip one that `lede train entity` writes.
//!
//! The features are also put in the order of their first slot in the run-time table
//! (`Model::from_raw`), so that loading writes the 3 MB table front to back instead of at
//! random (a cache miss per feature). The order changes no look-up: every key is found
//! wherever linear probing placed it.
//!
//! It also builds the gazetteer (`src/lexicon.rs`, run here as it runs in the library) and
//! writes its maps, which the library reads back in `src/prebuilt.rs` instead of splitting and
//! hashing every listed name at every start (2.1 M instructions).

use std::io::Read;
use std::path::PathBuf;

/// The gazetteer code, shared with the library.
#[allow(dead_code)]
#[path = "src/hash.rs"]
mod hash;
#[allow(dead_code)]
#[path = "src/lexicon.rs"]
mod lexicon;
#[allow(dead_code)]
#[path = "src/shared.rs"]
mod shared;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let src = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR")?).join("model").join("entity.model.gz");
    println!("cargo:rerun-if-changed={}", src.display());
    println!("cargo:rerun-if-changed=build.rs");
    println!("cargo:rerun-if-changed=src/hash.rs");
    println!("cargo:rerun-if-changed=src/lexicon.rs");
    println!("cargo:rerun-if-changed=src/shared.rs");
    let out_dir = PathBuf::from(std::env::var("OUT_DIR")?);
    std::fs::write(out_dir.join("lexicon.bin"), lexicon::Lexicon::build().to_bytes())?;
    let gz = std::fs::read(&src)?;
    let mut raw = Vec::new();
    flate2::read::GzDecoder::new(gz.as_slice()).read_to_end(&mut raw)?;
    in_table_order(&mut raw);
    let out = PathBuf::from(std::env::var("OUT_DIR")?).join("entity.model.raw");
    std::fs::write(out, raw)?;
    Ok(())
}

/// Sorts the features of an inflated model (`magic[8] nl:u32 nf:u32 count:u32 scale:f32`, then
/// `count` entries of a `u64` key and `nl` `i16` weights, little-endian) by their first slot
/// in a table of the capacity `Model::from_raw` gives them; leaves bytes it cannot read alone.
fn in_table_order(raw: &mut [u8]) {
    let word = |at: usize| raw.get(at..at + 4).and_then(|b| b.try_into().ok()).map(u32::from_le_bytes);
    let (Some(nl), Some(count)) = (word(8), word(16)) else { return };
    let (nl, count) = (nl as usize, count as usize);
    let entry = 8 + 2 * nl;
    let Some(body) = raw.get_mut(24..) else { return };
    if body.len() != count.saturating_mul(entry) {
        return;
    }
    let mask = ((count.max(1) * 3 / 2 + 1).next_power_of_two() - 1) as u64;
    let mut entries: Vec<&[u8]> = body.chunks_exact(entry).collect();
    let home = |e: &[u8]| e.first_chunk::<8>().map_or(0, |k| u64::from_le_bytes(*k) & mask);
    entries.sort_by_key(|e| home(e));
    let sorted: Vec<u8> = entries.concat();
    body.copy_from_slice(&sorted);
}
