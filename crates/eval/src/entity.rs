//! Entity scoring: typed and untyped exact mention match (conlleval semantics), per type, and the
//! canonical-name accuracy of seeds-style gold.

use std::collections::{HashMap, HashSet};

use serde::{Deserialize, Serialize};

use crate::metrics::{AccCounts, Accuracy, Prf, PrfCounts};
use crate::names::normalize_canonical;
use crate::{Scorer, Scores};

/// The four folded name types.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub enum Label {
    /// Persons.
    #[serde(rename = "PER")]
    Per,
    /// Organizations.
    #[serde(rename = "ORG")]
    Org,
    /// Locations (also GPE and FAC).
    #[serde(rename = "LOC")]
    Loc,
    /// Every other name type.
    #[serde(rename = "MISC")]
    Misc,
}

impl Label {
    /// All labels in table order.
    pub const ALL: [Label; 4] = [Label::Per, Label::Org, Label::Loc, Label::Misc];

    /// The CoNLL tag.
    pub fn as_str(self) -> &'static str {
        match self {
            Label::Per => "PER",
            Label::Org => "ORG",
            Label::Loc => "LOC",
            Label::Misc => "MISC",
        }
    }

    fn index(self) -> usize {
        match self {
            Label::Per => 0,
            Label::Org => 1,
            Label::Loc => 2,
            Label::Misc => 3,
        }
    }
}

/// Types that are not names (OntoNotes numeric types and the number kinds of lede); dropped before scoring.
const NON_NAME_TYPES: &[&str] = &[
    "date",
    "time",
    "money",
    "percent",
    "quantity",
    "ordinal",
    "cardinal",
    "number",
    "numeric",
    "duration",
    "age",
    "year",
    "temperature",
];

/// Folds a type name case-insensitively: person/per → PER; organization/organisation/org → ORG;
/// location/loc/gpe/fac/facility → LOC; a non-name type → None (dropped); anything else → MISC.
pub fn fold_type(name: &str) -> Option<Label> {
    let t = name.trim().to_ascii_lowercase();
    match t.as_str() {
        "per" | "person" => Some(Label::Per),
        "org" | "organization" | "organisation" => Some(Label::Org),
        "loc" | "location" | "gpe" | "fac" | "facility" => Some(Label::Loc),
        _ if NON_NAME_TYPES.contains(&t.as_str()) => None,
        _ => Some(Label::Misc),
    }
}

#[derive(Deserialize)]
pub(crate) struct GoldDoc {
    entities: Vec<GoldMention>,
}

#[derive(Deserialize)]
struct GoldMention {
    start: u64,
    end: u64,
    #[serde(rename = "type", default)]
    ty: String,
    #[serde(default)]
    canonical: Option<String>,
}

#[derive(Deserialize)]
pub(crate) struct PredDoc {
    #[serde(default)]
    entities: Vec<PredEntity>,
}

#[derive(Deserialize)]
struct PredEntity {
    #[serde(default)]
    name: Option<String>,
    #[serde(rename = "type", default)]
    ty: String,
    #[serde(default)]
    mentions: Vec<PredMention>,
}

#[derive(Deserialize)]
struct PredMention {
    start: u64,
    end: u64,
}

/// Additive counts of one file or of all files.
#[derive(Clone, Debug, Default)]
pub(crate) struct Counts {
    typed: PrfCounts,
    untyped: PrfCounts,
    per_type: [PrfCounts; 4],
    canonical: AccCounts,
    has_canonical: bool,
}

/// Entity figures.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct EntityScores {
    /// Exact `(start, end, type)` match, micro over all mentions.
    pub typed: Prf,
    /// Exact `(start, end)` match.
    pub untyped: Prf,
    /// Typed figures per folded type, in the order PER, ORG, LOC, MISC.
    pub per_type: Vec<TypeScores>,
    /// Canonical-name accuracy over gold PER mentions; null when the gold has no `canonical` field.
    pub canonical_name: Option<Accuracy>,
}

/// Typed figures of one type.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct TypeScores {
    /// The folded type.
    #[serde(rename = "type")]
    pub label: Label,
    /// Its figures.
    #[serde(flatten)]
    pub scores: Prf,
}

pub(crate) struct EntityScorer;

impl Scorer for EntityScorer {
    type Gold = GoldDoc;
    type Pred = PredDoc;
    type Counts = Counts;

    fn score(&self, _id: &str, gold: &GoldDoc, pred: Option<&PredDoc>, c: &mut Counts) {
        let mut gold_typed: HashSet<(u64, u64, Label)> = HashSet::new();
        let mut gold_untyped: HashSet<(u64, u64)> = HashSet::new();
        for m in &gold.entities {
            if m.canonical.is_some() {
                c.has_canonical = true;
            }
            if let Some(label) = fold_type(&m.ty) {
                gold_typed.insert((m.start, m.end, label));
                gold_untyped.insert((m.start, m.end));
            }
        }
        let mut pred_typed: HashSet<(u64, u64, Label)> = HashSet::new();
        let mut pred_untyped: HashSet<(u64, u64)> = HashSet::new();
        // Span → the names of the predicted entities holding a mention there (any type).
        let mut names: HashMap<(u64, u64), Vec<String>> = HashMap::new();
        for e in pred.map(|p| p.entities.as_slice()).unwrap_or(&[]) {
            let Some(label) = fold_type(&e.ty) else { continue };
            let name = e.name.as_deref().map(normalize_canonical);
            for m in &e.mentions {
                pred_typed.insert((m.start, m.end, label));
                pred_untyped.insert((m.start, m.end));
                if let Some(name) = &name {
                    names.entry((m.start, m.end)).or_default().push(name.clone());
                }
            }
        }
        let tp = gold_typed.intersection(&pred_typed).count();
        c.typed.add(&PrfCounts { tp, pred: pred_typed.len(), gold: gold_typed.len() });
        let tp = gold_untyped.intersection(&pred_untyped).count();
        c.untyped.add(&PrfCounts { tp, pred: pred_untyped.len(), gold: gold_untyped.len() });
        for &(_, _, l) in &gold_typed {
            if let Some(slot) = c.per_type.get_mut(l.index()) {
                slot.gold += 1;
            }
        }
        for key in &pred_typed {
            if let Some(slot) = c.per_type.get_mut(key.2.index()) {
                slot.pred += 1;
                if gold_typed.contains(key) {
                    slot.tp += 1;
                }
            }
        }
        // Canonical names: every gold PER mention with a canonical, once per distinct span.
        let mut done: HashSet<(u64, u64)> = HashSet::new();
        for m in &gold.entities {
            let Some(canonical) = &m.canonical else { continue };
            if fold_type(&m.ty) != Some(Label::Per) || !done.insert((m.start, m.end)) {
                continue;
            }
            let want = normalize_canonical(canonical);
            let right = names.get(&(m.start, m.end)).is_some_and(|ns| ns.contains(&want));
            c.canonical.push(right);
        }
    }

    fn merge(into: &mut Counts, other: &Counts) {
        into.typed.add(&other.typed);
        into.untyped.add(&other.untyped);
        for (a, b) in into.per_type.iter_mut().zip(other.per_type.iter()) {
            a.add(b);
        }
        into.canonical.add(&other.canonical);
        into.has_canonical |= other.has_canonical;
    }

    fn finish(&self, c: &Counts) -> Scores {
        Scores::Entity(EntityScores {
            typed: c.typed.finish(),
            untyped: c.untyped.finish(),
            per_type: Label::ALL
                .iter()
                .zip(c.per_type.iter())
                .map(|(&label, counts)| TypeScores { label, scores: counts.finish() })
                .collect(),
            canonical_name: c.has_canonical.then(|| c.canonical.finish()),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folding() {
        assert_eq!(fold_type("person"), Some(Label::Per));
        assert_eq!(fold_type("PER"), Some(Label::Per));
        assert_eq!(fold_type("Organization"), Some(Label::Org));
        assert_eq!(fold_type("GPE"), Some(Label::Loc));
        assert_eq!(fold_type("fac"), Some(Label::Loc));
        assert_eq!(fold_type("location"), Some(Label::Loc));
        assert_eq!(fold_type("NORP"), Some(Label::Misc));
        assert_eq!(fold_type("misc"), Some(Label::Misc));
        assert_eq!(fold_type("DATE"), None);
        assert_eq!(fold_type("money"), None);
    }
}
