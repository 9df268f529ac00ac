//! Prints the quotes the analyzer finds in a text file (or stdin), for debugging:
//! `cargo run -p lede-quote --example quote_debug -- FILE`.
use lede_core::Document;
use lede_core::schema::EntityOutput;
use lede_quote::QuoteAnalyzer;
use std::io::Read;

fn main() -> std::io::Result<()> {
    let mut text = String::new();
    match std::env::args().nth(1) {
        Some(p) => text = std::fs::read_to_string(p)?,
        None => {
            std::io::stdin().read_to_string(&mut text)?;
        }
    }
    let doc = Document::new("d", text.clone(), None);
    let out = QuoteAnalyzer::default().analyze_with(&doc, &EntityOutput::default());
    for q in &out.quotes {
        let span = q.speaker_span.map(|[a, b]| text.get(a as usize..b as usize).unwrap_or("").to_string());
        println!(
            "{:?} {:?} closed={} | {:?} {:?} cue={:?}",
            q.kind,
            q.text.chars().take(60).collect::<String>(),
            q.closed,
            q.speaker,
            span,
            q.cue
        );
    }
    for s in &out.speakers {
        println!("speaker {} quotes={} words={}", s.name, s.quotes, s.words);
    }
    Ok(())
}
