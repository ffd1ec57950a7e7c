//! Theme lexicons (codebooks): themes, entries and their readers.
//!
//! PLACEHOLDER model until issue 3 lands readers and the default lexicon.

use serde::{Deserialize, Serialize};

/// How an entry matches tokens. See `docs/DESIGN.md` for the full semantics.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum EntryKind {
    /// A plain word: matches every token with the same stem (`isolement` finds isolé, isoler).
    Stem,
    /// `=seul`: matches the normalised form exactly.
    Exact,
    /// `isol*`: matches normalised forms starting with the prefix.
    Prefix,
    /// Several words (`perte de sens`): a sequence of tokens, matched on stems.
    Phrase,
}

/// One indicator of a theme.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Entry {
    /// The entry as written (`isol*`, `=seul`, `perte de sens`).
    pub pattern: String,
    pub kind: EntryKind,
    /// Weight of each hit (1.0 by default).
    #[serde(default = "one")]
    pub weight: f64,
    /// For phrases: how many extra tokens may stand between two words of the phrase.
    #[serde(default)]
    pub max_gap: u8,
    /// 1-based line in the source file, where known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub line: Option<usize>,
}

fn one() -> f64 {
    1.0
}

/// A theme of the codebook.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Theme {
    pub id: String,
    #[serde(default)]
    pub label: String,
    #[serde(default)]
    pub definition: String,
    pub entries: Vec<Entry>,
    /// Entries that veto a match of this theme where they occur (`seulement`, `seul le chef`).
    #[serde(default)]
    pub exclusions: Vec<Entry>,
}

/// A codebook: a list of themes.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Lexicon {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    pub themes: Vec<Theme>,
}

impl Entry {
    /// Reads an entry as written in a codebook: `=seul` (exact), `isol*` (prefix),
    /// `perte de sens` (phrase), otherwise a stem entry.
    pub fn parse(pattern: &str) -> Entry {
        let p = pattern.trim();
        let (kind, text) = if let Some(rest) = p.strip_prefix('=') {
            (EntryKind::Exact, rest)
        } else if p.split_whitespace().count() > 1 {
            (EntryKind::Phrase, p)
        } else if let Some(rest) = p.strip_suffix('*') {
            (EntryKind::Prefix, rest)
        } else {
            (EntryKind::Stem, p)
        };
        Entry {
            pattern: text.to_string(),
            kind,
            weight: 1.0,
            max_gap: 0,
            line: None,
        }
    }
}
