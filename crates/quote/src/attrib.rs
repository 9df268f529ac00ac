//! Telling speech from phrases and attributing each quotation to its speaker, from the shape of
//! the sentence around it: `“…,” X said`, `said X`, `X, a professor at Y, said`, `according to
//! X`, `X said: “…”`, colon-introduced paragraphs, pronouns resolved to the person they stand
//! for, and quotations that continue a speaker's earlier words.
//!
//! Every look-up is bounded (a sentence, a few tokens, a few sentences back), so the work per
//! quotation is constant and the whole pass is linear in the text.

use crate::lexicon::{Lexicon, is_subject_pronoun};
use crate::marks::RawQuote;
use crate::names::{EntityIndex, last_word_is, last_word_key};
use lede_core::schema::{EntityType, Quote, QuoteKind, QuoteOutput, Speaker};
use lede_core::{Segmentation, Span, Token, TokenKind};

/// How many earlier quotations or descriptions a look-back considers, so that the work per
/// quotation stays bounded whatever the input.
const LOOKBACK: usize = 32;

/// Tunables of the attribution pass.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Settings {
    /// A quotation of more words than this is speech even without attribution.
    pub phrase_max_words: usize,
}

/// What kind of mention a speaker noun phrase is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum NpKind {
    Pronoun,
    Name,
    Description,
    Coordinated,
}

/// A speaker noun phrase: the tokens it takes in the sentence and the mention to report.
#[derive(Clone, Copy, Debug)]
struct Np {
    /// First token of the phrase, determiners and titles included.
    first: usize,
    /// Last token of the phrase (inclusive).
    last: usize,
    /// The mention itself (no determiner, no title).
    span: Span,
    kind: NpKind,
}

/// A speaker phrase with the reporting verb that links it to a quotation.
#[derive(Clone, Copy, Debug)]
struct Attr {
    np: Np,
    cue: Option<Span>,
    /// Token of the cue (for adjacency checks).
    cue_tok: usize,
}

/// The attribution decided for one quotation.
#[derive(Clone, Debug)]
struct Resolved {
    kind: QuoteKind,
    speaker: Option<String>,
    span: Option<Span>,
    cue: Option<Span>,
    person: bool,
    /// Sentence of the attribution (or of the quotation).
    sent: usize,
    /// Sentence of the quotation's opening mark.
    qsent: usize,
    para: usize,
    /// True when a speaker phrase or a carried-over speaker was found.
    attributed: bool,
}

/// One document's analysis state.
pub(crate) struct Analysis<'a> {
    text: &'a str,
    seg: &'a Segmentation,
    lex: &'a Lexicon,
    ents: &'a EntityIndex<'a>,
    raw: &'a [RawQuote],
    settings: Settings,
    /// True when the text quotes with double marks somewhere.
    doc_has_double: bool,
    /// Token positions of every quotation, found once.
    qt: Vec<QTok>,
    /// Transcript speaker labels (`PENCE:`) that open quotations.
    labels: Vec<Option<Span>>,
    /// The lower-cased copies of tokens with capital letters, freed with the analysis (no
    /// allocation and release of its own for each).
    lowered: bumpalo::Bump,
}

/// Token indices of one quotation: its opening mark, closing mark, and first and one-past-last
/// token of its words; and the sentences of its marks.
#[derive(Clone, Copy, Debug, Default)]
struct QTok {
    open: usize,
    close: Option<usize>,
    start: usize,
    end: usize,
    /// [`Analysis::sentence_of`] the opening mark, found once: the rules ask it of every
    /// quotation several times, and each search mispredicted about once.
    open_sent: usize,
    /// [`Analysis::sentence_of`] the closing mark.
    close_sent: Option<usize>,
}

/// `tokens.partition_point(pred)` for a predicate true on a prefix, when the answer is likely
/// within a few tokens from `from`: those are tried first, then the usual search. The same
/// answer whatever `from` is.
fn partition_near(tokens: &[Token], from: usize, pred: impl Fn(&Token) -> bool) -> usize {
    const NEAR: usize = 4;
    if from == 0 || tokens.get(from - 1).is_some_and(&pred) {
        for (k, t) in tokens.iter().enumerate().skip(from).take(NEAR) {
            if !pred(t) {
                return k;
            }
        }
    }
    tokens.partition_point(pred)
}

/// The eight bytes of `b` from `i` as a little-endian `u64`; `None` near the end of the text.
#[inline]
fn load8(b: &[u8], i: usize) -> Option<u64> {
    b.get(i..i.wrapping_add(8)).and_then(|w| <[u8; 8]>::try_from(w).ok()).map(u64::from_le_bytes)
}

/// True when none of the first `len` (at most eight) bytes of `x` (little-endian) is an ASCII
/// capital or a non-ASCII byte.
#[inline]
fn no_capital_or_non_ascii(x: u64, len: usize) -> bool {
    const L: u64 = 0x0101_0101_0101_0101;
    const H: u64 = L * 0x80;
    let keep = if len >= 8 { u64::MAX } else { (1u64 << (8 * len)) - 1 };
    let x = x & keep;
    let y = x & !H;
    // Bit 7 of each lane: the low seven bits are at least `A`, and not above `Z`.
    let capital = y.wrapping_add(L * (0x80 - u64::from(b'A'))) & !y.wrapping_add(L * (0x80 - u64::from(b'Z') - 1)) & H;
    (capital | (x & H)) == 0
}

#[inline]
fn is_mark_text(s: &str) -> bool {
    matches!(s, "“" | "”" | "\"" | "''" | "‘" | "’" | "'" | "„" | "«" | "»")
}

/// False when a token with these bytes is certainly no quotation mark ([`is_mark_text`]): every
/// mark starts with `"`, `'` or the lead byte `0xE2` or `0xC2`.
#[inline]
fn may_be_mark(bytes: &[u8]) -> bool {
    matches!(bytes.first(), Some(b'"' | b'\'' | 0xE2 | 0xC2))
}

#[inline]
fn is_dash(s: &str) -> bool {
    matches!(s, "—" | "–" | "-" | "--" | "―" | "---")
}

#[inline]
fn is_connector_prep(w: &str) -> bool {
    matches!(w, "of" | "on" | "for" | "at" | "from" | "with" | "in")
}

#[inline]
fn is_connector(w: &str) -> bool {
    matches!(w, "of" | "for" | "de" | "da" | "del" | "van" | "von" | "der" | "al" | "bin" | "la" | "le" | "du")
}

impl<'a> Analysis<'a> {
    /// Prepares the analysis of one document.
    pub(crate) fn new(
        text: &'a str,
        seg: &'a Segmentation,
        lex: &'a Lexicon,
        ents: &'a EntityIndex<'a>,
        raw: &'a [RawQuote],
        settings: Settings,
    ) -> Analysis<'a> {
        let doc_has_double = raw.iter().any(|q| !q.single);
        let toks = &seg.tokens;
        // `Segmentation::token_index_at` of `off`, looked for first in the few tokens from `from`:
        // the words start right after the opening mark, and the closing mark right after them.
        let at = |from: usize, off: usize| {
            let off = u32::try_from(off).unwrap_or(u32::MAX);
            partition_near(toks, from, |t| t.span.end <= off)
        };
        let qt = raw
            .iter()
            .map(|q| {
                let open = seg.token_index_at(u32::try_from(q.open).unwrap_or(u32::MAX));
                let start = at(open, q.start);
                let end = toks.partition_point(|t| (t.span.start as usize) < q.end);
                let sentence_of =
                    |off: usize| seg.sentence_index_at(u32::try_from(off).unwrap_or(u32::MAX)).unwrap_or(0);
                QTok {
                    open,
                    close: q.close.map(|c| at(end, c)),
                    start,
                    end,
                    open_sent: sentence_of(q.open),
                    close_sent: q.close.map(sentence_of),
                }
            })
            .collect();
        Analysis {
            text,
            seg,
            lex,
            ents,
            raw,
            settings,
            doc_has_double,
            qt,
            labels: Vec::new(),
            lowered: bumpalo::Bump::new(),
        }
    }

    /// Sets the transcript labels found before the quotations' words.
    pub(crate) fn with_labels(mut self, labels: Vec<Option<Span>>) -> Analysis<'a> {
        self.labels = labels;
        self
    }

    // -----------------------------------------------------------------------------------------
    // Token helpers

    #[inline]
    fn tok(&self, i: usize) -> Option<&Token> {
        self.seg.tokens.get(i)
    }

    #[inline]
    fn ts(&self, i: usize) -> &'a str {
        self.seg.tokens.get(i).map_or("", |t| t.span.slice(self.text))
    }

    /// The bytes of token `i` (empty past the end): for tests of its length or first byte,
    /// without slicing the text at char boundaries as [`Analysis::ts`] does.
    #[inline]
    fn tb(&self, i: usize) -> &'a [u8] {
        self.seg
            .tokens
            .get(i)
            .and_then(|t| self.text.as_bytes().get(t.span.start as usize..t.span.end as usize))
            .unwrap_or(b"")
    }

    /// Token `i` in lower case: the text itself when it is lower case already, else a copy.
    #[inline]
    fn low(&self, i: usize) -> &str {
        let s = self.ts(i);
        let lower = match self.tok(i).and_then(|t| load8(self.text.as_bytes(), t.span.start as usize)) {
            // A token of up to eight bytes (nearly all) is tested in one load, not by a loop
            // whose exit mispredicts with the word length.
            Some(x) if s.len() <= 8 => no_capital_or_non_ascii(x, s.len()),
            _ => !s.bytes().any(|b| b.is_ascii_uppercase() || b >= 0x80),
        };
        if lower {
            return s;
        }
        if s.is_ascii() {
            let copy = self.lowered.alloc_str(s);
            copy.make_ascii_lowercase();
            return copy;
        }
        self.lowered.alloc_str(&s.to_lowercase())
    }

    #[inline]
    fn is_word(&self, i: usize) -> bool {
        self.tok(i).is_some_and(|t| matches!(t.kind, TokenKind::Word | TokenKind::Abbreviation))
    }

    #[inline]
    fn is_cap(&self, i: usize) -> bool {
        // An ASCII first letter is decided from its byte.
        self.is_word(i)
            && match self.tb(i).first() {
                Some(c) if c.is_ascii() => c.is_ascii_uppercase(),
                Some(_) => self.ts(i).chars().next().is_some_and(char::is_uppercase),
                None => false,
            }
    }

    #[inline]
    fn is_lower_word(&self, i: usize) -> bool {
        self.is_word(i)
            && match self.tb(i).first() {
                Some(c) if c.is_ascii() => c.is_ascii_lowercase(),
                Some(_) => self.ts(i).chars().next().is_some_and(char::is_lowercase),
                None => false,
            }
    }

    #[inline]
    fn is_possessive(&self, i: usize) -> bool {
        matches!(self.ts(i), "’s" | "'s")
    }

    /// True when token `i` is a reporting verb used as a cue. The scans for a cue call this on
    /// every token they pass: the byte tests that reject nearly all of them are inlined there,
    /// the rest is [`Analysis::is_cue_word`].
    #[inline(always)]
    fn is_cue(&self, i: usize) -> bool {
        // Reporting verbs are written in lower case (a capitalized one opens a sentence, where it
        // is rarely a cue).
        // (`is_lower_word` with the token sliced once.)
        let Some(t) = self.tok(i).filter(|t| matches!(t.kind, TokenKind::Word | TokenKind::Abbreviation)) else {
            return false;
        };
        // Bytes first: most tokens are rejected by their first byte or the verb filter without
        // slicing the text at char boundaries.
        let bytes = self.text.as_bytes().get(t.span.start as usize..t.span.end as usize).unwrap_or(b"");
        match bytes.first() {
            Some(c) if c.is_ascii() && !c.is_ascii_lowercase() => false,
            Some(_) => self.lex.may_be_verb(bytes) && self.is_cue_word(i, *t),
            None => false,
        }
    }

    /// The rest of [`Analysis::is_cue`], for a word `t` (token `i`) that passed its byte tests.
    #[inline(never)]
    fn is_cue_word(&self, i: usize, t: Token) -> bool {
        let w = t.span.slice(self.text);
        if !w.chars().next().is_some_and(char::is_lowercase) {
            return false;
        }
        self.lex.is_verb(w) && (w != "put" || self.ts(i + 1) == "it") && !self.inside_quote_tok(i)
    }

    fn inside_quote_tok(&self, i: usize) -> bool {
        self.tok(i).is_some_and(|t| self.inside_quote(t.span.start, t.span.end))
    }

    /// True when the subject agrees with the cue's form (`officials say`, not `a tweet say`).
    fn agrees(&self, np: &Np, cue: usize) -> bool {
        if self.lex.form(self.low(cue)) != crate::lexicon::Form::Base {
            return true;
        }
        match np.kind {
            NpKind::Coordinated => true,
            NpKind::Pronoun => matches!(self.low(np.first), "i" | "we" | "they" | "you" | "who"),
            NpKind::Name | NpKind::Description => {
                let head = self.low(np.last);
                self.lex.is_plural(head)
            }
        }
    }

    fn tok_span(&self, first: usize, last: usize) -> Span {
        let s = self.tok(first).map_or(0, |t| t.span.start);
        let e = self.tok(last).map_or(s, |t| t.span.end);
        Span::new(s, e)
    }

    /// Index of the token starting at or containing byte `off`.
    fn tok_index_of(&self, off: u32) -> usize {
        self.seg.token_index_at(off)
    }

    fn sentence_of(&self, off: usize) -> usize {
        self.seg.sentence_index_at(u32::try_from(off).unwrap_or(u32::MAX)).unwrap_or(0)
    }

    fn para_of_sentence(&self, s: usize) -> usize {
        self.seg.sentences.get(s).and_then(|x| self.seg.paragraph_index_at(x.span.start)).unwrap_or(0)
    }

    /// True when byte range `[s, e)` lies inside a quotation.
    fn inside_quote(&self, s: u32, e: u32) -> bool {
        let n = self.raw.partition_point(|q| q.start as u32 <= s);
        n.checked_sub(1).and_then(|k| self.raw.get(k)).is_some_and(|q| e as usize <= q.end)
    }

    // -----------------------------------------------------------------------------------------
    // Noun phrases

    /// Is token `p` part of a speaker noun phrase scanned backward, given the token `k` after it?
    /// True for an acronym in capitals (`US`, `NATO`), which is never a function word.
    fn is_acronym(&self, i: usize) -> bool {
        let t = self.ts(i);
        t.len() >= 2 && self.is_word(i) && t.chars().all(|c| c.is_uppercase() || c == '.')
    }

    fn np_word(&self, p: usize, k: usize, lo: usize) -> bool {
        let w = self.low(p);
        if self.is_acronym(p) {
            true
        } else if self.is_cap(p) {
            !self.lex.is_stop(w) && !self.lex.is_determiner(w) && !is_subject_pronoun(w)
        } else if self.is_lower_word(p) {
            if is_connector(w) {
                return p > lo && self.is_cap(p - 1) && self.is_cap(k);
            }
            !self.lex.is_stop(w) && !self.lex.is_determiner(w) && !self.lex.is_verb(w) && !is_subject_pronoun(w)
        } else {
            self.is_possessive(p) && p > lo && self.is_cap(p - 1)
        }
    }

    /// The speaker mention inside the phrase tokens `[k, e]`: an entity mention or capitalized
    /// name ending at `e`, or a description.
    fn mention_in(&self, k: usize, e: usize) -> (Span, NpKind) {
        if self.is_cap(e) {
            if let Some(t) = self.tok(e) {
                if let Some((m, _)) = self.ents.at(t.span.start, t.span.end) {
                    let lo = self.tok(k).map_or(m.start, |t| t.span.start);
                    return (Span::new(m.start.max(lo), m.end.min(t.span.end.max(m.end))), NpKind::Name);
                }
            }
            let mut s = e;
            while s > k {
                let p = s - 1;
                if self.is_cap(p) || (is_connector(self.low(p)) && p > k && self.is_cap(p - 1)) {
                    s = p;
                } else {
                    break;
                }
            }
            while s < e && self.is_title(s) {
                s += 1;
            }
            (self.tok_span(s, e), NpKind::Name)
        } else {
            (self.tok_span(k, e), NpKind::Description)
        }
    }

    fn is_title(&self, i: usize) -> bool {
        let w = self.low(i);
        self.lex.is_title(w) || self.lex.is_title(w.trim_end_matches('.'))
    }

    /// The speaker phrase ending at token `e` (scanning back, not before `lo`).
    fn np_before(&self, e: usize, lo: usize, depth: u8) -> Option<Np> {
        let mut e = e;
        let mut skipped = 0;
        while e > lo && skipped < 3 && self.is_lower_word(e) && self.lex.is_between(self.low(e)) {
            e -= 1;
            skipped += 1;
        }
        if e < lo {
            return None;
        }
        // `Sen. Rand Paul (R-Ky.) said`: skip a short parenthesis.
        if self.ts(e) == ")" {
            let mut j = e;
            while j > lo && e - j < 10 {
                j -= 1;
                if self.ts(j) == "(" {
                    return if j > lo { self.np_before(j - 1, lo, depth) } else { None };
                }
            }
            return None;
        }
        if self.ts(e) == "," {
            return if depth == 0 { self.appositive(e, lo) } else { None };
        }
        if !self.is_word(e) {
            return None;
        }
        let w = self.low(e);
        if is_subject_pronoun(w) {
            if w == "who" && e >= lo + 2 && self.ts(e - 1) == "," && depth < 2 {
                if let Some(np) = self.np_before(e - 2, lo, depth + 1) {
                    return Some(Np { last: e, ..np });
                }
            }
            let span = self.tok(e)?.span;
            return Some(Np { first: e, last: e, span, kind: NpKind::Pronoun });
        }
        // A reporting-verb form can still head a noun phrase after a determiner (`the report`).
        let noun_use = e > lo && (self.lex.is_determiner(self.low(e - 1)) || self.is_possessive(e - 1));
        if self.lex.is_stop(w)
            || self.lex.is_determiner(w)
            || (self.is_lower_word(e) && self.lex.is_verb(w) && !noun_use)
        {
            return None;
        }
        let mut k = e;
        while k > lo && e - k < 8 && self.np_word(k - 1, k, lo) {
            k -= 1;
        }
        let first = if k > lo && self.lex.is_determiner(self.low(k - 1)) { k - 1 } else { k };
        let (span, kind) = self.mention_in(k, e);
        let np = Np { first, last: e, span, kind };
        // `X and Y said`: a joint source.
        if depth < 2 && first >= lo + 2 && self.low(first - 1) == "and" {
            if let Some(o) = self.np_before(first - 2, lo, 2) {
                if matches!(o.kind, NpKind::Name | NpKind::Pronoun) && matches!(kind, NpKind::Name | NpKind::Pronoun) {
                    return Some(Np { first: o.first, last: e, span: o.span.cover(span), kind: NpKind::Coordinated });
                }
            }
        }
        Some(np)
    }

    /// `X, a professor at Y, said`: the phrase before the appositive that ends at comma `c`.
    fn appositive(&self, c: usize, lo: usize) -> Option<Np> {
        let mut j = c;
        let mut n = 0;
        while j > lo && n < 25 {
            j -= 1;
            n += 1;
            let t = self.ts(j);
            if t == "," {
                let outer = if j > lo { self.np_before(j - 1, lo, 1) } else { None };
                // `the mayor, Jonas Weber, said`: prefer the name in apposition.
                if outer.is_none_or(|o| o.kind == NpKind::Description) {
                    if let Some(name) = self.np_after(j + 1, c, 1) {
                        if name.kind == NpKind::Name && name.last + 1 == c {
                            return Some(Np { first: outer.map_or(name.first, |o| o.first), ..name });
                        }
                    }
                }
                return outer;
            }
            if matches!(t, "." | "!" | "?" | ";" | ":") {
                return None;
            }
        }
        None
    }

    /// The speaker phrase starting at token `b` (scanning forward, before `hi`).
    fn np_after(&self, b: usize, hi: usize, depth: u8) -> Option<Np> {
        if b >= hi || !self.is_word(b) {
            return None;
        }
        let w = self.low(b);
        if is_subject_pronoun(w) && w != "who" {
            let span = self.tok(b)?.span;
            return Some(Np { first: b, last: b, span, kind: NpKind::Pronoun });
        }
        let mut k = b;
        if self.lex.is_determiner(w) || matches!(w, "his" | "her" | "its" | "their" | "our" | "my" | "your") {
            k += 1;
        }
        let mut e = k;
        // An entity mention starting here bounds the phrase (`Cameron Easley for Morning Consult`).
        let mention_end = self.tok(k).and_then(|t| self.ents.at(t.span.start, t.span.end)).and_then(|(m, _)| {
            let start_here = self.tok(k).is_some_and(|t| t.span.start == m.start);
            let end = self.seg.tokens.partition_point(|t| t.span.start < m.end);
            // `China’s International Ministry`: a possessive continues the phrase.
            (start_here && !self.is_possessive(end)).then_some(end)
        });
        let stop = mention_end.map_or(hi, |m| m.min(hi));
        while e < stop && e - k < 8 {
            let ok = if self.is_acronym(e) {
                true
            } else if self.is_cap(e) {
                let we = self.low(e);
                !self.lex.is_stop(we) && !self.lex.is_determiner(we)
            } else if self.is_lower_word(e) {
                let we = self.low(e);
                if is_connector(we) {
                    e > k && self.is_cap(e - 1) && self.is_cap(e + 1)
                } else {
                    // After a name, a lower-case word is the verb (`Putin hailed`).
                    let after_name = e > k && self.is_cap(e - 1);
                    // `groups granted`: a past form after a noun is the verb.
                    let past_after_noun = e > k && self.is_lower_word(e - 1) && we.ends_with("ed");
                    !(after_name
                        || past_after_noun
                        || self.lex.is_stop(we)
                        || self.lex.is_determiner(we)
                        || self.lex.is_verb(we))
                }
            } else {
                self.is_possessive(e) && e > k && self.is_cap(e - 1)
            };
            if !ok {
                break;
            }
            e += 1;
        }
        if e == k {
            return None;
        }
        let last = e - 1;
        let (span, kind) = self.mention_in(k, last);
        let np = Np { first: b, last, span, kind };
        if kind == NpKind::Description && depth == 0 && self.lex.is_document(self.low(last)) {
            // `the statement issued by the ministry`: the named source speaks.
            let mut j = e;
            while j < hi && j < e + 12 {
                if matches!(self.low(j), "by" | "from" | "for") {
                    if let Some(src) = self.np_after(j + 1, hi, 1) {
                        if src.kind == NpKind::Name {
                            return Some(Np { first: b, last: src.last, span: src.span, kind: NpKind::Name });
                        }
                    }
                }
                if may_be_mark(self.tb(j)) && is_mark_text(self.ts(j)) {
                    break;
                }
                j += 1;
            }
        }
        Some(np)
    }

    // -----------------------------------------------------------------------------------------
    // Attribution patterns

    /// `according to X` at token `v`, when there.
    fn according_to(&self, v: usize, hi: usize) -> Option<Attr> {
        if matches!(self.ts(v), "according" | "According") && self.ts(v + 1) == "to" {
            let np = self.np_after(v + 2, hi, 0)?;
            return Some(Attr { np, cue: Some(self.tok_span(v, v + 1)), cue_tok: v });
        }
        None
    }

    /// Token bounds of the text after the closing mark, up to the sentence end or the next
    /// quotation. When the quotation ends its sentence, the next sentence of the paragraph is
    /// taken instead (`“Why?” Obama asked.` is split after the question mark); the flag says so.
    fn after_region(&self, qi: usize) -> Option<(usize, usize, bool)> {
        let q = self.raw.get(qi)?;
        let t = self.qt.get(qi)?;
        let (ct, si) = (t.close?, t.close_sent?);
        let sent = self.seg.sentences.get(si)?;
        let next_open = self.qt.get(qi + 1).map(|n| n.open);
        let mut hi = sent.tokens.end as usize;
        let mut extended = false;
        let mut a = ct + 1;
        while a < hi && (self.ts(a) == "," || is_dash(self.ts(a))) {
            a += 1;
        }
        if a >= hi {
            let para = self.seg.paragraphs.get(q.para)?;
            if si + 1 < para.sentences.end as usize {
                let next = self.seg.sentences.get(si + 1)?;
                a = next.tokens.start as usize;
                hi = next.tokens.end as usize;
                extended = true;
            }
        }
        if let Some(n) = next_open {
            hi = hi.min(n);
        }
        (a < hi).then_some((a, hi, extended))
    }

    /// Token bounds of the text before the opening mark, from the sentence start or the previous
    /// quotation.
    fn before_region(&self, qi: usize) -> Option<(usize, usize)> {
        let QTok { open: ot, open_sent: si, .. } = *self.qt.get(qi)?;
        let sent = self.seg.sentences.get(si)?;
        let mut lo = sent.tokens.start as usize;
        if let Some(p) = qi.checked_sub(1).and_then(|k| self.qt.get(k)) {
            lo = lo.max(p.close.map_or(p.end, |c| c + 1));
        }
        (lo < ot).then_some((lo, ot))
    }

    /// The subject at the start of token range `[lo, hi)`, after an introductory phrase
    /// (`In December, the prince called …`, `Asked about it, Mr. Smith shot back`).
    fn sentence_subject(&self, lo: usize, hi: usize) -> Option<Np> {
        if let Some(np) = self.np_after(lo, hi, 0) {
            if self.ts(np.last + 1) != "," || np.kind != NpKind::Description {
                return Some(np);
            }
            // `The mayor, Jonas Weber, read …`: the name in apposition.
            if let Some(name) = self.np_after(np.last + 2, hi, 0) {
                if name.kind == NpKind::Name && self.ts(name.last + 1) == "," {
                    return Some(Np { first: np.first, ..name });
                }
            }
        }
        let c = (lo..hi.min(lo + 20)).find(|&i| self.ts(i) == ",")?;
        self.np_after(c + 1, hi, 0)
    }

    /// A subject for cue `v` in `[lo, hi)`: the phrase right before it, or, for a participle or a
    /// verb after `and` (`…, saying`, `and called him`), the subject of the clause.
    fn subject_for(&self, v: usize, lo: usize) -> Option<Np> {
        let w = self.low(v);
        let participle = self.lex.form(w) == crate::lexicon::Form::Participle;
        let prev = if v > lo { self.low(v - 1) } else { "" };
        // A participle takes the subject of its clause (`issued a statement Tuesday saying`),
        // unless an auxiliary shows its own subject (`he was saying`).
        let aux = matches!(prev, "was" | "were" | "is" | "are" | "been" | "be" | "am" | "kept" | "keeps");
        if v > lo && (!participle || aux) {
            if let Some(np) = self.np_before(v - 1, lo, 0) {
                if self.agrees(&np, v) {
                    return Some(np);
                }
                return None;
            }
        }
        if participle || matches!(prev, "and" | "but" | "then") {
            return self.sentence_subject(lo, v).filter(|np| np.last < v);
        }
        None
    }

    /// `“…,” X said` / `“…,” said X` / `“…,” according to X` / `“…” — X`.
    fn after_attr(&self, qi: usize) -> Option<Attr> {
        if let Some(at) = self.dash_attr(qi) {
            return Some(at);
        }
        let (a, hi, extended) = self.after_region(qi)?;
        let window = if extended { 8 } else { 30 };
        for v in a..hi.min(a + window) {
            if may_be_mark(self.tb(v)) && is_mark_text(self.ts(v)) {
                break;
            }
            if v <= a + 1 {
                if let Some(at) = self.according_to(v, hi) {
                    return Some(at);
                }
            }
            if !self.is_cue(v) {
                continue;
            }
            let w = self.low(v);
            let cue = self.tok(v).map(|t| t.span);
            if v == a || (v == a + 1 && self.lex.is_between(self.low(a))) {
                if self.lex.is_addressee_verb(w) || self.lex.form(w) == crate::lexicon::Form::Participle {
                    return None;
                }
                if let Some(np) = self.np_after(v + 1, hi, 0) {
                    return Some(Attr { np, cue, cue_tok: v });
                }
                continue;
            }
            let slack = if extended { 0 } else { 1 };
            if let Some(np) = self.np_before(v - 1, a, 0) {
                // Words the phrase scan stopped at (`Fight for $15 organizing director X`) may
                // stand before the subject, but no punctuation.
                let loose = !extended
                    && np.first <= a + 6
                    && (a..np.first).all(|i| self.tok(i).is_some_and(|t| t.kind != TokenKind::Punct));
                if (np.first <= a + slack || loose) && self.agrees(&np, v) {
                    return Some(Attr { np, cue, cue_tok: v });
                }
                // `the pitch on Kickstarter says`: a phrase with a prepositional modifier.
                if np.first >= a + 2 && is_connector_prep(self.low(np.first - 1)) {
                    if let Some(outer) = self.np_before(np.first - 2, a, 1) {
                        if outer.first <= a + slack && outer.kind != NpKind::Pronoun {
                            let np = if outer.kind == NpKind::Description
                                && self.lex.is_document(self.low(outer.last))
                                && np.kind == NpKind::Name
                            {
                                Np { first: outer.first, ..np }
                            } else {
                                Np { last: np.last, ..outer }
                            };
                            return Some(Attr { np, cue, cue_tok: v });
                        }
                    }
                }
            }
            // `“…,” Katie Packer, who chairs the group said`: a subject at the start followed
            // by an unclosed appositive.
            if !extended {
                if let Some(np) = self.np_after(a, v, 0) {
                    if np.kind != NpKind::Description && self.ts(np.last + 1) == "," {
                        return Some(Attr { np, cue, cue_tok: v });
                    }
                }
            }
            if extended {
                return None;
            }
        }
        None
    }

    /// A reporting clause closing the sentence the quotation opens (`“…” is crucial, a
    /// spokesman said`).
    fn trailing_attr(&self, qi: usize) -> Option<Attr> {
        let (a, hi, extended) = self.after_region(qi)?;
        if extended {
            return None;
        }
        self.attr_in_range(a, hi)
    }

    /// `“…” — Clinton` / `“…” ― Carlos Raúl`.
    fn dash_attr(&self, qi: usize) -> Option<Attr> {
        let q = self.raw.get(qi)?;
        let ct = self.qt.get(qi)?.close?;
        let d = ct + 1;
        if !is_dash(self.ts(d)) {
            return None;
        }
        let para_end = self
            .seg
            .paragraphs
            .get(q.para)
            .and_then(|p| p.sentences.end.checked_sub(1))
            .and_then(|s| self.seg.sentences.get(s as usize))
            .map_or(0, |s| s.tokens.end as usize);
        let hi = para_end.min(d + 10);
        if let (Some(n), Some(nt)) = (self.raw.get(qi + 1), self.qt.get(qi + 1)) {
            if n.para == q.para && nt.open < hi {
                return self.np_after(d + 1, nt.open, 0).filter(|np| np.kind == NpKind::Name).map(|np| Attr {
                    np,
                    cue: None,
                    cue_tok: d + 1,
                });
            }
        }
        let np = self.np_after(d + 1, hi, 0).filter(|np| np.kind == NpKind::Name)?;
        Some(Attr { np, cue: None, cue_tok: d + 1 })
    }

    /// `“…”` closing a paragraph, and the next paragraph is `- Clinton.`
    fn dash_paragraph(&self, q: &RawQuote) -> Option<Attr> {
        let para = self.seg.paragraphs.get(q.para + 1)?;
        let sent = self.seg.sentences.get(para.sentences.start as usize)?;
        let (lo, hi) = (sent.tokens.start as usize, sent.tokens.end as usize);
        if !is_dash(self.ts(lo)) || hi - lo > 12 {
            return None;
        }
        let np = self.np_after(lo + 1, hi, 0).filter(|np| np.kind == NpKind::Name)?;
        Some(Attr { np, cue: None, cue_tok: lo + 1 })
    }

    /// A reporting clause inside token range `[lo, hi)`, nearest `hi` first.
    fn attr_in_range(&self, lo: usize, hi: usize) -> Option<Attr> {
        let mut v = hi;
        let floor = lo.max(hi.saturating_sub(60));
        while v > floor {
            v -= 1;
            // (A length test first: `according_to` is a call, and almost no token is "according".)
            if self.tb(v).len() == "according".len() {
                if let Some(at) = self.according_to(v, hi) {
                    return Some(at);
                }
            }
            if !self.is_cue(v) {
                continue;
            }
            let cue = self.tok(v).map(|t| t.span);
            if let Some(np) = self.subject_for(v, lo) {
                return Some(Attr { np, cue, cue_tok: v });
            }
            let w = self.low(v);
            let clause_start = v == lo || matches!(self.ts(v - 1), "," | ":" | ";" | "—" | "(");
            if clause_start && !self.lex.is_addressee_verb(w) && self.lex.form(w) != crate::lexicon::Form::Participle {
                if let Some(np) = self.np_after(v + 1, hi, 0) {
                    return Some(Attr { np, cue, cue_tok: v });
                }
            }
        }
        None
    }

    /// `X said: “…”`, `X said the plan was “…”`, `X shot back: “…”`.
    fn before_attr(&self, qi: usize) -> Option<Attr> {
        let (lo, hi) = self.before_region(qi)?;
        if let Some(at) = self.attr_in_range(lo, hi) {
            return Some(at);
        }
        if self.ts(hi - 1) == ":" {
            return self.colon_attr(lo, hi - 1);
        }
        None
    }

    /// A clause ending in a colon with no known reporting verb: its subject, and the verb after
    /// it as the cue.
    fn colon_attr(&self, lo: usize, colon: usize) -> Option<Attr> {
        let np = self.sentence_subject(lo, colon)?;
        if np.kind == NpKind::Description && np.last + 1 >= colon {
            return None;
        }
        let v = np.last + 1;
        let cue = (v < colon && self.is_lower_word(v)).then(|| self.tok(v).map(|t| t.span)).flatten();
        Some(Attr { np, cue, cue_tok: v })
    }

    /// `“…,” he opined.`: a subject and an unknown verb right after the quotation.
    fn after_shape(&self, qi: usize) -> Option<Attr> {
        let (a, hi, extended) = self.after_region(qi)?;
        if extended {
            return None;
        }
        let ends_clause =
            |k: usize| k >= hi || !self.is_word(k) || matches!(self.low(k), "as" | "that" | "to" | "of" | "in");
        if let Some(np) = self.np_after(a, hi, 0) {
            // A description counts with its determiner (`some protesters chanted`).
            let described = np.kind == NpKind::Description && np.first < self.tok_index_of(np.span.start);
            if matches!(np.kind, NpKind::Pronoun | NpKind::Name) || described {
                let v = np.last + 1;
                if v < hi && self.is_lower_word(v) && !self.lex.is_stop(self.low(v)) && ends_clause(v + 1) {
                    return Some(Attr { np, cue: self.tok(v).map(|t| t.span), cue_tok: v });
                }
            }
        }
        // `“…,” opined Smith.`
        if self.is_lower_word(a) && !self.lex.is_stop(self.low(a)) && !self.lex.is_determiner(self.low(a)) {
            if let Some(np) = self.np_after(a + 1, hi, 0) {
                if np.kind == NpKind::Name && (np.last + 1 >= hi || !self.is_word(np.last + 1)) {
                    return Some(Attr { np, cue: self.tok(a).map(|t| t.span), cue_tok: a });
                }
            }
        }
        None
    }

    /// `In a news conference, he branded Russia’s actions “…”`: the nearest pronoun or name
    /// followed by an unknown verb before the quotation.
    fn before_shape(&self, qi: usize) -> Option<Attr> {
        let (lo, hi) = self.before_region(qi)?;
        let mut t = hi;
        while t > lo {
            t -= 1;
            let v = t + 1;
            if v >= hi || !self.is_lower_word(v) {
                continue;
            }
            let wv = self.low(v);
            if self.lex.is_stop(wv) || self.lex.is_determiner(wv) {
                continue;
            }
            let w = self.low(t);
            let np = if is_subject_pronoun(w) && w != "who" {
                self.tok(t).map(|tk| Np { first: t, last: t, span: tk.span, kind: NpKind::Pronoun })
            } else if self.is_cap(t) && t > lo {
                self.np_before(t, lo, 1).filter(|np| np.kind == NpKind::Name)
            } else {
                None
            };
            if let Some(np) = np {
                let mut cue = self.tok(v).map(|tk| tk.span);
                if self.low(v + 1) == "as" && v + 1 < hi {
                    cue = Some(self.tok_span(v, v + 1));
                }
                return Some(Attr { np, cue, cue_tok: v });
            }
        }
        None
    }

    // -----------------------------------------------------------------------------------------
    // Speaker names

    /// Canonical name and person-ness of a name mention.
    fn name_of(&self, span: Span) -> (String, bool) {
        let text = span.slice(self.text);
        // The mention's last token decides the entity.
        let last_tok = self.seg.tokens.partition_point(|t| t.span.end <= span.end.saturating_sub(1));
        let head = self.tok(last_tok).map_or(span, |t| t.span);
        if let Some((_, id)) = self.ents.at(head.start, head.end) {
            if let Some(e) = self.ents.info(id) {
                return (e.name.to_string(), e.typ == EntityType::Person);
            }
        }
        if let Some(e) = self.ents.by_last_word(text).and_then(|id| self.ents.info(id)) {
            return (e.name.to_string(), e.typ == EntityType::Person);
        }
        (text.to_string(), text.split_whitespace().count() >= 2)
    }

    /// The first person mentioned in byte range `[s, e)` outside quotations.
    fn first_person(&self, s: u32, e: u32) -> Option<(Span, String)> {
        for (m, id) in self.ents.persons_in(s, e) {
            if m.end > e || self.inside_quote(m.start, m.end) {
                continue;
            }
            return self.ents.info(id).map(|x| (m, x.name.to_string()));
        }
        None
    }

    /// Whom `he`/`she` at `p` (in sentence `si`) stands for: the subject or speaker of the
    /// nearest sentence that names a person, skipping sentences that start with a pronoun.
    fn resolve_person(&self, p: Span, si: usize, res: &[Resolved]) -> Option<String> {
        let sent = self.seg.sentences.get(si)?;
        if let Some((_, name)) = self.first_person(sent.span.start, p.start) {
            return Some(name);
        }
        let para = self.para_of_sentence(si);
        let mut r = res.len();
        for k in 1..=6 {
            let s = si.checked_sub(k)?;
            if para.saturating_sub(self.para_of_sentence(s)) > 2 {
                return None;
            }
            // A quotation attributed in that sentence.
            while r > 0 && res.get(r - 1).is_some_and(|x| x.sent > s) {
                r -= 1;
            }
            let mut rr = r;
            while rr > 0 {
                let Some(x) = res.get(rr - 1) else { break };
                if x.sent != s {
                    break;
                }
                if x.attributed && x.person {
                    if let Some(name) = &x.speaker {
                        return Some(name.clone());
                    }
                }
                rr -= 1;
            }
            let st = self.seg.sentences.get(s)?;
            let (lo, hi) = (st.tokens.start as usize, st.tokens.end as usize);
            // An indirect attribution: `Mr. X said that …`.
            if let Some(at) = self.attr_in_range(lo, hi) {
                match at.np.kind {
                    NpKind::Name => {
                        let (name, person) = self.name_of(at.np.span);
                        if person {
                            return Some(name);
                        }
                    }
                    NpKind::Pronoun if matches!(self.low(at.np.first), "he" | "she") => continue,
                    _ => {}
                }
            }
            if let Some((_, name)) = self.first_person(st.span.start, st.span.end) {
                return Some(name);
            }
        }
        None
    }

    /// What `it`/`they` at sentence `si` stands for: a non-person speaker or subject of the
    /// sentences just before.
    fn resolve_other(&self, si: usize, res: &[Resolved]) -> Option<String> {
        for k in 1..=3 {
            let s = si.checked_sub(k)?;
            if let Some(x) = res.iter().rev().take(6).find(|x| x.sent == s && x.attributed && !x.person) {
                if x.speaker.is_some() {
                    return x.speaker.clone();
                }
            }
            let st = self.seg.sentences.get(s)?;
            let (lo, hi) = (st.tokens.start as usize, st.tokens.end as usize);
            let mut starts = vec![lo];
            if let Some(c) = (lo..hi.min(lo + 8)).find(|&i| self.ts(i) == ",") {
                starts.push(c + 1);
            }
            for b in starts {
                if let Some(np) = self.np_after(b, hi, 0) {
                    if np.kind == NpKind::Description {
                        return Some(np.span.slice(self.text).to_string());
                    }
                    if np.kind == NpKind::Name {
                        let (name, person) = self.name_of(np.span);
                        if !person {
                            return Some(name);
                        }
                    }
                }
            }
        }
        None
    }

    /// Turns a speaker phrase into `(speaker, span, person)`.
    fn speaker_of(&self, np: Np, si: usize, res: &[Resolved], descs: &[String]) -> (Option<String>, Span, bool) {
        match np.kind {
            NpKind::Coordinated => (None, np.span, true),
            NpKind::Name => {
                let (name, person) = self.name_of(np.span);
                (Some(name), np.span, person)
            }
            NpKind::Description => {
                let d = np.span.slice(self.text);
                let key = last_word_key(d);
                // (The words of `d` are lower-cased only for an earlier description with the
                // same last word, which is rare.)
                let earlier = descs.iter().find(|e| {
                    last_word_is(e, &key) && {
                        let el = e.to_lowercase();
                        d.split_whitespace().map(str::to_lowercase).all(|w| el.split_whitespace().any(|x| x == w))
                    }
                });
                let name = earlier.cloned().unwrap_or_else(|| d.to_string());
                let person = !self.lex.is_document(&key);
                (Some(name), np.span, person)
            }
            NpKind::Pronoun => {
                let w = self.low(np.first);
                match w {
                    "he" | "she" => (self.resolve_person(np.span, si, res), np.span, true),
                    "it" | "they" => {
                        let name = self.resolve_other(si, res);
                        (name, np.span, w == "they")
                    }
                    _ => (None, np.span, true),
                }
            }
        }
    }

    // -----------------------------------------------------------------------------------------
    // Classification

    fn word_count(&self, qi: usize) -> usize {
        let Some(t) = self.qt.get(qi) else { return 0 };
        self.seg
            .tokens
            .get(t.start..t.end.max(t.start))
            .unwrap_or(&[])
            .iter()
            .filter(|t| matches!(t.kind, TokenKind::Word | TokenKind::Number | TokenKind::Abbreviation))
            .count()
    }

    /// A title or name in title case (`Fox and Friends`, `Make America Great Again`).
    fn title_case(&self, qi: usize) -> bool {
        let Some(&QTok { start: a, end: b, .. }) = self.qt.get(qi) else { return false };
        let mut caps = 0;
        let mut words = 0;
        for i in a..b {
            let t = self.ts(i);
            if matches!(t, "." | "!" | "?" | ";") {
                return false;
            }
            if !self.is_word(i) {
                continue;
            }
            words += 1;
            if self.is_cap(i) {
                caps += 1;
            } else if !matches!(
                t,
                "of" | "the" | "and" | "in" | "a" | "an" | "to" | "for" | "on" | "at" | "or" | "with" | "from" | "by"
            ) {
                return false;
            }
        }
        words >= 2 && caps * 2 > words
    }

    /// True when nothing but opening punctuation precedes the quotation in its sentence or clause
    /// (after a dash, semicolon or opening parenthesis).
    fn starts_sentence(&self, qi: usize) -> bool {
        match self.before_region(qi) {
            None => true,
            Some((_, hi)) if is_dash(self.ts(hi - 1)) || matches!(self.ts(hi - 1), ";" | "(") => true,
            Some((lo, hi)) => {
                (lo..hi).all(|i| !self.is_word(i) && self.tok(i).is_some_and(|t| t.kind != TokenKind::Number))
            }
        }
    }

    /// True when only punctuation follows the closing mark up to the sentence end.
    fn ends_sentence(&self, qi: usize) -> bool {
        let Some(t) = self.qt.get(qi) else { return false };
        let (Some(ct), Some(si)) = (t.close, t.close_sent) else { return true };
        let Some(sent) = self.seg.sentences.get(si) else { return true };
        (ct + 1..sent.tokens.end as usize)
            .all(|i| !self.is_word(i) && self.tok(i).is_some_and(|t| t.kind == TokenKind::Punct))
    }

    // -----------------------------------------------------------------------------------------
    // The pass

    /// Classifies and attributes every quotation.
    pub(crate) fn run(&self) -> QuoteOutput {
        let mut res: Vec<Resolved> = Vec::with_capacity(self.raw.len());
        let mut descs: Vec<String> = Vec::new();
        // Counted once: the speech test and the speakers' totals both need them.
        let words: Vec<usize> = (0..self.raw.len()).map(|qi| self.word_count(qi)).collect();
        for ((qi, q), &w) in self.raw.iter().enumerate().zip(&words) {
            let r = self.resolve_quote(qi, q, w, &res, &mut descs);
            res.push(r);
        }
        self.output(res, &words)
    }

    fn resolve_quote(
        &self,
        qi: usize,
        q: &RawQuote,
        words: usize,
        res: &[Resolved],
        descs: &mut Vec<String>,
    ) -> Resolved {
        let si = self.qt.get(qi).map_or_else(|| self.sentence_of(q.open), |t| t.open_sent);
        if let Some(label) = self.labels.get(qi).copied().flatten() {
            let first = self.seg.token_index_at(label.start);
            let last = self.seg.tokens.partition_point(|t| t.span.start < label.end).saturating_sub(1).max(first);
            let np = Np { first, last, span: label, kind: NpKind::Name };
            return self.finish(Attr { np, cue: None, cue_tok: first }, si, q, QuoteKind::Speech, res, descs);
        }
        let starts = self.starts_sentence(qi);
        let ends = self.ends_sentence(qi);

        let mut after = None;
        let mut before = None;
        // `…: “A,” she wrote.`: words ending in a comma hand over to the clause after them.
        let hands_over = self.text.get(q.start..q.end).is_some_and(|t| t.ends_with([',', '?', '!', '—']));
        if starts || hands_over {
            after = self.after_attr(qi);
        }
        if after.is_none() {
            before = self.before_attr(qi);
            if before.is_none() && !starts && !hands_over {
                after = self.after_attr(qi);
            }
        }
        if after.is_none() && before.is_none() && ends && q.close.is_some() {
            after = self.dash_paragraph(q);
        }
        // Speech or phrase.
        let ot = self.qt.get(qi).map_or(0, |t| t.open);
        let before_adjacent = before.is_some_and(|b| {
            ot > b.cue_tok
                && ot - b.cue_tok <= 4
                && (b.cue_tok + 1..ot).all(|i| !self.is_word(i) || matches!(self.low(i), "that" | "reporters"))
        });
        // `X told the agency, "We lost."` / `X shot back: "That would be good."`
        let introduced = before.is_some()
            && ot > 0
            && matches!(self.ts(ot - 1), "," | ":")
            && !starts
            && self.text.get(q.start..).and_then(|t| t.chars().next()).is_some_and(char::is_uppercase);
        let naming = before.is_some_and(|b| self.lex.is_naming_verb(self.low(b.cue_tok)));
        let title = self.title_case(qi) && !(starts && after.is_some());
        let inner = self.text.get(q.start..q.end).unwrap_or("");
        // `“…,” X said`: the words end with a comma or a stop before the reporting clause.
        let before_clause = after.is_some() && inner.ends_with([',', '?', '!', '.', '—']);
        let speech = if q.single && self.doc_has_double {
            // In a text quoting with double marks, single quotes at the top level are headline
            // quotes, scare quotes and titles.
            false
        } else if q.cont_prev {
            true
        } else if title && words <= 12 {
            false
        } else if words > self.settings.phrase_max_words {
            !(naming && words <= self.settings.phrase_max_words + 3 && !ends)
        } else if (starts && (after.is_some() || ends)) || before_clause {
            true
        } else {
            (before_adjacent || introduced) && ends && !naming
        };
        let kind = if speech { QuoteKind::Speech } else { QuoteKind::Phrase };

        let para = q.para;
        let mut attr = after.or(before);
        if attr.is_none() && speech {
            attr = self.after_shape(qi);
        }
        if attr.is_none() {
            // `“…” is crucial in these times, a spokesman said this week.`
            attr = self.trailing_attr(qi);
        }
        if let Some(at) = attr {
            return self.finish(at, si, q, kind, res, descs);
        }
        if speech {
            // Continued or colon-introduced: the previous speaker in this or the last paragraph.
            if !starts {
                if let Some(at) = self.before_shape(qi) {
                    return self.finish(at, si, q, kind, res, descs);
                }
            }
            if let Some(r) = self.carry_over(q, si, res, descs) {
                return Resolved { kind, qsent: si, ..r };
            }
        }
        Resolved {
            kind,
            speaker: None,
            span: None,
            cue: None,
            person: false,
            sent: si,
            qsent: si,
            para,
            attributed: false,
        }
    }

    fn finish(
        &self,
        at: Attr,
        si: usize,
        q: &RawQuote,
        kind: QuoteKind,
        res: &[Resolved],
        descs: &mut Vec<String>,
    ) -> Resolved {
        let asent = self.tok(at.cue_tok).map_or(si, |t| self.sentence_of(t.span.start as usize));
        let (speaker, span, person) = self.speaker_of(at.np, asent, res, descs);
        if at.np.kind == NpKind::Description {
            if let Some(s) = &speaker {
                if !descs.contains(s) {
                    if descs.len() >= LOOKBACK {
                        descs.remove(0);
                    }
                    descs.push(s.clone());
                }
            }
        }
        Resolved {
            kind,
            speaker,
            span: Some(span),
            cue: at.cue,
            person,
            sent: asent,
            qsent: si,
            para: q.para,
            attributed: true,
        }
    }

    /// An attribution in sentence `s` outside quotations (`Mr. X said so.`), or the subject of a
    /// sentence that ends in a colon (`He then listed them:`).
    fn sentence_attr(&self, s: usize) -> Option<Attr> {
        let st = self.seg.sentences.get(s)?;
        let (lo, hi) = (st.tokens.start as usize, st.tokens.end as usize);
        if let Some(at) = self.attr_in_range(lo, hi) {
            if !self.inside_quote(at.np.span.start, at.np.span.end) {
                return Some(at);
            }
        }
        if self.ends_with_colon(s) && hi > lo + 1 {
            return self.colon_attr(lo, hi - 1);
        }
        None
    }

    /// The speaker a quotation without its own attribution continues: an attribution in the
    /// sentence just before it, else the last attributed quotation of the same paragraph, else
    /// (at a paragraph start) the last sentence or speech quotation of the previous paragraph.
    fn carry_over(&self, q: &RawQuote, si: usize, res: &[Resolved], descs: &mut Vec<String>) -> Option<Resolved> {
        let para = self.seg.paragraphs.get(q.para)?;
        let at_para_start = si == para.sentences.start as usize;
        let prev_sent = si.checked_sub(1)?;
        let from_sentence = |s: usize, descs: &mut Vec<String>| {
            let at = self.sentence_attr(s)?;
            let (speaker, span, person) = self.speaker_of(at.np, s, res, descs);
            Some(Resolved {
                kind: QuoteKind::Speech,
                speaker,
                span: Some(span),
                cue: at.cue,
                person,
                sent: s,
                qsent: si,
                para: q.para,
                attributed: true,
            })
        };
        if !at_para_start {
            let prev_q = res.iter().rev().take(LOOKBACK).take_while(|r| r.para == q.para).find(|r| r.attributed);
            // The sentence just before, when it is not the one holding the last quotation.
            if prev_q.is_none_or(|r| r.qsent < prev_sent) {
                if let Some(r) = from_sentence(prev_sent, descs) {
                    return Some(r);
                }
            }
            return prev_q.cloned();
        }
        if q.para == 0 {
            return None;
        }
        let prev_q = res
            .iter()
            .rev()
            .take(LOOKBACK)
            .take_while(|r| r.para + 1 >= q.para)
            .find(|r| r.para + 1 == q.para && r.kind == QuoteKind::Speech);
        let continued = q.cont_prev || self.ends_with_colon(prev_sent);
        if let Some(r) = prev_q {
            if r.attributed && r.kind == QuoteKind::Speech && (continued || r.qsent == prev_sent) {
                return Some(r.clone());
            }
        }
        if let Some(r) = from_sentence(prev_sent, descs) {
            return Some(r);
        }
        prev_q.filter(|r| r.attributed && r.kind == QuoteKind::Speech).cloned()
    }

    fn ends_with_colon(&self, s: usize) -> bool {
        self.seg.sentences.get(s).is_some_and(|st| st.span.slice(self.text).trim_end().ends_with(':'))
    }

    /// The output: each quotation takes its speaker's name from `res` (moved, not copied).
    fn output(&self, res: Vec<Resolved>, words: &[usize]) -> QuoteOutput {
        let mut quotes: Vec<Quote> = Vec::with_capacity(res.len());
        // Per speaker: (first quotation, quotes, words); the name is that of the first quotation.
        // A document has few speakers, so a list searched in place costs less than hashing every
        // name; the order of the list does not matter, as the speakers are sorted by a total
        // order below.
        let mut totals: Vec<(usize, (usize, usize))> = Vec::new();
        for (i, (q, r)) in self.raw.iter().zip(res).enumerate() {
            if r.kind == QuoteKind::Speech {
                if let Some(name) = &r.speaker {
                    let words = words.get(i).copied().unwrap_or(0);
                    let same = |first: usize| quotes.get(first).and_then(|q| q.speaker.as_ref()) == Some(name);
                    match totals.iter_mut().find(|(first, _)| same(*first)) {
                        Some((_, e)) => {
                            e.0 += 1;
                            e.1 += words;
                        }
                        None => totals.push((i, (1, words))),
                    }
                }
            }
            quotes.push(Quote {
                start: u32::try_from(q.start).unwrap_or(u32::MAX),
                end: u32::try_from(q.end).unwrap_or(u32::MAX),
                text: self.text.get(q.start..q.end).unwrap_or("").to_string(),
                kind: r.kind,
                speaker: r.speaker,
                speaker_span: r.span.map(|s| [s.start, s.end]),
                cue: r.cue.map(|c| c.slice(self.text).to_string()),
                closed: q.closed,
            });
        }
        let mut speakers: Vec<(Speaker, usize)> = totals
            .into_iter()
            .map(|(first, (quotes_n, words))| {
                let name = quotes.get(first).and_then(|q| q.speaker.clone()).unwrap_or_default();
                (Speaker { name, quotes: quotes_n, words }, first)
            })
            .collect();
        speakers.sort_by(|a, b| b.0.quotes.cmp(&a.0.quotes).then(b.0.words.cmp(&a.0.words)).then(a.1.cmp(&b.1)));
        QuoteOutput { quotes, speakers: speakers.into_iter().map(|(s, _)| s).collect() }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_capital_test_by_load_matches_the_byte_loop() {
        for len in 0..=8usize {
            for pos in 0..len.max(1) {
                for c in 0..=255u8 {
                    let mut w = *b"quietly!";
                    if len > 0 {
                        w[pos] = c;
                    }
                    let want = !w[..len].iter().any(|b| b.is_ascii_uppercase() || *b >= 0x80);
                    assert_eq!(no_capital_or_non_ascii(u64::from_le_bytes(w), len), want, "{len} {pos} {c:#x}");
                }
            }
        }
    }
}
