//! A codebook checked against human coding: agreement measures ([`measures`]), the evaluation of
//! a lexicon on coded passages ([`evaluate`], [`Evaluation`]) and the search for indicators a theme
//! is missing ([`suggest`]).
//!
//! ```
//! use entretien::agreement::{evaluate, CodedSet, EvalOptions};
//! use entretien::coded::{parse_coded, CodedFormat};
//! use entretien::{Analyzer, Lexicon, Theme};
//!
//! let coded = r#"{"id": "p1", "text": "Je me sens seule.", "themes": ["isolement"], "coder": "a"}
//! {"id": "p2", "text": "Trop de mails.", "themes": ["charge"], "coder": "a"}
//! {"id": "p1", "text": "Je me sens seule.", "themes": ["isolement"], "coder": "b"}
//! {"id": "p2", "text": "Trop de mails.", "themes": [], "coder": "b"}"#;
//! let passages = parse_coded(coded, CodedFormat::Jsonl)?.passages;
//! let lexicon = Lexicon::new(vec![
//!     Theme::new("isolement").with_entries(["seul"]),
//!     Theme::new("charge").with_entries(["débordé"]),
//! ]);
//! let analyzer = Analyzer::builder().build(&lexicon)?;
//! let eval = evaluate(&analyzer, &CodedSet::new(passages), &EvalOptions::new())?;
//! // Against coder a: isolement found, charge missed; against b: everything right.
//! assert_eq!(eval.overall.lexicon[0].f1, Some(2.0 / 3.0));
//! assert_eq!(eval.overall.lexicon[1].f1, Some(1.0));
//! assert_eq!(eval.false_negatives[0].passage, "p2");
//! # Ok::<(), entretien::Error>(())
//! ```
//!
//! Passages are scored the way `entretien score` scores JSON Lines documents, so that the
//! figures agree with `../shared/tools/theme_agreement.py`, which runs `score` on them.

pub(crate) mod coding;
mod eval;
pub mod measures;
mod render;
mod set;
pub mod suggest;

pub use coding::{passages_from_sources, Indicated};
pub use eval::{
    evaluate, Agreement, CoderAgreement, CoderSummary, Confusion, EvalOptions, Evaluation,
    FalseNegative, FalsePositive, IndicatorCount, MeanAgreement, Overall, ReferenceFigures,
    ThemeEvaluation,
};
pub use set::{CodedItem, CodedSet, Coding};
pub use suggest::{suggest, CandidateKind, NearMiss, SuggestOptions, Suggestion, Suggestions};
