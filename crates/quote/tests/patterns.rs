//! Attribution patterns on passages written for these tests.

use lede_core::schema::{Entity, EntityOutput, EntityType, Mention, Quote, QuoteKind, QuoteOutput};
use lede_core::{Analyzer, AnalyzerError, BuildContext, Dependencies, Document, Options};
use lede_quote::{QuoteAnalyzer, QuoteConfig};
use std::path::Path;

/// An entity with every occurrence of each of `forms` in `text` as a mention.
fn entity(text: &str, name: &str, entity_type: EntityType, forms: &[&str]) -> Entity {
    let mut mentions = Vec::new();
    for form in forms {
        for (i, _) in text.match_indices(form) {
            mentions.push(Mention { start: i as u32, end: (i + form.len()) as u32, text: form.to_string() });
        }
    }
    mentions.sort_by_key(|m| m.start);
    let first = mentions.first().map_or(0, |m| m.start);
    Entity { name: name.to_string(), entity_type, count: mentions.len(), first, titles: Vec::new(), mentions }
}

fn run(text: &str, entities: Vec<Entity>) -> QuoteOutput {
    let doc = Document::new("t", text, None);
    QuoteAnalyzer::default().analyze_with(&doc, &EntityOutput { entities })
}

fn speech(out: &QuoteOutput) -> Vec<&Quote> {
    out.quotes.iter().filter(|q| q.kind == QuoteKind::Speech).collect()
}

fn span_text<'a>(text: &'a str, q: &Quote) -> &'a str {
    q.speaker_span.map_or("", |[a, b]| &text[a as usize..b as usize])
}

#[test]
fn interrupted_quote_gives_two_spans_with_one_speaker() {
    let text = "Maria Gonzalez leads the port authority.\n\
                “We have never seen traffic like this,” she said. “The cranes run all night.”";
    let out = run(text, vec![entity(text, "Maria Gonzalez", EntityType::Person, &["Maria Gonzalez"])]);
    let q = speech(&out);
    assert_eq!(q.len(), 2);
    assert_eq!(q[0].text, "We have never seen traffic like this,");
    assert_eq!(q[1].text, "The cranes run all night.");
    for x in &q {
        assert_eq!(x.speaker.as_deref(), Some("Maria Gonzalez"));
        assert_eq!(span_text(text, x), "she");
        assert_eq!(x.cue.as_deref(), Some("said"));
        assert!(x.closed);
    }
    assert_eq!(out.speakers.len(), 1);
    assert_eq!(out.speakers[0].quotes, 2);
    assert_eq!(out.speakers[0].words, 12);
}

#[test]
fn speaker_before_and_after_the_verb() {
    let text = "“The bridge will open in May,” said Tomas Berg, the city engineer.\n\
                “Nobody told us about the delay,” the shop owner complained.";
    let out = run(text, vec![entity(text, "Tomas Berg", EntityType::Person, &["Tomas Berg"])]);
    let q = speech(&out);
    assert_eq!(q.len(), 2);
    assert_eq!(q[0].speaker.as_deref(), Some("Tomas Berg"));
    assert_eq!(q[0].cue.as_deref(), Some("said"));
    assert_eq!(q[1].speaker.as_deref(), Some("shop owner"));
    assert_eq!(q[1].cue.as_deref(), Some("complained"));
}

#[test]
fn appositive_between_speaker_and_verb() {
    let text = "“Prices will keep rising through the winter,” Leila Haddad, an economist at the Central Bank of Tunis, warned on Monday.";
    let ents = vec![
        entity(text, "Leila Haddad", EntityType::Person, &["Leila Haddad"]),
        entity(text, "Central Bank of Tunis", EntityType::Organization, &["Central Bank of Tunis"]),
    ];
    let out = run(text, ents);
    let q = speech(&out);
    assert_eq!(q.len(), 1);
    assert_eq!(q[0].speaker.as_deref(), Some("Leila Haddad"));
    assert_eq!(span_text(text, q[0]), "Leila Haddad");
    assert_eq!(q[0].cue.as_deref(), Some("warned"));
}

#[test]
fn according_to_and_told_reporters() {
    let text = "The talks collapsed after midnight, according to Ana Ruiz. “There was no deal to be had,” \
                according to Ana Ruiz.\n\
                Officials were tired. Peter Lund told reporters: “We will try again next week.”";
    let ents = vec![
        entity(text, "Ana Ruiz", EntityType::Person, &["Ana Ruiz"]),
        entity(text, "Peter Lund", EntityType::Person, &["Peter Lund"]),
    ];
    let out = run(text, ents);
    let q = speech(&out);
    assert_eq!(q.len(), 2);
    assert_eq!(q[0].speaker.as_deref(), Some("Ana Ruiz"));
    assert_eq!(q[0].cue.as_deref(), Some("according to"));
    assert_eq!(q[1].speaker.as_deref(), Some("Peter Lund"));
    assert_eq!(q[1].cue.as_deref(), Some("told"));
}

#[test]
fn colon_introduced_paragraph_and_continued_quotation() {
    let text = "The mayor, Jonas Weber, read his statement aloud:\n\
                “This city has weathered worse storms than this one. We will rebuild every house.\n\
                “And we will do it together, street by street.”\n\
                Residents applauded.";
    let out = run(text, vec![entity(text, "Jonas Weber", EntityType::Person, &["Jonas Weber"])]);
    let q = speech(&out);
    assert_eq!(q.len(), 2, "{q:?}");
    assert!(q[0].closed, "continued in the next paragraph, so not unclosed");
    for x in &q {
        assert_eq!(x.speaker.as_deref(), Some("Jonas Weber"), "{x:?}");
    }
}

#[test]
fn carry_over_to_an_unattributed_paragraph() {
    let text = "“The vaccine works,” Dr. Amina Okafor said at the briefing.\n\
                “We saw it in every age group we studied, and we saw it quickly.”\n\
                The ministry did not comment.";
    let out = run(text, vec![entity(text, "Amina Okafor", EntityType::Person, &["Amina Okafor"])]);
    let q = speech(&out);
    assert_eq!(q.len(), 2);
    assert_eq!(q[1].speaker.as_deref(), Some("Amina Okafor"));
    assert_eq!(q[1].cue.as_deref(), Some("said"));
}

#[test]
fn pronoun_resolves_to_the_speaker_not_the_last_name() {
    let text = "Helen Marsh said the agreement favoured the larger partner. She added that Omar Said had \
                pushed for it.\n\
                “It was never going to be an equal deal,” she said.";
    let ents = vec![
        entity(text, "Helen Marsh", EntityType::Person, &["Helen Marsh"]),
        entity(text, "Omar Said", EntityType::Person, &["Omar Said"]),
    ];
    let out = run(text, ents);
    let q = speech(&out);
    assert_eq!(q.len(), 1);
    assert_eq!(q[0].speaker.as_deref(), Some("Helen Marsh"));
    assert_eq!(span_text(text, q[0]), "she");
}

#[test]
fn canonical_names_come_from_the_entity_analyzer() {
    let text = "Karin Olsen runs the shelter. “We are full every night,” Ms. Olsen said.\n\
                “We need more beds,” said Olsen.";
    // Only the full name is a mention here: the short forms are matched by their last word.
    let out = run(text, vec![entity(text, "Karin Olsen", EntityType::Person, &["Karin Olsen"])]);
    let q = speech(&out);
    assert_eq!(q.len(), 2);
    assert!(q.iter().all(|x| x.speaker.as_deref() == Some("Karin Olsen")), "{q:?}");
    assert_eq!(span_text(text, q[0]), "Olsen");
}

#[test]
fn unusual_reporting_verbs_and_sentence_shape() {
    let text = "“The budget is balanced,” the treasurer boasted.\n\
                “Sign here,” Carla Duarte instructed the clerk.\n\
                “We won,” Felix Amsel informed his staff.\n\
                “That is the end of it,” Rosa Lind smirked.";
    let out = run(text, Vec::new());
    let q = speech(&out);
    assert_eq!(q.len(), 4, "{q:?}");
    let cues: Vec<&str> = q.iter().map(|x| x.cue.as_deref().unwrap_or("")).collect();
    assert_eq!(cues, vec!["boasted", "instructed", "informed", "smirked"]);
    let speakers: Vec<&str> = q.iter().map(|x| x.speaker.as_deref().unwrap_or("")).collect();
    assert_eq!(speakers, vec!["treasurer", "Carla Duarte", "Felix Amsel", "Rosa Lind"]);
}

#[test]
fn descriptions_reuse_the_fuller_form() {
    let text = "A senior European diplomat said the summit had “achieved very little of substance for anyone.”\n\
                “Nobody wanted to be the first to move,” the diplomat said.";
    let out = run(text, Vec::new());
    let q = speech(&out);
    assert_eq!(q.len(), 2);
    assert_eq!(q[0].speaker.as_deref(), Some("senior European diplomat"));
    assert_eq!(q[1].speaker.as_deref(), Some("senior European diplomat"));
    assert_eq!(span_text(text, q[1]), "diplomat");
}

#[test]
fn joint_attribution_has_no_single_speaker() {
    let text = "Lena Park and Tom Reyes said they were “cautiously hopeful about the outcome of the vote.”";
    let out = run(text, Vec::new());
    let q = speech(&out);
    assert_eq!(q.len(), 1);
    assert_eq!(q[0].speaker, None);
    assert_eq!(span_text(text, q[0]), "Lena Park and Tom Reyes");
}

#[test]
fn phrases_are_told_apart_from_speech() {
    let text = "Critics called the plan a “fig leaf” for spending cuts. The slogan “Build It Better” \
                was everywhere. “We will not accept this,” the union leader said.";
    let out = run(text, Vec::new());
    let kinds: Vec<(&str, QuoteKind)> = out.quotes.iter().map(|q| (q.text.as_str(), q.kind)).collect();
    assert_eq!(
        kinds,
        vec![
            ("fig leaf", QuoteKind::Phrase),
            ("Build It Better", QuoteKind::Phrase),
            ("We will not accept this,", QuoteKind::Speech)
        ]
    );
    // Phrases are not counted among a speaker's quotations.
    assert_eq!(out.speakers.len(), 1);
}

#[test]
fn apostrophes_and_nested_quotes() {
    let text = "In the ’90s the town’s mill closed. “My father told me, ‘Don’t ever work there,’ and I \
                didn’t,” said Ruth Adler.";
    let out = run(text, Vec::new());
    assert_eq!(out.quotes.len(), 1);
    assert_eq!(out.quotes[0].text, "My father told me, ‘Don’t ever work there,’ and I didn’t,");
    assert_eq!(out.quotes[0].speaker.as_deref(), Some("Ruth Adler"));
}

#[test]
fn straight_quotes_and_double_apostrophes() {
    let text = "\"It is too early to tell,\" said Ivo Marek.\n''We are ready,'' Nora Blix said.";
    let out = run(text, Vec::new());
    let q = speech(&out);
    assert_eq!(q.len(), 2);
    assert_eq!(q[0].text, "It is too early to tell,");
    assert_eq!(q[0].speaker.as_deref(), Some("Ivo Marek"));
    assert_eq!(q[1].text, "We are ready,");
    assert_eq!(q[1].speaker.as_deref(), Some("Nora Blix"));
}

#[test]
fn dash_attribution() {
    let text = "“Quiet streets make for loud thoughts.” ― Ada Veld\n“Rain again.” ― Bo Lind";
    let out = run(text, Vec::new());
    let speakers: Vec<Option<&str>> = out.quotes.iter().map(|q| q.speaker.as_deref()).collect();
    assert_eq!(speakers, vec![Some("Ada Veld"), Some("Bo Lind")]);
}

#[test]
fn unbalanced_quote_does_not_swallow_the_document() {
    let text = "The governor said “we will look at every option and then the sentence runs on.\n\
                A new paragraph begins here. “This one is fine,” said the aide.\n\
                Final paragraph.";
    let out = run(text, Vec::new());
    assert_eq!(out.quotes.len(), 2);
    assert!(!out.quotes[0].closed);
    assert!(out.quotes[0].text.ends_with("runs on."));
    assert!(out.quotes[1].closed);
    assert_eq!(out.quotes[1].text, "This one is fine,");
    assert_eq!(out.quotes[1].speaker.as_deref(), Some("aide"));
}

#[test]
fn hostile_inputs_are_linear_and_never_panic() {
    let mut text = String::new();
    for i in 0..20_000 {
        text.push_str(match i % 7 {
            0 => "“",
            1 => "said ",
            2 => "he, ",
            3 => "\"",
            4 => "’s ",
            5 => "''\n",
            _ => "Word, ",
        });
    }
    let t0 = std::time::Instant::now();
    let out = run(&text, Vec::new());
    assert!(t0.elapsed().as_secs() < 5);
    for q in &out.quotes {
        assert!(text.get(q.start as usize..q.end as usize).is_some());
        assert!(q.end - q.start <= 5000);
    }
    // One paragraph with thousands of short quotations and no attribution.
    let many = "“x” and ".repeat(30_000);
    let t0 = std::time::Instant::now();
    let out = run(&many, Vec::new());
    assert_eq!(out.quotes.len(), 30_000);
    assert!(t0.elapsed().as_secs() < 10);
    for odd in ["", "“", "”", "\"\"", "''", "“”“", "‘", "said", "\u{2015}", "“a” ―", "\"x\" - ", ":\n“"]
    {
        let _ = run(odd, Vec::new());
    }
}

#[test]
fn analyzer_reads_the_entity_dependency() {
    let text = "“Fine,” said Jo Kim.";
    let doc = Document::new("t", text, None);
    let ents = serde_json::to_value(EntityOutput {
        entities: vec![entity(text, "Jo-Anne Kim", EntityType::Person, &["Jo Kim"])],
    })
    .expect("test setup");
    let analyzer = QuoteAnalyzer::default();
    assert_eq!(analyzer.dependencies()[0].name, "entity");
    let ents = lede_core::AnalysisResult::from(ents);
    let pairs = [("entity", &ents)];
    let out = analyzer.analyze(&doc, &Dependencies::new(&pairs)).expect("test setup");
    assert_eq!(out.quotes[0].speaker.as_deref(), Some("Jo-Anne Kim"));
    let missing = analyzer.analyze(&doc, &Dependencies::none());
    assert!(matches!(missing, Err(AnalyzerError::MissingDependency(_))));
}

#[test]
fn options_parse_and_reject_unknown_keys() {
    let kind = lede_quote::analyzer_kind();
    assert_eq!(kind.kind, "quote");
    let ctx = BuildContext { name: "quote", config_dir: Path::new("."), configured: &[] };
    let opts = Options::from_toml("entities = \"ner\"\nextra-verbs = [\"smirked\"]\n").expect("test setup");
    let built = (kind.build)(&opts, &ctx).expect("test setup");
    assert_eq!(built.dependencies()[0].name, "ner");
    let bad = Options::from_toml("entitys = \"ner\"\n").expect("test setup");
    assert!((kind.build)(&bad, &ctx).is_err());
    // The documented defaults parse as the defaults.
    let doc_opts = Options::from_toml(kind.options).expect("test setup");
    let cfg: QuoteConfig = doc_opts.parse().expect("test setup");
    assert_eq!(cfg.max_quote_bytes, QuoteConfig::default().max_quote_bytes);
}

#[test]
fn transcript_labels_name_the_speaker() {
    let text = "Dana Whitfield met the moderator.\n\n\"WHITFIELD: We start with taxes, as promised.\"\n\n\
                \"MODERATOR: And then?\"";
    let out = run(text, vec![entity(text, "Dana Whitfield", EntityType::Person, &["Dana Whitfield"])]);
    assert_eq!(out.quotes.len(), 2);
    assert_eq!(out.quotes[0].text, "We start with taxes, as promised.");
    assert_eq!(out.quotes[0].speaker.as_deref(), Some("Dana Whitfield"));
    assert_eq!(span_text(text, &out.quotes[0]), "WHITFIELD");
    assert_eq!(out.quotes[1].text, "And then?");
    assert_eq!(out.quotes[1].speaker.as_deref(), Some("MODERATOR"));
}

#[test]
fn reporting_clause_at_the_end_of_the_sentence() {
    let text = "“Close coordination” between the two ports is vital in these times, a spokesman for \
                the Harbour Board said this week.";
    let out = run(text, vec![entity(text, "Harbour Board", EntityType::Organization, &["Harbour Board"])]);
    assert_eq!(out.quotes.len(), 1);
    assert_eq!(out.quotes[0].kind, QuoteKind::Phrase);
    assert_eq!(out.quotes[0].speaker.as_deref(), Some("Harbour Board"));
    assert_eq!(out.quotes[0].cue.as_deref(), Some("said"));
}

#[test]
fn random_texts_and_bogus_entity_offsets_never_panic() {
    const PIECES: &[&str] = &[
        "“",
        "”",
        "‘",
        "’",
        "\"",
        "'",
        "''",
        " ",
        "\n",
        "\n\n",
        ",",
        ".",
        ":",
        "—",
        "―",
        "(",
        ")",
        "said",
        "he",
        "Mr.",
        "Ana",
        "Berg",
        "the",
        "official",
        "according",
        "to",
        "’s",
        "é",
        "北京",
        "told",
        "saying",
        "and",
        "who",
        "WALLACE:",
        "-",
        "?",
        "!",
    ];
    let mut seed: u64 = 0x9e37_79b9_7f4a_7c15;
    let mut next = move || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    for _ in 0..400 {
        let len = (next() % 120) as usize;
        let text: String = (0..len).map(|_| PIECES[(next() % PIECES.len() as u64) as usize]).collect();
        let mut mentions = Vec::new();
        for _ in 0..(next() % 6) {
            let a = (next() % (text.len() as u64 + 10)) as u32;
            let b = a.saturating_add((next() % 12) as u32);
            mentions.push(Mention { start: a, end: b, text: String::new() });
        }
        let ents = vec![Entity {
            name: "Ana Berg".into(),
            entity_type: EntityType::Person,
            count: mentions.len(),
            first: 0,
            titles: Vec::new(),
            mentions,
        }];
        let out = run(&text, ents);
        for q in &out.quotes {
            assert_eq!(text.get(q.start as usize..q.end as usize), Some(q.text.as_str()));
        }
    }
}
