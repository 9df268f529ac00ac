//! Compact JSON output, byte for byte what `serde_json::to_writer` writes, but cheaper.
//!
//! `serde_json` escapes every string one byte at a time and writes each piece through
//! `io::Write`; object keys of derived structs (`"start"`, `"text"`) pay the same. This
//! serializer appends straight to a `Vec<u8>`, checks strings eight bytes at a time for
//! anything to escape, and leaves numbers to `serde_json`'s own formatter, so the output is
//! identical. Anything it does not handle itself (a map key that is not a string, an error from
//! a `Serialize` impl) makes [`write_compact`] start over with `serde_json`, so results and
//! errors are always exactly `serde_json`'s.

use crate::schema::{Entity, EntityOutput, EntityType, Mention, Quote, QuoteKind, QuoteOutput, Speaker};
use serde::Serialize;
use serde::ser::{self, Impossible};
use serde_json::ser::{CompactFormatter, Formatter};
use std::fmt::{self, Display};

/// Appends `value` as compact JSON to `out`: the same bytes, and the same errors, as
/// `serde_json::to_writer(out, value)`. On error `out` may hold a partial value.
///
/// # Errors
/// When `value` cannot be serialized as JSON (a map with non-string keys, say).
pub fn write_compact<T: Serialize + ?Sized>(out: &mut Vec<u8>, value: &T) -> serde_json::Result<()> {
    let start = out.len();
    if value.serialize(&mut Compact { out: &mut *out }).is_ok() {
        return Ok(());
    }
    out.truncate(start);
    serde_json::to_writer(out, value)
}

/// Appends a `u64` as `serde_json` writes it. Inlined in every writer: the call cost as much
/// as making the digits.
#[inline(always)]
pub fn write_u64(out: &mut Vec<u8>, v: u64) {
    match u32::try_from(v) {
        // Counts, indices and most offsets: four digit bytes made at once, appended in one store.
        Ok(v) if v < 10_000 => {
            let digits = u64::from(four_digits(v));
            // Leading zero digits are the low zero bytes; "0" keeps one.
            let skip = (digits.trailing_zeros() / 8).min(3);
            push_digits(out, digits >> (8 * skip), 4 - skip as usize);
        }
        // Longer offsets: eight digit bytes the same way.
        Ok(v) if v < 100_000_000 => {
            let digits = eight_digits(v);
            // Leading zero digits are the low zero bytes; "0" keeps one.
            let skip = (digits.trailing_zeros() / 8).min(7);
            push_digits(out, digits >> (8 * skip), 8 - skip as usize);
        }
        // Writing to a Vec cannot fail.
        _ => {
            let _ = CompactFormatter.write_u64(out, v);
        }
    }
}

/// The eight decimal digits of `v` (below 10^8), most significant first, as the byte values
/// 0-9 of a little-endian `u64`.
#[inline]
fn eight_digits(v: u32) -> u64 {
    // Two lanes of four digits, the more significant in the low half (written first).
    four_digits_pair(v / 10_000, v % 10_000)
}

/// The four decimal digits of `a` and of `b` (both below 10^4), most significant first, as the
/// byte values 0-9 of a little-endian `u64`, `a`'s in the low half: each split of a number
/// into halves is one multiply for every lane at once (`x * 10486 >> 20` is `x / 100` below
/// 10^4, `x * 103 >> 10` is `x / 10` below 100).
#[inline]
fn four_digits_pair(a: u32, b: u32) -> u64 {
    let x = u64::from(a) | u64::from(b) << 32;
    // Four lanes of two digits.
    let hundreds = ((x * 10_486) >> 20) & 0x0000_007F_0000_007F;
    let x = hundreds | (x - hundreds * 100) << 16;
    // Eight lanes of one digit.
    let tens = ((x * 103) >> 10) & 0x000F_000F_000F_000F;
    tens | (x - tens * 10) << 8
}

/// [`eight_digits`] for `v` below 10^4: its four digits in the low four bytes.
#[inline]
fn four_digits(v: u32) -> u32 {
    let hundreds = (v * 10_486) >> 20;
    let x = hundreds | (v - hundreds * 100) << 16;
    let tens = ((x * 103) >> 10) & 0x000F_000F;
    tens | (x - tens * 10) << 8
}

/// Appends the first `n` (at most eight) bytes of `word` (first byte lowest), already text: one
/// eight-byte append, then the length cut back.
#[inline]
fn push_digits_ascii(out: &mut Vec<u8>, word: u64, n: usize) {
    let len = out.len();
    out.extend_from_slice(&word.to_le_bytes());
    out.truncate(len + n);
}

/// Appends the first `n` (at most eight) of the digit bytes `digits` (values 0-9, first digit
/// lowest) as ASCII.
#[inline]
fn push_digits(out: &mut Vec<u8>, digits: u64, n: usize) {
    push_digits_ascii(out, digits | 0x3030_3030_3030_3030, n);
}

/// Appends an `f64` as `serde_json` writes it (`null` when it is not finite).
#[inline]
pub fn write_f64(out: &mut Vec<u8>, v: f64) {
    if !v.is_finite() {
        out.extend_from_slice(b"null");
    } else if !write_short_decimal(out, v) {
        let _ = CompactFormatter.write_f64(out, v);
    }
}

/// Writes `v` when it is the double nearest to a decimal of at most four places below 10^9 in
/// magnitude (rounded scores, most figures), and returns whether it did. The shortest
/// representation that reads back as `v`, which `serde_json` prints, is then that decimal
/// itself (any other decimal of four places is at least 10^-4 away, far more than half a unit
/// in the last place of `v`), in fixed notation with at least one digit after the point.
#[inline]
fn write_short_decimal(out: &mut Vec<u8>, v: f64) -> bool {
    match short_decimal(v) {
        Some((negative, k)) => {
            write_decimal4(out, negative, k);
            true
        }
        None => false,
    }
}

/// The sign and the whole number `k` of a finite `v` that is the double nearest to the decimal
/// `k / 10^4` below 10^9 (see [`write_short_decimal`]).
#[inline(always)]
fn short_decimal(v: f64) -> Option<(bool, u64)> {
    let scaled = v.abs() * 10_000.0;
    // (NaN passes this test and fails the one below.)
    if scaled >= 1e13 {
        return None;
    }
    // The nearest integer (a conversion that truncates, not a call to `round`); below
    // `10^13 < 2^53` it converts back exactly, and `k / 10^4` is the double nearest to the
    // decimal `k / 10^4`.
    // (Signed: one conversion instruction each way, where `u64` takes a dozen.)
    let k = (scaled + 0.5) as i64;
    (k as f64 / 10_000.0 == v.abs()).then_some((v.is_sign_negative(), k.unsigned_abs()))
}

/// Appends `v` rounded to four decimal places, half away from zero: what
/// `write_f64(out, (v * 10_000.0).round() / 10_000.0)` writes, without the rounding call or
/// [`write_short_decimal`]'s test (the quotient of a whole number below 10^13 by 10^4 always
/// passes it, and is written as that decimal).
#[inline]
pub fn write_rounded4(out: &mut Vec<u8>, v: f64) {
    let scaled = v * 10_000.0;
    let abs = scaled.abs();
    // Also false for NaN.
    if abs < 1e13 {
        // Rounding half away from zero: below 2^53 the fraction is exact.
        let whole = abs as i64;
        let k = whole + i64::from(abs - whole as f64 >= 0.5);
        // `round` keeps the sign (`-0.0` for a small negative `v`), and so does the quotient.
        write_decimal4(out, v.is_sign_negative(), k.unsigned_abs());
    } else {
        write_f64(out, scaled.round() / 10_000.0);
    }
}

/// Appends the decimal `k / 10^4` (`k` below 10^13), with `-` first when `negative`, as
/// `serde_json` writes the double nearest to it: fixed notation, trailing zeros of the places
/// dropped, at least one digit after the point. Inlined: the call cost a fifth of the work.
#[inline(always)]
fn write_decimal4(out: &mut Vec<u8>, negative: bool, k: u64) {
    if negative {
        out.push(b'-');
    }
    match u32::try_from(k) {
        // Below 1000 (scores, most figures): the whole decimal from one set of eight digits,
        // appended in one store.
        Ok(k) if k < 10_000_000 => {
            let (word, n) = decimal4_word(k);
            push_digits_ascii(out, word, n);
        }
        _ => {
            let (int, frac) = (k / 10_000, (k % 10_000) as u32);
            write_u64(out, int);
            out.push(b'.');
            let places = four_digits(frac);
            let zeros = (places.leading_zeros() / 8).min(3);
            push_digits(out, u64::from(places), 4 - zeros as usize);
        }
    }
}

/// The text of the decimal `k / 10^4` for `k` below 10^7 (below 1000), as [`write_decimal4`]
/// writes it, in the low bytes of a word (first byte lowest), and its length: made from one set
/// of eight digits.
#[inline(always)]
fn decimal4_word(k: u32) -> (u64, usize) {
    let digits = eight_digits(k);
    // The integer part is digits 1 to 3 (digit 0 is zero), without its leading zeros (the low
    // zero bytes) but one digit at least.
    let int = (digits >> 8) & 0xFF_FFFF;
    let skip = (int.trailing_zeros() / 8).min(2);
    let int_len = 3 - skip;
    // The four places without their trailing zeros (the high zero bytes), and one digit at
    // least (`5.0`).
    let places = (digits >> 32) as u32;
    let places_len = 4 - (places.leading_zeros() / 8).min(3);
    let word = ((int | 0x30_3030) >> (8 * skip))
        | (u64::from(b'.') << (8 * int_len))
        | (u64::from(places | 0x3030_3030) << (8 * (int_len + 1)));
    (word, (int_len + 1 + places_len) as usize)
}

/// Appends an optional string (`null` for none).
#[inline]
pub fn write_opt_str(out: &mut Vec<u8>, v: Option<&str>) {
    match v {
        Some(s) => write_str(out, s),
        None => out.extend_from_slice(b"null"),
    }
}

/// Appends `items` as a JSON array, each one written by `item`: the brackets and commas that
/// every hand-written result writer needs.
#[inline]
pub fn write_seq<I: IntoIterator>(out: &mut Vec<u8>, items: I, mut item: impl FnMut(&mut Vec<u8>, I::Item)) {
    out.push(b'[');
    for (i, x) in items.into_iter().enumerate() {
        if i > 0 {
            out.push(b',');
        }
        item(out, x);
    }
    out.push(b']');
}

/// Appends `{"start":S,"end":E` (the object left open): how every span-carrying result item
/// begins. Inlined in every writer, like the numbers it writes.
#[inline(always)]
pub fn open_span(out: &mut Vec<u8>, start: u32, end: u32) {
    out.extend_from_slice(b"{\"start\":");
    write_u64(out, u64::from(start));
    out.extend_from_slice(b",\"end\":");
    write_u64(out, u64::from(end));
}

/// Where a result writer puts its pieces: the output `Vec` itself, or a [`Block`] at its end.
/// An item written by a function generic over `Sink` goes through [`write_item`], which tries
/// the block first.
pub trait Sink {
    /// Appends bytes known at compile time (keys, punctuation).
    fn put<const K: usize>(&mut self, bytes: &[u8; K]);
    /// Appends an unsigned integer as [`write_u64`] does.
    fn uint(&mut self, v: u64);
    /// Appends a string as [`write_str`] does.
    fn str(&mut self, s: &str);
    /// Appends a number rounded to four places as [`write_rounded4`] does.
    fn rounded4(&mut self, v: f64);
    /// Appends a number as [`write_f64`] does.
    fn f64(&mut self, v: f64);
    /// Appends `{"start":S,"end":E` (the object left open), as [`open_span`] does.
    #[inline(always)]
    fn span(&mut self, start: u32, end: u32) {
        self.put(b"{\"start\":");
        self.uint(u64::from(start));
        self.put(b",\"end\":");
        self.uint(u64::from(end));
    }
    /// Appends an optional string as [`write_opt_str`] does.
    #[inline(always)]
    fn opt_str(&mut self, v: Option<&str>) {
        match v {
            Some(s) => self.str(s),
            None => self.put(b"null"),
        }
    }
}

impl Sink for Vec<u8> {
    #[inline(always)]
    fn put<const K: usize>(&mut self, bytes: &[u8; K]) {
        self.extend_from_slice(bytes);
    }
    #[inline(always)]
    fn uint(&mut self, v: u64) {
        write_u64(self, v);
    }
    #[inline(always)]
    fn str(&mut self, s: &str) {
        write_str(self, s);
    }
    #[inline(always)]
    fn rounded4(&mut self, v: f64) {
        write_rounded4(self, v);
    }
    #[inline(always)]
    fn f64(&mut self, v: f64) {
        write_f64(self, v);
    }
}

/// The size of a [`Block`]: an item of bounded length (a mention, a sentence score) fits,
/// with room for the 16-byte stores of its last pieces.
const BLOCK: usize = 128;

/// A run of [`BLOCK`] zero bytes at the end of the output, written through a fixed-size array:
/// each write is a bounds test and a store, where a write to the `Vec` tests its capacity and
/// stores its length again. What does not fit (a long string, one to escape, a rare number)
/// marks the block as overflowed, and [`write_item`] writes the item to the `Vec` instead.
pub struct Block<'a, const N: usize = BLOCK> {
    buf: &'a mut [u8; N],
    pos: usize,
    overflow: bool,
}

impl<const N: usize> Block<'_, N> {
    /// Stores `word` (first byte lowest) at `at`, without moving the position.
    #[inline(always)]
    fn store64_at(&mut self, at: usize, word: u64) {
        match self.buf.get_mut(at..at + 8) {
            Some(dst) => dst.copy_from_slice(&word.to_le_bytes()),
            None => self.overflow = true,
        }
    }

    /// Appends `bytes` (a string of medium length), when they fit.
    #[inline]
    fn slice(&mut self, bytes: &[u8]) {
        match self.buf.get_mut(self.pos..self.pos + bytes.len()) {
            Some(dst) => dst.copy_from_slice(bytes),
            None => self.overflow = true,
        }
        self.pos += bytes.len();
    }

    /// Appends the number whose four digit bytes (values 0-9, first lowest) are `digits`,
    /// without its leading zeros but one digit at least.
    #[inline(always)]
    fn four(&mut self, digits: u32) {
        let skip = (digits.trailing_zeros() / 8).min(3);
        self.word64(u64::from(digits >> (8 * skip)) | 0x3030_3030_3030_3030, 4 - skip as usize);
    }

    /// Stores `word` (first byte lowest) and keeps its first `n` bytes.
    #[inline(always)]
    fn word64(&mut self, word: u64, n: usize) {
        match self.buf.get_mut(self.pos..self.pos + 8) {
            Some(dst) => dst.copy_from_slice(&word.to_le_bytes()),
            None => self.overflow = true,
        }
        self.pos += n;
    }
}

impl<const N: usize> Sink for Block<'_, N> {
    #[inline(always)]
    fn put<const K: usize>(&mut self, bytes: &[u8; K]) {
        match self.buf.get_mut(self.pos..self.pos + K) {
            Some(dst) => dst.copy_from_slice(bytes),
            None => self.overflow = true,
        }
        self.pos += K;
    }

    #[inline(always)]
    fn uint(&mut self, v: u64) {
        match u32::try_from(v) {
            Ok(v) if v < 10_000 => {
                let digits = u64::from(four_digits(v));
                let skip = (digits.trailing_zeros() / 8).min(3);
                self.word64((digits >> (8 * skip)) | 0x3030_3030_3030_3030, 4 - skip as usize);
            }
            Ok(v) if v < 100_000_000 => {
                let digits = eight_digits(v);
                let skip = (digits.trailing_zeros() / 8).min(7);
                self.word64((digits >> (8 * skip)) | 0x3030_3030_3030_3030, 8 - skip as usize);
            }
            _ => self.overflow = true,
        }
    }

    #[inline(always)]
    fn str(&mut self, s: &str) {
        let b = s.as_bytes();
        let n = b.len();
        self.put(b"\"");
        // Short strings are stored as read: the first and the last eight (or four) bytes,
        // overlapping in the block, without shifting them into one word.
        if let (Some(first), Some(last)) = (b.first_chunk::<8>(), b.last_chunk::<8>()) {
            let (lo, hi) = (u64::from_le_bytes(*first), u64::from_le_bytes(*last));
            if n <= 16 && escape_bits(lo) | escape_bits(hi) == 0 {
                self.store64_at(self.pos, lo);
                self.store64_at(self.pos + n - 8, hi);
                self.pos += n;
            } else if is_clean(b) {
                self.slice(b);
            } else {
                self.overflow = true;
            }
        } else if let (Some(first), Some(last)) = (b.first_chunk::<4>(), b.last_chunk::<4>()) {
            let (lo, hi) = (u64::from(u32::from_le_bytes(*first)), u64::from(u32::from_le_bytes(*last)));
            if chunk_needs_escape(lo | hi << 32) {
                self.overflow = true;
            }
            // `lo` first: its four zero bytes are then covered by `hi`.
            self.store64_at(self.pos, lo);
            self.store64_at(self.pos + n - 4, hi);
            self.pos += n;
        } else {
            match short_clean(b) {
                Some(word) => self.word64(word as u64, n),
                None => self.overflow = true,
            }
        }
        self.put(b"\"");
    }

    #[inline(always)]
    fn rounded4(&mut self, v: f64) {
        let abs = (v * 10_000.0).abs();
        // Scores (`k` below 10^7): one word; the rest, and NaN, overflow.
        if abs < 9_999_999.0 {
            let whole = abs as i64;
            let k = whole + i64::from(abs - whole as f64 >= 0.5);
            let (word, n) = decimal4_word(k as u32);
            if v.is_sign_negative() {
                self.put(b"-");
            }
            self.word64(word, n);
        } else {
            self.overflow = true;
        }
    }

    #[inline(always)]
    fn span(&mut self, start: u32, end: u32) {
        if start < 10_000 && end < 10_000 {
            // Most spans: the digits of both offsets made at once.
            let digits = four_digits_pair(start, end);
            self.put(b"{\"start\":");
            self.four(digits as u32);
            self.put(b",\"end\":");
            self.four((digits >> 32) as u32);
        } else {
            self.put(b"{\"start\":");
            self.uint(u64::from(start));
            self.put(b",\"end\":");
            self.uint(u64::from(end));
        }
    }

    #[inline]
    fn f64(&mut self, v: f64) {
        match short_decimal(v) {
            Some((negative, k)) => {
                if negative {
                    self.put(b"-");
                }
                match u32::try_from(k) {
                    Ok(k) if k < 10_000_000 => {
                        let (word, n) = decimal4_word(k);
                        self.word64(word, n);
                    }
                    _ => {
                        // Larger figures (years, millions): the whole part, then the places.
                        self.uint(k / 10_000);
                        let places = four_digits((k % 10_000) as u32);
                        let zeros = (places.leading_zeros() / 8).min(3);
                        self.word64(u64::from(b'.') | u64::from(places | 0x3030_3030) << 8, 5 - zeros as usize);
                    }
                }
            }
            None => self.overflow = true,
        }
    }
}

/// Appends one item: written by `in_block` into a [`Block`] when it fits, else (or when the
/// block overflowed) by `in_vec` straight to `out`. Both write the same bytes: they are the
/// same function generic over [`Sink`].
#[inline(always)]
pub fn write_item(out: &mut Vec<u8>, in_block: impl FnOnce(&mut Block<'_>), in_vec: impl FnOnce(&mut Vec<u8>)) {
    write_item_in::<BLOCK>(out, in_block, in_vec);
}

/// [`write_item`] with a block of `N` bytes, for longer items.
#[inline(always)]
pub fn write_item_in<const N: usize>(
    out: &mut Vec<u8>,
    in_block: impl FnOnce(&mut Block<'_, N>),
    in_vec: impl FnOnce(&mut Vec<u8>),
) {
    let start = out.len();
    out.extend_from_slice(&[0; N]);
    let written = match out.get_mut(start..).and_then(|rest| rest.first_chunk_mut::<N>()) {
        Some(buf) => {
            let mut block = Block { buf, pos: 0, overflow: false };
            in_block(&mut block);
            (!block.overflow && block.pos <= N).then_some(block.pos)
        }
        None => None,
    };
    match written {
        Some(n) => out.truncate(start + n),
        None => {
            out.truncate(start);
            in_vec(out);
        }
    }
}

/// Appends an [`EntityOutput`] as its derived `Serialize` impl writes it through `serde_json`
/// (field order, renames and skipped fields included), without going through serde per field:
/// entity results are the largest part of every record.
pub(crate) fn write_entity_output(out: &mut Vec<u8>, v: &EntityOutput) {
    out.extend_from_slice(b"{\"entities\":");
    write_seq(out, &v.entities, |out, e| {
        write_item(out, |b| entity_head(b, e), |v| entity_head(v, e));
        if !e.titles.is_empty() {
            out.extend_from_slice(b",\"titles\":");
            write_seq(out, &e.titles, |out, t| write_str(out, t));
        }
        out.extend_from_slice(b",\"mentions\":");
        write_seq(out, &e.mentions, |out, m| write_item(out, |b| mention(b, m), |v| mention(v, m)));
        out.push(b'}');
    });
    out.push(b'}');
}

/// An entity up to its titles: `{"name":..,"type":..,"count":..,"first":..` (left open).
#[inline(always)]
fn entity_head<S: Sink>(out: &mut S, e: &Entity) {
    out.put(b"{\"name\":");
    out.str(&e.name);
    type_field(out, e.entity_type);
    out.put(b",\"count\":");
    out.uint(e.count as u64);
    out.put(b",\"first\":");
    out.uint(u64::from(e.first));
}

/// Appends `,"type":"person"` (or the other type): one constant piece per type, where writing
/// the name as a string tests it for bytes to escape.
#[inline(always)]
pub fn type_field<S: Sink>(out: &mut S, t: EntityType) {
    match t {
        EntityType::Person => out.put(b",\"type\":\"person\""),
        EntityType::Organization => out.put(b",\"type\":\"organization\""),
        EntityType::Location => out.put(b",\"type\":\"location\""),
        EntityType::Misc => out.put(b",\"type\":\"misc\""),
    }
}

/// One mention: `{"start":..,"end":..,"text":..}`.
#[inline(always)]
fn mention<S: Sink>(out: &mut S, m: &Mention) {
    out.span(m.start, m.end);
    out.put(b",\"text\":");
    out.str(&m.text);
    out.put(b"}");
}

/// Appends a [`QuoteOutput`] as its derived `Serialize` impl writes it through `serde_json`.
pub(crate) fn write_quote_output(out: &mut Vec<u8>, v: &QuoteOutput) {
    out.extend_from_slice(b"{\"quotes\":");
    write_seq(out, &v.quotes, |out, q| {
        // The text is most of a quote, and often longer than a block: the fields before and
        // after it are items of their own.
        write_item(out, |b| quote_head(b, q), |v| quote_head(v, q));
        write_str(out, &q.text);
        write_item(out, |b| quote_tail(b, q), |v| quote_tail(v, q));
    });
    out.extend_from_slice(b",\"speakers\":");
    write_seq(out, &v.speakers, |out, sp| write_item(out, |b| speaker(b, sp), |v| speaker(v, sp)));
    out.push(b'}');
}

/// A quote up to its text: `{"start":..,"end":..,"text":`.
#[inline(always)]
fn quote_head<S: Sink>(out: &mut S, q: &Quote) {
    out.span(q.start, q.end);
    out.put(b",\"text\":");
}

/// A quote after its text: `,"kind":..,"speaker":..,"speaker_span":..,"cue":..,"closed":..}`.
#[inline(always)]
fn quote_tail<S: Sink>(out: &mut S, q: &Quote) {
    match q.kind {
        QuoteKind::Speech => out.put(b",\"kind\":\"speech\",\"speaker\":"),
        QuoteKind::Phrase => out.put(b",\"kind\":\"phrase\",\"speaker\":"),
    }
    out.opt_str(q.speaker.as_deref());
    out.put(b",\"speaker_span\":");
    match q.speaker_span {
        Some([a, b]) => {
            out.put(b"[");
            out.uint(u64::from(a));
            out.put(b",");
            out.uint(u64::from(b));
            out.put(b"]");
        }
        None => out.put(b"null"),
    }
    out.put(b",\"cue\":");
    out.opt_str(q.cue.as_deref());
    match q.closed {
        true => out.put(b",\"closed\":true}"),
        false => out.put(b",\"closed\":false}"),
    }
}

/// One speaker of the quotes: `{"name":..,"quotes":..,"words":..}`.
#[inline(always)]
fn speaker<S: Sink>(out: &mut S, sp: &Speaker) {
    out.put(b"{\"name\":");
    out.str(&sp.name);
    out.put(b",\"quotes\":");
    out.uint(sp.quotes as u64);
    out.put(b",\"words\":");
    out.uint(sp.words as u64);
    out.put(b"}");
}

/// Why the fast path gave up; the caller then runs `serde_json` itself.
#[derive(Debug)]
struct GiveUp;

impl Display for GiveUp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("not handled by the compact writer")
    }
}

impl std::error::Error for GiveUp {}

impl ser::Error for GiveUp {
    fn custom<T: Display>(_msg: T) -> GiveUp {
        GiveUp
    }
}

type Res = Result<(), GiveUp>;

/// Lookup table of `serde_json`: 0 = written as is, otherwise the escape letter.
const UU: u8 = b'u';
static ESCAPE: [u8; 256] = {
    let mut t = [0u8; 256];
    let mut c = 0;
    while c < 0x20 {
        t[c] = UU;
        c += 1;
    }
    t[0x08] = b'b';
    t[0x09] = b't';
    t[0x0a] = b'n';
    t[0x0c] = b'f';
    t[0x0d] = b'r';
    t[b'"' as usize] = b'"';
    t[b'\\' as usize] = b'\\';
    t
};

const LO: u64 = 0x0101_0101_0101_0101;
const HI: u64 = 0x8080_8080_8080_8080;

/// High bits set (among others) in the bytes of `x` below 0x20, `"` or `\\`, and none at all
/// when there is no such byte: each test is a subtraction that borrows only at (or above) a
/// byte that matches, and the high bit of `x` itself clears the non-ASCII bytes. Without a
/// branch per test, so two words are tested with one branch.
#[inline(always)]
fn escape_bits(x: u64) -> u64 {
    let below_space = x.wrapping_sub(LO * 0x20);
    let quote = (x ^ (LO * u64::from(b'"'))).wrapping_sub(LO);
    let backslash = (x ^ (LO * u64::from(b'\\'))).wrapping_sub(LO);
    (below_space | quote | backslash) & !x & HI
}

/// True when one of the eight bytes of `x` is below 0x20, a `"` or a `\\`.
#[inline]
fn chunk_needs_escape(x: u64) -> bool {
    escape_bits(x) != 0
}

/// True when no byte of `bytes` needs escaping: sixteen bytes (two words) to a test, and the
/// last bytes in a last word that overlaps the ones before it.
#[inline]
fn is_clean(bytes: &[u8]) -> bool {
    // (A word that cannot be read is taken for one to escape: `write_escaped` is always right.)
    let word = |w: Option<&[u8; 8]>| w.map_or(0, |w| u64::from_le_bytes(*w));
    let mut chunks = bytes.chunks_exact(16);
    for chunk in &mut chunks {
        if escape_bits(word(chunk.first_chunk())) | escape_bits(word(chunk.last_chunk())) != 0 {
            return false;
        }
    }
    let rest = chunks.remainder();
    match (rest.first_chunk::<8>(), bytes.last_chunk::<8>()) {
        // Eight to fifteen bytes left: their first eight and the last eight of all.
        (Some(first), Some(last)) => escape_bits(word(Some(first))) | escape_bits(word(Some(last))) == 0,
        // Fewer left: the last eight of all cover them.
        (None, Some(last)) => escape_bits(word(Some(last))) == 0,
        (_, None) => rest.iter().all(|&b| ESCAPE[usize::from(b)] == 0),
    }
}

/// Appends `s` as a JSON string, escaped as `serde_json` escapes it. Inlined in every writer:
/// the call cost as much as a short string's copy.
#[inline(always)]
pub fn write_str(out: &mut Vec<u8>, s: &str) {
    let bytes = s.as_bytes();
    match short_clean(bytes) {
        // Most names and mention texts: quotes and text in one store, without a copy call.
        Some(word) => {
            push_word(out, u128::from(b'"') | word << 8 | u128::from(b'"') << (8 * (bytes.len() + 1)), bytes.len() + 2)
        }
        None => write_str_long(out, bytes),
    }
}

/// The bytes of a string of at most 14 bytes (first byte lowest, the bytes above it zero) when
/// none needs escaping. Each byte is read with a few loads that may overlap (the first and last
/// eight, or four), not one at a time, and tested eight at a time.
#[inline(always)]
fn short_clean(b: &[u8]) -> Option<u128> {
    let n = b.len();
    if n > 14 {
        return None;
    }
    if let (Some(first), Some(last)) = (b.first_chunk::<8>(), b.last_chunk::<8>()) {
        let (lo, hi) = (u64::from_le_bytes(*first), u64::from_le_bytes(*last));
        if escape_bits(lo) | escape_bits(hi) != 0 {
            return None;
        }
        // The last eight bytes end at byte `n`; the overlap repeats the same bytes.
        return Some(u128::from(lo) | u128::from(hi) << (8 * (n - 8)));
    }
    if let (Some(first), Some(last)) = (b.first_chunk::<4>(), b.last_chunk::<4>()) {
        let (lo, hi) = (u64::from(u32::from_le_bytes(*first)), u64::from(u32::from_le_bytes(*last)));
        if chunk_needs_escape(lo | hi << 32) {
            return None;
        }
        return Some(u128::from(lo | hi << (8 * (n - 4))));
    }
    match (b.first(), b.get(n / 2), b.last()) {
        (Some(&a), Some(&m), Some(&z)) => {
            // One to three bytes: the first, middle and last (some the same byte).
            let three = u64::from(a) | u64::from(m) << 8 | u64::from(z) << 16;
            if chunk_needs_escape(three | three << 24 | three << 48) {
                return None;
            }
            Some(u128::from(u64::from(a) | u64::from(m) << (8 * (n / 2)) | u64::from(z) << (8 * (n - 1))))
        }
        _ => Some(0),
    }
}

/// Appends the first `n` (at most 16) bytes of `word` (first byte lowest): one 16-byte append,
/// then the length cut back.
#[inline(always)]
fn push_word(out: &mut Vec<u8>, word: u128, n: usize) {
    let len = out.len();
    out.extend_from_slice(&word.to_le_bytes());
    out.truncate(len + n);
}

/// [`write_str`] for strings longer than [`short_clean`] takes, or with something to escape.
#[inline(never)]
fn write_str_long(out: &mut Vec<u8>, bytes: &[u8]) {
    out.reserve(bytes.len() + 2);
    out.push(b'"');
    if is_clean(bytes) {
        // Nearly every string: one copy.
        out.extend_from_slice(bytes);
    } else {
        write_escaped(out, bytes);
    }
    out.push(b'"');
}

/// The contents of a string with something to escape.
#[cold]
fn write_escaped(out: &mut Vec<u8>, bytes: &[u8]) {
    let mut run = 0; // start of the bytes not yet copied
    for (i, &b) in bytes.iter().enumerate() {
        let esc = ESCAPE[usize::from(b)];
        if esc == 0 {
            continue;
        }
        out.extend_from_slice(bytes.get(run..i).unwrap_or(&[]));
        if esc == UU {
            const HEX: &[u8; 16] = b"0123456789abcdef";
            out.extend_from_slice(&[b'\\', b'u', b'0', b'0', HEX[usize::from(b >> 4)], HEX[usize::from(b & 0xF)]]);
        } else {
            out.extend_from_slice(&[b'\\', esc]);
        }
        run = i + 1;
    }
    out.extend_from_slice(bytes.get(run..).unwrap_or(&[]));
}

/// The serializer: appends to `out`.
struct Compact<'a> {
    out: &'a mut Vec<u8>,
}

/// Numbers go through `serde_json`'s formatter (itoa, and its float printer), so they are
/// written exactly as `serde_json` writes them.
macro_rules! via_formatter {
    ($($name:ident($t:ty) => $write:ident;)*) => {$(
        fn $name(self, v: $t) -> Res {
            CompactFormatter.$write(&mut *self.out, v).map_err(|_| GiveUp)
        }
    )*};
}

impl<'a, 'b> ser::Serializer for &'a mut Compact<'b> {
    type Ok = ();
    type Error = GiveUp;
    type SerializeSeq = Seq<'a, 'b>;
    type SerializeTuple = Seq<'a, 'b>;
    type SerializeTupleStruct = Seq<'a, 'b>;
    type SerializeTupleVariant = Seq<'a, 'b>;
    type SerializeMap = Seq<'a, 'b>;
    type SerializeStruct = Seq<'a, 'b>;
    type SerializeStructVariant = Seq<'a, 'b>;

    via_formatter! {
        serialize_i8(i8) => write_i8;
        serialize_i16(i16) => write_i16;
        serialize_i32(i32) => write_i32;
        serialize_i64(i64) => write_i64;
        serialize_i128(i128) => write_i128;
        serialize_u8(u8) => write_u8;
        serialize_u16(u16) => write_u16;
        serialize_u32(u32) => write_u32;
        serialize_u64(u64) => write_u64;
        serialize_u128(u128) => write_u128;
    }

    fn serialize_bool(self, v: bool) -> Res {
        self.out.extend_from_slice(if v { b"true" } else { b"false" });
        Ok(())
    }

    fn serialize_f32(self, v: f32) -> Res {
        if v.is_finite() {
            CompactFormatter.write_f32(&mut *self.out, v).map_err(|_| GiveUp)
        } else {
            self.serialize_unit()
        }
    }

    fn serialize_f64(self, v: f64) -> Res {
        if v.is_finite() {
            CompactFormatter.write_f64(&mut *self.out, v).map_err(|_| GiveUp)
        } else {
            self.serialize_unit()
        }
    }

    fn serialize_char(self, v: char) -> Res {
        write_str(self.out, v.encode_utf8(&mut [0; 4]));
        Ok(())
    }

    fn serialize_str(self, v: &str) -> Res {
        write_str(self.out, v);
        Ok(())
    }

    fn serialize_bytes(self, v: &[u8]) -> Res {
        CompactFormatter.write_byte_array(&mut *self.out, v).map_err(|_| GiveUp)
    }

    fn serialize_none(self) -> Res {
        self.serialize_unit()
    }

    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Res {
        value.serialize(self)
    }

    fn serialize_unit(self) -> Res {
        self.out.extend_from_slice(b"null");
        Ok(())
    }

    fn serialize_unit_struct(self, _name: &'static str) -> Res {
        self.serialize_unit()
    }

    fn serialize_unit_variant(self, _name: &'static str, _index: u32, variant: &'static str) -> Res {
        write_str(self.out, variant);
        Ok(())
    }

    fn serialize_newtype_struct<T: Serialize + ?Sized>(self, _name: &'static str, value: &T) -> Res {
        value.serialize(self)
    }

    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        value: &T,
    ) -> Res {
        self.out.push(b'{');
        write_str(self.out, variant);
        self.out.push(b':');
        value.serialize(&mut *self)?;
        self.out.push(b'}');
        Ok(())
    }

    fn serialize_seq(self, _len: Option<usize>) -> Result<Seq<'a, 'b>, GiveUp> {
        self.out.push(b'[');
        Ok(Seq { ser: self, first: true, close: b"]" })
    }

    fn serialize_tuple(self, len: usize) -> Result<Seq<'a, 'b>, GiveUp> {
        self.serialize_seq(Some(len))
    }

    fn serialize_tuple_struct(self, _name: &'static str, len: usize) -> Result<Seq<'a, 'b>, GiveUp> {
        self.serialize_seq(Some(len))
    }

    fn serialize_tuple_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        _len: usize,
    ) -> Result<Seq<'a, 'b>, GiveUp> {
        self.out.push(b'{');
        write_str(self.out, variant);
        self.out.extend_from_slice(b":[");
        Ok(Seq { ser: self, first: true, close: b"]}" })
    }

    fn serialize_map(self, _len: Option<usize>) -> Result<Seq<'a, 'b>, GiveUp> {
        self.out.push(b'{');
        Ok(Seq { ser: self, first: true, close: b"}" })
    }

    fn serialize_struct(self, _name: &'static str, len: usize) -> Result<Seq<'a, 'b>, GiveUp> {
        self.serialize_map(Some(len))
    }

    fn serialize_struct_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        _len: usize,
    ) -> Result<Seq<'a, 'b>, GiveUp> {
        self.out.push(b'{');
        write_str(self.out, variant);
        self.out.extend_from_slice(b":{");
        Ok(Seq { ser: self, first: true, close: b"}}" })
    }
}

/// An array or object being written.
struct Seq<'a, 'b> {
    ser: &'a mut Compact<'b>,
    first: bool,
    close: &'static [u8],
}

impl Seq<'_, '_> {
    #[inline]
    fn comma(&mut self) {
        if self.first {
            self.first = false;
        } else {
            self.ser.out.push(b',');
        }
    }

    #[inline]
    fn element<T: Serialize + ?Sized>(&mut self, value: &T) -> Res {
        self.comma();
        value.serialize(&mut *self.ser)
    }

    #[inline]
    fn field<T: Serialize + ?Sized>(&mut self, key: &'static str, value: &T) -> Res {
        let k = key.as_bytes();
        if is_clean(k) {
            // Field names are plain: `,"name":` in place, without a call per name.
            let out = &mut *self.ser.out;
            out.reserve(k.len() + 4);
            if !self.first {
                out.push(b',');
            }
            self.first = false;
            out.push(b'"');
            out.extend_from_slice(k);
            out.extend_from_slice(b"\":");
        } else {
            self.comma();
            write_str(self.ser.out, key);
            self.ser.out.push(b':');
        }
        value.serialize(&mut *self.ser)
    }

    #[inline]
    fn close(self) -> Res {
        self.ser.out.extend_from_slice(self.close);
        Ok(())
    }
}

impl ser::SerializeSeq for Seq<'_, '_> {
    type Ok = ();
    type Error = GiveUp;
    fn serialize_element<T: Serialize + ?Sized>(&mut self, value: &T) -> Res {
        self.element(value)
    }
    fn end(self) -> Res {
        self.close()
    }
}

impl ser::SerializeTuple for Seq<'_, '_> {
    type Ok = ();
    type Error = GiveUp;
    fn serialize_element<T: Serialize + ?Sized>(&mut self, value: &T) -> Res {
        self.element(value)
    }
    fn end(self) -> Res {
        self.close()
    }
}

impl ser::SerializeTupleStruct for Seq<'_, '_> {
    type Ok = ();
    type Error = GiveUp;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, value: &T) -> Res {
        self.element(value)
    }
    fn end(self) -> Res {
        self.close()
    }
}

impl ser::SerializeTupleVariant for Seq<'_, '_> {
    type Ok = ();
    type Error = GiveUp;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, value: &T) -> Res {
        self.element(value)
    }
    fn end(self) -> Res {
        self.close()
    }
}

impl ser::SerializeMap for Seq<'_, '_> {
    type Ok = ();
    type Error = GiveUp;
    fn serialize_key<T: Serialize + ?Sized>(&mut self, key: &T) -> Res {
        self.comma();
        key.serialize(KeyOnly { out: &mut *self.ser.out })?;
        self.ser.out.push(b':');
        Ok(())
    }
    fn serialize_value<T: Serialize + ?Sized>(&mut self, value: &T) -> Res {
        value.serialize(&mut *self.ser)
    }
    fn end(self) -> Res {
        self.close()
    }
}

impl ser::SerializeStruct for Seq<'_, '_> {
    type Ok = ();
    type Error = GiveUp;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, key: &'static str, value: &T) -> Res {
        self.field(key, value)
    }
    fn end(self) -> Res {
        self.close()
    }
}

impl ser::SerializeStructVariant for Seq<'_, '_> {
    type Ok = ();
    type Error = GiveUp;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, key: &'static str, value: &T) -> Res {
        self.field(key, value)
    }
    fn end(self) -> Res {
        self.close()
    }
}

/// Map keys: strings only (what every lede result uses); any other key makes the caller fall
/// back to `serde_json`, which decides how to write it or whether it is an error.
struct KeyOnly<'a> {
    out: &'a mut Vec<u8>,
}

macro_rules! give_up {
    ($($name:ident($($t:ty),*);)*) => {$(
        fn $name(self, $(_: $t),*) -> Res {
            Err(GiveUp)
        }
    )*};
}

impl ser::Serializer for KeyOnly<'_> {
    type Ok = ();
    type Error = GiveUp;
    type SerializeSeq = Impossible<(), GiveUp>;
    type SerializeTuple = Impossible<(), GiveUp>;
    type SerializeTupleStruct = Impossible<(), GiveUp>;
    type SerializeTupleVariant = Impossible<(), GiveUp>;
    type SerializeMap = Impossible<(), GiveUp>;
    type SerializeStruct = Impossible<(), GiveUp>;
    type SerializeStructVariant = Impossible<(), GiveUp>;

    fn serialize_str(self, v: &str) -> Res {
        write_str(self.out, v);
        Ok(())
    }

    give_up! {
        serialize_bool(bool);
        serialize_i8(i8);
        serialize_i16(i16);
        serialize_i32(i32);
        serialize_i64(i64);
        serialize_i128(i128);
        serialize_u8(u8);
        serialize_u16(u16);
        serialize_u32(u32);
        serialize_u64(u64);
        serialize_u128(u128);
        serialize_f32(f32);
        serialize_f64(f64);
        serialize_char(char);
        serialize_bytes(&[u8]);
        serialize_none();
        serialize_unit();
        serialize_unit_struct(&'static str);
        serialize_unit_variant(&'static str, u32, &'static str);
    }

    fn serialize_some<T: Serialize + ?Sized>(self, _value: &T) -> Res {
        Err(GiveUp)
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(self, _name: &'static str, _value: &T) -> Res {
        Err(GiveUp)
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _name: &'static str,
        _index: u32,
        _variant: &'static str,
        _value: &T,
    ) -> Res {
        Err(GiveUp)
    }
    fn serialize_seq(self, _len: Option<usize>) -> Result<Self::SerializeSeq, GiveUp> {
        Err(GiveUp)
    }
    fn serialize_tuple(self, _len: usize) -> Result<Self::SerializeTuple, GiveUp> {
        Err(GiveUp)
    }
    fn serialize_tuple_struct(self, _name: &'static str, _len: usize) -> Result<Self::SerializeTupleStruct, GiveUp> {
        Err(GiveUp)
    }
    fn serialize_tuple_variant(
        self,
        _name: &'static str,
        _index: u32,
        _variant: &'static str,
        _len: usize,
    ) -> Result<Self::SerializeTupleVariant, GiveUp> {
        Err(GiveUp)
    }
    fn serialize_map(self, _len: Option<usize>) -> Result<Self::SerializeMap, GiveUp> {
        Err(GiveUp)
    }
    fn serialize_struct(self, _name: &'static str, _len: usize) -> Result<Self::SerializeStruct, GiveUp> {
        Err(GiveUp)
    }
    fn serialize_struct_variant(
        self,
        _name: &'static str,
        _index: u32,
        _variant: &'static str,
        _len: usize,
    ) -> Result<Self::SerializeStructVariant, GiveUp> {
        Err(GiveUp)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;
    use std::collections::BTreeMap;

    fn same<T: Serialize + ?Sized>(v: &T) {
        let mut ours = b"prefix".to_vec();
        let r = write_compact(&mut ours, v);
        let theirs = serde_json::to_vec(v);
        match (r, theirs) {
            (Ok(()), Ok(t)) => assert_eq!(
                String::from_utf8_lossy(&ours[6..]),
                String::from_utf8_lossy(&t),
                "output differs from serde_json"
            ),
            (Err(a), Err(b)) => assert_eq!(a.to_string(), b.to_string()),
            (a, b) => panic!("ours {a:?}, serde_json {b:?}"),
        }
    }

    #[derive(Serialize)]
    enum E {
        Unit,
        New(u8),
        Tup(u8, String),
        Struct { a: f64 },
    }

    #[derive(Serialize)]
    struct S<'a> {
        text: &'a str,
        #[serde(skip_serializing_if = "Option::is_none")]
        skip: Option<u32>,
        v: Option<f64>,
        f: f32,
        e: Vec<E>,
        unit: (),
        tuple: (i8, u128, i128),
        c: char,
        b: bool,
        empty: Vec<u8>,
    }

    #[test]
    fn writes_what_serde_json_writes() {
        let mut strings: Vec<String> = vec![
            String::new(),
            "plain ascii text that is longer than eight bytes".into(),
            "“Curly” — Nadège 北京 🙂".into(),
            "tab\there\nnew \"quoted\" back\\slash \u{0}\u{1f}\u{7f}\u{8}\u{c}\r".into(),
        ];
        // Every escapable byte (and its neighbours) at every offset of strings of every length
        // up to 17 bytes: the short strings are read in overlapping words.
        for len in 1..=17 {
            for b in (0u8..0x21).chain([b'"', b'#', b'[', b'\\', b']', 0x7f]) {
                for at in 0..len {
                    let mut s = "abcdefghijklmnopq".as_bytes()[..len].to_vec();
                    s[at] = b;
                    strings.push(String::from_utf8(s).unwrap_or_default());
                }
            }
        }
        // Non-ASCII text of every length up to 16 bytes, and with something to escape after it.
        let wide = "é北🙂ü—x";
        for end in (0..=wide.len()).filter(|&i| wide.is_char_boundary(i)) {
            strings.push(wide[..end].to_string());
            strings.push(format!("{}\"", &wide[..end]));
        }
        for s in &strings {
            same(s.as_str());
            same(&S {
                text: s,
                skip: None,
                v: Some(0.1 + 0.2),
                f: 1.5e-7,
                e: vec![E::Unit, E::New(3), E::Tup(1, s.clone()), E::Struct { a: -0.0 }],
                unit: (),
                tuple: (-3, u128::MAX, i128::MIN),
                c: '"',
                b: true,
                empty: vec![],
            });
        }
        for f in [0.0, -0.0, 1.0, 1e21, 1e-7, 123456.789, f64::NAN, f64::INFINITY, f64::MIN_POSITIVE, 2.5e300] {
            same(&f);
            same(&(f as f32));
        }
        same(&json!({"b": [1, -2, 3.5, null, true, {"z": {}}], "a": "x\ny", "": []}));
        same(&BTreeMap::from([("k1", 1), ("k\"2", 2)]));
        // Keys that are not strings: serde_json decides (quoted numbers, or an error).
        same(&BTreeMap::from([(1, "one"), (2, "two")]));
        same(&BTreeMap::from([((1, 2), "pair")]));
        same(&BTreeMap::from([(true, 1)]));
        same(&Some(b"bytes".as_slice()));
    }

    #[test]
    fn items_in_blocks_are_written_as_serde_json_writes_them() {
        use crate::schema::Mention;
        // Strings of every length up to 140 bytes (short, medium, longer than a block), with
        // an escapable byte or a neighbour of one at several offsets, and non-ASCII text.
        let mut texts: Vec<String> = Vec::new();
        for len in 0..=140usize {
            let plain: String = (0..len).map(|i| char::from(b'a' + (i % 26) as u8)).collect();
            texts.push(plain.clone());
            for b in [0u8, 0x1f, b' ', b'"', b'#', b'\\', 0x7f] {
                for at in [0, len / 2, len.saturating_sub(1), len.saturating_sub(8)] {
                    let mut s = plain.clone().into_bytes();
                    if let Some(x) = s.get_mut(at) {
                        *x = b;
                    }
                    texts.push(String::from_utf8(s).unwrap_or_default());
                }
            }
        }
        texts.extend(["é", "北京", "🙂", "“Xi”", "Nadège — 北京 🙂"].map(String::from));
        for (i, text) in texts.into_iter().enumerate() {
            let i = i as u32;
            let m = Mention { start: i.wrapping_mul(7919), end: u32::MAX - i, text };
            let mut out = Vec::new();
            write_item(&mut out, |b| mention(b, &m), |v| mention(v, &m));
            assert_eq!(String::from_utf8_lossy(&out), serde_json::to_string(&m).unwrap_or_default());
        }
        // Spans of every size of offset.
        let offsets = (0..20_000).step_by(7).chain([0, 9, 10, 99, 100, 999, 1000, 9_999, 10_000, u32::MAX]);
        for (i, start) in offsets.enumerate() {
            let end = [start, 9_999, 10_000, 123, u32::MAX][i % 5];
            let m = Mention { start, end, text: "x".to_string() };
            let mut out = Vec::new();
            write_item(&mut out, |b| mention(b, &m), |v| mention(v, &m));
            assert_eq!(String::from_utf8_lossy(&out), serde_json::to_string(&m).unwrap_or_default());
        }
        // Numbers through a block, and through a block too small for them.
        let mut floats = vec![0.0, -0.0, 5e-5, 1.5, -2015.0, 1e7, 123_456.789, 999_999_999.999_9, 1e9, 0.1 + 0.2];
        floats.extend([f64::NAN, f64::INFINITY, 1e21, -1e-7, f64::MAX]);
        floats.extend((0..2000).map(|k| f64::from(k) * 1234.5678 - 1e6));
        for v in floats {
            let mut out = Vec::new();
            write_item(&mut out, |b| b.f64(v), |o| o.f64(v));
            assert_eq!(String::from_utf8_lossy(&out), serde_json::to_string(&v).unwrap_or_default(), "{v:e}");
            let mut out = Vec::new();
            write_item(&mut out, |b| b.rounded4(v), |o| o.rounded4(v));
            let rounded = (v * 10_000.0).round() / 10_000.0;
            assert_eq!(String::from_utf8_lossy(&out), serde_json::to_string(&rounded).unwrap_or_default(), "{v:e}");
            let mut out = Vec::new();
            write_item_in::<8>(&mut out, |b| b.f64(v), |o| o.f64(v));
            assert_eq!(String::from_utf8_lossy(&out), serde_json::to_string(&v).unwrap_or_default(), "{v:e}");
        }
        for v in [0u64, 9, 10, 9_999, 10_000, 99_999_999, 100_000_000, u64::from(u32::MAX), u64::MAX] {
            let mut out = Vec::new();
            write_item(&mut out, |b| b.uint(v), |o| o.uint(v));
            assert_eq!(String::from_utf8_lossy(&out), v.to_string());
        }
    }

    #[test]
    fn rounded_scores_are_written_as_serde_json_writes_them() {
        let theirs = |v: f64| serde_json::to_string(&((v * 10_000.0).round() / 10_000.0)).unwrap_or_default();
        let ours = |v: f64| {
            let mut out = Vec::new();
            write_rounded4(&mut out, v);
            String::from_utf8(out).unwrap_or_default()
        };
        let mut values: Vec<f64> = vec![
            0.0,
            -0.0,
            1e-5,
            -1e-5,
            0.00005,
            -0.00005,
            0.00015,
            2.5e-5,
            0.4999999999999999,
            1e9,
            1e9 - 5e-5,
            999_999_999.999_95,
            -1e12,
            1e13,
            1e20,
            f64::MAX,
            f64::MIN_POSITIVE,
            f64::NAN,
            f64::INFINITY,
            f64::NEG_INFINITY,
        ];
        // Scores as sentiment makes them (widened `f32`), and halves of the fourth place.
        let mut state = 0x2545_f491_4f6c_dd1du64;
        for _ in 0..300_000 {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            let x = (state % 4_000_000) as f64 / 100_000.0 - 20.0;
            values.extend([f64::from(x as f32), x, (x * 1e4).trunc() / 1e4 + 0.5e-4, x * 1e6, x * 1e8]);
        }
        for v in values {
            assert_eq!(ours(v), theirs(v), "{v:e}");
        }
    }

    #[test]
    fn eight_digits_splits_every_number_below_10_pow_8() {
        // Every lane value (four digits, then two) is met with every other below 10^6; the
        // stride covers the rest of the range.
        for v in (0..1_000_000).chain((1_000_000..100_000_000).step_by(9_973)).chain([99_999_999]) {
            let d = eight_digits(v).to_le_bytes();
            let mut x = v;
            for k in (0..8).rev() {
                assert_eq!(u32::from(d[k]), x % 10, "{v}");
                x /= 10;
            }
            if v < 10_000 {
                assert_eq!(four_digits(v).to_le_bytes(), [d[4], d[5], d[6], d[7]], "{v}");
            }
        }
    }

    #[test]
    fn numbers_are_written_as_serde_json_writes_them() {
        let theirs_u = |v: u64| serde_json::to_string(&v).unwrap_or_default();
        let theirs_f = |v: f64| serde_json::to_string(&v).unwrap_or_default();
        let ours = |f: &dyn Fn(&mut Vec<u8>)| {
            let mut out = Vec::new();
            f(&mut out);
            String::from_utf8(out).unwrap_or_default()
        };
        let mut ints: Vec<u64> = (0..=100_000).collect();
        ints.extend((0..64).flat_map(|p| [1u64 << p, (1u64 << p) - 1, (1u64 << p) + 1]));
        ints.extend((0..20).flat_map(|p| [10u64.pow(p), 10u64.pow(p) - 1, 10u64.pow(p) + 1]));
        ints.extend([999_999, 1_000_000, u64::MAX]);
        for v in ints {
            assert_eq!(ours(&|o| write_u64(o, v)), theirs_u(v), "{v}");
        }
        // Every four-place decimal in [-30, 30], scaled as sentiment scores are, then others.
        let mut floats: Vec<f64> =
            (-300_000..=300_000).map(|k| (f64::from(k) / 10_000.0 * 10_000.0).round() / 10_000.0).collect();
        let mut state = 0x9e37_79b9_7f4a_7c15u64;
        for _ in 0..200_000 {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            let k = (state % 20_000_000_000_000) as f64 - 1e13;
            floats.extend([k / 10_000.0, k / 1_000.0, k, k / 7.0, k * 1e-9, (k / 1e4 * 1e4).round() / 1e4]);
        }
        floats.extend([
            0.0,
            -0.0,
            1.0,
            -1.0,
            0.5,
            1e-4,
            -1e-4,
            5e-5,
            1e-5,
            0.1 + 0.2,
            99_999.999_9,
            1e9 - 1e-4,
            1e9,
            1e12,
            123_456_789.123_4,
            999_999_999.999_9,
            1e16,
            1e21,
            2.5e300,
            f64::MIN_POSITIVE,
            f64::MAX,
            f64::EPSILON,
        ]);
        for v in floats {
            assert_eq!(ours(&|o| write_f64(o, v)), theirs_f(v), "{v:e}");
        }
    }

    #[test]
    fn entity_and_quote_writers_match_the_derived_impls() {
        use crate::schema::{Entity, EntityType, Mention, Quote, Speaker};
        let texts = ["", "Vladimir Putin", "“Xi” \"Jinping\"\n\\ \u{1}", "北京 — Nadège"];
        let types = [EntityType::Person, EntityType::Organization, EntityType::Location, EntityType::Misc];
        let entities = EntityOutput {
            entities: (0..8)
                .map(|i| Entity {
                    name: texts[i % texts.len()].to_string(),
                    entity_type: types[i % types.len()],
                    count: i * 7,
                    first: u32::MAX - i as u32,
                    titles: (0..i % 3).map(|k| texts[(i + k) % texts.len()].to_string()).collect(),
                    mentions: (0..i)
                        .map(|k| Mention {
                            start: k as u32,
                            end: 10 * k as u32,
                            text: texts[k % texts.len()].to_string(),
                        })
                        .collect(),
                })
                .collect(),
        };
        let quotes = QuoteOutput {
            quotes: (0..6)
                .map(|i| Quote {
                    start: i,
                    end: i * 1000,
                    text: texts[i as usize % texts.len()].to_string(),
                    kind: if i % 2 == 0 { QuoteKind::Speech } else { QuoteKind::Phrase },
                    speaker: (i % 3 != 0).then(|| texts[(i as usize + 1) % texts.len()].to_string()),
                    speaker_span: (i % 2 == 1).then_some([i, u32::MAX]),
                    cue: (i % 4 != 0).then(|| texts[(i as usize + 2) % texts.len()].to_string()),
                    closed: i % 5 != 0,
                })
                .collect(),
            speakers: (0..3)
                .map(|i| Speaker { name: texts[i].to_string(), quotes: i, words: usize::MAX - i })
                .collect(),
        };
        for (e, q) in [(entities, quotes), (EntityOutput::default(), QuoteOutput::default())] {
            let mut out = Vec::new();
            write_entity_output(&mut out, &e);
            assert_eq!(String::from_utf8_lossy(&out), serde_json::to_string(&e).unwrap_or_default());
            let mut out = Vec::new();
            write_quote_output(&mut out, &q);
            assert_eq!(String::from_utf8_lossy(&out), serde_json::to_string(&q).unwrap_or_default());
            // And through AnalysisResult, as the runner writes them.
            let mut out = Vec::new();
            crate::AnalysisResult::new(e.clone()).write_json(&mut out).unwrap_or_default();
            assert_eq!(String::from_utf8_lossy(&out), serde_json::to_string(&e).unwrap_or_default());
        }
    }
}
