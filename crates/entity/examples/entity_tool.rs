//! Train, evaluate and time the entity analyzer until `lede train`/`lede eval` land.
//!
//! ```text
//! cargo run --release -p lede-entity --example entity_tool -- train TRAIN.jsonl OUT.model.gz [DEV.jsonl] [EPOCHS]
//! cargo run --release -p lede-entity --example entity_tool -- eval GOLD.jsonl [MODEL]
//! cargo run --release -p lede-entity --example entity_tool -- speed ARTICLES.jsonl [REPEAT]
//! cargo run --release -p lede-entity --example entity_tool -- show FILE.txt
//! ```

use lede_core::Document;
use lede_entity::{EntityAnalyzer, EntityConfig, TrainOptions, evaluate_jsonl, train};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::Instant;

fn analyzer(model: Option<&String>) -> EntityAnalyzer {
    let config = EntityConfig { model: model.map(PathBuf::from), ..EntityConfig::default() };
    match EntityAnalyzer::new(config) {
        Ok(a) => a,
        Err(e) => {
            eprintln!("{e}");
            std::process::exit(2);
        }
    }
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.first().map(String::as_str) {
        Some("train") if args.len() >= 3 => {
            let mut opts = TrainOptions { dev: args.get(3).map(PathBuf::from), ..TrainOptions::default() };
            if let Some(e) = args.get(4).and_then(|e| e.parse().ok()) {
                opts.epochs = e;
            }
            opts.verbose = std::env::var("VERBOSE").is_ok();
            if let Some(p) = std::env::var("PRUNE").ok().and_then(|p| p.parse().ok()) {
                opts.prune = p;
            }
            match train(Path::new(&args[1]), Path::new(&args[2]), &opts) {
                Ok(r) => println!("{r}"),
                Err(e) => {
                    eprintln!("{e}");
                    std::process::exit(1);
                }
            }
        }
        Some("eval") if args.len() >= 2 => {
            let a = analyzer(args.get(2));
            match evaluate_jsonl(&a, Path::new(&args[1])) {
                Ok(r) => {
                    let _ = write!(std::io::stdout(), "{r}");
                }
                Err(e) => {
                    eprintln!("{e}");
                    std::process::exit(1);
                }
            }
        }
        Some("speed") if args.len() >= 2 => {
            let t = Instant::now();
            let a = analyzer(args.get(3));
            println!("model load {:.1} ms", t.elapsed().as_secs_f64() * 1000.0);
            let repeat: usize = args.get(2).and_then(|r| r.parse().ok()).unwrap_or(3);
            let data = std::fs::read_to_string(&args[1]).unwrap_or_default();
            let docs: Vec<Document> = data
                .lines()
                .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
                .filter_map(|v| {
                    Some(Document::new(v["id"].as_str()?.to_string(), v["text"].as_str()?.to_string(), None))
                })
                .collect();
            let tokens: usize = docs.iter().map(|d| d.segmentation().tokens.len()).sum();
            let bytes: usize = docs.iter().map(|d| d.text().len()).sum();
            let mut ents = 0;
            let t = Instant::now();
            let mut best = f64::MAX;
            for _ in 0..repeat {
                let p = Instant::now();
                for d in &docs {
                    ents += a.analyze_doc(d).entities.len();
                }
                best = best.min(p.elapsed().as_secs_f64());
            }
            let s = t.elapsed().as_secs_f64();
            println!("fastest pass: {:.0} tokens/s", tokens as f64 / best);
            println!(
                "{} docs x {repeat}: {} tokens, {:.0} tokens/s, {:.1} MB/s ({ents} entities)",
                docs.len(),
                tokens * repeat,
                (tokens * repeat) as f64 / s,
                (bytes * repeat) as f64 / s / 1e6
            );
        }
        Some("show") if args.len() >= 2 => {
            let a = analyzer(args.get(2));
            let text = std::fs::read_to_string(&args[1]).unwrap_or_default();
            let doc = Document::new("doc", text, None);
            let out = a.analyze_doc(&doc);
            for e in &out.entities {
                let forms: Vec<&str> = e.mentions.iter().map(|m| m.text.as_str()).collect();
                println!("{:?} {:?} x{} titles={:?} {:?}", e.entity_type, e.name, e.count, e.titles, forms);
            }
        }
        Some("pred") if args.len() >= 2 => {
            let a = analyzer(args.get(2));
            let data = std::fs::read_to_string(&args[1]).unwrap_or_default();
            for l in data.lines() {
                let Ok(v) = serde_json::from_str::<serde_json::Value>(l) else { continue };
                let doc = Document::new(v["id"].as_str().unwrap_or(""), v["text"].as_str().unwrap_or(""), None);
                let out = a.analyze_doc(&doc);
                println!("{}", serde_json::json!({"id": doc.id(), "entity": out}));
            }
        }
        _ => eprintln!("usage: entity_tool train|eval|speed|show ..."),
    }
}
