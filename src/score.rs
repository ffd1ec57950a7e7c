//! Typed scores per unit (document, speaker, turn, sentence, segment), with quotable evidence.
//!
//! ```
//! use entretien::score::{EvidenceMode, RowOptions, Unit};
//! use entretien::{Analyzer, Lexicon, Theme, Transcript};
//!
//! let lexicon = Lexicon::new(vec![Theme::new("surcharge").with_entries(["débordé", "urgence"])]);
//! let analyzer = Analyzer::builder().build(&lexicon)?;
//! let t = Transcript::from_text("e02", "On est débordés, tout est urgent. Toujours l'urgence.");
//! let mut scratch = analyzer.scratch();
//! let analysis = analyzer.analyze(&t, &mut scratch);
//! let rows = analysis.rows(Unit::Sentence, RowOptions::new().evidence(EvidenceMode::Include));
//! assert_eq!(rows[1].themes["surcharge"].hits, 1);
//! assert_eq!(rows[1].evidence[0].text, "urgence");
//! # Ok::<(), entretien::Error>(())
//! ```
//!
//! # Counts
//! The rules are those of [`crate::counting`]:
//! * `words`: countable tokens (words, numbers, truncations; not punctuation, fillers, annotations).
//! * `hits`, `negated`: positive and negated hits, whatever the [`NegationMode`].
//! * `weighted` and `per_1000` follow the mode: positive hits only (`exclude`, the default), all hits
//!   (`count`), or positive minus negated (`subtract`); `weighted` sums entry weights, `per_1000` counts
//!   hits per 1,000 words.
//! * `segments_coded`: segments of the unit with at least one counted hit of the theme.
//! * `terms`: indicator → positive hits; `negated_terms` the same for negated hits.
//!
//! Unit rows list the themes with at least one hit (positive or negated) unless
//! [`RowOptions::all_themes`] asks for every theme; a theme missing from a row has zero counts.

use crate::analysis::{DocumentAnalysis, Hit};
use crate::counting::per_1000;
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
    /// The whole document (its scored turns).
    Document,
    /// Each speaker (label, or role for unlabelled turns).
    Speaker,
    /// Each turn.
    Turn,
    /// Each sentence.
    Sentence,
    /// Each segment of about 40 words (IRaMuTeQ style).
    Segment,
}

impl Unit {
    /// `document`, `speaker`, `turn`, `sentence` or `segment`.
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
            _ => {
                return Err(crate::Error::config(format!(
                    "unknown unit {s:?} (expected document, speaker, turn, sentence or segment)"
                )))
            }
        })
    }
}

/// One theme's figures in one unit. Serialised with the lexicon's figures, then, with a learned
/// model, `present`, `probability` and `because`; a theme the lexicon did not touch in the unit then
/// shows only the model's fields, which keeps rows that list every theme short.
#[derive(Debug, Clone, PartialEq, Default, Deserialize)]
#[serde(default)]
#[non_exhaustive]
pub struct ThemeCell {
    /// Positive hits.
    pub hits: u32,
    /// Negated hits (reported apart).
    pub negated: u32,
    /// Sum of the weights of the counted hits ([`NegationMode::weight`]).
    pub weighted: f64,
    /// Counted hits per 1,000 words ([`crate::counting`]).
    pub per_1000: f64,
    /// Segments of the unit with at least one counted hit.
    pub segments_coded: u32,
    /// Indicator → positive hits.
    pub terms: BTreeMap<String, u32>,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    /// Indicator → negated hits.
    pub negated_terms: BTreeMap<String, u32>,
    /// With a learned model ([`crate::learn`]): whether its coder says the theme is present.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub present: Option<bool>,
    /// With a learned model: the coder's probability that the theme is present.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub probability: Option<f64>,
    /// With a learned model, for a theme said present: the unit's features that weighed most for
    /// it, strongest first.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub because: Vec<Reason>,
}

impl Serialize for ThemeCell {
    fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let counted = self.probability.is_none() || self.hits > 0 || self.negated > 0;
        let mut m = s.serialize_struct("ThemeCell", 10)?;
        if counted {
            m.serialize_field("hits", &self.hits)?;
            m.serialize_field("negated", &self.negated)?;
            m.serialize_field("weighted", &self.weighted)?;
            m.serialize_field("per_1000", &self.per_1000)?;
            m.serialize_field("segments_coded", &self.segments_coded)?;
            m.serialize_field("terms", &self.terms)?;
        }
        if counted && !self.negated_terms.is_empty() {
            m.serialize_field("negated_terms", &self.negated_terms)?;
        }
        if let Some(present) = self.present {
            m.serialize_field("present", &present)?;
        }
        if let Some(p) = self.probability {
            m.serialize_field("probability", &p)?;
        }
        if !self.because.is_empty() {
            m.serialize_field("because", &self.because)?;
        }
        m.end()
    }
}

/// A feature of a unit that weighed for a theme in a learned coder's decision.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Reason {
    /// The feature (`w:seul`, `b:perd sens`, `lex:isolement`; see [`crate::learn::Model`]).
    pub feature: String,
    /// Its weight in the theme's coder.
    pub weight: f64,
    /// Where the unit holds it (byte spans in the transcript).
    pub spans: Vec<Span>,
    /// The text of its first span.
    pub text: String,
}

/// One theme's figures in a document, with the theme's id (lexicon order).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct ThemeScore {
    /// The theme id.
    pub id: String,
    #[serde(flatten)]
    /// Its figures.
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
#[non_exhaustive]
pub struct Evidence {
    /// The theme id.
    pub theme: String,
    /// The indicator that matched, as written in the lexicon (`=seul`, `isol*`).
    pub indicator: String,
    /// Byte span of the matched text in the transcript.
    pub span: Span,
    /// The matched text, exactly `&transcript.text[span]`.
    pub text: String,
    /// Index of the turn in the transcript.
    pub turn: usize,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    /// The speaker label, where known.
    pub speaker: Option<String>,
    /// The speaker's role.
    pub role: Role,
    /// Whether the hit lies in a negation's scope and so denies its theme.
    pub negated: bool,
    /// Whether the hit lies in a negation's scope but still counts, its theme being a topic that
    /// negation does not take away (« ça ne nous a pas fait gagner de temps »).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub contrary: bool,
    /// The indicator's weight.
    pub weight: f64,
    /// About `snippet_chars` characters on each side, extended to word boundaries, within the turn.
    pub snippet: String,
    /// Byte span of the snippet in the transcript.
    pub snippet_span: Span,
    /// Start of the hit's turn in the recording, in seconds, where the format has times.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start_time: Option<f64>,
    /// End of the hit's turn in the recording, in seconds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end_time: Option<f64>,
}

/// Turns that the speaker filter set apart (the interviewer's, by default), summed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct SetApart {
    /// Turns set apart.
    pub turns: u32,
    /// Their words.
    pub words: u32,
    /// Their figures per theme, in lexicon order.
    pub themes: Vec<ThemeScore>,
}

/// A document's scores over its scored turns.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct DocumentScore {
    /// The document's id.
    pub id: String,
    /// Its metadata.
    pub metadata: BTreeMap<String, String>,
    /// Countable words of the scored turns.
    pub words: u32,
    /// Scored turns.
    pub turns: u32,
    /// Segments of the scored turns.
    pub segments: u32,
    /// The negation mode scores were counted under.
    pub negation: NegationMode,
    /// Themes in lexicon order.
    pub themes: Vec<ThemeScore>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    /// The turns set apart, when any.
    pub set_apart: Option<SetApart>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    /// Evidence of every hit of the scored turns, when asked for.
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
#[non_exhaustive]
pub struct UnitScore {
    /// The document's id.
    pub id: String,
    /// The unit.
    pub unit: Unit,
    /// The document's metadata (for grouping).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub metadata: BTreeMap<String, String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    /// The speaker label (speaker, turn, sentence and segment units).
    pub speaker: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    /// The speaker's role.
    pub role: Option<Role>,
    /// The turn's index in the transcript (turn, sentence and segment units).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub turn: Option<usize>,
    /// The unit's index among the document's units of its kind.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub index: Option<usize>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    /// Byte span of the unit in the transcript (turn, sentence and segment units).
    pub span: Option<Span>,
    /// Words of the unit.
    pub words: u32,
    /// Theme id → figures.
    pub themes: BTreeMap<String, ThemeCell>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    /// Evidence of its hits, when asked for.
    pub evidence: Vec<Evidence>,
}

impl UnitScore {
    /// Appends the row as JSON: the bytes `serde_json` writes for it, written directly for the
    /// rows of counts alone (one per turn of a long transcript: millions a run), through
    /// `serde_json` for rows with evidence or a learned coder's fields.
    ///
    /// ```
    /// # use entretien::{Analyzer, Lexicon, Theme, Transcript};
    /// # use entretien::score::{RowOptions, Unit};
    /// # let lexicon = Lexicon::new(vec![Theme::new("isolement").with_entries(["seul"])]);
    /// # let analyzer = Analyzer::builder().build(&lexicon)?;
    /// let t = Transcript::from_text("e01", "Je suis seul.");
    /// let mut scratch = analyzer.scratch();
    /// let analysis = analyzer.analyze(&t, &mut scratch);
    /// let row = &analysis.rows(Unit::Sentence, RowOptions::new())[0];
    /// let mut json = Vec::new();
    /// row.write_json(&mut json);
    /// assert_eq!(json, serde_json::to_vec(row).unwrap());
    /// # Ok::<(), entretien::Error>(())
    /// ```
    pub fn write_json(&self, out: &mut Vec<u8>) {
        let counts_only = self.evidence.is_empty()
            && (self.themes.values())
                .all(|c| c.present.is_none() && c.probability.is_none() && c.because.is_empty());
        if !counts_only {
            // Writing owned, well-formed values into memory cannot fail.
            let _ = serde_json::to_writer(&mut *out, self);
            return;
        }
        out.extend_from_slice(b"{\"id\":");
        json::put_str(out, &self.id);
        json::put_raw_field(out, "unit", self.unit.as_str());
        if !self.metadata.is_empty() {
            out.extend_from_slice(b",\"metadata\":");
            json::put_map(out, &self.metadata, |out, v| json::put_str(out, v));
        }
        if let Some(speaker) = &self.speaker {
            out.extend_from_slice(b",\"speaker\":");
            json::put_str(out, speaker);
        }
        if let Some(role) = self.role {
            json::put_raw_field(out, "role", role.as_str());
        }
        if let Some(turn) = self.turn {
            out.extend_from_slice(b",\"turn\":");
            json::put_u64(out, turn as u64);
        }
        if let Some(index) = self.index {
            out.extend_from_slice(b",\"index\":");
            json::put_u64(out, index as u64);
        }
        if let Some(span) = self.span {
            out.extend_from_slice(b",\"span\":{\"start\":");
            json::put_u64(out, span.start as u64);
            out.extend_from_slice(b",\"end\":");
            json::put_u64(out, span.end as u64);
            out.push(b'}');
        }
        out.extend_from_slice(b",\"words\":");
        json::put_u64(out, u64::from(self.words));
        out.extend_from_slice(b",\"themes\":");
        json::put_map(out, &self.themes, |out, c| {
            out.extend_from_slice(b"{\"hits\":");
            json::put_u64(out, u64::from(c.hits));
            out.extend_from_slice(b",\"negated\":");
            json::put_u64(out, u64::from(c.negated));
            out.extend_from_slice(b",\"weighted\":");
            json::put_f64(out, c.weighted);
            out.extend_from_slice(b",\"per_1000\":");
            json::put_f64(out, c.per_1000);
            out.extend_from_slice(b",\"segments_coded\":");
            json::put_u64(out, u64::from(c.segments_coded));
            out.extend_from_slice(b",\"terms\":");
            json::put_map(out, &c.terms, |out, &n| json::put_u64(out, u64::from(n)));
            if !c.negated_terms.is_empty() {
                out.extend_from_slice(b",\"negated_terms\":");
                json::put_map(out, &c.negated_terms, |out, &n| {
                    json::put_u64(out, u64::from(n))
                });
            }
            out.push(b'}');
        });
        out.push(b'}');
    }
}

/// JSON pieces written as `serde_json` writes them (the row writer's tests compare the two).
mod json {
    pub(super) use crate::tables::records::put_u64;
    use std::collections::BTreeMap;

    /// A string, quoted and escaped: `"` and `\\`, and the control characters below U+0020
    /// (`\b \t \n \f \r` by name, the others as `\u00xx`).
    pub(super) fn put_str(out: &mut Vec<u8>, s: &str) {
        const HEX: &[u8; 16] = b"0123456789abcdef";
        out.push(b'"');
        let bytes = s.as_bytes();
        let mut from = 0;
        for (i, &b) in bytes.iter().enumerate() {
            let named = match b {
                b'"' => b'"',
                b'\\' => b'\\',
                0x08 => b'b',
                0x09 => b't',
                0x0A => b'n',
                0x0C => b'f',
                0x0D => b'r',
                0x00..=0x1F => b'u',
                _ => continue,
            };
            out.extend_from_slice(&bytes[from..i]);
            out.extend_from_slice(&[b'\\', named]);
            if named == b'u' {
                out.extend_from_slice(&[
                    b'0',
                    b'0',
                    HEX[usize::from(b >> 4)],
                    HEX[usize::from(b & 0xF)],
                ]);
            }
            from = i + 1;
        }
        out.extend_from_slice(&bytes[from..]);
        out.push(b'"');
    }

    /// `,"name":"value"` for a name and a value that need no escaping.
    pub(super) fn put_raw_field(out: &mut Vec<u8>, name: &str, value: &str) {
        out.extend_from_slice(b",\"");
        out.extend_from_slice(name.as_bytes());
        out.extend_from_slice(b"\":\"");
        out.extend_from_slice(value.as_bytes());
        out.push(b'"');
    }

    pub(super) fn put_map<V>(
        out: &mut Vec<u8>,
        map: &BTreeMap<String, V>,
        mut value: impl FnMut(&mut Vec<u8>, &V),
    ) {
        out.push(b'{');
        for (i, (k, v)) in map.iter().enumerate() {
            if i > 0 {
                out.push(b',');
            }
            put_str(out, k);
            out.push(b':');
            value(out, v);
        }
        out.push(b'}');
    }

    /// A number as `serde_json` writes it (shortest round-trip form; `null` when not finite).
    pub(super) fn put_f64(out: &mut Vec<u8>, v: f64) {
        // Writing a number into memory cannot fail.
        let _ = serde_json::to_writer(&mut *out, &v);
    }
}

/// Whether scores carry the evidence of each hit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum EvidenceMode {
    /// Counts only.
    #[default]
    Omit,
    /// Counts and, for each hit, its span, speaker and snippet.
    Include,
}

/// What unit rows carry.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[non_exhaustive]
pub struct RowOptions {
    /// Whether rows carry their evidence.
    pub evidence: EvidenceMode,
    /// Whether rows list every theme, or only those with hits (the default).
    pub all_themes: bool,
}

impl RowOptions {
    /// Counts of the themes with hits, no evidence.
    pub fn new() -> RowOptions {
        RowOptions::default()
    }

    /// Sets whether rows carry their evidence.
    pub fn evidence(mut self, mode: EvidenceMode) -> RowOptions {
        self.evidence = mode;
        self
    }

    /// Lists every theme in every row, zeros included.
    pub fn all_themes(mut self) -> RowOptions {
        self.all_themes = true;
        self
    }
}

/// Adds hits up, theme by theme, over one unit (across windows, for a document or a speaker). Only
/// the themes hit get a cell, made at their first hit: most units touch one theme or none, and a
/// row lists only those.
#[derive(Debug)]
struct Tally {
    themes: usize,
    mode: NegationMode,
    /// The themes hit, in order of first hit.
    cells: Vec<TallyCell>,
    /// Per theme, its place in `cells` plus one (0: not hit yet); made once more than
    /// [`Tally::SCAN`] themes are hit.
    slots: Vec<u32>,
    evidence: Option<Vec<Evidence>>,
}

#[derive(Debug)]
struct TallyCell {
    theme: usize,
    cell: ThemeCell,
    /// The document index of the last segment counted in `segments_coded`.
    last_segment: usize,
}

impl Tally {
    fn new(analysis: &DocumentAnalysis<'_>, evidence: EvidenceMode) -> Self {
        Tally {
            themes: analysis.theme_count(),
            mode: analysis.negation(),
            cells: Vec::new(),
            slots: Vec::new(),
            evidence: (evidence == EvidenceMode::Include).then(Vec::new),
        }
    }

    fn add(&mut self, analysis: &DocumentAnalysis<'_>, hits: &[Hit]) {
        if hits.is_empty() {
            return;
        }
        let mode = self.mode;
        for hit in hits {
            let t = hit.theme.index();
            let k = self.slot(t);
            let TallyCell {
                cell, last_segment, ..
            } = &mut self.cells[k];
            let name = &analysis.indicator(hit).name;
            let terms = if hit.negated {
                cell.negated += 1;
                &mut cell.negated_terms
            } else {
                cell.hits += 1;
                &mut cell.terms
            };
            match terms.get_mut(name.as_str()) {
                Some(n) => *n += 1,
                None => {
                    terms.insert(name.clone(), 1);
                }
            }
            cell.weighted += mode.weight(hit.negated, hit.weight);
            if mode.codes(hit.negated) {
                let seg = analysis.first_segment() + analysis.segment_of(hit);
                if *last_segment != seg {
                    *last_segment = seg;
                    cell.segments_coded += 1;
                }
            }
            if let Some(ev) = &mut self.evidence {
                ev.push(analysis.evidence(hit));
            }
        }
    }

    /// The place of theme `t`'s cell, made at its first hit. A unit's few themes are looked for
    /// one by one; past [`Tally::SCAN`] of them, through a table of every theme.
    fn slot(&mut self, t: usize) -> usize {
        let found = if self.slots.is_empty() {
            self.cells.iter().position(|c| c.theme == t)
        } else {
            self.slots[t].checked_sub(1).map(|k| k as usize)
        };
        if let Some(k) = found {
            return k;
        }
        self.cells.push(TallyCell {
            theme: t,
            cell: ThemeCell::default(),
            last_segment: usize::MAX,
        });
        let k = self.cells.len() - 1;
        if self.cells.len() > Tally::SCAN {
            if self.slots.is_empty() {
                self.slots = vec![0; self.themes];
                for (i, c) in self.cells.iter().enumerate() {
                    // Places are below the number of themes, itself a u32.
                    self.slots[c.theme] = i as u32 + 1;
                }
            } else {
                self.slots[t] = k as u32 + 1;
            }
        }
        k
    }

    const SCAN: usize = 8;

    /// The cells of the themes hit, in theme order, with their rates over `words`; and the evidence.
    fn finish_hit(
        mut self,
        words: u32,
    ) -> (impl Iterator<Item = (usize, ThemeCell)>, Vec<Evidence>) {
        let mode = self.mode;
        self.cells.sort_unstable_by_key(|c| c.theme);
        let cells = (self.cells.into_iter()).map(
            move |TallyCell {
                      theme, mut cell, ..
                  }| {
                let counted = mode.counted(u64::from(cell.hits), u64::from(cell.negated));
                cell.per_1000 = per_1000(counted, u64::from(words));
                (theme, cell)
            },
        );
        (cells, self.evidence.unwrap_or_default())
    }

    /// Every theme's cell (zeros included), and the evidence.
    fn finish(self, words: u32) -> (Vec<ThemeCell>, Vec<Evidence>) {
        let mut all = vec![ThemeCell::default(); self.themes];
        let (hit, evidence) = self.finish_hit(words);
        for (theme, cell) in hit {
            all[theme] = cell;
        }
        (all, evidence)
    }
}

impl DocumentAnalysis<'_> {
    /// A hit as quotable evidence.
    pub fn evidence(&self, hit: &Hit) -> Evidence {
        let text = &self.transcript.text;
        let turn = self.turn(hit.turn);
        let snippet_span = snippet_span(text, hit.span, turn.span, self.snippet_chars);
        Evidence {
            theme: self.theme_id(hit).to_string(),
            indicator: self.indicator(hit).name.clone(),
            span: hit.span,
            text: text[hit.span.range()].to_string(),
            turn: hit.turn,
            speaker: self.transcript.turn_speaker(turn).map(str::to_string),
            role: turn.role,
            negated: hit.negated,
            contrary: hit.contrary,
            weight: hit.weight,
            snippet: text[snippet_span.range()].to_string(),
            snippet_span,
            start_time: self.transcript.turn_start(turn),
            end_time: self.transcript.turn_end(turn),
        }
    }

    fn themed(&self, cells: Vec<ThemeCell>) -> Vec<ThemeScore> {
        self.lexicon()
            .themes()
            .iter()
            .zip(cells)
            .map(|(t, cell)| ThemeScore {
                id: t.id.clone(),
                cell,
            })
            .collect()
    }

    /// Theme id → cell, for cells given with their theme's index.
    fn keyed(
        &self,
        cells: impl IntoIterator<Item = (usize, ThemeCell)>,
    ) -> BTreeMap<String, ThemeCell> {
        let themes = self.lexicon().themes();
        (cells.into_iter())
            .map(|(t, cell)| (themes[t].id.clone(), cell))
            .collect()
    }

    /// The document's score over its scored turns, with the set-apart turns summed apart (of a whole
    /// analysis; [`DocumentScorer`] adds up windows).
    pub fn score(&self, evidence: EvidenceMode) -> DocumentScore {
        let mut scorer = ScoreTally::new(self, evidence);
        scorer.add(self);
        scorer.finish(self)
    }

    /// One row per unit of the scored turns (for `Unit::Document`, one row), in text order (of a
    /// whole analysis; [`UnitRows`] adds up windows).
    pub fn rows(&self, unit: Unit, options: RowOptions) -> Vec<UnitScore> {
        let mut rows = Vec::new();
        self.for_each_row(unit, options, |row| rows.push(row));
        rows
    }

    /// [`DocumentAnalysis::rows`] one row at a time, without holding them all.
    pub fn for_each_row(&self, unit: Unit, options: RowOptions, each: impl FnMut(UnitScore)) {
        UnitRows::new(unit, options).add(self, each);
    }

    fn unit_row(
        &self,
        unit: Unit,
        options: RowOptions,
        tally: Tally,
        meta: RowMeta,
        words: u32,
    ) -> UnitScore {
        let (themes, evidence) = if options.all_themes {
            let (cells, evidence) = tally.finish(words);
            (self.keyed(cells.into_iter().enumerate()), evidence)
        } else {
            let (cells, evidence) = tally.finish_hit(words);
            (self.keyed(cells), evidence)
        };
        UnitScore {
            id: self.transcript.id.clone(),
            unit,
            metadata: self.transcript.metadata.clone(),
            speaker: meta.speaker,
            role: meta.role,
            turn: meta.turn,
            index: meta.index,
            span: meta.span,
            words,
            themes,
            evidence,
        }
    }
}

/// What a row says of where its unit lies.
#[derive(Default)]
struct RowMeta {
    speaker: Option<String>,
    role: Option<Role>,
    turn: Option<usize>,
    index: Option<usize>,
    span: Option<Span>,
}

/// The sums of one document's score, window after window.
#[derive(Debug)]
struct ScoreTally {
    scored: Tally,
    apart: Tally,
    words: u32,
    turns: u32,
    segments: u32,
    apart_words: u32,
    apart_turns: u32,
}

impl ScoreTally {
    fn new(analysis: &DocumentAnalysis<'_>, evidence: EvidenceMode) -> ScoreTally {
        ScoreTally {
            scored: Tally::new(analysis, evidence),
            apart: Tally::new(analysis, EvidenceMode::Omit),
            words: 0,
            turns: 0,
            segments: 0,
            apart_words: 0,
            apart_turns: 0,
        }
    }

    fn add(&mut self, analysis: &DocumentAnalysis<'_>) {
        for t in &analysis.turns {
            if t.scored {
                self.scored
                    .add(analysis, analysis.hits_in(t.tokens.clone()));
                self.words += t.words;
                self.turns += 1;
                self.segments += t.segments.len() as u32;
            } else {
                self.apart.add(analysis, analysis.hits_in(t.tokens.clone()));
                self.apart_words += t.words;
                self.apart_turns += 1;
            }
        }
    }

    fn finish(self, analysis: &DocumentAnalysis<'_>) -> DocumentScore {
        let (cells, evidence) = self.scored.finish(self.words);
        let apart_words = self.apart_words;
        let set_apart = (self.apart_turns > 0).then(|| SetApart {
            turns: self.apart_turns,
            words: apart_words,
            themes: analysis.themed(self.apart.finish(apart_words).0),
        });
        DocumentScore {
            id: analysis.transcript.id.clone(),
            metadata: analysis.transcript.metadata.clone(),
            words: self.words,
            turns: self.turns,
            segments: self.segments,
            negation: analysis.negation(),
            themes: analysis.themed(cells),
            set_apart,
            evidence,
        }
    }
}

/// A document's [`DocumentScore`], added up window after window ([`crate::Analyzer::windows`]):
/// the same score as [`DocumentAnalysis::score`] of the whole document, evidence in text order.
#[derive(Debug)]
pub struct DocumentScorer {
    evidence: EvidenceMode,
    sums: Option<ScoreTally>,
    done: Option<DocumentScore>,
}

impl DocumentScorer {
    /// A scorer of one document, with or without evidence.
    pub fn new(evidence: EvidenceMode) -> DocumentScorer {
        DocumentScorer {
            evidence,
            sums: None,
            done: None,
        }
    }

    /// Adds a window of the document (windows in order, the first one starting the document).
    pub fn add(&mut self, analysis: &DocumentAnalysis<'_>) {
        if analysis.is_first() || self.sums.is_none() {
            self.sums = Some(ScoreTally::new(analysis, self.evidence));
            self.done = None;
        }
        if let Some(sums) = &mut self.sums {
            sums.add(analysis);
        }
        if analysis.is_last() {
            self.done = self.sums.take().map(|sums| sums.finish(analysis));
        }
    }

    /// The document's score, once its last window has been added (`None` before).
    pub fn finish(self) -> Option<DocumentScore> {
        self.done
    }
}

/// A speaker of [`Unit::Speaker`] rows, with its sums so far.
#[derive(Debug)]
struct SpeakerSums {
    speaker: Option<String>,
    role: Role,
    tally: Tally,
    words: u32,
}

/// Unit rows of a document, window after window ([`crate::Analyzer::windows`]): turn, sentence and
/// segment rows come with the window they lie in; the document's row and the speakers' rows (summed
/// across windows) with its last window. The rows, and their order, are those of
/// [`DocumentAnalysis::rows`] of the whole document.
#[derive(Debug)]
pub struct UnitRows {
    unit: Unit,
    options: RowOptions,
    /// The document row's sums, or one per speaker in order of first appearance.
    sums: Vec<SpeakerSums>,
}

impl UnitRows {
    /// Rows of `unit` carrying what `options` asks for.
    pub fn new(unit: Unit, options: RowOptions) -> UnitRows {
        UnitRows {
            unit,
            options,
            sums: Vec::new(),
        }
    }

    /// Adds a window of the document (windows in order), handing each finished row to `each`.
    pub fn add(&mut self, analysis: &DocumentAnalysis<'_>, mut each: impl FnMut(UnitScore)) {
        let (unit, options) = (self.unit, self.options);
        if analysis.is_first() {
            self.sums.clear();
        }
        match unit {
            Unit::Document => {
                if self.sums.is_empty() {
                    self.sums.push(SpeakerSums {
                        speaker: None,
                        role: Role::Unknown,
                        tally: Tally::new(analysis, options.evidence),
                        words: 0,
                    });
                }
                let sums = &mut self.sums[0];
                for (_, t) in analysis.scored_turns() {
                    sums.words += t.words;
                    sums.tally.add(analysis, analysis.hits_in(t.tokens.clone()));
                }
                if analysis.is_last() {
                    let sums = self.sums.remove(0);
                    let meta = RowMeta::default();
                    each(analysis.unit_row(unit, options, sums.tally, meta, sums.words));
                }
            }
            Unit::Speaker => {
                // Speakers in order of first appearance; unlabelled turns group by role.
                for (i, t) in analysis.scored_turns() {
                    let turn = analysis.turn(i);
                    let key = (analysis.speaker(i), turn.role);
                    let k = match (self.sums.iter())
                        .position(|s| (s.speaker.as_deref(), s.role) == key)
                    {
                        Some(k) => k,
                        None => {
                            self.sums.push(SpeakerSums {
                                speaker: key.0.map(str::to_string),
                                role: turn.role,
                                tally: Tally::new(analysis, options.evidence),
                                words: 0,
                            });
                            self.sums.len() - 1
                        }
                    };
                    let sums = &mut self.sums[k];
                    sums.words += t.words;
                    sums.tally.add(analysis, analysis.hits_in(t.tokens.clone()));
                }
                if analysis.is_last() {
                    for (k, sums) in self.sums.drain(..).enumerate() {
                        let meta = RowMeta {
                            speaker: sums.speaker,
                            role: Some(sums.role),
                            index: Some(k),
                            ..RowMeta::default()
                        };
                        each(analysis.unit_row(unit, options, sums.tally, meta, sums.words));
                    }
                }
            }
            Unit::Turn => {
                for (i, t) in analysis.scored_turns() {
                    let turn = analysis.turn(i);
                    let mut tally = Tally::new(analysis, options.evidence);
                    tally.add(analysis, analysis.hits_in(t.tokens.clone()));
                    let meta = RowMeta {
                        speaker: analysis.speaker(i).map(str::to_string),
                        role: Some(turn.role),
                        turn: Some(i),
                        index: Some(i),
                        span: Some(turn.span),
                    };
                    each(analysis.unit_row(unit, options, tally, meta, t.words));
                }
            }
            Unit::Sentence | Unit::Segment => {
                let (list, first) = if unit == Unit::Sentence {
                    (&analysis.sentences, analysis.first_sentence())
                } else {
                    (&analysis.segments, analysis.first_segment())
                };
                for (k, u) in list.iter().enumerate() {
                    if !analysis.turn_analysis(u.turn).is_some_and(|t| t.scored) {
                        continue;
                    }
                    let turn = analysis.turn(u.turn);
                    let mut tally = Tally::new(analysis, options.evidence);
                    tally.add(analysis, analysis.hits_in(u.tokens.clone()));
                    let meta = RowMeta {
                        speaker: analysis.speaker(u.turn).map(str::to_string),
                        role: Some(turn.role),
                        turn: Some(u.turn),
                        index: Some(first + k),
                        span: Some(u.span),
                    };
                    each(analysis.unit_row(unit, options, tally, meta, u.words));
                }
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

#[cfg(test)]
mod tests {
    use super::*;

    fn cell(weighted: f64, per_1000: f64, term: &str) -> ThemeCell {
        ThemeCell {
            hits: 3,
            negated: 1,
            weighted,
            per_1000,
            segments_coded: 2,
            terms: [(term.to_string(), 3)].into(),
            negated_terms: [(format!("pas {term}"), 1)].into(),
            ..ThemeCell::default()
        }
    }

    /// The row writer gives serde_json's bytes, whatever the strings and numbers.
    #[test]
    fn rows_written_directly_are_serde_jsons_bytes() {
        let controls: String = (0u8..0x20).map(char::from).collect();
        let strings = [
            String::new(),
            controls,
            "\"quoted\" \\ back\\slash \u{7f} / slash".to_string(),
            "é, \u{2028} \u{2029} \u{85} 🙂 \u{feff}".to_string(),
        ];
        let numbers = [
            0.0,
            -0.0,
            0.1 + 0.2,
            1e308,
            f64::MIN_POSITIVE,
            333.3333333333333,
            f64::NAN,
            f64::INFINITY,
        ];
        for (i, s) in strings.iter().enumerate() {
            for (j, &x) in numbers.iter().enumerate() {
                let mut row = UnitScore {
                    id: s.clone(),
                    unit: Unit::Turn,
                    metadata: [(s.clone(), s.clone()), ("k".into(), "v".into())].into(),
                    speaker: (i % 2 == 0).then(|| s.clone()),
                    role: (j % 2 == 0).then_some(Role::Respondent),
                    turn: Some(usize::MAX),
                    index: (j % 3 == 0).then_some(7),
                    span: (i % 3 != 1).then_some(Span::new(0, usize::MAX)),
                    words: u32::MAX,
                    themes: [
                        (s.clone(), cell(x, -x, s)),
                        ("t2".into(), cell(1.5, x, "a")),
                    ]
                    .into(),
                    evidence: Vec::new(),
                };
                if j == 1 {
                    row.metadata.clear();
                    row.themes.clear();
                }
                if j == 2 {
                    row.themes
                        .values_mut()
                        .for_each(|c| c.negated_terms.clear());
                }
                let mut mine = Vec::new();
                row.write_json(&mut mine);
                let theirs = serde_json::to_vec(&row).expect("serialises");
                assert_eq!(
                    String::from_utf8_lossy(&mine),
                    String::from_utf8_lossy(&theirs)
                );
            }
        }
    }
}
