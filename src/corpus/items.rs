//! Work items: files, JSON Lines streamed line by line, standard input, and reading one item.

use crate::error::{Error, Result};
use std::io::{BufRead, Read};
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// The name of standard input in work items and messages.
pub const STDIN: &str = "stdin";

/// The largest document [`StreamReader::document`] reads by default (256 MiB).
pub const MAX_DOCUMENT_BYTES: u64 = 256 << 20;

/// The longest JSON Lines line [`StreamReader::json_lines`] takes by default (64 MiB, newline
/// excluded); a longer line is a failed item and the stream goes on.
pub const MAX_LINE_BYTES: usize = 64 << 20;

/// One unit of work for a corpus run: a file, or one line of a JSON Lines stream.
#[derive(Debug)]
pub enum WorkItem {
    /// A transcript file in any reader format.
    File(PathBuf),
    /// One document of a JSON Lines file or of standard input (`source` names it in messages).
    JsonLine {
        /// Where it came from, for messages.
        source: Arc<str>,
        /// 1-based line number.
        line: usize,
        /// The document's rank in its stream (blank lines skipped), for default ids.
        nth: usize,
        /// The line's text.
        text: String,
    },
    /// A whole document already read: standard input in a format other than JSON Lines, or a
    /// file's bytes read elsewhere (a Spark `binaryFiles` record), read as that file would be.
    Bytes {
        /// Where it came from: [`STDIN`], or the file's name (which tells its format and id).
        source: String,
        /// The bytes read.
        bytes: Vec<u8>,
    },
    /// A source that could not be read (reported in its turn, in input order).
    Failed {
        /// Where it came from, for messages.
        source: String,
        /// Why it could not be read.
        error: Error,
    },
}

impl WorkItem {
    /// How the item is named in messages and outputs.
    pub fn source(&self) -> String {
        match self {
            WorkItem::File(p) => p.display().to_string(),
            WorkItem::JsonLine { source, line, .. } => format!("{source}:{line}"),
            WorkItem::Bytes { source, .. } | WorkItem::Failed { source, .. } => source.clone(),
        }
    }

    /// The file the item came from (every line of a JSON Lines file gives the same), or `None` for
    /// standard input: what a caller counts as inputs.
    pub fn input(&self) -> Option<&Path> {
        if self.is_stdin() {
            return None;
        }
        Some(match self {
            WorkItem::File(p) => p,
            WorkItem::JsonLine { source, .. } => Path::new(&**source),
            WorkItem::Bytes { source, .. } => Path::new(source),
            WorkItem::Failed { source, error } => error.path().unwrap_or(Path::new(source)),
        })
    }

    /// Whether the item came from standard input (a stream named [`STDIN`]).
    pub fn is_stdin(&self) -> bool {
        match self {
            WorkItem::File(_) => false,
            WorkItem::JsonLine { source, .. } => &**source == STDIN,
            WorkItem::Bytes { source, .. } => source == STDIN,
            WorkItem::Failed { source, error } => {
                source == STDIN || error.path() == Some(Path::new(STDIN))
            }
        }
    }
}

/// Reads documents from streams (standard input, JSON Lines files) within size limits.
///
/// ```
/// use entretien::corpus::{StreamReader, WorkItem};
///
/// let item = StreamReader::new().document(&b"Enqu\xeateur : bonjour"[..], "stdin");
/// let WorkItem::Failed { error, .. } = item else { panic!("not UTF-8") };
/// assert_eq!(error.byte_offset(), Some(4));
///
/// let lines = StreamReader::new()
///     .max_line_bytes(20)
///     .json_lines(&b"{\"text\": \"une ligne bien trop longue\"}\n{\"text\": \"oui\"}\n"[..], "stdin".into());
/// let items: Vec<WorkItem> = lines.collect();
/// assert!(matches!(items[0], WorkItem::Failed { .. }) && matches!(items[1], WorkItem::JsonLine { .. }));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StreamReader {
    max_document: u64,
    max_line: usize,
    lossy: bool,
}

impl Default for StreamReader {
    fn default() -> Self {
        StreamReader {
            max_document: MAX_DOCUMENT_BYTES,
            max_line: MAX_LINE_BYTES,
            lossy: false,
        }
    }
}

impl StreamReader {
    /// A new instance with the default settings.
    pub fn new() -> StreamReader {
        StreamReader::default()
    }

    /// The largest document [`document`](Self::document) reads ([`MAX_DOCUMENT_BYTES`] by default).
    pub fn max_document_bytes(mut self, bytes: u64) -> StreamReader {
        self.max_document = bytes;
        self
    }

    /// The longest JSON Lines line, newline excluded ([`MAX_LINE_BYTES`] by default).
    pub fn max_line_bytes(mut self, bytes: usize) -> StreamReader {
        self.max_line = bytes;
        self
    }

    /// Leaves invalid UTF-8 in [`document`](Self::document) to the transcript reader (which replaces
    /// it when its own options are lossy) instead of failing at the first invalid byte.
    pub fn lossy(mut self, yes: bool) -> StreamReader {
        self.lossy = yes;
        self
    }

    /// Reads one whole document, named `source`, as a [`WorkItem::Bytes`], or a [`WorkItem::Failed`]
    /// as soon as it passes the size limit, or (unless lossy) at its first byte that is not UTF-8,
    /// with that byte's offset. Input starting with a UTF-16 byte order mark, or an XML declaration
    /// of another encoding, is left for the transcript reader to decode.
    pub fn document(&self, reader: impl Read, source: &str) -> WorkItem {
        const CHUNK: u64 = 64 * 1024;
        let failed = |error: Error| WorkItem::Failed {
            source: source.to_string(),
            error: error.with_path(source),
        };
        let mut reader = reader.take(self.max_document.saturating_add(1));
        let mut bytes = Vec::new();
        let mut utf8 = Utf8Check::new(!self.lossy);
        loop {
            match (&mut reader).take(CHUNK).read_to_end(&mut bytes) {
                Ok(0) => break,
                Ok(_) => {}
                Err(e) => return failed(Error::io(None, e)),
            }
            if bytes.len() as u64 > self.max_document {
                let message = format!(
                    "more than {} (the limit for one document)",
                    size(self.max_document)
                );
                return failed(Error::io(
                    None,
                    std::io::Error::new(std::io::ErrorKind::InvalidData, message),
                ));
            }
            if let Err(offset) = utf8.feed(&bytes, false) {
                return failed(Error::invalid_utf8(offset));
            }
        }
        if let Err(offset) = utf8.feed(&bytes, true) {
            return failed(Error::invalid_utf8(offset));
        }
        WorkItem::Bytes {
            source: source.to_string(),
            bytes,
        }
    }

    /// Streams the documents of a JSON Lines reader, like [`json_lines`], within the line limit.
    pub fn json_lines<R: BufRead>(&self, reader: R, source: Arc<str>) -> JsonLines<R> {
        JsonLines {
            reader,
            source,
            max_line: self.max_line,
            line_no: 0,
            nth: 0,
            buf: Vec::new(),
            done: false,
        }
    }

    /// Streams work items from files, like [`work_items`], within the line limit.
    pub fn work_items(&self, files: Vec<PathBuf>) -> impl Iterator<Item = WorkItem> {
        let stream = *self;
        files
            .into_iter()
            .flat_map(move |path| -> Box<dyn Iterator<Item = WorkItem>> {
                let jsonl = path.extension().and_then(|e| e.to_str()).is_some_and(|e| {
                    e.eq_ignore_ascii_case("jsonl") || e.eq_ignore_ascii_case("ndjson")
                });
                if !jsonl {
                    return Box::new(std::iter::once(WorkItem::File(path)));
                }
                match std::fs::File::open(&path) {
                    Ok(file) => {
                        let name: Arc<str> = path.display().to_string().into();
                        Box::new(stream.json_lines(std::io::BufReader::new(file), name))
                    }
                    Err(e) => Box::new(std::iter::once(WorkItem::Failed {
                        source: path.display().to_string(),
                        error: Error::io(Some(&path), e),
                    })),
                }
            })
    }
}

/// Reads one whole document from `reader` within [`MAX_DOCUMENT_BYTES`], checking UTF-8 as it
/// reads; see [`StreamReader::document`].
pub fn read_document(reader: impl Read, source: &str) -> WorkItem {
    StreamReader::new().document(reader, source)
}

fn size(bytes: u64) -> String {
    if bytes >= 1 << 20 && bytes % (1 << 20) == 0 {
        format!("{} MiB", bytes >> 20)
    } else {
        format!("{bytes} bytes")
    }
}

/// UTF-8 validation of a growing buffer, each byte checked once (but for a split character).
struct Utf8Check {
    /// `None` until the first bytes tell whether the input claims another encoding.
    check: Option<bool>,
    wanted: bool,
    valid_up_to: usize,
}

impl Utf8Check {
    /// Enough of the input to see a byte order mark or an XML declaration.
    const HEAD: usize = 256;

    fn new(wanted: bool) -> Utf8Check {
        Utf8Check {
            check: None,
            wanted,
            valid_up_to: 0,
        }
    }

    /// Checks the bytes added since the last call; `Err` has the offset of the first invalid byte.
    fn feed(&mut self, bytes: &[u8], end: bool) -> std::result::Result<(), usize> {
        let check = match self.check {
            Some(check) => check,
            None if bytes.len() < Self::HEAD && !end => return Ok(()),
            None => *self
                .check
                .insert(self.wanted && !other_encoding(&bytes[..bytes.len().min(Self::HEAD)])),
        };
        if !check {
            return Ok(());
        }
        match std::str::from_utf8(&bytes[self.valid_up_to..]) {
            Ok(_) => self.valid_up_to = bytes.len(),
            Err(e) => {
                let offset = self.valid_up_to + e.valid_up_to();
                // `error_len() == None`: the bytes end inside a character that may be completed.
                if e.error_len().is_some() || end {
                    return Err(offset);
                }
                self.valid_up_to = offset;
            }
        }
        Ok(())
    }
}

/// Whether the input starts with a UTF-16 byte order mark, or an XML declaration of an encoding
/// other than UTF-8.
fn other_encoding(head: &[u8]) -> bool {
    if head.starts_with(&[0xFF, 0xFE]) || head.starts_with(&[0xFE, 0xFF]) {
        return true;
    }
    let head = head.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(head);
    let head = String::from_utf8_lossy(head);
    let Some(decl) = head.trim_start().strip_prefix("<?xml") else {
        return false;
    };
    let decl = decl.split("?>").next().unwrap_or_default();
    let Some((_, rest)) = decl.split_once("encoding") else {
        return false;
    };
    let rest = rest.trim_start().trim_start_matches('=').trim_start();
    let value = rest
        .trim_start_matches(['"', '\''])
        .split(['"', '\''])
        .next()
        .unwrap_or_default();
    !(value.eq_ignore_ascii_case("utf-8") || value.eq_ignore_ascii_case("utf8"))
}

/// Streams work items from files: JSON Lines files (`.jsonl`, `.ndjson`) line by line, others whole.
///
/// The files are opened one at a time as the run pulls items, so a huge JSON Lines file is never held
/// in memory. Lines are limited to [`MAX_LINE_BYTES`]; see [`StreamReader::work_items`].
pub fn work_items(files: Vec<PathBuf>) -> impl Iterator<Item = WorkItem> {
    StreamReader::new().work_items(files)
}

/// Streams the documents of a JSON Lines reader (standard input, or a file), skipping blank lines.
///
/// Invalid UTF-8 on a line gives a failed item naming the line and the byte offset within it; so
/// does a line longer than [`MAX_LINE_BYTES`] (see [`StreamReader::json_lines`]), and the stream goes
/// on with the next line. A read error ends the stream with a failed item.
pub fn json_lines<R: BufRead>(reader: R, source: Arc<str>) -> JsonLines<R> {
    StreamReader::new().json_lines(reader, source)
}

/// The documents of a JSON Lines stream, one [`WorkItem`] per line that is not blank.
#[derive(Debug)]
pub struct JsonLines<R> {
    reader: R,
    source: Arc<str>,
    max_line: usize,
    line_no: usize,
    nth: usize,
    buf: Vec<u8>,
    done: bool,
}

impl<R: BufRead> JsonLines<R> {
    /// Reads the next line into `buf` (unless it is too long): its length and whether it was too long.
    fn read_line(&mut self) -> std::io::Result<(usize, bool)> {
        self.buf.clear();
        let (mut read, mut too_long) = (0, false);
        loop {
            let available = match self.reader.fill_buf() {
                Ok(b) => b,
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(e),
            };
            if available.is_empty() {
                return Ok((read, too_long));
            }
            let (used, end) = match memchr::memchr(b'\n', available) {
                Some(i) => (i + 1, true),
                None => (available.len(), false),
            };
            if !too_long {
                if self.buf.len() + used - usize::from(end) > self.max_line {
                    too_long = true;
                    self.buf = Vec::new();
                } else {
                    self.buf.extend_from_slice(&available[..used]);
                }
            }
            read += used;
            self.reader.consume(used);
            if end {
                return Ok((read, too_long));
            }
        }
    }
}

impl<R: BufRead> Iterator for JsonLines<R> {
    type Item = WorkItem;

    fn next(&mut self) -> Option<WorkItem> {
        while !self.done {
            let too_long = match self.read_line() {
                Ok((0, _)) => {
                    self.done = true;
                    return None;
                }
                Ok((_, too_long)) => too_long,
                Err(e) => {
                    self.done = true;
                    return Some(WorkItem::Failed {
                        source: self.source.to_string(),
                        error: Error::io(Some(Path::new(&*self.source)), e),
                    });
                }
            };
            self.line_no += 1;
            let line = self.line_no;
            let failed = |message: String| WorkItem::Failed {
                source: format!("{}:{line}", self.source),
                error: Error::transcript(Some(line), message).with_path(&*self.source),
            };
            if too_long {
                // Counted as a document, so the default ids of the next ones do not depend on the limit.
                self.nth += 1;
                return Some(failed(format!(
                    "line longer than {} (the limit for one JSON Lines document)",
                    size(self.max_line as u64)
                )));
            }
            match std::str::from_utf8(&self.buf) {
                Ok(s) if s.trim().is_empty() => continue,
                Ok(s) => {
                    self.nth += 1;
                    return Some(WorkItem::JsonLine {
                        source: self.source.clone(),
                        line,
                        nth: self.nth,
                        text: s.trim_end_matches(['\n', '\r']).to_string(),
                    });
                }
                Err(e) => {
                    return Some(failed(format!(
                        "invalid UTF-8 at byte {} of the line",
                        e.valid_up_to()
                    )))
                }
            }
        }
        None
    }
}

/// Reads the transcripts of one work item: its name, the bytes read, and the transcripts or the error.
pub fn read_item(
    reader: &crate::transcript::Reader,
    item: WorkItem,
) -> (String, u64, Result<Vec<crate::transcript::Transcript>>) {
    let source = item.source();
    let (bytes, transcripts) = match item {
        WorkItem::File(path) => match std::fs::metadata(&path) {
            Ok(m) => (m.len(), reader.read_path(&path)),
            Err(e) => (0, Err(Error::io(Some(&path), e))),
        },
        WorkItem::JsonLine {
            source,
            line,
            nth,
            text,
        } => (
            text.len() as u64 + 1,
            reader.parse_json_line(&text, &source, line, nth),
        ),
        // A named document (a file's bytes read elsewhere) is read as that file would be: its
        // format detected and its id taken from the name; standard input has no name.
        WorkItem::Bytes { source, bytes } => {
            let name = (source != STDIN).then(|| Path::new(&source));
            (bytes.len() as u64, reader.read_bytes(&bytes, name))
        }
        WorkItem::Failed { error, .. } => (0, Err(error)),
    };
    (source, bytes, transcripts)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Gives its bytes a few at a time and counts what was read.
    struct Trickle<'a> {
        bytes: &'a [u8],
        step: usize,
        read: &'a std::cell::Cell<usize>,
    }

    impl Read for Trickle<'_> {
        fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
            let n = self.step.min(buf.len()).min(self.bytes.len());
            buf[..n].copy_from_slice(&self.bytes[..n]);
            self.bytes = &self.bytes[n..];
            self.read.set(self.read.get() + n);
            Ok(n)
        }
    }

    fn offset(item: &WorkItem) -> Option<usize> {
        match item {
            WorkItem::Failed { error, .. } => error.byte_offset(),
            _ => None,
        }
    }

    #[test]
    fn a_document_fails_at_its_first_invalid_byte_without_reading_on() {
        let read = std::cell::Cell::new(0);
        let mut bytes = vec![0xFF];
        bytes.resize(8 << 20, b'a');
        let item = StreamReader::new().document(
            Trickle {
                bytes: &bytes,
                step: 1 << 20,
                read: &read,
            },
            STDIN,
        );
        assert_eq!(offset(&item), Some(0), "{item:?}");
        assert!(read.get() <= 1 << 20, "read {} bytes", read.get());
        assert!(item.is_stdin() && item.input().is_none());
    }

    #[test]
    fn utf8_is_checked_across_reads() {
        let read = std::cell::Cell::new(0);
        let text = "Enquêteur : ça va ? Répondante : très bien, merci. ".repeat(20);
        for step in [1, 2, 3, 7, 64] {
            let item = StreamReader::new().document(
                Trickle {
                    bytes: text.as_bytes(),
                    step,
                    read: &read,
                },
                STDIN,
            );
            assert!(
                matches!(&item, WorkItem::Bytes { bytes, .. } if bytes == text.as_bytes()),
                "step {step}: {item:?}"
            );
            let mut bad = text.as_bytes().to_vec();
            bad.extend_from_slice(b"ok \xC3(");
            let item = StreamReader::new().document(
                Trickle {
                    bytes: &bad,
                    step,
                    read: &read,
                },
                STDIN,
            );
            assert_eq!(offset(&item), Some(text.len() + 3), "step {step}");
            // A character cut by the end of the input.
            let cut = &bad[..bad.len() - 1];
            let item = StreamReader::new().document(cut, STDIN);
            assert_eq!(offset(&item), Some(text.len() + 3), "step {step}");
        }
    }

    #[test]
    fn documents_above_the_limit_fail() {
        let item = StreamReader::new()
            .max_document_bytes(1000)
            .document(std::io::repeat(b'a'), STDIN);
        let WorkItem::Failed { error, .. } = item else {
            panic!("{item:?}")
        };
        assert!(error.to_string().contains("1000 bytes"), "{error}");
        let item = StreamReader::new()
            .max_document_bytes(1000)
            .document(&[b'a'; 1000][..], STDIN);
        assert!(matches!(item, WorkItem::Bytes { .. }), "{item:?}");
    }

    #[test]
    fn other_encodings_and_lossy_reads_are_left_to_the_reader() {
        let utf16 = [0xFF, 0xFE, b'a', 0, 0xE9, 0];
        let latin1 =
            b"<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>\n<Trans>Enqu\xeateur</Trans>";
        let declared_utf8 = b"<?xml version='1.0' encoding='UTF-8'?>\n<Trans>Enqu\xeateur</Trans>";
        let doc =
            |bytes: &[u8], lossy: bool| StreamReader::new().lossy(lossy).document(bytes, STDIN);
        assert!(matches!(doc(&utf16, false), WorkItem::Bytes { .. }));
        assert!(matches!(doc(latin1, false), WorkItem::Bytes { .. }));
        assert_eq!(offset(&doc(declared_utf8, false)), Some(50));
        assert!(matches!(doc(b"Enqu\xeateur", true), WorkItem::Bytes { .. }));
        assert_eq!(offset(&doc(b"\xEF\xBB\xBFEnqu\xeateur", false)), Some(7));
    }

    #[test]
    fn a_line_above_the_limit_fails_and_the_stream_goes_on() {
        let data = "{\"text\": \"court\"}\n\n{\"text\": \"une ligne bien trop longue\"}\r\n{\"text\": \"oui\"}";
        // A small buffer, so that lines are read in many pieces.
        let reader = std::io::BufReader::with_capacity(4, data.as_bytes());
        let items: Vec<WorkItem> = StreamReader::new()
            .max_line_bytes(20)
            .json_lines(reader, "corpus.jsonl".into())
            .collect();
        assert_eq!(items.len(), 3, "{items:?}");
        assert!(
            matches!(&items[0], WorkItem::JsonLine { line: 1, nth: 1, text, .. } if text == "{\"text\": \"court\"}")
        );
        let WorkItem::Failed { source, error } = &items[1] else {
            panic!("{:?}", items[1])
        };
        assert_eq!(source, "corpus.jsonl:3");
        assert_eq!(error.line(), Some(3));
        assert!(error.to_string().contains("20 bytes"), "{error}");
        assert!(
            matches!(&items[2], WorkItem::JsonLine { line: 4, nth: 3, text, .. } if text == "{\"text\": \"oui\"}")
        );
        for item in &items {
            assert!(!item.is_stdin());
            assert_eq!(item.input(), Some(Path::new("corpus.jsonl")));
        }
        // At the limit exactly, the line is taken.
        let items: Vec<WorkItem> = StreamReader::new()
            .max_line_bytes(17)
            .json_lines(data.as_bytes(), STDIN.into())
            .collect();
        assert!(matches!(&items[0], WorkItem::JsonLine { .. }), "{items:?}");
        assert!(items.iter().all(WorkItem::is_stdin));
    }
}
