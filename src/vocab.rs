//! Vocabulary counts: the frequency and document frequency of every normalised form and of
//! every stem, with stopwords marked, for a whole corpus and optionally per group.
//!
//! Counting reads a [`DocumentAnalysis`] — the tokens the analyzer already interned — so a
//! document is tokenized once whether it is scored, counted or both. [`VocabCounter`] is the
//! convenience for counting without scoring: an analyzer with no themes. Vocabularies counted
//! apart merge into one: [`Vocabulary::merge`] is associative and commutative, so a parallel
//! fold gives the same result in any order.
//!
//! ```
//! use entretien::vocab::{VocabCounter, VocabScratch, Vocabulary};
//!
//! let counter = VocabCounter::new();
//! let mut scratch = VocabScratch::new();
//! let mut vocab = Vocabulary::new();
//! counter.count_text(&mut scratch, "Les outils, les outils numériques.", Some("agents"), &mut vocab);
//! counter.count_text(&mut scratch, "Un outil utile.", Some("cadres"), &mut vocab);
//!
//! let forms = vocab.total().forms();
//! assert_eq!((forms[0].form.as_str(), forms[0].freq, forms[0].doc_freq), ("les", 2, 1));
//! assert!(forms[0].stopword);
//! let outil = vocab.total().stems().into_iter().find(|s| s.stem == "outil").unwrap();
//! assert_eq!((outil.freq, outil.doc_freq, outil.forms), (3, 2, 2));
//! assert_eq!(vocab.group("cadres").unwrap().tokens(), 3);
//! ```
//!
//! Which tokens count: words as [`crate::counting::is_word`] defines them (words, numbers,
//! truncations), of the turns the analyzer scores, the same words that scores and rates count.
//! Each document counts once for document frequencies. Merging assumes the vocabularies counted
//! different documents.

use crate::analysis::DocumentAnalysis;
use crate::analyzer::{Analyzer, Scratch, SpeakerFilter};
use crate::counting::is_word;
use crate::fxhash::{FxMap, FxSet};
use crate::group::GroupBy;
use crate::lexicon::Lexicon;
use crate::matcher::{StemId, TermId};
use crate::text::stopwords::Stopwords;
use crate::transcript::Transcript;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap};
use std::ops::Range;
use std::sync::Arc;

/// Counts documents into a [`Vocabulary`] without scoring them: an [`Analyzer`] with no themes.
/// Build once; `Send + Sync`.
#[derive(Debug)]
pub struct VocabCounter {
    analyzer: Analyzer,
}

impl Default for VocabCounter {
    fn default() -> Self {
        VocabCounter::new()
    }
}

impl VocabCounter {
    /// A counter of the words of every turn, with the French stop list.
    pub fn new() -> VocabCounter {
        VocabCounter::with(SpeakerFilter::All, Stopwords::french())
    }

    /// A counter of the turns `speakers` selects, marking the forms of `stopwords` (still counted).
    pub fn with(speakers: SpeakerFilter, stopwords: Stopwords) -> VocabCounter {
        let analyzer = Analyzer::builder()
            .speakers(speakers)
            .stopwords(stopwords)
            .build(&Lexicon::empty())
            .expect("a lexicon without themes always compiles");
        VocabCounter { analyzer }
    }

    /// The analyzer it counts with.
    pub fn analyzer(&self) -> &Analyzer {
        &self.analyzer
    }

    /// Counts `text` (one speaker of unknown role) as one document, in the totals and, when `group`
    /// is given, in that group.
    pub fn count_text(
        &self,
        scratch: &mut VocabScratch,
        text: &str,
        group: Option<&str>,
        into: &mut Vocabulary,
    ) {
        let mut t = Transcript::from_text("text", text);
        let by = match group {
            Some(g) => {
                t.metadata.insert("group".into(), g.to_string());
                GroupBy::Metadata("group".into())
            }
            None => GroupBy::None,
        };
        self.count_transcript(scratch, &t, &by, into);
    }

    /// Counts the selected turns of `transcript` as one document, in the totals and in its groups.
    pub fn count_transcript(
        &self,
        scratch: &mut VocabScratch,
        transcript: &Transcript,
        by: &GroupBy,
        into: &mut Vocabulary,
    ) {
        let mut windows = self.analyzer.windows(transcript, &mut scratch.analyzer);
        while let Some(window) = windows.next() {
            into.add(&window, by);
        }
    }
}

/// Per-worker buffers of a [`VocabCounter`].
#[derive(Debug, Default)]
pub struct VocabScratch {
    analyzer: Scratch,
}

impl VocabScratch {
    /// Empty buffers.
    pub fn new() -> VocabScratch {
        VocabScratch::default()
    }
}

/// One document's counts of one group, by term (canonical form) and by stem.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
struct DocumentCounts {
    tokens: u64,
    terms: FxMap<TermId, u64>,
    stems: FxMap<StemId, u64>,
}

impl DocumentCounts {
    fn clear(&mut self) {
        self.tokens = 0;
        self.terms.clear();
        self.stems.clear();
    }

    /// Counts the words of a turn's tokens.
    fn count(&mut self, analysis: &DocumentAnalysis<'_>, tokens: Range<usize>) {
        for tok in &analysis.tokens()[tokens] {
            if !is_word(tok.kind) {
                continue;
            }
            self.tokens += 1;
            let term = analysis.canonical(tok.term);
            *self.terms.entry(term).or_default() += 1;
            *self.stems.entry(analysis.stem_id(term)).or_default() += 1;
        }
    }
}

/// A document's counts while its windows are added ([`Vocabulary::add`]): in all, and per group
/// (counted apart only when a document's turns fall in several groups).
#[derive(Debug, Default, Clone, PartialEq, Eq)]
struct PendingCounts {
    /// Whether a document's windows are being added.
    open: bool,
    total: DocumentCounts,
    groups: Vec<(String, DocumentCounts)>,
}

/// Counts of one form, or of one stem.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
struct Counts {
    freq: u64,
    doc_freq: u64,
}

impl Counts {
    fn add(&mut self, other: Counts) {
        self.freq += other.freq;
        self.doc_freq += other.doc_freq;
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
struct FormCounts {
    counts: Counts,
    stem: Arc<str>,
    stopword: bool,
}

/// The counts of one set of documents (the whole corpus, or one group).
///
/// Forms and stems are shared strings ([`Strings`]): with thousands of groups, each group's table
/// holds pointers to one copy of each string rather than copies of its own.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(into = "VocabTableRepr", from = "VocabTableRepr")]
pub struct VocabTable {
    documents: u64,
    tokens: u64,
    forms: FxMap<Arc<str>, FormCounts>,
    stems: FxMap<Arc<str>, Counts>,
}

/// One shared copy of each form and stem a [`Vocabulary`] counted.
#[derive(Debug, Clone, Default)]
struct Strings(FxSet<Arc<str>>);

/// A cache, not counts: two vocabularies with the same counts are equal whatever they cached.
impl PartialEq for Strings {
    fn eq(&self, _: &Strings) -> bool {
        true
    }
}

impl Eq for Strings {}

impl Strings {
    fn get(&mut self, text: &str) -> Arc<str> {
        match self.0.get(text) {
            Some(shared) => Arc::clone(shared),
            None => {
                let shared: Arc<str> = Arc::from(text);
                self.0.insert(Arc::clone(&shared));
                shared
            }
        }
    }
}

/// One form of a [`VocabTable`], as listed by [`VocabTable::forms`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FormEntry {
    /// The normalised form.
    pub form: String,
    /// Its stem.
    pub stem: String,
    /// Whether the form is a stopword.
    pub stopword: bool,
    /// Occurrences.
    pub freq: u64,
    /// Documents it occurs in.
    pub doc_freq: u64,
}

/// One stem of a [`VocabTable`], as listed by [`VocabTable::stems`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StemEntry {
    /// The stem.
    pub stem: String,
    /// Whether most of its occurrences are of stopword forms (`elle` and the rarer `elles`, which
    /// the Snowball list lacks, make a stopword stem; a content word with one stopword form does not).
    pub stopword: bool,
    /// Occurrences of all its forms.
    pub freq: u64,
    /// Documents in which one of its forms occurs.
    pub doc_freq: u64,
    /// The number of distinct forms counted under it.
    pub forms: u64,
}

impl VocabTable {
    /// Documents counted.
    pub fn documents(&self) -> u64 {
        self.documents
    }

    /// Tokens counted.
    pub fn tokens(&self) -> u64 {
        self.tokens
    }

    /// The number of distinct forms.
    pub fn distinct_forms(&self) -> usize {
        self.forms.len()
    }

    /// The number of distinct stems.
    pub fn distinct_stems(&self) -> usize {
        self.stems.len()
    }

    /// The counts of a normalised form: `(freq, doc_freq)`.
    pub fn form(&self, form: &str) -> Option<(u64, u64)> {
        self.forms
            .get(form)
            .map(|f| (f.counts.freq, f.counts.doc_freq))
    }

    /// The counts of a stem: `(freq, doc_freq)`.
    pub fn stem(&self, stem: &str) -> Option<(u64, u64)> {
        self.stems.get(stem).map(|c| (c.freq, c.doc_freq))
    }

    /// Every form, by frequency (highest first), then by form.
    pub fn forms(&self) -> Vec<FormEntry> {
        let mut out: Vec<FormEntry> = self
            .forms
            .iter()
            .map(|(form, f)| FormEntry {
                form: form.to_string(),
                stem: f.stem.to_string(),
                stopword: f.stopword,
                freq: f.counts.freq,
                doc_freq: f.counts.doc_freq,
            })
            .collect();
        out.sort_unstable_by(|x, y| y.freq.cmp(&x.freq).then_with(|| x.form.cmp(&y.form)));
        out
    }

    /// Every stem, by frequency (highest first), then by stem.
    pub fn stems(&self) -> Vec<StemEntry> {
        // (distinct forms, occurrences of stopword forms, all occurrences) per stem.
        let mut by_stem: HashMap<&str, (u64, u64, u64)> = HashMap::with_capacity(self.stems.len());
        for f in self.forms.values() {
            let slot = by_stem.entry(&*f.stem).or_insert((0, 0, 0));
            slot.0 += 1;
            if f.stopword {
                slot.1 += f.counts.freq;
            }
            slot.2 += f.counts.freq;
        }
        let mut out: Vec<StemEntry> = self
            .stems
            .iter()
            .map(|(stem, c)| {
                let (forms, stop_freq, freq) = by_stem.get(&**stem).copied().unwrap_or((0, 0, 0));
                let stopword = freq > 0 && 2 * stop_freq > freq;
                StemEntry {
                    stem: stem.to_string(),
                    stopword,
                    freq: c.freq,
                    doc_freq: c.doc_freq,
                    forms,
                }
            })
            .collect();
        out.sort_unstable_by(|x, y| y.freq.cmp(&x.freq).then_with(|| x.stem.cmp(&y.stem)));
        out
    }

    /// Adds the counts of `other`.
    pub fn merge(&mut self, other: &VocabTable) {
        self.documents += other.documents;
        self.tokens += other.tokens;
        for (form, theirs) in &other.forms {
            match self.forms.get_mut(form) {
                Some(mine) => mine.counts.add(theirs.counts),
                None => {
                    self.forms.insert(Arc::clone(form), theirs.clone());
                }
            }
        }
        for (stem, theirs) in &other.stems {
            match self.stems.get_mut(stem) {
                Some(mine) => mine.add(*theirs),
                None => {
                    self.stems.insert(Arc::clone(stem), *theirs);
                }
            }
        }
    }

    fn add_document(
        &mut self,
        strings: &mut Strings,
        analysis: &DocumentAnalysis<'_>,
        doc: &DocumentCounts,
    ) {
        self.documents += 1;
        self.tokens += doc.tokens;
        for (&term, &freq) in &doc.terms {
            let counts = Counts { freq, doc_freq: 1 };
            let form = analysis.form(term);
            match self.forms.get_mut(form) {
                Some(mine) => mine.counts.add(counts),
                None => {
                    let entry = FormCounts {
                        counts,
                        stem: strings.get(analysis.stem(term)),
                        stopword: analysis.is_stopword(term),
                    };
                    self.forms.insert(strings.get(form), entry);
                }
            }
        }
        for (&stem, &freq) in &doc.stems {
            let counts = Counts { freq, doc_freq: 1 };
            let text = analysis.stem_text(stem);
            match self.stems.get_mut(text) {
                Some(mine) => mine.add(counts),
                None => {
                    self.stems.insert(strings.get(text), counts);
                }
            }
        }
    }
}

/// Serialised form of a [`VocabTable`]: sorted lists, so the output is deterministic.
#[derive(Serialize, Deserialize)]
struct VocabTableRepr {
    documents: u64,
    tokens: u64,
    forms: Vec<FormEntry>,
    stems: Vec<StemCountsRepr>,
}

#[derive(Serialize, Deserialize)]
struct StemCountsRepr {
    stem: String,
    freq: u64,
    doc_freq: u64,
}

impl From<VocabTable> for VocabTableRepr {
    fn from(table: VocabTable) -> Self {
        let forms = table.forms();
        let stems = table
            .stems()
            .into_iter()
            .map(|s| StemCountsRepr {
                stem: s.stem,
                freq: s.freq,
                doc_freq: s.doc_freq,
            })
            .collect();
        VocabTableRepr {
            documents: table.documents,
            tokens: table.tokens,
            forms,
            stems,
        }
    }
}

impl From<VocabTableRepr> for VocabTable {
    fn from(repr: VocabTableRepr) -> Self {
        VocabTable {
            documents: repr.documents,
            tokens: repr.tokens,
            forms: repr
                .forms
                .into_iter()
                .map(|f| {
                    let form = FormCounts {
                        counts: Counts {
                            freq: f.freq,
                            doc_freq: f.doc_freq,
                        },
                        stem: Arc::from(f.stem),
                        stopword: f.stopword,
                    };
                    (Arc::from(f.form), form)
                })
                .collect(),
            stems: repr
                .stems
                .into_iter()
                .map(|s| {
                    let counts = Counts {
                        freq: s.freq,
                        doc_freq: s.doc_freq,
                    };
                    (Arc::from(s.stem), counts)
                })
                .collect(),
        }
    }
}

fn by_name<S: serde::Serializer>(
    groups: &FxMap<String, VocabTable>,
    s: S,
) -> std::result::Result<S::Ok, S::Error> {
    s.collect_map(groups.iter().collect::<BTreeMap<_, _>>())
}

/// The vocabulary of a corpus: totals, and tables per group.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Vocabulary {
    total: VocabTable,
    /// Hashed rather than ordered: with thousands of groups, each document looks its group up.
    /// Written in order of names.
    #[serde(serialize_with = "by_name")]
    groups: FxMap<String, VocabTable>,
    /// The document whose windows are being added, until its last one.
    #[serde(skip)]
    pending: PendingCounts,
    #[serde(skip)]
    strings: Strings,
}

impl Vocabulary {
    /// An empty vocabulary.
    pub fn new() -> Vocabulary {
        Vocabulary::default()
    }

    /// The counts over all documents.
    pub fn total(&self) -> &VocabTable {
        &self.total
    }

    /// The counts of one group.
    pub fn group(&self, name: &str) -> Option<&VocabTable> {
        self.groups.get(name)
    }

    /// The groups, in order of names.
    pub fn groups(&self) -> impl Iterator<Item = (&str, &VocabTable)> {
        let mut groups: Vec<_> = (self.groups.iter()).map(|(k, v)| (k.as_str(), v)).collect();
        groups.sort_unstable_by_key(|&(k, _)| k);
        groups.into_iter()
    }

    /// Adds the counts of `other` (documents other than this vocabulary's).
    pub fn merge(&mut self, other: &Vocabulary) {
        self.total.merge(&other.total);
        for (name, table) in &other.groups {
            match self.groups.get_mut(name) {
                Some(mine) => mine.merge(table),
                None => {
                    self.groups.insert(name.clone(), table.clone());
                }
            }
        }
    }

    /// Counts the words of the scored turns of an analysed document, as one document, in the totals
    /// and in the document's groups (with [`GroupBy::SpeakerRole`], the turns of each role apart).
    /// A document's windows ([`crate::Analyzer::windows`]), added in order, count as one document.
    pub fn add(&mut self, analysis: &DocumentAnalysis<'_>, by: &GroupBy) {
        let transcript = analysis.transcript;
        let doc = &mut self.pending;
        if analysis.is_first() || !doc.open {
            // Reused from one document to the next.
            doc.open = true;
            doc.total.clear();
            doc.groups.clear();
        }
        for (i, turn) in analysis.scored_turns() {
            doc.total.count(analysis, turn.tokens.clone());
            let Some(group) = by.group_of(transcript, i) else {
                continue;
            };
            let k = match doc.groups.iter().position(|(g, _)| g == group) {
                Some(k) => k,
                None => {
                    doc.groups
                        .push((group.to_string(), DocumentCounts::default()));
                    doc.groups.len() - 1
                }
            };
            if by.is_per_turn() {
                doc.groups[k].1.count(analysis, turn.tokens.clone());
            }
        }
        if !analysis.is_last() {
            return;
        }
        let doc = &mut self.pending;
        doc.open = false;
        self.total
            .add_document(&mut self.strings, analysis, &doc.total);
        for (group, counts) in &doc.groups {
            let counts = if by.is_per_turn() { counts } else { &doc.total };
            match self.groups.get_mut(group.as_str()) {
                Some(table) => table.add_document(&mut self.strings, analysis, counts),
                None => {
                    let mut table = VocabTable::default();
                    table.add_document(&mut self.strings, analysis, counts);
                    self.groups.insert(group.clone(), table);
                }
            }
        }
        // Left empty (capacity kept), so that vocabularies compare by their counts alone.
        doc.total.clear();
        doc.groups.clear();
    }
}
