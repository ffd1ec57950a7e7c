//! Transcription marks in parentheses or brackets: `(rires)`, `[inaudible]`, `(...)`.

use super::rules::in_list;
use super::Tokens;

/// Words that, inside parentheses or brackets, make a transcription mark: `(rires)`, `[inaudible]`.
pub(super) const ANNOTATION_WORDS: &[&str] = &[
    "rire",
    "rires",
    "rit",
    "rient",
    "sourire",
    "sourires",
    "inaudible",
    "inaudibles",
    "incompréhensible",
    "incompréhensibles",
    "inaud",
    "pause",
    "silence",
    "toux",
    "tousse",
    "soupir",
    "soupire",
    "soupirs",
    "bruit",
    "bruits",
    "hésitation",
    "coupure",
    "interruption",
    "chuchote",
    "applaudissements",
    "sonnerie",
    "blanc",
    "...",
    "…",
];

impl<'a> Tokens<'a> {
    /// `(rires)`, `(...)`, `[inaudible]`, `[rire de Marie]`: the end of a transcription mark
    /// opening at `start`, if it is one. Looks ahead a bounded number of bytes.
    pub(super) fn annotation_end(&self, start: usize, open: char) -> Option<usize> {
        const MAX_LEN: usize = 64;
        let close = if open == '(' { b')' } else { b']' };
        let bytes = self.bytes();
        let limit = (start + MAX_LEN).min(bytes.len());
        let inner_start = start + 1;
        let close_at = bytes[inner_start..limit]
            .iter()
            .position(|&b| b == close || b == b'\n' || b == b'(' || b == b'[')
            .map(|p| p + inner_start)?;
        if bytes[close_at] != close {
            return None;
        }
        let inner = self.text.get(inner_start..close_at)?.trim();
        let is_mark = if open == '(' {
            in_list(inner, ANNOTATION_WORDS)
        } else {
            inner.chars().filter(|c| c.is_alphabetic()).count() >= 2
                || inner == "..."
                || inner == "…"
        };
        is_mark.then_some(close_at + 1)
    }
}
