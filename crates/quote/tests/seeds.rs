//! End to end on the sample articles in `seeds/`, with the entity analyzer's real output.

use lede_core::Document;
use lede_core::schema::{QuoteKind, QuoteOutput};
use lede_quote::QuoteAnalyzer;

fn seeds() -> Vec<(String, String)> {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../../seeds");
    let mut out = Vec::new();
    let mut paths: Vec<_> =
        std::fs::read_dir(dir).expect("seeds folder").filter_map(Result::ok).map(|e| e.path()).collect();
    paths.sort();
    for p in paths {
        if p.extension().is_some_and(|e| e == "txt") {
            let id = p.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
            out.push((id, std::fs::read_to_string(&p).expect("readable seed")));
        }
    }
    out
}

fn analyze_all() -> Vec<(String, String, QuoteOutput)> {
    let entity = lede_entity::EntityAnalyzer::embedded().expect("embedded entity model");
    let quote = QuoteAnalyzer::default();
    seeds()
        .into_iter()
        .map(|(id, text)| {
            let doc = Document::new(id.clone(), text.clone(), None);
            let ents = entity.analyze_doc(&doc);
            let out = quote.analyze_with(&doc, &ents);
            (id, text, out)
        })
        .collect()
}

#[test]
fn seeds_end_to_end() {
    let all = analyze_all();
    assert_eq!(all.len(), 5);
    for (id, text, out) in &all {
        for q in &out.quotes {
            assert_eq!(text.get(q.start as usize..q.end as usize), Some(q.text.as_str()), "{id}");
            assert!(q.closed, "{id}: {q:?}");
            assert!(!q.text.contains('\n'), "{id}: a quote crossed a paragraph: {q:?}");
            if let Some([a, b]) = q.speaker_span {
                assert!(text.get(a as usize..b as usize).is_some_and(|s| !s.is_empty()), "{id}: {q:?}");
            }
        }
        let speech: Vec<_> = out.quotes.iter().filter(|q| q.kind == QuoteKind::Speech).collect();
        let named = speech.iter().filter(|q| q.speaker.is_some()).count();
        assert!(named * 10 >= speech.len() * 8, "{id}: only {named} of {} speech quotes have a speaker", speech.len());
        // The per-speaker totals agree with the quotes.
        for s in &out.speakers {
            let n = speech.iter().filter(|q| q.speaker.as_deref() == Some(s.name.as_str())).count();
            assert_eq!(n, s.quotes, "{id}: {s:?}");
        }
        assert!(out.speakers.windows(2).all(|w| w[0].quotes >= w[1].quotes), "{id}");
        println!("{id}: {} quotes, {} speech, speakers {:?}", out.quotes.len(), speech.len(), out.speakers);
    }
    // The first article quotes its main analyst most, under his full name, and pronoun-attributed
    // blocks are resolved to him.
    let (_, text, first) = &all[0];
    let top = &first.speakers[0];
    assert!(top.name.ends_with("Gabuev") && top.quotes >= 5, "{:?}", first.speakers);
    let he = first
        .quotes
        .iter()
        .filter(|q| q.speaker_span.is_some_and(|[a, b]| &text[a as usize..b as usize] == "he"))
        .filter(|q| q.kind == QuoteKind::Speech)
        .count();
    assert!(he >= 1);
}
