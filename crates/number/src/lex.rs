//! A tiny on-demand lexer over the bytes of the text: tokens are produced forwards or backwards
//! from any position, so the scanner only lexes the few tokens around each candidate.

/// What a token is made of.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum TK {
    /// ASCII letters.
    Word,
    /// ASCII digits.
    Digits,
    /// Any other single character (punctuation, symbol, non-ASCII letter).
    Sym,
    /// A line break; number expressions never cross it.
    Break,
}

/// A token: byte range and kind.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Tok {
    /// First byte.
    pub s: usize,
    /// One past the last byte.
    pub e: usize,
    /// Kind.
    pub k: TK,
}

/// The byte at `i`, or 0 past the end.
#[inline]
pub(crate) fn at(b: &[u8], i: usize) -> u8 {
    b.get(i).copied().unwrap_or(0)
}

/// The byte before `i`, or 0 at the start.
#[inline]
pub(crate) fn before(b: &[u8], i: usize) -> u8 {
    if i == 0 { 0 } else { at(b, i - 1) }
}

/// Length of horizontal white space (ASCII blanks, NBSP, thin and narrow no-break spaces)
/// starting at `i`, or 0.
#[inline]
pub(crate) fn space_len(b: &[u8], i: usize) -> usize {
    match at(b, i) {
        b' ' | b'\t' | b'\r' => 1,
        0xC2 if at(b, i + 1) == 0xA0 => 2,
        0xE2 if at(b, i + 1) == 0x80 && matches!(at(b, i + 2), 0xAF | 0x89 | 0x8A | 0x88) => 3,
        _ => 0,
    }
}

/// Length of horizontal white space ending at `i` (exclusive), or 0.
#[inline]
fn space_len_back(b: &[u8], i: usize) -> usize {
    if i == 0 {
        return 0;
    }
    match at(b, i - 1) {
        b' ' | b'\t' | b'\r' => 1,
        0xA0 if i >= 2 && at(b, i - 2) == 0xC2 => 2,
        0xAF | 0x89 | 0x8A | 0x88 if i >= 3 && at(b, i - 2) == 0x80 && at(b, i - 3) == 0xE2 => 3,
        _ => 0,
    }
}

/// Skips horizontal white space from `i`.
#[inline]
pub(crate) fn skip_space(b: &[u8], mut i: usize) -> usize {
    loop {
        let n = space_len(b, i);
        if n == 0 {
            return i;
        }
        i += n;
    }
}

/// Length of the UTF-8 character starting with byte `c`.
#[inline]
fn char_len(c: u8) -> usize {
    match c {
        0..=0x7F => 1,
        0xC0..=0xDF => 2,
        0xE0..=0xEF => 3,
        0xF0..=0xFF => 4,
        _ => 1,
    }
}

/// The token starting at `i` exactly (no space skipping).
#[inline]
pub(crate) fn tok_here(b: &[u8], i: usize) -> Option<Tok> {
    let c = *b.get(i)?;
    let mut e = i + 1;
    let k = if c.is_ascii_alphabetic() {
        while at(b, e).is_ascii_alphabetic() {
            e += 1;
        }
        TK::Word
    } else if c.is_ascii_digit() {
        while at(b, e).is_ascii_digit() {
            e += 1;
        }
        TK::Digits
    } else if c == b'\n' {
        TK::Break
    } else {
        e = (i + char_len(c)).min(b.len());
        TK::Sym
    };
    Some(Tok { s: i, e, k })
}

/// The next token at or after `i`, skipping horizontal space.
#[inline]
pub(crate) fn next_tok(b: &[u8], i: usize) -> Option<Tok> {
    tok_here(b, skip_space(b, i))
}

/// The token that ends at `i` exactly (no space skipping), not starting before `floor`.
pub(crate) fn tok_ending(b: &[u8], i: usize, floor: usize) -> Option<Tok> {
    if i <= floor {
        return None;
    }
    let c = at(b, i - 1);
    let mut s = i - 1;
    let k = if c.is_ascii_alphabetic() {
        s -= run_back(b, floor, s, non_letter_bytes, u8::is_ascii_alphabetic);
        TK::Word
    } else if c.is_ascii_digit() {
        s -= run_back(b, floor, s, non_digit_bytes, u8::is_ascii_digit);
        TK::Digits
    } else if c == b'\n' {
        TK::Break
    } else {
        // Step back over UTF-8 continuation bytes.
        while s > floor && (at(b, s) & 0xC0) == 0x80 {
            s -= 1;
        }
        TK::Sym
    };
    Some(Tok { s, e: i, k })
}

/// How many bytes before `s` (not before `floor`) are in a class, counted back from `s`:
/// eight at a time by `stops` (the high bit of every byte of a `u64` that is not in the class),
/// the last few by `is`. A byte loop's exit mispredicts about once a word, as a word's length
/// is hard to predict (as `lede_core::ascii::alnum_run_end` finds going forward).
#[inline(always)]
fn run_back(b: &[u8], floor: usize, s: usize, stops: fn(u64) -> u64, is: fn(&u8) -> bool) -> usize {
    let mut j = s;
    while j >= floor + 8 {
        let Some(chunk) = b.get(j - 8..j).and_then(|w| <[u8; 8]>::try_from(w).ok()) else { break };
        // Little-endian: the byte just before `j` is the highest.
        let out = stops(u64::from_le_bytes(chunk));
        if out != 0 {
            return s - j + (out.leading_zeros() / 8) as usize;
        }
        j -= 8;
    }
    s - j + b.get(floor..j).map_or(0, |run| run.iter().rev().take_while(|c| is(c)).count())
}

/// `b` in every byte of a `u64`.
const fn splat(b: u8) -> u64 {
    u64::from_le_bytes([b; 8])
}

/// The high bit of every byte of `w` that is no ASCII letter. Each test adds to the low seven
/// bits of a byte a constant that carries into its high bit exactly from a bound on, and never
/// into the next byte.
#[inline(always)]
fn non_letter_bytes(w: u64) -> u64 {
    let high = splat(0x80);
    let folded = (w & !high) | splat(0x20);
    let letter = folded.wrapping_add(splat(0x80 - b'a')) & !folded.wrapping_add(splat(0x80 - b'z' - 1));
    (letter & !w & high) ^ high
}

/// The high bit of every byte of `w` that is no ASCII digit (as [`non_letter_bytes`]).
#[inline(always)]
fn non_digit_bytes(w: u64) -> u64 {
    let high = splat(0x80);
    let low = w & !high;
    let digit = low.wrapping_add(splat(0x80 - b'0')) & !low.wrapping_add(splat(0x80 - b'9' - 1));
    (digit & !w & high) ^ high
}

/// The previous token before `i`, skipping horizontal space, not starting before `floor`.
pub(crate) fn prev_tok(b: &[u8], mut i: usize, floor: usize) -> Option<Tok> {
    loop {
        let n = space_len_back(b, i);
        if n == 0 || i < floor + n {
            break;
        }
        i -= n;
    }
    tok_ending(b, i, floor)
}

/// Masks keeping the first `n` bytes of a little-endian `u64`.
pub(crate) const WORD_MASKS: [u64; 9] =
    [0, 0xff, 0xffff, 0xff_ffff, 0xffff_ffff, 0xff_ffff_ffff, 0xffff_ffff_ffff, 0xff_ffff_ffff_ffff, u64::MAX];

/// The [`crate::lexicon::letters_key`] of the word `b[s..e]` when it is 1 to 16 ASCII letters; `None`
/// when it holds another byte, is longer, or ends too near the end of the text for an
/// eight-byte load.
#[inline(always)]
pub(crate) fn letters_key(b: &[u8], s: usize, e: usize) -> Option<u64> {
    letters_keys(b, s, e).map(|(key, _)| key)
}

/// [`letters_key`] and, for a word of more than eight letters, its last eight bytes lower-cased
/// (0 for shorter words): together they tell the word exactly.
#[inline(always)]
pub(crate) fn letters_keys(b: &[u8], s: usize, e: usize) -> Option<(u64, u64)> {
    let len = e.wrapping_sub(s);
    let x = u64::from_le_bytes(<[u8; 8]>::try_from(b.get(s..s.wrapping_add(8))?).ok()?);
    if len <= 8 {
        let mask = *WORD_MASKS.get(len)?;
        // (An empty word gives the key 0, no trigger's: [`visit`] passes over it as well.)
        let low = (x | LOWER) & mask;
        return all_letters(low, mask).then_some((low, 0));
    }
    if len > 16 {
        return None;
    }
    // The last eight bytes, overlapping the first eight.
    let y = u64::from_le_bytes(<[u8; 8]>::try_from(b.get(e - 8..e)?).ok()?);
    let (low, tail) = (x | LOWER, y | LOWER);
    (all_letters(low, u64::MAX) && all_letters(tail, u64::MAX)).then(|| (crate::lexicon::letters_key(low, len), tail))
}

/// Bit 5 of every byte: or-ed in, it lower-cases ASCII letters (and only letters land in
/// `a..=z` that way).
const LOWER: u64 = 0x2020_2020_2020_2020;

/// True when every byte of `low` kept by `mask` (whole bytes; the others cleared) is in
/// `a..=z`.
#[inline(always)]
fn all_letters(low: u64, mask: u64) -> bool {
    const L: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = L * 0x80;
    // Bit 7 of each lane: the byte is ASCII, at least `a` and below `{`. A non-ASCII byte fails
    // its own lane; the carry it may pass to the next lane cannot turn the answer to true.
    let ok = low.wrapping_add(L * (0x80 - b'a' as u64)) & !low.wrapping_add(L * (0x80 - b'{' as u64)) & !low & HIGH;
    ok == mask & HIGH
}

/// Lower-cases the token's bytes into `buf`; `None` when longer than the buffer or not UTF-8.
pub(crate) fn lower<'a>(b: &[u8], t: Tok, buf: &'a mut [u8; 40]) -> Option<&'a str> {
    let src = b.get(t.s..t.e)?;
    let dst = buf.get_mut(..src.len())?;
    for (d, s) in dst.iter_mut().zip(src) {
        *d = s.to_ascii_lowercase();
    }
    std::str::from_utf8(dst).ok()
}

/// A short lower-case string on the stack (words and multi-word keys up to 48 bytes).
#[derive(Clone, Copy)]
pub(crate) struct Low {
    buf: [u8; Low::CAP],
    len: usize,
}

impl Low {
    /// The most bytes it holds: [`low`] gives a longer word as the empty string.
    pub(crate) const CAP: usize = 48;

    /// The empty string.
    pub(crate) fn new() -> Low {
        Low { buf: [0; Low::CAP], len: 0 }
    }

    /// Appends `src` lower-cased; false (and unchanged) when it does not fit.
    pub(crate) fn push(&mut self, src: &[u8]) -> bool {
        let Some(dst) = self.buf.get_mut(self.len..self.len + src.len()) else { return false };
        for (d, s) in dst.iter_mut().zip(src) {
            *d = s.to_ascii_lowercase();
        }
        self.len += src.len();
        true
    }

    /// Length in bytes.
    pub(crate) fn len(&self) -> usize {
        self.len
    }

    /// The text.
    pub(crate) fn as_str(&self) -> &str {
        self.buf.get(..self.len).and_then(|x| std::str::from_utf8(x).ok()).unwrap_or("")
    }
}

impl std::ops::Deref for Low {
    type Target = str;
    fn deref(&self) -> &str {
        self.as_str()
    }
}

impl PartialEq<&str> for Low {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

impl std::fmt::Debug for Low {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.as_str().fmt(f)
    }
}

/// The token's text lower-cased (empty when longer than 48 bytes).
pub(crate) fn low(b: &[u8], t: Tok) -> Low {
    let mut l = Low::new();
    if !l.push(b.get(t.s..t.e).unwrap_or(b"")) {
        return Low::new();
    }
    l
}

/// True when the token's text equals `w` ignoring ASCII case.
#[inline]
pub(crate) fn is_word(b: &[u8], t: Tok, w: &str) -> bool {
    t.k == TK::Word && b.get(t.s..t.e).is_some_and(|x| x.eq_ignore_ascii_case(w.as_bytes()))
}

/// The token's text.
#[inline]
pub(crate) fn text(b: &[u8], t: Tok) -> &str {
    b.get(t.s..t.e).and_then(|x| std::str::from_utf8(x).ok()).unwrap_or("")
}

/// True when the token is the given symbol text.
#[inline]
pub(crate) fn is_sym(b: &[u8], t: Tok, s: &str) -> bool {
    t.k == TK::Sym && b.get(t.s..t.e) == Some(s.as_bytes())
}

/// True for a hyphen or dash that may join words or numbers.
#[inline]
pub(crate) fn is_dash(b: &[u8], t: Tok) -> bool {
    is_sym(b, t, "-") || is_sym(b, t, "–") || is_sym(b, t, "‐") || is_sym(b, t, "‑")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn runs_back_count_as_the_byte_loop() {
        // Runs of 0 to 20 letters or digits ending at `s`, after every byte value, with floors
        // before, inside and at the run.
        for len in 0..=20usize {
            for c in 0..=255u8 {
                for (fill, stops, is) in [
                    (b'k', non_letter_bytes as fn(u64) -> u64, u8::is_ascii_alphabetic as fn(&u8) -> bool),
                    (b'7', non_digit_bytes, u8::is_ascii_digit),
                ] {
                    let mut text = vec![b' '; 4];
                    text.push(c);
                    text.extend(std::iter::repeat_n(fill, len));
                    text.extend_from_slice(b" tail");
                    let s = 5 + len;
                    for floor in [0, 3, 5, 6, s.saturating_sub(9), s.saturating_sub(8), s] {
                        let floor = floor.min(s);
                        let want = text[floor..s].iter().rev().take_while(|c| is(c)).count();
                        assert_eq!(run_back(&text, floor, s, stops, is), want, "{len} {c:#x} {floor}");
                    }
                }
            }
        }
    }

    #[test]
    fn lexes_both_ways() {
        let s = "at $ 2,600\u{a0}miles—Nadège";
        let b = s.as_bytes();
        let t = next_tok(b, 2).unwrap();
        assert_eq!(text(b, t), "$");
        let t = next_tok(b, t.e).unwrap();
        assert_eq!((text(b, t), t.k), ("2", TK::Digits));
        let m = next_tok(b, 10).unwrap();
        assert_eq!(text(b, m), "miles");
        let p = prev_tok(b, m.s, 0).unwrap();
        assert_eq!(text(b, p), "600");
        let d = next_tok(b, m.e).unwrap();
        assert_eq!(text(b, d), "—");
        let last = prev_tok(b, b.len(), 0).unwrap();
        assert_eq!(text(b, last), "ge");
        let e = prev_tok(b, last.s, 0).unwrap();
        assert_eq!(text(b, e), "è");
        assert_eq!(prev_tok(b, 0, 0), None);
        assert_eq!(next_tok(b, b.len()), None);
    }
}
