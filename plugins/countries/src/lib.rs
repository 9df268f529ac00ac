//! Example lede plugin that depends on a built-in result: a map of the countries a document
//! mentions, built from the entity analyzer's output (a required dependency).
//!
//! Location entities are matched against a table of countries (names, common short forms and
//! capitals used as metonyms, such as `Kremlin`); with `demonyms = true`, so are Misc entities
//! such as `French` or `Ukrainian`. Each country is reported with its ISO 3166-1 code, its
//! number of mentions, the names that matched, and every mention span.
//!
//! ```toml
//! [analyzers.countries]
//! kind = "plugin"
//! path = "../target/release/liblede_plugin_countries.so"
//! config = { entities = "entity", demonyms = true }
//! ```
#![cfg_attr(test, allow(clippy::unwrap_used))]

use lede_plugin_sdk::schema::{EntityOutput, EntityType};
use lede_plugin_sdk::{Analyzer, AnalyzerError, Dependencies, Dependency, Document, Plugin, PluginError};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

/// The country table: `CODE|Name|other names|demonyms`, one country a line.
const TABLE: &str = include_str!("../data/countries.txt");

/// Settings (the `config` table).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case", default)]
pub struct Config {
    /// The configured name of the entity analyzer to read (`entity` in the default pipeline).
    pub entities: String,
    /// Also count nationality adjectives and demonyms (`French`, `Ukrainians`).
    pub demonyms: bool,
    /// Report only countries with at least this many mentions.
    pub min_mentions: usize,
}

impl Default for Config {
    fn default() -> Config {
        Config { entities: "entity".into(), demonyms: true, min_mentions: 1 }
    }
}

/// One mention of a country.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CountryMention {
    /// Start byte.
    pub start: u32,
    /// End byte.
    pub end: u32,
    /// As written.
    pub text: String,
}

/// One country of a document.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Country {
    /// ISO 3166-1 alpha-2 code (`XK` for Kosovo).
    pub code: &'static str,
    /// Canonical English name.
    pub name: &'static str,
    /// Number of mentions.
    pub mentions: usize,
    /// Start byte of the first mention.
    pub first: u32,
    /// The entity names that matched, in order of first appearance.
    pub via: Vec<String>,
    /// Every mention, in text order.
    pub spans: Vec<CountryMention>,
}

/// The result for one document.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Countries {
    /// Countries by number of mentions (most first), then by first mention.
    pub countries: Vec<Country>,
}

#[derive(Debug, Clone, Copy)]
struct Entry {
    code: &'static str,
    name: &'static str,
    demonym: bool,
}

/// The analyzer.
#[derive(Debug, Clone)]
pub struct CountriesAnalyzer {
    config: Config,
    names: HashMap<String, Entry>,
}

/// Lowercases, drops a leading `the `, periods and possessive `'s`, and folds curly apostrophes.
fn normalize(name: &str) -> String {
    let mut s: String = name.trim().replace(['’', '‘'], "'").replace('.', "").to_lowercase();
    if let Some(rest) = s.strip_prefix("the ") {
        s = rest.to_string();
    }
    if let Some(rest) = s.strip_suffix("'s") {
        s = rest.to_string();
    }
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

impl CountriesAnalyzer {
    /// An analyzer with the given settings and the built-in country table.
    pub fn new(config: Config) -> CountriesAnalyzer {
        let mut names = HashMap::new();
        for line in TABLE.lines().filter(|l| !l.starts_with('#') && !l.trim().is_empty()) {
            let mut fields = line.split('|');
            let (Some(code), Some(name)) = (fields.next(), fields.next()) else { continue };
            let others = fields.next().unwrap_or("");
            let demonyms = fields.next().unwrap_or("");
            let place = Entry { code, name, demonym: false };
            for n in std::iter::once(name).chain(others.split(',')).filter(|n| !n.is_empty()) {
                names.entry(normalize(n)).or_insert(place);
            }
            for d in demonyms.split(',').filter(|n| !n.is_empty()) {
                let entry = Entry { demonym: true, ..place };
                names.entry(normalize(d)).or_insert(entry);
                // Plural people: `Ukrainians`, `Swedes` are not derived; `-s` covers most.
                names.entry(normalize(d) + "s").or_insert(entry);
            }
        }
        CountriesAnalyzer { config, names }
    }

    fn lookup(&self, name: &str, entity_type: EntityType) -> Option<Entry> {
        let entry = *self.names.get(&normalize(name))?;
        match entity_type {
            EntityType::Location | EntityType::Organization if !entry.demonym => Some(entry),
            EntityType::Misc | EntityType::Location if entry.demonym && self.config.demonyms => Some(entry),
            _ => None,
        }
    }
}

impl Default for CountriesAnalyzer {
    fn default() -> CountriesAnalyzer {
        CountriesAnalyzer::new(Config::default())
    }
}

impl Analyzer for CountriesAnalyzer {
    type Output = Countries;

    fn name(&self) -> &str {
        "countries"
    }

    fn dependencies(&self) -> Vec<Dependency> {
        vec![Dependency::required(self.config.entities.clone())]
    }

    fn analyze(&self, _doc: &Document, deps: &Dependencies<'_>) -> Result<Countries, AnalyzerError> {
        let entities: EntityOutput = deps.require(&self.config.entities)?;
        let mut by_code: Vec<Country> = Vec::new();
        for entity in &entities.entities {
            // Organizations only match by full country name (`Kremlin`-style metonyms are tagged
            // as locations or organizations depending on the tagger).
            let Some(entry) = self.lookup(&entity.name, entity.entity_type) else { continue };
            let idx = match by_code.iter().position(|c| c.code == entry.code) {
                Some(i) => i,
                None => {
                    by_code.push(Country {
                        code: entry.code,
                        name: entry.name,
                        mentions: 0,
                        first: u32::MAX,
                        via: Vec::new(),
                        spans: Vec::new(),
                    });
                    by_code.len() - 1
                }
            };
            let country = &mut by_code[idx];
            if !country.via.contains(&entity.name) {
                country.via.push(entity.name.clone());
            }
            for m in &entity.mentions {
                country.spans.push(CountryMention { start: m.start, end: m.end, text: m.text.clone() });
            }
        }
        for c in &mut by_code {
            c.spans.sort_by_key(|m| (m.start, m.end));
            c.spans.dedup_by_key(|m| (m.start, m.end));
            c.mentions = c.spans.len();
            c.first = c.spans.first().map_or(0, |m| m.start);
        }
        by_code.retain(|c| c.mentions >= self.config.min_mentions.max(1));
        by_code.sort_by(|a, b| b.mentions.cmp(&a.mentions).then(a.first.cmp(&b.first)));
        Ok(Countries { countries: by_code })
    }
}

impl Plugin for CountriesAnalyzer {
    fn create(config: serde_json::Value) -> Result<Self, PluginError> {
        let config: Config = lede_plugin_sdk::parse_config(config)?;
        if config.entities.is_empty() {
            return Err(PluginError::Config("`entities` must name the configured entity analyzer".into()));
        }
        Ok(CountriesAnalyzer::new(config))
    }
}

lede_plugin_sdk::export_plugin!(CountriesAnalyzer);

#[cfg(test)]
mod tests {
    use super::*;
    use lede_plugin_sdk::schema::{Entity, Mention};
    use serde_json::json;

    /// A hand-made entity result: every occurrence of each `(name, type)` in `text`.
    pub(crate) fn entities(text: &str, names: &[(&str, EntityType)]) -> serde_json::Value {
        let mut out = EntityOutput::default();
        for (name, ty) in names {
            let mentions: Vec<Mention> = text
                .match_indices(name)
                .map(|(i, m)| Mention { start: i as u32, end: (i + m.len()) as u32, text: m.to_string() })
                .collect();
            out.entities.push(Entity {
                name: name.to_string(),
                entity_type: *ty,
                count: mentions.len(),
                first: mentions.first().map_or(0, |m| m.start),
                titles: Vec::new(),
                mentions,
            });
        }
        serde_json::to_value(out).unwrap()
    }

    fn run(analyzer: &CountriesAnalyzer, text: &str, names: &[(&str, EntityType)]) -> Countries {
        let ents = entities(text, names);
        let ents = lede_plugin_sdk::lede_core::AnalysisResult::from(ents);
        let pairs = [("entity", &ents)];
        analyzer.analyze(&Document::new("t", text, None), &Dependencies::new(&pairs)).unwrap()
    }

    #[test]
    fn maps_locations_and_demonyms_to_countries() {
        let text = "Talks in the U.S. resumed. American and Canadian envoys met; the United States said \
                    Canada would host. Ottawa agreed. Mr Dutch, a banker, declined.";
        let out = run(
            &CountriesAnalyzer::default(),
            text,
            &[
                ("U.S.", EntityType::Location),
                ("American", EntityType::Misc),
                ("Canadian", EntityType::Misc),
                ("United States", EntityType::Location),
                ("Canada", EntityType::Location),
                ("Ottawa", EntityType::Location),
                ("Dutch", EntityType::Person),
            ],
        );
        let codes: Vec<(&str, usize)> = out.countries.iter().map(|c| (c.code, c.mentions)).collect();
        assert_eq!(codes, vec![("US", 3), ("CA", 2)]);
        let us = &out.countries[0];
        assert_eq!(us.via, vec!["U.S.", "American", "United States"]);
        assert_eq!(&text[us.spans[0].start as usize..us.spans[0].end as usize], "U.S.");
        assert_eq!(us.first, 13);
    }

    #[test]
    fn demonyms_can_be_switched_off_and_missing_entities_are_an_error() {
        let off = CountriesAnalyzer::create(json!({"demonyms": false})).unwrap();
        let out = run(
            &off,
            "French and German officials met in Berlin.",
            &[("French", EntityType::Misc), ("Germany", EntityType::Location)],
        );
        assert!(out.countries.is_empty(), "{out:?}");
        let err = off.analyze(&Document::new("t", "x", None), &Dependencies::none()).unwrap_err();
        assert!(matches!(err, AnalyzerError::MissingDependency(ref n) if n == "entity"), "{err}");
        assert!(CountriesAnalyzer::create(json!({"entity": "x"})).is_err());
        let named = CountriesAnalyzer::create(json!({"entities": "ner"})).unwrap();
        assert_eq!(named.dependencies(), vec![Dependency::required("ner")]);
    }

    #[test]
    fn normalization() {
        assert_eq!(normalize(" The  Netherlands "), "netherlands");
        assert_eq!(normalize("Russia’s"), "russia");
        let a = CountriesAnalyzer::default();
        assert_eq!(a.lookup("Ukrainians", EntityType::Misc).map(|e| e.code), Some("UA"));
        assert_eq!(a.lookup("Georgia", EntityType::Person).map(|e| e.code), None);
    }

    #[test]
    fn seeds_end_to_end() {
        // No entity tagger here: every capitalized word of a seed stands in as a location.
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../../seeds");
        let analyzer = CountriesAnalyzer::default();
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.extension().is_none_or(|e| e != "txt") {
                continue;
            }
            let text = std::fs::read_to_string(&path).unwrap();
            let mut words: Vec<&str> = text
                .split(|c: char| !c.is_alphanumeric() && c != '.')
                .map(|w| w.trim_end_matches('.'))
                .filter(|w| w.chars().next().is_some_and(char::is_uppercase))
                .collect();
            words.sort_unstable();
            words.dedup();
            let names: Vec<(&str, EntityType)> = words.iter().map(|w| (*w, EntityType::Location)).collect();
            let out = run(&analyzer, &text, &names);
            for c in &out.countries {
                assert!(c.mentions >= 1);
                for m in &c.spans {
                    assert_eq!(&text[m.start as usize..m.end as usize], m.text);
                }
            }
        }
    }
}
