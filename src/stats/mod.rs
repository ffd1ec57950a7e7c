//! Keyness and lexicometric specificities for a 2×2 table, and theme co-occurrence.
//!
//! A [`Table`] holds the counts of one item (a form, a stem, a theme) in a target part of
//! a corpus and in the rest of it:
//!
//! |            | target     | reference  | total   |
//! |------------|------------|------------|---------|
//! | item       | `a`        | `b`        | `f`     |
//! | other      | `n1 - a`   | `n2 - b`   | `N - f` |
//! | total      | `n1`       | `n2`       | `N`     |
//!
//! [`keyness`] computes three signed scores, all positive when the target uses the item more
//! than expected (`a > f·n1/N`), negative when less, and `0` when exactly as expected:
//!
//! - [`chi2`]: Pearson's χ², with the continuity correction quanteda applies by default;
//! - [`g2`]: the log-likelihood ratio G² (Dunning 1993), with the same correction;
//! - [`lafon`]: Lafon's specificity (Lexico, TXM, IRaMuTeQ), a signed `log10` of an exact
//!   hypergeometric tail probability.
//!
//! ```
//! use entretien::stats::{keyness, Table};
//!
//! // "numérique": 30 times in 10 000 tokens of managers' turns, 20 times in 40 000 of the others.
//! let table = Table::new(30, 10_000, 20, 40_000)?;
//! let k = keyness(&table);
//! assert_eq!(k.expected, 10.0);
//! assert!(k.chi2 > 10.83 && k.g2 > 10.83); // p < 0.001 for one degree of freedom
//! assert!(k.lafon > 3.0); // P(X ≥ 30) < 10⁻³
//! # Ok::<(), entretien::Error>(())
//! ```
//!
//! # Conventions, and where they come from
//!
//! **χ² and its correction.** quanteda's `textstat_keyness(measure = "chi2", correction =
//! "default")` computes `N (|ad − bc| − N·δ)² / ((a+b)(c+d)(a+c)(b+d))` with `δ = 0.5` only when
//! both `|ad − bc| ≥ N/2` (that is `|a − E| ≥ 0.5`) and at least one of the four expected cells
//! is below 5, and `δ = 0` otherwise (function `yates_correction` in `src/keyness.cpp` of
//! quanteda.textstats). [`Correction::Yates`] is that rule. Note that R's `chisq.test(correct =
//! TRUE)` differs: it always corrects 2×2 tables, by `min(0.5, |a − E|)`.
//!
//! **G² and its correction.** quanteda's documentation says that the default correction of
//! `measure = "lr"` is Williams', but its code (`lr_lambda` in the same file) applies the same
//! conditional Yates rule as for χ², by moving each cell by `δ` towards its expected value before
//! computing `2 Σ O ln(O/E)`. We follow the code: [`Correction::Yates`] is the default for both.
//! quanteda also adds `1e-9` inside each logarithm; we compute the exact value (`0 · ln 0 = 0`),
//! which is lower than quanteda's by about `2e-9 · N`.
//!
//! **Williams' correction** ([`Correction::Williams`]) divides the uncorrected statistic by
//! `q = 1 + (N/f + N/(N−f) − 1)(N/n1 + N/n2 − 1) / (6N)` (`q = 1` when a cell is zero, as in
//! quanteda). quanteda's χ² code multiplies by `q` instead; we divide for both statistics.
//!
//! **Lafon's specificity.** With `X ~ Hypergeometric(N, f, n1)` (the number of occurrences of
//! the item among `n1` tokens drawn without replacement from `N` tokens, `f` of which are the
//! item), the specificity is `−log10 P(X ≥ a)` when `a > E`, `log10 P(X ≤ a)` when `a < E` and
//! `0` when `a = E`. Its absolute value is the number of decimal orders of magnitude of
//! improbability: `|s| ≥ 2` means `p ≤ 0.01`. It is computed in log space (Loader's
//! saddle-point form of the probability at one point, then a sum of ratios from that point
//! outwards that stops once a term falls below `1e-17` of the sum). The tests check it
//! against exact big-integer tails to `1e-9` relative for `N` up to 10⁸. One table costs a few
//! thousand operations at most (about 50 µs on average for `N = 10⁸`, `f ≤ 10⁶`). The result is always finite;
//! [`SPECIFICITY_CAP`] bounds it in magnitude (no valid table reaches that bound in practice).
//!
//! **Theme co-occurrence.** [`Cooccurrence`] counts, over segments, how many contain each theme
//! and each pair of themes, and reports the Jaccard index and the φ coefficient of each pair.

use crate::error::{Error, Result};
use serde::{Deserialize, Serialize};
use std::f64::consts::LN_10;

/// Largest magnitude [`lafon`] returns.
pub const SPECIFICITY_CAP: f64 = 1e15;

/// Counts are exact in `f64` up to this total.
const MAX_TOTAL: u64 = 1 << 53;

/// A 2×2 table: an item's count in a target part (`a` of `n1` tokens) and in the rest
/// (`b` of `n2` tokens).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Table {
    a: u64,
    n1: u64,
    b: u64,
    n2: u64,
}

impl Table {
    /// A table with the item `a` times among the target's `n1` tokens and `b` times among the
    /// reference's `n2` tokens.
    ///
    /// Fails when `a > n1`, `b > n2`, or `n1 + n2` exceeds 2⁵³ (where `f64` stops counting
    /// exactly).
    pub fn new(a: u64, n1: u64, b: u64, n2: u64) -> Result<Table> {
        if a > n1 {
            return Err(Error::config(format!(
                "keyness table: the target count ({a}) exceeds the target size ({n1})"
            )));
        }
        if b > n2 {
            return Err(Error::config(format!(
                "keyness table: the reference count ({b}) exceeds the reference size ({n2})"
            )));
        }
        match n1.checked_add(n2) {
            Some(total) if total <= MAX_TOTAL => Ok(Table { a, n1, b, n2 }),
            _ => Err(Error::config(format!(
                "keyness table: total size {n1} + {n2} exceeds 2^53"
            ))),
        }
    }

    /// A table from the hypergeometric parameters: the item `a` times in a part of `part`
    /// tokens, `item_total` times in the whole corpus of `total` tokens.
    pub fn from_totals(a: u64, part: u64, item_total: u64, total: u64) -> Result<Table> {
        if part > total || item_total > total || a > item_total {
            return Err(Error::config(format!(
                "keyness table: need a ≤ f ≤ N and n1 ≤ N, got a = {a}, n1 = {part}, f = {item_total}, N = {total}"
            )));
        }
        Table::new(a, part, item_total - a, total - part)
    }

    /// The item's count in the target.
    pub fn a(&self) -> u64 {
        self.a
    }

    /// The target's size.
    pub fn n1(&self) -> u64 {
        self.n1
    }

    /// The item's count in the reference.
    pub fn b(&self) -> u64 {
        self.b
    }

    /// The reference's size.
    pub fn n2(&self) -> u64 {
        self.n2
    }

    /// The item's total count, `f = a + b`.
    pub fn item_total(&self) -> u64 {
        self.a + self.b
    }

    /// The corpus size, `N = n1 + n2`.
    pub fn total(&self) -> u64 {
        self.n1 + self.n2
    }

    /// The count expected in the target under independence, `f·n1/N` (0 for an empty corpus).
    pub fn expected(&self) -> f64 {
        let total = self.total();
        if total == 0 {
            0.0
        } else {
            self.item_total() as f64 * self.n1 as f64 / total as f64
        }
    }

    /// `+1` when the target has more than expected, `-1` when less, `0` when exactly as
    /// expected (decided in exact integer arithmetic).
    pub fn direction(&self) -> i8 {
        let observed = u128::from(self.a) * u128::from(self.total());
        let expected = u128::from(self.item_total()) * u128::from(self.n1);
        match observed.cmp(&expected) {
            std::cmp::Ordering::Greater => 1,
            std::cmp::Ordering::Less => -1,
            std::cmp::Ordering::Equal => 0,
        }
    }

    /// `a·d − b·c`, exactly.
    fn cross_product(&self) -> i128 {
        let (a, b) = (i128::from(self.a), i128::from(self.b));
        let (c, d) = (i128::from(self.n1 - self.a), i128::from(self.n2 - self.b));
        a * d - b * c
    }

    /// The four cells `[a, b, c, d]` as `f64`: `c = n1 − a`, `d = n2 − b`.
    fn cells(&self) -> [f64; 4] {
        [
            self.a as f64,
            self.b as f64,
            (self.n1 - self.a) as f64,
            (self.n2 - self.b) as f64,
        ]
    }

    /// Whether a row or a column is empty: every statistic is then 0.
    fn is_degenerate(&self) -> bool {
        let f = self.item_total();
        self.n1 == 0 || self.n2 == 0 || f == 0 || f == self.total()
    }
}

/// A correction for small expected counts, applied to [`chi2`] and [`g2`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Correction {
    /// quanteda's default: Yates' 0.5 when `|a − E| ≥ 0.5` and an expected cell is below 5.
    #[default]
    Yates,
    /// Williams' correction: the statistic divided by `q` (see the module docs).
    Williams,
    /// No correction.
    None,
}

/// The `δ` of quanteda's conditional Yates rule.
fn yates_delta(table: &Table) -> f64 {
    let [a, b, c, d] = table.cells();
    let n = table.total() as f64;
    let cross = table.cross_product().unsigned_abs() as f64;
    let small_expected = [
        (a + b) * (a + c),
        (a + b) * (b + d),
        (c + d) * (a + c),
        (c + d) * (b + d),
    ]
    .iter()
    .any(|m| m / n < 5.0);
    if cross >= n / 2.0 && small_expected {
        0.5
    } else {
        0.0
    }
}

fn williams_q(table: &Table) -> f64 {
    let [a, b, c, d] = table.cells();
    if a == 0.0 || b == 0.0 || c == 0.0 || d == 0.0 {
        return 1.0;
    }
    let n = table.total() as f64;
    1.0 + (n / (a + b) + n / (c + d) - 1.0) * (n / (a + c) + n / (b + d) - 1.0) / (6.0 * n)
}

fn signed(direction: i8, magnitude: f64) -> f64 {
    match direction {
        1 => magnitude,
        -1 => -magnitude,
        _ => 0.0,
    }
}

/// Signed Pearson χ² of the table (positive when the target over-uses the item).
///
/// 0 when a row or a column of the table is empty.
pub fn chi2(table: &Table, correction: Correction) -> f64 {
    if table.is_degenerate() {
        return 0.0;
    }
    let n = table.total() as f64;
    let delta = match correction {
        Correction::Yates => yates_delta(table),
        Correction::Williams | Correction::None => 0.0,
    };
    let deviation = (table.cross_product().unsigned_abs() as f64 - n * delta).max(0.0);
    let margins = table.item_total() as f64
        * (table.total() - table.item_total()) as f64
        * table.n1 as f64
        * table.n2 as f64;
    let mut value = n * deviation * deviation / margins;
    if correction == Correction::Williams {
        value /= williams_q(table);
    }
    signed(table.direction(), value)
}

/// `O ln(O/E)` for a cell of twice the observed count `twice_observed` in a row of `row`
/// and a column of `column` out of `total`, with `0 · ln 0 = 0`. `O/E − 1` is formed in
/// exact integer arithmetic, so no precision is lost when `O` is close to `E`.
fn observed_ln_ratio(twice_observed: i128, row: u64, column: u64, total: u64) -> f64 {
    if twice_observed <= 0 {
        return 0.0;
    }
    let twice_margins = 2 * i128::from(row) * i128::from(column);
    let excess = twice_observed * i128::from(total) - twice_margins;
    0.5 * twice_observed as f64 * (excess as f64 / twice_margins as f64).ln_1p()
}

/// Signed log-likelihood ratio G² of the table (positive when the target over-uses the item).
///
/// 0 when a row or a column of the table is empty.
pub fn g2(table: &Table, correction: Correction) -> f64 {
    if table.is_degenerate() {
        return 0.0;
    }
    // Cells doubled, so that Yates' half-unit moves stay whole numbers.
    let shift = match correction {
        Correction::Yates if yates_delta(table) > 0.0 => i128::from(table.direction()),
        _ => 0,
    };
    let a = 2 * i128::from(table.a) - shift;
    let b = 2 * i128::from(table.b) + shift;
    let c = 2 * i128::from(table.n1 - table.a) + shift;
    let d = 2 * i128::from(table.n2 - table.b) - shift;
    let (f, total) = (table.item_total(), table.total());
    let other = total - f;
    let sum = observed_ln_ratio(a, f, table.n1, total)
        + observed_ln_ratio(b, f, table.n2, total)
        + observed_ln_ratio(c, other, table.n1, total)
        + observed_ln_ratio(d, other, table.n2, total);
    let mut value = (2.0 * sum).max(0.0);
    if correction == Correction::Williams {
        value /= williams_q(table);
    }
    signed(table.direction(), value)
}

/// Lafon's specificity of the table: `−log10 P(X ≥ a)` when the target over-uses the item,
/// `log10 P(X ≤ a)` when it under-uses it, `0` when `a` is exactly the expected count, with
/// `X ~ Hypergeometric(N, f, n1)`. Always finite.
pub fn lafon(table: &Table) -> f64 {
    let law = Hypergeometric {
        total: table.total(),
        successes: table.item_total(),
        draws: table.n1,
    };
    let value = match table.direction() {
        1 => -law.ln_sf(table.a) / LN_10,
        -1 => law.ln_cdf(table.a) / LN_10,
        _ => 0.0,
    };
    if value.is_nan() {
        0.0
    } else {
        // `+ 0.0` turns a negative zero into a positive one.
        value.clamp(-SPECIFICITY_CAP, SPECIFICITY_CAP) + 0.0
    }
}

/// The keyness scores of one table.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Keyness {
    /// The item's count in the target.
    pub target: u64,
    /// The target's size in tokens.
    pub target_total: u64,
    /// The item's count in the reference.
    pub reference: u64,
    /// The reference's size in tokens.
    pub reference_total: u64,
    /// The count expected in the target under independence, `f·n1/N`.
    pub expected: f64,
    /// Signed χ² with quanteda's default correction ([`Correction::Yates`]).
    pub chi2: f64,
    /// Signed G² with quanteda's default correction ([`Correction::Yates`]).
    pub g2: f64,
    /// Lafon's specificity (signed `log10` of a hypergeometric tail).
    pub lafon: f64,
}

/// All scores of a table, with the default corrections.
pub fn keyness(table: &Table) -> Keyness {
    Keyness {
        target: table.a,
        target_total: table.n1,
        reference: table.b,
        reference_total: table.n2,
        expected: table.expected(),
        chi2: chi2(table, Correction::default()),
        g2: g2(table, Correction::default()),
        lafon: lafon(table),
    }
}

mod cooccurrence;
mod hypergeometric;

pub use cooccurrence::{association, Cooccurrence, PairAssociation};
pub use hypergeometric::Hypergeometric;
