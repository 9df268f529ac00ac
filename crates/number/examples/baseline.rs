//! Baseline costs on this machine: one pass over the bytes, one pass over the shared tokens.
fn main() {
    let src = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../../shared/data/corpus/news/articles.jsonl"
    ))
    .unwrap_or_default();
    let docs: Vec<lede_core::Document> = src
        .lines()
        .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
        .map(|v| lede_core::Document::new("x", v["text"].as_str().unwrap_or(""), None))
        .collect();
    let mode = std::env::args().nth(1).unwrap_or_default();
    let mut acc = 0u64;
    for _ in 0..20 {
        for d in &docs {
            if mode == "bytes" {
                for &b in d.text().as_bytes() {
                    acc = acc.wrapping_add(u64::from(b.is_ascii_alphabetic()));
                }
            } else if mode == "tokens" {
                for t in &d.segmentation().tokens {
                    acc = acc.wrapping_add(u64::from(t.span.end - t.span.start));
                }
            }
        }
    }
    println!("{acc}");
}
