//! French tokenizer for transcribed speech. Tokens are byte spans into the input.
//!
//! ```
//! use entretien::{TokenKind, Tokenizer};
//!
//! let tokenizer = Tokenizer::new();
//! let text = "Euh, j'pense qu'il a dit-il 1 000 fois (rires)…";
//! let words: Vec<&str> = tokenizer.tokens(text).map(|t| t.text).collect();
//! assert_eq!(
//!     words,
//!     ["Euh", ",", "j'", "pense", "qu'", "il", "a", "dit", "-il", "1 000", "fois", "(rires)", "…"]
//! );
//! let kinds: Vec<TokenKind> = tokenizer.tokens("euh 3,5 %").map(|t| t.kind).collect();
//! assert_eq!(kinds, [TokenKind::Filler, TokenKind::Number, TokenKind::Symbol]);
//! ```
//!
//! The rules follow the surface tokens of the Universal Dependencies French treebanks
//! (GSD for written French, Rhapsodie for speech):
//!
//! - elided clitics split off with their apostrophe (`l'`, `qu'`, `jusqu'`), while
//!   `aujourd'hui`, `presqu'île`, `quelqu'un` and `l'on` stay whole;
//! - hyphenated compounds stay whole (`peut-être`, `c'est-à-dire`, `Saint-Étienne`), inverted
//!   clitics split off with their hyphen (`dit` `-il`, `a` `-t-elle`, `est` `-ce`, `moment` `-là`);
//! - numbers in French formats are one token (`1 000`, `3,5`, `12h30`, `-0,8`);
//! - URLs and e-mail addresses are one token; `%` and `€` are symbols of their own;
//! - a word ending in `-` or `~` is a truncation (`dé-`, `ar~`);
//! - `(rires)`, `[inaudible]`, `(...)` and `xxx` are annotations;
//! - white space, including U+00A0 and U+202F, and the byte-order mark only separate tokens.
//! - a soft hyphen or a zero-width character (U+00AD, U+200B–U+200D, U+2060) between two word
//!   characters stays inside the word: `iso\u{AD}lement` is one token, which normalises to `isolement`.
//!
//! The scanner reads each byte a bounded number of times: it runs in linear time and,
//! through [`Tokenizer::tokens`], in constant memory.
//!
//! The scanner core is in `scan`; each rule above has its own module (`elision`, `clitics`,
//! `numbers`, `urls`, `abbreviations`, `annotations`), and `rules` holds the shared character classes.

mod abbreviations;
mod annotations;
mod clitics;
mod elision;
mod numbers;
mod rules;
mod scan;
mod urls;

pub use elision::elided_clitics;
pub(crate) use elision::stays_whole as elision_stays_whole;
pub(crate) use rules::is_invisible_joiner;
pub use rules::is_separator;

use crate::span::Span;
use serde::{Deserialize, Serialize};

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

    /// The lowercase name used in outputs: `word`, `number`, `punct`…
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
    /// The token's text, `&input[span]`.
    pub text: &'a str,
    /// Byte offsets of the token in the input.
    pub span: Span,
    /// What the token is.
    pub kind: TokenKind,
}

/// The French tokenizer. Cheap to share: build once, use from any thread.
#[derive(Debug, Clone, Default)]
pub struct Tokenizer {
    _private: (),
}

impl Tokenizer {
    /// A tokenizer with the French rules described in the [module docs](self).
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
        out.extend(self.tokens(text));
    }

    /// The tokens of `text`, lazily: memory stays constant whatever the input size.
    pub fn tokens<'a>(&self, text: &'a str) -> Tokens<'a> {
        Tokens {
            text,
            pos: 0,
            clitics_end: 0,
        }
    }
}

/// Iterator over the tokens of a text, from [`Tokenizer::tokens`].
#[derive(Debug, Clone)]
pub struct Tokens<'a> {
    text: &'a str,
    pos: usize,
    /// When `pos < clitics_end`, the bytes up to `clitics_end` are inverted clitics
    /// (`-t-il`, `-moi`) already split off a word.
    clitics_end: usize,
}

impl<'a> Iterator for Tokens<'a> {
    type Item = Token<'a>;

    #[inline]
    fn next(&mut self) -> Option<Token<'a>> {
        let (start, end, kind) = self.advance()?;
        Some(Token {
            text: &self.text[start..end],
            span: Span::new(start, end),
            kind,
        })
    }
}

impl<'a> Tokens<'a> {
    /// The next token's start, end and kind. Split from `next` so that the scan returns two words
    /// in registers: an `Option<Token>` goes back through memory, and reading it right after the
    /// callee wrote it in pieces stalled store-to-load forwarding on every token.
    #[inline]
    fn advance(&mut self) -> Option<(usize, usize, TokenKind)> {
        let (start, packed) = self.advance_packed();
        if start == usize::MAX {
            return None;
        }
        Some((start, packed >> 8, KINDS[packed & 0xFF]))
    }
}

/// Token kinds by their index, for [`Tokens::advance`].
const KINDS: [TokenKind; 256] = {
    let mut kinds = [TokenKind::Word; 256];
    let all = [
        TokenKind::Word,
        TokenKind::Number,
        TokenKind::Punct,
        TokenKind::Symbol,
        TokenKind::Filler,
        TokenKind::Annotation,
        TokenKind::Truncated,
        TokenKind::Url,
        TokenKind::Email,
    ];
    let mut i = 0;
    while i < all.len() {
        kinds[all[i] as usize] = all[i];
        i += 1;
    }
    kinds
};

impl std::iter::FusedIterator for Tokens<'_> {}
