//! Checks that an aggregate read from a file holds counts a corpus could give.

use super::{Aggregate, ThemeTotals};
use crate::error::{Error, Result};
use std::collections::BTreeMap;

impl Aggregate {
    /// Checks that the counts could come from a corpus: every count below 2^53 (so that merging
    /// any realistic number of parts cannot overflow), no more documents or segments coded than there
    /// are, indicator counts that add up to the hits, group words that add up to the words, a
    /// co-occurrence cell for every pair of themes and none above its segments, vocabulary counts
    /// (and their sums per stem) below 2^53.
    pub fn validate(&self) -> Result<()> {
        const MAX: u64 = 1 << 53;
        let fail = |what: String| {
            Err(Error::data(
                None,
                format!("not a consistent entretien aggregate: {what}"),
            ))
        };
        if self.version != super::AGGREGATE_VERSION {
            return fail(format!(
                "its format is version {}, this entretien reads version {}",
                self.version,
                super::AGGREGATE_VERSION
            ));
        }
        for (what, n) in [
            ("documents", self.documents),
            ("words", self.words),
            ("words set apart", self.words_set_apart),
        ] {
            if n > MAX {
                return fail(format!("{n} {what} is more than any corpus holds"));
            }
        }
        let check_themes = |place: &str, documents: u64, themes: &BTreeMap<String, ThemeTotals>| {
            for (id, t) in themes {
                if !self.theme_ids.contains(id) {
                    return fail(format!("{place}: theme {id:?} is not among its theme ids"));
                }
                if t.hits > MAX || t.negated > MAX || t.segments_coded > t.hits + t.negated {
                    return fail(format!(
                        "{place}: theme {id} has {} segments coded for {} hits and {} negated",
                        t.segments_coded, t.hits, t.negated
                    ));
                }
                if t.documents_coded > documents {
                    return fail(format!(
                        "{place}: theme {id} is coded in {} documents of {documents}",
                        t.documents_coded
                    ));
                }
                let terms: u64 = t.terms.values().fold(0u64, |a, &b| a.saturating_add(b));
                if terms != t.hits {
                    return fail(format!(
                        "{place}: the indicators of theme {id} add up to {terms} hits, not {}",
                        t.hits
                    ));
                }
            }
            Ok(())
        };
        check_themes("corpus", self.documents, &self.themes)?;
        let mut group_words = 0u64;
        for (name, g) in &self.groups {
            if g.documents > self.documents {
                return fail(format!(
                    "group {name} has {} documents of {}",
                    g.documents, self.documents
                ));
            }
            group_words = group_words.saturating_add(g.words);
            check_themes(&format!("group {name}"), g.documents, &g.themes)?;
        }
        if !self.groups.is_empty() && group_words != self.words {
            return fail(format!(
                "the groups hold {group_words} words, the corpus {}",
                self.words
            ));
        }
        if self.cooccurrence.themes() != self.theme_ids.as_slice() {
            return fail("its co-occurrence table is over other themes".into());
        }
        self.validate_cooccurrence(MAX).map_err(|what| {
            Error::data(
                None,
                format!("not a consistent entretien aggregate: {what}"),
            )
        })?;
        if let Some(vocabulary) = &self.vocabulary {
            let tables = std::iter::once(("total", vocabulary.total())).chain(vocabulary.groups());
            for (place, table) in tables {
                if table.documents() > MAX || table.tokens() > MAX {
                    return fail(format!("vocabulary {place}: counts beyond any corpus"));
                }
                // Bounding the sum of the form counts first keeps `stems` (which adds them up per
                // stem) from overflowing.
                let mut freq = 0u64;
                for f in table.forms() {
                    if f.doc_freq > MAX {
                        return fail(format!(
                            "vocabulary {place}: form {:?} in {} documents",
                            f.form, f.doc_freq
                        ));
                    }
                    freq = freq.saturating_add(f.freq);
                }
                if freq > MAX {
                    return fail(format!("vocabulary {place}: its forms occur {freq} times"));
                }
                for s in table.stems() {
                    if s.freq > MAX || s.doc_freq > MAX {
                        return fail(format!(
                            "vocabulary {place}: stem {:?} counts beyond any corpus",
                            s.stem
                        ));
                    }
                }
            }
        }
        Ok(())
    }

    /// The co-occurrence table has one cell per pair of themes (diagonal included), and no cell
    /// counts more segments than it has, nor more than `max`: a short or overflowing table read
    /// from a file would otherwise panic in [`Cooccurrence::pair`] or when merged. Its fields are
    /// private to `stats`, so the check reads its serialised form.
    fn validate_cooccurrence(&self, max: u64) -> std::result::Result<(), String> {
        let co = &self.cooccurrence;
        let segments = co.segments();
        if segments > max {
            return Err(format!(
                "{segments} co-occurrence segments is more than any corpus holds"
            ));
        }
        let n = co.themes().len();
        let cells = n.checked_mul(n + 1).map(|c| c / 2);
        let value = serde_json::to_value(co).map_err(|e| e.to_string())?;
        let counts = value.get("counts").and_then(|c| c.as_array());
        match (counts, cells) {
            (Some(counts), Some(cells)) if counts.len() == cells => {
                for c in counts {
                    match c.as_u64() {
                        Some(c) if c <= segments => {}
                        _ => {
                            return Err(format!(
                                "a co-occurrence count {c} beyond its {segments} segments"
                            ))
                        }
                    }
                }
                Ok(())
            }
            (counts, _) => Err(format!(
                "its co-occurrence table has {} cells for {n} themes",
                counts.map_or(0, |c| c.len())
            )),
        }
    }
}
