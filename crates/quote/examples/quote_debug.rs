//! Prints the quotes the analyzer finds in a text file (or stdin), for debugging:
//! `cargo run -p lede-quote --example quote_debug -- FILE` (set `NO_ENTITIES=1` to use the
//! built-in name finder instead of `lede-entity`).
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
    let ents = if std::env::var("NO_ENTITIES").is_ok() {
        EntityOutput::default()
    } else {
        lede_entity::EntityAnalyzer::embedded().map(|e| e.analyze_doc(&doc)).unwrap_or_default()
    };
    let out = QuoteAnalyzer::default().analyze_with(&doc, &ents);
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
