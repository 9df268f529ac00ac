//! Paragraphs, sentences and tokens of a document, computed once and shared by every analyzer.
//!
//! The segmenter is rule-based and tuned for news text:
//!
//! * Tokens keep hyphenated words (`military-political`), numbers with separators (`2,600`,
//!   `2.5`, `1.2bn`), dotted acronyms (`U.S.`, `p.c`), initials (`V.`) and common abbreviations
//!   (`Mr.`, `St.`, `Jan.`, `No.` before a number) intact, and split off other punctuation. A
//!   possessive `’s`/`'s` is its own token, so `Russia’s` gives `Russia` and `’s`.
//! * Paragraphs are lines; a line that does not end a sentence and is followed by a line starting
//!   in lower case is joined to it (hard-wrapped text).
//! * Sentences end at `.`, `!`, `?` and `…` (with any closing quotes or brackets that follow
//!   them) when the next token does not continue the sentence (`“Stop!” he said.` is one
//!   sentence), at an abbreviation that may end a sentence (`U.S.`, `Inc.`) when a typical
//!   sentence opener follows it, at every paragraph end, and after [`MAX_SENTENCE_TOKENS`] tokens
//!   so that no downstream analyzer ever sees an unbounded sentence.
//!
//! All positions are UTF-8 byte offsets into the document text (see [`Span`]).

use crate::Span;
use crate::ascii::alnum_run_end;
use serde::Serialize;

/// A sentence is cut after this many tokens even without punctuation, to bound the work any
/// analyzer does per sentence.
pub const MAX_SENTENCE_TOKENS: usize = 400;

/// What a token is made of.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum TokenKind {
    /// Letters, possibly with digits, inner hyphens and apostrophes: `Putin`, `G7`, `won’t`,
    /// `military-political`, or a possessive ending `’s`.
    Word,
    /// Starts with a digit: `2,600`, `2.5`, `21st`, `1.2bn`, `10-15`, or a decade `’90s`.
    Number,
    /// A word with its abbreviation period attached: `Mr.`, `V.`, `U.S.`, `p.c`, `Inc.`.
    Abbreviation,
    /// Punctuation: `.`, `,`, `“`, `”`, `"`, `—`, `...`, `''` and the like.
    Punct,
    /// Currency signs, `%` and other symbols.
    Symbol,
}

/// One token: its span and kind.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct Token {
    /// Where the token is in the text.
    pub span: Span,
    /// What the token is made of.
    pub kind: TokenKind,
}

/// A half-open range of indices into one of the [`Segmentation`] vectors.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct IndexRange {
    /// First index.
    pub start: u32,
    /// One past the last index.
    pub end: u32,
}

impl IndexRange {
    /// The range as `usize` bounds, for slicing.
    #[inline]
    pub fn range(self) -> std::ops::Range<usize> {
        self.start as usize..self.end as usize
    }

    /// Number of items in the range.
    #[inline]
    pub fn len(self) -> usize {
        (self.end - self.start) as usize
    }

    /// True when the range holds nothing.
    #[inline]
    pub fn is_empty(self) -> bool {
        self.start == self.end
    }
}

/// A sentence: its span and the tokens in it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct Sentence {
    /// From the first byte of its first token to the end of its last token.
    pub span: Span,
    /// Indices into [`Segmentation::tokens`].
    pub tokens: IndexRange,
}

/// A paragraph: its span and the sentences in it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct Paragraph {
    /// From the first to the last non-blank byte of the paragraph.
    pub span: Span,
    /// Indices into [`Segmentation::sentences`].
    pub sentences: IndexRange,
}

/// The segmentation of one text: paragraphs contain sentences, sentences contain tokens, and
/// every vector is sorted by position.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Segmentation {
    /// Every token of the text in order.
    pub tokens: Vec<Token>,
    /// Every sentence in order.
    pub sentences: Vec<Sentence>,
    /// Every paragraph in order.
    pub paragraphs: Vec<Paragraph>,
    /// For each [`SENTENCE_BLOCK`] bytes of the text, the index of the first sentence that
    /// starts in or after that block: where [`Segmentation::sentence_index_at`] starts looking.
    #[serde(skip)]
    sentence_blocks: Vec<u32>,
}

/// Bytes of text per entry of the sentence look-up table (news sentences run to about 150).
const SENTENCE_BLOCK: usize = 256;

impl Segmentation {
    /// Segments `text`. Linear in its length; never panics.
    pub fn new(text: &str) -> Segmentation {
        // News text runs to about one token per 5.5 bytes and one sentence per 150: reserve
        // that much so the vectors rarely regrow.
        let mut seg = Segmentation {
            tokens: Vec::with_capacity(text.len() / 5 + 16),
            sentences: Vec::with_capacity(text.len() / 128 + 4),
            paragraphs: Vec::new(),
            sentence_blocks: Vec::new(),
        };
        let bounds = paragraph_bounds(text);
        seg.paragraphs.reserve_exact(bounds.len());
        // A paragraph's sentence ends and abbreviations (reused for every paragraph).
        let mut terminals = Vec::with_capacity(64);
        for (para_start, para_end) in bounds {
            let first_sentence = seg.sentences.len();
            let first_token = seg.tokens.len();
            terminals.clear();
            // Offsets fit a `u32` (the runner keeps documents far below 4 GiB): spans are built
            // directly, in a loop compiled without the test.
            if u32::try_from(para_end).is_ok() {
                tokenize_into::<false>(text, para_start, para_end, &mut seg.tokens, &mut terminals);
            } else {
                tokenize_into::<true>(text, para_start, para_end, &mut seg.tokens, &mut terminals);
            }
            split_sentences(text, &seg.tokens, first_token, &terminals, &mut seg.sentences);
            if seg.sentences.len() > first_sentence {
                seg.paragraphs.push(Paragraph {
                    span: Span::from_usize(para_start, para_end),
                    sentences: IndexRange { start: idx(first_sentence), end: idx(seg.sentences.len()) },
                });
            }
        }
        seg.sentence_blocks = sentence_blocks(&seg.sentences, text.len());
        seg
    }

    /// The tokens of one sentence.
    pub fn sentence_tokens(&self, sentence: &Sentence) -> &[Token] {
        self.tokens.get(sentence.tokens.range()).unwrap_or(&[])
    }

    /// The sentences of one paragraph.
    pub fn paragraph_sentences(&self, paragraph: &Paragraph) -> &[Sentence] {
        self.sentences.get(paragraph.sentences.range()).unwrap_or(&[])
    }

    /// Index of the sentence that contains byte `offset`, or of the last sentence that starts
    /// before it.
    pub fn sentence_index_at(&self, offset: u32) -> Option<usize> {
        let sentences = &self.sentences;
        // Every sentence before the table's entry for the offset's block starts before the
        // offset: walk on from there over the few that start in the block. (Without a table, or
        // with one that does not fit the sentences, search them all.)
        let block = usize::try_from(offset).map_or(usize::MAX, |o| o / SENTENCE_BLOCK);
        let hint = self.sentence_blocks.get(block).or(self.sentence_blocks.last()).map(|&h| h as usize);
        let i = match hint {
            Some(h) if h <= sentences.len() && h.checked_sub(1).is_none_or(|k| sentences[k].span.start <= offset) => {
                walk_starts(sentences, h, offset)
            }
            _ => sentences.partition_point(|s| s.span.start <= offset),
        };
        i.checked_sub(1)
    }

    /// Index of the paragraph that contains byte `offset`, or of the last paragraph that starts
    /// before it.
    pub fn paragraph_index_at(&self, offset: u32) -> Option<usize> {
        let i = self.paragraphs.partition_point(|p| p.span.start <= offset);
        i.checked_sub(1)
    }

    /// Index of the first token that ends after byte `offset`.
    pub fn token_index_at(&self, offset: u32) -> usize {
        self.tokens.partition_point(|t| t.span.end <= offset)
    }
}

/// The number of `sentences` (sorted by start) that start at or before `offset`, given that
/// those before `from` all do.
///
/// How many start in one block is hard to predict, so a walk with a branch per sentence
/// mispredicts about once a look-up: the starts are compared four at a time instead (the last
/// four when fewer follow `from`; those before `from` count too), with one branch per four.
#[inline]
fn walk_starts(sentences: &[Sentence], from: usize, offset: u32) -> usize {
    let mut i = from;
    loop {
        let lo = i.min(sentences.len().saturating_sub(4));
        let Some(four) = sentences.get(lo..).and_then(<[Sentence]>::first_chunk::<4>) else {
            // Fewer than four sentences in all.
            return i + sentences.get(i..).unwrap_or(&[]).iter().take_while(|s| s.span.start <= offset).count();
        };
        let n = lo + four.iter().map(|s| usize::from(s.span.start <= offset)).sum::<usize>();
        if n < lo + 4 || n == sentences.len() {
            return n;
        }
        i = n;
    }
}

/// The table of [`Segmentation::sentence_blocks`] for a text of `len` bytes.
fn sentence_blocks(sentences: &[Sentence], len: usize) -> Vec<u32> {
    let mut i = 0;
    (0..=len / SENTENCE_BLOCK)
        .map(|b| {
            // The sentences that start before the block, counted as a look-up counts them (spans
            // past `u32::MAX` saturate, so all of them start before such a block).
            if let Some(last_before) = (b * SENTENCE_BLOCK).checked_sub(1) {
                i = walk_starts(sentences, i, u32::try_from(last_before).unwrap_or(u32::MAX));
            }
            idx(i)
        })
        .collect()
}

#[inline]
fn idx(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

// ---------------------------------------------------------------------------------------------
// Paragraphs

/// Byte ranges of paragraphs: non-blank lines, trimmed, with hard-wrapped lines joined.
fn paragraph_bounds(text: &str) -> Vec<(usize, usize)> {
    let mut out: Vec<(usize, usize)> = Vec::with_capacity(text.len() / 256 + 4);
    // The last non-blank line does not end a sentence, and no blank line has followed it.
    let mut prev_joinable = false;
    let mut blank_between = false;
    let mut line_start = 0;
    let bytes = text.as_bytes();
    while line_start <= bytes.len() {
        let line_end = memchr_newline(bytes, line_start).unwrap_or(bytes.len());
        let line = text.get(line_start..line_end).unwrap_or("");
        // Most lines neither start nor end with white space.
        let solid = |b: Option<&u8>| b.is_some_and(|&b| b < 0x80 && !char::from(b).is_whitespace());
        let lead_trimmed = if solid(line.as_bytes().first()) { line } else { line.trim_start() };
        let trimmed = if solid(lead_trimmed.as_bytes().last()) { lead_trimmed } else { lead_trimmed.trim_end() };
        if trimmed.is_empty() {
            blank_between = true;
        } else {
            let start = line_start + (line.len() - lead_trimmed.len());
            let end = start + trimmed.len();
            let starts_lower = trimmed.chars().next().is_some_and(char::is_lowercase);
            match out.last_mut() {
                Some(last) if prev_joinable && starts_lower && !blank_between => last.1 = end,
                _ => out.push((start, end)),
            }
            prev_joinable = !ends_sentence_text(trimmed);
            blank_between = false;
        }
        if line_end >= bytes.len() {
            break;
        }
        line_start = line_end + 1;
    }
    out
}

#[inline]
fn memchr_newline(bytes: &[u8], from: usize) -> Option<usize> {
    memchr::memchr(b'\n', bytes.get(from..)?).map(|p| p + from)
}

/// True when a line ends like a finished sentence or a heading (so it is not hard-wrapped).
fn ends_sentence_text(line: &str) -> bool {
    line.chars().last().is_some_and(|c| matches!(c, '.' | '!' | '?' | ':' | '…' | '"' | '”' | '’' | '\'' | ')'))
}

// ---------------------------------------------------------------------------------------------
// Tokens

#[inline]
fn char_at(text: &str, i: usize) -> Option<char> {
    text.get(i..)?.chars().next()
}

/// True for chars of the General Punctuation and Currency Symbols blocks, none of which is a
/// letter or a digit. Lets the common `’`, `“`, `—`, `€` skip the Unicode property tables.
#[inline]
fn is_punct_block(c: char) -> bool {
    matches!(c, '\u{2000}'..='\u{206F}' | '\u{20A0}'..='\u{20CF}')
}

/// `char::is_alphanumeric`, with a shortcut for ASCII and common punctuation.
#[inline]
fn is_alnum(c: char) -> bool {
    if c.is_ascii() { c.is_ascii_alphanumeric() } else { !is_punct_block(c) && c.is_alphanumeric() }
}

/// `is_alpha`, with a shortcut for ASCII and common punctuation.
#[inline]
fn is_alpha(c: char) -> bool {
    if c.is_ascii() { c.is_ascii_alphabetic() } else { !is_punct_block(c) && c.is_alphabetic() }
}

#[inline]
fn is_apostrophe(c: char) -> bool {
    c == '\'' || c == '’'
}

#[inline]
fn is_hyphen(c: char) -> bool {
    matches!(c, '-' | '\u{2010}' | '\u{2011}')
}

#[inline]
const fn is_symbol(c: char) -> bool {
    matches!(
        c,
        '$' | '€'
            | '£'
            | '¥'
            | '₹'
            | '₽'
            | '₩'
            | '¢'
            | '%'
            | '‰'
            | '°'
            | '+'
            | '='
            | '<'
            | '>'
            | '#'
            | '@'
            | '&'
            | '^'
            | '~'
            | '|'
            | '§'
            | '©'
            | '®'
            | '™'
    )
}

/// Titles, months and other abbreviations whose period never ends a sentence when a word or
/// number follows (`Mr. Putin`, `St. Petersburg`, `Jan. 5`). Lower-cased, without the period.
const ABBREV_NEVER_FINAL: &[&str] = &[
    "mr", "mrs", "ms", "messrs", "mme", "dr", "prof", "sen", "sens", "rep", "reps", "gov", "gen", "lt", "col", "maj",
    "capt", "cpt", "sgt", "adm", "cmdr", "cmdt", "rev", "hon", "pres", "supt", "st", "mt", "ft", "pt", "gens", "jan",
    "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "vs", "v", "no", "nos", "vol", "fig",
    "approx", "dept", "ave", "blvd", "rd", "mssrs", "atty", "brig", "cf", "gov't", "univ", "al",
];

/// Abbreviations that take a period but may end a sentence (`… Apple Inc. The company …`).
const ABBREV_MAYBE_FINAL: &[&str] =
    &["inc", "corp", "co", "ltd", "llc", "plc", "bros", "jr", "sr", "etc", "esq", "ph.d", "ave"];

/// Class of a byte for the tokenizer's dispatch: one bit each (none for [`SKIP`]), which
/// [`tokenize_into`] tests one after the other.
const SKIP: u8 = 0;
const ALNUM: u8 = 1;
const OTHER: u8 = 2;
const HIGH: u8 = 4;
const LONE: u8 = 8;

/// [`SKIP`] for ASCII whitespace and control bytes (what `char::is_whitespace` or
/// `char::is_control` accepts below 0x80), [`ALNUM`] for ASCII letters and digits, [`LONE`] for
/// the ASCII punctuation that is always a token of its own byte (`,` `"` `(` `:` and the like:
/// no symbol, no mark that groups or ends a sentence), [`OTHER`] for the rest of ASCII
/// punctuation and symbols, [`HIGH`] for every byte of a non-ASCII char.
static BYTE_CLASS: [u8; 256] = {
    let mut t = [HIGH; 256];
    let mut c = 0;
    while c < 0x80 {
        let b = c as u8;
        t[c] = if b <= b' ' || b == 0x7f {
            SKIP
        } else if b.is_ascii_alphanumeric() {
            ALNUM
        } else if !is_symbol(b as char) && !groups(b as char) {
            LONE
        } else {
            OTHER
        };
        c += 1;
    }
    t
};

/// Appends the tokens of `text[start..end]` to `out`, and to `terminals` the indices of the
/// tokens that may end a sentence (terminal punctuation and abbreviations). `WIDE` is set when
/// offsets may not fit a `u32` (spans then saturate).
fn tokenize_into<const WIDE: bool>(
    text: &str,
    start: usize,
    end: usize,
    out: &mut Vec<Token>,
    terminals: &mut Vec<u32>,
) {
    // Every look-ahead stops at the paragraph end: cut the text there once.
    let Some(text) = text.get(..end) else { return };
    let bytes = text.as_bytes();
    let mut i = start;
    while let Some(&b) = bytes.get(i) {
        let class = BYTE_CLASS[usize::from(b)];
        // Tested one class bit after the other, most frequent first: a `match` on the class (or
        // a chain of comparisons, which LLVM turns into one) compiles to a jump table, whose one
        // indirect branch mispredicted at about every other token that is no plain word.
        let (tok_end, kind, terminal) = if class & ALNUM != 0 {
            match plain_words::<WIDE>(bytes, i, out, terminals) {
                PlainWords::Stopped(next) => {
                    i = next;
                    continue;
                }
                PlainWords::InWord(word_start, run_end) => {
                    i = word_start;
                    let (e, k) = finish_word(text, word_start, run_end);
                    (e, k, k == TokenKind::Abbreviation)
                }
            }
        } else if class & HIGH != 0 {
            let Some(c) = char_at(text, i) else { break };
            let clen = c.len_utf8();
            if c.is_whitespace() || c.is_control() {
                i += clen;
                continue;
            }
            let (e, k) = if is_alnum(c) {
                scan_word_from(text, i, i)
            } else if is_apostrophe(c) && starts_decade(text, i + clen, end) {
                (scan_word(text, i + clen).0, TokenKind::Number)
            } else if is_apostrophe(c) && i > start && starts_possessive(text, i, end) {
                // `’s` after a word: the possessive ending is a token of its own.
                (i + clen + 1, TokenKind::Word)
            } else {
                scan_punct(text, i, end, c)
            };
            let terminal = k == TokenKind::Abbreviation || (k == TokenKind::Punct && c == '…');
            (e.max(i + clen).min(end), k, terminal)
        } else if class & LONE != 0 {
            // What `scan_punct` gives these bytes, without the call.
            (i + 1, TokenKind::Punct, false)
        } else if class & OTHER != 0 {
            if b == b'\'' && starts_decade(text, i + 1, end) {
                (scan_word(text, i + 1).0, TokenKind::Number, false)
            } else if b == b'\'' && i > start && starts_possessive(text, i, end) {
                (i + 2, TokenKind::Word, false)
            } else {
                let (e, k) = scan_punct(text, i, end, char::from(b));
                (e, k, k == TokenKind::Punct && matches!(b, b'.' | b'!' | b'?'))
            }
        } else {
            // SKIP
            i += 1;
            continue;
        };
        // `i < tok_end <= end`, so the span needs neither clamping nor reordering.
        if terminal {
            terminals.push(idx(out.len()));
        }
        out.push(Token { span: span::<WIDE>(i, tok_end), kind });
        i = tok_end;
        // Most tokens are followed by one space: step over it here rather than through the
        // dispatch above.
        if bytes.get(i) == Some(&b' ') {
            i += 1;
        }
    }
}

/// The span `start..end` (`start <= end`); `WIDE` when the offsets may not fit a `u32` (the span
/// then saturates).
#[inline(always)]
fn span<const WIDE: bool>(start: usize, end: usize) -> Span {
    if WIDE { Span::from_usize(start, end) } else { Span { start: start as u32, end: end as u32 } }
}

/// Where [`plain_words`] stopped.
enum PlainWords {
    /// After its last token: the scan goes on at this offset.
    Stopped(usize),
    /// Inside a word that needs the full rules: the word's start and the end of the run of ASCII
    /// letters and digits it starts with.
    InWord(usize, usize),
}

/// Appends to `out` the plain words and numbers from `i` on (an ASCII letter or digit), with the
/// commas and sentence periods that follow them (the periods also to `terminals`), for as long
/// as one space leads to the next: the bulk of news text, decided with one look-up per byte and
/// none of [`scan_word`]'s special cases. A word is plain when its run of ASCII letters and
/// digits ends the paragraph or is followed by a byte that cannot join it (see [`MAY_JOIN`]), by
/// a comma that is no thousands separator, or by a single period that ends it.
///
/// (Tried and dropped: writing a one-byte punctuation token after every word and keeping it
/// only after a comma or period, so that no branch asks whether a space follows. It cut the
/// function's mispredicted branches 420 k -> 315 k on the news corpus but took 28 M more
/// instructions, and segmented the corpus at 275 MB/s instead of 370.)
#[inline(never)]
fn plain_words<const WIDE: bool>(
    bytes: &[u8],
    mut i: usize,
    out: &mut Vec<Token>,
    terminals: &mut Vec<u32>,
) -> PlainWords {
    let Some(&(mut first)) = bytes.get(i) else { return PlainWords::Stopped(i) };
    loop {
        let j = alnum_run_end(bytes, i + 1);
        // Letters sort after digits.
        let kind = if first <= b'9' { TokenKind::Number } else { TokenKind::Word };
        match bytes.get(j) {
            Some(b' ') => {
                out.push(Token { span: span::<WIDE>(i, j), kind });
                i = j + 1;
            }
            // A comma is a token of its own unless a digit follows (`2,600`).
            Some(b',') if !bytes.get(j + 1).is_some_and(u8::is_ascii_digit) => {
                out.push(Token { span: span::<WIDE>(i, j), kind });
                out.push(Token { span: span::<WIDE>(j, j + 1), kind: TokenKind::Punct });
                i = j + 1 + usize::from(bytes.get(j + 1) == Some(&b' '));
            }
            // A period that ends the word and is no `...`: the end of most sentences.
            Some(b'.')
                if bytes.get(j + 1) != Some(&b'.')
                    && period_after(bytes.get(i..j).unwrap_or(&[]), bytes.get(j + 1).copied()) == Period::Ends =>
            {
                out.push(Token { span: span::<WIDE>(i, j), kind });
                terminals.push(idx(out.len()));
                out.push(Token { span: span::<WIDE>(j, j + 1), kind: TokenKind::Punct });
                i = j + 1 + usize::from(bytes.get(j + 1) == Some(&b' '));
            }
            Some(&b) if MAY_JOIN[usize::from(b)] => return PlainWords::InWord(i, j),
            _ => {
                out.push(Token { span: span::<WIDE>(i, j), kind });
                return PlainWords::Stopped(j);
            }
        }
        match bytes.get(i) {
            Some(&b) if BYTE_CLASS[usize::from(b)] == ALNUM => first = b,
            _ => return PlainWords::Stopped(i),
        }
    }
}

/// `’90s`, `'60s`: an apostrophe followed by two digits and `s`.
fn starts_decade(text: &str, i: usize, end: usize) -> bool {
    let b = text.as_bytes();
    i + 3 <= end
        && b[i].is_ascii_digit()
        && b[i + 1].is_ascii_digit()
        && b[i + 2] == b's'
        && char_at(text, i + 3).is_none_or(|c| !is_alnum(c) || i + 3 >= end)
}

/// An apostrophe at `i` followed by `s` and no further letter, directly after a word.
fn starts_possessive(text: &str, i: usize, end: usize) -> bool {
    let Some(c) = char_at(text, i) else { return false };
    let after = i + c.len_utf8();
    // The cheapest test first: most apostrophes are no possessive (closing quotes, `''`).
    after < end
        && matches!(text.as_bytes().get(after), Some(b's' | b'S'))
        && (after + 1 >= end || char_at(text, after + 1).is_none_or(|c| !is_alnum(c)))
        && text.get(..i).and_then(|t| t.chars().next_back()).is_some_and(is_alnum)
}

/// Scans a word or number starting at `i` (an alphanumeric char) in `text`, which ends at the
/// paragraph end. Most words are a run of ASCII letters or digits followed by a space or by
/// punctuation that cannot join them; the rest go to [`scan_word_from`].
#[inline(always)]
fn scan_word(text: &str, i: usize) -> (usize, TokenKind) {
    let bytes = text.as_bytes();
    let first = bytes.get(i).copied().unwrap_or(0);
    if first >= 0x80 {
        return scan_word_from(text, i, i);
    }
    finish_word(text, i, alnum_run_end(bytes, i + 1))
}

/// [`scan_word`] once the run of ASCII letters and digits that starts the word at `i` has been
/// found to end at `j`.
#[inline(always)]
fn finish_word(text: &str, i: usize, j: usize) -> (usize, TokenKind) {
    let bytes = text.as_bytes();
    let first = bytes.get(i).copied().unwrap_or(0);
    let ends = match bytes.get(j) {
        None => true,
        Some(&b) if !MAY_JOIN[usize::from(b)] => true,
        // A comma joins only the digits of `2,600`.
        Some(b',') => !bytes.get(j + 1).is_some_and(u8::is_ascii_digit),
        // A colon joins only the `http:`/`https:` of a URL.
        Some(b':') => !matches!(bytes.get(i..j), Some(b"http" | b"https")),
        // Most sentences end in a plain word or number.
        Some(b'.') => match period_after(bytes.get(i..j).unwrap_or(&[]), bytes.get(j + 1).copied()) {
            Period::Ends => true,
            Period::Kept => return (j + 1, TokenKind::Abbreviation),
            Period::Undecided => false,
        },
        // A possessive `’s` or `'s` after the word is a token of its own; an apostrophe joins
        // only a letter.
        Some(b'\'') => possessive_follows(bytes, j) || !may_be_letter(bytes.get(j + 1)),
        // A hyphen joins only a letter or digit.
        Some(b'-') => !bytes.get(j + 1).is_some_and(|&n| n >= 0x80 || n.is_ascii_alphanumeric()),
        // A char that is no letter, digit, combining mark, hyphen or apostrophe (`—`, `”`,
        // a no-break space) ends the word.
        Some(_) => match char_at(text, j) {
            Some('’') => possessive_follows(bytes, j) || !may_be_letter(bytes.get(j + '’'.len_utf8())),
            Some(c) => !(is_alnum(c) || is_combining(c) || is_hyphen(c)),
            None => false,
        },
    };
    if !ends {
        return scan_word_from(text, i, j);
    }
    (j, if first.is_ascii_digit() { TokenKind::Number } else { TokenKind::Word })
}

/// What the key of the ASCII word `run` says of a period after it: a listed abbreviation keeps
/// it, `no` and `nos` keep it only before a number (left to [`takes_period`]), other words end.
#[inline(never)]
fn listed_period(run: &[u8]) -> Period {
    let key = ascii_key(run);
    if key == ascii_key(b"no") || key == ascii_key(b"nos") {
        Period::Undecided
    } else if ABBREV_KEYS.binary_search(&key).is_ok() {
        Period::Kept
    } else {
        Period::Ends
    }
}

/// False when `b` is certainly no letter: an ASCII byte other than a letter, or the text end.
#[inline]
fn may_be_letter(b: Option<&u8>) -> bool {
    b.is_some_and(|&b| b >= 0x80 || b.is_ascii_alphabetic())
}

/// What a period after a word does, as [`scan_word_from`] decides it.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Period {
    /// The word ends before the period.
    Ends,
    /// The period belongs to the word, an abbreviation.
    Kept,
    /// Left to [`scan_word_from`].
    Undecided,
}

/// What a period after the run of ASCII letters and digits `run` (followed by `next`) does, as
/// [`scan_word_from`] would decide: a decimal point (a digit on both sides), a single letter
/// (an initial or a dotted acronym) and a URL head (`www.`) are left undecided; a number ends;
/// a word of two letters or more ends unless it is listed (found by its length or first two
/// letters when it can, else by its key: [`listed_period`]).
#[inline]
fn period_after(run: &[u8], next: Option<u8>) -> Period {
    if run.last().is_some_and(u8::is_ascii_digit) && next.is_some_and(|n| n.is_ascii_digit()) {
        return Period::Undecided;
    }
    match run {
        [first, ..] if first.is_ascii_digit() => Period::Ends,
        [a, b, ..] => {
            let lower2 = [a.to_ascii_lowercase(), b.to_ascii_lowercase()];
            if run == b"www" {
                Period::Undecided
            } else if run.len() > ABBREV_MAX_LEN || prefix_index(&lower2).is_some_and(|p| !has_abbrev_prefix(p)) {
                Period::Ends
            } else {
                listed_period(run)
            }
        }
        _ => Period::Undecided,
    }
}

/// True when a possessive `’s` or `'s` ends at `j` after a run of ASCII letters and digits, and
/// is followed by the text end or an ASCII byte that is no letter or digit: then the apostrophe
/// cannot join the word, as [`scan_word_from`] would decide ([`starts_possessive`] holds).
#[inline]
fn possessive_follows(bytes: &[u8], j: usize) -> bool {
    let rest = bytes.get(j..).unwrap_or(&[]);
    let after = match rest {
        [b'\'', b's' | b'S', after @ ..] | [0xE2, 0x80, 0x99, b's' | b'S', after @ ..] => after,
        _ => return false,
    };
    after.first().is_none_or(|&c| c < 0x80 && !c.is_ascii_alphanumeric())
}

/// True for the bytes that may continue a word after a run of ASCII letters and digits: `.`,
/// `,`, `'`, `-`, `:` and every byte of a non-ASCII char.
static MAY_JOIN: [bool; 256] = {
    let mut t = [true; 256];
    let mut c = 0;
    while c < 0x80 {
        t[c] = matches!(c as u8, b'.' | b',' | b'\'' | b'-' | b':');
        c += 1;
    }
    t
};

/// [`scan_word`] for every case, going on from `j` where a run of letters and digits that started
/// the word at `i` stopped (or from `i` itself): URLs, dotted acronyms, thousands separators and
/// decimals, inner hyphens and apostrophes, abbreviation periods, non-ASCII letters. One pass
/// that decodes a char only at a non-ASCII byte.
#[inline(never)]
fn scan_word_from(text: &str, i: usize, j: usize) -> (usize, TokenKind) {
    let bytes = text.as_bytes();
    let end = bytes.len();
    let Some(&first) = bytes.get(i) else { return (end, TokenKind::Word) };
    let numeric = first.is_ascii_digit();
    if !numeric {
        // URLs and e-mail-like strings stay one token up to the next space.
        if matches!(first, b'h' | b'w') && starts_url(&bytes[i..]) {
            let e = text[i..].find(char::is_whitespace).map_or(end, |p| i + p);
            return (trim_trailing_punct(text, i, e), TokenKind::Word);
        }
        // A dotted acronym has a period right after its first letter.
        let first_len = if first < 0x80 { 1 } else { char_at(text, i).map_or(1, char::len_utf8) };
        if bytes.get(i + first_len) == Some(&b'.') {
            if let Some(e) = scan_acronym(text, i, end) {
                return (e, TokenKind::Abbreviation);
            }
        }
    }
    let mut j = j.max(i);
    loop {
        j = alnum_run(text, j);
        // `j > i`: the run holds at least the first char. What follows it may join the word.
        let Some(&c) = bytes.get(j) else { break };
        match c {
            b'.' | b',' => {
                // Thousands separators and decimals: `2,600`, `2.5`, `0.25`. An ASCII digit
                // byte is always a whole char, so the bytes on either side tell.
                let prev_digit = bytes.get(j.wrapping_sub(1)).is_some_and(u8::is_ascii_digit);
                if prev_digit && bytes.get(j + 1).is_some_and(u8::is_ascii_digit) {
                    // `1,2,3` lists and dates aside, a comma separator is followed by three digits.
                    if c == b',' && !three_digits_follow(bytes, j + 1, end) {
                        break;
                    }
                    j += 1;
                    continue;
                }
                // An abbreviation keeps its period: `Mr.`, `V.`, `Inc.`, `No. 2`.
                if c == b'.' && !numeric && takes_period(text, i, j, end) {
                    j += 1;
                }
                break;
            }
            b'\'' | b'-' | 0x80.. => {
                let Some(ch) = char_at(text, j) else { break };
                let after = j + ch.len_utf8();
                let next = char_at(text, after);
                // Inner hyphens: `military-political`, `21-gun`, `10-15`, `COVID-19`.
                let hyphen = is_hyphen(ch) && next.is_some_and(is_alnum);
                // Inner apostrophes: `won’t`, `O’Brien`, but not the possessive `’s`.
                let apostrophe = is_apostrophe(ch)
                    && next.is_some_and(is_alpha)
                    && text[..j].chars().next_back().is_some_and(is_alpha)
                    && !starts_possessive(text, j, end);
                if !(hyphen || apostrophe) {
                    break;
                }
                j = after;
            }
            _ => break,
        }
    }
    let kind = if numeric {
        TokenKind::Number
    } else if bytes.get(j.wrapping_sub(1)) == Some(&b'.') {
        TokenKind::Abbreviation
    } else {
        TokenKind::Word
    };
    (j, kind)
}

/// True when `rest` starts with `http://`, `https://` or `www.`.
#[inline]
fn starts_url(rest: &[u8]) -> bool {
    rest.starts_with(b"http://") || rest.starts_with(b"https://") || rest.starts_with(b"www.")
}

fn trim_trailing_punct(text: &str, start: usize, mut end: usize) -> usize {
    while end > start {
        match text[..end].chars().next_back() {
            Some(c) if matches!(c, '.' | ',' | ';' | ':' | ')' | '"' | '”' | '’' | '\'' | '!' | '?') => {
                end -= c.len_utf8()
            }
            _ => break,
        }
    }
    end
}

fn three_digits_follow(bytes: &[u8], j: usize, end: usize) -> bool {
    j + 3 <= end && bytes[j..j + 3].iter().all(u8::is_ascii_digit) && (j + 3 == end || !bytes[j + 3].is_ascii_digit())
}

/// End of the run of alphanumeric chars (and combining marks) starting at `i` in `text`.
#[inline]
fn alnum_run(text: &str, i: usize) -> usize {
    let bytes = text.as_bytes();
    let mut j = i;
    loop {
        // ASCII letters and digits by table, a byte at a time.
        let rest = bytes.get(j..).unwrap_or(&[]);
        j += rest.iter().position(|&b| BYTE_CLASS[usize::from(b)] != ALNUM).unwrap_or(rest.len());
        match bytes.get(j) {
            Some(&b) if b >= 0x80 => match char_at(text, j) {
                Some(c) if is_alnum(c) || is_combining(c) => j += c.len_utf8(),
                _ => return j,
            },
            _ => return j,
        }
    }
}

#[inline]
fn is_combining(c: char) -> bool {
    ('\u{0300}'..='\u{036F}').contains(&c)
}

/// A dotted acronym at `i`: `U.S.`, `U.S`, `p.c`, `e.g.`, `a.m.` (two or more single letters
/// each followed by a period, the last period optional). Returns its end.
fn scan_acronym(text: &str, i: usize, end: usize) -> Option<usize> {
    // Most words: an ASCII letter followed by a letter or digit is not an acronym.
    let bytes = text.as_bytes();
    if i + 1 < end && bytes[i].is_ascii_alphabetic() && bytes[i + 1].is_ascii_alphanumeric() {
        return None;
    }
    let mut k = i;
    let mut letters = 0;
    loop {
        let c = char_at(text, k).filter(|c| is_alpha(*c) && k < end)?;
        let after = k + c.len_utf8();
        let next = char_at(text, after).filter(|_| after < end);
        match next {
            Some('.') => {
                letters += 1;
                k = after + 1;
                // Continue only if another single letter follows directly.
                let n2 = char_at(text, k).filter(|_| k < end);
                if !n2.is_some_and(is_alpha) {
                    return (letters >= 2).then_some(k);
                }
            }
            Some(n) if is_alnum(n) => return None,
            _ => {
                letters += 1;
                return (letters >= 2).then_some(after);
            }
        }
    }
}

/// Whether the word `text[start..dot]` keeps the period at `dot`.
fn takes_period(text: &str, start: usize, dot: usize, end: usize) -> bool {
    let Some(word) = text.get(start..dot) else { return false };
    let mut chars = word.chars();
    let first = chars.next();
    // A single capital letter is an initial: `Vladimir V. Putin`.
    if chars.next().is_none() {
        return first.is_some_and(char::is_uppercase);
    }
    let key = if word.is_ascii() {
        // Most words ending a sentence (`said.`, `year.`) are longer than any listed
        // abbreviation or start with two letters none of them starts with.
        let w = word.as_bytes();
        let lower2 = [w.first().map_or(0, u8::to_ascii_lowercase), w.get(1).map_or(0, u8::to_ascii_lowercase)];
        if w.len() > ABBREV_MAX_LEN || prefix_index(&lower2).is_some_and(|p| !has_abbrev_prefix(p)) {
            return false;
        }
        ascii_key(w)
    } else {
        ascii_key(word.to_lowercase().as_bytes())
    };
    if key == ascii_key(b"no") || key == ascii_key(b"nos") {
        // `No. 2` but not `… said no.`
        return next_nonspace(text, dot + 1, end).is_some_and(|c| c.is_ascii_digit());
    }
    ABBREV_KEYS.binary_search(&key).is_ok()
}

/// Length in bytes of the longest entry of [`ABBREV_NEVER_FINAL`] and [`ABBREV_MAYBE_FINAL`].
const ABBREV_MAX_LEN: usize = 6;

/// Index of the first two bytes of `w` when both are lower-case ASCII letters.
const fn prefix_index(w: &[u8]) -> Option<usize> {
    if w.len() < 2 || !w[0].is_ascii_lowercase() || !w[1].is_ascii_lowercase() {
        return None;
    }
    Some((w[0] - b'a') as usize * 26 + (w[1] - b'a') as usize)
}

/// True when a listed abbreviation starts with the two letters of prefix index `p`.
#[inline]
fn has_abbrev_prefix(p: usize) -> bool {
    ABBREV_PREFIXES.get(p / 64).is_some_and(|bits| bits & (1 << (p % 64)) != 0)
}

/// Bit set of the two-letter prefixes of [`ABBREV_NEVER_FINAL`] and [`ABBREV_MAYBE_FINAL`].
static ABBREV_PREFIXES: [u64; 11] = {
    let mut bits = [0u64; 11];
    let lists: [&[&str]; 2] = [ABBREV_NEVER_FINAL, ABBREV_MAYBE_FINAL];
    let mut l = 0;
    while l < lists.len() {
        let mut k = 0;
        while k < lists[l].len() {
            if let Some(p) = prefix_index(lists[l][k].as_bytes()) {
                bits[p / 64] |= 1 << (p % 64);
            }
            k += 1;
        }
        l += 1;
    }
    bits
};

/// A word of one to 16 ASCII bytes other than NUL, lower-cased and packed into one integer
/// (first byte lowest), so that looking it up in a word list is one integer comparison per step.
/// Zero for any other word, which no listed word packs to.
const fn ascii_key(w: &[u8]) -> u128 {
    if w.is_empty() || w.len() > 16 {
        return 0;
    }
    let mut key = 0u128;
    let mut k = 0;
    while k < w.len() {
        if !w[k].is_ascii() || w[k] == 0 {
            return 0;
        }
        key |= (w[k].to_ascii_lowercase() as u128) << (8 * k);
        k += 1;
    }
    key
}

/// [`ascii_key`] of `word` lower-cased, also when it is not ASCII; `None` when that is zero.
fn lower_key(word: &str) -> Option<u128> {
    let key = if word.is_ascii() { ascii_key(word.as_bytes()) } else { ascii_key(word.to_lowercase().as_bytes()) };
    (key != 0).then_some(key)
}

/// The [`ascii_key`]s of the words of `lists`, sorted for a binary search.
const fn sorted_keys<const N: usize>(lists: &[&[&str]]) -> [u128; N] {
    let mut keys = [0u128; N];
    let mut n = 0;
    let mut l = 0;
    while l < lists.len() {
        let mut k = 0;
        while k < lists[l].len() && n < N {
            // Insertion sort: small lists, built once at compile time.
            let key = ascii_key(lists[l][k].as_bytes());
            let mut at = n;
            while at > 0 && keys[at - 1] > key {
                keys[at] = keys[at - 1];
                at -= 1;
            }
            keys[at] = key;
            n += 1;
            k += 1;
        }
        l += 1;
    }
    keys
}

/// Keys of [`ABBREV_NEVER_FINAL`] and [`ABBREV_MAYBE_FINAL`].
static ABBREV_KEYS: [u128; ABBREV_NEVER_FINAL.len() + ABBREV_MAYBE_FINAL.len()] =
    sorted_keys(&[ABBREV_NEVER_FINAL, ABBREV_MAYBE_FINAL]);

/// Keys of [`ABBREV_NEVER_FINAL`].
static NEVER_FINAL_KEYS: [u128; ABBREV_NEVER_FINAL.len()] = sorted_keys(&[ABBREV_NEVER_FINAL]);

/// Keys of [`SENTENCE_OPENERS`].
static OPENER_KEYS: [u128; SENTENCE_OPENERS.len()] = sorted_keys(&[SENTENCE_OPENERS]);

fn next_nonspace(text: &str, from: usize, end: usize) -> Option<char> {
    text.get(from..end)?.chars().find(|c| !c.is_whitespace())
}

/// Punctuation that stays together in runs (`...`, `--`, `''`, `!?`).
const fn groups(c: char) -> bool {
    matches!(c, '.' | '-' | '\'' | '`' | '!' | '?')
}

/// Scans punctuation or a symbol at `i`; runs like `...`, `--`, `''`, `!?` stay together.
fn scan_punct(text: &str, i: usize, end: usize, c: char) -> (usize, TokenKind) {
    let clen = c.len_utf8();
    if is_symbol(c) {
        return (i + clen, TokenKind::Symbol);
    }
    let groupable = groups(c);
    let mut j = i + clen;
    if groupable {
        while j < end {
            match char_at(text, j) {
                Some(n) if n == c || (matches!(c, '!' | '?') && matches!(n, '!' | '?')) => j += n.len_utf8(),
                _ => break,
            }
        }
    }
    (j, TokenKind::Punct)
}

// ---------------------------------------------------------------------------------------------
// Sentences

/// Words that typically open a sentence; after an abbreviation that may end a sentence
/// (`U.S.`, `Inc.`), one of these marks a boundary.
const SENTENCE_OPENERS: &[&str] = &[
    "the",
    "a",
    "an",
    "he",
    "she",
    "it",
    "they",
    "we",
    "i",
    "you",
    "this",
    "that",
    "these",
    "those",
    "there",
    "but",
    "and",
    "or",
    "so",
    "yet",
    "in",
    "on",
    "at",
    "for",
    "with",
    "as",
    "if",
    "when",
    "while",
    "after",
    "before",
    "since",
    "although",
    "though",
    "however",
    "still",
    "meanwhile",
    "his",
    "her",
    "its",
    "their",
    "our",
    "my",
    "what",
    "why",
    "how",
    "who",
    "where",
    "some",
    "many",
    "most",
    "all",
    "both",
    "neither",
    "each",
    "officials",
    "analysts",
];

/// True for a token made of `.`, `!`, `?` and `…` only.
fn is_terminal(tok: &[u8]) -> bool {
    let mut rest = tok;
    while let Some((&b, tail)) = rest.split_first() {
        rest = match b {
            b'.' | b'!' | b'?' => tail,
            _ => match rest.strip_prefix("…".as_bytes()) {
                Some(tail) => tail,
                None => return false,
            },
        };
    }
    !tok.is_empty()
}

/// True for a closing quote or bracket: `”`, `"`, `’`, `'`, `''`, `)`, `]`, `»`, `›`.
fn is_closer(tok: &[u8]) -> bool {
    matches!(
        tok,
        b"\"" | b"'" | b"''" | b")" | b"]" | b"\xE2\x80\x9D" | b"\xE2\x80\x99" | b"\xC2\xBB" | b"\xE2\x80\xBA"
    )
}

/// Splits the tokens from `first` on (one paragraph) into sentences appended to `out`.
/// `terminals` lists, in order, the indices of the paragraph's tokens that may end a sentence.
fn split_sentences(text: &str, tokens: &[Token], first: usize, terminals: &[u32], out: &mut Vec<Sentence>) {
    let bytes = text.as_bytes();
    let tok_bytes = |t: Token| bytes.get(t.span.range()).unwrap_or(&[]);
    let n = tokens.len();
    let mut sent_start = first;
    let mut i = first;
    let mut terminals = terminals.iter().map(|&t| t as usize);
    let mut next_terminal = terminals.next();
    while i < n {
        // Other tokens end no sentence short of the length cap (reached at index
        // `sent_start + MAX_SENTENCE_TOKENS - 1`): go straight to the next terminal or the cap.
        let cap = sent_start + MAX_SENTENCE_TOKENS - 1;
        while next_terminal.is_some_and(|t| t < i) {
            next_terminal = terminals.next();
        }
        i = next_terminal.unwrap_or(n).min(cap).max(i);
        let Some(&t) = tokens.get(i) else { break };
        let mut boundary_after = None;
        if t.kind == TokenKind::Punct && is_terminal(tok_bytes(t)) {
            // Closing quotes and brackets glued to the terminal belong to the sentence.
            let mut e = i;
            let mut end = t.span.end;
            while let Some(&next) = tokens.get(e + 1) {
                let nt = tok_bytes(next);
                if next.span.start == end && (is_closer(nt) || (next.kind == TokenKind::Punct && is_terminal(nt))) {
                    e += 1;
                    end = next.span.end;
                } else {
                    break;
                }
            }
            match tokens.get(e + 1) {
                Some(&next) if continues_sentence(text, next) => i = e,
                _ => boundary_after = Some(e),
            }
        } else if t.kind == TokenKind::Abbreviation
            && tokens.get(i + 1).is_some_and(|&next| abbreviation_ends_sentence(text, t.span.slice(text), next))
        {
            boundary_after = Some(i);
        }
        if boundary_after.is_none() && i + 1 - sent_start >= MAX_SENTENCE_TOKENS {
            boundary_after = Some(i);
        }
        if let Some(e) = boundary_after {
            push_sentence(tokens, sent_start, e + 1, out);
            sent_start = e + 1;
            i = e + 1;
        } else {
            i += 1;
        }
    }
    if sent_start < n {
        push_sentence(tokens, sent_start, n, out);
    }
}

fn push_sentence(tokens: &[Token], start: usize, end: usize, out: &mut Vec<Sentence>) {
    out.push(Sentence {
        span: Span::new(tokens[start].span.start, tokens[end - 1].span.end),
        tokens: IndexRange { start: idx(start), end: idx(end) },
    });
}

/// True when the token after a terminal continues the same sentence: a lower-case word
/// (`“Stop!” he said.`), or a comma, semicolon, colon or closing bracket.
fn continues_sentence(text: &str, next: Token) -> bool {
    // The token's first char, read from its first byte when that is ASCII.
    match text.as_bytes().get(next.span.start as usize) {
        Some(&b) if b < 0x80 => b.is_ascii_lowercase() || matches!(b, b',' | b';' | b':' | b')' | b']' | b'%'),
        _ => next.span.slice(text).chars().next().is_some_and(char::is_lowercase),
    }
}

fn abbreviation_ends_sentence(text: &str, abbr: &str, next: Token) -> bool {
    let word = abbr.trim_end_matches('.');
    if !abbr.ends_with('.') {
        return false;
    }
    let is_initial = word.chars().count() == 1;
    if is_initial || lower_key(word).is_some_and(|k| NEVER_FINAL_KEYS.binary_search(&k).is_ok()) {
        return false;
    }
    let next_text = next.span.slice(text);
    let opens = matches!(next_text, "“" | "\"" | "‘");
    let starter = next_text.chars().next().is_some_and(char::is_uppercase)
        && lower_key(next_text).is_some_and(|k| OPENER_KEYS.binary_search(&k).is_ok());
    opens || starter
}

#[cfg(test)]
mod tests {

    #[test]
    fn the_word_scanner_agrees_with_the_char_by_char_one() {
        // Pseudo-random strings over the characters that matter at word boundaries.
        let alphabet: Vec<char> = "aZk9 0.,-’'\":;)(!?\nhtps/wé$%”—…‐①Ⅻ\u{301}".chars().collect();
        let mut state = 0x2545_f491_4f6c_dd1du64;
        for _ in 0..100_000 {
            let mut text = String::new();
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            let len = 1 + (state % 12) as usize;
            for _ in 0..len {
                state ^= state << 13;
                state ^= state >> 7;
                state ^= state << 17;
                text.push(alphabet[(state % alphabet.len() as u64) as usize]);
            }
            // Every start, and every end the text may be cut at (a paragraph end).
            let ends: Vec<usize> = text.char_indices().map(|(e, _)| e).skip(1).chain([text.len()]).collect();
            for (i, c) in text.char_indices() {
                if is_alnum(c) {
                    for &end in ends.iter().filter(|&&e| e > i) {
                        let expect = scan_word_general(&text, i, end);
                        assert_eq!(scan_word(&text[..end], i), expect, "{text:?} at {i}..{end}");
                        assert_eq!(scan_word_from(&text[..end], i, i), expect, "{text:?} at {i}..{end}");
                    }
                }
            }
        }
        for text in [
            "http://x.org",
            "https://x.org",
            "http: no",
            "https:",
            "ahttp://x",
            "www.x.org",
            "2,600 people",
            "U.S. troops",
            "Mr. Putin",
            "COVID-19 cases",
            "a”",
            "ab— c",
            "x\u{2010}y",
            "it’s",
            "e\u{301}",
            "9①",
            "Said.",
            "Gov. X",
            "ph.d.",
            "No. 2",
            "said no.",
            "Inc. The",
            "e.g. this",
            "a.m.",
            "St.Petersburg",
            "O’Brien’s",
            "leaders’ plan",
            "1,2,3",
            "1,234,567.89bn.",
            "2.5.",
            "É.U. x",
            "Ph.D. x",
            "www",
            "wwww.x",
            "U.S",
            "co-op’s",
            "x-",
            "said.",
            "SAID. x",
            "www.",
            "wwwx.y",
            "G7.5",
            "G7.x",
            "2014.",
            "21st.",
            "ab.",
            "Mr. X",
            "Sept. 5",
            "St.",
            "Inc.",
            "nos. 3",
            "governments.",
            "Russia’s",
            "Russia’s plan",
            "Russia’sa",
            "Russia’sé",
            "Russia’s—",
            "it's",
            "Putin's.",
            "G7's",
            "2020’s",
            "a’s",
            "ab’S",
        ] {
            assert_eq!(scan_word(text, 0), scan_word_general(text, 0, text.len()), "{text:?}");
        }
    }

    use super::*;

    /// The word scanner as first written, char by char: the reference [`scan_word`] must agree with.
    fn scan_word_general(text: &str, i: usize, end: usize) -> (usize, TokenKind) {
        let bytes = text.as_bytes();
        let first = char_at(text, i).unwrap_or('a');
        let numeric = first.is_ascii_digit();

        // URLs and e-mail-like strings stay one token up to the next space.
        if !numeric
            && matches!(bytes.get(i), Some(b'h' | b'w'))
            && (text[i..end].starts_with("http://")
                || text[i..end].starts_with("https://")
                || text[i..end].starts_with("www."))
        {
            let e = text[i..end].find(char::is_whitespace).map_or(end, |p| i + p);
            let e = trim_trailing_punct(text, i, e);
            return (e, TokenKind::Word);
        }

        if !numeric {
            if let Some(e) = scan_acronym(text, i, end) {
                return (e, TokenKind::Abbreviation);
            }
        }

        let mut j = alnum_run_general(text, i, end);
        while let Some(c) = char_at(text, j).filter(|_| j < end) {
            let clen = c.len_utf8();
            let next = char_at(text, j + clen).filter(|_| j + clen < end);
            let prev = text[..j].chars().next_back();
            match c {
                // Thousands separators and decimals: `2,600`, `2.5`, `0.25`.
                '.' | ',' if prev.is_some_and(|p| p.is_ascii_digit()) && next.is_some_and(|n| n.is_ascii_digit()) => {
                    // `1,2,3` lists and dates aside, a comma separator is followed by three digits.
                    if c == ',' && !three_digits_follow(bytes, j + 1, end) {
                        break;
                    }
                    j = alnum_run_general(text, j + 1, end);
                }
                // Inner hyphens: `military-political`, `21-gun`, `10-15`, `COVID-19`.
                c if is_hyphen(c) && next.is_some_and(is_alnum) => {
                    j = alnum_run_general(text, j + clen, end);
                }
                // Inner apostrophes: `won’t`, `O’Brien`, but not the possessive `’s`.
                c if is_apostrophe(c)
                    && prev.is_some_and(is_alpha)
                    && next.is_some_and(is_alpha)
                    && !starts_possessive(text, j, end) =>
                {
                    j = alnum_run_general(text, j + clen, end);
                }
                '.' => {
                    // An abbreviation keeps its period: `Mr.`, `V.`, `Inc.`, `No. 2`.
                    if !numeric && takes_period(text, i, j, end) {
                        j += 1;
                    }
                    break;
                }
                _ => break,
            }
        }
        let kind = if numeric {
            TokenKind::Number
        } else if text[i..j].ends_with('.') {
            TokenKind::Abbreviation
        } else {
            TokenKind::Word
        };
        (j, kind)
    }

    /// End of the run of alphanumeric chars starting at `i`, char by char.
    fn alnum_run_general(text: &str, i: usize, end: usize) -> usize {
        let mut j = i;
        while let Some(c) = char_at(text, j).filter(|_| j < end) {
            if !(is_alnum(c) || is_combining(c)) {
                break;
            }
            j += c.len_utf8();
        }
        j
    }

    #[test]
    fn lone_punctuation_is_what_scan_punct_gives() {
        for b in 0..0x80u8 {
            if BYTE_CLASS[usize::from(b)] != LONE {
                continue;
            }
            let text = format!("{}{}x", b as char, b as char);
            assert_eq!(scan_punct(&text, 0, text.len(), b as char), (1, TokenKind::Punct), "{b:#x}");
            assert!(!matches!(b, b'.' | b'!' | b'?' | b'\''), "{b:#x}");
        }
    }

    #[test]
    fn the_punctuation_shortcut_and_word_keys_hold() {
        for c in ('\u{2000}'..='\u{20CF}').filter(|&c| is_punct_block(c)) {
            assert!(!c.is_alphanumeric() && !c.is_alphabetic(), "{c:?}");
        }
        for c in (0..=0x10FFFFu32).filter_map(char::from_u32) {
            assert_eq!(is_alnum(c), c.is_alphanumeric(), "{c:?}");
            assert_eq!(is_alpha(c), c.is_alphabetic(), "{c:?}");
        }
        for a in ABBREV_NEVER_FINAL.iter().chain(ABBREV_MAYBE_FINAL) {
            assert!(a.is_ascii() && a.len() <= ABBREV_MAX_LEN, "{a}");
        }
        // Every listed word has a key of its own, and the key tables hold them all.
        for list in [ABBREV_NEVER_FINAL, ABBREV_MAYBE_FINAL, SENTENCE_OPENERS] {
            for w in list {
                assert!(*w == w.to_lowercase() && lower_key(w) == Some(ascii_key(w.as_bytes())), "{w}");
                assert_ne!(ascii_key(w.as_bytes()), 0, "{w}");
            }
        }
        let keys = |lists: &[&[&str]]| {
            let mut k: Vec<u128> = lists.iter().flat_map(|l| l.iter()).map(|w| ascii_key(w.as_bytes())).collect();
            k.sort_unstable();
            k
        };
        assert_eq!(ABBREV_KEYS.to_vec(), keys(&[ABBREV_NEVER_FINAL, ABBREV_MAYBE_FINAL]));
        assert_eq!(NEVER_FINAL_KEYS.to_vec(), keys(&[ABBREV_NEVER_FINAL]));
        assert_eq!(OPENER_KEYS.to_vec(), keys(&[SENTENCE_OPENERS]));
        assert_eq!(ascii_key(b"ab\0"), 0);
        assert_eq!(ascii_key(b"abcdefghijklmnopq"), 0);
        assert_eq!(ascii_key(b"MR"), ascii_key(b"mr"));
    }

    fn toks(text: &str) -> Vec<&str> {
        Segmentation::new(text).tokens.iter().map(|t| t.span.slice(text)).collect()
    }

    fn sents(text: &str) -> Vec<&str> {
        Segmentation::new(text).sentences.iter().map(|s| s.span.slice(text)).collect()
    }

    #[test]
    fn titles_initials_and_abbreviations_do_not_end_sentences() {
        let text = "President Vladimir V. Putin met Mr. Xi in St. Petersburg on Jan. 5, and the No. 2 official came too. They talked.";
        assert_eq!(
            sents(text),
            vec![
                "President Vladimir V. Putin met Mr. Xi in St. Petersburg on Jan. 5, and the No. 2 official came too.",
                "They talked."
            ]
        );
        let t = toks(text);
        for expect in ["V.", "Mr.", "St.", "Jan.", "No."] {
            assert!(t.contains(&expect), "{expect} missing from {t:?}");
        }
    }

    #[test]
    fn dotted_acronyms_end_a_sentence_only_before_an_opener() {
        let text = "Sanctions from the U.S. and Europe followed. He lives in the U.S. The rest stayed.";
        assert_eq!(
            sents(text),
            vec!["Sanctions from the U.S. and Europe followed.", "He lives in the U.S.", "The rest stayed."]
        );
        assert!(toks("to the U.S. Senate").contains(&"U.S."));
        assert!(toks("around 2 p.c of output").contains(&"p.c"));
    }

    #[test]
    fn quotation_that_ends_with_attribution_is_one_sentence() {
        let text = "“We are with you,” he said. “But not forever.” The talks ended.";
        assert_eq!(sents(text), vec!["“We are with you,” he said.", "“But not forever.”", "The talks ended."]);
        let straight = "\"Stop!\" she shouted. Then she left.";
        assert_eq!(sents(straight), vec!["\"Stop!\" she shouted.", "Then she left."]);
        let closing = "He called it “an aggression.” Japan agreed.";
        assert_eq!(sents(closing), vec!["He called it “an aggression.”", "Japan agreed."]);
    }

    #[test]
    fn decimals_and_thousands_stay_in_one_token() {
        let text = "The 2,600 miles cost $2.5 billion, or 1.2bn yuan, up 0.25 points.";
        let t = toks(text);
        for expect in ["2,600", "2.5", "1.2bn", "0.25", "$"] {
            assert!(t.contains(&expect), "{expect} missing from {t:?}");
        }
        assert_eq!(sents(text).len(), 1);
    }

    #[test]
    fn hyphens_possessives_and_apostrophes() {
        let t = toks("Russia’s military-political ties, a 21-gun salute, they won’t budge in the ’90s.");
        assert_eq!(
            t,
            vec![
                "Russia",
                "’s",
                "military-political",
                "ties",
                ",",
                "a",
                "21-gun",
                "salute",
                ",",
                "they",
                "won’t",
                "budge",
                "in",
                "the",
                "’90s",
                "."
            ]
        );
        assert_eq!(toks("Putin's plan"), vec!["Putin", "'s", "plan"]);
        assert_eq!(toks("the leaders' plan"), vec!["the", "leaders", "'", "plan"]);
    }

    #[test]
    fn punctuation_is_split_off_and_grouped() {
        assert_eq!(toks("Wait... what?!"), vec!["Wait", "...", "what", "?!"]);
        assert_eq!(toks("''A Visit,'' he wrote"), vec!["''", "A", "Visit", ",", "''", "he", "wrote"]);
        assert_eq!(toks("(Reuters) — 70%"), vec!["(", "Reuters", ")", "—", "70", "%"]);
    }

    #[test]
    fn paragraphs_are_lines_and_spans_are_byte_offsets() {
        let text = "MOSCOW — First line.\n\n“Second,” she said.\nThird one";
        let seg = Segmentation::new(text);
        let paras: Vec<&str> = seg.paragraphs.iter().map(|p| p.span.slice(text)).collect();
        assert_eq!(paras, vec!["MOSCOW — First line.", "“Second,” she said.", "Third one"]);
        for t in &seg.tokens {
            assert!(t.span.get(text).is_some());
        }
        assert_eq!(seg.paragraph_sentences(&seg.paragraphs[1]).len(), 1);
    }

    #[test]
    fn hard_wrapped_lines_are_joined() {
        let text = "The deal was signed\nin Moscow on Tuesday.\nA new paragraph.";
        let seg = Segmentation::new(text);
        assert_eq!(seg.paragraphs.len(), 2);
        assert_eq!(seg.sentences[0].span.slice(text), "The deal was signed\nin Moscow on Tuesday.");
    }

    #[test]
    fn degenerate_inputs() {
        assert_eq!(Segmentation::new("").tokens.len(), 0);
        assert_eq!(Segmentation::new("   \n\n\t").sentences.len(), 0);
        assert_eq!(toks("....."), vec!["....."]);
        assert_eq!(toks("'"), vec!["'"]);
        assert_eq!(toks("a'"), vec!["a", "'"]);
        assert_eq!(toks("U."), vec!["U."]);
        let long = "word ".repeat(MAX_SENTENCE_TOKENS * 2 + 3);
        let seg = Segmentation::new(&long);
        assert_eq!(seg.sentences.len(), 3);
        assert!(seg.sentences.iter().all(|s| s.tokens.len() <= MAX_SENTENCE_TOKENS));
        // Mixed scripts and combining marks never split a char.
        let odd = "Nadège Rolland 北京 e\u{301}te\u{301} \u{0}\u{7f} 🙂!";
        for t in &Segmentation::new(odd).tokens {
            assert!(t.span.get(odd).is_some());
        }
    }

    #[test]
    fn sentence_lookup_agrees_with_a_search_of_all_sentences() {
        let text = "One. Two three. ".repeat(40) + &"word ".repeat(200) + "Last one. Yes. No.";
        let mut seg = Segmentation::new(&text);
        let all = |seg: &Segmentation, off: u32| seg.sentences.partition_point(|s| s.span.start <= off).checked_sub(1);
        for off in (0..text.len() as u32 + 600).chain([u32::MAX - 1, u32::MAX]) {
            assert_eq!(seg.sentence_index_at(off), all(&seg, off), "{off}");
        }
        // A table that does not fit the sentences (edited by hand) is not trusted.
        seg.sentences.drain(..3);
        for off in (0..text.len() as u32).step_by(7) {
            assert_eq!(seg.sentence_index_at(off), all(&seg, off), "{off}");
        }
        assert_eq!(Segmentation::default().sentence_index_at(5), None);
    }

    #[test]
    fn lookups_by_offset() {
        let text = "One. Two three. Four.";
        let seg = Segmentation::new(text);
        assert_eq!(seg.sentence_index_at(6), Some(1));
        assert_eq!(seg.sentence_index_at(0), Some(0));
        assert_eq!(seg.paragraph_index_at(20), Some(0));
        assert_eq!(seg.tokens[seg.token_index_at(6)].span.slice(text), "Two");
    }
}
