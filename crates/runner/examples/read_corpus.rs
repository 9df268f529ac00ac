//! Reads a corpus through the runner's input layer N times and prints MB/s: a profiling target.
//! `cargo run --release -p lede-runner --example read_corpus -- FILE [N]`
fn main() {
    let mut args = std::env::args().skip(1);
    let path = args.next().unwrap_or_else(|| "seeds".into());
    let n: usize = args.next().and_then(|s| s.parse().ok()).unwrap_or(5);
    let sources = [lede_runner::InputSource::parse(&path)];
    let start = std::time::Instant::now();
    let mut bytes = 0u64;
    for _ in 0..n {
        lede_runner::read_all(&sources, usize::MAX, |doc| {
            bytes += doc.bytes;
            true
        });
    }
    println!("{:.1} MB/s", bytes as f64 / 1e6 / start.elapsed().as_secs_f64());
}
