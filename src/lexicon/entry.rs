//! One entry of a codebook (`isolement`, `=seul`, `isol*`, `perte de sens`): how it is written and read.

use crate::error::{Error, Result};
use crate::text::normalize::Normalizer;
use serde::{Deserialize, Serialize};

/// How an entry matches tokens. See the [module docs](crate::lexicon) for the full semantics.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
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

impl EntryKind {
    /// The kind's name: `stem`, `exact`, `prefix`, `phrase`.
    pub fn as_str(self) -> &'static str {
        match self {
            EntryKind::Stem => "stem",
            EntryKind::Exact => "exact",
            EntryKind::Prefix => "prefix",
            EntryKind::Phrase => "phrase",
        }
    }
}

/// One indicator of a theme.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Entry {
    /// The entry's text, normalised (lowercase, straight apostrophes, single
    /// spaces) and without its `=` or `*` marker: `isol`, `seul`, `perte de sens`.
    /// [`Entry::to_source`] writes it back with its marker.
    pub pattern: String,
    /// How the entry matches.
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

/// The largest phrase gap accepted.
pub const MAX_GAP: u8 = 8;

/// Normalises entry text as the text pipeline does (NFC, lowercase, straight apostrophes), with
/// single spaces.
pub(crate) fn normalize_pattern(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for word in text.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(&Normalizer::new().normalize(word));
    }
    out
}

/// Splits entry text into words, elided clitics apart: `n'a plus` → `n'`, `a`, `plus`.
fn split_words(text: &str) -> Vec<&str> {
    let mut words = Vec::new();
    for word in text.split_whitespace() {
        let (clitic, rest) = crate::text::stem::split_elision(word);
        if !clitic.is_empty() {
            words.push(clitic);
        }
        words.push(rest);
    }
    words
}

const FORBIDDEN_CHARS: &[char] = &['?', '[', ']', '(', ')', '{', '}', '|', '\\', '"', '^', '$'];

impl Entry {
    /// Reads an entry as written in a codebook: `=seul` (exact), `isol*` (prefix),
    /// `perte de sens` (phrase), otherwise a stem entry.
    ///
    /// Lenient: never fails. Malformed input (`is*ol`, `= perte de sens`) falls
    /// back to the closest reading; use [`Entry::try_parse`] to reject it.
    pub fn parse(pattern: &str) -> Entry {
        if let Ok(entry) = Entry::try_parse(pattern) {
            return entry;
        }
        let p = normalize_pattern(pattern);
        let (kind, text) = if let Some(rest) = p.strip_prefix('=') {
            (EntryKind::Exact, rest.trim().to_string())
        } else if split_words(&p).len() > 1 {
            (EntryKind::Phrase, p.replace('*', ""))
        } else if let Some(rest) = p.strip_suffix('*') {
            (EntryKind::Prefix, rest.replace('*', ""))
        } else {
            (EntryKind::Stem, p.replace('*', ""))
        };
        Entry::new(kind, text)
    }

    /// Reads and validates an entry. Rejects: empty text, `*` anywhere but at the
    /// end of a single word, `=` with a phrase or a wildcard, regex or glob
    /// characters other than a final `*` (`? [ ] ( ) { } | \ " ^ $`), and
    /// words without a letter or digit.
    pub fn try_parse(pattern: &str) -> Result<Entry> {
        Entry::try_parse_at_line(pattern, None)
    }

    /// [`Entry::try_parse`] for an entry read at `line` of a file: the entry
    /// and any error carry the line.
    pub(crate) fn try_parse_at(pattern: &str, line: usize) -> Result<Entry> {
        let mut entry = Entry::try_parse_at_line(pattern, Some(line))?;
        entry.line = Some(line);
        Ok(entry)
    }

    fn try_parse_at_line(pattern: &str, line: Option<usize>) -> Result<Entry> {
        let fail = |msg: &str| Err(Error::lexicon(line, Some(pattern), msg));
        let p = normalize_pattern(pattern);
        if p.is_empty() {
            return fail("empty entry");
        }
        if let Some(c) = p.chars().find(|c| FORBIDDEN_CHARS.contains(c)) {
            return Err(Error::lexicon(
                line,
                Some(pattern),
                format!("unsupported character {c:?} (only a final `*` is a wildcard)"),
            ));
        }
        let (exact, body) = match p.strip_prefix('=') {
            Some(rest) => (true, rest.trim_start()),
            None => (false, p.as_str()),
        };
        if body.is_empty() {
            return fail("empty entry after `=`");
        }
        if body.contains('=') {
            return fail("`=` is only allowed at the start of an entry");
        }
        let words = split_words(body);
        let star_count = body.matches('*').count();
        let kind = if star_count > 0 {
            if exact {
                return fail("`=` (exact) and `*` (prefix) cannot be combined");
            }
            if words.len() > 1 {
                return fail("`*` is not allowed in a phrase (phrase words already match by stem)");
            }
            if star_count > 1 || !body.ends_with('*') {
                return fail("`*` is only allowed once, at the end of a word");
            }
            EntryKind::Prefix
        } else if words.len() > 1 {
            if exact {
                return fail("`=` (exact) applies to a single word, not a phrase");
            }
            EntryKind::Phrase
        } else if exact {
            EntryKind::Exact
        } else {
            EntryKind::Stem
        };
        let text = body.trim_end_matches('*');
        if text.is_empty() {
            return fail("empty prefix before `*`");
        }
        if let Some(w) = split_words(text)
            .into_iter()
            .find(|w| !w.chars().any(char::is_alphanumeric))
        {
            return Err(Error::lexicon(
                line,
                Some(pattern),
                format!("word {w:?} has no letter or digit"),
            ));
        }
        Ok(Entry::new(kind, text.to_string()))
    }

    fn new(kind: EntryKind, pattern: String) -> Entry {
        Entry {
            pattern,
            kind,
            weight: 1.0,
            max_gap: 0,
            line: None,
        }
    }

    /// Sets the weight of each hit.
    pub fn with_weight(mut self, weight: f64) -> Entry {
        self.weight = weight;
        self
    }

    /// Sets the gap allowed between phrase words.
    pub fn with_gap(mut self, gap: u8) -> Entry {
        self.max_gap = gap;
        self
    }

    /// The entry as it is written in a codebook: `=seul`, `isol*`, `perte de sens`.
    pub fn to_source(&self) -> String {
        match self.kind {
            EntryKind::Exact => format!("={}", self.pattern),
            EntryKind::Prefix => format!("{}*", self.pattern),
            EntryKind::Stem | EntryKind::Phrase => self.pattern.clone(),
        }
    }

    /// The words of the entry, elided clitics apart (`n'a plus de sens` →
    /// `n'`, `a`, `plus`, `de`, `sens`); a single word for the other kinds.
    pub fn words(&self) -> Vec<&str> {
        match self.kind {
            EntryKind::Phrase => split_words(&self.pattern),
            _ => vec![self.pattern.as_str()],
        }
    }

    /// Checks weight and gap (the text is checked by [`Entry::try_parse`]).
    pub(crate) fn check_options(&self) -> std::result::Result<(), String> {
        let max = crate::matcher::MAX_WEIGHT;
        if !self.weight.is_finite() || self.weight <= 0.0 || self.weight > max {
            return Err(format!(
                "weight must be a positive number no larger than {max} (weighted scores sum it), \
                 got {}",
                self.weight
            ));
        }
        if self.max_gap > 0 && self.kind != EntryKind::Phrase {
            return Err("`gap` only applies to phrases".to_string());
        }
        if self.max_gap > MAX_GAP {
            return Err(format!("gap {} is larger than {}", self.max_gap, MAX_GAP));
        }
        Ok(())
    }
}
