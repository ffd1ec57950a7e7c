//! Active coding: the uncoded passages whose hand coding would teach the models most — those whose
//! probability sits nearest a theme's threshold, spread over different wordings.

use super::apply::{CoderScratch, ModelCoder};
use crate::analysis::DocumentAnalysis;
use crate::span::Span;
use serde::{Deserialize, Serialize};
use std::cmp::Ordering;
use std::collections::HashSet;

/// A passage to code next, in the shape of a coded passage (`themes` and `denied` left for the
/// coder to fill) so that `entretien learn` reads the file back once coded.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct SuggestedPassage {
    /// `{document}#t{turn}` (turn from 1).
    pub id: String,
    /// The document it comes from.
    pub document: String,
    /// The turn's text.
    pub text: String,
    /// Themes present, for the coder to fill.
    pub themes: Vec<String>,
    /// Themes denied, for the coder to fill.
    pub denied: Vec<String>,
    /// The turn's speaker, where known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub speaker: Option<String>,
    /// The turn's byte span in the document.
    pub span: Span,
    /// 1 when a theme's probability sits on its threshold, 0 when every theme is decided.
    pub uncertainty: f64,
    /// The themes the models hesitate on most, with their probability, most uncertain first.
    pub undecided: Vec<(String, f64)>,
    #[serde(skip)]
    features: Vec<u32>,
}

/// Gathers candidate passages (scored turns) over a corpus and picks the ones to code.
#[derive(Debug, Clone)]
pub struct SuggestPassages {
    n: usize,
    pool: usize,
    min_words: u32,
    exclude: HashSet<String>,
    candidates: Vec<SuggestedPassage>,
}

/// Suggestions for `n` passages: [`SuggestPassages::add`] each analysed document (or window), then
/// [`SuggestPassages::finish`].
pub fn suggest_passages(n: usize) -> SuggestPassages {
    SuggestPassages {
        n,
        pool: (20 * n).max(500),
        min_words: 8,
        exclude: HashSet::new(),
        candidates: Vec::new(),
    }
}

fn normalised(text: &str) -> String {
    text.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// Most uncertain first; then document, then span, so that the order does not depend on the order
/// documents were added in.
fn rank(a: &SuggestedPassage, b: &SuggestedPassage) -> Ordering {
    b.uncertainty
        .total_cmp(&a.uncertainty)
        .then_with(|| a.document.cmp(&b.document))
        .then_with(|| a.span.start.cmp(&b.span.start))
        .then_with(|| a.text.cmp(&b.text))
}

impl SuggestPassages {
    /// Passages of fewer words are never suggested (8 by default).
    pub fn min_words(mut self, words: u32) -> SuggestPassages {
        self.min_words = words;
        self
    }

    /// Leaves out passages with these texts (those already coded), whitespace and case aside.
    pub fn exclude<'a>(mut self, texts: impl IntoIterator<Item = &'a str>) -> SuggestPassages {
        self.exclude.extend(texts.into_iter().map(normalised));
        self
    }

    /// Considers the scored turns of an analysis.
    pub fn add(
        &mut self,
        coder: &ModelCoder,
        analysis: &DocumentAnalysis<'_>,
        scratch: &mut CoderScratch,
    ) {
        let text = &analysis.transcript.text;
        for (i, t) in analysis.scored_turns() {
            if t.words < self.min_words {
                continue;
            }
            let span = analysis.turn(i).span;
            let passage = text.get(span.range()).unwrap_or_default();
            if !self.exclude.is_empty() && self.exclude.contains(&normalised(passage)) {
                continue;
            }
            let coding = coder.code(analysis, i, t.tokens.clone(), scratch);
            let mut undecided: Vec<(String, f64, f64)> = coder
                .model()
                .themes
                .iter()
                .zip(&coding.probability)
                .map(|(theme, &p)| {
                    let room = match p >= theme.threshold {
                        true => 1.0 - theme.threshold,
                        false => theme.threshold,
                    };
                    let u = 1.0 - ((p - theme.threshold).abs() / room.max(1e-9)).min(1.0);
                    (theme.id.clone(), (p * 1e4).round() / 1e4, u)
                })
                .collect();
            undecided.sort_by(|a, b| b.2.total_cmp(&a.2).then(a.0.cmp(&b.0)));
            let uncertainty = undecided.first().map_or(0.0, |u| u.2);
            undecided.truncate(3);
            self.candidates.push(SuggestedPassage {
                id: format!("{}#t{}", analysis.transcript.id, i + 1),
                document: analysis.transcript.id.clone(),
                text: passage.to_string(),
                themes: Vec::new(),
                denied: Vec::new(),
                speaker: analysis.speaker(i).map(str::to_string),
                span,
                uncertainty: (uncertainty * 1e4).round() / 1e4,
                undecided: undecided.into_iter().map(|(t, p, _)| (t, p)).collect(),
                features: coder.last_features(scratch),
            });
        }
        if self.candidates.len() > 2 * self.pool {
            self.trim();
        }
    }

    /// Adds the candidates another gatherer found (for parallel runs).
    pub fn merge(&mut self, other: SuggestPassages) {
        self.candidates.extend(other.candidates);
        if self.candidates.len() > 2 * self.pool {
            self.trim();
        }
    }

    fn trim(&mut self) {
        self.candidates.sort_by(rank);
        self.candidates.truncate(self.pool);
    }

    /// The passages to code, chosen greedily: the most uncertain first, each next one the most
    /// uncertain once its likeness to those chosen (Jaccard similarity of features) is taken off.
    pub fn finish(mut self) -> Vec<SuggestedPassage> {
        self.trim();
        let mut seen_text: HashSet<String> = HashSet::new();
        self.candidates
            .retain(|c| seen_text.insert(normalised(&c.text)));
        let mut chosen: Vec<SuggestedPassage> = Vec::new();
        let mut left = self.candidates;
        while chosen.len() < self.n && !left.is_empty() {
            let score = |c: &SuggestedPassage| {
                let likeness = chosen
                    .iter()
                    .map(|s| jaccard(&s.features, &c.features))
                    .fold(0.0, f64::max);
                c.uncertainty - 0.5 * likeness
            };
            let mut best = 0;
            let mut best_score = f64::NEG_INFINITY;
            for (k, c) in left.iter().enumerate() {
                let s = score(c);
                if s > best_score + 1e-12 {
                    best = k;
                    best_score = s;
                }
            }
            chosen.push(left.remove(best));
        }
        chosen
    }
}

fn jaccard(a: &[u32], b: &[u32]) -> f64 {
    let (mut i, mut j, mut both) = (0, 0, 0usize);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            Ordering::Less => i += 1,
            Ordering::Greater => j += 1,
            Ordering::Equal => {
                both += 1;
                i += 1;
                j += 1;
            }
        }
    }
    let union = a.len() + b.len() - both;
    match union {
        0 => 1.0,
        _ => both as f64 / union as f64,
    }
}
