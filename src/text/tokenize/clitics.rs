//! Inverted clitics that split off a verb with their hyphen: `dit` `-il`, `a` `-t-elle`,
//! `est` `-ce`, `moment` `-là`, and `sais -tu` written apart.

use super::rules::{in_list, is_hyphen, is_mark, is_separator, is_word_char};
use super::Tokens;

/// Pronouns that split off a verb with their hyphen: `dit` `-il`, `pensez` `-vous`.
/// `-ce`, `-ci`, `-là` and `-chose` follow the UD French treebanks (`est` `-ce`, `moment` `-là`).
pub(super) const INVERTED_CLITICS: &[&str] = &[
    "je", "tu", "il", "elle", "on", "nous", "vous", "ils", "elles", "moi", "toi", "le", "la",
    "les", "lui", "leur", "y", "en", "ce", "ci", "là", "chose",
];

/// Hyphenated words that end like an inverted clitic but stay whole.
pub(super) const KEEP_WHOLE: &[&str] = &[
    "rendez-vous",
    "celui-ci",
    "celle-ci",
    "ceux-ci",
    "celles-ci",
    "chez-moi",
    "chez-soi",
    "chez-nous",
    "chez-vous",
    "là-ci",
];

impl<'a> Tokens<'a> {
    /// Where the inverted clitics at the end of the hyphenated word `start..end` begin
    /// (`end` when there are none): `dit-il` → 3, `donne-le-moi` → 5.
    pub(super) fn clitics_split(&self, start: usize, end: usize) -> usize {
        let word = &self.text[start..end];
        if in_list(word, KEEP_WHOLE) {
            return end;
        }
        let mut split = end;
        loop {
            // Clitics are short: look back a few bytes only, so long compounds cost nothing.
            let mut window_start = split.saturating_sub(12).max(start);
            while !self.text.is_char_boundary(window_start) {
                window_start += 1;
            }
            let Some(window) = self.text.get(window_start..split) else {
                break;
            };
            let Some((offset, hyphen)) = window.char_indices().rev().find(|&(_, c)| is_hyphen(c))
            else {
                break;
            };
            let hyphen_at = window_start + offset;
            let clitic = &self.text[hyphen_at + hyphen.len_utf8()..split];
            if !in_list(clitic, INVERTED_CLITICS) {
                break;
            }
            let mut new_split = hyphen_at;
            // Euphonic t: `a-t-il`.
            let bytes = self.bytes();
            if hyphen_at >= start + 3
                && matches!(bytes[hyphen_at - 1], b't' | b'T')
                && bytes[hyphen_at - 2] == b'-'
            {
                new_split = hyphen_at - 2;
            }
            if new_split <= start || !self.char_before(new_split).is_some_and(char::is_alphabetic) {
                break;
            }
            split = new_split;
        }
        split
    }

    /// `sais -tu`: an inverted clitic written apart from its verb, starting at the hyphen `start`.
    pub(super) fn detached_clitic_end(&self, start: usize) -> Option<usize> {
        if !self.char_before(start).map_or(true, is_separator) {
            return None;
        }
        let mut end = start + 1;
        let bytes = self.bytes();
        if matches!(bytes.get(end), Some(b't' | b'T')) && bytes.get(end + 1) == Some(&b'-') {
            end += 2;
        }
        let word_start = end;
        while let Some(c) = self.char_at(end) {
            if !(c.is_alphabetic() || is_mark(c)) || end - word_start > 12 {
                break;
            }
            end += c.len_utf8();
        }
        let clitic = &self.text[word_start..end];
        let boundary = !self
            .char_at(end)
            .is_some_and(|c| is_word_char(c) || is_hyphen(c));
        (boundary && !clitic.is_empty() && in_list(clitic, INVERTED_CLITICS)).then_some(end)
    }

    /// End of the inverted clitic starting (with its hyphen) at `start`; `-t-` goes with the next one.
    pub(super) fn clitic_end(&self, start: usize) -> usize {
        let bytes = self.bytes();
        let find_hyphen = |from: usize| {
            let mut i = from;
            while i < self.clitics_end {
                match self.char_at(i) {
                    Some(c) if is_hyphen(c) => return i,
                    Some(c) => i += c.len_utf8(),
                    None => break,
                }
            }
            self.clitics_end
        };
        let first = self.char_at(start).map_or(1, char::len_utf8);
        let end = find_hyphen(start + first);
        if end == start + first + 1 && matches!(bytes[start + first], b't' | b'T') {
            return find_hyphen(end + 1);
        }
        end
    }
}
