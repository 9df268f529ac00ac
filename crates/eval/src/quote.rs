//! Quote scoring: exact and overlap span match with don't-care gold, speaker accuracy, end-to-end F1.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

use crate::metrics::{AccCounts, Accuracy, Prf, PrfCounts};
use crate::names::speaker_names_match;
use crate::{EvalOptions, Scorer, Scores};

#[derive(Deserialize)]
pub(crate) struct GoldDoc {
    #[serde(default)]
    text: String,
    quotes: Vec<GoldQuote>,
}

#[derive(Deserialize)]
struct GoldQuote {
    start: u64,
    end: u64,
    #[serde(default)]
    kind: Option<String>,
    #[serde(default)]
    speaker: Option<String>,
    /// Seeds gold: one span or null.
    #[serde(default)]
    speaker_span: Option<[u64; 2]>,
    /// PolNeAR gold: a list of spans.
    #[serde(default)]
    speaker_spans: Option<Vec<[u64; 2]>>,
}

#[derive(Deserialize)]
pub(crate) struct PredDoc {
    #[serde(default)]
    quotes: Vec<PredQuote>,
}

#[derive(Deserialize)]
struct PredQuote {
    start: u64,
    end: u64,
    #[serde(default)]
    kind: Option<String>,
    #[serde(default)]
    speaker: Option<String>,
    #[serde(default)]
    speaker_span: Option<[u64; 2]>,
}

/// Quotation marks stripped from both ends of every span, with white space.
fn is_mark_or_space(c: char) -> bool {
    c.is_whitespace()
        || matches!(
            c,
            '"' | '\''
                | '`'
                | '\u{2018}'
                | '\u{2019}'
                | '\u{201a}'
                | '\u{201b}'
                | '\u{201c}'
                | '\u{201d}'
                | '\u{201e}'
                | '\u{201f}'
                | '\u{00ab}'
                | '\u{00bb}'
                | '\u{2039}'
                | '\u{203a}'
                | '\u{300c}'
                | '\u{300d}'
                | '\u{300e}'
                | '\u{300f}'
        )
}

/// `[start, end)` with quotation marks and white space removed from both ends. A span that does not slice
/// `text` on character boundaries is returned unchanged.
pub(crate) fn strip_span(text: &str, start: u64, end: u64) -> (u64, u64) {
    let (Ok(s), Ok(e)) = (usize::try_from(start), usize::try_from(end)) else { return (start, end) };
    let Some(slice) = text.get(s..e) else { return (start, end) };
    let left = slice.len() - slice.trim_start_matches(is_mark_or_space).len();
    let inner = slice.trim_matches(is_mark_or_space);
    let new_start = s + left;
    (new_start as u64, (new_start + inner.len()) as u64)
}

fn overlap(a: (u64, u64), b: (u64, u64)) -> u64 {
    a.1.min(b.1).saturating_sub(a.0.max(b.0))
}

fn len(a: (u64, u64)) -> u64 {
    a.1.saturating_sub(a.0)
}

/// One-to-one exact matching: `result[p] = Some(g)` when prediction `p` took gold `g`.
pub(crate) fn exact_matching(gold: &[(u64, u64)], pred: &[(u64, u64)]) -> Vec<Option<usize>> {
    let mut by_span: HashMap<(u64, u64), Vec<usize>> = HashMap::new();
    for (i, &g) in gold.iter().enumerate().rev() {
        by_span.entry(g).or_default().push(i);
    }
    pred.iter().map(|p| by_span.get_mut(p).and_then(Vec::pop)).collect()
}

/// One-to-one overlap matching, greedy by largest overlap; a pair qualifies when the overlap is at least half
/// of the longer span. Ties go to the earlier gold, then the earlier prediction.
pub(crate) fn overlap_matching(gold: &[(u64, u64)], pred: &[(u64, u64)]) -> Vec<Option<usize>> {
    let mut order: Vec<usize> = (0..gold.len()).collect();
    order.sort_by_key(|&i| gold.get(i).copied().unwrap_or_default());
    let starts: Vec<u64> = order.iter().map(|&i| gold.get(i).map_or(0, |g| g.0)).collect();
    let mut pairs: Vec<(u64, usize, usize)> = Vec::new();
    for (pi, &p) in pred.iter().enumerate() {
        let lp = len(p);
        if lp == 0 {
            continue;
        }
        // A qualifying gold is at most twice as long as the prediction and ends after its start, so it starts
        // after `p.start - 2 * lp` and before `p.end`.
        let lo = match p.0.checked_sub(lp.saturating_mul(2)) {
            Some(bound) => starts.partition_point(|&s| s <= bound),
            None => 0,
        };
        let hi = starts.partition_point(|&s| s < p.1);
        for &gi in order.get(lo..hi).unwrap_or(&[]) {
            let Some(&g) = gold.get(gi) else { continue };
            let ov = overlap(g, p);
            if ov > 0 && ov.saturating_mul(2) >= len(g).max(lp) {
                pairs.push((ov, gi, pi));
            }
        }
    }
    pairs.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)).then(a.2.cmp(&b.2)));
    let mut result = vec![None; pred.len()];
    let mut gold_used = vec![false; gold.len()];
    for (_, gi, pi) in pairs {
        let (Some(slot), Some(used)) = (result.get_mut(pi), gold_used.get_mut(gi)) else { continue };
        if slot.is_none() && !*used {
            *slot = Some(gi);
            *used = true;
        }
    }
    result
}

fn non_blank(s: &Option<String>) -> Option<&str> {
    s.as_deref().filter(|s| !s.trim().is_empty())
}

/// Speaker rule of SCORING.md for one overlap-matched pair.
fn speaker_right(gold: &GoldQuote, pred: &PredQuote) -> bool {
    let Some(gold_name) = non_blank(&gold.speaker) else { return non_blank(&pred.speaker).is_none() };
    if let Some([s, e]) = pred.speaker_span {
        let spans = gold.speaker_span.iter().chain(gold.speaker_spans.iter().flatten());
        if spans.into_iter().any(|&[gs, ge]| overlap((gs, ge), (s, e)) > 0) {
            return true;
        }
    }
    non_blank(&pred.speaker).is_some_and(|p| speaker_names_match(p, gold_name))
}

/// Additive counts of one file or of all files.
#[derive(Clone, Debug, Default)]
pub(crate) struct Counts {
    exact: PrfCounts,
    overlap: PrfCounts,
    speaker: AccCounts,
    end_to_end: PrfCounts,
    gold_dont_care: usize,
    pred_phrases_excluded: usize,
    pred_on_dont_care: usize,
}

/// Quote figures.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct QuoteScores {
    /// Identical (stripped) spans, one-to-one.
    pub exact: Prf,
    /// Overlap of at least half the longer span, one-to-one, greedy by overlap.
    pub overlap: Prf,
    /// Speaker accuracy over the overlap-matched quotes.
    pub speaker: Accuracy,
    /// Overlap-matched with the right speaker.
    pub end_to_end: Prf,
    /// Gold quotes treated as don't-care (`partial`, `phrase`).
    pub gold_dont_care: usize,
    /// Predicted `phrase` quotes left out of the prediction set.
    pub predicted_phrases_excluded: usize,
    /// Predictions overlap-matched to a don't-care gold quote (neither right nor wrong).
    pub predictions_on_dont_care: usize,
}

pub(crate) struct QuoteScorer {
    pub include_partial: bool,
    pub include_predicted_phrases: bool,
}

impl QuoteScorer {
    pub fn new(opts: &EvalOptions) -> Self {
        QuoteScorer { include_partial: opts.include_partial, include_predicted_phrases: opts.include_predicted_phrases }
    }

    fn is_dont_care(&self, q: &GoldQuote) -> bool {
        !self.include_partial
            && q.kind.as_deref().is_some_and(|k| k.eq_ignore_ascii_case("partial") || k.eq_ignore_ascii_case("phrase"))
    }
}

impl Scorer for QuoteScorer {
    type Gold = GoldDoc;
    type Pred = PredDoc;
    type Counts = Counts;

    fn score(&self, _id: &str, gold: &GoldDoc, pred: Option<&PredDoc>, c: &mut Counts) {
        let text = gold.text.as_str();
        let gold_spans: Vec<(u64, u64)> = gold.quotes.iter().map(|q| strip_span(text, q.start, q.end)).collect();
        let dont_care: Vec<bool> = gold.quotes.iter().map(|q| self.is_dont_care(q)).collect();
        let counted_gold = dont_care.iter().filter(|d| !**d).count();
        c.gold_dont_care += gold.quotes.len() - counted_gold;

        let mut preds: Vec<&PredQuote> = Vec::new();
        for q in pred.map(|p| p.quotes.as_slice()).unwrap_or(&[]) {
            let phrase = q.kind.as_deref().is_some_and(|k| k.eq_ignore_ascii_case("phrase"));
            if phrase && !self.include_predicted_phrases {
                c.pred_phrases_excluded += 1;
            } else {
                preds.push(q);
            }
        }
        let pred_spans: Vec<(u64, u64)> = preds.iter().map(|q| strip_span(text, q.start, q.end)).collect();
        let is_dc = |g: &Option<usize>| g.and_then(|g| dont_care.get(g).copied()).unwrap_or(false);

        let exact = exact_matching(&gold_spans, &pred_spans);
        let on_dc = exact.iter().filter(|m| is_dc(m)).count();
        let tp = exact.iter().filter(|m| m.is_some() && !is_dc(m)).count();
        c.exact.add(&PrfCounts { tp, pred: preds.len() - on_dc, gold: counted_gold });

        let over = overlap_matching(&gold_spans, &pred_spans);
        let on_dc = over.iter().filter(|m| is_dc(m)).count();
        c.pred_on_dont_care += on_dc;
        let mut tp = 0;
        let mut e2e = 0;
        for (pi, m) in over.iter().enumerate() {
            let Some(gi) = *m else { continue };
            if is_dc(m) {
                continue;
            }
            tp += 1;
            let (Some(g), Some(p)) = (gold.quotes.get(gi), preds.get(pi)) else { continue };
            let right = speaker_right(g, p);
            c.speaker.push(right);
            if right {
                e2e += 1;
            }
        }
        c.overlap.add(&PrfCounts { tp, pred: preds.len() - on_dc, gold: counted_gold });
        c.end_to_end.add(&PrfCounts { tp: e2e, pred: preds.len() - on_dc, gold: counted_gold });
    }

    fn merge(into: &mut Counts, o: &Counts) {
        into.exact.add(&o.exact);
        into.overlap.add(&o.overlap);
        into.speaker.add(&o.speaker);
        into.end_to_end.add(&o.end_to_end);
        into.gold_dont_care += o.gold_dont_care;
        into.pred_phrases_excluded += o.pred_phrases_excluded;
        into.pred_on_dont_care += o.pred_on_dont_care;
    }

    fn finish(&self, c: &Counts) -> Scores {
        Scores::Quote(QuoteScores {
            exact: c.exact.finish(),
            overlap: c.overlap.finish(),
            speaker: c.speaker.finish(),
            end_to_end: c.end_to_end.finish(),
            gold_dont_care: c.gold_dont_care,
            predicted_phrases_excluded: c.pred_phrases_excluded,
            predictions_on_dont_care: c.pred_on_dont_care,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stripping() {
        let text = "He said “ hello there, ” and left.";
        let s = text.find('“').unwrap_or(0) as u64;
        let e = (text.find('”').unwrap_or(0) + '”'.len_utf8()) as u64;
        let (a, b) = strip_span(text, s, e);
        assert_eq!(text.get(a as usize..b as usize), Some("hello there,"));
        // Not on a character boundary: unchanged.
        assert_eq!(strip_span(text, s + 1, e), (s + 1, e));
        assert_eq!(strip_span(text, 5, 500), (5, 500));
        // Only marks: empty span at the end of the leading marks.
        let (a, b) = strip_span("\"\"", 0, 2);
        assert_eq!(a, b);
    }

    #[test]
    fn overlap_is_greedy_and_one_to_one() {
        // Gold [0,10) and [20,30); predictions [0,8) (overlap 8), [2,10) (overlap 8), [20,24) (4 < 5: no).
        let gold = [(0, 10), (20, 30)];
        let pred = [(0, 8), (2, 10), (20, 24), (21, 31)];
        assert_eq!(overlap_matching(&gold, &pred), vec![Some(0), None, None, Some(1)]);
        // The larger overlap wins even when it comes later.
        let pred = [(0, 6), (0, 9)];
        assert_eq!(overlap_matching(&[(0, 10)], &pred), vec![None, Some(0)]);
        assert_eq!(exact_matching(&[(1, 2), (1, 2)], &[(1, 2), (1, 2), (1, 2)]), vec![Some(0), Some(1), None]);
        // Absurd offsets neither panic nor overflow; an inverted span is empty and matches nothing by overlap.
        let max = u64::MAX;
        assert_eq!(
            overlap_matching(&[(0, max), (5, 3)], &[(0, max), (max - 1, max), (5, 3)]),
            vec![Some(0), None, None]
        );
    }
}
