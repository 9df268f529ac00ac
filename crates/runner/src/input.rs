//! Reading documents from files, folders, JSON Lines and standard input, one at a time.
//!
//! Defined behaviour for bad input (every case yields a record, so no document silently
//! disappears from the output):
//!
//! | input | what happens |
//! |---|---|
//! | a missing or unreadable file | an error record with the file stem as id, naming the file |
//! | invalid UTF-8 | decoded lossily (U+FFFD), with a warning on the record |
//! | an empty file | a document with empty text (analyzers return empty results) |
//! | a binary file (a NUL byte in its first 8 KiB) | an error record, not analyzed |
//! | a JSON Lines line that is not JSON, not an object, or lacks a string `text` | an error record with id `STEM:LINE`, naming `FILE:LINE` |
//! | a blank JSON Lines line | skipped (it holds no document) |
//! | a document over `max-document-mib` | an error record, not analyzed |

use lede_core::Meta;
use serde_json::Value;
use std::fs::File;
use std::io::{self, BufRead, BufReader, Read};
use std::path::{Path, PathBuf};

/// Where documents come from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum InputSource {
    /// A path: a text file, a `.jsonl` file or a folder.
    Path(PathBuf),
    /// JSON Lines on standard input (`-` on the command line).
    Stdin,
}

impl InputSource {
    /// `-` means standard input; anything else is a path.
    pub fn parse(arg: &str) -> InputSource {
        if arg == "-" { InputSource::Stdin } else { InputSource::Path(PathBuf::from(arg)) }
    }
}

/// One document as read, before analysis.
#[derive(Clone, Debug, PartialEq)]
pub struct RawDocument {
    /// Document id.
    pub id: String,
    /// Text, or the reason there is none.
    pub text: Result<String, String>,
    /// Extra JSON Lines fields.
    pub meta: Option<Meta>,
    /// Problems that did not stop the document from being analyzed.
    pub warnings: Vec<String>,
    /// Size of the input in bytes (for throughput figures).
    pub bytes: u64,
}

impl RawDocument {
    fn failed(id: String, message: String) -> RawDocument {
        RawDocument { id, text: Err(message), meta: None, warnings: Vec::new(), bytes: 0 }
    }
}

/// Total bytes of the given path inputs (folders walked), for a progress bar. `None` when any
/// input is standard input.
pub fn total_bytes(sources: &[InputSource]) -> Option<u64> {
    let mut total = 0;
    for s in sources {
        match s {
            InputSource::Stdin => return None,
            InputSource::Path(p) => {
                for f in expand(p) {
                    total += std::fs::metadata(&f).map(|m| m.len()).unwrap_or(0);
                }
            }
        }
    }
    Some(total)
}

/// The files an input path stands for: itself, or every `*.txt` and `*.jsonl` below a folder
/// in sorted order.
fn expand(path: &Path) -> Vec<PathBuf> {
    if path.is_dir() {
        let mut files = Vec::new();
        walk(path, &mut files);
        files.sort();
        files
    } else {
        vec![path.to_path_buf()]
    }
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    for entry in entries.flatten() {
        let p = entry.path();
        if p.is_dir() {
            walk(&p, out);
        } else if matches!(p.extension().and_then(|e| e.to_str()), Some("txt" | "jsonl")) {
            out.push(p);
        }
    }
}

fn stem(path: &Path) -> String {
    path.file_stem().map_or_else(|| path.display().to_string(), |s| s.to_string_lossy().into_owned())
}

fn is_jsonl(path: &Path) -> bool {
    path.extension().and_then(|e| e.to_str()) == Some("jsonl")
}

/// Streams documents from the sources in order, calling `emit` for each; stops early when
/// `emit` returns false. Reading is lazy: one file or line at a time.
pub fn read_all(sources: &[InputSource], max_bytes: usize, mut emit: impl FnMut(RawDocument) -> bool) {
    for source in sources {
        let go_on = match source {
            InputSource::Stdin => read_jsonl(io::stdin().lock(), "stdin", "<stdin>", max_bytes, &mut emit),
            InputSource::Path(path) => {
                if !path.exists() {
                    emit(RawDocument::failed(
                        stem(path),
                        format!("cannot read {}: no such file or folder", path.display()),
                    ))
                } else {
                    let mut go = true;
                    for file in expand(path) {
                        go = read_file(&file, max_bytes, &mut emit);
                        if !go {
                            break;
                        }
                    }
                    go
                }
            }
        };
        if !go_on {
            return;
        }
    }
}

fn read_file(path: &Path, max_bytes: usize, emit: &mut impl FnMut(RawDocument) -> bool) -> bool {
    let id = stem(path);
    let file = match File::open(path) {
        Ok(f) => f,
        Err(e) => return emit(RawDocument::failed(id, format!("cannot read {}: {e}", path.display()))),
    };
    if is_jsonl(path) {
        return read_jsonl(BufReader::new(file), &id, &path.display().to_string(), max_bytes, emit);
    }
    let len = file.metadata().map(|m| m.len()).unwrap_or(0);
    if len > max_bytes as u64 {
        return emit(RawDocument::failed(id, too_large(&path.display().to_string(), len, max_bytes)));
    }
    let mut bytes = Vec::with_capacity(usize::try_from(len).unwrap_or(0));
    if let Err(e) = file.take(max_bytes as u64 + 1).read_to_end(&mut bytes) {
        return emit(RawDocument::failed(id, format!("cannot read {}: {e}", path.display())));
    }
    if bytes.len() > max_bytes {
        return emit(RawDocument::failed(id, too_large(&path.display().to_string(), bytes.len() as u64, max_bytes)));
    }
    let size = bytes.len() as u64;
    if bytes[..bytes.len().min(8192)].contains(&0) {
        let mut doc = RawDocument::failed(
            id,
            format!("{} looks like a binary file (it has NUL bytes); not analyzed", path.display()),
        );
        doc.bytes = size;
        return emit(doc);
    }
    let mut warnings = Vec::new();
    let text = match String::from_utf8(bytes) {
        Ok(s) => s,
        Err(e) => {
            warnings.push(format!("{} is not valid UTF-8; invalid bytes were replaced with U+FFFD", path.display()));
            String::from_utf8_lossy(e.as_bytes()).into_owned()
        }
    };
    emit(RawDocument { id, text: Ok(text), meta: None, warnings, bytes: size })
}

fn too_large(what: &str, len: u64, max: usize) -> String {
    format!(
        "{what} is {:.1} MiB, over the limit of {} MiB (raise `max-document-mib` in [run]); not analyzed",
        len as f64 / 1_048_576.0,
        max / 1_048_576
    )
}

fn read_jsonl(
    mut reader: impl BufRead,
    id_prefix: &str,
    label: &str,
    max_bytes: usize,
    emit: &mut impl FnMut(RawDocument) -> bool,
) -> bool {
    let mut line_no = 0usize;
    let mut buf = Vec::new();
    loop {
        buf.clear();
        match reader.read_until(b'\n', &mut buf) {
            Ok(0) => return true,
            Ok(_) => {}
            Err(e) => {
                return emit(RawDocument::failed(
                    format!("{id_prefix}:{}", line_no + 1),
                    format!("cannot read {label}: {e}"),
                ));
            }
        }
        line_no += 1;
        let bytes = buf.len() as u64;
        let fallback_id = format!("{id_prefix}:{line_no}");
        if buf.iter().all(u8::is_ascii_whitespace) {
            continue;
        }
        if buf.len() > max_bytes {
            if !emit(RawDocument::failed(fallback_id, too_large(&format!("{label}:{line_no}"), bytes, max_bytes))) {
                return false;
            }
            continue;
        }
        let mut warnings = Vec::new();
        let line = match std::str::from_utf8(&buf) {
            Ok(s) => std::borrow::Cow::Borrowed(s),
            Err(_) => {
                warnings.push(format!("{label}:{line_no} is not valid UTF-8; invalid bytes were replaced with U+FFFD"));
                String::from_utf8_lossy(&buf)
            }
        };
        let doc = match parse_record(&line, &fallback_id, label, line_no) {
            Ok((id, text, meta)) => RawDocument { id, text: Ok(text), meta, warnings, bytes },
            Err((id, message)) => RawDocument { id, text: Err(message), meta: None, warnings, bytes },
        };
        if !emit(doc) {
            return false;
        }
    }
}

fn parse_record(
    line: &str,
    fallback_id: &str,
    label: &str,
    line_no: usize,
) -> Result<(String, String, Option<Meta>), (String, String)> {
    let mut map = match string_object(line) {
        Some(map) => map,
        None => {
            let value: Value = serde_json::from_str(line)
                .map_err(|e| (fallback_id.to_string(), format!("{label}:{line_no}: not valid JSON: {e}")))?;
            let Value::Object(map) = value else {
                return Err((
                    fallback_id.to_string(),
                    format!("{label}:{line_no}: expected a JSON object with a `text` field"),
                ));
            };
            map
        }
    };
    let id = match map.remove("id") {
        Some(Value::String(s)) => s,
        Some(Value::Number(n)) => n.to_string(),
        _ => fallback_id.to_string(),
    };
    let text = match map.remove("text") {
        Some(Value::String(s)) => s,
        Some(_) => return Err((id, format!("{label}:{line_no}: `text` must be a string"))),
        None => return Err((id, format!("{label}:{line_no}: the record has no `text` field"))),
    };
    let meta = if map.is_empty() { None } else { Some(map) };
    Ok((id, text, meta))
}

/// The usual record, a JSON object whose values are all strings, parsed without serde_json's
/// general machinery: the same map `serde_json::from_str` gives (keys in order, a repeated key
/// keeping its first place and its last value). `None` for anything else (other value types,
/// `\u` surrogates, control characters, bad syntax), which then goes through serde_json.
fn string_object(line: &str) -> Option<Meta> {
    let b = line.as_bytes();
    let mut i = skip_ws(b, 0);
    if b.get(i) != Some(&b'{') {
        return None;
    }
    i = skip_ws(b, i + 1);
    let mut map = Meta::new();
    loop {
        let (key, j) = json_string(line, i)?;
        i = skip_ws(b, j);
        if b.get(i) != Some(&b':') {
            return None;
        }
        let (value, j) = json_string(line, skip_ws(b, i + 1))?;
        map.insert(key, Value::String(value));
        i = skip_ws(b, j);
        match b.get(i) {
            Some(b',') => i = skip_ws(b, i + 1),
            Some(b'}') => break,
            _ => return None,
        }
    }
    (skip_ws(b, i + 1) == b.len()).then_some(map)
}

/// Skips JSON white space from `i`.
fn skip_ws(b: &[u8], mut i: usize) -> usize {
    while matches!(b.get(i), Some(b' ' | b'\t' | b'\n' | b'\r')) {
        i += 1;
    }
    i
}

/// The JSON string starting with the quote at `i`, decoded, and the index after its closing
/// quote; `None` where serde_json would fail or for a `\u` escape of a surrogate.
fn json_string(line: &str, i: usize) -> Option<(String, usize)> {
    let b = line.as_bytes();
    if b.get(i) != Some(&b'"') {
        return None;
    }
    let mut out = String::new();
    let mut p = i + 1;
    loop {
        let q = find_special(b, p)?;
        // `p` and `q` are at ASCII bytes (or the end), so this is a whole-character slice.
        out.push_str(line.get(p..q)?);
        match b.get(q)? {
            b'"' => return Some((out, q + 1)),
            b'\\' => {
                let c = match b.get(q + 1)? {
                    b'"' => '"',
                    b'\\' => '\\',
                    b'/' => '/',
                    b'b' => '\u{8}',
                    b'f' => '\u{c}',
                    b'n' => '\n',
                    b'r' => '\r',
                    b't' => '\t',
                    b'u' => {
                        let hex = line.get(q + 2..q + 6)?;
                        if !hex.bytes().all(|h| h.is_ascii_hexdigit()) {
                            return None;
                        }
                        let code = u32::from_str_radix(hex, 16).ok()?;
                        p = q + 6;
                        // Surrogates (pairs or lone) are left to serde_json.
                        out.push(char::from_u32(code)?);
                        continue;
                    }
                    _ => return None,
                };
                out.push(c);
                p = q + 2;
            }
            // A control character.
            _ => return None,
        }
    }
}

/// The first byte at or after `p` that is `"`, `\\` or a control character, eight bytes at a
/// time; `None` when there is none.
fn find_special(b: &[u8], p: usize) -> Option<usize> {
    const L: u64 = 0x0101_0101_0101_0101;
    const H: u64 = 0x8080_8080_8080_8080;
    let rest = b.get(p..)?;
    let mut chunks = rest.chunks_exact(8);
    for (k, c) in chunks.by_ref().enumerate() {
        let x = u64::from_le_bytes(<[u8; 8]>::try_from(c).ok()?);
        // Flipping bit 1 maps `"` (0x22) to 0x20 and keeps control characters below 0x20, so
        // one "byte < 0x21" test finds both; a second finds `\\`. The lowest flagged byte of
        // each test is exact (borrows only run upwards).
        let qc = x ^ (L * 0x02);
        let slash = x ^ (L * u64::from(b'\\'));
        let hit = (qc.wrapping_sub(L * 0x21) & !qc & H) | (slash.wrapping_sub(L) & !slash & H);
        if hit != 0 {
            return Some(p + k * 8 + (hit.trailing_zeros() / 8) as usize);
        }
    }
    let tail = chunks.remainder();
    let at = rest.len() - tail.len();
    tail.iter().position(|&c| c == b'"' || c == b'\\' || c < 0x20).map(|k| p + at + k)
}

#[cfg(test)]
mod fast_tests {
    use super::*;

    #[test]
    fn string_objects_match_serde_json() {
        let lines = [
            r#"{"id": "a", "text": "plain"}"#,
            "{\"id\":\"x\",\"text\":\"caf\u{e9} \\u00e9 \\n\\t\\\" \\\\ \\/ \\b\\f\\r \u{201c}quoted\u{201d} long enough to span chunks\"}\n",
            r#"  {"text": "t", "id": "i", "extra": "e", "id": "j"}  "#,
            r#"{"id": "a", "text": "\ud83d\ude00"}"#,
            r#"{"id": "a", "text": "\ud83d"}"#,
            r#"{"id": 5, "text": "t"}"#,
            r#"{"id": "a", "text": "t", "n": null}"#,
            r#"{"id": "a", "text": "t",}"#,
            r#"{"id": "a", "text": "t"} x"#,
            "{\"id\": \"a\", \"text\": \"tab\tinside\"}",
            r#"{"id": "a", "text": "bad \x escape"}"#,
            r#"{"id": "a", "text": "\u12"}"#,
            r#"{}"#,
            r#"[]"#,
            r#"{"id": "a", "text": "unterminated}"#,
            r#"{"a":"","b":"0123456789abcdef\"0123456789abcdef"}"#,
        ];
        for line in lines {
            let serde: Option<Meta> = match serde_json::from_str::<Value>(line) {
                Ok(Value::Object(m)) => Some(m),
                _ => None,
            };
            if let Some(fast) = string_object(line) {
                assert_eq!(Some(&fast), serde.as_ref(), "{line}");
                let keys: Vec<_> = fast.keys().collect();
                let serde_keys: Vec<_> = serde.as_ref().map(|m| m.keys().collect()).unwrap_or_default();
                assert_eq!(keys, serde_keys, "{line}");
            }
        }
        for c in 0..=255u8 {
            for at in [0, 5, 7, 8, 13, 20] {
                let mut buf = vec![b'a'; 21];
                buf[at] = c;
                let special = c == b'"' || c == b'\\' || c < 0x20;
                assert_eq!(find_special(&buf, 0), special.then_some(at), "{c} at {at}");
            }
        }
        assert!(string_object(r#"{"id": "a", "text": "t"}"#).is_some());
        assert!(string_object(r#"{"id": "a", "text": "\ud83d\ude00"}"#).is_none());
    }
}
