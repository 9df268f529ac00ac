//! The word table: lexicon valences (VADER plus a news supplement) and the word classes the
//! rules need (negations, intensifiers, hedges, contrast words, function words), in one hash map
//! so that every word costs one lookup.

use crate::SentimentError;
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

/// The VADER lexicon (word and mean valence on -4..+4), MIT-licensed; see `LICENSE-VADER`.
const VADER_LEXICON: &str = include_str!("../data/vader_lexicon.tsv");
/// VADER's emoji descriptions, MIT-licensed; each emoji is scored by the words of its description.
const VADER_EMOJI: &str = include_str!("../data/vader_emoji.tsv");
/// Pattern's adjective lexicon (CLiPS, public domain), scaled to -4..+4.
const PATTERN_LEXICON: &str = include_str!("../data/pattern_lexicon.tsv");
/// The news supplement written for lede.
const NEWS_LEXICON: &str = include_str!("../data/news_lexicon.tsv");

/// Word-class bits of an [`Entry`].
pub(crate) mod class {
    /// Reverses the words that follow (`not`, `no`, `never`).
    pub const NEGATION: u16 = 1;
    /// Strengthens the word that follows (`very`, `deeply`).
    pub const BOOSTER: u16 = 1 << 1;
    /// Weakens the word that follows (`slightly`, `somewhat`).
    pub const HEDGE: u16 = 1 << 2;
    /// Turns the following word's valence partly around (`less`, `fewer`, `least`).
    pub const LESS: u16 = 1 << 3;
    /// Contrast: what follows outweighs what precedes (`but`, `however`).
    pub const CONTRAST: u16 = 1 << 4;
    /// Concession: its clause weighs less than the main clause (`although`, `despite`).
    pub const CONCESSIVE: u16 = 1 << 5;
    /// A frequent English function word (language check).
    pub const FUNCTION: u16 = 1 << 6;
    /// First word of a multi-word lexicon entry (`fed up`).
    pub const BIGRAM_HEAD: u16 = 1 << 7;
    /// The valence came from the news supplement.
    pub const NEWS: u16 = 1 << 8;
    /// A pronoun or auxiliary that makes a following `like` a verb.
    pub const LIKE_SUBJECT: u16 = 1 << 9;
    /// A frequent function word of another language written in Latin script (language check).
    pub const FOREIGN: u16 = 1 << 10;
    /// The valence came from the Pattern lexicon (the word is not in VADER).
    pub const PATTERN: u16 = 1 << 15;
    /// An inflected form generated from a lexicon word (`crimes` from `crime`).
    pub const MORPH: u16 = 1 << 11;
    /// A word with a context rule (`like`, `kind of`, `heart attack`).
    pub const SPECIAL: u16 = 1 << 12;
    /// A rhetorical marker of criticism in opinion writing (`should`, `why`, `instead`).
    pub const CRITIC: u16 = 1 << 13;
    /// A verb or noun of reduction or prevention that turns the following word's valence
    /// around (`reduce crime`, `prevent deaths`, `cut benefits`).
    pub const REVERSE: u16 = 1 << 14;
}

/// What the table knows about one lower-cased word.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub(crate) struct Entry {
    /// Valence on VADER's -4..+4 scale (0 when the word only has a class).
    pub valence: f32,
    /// Bits of [`class`].
    pub flags: u16,
}

/// A fast, non-cryptographic hasher for short keys (the FxHash mixing step).
#[derive(Default, Clone, Copy)]
pub(crate) struct FxHasher {
    hash: u64,
}

const SEED: u64 = 0x51_7c_c1_b7_27_22_0a_95;

impl FxHasher {
    #[inline]
    fn add(&mut self, word: u64) {
        self.hash = (self.hash.rotate_left(5) ^ word).wrapping_mul(SEED);
    }
}

impl Hasher for FxHasher {
    #[inline]
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            let mut b = [0u8; 8];
            b.copy_from_slice(c);
            self.add(u64::from_le_bytes(b));
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            let mut b = [0u8; 8];
            b[..rest.len()].copy_from_slice(rest);
            self.add(u64::from_le_bytes(b) ^ ((rest.len() as u64) << 59));
        }
    }

    #[inline]
    fn write_u8(&mut self, i: u8) {
        self.add(u64::from(i));
    }

    #[inline]
    fn write_u64(&mut self, i: u64) {
        self.add(i);
    }

    #[inline]
    fn finish(&self) -> u64 {
        self.hash
    }
}

/// Hash of a word as the context rules compare it (not the map's internal hash).
#[inline]
pub(crate) fn word_hash(word: &str) -> u64 {
    let mut h = FxHasher::default();
    h.write(word.as_bytes());
    h.finish()
}

type FxMap<K, V> = HashMap<K, V, BuildHasherDefault<FxHasher>>;

/// A word of at most 16 bytes packed into two integers: hashing and comparing it needs no
/// pointer chase, which keeps the hot lookup cheap.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct ShortKey(u64, u64);

/// Number of 64-bit words of the Bloom filter (2^19 bits, 64 KiB).
const FILTER_WORDS: usize = 1 << 13;

impl ShortKey {
    /// The empty slot (no word is empty).
    const EMPTY: ShortKey = ShortKey(0, 0);

    /// The home slot of the key in the table (before masking).
    #[inline]
    fn slot(self) -> usize {
        let h = (self.0.rotate_left(17) ^ self.1).wrapping_mul(SEED);
        (h ^ (h >> 29)) as usize
    }

    /// The filter word of the key and its mask of two bits (a blocked Bloom filter: one memory
    /// access per lookup).
    #[inline]
    fn probes(self) -> (usize, u64) {
        let h = (self.0 ^ self.1.rotate_left(29)).wrapping_mul(0x9e37_79b9_7f4a_7c15) ^ self.1;
        let h = h.wrapping_mul(SEED);
        let word = (h >> 40) as usize & (FILTER_WORDS - 1);
        (word, (1u64 << (h & 63)) | (1u64 << ((h >> 6) & 63)))
    }

    #[inline]
    fn new(word: &str) -> Option<ShortKey> {
        let b = word.as_bytes();
        let (head, tail) = match b.len() {
            0..=8 => (b, &[][..]),
            9..=16 => b.split_at(8),
            _ => return None,
        };
        let pack = |part: &[u8]| -> u64 {
            match <[u8; 8]>::try_from(part) {
                Ok(full) => u64::from_le_bytes(full),
                Err(_) => part.iter().rev().fold(0u64, |acc, &x| (acc << 8) | u64::from(x)),
            }
        };
        Some(ShortKey(pack(head), pack(tail)))
    }
}

/// Negations (VADER's list, without `despite`, which is a concession, plus a few).
const NEGATIONS: &[&str] = &[
    "not",
    "no",
    "never",
    "neither",
    "nor",
    "none",
    "nobody",
    "nothing",
    "nowhere",
    "without",
    "cannot",
    "aint",
    "ain't",
    "arent",
    "aren't",
    "cant",
    "can't",
    "couldnt",
    "couldn't",
    "darent",
    "daren't",
    "didnt",
    "didn't",
    "doesnt",
    "doesn't",
    "dont",
    "don't",
    "hadnt",
    "hadn't",
    "hasnt",
    "hasn't",
    "havent",
    "haven't",
    "isnt",
    "isn't",
    "mightnt",
    "mightn't",
    "mustnt",
    "mustn't",
    "neednt",
    "needn't",
    "oughtnt",
    "oughtn't",
    "shant",
    "shan't",
    "shouldnt",
    "shouldn't",
    "wasnt",
    "wasn't",
    "werent",
    "weren't",
    "wont",
    "won't",
    "wouldnt",
    "wouldn't",
    "nope",
    "uhuh",
    "uh-uh",
    "rarely",
    "seldom",
    "lack",
    "lacks",
    "lacked",
    "lacking",
    "hardly",
    "scarcely",
    "barely",
];

/// Intensifiers (VADER's list plus common news adverbs).
const BOOSTERS: &[&str] = &[
    "absolutely",
    "amazingly",
    "awfully",
    "completely",
    "considerable",
    "considerably",
    "decidedly",
    "deeply",
    "effing",
    "enormous",
    "enormously",
    "entirely",
    "especially",
    "exceptional",
    "exceptionally",
    "extreme",
    "extremely",
    "fabulously",
    "flipping",
    "flippin",
    "frackin",
    "fracking",
    "fricking",
    "frickin",
    "frigging",
    "friggin",
    "fully",
    "fuckin",
    "fucking",
    "fuggin",
    "fugging",
    "greatly",
    "hella",
    "highly",
    "hugely",
    "incredible",
    "incredibly",
    "intensely",
    "major",
    "majorly",
    "more",
    "most",
    "particularly",
    "purely",
    "quite",
    "really",
    "remarkably",
    "so",
    "substantially",
    "thoroughly",
    "total",
    "totally",
    "tremendous",
    "tremendously",
    "uber",
    "unbelievably",
    "unusually",
    "utter",
    "utterly",
    "very",
    "sharply",
    "severely",
    "seriously",
    "gravely",
    "vastly",
    "profoundly",
    "truly",
    "pretty",
    "too",
    "overly",
    "increasingly",
    "dramatically",
    "massively",
    "desperately",
    "bitterly",
    "wildly",
    "immensely",
    "acutely",
    "painfully",
    "strongly",
    "sorely",
];

/// Hedges and downtoners (VADER's list plus common news hedges).
const HEDGES: &[&str] = &[
    "almost",
    "kinda",
    "kindof",
    "kind-of",
    "little",
    "marginal",
    "marginally",
    "occasional",
    "occasionally",
    "partly",
    "scarce",
    "slight",
    "slightly",
    "somewhat",
    "sorta",
    "sortof",
    "sort-of",
    "relatively",
    "fairly",
    "rather",
    "mildly",
    "modestly",
    "mostly",
    "largely",
    "partially",
    "nearly",
    "arguably",
    "perhaps",
    "possibly",
    "maybe",
    "apparently",
    "reportedly",
    "allegedly",
    "seemingly",
    "moderately",
    "reasonably",
    "minor",
];

/// Comparative downtoners: `less successful` leans negative, `fewer deaths` positive.
const LESS_WORDS: &[&str] = &["less", "fewer", "least", "few"];

/// Verbs and nouns of reduction, prevention and removal: what they act on changes sign
/// (`reduce crime` is good news, `cut benefits` bad news). Left out on purpose: `end` (`ended in
/// failure`), `fight` (`fought a war`) and `treat`, whose objects are as often the event itself.
const REVERSERS: &[&str] = &[
    "reduce",
    "reduces",
    "reduced",
    "reducing",
    "reduction",
    "reductions",
    "decrease",
    "decreases",
    "decreased",
    "decreasing",
    "lessen",
    "lessens",
    "lessened",
    "lessening",
    "lower",
    "lowers",
    "lowered",
    "lowering",
    "cut",
    "cuts",
    "cutting",
    "curb",
    "curbs",
    "curbed",
    "curbing",
    "ease",
    "eases",
    "eased",
    "easing",
    "relieve",
    "relieves",
    "relieved",
    "relieving",
    "alleviate",
    "alleviates",
    "alleviated",
    "alleviating",
    "mitigate",
    "mitigates",
    "mitigated",
    "mitigating",
    "minimize",
    "minimizes",
    "minimized",
    "minimizing",
    "prevent",
    "prevents",
    "prevented",
    "preventing",
    "prevention",
    "avert",
    "averts",
    "averted",
    "averting",
    "avoid",
    "avoids",
    "avoided",
    "avoiding",
    "stop",
    "stops",
    "stopped",
    "stopping",
    "halt",
    "halts",
    "halted",
    "halting",
    "stem",
    "curtail",
    "curtails",
    "curtailed",
    "curtailing",
    "eliminate",
    "eliminates",
    "eliminated",
    "eliminating",
    "elimination",
    "eradicate",
    "eradicates",
    "eradicated",
    "eradicating",
    "overcome",
    "overcomes",
    "overcame",
    "overcoming",
    "cure",
    "cures",
    "cured",
    "save",
    "saves",
    "saved",
    "protect",
    "protects",
    "protected",
    "protecting",
    "ban",
    "bans",
    "banned",
    "banning",
    "prohibit",
    "prohibits",
    "prohibited",
    "outlaw",
    "outlawed",
    "abolish",
    "abolished",
    "abolishing",
    "combat",
    "combating",
    "combatting",
    "tackle",
    "tackling",
    "deter",
    "deters",
    "deterred",
    "deterring",
    "resolve",
    "resolved",
    "solve",
    "solves",
    "solved",
    "solving",
];

/// Contrast words: the clause after them outweighs the one before.
const CONTRAST: &[&str] = &["but", "however", "nevertheless", "nonetheless", "whereas"];

/// Concessive words: their clause weighs less than the main clause.
const CONCESSIVE: &[&str] = &["although", "though", "despite", "notwithstanding", "albeit", "spite"];

/// English function words that other major languages written in Latin script do not share
/// (`a`, `in`, `so`, `was`, `die`, `me` are left out on purpose).
const FUNCTION_WORDS: &[&str] = &[
    "the", "of", "and", "to", "is", "are", "were", "that", "this", "with", "for", "i", "you", "she", "we", "they",
    "be", "been", "have", "has", "had", "not", "my", "your", "his", "her", "our", "their", "its", "it", "at", "by",
    "from", "but", "if", "does", "did", "would", "can", "could", "should", "him", "them", "us", "what", "there",
    "which", "who", "when", "about", "all", "just", "very", "it's", "i'm", "don't", "these", "those", "than", "then",
    "will", "an", "on", "or", "as",
];

/// Frequent function words of Spanish, French, German, Italian, Portuguese and Dutch that are not
/// English words (nor parts of common place names such as `Los Angeles`).
const FOREIGN_WORDS: &[&str] = &[
    "die", "hat", "neue", "neuen", "viele", "heute", "über", "zum", "zur", "vom", "beim", "sowie", "jedoch", "bereits",
    "wurden", "soll", "können", "muss", "dijo", "según", "años", "país", "tiene", "están", "así", "aussi", "selon",
    "déjà", "avait", "était", "ont", "où", "nella", "questo", "essere", "stato", "el", "que", "del", "una", "por",
    "para", "está", "sus", "como", "más", "pero", "muy", "fue", "ser", "hay", "también", "porque", "cuando", "sobre",
    "entre", "todo", "les", "des", "du", "et", "une", "est", "qui", "dans", "pas", "sur", "aux", "avec", "cette",
    "elle", "ils", "nous", "vous", "sont", "mais", "être", "été", "leur", "très", "plus", "der", "das", "und", "ist",
    "nicht", "ein", "eine", "zu", "dem", "sich", "auf", "für", "auch", "im", "sind", "wird", "wurde", "nach", "noch",
    "wie", "aber", "oder", "nur", "haben", "einen", "einem", "dass", "werden", "di", "che", "sono", "della", "gli",
    "anche", "più", "não", "os", "na", "ao", "dos", "das", "é", "het", "een", "ik", "niet", "zijn", "voor", "maar",
    "ook", "la", "los", "las", "il", "en", "de", "le",
];

/// Rhetorical markers of criticism or demand in opinion writing: prescriptions, complaints,
/// restrictions, rhetorical questions.
const CRITIC_WORDS: &[&str] = &[
    "should",
    "shouldn't",
    "must",
    "mustn't",
    "why",
    "instead",
    "only",
    "merely",
    "yet",
    "however",
    "too",
    "ought",
    "supposedly",
    "so-called",
];

/// Words after which `like` is the verb rather than the preposition.
const LIKE_SUBJECTS: &[&str] = &[
    "i",
    "you",
    "we",
    "they",
    "would",
    "i'd",
    "we'd",
    "you'd",
    "they'd",
    "do",
    "don't",
    "didn't",
    "doesn't",
    "really",
    "to",
    "also",
    "just",
    "people",
    "still",
    "dont",
    "didnt",
    "doesnt",
    "actually",
    "definitely",
];

/// The word table.
#[derive(Clone, Debug, Default)]
pub(crate) struct Lexicon {
    /// Every word, as built; [`Lexicon::freeze`] copies it into the lookup maps.
    words: FxMap<Box<str>, Entry>,
    /// Lookup table of words of at most 16 bytes: open addressing with linear probing, keys and
    /// entries side by side so that a hit costs one cache line.
    short: Vec<(ShortKey, Entry)>,
    /// Lookup map of longer words.
    long: FxMap<Box<str>, Entry>,
    /// A blocked Bloom filter over the short words (2^19 bits, two bits in one word): most words of a text are not
    /// in the table, and the filter, small enough for the cache, answers them without a probe.
    filter: Vec<u64>,
    /// Multi-word entries, `first second`.
    bigrams: FxMap<Box<str>, f32>,
    /// Emoji and other symbol characters with a valence.
    symbols: FxMap<char, f32>,
}

impl Lexicon {
    /// The built-in table: VADER, the news supplement and the word classes.
    pub(crate) fn builtin() -> Lexicon {
        let mut lex = Lexicon::default();
        // The built-in files are known to parse; a malformed line is skipped rather than fatal.
        let _ = lex.add_tsv(VADER_LEXICON, 0, "vader_lexicon.tsv", false);
        for (list, flag) in [
            (NEGATIONS, class::NEGATION),
            (BOOSTERS, class::BOOSTER),
            (HEDGES, class::HEDGE),
            (LESS_WORDS, class::LESS),
            (CONTRAST, class::CONTRAST),
            (CONCESSIVE, class::CONCESSIVE),
            (FUNCTION_WORDS, class::FUNCTION),
            (LIKE_SUBJECTS, class::LIKE_SUBJECT),
            (FOREIGN_WORDS, class::FOREIGN),
            (CRITIC_WORDS, class::CRITIC),
            (REVERSERS, class::REVERSE),
            (crate::scorer::SPECIAL_WORDS, class::SPECIAL),
        ] {
            for w in list {
                lex.words.entry((*w).into()).or_default().flags |= flag;
            }
        }
        let _ = lex.add_tsv(NEWS_LEXICON, class::NEWS, "news_lexicon.tsv", false);
        lex.add_missing(PATTERN_LEXICON, class::PATTERN);
        lex.add_emoji(VADER_EMOJI);
        lex.add_inflections();
        lex.freeze();
        lex
    }

    /// Rebuilds the lookup maps from the word table (after any change to it).
    pub(crate) fn freeze(&mut self) {
        self.long.clear();
        self.filter = vec![0u64; FILTER_WORDS];
        let capacity = (self.words.len() * 2).next_power_of_two().max(16);
        self.short = vec![(ShortKey::EMPTY, Entry::default()); capacity];
        let mask = capacity - 1;
        for (w, e) in &self.words {
            match ShortKey::new(w).filter(|k| *k != ShortKey::EMPTY) {
                Some(k) => {
                    let mut i = k.slot() & mask;
                    while let Some(slot) = self.short.get_mut(i) {
                        if slot.0 == ShortKey::EMPTY || slot.0 == k {
                            *slot = (k, *e);
                            break;
                        }
                        i = (i + 1) & mask;
                    }
                    let (word, mask) = k.probes();
                    if let Some(slot) = self.filter.get_mut(word) {
                        *slot |= mask;
                    }
                }
                None => {
                    self.long.insert(w.clone(), *e);
                }
            }
        }
    }

    /// Adds inflected and derived forms of every word with a valence (plural, past, gerund,
    /// adverb, noun in `-ness`) that the table does not have yet, flagged [`class::MORPH`].
    fn add_inflections(&mut self) {
        let mut forms: Vec<(String, Entry)> = Vec::new();
        for (w, e) in &self.words {
            if e.valence == 0.0 || w.len() < 3 || !w.bytes().all(|b| b.is_ascii_lowercase()) {
                continue;
            }
            let entry = Entry { valence: e.valence, flags: (e.flags & (class::NEWS | class::PATTERN)) | class::MORPH };
            let (head, last) = w.split_at(w.len() - 1);
            let mut add = |f: String| forms.push((f, entry));
            let sibilant = ["s", "x", "z", "ch", "sh"].iter().any(|x| w.ends_with(x));
            match last {
                "y" => {
                    add(format!("{head}ies"));
                    add(format!("{head}ied"));
                    add(format!("{head}ily"));
                    add(format!("{head}iness"));
                    add(format!("{w}ing"));
                    if head.ends_with(['a', 'e', 'o', 'u']) {
                        add(format!("{w}s"));
                        add(format!("{w}ed"));
                    }
                }
                "e" => {
                    add(format!("{w}s"));
                    add(format!("{w}d"));
                    add(format!("{head}ing"));
                    add(format!("{w}ly"));
                    add(format!("{w}ness"));
                    if w.ends_with("ble") {
                        add(format!("{head}y"));
                    }
                }
                _ => {
                    add(if sibilant { format!("{w}es") } else { format!("{w}s") });
                    add(format!("{w}ed"));
                    add(format!("{w}ing"));
                    add(if w.ends_with("ic") { format!("{w}ally") } else { format!("{w}ly") });
                    add(format!("{w}ness"));
                }
            }
        }
        for (f, e) in forms {
            if f.len() >= 5 {
                self.words.entry(f.into_boxed_str()).or_insert(e);
            }
        }
    }

    /// Adds `word<TAB>valence` lines (`#` comments and blank lines skipped); later entries
    /// replace the valence of earlier ones. With `strict`, a malformed line is an error.
    pub(crate) fn add_tsv(&mut self, src: &str, flags: u16, origin: &str, strict: bool) -> Result<(), SentimentError> {
        for (n, line) in src.lines().enumerate() {
            let line = line.trim_end_matches('\r');
            if line.trim().is_empty() || line.starts_with('#') {
                continue;
            }
            let mut parts = line.split('\t');
            let word = parts.next().unwrap_or("").trim();
            let val = parts.next().and_then(|v| v.trim().parse::<f32>().ok()).filter(|v| v.is_finite());
            let (Some(val), false) = (val, word.is_empty()) else {
                if strict {
                    return Err(SentimentError::Lexicon { origin: origin.to_string(), line: n + 1 });
                }
                continue;
            };
            let word = word.to_lowercase().replace('’', "'");
            let val = val.clamp(-4.0, 4.0);
            if let Some((first, _)) = word.split_once(' ') {
                self.words.entry(first.into()).or_default().flags |= class::BIGRAM_HEAD;
                self.bigrams.insert(word.into_boxed_str(), val);
            } else {
                let e = self.words.entry(word.into_boxed_str()).or_default();
                e.valence = val;
                e.flags = (e.flags & !class::NEWS) | flags;
            }
        }
        Ok(())
    }

    /// Adds `word<TAB>valence` lines for words that have no valence yet.
    fn add_missing(&mut self, src: &str, flags: u16) {
        for line in src.lines().filter(|l| !l.starts_with('#')) {
            let mut parts = line.split('\t');
            let (Some(word), Some(Ok(val))) = (parts.next(), parts.next().map(|v| v.trim().parse::<f32>())) else {
                continue;
            };
            let e = self.words.entry(word.into()).or_default();
            if e.valence == 0.0 && e.flags & class::NEWS == 0 && val.is_finite() {
                e.valence = val.clamp(-4.0, 4.0);
                e.flags |= flags;
            }
        }
    }

    /// Scores each emoji by the VADER valences of the words of its description.
    fn add_emoji(&mut self, src: &str) {
        for line in src.lines() {
            let mut parts = line.split('\t');
            let (Some(emoji), Some(desc)) = (parts.next(), parts.next()) else { continue };
            let mut chars = emoji.chars();
            let (Some(c), None) = (chars.next(), chars.next().filter(|c| !matches!(c, '\u{fe0f}' | '\u{fe0e}'))) else {
                continue;
            };
            let val: f32 = desc
                .split([' ', '-'])
                .filter_map(|w| self.words.get(w.to_lowercase().as_str()))
                .map(|e| e.valence)
                .sum();
            if val != 0.0 {
                self.symbols.insert(c, val.clamp(-3.5, 3.5));
            }
        }
    }

    /// The entry of a lower-cased word.
    #[inline]
    pub(crate) fn get(&self, word: &str) -> Option<&Entry> {
        match ShortKey::new(word) {
            Some(ShortKey::EMPTY) => None,
            Some(k) => {
                let (word, bits) = k.probes();
                if self.filter.get(word).is_none_or(|w| w & bits != bits) {
                    return None;
                }
                let mask = self.short.len().wrapping_sub(1);
                let mut i = k.slot() & mask;
                // At most half the slots are used, so an empty slot ends every probe.
                for _ in 0..self.short.len() {
                    let slot = self.short.get(i)?;
                    if slot.0 == k {
                        return Some(&slot.1);
                    }
                    if slot.0 == ShortKey::EMPTY {
                        return None;
                    }
                    i = (i + 1) & mask;
                }
                None
            }
            None => self.long.get(word),
        }
    }

    /// The valence of a two-word entry, `first second`.
    #[inline]
    pub(crate) fn bigram(&self, key: &str) -> Option<f32> {
        self.bigrams.get(key).copied()
    }

    /// The valence of an emoji or symbol character.
    #[inline]
    pub(crate) fn symbol(&self, c: char) -> Option<f32> {
        self.symbols.get(&c).copied()
    }

    /// Number of words with a valence.
    #[cfg(test)]
    pub(crate) fn len(&self) -> usize {
        self.words.values().filter(|e| e.valence != 0.0).count()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_has_vader_news_and_classes() {
        let lex = Lexicon::builtin();
        assert!(lex.len() > 7000);
        assert!(lex.get("good").is_some_and(|e| e.valence > 1.0));
        assert!(lex.get("breakthrough").is_some_and(|e| e.valence > 1.0 && e.flags & class::NEWS != 0));
        assert!(lex.get("party").is_some_and(|e| e.valence == 0.0));
        assert!(lex.get("not").is_some_and(|e| e.flags & class::NEGATION != 0));
        assert!(lex.get("fed").is_some_and(|e| e.flags & class::BIGRAM_HEAD != 0));
        assert!(lex.bigram("fed up").is_some_and(|v| v < 0.0));
        assert!(lex.symbol('😀').is_some_and(|v| v > 0.0));
    }

    #[test]
    fn strict_tsv_reports_the_line() {
        let mut lex = Lexicon::default();
        lex.add_tsv("good\t2\n", 0, "x.tsv", true).unwrap();
        lex.freeze();
        assert_eq!(lex.get("good").map(|e| e.valence), Some(2.0));
        assert_eq!(lex.get("goo"), None);
        let err = lex.add_tsv("good\t2\nbad line\n", 0, "x.tsv", true).unwrap_err();
        assert!(matches!(err, SentimentError::Lexicon { line: 2, .. }), "{err}");
    }
}
