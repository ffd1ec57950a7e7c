//! Typed scores per unit (document, speaker, turn, sentence, segment), with quotable evidence.
//!
//! ```
//! use entretien::analyzer::Analyzer;
//! use entretien::score::Unit;
//! use entretien::{Entry, Lexicon, Theme, Transcript};
//!
//! let theme = Theme {
//!     id: "surcharge".into(),
//!     label: String::new(),
//!     definition: String::new(),
//!     entries: vec![Entry::parse("débordé"), Entry::parse("urgence")],
//!     exclusions: vec![],
//! };
//! let analyzer = Analyzer::builder()
//!     .lexicon(Lexicon { name: None, themes: vec![theme] })
//!     .build()?;
//! let t = Transcript::from_text("e02", "On est débordés, tout est urgent. Toujours l'urgence.");
//! let analysis = analyzer.analyze(&t, &mut analyzer.scratch());
//! let rows = analysis.rows(Unit::Sentence, true);
//! assert_eq!(rows[1].themes["surcharge"].hits, 1);
//! assert_eq!(rows[1].evidence[0].text, "urgence");
//! # Ok::<(), entretien::Error>(())
//! ```
//!
//! # Counts
//! * `words`: countable tokens (words, numbers, truncations; not punctuation, fillers, annotations).
//! * `hits`, `negated`: positive and negated hits, whatever the [`NegationMode`].
//! * `weighted` and `per_1000` follow the mode: positive hits only (`exclude`, the default), all hits
//!   (`count`), or positive minus negated (`subtract`); `weighted` sums entry weights, `per_1000` counts
//!   hits per 1,000 words.
//! * `segments_coded`: segments of the unit with at least one counted hit of the theme.
//! * `terms`: indicator → positive hits; `negated_terms` the same for negated hits.

use crate::analyzer::{DocumentAnalysis, Hit};
use crate::negation::NegationMode;
use crate::span::Span;
use crate::transcript::Role;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::fmt;
use std::str::FromStr;

/// The unit scores are given for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Unit {
    Document,
    Speaker,
    Turn,
    Sentence,
    Segment,
}

impl Unit {
    pub fn as_str(self) -> &'static str {
        match self {
            Unit::Document => "document",
            Unit::Speaker => "speaker",
            Unit::Turn => "turn",
            Unit::Sentence => "sentence",
            Unit::Segment => "segment",
        }
    }
}

impl fmt::Display for Unit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Unit {
    type Err = crate::Error;

    fn from_str(s: &str) -> crate::Result<Unit> {
        Ok(match s {
            "document" => Unit::Document,
            "speaker" => Unit::Speaker,
            "turn" => Unit::Turn,
            "sentence" => Unit::Sentence,
            "segment" => Unit::Segment,
            _ => return Err(crate::Error::config(format!("unknown unit {s:?}"))),
        })
    }
}

/// One theme's figures in one unit.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct ThemeCell {
    pub hits: u32,
    pub negated: u32,
    pub weighted: f64,
    pub per_1000: f64,
    pub segments_coded: u32,
    pub terms: BTreeMap<String, u32>,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub negated_terms: BTreeMap<String, u32>,
}

/// One theme's figures in a document, with the theme's id (lexicon order).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ThemeScore {
    pub id: String,
    #[serde(flatten)]
    pub cell: ThemeCell,
}

impl std::ops::Deref for ThemeScore {
    type Target = ThemeCell;

    fn deref(&self) -> &ThemeCell {
        &self.cell
    }
}

/// One hit, quotable: where it is, who said it, and the text around it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Evidence {
    pub theme: String,
    pub indicator: String,
    /// Byte span of the matched text in the transcript.
    pub span: Span,
    /// The matched text, exactly `&transcript.text[span]`.
    pub text: String,
    pub turn: usize,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub speaker: Option<String>,
    pub role: Role,
    pub negated: bool,
    pub weight: f64,
    /// About `snippet_chars` characters on each side, extended to word boundaries, within the turn.
    pub snippet: String,
    pub snippet_span: Span,
}

/// Turns that the speaker filter set apart (the interviewer's, by default), summed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SetApart {
    pub turns: u32,
    pub words: u32,
    pub themes: Vec<ThemeScore>,
}

/// A document's scores over its scored turns.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DocumentScore {
    pub id: String,
    pub metadata: BTreeMap<String, String>,
    /// Countable words of the scored turns.
    pub words: u32,
    /// Scored turns.
    pub turns: u32,
    /// Segments of the scored turns.
    pub segments: u32,
    pub negation: NegationMode,
    /// Themes in lexicon order.
    pub themes: Vec<ThemeScore>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub set_apart: Option<SetApart>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub evidence: Vec<Evidence>,
}

impl DocumentScore {
    /// A theme's score by id.
    pub fn theme(&self, id: &str) -> Option<&ThemeScore> {
        self.themes.iter().find(|t| t.id == id)
    }
}

/// One row of output: a unit with its figures per theme.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct UnitScore {
    /// The document's id.
    pub id: String,
    pub unit: Unit,
    /// The document's metadata (for grouping).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub metadata: BTreeMap<String, String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub speaker: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role: Option<Role>,
    /// The turn's index in the transcript (turn, sentence and segment units).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub turn: Option<usize>,
    /// The unit's index among the document's units of its kind.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub index: Option<usize>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub span: Option<Span>,
    pub words: u32,
    /// Theme id → figures.
    pub themes: BTreeMap<String, ThemeCell>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub evidence: Vec<Evidence>,
}

/// Adds hits up, theme by theme.
struct Tally<'x, 'a> {
    analysis: &'x DocumentAnalysis<'a>,
    cells: Vec<ThemeCell>,
    last_segment: Vec<usize>,
    evidence: Option<Vec<Evidence>>,
}

impl<'x, 'a> Tally<'x, 'a> {
    fn new(analysis: &'x DocumentAnalysis<'a>, evidence: bool) -> Self {
        let n = analysis.analyzer.matcher().themes().len();
        Tally {
            analysis,
            cells: vec![ThemeCell::default(); n],
            last_segment: vec![usize::MAX; n],
            evidence: evidence.then(Vec::new),
        }
    }

    fn add(&mut self, hits: &[Hit]) {
        let mode = self.analysis.analyzer.config().negation;
        let matcher = self.analysis.analyzer.matcher();
        for hit in hits {
            let cell = &mut self.cells[hit.theme];
            let name = &matcher.indicators()[hit.indicator].name;
            let counted = match mode {
                NegationMode::Exclude | NegationMode::Subtract => !hit.negated,
                NegationMode::Count => true,
            };
            if hit.negated {
                cell.negated += 1;
                *cell.negated_terms.entry(name.clone()).or_default() += 1;
            } else {
                cell.hits += 1;
                *cell.terms.entry(name.clone()).or_default() += 1;
            }
            match (mode, hit.negated) {
                (NegationMode::Exclude, true) => {}
                (NegationMode::Subtract, true) => cell.weighted -= hit.weight,
                _ => cell.weighted += hit.weight,
            }
            if counted {
                let seg = self.analysis.segment_of(hit);
                if self.last_segment[hit.theme] != seg {
                    self.last_segment[hit.theme] = seg;
                    cell.segments_coded += 1;
                }
            }
            if let Some(ev) = &mut self.evidence {
                ev.push(self.analysis.evidence(hit));
            }
        }
    }

    fn finish(mut self, words: u32) -> (Vec<ThemeCell>, Vec<Evidence>) {
        let mode = self.analysis.analyzer.config().negation;
        for cell in &mut self.cells {
            let count = match mode {
                NegationMode::Exclude => cell.hits as f64,
                NegationMode::Count => (cell.hits + cell.negated) as f64,
                NegationMode::Subtract => cell.hits as f64 - cell.negated as f64,
            };
            cell.per_1000 = if words == 0 {
                0.0
            } else {
                count * 1000.0 / words as f64
            };
        }
        (self.cells, self.evidence.unwrap_or_default())
    }
}

impl DocumentAnalysis<'_> {
    /// The hits whose first token lies in `tokens`.
    pub fn hits_in(&self, tokens: std::ops::Range<usize>) -> &[Hit] {
        let a = self.hits.partition_point(|h| h.tokens.start < tokens.start);
        let b = self.hits.partition_point(|h| h.tokens.start < tokens.end);
        &self.hits[a..b]
    }

    /// The index of the segment holding a hit's first token.
    pub fn segment_of(&self, hit: &Hit) -> usize {
        self.segments
            .partition_point(|s| s.tokens.end <= hit.tokens.start)
    }

    /// The speaker label of a turn.
    pub fn speaker(&self, turn: usize) -> Option<&str> {
        self.transcript.turns.get(turn)?.speaker.as_deref()
    }

    /// A hit as quotable evidence.
    pub fn evidence(&self, hit: &Hit) -> Evidence {
        let text = &self.transcript.text;
        let turn = &self.transcript.turns[hit.turn];
        let matcher = self.analyzer.matcher();
        let snippet_span = snippet_span(
            text,
            hit.span,
            turn.span,
            self.analyzer.config().snippet_chars,
        );
        Evidence {
            theme: matcher.themes()[hit.theme].id.clone(),
            indicator: matcher.indicators()[hit.indicator].name.clone(),
            span: hit.span,
            text: text[hit.span.range()].to_string(),
            turn: hit.turn,
            speaker: turn.speaker.clone(),
            role: turn.role,
            negated: hit.negated,
            weight: hit.weight,
            snippet: text[snippet_span.range()].to_string(),
            snippet_span,
        }
    }

    fn themed(&self, cells: Vec<ThemeCell>) -> Vec<ThemeScore> {
        self.analyzer
            .matcher()
            .themes()
            .iter()
            .zip(cells)
            .map(|(t, cell)| ThemeScore {
                id: t.id.clone(),
                cell,
            })
            .collect()
    }

    fn keyed(&self, cells: Vec<ThemeCell>) -> BTreeMap<String, ThemeCell> {
        self.analyzer
            .matcher()
            .themes()
            .iter()
            .zip(cells)
            .map(|(t, cell)| (t.id.clone(), cell))
            .collect()
    }

    /// The document's score over its scored turns, with the set-apart turns summed apart, and the
    /// evidence of every hit of scored turns when `evidence`.
    pub fn score(&self, evidence: bool) -> DocumentScore {
        let mut scored = Tally::new(self, evidence);
        let mut apart = Tally::new(self, false);
        let (mut words, mut turns, mut segments) = (0, 0, 0);
        let (mut apart_words, mut apart_turns) = (0, 0);
        for t in &self.turns {
            if t.scored {
                scored.add(self.hits_in(t.tokens.clone()));
                words += t.words;
                turns += 1;
                segments += t.segments.len() as u32;
            } else {
                apart.add(self.hits_in(t.tokens.clone()));
                apart_words += t.words;
                apart_turns += 1;
            }
        }
        let (cells, evidence) = scored.finish(words);
        let set_apart = (apart_turns > 0).then(|| SetApart {
            turns: apart_turns,
            words: apart_words,
            themes: self.themed(apart.finish(apart_words).0),
        });
        DocumentScore {
            id: self.transcript.id.clone(),
            metadata: self.transcript.metadata.clone(),
            words,
            turns,
            segments,
            negation: self.analyzer.config().negation,
            themes: self.themed(cells),
            set_apart,
            evidence,
        }
    }

    /// One row per unit of the scored turns (for `Unit::Document`, one row).
    pub fn rows(&self, unit: Unit, evidence: bool) -> Vec<UnitScore> {
        let row = |speaker: Option<String>,
                   role: Option<Role>,
                   turn: Option<usize>,
                   index: Option<usize>,
                   span: Option<Span>,
                   words: u32,
                   ranges: &mut dyn Iterator<Item = std::ops::Range<usize>>| {
            let mut tally = Tally::new(self, evidence);
            for r in ranges {
                tally.add(self.hits_in(r));
            }
            let (cells, evidence) = tally.finish(words);
            UnitScore {
                id: self.transcript.id.clone(),
                unit,
                metadata: self.transcript.metadata.clone(),
                speaker,
                role,
                turn,
                index,
                span,
                words,
                themes: self.keyed(cells),
                evidence,
            }
        };
        let scored = || self.turns.iter().enumerate().filter(|(_, t)| t.scored);
        let turn_meta = |i: usize| {
            let t = &self.transcript.turns[i];
            (t.speaker.clone(), t.role, t.span)
        };
        match unit {
            Unit::Document => {
                let words = scored().map(|(_, t)| t.words).sum();
                vec![row(
                    None,
                    None,
                    None,
                    None,
                    None,
                    words,
                    &mut scored().map(|(_, t)| t.tokens.clone()),
                )]
            }
            Unit::Speaker => {
                // Speakers in order of first appearance; unlabelled turns group by role.
                let mut keys: Vec<(Option<String>, Role)> = Vec::new();
                for (i, _) in scored() {
                    let (speaker, role, _) = turn_meta(i);
                    let key = (speaker, role);
                    if !keys.contains(&key) {
                        keys.push(key);
                    }
                }
                keys.into_iter()
                    .enumerate()
                    .map(|(k, (speaker, role))| {
                        let mine = || {
                            scored().filter(|(i, _)| {
                                let t = &self.transcript.turns[*i];
                                t.speaker == speaker && t.role == role
                            })
                        };
                        let words = mine().map(|(_, t)| t.words).sum();
                        row(
                            speaker.clone(),
                            Some(role),
                            None,
                            Some(k),
                            None,
                            words,
                            &mut mine().map(|(_, t)| t.tokens.clone()),
                        )
                    })
                    .collect()
            }
            Unit::Turn => scored()
                .map(|(i, t)| {
                    let (speaker, role, span) = turn_meta(i);
                    row(
                        speaker,
                        Some(role),
                        Some(i),
                        Some(i),
                        Some(span),
                        t.words,
                        &mut std::iter::once(t.tokens.clone()),
                    )
                })
                .collect(),
            Unit::Sentence | Unit::Segment => {
                let list = if unit == Unit::Sentence {
                    &self.sentences
                } else {
                    &self.segments
                };
                list.iter()
                    .enumerate()
                    .filter(|(_, u)| self.turns[u.turn].scored)
                    .map(|(k, u)| {
                        let (speaker, role, _) = turn_meta(u.turn);
                        row(
                            speaker,
                            Some(role),
                            Some(u.turn),
                            Some(k),
                            Some(u.span),
                            u.words,
                            &mut std::iter::once(u.tokens.clone()),
                        )
                    })
                    .collect()
            }
        }
    }
}

/// A window of about `chars` characters on each side of `hit`, widened to word boundaries and kept
/// inside `bound` (the turn), trimmed of surrounding whitespace.
pub fn snippet_span(text: &str, hit: Span, bound: Span, chars: usize) -> Span {
    let bound = Span::new(bound.start.min(text.len()), bound.end.min(text.len()));
    let before = &text[bound.start..hit.start.max(bound.start)];
    let mut start = before
        .char_indices()
        .rev()
        .nth(chars.saturating_sub(1))
        .map_or(bound.start, |(i, _)| bound.start + i);
    if chars == 0 {
        start = hit.start;
    }
    // Widen to the start of the word we landed in.
    while start > bound.start {
        let prev = text[..start].chars().next_back().unwrap_or(' ');
        if prev.is_whitespace() {
            break;
        }
        start -= prev.len_utf8();
    }
    let after = &text[hit.end.min(bound.end)..bound.end];
    let mut end = after
        .char_indices()
        .nth(chars)
        .map_or(bound.end, |(i, _)| hit.end + i);
    while end < bound.end {
        let next = text[end..].chars().next().unwrap_or(' ');
        if next.is_whitespace() {
            break;
        }
        end += next.len_utf8();
    }
    let slice = &text[start..end];
    let lead = slice.len() - slice.trim_start().len();
    let trail = slice.len() - slice.trim_end().len();
    Span::new(start + lead, end - trail)
}
