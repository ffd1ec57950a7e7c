//! Sentences and IRaMuTeQ-style text segments, as ranges of token indices.
//!
//! PLACEHOLDER until issue 2 lands the French sentence splitter.

use crate::tokenize::{Token, TokenKind};
use std::ops::Range;

/// Splits tokens into sentences; returns ranges of token indices covering all tokens.
pub fn sentences(_text: &str, tokens: &[Token<'_>]) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut start = 0;
    for (i, t) in tokens.iter().enumerate() {
        if t.kind == TokenKind::Punct && matches!(t.text, "." | "!" | "?" | "…") {
            out.push(start..i + 1);
            start = i + 1;
        }
    }
    if start < tokens.len() {
        out.push(start..tokens.len());
    }
    out
}

/// Cuts tokens into segments of about `target_words` countable words, at the strongest nearby punctuation.
pub fn segments(text: &str, tokens: &[Token<'_>], target_words: usize) -> Vec<Range<usize>> {
    let _ = (text, target_words);
    sentences(text, tokens)
}
