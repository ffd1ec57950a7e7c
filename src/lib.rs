//! entretien turns French interview transcripts into typed, quotable evidence.
//!
//! Read transcripts as people have them (labelled text, IRaMuTeQ, WebVTT/SRT, Transcriber, Praat
//! TextGrid, JSON Lines, Word .docx, OpenDocument .odt), tokenize spoken French into byte spans of the
//! original text, stem, and score
//! the themes of a codebook per document, speaker, turn, sentence or segment, knowing who speaks and
//! what is negated, with the passages behind every score.
//!
//! ```
//! use entretien::{Analyzer, EvidenceMode, Lexicon, Transcript};
//! use entretien::transcript::{parse_str, Format, ReadOptions};
//!
//! let text = "Enquêtrice : Vous sentez-vous isolée ?\n\
//!             Agent : Oui, depuis la dématérialisation je suis seule devant mon écran.\n\
//!             Enquêtrice : Et le stress ?\n\
//!             Agent : Je ne suis pas stressée. Mais on ne fait que cliquer.\n";
//! let interview = parse_str(text, Format::Plain, "ent01", &ReadOptions::default())?.remove(0);
//!
//! // Build once (the embedded French codebook here), share across threads.
//! let analyzer = Analyzer::builder().build(&Lexicon::default_french())?;
//! let score = analyzer.analyze(&interview, &mut analyzer.scratch()).score(EvidenceMode::Include);
//!
//! // The interviewer's question about isolation does not count; the respondent's words do.
//! assert_eq!(score.theme("isolement").unwrap().hits, 1);
//! // "je ne suis pas stressée" is a negated hit, reported apart and left out of the score.
//! assert_eq!(score.theme("charge_de_travail").unwrap().negated, 1);
//! assert_eq!(score.theme("charge_de_travail").unwrap().hits, 0);
//! // `ne … que` is not a negation: routine work is coded.
//! assert_eq!(score.theme("routinisation").unwrap().hits, 1);
//! // Every hit comes with its byte span in the original text and a snippet to quote.
//! let quote = score.evidence.iter().find(|e| e.theme == "isolement").unwrap();
//! assert_eq!(&interview.text[quote.span.range()], "je suis seule");
//! # Ok::<(), entretien::Error>(())
//! ```
//!
//! The pipeline, in order: [`transcript`] readers → the one [`text`] pipeline ([`TextPipeline`]:
//! tokenize, normalise, split elisions, stem) → [`matcher`] (+ [`negation`]) → one
//! [`analysis::DocumentAnalysis`] per document, which [`score`], [`aggregate`], [`vocab`], [`kwic`] and
//! [`tables`] all read; the counting rules live in [`counting`]. [`corpus`] runs it over many files in
//! parallel; [`stats`] computes keyness. `docs/DESIGN.md` sets out where each rule lives, the span
//! model, and the match and scoring rules.

#![deny(missing_docs)]

pub mod aggregate;
pub mod agreement;
pub mod analysis;
pub mod analyzer;
pub mod classes;
pub mod coded;
pub mod corpus;
pub mod counting;
mod csv_text;
pub mod disclaimer;
pub mod error;
mod fxhash;
pub mod group;
pub mod kwic;
pub mod learn;
pub mod lexicon;
pub mod matcher;
pub mod metadata;
pub mod negation;
pub mod refi_qda;
pub mod report;
pub mod score;
pub mod segment;
pub mod span;
pub mod stats;
pub mod tables;
pub mod text;
pub mod transcript;
pub mod vocab;

pub use aggregate::Aggregate;
pub use analysis::DocumentAnalysis;
pub use analyzer::{Analyzer, Scratch, SpeakerFilter};
pub use counting::NegationMode;
pub use error::{Error, ErrorKind, Position, Result};
pub use group::GroupBy;
pub use lexicon::{Entry, EntryKind, Lexicon, Theme, ThemeNegation};
pub use score::{DocumentScore, Evidence, EvidenceMode, RowOptions, Unit, UnitScore};
pub use span::Span;
pub use text::normalize::Normalizer;
pub use text::stem::{StemCache, Stemmer};
pub use text::stopwords::Stopwords;
pub use text::tokenize::{Token, TokenKind, Tokenizer};
pub use text::TextPipeline;
pub use transcript::{Format, ReadOptions, Reader, Role, SpeakerId, Transcript, Turn};

#[cfg(test)]
mod tests {
    fn send_sync<T: Send + Sync>() {}

    #[test]
    fn shared_types_are_send_and_sync() {
        send_sync::<crate::Analyzer>();
        send_sync::<crate::Tokenizer>();
        send_sync::<crate::Normalizer>();
        send_sync::<crate::Stemmer>();
        send_sync::<crate::Stopwords>();
        send_sync::<crate::Lexicon>();
        send_sync::<crate::Reader>();
        send_sync::<crate::matcher::Matcher>();
        send_sync::<crate::vocab::VocabCounter>();
        send_sync::<crate::Aggregate>();
        send_sync::<crate::Transcript>();
        send_sync::<crate::Error>();
    }
}

/// The README's Rust example, compiled and run as a doctest.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
pub struct ReadmeDoctests;
