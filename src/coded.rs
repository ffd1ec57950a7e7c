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

use crate::span::Span;
use serde::{Deserialize, Serialize};

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
