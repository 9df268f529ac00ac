//! End-to-end run on the sample articles in `seeds/`: every span is valid, sorted and
//! non-overlapping, and every kind carries the unit convention of the contract.
#![allow(clippy::unwrap_used)]

use lede_core::{Analyzer, Dependencies, Document};
use lede_number::{Kind, NumberAnalyzer};

#[test]
fn seeds_end_to_end() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../../seeds");
    let mut files: Vec<_> = std::fs::read_dir(dir).unwrap().filter_map(Result::ok).map(|e| e.path()).collect();
    files.retain(|p| p.extension().is_some_and(|e| e == "txt"));
    files.sort();
    assert!(!files.is_empty());
    let analyzer = NumberAnalyzer::default();
    let mut total = 0;
    for path in files {
        let text = std::fs::read_to_string(&path).unwrap();
        let doc = Document::new(path.file_stem().unwrap().to_string_lossy(), text.clone(), None);
        let out = analyzer.analyze(&doc, &Dependencies::none()).unwrap();
        let json = serde_json::to_value(&out).unwrap();
        assert!(json["numbers"].is_array());
        let mut last_end = 0;
        for n in &out.numbers {
            assert!(n.start >= last_end && n.end > n.start, "{n:?}");
            last_end = n.end;
            assert_eq!(&text[n.start as usize..n.end as usize], n.text);
            assert!(n.sentence.is_some());
            match n.kind {
                Kind::Money => {
                    assert!(n.unit.is_some_and(|u| u.len() == 3 && u.chars().all(|c| c.is_ascii_uppercase())))
                }
                Kind::Percent | Kind::Duration | Kind::Quantity => assert!(n.unit.is_some()),
                Kind::Cardinal | Kind::Ordinal => assert!(n.unit.is_none()),
                _ => {}
            }
            if let Some(u) = n.unit {
                if n.kind != Kind::Money {
                    assert_eq!(u, u.to_lowercase());
                }
            }
        }
        total += out.numbers.len();
    }
    assert!(total > 20, "only {total} figures in the seeds");
}
