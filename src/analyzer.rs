//! The [`Analyzer`] (built once, shared) and its per-worker [`Scratch`]: one transcript in, hits,
//! word counts and units out.
//!
//! ```
//! use entretien::analyzer::{Analyzer, Scratch};
//! use entretien::score::Unit;
//! use entretien::{Entry, Lexicon, Theme, Transcript};
//!
//! let theme = Theme {
//!     id: "perte_de_sens".into(),
//!     label: "Perte de sens".into(),
//!     definition: String::new(),
//!     entries: vec![Entry::parse("perte de sens"), Entry::parse("absurde")],
//!     exclusions: vec![],
//! };
//! let analyzer = Analyzer::builder()
//!     .lexicon(Lexicon { name: None, themes: vec![theme] })
//!     .build()?;
//! let mut scratch = analyzer.scratch(); // one per worker, reused between documents
//! let transcript = Transcript::from_text("e01", "C'est absurde. Une vraie perte de sens.");
//! let analysis = analyzer.analyze(&transcript, &mut scratch);
//! assert_eq!(analysis.hits.len(), 2);
//! let doc = analysis.score(false);
//! assert_eq!(doc.themes[0].hits, 2);
//! assert_eq!(analysis.rows(Unit::Sentence, false).len(), 2);
//! # Ok::<(), entretien::Error>(())
//! ```

use crate::error::{Error, Result};
use crate::lexicon::Lexicon;
use crate::matcher::{self, Accepted, Candidate, Matcher, TermTable, TokenRecord};
use crate::negation::{self, NegClass, NegationMode, Scope};
use crate::score::DocumentScore;
use crate::segment::{self, Cue};
use crate::span::Span;
use crate::text::normalize::Normalizer;
use crate::text::stem::Stemmer;
use crate::text::stopwords::Stopwords;
use crate::text::tokenize::Tokenizer;
use crate::transcript::{Role, Transcript, Turn};
use serde::{Deserialize, Serialize};
use std::ops::Range;
use std::sync::atomic::{AtomicU64, Ordering};

/// Which turns are scored. The others are set apart and reported apart.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SpeakerFilter {
    /// Everyone but the interviewer: respondents, other speakers and speakers of unknown role (text
    /// without speaker labels is one speaker of unknown role, scored like a respondent). Only turns
    /// known to be the interviewer's are set apart.
    #[default]
    Respondents,
    /// Every turn.
    All,
    /// Only the interviewer's turns.
    Interviewer,
    /// Turns of these roles.
    Roles(Vec<Role>),
    /// Turns of these speakers (labels as written in the transcript).
    Speakers(Vec<String>),
}

impl SpeakerFilter {
    /// Whether a turn is scored.
    pub fn accepts(&self, turn: &Turn) -> bool {
        match self {
            SpeakerFilter::Respondents => turn.role != Role::Interviewer,
            SpeakerFilter::All => true,
            SpeakerFilter::Interviewer => turn.role == Role::Interviewer,
            SpeakerFilter::Roles(roles) => roles.contains(&turn.role),
            SpeakerFilter::Speakers(names) => turn
                .speaker
                .as_deref()
                .is_some_and(|s| names.iter().any(|n| n == s)),
        }
    }
}

/// The settings an analyzer runs with (echoed in reports).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AnalyzerConfig {
    pub speakers: SpeakerFilter,
    pub negation: NegationMode,
    /// Words after a negation cue its scope runs for, at most.
    pub negation_window: usize,
    /// Target size of IRaMuTeQ-style segments, in words.
    pub segment_words: usize,
    /// Characters of context on each side of an evidence snippet (before extending to word boundaries).
    pub snippet_chars: usize,
}

impl Default for AnalyzerConfig {
    fn default() -> Self {
        AnalyzerConfig {
            speakers: SpeakerFilter::default(),
            negation: NegationMode::default(),
            negation_window: negation::DEFAULT_WINDOW,
            segment_words: 40,
            snippet_chars: 60,
        }
    }
}

/// Builds an [`Analyzer`]: `Analyzer::builder().lexicon(l).build()`.
#[derive(Debug, Clone, Default)]
pub struct AnalyzerBuilder {
    lexicon: Option<Lexicon>,
    config: AnalyzerConfig,
}

impl AnalyzerBuilder {
    pub fn new() -> AnalyzerBuilder {
        AnalyzerBuilder::default()
    }

    /// The lexicon to score (required).
    pub fn lexicon(mut self, lexicon: Lexicon) -> Self {
        self.lexicon = Some(lexicon);
        self
    }

    /// Which turns are scored (default: respondents and unknown roles).
    pub fn speakers(mut self, filter: SpeakerFilter) -> Self {
        self.config.speakers = filter;
        self
    }

    /// What negated hits do to the score (default: left out).
    pub fn negation(mut self, mode: NegationMode) -> Self {
        self.config.negation = mode;
        self
    }

    /// Words a negation scope runs for after its cue (default [`negation::DEFAULT_WINDOW`]).
    pub fn negation_window(mut self, words: usize) -> Self {
        self.config.negation_window = words;
        self
    }

    /// Target segment size in words (default 40).
    pub fn segment_words(mut self, words: usize) -> Self {
        self.config.segment_words = words;
        self
    }

    /// Context characters on each side of a snippet (default 60).
    pub fn snippet_chars(mut self, chars: usize) -> Self {
        self.config.snippet_chars = chars;
        self
    }

    /// Replaces the whole configuration.
    pub fn config(mut self, config: AnalyzerConfig) -> Self {
        self.config = config;
        self
    }

    /// Compiles the lexicon. Fails without a lexicon, on a malformed entry or on a zero segment size.
    pub fn build(self) -> Result<Analyzer> {
        let lexicon = self
            .lexicon
            .ok_or_else(|| Error::config("no lexicon given to the analyzer"))?;
        if self.config.segment_words == 0 {
            return Err(Error::config("segment size must be at least one word"));
        }
        let tokenizer = Tokenizer::new();
        let normalizer = Normalizer::new();
        let stemmer = Stemmer::french();
        let matcher = Matcher::compile(&lexicon, &tokenizer, &normalizer, &stemmer)?;
        static NEXT_ID: AtomicU64 = AtomicU64::new(1);
        Ok(Analyzer {
            tokenizer,
            normalizer,
            stemmer,
            stopwords: Stopwords::french(),
            matcher,
            lexicon,
            config: self.config,
            id: NEXT_ID.fetch_add(1, Ordering::Relaxed),
        })
    }
}

/// Everything needed to score transcripts, built once and shared by reference between threads.
#[derive(Debug)]
pub struct Analyzer {
    tokenizer: Tokenizer,
    normalizer: Normalizer,
    stemmer: Stemmer,
    stopwords: Stopwords,
    matcher: Matcher,
    lexicon: Lexicon,
    config: AnalyzerConfig,
    id: u64,
}

/// One worker's reusable buffers: tokens, the interned vocabulary with stems, match candidates.
///
/// Make one per thread (`analyzer.scratch()` or `Scratch::new()`) and pass it to every
/// [`Analyzer::analyze`] call of that thread. Used with another analyzer, it starts afresh.
#[derive(Debug, Default)]
pub struct Scratch {
    owner: u64,
    tokens: Vec<TokenRecord>,
    cues: Vec<Cue>,
    table: TermTable,
    candidates: Vec<Candidate>,
    accepted: Vec<Accepted>,
    classes: Vec<NegClass>,
    scopes: Vec<Scope>,
    scope_ends: Vec<usize>,
    phrase_spans: Vec<(usize, usize)>,
    unit_ranges: Vec<Range<usize>>,
}

impl Scratch {
    pub fn new() -> Scratch {
        Scratch::default()
    }

    /// Distinct normalised forms interned so far.
    pub fn vocabulary_size(&self) -> usize {
        self.table.len()
    }
}

/// One analysed turn.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TurnAnalysis {
    /// Whether the speaker filter scores this turn.
    pub scored: bool,
    /// Countable words ([`crate::TokenKind::is_countable`]).
    pub words: u32,
    /// Token indices.
    pub tokens: Range<usize>,
    /// Indices into [`DocumentAnalysis::sentences`].
    pub sentences: Range<usize>,
    /// Indices into [`DocumentAnalysis::segments`].
    pub segments: Range<usize>,
}

/// A sentence or segment: a run of tokens inside one turn.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnitSpan {
    pub turn: usize,
    pub tokens: Range<usize>,
    /// Byte span in the transcript's text, from its first token to its last.
    pub span: Span,
    pub words: u32,
}

/// One match of a theme's indicator.
#[derive(Debug, Clone, PartialEq)]
pub struct Hit {
    /// Index of the theme in the lexicon.
    pub theme: usize,
    /// Index into the matcher's [`Matcher::indicators`].
    pub indicator: usize,
    /// Token indices (document-wide) the match covers.
    pub tokens: Range<usize>,
    /// Byte span in the transcript's text: exactly the matched text.
    pub span: Span,
    pub turn: usize,
    pub negated: bool,
    pub weight: f64,
}

/// The analysis of one transcript: turns with word counts, sentences, segments and hits.
///
/// Turn into scores with [`DocumentAnalysis::score`] and [`DocumentAnalysis::rows`].
#[derive(Debug, Clone)]
pub struct DocumentAnalysis<'a> {
    pub transcript: &'a Transcript,
    pub(crate) analyzer: &'a Analyzer,
    pub turns: Vec<TurnAnalysis>,
    pub sentences: Vec<UnitSpan>,
    pub segments: Vec<UnitSpan>,
    /// Hits in text order (then lexicon order of themes), negated ones included.
    pub hits: Vec<Hit>,
}

impl Analyzer {
    /// A builder with default settings.
    pub fn builder() -> AnalyzerBuilder {
        AnalyzerBuilder::new()
    }

    /// A fresh scratch for one worker.
    pub fn scratch(&self) -> Scratch {
        Scratch::new()
    }

    pub fn config(&self) -> &AnalyzerConfig {
        &self.config
    }

    pub fn lexicon(&self) -> &Lexicon {
        &self.lexicon
    }

    pub fn matcher(&self) -> &Matcher {
        &self.matcher
    }

    pub fn tokenizer(&self) -> &Tokenizer {
        &self.tokenizer
    }

    pub fn normalizer(&self) -> &Normalizer {
        &self.normalizer
    }

    pub fn stemmer(&self) -> &Stemmer {
        &self.stemmer
    }

    pub fn stopwords(&self) -> &Stopwords {
        &self.stopwords
    }

    /// Analyses every turn of a transcript (scored or not) with a worker's scratch.
    pub fn analyze<'a>(
        &'a self,
        transcript: &'a Transcript,
        scratch: &mut Scratch,
    ) -> DocumentAnalysis<'a> {
        if scratch.owner != self.id {
            scratch.table.clear();
            scratch.owner = self.id;
        }
        scratch.tokens.clear();
        scratch.candidates.clear();
        scratch.accepted.clear();
        let mut analysis = DocumentAnalysis {
            transcript,
            analyzer: self,
            turns: Vec::with_capacity(transcript.turns.len()),
            sentences: Vec::new(),
            segments: Vec::new(),
            hits: Vec::new(),
        };
        for turn in &transcript.turns {
            let offset = turn.span.start;
            let text = transcript.text.get(turn.span.range()).unwrap_or_default();
            scratch.cues.clear();
            let first = scratch.tokens.len();
            let mut words = 0u32;
            let mut any_candidate = false;
            let mut previous = None;
            for tok in self.tokenizer.tokens(text) {
                let (term, has_candidates) = scratch.table.intern_raw(
                    &self.matcher,
                    &self.stemmer,
                    &self.normalizer,
                    tok.text,
                );
                any_candidate |= has_candidates;
                words += tok.kind.is_countable() as u32;
                scratch.cues.push(Cue::of(tok.kind, tok.text, previous));
                previous = Some(tok.text);
                scratch.tokens.push(TokenRecord {
                    span: tok.span.shift(offset),
                    kind: tok.kind,
                    term,
                });
            }
            let range = first..scratch.tokens.len();
            let turn_index = analysis.turns.len();
            let s0 = analysis.sentences.len();
            scratch.unit_ranges.clear();
            segment::sentences_into(&scratch.cues, &mut scratch.unit_ranges);
            units(
                &scratch.unit_ranges,
                &scratch.tokens,
                first,
                turn_index,
                &mut analysis.sentences,
            );
            let g0 = analysis.segments.len();
            scratch.unit_ranges.clear();
            segment::segments_into(
                &scratch.cues,
                self.config.segment_words,
                &mut scratch.unit_ranges,
            );
            units(
                &scratch.unit_ranges,
                &scratch.tokens,
                first,
                turn_index,
                &mut analysis.segments,
            );
            if any_candidate {
                self.matcher.candidates(
                    &scratch.tokens,
                    range.clone(),
                    &scratch.table,
                    &mut scratch.candidates,
                );
            }
            analysis.turns.push(TurnAnalysis {
                scored: self.config.speakers.accepts(turn),
                words,
                tokens: range,
                sentences: s0..analysis.sentences.len(),
                segments: g0..analysis.segments.len(),
            });
        }
        matcher::resolve(&mut scratch.candidates, &mut scratch.accepted);
        self.collect_hits(scratch, &mut analysis);
        analysis
    }

    fn collect_hits(&self, scratch: &mut Scratch, analysis: &mut DocumentAnalysis<'_>) {
        let mut turn = 0;
        let mut scoped_turn = usize::MAX;
        for (index, acc) in scratch.accepted.iter().enumerate() {
            let (first, last) = (acc.first as usize, acc.last as usize);
            while analysis.turns[turn].tokens.end <= first {
                turn += 1;
            }
            let turn_start = analysis.turns[turn].tokens.start;
            if scoped_turn != turn {
                scoped_turn = turn;
                scratch.classes.clear();
                scratch.classes.extend(
                    scratch.tokens[analysis.turns[turn].tokens.clone()]
                        .iter()
                        .map(|t| {
                            if t.is_skippable() {
                                NegClass::Skip
                            } else {
                                scratch.table.lex(t.term).neg
                            }
                        }),
                );
                scratch.scopes.clear();
                negation::find_scopes(
                    &scratch.classes,
                    self.config.negation_window,
                    &mut scratch.scopes,
                );
                // Phrases of this turn that carry their own negation take it out of play.
                let turn_end = analysis.turns[turn].tokens.end;
                scratch.phrase_spans.clear();
                scratch.phrase_spans.extend(
                    scratch.accepted[index..]
                        .iter()
                        .take_while(|a| (a.first as usize) < turn_end)
                        .map(|a| (a.first as usize - turn_start, a.last as usize - turn_start)),
                );
                negation::absorb_all(&mut scratch.scopes, &mut scratch.phrase_spans);
                negation::running_max_end(&scratch.scopes, &mut scratch.scope_ends);
            }
            let negated = negation::is_negated_indexed(
                &scratch.scopes,
                &scratch.scope_ends,
                first - turn_start,
                last - turn_start,
            );
            let indicator = &self.matcher.indicators()[acc.indicator as usize];
            analysis.hits.push(Hit {
                theme: acc.theme as usize,
                indicator: acc.indicator as usize,
                tokens: first..last + 1,
                span: Span::new(
                    scratch.tokens[first].span.start,
                    scratch.tokens[last].span.end,
                ),
                turn,
                negated,
                weight: indicator.weight,
            });
        }
    }

    /// Scores a plain string (one speaker of unknown role), with evidence.
    pub fn analyze_text(&self, text: &str) -> DocumentScore {
        let transcript = Transcript::from_text("text", text);
        let mut scratch = self.scratch();
        self.analyze(&transcript, &mut scratch).score(true)
    }
}

/// Turns ranges of turn-local token indices into units with spans and word counts.
fn units(
    ranges: &[Range<usize>],
    tokens: &[TokenRecord],
    first: usize,
    turn: usize,
    out: &mut Vec<UnitSpan>,
) {
    for r in ranges {
        if r.is_empty() {
            continue;
        }
        let range = first + r.start..first + r.end;
        let Some(toks) = tokens.get(range.clone()) else {
            continue;
        };
        let words = toks.iter().filter(|t| t.kind.is_countable()).count() as u32;
        out.push(UnitSpan {
            turn,
            span: Span::new(toks[0].span.start, toks[toks.len() - 1].span.end),
            tokens: range,
            words,
        });
    }
}
