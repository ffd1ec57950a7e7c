//! [`DocumentAnalysis`]: what the analyzer found in one transcript — its tokens as term ids, turns
//! with word counts, sentences, segments and hits — read by scores, aggregates, vocabularies and
//! concordances alike, so that a document is tokenized once.
//!
//! ```
//! use entretien::{Analyzer, Entry, Lexicon, Theme, Transcript};
//!
//! let lexicon = Lexicon::new(vec![Theme::new("surcharge").with_entries(["débordé", "urgence"])]);
//! let analyzer = Analyzer::builder().build(&lexicon)?;
//! let mut scratch = analyzer.scratch();
//! let t = Transcript::from_text("e01", "On est débordés. Toujours l'urgence.");
//! let analysis = analyzer.analyze(&t, &mut scratch);
//! assert_eq!(analysis.sentences.len(), 2);
//! let hit = &analysis.hits[1];
//! assert_eq!(&t.text[hit.span.range()], "urgence");
//! assert_eq!(analysis.indicator(hit).name, "urgence");
//! // Every token's normalised form and stem, without tokenizing again.
//! let forms: Vec<&str> = analysis.tokens().iter().map(|tok| analysis.form(tok.term)).collect();
//! assert_eq!(forms[..3], ["on", "est", "débordés"]);
//! assert_eq!(analysis.stem(analysis.tokens()[2].term), "débord");
//! # Ok::<(), entretien::Error>(())
//! ```

use crate::counting::NegationMode;
use crate::matcher::{
    Indicator, IndicatorId, Matcher, StemId, TermId, TermTable, ThemeId, TokenRecord,
};
use crate::span::Span;
use crate::transcript::{Role, Transcript, Turn};
use std::ops::Range;

/// One analysed turn.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct TurnAnalysis {
    /// Whether the speaker filter scores this turn.
    pub scored: bool,
    /// Words ([`crate::counting::is_word`]).
    pub words: u32,
    /// Indices into [`DocumentAnalysis::tokens`].
    pub tokens: Range<usize>,
    /// Indices into [`DocumentAnalysis::sentences`].
    pub sentences: Range<usize>,
    /// Indices into [`DocumentAnalysis::segments`].
    pub segments: Range<usize>,
}

/// A sentence or segment: a run of tokens inside one turn.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct UnitSpan {
    /// The turn it lies in (its index in the transcript).
    pub turn: usize,
    /// Indices into [`DocumentAnalysis::tokens`].
    pub tokens: Range<usize>,
    /// Byte span in the transcript's text, from its first token to its last.
    pub span: Span,
    /// Words in it.
    pub words: u32,
}

/// One match of a theme's indicator.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct Hit {
    /// The theme.
    pub theme: ThemeId,
    /// The indicator that matched ([`DocumentAnalysis::indicator`]).
    pub indicator: IndicatorId,
    /// Indices into [`DocumentAnalysis::tokens`] of the tokens the match covers.
    pub tokens: Range<usize>,
    /// Byte span in the transcript's text: exactly the matched text.
    pub span: Span,
    /// The turn it lies in (its index in the transcript).
    pub turn: usize,
    /// Whether it lies in a negation's scope and so denies its theme (counted apart).
    pub negated: bool,
    /// Whether it lies in a negation's scope but its theme is a topic that negation does not take
    /// away ([`crate::lexicon::ThemeNegation::Topic`]): it counts as a hit.
    pub contrary: bool,
    /// The indicator's weight.
    pub weight: f64,
}

/// The analysis of one transcript, or of one window of its turns. It borrows the transcript, the
/// compiled lexicon and the worker's scratch (tokens and term table); drop it before analysing the
/// next document (or window) with that scratch.
///
/// [`Analyzer::analyze`](crate::Analyzer::analyze) gives the whole document as one analysis;
/// [`Analyzer::windows`](crate::Analyzer::windows) gives it as a run of windows of whole turns, so
/// that memory does not grow with the document. Nothing in an analysis crosses a turn, so the
/// windows' figures add up to the whole document's: turn indices ([`Hit::turn`], [`UnitSpan::turn`],
/// [`DocumentAnalysis::scored_turns`]) are the transcript's, token indices are the window's.
///
/// Turn it into scores with [`DocumentAnalysis::score`] and [`DocumentAnalysis::rows`] (a whole
/// document), or [`crate::score::DocumentScorer`] and [`crate::score::UnitRows`] (any run of windows).
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct DocumentAnalysis<'a> {
    /// The transcript analysed.
    pub transcript: &'a Transcript,
    /// Turns of this analysis, in transcript order, from [`DocumentAnalysis::first_turn`].
    pub turns: Vec<TurnAnalysis>,
    /// Sentences of every turn, in text order.
    pub sentences: Vec<UnitSpan>,
    /// Segments (about 40 words, IRaMuTeQ style) of every turn, in text order.
    pub segments: Vec<UnitSpan>,
    /// Hits in text order (then lexicon order of themes), negated ones included.
    pub hits: Vec<Hit>,
    pub(crate) window: Window,
    pub(crate) tokens: &'a [TokenRecord],
    pub(crate) terms: &'a TermTable,
    pub(crate) lexicon: &'a Matcher,
    pub(crate) negation: NegationMode,
    pub(crate) negation_window: usize,
    pub(crate) snippet_chars: usize,
}

/// Where a window lies in its document.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(crate) struct Window {
    /// The transcript index of its first turn.
    pub first_turn: usize,
    /// The document index of its first sentence, and of its first segment.
    pub first_sentence: usize,
    pub first_segment: usize,
    /// Whether it is the document's last window (a whole analysis is first and last).
    pub last: bool,
}

impl<'a> DocumentAnalysis<'a> {
    /// The transcript index of the first turn of this analysis (0 for a whole document).
    pub fn first_turn(&self) -> usize {
        self.window.first_turn
    }

    /// The document index of the first sentence of this analysis: sentence `k` of
    /// [`DocumentAnalysis::sentences`] is the document's sentence `first_sentence() + k`.
    pub fn first_sentence(&self) -> usize {
        self.window.first_sentence
    }

    /// The document index of the first segment of this analysis.
    pub fn first_segment(&self) -> usize {
        self.window.first_segment
    }

    /// Whether this is the document's first window (always, for a whole document).
    pub fn is_first(&self) -> bool {
        self.window.first_turn == 0
    }

    /// Whether this is the document's last window (always, for a whole document).
    pub fn is_last(&self) -> bool {
        self.window.last
    }

    /// The analysis of a turn, by its transcript index, if it lies in this analysis.
    pub fn turn_analysis(&self, turn: usize) -> Option<&TurnAnalysis> {
        self.turns.get(turn.checked_sub(self.window.first_turn)?)
    }

    /// Every token of every turn, in text order, with its interned form.
    pub fn tokens(&self) -> &'a [TokenRecord] {
        self.tokens
    }

    /// The normalised form of a term.
    pub fn form(&self, term: TermId) -> &'a str {
        self.terms.form(term)
    }

    /// The stem of a term.
    pub fn stem(&self, term: TermId) -> &'a str {
        self.terms.stem(term)
    }

    /// The text of a stem id.
    pub fn stem_text(&self, stem: StemId) -> &'a str {
        self.terms.stem_text(stem)
    }

    /// The stem id of a term (equal within one worker's scratch).
    pub fn stem_id(&self, term: TermId) -> StemId {
        self.terms.stem_id(term)
    }

    /// The term of the same form compared with accents (vocabularies count `Eglise` as `eglise`).
    pub fn canonical(&self, term: TermId) -> TermId {
        self.terms.canonical(term)
    }

    /// Whether a term is a stopword of the analyzer's list.
    pub fn is_stopword(&self, term: TermId) -> bool {
        self.terms.is_stopword(term)
    }

    /// Whether a term is compared with the lexicon without accents (written `Eglise`, `ETAT`).
    pub fn is_folded(&self, term: TermId) -> bool {
        self.terms.is_folded(term)
    }

    /// The compiled lexicon the document was matched with.
    pub fn lexicon(&self) -> &'a Matcher {
        self.lexicon
    }

    /// The negation mode of the analyzer.
    pub fn negation(&self) -> NegationMode {
        self.negation
    }

    /// The indicator of a hit.
    pub fn indicator(&self, hit: &Hit) -> &'a Indicator {
        self.lexicon.indicator(hit.indicator)
    }

    /// The id of a hit's theme.
    pub fn theme_id(&self, hit: &Hit) -> &'a str {
        &self.lexicon.theme(hit.theme).id
    }

    /// The number of themes of the lexicon.
    pub fn theme_count(&self) -> usize {
        self.lexicon.themes().len()
    }

    /// The hits whose first token lies in `tokens`.
    pub fn hits_in(&self, tokens: Range<usize>) -> &[Hit] {
        let a = self.hits.partition_point(|h| h.tokens.start < tokens.start);
        let b = self.hits.partition_point(|h| h.tokens.start < tokens.end);
        &self.hits[a..b]
    }

    /// The index (into [`DocumentAnalysis::segments`]) of the segment holding a hit's first token.
    pub fn segment_of(&self, hit: &Hit) -> usize {
        self.segments
            .partition_point(|s| s.tokens.end <= hit.tokens.start)
    }

    /// A turn of the transcript, by its transcript index.
    pub fn turn(&self, turn: usize) -> &'a Turn {
        &self.transcript.turns[turn]
    }

    /// The speaker label of a turn.
    pub fn speaker(&self, turn: usize) -> Option<&'a str> {
        self.transcript
            .turn_speaker(self.transcript.turns.get(turn)?)
    }

    /// The role of a turn's speaker.
    pub fn role(&self, turn: usize) -> Role {
        self.transcript
            .turns
            .get(turn)
            .map_or(Role::Unknown, |t| t.role)
    }

    /// Words of the scored turns.
    pub fn words(&self) -> u64 {
        self.turns
            .iter()
            .filter(|t| t.scored)
            .map(|t| u64::from(t.words))
            .sum()
    }

    /// The scored turns, with their transcript index.
    pub fn scored_turns(&self) -> impl Iterator<Item = (usize, &TurnAnalysis)> {
        let first = self.window.first_turn;
        (self.turns.iter().enumerate())
            .filter(|(_, t)| t.scored)
            .map(move |(i, t)| (first + i, t))
    }
}
