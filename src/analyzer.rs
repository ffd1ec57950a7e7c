//! The [`Analyzer`] (built once, shared) and its per-worker [`Scratch`]: one transcript in, one
//! [`DocumentAnalysis`] out.
//!
//! ```
//! use entretien::analyzer::Analyzer;
//! use entretien::score::{EvidenceMode, RowOptions, Unit};
//! use entretien::{Entry, Lexicon, Theme, Transcript};
//!
//! let lexicon = Lexicon::new(vec![
//!     Theme::new("perte_de_sens").with_entries(["perte de sens", "absurde"]),
//! ]);
//! let analyzer = Analyzer::builder().build(&lexicon)?;
//! let mut scratch = analyzer.scratch(); // one per worker, reused between documents
//! let transcript = Transcript::from_text("e01", "C'est absurde. Une vraie perte de sens.");
//! let analysis = analyzer.analyze(&transcript, &mut scratch);
//! assert_eq!(analysis.hits.len(), 2);
//! let doc = analysis.score(EvidenceMode::Omit);
//! assert_eq!(doc.themes[0].hits, 2);
//! assert_eq!(analysis.rows(Unit::Sentence, RowOptions::new()).len(), 2);
//! # Ok::<(), entretien::Error>(())
//! ```

use crate::analysis::Window;
pub use crate::analysis::{DocumentAnalysis, Hit, TurnAnalysis, UnitSpan};
use crate::disclaimer;
use crate::error::{Error, Result};
use crate::lexicon::{Lexicon, ThemeNegation};
use crate::matcher::{
    self, Accepted, Candidate, IndicatorId, Matcher, TermTable, ThemeId, TokenRecord, Tools,
};
use crate::negation::{self, NegClass, NegationMode, Scope};
use crate::score::{DocumentScore, EvidenceMode};
use crate::segment::{self, Cue};
use crate::span::Span;
use crate::text::stopwords::Stopwords;
use crate::text::TextPipeline;
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
    /// Whether a turn of `transcript` is scored.
    pub fn accepts(&self, transcript: &Transcript, turn: &Turn) -> bool {
        match self {
            SpeakerFilter::Respondents => turn.role != Role::Interviewer,
            SpeakerFilter::All => true,
            SpeakerFilter::Interviewer => turn.role == Role::Interviewer,
            SpeakerFilter::Roles(roles) => roles.contains(&turn.role),
            SpeakerFilter::Speakers(names) => transcript
                .turn_speaker(turn)
                .is_some_and(|s| names.iter().any(|n| n == s)),
        }
    }
}

/// `respondent` (`respondents`), `all` or `interviewer`: the filters a command line names.
impl std::str::FromStr for SpeakerFilter {
    type Err = crate::Error;

    fn from_str(s: &str) -> Result<SpeakerFilter> {
        match s {
            "respondent" | "respondents" => Ok(SpeakerFilter::Respondents),
            "all" => Ok(SpeakerFilter::All),
            "interviewer" => Ok(SpeakerFilter::Interviewer),
            _ => Err(crate::Error::config(format!(
                "unknown speakers {s:?} (expected respondent, all or interviewer)"
            ))),
        }
    }
}

/// The settings an analyzer runs with (echoed in reports and recorded in aggregates). Missing
/// fields of a configuration file take their defaults, so partial files layer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
#[non_exhaustive]
pub struct AnalyzerConfig {
    /// Which turns are scored.
    pub speakers: SpeakerFilter,
    /// What negated hits do to the score.
    pub negation: NegationMode,
    /// Words after a negation cue its scope runs for, at most.
    pub negation_window: usize,
    /// Target size of IRaMuTeQ-style segments, in words.
    pub segment_words: usize,
    /// Characters of context on each side of an evidence snippet (before extending to word boundaries).
    pub snippet_chars: usize,
    /// Whether the normalised forms are stripped of accents (text and lexicon alike). Without it,
    /// only words written with an unaccented capital (`Eglise`) are compared without accents.
    pub fold_accents: bool,
}

impl Default for AnalyzerConfig {
    fn default() -> Self {
        AnalyzerConfig {
            speakers: SpeakerFilter::default(),
            negation: NegationMode::default(),
            negation_window: negation::DEFAULT_WINDOW,
            segment_words: 40,
            snippet_chars: 60,
            fold_accents: false,
        }
    }
}

/// Builds an [`Analyzer`]: `Analyzer::builder().negation(..).build(&lexicon)`.
#[derive(Debug, Clone, Default)]
pub struct AnalyzerBuilder {
    config: AnalyzerConfig,
    stopwords: Option<Stopwords>,
    window: Option<WindowLimits>,
}

/// Turn text a window of [`Analyzer::windows`] holds before it closes, by default: 1 MiB.
pub const WINDOW_BYTES: usize = 1 << 20;
/// Turns a window of [`Analyzer::windows`] holds at most, by default.
pub const WINDOW_TURNS: usize = 1 << 14;

/// How large a window of whole turns grows before it is handed on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct WindowLimits {
    bytes: usize,
    turns: usize,
}

impl Default for WindowLimits {
    fn default() -> Self {
        WindowLimits {
            bytes: WINDOW_BYTES,
            turns: WINDOW_TURNS,
        }
    }
}

impl AnalyzerBuilder {
    /// A builder with the default settings.
    pub fn new() -> AnalyzerBuilder {
        AnalyzerBuilder::default()
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

    /// Strips accents from every normalised form, text and lexicon alike (default: off).
    pub fn fold_accents(mut self, yes: bool) -> Self {
        self.config.fold_accents = yes;
        self
    }

    /// The stop list that marks function words in vocabularies and keyness (default:
    /// [`Stopwords::french`], Snowball's list and spoken French).
    pub fn stopwords(mut self, stopwords: Stopwords) -> Self {
        self.stopwords = Some(stopwords);
        self
    }

    /// Sets the size of the windows of [`Analyzer::windows`]: a window closes after the turn that
    /// brings its text to `bytes` or its turns to `turns` (each at least 1). Results do not depend
    /// on it; tests use tiny windows to check that.
    #[doc(hidden)]
    pub fn window(mut self, bytes: usize, turns: usize) -> Self {
        self.window = Some(WindowLimits {
            bytes: bytes.max(1),
            turns: turns.max(1),
        });
        self
    }

    /// Replaces the whole configuration.
    pub fn config(mut self, config: AnalyzerConfig) -> Self {
        self.config = config;
        self
    }

    /// Compiles `lexicon`. Fails on a malformed entry or on a zero segment size.
    pub fn build(self, lexicon: &Lexicon) -> Result<Analyzer> {
        if self.config.segment_words == 0 {
            return Err(Error::config("segment size must be at least one word"));
        }
        let pipeline = TextPipeline::french().fold_accents(self.config.fold_accents);
        let matcher = Matcher::compile(lexicon, &pipeline)?;
        static NEXT_ID: AtomicU64 = AtomicU64::new(1);
        Ok(Analyzer {
            pipeline,
            stopwords: self.stopwords.unwrap_or_else(Stopwords::french),
            matcher,
            topic_themes: lexicon
                .themes
                .iter()
                .map(|t| t.negation == ThemeNegation::Topic)
                .collect(),
            lexicon: lexicon.clone(),
            config: self.config,
            window: self.window.unwrap_or_default(),
            id: NEXT_ID.fetch_add(1, Ordering::Relaxed),
        })
    }
}

/// Everything needed to analyse transcripts, built once and shared by reference between threads.
#[derive(Debug)]
pub struct Analyzer {
    pipeline: TextPipeline,
    stopwords: Stopwords,
    matcher: Matcher,
    lexicon: Lexicon,
    /// Per theme: whether a negated mention still counts ([`ThemeNegation::Topic`]).
    topic_themes: Vec<bool>,
    config: AnalyzerConfig,
    window: WindowLimits,
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
    rejected: Vec<Range<usize>>,
    unit_ranges: Vec<Range<usize>>,
}

impl Scratch {
    /// Empty buffers.
    pub fn new() -> Scratch {
        Scratch::default()
    }

    /// Distinct normalised forms interned so far.
    pub fn vocabulary_size(&self) -> usize {
        self.table.len()
    }
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

    /// The settings.
    pub fn config(&self) -> &AnalyzerConfig {
        &self.config
    }

    /// The lexicon, as given.
    pub fn lexicon(&self) -> &Lexicon {
        &self.lexicon
    }

    /// The compiled lexicon.
    pub fn matcher(&self) -> &Matcher {
        &self.matcher
    }

    /// The text pipeline (tokenizer, normaliser, stemmer) that text and lexicon go through.
    pub fn pipeline(&self) -> &TextPipeline {
        &self.pipeline
    }

    /// The stop list of vocabularies and keyness.
    pub fn stopwords(&self) -> &Stopwords {
        &self.stopwords
    }

    /// Analyses every turn of a transcript (scored or not) with a worker's scratch, as one analysis.
    /// Its memory grows with the document (about 10 bytes per byte of prose, more for very short
    /// turns): for documents of any size, [`Analyzer::windows`] gives the same results in bounded
    /// memory.
    pub fn analyze<'a>(
        &'a self,
        transcript: &'a Transcript,
        scratch: &'a mut Scratch,
    ) -> DocumentAnalysis<'a> {
        let window = Window {
            last: true,
            ..Window::default()
        };
        self.analyze_turns(transcript, scratch, window, transcript.turns.len())
    }

    /// The analysis of a transcript as a run of windows of whole turns (about a megabyte of text, or
    /// 16,384 turns, each), for a document of any size in bounded memory. Every consumer adds the
    /// windows up: [`crate::score::DocumentScorer`], [`crate::score::UnitRows`],
    /// [`crate::Aggregate::add`], [`crate::vocab::Vocabulary::add`], [`crate::kwic::concordance`].
    /// A document smaller than a window is one window, the same analysis as [`Analyzer::analyze`].
    ///
    /// ```
    /// use entretien::score::{DocumentScorer, EvidenceMode};
    /// use entretien::{Analyzer, Lexicon, Theme, Transcript};
    ///
    /// let lexicon = Lexicon::new(vec![Theme::new("surcharge").with_entries(["urgence"])]);
    /// let analyzer = Analyzer::builder().build(&lexicon)?;
    /// let mut scratch = analyzer.scratch();
    /// let t = Transcript::from_text("e01", "Toujours l'urgence.");
    /// let mut scorer = DocumentScorer::new(EvidenceMode::Omit);
    /// let mut windows = analyzer.windows(&t, &mut scratch);
    /// while let Some(window) = windows.next() {
    ///     scorer.add(&window);
    /// }
    /// let score = scorer.finish().expect("the last window was added");
    /// assert_eq!(score.themes[0].hits, 1);
    /// # Ok::<(), entretien::Error>(())
    /// ```
    pub fn windows<'a>(
        &'a self,
        transcript: &'a Transcript,
        scratch: &'a mut Scratch,
    ) -> Windows<'a> {
        Windows {
            analyzer: self,
            transcript,
            scratch,
            next: Some(Window::default()),
        }
    }

    /// The turn after the last of the window that starts at `first`.
    fn window_end(&self, transcript: &Transcript, first: usize) -> usize {
        let (mut bytes, mut end) = (0usize, first);
        for turn in &transcript.turns[first..] {
            bytes += turn.span.len();
            end += 1;
            if bytes >= self.window.bytes || end - first >= self.window.turns {
                break;
            }
        }
        end
    }

    /// Analyses the turns from `window.first_turn` to `end`.
    fn analyze_turns<'a>(
        &'a self,
        transcript: &'a Transcript,
        scratch: &'a mut Scratch,
        window: Window,
        end: usize,
    ) -> DocumentAnalysis<'a> {
        if scratch.owner != self.id {
            scratch.table.clear();
            scratch.owner = self.id;
        }
        scratch.tokens.clear();
        scratch.candidates.clear();
        scratch.accepted.clear();
        let tools = Tools {
            matcher: &self.matcher,
            pipeline: &self.pipeline,
            stopwords: &self.stopwords,
        };
        let all = transcript
            .turns
            .get(window.first_turn..end)
            .unwrap_or_default();
        let mut turns = Vec::with_capacity(all.len());
        let mut sentences = Vec::new();
        let mut segments = Vec::new();
        for turn in all {
            let offset = turn.span.start;
            let text = transcript.text.get(turn.span.range()).unwrap_or_default();
            scratch.cues.clear();
            let first = scratch.tokens.len();
            let mut words = 0u32;
            let mut any_candidate = false;
            let mut previous = None;
            for tok in self.pipeline.tokens(text) {
                let (term, has_candidates) = scratch.table.intern_raw(tools, tok.text);
                any_candidate |= has_candidates;
                words += crate::counting::is_word(tok.kind) as u32;
                scratch.cues.push(Cue::of(tok.kind, tok.text, previous));
                previous = Some(tok.text);
                scratch.tokens.push(TokenRecord {
                    span: tok.span.shift(offset),
                    kind: tok.kind,
                    term,
                });
            }
            let range = first..scratch.tokens.len();
            let turn_index = window.first_turn + turns.len();
            let s0 = sentences.len();
            scratch.unit_ranges.clear();
            segment::sentences_into(&scratch.cues, &mut scratch.unit_ranges);
            units(
                &scratch.unit_ranges,
                &scratch.tokens,
                first,
                turn_index,
                &mut sentences,
            );
            let g0 = segments.len();
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
                &mut segments,
            );
            if any_candidate {
                self.matcher.candidates(
                    &scratch.tokens,
                    range.clone(),
                    &scratch.table,
                    &mut scratch.candidates,
                );
            }
            turns.push(TurnAnalysis {
                scored: self.config.speakers.accepts(transcript, turn),
                words,
                tokens: range,
                sentences: s0..sentences.len(),
                segments: g0..segments.len(),
            });
        }
        matcher::resolve(&mut scratch.candidates, &mut scratch.accepted);
        let hits = self.collect_hits(scratch, &turns, window.first_turn);
        let scratch = &*scratch;
        DocumentAnalysis {
            transcript,
            turns,
            sentences,
            segments,
            hits,
            window,
            tokens: &scratch.tokens,
            terms: &scratch.table,
            lexicon: &self.matcher,
            negation: self.config.negation,
            negation_window: self.config.negation_window,
            snippet_chars: self.config.snippet_chars,
        }
    }

    fn collect_hits(
        &self,
        scratch: &mut Scratch,
        turns: &[TurnAnalysis],
        first_turn: usize,
    ) -> Vec<Hit> {
        let mut hits = Vec::with_capacity(scratch.accepted.len());
        let mut turn = 0;
        let mut scoped_turn = usize::MAX;
        for (index, acc) in scratch.accepted.iter().enumerate() {
            let (first, last) = (acc.first as usize, acc.last as usize);
            while turns[turn].tokens.end <= first {
                turn += 1;
            }
            let turn_start = turns[turn].tokens.start;
            if scoped_turn != turn {
                scoped_turn = turn;
                // Phrases of this turn that carry their own negation take it out of play.
                let turn_end = turns[turn].tokens.end;
                scratch.phrase_spans.clear();
                scratch.phrase_spans.extend(
                    scratch.accepted[index..]
                        .iter()
                        .take_while(|a| (a.first as usize) < turn_end)
                        .filter(|a| {
                            self.matcher
                                .indicator(IndicatorId(a.indicator))
                                .carries_negation
                        })
                        .map(|a| (a.first as usize - turn_start, a.last as usize - turn_start)),
                );
                turn_scopes(
                    &scratch.tokens[turns[turn].tokens.clone()],
                    &scratch.table,
                    self.config.negation_window,
                    &mut scratch.phrase_spans,
                    &mut scratch.classes,
                    &mut scratch.scopes,
                    &mut scratch.rejected,
                );
                negation::running_max_end(&scratch.scopes, &mut scratch.scope_ends);
            }
            let indicator = IndicatorId(acc.indicator);
            let in_scope = negation::is_negated_indexed(
                &scratch.scopes,
                &scratch.scope_ends,
                first - turn_start,
                last - turn_start,
                self.matcher.indicator(indicator).carries_negation || first == last,
            );
            let rejected = touches(&scratch.rejected, first - turn_start, last - turn_start);
            let topic = self.topic_themes[acc.theme as usize];
            hits.push(Hit {
                theme: ThemeId(acc.theme),
                indicator,
                tokens: first..last + 1,
                span: Span::new(
                    scratch.tokens[first].span.start,
                    scratch.tokens[last].span.end,
                ),
                turn: first_turn + turn,
                negated: rejected || (in_scope && !topic),
                contrary: !rejected && in_scope && topic,
                weight: self.matcher.indicator(indicator).weight,
            });
        }
        hits
    }

    /// Scores a plain string (one speaker of unknown role), with evidence.
    pub fn analyze_text(&self, text: &str) -> DocumentScore {
        let transcript = Transcript::from_text("text", text);
        let mut scratch = self.scratch();
        self.analyze(&transcript, &mut scratch)
            .score(EvidenceMode::Include)
    }
}

/// A document's analysis as a run of windows of whole turns ([`Analyzer::windows`]): call
/// [`Windows::next`] until it gives `None`; each window borrows the scratch until it is dropped.
#[derive(Debug)]
pub struct Windows<'a> {
    analyzer: &'a Analyzer,
    transcript: &'a Transcript,
    scratch: &'a mut Scratch,
    next: Option<Window>,
}

impl<'a> Windows<'a> {
    /// The transcript analysed.
    pub fn transcript(&self) -> &'a Transcript {
        self.transcript
    }

    /// The next window, `None` after the last. A document without turns is one empty window, so
    /// that every document is seen.
    #[allow(clippy::should_implement_trait)] // each window borrows the scratch: not an Iterator
    pub fn next(&mut self) -> Option<DocumentAnalysis<'_>> {
        let mut window = self.next.take()?;
        let (analyzer, transcript) = (self.analyzer, self.transcript);
        let end = analyzer.window_end(transcript, window.first_turn);
        window.last = end >= transcript.turns.len();
        let analysis = analyzer.analyze_turns(transcript, self.scratch, window, end);
        if !window.last {
            self.next = Some(Window {
                first_turn: end,
                first_sentence: window.first_sentence + analysis.sentences.len(),
                first_segment: window.first_segment + analysis.segments.len(),
                last: false,
            });
        }
        Some(analysis)
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
        let words = toks
            .iter()
            .filter(|t| crate::counting::is_word(t.kind))
            .count() as u32;
        out.push(UnitSpan {
            turn,
            span: Span::new(toks[0].span.start, toks[toks.len() - 1].span.end),
            tokens: range,
            words,
        });
    }
}

/// The negation scopes of one turn's tokens (indices into `tokens`), the phrases at `carrying` that
/// hold their own negation (token index pairs, first and last, sorted) taking theirs out of play,
/// and the reported claims the speaker rejects ([`crate::disclaimer`]) in `rejected`.
/// Hits and learned features read negation through this one rule.
pub(crate) fn turn_scopes(
    tokens: &[TokenRecord],
    table: &TermTable,
    window: usize,
    carrying: &mut Vec<(usize, usize)>,
    classes: &mut Vec<NegClass>,
    scopes: &mut Vec<Scope>,
    rejected: &mut Vec<Range<usize>>,
) {
    let (mut reports, mut denies) = (false, false);
    classes.clear();
    classes.extend(tokens.iter().map(|t| {
        let lex = table.lex(t.term);
        reports |= lex.reports();
        denies |= lex.denies();
        negation::token_class(t.kind, lex.neg)
    }));
    scopes.clear();
    negation::find_scopes(classes, window, scopes);
    negation::absorb_all(scopes, carrying);
    rejected.clear();
    if reports {
        disclaimer::find_rejected_claims(tokens, table, classes, rejected);
    }
    let claims = rejected.len();
    disclaimer::find_denials(tokens, table, classes, scopes, denies, rejected);
    if rejected.len() > claims {
        merge_ranges(rejected);
    }
}

/// Sorts `ranges` and merges those that overlap or touch, in place.
fn merge_ranges(ranges: &mut Vec<Range<usize>>) {
    ranges.sort_unstable_by_key(|r| (r.start, r.end));
    let mut kept = 0;
    for k in 0..ranges.len() {
        if kept > 0 && ranges[k].start <= ranges[kept - 1].end {
            ranges[kept - 1].end = ranges[kept - 1].end.max(ranges[k].end);
        } else {
            ranges[kept] = ranges[k].clone();
            kept += 1;
        }
    }
    ranges.truncate(kept);
}

/// Whether tokens `first..=last` touch one of the sorted, disjoint `ranges`.
fn touches(ranges: &[Range<usize>], first: usize, last: usize) -> bool {
    let k = ranges.partition_point(|r| r.end <= first);
    ranges.get(k).is_some_and(|r| r.start <= last)
}
