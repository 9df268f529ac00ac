//! Byte spans into a document's text.

use serde::{Deserialize, Serialize};

/// A half-open range `[start, end)` of UTF-8 byte offsets into a document's text.
///
/// Offsets are `u32`, so a document is at most 4 GiB; the runner rejects larger ones before
/// segmentation. The invariant `start <= end` is kept by every constructor in this crate.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Span {
    /// First byte of the span.
    pub start: u32,
    /// One past the last byte of the span.
    pub end: u32,
}

impl Span {
    /// A span from `start` to `end`; the two are swapped if given in the wrong order.
    #[inline]
    pub fn new(start: u32, end: u32) -> Span {
        if start <= end { Span { start, end } } else { Span { start: end, end: start } }
    }

    /// A span from `usize` offsets. Offsets beyond `u32::MAX` saturate.
    #[inline]
    pub fn from_usize(start: usize, end: usize) -> Span {
        let clamp = |x: usize| u32::try_from(x).unwrap_or(u32::MAX);
        Span::new(clamp(start), clamp(end))
    }

    /// Length in bytes.
    #[inline]
    pub fn len(self) -> usize {
        (self.end - self.start) as usize
    }

    /// True when the span covers no bytes.
    #[inline]
    pub fn is_empty(self) -> bool {
        self.start == self.end
    }

    /// The span as a `usize` range, for slicing.
    #[inline]
    pub fn range(self) -> std::ops::Range<usize> {
        self.start as usize..self.end as usize
    }

    /// True when `other` lies entirely inside `self`.
    #[inline]
    pub fn contains(self, other: Span) -> bool {
        self.start <= other.start && other.end <= self.end
    }

    /// True when the two spans share at least one byte.
    #[inline]
    pub fn overlaps(self, other: Span) -> bool {
        self.start < other.end && other.start < self.end
    }

    /// The smallest span covering both.
    #[inline]
    pub fn cover(self, other: Span) -> Span {
        Span { start: self.start.min(other.start), end: self.end.max(other.end) }
    }

    /// The slice of `text` this span covers, or `None` when it is out of bounds or not on
    /// character boundaries.
    #[inline]
    pub fn get(self, text: &str) -> Option<&str> {
        text.get(self.range())
    }

    /// The slice of `text` this span covers, or `""` when the span does not fit `text`.
    #[inline]
    pub fn slice(self, text: &str) -> &str {
        self.get(text).unwrap_or("")
    }
}

impl From<std::ops::Range<usize>> for Span {
    fn from(r: std::ops::Range<usize>) -> Span {
        Span::from_usize(r.start, r.end)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slicing_respects_char_boundaries() {
        let text = "“Hi” — Nadège";
        let s = Span::new(3, 5);
        assert_eq!(s.slice(text), "Hi");
        // Inside the 3-byte opening quote: not a boundary.
        assert_eq!(Span::new(1, 5).get(text), None);
        assert_eq!(Span::new(1, 5).slice(text), "");
        assert_eq!(Span::new(0, 999).get(text), None);
    }

    #[test]
    fn set_operations() {
        let a = Span::new(2, 8);
        let b = Span::new(5, 10);
        assert!(a.overlaps(b));
        assert!(!a.overlaps(Span::new(8, 9)));
        assert_eq!(a.cover(b), Span::new(2, 10));
        assert!(a.contains(Span::new(3, 8)));
        assert_eq!(Span::new(9, 4), Span::new(4, 9));
        assert_eq!(Span::from_usize(usize::MAX, 0).end, u32::MAX);
    }
}
