//! The scanner: finds candidate positions (digits, number words, vulgar fractions) with one
//! Aho-Corasick pass, parses the expression there and classifies it from its neighbours.

use crate::expr::{self, Expr, Form};
use crate::lex::{
    Low, TK, Tok, at, before, is_dash, is_sym, is_word, letters_key, next_tok, prev_tok, skip_space, text,
};
use crate::lexicon::{self, UnitKind};
use lede_core::TokenKind;
use serde::Serialize;

/// What a figure is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    /// A count or other plain number.
    Cardinal,
    /// A rank: `first`, `21st`.
    Ordinal,
    /// A percentage; the value is the number itself (`2 p.c` is 2).
    Percent,
    /// An amount of money; the value is the full amount in the currency's main unit.
    Money,
    /// A physical quantity with a unit.
    Quantity,
    /// A calendar year or decade.
    Year,
    /// A span of time, in its own unit.
    Duration,
    /// An age.
    Age,
    /// A temperature.
    Temperature,
}

impl Kind {
    /// The name the kind serializes to (`cardinal`, `money`, …).
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Cardinal => "cardinal",
            Kind::Ordinal => "ordinal",
            Kind::Percent => "percent",
            Kind::Money => "money",
            Kind::Quantity => "quantity",
            Kind::Year => "year",
            Kind::Duration => "duration",
            Kind::Age => "age",
            Kind::Temperature => "temperature",
        }
    }
}

/// One figure found by the scanner (byte offsets into the text).
#[derive(Clone, Debug, PartialEq)]
pub struct Item {
    /// First byte.
    pub start: usize,
    /// One past the last byte.
    pub end: usize,
    /// Kind.
    pub kind: Kind,
    /// Value, `None` when the text names no exact value.
    pub value: Option<f64>,
    /// ISO 4217 code for money, a singular unit word otherwise.
    pub unit: Option<&'static str>,
    /// Approximation or bound before the number (`about`, `more-than`), or range role.
    pub modifier: Option<&'static str>,
    /// Byte range of the noun phrase the figure counts, when the grammar shows it.
    pub counts: Option<(usize, usize)>,
}

/// Options that change what the scanner reports.
#[derive(Clone, Copy, Debug, Default)]
pub struct ScanOptions {
    /// Report cents and pence as written (`34 cents` = 34, unit `USD` cents) instead of in the
    /// main unit (0.34 USD).
    pub minor_units_as_written: bool,
    /// Report relative ordinals (`last`, `next`, `previous`, `penultimate`, `second to last`)
    /// as ordinals with a null value.
    pub relative_ordinals: bool,
    /// Report unit words without a number (`percent`, `%`, `fahrenheit`, `dollars`) with a null
    /// value.
    pub bare_units: bool,
    /// Also report the plain number inside money and durations (`470 million` inside
    /// `$470 million`) as a cardinal of its own; these items overlap their container.
    pub nested_numbers: bool,
    /// Do not give the first number of a range the unit of the second (`10-15%` then gives
    /// `10` as a cardinal and `15%` as a percent).
    pub no_range_units: bool,
}

/// Finds every figure in `text`, in order, without overlaps. Linear in the text length: one
/// pass over the bytes finds candidates (digits, number words, vulgar fractions) and each
/// candidate is parsed within a bounded window.
pub fn scan(text: &str, opts: ScanOptions) -> Vec<Item> {
    let mut st = State { out: Vec::new(), pos: 0 };
    scan_range(text.as_bytes(), 0, text.len(), &opts, &mut st);
    finish(text.as_bytes(), st.out, &opts)
}

/// Adds the nested cardinals when asked for.
fn finish(b: &[u8], items: Vec<Item>, opts: &ScanOptions) -> Vec<Item> {
    if !opts.nested_numbers {
        return items;
    }
    let mut out = Vec::with_capacity(items.len());
    for it in items {
        let inner = match it.kind {
            Kind::Money | Kind::Duration => nested_cardinal(b, &it),
            _ => None,
        };
        out.push(it);
        out.extend(inner);
    }
    out
}

/// The plain number inside a money or duration item.
fn nested_cardinal(b: &[u8], it: &Item) -> Option<Item> {
    let mut i = it.start;
    while i < it.end {
        let c = at(b, i);
        if c.is_ascii_digit() || (c.is_ascii_alphabetic() && !before(b, i).is_ascii_alphabetic()) {
            if let Some(x) = expr::parse_at(b, i, it.start) {
                if x.form == Form::Cardinal && x.e <= it.end && x.value.is_some() {
                    let (mut e, mut v) = (x.e, x.value);
                    if let Some((ss, se)) = x.suffix {
                        if let Some((m, _)) = lexicon::scale_suffix(b.get(ss..se).unwrap_or(b"")) {
                            e = se;
                            v = v.map(|v| v * m);
                        }
                    }
                    if (x.s, e) == (it.start, it.end) {
                        return None;
                    }
                    return Some(item(x.s, e, Kind::Cardinal, v, None));
                }
            }
            if c.is_ascii_digit() {
                return None;
            }
        }
        i += 1;
    }
    None
}

/// Like [`scan`], but visits only the given tokens of the text (from a shared segmentation):
/// pure-letter words are checked against the number-word list, everything else is scanned
/// byte by byte. Gives the same result as [`scan`] when the tokens cover every word and number.
pub fn scan_tokens(text: &str, tokens: &[lede_core::Token], opts: ScanOptions) -> Vec<Item> {
    // The token loop compiled apart for the usual options (no extra words), which lets most
    // tokens be skipped with fewer tests.
    if opts.relative_ordinals || opts.bare_units {
        scan_tokens_with::<true>(text, tokens, opts)
    } else {
        scan_tokens_with::<false>(text, tokens, opts)
    }
}

/// [`scan_tokens`], for `EXTRAS` = relative ordinals or bare units on.
fn scan_tokens_with<const EXTRAS: bool>(text: &str, tokens: &[lede_core::Token], opts: ScanOptions) -> Vec<Item> {
    let b = text.as_bytes();
    let mut st = State { out: Vec::with_capacity(text.len() / 256), pos: 0 };
    let triggers: &lexicon::WordFilter = &lexicon::TRIGGER_FILTER;
    let mut rest = tokens.iter();
    // Invariant: every token left in `rest` starts at or after the end of the last figure.
    while let Some(t) = rest.next() {
        if !EXTRAS && quick_skip(b, t, triggers) {
            continue;
        }
        visit::<EXTRAS>(b, t, &opts, &mut st);
        // Tokens that start inside the figure just found: only their rest is scanned.
        while let Some(t) = rest.as_slice().first().filter(|t| (t.span.start as usize) < st.pos) {
            rest.next();
            visit::<EXTRAS>(b, t, &opts, &mut st);
        }
    }
    finish(b, st.out, &opts)
}

/// True for the common tokens that [`visit`] would pass over, decided with as few tests as
/// possible: a word of ASCII letters that is no number word, or punctuation or a symbol without
/// the lead byte of a vulgar fraction. The token must start after the last figure.
#[inline(always)]
fn quick_skip(b: &[u8], t: &lede_core::Token, triggers: &lexicon::WordFilter) -> bool {
    match t.kind {
        TokenKind::Word => {
            letters_key(b, t.span.start as usize, t.span.end as usize).is_some_and(|key| !triggers.may_hold(key))
        }
        TokenKind::Punct | TokenKind::Symbol => {
            CLASS[usize::from(b.get(t.span.start as usize).copied().unwrap_or(0))] != LEAD
        }
        _ => false,
    }
}

/// Scans one token (from the end of the last figure on, when it starts inside it): pure-letter
/// words are checked against the number-word list, everything else that may hold a figure is
/// scanned byte by byte.
#[inline]
fn visit<const EXTRAS: bool>(b: &[u8], t: &lede_core::Token, opts: &ScanOptions, st: &mut State) {
    let (s, e) = (t.span.start as usize, (t.span.end as usize).min(b.len()));
    if e <= st.pos {
        return;
    }
    let s = s.max(st.pos);
    let Some(bytes) = b.get(s..e) else { return };
    match t.kind {
        TokenKind::Word => {
            // Most words are short plain words that cannot start a figure: decide those from
            // one eight-byte load (same answer as the tests below).
            if !EXTRAS && plain_word(b, s, e) {
                return;
            }
            let first = bytes.first().copied().unwrap_or(0);
            if CLASS[usize::from(first)] != LETTER {
                // Non-ASCII words: vulgar fractions ("½") and the like.
                if CLASS[usize::from(first)] == LEAD && !lead_without_figure(bytes) {
                    scan_range(b, s, e, opts, st);
                }
                return;
            }
            if lexicon::maybe_trigger(bytes) || EXTRAS {
                if bytes.iter().all(u8::is_ascii_alphabetic) {
                    if lexicon::is_trigger(bytes) && !before(b, s).is_ascii_digit() {
                        try_candidate(b, s, opts, st);
                    } else if EXTRAS && s >= st.pos {
                        if let Some(it) = extra_word(b, s, e, opts, st.pos) {
                            st.pos = it.end;
                            st.out.push(it);
                        }
                    }
                } else {
                    scan_range(b, s, e, opts, st);
                }
            } else if bytes.last().is_some_and(u8::is_ascii_digit) || has_hyphen(b, s, e) {
                // "mid-1990s", "three-nought-four": numbers after a hyphen.
                scan_range(b, s, e, opts, st);
            }
        }
        TokenKind::Number => scan_range(b, s, e, opts, st),
        TokenKind::Symbol | TokenKind::Punct | TokenKind::Abbreviation => {
            if EXTRAS && opts.bare_units && bytes == b"%" {
                if let Some(it) = bare_percent_sign(b, s, st.pos) {
                    st.pos = it.end;
                    st.out.push(it);
                }
            } else if CLASS[usize::from(bytes.first().copied().unwrap_or(0))] == LEAD && !lead_without_figure(bytes) {
                scan_range(b, s, e, opts, st);
            }
        }
    }
}

/// The word `b[s..e]` of one to eight bytes as a little-endian `u64`, bytes past it cleared;
/// `None` for longer words or near the end of the text.
#[inline]
fn word8(b: &[u8], s: usize, e: usize) -> Option<u64> {
    let len = e.checked_sub(s).filter(|l| (1..=8).contains(l))?;
    let word = <[u8; 8]>::try_from(b.get(s..s + 8)?).ok()?;
    let x = u64::from_le_bytes(word);
    Some(if len == 8 { x } else { x & ((1u64 << (8 * len)) - 1) })
}

/// True when the word `b[s..e]` (1 to 16 bytes, not near the end of the text) certainly cannot
/// start or hold a figure: it starts with an ASCII letter, its first three bytes are no number
/// word's prefix, and it has no hyphen, dot, slash or digit. Same answer as the word tests in
/// [`scan_tokens`], from one or two eight-byte loads.
#[inline]
fn plain_word(b: &[u8], s: usize, e: usize) -> bool {
    let len = e.saturating_sub(s);
    if len <= 8 {
        return word8(b, s, e).is_some_and(|x| {
            CLASS[(x & 0xff) as usize] == LETTER && !lexicon::maybe_trigger8(x) && !has_dash_or_digit(x)
        });
    }
    if len > 16 {
        return false;
    }
    match (word8(b, s, s + 8), word8(b, s + 8, e)) {
        (Some(x), Some(y)) => {
            CLASS[(x & 0xff) as usize] == LETTER
                && !lexicon::maybe_trigger8(x)
                && !has_dash_or_digit(x)
                && !has_dash_or_digit(y)
        }
        _ => false,
    }
}

/// True for a token that is one two- or three-byte character led by `0xC2` or `0xE2` other than
/// a vulgar fraction, optionally followed by one or two ASCII letters (`’s`, `“`, `—`, `°`):
/// the byte scan finds no candidate in it (number words have three letters or more).
#[inline]
fn lead_without_figure(bytes: &[u8]) -> bool {
    let rest = match bytes {
        [0xE2, p, q, rest @ ..] if !(*p == 0x85 && (0x90..=0x9E).contains(q)) => rest,
        [0xC2, p, rest @ ..] if !(0xBC..=0xBE).contains(p) => rest,
        _ => return false,
    };
    rest.len() < 3 && rest.iter().all(u8::is_ascii_alphabetic)
}

/// True when some byte of `x` is in `-` ..= `9` (a hyphen, `.`, `/` or a digit). Non-ASCII
/// bytes never count.
#[inline]
fn has_dash_or_digit(x: u64) -> bool {
    const L: u64 = 0x0101_0101_0101_0101;
    const LOW7: u64 = L * 0x7f;
    let y = x & LOW7;
    // Bit 7 of each lane: byte < 0x3a, byte > 0x2c, and the byte is ASCII.
    ((L * (0x7f + 0x3a) - y) & !x & (y + L * (0x7f - 0x2c)) & (L * 0x80)) != 0
}

/// True when `b[s..e]` holds a `-`. Words are short: one eight-byte load and a bit trick
/// instead of a byte loop (or a memchr call) per word.
#[inline]
fn has_hyphen(b: &[u8], s: usize, e: usize) -> bool {
    let len = e.saturating_sub(s);
    if len <= 8 {
        if let Some(word) = b.get(s..s + 8).and_then(|w| <[u8; 8]>::try_from(w).ok()) {
            let x = u64::from_le_bytes(word);
            // Keep the word's bytes only; a cleared byte is not a `-`.
            let x = if len == 8 { x } else { x & ((1u64 << (8 * len)) - 1) };
            let v = x ^ 0x2d2d_2d2d_2d2d_2d2d;
            return v.wrapping_sub(0x0101_0101_0101_0101) & !v & 0x8080_8080_8080_8080 != 0;
        }
    }
    b.get(s..e).is_some_and(|w| w.contains(&b'-'))
}

/// Relative ordinals and bare unit words (only with the matching options).
fn extra_word(b: &[u8], s: usize, e: usize, opts: &ScanOptions, floor: usize) -> Option<Item> {
    let t = Tok { s, e, k: TK::Word };
    let w = lower_tok(b, t);
    if opts.relative_ordinals {
        let nx = next_tok(b, e);
        let the_before = prev_tok(b, s, floor).filter(|p| is_word(b, *p, "the")).map(|p| p.s);
        match w.as_str() {
            "last" | "next" | "previous" | "current" => {
                // "the last but one", "next to last"
                if let Some(n) = nx {
                    if w.as_str() == "last" && is_word(b, n, "but") {
                        if let Some(o) = next_tok(b, n.e).filter(|o| is_word(b, *o, "one")) {
                            return Some(item(the_before.unwrap_or(s), o.e, Kind::Ordinal, None, None));
                        }
                    }
                    if w.as_str() == "next" && is_word(b, n, "to") {
                        if let Some(l) = next_tok(b, n.e).filter(|l| is_word(b, *l, "last")) {
                            return Some(item(s, l.e, Kind::Ordinal, None, None));
                        }
                    }
                    // "the next one." (but "the last one books": only "last")
                    if is_word(b, n, "one") && next_tok(b, n.e).is_none_or(|m| m.k != TK::Word) {
                        return Some(item(s, n.e, Kind::Ordinal, None, None));
                    }
                }
                return Some(item(s, e, Kind::Ordinal, None, None));
            }
            "penultimate" | "antepenultimate" | "preantepenultimate" => {
                return Some(item(s, e, Kind::Ordinal, None, None));
            }
            _ => {}
        }
    }
    if opts.bare_units {
        // A unit word before an amount belongs to the amount ("rmb 10").
        if next_tok(b, e).is_some_and(|n| n.k == TK::Digits) {
            return None;
        }
        // "percent of 10", "per cent of twenty-two"
        if matches!(w.as_str(), "percent" | "percents" | "per") {
            let mut k = e;
            if w.as_str() == "per" {
                k = next_tok(b, e).filter(|c| is_word(b, *c, "cent"))?.e;
            }
            if let Some(of) = next_tok(b, k).filter(|o| is_word(b, *o, "of")) {
                if let Some(n) = next_tok(b, of.e).filter(|n| n.k == TK::Digits || n.k == TK::Word) {
                    if let Some(x) = expr::parse_at(b, n.s, of.e) {
                        if x.form == Form::Cardinal && x.value.is_some() && x.suffix.is_none() {
                            return Some(item(s, x.e, Kind::Percent, x.value, Some("percent")));
                        }
                    }
                }
            }
        }
        let (kind, unit) = match w.as_str() {
            "percent" | "percentage" | "percents" => (Kind::Percent, "percent"),
            "celsius" | "centigrade" | "celcius" => (Kind::Temperature, "celsius"),
            "fahrenheit" | "farenheit" => (Kind::Temperature, "fahrenheit"),
            "dollar" | "dollars" => (Kind::Money, "USD"),
            "rmb" | "yuan" | "renminbi" => (Kind::Money, "CNY"),
            "degrees" | "degree" => {
                let n = next_tok(b, e)?;
                let nw = lower_tok(b, n);
                let unit = match nw.as_str() {
                    "celsius" | "centigrade" | "celcius" => "celsius",
                    "fahrenheit" | "farenheit" => "fahrenheit",
                    _ => return None,
                };
                return Some(item(s, n.e, Kind::Temperature, None, Some(unit)));
            }
            _ => return None,
        };
        return Some(item(s, e, kind, None, Some(unit)));
    }
    None
}

/// A `%` with no number before it ("the % of increase").
fn bare_percent_sign(b: &[u8], s: usize, floor: usize) -> Option<Item> {
    let p = prev_tok(b, s, floor);
    if p.is_some_and(|p| p.k == TK::Digits) || at(b, s + 1).is_ascii_alphanumeric() {
        return None;
    }
    Some(item(s, s + 1, Kind::Percent, None, Some("percent")))
}

/// At most two items from one candidate (a range gives two), without allocating.
#[derive(Debug, Default)]
struct Two {
    a: Option<Item>,
    b: Option<Item>,
}

impl Two {
    fn first(&self) -> Option<&Item> {
        self.a.as_ref()
    }
    fn first_mut(&mut self) -> Option<&mut Item> {
        self.a.as_mut()
    }
    fn set_first(&mut self, it: Item) {
        self.a = Some(it);
    }
    fn push(&mut self, it: Item) {
        if self.a.is_none() {
            self.a = Some(it);
        } else {
            self.b = Some(it);
        }
    }
    fn clear(&mut self) {
        self.a = None;
        self.b = None;
    }
    fn is_empty(&self) -> bool {
        self.a.is_none() && self.b.is_none()
    }
}

impl IntoIterator for Two {
    type Item = Item;
    type IntoIter = std::iter::Flatten<std::array::IntoIter<Option<Item>, 2>>;
    fn into_iter(self) -> Self::IntoIter {
        [self.a, self.b].into_iter().flatten()
    }
}

/// Scanner state: the items so far and the end of the last one.
struct State {
    out: Vec<Item>,
    pos: usize,
}

/// Tries the candidate at `c`; returns where scanning should resume.
fn try_candidate(b: &[u8], c0: usize, opts: &ScanOptions, st: &mut State) -> usize {
    match candidate(b, c0, st.pos, opts, &st.out) {
        Some(items) if !items.is_empty() => {
            let mut next = st.pos;
            for it in items {
                if it.start >= next {
                    next = it.end;
                    st.out.push(it);
                }
            }
            st.pos = next.max(c0 + 1);
            st.pos
        }
        _ => {
            // Skip the whole token that failed, so its later digits do not re-trigger.
            let mut e = c0 + 1;
            while at(b, e).is_ascii_alphanumeric()
                || (matches!(at(b, e), b',' | b'.' | b'-' | b':') && at(b, e + 1).is_ascii_digit())
            {
                e += 1;
            }
            e
        }
    }
}

/// Scans candidates starting in `from..to` byte by byte.
fn scan_range(b: &[u8], from: usize, to: usize, opts: &ScanOptions, st: &mut State) {
    let mut i = from;
    let n = to.min(b.len());
    while i < n {
        // Jump to the next byte that can start a candidate: a letter, a digit, or the lead byte
        // of a vulgar fraction.
        let Some(off) = b.get(i..n).and_then(|rest| rest.iter().position(|&x| CLASS[usize::from(x)] != 0)) else {
            break;
        };
        i += off;
        let c = at(b, i);
        let cand = match CLASS[usize::from(c)] {
            DIGIT => !before(b, i).is_ascii_digit(),
            LETTER => {
                let s = i;
                let len = b
                    .get(s..)
                    .map_or(0, |rest| rest.iter().position(|&x| CLASS[usize::from(x)] != LETTER).unwrap_or(rest.len()));
                i = s + len;
                if s >= st.pos
                    && !before(b, s).is_ascii_alphanumeric()
                    && lexicon::is_trigger(b.get(s..i).unwrap_or(b""))
                {
                    i = s;
                    true
                } else {
                    continue;
                }
            }
            _ => {
                c == 0xC2 && matches!(at(b, i + 1), 0xBC..=0xBE)
                    || c == 0xE2 && at(b, i + 1) == 0x85 && matches!(at(b, i + 2), 0x90..=0x9E)
            }
        };
        if !cand || i < st.pos {
            i += 1;
            continue;
        }
        i = try_candidate(b, i, opts, st);
    }
}

const LETTER: u8 = 1;
const DIGIT: u8 = 2;
const LEAD: u8 = 3;

/// Byte classes for the candidate scan.
static CLASS: [u8; 256] = {
    let mut t = [0u8; 256];
    let mut c = 0;
    while c < 256 {
        let b = c as u8;
        t[c] = if b.is_ascii_alphabetic() {
            LETTER
        } else if b.is_ascii_digit() {
            DIGIT
        } else if b == 0xC2 || b == 0xE2 {
            LEAD
        } else {
            0
        };
        c += 1;
    }
    t
};

fn lower_tok(b: &[u8], t: Tok) -> Low {
    crate::lex::low(b, t)
}

/// True when the token is a word starting with an upper-case letter.
fn is_capitalized(b: &[u8], t: Tok) -> bool {
    t.k == TK::Word && at(b, t.s).is_ascii_uppercase()
}

/// Words that may be capitalized before a number without making it part of a name.
fn capital_ok(w: &str) -> bool {
    lexicon::is_function_word(w)
        || lexicon::is_month(w)
        || matches!(
            w,
            "nearly"
                | "almost"
                | "roughly"
                | "approximately"
                | "only"
                | "about"
                | "some"
                | "over"
                | "under"
                | "since"
                | "until"
                | "by"
                | "in"
                | "on"
                | "from"
                | "to"
                | "of"
                | "and"
                | "the"
                | "top"
                | "page"
                | "figure"
                | "aged"
                | "age"
                | "ages"
                | "monday"
                | "tuesday"
                | "wednesday"
                | "thursday"
                | "friday"
                | "saturday"
                | "sunday"
                | "minus"
                | "negative"
                | "plus"
                | "just"
                | "least"
                | "most"
                | "than"
                | "all"
                | "another"
                | "those"
                | "these"
                | "every"
                | "first"
                | "last"
                | "next"
                | "per"
        )
}

/// True when the token starts a sentence (start of text or line, or after `.!?:` and quotes).
fn starts_sentence(b: &[u8], t: Tok) -> bool {
    match prev_tok(b, t.s, 0) {
        None => true,
        Some(p) => {
            p.k == TK::Break
                || (p.k == TK::Sym
                    && matches!(text(b, p), "." | "!" | "?" | ":" | "“" | "\"" | "(" | "—" | "–" | "‘" | "'" | ";"))
        }
    }
}

/// The token before one position, lexed on first use and kept: the rules for one candidate ask
/// for the token before the figure again and again (name, minus sign, currency, age, date and
/// modifier tests).
struct Before {
    at: usize,
    floor: usize,
    tok: Option<Option<Tok>>,
}

impl Before {
    fn new(at: usize, floor: usize) -> Before {
        Before { at, floor, tok: None }
    }

    /// `prev_tok(b, i, floor)`, kept when it is asked for the memo's own position.
    fn prev(&mut self, b: &[u8], i: usize, floor: usize) -> Option<Tok> {
        if (i, floor) != (self.at, self.floor) {
            return prev_tok(b, i, floor);
        }
        *self.tok.get_or_insert_with(|| prev_tok(b, i, floor))
    }
}

/// Is the number at `s` part of a name or code (`Siberia 2`, `Group of seven`, `G7`, `COVID-19`)?
fn in_name(b: &[u8], s: usize, floor: usize, near: &mut Before) -> bool {
    let p0 = before(b, s);
    let digit = at(b, s).is_ascii_digit();
    if digit && p0.is_ascii_alphabetic() {
        return true;
    }
    if digit && p0 == b'-' {
        // COVID-19, F-16, SCP-173 (but mid-1990s, pre-2014).
        if let Some(w) = crate::lex::tok_ending(b, s - 1, floor) {
            if w.k == TK::Word {
                let lw = lower_tok(b, w);
                let prefix = matches!(
                    lw.as_str(),
                    "mid"
                        | "pre"
                        | "post"
                        | "early"
                        | "late"
                        | "over"
                        | "under"
                        | "non"
                        | "anti"
                        | "sub"
                        | "ex"
                        | "top"
                        | "some"
                        | "nearly"
                        | "about"
                        | "around"
                        | "the"
                        | "a"
                        | "and"
                        | "or"
                        | "to"
                        | "from"
                );
                return !prefix;
            }
            if w.k == TK::Digits {
                // Phone-like 222-2222-3333 or a range: handled by the caller.
                return false;
            }
        }
    }
    let Some(p) = near.prev(b, s, floor) else { return false };
    if is_capitalized(b, p) && lexicon::currency_code(b.get(p.s..p.e).unwrap_or(b"")).is_some() {
        return false;
    }
    if digit && is_capitalized(b, p) && !starts_sentence(b, p) {
        let low = lower_tok(b, p);
        // (The text checked once, not at each test.)
        let w = low.as_str();
        if !capital_ok(w) && lexicon::word(w).is_none() && !all_caps_long(b, p) {
            return true;
        }
    }
    // "Group of seven", "Power of Siberia 2"
    if is_word(b, p, "of") {
        if let Some(pp) = prev_tok(b, p.s, floor) {
            if is_capitalized(b, pp) && !starts_sentence(b, pp) && !capital_ok(&lower_tok(b, pp)) {
                return true;
            }
        }
    }
    false
}

/// An all-caps word of 4+ letters (headline style: "MOSCOW 2 ...") is not a name prefix.
fn all_caps_long(b: &[u8], t: Tok) -> bool {
    t.e - t.s >= 4 && b.get(t.s..t.e).is_some_and(|x| x.iter().all(u8::is_ascii_uppercase))
}

/// Time of day after a number: `6pm`, `6 p.m.`, `11:30`.
fn is_time_of_day(b: &[u8], x: &Expr, after: &mut After) -> bool {
    if at(b, x.e) == b':' && at(b, x.e + 1).is_ascii_digit() && at(b, x.e + 2).is_ascii_digit() {
        return true;
    }
    if let Some((s, e)) = x.suffix {
        let suf = b.get(s..e).unwrap_or(b"");
        if suf.eq_ignore_ascii_case(b"am") || suf.eq_ignore_ascii_case(b"pm") {
            return true;
        }
    }
    if let Some(n) = after.next_at(b, x.e) {
        if n.k == TK::Word {
            let w = b.get(n.s..n.e).unwrap_or(b"");
            if (w.eq_ignore_ascii_case(b"a") || w.eq_ignore_ascii_case(b"p")) && at(b, n.e) == b'.' {
                return matches!(at(b, n.e + 1), b'm' | b'M');
            }
            if (w.eq_ignore_ascii_case(b"am") || w.eq_ignore_ascii_case(b"pm")) && x.value.is_some_and(|v| v <= 12.0) {
                return true;
            }
            if w.eq_ignore_ascii_case(b"GMT") || w.eq_ignore_ascii_case(b"EST") || w.eq_ignore_ascii_case(b"ET") {
                return true;
            }
        }
    }
    false
}

/// A list marker: a small number at the start of a line followed by `.` or `)`.
fn is_list_marker(b: &[u8], x: &Expr) -> bool {
    // The bytes after the number first: most numbers are no list marker, and the token before
    // them is then not lexed.
    matches!(at(b, x.e), b'.' | b')')
        && matches!(at(b, x.e + 1), b' ' | b'\t')
        && prev_tok(b, x.s, 0).is_none_or(|p| p.k == TK::Break || is_sym(b, p, "("))
}

/// A day number next to a month name (`May 4`, `4 May`, `May 4th`) is part of a date.
fn is_day_of_month(b: &[u8], x: &Expr, floor: usize, near: &mut Before) -> bool {
    let v = x.value.unwrap_or(0.0);
    if x.words || !(1.0..=31.0).contains(&v) || x.ndigits > 2 {
        return false;
    }
    let month = |t: Option<Tok>| t.is_some_and(|t| t.k == TK::Word && lexicon::is_month(&lower_tok(b, t)));
    let prev = near.prev(b, x.s, floor);
    let prev = match prev {
        Some(p) if is_sym(b, p, ".") => prev_tok(b, p.s, floor),
        p => p,
    };
    let next = next_tok(b, x.e);
    // "May" as a modal: "may 4" is rare, accept.
    month(prev)
        || month(next)
        || next.is_some_and(|n| is_word(b, n, "of")) && {
            let m = next_tok(b, next.map_or(x.e, |n| n.e));
            month(m)
        }
}

/// The item(s) for the candidate at `c`.
fn candidate(b: &[u8], c: usize, floor: usize, opts: &ScanOptions, prior: &[Item]) -> Option<Two> {
    let mut near = Before::new(c, floor);
    if at(b, c).is_ascii_digit() && (in_url(b, c) || in_markup(b, c)) {
        return None;
    }
    if opts.relative_ordinals && at(b, c).is_ascii_alphabetic() {
        if let Some(it) = relative_phrase(b, c, floor) {
            return Some(Two { a: Some(it), b: None });
        }
    }
    if at(b, c).is_ascii_alphabetic() {
        // The tail of a hyphenated word ("one-on-one", "no-one").
        if before(b, c) == b'-' && before(b, c - 1).is_ascii_alphabetic() {
            let prev_number = crate::lex::tok_ending(b, c - 1, 0)
                .is_some_and(|w| lexicon::word(&lower_tok(b, w)).is_some_and(|x| matches!(x, lexicon::Word::Unit(_))));
            if !prev_number {
                return None;
            }
        }
        if let Some(it) = article_duration(b, c, floor, &mut near) {
            return Some(Two { a: Some(it), b: None });
        }
    }
    if in_name(b, c, floor, &mut near) {
        // "USD115": a glued currency code is money, not a name.
        if !glued_code_before(b, c, floor) {
            return None;
        }
    }
    // Two short slash-joined numbers that are not a fraction are a label or date ("9/11", "24/7").
    if at(b, c).is_ascii_digit() && before(b, c) == b'/' && before(b, c - 1).is_ascii_digit() && short_pair(b, c) {
        return None;
    }
    let mut x = expr::parse_at(b, c, floor)?;
    if x.s < floor {
        return None;
    }
    let mut after = After::new(x.e);
    if !x.words && at(b, x.e) == b'/' && at(b, x.e + 1).is_ascii_digit() && short_pair(b, x.e + 1) {
        return None;
    }
    // Digits followed by other glued letters are codes (5G, 3D, 24703L202), unless a unit or scale.
    if x.form == Form::Cardinal && !x.words && at(b, c).is_ascii_digit() && is_time_of_day(b, &x, &mut after) {
        return None;
    }
    if x.form == Form::Cardinal && !x.words && is_list_marker(b, &x) {
        return None;
    }
    // Negative sign glued to the digits: " -9.5" (not a range "10-15" or a word "F-16").
    if !x.words && x.s > floor && matches!(before(b, x.s), b'-') {
        let p2 = if x.s >= 2 { at(b, x.s - 2) } else { b' ' };
        if x.s == 1 || matches!(p2, b' ' | b'\t' | b'\n' | b'(') {
            let prevnum = prev_tok(b, x.s - 1, 0).is_some_and(|p| p.k == TK::Digits);
            if !prevnum {
                x.s -= 1;
                x.value = x.value.map(|v| -v);
                x.plain_int = false;
            }
        }
    }
    // A spaced minus at the start of a line: "- 1 4/5".
    if !x.words && x.s >= floor + 2 && x.value.is_some() {
        if let Some(m) = near.prev(b, x.s, floor).filter(|m| is_sym(b, *m, "-") && m.e < x.s) {
            if prev_tok(b, m.s, 0).is_none_or(|p| p.k == TK::Break) {
                x.s = m.s;
                x.value = x.value.map(|v| -v);
                x.plain_int = false;
            }
        }
    }
    let mut item = classify(b, &mut x, floor, opts, &mut near, &mut after)?;
    if item.start < floor {
        return None;
    }
    modifier(b, &mut item, floor, &mut near);
    if item.counts.is_none() {
        item.counts = counted_noun(b, &item, &mut after);
    }
    let mut items = Two { a: Some(item), b: None };
    // Ranges: "10-15%", "between 10 and 20 million", "$10 to $15".
    range(b, &mut items, opts, prior, &mut after);
    Some(items)
}

/// True when the position is inside a URL or e-mail-like run (`http://…/305`, `www.x.com/2`).
fn in_url(b: &[u8], c: usize) -> bool {
    let lo = c.saturating_sub(256);
    let mut s = c;
    while s > lo && !matches!(before(b, s), b' ' | b'\n' | b'\t' | b'(' | b'<' | b'"') {
        s -= 1;
    }
    let chunk = b.get(s..c).unwrap_or(b"");
    chunk.windows(3).any(|w| w == b"://") || chunk.windows(4).any(|w| w.eq_ignore_ascii_case(b"www."))
}

/// "the one before the last (one)", "the second to last".
fn relative_phrase(b: &[u8], c: usize, floor: usize) -> Option<Item> {
    let t = crate::lex::tok_here(b, c)?;
    let the = prev_tok(b, c, floor).filter(|p| is_word(b, *p, "the")).map_or(c, |p| p.s);
    let n1 = next_tok(b, t.e)?;
    let n2 = next_tok(b, n1.e)?;
    if is_word(b, t, "one") && is_word(b, n1, "before") && is_word(b, n2, "the") {
        let l = next_tok(b, n2.e).filter(|l| is_word(b, *l, "last"))?;
        let e = next_tok(b, l.e).filter(|o| is_word(b, *o, "one")).map_or(l.e, |o| o.e);
        return Some(item(the, e, Kind::Ordinal, None, None));
    }
    if (is_word(b, t, "second") || is_word(b, t, "third")) && is_word(b, n1, "to") && is_word(b, n2, "last") {
        return Some(item(the, n2.e, Kind::Ordinal, None, None));
    }
    None
}

/// "a century", "a decade", "half a century": a duration of one (or half) of a long unit.
fn article_duration(b: &[u8], c: usize, floor: usize, near: &mut Before) -> Option<Item> {
    let t = crate::lex::tok_here(b, c)?;
    // (Compared in place, in any case: most words are none of these.)
    let unit = ["century", "decade", "millennium"].into_iter().find(|u| is_word(b, t, u))?;
    let a = near.prev(b, t.s, floor).filter(|a| is_word(b, *a, "a") || is_word(b, *a, "an"))?;
    let (s, v) = match prev_tok(b, a.s, floor) {
        Some(h) if is_word(b, h, "half") => (h.s, 0.5),
        Some(q) if is_word(b, q, "quarter") && prev_tok(b, q.s, floor).is_some_and(|x| is_word(b, x, "a")) => {
            return None;
        }
        _ => (a.s, 1.0),
    };
    let mut it = item(s, t.e, Kind::Duration, Some(v), Some(unit));
    modifier(b, &mut it, floor, near);
    Some(it)
}

/// True when the digits at `c` (right after a `/`) and the digits before the slash are one or
/// two digits each and nothing more is slash-joined (`9/11`, `24/7`, but not `5/17/2018`).
fn short_pair(b: &[u8], c: usize) -> bool {
    let mut e = c;
    while at(b, e).is_ascii_digit() {
        e += 1;
    }
    let mut s = c - 1;
    while s > 0 && before(b, s).is_ascii_digit() {
        s -= 1;
    }
    let left = (c - 1) - s;
    let right = e - c;
    (1..=2).contains(&left) && (1..=2).contains(&right) && at(b, e) != b'/' && before(b, s) != b'/'
}

/// Digits in a markup attribute value (`timestamp="1449075600"`, `id='7'`).
fn in_markup(b: &[u8], c: usize) -> bool {
    let p = before(b, c);
    (matches!(p, b'"' | b'\'') && c >= 2 && at(b, c - 2) == b'=') || p == b'='
}

/// True when letters glued before `c` are a currency code (`USD115`).
fn glued_code_before(b: &[u8], c: usize, floor: usize) -> bool {
    match crate::lex::tok_ending(b, c, floor) {
        Some(t) if t.k == TK::Word => lexicon::currency_code(b.get(t.s..t.e).unwrap_or(b"")).is_some(),
        _ => false,
    }
}

fn item(s: usize, e: usize, kind: Kind, value: Option<f64>, unit: Option<&'static str>) -> Item {
    Item { start: s, end: e, kind, value, unit, modifier: None, counts: None }
}

/// Lower-case keys of the next 1..=n words after `i`, joined by single spaces (hyphens kept),
/// with the end of each. `first` is the token after `i` (`next_tok(b, i)`), already lexed. No
/// keys when the first word starts no currency or unit key (see [`lexicon::KEY_HEAD_FILTER`]).
fn words_after(b: &[u8], i: usize, first: Option<Tok>, n: usize) -> Keys {
    let mut out = Keys { key: Low::new(), ends: [(0, 0); 3], n: 0 };
    // Most words after a number start no currency or unit key: the only use of these keys.
    // Those are passed over from the word's loaded bytes, before any lower-casing.
    if first.is_some_and(|t| {
        t.k == TK::Word && crate::lex::letters_key(b, t.s, t.e).is_some_and(|k| !lexicon::KEY_HEAD_FILTER.may_hold(k))
    }) {
        return out;
    }
    let mut cur = i;
    for k in 0..n.min(3) {
        let Some(t) = (if k == 0 { first } else { next_tok(b, cur) }) else { break };
        if t.k != TK::Word {
            break;
        }
        let key = &mut out.key;
        let mut e = t.e;
        // "deg." abbreviation.
        if at(b, e) == b'.' && !at(b, e + 1).is_ascii_alphabetic() && is_word(b, t, "deg") {
            e += 1;
        }
        if out.n > 0 && !key.push(b" ") {
            break;
        }
        if !key.push(b.get(t.s..e).unwrap_or(b"")) {
            break;
        }
        cur = e;
        // A hyphen inside a unit ("kilowatt-hours", "light-years").
        if at(b, cur) == b'-' && at(b, cur + 1).is_ascii_alphabetic() {
            if let Some(t2) = crate::lex::tok_here(b, cur + 1) {
                if key.push(b"-") && key.push(b.get(t2.s..t2.e).unwrap_or(b"")) {
                    cur = t2.e;
                }
            }
        }
        let len = key.len();
        if let Some(slot) = out.ends.get_mut(out.n) {
            *slot = (len, cur);
            out.n += 1;
        }
        // Only continue into a second word when the first could start a multi-word key.
        if out.n == 1 && !lexicon::is_multiword_start(out.key.as_str()) {
            break;
        }
    }
    out
}

/// The keys [`words_after`] found: each key is a prefix of the last one (words are only
/// appended), so one buffer holds them all, with each key's length and end.
struct Keys {
    key: Low,
    ends: [(usize, usize); 3],
    n: usize,
}

impl Keys {
    /// (key, end) pairs, longest key first.
    fn rev(&self) -> impl Iterator<Item = (&str, usize)> {
        // The buffer holds ASCII words only: checked once as text, each key is a prefix of it.
        // (Most figures have no keys, and no text to check.)
        let whole = if self.n == 0 { "" } else { self.key.as_str() };
        self.ends.get(..self.n).unwrap_or(&[]).iter().rev().map(move |&(len, e)| (whole.get(..len).unwrap_or(""), e))
    }
}

/// What follows a position, lexed once and shared by the rules that look after a number
/// ([`is_time_of_day`], [`percent_after_tok`], [`currency_after_in`], [`unit_after_in`],
/// [`classify`], [`counted_noun`] and [`range`]): the next token, and the words after it on first
/// use.
struct After {
    i: usize,
    /// `next_tok(b, i)`, once lexed.
    next: Option<Option<Tok>>,
    words: Option<Keys>,
}

impl After {
    fn new(i: usize) -> After {
        After { i, next: None, words: None }
    }

    /// The token after the position (`next_tok(b, i)`).
    fn next(&mut self, b: &[u8]) -> Option<Tok> {
        let i = self.i;
        *self.next.get_or_insert_with(|| next_tok(b, i))
    }

    /// `next_tok(b, i)`, the kept token when `i` is the position this was made for.
    fn next_at(&mut self, b: &[u8], i: usize) -> Option<Tok> {
        if i == self.i { self.next(b) } else { next_tok(b, i) }
    }

    /// The keys and ends of up to three words after the position (see [`words_after`]).
    fn get(&mut self, b: &[u8]) -> &Keys {
        let next = self.next(b);
        let i = self.i;
        self.words.get_or_insert_with(|| words_after(b, i, next, 3))
    }
}

/// The longest unit after byte `i`: (unit, end).
fn unit_after(b: &[u8], i: usize, glued: bool) -> Option<(lexicon::Unit, usize)> {
    unit_after_in(b, glued, &mut After::new(i))
}

/// [`unit_after`] at the position of `after`, with what follows it shared.
fn unit_after_in(b: &[u8], glued: bool, after: &mut After) -> Option<(lexicon::Unit, usize)> {
    let i = after.i;
    let next = after.next(b);
    if let Some(t) = next.filter(|t| t.k == TK::Word) {
        // km/h, m/s, km/hr
        if at(b, t.e) == b'/' && at(b, t.e + 1).is_ascii_alphabetic() {
            let mut k = t.e + 1;
            while at(b, k).is_ascii_alphabetic() {
                k += 1;
            }
            if let Some(u) = lexicon::unit_abbrev(b.get(t.s..k)?) {
                return Some((u, k));
            }
        }
        // Letters glued to digits are a code ("m212"), except km2, m2, m3.
        if at(b, t.e).is_ascii_digit() {
            let e = t.e + 1;
            if at(b, e).is_ascii_alphanumeric() {
                return None;
            }
            let mut key = Low::new();
            key.push(b.get(t.s..e).unwrap_or(b""));
            return lexicon::unit_word(&key).map(|u| (u, e));
        }
    }
    // "20 (kg)", "20 [kg]", "120 μg"
    if let Some(o) = next.filter(|o| o.k == TK::Sym) {
        // (Most symbols after a figure are punctuation: compared as bytes, not checked as text.)
        let open = b.get(o.s..o.e).unwrap_or(b"");
        if let Some(close) = match open {
            b"(" => Some(")"),
            b"[" => Some("]"),
            b"{" => Some("}"),
            b"<" => Some(">"),
            _ => None,
        } {
            if let Some(w) = crate::lex::tok_here(b, o.e).filter(|w| w.k == TK::Word) {
                if let Some(c) = crate::lex::tok_here(b, w.e).filter(|c| text(b, *c) == close) {
                    let u = lexicon::unit_word(&lower_tok(b, w)).filter(|u| !u.attached_only)?;
                    return Some((u, c.e));
                }
            }
            return None;
        }
        if (open == "μ".as_bytes() || open == "µ".as_bytes())
            && at(b, o.e) == b'g'
            && !at(b, o.e + 1).is_ascii_alphanumeric()
        {
            return lexicon::unit_abbrev("μg".as_bytes()).map(|u| (u, o.e + 1));
        }
    }
    for (key, e) in after.get(b).rev() {
        if let Some(u) = lexicon::unit_word(key) {
            if u.attached_only && !glued {
                // "12 m 2 dm", "1 m x 1 m": only before a non-word.
                let nx = next_tok(b, e);
                if nx.is_some_and(|n| n.k == TK::Word && !is_word(b, n, "x")) || key != "m" {
                    continue;
                }
            }
            return Some((u, e));
        }
    }
    // Case-sensitive abbreviations.
    let t = next?;
    if t.k == TK::Word {
        let mut e = t.e;
        // km/h, m/s
        if at(b, e) == b'/' && at(b, e + 1).is_ascii_alphabetic() {
            let mut k = e + 1;
            while at(b, k).is_ascii_alphabetic() {
                k += 1;
            }
            if let Some(u) = lexicon::unit_abbrev(b.get(t.s..k)?) {
                return Some((u, k));
            }
        }
        // km2, m2
        if at(b, e).is_ascii_digit() && !at(b, e + 1).is_ascii_alphanumeric() {
            e += 1;
            let k = std::str::from_utf8(b.get(t.s..e)?).ok()?.to_ascii_lowercase();
            if let Some(u) = lexicon::unit_word(&k) {
                return Some((u, e));
            }
            return None;
        }
        return lexicon::unit_abbrev(b.get(t.s..t.e).unwrap_or(b"")).map(|u| (u, t.e));
    }
    // ° / °C / °F / ² (km²)
    if is_sym(b, t, "°") {
        let n = crate::lex::tok_here(b, skip_space(b, t.e));
        if let Some(n) = n {
            if n.k == TK::Word {
                let w = lower_tok(b, n);
                let name = match w.as_str() {
                    "c" | "celsius" | "centigrade" => Some("celsius"),
                    "f" | "fahrenheit" => Some("fahrenheit"),
                    _ => None,
                };
                if let Some(name) = name {
                    return Some((lexicon::Unit { name, kind: UnitKind::Temperature, attached_only: false }, n.e));
                }
            }
        }
        return Some((lexicon::Unit { name: "degree", kind: UnitKind::Degree, attached_only: false }, t.e));
    }
    if is_sym(b, t, "″") || (is_sym(b, t, "\"") && t.s > i && next_tok(b, t.e).is_some_and(|n| is_word(b, n, "long")))
    {
        return Some((lexicon::Unit { name: "inch", kind: UnitKind::Quantity, attached_only: false }, t.e));
    }
    None
}

/// Currency written after the amount: word(s), code, symbol or `{dollars}`. (iso, factor, end)
fn currency_after(b: &[u8], i: usize) -> Option<(&'static str, f64, usize)> {
    currency_after_in(b, &mut After::new(i))
}

/// [`currency_after`] at the position of `after`, with what follows it shared.
fn currency_after_in(b: &[u8], after: &mut After) -> Option<(&'static str, f64, usize)> {
    let i = after.i;
    let j = skip_space(b, i);
    if at(b, j) == b'{' {
        let close = (j + 1..(j + 24).min(b.len())).find(|&k| at(b, k) == b'}')?;
        let inner = std::str::from_utf8(b.get(j + 1..close)?).ok()?.to_ascii_lowercase();
        let (iso, f) = lexicon::currency_word(&inner)?;
        return Some((iso, f, close + 1));
    }
    for (key, e) in after.get(b).rev() {
        if let Some((iso, f)) = lexicon::currency_word(key) {
            return Some((iso, f, e));
        }
    }
    let t = after.next(b)?;
    match t.k {
        TK::Word => {
            // (Compared as bytes: most words after a figure are no currency code.)
            let w = b.get(t.s..t.e).unwrap_or(b"");
            if let Some(iso) = lexicon::currency_code(w) {
                // "75 USD million"
                if let Some(m) = next_tok(b, t.e).filter(|m| m.k == TK::Word) {
                    let lm = lower_tok(b, m);
                    let sc = match lm.as_str() {
                        "thousand" => 1e3,
                        "million" => 1e6,
                        "billion" => 1e9,
                        "trillion" => 1e12,
                        _ => 0.0,
                    };
                    if sc > 0.0 {
                        return Some((iso, sc, m.e));
                    }
                }
                return Some((iso, 1.0, t.e));
            }
            // "30 MUSD", "120 MEUR"
            if let [b'M', code @ ..] = w {
                if let Some(iso) = lexicon::currency_code(code) {
                    return Some((iso, 1e6, t.e));
                }
            }
            None
        }
        TK::Sym => {
            let ch = std::str::from_utf8(b.get(t.s..t.e)?).ok()?.chars().next()?;
            if at(b, t.e).is_ascii_digit() {
                // "1 $10": the sign belongs to the next amount.
                return None;
            }
            lexicon::currency_symbol(ch).map(|iso| (iso, 1.0, t.e))
        }
        _ => None,
    }
}

/// Currency written before the amount, ending at `s`: (iso, factor, start).
fn currency_before(b: &[u8], s: usize, floor: usize, near: &mut Before) -> Option<(&'static str, f64, usize)> {
    let p = near.prev(b, s, floor)?;
    match p.k {
        TK::Sym => {
            let ch = std::str::from_utf8(b.get(p.s..p.e)?).ok()?.chars().next()?;
            let iso = lexicon::currency_symbol(ch)?;
            if ch == '$' {
                // US$, C$, HK$, Mex$, usd$ (glued) or "us $", "c $", "hk $" (tokenized text).
                if let Some(w) = prev_tok(b, p.s, floor).filter(|w| w.k == TK::Word) {
                    let glued = w.e == p.s;
                    let low = lower_tok(b, w);
                    let lone = glued
                        || w.e - w.s <= 3 && b.get(w.s..w.e).is_some_and(|x| x.iter().all(u8::is_ascii_lowercase));
                    if lone {
                        if let Some(code) = lexicon::dollar_prefix(&low) {
                            // "U.S.$": the prefix must not be a plain word like "a" unless glued.
                            if glued || low != "a" && low != "s" && low != "r" {
                                return Some((code, 1.0, w.s));
                            }
                        }
                    }
                }
                if at(b, p.s.wrapping_sub(1)) == b'.' {
                    // U.S.$
                    if p.s >= 4 && b.get(p.s - 4..p.s).is_some_and(|x| x.eq_ignore_ascii_case(b"U.S.")) {
                        return Some(("USD", 1.0, p.s - 4));
                    }
                }
            }
            Some((iso, 1.0, p.s))
        }
        TK::Word => {
            // Every word below has two to four letters: reject the others first. (Compared as
            // bytes: most words before a figure are none.)
            if !(2..=4).contains(&p.e.saturating_sub(p.s)) {
                return None;
            }
            let w = b.get(p.s..p.e).unwrap_or(b"");
            if let Some(iso) = lexicon::currency_code(w) {
                return Some((iso, 1.0, p.s));
            }
            // "MUSD" (a code has three letters)
            if let [b'M', code @ ..] = w {
                if let Some(iso) = lexicon::currency_code(code) {
                    return Some((iso, 1e6, p.s));
                }
            }
            if w == b"Rs" || w == b"INR" {
                return Some(("INR", 1.0, p.s));
            }
            None
        }
        _ => None,
    }
}

/// Decides the kind, unit, value and full span of the expression.
fn classify(
    b: &[u8],
    x: &mut Expr,
    floor: usize,
    opts: &ScanOptions,
    near: &mut Before,
    after: &mut After,
) -> Option<Item> {
    match x.form {
        Form::Ordinal => return Some(ordinal_item(b, x)),
        Form::Decade => return Some(decade_item(b, x, floor)),
        Form::Vague => return vague_item(b, x),
        Form::Cardinal => {}
    }
    // Money with the currency before.
    if let Some((iso, f, s)) = currency_before(b, x.s, floor, near) {
        let mut value = x.value;
        let mut e = x.e;
        if let Some((ss, se)) = x.suffix {
            let suf = text(b, Tok { s: ss, e: se, k: TK::Word });
            match lexicon::scale_suffix(suf.as_bytes()) {
                Some((m, _)) => {
                    value = value.map(|v| v * m);
                    e = se;
                }
                None => return None,
            }
        }
        // "$ 10 dollars", "$470 million" (already in x), "US$ 1MM"
        if next_tok(b, e).is_some_and(|t| t.k == TK::Word) {
            if let Some((iso2, 1.0, ce)) = currency_after(b, e) {
                if iso2 == iso {
                    e = ce;
                }
            }
        }
        let value = value.map(|v| v * f);
        return Some(item(s, e, Kind::Money, value, Some(iso)));
    }
    // Glued suffixes: 5m, 1.2bn, 10k, 3km, 115USD, 6.25BTC.
    if let Some((ss, se)) = x.suffix {
        let suf = text(b, Tok { s: ss, e: se, k: TK::Word });
        if let Some((m, money_only)) = lexicon::scale_suffix(suf.as_bytes()) {
            let scaled = x.value.map(|v| v * m);
            if let Some((iso, f, ce)) = currency_after(b, se) {
                return Some(money_item(x.s, ce, scaled, iso, f, opts));
            }
            if !money_only {
                return Some(item(x.s, se, Kind::Cardinal, scaled, None));
            }
        }
        if let Some(iso) = lexicon::currency_code(suf.as_bytes()) {
            return Some(item(x.s, se, Kind::Money, x.value, Some(iso)));
        }
        if let Some((u, ue)) = unit_after(b, ss, true) {
            // Single-letter units glued to digits are lower case ("1.8m", not "5G").
            let upper = b.get(ss..se).is_some_and(|x| x.iter().any(u8::is_ascii_uppercase));
            if u.attached_only && upper {
                return None;
            }
            if ue >= se {
                return Some(unit_item(b, x, u, ue, floor));
            }
        }
        return None;
    }
    // The token after the number, lexed once for the rules below (the caller's look-ahead is
    // for the figure's end; another one is made if not).
    if after.i != x.e {
        *after = After::new(x.e);
    }
    let next = after.next(b);
    // Percent.
    if let Some((e, unit)) = next.and_then(|t| percent_after_tok(b, t)) {
        return Some(item(x.s, e, Kind::Percent, x.value, Some(unit)));
    }
    // Money with the currency after.
    if let Some((iso, f, ce)) = currency_after_in(b, after) {
        // "two pounds" is weight unless there is a scale word.
        let pounds = next.is_some_and(|t| is_word(b, t, "pounds") || is_word(b, t, "pound"));
        if !(pounds && x.scale <= 1.0) {
            let mut it = money_item(x.s, ce, x.value, iso, f, opts);
            if next.is_some_and(|t| t.k == TK::Word) {
                cents_tail(b, &mut it, f);
            }
            return Some(it);
        }
    }
    // Hyphenated compounds: 21-gun, 3-inch, six-mile, 103-year-old, 10-year, 12-cent.
    if let Some(h) = next.filter(|h| is_dash(b, *h)) {
        if let Some(w) = next_tok(b, h.e).filter(|w| w.k == TK::Word) {
            let glued = h.s == x.e && w.s == h.e;
            let spaced_ok = !glued && next_tok(b, w.e).is_some_and(|n| is_dash(b, n));
            if glued || spaced_ok {
                return Some(compound(b, x, w, floor, opts));
            }
        }
    }
    // Units (including durations, temperatures and ages).
    if let Some((u, ue)) = unit_after_in(b, false, after) {
        return Some(unit_item(b, x, u, ue, floor));
    }
    // "yo" after an age
    if let Some(n) = next {
        if is_word(b, n, "yo") && x.value.is_some_and(|v| v < 130.0) {
            return Some(item(x.s, n.e, Kind::Age, x.value, Some("year")));
        }
    }
    // "age 87", "aged 87"
    if let Some(p) = near.prev(b, x.s, floor) {
        if (is_word(b, p, "age") || is_word(b, p, "aged")) && x.value.is_some_and(|v| v < 130.0) {
            return Some(item(p.s, x.e, Kind::Age, x.value, Some("year")));
        }
    }
    // Years.
    if x.plain_int && x.ndigits == 4 && !x.words {
        let v = x.value.unwrap_or(0.0);
        let ratio_follows = next.is_some_and(|n| is_word(b, n, "over"))
            && next.and_then(|n| next_tok(b, n.e)).is_some_and(|d| d.k == TK::Digits);
        if (1000.0..=2100.0).contains(&v) && !year_counts_something(b, x) && !ratio_follows {
            return Some(item(x.s, x.e, Kind::Year, x.value, None));
        }
    }
    if !x.words && is_day_of_month(b, x, floor, near) {
        return None;
    }
    // "one" that counts nothing.
    if x.words
        && x.e - x.s == 3
        && b.get(x.s..x.e).is_some_and(|w| w.eq_ignore_ascii_case(b"one"))
        && pronoun_one(b, x, floor)
    {
        return None;
    }
    // "X over Y", "X out of Y", "X in Y" fractions of bare cardinals.
    if let Some(it) = ratio(b, x, floor) {
        return Some(it);
    }
    Some(item(x.s, x.e, Kind::Cardinal, x.value, None))
}

/// A 4-digit number followed by a plural noun counts things (`1500 troops`), not a year.
fn year_counts_something(b: &[u8], x: &Expr) -> bool {
    if let Some(p) = prev_tok(b, x.s, 0) {
        let low = lower_tok(b, p);
        // (The text checked once, not at each test.)
        let w = low.as_str();
        if matches!(
            w,
            "in" | "since"
                | "by"
                | "until"
                | "till"
                | "from"
                | "during"
                | "before"
                | "after"
                | "through"
                | "early"
                | "late"
                | "mid"
                | "year"
                | "fiscal"
        ) || lexicon::is_month(w)
        {
            return false;
        }
    }
    let Some(n) = next_tok(b, x.e) else { return false };
    if n.k != TK::Word || at(b, n.s).is_ascii_uppercase() {
        return false;
    }
    let low = lower_tok(b, n);
    let w = low.as_str();
    w.len() > 3 && w.ends_with('s') && !w.ends_with("ss") && !lexicon::is_function_word(w) && !w.ends_with("’s")
}

fn money_item(s: usize, e: usize, value: Option<f64>, iso: &'static str, f: f64, opts: &ScanOptions) -> Item {
    // Minor units (cents: f < 1) may be kept as written; scale factors (MUSD: 1e6) always apply.
    let f = if opts.minor_units_as_written && f < 1.0 { 1.0 } else { f };
    item(s, e, Kind::Money, value.map(|v| v * f), Some(iso))
}

/// "3 dollars 50 cents", "thirteen dollars and forty-five cents", "15 dollars 50."
fn cents_tail(b: &[u8], it: &mut Item, f: f64) {
    if f != 1.0 {
        return;
    }
    let mut n = next_tok(b, it.end);
    if n.is_some_and(|t| is_word(b, t, "and")) {
        n = n.and_then(|t| next_tok(b, t.e));
    }
    let Some(t) = n else { return };
    if !(t.k == TK::Digits || t.k == TK::Word) {
        return;
    }
    let Some(sub) = expr::parse_at(b, t.s, it.end) else { return };
    let Some(v) = sub.value else { return };
    if sub.form != Form::Cardinal || !(1.0..100.0).contains(&v) || v.fract() != 0.0 || sub.suffix.is_some() {
        return;
    }
    let mut e = sub.e;
    match next_tok(b, e) {
        Some(c) if is_word(b, c, "cents") || is_word(b, c, "cent") => e = c.e,
        Some(c) if c.k == TK::Word || c.k == TK::Digits => return,
        _ => {}
    }
    it.value = it.value.map(|x| x + v / 100.0);
    it.end = e;
}

/// `%`, `percent`, `per cent`, `percentage points`, `pct`, `p.c`.
fn percent_after(b: &[u8], i: usize) -> Option<(usize, &'static str)> {
    percent_after_tok(b, next_tok(b, i)?)
}

/// [`percent_after`] from the token after the number.
fn percent_after_tok(b: &[u8], t: Tok) -> Option<(usize, &'static str)> {
    if is_sym(b, t, "%") || is_sym(b, t, "％") {
        return Some((t.e, "percent"));
    }
    // Every word below starts with `p` or `b`: reject the others before lower-casing.
    if t.k != TK::Word || !matches!(at(b, t.s) | 0x20, b'p' | b'b') {
        return None;
    }
    let low = lower_tok(b, t);
    // (The text checked once, not at each test.)
    let w = low.as_str();
    match w {
        "percent" | "percents" | "pct" | "percentage" => {
            if w == "percentage" || w == "percent" {
                if let Some(p) = next_tok(b, t.e).filter(|p| is_word(b, *p, "points") || is_word(b, *p, "point")) {
                    return Some((p.e, "percentage point"));
                }
            }
            Some((t.e, "percent"))
        }
        "per" => {
            let c = next_tok(b, t.e)?;
            is_word(b, c, "cent").then_some((c.e, "percent"))
        }
        "p" if at(b, t.e) == b'.' && matches!(at(b, t.e + 1), b'c' | b'C') && !at(b, t.e + 2).is_ascii_alphabetic() => {
            let e = if at(b, t.e + 2) == b'.' && !at(b, t.e + 3).is_ascii_alphanumeric() { t.e + 3 } else { t.e + 2 };
            Some((e, "percent"))
        }
        "basis" => {
            let c = next_tok(b, t.e)?;
            is_word(b, c, "points").then_some((c.e, "basis point"))
        }
        "bps" => Some((t.e, "basis point")),
        _ => None,
    }
}

/// The kind for a number with a unit after it.
fn unit_item(b: &[u8], x: &Expr, u: lexicon::Unit, ue: usize, floor: usize) -> Item {
    match u.kind {
        UnitKind::Quantity => {
            let mut it = item(x.s, ue, Kind::Quantity, x.value, Some(u.name));
            feet_inches(b, &mut it);
            it
        }
        UnitKind::Temperature => {
            let mut it = item(x.s, ue, Kind::Temperature, x.value, Some(u.name));
            spaced_minus(b, &mut it, floor);
            it
        }
        UnitKind::Degree => {
            if angle_context(b, x.s, ue, floor) {
                item(x.s, ue, Kind::Quantity, x.value, Some("degree"))
            } else {
                item(x.s, ue, Kind::Temperature, x.value, Some("degree"))
            }
        }
        UnitKind::Duration => {
            // Ages: "five years old", "3 years of age".
            if let Some(n) = next_tok(b, ue) {
                if is_word(b, n, "old") {
                    return item(x.s, n.e, Kind::Age, x.value, Some(u.name));
                }
                if is_word(b, n, "of") {
                    if let Some(a) = next_tok(b, n.e).filter(|a| is_word(b, *a, "age")) {
                        return item(x.s, a.e, Kind::Age, x.value, Some(u.name));
                    }
                }
            }
            // "a second" is more often the ordinal; bare "second(s)" after a number is time.
            item(x.s, ue, Kind::Duration, x.value, Some(u.name))
        }
    }
}

/// "- 20 degrees fahrenheit": a spaced minus before a temperature (after a word, not a number).
fn spaced_minus(b: &[u8], it: &mut Item, floor: usize) {
    if let Some(m) = prev_tok(b, it.start, floor).filter(|m| is_sym(b, *m, "-") || is_sym(b, *m, "−")) {
        if m.e < it.start && prev_tok(b, m.s, floor).is_none_or(|p| p.k == TK::Word) {
            it.start = m.s;
            it.value = it.value.map(|v| -v);
        }
    }
}

/// "5 feet 2 inches", "5 ft 2 in", "5 feet and 2 inches".
fn feet_inches(b: &[u8], it: &mut Item) {
    if it.unit != Some("foot") {
        return;
    }
    let mut n = next_tok(b, it.end);
    if n.is_some_and(|t| is_word(b, t, "and")) {
        n = n.and_then(|t| next_tok(b, t.e));
    }
    let Some(d) = n.filter(|t| t.k == TK::Digits || t.k == TK::Word) else { return };
    let Some(sub) = expr::parse_at(b, d.s, it.end) else { return };
    let Some(v) = sub.value else { return };
    if sub.form != Form::Cardinal || v >= 12.0 || sub.suffix.is_some() {
        return;
    }
    let Some(u) = next_tok(b, sub.e) else { return };
    if is_word(b, u, "in") || is_word(b, u, "inch") || is_word(b, u, "inches") {
        it.value = it.value.map(|f| f + v / 12.0);
        it.end = u.e;
    }
}

/// Words near a bare `degrees` that make it an angle rather than a temperature.
fn angle_context(b: &[u8], s: usize, e: usize, floor: usize) -> bool {
    let lo = s.saturating_sub(60).max(floor);
    let window_before = String::from_utf8_lossy(b.get(lo..s).unwrap_or(b"")).to_ascii_lowercase();
    let hi = (e + 12).min(b.len());
    let window_after = String::from_utf8_lossy(b.get(e..hi).unwrap_or(b"")).to_ascii_lowercase();
    if window_before.contains("temperat") || window_before.contains("thermostat") {
        return false;
    }
    window_after.trim_start().starts_with("angle")
        || ["rotat", "turn", "angle", "tilt", "incline", "slope", "pivot"].iter().any(|w| window_before.contains(w))
}

/// A hyphenated compound after a number; `w` is the word after the hyphen.
fn compound(b: &[u8], x: &Expr, w: Tok, floor: usize, opts: &ScanOptions) -> Item {
    let lw = lower_tok(b, w);
    // 103-year-old / 28 - year - old
    if let Some(u) = lexicon::unit_word(&lw) {
        match u.kind {
            UnitKind::Duration => {
                if let Some(h2) = next_tok(b, w.e).filter(|h| is_dash(b, *h)) {
                    if let Some(o) = next_tok(b, h2.e).filter(|o| is_word(b, *o, "old")) {
                        let mut it = item(x.s, o.e, Kind::Age, x.value, Some(u.name));
                        it.counts = noun_phrase(b, o.e);
                        return it;
                    }
                }
                let mut it = item(x.s, w.e, Kind::Duration, x.value, Some(u.name));
                it.counts = noun_phrase(b, w.e);
                return it;
            }
            UnitKind::Temperature | UnitKind::Degree => {
                return item(x.s, w.e, Kind::Temperature, x.value, Some(u.name));
            }
            UnitKind::Quantity => {
                if u.attached_only {
                    return bare(x, b, w);
                }
                // "2,600-mile border"; compound unit: "square-mile"
                let mut it = item(x.s, w.e, Kind::Quantity, x.value, Some(u.name));
                it.counts = noun_phrase(b, w.e);
                return it;
            }
        }
    }
    if let Some((iso, f)) = lexicon::currency_word(&lw) {
        let mut it = money_item(x.s, w.e, x.value, iso, f, opts);
        it.counts = noun_phrase(b, w.e);
        return it;
    }
    // "one-on-one", "one-time", "one-sided": idioms, not figures.
    if x.words && b.get(x.s..x.e).is_some_and(|t| t.eq_ignore_ascii_case(b"one")) {
        return Item {
            start: x.s,
            end: x.s,
            kind: Kind::Cardinal,
            value: None,
            unit: None,
            modifier: None,
            counts: None,
        };
    }
    let _ = floor;
    bare(x, b, w)
}

fn bare(x: &Expr, b: &[u8], w: Tok) -> Item {
    let mut it = item(x.s, x.e, Kind::Cardinal, x.value, None);
    if lexicon::is_function_word(&lower_tok(b, w)) {
        return it;
    }
    // "21-gun salute": the counted noun is the compound's noun.
    let e = noun_phrase(b, w.e).map_or(w.e, |(_, e)| e);
    it.counts = Some((w.s, e));
    it
}

/// Ordinal items: `second-largest` takes the superlative into the span.
fn ordinal_item(b: &[u8], x: &Expr) -> Item {
    let mut e = x.e;
    if at(b, e) == b'-' {
        if let Some(w) = crate::lex::tok_here(b, e + 1).filter(|w| w.k == TK::Word) {
            let lw = lower_tok(b, w);
            if lw.ends_with("est") || matches!(lw.as_str(), "most" | "least") {
                e = w.e;
            }
        }
    }
    item(x.s, e, Kind::Ordinal, x.value, None)
}

/// `1990s` (year, decade), `early 1980s` (null), `their late 60s` (age).
fn decade_item(b: &[u8], x: &Expr, floor: usize) -> Item {
    let v = x.value.unwrap_or(0.0);
    let mut s = x.s;
    // ’90s / '90s
    let apos = if before(b, s) == b'\'' {
        1
    } else if s >= 3 && b.get(s - 3..s) == Some("’".as_bytes()) {
        3
    } else {
        0
    };
    if apos > 0 && s >= floor + apos {
        s -= apos;
    }
    let mut partial = false;
    let mut age = false;
    if let Some(p) = prev_tok(b, s, floor) {
        if is_word(b, p, "early") || is_word(b, p, "mid") || is_word(b, p, "late") {
            partial = true;
            s = p.s;
        } else if is_sym(b, p, "-") {
            if let Some(pp) = prev_tok(b, p.s, floor).filter(|pp| is_word(b, *pp, "mid")) {
                partial = true;
                s = pp.s;
            }
        }
        let before_mod = prev_tok(b, s, floor);
        if x.ndigits == 2 {
            if let Some(pm) = before_mod {
                let w = lower_tok(b, pm);
                if matches!(w.as_str(), "his" | "her" | "their" | "my" | "your" | "our" | "its") {
                    age = true;
                }
            }
        }
    }
    if age {
        return item(s, x.e, Kind::Age, if partial { None } else { Some(v) }, Some("year"));
    }
    let year = if x.ndigits == 2 { 1900.0 + v } else { v };
    item(s, x.e, Kind::Year, if partial { None } else { Some(year) }, Some("decade"))
}

/// `dozens`, `thousands`, `tens of thousands`, `billions of {dollars}`.
fn vague_item(b: &[u8], x: &Expr) -> Option<Item> {
    let t = b.get(x.s..x.e)?;
    if x.words && (t.eq_ignore_ascii_case(b"tens") || t.eq_ignore_ascii_case(b"scores")) {
        return None;
    }
    // "billions of dollars" is money.
    if let Some(of) = next_tok(b, x.e).filter(|o| is_word(b, *o, "of")) {
        if let Some((iso, _, e)) = currency_after(b, of.e) {
            let cw = next_tok(b, of.e);
            // Only a currency word or "{dollars}", not "of the".
            if cw.is_some_and(|c| c.k == TK::Word || is_sym(b, c, "{")) {
                return Some(item(x.s, e, Kind::Money, None, Some(iso)));
            }
        }
    }
    Some(item(x.s, x.e, Kind::Cardinal, None, None))
}

/// Pronoun and idiom uses of "one" that count nothing.
fn pronoun_one(b: &[u8], x: &Expr, floor: usize) -> bool {
    if let Some(n) = next_tok(b, x.e) {
        if n.k == TK::Word {
            let w = lower_tok(b, n);
            if matches!(
                w.as_str(),
                "another"
                    | "other"
                    | "of"
                    | "that"
                    | "which"
                    | "who"
                    | "whom"
                    | "whose"
                    | "is"
                    | "was"
                    | "would"
                    | "will"
                    | "can"
                    | "could"
                    | "should"
                    | "might"
                    | "must"
                    | "does"
                    | "did"
                    | "has"
                    | "had"
                    | "such"
                    | "by"
                    | "you"
                    | "i"
                    | "we"
                    | "he"
                    | "she"
                    | "they"
                    | "day"
                    | "in"
                    | "on"
                    | "at"
                    | "to"
                    | "for"
                    | "with"
                    | "from"
                    | "as"
                    | "and"
                    | "or"
                    | "but"
                    | "too"
                    | "more"
                    | "less"
                    | "way"
                    | "thing"
                    | "time"
            ) || w.ends_with("ing")
                || w.ends_with("ed")
            {
                // "one of 20 countries" still counts? no: "one of" is "one of many".
                return true;
            }
        } else if n.k == TK::Sym && (text(b, n).starts_with('’') || text(b, n) == "'") {
            return true;
        }
    } else {
        return true;
    }
    if let Some(p) = prev_tok(b, x.s, floor) {
        let w = lower_tok(b, p);
        if matches!(
            w.as_str(),
            "the"
                | "this"
                | "that"
                | "which"
                | "every"
                | "any"
                | "no"
                | "each"
                | "like"
                | "albeit"
                | "some"
                | "another"
                | "such"
                | "only"
                | "last"
                | "next"
                | "new"
                | "big"
                | "good"
                | "right"
                | "wrong"
                | "little"
                | "same"
        ) {
            return true;
        }
    }
    // "one" before punctuation: "the best one."
    next_tok(b, x.e).is_some_and(|n| n.k == TK::Sym && !is_sym(b, n, "-") && !is_sym(b, n, "%"))
}

/// "one over three", "1 out of 3", "one in five".
fn ratio(b: &[u8], x: &Expr, floor: usize) -> Option<Item> {
    let v = x.value?;
    let n = next_tok(b, x.e).filter(|n| n.k == TK::Word)?;
    let (conn_end, strict) = if is_word(b, n, "over") {
        (n.e, true)
    } else if is_word(b, n, "out") {
        let of = next_tok(b, n.e).filter(|o| is_word(b, *o, "of"))?;
        (of.e, false)
    } else if is_word(b, n, "in") {
        (n.e, true)
    } else {
        return None;
    };
    let d = next_tok(b, conn_end)?;
    if !(d.k == TK::Digits || d.k == TK::Word) {
        return None;
    }
    let y = expr::parse_at(b, d.s, floor)?;
    let dv = y.value?;
    if y.form != Form::Cardinal || y.suffix.is_some() || dv == 0.0 || y.ndigits == 4 && !y.grouped {
        return None;
    }
    // The denominator must not carry its own unit ("2000 over 3 years" is not a ratio).
    if unit_after(b, y.e, false).is_some() || percent_after(b, y.e).is_some() || currency_after(b, y.e).is_some() {
        return None;
    }
    let ok = if strict { v < dv } else { v <= dv };
    let over = is_word(b, n, "over");
    if !ok && !over {
        return None;
    }
    if over && x.value.is_some_and(|v| v.fract() != 0.0) {
        return None;
    }
    Some(item(x.s, y.e, Kind::Cardinal, Some(v / dv), None))
}

/// Marks an approximation or bound written before the number.
fn modifier(b: &[u8], it: &mut Item, floor: usize, near: &mut Before) {
    let Some(p1) = near.prev(b, it.start, floor) else { return };
    if p1.k != TK::Word || !lexicon::may_be_modifier_end(at(b, p1.s), p1.e.saturating_sub(p1.s)) {
        return;
    }
    let low1 = lower_tok(b, p1);
    // (The text checked once, not at every entry of the list.)
    let w1 = low1.as_str();
    if !lexicon::is_modifier_end(w1) {
        return;
    }
    // The two words before, looked at only for a multi-word entry ending in `w1`.
    let mut before2: Option<(Low, Low)> = None;
    for &(last, mid, first, tag) in lexicon::modifier_words() {
        if last != w1 {
            continue;
        }
        let hit = match mid {
            None => true,
            Some(x) => {
                let (w2, w3) = before2.get_or_insert_with(|| {
                    let p2 = prev_tok(b, p1.s, floor).filter(|p| p.k == TK::Word);
                    let w2 = p2.map(|p| lower_tok(b, p)).unwrap_or_else(Low::new);
                    let p3 = p2.and_then(|p| prev_tok(b, p.s, floor)).filter(|p| p.k == TK::Word);
                    let w3 = p3.map(|p| lower_tok(b, p)).unwrap_or_else(Low::new);
                    (w2, w3)
                });
                x == w2.as_str() && first.is_none_or(|y| y == w3.as_str())
            }
        };
        if hit {
            it.modifier = Some(tag);
            return;
        }
    }
}

/// The noun phrase a figure counts: directly after it (`2 leaders`), or after `of`/`in`
/// (`$470 million in aid`, `2,600 miles of border`).
fn counted_noun(b: &[u8], it: &Item, after: &mut After) -> Option<(usize, usize)> {
    match it.kind {
        Kind::Year | Kind::Age | Kind::Temperature => return None,
        _ => {}
    }
    let n = after.next_at(b, it.end)?;
    if n.k != TK::Word {
        return None;
    }
    // (Compared in place: most figures need no linking word, and lower-casing costs more.)
    let linking = match it.kind {
        Kind::Money => ["in", "of", "for", "worth"].iter().any(|w| is_word(b, n, w)),
        Kind::Quantity | Kind::Percent | Kind::Duration => is_word(b, n, "of"),
        Kind::Cardinal => it.value.is_none() && is_word(b, n, "of"),
        _ => false,
    };
    if linking {
        let mut i = n.e;
        if let Some(d) = next_tok(b, i).filter(|d| is_word(b, *d, "the") || is_word(b, *d, "a") || is_word(b, *d, "an"))
        {
            i = d.e;
        }
        return noun_phrase(b, i);
    }
    match it.kind {
        Kind::Cardinal | Kind::Ordinal => noun_phrase(b, it.end),
        _ => None,
    }
}

/// Up to three content words after `i` (stopping at function words, numbers and punctuation).
fn noun_phrase(b: &[u8], i: usize) -> Option<(usize, usize)> {
    let mut cur = i;
    let mut start = None;
    let mut end = i;
    for _ in 0..3 {
        let Some(t) = next_tok(b, cur) else { break };
        if t.k != TK::Word {
            break;
        }
        // The word's bytes, tested in any case without lower-casing them (a word too long for
        // `Low` counts as empty, as its lower-cased form did).
        let w = b.get(t.s..t.e).filter(|w| w.len() <= Low::CAP).unwrap_or(b"");
        let ends = |suffix: &[u8]| {
            w.len().checked_sub(suffix.len()).and_then(|k| w.get(k..)).is_some_and(|x| x.eq_ignore_ascii_case(suffix))
        };
        if ends(b"ly") || ends_noun_phrase(b, t) {
            break;
        }
        let first = start.is_none();
        if !first && (ends(b"ed") || ends(b"ing") || is_capitalized(b, t)) {
            break;
        }
        start.get_or_insert(t.s);
        end = t.e;
        cur = t.e;
        // Stop after a plural noun or before a possessive or punctuation.
        if at(b, t.e) != b' ' || (w.len() > 3 && ends(b"s") && !ends(b"ss")) {
            break;
        }
    }
    start.map(|s| (s, end))
}

/// True for a function word or a number word (the words that end a counted-noun phrase). Most
/// words are neither: looked up by their loaded bytes (the number-word table, the function
/// words' bit set), they are not lower-cased.
fn ends_noun_phrase(b: &[u8], t: Tok) -> bool {
    if let Some((key, tail)) = crate::lex::letters_keys(b, t.s, t.e) {
        if lexicon::WORD_TABLE.get(key, tail).is_some() {
            return true;
        }
        if !lexicon::FUNCTION_FILTER.may_hold(key) {
            return false;
        }
    }
    let low = lower_tok(b, t);
    // (The text checked once, not at each test.)
    let w = low.as_str();
    lexicon::is_function_word(w) || lexicon::word(w).is_some()
}

/// Ranges: a bare number followed by `-`, `to` or (after `between`) `and` and a number with a
/// unit takes that unit (`10-15%`, `$10 to $15 million`, `between 10 and 20 miles`).
fn range(b: &[u8], items: &mut Two, opts: &ScanOptions, _prior: &[Item], after: &mut After) {
    let Some(a) = items.first().cloned() else { return };
    if a.end <= a.start {
        items.clear();
        return;
    }
    if opts.no_range_units {
        return;
    }
    let Some(conn) = after.next_at(b, a.end) else { return };
    // ("between" looked for only before an "and".)
    let between = || prev_tok(b, a.start, 0).is_some_and(|p| is_word(b, p, "between") || is_word(b, p, "from"));
    let ok_conn = is_dash(b, conn) || is_word(b, conn, "to") || (is_word(b, conn, "and") && between());
    if !ok_conn {
        return;
    }
    let Some(d) = next_tok(b, conn.e) else { return };
    if !(d.k == TK::Digits || d.k == TK::Word || d.k == TK::Sym) {
        return;
    }
    let Some(mut bx) = candidate_simple(b, d.s, conn.e, opts) else { return };
    if bx.start < conn.e {
        return;
    }
    // "$10 to 15 million": the second end is money too, and both carry the scale.
    if a.kind == Kind::Money && bx.kind == Kind::Cardinal && bx.value.is_some() {
        let ratio = scale_of_item(b, &bx);
        if ratio > 1.0 && scale_of_item(b, &a) <= 1.0 {
            let mut a2 = a.clone();
            a2.value = a.value.map(|v| v * ratio);
            a2.modifier = a2.modifier.or(Some("range-from"));
            bx.kind = Kind::Money;
            bx.unit = a.unit;
            bx.modifier = bx.modifier.or(Some("range-to"));
            items.set_first(a2);
            items.push(bx);
            return;
        }
    }
    let inherit = a.kind == Kind::Cardinal && a.unit.is_none() && a.value.is_some();
    if inherit && matches!(bx.kind, Kind::Percent | Kind::Money | Kind::Quantity | Kind::Temperature | Kind::Duration) {
        let mut a2 = a.clone();
        a2.kind = bx.kind;
        a2.unit = bx.unit;
        // "$10 to 15 million", "10-15 million": the scale word applies to both ends.
        if let (Some(av), Some(bv)) = (a.value, bx.value) {
            let bare_b = bx.end - bx.start;
            let _ = bare_b;
            let ratio = scale_of_item(b, &bx);
            if ratio > 1.0 && av * ratio <= bv * 1.0001 {
                a2.value = Some(av * ratio);
            }
        }
        a2.counts = None;
        if a2.modifier.is_none() {
            a2.modifier = Some("range-from");
        }
        if bx.modifier.is_none() {
            bx.modifier = Some("range-to");
        }
        items.set_first(a2);
        items.push(bx);
    } else if a.kind == bx.kind && a.kind != Kind::Cardinal && a.kind != Kind::Ordinal {
        if bx.modifier.is_none() {
            bx.modifier = Some("range-to");
        }
        if let Some(f) = items.first_mut() {
            if f.modifier.is_none() {
                f.modifier = Some("range-from");
            }
        }
        items.push(bx);
    }
}

/// The scale word multiplier inside an item's text (million: 1e6), 1 when none.
fn scale_of_item(b: &[u8], it: &Item) -> f64 {
    let t = String::from_utf8_lossy(b.get(it.start..it.end).unwrap_or(b"")).to_ascii_lowercase();
    for (w, s) in [("trillion", 1e12), ("billion", 1e9), ("million", 1e6), ("thousand", 1e3)] {
        if t.contains(w) {
            return s;
        }
    }
    let last = t.trim_end().rsplit(|c: char| c.is_ascii_digit() || c == ' ' || c == '.').next().unwrap_or("");
    match last {
        "bn" | "b" => 1e9,
        "m" | "mn" => 1e6,
        "tn" => 1e12,
        "k" => 1e3,
        _ => 1.0,
    }
}

/// Parses and classifies one candidate without range handling (for the second range end).
fn candidate_simple(b: &[u8], c: usize, floor: usize, opts: &ScanOptions) -> Option<Item> {
    let c = if at(b, c).is_ascii_digit() || at(b, c).is_ascii_alphabetic() {
        c
    } else {
        // a currency symbol: "$10 to $15"
        let t = crate::lex::tok_here(b, c)?;
        let n = next_tok(b, t.e)?;
        if n.k != TK::Digits {
            return None;
        }
        n.s
    };
    let mut x = expr::parse_at(b, c, floor)?;
    let mut near = Before::new(x.s, floor);
    let mut after = After::new(x.e);
    let mut it = classify(b, &mut x, floor, opts, &mut near, &mut after)?;
    if it.end <= it.start {
        return None;
    }
    modifier(b, &mut it, floor, &mut near);
    it.counts = counted_noun(b, &it, &mut after);
    Some(it)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scan1(s: &str) -> Vec<(String, Kind, Option<f64>, Option<&'static str>)> {
        scan(s, ScanOptions::default())
            .into_iter()
            .map(|i| (s[i.start..i.end].to_string(), i.kind, i.value, i.unit))
            .collect()
    }

    #[test]
    fn word_filter_is_a_superset() {
        // Every word the eight-byte filter lets pass would have been passed over by the full tests.
        let text = "One two THREE thirty-one mid-1990s G7 hundreds seconds Fourth a an the said 1.5 x/y \
                    ½ café naïve ninth negative Decade o'clock twelve zzz dozen minus Tri 3rd \
                    seventeenth international thirty-seven-year abcdefghijklmn7 administration "
            .to_string()
            + "pad-to-eight";
        let b = text.as_bytes();
        let mut s = 0;
        while s < b.len() {
            let e = (s..b.len()).find(|&i| b[i] == b' ').unwrap_or(b.len());
            let w = &b[s..e];
            if plain_word(b, s, e) {
                assert!(CLASS[usize::from(w[0])] == LETTER);
                assert!(!lexicon::maybe_trigger(w), "{}", String::from_utf8_lossy(w));
                assert!(!w.last().is_some_and(u8::is_ascii_digit) && !w.contains(&b'-'));
            }
            s = e + 1;
        }
        for p in 0..26u32 * 26 * 26 {
            let l = |k: u32| u8::try_from(k % 26).unwrap_or(0);
            let w = [b'a' + l(p / 676), b'A' + l(p / 26), b'a' + l(p), b's'];
            let x = u64::from(u32::from_le_bytes(w));
            assert!(!lexicon::maybe_trigger(&w) || lexicon::maybe_trigger8(x), "{}", String::from_utf8_lossy(&w));
        }
        for (tok, skip) in [("’s", true), ("“", true), ("—", true), ("°", true), ("½", false), ("⅓", false)] {
            assert_eq!(lead_without_figure(tok.as_bytes()), skip, "{tok}");
        }
        for tok in ["’one", "’12", "½", "⅓", "“"] {
            let found = !scan(tok, ScanOptions::default()).is_empty();
            assert!(!(found && lead_without_figure(tok.as_bytes())), "{tok}");
        }
        for c in 0..=255u8 {
            assert_eq!(has_dash_or_digit(u64::from(c) << 16), (b'-'..=b'9').contains(&c), "{c}");
        }
    }

    #[test]
    fn letters_key_is_given_for_ascii_letter_words_only() {
        // Every byte value at every place of words of 1 to 17 bytes, with text after them.
        for len in 1..=17usize {
            for pos in 0..len {
                for c in 0..=255u8 {
                    let mut text = vec![b'x'; 40];
                    let s = 3;
                    text[s..s + len].copy_from_slice(&b"ThousandsAbcdefgh"[..len]);
                    text[s + pos] = c;
                    let e = s + len;
                    let letters = text[s..e].iter().all(u8::is_ascii_alphabetic);
                    let key = letters_key(&text, s, e);
                    assert_eq!(key.is_some(), letters && len <= 16, "{len} {pos} {c:#x}");
                    if let Some(key) = key {
                        let mut low = [0u8; 8];
                        for (d, s) in low.iter_mut().zip(&text[s..e]) {
                            *d = s.to_ascii_lowercase();
                        }
                        assert_eq!(key, lexicon::letters_key(u64::from_le_bytes(low), len));
                    }
                }
            }
        }
        // A word near the end of the text has no key (it goes the long way).
        assert_eq!(letters_key(b"abc", 0, 3), None);
        // Every number word passes the filter, in either case.
        for w in lexicon::trigger_words().into_iter().chain(["dozens", "thousands", "century", "decade", "millennium"])
        {
            for v in [w.to_string(), w.to_ascii_uppercase()] {
                let text = format!("{v}          ");
                let key = letters_key(text.as_bytes(), 0, v.len());
                assert!(key.is_some_and(|k| lexicon::TRIGGER_FILTER.may_hold(k)), "{v}");
            }
        }
    }

    #[test]
    fn modifier_end_filter_passes_every_end() {
        for &(last, ..) in lexicon::modifier_words() {
            assert!(lexicon::is_modifier_end(last), "{last}");
            for w in [last.to_string(), last.to_ascii_uppercase()] {
                assert!(lexicon::may_be_modifier_end(w.as_bytes()[0], w.len()), "{w}");
            }
        }
        assert!(!lexicon::may_be_modifier_end(b't', 3), "the");
    }

    #[test]
    fn hyphen_test_matches_contains() {
        let text = b"a-b mid-1990s x--y abcdefgh-ij - -- abcdefg- 12345678 ab";
        for s in 0..text.len() {
            for e in s..=text.len() {
                assert_eq!(has_hyphen(text, s, e), text[s..e].contains(&b'-'), "{s}..{e}");
            }
        }
    }

    #[test]
    fn smoke() {
        let v = scan1("He paid $470 million for 2,600 miles of road in 2014.");
        assert_eq!(v[0], ("$470 million".into(), Kind::Money, Some(470e6), Some("USD")));
        assert_eq!(v[1], ("2,600 miles".into(), Kind::Quantity, Some(2600.0), Some("mile")));
        assert_eq!(v[2], ("2014".into(), Kind::Year, Some(2014.0), None));
    }
}
