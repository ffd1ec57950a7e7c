//! What cross-validation says: per theme and over all themes, precision, recall, F1 and κ against
//! each coder (then averaged over the coders), with 95% intervals from a bootstrap over documents,
//! for the learned coders and for the lexicon alone; and the learning curve.

use crate::agreement::measures::{mean, Counts};
use crate::tables::render::Matrix;
use serde::{Deserialize, Serialize};
use std::fmt::Write as _;

use super::folds::splitmix;

/// A figure with its 95% bootstrap interval (percentiles over resampled documents).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Estimate {
    /// The figure on the passages as they are; `None` where it is undefined (nothing coded).
    pub value: Option<f64>,
    /// The 2.5th percentile of the resampled figures.
    pub low: Option<f64>,
    /// The 97.5th percentile.
    pub high: Option<f64>,
}

/// Precision, recall, F1 and Cohen's κ against the coders, each the mean over the coders.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Figures {
    /// Of the passages said to hold the theme, the share a coder coded with it.
    pub precision: Estimate,
    /// Of the passages a coder coded with the theme, the share said to hold it.
    pub recall: Estimate,
    /// The harmonic mean of the two.
    pub f1: Estimate,
    /// Agreement beyond chance with the coder.
    pub kappa: Estimate,
}

/// One theme's cross-validated figures.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct ThemeValidation {
    /// The theme's id.
    pub id: String,
    /// Passages at least one coder coded with it.
    pub coded: usize,
    /// The probability from which the final model says the theme is present.
    pub threshold: f64,
    /// The learned coder, out of fold.
    pub model: Figures,
    /// The lexicon alone (a positive hit says present), on the same passages.
    pub lexicon: Figures,
}

/// Agreement against the amount of coded passages: models trained on a share of each training fold
/// (whole documents), tested on the same held-out folds.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct CurvePoint {
    /// The share of each training fold used.
    pub fraction: f64,
    /// The mean number of training passages per fold.
    pub passages: f64,
    /// Micro-F1 against the coders (mean over coders), out of fold.
    pub micro_f1: Option<f64>,
}

/// A weight as written in the table: two decimals at most, no trailing zeros.
fn trim_weight(w: f64) -> String {
    let s = format!("{w:.2}");
    s.trim_end_matches('0').trim_end_matches('.').to_string()
}

/// The cross-validated estimate of how far the learned coders agree with the people who coded.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Validation {
    /// Passages (distinct ids).
    pub passages: usize,
    /// Documents: groups of passages kept on one side of every split.
    pub documents: usize,
    /// Reference passages on the training side of every split, never measured
    /// ([`super::reference`]).
    #[serde(default)]
    pub reference_passages: usize,
    /// How much each coded passage counted against one reference passage in the final coders (1
    /// without reference passages).
    #[serde(default = "super::model::one")]
    pub study_weight: f64,
    /// Folds.
    pub folds: usize,
    /// The coders, in order of first appearance.
    pub coders: Vec<String>,
    /// Features the models use.
    pub features: usize,
    /// Over all passage × theme pairs (micro-averaged), for the learned coders.
    pub model: Figures,
    /// The same for the lexicon alone.
    pub lexicon: Figures,
    /// Per theme, in lexicon order.
    pub themes: Vec<ThemeValidation>,
    /// The learning curve, the last point being the full training folds.
    pub curve: Vec<CurvePoint>,
}

/// Plain figures of one comparison.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Values {
    pub precision: Option<f64>,
    pub recall: Option<f64>,
    pub f1: Option<f64>,
    pub kappa: Option<f64>,
}

/// Counts per coder per theme.
#[derive(Debug, Clone)]
pub(crate) struct Counts3 {
    per: Vec<Vec<Counts>>,
}

impl Counts3 {
    /// The sum over groups, each taken `times[g]` times (once each without `times`).
    pub(crate) fn sum(groups: &[Vec<Vec<Counts>>], times: Option<&[u32]>) -> Counts3 {
        let coders = groups.first().map_or(0, Vec::len);
        let themes = groups.first().and_then(|g| g.first()).map_or(0, Vec::len);
        let mut per = vec![vec![Counts::default(); themes]; coders];
        for (g, group) in groups.iter().enumerate() {
            let k = times.map_or(1, |t| u64::from(t[g]));
            if k == 0 {
                continue;
            }
            for (c, row) in group.iter().enumerate() {
                for (t, counts) in row.iter().enumerate() {
                    let cell = &mut per[c][t];
                    cell.tp += k * counts.tp;
                    cell.fp += k * counts.fp;
                    cell.fn_ += k * counts.fn_;
                    cell.tn += k * counts.tn;
                }
            }
        }
        Counts3 { per }
    }

    /// `rounds` resamplings of the groups with replacement (none when there are fewer than two).
    pub(crate) fn bootstrap(groups: &[Vec<Vec<Counts>>], rounds: usize, seed: u64) -> Vec<Counts3> {
        let n = groups.len();
        if n < 2 {
            return Vec::new();
        }
        let mut state = splitmix(seed ^ 0xb007);
        let mut times = vec![0u32; n];
        (0..rounds)
            .map(|_| {
                times.iter_mut().for_each(|t| *t = 0);
                for _ in 0..n {
                    state = splitmix(state);
                    times[(state % n as u64) as usize] += 1;
                }
                Counts3::sum(groups, Some(&times))
            })
            .collect()
    }

    fn values(counts: &[Counts]) -> Values {
        let over = |f: fn(&Counts) -> Option<f64>| mean(counts.iter().map(f));
        Values {
            precision: over(Counts::precision),
            recall: over(Counts::recall),
            f1: over(Counts::f1),
            kappa: over(Counts::kappa),
        }
    }

    /// Theme `t`, averaged over the coders who coded it at least once or were contradicted.
    pub(crate) fn theme(&self, t: usize) -> Values {
        let cells: Vec<Counts> = self.per.iter().map(|row| row[t]).collect();
        Counts3::values(&cells)
    }

    /// Every theme pooled per coder, averaged over the coders.
    pub(crate) fn micro(&self) -> Values {
        let cells: Vec<Counts> = self
            .per
            .iter()
            .map(|row| {
                let mut c = Counts::default();
                row.iter().for_each(|x| c.add(x));
                c
            })
            .collect();
        Counts3::values(&cells)
    }
}

fn estimates(value: Values, samples: &[Values]) -> Figures {
    let pick = |f: fn(&Values) -> Option<f64>| {
        let mut s: Vec<f64> = samples.iter().filter_map(f).collect();
        Estimate::new(f(&value), &mut s)
    };
    Figures {
        precision: pick(|v| v.precision),
        recall: pick(|v| v.recall),
        f1: pick(|v| v.f1),
        kappa: pick(|v| v.kappa),
    }
}

impl Figures {
    pub(crate) fn of_theme(groups: &[Vec<Vec<Counts>>], boot: &[Counts3], t: usize) -> Figures {
        let value = Counts3::sum(groups, None).theme(t);
        let samples: Vec<Values> = boot.iter().map(|b| b.theme(t)).collect();
        estimates(value, &samples)
    }

    pub(crate) fn micro(groups: &[Vec<Vec<Counts>>], boot: &[Counts3]) -> Figures {
        let value = Counts3::sum(groups, None).micro();
        let samples: Vec<Values> = boot.iter().map(Counts3::micro).collect();
        estimates(value, &samples)
    }
}

impl Validation {
    /// The cross-validated table, for a terminal: per theme the lexicon's F1 beside the learned
    /// coders' F1 (with its interval), precision, recall, κ and threshold; then the learning curve.
    /// Tables fit `width` columns (`None`: one line per row).
    pub fn render(&self, width: Option<usize>) -> String {
        let num = |v: Option<f64>| v.map_or("·".to_string(), |v| format!("{v:.3}"));
        let ci = |e: &Estimate| match (e.low, e.high) {
            (Some(l), Some(h)) => format!("{} [{:.2}–{:.2}]", num(e.value), l, h),
            _ => num(e.value),
        };
        let mut out = String::new();
        let how = match self.folds {
            0 => "applied to passages it was not trained on".to_string(),
            k => format!("{k}-fold cross-validation by document"),
        };
        let _ = writeln!(
            out,
            "Learned coders, {}: {} passages, {} documents, {} coder{}, {} features.\n\
             Figures are means over the coders; [95% interval, bootstrap over documents].\n",
            how,
            self.passages,
            self.documents,
            self.coders.len(),
            if self.coders.len() == 1 { "" } else { "s" },
            self.features
        );
        if self.reference_passages > 0 {
            let _ = writeln!(
                out,
                "Every training side also held the default codebook's {} reference passages \
                 (never measured); in the final coders each of yours counted as {} of them.\n",
                self.reference_passages,
                trim_weight(self.study_weight)
            );
        }
        let columns = [
            "coded",
            "lexicon F1",
            "model F1",
            "P",
            "R",
            "κ",
            "threshold",
        ];
        let mut m = Matrix::new("theme", columns).transposed_corner("figure");
        for t in &self.themes {
            m.push_row(
                t.id.clone(),
                [
                    t.coded.to_string(),
                    ci(&t.lexicon.f1),
                    ci(&t.model.f1),
                    num(t.model.precision.value),
                    num(t.model.recall.value),
                    num(t.model.kappa.value),
                    format!("{:.3}", t.threshold),
                ],
            );
        }
        m.push_row(
            "all (micro)",
            [
                String::new(),
                ci(&self.lexicon.f1),
                ci(&self.model.f1),
                num(self.model.precision.value),
                num(self.model.recall.value),
                num(self.model.kappa.value),
                String::new(),
            ],
        );
        out.push_str(&m.render(width));
        if self.curve.is_empty() {
            return out;
        }
        let _ = writeln!(
            out,
            "\nLearning curve: micro-F1 out of fold against the training passages per fold"
        );
        let mut c = Matrix::new("share", ["passages", "micro-F1"]);
        for p in &self.curve {
            c.push_row(
                format!("{:.0}%", p.fraction * 100.0),
                [format!("{:.0}", p.passages), num(p.micro_f1)],
            );
        }
        out.push_str(&c.render(width));
        out
    }
}
