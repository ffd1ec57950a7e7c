//! Import: the hand-coded selections of a `.qdpx` project (MAXQDA, NVivo, ATLAS.ti, QualCoder…)
//! as [`CodedSource`]s, and its codebook as a lexicon skeleton.
//!
//! What maps to what:
//! - a `TextSource` → a [`CodedSource`]: id = the source's name (its GUID when it has none), text =
//!   its plain text (`internal://…` member of the archive, or `PlainTextContent`; a leading byte
//!   order mark is dropped, CRLF line ends are kept and count two characters);
//! - a `PlainTextSelection` with its `Coding`s → one [`CodedSelection`] per coding: span = the
//!   selection's characters `startPosition..endPosition` (end exclusive) as bytes, theme = the
//!   code's path (see [`codebook`](super::codebook)), denied = the code is a denial child (`nié`,
//!   `negated`…) of the theme, coder = the name of the coding's creating user (the selection's
//!   when the coding has none), origin = the selection's GUID;
//! - a `Coding` of a whole source → a selection over the whole text;
//! - sources that are not plain text (PDF, pictures, audio, video) and plain-text sources kept
//!   outside the archive are skipped with a warning.
//!
//! Errors are [`ErrorKind::Data`](crate::ErrorKind::Data) naming the file, the member and line,
//! and the selection (GUID and name) where one is at fault: positions past the end of the text,
//! negative or reversed, a coding of an unknown code. Members are read through the same bounded
//! reader as Word documents (a zip bomb is refused), and all of them together at most
//! [`MAX_PROJECT_BYTES`].

use super::codebook::{read_codes, CodeInfo};
use super::positions::CharIndex;
use super::xml::{error_at, parse, Element};
use crate::coded::{CodedSelection, CodedSource};
use crate::error::{Error, Result};
use crate::span::Span;
use crate::transcript::office::{read_member, MAX_MEMBER_BYTES};
use crate::Lexicon;
use std::collections::HashMap;
use std::io::Cursor;
use std::path::Path;
use zip::ZipArchive;

/// The most bytes all members of a project may inflate to together: 256 MiB.
pub const MAX_PROJECT_BYTES: u64 = 4 * MAX_MEMBER_BYTES;

const PROJECT: &str = "project.qde";

/// A project read: its coded sources, its codebook as a lexicon skeleton, and what was skipped.
#[derive(Debug, Clone, PartialEq)]
pub struct ImportedProject {
    /// The plain-text sources with their coded selections, in the project's order.
    pub sources: Vec<CodedSource>,
    /// The codebook: themes with ids, labels and definitions, no entries.
    pub codebook: Lexicon,
    /// What was left out, and why.
    pub warnings: Vec<String>,
}

/// Reads a `.qdpx` file. Errors name it.
pub fn read_qdpx(path: impl AsRef<Path>) -> Result<ImportedProject> {
    let path = path.as_ref();
    let bytes = std::fs::read(path).map_err(|e| Error::io(Some(path), e))?;
    read_qdpx_bytes(&bytes).map_err(|e| e.with_path(path))
}

/// Reads a `.qdpx` archive from its bytes.
pub fn read_qdpx_bytes(bytes: &[u8]) -> Result<ImportedProject> {
    let mut archive = ZipArchive::new(Cursor::new(bytes)).map_err(|e| {
        Error::data(
            None,
            format!("not a readable zip archive (a REFI-QDA .qdpx project expected): {e}"),
        )
    })?;
    let mut budget = MAX_PROJECT_BYTES;
    let mut member = |name: &str| -> Result<Option<String>> {
        let Some(bytes) = read_member(&mut archive, name)
            .map_err(|m| Error::data(None, format!("{name}: {m}")))?
        else {
            return Ok(None);
        };
        budget = budget.checked_sub(bytes.len() as u64).ok_or_else(|| {
            Error::data(
                None,
                format!("{name}: the members inflate past {MAX_PROJECT_BYTES} bytes in all (a zip bomb?)"),
            )
        })?;
        let text = String::from_utf8(bytes).map_err(|e| {
            Error::data(
                None,
                format!(
                    "{name}: not UTF-8 (byte offset {})",
                    e.utf8_error().valid_up_to()
                ),
            )
        })?;
        Ok(Some(match text.strip_prefix('\u{feff}') {
            Some(rest) => rest.to_string(),
            None => text,
        }))
    };
    let xml = member(PROJECT)?.ok_or_else(|| {
        Error::data(
            None,
            format!("no {PROJECT} in the archive: not a REFI-QDA project"),
        )
    })?;
    read_project(&xml, |path| {
        let name = path.strip_prefix("internal://")?;
        Some(member(&format!("sources/{name}")))
    })
}

/// Reads a project's XML (`project.qde`); `source` gives the text of an `internal://` path
/// (`None` when the path is not internal, `Some(Ok(None))` when the archive lacks it).
pub fn read_project(
    xml: &str,
    mut source: impl FnMut(&str) -> Option<Result<Option<String>>>,
) -> Result<ImportedProject> {
    let root = parse(xml, PROJECT)?;
    if root.name != "Project" {
        return Err(error_at(
            PROJECT,
            root.line,
            format!(
                "<{}> is not a REFI-QDA project (<Project> expected)",
                root.name
            ),
        ));
    }
    let users: HashMap<String, String> = root
        .child("Users")
        .into_iter()
        .flat_map(|u| u.children("User"))
        .filter_map(|u| {
            let guid = key(u.attribute("guid")?);
            let name = u
                .attribute("name")
                .or(u.attribute("id"))
                .map(str::trim)
                .filter(|n| !n.is_empty())
                .unwrap_or(&guid)
                .to_string();
            Some((guid, name))
        })
        .collect();
    let (codebook, codes) = match root.child("CodeBook").and_then(|c| c.child("Codes")) {
        Some(codes) => read_codes(codes, PROJECT)?,
        None => (
            crate::lexicon::LoadReport {
                lexicon: Lexicon::empty(),
                warnings: Vec::new(),
            },
            HashMap::new(),
        ),
    };
    let mut warnings: Vec<String> = codebook
        .warnings
        .iter()
        .map(|w| format!("{PROJECT}: {w}"))
        .collect();
    let context = Context {
        users: &users,
        codes: &codes,
    };
    let mut sources = Vec::new();
    for element in root.child("Sources").into_iter().flat_map(|s| &s.children) {
        let name = element
            .attribute("name")
            .or(element.attribute("guid"))
            .unwrap_or("(unnamed)");
        if element.name != "TextSource" {
            let what = match element.name.as_str() {
                "PDFSource" => "a PDF",
                "PictureSource" => "a picture",
                "AudioSource" => "an audio file",
                "VideoSource" => "a video",
                _ => "not a text",
            };
            warnings.push(format!(
                "source {name:?} skipped: {what}; only plain-text sources are read"
            ));
            continue;
        }
        let text = match (
            element.child("PlainTextContent"),
            element.attribute("plainTextPath"),
        ) {
            (Some(content), _) => content.text.clone(),
            (None, Some(path)) => match source(path) {
                Some(found) => found?.ok_or_else(|| {
                    error_at(
                        PROJECT,
                        element.line,
                        format!("source {name:?}: {path} is not in the archive"),
                    )
                })?,
                None => {
                    warnings.push(format!(
                        "source {name:?} skipped: its text {path:?} is outside the project archive"
                    ));
                    continue;
                }
            },
            (None, None) => {
                warnings.push(format!("source {name:?} skipped: it has no plain text"));
                continue;
            }
        };
        sources.push(context.source(element, name, text)?);
    }
    Ok(ImportedProject {
        sources,
        codebook: codebook.lexicon,
        warnings,
    })
}

/// A GUID as a lookup key: braces dropped, lowercase.
fn key(guid: &str) -> String {
    guid.trim().trim_matches(['{', '}']).to_ascii_lowercase()
}

struct Context<'a> {
    users: &'a HashMap<String, String>,
    codes: &'a HashMap<String, CodeInfo>,
}

impl Context<'_> {
    fn user(&self, guid: Option<&str>) -> Option<String> {
        let guid = key(guid?);
        Some(self.users.get(&guid).cloned().unwrap_or(guid))
    }

    fn source(&self, element: &Element, name: &str, text: String) -> Result<CodedSource> {
        let index = CharIndex::new(&text);
        let mut selections = Vec::new();
        for selection in element.children("PlainTextSelection") {
            let guid = selection.attribute("guid").unwrap_or("(no guid)");
            let label = match selection.attribute("name") {
                Some(n) => format!(
                    "selection {guid} ({:?})",
                    n.chars().take(60).collect::<String>()
                ),
                None => format!("selection {guid}"),
            };
            let fail = |message: String| {
                error_at(
                    PROJECT,
                    selection.line,
                    format!("{label} of source {name:?}: {message}"),
                )
            };
            let position = |attribute: &str| -> Result<i64> {
                let value = selection
                    .attribute(attribute)
                    .ok_or_else(|| fail(format!("no {attribute}")))?;
                value
                    .trim()
                    .parse::<i64>()
                    .map_err(|_| fail(format!("{attribute} {value:?} is not a whole number")))
            };
            let (start, end) = (position("startPosition")?, position("endPosition")?);
            let chars = index.chars();
            if start < 0 || end <= start {
                return Err(fail(format!(
                    "positions {start}..{end} do not select any text"
                )));
            }
            let byte = |c: i64| usize::try_from(c).ok().and_then(|c| index.byte_of(c));
            let (Some(from), Some(to)) = (byte(start), byte(end)) else {
                return Err(fail(format!(
                    "positions {start}..{end} run past the end of its text ({chars} characters)"
                )));
            };
            let selection_coder = self.user(selection.attribute("creatingUser"));
            for coding in selection.children("Coding") {
                let (theme, denied) = self.code(coding, &fail)?;
                selections.push(CodedSelection {
                    span: Span::new(from, to),
                    theme,
                    denied,
                    coder: self
                        .user(coding.attribute("creatingUser"))
                        .or_else(|| selection_coder.clone()),
                    origin: Some(guid.to_string()),
                });
            }
        }
        for coding in element.children("Coding") {
            let guid = coding.attribute("guid").unwrap_or("(no guid)");
            let fail = |message: String| {
                error_at(
                    PROJECT,
                    coding.line,
                    format!("coding {guid} of source {name:?}: {message}"),
                )
            };
            let (theme, denied) = self.code(coding, &fail)?;
            selections.push(CodedSelection {
                span: Span::new(0, text.len()),
                theme,
                denied,
                coder: self.user(coding.attribute("creatingUser")),
                origin: Some(guid.to_string()),
            });
        }
        Ok(CodedSource {
            id: name.to_string(),
            text,
            selections,
        })
    }

    /// The theme and denial of a `<Coding>`.
    fn code(&self, coding: &Element, fail: &dyn Fn(String) -> Error) -> Result<(String, bool)> {
        let target = coding
            .child("CodeRef")
            .and_then(|r| r.attribute("targetGUID"))
            .ok_or_else(|| fail("a coding without <CodeRef targetGUID>".to_string()))?;
        let info = self
            .codes
            .get(&key(target))
            .ok_or_else(|| fail(format!("code {target} is not in the codebook")))?;
        Ok((info.theme.clone(), info.denied))
    }
}
