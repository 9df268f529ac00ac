//! Reading gold and prediction files: JSON Lines, or one JSON document / array for `.json` files.

use std::collections::HashMap;
use std::fmt;

use serde::de::DeserializeOwned;
use serde_json::Value;

use crate::EvalError;

/// Where a record sits in its file: a line of a JSON Lines file or an item of a JSON array.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Location {
    /// 1-based line of a JSON Lines file.
    Line(usize),
    /// 0-based index of an item of a top-level JSON array.
    Item(usize),
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Location::Line(n) => write!(f, "line {n}"),
            Location::Item(n) => write!(f, "item {n}"),
        }
    }
}

/// One JSON object read from a file.
pub(crate) struct Record {
    pub location: Location,
    pub value: Value,
}

/// Splits the content of `file` into records.
///
/// A file whose name ends in `.json`, or whose content starts with `[`, is parsed as a whole: an array
/// gives one record per item, anything else one record. Otherwise every non-blank line is one record.
pub(crate) fn records(file: &str, content: &str) -> Result<Vec<Record>, EvalError> {
    let content = content.strip_prefix('\u{feff}').unwrap_or(content);
    let whole = file.to_ascii_lowercase().ends_with(".json") || content.trim_start().starts_with('[');
    if whole {
        let value: Value = serde_json::from_str(content).map_err(|e| EvalError::Parse {
            file: file.to_string(),
            location: Location::Line(e.line()),
            message: syntax_message(&e),
        })?;
        return Ok(match value {
            Value::Array(items) => {
                items.into_iter().enumerate().map(|(i, value)| Record { location: Location::Item(i), value }).collect()
            }
            value => vec![Record { location: Location::Line(1), value }],
        });
    }
    let mut out = Vec::new();
    for (i, line) in content.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let value: Value = serde_json::from_str(line).map_err(|e| EvalError::Parse {
            file: file.to_string(),
            location: Location::Line(i + 1),
            message: syntax_message(&e),
        })?;
        out.push(Record { location: Location::Line(i + 1), value });
    }
    Ok(out)
}

/// serde_json's message with its " at line L column C" suffix turned into a leading "column C: " (the line is
/// already in the location).
fn syntax_message(e: &serde_json::Error) -> String {
    let full = e.to_string();
    let suffix = format!(" at line {} column {}", e.line(), e.column());
    match full.strip_suffix(&suffix) {
        Some(msg) => format!("column {}: {msg}", e.column()),
        None => full,
    }
}

/// The `id` of a record: a JSON string, or a number written as text.
pub(crate) fn record_id(file: &str, record: &Record) -> Result<String, EvalError> {
    match record.value.get("id") {
        Some(Value::String(s)) => Ok(s.clone()),
        Some(Value::Number(n)) => Ok(n.to_string()),
        _ => Err(EvalError::Parse {
            file: file.to_string(),
            location: record.location,
            message: "missing or non-string `id`".to_string(),
        }),
    }
}

/// Deserializes `value` into `T`, naming `file`, `location` and `what` on failure.
pub(crate) fn typed<T: DeserializeOwned>(
    file: &str,
    location: Location,
    what: &str,
    value: Value,
) -> Result<T, EvalError> {
    serde_json::from_value(value).map_err(|e| EvalError::Parse {
        file: file.to_string(),
        location,
        message: if what.is_empty() { e.to_string() } else { format!("{what}: {e}") },
    })
}

/// One prediction line, reduced to the output of the analyzer being scored.
pub(crate) struct PredEntry {
    pub location: Location,
    /// `analyses.<analyzer>`, when present and not null.
    pub output: Option<Value>,
    /// Set once a gold document joined this prediction.
    pub used: bool,
}

/// Reads the prediction file into an index by id, keeping only `analyses.<analyzer>`.
pub(crate) fn index_predictions(
    file: &str,
    content: &str,
    analyzer: &str,
) -> Result<HashMap<String, PredEntry>, EvalError> {
    let mut index: HashMap<String, PredEntry> = HashMap::new();
    for mut record in records(file, content)? {
        let id = record_id(file, &record)?;
        if !record.value.is_object() {
            return Err(EvalError::Parse {
                file: file.to_string(),
                location: record.location,
                message: "a prediction must be a JSON object".to_string(),
            });
        }
        let output = match record.value.get_mut("analyses") {
            None | Some(Value::Null) => None,
            Some(Value::Object(map)) => map.remove(analyzer).filter(|v| !v.is_null()),
            Some(_) => {
                return Err(EvalError::Parse {
                    file: file.to_string(),
                    location: record.location,
                    message: "`analyses` must be an object".to_string(),
                });
            }
        };
        if let Some(first) = index.get(&id) {
            return Err(EvalError::DuplicateId {
                id,
                file: file.to_string(),
                location: record.location,
                first: format!("{file}: {}", first.location),
            });
        }
        index.insert(id, PredEntry { location: record.location, output, used: false });
    }
    Ok(index)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn jsonl_skips_blank_lines_and_names_bad_lines() {
        let recs = records("a.jsonl", "{\"id\":1}\n\n{\"id\":\"x\"}\n").unwrap_or_default();
        assert_eq!(recs.len(), 2);
        assert_eq!(recs[1].location, Location::Line(3));
        let err = records("a.jsonl", "{\"id\":1}\n{oops\n").err().map(|e| e.to_string()).unwrap_or_default();
        assert_eq!(err, "a.jsonl: line 2: column 2: key must be a string");
    }

    #[test]
    fn json_arrays_and_single_objects() {
        let recs = records("p.json", "[{\"id\":\"a\"},{\"id\":\"b\"}]").unwrap_or_default();
        assert_eq!(recs.len(), 2);
        assert_eq!(recs[1].location, Location::Item(1));
        let recs = records("g.json", "{\n \"id\": \"a\"\n}\n").unwrap_or_default();
        assert_eq!(recs.len(), 1);
    }
}
