//! Kimura's condition (i) \[Kim69\]: one of λ + μ + ν, −λ + μ + ν, λ − μ + ν, λ + μ − ν is
//! an odd integer — for the Gauss equation with λ = 1 − c, μ = c − a − b, ν = a − b these
//! four numbers are 1 − 2b, 2c − 2b − 1, 1 − 2c + 2a, 1 − 2a, so the condition says that
//! one of a, b, c − a, c − b is an integer: the equation is reducible.
//!
//! Decided exactly for exponent differences known only through their squares (which is all
//! that is rational when singular points or Δ's are irrational): with s₁, …, s₄ the four
//! sums,
//! $$ \Phi(z) = \prod_{i=1}^{4} (z - s_i^2) $$
//! is symmetric under every sign change and permutation of (λ, μ, ν), hence a polynomial
//! in e₁, e₂, e₃, the elementary symmetric functions of L = λ², M = μ², N = ν² — rational
//! numbers. Pairing s₁, s₂ = (λ + μ) ± ν and s₃, s₄ = ±(λ − μ) + ν gives, with
//! Y = L + M − N − z,
//! $$ \Phi(z) = (Y^2 + 4LM - 4Nz)^2 - 16\,Y^2 LM, $$
//! which we evaluate by writing L + M = e₁ − N, LM = e₂ − e₁N + N² and reducing modulo
//! N³ − e₁N² + e₂N − e₃ (a symmetric expression reduces to a constant). Condition (i)
//! holds iff Φ(m²) = 0 for an odd integer m: an exact rational-root computation.
//!
//! For display, when every Δ is rational or a square root of a rational, the signs of the
//! relation are found by summing square roots exactly: √p and √q are ℚ-proportional iff pq
//! is a rational square, and square roots of distinct square classes are linearly
//! independent over ℚ, so a sum is rational iff each non-trivial class cancels.

use num_bigint::BigInt;
use num_integer::Integer;
use num_traits::{One, Signed, ToPrimitive, Zero};
use varan_algebra::{UPoly, Q};

use super::riemann::{rational_sqrt, ExponentDifference};

/// Φ(z) = Π_i (z − s_i²) from e₁, e₂, e₃ of (λ², μ², ν²), as a polynomial in z.
pub(crate) fn sign_sum_polynomial(e: &[Q; 3]) -> Option<UPoly> {
    // Φ has degree 4: interpolate its values at z = 0, …, 4
    let values: Vec<Q> = (0..5).map(|z| phi_at(e, &qi(z))).collect::<Option<_>>()?;
    let mut phi = UPoly::zero();
    for (i, yi) in values.iter().enumerate() {
        let mut basis = UPoly::constant(yi.clone());
        for j in 0..5i64 {
            if j as usize != i {
                let scale = Q::one() / qi(i as i64 - j);
                basis = basis.mul(&UPoly::linear_root(qi(j))).scale(&scale);
            }
        }
        phi = phi.add(&basis);
    }
    Some(phi)
}

fn qi(n: i64) -> Q {
    Q::from_integer(BigInt::from(n))
}

/// Φ(z) for one rational z (see the module docs).
fn phi_at(e: &[Q; 3], z: &Q) -> Option<Q> {
    let n = UPoly::x();
    let c = |q: Q| UPoly::constant(q);
    // L + M = e₁ − N, LM = e₂ − e₁N + N²
    let lm = c(e[1].clone()).sub(&n.scale(&e[0])).add(&n.mul(&n));
    // Y = L + M − N − z = (e₁ − z) − 2N
    let y = c(&e[0] - z).sub(&n.scale(&qi(2)));
    let w = y.mul(&y).add(&lm.scale(&qi(4))).sub(&n.scale(&(z * qi(4))));
    let f = w.mul(&w).sub(&y.mul(&y).mul(&lm).scale(&qi(16)));
    let chi = UPoly::from_coeffs(vec![-e[2].clone(), e[1].clone(), -e[0].clone(), Q::one()]);
    let rem = f.div_rem(&chi).ok()?.1;
    // a symmetric function of the three roots: the remainder is a constant
    (rem.degree().unwrap_or(0) == 0).then(|| rem.coeff(0))
}

/// The smallest odd m ≥ 1 with Φ(m²) = 0, or why it could not be decided.
///
/// The roots of the monic Φ satisfy |z| ≤ 2·max_k |φ_{4−k}|^{1/k} (Fujiwara's bound), so
/// the odd m with m² below it are tried one by one (exact evaluation); beyond a million
/// candidates the rational-root search of Φ takes over.
pub(crate) fn odd_root(phi: &UPoly) -> Result<Option<BigInt>, String> {
    let deg = phi.degree().unwrap_or(0);
    let lead = phi.lead();
    let mut bound = BigInt::zero();
    for k in 1..=deg {
        let c = (phi.coeff(deg - k) / &lead).abs().ceil().to_integer();
        bound = bound.max(c.nth_root(k as u32) + BigInt::one());
    }
    let m_max = (bound * 2u32).sqrt() + BigInt::one();
    if let Some(m_max) = m_max.to_u64().filter(|&m| m <= 2_000_000) {
        // D·Φ with integer coefficients, evaluated by Horner's rule in ℤ
        let d = phi.coeffs().iter().fold(BigInt::one(), |acc, c| acc.lcm(c.denom()));
        let ints: Vec<BigInt> =
            phi.coeffs().iter().map(|c| (c * Q::from_integer(d.clone())).to_integer()).collect();
        let mut m: u64 = 1;
        while m <= m_max {
            let z = BigInt::from(m) * BigInt::from(m);
            let v = ints.iter().rev().fold(BigInt::zero(), |acc, c| acc * &z + c);
            if v.is_zero() {
                return Ok(Some(BigInt::from(m)));
            }
            m += 2;
        }
        return Ok(None);
    }
    let odd_sqrt = |z: &Q| -> Option<BigInt> {
        if !z.is_integer() || !z.is_positive() {
            return None;
        }
        let m = z.numer().sqrt();
        (&m * &m == *z.numer() && (&m % 2u32) == BigInt::one()).then_some(m)
    };
    match phi.rational_roots() {
        Some(roots) => Ok(roots.iter().filter_map(odd_sqrt).min()),
        None => Err(
            "the odd-integer condition needs the roots of a polynomial whose coefficients are too large"
                .into(),
        ),
    }
}

/// The exact value of Σ ε_i √q_i when it is rational (`None` otherwise).
pub(crate) fn surd_sum(terms: &[(i8, Q)]) -> Option<Q> {
    // (representative radicand, rational coefficient of its square root)
    let mut classes: Vec<(Q, Q)> = Vec::new();
    for (sign, q) in terms {
        if q.is_zero() {
            continue;
        }
        let sign = Q::from_integer(BigInt::from(*sign));
        match classes.iter_mut().find(|(rep, _)| rational_sqrt(&(q * rep)).is_some()) {
            Some((rep, coeff)) => {
                // √q = √(q/rep)·√rep, both in the same half-line of ℂ
                let ratio = rational_sqrt(&(q / &*rep))?;
                *coeff += sign * ratio;
            }
            None => classes.push((q.clone(), sign)),
        }
    }
    let mut sum = Q::zero();
    for (rep, coeff) in classes {
        if coeff.is_zero() {
            continue;
        }
        sum += coeff * rational_sqrt(&rep)?;
    }
    Some(sum)
}

/// Signs (1, ε₂, ε₃) or their negatives with ε₁λ + ε₂μ + ε₃ν = m, when all three Δ are
/// rational or square roots of rationals.
pub(crate) fn explicit_signs(deltas: &[ExponentDifference], m: &BigInt) -> Option<[i8; 3]> {
    let sq: Vec<Q> = deltas.iter().map(ExponentDifference::square).collect::<Option<_>>()?;
    if sq.len() != 3 {
        return None;
    }
    let target = Q::from_integer(m.clone());
    for (e2, e3) in [(1i8, 1i8), (-1, 1), (1, -1), (-1, -1)] {
        let Some(v) = surd_sum(&[(1, sq[0].clone()), (e2, sq[1].clone()), (e3, sq[2].clone())])
        else {
            continue;
        };
        if v == target {
            return Some([1, e2, e3]);
        }
        if v == -target.clone() {
            return Some([-1, -e2, -e3]);
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kimura::riemann::from_square;

    fn q(n: i64, d: i64) -> Q {
        Q::new(n.into(), d.into())
    }

    /// Φ from (e₁, e₂, e₃) equals Π (z − s_i²) computed directly from rational λ, μ, ν.
    #[test]
    fn phi_matches_the_direct_product() {
        let samples = [
            (q(1, 2), q(1, 3), q(1, 7)),
            (q(1, 1), q(1, 1), q(1, 1)),
            (q(2, 5), q(0, 1), q(-7, 3)),
            (q(5, 4), q(5, 4), q(1, 2)),
        ];
        for (l, m, n) in samples {
            let e = [
                &l * &l + &m * &m + &n * &n,
                &l * &l * &m * &m + &l * &l * &n * &n + &m * &m * &n * &n,
                &l * &l * &m * &m * &n * &n,
            ];
            let phi = sign_sum_polynomial(&e).unwrap();
            let mut direct = UPoly::one();
            for s in [&l + &m + &n, &l + &m - &n, &l - &m + &n, -&l + &m + &n] {
                direct = direct.mul(&UPoly::linear_root(&s * &s));
            }
            assert_eq!(phi, direct, "λ, μ, ν = {l}, {m}, {n}");
        }
    }

    /// Φ decides exactly what an explicit search over signs with exact surd sums decides,
    /// on triples of square roots of small rationals (both signs of radicands).
    #[test]
    fn phi_agrees_with_surd_sums() {
        let radicands: Vec<Q> = [
            q(1, 4),
            q(9, 4),
            q(2, 1),
            q(8, 1),
            q(1, 2),
            q(-1, 1),
            q(-4, 1),
            q(0, 1),
            q(1, 1),
            q(9, 1),
            q(18, 1),
            q(-1, 4),
            q(25, 4),
        ]
        .to_vec();
        for a in &radicands {
            for b in &radicands {
                for c in &radicands {
                    let e = [a + b + c, a * b + a * c + b * c, a * b * c];
                    let phi = sign_sum_polynomial(&e).unwrap();
                    let by_phi = odd_root(&phi).unwrap();
                    let deltas =
                        [from_square(a.clone()), from_square(b.clone()), from_square(c.clone())];
                    let mut by_surds: Option<BigInt> = None;
                    for (e2, e3) in [(1i8, 1i8), (-1, 1), (1, -1), (-1, -1)] {
                        let v = surd_sum(&[(1, a.clone()), (e2, b.clone()), (e3, c.clone())]);
                        if let Some(v) = v.filter(|v| v.is_integer()) {
                            let m = v.numer().abs();
                            if (&m % 2u32) == BigInt::one()
                                && by_surds.as_ref().is_none_or(|x| &m < x)
                            {
                                by_surds = Some(m);
                            }
                        }
                    }
                    assert_eq!(by_phi, by_surds, "Δ² = {a}, {b}, {c}");
                    if let Some(m) = &by_phi {
                        assert!(explicit_signs(&deltas, m).is_some());
                    }
                }
            }
        }
    }
}
