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
use crate::stats::{self, Cooccurrence, Keyness, Table};
use crate::vocab::Vocabulary;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The format version written in aggregate files.
pub const AGGREGATE_VERSION: u32 = 1;

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
            *self.terms.entry(t.clone()).or_default() += n;
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
            self.themes.entry(id.clone()).or_default().merge(t);
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

    /// Adds one analysed document (made by an analyzer with this aggregate's settings).
    pub fn add(&mut self, analysis: &DocumentAnalysis<'_>) {
        let n = self.theme_ids.len();
        let mode = self.negation();
        let transcript = analysis.transcript;
        let by = &self.settings.by;
        // Per theme for the document, and per group (one group per document, or one per turn role).
        let mut doc = vec![ThemeTotals::default(); n];
        let mut by_group: Vec<(&str, GroupTotals, Vec<ThemeTotals>)> = Vec::new();
        let mut present: Vec<usize> = Vec::new();
        let mut words = 0u64;
        for (ti, turn) in analysis.turns.iter().enumerate() {
            if !turn.scored {
                self.words_set_apart += u64::from(turn.words);
                continue;
            }
            words += u64::from(turn.words);
            let mut slot = by.group_of(transcript, ti).map(|g| {
                let k = match by_group.iter().position(|(name, _, _)| *name == g) {
                    Some(k) => k,
                    None => {
                        by_group.push((g, GroupTotals::default(), vec![ThemeTotals::default(); n]));
                        by_group.len() - 1
                    }
                };
                &mut by_group[k]
            });
            if let Some((_, g, _)) = slot.as_mut() {
                g.words += u64::from(turn.words);
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
                    count(&mut doc[t]);
                    if let Some((_, _, themes)) = slot.as_mut() {
                        count(&mut themes[t]);
                    }
                    if mode.codes(hit.negated) && !present.contains(&t) {
                        present.push(t);
                    }
                }
                for &p in &present {
                    doc[p].segments_coded += 1;
                    if let Some((_, _, themes)) = slot.as_mut() {
                        themes[p].segments_coded += 1;
                    }
                }
                // Indices come from the analyzer's own lexicon: always in range.
                let _ = self.cooccurrence.add_segment(&present);
            }
        }
        self.documents += 1;
        self.words += words;
        let coded = |t: &ThemeTotals| u64::from(t.hits > 0 || (mode.codes(true) && t.negated > 0));
        for (i, mut t) in doc.into_iter().enumerate() {
            t.documents_coded = coded(&t);
            self.themes
                .entry(self.theme_ids[i].clone())
                .or_default()
                .merge(&t);
        }
        for (name, mut g, themes) in by_group {
            g.documents = 1;
            for (i, mut t) in themes.into_iter().enumerate() {
                t.documents_coded = coded(&t);
                g.themes.insert(self.theme_ids[i].clone(), t);
            }
            match self.groups.get_mut(name) {
                Some(mine) => mine.merge(&g),
                None => {
                    self.groups.insert(name.to_string(), g);
                }
            }
        }
        if let Some(v) = &mut self.vocabulary {
            v.add(analysis, &self.settings.by);
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
                "cannot merge aggregates grouped differently ({:?} and {:?})",
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

    /// Checks that the counts could come from a corpus: every count below 2^53 (so that merging
    /// any realistic number of parts cannot overflow), no more documents or segments coded than there
    /// are, indicator counts that add up to the hits, group words that add up to the words, a
    /// co-occurrence cell for every pair of themes and none above its segments, vocabulary counts
    /// (and their sums per stem) below 2^53.
    pub fn validate(&self) -> Result<()> {
        const MAX: u64 = 1 << 53;
        let fail = |what: String| {
            Err(Error::data(
                None,
                format!("not a consistent entretien aggregate: {what}"),
            ))
        };
        for (what, n) in [
            ("documents", self.documents),
            ("words", self.words),
            ("words set apart", self.words_set_apart),
        ] {
            if n > MAX {
                return fail(format!("{n} {what} is more than any corpus holds"));
            }
        }
        let check_themes = |place: &str, documents: u64, themes: &BTreeMap<String, ThemeTotals>| {
            for (id, t) in themes {
                if !self.theme_ids.contains(id) {
                    return fail(format!("{place}: theme {id:?} is not among its theme ids"));
                }
                if t.hits > MAX || t.negated > MAX || t.segments_coded > t.hits + t.negated {
                    return fail(format!(
                        "{place}: theme {id} has {} segments coded for {} hits and {} negated",
                        t.segments_coded, t.hits, t.negated
                    ));
                }
                if t.documents_coded > documents {
                    return fail(format!(
                        "{place}: theme {id} is coded in {} documents of {documents}",
                        t.documents_coded
                    ));
                }
                let terms: u64 = t.terms.values().fold(0u64, |a, &b| a.saturating_add(b));
                if terms != t.hits {
                    return fail(format!(
                        "{place}: the indicators of theme {id} add up to {terms} hits, not {}",
                        t.hits
                    ));
                }
            }
            Ok(())
        };
        check_themes("corpus", self.documents, &self.themes)?;
        let mut group_words = 0u64;
        for (name, g) in &self.groups {
            if g.documents > self.documents {
                return fail(format!(
                    "group {name} has {} documents of {}",
                    g.documents, self.documents
                ));
            }
            group_words = group_words.saturating_add(g.words);
            check_themes(&format!("group {name}"), g.documents, &g.themes)?;
        }
        if !self.groups.is_empty() && group_words != self.words {
            return fail(format!(
                "the groups hold {group_words} words, the corpus {}",
                self.words
            ));
        }
        if self.cooccurrence.themes() != self.theme_ids.as_slice() {
            return fail("its co-occurrence table is over other themes".into());
        }
        self.validate_cooccurrence(MAX).map_err(|what| {
            Error::data(
                None,
                format!("not a consistent entretien aggregate: {what}"),
            )
        })?;
        if let Some(vocabulary) = &self.vocabulary {
            let tables = std::iter::once(("total", vocabulary.total())).chain(vocabulary.groups());
            for (place, table) in tables {
                if table.documents() > MAX || table.tokens() > MAX {
                    return fail(format!("vocabulary {place}: counts beyond any corpus"));
                }
                // Bounding the sum of the form counts first keeps `stems` (which adds them up per
                // stem) from overflowing.
                let mut freq = 0u64;
                for f in table.forms() {
                    if f.doc_freq > MAX {
                        return fail(format!(
                            "vocabulary {place}: form {:?} in {} documents",
                            f.form, f.doc_freq
                        ));
                    }
                    freq = freq.saturating_add(f.freq);
                }
                if freq > MAX {
                    return fail(format!("vocabulary {place}: its forms occur {freq} times"));
                }
                for s in table.stems() {
                    if s.freq > MAX || s.doc_freq > MAX {
                        return fail(format!(
                            "vocabulary {place}: stem {:?} counts beyond any corpus",
                            s.stem
                        ));
                    }
                }
            }
        }
        Ok(())
    }

    /// The co-occurrence table has one cell per pair of themes (diagonal included), and no cell
    /// counts more segments than it has, nor more than `max`: a short or overflowing table read
    /// from a file would otherwise panic in [`Cooccurrence::pair`] or when merged. Its fields are
    /// private to `stats`, so the check reads its serialised form.
    fn validate_cooccurrence(&self, max: u64) -> std::result::Result<(), String> {
        let co = &self.cooccurrence;
        let segments = co.segments();
        if segments > max {
            return Err(format!(
                "{segments} co-occurrence segments is more than any corpus holds"
            ));
        }
        let n = co.themes().len();
        let cells = n.checked_mul(n + 1).map(|c| c / 2);
        let value = serde_json::to_value(co).map_err(|e| e.to_string())?;
        let counts = value.get("counts").and_then(|c| c.as_array());
        match (counts, cells) {
            (Some(counts), Some(cells)) if counts.len() == cells => {
                for c in counts {
                    match c.as_u64() {
                        Some(c) if c <= segments => {}
                        _ => {
                            return Err(format!(
                                "a co-occurrence count {c} beyond its {segments} segments"
                            ))
                        }
                    }
                }
                Ok(())
            }
            (counts, _) => Err(format!(
                "its co-occurrence table has {} cells for {n} themes",
                counts.map_or(0, |c| c.len())
            )),
        }
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

    /// For each group and theme, the theme's keyness in the group against the other groups: rows
    /// group by group (in name order), themes in lexicon order.
    ///
    /// Corpus totals are summed once, so the table takes time linear in groups × themes.
    pub fn theme_keyness(&self) -> Vec<KeynessRow> {
        // Keyness needs counts: a net count below zero (subtract) counts as none.
        let mode = self.negation();
        let count = |t: &ThemeTotals| t.counted(mode).max(0) as u64;
        let mut totals = vec![0u64; self.theme_ids.len()];
        let mut all_words = 0u64;
        for g in self.groups.values() {
            all_words += g.words;
            for (total, id) in totals.iter_mut().zip(&self.theme_ids) {
                *total += g.themes.get(id).map_or(0, count);
            }
        }
        let mut rows = Vec::with_capacity(self.groups.len() * self.theme_ids.len());
        for (group, g) in &self.groups {
            let rest_words = all_words - g.words;
            for (id, &total) in self.theme_ids.iter().zip(&totals) {
                let a = g.themes.get(id).map_or(0, count);
                rows.push(KeynessRow::new(
                    "theme",
                    group,
                    id,
                    a,
                    g.words,
                    total - a,
                    rest_words,
                ));
            }
        }
        rows
    }

    /// For each group, the keyness of stems (occurring at least `min_freq` times in the group) against
    /// the other groups, most specific first. Empty without a vocabulary.
    pub fn term_keyness(&self, min_freq: u64) -> Vec<KeynessRow> {
        self.term_keyness_of(TermLevel::Stem, min_freq)
    }

    /// [`Aggregate::term_keyness`] for stems or for forms (normalised word forms). Stopwords are
    /// left out: a stem is one when all its forms are.
    pub fn term_keyness_of(&self, level: TermLevel, min_freq: u64) -> Vec<KeynessRow> {
        let Some(vocab) = &self.vocabulary else {
            return Vec::new();
        };
        let total = vocab.total();
        let mut rows = Vec::new();
        for (group, table) in vocab.groups() {
            let n1 = table.tokens();
            let n2 = total.tokens().saturating_sub(n1);
            // (item, frequency in the group, frequency in the whole corpus), stopwords left out.
            let counts: Vec<(String, u64, u64)> = match level {
                TermLevel::Stem => table
                    .stems()
                    .into_iter()
                    .filter(|s| !s.stopword)
                    .map(|s| {
                        let all = total.stem(&s.stem).map_or(s.freq, |(f, _)| f);
                        (s.stem, s.freq, all)
                    })
                    .collect(),
                TermLevel::Form => table
                    .forms()
                    .into_iter()
                    .filter(|f| !f.stopword)
                    .map(|f| {
                        let all = total.form(&f.form).map_or(f.freq, |(n, _)| n);
                        (f.form, f.freq, all)
                    })
                    .collect(),
            };
            let mut group_rows: Vec<KeynessRow> = counts
                .into_iter()
                .filter(|&(_, freq, _)| freq >= min_freq)
                .map(|(item, freq, all)| {
                    KeynessRow::new(
                        level.as_str(),
                        group,
                        &item,
                        freq,
                        n1,
                        all.saturating_sub(freq),
                        n2,
                    )
                })
                .collect();
            group_rows.sort_by(|x, y| {
                y.keyness
                    .lafon
                    .total_cmp(&x.keyness.lafon)
                    .then_with(|| x.item.cmp(&y.item))
            });
            rows.extend(group_rows);
        }
        rows
    }
}

/// Which terms group specificities are computed on.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum TermLevel {
    /// Snowball stems: `isolé`, `isolée`, `isolement` count together.
    #[default]
    Stem,
    /// Normalised word forms, as IRaMuTeQ's specificities on forms.
    Form,
}

impl TermLevel {
    /// `stem` or `form`, the `kind` of its keyness rows.
    pub fn as_str(self) -> &'static str {
        match self {
            TermLevel::Stem => "stem",
            TermLevel::Form => "form",
        }
    }
}

impl std::fmt::Display for TermLevel {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// `stems` or `forms` (`stem`, `form` too).
impl std::str::FromStr for TermLevel {
    type Err = crate::Error;

    fn from_str(s: &str) -> Result<TermLevel> {
        match s {
            "stems" | "stem" => Ok(TermLevel::Stem),
            "forms" | "form" => Ok(TermLevel::Form),
            _ => Err(crate::Error::config(format!(
                "unknown terms {s:?} (expected stems or forms)"
            ))),
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

/// The keyness of one item (a theme, a stem or a form) in one group against the other groups.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct KeynessRow {
    /// `theme`, `stem` or `form`.
    pub kind: String,
    /// The group.
    pub group: String,
    /// The theme, stem or form.
    pub item: String,
    /// Occurrences per 1,000 words in the group, and in the other groups.
    pub per_1000: f64,
    /// Occurrences per 1,000 words in the other groups.
    pub per_1000_rest: f64,
    /// Counts (`target`: the group, `reference`: the other groups) and scores.
    #[serde(flatten)]
    pub keyness: Keyness,
}

impl KeynessRow {
    fn new(kind: &str, group: &str, item: &str, a: u64, n1: u64, b: u64, n2: u64) -> KeynessRow {
        // Counts come from one corpus, so the table is consistent; a degenerate one scores zero.
        let keyness = Table::new(a, n1.max(a), b, n2.max(b))
            .map(|t| stats::keyness(&t))
            .unwrap_or(Keyness {
                target: a,
                target_total: n1,
                reference: b,
                reference_total: n2,
                expected: 0.0,
                chi2: 0.0,
                g2: 0.0,
                lafon: 0.0,
            });
        KeynessRow {
            kind: kind.to_string(),
            group: group.to_string(),
            item: item.to_string(),
            per_1000: per_1000(a as i64, n1),
            per_1000_rest: per_1000(b as i64, n2),
            keyness,
        }
    }
}
