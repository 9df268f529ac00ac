//! Prints the scoring trace of each argument (or each stdin line), and its sentence scores as a document.
#![allow(missing_docs)]

fn main() {
    let a = lede_sentiment::SentimentAnalyzer::default();
    let args: Vec<String> = std::env::args().skip(1).collect();
    let lines: Vec<String> =
        if args.is_empty() { std::io::stdin().lines().map_while(Result::ok).collect() } else { args };
    for l in lines {
        println!("{l}\n{}", a.explain(&l));
        let doc = lede_core::Document::new("x", l.as_str(), None);
        let out = a.analyze_document(&doc, None, None);
        for s in &out.sentences {
            println!("  [{:+.3}] {}", s.score, l.get(s.start as usize..s.end as usize).unwrap_or(""));
        }
        println!("document: {:+.4}\n", out.score);
    }
}
