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

/// Whether the documents of a run carry the metadata key that a grouping needs: every document is
/// counted with [`KeyCoverage::add`] (on any thread; [`KeyCoverage::merge`] the parts), and
/// [`KeyCoverage::check`] says at the end whether some lack it (a warning) or all do (an error).
///
/// ```
/// use entretien::group::{GroupBy, KeyCoverage};
/// use entretien::Transcript;
///
/// let by = GroupBy::parse("service");
/// let mut with = Transcript::from_text("a", "…");
/// with.metadata.insert("service".into(), "accueil".into());
/// let without = Transcript::from_text("b", "…");
/// let mut seen = KeyCoverage::default();
/// seen.add(&by, &with);
/// seen.add(&by, &without);
/// assert_eq!(seen.check(&by).unwrap().unwrap(), "1 of 2 documents have no `service`: they are grouped as NA");
/// let mut none = KeyCoverage::default();
/// none.add(&by, &without);
/// assert!(none.check(&by).is_err());
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct KeyCoverage {
    documents: u64,
    missing: u64,
    /// Keys the documents without the key have instead (a few), for the error's advice.
    others: std::collections::BTreeSet<String>,
}

/// How many other keys an error lists.
const KEYS_SHOWN: usize = 12;

impl KeyCoverage {
    /// Counts one document.
    pub fn add(&mut self, by: &GroupBy, transcript: &Transcript) {
        let GroupBy::Metadata(key) = by else {
            return;
        };
        self.documents += 1;
        if !transcript.metadata.contains_key(key) {
            self.missing += 1;
            for k in transcript.metadata.keys() {
                if self.others.len() >= KEYS_SHOWN {
                    break;
                }
                self.others.insert(k.clone());
            }
        }
    }

    /// Adds another part's counts.
    pub fn merge(&mut self, other: KeyCoverage) {
        self.documents += other.documents;
        self.missing += other.missing;
        for k in other.others {
            if self.others.len() < KEYS_SHOWN {
                self.others.insert(k);
            }
        }
    }

    /// `Ok(None)` when every document has the key (or there is no key), `Ok(Some(warning))` when
    /// some lack it, and an error when none of at least one document has it: the groups would be
    /// one `NA`, which is never what was asked.
    pub fn check(&self, by: &GroupBy) -> crate::Result<Option<String>> {
        let GroupBy::Metadata(key) = by else {
            return Ok(None);
        };
        if self.missing == 0 {
            return Ok(None);
        }
        if self.missing < self.documents {
            return Ok(Some(format!(
                "{} of {} documents have no `{key}`: they are grouped as {MISSING_GROUP}",
                self.missing, self.documents
            )));
        }
        let mut message = format!("no document has the metadata key `{key}` to group by");
        if self.others.is_empty() {
            message.push_str(" (they have no metadata at all)");
        } else {
            let keys: Vec<&str> = self.others.iter().map(String::as_str).collect();
            message.push_str(&format!("; keys found: {}", keys.join(", ")));
        }
        if matches!(
            key.as_str(),
            "role" | "speaker" | "speakers" | "locuteur" | "role_locuteur"
        ) {
            message.push_str("; to group the turns by speaker role, use --by speaker_role");
        }
        message.push_str(
            "; metadata can also come from a table beside the files (--metadata FILE.csv)",
        );
        Err(crate::Error::config(message))
    }
}
