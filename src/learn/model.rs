//! The model file: every theme's weights by feature name, with what they were learned with (the
//! lexicon's fingerprint, the pipeline's settings), so that a study can keep and publish it, and a
//! model is never applied through another lexicon or pipeline than its own.

use super::features::{FeatureOptions, INTERVIEWER};
use super::validation::Validation;
use crate::analyzer::Analyzer;
use crate::error::{Error, Result};
use crate::lexicon::Lexicon;
use crate::score::Unit;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::Path;

/// The `format` of a model file.
pub const FORMAT: &str = "entretien-model";
/// The model file's version: files of another version are refused.
pub const MODEL_VERSION: u32 = 2;
/// The version of feature extraction (tokens, stems, negation scopes, feature names). It changes
/// whenever a feature of the same text could come out differently; models of another are refused.
/// 2: words of a reported claim the speaker rejects are negated ([`crate::disclaimer`]).
pub const FEATURES_VERSION: u32 = 2;
/// Weights smaller than this in magnitude are left out of the file.
pub(crate) const SMALLEST_WEIGHT: f64 = 1e-4;

/// How the texts were turned into features.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct PipelineSignature {
    /// [`FEATURES_VERSION`] at training.
    pub features: u32,
    /// The stemmer.
    pub stemmer: String,
    /// Whether accents were folded.
    pub fold_accents: bool,
    /// The negation scope's reach, in words.
    pub negation_window: usize,
    /// The stop list's fingerprint (stopwords are left out of stem pairs).
    pub stopwords: String,
}

impl PipelineSignature {
    /// The signature of an analyzer's pipeline.
    pub fn of(analyzer: &Analyzer) -> PipelineSignature {
        PipelineSignature {
            features: FEATURES_VERSION,
            stemmer: "snowball-french".to_string(),
            fold_accents: analyzer.config().fold_accents,
            negation_window: analyzer.config().negation_window,
            stopwords: analyzer.stopwords().fingerprint(),
        }
    }
}

/// Which lexicon the `lex:` and `neg:` features come from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct LexiconSignature {
    /// The lexicon's name, where it has one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// [`Lexicon::fingerprint`].
    pub fingerprint: String,
    /// Its themes, in order.
    pub themes: Vec<String>,
}

impl LexiconSignature {
    /// The signature of a lexicon.
    pub fn of(lexicon: &Lexicon) -> LexiconSignature {
        LexiconSignature {
            name: lexicon.name.clone(),
            fingerprint: lexicon.fingerprint(),
            themes: lexicon.themes.iter().map(|t| t.id.clone()).collect(),
        }
    }
}

/// The serde default of a weight that did not exist yet.
pub(crate) fn one() -> f64 {
    1.0
}

/// What the model was trained on, and how.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct TrainingSummary {
    /// Coded passages.
    pub passages: usize,
    /// Documents (groups of passages kept together in cross-validation).
    pub documents: usize,
    /// Reference passages added to the training side ([`super::reference`]); 0 in models from
    /// before they existed.
    #[serde(default)]
    pub reference_passages: usize,
    /// How much each coded passage counted against one reference passage in the final fit (1
    /// without reference passages, and in models from before the weight existed).
    #[serde(default = "one")]
    pub study_weight: f64,
    /// The coders.
    pub coders: Vec<String>,
    /// The penalty strengths each theme's inner cross-validation chose among.
    pub l2: Vec<f64>,
    /// The prior log-odds of a unit with one of the theme's own lexicon hits.
    pub lexicon_prior: f64,
    /// Features seen in fewer passages were left out.
    pub min_passages: usize,
    /// Cross-validation folds of the figures (penalties and thresholds are chosen by an inner
    /// 3-fold cross-validation).
    pub folds: usize,
    /// The seed of the folds and of the bootstrap.
    pub seed: u64,
}

/// One theme's learned coder: present when `sigmoid(bias + Σ weights of the unit's features)` is
/// at least `threshold`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct ThemeModel {
    /// The theme's id.
    pub id: String,
    /// The intercept.
    pub bias: f64,
    /// The probability from which the theme is said present, chosen on inner cross-validated
    /// probabilities.
    pub threshold: f64,
    /// The penalty strength chosen for this theme.
    pub l2: f64,
    /// Whether a unit with one of the theme's own (not negated) lexicon hits is coded present
    /// whatever its probability: chosen, like the threshold, on inner cross-validated decisions
    /// (false in models from before it existed).
    #[serde(default)]
    pub lexicon_present: bool,
    /// Feature name → weight (features absent weigh nothing).
    pub weights: BTreeMap<String, f64>,
}

/// Learned theme coders, as kept in a JSON file.
///
/// Feature names: `w:STEM` a word's stem, `n:STEM` a stem under a negation, `b:STEM STEM` two
/// neighbouring content stems, `lex:THEME` a positive lexicon hit, `neg:THEME` a negated one,
/// `role:interviewer` an interviewer's unit.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Model {
    /// Always [`FORMAT`].
    pub format: String,
    /// [`MODEL_VERSION`].
    pub version: u32,
    /// The version of entretien that trained it.
    pub entretien: String,
    /// The pipeline the features came from.
    pub pipeline: PipelineSignature,
    /// The lexicon of the `lex:` features and of the themes.
    pub lexicon: LexiconSignature,
    /// The unit the coded passages were cut into.
    pub unit: Unit,
    /// The kinds of features used.
    pub features: FeatureOptions,
    /// What it was trained on.
    pub training: TrainingSummary,
    /// One coder per theme, in lexicon order.
    pub themes: Vec<ThemeModel>,
    /// The cross-validated figures, when kept with the model.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub validation: Option<Validation>,
}

impl Model {
    /// Reads a model from JSON, refusing another format or version.
    pub fn from_json(text: &str) -> Result<Model> {
        let value: serde_json::Value = serde_json::from_str(text)
            .map_err(|e| Error::data(Some(e.line()), format!("not a model file: {e}")))?;
        if value.get("format").and_then(|f| f.as_str()) != Some(FORMAT) {
            return Err(Error::config(format!(
                "not an entretien model (no \"format\": \"{FORMAT}\"); make one with `entretien learn`"
            )));
        }
        match value.get("version").and_then(|v| v.as_u64()) {
            Some(v) if v == u64::from(MODEL_VERSION) => {}
            other => {
                return Err(Error::config(format!(
                    "model file version {} is not the version this entretien reads ({MODEL_VERSION}): train it again with this version",
                    other.map_or("(none)".to_string(), |v| v.to_string())
                )))
            }
        }
        let model: Model =
            serde_json::from_value(value).map_err(|e| Error::config(format!("model file: {e}")))?;
        model.validate()?;
        Ok(model)
    }

    /// Reads a model file.
    pub fn read(path: impl AsRef<Path>) -> Result<Model> {
        let path = path.as_ref();
        let text = std::fs::read_to_string(path).map_err(|e| Error::io(Some(path), e))?;
        Model::from_json(&text).map_err(|e| e.with_path(path))
    }

    /// The model as pretty JSON.
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_default()
    }

    fn validate(&self) -> Result<()> {
        for t in &self.themes {
            let finite = t.bias.is_finite()
                && t.threshold.is_finite()
                && t.weights.values().all(|w| w.is_finite());
            if !finite {
                return Err(Error::config(format!(
                    "model theme {:?}: weights, bias and threshold must be finite numbers",
                    t.id
                )));
            }
        }
        if self
            .themes
            .iter()
            .map(|t| &t.id)
            .ne(self.lexicon.themes.iter())
        {
            return Err(Error::config(
                "model file: its themes are not those of its lexicon, in order",
            ));
        }
        Ok(())
    }

    /// Whether the model can be applied through `analyzer`: the same lexicon and the same pipeline
    /// settings as at training. The error says which differs and what to do.
    pub fn check(&self, analyzer: &Analyzer) -> Result<()> {
        let here = LexiconSignature::of(analyzer.lexicon());
        if here.fingerprint != self.lexicon.fingerprint {
            let name = |n: &Option<String>| n.clone().unwrap_or_else(|| "(unnamed)".to_string());
            return Err(Error::config(format!(
                "the model was trained with lexicon {} (fingerprint {}), this run uses lexicon {} \
                 (fingerprint {}): pass the training lexicon with --lexicon, or train again",
                name(&self.lexicon.name),
                self.lexicon.fingerprint,
                name(&here.name),
                here.fingerprint
            )));
        }
        let pipeline = PipelineSignature::of(analyzer);
        let ours = &self.pipeline;
        let differs = if ours.features != pipeline.features {
            Some(format!(
                "feature version {} (this entretien extracts version {})",
                ours.features, pipeline.features
            ))
        } else if ours.stemmer != pipeline.stemmer {
            Some(format!("stemmer {:?}", ours.stemmer))
        } else if ours.fold_accents != pipeline.fold_accents {
            Some(format!("fold_accents = {}", ours.fold_accents))
        } else if ours.negation_window != pipeline.negation_window {
            Some(format!("negation window {}", ours.negation_window))
        } else if ours.stopwords != pipeline.stopwords {
            Some("another stop list".to_string())
        } else {
            None
        };
        match differs {
            Some(what) => Err(Error::config(format!(
                "the model was trained with {what}; this run's pipeline differs: use the training \
                 settings, or train again with this entretien"
            ))),
            None => Ok(()),
        }
    }

    /// Whether a feature name is one this version can produce.
    pub(crate) fn known_feature(name: &str) -> bool {
        ["w:", "n:", "b:", "lex:", "neg:"]
            .iter()
            .any(|p| name.starts_with(p))
            || name == INTERVIEWER
    }
}
