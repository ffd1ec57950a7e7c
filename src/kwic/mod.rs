//! Concordances (keyword in context): lines built from matched token ranges, their sort
//! orders, an aligned plain-text rendering, and the search patterns users type.
//!
//! [`concordance`] reads a [`DocumentAnalysis`] (the tokens the analyzer already interned, so
//! nothing is tokenized twice) and [`kwic_line`] slices each line's context out of the original
//! text. [`Pattern`] parses what a user types (`outil`, `=outils`, `numéri*`, `service public`,
//! `theme:stress`), [`KwicQuery`] compiles it through the analyzer's pipeline, and
//! [`PatternMatcher`] finds the word, exact, prefix and phrase forms over normalised forms and
//! stems. A word written with an unaccented capital (`Eglise`) is compared without accents, so
//! `église` finds it.
//!
//! ```
//! use entretien::kwic::{concordance, KwicQuery, KwicTable};
//! use entretien::{Analyzer, Lexicon, Transcript};
//!
//! let analyzer = Analyzer::builder().build(&Lexicon::empty())?;
//! let query = KwicQuery::new("outil", &analyzer)?; // the word and its inflections
//! let t = Transcript::from_text("e01", "On a reçu un nouvel outil. Les outils changent tout le temps.");
//! let mut scratch = analyzer.scratch();
//! let analysis = analyzer.analyze(&t, &mut scratch);
//! let lines = concordance(&analysis, &query, 3);
//! assert_eq!(lines.len(), 2); // "outil" and "outils" share the stem "outil"
//! assert_eq!(lines[1].left, "nouvel outil. Les");
//! assert_eq!(lines[1].keyword, "outils");
//! assert_eq!(lines[1].right, "changent tout le");
//! assert_eq!(&t.text[lines[1].start..lines[1].end], "outils");
//!
//! let table = KwicTable::new().context_width(20).render(&lines);
//! assert!(table.contains("nouvel outil. Les outils changent tout le"));
//! # Ok::<(), entretien::Error>(())
//! ```

use crate::analysis::DocumentAnalysis;
use crate::analyzer::Analyzer;
use crate::error::{Error, Result};
use crate::matcher::{ThemeId, TokenRecord};
use crate::span::Span;
use crate::text::tokenize::{Token, TokenKind};
use serde::{Deserialize, Serialize};
use std::ops::Range;

/// Where a concordance line comes from.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct KwicSource<'a> {
    /// The document's id.
    pub doc: &'a str,
    /// The speaker of the turn, where known.
    pub speaker: Option<&'a str>,
    /// The index of the turn in its transcript, where known.
    pub turn: Option<usize>,
    /// The turn's start and end in the recording, in seconds, where the format has times.
    pub times: Option<(Option<f64>, Option<f64>)>,
}

/// One concordance line. `start..end` is the byte span of the match in the text the line
/// was built from; `left`, `keyword` and `right` are slices of that text with whitespace
/// runs folded to one space.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct KwicLine {
    /// The document's id.
    pub doc: String,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    /// The speaker of the turn, where known.
    pub speaker: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    /// The index of the turn, where known.
    pub turn: Option<usize>,
    /// Start byte of the match in the transcript's text.
    pub start: usize,
    /// End byte of the match.
    pub end: usize,
    /// Start of the turn in the recording, in seconds, where the format has times.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub start_time: Option<f64>,
    /// End of the turn in the recording, in seconds.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub end_time: Option<f64>,
    /// Context before the match.
    pub left: String,
    /// The matched text.
    pub keyword: String,
    /// Context after the match.
    pub right: String,
}

/// Whether a token counts as one of the context words (punctuation and symbols do not, but
/// are shown when they fall between context words).
fn is_context_word(kind: TokenKind) -> bool {
    !matches!(kind, TokenKind::Punct | TokenKind::Symbol)
}

/// A token as concordances see it: where it is and what it is.
pub trait SpannedToken {
    /// Byte span in the text.
    fn span(&self) -> Span;
    /// What the token is.
    fn kind(&self) -> TokenKind;
}

impl SpannedToken for Token<'_> {
    fn span(&self) -> Span {
        self.span
    }
    fn kind(&self) -> TokenKind {
        self.kind
    }
}

impl SpannedToken for TokenRecord {
    fn span(&self) -> Span {
        self.span
    }
    fn kind(&self) -> TokenKind {
        self.kind
    }
}

/// Builds the concordance line of the tokens `matched` (indices into `tokens`), with up to
/// `context_words` words on each side.
///
/// The tokens' spans must be byte spans into `text`; the context never goes beyond the
/// tokens given (pass one turn's tokens to keep the context inside the turn). Punctuation
/// between context words is kept, and so is punctuation touching the outermost context
/// word (`(`, `«`, `.`, `,`…); when fewer than `context_words` words remain before the
/// first (after the last) token, the context runs to that token. Returns `None` when `matched` is empty or out of range, or a
/// span is not a valid slice of `text`.
pub fn kwic_line<T: SpannedToken>(
    text: &str,
    tokens: &[T],
    matched: Range<usize>,
    context_words: usize,
    source: &KwicSource<'_>,
) -> Option<KwicLine> {
    if matched.start >= matched.end || matched.end > tokens.len() {
        return None;
    }
    let start = tokens[matched.start].span().start;
    let end = tokens[matched.end - 1].span().end;

    let mut left_start = start;
    let mut first = matched.start;
    let mut words = 0;
    let mut i = matched.start;
    while words < context_words && i > 0 {
        i -= 1;
        if is_context_word(tokens[i].kind()) {
            words += 1;
            first = i;
        }
    }
    if words < context_words {
        // The tokens ran out first: show everything up to their start.
        left_start = tokens[0].span().start.min(start);
    } else if words > 0 {
        left_start = tokens[first].span().start;
        // Punctuation glued to the first context word: "«Bonjour", "(rires".
        while first > 0
            && !is_context_word(tokens[first - 1].kind())
            && tokens[first - 1].span().end == left_start
        {
            first -= 1;
            left_start = tokens[first].span().start;
        }
    }

    let mut right_end = end;
    let mut last = matched.end - 1;
    let mut words = 0;
    let mut j = matched.end;
    while words < context_words && j < tokens.len() {
        if is_context_word(tokens[j].kind()) {
            words += 1;
            last = j;
        }
        j += 1;
    }
    if words < context_words {
        // The tokens ran out first: show everything up to their end.
        right_end = tokens[tokens.len() - 1].span().end.max(end);
    } else if words > 0 {
        right_end = tokens[last].span().end;
        // Punctuation glued to the last context word: "temps.", "outils,".
        while last + 1 < tokens.len()
            && !is_context_word(tokens[last + 1].kind())
            && tokens[last + 1].span().start == right_end
        {
            last += 1;
            right_end = tokens[last].span().end;
        }
    }

    Some(KwicLine {
        doc: source.doc.to_string(),
        speaker: source.speaker.map(str::to_string),
        turn: source.turn,
        start,
        end,
        start_time: source.times.and_then(|t| t.0),
        end_time: source.times.and_then(|t| t.1),
        left: fold_whitespace(text.get(left_start..start)?),
        keyword: fold_whitespace(text.get(start..end)?),
        right: fold_whitespace(text.get(end..right_end)?),
    })
}

/// What a concordance looks for: words (a compiled [`Pattern`]) or the hits of a theme.
#[derive(Debug, Clone)]
pub enum KwicQuery {
    /// A word, exact form, prefix or phrase.
    Words(PatternMatcher),
    /// The positive hits of a lexicon theme.
    Theme(ThemeId),
}

impl KwicQuery {
    /// Parses and compiles what a user typed, through the analyzer's pipeline; `theme:ID` must name
    /// a theme of its lexicon.
    pub fn new(pattern: &str, analyzer: &Analyzer) -> Result<KwicQuery> {
        match Pattern::parse(pattern)? {
            Pattern::Theme(id) => {
                let themes = analyzer.matcher().themes();
                match themes.iter().position(|t| t.id == id) {
                    Some(i) => Ok(KwicQuery::Theme(ThemeId(i as u32))),
                    None => {
                        let ids: Vec<&str> = themes.iter().map(|t| t.id.as_str()).collect();
                        Err(Error::config(format!(
                            "no theme {id:?} in the lexicon (its themes: {})",
                            ids.join(", ")
                        )))
                    }
                }
            }
            p => Ok(KwicQuery::Words(PatternMatcher::new(
                &p,
                analyzer.pipeline(),
            )?)),
        }
    }
}

/// The concordance of `query` over the scored turns of an analysed document, in text order: one
/// line per match, with the turn's speaker and index, offsets into the transcript's text, and context
/// kept inside the turn (negated hits of a theme are left out).
pub fn concordance(
    analysis: &DocumentAnalysis<'_>,
    query: &KwicQuery,
    context_words: usize,
) -> Vec<KwicLine> {
    let mut lines = Vec::new();
    let text = &analysis.transcript.text;
    let tokens = analysis.tokens();
    for (index, turn) in analysis.scored_turns() {
        let source = KwicSource {
            doc: &analysis.transcript.id,
            speaker: analysis.speaker(index),
            turn: Some(index),
            times: analysis.transcript.turns.get(index).map(|t| {
                let transcript = analysis.transcript;
                (transcript.turn_start(t), transcript.turn_end(t))
            }),
        };
        let turn_tokens = &tokens[turn.tokens.clone()];
        let start = turn.tokens.start;
        let ranges: Vec<Range<usize>> = match query {
            KwicQuery::Words(m) => m.find_in_analysis(analysis, turn.tokens.clone()),
            KwicQuery::Theme(theme) => analysis
                .hits_in(turn.tokens.clone())
                .iter()
                .filter(|h| h.theme == *theme && !h.negated)
                .map(|h| h.tokens.start - start..h.tokens.end - start)
                .collect(),
        };
        for r in ranges {
            if let Some(line) = kwic_line(text, turn_tokens, r, context_words, &source) {
                lines.push(line);
            }
        }
    }
    lines
}

/// `s` with every run of whitespace replaced by one space, and trimmed.
pub fn fold_whitespace(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for word in s.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

mod pattern;
mod render;
mod sort;

pub use pattern::{Pattern, PatternMatcher};
pub use render::{display_width, KwicTable};
pub use sort::{sort_lines, KwicSort};
