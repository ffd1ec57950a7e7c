//! The passages quoted for each theme: a snippet is the more characteristic the more hits of the
//! theme it holds, then the more distinct indicators; ties go to the earlier document and the
//! earlier place in it. At most [`PER_DOCUMENT`] passages of one interview per theme, that do not
//! overlap, so that one talkative respondent does not fill the list. Negated hits are ranked the same way, apart.

use super::model::{Quote, ThemeQuotes};
use crate::lexicon::Lexicon;
use crate::score::Evidence;
use crate::span::Span;
use std::collections::BTreeMap;

/// Passages of one interview kept per theme (and per negated theme).
const PER_DOCUMENT: usize = 2;

/// A passage and its rank.
#[derive(Debug, Clone)]
struct Candidate {
    hits: usize,
    indicators: usize,
    document: u64,
    quote: Quote,
}

impl Candidate {
    fn key(
        &self,
    ) -> (
        std::cmp::Reverse<usize>,
        std::cmp::Reverse<usize>,
        u64,
        usize,
    ) {
        (
            std::cmp::Reverse(self.hits),
            std::cmp::Reverse(self.indicators),
            self.document,
            self.quote.span.start,
        )
    }
}

/// A document's best passages per theme: `[positive, negated]` for each theme, in lexicon order.
#[derive(Debug, Default)]
pub struct Candidates(Vec<[Vec<Candidate>; 2]>);

impl Candidates {
    /// The best passages of a document's evidence (in text order); `themes` maps a theme id to its
    /// index.
    pub fn of(evidence: &[Evidence], themes: &BTreeMap<&str, usize>) -> Candidates {
        let mut by_theme: Vec<[Vec<&Evidence>; 2]> = vec![Default::default(); themes.len()];
        for e in evidence {
            if let Some(&t) = themes.get(e.theme.as_str()) {
                by_theme[t][usize::from(e.negated)].push(e);
            }
        }
        let mut out: Vec<[Vec<Candidate>; 2]> = Vec::with_capacity(themes.len());
        for lists in by_theme {
            let mut pair: [Vec<Candidate>; 2] = Default::default();
            for (side, mut hits) in lists.into_iter().enumerate() {
                hits.sort_by_key(|e| (e.span.start, e.span.end));
                // Ranked on counts first; only the passages kept are copied.
                let mut ranked: Vec<(usize, usize, usize, &Evidence)> = Vec::new();
                for e in &hits {
                    let (n, distinct) = counts(e, &hits);
                    ranked.push((n, distinct, e.snippet_span.start, e));
                }
                ranked.sort_by_key(|r| (std::cmp::Reverse(r.0), std::cmp::Reverse(r.1), r.2));
                // The best passages that do not overlap one another.
                let mut chosen: Vec<&Evidence> = Vec::new();
                for r in &ranked {
                    let (a, b) = (r.3.snippet_span.start, r.3.snippet_span.end);
                    let apart =
                        |c: &&Evidence| c.snippet_span.end <= a || b <= c.snippet_span.start;
                    if chosen.iter().all(apart) {
                        chosen.push(r.3);
                        if chosen.len() == PER_DOCUMENT {
                            break;
                        }
                    }
                }
                pair[side] = chosen.into_iter().map(|e| candidate(e, &hits)).collect();
            }
            out.push(pair);
        }
        Candidates(out)
    }
}

/// The hits of `hits` (sorted by start) inside the snippet of `e`.
fn inside<'e>(e: &Evidence, hits: &'e [&'e Evidence]) -> impl Iterator<Item = &'e Evidence> + 'e {
    let snip = e.snippet_span;
    let first = hits.partition_point(|h| h.span.start < snip.start);
    hits[first..]
        .iter()
        .take_while(move |h| h.span.start < snip.end)
        .filter(move |h| h.span.end <= snip.end)
        .copied()
}

/// How many hits the snippet of `e` holds, and how many distinct indicators.
fn counts(e: &Evidence, hits: &[&Evidence]) -> (usize, usize) {
    let mut indicators: Vec<&str> = Vec::new();
    let mut n = 0;
    for h in inside(e, hits) {
        n += 1;
        if !indicators.contains(&h.indicator.as_str()) {
            indicators.push(&h.indicator);
        }
    }
    (n, indicators.len())
}

/// The passage of hit `e`: its snippet with every hit of `hits` (sorted by start) inside it marked.
fn candidate(e: &Evidence, hits: &[&Evidence]) -> Candidate {
    let snip = e.snippet_span;
    let mut marks = Vec::new();
    let mut indicators: Vec<String> = Vec::new();
    for h in inside(e, hits) {
        marks.push(Span {
            start: h.span.start - snip.start,
            end: h.span.end - snip.start,
        });
        if !indicators.contains(&h.indicator) {
            indicators.push(h.indicator.clone());
        }
    }
    Candidate {
        hits: marks.len(),
        indicators: indicators.len(),
        document: 0,
        quote: Quote {
            document: String::new(),
            speaker: e.speaker.clone(),
            role: e.role,
            start_time: e.start_time,
            snippet: e.snippet.clone(),
            span: snip,
            marks,
            indicators,
        },
    }
}

/// The best passages over the corpus, per theme.
#[derive(Debug)]
pub struct QuoteBoard {
    kept: Vec<[Vec<Candidate>; 2]>,
    limits: [usize; 2],
}

impl QuoteBoard {
    /// A board for `themes` themes keeping `positive` and `negated` passages each.
    pub fn new(themes: usize, positive: usize, negated: usize) -> QuoteBoard {
        QuoteBoard {
            kept: vec![Default::default(); themes],
            limits: [positive, negated],
        }
    }

    /// Adds the passages of document `index` (input order), whose id is `id`.
    pub fn add(&mut self, index: u64, id: &str, candidates: Candidates) {
        for (kept, new) in self.kept.iter_mut().zip(candidates.0) {
            for (side, list) in new.into_iter().enumerate() {
                for mut c in list {
                    c.document = index;
                    c.quote.document = id.to_string();
                    kept[side].push(c);
                }
                kept[side].sort_by_key(Candidate::key);
                kept[side].truncate(self.limits[side]);
            }
        }
    }

    /// The quotes of every theme, in lexicon order.
    pub fn finish(self, lexicon: &Lexicon) -> Vec<ThemeQuotes> {
        (lexicon.themes.iter().zip(self.kept))
            .map(|(theme, [positive, negated])| ThemeQuotes {
                theme: theme.id.clone(),
                label: theme.label.clone(),
                quotes: positive.into_iter().map(|c| c.quote).collect(),
                negated: negated.into_iter().map(|c| c.quote).collect(),
            })
            .collect()
    }
}
