//! Every corpus table as typed rows that serialise with serde: themes, groups, theme co-occurrence,
//! keyness and each group's specific terms, built from an [`Aggregate`]; per-document rows from a
//! [`DocumentAnalysis`]. Writers (CSV, JSON, a terminal) only lay these rows out: rates come from
//! [`crate::counting`] here, once, so that every output shows the same figures.
//!
//! Every table is built in time linear in groups × themes (plus sorting the terms of each group):
//! corpus totals are computed once, not once per group.
//!
//! ```
//! use entretien::group::GroupBy;
//! use entretien::tables::{self, UnitCoverage};
//! use entretien::{Aggregate, Analyzer, Lexicon, NegationMode, Theme, Transcript};
//!
//! let lexicon = Lexicon::new(vec![Theme::new("isolement").with_entries(["seul", "isolé"])]);
//! let analyzer = Analyzer::builder().negation(NegationMode::Count).build(&lexicon)?;
//! let mut aggregate = Aggregate::new(&analyzer, GroupBy::parse("service"));
//! let mut scratch = analyzer.scratch();
//! for (id, service, text) in [
//!     ("a", "accueil", "Je suis seul. Je ne suis pas isolé."),
//!     ("b", "rh", "Tout va bien ici."),
//! ] {
//!     let mut t = Transcript::from_text(id, text);
//!     t.metadata.insert("service".into(), service.into());
//!     aggregate.add(&analyzer.analyze(&t, &mut scratch));
//! }
//! let themes = tables::theme_rows(&aggregate, None, &UnitCoverage::default(), 5);
//! assert_eq!((themes[0].hits, themes[0].negated, themes[0].counted), (1, 1, 2));
//! // 2 counted hits (negation counts) in 12 words.
//! assert_eq!(format!("{:.2}", themes[0].per_1000), "166.67");
//! assert_eq!(themes[0].top_terms[0].term, "seul");
//! let groups = tables::group_rows(&aggregate);
//! assert_eq!(groups[0].group, "accueil");
//! assert_eq!(groups[0].themes[0].per_1000, 250.0);
//! # Ok::<(), entretien::Error>(())
//! ```

use crate::aggregate::{Aggregate, TermLevel, ThemeTotals};
use crate::analysis::DocumentAnalysis;
use crate::counting::{per_1000, NegationMode};
use crate::group::GroupBy;
use crate::lexicon::Lexicon;
use crate::score::{DocumentScore, Evidence, EvidenceMode, Unit, UnitScore};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

pub mod records;
pub mod render;
pub mod tokens;
pub mod transcript;
pub mod vocab;

pub use crate::aggregate::KeynessRow;
pub use records::CsvTable;
pub use render::{Matrix, ScoreReport};

/// Terms below this frequency in a group are left out of its specificities by default.
pub const MIN_TERM_FREQ: u64 = 3;

/// A Lafon specificity of at least this size (a probability of 1% or less) is notable.
pub const NOTABLE_SPECIFICITY: f64 = 2.0;

/// An indicator (or a term) and its count.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct TermCount {
    /// The term (an indicator, a stem or a form).
    pub term: String,
    /// Its occurrences.
    pub count: u64,
}

/// Units of one kind, and how many of them each theme codes, counted from unit rows.
///
/// Documents and segments are counted by the aggregate; this counts the units a run prints (turns,
/// sentences, speakers), in constant memory per theme.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[non_exhaustive]
pub struct UnitCoverage {
    /// The unit counted, once a row has been added.
    pub unit: Option<Unit>,
    /// Units seen.
    pub units: u64,
    /// Theme id → units with at least one counted hit of the theme.
    pub coded: BTreeMap<String, u64>,
}

impl UnitCoverage {
    /// The coverage of document rows, which an aggregate already counts: its documents, and per
    /// theme the documents that code it (what [`UnitCoverage::add`] of each document row gives).
    pub fn of_documents(aggregate: &Aggregate) -> UnitCoverage {
        UnitCoverage {
            unit: (aggregate.documents > 0).then_some(Unit::Document),
            units: aggregate.documents,
            coded: (aggregate.themes.iter())
                .filter(|(_, t)| t.documents_coded > 0)
                .map(|(id, t)| (id.clone(), t.documents_coded))
                .collect(),
        }
    }

    /// Counts one unit row under a negation mode.
    pub fn add(&mut self, row: &UnitScore, mode: NegationMode) {
        self.unit = Some(row.unit);
        self.units += 1;
        for (id, cell) in &row.themes {
            let coded = cell.hits > 0 || (mode.codes(true) && cell.negated > 0);
            if coded {
                match self.coded.get_mut(id) {
                    Some(n) => *n += 1,
                    None => {
                        self.coded.insert(id.clone(), 1);
                    }
                }
            }
        }
    }
}

/// One theme over the corpus.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct ThemeRow {
    /// The theme id.
    pub theme: String,
    /// The theme's label in the lexicon (empty when unknown).
    pub label: String,
    /// Documents counted.
    pub documents: u64,
    /// Scored words.
    pub words: u64,
    /// Positive hits.
    pub hits: u64,
    /// Negated hits.
    pub negated: u64,
    /// Hits counted under the negation mode ([`NegationMode::counted`]).
    pub counted: i64,
    /// Counted hits per 1,000 scored words ([`per_1000`]).
    pub per_1000: f64,
    /// Documents with at least one counted hit of the theme.
    pub documents_coded: u64,
    /// Segments with at least one counted hit of the theme.
    pub segments_coded: u64,
    /// The unit of [`ThemeRow::units`], when unit rows were counted ([`UnitCoverage`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unit: Option<Unit>,
    /// Units counted, and units coded by the theme (0 without a [`UnitCoverage`]).
    pub units: u64,
    /// Units with at least one counted hit of the theme.
    pub units_coded: u64,
    /// The most frequent indicators (positive hits), most frequent first.
    pub top_terms: Vec<TermCount>,
}

/// The themes of an aggregate, in lexicon order, with their `top` most frequent indicators.
pub fn theme_rows(
    aggregate: &Aggregate,
    lexicon: Option<&Lexicon>,
    coverage: &UnitCoverage,
    top: usize,
) -> Vec<ThemeRow> {
    let mode = aggregate.negation();
    let empty = ThemeTotals::default();
    aggregate
        .theme_ids
        .iter()
        .map(|id| {
            let t = aggregate.themes.get(id).unwrap_or(&empty);
            let counted = t.counted(mode);
            ThemeRow {
                theme: id.clone(),
                label: lexicon
                    .and_then(|l| l.theme(id))
                    .map(|t| t.label.clone())
                    .unwrap_or_default(),
                documents: aggregate.documents,
                words: aggregate.words,
                hits: t.hits,
                negated: t.negated,
                counted,
                per_1000: per_1000(counted, aggregate.words),
                documents_coded: t.documents_coded,
                segments_coded: t.segments_coded,
                unit: coverage.unit,
                units: coverage.units,
                units_coded: coverage.coded.get(id).copied().unwrap_or(0),
                top_terms: top_terms(&t.terms, top),
            }
        })
        .collect()
}

/// The `n` most frequent terms, ties in alphabetical order.
pub fn top_terms(terms: &BTreeMap<String, u64>, n: usize) -> Vec<TermCount> {
    let mut top: Vec<(&String, &u64)> = terms.iter().collect();
    top.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
    top.into_iter()
        .take(n)
        .map(|(t, c)| TermCount {
            term: t.clone(),
            count: *c,
        })
        .collect()
}

/// One theme in one group.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct GroupThemeCell {
    /// The theme id.
    pub theme: String,
    /// Positive hits.
    pub hits: u64,
    /// Negated hits.
    pub negated: u64,
    /// Hits counted under the negation mode.
    pub counted: i64,
    /// Counted hits per 1,000 words of the group.
    pub per_1000: f64,
    /// Documents with at least one counted hit of the theme.
    pub documents_coded: u64,
    /// Segments with at least one counted hit of the theme.
    pub segments_coded: u64,
    /// The theme's Lafon specificity in the group against the other groups.
    pub lafon: f64,
}

/// One group, with every theme.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct GroupRow {
    /// What groups are made by: the metadata key, or `speaker_role`.
    pub group_by: String,
    /// The group's name.
    pub group: String,
    /// Documents counted.
    pub documents: u64,
    /// Scored words.
    pub words: u64,
    /// Themes in lexicon order.
    pub themes: Vec<GroupThemeCell>,
}

/// The name of a grouping: the metadata key, `speaker_role`, or empty.
pub fn group_by_name(by: &GroupBy) -> &str {
    match by {
        GroupBy::None => "",
        GroupBy::Metadata(k) => k,
        GroupBy::SpeakerRole => "speaker_role",
    }
}

/// The groups of an aggregate, in name order, each with every theme and its specificity.
pub fn group_rows(aggregate: &Aggregate) -> Vec<GroupRow> {
    group_rows_where(aggregate, |_| true)
}

/// [`group_rows`] of the groups `keep` accepts; specificities are still against all the others.
pub fn group_rows_where(aggregate: &Aggregate, keep: impl Fn(&str) -> bool) -> Vec<GroupRow> {
    let mode = aggregate.negation();
    let n = aggregate.theme_ids.len();
    // Theme keyness rows come group by group, themes in lexicon order.
    let keyness = aggregate.theme_keyness_where(&keep);
    let empty = ThemeTotals::default();
    aggregate
        .groups
        .iter()
        .filter(|(name, _)| keep(name))
        .enumerate()
        .map(|(gi, (name, g))| GroupRow {
            group_by: group_by_name(aggregate.by()).to_string(),
            group: name.clone(),
            documents: g.documents,
            words: g.words,
            themes: aggregate
                .theme_ids
                .iter()
                .enumerate()
                .map(|(ti, id)| {
                    let t = g.themes.get(id).unwrap_or(&empty);
                    let counted = t.counted(mode);
                    GroupThemeCell {
                        theme: id.clone(),
                        hits: t.hits,
                        negated: t.negated,
                        counted,
                        per_1000: per_1000(counted, g.words),
                        documents_coded: t.documents_coded,
                        segments_coded: t.segments_coded,
                        lafon: keyness.get(gi * n + ti).map_or(0.0, |k| k.keyness.lafon),
                    }
                })
                .collect(),
        })
        .collect()
}

/// Two themes' co-occurrence over segments.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct CooccurrenceRow {
    /// The first theme.
    pub theme_a: String,
    /// The second theme.
    pub theme_b: String,
    /// Segments with both themes, with the first, with the second, and all segments.
    pub segments_both: u64,
    /// Segments with the first theme.
    pub segments_a: u64,
    /// Segments with the second theme.
    pub segments_b: u64,
    /// Segments.
    pub segments: u64,
    /// Segments with both over segments with either.
    pub jaccard: f64,
    /// The φ coefficient of the two presence indicators.
    pub phi: f64,
}

/// Every pair of distinct themes, in lexicon order.
pub fn cooccurrence_rows(aggregate: &Aggregate) -> Vec<CooccurrenceRow> {
    let co = &aggregate.cooccurrence;
    let themes = co.themes();
    let mut rows = Vec::new();
    for i in 0..themes.len() {
        for j in i + 1..themes.len() {
            // Indices below the theme count are always in range.
            let Ok(p) = co.pair(i, j) else { continue };
            rows.push(CooccurrenceRow {
                theme_a: themes[i].clone(),
                theme_b: themes[j].clone(),
                segments_both: p.both,
                segments_a: p.first,
                segments_b: p.second,
                segments: p.segments,
                jaccard: p.jaccard,
                phi: p.phi,
            });
        }
    }
    rows
}

/// Theme keyness for every group and theme, then term keyness (stems or forms occurring at least
/// `min_freq` times in a group), most specific first within each group.
pub fn keyness_rows(aggregate: &Aggregate, level: TermLevel, min_freq: u64) -> Vec<KeynessRow> {
    let mut rows = aggregate.theme_keyness();
    rows.extend(aggregate.term_keyness_of(level, min_freq));
    rows
}

/// A group's most specific terms.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct SpecificTermsRow {
    /// The group's name.
    pub group: String,
    /// `stem` or `form`.
    pub kind: String,
    /// Terms with a Lafon specificity of at least [`NOTABLE_SPECIFICITY`], most specific first.
    pub terms: Vec<SpecificTerm>,
}

/// A term and its specificity in a group.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct SpecificTerm {
    /// The term (an indicator, a stem or a form).
    pub term: String,
    /// Occurrences in the group.
    pub freq: u64,
    /// Lafon specificity in the group against the other groups.
    pub lafon: f64,
}

/// For each group (in name order), its `top` most specific terms. Empty without a vocabulary.
pub fn specific_terms(
    aggregate: &Aggregate,
    level: TermLevel,
    min_freq: u64,
    top: usize,
) -> Vec<SpecificTermsRow> {
    specific_terms_where(aggregate, level, min_freq, top, |_| true)
}

/// [`specific_terms`] of the groups `keep` accepts.
pub fn specific_terms_where(
    aggregate: &Aggregate,
    level: TermLevel,
    min_freq: u64,
    top: usize,
    keep: impl Fn(&str) -> bool,
) -> Vec<SpecificTermsRow> {
    if aggregate.vocabulary.is_none() {
        return Vec::new();
    }
    let mut by_group: BTreeMap<String, Vec<SpecificTerm>> = aggregate
        .groups
        .keys()
        .filter(|g| keep(g))
        .map(|g| (g.clone(), Vec::new()))
        .collect();
    // Rows come group by group, most specific first.
    for r in aggregate.term_keyness_of(level, min_freq) {
        if r.keyness.lafon < NOTABLE_SPECIFICITY {
            continue;
        }
        if !keep(&r.group) {
            continue;
        }
        let list = by_group.entry(r.group).or_default();
        if list.len() < top {
            list.push(SpecificTerm {
                term: r.item,
                freq: r.keyness.target,
                lafon: r.keyness.lafon,
            });
        }
    }
    by_group
        .into_iter()
        .map(|(group, terms)| SpecificTermsRow {
            group,
            kind: level.as_str().to_string(),
            terms,
        })
        .collect()
}

/// One theme in one document.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct DocumentThemeCell {
    /// The theme id.
    pub theme: String,
    /// Positive hits.
    pub hits: u32,
    /// Negated hits.
    pub negated: u32,
    /// Sum of the weights of the counted hits.
    pub weighted: f64,
    /// Counted hits per 1,000 scored words.
    pub per_1000: f64,
    /// Segments with at least one counted hit of the theme.
    pub segments_coded: u32,
}

/// One document: its id, source, metadata, word counts and every theme (lexicon order).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct DocumentRow {
    /// The document's id.
    pub id: String,
    /// The file (and line) it was read from, where known.
    pub source: String,
    /// The document's metadata.
    pub metadata: BTreeMap<String, String>,
    /// Scored words.
    pub words: u32,
    /// Turns.
    pub turns: u32,
    /// Segments.
    pub segments: u32,
    /// Words of the turns set apart (the interviewer's, by default).
    pub words_set_apart: u32,
    /// Every theme, in lexicon order.
    pub themes: Vec<DocumentThemeCell>,
}

/// One hit of a document, for evidence tables: the document's id and source, then the hit.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct EvidenceRow {
    /// The document's id.
    pub id: String,
    /// The file (and line) it was read from, where known.
    pub source: String,
    /// The hit.
    #[serde(flatten)]
    pub evidence: Evidence,
}

/// The file (and line) a document was read from, or empty.
fn source_of(analysis: &DocumentAnalysis<'_>) -> String {
    source_text(analysis.transcript)
}

/// The file (and line) a transcript was read from, or empty.
pub fn source_text(transcript: &crate::transcript::Transcript) -> String {
    transcript
        .source
        .as_ref()
        .map(|p| p.display().to_string())
        .unwrap_or_default()
}

impl DocumentRow {
    /// The row of an analysed document and the rows of its evidence.
    pub fn with_evidence(analysis: &DocumentAnalysis<'_>) -> (DocumentRow, Vec<EvidenceRow>) {
        DocumentRow::split_evidence(analysis.score(EvidenceMode::Include), source_of(analysis))
    }

    /// The row of a document's score (made with evidence: [`crate::score::DocumentScorer`]) and
    /// the rows of its evidence; `source` is the file (and line) it was read from, or empty.
    pub fn split_evidence(
        mut score: DocumentScore,
        source: String,
    ) -> (DocumentRow, Vec<EvidenceRow>) {
        let evidence = std::mem::take(&mut score.evidence)
            .into_iter()
            .map(|evidence| EvidenceRow {
                id: score.id.clone(),
                source: source.clone(),
                evidence,
            })
            .collect();
        (DocumentRow::from_score(score, source), evidence)
    }

    /// The row of an analysed document.
    pub fn of(analysis: &DocumentAnalysis<'_>) -> DocumentRow {
        DocumentRow::from_score(analysis.score(EvidenceMode::Omit), source_of(analysis))
    }

    /// The row of a document's score.
    pub fn from_score(score: DocumentScore, source: String) -> DocumentRow {
        DocumentRow {
            id: score.id,
            source,
            metadata: score.metadata,
            words: score.words,
            turns: score.turns,
            segments: score.segments,
            words_set_apart: score.set_apart.as_ref().map_or(0, |s| s.words),
            themes: score
                .themes
                .into_iter()
                .map(|t| DocumentThemeCell {
                    theme: t.id,
                    hits: t.cell.hits,
                    negated: t.cell.negated,
                    weighted: t.cell.weighted,
                    per_1000: t.cell.per_1000,
                    segments_coded: t.cell.segments_coded,
                })
                .collect(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Analyzer, Lexicon, Theme, Transcript};

    #[test]
    fn tables_are_linear_in_groups() {
        let themes: Vec<Theme> = (0..3)
            .map(|i| Theme::new(format!("t{i}")).with_entries([format!("mot{i}")]))
            .collect();
        let lexicon = Lexicon::new(themes);
        let analyzer = Analyzer::builder().build(&lexicon).unwrap();
        let mut scratch = analyzer.scratch();
        let mut aggregate = Aggregate::new(&analyzer, GroupBy::parse("g"));
        for i in 0..5_000 {
            let mut t = Transcript::from_text(format!("d{i}"), format!("mot{} et mot1 ici", i % 3));
            t.metadata.insert("g".into(), format!("groupe{i}"));
            aggregate.add(&analyzer.analyze(&t, &mut scratch));
        }
        let started = std::time::Instant::now();
        let groups = group_rows(&aggregate);
        let keyness = keyness_rows(&aggregate, TermLevel::Stem, MIN_TERM_FREQ);
        let themes = theme_rows(&aggregate, Some(&lexicon), &UnitCoverage::default(), 5);
        let co = cooccurrence_rows(&aggregate);
        let elapsed = started.elapsed();
        assert_eq!(groups.len(), 5_000);
        assert_eq!(keyness.len(), 5_000 * 3);
        assert_eq!(themes[1].hits, 5_000 + 5_000 / 3 + 1);
        assert_eq!(co.len(), 3);
        assert!(
            elapsed < std::time::Duration::from_millis(800),
            "tables of 5,000 groups took {elapsed:?}"
        );
        // The theme keyness of a group is that of its counts against all the others.
        let g0 = &groups[0];
        assert_eq!(g0.group, "groupe0");
        assert_eq!(g0.themes[0].hits, 1);
    }

    #[test]
    fn rates_follow_the_negation_mode() {
        let lexicon = Lexicon::new(vec![Theme::new("isolement").with_entries(["seul", "isolé"])]);
        for (mode, want) in [
            (NegationMode::Exclude, 125.0),
            (NegationMode::Count, 250.0),
            (NegationMode::Subtract, 0.0),
        ] {
            let analyzer = Analyzer::builder().negation(mode).build(&lexicon).unwrap();
            let mut aggregate = Aggregate::new(&analyzer, GroupBy::None);
            let t = Transcript::from_text("a", "Je suis seul. Je ne suis pas isolé.");
            aggregate.add(&analyzer.analyze(&t, &mut analyzer.scratch()));
            let rows = theme_rows(&aggregate, None, &UnitCoverage::default(), 3);
            assert_eq!(rows[0].per_1000, want, "{mode}");
        }
    }
}
