//! Checking the spans of a plugin's output against the document text.

use serde_json::Value;

/// A span in a plugin's output that does not fit the document.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("span {start}..{end} at {pointer} {reason}")]
pub struct SpanProblem {
    /// JSON pointer to the object or array holding the span.
    pub pointer: String,
    /// Start byte.
    pub start: u64,
    /// End byte.
    pub end: u64,
    /// Why it does not fit.
    pub reason: String,
}

/// Checks every span in `value` against `text`: each object with integer `start` and `end`
/// fields, and each two-integer array under a key ending in `span`. A span must have
/// `start <= end <= text.len()` and both ends on UTF-8 character boundaries.
///
/// Walks the value with an explicit stack (no recursion), in time linear in its size.
pub fn check_spans(value: &Value, text: &str) -> Result<(), SpanProblem> {
    let mut stack: Vec<(String, &Value)> = vec![(String::new(), value)];
    while let Some((pointer, v)) = stack.pop() {
        match v {
            Value::Object(map) => {
                if let (Some(start), Some(end)) =
                    (map.get("start").and_then(Value::as_u64), map.get("end").and_then(Value::as_u64))
                {
                    check_one(&pointer, start, end, text)?;
                }
                for (key, child) in map {
                    if key.ends_with("span")
                        && let Value::Array(pair) = child
                        && let [a, b] = pair.as_slice()
                        && let (Some(start), Some(end)) = (a.as_u64(), b.as_u64())
                    {
                        check_one(&format!("{pointer}/{key}"), start, end, text)?;
                    }
                    if matches!(child, Value::Object(_) | Value::Array(_)) {
                        stack.push((format!("{pointer}/{}", key.replace('~', "~0").replace('/', "~1")), child));
                    }
                }
            }
            Value::Array(items) => {
                for (i, child) in items.iter().enumerate() {
                    if matches!(child, Value::Object(_) | Value::Array(_)) {
                        stack.push((format!("{pointer}/{i}"), child));
                    }
                }
            }
            _ => {}
        }
    }
    Ok(())
}

fn check_one(pointer: &str, start: u64, end: u64, text: &str) -> Result<(), SpanProblem> {
    let problem = |reason: String| SpanProblem { pointer: pointer.to_string(), start, end, reason };
    let len = text.len() as u64;
    if start > end {
        return Err(problem("starts after it ends".into()));
    }
    if end > len {
        return Err(problem(format!("lies outside the text ({len} bytes)")));
    }
    // Both fit in usize: they are at most text.len().
    for at in [start, end] {
        if !text.is_char_boundary(at as usize) {
            return Err(problem(format!("does not fall on a character boundary at byte {at}")));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn good_spans_pass() {
        let text = "Zoë met Ana.";
        let v = json!({"items": [{"start": 0, "end": 4, "text": "Zoë"}], "speaker_span": [9, 12], "n": 3});
        assert_eq!(check_spans(&v, text), Ok(()));
        assert_eq!(check_spans(&json!(null), text), Ok(()));
    }

    #[test]
    fn bad_spans_are_named() {
        let text = "Zoë met Ana.";
        let e = check_spans(&json!({"items": [{"start": 0, "end": 40}]}), text).unwrap_err();
        assert_eq!(e.pointer, "/items/0");
        assert!(e.to_string().contains("outside the text"), "{e}");
        let e = check_spans(&json!({"items": [{"start": 0, "end": 3}]}), text).unwrap_err();
        assert!(e.to_string().contains("character boundary at byte 3"), "{e}");
        let e = check_spans(&json!({"a": {"speaker_span": [5, 2]}}), text).unwrap_err();
        assert_eq!(e.pointer, "/a/speaker_span");
        assert!(e.to_string().contains("starts after it ends"), "{e}");
    }
}
