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

use crate::tokenize::{Token, TokenKind};
use std::ops::Range;

/// How strongly a token ends a stretch of text: 3 for `. ! ? …`, 2 for `; :`, 1 for `,`.
fn strength(token: &Token<'_>) -> u8 {
    if token.kind != TokenKind::Punct {
        return 0;
    }
    match token.text {
        "!" | "?" | "…" | "?!" | "!?" => 3,
        t if t.starts_with('.') => 3,
        ";" | ":" => 2,
        "," => 1,
        _ => 0,
    }
}

/// Closing punctuation that stays with the sentence it ends: `»`, `)`, `"`.
fn is_closing(token: &Token<'_>) -> bool {
    token.kind == TokenKind::Punct
        && matches!(token.text, "»" | ")" | "]" | "\"" | "”" | "’" | "'" | "›")
}

fn starts_uppercase(token: &Token<'_>) -> bool {
    token.text.chars().next().is_some_and(char::is_uppercase)
}

/// Whether the sentence-final punctuation at `tokens[i]` ends a sentence.
fn ends_sentence(tokens: &[Token<'_>], i: usize) -> bool {
    let token = &tokens[i];
    if strength(token) < 3 {
        return false;
    }
    // In transcripts `…` and `...` often mark a pause, and a period after `etc`
    // may sit mid-sentence: require a capital (or the end) after them.
    let weak = token.text.starts_with("..")
        || token.text == "…"
        || (token.text == "."
            && i > 0
            && matches!(tokens[i - 1].text, "etc" | "cf" | "ex" | "p" | "env"));
    if !weak {
        return true;
    }
    match tokens[i + 1..]
        .iter()
        .find(|t| !is_closing(t) && strength(t) == 0)
    {
        Some(next) => starts_uppercase(next),
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
    sentences_into(tokens, &mut out);
    out
}

/// [`sentences`], appended to a buffer the caller reuses.
pub(crate) fn sentences_into(tokens: &[Token<'_>], out: &mut Vec<Range<usize>>) {
    let mut start = 0;
    let mut i = 0;
    while i < tokens.len() {
        if ends_sentence(tokens, i) {
            let mut end = i + 1;
            while end < tokens.len() && (is_closing(&tokens[end]) || strength(&tokens[end]) == 3) {
                end += 1;
            }
            out.push(start..end);
            start = end;
            i = end;
        } else {
            i += 1;
        }
    }
    if start < tokens.len() {
        out.push(start..tokens.len());
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
    segments_into(tokens, target_words, &mut out);
    out
}

/// [`segments`], appended to a buffer the caller reuses.
pub(crate) fn segments_into(
    tokens: &[Token<'_>],
    target_words: usize,
    out: &mut Vec<Range<usize>>,
) {
    let target = target_words.max(1);
    let min_words = target.div_ceil(2);
    let max_words = target + target / 2;
    let mut start = 0;
    while start < tokens.len() {
        let mut words = 0;
        // Best cut so far: (strength, -distance to target) and the index after it.
        let mut best: Option<((u8, isize), usize)> = None;
        let mut at_target = None;
        let mut end = tokens.len();
        for (i, token) in tokens.iter().enumerate().skip(start) {
            if token.kind.is_countable() {
                words += 1;
                if words > max_words {
                    end = i;
                    break;
                }
                if words == target {
                    at_target = Some(i + 1);
                }
            }
            let s = strength(token);
            if s > 0 && words >= min_words {
                let mut cut = i + 1;
                while cut < tokens.len() && is_closing(&tokens[cut]) {
                    cut += 1;
                }
                let score = (s, -(words.abs_diff(target) as isize));
                if best.map_or(true, |(best_score, _)| score >= best_score) {
                    best = Some((score, cut));
                }
            }
        }
        let cut = if end == tokens.len() {
            tokens.len()
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
