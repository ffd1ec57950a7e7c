//! The one text pipeline: tokenize → normalise → split elisions → stem.
//!
//! Every consumer (the matcher and lexicon compilation, vocabularies, concordances) borrows the same
//! [`TextPipeline`], so a lexicon entry and a word of a transcript always meet in the same form.

pub mod function_words;
pub mod normalize;
mod pipeline;
pub mod stem;
pub mod stopwords;
pub mod tokenize;

pub use pipeline::{has_bare_capital, strip_accents, TextPipeline};
