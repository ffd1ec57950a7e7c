//! French tokenizer for transcribed speech. Tokens are byte spans into the input.
//!
//! PLACEHOLDER: a plain UAX#29 split until the French rules land (issue 2).

use crate::span::Span;
use serde::{Deserialize, Serialize};
use unicode_segmentation::UnicodeSegmentation;

/// What a token is.
#[non_exhaustive]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum TokenKind {
    /// A word, including elided clitics (`l'`, `qu'`) and inverted clitics (`-il`, `-t-elle`).
    Word,
    /// A number in French or plain format: `1 000`, `3,5`, `12h30`, `2018`.
    Number,
    /// Punctuation: `. , ; : ! ? … « » ( ) -` and the like.
    Punct,
    /// A symbol such as `%`, `€`, `+`, `=`.
    Symbol,
    /// A hesitation or discourse filler: euh, hum, bah, ben, hein…
    Filler,
    /// A transcription mark: `(rires)`, `[inaudible]`, `xxx`, `(...)`.
    Annotation,
    /// A truncated word, written with a final hyphen: `dé-`, `qu-`.
    Truncated,
    /// A URL.
    Url,
    /// An e-mail address.
    Email,
}

impl TokenKind {
    /// Whether tokens of this kind count as words in rates (words, numbers, truncations).
    pub fn is_countable(self) -> bool {
        matches!(
            self,
            TokenKind::Word | TokenKind::Number | TokenKind::Truncated
        )
    }

    pub fn as_str(self) -> &'static str {
        match self {
            TokenKind::Word => "word",
            TokenKind::Number => "number",
            TokenKind::Punct => "punct",
            TokenKind::Symbol => "symbol",
            TokenKind::Filler => "filler",
            TokenKind::Annotation => "annotation",
            TokenKind::Truncated => "truncated",
            TokenKind::Url => "url",
            TokenKind::Email => "email",
        }
    }
}

/// A token: a slice of the input with its byte span and kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Token<'a> {
    pub text: &'a str,
    pub span: Span,
    pub kind: TokenKind,
}

/// The French tokenizer. Cheap to share: build once, use from any thread.
#[derive(Debug, Clone, Default)]
pub struct Tokenizer {
    _private: (),
}

impl Tokenizer {
    pub fn new() -> Tokenizer {
        Tokenizer::default()
    }

    /// Tokenizes `text`, returning tokens in order.
    pub fn tokenize<'a>(&self, text: &'a str) -> Vec<Token<'a>> {
        let mut out = Vec::new();
        self.tokenize_into(text, &mut out);
        out
    }

    /// Tokenizes `text`, appending tokens to `out` (which is not cleared).
    pub fn tokenize_into<'a>(&self, text: &'a str, out: &mut Vec<Token<'a>>) {
        for (start, piece) in text.split_word_bound_indices() {
            if piece.chars().all(char::is_whitespace) {
                continue;
            }
            let kind = if piece.chars().any(char::is_alphabetic) {
                TokenKind::Word
            } else if piece.chars().any(|c| c.is_ascii_digit()) {
                TokenKind::Number
            } else {
                TokenKind::Punct
            };
            let (mut start, mut piece) = (start, piece);
            // Elisions split off (`n'est` → `n'` `est`), as the real tokenizer does.
            while let Some(cut) = (kind == TokenKind::Word)
                .then(|| elision_end(piece))
                .flatten()
            {
                out.push(Token {
                    text: &piece[..cut],
                    span: Span::new(start, start + cut),
                    kind,
                });
                start += cut;
                piece = &piece[cut..];
            }
            out.push(Token {
                text: piece,
                span: Span::new(start, start + piece.len()),
                kind,
            });
        }
    }
}

/// The byte length of a leading elided clitic (`l'`, `qu'`, `jusqu'`…) followed by more letters.
fn elision_end(piece: &str) -> Option<usize> {
    let apos = piece.find(['\'', '\u{2019}'])?;
    let cut = apos + piece[apos..].chars().next()?.len_utf8();
    if cut >= piece.len() {
        return None;
    }
    let head = piece[..apos].to_lowercase();
    const ELIDED: [&str; 14] = [
        "l", "d", "n", "j", "m", "t", "s", "c", "qu", "jusqu", "lorsqu", "puisqu", "quoiqu",
        "presqu",
    ];
    ELIDED.contains(&head.as_str()).then_some(cut)
}
