//! Function-word groups: inside a phrase entry, a function word matches every form of its group, so
//! `perte de sens` finds *perte du sens* and `chacun dans son coin` finds *chacun dans ses coins*.
//!
//! ```
//! use entretien::text::function_words::variants;
//! assert_eq!(variants("du"), Some(&["de", "du", "des", "d'"][..]));
//! assert_eq!(variants("ses"), Some(&["son", "sa", "ses"][..]));
//! assert_eq!(variants("n"), Some(&["ne", "n'"][..]));
//! assert_eq!(variants("sens"), None);
//! ```

/// The groups. An elided form (`d'`) belongs to the group of its full form.
const GROUPS: &[&[&str]] = &[
    &["de", "du", "des", "d'"],
    &["le", "la", "les", "l'"],
    &["à", "au", "aux"],
    &["un", "une"],
    &["ce", "cet", "cette", "ces", "c'"],
    &["mon", "ma", "mes"],
    &["ton", "ta", "tes"],
    &["son", "sa", "ses"],
    &["notre", "nos"],
    &["votre", "vos"],
    &["leur", "leurs"],
    &["ne", "n'"],
    &["que", "qu'"],
    &["se", "s'"],
    &["je", "j'"],
    &["me", "m'"],
    &["te", "t'"],
];

/// The index of the group of a normalised form (`d` and `d'` are the same word), if it is a
/// function word.
pub fn group(norm: &str) -> Option<usize> {
    // No function word is longer than 5 bytes: most words are ruled out at once.
    if norm.len() > 6 {
        return None;
    }
    let bare = norm.strip_suffix('\'').unwrap_or(norm);
    GROUPS.iter().position(|group| {
        group
            .iter()
            .any(|w| *w == bare || w.strip_suffix('\'') == Some(bare))
    })
}

/// The number of groups (group indices are below it).
pub fn group_count() -> usize {
    GROUPS.len()
}

/// The forms a function word matches inside a phrase; `None` for other words, which match by stem.
pub fn variants(norm: &str) -> Option<&'static [&'static str]> {
    group(norm).map(|g| GROUPS[g])
}
