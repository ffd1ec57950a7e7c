//! Normalisation of token text: lowercase, apostrophe unification, NFC, optional accent folding.
//!
//! PLACEHOLDER until issue 2 lands the full normaliser.

use std::borrow::Cow;

/// Normalises token text. Lexicon entries go through the same normaliser.
#[derive(Debug, Clone, Default)]
pub struct Normalizer {
    fold_accents: bool,
}

impl Normalizer {
    pub fn new() -> Normalizer {
        Normalizer::default()
    }

    /// Also strips accents (`é` → `e`) when `yes`.
    pub fn fold_accents(mut self, yes: bool) -> Normalizer {
        self.fold_accents = yes;
        self
    }

    /// The normalised form of `s`, borrowed when nothing changes.
    pub fn normalize<'a>(&self, s: &'a str) -> Cow<'a, str> {
        if s.chars().any(|c| c.is_uppercase() || c == '\u{2019}') {
            Cow::Owned(s.to_lowercase().replace('\u{2019}', "'"))
        } else {
            Cow::Borrowed(s)
        }
    }
}
