//! Elided clitics: `l'`, `qu'`, `jusqu'` split off with their apostrophe, while `aujourd'hui`,
//! `quelqu'un`, `presqu'île` and `l'on` stay whole.

use super::rules::{in_list, is_word_char, prefix_fold};
use super::Tokens;

/// Elided clitics that split off with their apostrophe: `l'`, `qu'`, `jusqu'`…
/// `aujourd'hui`, `prud'homme` or `quelqu'un` start with none of them and so stay whole.
pub(super) const ELISIONS: &[&str] = &[
    "l", "d", "j", "m", "n", "s", "t", "c", "ç", "y", "qu", "jusqu", "lorsqu", "puisqu", "quoiqu",
    "presqu",
];

/// Elisions kept whole before these words, as in the UD French treebanks: (clitic, word).
const KEPT_WHOLE: &[(&str, &str)] = &[("l", "on"), ("c", "est-à-dire"), ("presqu", "île")];

/// The elided clitics that the tokenizer splits off a word with their apostrophe, lowercase
/// NFC and without the apostrophe: `l`, `qu`, `jusqu`, `ç`, `y`…
///
/// ```
/// use entretien::text::tokenize::elided_clitics;
/// assert!(elided_clitics().contains(&"jusqu"));
/// assert!(!elided_clitics().contains(&"aujourd"));
/// ```
pub fn elided_clitics() -> &'static [&'static str] {
    ELISIONS
}

/// Whether the elision of `clitic` (one of [`ELISIONS`], any case) stays one token with `rest`,
/// the text after the apostrophe: `l'on`, `c'est-à-dire`, `presqu'île`.
pub(crate) fn stays_whole(clitic: &str, rest: &str) -> bool {
    KEPT_WHOLE.iter().any(|&(entry, word)| {
        clitic.eq_ignore_ascii_case(entry)
            && prefix_fold(rest, word).is_some_and(|n| {
                !rest
                    .get(n..)
                    .and_then(|after| after.chars().next())
                    .is_some_and(is_word_char)
            })
    })
}

impl<'a> Tokens<'a> {
    /// Whether `start..apostrophe_at` is an elided clitic (`l`, `qu`, `jusqu`) that splits off
    /// with its apostrophe, the rest of the word starting at `after`.
    pub(super) fn is_elision(&self, start: usize, apostrophe_at: usize, after: usize) -> bool {
        let clitic = &self.text[start..apostrophe_at];
        in_list(clitic, ELISIONS) && !stays_whole(clitic, &self.text[after..])
    }
}
