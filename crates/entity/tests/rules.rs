//! Behaviour of the rules on sentences made up for the purpose.

use lede_core::Document;
use lede_core::schema::{Entity, EntityOutput, EntityType};
use lede_entity::{EntityAnalyzer, EntityConfig, EntityError};

fn run(text: &str) -> EntityOutput {
    let a = EntityAnalyzer::embedded().expect("embedded model loads");
    let out = a.analyze_doc(&Document::new("t", text, None));
    for e in &out.entities {
        for m in &e.mentions {
            assert_eq!(&text[m.start as usize..m.end as usize], m.text, "mention text is its slice");
        }
        assert_eq!(e.count, e.mentions.len());
    }
    out
}

fn find<'a>(out: &'a EntityOutput, mention: &str) -> Option<&'a Entity> {
    out.entities.iter().find(|e| e.mentions.iter().any(|m| m.text == mention))
}

fn mentions(out: &EntityOutput) -> Vec<(String, EntityType)> {
    out.entities.iter().flat_map(|e| e.mentions.iter().map(move |m| (m.text.clone(), e.entity_type))).collect()
}

#[test]
fn titles_stay_out_of_spans_and_are_reported() {
    let out = run("President Daniel Okonkwo of Nigeria arrived on Monday. Mr. Okonkwo met reporters later.");
    let e = find(&out, "Daniel Okonkwo").expect("full name found without the title");
    assert_eq!(e.entity_type, EntityType::Person);
    assert_eq!(e.name, "Daniel Okonkwo");
    assert!(e.titles.iter().any(|t| t == "President"), "{:?}", e.titles);
    assert!(e.mentions.iter().any(|m| m.text == "Okonkwo"), "Mr. Okonkwo links to the full name");
    assert!(!mentions(&out).iter().any(|(m, _)| m.starts_with("Mr") || m.starts_with("President")));
}

#[test]
fn roles_after_the_name_are_reported() {
    let out = run("“It will not last,” said Helena Marsh, a senior fellow at the Brookings Institution.");
    let e = find(&out, "Helena Marsh").expect("person");
    assert!(e.titles.iter().any(|t| t == "senior fellow"), "{:?}", e.titles);
}

#[test]
fn surnames_and_family_names_link_to_the_fullest_form() {
    let out = run("Chancellor Ingrid B. Halvorsen flew to Oslo. Halvorsen said the talks went well. \
         Zhang Wenhua, the trade minister, also spoke. Mr. Zhang said little else.");
    let h = find(&out, "Halvorsen").expect("surname");
    assert_eq!(h.name, "Ingrid B. Halvorsen");
    assert_eq!(h.entity_type, EntityType::Person);
    let z = find(&out, "Zhang").expect("family name");
    assert_eq!(z.name, "Zhang Wenhua");
    assert!(z.titles.iter().any(|t| t == "trade minister"), "{:?}", z.titles);
}

#[test]
fn an_acronym_joins_its_expansion() {
    let out = run("The International Monetary Fund (IMF) approved the loan on Friday. Officials at the IMF said more \
         money would follow.");
    let e = find(&out, "IMF").expect("acronym");
    assert_eq!(e.entity_type, EntityType::Organization);
    assert_eq!(e.name, "International Monetary Fund");
    assert!(e.count >= 3, "{e:?}");
}

#[test]
fn demonyms_are_misc_and_plurals_take_the_singular() {
    let out = run("Germans and French voters disagree. Many Germans think the German plan is too costly.");
    let e = find(&out, "Germans").expect("demonym");
    assert_eq!(e.entity_type, EntityType::Misc);
    assert_eq!(e.name, "German");
}

#[test]
fn a_spun_demonym_keeps_only_the_demonym() {
    let out = run("Exports by Japanese language firms to Brazil rose sharply last year.");
    let m = mentions(&out);
    assert!(m.contains(&("Japanese".to_string(), EntityType::Misc)), "{m:?}");
    assert!(!m.iter().any(|(t, _)| t.contains("language")), "{m:?}");
}

#[test]
fn hyphenated_compounds_give_their_names() {
    let out = run("The France-Germany border reopened, and pro-American groups in Canada cheered.");
    let m = mentions(&out);
    assert!(m.contains(&("France".to_string(), EntityType::Location)), "{m:?}");
    assert!(m.contains(&("Germany".to_string(), EntityType::Location)), "{m:?}");
    assert!(m.contains(&("American".to_string(), EntityType::Misc)), "{m:?}");
    let whole = run("The France-Germany border reopened.");
    let config = EntityConfig { split_hyphenated: false, ..EntityConfig::default() };
    let a = EntityAnalyzer::new(config).expect("model");
    let kept = a.analyze_doc(&Document::new("t", "The France-Germany border reopened.", None));
    assert!(kept.entities.iter().any(|e| e.mentions.iter().any(|m| m.text == "France-Germany")));
    assert!(whole.entities.len() >= 2);
}

#[test]
fn sentence_initial_capitals_are_not_names() {
    let out = run("However, prices rose. Whereas Brazil exported more, imports fell. Yesterday it rained.");
    let m = mentions(&out);
    assert!(m.contains(&("Brazil".to_string(), EntityType::Location)), "{m:?}");
    for w in ["However", "Whereas", "Yesterday", "Whereas Brazil"] {
        assert!(!m.iter().any(|(t, _)| t == w), "{w} in {m:?}");
    }
}

#[test]
fn possessive_and_leading_the_are_dropped() {
    let out = run("Brazil’s president visited the Pentagon and the Kremlin's envoy left.");
    let m = mentions(&out);
    assert!(m.contains(&("Brazil".to_string(), EntityType::Location)), "{m:?}");
    assert!(m.contains(&("Pentagon".to_string(), EntityType::Organization)), "{m:?}");
    assert!(m.contains(&("Kremlin".to_string(), EntityType::Organization)), "{m:?}");
}

#[test]
fn country_aliases_share_one_entity() {
    let out = run("Talks between the U.S. and Mexico stalled. The United States wants more.");
    let e = find(&out, "U.S.").expect("U.S.");
    assert_eq!(e.entity_type, EntityType::Location);
    assert!(e.mentions.iter().any(|m| m.text == "United States"), "{e:?}");
    assert_eq!(e.name, "United States");
}

#[test]
fn bad_input_gives_sensible_output() {
    assert!(run("").entities.is_empty());
    assert!(run("   \n\n ").entities.is_empty());
    assert!(run("123 456 -- ... !!! $ % 7.5").entities.is_empty());
    let caps = run("PRESIDENT SAYS TALKS WITH MEXICO WILL GO ON");
    assert!(caps.entities.len() <= 3);
    let run_of_caps = "Alpha Beta Gamma Delta Epsilon Zeta Eta Theta ".repeat(500);
    let out = run(&run_of_caps);
    assert!(out.entities.iter().all(|e| e.mentions.iter().all(|m| m.end > m.start)));
    let odd = "Nadia 🙂 Ørsted—Ålborg “Ü” \u{0} \u{7f} e\u{301}";
    run(odd);
}

#[test]
fn large_documents_run_in_linear_time() {
    let para = "Officials in Lisbon said on Tuesday that Maria Duarte, the finance minister, would meet \
                executives of Galp Energia. Ms. Duarte declined to comment.\n";
    let text = para.repeat(4000);
    let t = std::time::Instant::now();
    let out = run(&text);
    assert!(t.elapsed().as_secs() < 60);
    let e = find(&out, "Duarte").expect("person");
    assert_eq!(e.name, "Maria Duarte");
    assert_eq!(e.count, 8000);
}

#[test]
fn a_missing_or_corrupt_model_is_an_error_naming_the_file() {
    let config = EntityConfig { model: Some("/nonexistent/dir/ner.model.gz".into()), ..EntityConfig::default() };
    let err = EntityAnalyzer::new(config).expect_err("missing model");
    assert!(matches!(err, EntityError::Model { .. }));
    assert!(err.to_string().contains("/nonexistent/dir/ner.model.gz"), "{err}");

    let dir = std::env::temp_dir().join(format!("lede-entity-test-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let bad = dir.join("corrupt.model.gz");
    std::fs::write(&bad, b"this is not a model").expect("write");
    let err = EntityAnalyzer::new(EntityConfig { model: Some(bad.clone()), ..EntityConfig::default() })
        .expect_err("corrupt model");
    assert!(err.to_string().contains("corrupt.model.gz"), "{err}");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn analyzer_kind_builds_from_options() {
    let kind = lede_entity::analyzer_kind();
    assert_eq!(kind.kind, "entity");
    let opts = lede_core::Options::from_toml("split-hyphenated = false\npropagate = true\n").expect("toml");
    let ctx = lede_core::BuildContext { name: "entity", config_dir: std::path::Path::new("."), configured: &[] };
    assert!((kind.build)(&opts, &ctx).is_ok());
    let bad = lede_core::Options::from_toml("no-such-option = 1\n").expect("toml");
    assert!((kind.build)(&bad, &ctx).is_err());
    let missing = lede_core::Options::from_toml("model = \"missing.model.gz\"\n").expect("toml");
    let err = (kind.build)(&missing, &ctx).err().expect("missing model is an error");
    assert!(err.to_string().contains("missing.model.gz"), "{err}");
}

#[test]
fn random_token_soup_never_panics() {
    const POOL: &[&str] = &[
        "Mr.",
        "Ms.",
        "President",
        "the",
        "The",
        "of",
        "language",
        "Chinese",
        "Russia-China",
        "pro-Western",
        "U.S.",
        "NATO",
        "(",
        ")",
        "’s",
        "'s",
        ",",
        ".",
        "\n",
        "\n\n",
        "A.",
        "V.",
        "Putin",
        "Xi",
        "Jinping",
        "Bank",
        "Institute",
        "America",
        "america",
        "-",
        "—",
        "“",
        "”",
        "🙂",
        "Ørsted",
        "e\u{301}",
        "1996",
        "$",
        "5-0",
        "Kremlin",
        "White",
        "House",
        "senior",
        "fellow",
        "said",
        "in",
        "from",
        "Harbin",
        "Siberian",
        "MOSCOW",
        "ALL",
        "CAPS",
        "Co.",
        "Inc.",
        "Anglo-Dutch",
        "al-Aqsa",
        "pro-",
        "-based",
        "X",
        "Y",
        "Z",
    ];
    let a = EntityAnalyzer::embedded().expect("embedded model loads");
    let mut rng: u64 = 0x9E37_79B9_7F4A_7C15;
    for _ in 0..3000 {
        let mut text = String::new();
        rng ^= rng << 13;
        rng ^= rng >> 7;
        rng ^= rng << 17;
        let len = (rng % 60) as usize;
        for _ in 0..len {
            rng ^= rng << 13;
            rng ^= rng >> 7;
            rng ^= rng << 17;
            text.push_str(POOL[(rng % POOL.len() as u64) as usize]);
            if rng & 0x100 != 0 {
                text.push(' ');
            }
        }
        let out = a.analyze_doc(&Document::new("r", text.clone(), None));
        for e in &out.entities {
            assert!(!e.mentions.is_empty());
            for m in &e.mentions {
                assert!(m.start < m.end && (m.end as usize) <= text.len(), "{m:?} in {text:?}");
                assert_eq!(text.get(m.start as usize..m.end as usize), Some(m.text.as_str()));
            }
        }
    }
}
