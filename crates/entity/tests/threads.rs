//! Threads that share one analyzer (and so its word and row caches) get what one thread gets.

use lede_core::Document;
use lede_core::schema::EntityOutput;
use lede_entity::EntityAnalyzer;

mod common;

/// The seed articles and each of their lines (paragraphs), as documents.
fn documents() -> Vec<Document> {
    let mut texts = Vec::new();
    for path in common::seed_files() {
        let text = std::fs::read_to_string(&path).expect("seed text");
        texts.extend(text.lines().filter(|p| !p.trim().is_empty()).map(str::to_string));
        texts.push(text);
    }
    texts.push("BREAKING: PUTIN MEETS XI IN MOSCOW\n\nLudwig van der Berg met Osama bin Laden.".into());
    texts.into_iter().enumerate().map(|(i, t)| Document::new(format!("d{i}"), t, None)).collect()
}

/// Two threads analyzing the documents at once with one new analyzer, in opposite orders (so
/// that each fills caches the other reads), give each document what one thread gives with an
/// analyzer of its own.
#[test]
fn two_threads_sharing_an_analyzer_match_one_thread() {
    let docs = documents();
    assert!(docs.len() >= 20);
    let alone = EntityAnalyzer::embedded().expect("embedded model");
    let expected: Vec<EntityOutput> = docs.iter().map(|d| alone.analyze_doc(d)).collect();
    assert!(expected.iter().any(|o| !o.entities.is_empty()));
    for round in 0..3 {
        let shared = EntityAnalyzer::embedded().expect("embedded model");
        let (forward, backward) = std::thread::scope(|s| {
            let forward = s.spawn(|| docs.iter().map(|d| shared.analyze_doc(d)).collect::<Vec<_>>());
            let backward = s.spawn(|| {
                let mut out: Vec<_> = docs.iter().rev().map(|d| shared.analyze_doc(d)).collect();
                out.reverse();
                out
            });
            (forward.join().expect("thread"), backward.join().expect("thread"))
        });
        for (i, want) in expected.iter().enumerate() {
            assert_eq!(forward.get(i), Some(want), "round {round}, document {i}, forward");
            assert_eq!(backward.get(i), Some(want), "round {round}, document {i}, backward");
        }
    }
}
