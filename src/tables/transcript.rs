//! What a reader made of a transcript, for reading it back: ids, metadata, speakers, and the text of
//! the preamble, sections and turns (`entretien transcript` prints these as JSON).
//!
//! ```
//! use entretien::tables::transcript::TranscriptView;
//! use entretien::Transcript;
//!
//! let t = Transcript::from_text("e01", "Je suis seule.");
//! let view = serde_json::to_value(TranscriptView::of(&t)).unwrap();
//! assert_eq!(view["id"], "e01");
//! assert_eq!(view["turns"][0]["text"], "Je suis seule.");
//! ```

use crate::span::Span;
use crate::transcript::{Format, Role, Speaker, Transcript};
use serde::Serialize;
use std::collections::BTreeMap;
use std::path::Path;

/// A transcript with the text of each of its parts.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[non_exhaustive]
pub struct TranscriptView<'a> {
    /// The document's id.
    pub id: &'a str,
    /// The format it was read from.
    pub format: Format,
    /// The file it was read from, where known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source: Option<&'a Path>,
    /// Its metadata.
    pub metadata: &'a BTreeMap<String, String>,
    /// Its speakers.
    pub speakers: Vec<Speaker<'a>>,
    /// The text before the first speaker label.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub preamble: Option<&'a str>,
    /// Its sections, by name and span.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub sections: Vec<SectionView<'a>>,
    /// Its turns, with their text.
    pub turns: Vec<TurnView<'a>>,
}

/// A section: its name and span.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[non_exhaustive]
pub struct SectionView<'a> {
    /// The section's name.
    pub name: &'a str,
    /// The text it covers.
    pub span: Span,
}

/// A turn with its text.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[non_exhaustive]
pub struct TurnView<'a> {
    /// The speaker's label, where known.
    pub speaker: Option<&'a str>,
    /// The speaker's role.
    pub role: Role,
    /// The turn's span in the transcript.
    pub span: Span,
    /// The turn's text.
    pub text: &'a str,
    /// Start time in seconds, where the format has one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub start: Option<f64>,
    /// End time in seconds, where the format has one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub end: Option<f64>,
}

impl<'a> TranscriptView<'a> {
    /// The view of `t`.
    pub fn of(t: &'a Transcript) -> TranscriptView<'a> {
        TranscriptView {
            id: &t.id,
            format: t.format,
            source: t.source.as_deref(),
            metadata: &t.metadata,
            speakers: t.speakers(),
            preamble: t.preamble.map(|p| &t.text[p.range()]),
            sections: (t.sections.iter())
                .map(|s| SectionView {
                    name: &s.name,
                    span: s.span,
                })
                .collect(),
            turns: (t.turns.iter())
                .map(|turn| TurnView {
                    speaker: turn.speaker.as_deref(),
                    role: turn.role,
                    span: turn.span,
                    text: t.turn_text(turn),
                    start: turn.start,
                    end: turn.end,
                })
                .collect(),
        }
    }
}
