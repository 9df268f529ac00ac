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
use std::io::{self, Read};
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

/// One JSON Lines line, newline included, and where it comes from: a range of the chunk of
/// input it was read in, shared with the other lines of that chunk (never copied out of it).
pub(crate) struct JsonLine {
    line: SharedLine,
    source: Arc<LineSource>,
    line_no: usize,
}

/// A range of a [`Chunk`].
struct SharedLine {
    chunk: Arc<Chunk>,
    start: usize,
    end: usize,
}

impl SharedLine {
    fn bytes(&self) -> &[u8] {
        self.chunk.bytes.get(self.start..self.end).unwrap_or_default()
    }
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
            Unparsed::Line(line) => line.line.bytes().len() as u64,
        }
    }

    /// The document: a line's JSON decoded into id, text and meta, or an error record that says
    /// what is wrong with it.
    pub(crate) fn parse(self) -> RawDocument {
        let JsonLine { line, source, line_no } = match self {
            Unparsed::Ready(doc) => return doc,
            Unparsed::Line(line) => line,
        };
        let line = line.bytes();
        let (label, bytes) = (&source.label, line.len() as u64);
        let fallback_id = format!("{}:{line_no}", source.id_prefix);
        let mut warnings = Vec::new();
        let text = match std::str::from_utf8(line) {
            Ok(s) => std::borrow::Cow::Borrowed(s),
            Err(_) => {
                warnings.push(format!("{label}:{line_no} is not valid UTF-8; invalid bytes were replaced with U+FFFD"));
                String::from_utf8_lossy(line)
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
            InputSource::Stdin => read_jsonl(io::stdin(), "stdin", "<stdin>", max_bytes, &mut emit),
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

/// Bytes of a fresh chunk of JSON Lines input (see [`LineReader`]).
const CHUNK: usize = 256 << 10;

fn read_file(path: &Path, max_bytes: usize, emit: &mut impl FnMut(Unparsed) -> bool) -> bool {
    let id = stem(path);
    let file = match File::open(path) {
        Ok(f) => f,
        Err(e) => {
            return emit(Unparsed::Ready(RawDocument::failed(id, format!("cannot read {}: {e}", path.display()))));
        }
    };
    if is_jsonl(path) {
        return read_jsonl(file, &id, &path.display().to_string(), max_bytes, emit);
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
    reader: impl Read,
    id_prefix: &str,
    label: &str,
    max_bytes: usize,
    emit: &mut impl FnMut(Unparsed) -> bool,
) -> bool {
    read_jsonl_chunked(LineReader::new(reader, CHUNK), id_prefix, label, max_bytes, emit)
}

fn read_jsonl_chunked(
    mut reader: LineReader<impl Read>,
    id_prefix: &str,
    label: &str,
    max_bytes: usize,
    emit: &mut impl FnMut(Unparsed) -> bool,
) -> bool {
    let source = Arc::new(LineSource { id_prefix: id_prefix.to_string(), label: label.to_string() });
    let mut line_no = 0usize;
    loop {
        let line = match reader.next_line(max_bytes) {
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
            Line::Whole(line) if line.bytes().iter().all(u8::is_ascii_whitespace) => continue,
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

/// One line of a JSON Lines input, as [`LineReader::next_line`] found it.
enum Line {
    /// The line, its `\n` included (the last line may lack one).
    Whole(SharedLine),
    /// A line over the size limit, of this many bytes: skipped without being held in memory.
    TooLong(u64),
    /// A line over the size limit, but only whitespace.
    Blank,
}

/// A piece of the input as read. `bytes` is all initialized (its length is its capacity, so
/// that a reused chunk is not cleared again); the first `filled` bytes are input.
struct Chunk {
    bytes: Vec<u8>,
    filled: usize,
}

impl Chunk {
    fn new(size: usize) -> Chunk {
        Chunk { bytes: vec![0; size], filled: 0 }
    }
}

/// Chunks kept for reuse at most, once every line of theirs is dropped.
const SPARE_CHUNKS: usize = 4;

/// Splits a JSON Lines input into lines without copying them: the input is read in chunks,
/// and each line is handed out as a range of its chunk ([`SharedLine`]), which lives until the
/// last of its lines is parsed. Only the start of a line that runs past the end of a chunk is
/// copied, to the front of the next. A line over the size limit is read to its end but not
/// kept, so memory stays bounded whatever the input.
///
/// One `read` call per refill, as `BufReader` does: a slow pipe gets its lines out as they come.
struct LineReader<R> {
    inner: R,
    /// The chunk being split.
    chunk: Arc<Chunk>,
    /// Where the next line starts in `chunk`.
    pos: usize,
    /// The input has ended.
    eof: bool,
    /// Bytes of a fresh chunk.
    chunk_size: usize,
    /// Chunks handed out before, reused once no line of theirs is left.
    spare: std::collections::VecDeque<Arc<Chunk>>,
}

impl<R: Read> LineReader<R> {
    fn new(inner: R, chunk_size: usize) -> LineReader<R> {
        let chunk_size = chunk_size.max(1);
        LineReader {
            inner,
            chunk: Arc::new(Chunk::new(0)),
            pos: 0,
            eof: false,
            chunk_size,
            spare: std::collections::VecDeque::new(),
        }
    }

    /// The next line; `None` at the end of the input.
    fn next_line(&mut self, max: usize) -> io::Result<Option<Line>> {
        // Bytes of a line over `max` passed so far, and whether they were all whitespace.
        let mut skipped: Option<(usize, bool)> = None;
        loop {
            let unread = self.chunk.bytes.get(self.pos..self.chunk.filled).unwrap_or_default();
            let (len, ends) = match memchr::memchr(b'\n', unread) {
                Some(i) => (i + 1, true),
                None => (unread.len(), self.eof),
            };
            let piece = unread.get(..len).unwrap_or_default();
            if ends {
                let (start, end) = (self.pos, self.pos + len);
                self.pos = end;
                return Ok(match skipped {
                    Some((passed, blank)) => Some(over_limit(passed + len, blank && all_whitespace(piece))),
                    None if len == 0 => None,
                    None if len > max => Some(over_limit(len, all_whitespace(piece))),
                    None => Some(Line::Whole(SharedLine { chunk: Arc::clone(&self.chunk), start, end })),
                });
            }
            // The line goes on past what was read: keep its start for the next chunk, unless
            // it is over the limit already.
            let keep = if skipped.is_some() || len > max {
                let (passed, blank) = skipped.unwrap_or((0, true));
                skipped = Some((passed + len, blank && all_whitespace(piece)));
                0..0
            } else {
                self.pos..self.pos + len
            };
            self.refill(keep, max)?;
        }
    }

    /// Starts a chunk holding the bytes `keep` of the current one (the start of a line of at
    /// most `max` bytes), and reads into the rest.
    fn refill(&mut self, keep: std::ops::Range<usize>, max: usize) -> io::Result<()> {
        let kept = keep.len();
        // Doubling for a long line, so that it is copied a bounded number of times in all; but
        // no larger than a line of `max` bytes and a chunk need (past `max` the line is skipped).
        let size = self.chunk_size.max(kept.saturating_mul(2).min(max.saturating_add(self.chunk_size)));
        let current = std::mem::replace(&mut self.chunk, Arc::new(Chunk::new(0)));
        let mut next = match Arc::try_unwrap(current) {
            // No line of the current chunk is alive: read into it again (unless it was grown
            // for a long line and is far larger than needed now: then it is freed).
            Ok(mut chunk)
                if chunk.bytes.len() >= size && chunk.bytes.len() / 4 <= size && keep.end <= chunk.bytes.len() =>
            {
                chunk.bytes.copy_within(keep, 0);
                chunk
            }
            Ok(chunk) => self.take_spare(size, chunk.bytes.get(keep).unwrap_or_default()),
            Err(shared) => {
                let next = self.take_spare(size, shared.bytes.get(keep).unwrap_or_default());
                self.give_spare(shared);
                next
            }
        };
        next.filled = kept;
        let n = loop {
            match self.inner.read(next.bytes.get_mut(kept..).unwrap_or_default()) {
                Ok(n) => break n,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(e),
            }
        };
        next.filled = kept + n;
        self.eof = n == 0;
        self.chunk = Arc::new(next);
        self.pos = 0;
        Ok(())
    }

    /// A chunk of at least `size` bytes starting with `head`: a spare one whose lines are all
    /// gone, or a new one.
    fn take_spare(&mut self, size: usize, head: &[u8]) -> Chunk {
        let mut chunk = None;
        for _ in 0..self.spare.len() {
            let Some(spare) = self.spare.pop_front() else { break };
            match Arc::try_unwrap(spare) {
                Ok(free) if free.bytes.len() >= size => {
                    chunk = Some(free);
                    break;
                }
                Ok(_) => {}
                Err(shared) => self.spare.push_back(shared),
            }
        }
        let mut chunk = chunk.unwrap_or_else(|| Chunk::new(size));
        if let Some(dst) = chunk.bytes.get_mut(..head.len()) {
            dst.copy_from_slice(head);
        }
        chunk
    }

    /// Keeps a chunk whose lines are still being parsed, to reuse once they are all gone. A
    /// chunk grown for a long line is not kept.
    fn give_spare(&mut self, chunk: Arc<Chunk>) {
        if chunk.bytes.len() <= self.chunk_size {
            self.spare.push_back(chunk);
            if self.spare.len() > SPARE_CHUNKS {
                self.spare.pop_front();
            }
        }
    }
}

fn all_whitespace(bytes: &[u8]) -> bool {
    bytes.iter().all(u8::is_ascii_whitespace)
}

/// A line of `len` bytes over the size limit: skipped, or blank when it is all whitespace.
fn over_limit(len: usize, blank: bool) -> Line {
    if blank { Line::Blank } else { Line::TooLong(len as u64) }
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

    /// Reads `input` in chunks of `chunk` bytes and parses every line as `lede run` does.
    fn read(input: &[u8], chunk: usize, max: usize) -> Vec<RawDocument> {
        read_from(input, chunk, max)
    }

    fn read_from(input: impl Read, chunk: usize, max: usize) -> Vec<RawDocument> {
        let mut docs = Vec::new();
        read_jsonl_chunked(LineReader::new(input, chunk), "in", "in.jsonl", max, &mut |doc: Unparsed| {
            docs.push(doc.parse());
            true
        });
        docs
    }

    /// A reader that gives at most `step` bytes per call, as a pipe may.
    struct Trickle<'a> {
        input: &'a [u8],
        step: usize,
    }

    impl Read for Trickle<'_> {
        fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
            let n = self.step.min(buf.len()).min(self.input.len());
            let (head, rest) = self.input.split_at(n);
            buf[..n].copy_from_slice(head);
            self.input = rest;
            Ok(n)
        }
    }

    #[test]
    fn lines_longer_than_a_chunk_read_as_lines_inside_one() {
        let input = "{\"id\":\"a\",\"text\":\"first line, long\"}\n\n  \n{\"text\":\"no id\",\"k\":1}\n{\"text\":\"no newline\"}";
        let input = input.as_bytes();
        let whole = read(input, 1 << 16, 1 << 20);
        let texts: Vec<_> = whole.iter().map(|d| d.text.clone().unwrap()).collect();
        assert_eq!(texts, ["first line, long", "no id", "no newline"]);
        // The record on line 4 gets its line number as id; blank lines hold no document.
        assert_eq!(whole[1].id, "in:4");
        assert_eq!(whole[2].bytes, "{\"text\":\"no newline\"}".len() as u64);
        for chunk in [1, 2, 3, 7, 16] {
            assert_eq!(read(input, chunk, 1 << 20), whole, "chunks of {chunk} bytes");
            for step in [1, 5] {
                assert_eq!(read_from(Trickle { input, step }, chunk, 1 << 20), whole, "{step} bytes a read");
            }
        }
        assert_eq!(read_from(Trickle { input, step: 3 }, 1 << 16, 1 << 20), whole);
    }

    #[test]
    fn lines_of_one_chunk_share_it_and_a_chunk_is_reused_once_its_lines_are_gone() {
        let input = b"{\"text\":\"a\"}\n{\"text\":\"b\"}\n{\"text\":\"c\"}\n";
        let mut reader = LineReader::new(&input[..], 64);
        let Some(Line::Whole(a)) = reader.next_line(100).unwrap() else { panic!("a line") };
        let Some(Line::Whole(b)) = reader.next_line(100).unwrap() else { panic!("a line") };
        assert!(Arc::ptr_eq(&a.chunk, &b.chunk), "lines of one chunk are not copied out of it");
        assert_eq!(a.bytes(), b"{\"text\":\"a\"}\n");
        assert_eq!(b.bytes(), b"{\"text\":\"b\"}\n");
        // Small chunks: the second line runs past the first chunk and starts the next.
        let mut reader = LineReader::new(&input[..], 20);
        let Some(Line::Whole(a)) = reader.next_line(100).unwrap() else { panic!("a line") };
        let Some(Line::Whole(b)) = reader.next_line(100).unwrap() else { panic!("a line") };
        assert!(!Arc::ptr_eq(&a.chunk, &b.chunk));
        assert_eq!(b.bytes(), b"{\"text\":\"b\"}\n");
        let buffer = b.chunk.bytes.as_ptr();
        drop(a);
        drop(b);
        // With no line of its left, the reader reads into the chunk again instead of
        // allocating a new one.
        let Some(Line::Whole(c)) = reader.next_line(100).unwrap() else { panic!("a line") };
        assert_eq!(c.bytes(), b"{\"text\":\"c\"}\n");
        assert_eq!(c.chunk.bytes.as_ptr(), buffer);
        assert!(reader.next_line(100).unwrap().is_none());
    }

    #[test]
    fn a_bad_line_gets_an_error_record_naming_its_line_and_the_next_is_read() {
        let docs = read(b"{\"text\":\"ok\"}\nnot json\n{\"text\":7}\n{\"text\":\"last\"}\n", 4, 1 << 20);
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
        let docs = read(&input, 5, 1 << 20);
        assert_eq!(docs[0].text.clone().unwrap(), "caf\u{fffd}");
        assert_eq!(docs[0].warnings, ["in.jsonl:1 is not valid UTF-8; invalid bytes were replaced with U+FFFD"]);
    }

    #[test]
    fn meta_keeps_the_other_fields_in_input_order() {
        let docs = read(
            b"{\"publisher\":\"nyt\",\"id\":\"x\",\"section\":\"world\",\"text\":\"t\",\"date\":\"2015\"}\n",
            64,
            1 << 20,
        );
        let meta = docs[0].meta.clone().unwrap();
        let keys: Vec<&str> = meta.keys().map(String::as_str).collect();
        assert_eq!(keys, ["publisher", "section", "date"]);
        assert_eq!(docs[0].id, "x");
    }

    #[test]
    fn a_line_over_the_limit_is_an_error_record_and_is_not_held_in_memory() {
        let long = format!("{{\"text\":\"{}\"}}\n", "x".repeat(10_000));
        let input = format!("{{\"text\":\"a\"}}\n{long}{}\n{{\"text\":\"b\"}}", " ".repeat(5_000));
        for chunk in [7, 64, 1 << 16] {
            let docs = read(input.as_bytes(), chunk, 100);
            // The long line is an error naming its line and size; the blank one holds no
            // document; the lines around them are read.
            assert_eq!(docs.len(), 3, "chunks of {chunk} bytes");
            assert_eq!(docs[0].text.clone().unwrap(), "a");
            let error = docs[1].text.clone().unwrap_err();
            assert!(error.starts_with("in.jsonl:2 is 0.0 MiB, over the limit"), "{error}");
            assert_eq!(docs[1].id, "in:2");
            assert_eq!(docs[2].text.clone().unwrap(), "b");
        }
        // What is kept of a long line while it is read stays within the limit and a chunk.
        let mut reader = LineReader::new(long.as_bytes(), 64);
        let line = reader.next_line(100).unwrap();
        assert!(matches!(line, Some(Line::TooLong(n)) if n == long.len() as u64));
        assert!(reader.chunk.bytes.len() <= 2 * 100, "{}", reader.chunk.bytes.len());
        // A line just under the limit grows the chunk to the limit and a chunk, not beyond.
        let line = format!("{{\"text\":\"{}\"}}\n", "y".repeat(88));
        assert_eq!(line.len(), 100);
        let mut reader = LineReader::new(line.as_bytes(), 8);
        let Some(Line::Whole(whole)) = reader.next_line(100).unwrap() else { panic!("a line") };
        assert_eq!(whole.bytes(), line.as_bytes());
        assert!(whole.chunk.bytes.len() <= 100 + 8, "{}", whole.chunk.bytes.len());
    }
}
