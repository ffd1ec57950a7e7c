//! What researchers read of each class: its size, its characteristic forms, the metadata
//! modalities, speakers and themes over-represented in it, and its most typical segments.
//!
//! Every association is computed over the classified units with the 2×2 table of the units that
//! hold the form (modality, speaker, theme) in the class and outside it: signed Pearson χ² without
//! correction (positive when over-represented, as IRaMuTeQ lists them), its p-value (one degree of
//! freedom) and Lafon's specificity ([`crate::stats::lafon`]). Forms are listed when `p < 0.05`
//! (`|χ²| ≥ 3.84`), over-represented ones first. A unit's typicality for its class is the sum of
//! the χ² of the class's over-represented forms it holds (IRaMuTeQ's typical segments).

use super::chd::Dendrogram;
use super::split::chi2_2x2;
use super::units::Corpus;
use crate::stats::{lafon, Table};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// χ² of one degree of freedom at p = 0.05.
pub const CHI2_05: f64 = 3.841_458_820_694_124;

/// The upper tail of a χ² of one degree of freedom: `erfc(√(x/2))`.
pub fn chi2_p(x: f64) -> f64 {
    if x.is_nan() || x <= 0.0 {
        return 1.0;
    }
    erfc((x / 2.0).sqrt())
}

/// The complementary error function, for `x ≥ 0` (relative error under 1.2e-7).
fn erfc(x: f64) -> f64 {
    let z = x.abs();
    let t = 1.0 / (1.0 + 0.5 * z);
    let poly = -z * z - 1.265_512_23
        + t * (1.000_023_68
            + t * (0.374_091_96
                + t * (0.096_784_18
                    + t * (-0.186_288_06
                        + t * (0.278_868_07
                            + t * (-1.135_203_98
                                + t * (1.488_515_87 + t * (-0.822_152_23 + t * 0.170_872_77))))))));
    let r = t * poly.exp();
    if x >= 0.0 {
        r
    } else {
        2.0 - r
    }
}

/// The signed χ², p and Lafon's specificity of `a` units of `n1` in the class against `b` of `n2`.
fn association(a: u64, n1: u64, b: u64, n2: u64) -> (f64, f64, f64) {
    let chi2 = chi2_2x2(a, n1, b, n2);
    let over = u128::from(a) * u128::from(n2) >= u128::from(b) * u128::from(n1);
    let signed = if over { chi2 } else { -chi2 };
    let spec = Table::new(a, n1, b, n2).map_or(0.0, |t| lafon(&t));
    (signed, chi2_p(chi2), spec)
}

/// A characteristic form of a class.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FormRow {
    /// The form as shown (a stem's most frequent word form).
    pub form: String,
    /// The stem (or the form itself with `--terms forms`).
    pub key: String,
    /// Signed χ².
    pub chi2: f64,
    /// p-value of the χ².
    pub p: f64,
    /// Lafon's specificity.
    pub lafon: f64,
    /// Units of the class that hold it.
    pub in_class: u64,
    /// Classified units outside the class that hold it.
    pub out_class: u64,
}

/// A modality (metadata value, speaker or theme) over-represented in a class.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ModalityRow {
    /// The metadata key, `speaker` or `theme`.
    pub variable: String,
    /// The value.
    pub value: String,
    /// Signed χ².
    pub chi2: f64,
    /// p-value.
    pub p: f64,
    /// Units of the class with it.
    pub in_class: u64,
    /// Classified units outside the class with it.
    pub out_class: u64,
}

/// A typical unit of a class.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TypicalSegment {
    /// Index of the unit ([`Corpus::units`]).
    pub unit: usize,
    /// Its document.
    pub document: String,
    /// Its speaker.
    pub speaker: Option<String>,
    /// First byte.
    pub start: usize,
    /// One past the last byte.
    pub end: usize,
    /// Sum of the χ² of the class's forms it holds.
    pub score: f64,
    /// Its text.
    pub text: String,
}

/// One class.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ClassReport {
    /// Its number (1…).
    pub class: u32,
    /// Its units.
    pub segments: usize,
    /// Its share of the classified units.
    pub share: f64,
    /// Forms with p < 0.05: over-represented ones by decreasing χ², then under-represented ones.
    pub forms: Vec<FormRow>,
    /// Metadata modalities over-represented (p < 0.05), of the keys two documents have at least.
    pub metadata: Vec<ModalityRow>,
    /// Speakers over-represented (labels as written).
    pub speakers: Vec<ModalityRow>,
    /// Themes of the codebook over-represented.
    pub themes: Vec<ModalityRow>,
    /// Its most typical units.
    pub typical: Vec<TypicalSegment>,
}

/// How much of each table to keep.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct DescribeOptions {
    /// Over-represented forms kept per class (and as many under-represented ones); 0: all.
    pub top_forms: usize,
    /// Typical units kept per class.
    pub top_segments: usize,
}

impl Default for DescribeOptions {
    fn default() -> Self {
        DescribeOptions {
            top_forms: 50,
            top_segments: 10,
        }
    }
}

/// Describes every class of `dendrogram` over `corpus`.
pub fn describe(
    corpus: &Corpus,
    dendrogram: &Dendrogram,
    options: &DescribeOptions,
) -> Vec<ClassReport> {
    let m = corpus.matrix();
    let classified: Vec<usize> = (0..m.rows())
        .filter(|&i| dendrogram.class_of[i].is_some())
        .collect();
    let n = classified.len() as u64;
    let mut totals = vec![0u64; m.cols()];
    for &i in &classified {
        for &j in m.row(i) {
            totals[j as usize] += 1;
        }
    }
    // Metadata keys that at least two documents have (a key of one document, such as a
    // Transcriber file's speaker attributes, only names that document).
    let mut key_docs: BTreeMap<&str, usize> = BTreeMap::new();
    for doc in corpus.documents() {
        for k in doc.metadata.keys() {
            *key_docs.entry(k.as_str()).or_insert(0) += 1;
        }
    }
    // Modalities: (variable, value) → units with it, over the classified units.
    let modality_of = |i: usize| -> Vec<(String, String)> {
        let u = &corpus.units()[i];
        let doc = &corpus.documents()[u.document as usize];
        let mut v: Vec<(String, String)> = doc
            .metadata
            .iter()
            .filter(|(k, _)| key_docs.get(k.as_str()).is_some_and(|&n| n >= 2))
            .map(|(k, val)| (k.clone(), val.clone()))
            .collect();
        if let Some(s) = &u.speaker {
            v.push(("speaker".into(), s.clone()));
        }
        for &t in &u.themes {
            if let Some(name) = corpus.themes().get(t as usize) {
                v.push(("theme".into(), name.clone()));
            }
        }
        v
    };
    let mut modality_totals: BTreeMap<(String, String), u64> = BTreeMap::new();
    for &i in &classified {
        for key in modality_of(i) {
            *modality_totals.entry(key).or_insert(0) += 1;
        }
    }
    let limit = |v: usize| {
        if options.top_forms == 0 {
            usize::MAX
        } else {
            v
        }
    };
    (1..=dendrogram.classes.len() as u32)
        .map(|class| {
            let members = dendrogram.members(class);
            let n1 = members.len() as u64;
            let n2 = n - n1;
            let mut inside = vec![0u64; m.cols()];
            let mut mods: BTreeMap<(String, String), u64> = BTreeMap::new();
            for &i in members {
                for &j in m.row(i as usize) {
                    inside[j as usize] += 1;
                }
                for key in modality_of(i as usize) {
                    *mods.entry(key).or_insert(0) += 1;
                }
            }
            let mut forms: Vec<(u32, FormRow)> = (0..m.cols() as u32)
                .filter(|&j| totals[j as usize] >= u64::from(dendrogram.config.tsj.max(1)))
                .filter_map(|j| {
                    let a = inside[j as usize];
                    let b = totals[j as usize] - a;
                    let (chi2, p, spec) = association(a, n1, b, n2);
                    (chi2.abs() >= CHI2_05).then(|| {
                        let row = FormRow {
                            form: corpus.label(j).to_string(),
                            key: corpus.keys()[j as usize].clone(),
                            chi2,
                            p,
                            lafon: spec,
                            in_class: a,
                            out_class: b,
                        };
                        (j, row)
                    })
                })
                .collect();
            forms.sort_by(|a, b| b.1.chi2.total_cmp(&a.1.chi2).then(a.0.cmp(&b.0)));
            let positive = forms.iter().filter(|f| f.1.chi2 > 0.0).count();
            let mut score_of = vec![0.0f64; m.cols()];
            for (j, f) in forms.iter().filter(|f| f.1.chi2 > 0.0) {
                score_of[*j as usize] = f.chi2;
            }
            let keep_pos = positive.min(limit(options.top_forms));
            let negative = forms.len() - positive;
            let keep_neg = negative.min(limit(options.top_forms));
            let rows: Vec<FormRow> = forms[..keep_pos]
                .iter()
                .chain(forms[forms.len() - keep_neg..].iter().rev())
                .map(|f| f.1.clone())
                .collect();
            let mut typical: Vec<(f64, u32)> = members
                .iter()
                .map(|&i| {
                    let s: f64 = m
                        .row(i as usize)
                        .iter()
                        .map(|&j| score_of[j as usize])
                        .sum();
                    (s, i)
                })
                .collect();
            typical.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
            let typical = typical
                .into_iter()
                .take(options.top_segments)
                .map(|(score, i)| {
                    let u = &corpus.units()[i as usize];
                    TypicalSegment {
                        unit: i as usize,
                        document: corpus.documents()[u.document as usize].id.clone(),
                        speaker: u.speaker.clone(),
                        start: u.span.start,
                        end: u.span.end,
                        score,
                        text: u.text.clone(),
                    }
                })
                .collect();
            let (mut metadata, mut speakers, mut themes) = (Vec::new(), Vec::new(), Vec::new());
            for ((variable, value), &a) in &mods {
                let total = modality_totals[&(variable.clone(), value.clone())];
                let (chi2, p, _) = association(a, n1, total - a, n2);
                if chi2 < CHI2_05 {
                    continue;
                }
                let row = ModalityRow {
                    variable: variable.clone(),
                    value: value.clone(),
                    chi2,
                    p,
                    in_class: a,
                    out_class: total - a,
                };
                match variable.as_str() {
                    "speaker" => speakers.push(row),
                    "theme" => themes.push(row),
                    _ => metadata.push(row),
                }
            }
            for list in [&mut metadata, &mut speakers, &mut themes] {
                list.sort_by(|a, b| {
                    (b.chi2.total_cmp(&a.chi2))
                        .then_with(|| (&a.variable, &a.value).cmp(&(&b.variable, &b.value)))
                });
            }
            ClassReport {
                class,
                segments: members.len(),
                share: if n == 0 { 0.0 } else { n1 as f64 / n as f64 },
                forms: rows,
                metadata,
                speakers,
                themes,
                typical,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn p_values_of_known_quantiles() {
        assert!((chi2_p(CHI2_05) - 0.05).abs() < 1e-6);
        assert!((chi2_p(6.634_896_601_021_214) - 0.01).abs() < 1e-6);
        assert_eq!(chi2_p(0.0), 1.0);
    }
}
