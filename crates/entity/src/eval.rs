//! Scoring against gold JSON Lines (`{"id", "text", "entities": [{start, end, type,
//! canonical?}]}`), as `../shared/data/SCORING.md` defines it: exact `(start, end, type)`,
//! micro and per type, and canonical-name accuracy on person mentions when the gold has it.

use crate::{EntityAnalyzer, EntityError};
use lede_core::Document;
use lede_core::schema::{EntityOutput, EntityType};
use serde::Deserialize;
use std::collections::{HashMap, HashSet};
use std::fmt;
use std::path::Path;

/// Counts for one type (or all).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct TypeScores {
    /// True positives.
    pub tp: usize,
    /// False positives.
    pub fp: usize,
    /// False negatives.
    pub fn_: usize,
}

impl TypeScores {
    /// Precision.
    pub fn precision(&self) -> f64 {
        ratio(self.tp, self.tp + self.fp)
    }
    /// Recall.
    pub fn recall(&self) -> f64 {
        ratio(self.tp, self.tp + self.fn_)
    }
    /// F1.
    pub fn f1(&self) -> f64 {
        let (p, r) = (self.precision(), self.recall());
        if p + r == 0.0 { 0.0 } else { 2.0 * p * r / (p + r) }
    }
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 { 0.0 } else { a as f64 / b as f64 }
}

/// The figures of one evaluation.
#[derive(Clone, Debug, Default)]
pub struct EvalReport {
    /// Documents scored.
    pub docs: usize,
    /// All types together.
    pub all: TypeScores,
    /// Untyped span match.
    pub untyped: TypeScores,
    /// PER, ORG, LOC, MISC.
    pub per_type: [TypeScores; 4],
    /// Gold person mentions with a canonical name, and how many got it right.
    pub canonical: (usize, usize),
    /// Tokens in the scored texts (core tokenizer).
    pub tokens: usize,
}

const NAMES: [&str; 4] = ["PER", "ORG", "LOC", "MISC"];

impl fmt::Display for EvalReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let a = &self.all;
        writeln!(
            f,
            "docs {}  P {:.4}  R {:.4}  F1 {:.4}  (untyped F1 {:.4})",
            self.docs,
            a.precision(),
            a.recall(),
            a.f1(),
            self.untyped.f1()
        )?;
        for (n, s) in NAMES.iter().zip(&self.per_type) {
            writeln!(
                f,
                "  {n:<4} P {:.4}  R {:.4}  F1 {:.4}  (tp {} fp {} fn {})",
                s.precision(),
                s.recall(),
                s.f1(),
                s.tp,
                s.fp,
                s.fn_
            )?;
        }
        if self.canonical.0 > 0 {
            writeln!(
                f,
                "  PER canonical accuracy {:.4} ({}/{})",
                ratio(self.canonical.1, self.canonical.0),
                self.canonical.1,
                self.canonical.0
            )?;
        }
        Ok(())
    }
}

/// Folds a type name to PER/ORG/LOC/MISC (index), or `None` for non-name types.
pub(crate) fn fold_type(t: &str) -> Option<usize> {
    match t.to_ascii_uppercase().as_str() {
        "PER" | "PERSON" => Some(0),
        "ORG" | "ORGANIZATION" => Some(1),
        "LOC" | "LOCATION" | "GPE" | "FAC" => Some(2),
        "DATE" | "TIME" | "MONEY" | "PERCENT" | "QUANTITY" | "ORDINAL" | "CARDINAL" => None,
        _ => Some(3),
    }
}

fn type_index(t: EntityType) -> usize {
    match t {
        EntityType::Person => 0,
        EntityType::Organization => 1,
        EntityType::Location => 2,
        EntityType::Misc => 3,
    }
}

/// One gold mention.
#[derive(Clone, Debug, Deserialize)]
pub(crate) struct GoldEntity {
    pub start: u32,
    pub end: u32,
    #[serde(rename = "type")]
    pub ty: String,
    #[serde(default)]
    pub canonical: Option<String>,
}

/// One gold document.
#[derive(Clone, Debug, Deserialize)]
pub(crate) struct GoldDoc {
    pub id: String,
    pub text: String,
    #[serde(default)]
    pub entities: Vec<GoldEntity>,
}

/// Reads gold JSON Lines.
pub(crate) fn read_gold(path: &Path) -> Result<Vec<GoldDoc>, EntityError> {
    let data = std::fs::read_to_string(path)
        .map_err(|e| EntityError::Data { path: path.display().to_string(), message: e.to_string() })?;
    let mut docs = Vec::new();
    for (n, line) in data.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let d: GoldDoc = serde_json::from_str(line).map_err(|e| EntityError::Data {
            path: path.display().to_string(),
            message: format!("line {}: {e}", n + 1),
        })?;
        docs.push(d);
    }
    Ok(docs)
}

/// Normalizes a name for canonical comparison: lower case, titles dropped.
fn norm_name(s: &str) -> String {
    const TITLES: &[&str] = &["mr", "mrs", "ms", "dr", "president", "senator", "gov", "prime", "minister", "sen"];
    s.split_whitespace()
        .filter(|w| !TITLES.contains(&w.trim_end_matches('.').to_lowercase().as_str()))
        .map(str::to_lowercase)
        .collect::<Vec<_>>()
        .join(" ")
}

/// Adds the comparison of one document to `report`.
pub fn score_mentions(report: &mut EvalReport, gold: &[(u32, u32, usize, Option<String>)], pred: &EntityOutput) {
    let mut pset: HashSet<(u32, u32, usize)> = HashSet::new();
    let mut pname: HashMap<(u32, u32), String> = HashMap::new();
    for e in &pred.entities {
        for m in &e.mentions {
            pset.insert((m.start, m.end, type_index(e.entity_type)));
            pname.insert((m.start, m.end), e.name.clone());
        }
    }
    let gset: HashSet<(u32, u32, usize)> = gold.iter().map(|g| (g.0, g.1, g.2)).collect();
    let gspans: HashSet<(u32, u32)> = gold.iter().map(|g| (g.0, g.1)).collect();
    let pspans: HashSet<(u32, u32)> = pset.iter().map(|p| (p.0, p.1)).collect();
    for g in &gset {
        if pset.contains(g) {
            report.all.tp += 1;
            report.per_type[g.2].tp += 1;
        } else {
            report.all.fn_ += 1;
            report.per_type[g.2].fn_ += 1;
        }
    }
    for p in &pset {
        if !gset.contains(p) {
            report.all.fp += 1;
            report.per_type[p.2].fp += 1;
        }
    }
    report.untyped.tp += gspans.intersection(&pspans).count();
    report.untyped.fn_ += gspans.difference(&pspans).count();
    report.untyped.fp += pspans.difference(&gspans).count();
    for g in gold {
        if g.2 != 0 {
            continue;
        }
        let Some(c) = &g.3 else { continue };
        report.canonical.0 += 1;
        if pname.get(&(g.0, g.1)).is_some_and(|n| norm_name(n) == norm_name(c)) {
            report.canonical.1 += 1;
        }
    }
}

/// Runs `analyzer` over every document of a gold file and scores it.
pub fn evaluate_jsonl(analyzer: &EntityAnalyzer, path: &Path) -> Result<EvalReport, EntityError> {
    let docs = read_gold(path)?;
    let mut report = EvalReport::default();
    for d in docs {
        let doc = Document::new(d.id, d.text, None);
        let out = analyzer.analyze_doc(&doc);
        let gold: Vec<(u32, u32, usize, Option<String>)> = d
            .entities
            .iter()
            .filter_map(|g| fold_type(&g.ty).map(|t| (g.start, g.end, t, g.canonical.clone())))
            .collect();
        score_mentions(&mut report, &gold, &out);
        report.docs += 1;
        report.tokens += doc.segmentation().tokens.len();
    }
    Ok(report)
}
