//! Normalisation of token text: lowercase, apostrophe unification, invisible characters dropped,
//! NFC, optional accent folding.
//!
//! ```
//! use entretien::Normalizer;
//!
//! let normalizer = Normalizer::new();
//! assert_eq!(normalizer.normalize("L’École"), "l'école");
//! assert_eq!(normalizer.normalize("Ecole\u{0301}"), "ecolé"); // NFD input composes
//! assert_eq!(normalizer.normalize("iso\u{AD}lement"), "isolement"); // soft hyphen dropped
//! assert!(matches!(normalizer.normalize("déjà"), std::borrow::Cow::Borrowed(_)));
//!
//! let folding = Normalizer::new().fold_accents(true);
//! assert_eq!(folding.normalize("Numérique"), "numerique");
//! ```
//!
//! Lexicon entries go through the same normaliser as tokens, so both meet in one form.

use std::borrow::Cow;
use unicode_normalization::{is_nfc_quick, IsNormalized, UnicodeNormalization};

/// Normalises token text. Lexicon entries go through the same normaliser.
#[derive(Debug, Clone, Default)]
pub struct Normalizer {
    fold_accents: bool,
}

impl Normalizer {
    /// Lowercase, `’` → `'`, invisible characters (soft hyphen, zero-width characters, byte-order
    /// mark) dropped, NFC; accents kept.
    pub fn new() -> Normalizer {
        Normalizer::default()
    }

    /// Also strips accents (`é` → `e`, `Ç` → `c`) when `yes`.
    pub fn fold_accents(mut self, yes: bool) -> Normalizer {
        self.fold_accents = yes;
        self
    }

    /// Whether accents are stripped.
    pub fn folds_accents(&self) -> bool {
        self.fold_accents
    }

    /// The normalised form of `s`, borrowed when nothing changes.
    pub fn normalize<'a>(&self, s: &'a str) -> Cow<'a, str> {
        if s.is_ascii() {
            if s.bytes().any(|b| b.is_ascii_uppercase()) {
                return Cow::Owned(s.to_ascii_lowercase());
            }
            return Cow::Borrowed(s);
        }
        if self.is_normal(s) {
            return Cow::Borrowed(s);
        }
        let mut out = String::with_capacity(s.len());
        self.normalize_into(s, &mut out);
        Cow::Owned(out)
    }

    /// Appends the normalised form of `s` to `out`, for callers that reuse a buffer.
    pub fn normalize_into(&self, s: &str, out: &mut String) {
        if s.is_ascii() {
            out.extend(s.chars().map(|c| c.to_ascii_lowercase()));
            return;
        }
        let unified =
            s.chars()
                .filter(|&c| !is_invisible(c))
                .map(|c| if is_apostrophe(c) { '\'' } else { c });
        if self.fold_accents {
            for c in unified.flat_map(char::to_lowercase).nfd() {
                if !unicode_normalization::char::is_combining_mark(c) {
                    out.push(c);
                }
            }
        } else {
            out.extend(unified.flat_map(char::to_lowercase).nfc());
        }
    }

    /// Whether `s` (not all ASCII) is already in normal form.
    fn is_normal(&self, s: &str) -> bool {
        let plain = s.chars().all(|c| {
            let changes = c.is_uppercase()
                || is_apostrophe(c)
                || is_invisible(c)
                || (self.fold_accents && !c.is_ascii() && c.is_alphabetic());
            !changes
        });
        plain
            && !(self.fold_accents
                && s.chars()
                    .any(unicode_normalization::char::is_combining_mark))
            && is_nfc_quick(s.chars()) == IsNormalized::Yes
    }
}

fn is_apostrophe(c: char) -> bool {
    matches!(c, '\u{2019}' | '\u{02BC}')
}

/// Characters with no glyph that the normalised form drops: the tokenizer's in-word invisibles
/// (soft hyphen, zero-width space, non-joiner, joiner, word joiner) and the byte-order mark.
fn is_invisible(c: char) -> bool {
    crate::text::tokenize::is_invisible_joiner(c) || c == '\u{FEFF}'
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn forms() {
        let n = Normalizer::new();
        for (input, want) in [
            ("Bonjour", "bonjour"),
            ("aujourd’hui", "aujourd'hui"),
            ("E\u{0301}TAT", "état"),
            ("Œuvre", "œuvre"),
            ("ÇA", "ça"),
        ] {
            assert_eq!(n.normalize(input), want, "{input:?}");
        }
        let f = Normalizer::new().fold_accents(true);
        for (input, want) in [("Été", "ete"), ("e\u{0301}te\u{0301}", "ete"), ("ça", "ca")] {
            assert_eq!(f.normalize(input), want, "{input:?}");
        }
    }

    #[test]
    fn borrowed_when_unchanged() {
        let n = Normalizer::new();
        for s in ["mairie", "déjà", "l'école", "œuvre", ""] {
            assert!(matches!(n.normalize(s), Cow::Borrowed(_)), "{s:?}");
        }
        let f = Normalizer::new().fold_accents(true);
        assert!(matches!(f.normalize("mairie"), Cow::Borrowed(_)));
    }

    #[test]
    fn invisible_characters_dropped() {
        let n = Normalizer::new();
        let f = Normalizer::new().fold_accents(true);
        for (input, want, folded) in [
            ("iso\u{AD}lement", "isolement", "isolement"),
            ("Iso\u{200B}lement", "isolement", "isolement"),
            ("a\u{200C}b\u{200D}c\u{2060}d", "abcd", "abcd"),
            ("\u{FEFF}Été", "été", "ete"),
            ("e\u{AD}\u{301}", "é", "e"),
            ("\u{AD}", "", ""),
        ] {
            assert_eq!(n.normalize(input), want, "{input:?}");
            assert_eq!(f.normalize(input), folded, "folded {input:?}");
            let mut out = String::from(">");
            n.normalize_into(input, &mut out);
            assert_eq!(out, format!(">{want}"), "normalize_into {input:?}");
        }
    }
}
