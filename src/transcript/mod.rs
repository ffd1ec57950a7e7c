//! The transcript model and its readers.
//!
//! A [`Transcript`] owns its text; turns are byte spans into it.
//! PLACEHOLDER readers until issue 2 lands them.

use crate::error::{Error, Result};
use crate::span::Span;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// Who is speaking in a turn.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, Default,
)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    Interviewer,
    Respondent,
    Other,
    #[default]
    Unknown,
}

impl Role {
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Interviewer => "interviewer",
            Role::Respondent => "respondent",
            Role::Other => "other",
            Role::Unknown => "unknown",
        }
    }
}

/// The formats transcripts are read from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    /// Plain text, with or without speaker labels at line start.
    Plain,
    /// IRaMuTeQ corpus (`**** *var_mod` lines).
    Iramuteq,
    /// WebVTT subtitles.
    Vtt,
    /// SubRip subtitles.
    Srt,
    /// Transcriber XML.
    Trs,
    /// Praat TextGrid (text or long format).
    TextGrid,
    /// JSON Lines, one document per line.
    Jsonl,
}

/// One speaker turn: a speaker, a role and a span of the transcript's text.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Turn {
    /// The speaker's label or name, where known.
    pub speaker: Option<String>,
    pub role: Role,
    /// The turn's words, as a byte span of [`Transcript::text`] (labels excluded).
    pub span: Span,
    /// Start time in seconds, where the format has one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub start: Option<f64>,
    /// End time in seconds, where the format has one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub end: Option<f64>,
}

/// An interview (or any document): its own text, metadata and turns.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Transcript {
    pub id: String,
    pub text: String,
    pub metadata: BTreeMap<String, String>,
    pub turns: Vec<Turn>,
    /// Text before the first speaker label, kept apart from the turns.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub preamble: Option<Span>,
    pub format: Format,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source: Option<PathBuf>,
}

impl Transcript {
    /// A transcript of one turn of unknown role covering all of `text` (plain prose, `--text`).
    pub fn from_text(id: impl Into<String>, text: impl Into<String>) -> Transcript {
        let text = text.into();
        let span = Span::new(0, text.len());
        Transcript {
            id: id.into(),
            turns: if text.trim().is_empty() {
                Vec::new()
            } else {
                vec![Turn {
                    speaker: None,
                    role: Role::Unknown,
                    span,
                    start: None,
                    end: None,
                }]
            },
            text,
            metadata: BTreeMap::new(),
            preamble: None,
            format: Format::Plain,
            source: None,
        }
    }

    /// The text of a turn.
    pub fn turn_text(&self, turn: &Turn) -> &str {
        &self.text[turn.span.range()]
    }
}

/// How to read transcripts.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct ReadOptions {
    /// Force a format instead of detecting it.
    pub format: Option<Format>,
    /// Replace invalid UTF-8 instead of failing.
    pub lossy: bool,
}

/// Reads all transcripts in a file (several for IRaMuTeQ and JSON Lines).
pub fn read_path(path: &Path, opts: &ReadOptions) -> Result<Vec<Transcript>> {
    let bytes = std::fs::read(path).map_err(|e| Error::io(Some(path), e))?;
    let text = match std::str::from_utf8(&bytes) {
        Ok(s) => s.to_string(),
        Err(e) if !opts.lossy => return Err(Error::invalid_utf8(e.valid_up_to()).with_path(path)),
        Err(_) => String::from_utf8_lossy(&bytes).into_owned(),
    };
    let id = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let mut t = Transcript::from_text(id, text);
    t.source = Some(path.to_path_buf());
    Ok(vec![t])
}
