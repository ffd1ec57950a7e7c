//! The crate's error type: opaque, with a kind that says what went wrong and a [`Position`] that
//! says where.
//!
//! `Display` gives one readable line, `path:line: message` or `path: byte offset N: message`,
//! with the cause's message included; [`std::error::Error::source`] then skips that cause, so a
//! chain printed by `anyhow`'s `{:#}` does not repeat it. `Debug` prints the same line, so
//! `fn main() -> Result<(), entretien::Error>` reports a readable message; `{:#?}` shows the kind.

use std::fmt;
use std::path::{Path, PathBuf};

/// A specialised `Result` for entretien.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// An error from reading transcripts, lexicons or data files, or from configuration.
///
/// The error is opaque; [`Error::kind`] tells what went wrong and [`Error::position`] where
/// (file, line, byte offset). The library never panics on bad input.
pub struct Error(Box<ErrorKind>);

/// What went wrong, and where.
#[non_exhaustive]
#[derive(Debug)]
pub enum ErrorKind {
    /// Reading or writing a file failed.
    #[non_exhaustive]
    Io {
        /// The file, where known.
        path: Option<PathBuf>,
        /// Where it came from, for messages.
        source: std::io::Error,
    },
    /// The input is not valid UTF-8.
    #[non_exhaustive]
    InvalidUtf8 {
        /// The file, where known.
        path: Option<PathBuf>,
        /// Byte offset of the first invalid byte.
        offset: usize,
        /// The single-byte encoding the bytes look like (`latin1`, `cp1252`), if they do.
        looks_like: Option<&'static str>,
    },
    /// The input is not valid in the encoding its byte order mark announces (UTF-16, UTF-32).
    #[non_exhaustive]
    InvalidEncoding {
        /// The file, where known.
        path: Option<PathBuf>,
        /// The encoding, as `UTF-16` or `UTF-32`.
        encoding: &'static str,
        /// Byte offset of the first invalid code unit.
        offset: usize,
    },
    /// The input holds a NUL byte: binary data, or UTF-16 without a byte order mark, not text.
    #[non_exhaustive]
    NulByte {
        /// The file, where known.
        path: Option<PathBuf>,
        /// Byte offset of the first NUL byte.
        offset: usize,
    },
    /// A transcript is malformed.
    #[non_exhaustive]
    Transcript {
        /// The file, where known.
        path: Option<PathBuf>,
        /// 1-based line, where known.
        line: Option<usize>,
        /// What is wrong.
        message: String,
    },
    /// A file is in a format entretien recognises but does not read (ELAN, TEI, CHAT, Word...).
    #[non_exhaustive]
    UnsupportedFormat {
        /// The file, where known.
        path: Option<PathBuf>,
        /// The format's name, as `ELAN (.eaf)`.
        format: String,
    },
    /// A lexicon is malformed.
    #[non_exhaustive]
    Lexicon {
        /// The file, where known.
        path: Option<PathBuf>,
        /// 1-based line, where known.
        line: Option<usize>,
        /// The offending entry, where known.
        entry: Option<String>,
        /// What is wrong.
        message: String,
    },
    /// A data document other than a transcript or a lexicon (an aggregate, a JSON table) is
    /// malformed.
    #[non_exhaustive]
    Data {
        /// The file, where known.
        path: Option<PathBuf>,
        /// 1-based line, where known.
        line: Option<usize>,
        /// What is wrong.
        message: String,
    },
    /// Inconsistent or invalid configuration.
    #[non_exhaustive]
    Config {
        /// What is wrong.
        message: String,
    },
}

/// Where an error is: a file, a 1-based line, a byte offset, each where known.
#[non_exhaustive]
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Position {
    path: Option<PathBuf>,
    line: Option<u64>,
    byte: Option<u64>,
}

impl Position {
    /// The file, where known.
    pub fn path(&self) -> Option<&Path> {
        self.path.as_deref()
    }

    /// The 1-based line, where known.
    pub fn line(&self) -> Option<u64> {
        self.line
    }

    /// The byte offset from the start of the input, where known.
    pub fn byte(&self) -> Option<u64> {
        self.byte
    }

    fn is_empty(&self) -> bool {
        self.path.is_none() && self.line.is_none() && self.byte.is_none()
    }
}

/// `path:line`, `path: byte offset N`, `path`, `line N` or `byte offset N`.
impl fmt::Display for Position {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (&self.path, self.line, self.byte) {
            (Some(p), Some(l), _) => write!(f, "{}:{l}", p.display()),
            (Some(p), None, Some(b)) => write!(f, "{}: byte offset {b}", p.display()),
            (Some(p), None, None) => write!(f, "{}", p.display()),
            (None, Some(l), _) => write!(f, "line {l}"),
            (None, None, Some(b)) => write!(f, "byte offset {b}"),
            (None, None, None) => Ok(()),
        }
    }
}

impl Error {
    fn new(kind: ErrorKind) -> Error {
        Error(Box::new(kind))
    }

    /// What went wrong, and where.
    pub fn kind(&self) -> &ErrorKind {
        &self.0
    }

    /// Consumes the error and returns its kind.
    pub fn into_kind(self) -> ErrorKind {
        *self.0
    }

    /// Reading or writing `path` failed.
    pub fn io(path: Option<&Path>, source: std::io::Error) -> Error {
        Error::new(ErrorKind::Io {
            path: path.map(Path::to_path_buf),
            source,
        })
    }

    /// Invalid UTF-8 at byte `offset`.
    pub fn invalid_utf8(offset: usize) -> Error {
        Error::new(ErrorKind::InvalidUtf8 {
            path: None,
            offset,
            looks_like: None,
        })
    }

    /// Adds to an invalid-UTF-8 error the encoding the bytes look like (`latin1`, `cp1252`),
    /// which its message then suggests.
    pub(crate) fn with_encoding_hint(mut self, encoding: &'static str) -> Error {
        if let ErrorKind::InvalidUtf8 { looks_like, .. } = &mut *self.0 {
            *looks_like = Some(encoding);
        }
        self
    }

    /// Invalid `encoding` (`UTF-16`, `UTF-32`) at byte `offset`.
    pub fn invalid_encoding(encoding: &'static str, offset: usize) -> Error {
        Error::new(ErrorKind::InvalidEncoding {
            path: None,
            encoding,
            offset,
        })
    }

    /// A NUL byte at byte `offset` of text.
    pub fn nul_byte(offset: usize) -> Error {
        Error::new(ErrorKind::NulByte { path: None, offset })
    }

    /// A malformed transcript, at a 1-based line where known.
    pub fn transcript(line: Option<usize>, message: impl Into<String>) -> Error {
        Error::new(ErrorKind::Transcript {
            path: None,
            line,
            message: message.into(),
        })
    }

    /// A file in a format that is recognised but not read, named as `ELAN (.eaf)`.
    pub fn unsupported_format(format: impl Into<String>) -> Error {
        Error::new(ErrorKind::UnsupportedFormat {
            path: None,
            format: format.into(),
        })
    }

    /// A malformed lexicon, at a 1-based line and entry where known.
    pub fn lexicon(line: Option<usize>, entry: Option<&str>, message: impl Into<String>) -> Error {
        Error::new(ErrorKind::Lexicon {
            path: None,
            line,
            entry: entry.map(str::to_string),
            message: message.into(),
        })
    }

    /// A malformed data document (an aggregate, a JSON table), at a 1-based line where known.
    pub fn data(line: Option<usize>, message: impl Into<String>) -> Error {
        Error::new(ErrorKind::Data {
            path: None,
            line,
            message: message.into(),
        })
    }

    /// Invalid or inconsistent configuration.
    pub fn config(message: impl Into<String>) -> Error {
        Error::new(ErrorKind::Config {
            message: message.into(),
        })
    }

    fn path_slot(&mut self) -> Option<&mut Option<PathBuf>> {
        match &mut *self.0 {
            ErrorKind::Io { path, .. }
            | ErrorKind::InvalidUtf8 { path, .. }
            | ErrorKind::InvalidEncoding { path, .. }
            | ErrorKind::NulByte { path, .. }
            | ErrorKind::Transcript { path, .. }
            | ErrorKind::UnsupportedFormat { path, .. }
            | ErrorKind::Lexicon { path, .. }
            | ErrorKind::Data { path, .. } => Some(path),
            ErrorKind::Config { .. } => None,
        }
    }

    /// Sets the file this error is about, if none is set yet (configuration errors have none).
    pub fn with_path(mut self, p: impl AsRef<Path>) -> Error {
        if let Some(slot) = self.path_slot() {
            if slot.is_none() {
                *slot = Some(p.as_ref().to_path_buf());
            }
        }
        self
    }

    /// The file this error is about, where known.
    pub fn path(&self) -> Option<&Path> {
        match &*self.0 {
            ErrorKind::Io { path, .. }
            | ErrorKind::InvalidUtf8 { path, .. }
            | ErrorKind::InvalidEncoding { path, .. }
            | ErrorKind::NulByte { path, .. }
            | ErrorKind::Transcript { path, .. }
            | ErrorKind::UnsupportedFormat { path, .. }
            | ErrorKind::Lexicon { path, .. }
            | ErrorKind::Data { path, .. } => path.as_deref(),
            ErrorKind::Config { .. } => None,
        }
    }

    /// The 1-based line this error is about, where known.
    pub fn line(&self) -> Option<usize> {
        match &*self.0 {
            ErrorKind::Transcript { line, .. }
            | ErrorKind::Lexicon { line, .. }
            | ErrorKind::Data { line, .. } => *line,
            _ => None,
        }
    }

    /// The byte offset this error is about, where known.
    pub fn byte_offset(&self) -> Option<usize> {
        match &*self.0 {
            ErrorKind::InvalidUtf8 { offset, .. }
            | ErrorKind::InvalidEncoding { offset, .. }
            | ErrorKind::NulByte { offset, .. } => Some(*offset),
            _ => None,
        }
    }

    /// Where the error is (file, line, byte offset), or `None` for errors without a place
    /// (configuration).
    pub fn position(&self) -> Option<Position> {
        let position = Position {
            path: self.path().map(Path::to_path_buf),
            line: self.line().map(|l| l as u64),
            byte: self.byte_offset().map(|b| b as u64),
        };
        (!position.is_empty()).then_some(position)
    }

    /// The I/O error behind an [`ErrorKind::Io`] (its message is part of this error's `Display`,
    /// so [`source`](std::error::Error::source) does not return it).
    pub fn io_error(&self) -> Option<&std::io::Error> {
        match &*self.0 {
            ErrorKind::Io { source, .. } => Some(source),
            _ => None,
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(position) = self.position() {
            write!(f, "{position}: ")?;
        }
        match &*self.0 {
            ErrorKind::Io { source, .. } => write!(f, "{source}"),
            ErrorKind::InvalidUtf8 {
                looks_like: None, ..
            } => f.write_str("invalid UTF-8"),
            ErrorKind::InvalidUtf8 {
                looks_like: Some(encoding),
                ..
            } => write!(
                f,
                "invalid UTF-8; the bytes look like French in a single-byte encoding: read it with --encoding {encoding}"
            ),
            ErrorKind::InvalidEncoding { encoding, .. } => write!(f, "invalid {encoding}"),
            ErrorKind::NulByte { .. } => f.write_str(
                "a NUL byte, not text: a binary file, or UTF-16 without a byte order mark; \
                 save it as UTF-8",
            ),
            ErrorKind::Transcript { message, .. } | ErrorKind::Data { message, .. } => {
                f.write_str(message)
            }
            ErrorKind::UnsupportedFormat { format, .. } => {
                let read: Vec<&str> = crate::transcript::Format::ALL
                    .iter()
                    .map(|f| f.description())
                    .collect();
                write!(
                    f,
                    "unsupported format: {format} files are not read; save the transcript in one \
                     of the formats read: {}",
                    read.join(", ")
                )
            }
            ErrorKind::Lexicon { entry, message, .. } => match entry {
                Some(e) => write!(f, "entry \"{e}\": {message}"),
                None => f.write_str(message),
            },
            ErrorKind::Config { message } => write!(f, "invalid configuration: {message}"),
        }
    }
}

/// The same line as `Display`; `{:#?}` shows the kind's fields.
impl fmt::Debug for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if f.alternate() {
            f.debug_tuple("Error").field(&self.0).finish()
        } else {
            fmt::Display::fmt(self, f)
        }
    }
}

impl std::error::Error for Error {
    /// The cause of the cause: the I/O error's own message is already in `Display`.
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match &*self.0 {
            ErrorKind::Io { source, .. } => source.get_ref().and_then(|inner| inner.source()),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shown(e: Error) -> String {
        e.to_string()
    }

    #[test]
    fn display_of_each_kind() {
        let missing = std::io::Error::from(std::io::ErrorKind::NotFound);
        let io = Error::io(Some(Path::new("a.txt")), missing);
        let io_text = io.to_string();
        assert!(io_text.starts_with("a.txt: "), "{io_text}");
        assert_eq!(io_text.matches("not found").count(), 1, "{io_text}");
        assert!(std::error::Error::source(&io).is_none());
        assert_eq!(
            shown(Error::invalid_utf8(10).with_path("bad.txt")),
            "bad.txt: byte offset 10: invalid UTF-8"
        );
        assert_eq!(
            shown(Error::invalid_encoding("UTF-16", 4).with_path("x.TextGrid")),
            "x.TextGrid: byte offset 4: invalid UTF-16"
        );
        assert_eq!(
            shown(Error::transcript(Some(3), "unterminated string").with_path("x.TextGrid")),
            "x.TextGrid:3: unterminated string"
        );
        assert_eq!(shown(Error::transcript(Some(3), "oops")), "line 3: oops");
        let shown_pdf = shown(Error::unsupported_format("PDF (.pdf)").with_path("a.pdf"));
        assert!(
            shown_pdf.starts_with(
                "a.pdf: unsupported format: PDF (.pdf) files are not read; save the transcript in \
                 one of the formats read: plain text (.txt), IRaMuTeQ, WebVTT (.vtt)"
            ),
            "{shown_pdf}"
        );
        for format in crate::transcript::Format::ALL {
            assert!(shown_pdf.contains(format.description()), "{format:?}");
        }
        assert_eq!(
            shown(Error::nul_byte(1).with_path("u16.txt")),
            "u16.txt: byte offset 1: a NUL byte, not text: a binary file, or UTF-16 without a byte \
             order mark; save it as UTF-8"
        );
        assert_eq!(
            shown(Error::lexicon(Some(4), Some("is*ol"), "bad wildcard").with_path("l.toml")),
            "l.toml:4: entry \"is*ol\": bad wildcard"
        );
        assert_eq!(
            shown(Error::lexicon(None, None, "empty dictionary")),
            "empty dictionary"
        );
        assert_eq!(
            shown(Error::data(Some(1), "not an entretien aggregate").with_path("a.json")),
            "a.json:1: not an entretien aggregate"
        );
        assert_eq!(
            shown(Error::config("empty interviewer label").with_path("ignored")),
            "invalid configuration: empty interviewer label"
        );
    }

    #[test]
    fn debug_is_the_message_and_position_is_one_shape() {
        let e = Error::transcript(Some(2), "x").with_path("t.txt");
        assert_eq!(format!("{e:?}"), "t.txt:2: x");
        assert!(format!("{e:#?}").contains("Transcript"));
        let p = e.position().unwrap();
        assert_eq!(
            (p.path(), p.line(), p.byte()),
            (Some(Path::new("t.txt")), Some(2), None)
        );
        let p = Error::invalid_utf8(7).position().unwrap();
        assert_eq!((p.path(), p.line(), p.byte()), (None, None, Some(7)));
        assert!(Error::config("x").position().is_none());
        assert!(matches!(
            Error::data(None, "x").kind(),
            ErrorKind::Data { .. }
        ));
    }

    #[test]
    fn error_is_send_sync_and_small() {
        fn shared<T: Send + Sync + 'static>() {}
        shared::<Error>();
        assert_eq!(std::mem::size_of::<Error>(), std::mem::size_of::<usize>());
    }
}
