//! Name normalization for canonical-name and speaker comparisons.

/// Titles and honorifics dropped from the front of a name (lower case, without a trailing period).
const TITLES: &[&str] = &[
    "mr",
    "mrs",
    "ms",
    "miss",
    "mx",
    "dr",
    "prof",
    "professor",
    "president",
    "vice",
    "senator",
    "sen",
    "gov",
    "governor",
    "rep",
    "representative",
    "congressman",
    "congresswoman",
    "speaker",
    "secretary",
    "sec",
    "prime",
    "minister",
    "premier",
    "chancellor",
    "mayor",
    "judge",
    "justice",
    "attorney",
    "ambassador",
    "chairman",
    "chairwoman",
    "gen",
    "general",
    "adm",
    "admiral",
    "col",
    "colonel",
    "maj",
    "capt",
    "captain",
    "lt",
    "sgt",
    "cmdr",
    "rev",
    "reverend",
    "sir",
    "dame",
    "lord",
    "lady",
    "king",
    "queen",
    "prince",
    "princess",
    "sheikh",
    "pope",
];

/// Generational suffixes dropped from the end of a name.
const SUFFIXES: &[&str] = &["jr", "sr", "ii", "iii", "iv"];

fn is_title(token: &str) -> bool {
    let t = token.trim_end_matches('.');
    TITLES.contains(&t)
}

/// Drops leading titles (and trailing generational suffixes), always keeping at least one token.
fn trim_titles(mut tokens: Vec<&str>) -> Vec<&str> {
    let lead = tokens.iter().take_while(|t| is_title(t)).count().min(tokens.len().saturating_sub(1));
    tokens.drain(..lead);
    while tokens.len() > 1 && tokens.last().is_some_and(|t| SUFFIXES.contains(&t.trim_end_matches('.'))) {
        tokens.pop();
    }
    tokens
}

/// Speaker normalization: lower-cases, deletes apostrophes, turns every other character that is not a letter
/// or digit into a space, then drops leading titles and trailing `jr`/`sr`/`ii`/`iii`/`iv`.
/// `"Mr. O’Brien Jr."` → `"obrien"`.
pub fn normalize_speaker(name: &str) -> String {
    let mut cleaned = String::with_capacity(name.len());
    for c in name.chars() {
        if matches!(c, '\'' | '\u{2019}' | '\u{2018}' | '\u{02bc}') {
            continue;
        }
        if c.is_alphanumeric() {
            cleaned.extend(c.to_lowercase());
        } else {
            cleaned.push(' ');
        }
    }
    trim_titles(cleaned.split_whitespace().collect()).join(" ")
}

/// Canonical-name normalization: lower-cases, folds curly apostrophes to `'`, collapses white space and drops
/// leading titles (a title token may end in a period). Other punctuation is kept: `"Vladimir V. Putin"` →
/// `"vladimir v. putin"`, `"President Xi"` → `"xi"`.
pub fn normalize_canonical(name: &str) -> String {
    let lowered: String =
        name.chars().map(|c| if matches!(c, '\u{2019}' | '\u{2018}' | '\u{02bc}') { '\'' } else { c }).collect();
    let lowered = lowered.to_lowercase();
    trim_titles(lowered.split_whitespace().collect()).join(" ")
}

/// The part of a speaker description before its first comma or opening parenthesis.
pub fn head(speaker: &str) -> &str {
    match speaker.find([',', '(']) {
        Some(i) => speaker.get(..i).unwrap_or(speaker),
        None => speaker,
    }
}

/// Whether a predicted speaker name is right for a gold speaker by name: equal after [`normalize_speaker`],
/// or the predicted last word equals the last word of the gold speaker or of its [`head`].
pub fn speaker_names_match(pred: &str, gold: &str) -> bool {
    let p = normalize_speaker(pred);
    let g = normalize_speaker(gold);
    if p.is_empty() {
        return false;
    }
    if p == g {
        return true;
    }
    let Some(last) = p.split(' ').next_back() else { return false };
    let gold_last = g.split(' ').next_back();
    let head_norm = normalize_speaker(head(gold));
    let head_last = head_norm.split(' ').next_back();
    gold_last == Some(last) || head_last == Some(last)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn speaker_normalization() {
        assert_eq!(normalize_speaker("Mr. O’Brien Jr."), "obrien");
        assert_eq!(normalize_speaker("President Vladimir V. Putin"), "vladimir v putin");
        assert_eq!(normalize_speaker("Senator"), "senator");
        assert_eq!(normalize_speaker("  "), "");
    }

    #[test]
    fn canonical_normalization() {
        assert_eq!(normalize_canonical("Vladimir V. Putin"), "vladimir v. putin");
        assert_eq!(normalize_canonical("Mr.  Xi"), "xi");
        assert_eq!(normalize_canonical("Nadège  Rolland"), "nadège rolland");
    }

    #[test]
    fn speaker_rules() {
        assert!(speaker_names_match("Mr. Gabuev", "Alexander Gabuev"));
        assert!(speaker_names_match("Michael Flynn", "Flynn, a top Trump surrogate,"));
        assert!(speaker_names_match("Flynn", "Flynn (a top Trump surrogate)"));
        assert!(speaker_names_match("alexander gabuev", "Alexander Gabuev"));
        assert!(!speaker_names_match("Trump", "Flynn, a top Trump surrogate,"));
        assert!(!speaker_names_match("Michael Flynn", "he"));
        assert!(!speaker_names_match("", "he"));
        // The last word of the whole description also counts.
        assert!(speaker_names_match("the surrogate", "Flynn, a top Trump surrogate,"));
    }
}
