//! The number analyzer of lede: every figure in a news text with its normalized value, kind,
//! unit, approximation modifier, the sentence it sits in and the noun it counts.
//!
//! Kinds: `cardinal`, `ordinal`, `percent`, `money`, `quantity`, `year`, `duration`, `age`,
//! `temperature`. Span and value conventions follow the seeds annotation guidelines: unit
//! words are in the span (`13 months`, `2 p.c`, `$470 million`), counted nouns and
//! approximators are not (`over 40 occasions` gives `40`, modifier `more-than`), money is the
//! full amount in the main currency unit with its ISO 4217 code, percents are the number itself.
//!
//! The scan is linear: one Aho-Corasick pass finds digits and number words, and each candidate
//! is parsed in a bounded window around it. Values that do not fit an `f64` (or come from more
//! than [`MAX_DIGITS`] digits) are null.
//!
//! ```
//! let found = lede_number::extract("Japan pledged $470 million in aid, about 2 p.c of output.");
//! assert_eq!(found[0].text, "$470 million");
//! assert_eq!(found[0].value, Some(470e6));
//! assert_eq!(found[0].counts.as_deref(), Some("aid"));
//! assert_eq!(found[1].kind, lede_number::Kind::Percent);
//! assert_eq!(found[1].modifier, Some("about"));
//! ```

#![cfg_attr(test, allow(clippy::unwrap_used))]

mod expr;
mod lex;
mod lexicon;
mod scan;

pub use expr::MAX_DIGITS;
pub use scan::{Item, Kind, ScanOptions, scan, scan_tokens};

use lede_core::registry::{AnalyzerKind, BuildContext, BuildError, Options};
use lede_core::{Analyzer, AnalyzerError, Dependencies, Document, DynAnalyzer};
use serde::{Deserialize, Serialize};

/// One figure in the output.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Number {
    /// First byte (UTF-8 offset into the document text).
    pub start: u32,
    /// One past the last byte.
    pub end: u32,
    /// The text of the span.
    pub text: String,
    /// What the figure is.
    pub kind: Kind,
    /// Normalized value; null when the text names no exact value or it does not fit an f64.
    pub value: Option<f64>,
    /// ISO 4217 code for money, a singular lower-case unit word otherwise, or null.
    pub unit: Option<&'static str>,
    /// An approximation or bound before the number (`about`, `more-than`, `less-than`,
    /// `at-least`, `at-most`, `up-to`, `exactly`, `plus-or-minus`), or its role in a range (`range-from`,
    /// `range-to`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub modifier: Option<&'static str>,
    /// The noun phrase the figure counts (`aid` in `$470 million in aid`), as written.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub counts: Option<String>,
    /// Index of the sentence (in the document's segmentation) that holds the figure.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sentence: Option<usize>,
}

/// The analyzer's result for one document.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Numbers {
    /// Every figure, in text order, without overlaps (unless `nested-numbers` is on).
    pub numbers: Vec<Number>,
}

/// Extracts the figures of a text (without sentence indices).
pub fn extract(text: &str) -> Vec<Number> {
    extract_with(text, ScanOptions::default(), None)
}

fn extract_with(text: &str, opts: ScanOptions, doc: Option<&Document>) -> Vec<Number> {
    let items = match doc {
        Some(d) => scan_tokens(text, &d.segmentation().tokens, opts),
        None => scan(text, opts),
    };
    // Sized for every item: collecting through the filter would start small and grow by doubling.
    let mut numbers = Vec::with_capacity(items.len());
    numbers.extend(items.into_iter().filter(|it| it.end > it.start).map(|it| {
        let start = u32::try_from(it.start).unwrap_or(u32::MAX);
        Number {
            start,
            end: u32::try_from(it.end).unwrap_or(u32::MAX),
            text: text.get(it.start..it.end).unwrap_or("").to_string(),
            kind: it.kind,
            value: it.value.filter(|v| v.is_finite()),
            unit: it.unit,
            modifier: it.modifier,
            counts: it.counts.and_then(|(s, e)| text.get(s..e)).map(str::to_string),
            sentence: doc.and_then(|d| d.segmentation().sentence_index_at(start)),
        }
    }));
    numbers
}

/// Options of the number analyzer (`[analyzers.number]` in the pipeline config).
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case", default)]
pub struct NumberConfig {
    /// Report cents and pence as written (`34 cents`: value 34) instead of converting them to
    /// the main unit (0.34 USD).
    pub minor_units_as_written: bool,
    /// Also report relative ordinals (`last`, `next`, `previous`, `penultimate`) with a null
    /// value (off for news: "last week" is not a figure).
    pub relative_ordinals: bool,
    /// Also report unit words without a number (`percent`, `%`, `fahrenheit`, `dollars`) with a
    /// null value.
    pub bare_units: bool,
    /// Also report the plain number inside money and durations (`470 million` inside
    /// `$470 million`) as a cardinal of its own (these items overlap their container).
    pub nested_numbers: bool,
    /// Do not give the first number of a range the unit of the second (`10-15%` then gives
    /// `10` as a cardinal, not as a percent).
    pub no_range_units: bool,
    /// Leave out the `counts` field.
    pub no_counts: bool,
}

/// The number analyzer.
#[derive(Clone, Debug, Default)]
pub struct NumberAnalyzer {
    config: NumberConfig,
}

impl NumberAnalyzer {
    /// An analyzer with the given options.
    pub fn new(config: NumberConfig) -> NumberAnalyzer {
        NumberAnalyzer { config }
    }
}

impl Analyzer for NumberAnalyzer {
    type Output = Numbers;

    fn name(&self) -> &str {
        "number"
    }

    fn analyze(&self, doc: &Document, _deps: &Dependencies<'_>) -> Result<Numbers, AnalyzerError> {
        let opts = ScanOptions {
            minor_units_as_written: self.config.minor_units_as_written,
            relative_ordinals: self.config.relative_ordinals,
            bare_units: self.config.bare_units,
            nested_numbers: self.config.nested_numbers,
            no_range_units: self.config.no_range_units,
        };
        let mut numbers = extract_with(doc.text(), opts, Some(doc));
        if self.config.no_counts {
            for n in &mut numbers {
                n.counts = None;
            }
        }
        Ok(Numbers { numbers })
    }

    fn json_writer() -> Option<lede_core::JsonWriter<Numbers>> {
        Some(write_numbers)
    }
}

/// Writes `numbers` as compact JSON: the bytes the derived `Serialize` impls give through
/// `serde_json` (tested below), without serde's call per field; each number is one
/// [`write_item_in`](lede_core::json::write_item_in).
fn write_numbers(numbers: &Numbers, out: &mut Vec<u8>) {
    use lede_core::json::{write_item_in, write_seq};
    out.extend_from_slice(b"{\"numbers\":");
    // Numbers with what they count run to 200 bytes.
    write_seq(out, &numbers.numbers, |out, n| {
        write_item_in::<256>(out, |b| write_number(b, n), |v| write_number(v, n));
    });
    out.push(b'}');
}

/// One number: `{"start":..,"end":..,"text":..,"kind":..,"value":..,"unit":..` and the
/// optional fields.
#[inline(always)]
fn write_number<S: lede_core::json::Sink>(out: &mut S, n: &Number) {
    out.span(n.start, n.end);
    out.put(b",\"text\":");
    out.str(&n.text);
    out.put(b",\"kind\":");
    out.str(n.kind.as_str());
    out.put(b",\"value\":");
    match n.value {
        Some(v) => out.f64(v),
        None => out.put(b"null"),
    }
    out.put(b",\"unit\":");
    out.opt_str(n.unit);
    if let Some(m) = n.modifier {
        out.put(b",\"modifier\":");
        out.str(m);
    }
    if let Some(c) = &n.counts {
        out.put(b",\"counts\":");
        out.str(c);
    }
    if let Some(s) = n.sentence {
        out.put(b",\"sentence\":");
        out.uint(s as u64);
    }
    out.put(b"}");
}

/// Errors of this crate (building the analyzer).
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum NumberError {
    /// The options could not be parsed.
    #[error("bad number analyzer options: {0}")]
    Options(#[from] BuildError),
}

fn build(options: &Options<'_>, _ctx: &BuildContext<'_>) -> Result<Box<dyn DynAnalyzer>, BuildError> {
    let config: NumberConfig = options.parse()?;
    Ok(Box::new(NumberAnalyzer::new(config)))
}

/// The `number` analyzer kind for the registry.
pub fn analyzer_kind() -> AnalyzerKind {
    AnalyzerKind {
        kind: "number",
        summary: "Figures in the text: cardinals, ordinals, percents, money, quantities, years, durations, ages.",
        options: "# Report cents and pence as written (\"34 cents\" = 34) instead of in the main unit (0.34 USD).\n\
                  minor-units-as-written = false\n\
                  # Also report relative ordinals (\"last\", \"next\", \"penultimate\") with a null value.\n\
                  relative-ordinals = false\n\
                  # Also report unit words without a number (\"percent\", \"%\", \"fahrenheit\") with a null value.\n\
                  bare-units = false\n\
                  # Also report the plain number inside money and durations as a cardinal (overlapping items).\n\
                  nested-numbers = false\n\
                  # Keep the first number of a range (\"10-15%\") a plain cardinal instead of giving it the second's unit.\n\
                  no-range-units = false\n\
                  # Leave out the noun each figure counts.\n\
                  no-counts = false\n",
        build,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_writer_gives_what_serde_json_gives() {
        let kinds = [
            Kind::Cardinal,
            Kind::Ordinal,
            Kind::Percent,
            Kind::Money,
            Kind::Quantity,
            Kind::Year,
            Kind::Duration,
            Kind::Age,
            Kind::Temperature,
        ];
        let mut numbers: Vec<Number> = (0..20usize)
            .map(|i| Number {
                start: i as u32,
                end: u32::MAX - i as u32,
                text: ["", "$470 million", "“2” \"x\"\n\\\u{1}", "½ — 北京"][i % 4].to_string(),
                kind: kinds[i % kinds.len()],
                value: [None, Some(0.0), Some(-0.0), Some(470e6), Some(0.1 + 0.2), Some(1e21), Some(f64::NAN)][i % 7],
                unit: [None, Some("USD"), Some("percent")][i % 3],
                modifier: [None, Some("more-than")][i % 2],
                counts: (i % 3 == 1).then(|| "aid \"x\"".to_string()),
                sentence: (i % 4 != 0).then_some(i * 1000),
            })
            .collect();
        numbers.push(Number { value: Some(f64::INFINITY), ..numbers[1].clone() });
        for v in [Numbers { numbers }, Numbers::default()] {
            let mut out = Vec::new();
            write_numbers(&v, &mut out);
            assert_eq!(String::from_utf8_lossy(&out), serde_json::to_string(&v).unwrap());
            // Through the runner's path as well.
            let mut out = Vec::new();
            lede_core::AnalysisResult::of::<NumberAnalyzer>(v.clone()).write_json(&mut out).unwrap();
            assert_eq!(String::from_utf8_lossy(&out), serde_json::to_string(&v).unwrap());
        }
    }
}
