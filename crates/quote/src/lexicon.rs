//! Word lists the attribution rules use, written from general knowledge of English news prose
//! (never from evaluation texts), and the fast sets built from them once per analyzer.

use std::collections::HashSet;
use std::hash::{BuildHasherDefault, Hasher};

/// FNV-1a: a fast hash for the short keys of the word sets.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Fnv(u64);

impl Default for Fnv {
    fn default() -> Fnv {
        Fnv(0xcbf2_9ce4_8422_2325)
    }
}

impl Hasher for Fnv {
    #[inline]
    fn finish(&self) -> u64 {
        self.0
    }

    /// FNV-1a over eight bytes at a time (the tail zero-padded, with its length mixed in): one
    /// multiply per eight bytes instead of one per byte.
    #[inline]
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            let mut w = [0u8; 8];
            w.copy_from_slice(c);
            self.0 = (self.0 ^ u64::from_le_bytes(w)).wrapping_mul(0x0100_0000_01b3);
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            let mut w = [0u8; 8];
            if let Some(d) = w.get_mut(..rest.len()) {
                d.copy_from_slice(rest);
            }
            self.0 = (self.0 ^ u64::from_le_bytes(w) ^ ((rest.len() as u64) << 59)).wrapping_mul(0x0100_0000_01b3);
        }
    }
}

/// Build-hasher for [`Fnv`].
pub(crate) type FnvBuild = BuildHasherDefault<Fnv>;

/// A set of words hashed with [`Fnv`].
pub(crate) type WordSet<T> = HashSet<T, FnvBuild>;

/// Reporting verbs whose forms follow the regular English rules (`state`, `states`, `stated`,
/// `stating`). Verbs of speaking, writing, announcing, arguing, asking and their near synonyms.
const REGULAR_VERBS: &[&str] = &[
    "acknowledge",
    "add",
    "admonish",
    "advise",
    "affirm",
    "agree",
    "allege",
    "announce",
    "answer",
    "argue",
    "ask",
    "assert",
    "assure",
    "bark",
    "bellow",
    "blast",
    "blurt",
    "boast",
    "brag",
    "caution",
    "charge",
    "chant",
    "chide",
    "chime",
    "chuckle",
    "claim",
    "comment",
    "complain",
    "concede",
    "conclude",
    "concur",
    "confess",
    "confide",
    "confirm",
    "contend",
    "continue",
    "counter",
    "cry",
    "crow",
    "declare",
    "demand",
    "deny",
    "describe",
    "disclose",
    "emphasise",
    "emphasize",
    "enquire",
    "estimate",
    "exclaim",
    "explain",
    "fume",
    "grumble",
    "gush",
    "highlight",
    "hint",
    "inform",
    "inquire",
    "insist",
    "instruct",
    "interject",
    "joke",
    "lament",
    "laugh",
    "maintain",
    "marvel",
    "mention",
    "mock",
    "mourn",
    "muse",
    "mutter",
    "murmur",
    "note",
    "object",
    "observe",
    "opine",
    "plead",
    "pledge",
    "point",
    "posit",
    "post",
    "praise",
    "predict",
    "proclaim",
    "promise",
    "pronounce",
    "protest",
    "query",
    "question",
    "quote",
    "rage",
    "rant",
    "reason",
    "recall",
    "recount",
    "reflect",
    "reiterate",
    "rejoice",
    "relate",
    "remark",
    "remind",
    "repeat",
    "reply",
    "report",
    "respond",
    "retort",
    "reveal",
    "scoff",
    "scream",
    "shout",
    "sigh",
    "signal",
    "snap",
    "sneer",
    "speculate",
    "state",
    "stress",
    "suggest",
    "summarize",
    "summarise",
    "testify",
    "thunder",
    "tweet",
    "underline",
    "underscore",
    "urge",
    "venture",
    "vow",
    "warn",
    "whisper",
    "wonder",
    "yell",
];

/// Irregular or spelling-changing forms, written out.
const IRREGULAR_FORMS: &[&str] = &[
    "say",
    "says",
    "said",
    "saying",
    "tell",
    "tells",
    "told",
    "telling",
    "write",
    "writes",
    "wrote",
    "written",
    "writing",
    "speak",
    "speaks",
    "spoke",
    "spoken",
    "speaking",
    "admit",
    "admits",
    "admitted",
    "admitting",
    "quip",
    "quips",
    "quipped",
    "quipping",
    "snapped",
    "snapping",
    "regret",
    "regretted",
    "put",
    "think",
    "thinks",
    "thought",
    "call",
    "calls",
    "called",
    "calling",
    "dub",
    "dubbed",
    "label",
    "labeled",
    "labelled",
    "term",
    "termed",
    "read",
    "reads",
];

/// Reporting verbs whose object is the addressee, not the speaker (`told reporters`): they
/// never take an inverted subject after them.
const ADDRESSEE_VERBS: &[&str] = &[
    "tell",
    "tells",
    "told",
    "telling",
    "inform",
    "informs",
    "informed",
    "informing",
    "instruct",
    "instructs",
    "instructed",
    "instructing",
    "remind",
    "reminds",
    "reminded",
    "reminding",
    "assure",
    "assures",
    "assured",
    "assuring",
    "urge",
    "urges",
    "urged",
    "urging",
    "call",
    "calls",
    "called",
    "calling",
    "dubbed",
    "labeled",
    "labelled",
    "termed",
    "describe",
    "describes",
    "described",
    "describing",
    "praise",
    "praised",
    "praises",
    "mock",
    "mocked",
    "quote",
    "quoted",
];

/// Verbs that name or label something (`called it “a disgrace”`): what follows is often a phrase.
const NAMING_VERBS: &[&str] = &[
    "call",
    "calls",
    "called",
    "calling",
    "dub",
    "dubbed",
    "label",
    "labeled",
    "labelled",
    "term",
    "termed",
    "describe",
    "describes",
    "described",
    "describing",
    "brand",
    "branded",
];

/// Subject pronouns that can be a speaker.
pub(crate) const SUBJECT_PRONOUNS: &[&str] = &["he", "she", "they", "it", "i", "we", "who"];

/// Titles and honorifics before a name; the speaker mention leaves them out.
const TITLES: &[&str] = &[
    "mr",
    "mr.",
    "mrs",
    "mrs.",
    "ms",
    "ms.",
    "miss",
    "dr",
    "dr.",
    "prof",
    "prof.",
    "sen",
    "sen.",
    "rep",
    "rep.",
    "gov",
    "gov.",
    "gen",
    "gen.",
    "lt",
    "lt.",
    "col",
    "col.",
    "maj",
    "maj.",
    "capt",
    "capt.",
    "sgt",
    "sgt.",
    "adm",
    "adm.",
    "rev",
    "rev.",
    "hon",
    "hon.",
    "pres",
    "pres.",
    "sir",
    "dame",
    "lord",
    "lady",
    "president",
    "senator",
    "representative",
    "congressman",
    "congresswoman",
    "governor",
    "mayor",
    "minister",
    "secretary",
    "chancellor",
    "premier",
    "judge",
    "justice",
    "ambassador",
    "admiral",
    "colonel",
    "captain",
    "sergeant",
    "commissioner",
    "sheriff",
    "pope",
    "king",
    "queen",
    "prince",
    "princess",
    "rabbi",
    "imam",
    "father",
    "bishop",
    "cardinal",
    "professor",
    "chairman",
    "chairwoman",
    "candidate",
    "nominee",
    "attorney",
    "coach",
    "detective",
    "lady",
    "sens.",
    "reps.",
];

/// Words that start a noun phrase and are left out of a speaker description.
const DETERMINERS: &[&str] = &[
    "the", "a", "an", "this", "that", "these", "those", "another", "some", "any", "each", "every", "one", "two",
    "three", "several", "many", "most", "other", "such", "both", "all", "no",
];

/// Function words that end a noun phrase when scanning for a speaker.
const STOP_WORDS: &[&str] = &[
    "of",
    "in",
    "on",
    "at",
    "for",
    "with",
    "by",
    "from",
    "to",
    "about",
    "into",
    "over",
    "under",
    "after",
    "before",
    "during",
    "than",
    "as",
    "like",
    "per",
    "via",
    "and",
    "or",
    "but",
    "nor",
    "so",
    "yet",
    "because",
    "while",
    "although",
    "though",
    "when",
    "if",
    "that",
    "which",
    "whom",
    "whose",
    "is",
    "was",
    "were",
    "are",
    "be",
    "been",
    "being",
    "has",
    "have",
    "had",
    "do",
    "does",
    "did",
    "will",
    "would",
    "can",
    "could",
    "should",
    "may",
    "might",
    "must",
    "not",
    "also",
    "then",
    "there",
    "here",
    "what",
    "where",
    "why",
    "how",
    "his",
    "her",
    "its",
    "their",
    "our",
    "my",
    "your",
    "him",
    "them",
    "us",
    "me",
    "you",
    "only",
    "just",
    "even",
    "still",
    "now",
    "later",
    "once",
    "again",
    "however",
    "meanwhile",
    "since",
    "until",
    "unless",
    "whether",
    "said",
    "says",
    "told",
    "against",
    "between",
    "among",
    "through",
    "without",
    "within",
    "upon",
    "toward",
    "towards",
    "around",
    "near",
    "off",
    "out",
    "up",
    "down",
    "too",
    "very",
    "more",
    "less",
    "much",
    "yes",
    "no",
];

/// Adverbs and auxiliaries that may stand between a subject and its reporting verb
/// (`he later said`, `officials have said`).
const BETWEEN_SUBJECT_AND_VERB: &[&str] = &[
    "only",
    "already",
    "too",
    "also",
    "later",
    "then",
    "previously",
    "recently",
    "once",
    "further",
    "has",
    "have",
    "had",
    "was",
    "is",
    "were",
    "are",
    "will",
    "would",
    "again",
    "subsequently",
    "earlier",
    "still",
    "even",
    "never",
    "not",
    "did",
    "does",
    "do",
    "may",
    "might",
    "could",
    "can",
    "should",
    "must",
    "often",
    "simply",
    "just",
    "had",
    "reportedly",
    "repeatedly",
    "finally",
    "separately",
    "similarly",
    "likewise",
    "first",
    "last",
    "herself",
    "himself",
    "themselves",
    "itself",
    "himself",
    "back",
    "in",
    "n't",
];

/// Plural nouns that do not end in `s`.
const IRREGULAR_PLURALS: &[&str] =
    &["people", "police", "media", "children", "men", "women", "staff", "crowd", "public"];

/// Nouns naming a document or publication that may "say" something (`the report said`). When
/// one is followed by `by NAME` or `from NAME`, the speaker is the named source.
const DOCUMENT_NOUNS: &[&str] = &[
    "statement",
    "statements",
    "release",
    "report",
    "communique",
    "communiqué",
    "letter",
    "memo",
    "excerpt",
    "document",
    "declaration",
    "transcript",
    "filing",
    "ruling",
    "post",
    "tweet",
    "email",
    "e-mail",
    "message",
    "notice",
    "readout",
    "summary",
    "text",
    "ad",
    "advertisement",
    "video",
    "spokesman",
    "spokeswoman",
    "spokesperson",
    "spokespeople",
    "representative",
];

/// Elisions written with a leading straight apostrophe, which are not opening quotes.
const ELISIONS: &[&str] = &["em", "til", "tis", "twas", "cause", "bout", "n", "round", "nuff", "ol", "s"];

/// The grammatical form of a reporting verb.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Form {
    /// `say`: needs a plural subject (`officials say`).
    Base,
    /// `says`.
    Third,
    /// `said`, `stated`.
    Past,
    /// `saying`: takes the subject of its clause.
    Participle,
}

/// Bits in [`Lexicon`]'s verb filter.
const VERB_BITS: usize = 1 << 16;

/// Hash of a word's first two bytes, last byte and length, in `0..VERB_BITS`.
#[inline]
fn verb_hash(w: &[u8]) -> usize {
    let (first, second, last) = match w {
        [a, b, .., z] => (*a, *b, *z),
        [a, b] => (*a, *b, *b),
        [a] => (*a, 0, *a),
        [] => (0, 0, 0),
    };
    let key = u64::from(first) | u64::from(second) << 8 | u64::from(last) << 16 | (w.len() as u64) << 24;
    (key.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 48) as usize
}

/// The sets the analyzer consults, built once.
#[derive(Debug)]
pub(crate) struct Lexicon {
    verbs: WordSet<String>,
    /// Shortest and longest verb form in bytes: other lengths skip the hash lookup.
    verb_lens: (usize, usize),
    /// Bit set over a hash of each verb form's first two bytes, last byte and length: a clear
    /// bit skips the set look-up for nearly every word that is not a verb.
    verb_bits: Vec<u64>,
    addressee: WordSet<&'static str>,
    naming: WordSet<&'static str>,
    titles: WordSet<&'static str>,
    determiners: WordSet<&'static str>,
    stop: WordSet<&'static str>,
    between: WordSet<&'static str>,
    documents: WordSet<&'static str>,
}

impl Lexicon {
    /// Builds the sets, adding `extra` reporting verbs (any form, lower case).
    pub(crate) fn new(extra: &[String]) -> Lexicon {
        let mut verbs = WordSet::default();
        for base in REGULAR_VERBS {
            for form in inflect(base) {
                verbs.insert(form);
            }
        }
        for f in IRREGULAR_FORMS {
            verbs.insert((*f).to_string());
        }
        for e in extra {
            verbs.insert(e.to_lowercase());
        }
        let verb_lens = verbs.iter().fold((usize::MAX, 0), |(lo, hi), v| (lo.min(v.len()), hi.max(v.len())));
        let mut verb_bits = vec![0u64; VERB_BITS / 64];
        for v in &verbs {
            let h = verb_hash(v.as_bytes());
            if let Some(w) = verb_bits.get_mut(h / 64) {
                *w |= 1u64 << (h % 64);
            }
        }
        Lexicon {
            verbs,
            verb_lens,
            verb_bits,
            addressee: ADDRESSEE_VERBS.iter().copied().collect(),
            naming: NAMING_VERBS.iter().copied().collect(),
            titles: TITLES.iter().copied().collect(),
            determiners: DETERMINERS.iter().copied().collect(),
            stop: STOP_WORDS.iter().copied().collect(),
            between: BETWEEN_SUBJECT_AND_VERB.iter().copied().collect(),
            documents: DOCUMENT_NOUNS.iter().copied().collect(),
        }
    }

    /// True when `lower` is a reporting-verb form.
    pub(crate) fn is_verb(&self, lower: &str) -> bool {
        self.may_be_verb(lower.as_bytes()) && self.verbs.contains(lower)
    }

    /// False when the bytes `w` are certainly not a reporting-verb form (length and hash filter).
    #[inline]
    pub(crate) fn may_be_verb(&self, w: &[u8]) -> bool {
        if !(self.verb_lens.0..=self.verb_lens.1).contains(&w.len()) {
            return false;
        }
        let h = verb_hash(w);
        self.verb_bits.get(h / 64).is_some_and(|bits| bits & (1u64 << (h % 64)) != 0)
    }

    /// The form of a reporting verb, from its ending.
    pub(crate) fn form(&self, lower: &str) -> Form {
        if lower.ends_with("ing") {
            Form::Participle
        } else if lower.ends_with("ed")
            || matches!(lower, "said" | "told" | "wrote" | "written" | "spoke" | "spoken" | "thought" | "put" | "read")
        {
            Form::Past
        } else if lower.ends_with('s') && !lower.ends_with("ss") {
            Form::Third
        } else {
            Form::Base
        }
    }

    /// True when a noun phrase ending in `head` is plural.
    pub(crate) fn is_plural(&self, head: &str) -> bool {
        IRREGULAR_PLURALS.contains(&head) || (head.ends_with('s') && !head.ends_with("ss") && head.len() > 3)
    }

    /// True when the verb's object is the addressee (`told`).
    pub(crate) fn is_addressee_verb(&self, lower: &str) -> bool {
        self.addressee.contains(lower)
    }

    /// True for `called`, `dubbed` and the like.
    pub(crate) fn is_naming_verb(&self, lower: &str) -> bool {
        self.naming.contains(lower)
    }

    /// True for a title or honorific (lower case, with or without its period).
    pub(crate) fn is_title(&self, lower: &str) -> bool {
        self.titles.contains(lower)
    }

    /// True for an article or quantifier.
    pub(crate) fn is_determiner(&self, lower: &str) -> bool {
        self.determiners.contains(lower)
    }

    /// True for a function word that cannot be part of a speaker noun phrase.
    pub(crate) fn is_stop(&self, lower: &str) -> bool {
        self.stop.contains(lower)
    }

    /// True for an adverb or auxiliary allowed between a subject and its verb.
    pub(crate) fn is_between(&self, lower: &str) -> bool {
        self.between.contains(lower) || (lower.len() > 4 && lower.ends_with("ly"))
    }

    /// True for a document noun (`statement`, `report`) or a spokesperson noun.
    pub(crate) fn is_document(&self, lower: &str) -> bool {
        self.documents.contains(lower)
    }
}

/// True for a subject pronoun that can report speech.
pub(crate) fn is_subject_pronoun(lower: &str) -> bool {
    SUBJECT_PRONOUNS.contains(&lower)
}

/// True for an elision such as `'em` or `'til` (given the word after the apostrophe).
pub(crate) fn is_elision(lower: &str) -> bool {
    ELISIONS.contains(&lower)
}

/// The regular forms of a verb: base, third person, past and present participle.
fn inflect(base: &str) -> Vec<String> {
    let mut out = vec![base.to_string()];
    let last = base.chars().last().unwrap_or('a');
    let before_last = base.chars().rev().nth(1).unwrap_or('a');
    let vowel = |c: char| matches!(c, 'a' | 'e' | 'i' | 'o' | 'u');
    // Third person.
    if base.ends_with('s') || base.ends_with("sh") || base.ends_with("ch") || base.ends_with('x') || last == 'o' {
        out.push(format!("{base}es"));
    } else if last == 'y' && !vowel(before_last) {
        out.push(format!("{}ies", &base[..base.len() - 1]));
    } else {
        out.push(format!("{base}s"));
    }
    // Past.
    if last == 'e' {
        out.push(format!("{base}d"));
    } else if last == 'y' && !vowel(before_last) {
        out.push(format!("{}ied", &base[..base.len() - 1]));
    } else {
        out.push(format!("{base}ed"));
    }
    // Participle.
    if last == 'e' && !base.ends_with("ee") {
        out.push(format!("{}ing", &base[..base.len() - 1]));
    } else {
        out.push(format!("{base}ing"));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn regular_forms_are_generated() {
        let lex = Lexicon::new(&["opined".to_string()]);
        for w in ["stated", "states", "stating", "mentioned", "replied", "replies", "argued", "warns", "boasted"] {
            assert!(lex.is_verb(w), "{w}");
        }
        assert!(lex.is_verb("opined"));
        assert!(lex.is_verb("said") && lex.is_verb("told") && lex.is_verb("wrote"));
        assert!(!lex.is_verb("table"));
        assert!(lex.is_addressee_verb("informed"));
        assert!(lex.is_between("quickly") && !lex.is_between("fly"));
    }
}
