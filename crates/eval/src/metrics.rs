//! Counting and the arithmetic of the figures: precision/recall/F1, accuracies, correlations.

use serde::Serialize;

/// Raw counts behind a precision/recall/F1 figure.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct PrfCounts {
    pub tp: usize,
    pub pred: usize,
    pub gold: usize,
}

impl PrfCounts {
    pub fn add(&mut self, other: &PrfCounts) {
        self.tp += other.tp;
        self.pred += other.pred;
        self.gold += other.gold;
    }

    pub fn finish(&self) -> Prf {
        let precision = ratio_or_zero(self.tp, self.pred);
        let recall = ratio_or_zero(self.tp, self.gold);
        let f1 = if precision + recall > 0.0 { 2.0 * precision * recall / (precision + recall) } else { 0.0 };
        Prf { correct: self.tp, predicted: self.pred, gold: self.gold, precision, recall, f1 }
    }
}

/// Precision, recall and F1 with their counts. A ratio with a zero denominator is 0 (conlleval).
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct Prf {
    /// True positives.
    pub correct: usize,
    /// Predictions counted (the precision denominator).
    pub predicted: usize,
    /// Gold items counted (the recall denominator).
    pub gold: usize,
    /// `correct / predicted`, 0 when nothing was predicted.
    pub precision: f64,
    /// `correct / gold`, 0 when there is no gold item.
    pub recall: f64,
    /// Harmonic mean of precision and recall, 0 when both are 0.
    pub f1: f64,
}

/// Raw counts behind an accuracy.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct AccCounts {
    pub right: usize,
    pub total: usize,
}

impl AccCounts {
    pub fn add(&mut self, other: &AccCounts) {
        self.right += other.right;
        self.total += other.total;
    }

    pub fn push(&mut self, right: bool) {
        self.total += 1;
        if right {
            self.right += 1;
        }
    }

    pub fn finish(&self) -> Accuracy {
        Accuracy {
            right: self.right,
            total: self.total,
            accuracy: (self.total > 0).then(|| self.right as f64 / self.total as f64),
        }
    }
}

/// A share of right items. `accuracy` is null when there was nothing to judge.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct Accuracy {
    /// Items judged right.
    pub right: usize,
    /// Items judged.
    pub total: usize,
    /// `right / total`, or null when `total` is 0.
    pub accuracy: Option<f64>,
}

fn ratio_or_zero(a: usize, b: usize) -> f64 {
    if b == 0 { 0.0 } else { a as f64 / b as f64 }
}

/// Values equal with relative tolerance 1e-9: `|a - b| <= 1e-9 * max(|a|, |b|)`; null equals only null.
pub(crate) fn values_match(a: Option<f64>, b: Option<f64>) -> bool {
    match (a, b) {
        (None, None) => true,
        (Some(a), Some(b)) => a == b || (a - b).abs() <= 1e-9 * a.abs().max(b.abs()),
        _ => false,
    }
}

/// Pearson correlation; None with fewer than two pairs or when either side is constant.
pub(crate) fn pearson(xs: &[f64], ys: &[f64]) -> Option<f64> {
    let n = xs.len().min(ys.len());
    if n < 2 {
        return None;
    }
    let mx = xs.iter().take(n).sum::<f64>() / n as f64;
    let my = ys.iter().take(n).sum::<f64>() / n as f64;
    let (mut sxx, mut syy, mut sxy) = (0.0, 0.0, 0.0);
    for (x, y) in xs.iter().zip(ys) {
        let (dx, dy) = (x - mx, y - my);
        sxx += dx * dx;
        syy += dy * dy;
        sxy += dx * dy;
    }
    if sxx <= 0.0 || syy <= 0.0 {
        return None;
    }
    Some((sxy / (sxx.sqrt() * syy.sqrt())).clamp(-1.0, 1.0))
}

/// 1-based ranks; tied values share the mean of the ranks they span.
pub(crate) fn ranks(xs: &[f64]) -> Vec<f64> {
    let mut order: Vec<usize> = (0..xs.len()).collect();
    order.sort_by(|&a, &b| xs.get(a).unwrap_or(&0.0).total_cmp(xs.get(b).unwrap_or(&0.0)));
    let mut out = vec![0.0; xs.len()];
    let mut i = 0;
    while i < order.len() {
        let value = order.get(i).and_then(|&k| xs.get(k)).copied().unwrap_or(0.0);
        let mut j = i + 1;
        while j < order.len() && order.get(j).and_then(|&k| xs.get(k)).copied() == Some(value) {
            j += 1;
        }
        // Ranks i+1 ..= j share their mean.
        let mean = (i + 1 + j) as f64 / 2.0;
        for &k in order.get(i..j).unwrap_or(&[]) {
            if let Some(slot) = out.get_mut(k) {
                *slot = mean;
            }
        }
        i = j;
    }
    out
}

/// Spearman's rho: the Pearson correlation of the tie-averaged ranks.
pub(crate) fn spearman(xs: &[f64], ys: &[f64]) -> Option<f64> {
    pearson(&ranks(xs), &ranks(ys))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() < 1e-12
    }

    #[test]
    fn prf_from_counts() {
        let p = PrfCounts { tp: 2, pred: 4, gold: 3 }.finish();
        assert!(close(p.precision, 0.5));
        assert!(close(p.recall, 2.0 / 3.0));
        assert!(close(p.f1, 4.0 / 7.0));
        let z = PrfCounts::default().finish();
        assert_eq!((z.precision, z.recall, z.f1), (0.0, 0.0, 0.0));
    }

    #[test]
    fn tolerance_is_relative() {
        assert!(values_match(Some(1e12), Some(1e12 + 1.0)));
        assert!(!values_match(Some(1.0), Some(1.0 + 1e-8)));
        assert!(values_match(Some(0.0), Some(0.0)));
        assert!(!values_match(Some(0.0), Some(1e-300)));
        assert!(values_match(None, None));
        assert!(!values_match(None, Some(0.0)));
    }

    #[test]
    fn ranks_average_ties() {
        assert_eq!(ranks(&[10.0, 20.0, 10.0, 30.0]), vec![1.5, 3.0, 1.5, 4.0]);
    }

    #[test]
    fn correlations() {
        let x = [1.0, 2.0, 3.0, 4.0];
        let y = [2.0, 4.0, 6.0, 8.0];
        assert!(close(pearson(&x, &y).unwrap_or(0.0), 1.0));
        assert_eq!(pearson(&x, &[1.0, 1.0, 1.0, 1.0]), None);
        // Monotone but not linear: rho = 1, r < 1.
        let y = [1.0, 10.0, 100.0, 1000.0];
        assert!(close(spearman(&x, &y).unwrap_or(0.0), 1.0));
        assert!(pearson(&x, &y).unwrap_or(1.0) < 0.99);
    }
}
