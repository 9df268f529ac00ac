//! Parsing of a bare number expression at a position: digits (`2,600`, `1.5`, `1.2bn`, `21st`,
//! `1990s`, `3/4`) and number words (`twenty-one`, `one hundred and five`, `two thirds`,
//! `five and a half million`, `thirty seventh`), mixed (`3 hundred and 21`, `2.5 million`).

use crate::lex::{TK, Tok, at, before, is_dash, is_sym, is_word, lower, next_tok, prev_tok, skip_space, tok_here};
use crate::lexicon::{self, OrdClass, Word};

/// Digit runs longer than this give a null value (the span is still reported).
pub const MAX_DIGITS: usize = 60;

/// The shape of a parsed number expression.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) enum Form {
    /// A plain number (integer, decimal, fraction, or with scale words).
    Cardinal,
    /// An ordinal (`21st`, `twenty-first`).
    Ordinal,
    /// A vague magnitude: `dozens`, `hundreds`, `tens of thousands`, `1000s`.
    Vague,
    /// A decade written with `s`: `1990s`, `90s`, `’90s`.
    Decade,
}

/// A parsed number expression.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Expr {
    /// First byte.
    pub s: usize,
    /// One past the last byte.
    pub e: usize,
    /// The value; `None` when too large, vague or not finite.
    pub value: Option<f64>,
    /// Its shape.
    pub form: Form,
    /// Contains number words (not only digits).
    pub words: bool,
    /// The multiplier applied by scale words or suffixes (`million`: 1e6), 1 when none.
    pub scale: f64,
    /// Digits only: no separator, decimal point, sign, scale or fraction.
    pub plain_int: bool,
    /// Number of integer digits when the expression starts with digits.
    pub ndigits: usize,
    /// Letters glued to the digits that were not consumed (`m` in `5m`, `km` in `3km`).
    pub suffix: Option<(usize, usize)>,
    /// Has a thousands separator.
    pub grouped: bool,
}

impl Expr {
    fn new(s: usize, e: usize, value: Option<f64>, form: Form) -> Expr {
        Expr { s, e, value, form, words: false, scale: 1.0, plain_int: false, ndigits: 0, suffix: None, grouped: false }
    }
}

/// A run of digits with separators, decimals and exponent, as written.
#[derive(Clone, Copy, Debug)]
pub(crate) struct DigitNum {
    pub s: usize,
    pub e: usize,
    pub value: Option<f64>,
    pub ndigits: usize,
    pub grouped: bool,
    pub decimal: bool,
    /// A dotted code follows (`192.168.1.2`): only the first group was taken.
    pub dotted: bool,
}

fn digits_value(b: &[u8], s: usize, e: usize, acc: &mut f64) {
    for i in s..e {
        *acc = *acc * 10.0 + f64::from(at(b, i).wrapping_sub(b'0'));
    }
}

/// Lexes digits at `s` (which must be an ASCII digit).
pub(crate) fn lex_digits(b: &[u8], s: usize) -> DigitNum {
    let mut e = s;
    while at(b, e).is_ascii_digit() {
        e += 1;
    }
    let mut ndigits = e - s;
    let mut v = 0.0;
    digits_value(b, s, e, &mut v);
    let mut grouped = false;
    // Indian grouping: "12,34,567.89" (two-digit groups, then a final three-digit group).
    if ndigits <= 2 && at(b, e) == b',' {
        let mut k = e;
        let mut pairs = 0;
        while at(b, k) == b',' && at(b, k + 1).is_ascii_digit() && at(b, k + 2).is_ascii_digit() && at(b, k + 3) == b','
        {
            k += 3;
            pairs += 1;
        }
        let three = at(b, k) == b',' && (1..4).all(|d| at(b, k + d).is_ascii_digit()) && !at(b, k + 4).is_ascii_digit();
        if pairs > 0 && three {
            let mut i = e;
            while i < k + 4 {
                if at(b, i).is_ascii_digit() {
                    digits_value(b, i, i + 1, &mut v);
                    ndigits += 1;
                }
                i += 1;
            }
            e = k + 4;
            grouped = true;
        }
    }
    // Thousands groups: ",ddd" (not followed by a digit), or a space-like gap before "ddd".
    if ndigits <= 3 && !grouped {
        loop {
            let sep = at(b, e);
            let gap = if sep == b',' { 1 } else { crate::lex::space_len(b, e) };
            if gap == 0 {
                break;
            }
            let g = e + gap;
            let three = (0..3).all(|k| at(b, g + k).is_ascii_digit()) && !at(b, g + 3).is_ascii_digit();
            // A space-separated group must not be followed by a decimal comma or letters glued on.
            if !three || (sep != b',' && (at(b, g + 3).is_ascii_alphabetic() || at(b, g + 3) == b'/')) {
                break;
            }
            digits_value(b, g, g + 3, &mut v);
            ndigits += 3;
            e = g + 3;
            grouped = true;
        }
    }
    let mut decimal = false;
    let mut dotted = s >= 2 && at(b, s - 1) == b'.' && at(b, s - 2).is_ascii_digit();
    if !dotted && at(b, e) == b'.' && at(b, e + 1).is_ascii_digit() {
        let fs = e + 1;
        let mut fe = fs;
        while at(b, fe).is_ascii_digit() {
            fe += 1;
        }
        if at(b, fe) == b'.' && at(b, fe + 1).is_ascii_digit() {
            dotted = true;
        } else {
            let mut frac = 0.0;
            let mut scale = 1.0;
            for i in fs..fe.min(fs + 30) {
                frac = frac * 10.0 + f64::from(at(b, i).wrapping_sub(b'0'));
                scale *= 10.0;
            }
            v += frac / scale;
            e = fe;
            decimal = true;
        }
    }
    // Scientific notation: 1e10, 12.32e+14, -12e-1 (never glued to further letters).
    if matches!(at(b, e), b'e' | b'E') {
        let mut k = e + 1;
        let neg = at(b, k) == b'-';
        if matches!(at(b, k), b'+' | b'-') {
            k += 1;
        }
        let ds = k;
        while at(b, k).is_ascii_digit() {
            k += 1;
        }
        if k > ds && !at(b, k).is_ascii_alphabetic() {
            let mut ex = 0.0;
            digits_value(b, ds, k.min(ds + 6), &mut ex);
            let ex = if neg { -ex } else { ex };
            v *= 10f64.powf(ex);
            e = k;
            decimal = true;
        }
    }
    // Powers: "1.1^23", "2.5^-1", "1.3x10^6", "6.23x10^-4".
    let mut k = e;
    let mut base_ten = false;
    if matches!(at(b, k), b'x' | b'X' | b'*' | 0xC3)
        && at(b, k + 1) == b'1'
        && at(b, k + 2) == b'0'
        && at(b, k + 3) == b'^'
    {
        k += 3;
        base_ten = true;
    }
    if at(b, k) == b'^' {
        let mut j = k + 1;
        let mut neg = false;
        while matches!(at(b, j), b'+' | b'-') {
            neg ^= at(b, j) == b'-';
            j += 1;
        }
        let ds = j;
        while at(b, j).is_ascii_digit() {
            j += 1;
        }
        if j > ds && j - ds <= 4 && !at(b, j).is_ascii_alphanumeric() {
            let mut ex = 0.0;
            digits_value(b, ds, j, &mut ex);
            // "-1.1^--23" reads as (1.1)^23: a doubled sign cancels.
            let ex = if neg { -ex } else { ex };
            v = if base_ten { v * 10f64.powf(ex) } else { v.powf(ex) };
            e = j;
            decimal = true;
        }
    }
    let value = if ndigits > MAX_DIGITS || !v.is_finite() { None } else { Some(v) };
    DigitNum { s, e, value, ndigits, grouped, decimal, dotted }
}

/// Unicode vulgar fractions.
pub(crate) fn vulgar(c: char) -> Option<f64> {
    Some(match c {
        '½' => 0.5,
        '⅓' => 1.0 / 3.0,
        '⅔' => 2.0 / 3.0,
        '¼' => 0.25,
        '¾' => 0.75,
        '⅕' => 0.2,
        '⅖' => 0.4,
        '⅗' => 0.6,
        '⅘' => 0.8,
        '⅙' => 1.0 / 6.0,
        '⅚' => 5.0 / 6.0,
        '⅛' => 0.125,
        '⅜' => 0.375,
        '⅝' => 0.625,
        '⅞' => 0.875,
        _ => return None,
    })
}

fn char_at(b: &[u8], t: Tok) -> Option<char> {
    std::str::from_utf8(b.get(t.s..t.e)?).ok()?.chars().next()
}

/// A number word token: its lexicon entry.
fn word_of(b: &[u8], t: Tok) -> Option<Word> {
    if t.k != TK::Word {
        return None;
    }
    // Looked up by the word's bytes as loaded (near the end of the text, lower-cased first).
    if let Some((key, tail)) = crate::lex::letters_keys(b, t.s, t.e) {
        return lexicon::WORD_TABLE.get(key, tail);
    }
    // Most words after a number are no number words: reject them before lower-casing.
    if !lexicon::may_be_word(b.get(t.s..t.e)?) {
        return None;
    }
    let mut buf = [0u8; 40];
    lexicon::word(lower(b, t, &mut buf)?)
}

#[derive(Clone, Copy, Debug, PartialEq)]
enum Last {
    None,
    Unit,
    Teen,
    Ten,
    Hundred,
    Scale,
    Digits,
}

/// Accumulates a spoken number: `total` holds completed scale groups, `cur` the group in progress.
#[derive(Clone, Copy, Debug)]
struct Acc {
    total: f64,
    cur: f64,
    last: Last,
    max_scale: f64,
    /// Value before the last "and" (for "one hundred and three quarters").
    at_and: Option<f64>,
    /// Number of number tokens since the last "and".
    since_and: u32,
    /// The value before the last token was added.
    before_last: f64,
    words: bool,
    scale: f64,
}

impl Acc {
    fn new() -> Acc {
        Acc {
            total: 0.0,
            cur: 0.0,
            last: Last::None,
            max_scale: 0.0,
            at_and: None,
            since_and: 0,
            before_last: 0.0,
            words: false,
            scale: 1.0,
        }
    }

    fn value(&self) -> f64 {
        self.total + self.cur
    }

    fn can_take(&self, w: &Word) -> bool {
        use Last::*;
        match w {
            Word::Unit(_) => matches!(self.last, None | Hundred | Scale | Ten),
            Word::Teen(_) | Word::Ten(_) => matches!(self.last, None | Hundred | Scale),
            Word::Hundred => {
                matches!(self.last, None | Unit | Teen | Ten) && self.cur < 100.0
                    || self.last == Digits && self.cur.fract() == 0.0 && (self.cur < 100.0 || self.total == 0.0)
            }
            Word::Scale(s) => {
                matches!(self.last, Unit | Teen | Ten | Hundred | Digits)
                    || self.last == Scale && *s > self.max_scale && self.cur == 0.0
            }
            _ => false,
        }
    }

    fn take(&mut self, w: Word) {
        match w {
            Word::Unit(v) => {
                self.cur += v;
                self.last = Last::Unit;
            }
            Word::Teen(v) => {
                self.cur += v;
                self.last = Last::Teen;
            }
            Word::Ten(v) => {
                self.cur += v;
                self.last = Last::Ten;
            }
            Word::Hundred => {
                self.cur = if self.cur == 0.0 { 100.0 } else { self.cur * 100.0 };
                self.last = Last::Hundred;
                self.scale = self.scale.max(100.0);
            }
            Word::Scale(s) => {
                let c = if self.cur == 0.0 && self.total == 0.0 { 1.0 } else { self.cur };
                if self.last == Last::Scale && self.cur == 0.0 {
                    // "three lakh crore": a scale of a scale.
                    self.total *= s;
                    self.max_scale = s;
                } else if s > self.max_scale {
                    self.total = (self.total + c) * s;
                    self.max_scale = s;
                } else {
                    self.total += c * s;
                }
                self.cur = 0.0;
                self.last = Last::Scale;
                self.scale = self.scale.max(s);
            }
            _ => {}
        }
        self.words = true;
        self.since_and += 1;
    }
}

/// The token after `t`, if it continues a number expression on the same line.
fn after(b: &[u8], t: Tok) -> Option<Tok> {
    next_tok(b, t.e).filter(|n| n.k != TK::Break)
}

/// Skips an optional joining hyphen after `t`: returns the token after it when it is a word.
fn after_join(b: &[u8], t: Tok) -> Option<(Tok, bool)> {
    let n = after(b, t)?;
    if is_dash(b, n) {
        let m = after(b, n)?;
        return (m.k == TK::Word).then_some((m, true));
    }
    Some((n, false))
}

/// Parses a number expression starting exactly at `c`. `floor` bounds look-behind.
pub(crate) fn parse_at(b: &[u8], c: usize, floor: usize) -> Option<Expr> {
    let t = tok_here(b, c)?;
    match t.k {
        TK::Digits => Some(parse_digits_expr(b, t, floor)),
        TK::Word => parse_word_expr(b, t, floor),
        TK::Sym => {
            let v = vulgar(char_at(b, t)?)?;
            let mut x = Expr::new(t.s, t.e, Some(v), Form::Cardinal);
            x.words = false;
            extend_scale(b, &mut x);
            Some(x)
        }
        TK::Break => None,
    }
}

/// Digits, then glued suffixes, fractions and scale words.
fn parse_digits_expr(b: &[u8], t: Tok, floor: usize) -> Expr {
    let d = lex_digits(b, t.s);
    let mut x = Expr::new(d.s, d.e, d.value, Form::Cardinal);
    x.ndigits = d.ndigits;
    x.grouped = d.grouped;
    x.plain_int = !d.grouped && !d.decimal && !d.dotted;
    if d.dotted {
        return x;
    }
    // Leading decimal point: ".25" (but not the second group of "1.25").
    if before(b, t.s) == b'.' && !before(b, t.s.saturating_sub(1)).is_ascii_digit() && t.s > floor && !d.decimal {
        let mut frac = 0.0;
        let mut scale = 1.0;
        for i in t.s..d.e.min(t.s + 30) {
            frac = frac * 10.0 + f64::from(at(b, i).wrapping_sub(b'0'));
            scale *= 10.0;
        }
        x.s = t.s - 1;
        x.value = Some(frac / scale);
        x.plain_int = false;
    }
    // Glued letters.
    let ls = x.e;
    let mut le = ls;
    while at(b, le).is_ascii_alphabetic() {
        le += 1;
    }
    if le > ls {
        let suf = std::str::from_utf8(b.get(ls..le).unwrap_or(b"")).unwrap_or("");
        if x.plain_int && ["st", "nd", "rd", "th"].iter().any(|o| suf.eq_ignore_ascii_case(o)) {
            x.e = le;
            x.form = Form::Ordinal;
            return x;
        }
        if suf == "s" && x.plain_int {
            x.e = le;
            return plural_digits(x);
        }
        x.suffix = Some((ls, le));
        return x;
    }
    // Plural with apostrophe: 1990's, 1000’s.
    if x.plain_int {
        let ap = at(b, x.e);
        let alen = if ap == b'\'' {
            1
        } else if ap == 0xE2 && at(b, x.e + 1) == 0x80 && at(b, x.e + 2) == 0x99 {
            3
        } else {
            0
        };
        if alen > 0 && at(b, x.e + alen) == b's' && !at(b, x.e + alen + 1).is_ascii_alphanumeric() {
            x.e += alen + 1;
            return plural_digits(x);
        }
    }
    // Fractions: "3/4", "2 1/4".
    if x.plain_int && at(b, x.e) == b'/' && at(b, x.e + 1).is_ascii_digit() {
        let den = lex_digits(b, x.e + 1);
        if at(b, den.e) != b'/' && !den.decimal && !den.grouped && !at(b, den.e).is_ascii_alphanumeric() {
            if let (Some(n), Some(dv)) = (x.value, den.value) {
                if n < dv && is_denominator(dv) {
                    x.value = Some(n / dv);
                    x.e = den.e;
                    x.plain_int = false;
                    return x;
                }
            }
        }
        return x;
    }
    if x.plain_int {
        // Mixed number "2 1/4".
        let n = skip_space(b, x.e);
        if n > x.e && at(b, n).is_ascii_digit() {
            let num = lex_digits(b, n);
            if !num.grouped && !num.decimal && at(b, num.e) == b'/' && at(b, num.e + 1).is_ascii_digit() {
                let den = lex_digits(b, num.e + 1);
                if let (Some(w), Some(nv), Some(dv)) = (x.value, num.value, den.value) {
                    if nv < dv && is_denominator(dv) && at(b, den.e) != b'/' && !at(b, den.e).is_ascii_digit() {
                        x.value = Some(w + nv / dv);
                        x.e = den.e;
                        x.plain_int = false;
                        return x;
                    }
                }
            }
        }
        // Vulgar fraction glued or spaced: "10½". None is an ASCII character: the blank or
        // punctuation after most numbers is not decoded.
        if let Some(t2) = tok_here(b, x.e).filter(|t2| !at(b, t2.s).is_ascii()) {
            if let Some(f) = char_at(b, t2).and_then(vulgar) {
                x.value = x.value.map(|v| v + f);
                x.e = t2.e;
                x.plain_int = false;
            }
        }
    }
    extend_scale(b, &mut x);
    x
}

/// Denominators of written fractions (`3/4`, `5/8`, `1/16`); others (`9/11`, `5/17`) are dates
/// or labels.
fn is_denominator(d: f64) -> bool {
    [2.0, 3.0, 4.0, 5.0, 6.0, 8.0, 10.0, 12.0, 16.0, 32.0, 64.0, 100.0].contains(&d)
}

fn plural_digits(mut x: Expr) -> Expr {
    let v = x.value.unwrap_or(0.0);
    if v == 100.0 || v == 1000.0 || v == 1e6 {
        x.form = Form::Vague;
        x.value = None;
    } else if (x.ndigits == 4 && v % 10.0 == 0.0 && (1000.0..=2090.0).contains(&v))
        || (x.ndigits == 2 && v % 10.0 == 0.0)
    {
        x.form = Form::Decade;
    } else {
        x.form = Form::Vague;
        x.value = None;
    }
    x.plain_int = false;
    x
}

/// Extends a numeric expression with spoken scale words and "and" groups:
/// `2.5 million`, `3 hundred and 21`, `4 thousand 3 hundred`, `1,674.5 million`.
fn extend_scale(b: &[u8], x: &mut Expr) {
    let Some(v0) = x.value else { return };
    let mut acc = Acc::new();
    acc.cur = v0;
    acc.last = Last::Digits;
    let mut end = x.e;
    let mut any = false;
    let mut last_tok = Tok { s: x.s, e: x.e, k: TK::Digits };
    // The token right after the number, kept for the abbreviation test below when no scale
    // word follows (most numbers).
    let first = after(b, last_tok);
    let mut next = first;
    while let Some(n) = next {
        if n.k == TK::Word {
            match word_of(b, n) {
                Some(w @ (Word::Hundred | Word::Scale(_))) if acc.can_take(&w) => {
                    acc.take(w);
                    end = n.e;
                    last_tok = n;
                    any = true;
                    next = after(b, last_tok);
                    continue;
                }
                Some(Word::Dozen) | Some(Word::Vague) if acc.last == Last::Digits && is_dozens(b, n) => {
                    acc.cur *= 12.0;
                    end = n.e;
                    any = true;
                    break;
                }
                _ => {}
            }
        }
        if (n.k == TK::Word || n.k == TK::Digits) && any && matches!(acc.last, Last::Hundred | Last::Scale) {
            {
                // "and 21", "3 hundred 21"
                let (cand, via_and) = if is_word(b, n, "and") { (after(b, n), true) } else { (Some(n), false) };
                if let Some(c) = cand {
                    if c.k == TK::Digits {
                        let d = lex_digits(b, c.s);
                        let glued = at(b, d.e).is_ascii_alphanumeric() || at(b, d.e) == b'.' && d.decimal;
                        if let Some(dv) = d.value {
                            if !d.grouped && !glued && dv < 1000.0 && dv.fract() == 0.0 && dv > 0.0 {
                                let save = (acc, end);
                                acc.cur += dv;
                                acc.last = Last::Digits;
                                end = d.e;
                                last_tok = Tok { s: d.s, e: d.e, k: TK::Digits };
                                // A following scale word continues ("4 thousand 3 hundred"); one that
                                // cannot continue starts a new number ("3 hundred and 2 hundred").
                                if let Some(m) = after(b, last_tok) {
                                    if let Some(w @ (Word::Hundred | Word::Scale(_))) = word_of(b, m) {
                                        if acc.can_take(&w) && !via_and {
                                            next = Some(m);
                                            continue;
                                        }
                                        (acc, end) = save;
                                        break;
                                    }
                                }
                                if !via_and && dv >= 100.0 {
                                    (acc, end) = save;
                                }
                                break;
                            }
                        }
                    } else if via_and {
                        if let Some(sub) = parse_words(b, c, true) {
                            let limit = if acc.max_scale >= 1000.0 { acc.max_scale } else { 100.0 };
                            if sub.value < limit && sub.ordinal.is_none() && !sub.fraction {
                                acc.cur += sub.value;
                                end = sub.e;
                                break;
                            }
                        }
                    }
                }
            }
        }
        break;
    }
    if any {
        x.value = Some(acc.value());
        x.e = end;
        x.plain_int = false;
        x.scale = acc.scale;
        x.words = true;
        // "3 million and a half"
        mixed_fraction_tail(b, x);
    } else {
        // A spaced abbreviation: "10 bln", "2.33 k", "10 M" (not "m": metres). Every one has
        // one to four letters: longer words are passed over first.
        if let Some(n) = first {
            if n.k == TK::Word
                && n.e.saturating_sub(n.s) <= 4
                && n.s > x.e
                && !at(b, n.e).is_ascii_alphanumeric()
                && at(b, n.e) != b'-'
            {
                let t = b.get(n.s..n.e).unwrap_or(b"");
                if let Some((s, false)) = lexicon::scale_suffix(t) {
                    if t.len() >= 2 || t == b"k" || t == b"M" {
                        x.value = Some(v0 * s);
                        x.scale = s;
                        x.e = n.e;
                        x.plain_int = false;
                    }
                }
            }
        }
    }
}

fn is_dozens(b: &[u8], t: Tok) -> bool {
    ["dozen", "dozens", "dz", "dzs", "doz", "dozs"].iter().any(|w| is_word(b, t, w))
}

/// "... and a half", "... and a quarter", "... and one half", "... and three quarters",
/// "... and two thirds" after a scale group.
fn mixed_fraction_tail(b: &[u8], x: &mut Expr) {
    let Some(v) = x.value else { return };
    let Some(and) = next_tok(b, x.e) else { return };
    if !is_word(b, and, "and") {
        return;
    }
    let Some(n) = after(b, and) else { return };
    if let Some((f, e)) = simple_fraction(b, n) {
        let scale = if x.scale > 1.0 { x.scale } else { 1.0 };
        x.value = Some(v + f * scale);
        x.e = e;
    }
}

/// "a half", "one half", "a quarter", "a third", "three quarters", "two thirds", "one fourth",
/// starting at `n`: its value and end.
fn simple_fraction(b: &[u8], n: Tok) -> Option<(f64, usize)> {
    let num = if is_word(b, n, "a") || is_word(b, n, "an") {
        1.0
    } else {
        match word_of(b, n) {
            Some(Word::Unit(u)) if u > 0.0 => u,
            _ => return None,
        }
    };
    let (d, _) = after_join(b, n)?;
    match word_of(b, d)? {
        Word::Half if num == 1.0 => Some((0.5, d.e)),
        Word::Quarter if num == 1.0 => Some((0.25, d.e)),
        Word::Ordinal(o, OrdClass::Unit | OrdClass::Teen | OrdClass::Ten) if num == 1.0 && o >= 3.0 => {
            Some((1.0 / o, d.e))
        }
        Word::Denominators(o) if num > 1.0 => Some((num / o, d.e)),
        _ => None,
    }
}

/// Result of parsing number words.
#[derive(Clone, Copy, Debug)]
struct Words {
    e: usize,
    value: f64,
    /// Ordinal word ended the expression (with its class).
    ordinal: Option<OrdClass>,
    scale: f64,
    fraction: bool,
}

/// Parses a run of cardinal number words (and a final ordinal or denominator) from `t`.
/// `small` stops before scale words (used after "and").
fn parse_words(b: &[u8], t: Tok, small: bool) -> Option<Words> {
    let mut acc = Acc::new();
    let mut cur = t;
    let mut end = t.s;
    let mut last_tok: Option<Tok>;
    let mut ordinal = None;
    let mut fraction = false;
    while let Some(w) = word_of(b, cur) {
        match w {
            Word::Unit(_) | Word::Teen(_) | Word::Ten(_) | Word::Hundred | Word::Scale(_) => {
                if !acc.can_take(&w) || (small && matches!(w, Word::Scale(_))) {
                    // "twenty twenty fifths", "three twenty-firsts": a compound denominator.
                    if let (Word::Ten(t), false) = (w, small || acc.last == Last::None) {
                        if let Some((d, _)) = after_join(b, cur) {
                            if let Some(Word::Denominators(u)) = word_of(b, d) {
                                if u < 10.0 && acc.at_and.is_none() {
                                    let v = acc.value();
                                    acc.total = v / (t + u);
                                    acc.cur = 0.0;
                                    end = d.e;
                                    fraction = true;
                                }
                            }
                        }
                    }
                    break;
                }
                acc.before_last = acc.value();
                // A unit after a ten must be joined by a hyphen or a plain space (not a comma).
                acc.take(w);
                end = cur.e;
                last_tok = Some(cur);
            }
            Word::Ordinal(o, class) => {
                let ok = match class {
                    OrdClass::Unit => matches!(acc.last, Last::None | Last::Ten | Last::Hundred | Last::Scale),
                    OrdClass::Teen | OrdClass::Ten => matches!(acc.last, Last::None | Last::Hundred | Last::Scale),
                    OrdClass::Hundred => {
                        matches!(acc.last, Last::None | Last::Unit | Last::Teen | Last::Ten) && acc.cur < 100.0
                    }
                    OrdClass::Scale => {
                        matches!(acc.last, Last::None | Last::Unit | Last::Teen | Last::Ten | Last::Hundred)
                    }
                };
                if !ok {
                    break;
                }
                match class {
                    OrdClass::Hundred | OrdClass::Scale => {
                        let c = if acc.cur == 0.0 { 1.0 } else { acc.cur };
                        acc.total += c * o;
                        acc.cur = 0.0;
                    }
                    _ => acc.cur += o,
                }
                end = cur.e;
                ordinal = Some(class);
                break;
            }
            Word::Denominators(d) if acc.last != Last::None => {
                // "one hundred thirty fifths" = 100/35 (a ten right before a unit denominator,
                // after other words and without "and").
                if acc.last == Last::Ten && d < 10.0 && acc.at_and.is_none() && acc.before_last > 0.0 {
                    let ten = acc.value() - acc.before_last;
                    acc.total = acc.before_last / (ten + d);
                    acc.cur = 0.0;
                    end = cur.e;
                    fraction = true;
                    break;
                }
                // "two thirds", "one hundred and three quarters", "twenty-three fifths".
                let v = acc.value();
                let value = match acc.at_and {
                    Some(va) if v - va < d => {
                        let mut unit = if acc.max_scale >= 1000.0 { acc.max_scale } else { 1.0 };
                        // "one billion and three quarters million"
                        if let Some(n) = after(b, cur) {
                            if let Some(Word::Scale(sc)) = word_of(b, n) {
                                if sc < acc.max_scale {
                                    unit = sc;
                                    end = n.e;
                                }
                            }
                        }
                        va + (v - va) / d * unit
                    }
                    _ => v / d,
                };
                acc.total = value;
                acc.cur = 0.0;
                end = end.max(cur.e);
                fraction = true;
                break;
            }
            Word::Dozen | Word::Vague if acc.last != Last::None && is_dozens(b, cur) => {
                let v = acc.value();
                let value = match acc.at_and {
                    Some(va) => va + (v - va) * 12.0,
                    None => v * 12.0,
                };
                acc.total = value;
                acc.cur = 0.0;
                end = cur.e;
                break;
            }
            _ => break,
        }
        // Next token: hyphen-joined, "and", or plain.
        let Some(lt) = last_tok else { break };
        let Some((n, hy)) = after_join(b, lt) else { break };
        let _ = hy;
        if is_word(b, n, "and") {
            if !matches!(acc.last, Last::Hundred | Last::Scale) || small {
                break;
            }
            let Some(m) = after(b, n) else { break };
            if let Some(Word::Unit(1.0)) = word_of(b, m) {
                if let Some((f, _)) = after_join(b, m) {
                    if matches!(word_of(b, f), Some(Word::Half | Word::Quarter)) {
                        break;
                    }
                }
            }
            match word_of(b, m) {
                Some(Word::Unit(_) | Word::Teen(_) | Word::Ten(_) | Word::Ordinal(..)) => {
                    acc.at_and = Some(acc.value());
                    acc.since_and = 0;
                    cur = m;
                    continue;
                }
                _ => break,
            }
        }
        cur = n;
    }
    if end == t.s {
        return None;
    }
    let scale = acc.scale;
    Some(Words { e: end, value: acc.value(), ordinal, scale, fraction })
}

/// Number words at `t`, with the prefixes and tails that only words have.
fn parse_word_expr(b: &[u8], t: Tok, floor: usize) -> Option<Expr> {
    // Sign words.
    if is_word(b, t, "minus") || is_word(b, t, "negative") {
        // "plus or minus 4.3 points" is a margin, not a negative number.
        let or = prev_tok(b, t.s, floor).filter(|o| is_word(b, *o, "or"));
        if or.and_then(|o| prev_tok(b, o.s, floor)).is_some_and(|p| is_word(b, p, "plus")) {
            return None;
        }
        let n = after(b, t)?;
        if !(n.k == TK::Digits || word_of(b, n).is_some()) {
            return None;
        }
        let mut inner = parse_at(b, n.s, floor)?;
        if inner.form != Form::Cardinal || inner.value.is_none() {
            return None;
        }
        inner.value = inner.value.map(|v| -v);
        inner.s = t.s;
        inner.plain_int = false;
        return Some(inner);
    }
    let w = word_of(b, t)?;
    // "a"/"an"/"half a" before a scale, dozen, fraction or ordinal of a scale.
    let prev = prev_tok(b, t.s, floor);
    let has_a = prev.is_some_and(|p| is_word(b, p, "a") || is_word(b, p, "an"));
    let start_a = if has_a { prev.map(|p| p.s) } else { None };
    match w {
        Word::Vague => return Some(vague(b, t)),
        Word::Half | Word::Quarter => {
            let base = if w == Word::Half { 0.5 } else { 0.25 };
            let s = start_a.unwrap_or(t.s);
            // half a dozen / half (a) million / quarter million
            let mut n = after(b, t);
            if let Some(a) = n.filter(|a| is_word(b, *a, "a")) {
                n = after(b, a);
            }
            if let Some(m) = n {
                match word_of(b, m) {
                    Some(Word::Dozen) => return Some(word_expr(s, m.e, base * 12.0, 1.0)),
                    Some(Word::Scale(sc)) => {
                        let mut x = word_expr(s, m.e, base * sc, sc);
                        mixed_fraction_tail(b, &mut x);
                        return Some(x);
                    }
                    Some(Word::Hundred) => return Some(word_expr(s, m.e, base * 100.0, 100.0)),
                    _ => {}
                }
            }
            if w == Word::Quarter && !has_a {
                return None;
            }
            if w == Word::Quarter {
                // "a quarter" alone is a fraction only before "of" or at a pause.
                let nx = after(b, t);
                let pause = nx.is_none_or(|n| n.k != TK::Word || is_word(b, n, "of"));
                if !pause {
                    return None;
                }
            }
            // Not "half-" compounds (half-brother, half-time).
            if at(b, t.e) == b'-' {
                return None;
            }
            return Some(word_expr(s, t.e, base, 1.0));
        }
        Word::Denominators(_) => return None,
        Word::Dozen => {
            if !has_a {
                return None;
            }
            return Some(word_expr(start_a.unwrap_or(t.s), t.e, 12.0, 1.0));
        }
        Word::Scale(_) if !has_a => return None,
        _ => {}
    }
    let ws = parse_words(b, t, false)?;
    let mut s = t.s;
    // "a hundred", "a million", "a trillionth"
    if has_a && matches!(w, Word::Hundred | Word::Scale(_) | Word::Ordinal(_, OrdClass::Hundred | OrdClass::Scale)) {
        s = start_a.unwrap_or(s);
        if matches!(w, Word::Ordinal(..)) {
            // "a trillionth" is a fraction.
            if let Some(v) = (ws.value != 0.0).then_some(1.0 / ws.value) {
                let mut x = word_expr(s, ws.e, v, 1.0);
                x.form = Form::Cardinal;
                return Some(x);
            }
        }
    }
    // "one fifth", "one - fourth", "one twenty-fifth": one + ordinal denominator.
    if let Word::Unit(1.0) = w {
        if ws.e == t.e {
            if let Some((d, _)) = after_join(b, t) {
                if let Some(dw) = parse_words(b, d, false) {
                    if dw.ordinal.is_some_and(|c| matches!(c, OrdClass::Unit | OrdClass::Teen | OrdClass::Ten))
                        && dw.value >= 3.0
                    {
                        let nx = after(b, Tok { s: dw.e, e: dw.e, k: TK::Word });
                        let pause = nx.is_none_or(|n| n.k != TK::Word || is_word(b, n, "of"));
                        if pause {
                            return Some(word_expr(s_of(t), dw.e, 1.0 / dw.value, 1.0));
                        }
                    }
                }
            }
        }
    }
    if let Some(class) = ws.ordinal {
        // "a fifth", "a twenty-first" (fractions) vs "fifth" (ordinal).
        let single_ord = true;
        let is_frac_den = ws.value >= 3.0;
        if single_ord && has_a && is_frac_den && matches!(class, OrdClass::Unit | OrdClass::Teen | OrdClass::Ten) {
            let nx = after(b, Tok { s: ws.e, e: ws.e, k: TK::Word });
            let pause = nx.is_none_or(|n| n.k != TK::Word || is_word(b, n, "of"));
            let after_and = prev.and_then(|p| prev_tok(b, p.s, floor)).is_some_and(|pp| is_word(b, pp, "and"));
            if pause && !after_and {
                return Some(word_expr(start_a.unwrap_or(s), ws.e, 1.0 / ws.value, 1.0));
            }
        }
        if !single_ord {
            // "one fifth", "one twenty-fifth": unit cardinal + ordinal as denominator.
            if let Some(Word::Unit(1.0)) = Some(w) {
                let (d, _) = after_join(b, t)?;
                if let Some(dw) = parse_words(b, d, false) {
                    if dw.ordinal.is_some() && dw.e == ws.e && dw.value >= 3.0 {
                        let nx = after(b, Tok { s: ws.e, e: ws.e, k: TK::Word });
                        let pause = nx.is_none_or(|n| n.k != TK::Word || is_word(b, n, "of"));
                        if pause {
                            return Some(word_expr(s, ws.e, 1.0 / dw.value, 1.0));
                        }
                    }
                }
            }
        }
        let mut x = word_expr(s, ws.e, ws.value, 1.0);
        x.form = Form::Ordinal;
        return Some(x);
    }
    let mut x = word_expr(s, ws.e, ws.value, ws.scale);
    if ws.fraction {
        // "three quarters billion"
        extend_scale_words(b, &mut x);
        // "two thirds of a million"
        if let Some(of) = next_tok(b, x.e).filter(|o| is_word(b, *o, "of")) {
            if let Some(a) = after(b, of).filter(|a| is_word(b, *a, "a")) {
                if let Some(m) = after(b, a) {
                    if let Some(Word::Scale(sc)) = word_of(b, m) {
                        x.value = x.value.map(|v| v * sc);
                        x.e = m.e;
                        x.scale = sc;
                    }
                }
            }
        }
        return Some(x);
    }
    word_tails(b, &mut x, ws);
    Some(x)
}

fn s_of(t: Tok) -> usize {
    t.s
}

fn word_expr(s: usize, e: usize, v: f64, scale: f64) -> Expr {
    let mut x = Expr::new(s, e, Some(v), Form::Cardinal);
    x.words = true;
    x.scale = scale;
    x
}

/// "point five", "and a half", "and a half million", "over three", "out of five".
fn word_tails(b: &[u8], x: &mut Expr, ws: Words) {
    let Some(v) = x.value else { return };
    // "seven-and-a-half"
    for (tail, f) in [("-and-a-half", 0.5), ("-and-a-quarter", 0.25)] {
        if b.get(x.e..x.e + tail.len()).is_some_and(|t| t.eq_ignore_ascii_case(tail.as_bytes()))
            && !at(b, x.e + tail.len()).is_ascii_alphanumeric()
        {
            x.value = Some(v + f);
            x.e += tail.len();
            return;
        }
    }
    let Some(n) = next_tok(b, x.e).filter(|n| n.k == TK::Word) else { return };
    if is_word(b, n, "point") {
        if let Some(d) = after(b, n) {
            let mut digits = String::new();
            let mut e = n.e;
            let mut cur = Some(d);
            while let Some(c) = cur {
                match word_of(b, c) {
                    Some(Word::Unit(u)) => {
                        digits.push(char::from(b'0' + u as u8));
                        e = c.e;
                        cur = after(b, c);
                        if digits.len() > 20 {
                            break;
                        }
                    }
                    Some(Word::Teen(_) | Word::Ten(_)) if digits.is_empty() => {
                        if let Some(sub) = parse_words(b, c, true) {
                            digits = format!("{}", sub.value as u64);
                            e = sub.e;
                        }
                        break;
                    }
                    _ => break,
                }
            }
            if !digits.is_empty() {
                if let Ok(f) = format!("0.{digits}").parse::<f64>() {
                    x.value = Some(if v < 0.0 { v - f } else { v + f });
                    x.e = e;
                    extend_scale_words(b, x);
                }
            }
        }
        return;
    }
    if is_word(b, n, "and") {
        if let Some(m) = after(b, n) {
            if let Some((f, e)) = simple_fraction(b, m) {
                x.e = e;
                if ws.scale >= 1000.0 {
                    // "one million and a half", "one billion and a half million"
                    let mut unit = ws.scale;
                    if let Some(sc) = next_tok(b, e).and_then(|t| match word_of(b, t) {
                        Some(Word::Scale(sc)) => Some((sc, t.e)),
                        _ => None,
                    }) {
                        unit = sc.0;
                        x.e = sc.1;
                    }
                    x.value = Some(v + f * unit);
                    return;
                }
                x.value = Some(v + f);
                // "five and a half million"
                extend_scale_words(b, x);
                return;
            }
            // "twenty and three and three fifths"
            if ws.scale <= 1.0 {
                if let Some(sub) = parse_words(b, m, true) {
                    if sub.fraction && sub.value < 1.0 {
                        x.value = Some(v + sub.value);
                        x.e = sub.e;
                    }
                }
            }
        }
        return;
    }
    let _ = ws;
    if ws.scale > 1.0 {
        mixed_fraction_tail(b, x);
    }
}

/// A scale word after a fractional spoken number: "five and a half million".
fn extend_scale_words(b: &[u8], x: &mut Expr) {
    if let Some(m) = next_tok(b, x.e) {
        if let Some(Word::Scale(sc)) = word_of(b, m) {
            x.value = x.value.map(|v| v * sc);
            x.e = m.e;
            x.scale = sc;
        }
    }
}

/// `dozens`, `hundreds`, `thousands`, `tens of thousands`, `hundreds of millions`.
fn vague(b: &[u8], t: Tok) -> Expr {
    let mut x = Expr::new(t.s, t.e, None, Form::Vague);
    x.words = true;
    if let Some(of) = after(b, t).filter(|o| is_word(b, *o, "of")) {
        if let Some(m) = after(b, of) {
            let big = match word_of(b, m) {
                Some(Word::Vague) => !is_word(b, m, "tens") && !is_word(b, m, "dozens"),
                _ => false,
            };
            let digits_plural = m.k == TK::Digits && {
                let d = parse_digits_expr(b, m, 0);
                d.form == Form::Vague
            };
            if big || digits_plural {
                let e = if digits_plural { parse_digits_expr(b, m, 0).e } else { m.e };
                x.e = e;
            }
        }
    }
    x
}

/// True when `t` is preceded (directly, or across a hyphen) by another number (for ranges).
#[allow(dead_code)]
pub(crate) fn is_sym_dash(b: &[u8], t: Tok) -> bool {
    is_dash(b, t) || is_sym(b, t, "—")
}
