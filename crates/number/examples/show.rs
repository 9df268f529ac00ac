//! Prints the figures found in a file or in the text given as arguments (for eyeballing).

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let text = match args.first() {
        Some(p) if std::path::Path::new(p).is_file() => std::fs::read_to_string(p).unwrap_or_default(),
        _ => args.join(" "),
    };
    let doc = lede_core::Document::new("x", text, None);
    let analyzer = lede_number::NumberAnalyzer::default();
    use lede_core::Analyzer;
    if let Ok(out) = analyzer.analyze(&doc, &lede_core::Dependencies::none()) {
        for n in out.numbers {
            println!("{}", serde_json::to_string(&n).unwrap_or_default());
        }
    }
}
