//! Keyness statistics checked against independent computations: χ² in Pearson's
//! cell-by-cell form, G² in its entropy form, and Lafon's specificity against hypergeometric
//! tails summed exactly with big integers.

use entretien::stats::{
    association, chi2, g2, keyness, lafon, Cooccurrence, Correction, Hypergeometric, Table,
    SPECIFICITY_CAP,
};

// ---------------------------------------------------------------------------------------
// A small unsigned big integer (little-endian base 2³² limbs), just enough for binomials.

#[derive(Clone, Debug, PartialEq)]
struct Big(Vec<u32>);

impl Big {
    fn one() -> Big {
        Big(vec![1])
    }

    fn zero() -> Big {
        Big(Vec::new())
    }

    fn trim(&mut self) {
        while self.0.last() == Some(&0) {
            self.0.pop();
        }
    }

    fn mul_small(&mut self, m: u32) {
        let mut carry = 0u64;
        for limb in &mut self.0 {
            let v = u64::from(*limb) * u64::from(m) + carry;
            *limb = v as u32;
            carry = v >> 32;
        }
        if carry > 0 {
            self.0.push(carry as u32);
        }
        self.trim();
    }

    /// Divides by `d`, which must divide the number exactly.
    fn div_exact_small(&mut self, d: u32) {
        let mut rem = 0u64;
        for limb in self.0.iter_mut().rev() {
            let v = (rem << 32) | u64::from(*limb);
            *limb = (v / u64::from(d)) as u32;
            rem = v % u64::from(d);
        }
        assert_eq!(rem, 0, "inexact division in a binomial recurrence");
        self.trim();
    }

    fn add(&mut self, other: &Big) {
        if self.0.len() < other.0.len() {
            self.0.resize(other.0.len(), 0);
        }
        let mut carry = 0u64;
        for i in 0..self.0.len() {
            let v = u64::from(self.0[i]) + u64::from(*other.0.get(i).unwrap_or(&0)) + carry;
            self.0[i] = v as u32;
            carry = v >> 32;
        }
        if carry > 0 {
            self.0.push(carry as u32);
        }
    }

    fn mul(&self, other: &Big) -> Big {
        let mut out = vec![0u32; self.0.len() + other.0.len()];
        for (i, &x) in self.0.iter().enumerate() {
            let mut carry = 0u64;
            for (j, &y) in other.0.iter().enumerate() {
                let v = u64::from(out[i + j]) + u64::from(x) * u64::from(y) + carry;
                out[i + j] = v as u32;
                carry = v >> 32;
            }
            let mut k = i + other.0.len();
            while carry > 0 {
                let v = u64::from(out[k]) + carry;
                out[k] = v as u32;
                carry = v >> 32;
                k += 1;
            }
        }
        let mut big = Big(out);
        big.trim();
        big
    }

    fn bits(&self) -> u64 {
        match self.0.last() {
            None => 0,
            Some(top) => 32 * (self.0.len() as u64 - 1) + u64::from(32 - top.leading_zeros()),
        }
    }

    /// Natural logarithm, from the top 96 bits (relative error ~1e-16).
    fn ln(&self) -> f64 {
        let n = self.0.len();
        assert!(n > 0, "ln(0)");
        let mut top = 0f64;
        for k in 0..3.min(n) {
            top = top * 4294967296.0 + f64::from(self.0[n - 1 - k]);
        }
        let dropped = n.saturating_sub(3) as f64 * 32.0;
        top.ln() + dropped * std::f64::consts::LN_2
    }
}

fn binomial(n: u64, k: u64) -> Big {
    let k = k.min(n - k);
    let mut c = Big::one();
    for i in 0..k {
        c.mul_small((n - i) as u32);
        c.div_exact_small((i + 1) as u32);
    }
    c
}

/// `ln P(X ≥ a)` (`upper`) or `ln P(X ≤ a)` for X ~ Hypergeometric(total, f, n), summed
/// exactly term by term (stopping once a term is 2⁻¹⁶⁰ of the sum: the terms fall at least
/// geometrically past the mode, so what is left is far below f64 precision).
fn exact_ln_tail(total: u64, f: u64, n: u64, a: u64, upper: bool) -> f64 {
    // H(N, f, n) and H(N, n, f) are the same law: draw the smaller number, for speed.
    let (f, n) = (f.max(n), f.min(n));
    let rest = total - f;
    let low = (f + n).saturating_sub(total);
    let high = f.min(n);
    let mut from_f = binomial(f, a); // C(f, k)
    let mut from_rest = binomial(rest, n - a); // C(rest, n − k)
    let mut sum = Big::zero();
    let mut k = a;
    loop {
        let term = from_f.mul(&from_rest);
        sum.add(&term);
        if sum.bits() > term.bits() + 160 {
            break;
        }
        if upper {
            if k == high {
                break;
            }
            from_f.mul_small((f - k) as u32);
            from_f.div_exact_small((k + 1) as u32);
            let j = n - k;
            from_rest.mul_small(j as u32);
            from_rest.div_exact_small((rest - j + 1) as u32);
            k += 1;
        } else {
            if k == low {
                break;
            }
            from_f.mul_small(k as u32);
            from_f.div_exact_small((f - k + 1) as u32);
            let j = n - k;
            from_rest.mul_small((rest - j) as u32);
            from_rest.div_exact_small((j + 1) as u32);
            k -= 1;
        }
    }
    sum.ln() - binomial(total, n).ln()
}

/// Lafon's specificity from its definition, with exact tails.
fn exact_lafon(a: u64, n1: u64, b: u64, n2: u64) -> f64 {
    let (f, total) = (a + b, n1 + n2);
    let (observed, expected) = (a as u128 * total as u128, f as u128 * n1 as u128);
    if observed > expected {
        -exact_ln_tail(total, f, n1, a, true) / std::f64::consts::LN_10
    } else if observed < expected {
        exact_ln_tail(total, f, n1, a, false) / std::f64::consts::LN_10
    } else {
        0.0
    }
}

fn assert_close(got: f64, want: f64, rel: f64, what: &str) {
    let scale = want.abs().max(1e-300);
    assert!(
        (got - want).abs() <= rel * scale || (want == 0.0 && got == 0.0),
        "{what}: got {got:e}, want {want:e} (relative error {:e})",
        (got - want).abs() / scale
    );
}

fn table(a: u64, n1: u64, b: u64, n2: u64) -> Table {
    Table::new(a, n1, b, n2).expect("valid table")
}

// ---------------------------------------------------------------------------------------
// χ² and G², independently.

/// The four cells with their expected values: (observed, expected).
fn cells(a: u64, n1: u64, b: u64, n2: u64) -> [(f64, f64); 4] {
    let n = (n1 + n2) as f64;
    let f = (a + b) as f64;
    let g = n - f;
    [
        (a as f64, f * n1 as f64 / n),
        (b as f64, f * n2 as f64 / n),
        ((n1 - a) as f64, g * n1 as f64 / n),
        ((n2 - b) as f64, g * n2 as f64 / n),
    ]
}

/// quanteda's rule, restated: correct by 0.5 when the deviation is at least 0.5 and an
/// expected cell is below 5.
fn quanteda_delta(c: &[(f64, f64); 4]) -> f64 {
    let deviation = (c[0].0 - c[0].1).abs();
    let small = c.iter().any(|&(_, e)| e < 5.0);
    if deviation >= 0.5 && small {
        0.5
    } else {
        0.0
    }
}

fn sign(a: u64, n1: u64, b: u64, n2: u64) -> f64 {
    let lhs = a as u128 * (n1 + n2) as u128;
    let rhs = (a + b) as u128 * n1 as u128;
    match lhs.cmp(&rhs) {
        std::cmp::Ordering::Greater => 1.0,
        std::cmp::Ordering::Less => -1.0,
        std::cmp::Ordering::Equal => 0.0,
    }
}

/// Pearson's Σ (|O − E| − δ)² / E.
fn pearson(a: u64, n1: u64, b: u64, n2: u64, yates: bool) -> f64 {
    let c = cells(a, n1, b, n2);
    let delta = if yates { quanteda_delta(&c) } else { 0.0 };
    let stat: f64 = c
        .iter()
        .map(|&(o, e)| ((o - e).abs() - delta).powi(2) / e)
        .sum();
    sign(a, n1, b, n2) * stat
}

/// G² = 2 [Σ O ln O − Σ R ln R − Σ C ln C + N ln N], on cells moved by δ towards E.
fn entropy_g2(a: u64, n1: u64, b: u64, n2: u64, yates: bool) -> f64 {
    let c = cells(a, n1, b, n2);
    let delta = if yates { quanteda_delta(&c) } else { 0.0 };
    let moved: Vec<f64> = c
        .iter()
        .map(|&(o, e)| if o > e { o - delta } else { o + delta })
        .collect();
    let xlx = |x: f64| if x > 0.0 { x * x.ln() } else { 0.0 };
    let n = (n1 + n2) as f64;
    let rows = [moved[0] + moved[1], moved[2] + moved[3]];
    let cols = [moved[0] + moved[2], moved[1] + moved[3]];
    let stat = 2.0
        * (moved.iter().map(|&x| xlx(x)).sum::<f64>()
            - rows.iter().map(|&x| xlx(x)).sum::<f64>()
            - cols.iter().map(|&x| xlx(x)).sum::<f64>()
            + xlx(n));
    sign(a, n1, b, n2) * stat
}

/// G² as 2 Σ E φ(O/E) with φ(t) = t ln t − t + 1 ≥ 0 (the `− O + E` parts cancel over the
/// table): a sum of non-negative terms, each from `u = O/E − 1` formed exactly from integers,
/// so it stays accurate when N is in the hundreds of millions.
fn deviance_g2(a: u64, n1: u64, b: u64, n2: u64, yates: bool) -> f64 {
    let c = cells(a, n1, b, n2);
    let delta = if yates { quanteda_delta(&c) } else { 0.0 };
    let (n, f) = ((n1 + n2) as i128, (a + b) as i128);
    // (twice the observed count, row margin, column margin) per cell.
    let over = sign(a, n1, b, n2) as i128 * (2.0 * delta) as i128;
    let parts = [
        (2 * a as i128 - over, f, n1 as i128),
        (2 * b as i128 + over, f, n2 as i128),
        (2 * (n1 - a) as i128 + over, n - f, n1 as i128),
        (2 * (n2 - b) as i128 - over, n - f, n2 as i128),
    ];
    let mut sum = 0.0;
    for (twice_o, row, col) in parts {
        let expected = (row * col) as f64 / n as f64;
        let u = (twice_o * n - 2 * row * col) as f64 / (2 * row * col) as f64;
        let phi = if twice_o == 0 {
            1.0
        } else if u.abs() < 0.1 {
            // Σ_{k≥2} (−u)^k / (k (k − 1)).
            let mut total = 0.0;
            let mut power = -u; // (−u)^k, from k = 1
            for k in 2..60 {
                power *= -u;
                total += power / (k * (k - 1)) as f64;
            }
            total
        } else {
            (1.0 + u) * (1.0 + u).ln() - u
        };
        sum += expected * phi;
    }
    sign(a, n1, b, n2) * 2.0 * sum
}

/// (a, n1, b, n2): tiny, zero, asymmetric, balanced, and large tables.
const CASES: &[(u64, u64, u64, u64)] = &[
    (1, 3, 0, 2),
    (0, 5, 4, 6),
    (3, 10, 7, 9),
    (7, 9, 3, 10),
    (2, 40, 1, 60),
    (30, 10_000, 20, 40_000),
    (4, 1_000, 200, 1_000_000),
    (0, 2_000, 500, 100_000),
    (1_000, 1_000_000, 2_000, 9_000_000),
    (52, 2_000, 999_948, 99_998_000),
    (5, 2_000, 999_995, 99_998_000),
    (120, 50_000_000, 80, 50_000_000),
];

#[test]
fn chi2_equals_pearsons_cell_form() {
    for &(a, n1, b, n2) in CASES {
        let t = table(a, n1, b, n2);
        let what = format!("chi2 {:?}", (a, n1, b, n2));
        assert_close(
            chi2(&t, Correction::None),
            pearson(a, n1, b, n2, false),
            1e-9,
            &what,
        );
        assert_close(
            chi2(&t, Correction::Yates),
            pearson(a, n1, b, n2, true),
            1e-9,
            &what,
        );
    }
}

#[test]
fn g2_equals_the_deviance_form() {
    for &(a, n1, b, n2) in CASES {
        let t = table(a, n1, b, n2);
        let what = format!("g2 {:?}", (a, n1, b, n2));
        assert_close(
            g2(&t, Correction::None),
            deviance_g2(a, n1, b, n2, false),
            1e-9,
            &what,
        );
        assert_close(
            g2(&t, Correction::Yates),
            deviance_g2(a, n1, b, n2, true),
            1e-9,
            &what,
        );
    }
}

#[test]
fn g2_equals_the_entropy_form() {
    // The entropy form cancels terms of size N ln N: only precise enough up to N ≈ 10⁷.
    for &(a, n1, b, n2) in CASES.iter().filter(|c| c.1 + c.3 <= 10_000_000) {
        let t = table(a, n1, b, n2);
        let what = format!("g2 {:?}", (a, n1, b, n2));
        assert_close(
            g2(&t, Correction::None),
            entropy_g2(a, n1, b, n2, false),
            1e-9,
            &what,
        );
        assert_close(
            g2(&t, Correction::Yates),
            entropy_g2(a, n1, b, n2, true),
            1e-9,
            &what,
        );
    }
}

#[test]
fn chi2_matches_r_chisq_test_where_quanteda_does() {
    // quanteda's own check: chisq.test(correct = TRUE) on d1 = "b b b b b b b a a a",
    // d2 = "a a a a a a a b b". R corrects by min(0.5, |O − E|) in every 2×2 table.
    let (a, n1, b, n2) = (3, 10, 7, 9);
    let c = cells(a, n1, b, n2);
    let r_yates = (c[0].0 - c[0].1).abs().min(0.5);
    let r_stat: f64 = c
        .iter()
        .map(|&(o, e)| ((o - e).abs() - r_yates).powi(2) / e)
        .sum();
    let t = table(a, n1, b, n2);
    assert_close(
        chi2(&t, Correction::Yates),
        -r_stat,
        1e-12,
        "chi2 vs chisq.test",
    );
}

#[test]
fn yates_applies_only_with_a_small_expected_cell() {
    // Every expected cell ≥ 5: the corrected statistics equal the uncorrected ones.
    let t = table(30, 10_000, 20, 40_000);
    assert_eq!(chi2(&t, Correction::Yates), chi2(&t, Correction::None));
    assert_eq!(g2(&t, Correction::Yates), g2(&t, Correction::None));
    // An expected cell below 5: the correction lowers both.
    let t = table(2, 40, 1, 60);
    assert!(chi2(&t, Correction::Yates).abs() < chi2(&t, Correction::None).abs());
    assert!(g2(&t, Correction::Yates).abs() < g2(&t, Correction::None).abs());
}

#[test]
fn williams_divides_by_q() {
    for &(a, n1, b, n2) in &[(3u64, 10u64, 7u64, 9u64), (30, 10_000, 20, 40_000)] {
        let (n, f) = ((n1 + n2) as f64, (a + b) as f64);
        let q =
            1.0 + (n / f + n / (n - f) - 1.0) * (n / n1 as f64 + n / n2 as f64 - 1.0) / (6.0 * n);
        let t = table(a, n1, b, n2);
        let what = format!("williams {:?}", (a, n1, b, n2));
        assert_close(
            g2(&t, Correction::Williams),
            entropy_g2(a, n1, b, n2, false) / q,
            1e-9,
            &what,
        );
        assert_close(
            chi2(&t, Correction::Williams),
            pearson(a, n1, b, n2, false) / q,
            1e-9,
            &what,
        );
    }
    // A zero cell: no correction, as in quanteda.
    let t = table(0, 5, 4, 6);
    assert_eq!(g2(&t, Correction::Williams), g2(&t, Correction::None));
}

#[test]
fn signs_follow_over_and_under_use() {
    for &(a, n1, b, n2) in CASES {
        let t = table(a, n1, b, n2);
        let k = keyness(&t);
        let s = sign(a, n1, b, n2);
        for (name, v) in [("chi2", k.chi2), ("g2", k.g2), ("lafon", k.lafon)] {
            assert!(
                v * s >= 0.0,
                "{name} of {:?} has the wrong sign: {v}",
                (a, n1, b, n2)
            );
        }
        // Swapping target and reference negates every score.
        let swapped = keyness(&table(b, n2, a, n1));
        assert_close(swapped.chi2, -k.chi2, 1e-12, "swapped chi2");
        assert_close(swapped.g2, -k.g2, 1e-12, "swapped g2");
        assert_close(swapped.lafon, -k.lafon, 1e-9, "swapped lafon");
    }
}

#[test]
fn exactly_expected_scores_zero() {
    // a = E = 10.
    let k = keyness(&table(10, 100, 90, 900));
    assert_eq!((k.chi2, k.g2, k.lafon), (0.0, 0.0, 0.0));
    assert_eq!(k.expected, 10.0);
}

#[test]
fn degenerate_tables_score_zero() {
    for &(a, n1, b, n2) in &[
        (0u64, 10u64, 0u64, 20u64),
        (5, 5, 7, 7),
        (3, 10, 0, 0),
        (0, 0, 4, 9),
        (0, 0, 0, 0),
    ] {
        let k = keyness(&table(a, n1, b, n2));
        assert_eq!(
            (k.chi2, k.g2, k.lafon),
            (0.0, 0.0, 0.0),
            "{:?}",
            (a, n1, b, n2)
        );
        assert!(k.expected.is_finite());
    }
}

#[test]
fn invalid_tables_are_errors() {
    assert!(Table::new(4, 3, 0, 10).is_err());
    assert!(Table::new(0, 3, 11, 10).is_err());
    assert!(Table::new(0, u64::MAX, 0, 1).is_err());
    assert!(Table::new(0, 1 << 53, 0, 1).is_err());
    assert!(Table::from_totals(5, 10, 4, 100).is_err()); // a > f
    assert!(Table::from_totals(1, 101, 4, 100).is_err()); // n1 > N
    assert!(Table::from_totals(1, 10, 101, 100).is_err()); // f > N
    assert!(Table::from_totals(4, 10, 95, 100).is_err()); // b = 91 > n2 = 90
    assert!(Hypergeometric::new(10, 11, 3).is_err());
    assert!(Hypergeometric::new(10, 1, 11).is_err());
    let t = Table::from_totals(3, 10, 5, 100).expect("valid");
    assert_eq!((t.a(), t.n1(), t.b(), t.n2()), (3, 10, 2, 90));
}

// ---------------------------------------------------------------------------------------
// Lafon's specificity against exact tails.

#[test]
fn lafon_equals_exact_tails() {
    for &(a, n1, b, n2) in CASES {
        let got = lafon(&table(a, n1, b, n2));
        let want = exact_lafon(a, n1, b, n2);
        assert_close(got, want, 1e-9, &format!("lafon {:?}", (a, n1, b, n2)));
    }
}

#[test]
fn lafon_near_the_mode_and_at_the_ends_of_the_support() {
    // N = 2000, f = 300, n1 = 700: E = 105, mode 105; support 0..=300.
    let (n1, n2, f) = (700u64, 1_300u64, 300u64);
    for a in [0u64, 1, 60, 95, 104, 105, 106, 107, 120, 160, 299, 300] {
        let got = lafon(&table(a, n1, f - a, n2));
        let want = exact_lafon(a, n1, f - a, n2);
        assert_close(got, want, 1e-9, &format!("lafon a = {a}"));
    }
    // The support starts above 0 when f + n1 > N: N = 100, f = 70, n1 = 60, X ≥ 30.
    for a in [30u64, 31, 40, 41, 42, 43, 50, 60] {
        let got = lafon(&table(a, 60, 70 - a, 40));
        let want = exact_lafon(a, 60, 70 - a, 40);
        assert_close(got, want, 1e-9, &format!("lafon shifted support a = {a}"));
    }
}

#[test]
fn lafon_tiny_tables_by_hand() {
    // N = 5, f = 2, n1 = 3, a = 2: P(X ≥ 2) = C(2,2) C(3,1) / C(5,3) = 3/10.
    let got = lafon(&table(2, 3, 0, 2));
    assert_close(got, -(3.0f64 / 10.0).log10(), 1e-12, "3/10");
    // a = 0: P(X ≤ 0) = C(3,3) / C(5,3) = 1/10.
    let got = lafon(&table(0, 3, 2, 2));
    assert_close(got, (1.0f64 / 10.0).log10(), 1e-12, "1/10");
    // N = 1, f = 1, n1 = 1: a = E = 1.
    assert_eq!(lafon(&table(1, 1, 0, 0)), 0.0);
}

#[test]
fn lafon_is_symmetric_in_item_and_part() {
    // X ~ H(N, f, n) and H(N, n, f) are the same law.
    for &(a, part, f, total) in &[
        (45u64, 2_000u64, 1_000_000u64, 100_000_000u64),
        (3, 17, 40, 1_000),
        (150, 4_000, 300, 10_000),
        (0, 2_000, 500, 102_000),
    ] {
        let x = lafon(&Table::from_totals(a, part, f, total).expect("valid"));
        let y = lafon(&Table::from_totals(a, f, part, total).expect("valid"));
        assert_close(x, y, 1e-10, &format!("symmetry {:?}", (a, part, f, total)));
    }
}

#[test]
fn hypergeometric_tails_are_complementary_and_the_pmf_sums_to_one() {
    let law = Hypergeometric::new(2_000, 300, 700).expect("valid");
    let (low, high) = law.support();
    let total: f64 = (low..=high).map(|k| law.ln_pmf(k).exp()).sum();
    assert!((total - 1.0).abs() < 1e-12, "pmf sums to {total}");
    for k in [1u64, 50, 100, 104, 105, 106, 110, 200, 300] {
        let sum = law.ln_sf(k).exp() + law.ln_cdf(k - 1).exp();
        assert!((sum - 1.0).abs() < 1e-12, "P(X ≥ {k}) + P(X < {k}) = {sum}");
    }
    assert_eq!(law.ln_sf(0), 0.0);
    assert_eq!(law.ln_cdf(300), 0.0);
    assert_eq!(law.ln_sf(301), f64::NEG_INFINITY);
    assert_eq!(law.ln_pmf(301), f64::NEG_INFINITY);
}

#[test]
fn hypergeometric_pmf_is_exact_for_large_totals() {
    let (total, f, n) = (100_000_000u64, 1_000_000u64, 2_000u64);
    let law = Hypergeometric::new(total, f, n).expect("valid");
    let denominator = binomial(total, n).ln();
    for k in [0u64, 1, 5, 19, 20, 21, 45, 100, 2_000] {
        let exact = binomial(f, k).mul(&binomial(total - f, n - k)).ln() - denominator;
        assert_close(law.ln_pmf(k), exact, 1e-11, &format!("ln pmf at {k}"));
    }
}

#[test]
fn lafon_is_finite_for_large_and_extreme_tables() {
    // Near the mode of a wide law (≈ 9 000 terms summed), and far in both tails.
    let n = 100_000_000u64;
    for &(a, n1, f) in &[
        (500_100u64, 50_000_000u64, 1_000_000u64),
        (499_000, 50_000_000, 1_000_000),
        (1_000_000, 50_000_000, 1_000_000),
        (0, 50_000_000, 1_000_000),
        (1_000_000, 1_000_000, 1_000_000),
    ] {
        let t = Table::from_totals(a, n1, f, n).expect("valid");
        let s = lafon(&t);
        assert!(
            s.is_finite() && s.abs() < SPECIFICITY_CAP,
            "{:?}: {s}",
            (a, n1, f)
        );
        let law = Hypergeometric::new(n, f, n1).expect("valid");
        if a > law.mode() {
            let sum = law.ln_sf(a).exp() + law.ln_cdf(a - 1).exp();
            assert!((sum - 1.0).abs() < 1e-12, "tails at {a} sum to {sum}");
        }
    }
    // All the item in the part: P(X ≥ 10⁶) = C(N−f, n1−f) / C(N, n1) (tiny, but finite).
    let s = lafon(&Table::from_totals(1_000_000, 50_000_000, 1_000_000, n).expect("valid"));
    assert!(s > 1e5, "{s}");
}

#[test]
fn keyness_serializes() {
    let k = keyness(&table(30, 10_000, 20, 40_000));
    let json = serde_json::to_string(&k).expect("serialize");
    let back: entretien::stats::Keyness = serde_json::from_str(&json).expect("deserialize");
    assert_eq!(back, k);
    assert!(json.contains("\"lafon\":"), "{json}");
}

// ---------------------------------------------------------------------------------------
// Theme co-occurrence.

const SEGMENTS: &[&[usize]] = &[
    &[0, 1],
    &[0, 1, 2],
    &[2],
    &[],
    &[0, 0, 3],
    &[1, 3],
    &[0],
    &[2, 3, 1],
];

fn presence(theme: usize) -> Vec<f64> {
    SEGMENTS
        .iter()
        .map(|s| if s.contains(&theme) { 1.0 } else { 0.0 })
        .collect()
}

/// Pearson correlation of two vectors, from means and centered products.
fn correlation(x: &[f64], y: &[f64]) -> f64 {
    let n = x.len() as f64;
    let (mx, my) = (x.iter().sum::<f64>() / n, y.iter().sum::<f64>() / n);
    let cov: f64 = x.iter().zip(y).map(|(a, b)| (a - mx) * (b - my)).sum();
    let vx: f64 = x.iter().map(|a| (a - mx).powi(2)).sum();
    let vy: f64 = y.iter().map(|b| (b - my).powi(2)).sum();
    cov / (vx * vy).sqrt()
}

fn themes() -> Vec<String> {
    ["outils", "formation", "stress", "usagers"]
        .map(String::from)
        .to_vec()
}

#[test]
fn cooccurrence_jaccard_and_phi_match_direct_computation() {
    let mut co = Cooccurrence::new(themes());
    for s in SEGMENTS {
        co.add_segment(s).expect("indices in range");
    }
    assert_eq!(co.segments(), SEGMENTS.len() as u64);
    for i in 0..4 {
        for j in 0..4 {
            let (x, y) = (presence(i), presence(j));
            let both = x
                .iter()
                .zip(&y)
                .filter(|(a, b)| **a > 0.0 && **b > 0.0)
                .count();
            let either = x
                .iter()
                .zip(&y)
                .filter(|(a, b)| **a > 0.0 || **b > 0.0)
                .count();
            let pair = co.pair(i, j).expect("in range");
            assert_eq!(pair.both, both as u64, "both {i} {j}");
            assert_close(pair.jaccard, both as f64 / either as f64, 1e-12, "jaccard");
            assert_close(
                pair.phi,
                correlation(&x, &y),
                1e-12,
                &format!("phi {i} {j}"),
            );
            let mirror = co.pair(j, i).expect("in range");
            assert_eq!(
                (mirror.both, mirror.first, mirror.second),
                (pair.both, pair.second, pair.first)
            );
            assert_eq!((mirror.jaccard, mirror.phi), (pair.jaccard, pair.phi));
        }
    }
}

#[test]
fn cooccurrence_merge_equals_counting_everything() {
    let mut all = Cooccurrence::new(themes());
    let mut first = Cooccurrence::new(themes());
    let mut second = Cooccurrence::new(themes());
    for (k, s) in SEGMENTS.iter().enumerate() {
        all.add_segment(s).expect("in range");
        let part = if k % 3 == 0 { &mut first } else { &mut second };
        part.add_segment(s).expect("in range");
    }
    first.merge(&second).expect("same themes");
    assert_eq!(first, all);
    let other = Cooccurrence::new(vec!["x".into()]);
    assert!(first.merge(&other).is_err());
}

#[test]
fn cooccurrence_rejects_bad_indices_and_handles_constant_themes() {
    let mut co = Cooccurrence::new(themes());
    assert!(co.add_segment(&[0, 4]).is_err());
    assert_eq!(co.segments(), 0, "a failed segment counts nothing");
    assert!(co.pair(0, 9).is_err());
    co.add_segment(&[0]).expect("in range");
    co.add_segment(&[0, 1]).expect("in range");
    // Theme 0 is in every segment and theme 2 in none: φ is undefined, reported as 0.
    let pair = co.pair(0, 2).expect("in range");
    assert_eq!((pair.phi, pair.jaccard), (0.0, 0.0));
    let none = association(0, 0, 0, 10);
    assert_eq!((none.phi, none.jaccard), (0.0, 0.0));
}
