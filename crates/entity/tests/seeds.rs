//! End to end on the seed articles shipped in the repository.

use lede_core::Document;
use lede_core::schema::EntityType;
use lede_entity::EntityAnalyzer;

mod common;

#[test]
fn seed_articles_give_consistent_entities() {
    let a = EntityAnalyzer::embedded().expect("embedded model");
    let files = common::seed_files();
    assert!(files.len() >= 3);
    for path in files {
        let text = std::fs::read_to_string(&path).expect("seed text");
        let doc = Document::new("seed", text.clone(), None);
        let out = a.analyze_doc(&doc);
        assert!(out.entities.len() >= 10, "{}: {} entities", path.display(), out.entities.len());
        let mut firsts = Vec::new();
        for e in &out.entities {
            assert!(!e.name.is_empty());
            assert_eq!(e.count, e.mentions.len());
            assert_eq!(e.first, e.mentions[0].start);
            firsts.push(e.first);
            for w in e.mentions.windows(2) {
                assert!(w[0].start < w[1].start, "mentions in text order");
            }
            for m in &e.mentions {
                assert_eq!(&text[m.start as usize..m.end as usize], m.text);
                assert!(!m.text.starts_with("Mr.") && !m.text.starts_with("the "), "{}", m.text);
            }
        }
        assert!(firsts.windows(2).all(|w| w[0] <= w[1]), "entities in order of first mention");
        // Every seed is about the two leaders: each is one person under a full name.
        let putin: Vec<_> = out
            .entities
            .iter()
            .filter(|e| e.entity_type == EntityType::Person && e.mentions.iter().any(|m| m.text == "Putin"))
            .collect();
        assert_eq!(putin.len(), 1, "{}: {putin:?}", path.display());
        assert!(putin[0].name.ends_with("Putin") && putin[0].name.contains(' '), "{}", putin[0].name);
        assert!(putin[0].count >= 3);
        let russia = out.entities.iter().find(|e| e.name == "Russia").expect("Russia");
        assert_eq!(russia.entity_type, EntityType::Location);
    }
}
