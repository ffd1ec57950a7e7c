//! Passages coded by hand: what human coders said each passage expresses, the ground against which
//! a codebook ([`crate::agreement`]) or a learned coder is measured.
//!
//! Two shapes, because teams have both:
//! - [`CodedPassage`]: a short text and the themes a coder gave it as a whole (JSON Lines or CSV
//!   `id, text, themes, denied, coder`), as in `../shared/data/coded/`;
//! - [`CodedSource`]: a whole transcript with coded selections at byte spans, as QDA software
//!   (MAXQDA, NVivo, ATLAS.ti) exports them in a REFI-QDA project.
//!
//! A denied theme is one the passage explicitly denies (« je ne me sens pas du tout isolée »); it is
//! not present.
//!
//! ```
//! use entretien::coded::{parse_coded, CodedFormat};
//!
//! let read = parse_coded(
//!     "id;text;themes;denied\np1;Je suis seule.;isolement;\np2;Tout va bien.;;isolement|charge\n",
//!     CodedFormat::Csv,
//! )?;
//! assert_eq!(read.passages[0].themes, ["isolement"]);
//! assert_eq!(read.passages[1].denied, ["isolement", "charge"]);
//! # Ok::<(), entretien::Error>(())
//! ```
//!
//! Readers ([`read_coded_path`], [`parse_coded`]): JSON Lines, one object a line with `id` (string
//! or number), `text`, `themes` (or `expect`), `denied` (or `negated`), and optional `coder` and
//! `document`; or a CSV table (`,`, `;` or tab, as its header holds most) with the same columns,
//! lists separated by `;` or `|`. A line without an id or a text, or with broken JSON, is a warning
//! naming its line, and the other lines are kept; a file where no line can be read is an error at
//! its first bad line. Invalid UTF-8 is an error at its byte offset.

use crate::csv_text;
use crate::error::{Error, Result};
use crate::span::Span;
use crate::transcript::Warning;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::path::Path;

/// One passage and the themes one coder gave it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CodedPassage {
    /// The passage's id; the same passage coded by several coders shares it.
    pub id: String,
    /// The passage's text.
    pub text: String,
    /// Themes the passage expresses as present.
    #[serde(default)]
    pub themes: Vec<String>,
    /// Themes the passage explicitly denies.
    #[serde(default)]
    pub denied: Vec<String>,
    /// Who coded it, when several coders coded the same passages.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub coder: Option<String>,
    /// The document (interview) the passage comes from, so that cross-validation keeps the
    /// passages of one interview on one side.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub document: Option<String>,
    /// Where it was read (`file:line`, or a REFI-QDA selection's GUID), for messages.
    #[serde(skip)]
    pub origin: Option<String>,
}

/// A whole source text with the selections coders coded in it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CodedSource {
    /// The source's id (its name in the project).
    pub id: String,
    /// The full text.
    pub text: String,
    /// The coded selections, in the order read.
    pub selections: Vec<CodedSelection>,
}

/// One coded selection of a [`CodedSource`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CodedSelection {
    /// Byte span into the source's text, on `char` boundaries.
    pub span: Span,
    /// The theme (code) given to it.
    pub theme: String,
    /// Whether the coder marked the theme as denied there rather than present.
    #[serde(default)]
    pub denied: bool,
    /// Who coded it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub coder: Option<String>,
    /// Where it was read (a REFI-QDA selection's GUID or name), for messages.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub origin: Option<String>,
}

/// The passages read from a file, and what was read around.
#[derive(Debug, Clone, Default, PartialEq)]
#[non_exhaustive]
pub struct CodedRead {
    /// The passages, in file order.
    pub passages: Vec<CodedPassage>,
    /// Lines left out (broken JSON, no text, no id) and other notes, each with its line.
    pub warnings: Vec<Warning>,
}

/// The format of a file of coded passages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CodedFormat {
    /// One JSON object a line.
    Jsonl,
    /// A delimited table with a header (`,`, `;` or tab).
    Csv,
}

impl CodedFormat {
    /// `.jsonl`, `.ndjson`, `.json` → JSON Lines; `.csv`, `.tsv` → CSV; otherwise the first
    /// character that is not blank tells (`{` → JSON Lines).
    pub fn detect(path: Option<&Path>, text: &str) -> CodedFormat {
        let ext = path
            .and_then(Path::extension)
            .and_then(|e| e.to_str())
            .map(str::to_ascii_lowercase);
        match ext.as_deref() {
            Some("jsonl" | "ndjson" | "json") => CodedFormat::Jsonl,
            Some("csv" | "tsv") => CodedFormat::Csv,
            _ if text.trim_start().starts_with('{') => CodedFormat::Jsonl,
            _ => CodedFormat::Csv,
        }
    }
}

/// Reads a file of coded passages (JSON Lines or CSV, [`CodedFormat::detect`]).
///
/// A passage without a `coder` is given the file's stem as its coder, so that two files of the
/// same passages are two coders. Invalid UTF-8 is an error at its byte offset; a line that cannot
/// be read is a warning and the others are kept, unless no passage at all could be read.
pub fn read_coded_path(path: impl AsRef<Path>) -> Result<CodedRead> {
    let path = path.as_ref();
    let bytes = std::fs::read(path).map_err(|e| Error::io(Some(path), e))?;
    let text = std::str::from_utf8(&bytes)
        .map_err(|e| Error::invalid_utf8(e.valid_up_to()).with_path(path))?;
    let mut read =
        parse_coded(text, CodedFormat::detect(Some(path), text)).map_err(|e| e.with_path(path))?;
    let stem = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "coder".to_string());
    for p in &mut read.passages {
        if p.coder.is_none() {
            p.coder = Some(stem.clone());
        }
        if let Some(origin) = &mut p.origin {
            *origin = format!("{}:{origin}", path.display());
        }
    }
    for w in &mut read.warnings {
        w.path = Some(path.to_path_buf());
    }
    Ok(read)
}

/// Reads coded passages from text in the given format (see the module docs for the fields).
/// Passages' `origin` is their line number; [`read_coded_path`] adds the file.
pub fn parse_coded(text: &str, format: CodedFormat) -> Result<CodedRead> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut read = match format {
        CodedFormat::Jsonl => parse_jsonl(text),
        CodedFormat::Csv => parse_csv(text)?,
    };
    if read.passages.is_empty() {
        if let Some(first) = read.warnings.first() {
            return Err(Error::data(first.line, first.message.clone()));
        }
    }
    let mut seen = std::collections::HashSet::new();
    let mut warnings = Vec::new();
    read.passages.retain(|p| {
        let fresh = seen.insert((p.id.clone(), p.coder.clone()));
        if !fresh {
            let line = p.origin.as_deref().and_then(|o| o.parse().ok());
            warnings.push(Warning::new(
                line,
                format!(
                    "passage {:?} is coded twice by the same coder: this line is left out",
                    p.id
                ),
            ));
        }
        fresh
    });
    read.warnings.extend(warnings);
    Ok(read)
}

/// A list of theme names: a JSON array of strings, or a string of names separated by `;`, `|` or
/// `,`.
fn names_of_json(value: &Value) -> std::result::Result<Vec<String>, String> {
    match value {
        Value::Null => Ok(Vec::new()),
        Value::String(s) => Ok(split_names(s)),
        Value::Array(items) => items
            .iter()
            .map(|v| match v {
                Value::String(s) => Ok(s.trim().to_string()),
                other => Err(format!("theme names must be strings, not {other}")),
            })
            .filter(|r| r.as_ref().map_or(true, |s| !s.is_empty()))
            .collect(),
        other => Err(format!("expected a list of theme names, not {other}")),
    }
}

fn split_names(s: &str) -> Vec<String> {
    s.split([';', '|', ','])
        .map(str::trim)
        .filter(|n| !n.is_empty())
        .map(str::to_string)
        .collect()
}

fn parse_jsonl(text: &str) -> CodedRead {
    let mut read = CodedRead::default();
    for (i, line) in text.split('\n').enumerate() {
        let number = i + 1;
        let line = line.trim();
        if line.is_empty() {
            continue;
        }
        match passage_of_json(line, number) {
            Ok(p) => read.passages.push(p),
            Err(message) => read.warnings.push(Warning::new(Some(number), message)),
        }
    }
    read
}

fn passage_of_json(line: &str, number: usize) -> std::result::Result<CodedPassage, String> {
    let value: Value = serde_json::from_str(line).map_err(|e| {
        let what = e.to_string();
        let what = what.split(" at line ").next().unwrap_or_default();
        format!(
            "invalid JSON at column {}: {what}; line left out",
            e.column()
        )
    })?;
    let Value::Object(fields) = value else {
        return Err("expected a JSON object; line left out".into());
    };
    let text = match fields.get("text") {
        Some(Value::String(s)) => s.clone(),
        Some(_) => return Err("`text` must be a string; line left out".into()),
        None => return Err("missing `text`; line left out".into()),
    };
    let id = match fields.get("id") {
        Some(Value::String(s)) if !s.trim().is_empty() => s.trim().to_string(),
        Some(Value::Number(n)) => n.to_string(),
        _ => return Err("missing `id` (a string or a number); line left out".into()),
    };
    let list = |names: [&str; 2]| -> std::result::Result<Vec<String>, String> {
        match names.iter().find_map(|n| fields.get(*n)) {
            None => Ok(Vec::new()),
            Some(v) => names_of_json(v).map_err(|m| format!("{m}; line left out")),
        }
    };
    let themes = list(["themes", "expect"])?;
    let denied = list(["denied", "negated"])?;
    let text_field = |name: &str| match fields.get(name) {
        Some(Value::String(s)) if !s.trim().is_empty() => Some(s.trim().to_string()),
        Some(Value::Number(n)) => Some(n.to_string()),
        _ => None,
    };
    Ok(CodedPassage {
        id,
        text,
        themes,
        denied,
        coder: text_field("coder"),
        document: text_field("document"),
        origin: Some(number.to_string()),
    })
}

fn parse_csv(text: &str) -> Result<CodedRead> {
    let mut read = CodedRead::default();
    let mut records = csv_text::records(text);
    let (header_line, header) = loop {
        match records.next() {
            None => return Ok(read),
            Some(r) => {
                let (line, fields) = r?;
                let blank = fields.iter().all(|f| f.trim().is_empty());
                if !blank && !fields[0].trim_start().starts_with('#') {
                    break (line, fields);
                }
            }
        }
    };
    let column = |names: &[&str]| {
        header
            .iter()
            .position(|h| names.iter().any(|n| h.trim().eq_ignore_ascii_case(n)))
    };
    let (Some(id_col), Some(text_col)) = (column(&["id"]), column(&["text"])) else {
        return Err(Error::data(
            Some(header_line),
            "a table of coded passages needs `id` and `text` columns (and `themes`, `denied`, \
             `coder`, `document`)",
        ));
    };
    let themes_col = column(&["themes", "expect"]);
    let denied_col = column(&["denied", "negated"]);
    let coder_col = column(&["coder"]);
    let document_col = column(&["document"]);
    for record in records {
        let (line, fields) = record?;
        if fields.iter().all(|f| f.trim().is_empty()) {
            continue;
        }
        let get = |c: Option<usize>| {
            c.and_then(|c| fields.get(c))
                .map(|s| s.trim())
                .filter(|s| !s.is_empty())
        };
        let Some(id) = get(Some(id_col)) else {
            read.warnings
                .push(Warning::new(Some(line), "missing `id`; line left out"));
            continue;
        };
        let Some(text) = fields.get(text_col).filter(|t| !t.trim().is_empty()) else {
            read.warnings
                .push(Warning::new(Some(line), "missing `text`; line left out"));
            continue;
        };
        read.passages.push(CodedPassage {
            id: id.to_string(),
            text: text.clone(),
            themes: get(themes_col).map(split_list).unwrap_or_default(),
            denied: get(denied_col).map(split_list).unwrap_or_default(),
            coder: get(coder_col).map(str::to_string),
            document: get(document_col).map(str::to_string),
            origin: Some(line.to_string()),
        });
    }
    Ok(read)
}

/// A CSV cell's list: names separated by `;` or `|` (a `,`-delimited file may also use `,`
/// inside quotes).
fn split_list(s: &str) -> Vec<String> {
    split_names(s)
}
