//! Vocabulary listings: the most frequent forms (or stems) of the corpus and of each group, as rows
//! and as text.
//!
//! ```
//! use entretien::aggregate::TermLevel;
//! use entretien::tables::vocab::listings;
//! use entretien::vocab::{VocabCounter, VocabScratch, Vocabulary};
//!
//! let (counter, mut scratch, mut vocab) = (VocabCounter::new(), VocabScratch::new(), Vocabulary::new());
//! counter.count_text(&mut scratch, "Les outils, les outils numériques.", None, &mut vocab);
//! let all = &listings(&vocab, TermLevel::Form, false, 10)[0];
//! assert_eq!(all.group, "all");
//! assert_eq!(all.rows[0].form.as_deref(), Some("outils")); // `les` is a stopword, left out
//! assert_eq!(all.rows[0].record(), ["all", "outils", "outil", "false", "2", "1"]);
//! ```

use crate::aggregate::TermLevel;
use crate::vocab::{VocabTable, Vocabulary};
use serde::Serialize;
use std::fmt::Write as _;

/// One listed term. Serialised with `form` and `stem` for forms, `stem` alone for stems.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct VocabRow {
    /// The group (`all` for the whole corpus).
    pub group: String,
    /// The normalised form, when forms are listed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub form: Option<String>,
    /// The stem (of the form, when forms are listed).
    pub stem: String,
    /// Whether it is a stopword (for a stem: most of its occurrences are stopwords).
    pub stopword: bool,
    /// Occurrences.
    pub freq: u64,
    /// Documents it occurs in.
    pub doc_freq: u64,
}

/// The listed terms of one table: the corpus, or a group.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct VocabListing {
    /// `all`, or the group's name.
    pub group: String,
    /// Documents of the table.
    pub documents: u64,
    /// Words of the table.
    pub words: u64,
    /// Whether forms or stems are listed.
    pub kind: TermLevel,
    /// The terms listed, most frequent first.
    pub rows: Vec<VocabRow>,
}

/// The CSV columns of [`VocabRow::record`].
pub fn header(level: TermLevel) -> &'static [&'static str] {
    match level {
        TermLevel::Form => &["group", "form", "stem", "stopword", "freq", "doc_freq"],
        TermLevel::Stem => &["group", "stem", "stopword", "freq", "doc_freq"],
    }
}

impl VocabRow {
    /// The row's CSV record, in the columns of [`header`].
    pub fn record(&self) -> Vec<String> {
        let mut rec = vec![self.group.clone()];
        rec.extend(self.form.clone());
        rec.extend([
            self.stem.clone(),
            self.stopword.to_string(),
            self.freq.to_string(),
            self.doc_freq.to_string(),
        ]);
        rec
    }
}

/// The corpus (`all`), then each group: its `top` most frequent terms (0: all), stopwords included
/// or not.
pub fn listings(
    vocab: &Vocabulary,
    level: TermLevel,
    stopwords: bool,
    top: usize,
) -> Vec<VocabListing> {
    let tables = std::iter::once(("all", vocab.total())).chain(vocab.groups());
    tables
        .map(|(group, table)| listing(group, table, level, stopwords, top))
        .collect()
}

fn listing(
    group: &str,
    table: &VocabTable,
    level: TermLevel,
    stopwords: bool,
    top: usize,
) -> VocabListing {
    let row = |form, stem, stopword, freq, doc_freq| VocabRow {
        group: group.to_string(),
        form,
        stem,
        stopword,
        freq,
        doc_freq,
    };
    let rows: Vec<VocabRow> = match level {
        TermLevel::Stem => (table.stems().into_iter())
            .map(|s| row(None, s.stem, s.stopword, s.freq, s.doc_freq))
            .collect(),
        TermLevel::Form => (table.forms().into_iter())
            .map(|f| row(Some(f.form), f.stem, f.stopword, f.freq, f.doc_freq))
            .collect(),
    };
    let kept = rows.into_iter().filter(|r| stopwords || !r.stopword);
    VocabListing {
        group: group.to_string(),
        documents: table.documents(),
        words: table.tokens(),
        kind: level,
        rows: kept.take(if top == 0 { usize::MAX } else { top }).collect(),
    }
}

impl VocabListing {
    /// The listing as text: a title line, then one line per term with its stem (when it differs)
    /// and whether it is a stopword; a blank line ends it.
    pub fn render(&self) -> String {
        let what = self.kind.as_str();
        let mut out = format!(
            "{}: {} documents, {} words\n  {what:<24} {:>9} {:>9}\n",
            self.group, self.documents, self.words, "freq", "docs"
        );
        for r in &self.rows {
            let text = r.form.as_ref().unwrap_or(&r.stem);
            let _ = write!(out, "  {text:<24} {:>9} {:>9}", r.freq, r.doc_freq);
            if r.form.is_some() && !r.stem.is_empty() && r.stem != *text {
                let _ = write!(out, "  [{}]", r.stem);
            }
            out.push_str(if r.stopword { "  (stopword)\n" } else { "\n" });
        }
        out.push('\n');
        out
    }
}
