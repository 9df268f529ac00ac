//! Behaviour per form and kind, on text written for these tests.
#![allow(clippy::unwrap_used)]

use lede_number::{Kind, Number, extract};

fn find<'a>(found: &'a [Number], text: &str) -> &'a Number {
    found.iter().find(|n| n.text == text).unwrap_or_else(|| panic!("{text:?} not found in {found:#?}"))
}

fn one(text: &str, span: &str, kind: Kind, value: Option<f64>, unit: Option<&str>) {
    let found = extract(text);
    let n = find(&found, span);
    assert_eq!(n.kind, kind, "{text}");
    match (n.value, value) {
        (Some(a), Some(b)) => assert!((a - b).abs() <= 1e-9 * b.abs().max(1.0), "{text}: {a} != {b}"),
        (a, b) => assert_eq!(a, b, "{text}"),
    }
    assert_eq!(n.unit, unit, "{text}");
}

fn none_of(text: &str, span: &str) {
    let found = extract(text);
    assert!(found.iter().all(|n| n.text != span), "{span:?} should not be a figure in {text:?}: {found:#?}");
}

#[test]
fn digits_with_separators_and_decimals() {
    one("The wall runs 2,600 metres.", "2,600 metres", Kind::Quantity, Some(2600.0), Some("metre"));
    one("Growth was 1.5 this time.", "1.5", Kind::Cardinal, Some(1.5), None);
    one("A rate of 0.25 applies.", "0.25", Kind::Cardinal, Some(0.25), None);
    one("We counted 1,234,567 ballots.", "1,234,567", Kind::Cardinal, Some(1_234_567.0), None);
    one("It weighs 40\u{202f}000 tonnes.", "40\u{202f}000 tonnes", Kind::Quantity, Some(40000.0), Some("tonne"));
}

#[test]
fn magnitudes() {
    one("Tokyo sent $470 million in aid.", "$470 million", Kind::Money, Some(470e6), Some("USD"));
    one("Trade hit $240 billion last year.", "$240 billion", Kind::Money, Some(240e9), Some("USD"));
    one("The deal is worth 1.2bn euros.", "1.2bn euros", Kind::Money, Some(1.2e9), Some("EUR"));
    one("Debt reached 3 trillion.", "3 trillion", Kind::Cardinal, Some(3e12), None);
    one("A £5m grant.", "£5m", Kind::Money, Some(5e6), Some("GBP"));
    one("About 10k people.", "10k", Kind::Cardinal, Some(1e4), None);
}

#[test]
fn number_words() {
    one("They had two options.", "two", Kind::Cardinal, Some(2.0), None);
    one("She turned twenty-one today.", "twenty-one", Kind::Cardinal, Some(21.0), None);
    one("It was the thirty seventh attempt.", "thirty seventh", Kind::Ordinal, Some(37.0), None);
    one("He listed one hundred and five names.", "one hundred and five", Kind::Cardinal, Some(105.0), None);
    one("Buy a dozen eggs.", "a dozen", Kind::Cardinal, Some(12.0), None);
    one("Only half came.", "half", Kind::Cardinal, Some(0.5), None);
    one("Some two thirds agreed.", "two thirds", Kind::Cardinal, Some(2.0 / 3.0), None);
    one("It took one and a half hours.", "one and a half hours", Kind::Duration, Some(1.5), Some("hour"));
    one(
        "It cost five and a half million dollars.",
        "five and a half million dollars",
        Kind::Money,
        Some(5.5e6),
        Some("USD"),
    );
    one("Minus five was the reading.", "Minus five", Kind::Cardinal, Some(-5.0), None);
}

#[test]
fn ordinals() {
    one("It is the second-largest city.", "second-largest", Kind::Ordinal, Some(2.0), None);
    one("On the first day.", "first", Kind::Ordinal, Some(1.0), None);
    one("The 21st summit.", "21st", Kind::Ordinal, Some(21.0), None);
    one("A fifth term.", "fifth", Kind::Ordinal, Some(5.0), None);
    one("Only a fifth of them.", "a fifth", Kind::Cardinal, Some(0.2), None);
}

#[test]
fn percents() {
    one("Support rose to 70 % in May.", "70 %", Kind::Percent, Some(70.0), Some("percent"));
    one("Over 90 percent agreed.", "90 percent", Kind::Percent, Some(90.0), Some("percent"));
    one("Spending is 2 per cent of output.", "2 per cent", Kind::Percent, Some(2.0), Some("percent"));
    one("Spending is round 2 p.c of output.", "2 p.c", Kind::Percent, Some(2.0), Some("percent"));
    one("Rates rose 25 basis points.", "25 basis points", Kind::Percent, Some(25.0), Some("basis point"));
}

#[test]
fn currencies() {
    one("They paid US$ 5 million.", "US$ 5 million", Kind::Money, Some(5e6), Some("USD"));
    one("They paid €20.", "€20", Kind::Money, Some(20.0), Some("EUR"));
    one("They paid ¥300.", "¥300", Kind::Money, Some(300.0), Some("JPY"));
    one("A loan of 10 billion yuan.", "10 billion yuan", Kind::Money, Some(1e10), Some("CNY"));
    one("Fines of 300 rubles.", "300 rubles", Kind::Money, Some(300.0), Some("RUB"));
    one("Trade in renminbi hit 5 billion renminbi.", "5 billion renminbi", Kind::Money, Some(5e9), Some("CNY"));
    one("Prices of USD 200 each.", "USD 200", Kind::Money, Some(200.0), Some("USD"));
    one("It fell 34 cents.", "34 cents", Kind::Money, Some(0.34), Some("USD"));
    one("They spent billions of {dollars} on it.", "billions of {dollars}", Kind::Money, None, Some("USD"));
    one("It cost 5 {dollars} each.", "5 {dollars}", Kind::Money, Some(5.0), Some("USD"));
}

#[test]
fn quantities_and_units() {
    one("The border is 2,600 miles long.", "2,600 miles", Kind::Quantity, Some(2600.0), Some("mile"));
    one("Output of 500,000 barrels.", "500,000 barrels", Kind::Quantity, Some(5e5), Some("barrel"));
    one("A 3-inch gap.", "3-inch", Kind::Quantity, Some(3.0), Some("inch"));
    one(
        "Some 40 billion cubic metres of gas.",
        "40 billion cubic metres",
        Kind::Quantity,
        Some(4e10),
        Some("cubic metre"),
    );
    one("It reached 35 degrees Celsius.", "35 degrees Celsius", Kind::Temperature, Some(35.0), Some("celsius"));
    one("He is 5 feet 6 inches.", "5 feet 6 inches", Kind::Quantity, Some(5.5), Some("foot"));
}

#[test]
fn years_durations_ages_decades() {
    one("It was founded in 2014.", "2014", Kind::Year, Some(2014.0), None);
    one("Ready by 2030, they said.", "2030", Kind::Year, Some(2030.0), None);
    one("Since January 2021 it fell.", "2021", Kind::Year, Some(2021.0), None);
    one("For three years now.", "three years", Kind::Duration, Some(3.0), Some("year"));
    one("Over the previous 13 months.", "13 months", Kind::Duration, Some(13.0), Some("month"));
    one("More than a century of ties.", "a century", Kind::Duration, Some(1.0), Some("century"));
    one("The 103-year-old veteran.", "103-year-old", Kind::Age, Some(103.0), Some("year"));
    one("She is 45 years old.", "45 years old", Kind::Age, Some(45.0), Some("year"));
    one("Music of the 1990s.", "1990s", Kind::Year, Some(1990.0), Some("decade"));
    one("In the early 1980s.", "early 1980s", Kind::Year, None, Some("decade"));
    one("Men in their late 60s.", "late 60s", Kind::Age, None, Some("year"));
    one("Songs from the ’90s.", "’90s", Kind::Year, Some(1990.0), Some("decade"));
}

#[test]
fn ranges_and_modifiers() {
    let found = extract("Prices rose 10-15% while about 40 people waited more than 3 hours.");
    let lo = find(&found, "10");
    assert_eq!((lo.kind, lo.modifier), (Kind::Percent, Some("range-from")));
    let hi = find(&found, "15%");
    assert_eq!((hi.kind, hi.value, hi.modifier), (Kind::Percent, Some(15.0), Some("range-to")));
    assert_eq!(find(&found, "40").modifier, Some("about"));
    assert_eq!(find(&found, "3 hours").modifier, Some("more-than"));
    let found = extract("It took seven-and-a-half years, plus or minus 4.3 percentage points.");
    assert_eq!(find(&found, "seven-and-a-half years").value, Some(7.5));
    let margin = find(&found, "4.3 percentage points");
    assert_eq!((margin.value, margin.modifier), (Some(4.3), Some("plus-or-minus")));
    let found = extract("between 10 and 20 million dollars");
    assert_eq!(find(&found, "10").value, Some(10e6));
    assert_eq!(find(&found, "20 million dollars").value, Some(20e6));
}

#[test]
fn counted_nouns_and_sentences() {
    let found = extract("Japan sent $470 million in aid. The 2 leaders met over 40 occasions.");
    assert_eq!(find(&found, "$470 million").counts.as_deref(), Some("aid"));
    assert_eq!(find(&found, "2").counts.as_deref(), Some("leaders"));
    let n40 = find(&found, "40");
    assert_eq!((n40.counts.as_deref(), n40.modifier), (Some("occasions"), Some("more-than")));
    let found = extract("A border of 2,600 miles of rough border land.");
    assert_eq!(find(&found, "2,600 miles").counts.as_deref(), Some("rough border land"));
    let found = extract("They fired a 21-gun salute.");
    assert_eq!(find(&found, "21").counts.as_deref(), Some("gun salute"));

    use lede_core::{Analyzer, Dependencies, Document};
    let doc = Document::new("d", "First line here. Then 5 more came.", None);
    let out = lede_number::NumberAnalyzer::default().analyze(&doc, &Dependencies::none()).unwrap();
    let five = out.numbers.iter().find(|n| n.text == "5").unwrap();
    assert_eq!(five.sentence, Some(1));
}

#[test]
fn not_numbers() {
    none_of("Leaders of the G7 met.", "7");
    none_of("The Power of Siberia 2 pipeline.", "2");
    none_of("Tanks like the M1 Abrams.", "1");
    none_of("After COVID-19 hit.", "19");
    none_of("They joined other Group of seven nations.", "seven");
    none_of("They helped one another.", "one");
    none_of("It is one of many partners.", "one");
    none_of("A one-on-one talk.", "one");
    none_of("We meet at 6pm today.", "6");
    none_of("We meet at 10:30 today.", "10");
    none_of("Visit http://example.com/page/305 now.", "305");
    none_of("After the 9/11 attacks.", "9");
    none_of("After the 9/11 attacks.", "11");
    none_of("A 5G network.", "5G");
    none_of("<tweet timestamp=\"1449075600\">", "1449075600");
    assert_eq!(find(&extract("A study in 2015 finds that"), "2015").kind, Kind::Year);
    assert_eq!(find(&extract("He sent 1500 troops."), "1500").kind, Kind::Cardinal);
    let found = extract("1. First item\n2. Second item");
    assert!(found.iter().all(|n| n.kind != Kind::Cardinal), "{found:#?}");
    // Years are not cardinals.
    assert_eq!(find(&extract("in 2014"), "2014").kind, Kind::Year);
}

#[test]
fn options_for_spec_conventions() {
    use lede_core::{Analyzer, Dependencies, Document, Options};
    let opts =
        Options::from_toml("relative-ordinals = true\nbare-units = true\nminor-units-as-written = true\n").unwrap();
    let cfg: lede_number::NumberConfig = opts.parse().unwrap();
    let an = lede_number::NumberAnalyzer::new(cfg);
    let doc = Document::new("d", "Delete the last line. Convert 10 celsius to fahrenheit. It fell 34 cents.", None);
    let out = an.analyze(&doc, &Dependencies::none()).unwrap().numbers;
    assert!(out.iter().any(|n| n.text == "last" && n.kind == Kind::Ordinal && n.value.is_none()));
    assert!(out.iter().any(|n| n.text == "fahrenheit" && n.kind == Kind::Temperature && n.value.is_none()));
    assert!(out.iter().any(|n| n.text == "34 cents" && n.value == Some(34.0)));
    assert!(Options::from_toml("bogus = 1\n").unwrap().parse::<lede_number::NumberConfig>().is_err());
}

#[test]
fn bad_input_is_safe_and_linear() {
    let long = "9".repeat(200_000);
    let found = extract(&long);
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].value, None);
    let found = extract("The value 1e999 is too big.");
    assert!(found.iter().all(|n| n.value.is_none_or(f64::is_finite)));
    let found = extract("999,999,999,999,999,999,999 trillion");
    assert!(found.iter().all(|n| n.value.is_none_or(f64::is_finite)), "{found:#?}");
    // Pathological repetitions finish quickly.
    let words = "one hundred and ".repeat(5_000);
    let t = std::time::Instant::now();
    let _ = extract(&words);
    let _ = extract(&"1,".repeat(10_000));
    let _ = extract(&"- ".repeat(10_000));
    let _ = extract(&"twenty-".repeat(10_000));
    let _ = extract(&"$ ".repeat(10_000));
    assert!(t.elapsed().as_secs() < 10);
    // Arbitrary bytes of mixed scripts never panic and spans stay on char boundaries.
    let junk = "½¼ 3½ €€5 ₹ 7 — “12” Nadège 4° 10°C 1/0 0/0 ^^ 5^ 1e- .5. 3..4 ,,, 7-";
    for n in extract(junk) {
        assert_eq!(&junk[n.start as usize..n.end as usize], n.text);
    }
}
