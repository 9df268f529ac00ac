//! Gazetteers and word lists: country names and nationalities from the `keshvar` crate
//! (BSD-3-Clause, ISO 3166 data), plus small lexicons of titles, honorifics and name-part
//! words written from general knowledge. None of them is drawn from the evaluation data.

use crate::hash::{FastMap, KeyTable, hash_lower, mix};
use crate::shared::SharedTable;

/// Category bits of a gazetteer entry.
pub(crate) mod cat {
    /// A country name or common alias.
    pub const COUNTRY: u16 = 1;
    /// A nationality or demonym (`Russian`, `Russians`).
    pub const DEMONYM: u16 = 1 << 1;
    /// A continent or large region (`Europe`, `Middle East`).
    pub const REGION: u16 = 1 << 2;
    /// A word that ends organization names (`Ministry`, `Inc.`).
    pub const ORG_WORD: u16 = 1 << 3;
    /// A word that ends place names (`River`, `Street`).
    pub const LOC_WORD: u16 = 1 << 4;
    /// A title or role word (`president`, `minister`).
    pub const TITLE: u16 = 1 << 5;
    /// An honorific (`Mr.`, `Dr.`).
    pub const HONORIFIC: u16 = 1 << 6;
    /// A modifier that may precede a title word (`senior`, `foreign`).
    pub const TITLE_MOD: u16 = 1 << 7;
    /// Common first names.
    pub const FIRST_NAME: u16 = 1 << 8;
    /// Month and weekday names (never names of entities on their own).
    pub const CALENDAR: u16 = 1 << 9;
    /// English function words (`whereas`, `the`, `however`).
    pub const FUNCTION: u16 = 1 << 10;
    /// Well-known international organizations (`NATO`, `UN`).
    pub const KNOWN_ORG: u16 = 1 << 11;
    /// Seats of government that stand for the institution (`Kremlin`, `White House`).
    pub const SEAT: u16 = 1 << 12;
    /// Prepositions and verbs that introduce a place (`in`, `from`, `visited`).
    pub const PLACE_CUE: u16 = 1 << 13;
}

/// Honorifics (lower case, without the period).
const HONORIFICS: &[&str] = &[
    "mr", "mrs", "ms", "miss", "mx", "dr", "prof", "sir", "dame", "lord", "lady", "rev", "sen", "rep", "gov", "gen",
    "col", "lt", "capt", "sgt", "adm", "maj", "mme", "mlle", "messrs", "herr", "frau", "sheikh", "mister", "madame",
    "monsieur", "senor", "senora",
];

/// Title and role head words (lower case).
const TITLES: &[&str] = &[
    "president",
    "vice-president",
    "president-elect",
    "premier",
    "minister",
    "chancellor",
    "secretary",
    "senator",
    "congressman",
    "congresswoman",
    "representative",
    "governor",
    "mayor",
    "king",
    "queen",
    "prince",
    "princess",
    "emperor",
    "empress",
    "pope",
    "cardinal",
    "bishop",
    "archbishop",
    "rabbi",
    "imam",
    "ayatollah",
    "general",
    "admiral",
    "colonel",
    "major",
    "captain",
    "lieutenant",
    "sergeant",
    "commander",
    "marshal",
    "chief",
    "director",
    "chairman",
    "chairwoman",
    "chairperson",
    "chair",
    "ceo",
    "executive",
    "spokesman",
    "spokeswoman",
    "spokesperson",
    "ambassador",
    "envoy",
    "diplomat",
    "official",
    "leader",
    "head",
    "founder",
    "fellow",
    "analyst",
    "professor",
    "researcher",
    "economist",
    "expert",
    "editor",
    "correspondent",
    "reporter",
    "columnist",
    "photographer",
    "judge",
    "justice",
    "attorney",
    "prosecutor",
    "lawyer",
    "coach",
    "manager",
    "deputy",
    "counterpart",
    "adviser",
    "advisor",
    "aide",
    "candidate",
    "nominee",
    "commissioner",
    "negotiator",
    "scholar",
    "historian",
    "author",
    "writer",
    "banker",
    "strategist",
    "lawmaker",
    "legislator",
    "dictator",
    "tsar",
    "czar",
    "sultan",
    "sheikh",
    "emir",
    "prime",
    "speaker",
    "treasurer",
    "auditor",
    "inspector",
    "superintendent",
    "chancellor",
    "dean",
    "president's",
];

/// Words that may stand before a title head word (lower case).
const TITLE_MODIFIERS: &[&str] = &[
    "senior",
    "junior",
    "deputy",
    "vice",
    "former",
    "foreign",
    "defense",
    "defence",
    "finance",
    "economy",
    "economic",
    "interior",
    "trade",
    "energy",
    "prime",
    "chief",
    "top",
    "acting",
    "assistant",
    "associate",
    "executive",
    "general",
    "national",
    "security",
    "military",
    "political",
    "supreme",
    "state",
    "ex",
    "veteran",
    "visiting",
    "research",
    "non-resident",
    "nonresident",
    "managing",
    "press",
    "first",
    "high",
    "commerce",
    "justice",
    "health",
    "education",
    "agriculture",
    "transport",
    "industry",
    "development",
    "communications",
    "intelligence",
    "army",
    "party",
    "opposition",
    "majority",
    "minority",
    "presidential",
    "white",
    "house",
    "principal",
    "lead",
    "special",
    "permanent",
    "regional",
    "local",
    "longtime",
    "then",
    "new",
    "incoming",
    "outgoing",
    "interim",
    "late",
];

/// Last words of organization names.
const ORG_WORDS: &[&str] = &[
    "inc",
    "corp",
    "corporation",
    "co",
    "ltd",
    "llc",
    "plc",
    "ag",
    "gmbh",
    "sa",
    "nv",
    "group",
    "holdings",
    "company",
    "bank",
    "ministry",
    "department",
    "party",
    "council",
    "commission",
    "committee",
    "agency",
    "association",
    "union",
    "institute",
    "institution",
    "university",
    "college",
    "school",
    "academy",
    "federation",
    "club",
    "league",
    "court",
    "army",
    "navy",
    "police",
    "news",
    "times",
    "post",
    "journal",
    "organization",
    "organisation",
    "foundation",
    "endowment",
    "airlines",
    "airways",
    "exchange",
    "board",
    "office",
    "bureau",
    "service",
    "services",
    "center",
    "centre",
    "fund",
    "parliament",
    "congress",
    "senate",
    "assembly",
    "cabinet",
    "government",
    "authority",
    "trust",
    "society",
    "alliance",
    "coalition",
    "front",
    "movement",
    "brigade",
    "forces",
    "guard",
    "telegraph",
    "tribune",
    "herald",
    "press",
    "network",
    "radio",
    "television",
    "tv",
    "motors",
    "industries",
    "systems",
    "technologies",
    "securities",
    "partners",
    "capital",
    "energy",
    "petroleum",
    "oil",
    "gas",
    "mining",
    "railways",
    "united",
    "city",
    "rovers",
    "wanderers",
];

/// Last words of place names.
const LOC_WORDS: &[&str] = &[
    "river",
    "mountain",
    "mountains",
    "mount",
    "sea",
    "ocean",
    "street",
    "avenue",
    "road",
    "island",
    "islands",
    "lake",
    "valley",
    "province",
    "region",
    "square",
    "hall",
    "bay",
    "gulf",
    "strait",
    "peninsula",
    "desert",
    "county",
    "state",
    "district",
    "canal",
    "coast",
    "park",
    "palace",
    "airport",
    "bridge",
    "plaza",
    "heights",
    "hills",
    "beach",
    "harbor",
    "harbour",
    "port",
    "cape",
];

/// Continents and large regions (as written, multiword allowed).
const REGIONS: &[&str] = &[
    "Europe",
    "Asia",
    "Africa",
    "America",
    "Americas",
    "North America",
    "South America",
    "Latin America",
    "Central America",
    "Middle East",
    "Far East",
    "Near East",
    "Pacific",
    "Atlantic",
    "Arctic",
    "Antarctica",
    "Balkans",
    "Caribbean",
    "Caucasus",
    "Scandinavia",
    "Siberia",
    "Eurasia",
    "Oceania",
    "Mediterranean",
    "Baltic",
    "Baltics",
    "Gulf",
    "West",
    "East",
    "Central Asia",
    "Southeast Asia",
    "East Asia",
    "South Asia",
    "Western Europe",
    "Eastern Europe",
    "Central Europe",
    "Indo-Pacific",
    "Sahara",
    "Sahel",
    "Persian Gulf",
    "Black Sea",
    "South China Sea",
    "Arctic Ocean",
];

/// Demonyms for regions and groups not covered by the country data.
const EXTRA_DEMONYMS: &[&str] = &[
    "European",
    "Asian",
    "African",
    "American",
    "Western",
    "Eastern",
    "Soviet",
    "Arab",
    "Latin",
    "Caucasian",
    "Scandinavian",
    "Baltic",
    "Balkan",
    "Slavic",
    "Jewish",
    "Muslim",
    "Christian",
    "Catholic",
    "Protestant",
    "Orthodox",
    "Sunni",
    "Shiite",
    "Shia",
    "Hindu",
    "Buddhist",
    "Kurdish",
    "Palestinian",
    "Taiwanese",
    "English",
    "Scottish",
    "Welsh",
    "Irish",
    "British",
    "Dutch",
    "Swiss",
    "Kurd",
    "Pashtun",
    "Uighur",
    "Uyghur",
    "Tibetan",
    "Tatar",
    "Chechen",
    "Hispanic",
    "Communist",
    "Republican",
    "Democrat",
    "Democratic",
    "Nordic",
    "Pacific",
    "Atlantic",
    "Mediterranean",
    "Anglo",
    "Franco",
    "Sino",
    "Russo",
    "Israeli",
    "Yemeni",
    "Saudi",
    "Emirati",
    "Qatari",
    "Iraqi",
    "Omani",
    "Kuwaiti",
];

/// Common given names from many languages (general knowledge).
const FIRST_NAMES: &[&str] = &[
    "john",
    "james",
    "robert",
    "michael",
    "william",
    "david",
    "richard",
    "joseph",
    "thomas",
    "charles",
    "christopher",
    "daniel",
    "matthew",
    "anthony",
    "mark",
    "donald",
    "steven",
    "paul",
    "andrew",
    "joshua",
    "kenneth",
    "kevin",
    "brian",
    "george",
    "edward",
    "ronald",
    "timothy",
    "jason",
    "jeffrey",
    "ryan",
    "jacob",
    "gary",
    "nicholas",
    "eric",
    "jonathan",
    "stephen",
    "larry",
    "justin",
    "scott",
    "brandon",
    "benjamin",
    "samuel",
    "frank",
    "gregory",
    "raymond",
    "alexander",
    "patrick",
    "jack",
    "dennis",
    "jerry",
    "tyler",
    "aaron",
    "jose",
    "henry",
    "adam",
    "douglas",
    "nathan",
    "peter",
    "zachary",
    "kyle",
    "walter",
    "harold",
    "jeremy",
    "ethan",
    "carl",
    "keith",
    "roger",
    "gerald",
    "christian",
    "terry",
    "sean",
    "arthur",
    "austin",
    "noah",
    "lawrence",
    "jesse",
    "joe",
    "bryan",
    "billy",
    "jordan",
    "albert",
    "dylan",
    "bruce",
    "willie",
    "gabriel",
    "alan",
    "juan",
    "logan",
    "wayne",
    "ralph",
    "roy",
    "eugene",
    "randy",
    "vincent",
    "russell",
    "louis",
    "philip",
    "bobby",
    "johnny",
    "bradley",
    "mary",
    "patricia",
    "jennifer",
    "linda",
    "elizabeth",
    "barbara",
    "susan",
    "jessica",
    "sarah",
    "karen",
    "nancy",
    "lisa",
    "betty",
    "margaret",
    "sandra",
    "ashley",
    "kimberly",
    "emily",
    "donna",
    "michelle",
    "dorothy",
    "carol",
    "amanda",
    "melissa",
    "deborah",
    "stephanie",
    "rebecca",
    "sharon",
    "laura",
    "cynthia",
    "kathleen",
    "amy",
    "shirley",
    "angela",
    "helen",
    "anna",
    "brenda",
    "pamela",
    "nicole",
    "emma",
    "samantha",
    "katherine",
    "christine",
    "debra",
    "rachel",
    "catherine",
    "carolyn",
    "janet",
    "ruth",
    "maria",
    "heather",
    "diane",
    "virginia",
    "julie",
    "joyce",
    "victoria",
    "olivia",
    "kelly",
    "christina",
    "lauren",
    "joan",
    "evelyn",
    "judith",
    "megan",
    "cheryl",
    "andrea",
    "hannah",
    "martha",
    "jacqueline",
    "frances",
    "gloria",
    "ann",
    "teresa",
    "kathryn",
    "sara",
    "janice",
    "jean",
    "alice",
    "madison",
    "doris",
    "abigail",
    "julia",
    "judy",
    "grace",
    "denise",
    "amber",
    "marilyn",
    "beverly",
    "danielle",
    "theresa",
    "sophia",
    "marie",
    "diana",
    "brittany",
    "natalie",
    "isabella",
    "charlotte",
    "rose",
    "alexis",
    "kayla",
    "hillary",
    "bill",
    "bernie",
    "ted",
    "mike",
    "jeb",
    "marco",
    "chris",
    "ben",
    "tom",
    "tim",
    "jim",
    "bob",
    "dan",
    "dave",
    "steve",
    "jon",
    "nick",
    "pete",
    "sam",
    "tony",
    "vladimir",
    "sergei",
    "sergey",
    "dmitri",
    "dmitry",
    "alexei",
    "alexey",
    "andrei",
    "andrey",
    "ivan",
    "mikhail",
    "nikolai",
    "boris",
    "yuri",
    "igor",
    "oleg",
    "viktor",
    "victor",
    "anatoly",
    "maxim",
    "pavel",
    "fyodor",
    "gennady",
    "valentina",
    "olga",
    "tatiana",
    "natalia",
    "svetlana",
    "irina",
    "elena",
    "yelena",
    "anton",
    "alexandr",
    "volodymyr",
    "petro",
    "viktoriya",
    "yulia",
    "angela",
    "helmut",
    "gerhard",
    "olaf",
    "wolfgang",
    "jurgen",
    "hans",
    "klaus",
    "dieter",
    "franz",
    "friedrich",
    "karl",
    "heinz",
    "francois",
    "jacques",
    "pierre",
    "jean-claude",
    "emmanuel",
    "nicolas",
    "philippe",
    "alain",
    "michel",
    "marine",
    "giuseppe",
    "giovanni",
    "mario",
    "silvio",
    "matteo",
    "luigi",
    "carlos",
    "luis",
    "manuel",
    "pedro",
    "miguel",
    "antonio",
    "francisco",
    "javier",
    "jorge",
    "fernando",
    "ricardo",
    "eduardo",
    "rafael",
    "diego",
    "pablo",
    "ahmed",
    "mohammed",
    "mohammad",
    "muhammad",
    "ali",
    "hassan",
    "hussein",
    "omar",
    "abdul",
    "abdullah",
    "ibrahim",
    "khalid",
    "mustafa",
    "recep",
    "benjamin",
    "yitzhak",
    "shimon",
    "ariel",
    "ehud",
    "yasser",
    "mahmoud",
    "bashar",
    "hosni",
    "narendra",
    "rahul",
    "sonia",
    "indira",
    "rajiv",
    "manmohan",
    "shinzo",
    "yoshihide",
    "junichiro",
    "kim",
    "moon",
    "park",
    "lee",
    "hu",
    "wen",
    "li",
    "wang",
    "zhang",
    "liu",
    "chen",
    "yang",
    "zhao",
    "huang",
    "zhou",
    "wu",
    "jiang",
    "deng",
    "mao",
    "nelson",
    "kofi",
    "jacob",
    "cyril",
    "thabo",
    "robert",
    "justin",
    "stephen",
    "pierre",
    "theresa",
    "boris",
    "gordon",
    "tony",
    "keir",
    "rishi",
    "liz",
    "lloyd",
    "jake",
    "kamala",
    "joseph",
    "barack",
    "hillary",
    "olivia",
    "fatima",
    "aisha",
    "leila",
];

/// English function words that are never part of a name at its start.
const FUNCTION_WORDS: &[&str] = &[
    "the",
    "a",
    "an",
    "and",
    "or",
    "but",
    "if",
    "while",
    "whereas",
    "although",
    "though",
    "because",
    "since",
    "when",
    "whenever",
    "where",
    "wherever",
    "after",
    "before",
    "until",
    "unless",
    "however",
    "moreover",
    "meanwhile",
    "furthermore",
    "nevertheless",
    "nonetheless",
    "thus",
    "therefore",
    "hence",
    "also",
    "still",
    "yet",
    "so",
    "then",
    "now",
    "here",
    "there",
    "this",
    "that",
    "these",
    "those",
    "he",
    "she",
    "it",
    "they",
    "we",
    "i",
    "you",
    "his",
    "her",
    "its",
    "their",
    "our",
    "my",
    "your",
    "in",
    "on",
    "at",
    "by",
    "for",
    "from",
    "with",
    "without",
    "within",
    "into",
    "onto",
    "about",
    "above",
    "below",
    "under",
    "over",
    "between",
    "among",
    "amid",
    "during",
    "through",
    "throughout",
    "despite",
    "towards",
    "toward",
    "against",
    "as",
    "of",
    "to",
    "what",
    "which",
    "who",
    "whom",
    "whose",
    "why",
    "how",
    "some",
    "many",
    "most",
    "all",
    "both",
    "each",
    "every",
    "any",
    "no",
    "not",
    "neither",
    "nor",
    "either",
    "such",
    "other",
    "another",
    "additionally",
    "instead",
    "indeed",
    "already",
    "even",
    "just",
    "only",
    "perhaps",
    "maybe",
    "yes",
    "like",
    "unlike",
];

/// Well-known international organizations and blocs (general knowledge).
const KNOWN_ORGS: &[&str] = &[
    "NATO",
    "UN",
    "EU",
    "WHO",
    "IMF",
    "OPEC",
    "ASEAN",
    "G7",
    "G8",
    "G20",
    "WTO",
    "OSCE",
    "OECD",
    "BRICS",
    "UNESCO",
    "UNICEF",
    "UNHCR",
    "IAEA",
    "Interpol",
    "Europol",
    "FIFA",
    "UEFA",
    "IOC",
    "SCO",
    "APEC",
    "AUKUS",
    "Quad",
    "Hamas",
    "Hezbollah",
    "Taliban",
    "FBI",
    "CIA",
    "NSA",
    "KGB",
    "FSB",
    "GRU",
    "MI6",
    "Mossad",
];

/// Seats of government that stand for the institution in news prose (general knowledge).
const SEATS: &[&str] = &[
    "Kremlin",
    "White House",
    "Pentagon",
    "Downing Street",
    "Elysee",
    "Élysée",
    "Whitehall",
    "Zhongnanhai",
    "Blue House",
    "Quai d'Orsay",
    "Foggy Bottom",
];

/// Words that introduce a place: prepositions and motion verbs.
const PLACE_CUES: &[&str] = &[
    "in",
    "from",
    "to",
    "at",
    "near",
    "into",
    "across",
    "outside",
    "inside",
    "visited",
    "visit",
    "visiting",
    "toward",
    "towards",
    "via",
    "through",
    "around",
    "throughout",
    "reached",
    "entered",
    "capital",
];

/// Month and weekday names.
const CALENDAR: &[&str] = &[
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
    "jan",
    "feb",
    "mar",
    "apr",
    "jun",
    "jul",
    "aug",
    "sep",
    "sept",
    "oct",
    "nov",
    "dec",
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
];

/// The gazetteer: single words and multiword phrases (lower-cased) with category bits.
#[derive(Debug, Default)]
pub struct Lexicon {
    /// Category bits by the lower-case hash of one word.
    words: FastMap<u64, u16>,
    /// Category bits by the hash of a sequence of 2..=MAX_PHRASE lower-case word hashes.
    phrases: FastMap<u64, u16>,
    /// Lower-case hashes of words that start a multiword phrase.
    phrase_starts: FastMap<u64, u8>,
    /// `words` and `phrase_starts` in one compact table, for the per-token look-ups.
    word_table: KeyTable<(u16, u8)>,
    /// Country id (index into `country_names`) by lower-case hash of a name or alias (one word or
    /// a phrase hash).
    countries: FastMap<u64, u32>,
    /// Canonical country name per country id.
    country_names: Vec<String>,
    /// Singular demonym by lower-case hash of its plural (`russians` → `Russian`).
    demonym_singular: FastMap<u64, String>,
    /// The facts of the words tokens were made of, with this lexicon's look-ups, shared by the
    /// threads that analyze with it (allocated on first use).
    word_cache: WordCache,
}

/// Slots of a lexicon's word cache at most (a power of two): 4 MiB of 64-byte slots.
const WORD_SLOTS: usize = 65536;

/// Slots of a lexicon's word cache at first (a power of two): 64 KiB, doubled as it fills
/// (see [`SharedTable::table`]).
const WORD_SLOTS_MIN: usize = 1024;

/// The word cache of a lexicon: the facts of words with its look-ups (`features::word_facts`),
/// shared by every thread that analyzes with it (see [`crate::shared`]). Each lexicon owns its
/// own, so the facts of two lexicons never mix.
pub(crate) type WordCache = SharedTable<WORD_SLOTS_MIN, WORD_SLOTS>;

/// Longest gazetteer phrase in words.
pub(crate) const MAX_PHRASE: usize = 5;

/// Splits a name into lower-case word hashes, the way the tokenizer would split it (words,
/// abbreviations and the possessive are kept apart from spaces only; hyphens stay inside):
/// the first [`MAX_PHRASE`] of them and their count, which is `MAX_PHRASE + 1` for a longer name.
fn name_words(name: &str) -> ([u64; MAX_PHRASE], usize) {
    let mut words = [0u64; MAX_PHRASE];
    let mut n = 0;
    for w in name.split_whitespace() {
        match words.get_mut(n) {
            Some(slot) => *slot = hash_lower(w),
            None => return (words, MAX_PHRASE + 1),
        }
        n += 1;
    }
    (words, n)
}

/// Removes every leading `prefix` from `s` (as [`str::trim_start_matches`], without setting up a
/// substring search).
fn strip_all<'a>(mut s: &'a str, prefix: &str) -> &'a str {
    while let Some(rest) = s.strip_prefix(prefix) {
        s = rest;
    }
    s
}

/// Hash of a sequence of word hashes.
#[inline]
pub(crate) fn phrase_hash(words: &[u64]) -> u64 {
    words.iter().fold(0x51_7cc1_b727_220a_u64, |acc, &w| mix(acc, w))
}

/// First bytes of a lexicon written by [`Lexicon::to_bytes`] (the last one is the version).
const LEXICON_MAGIC: &[u8; 8] = b"LEDELEX1";

impl Lexicon {
    /// Builds the gazetteer from `keshvar` and the built-in lists.
    pub fn build() -> Lexicon {
        let mut lex = Lexicon::default();
        // Room for every listed word and about four names per country, so the maps are not
        // rehashed as they fill.
        let listed = [
            HONORIFICS,
            TITLES,
            TITLE_MODIFIERS,
            ORG_WORDS,
            LOC_WORDS,
            REGIONS,
            FIRST_NAMES,
            CALENDAR,
            FUNCTION_WORDS,
            KNOWN_ORGS,
            SEATS,
            PLACE_CUES,
            EXTRA_DEMONYMS,
        ]
        .iter()
        .map(|l| l.len())
        .sum::<usize>();
        lex.words.reserve(listed + 1024);
        lex.phrases.reserve(1024);
        lex.phrase_starts.reserve(512);
        lex.countries.reserve(1024);
        lex.demonym_singular.reserve(512);
        for w in HONORIFICS {
            lex.add(w, cat::HONORIFIC);
        }
        for w in TITLES {
            lex.add(w, cat::TITLE);
        }
        for w in TITLE_MODIFIERS {
            lex.add(w, cat::TITLE_MOD);
        }
        for w in ORG_WORDS {
            lex.add(w, cat::ORG_WORD);
        }
        for w in LOC_WORDS {
            lex.add(w, cat::LOC_WORD);
        }
        for w in REGIONS {
            lex.add(w, cat::REGION);
        }
        for w in FIRST_NAMES {
            lex.add(w, cat::FIRST_NAME);
        }
        for w in CALENDAR {
            lex.add(w, cat::CALENDAR);
        }
        for w in FUNCTION_WORDS {
            lex.add(w, cat::FUNCTION);
        }
        for w in KNOWN_ORGS {
            lex.add(w, cat::KNOWN_ORG);
        }
        for w in SEATS {
            lex.add(w, cat::SEAT);
        }
        for w in PLACE_CUES {
            lex.add(w, cat::PLACE_CUE);
        }
        for w in EXTRA_DEMONYMS {
            lex.add_demonym(w);
        }
        for country in keshvar::CountryIterator::new() {
            let id = u32::try_from(lex.country_names.len()).unwrap_or(u32::MAX);
            let short = country.iso_short_name();
            let mut names: Vec<&str> = vec![short, country.iso_long_name()];
            names.extend(country.unofficial_name_list().iter().copied().filter(|n| n.is_ascii()));
            let alpha3 = country.alpha3().to_string();
            let alpha2 = country.alpha2().to_string();
            // The best display name: the shortest ASCII alias that is a word (e.g. `Russia`).
            let display = names
                .iter()
                .filter(|n| n.chars().next().is_some_and(char::is_uppercase) && !n.contains(','))
                .min_by_key(|n| n.len())
                .copied()
                .unwrap_or(short);
            lex.country_names.push(display.to_string());
            for n in names {
                let n = strip_all(strip_all(n, "The "), "the ");
                if n.contains(',') || n.contains('(') {
                    continue;
                }
                let key = lex.add(n, cat::COUNTRY);
                lex.countries.insert(key, id);
            }
            // Three-letter codes that are used in prose (`USA`, `UAE`); two-letter ones only
            // for a few well-known cases, since most are ordinary words.
            if matches!(alpha3.as_str(), "USA" | "ARE") {
                lex.countries.insert(hash_lower(&alpha3), id);
                lex.add(&alpha3, cat::COUNTRY);
            }
            if matches!(alpha2.as_str(), "US" | "UK" | "GB") {
                lex.countries.insert(hash_lower(&alpha2), id);
                lex.add(&alpha2, cat::COUNTRY);
            }
            if let Some(nat) = country.maybe_nationality() {
                if nat.is_ascii() {
                    lex.add_demonym(nat);
                }
            }
        }
        for (alias, of) in [
            ("U.S.", "US"),
            ("U.S.A.", "US"),
            ("U.K.", "UK"),
            ("UK", "GB"),
            ("UAE", "AE"),
            ("America", "US"),
            ("Britain", "GB"),
        ] {
            if let Some(&id) = lex.countries.get(&hash_lower(of)) {
                lex.countries.insert(hash_lower(alias), id);
                lex.add(alias, cat::COUNTRY);
            }
        }
        lex.finish()
    }

    /// The lexicon with its per-token look-up table filled from its word maps.
    fn finish(mut self) -> Lexicon {
        self.word_table = KeyTable::with_capacity(self.words.len() + self.phrase_starts.len());
        for (&k, &bits) in &self.words {
            self.word_table.entry(k).0 = bits;
        }
        for (&k, &n) in &self.phrase_starts {
            self.word_table.entry(k).1 = n;
        }
        self
    }

    /// The maps of a built lexicon as bytes, for [`Lexicon::from_bytes`] (`build.rs` writes the
    /// built-in one): the magic, then each map as a count and its entries sorted by key (a
    /// hash key and a value; a text is a length and its UTF-8 bytes), and the country names,
    /// all little-endian.
    #[cfg_attr(not(test), allow(dead_code, reason = "used by build.rs and the tests"))]
    pub(crate) fn to_bytes(&self) -> Vec<u8> {
        fn sorted<V: Clone>(m: &FastMap<u64, V>) -> Vec<(u64, V)> {
            let mut v: Vec<(u64, V)> = m.iter().map(|(&k, v)| (k, v.clone())).collect();
            v.sort_unstable_by_key(|e| e.0);
            v
        }
        fn put_str(out: &mut Vec<u8>, s: &str) {
            out.extend_from_slice(&(s.len() as u32).to_le_bytes());
            out.extend_from_slice(s.as_bytes());
        }
        let mut out = LEXICON_MAGIC.to_vec();
        for map in [&self.words, &self.phrases] {
            out.extend_from_slice(&(map.len() as u32).to_le_bytes());
            for (k, v) in sorted(map) {
                out.extend_from_slice(&k.to_le_bytes());
                out.extend_from_slice(&v.to_le_bytes());
            }
        }
        out.extend_from_slice(&(self.phrase_starts.len() as u32).to_le_bytes());
        for (k, v) in sorted(&self.phrase_starts) {
            out.extend_from_slice(&k.to_le_bytes());
            out.push(v);
        }
        out.extend_from_slice(&(self.countries.len() as u32).to_le_bytes());
        for (k, v) in sorted(&self.countries) {
            out.extend_from_slice(&k.to_le_bytes());
            out.extend_from_slice(&v.to_le_bytes());
        }
        out.extend_from_slice(&(self.country_names.len() as u32).to_le_bytes());
        for name in &self.country_names {
            put_str(&mut out, name);
        }
        out.extend_from_slice(&(self.demonym_singular.len() as u32).to_le_bytes());
        for (k, v) in sorted(&self.demonym_singular) {
            out.extend_from_slice(&k.to_le_bytes());
            put_str(&mut out, &v);
        }
        out
    }

    /// Reads the maps [`Lexicon::to_bytes`] wrote (`None` when the bytes are not such maps:
    /// wrong magic, truncated or trailing bytes, a text that is not UTF-8).
    pub(crate) fn from_bytes(bytes: &[u8]) -> Option<Lexicon> {
        /// Takes `n` bytes off the front of `r`.
        fn take<'a>(r: &mut &'a [u8], n: usize) -> Option<&'a [u8]> {
            let (head, rest) = r.split_at_checked(n)?;
            *r = rest;
            Some(head)
        }
        fn u64_of(r: &mut &[u8]) -> Option<u64> {
            take(r, 8)?.try_into().ok().map(u64::from_le_bytes)
        }
        fn u32_of(r: &mut &[u8]) -> Option<u32> {
            take(r, 4)?.try_into().ok().map(u32::from_le_bytes)
        }
        fn u16_of(r: &mut &[u8]) -> Option<u16> {
            take(r, 2)?.try_into().ok().map(u16::from_le_bytes)
        }
        fn text(r: &mut &[u8]) -> Option<String> {
            let n = u32_of(r)? as usize;
            std::str::from_utf8(take(r, n)?).ok().map(str::to_string)
        }
        /// A map of `count` entries read by `entry`, sized for them (never more than the bytes
        /// left could hold).
        fn map<V>(r: &mut &[u8], entry: fn(&mut &[u8]) -> Option<(u64, V)>) -> Option<FastMap<u64, V>> {
            let n = u32_of(r)? as usize;
            let mut m = FastMap::default();
            m.reserve(n.min(r.len() / 9));
            for _ in 0..n {
                let (k, v) = entry(r)?;
                m.insert(k, v);
            }
            Some(m)
        }
        let mut r = bytes.strip_prefix(LEXICON_MAGIC.as_slice())?;
        let r = &mut r;
        let mut lex = Lexicon {
            words: map(r, |r| Some((u64_of(r)?, u16_of(r)?)))?,
            phrases: map(r, |r| Some((u64_of(r)?, u16_of(r)?)))?,
            phrase_starts: map(r, |r| Some((u64_of(r)?, *take(r, 1)?.first()?)))?,
            countries: map(r, |r| Some((u64_of(r)?, u32_of(r)?)))?,
            ..Lexicon::default()
        };
        let n = u32_of(r)? as usize;
        lex.country_names.reserve(n.min(r.len() / 4));
        for _ in 0..n {
            lex.country_names.push(text(r)?);
        }
        lex.demonym_singular = map(r, |r| Some((u64_of(r)?, text(r)?)))?;
        r.is_empty().then(|| lex.finish())
    }

    /// The lexicon's word cache.
    #[inline]
    pub(crate) fn word_cache(&self) -> &WordCache {
        &self.word_cache
    }

    fn add_demonym(&mut self, name: &str) {
        self.add(name, cat::DEMONYM);
        if !name.ends_with("ese") && !name.ends_with("sh") && !name.ends_with("ch") && !name.ends_with('s') {
            let plural = format!("{name}s");
            self.add(&plural, cat::DEMONYM);
            self.demonym_singular.insert(hash_lower(&plural), name.to_string());
        }
    }

    /// Adds category bits to a name (a word or a phrase of up to [`MAX_PHRASE`] words); returns
    /// the name's lookup key ([`phrase_or_word`]).
    fn add(&mut self, name: &str, bits: u16) -> u64 {
        let (words, n) = name_words(name);
        match (n, words.get(..n)) {
            (1, _) => {
                *self.words.entry(words[0]).or_insert(0) |= bits;
                words[0]
            }
            (2.., Some(phrase)) => {
                let key = phrase_hash(phrase);
                *self.phrases.entry(key).or_insert(0) |= bits;
                let e = self.phrase_starts.entry(words[0]).or_insert(0);
                *e = (*e).max(u8::try_from(n).unwrap_or(u8::MAX));
                key
            }
            _ => phrase_or_word(name),
        }
    }

    /// Category bits of one word given its lower-case hash.
    #[inline]
    pub fn word(&self, lower: u64) -> u16 {
        self.word_table.get(lower).map_or(0, |v| v.0)
    }

    /// Category bits of one word and the longest phrase it may start, in one look-up.
    #[inline]
    pub(crate) fn word_and_phrase_len(&self, lower: u64) -> (u16, usize) {
        self.word_table.get(lower).map_or((0, 0), |v| (v.0, usize::from(v.1)))
    }

    /// Longest phrase length a word may start (0 when none).
    #[inline]
    pub fn phrase_len(&self, lower: u64) -> usize {
        self.word_table.get(lower).map_or(0, |v| usize::from(v.1))
    }

    /// Category bits of a multiword phrase given its word hashes.
    #[inline]
    pub fn phrase(&self, words: &[u64]) -> u16 {
        self.phrases.get(&phrase_hash(words)).copied().unwrap_or(0)
    }

    /// The country a name (lower-case hash of one word, or phrase hash) stands for.
    pub fn country(&self, key: u64) -> Option<(u32, &str)> {
        let id = *self.countries.get(&key)?;
        Some((id, self.country_names.get(id as usize)?.as_str()))
    }

    /// The singular of a plural demonym (`Russians` → `Russian`).
    pub fn demonym_singular(&self, lower: u64) -> Option<&str> {
        self.demonym_singular.get(&lower).map(String::as_str)
    }
}

/// The lookup key of a name: the word hash for one word, the phrase hash for several.
pub(crate) fn phrase_or_word(name: &str) -> u64 {
    let mut it = name.split_whitespace();
    let first = hash_lower(it.next().unwrap_or(""));
    let mut acc = mix(0x51_7cc1_b727_220a_u64, first);
    let mut n = 1;
    for w in it {
        acc = mix(acc, hash_lower(w));
        n += 1;
    }
    if n == 1 { first } else { acc }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn countries_demonyms_and_titles() {
        let lex = Lexicon::build();
        assert!(lex.word(hash_lower("Russia")) & cat::COUNTRY != 0);
        assert!(lex.word(hash_lower("russian")) & cat::DEMONYM != 0);
        assert!(lex.word(hash_lower("Russians")) & cat::DEMONYM != 0);
        assert_eq!(lex.demonym_singular(hash_lower("Russians")), Some("Russian"));
        assert!(lex.word(hash_lower("President")) & cat::TITLE != 0);
        assert!(lex.word(hash_lower("mr")) & cat::HONORIFIC != 0);
        let words: Vec<u64> = ["south", "korea"].iter().map(|w| hash_lower(w)).collect();
        assert!(lex.phrase(&words) & cat::COUNTRY != 0);
        assert!(lex.country(hash_lower("U.S.")).is_some());
        assert_eq!(lex.country(hash_lower("U.S.")).map(|c| c.0), lex.country(hash_lower("USA")).map(|c| c.0));
    }

    #[test]
    fn prebuilt_lexicon_is_the_one_built() {
        let (pre, built) = (Lexicon::builtin(), Lexicon::build());
        assert_eq!(pre.words, built.words);
        assert_eq!(pre.phrases, built.phrases);
        assert_eq!(pre.phrase_starts, built.phrase_starts);
        assert_eq!(pre.countries, built.countries);
        assert_eq!(pre.country_names, built.country_names);
        assert_eq!(pre.demonym_singular, built.demonym_singular);
        for (&k, &bits) in &built.words {
            assert_eq!(pre.word(k), bits);
        }
        // Damaged bytes are refused.
        let bytes = built.to_bytes();
        assert!(Lexicon::from_bytes(&bytes).is_some());
        assert!(Lexicon::from_bytes(&bytes[..bytes.len() - 1]).is_none());
        assert!(Lexicon::from_bytes(&[bytes.as_slice(), &[0]].concat()).is_none());
        assert!(Lexicon::from_bytes(&bytes[1..]).is_none());
    }
}
