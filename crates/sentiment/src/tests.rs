//! Unit tests on sentences written for these tests: each rule, asserted by the direction of the score.

use super::*;
use lede_core::AnalysisResult;
use lede_core::schema::{Entity, Mention, Quote, Speaker};
use serde_json::json;

fn s(text: &str) -> f32 {
    thread_local! {
        static A: SentimentAnalyzer = SentimentAnalyzer::default();
    }
    A.with(|a| a.score_text(text))
}

#[test]
fn plain_polarity() {
    assert!(s("The new bridge is a wonderful success.") > 0.3);
    assert!(s("The flood was a terrible disaster for the town.") < -0.3);
    assert!(s("The committee meets on Thursday in the town hall.").abs() < NEUTRAL_BAND);
}

#[test]
fn wordnet_expansion_scores_words_the_seed_lexicons_lack() {
    // `fatuous` and `jubilance` are in none of VADER, Pattern or the news supplement.
    assert!(s("The speech was fatuous.") < -0.05);
    assert!(s("The jubilance of the crowd filled the square.") > 0.05);
    assert!(s("The speech was not fatuous.") > s("The speech was fatuous."));
    // Names that WordNet lists next to loaded words get nothing from it.
    assert!(s("Adam and Eden met the Goth in the afternoon.").abs() < NEUTRAL_BAND);
}

#[test]
fn negation_flips() {
    assert!(s("The summit was a success.") > 0.1);
    assert!(s("The summit was not a success.") < 0.0);
    assert!(s("The talks brought a breakthrough.") > 0.1);
    assert!(s("The talks brought no breakthrough.") < 0.0);
    assert!(s("The plan never worked well and nobody was happy.") < 0.0);
    // Negation does not reach across a clause break.
    assert!(s("It was not raining, and the festival was a joy.") > 0.1);
    // "not only" is not a negation.
    let not_only = s("The reform is not only fair but also popular.");
    assert!(not_only > 0.0 && not_only > s("The reform is not fair and not popular.") + 0.1, "{not_only}");
}

#[test]
fn intensifiers_and_hedges() {
    let base = s("The results were good.");
    assert!(s("The results were very good.") > base);
    assert!(s("The results were slightly good.") < base);
    assert!(s("The results were slightly good.") > 0.0);
    let bad = s("The economy is weak.");
    assert!(s("The economy is extremely weak.") < bad);
    assert!(s("The economy is somewhat weak.") > bad);
    // `far` and `much` are degree adverbs before a comparative.
    assert!(s("The harvest was far better this year.") > s("The harvest was better this year."));
    assert!(s("The storm was much worse this year.") < s("The storm was worse this year."));
    // A news hedge: a largely symbolic step is not good news.
    assert!(s("The measure was largely symbolic.") <= 0.0);
}

#[test]
fn contrast_and_concession() {
    // After "but"/"however" the second clause dominates.
    assert!(s("The hotel was lovely, but the service was awful.") < 0.0);
    assert!(s("The service was awful, but the hotel was lovely.") > 0.0);
    assert!(s("The plan is ambitious. However, it is a failure.") < s("The plan is ambitious."));
    assert!(s("The start was bad; however, the final result was excellent.") > 0.0);
    // A concessive clause weighs less than the main clause.
    assert!(s("Although the talks were friendly, the outcome was a disaster.") < 0.0);
    assert!(s("Despite the terrible weather, the parade was a great success.") > 0.0);
}

#[test]
fn comparatives() {
    assert!(s("The new version is less successful.") < 0.0);
    assert!(s("This year there were fewer deaths on the roads.") > 0.0);
    assert!(s("The second season was better than the first.") > 0.0);
    assert!(s("Conditions got worse than expected.") < 0.0);
}

#[test]
fn news_neutral_words() {
    assert!(s("He was treated for a heart attack on Monday.").abs() < s("He was hurt in an attack on Monday.").abs());
    assert!(s("He was hurt in an attack on Monday.") < 0.0);
    assert!(s("She works in health care.").abs() < NEUTRAL_BAND);
    assert!(s("The Republican Party met in Ohio.").abs() < NEUTRAL_BAND);
    assert!(s("The case went to the Supreme Court of the United States.").abs() < NEUTRAL_BAND);
    assert!(s("Gross domestic product rose by 2 percent.").abs() < 0.3);
    // Sanctions as a topic are barely negative.
    let sanctions = s("The ministers discussed sanctions.");
    assert!(sanctions <= 0.0 && sanctions > -0.3, "{sanctions}");
    // "like" as a preposition is neutral, as a verb positive.
    assert!(s("It looks like a house.").abs() < NEUTRAL_BAND);
    assert!(s("I like this house.") > 0.0);
}

#[test]
fn editorial_cues_lean_negative() {
    let plain = s("The council approved the budget.");
    assert!(s("Why did the council approve the budget?") < plain);
    assert!(s("The council should approve the budget instead.") < plain);
    assert!(s("The council did not approve the budget.") < plain);
    // Not in chat: an exclamation mark or an emoji marks informal text.
    assert!(s("Why not?! 😀") > 0.0);
}

#[test]
fn emphasis_caps_and_punctuation() {
    let plain = s("This is good.");
    assert!(s("This is good!!!") > plain);
    assert!(s("This is GOOD.") > plain);
    // All caps everywhere is no emphasis, and no panic.
    assert!(s("THIS IS GOOD.") > 0.0);
    assert!(s("THIS IS TERRIBLE!!!") < 0.0);
}

#[test]
fn emoji_and_emoticons() {
    assert!(s("Great day 😀") > s("Great day"));
    assert!(s("Lost my keys 😢") < 0.0);
    assert!(s("see you :)") > 0.0);
    assert!(s("see you :(") < 0.0);
}

#[test]
fn bad_input_is_calm() {
    for t in [
        "",
        "   ",
        "!!!???...",
        "😀😀😀😀😀😀😀😀",
        "\u{0}\u{feff}\u{200b}",
        "a-b-c-d--e---",
        "’’’ ''' ‘‘",
        "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
    ] {
        let v = s(t);
        assert!((-1.0..=1.0).contains(&v), "{t:?} -> {v}");
    }
    assert_eq!(s(""), 0.0);
    // Long unpunctuated spans (a runaway quotation) stay linear.
    for unit in ["although it was bad ", "not very good but ", "kind of "] {
        let v = s(&unit.repeat(50_000));
        assert!((-1.0..=1.0).contains(&v));
    }
    let long = "bad ".repeat(100_000);
    let v = s(&long);
    assert!((-1.0..=1.0).contains(&v));
}

#[test]
fn foreign_text_scores_near_zero() {
    for t in [
        "El presidente dijo que la situación es muy grave y peligrosa para el país.",
        "Die Regierung hat heute in Berlin neue Gesetze beschlossen, die viele Bürger betreffen.",
        "Le gouvernement a annoncé une nouvelle réforme des retraites mardi soir.",
        "Президент заявил, что ситуация очень сложная.",
        "政府は新しい法律を発表した。",
    ] {
        assert!(s(t).abs() < 0.1, "{t} -> {}", s(t));
    }
}

#[test]
fn document_score_does_not_saturate() {
    let a = SentimentAnalyzer::default();
    let one = "The festival was a wonderful success. ";
    // A few sentences of one tone add up; beyond LENGTH_CAP sentences only the mean counts.
    let single = a.analyze_document(&Document::new("a", one, None), None, None).score;
    let short = Document::new("a", one.repeat(5), None);
    let long = Document::new("b", one.repeat(200), None);
    let ss = a.analyze_document(&short, None, None).score;
    let ls = a.analyze_document(&long, None, None).score;
    assert!(single > 0.3 && single <= ss);
    assert!((ss - ls).abs() < 0.01, "{ss} vs {ls}");
    assert!(ls < 0.99);
    // Neutral filler dilutes but does not erase the tone.
    let mixed = Document::new("c", format!("{one}{}", "The meeting is on Monday. ".repeat(5)), None);
    let ms = a.analyze_document(&mixed, None, None);
    assert!(ms.score > 0.0 && ms.score < ss);
    assert_eq!(ms.label, Label::Positive);
    assert_eq!(ms.sentences.len(), 6);
}

fn mention(text: &str, needle: &str, nth: usize) -> Mention {
    let (start, _) = text.match_indices(needle).nth(nth).unwrap();
    Mention { start: start as u32, end: (start + needle.len()) as u32, text: needle.to_string() }
}

#[test]
fn entity_and_speaker_tone() {
    let text = "Officials praised Norland for its wonderful relief effort. \
                Vestia was blamed for a deadly and brutal crackdown. \
                \"This is a great day for our people,\" said Anna Berg. \
                \"This was a terrible, cowardly crime,\" said Piet Olsen. \
                Norland and Vestia will meet on Monday.";
    let doc = Document::new("t", text, None);
    let entities = EntityOutput {
        entities: vec![
            Entity {
                name: "Norland".into(),
                entity_type: EntityType::Location,
                count: 2,
                first: 0,
                titles: vec![],
                mentions: vec![mention(text, "Norland", 0), mention(text, "Norland", 1)],
            },
            Entity {
                name: "Vestia".into(),
                entity_type: EntityType::Location,
                count: 2,
                first: 0,
                titles: vec![],
                mentions: vec![mention(text, "Vestia", 0), mention(text, "Vestia", 1)],
            },
        ],
    };
    let q = |needle: &str, who: &str| {
        let m = mention(text, needle, 0);
        Quote {
            start: m.start,
            end: m.end,
            text: needle.into(),
            kind: QuoteKind::Speech,
            speaker: Some(who.into()),
            speaker_span: None,
            cue: Some("said".into()),
            closed: true,
        }
    };
    let quotes = QuoteOutput {
        quotes: vec![
            q("This is a great day for our people,", "Anna Berg"),
            q("This was a terrible, cowardly crime,", "Piet Olsen"),
        ],
        speakers: vec![
            Speaker { name: "Anna Berg".into(), quotes: 1, words: 8 },
            Speaker { name: "Piet Olsen".into(), quotes: 1, words: 6 },
        ],
    };
    // Through the Analyzer trait, with the dependency results as JSON.
    let a = SentimentAnalyzer::default();
    let ev = serde_json::to_value(&entities).unwrap();
    let qv = serde_json::to_value(&quotes).unwrap();
    let (ev, qv) = (AnalysisResult::from(ev), AnalysisResult::from(qv));
    let pairs = [("entity", &ev), ("quote", &qv)];
    let out = a.analyze(&doc, &Dependencies::new(&pairs)).unwrap();
    // The same results handed over typed, as the built-ins hand them, give the same output.
    let (et, qt) = (AnalysisResult::new(entities.clone()), AnalysisResult::new(quotes.clone()));
    let typed_pairs = [("entity", &et), ("quote", &qt)];
    let typed = a.analyze(&doc, &Dependencies::new(&typed_pairs)).unwrap();
    assert_eq!(serde_json::to_value(&typed).unwrap(), serde_json::to_value(&out).unwrap());
    assert_eq!(out.entities.len(), 2);
    let norland = &out.entities[0];
    let vestia = &out.entities[1];
    assert_eq!((norland.name.as_str(), norland.count), ("Norland", 2));
    assert!(norland.score > 0.0 && vestia.score < 0.0, "{norland:?} {vestia:?}");
    assert_eq!(out.speakers.len(), 2);
    assert!(out.speakers[0].score > 0.0 && out.speakers[1].score < 0.0, "{:?}", out.speakers);
    assert_eq!(out.speakers[0].quotes, 1);

    // Without dependencies: no entity or speaker tone, same document score.
    let bare = a.analyze(&doc, &Dependencies::none()).unwrap();
    assert!(bare.entities.is_empty() && bare.speakers.is_empty());
    assert_eq!(bare.score, out.score);

    // A dependency of the wrong shape is a typed error.
    let wrong = AnalysisResult::from(json!({"entities": 3}));
    let pairs = [("entity", &wrong)];
    assert!(matches!(a.analyze(&doc, &Dependencies::new(&pairs)), Err(AnalyzerError::BadDependency { .. })));
}

#[test]
fn output_json_shape() {
    let a = SentimentAnalyzer::default();
    let doc = Document::new("j", "A good start. A bad end.", None);
    let v = serde_json::to_value(a.analyze(&doc, &Dependencies::none()).unwrap()).unwrap();
    assert!(v["score"].is_number());
    assert!(matches!(v["label"].as_str(), Some("positive" | "negative" | "neutral")));
    assert_eq!(v["sentences"][1]["start"], 14);
    assert_eq!(v["sentences"][1]["end"], 24);
    assert!(v["entities"].is_array() && v["speakers"].is_array());
}

#[test]
fn config_and_dependencies() {
    let kind = analyzer_kind();
    assert_eq!(kind.kind, "sentiment");
    let names = ["entity".to_string(), "quote".to_string()];
    let ctx = BuildContext { name: "sentiment", config_dir: Path::new("."), configured: &names };
    let built = (kind.build)(&Options::empty(), &ctx).unwrap();
    let deps = built.dependencies();
    assert_eq!(deps, vec![Dependency::optional("entity"), Dependency::optional("quote")]);

    let opts = Options::from_toml("entities = \"\"\nquotes = \"q2\"\nsentences = false\n").unwrap();
    let built = (kind.build)(&opts, &ctx).unwrap();
    assert_eq!(built.dependencies(), vec![Dependency::optional("q2")]);
    let doc = Document::new("x", "Fine. Good.", None);
    let v = built.analyze_json(&doc, &Dependencies::none()).unwrap();
    assert_eq!(v["sentences"], json!([]));

    let bad = Options::from_toml("bogus = 1\n").unwrap();
    assert!(matches!((kind.build)(&bad, &ctx), Err(BuildError::Option { .. })));
    let missing = Options::from_toml("weights = \"no/such/file.json\"\n").unwrap();
    assert!(matches!((kind.build)(&missing, &ctx), Err(BuildError::Resource { .. })));
}

#[test]
fn extra_lexicon_and_weights_files() {
    let dir = std::env::temp_dir().join(format!("lede-sentiment-cfg-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("lex.tsv"), "# mine\nzorblat\t3.0\n").unwrap();
    std::fs::write(dir.join("w.json"), "{\"negation\": -1.0}").unwrap();
    let config = SentimentConfig {
        lexicon: Some("lex.tsv".into()),
        weights: Some("w.json".into()),
        ..SentimentConfig::default()
    };
    let a = SentimentAnalyzer::from_config(&config, |p| dir.join(p)).unwrap();
    assert!(a.score_text("What a zorblat.") > 0.3);
    assert_eq!(a.weights().negation, -1.0);
    std::fs::write(dir.join("bad.tsv"), "zorblat three\n").unwrap();
    let config = SentimentConfig { lexicon: Some("bad.tsv".into()), ..SentimentConfig::default() };
    assert!(matches!(SentimentAnalyzer::from_config(&config, |p| dir.join(p)), Err(SentimentError::Lexicon { .. })));
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn reduction_turns_the_object_around() {
    assert!(s("The new rules will bring more crime.") < 0.0);
    assert!(s("The new rules will reduce crime.") > 0.0);
    assert!(s("The vaccine helped prevent thousands of deaths.") > 0.0);
    assert!(s("The council voted to cut benefits.") < 0.0);
    // The reducing word's own valence gives way to its object, and only within the clause.
    assert!(s("Officials hope to save the historic theater.") > 0.0);
    assert!(s("They stopped, and the crash was terrible.") < 0.0);
}

#[test]
fn litotes_is_not_negation() {
    // `no less` and `not fewer` cancel out: what follows keeps its sign.
    assert!(s("The sequel was no less charming than the first book.") > 0.05);
    assert!(s("The sequel was no less charming than the first book.") > s("The sequel was less charming."));
}

#[test]
fn fewer_reaches_the_predicate() {
    // A quantifier of decrease on the subject turns its predicate around (`fewer ... will die`).
    assert!(s("Far fewer workers will suffer this winter.") > 0.0);
}

#[test]
fn conditionals_lean_negative_in_argued_prose() {
    // A condition in an opinion piece is mostly a warning.
    assert!(s("If the council builds the road, the town will change.") < 0.0);
    assert!(s("Unless the council acts, the town will change.") < s("The council acts, and the town will change."));
}

#[test]
fn possibility_weighs_less_than_assertion() {
    // A modal of possibility weakens the rest of its clause, and only that clause.
    assert!(s("The new bridge might be a disaster.") > s("The new bridge is a disaster."));
    assert!(s("The new bridge might be a disaster.") < 0.0);
    assert!(s("It may rain, but the fair was a joy.") > 0.1);
}

#[test]
fn negated_verbs_lean_more_negative_than_negative_determiners() {
    // `does not have` argues against something; `no` mostly describes an absence.
    let det = s("The village has no hospital.");
    let verb = s("The village does not have a hospital.");
    assert!(verb < det && det < 0.0, "{verb} vs {det}");
}

#[test]
fn tone_in_a_question_counts_less() {
    // Praise asked about is mostly rhetorical; a plain statement asserts it.
    let asked = s("Who would call the new stadium a delight?");
    let said = s("Everyone would call the new stadium a delight.");
    assert!(asked < said, "{asked} vs {said}");
    assert!(asked < 0.5 * said);
    // A question asserts no blame either, though it weakens blame less than praise.
    let asked = s("Who would call the new stadium a disgrace?");
    let said = s("Everyone would call the new stadium a disgrace.");
    assert!(said < asked && asked < 0.0, "{said} vs {asked}");
}

#[test]
fn a_need_is_a_complaint() {
    // A modal of necessity (`need`, like `should`) points at a lack.
    assert!(s("The district needs a modern library.") < s("The district has a modern library."));
}

#[test]
fn exclamatives_are_emphatic() {
    // `What a ...` and `How lovely ...` exclaim without an exclamation mark.
    assert!(s("What a lovely little garden that is.") > s("That is a lovely little garden."));
    assert!(s("How dreadful the old station has become.") < s("The old station has become dreadful."));
    // A question is not an exclamative.
    assert!(s("How lovely is the garden?") <= s("How lovely the garden is."));
}

#[test]
fn quantifiers_have_no_tone_of_their_own() {
    assert!(s("Most residents own several cars, and many own more than one bicycle.").abs() < NEUTRAL_BAND);
    // ... but they still do their job before a scored word.
    assert!(s("The results were more impressive.") > s("The results were impressive."));
}

#[test]
fn protection_keeps_a_positive_object() {
    // A verb of protection or rescue turns a negative object around but not a positive one.
    assert!(s("The new treatment could save many lives.") > 0.05);
    assert!(s("The volunteers preserved the old library's freedom.") > 0.05);
    assert!(s("The law will protect children from abuse.") > 0.0);
}

#[test]
fn long_sentences_dilute_a_loaded_word() {
    let short = s("The plan is good.");
    let long = s("The plan, which the committee discussed for three hours on Tuesday in the town hall, is good.");
    assert!(short > long && long > 0.0, "{short} vs {long}");
}

#[test]
fn weights_file_brings_its_word_corrections() {
    let dir = std::env::temp_dir().join(format!("lede-sentiment-words-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let weights = dir.join("w.json");
    std::fs::write(&weights, BUILTIN_WEIGHTS).unwrap();
    let text = "The festival was wonderful.";
    let config = SentimentConfig { weights: Some(weights.clone()), ..SentimentConfig::default() };
    // Without `w.words.tsv` beside it, the built-in corrections.
    let a = SentimentAnalyzer::from_config(&config, |p| p.to_path_buf()).unwrap();
    assert!((a.score_text(text) - s(text)).abs() < 1e-6);
    // With it, its corrections, folded into the lexicon.
    std::fs::write(train::word_fit_path(&weights), "# fitted\nwonderful\t-7\n").unwrap();
    assert_eq!(train::word_fit_path(&weights), dir.join("w.words.tsv"));
    let b = SentimentAnalyzer::from_config(&config, |p| p.to_path_buf()).unwrap();
    assert!(b.score_text(text) < -0.05, "{}", b.score_text(text));
    std::fs::write(train::word_fit_path(&weights), "wonderful -7\n").unwrap();
    assert!(SentimentAnalyzer::from_config(&config, |p| p.to_path_buf()).is_err());
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn hand_written_json_matches_serde() {
    let scores = [0.0f32, -0.0, 1.0, -1.0, 0.4353, 0.123_456_79, -0.99999, 1e-5, 0.05, f32::NAN];
    let types = [EntityType::Person, EntityType::Organization, EntityType::Location, EntityType::Misc];
    let mut cases = Vec::new();
    for (i, &score) in scores.iter().enumerate() {
        for (j, label) in [Label::Positive, Label::Neutral, Label::Negative].into_iter().enumerate() {
            let n = (i + j) % 3;
            cases.push(SentimentOutput {
                score,
                label,
                sentences: (0..n as u32)
                    .map(|k| SentenceTone { start: k * 7, end: u32::MAX - k, score: scores[(i + k as usize) % 10] })
                    .collect(),
                entities: (0..n)
                    .map(|k| EntityTone {
                        name: format!("Name \"{k}\" \\ é\n\u{1}"),
                        entity_type: types[(i + k) % 4],
                        score: scores[(j + k) % 10],
                        count: usize::MAX - k,
                    })
                    .collect(),
                speakers: (0..n)
                    .map(|k| SpeakerTone {
                        name: format!("Speaker’s {k}\t"),
                        score: scores[(i * j + k) % 10],
                        quotes: k,
                    })
                    .collect(),
            });
        }
    }
    for case in &cases {
        let mut mine = Vec::new();
        write_output(case, &mut mine);
        assert_eq!(String::from_utf8(mine).unwrap(), serde_json::to_string(case).unwrap());
    }
}

#[test]
fn scoring_from_the_listed_tokens_is_scoring_them_all() {
    use crate::scorer::{Norms, raw_score, raw_score_prepared};
    let lex = Lexicon::builtin();
    let w = Weights::builtin();
    let texts = [
        "I am fed up with this kind of thing, but it is not only bad.",
        "No less charming than before; fewer workers will suffer, sadly.",
        "NOT A SUCCESS AT ALL!!! :( Although the heart attack was rare, health care is great.",
        "They could reduce crime and save lives; protect them from abuse. Too generous? Why?",
        "Despite this, the United States Supreme Court was very, very good 😀 and slightly awful.",
        "Never mind: nothing works, if anything. It’s Trump’s well-known ill-fated plan, he said.",
        "What a wonderful day. How lovely! kind of great, sort of sad, at least ok, a few bad.",
    ];
    let mut s = Scratch::default();
    for text in texts {
        // Every window of words, so that the rules meet their neighbours at the edges.
        let cuts: Vec<usize> = std::iter::once(0)
            .chain(text.char_indices().filter(|&(_, c)| c == ' ').map(|(i, _)| i + 1))
            .chain(std::iter::once(text.len()))
            .collect();
        for (i, &a) in cuts.iter().enumerate() {
            for &b in cuts.get(i + 1..).unwrap_or(&[]) {
                let st = s.prepare(&lex, &text[a..b]);
                assert!(s.visits_cover_reads(), "{:?}", &text[a..b]);
                let (all, listed) = (raw_score(&s.toks, &st, &w), raw_score_prepared(&s, &st, &w, &Norms::new(&w)));
                assert_eq!(all.to_bits(), listed.to_bits(), "{:?}", &text[a..b]);
            }
        }
    }
}

#[test]
fn a_quotation_prepared_within_its_sentence_is_prepared_as_on_its_own() {
    let lex = Lexicon::builtin();
    let sentences = [
        "He said “We will win, not lose.” and left :) today.",
        "“I'm not sure,” she said, \"it's a :-( disaster!\" they'd say 'well-known' things.",
        "NYT style: ''We had a great year,'' he said, ''not a bad one.''",
        "See http://example.com/x“now” or www.test.org and “:D” — (“Great!”) [“How lovely it is?”]",
        "He said\u{a0}“THE RESULTS ARE TERRIBLE” and ’bad’ things ”happen” to people’s homes.",
        "What a “great-looking, ill-fated” mess'n'stuff “kind of” fed up ‘heart attack’ isn't it.",
        "“No less magical,” “not only” good…  ''Reduce crime'' 'save lives' ''!'' <3 “x” Hello'",
        "Then (8 days later) it rained, (:great news) “(8 wins” in all.",
        "“So happy :D” he said, \"see www.xy.org/abc\" or 'go http://t.co/x' and “ok :(”.",
    ];
    let (mut whole, mut part, mut alone) = (Scratch::default(), Scratch::default(), Scratch::default());
    let mut checked = 0;
    for text in sentences {
        whole.prepare(&lex, text);
        for start in (0..text.len()).filter(|&i| text.is_char_boundary(i)) {
            for end in (start + 1..=text.len()).filter(|&i| text.is_char_boundary(i)) {
                let Some(st) = part.prepare_within(&lex, &whole, text, start, end) else { continue };
                let expect = alone.prepare(&lex, &text[start..end]);
                assert_eq!((st, &part.toks), (expect, &alone.toks), "{:?}", &text[start..end]);
                checked += 1;
            }
        }
    }
    assert!(checked > 1000, "{checked}");
}

#[test]
fn a_quotation_across_sentences_is_prepared_as_on_its_own() {
    use crate::scorer::Piece;
    let lex = Lexicon::builtin();
    // Texts and their sentences (byte ranges), gaps of white space or none between them.
    let texts: [(&str, &[(usize, usize)]); 6] = [
        ("So good. :D” he said. Wow.It ended.", &[(0, 8), (9, 23), (24, 28), (28, 37)]),
        ("Great news. Terrible losses! Why not? Not good, he said: fine", &[(0, 11), (12, 28), (29, 37), (38, 61)]),
        (
            "HEADLINE WITHOUT STOP Next one here. x :) y “Done.” Then www.a.org",
            &[(0, 21), (22, 36), (37, 55), (56, 70)],
        ),
        ("“We won. It was great!” he said. Not bad :) at all", &[(0, 10), (11, 36), (37, 54)]),
        ("He said “no way http://x.co/a” or ''kind of fed up'' Ok.  'Fine'", &[(0, 34), (34, 56), (56, 60), (62, 68)]),
        (
            "Prices FELL sharply\u{a0}“ill-fated plan,” said AP. (It’s over) Really?",
            &[(0, 19), (21, 51), (52, 65), (66, 73)],
        ),
    ];
    let (mut part, mut alone) = (Scratch::default(), Scratch::default());
    let mut checked = 0;
    for (text, spans) in texts {
        let prepared: Vec<Scratch> = spans
            .iter()
            .map(|&(a, b)| {
                let mut s = Scratch::default();
                s.prepare(&lex, &text[a..b]);
                s
            })
            .collect();
        for i in 0..spans.len() {
            for k in i + 1..spans.len() {
                let pieces: Vec<Piece> = (i..=k)
                    .map(|m| Piece {
                        from: &prepared[m],
                        text: &text[spans[m].0..spans[m].1],
                        gap: spans.get(m + 1).map_or("", |next| &text[spans[m].1..next.0]),
                    })
                    .collect();
                let (si, sk) = (spans[i], spans[k]);
                for start in (si.0..si.1).filter(|&x| text.is_char_boundary(x)) {
                    for end in (sk.0 + 1..=sk.1).filter(|&x| text.is_char_boundary(x)) {
                        let Some(st) = part.prepare_across(&lex, &pieces, start - si.0, end - sk.0) else { continue };
                        let expect = alone.prepare(&lex, &text[start..end]);
                        assert_eq!((st, &part.toks), (expect, &alone.toks), "{:?}", &text[start..end]);
                        assert!(part.visits_cover_reads() && alone.visits_cover_reads(), "{:?}", &text[start..end]);
                        checked += 1;
                    }
                }
            }
        }
    }
    assert!(checked > 100, "{checked}");
}

/// Many speakers (past the short list `speaker_tones` searches along) and quotations that go on
/// past a sentence: each speaker's tone is the mean of its quotations scored on their own, in the
/// order of first appearance, and a second run on the thread's reused buffers gives the same.
#[test]
fn many_speakers_and_quotations_across_sentences() {
    let lines =
        ["It was a wonderful day. We are proud.", "This is a terrible failure.", "Nobody expected such cruel news."];
    let mut text = String::new();
    let mut quotes = Vec::new();
    for n in 0..40usize {
        let said = lines[n % lines.len()];
        text.push('"');
        let start = text.len();
        text.push_str(said);
        let end = text.len();
        text.push_str(&format!("\" said Speaker {}. ", n % 23));
        quotes.push(Quote {
            start: start as u32,
            end: end as u32,
            text: said.into(),
            kind: QuoteKind::Speech,
            speaker: Some(format!("Speaker {}", n % 23)),
            speaker_span: None,
            cue: Some("said".into()),
            closed: true,
        });
    }
    let doc = Document::new("t", &text, None);
    let quotes = QuoteOutput { quotes, speakers: vec![] };
    let a = SentimentAnalyzer::default();
    let out = a.analyze_document(&doc, None, Some(&quotes));
    let mut expected: Vec<(String, f32, usize)> = Vec::new();
    for q in &quotes.quotes {
        let name = q.speaker.clone().unwrap();
        let s = a.score_text(&q.text);
        match expected.iter_mut().find(|e| e.0 == name) {
            Some(e) => {
                e.1 += s;
                e.2 += 1;
            }
            None => expected.push((name, s, 1)),
        }
    }
    let got: Vec<(String, f32, usize)> = out.speakers.iter().map(|s| (s.name.clone(), s.score, s.quotes)).collect();
    let expected: Vec<(String, f32, usize)> =
        expected.into_iter().map(|(n, sum, k)| (n, round4(sum / k as f32), k)).collect();
    assert_eq!(got, expected);
    let other = a.analyze_document(&Document::new("u", "\"Fine.\" said Anna. A sad end.", None), None, None);
    assert!(other.speakers.is_empty());
    let again = a.analyze_document(&doc, None, Some(&quotes));
    assert_eq!(serde_json::to_value(&again).unwrap(), serde_json::to_value(&out).unwrap());
}

#[test]
fn a_span_prepared_in_its_document_is_prepared_as_on_its_own() {
    // `prepare_span` reads on past the span's end: a cut inside a word, before an apostrophe,
    // a hyphen or a link must give the same tokens as the span alone.
    let lex = Lexicon::builtin();
    let w = Weights::builtin();
    let docs = [
        "I am fed up with this kind of thing, but it is not only bad. Extraordinarily wonderful outcomes!",
        "NOT A SUCCESS AT ALL!!! :( It’s Trump’s well-known ill-fated plan, see http://x.org/abcdefghijklmnop",
        "Short. Unbelievably-awful incomprehensibilities'd happen; www.test.org ok :D fine",
    ];
    let (mut alone, mut within) = (Scratch::default(), Scratch::default());
    for doc in docs {
        let cuts: Vec<usize> = (0..=doc.len()).filter(|&i| doc.is_char_boundary(i)).collect();
        for (i, &a) in cuts.iter().enumerate() {
            for &b in cuts.get(i..).unwrap_or(&[]) {
                let expect = alone.prepare(&lex, &doc[a..b]);
                let got = within.prepare_span(&lex, doc, a, b);
                assert_eq!(expect, got, "{:?}", &doc[a..b]);
                assert_eq!(alone.toks, within.toks, "{:?}", &doc[a..b]);
                let norms = Norms::new(&w);
                let (x, y) =
                    (raw_score_prepared(&alone, &expect, &w, &norms), raw_score_prepared(&within, &got, &w, &norms));
                assert_eq!(x.to_bits(), y.to_bits(), "{:?}", &doc[a..b]);
            }
        }
    }
}
