//! [`TextPipeline`]: the chain every consumer borrows.

use super::normalize::Normalizer;
use super::stem::{split_elision, StemCache, Stemmer};
use super::tokenize::{TokenKind, Tokenizer, Tokens};
use std::borrow::Cow;

/// Tokenizer → normaliser (case, apostrophes, NFC, optional accent folding) → elision → stem.
///
/// Built once (by the [`crate::Analyzer`], which owns one) and borrowed by the matcher, lexicon
/// compilation, vocabularies and concordances, so that text and lexicon entries always meet in one
/// form. `Send + Sync`.
///
/// ```
/// use entretien::text::TextPipeline;
///
/// let pipeline = TextPipeline::french();
/// let forms: Vec<String> = pipeline.words("L’Isolement, l'isolée").map(|w| w.1).collect();
/// assert_eq!(forms, ["l'", "isolement", ",", "l'", "isolée"]);
/// assert_eq!(pipeline.stem("isolement"), "isol");
/// assert_eq!(pipeline.stem("l'isolée"), "isol"); // the elided clitic is split off first
///
/// let folding = TextPipeline::french().fold_accents(true);
/// assert_eq!(folding.normalize("Numérique"), "numerique");
/// ```
#[derive(Debug, Default)]
pub struct TextPipeline {
    tokenizer: Tokenizer,
    normalizer: Normalizer,
    stemmer: Stemmer,
}

impl TextPipeline {
    /// The French pipeline, accents kept.
    pub fn french() -> TextPipeline {
        TextPipeline::default()
    }

    /// Strips accents in the normalised form when `yes` (`é` → `e`), for text and lexicon alike.
    pub fn fold_accents(mut self, yes: bool) -> TextPipeline {
        self.normalizer = Normalizer::new().fold_accents(yes);
        self
    }

    /// Whether the normalised forms are stripped of accents.
    pub fn folds_accents(&self) -> bool {
        self.normalizer.folds_accents()
    }

    /// The tokenizer (first step).
    pub fn tokenizer(&self) -> &Tokenizer {
        &self.tokenizer
    }

    /// The normaliser (second step).
    pub fn normalizer(&self) -> &Normalizer {
        &self.normalizer
    }

    /// The stemmer (last step).
    pub fn stemmer(&self) -> &Stemmer {
        &self.stemmer
    }

    /// The tokens of `text`, lazily.
    pub fn tokens<'t>(&self, text: &'t str) -> Tokens<'t> {
        self.tokenizer.tokens(text)
    }

    /// The normalised form of a token's text.
    pub fn normalize<'t>(&self, raw: &'t str) -> Cow<'t, str> {
        self.normalizer.normalize(raw)
    }

    /// The stem of a normalised form, an elided clitic split off first (`l'isolée` → `isol`).
    pub fn stem(&self, norm: &str) -> String {
        let (_, rest) = split_elision(norm);
        self.stemmer.stem_uncached(rest)
    }

    /// [`TextPipeline::stem`] through a per-worker cache.
    pub fn stem_cached<'c>(&self, cache: &'c mut StemCache, norm: &str) -> &'c str {
        let (_, rest) = split_elision(norm);
        cache.stem(&self.stemmer, rest)
    }

    /// The tokens of a short text (a lexicon entry, a search pattern) with their normalised forms.
    pub fn words<'t>(&'t self, text: &'t str) -> impl Iterator<Item = (TokenKind, String)> + 't {
        self.tokenizer
            .tokens(text)
            .map(|t| (t.kind, self.normalizer.normalize(t.text).into_owned()))
    }
}

/// Whether a raw token has an unaccented capital of a letter that French accents (`Eglise`,
/// `ETAT`): typography often drops accents on capitals, so such a token is compared with the
/// lexicon and search patterns without accents.
pub fn has_bare_capital(raw: &str) -> bool {
    raw.bytes()
        .any(|b| matches!(b, b'A' | b'C' | b'E' | b'I' | b'O' | b'U' | b'Y'))
}

/// `norm` without accents (`état` → `etat`), borrowed when it has none.
pub fn strip_accents(norm: &str) -> Cow<'_, str> {
    if norm.is_ascii() {
        return Cow::Borrowed(norm);
    }
    Normalizer::new().fold_accents(true).normalize(norm)
}
