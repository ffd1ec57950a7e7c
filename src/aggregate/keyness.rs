//! The keyness of themes, stems and forms in each group against the other groups.

use super::{Aggregate, ThemeTotals};
use crate::counting::per_1000;
use crate::error::Result;
use crate::stats::{self, Keyness, Table};
use serde::{Deserialize, Serialize};

impl Aggregate {
    /// For each group and theme, the theme's keyness in the group against the other groups: rows
    /// group by group (in name order), themes in lexicon order.
    ///
    /// Corpus totals are summed once, so the table takes time linear in groups × themes.
    pub fn theme_keyness(&self) -> Vec<KeynessRow> {
        self.theme_keyness_where(|_| true)
    }

    /// [`Aggregate::theme_keyness`] of the groups `keep` accepts (against all the others).
    pub fn theme_keyness_where(&self, keep: impl Fn(&str) -> bool) -> Vec<KeynessRow> {
        // Keyness needs counts: a net count below zero (subtract) counts as none.
        let mode = self.negation();
        let count = |t: &ThemeTotals| t.counted(mode).max(0) as u64;
        let mut totals = vec![0u64; self.theme_ids.len()];
        let mut all_words = 0u64;
        for g in self.groups.values() {
            all_words += g.words;
            for (total, id) in totals.iter_mut().zip(&self.theme_ids) {
                *total += g.themes.get(id).map_or(0, count);
            }
        }
        let mut rows = Vec::with_capacity(self.groups.len() * self.theme_ids.len());
        for (group, g) in self.groups.iter().filter(|(name, _)| keep(name)) {
            let rest_words = all_words - g.words;
            for (id, &total) in self.theme_ids.iter().zip(&totals) {
                let a = g.themes.get(id).map_or(0, count);
                rows.push(KeynessRow::new(
                    "theme",
                    group,
                    id,
                    a,
                    g.words,
                    total - a,
                    rest_words,
                ));
            }
        }
        rows
    }

    /// For each group, the keyness of stems (occurring at least `min_freq` times in the group) against
    /// the other groups, most specific first. Empty without a vocabulary.
    pub fn term_keyness(&self, min_freq: u64) -> Vec<KeynessRow> {
        self.term_keyness_of(TermLevel::Stem, min_freq)
    }

    /// [`Aggregate::term_keyness`] for stems or for forms (normalised word forms). Stopwords are
    /// left out: a stem is one when all its forms are.
    pub fn term_keyness_of(&self, level: TermLevel, min_freq: u64) -> Vec<KeynessRow> {
        let Some(vocab) = &self.vocabulary else {
            return Vec::new();
        };
        let total = vocab.total();
        let mut rows = Vec::new();
        for (group, table) in vocab.groups() {
            let n1 = table.tokens();
            let n2 = total.tokens().saturating_sub(n1);
            // (item, frequency in the group, frequency in the whole corpus), stopwords left out.
            let counts: Vec<(String, u64, u64)> = match level {
                TermLevel::Stem => table
                    .stems()
                    .into_iter()
                    .filter(|s| !s.stopword)
                    .map(|s| {
                        let all = total.stem(&s.stem).map_or(s.freq, |(f, _)| f);
                        (s.stem, s.freq, all)
                    })
                    .collect(),
                TermLevel::Form => table
                    .forms()
                    .into_iter()
                    .filter(|f| !f.stopword)
                    .map(|f| {
                        let all = total.form(&f.form).map_or(f.freq, |(n, _)| n);
                        (f.form, f.freq, all)
                    })
                    .collect(),
            };
            let mut group_rows: Vec<KeynessRow> = counts
                .into_iter()
                .filter(|&(_, freq, _)| freq >= min_freq)
                .map(|(item, freq, all)| {
                    KeynessRow::new(
                        level.as_str(),
                        group,
                        &item,
                        freq,
                        n1,
                        all.saturating_sub(freq),
                        n2,
                    )
                })
                .collect();
            group_rows.sort_by(|x, y| {
                y.keyness
                    .lafon
                    .total_cmp(&x.keyness.lafon)
                    .then_with(|| x.item.cmp(&y.item))
            });
            rows.extend(group_rows);
        }
        rows
    }
}

/// Which terms group specificities are computed on.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum TermLevel {
    /// Snowball stems: `isolé`, `isolée`, `isolement` count together.
    #[default]
    Stem,
    /// Normalised word forms, as IRaMuTeQ's specificities on forms.
    Form,
}

impl TermLevel {
    /// `stem` or `form`, the `kind` of its keyness rows.
    pub fn as_str(self) -> &'static str {
        match self {
            TermLevel::Stem => "stem",
            TermLevel::Form => "form",
        }
    }
}

impl std::fmt::Display for TermLevel {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// `stems` or `forms` (`stem`, `form` too).
impl std::str::FromStr for TermLevel {
    type Err = crate::Error;

    fn from_str(s: &str) -> Result<TermLevel> {
        match s {
            "stems" | "stem" => Ok(TermLevel::Stem),
            "forms" | "form" => Ok(TermLevel::Form),
            _ => Err(crate::Error::config(format!(
                "unknown terms {s:?} (expected stems or forms)"
            ))),
        }
    }
}

/// The keyness of one item (a theme, a stem or a form) in one group against the other groups.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct KeynessRow {
    /// `theme`, `stem` or `form`.
    pub kind: String,
    /// The group.
    pub group: String,
    /// The theme, stem or form.
    pub item: String,
    /// Occurrences per 1,000 words in the group, and in the other groups.
    pub per_1000: f64,
    /// Occurrences per 1,000 words in the other groups.
    pub per_1000_rest: f64,
    /// Counts (`target`: the group, `reference`: the other groups) and scores.
    #[serde(flatten)]
    pub keyness: Keyness,
}

impl KeynessRow {
    fn new(kind: &str, group: &str, item: &str, a: u64, n1: u64, b: u64, n2: u64) -> KeynessRow {
        // Counts come from one corpus, so the table is consistent; a degenerate one scores zero.
        let keyness = Table::new(a, n1.max(a), b, n2.max(b))
            .map(|t| stats::keyness(&t))
            .unwrap_or(Keyness {
                target: a,
                target_total: n1,
                reference: b,
                reference_total: n2,
                expected: 0.0,
                chi2: 0.0,
                g2: 0.0,
                lafon: 0.0,
            });
        KeynessRow {
            kind: kind.to_string(),
            group: group.to_string(),
            item: item.to_string(),
            per_1000: per_1000(a as i64, n1),
            per_1000_rest: per_1000(b as i64, n2),
            keyness,
        }
    }
}
