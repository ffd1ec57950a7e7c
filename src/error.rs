//! The crate's error type: opaque, with a kind that says where the problem is.

use std::fmt;
use std::path::{Path, PathBuf};

/// A specialised `Result` for entretien.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// An error from reading transcripts or lexicons, or from configuration.
///
/// The error is opaque; [`Error::kind`] tells what went wrong and where
/// (file, line, byte offset). The library never panics on bad input.
#[derive(Debug)]
pub struct Error(Box<ErrorKind>);

/// What went wrong, and where.
#[non_exhaustive]
#[derive(Debug)]
pub enum ErrorKind {
    /// Reading or writing a file failed.
    Io {
        path: Option<PathBuf>,
        source: std::io::Error,
    },
    /// The input is not valid UTF-8 (or not valid in its declared encoding).
    InvalidUtf8 {
        path: Option<PathBuf>,
        /// Byte offset of the first invalid byte.
        offset: usize,
    },
    /// A transcript is malformed.
    Transcript {
        path: Option<PathBuf>,
        /// 1-based line, where known.
        line: Option<usize>,
        message: String,
    },
    /// A lexicon is malformed.
    Lexicon {
        path: Option<PathBuf>,
        /// 1-based line, where known.
        line: Option<usize>,
        /// The offending entry, where known.
        entry: Option<String>,
        message: String,
    },
    /// Inconsistent or invalid configuration.
    Config { message: String },
}

impl Error {
    /// What went wrong, and where.
    pub fn kind(&self) -> &ErrorKind {
        &self.0
    }

    /// Consumes the error and returns its kind.
    pub fn into_kind(self) -> ErrorKind {
        *self.0
    }

    pub fn io(path: Option<&Path>, source: std::io::Error) -> Error {
        Error(Box::new(ErrorKind::Io {
            path: path.map(Path::to_path_buf),
            source,
        }))
    }

    pub fn invalid_utf8(offset: usize) -> Error {
        Error(Box::new(ErrorKind::InvalidUtf8 { path: None, offset }))
    }

    pub fn transcript(line: Option<usize>, message: impl Into<String>) -> Error {
        Error(Box::new(ErrorKind::Transcript {
            path: None,
            line,
            message: message.into(),
        }))
    }

    pub fn lexicon(line: Option<usize>, entry: Option<&str>, message: impl Into<String>) -> Error {
        Error(Box::new(ErrorKind::Lexicon {
            path: None,
            line,
            entry: entry.map(str::to_string),
            message: message.into(),
        }))
    }

    pub fn config(message: impl Into<String>) -> Error {
        Error(Box::new(ErrorKind::Config {
            message: message.into(),
        }))
    }

    /// Sets the file this error is about, if none is set yet.
    pub fn with_path(mut self, p: impl AsRef<Path>) -> Error {
        let slot = match &mut *self.0 {
            ErrorKind::Io { path, .. }
            | ErrorKind::InvalidUtf8 { path, .. }
            | ErrorKind::Transcript { path, .. }
            | ErrorKind::Lexicon { path, .. } => path,
            ErrorKind::Config { .. } => return self,
        };
        if slot.is_none() {
            *slot = Some(p.as_ref().to_path_buf());
        }
        self
    }

    /// The file this error is about, where known.
    pub fn path(&self) -> Option<&Path> {
        match &*self.0 {
            ErrorKind::Io { path, .. }
            | ErrorKind::InvalidUtf8 { path, .. }
            | ErrorKind::Transcript { path, .. }
            | ErrorKind::Lexicon { path, .. } => path.as_deref(),
            ErrorKind::Config { .. } => None,
        }
    }

    /// The 1-based line this error is about, where known.
    pub fn line(&self) -> Option<usize> {
        match &*self.0 {
            ErrorKind::Transcript { line, .. } | ErrorKind::Lexicon { line, .. } => *line,
            _ => None,
        }
    }

    /// The byte offset this error is about, where known.
    pub fn byte_offset(&self) -> Option<usize> {
        match &*self.0 {
            ErrorKind::InvalidUtf8 { offset, .. } => Some(*offset),
            _ => None,
        }
    }
}

fn write_place(
    f: &mut fmt::Formatter<'_>,
    path: &Option<PathBuf>,
    line: Option<usize>,
) -> fmt::Result {
    match (path, line) {
        (Some(p), Some(l)) => write!(f, "{}:{}: ", p.display(), l),
        (Some(p), None) => write!(f, "{}: ", p.display()),
        (None, Some(l)) => write!(f, "line {}: ", l),
        (None, None) => Ok(()),
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &*self.0 {
            ErrorKind::Io { path, source } => {
                write_place(f, path, None)?;
                write!(f, "{}", source)
            }
            ErrorKind::InvalidUtf8 { path, offset } => {
                write_place(f, path, None)?;
                write!(
                    f,
                    "invalid UTF-8 at byte offset {} (use --lossy to replace invalid bytes)",
                    offset
                )
            }
            ErrorKind::Transcript {
                path,
                line,
                message,
            } => {
                write_place(f, path, *line)?;
                write!(f, "{}", message)
            }
            ErrorKind::Lexicon {
                path,
                line,
                entry,
                message,
            } => {
                write_place(f, path, *line)?;
                match entry {
                    Some(e) => write!(f, "entry {:?}: {}", e, message),
                    None => write!(f, "{}", message),
                }
            }
            ErrorKind::Config { message } => write!(f, "configuration: {}", message),
        }
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match &*self.0 {
            ErrorKind::Io { source, .. } => Some(source),
            _ => None,
        }
    }
}
