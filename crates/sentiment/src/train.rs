//! Fitting the global [`Weights`] on rated texts, and the figures used to judge them.
//!
//! The fit is a coordinate search over the ~34 global weights that maximizes a weighted mean of
//! Pearson r over the rated sets (news weighted more), then a ridge fit of per-word valence
//! corrections ([`crate::wordfit`], penalty chosen by inner cross-validation), then the weights
//! again on the corrected lexicon. No text is fitted individually, but the word corrections do
//! fit the rated sentences' words, so the in-sample figures overstate: [`train`] also reports the
//! figures under k-fold cross-validation with folds drawn by article (the id before `_`), every
//! stage refitted inside each fold, which are the honest ones.

use crate::lexicon::Lexicon;
use crate::scorer::{Scratch, Stats, Tok, raw_score};
use crate::wordfit::{NO_KEY, WordFit, WordFitOptions, fit_words};
use crate::{NEUTRAL_BAND, SentimentError, Weights, aggregate};
use lede_core::Document;
use serde::Deserialize;
use std::collections::HashMap;
use std::fmt;
use std::ops::Range;
use std::path::{Path, PathBuf};

/// Options of [`train`].
#[derive(Clone, Debug)]
pub struct TrainOptions {
    /// Number of cross-validation folds (0 or 1: no cross-validation).
    pub folds: usize,
    /// Rounds of the coordinate search.
    pub rounds: usize,
    /// Weight of news sets (file name containing `nyt` or `news`) in the objective; others weigh 1.
    pub news_weight: f32,
    /// Starting weights (the defaults are VADER's constants).
    pub start: Weights,
    /// Per-word valence corrections ([`crate::wordfit`]) fitted after the weights, which are then
    /// refitted on the corrected lexicon; `None`: weights only.
    pub words: Option<WordFitOptions>,
}

impl Default for TrainOptions {
    fn default() -> TrainOptions {
        TrainOptions {
            folds: 5,
            rounds: 4,
            news_weight: 2.0,
            start: Weights::default(),
            words: Some(WordFitOptions::default()),
        }
    }
}

/// The figures of one rated set.
#[derive(Clone, Debug, PartialEq)]
pub struct SetFigures {
    /// Set name (the file stem).
    pub name: String,
    /// Number of texts.
    pub n: usize,
    /// Pearson r between the document score and the mean human rating.
    pub pearson: f64,
    /// Spearman rho.
    pub spearman: f64,
    /// Three-class accuracy (gold neutral when |rating| < 0.5, predicted neutral when |score| < 0.05).
    pub accuracy: f64,
    /// Three-class macro-F1.
    pub macro_f1: f64,
}

/// What [`train`] did.
#[derive(Clone, Debug)]
pub struct TrainReport {
    /// The fitted weights (also written to the output file).
    pub weights: Weights,
    /// Figures with the starting weights.
    pub start: Vec<SetFigures>,
    /// Figures with the fitted weights, on the data they were fitted on.
    pub fitted: Vec<SetFigures>,
    /// Figures of k-fold cross-validation by article (empty without folds).
    pub cross_validated: Vec<SetFigures>,
    /// Number of folds used.
    pub folds: usize,
    /// The per-word corrections (empty without [`TrainOptions::words`]).
    pub word_fit: WordFit,
    /// Where they were written ([`word_fit_path`], a header only without [`TrainOptions::words`]).
    pub word_fit_path: PathBuf,
    /// The penalty each cross-validation fold chose for its corrections.
    pub fold_lambdas: Vec<f64>,
}

impl fmt::Display for TrainReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let table = |f: &mut fmt::Formatter<'_>, title: &str, rows: &[SetFigures]| -> fmt::Result {
            writeln!(f, "{title}")?;
            writeln!(f, "  {:<24} {:>6} {:>8} {:>9} {:>8} {:>8}", "set", "n", "pearson", "spearman", "acc3", "F1")?;
            for r in rows {
                writeln!(
                    f,
                    "  {:<24} {:>6} {:>8.3} {:>9.3} {:>8.3} {:>8.3}",
                    r.name, r.n, r.pearson, r.spearman, r.accuracy, r.macro_f1
                )?;
            }
            Ok(())
        };
        table(f, "starting weights:", &self.start)?;
        writeln!(
            f,
            "per-word corrections: {} of {} candidate words, penalty {:.1e} (folds: {}), written to {}",
            self.word_fit.deltas.len(),
            self.word_fit.candidates,
            self.word_fit.lambda,
            self.fold_lambdas.iter().map(|l| format!("{l:.1e}")).collect::<Vec<_>>().join(" "),
            self.word_fit_path.display()
        )?;
        if !self.word_fit.curve.is_empty() {
            let curve: Vec<String> = self.word_fit.curve.iter().map(|(l, r)| format!("{l:.0e} {r:.4}")).collect();
            writeln!(f, "  inner CV by article, penalty and news-weighted mean r: {}", curve.join(", "))?;
        }
        table(f, "fitted weights (in-sample):", &self.fitted)?;
        if !self.cross_validated.is_empty() {
            table(f, &format!("{}-fold cross-validation by article:", self.folds), &self.cross_validated)?;
        }
        Ok(())
    }
}

/// A rated text.
#[derive(Clone, Debug, Deserialize)]
pub struct Rated {
    /// Id (`<article>_<sentence>` or a running number).
    #[serde(default, deserialize_with = "id_string")]
    pub id: String,
    /// The text.
    pub text: String,
    /// Mean human rating.
    pub score: f64,
}

fn id_string<'de, D: serde::Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    let v = serde_json::Value::deserialize(d)?;
    Ok(match v {
        serde_json::Value::String(s) => s,
        other => other.to_string(),
    })
}

/// One rated set: a file of `{"id", "text", "score"}` lines.
#[derive(Clone, Debug)]
pub struct RatedSet {
    /// The file stem, such as `nyt_editorials.dev`.
    pub name: String,
    /// Its texts.
    pub items: Vec<Rated>,
}

/// Reads rated sets from files and folders (every `*.jsonl` inside a folder, sorted).
pub fn load_sets(inputs: &[PathBuf]) -> Result<Vec<RatedSet>, SentimentError> {
    let mut files = Vec::new();
    for p in inputs {
        if p.is_dir() {
            let rd = std::fs::read_dir(p).map_err(|source| SentimentError::Io { path: p.clone(), source })?;
            let mut found: Vec<PathBuf> = rd
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|f| f.extension().is_some_and(|x| x == "jsonl"))
                .collect();
            found.sort();
            files.extend(found);
        } else {
            files.push(p.clone());
        }
    }
    let mut sets = Vec::new();
    for path in files {
        let src = std::fs::read_to_string(&path).map_err(|source| SentimentError::Io { path: path.clone(), source })?;
        let mut items = Vec::new();
        for (n, line) in src.lines().enumerate() {
            if line.trim().is_empty() {
                continue;
            }
            let r: Rated = serde_json::from_str(line).map_err(|e| SentimentError::Data {
                path: path.clone(),
                line: n + 1,
                message: e.to_string(),
            })?;
            items.push(r);
        }
        let name = path.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
        sets.push(RatedSet { name, items });
    }
    Ok(sets)
}

/// Rated texts prepared once (segmented, looked up, context rules applied), so that scoring
/// them with other weights only runs the cheap second stage.
pub(crate) struct Prepared {
    pub(crate) toks: Vec<Tok>,
    /// Per token: the index in `vocab` of the table word whose own valence it carries, or
    /// [`NO_KEY`].
    pub(crate) keys: Vec<u32>,
    pub(crate) vocab: Vec<String>,
    /// Per word of `vocab`: whether it is a plain word without a valence in the table, and
    /// whether it was ever capitalized in mid-sentence.
    pub(crate) plain: Vec<(bool, bool)>,
    pub(crate) sentences: Vec<(Range<usize>, Stats)>,
    /// Per text: its range of sentences, its gold rating, its set index and its fold group.
    pub(crate) texts: Vec<(Range<usize>, f64, usize, u64)>,
    pub(crate) names: Vec<String>,
}

fn group_of(set: &str, id: &str) -> u64 {
    // Articles (`12_3` → `12`); running numbers in blocks of 25 neighbours.
    let key = match id.split_once('_') {
        Some((a, _)) => a.to_string(),
        None => id.parse::<u64>().map_or_else(|_| id.to_string(), |n| (n / 25).to_string()),
    };
    crate::lexicon::word_hash(&format!("{set}\u{1}{key}"))
}

impl Prepared {
    pub(crate) fn new(lex: &Lexicon, sets: &[RatedSet]) -> Prepared {
        let mut p = Prepared {
            toks: Vec::new(),
            keys: Vec::new(),
            vocab: Vec::new(),
            plain: Vec::new(),
            sentences: Vec::new(),
            texts: Vec::new(),
            names: Vec::new(),
        };
        let mut index: HashMap<String, u32> = HashMap::new();
        let mut scratch = Scratch::default();
        for (si, set) in sets.iter().enumerate() {
            p.names.push(set.name.clone());
            for item in &set.items {
                let doc = Document::new(item.id.clone(), item.text.clone(), None);
                let first = p.sentences.len();
                for s in &doc.segmentation().sentences {
                    let st = scratch.prepare(lex, s.span.slice(doc.text()));
                    let t0 = p.toks.len();
                    p.toks.extend_from_slice(&scratch.toks);
                    for k in 0..scratch.toks.len() {
                        let found = match scratch.table_word(k) {
                            Some(word) => Some((word, false, false)),
                            None => scratch.plain_word(k).map(|(w, proper)| (w, true, proper)),
                        };
                        let key = match found {
                            Some((word, plain, proper)) => {
                                let key = *index.entry(word.to_string()).or_insert_with(|| {
                                    p.vocab.push(word.to_string());
                                    p.plain.push((plain, false));
                                    (p.vocab.len() - 1) as u32
                                });
                                if let Some(f) = p.plain.get_mut(key as usize) {
                                    f.1 |= proper;
                                }
                                key
                            }
                            None => NO_KEY,
                        };
                        p.keys.push(key);
                    }
                    p.sentences.push((t0..p.toks.len(), st));
                }
                p.texts.push((first..p.sentences.len(), item.score, si, group_of(&set.name, &item.id)));
            }
        }
        p
    }

    fn predict_one(&self, i: usize, w: &Weights, buf: &mut Vec<f32>) -> f32 {
        self.predict_with(&self.toks, i, w, buf)
    }

    /// The document score of text `i` from tokens `toks` (its own, or with corrected valences).
    pub(crate) fn predict_with(&self, toks: &[Tok], i: usize, w: &Weights, buf: &mut Vec<f32>) -> f32 {
        buf.clear();
        let Some((range, ..)) = self.texts.get(i) else { return 0.0 };
        for (tr, st) in self.sentences.get(range.clone()).unwrap_or(&[]) {
            buf.push(raw_score(toks.get(tr.clone()).unwrap_or(&[]), st, w));
        }
        aggregate(buf, w)
    }

    /// Figures per set over the texts selected by `keep`, with predictions from `predict`.
    fn figures(&self, preds: &[f32], keep: impl Fn(usize) -> bool) -> Vec<SetFigures> {
        let mut out = Vec::new();
        for (si, name) in self.names.iter().enumerate() {
            let (mut x, mut y) = (Vec::new(), Vec::new());
            for (i, t) in self.texts.iter().enumerate() {
                if t.2 == si && keep(i) {
                    x.push(f64::from(preds.get(i).copied().unwrap_or(0.0)));
                    y.push(t.1);
                }
            }
            out.push(figures(name, &x, &y));
        }
        out
    }

    fn predict_all(&self, w: &Weights) -> Vec<f32> {
        let mut buf = Vec::new();
        (0..self.texts.len()).map(|i| self.predict_one(i, w, &mut buf)).collect()
    }

    fn objective(&self, w: &Weights, keep: &dyn Fn(usize) -> bool, news_weight: f32) -> f64 {
        let preds = self.predict_all(w);
        let figs = self.figures(&preds, keep);
        let (mut sum, mut total) = (0.0, 0.0);
        for f in &figs {
            if f.n < 3 {
                continue;
            }
            let wt = if is_news(&f.name) { f64::from(news_weight) } else { 1.0 };
            sum += wt * f.pearson;
            total += wt;
        }
        if total > 0.0 { sum / total } else { 0.0 }
    }

    /// Coordinate search from `start`.
    fn fit(&self, start: &Weights, keep: &dyn Fn(usize) -> bool, opts: &TrainOptions) -> Weights {
        let mut best = start.clone();
        let mut best_obj = self.objective(&best, keep, opts.news_weight);
        let n_params = best.clone().params_mut().len();
        let mut scale = 0.4f32;
        for _ in 0..opts.rounds.max(1) {
            for p in 0..n_params {
                let mut improved = true;
                let mut guard = 0;
                while improved && guard < 6 {
                    improved = false;
                    guard += 1;
                    let cur = best.clone().params_mut().get_mut(p).map_or(0.0, |(_, v)| **v);
                    let step = (cur.abs() * scale).max(0.05 * scale / 0.4);
                    for cand in [cur + step, cur - step] {
                        let mut w = best.clone();
                        if let Some((name, v)) = w.params_mut().get_mut(p) {
                            **v = clamp_param(name, cand);
                        }
                        let obj = self.objective(&w, keep, opts.news_weight);
                        if obj > best_obj + 1e-6 {
                            best_obj = obj;
                            best = w;
                            improved = true;
                            break;
                        }
                    }
                }
            }
            scale *= 0.5;
        }
        best
    }
}

fn clamp_param(name: &str, v: f32) -> f32 {
    match name {
        "alpha" => v.clamp(0.5, 100.0),
        "negation" | "less" | "reverse" | "question_pos" | "question_neg" => v.clamp(-2.0, 1.0),
        "peak" => v.clamp(-1.0, 3.0),
        "word_norm" | "hit_norm" => v.clamp(-0.5, 1.0),
        "neutral_weight" => v.clamp(0.0, 1.0),
        "length_power" => v.clamp(0.5, 1.0),
        "negation_tone" | "neg_word_tone" | "critic_tone" | "question_tone" | "conditional_tone" => v.clamp(-2.0, 2.0),
        _ => v.clamp(0.0, 5.0),
    }
}

pub(crate) fn is_news(name: &str) -> bool {
    let n = name.to_ascii_lowercase();
    n.contains("nyt") || n.contains("news")
}

/// Scores every text of `sets` with the given lexicon-backed analyzer weights.
pub fn evaluate(weights: &Weights, sets: &[RatedSet]) -> Vec<SetFigures> {
    let p = Prepared::new(&Lexicon::builtin(), sets);
    let preds = p.predict_all(weights);
    p.figures(&preds, |_| true)
}

/// The document score of every text of `sets`, set by set.
pub fn predictions(weights: &Weights, sets: &[RatedSet]) -> Vec<Vec<f32>> {
    let p = Prepared::new(&Lexicon::builtin(), sets);
    let preds = p.predict_all(weights);
    let mut out: Vec<Vec<f32>> = sets.iter().map(|s| Vec::with_capacity(s.items.len())).collect();
    for (t, v) in p.texts.iter().zip(preds) {
        if let Some(o) = out.get_mut(t.2) {
            o.push(v);
        }
    }
    out
}

/// Where [`train`] writes the per-word corrections that go with weights written to `out`:
/// `weights.json` → `weights.words.tsv`, in the same folder.
pub fn word_fit_path(out: &Path) -> PathBuf {
    let stem = out.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_else(|| "weights".into());
    out.with_file_name(format!("{stem}.words.tsv"))
}

/// One fit on the texts in `keep`: the global weights on the uncorrected lexicon, then (with
/// [`TrainOptions::words`]) the per-word corrections and the weights again on the corrected
/// lexicon, whose prepared texts are returned.
fn fit_stages(
    base: &Lexicon,
    sets: &[RatedSet],
    p0: &Prepared,
    keep: &dyn Fn(usize) -> bool,
    opts: &TrainOptions,
) -> (Weights, WordFit, Option<Prepared>) {
    let w0 = p0.fit(&opts.start, keep, opts);
    let Some(word_opts) = &opts.words else { return (w0, WordFit::default(), None) };
    let fit = fit_words(p0, &w0, keep, word_opts);
    let p1 = Prepared::new(&base.corrected(&fit.deltas), sets);
    let w1 = p1.fit(&w0, keep, opts);
    (w1, fit, Some(p1))
}

/// Fits the global weights (and per-word corrections, see [`TrainOptions::words`]) on rated sets
/// (`inputs`: files or folders of `{"id","text","score"}` lines), writes the weights as JSON to
/// `out` and the corrections to [`word_fit_path`]`(out)`, and reports the figures before, after,
/// and under cross-validation by article (every stage refitted inside each fold).
pub fn train(inputs: &[PathBuf], out: &Path, opts: &TrainOptions) -> Result<TrainReport, SentimentError> {
    let sets = load_sets(inputs)?;
    if sets.iter().all(|s| s.items.is_empty()) {
        let names: Vec<String> = inputs.iter().map(|p| p.display().to_string()).collect();
        return Err(SentimentError::NoData(names.join(", ")));
    }
    let base = Lexicon::uncorrected();
    let p0 = Prepared::new(&base, &sets);
    let all = |_: usize| true;
    let start = p0.figures(&p0.predict_all(&opts.start), all);
    let (weights, word_fit, p1) = fit_stages(&base, &sets, &p0, &all, opts);
    let p = p1.as_ref().unwrap_or(&p0);
    let fitted = p.figures(&p.predict_all(&weights), all);
    let mut cross_validated = Vec::new();
    let mut fold_lambdas = Vec::new();
    if opts.folds >= 2 {
        let k = opts.folds as u64;
        let mut preds = vec![0.0f32; p0.texts.len()];
        for fold in 0..k {
            let texts = &p0.texts;
            let train_keep = |i: usize| texts.get(i).is_some_and(|t| t.3 % k != fold);
            let (w, fit, pf) = fit_stages(&base, &sets, &p0, &train_keep, opts);
            fold_lambdas.push(fit.lambda);
            let pf = pf.as_ref().unwrap_or(&p0);
            let mut buf = Vec::new();
            for (i, t) in texts.iter().enumerate() {
                if t.3 % k == fold
                    && let Some(slot) = preds.get_mut(i)
                {
                    *slot = pf.predict_one(i, &w, &mut buf);
                }
            }
        }
        cross_validated = p0.figures(&preds, all);
    }
    let json = serde_json::to_string_pretty(&weights).unwrap_or_default();
    std::fs::write(out, json + "\n").map_err(|source| SentimentError::Io { path: out.to_path_buf(), source })?;
    // Written even without a word fit (header only), so that the weights are never read with
    // corrections fitted for other weights.
    let path = word_fit_path(out);
    std::fs::write(&path, word_fit.to_tsv()).map_err(|source| SentimentError::Io { path: path.clone(), source })?;
    let word_fit_path = path;
    Ok(TrainReport {
        weights,
        start,
        fitted,
        cross_validated,
        folds: opts.folds,
        word_fit,
        word_fit_path,
        fold_lambdas,
    })
}

/// Pearson r, Spearman rho and three-class figures of predictions `x` against ratings `y`.
pub fn figures(name: &str, x: &[f64], y: &[f64]) -> SetFigures {
    let classes = |v: f64, band: f64| -> usize {
        if v.abs() < band {
            1
        } else if v > 0.0 {
            2
        } else {
            0
        }
    };
    let mut confusion = [[0usize; 3]; 3];
    for (&p, &g) in x.iter().zip(y) {
        let (gi, pi) = (classes(g, 0.5), classes(p, f64::from(NEUTRAL_BAND)));
        if let Some(c) = confusion.get_mut(gi).and_then(|r| r.get_mut(pi)) {
            *c += 1;
        }
    }
    let n = x.len().min(y.len());
    let correct: usize = confusion.iter().enumerate().filter_map(|(i, row)| row.get(i)).sum();
    let mut f1s = 0.0;
    for (c, row) in confusion.iter().enumerate() {
        let tp = row.get(c).copied().unwrap_or(0) as f64;
        let pred: usize = confusion.iter().filter_map(|r| r.get(c)).sum();
        let gold: usize = row.iter().sum();
        let (p, r) = (tp / (pred.max(1) as f64), tp / (gold.max(1) as f64));
        f1s += if p + r > 0.0 { 2.0 * p * r / (p + r) } else { 0.0 };
    }
    SetFigures {
        name: name.to_string(),
        n,
        pearson: pearson(x, y),
        spearman: pearson(&ranks(x), &ranks(y)),
        accuracy: correct as f64 / n.max(1) as f64,
        macro_f1: f1s / 3.0,
    }
}

/// Pearson correlation (0 when either side is constant).
pub fn pearson(x: &[f64], y: &[f64]) -> f64 {
    let n = x.len().min(y.len());
    if n < 2 {
        return 0.0;
    }
    let mx = x.iter().take(n).sum::<f64>() / n as f64;
    let my = y.iter().take(n).sum::<f64>() / n as f64;
    let (mut sxy, mut sxx, mut syy) = (0.0, 0.0, 0.0);
    for (a, b) in x.iter().zip(y).take(n) {
        sxy += (a - mx) * (b - my);
        sxx += (a - mx) * (a - mx);
        syy += (b - my) * (b - my);
    }
    if sxx <= 0.0 || syy <= 0.0 { 0.0 } else { sxy / (sxx * syy).sqrt() }
}

/// Ranks with ties averaged (1-based).
fn ranks(v: &[f64]) -> Vec<f64> {
    let mut idx: Vec<usize> = (0..v.len()).collect();
    idx.sort_by(|&a, &b| v.get(a).partial_cmp(&v.get(b)).unwrap_or(std::cmp::Ordering::Equal));
    let mut out = vec![0.0; v.len()];
    let mut i = 0;
    while i < idx.len() {
        let mut j = i;
        while j + 1 < idx.len() && v.get(idx[j + 1]) == v.get(idx[i]) {
            j += 1;
        }
        let r = (i + j) as f64 / 2.0 + 1.0;
        for &k in idx.get(i..=j).unwrap_or(&[]) {
            if let Some(o) = out.get_mut(k) {
                *o = r;
            }
        }
        i = j + 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn correlations() {
        let x = [1.0, 2.0, 3.0, 4.0];
        assert!((pearson(&x, &[2.0, 4.0, 6.0, 8.0]) - 1.0).abs() < 1e-9);
        assert!((pearson(&x, &[8.0, 6.0, 4.0, 2.0]) + 1.0).abs() < 1e-9);
        assert_eq!(pearson(&x, &[1.0, 1.0, 1.0, 1.0]), 0.0);
        assert_eq!(ranks(&[3.0, 1.0, 3.0]), vec![2.5, 1.0, 2.5]);
        let f = figures("t", &[0.5, -0.5, 0.0], &[2.0, -2.0, 0.1]);
        assert_eq!(f.accuracy, 1.0);
        assert!((f.spearman - 1.0).abs() < 1e-9);
    }

    #[test]
    fn train_fits_and_writes_weights() {
        let dir = std::env::temp_dir().join(format!("lede-sentiment-train-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let data = dir.join("toy_news.jsonl");
        let mut lines = String::new();
        let texts = [
            ("The talks were a great success.", 2.0),
            ("The plan was not a success.", -1.5),
            ("Officials called the deal a disaster.", -2.5),
            ("Residents welcomed the new park.", 1.5),
            ("The report was published on Monday.", 0.0),
            ("It was a terrible, deadly attack.", -3.0),
            ("The economy is improving slightly.", 0.8),
            ("Voters were happy with the outcome.", 2.0),
        ];
        for (i, (t, s)) in texts.iter().enumerate() {
            lines.push_str(&format!("{{\"id\": \"{}_{}\", \"text\": \"{t}\", \"score\": {s}}}\n", i % 4, i));
        }
        std::fs::write(&data, lines).unwrap();
        let out = dir.join("w.json");
        let opts = TrainOptions { folds: 2, rounds: 1, ..TrainOptions::default() };
        let report = train(std::slice::from_ref(&dir), &out, &opts).unwrap();
        assert!(report.fitted[0].pearson >= report.start[0].pearson - 1e-9);
        assert!(report.fitted[0].pearson > 0.8, "{report}");
        assert_eq!(report.cross_validated.len(), 1);
        let back = Weights::from_json(&std::fs::read_to_string(&out).unwrap()).unwrap();
        assert_eq!(back, report.weights);
        std::fs::remove_dir_all(&dir).ok();
        assert!(matches!(train(&[dir.join("missing.jsonl")], &out, &opts), Err(SentimentError::Io { .. })));
    }
}
