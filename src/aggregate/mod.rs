//! Corpus-level results that merge: theme totals, groups, theme co-occurrence, group vocabularies.
//!
//! An [`Aggregate`] holds only counts, so [`Aggregate::merge`] is associative and commutative: shards of
//! a corpus scored apart (in other processes, on other machines) merge into exactly the aggregate of the
//! whole corpus. Rates and keyness are computed from the counts when a report is made
//! ([`Aggregate::theme_keyness`], [`Aggregate::term_keyness`]).
//!
//! ```
//! use entretien::aggregate::{Aggregate, GroupBy};
//! use entretien::analyzer::Analyzer;
//! use entretien::{Entry, Lexicon, Theme, Transcript};
//!
//! let theme = Theme::new("isolement")
//!     .with_entries(["isolé"]);
//! let analyzer = Analyzer::builder().build(&Lexicon { name: None, themes: vec![theme] })?;
//! let mut scratch = analyzer.scratch();
//! let mut whole = Aggregate::new(&analyzer, GroupBy::Metadata("service".into()));
//! for (id, service, text) in [("a", "accueil", "Je me sens isolée."), ("b", "rh", "Tout va bien.")] {
//!     let mut t = Transcript::from_text(id, text);
//!     t.metadata.insert("service".into(), service.into());
//!     let analysis = analyzer.analyze(&t, &mut scratch);
//!     let mut one = Aggregate::new(&analyzer, GroupBy::Metadata("service".into()));
//!     one.add(&analysis);
//!     whole.merge(&one)?;
//! }
//! assert_eq!(whole.documents, 2);
//! assert_eq!(whole.themes["isolement"].hits, 1);
//! assert_eq!(whole.groups["accueil"].themes["isolement"].hits, 1);
//! # Ok::<(), entretien::Error>(())
//! ```

use crate::analysis::DocumentAnalysis;
use crate::analyzer::{Analyzer, AnalyzerConfig};
use crate::counting::{per_1000, NegationMode};
use crate::error::{Error, Result};
use crate::stats::Cooccurrence;
use crate::vocab::Vocabulary;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

mod keyness;
mod validate;

pub use keyness::{KeynessRow, TermLevel};

/// The format version written in aggregate files (2: the settings they were made with are recorded).
pub const AGGREGATE_VERSION: u32 = 2;

pub use crate::group::{GroupBy, MISSING_GROUP};

/// One theme's counts over a set of documents.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct ThemeTotals {
    /// Positive hits.
    pub hits: u64,
    /// Negated hits.
    pub negated: u64,
    /// Documents with at least one positive hit.
    pub documents_coded: u64,
    /// Segments with at least one positive hit.
    pub segments_coded: u64,
    /// Indicator → positive hits.
    pub terms: BTreeMap<String, u64>,
}

impl ThemeTotals {
    fn merge(&mut self, other: &ThemeTotals) {
        self.hits += other.hits;
        self.negated += other.negated;
        self.documents_coded += other.documents_coded;
        self.segments_coded += other.segments_coded;
        for (t, n) in &other.terms {
            match self.terms.get_mut(t) {
                Some(mine) => *mine += n,
                None => {
                    self.terms.insert(t.clone(), *n);
                }
            }
        }
    }

    /// Whether nothing was counted.
    fn is_zero(&self) -> bool {
        self.hits == 0
            && self.negated == 0
            && self.documents_coded == 0
            && self.segments_coded == 0
            && self.terms.is_empty()
    }

    /// Adds the counts of `other`, taking its keys rather than copying them.
    fn absorb(&mut self, other: ThemeTotals) {
        self.hits += other.hits;
        self.negated += other.negated;
        self.documents_coded += other.documents_coded;
        self.segments_coded += other.segments_coded;
        for (t, n) in other.terms {
            match self.terms.get_mut(&t) {
                Some(mine) => *mine += n,
                None => {
                    self.terms.insert(t, n);
                }
            }
        }
    }

    /// The hits that count under a negation mode ([`NegationMode::counted`]).
    pub fn counted(&self, mode: NegationMode) -> i64 {
        mode.counted(self.hits, self.negated)
    }
}

/// Counts over the documents (or turns) of one group.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct GroupTotals {
    /// Documents in the group.
    pub documents: u64,
    /// Scored words.
    pub words: u64,
    /// Per theme.
    pub themes: BTreeMap<String, ThemeTotals>,
}

impl GroupTotals {
    fn merge(&mut self, other: &GroupTotals) {
        self.documents += other.documents;
        self.words += other.words;
        for (id, t) in &other.themes {
            match self.themes.get_mut(id) {
                Some(mine) => mine.merge(t),
                None => {
                    self.themes.insert(id.clone(), t.clone());
                }
            }
        }
    }
}

/// What an aggregate was made with. Aggregates merge only when all of it is equal, so that a merged
/// table never mixes counts made under different rules.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct AggregateSettings {
    /// The lexicon's name, where it has one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lexicon: Option<String>,
    /// [`Lexicon::fingerprint`](crate::Lexicon::fingerprint) of the lexicon.
    pub lexicon_fingerprint: String,
    /// The analyzer's settings (speakers scored, negation, windows, accent folding).
    pub analyzer: AnalyzerConfig,
    /// A fingerprint of the stop list (it decides which terms keyness leaves out).
    pub stopwords: String,
    /// How documents are grouped.
    pub by: GroupBy,
    /// The version of entretien that counted.
    pub entretien: String,
}

/// Counts over a corpus (or a shard of it).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Aggregate {
    /// The format version ([`AGGREGATE_VERSION`]).
    pub version: u32,
    /// Theme ids, in lexicon order.
    pub theme_ids: Vec<String>,
    /// What the counts were made with.
    pub settings: AggregateSettings,
    /// Documents counted.
    pub documents: u64,
    /// Scored words.
    pub words: u64,
    /// Words of the turns set apart (the interviewer's, by default).
    pub words_set_apart: u64,
    /// Per theme, over the scored turns.
    pub themes: BTreeMap<String, ThemeTotals>,
    /// Per group, with [`AggregateSettings::by`].
    pub groups: BTreeMap<String, GroupTotals>,
    /// Theme × theme counts over the segments of scored turns.
    pub cooccurrence: Cooccurrence,
    /// Form and stem frequencies of the scored turns, in total and per group, when asked for
    /// ([`Aggregate::with_vocabulary`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub vocabulary: Option<Vocabulary>,
    /// The document whose windows are being added, until its last one.
    #[serde(skip)]
    pending: PendingDocument,
}

/// A document's counts while its windows are added ([`Aggregate::add`]).
#[derive(Debug, Clone, Default)]
struct PendingDocument {
    /// Whether a document's windows are being added.
    open: bool,
    words: u64,
    themes: Vec<ThemeTotals>,
    /// Per group: its name, scored words and theme counts. The first `live` are the document's;
    /// the others are kept, zeroed, for the next documents to reuse.
    groups: Vec<(String, u64, Vec<ThemeTotals>)>,
    live: usize,
}

/// Compares what is pending, not the buffers kept for reuse.
impl PartialEq for PendingDocument {
    fn eq(&self, other: &Self) -> bool {
        (
            self.open,
            self.words,
            &self.themes,
            &self.groups[..self.live],
        ) == (
            other.open,
            other.words,
            &other.themes,
            &other.groups[..other.live],
        )
    }
}

impl Aggregate {
    /// An empty aggregate for the analyzer's lexicon and settings.
    pub fn new(analyzer: &Analyzer, by: GroupBy) -> Aggregate {
        let theme_ids: Vec<String> = analyzer
            .lexicon()
            .themes
            .iter()
            .map(|t| t.id.clone())
            .collect();
        Aggregate {
            version: AGGREGATE_VERSION,
            cooccurrence: Cooccurrence::new(theme_ids.clone()),
            theme_ids,
            settings: AggregateSettings {
                lexicon: analyzer.lexicon().name.clone(),
                lexicon_fingerprint: analyzer.lexicon().fingerprint(),
                analyzer: analyzer.config().clone(),
                stopwords: analyzer.stopwords().fingerprint(),
                by,
                entretien: env!("CARGO_PKG_VERSION").to_string(),
            },
            documents: 0,
            words: 0,
            words_set_apart: 0,
            themes: BTreeMap::new(),
            groups: BTreeMap::new(),
            vocabulary: None,
            pending: PendingDocument::default(),
        }
    }

    /// Also counts the vocabulary of the scored turns (for term keyness).
    pub fn with_vocabulary(mut self) -> Aggregate {
        self.vocabulary = Some(Vocabulary::new());
        self
    }

    /// The negation mode the counts were made under.
    pub fn negation(&self) -> NegationMode {
        self.settings.analyzer.negation
    }

    /// How documents are grouped.
    pub fn by(&self) -> &GroupBy {
        &self.settings.by
    }

    /// Adds one analysed document (made by an analyzer with this aggregate's settings), or one
    /// window of it ([`crate::Analyzer::windows`]): a document's windows, added in order, count as one
    /// document, the same counts as its whole analysis.
    pub fn add(&mut self, analysis: &DocumentAnalysis<'_>) {
        let n = self.theme_ids.len();
        let mode = self.negation();
        let transcript = analysis.transcript;
        let by = &self.settings.by;
        let doc = &mut self.pending;
        if analysis.is_first() || !doc.open {
            // Reused from one document to the next.
            doc.open = true;
            doc.words = 0;
            doc.themes.clear();
            doc.themes.resize(n, ThemeTotals::default());
            doc.live = 0;
        }
        // Per theme for the document, and per group (one group per document, or one per turn role).
        let mut present: Vec<usize> = Vec::new();
        for (ti, turn) in (analysis.first_turn()..).zip(&analysis.turns) {
            if !turn.scored {
                self.words_set_apart += u64::from(turn.words);
                continue;
            }
            doc.words += u64::from(turn.words);
            let mut slot = by.group_of(transcript, ti).map(|g| {
                let live = &doc.groups[..doc.live];
                let k = match live.iter().position(|(name, _, _)| name == g) {
                    Some(k) => k,
                    None => {
                        match doc.groups.get_mut(doc.live) {
                            Some((name, words, themes)) => {
                                name.clear();
                                name.push_str(g);
                                *words = 0;
                                // Zero already, unless a document was left unfinished.
                                for t in themes.iter_mut().filter(|t| !t.is_zero()) {
                                    *t = ThemeTotals::default();
                                }
                            }
                            None => {
                                let themes = vec![ThemeTotals::default(); n];
                                doc.groups.push((g.to_string(), 0, themes));
                            }
                        }
                        doc.live += 1;
                        doc.live - 1
                    }
                };
                &mut doc.groups[k]
            });
            if let Some((_, words, _)) = slot.as_mut() {
                *words += u64::from(turn.words);
            }
            for seg in &analysis.segments[turn.segments.clone()] {
                present.clear();
                for hit in analysis.hits_in(seg.tokens.clone()) {
                    let t = hit.theme.index();
                    let name = &analysis.indicator(hit).name;
                    let count = |totals: &mut ThemeTotals| {
                        if hit.negated {
                            totals.negated += 1;
                        } else {
                            totals.hits += 1;
                            add_term(&mut totals.terms, name);
                        }
                    };
                    count(&mut doc.themes[t]);
                    if let Some((_, _, themes)) = slot.as_mut() {
                        count(&mut themes[t]);
                    }
                    if mode.codes(hit.negated) && !present.contains(&t) {
                        present.push(t);
                    }
                }
                for &p in &present {
                    doc.themes[p].segments_coded += 1;
                    if let Some((_, _, themes)) = slot.as_mut() {
                        themes[p].segments_coded += 1;
                    }
                }
                // Indices come from the analyzer's own lexicon: always in range.
                let _ = self.cooccurrence.add_segment(&present);
            }
        }
        if let Some(v) = &mut self.vocabulary {
            v.add(analysis, &self.settings.by);
        }
        if !analysis.is_last() {
            return;
        }
        let doc = &mut self.pending;
        doc.open = false;
        self.documents += 1;
        self.words += std::mem::take(&mut doc.words);
        let coded = |t: &ThemeTotals| u64::from(t.hits > 0 || (mode.codes(true) && t.negated > 0));
        let ids = &self.theme_ids;
        if self.themes.len() < ids.len() {
            for id in ids {
                self.themes.entry(id.clone()).or_default();
            }
        }
        // Themes a document left untouched add nothing: only the others are looked up.
        for (id, mut t) in ids.iter().zip(doc.themes.drain(..)) {
            if !t.is_zero() {
                t.documents_coded = coded(&t);
                add_theme(&mut self.themes, id, t);
            }
        }
        for (name, words, themes) in &mut doc.groups[..std::mem::take(&mut doc.live)] {
            let words = std::mem::take(words);
            let group = match self.groups.get_mut(name.as_str()) {
                Some(group) => group,
                None => self
                    .groups
                    .entry(name.clone())
                    .or_insert_with(|| GroupTotals {
                        themes: ids
                            .iter()
                            .map(|id| (id.clone(), ThemeTotals::default()))
                            .collect(),
                        ..GroupTotals::default()
                    }),
            };
            group.documents += 1;
            group.words += words;
            for (id, t) in ids.iter().zip(themes.iter_mut()) {
                if !t.is_zero() {
                    let mut t = std::mem::take(t);
                    t.documents_coded = coded(&t);
                    add_theme(&mut group.themes, id, t);
                }
            }
        }
    }

    /// Adds the counts of `other`, an aggregate of other documents made with the same settings.
    pub fn merge(&mut self, other: &Aggregate) -> Result<()> {
        if other.version != self.version {
            return Err(Error::config(format!(
                "cannot merge aggregates of format versions {} and {}",
                self.version, other.version
            )));
        }
        if other.theme_ids != self.theme_ids
            || other.settings.lexicon_fingerprint != self.settings.lexicon_fingerprint
        {
            return Err(Error::config(
                "cannot merge aggregates made with different lexicons (their fingerprints differ)",
            ));
        }
        let (mine, theirs) = (&self.settings, &other.settings);
        if theirs.by != mine.by {
            return Err(Error::config(format!(
                "cannot merge aggregates grouped differently ({} and {})",
                mine.by, theirs.by
            )));
        }
        if theirs.analyzer != mine.analyzer {
            return Err(Error::config(format!(
                "cannot merge aggregates made with different analyzer settings ({} and {})",
                serde_json::to_string(&mine.analyzer).unwrap_or_default(),
                serde_json::to_string(&theirs.analyzer).unwrap_or_default()
            )));
        }
        if theirs.stopwords != mine.stopwords {
            return Err(Error::config(
                "cannot merge aggregates made with different stop lists",
            ));
        }
        if self.vocabulary.is_some() != other.vocabulary.is_some() {
            return Err(Error::config(
                "cannot merge an aggregate with a vocabulary and one without",
            ));
        }
        let sum = |a: u64, b: u64, what: &str| {
            a.checked_add(b).ok_or_else(|| {
                Error::config(format!(
                    "the merged {what} count overflows (the parts are not real counts)"
                ))
            })
        };
        let documents = sum(self.documents, other.documents, "document")?;
        let words = sum(self.words, other.words, "word")?;
        let apart = sum(self.words_set_apart, other.words_set_apart, "word")?;
        self.documents = documents;
        self.words = words;
        self.words_set_apart = apart;
        for (id, t) in &other.themes {
            self.themes.entry(id.clone()).or_default().merge(t);
        }
        for (name, g) in &other.groups {
            self.groups.entry(name.clone()).or_default().merge(g);
        }
        self.cooccurrence.merge(&other.cooccurrence)?;
        if let (Some(mine), Some(theirs)) = (&mut self.vocabulary, &other.vocabulary) {
            mine.merge(theirs);
        }
        Ok(())
    }

    /// Reads an aggregate written as JSON by [`Aggregate::to_json`], and checks that its counts
    /// are consistent ([`Aggregate::validate`]).
    pub fn from_json(text: &str) -> Result<Aggregate> {
        let aggregate: Aggregate = serde_json::from_str(text)
            .map_err(|e| Error::data(Some(e.line()), format!("not an entretien aggregate: {e}")))?;
        aggregate.validate()?;
        Ok(aggregate)
    }

    /// The aggregate as pretty-printed JSON (what `--aggregate-out` writes).
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_default()
    }

    /// Rate of a theme per 1,000 scored words, over the whole corpus.
    pub fn per_1000(&self, theme: &str) -> f64 {
        let hits = self
            .themes
            .get(theme)
            .map_or(0, |t| t.counted(self.negation()));
        per_1000(hits, self.words)
    }
}

/// Adds a theme's counts to a table of themes, copying its id only when the table lacks it.
fn add_theme(themes: &mut BTreeMap<String, ThemeTotals>, id: &str, totals: ThemeTotals) {
    match themes.get_mut(id) {
        Some(mine) => mine.absorb(totals),
        None => {
            themes.insert(id.to_string(), totals);
        }
    }
}

/// Adds one occurrence of `term`, allocating its key only the first time.
fn add_term(terms: &mut BTreeMap<String, u64>, term: &str) {
    match terms.get_mut(term) {
        Some(n) => *n += 1,
        None => {
            terms.insert(term.to_string(), 1);
        }
    }
}
