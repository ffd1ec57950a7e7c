//! Vocabulary counts: the frequency and document frequency of every normalised form and of
//! every stem, with stopwords marked, for a whole corpus and optionally per group.
//!
//! A [`VocabCounter`] (tokenizer, normaliser, stemmer and stopwords, built once and shared
//! across threads) counts documents into a [`Vocabulary`], using a [`VocabScratch`] per
//! worker. Vocabularies counted apart merge into one: [`Vocabulary::merge`] is associative
//! and commutative, so a parallel fold gives the same result in any order.
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
//! Which tokens count: those whose [`TokenKind`] is in [`VocabCounter::kinds`] (words only
//! by default). Each call to a `count_*` method is one document for document frequencies.
//! Merging assumes the vocabularies counted different documents.

use crate::fxhash::FxMap;
use crate::text::normalize::Normalizer;
use crate::text::stem::{StemCache, Stemmer};
use crate::text::stopwords::Stopwords;
use crate::text::tokenize::{TokenKind, Tokenizer};
use crate::transcript::{Role, Transcript};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap};

/// Counts documents into a [`Vocabulary`]. Build once; `Send + Sync`.
#[derive(Debug)]
pub struct VocabCounter {
    tokenizer: Tokenizer,
    normalizer: Normalizer,
    stemmer: Stemmer,
    stopwords: Stopwords,
    kinds: Vec<TokenKind>,
    roles: Option<Vec<Role>>,
}

impl Default for VocabCounter {
    fn default() -> Self {
        VocabCounter::new()
    }
}

impl VocabCounter {
    /// A counter with the default tokenizer and normaliser, the French stemmer and stopwords,
    /// counting word tokens of every turn.
    pub fn new() -> VocabCounter {
        VocabCounter {
            tokenizer: Tokenizer::new(),
            normalizer: Normalizer::new(),
            stemmer: Stemmer::french(),
            stopwords: Stopwords::french(),
            kinds: vec![TokenKind::Word],
            roles: None,
        }
    }

    /// Uses `tokenizer`.
    pub fn tokenizer(mut self, tokenizer: Tokenizer) -> VocabCounter {
        self.tokenizer = tokenizer;
        self
    }

    /// Uses `normalizer` (the same as the lexicon's, for comparable forms).
    pub fn normalizer(mut self, normalizer: Normalizer) -> VocabCounter {
        self.normalizer = normalizer;
        self
    }

    /// Uses `stemmer`.
    pub fn stemmer(mut self, stemmer: Stemmer) -> VocabCounter {
        self.stemmer = stemmer;
        self
    }

    /// Marks the forms of `stopwords` (they are still counted).
    pub fn stopwords(mut self, stopwords: Stopwords) -> VocabCounter {
        self.stopwords = stopwords;
        self
    }

    /// Counts tokens of these kinds only (default: words).
    pub fn kinds(mut self, kinds: &[TokenKind]) -> VocabCounter {
        self.kinds = kinds.to_vec();
        self
    }

    /// In transcripts, counts only the turns of these roles (default: every turn).
    pub fn roles(mut self, roles: &[Role]) -> VocabCounter {
        self.roles = Some(roles.to_vec());
        self
    }

    /// Counts `text` as one document, in the totals and, when `group` is given, in that group.
    pub fn count_text(
        &self,
        scratch: &mut VocabScratch,
        text: &str,
        group: Option<&str>,
        into: &mut Vocabulary,
    ) {
        scratch.start_document();
        self.count_piece(scratch, text);
        into.add_document(scratch, group);
    }

    /// Counts the turns of `transcript` (those of the selected roles) as one document, in the
    /// totals and in the group named by the transcript's metadata value for `group_key`.
    /// A transcript without that metadata key is counted in the totals only.
    pub fn count_transcript(
        &self,
        scratch: &mut VocabScratch,
        transcript: &Transcript,
        group_key: Option<&str>,
        into: &mut Vocabulary,
    ) {
        let group = group_key.and_then(|key| transcript.metadata.get(key));
        self.count_turns(
            scratch,
            transcript,
            |_, turn| match &self.roles {
                Some(roles) => roles.contains(&turn.role),
                None => true,
            },
            group.map(String::as_str),
            into,
        );
    }

    /// Counts the turns of `transcript` that `select` (given the turn's index and the turn) keeps, as one
    /// document, in the totals and in `group` when given. The roles set with
    /// [`VocabCounter::roles`] are not consulted: `select` decides.
    pub fn count_turns(
        &self,
        scratch: &mut VocabScratch,
        transcript: &Transcript,
        select: impl Fn(usize, &crate::transcript::Turn) -> bool,
        group: Option<&str>,
        into: &mut Vocabulary,
    ) {
        scratch.start_document();
        for (i, turn) in transcript.turns.iter().enumerate() {
            if select(i, turn) {
                if let Some(text) = transcript.text.get(turn.span.range()) {
                    self.count_piece(scratch, text);
                }
            }
        }
        into.add_document(scratch, group);
    }

    fn count_piece(&self, scratch: &mut VocabScratch, text: &str) {
        for token in self
            .tokenizer
            .tokens(text)
            .filter(|t| self.kinds.contains(&t.kind))
        {
            let form = self.normalizer.normalize(token.text);
            if let Some(entry) = scratch.document.get_mut(form.as_ref()) {
                entry.count += 1;
            } else {
                let stem = scratch.stems.stem(&self.stemmer, &form).to_string();
                let stopword = self.stopwords.contains(&form);
                scratch.document.insert(
                    form.into_owned(),
                    DocumentForm {
                        count: 1,
                        stem,
                        stopword,
                    },
                );
            }
            scratch.tokens += 1;
        }
    }
}

/// Per-worker buffers: the stem cache and the current document's counts.
#[derive(Debug, Default)]
pub struct VocabScratch {
    stems: StemCache,
    document: FxMap<String, DocumentForm>,
    document_stems: FxMap<String, u64>,
    tokens: u64,
}

#[derive(Debug)]
struct DocumentForm {
    count: u64,
    stem: String,
    stopword: bool,
}

impl VocabScratch {
    /// Empty buffers.
    pub fn new() -> VocabScratch {
        VocabScratch::default()
    }

    fn start_document(&mut self) {
        self.document.clear();
        self.document_stems.clear();
        self.tokens = 0;
    }
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
    stem: String,
    stopword: bool,
}

/// The counts of one set of documents (the whole corpus, or one group).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(into = "VocabTableRepr", from = "VocabTableRepr")]
pub struct VocabTable {
    documents: u64,
    tokens: u64,
    forms: FxMap<String, FormCounts>,
    stems: FxMap<String, Counts>,
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
                form: form.clone(),
                stem: f.stem.clone(),
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
            let slot = by_stem.entry(&f.stem).or_insert((0, 0, 0));
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
                let (forms, stop_freq, freq) =
                    by_stem.get(stem.as_str()).copied().unwrap_or((0, 0, 0));
                let stopword = freq > 0 && 2 * stop_freq > freq;
                StemEntry {
                    stem: stem.clone(),
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
                    self.forms.insert(form.clone(), theirs.clone());
                }
            }
        }
        for (stem, theirs) in &other.stems {
            self.stems.entry(stem.clone()).or_default().add(*theirs);
        }
    }

    fn add_document(&mut self, scratch: &VocabScratch) {
        self.documents += 1;
        self.tokens += scratch.tokens;
        for (form, doc) in &scratch.document {
            let counts = Counts {
                freq: doc.count,
                doc_freq: 1,
            };
            match self.forms.get_mut(form.as_str()) {
                Some(mine) => mine.counts.add(counts),
                None => {
                    self.forms.insert(
                        form.clone(),
                        FormCounts {
                            counts,
                            stem: doc.stem.clone(),
                            stopword: doc.stopword,
                        },
                    );
                }
            }
        }
        for (stem, &freq) in &scratch.document_stems {
            match self.stems.get_mut(stem.as_str()) {
                Some(mine) => mine.add(Counts { freq, doc_freq: 1 }),
                None => {
                    self.stems
                        .insert(stem.clone(), Counts { freq, doc_freq: 1 });
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
                        stem: f.stem,
                        stopword: f.stopword,
                    };
                    (f.form, form)
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
                    (s.stem, counts)
                })
                .collect(),
        }
    }
}

/// The vocabulary of a corpus: totals, and tables per group.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Vocabulary {
    total: VocabTable,
    groups: BTreeMap<String, VocabTable>,
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

    /// The groups, by name.
    pub fn groups(&self) -> impl Iterator<Item = (&str, &VocabTable)> {
        self.groups.iter().map(|(k, v)| (k.as_str(), v))
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

    fn add_document(&mut self, scratch: &mut VocabScratch, group: Option<&str>) {
        scratch.document_stems.clear();
        for doc in scratch.document.values() {
            match scratch.document_stems.get_mut(doc.stem.as_str()) {
                Some(freq) => *freq += doc.count,
                None => {
                    scratch.document_stems.insert(doc.stem.clone(), doc.count);
                }
            }
        }
        self.total.add_document(scratch);
        if let Some(name) = group {
            match self.groups.get_mut(name) {
                Some(table) => table.add_document(scratch),
                None => {
                    let mut table = VocabTable::default();
                    table.add_document(scratch);
                    self.groups.insert(name.to_string(), table);
                }
            }
        }
    }
}
