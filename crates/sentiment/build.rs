//! Builds the built-in sentiment word table at compile time (`src/lexicon.rs`, run here as it
//! runs in the library), so that loading it at run time does not cost the build's 77M
//! instructions on every start. The library reads the result in `src/prebuilt.rs`.

use std::path::PathBuf;

/// The table code, shared with the library.
#[allow(dead_code)]
#[path = "src/lexicon.rs"]
mod lexicon;

/// The error type `src/lexicon.rs` builds (the library's has more variants).
#[allow(dead_code)]
#[derive(Debug)]
enum SentimentError {
    /// A malformed lexicon line.
    Lexicon {
        /// The file.
        origin: String,
        /// 1-based line number.
        line: usize,
    },
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    println!("cargo:rerun-if-changed=build.rs");
    println!("cargo:rerun-if-changed=src/lexicon.rs");
    println!("cargo:rerun-if-changed=data");
    let bytes = lexicon::Lexicon::from_sources().to_bytes();
    let out = PathBuf::from(std::env::var("OUT_DIR")?).join("lexicon.bin");
    std::fs::write(out, bytes)?;
    Ok(())
}
