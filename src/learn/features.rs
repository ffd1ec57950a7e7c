//! What a learned coder sees of a passage: the pipeline's stems (apart when a negation covers them),
//! pairs of neighbouring content stems, the lexicon's hits and denials, and whether the interviewer
//! speaks. One extractor feeds training (features by name) and scoring (features by id, with spans
//! for the explanations).

use crate::analysis::DocumentAnalysis;
use crate::analyzer::turn_scopes;
use crate::matcher::{StemId, TokenRecord};
use crate::negation::{NegClass, Scope};
use crate::span::Span;
use crate::text::tokenize::TokenKind;
use crate::transcript::Role;
use serde::{Deserialize, Serialize};
use std::ops::Range;

/// Which kinds of features the coders use. Every kind is on by default.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
#[non_exhaustive]
pub struct FeatureOptions {
    /// The stem of each word (`w:seul`), or of each word a negation covers (`n:seul`).
    pub stems: bool,
    /// Neighbouring content stems, stopwords skipped, outside negations (`b:perd sens`).
    pub bigrams: bool,
    /// The lexicon's positive hits per theme (`lex:isolement`) and its negated ones
    /// (`neg:isolement`).
    pub lexicon: bool,
    /// Whether the unit is the interviewer's (`role:interviewer`).
    pub role: bool,
}

impl Default for FeatureOptions {
    fn default() -> Self {
        FeatureOptions {
            stems: true,
            bigrams: true,
            lexicon: true,
            role: true,
        }
    }
}

/// One feature of a unit, by the worker's ids.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(crate) enum Key {
    Stem(StemId),
    NegatedStem(StemId),
    Bigram(StemId, StemId),
    Lexicon(u32),
    NegatedLexicon(u32),
    Interviewer,
}

impl Key {
    /// The feature's name in a model file.
    pub(crate) fn name(self, analysis: &DocumentAnalysis<'_>) -> String {
        match self {
            Key::Stem(s) => format!("w:{}", analysis.stem_text(s)),
            Key::NegatedStem(s) => format!("n:{}", analysis.stem_text(s)),
            Key::Bigram(a, b) => {
                format!("b:{} {}", analysis.stem_text(a), analysis.stem_text(b))
            }
            Key::Lexicon(t) => format!("lex:{}", analysis.lexicon().themes()[t as usize].id),
            Key::NegatedLexicon(t) => {
                format!("neg:{}", analysis.lexicon().themes()[t as usize].id)
            }
            Key::Interviewer => INTERVIEWER.to_string(),
        }
    }
}

pub(crate) const INTERVIEWER: &str = "role:interviewer";

/// Whether a feature is one of the passage's words (`w:`, `n:`, `b:`), whose values are scaled by
/// [`word_value`], rather than one of the lexicon's or the role's, worth 1 each.
pub(crate) fn is_word_name(name: &str) -> bool {
    name.starts_with("w:") || name.starts_with("n:") || name.starts_with("b:")
}

/// The value of each word feature of a passage that has `words` of them: `√(20/words)` (at most
/// 2), so that the words of a long passage weigh together about as much as those of a passage of
/// twenty, while a lexicon hit weighs the same in both.
pub(crate) fn word_value(words: usize) -> f64 {
    (20.0 / words.max(1) as f64).sqrt().min(2.0)
}

/// Whether a feature name stands for a negated mention (`n:`, `neg:`).
pub(crate) fn is_negated_name(name: &str) -> bool {
    name.starts_with("n:") || name.starts_with("neg:")
}

/// The extractor's buffers: one per worker.
#[derive(Debug, Default)]
pub(crate) struct FeatureScratch {
    /// The turn (transcript index) whose negated tokens `negated` holds.
    turn: Option<usize>,
    /// The first token of that turn.
    turn_start: usize,
    negated: Vec<bool>,
    carrying: Vec<(usize, usize)>,
    classes: Vec<NegClass>,
    scopes: Vec<Scope>,
    rejected: Vec<Range<usize>>,
}

impl FeatureScratch {
    /// Forgets the turn cached from an earlier analysis.
    pub(crate) fn reset(&mut self) {
        self.turn = None;
    }

    /// Marks the tokens of `turn` that a negation covers (cue words are not covered).
    fn negations(&mut self, analysis: &DocumentAnalysis<'_>, turn: usize) {
        if self.turn == Some(turn) {
            return;
        }
        self.turn = Some(turn);
        let Some(t) = analysis.turn_analysis(turn) else {
            self.negated.clear();
            return;
        };
        let range = t.tokens.clone();
        self.turn_start = range.start;
        let tokens = &analysis.tokens()[range.clone()];
        self.carrying.clear();
        self.carrying.extend(
            analysis
                .hits_in(range.clone())
                .iter()
                .filter(|h| analysis.indicator(h).carries_negation)
                .map(|h| (h.tokens.start - range.start, h.tokens.end - 1 - range.start)),
        );
        turn_scopes(
            tokens,
            analysis.terms,
            analysis.negation_window,
            &mut self.carrying,
            &mut self.classes,
            &mut self.scopes,
            &mut self.rejected,
        );
        self.negated.clear();
        self.negated.resize(tokens.len(), false);
        for scope in &self.scopes {
            for k in scope.covered.clone() {
                if k < tokens.len() && scope.negates(k, k) {
                    self.negated[k] = true;
                }
            }
        }
        for r in &self.rejected {
            self.negated[r.clone()].fill(true);
        }
    }

    fn is_negated(&self, token: usize) -> bool {
        token
            .checked_sub(self.turn_start)
            .and_then(|k| self.negated.get(k))
            .copied()
            .unwrap_or(false)
    }
}

/// Hands every feature of the tokens `tokens` of scored turn `turn` to `emit`, with the span it
/// comes from (a feature found twice is handed twice).
pub(crate) fn extract(
    analysis: &DocumentAnalysis<'_>,
    turn: usize,
    tokens: Range<usize>,
    options: &FeatureOptions,
    scratch: &mut FeatureScratch,
    mut emit: impl FnMut(Key, Span),
) {
    if options.role && analysis.role(turn) == Role::Interviewer {
        emit(Key::Interviewer, analysis.turn(turn).span);
    }
    if options.stems || options.bigrams {
        scratch.negations(analysis, turn);
        let all = analysis.tokens();
        let mut previous: Option<&TokenRecord> = None;
        for i in tokens.clone() {
            let Some(tok) = all.get(i) else { break };
            if tok.kind != TokenKind::Word {
                // Fillers and annotations are transparent; punctuation ends a pair.
                if !tok.is_skippable() {
                    previous = None;
                }
                continue;
            }
            let stem = analysis.stem_id(tok.term);
            let negated = scratch.is_negated(i);
            let content = !analysis.is_stopword(tok.term);
            if options.stems {
                match negated {
                    true => emit(Key::NegatedStem(stem), tok.span),
                    false => emit(Key::Stem(stem), tok.span),
                }
            }
            if negated {
                previous = None;
                continue;
            }
            if options.bigrams && content {
                if let Some(p) = previous {
                    emit(
                        Key::Bigram(analysis.stem_id(p.term), stem),
                        Span::new(p.span.start, tok.span.end),
                    );
                }
                previous = Some(tok);
            }
        }
    }
    if options.lexicon {
        for hit in analysis.hits_in(tokens) {
            let t = hit.theme.index() as u32;
            match hit.negated {
                true => emit(Key::NegatedLexicon(t), hit.span),
                false => emit(Key::Lexicon(t), hit.span),
            }
        }
    }
}
