//! Sentiment analyzer for news: the tone of a document, of each sentence, of the sentences that
//! mention each entity and of each speaker's quotations.
//!
//! Scoring is lexicon-based (the VADER lexicon, MIT-licensed; Pattern's adjective lexicon, public
//! domain; a news supplement written for lede; and their expansion through WordNet 3.1, see
//! [`expand`] and `NOTICE.md`) with rules for what lexicon methods get wrong on news: negation
//! (`not a success`, `no breakthrough`), intensifiers and hedges (`very`, `slightly`), comparatives (`less successful`, `fewer deaths`), verbs of
//! reduction (`reduce crime`, `cut benefits`), contrast and concession (`but`, `however`,
//! `although`), and loaded-looking words that are neutral in news (`heart attack`, `health care`,
//! `Supreme Court`, party names). About thirty global weights ([`Weights`]) and a valence
//! correction per frequent lexicon word ([`wordfit`]) are fitted on development data by
//! [`train()`]; they ship in `data/weights.json` and `data/weights.words.tsv`, and the
//! corrections are folded into the lexicon when it is built.
//!
//! A sentence score is in [-1, 1]. The document score is a weighted mean of sentence scores
//! (neutral sentences count less), so it does not saturate on long articles.

#![cfg_attr(test, allow(clippy::unwrap_used))]

pub mod expand;
mod lexicon;
mod prebuilt;
mod scorer;
pub mod train;
mod weights;
pub mod wordfit;

use lede_core::json::Sink;
use lede_core::schema::{EntityOutput, EntityType, Quote, QuoteKind, QuoteOutput};
use lede_core::{
    Analyzer, AnalyzerError, AnalyzerKind, BuildContext, BuildError, Dependencies, Dependency, Document, Options, Span,
};
use lexicon::Lexicon;
use scorer::{Norms, Piece, Scratch, Stats, raw_score_prepared, score_prepared, score_tokens, squash};
use serde::{Deserialize, Serialize};
use std::cell::RefCell;
use std::collections::HashMap;
use std::path::{Path, PathBuf};

pub use train::{SetFigures, TrainOptions, TrainReport, train};
pub use weights::{BUILTIN_WEIGHTS, Weights};

/// Sentences beyond this many no longer strengthen the document score (see [`SentimentAnalyzer::analyze_document`]).
pub const LENGTH_CAP: f32 = 4.0;

/// A score with an absolute value below this is labelled neutral.
pub const NEUTRAL_BAND: f32 = 0.05;

/// Errors of building the analyzer, loading resources and training.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum SentimentError {
    /// A lexicon line is not `word<TAB>valence`.
    #[error("{origin}:{line}: expected `word<TAB>valence`")]
    Lexicon {
        /// The file.
        origin: String,
        /// 1-based line number.
        line: usize,
    },
    /// A file could not be read or written.
    #[error("{}: {source}", path.display())]
    Io {
        /// The file.
        path: PathBuf,
        /// The I/O error.
        source: std::io::Error,
    },
    /// A weights file is not valid.
    #[error("{}: invalid weights: {message}", path.display())]
    Weights {
        /// The file.
        path: PathBuf,
        /// What is wrong.
        message: String,
    },
    /// A line of a rated data file is not `{"id", "text", "score"}`.
    #[error("{}:{line}: {message}", path.display())]
    Data {
        /// The file.
        path: PathBuf,
        /// 1-based line number.
        line: usize,
        /// What is wrong.
        message: String,
    },
    /// Training was given no rated texts.
    #[error("no rated texts found in {0}")]
    NoData(String),
}

/// Options of the sentiment analyzer (`[analyzers.NAME]` with `kind = "sentiment"`).
#[derive(Clone, Debug, PartialEq, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case", default)]
pub struct SentimentConfig {
    /// Configured name of the entity analyzer whose result gives per-entity tone; empty: none.
    pub entities: String,
    /// Configured name of the quote analyzer whose result gives per-speaker tone; empty: none.
    pub quotes: String,
    /// A weights file (JSON, as written by `lede train sentiment`) instead of the built-in one;
    /// the per-word corrections written beside it (`NAME.words.tsv`) come with it when present.
    pub weights: Option<PathBuf>,
    /// An extra lexicon (`word<TAB>valence` lines) whose entries replace the built-in ones.
    pub lexicon: Option<PathBuf>,
    /// Whether to list every sentence's score in the output.
    pub sentences: bool,
}

impl Default for SentimentConfig {
    fn default() -> SentimentConfig {
        SentimentConfig {
            entities: "entity".to_string(),
            quotes: "quote".to_string(),
            weights: None,
            lexicon: None,
            sentences: true,
        }
    }
}

/// The options snippet shown in `lede analyzers` and the config docs.
pub const OPTIONS_DOC: &str = r#"# entities = "entity"   # entity analyzer whose mentions give per-entity tone ("" = none; optional dependency)
# quotes = "quote"       # quote analyzer whose quotations give per-speaker tone ("" = none; optional dependency)
# weights = "path.json"  # fitted weights from `lede train sentiment` (default: built-in), with the per-word corrections written beside them (path.words.tsv)
# lexicon = "path.tsv"   # extra `word<TAB>valence` lines (-4..4) that replace built-in entries (default: none)
# sentences = true       # list every sentence's score
"#;

/// The `sentiment` analyzer kind for the registry.
pub fn analyzer_kind() -> AnalyzerKind {
    AnalyzerKind {
        kind: "sentiment",
        summary: "Tone of the document, of each sentence, towards each entity and of each speaker's quotes.",
        options: OPTIONS_DOC,
        build: build_analyzer,
    }
}

fn build_analyzer(
    options: &Options<'_>,
    ctx: &BuildContext<'_>,
) -> Result<Box<dyn lede_core::DynAnalyzer>, BuildError> {
    let config: SentimentConfig = options.parse()?;
    let analyzer = SentimentAnalyzer::from_config(&config, |p| ctx.resolve(p)).map_err(|e| match e {
        SentimentError::Io { path, source } => BuildError::Resource { path, message: source.to_string() },
        SentimentError::Weights { path, message } => BuildError::Resource { path, message },
        other => BuildError::Other(other.to_string()),
    })?;
    Ok(Box::new(analyzer))
}

/// Overall tone label.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Label {
    /// Score at or above [`NEUTRAL_BAND`].
    Positive,
    /// Score strictly inside the neutral band.
    Neutral,
    /// Score at or below minus [`NEUTRAL_BAND`].
    Negative,
}

impl Label {
    /// The label of a score.
    pub fn of(score: f32) -> Label {
        if score >= NEUTRAL_BAND {
            Label::Positive
        } else if score <= -NEUTRAL_BAND {
            Label::Negative
        } else {
            Label::Neutral
        }
    }
}

/// The score of one sentence.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SentenceTone {
    /// Start byte of the sentence.
    pub start: u32,
    /// End byte (exclusive).
    pub end: u32,
    /// Score in [-1, 1].
    #[serde(serialize_with = "ser_score")]
    pub score: f32,
}

/// The tone of the sentences that mention one entity.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct EntityTone {
    /// Canonical name, as the entity analyzer gives it.
    pub name: String,
    /// Entity type.
    #[serde(rename = "type")]
    pub entity_type: EntityType,
    /// Mean score of the sentences that mention it.
    #[serde(serialize_with = "ser_score")]
    pub score: f32,
    /// Number of such sentences.
    pub count: usize,
}

/// The tone of one speaker's quotations.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SpeakerTone {
    /// Canonical name of the speaker, as the quote analyzer gives it.
    pub name: String,
    /// Mean score of their quotations.
    #[serde(serialize_with = "ser_score")]
    pub score: f32,
    /// Number of quotations.
    pub quotes: usize,
}

/// The result of the sentiment analyzer for one document.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SentimentOutput {
    /// Document score in [-1, 1].
    #[serde(serialize_with = "ser_score")]
    pub score: f32,
    /// Label of the document score.
    pub label: Label,
    /// Every sentence's score, in text order (empty when the `sentences` option is off).
    pub sentences: Vec<SentenceTone>,
    /// Tone towards each entity (empty without an entity result).
    pub entities: Vec<EntityTone>,
    /// Tone of each named speaker's speech quotations (empty without a quote result).
    pub speakers: Vec<SpeakerTone>,
}

/// The sentiment analyzer.
#[derive(Clone, Debug)]
pub struct SentimentAnalyzer {
    lexicon: Lexicon,
    weights: Weights,
    /// Length factors made from `weights`.
    norms: Norms,
    entities: String,
    quotes: String,
    sentences: bool,
}

impl Default for SentimentAnalyzer {
    fn default() -> SentimentAnalyzer {
        SentimentAnalyzer::new(Weights::builtin())
    }
}

/// Writes a score as the four-decimal number it was rounded to (`0.4353`, not the
/// `0.43529999256134033` a plain `f32` to `f64` widening prints).
fn ser_score<S: serde::Serializer>(x: &f32, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_f64((f64::from(*x) * 10_000.0).round() / 10_000.0)
}

/// Rounds a score for output (four decimals).
#[inline]
fn round4(x: f32) -> f32 {
    (x * 10_000.0).round() / 10_000.0
}

impl SentimentAnalyzer {
    /// An analyzer with the built-in lexicon, the given weights and the default options.
    pub fn new(weights: Weights) -> SentimentAnalyzer {
        let c = SentimentConfig::default();
        SentimentAnalyzer {
            lexicon: Lexicon::builtin(),
            norms: Norms::new(&weights),
            weights,
            entities: c.entities,
            quotes: c.quotes,
            sentences: c.sentences,
        }
    }

    /// Builds from options; `resolve` turns a configured path into a file path.
    pub fn from_config(
        config: &SentimentConfig,
        resolve: impl Fn(&Path) -> PathBuf,
    ) -> Result<SentimentAnalyzer, SentimentError> {
        let weights = match &config.weights {
            None => Weights::builtin(),
            Some(p) => {
                let path = resolve(p);
                let src = std::fs::read_to_string(&path)
                    .map_err(|source| SentimentError::Io { path: path.clone(), source })?;
                Weights::from_json(&src).map_err(|e| SentimentError::Weights { path, message: e.to_string() })?
            }
        };
        // Weights come with the per-word corrections fitted with them (`lede train sentiment`
        // writes `NAME.words.tsv` beside `NAME.json`); without that file, the built-in ones.
        let fitted = config.weights.as_ref().map(|p| train::word_fit_path(&resolve(p))).filter(|p| p.is_file());
        let mut lexicon = match fitted {
            // The prebuilt table has no word map to extend: an extra lexicon needs the built one.
            None if config.lexicon.is_some() => Lexicon::from_sources(),
            None => Lexicon::builtin(),
            Some(path) => {
                let src = std::fs::read_to_string(&path)
                    .map_err(|source| SentimentError::Io { path: path.clone(), source })?;
                Lexicon::with_corrections(&src, &path.display().to_string())?
            }
        };
        if let Some(p) = &config.lexicon {
            let path = resolve(p);
            let src =
                std::fs::read_to_string(&path).map_err(|source| SentimentError::Io { path: path.clone(), source })?;
            lexicon.add_tsv(&src, 0, &path.display().to_string(), true)?;
            lexicon.freeze();
        }
        Ok(SentimentAnalyzer {
            lexicon,
            norms: Norms::new(&weights),
            weights,
            entities: config.entities.clone(),
            quotes: config.quotes.clone(),
            sentences: config.sentences,
        })
    }

    /// The weights in use.
    pub fn weights(&self) -> &Weights {
        &self.weights
    }

    /// Scores a span of text as one unit (a sentence, a headline, a quotation), in [-1, 1].
    pub fn score_text(&self, text: &str) -> f32 {
        let mut scratch = Scratch::default();
        self.score_with(&mut scratch, text)
    }

    /// A readable trace of how `text` is scored: each token's base valence and flags, then the
    /// score. A debugging aid; the format may change.
    pub fn explain(&self, text: &str) -> String {
        let mut scratch = Scratch::default();
        let st = scratch.prepare(&self.lexicon, text);
        let mut out = format!("{st:?}\n");
        for t in &scratch.toks {
            out.push_str(&format!("  val={:+.2} flags={:#06x}\n", t.val, t.flags));
        }
        out.push_str(&format!("score={:.4}\n", score_tokens(&scratch.toks, &st, &self.weights)));
        out
    }

    fn score_with(&self, scratch: &mut Scratch, text: &str) -> f32 {
        let st: Stats = scratch.prepare(&self.lexicon, text);
        score_prepared(scratch, &st, &self.weights, &self.norms)
    }

    /// The summed valence of the span `span` of the document text `doc`, before squashing.
    fn raw_with(&self, scratch: &mut Scratch, doc: &str, span: Span) -> f32 {
        let st: Stats = scratch.prepare_span(&self.lexicon, doc, span.start as usize, span.end as usize);
        raw_score_prepared(scratch, &st, &self.weights, &self.norms)
    }

    /// Scores a whole document from its segmentation, with optional entity and quote results.
    pub fn analyze_document(
        &self,
        doc: &Document,
        entities: Option<&EntityOutput>,
        quotes: Option<&QuoteOutput>,
    ) -> SentimentOutput {
        BUFFERS.with(|b| match b.try_borrow_mut() {
            Ok(mut b) => self.analyze_with(&mut b, doc, entities, quotes),
            Err(_) => self.analyze_with(&mut DocBuffers::default(), doc, entities, quotes),
        })
    }

    /// [`SentimentAnalyzer::analyze_document`] with the buffers `b`.
    fn analyze_with(
        &self,
        b: &mut DocBuffers,
        doc: &Document,
        entities: Option<&EntityOutput>,
        quotes: Option<&QuoteOutput>,
    ) -> SentimentOutput {
        let text = doc.text();
        let seg = doc.segmentation();
        let DocBuffers { scratch, part, kept, kept_at, keep, raws, quote_scores } = b;
        // A quotation is scored from the tokens of the sentences it lies in when it can be (see
        // `Scratch::prepare_across`), once its last sentence is prepared; the buffers of a
        // sentence that a quotation goes on past are set aside (swapped for spare ones) until then.
        let quoted = quotes.map(|q| quotes_by_sentence(doc, q)).unwrap_or_default();
        keep.clear();
        keep.resize(if quoted.is_empty() { 0 } else { seg.sentences.len() }, false);
        for &(k, _, i, ..) in &quoted {
            for m in keep.get_mut(i..k).into_iter().flatten() {
                *m = true;
            }
        }
        kept_at.clear();
        let mut quoted = quoted.into_iter().peekable();
        quote_scores.clear();
        quote_scores.resize(quotes.map_or(0, |q| q.quotes.len()), None);
        raws.clear();
        for (k, s) in seg.sentences.iter().enumerate() {
            let sentence = s.span.slice(text);
            raws.push(self.raw_with(scratch, text, s.span));
            while let Some((_, j, i, a, b)) = quoted.next_if(|&(last, ..)| last <= k) {
                let mut pieces: Vec<Piece<'_>> = Vec::with_capacity(k + 1 - i);
                for m in i..k {
                    let from = kept_at.binary_search(&m).ok().and_then(|x| kept.get(x));
                    let (Some(from), Some(sm), Some(next)) = (from, seg.sentences.get(m), seg.sentences.get(m + 1))
                    else {
                        break;
                    };
                    let gap = Span::new(sm.span.end, next.span.start).get(text).unwrap_or("");
                    pieces.push(Piece { from, text: sm.span.slice(text), gap });
                }
                pieces.push(Piece { from: scratch, text: sentence, gap: "" });
                let st =
                    if pieces.len() == k + 1 - i { part.prepare_across(&self.lexicon, &pieces, a, b) } else { None };
                if let (Some(st), Some(score)) = (st, quote_scores.get_mut(j)) {
                    *score = Some(score_prepared(part, &st, &self.weights, &self.norms));
                }
            }
            if keep.get(k).copied().unwrap_or(false) {
                if kept.len() == kept_at.len() {
                    kept.push(Scratch::default());
                }
                if let Some(spare) = kept.get_mut(kept_at.len()) {
                    std::mem::swap(scratch, spare);
                    kept_at.push(k);
                }
            }
        }
        let score = round4(aggregate(raws, &self.weights));
        for r in raws.iter_mut() {
            *r = squash(*r, &self.weights);
        }
        let scores = raws.as_slice();
        let sentences = if self.sentences {
            seg.sentences
                .iter()
                .zip(scores)
                .map(|(s, &v)| SentenceTone { start: s.span.start, end: s.span.end, score: round4(v) })
                .collect()
        } else {
            Vec::new()
        };
        let entities = entities.map(|e| entity_tones(doc, e, scores)).unwrap_or_default();
        let speakers = quotes.map(|q| self.speaker_tones(scratch, text, q, quote_scores)).unwrap_or_default();
        // A document whose quotations go on past many sentences does not leave as many buffers
        // behind for the thread's later documents.
        kept.truncate(KEPT_SPARES);
        SentimentOutput { score, label: Label::of(score), sentences, entities, speakers }
    }

    /// The mean score of each named speaker's speech quotations (`scored`: the scores known
    /// already, by quotation).
    fn speaker_tones(
        &self,
        scratch: &mut Scratch,
        text: &str,
        quotes: &QuoteOutput,
        scored: &[Option<f32>],
    ) -> Vec<SpeakerTone> {
        // Speakers are found by a look along the list while they are few (most documents), by a
        // map once they are many.
        const FEW: usize = 16;
        let mut index: HashMap<&str, usize> = HashMap::new();
        let mut acc: Vec<(&str, f32, usize)> = Vec::new();
        for (j, q) in quotes.quotes.iter().enumerate() {
            if !is_scored(q) {
                continue;
            }
            let Some(name) = q.speaker.as_deref() else { continue };
            let s = match scored.get(j).copied().flatten() {
                Some(s) => s,
                None => self.score_with(scratch, Span::new(q.start, q.end).get(text).unwrap_or(&q.text)),
            };
            let found = if acc.len() <= FEW {
                acc.iter().position(|a| a.0 == name)
            } else {
                if index.is_empty() {
                    index.extend(acc.iter().enumerate().map(|(i, a)| (a.0, i)));
                }
                index.get(name).copied()
            };
            let i = found.unwrap_or_else(|| {
                if !index.is_empty() {
                    index.insert(name, acc.len());
                }
                acc.push((name, 0.0, 0));
                acc.len() - 1
            });
            if let Some(a) = acc.get_mut(i) {
                a.1 += s;
                a.2 += 1;
            }
        }
        acc.into_iter()
            .map(|(name, sum, n)| SpeakerTone {
                name: name.to_string(),
                score: round4(sum / n.max(1) as f32),
                quotes: n,
            })
            .collect()
    }
}

/// Buffers [`SentimentAnalyzer::analyze_document`] reuses from one document to the next on a
/// thread, so that a document allocates none of them.
#[derive(Default)]
struct DocBuffers {
    /// Prepares each sentence (and the quotations prepared on their own).
    scratch: Scratch,
    /// Prepares the quotations scored from their sentences' tokens.
    part: Scratch,
    /// The prepared sentences a quotation goes on past, in sentence order (the first
    /// `kept_at.len()`; the others are spare buffers).
    kept: Vec<Scratch>,
    /// The sentence of each kept buffer, increasing.
    kept_at: Vec<usize>,
    /// Whether a quotation goes on past each sentence.
    keep: Vec<bool>,
    /// Each sentence's summed valence, then its score.
    raws: Vec<f32>,
    /// The score of each quotation scored from its sentences' tokens.
    quote_scores: Vec<Option<f32>>,
}

/// How many kept sentence buffers [`DocBuffers`] holds on to from one document to the next.
const KEPT_SPARES: usize = 16;

thread_local! {
    /// The analyzer's buffers on this thread.
    static BUFFERS: RefCell<DocBuffers> = RefCell::new(DocBuffers::default());
}

/// The document score from the sentences' summed valences: their weighted mean (neutral
/// sentences weigh `neutral_weight`), scaled by `min(n, LENGTH_CAP)^(1 - length_power)` for `n`
/// weighted sentences, and squashed. A consistent tone over a few sentences (a tweet, a short
/// review) adds up, but beyond [`LENGTH_CAP`] sentences only the mean counts, so the score of a
/// long article does not saturate with its length (VADER's sum of word valences does).
pub(crate) fn aggregate(raws: &[f32], w: &Weights) -> f32 {
    let nw = w.neutral_weight.clamp(0.0, 1.0);
    let (mut sum, mut weight) = (0.0f32, 0.0f32);
    for &r in raws {
        let wi = if squash(r, w).abs() < NEUTRAL_BAND { nw } else { 1.0 };
        sum += wi * r;
        weight += wi;
    }
    if weight <= 0.0 {
        return 0.0;
    }
    let p = w.length_power.clamp(0.5, 1.0);
    squash(sum / weight * weight.clamp(1.0, LENGTH_CAP).powf(1.0 - p), w)
}

/// Whether a quotation counts towards its speaker's tone: speech with a named speaker.
fn is_scored(q: &Quote) -> bool {
    q.kind == QuoteKind::Speech && q.speaker.as_deref().is_some_and(|n| !n.trim().is_empty())
}

/// The scored quotations that start and end inside sentences, in the order of their last
/// sentence: (last sentence, quotation, first sentence, start in the first sentence, end in the
/// last one).
fn quotes_by_sentence(doc: &Document, quotes: &QuoteOutput) -> Vec<(usize, usize, usize, usize, usize)> {
    let seg = doc.segmentation();
    let inside = |at: u32, i: usize| {
        seg.sentences.get(i).map(|s| s.span).filter(|s| s.get(doc.text()).is_some() && s.start <= at && at <= s.end)
    };
    let mut out: Vec<(usize, usize, usize, usize, usize)> = quotes
        .quotes
        .iter()
        .enumerate()
        .filter(|(_, q)| is_scored(q) && q.start < q.end)
        .filter_map(|(j, q)| {
            let i = seg.sentence_index_at(q.start)?;
            let k = seg.sentence_index_at(q.end - 1)?;
            let first = inside(q.start, i).filter(|s| q.start < s.end)?;
            let last = inside(q.end, k).filter(|s| s.start < q.end)?;
            (i <= k).then(|| (k, j, i, (q.start - first.start) as usize, (q.end - last.start) as usize))
        })
        .collect();
    out.sort_by_key(|&(k, j, ..)| (k, j));
    out
}

/// Mean score of the sentences that mention each entity.
fn entity_tones(doc: &Document, entities: &EntityOutput, scores: &[f32]) -> Vec<EntityTone> {
    let seg = doc.segmentation();
    let mut out = Vec::with_capacity(entities.entities.len());
    let mut seen: Vec<usize> = Vec::new();
    for e in &entities.entities {
        seen.clear();
        for m in &e.mentions {
            let Some(i) = seg.sentence_index_at(m.start) else { continue };
            if seg.sentences.get(i).is_some_and(|s| m.start < s.span.end) {
                seen.push(i);
            }
        }
        seen.sort_unstable();
        seen.dedup();
        if seen.is_empty() {
            continue;
        }
        let sum: f32 = seen.iter().filter_map(|&i| scores.get(i)).sum();
        out.push(EntityTone {
            name: e.name.clone(),
            entity_type: e.entity_type,
            score: round4(sum / seen.len() as f32),
            count: seen.len(),
        });
    }
    out
}

impl Analyzer for SentimentAnalyzer {
    type Output = SentimentOutput;

    fn name(&self) -> &str {
        "sentiment"
    }

    /// Both dependencies are optional: without them the entity and speaker lists stay empty.
    fn dependencies(&self) -> Vec<Dependency> {
        let mut deps = Vec::new();
        if !self.entities.is_empty() {
            deps.push(Dependency::optional(self.entities.clone()));
        }
        if !self.quotes.is_empty() && self.quotes != self.entities {
            deps.push(Dependency::optional(self.quotes.clone()));
        }
        deps
    }

    fn analyze(&self, doc: &Document, deps: &Dependencies<'_>) -> Result<SentimentOutput, AnalyzerError> {
        // Borrowed when the built-in analyzers produced them, parsed from JSON otherwise.
        let entities = if self.entities.is_empty() { None } else { deps.typed::<EntityOutput>(&self.entities)? };
        let quotes = if self.quotes.is_empty() { None } else { deps.typed::<QuoteOutput>(&self.quotes)? };
        Ok(self.analyze_document(doc, entities.as_deref(), quotes.as_deref()))
    }

    fn json_writer() -> Option<lede_core::JsonWriter<SentimentOutput>> {
        Some(write_output)
    }
}

/// The name a [`Label`] serializes to.
fn label_name(label: Label) -> &'static str {
    match label {
        Label::Positive => "positive",
        Label::Neutral => "neutral",
        Label::Negative => "negative",
    }
}

/// Writes `output` as compact JSON: the bytes the derived `Serialize` impls give through
/// `serde_json` (tested), without serde's call per field. Scores are written as [`ser_score`]
/// writes them; each sentence, entity and speaker is one [`write_item`].
fn write_output(output: &SentimentOutput, out: &mut Vec<u8>) {
    use lede_core::json::{write_item, write_rounded4, write_seq, write_str};
    out.extend_from_slice(b"{\"score\":");
    write_rounded4(out, f64::from(output.score));
    out.extend_from_slice(b",\"label\":");
    write_str(out, label_name(output.label));
    out.extend_from_slice(b",\"sentences\":");
    write_seq(out, &output.sentences, |out, s| write_item(out, |b| sentence(b, s), |v| sentence(v, s)));
    out.extend_from_slice(b",\"entities\":");
    write_seq(out, &output.entities, |out, e| write_item(out, |b| entity(b, e), |v| entity(v, e)));
    out.extend_from_slice(b",\"speakers\":");
    write_seq(out, &output.speakers, |out, s| write_item(out, |b| speaker(b, s), |v| speaker(v, s)));
    out.push(b'}');
}

/// One sentence tone: `{"start":..,"end":..,"score":..}`.
#[inline(always)]
fn sentence<S: Sink>(out: &mut S, s: &SentenceTone) {
    out.span(s.start, s.end);
    out.put(b",\"score\":");
    out.rounded4(f64::from(s.score));
    out.put(b"}");
}

/// One entity tone: `{"name":..,"type":..,"score":..,"count":..}`.
#[inline(always)]
fn entity<S: Sink>(out: &mut S, e: &EntityTone) {
    out.put(b"{\"name\":");
    out.str(&e.name);
    lede_core::json::type_field(out, e.entity_type);
    out.put(b",\"score\":");
    out.rounded4(f64::from(e.score));
    out.put(b",\"count\":");
    out.uint(e.count as u64);
    out.put(b"}");
}

/// One speaker tone: `{"name":..,"score":..,"quotes":..}`.
#[inline(always)]
fn speaker<S: Sink>(out: &mut S, s: &SpeakerTone) {
    out.put(b"{\"name\":");
    out.str(&s.name);
    out.put(b",\"score\":");
    out.rounded4(f64::from(s.score));
    out.put(b",\"quotes\":");
    out.uint(s.quotes as u64);
    out.put(b"}");
}

#[cfg(test)]
mod tests;
