//! Token rows, as `entretien tokens` lists them: JSON records or tab-separated lines.
//!
//! ```
//! use entretien::tables::tokens::TokenRow;
//! use entretien::TextPipeline;
//!
//! let pipeline = TextPipeline::french();
//! let token = pipeline.tokens("Bonjour Équipe").nth(1).unwrap();
//! let norm = pipeline.normalize(token.text);
//! let row = TokenRow::new(&token, 100, Some(3), &norm);
//! assert_eq!((row.start, row.end), (108, 115));
//! assert_eq!(row.tsv(), "3\tÉquipe\t108\t115\tword\téquipe\n");
//! ```

use crate::text::tokenize::Token;
use serde::Serialize;

/// One token: its text, byte offsets, kind and normalised form, and its line when lines are read
/// apart.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct TokenRow<'a> {
    /// The 1-based line, when each line is tokenised on its own.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub line: Option<usize>,
    /// The token's text, as written.
    pub text: &'a str,
    /// Byte offsets of the token.
    pub start: usize,
    /// End of the token (exclusive).
    pub end: usize,
    /// Its kind ([`crate::TokenKind::as_str`]).
    pub kind: &'static str,
    /// Its normalised form.
    pub norm: &'a str,
}

impl<'a> TokenRow<'a> {
    /// The row of `token`, its offsets shifted by `base` (where its text starts).
    pub fn new(token: &Token<'a>, base: usize, line: Option<usize>, norm: &'a str) -> TokenRow<'a> {
        TokenRow {
            line,
            text: token.text,
            start: base + token.span.start,
            end: base + token.span.end,
            kind: token.kind.as_str(),
            norm,
        }
    }

    /// The header of [`TokenRow::tsv`] lines, with or without lines.
    pub fn tsv_header(lines: bool) -> &'static str {
        match lines {
            true => "line\ttext\tstart\tend\tkind\tnorm\n",
            false => "text\tstart\tend\tkind\tnorm\n",
        }
    }

    /// The row as a tab-separated line.
    pub fn tsv(&self) -> String {
        let line = self.line.map(|l| format!("{l}\t")).unwrap_or_default();
        let (text, start, end, kind, norm) =
            (self.text, self.start, self.end, self.kind, self.norm);
        format!("{line}{text}\t{start}\t{end}\t{kind}\t{norm}\n")
    }
}
