//! French numbers: ordinal and time suffixes (`1er`, `12h30`) and digit groups (`1 000`). The
//! word scan ([`super::scan`]) reads the digits and asks these rules at each boundary.

use super::rules::{in_list, is_mark, is_word_char};
use super::Tokens;

/// Ordinal suffixes that stay on their number (`1er`, `2e`, `XIXe` aside); other letters after
/// digits are units that split off (`160km` → `160` `km`), as in UD French GSD.
pub(super) const ORDINAL_SUFFIXES: &[&str] = &[
    "e", "er", "re", "ère", "ème", "eme", "es", "ers", "res", "ères", "èmes", "emes", "nd", "nde",
    "nds", "ndes", "d", "de", "ds", "des", "o", "a", "ans",
];

impl<'a> Tokens<'a> {
    /// With letters at `at` right after digits: whether they stay in the token, as an ordinal
    /// suffix (`1er`, `2ème`) or the `h` of a time (`12h30`).
    pub(super) fn suffix_stays_on_number(&self, at: usize) -> bool {
        let bytes = self.bytes();
        if matches!(bytes[at], b'h' | b'H') && bytes.get(at + 1).is_some_and(u8::is_ascii_digit) {
            return true;
        }
        let mut end = at;
        while let Some(c) = self.char_at(end) {
            if !(c.is_alphabetic() || is_mark(c)) || end - at > 12 {
                break;
            }
            end += c.len_utf8();
        }
        !self.char_at(end).is_some_and(is_word_char)
            && in_list(&self.text[at..end], ORDINAL_SUFFIXES)
    }

    /// Whether three digits start at `at` and end a group, after a group of `previous_len` digits.
    pub(super) fn is_digit_group(&self, at: usize, previous_len: usize) -> bool {
        let bytes = self.bytes();
        (1..=3).contains(&previous_len)
            && bytes.len() >= at + 3
            && bytes[at..at + 3].iter().all(u8::is_ascii_digit)
            && !self.char_at(at + 3).is_some_and(is_word_char)
    }
}
