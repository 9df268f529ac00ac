//! Scores the quote analyzer on a gold JSON Lines file as `SCORING.md` (quote section) describes:
//! PolNeAR (`quotes` with `kind` direct/partial and `speaker_spans`) or the seeds gold (`kind`
//! speech/phrase and `speaker_span`).
//!
//! ```text
//! cargo run --release -p lede-quote --example quote_eval -- GOLD.jsonl [--all-kinds] [--errors]
//! ```
//!
//! Only `speech` predictions are scored unless `--all-kinds` is given. With `--entities` the
//! speakers are named from `lede-entity`'s output; without it, from the analyzer's built-in
//! capitalized-name fallback. `--dump FILE` writes the predictions as JSON Lines.

use lede_core::Document;
use lede_core::schema::QuoteKind;
use lede_quote::QuoteAnalyzer;
use serde_json::Value;
use std::io::BufRead;

struct Gold {
    start: usize,
    end: usize,
    dont_care: bool,
    speaker: Option<String>,
    spans: Vec<(usize, usize)>,
}

struct Pred {
    start: usize,
    end: usize,
    speaker: Option<String>,
    span: Option<(usize, usize)>,
}

fn strip(text: &str, mut s: usize, mut e: usize) -> (usize, usize) {
    let is_strip = |c: char| c.is_whitespace() || matches!(c, '"' | '“' | '”' | '‘' | '’' | '\'' | '«' | '»');
    while s < e {
        match text.get(s..e).and_then(|t| t.chars().next()) {
            Some(c) if is_strip(c) => s += c.len_utf8(),
            _ => break,
        }
    }
    while e > s {
        match text.get(s..e).and_then(|t| t.chars().next_back()) {
            Some(c) if is_strip(c) => e -= c.len_utf8(),
            _ => break,
        }
    }
    (s, e)
}

const TITLES: &[&str] = &[
    "mr",
    "mrs",
    "ms",
    "dr",
    "president",
    "senator",
    "sen",
    "gov",
    "governor",
    "rep",
    "prof",
    "professor",
    "secretary",
    "minister",
    "the",
];

fn norm(s: &str) -> Vec<String> {
    s.split_whitespace()
        .map(|w| w.chars().filter(|c| c.is_alphanumeric()).collect::<String>().to_lowercase())
        .filter(|w| !w.is_empty() && !TITLES.contains(&w.as_str()))
        .collect()
}

fn speaker_right(p: &Pred, g: &Gold) -> bool {
    let Some(gs) = &g.speaker else { return p.speaker.is_none() };
    if let Some((a, b)) = p.span {
        if g.spans.iter().any(|&(c, d)| a < d && c < b) {
            return true;
        }
    }
    let Some(ps) = &p.speaker else { return false };
    let pn = norm(ps);
    let gn = norm(gs);
    if !pn.is_empty() && pn == gn {
        return true;
    }
    let head = gs.split([',', '(']).next().unwrap_or(gs);
    let last = |v: &[String]| v.last().cloned();
    let pl = last(&pn);
    pl.is_some() && (pl == last(&gn) || pl == last(&norm(head)))
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let path = args.first().ok_or("usage: quote_eval GOLD.jsonl [--all-kinds] [--errors]")?;
    let all_kinds = args.iter().any(|a| a == "--all-kinds");
    let show_errors = args.iter().any(|a| a == "--errors");
    let mut dump = match args.iter().position(|a| a == "--dump") {
        Some(i) => Some(std::fs::File::create(args.get(i + 1).ok_or("--dump needs a path")?)?),
        None => None,
    };
    let analyzer = QuoteAnalyzer::default();
    let use_entities = args.iter().any(|a| a == "--entities");
    let entity = if use_entities { Some(lede_entity::EntityAnalyzer::embedded()?) } else { None };
    let file = std::io::BufReader::new(std::fs::File::open(path)?);
    let (mut n_gold, mut n_pred) = (0usize, 0usize);
    let (mut ex_tp, mut ex_fp_dc) = (0usize, 0usize);
    let (mut ov_tp, mut ov_fp_dc) = (0usize, 0usize);
    let (mut spk_right, mut e2e_tp) = (0usize, 0usize);
    let mut bytes = 0usize;
    let mut secs = 0f64;
    for line in file.lines() {
        let line = line?;
        if line.trim().is_empty() {
            continue;
        }
        let v: Value = serde_json::from_str(&line)?;
        let id = v["id"].as_str().unwrap_or("").to_string();
        let text = v["text"].as_str().unwrap_or("").to_string();
        let doc = Document::new(id.clone(), text.clone(), None);
        let ents = entity.as_ref().map(|e| e.analyze_doc(&doc)).unwrap_or_default();
        let t0 = std::time::Instant::now();
        let out = analyzer.analyze_with(&doc, &ents);
        secs += t0.elapsed().as_secs_f64();
        bytes += text.len();
        if let Some(f) = dump.as_mut() {
            use std::io::Write;
            writeln!(f, "{}", serde_json::json!({"id": id, "quote": out}))?;
        }
        let golds: Vec<Gold> = v["quotes"]
            .as_array()
            .map(|a| a.as_slice())
            .unwrap_or(&[])
            .iter()
            .map(|q| {
                let (s, e) =
                    strip(&text, q["start"].as_u64().unwrap_or(0) as usize, q["end"].as_u64().unwrap_or(0) as usize);
                let kind = q["kind"].as_str().unwrap_or("");
                let mut spans = Vec::new();
                if let Some(arr) = q["speaker_spans"].as_array() {
                    for sp in arr {
                        spans.push((sp[0].as_u64().unwrap_or(0) as usize, sp[1].as_u64().unwrap_or(0) as usize));
                    }
                }
                if let Some(sp) = q["speaker_span"].as_array() {
                    spans.push((sp[0].as_u64().unwrap_or(0) as usize, sp[1].as_u64().unwrap_or(0) as usize));
                }
                Gold {
                    start: s,
                    end: e,
                    dont_care: kind == "partial" || kind == "phrase",
                    speaker: q["speaker"].as_str().map(str::to_string),
                    spans,
                }
            })
            .collect();
        let preds: Vec<Pred> = out
            .quotes
            .iter()
            .filter(|q| all_kinds || q.kind == QuoteKind::Speech)
            .map(|q| {
                let (s, e) = strip(&text, q.start as usize, q.end as usize);
                Pred {
                    start: s,
                    end: e,
                    speaker: q.speaker.clone(),
                    span: q.speaker_span.map(|[a, b]| (a as usize, b as usize)),
                }
            })
            .collect();
        n_gold += golds.iter().filter(|g| !g.dont_care).count();
        n_pred += preds.len();
        // Exact.
        let mut used = vec![false; golds.len()];
        for p in &preds {
            if let Some(k) = (0..golds.len()).find(|&k| !used[k] && golds[k].start == p.start && golds[k].end == p.end)
            {
                used[k] = true;
                if golds[k].dont_care {
                    ex_fp_dc += 1;
                } else {
                    ex_tp += 1;
                }
            }
        }
        // Overlap, greedy by largest overlap.
        let mut pairs = Vec::new();
        for (i, p) in preds.iter().enumerate() {
            for (k, g) in golds.iter().enumerate() {
                let ov = p.end.min(g.end).saturating_sub(p.start.max(g.start));
                let longer = (p.end - p.start).max(g.end - g.start);
                if ov > 0 && ov * 2 >= longer {
                    pairs.push((ov, i, k));
                }
            }
        }
        pairs.sort_by_key(|p| std::cmp::Reverse(p.0));
        let mut pu = vec![false; preds.len()];
        let mut gu = vec![false; golds.len()];
        for (_, i, k) in pairs {
            if pu[i] || gu[k] {
                continue;
            }
            pu[i] = true;
            gu[k] = true;
            if golds[k].dont_care {
                ov_fp_dc += 1;
                continue;
            }
            ov_tp += 1;
            let right = speaker_right(&preds[i], &golds[k]);
            if right {
                spk_right += 1;
                e2e_tp += 1;
            } else if show_errors {
                let g = &golds[k];
                let p = &preds[i];
                let gsp: Vec<&str> = g.spans.iter().map(|&(a, b)| text.get(a..b).unwrap_or("")).collect();
                println!(
                    "SPK {id}: {:?}\n   gold {:?} {:?} | pred {:?} {:?}",
                    text.get(g.start..g.end).unwrap_or("").chars().take(70).collect::<String>(),
                    g.speaker,
                    gsp,
                    p.speaker,
                    p.span.map(|(a, b)| text.get(a..b).unwrap_or(""))
                );
            }
        }
        if show_errors {
            for (k, g) in golds.iter().enumerate() {
                if !gu[k] && !g.dont_care {
                    println!(
                        "MISS {id}: {:?}",
                        text.get(g.start..g.end).unwrap_or("").chars().take(100).collect::<String>()
                    );
                }
            }
            for (i, p) in preds.iter().enumerate() {
                if !pu[i] {
                    println!(
                        "FP {id}: {:?}",
                        text.get(p.start..p.end).unwrap_or("").chars().take(100).collect::<String>()
                    );
                }
            }
        }
    }
    let f1 = |tp: usize, fp_dc: usize| {
        let p = tp as f64 / (n_pred - fp_dc).max(1) as f64;
        let r = tp as f64 / n_gold.max(1) as f64;
        (p, r, if p + r > 0.0 { 2.0 * p * r / (p + r) } else { 0.0 })
    };
    let (ep, er, ef) = f1(ex_tp, ex_fp_dc);
    let (op, or, of) = f1(ov_tp, ov_fp_dc);
    let (tp, tr, tf) = f1(e2e_tp, ov_fp_dc);
    println!("gold (scored) {n_gold}, predicted {n_pred}");
    println!("exact   P {ep:.3} R {er:.3} F1 {ef:.3}");
    println!("overlap P {op:.3} R {or:.3} F1 {of:.3}");
    println!("speaker accuracy {:.3} ({spk_right}/{ov_tp})", spk_right as f64 / ov_tp.max(1) as f64);
    println!("end-to-end P {tp:.3} R {tr:.3} F1 {tf:.3}");
    let how = if use_entities { "given lede-entity output" } else { "fallback entity finder included" };
    println!("quote analyzer speed {:.1} MB/s ({bytes} bytes, {how})", bytes as f64 / secs.max(1e-9) / 1e6);
    Ok(())
}
