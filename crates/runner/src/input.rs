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
    let value: Value = serde_json::from_str(line)
        .map_err(|e| (fallback_id.to_string(), format!("{label}:{line_no}: not valid JSON: {e}")))?;
    let Value::Object(mut map) = value else {
        return Err((
            fallback_id.to_string(),
            format!("{label}:{line_no}: expected a JSON object with a `text` field"),
        ));
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
