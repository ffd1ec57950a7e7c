//! A report people read: one self-contained HTML page per study (`entretien report`), made of a
//! typed [`Report`] that the library computes and that [`html::render`] only lays out.
//!
//! ```
//! use entretien::group::GroupBy;
//! use entretien::report::{html, Lang, ReportBuilder, ReportOptions};
//! use entretien::{Analyzer, Lexicon, Transcript};
//!
//! let analyzer = Analyzer::builder().build(&Lexicon::default_french())?;
//! let mut a = Transcript::from_text("ent01", "Je suis seule devant mon écran, isolée.");
//! a.metadata.insert("service".into(), "accueil".into());
//! let mut b = Transcript::from_text("ent02", "On gagne du temps avec le nouveau logiciel.");
//! b.metadata.insert("service".into(), "rh".into());
//!
//! let options = ReportOptions::new().by(GroupBy::parse("service")).title("Étude");
//! let report = ReportBuilder::new(&analyzer, options).build([&a, &b])?;
//! assert_eq!(report.corpus.documents, 2);
//! // The heatmap's cells are the library's group table (`groups.csv`).
//! let accueil = &report.heatmaps[0].groups[0];
//! assert_eq!(accueil.group, "accueil");
//! let isolement = accueil.themes.iter().find(|c| c.theme == "isolement").unwrap();
//! assert!(isolement.per_1000 > 0.0);
//!
//! let page = html::render(&report, Lang::Fr);
//! assert!(page.starts_with("<!DOCTYPE html>"));
//! assert!(page.contains("id=\"heatmap-service\""));
//! # Ok::<(), entretien::Error>(())
//! ```
//!
//! The parts: [`model`] (the typed report), [`collect`] (what each document gives on a worker, summed
//! in input order; the group, theme and co-occurrence tables are [`crate::tables`]' own), [`quotes`]
//! (which passages are quoted), [`svg`] (escaping, colour scales, an SVG writer), [`plots`] (each
//! figure) and [`html`] (the page, in French or English). The page asks for nothing over a network:
//! styles and figures are inline, fonts are the system's.

pub mod collect;
pub mod html;
pub mod model;
pub mod plots;
pub mod quotes;
pub mod svg;

pub use collect::{DocumentPart, ReportBuilder, ReportCollector, ReportState};
pub use model::{
    ClassesSection, CorpusSection, DocumentProfile, DocumentProgression, Heatmap, ModelSection,
    ModelTheme, Profiles, Progression, Quote, Report, ThemeQuotes,
};

use crate::classes::ClassesConfig;
use crate::group::GroupBy;
use serde::{Deserialize, Serialize};

/// The page's language.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    /// French (the default).
    #[default]
    Fr,
    /// English.
    En,
}

impl std::str::FromStr for Lang {
    type Err = crate::Error;

    fn from_str(s: &str) -> crate::Result<Lang> {
        match s.to_ascii_lowercase().as_str() {
            "fr" | "français" | "francais" | "french" => Ok(Lang::Fr),
            "en" | "english" | "anglais" => Ok(Lang::En),
            other => Err(crate::Error::config(format!(
                "unknown language {other:?}: fr or en"
            ))),
        }
    }
}

/// What a report holds and how much of it a page shows.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct ReportOptions {
    /// The page's title.
    pub title: String,
    /// One heatmap per grouping, in this order.
    pub by: Vec<GroupBy>,
    /// Reinert's classification with these settings, when wanted.
    pub classes: Option<ClassesConfig>,
    /// Interviews drawn as theme profiles (the longest in scored words, longest first).
    pub max_profiles: usize,
    /// Interviews drawn one by one in the progression (the longest, likewise).
    pub max_progressions: usize,
    /// Groups drawn in a heatmap (the largest by words when there are more).
    pub max_groups: usize,
    /// Bins of the progression over all interviews.
    pub bins: usize,
    /// The command that made the report, shown with the settings.
    pub command: Option<String>,
}

impl Default for ReportOptions {
    fn default() -> Self {
        ReportOptions {
            title: String::new(),
            by: Vec::new(),
            classes: None,
            max_profiles: 24,
            max_progressions: 12,
            max_groups: 40,
            bins: 20,
            command: None,
        }
    }
}

impl ReportOptions {
    /// The defaults: no grouping, no classes, 24 profiles, 12 progressions, 40 groups.
    pub fn new() -> ReportOptions {
        ReportOptions::default()
    }

    /// Sets the title.
    pub fn title(mut self, title: impl Into<String>) -> Self {
        self.title = title.into();
        self
    }

    /// Adds a grouping (one heatmap).
    pub fn by(mut self, by: GroupBy) -> Self {
        if !by.is_none() && !self.by.contains(&by) {
            self.by.push(by);
        }
        self
    }

    /// Adds Reinert's classification.
    pub fn classes(mut self, config: ClassesConfig) -> Self {
        self.classes = Some(config);
        self
    }

    /// Records the command that made the report.
    pub fn command(mut self, command: impl Into<String>) -> Self {
        self.command = Some(command.into());
        self
    }
}
