//! The text table of a [`Report`].

use std::fmt::Write as _;

use crate::metrics::{Accuracy, Prf};
use crate::{Report, Scores, Section};

/// Lays out rows: the first `left` columns left-aligned, the others right-aligned, two spaces apart.
fn grid(header: &[&str], rows: &[Vec<String>], left: usize) -> String {
    let mut widths: Vec<usize> = header.iter().map(|h| h.chars().count()).collect();
    for row in rows {
        for (i, cell) in row.iter().enumerate() {
            let w = cell.chars().count();
            match widths.get_mut(i) {
                Some(slot) => *slot = (*slot).max(w),
                None => widths.push(w),
            }
        }
    }
    let mut out = String::new();
    let header: Vec<String> = header.iter().map(|s| s.to_string()).collect();
    for row in std::iter::once(&header).chain(rows) {
        let mut line = String::new();
        for (i, cell) in row.iter().enumerate() {
            let w = widths.get(i).copied().unwrap_or(0);
            if i > 0 {
                line.push_str("  ");
            }
            if i < left {
                let _ = write!(line, "{cell:<w$}");
            } else {
                let _ = write!(line, "{cell:>w$}");
            }
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

fn pct(x: f64) -> String {
    format!("{:.2}", 100.0 * x)
}

fn acc(a: &Accuracy) -> String {
    match a.accuracy {
        Some(x) => format!("{} ({}/{})", pct(x), a.right, a.total),
        None => format!("- (0/{})", a.total),
    }
}

fn corr(x: Option<f64>) -> String {
    x.map_or_else(|| "-".to_string(), |x| format!("{x:.4}"))
}

fn prf_row(scope: &str, what: &str, p: &Prf) -> Vec<String> {
    vec![
        scope.to_string(),
        what.to_string(),
        pct(p.precision),
        pct(p.recall),
        pct(p.f1),
        p.correct.to_string(),
        p.predicted.to_string(),
        p.gold.to_string(),
    ]
}

const PRF_HEADER: [&str; 8] = ["scope", "match", "P", "R", "F1", "correct", "predicted", "gold"];

/// The sections to show as rows: each file when there are several, then `all`.
fn scopes(report: &Report) -> Vec<&Section> {
    let mut v: Vec<&Section> = Vec::new();
    if report.files.len() > 1 {
        v.extend(report.files.iter());
    }
    v.push(&report.overall);
    v
}

pub(crate) fn render(report: &Report) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "lede eval: task {}, analyzer \"{}\", predictions {}",
        report.task, report.analyzer, report.prediction_file
    );
    let cov_rows: Vec<Vec<String>> = scopes(report)
        .iter()
        .map(|s| {
            vec![
                s.name.clone(),
                s.coverage.gold_docs.to_string(),
                s.coverage.no_prediction.to_string(),
                s.coverage.no_output.to_string(),
            ]
        })
        .collect();
    out.push('\n');
    out.push_str(&grid(&["scope", "gold docs", "no prediction", "no analyzer output"], &cov_rows, 1));
    let _ = writeln!(
        out,
        "prediction lines with no gold document: {}",
        report.overall.coverage.predictions_without_gold.unwrap_or(0)
    );
    out.push('\n');
    match &report.overall.scores {
        Scores::Entity(_) => entity(report, &mut out),
        Scores::Quote(_) => quote(report, &mut out),
        Scores::Number(_) => number(report, &mut out),
        Scores::Sentiment(_) => sentiment(report, &mut out),
    }
    out
}

fn entity(report: &Report, out: &mut String) {
    let mut rows = Vec::new();
    let mut canon = Vec::new();
    for s in scopes(report) {
        let Scores::Entity(e) = &s.scores else { continue };
        rows.push(prf_row(&s.name, "typed", &e.typed));
        rows.push(prf_row(&s.name, "untyped", &e.untyped));
        if let Some(c) = &e.canonical_name {
            canon.push(vec![s.name.clone(), acc(c)]);
        }
    }
    if let Scores::Entity(e) = &report.overall.scores {
        for t in &e.per_type {
            rows.push(prf_row(&report.overall.name, t.label.as_str(), &t.scores));
        }
    }
    out.push_str(&grid(&PRF_HEADER, &rows, 2));
    if !canon.is_empty() {
        out.push('\n');
        out.push_str(&grid(&["scope", "canonical-name accuracy (gold PER mentions)"], &canon, 1));
    }
}

fn quote(report: &Report, out: &mut String) {
    let mut rows = Vec::new();
    let mut speakers = Vec::new();
    for s in scopes(report) {
        let Scores::Quote(q) = &s.scores else { continue };
        rows.push(prf_row(&s.name, "exact", &q.exact));
        rows.push(prf_row(&s.name, "overlap", &q.overlap));
        rows.push(prf_row(&s.name, "end-to-end", &q.end_to_end));
        speakers.push(vec![
            s.name.clone(),
            acc(&q.speaker),
            q.gold_dont_care.to_string(),
            q.predictions_on_dont_care.to_string(),
            q.predicted_phrases_excluded.to_string(),
        ]);
    }
    out.push_str(&grid(&PRF_HEADER, &rows, 2));
    out.push('\n');
    out.push_str(&grid(
        &["scope", "speaker accuracy", "gold don't-care", "predictions on don't-care", "predicted phrases left out"],
        &speakers,
        1,
    ));
}

fn number(report: &Report, out: &mut String) {
    let mut rows = Vec::new();
    for s in scopes(report) {
        let Scores::Number(n) = &s.scores else { continue };
        let restricted = match n.restricted_to.as_slice() {
            [] => "-".to_string(),
            [one] => one.clone(),
            _ => "per case".to_string(),
        };
        rows.push(vec![
            s.name.clone(),
            restricted,
            acc(&n.case_pass),
            pct(n.span.precision),
            pct(n.span.recall),
            pct(n.span.f1),
            format!("{}/{}/{}", n.span.correct, n.span.predicted, n.span.gold),
            acc(&n.value),
            acc(&n.kind),
        ]);
    }
    out.push_str(&grid(
        &[
            "scope",
            "kinds kept",
            "case pass",
            "span P",
            "span R",
            "span F1",
            "correct/pred/gold",
            "value accuracy",
            "kind accuracy",
        ],
        &rows,
        2,
    ));
}

fn sentiment(report: &Report, out: &mut String) {
    let mut rows = Vec::new();
    for s in scopes(report) {
        let Scores::Sentiment(m) = &s.scores else { continue };
        rows.push(vec![
            s.name.clone(),
            m.n.to_string(),
            corr(m.pearson),
            corr(m.spearman),
            m.accuracy.map_or_else(|| "-".to_string(), pct),
            m.macro_f1.map_or_else(|| "-".to_string(), pct),
            m.imputed_zero.to_string(),
        ]);
    }
    out.push_str(&grid(
        &["scope", "n", "Pearson r", "Spearman rho", "3-class acc", "macro-F1", "no score (scored 0)"],
        &rows,
        1,
    ));
    if let Scores::Sentiment(m) = &report.overall.scores {
        let rows: Vec<Vec<String>> = m
            .classes
            .iter()
            .map(|c| {
                vec![c.class.to_string(), c.gold.to_string(), c.predicted.to_string(), c.correct.to_string(), pct(c.f1)]
            })
            .collect();
        out.push('\n');
        out.push_str(&grid(&["class (all)", "gold", "predicted", "correct", "F1"], &rows, 1));
    }
}
