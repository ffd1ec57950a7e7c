//! Coded passages that ship with the default codebook, for learned coders to start from.
//!
//! A study rarely codes more than a hundred passages by hand, and coders learned from so few only
//! repeat the lexicon. The default codebook comes with 720 passages coded against its 14 theme
//! definitions (six sets of 120, each coded by two coders working apart; their README in
//! `src/learn/reference/` says how they were made, and that they are not human data). When a study
//! codes with those themes, [`learn_with_reference`](super::learn_with_reference) adds them to the
//! training side of every split: they teach the coders more ways each theme is said, and are never
//! measured, so the cross-validated figures stay those of the study's own passages.
//!
//! ```
//! use entretien::learn::reference_passages;
//! use entretien::{Lexicon, Theme};
//!
//! let reference = reference_passages(&Lexicon::default_french()).unwrap();
//! assert_eq!(reference.items.len(), 720);
//! assert_eq!(reference.coders, ["reference:coder_c", "reference:coder_d"]);
//! // Another codebook's themes were not coded in them.
//! let own = Lexicon { name: None, themes: vec![Theme::new("fatigue").with_entries(["fatigue"])] };
//! assert!(reference_passages(&own).is_none());
//! ```

use crate::agreement::CodedSet;
use crate::coded::{parse_coded, CodedFormat};
use crate::Lexicon;

/// The reference passages' files, in the order they are read.
const FILES: [(&str, &str); 12] = [
    ("set1.coder_c", include_str!("reference/set1.coder_c.jsonl")),
    ("set1.coder_d", include_str!("reference/set1.coder_d.jsonl")),
    ("set2.coder_c", include_str!("reference/set2.coder_c.jsonl")),
    ("set2.coder_d", include_str!("reference/set2.coder_d.jsonl")),
    ("set3.coder_c", include_str!("reference/set3.coder_c.jsonl")),
    ("set3.coder_d", include_str!("reference/set3.coder_d.jsonl")),
    ("set4.coder_c", include_str!("reference/set4.coder_c.jsonl")),
    ("set4.coder_d", include_str!("reference/set4.coder_d.jsonl")),
    ("set6.coder_c", include_str!("reference/set6.coder_c.jsonl")),
    ("set6.coder_d", include_str!("reference/set6.coder_d.jsonl")),
    ("set7.coder_c", include_str!("reference/set7.coder_c.jsonl")),
    ("set7.coder_d", include_str!("reference/set7.coder_d.jsonl")),
];

/// Prefix of the reference passages' coders and documents, so that neither is ever taken for a
/// study's own.
pub const PREFIX: &str = "reference:";

/// The reference passages, when `lexicon`'s themes are all themes of the default codebook with
/// the same definitions (its entries may differ); `None` otherwise, since the passages were coded
/// against those definitions and no others.
pub fn reference_passages(lexicon: &Lexicon) -> Option<CodedSet> {
    let default = Lexicon::default_french();
    let coded_as_default = !lexicon.themes.is_empty()
        && lexicon.themes.iter().all(|theme| {
            default
                .themes
                .iter()
                .any(|d| d.id == theme.id && d.definition == theme.definition)
        });
    if !coded_as_default {
        return None;
    }
    let mut passages = Vec::new();
    for (name, text) in FILES {
        let read = parse_coded(text, CodedFormat::Jsonl)
            .unwrap_or_else(|e| panic!("the bundled reference passages {name} do not parse: {e}"));
        passages.extend(read.passages.into_iter().map(|mut p| {
            p.coder = p.coder.map(|c| format!("{PREFIX}{c}"));
            p.document = p.document.map(|d| format!("{PREFIX}{d}"));
            p
        }));
    }
    Some(CodedSet::new(passages))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_reference_passage_is_coded_twice_with_the_default_themes() {
        let set = reference_passages(&Lexicon::default_french()).unwrap();
        assert!(set.warnings.is_empty(), "{:?}", set.warnings);
        let themes: Vec<String> = Lexicon::default_french()
            .themes
            .iter()
            .map(|t| t.id.clone())
            .collect();
        for item in &set.items {
            assert_eq!(item.codings.len(), 2, "{}", item.id);
            assert!(item.document.as_deref().unwrap().starts_with(PREFIX));
            for c in &item.codings {
                assert!(c.themes.iter().chain(&c.denied).all(|t| themes.contains(t)));
            }
        }
    }

    #[test]
    fn a_changed_definition_leaves_them_out() {
        let mut lexicon = Lexicon::default_french();
        lexicon.themes[0].definition = "Autre chose.".into();
        assert!(reference_passages(&lexicon).is_none());
        // Fewer themes, same definitions: still the default's.
        let mut fewer = Lexicon::default_french();
        fewer.themes.truncate(3);
        assert!(reference_passages(&fewer).is_some());
    }
}
