//! Expanding the lexicon through WordNet: the valences of the seed lexicon (VADER, Pattern and
//! the news supplement) are carried to WordNet neighbours that the seed lexicon does not have.
//!
//! This runs offline (`cargo run --release -p lede-sentiment --example expand -- DICT`); its
//! output is the shipped `data/wordnet_lexicon.tsv`, a tier of its own whose valences the scorer
//! multiplies by the fitted weight [`crate::Weights::expanded`].
//!
//! The rule, for every lower-case single-word WordNet lemma that is not in the seed table:
//!
//! * each of its senses (synsets) collects the valences of the seed words it reaches in one hop:
//!   the other lemmas of the synset, the lemmas of similar-to adjective synsets (`&`), and,
//!   through lexical pointers of this very lemma, derivationally related forms (`+`), pertainyms
//!   (`\`), participles (`<`) and antonyms (`!`, sign flipped);
//! * a seed passes on its valence weighed by how much that synset is its own main sense
//!   ([`ExpandOptions::seed_sense`]);
//! * a sense's value is the mean of what it collected (0 when it reached no seed);
//! * the word's valence is the mean of its senses' values weighted by SemCor frequency plus
//!   `1 / rank` (WordNet orders senses by frequency), so a word whose main senses are neutral gets
//!   little;
//! * the word is kept only if the seeds that reached it agree in sign (at least `agree` of their
//!   mass on one side), the result is at least `min_abs` away from zero, the word is rare
//!   ([`ExpandOptions::max_tags`]) and not a regular inflection of another lemma.
//!
//! The defaults of [`ExpandOptions`] are the shipped rule; the other settings are the variants
//! that were measured (see the crate README).
//!
//! A lemma spelled with a capital letter in any synset (names of people, places, countries,
//! peoples, brands) is never scored, nor used as a path.

use std::collections::{HashMap, HashSet};
use std::fmt::Write as _;
use std::path::Path;

/// Options of [`expand`].
#[derive(Clone, Debug)]
pub struct ExpandOptions {
    /// Number of hops (1 or 2); the second hop starts from the words the first one scored.
    pub hops: usize,
    /// Factor on valences that reach a word in the second hop.
    pub hop_damping: f32,
    /// Follow antonym pointers (with the sign flipped).
    pub antonyms: bool,
    /// Follow derivationally-related-form pointers (`+`: `commit` → `committee`).
    pub derived: bool,
    /// Follow pertainym and participle pointers (`\`, `<`: `abysmal` → `abysmally`).
    pub pertainyms: bool,
    /// Least share of the seed mass that must agree in sign.
    pub agree: f32,
    /// Least absolute valence kept.
    pub min_abs: f32,
    /// Weigh senses by their SemCor frequency (`index.sense` tag counts) plus `1 / rank`,
    /// across parts of speech; otherwise by `1 / rank` alone.
    pub tag_counts: bool,
    /// Factor on the valence of a sense's definition (the mean of the seed words in its gloss,
    /// turned around after `not`, `no`, `without`, `lacking`), used only for a sense that reaches
    /// no seed otherwise; 0 turns glosses off.
    pub gloss: f32,
    /// Most SemCor occurrences (tag counts summed over its senses) of a word that is scored:
    /// a frequent word that the seed lexicon lacks was most likely left out as neutral (VADER's
    /// raters dropped the candidates they rated neutral), so only rarer words are expanded.
    pub max_tags: u32,
    /// Skip a lemma that is a regular inflection of another WordNet lemma (`decided`,
    /// `remains`, `driving`, `fastest`): as a word form it is mostly that lemma, and the
    /// inflections of an expanded lemma are generated from it anyway.
    pub skip_inflected: bool,
    /// Fewest seed valences that must reach a word (over all its senses): one link alone is
    /// often a pun of WordNet's (`gay` → `homosexual`, `safe` → `condom`).
    pub min_seeds: usize,
    /// Weigh what a seed word passes on through a synset by how much that synset is the seed's
    /// own sense (its sense weight relative to the seed's main sense): `safe` passes little to
    /// `condom`, a rare sense of it, and `gay` (Pattern: cheerful) little to `homosexual`.
    pub seed_sense: bool,
}

impl Default for ExpandOptions {
    fn default() -> ExpandOptions {
        ExpandOptions {
            hops: 1,
            hop_damping: 0.5,
            antonyms: true,
            derived: true,
            pertainyms: true,
            agree: 0.8,
            min_abs: 0.3,
            tag_counts: true,
            gloss: 0.0,
            max_tags: 2,
            skip_inflected: true,
            min_seeds: 1,
            seed_sense: true,
        }
    }
}

/// A WordNet pointer: relation symbol, target synset, source and target word numbers (0: the
/// whole synset).
struct Ptr {
    sym: String,
    target: usize,
    src: usize,
    tgt: usize,
}

struct Synset {
    /// Lower-cased lemmas, `None` where the lemma is multi-word or capitalized.
    words: Vec<Option<String>>,
    ptrs: Vec<Ptr>,
    /// The definition (the gloss up to its first `;`), lower-cased.
    gloss: String,
}

/// The parsed WordNet database.
pub struct WordNet {
    synsets: Vec<Synset>,
    /// (part of speech, byte offset) → index into `synsets`.
    ids: HashMap<(usize, u64), usize>,
    /// Lemma → its synsets in sense-rank order, per part of speech.
    senses: HashMap<String, Vec<Vec<usize>>>,
    /// Lemmas spelled with a capital letter somewhere (lower-cased).
    capitalized: HashSet<String>,
    /// SemCor tag count of a (lemma, synset) sense, from `index.sense`.
    tags: HashMap<(String, usize), u32>,
}

fn file_pos(pos: &str) -> Option<usize> {
    match pos {
        "n" => Some(0),
        "v" => Some(1),
        "a" | "s" => Some(2),
        "r" => Some(3),
        _ => None,
    }
}

const POS_NAMES: [&str; 4] = ["noun", "verb", "adj", "adv"];

/// Lemmas of plain lower-case letters only (no multi-word, hyphen, digit or capital).
fn plain(w: &str) -> bool {
    w.len() >= 3 && w.bytes().all(|b| b.is_ascii_lowercase())
}

impl WordNet {
    /// Reads `data.*` and `index.*` from a WordNet `dict` folder.
    pub fn load(dict: &Path) -> std::io::Result<WordNet> {
        let mut data = Vec::new();
        for name in POS_NAMES {
            data.push(std::fs::read_to_string(dict.join(format!("data.{name}")))?);
        }
        let mut index = Vec::new();
        for name in POS_NAMES {
            index.push(std::fs::read_to_string(dict.join(format!("index.{name}")))?);
        }
        let mut wn = WordNet::parse(&data, &index)?;
        wn.add_tag_counts(&std::fs::read_to_string(dict.join("index.sense"))?);
        Ok(wn)
    }

    /// Reads the tag counts of `index.sense` (`lemma%pos:... offset sense_number tag_count`).
    fn add_tag_counts(&mut self, src: &str) {
        for line in src.lines() {
            let mut f = line.split(' ');
            let (Some(key), Some(offset), Some(_), Some(count)) = (f.next(), f.next(), f.next(), f.next()) else {
                continue;
            };
            let Some((lemma, rest)) = key.split_once('%') else { continue };
            let pos = match rest.as_bytes().first() {
                Some(b'1') => 0,
                Some(b'2') => 1,
                Some(b'3' | b'5') => 2,
                Some(b'4') => 3,
                _ => continue,
            };
            let (Ok(offset), Ok(count)) = (offset.parse::<u64>(), count.parse::<u32>()) else { continue };
            if let Some(&s) = self.ids.get(&(pos, offset)) {
                self.tags.insert((lemma.to_string(), s), count);
            }
        }
    }

    /// Parses the texts of the four `data.*` and four `index.*` files (noun, verb, adj, adv).
    pub fn parse(data: &[String], index: &[String]) -> std::io::Result<WordNet> {
        let bad = |m: &str| std::io::Error::new(std::io::ErrorKind::InvalidData, m.to_string());
        let mut ids: HashMap<(usize, u64), usize> = HashMap::new();
        type RawSynset = (Vec<(String, bool)>, Vec<(String, usize, u64, usize, usize)>, String);
        let mut raw: Vec<RawSynset> = Vec::new();
        let mut capitalized = HashSet::new();
        for (p, text) in data.iter().enumerate() {
            for line in text.lines().filter(|l| !l.starts_with("  ")) {
                let f: Vec<&str> = line.split(' ').collect();
                let field = |i: usize| f.get(i).copied().ok_or_else(|| bad(line));
                let offset: u64 = field(0)?.parse().map_err(|_| bad(line))?;
                let n_words = usize::from_str_radix(field(3)?, 16).map_err(|_| bad(line))?;
                let mut words = Vec::new();
                for k in 0..n_words {
                    let w = field(4 + 2 * k)?;
                    // Adjective position markers: `galore(ip)`.
                    let w = w.split('(').next().unwrap_or(w);
                    let cap = w.chars().any(char::is_uppercase);
                    if cap {
                        capitalized.insert(w.to_lowercase());
                    }
                    words.push((w.to_lowercase(), cap));
                }
                let at = 4 + 2 * n_words;
                let n_ptrs: usize = field(at)?.parse().map_err(|_| bad(line))?;
                let mut ptrs = Vec::new();
                for k in 0..n_ptrs {
                    let b = at + 1 + 4 * k;
                    let tpos = file_pos(field(b + 2)?).ok_or_else(|| bad(line))?;
                    let st = field(b + 3)?;
                    let src = usize::from_str_radix(st.get(..2).unwrap_or("0"), 16).map_err(|_| bad(line))?;
                    let tgt = usize::from_str_radix(st.get(2..).unwrap_or("0"), 16).map_err(|_| bad(line))?;
                    let toff: u64 = field(b + 1)?.parse().map_err(|_| bad(line))?;
                    ptrs.push((field(b)?.to_string(), tpos, toff, src, tgt));
                }
                let gloss = line.split_once(" | ").map_or("", |(_, g)| g);
                let gloss = gloss.split(';').next().unwrap_or("").to_lowercase();
                ids.insert((p, offset), raw.len());
                raw.push((words, ptrs, gloss));
            }
        }
        let synsets = raw
            .into_iter()
            .map(|(words, ptrs, gloss)| Synset {
                gloss,
                words: words
                    .into_iter()
                    .map(|(w, cap)| (!cap && plain(&w) && !capitalized.contains(&w)).then_some(w))
                    .collect(),
                ptrs: ptrs
                    .into_iter()
                    .filter_map(|(sym, tpos, toff, src, tgt)| {
                        Some(Ptr { sym, target: *ids.get(&(tpos, toff))?, src, tgt })
                    })
                    .collect(),
            })
            .collect();
        let mut senses: HashMap<String, Vec<Vec<usize>>> = HashMap::new();
        for (p, text) in index.iter().enumerate() {
            for line in text.lines().filter(|l| !l.starts_with("  ")) {
                let f: Vec<&str> = line.split(' ').collect();
                let (Some(lemma), Some(n_syn), Some(n_ptr)) = (f.first(), f.get(2), f.get(3)) else { continue };
                let (Ok(n_syn), Ok(n_ptr)) = (n_syn.parse::<usize>(), n_ptr.parse::<usize>()) else { continue };
                let first = 4 + n_ptr + 2;
                let list: Vec<usize> = f
                    .iter()
                    .skip(first)
                    .take(n_syn)
                    .filter_map(|o| o.parse::<u64>().ok())
                    .filter_map(|o| ids.get(&(p, o)).copied())
                    .collect();
                let e = senses.entry((*lemma).to_string()).or_insert_with(|| vec![Vec::new(); 4]);
                if let Some(slot) = e.get_mut(p) {
                    *slot = list;
                }
            }
        }
        Ok(WordNet { synsets, ids, senses, capitalized, tags: HashMap::new() })
    }
}

/// Weight of sense `s` (at `rank`, 0-based) of `word`: `1 / (rank + 1)`, plus its SemCor tag
/// count with [`ExpandOptions::tag_counts`].
fn sense_weight(wn: &WordNet, word: &str, s: usize, rank: usize, opts: &ExpandOptions) -> f32 {
    let mut wt = 1.0 / (rank + 1) as f32;
    if opts.tag_counts {
        wt += wn.tags.get(&(word.to_string(), s)).copied().unwrap_or(0) as f32;
    }
    wt
}

/// How much synset `s` is the main sense of `word`: its sense weight over that of the word's
/// heaviest sense (1 when the word is unknown or the option is off).
fn own_share(wn: &WordNet, word: &str, s: usize, opts: &ExpandOptions) -> f32 {
    if !opts.seed_sense {
        return 1.0;
    }
    let Some(by_pos) = wn.senses.get(word) else { return 1.0 };
    let (mut this, mut best) = (0.0f32, 0.0f32);
    for list in by_pos {
        for (rank, &t) in list.iter().enumerate() {
            let wt = sense_weight(wn, word, t, rank, opts);
            best = best.max(wt);
            if t == s {
                this = this.max(wt);
            }
        }
    }
    if best > 0.0 { this / best } else { 1.0 }
}

/// What one sense of `word` (synset `s`) reaches in the seed table: signed valences.
fn reach(wn: &WordNet, s: usize, word: &str, seeds: &HashMap<String, f32>, opts: &ExpandOptions, out: &mut Vec<f32>) {
    let Some(syn) = wn.synsets.get(s) else { return };
    let own = syn.words.iter().position(|w| w.as_deref() == Some(word)).map(|i| i + 1);
    // A seed's valence, weighed by how much synset `t` is its own main sense.
    let seed_in =
        |w: &Option<String>, t: usize| w.as_ref().and_then(|w| seeds.get(w).map(|v| v * own_share(wn, w, t, opts)));
    for w in syn.words.iter().filter(|w| w.as_deref() != Some(word)) {
        out.extend(seed_in(w, s));
    }
    for p in &syn.ptrs {
        let Some(t) = wn.synsets.get(p.target) else { continue };
        if p.src == 0 {
            if p.sym == "&" {
                out.extend(t.words.iter().filter_map(|w| seed_in(w, p.target)));
            }
            continue;
        }
        if Some(p.src) != own {
            continue;
        }
        let v = t.words.get(p.tgt.wrapping_sub(1)).and_then(|w| seed_in(w, p.target));
        match p.sym.as_str() {
            "!" if opts.antonyms => out.extend(v.map(|v| -v)),
            "+" if opts.derived => out.extend(v),
            "\\" | "<" if opts.pertainyms => out.extend(v),
            _ => {}
        }
    }
    if out.is_empty() && opts.gloss > 0.0 {
        let (mut sum, mut n, mut since_neg) = (0.0f32, 0usize, usize::MAX);
        for t in syn.gloss.split(|c: char| !c.is_ascii_lowercase()).filter(|t| !t.is_empty()) {
            if matches!(t, "not" | "no" | "without" | "lacking" | "never" | "nor" | "lack") {
                since_neg = 0;
                continue;
            }
            since_neg = since_neg.saturating_add(1);
            if let Some(v) = seeds.get(t) {
                sum += if since_neg <= 3 { -v } else { *v };
                n += 1;
            }
        }
        if n > 0 {
            out.push(opts.gloss * sum / n as f32);
        }
    }
}

/// Whether `word` is a regular inflection (`-s`, `-ed`, `-ing`, `-er`, `-est`) of another lemma.
fn inflection_of_other(wn: &WordNet, word: &str) -> bool {
    let known = |b: &str| b.len() >= 2 && b != word && wn.senses.contains_key(b);
    for suffix in ["s", "es", "ed", "ing", "er", "est", "d", "r", "st"] {
        let Some(stem) = word.strip_suffix(suffix) else { continue };
        if known(stem) || known(&format!("{stem}e")) {
            return true;
        }
        if let Some(base) = stem.strip_suffix('i')
            && known(&format!("{base}y"))
        {
            return true;
        }
        let b = stem.as_bytes();
        if b.len() >= 3 && b.last() == b.get(b.len() - 2) && known(&stem[..stem.len() - 1]) {
            return true;
        }
    }
    false
}

/// One round: scores every plain lemma that is neither known nor in `seeds`.
fn round(
    wn: &WordNet,
    seeds: &HashMap<String, f32>,
    known: &dyn Fn(&str) -> bool,
    opts: &ExpandOptions,
) -> Vec<(String, f32)> {
    let mut out = Vec::new();
    let mut buf = Vec::new();
    for (word, by_pos) in &wn.senses {
        if !plain(word) || wn.capitalized.contains(word) || known(word) || seeds.contains_key(word) {
            continue;
        }
        if opts.skip_inflected && inflection_of_other(wn, word) {
            continue;
        }
        let tagged: u32 = by_pos.iter().flatten().map(|&s| wn.tags.get(&(word.clone(), s)).copied().unwrap_or(0)).sum();
        if tagged > opts.max_tags {
            continue;
        }
        let (mut num, mut den, mut pos, mut neg) = (0.0f32, 0.0f32, 0.0f32, 0.0f32);
        let mut reached = 0;
        for list in by_pos {
            for (rank, &s) in list.iter().enumerate() {
                let wt = sense_weight(wn, word, s, rank, opts);
                buf.clear();
                reach(wn, s, word, seeds, opts, &mut buf);
                reached += buf.len();
                if !buf.is_empty() {
                    num += wt * buf.iter().sum::<f32>() / buf.len() as f32;
                    pos += buf.iter().filter(|v| **v > 0.0).sum::<f32>();
                    neg -= buf.iter().filter(|v| **v < 0.0).sum::<f32>();
                }
                den += wt;
            }
        }
        if reached < opts.min_seeds || den <= 0.0 || pos + neg <= 0.0 || pos.max(neg) < opts.agree * (pos + neg) {
            continue;
        }
        let v = num / den;
        if std::env::var("LEDE_EXPAND_DEBUG").is_ok_and(|d| d.split(',').any(|d| d == word)) {
            eprintln!("{word}: {v:.2} (+{pos:.2} -{neg:.2})");
        }
        if v.abs() >= opts.min_abs {
            out.push((word.clone(), v));
        }
    }
    out.sort_by(|a, b| a.0.cmp(&b.0));
    out
}

/// Expands `seeds` (word → valence on -4..+4) through WordNet; `known` says which words the
/// table has already (with or without a valence), which are never scored. Returns new words and
/// their valences, sorted.
pub fn expand(
    wn: &WordNet,
    seeds: &HashMap<String, f32>,
    known: &dyn Fn(&str) -> bool,
    opts: &ExpandOptions,
) -> Vec<(String, f32)> {
    let mut found = round(wn, seeds, known, opts);
    if opts.hops >= 2 {
        let mut more = seeds.clone();
        for (w, v) in &found {
            more.insert(w.clone(), v * opts.hop_damping);
        }
        let second = round(wn, &more, known, opts);
        found.extend(second);
        found.sort_by(|a, b| a.0.cmp(&b.0));
    }
    found
}

/// The seed table of the crate (built-in lexicon without the expansion) and the expansion of it,
/// as the text of `data/wordnet_lexicon.tsv`.
pub fn expand_builtin(dict: &Path, opts: &ExpandOptions) -> std::io::Result<String> {
    let wn = WordNet::load(dict)?;
    let lex = crate::lexicon::Lexicon::seed();
    let seeds = lex.seeds();
    let known = |w: &str| lex.knows(w);
    let found = expand(&wn, &seeds, &known, opts);
    let mut out = String::new();
    let _ =
        writeln!(out, "# Derived from WordNet 3.1 (Princeton University; license in NOTICE.md) and the seed lexicon");
    let _ = writeln!(out, "# (VADER, Pattern, news supplement) by src/expand.rs; regenerate, do not edit:");
    let _ =
        writeln!(out, "# cargo run --release -p lede-sentiment --example expand -- DICT > data/wordnet_lexicon.tsv");
    let _ = writeln!(
        out,
        "# hops={} hop_damping={} antonyms={} derived={} pertainyms={} agree={} min_abs={} tag_counts={} gloss={} max_tags={} skip_inflected={} min_seeds={} seed_sense={}",
        opts.hops,
        opts.hop_damping,
        opts.antonyms,
        opts.derived,
        opts.pertainyms,
        opts.agree,
        opts.min_abs,
        opts.tag_counts,
        opts.gloss,
        opts.max_tags,
        opts.skip_inflected,
        opts.min_seeds,
        opts.seed_sense
    );
    for (w, v) in found {
        let _ = writeln!(out, "{w}\t{v:.2}");
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A tiny WordNet: `gloomy` (seed, -2) shares a synset with `dreary` and the name `Gloomsby`;
    /// `cheerful` (seed) is the antonym of `glum`; `drab` is `dreary`'s second-ranked sense only.
    fn mini() -> WordNet {
        let adj = "  1 license header\n\
00000001 00 a 03 gloomy 0 dreary 0 Gloomsby 0 000 | dark
00000002 00 a 01 glum 0 001 ! 00000003 a 0101 | sad
00000003 00 a 01 cheerful 0 001 ! 00000002 a 0101 | happy
00000004 00 a 01 drab 0 000 | plain
00000005 00 a 02 drab 0 gloomy 0 000 | dark too
"
        .to_string();
        let adj_index = "\
cheerful a 1 1 ! 1 0 00000003
drab a 2 0 2 0 00000004 00000005
dreary a 1 0 1 0 00000001
gloomsby a 1 0 1 0 00000001
gloomy a 2 0 2 0 00000001 00000005
glum a 1 1 ! 1 0 00000002
"
        .to_string();
        let e = String::new();
        WordNet::parse(&[e.clone(), e.clone(), adj, e.clone()], &[e.clone(), e.clone(), adj_index, e]).unwrap()
    }

    #[test]
    fn carries_valence_to_neighbours_and_never_to_names() {
        let wn = mini();
        let seeds: HashMap<String, f32> = [("gloomy".to_string(), -2.0), ("cheerful".to_string(), 2.5)].into();
        let mut got: HashMap<String, f32> =
            expand(&wn, &seeds, &|_| false, &ExpandOptions::default()).into_iter().collect();
        assert_eq!(got.get("dreary"), Some(&-2.0));
        assert_eq!(got.get("glum"), Some(&-2.5));
        // Second sense only: weighed down by the neutral first sense (1 / rank), and that synset is
        // also only the second sense of `gloomy`, which passes on half its valence.
        assert!(got.get("drab").is_some_and(|v| (*v + 1.0 / 3.0).abs() < 1e-6), "{got:?}");
        let rank_only = ExpandOptions { seed_sense: false, ..ExpandOptions::default() };
        got = expand(&wn, &seeds, &|_| false, &rank_only).into_iter().collect();
        assert!(got.get("drab").is_some_and(|v| (*v + 2.0 / 3.0).abs() < 1e-6), "{got:?}");
        assert!(!got.contains_key("gloomsby"));
        let no_ant = ExpandOptions { antonyms: false, ..ExpandOptions::default() };
        assert!(!expand(&wn, &seeds, &|_| false, &no_ant).iter().any(|(w, _)| w == "glum"));
    }
}
