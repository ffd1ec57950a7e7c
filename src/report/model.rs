//! The report as typed data: every figure the page shows, computed by the library, serialisable
//! with serde. [`super::html`] and [`super::plots`] only lay it out.

use crate::aggregate::AggregateSettings;
use crate::classes::chd::Node;
use crate::classes::ClassReport;
use crate::span::Span;
use crate::tables::{CooccurrenceRow, GroupRow, ThemeRow};
use crate::transcript::Role;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// A study's report.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Report {
    /// The page's title.
    pub title: String,
    /// What was read, set apart and used.
    pub corpus: CorpusSection,
    /// Every theme over the corpus, in lexicon order (the rows of `themes.csv`).
    pub themes: Vec<ThemeRow>,
    /// One themes × groups table per `--by` key, in the order given.
    pub heatmaps: Vec<Heatmap>,
    /// The theme profile of the longest interviews.
    pub profiles: Profiles,
    /// Where in the interviews each theme comes up.
    pub progression: Progression,
    /// Every pair of themes over segments (the rows of `cooccurrence.csv`).
    pub cooccurrence: Vec<CooccurrenceRow>,
    /// For each theme (lexicon order), its most characteristic passages.
    pub quotes: Vec<ThemeQuotes>,
    /// Reinert's classes, when asked for.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub classes: Option<ClassesSection>,
    /// What learned coders say, when a model was given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub model: Option<ModelSection>,
}

/// What was read, what was set apart, and the settings, so that a reader can run it again.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct CorpusSection {
    /// Documents read.
    pub documents: u64,
    /// Distinct speakers (label within a document; unlabelled text counts as one speaker).
    pub speakers: u64,
    /// Turns, by speaker role (`interviewer`, `respondent`, `other`, `unknown`).
    pub turns_by_role: BTreeMap<String, u64>,
    /// Words, by speaker role.
    pub words_by_role: BTreeMap<String, u64>,
    /// Words of the scored turns.
    pub words_scored: u64,
    /// Words of the turns set apart (the interviewer's, by default).
    pub words_set_apart: u64,
    /// Documents by format read.
    pub formats: BTreeMap<String, u64>,
    /// Inputs that could not be read, as the run named them (the first 100).
    pub failed: Vec<String>,
    /// How many inputs could not be read.
    pub failed_count: u64,
    /// The settings the counts were made with (lexicon name and fingerprint, analyzer settings,
    /// stop list, entretien's version).
    pub settings: AggregateSettings,
    /// The command line, when the caller gives it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub command: Option<String>,
}

/// Themes × groups for one key: the rows of `groups.csv` (the library's group table).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Heatmap {
    /// The key (a metadata key, or `speaker_role`).
    pub key: String,
    /// The groups drawn, the largest by words when there are more than the page can hold, then in
    /// name order.
    pub groups: Vec<GroupRow>,
    /// How many groups there are in all.
    pub total_groups: usize,
}

/// One interview's theme profile.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct DocumentProfile {
    /// The document's id.
    pub id: String,
    /// Scored words.
    pub words: u32,
    /// Counted hits per 1,000 words of each theme, in lexicon order.
    pub per_1000: Vec<f64>,
    /// Hits of each theme (positive), in lexicon order.
    pub hits: Vec<u32>,
}

/// The theme profiles of the longest interviews (longest first).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Profiles {
    /// The interviews drawn.
    pub documents: Vec<DocumentProfile>,
    /// How many interviews there are.
    pub total_documents: u64,
}

/// Where the hits of one interview fall.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct DocumentProgression {
    /// The document's id.
    pub id: String,
    /// For each theme (lexicon order), the position of each counted hit, as a share of the text
    /// (0 at its start, 1 at its end), in increasing order.
    pub hits: Vec<Vec<f64>>,
    /// The interviewer's turns, as shares of the text (start, end), merged when they touch.
    pub interviewer: Vec<(f64, f64)>,
}

/// Theme progression: in all interviews together (cumulative counts per bin of the text), and
/// in the longest interviews one by one.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Progression {
    /// Bins the text of each interview is cut into.
    pub bins: usize,
    /// For each theme (lexicon order), the counted hits of all interviews up to the end of each bin
    /// (cumulative).
    pub corpus: Vec<Vec<u64>>,
    /// For each bin, the share of its text that is the interviewer's, over all interviews.
    pub interviewer_share: Vec<f64>,
    /// The interviews drawn one by one.
    pub documents: Vec<DocumentProgression>,
    /// How many interviews there are.
    pub total_documents: u64,
}

/// A passage quoted for a theme.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Quote {
    /// The document's id.
    pub document: String,
    /// The speaker, where known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub speaker: Option<String>,
    /// The speaker's role.
    pub role: Role,
    /// The turn's start in the recording, in seconds, where known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start_time: Option<f64>,
    /// The passage (the evidence snippet).
    pub snippet: String,
    /// Byte span of the snippet in the transcript.
    pub span: Span,
    /// The theme's hits inside the snippet, as byte ranges of the snippet, in order.
    pub marks: Vec<Span>,
    /// The indicators of those hits, as written in the lexicon, without repeats.
    pub indicators: Vec<String>,
}

/// A theme's quotes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct ThemeQuotes {
    /// The theme id.
    pub theme: String,
    /// Its label in the lexicon.
    pub label: String,
    /// The passages with the most hits of the theme (at most two per interview).
    pub quotes: Vec<Quote>,
    /// Passages where the theme is denied (negated hits), shown apart.
    pub negated: Vec<Quote>,
}

/// Reinert's classification, trimmed for a page.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct ClassesSection {
    /// Units classified or not.
    pub units: usize,
    /// Units left unclassified.
    pub unclassified: usize,
    /// Active forms.
    pub active_forms: usize,
    /// Classes asked for.
    pub k: usize,
    /// The dendrogram's nodes (0 is the root).
    pub nodes: Vec<Node>,
    /// Each class with its first forms, modalities, themes and typical segments.
    pub classes: Vec<ClassReport>,
}

/// Theme presence as learned coders see it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct ModelSection {
    /// The unit coded.
    pub unit: String,
    /// Units coded.
    pub units: u64,
    /// For each theme of the model: units said present, and units the lexicon codes.
    pub themes: Vec<ModelTheme>,
}

/// One theme's presence by the model and by the lexicon.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct ModelTheme {
    /// The theme id.
    pub theme: String,
    /// Units the learned coder says hold the theme.
    pub present: u64,
    /// Units with a counted hit of the lexicon.
    pub lexicon: u64,
    /// Units both say hold it.
    pub both: u64,
}
