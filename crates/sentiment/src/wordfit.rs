//! Per-word valence corrections fitted on rated sets: a news-adapted lexicon.
//!
//! The global weights say how rules combine valences; they cannot say that a word VADER's raters
//! found loaded (`war`, `tax`, `police`) reads flatter in an editorial, or that a word reads
//! harsher there than its lexicon valence. `fit_words` learns, for every lexicon word that
//! occurs in enough rated texts, a correction `delta` added to its valence in the table:
//!
//! * the document score `p` of each text is linearized in the valences of its word tokens (a
//!   numerical derivative through the real scorer, so negation, contrast, modals, squashing and
//!   the document mean all act on a correction as they act on the valence);
//! * per set, the rating is regressed on `p` (`y ≈ a + b p`), and the corrections are the ridge
//!   regression of the residual on the linearized effect `b · dp/dv` of each word, each text
//!   weighed by its set's weight over the set's size times its rating variance (so that every set
//!   counts by its Pearson r, news more, as in the weight fit);
//! * the penalty is chosen by cross-validation by article inside the training texts (the
//!   held-out texts are scored with the corrections applied to the tokens, not linearized), then
//!   a few Gauss-Newton steps refit at the chosen penalty.
//!
//! The corrections are written as `word<TAB>delta` lines and folded into the lexicon when it is
//! built (`Lexicon::builtin`), so scoring costs nothing more.

use crate::Weights;
use crate::aggregate;
use crate::scorer::{Tok, raw_score};
use crate::train::{Prepared, is_news, pearson};

/// Options of the per-word fit (`TrainOptions::words`).
#[derive(Clone, Debug)]
pub struct WordFitOptions {
    /// A word is corrected only if it occurs in at least this many training texts.
    pub min_texts: usize,
    /// A word without a valence in the table gets one only if it occurs in at least this many
    /// training texts and is never capitalized in mid-sentence (no name gets a tone); 0: never.
    pub new_min_texts: usize,
    /// Candidate penalties (on the scale where the text weights sum to 1).
    pub lambdas: Vec<f64>,
    /// Folds of the inner cross-validation that picks the penalty.
    pub inner_folds: u64,
    /// Gauss-Newton steps of the final fit (1: the plain linearized ridge).
    pub iterations: usize,
    /// Weight of news sets in the fit and in the choice of the penalty (others weigh 1).
    pub news_weight: f32,
    /// Keep every word's sign (the default): a correction may weaken a valence down to ±0.05,
    /// never flip it. Flips fitted on editorials gave `fraud`, `anger` and `threatening` a
    /// positive tone; a correction adapts how strongly news uses a word, not which way it points.
    pub keep_sign: bool,
}

impl Default for WordFitOptions {
    fn default() -> WordFitOptions {
        WordFitOptions {
            min_texts: 3,
            new_min_texts: 0,
            lambdas: (0..10).map(|i| 10f64.powf(-6.0 + 0.5 * f64::from(i))).collect(),
            inner_folds: 5,
            iterations: 2,
            news_weight: 2.0,
            keep_sign: true,
        }
    }
}

/// The fitted corrections.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct WordFit {
    /// `(word, delta)`, sorted by word, rounded to three decimals, zeros left out.
    pub deltas: Vec<(String, f32)>,
    /// The penalty the inner cross-validation chose.
    pub lambda: f64,
    /// Words that were candidates (frequent enough).
    pub candidates: usize,
    /// The inner cross-validation: each candidate penalty and the news-weighted mean Pearson r
    /// of the held-out texts with the corrections fitted at it.
    pub curve: Vec<(f64, f64)>,
}

impl WordFit {
    /// The table as written to disk: a header, then `word<TAB>delta` lines.
    pub fn to_tsv(&self) -> String {
        let mut s = String::from(
            "# Per-word valence corrections (word<TAB>delta on the -4..4 scale), fitted by `lede train sentiment`\n",
        );
        s.push_str(&format!(
            "# (src/wordfit.rs): ridge penalty {:.1e} chosen by cross-validation, {} candidate words, {} kept.\n",
            self.lambda,
            self.candidates,
            self.deltas.len()
        ));
        for (w, d) in &self.deltas {
            s.push_str(&format!("{w}\t{d:.3}\n"));
        }
        s
    }
}

/// The linearization of every text's document score at some token valences.
struct Linear {
    /// Document score per text.
    pred: Vec<f32>,
    /// Per text: `(word, dp/dv)` for its corrected words, merged by word.
    jac: Vec<Vec<(u32, f32)>>,
}

/// Tokens with `delta` added to the valence of every token that carries a table word's own
/// valence, as folding the corrections into the table would (kept in -4..4, never exactly 0).
fn apply(p: &Prepared, delta: &[f32]) -> Vec<Tok> {
    let mut toks = p.toks.clone();
    for (t, &k) in toks.iter_mut().zip(&p.keys) {
        if let Some(&d) = delta.get(k as usize)
            && d != 0.0
        {
            let v = (t.val + d).clamp(-4.0, 4.0);
            t.val = if v == 0.0 { 0.001 * t.val.signum() } else { v };
        }
    }
    toks
}

const STEP: f32 = 0.02;

fn linearize(p: &Prepared, toks: &mut [Tok], w: &Weights) -> Linear {
    let mut pred = Vec::with_capacity(p.texts.len());
    let mut jac = Vec::with_capacity(p.texts.len());
    let mut raws: Vec<f32> = Vec::new();
    for (range, ..) in &p.texts {
        let sentences = p.sentences.get(range.clone()).unwrap_or(&[]);
        raws.clear();
        for (tr, st) in sentences {
            raws.push(raw_score(toks.get(tr.clone()).unwrap_or(&[]), st, w));
        }
        let p0 = aggregate(&raws, w);
        let mut row: Vec<(u32, f32)> = Vec::new();
        for (si, (tr, st)) in sentences.iter().enumerate() {
            for j in tr.clone() {
                let Some(&key) = p.keys.get(j) else { continue };
                if key == NO_KEY {
                    continue;
                }
                let Some(v) = toks.get(j).map(|t| t.val) else { continue };
                let at = |x: f32, toks: &mut [Tok], raws: &mut [f32]| -> f32 {
                    if let Some(t) = toks.get_mut(j) {
                        t.val = x;
                    }
                    if let Some(r) = raws.get_mut(si) {
                        *r = raw_score(toks.get(tr.clone()).unwrap_or(&[]), st, w);
                    }
                    aggregate(raws, w)
                };
                let (hi, lo) = (at(v + STEP, toks, &mut raws), at(v - STEP, toks, &mut raws));
                at(v, toks, &mut raws);
                let d = (hi - lo) / (2.0 * STEP);
                if d != 0.0 && d.is_finite() {
                    row.push((key, d));
                }
            }
        }
        row.sort_unstable_by_key(|&(k, _)| k);
        row.dedup_by(|b, a| {
            if a.0 == b.0 {
                a.1 += b.1;
                true
            } else {
                false
            }
        });
        pred.push(p0);
        jac.push(row);
    }
    Linear { pred, jac }
}

/// Marks a token that carries no table word's own valence.
pub(crate) const NO_KEY: u32 = u32::MAX;

/// The weighted least-squares problem of one fit: rows are texts.
struct Problem {
    /// Per text: weight (0: not in the fit), residual, slope of its set.
    rows: Vec<(f64, f64, f64)>,
}

/// Per-set calibration of the ratings on the scores over the texts in `keep`, and the text weights.
fn problem(p: &Prepared, lin: &Linear, keep: &dyn Fn(usize) -> bool, news_weight: f32) -> Problem {
    let n_sets = p.names.len();
    // Per set: n, sum p, sum y, sum pp, sum py, sum yy.
    let mut acc = vec![[0.0f64; 6]; n_sets];
    for (i, t) in p.texts.iter().enumerate() {
        if !keep(i) {
            continue;
        }
        let (x, y) = (f64::from(lin.pred.get(i).copied().unwrap_or(0.0)), t.1);
        if let Some(a) = acc.get_mut(t.2) {
            a[0] += 1.0;
            a[1] += x;
            a[2] += y;
            a[3] += x * x;
            a[4] += x * y;
            a[5] += y * y;
        }
    }
    let cal: Vec<(f64, f64, f64)> = acc
        .iter()
        .enumerate()
        .map(|(s, a)| {
            let n = a[0];
            if n < 3.0 {
                return (0.0, 0.0, 0.0);
            }
            let (mx, my) = (a[1] / n, a[2] / n);
            let (vx, vy, cxy) = (a[3] / n - mx * mx, a[5] / n - my * my, a[4] / n - mx * my);
            let b = if vx > 0.0 { cxy / vx } else { 0.0 };
            let set_w = if p.names.get(s).is_some_and(|name| is_news(name)) { f64::from(news_weight) } else { 1.0 };
            let wt = if vy > 0.0 { set_w / (n * vy) } else { 0.0 };
            (my - b * mx, b, wt)
        })
        .collect();
    let mut rows: Vec<(f64, f64, f64)> = p
        .texts
        .iter()
        .enumerate()
        .map(|(i, t)| {
            let (a, b, wt) = cal.get(t.2).copied().unwrap_or_default();
            if !keep(i) {
                return (0.0, 0.0, b);
            }
            let x = f64::from(lin.pred.get(i).copied().unwrap_or(0.0));
            (wt, t.1 - a - b * x, b)
        })
        .collect();
    let total: f64 = rows.iter().map(|r| r.0).sum();
    if total > 0.0 {
        for r in &mut rows {
            r.0 /= total;
        }
    }
    Problem { rows }
}

/// Solves `(Xᵀ C X + λ I) δ = Xᵀ C (r + X δ0)` by conjugate gradients (X: slope times the
/// Jacobian, restricted to the `active` words): the ridge step of a Gauss-Newton iteration from
/// `delta0`, penalizing the total correction.
fn solve(lin: &Linear, prob: &Problem, active: &[bool], delta0: &[f64], lambda: f64) -> Vec<f64> {
    let n = delta0.len();
    let xrow = |i: usize, v: &[f64]| -> f64 {
        let (_, _, b) = prob.rows.get(i).copied().unwrap_or_default();
        lin.jac.get(i).map_or(0.0, |row| {
            row.iter()
                .filter(|(k, _)| active.get(*k as usize).copied().unwrap_or(false))
                .map(|&(k, d)| b * f64::from(d) * v.get(k as usize).copied().unwrap_or(0.0))
                .sum()
        })
    };
    let add_xt = |i: usize, s: f64, out: &mut [f64]| {
        let (_, _, b) = prob.rows.get(i).copied().unwrap_or_default();
        for &(k, d) in lin.jac.get(i).map_or(&[][..], Vec::as_slice) {
            if active.get(k as usize).copied().unwrap_or(false)
                && let Some(o) = out.get_mut(k as usize)
            {
                *o += s * b * f64::from(d);
            }
        }
    };
    let matvec = |v: &[f64]| -> Vec<f64> {
        let mut out: Vec<f64> = v.iter().map(|x| lambda * x).collect();
        for (i, r) in prob.rows.iter().enumerate() {
            if r.0 > 0.0 {
                let s = xrow(i, v);
                add_xt(i, r.0 * s, &mut out);
            }
        }
        for (o, a) in out.iter_mut().zip(active) {
            if !a {
                *o = 0.0;
            }
        }
        out
    };
    let mut rhs = vec![0.0f64; n];
    for (i, r) in prob.rows.iter().enumerate() {
        if r.0 > 0.0 {
            let target = r.1 + xrow(i, delta0);
            add_xt(i, r.0 * target, &mut rhs);
        }
    }
    // Conjugate gradients from delta0.
    let mut x: Vec<f64> = delta0.iter().zip(active).map(|(d, a)| if *a { *d } else { 0.0 }).collect();
    let ax = matvec(&x);
    let mut r: Vec<f64> = rhs.iter().zip(&ax).map(|(b, a)| b - a).collect();
    let mut d = r.clone();
    let mut rr: f64 = r.iter().map(|v| v * v).sum();
    let rhs_norm: f64 = rhs.iter().map(|v| v * v).sum::<f64>().max(1e-300);
    for _ in 0..1000 {
        if rr <= 1e-16 * rhs_norm {
            break;
        }
        let ad = matvec(&d);
        let dad: f64 = d.iter().zip(&ad).map(|(a, b)| a * b).sum();
        if dad <= 0.0 {
            break;
        }
        let alpha = rr / dad;
        for ((xi, di), (ri, adi)) in x.iter_mut().zip(&d).zip(r.iter_mut().zip(&ad)) {
            *xi += alpha * di;
            *ri -= alpha * adi;
        }
        let rr_new: f64 = r.iter().map(|v| v * v).sum();
        let beta = rr_new / rr;
        rr = rr_new;
        for (di, ri) in d.iter_mut().zip(&r) {
            *di = ri + beta * *di;
        }
    }
    x
}

/// Weighted mean over sets of Pearson r of `preds` on the texts in `keep` (news weighted).
fn objective(p: &Prepared, preds: &[f32], keep: &dyn Fn(usize) -> bool, news_weight: f32) -> f64 {
    let (mut sum, mut total) = (0.0, 0.0);
    for (si, name) in p.names.iter().enumerate() {
        let (mut x, mut y) = (Vec::new(), Vec::new());
        for (i, t) in p.texts.iter().enumerate() {
            if t.2 == si && keep(i) {
                x.push(f64::from(preds.get(i).copied().unwrap_or(0.0)));
                y.push(t.1);
            }
        }
        if x.len() < 3 {
            continue;
        }
        let wt = if is_news(name) { f64::from(news_weight) } else { 1.0 };
        sum += wt * pearson(&x, &y);
        total += wt;
    }
    if total > 0.0 { sum / total } else { 0.0 }
}

/// Words occurring in at least `min_texts` of the texts in `keep`.
fn frequent(
    p: &Prepared,
    lin: &Linear,
    keep: &dyn Fn(usize) -> bool,
    min_texts: usize,
    new_min_texts: usize,
) -> Vec<bool> {
    let mut df = vec![0usize; p.vocab.len()];
    for (i, row) in lin.jac.iter().enumerate() {
        if keep(i) {
            for &(k, _) in row {
                if let Some(c) = df.get_mut(k as usize) {
                    *c += 1;
                }
            }
        }
    }
    df.iter()
        .zip(&p.plain)
        .map(|(&c, &(plain, proper))| match plain {
            false => c >= min_texts.max(1),
            true => new_min_texts > 0 && !proper && c >= new_min_texts,
        })
        .collect()
}

/// What every fit of one [`fit_words`] call shares.
struct Ctx<'a> {
    p: &'a Prepared,
    w: &'a Weights,
    /// The linearization at no correction.
    lin0: Linear,
    news_weight: f32,
    min_texts: usize,
    new_min_texts: usize,
    keep_sign: bool,
    /// Base valence of each word.
    base: Vec<f32>,
}

impl Ctx<'_> {
    /// Gauss-Newton ridge fit on the texts in `keep`; also returns the number of candidate words.
    fn fit(&self, keep: &dyn Fn(usize) -> bool, lambda: f64, iterations: usize) -> (Vec<f64>, usize) {
        let p = self.p;
        let active = frequent(p, &self.lin0, keep, self.min_texts, self.new_min_texts);
        let mut delta = vec![0.0f64; p.vocab.len()];
        for it in 0..iterations.max(1) {
            let owned;
            let lin = if it == 0 {
                &self.lin0
            } else {
                let mut toks = apply(p, &to_f32(&delta));
                owned = linearize(p, &mut toks, self.w);
                &owned
            };
            let prob = problem(p, lin, keep, self.news_weight);
            delta = solve(lin, &prob, &active, &delta, lambda);
            if self.keep_sign {
                for (d, &v) in delta.iter_mut().zip(&self.base) {
                    let v = f64::from(v);
                    if v > 0.0 {
                        *d = d.max(0.05 - v);
                    } else if v < 0.0 {
                        *d = d.min(-0.05 - v);
                    }
                }
            }
        }
        (delta, active.iter().filter(|a| **a).count())
    }
}

fn to_f32(v: &[f64]) -> Vec<f32> {
    v.iter().map(|&d| d as f32).collect()
}

/// Fits per-word corrections on the texts in `keep` with the weights `w` (see the module docs).
pub(crate) fn fit_words(p: &Prepared, w: &Weights, keep: &dyn Fn(usize) -> bool, opts: &WordFitOptions) -> WordFit {
    let news_weight = opts.news_weight;
    let mut toks = p.toks.clone();
    let mut base = vec![0.0f32; p.vocab.len()];
    for (t, &k) in p.toks.iter().zip(&p.keys) {
        if let Some(b) = base.get_mut(k as usize) {
            *b = t.val;
        }
    }
    let ctx = Ctx {
        p,
        w,
        lin0: linearize(p, &mut toks, w),
        news_weight,
        min_texts: opts.min_texts,
        new_min_texts: opts.new_min_texts,
        keep_sign: opts.keep_sign,
        base,
    };
    let k = opts.inner_folds.max(2);
    let inner = |i: usize| p.texts.get(i).map_or(0, |t| t.3.rotate_right(23) % k);
    let mut curve = Vec::new();
    let mut best = (f64::NEG_INFINITY, opts.lambdas.first().copied().unwrap_or(1e-4));
    if opts.lambdas.len() > 1 {
        for &lambda in &opts.lambdas {
            let mut preds = vec![0.0f32; p.texts.len()];
            for f in 0..k {
                let train = |i: usize| keep(i) && inner(i) != f;
                let (delta, _) = ctx.fit(&train, lambda, 1);
                let toks = apply(p, &to_f32(&delta));
                let mut buf = Vec::new();
                for (i, slot) in preds.iter_mut().enumerate() {
                    if keep(i) && inner(i) == f {
                        *slot = p.predict_with(&toks, i, w, &mut buf);
                    }
                }
            }
            let obj = objective(p, &preds, keep, news_weight);
            curve.push((lambda, obj));
            if obj > best.0 {
                best = (obj, lambda);
            }
        }
    }
    let lambda = best.1;
    let (delta, candidates) = ctx.fit(keep, lambda, opts.iterations);
    let mut deltas: Vec<(String, f32)> = p
        .vocab
        .iter()
        .zip(&delta)
        .map(|(word, &d)| (word.clone(), ((d * 1000.0).round() / 1000.0) as f32))
        .filter(|(_, d)| *d != 0.0)
        .collect();
    deltas.sort_by(|a, b| a.0.cmp(&b.0));
    WordFit { deltas, lambda, candidates, curve }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::SentimentError;
    use crate::lexicon::Lexicon;
    use crate::train::{Rated, RatedSet};

    fn valence(lex: &Lexicon, w: &str) -> Option<f32> {
        lex.get(w).map(|e| e.valence)
    }

    #[test]
    fn table_round_trips_into_the_lexicon() {
        let base = Lexicon::uncorrected();
        let good = valence(&base, "good").unwrap();
        let fit = WordFit {
            deltas: vec![("good".into(), -0.5), ("zyxwv".into(), -1.25), ("not".into(), 2.0)],
            lambda: 1e-4,
            candidates: 3,
            curve: Vec::new(),
        };
        let tsv = fit.to_tsv();
        assert!(tsv.starts_with('#') && tsv.contains("good\t-0.500\n"), "{tsv}");
        let lex = Lexicon::with_corrections(&tsv, "t.tsv").unwrap();
        assert!((valence(&lex, "good").unwrap() - (good - 0.5)).abs() < 1e-6);
        // A plain word gets the fitted valence; a word with only a class gets none.
        assert_eq!(valence(&lex, "zyxwv"), Some(-1.25));
        assert_eq!(valence(&lex, "not"), Some(0.0));
        // The same table through the trainer's path gives the same lexicon.
        let same = base.corrected(&fit.deltas);
        for w in ["good", "zyxwv", "not", "bad"] {
            assert_eq!(valence(&same, w), valence(&lex, w), "{w}");
        }
        // Corrections stay on the lexicon's scale and never zero a valence out.
        let lex = Lexicon::with_corrections("good\t-100\nbad\t2.5\n", "t.tsv").unwrap();
        assert_eq!(valence(&lex, "good"), Some(-4.0));
        assert!(valence(&lex, "bad").is_some_and(|v| v != 0.0));
        let err = Lexicon::with_corrections("# header\ngood\t0.5\ngood 0.5\n", "t.tsv").unwrap_err();
        assert!(matches!(err, SentimentError::Lexicon { line: 3, .. }), "{err}");
    }

    /// A word the raters read against its lexicon valence (`support`, +1.7 in VADER, in texts
    /// rated negative) is weakened to the floor of its sign by default, flipped when flips are
    /// allowed, and the fit raises the correlation it is judged by.
    #[test]
    fn fit_corrects_a_mislabelled_word() {
        let mut items = Vec::new();
        let mut add = |text: String, score: f64| {
            let id = format!("{}_1", items.len());
            items.push(Rated { id, text, score });
        };
        for i in 0..24 {
            add(format!("Officials voiced support for the closure of ward {i}."), -2.0);
            add(format!("The festival in ward {i} was a wonderful success."), 2.0);
            add(format!("The flood in ward {i} was a terrible disaster."), -2.5);
            add(format!("The council in ward {i} met on Tuesday."), 0.0);
        }
        let sets = vec![RatedSet { name: "toy_news".into(), items }];
        let base = Lexicon::uncorrected();
        let p = Prepared::new(&base, &sets);
        let w = Weights::builtin();
        let opts = WordFitOptions { min_texts: 3, ..WordFitOptions::default() };
        let fit = fit_words(&p, &w, &|_| true, &opts);
        let delta = |word: &str| fit.deltas.iter().find(|(x, _)| x == word).map_or(0.0, |d| d.1);
        let support = valence(&base, "support").unwrap();
        assert!(support > 0.0);
        let kept = support + delta("support");
        assert!(kept > 0.0 && kept <= 0.051, "{kept} {:?}", fit.deltas);
        assert_eq!(fit.curve.len(), opts.lambdas.len());
        let flips = WordFitOptions { keep_sign: false, ..opts.clone() };
        let flipped = fit_words(&p, &w, &|_| true, &flips);
        let flipped_delta = flipped.deltas.iter().find(|(x, _)| x == "support").map_or(0.0, |d| d.1);
        assert!(support + flipped_delta < 0.0, "{:?}", flipped.deltas);
        let r = |lex: &Lexicon| {
            let p = Prepared::new(lex, &sets);
            let mut buf = Vec::new();
            let preds: Vec<f32> = (0..p.texts.len()).map(|i| p.predict_with(&p.toks, i, &w, &mut buf)).collect();
            objective(&p, &preds, &|_| true, 1.0)
        };
        let (before, after) = (r(&base), r(&base.corrected(&fit.deltas)));
        assert!(after > before + 0.05, "{before} -> {after}");
    }
}
