//! Lexical worlds: Reinert's descending hierarchical classification (the ALCESTE method,
//! IRaMuTeQ's CHD), which splits the segments of a corpus into classes that share a vocabulary
//! and describes each class by its characteristic forms, speakers, metadata, themes and typical
//! segments.
//!
//! ```
//! use entretien::classes::{classify, collect, ClassesConfig, Corpus};
//! use entretien::{Analyzer, Lexicon, Transcript};
//!
//! let analyzer = Analyzer::builder().build(&Lexicon::empty())?;
//! let mut scratch = analyzer.scratch();
//! let config = ClassesConfig::default().k(2);
//! let mut corpus = Corpus::new();
//! let garden = "Le jardin, les tomates, les salades et les fleurs du potager arrosées le soir.";
//! let office = "Le bureau, les dossiers, les logiciels et les écrans du service informatique.";
//! for i in 0..12 {
//!     let text = if i % 2 == 0 { garden } else { office };
//!     let t = Transcript::from_text(format!("d{i}"), text);
//!     corpus.add(collect(&analyzer.analyze(&t, &mut scratch), &config.units));
//! }
//! let classes = classify(&corpus, &config);
//! assert_eq!(classes.report.len(), 2);
//! // Documents of one subject land in one class.
//! let class_of = |d: usize| classes.dendrogram.class_of[d];
//! assert!((0..12).all(|d| class_of(d) == class_of(d % 2)));
//! assert_ne!(class_of(0), class_of(1));
//! // Each class is described by its characteristic forms.
//! let garden_class = &classes.report[class_of(0).unwrap() as usize - 1];
//! assert!(garden_class.forms.iter().any(|f| f.form == "jardin" && f.chi2 > 0.0));
//! # Ok::<(), entretien::Error>(())
//! ```
//!
//! The steps, one file each: [`units`] (segments of the scored turns, short ones merged, active
//! forms), [`matrix`] (the binary unit × form matrix, sparse), [`ca`] (the first axis of a
//! correspondence analysis), [`split`] (one split: cut along the axis, reassignment, `tsj` and
//! `cc_test`), [`chd`] (the largest class split next, the dendrogram), [`describe`] (what each
//! class is made of), [`render`] (the text a terminal shows) and [`double`] (two classifications
//! crossed, rainette2's double classification, and its best partitions).
//!
//! Everything runs on one thread, in index order, with ties broken by index: the classes are
//! the same, byte for byte, whatever the number of threads that analysed the documents.

pub mod ca;
pub mod chd;
pub mod describe;
pub mod double;
pub mod matrix;
pub mod render;
pub mod split;
pub mod units;

pub use chd::{chd, ChdConfig, Dendrogram};
pub use describe::{describe, ClassReport, DescribeOptions, FormRow, ModalityRow, TypicalSegment};
pub use matrix::Csr;
pub use units::{collect, collect_windows, Corpus, DocumentUnits, Terms, UnitOptions, UnitRecord};

use serde::{Deserialize, Serialize};

/// Every setting of a classification.
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize, Deserialize)]
#[non_exhaustive]
pub struct ClassesConfig {
    /// How the units are made.
    pub units: UnitOptions,
    /// The classification.
    pub chd: ChdConfig,
    /// What the description keeps.
    pub describe: DescribeOptions,
}

impl ClassesConfig {
    /// Sets the number of classes wanted.
    pub fn k(mut self, k: usize) -> Self {
        self.chd.k = k;
        self
    }
}

/// A classification and its description.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Classes {
    /// The settings.
    pub config: ClassesConfig,
    /// Units classified or not.
    pub units: usize,
    /// Forms in `tsj` units or more.
    pub active_forms: usize,
    /// The tree and each unit's class.
    pub dendrogram: Dendrogram,
    /// Each class, described.
    pub report: Vec<ClassReport>,
}

/// One analyzer segment and the class of its unit: a row of `segments.csv`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SegmentRow {
    /// Document id.
    pub document: String,
    /// Segment index in the document (as `score --unit segment` numbers them).
    pub segment: u32,
    /// The unit it belongs to (index over the corpus).
    pub unit: usize,
    /// Its class, `None` when unclassified.
    pub class: Option<u32>,
    /// Speaker label.
    pub speaker: Option<String>,
    /// First byte.
    pub start: usize,
    /// One past the last byte.
    pub end: usize,
}

/// Classifies the units of `corpus` and describes the classes.
pub fn classify(corpus: &Corpus, config: &ClassesConfig) -> Classes {
    let dendrogram = chd(corpus.matrix(), &config.chd);
    let report = describe(corpus, &dendrogram, &config.describe);
    let counts = corpus.matrix().col_counts();
    Classes {
        config: *config,
        units: corpus.units().len(),
        active_forms: counts
            .iter()
            .filter(|&&c| c >= config.chd.tsj.max(1))
            .count(),
        dendrogram,
        report,
    }
}

impl Classes {
    /// Units left unclassified.
    pub fn unclassified(&self) -> usize {
        self.dendrogram.unclassified().count()
    }

    /// Every analyzer segment of the units, in input order, with its class.
    pub fn segment_rows<'a>(&'a self, corpus: &'a Corpus) -> impl Iterator<Item = SegmentRow> + 'a {
        corpus.units().iter().enumerate().flat_map(move |(i, u)| {
            u.segments.iter().map(move |&(segment, span)| SegmentRow {
                document: corpus.documents()[u.document as usize].id.clone(),
                segment,
                unit: i,
                class: self.dendrogram.class_of[i],
                speaker: u.speaker.clone(),
                start: span.start,
                end: span.end,
            })
        })
    }
}
