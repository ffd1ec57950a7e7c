//! Groups for comparisons: by a metadata value of each document, or by the speaker role of each turn.
//! Every consumer (aggregates, vocabularies, tables) finds a turn's group here.
//!
//! ```
//! use entretien::group::{GroupBy, MISSING_GROUP};
//! use entretien::Transcript;
//!
//! let mut t = Transcript::from_text("e01", "Bonjour.");
//! t.metadata.insert("service".into(), "accueil".into());
//! assert_eq!(GroupBy::parse("service").group_of(&t, 0), Some("accueil"));
//! assert_eq!(GroupBy::parse("région").group_of(&t, 0), Some(MISSING_GROUP));
//! assert_eq!(GroupBy::parse("speaker_role").group_of(&t, 0), Some("unknown"));
//! assert_eq!(GroupBy::None.group_of(&t, 0), None);
//! ```

use crate::transcript::Transcript;
use serde::{Deserialize, Serialize};

/// The group a document without the grouping key falls in.
pub const MISSING_GROUP: &str = "NA";

/// How documents (or turns) are grouped.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum GroupBy {
    /// No groups.
    #[default]
    None,
    /// By the value of a metadata key (documents without it go to [`MISSING_GROUP`]).
    Metadata(String),
    /// By the speaker role of each turn (interviewer, respondent, other, unknown).
    SpeakerRole,
}

/// How a report names the grouping: `ungrouped`, `grouped by KEY`, `grouped by speaker_role`.
impl std::fmt::Display for GroupBy {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            GroupBy::None => f.write_str("ungrouped"),
            GroupBy::Metadata(key) => write!(f, "grouped by {key}"),
            GroupBy::SpeakerRole => f.write_str("grouped by speaker_role"),
        }
    }
}

impl GroupBy {
    /// `speaker_role` (or `role:speaker`) groups by speaker role; any other name is a metadata key.
    pub fn parse(key: &str) -> GroupBy {
        match key {
            "" => GroupBy::None,
            "speaker_role" | "role:speaker" => GroupBy::SpeakerRole,
            k => GroupBy::Metadata(k.to_string()),
        }
    }

    /// Whether there are no groups.
    pub fn is_none(&self) -> bool {
        matches!(self, GroupBy::None)
    }

    /// Whether a document's turns may fall in different groups.
    pub fn is_per_turn(&self) -> bool {
        matches!(self, GroupBy::SpeakerRole)
    }

    /// The group of a turn of `transcript` (for metadata, the document's group); `None` without
    /// groups.
    pub fn group_of<'t>(&self, transcript: &'t Transcript, turn: usize) -> Option<&'t str> {
        match self {
            GroupBy::None => None,
            GroupBy::Metadata(key) => Some(
                transcript
                    .metadata
                    .get(key)
                    .map_or(MISSING_GROUP, String::as_str),
            ),
            GroupBy::SpeakerRole => Some(
                transcript
                    .turns
                    .get(turn)
                    .map_or(crate::transcript::Role::Unknown, |t| t.role)
                    .as_str(),
            ),
        }
    }
}
