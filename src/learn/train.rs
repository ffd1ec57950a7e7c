//! Training: passages to feature rows, one logistic model per theme with its penalty and threshold
//! chosen by an inner cross-validation, and the cross-validated figures against each coder.

use super::apply::ModelCoder;
use super::features::{extract, is_negated_name, is_word_name, word_value, FeatureScratch, Key};
use super::folds::{assign, groups, splitmix};
use super::logistic::{fit, refit_bias, sigmoid, Fit, Problem};
use super::model::{LexiconSignature, Model, PipelineSignature, ThemeModel, TrainingSummary};
use super::validation::{Counts3, CurvePoint, Estimate, Figures, ThemeValidation, Validation};
use super::{LearnOptions, Learned};
use crate::agreement::coding::PassageCoder;
use crate::agreement::measures::Counts;
use crate::agreement::CodedSet;
use crate::analyzer::Analyzer;
use crate::error::{Error, Result};
use crate::lexicon::ThemeNegation;
use crate::score::Unit;
use rayon::prelude::*;
use std::collections::{BTreeMap, BTreeSet};

/// The coded passages as the models see them.
pub(crate) struct Data {
    /// Feature names, sorted: a feature's id is its index.
    pub names: Vec<String>,
    /// Each passage's features (sorted ids) and their values.
    pub rows: Vec<Vec<(u32, f64)>>,
    /// Per theme, per passage: the share of its coders who coded the theme present.
    pub targets: Vec<Vec<f64>>,
    /// Per coder, per passage: the themes coded present, or `None` where the coder did not code it.
    pub gold: Vec<Vec<Option<Vec<bool>>>>,
    /// Per passage: the themes with a positive lexicon hit.
    pub lexicon: Vec<Vec<bool>>,
    /// Each passage's group (document).
    pub group: Vec<usize>,
    /// The first `measured` passages are the study's, measured; the rest are reference passages,
    /// always on the training side ([`super::reference`]).
    pub measured: usize,
    /// Groups of the measured passages (numbered first).
    pub measured_groups: usize,
}

/// Analyses the passages and gathers features and codes. Features seen in fewer than
/// `min_passages` passages are left out (the lexicon's always stay).
pub(crate) fn prepare(
    analyzer: &Analyzer,
    set: &CodedSet,
    options: &LearnOptions,
) -> Result<(Data, Vec<String>)> {
    let lexicon = analyzer.lexicon();
    let themes: Vec<&str> = lexicon.themes.iter().map(|t| t.id.as_str()).collect();
    let mut warnings = Vec::new();
    let mut unknown: BTreeSet<&str> = BTreeSet::new();
    for item in &set.items {
        for c in &item.codings {
            for t in c.themes.iter().chain(&c.denied) {
                if !themes.contains(&t.as_str()) {
                    unknown.insert(t);
                }
            }
        }
    }
    if !unknown.is_empty() {
        warnings.push(format!(
            "codes that are not themes of the lexicon are left out: {}",
            unknown.into_iter().collect::<Vec<_>>().join(", ")
        ));
    }
    let coder = PassageCoder::new(analyzer, Unit::Document)?;
    let features = options.features;
    let per_item: Vec<(BTreeSet<String>, Vec<bool>)> = set
        .items
        .par_iter()
        .enumerate()
        .map_init(
            || (analyzer.scratch(), FeatureScratch::default()),
            |(scratch, fs), (n, item)| {
                let transcript = coder.transcript(&item.id, &item.text, n + 1);
                let analysis = analyzer.analyze(&transcript, scratch);
                fs.reset();
                let mut keys: BTreeSet<Key> = BTreeSet::new();
                for (turn, t) in analysis.scored_turns() {
                    extract(&analysis, turn, t.tokens.clone(), &features, fs, |k, _| {
                        keys.insert(k);
                    });
                }
                let mut lex = vec![false; themes.len()];
                for k in &keys {
                    if let Key::Lexicon(t) = k {
                        lex[*t as usize] = true;
                    }
                }
                (keys.iter().map(|k| k.name(&analysis)).collect(), lex)
            },
        )
        .collect();
    let mut seen: BTreeMap<&str, usize> = BTreeMap::new();
    for (names, _) in &per_item {
        for n in names {
            *seen.entry(n.as_str()).or_default() += 1;
        }
    }
    let mut names: Vec<String> = seen
        .iter()
        .filter(|(n, &c)| c >= options.min_passages || n.starts_with("lex:"))
        .map(|(n, _)| n.to_string())
        .collect();
    // Every theme's own lexicon feature exists, so that its prior holds even before a hit is seen.
    for t in &themes {
        let own = format!("lex:{t}");
        if let Err(at) = names.binary_search(&own) {
            names.insert(at, own);
        }
    }
    let index: BTreeMap<&str, u32> = names
        .iter()
        .enumerate()
        .map(|(i, n)| (n.as_str(), i as u32))
        .collect();
    let rows: Vec<Vec<(u32, f64)>> = per_item
        .iter()
        .map(|(ns, _)| {
            let mut r: Vec<u32> = ns
                .iter()
                .filter_map(|n| index.get(n.as_str()).copied())
                .collect();
            r.sort_unstable();
            let words = r
                .iter()
                .filter(|&&f| is_word_name(&names[f as usize]))
                .count();
            let value = word_value(words);
            r.into_iter()
                .map(|f| {
                    (
                        f,
                        if is_word_name(&names[f as usize]) {
                            value
                        } else {
                            1.0
                        },
                    )
                })
                .collect()
        })
        .collect();
    let lexicon_says = per_item.into_iter().map(|(_, l)| l).collect();
    let (targets, gold) = codes(set, &themes);
    let group = groups(&set.items);
    let group_count = group.iter().max().map_or(0, |g| g + 1);
    Ok((
        Data {
            names,
            rows,
            targets,
            gold,
            lexicon: lexicon_says,
            group,
            measured: set.items.len(),
            measured_groups: group_count,
        },
        warnings,
    ))
}

/// Per theme per passage, the share of coders who coded it present; per coder per passage, the
/// themes coded present (`None` where the coder did not code the passage). Denied is not present.
#[allow(clippy::type_complexity)]
fn codes(set: &CodedSet, themes: &[&str]) -> (Vec<Vec<f64>>, Vec<Vec<Option<Vec<bool>>>>) {
    let mut targets = vec![vec![0.0; set.items.len()]; themes.len()];
    let mut gold = vec![vec![None; set.items.len()]; set.coders.len()];
    for (i, item) in set.items.iter().enumerate() {
        let n = item.codings.len().max(1) as f64;
        for c in &item.codings {
            let present: Vec<bool> = themes
                .iter()
                .map(|t| c.themes.iter().any(|x| x == t) && !c.denied.iter().any(|x| x == t))
                .collect();
            for (t, &p) in present.iter().enumerate() {
                if p {
                    targets[t][i] += 1.0 / n;
                }
            }
            gold[c.coder][i] = Some(present);
        }
    }
    (targets, gold)
}

/// The figures of a trained model applied to coded passages (no cross-validation: the passages
/// should be ones it was not trained on), beside the lexicon alone.
pub(crate) fn evaluate(
    coder: &ModelCoder,
    analyzer: &Analyzer,
    set: &CodedSet,
    options: &LearnOptions,
) -> Result<Validation> {
    if set.items.is_empty() {
        return Err(Error::config("no coded passage to evaluate on"));
    }
    coder.model().check(analyzer)?;
    let themes: Vec<&str> = analyzer
        .lexicon()
        .themes
        .iter()
        .map(|t| t.id.as_str())
        .collect();
    let passages = PassageCoder::new(analyzer, Unit::Document)?;
    let said: Vec<(Vec<bool>, Vec<bool>)> = set
        .items
        .par_iter()
        .enumerate()
        .map_init(
            || (analyzer.scratch(), coder.scratch()),
            |(scratch, cs), (n, item)| {
                let transcript = passages.transcript(&item.id, &item.text, n + 1);
                let analysis = analyzer.analyze(&transcript, scratch);
                let mut lexicon = vec![false; themes.len()];
                for (_, t) in analysis.scored_turns() {
                    for h in analysis.hits_in(t.tokens.clone()) {
                        if !h.negated {
                            lexicon[h.theme.index()] = true;
                        }
                    }
                }
                (coder.code_passage(&analysis, cs).present, lexicon)
            },
        )
        .collect();
    let (targets, gold) = codes(set, &themes);
    let group = groups(&set.items);
    let group_count = group.iter().max().map_or(0, |g| g + 1);
    let (model_said, lexicon_said): (Vec<Vec<bool>>, Vec<Vec<bool>>) = said.into_iter().unzip();
    let data = Data {
        names: Vec::new(),
        rows: vec![Vec::new(); set.items.len()],
        targets,
        gold,
        lexicon: lexicon_said,
        group,
        measured: set.items.len(),
        measured_groups: group_count,
    };
    let thresholds: Vec<f64> = coder.model().themes.iter().map(|t| t.threshold).collect();
    let mut v = validation(
        &data,
        analyzer,
        set,
        &model_said,
        &thresholds,
        Vec::new(),
        options,
        &[],
    );
    v.features = coder.model().themes.iter().map(|t| t.weights.len()).sum();
    Ok(v)
}

/// One theme's fitting settings.
struct ThemeSpec {
    prior: Vec<f64>,
    /// Features whose weight may not be positive (negated mentions of a theme negation denies).
    clipped: Vec<bool>,
    anchor: Option<u32>,
}

fn specs(data: &Data, analyzer: &Analyzer, options: &LearnOptions) -> Vec<ThemeSpec> {
    analyzer
        .lexicon()
        .themes
        .iter()
        .map(|theme| {
            let own = format!("lex:{}", theme.id);
            let denies = theme.negation == ThemeNegation::Denies;
            let own_id = data.names.iter().position(|n| *n == own).map(|i| i as u32);
            ThemeSpec {
                anchor: own_id.filter(|_| options.lexicon_prior != 0.0),
                prior: data
                    .names
                    .iter()
                    .map(|n| {
                        if *n == own {
                            options.lexicon_prior
                        } else {
                            0.0
                        }
                    })
                    .collect(),
                clipped: data
                    .names
                    .iter()
                    .map(|n| denies && is_negated_name(n))
                    .collect(),
            }
        })
        .collect()
}

fn train(
    data: &Data,
    spec: &ThemeSpec,
    theme: usize,
    items: &[usize],
    l2: f64,
    options: &LearnOptions,
) -> Fit {
    let rows: Vec<&[(u32, f64)]> = items.iter().map(|&i| data.rows[i].as_slice()).collect();
    let targets: Vec<f64> = items.iter().map(|&i| data.targets[theme][i]).collect();
    let study = items.iter().filter(|&&i| i < data.measured).count();
    let weight = study_weight(study, items.len() - study, options);
    let importance: Option<Vec<f64>> = (weight != 1.0).then(|| {
        items
            .iter()
            .map(|&i| if i < data.measured { weight } else { 1.0 })
            .collect()
    });
    let problem = Problem {
        rows: &rows,
        targets: &targets,
        importance: importance.as_deref(),
        prior: &spec.prior,
        l2,
        anchor: spec.anchor,
    };
    let mut f = fit(&problem);
    let mut clipped = false;
    for (w, &c) in f.weights.iter_mut().zip(&spec.clipped) {
        if c && *w > 0.0 {
            *w = 0.0;
            clipped = true;
        }
    }
    if clipped {
        refit_bias(&problem, &mut f);
    }
    f
}

/// How much each of `study` passages of the study counts against one of `reference` passages:
/// the option's weight or, without one, as much as makes the study's passages together count as
/// much as the reference passages, between 1 and [`MAX_STUDY_WEIGHT`].
fn study_weight(study: usize, reference: usize, options: &LearnOptions) -> f64 {
    match options.study_weight {
        _ if study == 0 || reference == 0 => 1.0,
        Some(w) => w,
        None => (reference as f64 / study as f64).clamp(1.0, MAX_STUDY_WEIGHT),
    }
}

/// The most a study's passage counts by default. A few passages counted many times over are
/// learned by heart: on the development set's learning curve, weights of 10 or more cost 0.01 to
/// 0.03 of F1 at 8 to 36 passages, and 5 gave up 0.007 at 72.
const MAX_STUDY_WEIGHT: f64 = 5.0;

const GRID_STEPS: usize = 37;

/// The threshold on `probabilities` (of `items`) for `theme`, by the one-standard-error rule: of
/// the thresholds whose F1 (averaged over the coders) is within one standard error of the best,
/// the one nearest 0.5. With few coded passages the error is wide and 0.5 stays; with no coded
/// passage, 0.5.
fn choose_threshold(data: &Data, theme: usize, items: &[usize], probabilities: &[f64]) -> f64 {
    let mut scores = Vec::with_capacity(GRID_STEPS);
    let mut positives = 0u64;
    for k in 0..GRID_STEPS {
        let threshold = 0.05 + 0.025 * k as f64;
        let mut f1s = Vec::new();
        positives = 0;
        for coder in &data.gold {
            let mut c = Counts::default();
            for (&i, &p) in items.iter().zip(probabilities) {
                if let Some(g) = &coder[i] {
                    tally(&mut c, p >= threshold, g[theme]);
                }
            }
            if c.tp + c.fn_ > 0 {
                f1s.push(c.f1().unwrap_or(0.0));
                positives = positives.max(c.tp + c.fn_);
            }
        }
        if f1s.is_empty() {
            return 0.5;
        }
        scores.push((threshold, f1s.iter().sum::<f64>() / f1s.len() as f64));
    }
    let best = scores.iter().map(|s| s.1).fold(f64::NEG_INFINITY, f64::max);
    let error = (best * (1.0 - best) / positives.max(1) as f64).sqrt();
    scores
        .iter()
        .filter(|s| s.1 >= best - error - 1e-12)
        .map(|s| s.0)
        .min_by(|a, b| {
            (a - 0.5)
                .abs()
                .total_cmp(&(b - 0.5).abs())
                .then(a.total_cmp(b))
        })
        .unwrap_or(0.5)
}

fn tally(c: &mut Counts, said: bool, coded: bool) {
    match (said, coded) {
        (true, true) => c.tp += 1,
        (true, false) => c.fp += 1,
        (false, true) => c.fn_ += 1,
        (false, false) => c.tn += 1,
    }
}

/// Splits `items` by the folds of their groups, stratified on what their coders coded.
fn fold_items(data: &Data, items: &[usize], k: usize, seed: u64) -> Vec<Vec<usize>> {
    let mut local: BTreeMap<usize, usize> = BTreeMap::new();
    for &i in items {
        let next = local.len();
        local.entry(data.group[i]).or_insert(next);
    }
    let mut positives = vec![BTreeSet::new(); local.len()];
    let mut sizes = vec![0usize; local.len()];
    for &i in items {
        let g = local[&data.group[i]];
        sizes[g] += 1;
        for (t, targets) in data.targets.iter().enumerate() {
            if targets[i] > 0.0 {
                positives[g].insert(t);
            }
        }
    }
    let positives: Vec<Vec<usize>> = positives
        .into_iter()
        .map(|s| s.into_iter().collect())
        .collect();
    let k = k.min(local.len()).max(1);
    let fold_of = assign(&positives, &sizes, k, seed);
    let mut folds = vec![Vec::new(); k];
    for &i in items {
        folds[fold_of[local[&data.group[i]]]].push(i);
    }
    folds
}

fn complement(folds: &[Vec<usize>], f: usize) -> Vec<usize> {
    let mut train: Vec<usize> = folds
        .iter()
        .enumerate()
        .filter(|(g, _)| *g != f)
        .flat_map(|(_, v)| v.iter().copied())
        .collect();
    train.sort_unstable();
    train
}

const INNER_FOLDS: usize = 3;

/// A theme's coder fitted on `items`: its penalty (among `options.l2`, the one whose inner
/// cross-validated probabilities have the lowest log loss) and its threshold (the best F1 on those
/// probabilities) both chosen by an inner cross-validation on `items` alone.
fn fit_with_threshold(
    data: &Data,
    spec: &ThemeSpec,
    theme: usize,
    items: &[usize],
    options: &LearnOptions,
) -> Chosen {
    let inner = fold_items(data, items, INNER_FOLDS, options.seed ^ 0x5eed);
    // (log loss, penalty, held-out probabilities) of the best penalty so far.
    let mut best: Option<Candidate> = None;
    if inner.len() > 1 {
        for &l2 in &options.l2 {
            let mut held: Vec<(usize, f64)> = Vec::with_capacity(items.len());
            for f in 0..inner.len() {
                let train_items = complement(&inner, f);
                let model = train(data, spec, theme, &train_items, l2, options);
                held.extend(
                    inner[f]
                        .iter()
                        .map(|&i| (i, sigmoid(model.margin(&data.rows[i])))),
                );
            }
            let loss = log_loss(&data.targets[theme], &held);
            if best.as_ref().map_or(true, |b| loss < b.0 - 1e-12) {
                best = Some((loss, l2, held));
            }
        }
    }
    let (l2, threshold, lexicon_present) = match best {
        None => (options.l2.first().copied().unwrap_or(1.0), 0.5, false),
        Some((_, l2, mut held)) => {
            held.sort_by_key(|&(i, _)| i);
            let (ids, probabilities): (Vec<usize>, Vec<f64>) = held.into_iter().unzip();
            let threshold = choose_threshold(data, theme, &ids, &probabilities);
            // The theme's own hits also make it present when that agrees better with the coders
            // on the same held-out passages.
            let model = |k: usize| probabilities[k] >= threshold;
            let with_hits = |k: usize| model(k) || data.lexicon[ids[k]][theme];
            let better = mean_f1(data, theme, &ids, with_hits) > mean_f1(data, theme, &ids, model);
            (l2, threshold, better)
        }
    };
    Chosen {
        fit: train(data, spec, theme, items, l2, options),
        threshold,
        l2,
        lexicon_present,
    }
}

/// The F1 of decisions `said` (by position in `items`) on `theme`, averaged over the coders who
/// coded some of `items` present; 0 when none did.
fn mean_f1(data: &Data, theme: usize, items: &[usize], said: impl Fn(usize) -> bool) -> f64 {
    let mut f1s = Vec::new();
    for coder in &data.gold {
        let mut c = Counts::default();
        for (k, &i) in items.iter().enumerate() {
            if let Some(g) = &coder[i] {
                tally(&mut c, said(k), g[theme]);
            }
        }
        if c.tp + c.fn_ > 0 {
            f1s.push(c.f1().unwrap_or(0.0));
        }
    }
    match f1s.len() {
        0 => 0.0,
        n => f1s.iter().sum::<f64>() / n as f64,
    }
}

type Candidate = (f64, f64, Vec<(usize, f64)>);

/// A fitted coder with the settings its inner cross-validation chose.
struct Chosen {
    fit: Fit,
    threshold: f64,
    l2: f64,
    /// Whether the theme's own lexicon hits also make it present.
    lexicon_present: bool,
}

/// Mean cross-entropy of `held` (item, probability) against the coders' shares.
fn log_loss(targets: &[f64], held: &[(usize, f64)]) -> f64 {
    let eps = 1e-9;
    let total: f64 = held
        .iter()
        .map(|&(i, p)| {
            let p = p.clamp(eps, 1.0 - eps);
            let y = targets[i];
            -(y * p.ln() + (1.0 - y) * (1.0 - p).ln())
        })
        .sum();
    total / held.len().max(1) as f64
}

/// Out-of-fold decisions for every item and theme, from models that never saw the item's group.
struct OutOfFold {
    present: Vec<Vec<bool>>,
}

fn cross_validate(
    data: &Data,
    specs: &[ThemeSpec],
    folds: &[Vec<usize>],
    keep: impl Fn(usize, &[usize]) -> Vec<usize> + Sync,
    options: &LearnOptions,
) -> OutOfFold {
    let reference: Vec<usize> = (data.measured..data.rows.len()).collect();
    let n = data.rows.len();
    let themes = specs.len();
    let jobs: Vec<(usize, usize)> = (0..folds.len())
        .flat_map(|f| (0..themes).map(move |t| (f, t)))
        .collect();
    let results: Vec<Vec<(usize, bool)>> = jobs
        .par_iter()
        .map(|&(f, t)| {
            let mut train_items = keep(f, &complement(folds, f));
            train_items.extend(&reference);
            let chosen = fit_with_threshold(data, &specs[t], t, &train_items, options);
            folds[f]
                .iter()
                .map(|&i| {
                    let p = sigmoid(chosen.fit.margin(&data.rows[i]));
                    let hit = chosen.lexicon_present && data.lexicon[i][t];
                    (i, p >= chosen.threshold || hit)
                })
                .collect()
        })
        .collect();
    let mut present = vec![vec![false; themes]; n];
    for (&(_, t), result) in jobs.iter().zip(results) {
        for (i, yes) in result {
            present[i][t] = yes;
        }
    }
    OutOfFold { present }
}

/// Trains the models on every passage (and the `reference` passages) and estimates their
/// agreement by cross-validation on `set`'s passages alone.
pub(crate) fn learn(
    analyzer: &Analyzer,
    set: &CodedSet,
    reference: Option<&CodedSet>,
    options: &LearnOptions,
) -> Result<Learned> {
    if set.items.is_empty() {
        return Err(Error::config("no coded passage to learn from"));
    }
    let mut warnings = set.warnings.clone();
    let combined = reference.map(|r| with_reference(set, r, &mut warnings));
    let (mut data, prepared) = prepare(analyzer, combined.as_ref().unwrap_or(set), options)?;
    warnings.splice(0..0, prepared);
    data.measured = set.items.len();
    data.measured_groups = data.group[..data.measured]
        .iter()
        .max()
        .map_or(0, |g| g + 1);
    if data.measured_groups < 2 {
        return Err(Error::config(
            "cross-validation needs passages from at least two documents (passages of one document, \
             or with the same text, stay together)",
        ));
    }
    let specs = specs(&data, analyzer, options);
    let all: Vec<usize> = (0..data.rows.len()).collect();
    let folds = fold_items(
        &data,
        &all[..data.measured],
        options.folds.max(2),
        options.seed,
    );
    let oof = cross_validate(&data, &specs, &folds, |_, train| train.to_vec(), options);

    let themes = &analyzer.lexicon().themes;
    // The final coders go through the same procedure as each fold's, on every passage.
    let final_models: Vec<Chosen> = (0..themes.len())
        .into_par_iter()
        .map(|t| fit_with_threshold(&data, &specs[t], t, &all, options))
        .collect();

    let mut curve = Vec::new();
    for (k, &fraction) in options.curve.iter().enumerate() {
        if !(fraction > 0.0 && fraction < 1.0) {
            continue;
        }
        let seed = splitmix(options.seed ^ (k as u64 + 1));
        let keep = |_: usize, train: &[usize]| subsample(&data, train, fraction, seed);
        let sizes: Vec<usize> = (0..folds.len())
            .map(|f| keep(f, &complement(&folds, f)).len())
            .collect();
        let part = cross_validate(&data, &specs, &folds, keep, options);
        curve.push(CurvePoint {
            fraction,
            passages: sizes.iter().sum::<usize>() as f64 / sizes.len() as f64,
            micro_f1: micro_f1(&data, &part.present),
        });
    }
    let train_sizes: Vec<usize> = (0..folds.len())
        .map(|f| complement(&folds, f).len())
        .collect();
    curve.push(CurvePoint {
        fraction: 1.0,
        passages: train_sizes.iter().sum::<usize>() as f64 / train_sizes.len() as f64,
        micro_f1: micro_f1(&data, &oof.present),
    });

    let validation = validation(
        &data,
        analyzer,
        set,
        &oof.present,
        &final_models.iter().map(|c| c.threshold).collect::<Vec<_>>(),
        curve,
        options,
        &folds,
    );
    let model = Model {
        format: super::model::FORMAT.to_string(),
        version: super::model::MODEL_VERSION,
        entretien: env!("CARGO_PKG_VERSION").to_string(),
        pipeline: PipelineSignature::of(analyzer),
        lexicon: LexiconSignature::of(analyzer.lexicon()),
        unit: options.unit,
        features: options.features,
        training: TrainingSummary {
            passages: data.measured,
            documents: data.measured_groups,
            reference_passages: data.rows.len() - data.measured,
            study_weight: study_weight(data.measured, data.rows.len() - data.measured, options),
            coders: set.coders.clone(),
            l2: options.l2.clone(),
            lexicon_prior: options.lexicon_prior,
            min_passages: options.min_passages,
            folds: folds.len(),
            seed: options.seed,
        },
        themes: themes
            .iter()
            .zip(final_models)
            .map(
                |(
                    theme,
                    Chosen {
                        fit: f,
                        threshold,
                        l2,
                        lexicon_present,
                    },
                )| ThemeModel {
                    id: theme.id.clone(),
                    bias: f.bias,
                    threshold,
                    l2,
                    lexicon_present,
                    weights: data
                        .names
                        .iter()
                        .zip(&f.weights)
                        .filter(|(_, w)| w.abs() >= super::model::SMALLEST_WEIGHT)
                        .map(|(n, w)| (n.clone(), *w))
                        .collect(),
                },
            )
            .collect(),
        validation: Some(validation.clone()),
    };
    Ok(Learned {
        model,
        validation,
        warnings,
    })
}

/// `set`'s passages, then the `reference` passages that repeat none of them (by document or text:
/// those are left out, with a warning), their coders kept apart from `set`'s.
fn with_reference(set: &CodedSet, reference: &CodedSet, warnings: &mut Vec<String>) -> CodedSet {
    let mut combined = set.clone();
    combined.warnings.clear();
    let offset = combined.coders.len();
    combined.coders.extend(reference.coders.iter().cloned());
    combined.items.extend(reference.items.iter().map(|item| {
        let mut item = item.clone();
        for c in &mut item.codings {
            c.coder += offset;
        }
        item
    }));
    let group = groups(&combined.items);
    let measured = set.items.len();
    let own: BTreeSet<usize> = group[..measured].iter().copied().collect();
    let repeats: Vec<&str> = (measured..combined.items.len())
        .filter(|&i| own.contains(&group[i]))
        .map(|i| combined.items[i].id.as_str())
        .collect();
    if repeats.is_empty() {
        return combined;
    }
    const SHOWN: usize = 10;
    warnings.push(format!(
        "{} reference passage(s) repeat passages of yours and are left out: {}{}",
        repeats.len(),
        repeats[..repeats.len().min(SHOWN)].join(", "),
        if repeats.len() > SHOWN { ", …" } else { "" }
    ));
    let keep: Vec<bool> = (0..combined.items.len())
        .map(|i| i < measured || !own.contains(&group[i]))
        .collect();
    let mut k = keep.iter();
    combined.items.retain(|_| *k.next().unwrap());
    combined
}

/// About `fraction` of the training items, whole groups at a time, the same for every theme.
fn subsample(data: &Data, train: &[usize], fraction: f64, seed: u64) -> Vec<usize> {
    let mut groups: Vec<usize> = train.iter().map(|&i| data.group[i]).collect();
    groups.sort_unstable();
    groups.dedup();
    groups.sort_by_key(|&g| splitmix(seed ^ splitmix(g as u64)));
    let keep =
        ((groups.len() as f64 * fraction).ceil() as usize).clamp(2.min(groups.len()), groups.len());
    let kept: BTreeSet<usize> = groups[..keep].iter().copied().collect();
    train
        .iter()
        .copied()
        .filter(|&i| kept.contains(&data.group[i]))
        .collect()
}

/// Counts per coder per theme, for each group, of `said` against the coders.
fn group_counts(data: &Data, said: &[Vec<bool>]) -> Vec<Vec<Vec<Counts>>> {
    let themes = data.targets.len();
    let mut out =
        vec![vec![vec![Counts::default(); themes]; data.gold.len()]; data.measured_groups];
    for (c, coder) in data.gold.iter().enumerate() {
        for (i, g) in coder.iter().enumerate().take(data.measured) {
            if let Some(g) = g {
                for t in 0..themes {
                    tally(&mut out[data.group[i]][c][t], said[i][t], g[t]);
                }
            }
        }
    }
    out
}

fn micro_f1(data: &Data, said: &[Vec<bool>]) -> Option<f64> {
    let counts = group_counts(data, said);
    Counts3::sum(&counts, None).micro().f1
}

#[allow(clippy::too_many_arguments)]
fn validation(
    data: &Data,
    analyzer: &Analyzer,
    set: &CodedSet,
    model_said: &[Vec<bool>],
    thresholds: &[f64],
    curve: Vec<CurvePoint>,
    options: &LearnOptions,
    folds: &[Vec<usize>],
) -> Validation {
    let model = group_counts(data, model_said);
    let lexicon = group_counts(data, &data.lexicon);
    let model_boot = Counts3::bootstrap(&model, options.bootstrap, options.seed);
    let lexicon_boot = Counts3::bootstrap(&lexicon, options.bootstrap, options.seed);
    let themes = analyzer
        .lexicon()
        .themes
        .iter()
        .enumerate()
        .map(|(t, theme)| ThemeValidation {
            id: theme.id.clone(),
            coded: (0..data.measured)
                .filter(|&i| data.targets[t][i] > 0.0)
                .count(),
            threshold: thresholds[t],
            model: Figures::of_theme(&model, &model_boot, t),
            lexicon: Figures::of_theme(&lexicon, &lexicon_boot, t),
        })
        .collect();
    Validation {
        passages: data.measured,
        documents: data.measured_groups,
        reference_passages: data.rows.len() - data.measured,
        study_weight: study_weight(data.measured, data.rows.len() - data.measured, options),
        folds: folds.len(),
        coders: set.coders.clone(),
        features: data.names.len(),
        model: Figures::micro(&model, &model_boot),
        lexicon: Figures::micro(&lexicon, &lexicon_boot),
        themes,
        curve,
    }
}

impl Estimate {
    pub(crate) fn new(value: Option<f64>, samples: &mut [f64]) -> Estimate {
        samples.sort_by(f64::total_cmp);
        let at = |q: f64| {
            (!samples.is_empty()).then(|| {
                let k = ((samples.len() - 1) as f64 * q).round() as usize;
                samples[k]
            })
        };
        Estimate {
            value,
            low: at(0.025),
            high: at(0.975),
        }
    }
}
