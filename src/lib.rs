//! entretien: French interview transcripts to typed, quotable evidence.

pub mod aggregate;
pub mod analyzer;
pub mod corpus;
pub mod error;
pub mod kwic;
pub mod lexicon;
pub mod matcher;
pub mod negation;
pub mod normalize;
pub mod score;
pub mod segment;
pub mod span;
pub mod stats;
pub mod stem;
pub mod stopwords;
pub mod tokenize;
pub mod transcript;
pub mod vocab;

pub use error::{Error, ErrorKind, Result};
pub use lexicon::{Entry, EntryKind, Lexicon, Theme};
pub use normalize::Normalizer;
pub use span::Span;
pub use tokenize::{Token, TokenKind, Tokenizer};
pub use transcript::{Format, ReadOptions, Role, Transcript, Turn};
