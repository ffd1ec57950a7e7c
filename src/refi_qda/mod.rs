//! REFI-QDA exchange: projects (`.qdpx`) and codebooks (`.qdc`) that MAXQDA, NVivo, ATLAS.ti,
//! QDA Miner, QualCoder and others import and export.
//!
//! ```
//! use entretien::refi_qda::{self, CodingUnit, ExportSource, QdpxExport};
//! use entretien::transcript::{parse_str, Format, ReadOptions};
//! use entretien::{Analyzer, Lexicon};
//!
//! let text = "Enquêtrice : Et vous ?\nAgent : Je suis seule 😩 devant l'écran.\n\
//!             Enquêtrice : Et le stress ?\nAgent : Je ne suis pas stressée.\n";
//! let interview = parse_str(text, Format::Plain, "ent01", &ReadOptions::default())?.remove(0);
//! let lexicon = Lexicon::default_french();
//! let analyzer = Analyzer::builder().build(&lexicon)?;
//! let mut scratch = analyzer.scratch();
//! let analysis = analyzer.analyze(&interview, &mut scratch);
//!
//! // Export: one selection per hit, at character (not byte) positions.
//! let mut project = QdpxExport::new(&lexicon).unit(CodingUnit::Hit);
//! project.push(ExportSource::from_analysis(&analysis, CodingUnit::Hit));
//! let qdpx: Vec<u8> = project.to_bytes()?;
//!
//! // Import: the selections come back as byte spans, under the themes' ids.
//! let imported = refi_qda::read_qdpx_bytes(&qdpx)?;
//! let source = &imported.sources[0];
//! let isolation = source.selections.iter().find(|s| s.theme == "isolement").unwrap();
//! assert_eq!(&source.text[isolation.span.range()], "Je suis seule");
//! assert_eq!(isolation.coder.as_deref(), Some("entretien"));
//! // The negated hit is coded under the theme's `nié` code, and reads back as denied.
//! let stress = source.selections.iter().find(|s| s.theme == "charge_de_travail").unwrap();
//! assert!(stress.denied);
//! // The codebook comes back as a lexicon skeleton: themes without entries.
//! assert_eq!(imported.codebook.themes.len(), lexicon.themes.len());
//! assert!(imported.codebook.themes.iter().all(|t| t.entries.is_empty()));
//! # Ok::<(), entretien::Error>(())
//! ```
//!
//! The parts, one concern each: [`positions`] (bytes ↔ Unicode characters, the one conversion),
//! [`guid`] (deterministic GUIDs), [`codebook`] (themes ↔ codes, `.qdc`), [`export`] and
//! [`import`]. The standard (version 1.5) says a text selection runs from its first character,
//! numbered from 0, counted in Unicode code points; its example projects make `endPosition` one past
//! the last character (a 56-character quotation runs from 139 to 195), which is what entretien
//! writes and reads.

pub mod codebook;
pub mod export;
pub mod guid;
pub mod import;
pub mod positions;
mod xml;

pub use codebook::{is_denial_name, read_qdc_str, to_qdc, NEGATED_CODE};
pub use export::{ExportSelection, ExportSource, QdpxExport, SourceCoding};
pub use import::{read_project, read_qdpx, read_qdpx_bytes, ImportedProject};

use serde::{Deserialize, Serialize};
use std::fmt;

/// The namespace of `project.qde`.
pub const PROJECT_NAMESPACE: &str = "urn:QDA-XML:project:1.0";

/// What one exported selection covers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum CodingUnit {
    /// Each hit: the matched words (default).
    #[default]
    Hit,
    /// Each turn with hits.
    Turn,
    /// Each sentence with hits.
    Sentence,
    /// Each segment of about 40 words with hits.
    Segment,
    /// The whole text, once per document.
    Document,
}

impl CodingUnit {
    /// `hit`, `turn`, `sentence`, `segment` or `document`.
    pub fn as_str(self) -> &'static str {
        match self {
            CodingUnit::Hit => "hit",
            CodingUnit::Turn => "turn",
            CodingUnit::Sentence => "sentence",
            CodingUnit::Segment => "segment",
            CodingUnit::Document => "document",
        }
    }
}

impl fmt::Display for CodingUnit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl std::str::FromStr for CodingUnit {
    type Err = crate::Error;

    fn from_str(s: &str) -> crate::Result<CodingUnit> {
        Ok(match s {
            "hit" => CodingUnit::Hit,
            "turn" => CodingUnit::Turn,
            "sentence" => CodingUnit::Sentence,
            "segment" => CodingUnit::Segment,
            "document" => CodingUnit::Document,
            _ => {
                return Err(crate::Error::config(format!(
                    "unknown coding unit {s:?} (expected hit, turn, sentence, segment or document)"
                )))
            }
        })
    }
}
