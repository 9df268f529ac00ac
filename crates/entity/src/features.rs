//! Token features of the sequence tagger. Training and tagging compute them with the same code
//! over the core tokenizer's tokens, so the model sees at run time what it saw in training.

use crate::hash::KeyTable;
use crate::hash::{finish, hash_bytes, hash_lower, hash_str, mix};
use crate::lexicon::{Lexicon, MAX_PHRASE, cat};
use crate::shared::{SLOT_WORDS, Slots};
use lede_core::{Segmentation, TokenKind};
use std::sync::atomic::Ordering::Relaxed;

/// Number of labels: `O` and B/I for each of the four types.
pub(crate) const NL: usize = 9;
/// Number of features per token.
pub(crate) const NF: usize = 34;

/// Label ids. `O` is 0; `B-t` is `1 + 2t` and `I-t` is `2 + 2t` for type index `t`
/// (0 PER, 1 ORG, 2 LOC, 3 MISC).
pub(crate) const O: u8 = 0;

/// The type index of a label (`None` for `O`).
#[inline]
pub(crate) fn label_type(l: u8) -> Option<u8> {
    if l == 0 { None } else { Some((l - 1) / 2) }
}

/// True for `I-` labels.
#[inline]
pub(crate) fn is_inside(l: u8) -> bool {
    l != 0 && l % 2 == 0
}

/// True when label `l` may follow `prev` (an `I-t` only continues a `t` chunk).
#[inline]
pub(crate) fn allowed(prev: u8, l: u8) -> bool {
    !is_inside(l) || (prev != O && label_type(prev) == label_type(l))
}

pub(crate) mod flag {
    pub const INIT_CAP: u32 = 1;
    pub const ALL_CAPS: u32 = 1 << 1;
    pub const LOWER: u32 = 1 << 2;
    pub const DIGIT: u32 = 1 << 3;
    pub const PUNCT: u32 = 1 << 4;
    pub const HYPHEN: u32 = 1 << 5;
    pub const PERIOD: u32 = 1 << 6;
    pub const SENT_START: u32 = 1 << 7;
    pub const HEADLINE: u32 = 1 << 8;
    /// No capital letter, no digit and no gazetteer place or demonym: outside an entity such a
    /// token is tagged `O` without scoring.
    pub const PLAIN: u32 = 1 << 9;
    pub const HAS_UPPER: u32 = 1 << 10;
    pub const HAS_LOWER: u32 = 1 << 11;
}

/// What the tagger knows about one token.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct TokInfo {
    pub lower: u64,
    pub raw: u64,
    pub shape: u64,
    /// Byte span of the token (affix features are computed from it when needed).
    pub start: u32,
    pub end: u32,
    pub flags: u32,
    pub gaz: u16,
    /// Category and position of a multiword gazetteer phrase covering the token.
    pub phrase: u16,
    /// Case evidence for this word elsewhere in the document: bit 0 capitalized mid-sentence,
    /// bit 1 lower case.
    pub doc_case: u8,
    pub len: u8,
    /// Longest gazetteer phrase the word may start (0 when none, or without a capital letter).
    pub phrase_len: u8,
    /// The [`static_key`] of the token (set by [`doc_info`] once `doc_case` is known).
    pub skey: u64,
}

/// Per-document token information.
#[derive(Debug, Default)]
pub(crate) struct DocInfo {
    /// The facts of the tokens: the first `len` entries (see [`TokenList`] for why the buffer
    /// may be longer).
    toks: Vec<TokInfo>,
    len: usize,
    /// Indices of the tokens with a capital letter ([`flag::HAS_UPPER`]), ascending: the only
    /// ones the name rules start from.
    upper: TokenList,
    /// Indices of the tokens that are not [`flag::PLAIN`], ascending: the only ones the tagger
    /// scores after an `O`.
    scored: TokenList,
}

impl DocInfo {
    /// What the tagger knows about each token of the document.
    #[inline]
    pub(crate) fn toks(&self) -> &[TokInfo] {
        self.toks.get(..self.len).unwrap_or(&[])
    }

    /// Indices of the tokens with a capital letter, ascending.
    #[inline]
    pub(crate) fn upper(&self) -> &[u32] {
        self.upper.as_slice()
    }

    /// Indices of the tokens that are not plain, ascending.
    #[inline]
    pub(crate) fn scored(&self) -> &[u32] {
        self.scored.as_slice()
    }
}

/// A list of token indices gathered without a branch per token: its first `len` entries. The
/// buffer is at least as long as the document, and keeps its length when it is handed back for
/// the next document, so that it is not cleared again before every index in it is written anew.
#[derive(Debug, Default)]
struct TokenList {
    buf: Vec<u32>,
    len: usize,
}

impl TokenList {
    /// The gathered indices.
    #[inline]
    fn as_slice(&self) -> &[u32] {
        self.buf.get(..self.len).unwrap_or(&[])
    }
}

/// One pass over a token: letter case counts (the ASCII scan only says 0 or 1), the lower-case hash and the short word shape
/// (`Xx`, `X.X.`, `d`, `Xx-Xx`) hash.
struct Scan {
    upper: usize,
    lower: usize,
    digit: bool,
    hyphen: bool,
    first_upper: bool,
    first_lower: bool,
    chars: usize,
    lower_hash: u64,
    shape: u64,
    /// Hash of the token as written, when the ASCII scan computed it on the way.
    raw_hash: Option<u64>,
}

/// Byte classes of the ASCII scan.
mod class {
    pub const UPPER: u8 = 1;
    pub const LOWER: u8 = 2;
    pub const DIGIT: u8 = 4;
    pub const HYPHEN: u8 = 8;
    pub const NON_ASCII: u8 = 16;
}

/// The class bits of every byte.
static CLASS: [u8; 256] = {
    let mut t = [0u8; 256];
    let mut b = 0;
    while b < 256 {
        let c = b as u8;
        t[b] = if c.is_ascii_uppercase() {
            class::UPPER
        } else if c.is_ascii_lowercase() {
            class::LOWER
        } else if c.is_ascii_digit() {
            class::DIGIT
        } else if c == b'-' {
            class::HYPHEN
        } else if c >= 0x80 {
            class::NON_ASCII
        } else {
            0
        };
        b += 1;
    }
    t
};

/// The shape class of every ASCII byte (`X`, `x`, `d` or the byte itself).
static SHAPE: [u8; 256] = {
    let mut t = [0u8; 256];
    let mut b = 0;
    while b < 256 {
        let c = b as u8;
        t[b] = if c.is_ascii_uppercase() {
            b'X'
        } else if c.is_ascii_lowercase() {
            b'x'
        } else if c.is_ascii_digit() {
            b'd'
        } else {
            c
        };
        b += 1;
    }
    t
};

/// FNV prime.
const FNV_PRIME: u64 = 0x0000_0100_0000_01B3;
/// FNV offset basis.
const FNV_BASIS: u64 = 0xCBF2_9CE4_8422_2325;

/// The lower-case form of every byte (ASCII letters only).
static LOWER_BYTE: [u8; 256] = {
    let mut t = [0u8; 256];
    let mut b = 0;
    while b < 256 {
        t[b] = (b as u8).to_ascii_lowercase();
        b += 1;
    }
    t
};

/// [`CLASS`], [`SHAPE`] and [`LOWER_BYTE`] of every byte in one word: class, shape class << 8,
/// lower-case byte << 16.
static BYTE_FACTS: [u32; 256] = {
    let mut t = [0u32; 256];
    let mut b = 0;
    while b < 256 {
        t[b] = CLASS[b] as u32 | (SHAPE[b] as u32) << 8 | (LOWER_BYTE[b] as u32) << 16;
        b += 1;
    }
    t
};

/// The scan of an all-ASCII token in one pass over its bytes (`None` when a byte is not ASCII).
/// The letter counts are only 0 or 1 (callers only ask whether there are any).
#[inline]
fn scan_ascii(bytes: &[u8]) -> Option<Scan> {
    // The shape (classes with repeats collapsed, at most 16) is hashed as it is built: once per
    // run of bytes of one shape class.
    let mut n = 0usize;
    let mut shape = FNV_BASIS;
    let mut last = 0u8;
    let mut seen = 0u8;
    let mut h = FNV_BASIS;
    let mut i = 0;
    while let Some(&b0) = bytes.get(i) {
        let k = SHAPE[b0 as usize];
        if k != last && n < 16 {
            shape = (shape ^ u64::from(k)).wrapping_mul(FNV_PRIME);
            n += 1;
        }
        last = k;
        while let Some(&b) = bytes.get(i) {
            let e = BYTE_FACTS[b as usize];
            if (e >> 8) as u8 != k {
                break;
            }
            seen |= e as u8;
            h = (h ^ u64::from((e >> 16) as u8)).wrapping_mul(FNV_PRIME);
            i += 1;
        }
    }
    if seen & class::NON_ASCII != 0 {
        return None;
    }
    let first = bytes.first().map_or(0, |&b| CLASS[b as usize]);
    Some(Scan {
        upper: usize::from(seen & class::UPPER != 0),
        lower: usize::from(seen & class::LOWER != 0),
        digit: seen & class::DIGIT != 0,
        hyphen: seen & class::HYPHEN != 0,
        first_upper: first & class::UPPER != 0,
        first_lower: first & class::LOWER != 0,
        chars: bytes.len(),
        lower_hash: h,
        shape,
        raw_hash: None,
    })
}

#[inline]
fn shape_class(c: char) -> u8 {
    if c.is_uppercase() {
        b'X'
    } else if c.is_lowercase() {
        b'x'
    } else if c.is_ascii_digit() {
        b'd'
    } else if c.is_ascii() {
        c as u8
    } else if c.is_alphabetic() {
        b'a'
    } else {
        b'*'
    }
}

fn scan(s: &str) -> Scan {
    if let Some(sc) = scan_ascii(s.as_bytes()) {
        return sc;
    }
    let mut sc = Scan {
        upper: 0,
        lower: 0,
        digit: false,
        hyphen: false,
        first_upper: false,
        first_lower: false,
        chars: 0,
        lower_hash: 0,
        shape: 0,
        raw_hash: None,
    };
    let mut buf = [0u8; 16];
    let mut n = 0;
    let mut last = 0u8;
    let mut push = |k: u8| {
        if k != last && n < buf.len() {
            buf[n] = k;
            n += 1;
            last = k;
        }
    };
    if s.is_ascii() {
        let mut h: u64 = 0xCBF2_9CE4_8422_2325;
        for &b in s.as_bytes() {
            let k = if b.is_ascii_uppercase() {
                sc.upper += 1;
                b'X'
            } else if b.is_ascii_lowercase() {
                sc.lower += 1;
                b'x'
            } else if b.is_ascii_digit() {
                sc.digit = true;
                b'd'
            } else {
                sc.hyphen |= b == b'-';
                b
            };
            push(k);
            h = (h ^ u64::from(b.to_ascii_lowercase())).wrapping_mul(0x0000_0100_0000_01B3);
        }
        sc.lower_hash = h;
        sc.chars = s.len();
    } else {
        for c in s.chars() {
            if c.is_uppercase() {
                sc.upper += 1;
            } else if c.is_lowercase() {
                sc.lower += 1;
            } else if c.is_ascii_digit() {
                sc.digit = true;
            }
            sc.hyphen |= c == '-';
            sc.chars += 1;
            push(shape_class(c));
        }
        sc.lower_hash = hash_lower(s);
    }
    let first = s.chars().next().unwrap_or(' ');
    sc.first_upper = first.is_uppercase();
    sc.first_lower = first.is_lowercase();
    sc.shape = hash_bytes(&buf[..n]);
    sc
}

/// FNV hash of ASCII bytes, lower-cased (equal to `hash_bytes` of the lower-cased bytes).
#[inline]
fn hash_lower_ascii(bytes: &[u8]) -> u64 {
    let mut h: u64 = 0xCBF2_9CE4_8422_2325;
    for &b in bytes {
        h = (h ^ u64::from(b.to_ascii_lowercase())).wrapping_mul(0x0000_0100_0000_01B3);
    }
    h
}

/// Prefix (1-3 chars) and suffix (1-4 chars) hashes of the lower-cased word.
fn affixes(s: &str) -> ([u64; 3], [u64; 4]) {
    let mut pre = [0u64; 3];
    let mut suf = [0u64; 4];
    if s.is_ascii() {
        let b = s.as_bytes();
        let n = b.len();
        // Each prefix hash continues the previous one.
        let mut h = FNV_BASIS;
        for (k, p) in pre.iter_mut().enumerate() {
            if let Some(&c) = b.get(k) {
                h = (h ^ u64::from(c.to_ascii_lowercase())).wrapping_mul(FNV_PRIME);
            }
            *p = h;
        }
        for (k, p) in suf.iter_mut().enumerate() {
            *p = hash_lower_ascii(b.get(n.saturating_sub(k + 1)..).unwrap_or(&[]));
        }
        return (pre, suf);
    }
    let w: String = s.chars().flat_map(char::to_lowercase).collect();
    let bounds: Vec<usize> = w.char_indices().map(|(i, _)| i).chain(std::iter::once(w.len())).collect();
    let nchars = bounds.len().saturating_sub(1);
    let at = |k: usize| bounds.get(k).copied().unwrap_or(w.len());
    for (k, p) in pre.iter_mut().enumerate() {
        let end = at((k + 1).min(nchars));
        *p = hash_bytes(w.get(..end).unwrap_or("").as_bytes());
    }
    for (k, p) in suf.iter_mut().enumerate() {
        let start = at(nchars.saturating_sub(k + 1));
        *p = hash_bytes(w.get(start..).unwrap_or("").as_bytes());
    }
    (pre, suf)
}

/// The affix hashes of a token: plain words repeat their own hash (they are scored only inside
/// a name, where the word itself says enough).
#[inline]
fn token_affixes(t: &TokInfo, text: &str) -> ([u64; 3], [u64; 4]) {
    if t.flags & flag::PLAIN != 0 {
        ([t.lower; 3], [t.lower; 4])
    } else {
        affixes(text.get(t.start as usize..t.end as usize).unwrap_or(""))
    }
}

/// What the tagger knows about a token from its text and kind alone (the same for every
/// occurrence, so [`doc_info`] caches it in the lexicon's word cache, shared by all threads):
/// its [`TokInfo`] but for the span, the sentence-position flags, the phrase and the document
/// case evidence (left at 0), with the static key of a word without case evidence.
fn word_facts(s: &str, kind: TokenKind, lex: &Lexicon) -> TokInfo {
    let mut flags = 0u32;
    let sc = scan(s);
    let (upper, lower, digit) = (sc.upper, sc.lower, sc.digit);
    if sc.first_upper {
        flags |= flag::INIT_CAP;
    }
    if upper > 0 {
        flags |= flag::HAS_UPPER;
    }
    if lower > 0 {
        flags |= flag::HAS_LOWER;
    }
    if upper > 0 && lower == 0 {
        flags |= flag::ALL_CAPS;
    }
    if sc.first_lower {
        flags |= flag::LOWER;
    }
    if digit {
        flags |= flag::DIGIT;
    }
    if kind == TokenKind::Punct || kind == TokenKind::Symbol {
        flags |= flag::PUNCT;
    }
    if sc.hyphen {
        flags |= flag::HYPHEN;
    }
    if kind == TokenKind::Abbreviation {
        flags |= flag::PERIOD;
    }
    let lower_h = sc.lower_hash;
    let (mut gaz, phrase_len) = lex.word_and_phrase_len(lower_h);
    if kind == TokenKind::Abbreviation && s.len() > 1 && s.ends_with('.') && s.matches('.').count() == 1 {
        // `Mr.`, `Gen.`, `Inc.`: only abbreviation-like categories, not `A.` = "a".
        gaz |= lex.word(hash_lower(&s[..s.len() - 1])) & (cat::HONORIFIC | cat::TITLE | cat::ORG_WORD);
    }
    let named = gaz & (cat::COUNTRY | cat::DEMONYM | cat::REGION | cat::KNOWN_ORG) != 0;
    // Function words (`The`, `However`) never start a name, capitalized or not.
    if !named && ((upper == 0 && !digit) || gaz & cat::FUNCTION != 0) {
        flags |= flag::PLAIN;
    }
    let mut w = TokInfo {
        lower: lower_h,
        raw: if upper == 0 { lower_h } else { sc.raw_hash.unwrap_or_else(|| hash_str(s)) },
        shape: sc.shape,
        start: 0,
        end: 0,
        flags,
        gaz,
        phrase: 0,
        doc_case: 0,
        len: u8::try_from(sc.chars.min(20)).unwrap_or(20),
        phrase_len: if upper > 0 { u8::try_from(phrase_len).unwrap_or(u8::MAX) } else { 0 },
        skey: 0,
    };
    w.skey = word_static_key(w.raw, w.gaz, 0);
    w
}

/// The payload of a slot of a lexicon's word cache ([`WordCache`](crate::lexicon::WordCache),
/// a direct-mapped cache of [`word_facts`]) for key `(k0, k1, meta)`, holding `facts`: the
/// token's bytes (up to 16, zero-padded) as `k0` and `k1`, its length and kind in `meta`, and
/// its facts but for those that are always 0 there (span, phrase, case evidence). In words:
/// `k0`, `k1`, `meta | flags << 32`, `lower`, `raw`, `shape`, `skey`,
/// `gaz | len << 16 | phrase_len << 24`.
#[inline]
fn word_payload(k0: u64, k1: u64, meta: u32, facts: &TokInfo) -> [u64; SLOT_WORDS] {
    [
        k0,
        k1,
        u64::from(meta) | u64::from(facts.flags) << 32,
        facts.lower,
        facts.raw,
        facts.shape,
        facts.skey,
        u64::from(facts.gaz) | u64::from(facts.len) << 16 | u64::from(facts.phrase_len) << 24,
    ]
}

/// Reusable buffers of [`doc_info`] (one per thread): the case-evidence table and the buffers
/// of the last document.
#[derive(Debug, Default)]
struct DocScratch {
    case: KeyTable<u8>,
    /// The token facts of the last document, given back by [`recycle`]: refilled in place, so
    /// that the next document writes to memory still in the CPU's cache.
    spare_toks: Vec<TokInfo>,
    /// The capitalized-token and scored-token buffers of the last document, likewise.
    spare_upper: Vec<u32>,
    spare_scored: Vec<u32>,
    /// The buffer of lower-case word hashes that [`doc_info_with`] gathers for the case
    /// evidence, kept for the next document.
    spare_hashes: Vec<u64>,
}

thread_local! {
    static DOC_SCRATCH: std::cell::RefCell<DocScratch> = std::cell::RefCell::new(DocScratch::default());
}

#[inline]
fn kind_code(kind: TokenKind) -> u32 {
    match kind {
        TokenKind::Word => 0,
        TokenKind::Number => 1,
        TokenKind::Abbreviation => 2,
        TokenKind::Punct => 3,
        TokenKind::Symbol => 4,
    }
}

/// The masks that keep the first `len` bytes of two little-endian words, by `len` (0..=16).
static KEY_MASKS: [(u64, u64); 17] = {
    let mut t = [(0u64, 0u64); 17];
    let mut len = 1;
    while len <= 16 {
        let l0 = if len < 8 { len } else { 8 };
        let l1 = len - l0;
        let m0 = if l0 == 8 { u64::MAX } else { (1u64 << (8 * l0)) - 1 };
        let m1 = if l1 == 8 { u64::MAX } else { (1u64 << (8 * l1)) - 1 };
        t[len] = (m0, m1);
        len += 1;
    }
    t
};

/// The cache key of the token at `bytes[start..start + len]`: its bytes as two little-endian
/// words, zero-padded (`None` for a token longer than 16 bytes or out of range).
#[inline]
fn word_key(bytes: &[u8], start: usize, len: usize) -> Option<(u64, u64)> {
    if len == 0 {
        return None;
    }
    let &(m0, m1) = KEY_MASKS.get(len)?;
    let w: [u8; 16] = match bytes.get(start..).and_then(|r| r.first_chunk::<16>()) {
        Some(w) => *w,
        None => {
            let mut buf = [0u8; 16];
            let src = bytes.get(start..start + len)?;
            buf.get_mut(..len)?.copy_from_slice(src);
            buf
        }
    };
    let (a, b) = w.split_at(8);
    let a = u64::from_le_bytes(a.try_into().ok()?);
    let b = u64::from_le_bytes(b.try_into().ok()?);
    Some((a & m0, b & m1))
}

/// The cache slot and key of the token at `text[start..end]` of kind `kind` in a cache of
/// `1 << (64 - shift)` slots (`None` when the token is not cached: empty or longer than
/// 16 bytes).
#[inline]
fn word_slot(text: &str, start: u32, end: u32, kind: TokenKind, shift: u32) -> Option<(usize, u64, u64, u32)> {
    let len = end.saturating_sub(start) as usize;
    let (k0, k1) = word_key(text.as_bytes(), start as usize, len)?;
    let meta = len as u32 | (kind_code(kind) << 8) | (1 << 16);
    Some((slot_index(k0, k1, meta, shift), k0, k1, meta))
}

/// The slot of a key in a cache of `1 << (64 - shift)` slots (`shift` in 1..=63): the top bits
/// of its hash.
#[inline]
fn slot_index(k0: u64, k1: u64, meta: u32, shift: u32) -> usize {
    let h = (k0 ^ k1.rotate_left(29) ^ u64::from(meta)).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    (h >> (shift & 63)) as usize
}

/// The `shift` of [`slot_index`] for a cache of `slots` slots (a power of two).
fn slot_shift(slots: usize) -> u32 {
    64 - slots.trailing_zeros()
}

/// The slot of a word-cache payload in a cache of `slots` slots (a power of two).
fn payload_slot(p: &[u64; SLOT_WORDS], slots: usize) -> usize {
    slot_index(p[0], p[1], p[2] as u32, slot_shift(slots))
}

/// Writes to `w` the facts of the token at `text[start..end]` and returns true, if the word
/// cache holds them (on false, `w` may hold anything). Only tokens on character boundaries are
/// cached, so a hit is one too: a key's bytes are valid UTF-8 from a character start, and
/// `text` is valid UTF-8.
#[inline]
fn cached(cache: Slots<'_>, shift: u32, text: &str, start: u32, end: u32, kind: TokenKind, w: &mut TokInfo) -> bool {
    let Some((i, k0, k1, meta)) = word_slot(text, start, end, kind, shift) else { return false };
    // The facts are written as they are read, before the slot is found unchanged: straight
    // to the token's entry, not through a copy.
    cache
        .read_with(i, |slot, last| {
            let word = |k: usize| slot.get(k).map_or(0, |x| x.load(Relaxed));
            let m = word(2);
            if m as u32 != meta || word(0) != k0 || word(1) != k1 {
                return None;
            }
            *w = TokInfo {
                lower: word(3),
                raw: word(4),
                shape: word(5),
                start,
                end,
                flags: (m >> 32) as u32,
                gaz: last as u16,
                phrase: 0,
                doc_case: 0,
                len: (last >> 16) as u8,
                phrase_len: (last >> 24) as u8,
                skey: word(6),
            };
            Some(())
        })
        .is_some()
}

/// The facts of the token at `text[start..end]` with its span, computed and cached (`filled`
/// counts the empty slots filled).
#[cold]
#[inline(never)]
fn fill(
    cache: Slots<'_>,
    shift: u32,
    text: &str,
    (start, end): (u32, u32),
    kind: TokenKind,
    lex: &Lexicon,
    filled: &mut usize,
) -> TokInfo {
    let s = text.get(start as usize..end as usize).unwrap_or("");
    let facts = word_facts(s, kind, lex);
    if let Some((i, k0, k1, meta)) = word_slot(text, start, end, kind, shift) {
        if s.len() == end.saturating_sub(start) as usize {
            *filled += usize::from(cache.write(i, word_payload(k0, k1, meta, &facts)));
        }
    }
    TokInfo { start, end, ..facts }
}

/// Gives a document's buffers back to this thread's scratch, for the next document.
pub(crate) fn recycle(info: DocInfo) {
    DOC_SCRATCH.with(|cell| {
        if let Ok(mut sc) = cell.try_borrow_mut() {
            sc.spare_toks = info.toks;
            sc.spare_upper = info.upper.buf;
            sc.spare_scored = info.scored.buf;
        }
    });
}

/// Computes the token information of a whole document.
pub(crate) fn doc_info(text: &str, seg: &Segmentation, lex: &Lexicon) -> DocInfo {
    DOC_SCRATCH.with(|cell| match cell.try_borrow_mut() {
        Ok(mut sc) => doc_info_with(text, seg, lex, &mut sc),
        Err(_) => doc_info_with(text, seg, lex, &mut DocScratch::default()),
    })
}

fn doc_info_with(text: &str, seg: &Segmentation, lex: &Lexicon, scratch: &mut DocScratch) -> DocInfo {
    let n = seg.tokens.len();
    let table = lex.word_cache().table(n, payload_slot);
    let cache = table.slots();
    let shift = slot_shift(cache.len());
    let mut filled = 0;
    // The buffers of the last document are refilled in place: every entry in use is written
    // below, so they are neither cleared first nor cut to the document's length (a `Vec` cut
    // shorter would fill its tail with defaults again when the next document is longer).
    let mut toks_buf = std::mem::take(&mut scratch.spare_toks);
    grow_to(&mut toks_buf, n);
    let toks = toks_buf.get_mut(..n).unwrap_or(&mut []);
    for (t, w) in seg.tokens.iter().zip(toks.iter_mut()) {
        let (start, end) = (t.span.start, t.span.end);
        if !cached(cache, shift, text, start, end, t.kind, w) {
            *w = fill(cache, shift, text, (start, end), t.kind, lex, &mut filled);
        }
    }
    table.add_used(filled);
    // The tokens with a capital letter (the only ones the name rules start from) and those
    // that are not plain (the only ones the tagger scores after an `O`) are gathered without a
    // branch on each (whether a token has a capital letter is as hard to predict as a coin):
    // every index is written, and each count moves on only past the tokens of its list. In a
    // pass of their own, apart from the cache probes above, they cost fewer instructions.
    let mut upper_buf = std::mem::take(&mut scratch.spare_upper);
    grow_to(&mut upper_buf, n);
    let mut n_upper = 0usize;
    let mut scored_buf = std::mem::take(&mut scratch.spare_scored);
    grow_to(&mut scored_buf, n);
    let mut n_scored = 0usize;
    for (w, i) in toks.iter().zip(0u32..) {
        if let Some(slot) = upper_buf.get_mut(n_upper) {
            *slot = i;
        }
        n_upper += usize::from(w.flags & flag::HAS_UPPER != 0);
        if let Some(slot) = scored_buf.get_mut(n_scored) {
            *slot = i;
        }
        n_scored += usize::from(w.flags & flag::PLAIN == 0);
    }
    let upper = TokenList { buf: upper_buf, len: n_upper };
    let scored = TokenList { buf: scored_buf, len: n_scored };
    // Sentence starts, headlines and multiword gazetteer phrases.
    let mut words: [u64; MAX_PHRASE] = [0; MAX_PHRASE];
    // Sentences come in token order, so the capitalized tokens of each one follow those of the
    // previous one in `upper`: a cursor finds them.
    let mut cursor = 0usize;
    let upper_list = upper.as_slice();
    for sent in &seg.sentences {
        let r = sent.tokens.range();
        let s = r.start;
        // The first of the tokens with a capital letter in the sentence (`upper` is in order).
        if cursor > 0 && upper_list.get(cursor - 1).is_some_and(|&u| u as usize >= s) {
            cursor = upper_list.partition_point(|&u| (u as usize) < s);
        }
        let rest = upper_list.get(cursor..).unwrap_or(&[]);
        let first_upper = cursor + rest.iter().take_while(|&&u| (u as usize) < s).count();
        let Some(slice) = toks.get_mut(r) else { continue };
        // The first word-like token (after opening quotes or brackets) starts the sentence.
        if let Some(first) = slice.iter_mut().find(|t| t.flags & flag::PUNCT == 0) {
            first.flags |= flag::SENT_START;
        }
        // Phrases start at a word with a capital letter (the others have no phrase length),
        // left to right, none inside another. The same walk over the sentence's capitalized
        // tokens counts them (one loop, so one hard-to-predict loop exit per sentence).
        let len = slice.len();
        let mut next = 0;
        cursor = first_upper;
        while let Some(&u) = upper_list.get(cursor) {
            let i = (u as usize).wrapping_sub(s);
            if i >= len {
                break;
            }
            cursor += 1;
            if i < next {
                continue;
            }
            let maxlen = usize::from(slice[i].phrase_len).min(len - i);
            if maxlen >= 2 {
                for k in 0..maxlen {
                    words[k] = slice[i + k].lower;
                }
                for l in (2..=maxlen).rev() {
                    let bits = lex.phrase(&words[..l]);
                    if bits != 0 {
                        slice[i].phrase = bits << 1;
                        for t in &mut slice[i + 1..i + l] {
                            t.phrase = (bits << 1) | 1;
                        }
                        next = i + l;
                        break;
                    }
                }
            }
        }
        let letters = cursor - first_upper;
        if letters >= 2 && !slice.iter().any(|t| t.flags & flag::HAS_LOWER != 0) {
            for t in slice.iter_mut() {
                t.flags |= flag::HEADLINE;
            }
        }
    }
    // Case evidence from the rest of the document, for words that are capitalized somewhere.
    let case = &mut scratch.case;
    case.reset(upper_list.len());
    // A 1024-bit filter of the capitalized words: most lower-case words are not among them,
    // which one bit tells without probing the table.
    let mut filter = [0u64; 16];
    let filter_bit = |h: u64| {
        let b = (h.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 54) as usize;
        (b >> 6, 1u64 << (b & 63))
    };
    // Evidence is taken from tokens that do not start a sentence or stand in a headline and
    // are neither punctuation nor numbers: an initial capital (not all caps) gives bit 0,
    // else an initial lower-case letter bit 1. Only tokens with a capital letter have the
    // first, so it is noted as their words are entered.
    let counts = |t: &TokInfo| t.flags & (flag::SENT_START | flag::HEADLINE | flag::PUNCT | flag::DIGIT) == 0;
    let capitalized = |t: &TokInfo| (t.flags & flag::INIT_CAP != 0) & (t.flags & flag::ALL_CAPS == 0);
    for &i in upper_list {
        if let Some(t) = toks.get(i as usize) {
            let e = case.entry(t.lower);
            // As data, not a branch: whether a capitalized word counts is as hard to predict.
            *e |= u8::from(counts(t) & capitalized(t));
            let (w, bit) = filter_bit(t.lower);
            if let Some(x) = filter.get_mut(w) {
                *x |= bit;
            }
        }
    }
    // (A token with an initial lower-case letter has no initial capital: no character is
    // both.) Whether a token is such a word and in the filter is as hard to predict as a
    // coin: the words that are are gathered without a branch on each (every hash written,
    // the count moved on past them), and looked up after.
    let mut found = std::mem::take(&mut scratch.spare_hashes);
    grow_to(&mut found, toks.len());
    let mut n_found = 0usize;
    for t in toks.iter() {
        let lower = counts(t) & (t.flags & flag::LOWER != 0);
        let (w, bit) = filter_bit(t.lower);
        let listed = filter.get(w).is_some_and(|x| x & bit != 0);
        if let Some(slot) = found.get_mut(n_found) {
            *slot = t.lower;
        }
        n_found += usize::from(lower & listed);
    }
    for h in found.get(..n_found).unwrap_or(&[]) {
        if let Some(e) = case.get_mut(*h) {
            *e |= 2;
        }
    }
    scratch.spare_hashes = found;
    for &i in upper_list {
        if let Some(t) = toks.get_mut(i as usize) {
            t.doc_case = case.get(t.lower).unwrap_or(0) | 4;
            t.skey = static_key(t);
        }
    }
    DocInfo { toks: toks_buf, len: n, upper, scored }
}

/// Lengthens `v` to at least `n` entries (new ones default), never shortening it. Room that
/// would take more than [`MEDIUM_BLOCK`] bytes is made for at least [`LARGE_BLOCK`] at once:
/// mimalloc serves each size class of blocks between the two from a 4 MiB page of its own per
/// thread, and the token facts, doubling through that range as longer documents came, took
/// three such pages (and three huge pages touched) in every worker thread.
fn grow_to<T: Clone + Default>(v: &mut Vec<T>, n: usize) {
    if v.len() < n {
        let size = std::mem::size_of::<T>().max(1);
        if n > v.capacity() && n.saturating_mul(size) > MEDIUM_BLOCK {
            let room = n.max(v.capacity().saturating_mul(2)).max(LARGE_BLOCK / size);
            v.reserve_exact(room - v.len());
        }
        v.resize(n, T::default());
    }
}

/// Bytes of the largest block mimalloc serves from a page shared with other blocks of its size
/// (a 512 KiB page).
const MEDIUM_BLOCK: usize = 84 << 10;

/// Bytes of the smallest block mimalloc serves from a page of its own size (a block of more
/// than 512 KiB).
const LARGE_BLOCK: usize = 520 << 10;

/// Gazetteer categories used as tagger features.
pub(crate) const GAZ_FEATURE_BITS: u16 = cat::COUNTRY
    | cat::DEMONYM
    | cat::REGION
    | cat::ORG_WORD
    | cat::LOC_WORD
    | cat::TITLE
    | cat::HONORIFIC
    | cat::TITLE_MOD
    | cat::FIRST_NAME
    | cat::CALENDAR
    | cat::KNOWN_ORG;

const BOS: u64 = 0x0B05;
const EOS: u64 = 0x0E05;

#[inline]
fn f(template: u64, value: u64) -> u64 {
    let k = finish(mix(template.wrapping_add(0x1000), value));
    if k == 0 { 1 } else { k }
}

/// Number of features that depend on the token alone (and document-wide facts about its word).
pub(crate) const NS: usize = 14;
/// Number of features that depend on the context and the previous labels.
pub(crate) const NC: usize = NF - NS;

/// The features of a token that depend on it alone: the same for every occurrence of the word
/// in a document, so the tagger caches their summed weights per word.
#[inline]
pub(crate) fn static_features(t: &TokInfo, text: &str, out: &mut [u64; NS]) {
    let (pre, suf) = token_affixes(t, text);
    out[0] = f(0, 0);
    out[1] = f(1, t.lower);
    out[2] = f(2, t.raw);
    out[3] = f(3, t.shape);
    out[4] = f(14, pre[0]);
    out[5] = f(15, pre[1]);
    out[6] = f(16, pre[2]);
    out[7] = f(17, suf[0]);
    out[8] = f(18, suf[1]);
    out[9] = f(19, suf[2]);
    out[10] = f(20, suf[3]);
    out[11] = f(21, u64::from(t.gaz & GAZ_FEATURE_BITS));
    out[12] = f(28, mix(u64::from(t.doc_case), t.shape));
    out[13] = f(32, mix(u64::from(t.len), t.shape));
}

/// Number of [`static_features`] of the word's text ([`static_word_features`]).
pub(crate) const NSW: usize = 9;

/// The [`static_features`] of the word's text: its lower-case and written forms and its affixes.
/// With [`static_shape_features`], the same keys in another order (the tagger sums them apart).
#[inline]
pub(crate) fn static_word_features(t: &TokInfo, text: &str) -> [u64; NSW] {
    let (pre, suf) = token_affixes(t, text);
    [
        f(1, t.lower),
        f(2, t.raw),
        f(14, pre[0]),
        f(15, pre[1]),
        f(16, pre[2]),
        f(17, suf[0]),
        f(18, suf[1]),
        f(19, suf[2]),
        f(20, suf[3]),
    ]
}

/// The other [`static_features`]: the bias and the features of the shape, gazetteer categories,
/// case evidence and length, which many words share.
#[inline]
pub(crate) fn static_shape_features(t: &TokInfo) -> [u64; NS - NSW] {
    [
        f(0, 0),
        f(3, t.shape),
        f(21, u64::from(t.gaz & GAZ_FEATURE_BITS)),
        f(28, mix(u64::from(t.doc_case), t.shape)),
        f(32, mix(u64::from(t.len), t.shape)),
    ]
}

/// The [`prev1_features`] of a token (inside the sentence) but its word's: those of its gazetteer
/// categories and shape.
#[inline]
pub(crate) fn prev1_shape_features(t: &TokInfo) -> [u64; 2] {
    [f(22, u64::from(t.gaz & GAZ_FEATURE_BITS)), f(30, t.shape)]
}

/// The [`prev1_features`] of a token's word.
#[inline]
pub(crate) fn prev1_word_feature(t: &TokInfo) -> u64 {
    f(4, t.lower)
}

/// The [`next1_features`] of a token (inside the sentence) but its word's.
#[inline]
pub(crate) fn next1_shape_features(t: &TokInfo) -> [u64; 2] {
    [f(23, u64::from(t.gaz & GAZ_FEATURE_BITS)), f(31, t.shape)]
}

/// The [`next1_features`] of a token's word.
#[inline]
pub(crate) fn next1_word_feature(t: &TokInfo) -> u64 {
    f(5, t.lower)
}

/// The [`word_context_features`] of a token but its word's: those of its shape, position and
/// case evidence.
#[inline]
pub(crate) fn context_shape_features(t: &TokInfo, p1: u8) -> [u64; 3] {
    let p1 = u64::from(p1);
    let fl = u64::from(position_flags(t));
    [f(12, mix(p1, t.shape)), f(26, mix(fl, t.shape)), f(27, mix(fl, u64::from(t.doc_case)))]
}

/// The [`word_context_features`] of a token's word.
#[inline]
pub(crate) fn context_word_feature(t: &TokInfo, p1: u8) -> u64 {
    f(13, mix(u64::from(p1), t.lower))
}

/// The cache key of a token's static features.
#[inline]
pub(crate) fn static_key(t: &TokInfo) -> u64 {
    word_static_key(t.raw, t.gaz, t.doc_case)
}

/// [`static_key`] from its parts.
#[inline]
fn word_static_key(raw: u64, gaz: u16, doc_case: u8) -> u64 {
    mix(mix(raw, u64::from(gaz & GAZ_FEATURE_BITS)), u64::from(doc_case))
}

/// The features of a token seen as the previous word of the scored token (`None` outside the
/// sentence): its word, gazetteer categories and shape.
#[inline]
pub(crate) fn prev1_features(x: Option<&TokInfo>) -> [u64; 3] {
    let (l, s, g) = x.map_or((BOS, BOS, 0xFFFF), |x| (x.lower, x.shape, u64::from(x.gaz & GAZ_FEATURE_BITS)));
    [f(4, l), f(22, g), f(30, s)]
}

/// The features of a token seen as the next word of the scored token (`None` outside the
/// sentence).
#[inline]
pub(crate) fn next1_features(x: Option<&TokInfo>) -> [u64; 3] {
    let (l, s, g) = x.map_or((EOS, EOS, 0xFFFF), |x| (x.lower, x.shape, u64::from(x.gaz & GAZ_FEATURE_BITS)));
    [f(5, l), f(23, g), f(31, s)]
}

/// The feature of the word two before the scored token (`None` outside the sentence).
#[inline]
pub(crate) fn prev2_feature(x: Option<&TokInfo>) -> u64 {
    f(6, x.map_or(BOS, |x| x.lower))
}

/// The feature of the word two after the scored token (`None` outside the sentence).
#[inline]
pub(crate) fn next2_feature(x: Option<&TokInfo>) -> u64 {
    f(7, x.map_or(EOS, |x| x.lower))
}

/// The features of the two previous labels and the label history of the word (`hist`: 0 none,
/// else 1 + type).
#[inline]
pub(crate) fn label_features(p1: u8, p2: u8, hist: u8) -> [u64; 3] {
    let (p1, p2) = (u64::from(p1), u64::from(p2));
    [f(10, p1), f(11, p2 * 16 + p1), f(33, mix(u64::from(hist), p1))]
}

/// The sentence-position flags the context features look at.
#[inline]
pub(crate) fn position_flags(t: &TokInfo) -> u32 {
    t.flags & (flag::SENT_START | flag::HEADLINE)
}

/// The features of the token itself with the previous label and its position in the sentence.
#[inline]
pub(crate) fn word_context_features(t: &TokInfo, p1: u8) -> [u64; 4] {
    let p1 = u64::from(p1);
    let fl = u64::from(position_flags(t));
    [f(12, mix(p1, t.shape)), f(13, mix(p1, t.lower)), f(26, mix(fl, t.shape)), f(27, mix(fl, u64::from(t.doc_case)))]
}

/// The features of the token paired with its neighbours (`None` outside the sentence).
#[inline]
pub(crate) fn pair_features(prev: Option<&TokInfo>, t: &TokInfo, next: Option<&TokInfo>) -> [u64; 4] {
    let (l_1, s_1) = prev.map_or((BOS, BOS), |x| (x.lower, x.shape));
    let (l1, s1) = next.map_or((EOS, EOS), |x| (x.lower, x.shape));
    [f(8, mix(s_1, t.shape)), f(9, mix(t.shape, s1)), f(24, mix(l_1, t.lower)), f(25, mix(t.lower, l1))]
}

/// The shapes [`shape_pair_features`] depend on: the previous token's, the token's and the
/// next token's (`BOS`/`EOS` outside the sentence).
#[inline]
pub(crate) fn pair_shapes(prev: Option<&TokInfo>, t: &TokInfo, next: Option<&TokInfo>) -> [u64; 3] {
    [prev.map_or(BOS, |x| x.shape), t.shape, next.map_or(EOS, |x| x.shape)]
}

/// The shape halves of [`pair_features`], from [`pair_shapes`].
#[inline]
pub(crate) fn shape_pair_features([s_1, s, s1]: [u64; 3]) -> [u64; 2] {
    [f(8, mix(s_1, s)), f(9, mix(s, s1))]
}

/// The word halves of [`pair_features`].
#[inline]
pub(crate) fn word_pair_features(prev: Option<&TokInfo>, t: &TokInfo, next: Option<&TokInfo>) -> [u64; 2] {
    let l_1 = prev.map_or(BOS, |x| x.lower);
    let l1 = next.map_or(EOS, |x| x.lower);
    [f(24, mix(l_1, t.lower)), f(25, mix(t.lower, l1))]
}

/// The feature of the multiword gazetteer phrase covering the token.
#[inline]
pub(crate) fn phrase_feature(t: &TokInfo) -> u64 {
    f(29, u64::from(t.phrase))
}

/// The features of token `i` (absolute index) in the sentence `[s, e)` that depend on its
/// context, the two previous labels and the label history of the word in the document
/// (`hist`: 0 none, else 1 + type). The run-time tagger sums the same parts separately.
#[inline]
pub(crate) fn context_features(
    toks: &[TokInfo],
    i: usize,
    (s, e): (usize, usize),
    p1: u8,
    p2: u8,
    hist: u8,
    out: &mut [u64; NC],
) {
    let Some(t) = toks.get(i) else { return };
    let get = |j: isize| -> Option<&TokInfo> {
        let k = i as isize + j;
        if k < s as isize || k >= e as isize { None } else { toks.get(k as usize) }
    };
    let [w_1, g_1, s_1] = prev1_features(get(-1));
    let [w1, g1, s1] = next1_features(get(1));
    let [sp, sn, lp, ln] = pair_features(get(-1), t, get(1));
    let [lab1, lab2, lab_h] = label_features(p1, p2, hist);
    let [p_shape, p_word, fl_shape, fl_case] = word_context_features(t, p1);
    out[0] = w_1;
    out[1] = w1;
    out[2] = prev2_feature(get(-2));
    out[3] = next2_feature(get(2));
    out[4] = sp;
    out[5] = sn;
    out[6] = lab1;
    out[7] = lab2;
    out[8] = p_shape;
    out[9] = p_word;
    out[10] = g_1;
    out[11] = g1;
    out[12] = lp;
    out[13] = ln;
    out[14] = fl_shape;
    out[15] = fl_case;
    out[16] = phrase_feature(t);
    out[17] = s_1;
    out[18] = s1;
    out[19] = lab_h;
}

/// All features of token `i`: static and context ones (training uses them together).
#[inline]
pub(crate) fn features(
    text: &str,
    toks: &[TokInfo],
    i: usize,
    sent: (usize, usize),
    (p1, p2): (u8, u8),
    hist: u8,
    out: &mut [u64; NF],
) {
    let mut st = [0u64; NS];
    let mut cx = [0u64; NC];
    if let Some(t) = toks.get(i) {
        static_features(t, text, &mut st);
    }
    context_features(toks, i, sent, p1, p2, hist, &mut cx);
    out[..NS].copy_from_slice(&st);
    out[NS..].copy_from_slice(&cx);
}

#[cfg(test)]
mod tests {
    use super::*;
    use lede_core::Document;

    /// The ASCII scan gives what byte-by-byte definitions give.
    #[test]
    fn ascii_scan_matches_its_definition() {
        for w in [
            "",
            "a",
            "Putin",
            "U.S.",
            "pro-Western",
            "COVID-19",
            "x2",
            "aaaaBBBBccccDDDD1234..--!!",
            "\0a",
            "9/11",
            "Mc'Donald's",
        ] {
            let sc = scan_ascii(w.as_bytes()).expect("ASCII");
            let mut shape = Vec::new();
            let mut last = 0u8;
            for &b in w.as_bytes() {
                let k = SHAPE[b as usize];
                if k != last && shape.len() < 16 {
                    shape.push(k);
                }
                last = k;
            }
            assert_eq!(sc.shape, hash_bytes(&shape), "{w:?}");
            assert_eq!(sc.lower_hash, hash_lower(w), "{w:?}");
            assert_eq!(sc.upper > 0, w.bytes().any(|b| b.is_ascii_uppercase()), "{w:?}");
            assert_eq!(sc.lower > 0, w.bytes().any(|b| b.is_ascii_lowercase()), "{w:?}");
            assert_eq!(sc.digit, w.bytes().any(|b| b.is_ascii_digit()), "{w:?}");
            assert_eq!(sc.hyphen, w.contains('-'), "{w:?}");
        }
        assert!(scan_ascii("Zürich".as_bytes()).is_none());
    }

    /// The word and shape halves of the per-word feature groups hold the same keys as the whole.
    #[test]
    fn split_features_hold_the_same_keys() {
        let lex = Lexicon::build();
        let text =
            "Mr. Putin met Xi Jinping in Moscow on 12 May. PUTIN MEETS XI\n\nZürich’s pro-Western U.S. officials said";
        let doc = Document::new("d", text.to_string(), None);
        let info = doc_info(text, doc.segmentation(), &lex);
        let sorted = |mut v: Vec<u64>| {
            v.sort_unstable();
            v
        };
        for t in info.toks() {
            let mut whole = [0u64; NS];
            static_features(t, text, &mut whole);
            let mut parts = static_word_features(t, text).to_vec();
            parts.extend(static_shape_features(t));
            assert_eq!(sorted(parts), sorted(whole.to_vec()));
            let mut parts = vec![prev1_word_feature(t)];
            parts.extend(prev1_shape_features(t));
            assert_eq!(sorted(parts), sorted(prev1_features(Some(t)).to_vec()));
            let mut parts = vec![next1_word_feature(t)];
            parts.extend(next1_shape_features(t));
            assert_eq!(sorted(parts), sorted(next1_features(Some(t)).to_vec()));
            for p1 in 0..NL as u8 {
                let mut parts = vec![context_word_feature(t, p1)];
                parts.extend(context_shape_features(t, p1));
                assert_eq!(sorted(parts), sorted(word_context_features(t, p1).to_vec()));
            }
        }
    }

    /// Every token gets from the word cache what its own text gives, warm or cold, and the
    /// static key of its final case evidence, with two lexicons in turn: each lexicon owns its
    /// word cache, so the facts of one are never read for the other (the empty lexicon knows
    /// no gazetteer word, which changes the facts of many words).
    #[test]
    fn word_cache_gives_each_token_its_own_facts() {
        let (built, empty) = (Lexicon::build(), Lexicon::default());
        let texts = [
            "Mr. Putin met Xi Jinping in Moscow. PUTIN MEETS XI\n\n“Quoted,” said pro-Western U.S. officials.",
            "Zürich’s Ünïcödé words, a verylongwordthatexceedssixteenbytes, and the White House end",
            "The end.",
            "x",
            "Café",
            "putin and Putin; the white house and the White House",
        ];
        for lex in [&built, &empty, &built, &empty] {
            for text in texts {
                let doc = Document::new("d", text.to_string(), None);
                let seg = doc.segmentation();
                let info = doc_info(text, seg, lex);
                assert_eq!(info.toks().len(), seg.tokens.len());
                for (t, ti) in seg.tokens.iter().zip(info.toks()) {
                    let w = word_facts(t.span.slice(text), t.kind, lex);
                    assert_eq!(
                        (ti.lower, ti.raw, ti.shape, ti.gaz, ti.len, ti.phrase_len),
                        (w.lower, w.raw, w.shape, w.gaz, w.len, w.phrase_len)
                    );
                    assert_eq!(ti.flags & !(flag::SENT_START | flag::HEADLINE), w.flags);
                    assert_eq!((ti.start, ti.end), (t.span.start, t.span.end));
                    assert_eq!(ti.skey, static_key(ti));
                }
                let upper: Vec<u32> = (0..info.toks().len() as u32)
                    .filter(|&i| info.toks()[i as usize].flags & flag::HAS_UPPER != 0)
                    .collect();
                assert_eq!(info.upper(), upper);
                let scored: Vec<u32> = (0..info.toks().len() as u32)
                    .filter(|&i| info.toks()[i as usize].flags & flag::PLAIN == 0)
                    .collect();
                assert_eq!(info.scored(), scored);
            }
        }
    }
}
