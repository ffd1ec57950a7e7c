//! The segments classified and their active forms, gathered from each document's analysis, and
//! the corpus they make.
//!
//! **Segments.** The analyzer's segments (about `segment_words` words, cut at strong punctuation,
//! never across turns) of the turns the analyzer scores (respondents and speakers of unknown role
//! by default). Within a turn, a segment shorter than `min_segment_words` is merged with the next
//! one (the last with the one before). **Short answers** (`merge_turns`, on by default): the same
//! rule across turns. A turn shorter than `min_segment_words` is joined to the same speaker's
//! previous short turn of the document while that unit is still under `min_segment_words` and the
//! two stay within `segment_words` words; a longer turn of that speaker breaks the chain. A corpus
//! of one-line answers thus gives units of ten words or more instead of units of three words that
//! share no form, while answers long enough to stand alone are never mixed with the next
//! question's. A unit so made has several pieces (byte spans); its `span` runs from the first to
//! the last.
//!
//! **Active forms.** Word tokens only (numbers, fillers, annotations, truncations, URLs out), not
//! stopwords of the analyzer's list; each counted once per unit, as its stem ([`Terms::Stems`],
//! the default) or its normalised form ([`Terms::Forms`]). A stem is shown by its most frequent
//! form.

use crate::analysis::DocumentAnalysis;
use crate::analyzer::Windows;
use crate::span::Span;
use crate::text::tokenize::TokenKind;
use crate::transcript::Role;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap};

use super::matrix::Csr;

/// What a form of the matrix is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Terms {
    /// Stems (Snowball French), the default.
    #[default]
    Stems,
    /// Normalised word forms.
    Forms,
}

impl std::str::FromStr for Terms {
    type Err = crate::Error;

    fn from_str(s: &str) -> crate::Result<Terms> {
        match s {
            "stems" | "stem" => Ok(Terms::Stems),
            "forms" | "form" => Ok(Terms::Forms),
            _ => Err(crate::Error::config(format!(
                "unknown terms {s:?} (expected stems or forms)"
            ))),
        }
    }
}

/// How segments are made into units and which forms they hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct UnitOptions {
    /// Stems or forms.
    pub terms: Terms,
    /// The analyzer's segment size, in words (40): merged short turns never exceed it.
    pub segment_words: u32,
    /// Segments of a turn shorter than this are merged with their neighbour (0: none).
    pub min_segment_words: u32,
    /// Whether a speaker's consecutive turns shorter than `min_segment_words` are merged until
    /// they reach it (and never beyond `segment_words`).
    pub merge_turns: bool,
}

impl Default for UnitOptions {
    fn default() -> Self {
        UnitOptions {
            terms: Terms::Stems,
            segment_words: 40,
            min_segment_words: 10,
            merge_turns: true,
        }
    }
}

/// One unit of one document, before the corpus interns its forms.
#[derive(Debug, Clone)]
struct Draft {
    speaker: Option<String>,
    role: Role,
    pieces: Vec<Span>,
    words: u32,
    /// Analyzer segments: (index in the document, span).
    segments: Vec<(u32, Span)>,
    keys: Vec<u32>,
    themes: Vec<u32>,
    /// Whether it is a short turn that a next short turn of the speaker may join.
    open: bool,
}

/// The units of one document, as [`collect`] returns them (on a worker); [`Corpus::add`] takes them.
#[derive(Debug, Clone)]
pub struct DocumentUnits {
    id: String,
    metadata: BTreeMap<String, String>,
    themes: Vec<String>,
    keys: Vec<String>,
    /// (key, form) → occurrences.
    forms: HashMap<(u32, String), u64>,
    drafts: Vec<Draft>,
    texts: Vec<String>,
}

impl DocumentUnits {
    /// Units in it.
    pub fn len(&self) -> usize {
        self.drafts.len()
    }

    /// Whether it has no unit.
    pub fn is_empty(&self) -> bool {
        self.drafts.is_empty()
    }
}

/// Gathers the units of one analysed document (see the module docs).
pub fn collect(analysis: &DocumentAnalysis<'_>, options: &UnitOptions) -> DocumentUnits {
    let transcript = analysis.transcript;
    let mut drafts: Vec<Draft> = Vec::new();
    // The open short unit of each speaker.
    let mut open: HashMap<(Option<&str>, Role), usize> = HashMap::new();
    for (ti, turn) in analysis.scored_turns() {
        let segs = turn.segments.clone();
        // Groups of consecutive segments, each of `min_segment_words` words at least if it can.
        let mut groups: Vec<(Vec<usize>, u32)> = Vec::new();
        for s in segs {
            let w = analysis.segments[s].words;
            match groups.last_mut() {
                Some((g, words)) if *words < options.min_segment_words => {
                    g.push(s);
                    *words += w;
                }
                _ => groups.push((vec![s], w)),
            }
        }
        if groups.len() >= 2
            && groups
                .last()
                .is_some_and(|g| g.1 < options.min_segment_words)
        {
            let (g, w) = groups.pop().expect("two groups");
            let prev = groups.last_mut().expect("one group");
            prev.0.extend(g);
            prev.1 += w;
        }
        let key = (analysis.speaker(ti), analysis.role(ti));
        let short = groups.len() == 1 && groups[0].1 < options.min_segment_words;
        for (g, words) in groups {
            let first = &analysis.segments[g[0]];
            let last = &analysis.segments[*g.last().expect("a segment")];
            let piece = Span {
                start: first.span.start,
                end: last.span.end,
            };
            let first_segment = analysis.first_segment();
            let segments: Vec<(u32, Span)> = g
                .iter()
                .map(|&s| ((first_segment + s) as u32, analysis.segments[s].span))
                .collect();
            let joined = short
                && options.merge_turns
                && open.get(&key).is_some_and(|&d| {
                    drafts[d].words < options.min_segment_words
                        && drafts[d].words + words <= options.segment_words
                });
            if joined {
                let d = &mut drafts[open[&key]];
                d.pieces.push(piece);
                d.words += words;
                d.segments.extend(segments);
            } else {
                drafts.push(Draft {
                    speaker: key.0.map(str::to_string),
                    role: key.1,
                    pieces: vec![piece],
                    words,
                    segments,
                    keys: Vec::new(),
                    themes: Vec::new(),
                    open: short,
                });
                if short {
                    open.insert(key, drafts.len() - 1);
                }
            }
        }
        if !short {
            open.remove(&key);
        }
    }
    // Forms and themes of each unit.
    let mut keys: Vec<String> = Vec::new();
    let mut key_index: HashMap<&str, u32> = HashMap::new();
    let mut forms: HashMap<(u32, String), u64> = HashMap::new();
    let tokens = analysis.tokens();
    let mut texts = Vec::with_capacity(drafts.len());
    for d in &mut drafts {
        d.open = false;
        for &(s, _) in &d.segments {
            let range = analysis.segments[s as usize - analysis.first_segment()]
                .tokens
                .clone();
            for tok in &tokens[range.clone()] {
                if tok.kind != TokenKind::Word || analysis.is_stopword(tok.term) {
                    continue;
                }
                let form = analysis.form(analysis.canonical(tok.term));
                let key = match options.terms {
                    Terms::Stems => analysis.stem(tok.term),
                    Terms::Forms => form,
                };
                let next = keys.len() as u32;
                let id = *key_index.entry(key).or_insert_with(|| {
                    keys.push(key.to_string());
                    next
                });
                d.keys.push(id);
                *forms.entry((id, form.to_string())).or_insert(0) += 1;
            }
            for hit in analysis.hits_in(range) {
                if analysis.negation().codes(hit.negated) {
                    d.themes.push(hit.theme.index() as u32);
                }
            }
        }
        d.keys.sort_unstable();
        d.keys.dedup();
        d.themes.sort_unstable();
        d.themes.dedup();
        let text: Vec<&str> = d
            .pieces
            .iter()
            .map(|p| &transcript.text[p.range()])
            .collect();
        texts.push(text.join(" […] "));
    }
    DocumentUnits {
        id: transcript.id.clone(),
        metadata: transcript.metadata.clone(),
        themes: analysis
            .lexicon()
            .themes()
            .iter()
            .map(|t| t.id.clone())
            .collect(),
        keys,
        forms,
        drafts,
        texts,
    }
}

/// The units of a document analysed in windows ([`crate::Analyzer::windows`]), once for each of
/// `options` (a double classification cuts units of two sizes), window by window: units never cross
/// a turn, so each window's units are its own (a speaker's short turns are not joined across a
/// window's edge). Empty when the document has no window.
pub fn collect_windows(windows: &mut Windows<'_>, options: &[UnitOptions]) -> Vec<DocumentUnits> {
    let mut docs: Vec<DocumentUnits> = Vec::new();
    while let Some(window) = windows.next() {
        for (k, o) in options.iter().enumerate() {
            let units = collect(&window, o);
            match docs.get_mut(k) {
                None => docs.push(units),
                Some(d) => d.append(units),
            }
        }
        if window.is_last() {
            break;
        }
    }
    docs
}

impl DocumentUnits {
    /// Adds the units of the document's next window (what [`collect_windows`] does window by
    /// window, for a caller that reads the windows itself).
    pub fn append(&mut self, other: DocumentUnits) {
        let mut index: HashMap<String, u32> = (self.keys.iter().enumerate())
            .map(|(i, k)| (k.clone(), i as u32))
            .collect();
        let remap: Vec<u32> = other
            .keys
            .into_iter()
            .map(|k| {
                let next = self.keys.len() as u32;
                *index.entry(k.clone()).or_insert_with(|| {
                    self.keys.push(k);
                    next
                })
            })
            .collect();
        for ((key, form), n) in other.forms {
            *self.forms.entry((remap[key as usize], form)).or_insert(0) += n;
        }
        for mut d in other.drafts {
            for k in &mut d.keys {
                *k = remap[*k as usize];
            }
            d.keys.sort_unstable();
            d.keys.dedup();
            self.drafts.push(d);
        }
        self.texts.extend(other.texts);
    }
}

/// A document of the corpus.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DocumentInfo {
    /// Its id.
    pub id: String,
    /// Its metadata.
    pub metadata: BTreeMap<String, String>,
}

/// One unit classified: one segment, or segments merged.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UnitRecord {
    /// Its document (index into [`Corpus::documents`]).
    pub document: u32,
    /// Its speaker's label.
    pub speaker: Option<String>,
    /// Its speaker's role.
    pub role: Role,
    /// From its first byte to its last, in the document's text.
    pub span: Span,
    /// Its pieces (one per turn it takes text from).
    pub pieces: Vec<Span>,
    /// Words in it.
    pub words: u32,
    /// Its text, pieces joined by ` […] `.
    pub text: String,
    /// The themes (lexicon order) it has a counted hit of.
    pub themes: Vec<u32>,
    /// The analyzer's segments it is made of: (index in the document, span).
    pub segments: Vec<(u32, Span)>,
}

/// The corpus of units and their binary unit × form matrix, built document by document in input
/// order (so that form numbers, and everything after, do not depend on threads).
#[derive(Debug, Clone, Default)]
pub struct Corpus {
    documents: Vec<DocumentInfo>,
    units: Vec<UnitRecord>,
    matrix: Csr,
    keys: Vec<String>,
    key_index: HashMap<String, u32>,
    key_forms: Vec<HashMap<String, u64>>,
    themes: Vec<String>,
}

impl Corpus {
    /// An empty corpus.
    pub fn new() -> Corpus {
        Corpus::default()
    }

    /// Adds a document's units.
    pub fn add(&mut self, doc: DocumentUnits) {
        if self.themes.is_empty() {
            self.themes = doc.themes;
        }
        let global: Vec<u32> = doc
            .keys
            .into_iter()
            .map(|k| {
                if let Some(&g) = self.key_index.get(&k) {
                    return g;
                }
                let g = self.keys.len() as u32;
                self.keys.push(k.clone());
                self.key_index.insert(k, g);
                self.key_forms.push(HashMap::new());
                g
            })
            .collect();
        for ((key, form), n) in doc.forms {
            *self.key_forms[global[key as usize] as usize]
                .entry(form)
                .or_insert(0) += n;
        }
        let document = self.documents.len() as u32;
        self.documents.push(DocumentInfo {
            id: doc.id,
            metadata: doc.metadata,
        });
        let mut row = Vec::new();
        for (d, text) in doc.drafts.into_iter().zip(doc.texts) {
            row.clear();
            row.extend(d.keys.iter().map(|&k| global[k as usize]));
            self.matrix.push_row(&mut row);
            self.units.push(UnitRecord {
                document,
                speaker: d.speaker,
                role: d.role,
                span: Span {
                    start: d.pieces[0].start,
                    end: d.pieces[d.pieces.len() - 1].end,
                },
                pieces: d.pieces,
                words: d.words,
                text,
                themes: d.themes,
                segments: d.segments,
            });
        }
    }

    /// The documents, in input order.
    pub fn documents(&self) -> &[DocumentInfo] {
        &self.documents
    }

    /// The units, in input order (rows of the matrix).
    pub fn units(&self) -> &[UnitRecord] {
        &self.units
    }

    /// The binary unit × form matrix.
    pub fn matrix(&self) -> &Csr {
        &self.matrix
    }

    /// The forms (stems or word forms) of the matrix's columns.
    pub fn keys(&self) -> &[String] {
        &self.keys
    }

    /// How a form is shown: its most frequent word form (the first in alphabetical order on a tie).
    pub fn label(&self, key: u32) -> &str {
        self.key_forms[key as usize]
            .iter()
            .min_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)))
            .map_or(self.keys[key as usize].as_str(), |(f, _)| f.as_str())
    }

    /// The theme ids of the lexicon the documents were analysed with.
    pub fn themes(&self) -> &[String] {
        &self.themes
    }
}
