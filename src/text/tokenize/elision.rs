//! Elided clitics: `l'`, `qu'`, `jusqu'` split off with their apostrophe, while `aujourd'hui`,
//! `quelqu'un`, `presqu'île` and `l'on` stay whole.

use super::rules::{in_list, is_word_char, prefix_fold};
use super::Tokens;

/// Elided clitics that split off with their apostrophe: `l'`, `qu'`, `jusqu'`…
/// `aujourd'hui`, `presqu'île` or `quelqu'un` are not listed and so stay whole.
pub(super) const ELISIONS: &[&str] = &[
    "l", "d", "j", "m", "n", "s", "t", "c", "ç", "y", "qu", "jusqu", "lorsqu", "puisqu", "quoiqu",
    "presqu",
];

impl<'a> Tokens<'a> {
    /// Whether `start..apostrophe_at` is an elided clitic (`l`, `qu`, `jusqu`) that splits off
    /// with its apostrophe, the rest of the word starting at `after`.
    pub(super) fn is_elision(&self, start: usize, apostrophe_at: usize, after: usize) -> bool {
        let clitic = &self.text[start..apostrophe_at];
        if !in_list(clitic, ELISIONS) {
            return false;
        }
        let rest = &self.text[after..];
        let whole_word_follows = |word: &str| {
            prefix_fold(rest, word)
                .is_some_and(|n| !self.char_at(after + n).is_some_and(is_word_char))
        };
        // `l'on` and `c'est-à-dire` are single tokens in the UD French treebanks.
        let keep_whole = match clitic {
            "l" | "L" => whole_word_follows("on"),
            "c" | "C" => whole_word_follows("est-à-dire"),
            _ => in_list(clitic, &["presqu"]) && whole_word_follows("île"),
        };
        !keep_whole
    }
}
