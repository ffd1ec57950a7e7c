//! The evaluation of a lexicon against human coding: per theme and overall, against each coder
//! and their mean, coders against each other, the figures of `../shared/tools/theme_agreement.py`,
//! the confusion between themes, and the passages behind the errors.

use super::coding::{Indicated, LexiconCoding, PassageCoder};
use super::measures::{mean, BinaryAlpha, Counts};
use super::set::CodedSet;
use crate::analyzer::Analyzer;
use crate::error::Result;
use crate::score::Unit;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap};

/// What an evaluation measures with.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct EvalOptions {
    /// The unit the lexicon codes: a passage's themes are those of its units (the passage itself
    /// by default; any unit of it for finer units).
    pub unit: Unit,
    /// Examples of false positives and false negatives kept per theme.
    pub examples: usize,
}

impl Default for EvalOptions {
    fn default() -> Self {
        EvalOptions {
            unit: Unit::Document,
            examples: 5,
        }
    }
}

impl EvalOptions {
    /// The default options: passages as units, 5 examples per theme.
    pub fn new() -> EvalOptions {
        EvalOptions::default()
    }

    /// Sets the unit the lexicon codes.
    pub fn unit(mut self, unit: Unit) -> EvalOptions {
        self.unit = unit;
        self
    }

    /// Sets how many examples of errors are kept per theme.
    pub fn examples(mut self, n: usize) -> EvalOptions {
        self.examples = n;
        self
    }
}

/// A candidate (the lexicon, or a second coder) against a reference coder, on one theme or on all.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Agreement {
    /// The reference coder.
    pub coder: String,
    /// Passage × theme pairs.
    #[serde(flatten)]
    pub counts: Counts,
    /// tp / (tp + fp).
    pub precision: Option<f64>,
    /// tp / (tp + fn).
    pub recall: Option<f64>,
    /// F1 (micro-F1 when over all themes).
    pub f1: Option<f64>,
    /// Cohen's κ (on one theme: present or absent over the passages; over all themes: over passage
    /// × theme pairs).
    pub kappa: Option<f64>,
}

impl Agreement {
    fn new(coder: String, counts: Counts) -> Agreement {
        Agreement {
            coder,
            precision: counts.precision(),
            recall: counts.recall(),
            f1: counts.f1(),
            kappa: counts.kappa(),
            counts,
        }
    }
}

/// The means over coders of the lexicon's figures.
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize, Deserialize)]
#[non_exhaustive]
pub struct MeanAgreement {
    /// Mean precision.
    pub precision: Option<f64>,
    /// Mean recall.
    pub recall: Option<f64>,
    /// Mean F1 (of micro-F1s, over all themes).
    pub f1: Option<f64>,
    /// Mean κ.
    pub kappa: Option<f64>,
    /// Mean macro-F1 (over all themes only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub macro_f1: Option<f64>,
}

impl MeanAgreement {
    fn of(agreements: &[Agreement]) -> MeanAgreement {
        MeanAgreement {
            precision: mean(agreements.iter().map(|a| a.precision)),
            recall: mean(agreements.iter().map(|a| a.recall)),
            f1: mean(agreements.iter().map(|a| a.f1)),
            kappa: mean(agreements.iter().map(|a| a.kappa)),
            macro_f1: None,
        }
    }
}

/// Two coders against each other (the first as reference), over the passages both coded.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct CoderAgreement {
    /// The second coder (the first is [`Agreement::coder`]).
    pub with: String,
    /// The figures, the first coder as reference.
    #[serde(flatten)]
    pub agreement: Agreement,
}

/// An indicator and how many passages it made a false positive in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct IndicatorCount {
    /// The indicator as written.
    pub indicator: String,
    /// Passages.
    pub passages: u64,
}

/// One theme's figures.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct ThemeEvaluation {
    /// The theme id.
    pub theme: String,
    /// Whether the lexicon has the theme (coders may name themes it does not have).
    pub in_lexicon: bool,
    /// Passages the lexicon reports it in.
    pub reported: u64,
    /// Passages at least one coder coded it in.
    pub coded: u64,
    /// The lexicon against each coder.
    pub lexicon: Vec<Agreement>,
    /// Their mean.
    pub mean: MeanAgreement,
    /// Coders against each other.
    pub coders: Vec<CoderAgreement>,
    /// Krippendorff's α of the coders (present or absent, missing codings allowed).
    pub alpha: Option<f64>,
    /// Passages where the lexicon reports it and at least one coder did not code it.
    pub false_positives: u64,
    /// Passages where a coder coded it and the lexicon does not report it.
    pub false_negatives: u64,
    /// The indicators behind the false positives, most passages first.
    pub fp_indicators: Vec<IndicatorCount>,
}

/// Figures over all themes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Overall {
    /// The lexicon against each coder: micro figures over passage × theme pairs.
    pub lexicon: Vec<Agreement>,
    /// Macro-F1 against each coder: the mean of the per-theme F1s that exist.
    pub macro_f1: Vec<Option<f64>>,
    /// The means over coders.
    pub mean: MeanAgreement,
    /// Coders against each other.
    pub coders: Vec<CoderAgreement>,
    /// Macro-F1 of each pair of coders.
    pub coders_macro_f1: Vec<Option<f64>>,
    /// Krippendorff's α of the coders over passage × theme pairs.
    pub alpha: Option<f64>,
}

/// The figures `../shared/tools/theme_agreement.py` prints, computed the same way: `a` and `b` are
/// the first two coders; "sure" themes are those every coder of a passage coded, "plausible" those
/// any coder coded, over the passages with at least two coders (all passages with one coder).
/// Undefined ratios are 0, as in the script.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct ReferenceFigures {
    /// Passages.
    pub cases: usize,
    /// Micro-F1 of coder b against coder a.
    pub human_f1: Option<f64>,
    /// Micro-F1 of the lexicon against coder a.
    pub tool_vs_a: f64,
    /// Micro-F1 of the lexicon against coder b.
    pub tool_vs_b: Option<f64>,
    /// Mean of the lexicon's micro-F1 against each coder.
    pub tool_mean: f64,
    /// Recall on the themes every coder coded.
    pub recall_sure: f64,
    /// Precision against the themes any coder coded.
    pub precision_plausible: f64,
    /// Denials every coder coded that the lexicon gets right (reported negated and not present).
    pub negation_right: u64,
    /// Denials every coder coded.
    pub negation_of: u64,
}

/// For a theme the lexicon reports wrongly, the themes the coders gave those passages instead.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Confusion {
    /// The theme reported.
    pub theme: String,
    /// Passage × coder pairs where it is reported and the coder did not code it.
    pub false_positives: u64,
    /// The themes the coder coded instead, with how many of those pairs, most first.
    pub coded_instead: Vec<(String, u64)>,
    /// Pairs where the coder coded no theme at all.
    pub coded_nothing: u64,
}

/// A theme the lexicon reports in a passage where a coder did not code it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct FalsePositive {
    /// The theme.
    pub theme: String,
    /// The passage's id.
    pub passage: String,
    /// The coders who did not code it.
    pub not_coded_by: Vec<String>,
    /// The entries that matched, with the text they matched.
    pub indicators: Vec<Indicated>,
    /// The themes the coders who did not code it gave the passage.
    pub coded_instead: Vec<String>,
    /// The passage, shortened around the first indicator's match.
    pub snippet: String,
}

/// A theme a coder coded in a passage where the lexicon does not report it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct FalseNegative {
    /// The theme.
    pub theme: String,
    /// The passage's id.
    pub passage: String,
    /// The coders who coded it.
    pub coded_by: Vec<String>,
    /// Whether the lexicon found the theme negated there.
    pub negated: bool,
    /// The passage, shortened.
    pub snippet: String,
}

/// A coder and how many passages they coded.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CoderSummary {
    /// The coder's name.
    pub name: String,
    /// Passages coded.
    pub passages: u64,
}

/// A lexicon measured against human coding ([`evaluate`]).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Evaluation {
    /// Passages.
    pub passages: usize,
    /// The unit the lexicon coded.
    pub unit: Unit,
    /// The lexicon's name, where it has one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lexicon: Option<String>,
    /// The coders.
    pub coders: Vec<CoderSummary>,
    /// Per theme: the lexicon's themes in order, then themes only coders named.
    pub themes: Vec<ThemeEvaluation>,
    /// Over all themes.
    pub overall: Overall,
    /// The figures of `theme_agreement.py`.
    pub reference: ReferenceFigures,
    /// For each theme reported wrongly, what coders coded instead.
    pub confusion: Vec<Confusion>,
    /// Examples of false positives (at most [`EvalOptions::examples`] per theme; those most
    /// coders disagree with first).
    pub false_positives: Vec<FalsePositive>,
    /// Examples of false negatives (the same way).
    pub false_negatives: Vec<FalseNegative>,
    /// Themes the lexicon does not have, passages whose codings disagree on their text.
    pub warnings: Vec<String>,
}

/// Snippets of passages are at most this many characters.
const SNIPPET_CHARS: usize = 160;

fn snippet(text: &str) -> String {
    snippet_around(text, "")
}

/// The passage shortened to about [`SNIPPET_CHARS`] characters around the first place `matched`
/// stands (the start when it is empty or not found), white space folded.
fn snippet_around(text: &str, matched: &str) -> String {
    let folded: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    let total = folded.chars().count();
    if total <= SNIPPET_CHARS {
        return folded;
    }
    let needle: String = matched.split_whitespace().collect::<Vec<_>>().join(" ");
    let at = (!needle.is_empty())
        .then(|| folded.find(&needle))
        .flatten()
        .map_or(0, |b| folded[..b].chars().count());
    let from = at
        .saturating_sub(SNIPPET_CHARS / 3)
        .min(total - SNIPPET_CHARS);
    let body: String = folded.chars().skip(from).take(SNIPPET_CHARS).collect();
    let head = if from > 0 { "…" } else { "" };
    let tail = if from + SNIPPET_CHARS < total {
        "…"
    } else {
        ""
    };
    format!("{head}{body}{tail}")
}

/// A passage's codings with theme names turned into indices.
struct Item {
    /// (coder, present themes, denied themes), sorted theme indices.
    codings: Vec<(usize, Vec<u32>, Vec<u32>)>,
}

fn contains(set: &[u32], t: u32) -> bool {
    set.binary_search(&t).is_ok()
}

/// The union of sorted sets, sorted.
fn union<'a>(sets: impl IntoIterator<Item = &'a [u32]>) -> Vec<u32> {
    let mut out: Vec<u32> = sets.into_iter().flatten().copied().collect();
    out.sort_unstable();
    out.dedup();
    out
}

/// Measures the analyzer's lexicon against the coded passages.
///
/// Each passage is scored as `entretien score --unit document` scores a JSON Lines document
/// (with the analyzer's speaker filter and negation mode): a theme is present when it has a
/// positive hit, negated when it has a negated hit. Passages are analysed in parallel; the result
/// does not depend on the number of threads.
pub fn evaluate(analyzer: &Analyzer, set: &CodedSet, options: &EvalOptions) -> Result<Evaluation> {
    let lexicon = analyzer.lexicon();
    let mut names: Vec<String> = lexicon.themes.iter().map(|t| t.id.clone()).collect();
    let in_lexicon = names.len();
    let mut index: HashMap<String, u32> = names
        .iter()
        .enumerate()
        .map(|(i, n)| (n.clone(), i as u32))
        .collect();
    let mut unknown: BTreeMap<String, u64> = BTreeMap::new();
    let mut theme_of = |name: &str| -> u32 {
        if let Some(&t) = index.get(name) {
            if t as usize >= in_lexicon {
                *unknown.entry(name.to_string()).or_default() += 1;
            }
            return t;
        }
        let t = names.len() as u32;
        names.push(name.to_string());
        index.insert(name.to_string(), t);
        unknown.insert(name.to_string(), 1);
        t
    };
    let items: Vec<Item> = set
        .items
        .iter()
        .map(|item| Item {
            codings: item
                .codings
                .iter()
                .map(|c| {
                    let mut present: Vec<u32> = c.themes.iter().map(|n| theme_of(n)).collect();
                    let mut denied: Vec<u32> = c.denied.iter().map(|n| theme_of(n)).collect();
                    for v in [&mut present, &mut denied] {
                        v.sort_unstable();
                        v.dedup();
                    }
                    (c.coder, present, denied)
                })
                .collect(),
        })
        .collect();
    let mut warnings = set.warnings.clone();
    if !unknown.is_empty() {
        let list: Vec<String> = unknown.iter().map(|(n, k)| format!("{n} ({k})")).collect();
        warnings.push(format!(
            "themes the lexicon does not have (counted as misses): {}",
            list.join(", ")
        ));
    }
    let texts: Vec<(&str, &str)> = set
        .items
        .iter()
        .map(|i| (i.id.as_str(), i.text.as_str()))
        .collect();
    let machine = PassageCoder::new(analyzer, options.unit)?.code_all(&texts);
    let mut evaluation = Tally::count(&names, set, &items, &machine, options)
        .finish(&names, in_lexicon, set, options, warnings);
    evaluation.lexicon = lexicon.name.clone();
    Ok(evaluation)
}

/// The counts an evaluation is made of.
struct Tally {
    themes: usize,
    coders: usize,
    /// [coder][theme]
    lexicon: Vec<Vec<Counts>>,
    coded_passages: Vec<u64>,
    /// [pair][theme], pairs (c1 < c2) in order.
    pairs: Vec<Vec<Counts>>,
    pair_passages: Vec<u64>,
    alpha: Vec<BinaryAlpha>,
    alpha_base: f64,
    reported: Vec<u64>,
    coded: Vec<u64>,
    fp_passages: Vec<u64>,
    fn_passages: Vec<u64>,
    fp_indicators: Vec<BTreeMap<String, u64>>,
    confusion: Vec<(u64, BTreeMap<u32, u64>, u64)>,
    false_positives: Vec<(usize, FalsePositive)>,
    false_negatives: Vec<(usize, FalseNegative)>,
    sure: (u64, u64),
    plausible: (u64, u64),
    negation: (u64, u64),
}

fn pair_index(coders: usize, a: usize, b: usize) -> usize {
    // Pairs (0,1), (0,2), …, (1,2), …
    a * coders - a * (a + 1) / 2 + (b - a - 1)
}

impl Tally {
    fn count(
        names: &[String],
        set: &CodedSet,
        items: &[Item],
        machine: &[LexiconCoding],
        options: &EvalOptions,
    ) -> Tally {
        let themes = names.len();
        let coders = set.coders.len();
        let npairs = coders * coders.saturating_sub(1) / 2;
        let mut t = Tally {
            themes,
            coders,
            lexicon: vec![vec![Counts::default(); themes]; coders],
            coded_passages: vec![0; coders],
            pairs: vec![vec![Counts::default(); themes]; npairs],
            pair_passages: vec![0; npairs],
            alpha: vec![BinaryAlpha::default(); themes],
            alpha_base: 0.0,
            reported: vec![0; themes],
            coded: vec![0; themes],
            fp_passages: vec![0; themes],
            fn_passages: vec![0; themes],
            fp_indicators: vec![BTreeMap::new(); themes],
            confusion: vec![(0, BTreeMap::new(), 0); themes],
            false_positives: Vec::new(),
            false_negatives: Vec::new(),
            sure: (0, 0),
            plausible: (0, 0),
            negation: (0, 0),
        };
        let need = coders.min(2);
        for (n, (item, m)) in items.iter().zip(machine).enumerate() {
            let present = &m.present;
            for &th in present {
                t.reported[th as usize] += 1;
            }
            let human = union(item.codings.iter().map(|(_, p, _)| p.as_slice()));
            for &th in &human {
                t.coded[th as usize] += 1;
            }
            // The lexicon against each coder.
            for (c, h, _) in &item.codings {
                t.coded_passages[*c] += 1;
                let counts = &mut t.lexicon[*c];
                for &th in &union([present.as_slice(), h.as_slice()]) {
                    let cell = &mut counts[th as usize];
                    match (contains(present, th), contains(h, th)) {
                        (true, true) => cell.tp += 1,
                        (true, false) => {
                            cell.fp += 1;
                            let conf = &mut t.confusion[th as usize];
                            conf.0 += 1;
                            if h.is_empty() {
                                conf.2 += 1;
                            }
                            for &other in h {
                                *conf.1.entry(other).or_default() += 1;
                            }
                        }
                        (false, true) => cell.fn_ += 1,
                        (false, false) => {}
                    }
                }
            }
            // Coders against each other.
            for (i, (a, ha, _)) in item.codings.iter().enumerate() {
                for (b, hb, _) in &item.codings[i + 1..] {
                    let (first, second, hf, hs) = if a < b {
                        (*a, *b, ha, hb)
                    } else {
                        (*b, *a, hb, ha)
                    };
                    let p = pair_index(coders, first, second);
                    t.pair_passages[p] += 1;
                    for &th in &union([hf.as_slice(), hs.as_slice()]) {
                        let cell = &mut t.pairs[p][th as usize];
                        match (contains(hf, th), contains(hs, th)) {
                            (true, true) => cell.tp += 1,
                            (false, true) => cell.fp += 1,
                            (true, false) => cell.fn_ += 1,
                            (false, false) => {}
                        }
                    }
                }
            }
            // Krippendorff's α: every theme absent for every coder, then the themes coded.
            let m_coders = item.codings.len() as u32;
            if m_coders >= 2 {
                t.alpha_base += f64::from(m_coders);
                for &th in &human {
                    let k = item
                        .codings
                        .iter()
                        .filter(|(_, h, _)| contains(h, th))
                        .count() as u32;
                    let a = &mut t.alpha[th as usize];
                    a.add_unit(k, m_coders);
                    a.o00 -= f64::from(m_coders);
                }
            }
            // Errors, passage by passage.
            for &th in &union([present.as_slice(), human.as_slice()]) {
                let by: Vec<String> = item
                    .codings
                    .iter()
                    .filter(|(_, h, _)| contains(h, th) != contains(present, th))
                    .map(|(c, _, _)| set.coders[*c].clone())
                    .collect();
                if by.is_empty() {
                    continue;
                }
                let text = &set.items[n].text;
                if contains(present, th) {
                    t.fp_passages[th as usize] += 1;
                    let indicators: Vec<Indicated> = m
                        .indicators
                        .iter()
                        .filter(|(x, _)| *x == th)
                        .map(|(_, i)| i.clone())
                        .collect();
                    let mut seen: Vec<&str> = Vec::new();
                    for i in &indicators {
                        if !seen.contains(&i.indicator.as_str()) {
                            seen.push(&i.indicator);
                            *t.fp_indicators[th as usize]
                                .entry(i.indicator.clone())
                                .or_default() += 1;
                        }
                    }
                    let instead = union(
                        item.codings
                            .iter()
                            .filter(|(_, h, _)| !contains(h, th))
                            .map(|(_, h, _)| h.as_slice()),
                    );
                    let around =
                        snippet_around(text, indicators.first().map_or("", |i| i.text.as_str()));
                    t.false_positives.push((
                        n,
                        FalsePositive {
                            theme: names[th as usize].clone(),
                            passage: set.items[n].id.clone(),
                            not_coded_by: by,
                            indicators,
                            coded_instead: instead
                                .iter()
                                .map(|&x| names[x as usize].clone())
                                .collect(),
                            snippet: around,
                        },
                    ));
                } else {
                    t.fn_passages[th as usize] += 1;
                    t.false_negatives.push((
                        n,
                        FalseNegative {
                            theme: names[th as usize].clone(),
                            passage: set.items[n].id.clone(),
                            coded_by: by,
                            negated: contains(&m.negated, th),
                            snippet: snippet(text),
                        },
                    ));
                }
            }
            // The script's figures.
            if item.codings.len() >= need && need > 0 {
                let mut sure = item.codings[0].1.clone();
                let mut denied_all = item.codings[0].2.clone();
                for (_, h, d) in &item.codings[1..] {
                    sure.retain(|x| contains(h, *x));
                    denied_all.retain(|x| contains(d, *x));
                }
                t.sure.0 += sure.iter().filter(|x| contains(present, **x)).count() as u64;
                t.sure.1 += sure.len() as u64;
                t.plausible.0 += present.iter().filter(|x| contains(&human, **x)).count() as u64;
                t.plausible.1 += present.len() as u64;
                for d in denied_all {
                    t.negation.1 += 1;
                    if contains(&m.negated, d) && !contains(present, d) {
                        t.negation.0 += 1;
                    }
                }
            }
        }
        // True negatives: passages of the coder (or pair) not counted otherwise.
        for (c, row) in t.lexicon.iter_mut().enumerate() {
            for cell in row.iter_mut() {
                cell.tn = t.coded_passages[c] - cell.tp - cell.fp - cell.fn_;
            }
        }
        for (p, row) in t.pairs.iter_mut().enumerate() {
            for cell in row.iter_mut() {
                cell.tn = t.pair_passages[p] - cell.tp - cell.fp - cell.fn_;
            }
        }
        for a in &mut t.alpha {
            a.o00 += t.alpha_base;
        }
        let keep = options.examples;
        let rank = |th: &str| names.iter().position(|n| n == th).unwrap_or(usize::MAX);
        t.false_positives.sort_by(|(i, a), (j, b)| {
            (rank(&a.theme), std::cmp::Reverse(a.not_coded_by.len()), i).cmp(&(
                rank(&b.theme),
                std::cmp::Reverse(b.not_coded_by.len()),
                j,
            ))
        });
        t.false_negatives.sort_by(|(i, a), (j, b)| {
            (rank(&a.theme), std::cmp::Reverse(a.coded_by.len()), i).cmp(&(
                rank(&b.theme),
                std::cmp::Reverse(b.coded_by.len()),
                j,
            ))
        });
        truncate_per_theme(&mut t.false_positives, keep, |f| &f.theme);
        truncate_per_theme(&mut t.false_negatives, keep, |f| &f.theme);
        t
    }

    fn finish(
        self,
        names: &[String],
        in_lexicon: usize,
        set: &CodedSet,
        options: &EvalOptions,
        warnings: Vec<String>,
    ) -> Evaluation {
        let coder_name = |c: usize| set.coders[c].clone();
        let pairs: Vec<(usize, usize)> = (0..self.coders)
            .flat_map(|a| (a + 1..self.coders).map(move |b| (a, b)))
            .collect();
        let themes: Vec<ThemeEvaluation> = (0..self.themes)
            .map(|th| {
                let lexicon: Vec<Agreement> = (0..self.coders)
                    .map(|c| Agreement::new(coder_name(c), self.lexicon[c][th]))
                    .collect();
                let mut fp_indicators: Vec<IndicatorCount> = self.fp_indicators[th]
                    .iter()
                    .map(|(i, n)| IndicatorCount {
                        indicator: i.clone(),
                        passages: *n,
                    })
                    .collect();
                fp_indicators.sort_by_key(|b| std::cmp::Reverse(b.passages));
                ThemeEvaluation {
                    theme: names[th].clone(),
                    in_lexicon: th < in_lexicon,
                    reported: self.reported[th],
                    coded: self.coded[th],
                    mean: MeanAgreement::of(&lexicon),
                    lexicon,
                    coders: pairs
                        .iter()
                        .enumerate()
                        .map(|(p, &(a, b))| CoderAgreement {
                            with: coder_name(b),
                            agreement: Agreement::new(coder_name(a), self.pairs[p][th]),
                        })
                        .collect(),
                    alpha: self.alpha[th].alpha(),
                    false_positives: self.fp_passages[th],
                    false_negatives: self.fn_passages[th],
                    fp_indicators,
                }
            })
            .collect();
        let sum = |row: &[Counts]| {
            let mut total = Counts::default();
            row.iter().for_each(|c| total.add(c));
            total
        };
        let lexicon: Vec<Agreement> = (0..self.coders)
            .map(|c| Agreement::new(coder_name(c), sum(&self.lexicon[c])))
            .collect();
        let macro_f1: Vec<Option<f64>> = (0..self.coders)
            .map(|c| mean(self.lexicon[c].iter().map(Counts::f1)))
            .collect();
        let mut mean_all = MeanAgreement::of(&lexicon);
        mean_all.macro_f1 = mean(macro_f1.iter().copied());
        let mut alpha = BinaryAlpha::default();
        self.alpha.iter().for_each(|a| alpha.add(a));
        let coders: Vec<CoderAgreement> = pairs
            .iter()
            .enumerate()
            .map(|(p, &(a, b))| CoderAgreement {
                with: coder_name(b),
                agreement: Agreement::new(coder_name(a), sum(&self.pairs[p])),
            })
            .collect();
        let coders_macro_f1 = (0..pairs.len())
            .map(|p| mean(self.pairs[p].iter().map(Counts::f1)))
            .collect();
        let micro = |c: usize| lexicon.get(c).and_then(|a| a.f1);
        let ratio = |(a, b): (u64, u64)| if b == 0 { 0.0 } else { a as f64 / b as f64 };
        let reference = ReferenceFigures {
            cases: set.items.len(),
            human_f1: coders.first().map(|c| c.agreement.f1.unwrap_or(0.0)),
            tool_vs_a: micro(0).unwrap_or(0.0),
            tool_vs_b: (self.coders > 1).then(|| micro(1).unwrap_or(0.0)),
            tool_mean: mean((0..self.coders).map(|c| Some(micro(c).unwrap_or(0.0)))).unwrap_or(0.0),
            recall_sure: ratio(self.sure),
            precision_plausible: ratio(self.plausible),
            negation_right: self.negation.0,
            negation_of: self.negation.1,
        };
        let confusion = self
            .confusion
            .iter()
            .enumerate()
            .filter(|(_, c)| c.0 > 0)
            .map(|(th, (n, instead, nothing))| {
                let mut coded_instead: Vec<(String, u64)> = instead
                    .iter()
                    .map(|(x, k)| (names[*x as usize].clone(), *k))
                    .collect();
                coded_instead.sort_by_key(|b| std::cmp::Reverse(b.1));
                Confusion {
                    theme: names[th].clone(),
                    false_positives: *n,
                    coded_instead,
                    coded_nothing: *nothing,
                }
            })
            .collect();
        Evaluation {
            passages: set.items.len(),
            unit: options.unit,
            lexicon: None,
            coders: (0..self.coders)
                .map(|c| CoderSummary {
                    name: coder_name(c),
                    passages: self.coded_passages[c],
                })
                .collect(),
            themes,
            overall: Overall {
                lexicon,
                macro_f1,
                mean: mean_all,
                coders,
                coders_macro_f1,
                alpha: alpha.alpha(),
            },
            reference,
            confusion,
            false_positives: self.false_positives.into_iter().map(|(_, f)| f).collect(),
            false_negatives: self.false_negatives.into_iter().map(|(_, f)| f).collect(),
            warnings,
        }
    }
}

fn truncate_per_theme<T>(list: &mut Vec<(usize, T)>, keep: usize, theme: impl Fn(&T) -> &String) {
    let mut last: Option<String> = None;
    let mut n = 0;
    list.retain(|(_, x)| {
        let th = theme(x);
        if last.as_ref() != Some(th) {
            last = Some(th.clone());
            n = 0;
        }
        n += 1;
        n <= keep
    });
}

#[cfg(test)]
mod snippet_tests {
    use super::{snippet_around, SNIPPET_CHARS};

    #[test]
    fn snippets_stand_around_the_match() {
        let text = format!("{} le déménagement du service, enfin.", "mot ".repeat(100));
        let s = snippet_around(&text, "déménagement  du service");
        assert!(
            s.starts_with('…') && s.contains("déménagement du service"),
            "{s}"
        );
        assert!(s.chars().count() <= SNIPPET_CHARS + 2);
        // Not found, or nothing to find: the start.
        assert!(snippet_around(&text, "absent").starts_with("mot mot"));
        assert_eq!(snippet_around("court", "court"), "court");
    }
}
