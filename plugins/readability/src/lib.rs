//! Example lede plugin: readability scores of a document.
//!
//! Counts sentences, words and syllables (a vowel-group heuristic for English) and reports the
//! Flesch reading ease (higher is easier; 60-70 is plain English) and the Flesch-Kincaid grade
//! level, plus the longest sentence and how many sentences are long.
//!
//! ```toml
//! [analyzers.readability]
//! kind = "plugin"
//! path = "../target/release/liblede_plugin_readability.so"
//! config = { long-sentence-words = 30 }
//! ```
#![cfg_attr(test, allow(clippy::unwrap_used))]

use lede_plugin_sdk::{Analyzer, AnalyzerError, Dependencies, Document, Plugin, PluginError, TokenKind};
use serde::{Deserialize, Serialize};

/// Settings (the `config` table).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case", default)]
pub struct Config {
    /// A sentence with at least this many words counts as long.
    pub long_sentence_words: usize,
}

impl Default for Config {
    fn default() -> Config {
        Config { long_sentence_words: 30 }
    }
}

/// The longest sentence of a document.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Longest {
    /// Start byte.
    pub start: u32,
    /// End byte.
    pub end: u32,
    /// Number of words.
    pub words: usize,
}

/// The result for one document.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Readability {
    /// Sentences with at least one word.
    pub sentences: usize,
    /// Words (numbers and punctuation excluded).
    pub words: usize,
    /// Estimated syllables.
    pub syllables: usize,
    /// Flesch reading ease, rounded to one decimal; `None` for a text without words.
    pub flesch_reading_ease: Option<f64>,
    /// Flesch-Kincaid grade level, rounded to one decimal; `None` for a text without words.
    pub flesch_kincaid_grade: Option<f64>,
    /// Sentences of at least `long-sentence-words` words.
    pub long_sentences: usize,
    /// The longest sentence, if any.
    pub longest_sentence: Option<Longest>,
}

/// The analyzer.
#[derive(Debug, Clone, Default)]
pub struct ReadabilityAnalyzer {
    config: Config,
}

impl ReadabilityAnalyzer {
    /// An analyzer with the given settings.
    pub fn new(config: Config) -> ReadabilityAnalyzer {
        ReadabilityAnalyzer { config }
    }
}

/// Estimated syllables of an English word: vowel groups (`y` counts as a vowel after the first
/// letter), minus a silent final `e` (but not in `-le`), at least one.
pub fn syllables(word: &str) -> usize {
    let letters: Vec<char> = word.chars().filter(|c| c.is_alphabetic()).map(|c| c.to_ascii_lowercase()).collect();
    if letters.is_empty() {
        return 0;
    }
    let is_vowel = |i: usize, c: char| matches!(c, 'a' | 'e' | 'i' | 'o' | 'u') || (c == 'y' && i > 0) || !c.is_ascii();
    let mut count = 0;
    let mut prev = false;
    for (i, &c) in letters.iter().enumerate() {
        let v = is_vowel(i, c);
        if v && !prev {
            count += 1;
        }
        prev = v;
    }
    // A silent final `e` (`make`), but not a consonant + `le` (`table`).
    if count > 1
        && let [.., before, last_but_one, 'e'] = letters.as_slice()
        && (*last_but_one != 'l' || is_vowel(1, *before))
    {
        count -= 1;
    }
    count.max(1)
}

fn round1(x: f64) -> f64 {
    (x * 10.0).round() / 10.0
}

impl Analyzer for ReadabilityAnalyzer {
    type Output = Readability;

    fn name(&self) -> &str {
        "readability"
    }

    fn analyze(&self, doc: &Document, _deps: &Dependencies<'_>) -> Result<Readability, AnalyzerError> {
        let seg = doc.segmentation();
        let text = doc.text();
        let mut out = Readability {
            sentences: 0,
            words: 0,
            syllables: 0,
            flesch_reading_ease: None,
            flesch_kincaid_grade: None,
            long_sentences: 0,
            longest_sentence: None,
        };
        for sentence in &seg.sentences {
            let mut words = 0;
            for token in seg.sentence_tokens(sentence) {
                if matches!(token.kind, TokenKind::Word | TokenKind::Abbreviation) {
                    words += 1;
                    out.syllables += syllables(token.span.slice(text));
                }
            }
            if words == 0 {
                continue;
            }
            out.sentences += 1;
            out.words += words;
            if words >= self.config.long_sentence_words {
                out.long_sentences += 1;
            }
            if out.longest_sentence.as_ref().is_none_or(|l| words > l.words) {
                out.longest_sentence = Some(Longest { start: sentence.span.start, end: sentence.span.end, words });
            }
        }
        if out.words > 0 {
            let wps = out.words as f64 / out.sentences.max(1) as f64;
            let spw = out.syllables as f64 / out.words as f64;
            out.flesch_reading_ease = Some(round1(206.835 - 1.015 * wps - 84.6 * spw));
            out.flesch_kincaid_grade = Some(round1(0.39 * wps + 11.8 * spw - 15.59));
        }
        Ok(out)
    }
}

impl Plugin for ReadabilityAnalyzer {
    fn create(config: serde_json::Value) -> Result<Self, PluginError> {
        let config: Config = lede_plugin_sdk::parse_config(config)?;
        if config.long_sentence_words == 0 {
            return Err(PluginError::Config("`long-sentence-words` must be at least 1".into()));
        }
        Ok(ReadabilityAnalyzer::new(config))
    }
}

lede_plugin_sdk::export_plugin!(ReadabilityAnalyzer);

#[cfg(test)]
mod tests {
    use super::*;

    fn run(text: &str) -> Readability {
        ReadabilityAnalyzer::default().analyze(&Document::new("t", text, None), &Dependencies::none()).unwrap()
    }

    #[test]
    fn syllable_heuristic() {
        for (w, n) in [("cat", 1), ("table", 2), ("make", 1), ("reading", 2), ("beautiful", 3), ("a", 1)] {
            assert_eq!(syllables(w), n, "{w}");
        }
        assert_eq!(syllables("42"), 0);
    }

    #[test]
    fn simple_text_is_easy_and_dense_text_is_hard() {
        let easy = run("The cat sat. The dog ran. We all had fun.");
        assert_eq!((easy.sentences, easy.words), (3, 10));
        assert!(easy.flesch_reading_ease.unwrap() > 90.0, "{easy:?}");
        let hard = run("Notwithstanding considerable institutional reluctance, the administration's comprehensive \
             modernization initiative fundamentally reorganized intergovernmental responsibilities.");
        assert!(hard.flesch_reading_ease.unwrap() < 0.0, "{hard:?}");
        assert!(hard.flesch_kincaid_grade.unwrap() > easy.flesch_kincaid_grade.unwrap());
    }

    #[test]
    fn longest_sentence_span_and_empty_text() {
        let text = "Short one. This second sentence is clearly the longer of the two.";
        let r = run(text);
        let l = r.longest_sentence.unwrap();
        assert_eq!(&text[l.start as usize..l.end as usize], "This second sentence is clearly the longer of the two.");
        assert_eq!(l.words, 10);
        let empty = run("");
        assert_eq!((empty.words, empty.flesch_reading_ease), (0, None));
        assert!(ReadabilityAnalyzer::create(serde_json::json!({"long-sentence-words": 0})).is_err());
        assert!(ReadabilityAnalyzer::create(serde_json::json!({"bogus": 1})).is_err());
    }

    #[test]
    fn seeds_end_to_end() {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../../seeds");
        let mut seen = 0;
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.extension().is_some_and(|e| e == "txt") {
                let r = run(&std::fs::read_to_string(&path).unwrap());
                assert!(r.words > 50 && r.sentences > 2, "{path:?}: {r:?}");
                let ease = r.flesch_reading_ease.unwrap();
                assert!((-50.0..=110.0).contains(&ease), "{path:?}: {ease}");
                seen += 1;
            }
        }
        assert!(seen >= 5);
    }
}
