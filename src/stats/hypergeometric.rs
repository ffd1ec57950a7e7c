//! The hypergeometric distribution in log space, for Lafon's specificity.

use super::MAX_TOTAL;
use crate::error::{Error, Result};
use serde::{Deserialize, Serialize};
use std::f64::consts::{LN_2, PI};

/// The hypergeometric law: the number of successes among `draws` items drawn without
/// replacement from `total` items, `successes` of which are successes.
///
/// Probabilities are returned as natural logarithms; the tests check `ln_pmf` against exact
/// big-integer values to `1e-11` relative for `total = 10⁸`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Hypergeometric {
    /// Population size.
    pub total: u64,
    /// Successes in the population.
    pub successes: u64,
    /// Draws.
    pub draws: u64,
}

impl Hypergeometric {
    /// The law, or an error when `successes` or `draws` exceeds `total` or `total` exceeds 2⁵³.
    pub fn new(total: u64, successes: u64, draws: u64) -> Result<Hypergeometric> {
        if successes > total || draws > total || total > MAX_TOTAL {
            return Err(Error::config(format!(
                "hypergeometric law: need f ≤ N, n ≤ N and N ≤ 2^53, got N = {total}, f = {successes}, n = {draws}"
            )));
        }
        Ok(Hypergeometric {
            total,
            successes,
            draws,
        })
    }

    /// The smallest and largest possible values.
    pub fn support(&self) -> (u64, u64) {
        let low = (self.successes + self.draws).saturating_sub(self.total);
        (low, self.successes.min(self.draws))
    }

    /// The mode, `⌊(f+1)(n+1)/(N+2)⌋`: probabilities rise up to it and fall after it.
    pub fn mode(&self) -> u64 {
        let m = (u128::from(self.successes) + 1) * (u128::from(self.draws) + 1)
            / (u128::from(self.total) + 2);
        let (low, high) = self.support();
        (m as u64).clamp(low, high)
    }

    /// `ln P(X = k)`; `-inf` outside the support.
    pub fn ln_pmf(&self, k: u64) -> f64 {
        let (low, high) = self.support();
        if k < low || k > high {
            return f64::NEG_INFINITY;
        }
        if self.draws == 0 || self.draws == self.total {
            return 0.0;
        }
        let n = self.total as f64;
        let p = self.draws as f64 / n;
        let q = (self.total - self.draws) as f64 / n;
        let failures = self.total - self.successes;
        ln_binomial_pmf(k, self.successes, p, q) + ln_binomial_pmf(self.draws - k, failures, p, q)
            - ln_binomial_pmf(self.draws, self.total, p, q)
    }

    /// `ln P(X ≥ k)`.
    pub fn ln_sf(&self, k: u64) -> f64 {
        let (low, high) = self.support();
        if k <= low {
            return 0.0;
        }
        if k > high {
            return f64::NEG_INFINITY;
        }
        if k >= self.mode() {
            self.ln_pmf(k) + self.ln_sum_ratios(k, Walk::Up).ln()
        } else {
            let below = self.ln_pmf(k - 1) + self.ln_sum_ratios(k - 1, Walk::Down).ln();
            ln_one_minus_exp(below)
        }
    }

    /// `ln P(X ≤ k)`.
    pub fn ln_cdf(&self, k: u64) -> f64 {
        let (low, high) = self.support();
        if k >= high {
            return 0.0;
        }
        if k < low {
            return f64::NEG_INFINITY;
        }
        if k <= self.mode() {
            self.ln_pmf(k) + self.ln_sum_ratios(k, Walk::Down).ln()
        } else {
            let above = self.ln_pmf(k + 1) + self.ln_sum_ratios(k + 1, Walk::Up).ln();
            ln_one_minus_exp(above)
        }
    }

    /// `Σ P(j) / P(start)` for `j` from `start` away from the mode, up to the end of the
    /// support, stopping once a term is below `1e-17` of the sum. `start` must be on the
    /// walk's side of the mode, so the terms only decrease.
    fn ln_sum_ratios(&self, start: u64, walk: Walk) -> f64 {
        let (low, high) = self.support();
        let f = self.successes as f64;
        let n = self.draws as f64;
        // N − f − n may be negative; it is then at least −low, and the factors stay ≥ 0.
        let rest = self.total as f64 - f - n;
        let mut term = 1.0;
        let mut sum = 1.0;
        let mut k = start;
        loop {
            match walk {
                Walk::Up => {
                    if k >= high {
                        break;
                    }
                    let kf = k as f64;
                    term *= (f - kf) * (n - kf) / ((kf + 1.0) * (rest + kf + 1.0));
                    k += 1;
                }
                Walk::Down => {
                    if k <= low {
                        break;
                    }
                    let kf = k as f64;
                    term *= kf * (rest + kf) / ((f - kf + 1.0) * (n - kf + 1.0));
                    k -= 1;
                }
            }
            sum += term;
            if term <= sum * 1e-17 {
                break;
            }
        }
        sum
    }
}

#[derive(Debug, Clone, Copy)]
enum Walk {
    Up,
    Down,
}

/// `ln(1 − e^x)` for `x ≤ 0`, accurate near both ends.
fn ln_one_minus_exp(x: f64) -> f64 {
    if x > -LN_2 {
        (-x.exp_m1()).ln()
    } else {
        (-x.exp()).ln_1p()
    }
}

/// `ln(n!) − ln(√(2πn) (n/e)ⁿ)`, the error of Stirling's formula, for a whole `n ≥ 1`.
fn stirling_error(n: u64) -> f64 {
    if n <= 15 {
        let nf = n as f64;
        let ln_factorial: f64 = (2..=n).map(|k| (k as f64).ln()).sum();
        ln_factorial - (nf + 0.5) * nf.ln() + nf - 0.5 * (2.0 * PI).ln()
    } else {
        // The asymptotic series 1/12n − 1/360n³ + 1/1260n⁵ − 1/1680n⁷ + 1/1188n⁹;
        // the next term is below 1e-16 from n = 16 on.
        let nf = n as f64;
        let nn = nf * nf;
        (1.0 / 12.0
            - (1.0 / 360.0 - (1.0 / 1260.0 - (1.0 / 1680.0 - 1.0 / (1188.0 * nn)) / nn) / nn) / nn)
            / nf
    }
}

/// The deviance term `x ln(x/m) + m − x`, without cancellation when `x` is close to `m`.
fn deviance(x: f64, m: f64) -> f64 {
    if (x - m).abs() < 0.1 * (x + m) {
        // x ln(x/m) + m − x = (x − m) v + 2x Σ_{j≥1} v^(2j+1)/(2j+1) with v = (x − m)/(x + m).
        let v = (x - m) / (x + m);
        let v2 = v * v;
        let mut sum = (x - m) * v;
        let mut power = 2.0 * x * v;
        let mut j = 1.0;
        loop {
            power *= v2;
            let next = sum + power / (2.0 * j + 1.0);
            if next == sum {
                return sum;
            }
            sum = next;
            j += 1.0;
        }
    } else {
        x * (x / m).ln() + m - x
    }
}

/// `ln` of the binomial probability of `x` successes in `n` trials of probability `p`
/// (`q = 1 − p` given separately to keep its precision), in Loader's saddle-point form.
fn ln_binomial_pmf(x: u64, n: u64, p: f64, q: f64) -> f64 {
    let nf = n as f64;
    if x == 0 {
        return if n == 0 {
            0.0
        } else if p < 0.5 {
            nf * (-p).ln_1p()
        } else {
            nf * q.ln()
        };
    }
    if x == n {
        return if q < 0.5 {
            nf * (-q).ln_1p()
        } else {
            nf * p.ln()
        };
    }
    let xf = x as f64;
    let yf = (n - x) as f64;
    let main = stirling_error(n)
        - stirling_error(x)
        - stirling_error(n - x)
        - deviance(xf, nf * p)
        - deviance(yf, nf * q);
    main - 0.5 * ((2.0 * PI).ln() + xf.ln() + (-xf / nf).ln_1p())
}
