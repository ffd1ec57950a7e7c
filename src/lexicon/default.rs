//! The embedded default French codebook: `corpora/lexicons/default.toml`.
//!
//! Fourteen themes for studies of digital change in public-sector work
//! (`efficience`, `isolement`, `perte_de_sens`, `routinisation`, `relations`,
//! `modernisation`, `maitrise_budgetaire`, `environnement`, `dematerialisation`,
//! `accompagnement`, `reorganisation`, `nouveaux_metiers`, `service_usagers`,
//! `charge_de_travail`), each with a label, a definition, stem, exact, prefix and
//! phrase indicators, and exclusions for known traps. Read the file for the
//! coding choices; copy it to start your own codebook
//! (`entretien lexicon export --format toml > mon_codebook.toml`).
//!
//! ```
//! let lexicon = entretien::Lexicon::default_french();
//! assert!(lexicon.theme("isolement").is_some());
//! ```

use super::Lexicon;

/// The source text of the default codebook (native TOML).
pub const DEFAULT_FRENCH_TOML: &str = include_str!("../../corpora/lexicons/default.toml");

/// The theme ids of the default codebook, in order.
pub const DEFAULT_THEME_IDS: [&str; 14] = [
    "efficience",
    "isolement",
    "perte_de_sens",
    "routinisation",
    "relations",
    "modernisation",
    "maitrise_budgetaire",
    "environnement",
    "dematerialisation",
    "accompagnement",
    "reorganisation",
    "nouveaux_metiers",
    "service_usagers",
    "charge_de_travail",
];

/// Parses the embedded default codebook.
pub(crate) fn default_french() -> Lexicon {
    match super::native::parse(DEFAULT_FRENCH_TOML) {
        Ok(report) => report.lexicon,
        // The file is part of the crate and parsed by the test suite
        // (tests/lexicon_formats.rs), so this arm is never taken in a release.
        Err(e) => unreachable!("the embedded default lexicon is invalid: {e}"),
    }
}
