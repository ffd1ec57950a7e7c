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
use crate::text::{strip_accents, TextPipeline};
use serde::{Deserialize, Serialize};
use std::fmt::Write as _;
use std::ops::Range;
use std::str::FromStr;
use unicode_normalization::char::is_combining_mark;
use unicode_normalization::UnicodeNormalization;
use unicode_segmentation::UnicodeSegmentation;

/// Where a concordance line comes from.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct KwicSource<'a> {
    /// The document's id.
    pub doc: &'a str,
    /// The speaker of the turn, where known.
    pub speaker: Option<&'a str>,
    /// The index of the turn in its transcript, where known.
    pub turn: Option<usize>,
}

/// One concordance line. `start..end` is the byte span of the match in the text the line
/// was built from; `left`, `keyword` and `right` are slices of that text with whitespace
/// runs folded to one space.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
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

/// The order of concordance lines.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum KwicSort {
    /// By document, then by position in it.
    #[default]
    Document,
    /// By left context, word nearest the keyword first, then the next one to the left…
    Left,
    /// By right context, word after the keyword first.
    Right,
}

impl FromStr for KwicSort {
    type Err = Error;

    fn from_str(s: &str) -> Result<KwicSort> {
        match s {
            "doc" | "document" => Ok(KwicSort::Document),
            "left" => Ok(KwicSort::Left),
            "right" => Ok(KwicSort::Right),
            _ => Err(Error::config(format!(
                "unknown concordance order {s:?} (expected document, left or right)"
            ))),
        }
    }
}

/// The sort key of a context: its words, compared without case and accents first, then
/// without case only.
fn context_key(context: &str, reverse: bool) -> Vec<(String, String)> {
    let mut words: Vec<(String, String)> = context
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(|w| {
            let lower = w.to_lowercase();
            let folded = lower.nfd().filter(|&c| !is_combining_mark(c)).collect();
            (folded, lower)
        })
        .collect();
    if reverse {
        words.reverse();
    }
    words
}

/// Sorts concordance lines; ties keep document order (document, then position).
pub fn sort_lines(lines: &mut [KwicLine], order: KwicSort) {
    match order {
        KwicSort::Document => {
            lines.sort_by(|x, y| (&x.doc, x.start, x.end).cmp(&(&y.doc, y.start, y.end)))
        }
        KwicSort::Left | KwicSort::Right => {
            let reverse = order == KwicSort::Left;
            lines.sort_by_cached_key(|line| {
                let context = if reverse { &line.left } else { &line.right };
                (
                    context_key(context, reverse),
                    line.doc.clone(),
                    line.start,
                    line.end,
                )
            });
        }
    }
}

/// The number of terminal columns `s` takes: combining marks and zero-width characters
/// take none, East Asian wide characters and most emoji take two, the rest one.
pub fn display_width(s: &str) -> usize {
    s.graphemes(true).map(grapheme_width).sum()
}

fn grapheme_width(g: &str) -> usize {
    g.chars().map(char_width).max().unwrap_or(0)
}

fn char_width(c: char) -> usize {
    let u = u32::from(c);
    if c.is_control() || is_combining_mark(c) {
        return 0;
    }
    match u {
        0x200B..=0x200F | 0x2060..=0x2064 | 0xFE00..=0xFE0F | 0xFEFF => 0,
        0x1100..=0x115F
        | 0x2E80..=0x303E
        | 0x3041..=0x33FF
        | 0x3400..=0x4DBF
        | 0x4E00..=0x9FFF
        | 0xA000..=0xA4CF
        | 0xAC00..=0xD7A3
        | 0xF900..=0xFAFF
        | 0xFE30..=0xFE4F
        | 0xFF00..=0xFF60
        | 0xFFE0..=0xFFE6
        | 0x1F300..=0x1F64F
        | 0x1F900..=0x1F9FF
        | 0x20000..=0x3FFFD => 2,
        _ => 1,
    }
}

const ELLIPSIS: &str = "…";

/// The last graphemes of `s` that fit in `width` columns, with `…` in front when cut.
fn keep_end(s: &str, width: usize) -> String {
    if display_width(s) <= width {
        return s.to_string();
    }
    if width == 0 {
        return String::new();
    }
    let mut kept = Vec::new();
    let mut used = 1; // the ellipsis
    for g in s.graphemes(true).rev() {
        let w = grapheme_width(g);
        if used + w > width {
            break;
        }
        used += w;
        kept.push(g);
    }
    let mut out = String::from(ELLIPSIS);
    out.extend(kept.into_iter().rev());
    out
}

/// The first graphemes of `s` that fit in `width` columns, with `…` after when cut.
fn keep_start(s: &str, width: usize) -> String {
    if display_width(s) <= width {
        return s.to_string();
    }
    if width == 0 {
        return String::new();
    }
    let mut out = String::new();
    let mut used = 1;
    for g in s.graphemes(true) {
        let w = grapheme_width(g);
        if used + w > width {
            break;
        }
        used += w;
        out.push_str(g);
    }
    out.push_str(ELLIPSIS);
    out
}

fn pad(out: &mut String, columns: usize) {
    out.extend(std::iter::repeat(' ').take(columns));
}

/// Renders concordance lines as an aligned plain-text table: location, left context
/// (right-aligned, cut at its start), keyword (centered), right context (cut at its end).
/// Widths are in terminal columns, so accented and combined letters count once.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct KwicTable {
    context_width: usize,
    keyword_width: Option<usize>,
    location: bool,
}

impl Default for KwicTable {
    fn default() -> Self {
        KwicTable::new()
    }
}

impl KwicTable {
    /// 40 columns of context on each side, the keyword column as wide as the widest keyword
    /// (up to 30 columns), and the location column shown.
    pub fn new() -> KwicTable {
        KwicTable {
            context_width: 40,
            keyword_width: None,
            location: true,
        }
    }

    /// Columns for each context.
    pub fn context_width(mut self, columns: usize) -> KwicTable {
        self.context_width = columns;
        self
    }

    /// A fixed keyword column width (keywords wider than it are cut).
    pub fn keyword_width(mut self, columns: usize) -> KwicTable {
        self.keyword_width = Some(columns);
        self
    }

    /// Whether to show the `doc#turn speaker` column.
    pub fn location(mut self, yes: bool) -> KwicTable {
        self.location = yes;
        self
    }

    /// The table, one line per concordance line, each ending in `\n`.
    pub fn render(&self, lines: &[KwicLine]) -> String {
        let keyword_width = self.keyword_width.unwrap_or_else(|| {
            lines
                .iter()
                .map(|l| display_width(&l.keyword))
                .max()
                .unwrap_or(0)
                .min(30)
        });
        let locations: Vec<String> = if self.location {
            lines.iter().map(location).collect()
        } else {
            Vec::new()
        };
        let location_width = locations
            .iter()
            .map(|l| display_width(l))
            .max()
            .unwrap_or(0);

        let mut out = String::new();
        for (n, line) in lines.iter().enumerate() {
            let start = out.len();
            if let Some(loc) = locations.get(n) {
                out.push_str(loc);
                pad(&mut out, location_width - display_width(loc));
                out.push_str("  ");
            }
            let left = keep_end(&line.left, self.context_width);
            pad(&mut out, self.context_width - display_width(&left));
            out.push_str(&left);
            out.push(' ');
            let keyword = keep_start(&line.keyword, keyword_width);
            let spare = keyword_width - display_width(&keyword);
            pad(&mut out, spare / 2);
            out.push_str(&keyword);
            pad(&mut out, spare - spare / 2);
            out.push(' ');
            out.push_str(&keep_start(&line.right, self.context_width));
            let trimmed = out[start..].trim_end().len();
            out.truncate(start + trimmed);
            out.push('\n');
        }
        out
    }
}

fn location(line: &KwicLine) -> String {
    let mut loc = line.doc.clone();
    if let Some(turn) = line.turn {
        let _ = write!(loc, "#{turn}");
    }
    if let Some(speaker) = &line.speaker {
        loc.push(' ');
        loc.push_str(speaker);
    }
    loc
}

/// A search pattern as typed by a user.
///
/// | typed            | pattern                         | matches a token whose…                          |
/// |------------------|---------------------------------|-------------------------------------------------|
/// | `outil`          | `Word("outil")`                 | form is `outil`, or stem is the stem of `outil` |
/// | `=outils`        | `Exact("outils")`               | form is `outils`                                |
/// | `numéri*`        | `Prefix("numéri")`              | form or stem starts with `numéri`               |
/// | `service public` | `Phrase([Word, Word])`          | consecutive tokens match each word in turn      |
/// | `theme:stress`   | `Theme("stress")`               | (resolved by the lexicon matcher)               |
///
/// Forms are compared after the same normalisation as the text (lowercase, apostrophes).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Pattern {
    /// A word and every form sharing its stem.
    Word(String),
    /// An exact normalised form.
    Exact(String),
    /// A prefix of forms or stems.
    Prefix(String),
    /// Two or more words, each a `Word`, `Exact` or `Prefix`.
    Phrase(Vec<Pattern>),
    /// The hits of a lexicon theme.
    Theme(String),
}

impl Pattern {
    /// Parses a user's pattern (see the table above).
    pub fn parse(input: &str) -> Result<Pattern> {
        let trimmed = input.trim();
        if trimmed.is_empty() {
            return Err(Error::config("empty search pattern"));
        }
        if let Some(id) = trimmed.strip_prefix("theme:") {
            let id = id.trim();
            if id.is_empty() || id.contains(char::is_whitespace) {
                return Err(Error::config(format!(
                    "search pattern {input:?}: `theme:` takes one theme id"
                )));
            }
            return Ok(Pattern::Theme(id.to_string()));
        }
        let words: Vec<&str> = trimmed.split_whitespace().collect();
        if words.len() == 1 {
            return Pattern::parse_word(words[0], input);
        }
        words
            .iter()
            .map(|w| Pattern::parse_word(w, input))
            .collect::<Result<Vec<_>>>()
            .map(Pattern::Phrase)
    }

    fn parse_word(word: &str, input: &str) -> Result<Pattern> {
        let fail = |why: &str| Err(Error::config(format!("search pattern {input:?}: {why}")));
        if word.starts_with("theme:") {
            return fail("a theme cannot be part of a phrase");
        }
        let (exact, rest) = match word.strip_prefix('=') {
            Some(rest) => (true, rest),
            None => (false, word),
        };
        let (prefix, stem) = match rest.strip_suffix('*') {
            Some(stem) => (true, stem),
            None => (false, rest),
        };
        if stem.is_empty() {
            return fail("a word is empty");
        }
        if stem.contains(['*', '=']) {
            return fail("`*` is only allowed at the end of a word, `=` only at its start");
        }
        match (exact, prefix) {
            (true, true) => fail("a word cannot be both exact (`=`) and a prefix (`*`)"),
            (true, false) => Ok(Pattern::Exact(stem.to_string())),
            (false, true) => Ok(Pattern::Prefix(stem.to_string())),
            (false, false) => Ok(Pattern::Word(stem.to_string())),
        }
    }
}

impl FromStr for Pattern {
    type Err = Error;

    fn from_str(s: &str) -> Result<Pattern> {
        Pattern::parse(s)
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Element {
    Word { form: String, stem: String },
    Exact(String),
    Prefix(String),
}

impl Element {
    fn matches(&self, form: &str, stem: &str) -> bool {
        match self {
            Element::Word { form: f, stem: s } => form == f || stem == s,
            Element::Exact(f) => form == f,
            Element::Prefix(p) => form.starts_with(p.as_str()) || stem.starts_with(p.as_str()),
        }
    }

    /// The element compared without accents.
    fn folded(&self) -> Element {
        match self {
            Element::Word { form, stem } => Element::Word {
                form: strip_accents(form).into_owned(),
                stem: strip_accents(stem).into_owned(),
            },
            Element::Exact(f) => Element::Exact(strip_accents(f).into_owned()),
            Element::Prefix(p) => Element::Prefix(strip_accents(p).into_owned()),
        }
    }
}

/// A compiled word, exact, prefix or phrase pattern. `Send + Sync`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PatternMatcher {
    elements: Vec<Element>,
    /// The same elements without accents, for tokens written with an unaccented capital.
    folded: Vec<Element>,
}

impl PatternMatcher {
    /// Compiles `pattern`, normalising and stemming its words with `pipeline` (the one the text goes
    /// through). Fails for a [`Pattern::Theme`], which needs the lexicon matcher.
    pub fn new(pattern: &Pattern, pipeline: &TextPipeline) -> Result<PatternMatcher> {
        let words = match pattern {
            Pattern::Phrase(words) => words.as_slice(),
            other => std::slice::from_ref(other),
        };
        let elements = words
            .iter()
            .map(|w| match w {
                Pattern::Word(word) => {
                    let form = pipeline.normalize(word).into_owned();
                    let stem = pipeline.stem(&form);
                    Ok(Element::Word { form, stem })
                }
                Pattern::Exact(word) => Ok(Element::Exact(pipeline.normalize(word).into_owned())),
                Pattern::Prefix(word) => Ok(Element::Prefix(pipeline.normalize(word).into_owned())),
                Pattern::Phrase(_) => Err(Error::config("a phrase cannot contain a phrase")),
                Pattern::Theme(id) => Err(Error::config(format!(
                    "theme:{id} needs the lexicon matcher, not the word matcher"
                ))),
            })
            .collect::<Result<Vec<_>>>()?;
        let has_empty_word = elements.iter().any(|e| match e {
            Element::Word { form, .. } => form.is_empty(),
            Element::Exact(form) | Element::Prefix(form) => form.is_empty(),
        });
        if elements.is_empty() || has_empty_word {
            return Err(Error::config("a search pattern has an empty word"));
        }
        let folded = elements.iter().map(Element::folded).collect();
        Ok(PatternMatcher { elements, folded })
    }

    /// The number of tokens a match covers.
    pub fn len(&self) -> usize {
        self.elements.len()
    }

    /// Always false: a matcher has at least one word.
    pub fn is_empty(&self) -> bool {
        self.elements.is_empty()
    }

    /// The matches over parallel slices of normalised forms and stems (one per token), as
    /// token ranges, leftmost first and not overlapping.
    pub fn find<F, S>(&self, forms: &[F], stems: &[S]) -> Vec<Range<usize>>
    where
        F: AsRef<str>,
        S: AsRef<str>,
    {
        let n = forms.len().min(stems.len());
        let width = self.elements.len();
        let mut out = Vec::new();
        let mut i = 0;
        while i + width <= n {
            let hit = self
                .elements
                .iter()
                .enumerate()
                .all(|(k, e)| e.matches(forms[i + k].as_ref(), stems[i + k].as_ref()));
            if hit {
                out.push(i..i + width);
                i += width;
            } else {
                i += 1;
            }
        }
        out
    }

    /// The matches among the tokens `range` of an analysed document (one turn), as ranges of
    /// indices relative to `range.start`, leftmost first and not overlapping. Punctuation and symbols
    /// never match; a token written with an unaccented capital is compared without accents.
    pub fn find_in_analysis(
        &self,
        analysis: &DocumentAnalysis<'_>,
        range: Range<usize>,
    ) -> Vec<Range<usize>> {
        let tokens = &analysis.tokens()[range];
        let width = self.elements.len();
        let element_matches = |k: usize, tok: &TokenRecord| {
            if !is_context_word(tok.kind) {
                return false;
            }
            let (form, stem) = (analysis.form(tok.term), analysis.stem(tok.term));
            if analysis.is_folded(tok.term) {
                self.folded[k].matches(&strip_accents(form), &strip_accents(stem))
            } else {
                self.elements[k].matches(form, stem)
            }
        };
        let mut out = Vec::new();
        let mut i = 0;
        while i + width <= tokens.len() {
            if (0..width).all(|k| element_matches(k, &tokens[i + k])) {
                out.push(i..i + width);
                i += width;
            } else {
                i += 1;
            }
        }
        out
    }
}
