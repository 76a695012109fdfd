//! Arithmetic in ℚ\[x\]/(f) for a square-free f — the numbers ℚ(α) of Kimura's test when
//! singular points are conjugate algebraic numbers (α a root of f): reduction, inverses by
//! the extended Euclidean algorithm, traces, and the characteristic polynomial
//! Π_α (X − β(α)) of an element β from its power sums (Newton's identities).
//!
//! For square-free f the algebra is a product of fields, so every element coprime to f is
//! invertible and the characteristic polynomial runs over all roots of f, irreducible or
//! not. Everything is exact.

use num_bigint::BigInt;
use num_traits::{One, Zero};
use varan_algebra::{UPoly, Q};

/// ℚ\[x\]/(f), f of degree ≥ 1.
#[derive(Debug, Clone)]
pub(crate) struct Quotient {
    f: UPoly,
    k: usize,
}

impl Quotient {
    /// The algebra ℚ\[x\]/(f); `None` for a constant f.
    pub(crate) fn new(f: UPoly) -> Option<Quotient> {
        let k = f.degree().filter(|&d| d > 0)?;
        Some(Quotient { f, k })
    }

    /// a mod f.
    pub(crate) fn reduce(&self, a: &UPoly) -> Option<UPoly> {
        a.div_rem(&self.f).ok().map(|(_, r)| r)
    }

    /// a·b mod f.
    pub(crate) fn mul(&self, a: &UPoly, b: &UPoly) -> Option<UPoly> {
        self.reduce(&a.mul(b))
    }

    /// a⁻¹ mod f; `None` when gcd(a, f) ≠ 1.
    pub(crate) fn inverse(&self, a: &UPoly) -> Option<UPoly> {
        // extended Euclid on (f, a), tracking only the coefficient of a
        let (mut r0, mut r1) = (self.f.clone(), self.reduce(a)?);
        let (mut s0, mut s1) = (UPoly::zero(), UPoly::one());
        while !r1.is_zero() {
            let (q, r2) = r0.div_rem(&r1).ok()?;
            let s2 = s0.sub(&q.mul(&s1));
            (r0, r1) = (r1, r2);
            (s0, s1) = (s1, s2);
        }
        // r0 = s0·a (mod f) is the gcd; it must be a non-zero constant
        if r0.degree() != Some(0) {
            return None;
        }
        self.reduce(&s0.scale(&(Q::one() / r0.lead())))
    }

    /// Tr(a) = Σ_α a(α), the trace of multiplication by a.
    pub(crate) fn trace(&self, a: &UPoly) -> Option<Q> {
        let mut t = Q::zero();
        let mut xi = UPoly::one();
        for i in 0..self.k {
            t += self.mul(&xi, a)?.coeff(i);
            xi = xi.mul(&UPoly::x());
        }
        Some(t)
    }

    /// The elementary symmetric functions e_1, …, e_k of the values a(α) over the k roots
    /// α of f, from the power sums p_j = Tr(a^j): j·e_j = Σ_{i=1}^{j} (−1)^{i−1} e_{j−i} p_i.
    pub(crate) fn elementary_symmetric(&self, a: &UPoly) -> Option<Vec<Q>> {
        let mut p = Vec::with_capacity(self.k);
        let mut power = UPoly::one();
        for _ in 0..self.k {
            power = self.mul(&power, a)?;
            p.push(self.trace(&power)?);
        }
        let mut e = vec![Q::one()];
        for j in 1..=self.k {
            let mut acc = Q::zero();
            for i in 1..=j {
                let term = &e[j - i] * &p[i - 1];
                if i % 2 == 1 {
                    acc += term;
                } else {
                    acc -= term;
                }
            }
            e.push(acc / Q::from_integer(BigInt::from(j)));
        }
        e.remove(0);
        Some(e)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn q(n: i64) -> Q {
        Q::from_integer(n.into())
    }

    /// In ℚ(√2): (1 + √2)⁻¹ = √2 − 1; Tr(3 + 2√2) = 6, N(3 + 2√2) = 1.
    #[test]
    fn quadratic_field() {
        let f = UPoly::from_coeffs(vec![q(-2), q(0), q(1)]);
        let k = Quotient::new(f).unwrap();
        let a = UPoly::from_coeffs(vec![q(1), q(1)]);
        assert_eq!(k.inverse(&a).unwrap(), UPoly::from_coeffs(vec![q(-1), q(1)]));
        let b = UPoly::from_coeffs(vec![q(3), q(2)]);
        assert_eq!(k.elementary_symmetric(&b).unwrap(), vec![q(6), q(1)]);
    }

    /// α³ = 2: the conjugates of α² are the roots of X³ − 4 (e = 0, 0, 4).
    #[test]
    fn cubic_field() {
        let f = UPoly::from_coeffs(vec![q(-2), q(0), q(0), q(1)]);
        let k = Quotient::new(f).unwrap();
        let a2 = UPoly::from_coeffs(vec![q(0), q(0), q(1)]);
        assert_eq!(k.elementary_symmetric(&a2).unwrap(), vec![q(0), q(0), q(4)]);
    }
}
