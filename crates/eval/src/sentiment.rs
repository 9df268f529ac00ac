//! Sentiment scoring: Pearson and Spearman correlation with the gold mean rating, and a three-class
//! accuracy and macro-F1.

use serde::{Deserialize, Serialize};

use crate::metrics::{pearson, spearman};
use crate::{Scorer, Scores};

/// Gold ratings with `|score| <` this are neutral (the gold scale is [-4, 4]).
pub const GOLD_NEUTRAL: f64 = 0.5;
/// Predicted scores with `|score| <` this are neutral (the prediction scale is [-1, 1]).
pub const PRED_NEUTRAL: f64 = 0.05;

#[derive(Deserialize)]
pub(crate) struct GoldDoc {
    score: f64,
}

#[derive(Deserialize)]
pub(crate) struct PredDoc {
    #[serde(default)]
    score: Option<f64>,
}

/// The three classes, in table order.
const CLASSES: [&str; 3] = ["negative", "neutral", "positive"];

fn class(score: f64, neutral_below: f64) -> usize {
    if score.abs() < neutral_below {
        1
    } else if score < 0.0 {
        0
    } else {
        2
    }
}

/// Pairs of one file or of all files.
#[derive(Clone, Debug, Default)]
pub(crate) struct Counts {
    gold: Vec<f64>,
    pred: Vec<f64>,
    imputed: usize,
}

/// Sentiment figures.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct SentimentScores {
    /// Number of gold documents scored (documents without a predicted score count with score 0).
    pub n: usize,
    /// Gold documents with no predicted score, scored as 0.
    pub imputed_zero: usize,
    /// Pearson r between predicted and gold scores; null when undefined (fewer than two pairs or a constant side).
    pub pearson: Option<f64>,
    /// Spearman rho (Pearson on tie-averaged ranks); null when undefined.
    pub spearman: Option<f64>,
    /// Three-class accuracy; null when `n` is 0.
    pub accuracy: Option<f64>,
    /// Macro-F1 over the classes present in gold or predictions; null when `n` is 0.
    pub macro_f1: Option<f64>,
    /// Per class figures, in the order negative, neutral, positive.
    pub classes: Vec<ClassScores>,
}

/// One class of the three-class figures.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ClassScores {
    /// `negative`, `neutral` or `positive`.
    pub class: &'static str,
    /// Gold documents of the class.
    pub gold: usize,
    /// Documents predicted in the class.
    pub predicted: usize,
    /// Documents of the class predicted so.
    pub correct: usize,
    /// F1 of the class (0 when it has no correct document).
    pub f1: f64,
}

pub(crate) struct SentimentScorer;

impl Scorer for SentimentScorer {
    type Gold = GoldDoc;
    type Pred = PredDoc;
    type Counts = Counts;

    fn score(&self, _id: &str, gold: &GoldDoc, pred: Option<&PredDoc>, c: &mut Counts) {
        let p = match pred.and_then(|p| p.score) {
            Some(s) => s,
            None => {
                c.imputed += 1;
                0.0
            }
        };
        c.gold.push(gold.score);
        c.pred.push(p);
    }

    fn merge(into: &mut Counts, o: &Counts) {
        into.gold.extend_from_slice(&o.gold);
        into.pred.extend_from_slice(&o.pred);
        into.imputed += o.imputed;
    }

    fn finish(&self, c: &Counts) -> Scores {
        let n = c.gold.len();
        let mut gold_n = [0usize; 3];
        let mut pred_n = [0usize; 3];
        let mut correct = [0usize; 3];
        for (&g, &p) in c.gold.iter().zip(&c.pred) {
            let (gc, pc) = (class(g, GOLD_NEUTRAL), class(p, PRED_NEUTRAL));
            if let Some(x) = gold_n.get_mut(gc) {
                *x += 1;
            }
            if let Some(x) = pred_n.get_mut(pc) {
                *x += 1;
            }
            if gc == pc {
                if let Some(x) = correct.get_mut(gc) {
                    *x += 1;
                }
            }
        }
        let classes: Vec<ClassScores> = (0..3)
            .map(|k| {
                let (g, p, t) = (gold_n[k], pred_n[k], correct[k]);
                let f1 = if t == 0 { 0.0 } else { 2.0 * t as f64 / (g + p) as f64 };
                ClassScores { class: CLASSES[k], gold: g, predicted: p, correct: t, f1 }
            })
            .collect();
        let present: Vec<&ClassScores> = classes.iter().filter(|c| c.gold + c.predicted > 0).collect();
        let macro_f1 = (!present.is_empty()).then(|| present.iter().map(|c| c.f1).sum::<f64>() / present.len() as f64);
        let right: usize = correct.iter().sum();
        Scores::Sentiment(SentimentScores {
            n,
            imputed_zero: c.imputed,
            pearson: pearson(&c.pred, &c.gold),
            spearman: spearman(&c.pred, &c.gold),
            accuracy: (n > 0).then(|| right as f64 / n as f64),
            macro_f1,
            classes,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn class_thresholds() {
        assert_eq!(class(0.49, GOLD_NEUTRAL), 1);
        assert_eq!(class(-0.5, GOLD_NEUTRAL), 0);
        assert_eq!(class(0.5, GOLD_NEUTRAL), 2);
        assert_eq!(class(0.049, PRED_NEUTRAL), 1);
        assert_eq!(class(-0.05, PRED_NEUTRAL), 0);
    }
}
