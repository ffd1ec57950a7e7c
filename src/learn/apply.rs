//! Applying a model: a unit's features by id, each theme's probability, the decision, and the
//! features that weighed most, with their spans.

use super::features::{
    extract, is_negated_name, is_word_name, word_value, FeatureScratch, Key, INTERVIEWER,
};
use super::logistic::sigmoid;
use super::model::Model;
use crate::analysis::DocumentAnalysis;
use crate::analyzer::Analyzer;
use crate::error::Result;
use crate::fxhash::FxMap;
use crate::matcher::StemId;
use crate::score::{Reason, RowOptions, ThemeCell, Unit, UnitRows, UnitScore};
use crate::span::Span;
use crate::transcript::Role;
use std::collections::BTreeMap;
use std::ops::Range;

const NONE: u32 = u32::MAX;
/// Reasons given per theme said present.
const REASONS: usize = 5;
/// Spans given per reason.
const SPANS: usize = 3;

/// A model compiled for one analyzer: feature names resolved to dense ids and a feature × theme
/// weight table. Build it once and share it across threads; give each worker a [`CoderScratch`].
///
/// ```
/// use entretien::agreement::CodedSet;
/// use entretien::coded::CodedPassage;
/// use entretien::learn::{learn, LearnOptions, ModelCoder};
/// use entretien::{Analyzer, Lexicon, Transcript};
///
/// let analyzer = Analyzer::builder().build(&Lexicon::default_french())?;
/// let passage = |id: &str, text: &str, themes: &[&str]| CodedPassage {
///     id: id.into(),
///     text: text.into(),
///     themes: themes.iter().map(|t| t.to_string()).collect(),
///     denied: vec![],
///     coder: None,
///     document: None,
///     origin: None,
/// };
/// let mut passages = Vec::new();
/// for i in 0..12 {
///     passages.push(passage(&format!("a{i}"), "On clique, on clique, toute la journée.", &["routinisation"]));
///     passages.push(passage(&format!("b{i}"), "Le chef passe nous voir le matin.", &[]));
/// }
/// let learned = learn(&analyzer, &CodedSet::new(passages), &LearnOptions::new())?;
/// let coder = ModelCoder::new(learned.model, &analyzer)?;
/// let mut scratch = analyzer.scratch();
/// let mut cs = coder.scratch();
/// let t = Transcript::from_text("e01", "Franchement on clique toute la journée.");
/// let analysis = analyzer.analyze(&t, &mut scratch);
/// let turn = &analysis.turns[0];
/// let coding = coder.code(&analysis, 0, turn.tokens.clone(), &mut cs);
/// let r = coder.theme_index("routinisation").unwrap();
/// assert!(coding.present[r]);
/// # Ok::<(), entretien::Error>(())
/// ```
#[derive(Debug)]
pub struct ModelCoder {
    model: Model,
    themes: usize,
    stems: FxMap<Box<str>, u32>,
    /// Per stem slot: its `w:` and `n:` features.
    stem_features: Vec<[u32; 2]>,
    /// Per stem slot: whether a bigram of the model starts with it (most pairs of a passage are
    /// then settled without a lookup).
    opens_bigram: Vec<bool>,
    bigrams: FxMap<(u32, u32), u32>,
    lexicon: Vec<u32>,
    /// Per theme: its own hits' feature when they make it present (`lexicon_present`), or
    /// [`NONE`].
    decisive: Vec<u32>,
    negated_lexicon: Vec<u32>,
    interviewer: u32,
    /// `weights[f * themes + t]`.
    weights: Vec<f64>,
    names: Vec<String>,
    /// Per feature: whether it is a word feature, valued by [`word_value`].
    scaled: Vec<bool>,
    /// Per feature: whether it stands for a negated mention (never a reason).
    negated: Vec<bool>,
    /// Per theme: the features that may be its reasons (positive weight, not negated), strongest
    /// first, then by id.
    ranked: Vec<Vec<u32>>,
}

/// One worker's buffers for a [`ModelCoder`].
#[derive(Debug, Default)]
pub struct CoderScratch {
    features: FeatureScratch,
    /// The features of the last coded unit with their spans, in the order found, each with the
    /// index of the feature's next occurrence (or [`NONE`]).
    found: Vec<(u32, Span, u32)>,
    /// The distinct features of `found`, sorted.
    distinct: Vec<u32>,
    /// Per feature: the last unit (`unit`) it was found in, and its first and last occurrences in
    /// `found` then, so that neither `distinct` nor a feature's spans need a sort of `found`.
    seen: Vec<Seen>,
    unit: u32,
    margins: Vec<f64>,
    /// The reasons' buffers: one theme's strongest features, and one feature's spans.
    top: Vec<(u32, f64)>,
    spans: Vec<Span>,
    /// The themes of a unit that need reasons.
    wanted: Vec<usize>,
    /// Stem id → the model's stem slot (or [`NONE`], or [`UNSEEN`] before the first lookup), for
    /// the term table of generation `slots_of`.
    slots: Vec<u32>,
    slots_of: u64,
}

const UNSEEN: u32 = u32::MAX - 1;

#[derive(Debug, Clone, Copy, Default)]
struct Seen {
    unit: u32,
    first: u32,
    last: u32,
}

/// A unit's coding: per theme (lexicon order) the probability and the decision.
#[derive(Debug, Clone, PartialEq, Default)]
#[non_exhaustive]
pub struct UnitCoding {
    /// The probability that the theme is present.
    pub probability: Vec<f64>,
    /// Whether it is said present (probability at least the theme's threshold).
    pub present: Vec<bool>,
}

impl ModelCoder {
    /// Compiles `model` for `analyzer`, refusing it when the lexicon or the pipeline differ from
    /// training ([`Model::check`]).
    pub fn new(model: Model, analyzer: &Analyzer) -> Result<ModelCoder> {
        model.check(analyzer)?;
        let themes = model.themes.len();
        let mut coder = ModelCoder {
            themes,
            stems: FxMap::default(),
            stem_features: Vec::new(),
            opens_bigram: Vec::new(),
            bigrams: FxMap::default(),
            lexicon: vec![NONE; themes],
            decisive: vec![NONE; themes],
            negated_lexicon: vec![NONE; themes],
            interviewer: NONE,
            weights: Vec::new(),
            names: Vec::new(),
            scaled: Vec::new(),
            negated: Vec::new(),
            ranked: Vec::new(),
            model: model.clone(),
        };
        // A theme coded present on its lexicon hits needs its hits seen, whatever their weight.
        let own_hits: Vec<String> = model
            .themes
            .iter()
            .filter(|t| t.lexicon_present)
            .map(|t| format!("lex:{}", t.id))
            .collect();
        let mut ids: BTreeMap<&str, u32> = BTreeMap::new();
        for name in &own_hits {
            let next = ids.len() as u32;
            ids.entry(name.as_str()).or_insert(next);
        }
        for theme in &model.themes {
            for name in theme.weights.keys() {
                if Model::known_feature(name) {
                    let next = ids.len() as u32;
                    ids.entry(name.as_str()).or_insert(next);
                }
            }
        }
        coder.names = vec![String::new(); ids.len()];
        coder.weights = vec![0.0; ids.len() * themes];
        for (t, theme) in model.themes.iter().enumerate() {
            for (name, w) in &theme.weights {
                if let Some(&f) = ids.get(name.as_str()) {
                    coder.weights[f as usize * themes + t] = *w;
                }
            }
        }
        let theme_index = |id: &str| model.themes.iter().position(|t| t.id == id);
        coder.scaled = vec![false; ids.len()];
        coder.negated = vec![false; ids.len()];
        for (&name, &f) in &ids {
            coder.names[f as usize] = name.to_string();
            coder.scaled[f as usize] = is_word_name(name);
            coder.negated[f as usize] = is_negated_name(name);
            if let Some(stem) = name.strip_prefix("w:") {
                let slot = coder.slot(stem);
                coder.stem_features[slot as usize][0] = f;
            } else if let Some(stem) = name.strip_prefix("n:") {
                let slot = coder.slot(stem);
                coder.stem_features[slot as usize][1] = f;
            } else if let Some(pair) = name.strip_prefix("b:") {
                if let Some((a, b)) = pair.split_once(' ') {
                    let (a, b) = (coder.slot(a), coder.slot(b));
                    coder.bigrams.insert((a, b), f);
                    coder.opens_bigram[a as usize] = true;
                }
            } else if let Some(t) = name.strip_prefix("lex:").and_then(theme_index) {
                coder.lexicon[t] = f;
            } else if let Some(t) = name.strip_prefix("neg:").and_then(theme_index) {
                coder.negated_lexicon[t] = f;
            } else if name == INTERVIEWER {
                coder.interviewer = f;
            }
        }
        for (t, theme) in model.themes.iter().enumerate() {
            if theme.lexicon_present {
                coder.decisive[t] = coder.lexicon[t];
            }
            let weight = |f: u32| coder.weights[f as usize * themes + t];
            let mut ranked: Vec<u32> = (0..ids.len() as u32)
                .filter(|&f| weight(f) > 0.0 && !coder.negated[f as usize])
                .collect();
            ranked.sort_by(|&a, &b| weight(b).total_cmp(&weight(a)).then(a.cmp(&b)));
            coder.ranked.push(ranked);
        }
        Ok(coder)
    }

    fn slot(&mut self, stem: &str) -> u32 {
        if let Some(&s) = self.stems.get(stem) {
            return s;
        }
        let s = self.stem_features.len() as u32;
        self.stems.insert(stem.into(), s);
        self.stem_features.push([NONE; 2]);
        self.opens_bigram.push(false);
        s
    }

    /// The model.
    pub fn model(&self) -> &Model {
        &self.model
    }

    /// A theme's index (lexicon order).
    pub fn theme_index(&self, id: &str) -> Option<usize> {
        self.model.themes.iter().position(|t| t.id == id)
    }

    /// Fresh buffers for one worker.
    pub fn scratch(&self) -> CoderScratch {
        CoderScratch::default()
    }

    fn feature(&self, analysis: &DocumentAnalysis<'_>, key: Key, slots: &mut Vec<u32>) -> u32 {
        let mut slot = |s: StemId| {
            let i = s.index();
            if i >= slots.len() {
                slots.resize(i + 1, UNSEEN);
            }
            if slots[i] == UNSEEN {
                slots[i] = self
                    .stems
                    .get(analysis.stem_text(s))
                    .copied()
                    .unwrap_or(NONE);
            }
            slots[i]
        };
        let mut stem_feature = |s, k: usize| match slot(s) {
            NONE => NONE,
            x => self.stem_features[x as usize][k],
        };
        match key {
            Key::Stem(s) => stem_feature(s, 0),
            Key::NegatedStem(s) => stem_feature(s, 1),
            Key::Bigram(a, b) => match slot(a) {
                NONE => NONE,
                a if !self.opens_bigram[a as usize] => NONE,
                a => match slot(b) {
                    NONE => NONE,
                    b => self.bigrams.get(&(a, b)).copied().unwrap_or(NONE),
                },
            },
            Key::Lexicon(t) => self.lexicon.get(t as usize).copied().unwrap_or(NONE),
            Key::NegatedLexicon(t) => self
                .negated_lexicon
                .get(t as usize)
                .copied()
                .unwrap_or(NONE),
            Key::Interviewer => self.interviewer,
        }
    }

    /// Gathers the model's features found in the tokens `tokens` of turn `turn` (transcript
    /// index), sorted by id with their spans, and each theme's margin.
    fn gather(
        &self,
        analysis: &DocumentAnalysis<'_>,
        parts: impl IntoIterator<Item = (usize, Range<usize>)>,
        scratch: &mut CoderScratch,
    ) {
        scratch.found.clear();
        scratch.distinct.clear();
        scratch.unit = scratch.unit.wrapping_add(1);
        if scratch.unit == 0 || scratch.seen.len() < self.names.len() {
            scratch.seen.clear();
            scratch.seen.resize(self.names.len(), Seen::default());
            scratch.unit = 1;
        }
        let generation = analysis.terms.generation();
        if scratch.slots_of != generation {
            scratch.slots.clear();
            scratch.slots_of = generation;
        }
        let options = self.model.features;
        let CoderScratch {
            found,
            distinct,
            seen,
            unit,
            slots,
            ..
        } = scratch;
        for (turn, tokens) in parts {
            extract(
                analysis,
                turn,
                tokens,
                &options,
                &mut scratch.features,
                |key, span| {
                    let f = self.feature(analysis, key, slots);
                    if f != NONE {
                        let k = found.len() as u32;
                        found.push((f, span, NONE));
                        let s = &mut seen[f as usize];
                        if s.unit != *unit {
                            *s = Seen {
                                unit: *unit,
                                first: k,
                                last: k,
                            };
                            distinct.push(f);
                        } else {
                            found[s.last as usize].2 = k;
                            s.last = k;
                        }
                    }
                },
            );
        }
        // Ascending ids: the order of the sums at training.
        distinct.sort_unstable();
        scratch.margins.clear();
        scratch
            .margins
            .extend(self.model.themes.iter().map(|t| t.bias));
        let words = distinct
            .iter()
            .filter(|&&f| self.scaled[f as usize])
            .count();
        let value = word_value(words);
        for &f in distinct.iter() {
            let v = if self.scaled[f as usize] { value } else { 1.0 };
            let row = &self.weights[f as usize * self.themes..(f as usize + 1) * self.themes];
            for (m, w) in scratch.margins.iter_mut().zip(row) {
                *m += v * w;
            }
        }
    }

    /// Codes the tokens `tokens` of turn `turn` (its transcript index) of an analysis.
    pub fn code(
        &self,
        analysis: &DocumentAnalysis<'_>,
        turn: usize,
        tokens: Range<usize>,
        scratch: &mut CoderScratch,
    ) -> UnitCoding {
        self.gather(analysis, [(turn, tokens)], scratch);
        self.decide(scratch)
    }

    /// Codes every scored turn of a (whole) analysis as one passage, as the coded passages were
    /// read at training.
    pub fn code_passage(
        &self,
        analysis: &DocumentAnalysis<'_>,
        scratch: &mut CoderScratch,
    ) -> UnitCoding {
        scratch.features.reset();
        let parts: Vec<(usize, Range<usize>)> = analysis
            .scored_turns()
            .map(|(i, t)| (i, t.tokens.clone()))
            .collect();
        self.gather(analysis, parts, scratch);
        self.decide(scratch)
    }

    fn decide(&self, scratch: &CoderScratch) -> UnitCoding {
        let (probability, present) = (0..self.themes).map(|t| self.decision(t, scratch)).unzip();
        UnitCoding {
            probability,
            present,
        }
    }

    /// Theme `t`'s probability in the last coded unit, and whether it is present.
    fn decision(&self, t: usize, scratch: &CoderScratch) -> (f64, bool) {
        let theme = &self.model.themes[t];
        let p = sigmoid(scratch.margins[t]);
        (
            p,
            p >= theme.threshold || (theme.lexicon_present && self.hit(t, scratch)),
        )
    }

    /// Whether the last coded unit holds one of theme `t`'s own lexicon hits.
    fn hit(&self, t: usize, scratch: &CoderScratch) -> bool {
        let f = self.lexicon[t];
        f != NONE && scratch.seen[f as usize].unit == scratch.unit
    }

    /// The distinct features of the last coded unit, sorted.
    pub(crate) fn last_features(&self, scratch: &CoderScratch) -> Vec<u32> {
        scratch.distinct.clone()
    }

    /// The features of the last coded unit that weighed most for each theme of `themes`, strongest
    /// first, handed to `each` with the theme: positive weights only (and the theme's own lexicon
    /// hits first where they suffice to make it present), so a negated mention is never a reason
    /// for a theme.
    fn reasons(
        &self,
        analysis: &DocumentAnalysis<'_>,
        themes: &[usize],
        scratch: &mut CoderScratch,
        mut each: impl FnMut(usize, Vec<Reason>),
    ) {
        let CoderScratch {
            found,
            seen,
            unit,
            top,
            spans,
            ..
        } = scratch;
        let here = |f: u32| seen[f as usize].unit == *unit;
        let text = &analysis.transcript.text;
        for &t in themes {
            top.clear();
            // With `lexicon_present` the theme's own hits suffice to make it present: they are a
            // reason, first, whatever their weight.
            let decisive = self.decisive[t];
            if decisive != NONE && here(decisive) {
                top.push((decisive, self.weights[decisive as usize * self.themes + t]));
            }
            // The theme's ranked features, until enough of them are in the unit: a long unit
            // stops early, a short one walks further.
            for &f in &self.ranked[t] {
                if top.len() == REASONS {
                    break;
                }
                if f != decisive && here(f) {
                    top.push((f, self.weights[f as usize * self.themes + t]));
                }
            }
            let reasons = top
                .iter()
                .map(|&(f, weight)| {
                    spans.clear();
                    let mut at = seen[f as usize].first;
                    while let Some(&(_, span, next)) = found.get(at as usize) {
                        spans.push(span);
                        at = next;
                    }
                    spans.sort_unstable_by_key(|s| (s.start, s.end));
                    spans.truncate(SPANS);
                    Reason {
                        feature: self.names[f as usize].clone(),
                        weight,
                        text: text.get(spans[0].range()).unwrap_or_default().to_string(),
                        spans: spans.clone(),
                    }
                })
                .collect();
            each(t, reasons);
        }
    }
}

fn rounded(p: f64) -> f64 {
    (p * 1e6).round() / 1e6
}

/// The best turn so far of a document or speaker row, per theme.
#[derive(Debug, Clone)]
struct Best {
    key: (Option<String>, Role),
    probability: Vec<f64>,
    present: Vec<bool>,
    because: Vec<Vec<Reason>>,
}

/// Unit rows of a document with a learned model's decisions: [`UnitRows`] whose cells carry
/// `present`, `probability` and, where present, `because`. A row lists the themes the lexicon hit
/// in it and those the model says present (every theme with [`RowOptions::all_themes`]). Turn, sentence and segment units are
/// coded as they are; a document or speaker row holds a theme when one of its turns does, with
/// the highest probability of its turns and that turn's reasons.
#[derive(Debug)]
pub struct ModelRows<'m> {
    coder: &'m ModelCoder,
    rows: UnitRows,
    unit: Unit,
    all_themes: bool,
    best: Vec<Best>,
}

impl<'m> ModelRows<'m> {
    /// Rows of `unit` with what `options` asks for, coded by `coder`.
    pub fn new(coder: &'m ModelCoder, unit: Unit, options: RowOptions) -> ModelRows<'m> {
        ModelRows {
            coder,
            rows: UnitRows::new(unit, options),
            unit,
            all_themes: options.all_themes,
            best: Vec::new(),
        }
    }

    /// Adds a window of the document (windows in order), handing each finished row to `each`.
    pub fn add(
        &mut self,
        analysis: &DocumentAnalysis<'_>,
        scratch: &mut CoderScratch,
        mut each: impl FnMut(UnitScore),
    ) {
        let coder = self.coder;
        if analysis.is_first() {
            self.best.clear();
            scratch.features.reset();
        }
        let mut wanted = std::mem::take(&mut scratch.wanted);
        if matches!(self.unit, Unit::Document | Unit::Speaker) {
            for (i, t) in analysis.scored_turns() {
                let key = match self.unit {
                    Unit::Document => (None, Role::Unknown),
                    _ => (analysis.speaker(i).map(str::to_string), analysis.role(i)),
                };
                coder.gather(analysis, [(i, t.tokens.clone())], scratch);
                let k = match self.best.iter().position(|b| b.key == key) {
                    Some(k) => k,
                    None => {
                        self.best.push(Best {
                            key,
                            probability: vec![0.0; coder.themes],
                            present: vec![false; coder.themes],
                            because: vec![Vec::new(); coder.themes],
                        });
                        self.best.len() - 1
                    }
                };
                let best = &mut self.best[k];
                wanted.clear();
                for th in 0..coder.themes {
                    // A present turn wins over any absent one (a theme present on its lexicon
                    // hits may have a lower probability), then the higher probability.
                    let (p, present) = coder.decision(th, scratch);
                    if (present, p) > (best.present[th], best.probability[th]) {
                        best.probability[th] = p;
                        best.present[th] = present;
                        best.because[th].clear();
                        if present {
                            wanted.push(th);
                        }
                    }
                }
                coder.reasons(analysis, &wanted, scratch, |th, r| best.because[th] = r);
            }
        }
        let best = &self.best;
        let (unit, all_themes) = (self.unit, self.all_themes);
        let cell = |row: &mut UnitScore, th: usize, p: f64, present: bool| {
            listed_cell(row, &coder.model.themes[th].id, all_themes, p, present).is_some()
        };
        self.rows.add(analysis, |mut row| {
            match unit {
                Unit::Document | Unit::Speaker => {
                    let key = match unit {
                        Unit::Document => (None, Role::Unknown),
                        _ => (row.speaker.clone(), row.role.unwrap_or_default()),
                    };
                    let b = best.iter().find(|b| b.key == key);
                    for th in 0..coder.themes {
                        let (p, present) =
                            b.map_or((0.0, false), |b| (b.probability[th], b.present[th]));
                        let id = &coder.model.themes[th].id;
                        if let (Some(cell), Some(b)) =
                            (listed_cell(&mut row, id, all_themes, p, present), b)
                        {
                            cell.because = b.because[th].clone();
                        }
                    }
                }
                _ => {
                    let tokens = unit_tokens(analysis, unit, &row);
                    if let Some((turn, tokens)) = tokens.clone() {
                        coder.gather(analysis, [(turn, tokens)], scratch);
                    }
                    wanted.clear();
                    for th in 0..coder.themes {
                        let (p, present) = match tokens {
                            Some(_) => coder.decision(th, scratch),
                            None => (0.0, false),
                        };
                        if cell(&mut row, th, p, present) && present {
                            wanted.push(th);
                        }
                    }
                    coder.reasons(analysis, &wanted, scratch, |th, reasons| {
                        if let Some(cell) = row.themes.get_mut(&coder.model.themes[th].id) {
                            cell.because = reasons;
                        }
                    });
                }
            }
            each(row)
        });
        scratch.wanted = wanted;
    }
}

/// The cell of theme `id` in `row`, with the model's decision, when the row lists the theme: when
/// it is present, hit, or `all_themes` asks for every theme.
fn listed_cell<'r>(
    row: &'r mut UnitScore,
    id: &str,
    all_themes: bool,
    p: f64,
    present: bool,
) -> Option<&'r mut ThemeCell> {
    if !row.themes.contains_key(id) {
        if !(all_themes || present) {
            return None;
        }
        row.themes.insert(id.to_string(), ThemeCell::default());
    }
    let cell = row.themes.get_mut(id)?;
    cell.present = Some(present);
    cell.probability = Some(rounded(p));
    cell.because = Vec::new();
    Some(cell)
}

/// The turn and tokens of a turn, sentence or segment row, in this window.
fn unit_tokens(
    analysis: &DocumentAnalysis<'_>,
    unit: Unit,
    row: &UnitScore,
) -> Option<(usize, Range<usize>)> {
    let turn = row.turn?;
    match unit {
        Unit::Turn => Some((turn, analysis.turn_analysis(turn)?.tokens.clone())),
        Unit::Sentence => {
            let k = row.index?.checked_sub(analysis.first_sentence())?;
            Some((turn, analysis.sentences.get(k)?.tokens.clone()))
        }
        Unit::Segment => {
            let k = row.index?.checked_sub(analysis.first_segment())?;
            Some((turn, analysis.segments.get(k)?.tokens.clone()))
        }
        _ => None,
    }
}
