//! Segments a JSON Lines corpus N times and prints MB/s: a quick profiling target.
//! `cargo run --release -p lede-core --example segment_corpus -- FILE.jsonl [N]`
fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let path = args.next().ok_or("usage: segment_corpus FILE.jsonl [N]")?;
    let n: usize = args.next().map_or(Ok(5), |s| s.parse())?;
    let text = std::fs::read_to_string(path)?;
    let docs: Vec<String> =
        text.lines().filter_map(|l| l.find("\"text\": \"").map(|i| l[i + 9..].to_string())).collect();
    let bytes: usize = docs.iter().map(String::len).sum();
    let start = std::time::Instant::now();
    let mut tokens = 0;
    for _ in 0..n {
        for d in &docs {
            tokens += lede_core::Segmentation::new(d).tokens.len();
        }
    }
    let secs = start.elapsed().as_secs_f64();
    println!("{:.1} MB/s, {:.2} M tokens/s", (bytes * n) as f64 / 1e6 / secs, tokens as f64 / 1e6 / secs);
    Ok(())
}
