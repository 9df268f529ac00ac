//! Throughput of the quote analyzer alone on a JSON Lines corpus, given the segmentation and the
//! `lede-entity` result (both computed before timing):
//! `cargo run --release -p lede-quote --example quote_speed -- articles.jsonl [REPEAT]`.
use lede_core::{Analyzer, Dependencies, Document};
use lede_quote::QuoteAnalyzer;
use std::io::BufRead;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let path = std::env::args().nth(1).ok_or("usage: quote_speed FILE.jsonl [REPEAT]")?;
    let repeat: usize = std::env::args().nth(2).and_then(|r| r.parse().ok()).unwrap_or(10);
    let entity = lede_entity::EntityAnalyzer::embedded()?;
    let mut docs = Vec::new();
    for line in std::io::BufReader::new(std::fs::File::open(path)?).lines() {
        let v: serde_json::Value = serde_json::from_str(&line?)?;
        let doc = Document::new("d", v["text"].as_str().unwrap_or(""), None);
        let ents = entity.analyze_doc(&doc);
        docs.push((doc, ents));
    }
    let bytes: usize = docs.iter().map(|(d, _)| d.text().len()).sum();
    let analyzer = QuoteAnalyzer::default();
    let mut quotes = 0;
    let c0 = cpu_seconds();
    let t0 = std::time::Instant::now();
    for _ in 0..repeat {
        for (doc, ents) in &docs {
            quotes += analyzer.analyze_with(doc, ents).quotes.len();
        }
    }
    let secs = t0.elapsed().as_secs_f64();
    let cpu = cpu_seconds().zip(c0).map(|(a, b)| a - b);
    println!(
        "{:.1} MB/s wall-clock on one thread ({} docs, {bytes} bytes x {repeat}, {} quotes per pass)",
        (bytes * repeat) as f64 / secs / 1e6,
        docs.len(),
        quotes / repeat.max(1)
    );
    if let Some(cpu) = cpu.filter(|&c| c > 0.0) {
        println!(
            "{:.1} MB/s of CPU time ({cpu:.2} s; differs from wall-clock when the machine is busy)",
            (bytes * repeat) as f64 / cpu / 1e6
        );
    }
    // The same through the `Analyzer` trait, which parses the entity result from JSON each time.
    let values: Vec<lede_core::AnalysisResult> = docs
        .iter()
        .map(|(_, e)| serde_json::to_value(e).map(lede_core::AnalysisResult::from))
        .collect::<Result<_, _>>()?;
    let c0 = cpu_seconds();
    let t0 = std::time::Instant::now();
    for _ in 0..repeat {
        for ((doc, _), v) in docs.iter().zip(&values) {
            let pairs = [("entity", v)];
            std::hint::black_box(analyzer.analyze(doc, &Dependencies::new(&pairs))?);
        }
    }
    let secs = t0.elapsed().as_secs_f64();
    let cpu = cpu_seconds().zip(c0).map(|(a, b)| a - b);
    println!(
        "through Analyzer::analyze (entity JSON parsed per document): {:.1} MB/s wall-clock",
        (bytes * repeat) as f64 / secs / 1e6
    );
    if let Some(cpu) = cpu.filter(|&c| c > 0.0) {
        println!("  {:.1} MB/s of CPU time", (bytes * repeat) as f64 / cpu / 1e6);
    }
    Ok(())
}

/// User + system CPU time of this thread, from `/proc/thread-self/stat` (Linux; 100 Hz ticks).
fn cpu_seconds() -> Option<f64> {
    let stat = std::fs::read_to_string("/proc/thread-self/stat").ok()?;
    let rest = stat.rsplit_once(')')?.1;
    let fields: Vec<&str> = rest.split_whitespace().collect();
    let utime: f64 = fields.get(11)?.parse().ok()?;
    let stime: f64 = fields.get(12)?.parse().ok()?;
    Some((utime + stime) / 100.0)
}
