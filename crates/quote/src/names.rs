//! Looking up the entity behind a speaker mention: the entity analyzer's mentions sorted by
//! position, and its canonical names by last word. When the entity result is empty, a small
//! fallback finds capitalized name sequences itself so that attribution still names people.

use crate::lexicon::{FnvBuild, Lexicon};
use lede_core::schema::{EntityOutput, EntityType};
use lede_core::{Segmentation, Span, TokenKind};
use serde::Deserialize;
use std::borrow::Cow;
use std::cell::{Cell, OnceCell};
use std::collections::HashMap;

/// One mention, pointing at its entity.
#[derive(Clone, Copy, Debug)]
struct MentionRef {
    start: u32,
    end: u32,
    ent: u32,
}

/// An entity's canonical name and type.
#[derive(Clone, Debug)]
pub(crate) struct EntityInfo<'a> {
    /// Canonical name.
    pub name: Cow<'a, str>,
    /// Entity type.
    pub typ: EntityType,
    /// Number of mentions.
    pub count: usize,
}

/// The part of the entity analyzer's result the quote analyzer reads, borrowed from its JSON
/// (mention texts and titles are skipped).
#[derive(Debug, Deserialize)]
pub(crate) struct LiteOutput<'a> {
    /// The entities.
    #[serde(borrow)]
    pub entities: Vec<LiteEntity<'a>>,
}

/// One entity: canonical name, type and mention offsets.
#[derive(Debug, Deserialize)]
pub(crate) struct LiteEntity<'a> {
    /// Canonical name.
    #[serde(borrow)]
    pub name: Cow<'a, str>,
    /// Type.
    #[serde(rename = "type")]
    pub entity_type: EntityType,
    /// Number of mentions.
    #[serde(default)]
    pub count: usize,
    /// Mention offsets.
    pub mentions: Vec<LiteMention>,
}

/// A mention's offsets.
#[derive(Debug, Deserialize)]
pub(crate) struct LiteMention {
    /// Start byte.
    pub start: u32,
    /// End byte.
    pub end: u32,
}

/// Entities of one document, indexed for the lookups attribution needs.
#[derive(Debug, Default)]
pub(crate) struct EntityIndex<'a> {
    mentions: Vec<MentionRef>,
    ents: Vec<EntityInfo<'a>>,
    /// Best entity by lower-cased last word of its name, built on the third use.
    by_last: OnceCell<HashMap<String, u32, FnvBuild>>,
    /// Look-ups by last word answered by a scan so far (most documents make one or two).
    last_scans: Cell<u8>,
}

/// Words that mark a capitalized sequence as an organization in the fallback.
const ORG_WORDS: &[&str] = &[
    "ministry",
    "department",
    "party",
    "university",
    "college",
    "institute",
    "council",
    "committee",
    "commission",
    "agency",
    "bank",
    "corp",
    "inc",
    "association",
    "union",
    "court",
    "senate",
    "house",
    "congress",
    "post",
    "times",
    "news",
    "journal",
    "company",
    "group",
    "foundation",
    "center",
    "centre",
    "endowment",
    "office",
    "administration",
    "campaign",
    "network",
    "service",
    "fund",
    "organization",
    "organisation",
    "federation",
    "league",
    "army",
    "navy",
    "police",
    "government",
    "board",
    "authority",
    "assembly",
    "parliament",
    "kremlin",
    "pentagon",
];

/// Lower-cased last word of a name, without punctuation.
pub(crate) fn last_word_key(name: &str) -> String {
    last_word(name).to_lowercase()
}

/// The last word of a name, without punctuation, as written.
fn last_word(name: &str) -> &str {
    name.split(|c: char| c.is_whitespace())
        .rev()
        .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric()))
        .find(|w| !w.is_empty())
        .unwrap_or("")
}

/// True when `last_word_key(name) == key`, without allocating for ASCII names.
pub(crate) fn last_word_is(name: &str, key: &str) -> bool {
    let w = last_word(name);
    if w.is_ascii() {
        w.len() == key.len() && w.bytes().zip(key.bytes()).all(|(a, b)| a.to_ascii_lowercase() == b)
    } else {
        w.to_lowercase() == key
    }
}

/// The order of mentions: by start, then by end (one `u64` orders exactly as the pair).
#[inline]
fn position(m: &MentionRef) -> u64 {
    u64::from(m.start) << 32 | u64::from(m.end)
}

/// Sorts mentions by [`position`]. The entity analyzer lists them entity by entity, each
/// entity's in text order, so the list is some thirty sorted runs spread over the text: a
/// comparison sort of its ~70 mentions cost some 9,000 instructions a document and mispredicted
/// often. Here a counting sort by start into about one bucket per mention puts them in order up
/// to the mentions that share a bucket, and an insertion sort fixes those few.
fn sort_by_position(ms: &mut Vec<MentionRef>) {
    /// The most mentions a bucket may hold (non-overlapping mentions rarely share one).
    const MAX_BUCKET: u32 = 8;
    let n = ms.len();
    if n < 16 {
        ms.sort_unstable_by_key(position);
        return;
    }
    // The smallest shift that maps every start below `n`: 2^shift > max_start / n.
    let max_start = ms.iter().map(|m| m.start).max().unwrap_or(0);
    let shift = u32::BITS - (max_start / u32::try_from(n).unwrap_or(u32::MAX)).leading_zeros();
    let bucket = |m: &MentionRef| (m.start.checked_shr(shift).unwrap_or(0) as usize).min(n - 1);
    // First slot of each bucket in the output (counts, then running sums).
    let mut first = vec![0u32; n + 1];
    let mut fullest = 0;
    for m in ms.iter() {
        if let Some(c) = first.get_mut(bucket(m) + 1) {
            *c += 1;
            fullest = fullest.max(*c);
        }
    }
    if fullest > MAX_BUCKET {
        // Crowded (overlapping mentions from another entity analyzer): the insertion sort
        // could take quadratic time.
        ms.sort_unstable_by_key(position);
        return;
    }
    let mut sum = 0;
    for c in &mut first {
        sum += *c;
        *c = sum;
    }
    let mut out = ms.clone();
    for m in ms.iter() {
        if let Some(slot) = first.get_mut(bucket(m)) {
            if let Some(o) = out.get_mut(*slot as usize) {
                *o = *m;
            }
            *slot += 1;
        }
    }
    // Only mentions of one bucket can be out of order: each moves past at most `MAX_BUCKET`.
    for i in 1..out.len() {
        let mut j = i;
        while j > 0 && out.get(j - 1).map(position) > out.get(j).map(position) {
            out.swap(j - 1, j);
            j -= 1;
        }
    }
    *ms = out;
}

impl<'a> EntityIndex<'a> {
    /// Indexes the entity analyzer's result.
    pub(crate) fn new(out: &'a EntityOutput) -> EntityIndex<'a> {
        // What `from_lite` does, read in place: no mention vector per entity.
        let mut idx = EntityIndex {
            ents: Vec::with_capacity(out.entities.len()),
            mentions: Vec::with_capacity(out.entities.iter().map(|e| e.mentions.len()).sum()),
            ..EntityIndex::default()
        };
        for (i, e) in out.entities.iter().enumerate() {
            let id = u32::try_from(i).unwrap_or(u32::MAX);
            idx.ents.push(EntityInfo {
                name: Cow::Borrowed(e.name.as_str()),
                typ: e.entity_type,
                count: e.mentions.len().max(e.count),
            });
            for m in &e.mentions {
                if m.end > m.start {
                    idx.mentions.push(MentionRef { start: m.start, end: m.end, ent: id });
                }
            }
        }
        idx.finish();
        idx
    }

    /// Indexes entities read straight from the entity analyzer's JSON.
    pub(crate) fn from_lite(entities: impl IntoIterator<Item = LiteEntity<'a>>) -> EntityIndex<'a> {
        let mut idx = EntityIndex::default();
        for (i, e) in entities.into_iter().enumerate() {
            let id = u32::try_from(i).unwrap_or(u32::MAX);
            idx.ents.push(EntityInfo { name: e.name, typ: e.entity_type, count: e.mentions.len().max(e.count) });
            for m in &e.mentions {
                if m.end > m.start {
                    idx.mentions.push(MentionRef { start: m.start, end: m.end, ent: id });
                }
            }
        }
        idx.finish();
        idx
    }

    /// Finds capitalized name sequences in the text itself (used when no entity was given).
    pub(crate) fn fallback(text: &'a str, seg: &Segmentation, lex: &Lexicon) -> EntityIndex<'a> {
        let mut idx = EntityIndex::default();
        let mut groups: HashMap<String, u32, FnvBuild> = HashMap::default();
        for sent in &seg.sentences {
            let toks = seg.sentence_tokens(sent);
            let mut i = 0;
            while i < toks.len() {
                let cap = |k: usize| {
                    toks.get(k).is_some_and(|t| {
                        matches!(t.kind, TokenKind::Word | TokenKind::Abbreviation)
                            && t.span.slice(text).chars().next().is_some_and(char::is_uppercase)
                    })
                };
                if !cap(i) {
                    i += 1;
                    continue;
                }
                let mut j = i + 1;
                while j < toks.len() && j - i < 8 {
                    if cap(j) {
                        j += 1;
                    } else if cap(j + 1)
                        && matches!(toks[j].span.slice(text), "of" | "for" | "de" | "van" | "von" | "al" | "bin")
                    {
                        j += 2;
                    } else {
                        break;
                    }
                }
                // Drop leading function words and titles.
                let mut s = i;
                let mut titled = false;
                while s < j {
                    let w = toks[s].span.slice(text).to_lowercase();
                    if lex.is_title(&w) || lex.is_title(w.trim_end_matches('.')) {
                        titled = true;
                        s += 1;
                    } else if lex.is_stop(&w) || lex.is_determiner(&w) || crate::lexicon::is_subject_pronoun(&w) {
                        s += 1;
                    } else {
                        break;
                    }
                }
                if s < j {
                    let span = Span::new(toks[s].span.start, toks[j - 1].span.end);
                    let name = span.slice(text);
                    let words = j - s;
                    let lower = name.to_lowercase();
                    let org = lower.split_whitespace().any(|w| ORG_WORDS.contains(&w));
                    let typ = if org {
                        EntityType::Organization
                    } else if titled || words >= 2 {
                        EntityType::Person
                    } else {
                        EntityType::Misc
                    };
                    let key = last_word_key(name);
                    let id = match groups.get(&key) {
                        Some(&id) => {
                            if let Some(e) = idx.ents.get_mut(id as usize) {
                                if name.split_whitespace().count() > e.name.split_whitespace().count() {
                                    e.name = Cow::Borrowed(name);
                                }
                                if typ == EntityType::Person && e.typ == EntityType::Misc {
                                    e.typ = typ;
                                }
                                e.count += 1;
                            }
                            id
                        }
                        None => {
                            let id = u32::try_from(idx.ents.len()).unwrap_or(u32::MAX);
                            idx.ents.push(EntityInfo { name: Cow::Borrowed(name), typ, count: 1 });
                            groups.insert(key, id);
                            id
                        }
                    };
                    idx.mentions.push(MentionRef { start: span.start, end: span.end, ent: id });
                }
                i = j;
            }
        }
        idx.finish();
        idx
    }

    fn finish(&mut self) {
        sort_by_position(&mut self.mentions);
    }

    fn last_word_map(&self) -> &HashMap<String, u32, FnvBuild> {
        self.by_last.get_or_init(|| {
            let mut map: HashMap<String, u32, FnvBuild> = HashMap::default();
            for (i, e) in self.ents.iter().enumerate() {
                let key = last_word_key(&e.name);
                if key.is_empty() {
                    continue;
                }
                let id = u32::try_from(i).unwrap_or(u32::MAX);
                let better = match map.get(&key).and_then(|&o| self.ents.get(o as usize)) {
                    None => true,
                    Some(o) => {
                        let rank = |x: &EntityInfo<'_>| (x.typ == EntityType::Person, x.count);
                        rank(e) > rank(o)
                    }
                };
                if better {
                    map.insert(key, id);
                }
            }
            map
        })
    }

    /// True when no entity is known.
    pub(crate) fn is_empty(&self) -> bool {
        self.ents.is_empty()
    }

    /// The entity info of id `i`.
    pub(crate) fn info(&self, i: usize) -> Option<&EntityInfo<'a>> {
        self.ents.get(i)
    }

    /// The mention overlapping `[start, end)`, with its entity id.
    pub(crate) fn at(&self, start: u32, end: u32) -> Option<(Span, usize)> {
        let n = self.mentions.partition_point(|m| m.start < end);
        // Mentions do not nest deeply: a few steps back suffice.
        for k in (n.saturating_sub(4)..n).rev() {
            let m = self.mentions.get(k)?;
            if m.end > start && m.start < end {
                return Some((Span::new(m.start, m.end), m.ent as usize));
            }
        }
        None
    }

    /// The entity whose canonical name ends with the same word as `name`.
    pub(crate) fn by_last_word(&self, name: &str) -> Option<usize> {
        let key = last_word_key(name);
        let scans = self.last_scans.get();
        if self.by_last.get().is_none() && scans < 2 {
            // A scan costs less than building the map, for the one or two look-ups most
            // documents make; the same answer as the map.
            self.last_scans.set(scans + 1);
            return self.scan_last_word(&key);
        }
        self.last_word_map().get(&key).map(|&i| i as usize)
    }

    /// What [`Self::last_word_map`] holds for `key`: the first entity of the highest rank among
    /// those whose name's last word is `key`.
    fn scan_last_word(&self, key: &str) -> Option<usize> {
        if key.is_empty() {
            return None;
        }
        let rank = |x: &EntityInfo<'_>| (x.typ == EntityType::Person, x.count);
        let mut best: Option<usize> = None;
        for (i, e) in self.ents.iter().enumerate() {
            if !last_word_is(&e.name, key) {
                continue;
            }
            let id = u32::try_from(i).unwrap_or(u32::MAX) as usize;
            let better = match best.and_then(|o| self.ents.get(o)) {
                None => true,
                Some(o) => rank(e) > rank(o),
            };
            if better {
                best = Some(id);
            }
        }
        best
    }

    /// Mentions of people starting in `[start, end)`, in text order.
    pub(crate) fn persons_in(&self, start: u32, end: u32) -> impl Iterator<Item = (Span, usize)> + '_ {
        let from = self.mentions.partition_point(|m| m.start < start);
        self.mentions[from.min(self.mentions.len())..]
            .iter()
            .take_while(move |m| m.start < end)
            .filter(|m| self.ents.get(m.ent as usize).is_some_and(|e| e.typ == EntityType::Person))
            .map(|m| (Span::new(m.start, m.end), m.ent as usize))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mentions_sort_by_position() {
        // Runs of a few mentions each, as entities list them; spread, clustered, crowded into
        // one bucket (overlapping), far apart, with duplicates.
        let mut seed = 7u64;
        let mut next = move |m: u64| {
            seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            (seed >> 33) % m
        };
        for case in 0..400u64 {
            let n = (case % 90) as usize;
            let spread = [1, 8, 100, 5000, 1 << 20, u64::from(u32::MAX)][(case % 6) as usize];
            let mut ms: Vec<MentionRef> = (0..n)
                .map(|i| {
                    let start = u32::try_from(next(spread)).unwrap();
                    let end = start.saturating_add(u32::try_from(next(20)).unwrap() + 1);
                    MentionRef { start, end, ent: i as u32 / 3 }
                })
                .collect();
            if case % 7 == 0 {
                let copy = ms.clone();
                ms.extend(copy);
            }
            let mut want: Vec<(u32, u32)> = ms.iter().map(|m| (m.start, m.end)).collect();
            want.sort_unstable();
            sort_by_position(&mut ms);
            let got: Vec<(u32, u32)> = ms.iter().map(|m| (m.start, m.end)).collect();
            assert_eq!(got, want, "case {case}");
        }
    }

    #[test]
    fn last_word_scan_matches_the_map() {
        let ents = [
            ("Joe Biden", EntityType::Person, 3),
            ("Biden", EntityType::Organization, 9),
            ("Hunter Biden", EntityType::Person, 3),
            ("Ms. ÉLODIE Dupont-Smith.", EntityType::Person, 1),
            ("ΟΔΥΣΣΕΑΣ", EntityType::Person, 2),
            ("NATO", EntityType::Organization, 5),
            ("...", EntityType::Misc, 1),
            ("the White House", EntityType::Location, 4),
        ];
        let idx = EntityIndex::from_lite(ents.iter().map(|&(name, entity_type, count)| LiteEntity {
            name: Cow::Borrowed(name),
            entity_type,
            count,
            mentions: Vec::new(),
        }));
        for name in
            ["biden", "President Biden", "Dupont-Smith", "élodie", "Οδυσσεας", "ΟΔΥΣΣΕΑΣ", "nato", "House", "", "..."]
        {
            let key = last_word_key(name);
            let map = idx.last_word_map().get(&key).map(|&i| i as usize);
            assert_eq!(idx.scan_last_word(&key), map, "{name}");
        }
    }
}
