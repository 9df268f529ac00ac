//! End-to-end: every seed article gets sane document, sentence and entity scores.
#![allow(missing_docs, clippy::unwrap_used)]

use lede_core::schema::{Entity, EntityOutput, EntityType, Mention};
use lede_core::{Analyzer, Dependencies, Document};
use lede_sentiment::{Label, SentimentAnalyzer};

#[test]
fn seeds_end_to_end() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../../seeds");
    let mut paths: Vec<_> = std::fs::read_dir(dir)
        .expect("seeds folder")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .collect();
    paths.sort();
    assert!(paths.len() >= 3);
    let analyzer = SentimentAnalyzer::default();
    for path in paths {
        let text = std::fs::read_to_string(&path).unwrap();
        let doc = Document::new("seed", text, None);
        let seg = doc.segmentation();
        // A pseudo entity result: every capitalized word after the first token of a sentence,
        // to exercise the per-entity path on real text.
        let mut mentions = Vec::new();
        for s in &seg.sentences {
            for t in seg.sentence_tokens(s).iter().skip(1) {
                let w = t.span.slice(doc.text());
                if w.chars().next().is_some_and(char::is_uppercase) && mentions.len() < 50 {
                    mentions.push(Mention { start: t.span.start, end: t.span.end, text: w.to_string() });
                }
            }
        }
        let entities = EntityOutput {
            entities: vec![Entity {
                name: "Caps".into(),
                entity_type: EntityType::Misc,
                count: mentions.len(),
                first: 0,
                titles: vec![],
                mentions,
            }],
        };
        let ev = lede_core::AnalysisResult::new(entities);
        let pairs = [("entity", &ev)];
        let out = analyzer.analyze(&doc, &Dependencies::new(&pairs)).unwrap();
        assert!((-1.0..=1.0).contains(&out.score), "{}", path.display());
        // A whole news article is never pinned at the ends of the scale.
        assert!(out.score.abs() < 0.9, "{}: {}", path.display(), out.score);
        assert_eq!(out.label, Label::of(out.score));
        assert_eq!(out.sentences.len(), seg.sentences.len());
        for (s, t) in out.sentences.iter().zip(&seg.sentences) {
            assert_eq!((s.start, s.end), (t.span.start, t.span.end));
            assert!((-1.0..=1.0).contains(&s.score));
        }
        // Real news has both positive and negative sentences.
        assert!(out.sentences.iter().any(|s| s.score > 0.05), "{}", path.display());
        assert!(out.sentences.iter().any(|s| s.score < -0.05), "{}", path.display());
        assert_eq!(out.entities.len(), 1);
        assert!(out.entities[0].count > 0);
        assert!(out.speakers.is_empty());
    }
}
