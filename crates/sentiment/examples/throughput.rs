//! MB/s of the sentiment analyzer alone (documents segmented beforehand), one thread.
//!
//! `cargo run --release -p lede-sentiment --example throughput -- [ARTICLES.jsonl] [REPEATS]`
#![allow(missing_docs)]

use lede_core::Document;
use lede_sentiment::SentimentAnalyzer;
use std::time::Instant;

/// Nanoseconds this thread has run on a CPU (Linux `/proc/thread-self/schedstat`).
fn thread_cpu_ns() -> Option<u64> {
    std::fs::read_to_string("/proc/thread-self/schedstat").ok()?.split_whitespace().next()?.parse().ok()
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let path = args.next().unwrap_or_else(|| {
        concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared/data/corpus/news/articles.jsonl").to_string()
    });
    let repeats: usize = args.next().map(|r| r.parse()).transpose()?.unwrap_or(10);
    let src = std::fs::read_to_string(&path)?;
    let docs: Vec<Document> = src
        .lines()
        .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
        .filter_map(|v| Some(Document::new(v.get("id")?.as_str()?, v.get("text")?.as_str()?, None)))
        .collect();
    let bytes: usize = docs.iter().map(|d| d.text().len()).sum();
    let analyzer = SentimentAnalyzer::default();
    let mut sum = 0.0f64;
    let cpu0 = thread_cpu_ns();
    let t = Instant::now();
    for _ in 0..repeats {
        for d in &docs {
            sum += f64::from(analyzer.analyze_document(d, None, None).score);
        }
    }
    let secs = t.elapsed().as_secs_f64();
    let cpu = thread_cpu_ns().zip(cpu0).map(|(b, a)| b.saturating_sub(a) as f64 / 1e9);
    let mb = (bytes * repeats) as f64 / 1e6;
    println!(
        "{} docs, {bytes} bytes x {repeats}: {secs:.3} s wall, {:.1} MB/s (checksum {sum:.3})",
        docs.len(),
        mb / secs
    );
    if let Some(cpu) = cpu.filter(|&c| c > 0.0) {
        println!("thread CPU time {cpu:.3} s: {:.1} MB/s per core", mb / cpu);
    }
    let (mut pos, mut neg, mut extreme) = (0, 0, 0);
    for d in &docs {
        let s = analyzer.analyze_document(d, None, None).score;
        pos += usize::from(s >= 0.05);
        neg += usize::from(s <= -0.05);
        extreme += usize::from(s.abs() >= 0.9);
    }
    println!(
        "document labels: {pos} positive, {neg} negative, {} neutral; |score| >= 0.9: {extreme}",
        docs.len() - pos - neg
    );
    Ok(())
}
