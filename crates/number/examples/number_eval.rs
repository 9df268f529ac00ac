#![allow(clippy::unwrap_used)]
//! Scores the number analyzer on the Recognizers-Text specs and the seeds gold, following
//! SCORING.md (predictions restricted to each spec file's kind).
//!
//! ```text
//! cargo run --release -p lede-number --example number_eval -- [--data DIR] [--seeds FILE] [--show MODEL] [--as-written]
//! ```

use lede_number::{Number, NumberAnalyzer, NumberConfig};
use serde_json::Value;
use std::collections::HashSet;

fn val_eq(a: Option<f64>, b: Option<f64>) -> bool {
    match (a, b) {
        (None, None) => true,
        (Some(x), Some(y)) => (x - y).abs() <= 1e-9 * x.abs().max(y.abs()).max(1e-300) || x == y,
        _ => false,
    }
}

#[derive(Default)]
struct Score {
    cases: usize,
    pass: usize,
    tp: usize,
    np: usize,
    ng: usize,
    vmatch: usize,
    vtotal: usize,
    kind_ok: usize,
    kind_total: usize,
}

impl Score {
    fn add(&mut self, o: &Score) {
        self.cases += o.cases;
        self.pass += o.pass;
        self.tp += o.tp;
        self.np += o.np;
        self.ng += o.ng;
        self.vmatch += o.vmatch;
        self.vtotal += o.vtotal;
        self.kind_ok += o.kind_ok;
        self.kind_total += o.kind_total;
    }
    fn line(&self, name: &str) -> String {
        let p = self.tp as f64 / self.np.max(1) as f64;
        let r = self.tp as f64 / self.ng.max(1) as f64;
        let f = if p + r > 0.0 { 2.0 * p * r / (p + r) } else { 0.0 };
        format!(
            "{name:<18} cases {:>4}  pass {:.4}  span P {:.4} R {:.4} F1 {:.4}  value acc {:.4}  kind acc {:.4}",
            self.cases,
            self.pass as f64 / self.cases.max(1) as f64,
            p,
            r,
            f,
            self.vmatch as f64 / self.vtotal.max(1) as f64,
            self.kind_ok as f64 / self.kind_total.max(1) as f64
        )
    }
}

fn score_doc(text: &str, gold: &[Value], pred: &[Number], restrict: Option<&str>, show: bool, id: &str) -> Score {
    let mut s = Score { cases: 1, ..Score::default() };
    let rp: Vec<&Number> = pred.iter().filter(|n| restrict.is_none_or(|k| n.kind.as_str() == k)).collect();
    let gset: HashSet<(u64, u64)> =
        gold.iter().map(|g| (g["start"].as_u64().unwrap_or(0), g["end"].as_u64().unwrap_or(0))).collect();
    let pset: HashSet<(u64, u64)> = rp.iter().map(|n| (u64::from(n.start), u64::from(n.end))).collect();
    s.tp = gset.intersection(&pset).count();
    s.np = pset.len();
    s.ng = gset.len();
    let mut gv: Vec<(u64, u64, Option<f64>)> = gold
        .iter()
        .map(|g| (g["start"].as_u64().unwrap_or(0), g["end"].as_u64().unwrap_or(0), g["value"].as_f64()))
        .collect();
    let mut pv: Vec<(u64, u64, Option<f64>)> =
        rp.iter().map(|n| (u64::from(n.start), u64::from(n.end), n.value)).collect();
    gv.sort_by(|a, b| a.partial_cmp(b).unwrap_or(std::cmp::Ordering::Equal));
    pv.sort_by(|a, b| a.partial_cmp(b).unwrap_or(std::cmp::Ordering::Equal));
    let pass = gv.len() == pv.len() && gv.iter().zip(&pv).all(|(g, p)| g.0 == p.0 && g.1 == p.1 && val_eq(g.2, p.2));
    s.pass = usize::from(pass);
    for g in gold {
        let (gs, ge) = (g["start"].as_u64().unwrap_or(0), g["end"].as_u64().unwrap_or(0));
        if let Some(p) = rp.iter().find(|n| u64::from(n.start) == gs && u64::from(n.end) == ge) {
            s.vtotal += 1;
            if val_eq(g["value"].as_f64(), p.value) {
                s.vmatch += 1;
            }
        }
        if let Some(p) = pred.iter().find(|n| u64::from(n.start) == gs && u64::from(n.end) == ge) {
            s.kind_total += 1;
            if Some(p.kind.as_str()) == g["kind"].as_str() {
                s.kind_ok += 1;
            }
        }
    }
    if show && !pass {
        let gs: Vec<String> = gold.iter().map(|g| format!("{}={}", g["text"], g["value"])).collect();
        let ps: Vec<String> = pred
            .iter()
            .map(|n| {
                format!(
                    "{:?}={:?}:{}{}",
                    n.text,
                    n.value,
                    n.kind.as_str(),
                    n.unit.map(|u| format!("/{u}")).unwrap_or_default()
                )
            })
            .collect();
        println!(
            "FAIL {id}: {:?}\n   gold {}\n   pred {}",
            &text.chars().take(140).collect::<String>(),
            gs.join(" | "),
            ps.join(" | ")
        );
    }
    s
}

/// One gold line: id, text and gold numbers (None for a line that is not JSON).
fn gold_case(line: &str) -> Option<(String, String, Vec<Value>)> {
    let v: Value = serde_json::from_str(line).ok()?;
    let text = v["text"].as_str().unwrap_or("").to_string();
    let id = v["id"].as_str().unwrap_or("").to_string();
    Some((id, text, v["numbers"].as_array().cloned().unwrap_or_default()))
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let get = |flag: &str| args.iter().position(|a| a == flag).and_then(|i| args.get(i + 1)).cloned();
    let data = get("--data").unwrap_or_else(|| {
        concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared/data/numbers/recognizers-text").into()
    });
    let seeds = get("--seeds")
        .unwrap_or_else(|| concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared/gold/seeds/seeds-dev.jsonl").into());
    let show = get("--show");
    let compat = args.iter().any(|a| a == "--compat");
    let config = NumberConfig {
        minor_units_as_written: compat || args.iter().any(|a| a == "--as-written"),
        relative_ordinals: compat,
        bare_units: compat,
        nested_numbers: compat,
        no_range_units: compat,
        ..Default::default()
    };
    let analyzer = NumberAnalyzer::new(config);
    use lede_core::Analyzer;
    let run = |id: &str, text: &str| -> Vec<Number> {
        let doc = lede_core::Document::new(id, text, None);
        analyzer.analyze(&doc, &lede_core::Dependencies::none()).map(|n| n.numbers).unwrap_or_default()
    };
    let mut total = Score::default();
    for &(model, kind) in lede_eval::MODEL_KINDS {
        let Ok(src) = std::fs::read_to_string(format!("{data}/{model}.jsonl")) else {
            println!("{model}: missing");
            continue;
        };
        let mut sc = Score::default();
        for (id, text, gold) in src.lines().filter_map(gold_case) {
            let pred = run(&id, &text);
            sc.add(&score_doc(&text, &gold, &pred, Some(kind), show.as_deref() == Some(model), &id));
        }
        println!("{}", sc.line(model));
        total.add(&sc);
    }
    println!("{}", total.line("ALL recognizers"));
    if let Ok(src) = std::fs::read_to_string(&seeds) {
        let mut sc = Score::default();
        for (id, text, gold) in src.lines().filter_map(gold_case) {
            let pred = run(&id, &text);
            if show.as_deref() == Some("seeds") {
                let gs: HashSet<(u64, u64)> =
                    gold.iter().map(|g| (g["start"].as_u64().unwrap_or(0), g["end"].as_u64().unwrap_or(0))).collect();
                for p in &pred {
                    if !gs.contains(&(u64::from(p.start), u64::from(p.end))) {
                        println!("  FP {:?} {:?} {:?}", p.text, p.kind.as_str(), p.value);
                    }
                }
                for g in &gold {
                    let k = (g["start"].as_u64().unwrap_or(0), g["end"].as_u64().unwrap_or(0));
                    match pred.iter().find(|p| (u64::from(p.start), u64::from(p.end)) == k) {
                        None => println!("  FN {} {}", g["text"], g["kind"]),
                        Some(p)
                            if !val_eq(p.value, g["value"].as_f64()) || Some(p.kind.as_str()) != g["kind"].as_str() =>
                        {
                            println!(
                                "  VAL {} gold {} {} pred {:?} {:?}",
                                g["text"],
                                g["kind"],
                                g["value"],
                                p.kind.as_str(),
                                p.value
                            )
                        }
                        _ => {}
                    }
                }
            }
            sc.add(&score_doc(&text, &gold, &pred, None, false, ""));
        }
        println!("{}", sc.line("seeds-dev"));
    }
}
