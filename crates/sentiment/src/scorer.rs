//! Scoring one span of text (a sentence or a quotation).
//!
//! Two stages, so that training can run the second many times on cached input:
//!
//! 1. [`Scratch::prepare`] splits the text into words, clause breaks and emphasis marks, looks
//!    every word up once, and resolves the context rules that do not depend on weights
//!    (`heart attack`, `kind of`, `not only`, a proper noun in mid-sentence...). The result is a
//!    list of [`Tok`] and the sentence's [`Stats`].
//! 2. [`score_tokens`] applies negation, intensifiers and hedges, comparatives, contrast and
//!    concession, capitals and exclamation marks with the given [`Weights`], and squashes the
//!    sum into [-1, 1].

use crate::lexicon::{Entry, Lexicon, class};
use crate::weights::Weights;
use lede_core::ascii::alnum_run_end;

/// Token flags beyond the lexicon's word classes.
pub(crate) mod tf {
    use crate::lexicon::class;
    /// The lexicon class bits a token keeps.
    pub const CLASS_MASK: u32 = class::NEGATION
        | class::BOOSTER
        | class::HEDGE
        | class::LESS
        | class::CONTRAST
        | class::CONCESSIVE
        | class::NEWS
        | class::PATTERN
        | class::EXPANDED
        | class::PROTECT
        | class::CONDITIONAL
        | class::MODAL
        | class::NEG_WORD;
    /// A clause break: comma, semicolon, colon, dash, bracket.
    pub const BOUNDARY: u32 = 1 << 10;
    /// An all-capitals word.
    pub const CAPS: u32 = 1 << 11;
    /// A capitalized word in mid-sentence: most likely part of a name.
    pub const PROPER: u32 = 1 << 12;
    /// The valence was found for a stripped form (`crimes` → `crime`).
    pub const MORPH: u32 = 1 << 13;
    /// An emoji or emoticon.
    pub const EMOJI: u32 = 1 << 14;
    /// `too`: an excess, so `too generous` is a complaint.
    pub const EXCESS: u32 = 1 << 9;
    /// A rhetorical marker of criticism ([`class::CRITIC`]).
    pub const CRITIC: u32 = 1 << 7;
    /// A verb of reduction or prevention ([`class::REVERSE`]).
    pub const REVERSE: u32 = 1 << 6;
    /// A verb of protection ([`class::PROTECT`]): reverses negative words only.
    pub const PROTECT: u32 = 1 << 17;
    /// A conditional subordinator ([`class::CONDITIONAL`]).
    pub const CONDITIONAL: u32 = 1 << 18;
    /// A modal verb of possibility ([`class::MODAL`]).
    pub const MODAL: u32 = 1 << 19;
    /// A negative determiner, pronoun or adverb ([`class::NEG_WORD`]).
    pub const NEG_WORD: u32 = 1 << 20;
}

/// One prepared token.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub(crate) struct Tok {
    /// Base valence after the context rules.
    pub val: f32,
    /// Class bits and [`tf`] bits.
    pub flags: u32,
}

/// Counts over one prepared span.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub(crate) struct Stats {
    /// Words (including emoji and emoticons).
    pub words: u32,
    /// English function words.
    pub function: u32,
    /// Words the table knows (any class or valence).
    pub known: u32,
    /// All-capitals words.
    pub caps: u32,
    /// Capitalized words.
    pub title: u32,
    /// Exclamation marks.
    pub exclaims: u32,
    /// Question marks.
    pub questions: u32,
    /// Function words of other languages.
    pub foreign: u32,
    /// An exclamative opening without a question mark (`What a ...`, `How lovely ...`).
    pub exclamative: bool,
}

/// Bits of [`Raw::bits`].
mod rb {
    /// A clause break (not a word).
    pub const BOUNDARY: u16 = 1;
    /// An emoji or emoticon (not a word).
    pub const EMOJI: u16 = 1 << 1;
    /// The table knows the word.
    pub const FOUND: u16 = 1 << 2;
    /// An all-capitals word.
    pub const CAPS: u16 = 1 << 3;
    /// A capitalized word with lower-case letters.
    pub const INIT_CAP: u16 = 1 << 4;
    /// Sentence-initial position, or right after a colon, an opening quote or bracket.
    pub const INITIAL: u16 = 1 << 5;
    /// Found after dropping a possessive `'s`.
    pub const POSSESSIVE: u16 = 1 << 6;
    /// The word opens with a capital.
    pub const FIRST_UPPER: u16 = 1 << 7;
    /// A part of an unknown hyphenated compound (`ill-fated`), counted as a word of its own.
    pub const PART: u16 = 1 << 8;
    /// Carries its word's case counts in [`super::Stats`] (every word, and a compound's first part).
    pub const LEAD: u16 = 1 << 9;
    /// The lower-cased word is [`super::Raw::short`], not in the arena.
    pub const INLINE: u16 = 1 << 10;
}

/// A token before the context rules (a word, a clause break, an emoji); a word's lower-cased
/// form is `arena[lo..hi]` (UTF-8), or `short[..hi]` with [`rb::INLINE`].
#[derive(Clone, Copy, Debug, Default)]
struct Raw {
    /// The lower-cased form of a word of at most 16 bytes read on the ASCII fast path, zeros
    /// after it (with [`rb::INLINE`]): kept with the token, not copied into the arena.
    short: [u8; 16],
    lo: u32,
    hi: u32,
    /// Where the token starts in the prepared text (a compound's parts: where it starts).
    at: u32,
    entry: Entry,
    /// [`rb`] bits.
    bits: u16,
}

impl Raw {
    /// A token of kind `kind` ([`rb::BOUNDARY`] or [`rb::EMOJI`]) at byte `at`.
    #[inline]
    fn mark(kind: u16, at: usize, entry: Entry) -> Raw {
        let found = if kind == rb::EMOJI { rb::FOUND } else { 0 };
        Raw { at: at as u32, entry, bits: kind | found, ..Raw::default() }
    }

    /// Whether this is a word (not a clause break or an emoji).
    #[inline(always)]
    fn is_word(&self) -> bool {
        self.bits & (rb::BOUNDARY | rb::EMOJI) == 0
    }

    /// Whether any of the [`rb`] bits `b` is set.
    #[inline(always)]
    fn has(&self, b: u16) -> bool {
        self.bits & b != 0
    }

    /// Whether the word's valence was found for a stripped form ([`class::MORPH`]).
    #[inline(always)]
    fn morph(&self) -> bool {
        self.entry.flags & class::MORPH != 0
    }

    /// Whether the word looks like a proper noun: capitalized, and not sentence-initial unless
    /// possessive.
    #[inline(always)]
    fn proper(&self) -> bool {
        self.has(rb::INIT_CAP) && (!self.has(rb::INITIAL) || self.has(rb::POSSESSIVE))
    }

    /// The token this gives when no context rule touches it: a word's own valence and class, as
    /// a proper noun if it looks like one (taken back for a headline, known only at the end).
    #[inline(always)]
    fn plain_tok(&self) -> Tok {
        if self.has(rb::BOUNDARY) {
            return Tok { val: 0.0, flags: tf::BOUNDARY };
        }
        if self.has(rb::EMOJI) {
            return Tok { val: self.entry.valence, flags: tf::EMOJI };
        }
        let mut flags = self.entry.flags & tf::CLASS_MASK;
        if self.morph() {
            flags |= tf::MORPH;
        }
        if self.has(rb::CAPS) {
            flags |= tf::CAPS;
        }
        if self.proper() {
            flags |= tf::PROPER;
        }
        Tok { val: self.entry.valence, flags }
    }

    /// Whether a context rule may change this token, after `prev`: a word of a class the rules
    /// look at, or one after the first word of a two-word entry.
    #[inline(always)]
    fn needs_rules(&self, prev: Option<&Raw>) -> bool {
        self.is_word()
            && (self.entry.flags & CONTEXT != 0
                || prev.is_some_and(|p| p.is_word() && p.entry.flags & class::BIGRAM_HEAD != 0))
    }
}

/// [`BYTE_CLASS`] bit of an upper-case ASCII letter.
const UPPER: u8 = 1;
/// [`BYTE_CLASS`] bit of a lower-case ASCII letter.
const LOWER: u8 = 2;
/// [`BYTE_CLASS`] bit of an ASCII letter or digit.
const ALNUM: u8 = 4;
/// [`BYTE_CLASS`] bit of a byte that may carry a word on past its letters and digits: an
/// apostrophe, a hyphen, any non-ASCII byte.
const JOIN: u8 = 8;

/// The class bits of every byte.
static BYTE_CLASS: [u8; 256] = {
    let mut t = [0u8; 256];
    let mut b = 0;
    while b < 256 {
        let c = b as u8;
        t[b] = if c.is_ascii_uppercase() {
            UPPER | ALNUM
        } else if c.is_ascii_lowercase() {
            LOWER | ALNUM
        } else if c.is_ascii_digit() {
            ALNUM
        } else if c == b'\'' || c == b'-' || c >= 0x80 {
            JOIN
        } else {
            0
        };
        b += 1;
    }
    t
};

/// `0x20` in every byte.
const SPREAD_20: u64 = u64::from_le_bytes([0x20; 8]);
/// `0x40` in every byte.
const SPREAD_40: u64 = u64::from_le_bytes([0x40; 8]);

/// For a word of `n` bytes (index `n`, at most 16), the masks of its bytes in the two
/// little-endian halves of its key.
static KEY_MASKS: [(u64, u64); 17] = {
    let mut t = [(0u64, 0u64); 17];
    let mut n = 1;
    while n <= 16 {
        t[n] = if n < 8 {
            (u64::MAX >> (8 * (8 - n)), 0)
        } else if n == 8 {
            (u64::MAX, 0)
        } else {
            (u64::MAX, u64::MAX >> (8 * (16 - n)))
        };
        n += 1;
    }
    t
};

/// A little-endian `u64` from eight bytes (0 when there are not eight).
#[inline(always)]
fn le_u64(b: Option<&[u8]>) -> u64 {
    b.and_then(|b| <[u8; 8]>::try_from(b).ok()).map_or(0, u64::from_le_bytes)
}

/// Lexicon classes whose words the context rules of [`Scratch::resolve`] look at.
const CONTEXT: u32 = class::SPECIAL
    | class::LESS
    | class::NEGATION
    | class::BOOSTER
    | class::HEDGE
    | class::CRITIC
    | class::REVERSE
    | class::PROTECT;

/// Words longer than this are never looked up (no lexicon word is that long).
const MAX_WORD: usize = 40;

/// One sentence of a quotation that may run across sentences ([`Scratch::prepare_across`]).
#[derive(Clone, Copy, Debug)]
pub(crate) struct Piece<'a> {
    /// The scratch that prepared the sentence last.
    pub from: &'a Scratch,
    /// The sentence.
    pub text: &'a str,
    /// The text between the sentence and the next one (unused for the last).
    pub gap: &'a str,
}

/// Reusable buffers for preparing spans; one per document (or per thread).
#[derive(Clone, Debug, Default)]
pub(crate) struct Scratch {
    /// The lower-cased words, one after the other (whole UTF-8 characters, so every word's
    /// range is a string; bytes rather than a `String` so that a short ASCII word is appended
    /// as one fixed 16-byte copy).
    arena: Vec<u8>,
    raws: Vec<Raw>,
    /// The indices of the words a context rule may change (see [`Scratch::record`]).
    pending: Vec<u32>,
    /// The indices of the tokens [`raw_score`] reads (see [`visits`]): those of the last
    /// span that may carry a valence or a flag it reads (and the words left to the rules).
    visits: Vec<u32>,
    /// Where the exclamation marks and question marks counted in [`Stats`] are (`true`: `?`).
    marks: Vec<(u32, bool)>,
    /// Whether the split would take a word after the text as sentence-initial, with white space
    /// between them.
    end_initial: bool,
    /// Whether the last token recorded is a word that opens a two-word entry.
    after_bigram_head: bool,
    /// The prepared tokens of the last span.
    pub toks: Vec<Tok>,
}

#[inline]
fn is_apostrophe(c: char) -> bool {
    c == '\'' || c == '’'
}

#[inline]
fn is_hyphen(c: char) -> bool {
    matches!(c, '-' | '\u{2010}' | '\u{2011}')
}

impl Scratch {
    /// Empties every buffer before a new span is prepared.
    fn clear(&mut self) {
        self.arena.clear();
        self.raws.clear();
        self.pending.clear();
        self.visits.clear();
        self.marks.clear();
        self.after_bigram_head = false;
        self.toks.clear();
    }

    /// Prepares `text` into [`Scratch::toks`] and returns its counts.
    pub(crate) fn prepare(&mut self, lex: &Lexicon, text: &str) -> Stats {
        self.prepare_in(lex, text, text.as_bytes())
    }

    /// Prepares `doc[start..end]` (a sentence of a document) as [`Scratch::prepare`] prepares
    /// it on its own (nothing when that is no string); the scan reads on past its end in
    /// `doc`, so that its eight- and sixteen-byte reads need no test for the span's end.
    pub(crate) fn prepare_span(&mut self, lex: &Lexicon, doc: &str, start: usize, end: usize) -> Stats {
        let text = doc.get(start..end).unwrap_or("");
        let ahead = doc.as_bytes().get(start..).unwrap_or(&[]);
        self.prepare_in(lex, text, ahead)
    }

    /// [`Scratch::prepare`] of `text`, where `ahead` starts with the bytes of `text` and may go
    /// on past them (what follows the span in its document: read, never split).
    fn prepare_in(&mut self, lex: &Lexicon, text: &str, ahead: &[u8]) -> Stats {
        self.clear();
        let mut st = Stats::default();
        self.split(lex, text, ahead, &mut st);
        st.exclamative = st.questions == 0 && self.exclamative();
        self.resolve(lex, &st);
        st
    }

    /// Prepares `text[start..end]` (a quotation inside the sentence `text` that `from` prepared
    /// last) from the tokens `from` recorded, as [`Scratch::prepare`] prepares it on its own;
    /// `None` when that is not certain. See [`Scratch::prepare_across`].
    #[cfg(test)]
    pub(crate) fn prepare_within(
        &mut self,
        lex: &Lexicon,
        from: &Scratch,
        text: &str,
        start: usize,
        end: usize,
    ) -> Option<Stats> {
        self.prepare_across(lex, &[Piece { from, text, gap: "" }], start, end)
    }

    /// Prepares a quotation from the tokens the splits of the sentences it lies in recorded, as
    /// [`Scratch::prepare`] prepares it on its own: it starts at `start` in the first piece's
    /// sentence and ends at `end` in the last one's. The split of a text between two points
    /// where it is between tokens, with white space or a quotation mark on either side, is the
    /// split of the whole text there, but for the first word being sentence-initial; and where
    /// a sentence ends, white space follows and the split is at a sentence-initial position,
    /// the split goes on as the next sentence's own. `None` when an edge or a junction is not
    /// such a point; then prepare the quotation on its own.
    pub(crate) fn prepare_across(
        &mut self,
        lex: &Lexicon,
        pieces: &[Piece<'_>],
        start: usize,
        end: usize,
    ) -> Option<Stats> {
        let (first, last) = (pieces.first()?, pieces.last()?);
        let single = pieces.len() == 1;
        let (text, bytes) = (first.text, first.text.as_bytes());
        let part = text.get(start..if single { end } else { text.len() }).filter(|p| !p.is_empty())?;
        // The start: after white space (a chunk starts there in both splits), or after
        // quotation marks, dashes or brackets opening a chunk, which the sentence's split took
        // as punctuation.
        let mut mark = start;
        while let Some(c) = text.get(..mark).and_then(|t| t.chars().next_back()).filter(|&c| !splits(c)) {
            if !matches!(c, '“' | '”' | '"' | '\'' | '‘' | '’' | '«' | '—' | '–' | '(' | '[') {
                return None;
            }
            mark -= c.len_utf8();
        }
        let sentence_chunk = mark == start;
        if !sentence_chunk && special_at(lex, text, mark) {
            return None;
        }
        // Neither split may take a link or an emoticon there.
        if special_at(lex, part, 0) || (sentence_chunk && special_at(lex, text, start)) {
            return None;
        }
        // Each junction: white space between the sentences, the split at a sentence-initial
        // position at the end of the one before.
        for p in pieces.split_last().map_or(&[][..], |(_, before)| before) {
            if p.gap.is_empty() || !p.gap.chars().all(splits) || !p.from.end_initial {
                return None;
            }
        }
        // The end: white space (the same to the split as the end of the text), or a quotation
        // mark that no word goes on through (an apostrophe would carry a word on), and no link
        // or emoticon may start in the last chunk (it would run on past the mark in the
        // sentence).
        let last_start = if single { start } else { 0 };
        let last_part = last.text.get(last_start..end).filter(|p| !p.is_empty())?;
        if let Some(after) = last.text.get(end..).and_then(|t| t.chars().next())
            && !splits(after)
        {
            let before = last.text.as_bytes().get(end - 1).copied().unwrap_or(b'a');
            let closes = match after {
                '”' | '"' => true,
                '\'' => before < 0x80 && !before.is_ascii_alphanumeric(),
                _ => false,
            };
            if !closes {
                return None;
            }
            let chunk = last_part.char_indices().rev().find(|&(_, c)| splits(c)).map_or(0, |(i, c)| i + c.len_utf8());
            if (chunk > 0 || !single)
                && (special_at(lex, last_part, chunk) || special_at(lex, last.text, last_start + chunk))
            {
                return None;
            }
        }
        self.clear();
        let mut st = Stats::default();
        let mut first_len = 0;
        for (m, p) in pieces.iter().enumerate() {
            let lo = if m == 0 { start } else { 0 };
            let hi = if m + 1 == pieces.len() { end } else { p.text.len() };
            let a = p.from.raws.partition_point(|r| (r.at as usize) < lo);
            let b = p.from.raws.partition_point(|r| (r.at as usize) < hi);
            let base = u32::try_from(self.arena.len()).ok()?;
            self.arena.extend_from_slice(&p.from.arena);
            let raws = p.from.raws.get(a..b)?;
            if base == 0 {
                // The first piece's words keep their places in the arena: one copy.
                self.raws.extend_from_slice(raws);
            } else {
                self.raws.extend(raws.iter().map(|r| match r.has(rb::INLINE) {
                    true => *r,
                    false => Raw { lo: r.lo.saturating_add(base), hi: r.hi.saturating_add(base), ..*r },
                }));
            }
            if m == 0 {
                first_len = self.raws.len();
            }
            for &(at, question) in &p.from.marks {
                if (lo..hi).contains(&(at as usize)) {
                    st.questions += u32::from(question);
                    st.exclaims += u32::from(!question);
                }
            }
        }
        // The first word is sentence-initial on its own unless a link came before it (in the
        // first sentence; a later one starts sentence-initial anyway).
        let initial_at = self
            .raws
            .get(..first_len)?
            .iter()
            .find(|r| !r.has(rb::BOUNDARY))
            .filter(|r| r.is_word())
            .filter(|r| bytes.get(start..r.at as usize).is_some_and(|b| !b.iter().any(u8::is_ascii_alphanumeric)))
            .map(|r| r.at);
        if let Some(at) = initial_at {
            let lead = self.raws.get_mut(..first_len).unwrap_or(&mut []);
            for r in lead.iter_mut().skip_while(|r| r.has(rb::BOUNDARY)).take_while(|r| r.at == at) {
                r.bits |= rb::INITIAL;
            }
        }
        let Scratch { raws, pending, visits: read, toks, .. } = self;
        let mut prev: Option<&Raw> = None;
        for (k, r) in raws.iter().enumerate() {
            // The counts as sums of 0/1 facts, not behind a branch per token (whether a word is
            // known changes from word to word): every token but a clause break is a word or an
            // emoji, an emoji is known ([`rb::FOUND`]), [`rb::LEAD`] is on words only, and a
            // word the table does not know has an entry without flags.
            st.words += u32::from(!r.has(rb::BOUNDARY));
            st.caps += u32::from(r.bits & (rb::LEAD | rb::CAPS) == rb::LEAD | rb::CAPS);
            st.title += u32::from(r.bits & (rb::LEAD | rb::FIRST_UPPER) == rb::LEAD | rb::FIRST_UPPER);
            st.known += u32::from(r.has(rb::FOUND));
            let whole_word = !r.has(rb::PART | rb::EMOJI | rb::BOUNDARY);
            st.function += u32::from(whole_word && r.entry.flags & class::FUNCTION != 0);
            st.foreign += u32::from(whole_word && r.entry.flags & class::FOREIGN != 0);
            let tok = r.plain_tok();
            let needs = r.needs_rules(prev);
            if needs {
                pending.push(k as u32);
            }
            if needs || visits(&tok) {
                read.push(k as u32);
            }
            toks.push(tok);
            prev = Some(r);
        }
        st.exclamative = st.questions == 0 && self.exclamative();
        self.resolve(lex, &st);
        Some(st)
    }

    /// Whether the tokens listed for [`raw_score_prepared`] include every token of the last span
    /// that [`raw_score`] reads, in increasing order (for the tests).
    #[cfg(test)]
    pub(crate) fn visits_cover_reads(&self) -> bool {
        let listed = self.visits.windows(2).all(|w| w[0] < w[1]);
        listed
            && self.toks.iter().enumerate().filter(|(_, t)| visits(t)).all(|(k, _)| self.visits.contains(&(k as u32)))
    }

    /// For training: the table word behind prepared token `k` when the token carries that word's
    /// own valence (not one a context rule or a two-word entry changed, nor none), so that a
    /// correction of the word's valence in the table moves the token by the same amount.
    pub(crate) fn table_word(&self, k: usize) -> Option<&str> {
        let (r, t) = (self.raws.get(k)?, self.toks.get(k)?);
        if !r.is_word() || !r.has(rb::FOUND) || t.val == 0.0 || t.val != r.entry.valence {
            return None;
        }
        // Words the news supplement rates for news, or whose news reading a context rule decides
        // (`heart attack`), are not corrected again.
        if r.entry.flags & (class::NEWS | class::SPECIAL) != 0 {
            return None;
        }
        let w = self.text(r)?;
        Some(if r.has(rb::POSSESSIVE) { w.strip_suffix("'s").or_else(|| w.strip_suffix('\'')).unwrap_or(w) } else { w })
    }

    /// For training: the word behind prepared token `k` when the table gives it neither a
    /// valence nor a class (a lower-case word of letters only, three or more), and whether it
    /// was capitalized in mid-sentence (a name).
    pub(crate) fn plain_word(&self, k: usize) -> Option<(&str, bool)> {
        let (r, t) = (self.raws.get(k)?, self.toks.get(k)?);
        if !r.is_word() || t.val != 0.0 || r.entry.valence != 0.0 || r.entry.flags != 0 {
            return None;
        }
        let w = self.text(r)?;
        (w.len() >= 3 && w.bytes().all(|b| b.is_ascii_lowercase())).then_some((w, r.proper()))
    }

    /// The lower-cased form of a word.
    #[inline]
    fn text<'a>(&'a self, r: &'a Raw) -> Option<&'a str> {
        word_text(&self.arena, r)
    }

    /// Whether the span opens as an exclamative: `what a(n)`, or `how` before a scored word.
    fn exclamative(&self) -> bool {
        // The lower-cased bytes of the words, compared without a UTF-8 check.
        let word =
            |i: usize| self.raws.get(i).filter(|r| r.is_word()).map(|r| (word_bytes(&self.arena, r), r.entry.valence));
        match (word(0), word(1)) {
            (Some((b"what", _)), Some((b"a" | b"an", _))) => true,
            (Some((b"how", _)), Some((_, v))) => v != 0.0,
            _ => false,
        }
    }

    /// Pass 1: words, breaks and marks, in one pass over the bytes (`ahead`: the bytes of
    /// `text` and maybe more after them, see [`Scratch::ascii_word`]).
    fn split(&mut self, lex: &Lexicon, text: &str, ahead: &[u8], st: &mut Stats) {
        let bytes = text.as_bytes();
        debug_assert!(ahead.starts_with(bytes));
        let mut initial = true;
        let mut chunk_start = true;
        let mut word_start: Option<usize> = None;
        let mut k = 0;
        while k < bytes.len() {
            let b = bytes.get(k).copied().unwrap_or(b' ');
            // The common case first: a whole word of ASCII letters and digits, recorded in one
            // scan (a chunk that may be a link or an emoticon is left to the general path).
            if BYTE_CLASS[usize::from(b)] & ALNUM != 0
                && word_start.is_none()
                && let Some(end) = self.ascii_word(lex, bytes, ahead, k, initial, chunk_start, st)
            {
                initial = false;
                k = end;
                // Step over the space after it at once (a new chunk starts).
                chunk_start = bytes.get(k) == Some(&b' ');
                k += usize::from(chunk_start);
                continue;
            }
            let (c, len) = if b < 0x80 {
                (char::from(b), 1)
            } else {
                let c = text.get(k..).and_then(|r| r.chars().next()).unwrap_or(' ');
                (c, c.len_utf8())
            };
            // Quotation marks and dashes, common in news, skip the Unicode tables.
            let punct = b >= 0x80 && is_common_punct(c);
            let space = if b < 0x80 { b.is_ascii_whitespace() } else { !punct && is_space(c) };
            if space {
                if let Some(s) = word_start.take() {
                    self.word(lex, text, s, k, initial, st);
                    initial = false;
                }
                chunk_start = true;
                k += len;
                continue;
            }
            if chunk_start {
                chunk_start = false;
                if special_candidate(bytes, k)
                    && let Some(end) = self.special_chunk(lex, text, k, st)
                {
                    if end > k + 1 || bytes.get(k).is_some_and(|b| !b.is_ascii_alphanumeric()) {
                        initial = false;
                    }
                    k = end.max(k + 1);
                    chunk_start = true;
                    continue;
                }
            }
            let alnum = if b < 0x80 { b.is_ascii_alphanumeric() } else { !punct && c.is_alphanumeric() };
            if alnum {
                // The common case: a whole word of ASCII letters and digits, recorded in one scan.
                if word_start.is_none()
                    && b < 0x80
                    && let Some(end) = self.ascii_word(lex, bytes, ahead, k, initial, false, st)
                {
                    initial = false;
                    k = end;
                    // Step over the space after it at once (a new chunk starts).
                    if bytes.get(k) == Some(&b' ') {
                        chunk_start = true;
                        k += 1;
                    }
                    continue;
                }
                if word_start.is_none() {
                    word_start = Some(k);
                }
                k += len;
                // The common case: the rest of an ASCII word, without the general checks (eight
                // bytes a test: a branch per byte mispredicts about once per word).
                k = alnum_run_end(ahead, k).min(bytes.len());
                continue;
            }
            if word_start.is_some() && (is_apostrophe(c) || is_hyphen(c)) && alnum_at(text, k + len) {
                k += len;
                continue;
            }
            if let Some(s) = word_start.take() {
                let end = if is_apostrophe(c) { k + len } else { k };
                self.word(lex, text, s, end, initial, st);
                initial = false;
            }
            match c {
                '!' | '?' => {
                    let question = c == '?';
                    st.exclaims += u32::from(!question);
                    st.questions += u32::from(question);
                    self.marks.push((k as u32, question));
                    initial = true;
                }
                '.' => {
                    if bytes.get(k + 1) == Some(&b'.') {
                        self.record(Raw::mark(rb::BOUNDARY, k, Entry::default()));
                    }
                    initial = true;
                }
                ',' | ';' | ')' | ']' | '—' | '–' | '-' => {
                    self.record(Raw::mark(rb::BOUNDARY, k, Entry::default()));
                }
                ':' | '(' | '[' => {
                    self.record(Raw::mark(rb::BOUNDARY, k, Entry::default()));
                    initial = true;
                }
                '“' | '"' | '‘' | '«' => initial = true,
                _ if !c.is_ascii() => {
                    if let Some(v) = lex.symbol(c) {
                        let entry = Entry { valence: v, flags: 0 };
                        self.record(Raw::mark(rb::EMOJI, k, entry));
                        st.words += 1;
                        st.known += 1;
                    }
                }
                _ => {}
            }
            k += len;
        }
        if let Some(s) = word_start {
            self.word(lex, text, s, bytes.len(), initial, st);
        }
        // White space after the text would end that word, which ends the initial position.
        self.end_initial = initial && word_start.is_none();
    }

    /// A word of ASCII letters and digits starting at `start`, recorded as [`Scratch::word`]
    /// records it, with its case counts and its lookup key built from the same bytes.
    /// Returns its end, or `None` (nothing recorded) when the general path must decide: the
    /// word goes on past them (an apostrophe, a hyphen or a non-ASCII character follows), or,
    /// with `chunk_start`, the chunk may be a link or an emoticon ([`special_candidate`]).
    ///
    /// `ahead` holds `bytes` and what follows them in the document, if anything: the word's end
    /// and its key are read from it in blocks of eight and sixteen bytes, then cut at the end
    /// of `bytes`. Near the end of a span, the blocks would not fit in `bytes` alone, and the
    /// tests for that (a byte loop, a copy into a buffer) mispredicted about twice a sentence.
    #[inline(always)]
    #[allow(clippy::too_many_arguments)]
    fn ascii_word(
        &mut self,
        lex: &Lexicon,
        bytes: &[u8],
        ahead: &[u8],
        start: usize,
        initial: bool,
        chunk_start: bool,
        st: &mut Stats,
    ) -> Option<usize> {
        let rest = ahead.get(start..)?;
        // Eight bytes a test: a branch per byte mispredicts about once per word.
        let len = alnum_run_end(rest, 0).min(bytes.len().saturating_sub(start));
        let next = bytes.get(start + len).copied().unwrap_or(b' ');
        if BYTE_CLASS[usize::from(next)] & JOIN != 0 {
            return None;
        }
        let first = rest.first().copied().unwrap_or(b' ');
        // `special_candidate` on a chunk opening with a letter, with the word's length known: a
        // letter followed by punctuation, or `http...`, or `www.`.
        if chunk_start
            && ((len == 1 && first.is_ascii_alphabetic() && next.is_ascii_punctuation())
                || (first == b'h' && len >= 4 && rest.get(..4) == Some(b"http"))
                || (first == b'w' && len == 3 && next == b'.' && rest.get(..3) == Some(b"www")))
        {
            return None;
        }
        let (upper2, lower, first_upper, key);
        let (mut lo, mut hi, mut short) = (0, len, [0u8; 16]);
        if len <= 16 {
            // The word's bytes in two little-endian halves, zeros after its end.
            let (mut head, mut tail) = match rest.get(..16) {
                Some(w) => (le_u64(w.get(..8)), le_u64(w.get(8..))),
                None => {
                    let mut buf = [0u8; 16];
                    if let (Some(dst), Some(src)) = (buf.get_mut(..len), rest.get(..len)) {
                        dst.copy_from_slice(src);
                    }
                    (le_u64(buf.get(..8)), le_u64(buf.get(8..)))
                }
            };
            let (mh, mt) = KEY_MASKS.get(len).copied().unwrap_or((0, 0));
            head &= mh;
            tail &= mt;
            // Letters and digits are lower-cased by setting bit 5 (digits have it already).
            key = ((head | SPREAD_20) & mh, (tail | SPREAD_20) & mt);
            if key == (head, tail) {
                // No capital (most words): no case bit to set, whatever `lower` is.
                (upper2, lower, first_upper) = (false, true, false);
            } else {
                // Among letters and digits, bit 5 is clear in upper-case letters only, and bits
                // 5 and 6 are both set in lower-case letters only.
                let uh = !head & SPREAD_20 & mh;
                lower = (head & (head << 1) | tail & (tail << 1)) & SPREAD_40 != 0;
                first_upper = uh & 0x20 != 0;
                // Two capitals or more matter only without a lower-case letter (rare).
                upper2 = !lower && {
                    let ut = !tail & SPREAD_20 & mt;
                    uh.count_ones() + ut.count_ones() >= 2
                };
            }
            short = (u128::from(key.0) | (u128::from(key.1) << 64)).to_le_bytes();
        } else {
            let word = rest.get(..len).unwrap_or(&[]);
            let (mut u, mut l) = (0u32, 0u32);
            for &b in word {
                let class = BYTE_CLASS[usize::from(b)];
                u += u32::from(class & UPPER);
                l += u32::from((class & LOWER) >> 1);
            }
            (upper2, lower, first_upper) = (u >= 2, l > 0, first.is_ascii_uppercase());
            key = (0, 0);
            lo = self.arena.len();
            self.arena.extend_from_slice(word);
            if let Some(w) = self.arena.get_mut(lo..) {
                w.make_ascii_lowercase();
            }
            hi = self.arena.len();
        }
        // The case bits of the word and of its token, as `begin_word` and `Raw::plain_tok` set them.
        let caps = upper2 && !lower;
        let mut bits = rb::LEAD
            | (u16::from(initial) * rb::INITIAL)
            | (u16::from(first_upper) * rb::FIRST_UPPER)
            | (u16::from(len <= 16) * rb::INLINE);
        let mut flags = 0;
        if caps {
            bits |= rb::CAPS;
            flags |= tf::CAPS;
        } else if first_upper && lower {
            bits |= rb::INIT_CAP;
            flags |= u32::from(!initial) * tf::PROPER;
        }
        st.words += 1;
        st.caps += u32::from(caps);
        st.title += u32::from(first_upper);
        let mut entry = Entry::default();
        // Words of digits are never looked up, nor words longer than any in the table.
        if len <= MAX_WORD && !first.is_ascii_digit() {
            let found = if len <= 16 {
                lex.get_packed(key.0, key.1)
            } else {
                self.arena.get(lo..hi).and_then(|w| std::str::from_utf8(w).ok()).and_then(|w| lex.get(w))
            };
            if let Some(&e) = found {
                entry = e;
                bits |= rb::FOUND;
                flags |= e.flags & tf::CLASS_MASK | if e.flags & class::MORPH != 0 { tf::MORPH } else { 0 };
                st.known += 1;
                st.function += u32::from(e.flags & class::FUNCTION != 0);
                st.foreign += u32::from(e.flags & class::FOREIGN != 0);
            }
        }
        let raw = Raw { short, lo: lo as u32, hi: hi as u32, at: start as u32, entry, bits };
        let tok = Tok { val: entry.valence, flags };
        // `Raw::needs_rules` after the last token (a word or not).
        let needs = entry.flags & CONTEXT != 0 || self.after_bigram_head;
        self.after_bigram_head = entry.flags & class::BIGRAM_HEAD != 0;
        // Most words are neither read by `raw_score` nor left to the rules: one test for both
        // (a word the table does not know has no valence and no flag `visits` looks at).
        if needs || visits(&tok) {
            if needs {
                self.pending.push(self.raws.len() as u32);
            }
            self.visits.push(self.raws.len() as u32);
        }
        self.toks.push(tok);
        self.raws.push(raw);
        Some(start + len)
    }

    /// At the start of a white-space-separated chunk: a link (skipped) or an emoticon such as
    /// `:)`, `:-(`, `<3`, `:D`, `D:` (recorded). Returns the end of the chunk when it was one.
    fn special_chunk(&mut self, lex: &Lexicon, text: &str, start: usize, st: &mut Stats) -> Option<usize> {
        let (end, emoticon) = special_chunk_at(lex, text, start)?;
        if let Some(e) = emoticon {
            self.record(Raw::mark(rb::EMOJI, start, e));
            st.words += 1;
            st.known += 1;
        }
        Some(end)
    }

    /// Looks up one word (splitting unknown hyphenated compounds) and records it.
    fn word(&mut self, lex: &Lexicon, text: &str, start: usize, end: usize, initial: bool, st: &mut Stats) {
        let word = text.get(start..end).unwrap_or("");
        if word.is_empty() {
            return;
        }
        let lo = self.arena.len();
        // Case counts, hyphens and non-ASCII bytes as sums and masks over the bytes, without a
        // branch on each byte (whether a byte is a capital changes from word to word). A
        // non-ASCII word counts its case again by characters below.
        let (mut upper, mut lower, mut high, mut hyphen) = (0u32, 0u32, 0u8, false);
        for &b in word.as_bytes() {
            let class = BYTE_CLASS[usize::from(b)];
            upper += u32::from(class & UPPER);
            lower += u32::from((class & LOWER) >> 1);
            high |= b;
            hyphen |= b == b'-';
        }
        let mut first_upper = word.as_bytes().first().is_some_and(u8::is_ascii_uppercase);
        let ascii = high < 0x80;
        if ascii {
            self.arena.extend_from_slice(word.as_bytes());
            if upper > 0
                && let Some(w) = self.arena.get_mut(lo..)
            {
                w.make_ascii_lowercase();
            }
        } else {
            (upper, lower, first_upper) = (0, 0, false);
            for (i, c) in word.chars().enumerate() {
                // ASCII letters and the curly apostrophe (`don’t`, `Trump’s`) without the
                // Unicode tables.
                if let Ok(a) = u8::try_from(c)
                    && a < 0x80
                {
                    let class = BYTE_CLASS[usize::from(a)];
                    upper += u32::from(class & UPPER);
                    lower += u32::from((class & LOWER) >> 1);
                    first_upper |= i == 0 && class & UPPER != 0;
                    self.arena.push(a.to_ascii_lowercase());
                    continue;
                }
                if c.is_uppercase() {
                    upper += 1;
                    first_upper |= i == 0;
                } else if c.is_lowercase() {
                    lower += 1;
                }
                if c == '’' {
                    self.arena.push(b'\'');
                } else {
                    for l in c.to_lowercase() {
                        self.arena.extend_from_slice(l.encode_utf8(&mut [0u8; 4]).as_bytes());
                    }
                }
            }
        }
        let hi = self.arena.len();
        let mut raw = begin_word(st, start, lo, hi, (upper, lower, first_upper), initial);
        // The lower-cased form, as UTF-8 bytes.
        let lowered = self.arena.get(lo..hi).unwrap_or(&[]);
        if lowered.len() > MAX_WORD || lowered.first().is_some_and(u8::is_ascii_digit) {
            self.record(raw);
            return;
        }
        if let Some((e, possessive)) = lookup(lex, lowered) {
            raw.entry = e;
            raw.bits |= rb::FOUND | if possessive { rb::POSSESSIVE } else { 0 };
            st.known += 1;
            st.function += u32::from(e.flags & class::FUNCTION != 0);
            st.foreign += u32::from(e.flags & class::FOREIGN != 0);
            self.record(raw);
            return;
        }
        // (Lower-casing keeps every `-` and makes none.)
        if hyphen {
            // An unknown compound: its parts count as words of their own (`ill-fated`).
            st.words -= 1;
            let mut lead = true;
            let mut a = lo;
            while a <= hi {
                let b = self.arena.get(a..hi).and_then(|w| w.iter().position(|&x| x == b'-')).map_or(hi, |p| a + p);
                let part = self.arena.get(a..b).unwrap_or(&[]);
                if part.is_empty() {
                    a = b + 1;
                    continue;
                }
                let found = lookup(lex, part);
                let lead_bit = if std::mem::replace(&mut lead, false) { rb::LEAD } else { 0 };
                let case = raw.bits & (rb::CAPS | rb::INIT_CAP | rb::FIRST_UPPER | rb::INITIAL);
                let mut r =
                    Raw { lo: a as u32, hi: b as u32, at: raw.at, bits: case | rb::PART | lead_bit, ..Raw::default() };
                a = b + 1;
                st.words += 1;
                if let Some((e, _)) = found {
                    r.entry = e;
                    r.bits |= rb::FOUND;
                    st.known += 1;
                }
                self.record(r);
            }
            return;
        }
        self.record(raw);
    }

    /// Records a token with the token it gives when no context rule touches it (a word's own
    /// valence and class, as a proper noun if it looks like one); a word a rule may change (one of
    /// a class the rules look at, or one after the first word of a two-word entry) is left to
    /// [`Scratch::resolve`].
    #[inline(always)]
    fn record(&mut self, r: Raw) {
        let tok = r.plain_tok();
        let needs = r.is_word() && (r.entry.flags & CONTEXT != 0 || self.after_bigram_head);
        self.after_bigram_head = r.is_word() && r.entry.flags & class::BIGRAM_HEAD != 0;
        if needs {
            self.pending.push(self.raws.len() as u32);
        }
        // The rules change only the words left to them and the token before such a word, and
        // that only to take a valence or a flag away.
        if needs || visits(&tok) {
            self.visits.push(self.raws.len() as u32);
        }
        self.toks.push(tok);
        self.raws.push(r);
    }

    /// Pass 2: the context rules, on the words [`Scratch::record`] left to them, in text order.
    fn resolve(&mut self, lex: &Lexicon, st: &Stats) {
        let Scratch { arena, raws, pending, toks, .. } = self;
        let n = raws.len();
        let headline = st.title * 2 > st.words || st.caps * 2 > st.words;
        if headline {
            for t in toks.iter_mut() {
                t.flags &= !tf::PROPER;
            }
        }
        for &k in pending.iter() {
            let k = k as usize;
            let Some(r) = raws.get(k) else { continue };
            let prev_raw = k.checked_sub(1).and_then(|p| raws.get(p)).filter(|p| p.is_word());
            let next_raw = raws.get(k + 1).filter(|p| p.is_word());
            let arena: &[u8] = arena;
            let mut val = r.entry.valence;
            let mut flags = r.entry.flags & tf::CLASS_MASK;
            if r.morph() {
                flags |= tf::MORPH;
            }
            // A two-word entry (`fed up`) replaces both words.
            if prev_raw.is_some_and(|p| p.entry.flags & class::BIGRAM_HEAD != 0) {
                let (prev, word) = (text_of(arena, prev_raw), text_of(arena, Some(r)));
                let mut key = String::with_capacity(prev.len() + word.len() + 1);
                key.push_str(prev);
                key.push(' ');
                key.push_str(word);
                if let Some(v) = lex.bigram(&key) {
                    if let Some(t) = k.checked_sub(1).and_then(|p| toks.get_mut(p)) {
                        *t = Tok::default();
                    }
                    val = v;
                    flags &= !tf::MORPH;
                }
            }
            let next_val = next_raw.map_or(0.0, |p| p.entry.valence);
            if r.entry.flags & class::SPECIAL != 0 {
                let (prev, word, next) = (bytes_of(arena, prev_raw), word_bytes(arena, r), bytes_of(arena, next_raw));
                match word {
                    b"like" if prev_raw.is_none_or(|p| p.entry.flags & class::LIKE_SUBJECT == 0) => val = 0.0,
                    b"kind" | b"sort" if next == b"of" => {
                        val = 0.0;
                        flags |= class::HEDGE;
                    }
                    b"least" if matches!(prev, b"at" | b"very") => flags &= !class::LESS,
                    b"few" if matches!(prev, b"a" | b"quite") => flags &= !class::LESS,
                    b"too" => flags |= tf::EXCESS,
                    b"not" if matches!(next, b"only" | b"just") => flags &= !class::NEGATION,
                    b"no" | b"without" if matches!(next, b"doubt" | b"question" | b"wonder") => {
                        flags &= !class::NEGATION
                    }
                    b"doubt" | b"wonder" if matches!(prev, b"no" | b"without") => val = 0.0,
                    b"despite" | b"spite" if next == b"of" || prev == b"in" => {}
                    b"though" if matches!(prev, b"as" | b"even") => {}
                    _ => {
                        if val != 0.0 && neutral_in_context(word, prev, next) {
                            val = 0.0;
                        }
                    }
                }
            }
            // Litotes: a negator right before a comparative downtoner cancels it and itself (`no
            // less magical`, `not fewer than`).
            if flags & class::LESS != 0 && prev_raw.is_some_and(|p| p.entry.flags & class::NEGATION != 0) {
                flags &= !class::LESS;
                if let Some(t) = k.checked_sub(1).and_then(|p| toks.get_mut(p)) {
                    t.flags &= !class::NEGATION;
                }
            }
            if flags & class::NEGATION != 0 && (next_raw.is_some() || k > 0) {
                val = 0.0;
            }
            if flags & (class::BOOSTER | class::HEDGE | class::LESS) != 0 && next_val != 0.0 {
                val = 0.0;
            }
            if r.has(rb::CAPS) {
                flags |= tf::CAPS;
            }
            if r.entry.flags & class::CRITIC != 0 {
                flags |= tf::CRITIC;
            }
            if r.entry.flags & class::REVERSE != 0 {
                flags |= tf::REVERSE;
                let protect = r.entry.flags & class::PROTECT != 0;
                if protect {
                    flags |= tf::PROTECT;
                }
                // Its own valence (`ban`, `stop`, `save from ruin`) gives way to what it turns
                // around; a verb of protection keeps it before a positive object (`save lives`).
                let acts_on = raws.get(k + 1..(k + 4).min(n)).is_some_and(|next| {
                    next.iter().take_while(|p| p.is_word()).any(|p| {
                        p.entry.valence != 0.0
                            && p.entry.flags & class::NEGATION == 0
                            && (!protect || p.entry.valence < 0.0)
                    })
                });
                if acts_on {
                    val = 0.0;
                }
            }
            if r.proper() && !headline {
                flags |= tf::PROPER;
            }
            if let Some(t) = toks.get_mut(k) {
                *t = Tok { val, flags };
            }
        }
    }
}

/// The bytes of the lower-cased form of a word token (none for none).
#[inline]
fn bytes_of<'a>(arena: &'a [u8], r: Option<&'a Raw>) -> &'a [u8] {
    r.map_or(&[], |p| word_bytes(arena, p))
}

/// The lower-cased form of a word token (`""` for none).
#[inline]
fn text_of<'a>(arena: &'a [u8], r: Option<&'a Raw>) -> &'a str {
    r.and_then(|p| word_text(arena, p)).unwrap_or("")
}

/// The lower-cased form of a word (in `arena` or kept with it).
#[inline]
fn word_text<'a>(arena: &'a [u8], r: &'a Raw) -> Option<&'a str> {
    std::str::from_utf8(word_bytes(arena, r)).ok()
}

/// The bytes of [`word_text`] (none for a token that is no word).
#[inline]
fn word_bytes<'a>(arena: &'a [u8], r: &'a Raw) -> &'a [u8] {
    let text = if r.has(rb::INLINE) { r.short.get(..r.hi as usize) } else { arena.get(r.lo as usize..r.hi as usize) };
    text.unwrap_or(&[])
}

/// Counts a word in `st` and starts its record (the word starts at byte `at` of the text, its
/// lower-cased form is `arena[lo..hi]`);
/// `case` is its (upper-case, lower-case letter counts, capital first).
#[inline]
fn begin_word(st: &mut Stats, at: usize, lo: usize, hi: usize, case: (u32, u32, bool), initial: bool) -> Raw {
    let (upper, lower, first_upper) = case;
    let caps = upper >= 2 && lower == 0;
    st.words += 1;
    st.caps += u32::from(caps);
    st.title += u32::from(first_upper);
    let bit = |on: bool, b: u16| if on { b } else { 0 };
    let bits = rb::LEAD
        | bit(caps, rb::CAPS)
        | bit(first_upper && lower > 0, rb::INIT_CAP)
        | bit(initial, rb::INITIAL)
        | bit(first_upper, rb::FIRST_UPPER);
    Raw { lo: lo as u32, hi: hi as u32, at: at as u32, bits, ..Raw::default() }
}

/// Looks a lower-cased word up, then its form without a possessive `'s` (the flag). Inflected
/// forms of lexicon words (`crimes`, `happily`) are in the table already ([`class::MORPH`]).
#[inline]
fn lookup(lex: &Lexicon, w: &[u8]) -> Option<(Entry, bool)> {
    if let Some(e) = lex.get_bytes(w) {
        return Some((*e, false));
    }
    let stem = w.strip_suffix(b"'s").or_else(|| w.strip_suffix(b"'"))?;
    lex.get_bytes(stem).map(|e| (*e, true))
}

/// Non-ASCII punctuation common in news text: neither white space nor a letter or digit.
#[inline]
fn is_common_punct(c: char) -> bool {
    matches!(c, '’' | '‘' | '“' | '”' | '—' | '–' | '…')
}

/// White space, including the zero-width characters that separate words in some texts.
#[inline]
fn is_space(c: char) -> bool {
    c.is_whitespace() || c == '\u{feff}' || c == '\u{200b}'
}

/// Whether the split takes `c` as white space (a chunk ends there).
#[inline]
fn splits(c: char) -> bool {
    if c.is_ascii() { c.is_ascii_whitespace() } else { !is_common_punct(c) && is_space(c) }
}

/// Whether byte `i` of `s` is white space, and the length of the character there.
#[inline]
fn space_at(s: &str, i: usize) -> (bool, usize) {
    match s.as_bytes().get(i) {
        None => (true, 1),
        Some(&b) if b < 0x80 => (b.is_ascii_whitespace(), 1),
        Some(_) => match s.get(i..).and_then(|r| r.chars().next()) {
            Some(c) => (is_space(c), c.len_utf8()),
            None => (false, 1),
        },
    }
}

/// Whether the character at byte `i` of `s` is a letter or digit.
#[inline]
fn alnum_at(s: &str, i: usize) -> bool {
    match s.as_bytes().get(i) {
        None => false,
        Some(&b) if b < 0x80 => b.is_ascii_alphanumeric(),
        Some(_) => s.get(i..).and_then(|r| r.chars().next()).is_some_and(char::is_alphanumeric),
    }
}

/// Whether a chunk starting at byte `k` may be a link or an emoticon ([`special_chunk_at`]): a
/// chunk opening with two letters (most of them) is neither unless it is a link.
#[inline(always)]
fn special_candidate(bytes: &[u8], k: usize) -> bool {
    let b = bytes.get(k).copied().unwrap_or(b' ');
    let second = bytes.get(k + 1).copied().unwrap_or(b' ');
    if BYTE_CLASS[usize::from(b)] & ALNUM != 0 {
        b.is_ascii_alphabetic()
            && (second.is_ascii_punctuation()
                || (b == b'h' && bytes.get(k..k + 4) == Some(b"http"))
                || (b == b'w' && bytes.get(k..k + 4) == Some(b"www.")))
    } else {
        b.is_ascii_punctuation()
    }
}

/// The chunk of `text` from `start` to the next white space when it is a link (`None` with it)
/// or an emoticon in the table (its entry): its end and that entry.
fn special_chunk_at(lex: &Lexicon, text: &str, start: usize) -> Option<(usize, Option<Entry>)> {
    let bytes = text.as_bytes();
    let first = *bytes.get(start)?;
    let second = bytes.get(start + 1).copied().unwrap_or(b' ');
    let link = (first == b'h' && bytes.get(start..start + 4) == Some(b"http"))
        || (first == b'w' && bytes.get(start..start + 4) == Some(b"www."));
    let emoticon_like = first.is_ascii_punctuation() || (first.is_ascii_alphabetic() && second.is_ascii_punctuation());
    if !link && !emoticon_like {
        return None;
    }
    let mut end = start;
    while end < bytes.len() {
        let (space, len) = space_at(text, end);
        if space {
            break;
        }
        end += len;
        // An emoticon has at most six bytes: a longer chunk is none (no need to find its end).
        if !link && end - start > 6 {
            return None;
        }
    }
    let chunk = text.get(start..end)?;
    if link {
        return (chunk.len() > 7 && (chunk.contains("://") || chunk.starts_with("www."))).then_some((end, None));
    }
    if chunk.len() <= 6 && chunk.is_ascii() && !chunk.bytes().all(|b| b.is_ascii_alphabetic() || b == b'\'') {
        return emoticon(lex, chunk).map(|e| (end, Some(e)));
    }
    None
}

/// Whether a chunk that may be special starts at byte `k` of `text` and is one.
fn special_at(lex: &Lexicon, text: &str, k: usize) -> bool {
    special_candidate(text.as_bytes(), k) && special_chunk_at(lex, text, k).is_some()
}

/// Looks up an emoticon chunk, lower-cased (`:D` is stored as `:d`).
fn emoticon(lex: &Lexicon, chunk: &str) -> Option<Entry> {
    let mut buf = [0u8; 8];
    let dst = buf.get_mut(..chunk.len())?;
    dst.copy_from_slice(chunk.as_bytes());
    dst.make_ascii_lowercase();
    let key = std::str::from_utf8(dst).ok()?;
    lex.get(key).filter(|e| e.valence != 0.0).copied()
}

/// Loaded words that are neutral in a news context: medical terms, institutions, economic
/// terms (`heart attack`, `health care`, `United States`, `gross domestic product`).
fn neutral_in_context(word: &[u8], prev: &[u8], next: &[u8]) -> bool {
    match word {
        b"attack" | b"attacks" => matches!(prev, b"heart" | b"panic" | b"asthma" | b"anxiety"),
        b"arrest" => prev == b"cardiac",
        b"care" => matches!(
            prev,
            b"health"
                | b"child"
                | b"day"
                | b"intensive"
                | b"medical"
                | b"primary"
                | b"managed"
                | b"foster"
                | b"urgent"
                | b"elder"
                | b"palliative"
                | b"prenatal"
                | b"hospice"
                | b"long-term"
        ),
        b"great" => {
            matches!(next, b"britain" | b"lakes" | b"recession" | b"depression" | b"plains" | b"wall" | b"barrier")
        }
        b"united" => {
            matches!(next, b"states" | b"nations" | b"kingdom" | b"arab" | b"airlines" | b"auto" | b"way" | b"front")
        }
        b"supreme" => matches!(next, b"court" | b"courts" | b"leader" | b"commander" | b"council"),
        b"grand" => matches!(next, b"jury" | b"juries" | b"prix" | b"canyon" | b"rapids" | b"slam" | b"central"),
        b"gross" => {
            matches!(next, b"domestic" | b"national" | b"margin" | b"margins" | b"income" | b"revenue" | b"product")
        }
        b"crude" => matches!(next, b"oil" | b"prices" | b"price" | b"futures" | b"inventories" | b"output" | b"stocks"),
        b"justice" => {
            matches!(next, b"department" | b"ministry" | b"minister" | b"system")
                || matches!(prev, b"chief" | b"associate" | b"criminal" | b"juvenile")
        }
        b"trust" => matches!(next, b"fund" | b"funds") || prev == b"brain",
        b"interest" | b"interests" => {
            matches!(next, b"rate" | b"rates" | b"payments" | b"payment" | b"groups" | b"group" | b"income")
                || matches!(prev, b"special" | b"business" | b"national")
        }
        b"security" => {
            matches!(prev, b"national" | b"social" | b"homeland" | b"border" | b"food" | b"job" | b"energy")
                || matches!(
                    next,
                    b"council" | b"forces" | b"guard" | b"guards" | b"services" | b"officials" | b"agencies"
                )
        }
        b"free" => matches!(next, b"trade" | b"market" | b"markets" | b"agent" | b"agency" | b"throw" | b"kick"),
        b"well" => prev == b"as",
        b"fine" => matches!(next, b"print" | b"of"),
        b"natural" => matches!(next, b"gas" | b"resources" | b"disaster" | b"disasters"),
        b"positive" | b"negative" => matches!(prev, b"tested" | b"tests" | b"test"),
        b"mean" | b"means" => true,
        _ => false,
    }
}

/// Decay of an intensifier's or hedge's effect with its distance (1, 2 or 3 words before).
const DISTANCE_DECAY: [f32; 3] = [1.0, 0.95, 0.9];

/// Scores prepared tokens into [-1, 1].
#[inline]
pub(crate) fn score_tokens(toks: &[Tok], st: &Stats, w: &Weights) -> f32 {
    squash(raw_score(toks, st, w), w)
}

/// [`score_tokens`] of the span `scratch` prepared last, reading only the tokens it marked
/// (`norms` made from `w`).
#[inline]
pub(crate) fn score_prepared(scratch: &Scratch, st: &Stats, w: &Weights, norms: &Norms) -> f32 {
    squash(raw_score_prepared(scratch, st, w, norms), w)
}

/// [`raw_score`] of the span `scratch` prepared last, reading only the tokens it marked
/// (`norms` made from `w`).
pub(crate) fn raw_score_prepared(scratch: &Scratch, st: &Stats, w: &Weights, norms: &Norms) -> f32 {
    score_at(&scratch.toks, scratch.visits.iter().map(|&i| i as usize), st, w, Some(norms))
}

/// Counts of words or scored words up to which [`Norms`] holds the factors.
const NORM_TABLE: usize = 64;

/// The length factors of a sentence's sum for the usual numbers of words and scored words,
/// worked out once for a set of weights by the same `powf` calls as [`score_at`] (so the
/// same values).
#[derive(Clone, Debug)]
pub(crate) struct Norms {
    /// [`word_factor`] by number of words.
    words: [f32; NORM_TABLE],
    /// [`hit_factor`] by number of scored words.
    hits: [f32; NORM_TABLE],
}

impl Norms {
    /// The factors for the weights `w`.
    pub(crate) fn new(w: &Weights) -> Norms {
        Norms {
            words: std::array::from_fn(|n| word_factor(n as u32, w)),
            hits: std::array::from_fn(|n| hit_factor(n as u32, w)),
        }
    }
}

/// How a sentence's sum shrinks with its number of words.
#[inline]
fn word_factor(words: u32, w: &Weights) -> f32 {
    (words.max(1) as f32 / 15.0).powf(-w.word_norm)
}

/// How a sentence's sum shrinks with its number of scored words.
#[inline]
fn hit_factor(hits: u32, w: &Weights) -> f32 {
    (hits as f32).powf(-w.hit_norm)
}

/// Whether [`raw_score`] reads a token: one with a valence (the bits of ±0 shifted out of the
/// sign are 0) or one of the flags it reads.
#[inline(always)]
fn visits(t: &Tok) -> bool {
    (t.flags & (SCORED_FLAGS | MODIFIERS)) | (t.val.to_bits() << 1) != 0
}

/// Squashes a summed valence into [-1, 1]: `x / sqrt(x² + alpha)`.
#[inline]
pub(crate) fn squash(x: f32, w: &Weights) -> f32 {
    let s = x / (x * x + w.alpha.max(1e-3)).sqrt();
    if s.is_finite() { s.clamp(-1.0, 1.0) } else { 0.0 }
}

/// The token flags [`raw_score`] reads on a token without valence; a token with none of them
/// and no valence only counts as a position.
const SCORED_FLAGS: u32 = class::CONCESSIVE
    | class::CONTRAST
    | class::NEGATION
    | tf::BOUNDARY
    | tf::MODAL
    | tf::CONDITIONAL
    | tf::CRITIC
    | tf::EMOJI;

/// The token flags by which a word modifies a scored word after it.
const MODIFIERS: u32 = class::BOOSTER | class::HEDGE | class::NEGATION | class::LESS | tf::EXCESS | tf::REVERSE;

/// The summed valence of prepared tokens, before squashing.
pub(crate) fn raw_score(toks: &[Tok], st: &Stats, w: &Weights) -> f32 {
    score_at(toks, 0..toks.len(), st, w, None)
}

/// [`raw_score`] reading the tokens at the increasing indices `at` only: all, or a superset of
/// those [`visits`] takes (the others change nothing).
#[inline(always)]
fn score_at<I>(toks: &[Tok], at: I, st: &Stats, w: &Weights, norms: Option<&Norms>) -> f32
where
    I: DoubleEndedIterator<Item = usize> + Clone,
{
    if st.words == 0 {
        return 0.0;
    }
    // Text in another language: a handful of chance lexicon hits would score at random.
    if (st.foreign >= 2 && st.function == 0) || (st.foreign >= 3 && st.foreign >= 2 * st.function) {
        return 0.0;
    }
    let mixed_caps = st.caps > 0 && st.caps < st.words;
    let contrast_at = at.clone().rev().find(|&i| toks.get(i).is_some_and(|t| t.flags & class::CONTRAST != 0));
    let mut concessive_until: Option<usize> = None;
    let mut modal = false;
    let rhetorical = st.questions > 0 && st.exclaims == 0;
    let (mut pos, mut neg, mut peak, mut hits) = (0.0f32, 0.0f32, 0.0f32, 0u32);
    // Negations, markers of criticism and questions lean negative in opinion writing even
    // without a lexicon word.
    // These are cues of formal, argued prose; chat with emoji or exclamation marks does not use
    // them that way.
    let (mut negations, mut critics, mut informal) = (0u32, 0u32, st.exclaims > 0);
    let mut conditional = false;
    let mut neg_words = 0u32;
    // The last token seen so far that modifies a scored word after it.
    let mut last_modifier: Option<usize> = None;
    for i in at {
        // Most tokens have no valence and none of the flags read here.
        let Some(t) = toks.get(i).filter(|t| visits(t)) else { continue };
        let modifier_before = last_modifier;
        // Most tokens read here are scored words with none of these flags.
        if t.flags & (SCORED_FLAGS | MODIFIERS) != 0 {
            if t.flags & MODIFIERS != 0 {
                last_modifier = Some(i);
            }
            conditional |= t.flags & tf::CONDITIONAL != 0;
            negations += u32::from(t.flags & class::NEGATION != 0 && t.flags & tf::NEG_WORD == 0);
            neg_words += u32::from(t.flags & class::NEGATION != 0 && t.flags & tf::NEG_WORD != 0);
            critics += u32::from(t.flags & tf::CRITIC != 0);
            informal |= t.flags & tf::EMOJI != 0;
            // Inside a concessive clause already: its end is known (keeps the scan linear).
            if t.flags & class::CONCESSIVE != 0 && concessive_until.is_none_or(|e| i >= e) {
                let end = toks.get(i..).and_then(|r| r.iter().position(|t| t.flags & tf::BOUNDARY != 0));
                concessive_until = Some(end.map_or(toks.len(), |e| i + e));
            }
            if t.flags & (tf::BOUNDARY | class::CONTRAST) != 0 {
                modal = false;
            }
            modal |= t.flags & tf::MODAL != 0;
        }
        if t.val == 0.0 {
            continue;
        }
        let mut v = t.val;
        if modal {
            v *= w.modal;
        }
        if t.flags & class::NEWS != 0 {
            v *= w.news;
        }
        if t.flags & class::PATTERN != 0 {
            v *= w.pattern;
        }
        if t.flags & class::EXPANDED != 0 {
            v *= w.expanded;
        }
        if t.flags & tf::MORPH != 0 {
            v *= w.morph;
        }
        if t.flags & tf::PROPER != 0 {
            v *= w.proper;
        }
        if t.flags & tf::EMOJI != 0 {
            v *= w.emoji;
        }
        let sign = v.signum();
        if t.flags & tf::CAPS != 0 && mixed_caps {
            v += sign * w.caps;
        }
        // Look back up to three words, within the clause.
        let (mut scalar, mut negated, mut less, mut excess, mut reversed) = (0.0f32, false, false, false, false);
        let mut protect = false;
        let mut d = 0;
        let mut j = i;
        // Only a modifier within three tokens can act (none: the look-back finds nothing).
        let reach = if t.flags & tf::EMOJI != 0 || modifier_before.is_none_or(|m| m + 3 < i) { 0 } else { 3 };
        while d < reach && j > 0 {
            j -= 1;
            let Some(p) = toks.get(j) else { break };
            if p.flags & (tf::BOUNDARY | class::CONTRAST | tf::EMOJI) != 0 {
                break;
            }
            // Most words before a scored one modify nothing.
            if p.flags & MODIFIERS == 0 {
                d += 1;
                continue;
            }
            let decay = DISTANCE_DECAY.get(d).copied().unwrap_or(0.9);
            let emph = if p.flags & tf::CAPS != 0 && mixed_caps { 1.5 } else { 1.0 };
            if p.flags & class::BOOSTER != 0 {
                scalar += w.booster * decay * emph;
            }
            if p.flags & class::HEDGE != 0 {
                scalar -= w.hedge * decay;
            }
            if p.flags & class::NEGATION != 0 {
                negated = !negated;
            }
            if p.flags & class::LESS != 0 && d < 3 {
                less = true;
            }
            excess |= d == 0 && p.flags & tf::EXCESS != 0;
            if p.flags & tf::REVERSE != 0 && !reversed {
                reversed = true;
                protect = p.flags & tf::PROTECT != 0;
            }
            d += 1;
        }
        if scalar != 0.0 {
            v += sign * scalar;
            if v.signum() != sign {
                v = 0.0;
            }
        }
        if excess && v > 0.0 {
            v *= -w.excess;
        }
        if negated {
            v *= w.negation;
        }
        if less {
            v *= w.less;
        } else if reversed && !(protect && v > 0.0) {
            v *= w.reverse;
        }
        match contrast_at {
            Some(c) if i < c => v *= w.contrast_before,
            Some(_) => v *= w.contrast_after,
            None => {}
        }
        if concessive_until.is_some_and(|e| i < e) {
            v *= w.concessive;
        }
        // A question asserts nothing: praise inside one is mostly rhetorical (`who says it is
        // harmless fun?`), blame is weakened less.
        if rhetorical {
            v *= if v > 0.0 { w.question_pos } else { w.question_neg };
        }
        let v = if v > 0.0 { v * w.pos } else { v * w.neg };
        if v > 0.0 {
            pos += v;
        } else {
            neg += v;
        }
        if v.abs() > peak.abs() {
            peak = v;
        }
        hits += 1;
    }
    let mut sum = pos + neg + w.peak * peak;
    if w.word_norm != 0.0 {
        sum *= norms.and_then(|n| n.words.get(st.words as usize)).copied().unwrap_or_else(|| word_factor(st.words, w));
    }
    if w.hit_norm != 0.0 && hits > 1 {
        sum *= norms.and_then(|n| n.hits.get(hits as usize)).copied().unwrap_or_else(|| hit_factor(hits, w));
    }
    if !informal {
        sum += w.negation_tone * negations.min(3) as f32
            + w.neg_word_tone * neg_words.min(3) as f32
            + w.critic_tone * critics.min(3) as f32
            + if st.questions > 0 { w.question_tone } else { 0.0 }
            + if conditional { w.conditional_tone } else { 0.0 };
    }
    if sum != 0.0 {
        let ex = (st.exclaims.min(4) + u32::from(st.exclamative && st.exclaims == 0)) as f32 * w.exclaim;
        let qm = if st.questions > 1 { (st.questions as f32 * w.question).min(0.96) } else { 0.0 };
        sum += sum.signum() * (ex + qm);
    }
    if sum.is_finite() { sum } else { 0.0 }
}
