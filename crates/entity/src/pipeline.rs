//! From tagger labels to entities: span rules, titles, hyphen splitting, coreference and
//! canonical names. Every step is linear in the number of tokens (hash maps, bounded windows).

use crate::EntityConfig;
use crate::features::{DocInfo, doc_info, flag, is_inside, label_type};
use crate::hash::hash_lower;
use crate::hash::{FastMap, KeyTable};
use crate::lexicon::{Lexicon, cat, phrase_or_word};
use crate::model::{Model, TagScratch, tag_fast};
use lede_core::schema::{Entity, EntityOutput, EntityType, Mention};
use lede_core::{Segmentation, TokenKind};

pub(crate) const PER: u8 = 0;
pub(crate) const ORG: u8 = 1;
pub(crate) const LOC: u8 = 2;
pub(crate) const MISC: u8 = 3;

/// One mention while the rules work on it.
#[derive(Clone, Debug)]
pub(crate) struct M {
    pub start: u32,
    pub end: u32,
    pub ty: u8,
    /// Token range `[t0, t1)`.
    pub t0: usize,
    pub t1: usize,
    /// Dropped by a rule.
    pub dead: bool,
}

fn entity_type(t: u8) -> EntityType {
    match t {
        PER => EntityType::Person,
        ORG => EntityType::Organization,
        LOC => EntityType::Location,
        _ => EntityType::Misc,
    }
}

/// Chunks BIO labels into mentions, in `out` (emptied first: the last document's list, so that
/// the list is not grown again from nothing for every document).
pub(crate) fn chunks(labels: &[u8], seg: &Segmentation, mut out: Vec<M>) -> Vec<M> {
    out.clear();
    let labels = labels.get(..seg.tokens.len()).unwrap_or(labels);
    // Most labels are `O`. The others are visited by a mask of 64 labels at a time, so that the
    // loop does not branch on each label: after a name, whether the next label is `O` is a coin
    // toss.
    for (block, ls) in labels.chunks(64).enumerate() {
        let mut bits = not_o_mask(ls);
        while bits != 0 {
            let at = block * 64 + bits.trailing_zeros() as usize;
            bits &= bits - 1;
            let (Some(&l), Some(tok)) = (labels.get(at), seg.tokens.get(at)) else { break };
            let ty = label_type(l).unwrap_or(MISC);
            // An inside label continues the last mention of its type when that one ends here (it
            // does exactly when the label before is not `O`).
            if let Some(m) = out.last_mut().filter(|m| is_inside(l) && m.ty == ty && m.t1 == at) {
                m.t1 = at + 1;
                m.end = tok.span.end;
                continue;
            }
            out.push(M { start: tok.span.start, end: tok.span.end, ty, t0: at, t1: at + 1, dead: false });
        }
    }
    out
}

/// Bit `i` set for each label `ls[i]` (of at most 64) that is not `O` (0).
fn not_o_mask(ls: &[u8]) -> u64 {
    const LOW7: u64 = 0x7f7f_7f7f_7f7f_7f7f;
    let mut mask = 0;
    for (k, c) in ls.chunks(8).enumerate().take(8) {
        let w = match c.first_chunk::<8>() {
            Some(a) => u64::from_le_bytes(*a),
            None => c.iter().rev().fold(0, |w, &b| (w << 8) | u64::from(b)),
        };
        // The high bit of each byte that is not 0, then the eight of them gathered into the top
        // byte by one multiplication (bit 8i + 7 goes to bit 56 + i; no two products overlap).
        let high = (((w & LOW7).wrapping_add(LOW7)) | w) & !LOW7;
        mask |= ((high >> 7).wrapping_mul(0x0102_0408_1020_4080) >> 56) << (8 * k);
    }
    mask
}

struct Ctx<'a> {
    text: &'a str,
    seg: &'a Segmentation,
    info: &'a DocInfo,
    /// The token facts of `info` ([`DocInfo::toks`]).
    toks: &'a [crate::features::TokInfo],
    lex: &'a Lexicon,
}

impl Ctx<'_> {
    fn tok(&self, i: usize) -> &str {
        self.seg.tokens.get(i).map_or("", |t| t.span.slice(self.text))
    }
    fn flags(&self, i: usize) -> u32 {
        self.toks.get(i).map_or(0, |t| t.flags)
    }
    fn gaz(&self, i: usize) -> u16 {
        self.toks.get(i).map_or(0, |t| t.gaz)
    }
    fn lower(&self, i: usize) -> u64 {
        self.toks.get(i).map_or(0, |t| t.lower)
    }
    /// True when token `i` contains `-` (its [`flag::HYPHEN`], set exactly then).
    fn has_hyphen(&self, i: usize) -> bool {
        self.flags(i) & flag::HYPHEN != 0
    }
    fn is_honorific(&self, i: usize) -> bool {
        self.gaz(i) & cat::HONORIFIC != 0 && self.flags(i) & flag::INIT_CAP != 0
    }
    fn is_title_word(&self, i: usize) -> bool {
        self.gaz(i) & (cat::TITLE | cat::TITLE_MOD) != 0
    }
    fn is_possessive(&self, i: usize) -> bool {
        matches!(self.tok(i), "'s" | "’s" | "'S" | "’S" | "'" | "’")
    }
    fn sentence_end(&self, i: usize) -> usize {
        self.seg
            .sentence_index_at(self.seg.tokens.get(i).map_or(0, |t| t.span.start))
            .map_or(i + 1, |s| self.seg.sentences.get(s).map_or(i + 1, |s| s.tokens.end as usize))
    }
    fn set_range(&self, m: &mut M, t0: usize, t1: usize) {
        if let (Some(a), Some(b)) = (self.seg.tokens.get(t0), self.seg.tokens.get(t1.saturating_sub(1))) {
            m.t0 = t0;
            m.t1 = t1;
            m.start = a.span.start;
            m.end = b.span.end;
        }
    }
}

/// True for an initial: one capital letter and a period (`V.`).
fn is_initial(w: &str) -> bool {
    let mut c = w.chars();
    matches!((c.next(), c.next(), c.next()), (Some(a), Some('.'), None) if a.is_uppercase())
}

/// "Vladimir" + "V. Putin" → "Vladimir V. Putin": a chunk that starts with an initial right
/// after another chunk continues it.
fn merge_initials(cx: &Ctx<'_>, ms: &mut Vec<M>) {
    // A merge needs two adjacent chunks, one of them a person's, with an initial at the seam;
    // most documents have none, and then the list stays as it is.
    let seam = |a: &M, b: &M| {
        a.t1 == b.t0 && (a.ty == PER || b.ty == PER) && (is_initial(cx.tok(b.t0)) || is_initial(cx.tok(a.t1 - 1)))
    };
    if !ms.windows(2).any(|w| matches!(w, [a, b] if seam(a, b))) {
        return;
    }
    let mut out: Vec<M> = Vec::with_capacity(ms.len());
    for m in ms.drain(..) {
        if let Some(prev) = out.last_mut() {
            // (The line test scans text, so it comes after the cheap ones.)
            let same_line = || !cx.text.get(prev.end as usize..m.start as usize).unwrap_or("\n").contains('\n');
            if prev.t1 == m.t0
                && (prev.ty == PER || m.ty == PER)
                && (is_initial(cx.tok(m.t0)) || is_initial(cx.tok(prev.t1 - 1)))
                && same_line()
            {
                let ty = if prev.ty == PER || m.ty == PER { PER } else { prev.ty };
                prev.t1 = m.t1;
                prev.end = m.end;
                prev.ty = ty;
                continue;
            }
        }
        out.push(m);
    }
    *ms = out;
}

/// The entries of `list` for which `keep` holds, in order, gathered in `out`: without a
/// branch on each (every entry is written and the count moves on by 0 or 1), for tests that
/// are as hard to predict as a coin, such as whether a capitalized token is in a mention.
/// `out` only grows (its entries beyond the answer are left as they are).
fn gather<'a>(list: &[u32], out: &'a mut Vec<u32>, keep: impl Fn(usize) -> bool) -> &'a [u32] {
    if out.len() < list.len() {
        out.resize(list.len(), 0);
    }
    let mut n = 0;
    for &u in list {
        if let Some(slot) = out.get_mut(n) {
            *slot = u;
        }
        n += usize::from(keep(u as usize));
    }
    out.get(..n).unwrap_or(&[])
}

/// Known organizations and seats of government are organizations; a country name alone is a
/// location. Untagged ones are added.
fn known_names(cx: &Ctx<'_>, config: &EntityConfig, ms: &mut Vec<M>) {
    let mut cover = vec![false; cx.seg.tokens.len()];
    for m in ms.iter_mut() {
        for c in cover.iter_mut().take(m.t1).skip(m.t0) {
            *c = true;
        }
        let single = m.t1 == m.t0 + 1;
        let g = if single { cx.gaz(m.t0) } else { seat_phrase(cx, m.t0, m.t1 - m.t0) };
        if (g & cat::KNOWN_ORG != 0 && single) || (config.seats_as_org && g & cat::SEAT != 0) {
            m.ty = ORG;
        } else if single && g & cat::COUNTRY != 0 && m.ty != MISC {
            m.ty = LOC;
        }
    }
    let n = cx.seg.tokens.len();
    let given = ms.len();
    // The uncovered tokens with a capital letter that are or may start a known name (an
    // organization, a seat or the first word of a gazetteer phrase), in order; then those
    // after the last name added.
    let mut buf = Vec::new();
    let candidates = gather(cx.info.upper(), &mut buf, |i| {
        let uncovered = !cover.get(i).copied().unwrap_or(true);
        let (gaz, phrase_len) = cx.toks.get(i).map_or((0, 0), |t| (t.gaz, t.phrase_len));
        uncovered & ((gaz & (cat::KNOWN_ORG | cat::SEAT) != 0) | (phrase_len >= 2))
    });
    let mut next = 0;
    for &u in candidates {
        let i = u as usize;
        if i < next || i >= n {
            continue;
        }
        let g = cx.gaz(i);
        let mut add = None;
        if g & cat::KNOWN_ORG != 0 && (cx.flags(i) & flag::ALL_CAPS != 0 || cx.flags(i) & flag::SENT_START == 0) {
            add = Some((i + 1, ORG));
        } else if config.seats_as_org {
            // No seat of more words than the longest phrase the word starts (see `seat_phrase`).
            let longest = cx.toks.get(i).map_or(3, |t| usize::from(t.phrase_len)).clamp(1, 3);
            for len in (2..=longest).rev() {
                if i + len <= n && cover[i..i + len].iter().all(|c| !c) && seat_phrase(cx, i, len) & cat::SEAT != 0 {
                    add = Some((i + len, ORG));
                    break;
                }
            }
            // One word: its own categories (token `i` is uncovered).
            if add.is_none() && g & cat::SEAT != 0 {
                add = Some((i + 1, ORG));
            }
        }
        if let Some((j, ty)) = add {
            let mut m = M { start: 0, end: 0, ty, t0: i, t1: j, dead: false };
            cx.set_range(&mut m, i, j);
            ms.push(m);
            next = j;
        }
    }
    // The list came in order (from `trim`): only added names need a sort.
    if ms.len() > given {
        sort_mentions(ms);
    }
}

/// Gazetteer bits of the `len` words from `i` (one word or a phrase).
fn seat_phrase(cx: &Ctx<'_>, i: usize, len: usize) -> u16 {
    if len == 1 {
        return cx.gaz(i);
    }
    // Every gazetteer phrase's first word records the longest phrase it starts (in the token
    // information for a word with a capital letter).
    if len > 3 {
        return 0;
    }
    let longest = match cx.toks.get(i) {
        Some(t) if t.flags & flag::HAS_UPPER != 0 => usize::from(t.phrase_len),
        _ => cx.lex.phrase_len(cx.lower(i)),
    };
    if longest < len {
        return 0;
    }
    let mut w = [0u64; 3];
    for (k, x) in w.iter_mut().enumerate().take(len) {
        *x = cx.lower(i + k);
    }
    cx.lex.phrase(&w[..len])
}

/// "Bureau" + "of Asian Analysis": an organization name ending in an organization word
/// continues over "of" and the capitalized words after it.
fn extend_of(cx: &Ctx<'_>, ms: &mut Vec<M>) {
    let n = ms.len();
    for k in 0..n {
        if ms[k].dead || ms[k].ty != ORG || cx.gaz(ms[k].t1 - 1) & cat::ORG_WORD == 0 || cx.tok(ms[k].t1) != "of" {
            continue;
        }
        let end = cx.sentence_end(ms[k].t0).min(ms[k].t1 + 7);
        let mut j = ms[k].t1 + 1;
        let mut last = None;
        while j < end {
            let f = cx.flags(j);
            if f & flag::INIT_CAP != 0 && f & flag::PUNCT == 0 {
                last = Some(j + 1);
                j += 1;
            } else if matches!(cx.tok(j), "the" | "and" | "for" | "of") && j > ms[k].t1 + 1 {
                j += 1;
            } else {
                break;
            }
        }
        let Some(new_end) = last else { continue };
        let t0 = ms[k].t0;
        cx.set_range(&mut ms[k], t0, new_end);
        for other in ms.iter_mut().skip(k + 1) {
            if other.t0 >= new_end {
                break;
            }
            other.dead = true;
        }
    }
    ms.retain(|m| !m.dead);
}

/// Span rules: no leading "the", titles or honorifics, no trailing possessive or punctuation.
fn trim(cx: &Ctx<'_>, ms: &mut Vec<M>) {
    let mut extra = Vec::new();
    for m in ms.iter_mut() {
        let (mut a, mut b) = (m.t0, m.t1);
        let mut stripped_title = false;
        while b - a > 1 {
            let w = cx.tok(a);
            if w.eq_ignore_ascii_case("the") || cx.gaz(a) & cat::FUNCTION != 0 {
                a += 1;
            } else if (cx.is_honorific(a) || (cx.gaz(a) & cat::TITLE != 0 && cx.flags(a) & flag::INIT_CAP != 0))
                && cx.flags(a + 1) & flag::INIT_CAP != 0
                && (m.ty == PER || cx.is_honorific(a))
            {
                a += 1;
                stripped_title = true;
            } else if cx.flags(a) & flag::PUNCT != 0 {
                a += 1;
            } else {
                break;
            }
        }
        while b - a > 1 && (cx.is_possessive(b - 1) || cx.flags(b - 1) & flag::PUNCT != 0) {
            b -= 1;
        }
        // A person's name holds no lower-case function word: `Vladimir Putin of Russia` ends
        // before `of`, and a known place after it is a mention of its own.
        // (Both facts in one test: whether a mention is a person is a coin toss, and a one-word
        // name has no word to cut at.)
        if (m.ty == PER) & (b > a + 1) {
            if let Some(cut) = (a + 1..b).find(|&k| cx.flags(k) & flag::LOWER != 0 && cx.gaz(k) & cat::FUNCTION != 0) {
                let rest = (cut + 1..b).find(|&k| cx.flags(k) & flag::INIT_CAP != 0);
                if let Some(r) = rest {
                    let g = cx.gaz(r);
                    if b == r + 1 && g & (cat::COUNTRY | cat::REGION) != 0 {
                        let mut place = M { start: 0, end: 0, ty: LOC, t0: r, t1: b, dead: false };
                        cx.set_range(&mut place, r, b);
                        extra.push(place);
                    }
                }
                b = cut;
            }
        }
        if stripped_title {
            m.ty = PER;
        }
        if (a, b) != (m.t0, m.t1) {
            cx.set_range(m, a, b);
        }
        if m.t1 == m.t0 + 1 && (cx.flags(m.t0) & flag::PUNCT != 0 || cx.gaz(m.t0) & cat::FUNCTION != 0 && m.ty != PER) {
            m.dead = true;
        }
    }
    ms.extend(extra);
    sort_mentions(ms);
}

/// After an honorific (`Mr.`, `Dr.`), a capitalized name is a person.
fn honorifics(cx: &Ctx<'_>, ms: &mut Vec<M>) {
    let n = cx.seg.tokens.len();
    let mut added = Vec::new();
    // The mention covering each token (the last one listed), `u32::MAX` for none: made at the
    // first honorific, as most documents have none.
    let mut cover: Vec<u32> = Vec::new();
    let cover_of = |ms: &[M]| {
        let mut cover = vec![u32::MAX; n];
        for (k, m) in ms.iter().enumerate() {
            for c in cover.iter_mut().take(m.t1).skip(m.t0) {
                *c = u32::try_from(k).unwrap_or(u32::MAX);
            }
        }
        cover
    };
    // An honorific has an initial capital, so only tokens with a capital letter are looked at.
    for &u in cx.info.upper() {
        let i = u as usize;
        if i + 1 >= n {
            break;
        }
        if !cx.is_honorific(i) || cx.flags(i + 1) & flag::INIT_CAP == 0 {
            continue;
        }
        // Only abbreviations with a period, or the full words (`Mister`, `Sir`), count.
        let w = cx.tok(i);
        if cx.seg.tokens.get(i).is_some_and(|t| t.kind != TokenKind::Abbreviation)
            && w.len() <= 3
            && !w.eq_ignore_ascii_case("sir")
        {
            continue;
        }
        if cover.is_empty() {
            cover = cover_of(ms);
        }
        match cover.get(i + 1).copied() {
            Some(k) if k != u32::MAX => {
                if let Some(m) = ms.get_mut(k as usize) {
                    if m.t0 == i + 1 && m.ty != PER && m.t1 - m.t0 <= 3 {
                        m.ty = PER;
                    }
                }
            }
            _ => {
                let end = cx.sentence_end(i).min(i + 4);
                let mut j = i + 1;
                while j < end
                    && cx.flags(j) & flag::INIT_CAP != 0
                    && cover.get(j).is_some_and(|&c| c == u32::MAX)
                    && cx.flags(j) & flag::PUNCT == 0
                {
                    j += 1;
                }
                if j > i + 1 {
                    let mut m = M { start: 0, end: 0, ty: PER, t0: i + 1, t1: j, dead: false };
                    cx.set_range(&mut m, i + 1, j);
                    added.push(m);
                }
            }
        }
    }
    ms.extend(added);
}

/// "Chinese language firms": a spun demonym keeps only the demonym; "Chinese language
/// International Ministry" is one organization name.
fn spun_demonyms(cx: &Ctx<'_>, ms: &mut [M]) {
    for k in 0..ms.len() {
        let (t0, t1, ty) = (ms[k].t0, ms[k].t1, ms[k].ty);
        if ms[k].dead || cx.gaz(t0) & cat::DEMONYM == 0 {
            continue;
        }
        let lang = if t1 == t0 + 2 && cx.tok(t0 + 1) == "language" {
            Some(t0 + 1)
        } else if t1 == t0 + 1 && cx.tok(t1) == "language" {
            Some(t1)
        } else {
            None
        };
        let Some(lang) = lang else { continue };
        // A capitalized organization right after: one name.
        if let Some(next) = ms.get(k + 1) {
            if !next.dead && next.t0 == lang + 1 && next.ty == ORG {
                let t1n = next.t1;
                ms[k + 1].dead = true;
                let m = &mut ms[k];
                cx.set_range(m, t0, t1n);
                m.ty = ORG;
                continue;
            }
        }
        if t1 == t0 + 2 {
            cx.set_range(&mut ms[k], t0, t0 + 1);
        }
        if ty != MISC && cx.gaz(t0) & cat::COUNTRY == 0 {
            ms[k].ty = MISC;
        }
    }
}

const HYPHEN_PREFIXES: &[&str] =
    &["pro", "anti", "ex", "non", "post", "pre", "neo", "pan", "quasi", "semi", "ultra", "mid", "trans", "inter"];

/// Splits hyphenated compounds: `Beijing-Moscow` gives two names, `pro-Western` gives
/// `Western`, `Ohio-based` gives `Ohio`. True when a mention was split or trimmed.
fn split_hyphens(cx: &Ctx<'_>, ms: &mut Vec<M>) -> bool {
    // The known one-word names (not hyphenated) and their types, made on first need: most
    // documents with a hyphenated mention split none.
    let mut known: Option<FastMap<u64, u8>> = None;
    let known_of = |ms: &[M]| {
        let mut known: FastMap<u64, u8> = FastMap::with_capacity_and_hasher(ms.len(), Default::default());
        for m in ms {
            if m.t1 == m.t0 + 1 && !cx.has_hyphen(m.t0) {
                known.insert(cx.lower(m.t0), m.ty);
            }
        }
        known
    };
    let type_of = |known: &FastMap<u64, u8>, part: &str, fallback: u8| -> u8 {
        let h = hash_lower(part);
        if let Some(&t) = known.get(&h) {
            return t;
        }
        let g = cx.lex.word(h);
        if g & cat::DEMONYM != 0 {
            MISC
        } else if g & (cat::COUNTRY | cat::REGION) != 0 {
            LOC
        } else {
            fallback
        }
    };
    let is_known = |known: &FastMap<u64, u8>, part: &str| {
        let h = hash_lower(part);
        known.get(&h).is_some_and(|&t| t == LOC || t == MISC)
            || cx.lex.word(h) & (cat::COUNTRY | cat::DEMONYM | cat::REGION) != 0
    };
    let cap = |p: &str| p.chars().next().is_some_and(char::is_uppercase);
    // The new list, started at the first mention split (the mentions before it are kept).
    let mut out: Option<Vec<M>> = None;
    let mut trimmed = false;
    for k in 0..ms.len() {
        let Some(m) = ms.get(k) else { break };
        if m.dead || m.ty == PER || !cx.has_hyphen(m.t0) && !cx.has_hyphen(m.t1 - 1) {
            if let Some(out) = out.as_mut() {
                out.push(m.clone());
            }
            continue;
        }
        if m.t1 == m.t0 + 1 {
            // One hyphenated token.
            let tok_start = m.start as usize;
            let w = cx.tok(m.t0);
            let parts: Vec<(usize, &str)> = split_parts(w);
            let caps = parts.iter().filter(|(_, p)| cap(p)).count();
            let first_lower = parts.first().is_some_and(|(_, p)| !cap(p));
            let last_lower = parts.last().is_some_and(|(_, p)| !cap(p));
            let prefix_ok = !first_lower
                || parts.first().is_some_and(|(_, p)| HYPHEN_PREFIXES.iter().any(|x| x.eq_ignore_ascii_case(p)));
            let all_cap_known = caps == parts.len() && parts.len() >= 2 && {
                let known = known.get_or_insert_with(|| known_of(ms));
                parts.iter().all(|(_, p)| is_known(known, p))
            };
            // Only a known prefix (`pro-`, `anti-`) is cut off; `Ohio-based` stays whole.
            let affixed = caps >= 1 && first_lower && !last_lower && prefix_ok;
            if all_cap_known || affixed {
                let known = known.get_or_insert_with(|| known_of(ms));
                let out = out.get_or_insert_with(|| ms.iter().take(k).cloned().collect());
                for (off, p) in parts.iter().filter(|(_, p)| cap(p)) {
                    let s = tok_start + off;
                    out.push(M {
                        start: u32::try_from(s).unwrap_or(u32::MAX),
                        end: u32::try_from(s + p.len()).unwrap_or(u32::MAX),
                        ty: type_of(known, p, m.ty),
                        t0: m.t0,
                        t1: m.t1,
                        dead: false,
                    });
                }
                continue;
            }
            if let Some(out) = out.as_mut() {
                out.push(m.clone());
            }
        } else {
            // Several tokens: trim a known lower-case prefix (`pro-`).
            let mut m = m.clone();
            let first = cx.tok(m.t0);
            if let Some(p) = first.find('-') {
                let head = &first[..p];
                if !cap(head) && HYPHEN_PREFIXES.iter().any(|x| x.eq_ignore_ascii_case(head)) {
                    m.start += (p + 1) as u32;
                    trimmed = true;
                }
            }
            match out.as_mut() {
                Some(out) => out.push(m),
                None => {
                    if let Some(slot) = ms.get_mut(k) {
                        *slot = m;
                    }
                }
            }
        }
    }
    let split = out.is_some();
    if let Some(out) = out {
        *ms = out;
    }
    split || trimmed
}

/// The parts of a hyphenated word with their byte offsets.
fn split_parts(w: &str) -> Vec<(usize, &str)> {
    let mut parts = Vec::new();
    let mut start = 0;
    for (i, c) in w.char_indices() {
        if matches!(c, '-' | '\u{2010}' | '\u{2011}') {
            if i > start {
                parts.push((start, &w[start..i]));
            }
            start = i + c.len_utf8();
        }
    }
    if start < w.len() {
        parts.push((start, &w[start..]));
    }
    parts
}

/// Adds the titles or roles next to a person mention to `out`, unless there in another letter
/// case: `President`, `prime minister, `, `, a senior fellow at`.
fn titles_of(cx: &Ctx<'_>, m: &M, out: &mut Vec<String>) {
    let mut add = |t: &str| {
        if !out.iter().any(|x| x.eq_ignore_ascii_case(t)) {
            out.push(t.to_string());
        }
    };
    // Most names have neither a title word right before them (or before a comma before them)
    // nor a comma after them.
    let title_at = |i: Option<usize>| i.is_some_and(|i| cx.gaz(i) & cat::TITLE != 0);
    let comma_after = cx.flags(m.t1) & flag::PUNCT != 0 && cx.tok(m.t1) == ",";
    if !comma_after && !title_at(m.t0.checked_sub(1)) && !title_at(m.t0.checked_sub(2)) {
        return;
    }
    // Before: [title words] [,]? NAME
    let mut j = m.t0;
    if j > 0 && cx.tok(j - 1) == "," {
        j -= 1;
    }
    let end = j;
    let mut a = j;
    while a > 0 && end - a < 5 && cx.is_title_word(a - 1) && !cx.is_honorific(a - 1) {
        a -= 1;
    }
    if a < end && cx.gaz(end - 1) & cat::TITLE != 0 {
        if let (Some(s), Some(e)) = (cx.seg.tokens.get(a), cx.seg.tokens.get(end - 1)) {
            add(cx.text.get(s.span.start as usize..e.span.end as usize).unwrap_or(""));
        }
    }
    // After: NAME , [a|an|the]? [country or demonym]? [lower-case words] ending in a title word
    // (`, a senior fellow at`, `, a U.S. national security spokesman,`).
    let mut k = m.t1;
    if comma_after {
        k += 1;
        if matches!(cx.tok(k), "a" | "an" | "the") {
            k += 1;
        }
        while k < m.t1 + 5 && cx.gaz(k) & (cat::COUNTRY | cat::DEMONYM) != 0 {
            k += 1;
        }
        let s = k;
        let mut last_title = None;
        while k < s + 5 {
            let f = cx.flags(k);
            let lower_word = f & flag::LOWER != 0 && f & flag::PUNCT == 0 && cx.gaz(k) & cat::FUNCTION == 0;
            if !lower_word {
                break;
            }
            if cx.gaz(k) & cat::TITLE != 0 {
                last_title = Some(k);
            }
            k += 1;
        }
        if let Some(e) = last_title {
            if let (Some(st), Some(et)) = (cx.seg.tokens.get(s), cx.seg.tokens.get(e)) {
                add(cx.text.get(st.span.start as usize..et.span.end as usize).unwrap_or(""));
            }
        }
    }
}

/// Organization words that never end a person's or a place's name (lower-case ASCII, at most
/// 12 bytes).
const STRONG_ORG_WORDS: &[&str] = &[
    "institute",
    "university",
    "college",
    "ministry",
    "council",
    "committee",
    "commission",
    "agency",
    "association",
    "foundation",
    "endowment",
    "party",
    "bank",
    "corporation",
    "inc",
    "inc.",
    "corp",
    "corp.",
    "ltd",
    "ltd.",
    "plc",
    "company",
    "federation",
    "bureau",
    "department",
    "academy",
    "school",
    "institution",
    "organization",
    "organisation",
    "authority",
];

/// True for a [`STRONG_ORG_WORDS`] word in any letter case.
fn is_strong_org_word(w: &str) -> bool {
    const STRONG: &[&str] = STRONG_ORG_WORDS;
    // Every word above is lower-case ASCII of at most 12 bytes: compare the lower-cased word
    // with the ones of its length only.
    let mut buf = [0u8; 12];
    let Some(dst) = buf.get_mut(..w.len()) else { return false };
    dst.copy_from_slice(w.as_bytes());
    dst.make_ascii_lowercase();
    let lower: &[u8] = dst;
    STRONG.iter().any(|s| s.len() == lower.len() && s.as_bytes() == lower)
}

/// True when token `i` is a strong organization word ([`is_strong_org_word`]). Each of those
/// words is an organization word of the lexicon but for the forms with a period (`inc.`), so a
/// token neither of that category nor ending in a period is none.
fn strong_org_end(cx: &Ctx<'_>, i: usize) -> bool {
    let w = cx.tok(i);
    (cx.gaz(i) & cat::ORG_WORD != 0 || w.ends_with('.')) && is_strong_org_word(w)
}

/// Words of a mention's text.
fn words(s: &str) -> Words<'_> {
    let mut it = s.split_whitespace();
    let first = it.next().unwrap_or("");
    let mut w = Words { first, last: first, n: usize::from(!first.is_empty()) };
    for x in it {
        w.last = x;
        w.n += 1;
    }
    w
}

/// First and last word of a mention and the number of words, without allocating.
struct Words<'a> {
    first: &'a str,
    last: &'a str,
    n: usize,
}

/// What the linking rules look at in a mention's text, from one pass over it.
#[derive(Clone, Copy)]
struct Stat<'a> {
    first: &'a str,
    last: &'a str,
    /// Number of words (split at white space).
    n: usize,
    /// Number of letters.
    letters: usize,
    /// Some upper-case letter and no lower-case one.
    all_caps: bool,
}

impl<'a> Stat<'a> {
    #[inline(never)] // (one call per mention, and a line of its own in profiles)
    fn of(s: &'a str) -> Stat<'a> {
        let (mut letters, mut upper, mut lower) = (0, false, false);
        {
            // Byte classes and letters first: most mentions are one ASCII word. (Four bytes a
            // step: the letter bit is the low bit of a class.)
            let class = |b: u8| STAT_CLASS[usize::from(b)];
            let mut seen = 0u8;
            let mut chunks = s.as_bytes().chunks_exact(4);
            for c in chunks.by_ref() {
                if let [a, b, c, d] = *c {
                    let (a, b, c, d) = (class(a), class(b), class(c), class(d));
                    seen |= a | b | c | d;
                    letters += usize::from((a & 1) + (b & 1) + (c & 1) + (d & 1));
                }
            }
            for &b in chunks.remainder() {
                let c = class(b);
                seen |= c;
                letters += usize::from(c & 1);
            }
            let all_caps = seen & stat_class::UPPER != 0 && seen & stat_class::LOWER == 0;
            if seen & (stat_class::NON_ASCII | stat_class::SPACE) == 0 {
                return Stat { first: s, last: s, n: usize::from(!s.is_empty()), letters, all_caps };
            }
            // Words as `split_whitespace` gives them (the ASCII white space it knows), when
            // every byte is ASCII.
            if seen & stat_class::NON_ASCII == 0 {
                let (mut n, mut first, mut last) = (0, (0, 0), (0, 0));
                let mut start = None;
                for (i, &b) in s.as_bytes().iter().enumerate() {
                    if STAT_CLASS[b as usize] & stat_class::SPACE != 0 {
                        if let Some(st) = start.take() {
                            if n == 1 {
                                first = (st, i);
                            }
                            last = (st, i);
                        }
                        continue;
                    }
                    if start.is_none() {
                        start = Some(i);
                        n += 1;
                    }
                }
                if let Some(st) = start {
                    if n == 1 {
                        first = (st, s.len());
                    }
                    last = (st, s.len());
                }
                let part = |(a, b): (usize, usize)| s.get(a..b).unwrap_or("");
                return Stat { first: part(first), last: part(last), n, letters, all_caps };
            }
            letters = 0;
        }
        let w = words(s);
        {
            for c in s.chars() {
                letters += usize::from(c.is_alphabetic());
                upper |= c.is_uppercase();
                lower |= c.is_lowercase();
            }
        }
        Stat { first: w.first, last: w.last, n: w.n, letters, all_caps: upper && !lower }
    }

    /// How full a form is: most words, then most letters, mixed case before all caps.
    fn score(&self) -> (usize, usize, bool) {
        (self.n, self.letters, !self.all_caps)
    }
}

/// Byte classes of [`Stat::of`].
mod stat_class {
    /// A letter (upper or lower case); the low bit, so that a class counts its letter.
    pub const LETTER: u8 = 1;
    pub const UPPER: u8 = 2;
    pub const LOWER: u8 = 4;
    pub const SPACE: u8 = 8;
    pub const NON_ASCII: u8 = 16;
}

/// The [`stat_class`] bits of every byte.
static STAT_CLASS: [u8; 256] = {
    let mut t = [0u8; 256];
    let mut b = 0;
    while b < 256 {
        let c = b as u8;
        t[b] = if matches!(c, b' ' | b'\t' | b'\n' | 0x0B | 0x0C | b'\r') {
            stat_class::SPACE
        } else if c.is_ascii_uppercase() {
            stat_class::UPPER | stat_class::LETTER
        } else if c.is_ascii_lowercase() {
            stat_class::LOWER | stat_class::LETTER
        } else if c >= 0x80 {
            stat_class::NON_ASCII
        } else {
            0
        };
        b += 1;
    }
    t
};

const ACRONYM_SKIP: &[&str] = &["of", "the", "and", "for", "on", "de", "la", "du", "&", "in"];

/// Upper-case letters, zero-padded, and their length in bytes: the key of an acronym.
type AcronymKey = ([u8; 24], u8);

/// The upper-case initials of a name (`North Atlantic Treaty Organization` → `NATO`) as an
/// [`AcronymKey`], without allocating (`None` when longer than 24 bytes: an acronym has at most
/// six letters of at most four bytes each, so such initials never match one).
fn initials_key(s: &str) -> Option<AcronymKey> {
    let mut buf = [0u8; 24];
    let mut len = 0usize;
    if s.is_ascii() {
        // The same on bytes: ASCII white space as `char::is_whitespace` knows it, ASCII letters.
        let sep = |b: &u8| matches!(b, b' ' | b'\t' | b'\n' | 0x0B | 0x0C | b'\r' | b'-');
        for w in s.as_bytes().split(sep) {
            let Some(&c) = w.first() else { continue };
            if !c.is_ascii_alphabetic() || ACRONYM_SKIP.iter().any(|x| x.as_bytes().eq_ignore_ascii_case(w)) {
                continue;
            }
            *buf.get_mut(len)? = c.to_ascii_uppercase();
            len += 1;
        }
        return Some((buf, u8::try_from(len).ok()?));
    }
    for c in s
        .split(|c: char| c.is_whitespace() || c == '-')
        .filter(|w| !w.is_empty() && !ACRONYM_SKIP.iter().any(|x| x.eq_ignore_ascii_case(w)))
        .filter_map(|w| w.chars().next())
        .filter(|c| c.is_alphabetic())
        .flat_map(char::to_uppercase)
    {
        let n = c.len_utf8();
        c.encode_utf8(buf.get_mut(len..len + n)?);
        len += n;
    }
    Some((buf, u8::try_from(len).ok()?))
}

/// The initials of a name as a string ([`initials_key`] for the tests).
#[cfg(test)]
fn initials(s: &str) -> String {
    s.split(|c: char| c.is_whitespace() || c == '-')
        .filter(|w| !w.is_empty() && !ACRONYM_SKIP.iter().any(|x| x.eq_ignore_ascii_case(w)))
        .filter_map(|w| w.chars().next())
        .filter(|c| c.is_alphabetic())
        .flat_map(char::to_uppercase)
        .collect()
}

thread_local! {
    /// The tagger's buffers, reused from one document to the next on a thread.
    static SCRATCH: std::cell::RefCell<TagScratch> = std::cell::RefCell::new(TagScratch::default());
}

/// Sorts mentions by (start, end), keeping the order of equal ones; most lists come in order
/// already, and a check is cheaper than the sort.
fn sort_mentions(ms: &mut [M]) {
    // (start, end) as one number: one comparison instead of two.
    let key = |m: &M| (u64::from(m.start) << 32) | u64::from(m.end);
    if !ms.is_sorted_by_key(key) {
        ms.sort_by_key(key);
    }
}

/// Runs the whole analysis of one document.
pub(crate) fn run(model: &Model, lex: &Lexicon, config: &EntityConfig, text: &str, seg: &Segmentation) -> EntityOutput {
    if seg.tokens.is_empty() {
        return EntityOutput::default();
    }
    let info = doc_info(text, seg, lex);
    let labels = SCRATCH.with(|cell| match cell.try_borrow_mut() {
        Ok(mut sc) => tag_fast(model, text, &info, seg, &mut sc),
        Err(_) => tag_fast(model, text, &info, seg, &mut TagScratch::default()),
    });
    let cx = Ctx { text, seg, info: &info, toks: info.toks(), lex };
    let spare = LINK_SCRATCH.with(|cell| cell.try_borrow_mut().map(|mut sc| std::mem::take(&mut sc.spare)));
    let mut ms = chunks(&labels, seg, spare.unwrap_or_default());
    merge_initials(&cx, &mut ms);
    trim(&cx, &mut ms);
    known_names(&cx, config, &mut ms);
    extend_of(&cx, &mut ms);
    honorifics(&cx, &mut ms);
    sort_mentions(&mut ms);
    spun_demonyms(&cx, &mut ms);
    ms.retain(|m| !m.dead && m.end > m.start);
    let out = link(&cx, config, ms);
    crate::features::recycle(info);
    out
}

/// Bits of [`LinkScratch::names`]: the word ends or starts a multiword person name.
const LAST_WORD: u8 = 1;
const FIRST_WORD: u8 = 2;

/// The buffers of [`link`], refilled by every document on a thread.
#[derive(Default)]
struct LinkScratch {
    /// Lower-case hashes of the last ([`LAST_WORD`]) and first ([`FIRST_WORD`]) words of
    /// multiword person names.
    names: KeyTable<u8>,
    /// Tokens covered by a mention (propagation).
    cover: Vec<bool>,
    /// Mentions by type of each one-token name, by the token's hash as written (propagation).
    single: KeyTable<[u16; 4]>,
    /// Mentions added by propagation.
    added: Vec<M>,
    /// The uncovered tokens with a capital letter (propagation).
    uncovered: Vec<u32>,
    /// The entity of each name key, by type: entity number + 1, 0 for none.
    by_key: KeyTable<[u32; 4]>,
    /// The type of each entity, by entity number.
    ents: Vec<u8>,
    /// The entity of each mention.
    ent_of: Vec<usize>,
    /// Person full names: (word hash, start, entity), by last and by first word.
    last_alias: Vec<(u64, u32, usize)>,
    first_alias: Vec<(u64, u32, usize)>,
    /// Initials of multiword organization names and their entities ([`AcronymKey`]).
    acronyms: Vec<(AcronymKey, usize)>,
    /// Output order: slot of each entity, entity of each slot, runs of mentions by slot.
    slot: Vec<usize>,
    firsts: Vec<usize>,
    count: Vec<usize>,
    fill: Vec<usize>,
    flat: Vec<usize>,
    /// The person mentions ([`link_with`]), then the multiword ones ([`group`]).
    persons: Vec<usize>,
    /// Chains of the mentions of each entity when acronyms move them ([`group`]): the first
    /// mention of each entity and the next one of each mention (`usize::MAX`: none).
    head: Vec<usize>,
    next: Vec<usize>,
    /// The mention list of the last document, given back for [`chunks`] to refill.
    spare: Vec<M>,
}

thread_local! {
    /// The linking step's buffers, reused from one document to the next on a thread.
    static LINK_SCRATCH: std::cell::RefCell<LinkScratch> = std::cell::RefCell::new(LinkScratch::default());
}

/// Coreference, propagation, hyphen splitting and output.
fn link(cx: &Ctx<'_>, config: &EntityConfig, ms: Vec<M>) -> EntityOutput {
    LINK_SCRATCH.with(|cell| match cell.try_borrow_mut() {
        Ok(mut sc) => link_with(cx, config, ms, &mut sc),
        Err(_) => link_with(cx, config, ms, &mut LinkScratch::default()),
    })
}

/// The text of a mention.
fn slice<'a>(text: &'a str, m: &M) -> &'a str {
    text.get(m.start as usize..m.end as usize).unwrap_or("")
}

/// (start, end) of a mention as one number: the order of [`sort_mentions`].
fn span_key(m: &M) -> u64 {
    (u64::from(m.start) << 32) | u64::from(m.end)
}

/// A multiword person name as the linking step first sees it: its span ([`span_key`]), stat,
/// and the lower-case hashes of its first and last words.
struct FullName<'a> {
    span: u64,
    stat: Stat<'a>,
    first: u64,
    last: u64,
}

/// A cursor over the [`FullName`]s of a list in order, to find those of another list in order.
struct FullNames<'l, 'a> {
    list: &'l [FullName<'a>],
    at: usize,
}

impl<'l, 'a> FullNames<'l, 'a> {
    /// The full name with the span of `m`, asked in order of span (one out of order is only
    /// not found: its stat is then computed).
    fn find(&mut self, m: &M) -> Option<&'l FullName<'a>> {
        let key = span_key(m);
        while self.list.get(self.at).is_some_and(|f| f.span < key) {
            self.at += 1;
        }
        self.list.get(self.at).filter(|f| f.span == key)
    }
}

/// [`link`] with the thread's buffers.
fn link_with(cx: &Ctx<'_>, config: &EntityConfig, mut ms: Vec<M>, sc: &mut LinkScratch) -> EntityOutput {
    let text = cx.text;

    // Person aliases: last and first word of multiword person names. The names are kept, with
    // their stats and word hashes, for the steps below to look up by span instead of computing
    // them again.
    sc.names.reset(ms.len());
    // The person mentions, gathered without a branch per mention (whether a mention is a
    // person is a coin toss): every index is written and the count moves on by 0 or 1.
    let persons = &mut sc.persons;
    persons.clear();
    persons.resize(ms.len(), 0);
    let mut n_persons = 0;
    for (k, m) in ms.iter().enumerate() {
        if let Some(x) = persons.get_mut(n_persons) {
            *x = k;
        }
        n_persons += usize::from(m.ty == PER);
    }
    // (Sized once for every person mention, instead of grown by doubling.)
    let mut full: Vec<FullName<'_>> = Vec::with_capacity(n_persons);
    for m in persons.get(..n_persons).unwrap_or(&[]).iter().filter_map(|&k| ms.get(k)) {
        let s = slice(text, m);
        // (A text of ASCII bytes other than white space and controls is at most one word.)
        if s.bytes().all(|b| b > b' ' && b < 0x80) {
            continue;
        }
        let w = Stat::of(s);
        if w.n >= 2 {
            let (first, last) = (hash_lower(w.first), hash_lower(w.last));
            *sc.names.entry(last) |= LAST_WORD;
            *sc.names.entry(first) |= FIRST_WORD;
            full.push(FullName { span: span_key(m), stat: w, first, last });
        }
    }
    let names = &sc.names;
    let is_last = |h: u64| names.get(h).is_some_and(|b| b & LAST_WORD != 0);
    // (A word is in the table only as a first or a last word.)
    let is_named = |h: u64| names.get(h).is_some();
    for m in ms.iter_mut() {
        retype(cx, m, is_last, is_named);
    }

    // Propagation: untagged repeats of person surnames and of names tagged elsewhere.
    if config.propagate {
        propagate(cx, &ms, sc);
        merge_mentions(&mut ms, &mut sc.added);
    }

    // Hyphenated compounds.
    // (Only a mention other than a person's that starts or ends with a hyphenated token is split;
    // without one, the known names are not needed.)
    let hyphenated = |m: &M| !m.dead && m.ty != PER && (cx.has_hyphen(m.t0) || cx.has_hyphen(m.t1 - 1));
    let changed = config.split_hyphenated && ms.iter().any(hyphenated) && split_hyphens(cx, &mut ms);
    // With `propagate` the list was put in order above, and it stays so unless a mention changed.
    if config.split_hyphenated && (changed || !config.propagate) {
        sort_mentions(&mut ms);
    }

    let mut known = FullNames { list: &full, at: 0 };
    let stats: Vec<Stat<'_>> =
        ms.iter().map(|m| known.find(m).map_or_else(|| Stat::of(slice(text, m)), |f| f.stat)).collect();
    group(cx, &ms, &stats, &full, sc);
    let out = output(cx, config, &ms, &stats, sc);
    ms.clear();
    sc.spare = ms;
    out
}

/// Type changes of one mention from the person names of the document (`is_last`: the word
/// hash is a full name's last word; `is_named`: its first or last word).
fn retype(cx: &Ctx<'_>, m: &mut M, is_last: impl Fn(u64) -> bool, is_named: impl Fn(u64) -> bool) {
    let one = m.t1 == m.t0 + 1;
    // A lone one-word "person" never named in full, in a place context, is a place.
    if m.ty == PER && one && m.t0 > 0 && !is_named(cx.lower(m.t0)) {
        let prev = m.t0 - 1;
        if !(cx.is_honorific(prev) || cx.gaz(prev) & cat::TITLE != 0) {
            let place_before = cx.gaz(prev) & cat::PLACE_CUE != 0 && cx.flags(prev) & flag::LOWER != 0;
            let country_after = cx.tok(m.t1) == "," && cx.gaz(m.t1 + 1) & cat::COUNTRY != 0;
            if place_before || country_after {
                m.ty = LOC;
            }
        }
    }
    // A name ending in an unambiguous organization word is an organization (`Harbin Institute`);
    // a lone capitalized `-ian`/`-ean`/`-ese` word never named as a person is a demonym.
    if m.t1 > m.t0 + 1 && m.ty == PER && strong_org_end(cx, m.t1 - 1) {
        m.ty = ORG;
    } else if m.ty == PER && one {
        let w = cx.tok(m.t0);
        let demonym_like = (w.ends_with("ian") || w.ends_with("ean") || w.ends_with("ese"))
            && cx.flags(m.t0) & flag::ALL_CAPS == 0
            && w.len() > 4;
        if demonym_like {
            let named = is_named(cx.lower(m.t0));
            let titled = m.t0 > 0 && (cx.is_honorific(m.t0 - 1) || cx.gaz(m.t0 - 1) & cat::TITLE != 0);
            if !named && !titled {
                m.ty = MISC;
            }
        }
    }
    // A single-word mention of another type that is a person's surname is that person.
    if m.ty != PER && one && is_last(cx.lower(m.t0)) && cx.gaz(m.t0) & (cat::COUNTRY | cat::DEMONYM | cat::REGION) == 0
    {
        m.ty = PER;
    }
}

/// Adds the mentions of `added` to the list and sorts it as [`sort_mentions`] does (a stable
/// sort by (start, end) of the list followed by them): a few in order are inserted in place.
fn merge_mentions(ms: &mut Vec<M>, added: &mut Vec<M>) {
    let key = |m: &M| (u64::from(m.start) << 32) | u64::from(m.end);
    // Most documents add none or a few: each goes after the mentions with keys up to its own.
    if added.len() <= 8 && ms.is_sorted_by_key(key) && added.is_sorted_by_key(key) {
        for m in added.drain(..) {
            let at = ms.partition_point(|x| key(x) <= key(&m));
            ms.insert(at, m);
        }
        return;
    }
    ms.append(added);
    sort_mentions(ms);
}

/// Untagged repeats of person surnames and of names tagged elsewhere in the document, left in
/// `sc.added` in text order.
#[inline(never)] // (a step of its own in profiles; called once per document)
fn propagate(cx: &Ctx<'_>, ms: &[M], sc: &mut LinkScratch) {
    let cover = &mut sc.cover;
    cover.clear();
    cover.resize(cx.seg.tokens.len(), false);
    let single = &mut sc.single;
    single.reset(ms.len());
    for m in ms {
        for c in cover.get_mut(m.t0..m.t1).unwrap_or(&mut []) {
            *c = true;
        }
        // (A token's text is its span: the tokenizer cuts at char boundaries.)
        let tok_len = cx.seg.tokens.get(m.t0).map_or(0, |t| t.span.end.saturating_sub(t.span.start));
        if m.t1 == m.t0 + 1 && m.end - m.start == tok_len {
            let e = single.entry(cx.toks.get(m.t0).map_or(0, |t| t.raw));
            if let Some(c) = e.get_mut(usize::from(m.ty & 3)) {
                *c += 1;
            }
        }
    }
    let added = &mut sc.added;
    added.clear();
    // Both rules below need an uncovered token with a capital letter (an initial capital
    // is one).
    let uncovered = gather(cx.info.upper(), &mut sc.uncovered, |i| !cover.get(i).copied().unwrap_or(true));
    for &u in uncovered {
        let i = u as usize;
        let f = cx.flags(i);
        if f & flag::HYPHEN != 0 && f & flag::HAS_UPPER != 0 {
            let w = cx.tok(i);
            let known = split_parts(w).iter().any(|(_, p)| {
                p.chars().next().is_some_and(char::is_uppercase)
                    && cx.lex.word(hash_lower(p)) & (cat::COUNTRY | cat::DEMONYM) != 0
            });
            if known {
                let mut m = M { start: 0, end: 0, ty: MISC, t0: i, t1: i + 1, dead: false };
                cx.set_range(&mut m, i, i + 1);
                added.push(m);
                continue;
            }
        }
        if f & flag::INIT_CAP == 0 || f & flag::PUNCT != 0 {
            continue;
        }
        // (A possessive, `'s`, starts with an apostrophe, so never with a capital letter.)
        let next_cap = cover.get(i + 1).is_some_and(|c| !c) && cx.flags(i + 1) & flag::INIT_CAP != 0;
        let prev_cap = i > 0
            && cover.get(i - 1).is_some_and(|c| !c)
            && cx.flags(i - 1) & flag::INIT_CAP != 0
            && cx.flags(i - 1) & flag::SENT_START == 0;
        if next_cap || prev_cap {
            continue;
        }
        let ty = if sc.names.get(cx.lower(i)).is_some_and(|b| b & LAST_WORD != 0) && f & flag::ALL_CAPS == 0 {
            Some(PER)
        } else if let Some(c) = single.get(cx.toks.get(i).map_or(0, |t| t.raw)) {
            let (bt, &bc) = c.iter().enumerate().max_by_key(|(_, c)| **c).unwrap_or((0, &0));
            (bc >= 1).then_some(bt as u8)
        } else {
            None
        };
        if let Some(ty) = ty {
            let mut m = M { start: 0, end: 0, ty, t0: i, t1: i + 1, dead: false };
            cx.set_range(&mut m, i, i + 1);
            added.push(m);
        }
    }
}

/// Groups mentions into entities: fills `sc.ents` (the type of each entity) and `sc.ent_of`
/// (the entity of each mention).
#[inline(never)] // (a step of its own in profiles; called once per document)
fn group(cx: &Ctx<'_>, ms: &[M], stats: &[Stat<'_>], full: &[FullName<'_>], sc: &mut LinkScratch) {
    let text = cx.text;
    let no_stat = Stat { first: "", last: "", n: 0, letters: 0, all_caps: false };
    let stat = |k: usize| stats.get(k).unwrap_or(&no_stat);
    let ents = &mut sc.ents;
    ents.clear();
    let ent_of = &mut sc.ent_of;
    ent_of.clear();
    ent_of.resize(ms.len(), usize::MAX);
    let by_key = &mut sc.by_key;
    by_key.reset(ms.len());
    // The entity of (type, key), numbered as it first comes.
    let mut entity = |ty: u8, key: u64| -> usize {
        let e = by_key.entry(key);
        let Some(slot) = e.get_mut(usize::from(ty & 3)) else { return usize::MAX };
        if *slot == 0 {
            ents.push(ty);
            *slot = u32::try_from(ents.len()).unwrap_or(u32::MAX);
        }
        *slot as usize - 1
    };
    // Person full names first, keyed by first + last word. They are the only mentions linked so
    // far, so the alias tables below are built from them, in text order.
    let (last_alias, first_alias) = (&mut sc.last_alias, &mut sc.first_alias);
    last_alias.clear();
    first_alias.clear();
    let mut known = FullNames { list: full, at: 0 };
    // The multiword person mentions, gathered without a branch per mention (whether a mention
    // is one is a coin toss): every index is written and the count moves on by 0 or 1.
    let persons = &mut sc.persons;
    persons.clear();
    persons.resize(ms.len(), 0);
    let mut n_persons = 0;
    for (k, (m, w)) in ms.iter().zip(stats).enumerate() {
        if let Some(x) = persons.get_mut(n_persons) {
            *x = k;
        }
        n_persons += usize::from((m.ty == PER) & (w.n >= 2));
    }
    for &k in persons.get(..n_persons).unwrap_or(&[]) {
        let (Some(m), w) = (ms.get(k), stat(k)) else { continue };
        let (first, last) = match known.find(m) {
            Some(f) => (f.first, f.last),
            None => (hash_lower(w.first), hash_lower(w.last)),
        };
        let e = entity(PER, first ^ last.rotate_left(1));
        if let Some(x) = ent_of.get_mut(k) {
            *x = e;
        }
        last_alias.push((last, m.start, e));
        first_alias.push((first, m.start, e));
    }
    // Alias tables by word and, for one word, in text order (the full names come in text order
    // and the sort is stable).
    last_alias.sort_by_key(|a| a.0);
    first_alias.sort_by_key(|a| a.0);
    // The full names with word `h`: the nearest one before `at`, else the first one.
    let nearest = |v: &[(u64, u32, usize)], h: u64, at: u32| -> Option<usize> {
        let lo = v.partition_point(|a| a.0 < h);
        let same = v.get(lo..).unwrap_or(&[]);
        let same = same.get(..same.partition_point(|a| a.0 == h)).unwrap_or(&[]);
        let i = same.partition_point(|a| a.1 <= at);
        i.checked_sub(1).and_then(|k| same.get(k)).or_else(|| same.first()).map(|a| a.2)
    };
    // Initials of multiword organization names and their entities, the first one of each.
    let acronyms = &mut sc.acronyms;
    acronyms.clear();
    for (k, m) in ms.iter().enumerate() {
        if ent_of.get(k).is_none_or(|&e| e != usize::MAX) {
            continue;
        }
        let s = slice(text, m);
        let w = stat(k);
        // The lower-case hash of the whole text: a mention of exactly one token has its token's.
        let whole = || {
            let one = m.t1 == m.t0 + 1
                && cx.seg.tokens.get(m.t0).is_some_and(|t| (t.span.start, t.span.end) == (m.start, m.end));
            if one { cx.lower(m.t0) } else { hash_lower(s) }
        };
        // The hash of a word of the text: the whole text's when it is the only word.
        let word = |x: &str| if w.n == 1 && x.len() == s.len() { whole() } else { hash_lower(x) };
        // (Both facts in one test: whether a mention is a person is a coin toss, and a document
        // without full names has no alias to look up.)
        let e = if (m.ty == PER) & !last_alias.is_empty() {
            nearest(last_alias, word(w.last), m.start)
                .or_else(|| if w.n == 1 { nearest(first_alias, word(w.first), m.start) } else { None })
        } else {
            None
        };
        let e = match e {
            Some(e) => e,
            None => {
                let key = match m.ty {
                    // (One word: its own hash, as `phrase_or_word` gives it.)
                    LOC => match cx.lex.country(if w.n <= 1 { word(w.first) } else { phrase_or_word(s) }) {
                        Some((id, _)) => 0xC0_0000_0000 + u64::from(id),
                        None => whole(),
                    },
                    MISC => {
                        let h = whole();
                        match cx.lex.demonym_singular(h) {
                            Some(sing) => hash_lower(sing),
                            None => h,
                        }
                    }
                    _ => whole(),
                };
                entity(m.ty, key)
            }
        };
        if m.ty == ORG && w.n >= 2 {
            // Initials longer than an acronym can be never match one.
            if let Some(ini) = initials_key(s) {
                if ini.1 >= 2 {
                    acronyms.push((ini, e));
                }
            }
        }
        if let Some(x) = ent_of.get_mut(k) {
            *x = e;
        }
    }
    // Acronyms join their expansion. (The mentions of each entity are listed only once some
    // mention moves; most documents have none that does.)
    if acronyms.is_empty() {
        return;
    }
    // By key, the first one of each key kept (the sort is stable).
    acronyms.sort_by_key(|a| a.0);
    acronyms.dedup_by_key(|a| a.0);
    // The mentions of each entity as a chain (`head` of each entity, `next` of each mention),
    // built at the first move: moving an entity's mentions is a walk and a splice, with no list
    // to allocate per entity.
    let (head, next) = (&mut sc.head, &mut sc.next);
    let mut chained = false;
    for (k, m) in ms.iter().enumerate() {
        let w = stat(k);
        if !w.all_caps || w.n != 1 || w.letters < 2 || w.letters > 6 {
            continue;
        }
        // At most six letters (checked above) of at most four bytes each.
        let mut buf = [0u8; 24];
        let mut len = 0;
        for c in slice(text, m).chars().filter(|c| c.is_alphabetic()) {
            let n = c.len_utf8();
            if let Some(dst) = buf.get_mut(len..len + n) {
                c.encode_utf8(dst);
            }
            len += n;
        }
        let key: AcronymKey = (buf, u8::try_from(len).unwrap_or(u8::MAX));
        let Ok(at) = acronyms.binary_search_by_key(&key, |a| a.0) else { continue };
        let Some(&(_, target)) = acronyms.get(at) else { continue };
        let Some(&from) = ent_of.get(k) else { continue };
        if from == target || from >= ents.len() {
            continue;
        }
        if !chained {
            head.clear();
            head.resize(ents.len(), usize::MAX);
            next.clear();
            next.resize(ent_of.len(), usize::MAX);
            for (x, &e) in ent_of.iter().enumerate() {
                if let (Some(h), Some(n)) = (head.get_mut(e), next.get_mut(x)) {
                    (*n, *h) = (*h, x);
                }
            }
            chained = true;
        }
        // (Each mention is in one chain, so a walk takes at most one step per mention.)
        let (mut x, mut last) = (head.get(from).copied().unwrap_or(usize::MAX), usize::MAX);
        for _ in 0..ent_of.len() {
            let Some(e) = ent_of.get_mut(x) else { break };
            *e = target;
            last = x;
            x = next.get(x).copied().unwrap_or(usize::MAX);
        }
        let moved = head.get_mut(from).map(|h| std::mem::replace(h, usize::MAX));
        if let (Some(n), Some(h)) = (next.get_mut(last), head.get_mut(target)) {
            *n = *h;
            *h = moved.unwrap_or(usize::MAX);
        }
    }
}

/// The entities of the grouped mentions ([`group`]): each entity's mentions in text order
/// (one per start), the entities in the order of their first mentions.
#[inline(never)] // (a step of its own in profiles; called once per document)
fn output(cx: &Ctx<'_>, config: &EntityConfig, ms: &[M], stats: &[Stat<'_>], sc: &mut LinkScratch) -> EntityOutput {
    let text = cx.text;
    let LinkScratch { ents, ent_of, slot, firsts, count, fill, flat, .. } = sc;
    // The mentions are in text order with distinct starts, so one pass gives both orders:
    // entities are numbered as they first appear and their mentions listed by a counting sort.
    // (Should the list not be in order, a stable sort by start of the mention numbers gives the
    // same orders.)
    let in_order = ms.windows(2).all(|w| matches!(w, [a, b] if a.start <= b.start));
    let by_start: Option<Vec<usize>> = (!in_order).then(|| {
        let mut v: Vec<usize> = (0..ms.len()).collect();
        v.sort_by_key(|&k| ms.get(k).map_or(0, |m| m.start));
        v
    });
    let order = || (0..ms.len()).map(|i| by_start.as_ref().and_then(|v| v.get(i).copied()).unwrap_or(i));
    slot.clear();
    slot.resize(ents.len(), usize::MAX);
    // Whether a mention is its entity's first is a coin toss, so it is not branched on: the
    // entity is written at the next slot either way, and the number of slots moves on by 0 or
    // 1 (a slot given, always below the next one, is kept by `min`).
    firsts.clear();
    firsts.resize(ents.len(), 0);
    count.clear();
    count.resize(ents.len(), 0);
    let mut slots = 0;
    for k in order() {
        let Some(&e) = ent_of.get(k) else { continue };
        let Some(s) = slot.get_mut(e) else { continue };
        let new = *s == usize::MAX;
        *s = (*s).min(slots);
        if let Some(f) = firsts.get_mut(slots) {
            *f = e;
        }
        slots += usize::from(new);
        if let Some(c) = count.get_mut(*s) {
            *c += 1;
        }
    }
    firsts.truncate(slots);
    count.truncate(slots);
    // `count` becomes the start of each entity's run in `flat`.
    let mut at = 0;
    for c in count.iter_mut() {
        (*c, at) = (at, at + *c);
    }
    // (A mention with the start of the one listed before it in its entity is left out.)
    fill.clear();
    fill.extend_from_slice(count);
    flat.clear();
    flat.resize(at, 0);
    for k in order() {
        let Some(s) = ent_of.get(k).and_then(|&e| slot.get(e)).copied() else { continue };
        let (Some(&from), Some(f), Some(m)) = (count.get(s), fill.get_mut(s), ms.get(k)) else { continue };
        if *f > from && flat.get(*f - 1).and_then(|&p| ms.get(p)).is_some_and(|p| p.start == m.start) {
            continue;
        }
        if let Some(x) = flat.get_mut(*f) {
            *x = k;
        }
        *f += 1;
    }
    let mut out: Vec<Entity> = Vec::with_capacity(firsts.len());
    for (s, &e) in firsts.iter().enumerate() {
        let ty = ents.get(e).copied().unwrap_or(MISC);
        let ks = flat.get(count.get(s).copied().unwrap_or(0)..fill.get(s).copied().unwrap_or(0)).unwrap_or(&[]);
        // One pass over the entity's mentions gives the fullest form (the first with the best
        // score), the titles and the output mentions.
        let want_titles = config.titles && ty == PER;
        let mut titles: Vec<String> = Vec::new();
        let mut mentions: Vec<Mention> = Vec::with_capacity(ks.len());
        let mut best: Option<(usize, (usize, usize, bool))> = None;
        for &k in ks {
            let score = stats.get(k).map_or((0, 0, false), Stat::score);
            if best.is_none_or(|(_, b)| score > b) {
                best = Some((k, score));
            }
            let Some(m) = ms.get(k) else { continue };
            if want_titles {
                titles_of(cx, m, &mut titles);
            }
            mentions.push(Mention { start: m.start, end: m.end, text: slice(text, m).to_string() });
        }
        let name = best.map_or_else(String::new, |(k, _)| canonical(cx, ty, k, ks, ms, stats));
        out.push(Entity {
            name,
            entity_type: entity_type(ty),
            count: mentions.len(),
            first: mentions.first().map_or(0, |m| m.start),
            titles,
            mentions,
        });
    }
    EntityOutput { entities: out }
}

/// The canonical name of an entity of type `ty` with mentions `ks` whose fullest form (most
/// words, then most letters, mixed case before all caps, then first) is mention `best`.
fn canonical(cx: &Ctx<'_>, ty: u8, best: usize, ks: &[usize], ms: &[M], stats: &[Stat<'_>]) -> String {
    let form = |k: usize| ms.get(k).map_or("", |m| slice(cx.text, m));
    let best_form = form(best);
    if ty == MISC {
        // (A form of one token has that token's lower-case hash.)
        let one = |m: &M| {
            m.t1 == m.t0 + 1 && cx.seg.tokens.get(m.t0).is_some_and(|t| (t.span.start, t.span.end) == (m.start, m.end))
        };
        let hash = match ms.get(best) {
            Some(m) if one(m) => cx.lower(m.t0),
            _ => hash_lower(best_form),
        };
        if let Some(sing) = cx.lex.demonym_singular(hash) {
            // Prefer a singular form as written in the document.
            if let Some(s) = ks.iter().map(|&k| form(k)).find(|f| f.eq_ignore_ascii_case(sing)) {
                return s.to_string();
            }
            return sing.to_string();
        }
    }
    if stats.get(best).is_some_and(|st| st.all_caps && st.letters >= 5) {
        return title_case(best_form);
    }
    best_form.to_string()
}

fn title_case(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut start = true;
    for c in s.chars() {
        if start {
            out.push(c);
        } else {
            out.extend(c.to_lowercase());
        }
        start = !c.is_alphabetic();
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn not_o_mask_marks_every_other_label() {
        for len in 0..=64usize {
            let ls: Vec<u8> =
                (0..len).map(|i| [0u8, 1, 0, 0, 8, 255, 0, 128, 2, 0, 0, 7][(i * 7 + len) % 12]).collect();
            let want = ls.iter().enumerate().fold(0u64, |m, (i, &l)| m | (u64::from(l != crate::features::O) << i));
            assert_eq!(not_o_mask(&ls), want, "{ls:?}");
        }
    }

    #[test]
    fn helpers() {
        assert_eq!(split_parts("pro-Western"), vec![(0, "pro"), (4, "Western")]);
        assert_eq!(split_parts("Beijing-Moscow"), vec![(0, "Beijing"), (8, "Moscow")]);
        assert_eq!(split_parts("-x-"), vec![(1, "x")]);
        assert_eq!(initials("North Atlantic Treaty Organization"), "NATO");
        assert_eq!(initials("Bank of the Andes"), "BA");
        for name in [
            "North Atlantic Treaty Organization",
            "Bank of the Andes",
            "Straße-Ölwerk AG",
            "x",
            "a-b\u{0B}c--of THE & 9d e\u{0C}f",
        ] {
            let (buf, len) = initials_key(name).expect("short initials");
            assert_eq!(&buf[..usize::from(len)], initials(name).as_bytes());
        }
        assert_eq!(initials_key(&"Word ".repeat(30)), None);
        assert_eq!(title_case("MOSCOW"), "Moscow");
        assert_eq!(title_case("NEW YORK"), "New York");
        assert!(is_initial("V."));
        assert!(!is_initial("Mr."));
        assert!(!is_initial("v."));
        let mut cases: Vec<String> = ["", "Putin", "Vladimir  V. Putin", " NATO\t", "Zürich Ünïon", "U.S.", "a\u{0B}b"]
            .iter()
            .map(|t| t.to_string())
            .collect();
        // Texts of many lengths with white space, controls and punctuation at every place.
        let pieces = ["Ab", " ", "CD", "\t\n", "x", "\r\u{0C}", "@[`{", "\u{1}Z", "  ", "O'Neil-Smith", "\u{0B}"];
        for a in 0..pieces.len() {
            for b in 0..pieces.len() {
                for c in 0..pieces.len() {
                    cases.push(format!("{}{}{}{}", pieces[a], pieces[b], pieces[c], pieces[(a + b) % pieces.len()]));
                }
            }
        }
        for t in cases.iter().map(String::as_str) {
            let (st, w) = (Stat::of(t), words(t));
            assert_eq!((st.first, st.last, st.n), (w.first, w.last, w.n), "{t:?}");
            let letters = t.chars().filter(|c| c.is_alphabetic()).count();
            let caps = t.chars().any(char::is_uppercase) && !t.chars().any(char::is_lowercase);
            assert_eq!((st.letters, st.all_caps), (letters, caps), "{t:?}");
        }
        assert!(is_strong_org_word("Institute"));
        assert!(!is_strong_org_word("City"));
        assert!(is_strong_org_word("INC.") && is_strong_org_word("Organisation"));
        assert!(!is_strong_org_word("Organisations") && !is_strong_org_word("") && !is_strong_org_word("Ünïvërsity"));
        // Every strong organization word but those with a period is an organization word.
        let lex = Lexicon::build();
        for w in STRONG_ORG_WORDS.iter().filter(|w| !w.ends_with('.')) {
            assert!(is_strong_org_word(w) && lex.word(hash_lower(w)) & cat::ORG_WORD != 0, "{w}");
        }
    }
}
