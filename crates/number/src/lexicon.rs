//! Word lists written from general knowledge of English: number words, currencies, units.
//!
//! Every lookup takes a lower-case ASCII key. Multi-word entries use single spaces.

use std::collections::HashMap;
use std::sync::LazyLock;

/// What a number word contributes to a number expression.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) enum Word {
    /// zero..nine.
    Unit(f64),
    /// ten..nineteen.
    Teen(f64),
    /// twenty..ninety.
    Ten(f64),
    /// hundred.
    Hundred,
    /// thousand, million, lakh, ...
    Scale(f64),
    /// dozen (12, multiplies like a scale).
    Dozen,
    /// An ordinal word: first, twentieth, hundredth, millionth; with the class of its cardinal.
    Ordinal(f64, OrdClass),
    /// A plural fraction denominator: thirds, quarters, fifths, hundredths.
    Denominators(f64),
    /// half.
    Half,
    /// quarter (singular).
    Quarter,
    /// Vague plural magnitudes: dozens, hundreds, thousands, millions, billions, tens.
    Vague,
}

/// The cardinal class of an ordinal word, for composing `twenty-first` or `two hundredth`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) enum OrdClass {
    /// first..ninth.
    Unit,
    /// tenth..nineteenth.
    Teen,
    /// twentieth..ninetieth.
    Ten,
    /// hundredth.
    Hundred,
    /// thousandth, millionth...
    Scale,
}

const UNITS: [&str; 10] = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"];
const TEENS: [&str; 10] =
    ["ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen"];
const TENS: [&str; 8] = ["twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"];
const ORD_UNITS: [&str; 9] = ["first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth"];
const ORD_TEENS: [&str; 10] = [
    "tenth",
    "eleventh",
    "twelfth",
    "thirteenth",
    "fourteenth",
    "fifteenth",
    "sixteenth",
    "seventeenth",
    "eighteenth",
    "nineteenth",
];
const ORD_TENS: [&str; 8] =
    ["twentieth", "thirtieth", "fortieth", "fiftieth", "sixtieth", "seventieth", "eightieth", "ninetieth"];
const SCALES: [(&str, f64); 9] = [
    ("thousand", 1e3),
    ("million", 1e6),
    ("billion", 1e9),
    ("trillion", 1e12),
    ("quadrillion", 1e15),
    ("lakh", 1e5),
    ("lakhs", 1e5),
    ("crore", 1e7),
    ("crores", 1e7),
];

static WORDS: LazyLock<HashMap<String, Word, FxBuild>> = LazyLock::new(|| {
    let mut m = HashMap::default();
    for (i, w) in UNITS.iter().enumerate() {
        m.insert(w.to_string(), Word::Unit(i as f64));
    }
    m.insert("nought".into(), Word::Unit(0.0));
    m.insert("naught".into(), Word::Unit(0.0));
    for (i, w) in TEENS.iter().enumerate() {
        m.insert(w.to_string(), Word::Teen(10.0 + i as f64));
    }
    for (i, w) in TENS.iter().enumerate() {
        m.insert(w.to_string(), Word::Ten(20.0 + 10.0 * i as f64));
    }
    m.insert("hundred".into(), Word::Hundred);
    for (w, v) in SCALES {
        m.insert(w.to_string(), Word::Scale(v));
    }
    for w in ["dozen", "dz", "dzs", "doz", "dozs"] {
        m.insert(w.into(), Word::Dozen);
    }
    for (i, w) in ORD_UNITS.iter().enumerate() {
        m.insert(w.to_string(), Word::Ordinal(1.0 + i as f64, OrdClass::Unit));
    }
    // A frequent misspelling.
    m.insert("nineth".into(), Word::Ordinal(9.0, OrdClass::Unit));
    for (i, w) in ORD_TEENS.iter().enumerate() {
        m.insert(w.to_string(), Word::Ordinal(10.0 + i as f64, OrdClass::Teen));
    }
    for (i, w) in ORD_TENS.iter().enumerate() {
        m.insert(w.to_string(), Word::Ordinal(20.0 + 10.0 * i as f64, OrdClass::Ten));
    }
    m.insert("hundredth".into(), Word::Ordinal(100.0, OrdClass::Hundred));
    for (w, v) in [("thousandth", 1e3), ("millionth", 1e6), ("billionth", 1e9), ("trillionth", 1e12)] {
        m.insert(w.into(), Word::Ordinal(v, OrdClass::Scale));
    }
    // Plural denominators (thirds .. hundredths); "seconds" is time, not a fraction.
    for (i, w) in ORD_UNITS.iter().enumerate().skip(2) {
        m.insert(format!("{w}s"), Word::Denominators(1.0 + i as f64));
    }
    for (i, w) in ORD_TEENS.iter().enumerate() {
        m.insert(format!("{w}s"), Word::Denominators(10.0 + i as f64));
    }
    for (i, w) in ORD_TENS.iter().enumerate() {
        m.insert(format!("{w}s"), Word::Denominators(20.0 + 10.0 * i as f64));
    }
    for (w, v) in [
        ("hundredths", 1e2),
        ("thousandths", 1e3),
        ("millionths", 1e6),
        ("billionths", 1e9),
        ("trillionths", 1e12),
        ("quarters", 4.0),
        ("halves", 2.0),
        ("firsts", 1.0),
    ] {
        m.insert(w.into(), Word::Denominators(v));
    }
    m.insert("half".into(), Word::Half);
    m.insert("quarter".into(), Word::Quarter);
    for w in ["dozens", "hundreds", "thousands", "millions", "billions", "trillions", "tens", "scores"] {
        m.insert(w.into(), Word::Vague);
    }
    m
});

/// The number word `w` (lower case), if it is one.
pub(crate) fn word(w: &str) -> Option<Word> {
    if !WORDS_FILTER.may_hold(w) {
        return None;
    }
    WORDS.get(w).copied()
}

/// False when the word `w` (any case) is certainly not a number word: [`word`] of its
/// lower-case form would be `None`.
#[inline]
pub(crate) fn may_be_word(w: &[u8]) -> bool {
    match w.first() {
        Some(&c) => WORDS_FILTER
            .masks
            .get(usize::from(c.to_ascii_lowercase()))
            .is_some_and(|m| m & (1u64 << w.len().min(63)) != 0),
        None => true,
    }
}

static WORDS_FILTER: LazyLock<KeyFilter> = LazyLock::new(|| KeyFilter::new(WORDS.keys().map(String::as_str)));

/// A superset test for the keys of a lexicon map, by first byte and length: most words looked
/// up are not keys, and this rejects nearly all of them without hashing.
pub(crate) struct KeyFilter {
    /// Per first byte, bit `min(len, 63)` set when some key of that length starts with it.
    masks: [u64; 256],
}

impl KeyFilter {
    /// The filter for `keys`.
    fn new<'a>(keys: impl Iterator<Item = &'a str>) -> KeyFilter {
        let mut masks = [0u64; 256];
        for k in keys {
            match k.as_bytes().first() {
                Some(&c) => {
                    if let Some(m) = masks.get_mut(usize::from(c)) {
                        *m |= 1u64 << k.len().min(63);
                    }
                }
                // An empty key: let every word through.
                None => masks = [u64::MAX; 256],
            }
        }
        KeyFilter { masks }
    }

    /// False when `w` is certainly not a key.
    #[inline]
    pub(crate) fn may_hold(&self, w: &str) -> bool {
        match w.as_bytes().first() {
            Some(&c) => self.masks.get(usize::from(c)).is_some_and(|m| m & (1u64 << w.len().min(63)) != 0),
            None => true,
        }
    }
}

/// Every number word, for the candidate scanner (prefixes of plural forms are covered by
/// their singular).
pub(crate) fn trigger_words() -> Vec<&'static str> {
    let mut v: Vec<&'static str> = Vec::new();
    v.extend(UNITS);
    v.extend(["nought", "naught"]);
    v.extend(TEENS);
    v.extend(TENS);
    v.extend(["hundred", "dozen", "half", "halves", "quarter"]);
    v.extend(SCALES.iter().map(|(w, _)| *w));
    v.extend(ORD_UNITS);
    v.extend(["nineth"]);
    v.extend(ORD_TEENS);
    v.extend(ORD_TENS);
    v.extend(["hundredth", "millionth", "billionth", "trillionth", "thousandth"]);
    v.extend(["minus", "negative"]);
    v
}

/// Trigger words bucketed by (first letter, length).
static TRIGGERS: LazyLock<Vec<Vec<&'static [u8]>>> = LazyLock::new(|| {
    let mut buckets: Vec<Vec<&'static [u8]>> = vec![Vec::new(); 26 * 13];
    let mut all = trigger_words();
    all.extend(["dozens", "hundreds", "thousands", "millions", "billions", "trillions", "tens"]);
    all.extend(["century", "decade", "millennium"]);
    for w in all {
        let f = usize::from(w.bytes().next().unwrap_or(b'a').wrapping_sub(b'a'));
        if let Some(bk) = buckets.get_mut(f * 13 + w.len().min(12)) {
            bk.push(w.as_bytes());
        }
    }
    buckets
});

/// The key of an ASCII word of 1 to 16 letters for [`TriggerFilter`]: its first eight bytes
/// lower-cased as a little-endian `u64` (bytes past the word cleared), with the length in the
/// top five bits for words longer than eight bytes.
#[inline(always)]
pub(crate) fn letters_key(first8_lower: u64, len: usize) -> u64 {
    if len > 8 { first8_lower ^ ((len as u64) << 59) } else { first8_lower }
}

/// A 32K-bit set over a multiplicative hash of the [`letters_key`]s of a list of words: false
/// means an all-letter word is certainly not in the list. With the hundred-odd words of the lists
/// below, about one other word in three hundred passes by accident.
pub(crate) struct WordFilter {
    bits: [u64; 512],
}

impl WordFilter {
    /// The filter of `words` (ASCII letters, any case).
    fn new<'w>(words: impl Iterator<Item = &'w [u8]>) -> WordFilter {
        let mut bits = [0u64; 512];
        for w in words {
            let mut first8 = [0u8; 8];
            for (d, s) in first8.iter_mut().zip(w.iter()) {
                *d = s.to_ascii_lowercase();
            }
            let i = WordFilter::index(letters_key(u64::from_le_bytes(first8), w.len()));
            if let Some(slot) = bits.get_mut(i / 64) {
                *slot |= 1u64 << (i % 64);
            }
        }
        WordFilter { bits }
    }

    /// The bit index of a key.
    #[inline(always)]
    fn index(key: u64) -> usize {
        (key.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 49) as usize
    }

    /// False when the word with this [`letters_key`] is certainly not in the list.
    #[inline(always)]
    pub(crate) fn may_hold(&self, key: u64) -> bool {
        let i = Self::index(key);
        self.bits.get(i / 64).is_some_and(|bits| bits & (1u64 << (i % 64)) != 0)
    }
}

/// The filter of every trigger word ([`TRIGGERS`]): false means [`is_trigger`] is false.
pub(crate) static TRIGGER_FILTER: LazyLock<WordFilter> =
    LazyLock::new(|| WordFilter::new(TRIGGERS.iter().flatten().copied()));

/// [`WORDS`] keyed by the two [`crate::lex::letters_keys`] of each word, in an open-addressing
/// table: a number word in the text is found without lower-casing it into a string and hashing
/// that, and any other word is rejected after one or two slots.
pub(crate) struct WordTable {
    /// (key, tail, entry); the key 0 marks an empty slot (no word is empty).
    slots: Vec<(u64, u64, Word)>,
}

impl WordTable {
    /// Slots in the table: a power of two, four times the number of words or more.
    const SIZE: usize = 1024;

    /// The first slot to look in for a key.
    #[inline(always)]
    fn home(key: u64) -> usize {
        (key.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 54) as usize
    }

    /// The entry of the word with these [`crate::lex::letters_keys`].
    #[inline]
    pub(crate) fn get(&self, key: u64, tail: u64) -> Option<Word> {
        let home = Self::home(key);
        for i in home..home + Self::SIZE {
            let &(k, t, w) = self.slots.get(i % Self::SIZE)?;
            if k == key && t == tail {
                return Some(w);
            }
            if k == 0 {
                return None;
            }
        }
        None
    }
}

/// The table of every number word.
pub(crate) static WORD_TABLE: LazyLock<WordTable> = LazyLock::new(|| {
    let mut slots = vec![(0u64, 0u64, Word::Half); WordTable::SIZE];
    for (w, &entry) in WORDS.iter() {
        // The keys as `letters_keys` gives them for the word in a text.
        let mut text = w.as_bytes().to_vec();
        text.resize(w.len() + 8, b' ');
        let Some((key, tail)) = crate::lex::letters_keys(&text, 0, w.len()) else { continue };
        let home = WordTable::home(key);
        // Fewer words than slots: a free one is always found.
        let free = (home..home + WordTable::SIZE)
            .map(|i| i % WordTable::SIZE)
            .find(|&i| slots.get(i).is_some_and(|s| s.0 == 0));
        if let Some(slot) = free.and_then(|i| slots.get_mut(i)) {
            *slot = (key, tail, entry);
        }
    }
    WordTable { slots }
});

/// Three-letter prefixes of every trigger word (a superset filter; exact words are checked after).
const PREFIXES: &[&str] = &[
    "zer", "one", "two", "thr", "fou", "fiv", "six", "sev", "eig", "nin", "nou", "nau", "ten", "ele", "twe", "thi",
    "fif", "sixt", "fort", "fift", "hun", "doz", "hal", "qua", "tho", "mil", "bil", "tri", "lak", "cro", "fir", "sec",
    "min", "neg", "cen", "dec",
];

/// Bit set of the three-letter prefixes (26³ bits), built at compile time.
static PREFIX3: [u64; 275] = {
    let mut bits = [0u64; 275];
    let mut i = 0;
    while i < PREFIXES.len() {
        let w = PREFIXES[i].as_bytes();
        let idx = ((w[0] - b'a') as usize * 26 + (w[1] - b'a') as usize) * 26 + (w[2] - b'a') as usize;
        bits[idx / 64] |= 1u64 << (idx % 64);
        i += 1;
    }
    bits
};

/// The same prefixes as a 32K-bit set over a multiplicative hash of the low five bits of each
/// of the three bytes (which are the same for either case of a letter), so a word loaded as a
/// little-endian `u64` is tested with one multiply.
static PREFIX15: [u64; 512] = {
    let mut bits = [0u64; 512];
    let mut i = 0;
    while i < PREFIXES.len() {
        let w = PREFIXES[i].as_bytes();
        let key = (w[0] & 31) as u64 | ((w[1] & 31) as u64) << 8 | ((w[2] & 31) as u64) << 16;
        let idx = prefix15(key);
        bits[idx / 64] |= 1u64 << (idx % 64);
        i += 1;
    }
    bits
};

/// The 15-bit hash of a key of three five-bit bytes.
#[inline]
const fn prefix15(key: u64) -> usize {
    (key.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 49) as usize
}

/// Cheaper superset of [`maybe_trigger`] for a word of at most eight bytes loaded as a
/// little-endian `u64` (bytes past the word cleared): false means [`maybe_trigger`] is false.
#[inline]
pub(crate) fn maybe_trigger8(x: u64) -> bool {
    let idx = prefix15(x & 0x1f_1f1f);
    PREFIX15.get(idx / 64).is_some_and(|bits| bits & (1u64 << (idx % 64)) != 0)
}

/// Letters to 0..26 (either case), everything else to 255.
static LETTER_INDEX: [u8; 256] = {
    let mut t = [255u8; 256];
    let mut c = 0;
    while c < 26 {
        t[b'a' as usize + c] = c as u8;
        t[b'A' as usize + c] = c as u8;
        c += 1;
    }
    t
};

/// Cheap filter: can the word `w` (starting with three letters) be a number word? False for
/// almost every other word; true ones are checked with [`is_trigger`].
#[inline]
pub(crate) fn maybe_trigger(w: &[u8]) -> bool {
    let (Some(&a), Some(&b), Some(&c)) = (w.first(), w.get(1), w.get(2)) else { return false };
    let (a, b, c) = (LETTER_INDEX[usize::from(a)], LETTER_INDEX[usize::from(b)], LETTER_INDEX[usize::from(c)]);
    if (a | b | c) == 255 {
        return false;
    }
    let p = (usize::from(a) * 26 + usize::from(b)) * 26 + usize::from(c);
    PREFIX3.get(p / 64).is_some_and(|bits| bits & (1u64 << (p % 64)) != 0)
}

/// True when the ASCII word `w` (any case) is a number word that can start an expression.
/// Callers have passed it through [`maybe_trigger`] or a letter scan: the few words of its
/// first letter and length are compared at once (no second prefix test).
#[inline]
pub(crate) fn is_trigger(w: &[u8]) -> bool {
    let len = w.len();
    if !(3..=12).contains(&len) {
        return false;
    }
    let f = usize::from((w.first().copied().unwrap_or(0) | 0x20).wrapping_sub(b'a'));
    if f >= 26 {
        return false;
    }
    TRIGGERS.get(f * 13 + len).is_some_and(|bk| bk.iter().any(|c| c.eq_ignore_ascii_case(w)))
}

/// Scale suffixes written right after digits or as abbreviations: `1.2bn`, `10k`, `$5m`.
/// The flag says whether the suffix is only a scale in a money context (`m`). Compared as bytes:
/// most words after a figure are none, and are not checked as text first.
pub(crate) fn scale_suffix(s: &[u8]) -> Option<(f64, bool)> {
    Some(match s {
        b"k" | b"K" => (1e3, false),
        b"M" | b"MM" | b"mn" | b"Mn" | b"mln" | b"mil" | b"mill" => (1e6, false),
        b"m" => (1e6, true),
        b"bn" | b"Bn" | b"BN" | b"bln" | b"b" => (1e9, false),
        b"B" => (1e9, true),
        b"tn" | b"Tn" | b"tln" | b"trn" => (1e12, false),
        b"T" => (1e12, true),
        _ => return None,
    })
}

/// A currency named by a word or phrase after (or before) the amount. Returns the ISO code
/// and the factor to the main unit (cents are 0.01 dollars).
pub(crate) fn currency_word(w: &str) -> Option<(&'static str, f64)> {
    if !CURRENCY_FILTER.may_hold(w) {
        return None;
    }
    CURRENCY_WORDS.get(w).copied()
}

static CURRENCY_FILTER: LazyLock<KeyFilter> = LazyLock::new(|| KeyFilter::new(CURRENCY_WORDS.keys().copied()));

static CURRENCY_WORDS: LazyLock<HashMap<&'static str, (&'static str, f64), FxBuild>> = LazyLock::new(|| {
    let list: &[(&str, &str, f64)] = &[
        ("dollar", "USD", 1.0),
        ("dollars", "USD", 1.0),
        ("{dollars}", "USD", 1.0),
        ("bucks", "USD", 1.0),
        ("us dollar", "USD", 1.0),
        ("us dollars", "USD", 1.0),
        ("u.s. dollars", "USD", 1.0),
        ("american dollars", "USD", 1.0),
        ("united states dollars", "USD", 1.0),
        ("cent", "USD", 0.01),
        ("cents", "USD", 0.01),
        ("canadian dollar", "CAD", 1.0),
        ("canadian dollars", "CAD", 1.0),
        ("australian dollar", "AUD", 1.0),
        ("australian dollars", "AUD", 1.0),
        ("new zealand dollars", "NZD", 1.0),
        ("hong kong dollars", "HKD", 1.0),
        ("hong kong dollar", "HKD", 1.0),
        ("singapore dollars", "SGD", 1.0),
        ("taiwan dollars", "TWD", 1.0),
        ("new taiwan dollars", "TWD", 1.0),
        ("euro", "EUR", 1.0),
        ("euros", "EUR", 1.0),
        ("pound", "GBP", 1.0),
        ("pounds", "GBP", 1.0),
        ("pounds sterling", "GBP", 1.0),
        ("sterling", "GBP", 1.0),
        ("british pounds", "GBP", 1.0),
        ("pence", "GBP", 0.01),
        ("penny", "GBP", 0.01),
        ("egyptian pounds", "EGP", 1.0),
        ("yen", "JPY", 1.0),
        ("japanese yen", "JPY", 1.0),
        ("yuan", "CNY", 1.0),
        ("chinese yuan", "CNY", 1.0),
        ("renminbi", "CNY", 1.0),
        ("rmb", "CNY", 1.0),
        ("kuai", "CNY", 1.0),
        ("ruble", "RUB", 1.0),
        ("rubles", "RUB", 1.0),
        ("rouble", "RUB", 1.0),
        ("roubles", "RUB", 1.0),
        ("russian rubles", "RUB", 1.0),
        ("rupee", "INR", 1.0),
        ("rupees", "INR", 1.0),
        ("indian rupees", "INR", 1.0),
        ("pakistani rupees", "PKR", 1.0),
        ("franc", "CHF", 1.0),
        ("francs", "CHF", 1.0),
        ("swiss francs", "CHF", 1.0),
        ("swiss franc", "CHF", 1.0),
        ("french francs", "FRF", 1.0),
        ("peso", "MXN", 1.0),
        ("pesos", "MXN", 1.0),
        ("mexican pesos", "MXN", 1.0),
        ("argentine pesos", "ARS", 1.0),
        ("korean won", "KRW", 1.0),
        ("south korean won", "KRW", 1.0),
        ("reais", "BRL", 1.0),
        ("brazilian reais", "BRL", 1.0),
        ("rand", "ZAR", 1.0),
        ("lira", "TRY", 1.0),
        ("liras", "TRY", 1.0),
        ("turkish lira", "TRY", 1.0),
        ("shekel", "ILS", 1.0),
        ("shekels", "ILS", 1.0),
        ("hryvnia", "UAH", 1.0),
        ("hryvnias", "UAH", 1.0),
        ("zloty", "PLN", 1.0),
        ("zlotys", "PLN", 1.0),
        ("krona", "SEK", 1.0),
        ("kronor", "SEK", 1.0),
        ("swedish kronor", "SEK", 1.0),
        ("krone", "NOK", 1.0),
        ("kroner", "NOK", 1.0),
        ("danish kroner", "DKK", 1.0),
        ("ringgit", "MYR", 1.0),
        ("baht", "THB", 1.0),
        ("riyal", "SAR", 1.0),
        ("riyals", "SAR", 1.0),
        ("dirham", "AED", 1.0),
        ("dirhams", "AED", 1.0),
        ("naira", "NGN", 1.0),
        ("rupiah", "IDR", 1.0),
        ("dong", "VND", 1.0),
        ("bitcoin", "XBT", 1.0),
        ("bitcoins", "XBT", 1.0),
        ("satoshi", "XBT", 1e-8),
        ("satoshis", "XBT", 1e-8),
        ("guilder", "NLG", 1.0),
        ("guilders", "NLG", 1.0),
        ("dutch guilders", "NLG", 1.0),
        ("markka", "FIM", 1.0),
        ("finnish markka", "FIM", 1.0),
        ("peseta", "ESP", 1.0),
        ("pesetas", "ESP", 1.0),
        ("deutsche marks", "DEM", 1.0),
        ("deutschmarks", "DEM", 1.0),
    ];
    list.iter().map(|&(w, c, f)| (w, (c, f))).collect()
});

/// ISO 4217 codes recognised as written in upper case (and, for the common ones, lower case).
pub(crate) fn currency_code(w: &[u8]) -> Option<&'static str> {
    const CODES: &[&str] = &[
        "USD", "EUR", "GBP", "JPY", "CNY", "RMB", "CHF", "CAD", "AUD", "NZD", "HKD", "SGD", "INR", "RUB", "KRW", "MXN",
        "BRL", "ZAR", "TRY", "SEK", "NOK", "DKK", "PLN", "UAH", "ILS", "SAR", "AED", "TWD", "THB", "IDR", "MYR", "PHP",
        "VND", "PKR", "EGP", "NGN", "ARS", "CLP", "COP", "HUF", "CZK", "KZT", "BTC", "XBT",
    ];
    const LOWER_OK: &[&str] = &["usd", "eur", "gbp", "jpy", "cny", "rmb", "chf", "cad", "aud", "inr", "hkd", "btc"];
    if w.len() != 3 {
        return None;
    }
    // The codes are in upper case and the accepted lower-case forms in lower case: look in the
    // one list the first letter allows (most three-letter words are lower case).
    if w.first().is_some_and(u8::is_ascii_uppercase) {
        return CODES.iter().find(|c| c.as_bytes() == w).map(|c| normalize_code(c));
    }
    LOWER_OK.iter().find(|c| c.as_bytes() == w).map(|c| match *c {
        "usd" => "USD",
        "eur" => "EUR",
        "gbp" => "GBP",
        "jpy" => "JPY",
        "cny" | "rmb" => "CNY",
        "chf" => "CHF",
        "cad" => "CAD",
        "aud" => "AUD",
        "inr" => "INR",
        "hkd" => "HKD",
        _ => "XBT",
    })
}

fn normalize_code(c: &'static str) -> &'static str {
    match c {
        "RMB" => "CNY",
        "BTC" => "XBT",
        other => other,
    }
}

/// A currency symbol (one character) and its ISO code.
pub(crate) fn currency_symbol(c: char) -> Option<&'static str> {
    Some(match c {
        '$' => "USD",
        '€' => "EUR",
        '£' => "GBP",
        '¥' => "JPY",
        '₹' => "INR",
        '₽' => "RUB",
        '₩' => "KRW",
        '₺' => "TRY",
        '₪' => "ILS",
        '₴' => "UAH",
        '₱' => "PHP",
        '₦' => "NGN",
        '₫' => "VND",
        '฿' => "THB",
        '₿' => "XBT",
        '元' => "CNY",
        '₡' => "CRC",
        '₾' => "GEL",
        '₭' => "LAK",
        '₸' => "KZT",
        _ => return None,
    })
}

/// Letters written before `$` to name a dollar: `US$`, `C$`, `HK$`, `Mex$` (lower case key).
pub(crate) fn dollar_prefix(w: &str) -> Option<&'static str> {
    Some(match w {
        "us" | "u.s." | "usd" => "USD",
        "c" | "ca" | "can" | "cad" => "CAD",
        "a" | "au" | "aud" => "AUD",
        "nz" | "nzd" => "NZD",
        "hk" | "hkd" => "HKD",
        "s" | "sgd" => "SGD",
        "r" => "BRL",
        "mex" | "mx" | "mxn" => "MXN",
        "nt" => "TWD",
        _ => return None,
    })
}

/// What a unit word measures.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) enum UnitKind {
    /// A physical quantity (length, mass, volume, area, speed, energy, data, angle).
    Quantity,
    /// A span of time.
    Duration,
    /// A temperature scale (`degrees celsius`).
    Temperature,
    /// A bare `degree(s)`: temperature or angle, decided by context.
    Degree,
}

/// A unit: canonical singular name and what it measures; `attached_only` units (`m`, `g`, `t`)
/// count only when written right after the digits or in a `5 ft 2 in` pattern.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Unit {
    /// Canonical singular lower-case name.
    pub name: &'static str,
    /// Kind of measure.
    pub kind: UnitKind,
    /// Only valid glued to the number (`1.8m`), or case-sensitive abbreviations.
    pub attached_only: bool,
}

/// Looks up a unit written as `w` (lower case, single spaces), case-sensitive abbreviations
/// are checked separately with [`unit_abbrev`].
pub(crate) fn unit_word(w: &str) -> Option<Unit> {
    if !UNITS_FILTER.may_hold(w) {
        return None;
    }
    UNITS_MAP.get(w).copied()
}

static UNITS_FILTER: LazyLock<KeyFilter> = LazyLock::new(|| KeyFilter::new(UNITS_MAP.keys().copied()));

/// Case-sensitive unit abbreviations (`MB`, `GW`, `kWh`), compared as bytes (most words after a
/// figure are none, and are not checked as text first).
pub(crate) fn unit_abbrev(w: &[u8]) -> Option<Unit> {
    let name = match w {
        b"MB" => "megabyte",
        b"GB" => "gigabyte",
        b"TB" => "terabyte",
        b"KB" | b"kB" => "kilobyte",
        b"Mb" | b"mb" => "megabit",
        b"Gb" => "gigabit",
        b"kW" | b"KW" => "kilowatt",
        b"MW" => "megawatt",
        b"GW" => "gigawatt",
        b"kWh" | b"KWh" => "kilowatt hour",
        b"MWh" => "megawatt hour",
        b"GWh" => "gigawatt hour",
        b"TWh" => "terawatt hour",
        b"mph" | b"MPH" => "mile per hour",
        b"km/h" | b"kph" | b"kmph" | b"km/hr" => "kilometre per hour",
        b"m/s" => "metre per second",
        b"Hz" => "hertz",
        b"MHz" => "megahertz",
        b"GHz" => "gigahertz",
        b"bpd" => "barrel per day",
        // "μg" (Greek mu) and "µg" (micro sign) in UTF-8.
        b"mcg" | b"\xce\xbcg" | b"\xc2\xb5g" => "microgram",
        _ => return None,
    };
    Some(Unit { name, kind: UnitKind::Quantity, attached_only: false })
}

static UNITS_MAP: LazyLock<HashMap<&'static str, Unit, FxBuild>> = LazyLock::new(|| {
    use UnitKind::*;
    let q = |name| Unit { name, kind: Quantity, attached_only: false };
    let qa = |name| Unit { name, kind: Quantity, attached_only: true };
    let d = |name| Unit { name, kind: Duration, attached_only: false };
    let t = |name| Unit { name, kind: Temperature, attached_only: false };
    let mut m: HashMap<&'static str, Unit, FxBuild> = HashMap::default();
    fn put(m: &mut HashMap<&'static str, Unit, FxBuild>, keys: &[&'static str], u: Unit) {
        for k in keys {
            m.insert(*k, u);
        }
    }
    macro_rules! add {
        ($keys:expr, $u:expr $(,)?) => {
            put(&mut m, $keys, $u)
        };
    }
    // Length
    add!(&["mile", "miles", "mi"], q("mile"));
    add!(&["nautical mile", "nautical miles"], q("nautical mile"));
    add!(&["kilometre", "kilometres", "kilometer", "kilometers", "km", "kms"], q("kilometre"));
    add!(&["metre", "metres", "meter", "meters"], q("metre"));
    add!(&["m"], qa("metre"));
    add!(&["centimetre", "centimetres", "centimeter", "centimeters", "cm"], q("centimetre"));
    add!(&["millimetre", "millimetres", "millimeter", "millimeters", "mm"], q("millimetre"));
    add!(&["decimetre", "decimetres", "decimeter", "decimeters", "dm"], q("decimetre"));
    add!(&["micrometre", "micrometres", "micrometer", "micrometers", "micron", "microns"], q("micrometre"));
    add!(&["nanometre", "nanometres", "nanometer", "nanometers", "nm"], q("nanometre"));
    add!(&["picometre", "picometres", "picometer", "picometers"], q("picometre"));
    add!(&["foot", "feet", "ft"], q("foot"));
    add!(&["inch", "inches"], q("inch"));
    add!(&["yard", "yards", "yd", "yds"], q("yard"));
    add!(&["light year", "light years", "light-year", "light-years"], q("light year"));
    // Area
    add!(&["square mile", "square miles", "sq mi"], q("square mile"));
    add!(
        &["square kilometre", "square kilometres", "square kilometer", "square kilometers", "sq km", "km2", "km²"],
        q("square kilometre"),
    );
    add!(&["square metre", "square metres", "square meter", "square meters", "sq m", "m2", "m²"], q("square metre"));
    add!(&["square foot", "square feet", "sq ft"], q("square foot"));
    add!(&["acre", "acres"], q("acre"));
    add!(&["hectare", "hectares", "ha"], q("hectare"));
    // Volume
    add!(&["litre", "litres", "liter", "liters"], q("litre"));
    add!(&["millilitre", "millilitres", "milliliter", "milliliters", "ml"], q("millilitre"));
    add!(&["gallon", "gallons", "gal"], q("gallon"));
    add!(&["barrel", "barrels", "bbl"], q("barrel"));
    add!(&["barrels per day", "barrel per day"], q("barrel per day"));
    add!(&["cubic metre", "cubic metres", "cubic meter", "cubic meters", "m3", "m³"], q("cubic metre"));
    add!(&["cubic foot", "cubic feet"], q("cubic foot"));
    add!(&["bcm"], q("billion cubic metre"));
    add!(&["tablespoon", "tablespoons", "tbsp"], q("tablespoon"));
    add!(&["teaspoon", "teaspoons", "tsp"], q("teaspoon"));
    add!(&["cup", "cups"], q("cup"));
    add!(&["pint", "pints"], q("pint"));
    add!(&["quart", "quarts"], q("quart"));
    // Mass
    add!(&["tonne", "tonnes", "metric ton", "metric tons", "metric tonne", "metric tonnes"], q("tonne"));
    add!(&["ton", "tons"], q("ton"));
    add!(&["t"], qa("tonne"));
    add!(&["kilogram", "kilograms", "kilogramme", "kilogrammes", "kg", "kgs", "kilo", "kilos"], q("kilogram"));
    add!(&["gram", "grams", "gramme", "grammes"], q("gram"));
    add!(&["g"], qa("gram"));
    add!(&["milligram", "milligrams", "milligramme", "milligrammes", "mg"], q("milligram"));
    add!(&["microgram", "micrograms", "microgramme", "microgrammes"], q("microgram"));
    add!(&["pound", "pounds", "lb", "lbs"], q("pound"));
    add!(&["ounce", "ounces", "oz"], q("ounce"));
    add!(&["stone"], q("stone"));
    add!(&["carat", "carats"], q("carat"));
    // Speed
    add!(&["miles per hour", "miles an hour", "mile per hour", "mile an hour"], q("mile per hour"));
    add!(
        &[
            "kilometres per hour",
            "kilometers per hour",
            "kilometres an hour",
            "kilometers an hour",
            "km per hour",
            "km an hour",
        ],
        q("kilometre per hour"),
    );
    add!(&["metres per second", "meters per second"], q("metre per second"));
    add!(&["knot", "knots"], q("knot"));
    // Energy, power, data
    add!(&["watt", "watts"], q("watt"));
    add!(&["kilowatt", "kilowatts"], q("kilowatt"));
    add!(&["megawatt", "megawatts"], q("megawatt"));
    add!(&["gigawatt", "gigawatts"], q("gigawatt"));
    add!(&["kilowatt hour", "kilowatt hours", "kilowatt-hour", "kilowatt-hours", "kwh"], q("kilowatt hour"));
    add!(&["megawatt hour", "megawatt hours", "megawatt-hour", "megawatt-hours"], q("megawatt hour"));
    add!(&["volt", "volts"], q("volt"));
    add!(&["horsepower", "hp"], q("horsepower"));
    add!(&["calorie", "calories", "kcal"], q("calorie"));
    add!(&["bit", "bits"], q("bit"));
    add!(&["byte", "bytes"], q("byte"));
    add!(&["kilobyte", "kilobytes"], q("kilobyte"));
    add!(&["megabyte", "megabytes"], q("megabyte"));
    add!(&["gigabyte", "gigabytes"], q("gigabyte"));
    add!(&["terabyte", "terabytes"], q("terabyte"));
    add!(&["megabit", "megabits"], q("megabit"));
    // Angles
    add!(&["radian", "radians", "rad"], q("radian"));
    // Time
    add!(&["year", "years", "yr", "yrs"], d("year"));
    add!(&["month", "months"], d("month"));
    add!(&["week", "weeks"], d("week"));
    add!(&["day", "days"], d("day"));
    add!(&["hour", "hours", "hrs"], d("hour"));
    add!(&["minute", "minutes", "mins"], d("minute"));
    add!(&["second", "seconds", "secs"], d("second"));
    add!(&["decade", "decades"], d("decade"));
    add!(&["century", "centuries"], d("century"));
    add!(&["millennium", "millennia", "millenniums"], d("millennium"));
    add!(&["fortnight", "fortnights"], d("fortnight"));
    // Temperature
    for (keys, name) in [
        (&["celsius", "centigrade", "celcius", "centigrate"][..], "celsius"),
        (&["fahrenheit", "farenheit", "fahrenheight"][..], "fahrenheit"),
        (&["kelvin"][..], "kelvin"),
    ] {
        for k in keys {
            m.insert(k, t(name));
            for deg in ["degree", "degrees", "deg", "deg."] {
                let key: &'static str = Box::leak(format!("{deg} {k}").into_boxed_str());
                m.insert(key, t(name));
            }
        }
    }
    for (abbr, name) in [("c", "celsius"), ("f", "fahrenheit")] {
        for deg in ["degree", "degrees", "deg", "deg."] {
            let key: &'static str = Box::leak(format!("{deg} {abbr}").into_boxed_str());
            m.insert(key, t(name));
        }
    }
    add!(&["degree", "degrees", "deg", "deg."], Unit { name: "degree", kind: Degree, attached_only: false });
    m
});

/// Words that introduce an approximation or bound before a number, longest first, and the
/// modifier they give.
pub(crate) const MODIFIERS: &[(&str, &str)] = &[
    ("more than", "more-than"),
    ("greater than", "more-than"),
    ("larger than", "more-than"),
    ("higher than", "more-than"),
    ("upwards of", "more-than"),
    ("in excess of", "more-than"),
    ("just over", "more-than"),
    ("well over", "more-than"),
    ("over", "more-than"),
    ("above", "more-than"),
    ("at least", "at-least"),
    ("a minimum of", "at-least"),
    ("no fewer than", "at-least"),
    ("no less than", "at-least"),
    ("less than", "less-than"),
    ("fewer than", "less-than"),
    ("lower than", "less-than"),
    ("just under", "less-than"),
    ("under", "less-than"),
    ("below", "less-than"),
    ("at most", "at-most"),
    ("no more than", "at-most"),
    ("up to", "up-to"),
    ("as many as", "up-to"),
    ("as much as", "up-to"),
    ("about", "about"),
    ("around", "about"),
    ("round", "about"),
    ("roughly", "about"),
    ("approximately", "about"),
    ("approx", "about"),
    ("some", "about"),
    ("nearly", "about"),
    ("almost", "about"),
    ("close to", "about"),
    ("an estimated", "about"),
    ("estimated", "about"),
    ("circa", "about"),
    ("plus or minus", "plus-or-minus"),
    ("exactly", "exactly"),
    ("precisely", "exactly"),
];

/// [`MODIFIERS`] in the same order, each split into its last word, the word before it and the
/// one before that (if any), with the modifier.
pub(crate) fn modifier_words() -> &'static [ModifierWords] {
    &MODIFIER_WORDS
}

/// One entry of [`MODIFIERS`] split into words from the end: (last, middle, first, modifier).
pub(crate) type ModifierWords = (&'static str, Option<&'static str>, Option<&'static str>, &'static str);

static MODIFIER_WORDS: LazyLock<Vec<ModifierWords>> = LazyLock::new(|| {
    MODIFIERS
        .iter()
        .map(|&(m, tag)| {
            let mut parts = m.rsplit(' ');
            (parts.next().unwrap_or(""), parts.next(), parts.next(), tag)
        })
        .collect()
});

/// The last words of the entries of [`MODIFIERS`].
const MODIFIER_ENDS: [&str; 24] = [
    "than",
    "of",
    "over",
    "above",
    "least",
    "under",
    "below",
    "most",
    "to",
    "as",
    "about",
    "around",
    "round",
    "roughly",
    "approximately",
    "approx",
    "some",
    "nearly",
    "almost",
    "estimated",
    "circa",
    "exactly",
    "precisely",
    "minus",
];

/// Per first letter, bit `len` set when some word of [`MODIFIER_ENDS`] has that length.
static MODIFIER_END_LENS: [u32; 26] = {
    let mut masks = [0u32; 26];
    let mut i = 0;
    while i < MODIFIER_ENDS.len() {
        let w = MODIFIER_ENDS[i].as_bytes();
        masks[(w[0] - b'a') as usize] |= 1 << w.len();
        i += 1;
    }
    masks
};

/// True when `w` is the last word of some entry of [`MODIFIERS`].
pub(crate) fn is_modifier_end(w: &str) -> bool {
    MODIFIER_ENDS.contains(&w)
}

/// False when an ASCII word starting with byte `first` (either case) and `len` bytes long is
/// certainly no [`is_modifier_end`] word: decided before lower-casing it.
#[inline]
pub(crate) fn may_be_modifier_end(first: u8, len: usize) -> bool {
    let f = usize::from((first | 0x20).wrapping_sub(b'a'));
    len < 32 && MODIFIER_END_LENS.get(f).is_some_and(|m| m & (1 << len) != 0)
}

/// The filter of the first words of every [`currency_word`] and [`unit_word`] key (the letters
/// each key starts with): false means no key that starts with the word, so no words after a
/// number that start with it name a currency or a unit.
pub(crate) static KEY_HEAD_FILTER: LazyLock<WordFilter> = LazyLock::new(|| {
    WordFilter::new(CURRENCY_WORDS.keys().chain(UNITS_MAP.keys()).filter_map(|k| {
        let head = k.as_bytes();
        let n = head.iter().position(|c| !c.is_ascii_alphabetic()).unwrap_or(head.len());
        // A key that starts with another byte is never the text of words after a number.
        head.get(..n).filter(|h| !h.is_empty())
    }))
});

/// True when `w` is the first word of a multi-word unit or currency key.
pub(crate) fn is_multiword_start(w: &str) -> bool {
    MULTI_FILTER.may_hold(w) && MULTI_STARTS.contains(w)
}

static MULTI_FILTER: LazyLock<KeyFilter> = LazyLock::new(|| KeyFilter::new(MULTI_STARTS.iter().map(String::as_str)));

static MULTI_STARTS: LazyLock<std::collections::HashSet<String, FxBuild>> = LazyLock::new(|| {
    UNITS_MAP
        .keys()
        .chain(CURRENCY_WORDS.keys())
        .filter_map(|k| k.split_once(' ').map(|(a, _)| a.to_string()))
        .collect()
});

/// A fast hasher for the small lexicon maps (keys are short words).
#[derive(Default, Clone, Copy)]
pub(crate) struct Fx(u64);

impl std::hash::Hasher for Fx {
    fn finish(&self) -> u64 {
        self.0
    }
    #[inline]
    fn write(&mut self, bytes: &[u8]) {
        // Each eight bytes as a little-endian `u64`, the last ones padded with zeros: loaded
        // whole, or gathered a byte at a time (no copy of a variable length).
        let mut chunks = bytes.chunks_exact(8);
        for chunk in &mut chunks {
            self.mix(<[u8; 8]>::try_from(chunk).map_or(0, u64::from_le_bytes));
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            self.mix(rest.iter().rev().fold(0, |w, &b| (w << 8) | u64::from(b)));
        }
    }
}

impl Fx {
    /// Mixes one eight-byte word into the state.
    #[inline]
    fn mix(&mut self, w: u64) {
        self.0 = (self.0.rotate_left(5) ^ w).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }
}

/// Builds [`Fx`] hashers.
pub(crate) type FxBuild = std::hash::BuildHasherDefault<Fx>;

/// Month names (lower case), for telling `May 2021` (year) and `May 4` apart.
pub(crate) fn is_month(w: &str) -> bool {
    matches!(
        w,
        "january"
            | "february"
            | "march"
            | "april"
            | "may"
            | "june"
            | "july"
            | "august"
            | "september"
            | "october"
            | "november"
            | "december"
            | "jan"
            | "feb"
            | "mar"
            | "apr"
            | "jun"
            | "jul"
            | "aug"
            | "sep"
            | "sept"
            | "oct"
            | "nov"
            | "dec"
    )
}

/// Defines [`is_function_word`] and [`FUNCTION_WORDS`] from one list.
macro_rules! function_words {
    ($($w:literal)|*) => {
        /// Function words that end a counted-noun phrase or cannot be the counted noun.
        pub(crate) fn is_function_word(w: &str) -> bool {
            matches!(w, $($w)|*)
        }

        /// The words of [`is_function_word`].
        const FUNCTION_WORDS: &[&str] = &[$($w),*];
    };
}

function_words!(
    "the"
        | "a"
        | "an"
        | "and"
        | "or"
        | "but"
        | "of"
        | "in"
        | "on"
        | "at"
        | "to"
        | "for"
        | "from"
        | "by"
        | "with"
        | "as"
        | "that"
        | "this"
        | "these"
        | "those"
        | "which"
        | "who"
        | "whom"
        | "whose"
        | "is"
        | "are"
        | "was"
        | "were"
        | "be"
        | "been"
        | "being"
        | "has"
        | "have"
        | "had"
        | "do"
        | "does"
        | "did"
        | "will"
        | "would"
        | "can"
        | "could"
        | "should"
        | "may"
        | "might"
        | "must"
        | "it"
        | "its"
        | "he"
        | "she"
        | "they"
        | "we"
        | "you"
        | "i"
        | "his"
        | "her"
        | "their"
        | "our"
        | "my"
        | "your"
        | "than"
        | "then"
        | "so"
        | "if"
        | "not"
        | "no"
        | "into"
        | "over"
        | "under"
        | "after"
        | "before"
        | "since"
        | "until"
        | "while"
        | "when"
        | "where"
        | "each"
        | "per"
        | "more"
        | "less"
        | "ago"
        | "earlier"
        | "later"
        | "said"
        | "says"
        | "also"
        | "about"
        | "up"
        | "down"
        | "out"
        | "against"
        | "between"
        | "among"
        | "during"
        | "through"
        | "across"
        | "including"
        | "last"
        | "next"
        | "other"
        | "such"
        | "all"
        | "both"
        | "some"
        | "any"
        | "there"
        | "here"
        | "now"
        | "just"
        | "only"
        | "even"
        | "still"
        | "yet"
        | "too"
        | "very"
        | "like"
        | "via"
        | "toward"
        | "towards"
        | "within"
        | "without"
        | "around"
        | "above"
        | "below"
        | "because"
        | "although"
        | "though"
        | "whether"
        | "what"
        | "how"
        | "why"
        | "who’ve"
        | "or so"
);

/// The filter of the all-letter [`FUNCTION_WORDS`]: false means an all-letter word is certainly
/// no function word, decided from its loaded bytes before lower-casing it.
pub(crate) static FUNCTION_FILTER: LazyLock<WordFilter> = LazyLock::new(|| {
    WordFilter::new(FUNCTION_WORDS.iter().map(|w| w.as_bytes()).filter(|w| w.iter().all(u8::is_ascii_alphabetic)))
});

#[cfg(test)]
mod tests {
    use super::*;
    use std::hash::Hasher;

    #[test]
    fn fx_hashes_each_eight_bytes_padded_with_zeros() {
        let text = b"abcdefghijklmnopqrstuvwxyz0123456789";
        for len in 0..=text.len() {
            let bytes = &text[..len];
            let mut expect = 0u64;
            for chunk in bytes.chunks(8) {
                let mut w = [0u8; 8];
                w[..chunk.len()].copy_from_slice(chunk);
                expect = (expect.rotate_left(5) ^ u64::from_le_bytes(w)).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
            }
            let mut h = Fx::default();
            h.write(bytes);
            assert_eq!(h.finish(), expect, "{len}");
        }
    }

    #[test]
    fn the_function_filter_passes_every_function_word() {
        for w in FUNCTION_WORDS.iter().filter(|w| w.bytes().all(|c| c.is_ascii_alphabetic())) {
            for v in [w.to_string(), w.to_ascii_uppercase()] {
                let text = format!("{v}        ");
                let key = crate::lex::letters_keys(text.as_bytes(), 0, v.len()).map(|(k, _)| k);
                assert!(key.is_none_or(|k| FUNCTION_FILTER.may_hold(k)), "{v}");
            }
        }
    }

    #[test]
    fn the_word_table_finds_every_number_word_and_nothing_else() {
        let keys = |w: &str| {
            let text = format!("{w}        ");
            crate::lex::letters_keys(text.as_bytes(), 0, w.len())
        };
        for (w, entry) in WORDS.iter() {
            for v in [w.clone(), w.to_ascii_uppercase()] {
                let (key, tail) = keys(&v).unwrap();
                assert_eq!(WORD_TABLE.get(key, tail), Some(*entry), "{v}");
            }
        }
        for w in ["the", "people", "thousandx", "trillionthss", "seventeenths", "halve", "ones", "x", "millionaires"] {
            let (key, tail) = keys(w).unwrap();
            assert_eq!(WORD_TABLE.get(key, tail), word(w), "{w}");
        }
    }

    #[test]
    fn every_trigger_passes_the_prefix_filter() {
        // `is_trigger` compares the words themselves; the prefix filter in front of it must let
        // every one of them through, in either case.
        for w in TRIGGERS.iter().flatten() {
            assert!(maybe_trigger(w), "{}", String::from_utf8_lossy(w));
            assert!(maybe_trigger(&w.to_ascii_uppercase()), "{}", String::from_utf8_lossy(w));
            assert!(is_trigger(w) && is_trigger(&w.to_ascii_uppercase()), "{}", String::from_utf8_lossy(w));
        }
        for w in ["those", "through", "this", "decision", "minister", "Thousand", "secretary", "hal", "a", "t3n"] {
            assert_eq!(
                is_trigger(w.as_bytes()),
                TRIGGERS.iter().flatten().any(|t| t.eq_ignore_ascii_case(w.as_bytes())),
                "{w}"
            );
        }
    }
}
