//! Sentences and IRaMuTeQ-style text segments, as ranges of token indices.
//!
//! ```
//! use entretien::{segment, Tokenizer};
//!
//! let text = "M. Dupont est venu. Il a dit… euh… rien. Et après ?";
//! let tokens = Tokenizer::new().tokenize(text);
//! let sentences: Vec<String> = segment::sentences(text, &tokens)
//!     .into_iter()
//!     .map(|r| text[tokens[r.start].span.start..tokens[r.end - 1].span.end].to_string())
//!     .collect();
//! assert_eq!(sentences, ["M. Dupont est venu.", "Il a dit… euh… rien.", "Et après ?"]);
//! ```
//!
//! Both functions return ranges that cover every token exactly once, in order.

use crate::text::tokenize::{Token, TokenKind};
use std::ops::Range;

/// What cutting sentences and segments needs to know of a token, in one byte: how strongly it
/// ends a stretch of text (3 for `. ! ? …`, 2 for `; :`, 1 for `,`), whether it is closing
/// punctuation, a countable word, a weak ending (`…`, `...`, the period after `etc`) and whether
/// it starts with a capital. The analyzer computes cues as it reads tokens; the cutting then runs
/// on bytes, without going back to the tokens' text.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct Cue(u8);

impl Cue {
    const STRENGTH: u8 = 0b11;
    const CLOSING: u8 = 1 << 2;
    const COUNTABLE: u8 = 1 << 3;
    const WEAK: u8 = 1 << 4;
    const UPPER: u8 = 1 << 5;

    /// The cue of a token of `kind` and `text`, after a token of text `previous` (if any).
    #[inline]
    pub(crate) fn of(kind: TokenKind, text: &str, previous: Option<&str>) -> Cue {
        let mut bits = 0;
        if kind.is_countable() {
            bits |= Cue::COUNTABLE;
        }
        let upper = match text.as_bytes().first() {
            Some(b) if b.is_ascii() => b.is_ascii_uppercase(),
            _ => text.chars().next().is_some_and(char::is_uppercase),
        };
        if upper {
            bits |= Cue::UPPER;
        }
        if kind == TokenKind::Punct {
            bits |= match text {
                "!" | "?" | "…" | "?!" | "!?" => 3,
                t if t.starts_with('.') => 3,
                ";" | ":" => 2,
                "," => 1,
                _ => 0,
            };
            if matches!(text, "»" | ")" | "]" | "\"" | "”" | "’" | "'" | "›") {
                bits |= Cue::CLOSING;
            }
            // In transcripts `…` and `...` often mark a pause, and a period after `etc`
            // may sit mid-sentence: they end one only before a capital (or the end).
            let weak = text.starts_with("..")
                || text == "…"
                || (text == "." && matches!(previous, Some("etc" | "cf" | "ex" | "p" | "env")));
            if weak {
                bits |= Cue::WEAK;
            }
        }
        Cue(bits)
    }

    fn strength(self) -> u8 {
        self.0 & Cue::STRENGTH
    }

    fn closing(self) -> bool {
        self.0 & Cue::CLOSING != 0
    }

    fn countable(self) -> bool {
        self.0 & Cue::COUNTABLE != 0
    }
}

fn cues_of(tokens: &[Token<'_>]) -> Vec<Cue> {
    let mut previous = None;
    tokens
        .iter()
        .map(|t| {
            let cue = Cue::of(t.kind, t.text, previous);
            previous = Some(t.text);
            cue
        })
        .collect()
}

/// Whether the sentence-final punctuation at `cues[i]` ends a sentence.
fn ends_sentence(cues: &[Cue], i: usize) -> bool {
    let cue = cues[i];
    if cue.strength() < 3 {
        return false;
    }
    if cue.0 & Cue::WEAK == 0 {
        return true;
    }
    match cues[i + 1..]
        .iter()
        .find(|c| !c.closing() && c.strength() == 0)
    {
        Some(next) => next.0 & Cue::UPPER != 0,
        None => true,
    }
}

/// Splits tokens into sentences; returns ranges of token indices covering all tokens.
///
/// Sentences end at `.`, `!`, `?` and, before a capital, at `…`. Abbreviations such as
/// `M.`, `Dr.` or `p. ex.` keep their period inside the word token and so end nothing.
pub fn sentences(text: &str, tokens: &[Token<'_>]) -> Vec<Range<usize>> {
    let _ = text;
    let mut out = Vec::new();
    sentences_into(&cues_of(tokens), &mut out);
    out
}

/// [`sentences`] on the tokens' cues, appended to a buffer the caller reuses.
pub(crate) fn sentences_into(cues: &[Cue], out: &mut Vec<Range<usize>>) {
    let mut start = 0;
    let mut i = 0;
    while i < cues.len() {
        if ends_sentence(cues, i) {
            let mut end = i + 1;
            while end < cues.len() && (cues[end].closing() || cues[end].strength() == 3) {
                end += 1;
            }
            out.push(start..end);
            start = end;
            i = end;
        } else {
            i += 1;
        }
    }
    if start < cues.len() {
        out.push(start..cues.len());
    }
}

/// Cuts tokens into segments of about `target_words` countable words, at the strongest nearby
/// punctuation (`. ! ? …`, then `; :`, then `,`), as IRaMuTeQ's text segments.
///
/// A cut is looked for between half and one and a half times `target_words`; without any
/// punctuation there, the segment ends after `target_words` words. The ranges cover all tokens.
pub fn segments(text: &str, tokens: &[Token<'_>], target_words: usize) -> Vec<Range<usize>> {
    let _ = text;
    let mut out = Vec::new();
    segments_into(&cues_of(tokens), target_words, &mut out);
    out
}

/// [`segments`] on the tokens' cues, appended to a buffer the caller reuses.
pub(crate) fn segments_into(cues: &[Cue], target_words: usize, out: &mut Vec<Range<usize>>) {
    let target = target_words.max(1);
    let min_words = target.div_ceil(2);
    let max_words = target + target / 2;
    let mut start = 0;
    while start < cues.len() {
        let mut words = 0;
        // Best cut so far: (strength, -distance to target) and the index after it.
        let mut best: Option<((u8, isize), usize)> = None;
        let mut at_target = None;
        let mut end = cues.len();
        for (i, cue) in cues.iter().enumerate().skip(start) {
            if cue.countable() {
                words += 1;
                if words > max_words {
                    end = i;
                    break;
                }
                if words == target {
                    at_target = Some(i + 1);
                }
            }
            let s = cue.strength();
            if s > 0 && words >= min_words {
                let mut cut = i + 1;
                while cut < cues.len() && cues[cut].closing() {
                    cut += 1;
                }
                let score = (s, -(words.abs_diff(target) as isize));
                if best.map_or(true, |(best_score, _)| score >= best_score) {
                    best = Some((score, cut));
                }
            }
        }
        let cut = if end == cues.len() {
            cues.len()
        } else {
            best.map(|(_, cut)| cut)
                .or(at_target)
                .unwrap_or(end)
                .max(start + 1)
        };
        out.push(start..cut);
        start = cut;
    }
}
