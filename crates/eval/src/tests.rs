//! End-to-end tests of `evaluate_str` on hand-made gold and predictions, with exact figures.

use serde_json::json;

use super::*;

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() < 1e-9
}

fn assert_prf(p: &Prf, correct: usize, predicted: usize, gold: usize, precision: f64, recall: f64, f1: f64) {
    assert_eq!((p.correct, p.predicted, p.gold), (correct, predicted, gold), "{p:?}");
    assert!(close(p.precision, precision), "precision {p:?}");
    assert!(close(p.recall, recall), "recall {p:?}");
    assert!(close(p.f1, f1), "f1 {p:?}");
}

fn assert_acc(a: &Accuracy, right: usize, total: usize) {
    assert_eq!((a.right, a.total), (right, total), "{a:?}");
}

fn jsonl(values: &[serde_json::Value]) -> String {
    values.iter().map(|v| v.to_string() + "\n").collect()
}

/// Byte span of the first occurrence of `needle` at or after byte `from`.
fn span(text: &str, needle: &str, from: usize) -> (usize, usize) {
    let start = text.get(from..).and_then(|t| t.find(needle)).map_or(0, |i| i + from);
    (start, start + needle.len())
}

fn eval(task: Task, gold: &[(&str, &str)], pred: &str, opts: &EvalOptions) -> Report {
    match evaluate_str(task, gold, ("pred.jsonl", pred), opts) {
        Ok(r) => r,
        Err(e) => panic!("evaluation failed: {e}"),
    }
}

// ---------------------------------------------------------------- entity

#[test]
fn entity_typed_untyped_and_per_type() {
    let gold = jsonl(&[
        json!({"id": "d1", "text": "", "entities": [
            {"start": 0, "end": 5, "type": "PER"}, {"start": 10, "end": 15, "type": "ORG"},
            {"start": 20, "end": 25, "type": "GPE"}, {"start": 30, "end": 35, "type": "NORP"},
            {"start": 40, "end": 45, "type": "DATE"}]}),
        json!({"id": "d2", "text": "", "entities": [{"start": 0, "end": 3, "type": "LOC"}]}),
    ]);
    let pred = jsonl(&[
        json!({"id": "d1", "analyses": {"entity": {"entities": [
            {"name": "A", "type": "person", "mentions": [{"start": 0, "end": 5, "text": "x"}]},
            {"name": "B", "type": "organization", "mentions": [{"start": 10, "end": 15}]},
            {"name": "C", "type": "person", "mentions": [{"start": 20, "end": 25}]},
            {"name": "D", "type": "misc", "mentions": [{"start": 31, "end": 35}]},
            {"name": "1996", "type": "date", "mentions": [{"start": 40, "end": 45}]}]}},
            "errors": [], "extra": true}),
        json!({"id": "zzz", "analyses": {}}),
    ]);
    let r = eval(Task::Entity, &[("gold.jsonl", &gold)], &pred, &EvalOptions::default());
    let Scores::Entity(e) = &r.overall.scores else { panic!("not entity scores") };
    assert_prf(&e.typed, 2, 4, 5, 0.5, 0.4, 4.0 / 9.0);
    assert_prf(&e.untyped, 3, 4, 5, 0.75, 0.6, 2.0 / 3.0);
    let t: Vec<(Label, usize, usize, usize)> =
        e.per_type.iter().map(|t| (t.label, t.scores.correct, t.scores.predicted, t.scores.gold)).collect();
    assert_eq!(t, vec![(Label::Per, 1, 2, 1), (Label::Org, 1, 1, 1), (Label::Loc, 0, 0, 2), (Label::Misc, 0, 1, 1)]);
    assert_prf(&e.per_type[0].scores, 1, 2, 1, 0.5, 1.0, 2.0 / 3.0);
    assert!(e.canonical_name.is_none());
    assert_eq!(r.overall.coverage.gold_docs, 2);
    assert_eq!(r.overall.coverage.no_prediction, 1);
    assert_eq!(r.overall.coverage.predictions_without_gold, Some(1));
}

#[test]
fn entity_canonical_names_and_analyzer_key() {
    let gold = jsonl(&[json!({"id": "s", "text": "", "entities": [
        {"start": 0, "end": 10, "type": "PER", "canonical": "Vladimir V. Putin"},
        {"start": 20, "end": 25, "type": "PER", "canonical": "Vladimir V. Putin"},
        {"start": 30, "end": 35, "type": "PER", "canonical": "Alexander Gabuev"},
        {"start": 40, "end": 45, "type": "PER", "canonical": "Xi Jinping"},
        {"start": 50, "end": 55, "type": "LOC", "canonical": "Moscow"}]})]);
    let pred = jsonl(&[json!({"id": "s", "analyses": {"ner": {"entities": [
        {"name": "President Vladimir V. Putin", "type": "person", "mentions": [{"start": 0, "end": 10}, {"start": 20, "end": 25}]},
        {"name": "Gabuev", "type": "person", "mentions": [{"start": 30, "end": 35}]},
        {"name": "Moscow", "type": "location", "mentions": [{"start": 50, "end": 55}]}]}}})]);
    let opts = EvalOptions { analyzer: Some("ner".into()), ..EvalOptions::default() };
    let r = eval(Task::Entity, &[("seeds.jsonl", &gold)], &pred, &opts);
    let Scores::Entity(e) = &r.overall.scores else { panic!("not entity scores") };
    // Putin twice right (title dropped), Gabuev wrong (not the fullest form), Xi not predicted.
    assert_acc(e.canonical_name.as_ref().expect("canonical figure"), 2, 4);
    assert_prf(&e.typed, 4, 4, 5, 1.0, 0.8, 8.0 / 9.0);
    // With the default key nothing is found: every gold document has no analyzer output.
    let r = eval(Task::Entity, &[("seeds.jsonl", &gold)], &pred, &EvalOptions::default());
    assert_eq!(r.overall.coverage.no_output, 1);
    let Scores::Entity(e) = &r.overall.scores else { panic!("not entity scores") };
    assert_prf(&e.typed, 0, 0, 5, 0.0, 0.0, 0.0);
}

// ---------------------------------------------------------------- quote

const QUOTE_TEXT: &str = "He said, “We will win this race.” Then Mr. Gabuev stated: “Beijing is a partner, not an ally.” \
Critics called it a “fig leaf” policy. “Nothing is decided,” she said.";

fn quote_case() -> (String, String) {
    let t = QUOTE_TEXT;
    let q1 = span(t, "We will win this race.", 0);
    let q1m = span(t, "“We will win this race.”", 0);
    let q2 = span(t, "Beijing is a partner, not an ally.", 0);
    let q2p = span(t, "Beijing is a partner, not", 0);
    let q3 = span(t, "fig leaf", 0);
    let q4 = span(t, "Nothing is decided,", 0);
    let he = span(t, "He", 0);
    let gabuev = span(t, "Gabuev", 0);
    let she = span(t, "she", 0);
    let policy = span(t, "policy", 0);
    let then = span(t, "Then", 0);
    let gold = jsonl(&[json!({"id": "q", "text": t, "quotes": [
        {"start": q1.0, "end": q1.1, "kind": "speech", "speaker": "Flynn, a top Trump surrogate,", "speaker_span": [he.0, he.1]},
        {"start": q2.0, "end": q2.1, "kind": "speech", "speaker": "Alexander Gabuev", "speaker_span": [gabuev.0, gabuev.1]},
        {"start": q3.0, "end": q3.1, "kind": "phrase", "speaker": null, "speaker_span": null},
        {"start": q4.0, "end": q4.1, "kind": "speech", "speaker": "Jane Doe", "speaker_span": [she.0, she.1]}]})]);
    let pred = jsonl(&[json!({"id": "q", "analyses": {"quote": {"quotes": [
        // The marks are included: stripped before comparing. Right speaker by span overlap (the pronoun).
        {"start": q1m.0, "end": q1m.1, "kind": "speech", "speaker": "Someone Else", "speaker_span": [he.0, he.1 + 3]},
        // Overlap match only (25 of 34 bytes); "Mr. Gabuev" matches "Alexander Gabuev" by last word.
        {"start": q2p.0, "end": q2p.1, "kind": "speech", "speaker": "Mr. Gabuev", "speaker_span": null},
        // Matches the don't-care phrase: neither right nor wrong.
        {"start": q3.0, "end": q3.1, "kind": "speech", "speaker": null, "speaker_span": null},
        // Right span, wrong speaker.
        {"start": q4.0, "end": q4.1, "kind": "speech", "speaker": "John Smith", "speaker_span": null},
        // A predicted phrase: left out by default.
        {"start": policy.0, "end": policy.1, "kind": "phrase", "speaker": null, "speaker_span": null},
        // Spurious.
        {"start": then.0, "end": then.1, "kind": "speech", "speaker": null, "speaker_span": null}]}}})]);
    (gold, pred)
}

#[test]
fn quote_default_scoring() {
    let (gold, pred) = quote_case();
    let r = eval(Task::Quote, &[("seeds.jsonl", &gold)], &pred, &EvalOptions::default());
    let Scores::Quote(q) = &r.overall.scores else { panic!("not quote scores") };
    assert_prf(&q.exact, 2, 4, 3, 0.5, 2.0 / 3.0, 4.0 / 7.0);
    assert_prf(&q.overlap, 3, 4, 3, 0.75, 1.0, 6.0 / 7.0);
    assert_acc(&q.speaker, 2, 3);
    assert_prf(&q.end_to_end, 2, 4, 3, 0.5, 2.0 / 3.0, 4.0 / 7.0);
    assert_eq!((q.gold_dont_care, q.predicted_phrases_excluded, q.predictions_on_dont_care), (1, 1, 1));
}

#[test]
fn quote_options() {
    let (gold, pred) = quote_case();
    // Gold phrases counted: the phrase prediction is right, and its null speaker matches the null gold speaker.
    let opts = EvalOptions { include_partial: true, ..EvalOptions::default() };
    let r = eval(Task::Quote, &[("seeds.jsonl", &gold)], &pred, &opts);
    let Scores::Quote(q) = &r.overall.scores else { panic!("not quote scores") };
    assert_prf(&q.exact, 3, 5, 4, 0.6, 0.75, 2.0 * 0.45 / 1.35);
    assert_prf(&q.overlap, 4, 5, 4, 0.8, 1.0, 1.6 / 1.8);
    assert_acc(&q.speaker, 3, 4);
    assert_eq!(q.gold_dont_care, 0);
    // Predicted phrases kept: "policy" is one more false positive.
    let opts = EvalOptions { include_predicted_phrases: true, ..EvalOptions::default() };
    let r = eval(Task::Quote, &[("seeds.jsonl", &gold)], &pred, &opts);
    let Scores::Quote(q) = &r.overall.scores else { panic!("not quote scores") };
    assert_prf(&q.exact, 2, 5, 3, 0.4, 2.0 / 3.0, 0.5);
    assert_eq!(q.predicted_phrases_excluded, 0);
}

#[test]
fn quote_polnear_format_head_rule_and_null_speakers() {
    let t = "\"We are ready,\" Flynn, a top Trump surrogate, said. Officials said the plan was \"absolutely right\" \
and \"It is over,\" the statement read.";
    let a = span(t, "We are ready,", 0);
    let am = span(t, "\"We are ready,\" ", 0);
    let flynn = span(t, "Flynn, a top Trump surrogate,", 0);
    let b = span(t, "absolutely right", 0);
    let officials = span(t, "Officials", 0);
    let c = span(t, "It is over,", 0);
    let gold = jsonl(&[json!({"id": "dev/x", "text": t, "quotes": [
        {"start": a.0, "end": a.1, "kind": "direct", "speaker": "Flynn, a top Trump surrogate,", "speaker_spans": [[flynn.0, flynn.1]], "attribution": "E1"},
        {"start": b.0, "end": b.1, "kind": "partial", "speaker": "Officials", "speaker_spans": [[officials.0, officials.1]]},
        {"start": c.0, "end": c.1, "kind": "direct", "speaker": null, "speaker_spans": []}]})]);
    let pred = jsonl(&[json!({"id": "dev/x", "analyses": {"quote": {"quotes": [
        {"start": am.0, "end": am.1, "speaker": "Michael Flynn", "speaker_span": null},
        {"start": b.0, "end": b.1, "kind": "speech", "speaker": "Officials"},
        {"start": c.0, "end": c.1, "kind": "speech", "speaker": "the statement", "speaker_span": null}]}}})]);
    let r = eval(Task::Quote, &[("polnear.jsonl", &gold)], &pred, &EvalOptions::default());
    let Scores::Quote(q) = &r.overall.scores else { panic!("not quote scores") };
    assert_prf(&q.exact, 2, 2, 2, 1.0, 1.0, 1.0);
    assert_acc(&q.speaker, 1, 2);
    assert_prf(&q.end_to_end, 1, 2, 2, 0.5, 0.5, 0.5);
    assert_eq!(q.gold_dont_care, 1);
}

// ---------------------------------------------------------------- number

fn number_case() -> (String, String, String) {
    let num = jsonl(&[
        json!({"id": "NumberModel-0", "text": "I have 3 apples and 1,000 pears", "numbers": [
            {"start": 7, "end": 8, "kind": "cardinal", "value": 3}, {"start": 20, "end": 25, "kind": "cardinal", "value": 1000}]}),
        json!({"id": "NumberModel-1", "text": "$3.5 million", "numbers": [
            {"start": 1, "end": 12, "kind": "cardinal", "value": 3500000}]}),
        json!({"id": "NumberModel-2", "text": "the May 4th", "numbers": []}),
    ]);
    let ord = jsonl(&[
        json!({"id": "OrdinalModel-0", "text": "the last one", "numbers": [{"start": 4, "end": 8, "kind": "ordinal", "value": null}]}),
        json!({"id": "OrdinalModel-1", "text": "the second", "numbers": [{"start": 4, "end": 10, "kind": "ordinal", "value": 2}]}),
        json!({"id": "OrdinalModel-2", "text": "next week", "numbers": [{"start": 0, "end": 4, "kind": "ordinal", "value": null}]}),
    ]);
    let pred = jsonl(&[
        json!({"id": "NumberModel-0", "analyses": {"number": {"numbers": [
            {"start": 7, "end": 8, "kind": "cardinal", "value": 3.000_000_000_000_1, "unit": null},
            {"start": 20, "end": 25, "kind": "cardinal", "value": 1000.0},
            {"start": 0, "end": 4, "kind": "money", "value": 5, "unit": "USD"}]}}}),
        json!({"id": "NumberModel-1", "analyses": {"number": {"numbers": [
            {"start": 0, "end": 12, "kind": "money", "value": 3500000, "unit": "USD"},
            {"start": 1, "end": 12, "kind": "cardinal", "value": 3_500_000.0 * (1.0 + 2e-9)}]}}}),
        json!({"id": "OrdinalModel-0", "analyses": {"number": {"numbers": [{"start": 4, "end": 8, "kind": "ordinal", "value": null}]}}}),
        json!({"id": "OrdinalModel-1", "analyses": {"number": {"numbers": [{"start": 4, "end": 10, "kind": "cardinal", "value": 2}]}}}),
        json!({"id": "OrdinalModel-2", "analyses": {"number": {"numbers": [{"start": 0, "end": 4, "kind": "ordinal", "value": 1}]}}}),
    ]);
    (num, ord, pred)
}

#[test]
fn number_recognizers_restriction_tolerance_and_nulls() {
    let (num, ord, pred) = number_case();
    let r = eval(
        Task::Number,
        &[("NumberModel.jsonl", &num), ("OrdinalModel.jsonl", &ord)],
        &pred,
        &EvalOptions::default(),
    );
    let [Scores::Number(n), Scores::Number(o)] = [&r.files[0].scores, &r.files[1].scores] else {
        panic!("not number scores")
    };
    // NumberModel: case 0 passes (money left out, 3 + 1e-13 within tolerance), case 1 fails (2e-9 off),
    // case 2 passes with no prediction line and no gold item.
    assert_acc(&n.case_pass, 2, 3);
    assert_prf(&n.span, 3, 3, 3, 1.0, 1.0, 1.0);
    assert_acc(&n.value, 2, 3);
    assert_acc(&n.kind, 3, 3);
    assert_eq!(n.restricted_to, vec!["cardinal".to_string()]);
    assert_eq!(r.files[0].coverage.no_prediction, 1);
    // OrdinalModel: null = null passes; "second" predicted as cardinal is out of the restricted set (kind wrong);
    // null gold vs 1 predicted is a wrong value.
    assert_acc(&o.case_pass, 1, 3);
    assert_prf(&o.span, 2, 2, 3, 1.0, 2.0 / 3.0, 0.8);
    assert_acc(&o.value, 1, 2);
    assert_acc(&o.kind, 2, 3);
    let Scores::Number(all) = &r.overall.scores else { panic!("not number scores") };
    assert_acc(&all.case_pass, 3, 6);
    assert_prf(&all.span, 5, 5, 6, 1.0, 5.0 / 6.0, 10.0 / 11.0);
    assert_acc(&all.value, 3, 5);
    assert_acc(&all.kind, 5, 6);
    assert_eq!(all.restricted_to, vec!["cardinal".to_string(), "ordinal".to_string()]);
}

#[test]
fn number_without_restriction() {
    let (num, _, pred) = number_case();
    let opts = EvalOptions { no_number_restriction: true, ..EvalOptions::default() };
    let r = eval(Task::Number, &[("NumberModel.jsonl", &num)], &pred, &opts);
    let Scores::Number(n) = &r.overall.scores else { panic!("not number scores") };
    // The money items now count: case 0 fails, two more predicted spans.
    assert_acc(&n.case_pass, 1, 3);
    assert_prf(&n.span, 3, 5, 3, 0.6, 1.0, 0.75);
    assert!(n.restricted_to.is_empty());
}

// ---------------------------------------------------------------- sentiment

#[test]
fn sentiment_correlations_ties_and_classes() {
    let gold = jsonl(&[
        json!({"id": "a", "text": "", "score": 2.0}),
        json!({"id": "b", "text": "", "score": -1.0}),
        json!({"id": "c", "text": "", "score": 0.2}),
        json!({"id": "d", "text": "", "score": 3}),
        json!({"id": "e", "text": "", "score": -3.0}),
    ]);
    let pred = jsonl(&[
        json!({"id": "a", "analyses": {"sentiment": {"score": 0.5, "label": "positive", "sentences": []}}}),
        json!({"id": "b", "analyses": {"sentiment": {"score": -0.2}}}),
        json!({"id": "c", "analyses": {"sentiment": {"score": 0.5}}}),
        json!({"id": "d", "analyses": {"sentiment": {"score": 0.8}}}),
    ]);
    let r = eval(Task::Sentiment, &[("s.jsonl", &gold)], &pred, &EvalOptions::default());
    let Scores::Sentiment(s) = &r.overall.scores else { panic!("not sentiment scores") };
    assert_eq!((s.n, s.imputed_zero), (5, 1));
    assert!(close(s.pearson.unwrap_or(0.0), 0.850_582_613_359_091_8));
    // Ranks with the tie: pred [3.5, 1, 3.5, 5, 2], gold [4, 2, 3, 5, 1].
    assert!(close(s.spearman.unwrap_or(0.0), 0.872_081_599_272_381));
    assert!(close(s.accuracy.unwrap_or(0.0), 0.6));
    let f1: Vec<f64> = s.classes.iter().map(|c| c.f1).collect();
    assert!(close(f1[0], 2.0 / 3.0) && close(f1[1], 0.0) && close(f1[2], 0.8), "{f1:?}");
    assert!(close(s.macro_f1.unwrap_or(0.0), (2.0 / 3.0 + 0.8) / 3.0));
    assert_eq!((s.classes[2].gold, s.classes[2].predicted, s.classes[2].correct), (2, 3, 2));
}

#[test]
fn sentiment_constant_prediction_has_no_correlation() {
    let gold = jsonl(&[json!({"id": "a", "score": 1.0}), json!({"id": "b", "score": -1.0})]);
    let r = eval(Task::Sentiment, &[("s.jsonl", &gold)], "", &EvalOptions::default());
    let Scores::Sentiment(s) = &r.overall.scores else { panic!("not sentiment scores") };
    assert_eq!((s.pearson, s.spearman), (None, None));
    assert_eq!(r.overall.coverage.no_prediction, 2);
    // Only classes present in gold or predictions enter the macro average: negative, neutral, positive = 0.
    assert_eq!(s.macro_f1, Some(0.0));
}

// ---------------------------------------------------------------- errors, report

#[test]
fn errors_name_file_and_line() {
    let gold = jsonl(&[json!({"id": "a", "score": 1.0})]);
    let opts = EvalOptions::default();
    let err = |pred: &str| evaluate_str(Task::Sentiment, &[("g.jsonl", &gold)], ("p.jsonl", pred), &opts).err();
    let e = err("{\"id\": \"a\"}\n{broken\n").map(|e| e.to_string()).unwrap_or_default();
    assert!(e.starts_with("p.jsonl: line 2: "), "{e}");
    let e = err("\n{\"id\": \"a\", \"analyses\": {\"sentiment\": {\"score\": \"high\"}}}\n").map(|e| e.to_string());
    assert!(e.as_deref().unwrap_or("").starts_with("p.jsonl: line 2: analyses.sentiment: "), "{e:?}");
    let e = err("{\"id\": \"a\"}\n{\"id\": \"a\"}\n");
    assert!(matches!(&e, Some(EvalError::DuplicateId { location: Location::Line(2), .. })), "{e:?}");
    let e = err("{\"analyses\": {}}\n").map(|e| e.to_string()).unwrap_or_default();
    assert!(e.contains("line 1") && e.contains("id"), "{e}");
    // Gold without the task's field.
    let e = evaluate_str(Task::Quote, &[("g.jsonl", &gold)], ("p.jsonl", ""), &opts).err().map(|e| e.to_string());
    assert!(e.as_deref().unwrap_or("").starts_with("g.jsonl: line 1: "), "{e:?}");
    // The same id in two gold files.
    let e = evaluate_str(Task::Sentiment, &[("g.jsonl", &gold), ("h.jsonl", &gold)], ("p.jsonl", ""), &opts).err();
    assert!(matches!(&e, Some(EvalError::DuplicateId { file, .. }) if file == "h.jsonl"), "{e:?}");
    assert!(matches!(evaluate_str(Task::Sentiment, &[], ("p.jsonl", ""), &opts), Err(EvalError::NoGold)));
    let e = evaluate(Task::Sentiment, &[PathBuf::from("/nonexistent/g.jsonl")], Path::new("p"), &opts).err();
    assert!(e.map(|e| e.to_string()).unwrap_or_default().starts_with("cannot read /nonexistent/g.jsonl"));
}

#[test]
fn task_names() {
    assert_eq!("entity".parse::<Task>().ok(), Some(Task::Entity));
    assert_eq!("Quotes".parse::<Task>().ok(), Some(Task::Quote));
    assert_eq!("number".parse::<Task>().ok(), Some(Task::Number));
    assert_eq!("sentiment".parse::<Task>().ok(), Some(Task::Sentiment));
    assert!(matches!("ner".parse::<Task>(), Err(EvalError::UnknownTask(_))));
    assert_eq!(Task::Quote.to_string(), "quote");
}

#[test]
fn report_json_and_table() {
    let (gold, pred) = quote_case();
    let r = eval(Task::Quote, &[("seeds.jsonl", &gold)], &pred, &EvalOptions::default());
    let v = serde_json::to_value(&r).unwrap_or_default();
    assert_eq!(v["task"], "quote");
    assert_eq!(v["analyzer"], "quote");
    assert_eq!(v["overall"]["scores"]["exact"]["correct"], 2);
    assert_eq!(v["overall"]["scores"]["speaker"]["right"], 2);
    assert_eq!(v["files"][0]["name"], "seeds.jsonl");
    assert_eq!(v["options"]["include_partial"], false);
    let table = r.to_table();
    assert!(table.contains("end-to-end"), "{table}");
    let exact = table.lines().find(|l| l.starts_with("all") && l.contains("exact")).unwrap_or("");
    assert_eq!(
        exact.split_whitespace().collect::<Vec<_>>(),
        ["all", "exact", "50.00", "66.67", "57.14", "2", "4", "3"]
    );
    assert!(table.contains("66.67 (2/3)"), "{table}");

    let (num, ord, pred) = number_case();
    let r = eval(
        Task::Number,
        &[("NumberModel.jsonl", &num), ("OrdinalModel.jsonl", &ord)],
        &pred,
        &EvalOptions::default(),
    );
    let table = r.to_table();
    assert!(table.lines().any(|l| l.starts_with("OrdinalModel.jsonl")), "{table}");
    assert!(table.contains("50.00 (3/6)"), "{table}");
}

// ---------------------------------------------------------------- seeds

/// End to end on the seed articles: gold quotes are the text between curly quotation marks, predictions the same
/// quotes with their marks; stripping makes every one an exact match.
#[test]
fn seeds_quotes_with_marks_match_exactly() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../../seeds");
    let mut entries: Vec<PathBuf> =
        std::fs::read_dir(dir).map(|d| d.filter_map(|e| e.ok().map(|e| e.path())).collect()).unwrap_or_default();
    entries.retain(|p| p.extension().is_some_and(|e| e == "txt"));
    entries.sort();
    assert!(!entries.is_empty(), "no seed files in {dir}");
    let (mut gold, mut pred, mut total) = (Vec::new(), Vec::new(), 0);
    for path in &entries {
        let text = std::fs::read_to_string(path).unwrap_or_default();
        let id = path.file_stem().map(|s| s.to_string_lossy().to_string()).unwrap_or_default();
        let (mut g, mut p) = (Vec::new(), Vec::new());
        let mut from = 0;
        while let Some(open) = text.get(from..).and_then(|t| t.find('“')).map(|i| i + from) {
            let inner = open + '“'.len_utf8();
            let Some(close) = text.get(inner..).and_then(|t| t.find('”')).map(|i| i + inner) else { break };
            g.push(json!({"start": inner, "end": close, "kind": "speech", "speaker": null}));
            p.push(json!({"start": open, "end": close + '”'.len_utf8(), "kind": "speech", "speaker": null}));
            from = close;
        }
        total += g.len();
        gold.push(json!({"id": id, "text": text, "quotes": g}));
        pred.push(json!({"id": id, "analyses": {"quote": {"quotes": p}}}));
    }
    assert!(total > 10, "only {total} quotes found");
    let r = eval(Task::Quote, &[("seeds", &jsonl(&gold))], &jsonl(&pred), &EvalOptions::default());
    let Scores::Quote(q) = &r.overall.scores else { panic!("not quote scores") };
    assert_prf(&q.exact, total, total, total, 1.0, 1.0, 1.0);
    assert_acc(&q.speaker, total, total);
}
