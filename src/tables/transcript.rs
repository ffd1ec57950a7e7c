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
                    speaker: t.turn_speaker(turn),
                    role: turn.role,
                    span: turn.span,
                    text: t.turn_text(turn),
                    start: t.turn_start(turn),
                    end: t.turn_end(turn),
                })
                .collect(),
        }
    }
}

/// One line of `entretien transcript --summary`: what was read from one document, to check before
/// scoring: its format, turns, words per role, each speaker with the role given and the rule that
/// gave it, whether turns carry times, and the reader's warnings.
///
/// ```
/// use entretien::analyzer::{Analyzer, SpeakerFilter};
/// use entretien::tables::transcript::TranscriptSummary;
/// use entretien::{Lexicon, Transcript};
///
/// let analyzer = Analyzer::builder().speakers(SpeakerFilter::All).build(&Lexicon::empty()).unwrap();
/// let t = Transcript::from_text("e01", "Je suis seule au bureau.");
/// let summary = TranscriptSummary::of(&analyzer.analyze(&t, &mut analyzer.scratch()));
/// assert_eq!((summary.turns, summary.words.unknown, summary.timed), (1, 5, false));
/// assert!(TranscriptSummary::render(&[summary]).contains("e01"));
/// ```
#[derive(Debug, Clone, PartialEq, Serialize)]
#[non_exhaustive]
pub struct TranscriptSummary {
    /// The document's id.
    pub id: String,
    /// The file it was read from, where known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    /// The format it was read from.
    pub format: Format,
    /// Turns.
    pub turns: usize,
    /// Words of each role.
    pub words: WordsByRole,
    /// Each speaker (label and role) in order of first turn, with its role's rule.
    pub speakers: Vec<SpeakerSummary>,
    /// Whether any turn has a start time.
    pub timed: bool,
    /// The reader's warnings.
    pub warnings: Vec<String>,
}

/// Words of each role in one document.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct WordsByRole {
    /// The interviewer's.
    pub interviewer: u32,
    /// The respondents'.
    pub respondent: u32,
    /// Third parties'.
    pub other: u32,
    /// Speakers of unknown role, and unlabelled text.
    pub unknown: u32,
}

/// A speaker of a [`TranscriptSummary`].
#[derive(Debug, Clone, PartialEq, Serialize)]
#[non_exhaustive]
pub struct SpeakerSummary {
    /// The label or name; `None` for unlabelled text.
    pub name: Option<String>,
    /// The role of the speaker's turns.
    pub role: Role,
    /// The rule that gave the role (see [`crate::transcript::RoleRule`]), where the reader said.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rule: Option<&'static str>,
    /// Turns.
    pub turns: usize,
    /// Words.
    pub words: u32,
}

impl TranscriptSummary {
    /// The summary of an analysed transcript (analyse with every speaker scored, so that words are
    /// counted for all roles).
    pub fn of(analysis: &crate::analysis::DocumentAnalysis<'_>) -> TranscriptSummary {
        let mut summary = TranscriptSummary::empty(analysis.transcript);
        summary.add(analysis);
        summary
    }

    /// The summary of a transcript before its words are counted ([`TranscriptSummary::add`]).
    pub fn empty(t: &Transcript) -> TranscriptSummary {
        TranscriptSummary {
            id: t.id.clone(),
            source: t.source.as_ref().map(|p| p.display().to_string()),
            format: t.format,
            turns: t.turns.len(),
            words: WordsByRole::default(),
            speakers: Vec::new(),
            timed: t.turns.iter().any(|turn| t.turn_start(turn).is_some()),
            warnings: t.warnings.iter().map(|w| w.message.clone()).collect(),
        }
    }

    /// Counts the words and speakers of an analysis of the transcript, or of one of its windows
    /// ([`crate::Analyzer::windows`], added in order).
    pub fn add(&mut self, analysis: &crate::analysis::DocumentAnalysis<'_>) {
        let t = analysis.transcript;
        let (words, speakers) = (&mut self.words, &mut self.speakers);
        let turns = t.turns.get(analysis.first_turn()..).unwrap_or_default();
        for (turn, a) in turns.iter().zip(&analysis.turns) {
            *match turn.role {
                Role::Interviewer => &mut words.interviewer,
                Role::Respondent => &mut words.respondent,
                Role::Other => &mut words.other,
                Role::Unknown => &mut words.unknown,
            } += a.words;
            let name = t.turn_speaker(turn);
            match speakers
                .iter_mut()
                .find(|s| s.name.as_deref() == name && s.role == turn.role)
            {
                Some(s) => {
                    s.turns += 1;
                    s.words += a.words;
                }
                None => speakers.push(SpeakerSummary {
                    name: name.map(str::to_string),
                    role: turn.role,
                    rule: name.and_then(|n| {
                        t.speaker_roles
                            .iter()
                            .find(|r| r.name == n && r.role == turn.role)
                            .map(|r| r.rule.as_str())
                    }),
                    turns: 1,
                    words: a.words,
                }),
            }
        }
    }

    /// Summaries as a text table: a line per document, then its speakers indented, then its
    /// warnings.
    pub fn render(summaries: &[TranscriptSummary]) -> String {
        use std::fmt::Write;
        let mut out = String::new();
        let _ = writeln!(
            out,
            "{:<32} {:<9} {:>6} {:>7} {:>7} {:>6} {:>7} {:<5}",
            "document", "format", "turns", "interv.", "resp.", "other", "unknown", "times"
        );
        for s in summaries {
            let name = match &s.source {
                Some(src) if !src.ends_with(&s.id) && !src.contains(&format!("{}.", s.id)) => {
                    format!("{} ({src})", s.id)
                }
                Some(src) => src.clone(),
                None => s.id.clone(),
            };
            let w = s.words;
            let _ = writeln!(
                out,
                "{name:<32} {:<9} {:>6} {:>7} {:>7} {:>6} {:>7} {:<5}",
                s.format.name(),
                s.turns,
                w.interviewer,
                w.respondent,
                w.other,
                w.unknown,
                if s.timed { "yes" } else { "no" }
            );
            for sp in &s.speakers {
                let _ = writeln!(
                    out,
                    "    {:<28} {:<11} {:<12} {:>5} turns {:>7} words",
                    sp.name.as_deref().unwrap_or("(no label)"),
                    sp.role.as_str(),
                    sp.rule
                        .map_or_else(|| "-".to_string(), |r| format!("({r})")),
                    sp.turns,
                    sp.words
                );
            }
            for w in &s.warnings {
                let _ = writeln!(out, "    warning: {w}");
            }
        }
        out
    }
}
