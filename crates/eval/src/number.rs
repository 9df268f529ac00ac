//! Number scoring: case pass rate, span P/R/F1, value and kind accuracy, with the Recognizers-Text
//! restriction of predictions to the kind of the gold file's model.

use std::collections::{BTreeSet, HashMap, HashSet};

use serde::{Deserialize, Serialize};

use crate::metrics::{AccCounts, Accuracy, Prf, PrfCounts, values_match};
use crate::{EvalOptions, Scorer, Scores};

/// Recognizers-Text models (the id prefix before the last `-`) and the kind their predictions are restricted to.
pub const MODEL_KINDS: &[(&str, &str)] = &[
    ("NumberModel", "cardinal"),
    ("OrdinalModel", "ordinal"),
    ("PercentModel", "percent"),
    ("CurrencyModel", "money"),
    ("DimensionModel", "quantity"),
    ("AgeModel", "age"),
    ("TemperatureModel", "temperature"),
];

/// The kind a gold id's Recognizers-Text model restricts predictions to: `NumberModel-12` → `cardinal`.
/// None for any other id (no restriction).
pub fn model_kind(id: &str) -> Option<&'static str> {
    let (model, index) = id.rsplit_once('-')?;
    if index.is_empty() || !index.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    MODEL_KINDS.iter().find(|(m, _)| *m == model).map(|(_, k)| *k)
}

#[derive(Deserialize)]
pub(crate) struct GoldDoc {
    numbers: Vec<Item>,
}

#[derive(Deserialize)]
pub(crate) struct PredDoc {
    #[serde(default)]
    numbers: Vec<Item>,
}

#[derive(Deserialize)]
struct Item {
    start: u64,
    end: u64,
    #[serde(default)]
    kind: Option<String>,
    #[serde(default)]
    value: Option<f64>,
}

impl Item {
    fn span(&self) -> (u64, u64) {
        (self.start, self.end)
    }

    fn kind_is(&self, kind: &str) -> bool {
        self.kind.as_deref().is_some_and(|k| k.trim().eq_ignore_ascii_case(kind))
    }
}

/// `(span, value)` pairs sorted and with duplicates (same span, matching value) removed.
fn value_set<'a>(items: impl Iterator<Item = &'a Item>) -> Vec<((u64, u64), Option<f64>)> {
    let mut v: Vec<((u64, u64), Option<f64>)> = items.map(|i| (i.span(), i.value)).collect();
    v.sort_by(|a, b| {
        a.0.cmp(&b.0).then_with(|| match (a.1, b.1) {
            (None, None) => std::cmp::Ordering::Equal,
            (None, Some(_)) => std::cmp::Ordering::Less,
            (Some(_), None) => std::cmp::Ordering::Greater,
            (Some(x), Some(y)) => x.total_cmp(&y),
        })
    });
    v.dedup_by(|a, b| a.0 == b.0 && values_match(a.1, b.1));
    v
}

/// Additive counts of one file or of all files.
#[derive(Clone, Debug, Default)]
pub(crate) struct Counts {
    cases: AccCounts,
    span: PrfCounts,
    value: AccCounts,
    kind: AccCounts,
    restricted_to: BTreeSet<String>,
}

/// Number figures.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct NumberScores {
    /// Cases (gold documents) whose restricted predicted set equals the gold set on `(span, value)`.
    pub case_pass: Accuracy,
    /// Span precision/recall/F1 over unique `(start, end)` pairs of the restricted predictions.
    pub span: Prf,
    /// Over gold items whose span was predicted (restricted), the share with a matching value.
    pub value: Accuracy,
    /// Over gold items whose span appears among all predictions, the share predicted with the gold kind.
    pub kind: Accuracy,
    /// The kinds predictions were restricted to (empty: no restriction).
    pub restricted_to: Vec<String>,
}

pub(crate) struct NumberScorer {
    restrict: bool,
}

impl NumberScorer {
    pub fn new(opts: &EvalOptions) -> Self {
        NumberScorer { restrict: !opts.no_number_restriction }
    }
}

impl Scorer for NumberScorer {
    type Gold = GoldDoc;
    type Pred = PredDoc;
    type Counts = Counts;

    fn score(&self, id: &str, gold: &GoldDoc, pred: Option<&PredDoc>, c: &mut Counts) {
        let all: &[Item] = pred.map(|p| p.numbers.as_slice()).unwrap_or(&[]);
        let restriction = if self.restrict { model_kind(id) } else { None };
        if let Some(kind) = restriction {
            c.restricted_to.insert(kind.to_string());
        }
        let restricted: Vec<&Item> = all.iter().filter(|i| restriction.is_none_or(|k| i.kind_is(k))).collect();

        // Case pass.
        let g = value_set(gold.numbers.iter());
        let p = value_set(restricted.iter().copied());
        let pass = g.len() == p.len() && g.iter().zip(&p).all(|(a, b)| a.0 == b.0 && values_match(a.1, b.1));
        c.cases.push(pass);

        // Spans.
        let gold_spans: HashSet<(u64, u64)> = gold.numbers.iter().map(Item::span).collect();
        let mut by_span: HashMap<(u64, u64), Vec<&Item>> = HashMap::new();
        for &i in &restricted {
            by_span.entry(i.span()).or_default().push(i);
        }
        let tp = gold_spans.iter().filter(|s| by_span.contains_key(s)).count();
        c.span.add(&PrfCounts { tp, pred: by_span.len(), gold: gold_spans.len() });

        // Value accuracy (restricted) and kind accuracy (unrestricted), per gold item.
        let mut all_by_span: HashMap<(u64, u64), Vec<&Item>> = HashMap::new();
        for i in all {
            all_by_span.entry(i.span()).or_default().push(i);
        }
        for item in &gold.numbers {
            if let Some(found) = by_span.get(&item.span()) {
                c.value.push(found.iter().any(|p| values_match(p.value, item.value)));
            }
            if let Some(found) = all_by_span.get(&item.span()) {
                let gold_kind = item.kind.as_deref().unwrap_or("").trim();
                c.kind.push(found.iter().any(|p| p.kind_is(gold_kind)));
            }
        }
    }

    fn merge(into: &mut Counts, o: &Counts) {
        into.cases.add(&o.cases);
        into.span.add(&o.span);
        into.value.add(&o.value);
        into.kind.add(&o.kind);
        into.restricted_to.extend(o.restricted_to.iter().cloned());
    }

    fn finish(&self, c: &Counts) -> Scores {
        Scores::Number(NumberScores {
            case_pass: c.cases.finish(),
            span: c.span.finish(),
            value: c.value.finish(),
            kind: c.kind.finish(),
            restricted_to: c.restricted_to.iter().cloned().collect(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn models_from_ids() {
        assert_eq!(model_kind("NumberModel-12"), Some("cardinal"));
        assert_eq!(model_kind("CurrencyModel-0"), Some("money"));
        assert_eq!(model_kind("TemperatureModel-3"), Some("temperature"));
        assert_eq!(model_kind("NumberModel-x"), None);
        assert_eq!(model_kind("000_45566bbd2470dbf1"), None);
        assert_eq!(model_kind("NumberModel"), None);
    }
}
