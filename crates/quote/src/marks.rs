//! Finding quoted spans from quotation marks: curly and straight, double and single, two
//! apostrophes used as a double mark, nesting, quotations that run over several paragraphs, and
//! apostrophes that are not quotation marks.
//!
//! The scan visits only the quotation-mark bytes (found with `memchr3`) and keeps a small stack
//! of open marks per paragraph, so it is linear in the text. A quotation that is never closed is
//! cut at the end of its paragraph, or earlier at a sentence end when it would grow beyond the
//! configured extent.

use lede_core::segment::Paragraph;
use lede_core::{Segmentation, Span};

/// The deepest nesting tracked; further opening marks are ignored.
const MAX_DEPTH: usize = 8;

/// Top-level single-quoted spans longer than this are taken to be apostrophes, not quotes.
const MAX_SINGLE_BYTES: usize = 600;

/// One quoted span found from the marks, before classification and attribution.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct RawQuote {
    /// Byte of the opening mark.
    pub open: usize,
    /// First byte of the quoted words (trimmed).
    pub start: usize,
    /// End of the quoted words (trimmed).
    pub end: usize,
    /// Byte of the closing mark, when there is one.
    pub close: Option<usize>,
    /// Index of the paragraph.
    pub para: usize,
    /// True for a top-level single-quoted span (`‘…’`).
    pub single: bool,
    /// False when the quote was cut because its mark was never closed.
    pub closed: bool,
    /// True when the quote reopens a quotation left open at the end of the previous paragraph.
    pub cont_prev: bool,
    /// True when the quotation was still open at the end of its paragraph.
    pub open_at_para_end: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Family {
    CurlyDouble,
    StraightDouble,
    CurlySingle,
    StraightSingle,
}

#[derive(Clone, Copy, Debug)]
struct Frame {
    family: Family,
    pos: usize,
    len: usize,
}

/// What a mark byte sequence is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Mark {
    OpenDouble,
    CloseDouble,
    StraightDouble,
    OpenSingle,
    CloseSingle,
    StraightSingle,
}

/// Options of the mark scan.
#[derive(Clone, Copy, Debug)]
pub(crate) struct ScanOptions {
    /// Longest quotation in bytes before an unclosed one is cut.
    pub max_bytes: usize,
    /// Whether top-level single quotes make quotations.
    pub singles: bool,
}

/// Finds every quoted span of the text, in text order.
pub(crate) fn scan(text: &str, seg: &Segmentation, opts: ScanOptions) -> Vec<RawQuote> {
    let mut out = Vec::new();
    for (pi, para) in seg.paragraphs.iter().enumerate() {
        let mut from = para.span.start as usize;
        let mut singles = opts.singles;
        // A single quote left open at the paragraph end was an apostrophe: scan again after it,
        // without single quotes, so that it does not hide the double quotes it enclosed.
        while let Some(restart) = scan_paragraph(text, seg, para, pi, from, singles, opts.max_bytes, &mut out) {
            from = restart;
            singles = false;
        }
    }
    link_paragraphs(text, seg, &mut out);
    out
}

/// Decides, for every quotation left open at a paragraph end, whether the next paragraph
/// continues it (it opens with a quotation mark): then it counts as closed there.
fn link_paragraphs(text: &str, seg: &Segmentation, quotes: &mut [RawQuote]) {
    for i in 0..quotes.len() {
        let Some(q) = quotes.get(i).copied() else { continue };
        if !q.open_at_para_end {
            continue;
        }
        let reopens = seg.paragraphs.get(q.para + 1).is_some_and(|p| starts_with_open_mark(p.span.slice(text)));
        if reopens {
            if let Some(qm) = quotes.get_mut(i) {
                qm.closed = true;
            }
            if let Some(next) = quotes.get_mut(i + 1) {
                if next.para == q.para + 1 {
                    next.cont_prev = true;
                }
            }
        } else if let Some(qm) = quotes.get_mut(i) {
            qm.closed = false;
        }
    }
}

/// Transcript quotations open with the speaker's name in capitals and a colon (`"PENCE: Well,
/// …"`): moves the start of such quotes past the label and returns the label spans.
pub(crate) fn split_labels(text: &str, quotes: &mut [RawQuote]) -> Vec<Option<Span>> {
    quotes
        .iter_mut()
        .map(|q| {
            let inner = text.get(q.start..q.end)?;
            let colon = inner.get(..inner.len().min(40))?.find(':')?;
            let label = inner.get(..colon)?;
            let letters = label.chars().filter(|c| c.is_alphabetic()).count();
            let ok = letters >= 2
                && label.chars().all(|c| c.is_uppercase() || matches!(c, ' ' | '.' | '\'' | '’' | '-'))
                && label.chars().next().is_some_and(char::is_uppercase);
            let rest = inner.get(colon + 1..)?;
            let words = rest.trim_start();
            if !ok || words.is_empty() {
                return None;
            }
            let label_span = Span::from_usize(q.start, q.start + label.trim_end().len());
            q.start += colon + 1 + (rest.len() - words.len());
            Some(label_span)
        })
        .collect()
}

fn starts_with_open_mark(s: &str) -> bool {
    s.starts_with('“') || s.starts_with('"') || s.starts_with("''") || s.starts_with('„')
}

#[inline]
fn mark_at(bytes: &[u8], j: usize, end: usize) -> Option<(Mark, usize)> {
    match bytes.get(j)? {
        b'"' => Some((Mark::StraightDouble, 1)),
        b'\'' => {
            if j + 1 < end && bytes.get(j + 1) == Some(&b'\'') {
                Some((Mark::StraightDouble, 2))
            } else {
                Some((Mark::StraightSingle, 1))
            }
        }
        0xE2 => {
            if j + 3 > end || bytes.get(j + 1) != Some(&0x80) {
                return None;
            }
            let m = match bytes.get(j + 2)? {
                0x9C | 0x9E => Mark::OpenDouble,
                0x9D => Mark::CloseDouble,
                0x98 => Mark::OpenSingle,
                0x99 => Mark::CloseSingle,
                _ => return None,
            };
            Some((m, 3))
        }
        _ => None,
    }
}

/// The char before byte `j`, not looking before `floor`.
#[inline]
fn prev_char(text: &str, floor: usize, j: usize) -> Option<char> {
    if j <= floor { None } else { text.get(floor..j)?.chars().next_back() }
}

/// The char at byte `j`, not looking at or beyond `end`.
#[inline]
fn next_char(text: &str, j: usize, end: usize) -> Option<char> {
    if j >= end { None } else { text.get(j..end)?.chars().next() }
}

#[inline]
fn is_quote_char(c: char) -> bool {
    matches!(c, '"' | '\'' | '“' | '”' | '‘' | '’' | '„')
}

/// The mark may open: it follows a space, the paragraph start or an opening bracket or dash,
/// and is followed by something other than space.
#[inline]
fn opening_context(prev: Option<char>, next: Option<char>) -> bool {
    let before_ok = prev.is_none_or(|c| {
        c.is_whitespace() || matches!(c, '(' | '[' | '{' | '—' | '–' | '-' | '/' | ':' | ';' | ',') || is_quote_char(c)
    });
    before_ok && next.is_some_and(|c| !c.is_whitespace())
}

/// The mark may close: it follows something other than space and is not followed by a letter
/// or digit.
#[inline]
fn closing_context(prev: Option<char>, next: Option<char>) -> bool {
    prev.is_some_and(|c| !c.is_whitespace()) && next.is_none_or(|c| !c.is_alphanumeric())
}

/// A decade such as `’90s` or `'60s` starts at `j`.
fn decade_follows(bytes: &[u8], j: usize) -> bool {
    matches!(bytes.get(j..j + 2), Some([a, b]) if a.is_ascii_digit() && b.is_ascii_digit())
}

/// The word right after byte `j`, lower-cased (ASCII letters only, bounded).
fn word_after(text: &str, j: usize, end: usize) -> String {
    text.get(j..end)
        .unwrap_or("")
        .chars()
        .take_while(|c| c.is_alphabetic())
        .take(8)
        .flat_map(char::to_lowercase)
        .collect()
}

/// Scans one paragraph from `from`. Returns `Some(restart)` when a top-level single quote was
/// left open at the end and the paragraph must be scanned again from `restart` without single
/// quotes.
#[allow(clippy::too_many_arguments)]
fn scan_paragraph(
    text: &str,
    seg: &Segmentation,
    para: &Paragraph,
    pi: usize,
    from: usize,
    singles: bool,
    max_bytes: usize,
    out: &mut Vec<RawQuote>,
) -> Option<usize> {
    let bytes = text.as_bytes();
    let ps = para.span.start as usize;
    let pe = (para.span.end as usize).min(bytes.len());
    let mut stack: [Frame; MAX_DEPTH] = [Frame { family: Family::CurlyDouble, pos: 0, len: 0 }; MAX_DEPTH];
    let mut depth = 0usize;
    let mut i = from;
    while i < pe {
        let Some(off) = bytes.get(i..pe).and_then(|hay| memchr::memchr3(b'"', b'\'', 0xE2, hay)) else { break };
        let j = i + off;
        let Some((mark, len)) = mark_at(bytes, j, pe) else {
            i = j + 1;
            continue;
        };
        i = j + len;

        // Bound the extent of an open quotation.
        if depth > 0 {
            let top = stack[0];
            let limit = if matches!(top.family, Family::CurlySingle | Family::StraightSingle) {
                MAX_SINGLE_BYTES
            } else {
                max_bytes
            };
            if j > top.pos + top.len + limit {
                if matches!(top.family, Family::CurlySingle | Family::StraightSingle) {
                    // Not a quote after all: the mark was an apostrophe.
                    return Some(top.pos + top.len);
                }
                let cut = cut_point(text, seg, top.pos + top.len, top.pos + top.len + limit);
                push_quote(text, out, top, cut, None, pi, false);
                depth = 0;
            }
        }

        let prev = prev_char(text, ps, j);
        let next = next_char(text, j + len, pe);
        let frame = |family| Frame { family, pos: j, len };
        match mark {
            Mark::OpenDouble => {
                let double_open =
                    find_frame(&stack[..depth], |f| matches!(f, Family::CurlyDouble | Family::StraightDouble));
                let looks_closing = next.is_none_or(char::is_whitespace)
                    || (closing_context(prev, next) && !opening_context(prev, next));
                if let (Some(k), true) = (double_open, looks_closing) {
                    // `here,“ said X`: an opening mark typed where a closing one belongs.
                    if k == 0 {
                        push_quote(text, out, stack[0], j, Some(j), pi, true);
                    }
                    depth = k;
                } else if depth < MAX_DEPTH {
                    stack[depth] = frame(Family::CurlyDouble);
                    depth += 1;
                }
            }
            Mark::CloseDouble => {
                if let Some(k) =
                    find_frame(&stack[..depth], |f| matches!(f, Family::CurlyDouble | Family::StraightDouble))
                {
                    if k == 0 {
                        push_quote(text, out, stack[0], j, Some(j), pi, true);
                    }
                    depth = k;
                } else if depth == 0 && opening_context(prev, next) && !closing_context(prev, next) {
                    // A closing mark used to open (typesetting slip).
                    stack[0] = frame(Family::CurlyDouble);
                    depth = 1;
                }
            }
            Mark::StraightDouble => {
                if let Some(k) = find_frame(&stack[..depth], |f| f == Family::StraightDouble) {
                    if k == 0 {
                        push_quote(text, out, stack[0], j, Some(j), pi, true);
                    }
                    depth = k;
                } else if depth == 0 {
                    let stray = closing_context(prev, next) && !opening_context(prev, next);
                    if !stray {
                        stack[0] = frame(Family::StraightDouble);
                        depth = 1;
                    }
                } else if stack[depth - 1].family == Family::CurlyDouble
                    && closing_context(prev, next)
                    && !opening_context(prev, next)
                {
                    // `“…"`: mixed marks close the curly quotation.
                    if depth == 1 {
                        push_quote(text, out, stack[0], j, Some(j), pi, true);
                    }
                    depth -= 1;
                } else if depth < MAX_DEPTH {
                    stack[depth] = frame(Family::StraightDouble);
                    depth += 1;
                }
            }
            Mark::OpenSingle => {
                if depth == 0 && singles && next.is_some_and(|c| c.is_alphabetic() || is_quote_char(c)) {
                    stack[0] = frame(Family::CurlySingle);
                    depth = 1;
                }
            }
            Mark::CloseSingle => {
                if depth == 1
                    && matches!(stack[0].family, Family::CurlySingle | Family::StraightSingle)
                    && closing_context(prev, next)
                {
                    push_quote(text, out, stack[0], j, Some(j), pi, true);
                    if let Some(q) = out.last_mut() {
                        q.single = true;
                    }
                    depth = 0;
                }
            }
            Mark::StraightSingle => {
                if depth == 0 {
                    if singles
                        && opening_context(prev, next)
                        && next.is_some_and(char::is_alphabetic)
                        && !decade_follows(bytes, j + len)
                        && !crate::lexicon::is_elision(&word_after(text, j + len, pe))
                    {
                        stack[0] = frame(Family::StraightSingle);
                        depth = 1;
                    }
                } else if depth == 1
                    && matches!(stack[0].family, Family::StraightSingle | Family::CurlySingle)
                    && closing_context(prev, next)
                {
                    push_quote(text, out, stack[0], j, Some(j), pi, true);
                    if let Some(q) = out.last_mut() {
                        q.single = true;
                    }
                    depth = 0;
                }
            }
        }
    }
    if depth > 0 {
        let top = stack[0];
        if matches!(top.family, Family::CurlySingle | Family::StraightSingle) {
            return Some(top.pos + top.len);
        }
        let content = top.pos + top.len;
        if pe > content + max_bytes {
            let cut = cut_point(text, seg, content, content + max_bytes);
            push_quote(text, out, top, cut, None, pi, false);
        } else {
            let before = out.len();
            push_quote(text, out, top, pe, None, pi, false);
            if out.len() > before {
                if let Some(q) = out.last_mut() {
                    q.open_at_para_end = true;
                }
            }
        }
    }
    None
}

fn find_frame(frames: &[Frame], pred: impl Fn(Family) -> bool) -> Option<usize> {
    frames.iter().rposition(|f| pred(f.family))
}

/// Where to cut an unclosed quotation whose words start at `content` and may not run past
/// `bound`: the end of the last sentence that ends by `bound`, if that keeps at least half the
/// allowed extent; else `bound` itself (moved back to a char boundary).
fn cut_point(text: &str, seg: &Segmentation, content: usize, bound: usize) -> usize {
    let bound = bound.min(text.len());
    let half = content + (bound.saturating_sub(content)) / 2;
    let n = seg.sentences.partition_point(|s| (s.span.end as usize) <= bound);
    if let Some(s) = n.checked_sub(1).and_then(|k| seg.sentences.get(k)) {
        let e = s.span.end as usize;
        if e > half && e > content {
            return e;
        }
    }
    let mut b = bound;
    while b > content && !text.is_char_boundary(b) {
        b -= 1;
    }
    b
}

/// Records the quotation opened by `frame` and ending at `end` (the closing mark, or the cut).
fn push_quote(
    text: &str,
    out: &mut Vec<RawQuote>,
    frame: Frame,
    end: usize,
    close: Option<usize>,
    para: usize,
    closed: bool,
) {
    let content = frame.pos + frame.len;
    let Some(inner) = text.get(content..end) else { return };
    let lead = inner.len() - inner.trim_start().len();
    let trimmed = inner.trim();
    if trimmed.is_empty() {
        return;
    }
    let start = content + lead;
    let span = Span::from_usize(start, start + trimmed.len());
    out.push(RawQuote {
        open: frame.pos,
        start: span.start as usize,
        end: span.end as usize,
        close,
        para,
        single: false,
        closed,
        cont_prev: false,
        open_at_para_end: false,
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spans(text: &str) -> Vec<(String, bool)> {
        let seg = Segmentation::new(text);
        scan(text, &seg, ScanOptions { max_bytes: 2000, singles: true })
            .iter()
            .map(|q| (text[q.start..q.end].to_string(), q.closed))
            .collect()
    }

    fn texts(text: &str) -> Vec<String> {
        spans(text).into_iter().map(|(t, _)| t).collect()
    }

    #[test]
    fn curly_and_straight_doubles() {
        assert_eq!(texts("“A b,” he said. “C d.”"), vec!["A b,", "C d."]);
        assert_eq!(texts("\"A b,\" he said. \"C d.\""), vec!["A b,", "C d."]);
        assert_eq!(texts("''A Visit,'' he wrote."), vec!["A Visit,"]);
        // An opening mark typed as the closing one.
        assert_eq!(texts("“Not here,“ said Jim. “Go.”"), vec!["Not here,", "Go."]);
    }

    #[test]
    fn apostrophes_are_not_quotes() {
        assert_eq!(texts("Russia’s plan in the ’90s won’t work, the leaders’ aides said."), Vec::<String>::new());
        assert_eq!(texts("Rock 'n' roll in the '60s, 'til dawn."), Vec::<String>::new());
        assert_eq!(texts("He called it ‘a mess’ today."), vec!["a mess"]);
        assert_eq!(texts("She said 'no way' twice."), vec!["no way"]);
    }

    #[test]
    fn nested_quotes_stay_inside() {
        let t = "“He told me, ‘Relax; we’re with you,’ and left,” she said.";
        assert_eq!(texts(t), vec!["He told me, ‘Relax; we’re with you,’ and left,"]);
        let t = "\"The question: “Do you agree?” Yes.\" he said";
        assert_eq!(texts(t), vec!["The question: “Do you agree?” Yes."]);
    }

    #[test]
    fn multi_paragraph_quotation() {
        let t = "“First part of it.\n\n“Second part,” she said.\n\nAfter.";
        let s = spans(t);
        assert_eq!(s, vec![("First part of it.".to_string(), true), ("Second part,".to_string(), true)]);
        let seg = Segmentation::new(t);
        let q = scan(t, &seg, ScanOptions { max_bytes: 2000, singles: true });
        assert!(q[1].cont_prev);
    }

    #[test]
    fn unclosed_quote_is_bounded() {
        let t = "He said “this never ends. More words.\n\nNext paragraph “has its own” quote.";
        let s = spans(t);
        assert_eq!(s[0], ("this never ends. More words.".to_string(), false));
        assert_eq!(s[1], ("has its own".to_string(), true));
        // Within one long paragraph the extent is bounded.
        let long = format!("Start “{} tail", "Word word word. ".repeat(500));
        let seg = Segmentation::new(&long);
        let q = scan(&long, &seg, ScanOptions { max_bytes: 1000, singles: true });
        assert_eq!(q.len(), 1);
        assert!(!q[0].closed && q[0].end - q[0].start <= 1000);
    }

    #[test]
    fn unclosed_single_does_not_hide_doubles() {
        assert_eq!(texts("The ‘plan and “the deal” both failed."), vec!["the deal"]);
    }

    #[test]
    fn degenerate_inputs() {
        for t in ["\"", "“", "”", "'", "''", "“”", "\"\"\"", "’’’‘‘", "a\"b\"c", "“ ”", "\u{e2}"]
        {
            let _ = spans(t);
        }
        assert_eq!(texts("The 12\" pipe and the \"fix\"."), vec!["fix"]);
    }
}
