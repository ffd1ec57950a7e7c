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
use crate::score::{Reason, RowOptions, Unit, UnitRows, UnitScore};
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
    bigrams: FxMap<(u32, u32), u32>,
    lexicon: Vec<u32>,
    negated_lexicon: Vec<u32>,
    interviewer: u32,
    /// `weights[f * themes + t]`.
    weights: Vec<f64>,
    names: Vec<String>,
    /// Per feature: whether it is a word feature, valued by [`word_value`].
    scaled: Vec<bool>,
    /// Per feature: whether it stands for a negated mention (never a reason).
    negated: Vec<bool>,
}

/// One worker's buffers for a [`ModelCoder`].
#[derive(Debug, Default)]
pub struct CoderScratch {
    features: FeatureScratch,
    found: Vec<(u32, Span)>,
    margins: Vec<f64>,
    /// Stem id → the model's stem slot (or [`NONE`], or [`UNSEEN`] before the first lookup), for
    /// the term table of generation `slots_of`.
    slots: Vec<u32>,
    slots_of: u64,
}

const UNSEEN: u32 = u32::MAX - 1;

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
            bigrams: FxMap::default(),
            lexicon: vec![NONE; themes],
            negated_lexicon: vec![NONE; themes],
            interviewer: NONE,
            weights: Vec::new(),
            names: Vec::new(),
            scaled: Vec::new(),
            negated: Vec::new(),
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
                }
            } else if let Some(t) = name.strip_prefix("lex:").and_then(theme_index) {
                coder.lexicon[t] = f;
            } else if let Some(t) = name.strip_prefix("neg:").and_then(theme_index) {
                coder.negated_lexicon[t] = f;
            } else if name == INTERVIEWER {
                coder.interviewer = f;
            }
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
            Key::Bigram(a, b) => match (slot(a), slot(b)) {
                (NONE, _) | (_, NONE) => NONE,
                pair => self.bigrams.get(&pair).copied().unwrap_or(NONE),
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
        let generation = analysis.terms.generation();
        if scratch.slots_of != generation {
            scratch.slots.clear();
            scratch.slots_of = generation;
        }
        let options = self.model.features;
        let found = &mut scratch.found;
        let slots = &mut scratch.slots;
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
                        found.push((f, span));
                    }
                },
            );
        }
        scratch
            .found
            .sort_by_key(|&(f, span)| (f, span.start, span.end));
        scratch.margins.clear();
        scratch
            .margins
            .extend(self.model.themes.iter().map(|t| t.bias));
        let mut words = 0;
        let mut last = NONE;
        for &(f, _) in &scratch.found {
            if f != last && self.scaled[f as usize] {
                words += 1;
            }
            last = f;
        }
        let value = word_value(words);
        let mut last = NONE;
        for &(f, _) in &scratch.found {
            if f == last {
                continue;
            }
            last = f;
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
        let probability: Vec<f64> = scratch.margins.iter().map(|&m| sigmoid(m)).collect();
        let present = probability
            .iter()
            .zip(&self.model.themes)
            .enumerate()
            .map(|(t, (p, theme))| {
                *p >= theme.threshold || (theme.lexicon_present && self.hit(t, scratch))
            })
            .collect();
        UnitCoding {
            probability,
            present,
        }
    }

    /// Whether the last coded unit holds one of theme `t`'s own lexicon hits.
    fn hit(&self, t: usize, scratch: &CoderScratch) -> bool {
        let f = self.lexicon[t];
        f != NONE && scratch.found.binary_search_by_key(&f, |&(g, _)| g).is_ok()
    }

    /// The distinct features of the last coded unit, sorted.
    pub(crate) fn last_features(&self, scratch: &CoderScratch) -> Vec<u32> {
        let mut ids: Vec<u32> = scratch.found.iter().map(|&(f, _)| f).collect();
        ids.dedup();
        ids
    }

    /// The features of the last coded unit that weighed most for theme `t`, strongest first:
    /// positive weights only (and the theme's own lexicon hits where they suffice to make it
    /// present), so a negated mention is never a reason for a theme.
    fn reasons(
        &self,
        analysis: &DocumentAnalysis<'_>,
        t: usize,
        scratch: &CoderScratch,
    ) -> Vec<Reason> {
        // Distinct features with a positive weight, each with where its spans start in `found`.
        let found = &scratch.found;
        let mut weighed: Vec<(u32, f64, usize, bool)> = Vec::new();
        for (k, &(f, _)) in found.iter().enumerate() {
            let w = self.weights[f as usize * self.themes + t];
            // With `lexicon_present` the theme's own hits suffice to make it present: they are
            // a reason, first, whatever their weight.
            let decisive = f == self.lexicon[t] && self.model.themes[t].lexicon_present;
            if (w <= 0.0 && !decisive)
                || self.negated[f as usize]
                || weighed.last().is_some_and(|x| x.0 == f)
            {
                continue;
            }
            weighed.push((f, w, k, decisive));
        }
        weighed
            .sort_unstable_by(|a, b| b.3.cmp(&a.3).then(b.1.total_cmp(&a.1)).then(a.0.cmp(&b.0)));
        weighed.truncate(REASONS);
        let text = &analysis.transcript.text;
        weighed
            .into_iter()
            .map(|(f, weight, k, _)| {
                let spans: Vec<Span> = found[k..]
                    .iter()
                    .take_while(|x| x.0 == f)
                    .take(SPANS)
                    .map(|x| x.1)
                    .collect();
                Reason {
                    feature: self.names[f as usize].clone(),
                    weight,
                    text: text.get(spans[0].range()).unwrap_or_default().to_string(),
                    spans,
                }
            })
            .collect()
    }
}

fn rounded(p: f64) -> f64 {
    (p * 1e6).round() / 1e6
}

/// Per theme: probability, decision and reasons.
type Decision = (Vec<f64>, Vec<bool>, Vec<Vec<Reason>>);

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
        if matches!(self.unit, Unit::Document | Unit::Speaker) {
            for (i, t) in analysis.scored_turns() {
                let key = match self.unit {
                    Unit::Document => (None, Role::Unknown),
                    _ => (analysis.speaker(i).map(str::to_string), analysis.role(i)),
                };
                let coding = coder.code(analysis, i, t.tokens.clone(), scratch);
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
                for th in 0..coder.themes {
                    // A present turn wins over any absent one (a theme present on its lexicon
                    // hits may have a lower probability), then the higher probability.
                    let (p, present) = (coding.probability[th], coding.present[th]);
                    if (present, p) > (best.present[th], best.probability[th]) {
                        best.probability[th] = p;
                        best.present[th] = present;
                        best.because[th] = match present {
                            true => coder.reasons(analysis, th, scratch),
                            false => Vec::new(),
                        };
                    }
                }
            }
        }
        let best = &self.best;
        let (unit, all_themes) = (self.unit, self.all_themes);
        self.rows.add(analysis, |mut row| {
            let decided: Option<Decision> = match unit {
                Unit::Document | Unit::Speaker => {
                    let key = match unit {
                        Unit::Document => (None, Role::Unknown),
                        _ => (row.speaker.clone(), row.role.unwrap_or_default()),
                    };
                    best.iter()
                        .find(|b| b.key == key)
                        .map(|b| (b.probability.clone(), b.present.clone(), b.because.clone()))
                }
                _ => unit_tokens(analysis, unit, &row).map(|(turn, tokens)| {
                    let coding = coder.code(analysis, turn, tokens, scratch);
                    let because = (0..coder.themes)
                        .map(|th| match coding.present[th] {
                            true => coder.reasons(analysis, th, scratch),
                            false => Vec::new(),
                        })
                        .collect();
                    (coding.probability, coding.present, because)
                }),
            };
            let (probability, present, because) = decided.unwrap_or_else(|| {
                (
                    vec![0.0; coder.themes],
                    vec![false; coder.themes],
                    vec![Vec::new(); coder.themes],
                )
            });
            for (th, reasons) in because.into_iter().enumerate() {
                let id = &coder.model.themes[th].id;
                if !(all_themes || present[th] || row.themes.contains_key(id)) {
                    continue;
                }
                let cell = row.themes.entry(id.clone()).or_default();
                cell.present = Some(present[th]);
                cell.probability = Some(rounded(probability[th]));
                cell.because = reasons;
            }
            each(row)
        });
    }
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
