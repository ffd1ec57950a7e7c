//! The library's errors as Python exceptions: one class, `EntretienError`, whose instances carry the
//! error's kind, file, line, byte offset and (for lexicons) entry as attributes.

use entretien::ErrorKind;
use pyo3::exceptions::PyException;
use pyo3::prelude::*;

pyo3::create_exception!(
    _native,
    EntretienError,
    PyException,
    "An error of entretien: `kind` says what went wrong (io, invalid_utf8, invalid_encoding, \
     nul_byte, transcript, unsupported_format, lexicon, data, config), `path`, `line` and \
     `byte_offset` where (each None where unknown), `entry` the lexicon entry at fault."
);

/// The name of an error's kind, as Python code compares it.
fn kind_name(kind: &ErrorKind) -> &'static str {
    match kind {
        ErrorKind::Io { .. } => "io",
        ErrorKind::InvalidUtf8 { .. } => "invalid_utf8",
        ErrorKind::InvalidEncoding { .. } => "invalid_encoding",
        ErrorKind::NulByte { .. } => "nul_byte",
        ErrorKind::Transcript { .. } => "transcript",
        ErrorKind::UnsupportedFormat { .. } => "unsupported_format",
        ErrorKind::Lexicon { .. } => "lexicon",
        ErrorKind::Data { .. } => "data",
        ErrorKind::Config { .. } => "config",
        _ => "other",
    }
}

/// The exception for `error`: its message is the library's one-line `Display`.
pub fn to_py(py: Python<'_>, error: &entretien::Error) -> PyErr {
    let err = EntretienError::new_err(error.to_string());
    let value = err.value_bound(py);
    let entry = match error.kind() {
        ErrorKind::Lexicon { entry, .. } => entry.clone(),
        _ => None,
    };
    let path = error.path().map(|p| p.display().to_string());
    // Setting attributes on a fresh exception instance cannot fail.
    let _ = value.setattr("kind", kind_name(error.kind()));
    let _ = value.setattr("path", path);
    let _ = value.setattr("line", error.line());
    let _ = value.setattr("byte_offset", error.byte_offset());
    let _ = value.setattr("entry", entry);
    err
}

/// Converts a library result, taking the GIL for the exception only when there is one.
pub trait IntoPy<T> {
    /// The value, or the library error as an `EntretienError`.
    fn py_err(self) -> PyResult<T>;
}

impl<T> IntoPy<T> for entretien::Result<T> {
    fn py_err(self) -> PyResult<T> {
        self.map_err(|e| Python::with_gil(|py| to_py(py, &e)))
    }
}

/// A `config` error for a bad argument value (an unknown unit, negation mode, speaker filter…).
pub fn config(message: impl Into<String>) -> PyErr {
    Python::with_gil(|py| to_py(py, &entretien::Error::config(message)))
}
