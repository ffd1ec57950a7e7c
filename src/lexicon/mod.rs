//! Theme lexicons (codebooks): themes, entries, their match semantics, readers and writers.
//!
//! ```
//! use entretien::lexicon::{EntryKind, Lexicon};
//!
//! let lexicon = Lexicon::from_toml_str(r#"
//! [[theme]]
//! id = "isolement"
//! label = "Isolement"
//! definition = "Le sentiment d'être seul ou coupé du collectif de travail."
//! entries = ["isolement", "=seul", "esseul*", "chacun dans son coin",
//!            { term = "on ne se voit plus", weight = 2 }]
//! exclusions = ["=seulement"]
//! "#)?;
//! let theme = lexicon.theme("isolement").unwrap();
//! let kinds: Vec<EntryKind> = theme.entries.iter().map(|e| e.kind).collect();
//! assert_eq!(kinds, [EntryKind::Stem, EntryKind::Exact, EntryKind::Prefix,
//!                    EntryKind::Phrase, EntryKind::Phrase]);
//! assert_eq!(theme.entries[4].weight, 2.0);
//!
//! // The embedded default codebook for public-sector digital change.
//! assert_eq!(Lexicon::default_french().themes.len(), 14);
//! # Ok::<(), entretien::Error>(())
//! ```
//!
//! # Entries and how they match
//!
//! Every entry and every token is normalised the same way first (lowercase,
//! straight apostrophe, NFC) and elided clitics are split off (`l'écran` is two
//! words, `l'` and `écran`). Then:
//!
//! | written | kind | matches |
//! |---|---|---|
//! | `isolement` | [`EntryKind::Stem`] | every token with the same Snowball stem: *isolé*, *isolées*, *isoler*, *isolement* |
//! | `=seul` | [`EntryKind::Exact`] | the normalised form exactly: *seul*, not *seule*, not *seulement* |
//! | `isol*` | [`EntryKind::Prefix`] | every normalised form starting with `isol` (LIWC style; on forms, not stems) |
//! | `perte de sens` | [`EntryKind::Phrase`] | the sequence of words, each compared by stem: *pertes de sens* |
//!
//! Use an exact form where a stem over-reaches: `seulement` stems to `seul`, and
//! `isolation` (thermal insulation) stems to `isol` like `isolement`.
//!
//! **Phrases.** Two or more words (an elided clitic counts as a word). Each word
//! matches by stem, except function words, which match any variant of their
//! group ([`function_word_variants`]): `de` matches *de, du, des, d'*; `le`
//! matches *le, la, les, l'*; `son` matches *son, sa, ses*… so `perte de sens`
//! also finds *perte du sens*. A phrase may allow a gap: with `gap = 2`, up to two
//! extra tokens may stand between consecutive words (`gain de temps` finds *gain
//! de temps énorme*, and with a gap *gain de beaucoup de temps*). Negation cues
//! inside a phrase belong to the phrase: `n'a plus de sens` and `ne se parle
//! plus` are positive hits of their theme, never negated by their own `ne`.
//!
//! **Precedence.** A token counts at most once per theme. Where several entries of
//! one theme cover the same token, the longest phrase wins, then an exact entry
//! beats a stem entry, which beats a wildcard; the winning entry's weight is used.
//!
//! **Weights.** Each hit counts the entry's `weight` (1 by default).
//!
//! **Exclusions.** A theme's exclusions are entries of the same kinds. Where an
//! exclusion matches, it vetoes every match of its theme that overlaps it:
//! `=seulement` stops `seul` (a stem entry) from counting *seulement*, and `seul
//! le chef` stops *seul* there. Write exclusions as exact forms or phrases: a stem
//! exclusion with the same stem as an entry would veto the entry everywhere
//! (`entretien lexicon check` warns about it).
//!
//! # File formats
//!
//! - **Native TOML** (`.toml`, [`native`]): one `[[theme]]` table per theme with
//!   `id`, `label`, `definition`, `entries` and `exclusions`. An entry is a string
//!   written as in the table above, or an inline table
//!   `{ term = "perte de sens", weight = 2, gap = 1 }`. Errors give the line.
//! - **LIWC** (`.dic`, [`liwc`]): categories between `%` lines, then one entry
//!   per line followed by category ids. In LIWC a plain word is an exact form, so
//!   plain words import as [`EntryKind::Exact`] (see [`PlainWords`]); `word*` is a
//!   prefix and a line with several words is a phrase.
//! - **quanteda YAML** (`.yml`, `.yaml`, [`yaml`]): nested keys become dotted
//!   theme ids (`travail.isolement`); `*` globs are prefixes, plain words exact.
//!
//! [`Lexicon::to_toml`] writes the native format losslessly; [`Lexicon::to_dic`]
//! writes LIWC, which cannot hold definitions, weights, gaps, exclusions or stem
//! semantics (stem entries are written as plain words).

pub mod check;
pub mod default;
pub mod liwc;
pub mod native;
pub mod yaml;

mod entry;
pub use check::{DicLosses, LexiconCheck};
pub use entry::{Entry, EntryKind, MAX_GAP};

use crate::error::{Error, Result};
use serde::{Deserialize, Serialize};
use std::fmt;
use std::path::Path;

/// A theme of the codebook: build one with [`Theme::new`] and its `with_*` methods.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Theme {
    /// Identifier used in reports (`isolement`, `travail.isolement`).
    pub id: String,
    /// Short human-readable name.
    #[serde(default)]
    pub label: String,
    /// One-sentence definition: what counts as this theme.
    #[serde(default)]
    pub definition: String,
    /// Indicators of the theme.
    pub entries: Vec<Entry>,
    /// Entries that veto a match of this theme where they occur (`seulement`, `seul le chef`).
    #[serde(default)]
    pub exclusions: Vec<Entry>,
    /// What a negated mention of the theme means: a denial (the default) or still the topic.
    #[serde(default, skip_serializing_if = "ThemeNegation::is_default")]
    pub negation: ThemeNegation,
}

/// What a negated mention of a theme means, set per theme (`negation = "topic"` in TOML).
///
/// Some themes name a state that a speaker can deny: « je ne me sens pas isolée » says that isolation
/// is absent. Others name a topic that the speaker judges either way: « ça ne nous a pas fait gagner
/// de temps » still speaks of efficiency, and a coder codes it so when the theme's definition covers
/// the contrary (« gains de temps … (ou leur contraire) »).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ThemeNegation {
    /// A negated mention denies the theme: counted apart as `negated`, left out of the score under
    /// the default [`crate::NegationMode`].
    #[default]
    Denies,
    /// A negated mention still expresses the theme: it counts as a hit, marked `contrary` in its
    /// evidence.
    Topic,
}

impl ThemeNegation {
    fn is_default(&self) -> bool {
        *self == ThemeNegation::Denies
    }

    /// The name used in lexicon files.
    pub fn as_str(self) -> &'static str {
        match self {
            ThemeNegation::Denies => "denies",
            ThemeNegation::Topic => "topic",
        }
    }
}

/// A codebook: a list of themes.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Lexicon {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    /// The lexicon's name, where it has one.
    pub name: Option<String>,
    /// Its themes, in order.
    pub themes: Vec<Theme>,
}

/// A problem that does not stop a lexicon from loading (a duplicate entry, say).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Warning {
    /// 1-based line, where known.
    pub line: Option<usize>,
    /// The entry concerned, where there is one.
    pub entry: Option<String>,
    /// What is wrong.
    pub message: String,
}

impl Warning {
    pub(crate) fn new(
        line: Option<usize>,
        entry: Option<&str>,
        message: impl Into<String>,
    ) -> Warning {
        Warning {
            line,
            entry: entry.map(str::to_string),
            message: message.into(),
        }
    }
}

impl fmt::Display for Warning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(line) = self.line {
            write!(f, "line {}: ", line)?;
        }
        if let Some(entry) = &self.entry {
            write!(f, "entry {:?}: ", entry)?;
        }
        f.write_str(&self.message)
    }
}

/// A loaded lexicon with the warnings its reader raised.
#[derive(Debug, Clone, PartialEq)]
pub struct LoadReport {
    /// The lexicon read.
    pub lexicon: Lexicon,
    /// What was read with a warning.
    pub warnings: Vec<Warning>,
}

/// A lexicon file format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum LexiconFormat {
    /// entretien's native TOML.
    Toml,
    /// LIWC `.dic`.
    Dic,
    /// quanteda YAML dictionary.
    Yaml,
    /// REFI-QDA codebook (`.qdc`): read as a skeleton (themes without entries), written from the
    /// themes' ids and definitions ([`crate::refi_qda::codebook`]).
    Qdc,
}

impl LexiconFormat {
    /// The format a file extension names (`.toml`, `.dic`, `.yml`, `.yaml`, `.qdc`; case ignored).
    pub fn from_path(path: &Path) -> Option<LexiconFormat> {
        let ext = path.extension()?.to_str()?;
        LexiconFormat::from_name(ext)
    }

    /// The format for a name: `toml`, `dic`/`liwc`, `yaml`/`yml`, `qdc` (case ignored).
    pub fn from_name(name: &str) -> Option<LexiconFormat> {
        match name.to_ascii_lowercase().as_str() {
            "toml" => Some(LexiconFormat::Toml),
            "dic" | "liwc" => Some(LexiconFormat::Dic),
            "yml" | "yaml" => Some(LexiconFormat::Yaml),
            "qdc" => Some(LexiconFormat::Qdc),
            _ => None,
        }
    }

    /// `toml`, `dic`, `yaml` or `qdc`.
    pub fn as_str(self) -> &'static str {
        match self {
            LexiconFormat::Toml => "toml",
            LexiconFormat::Dic => "dic",
            LexiconFormat::Yaml => "yaml",
            LexiconFormat::Qdc => "qdc",
        }
    }
}

impl fmt::Display for LexiconFormat {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The names of [`LexiconFormat::from_name`].
impl std::str::FromStr for LexiconFormat {
    type Err = Error;

    fn from_str(s: &str) -> Result<LexiconFormat> {
        LexiconFormat::from_name(s).ok_or_else(|| {
            Error::config(format!(
                "unknown lexicon format {s:?} (expected toml, dic, yaml or qdc)"
            ))
        })
    }
}

/// How single plain words of imported dictionaries (LIWC, quanteda) are read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum PlainWords {
    /// As exact forms: the semantics of LIWC and quanteda (default).
    #[default]
    Exact,
    /// As stem entries: for dictionaries written for a stemming pipeline.
    Stem,
}

impl PlainWords {
    /// `exact` or `stem`.
    pub fn as_str(self) -> &'static str {
        match self {
            PlainWords::Exact => "exact",
            PlainWords::Stem => "stem",
        }
    }
}

impl fmt::Display for PlainWords {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// `exact` or `stem` (`stems` too).
impl std::str::FromStr for PlainWords {
    type Err = Error;

    fn from_str(s: &str) -> Result<PlainWords> {
        match s {
            "exact" => Ok(PlainWords::Exact),
            "stem" | "stems" => Ok(PlainWords::Stem),
            _ => Err(Error::config(format!(
                "unknown plain-word reading {s:?} (expected exact or stem)"
            ))),
        }
    }
}

/// Options for [`Lexicon::load_with`].
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct LoadOptions {
    /// The format; `None` picks it from the file extension.
    pub format: Option<LexiconFormat>,
    /// How plain words of LIWC and YAML dictionaries are read.
    pub plain_words: PlainWords,
}

/// The variants a function word matches inside a phrase: `de` → *de, du, des,
/// d'*; `la` → *le, la, les, l'*. `None` for other words, which match by stem.
/// The groups are defined once, in [`crate::text::function_words`].
///
/// ```
/// use entretien::lexicon::function_word_variants;
/// assert_eq!(function_word_variants("du"), Some(&["de", "du", "des", "d'"][..]));
/// assert_eq!(function_word_variants("l'"), Some(&["le", "la", "les", "l'"][..]));
/// assert_eq!(function_word_variants("sens"), None);
/// ```
pub use crate::text::function_words::variants as function_word_variants;

impl Theme {
    /// A theme with this id and nothing else (no label, definition, entries or exclusions).
    pub fn new(id: impl Into<String>) -> Theme {
        Theme {
            id: id.into(),
            label: String::new(),
            definition: String::new(),
            entries: Vec::new(),
            exclusions: Vec::new(),
            negation: ThemeNegation::Denies,
        }
    }

    /// Sets the human-readable name.
    pub fn with_label(mut self, label: impl Into<String>) -> Theme {
        self.label = label.into();
        self
    }

    /// Sets the definition.
    pub fn with_definition(mut self, definition: impl Into<String>) -> Theme {
        self.definition = definition.into();
        self
    }

    /// Adds entries, each read by [`Entry::parse`] (`=seul`, `isol*`, `perte de sens`).
    pub fn with_entries<I, S>(mut self, entries: I) -> Theme
    where
        I: IntoIterator<Item = S>,
        S: AsRef<str>,
    {
        self.entries
            .extend(entries.into_iter().map(|e| Entry::parse(e.as_ref())));
        self
    }

    /// Sets what a negated mention of the theme means.
    pub fn with_negation(mut self, negation: ThemeNegation) -> Theme {
        self.negation = negation;
        self
    }

    /// Adds exclusions, each read by [`Entry::parse`].
    pub fn with_exclusions<I, S>(mut self, exclusions: I) -> Theme
    where
        I: IntoIterator<Item = S>,
        S: AsRef<str>,
    {
        self.exclusions
            .extend(exclusions.into_iter().map(|e| Entry::parse(e.as_ref())));
        self
    }
}

impl Lexicon {
    /// A lexicon of these themes, without a name.
    pub fn new(themes: Vec<Theme>) -> Lexicon {
        Lexicon { name: None, themes }
    }

    /// A lexicon without themes (for vocabularies and concordances of words only).
    pub fn empty() -> Lexicon {
        Lexicon::default()
    }

    /// A fingerprint of the lexicon's content (themes, entries, exclusions, weights, gaps), stable
    /// across runs and platforms: aggregates made with different lexicons refuse to merge.
    pub fn fingerprint(&self) -> String {
        // FNV-1a over a canonical rendering: simple, stable, and enough to tell lexicons apart.
        let mut h: u64 = 0xcbf2_9ce4_8422_2325;
        let mut eat = |bytes: &[u8]| {
            for &b in bytes {
                h ^= u64::from(b);
                h = h.wrapping_mul(0x0100_0000_01b3);
            }
            h ^= 0xff;
            h = h.wrapping_mul(0x0100_0000_01b3);
        };
        for theme in &self.themes {
            eat(theme.id.as_bytes());
            if theme.negation != ThemeNegation::Denies {
                eat(theme.negation.as_str().as_bytes());
            }
            for (tag, list) in [(b"+", &theme.entries), (b"-", &theme.exclusions)] {
                for e in list {
                    eat(tag);
                    eat(e.to_source().as_bytes());
                    eat(&e.weight.to_bits().to_le_bytes());
                    eat(&[e.max_gap]);
                }
            }
        }
        format!("{h:016x}")
    }

    /// The theme with this id.
    pub fn theme(&self, id: &str) -> Option<&Theme> {
        self.themes.iter().find(|t| t.id == id)
    }

    /// The theme ids, in order.
    pub fn theme_ids(&self) -> impl Iterator<Item = &str> {
        self.themes.iter().map(|t| t.id.as_str())
    }

    /// Total number of entries (exclusions not counted).
    pub fn entry_count(&self) -> usize {
        self.themes.iter().map(|t| t.entries.len()).sum()
    }

    /// The embedded default French codebook (public-sector work and digital change).
    pub fn default_french() -> Lexicon {
        default::default_french()
    }

    /// Reads the native TOML format.
    pub fn from_toml_str(text: &str) -> Result<Lexicon> {
        native::parse(text).map(|r| r.lexicon)
    }

    /// Reads a LIWC `.dic` dictionary (plain words as exact forms), with warnings.
    pub fn from_dic_str(text: &str) -> Result<LoadReport> {
        liwc::parse(text, PlainWords::Exact)
    }

    /// Reads a quanteda YAML dictionary (plain words as exact forms), with warnings.
    pub fn from_yaml_str(text: &str) -> Result<LoadReport> {
        yaml::parse(text, PlainWords::Exact)
    }

    /// Reads a lexicon from text in the given format, with warnings.
    pub fn parse_str(
        text: &str,
        format: LexiconFormat,
        plain_words: PlainWords,
    ) -> Result<LoadReport> {
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        match format {
            LexiconFormat::Toml => native::parse(text),
            LexiconFormat::Dic => liwc::parse(text, plain_words),
            LexiconFormat::Yaml => yaml::parse(text, plain_words),
            LexiconFormat::Qdc => crate::refi_qda::read_qdc_str(text),
        }
    }

    /// Loads a lexicon file, picking the format from its extension.
    pub fn from_path(path: impl AsRef<Path>) -> Result<Lexicon> {
        Lexicon::load(path).map(|r| r.lexicon)
    }

    /// Loads a lexicon file, picking the format from its extension, with warnings.
    pub fn load(path: impl AsRef<Path>) -> Result<LoadReport> {
        Lexicon::load_with(path, LoadOptions::default())
    }

    /// Loads a lexicon file with options. Errors name the file.
    pub fn load_with(path: impl AsRef<Path>, options: LoadOptions) -> Result<LoadReport> {
        let path = path.as_ref();
        let format = match options.format.or_else(|| LexiconFormat::from_path(path)) {
            Some(f) => f,
            None => {
                return Err(Error::lexicon(
                    None,
                    None,
                    "unknown lexicon format: expected a .toml, .dic, .yml or .yaml file",
                )
                .with_path(path))
            }
        };
        let bytes = std::fs::read(path).map_err(|e| Error::io(Some(path), e))?;
        let text = String::from_utf8(bytes)
            .map_err(|e| Error::invalid_utf8(e.utf8_error().valid_up_to()).with_path(path))?;
        Lexicon::parse_str(&text, format, options.plain_words).map_err(|e| e.with_path(path))
    }

    /// Checks the invariants every reader guarantees: non-empty unique theme ids
    /// without whitespace, at least one entry per theme, valid entries, weights
    /// and gaps. For lexicons built in code.
    pub fn validate(&self) -> Result<()> {
        let mut seen = std::collections::HashSet::new();
        for theme in &self.themes {
            check_theme_id(&theme.id).map_err(|m| Error::lexicon(None, None, m))?;
            if !seen.insert(theme.id.as_str()) {
                return Err(Error::lexicon(
                    None,
                    None,
                    format!("duplicate theme id {:?}", theme.id),
                ));
            }
            if theme.entries.is_empty() {
                return Err(Error::lexicon(
                    None,
                    None,
                    format!("theme {:?} has no entries", theme.id),
                ));
            }
            for entry in theme.entries.iter().chain(&theme.exclusions) {
                let source = entry.to_source();
                let reparsed = Entry::try_parse(&source)
                    .map_err(|_| Error::lexicon(entry.line, Some(&source), "invalid entry"))?;
                if reparsed.kind != entry.kind || reparsed.pattern != entry.pattern {
                    return Err(Error::lexicon(
                        entry.line,
                        Some(&source),
                        format!(
                            "pattern does not read back as a {} entry",
                            entry.kind.as_str()
                        ),
                    ));
                }
                entry
                    .check_options()
                    .map_err(|m| Error::lexicon(entry.line, Some(&source), m))?;
            }
        }
        Ok(())
    }

    /// Writes the native TOML format (lossless).
    pub fn to_toml(&self) -> String {
        native::write(self)
    }

    /// Writes a LIWC `.dic` dictionary. Lossy: labels become category names;
    /// definitions, weights, gaps and exclusions are dropped, and stem entries
    /// are written as plain words (which LIWC reads as exact forms).
    pub fn to_dic(&self) -> String {
        liwc::write(self)
    }
}

/// Theme ids: non-empty, no whitespace, no `%`, `"` or `#`.
pub(crate) fn check_theme_id(id: &str) -> std::result::Result<(), String> {
    if id.trim().is_empty() {
        return Err("empty theme id".to_string());
    }
    if let Some(c) = id
        .chars()
        .find(|c| c.is_whitespace() || matches!(c, '%' | '"' | '#'))
    {
        return Err(format!("theme id {id:?} contains {c:?}"));
    }
    Ok(())
}

/// Removes repeated entries (same kind and text) inside each theme's entries and
/// exclusions, keeping the first, and reports each removal.
pub(crate) fn dedupe_entries(lexicon: &mut Lexicon, warnings: &mut Vec<Warning>) {
    for theme in &mut lexicon.themes {
        for (list, what) in [
            (&mut theme.entries, "entry"),
            (&mut theme.exclusions, "exclusion"),
        ] {
            let mut seen: std::collections::HashMap<(EntryKind, String), Option<usize>> =
                std::collections::HashMap::new();
            list.retain(|e| {
                let key = (e.kind, e.pattern.clone());
                if let Some(first) = seen.get(&key) {
                    let at = first
                        .map(|l| format!(" (first on line {l})"))
                        .unwrap_or_default();
                    warnings.push(Warning::new(
                        e.line,
                        Some(&e.to_source()),
                        format!("duplicate {what} in theme {:?}{at}; kept once", theme.id),
                    ));
                    false
                } else {
                    seen.insert(key, e.line);
                    true
                }
            });
        }
    }
}

/// The 1-based line of a byte offset in `text`.
pub(crate) fn line_of(text: &str, offset: usize) -> usize {
    let end = offset.min(text.len());
    text.as_bytes()[..end]
        .iter()
        .filter(|&&b| b == b'\n')
        .count()
        + 1
}
