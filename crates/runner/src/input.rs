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
use std::sync::Arc;

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
    read_unparsed(sources, max_bytes, |doc| emit(doc.parse()));
}

/// A document as the reader found it: a JSON Lines line is only split off, and parsed by
/// [`Unparsed::parse`] on the thread that analyzes it, so that parsing runs on all the workers
/// instead of on the one reader thread.
pub(crate) enum Unparsed {
    /// Read and decoded already: a text file, or a failure.
    Ready(RawDocument),
    /// One line of a JSON Lines input.
    Line(JsonLine),
}

/// One JSON Lines line, newline included, and where it comes from.
pub(crate) struct JsonLine {
    line: Vec<u8>,
    source: Arc<LineSource>,
    line_no: usize,
}

/// The input a [`JsonLine`] comes from.
struct LineSource {
    /// Ids of records without one are `PREFIX:LINE`.
    id_prefix: String,
    /// The input as messages name it (a path, or `<stdin>`).
    label: String,
}

impl Unparsed {
    /// Input bytes of the document.
    pub(crate) fn bytes(&self) -> u64 {
        match self {
            Unparsed::Ready(doc) => doc.bytes,
            Unparsed::Line(line) => line.line.len() as u64,
        }
    }

    /// The document: a line's JSON decoded into id, text and meta, or an error record that says
    /// what is wrong with it.
    pub(crate) fn parse(self) -> RawDocument {
        let JsonLine { line, source, line_no } = match self {
            Unparsed::Ready(doc) => return doc,
            Unparsed::Line(line) => line,
        };
        let (label, bytes) = (&source.label, line.len() as u64);
        let fallback_id = format!("{}:{line_no}", source.id_prefix);
        let mut warnings = Vec::new();
        let text = match std::str::from_utf8(&line) {
            Ok(s) => std::borrow::Cow::Borrowed(s),
            Err(_) => {
                warnings.push(format!("{label}:{line_no} is not valid UTF-8; invalid bytes were replaced with U+FFFD"));
                String::from_utf8_lossy(&line)
            }
        };
        match parse_record(&text, &fallback_id, label, line_no) {
            Ok((id, text, meta)) => RawDocument { id, text: Ok(text), meta, warnings, bytes },
            Err((id, message)) => RawDocument { id, text: Err(message), meta: None, warnings, bytes },
        }
    }
}

/// [`read_all`] with JSON Lines lines left unparsed.
pub(crate) fn read_unparsed(sources: &[InputSource], max_bytes: usize, mut emit: impl FnMut(Unparsed) -> bool) {
    for source in sources {
        let go_on = match source {
            InputSource::Stdin => {
                let stdin = BufReader::with_capacity(READ_BUFFER, io::stdin());
                read_jsonl(stdin, "stdin", "<stdin>", max_bytes, &mut emit)
            }
            InputSource::Path(path) => {
                if !path.exists() {
                    emit(Unparsed::Ready(RawDocument::failed(
                        stem(path),
                        format!("cannot read {}: no such file or folder", path.display()),
                    )))
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

/// Buffer size of JSON Lines readers: most lines are taken straight out of the buffer, with
/// one copy into a vector of their exact size.
const READ_BUFFER: usize = 256 << 10;

fn read_file(path: &Path, max_bytes: usize, emit: &mut impl FnMut(Unparsed) -> bool) -> bool {
    let id = stem(path);
    let file = match File::open(path) {
        Ok(f) => f,
        Err(e) => {
            return emit(Unparsed::Ready(RawDocument::failed(id, format!("cannot read {}: {e}", path.display()))));
        }
    };
    if is_jsonl(path) {
        let reader = BufReader::with_capacity(READ_BUFFER, file);
        return read_jsonl(reader, &id, &path.display().to_string(), max_bytes, emit);
    }
    let mut emit = |doc: RawDocument| emit(Unparsed::Ready(doc));
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
    emit: &mut impl FnMut(Unparsed) -> bool,
) -> bool {
    let source = Arc::new(LineSource { id_prefix: id_prefix.to_string(), label: label.to_string() });
    let mut line_no = 0usize;
    let mut partial = Vec::new();
    loop {
        let line = match next_line(&mut reader, &mut partial, max_bytes) {
            Ok(Some(line)) => line,
            Ok(None) => return true,
            Err(e) => {
                return emit(Unparsed::Ready(RawDocument::failed(
                    format!("{id_prefix}:{}", line_no + 1),
                    format!("cannot read {label}: {e}"),
                )));
            }
        };
        line_no += 1;
        let line = match line {
            Line::Blank => continue,
            Line::Whole(line) if line.iter().all(u8::is_ascii_whitespace) => continue,
            Line::Whole(line) => line,
            Line::TooLong(len) => {
                let message = too_large(&format!("{label}:{line_no}"), len, max_bytes);
                if !emit(Unparsed::Ready(RawDocument::failed(format!("{id_prefix}:{line_no}"), message))) {
                    return false;
                }
                continue;
            }
        };
        if !emit(Unparsed::Line(JsonLine { line, source: Arc::clone(&source), line_no })) {
            return false;
        }
    }
}

/// One line of a JSON Lines input, as [`next_line`] found it.
enum Line {
    /// The line, its `\n` included (the last line may lack one).
    Whole(Vec<u8>),
    /// A line over the size limit, of this many bytes: skipped without being held in memory.
    TooLong(u64),
    /// A line over the size limit, but only whitespace.
    Blank,
}

/// The next line of `reader`, in a vector of its own; `None` at the end. A line inside the
/// reader's buffer is copied once, straight out of it; a longer one is gathered in `partial`.
/// A line over `max` bytes is read to its end but not kept, so memory stays bounded whatever
/// the input.
fn next_line(reader: &mut impl BufRead, partial: &mut Vec<u8>, max: usize) -> io::Result<Option<Line>> {
    partial.clear();
    // Bytes of the line passed so far, and whether they were all whitespace (known only once
    // the line is over `max`: shorter lines are kept and checked whole).
    let (mut len, mut blank) = (0usize, true);
    loop {
        let available = match reader.fill_buf() {
            Ok(available) => available,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        let (piece, ends) = match memchr::memchr(b'\n', available) {
            Some(end) => (available.get(..=end).unwrap_or(available), true),
            None => (available, available.is_empty()),
        };
        let used = piece.len();
        len = len.saturating_add(used);
        if len > max {
            blank = blank && partial.iter().chain(piece).all(u8::is_ascii_whitespace);
            partial.clear();
        } else if !ends || !partial.is_empty() {
            partial.extend_from_slice(piece);
        }
        let whole =
            (len <= max && ends).then(|| if partial.is_empty() { piece.to_vec() } else { std::mem::take(partial) });
        reader.consume(used);
        if !ends {
            continue;
        }
        return Ok(match (len, whole) {
            (0, _) => None,
            (_, Some(line)) => Some(Line::Whole(line)),
            _ if blank => Some(Line::Blank),
            _ => Some(Line::TooLong(len as u64)),
        });
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
    // `shift_remove`, not `remove` (a swap with the last field): the fields left are `meta`,
    // carried through untouched, in input order.
    let id = match map.shift_remove("id") {
        Some(Value::String(s)) => s,
        Some(Value::Number(n)) => n.to_string(),
        _ => fallback_id.to_string(),
    };
    let text = match map.shift_remove("text") {
        Some(Value::String(s)) => s,
        Some(_) => return Err((id, format!("{label}:{line_no}: `text` must be a string"))),
        None => return Err((id, format!("{label}:{line_no}: the record has no `text` field"))),
    };
    let meta = if map.is_empty() { None } else { Some(map) };
    Ok((id, text, meta))
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)] // Tests unwrap: a failure is the report.

    use super::*;

    /// Reads `input` through a buffer of `capacity` bytes and parses every line as `lede run` does.
    fn read(input: &str, capacity: usize) -> Vec<RawDocument> {
        let reader = BufReader::with_capacity(capacity, input.as_bytes());
        let mut docs = Vec::new();
        read_jsonl(reader, "in", "in.jsonl", 1 << 20, &mut |doc: Unparsed| {
            docs.push(doc.parse());
            true
        });
        docs
    }

    #[test]
    fn lines_longer_than_the_buffer_read_as_lines_inside_it() {
        let input = "{\"id\":\"a\",\"text\":\"first line, long\"}\n\n  \n{\"text\":\"no id\",\"k\":1}\n{\"text\":\"no newline\"}";
        let whole = read(input, 1 << 16);
        let texts: Vec<_> = whole.iter().map(|d| d.text.clone().unwrap()).collect();
        assert_eq!(texts, ["first line, long", "no id", "no newline"]);
        // The record on line 4 gets its line number as id; blank lines hold no document.
        assert_eq!(whole[1].id, "in:4");
        assert_eq!(whole[2].bytes, "{\"text\":\"no newline\"}".len() as u64);
        for capacity in [1, 2, 3, 7, 16] {
            assert_eq!(read(input, capacity), whole, "buffer of {capacity} bytes");
        }
    }

    #[test]
    fn a_bad_line_gets_an_error_record_naming_its_line_and_the_next_is_read() {
        let docs = read("{\"text\":\"ok\"}\nnot json\n{\"text\":7}\n{\"text\":\"last\"}\n", 4);
        assert_eq!(docs.len(), 4);
        let error = docs[1].text.clone().unwrap_err();
        assert!(error.starts_with("in.jsonl:2: not valid JSON"), "{error}");
        assert_eq!(docs[1].id, "in:2");
        assert_eq!(docs[2].text.clone().unwrap_err(), "in.jsonl:3: `text` must be a string");
        assert_eq!(docs[3].text.clone().unwrap(), "last");
    }

    #[test]
    fn invalid_utf8_in_a_line_is_replaced_with_a_warning() {
        let mut input = b"{\"text\":\"caf".to_vec();
        input.extend_from_slice(&[0xff, b'"', b'}', b'\n']);
        let reader = BufReader::with_capacity(5, input.as_slice());
        let mut docs = Vec::new();
        read_jsonl(reader, "in", "in.jsonl", 1 << 20, &mut |doc: Unparsed| {
            docs.push(doc.parse());
            true
        });
        assert_eq!(docs[0].text.clone().unwrap(), "caf\u{fffd}");
        assert_eq!(docs[0].warnings, ["in.jsonl:1 is not valid UTF-8; invalid bytes were replaced with U+FFFD"]);
    }

    #[test]
    fn meta_keeps_the_other_fields_in_input_order() {
        let docs =
            read("{\"publisher\":\"nyt\",\"id\":\"x\",\"section\":\"world\",\"text\":\"t\",\"date\":\"2015\"}\n", 64);
        let meta = docs[0].meta.clone().unwrap();
        let keys: Vec<&str> = meta.keys().map(String::as_str).collect();
        assert_eq!(keys, ["publisher", "section", "date"]);
        assert_eq!(docs[0].id, "x");
    }

    #[test]
    fn a_line_over_the_limit_is_an_error_record_and_is_not_held_in_memory() {
        let long = format!("{{\"text\":\"{}\"}}\n", "x".repeat(10_000));
        let input = format!("{{\"text\":\"a\"}}\n{long}{}\n{{\"text\":\"b\"}}", " ".repeat(5_000));
        for capacity in [7, 64, 1 << 16] {
            let reader = BufReader::with_capacity(capacity, input.as_bytes());
            let mut docs = Vec::new();
            read_jsonl(reader, "in", "in.jsonl", 100, &mut |doc: Unparsed| {
                docs.push(doc.parse());
                true
            });
            // The long line is an error naming its line and size; the blank one holds no
            // document; the lines around them are read.
            assert_eq!(docs.len(), 3, "buffer of {capacity} bytes");
            assert_eq!(docs[0].text.clone().unwrap(), "a");
            let error = docs[1].text.clone().unwrap_err();
            assert!(error.starts_with("in.jsonl:2 is 0.0 MiB, over the limit"), "{error}");
            assert_eq!(docs[1].id, "in:2");
            assert_eq!(docs[2].text.clone().unwrap(), "b");
        }
        // What is kept of a long line while it is read stays within the limit and a buffer.
        let mut reader = BufReader::with_capacity(64, long.as_bytes());
        let mut partial = Vec::new();
        let line = next_line(&mut reader, &mut partial, 100).unwrap();
        assert!(matches!(line, Some(Line::TooLong(n)) if n == long.len() as u64));
        assert!(partial.capacity() <= 100 + 2 * 64, "{}", partial.capacity());
    }
}
