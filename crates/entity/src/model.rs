//! The tagger model: averaged-perceptron weights over hashed features, greedy left-to-right
//! decoding with BIO constraints, and the compact (gzip, i16-quantized) model file.

use crate::EntityError;
use crate::features::{
    DocInfo, GAZ_FEATURE_BITS, NF, NL, O, TokInfo, allowed, context_shape_features, context_word_feature, features,
    flag, label_features, label_type, next1_features, next1_shape_features, next1_word_feature, next2_feature,
    pair_shapes, phrase_feature, position_flags, prev1_features, prev1_shape_features, prev1_word_feature,
    prev2_feature, shape_pair_features, static_shape_features, static_word_features, word_pair_features,
};
use crate::hash::{FastMap, KeyTable, mix};
use crate::shared::{SLOT_WORDS, SharedTable, Slots};
use lede_core::Segmentation;
use std::io::{Read, Write};
use std::sync::atomic::Ordering::Relaxed;

const MAGIC: &[u8; 8] = b"LEDENER\x01";

/// The id of the next model loaded (0 is never used).
static NEXT_MODEL_ID: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);

/// Anything that scores a token's features.
pub(crate) trait Scorer {
    /// Adds the weights of `feats` to `out`.
    fn score(&self, feats: &[u64; NF], out: &mut [f32; NL]);
}

/// One table slot: a 32-bit fingerprint of the feature key (0 = empty) and its weights. The
/// slot index comes from the low bits of the key, the fingerprint from the high bits. A tuple of
/// numbers, so that the empty table is allocated zeroed instead of written slot by slot.
type Slot = (u32, [i16; NL]);

#[inline]
fn fingerprint(key: u64) -> u32 {
    ((key >> 32) as u32) | 1
}

/// The run-time model: an open-addressing table of quantized weights.
pub struct Model {
    /// One bit per feature key (by its high bits): a key whose bit is clear is not in the table,
    /// which a small, cache-resident bit set answers without touching the table.
    filter: Vec<u64>,
    filter_mask: usize,
    table: Vec<Slot>,
    mask: usize,
    scale: f32,
    /// True when ordering the integer sums orders their scaled scores the same way (a normal,
    /// positive scale: every sum is below 2^21 in magnitude, exact as `f32`, and scaling
    /// keeps distinct sums distinct), so the tagger compares the integers.
    int_order: bool,
    features: usize,
    /// A number no other model loaded by this process has (keys the tagger's per-thread
    /// [`SumCaches`]).
    id: u64,
    /// The summed weights of words, row by row, shared by the threads that tag with the model
    /// (allocated on first use). Each model owns its own, so the sums of two models never mix.
    rows: RowCache,
    /// Weights of the features whose values come from small fixed sets.
    fixed: Fixed,
}

/// Summed weights of the features whose values come from small fixed sets (previous labels,
/// label history, sentence edges), computed once when the model is loaded.
struct Fixed {
    /// The label features by `(p2 * NL + p1) * HIST + hist`.
    labels: Vec<[i32; NL]>,
    /// Neighbour features when the neighbour is outside the sentence.
    prev1_edge: [i32; NL],
    next1_edge: [i32; NL],
    prev2_edge: [i32; NL],
    next2_edge: [i32; NL],
    /// The phrase feature of a token outside any gazetteer phrase.
    phrase0: [i32; NL],
}

/// Number of label-history values (`0` none, else `1 + type`).
const HIST: usize = 5;

impl Fixed {
    fn build(model: &Model) -> Fixed {
        fn sum<const N: usize>(model: &Model, keys: &[u64; N]) -> [i32; NL] {
            let mut a = [0i32; NL];
            model.add(keys, &mut a);
            a
        }
        let mut labels = Vec::with_capacity(NL * NL * HIST);
        for p2 in 0..NL as u8 {
            for p1 in 0..NL as u8 {
                for h in 0..HIST as u8 {
                    labels.push(sum(model, &label_features(p1, p2, h)));
                }
            }
        }
        Fixed {
            labels,
            prev1_edge: sum(model, &prev1_features(None)),
            next1_edge: sum(model, &next1_features(None)),
            prev2_edge: sum(model, &[prev2_feature(None)]),
            next2_edge: sum(model, &[next2_feature(None)]),
            phrase0: sum(model, &[phrase_feature(&TokInfo::default())]),
        }
    }

    fn empty() -> Fixed {
        Fixed {
            labels: Vec::new(),
            prev1_edge: [0; NL],
            next1_edge: [0; NL],
            prev2_edge: [0; NL],
            next2_edge: [0; NL],
            phrase0: [0; NL],
        }
    }
}

impl std::fmt::Debug for Model {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Model").field("features", &self.features).finish_non_exhaustive()
    }
}

impl Scorer for Model {
    #[inline]
    fn score(&self, feats: &[u64; NF], out: &mut [f32; NL]) {
        let mut acc = [0i32; NL];
        self.add(feats, &mut acc);
        for (o, a) in out.iter_mut().zip(acc) {
            *o += a as f32 * self.scale;
        }
    }
}

impl Model {
    /// Adds the quantized weights of `feats` to `acc`.
    #[inline]
    fn add<const N: usize>(&self, feats: &[u64; N], acc: &mut [i32; NL]) {
        // Touch every first probe slot before using any, so that the cache misses overlap; the
        // keys the filter lets through are gathered for the probes.
        let mut slots = [0usize; N];
        let mut fps = [0u32; N];
        let mut n = 0;
        let mut warm = 0u32;
        for &k in feats {
            if self.may_have(k) {
                let i = (k as usize) & self.mask;
                warm ^= self.table.get(i).map_or(0, |s| s.0);
                if let (Some(s), Some(f)) = (slots.get_mut(n), fps.get_mut(n)) {
                    *s = i;
                    *f = fingerprint(k);
                }
                n += 1;
            }
        }
        acc[0] += i32::from(warm == 1);
        for (&start, &fp) in slots.iter().zip(&fps).take(n) {
            let mut i = start;
            // `i` is always masked into the table, which is never empty.
            while let Some(&(slot_fp, ref slot_w)) = self.table.get(i) {
                if slot_fp == fp {
                    for (a, &w) in acc.iter_mut().zip(slot_w.iter()) {
                        *a += i32::from(w);
                    }
                    break;
                }
                if slot_fp == 0 {
                    break;
                }
                i = (i + 1) & self.mask;
            }
        }
        acc[0] -= i32::from(warm == 1);
    }

    /// Adds the quantized weights of one feature to `acc` (what [`Model::add`] does for one key).
    #[inline]
    fn add_one(&self, k: u64, acc: &mut [i32; NL]) {
        if !self.may_have(k) {
            return;
        }
        let fp = fingerprint(k);
        let mut i = (k as usize) & self.mask;
        while let Some(&(slot_fp, ref slot_w)) = self.table.get(i) {
            if slot_fp == fp {
                for (a, &w) in acc.iter_mut().zip(slot_w.iter()) {
                    *a += i32::from(w);
                }
                return;
            }
            if slot_fp == 0 {
                return;
            }
            i = (i + 1) & self.mask;
        }
    }

    #[inline]
    fn filter_bit(&self, k: u64) -> (usize, u64) {
        filter_bit(self.filter_mask, k)
    }

    #[inline]
    fn may_have(&self, k: u64) -> bool {
        let (w, bit) = self.filter_bit(k);
        self.filter.get(w).is_some_and(|x| x & bit != 0)
    }

    /// Number of features with weights.
    pub fn len(&self) -> usize {
        self.features
    }

    /// True when the model has no weights.
    pub fn is_empty(&self) -> bool {
        self.features == 0
    }

    /// Reads a model file's bytes (gzip-compressed).
    pub(crate) fn from_bytes(gz: &[u8]) -> Result<Model, String> {
        if gz.is_empty() {
            return Err("the model file is empty".into());
        }
        let mut raw = Vec::new();
        flate2::read::GzDecoder::new(gz).read_to_end(&mut raw).map_err(|e| format!("not a gzip model file: {e}"))?;
        Model::from_raw(&raw)
    }

    /// Reads a model from the inflated bytes of a model file.
    pub(crate) fn from_raw(raw: &[u8]) -> Result<Model, String> {
        let mut r = raw;
        let magic = take(&mut r, 8)?;
        if magic != MAGIC {
            return Err("not a lede entity model (bad magic)".into());
        }
        let nl = u32_at(&mut r)? as usize;
        let nf = u32_at(&mut r)? as usize;
        if nl != NL || nf != NF {
            return Err(format!("model has {nl} labels and {nf} feature templates; this build expects {NL} and {NF}"));
        }
        let count = u32_at(&mut r)? as usize;
        let scale = f32::from_le_bytes(take(&mut r, 4)?.try_into().map_err(|_| "truncated")?);
        let entry = 8 + 2 * NL;
        if r.len() != count.saturating_mul(entry) {
            return Err(format!("model is truncated or corrupt ({} bytes of weights for {count} features)", r.len()));
        }
        let cap = (count.max(1) * 3 / 2 + 1).next_power_of_two();
        let mask = cap - 1;
        // About ten bits per feature, at most 2^20 bits (128 KiB).
        let bits = (count.max(1) * 10).next_power_of_two().clamp(64, 1 << 20);
        // The table and the filter are filled as locals, then moved into the model.
        let mut filter = vec![0u64; bits / 64];
        let mut table: Vec<Slot> = vec![(0, [0; NL]); cap];
        for chunk in r.chunks_exact(entry) {
            let (key, weights) = chunk.split_first_chunk::<8>().ok_or("truncated")?;
            let key = u64::from_le_bytes(*key);
            if key == 0 {
                return Err("model is corrupt (zero key)".into());
            }
            let weights = weights.first_chunk::<{ 2 * NL }>().ok_or("truncated")?;
            let w: [i16; NL] = std::array::from_fn(|l| i16::from_le_bytes([weights[2 * l], weights[2 * l + 1]]));
            let mut i = (key as usize) & mask;
            while table[i].0 != 0 {
                i = (i + 1) & mask;
            }
            table[i] = (fingerprint(key), w);
            let (word, bit) = filter_bit(bits - 1, key);
            if let Some(x) = filter.get_mut(word) {
                *x |= bit;
            }
        }
        let mut model = Model {
            filter,
            filter_mask: bits - 1,
            table,
            mask,
            scale,
            int_order: scale.is_normal() && scale > 0.0 && (scale * 4_194_304.0).is_finite(),
            features: count,
            id: NEXT_MODEL_ID.fetch_add(1, std::sync::atomic::Ordering::Relaxed),
            fixed: Fixed::empty(),
            rows: RowCache::default(),
        };
        model.fixed = Fixed::build(&model);
        Ok(model)
    }
}

/// The word and bit of key `k` in a filter of `mask + 1` bits (a power of two).
#[inline]
fn filter_bit(mask: usize, k: u64) -> (usize, u64) {
    let b = ((k >> 40) as usize) & mask;
    (b >> 6, 1u64 << (b & 63))
}

fn take<'a>(r: &mut &'a [u8], n: usize) -> Result<&'a [u8], String> {
    if r.len() < n {
        return Err("model file is truncated".into());
    }
    let (a, b) = r.split_at(n);
    *r = b;
    Ok(a)
}

fn u32_at(r: &mut &[u8]) -> Result<u32, String> {
    let b = take(r, 4)?;
    Ok(u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
}

/// Training-time weights with averaging (`w - u / c`).
#[derive(Default)]
pub(crate) struct TrainWeights {
    index: FastMap<u64, u32>,
    w: Vec<[f32; NL]>,
    u: Vec<[f32; NL]>,
    /// Number of updates steps so far (for averaging).
    pub c: f32,
}

impl Scorer for TrainWeights {
    fn score(&self, feats: &[u64; NF], out: &mut [f32; NL]) {
        for k in feats {
            if let Some(&i) = self.index.get(k) {
                if let Some(row) = self.w.get(i as usize) {
                    for (o, w) in out.iter_mut().zip(row) {
                        *o += w;
                    }
                }
            }
        }
    }
}

impl TrainWeights {
    /// Moves the weights of `feats` for label `l` by `delta`.
    pub fn update(&mut self, feats: &[u64; NF], l: u8, delta: f32) {
        let l = l as usize;
        for &k in feats {
            let next = u32::try_from(self.w.len()).unwrap_or(u32::MAX);
            let i = *self.index.entry(k).or_insert(next) as usize;
            if i == self.w.len() {
                self.w.push([0.0; NL]);
                self.u.push([0.0; NL]);
            }
            self.w[i][l] += delta;
            self.u[i][l] += self.c * delta;
        }
    }

    /// Number of features seen.
    pub fn len(&self) -> usize {
        self.w.len()
    }

    /// The averaged weights as a run-time model file (gzip bytes), dropping features whose
    /// averaged weights are all below `prune` in absolute value.
    pub fn to_model_bytes(&self, prune: f32) -> Result<Vec<u8>, EntityError> {
        let c = self.c.max(1.0);
        let mut entries: Vec<(u64, [f32; NL])> = Vec::new();
        let mut max = 0f32;
        for (&k, &i) in &self.index {
            let (Some(w), Some(u)) = (self.w.get(i as usize), self.u.get(i as usize)) else { continue };
            let mut avg = [0f32; NL];
            for l in 0..NL {
                avg[l] = w[l] - u[l] / c;
            }
            if avg.iter().all(|x| x.abs() < prune) {
                continue;
            }
            for x in avg {
                max = max.max(x.abs());
            }
            entries.push((k, avg));
        }
        entries.sort_by_key(|e| e.0);
        let scale = if max > 0.0 { max / 32767.0 } else { 1.0 };
        let mut raw = Vec::with_capacity(24 + entries.len() * (8 + 2 * NL));
        raw.extend_from_slice(MAGIC);
        raw.extend_from_slice(&(NL as u32).to_le_bytes());
        raw.extend_from_slice(&(NF as u32).to_le_bytes());
        raw.extend_from_slice(&u32::try_from(entries.len()).unwrap_or(u32::MAX).to_le_bytes());
        raw.extend_from_slice(&scale.to_le_bytes());
        for (k, avg) in &entries {
            raw.extend_from_slice(&k.to_le_bytes());
            for x in avg {
                let q = (x / scale).round().clamp(-32767.0, 32767.0) as i16;
                raw.extend_from_slice(&q.to_le_bytes());
            }
        }
        let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
        enc.write_all(&raw).map_err(|e| EntityError::Train(e.to_string()))?;
        enc.finish().map_err(|e| EntityError::Train(e.to_string()))
    }
}

/// Per-document label history: how often each capitalized word was tagged with each type.
#[derive(Default)]
pub(crate) struct History {
    counts: KeyTable<[u16; 4]>,
}

impl History {
    fn clear(&mut self) {
        self.counts.reset(64);
    }

    #[inline]
    fn get(&self, t: &TokInfo) -> u8 {
        if t.flags & flag::HAS_UPPER == 0 {
            return 0;
        }
        match self.counts.get(t.lower) {
            None => 0,
            Some(c) => {
                let mut best = 0;
                for k in 1..4 {
                    if c[k] > c[best] {
                        best = k;
                    }
                }
                if c[best] == 0 { 0 } else { 1 + best as u8 }
            }
        }
    }

    #[inline]
    fn add(&mut self, t: &TokInfo, l: u8) {
        if t.flags & flag::HAS_UPPER == 0 {
            return;
        }
        if let Some(ty) = label_type(l) {
            let e = self.counts.entry(t.lower);
            e[ty as usize] = e[ty as usize].saturating_add(1);
        }
    }
}

/// The best label allowed after `p1`.
#[inline]
fn best(scores: &[f32; NL], p1: u8) -> u8 {
    let mut bl = O;
    let mut bs = f32::NEG_INFINITY;
    for (l, &s) in scores.iter().enumerate() {
        let l = l as u8;
        if s > bs && allowed(p1, l) {
            bs = s;
            bl = l;
        }
    }
    bl
}

/// The best label allowed after `p1` by integer sums (the same choice as [`best`] on the
/// scaled sums when [`Model::int_order`] holds).
#[inline]
fn best_int(acc: &[i32; NL], p1: u8) -> u8 {
    // `O` and the `B-` labels (odd ids) are always allowed; the first highest wins.
    let mut bl = O;
    let mut bs = acc[0];
    for l in (1..NL).step_by(2) {
        if let Some(&s) = acc.get(l) {
            if s > bs {
                bs = s;
                bl = l as u8;
            }
        }
    }
    // The one `I-` label allowed continues `p1`'s type; it sits just after that type's `B-`, so
    // on a tie it wins over any later label.
    if let Some(ty) = label_type(p1) {
        let l = 2 + 2 * ty;
        if let Some(&s) = acc.get(usize::from(l)) {
            if s > bs || (s == bs && l < bl) {
                bl = l;
            }
        }
    }
    bl
}

/// Tags every token of a document; with `gold`, also trains `learn` on its mistakes.
pub(crate) fn tag<S: Scorer>(
    scorer: &S,
    text: &str,
    info: &DocInfo,
    seg: &Segmentation,
    mut learn: Option<(&mut TrainWeights, &[u8])>,
) -> Vec<u8> {
    let toks = info.toks();
    let mut labels = vec![O; toks.len()];
    let mut hist = History::default();
    let mut feats = [0u64; NF];
    for sent in &seg.sentences {
        let (s, e) = (sent.tokens.start as usize, (sent.tokens.end as usize).min(toks.len()));
        let (mut p1, mut p2) = (O, O);
        for i in s..e {
            let t = &toks[i];
            let pred = if p1 == O && t.flags & flag::PLAIN != 0 {
                O
            } else {
                let h = hist.get(t);
                features(text, toks, i, (s, e), (p1, p2), h, &mut feats);
                let mut scores = [0f32; NL];
                match learn.as_mut() {
                    Some((w, _)) => w.score(&feats, &mut scores),
                    None => scorer.score(&feats, &mut scores),
                }
                let pred = best(&scores, p1);
                if let Some((w, gold)) = learn.as_mut() {
                    let g = gold.get(i).copied().unwrap_or(O);
                    w.c += 1.0;
                    if pred != g {
                        w.update(&feats, g, 1.0);
                        w.update(&feats, pred, -1.0);
                    }
                }
                pred
            };
            hist.add(t, pred);
            labels[i] = pred;
            p2 = p1;
            p1 = pred;
        }
    }
    labels
}

/// The row cache of a model: a direct-mapped cache of the sums of each word (one
/// [`static_key`](crate::features::static_key)), [`ROWS`] rows of between [`WORD_CACHE_MIN`]
/// and [`WORD_CACHE`] slots each (6 MiB at most), shared by every thread that tags with the
/// model (see [`crate::shared`]). A slot holds the key and the row's nine sums in its words:
/// `key`, four words of two sums each (the first in the low half), the row, an unused word
/// and the ninth sum in the low half of the last word.
type RowCache = SharedTable<{ ROWS * WORD_CACHE_MIN }, { ROWS * WORD_CACHE }>;

/// The payload of a row-cache slot holding row `row`, `r`, of key `key`.
#[inline]
fn row_payload(key: u64, row: usize, r: &[i32; NL]) -> [u64; SLOT_WORDS] {
    let pair = |a: i32, b: i32| u64::from(a as u32) | u64::from(b as u32) << 32;
    [key, pair(r[0], r[1]), pair(r[2], r[3]), pair(r[4], r[5]), pair(r[6], r[7]), row as u64, 0, u64::from(r[8] as u32)]
}

/// The slot of row `row` of key `key` in a row cache of `per_row` slots a row (a power of
/// two): each row has its own slots, so that a word takes room only for the rows it is used in.
#[inline]
fn row_slot(row: usize, key: u64, per_row: usize) -> usize {
    row.wrapping_mul(per_row).wrapping_add(key as usize & per_row.wrapping_sub(1))
}

/// The slot of a row-cache payload in a row cache of `slots` slots.
fn payload_row_slot(p: &[u64; SLOT_WORDS], slots: usize) -> usize {
    row_slot(p[5] as usize, p[0], slots / ROWS)
}

/// Rows of a word: its own static features, its features as the previous, next,
/// second previous and second next word of a scored token, and its own context features after
/// an `O` in the middle of a sentence.
const STATIC: usize = 0;
const PREV1: usize = 1;
const NEXT1: usize = 2;
const PREV2: usize = 3;
const NEXT2: usize = 4;
const CTX0: usize = 5;
const ROWS: usize = 6;

/// Slots of the row cache per row at most (a power of two).
const WORD_CACHE: usize = 16384;

/// Slots of the row cache per row at first (a power of two): the cache doubles as it fills
/// (see [`SharedTable::table`]), so that a process that reads one short document touches a
/// table the size of that document, not 6 MiB. At 128 slots a row the first table is 48 KiB,
/// which mimalloc serves from a shared 512 KiB page; at 512 it was 192 KiB, a 4 MiB page of
/// its own.
const WORD_CACHE_MIN: usize = 128;

/// The cached sum of a word's own context features after one previous label at one sentence
/// position (see [`word_context_features`]).
#[derive(Clone, Copy)]
struct CtxSums {
    key: u64,
    /// `1 + p1 + 16 * position` (0 for an empty slot).
    tag: u16,
    row: [i32; NL],
}

const EMPTY_CTX: CtxSums = CtxSums { key: 0, tag: 0, row: [0; NL] };

/// Slots of the context cache (a power of two).
const CTX_CACHE: usize = 4096;

/// The cached sum of the shape-pair features of one triple of shapes ([`pair_shapes`]).
#[derive(Clone, Copy)]
struct PairSums {
    shapes: [u64; 3],
    /// False for an empty slot.
    full: bool,
    row: [i32; NL],
}

const EMPTY_PAIR: PairSums = PairSums { shapes: [0; 3], full: false, row: [0; NL] };

/// Slots of the shape-pair cache (a power of two).
const PAIR_CACHE: usize = 2048;

/// The cached sum of the features of one role of a word that do not depend on its text (see
/// [`static_shape_features`]) for one combination of the values they depend on.
#[derive(Clone, Copy)]
struct PartSums {
    shape: u64,
    /// The role and the values the sum is for, with bit 0 set (0 for an empty slot).
    tag: u64,
    row: [i32; NL],
}

const EMPTY_PART: PartSums = PartSums { shape: 0, tag: 0, row: [0; NL] };

/// Slots of the part cache (a power of two).
const PART_CACHE: usize = 4096;

/// The context, shape-pair and part caches in one allocation of 552 KiB. As three (192, 128
/// and 224 KiB) each fell in its own size class of mimalloc's 84-512 KiB range, where each
/// class takes a 4 MiB page per thread: 12 MiB committed and three huge pages touched by every
/// worker thread, for a tiny document too.
struct SumCaches {
    ctx: [CtxSums; CTX_CACHE],
    pairs: [PairSums; PAIR_CACHE],
    parts: [PartSums; PART_CACHE],
}

impl Default for SumCaches {
    fn default() -> SumCaches {
        SumCaches { ctx: [EMPTY_CTX; CTX_CACHE], pairs: [EMPTY_PAIR; PAIR_CACHE], parts: [EMPTY_PART; PART_CACHE] }
    }
}

/// Roles of [`PartSums`]: the static features, the features as previous and next word, and the
/// context features after one label.
const PART_STATIC: u64 = 0;
const PART_PREV1: u64 = 1;
const PART_NEXT1: u64 = 2;
const PART_CONTEXT: u64 = 3;

/// Reusable buffers of the run-time tagger (one per thread): the small sum caches and the label
/// history. The word rows are in the model's shared [`RowCache`].
#[derive(Default)]
pub(crate) struct TagScratch {
    /// The model the cached sums belong to ([`Model::id`]).
    model: u64,
    sums: Box<SumCaches>,
    hist: History,
    /// The rows of the token being scored, by row: read from the row cache word by word, they
    /// are summed as vectors from here (summed straight from the words, lane by lane, they cost
    /// ~20 M instructions more a corpus run).
    rowbuf: [[i32; NL]; ROWS],
    /// Empty row-cache slots filled in this document.
    filled: usize,
}

impl TagScratch {
    /// Empties the sum caches when they belong to another model and clears the label history.
    fn reset(&mut self, model: &Model) {
        if self.model != model.id {
            // A new scratch (model 0) has empty caches already.
            if self.model != 0 {
                self.sums.ctx.fill(EMPTY_CTX);
                self.sums.pairs.fill(EMPTY_PAIR);
                self.sums.parts.fill(EMPTY_PART);
            }
            self.model = model.id;
        }
        self.hist.clear();
    }

    /// Puts in the row buffer the row `ROW` of token `j`'s word from the model's row cache
    /// (`rows`), computed and cached on first use. The row is a constant of each call, so that
    /// each fill has its own code rather than a jump on the row (an indirect branch,
    /// mispredicted at nearly every fill).
    #[inline]
    fn row<const ROW: usize>(&mut self, rows: RowSlots<'_>, model: &Model, text: &str, toks: &[TokInfo], j: usize) {
        let a = self.row_sums::<ROW>(rows, model, text, toks, j);
        if let Some(r) = self.rowbuf.get_mut(ROW) {
            *r = a;
        }
    }

    /// The sums [`row`](Self::row) puts in the row buffer.
    #[inline]
    fn row_sums<const ROW: usize>(
        &mut self,
        rows: RowSlots<'_>,
        model: &Model,
        text: &str,
        toks: &[TokInfo],
        j: usize,
    ) -> [i32; NL] {
        let Some(t) = toks.get(j) else { return [0; NL] };
        let key = t.skey;
        let slot = row_slot(ROW, key, rows.per_row);
        let cached = rows.slots.read_with(slot, |w, last| {
            let word = |k: usize| w.get(k).map_or(0, |x| x.load(Relaxed));
            (word(0) == key).then(|| {
                let (w1, w2, w3, w4) = (word(1), word(2), word(3), word(4));
                let (lo, hi) = (|w: u64| w as u32 as i32, |w: u64| (w >> 32) as u32 as i32);
                [lo(w1), hi(w1), lo(w2), hi(w2), lo(w3), hi(w3), lo(w4), hi(w4), last as u32 as i32]
            })
        });
        match cached {
            Some(row) => row,
            None => {
                let a = self.fill_row::<ROW>(model, text, t);
                self.filled += usize::from(rows.slots.write(slot, row_payload(key, ROW, &a)));
                a
            }
        }
    }

    /// The sums of row `ROW` of token `t`'s word: the features of its text from the model, the
    /// others from the part cache.
    #[cold]
    #[inline(never)]
    fn fill_row<const ROW: usize>(&mut self, model: &Model, text: &str, t: &TokInfo) -> [i32; NL] {
        let mut a = [0i32; NL];
        let part = match ROW {
            STATIC => {
                model.add(&static_word_features(t, text), &mut a);
                self.part::<PART_STATIC>(model, t, O)
            }
            PREV1 => {
                model.add_one(prev1_word_feature(t), &mut a);
                self.part::<PART_PREV1>(model, t, O)
            }
            NEXT1 => {
                model.add_one(next1_word_feature(t), &mut a);
                self.part::<PART_NEXT1>(model, t, O)
            }
            PREV2 => {
                model.add_one(prev2_feature(Some(t)), &mut a);
                return a;
            }
            NEXT2 => {
                model.add_one(next2_feature(Some(t)), &mut a);
                return a;
            }
            _ => {
                model.add_one(context_word_feature(t, O), &mut a);
                self.part::<PART_CONTEXT>(model, t, O)
            }
        };
        add_row(&mut a, &part);
        a
    }

    /// The summed weights of the features of role `ROLE` of token `t` that do not depend on its
    /// word's text (`p1`: the previous label, for the context role), cached by the values they
    /// depend on.
    #[inline]
    fn part<const ROLE: u64>(&mut self, model: &Model, t: &TokInfo, p1: u8) -> [i32; NL] {
        let gaz = u64::from(t.gaz & GAZ_FEATURE_BITS) << 21;
        let case = u64::from(t.doc_case) << 13;
        let values = match ROLE {
            PART_STATIC => u64::from(t.len) << 5 | case | gaz,
            PART_PREV1 | PART_NEXT1 => gaz,
            _ => case | u64::from(p1) << 37 | u64::from(position_flags(t) >> 7) << 41,
        };
        let tag = 1 | ROLE << 1 | values;
        let i = (mix(t.shape, tag) as usize) & (PART_CACHE - 1);
        match self.sums.parts.get(i) {
            Some(slot) if slot.tag == tag && slot.shape == t.shape => slot.row,
            _ => self.fill_part::<ROLE>(model, i, tag, t, p1),
        }
    }

    /// Computes the sums of [`part`](Self::part) and stores them in slot `i` with `tag`.
    #[cold]
    #[inline(never)]
    fn fill_part<const ROLE: u64>(&mut self, model: &Model, i: usize, tag: u64, t: &TokInfo, p1: u8) -> [i32; NL] {
        let mut a = [0i32; NL];
        match ROLE {
            PART_STATIC => model.add(&static_shape_features(t), &mut a),
            PART_PREV1 => model.add(&prev1_shape_features(t), &mut a),
            PART_NEXT1 => model.add(&next1_shape_features(t), &mut a),
            _ => model.add(&context_shape_features(t, p1), &mut a),
        }
        if let Some(slot) = self.sums.parts.get_mut(i) {
            *slot = PartSums { shape: t.shape, tag, row: a };
        }
        a
    }
}

impl TagScratch {
    /// The summed weights of the shape-pair features of a shape triple ([`pair_shapes`]).
    #[inline]
    fn pair_row(&mut self, model: &Model, shapes: [u64; 3]) -> [i32; NL] {
        let h = mix(mix(shapes[0], shapes[1]), shapes[2]);
        let i = (h as usize) & (PAIR_CACHE - 1);
        let Some(slot) = self.sums.pairs.get_mut(i) else { return [0; NL] };
        if !slot.full || slot.shapes != shapes {
            let mut a = [0i32; NL];
            model.add(&shape_pair_features(shapes), &mut a);
            *slot = PairSums { shapes, full: true, row: a };
        }
        slot.row
    }

    /// The summed weights of [`word_context_features`] of token `t` after label `p1`, cached
    /// by the word's [`static_key`](crate::features::static_key), `p1` and the token's sentence position.
    #[inline]
    fn ctx_row(&mut self, model: &Model, t: &TokInfo, p1: u8) -> [i32; NL] {
        let key = t.skey;
        let tag = 1 + u16::from(p1) + 16 * u16::from((position_flags(t) >> 7) as u8);
        let i = ((key ^ u64::from(tag).wrapping_mul(0x9E37_79B9_7F4A_7C15)) as usize) & (CTX_CACHE - 1);
        match self.sums.ctx.get(i) {
            Some(slot) if slot.key == key && slot.tag == tag => slot.row,
            _ => {
                let mut a = self.part::<PART_CONTEXT>(model, t, p1);
                model.add_one(context_word_feature(t, p1), &mut a);
                if let Some(slot) = self.sums.ctx.get_mut(i) {
                    *slot = CtxSums { key, tag, row: a };
                }
                a
            }
        }
    }
}

/// The slots of a row cache and their number per row.
#[derive(Clone, Copy)]
struct RowSlots<'a> {
    slots: Slots<'a>,
    per_row: usize,
}

/// The sum of `rows`.
#[inline]
fn sum_rows<const K: usize>(rows: [&[i32; NL]; K]) -> [i32; NL] {
    let mut acc = [0i32; NL];
    for r in rows {
        add_row(&mut acc, r);
    }
    acc
}

#[inline]
fn add_row(acc: &mut [i32; NL], row: &[i32; NL]) {
    for (a, &w) in acc.iter_mut().zip(row) {
        *a += w;
    }
}

/// Tags every token of a document with the run-time model. Same decisions as [`tag`] (the same
/// features and integer weights), but the weights of each word's static features and of its
/// features as a neighbour are summed once per document, and those of the label features once
/// per model.
pub(crate) fn tag_fast(model: &Model, text: &str, info: &DocInfo, seg: &Segmentation, sc: &mut TagScratch) -> Vec<u8> {
    let toks = info.toks();
    let mut labels = vec![O; toks.len()];
    sc.reset(model);
    let fixed = &model.fixed;
    let table = model.rows.table(toks.len().saturating_mul(ROWS), payload_row_slot);
    let rows = RowSlots { slots: table.slots(), per_row: table.slots().len() / ROWS };
    sc.filled = 0;
    // The tokens that are not plain, ascending, and a cursor at the first one at or after `i`:
    // the tagger jumps over runs of plain tokens without looking at them one by one (the end
    // of such a run is as hard to predict as a coin).
    let scored = info.scored();
    let mut c = 0usize;
    for sent in &seg.sentences {
        let (s, e) = (sent.tokens.start as usize, (sent.tokens.end as usize).min(toks.len()));
        let (mut p1, mut p2) = (O, O);
        let mut i = s;
        c += scored.get(c..).unwrap_or(&[]).iter().take_while(|&&u| (u as usize) < s).count();
        while i < e {
            if p1 == O {
                // Plain tokens after `O` are tagged `O` unscored: their labels already are `O`
                // and the history ignores `O`; after one, both previous labels are `O`.
                let next = scored.get(c).map_or(e, |&u| (u as usize).min(e));
                if next > i {
                    p2 = O;
                    i = next;
                    continue;
                }
            }
            let Some(t) = toks.get(i) else { break };
            let pred = {
                let h = sc.hist.get(t);
                // The rows are fetched first (into the row buffer) and summed in one pass, so
                // that the sums stay in registers instead of going through memory around every
                // cache probe.
                sc.row::<STATIC>(rows, model, text, toks, i);
                if i > s {
                    sc.row::<PREV1>(rows, model, text, toks, i - 1);
                }
                if i + 1 < e {
                    sc.row::<NEXT1>(rows, model, text, toks, i + 1);
                }
                if i >= s + 2 {
                    sc.row::<PREV2>(rows, model, text, toks, i - 2);
                }
                if i + 2 < e {
                    sc.row::<NEXT2>(rows, model, text, toks, i + 2);
                }
                if p1 == O && position_flags(t) == 0 {
                    sc.row::<CTX0>(rows, model, text, toks, i);
                } else {
                    sc.rowbuf[CTX0] = sc.ctx_row(model, t, p1);
                }
                let prev = if i > s { toks.get(i - 1) } else { None };
                let next = if i + 1 < e { toks.get(i + 1) } else { None };
                let pairs = sc.pair_row(model, pair_shapes(prev, t, next));
                let r = &sc.rowbuf;
                let own = &r[STATIC];
                let prev1 = if i > s { &r[PREV1] } else { &fixed.prev1_edge };
                let next1 = if i + 1 < e { &r[NEXT1] } else { &fixed.next1_edge };
                let prev2 = if i >= s + 2 { &r[PREV2] } else { &fixed.prev2_edge };
                let next2 = if i + 2 < e { &r[NEXT2] } else { &fixed.next2_edge };
                let context = &r[CTX0];
                let phrase = if t.phrase == 0 { &fixed.phrase0 } else { &[0; NL] };
                let labels_row = fixed.labels.get((usize::from(p2) * NL + usize::from(p1)) * HIST + usize::from(h));
                let mut acc = sum_rows([
                    own,
                    prev1,
                    next1,
                    prev2,
                    next2,
                    context,
                    &pairs,
                    phrase,
                    labels_row.unwrap_or(&[0; NL]),
                ]);
                // Most word pairs are not in the model, which the filter answers key by key.
                let [wp0, wp1] = word_pair_features(prev, t, next);
                model.add_one(wp0, &mut acc);
                model.add_one(wp1, &mut acc);
                if t.phrase != 0 {
                    model.add_one(phrase_feature(t), &mut acc);
                }
                if labels_row.is_none() {
                    model.add(&label_features(p1, p2, h), &mut acc);
                }
                if model.int_order {
                    best_int(&acc, p1)
                } else {
                    let mut scores = [0f32; NL];
                    for (o, a) in scores.iter_mut().zip(acc) {
                        *o = a as f32 * model.scale;
                    }
                    best(&scores, p1)
                }
            };
            sc.hist.add(t, pred);
            if let Some(l) = labels.get_mut(i) {
                *l = pred;
            }
            p2 = p1;
            p1 = pred;
            // The cursor moves on past `i` when it is not plain (as data: no branch).
            c += usize::from(scored.get(c).is_some_and(|&u| u as usize == i));
            i += 1;
        }
    }
    table.add_used(sc.filled);
    labels
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::features::doc_info;
    use crate::lexicon::Lexicon;
    use lede_core::Document;

    /// The integer choice is the ordered loop's, ties included.
    #[test]
    fn best_int_matches_best() {
        let mut x = 12345u64;
        for _ in 0..20_000 {
            let acc: [i32; NL] = std::array::from_fn(|_| {
                x = x.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
                ((x >> 40) % 4) as i32 - 2
            });
            let scores = acc.map(|a| a as f32);
            for p1 in 0..NL as u8 {
                assert_eq!(best_int(&acc, p1), best(&scores, p1), "{acc:?} after {p1}");
            }
        }
    }

    /// The run-time tagger sums the same features as the training-time one, in parts.
    #[test]
    fn fast_tagger_matches_reference_tagger() {
        let model = Model::from_bytes(include_bytes!("../model/entity.model.gz")).expect("embedded model");
        let lex = Lexicon::build();
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../../seeds");
        let mut texts: Vec<String> = std::fs::read_dir(dir)
            .expect("seeds folder")
            .filter_map(Result::ok)
            .filter(|e| e.path().extension().is_some_and(|x| x == "txt"))
            .filter_map(|e| std::fs::read_to_string(e.path()).ok())
            .collect();
        texts.push("BREAKING NEWS: PUTIN MEETS XI IN MOSCOW\n\nLudwig van der Berg met Osama bin Laden.".into());
        assert!(texts.len() >= 3);
        let mut sc = TagScratch::default();
        for text in &texts {
            let doc = Document::new("d", text.clone(), None);
            let seg = doc.segmentation();
            let info = doc_info(text, seg, &lex);
            let reference = tag(&model, text, &info, seg, None);
            assert!(reference.iter().any(|&l| l != O));
            // Twice: the second pass reads the row cache filled by the first.
            assert_eq!(tag_fast(&model, text, &info, seg, &mut sc), reference);
            assert_eq!(tag_fast(&model, text, &info, seg, &mut sc), reference);
        }
    }

    /// Two models used in turn on one thread each tag as their reference tagger does: each
    /// model owns its row cache, so the sums of one are never read for the other (and the
    /// per-thread sum caches are emptied when the model changes).
    #[test]
    fn models_in_turn_keep_their_own_sums() {
        let mut raw = Vec::new();
        flate2::read::GzDecoder::new(&include_bytes!("../model/entity.model.gz")[..])
            .read_to_end(&mut raw)
            .expect("embedded model inflates");
        let a = Model::from_raw(&raw).expect("embedded model");
        // The other model has every weight negated.
        let entry = 8 + 2 * NL;
        for chunk in raw.get_mut(24..).expect("header").chunks_exact_mut(entry) {
            for w in chunk.get_mut(8..).expect("weights").chunks_exact_mut(2) {
                let v = i16::from_le_bytes([w[0], w[1]]).wrapping_neg();
                w.copy_from_slice(&v.to_le_bytes());
            }
        }
        let b = Model::from_raw(&raw).expect("negated model");
        let lex = Lexicon::build();
        let text = "Vladimir Putin met Xi Jinping in Moscow on Tuesday, the Kremlin said.\n\n\
                    PUTIN MEETS XI\n\nThe United Nations and Angela Merkel of Germany replied.";
        let doc = Document::new("d", text.to_string(), None);
        let seg = doc.segmentation();
        let info = doc_info(text, seg, &lex);
        let (ra, rb) = (tag(&a, text, &info, seg, None), tag(&b, text, &info, seg, None));
        assert_ne!(ra, rb);
        let mut sc = TagScratch::default();
        for _ in 0..3 {
            assert_eq!(tag_fast(&a, text, &info, seg, &mut sc), ra);
            assert_eq!(tag_fast(&b, text, &info, seg, &mut sc), rb);
        }
    }
}
