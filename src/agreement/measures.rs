//! Agreement measures: precision, recall and F1 over passage × theme pairs ([`Counts`]), Cohen's κ
//! ([`cohen_kappa`], [`Counts::kappa`]) and Krippendorff's α for nominal data with any number of
//! coders and missing codings ([`krippendorff_alpha_nominal`], [`BinaryAlpha`]).
//!
//! ```
//! use entretien::agreement::measures::{cohen_kappa, krippendorff_alpha_nominal, Counts};
//!
//! // Two coders, 50 passages: both "yes" 20, first only 5, second only 10, both "no" 15.
//! assert!((cohen_kappa(&[[20, 5], [10, 15]]).unwrap() - 0.4).abs() < 1e-12);
//! let c = Counts { tp: 20, fp: 10, fn_: 5, tn: 15 };
//! assert!((c.f1().unwrap() - 40.0 / 55.0).abs() < 1e-12);
//! // Krippendorff's α: one unit per row, one value per coder (None: not coded).
//! let units = vec![vec![Some(1), Some(1)], vec![Some(2), Some(2)], vec![Some(1), Some(2)]];
//! assert!(krippendorff_alpha_nominal(&units).unwrap() < 1.0);
//! ```

use serde::{Deserialize, Serialize};

/// The four counts of a binary comparison of a candidate (the lexicon, or a second coder) with a
/// reference (a coder): true and false positives, false negatives and true negatives.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Counts {
    /// Both say present.
    pub tp: u64,
    /// The candidate says present, the reference absent.
    pub fp: u64,
    /// The reference says present, the candidate absent.
    #[serde(rename = "fn")]
    pub fn_: u64,
    /// Both say absent.
    pub tn: u64,
}

impl Counts {
    /// Adds another count.
    pub fn add(&mut self, other: &Counts) {
        self.tp += other.tp;
        self.fp += other.fp;
        self.fn_ += other.fn_;
        self.tn += other.tn;
    }

    /// tp / (tp + fp); `None` when the candidate never says present.
    pub fn precision(&self) -> Option<f64> {
        ratio(self.tp, self.tp + self.fp)
    }

    /// tp / (tp + fn); `None` when the reference never says present.
    pub fn recall(&self) -> Option<f64> {
        ratio(self.tp, self.tp + self.fn_)
    }

    /// 2·tp / (2·tp + fp + fn), the harmonic mean of precision and recall (0 when either is 0);
    /// `None` when neither side ever says present.
    pub fn f1(&self) -> Option<f64> {
        ratio(2 * self.tp, 2 * self.tp + self.fp + self.fn_)
    }

    /// Cohen's κ of the 2×2 table; `None` when chance agreement is total (both sides constant and
    /// equal, or no passage).
    pub fn kappa(&self) -> Option<f64> {
        cohen_kappa(&[[self.tp, self.fn_], [self.fp, self.tn]])
    }

    /// The same counts with candidate and reference swapped.
    pub fn swapped(&self) -> Counts {
        Counts {
            tp: self.tp,
            fp: self.fn_,
            fn_: self.fp,
            tn: self.tn,
        }
    }
}

fn ratio(num: u64, den: u64) -> Option<f64> {
    (den > 0).then(|| num as f64 / den as f64)
}

/// Cohen's κ of a square table of counts, `table[i][j]` = units the first rater put in category
/// `i` and the second in `j`: (pₒ − pₑ) / (1 − pₑ). `None` when there is no unit or when pₑ = 1.
pub fn cohen_kappa<const K: usize>(table: &[[u64; K]; K]) -> Option<f64> {
    let n: u64 = table.iter().flatten().sum();
    if n == 0 {
        return None;
    }
    let n = n as f64;
    let observed = (0..K).map(|i| table[i][i]).sum::<u64>() as f64 / n;
    let expected = (0..K)
        .map(|i| {
            let row: u64 = table[i].iter().sum();
            let col: u64 = table.iter().map(|r| r[i]).sum();
            (row as f64 / n) * (col as f64 / n)
        })
        .sum::<f64>();
    if (1.0 - expected).abs() < 1e-12 {
        return None;
    }
    Some((observed - expected) / (1.0 - expected))
}

/// Krippendorff's α for nominal values: `units[u][c]` is coder `c`'s value for unit `u`, `None`
/// when the coder did not code it. Units with fewer than two values are not pairable and left
/// out. `None` when fewer than two pairable values exist or when all values are one category
/// (no expected disagreement).
///
/// α = 1 − (n − 1) · Σ_{c≠k} o_ck / Σ_{c≠k} n_c·n_k, where o is the coincidence matrix (each
/// ordered pair of values in a unit of m_u values adds 1/(m_u − 1)) and n_c its margins.
pub fn krippendorff_alpha_nominal(units: &[Vec<Option<u32>>]) -> Option<f64> {
    let mut categories: Vec<u32> = units.iter().flatten().flatten().copied().collect();
    categories.sort_unstable();
    categories.dedup();
    let k = categories.len();
    let index = |v: u32| categories.binary_search(&v).unwrap_or(0);
    let mut o = vec![0.0f64; k * k];
    let mut values = Vec::new();
    for unit in units {
        values.clear();
        values.extend(unit.iter().flatten().map(|&v| index(v)));
        let m = values.len();
        if m < 2 {
            continue;
        }
        let w = 1.0 / (m - 1) as f64;
        for (i, &a) in values.iter().enumerate() {
            for (j, &b) in values.iter().enumerate() {
                if i != j {
                    o[a * k + b] += w;
                }
            }
        }
    }
    let margins: Vec<f64> = (0..k).map(|c| (0..k).map(|j| o[c * k + j]).sum()).collect();
    let n: f64 = margins.iter().sum();
    let mut observed = 0.0;
    let mut expected = 0.0;
    for c in 0..k {
        for j in 0..k {
            if c != j {
                observed += o[c * k + j];
                expected += margins[c] * margins[j];
            }
        }
    }
    alpha_of(n, observed, expected)
}

fn alpha_of(n: f64, observed: f64, expected: f64) -> Option<f64> {
    if n < 2.0 || expected <= 0.0 {
        return None;
    }
    Some(1.0 - (n - 1.0) * observed / expected)
}

/// Krippendorff's α for one binary variable (a theme present or absent), accumulated unit by unit
/// from how many of the unit's coders said present: the same α as
/// [`krippendorff_alpha_nominal`] with values 0 and 1, without building the units. Accumulators
/// add up, so a pooled α over several themes is their sum.
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize, Deserialize)]
pub struct BinaryAlpha {
    /// Coincidences of present with present.
    pub o11: f64,
    /// Coincidences of absent with absent.
    pub o00: f64,
    /// Coincidences of present with absent (each direction).
    pub o01: f64,
}

impl BinaryAlpha {
    /// A unit with `coders` values of which `present` say present (units of fewer than two values
    /// are not pairable and add nothing).
    pub fn add_unit(&mut self, present: u32, coders: u32) {
        if coders < 2 || present > coders {
            return;
        }
        let (k, m) = (f64::from(present), f64::from(coders));
        let w = 1.0 / (m - 1.0);
        self.o11 += k * (k - 1.0) * w;
        self.o00 += (m - k) * (m - k - 1.0) * w;
        self.o01 += k * (m - k) * w;
    }

    /// Adds another accumulator.
    pub fn add(&mut self, other: &BinaryAlpha) {
        self.o11 += other.o11;
        self.o00 += other.o00;
        self.o01 += other.o01;
    }

    /// α, or `None` as [`krippendorff_alpha_nominal`].
    pub fn alpha(&self) -> Option<f64> {
        let n1 = self.o11 + self.o01;
        let n0 = self.o00 + self.o01;
        alpha_of(n1 + n0, 2.0 * self.o01, 2.0 * n1 * n0)
    }
}

/// The mean of the values that exist, `None` when none does.
pub fn mean(values: impl IntoIterator<Item = Option<f64>>) -> Option<f64> {
    let (sum, n) = values
        .into_iter()
        .flatten()
        .fold((0.0, 0u32), |(s, n), v| (s + v, n + 1));
    (n > 0).then(|| sum / f64::from(n))
}
