//! Candidate indicators for a theme.
//!
//! With coded passages ([`suggest`]), terms are ranked by how specific they are to the passages
//! coded with the theme (by any coder) against the other passages: Lafon's specificity of the
//! passages that hold the term ([`crate::stats::lafon`], G² to break ties). Without coding
//! ([`from_transcripts`]), the segments where the theme's indicators have a positive hit stand
//! for the passages coded with it. Terms are stems, word forms and bigrams of stems of adjacent
//! words; stopwords, fillers and the tokens the theme's indicators already match are left out.
//! A candidate that would add no passage the lexicon misses is left out too.
//!
//! The top candidates are then tried: each is added to a clone of the lexicon, the passages are
//! scored again, and the passages it adds (fixing a false negative, or wrongly) and the theme's
//! F1 with it (the mean over coders, as in [`super::Evaluation`]) are reported. Nothing is
//! written to the lexicon. Forms that share a stem or a prefix with one of the theme's
//! one-word indicators without matching it are listed as near misses.
//!
//! ```
//! use entretien::agreement::{suggest, CodedSet, SuggestOptions};
//! use entretien::coded::CodedPassage;
//! use entretien::{Analyzer, Lexicon, Theme};
//!
//! let passage = |id: usize, text: &str, themes: &[&str]| CodedPassage {
//!     id: id.to_string(),
//!     text: text.into(),
//!     themes: themes.iter().map(|t| t.to_string()).collect(),
//!     denied: vec![],
//!     coder: Some("a".into()),
//!     document: None,
//!     origin: None,
//! };
//! let set = CodedSet::new([
//!     passage(1, "Je mange seul à midi, personne au bureau.", &["isolement"]),
//!     passage(2, "Le bureau est vide, je reste dans mon coin.", &["isolement"]),
//!     passage(3, "Chacun dans son coin, on ne se parle plus.", &["isolement"]),
//!     passage(4, "Le bureau a été repeint en bleu.", &[]),
//!     passage(5, "La réunion du lundi est longue.", &[]),
//! ]);
//! let lexicon = Lexicon::new(vec![Theme::new("isolement").with_entries(["seul"])]);
//! let analyzer = Analyzer::builder().build(&lexicon)?;
//! let found = suggest(&analyzer, &set, "isolement", &SuggestOptions::new())?;
//! assert_eq!(found.candidates[0].term, "coin");
//! assert_eq!(found.candidates[0].fixes, Some(2));
//! assert_eq!(found.candidates[0].f1_if_added, Some(1.0));
//! # Ok::<(), entretien::Error>(())
//! ```

use super::coding::PassageCoder;
use super::measures::{mean, Counts};
use super::set::CodedSet;
use crate::analysis::DocumentAnalysis;
use crate::analyzer::{Analyzer, Scratch};
use crate::error::{Error, Result};
use crate::lexicon::{Entry, EntryKind};
use crate::score::Unit;
use crate::stats::{g2, lafon, Correction, Table};
use crate::text::tokenize::TokenKind;
use crate::transcript::Transcript;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap};
use std::fmt::Write as _;
use std::ops::Range;

/// How many candidates are tried, and which terms count.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct SuggestOptions {
    /// Candidates listed (each tried by scoring the passages again with it).
    pub top: usize,
    /// Passages (or segments) a term must occur in.
    pub min_freq: u64,
    /// Near misses listed.
    pub near_misses: usize,
}

impl Default for SuggestOptions {
    fn default() -> Self {
        SuggestOptions {
            top: 10,
            min_freq: 2,
            near_misses: 20,
        }
    }
}

impl SuggestOptions {
    /// Ten candidates, terms in at least two passages, twenty near misses.
    pub fn new() -> SuggestOptions {
        SuggestOptions::default()
    }

    /// Sets how many candidates are listed.
    pub fn top(mut self, n: usize) -> SuggestOptions {
        self.top = n;
        self
    }

    /// Sets how many passages a term must occur in.
    pub fn min_freq(mut self, n: u64) -> SuggestOptions {
        self.min_freq = n.max(1);
        self
    }
}

/// What a candidate is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum CandidateKind {
    /// A stem: the entry is a word form, matched on its stem.
    Stem,
    /// A word form: the entry is `=form`.
    Form,
    /// Two adjacent content words: the entry is a two-word phrase.
    Bigram,
}

/// One candidate indicator.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Suggestion {
    /// The entry as it would be written in the lexicon.
    pub entry: String,
    /// What it is.
    pub kind: CandidateKind,
    /// The stem, form, or pair of stems.
    pub term: String,
    /// Passages (segments) holding it.
    pub frequency: u64,
    /// Of those, passages coded with the theme (segments where the theme is found).
    pub with_theme: u64,
    /// Lafon's specificity to the passages with the theme.
    pub specificity: f64,
    /// Signed G².
    pub g2: f64,
    /// Passages (segments) the lexicon would newly report the theme in with it.
    pub adds: u64,
    /// Of those, passages a coder coded with the theme: false negatives it fixes (coded only).
    pub fixes: Option<u64>,
    /// Of those, passages no coder coded with the theme (coded only).
    pub adds_wrongly: Option<u64>,
    /// The theme's F1 with it (coded only).
    pub f1_if_added: Option<f64>,
    /// Passages it would fix, first few.
    pub fixed: Vec<String>,
}

/// A form that shares a stem or a prefix with an indicator of the theme and does not match it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct NearMiss {
    /// The form.
    pub form: String,
    /// Its occurrences.
    pub frequency: u64,
    /// The indicator it is near.
    pub indicator: String,
    /// `stem`, `prefix`, or `form (vetoed)` for the indicator's own form where an exclusion vetoed
    /// it.
    pub shares: String,
}

/// The candidates for a theme.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Suggestions {
    /// The theme.
    pub theme: String,
    /// Units compared: passages (coded) or segments (transcripts).
    pub unit: String,
    /// Units read.
    pub units: u64,
    /// Units with the theme.
    pub with_theme: u64,
    /// The theme's F1 now (coded only).
    pub f1: Option<f64>,
    /// Candidates, best first.
    pub candidates: Vec<Suggestion>,
    /// Near misses, most frequent first.
    pub near_misses: Vec<NearMiss>,
}

/// One counted term.
struct Term {
    kind: CandidateKind,
    term: String,
    /// Surface forms (the entry is the most frequent).
    forms: HashMap<String, u64>,
    positive: u64,
    negative: u64,
    /// Units without the theme found, holding the term.
    unreported: u64,
    /// Positive units without the theme found, holding the term.
    unreported_positive: u64,
    last_unit: usize,
}

/// Terms counted unit by unit.
#[derive(Default)]
struct Counter {
    index: HashMap<(CandidateKind, String), usize>,
    terms: Vec<Term>,
    units: u64,
    positives: u64,
    /// (form, indicator) → (occurrences, shares)
    near: BTreeMap<(String, String), (u64, &'static str)>,
}

/// A one-word indicator's key: its stem, or its prefix.
struct Near {
    indicator: String,
    /// The entry's normalised form.
    form: String,
    stem: String,
    prefix: bool,
}

impl Counter {
    fn term(&mut self, kind: CandidateKind, term: &str, form: &str) -> usize {
        let n = match self.index.get(&(kind, term.to_string())) {
            Some(&n) => n,
            None => {
                self.terms.push(Term {
                    kind,
                    term: term.to_string(),
                    forms: HashMap::new(),
                    positive: 0,
                    negative: 0,
                    unreported: 0,
                    unreported_positive: 0,
                    last_unit: usize::MAX,
                });
                self.index
                    .insert((kind, term.to_string()), self.terms.len() - 1);
                self.terms.len() - 1
            }
        };
        *self.terms[n].forms.entry(form.to_string()).or_default() += 1;
        n
    }

    /// Counts one unit: the tokens of `ranges`, positive when coded (or found) with the theme,
    /// `reported` when the lexicon finds the theme in it.
    fn unit(
        &mut self,
        analysis: &DocumentAnalysis<'_>,
        ranges: &[Range<usize>],
        theme: usize,
        positive: bool,
        reported: bool,
        near: &[Near],
    ) {
        let unit = self.units as usize;
        self.units += 1;
        self.positives += u64::from(positive);
        let covered: Vec<Range<usize>> = analysis
            .hits
            .iter()
            .filter(|h| h.theme.index() == theme)
            .map(|h| h.tokens.clone())
            .collect();
        let tokens = analysis.tokens();
        let mut seen: Vec<usize> = Vec::new();
        for range in ranges {
            let mut previous: Option<(&str, &str)> = None;
            for i in range.clone() {
                let t = &tokens[i];
                match t.kind {
                    TokenKind::Filler | TokenKind::Annotation => continue,
                    TokenKind::Word => {}
                    _ => {
                        previous = None;
                        continue;
                    }
                }
                let form = analysis.form(t.term);
                if covered.iter().any(|r| r.contains(&i))
                    || analysis.is_stopword(t.term)
                    || form.chars().count() < 2
                {
                    previous = None;
                    continue;
                }
                let stem = analysis.stem(t.term);
                for n in near {
                    let shares = if form == n.form {
                        Some("form (vetoed)")
                    } else if n.prefix {
                        form.starts_with(&n.stem).then_some("prefix")
                    } else if stem == n.stem {
                        Some("stem")
                    } else if n.stem.chars().count() >= 4 && form.starts_with(&n.stem) {
                        Some("prefix")
                    } else {
                        None
                    };
                    if let Some(shares) = shares {
                        let e = self
                            .near
                            .entry((form.to_string(), n.indicator.clone()))
                            .or_insert((0, shares));
                        e.0 += 1;
                    }
                }
                seen.push(self.term(CandidateKind::Stem, stem, form));
                seen.push(self.term(CandidateKind::Form, form, form));
                if let Some((ps, pf)) = previous {
                    let pair = format!("{ps} {stem}");
                    let forms = format!("{pf} {form}");
                    seen.push(self.term(CandidateKind::Bigram, &pair, &forms));
                }
                previous = Some((stem, form));
            }
        }
        for n in seen {
            let term = &mut self.terms[n];
            if term.last_unit == unit {
                continue;
            }
            term.last_unit = unit;
            if positive {
                term.positive += 1;
            } else {
                term.negative += 1;
            }
            if !reported {
                term.unreported += 1;
                term.unreported_positive += u64::from(positive);
            }
        }
    }

    /// Candidates ranked, at most `top`; `coded` leaves out those that fix no passage.
    fn ranked(&self, options: &SuggestOptions, coded: bool) -> Vec<Suggestion> {
        let negatives = self.units - self.positives;
        let mut out: Vec<Suggestion> = Vec::new();
        for t in &self.terms {
            if t.positive == 0 || t.positive + t.negative < options.min_freq {
                continue;
            }
            if coded && t.unreported_positive == 0 {
                continue;
            }
            let Ok(table) = Table::new(t.positive, self.positives, t.negative, negatives) else {
                continue;
            };
            if table.direction() <= 0 {
                continue;
            }
            let form = t
                .forms
                .iter()
                .max_by(|a, b| a.1.cmp(b.1).then(b.0.cmp(a.0)))
                .map(|(f, _)| f.clone())
                .unwrap_or_default();
            let entry = match t.kind {
                CandidateKind::Stem | CandidateKind::Bigram => form,
                CandidateKind::Form => format!("={form}"),
            };
            out.push(Suggestion {
                entry,
                kind: t.kind,
                term: t.term.clone(),
                frequency: t.positive + t.negative,
                with_theme: t.positive,
                specificity: lafon(&table),
                g2: g2(&table, Correction::default()),
                adds: t.unreported,
                fixes: None,
                adds_wrongly: None,
                f1_if_added: None,
                fixed: Vec::new(),
            });
        }
        out.sort_by(|a, b| {
            b.specificity
                .total_cmp(&a.specificity)
                .then(b.g2.total_cmp(&a.g2))
                .then(b.with_theme.cmp(&a.with_theme))
                .then(a.kind.cmp(&b.kind))
                .then(a.term.cmp(&b.term))
        });
        // A form with exactly its stem's passages says the same as the stem.
        let mut kept: Vec<Suggestion> = Vec::new();
        for s in out {
            let same_as_stem = s.kind == CandidateKind::Form
                && kept.iter().any(|k| {
                    k.kind == CandidateKind::Stem
                        && k.entry == s.entry[1..]
                        && k.frequency == s.frequency
                        && k.with_theme == s.with_theme
                });
            if !same_as_stem {
                kept.push(s);
            }
            if kept.len() == options.top {
                break;
            }
        }
        kept
    }

    fn near_misses(&self, n: usize) -> Vec<NearMiss> {
        let mut out: Vec<NearMiss> = self
            .near
            .iter()
            .map(|((form, indicator), (k, shares))| NearMiss {
                form: form.clone(),
                frequency: *k,
                indicator: indicator.clone(),
                shares: shares.to_string(),
            })
            .collect();
        out.sort_by(|a, b| b.frequency.cmp(&a.frequency).then(a.form.cmp(&b.form)));
        out.truncate(n);
        out
    }
}

/// The theme's index in the analyzer's lexicon, and the keys of its one-word indicators.
fn theme_of(analyzer: &Analyzer, theme: &str) -> Result<(usize, Vec<Near>)> {
    let lexicon = analyzer.lexicon();
    let Some(index) = lexicon.themes.iter().position(|t| t.id == theme) else {
        let ids: Vec<&str> = lexicon.theme_ids().collect();
        return Err(Error::config(format!(
            "the lexicon has no theme {theme:?} (its themes: {})",
            ids.join(", ")
        )));
    };
    let pipeline = analyzer.pipeline();
    let near = lexicon.themes[index]
        .entries
        .iter()
        .filter(|e| e.kind != EntryKind::Phrase)
        .map(|e| {
            let norm = pipeline.normalize(e.pattern.trim_matches(['=', '*']));
            let prefix = e.kind == EntryKind::Prefix;
            Near {
                indicator: e.to_source(),
                stem: if prefix {
                    norm.to_string()
                } else {
                    pipeline.stem(&norm)
                },
                form: norm.into_owned(),
                prefix,
            }
        })
        .filter(|n| !n.stem.is_empty())
        .collect();
    Ok((index, near))
}

/// The mean over coders of the theme's F1, with the lexicon reporting it in `reported`.
fn theme_f1(set: &CodedSet, theme: &str, reported: &[bool]) -> Option<f64> {
    let mut counts = vec![Counts::default(); set.coders.len()];
    for (item, &r) in set.items.iter().zip(reported) {
        for c in &item.codings {
            let coded = c.themes.iter().any(|t| t == theme);
            let cell = &mut counts[c.coder];
            match (r, coded) {
                (true, true) => cell.tp += 1,
                (true, false) => cell.fp += 1,
                (false, true) => cell.fn_ += 1,
                (false, false) => cell.tn += 1,
            }
        }
    }
    mean(counts.iter().map(Counts::f1))
}

/// Candidate indicators for `theme` from coded passages (see the module docs).
pub fn suggest(
    analyzer: &Analyzer,
    set: &CodedSet,
    theme: &str,
    options: &SuggestOptions,
) -> Result<Suggestions> {
    let (index, near) = theme_of(analyzer, theme)?;
    let positive: Vec<bool> = set
        .items
        .iter()
        .map(|i| {
            i.codings
                .iter()
                .any(|c| c.themes.iter().any(|t| t == theme))
        })
        .collect();
    let texts: Vec<(&str, &str)> = set
        .items
        .iter()
        .map(|i| (i.id.as_str(), i.text.as_str()))
        .collect();
    let coder = PassageCoder::new(analyzer, Unit::Document)?;
    let reported: Vec<bool> = coder
        .code_all(&texts)
        .iter()
        .map(|c| c.present.contains(&(index as u32)))
        .collect();
    let mut counter = Counter::default();
    let mut scratch = Scratch::new();
    for (n, (id, text)) in texts.iter().enumerate() {
        let transcript = coder.transcript(id, text, n + 1);
        let analysis = analyzer.analyze(&transcript, &mut scratch);
        let ranges: Vec<Range<usize>> = analysis
            .scored_turns()
            .map(|(_, t)| t.tokens.clone())
            .collect();
        counter.unit(&analysis, &ranges, index, positive[n], reported[n], &near);
    }
    let mut candidates = counter.ranked(options, true);
    for c in &mut candidates {
        let Ok(entry) = Entry::try_parse(&c.entry) else {
            continue;
        };
        let mut lexicon = analyzer.lexicon().clone();
        lexicon.themes[index].entries.push(entry);
        let Ok(tried) = Analyzer::builder()
            .config(analyzer.config().clone())
            .stopwords(analyzer.stopwords().clone())
            .build(&lexicon)
        else {
            continue;
        };
        let now: Vec<bool> = PassageCoder::new(&tried, Unit::Document)?
            .code_all(&texts)
            .iter()
            .map(|c| c.present.contains(&(index as u32)))
            .collect();
        let (mut fixes, mut wrong) = (0, 0);
        for (n, (&after, &before)) in now.iter().zip(&reported).enumerate() {
            if after && !before {
                if positive[n] {
                    fixes += 1;
                    if c.fixed.len() < 5 {
                        c.fixed.push(set.items[n].id.clone());
                    }
                } else {
                    wrong += 1;
                }
            }
        }
        c.adds = fixes + wrong;
        c.fixes = Some(fixes);
        c.adds_wrongly = Some(wrong);
        c.f1_if_added = theme_f1(set, theme, &now);
    }
    Ok(Suggestions {
        theme: theme.to_string(),
        unit: "passage".into(),
        units: counter.units,
        with_theme: counter.positives,
        f1: theme_f1(set, theme, &reported),
        candidates,
        near_misses: counter.near_misses(options.near_misses),
    })
}

/// Candidate indicators for `theme` from transcripts without coding: terms of the segments where
/// the theme's indicators have a positive hit, against the other segments of the scored turns.
pub fn from_transcripts(
    analyzer: &Analyzer,
    transcripts: &[Transcript],
    theme: &str,
    options: &SuggestOptions,
) -> Result<Suggestions> {
    let (index, near) = theme_of(analyzer, theme)?;
    let mut counter = Counter::default();
    let mut scratch = Scratch::new();
    for transcript in transcripts {
        let analysis = analyzer.analyze(transcript, &mut scratch);
        for segment in &analysis.segments {
            if !analysis.turns[segment.turn].scored {
                continue;
            }
            let found = analysis
                .hits_in(segment.tokens.clone())
                .iter()
                .any(|h| h.theme.index() == index && !h.negated);
            counter.unit(
                &analysis,
                std::slice::from_ref(&segment.tokens),
                index,
                found,
                found,
                &near,
            );
        }
    }
    let candidates = counter.ranked(options, false);
    Ok(Suggestions {
        theme: theme.to_string(),
        unit: "segment".into(),
        units: counter.units,
        with_theme: counter.positives,
        f1: None,
        candidates,
        near_misses: counter.near_misses(options.near_misses),
    })
}

impl Suggestions {
    /// The candidates and near misses as text.
    pub fn render(&self) -> String {
        let mut out = String::new();
        let _ = writeln!(
            out,
            "{}: {} of {} {}s{}",
            self.theme,
            self.with_theme,
            self.units,
            self.unit,
            self.f1
                .map_or_else(String::new, |f| format!("; F1 now {f:.3}"))
        );
        let figure = |x: Option<u64>| x.map_or_else(|| "·".to_string(), |x| x.to_string());
        let mut m = crate::tables::render::Matrix::new(
            "entry",
            [
                "kind",
                "freq",
                "with theme",
                "specificity",
                "adds",
                "fixes",
                "wrong",
                "F1 with it",
            ]
            .map(String::from),
        );
        for c in &self.candidates {
            m.push_row(
                c.entry.clone(),
                [
                    format!("{:?}", c.kind).to_lowercase(),
                    c.frequency.to_string(),
                    c.with_theme.to_string(),
                    format!("{:.2}", c.specificity),
                    c.adds.to_string(),
                    figure(c.fixes),
                    figure(c.adds_wrongly),
                    c.f1_if_added
                        .map_or_else(|| "·".to_string(), |f| format!("{f:.3}")),
                ],
            );
        }
        out.push('\n');
        out.push_str(&m.render(None));
        if !self.near_misses.is_empty() {
            out.push_str("\nnear misses (forms near an indicator that it does not match)\n");
            for n in &self.near_misses {
                let _ = writeln!(
                    out,
                    "  {} ({}) shares a {} with {}",
                    n.form, n.frequency, n.shares, n.indicator
                );
            }
        }
        out
    }
}
