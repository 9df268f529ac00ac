//! Runs the number analyzer `N` times over the news corpus (for `perf stat`, which measures CPU
//! time even on a busy machine): `number_throughput [N] [FILE]` (FILE defaults to the news corpus in `../shared` beside the workspace). Prints the bytes analyzed.

use lede_core::{Analyzer, Dependencies, Document};
use lede_number::NumberAnalyzer;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let reps: usize = args.get(1).and_then(|a| a.parse().ok()).unwrap_or(10);
    let path = args.get(2).cloned().unwrap_or_else(|| {
        concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared/data/corpus/news/articles.jsonl").into()
    });
    let src = std::fs::read_to_string(&path).unwrap_or_default();
    let docs: Vec<Document> = src
        .lines()
        .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
        .enumerate()
        .map(|(i, v)| Document::new(i.to_string(), v["text"].as_str().unwrap_or(""), None))
        .collect();
    // Segment every document up front (it is lazy and shared by all analyzers), so that only the
    // number analyzer is measured.
    let tokens: usize = docs.iter().map(|d| d.segmentation().tokens.len()).sum();
    let bytes: usize = docs.iter().map(|d| d.text().len()).sum();
    eprintln!("{tokens} tokens");
    let analyzer = NumberAnalyzer::default();
    let mut found = 0usize;
    let t = std::time::Instant::now();
    for _ in 0..reps {
        for d in &docs {
            found += analyzer.analyze(d, &Dependencies::none()).map(|n| n.numbers.len()).unwrap_or(0);
        }
    }
    let secs = t.elapsed().as_secs_f64();
    println!(
        "{} docs, {} bytes x {} reps, {} figures, wall {:.3}s = {:.1} MB/s (wall clock)",
        docs.len(),
        bytes,
        reps,
        found,
        secs,
        (bytes * reps) as f64 / secs / 1e6
    );
}
