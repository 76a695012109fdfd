//! Residues at algebraic poles without naming the poles. For a square-free q ∈ ℚ\[x\] at
//! whose roots f = A/B has simple poles (q ∥ B), the residue at a root α is
//! A(α)/(q'(α)·(B/q)(α)) = R(α) with R = A·(q'·B/q)⁻¹ mod q. The residues at the roots of
//! q are then the eigenvalues of multiplication by R on ℚ\[x\]/(q), i.e. the roots of the
//! minimal polynomial of R modulo q (square-free, as that operator is diagonalisable over
//! ℂ); the roots where the residue equals a given c ∈ ℚ are those of gcd(q, R − c). This
//! is the residue computation of the Rothstein–Trager method \[Bro05, §2.5\] done by linear
//! algebra instead of a resultant. Also here: a coprime (gcd-free) basis of a family of
//! square-free polynomials and the multiplicity of a factor.

use num_traits::{One, Signed, ToPrimitive, Zero};
use varan_algebra::{UPoly, Q};

use super::linear::{self, Linear};

/// The remainder of a modulo q ≠ 0.
pub(crate) fn rem(a: &UPoly, q: &UPoly) -> UPoly {
    match a.div_rem(q) {
        Ok((_, r)) => r,
        Err(_) => a.clone(),
    }
}

/// s with s·a ≡ 1 (mod q), if gcd(a, q) = 1 and q is not constant.
pub(crate) fn inverse_mod(a: &UPoly, q: &UPoly) -> Option<UPoly> {
    // extended Euclid keeping only the cofactor of a
    let (mut r0, mut r1) = (q.clone(), rem(a, q));
    let (mut s0, mut s1) = (UPoly::zero(), UPoly::one());
    while !r1.is_zero() {
        let (quot, r) = r0.div_rem(&r1).ok()?;
        let s = s0.sub(&quot.mul(&s1));
        (r0, r1) = (r1, r);
        (s0, s1) = (s1, s);
    }
    // r0 = s0·a (mod q) is the gcd; it must be a non-zero constant
    if !r0.is_constant() {
        return None;
    }
    Some(rem(&s0.scale(&(Q::one() / r0.lead())), q))
}

/// The residue polynomial R (reduced mod q) of num/den at the roots of the square-free
/// factor q with q ∥ den (simple poles); `None` if q does not divide den exactly once or
/// shares a root with num.
pub(crate) fn residue_poly(num: &UPoly, den: &UPoly, q: &UPoly) -> Option<UPoly> {
    let cofactor = den.exact_div(q).ok()?;
    let denom = q.derivative().mul(&cofactor);
    let inv = inverse_mod(&denom, q)?;
    let r = rem(&num.mul(&inv), q);
    (!r.is_zero()).then_some(r)
}

/// The minimal polynomial (monic, in the variable z) of multiplication by R on ℚ\[x\]/(q):
/// the first linear dependence among 1, R, R², … modulo q.
pub(crate) fn min_poly_mod(r: &UPoly, q: &UPoly) -> Option<UPoly> {
    let d = q.degree()?;
    if d == 0 {
        return None;
    }
    let vec_of = |p: &UPoly| -> Vec<Q> { (0..d).map(|i| p.coeff(i)).collect() };
    let mut powers = vec![vec_of(&UPoly::one())];
    let mut current = UPoly::one();
    for k in 1..=d {
        current = rem(&current.mul(r), q);
        let target = vec_of(&current);
        // rows = coordinates, columns = previous powers
        let rows: Vec<Vec<Q>> =
            (0..d).map(|i| powers.iter().map(|v| v[i].clone()).collect()).collect();
        if let Linear::Solution(c) = linear::solve(&rows, &target, k) {
            // R^k = Σ c_i R^i  ⇒  z^k − Σ c_i z^i
            let mut coeffs: Vec<Q> = c.into_iter().map(|x| -x).collect();
            coeffs.push(Q::one());
            return Some(UPoly::from_coeffs(coeffs));
        }
        powers.push(target);
    }
    None
}

/// The residues of num/den at the roots of the square-free q (q ∥ den): the residue
/// polynomial R and the minimal polynomial of the residue values.
pub(crate) struct Residues {
    /// R with res_α = R(α) at every root α of q.
    pub r: UPoly,
    /// The minimal polynomial over ℚ (in z) of the residue values at the roots of q.
    pub min_poly: UPoly,
}

impl Residues {
    /// Computes R and its minimal polynomial modulo q.
    pub(crate) fn new(num: &UPoly, den: &UPoly, q: &UPoly) -> Result<Residues, String> {
        let r = residue_poly(num, den, q).ok_or_else(|| {
            format!("residues at the roots of {} could not be computed", q.to_text("x"))
        })?;
        let min_poly = min_poly_mod(&r, q).ok_or_else(|| {
            format!("no minimal polynomial of the residues at the roots of {}", q.to_text("x"))
        })?;
        Ok(Residues { r, min_poly })
    }

    /// The monic factor of q whose roots are those where the residue is c.
    pub(crate) fn factor_with(&self, q: &UPoly, c: &Q) -> UPoly {
        q.gcd(&self.r.sub(&UPoly::constant(c.clone())))
    }

    /// The rational residue values (all of them).
    pub(crate) fn rational_values(&self, q: &UPoly) -> Result<Vec<Q>, String> {
        rational_roots(&self.min_poly).ok_or_else(|| {
            format!(
                "the rational-root search on {} (residues at the roots of {}) was not attempted: coefficients too large",
                self.min_poly.to_text("z"),
                q.to_text("x")
            )
        })
    }

    /// The residue values that are positive integers.
    pub(crate) fn positive_integer_values(&self, q: &UPoly) -> Result<Vec<u64>, String> {
        let m = &self.min_poly;
        // Cauchy's bound: every root z has |z| < 1 + max |m_i / m_n|
        let lead = m.lead();
        let bound = m.coeffs().iter().map(|a| (a / &lead).abs()).max().unwrap_or_default();
        if bound < Q::from_integer(SMALL_ROOT_SCAN.into()) {
            let top = bound.to_integer().to_u64().unwrap_or(0) + 1;
            return Ok((1..=top)
                .filter(|&k| m.eval(&Q::from_integer(k.into())).is_zero())
                .collect());
        }
        let roots = self.rational_values(q)?;
        Ok(roots.iter().filter_map(as_natural).filter(|&k| k > 0).collect())
    }
}

/// Cauchy bounds below which positive integer roots are found by evaluation.
const SMALL_ROOT_SCAN: u64 = 10_000;

/// The rational roots of m, each once (`None` when the search gave up).
pub(crate) fn rational_roots(m: &UPoly) -> Option<Vec<Q>> {
    if m.degree() == Some(1) {
        return Some(vec![-m.coeff(0) / m.coeff(1)]);
    }
    m.rational_roots()
}

/// A coprime basis of the non-constant square-free polynomials `ps`: monic, pairwise
/// coprime, square-free, and each p ∈ ps is a product of some of them.
pub(crate) fn coprime_basis(ps: &[UPoly]) -> Vec<UPoly> {
    let mut basis: Vec<UPoly> = Vec::new();
    for p in ps {
        let mut pending = vec![p.monic()];
        while let Some(a) = pending.pop() {
            if a.degree().unwrap_or(0) == 0 {
                continue;
            }
            match basis.iter().position(|b| !a.gcd(b).is_constant()) {
                None => basis.push(a),
                Some(i) => {
                    let b = basis.swap_remove(i);
                    let g = a.gcd(&b);
                    for x in [&a, &b] {
                        if let Ok(rest) = x.exact_div(&g) {
                            pending.push(rest.monic());
                        }
                    }
                    pending.push(g);
                }
            }
        }
    }
    basis
}

/// The largest e with q^e | p, for non-constant q and p ≠ 0.
pub(crate) fn multiplicity(q: &UPoly, p: &UPoly) -> u32 {
    if q.degree().unwrap_or(0) == 0 || p.is_zero() {
        return 0;
    }
    let mut e = 0;
    let mut rest = p.clone();
    while let Ok(next) = rest.exact_div(q) {
        rest = next;
        e += 1;
    }
    e
}

/// ∏ qᵢ^{eᵢ}.
pub(crate) fn product(factors: &[(UPoly, u32)]) -> UPoly {
    factors.iter().fold(UPoly::one(), |acc, (q, e)| acc.mul(&q.pow(*e)))
}

/// c as a natural number, if it is an integer ≥ 0 that fits in 64 bits.
pub(crate) fn as_natural(c: &Q) -> Option<u64> {
    if c.is_integer() && !c.is_negative() {
        c.to_integer().to_u64()
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn q(n: i64, d: i64) -> Q {
        Q::new(n.into(), d.into())
    }

    #[test]
    fn residues_at_conjugate_poles() {
        // 1/(x² − 2): residues ±1/(2√2), minimal polynomial z² − 1/8
        let den = UPoly::from_coeffs(vec![q(-2, 1), q(0, 1), q(1, 1)]);
        let s = Residues::new(&UPoly::one(), &den, &den).expect("residues");
        assert_eq!(s.min_poly, UPoly::from_coeffs(vec![q(-1, 8), q(0, 1), q(1, 1)]));
        assert_eq!(s.rational_values(&den), Ok(vec![]));
        // (3x − 1)/(x(x − 1)(2x − 1)): residues −1 at 0, 2 at 1, −1 at 1/2
        let den = UPoly::from_coeffs(vec![q(0, 1), q(1, 1), q(-3, 1), q(2, 1)]);
        let num = UPoly::from_coeffs(vec![q(-1, 1), q(3, 1)]);
        let monic = den.monic();
        let s = Residues::new(&num, &den, &monic).expect("residues");
        assert_eq!(s.rational_values(&monic), Ok(vec![q(-1, 1), q(2, 1)]));
        assert_eq!(s.positive_integer_values(&monic), Ok(vec![2]));
        assert_eq!(s.factor_with(&monic, &q(-1, 1)).degree(), Some(2));
        assert_eq!(s.factor_with(&monic, &q(2, 1)), UPoly::linear_root(q(1, 1)));
    }

    #[test]
    fn coprime_basis_splits_common_factors() {
        let x = UPoly::x();
        let a = x.mul(&UPoly::linear_root(q(1, 1)));
        let b = x.mul(&UPoly::linear_root(q(2, 1)));
        let basis = coprime_basis(&[a, b]);
        assert_eq!(basis.len(), 3);
        for (i, p) in basis.iter().enumerate() {
            for r in &basis[i + 1..] {
                assert!(p.gcd(r).is_constant());
            }
        }
    }
}
