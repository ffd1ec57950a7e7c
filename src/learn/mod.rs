//! Learned theme coders: code part of a corpus by hand, let entretien code the rest the same way,
//! and know how far to trust it.
//!
//! From coded passages ([`crate::coded`], REFI-QDA projects cut by
//! [`crate::agreement::passages_from_sources`]), [`learn`] fits one L2-regularised logistic
//! regression per theme over the pipeline's own features ([`FeatureOptions`]): stems, stems under
//! a negation apart, pairs of neighbouring content stems, the lexicon's hits and denials, the
//! interviewer's role. The log-odds of a unit carrying one of the theme's own lexicon hits are
//! pulled towards a positive prior (its weight plus the intercept, whatever the theme's base rate),
//! and every other weight towards zero, so that the lexicon speaks where the coded passages are
//! silent. With the default codebook, [`learn_with_reference`] also trains on the 720 coded
//! passages that ship with it ([`reference`](mod@reference)), never measured; the lexicon's hits
//! are then learned like any feature, each of the study's passages counts for up to five reference
//! passages ([`LearnOptions::study_weight`](LearnOptions#structfield.study_weight)), and each theme's
//! inner cross-validation decides whether its own hits make it present whatever the probability
//! ([`ThemeModel::lexicon_present`]). The
//! models, their features and weights are a JSON file ([`Model`]) a study can keep and publish.
//!
//! [`learn`] also says how far the models agree with the coders, by cross-validation: folds of
//! whole documents (a passage never sits on both sides of a split, nor does its repeated text),
//! stratified by theme; each fold's penalty and probability threshold chosen on its training part
//! only (an inner cross-validation); precision, recall, F1 and κ per theme against each coder with 95%
//! bootstrap intervals, beside the lexicon alone; and a learning curve.
//!
//! ```
//! use entretien::agreement::CodedSet;
//! use entretien::coded::CodedPassage;
//! use entretien::learn::{learn, LearnOptions};
//! use entretien::{Analyzer, Lexicon};
//!
//! let analyzer = Analyzer::builder().build(&Lexicon::default_french())?;
//! let passage = |id: String, text: &str, themes: &[&str]| CodedPassage {
//!     id,
//!     text: text.into(),
//!     themes: themes.iter().map(|t| t.to_string()).collect(),
//!     denied: vec![],
//!     coder: None,
//!     document: None,
//!     origin: None,
//! };
//! let mut passages = Vec::new();
//! // Passages with the same text stay on one side of every split: these differ by their number.
//! for i in 0..10 {
//!     let routine = format!("Le {i}, on clique, on clique, ça n'arrête pas.");
//!     passages.push(passage(format!("r{i}"), &routine, &["routinisation"]));
//!     passages.push(passage(format!("n{i}"), &format!("Le {i}, mon bureau donne sur le parc."), &[]));
//! }
//! let learned = learn(&analyzer, &CodedSet::new(passages), &LearnOptions::new().folds(5))?;
//! let routine = learned.validation.themes.iter().find(|t| t.id == "routinisation").unwrap();
//! assert_eq!(routine.model.f1.value, Some(1.0));
//! let weights = &learned.model.themes[learned.model.lexicon.themes.iter().position(|t| t == "routinisation").unwrap()].weights;
//! // « on clique » is in the default codebook: its hits carry the theme, the word helps.
//! assert!(weights["lex:routinisation"] > 3.0);
//! assert!(weights["w:cliqu"] > 0.0);
//! # Ok::<(), entretien::Error>(())
//! ```

mod apply;
mod features;
mod folds;
mod logistic;
mod model;
pub mod reference;
mod suggest;
mod train;
mod validation;

pub use apply::{CoderScratch, ModelCoder, ModelRows, UnitCoding};
pub use features::FeatureOptions;
pub use model::{
    LexiconSignature, Model, PipelineSignature, ThemeModel, TrainingSummary, FEATURES_VERSION,
    FORMAT, MODEL_VERSION,
};
pub use reference::reference_passages;
pub use suggest::{suggest_passages, SuggestPassages, SuggestedPassage};
pub use validation::{CurvePoint, Estimate, Figures, ThemeValidation, Validation};

use crate::agreement::CodedSet;
use crate::analyzer::Analyzer;
use crate::error::Result;
use crate::score::Unit;

/// How to learn.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct LearnOptions {
    /// Cross-validation folds (at most one per document).
    pub folds: usize,
    /// Seed of the folds, the learning curve's subsets and the bootstrap.
    pub seed: u64,
    /// Strengths of the L2 penalty to choose among, per theme, by an inner cross-validation on the
    /// training passages (the lowest log loss); one value fixes it.
    pub l2: Vec<f64>,
    /// Prior log-odds of a theme for a unit with one of its own lexicon hits (3: 95%), whatever
    /// the theme's base rate; 0 learns from the passages alone.
    pub lexicon_prior: f64,
    /// Features seen in fewer passages are left out (the lexicon's always stay).
    pub min_passages: usize,
    /// Which features.
    pub features: FeatureOptions,
    /// Shares of the training folds for the learning curve (the full folds are always reported).
    pub curve: Vec<f64>,
    /// Bootstrap rounds of the intervals.
    pub bootstrap: usize,
    /// The unit the passages were cut into (recorded in the model).
    pub unit: Unit,
    /// With reference passages: how much each of the study's own passages counts in training
    /// against one reference passage. `None` balances them: the study's training passages
    /// together count as much as the reference passages, each at least 1 and at most 5 times one
    /// of them, so that the study's way of coding prevails where the two differ.
    pub study_weight: Option<f64>,
}

impl Default for LearnOptions {
    fn default() -> Self {
        LearnOptions {
            folds: 5,
            seed: 1,
            l2: vec![1.0, 3.0, 10.0, 30.0],
            lexicon_prior: 3.0,
            min_passages: 2,
            features: FeatureOptions::default(),
            curve: vec![0.1, 0.25, 0.5, 0.75],
            bootstrap: 1000,
            unit: Unit::Turn,
            study_weight: None,
        }
    }
}

impl LearnOptions {
    /// The defaults: 5 folds, L2 chosen among 1, 3, 10 and 30, lexicon prior 3.0, features in two passages or more.
    pub fn new() -> LearnOptions {
        LearnOptions::default()
    }

    /// Sets the number of folds.
    pub fn folds(mut self, k: usize) -> LearnOptions {
        self.folds = k;
        self
    }

    /// Sets the seed.
    pub fn seed(mut self, seed: u64) -> LearnOptions {
        self.seed = seed;
        self
    }

    /// Fixes the L2 penalty.
    pub fn l2(mut self, l2: f64) -> LearnOptions {
        self.l2 = vec![l2];
        self
    }

    /// Sets the L2 penalties each theme chooses among.
    pub fn l2_choices(mut self, l2: Vec<f64>) -> LearnOptions {
        self.l2 = l2;
        self
    }

    /// Sets the prior log-odds of a unit with one of the theme's own lexicon hits (0 learns from
    /// the passages alone).
    pub fn lexicon_prior(mut self, prior: f64) -> LearnOptions {
        self.lexicon_prior = prior;
        self
    }

    /// Sets the minimum number of passages a feature must be seen in.
    pub fn min_passages(mut self, n: usize) -> LearnOptions {
        self.min_passages = n;
        self
    }

    /// Sets which features are used.
    pub fn features(mut self, features: FeatureOptions) -> LearnOptions {
        self.features = features;
        self
    }

    /// Sets the learning curve's shares (an empty list skips it).
    pub fn curve(mut self, shares: Vec<f64>) -> LearnOptions {
        self.curve = shares;
        self
    }

    /// Sets the bootstrap rounds (0: no intervals).
    pub fn bootstrap(mut self, rounds: usize) -> LearnOptions {
        self.bootstrap = rounds;
        self
    }

    /// The settings for training with reference passages: the lexicon's hits learned like any
    /// other feature (prior 0) and lighter penalties (0.1, 0.3, 1 or 3). With a few hundred coded
    /// passages behind them, the coders can then overrule the lexicon where the passages say it
    /// errs, which a strong prior forbids.
    pub fn with_reference(mut self) -> LearnOptions {
        self.lexicon_prior = 0.0;
        self.l2 = vec![0.1, 0.3, 1.0, 3.0];
        self
    }

    /// Fixes how much each of the study's passages counts against a reference passage
    /// (`None`: balanced; see [`LearnOptions::study_weight`](LearnOptions#structfield.study_weight)).
    pub fn study_weight(mut self, weight: Option<f64>) -> LearnOptions {
        self.study_weight = weight;
        self
    }

    /// Sets the unit recorded in the model.
    pub fn unit(mut self, unit: Unit) -> LearnOptions {
        self.unit = unit;
        self
    }
}

/// Learned coders and their cross-validated figures.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct Learned {
    /// The models, trained on every passage.
    pub model: Model,
    /// What cross-validation says of them.
    pub validation: Validation,
    /// Codes left out, passages coded twice or with two texts.
    pub warnings: Vec<String>,
}

/// Trains one coder per theme of the analyzer's lexicon on `set` and cross-validates them. The
/// result does not depend on the number of threads.
///
/// Fails when there is no passage, or fewer than two documents to split.
pub fn learn(analyzer: &Analyzer, set: &CodedSet, options: &LearnOptions) -> Result<Learned> {
    train::learn(analyzer, set, None, options)
}

/// [`learn`], with `reference` passages (see [`reference_passages`]) on the training side of every
/// split and in the final models, never measured: the figures are those of `set`'s passages.
/// Reference passages that repeat one of `set`'s (same document or text) are left out, with a
/// warning. With them, [`LearnOptions::with_reference`] gives the settings that suit.
pub fn learn_with_reference(
    analyzer: &Analyzer,
    set: &CodedSet,
    reference: &CodedSet,
    options: &LearnOptions,
) -> Result<Learned> {
    train::learn(analyzer, set, Some(reference), options)
}

/// Applies a trained model to coded passages it was not trained on and measures it against their
/// coders, beside the lexicon alone (`folds` is 0 in the result, and there is no learning curve).
/// `options` gives the bootstrap rounds and seed.
pub fn evaluate(
    coder: &ModelCoder,
    analyzer: &Analyzer,
    set: &CodedSet,
    options: &LearnOptions,
) -> Result<Validation> {
    train::evaluate(coder, analyzer, set, options)
}
