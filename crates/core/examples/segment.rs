//! Prints the sentences of a file, one per line: `cargo run -p lede-core --example segment FILE`.
fn main() -> std::io::Result<()> {
    let path = std::env::args().nth(1).unwrap_or_else(|| "seeds/000_45566bbd2470dbf1.txt".into());
    let text = std::fs::read_to_string(path)?;
    let seg = lede_core::Segmentation::new(&text);
    for s in &seg.sentences {
        println!("{}", s.span.slice(&text).replace('\n', " "));
    }
    Ok(())
}
