//! Training the tagger on CoNLL-style JSON Lines (`{"id", "text", "entities"}`): the text is
//! segmented by the core tokenizer, gold byte spans become BIO labels over its tokens, and an
//! averaged perceptron learns from its own greedy decoding, document by document.

use crate::eval::{EvalReport, fold_type, read_gold};
use crate::features::{DocInfo, O, doc_info};
use crate::lexicon::Lexicon;
use crate::model::{Model, Scorer, TrainWeights, tag};
use crate::{EntityAnalyzer, EntityConfig, EntityError, evaluate_jsonl};
use lede_core::Segmentation;
use std::fmt;
use std::path::{Path, PathBuf};
use std::time::Instant;

/// Options of [`train()`].
#[derive(Clone, Debug)]
pub struct TrainOptions {
    /// Passes over the training data.
    pub epochs: usize,
    /// Features whose averaged weights are all below this (absolute) are dropped from the model.
    pub prune: f32,
    /// A gold file to report figures on after training (CoNLL dev).
    pub dev: Option<PathBuf>,
    /// Seed of the document shuffling.
    pub seed: u64,
    /// Report dev F1 after every epoch (slower).
    pub verbose: bool,
}

impl Default for TrainOptions {
    fn default() -> TrainOptions {
        TrainOptions { epochs: 16, prune: 1.0, dev: None, seed: 7, verbose: false }
    }
}

/// What training did.
#[derive(Clone, Debug, Default)]
pub struct TrainReport {
    /// Passes made.
    pub epochs: usize,
    /// Training documents.
    pub docs: usize,
    /// Training tokens (core tokenizer).
    pub tokens: usize,
    /// Gold mentions whose bounds did not fall on token bounds (skipped).
    pub misaligned: usize,
    /// Distinct features seen.
    pub features_seen: usize,
    /// Features kept in the model.
    pub features_kept: usize,
    /// Size of the model file in bytes.
    pub model_bytes: usize,
    /// Wall time in seconds.
    pub seconds: f64,
    /// Training-set mistakes per epoch (token labels).
    pub mistakes: Vec<usize>,
    /// Figures on the dev file, when given.
    pub dev: Option<EvalReport>,
}

impl fmt::Display for TrainReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "trained {} epochs on {} documents, {} tokens ({} misaligned gold mentions) in {:.1} s",
            self.epochs, self.docs, self.tokens, self.misaligned, self.seconds
        )?;
        writeln!(f, "mistakes per epoch: {:?}", self.mistakes)?;
        writeln!(
            f,
            "features: {} seen, {} kept; model file {} bytes",
            self.features_seen, self.features_kept, self.model_bytes
        )?;
        if let Some(d) = &self.dev {
            write!(f, "dev: {d}")?;
        }
        Ok(())
    }
}

struct TrainDoc {
    text: String,
    seg: Segmentation,
    info: DocInfo,
    gold: Vec<u8>,
}

/// Dummy scorer for training (the weights being learned score instead).
struct Nothing;
impl Scorer for Nothing {
    fn score(&self, _: &[u64; crate::features::NF], _: &mut [f32; crate::features::NL]) {}
}

/// Trains a model on `train_jsonl` and writes it to `model_out`.
pub fn train(train_jsonl: &Path, model_out: &Path, options: &TrainOptions) -> Result<TrainReport, EntityError> {
    let t0 = Instant::now();
    let lex = Lexicon::build();
    let docs = read_gold(train_jsonl)?;
    let mut report = TrainReport { docs: docs.len(), ..TrainReport::default() };
    let mut data: Vec<TrainDoc> = Vec::with_capacity(docs.len());
    for d in docs {
        let seg = Segmentation::new(&d.text);
        let mut gold = vec![O; seg.tokens.len()];
        for g in &d.entities {
            let Some(t) = fold_type(&g.ty) else { continue };
            let i0 = seg.tokens.partition_point(|tk| tk.span.start < g.start);
            let mut i = i0;
            let aligned = seg.tokens.get(i0).is_some_and(|tk| tk.span.start == g.start);
            while i < seg.tokens.len() && seg.tokens[i].span.end <= g.end {
                gold[i] = if i == i0 { 1 + 2 * t as u8 } else { 2 + 2 * t as u8 };
                i += 1;
            }
            if !aligned || i == i0 || seg.tokens.get(i - 1).is_some_and(|tk| tk.span.end != g.end) {
                report.misaligned += 1;
            }
        }
        report.tokens += seg.tokens.len();
        let info = doc_info(&d.text, &seg, &lex);
        data.push(TrainDoc { text: d.text, seg, info, gold });
    }
    let mut w = TrainWeights::default();
    let mut order: Vec<usize> = (0..data.len()).collect();
    let mut rng = options.seed.max(1);
    for epoch in 0..options.epochs {
        // Fisher-Yates with xorshift.
        for i in (1..order.len()).rev() {
            rng ^= rng << 13;
            rng ^= rng >> 7;
            rng ^= rng << 17;
            order.swap(i, (rng % (i as u64 + 1)) as usize);
        }
        let mut mistakes = 0;
        for &k in &order {
            let d = &data[k];
            let pred = tag(&Nothing, &d.text, &d.info, &d.seg, Some((&mut w, &d.gold)));
            mistakes += pred.iter().zip(&d.gold).filter(|(a, b)| a != b).count();
        }
        report.mistakes.push(mistakes);
        report.epochs = epoch + 1;
        if options.verbose {
            if let Some(dev) = &options.dev {
                let bytes = w.to_model_bytes(options.prune)?;
                let a = EntityAnalyzer::from_model_bytes(&bytes, EntityConfig::default())?;
                let r = evaluate_jsonl(&a, dev)?;
                eprintln!("epoch {}: mistakes {mistakes}, dev F1 {:.4}", epoch + 1, r.all.f1());
            }
        }
    }
    report.features_seen = w.len();
    let bytes = w.to_model_bytes(options.prune)?;
    report.model_bytes = bytes.len();
    let model = Model::from_bytes(&bytes).map_err(EntityError::Train)?;
    report.features_kept = model.len();
    if let Some(parent) = model_out.parent() {
        if !parent.as_os_str().is_empty() {
            std::fs::create_dir_all(parent)
                .map_err(|e| EntityError::Train(format!("cannot create {}: {e}", parent.display())))?;
        }
    }
    std::fs::write(model_out, &bytes)
        .map_err(|e| EntityError::Train(format!("cannot write {}: {e}", model_out.display())))?;
    if let Some(dev) = &options.dev {
        let a = EntityAnalyzer::from_model_bytes(&bytes, EntityConfig::default())?;
        report.dev = Some(evaluate_jsonl(&a, dev)?);
    }
    report.seconds = t0.elapsed().as_secs_f64();
    Ok(report)
}
