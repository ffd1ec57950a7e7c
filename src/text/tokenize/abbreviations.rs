//! Abbreviations, initials and acronyms that keep their period: `M.`, `J.-C.`, `R.E.M.`.

use super::rules::{is_separator, is_word_char};
use super::Tokens;

/// Abbreviations whose final period belongs to the word: `M.`, `Dr.`, `p.` (in `p. ex.`).
/// Compared exactly (case matters: `M.` is *monsieur*, `m.` may end a sentence on *mètres*).
pub(super) const ABBREVIATIONS: &[&str] = &[
    "M", "MM", "Mr", "Mrs", "Mme", "Mmes", "Mlle", "Mlles", "Dr", "Pr", "Me", "Mgr", "St", "Ste",
    "Av", "av", "bd", "Bd", "cf", "Cf", "ex", "p", "pp", "chap", "fig", "éd", "env", "réf", "tél",
    "vs", "Jr", "Sr", "cie", "Cie", "ibid", "op", "cit", "etc", "Etc", "cad", "càd",
];

impl<'a> Tokens<'a> {
    /// With the word `start..end` followed by a period: where the token ends, the period
    /// included for abbreviations (`M.`, `Dr.`), initials (`J.`, `J.-C.`) and acronyms (`R.E.M.`).
    pub(super) fn abbreviation_end(&self, start: usize, end: usize, has_dot: bool) -> usize {
        let word = &self.text[start..end];
        let mut chars = word.chars();
        let initial = matches!((chars.next(), chars.next()), (Some(c), None) if c.is_uppercase());
        let acronym = has_dot
            && word.split('.').all(|part| {
                let mut chars = part.chars();
                chars.next().is_some_and(char::is_alphabetic)
                    && chars.next().map_or(true, char::is_alphabetic)
                    && chars.next().is_none()
            });
        if !(initial || acronym || ABBREVIATIONS.contains(&word)) {
            return end;
        }
        let with_dot = end + 1;
        // The period ends the sentence rather than the abbreviation when no word follows
        // (or, after an initial, no capitalised word).
        let mut next = with_dot;
        // Never beyond the line: line-by-line tokenising must give the same tokens.
        while let Some(c) = self.char_at(next) {
            if !is_separator(c) || c == '\n' {
                break;
            }
            next += c.len_utf8();
        }
        let followed = match self.char_at(next) {
            _ if acronym => true,
            Some(c) if initial => c.is_uppercase() || (c == '-' && next == with_dot),
            Some(c) => is_word_char(c),
            None => false,
        };
        if !followed {
            return end;
        }
        // `J.-C.`: a second initial joined by a hyphen.
        if initial {
            let bytes = self.bytes();
            if bytes.get(with_dot) == Some(&b'-') && bytes.get(with_dot + 2) == Some(&b'.') {
                if let Some(c) = self.char_at(with_dot + 1) {
                    if c.is_ascii_uppercase() {
                        return with_dot + 3;
                    }
                }
            }
        }
        with_dot
    }
}
