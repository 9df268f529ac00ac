//! Inflates the embedded tagger model at build time, so that loading it at run time does not
//! decompress 1.3 MB of weights (about 36M instructions) on every start. The committed model
//! file stays the gzip one that `lede train entity` writes.

use std::io::Read;
use std::path::PathBuf;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let src = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR")?).join("model").join("entity.model.gz");
    println!("cargo:rerun-if-changed={}", src.display());
    println!("cargo:rerun-if-changed=build.rs");
    let gz = std::fs::read(&src)?;
    let mut raw = Vec::new();
    flate2::read::GzDecoder::new(gz.as_slice()).read_to_end(&mut raw)?;
    let out = PathBuf::from(std::env::var("OUT_DIR")?).join("entity.model.raw");
    std::fs::write(out, raw)?;
    Ok(())
}
