//! The counting rules, defined once: which tokens are words, what a hit counts under each
//! [`NegationMode`], and rates per 1,000 words. Every score, aggregate and table uses them.
//!
//! ```
//! use entretien::counting::{per_1000, NegationMode};
//!
//! // 3 positive hits and 1 negated hit in 8 words.
//! assert_eq!(NegationMode::Exclude.counted(3, 1), 3);
//! assert_eq!(NegationMode::Count.counted(3, 1), 4);
//! assert_eq!(NegationMode::Subtract.counted(3, 1), 2);
//! assert_eq!(per_1000(NegationMode::Count.counted(3, 1), 8), 500.0);
//! ```
//!
//! * **Words** are the countable tokens ([`TokenKind::is_countable`]: words, numbers, truncated
//!   words), so punctuation, fillers and annotations do not dilute rates. Scores, vocabularies and
//!   keyness all count these.
//! * **Hits**: `hits` and `negated` always report the positive and the negated hits apart; the
//!   mode decides what the score counts ([`NegationMode::counted`]) and weighs
//!   ([`NegationMode::weight`]). Under `subtract` a count may be negative (more denials than
//!   mentions); keyness, which needs counts, takes it as 0.
//! * **Rates**: [`per_1000`], counted hits per 1,000 words, 0 for no words.

use crate::text::tokenize::TokenKind;
use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

/// What negated hits do to the score.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum NegationMode {
    /// Negated hits are reported apart and left out of the score (the default).
    #[default]
    Exclude,
    /// Negated hits count like the others (negation is still reported).
    Count,
    /// Negated hits are subtracted from the score.
    Subtract,
}

impl NegationMode {
    /// The hits the score counts, given the positive and the negated ones.
    pub fn counted(self, hits: u64, negated: u64) -> i64 {
        let (hits, negated) = (hits as i64, negated as i64);
        match self {
            NegationMode::Exclude => hits,
            NegationMode::Count => hits + negated,
            NegationMode::Subtract => hits - negated,
        }
    }

    /// Whether a hit marks its segment as coded (and its document as coded).
    pub fn codes(self, negated: bool) -> bool {
        !negated || self == NegationMode::Count
    }

    /// What one hit of weight `weight` adds to the weighted score.
    pub fn weight(self, negated: bool, weight: f64) -> f64 {
        match (self, negated) {
            (NegationMode::Exclude, true) => 0.0,
            (NegationMode::Subtract, true) => -weight,
            _ => weight,
        }
    }

    /// `exclude`, `count` or `subtract`.
    pub fn as_str(self) -> &'static str {
        match self {
            NegationMode::Exclude => "exclude",
            NegationMode::Count => "count",
            NegationMode::Subtract => "subtract",
        }
    }
}

impl fmt::Display for NegationMode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for NegationMode {
    type Err = crate::Error;

    fn from_str(s: &str) -> crate::Result<NegationMode> {
        match s {
            "exclude" => Ok(NegationMode::Exclude),
            "count" => Ok(NegationMode::Count),
            "subtract" => Ok(NegationMode::Subtract),
            _ => Err(crate::Error::config(format!(
                "unknown negation mode {s:?} (expected exclude, count or subtract)"
            ))),
        }
    }
}

/// Whether a token counts as a word in rates and vocabularies.
pub fn is_word(kind: TokenKind) -> bool {
    kind.is_countable()
}

/// A count per 1,000 words (0 when there are no words).
pub fn per_1000(count: i64, words: u64) -> f64 {
    if words == 0 {
        0.0
    } else {
        count as f64 * 1000.0 / words as f64
    }
}
