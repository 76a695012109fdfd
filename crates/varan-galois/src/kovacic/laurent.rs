//! Laurent expansions of r ∈ ℚ(x) at a rational point c (in t = x − c) and at ∞ (in
//! t = 1/x), and square roots of Laurent series with a rational leading square — the
//! local data [√r]_c, b and α_c^± of Kovacic's case 1 [Kov86, §3.1].

use num_bigint::BigInt;
use num_traits::{One, Signed, Zero};
use varan_algebra::{UPoly, URat, Q};

/// r = t^e · Σ_{k ≥ 0} s_k t^k: the exponent e and the first `n` coefficients.
#[derive(Debug, Clone, PartialEq)]
pub struct Series {
    /// The exponent of the leading term.
    pub exponent: i64,
    /// s_0, s_1, … (s_0 ≠ 0).
    pub coeffs: Vec<Q>,
}

/// p(c + t) as a polynomial in t (Taylor shift).
fn shift(p: &UPoly, c: &Q) -> Vec<Q> {
    // Horner with polynomials: p(c + t)
    let mut acc: Vec<Q> = Vec::new();
    for a in p.coeffs().iter().rev() {
        // acc = acc·(c + t) + a
        let mut next = vec![Q::zero(); acc.len() + 1];
        for (i, x) in acc.iter().enumerate() {
            next[i] += x * c;
            next[i + 1] += x.clone();
        }
        next[0] += a;
        acc = next;
    }
    while acc.last().is_some_and(|x| x.is_zero()) {
        acc.pop();
    }
    acc
}

/// n/d as a power series in t to `count` terms, for polynomials n, d in t with d(0) ≠ 0
/// after removing the common power of t (the valuation difference is returned).
fn divide(n: &[Q], d: &[Q], count: usize) -> Option<Series> {
    let vn = n.iter().position(|x| !x.is_zero())?;
    let vd = d.iter().position(|x| !x.is_zero())?;
    let (n, d) = (&n[vn..], &d[vd..]);
    let mut out = Vec::with_capacity(count);
    let mut rem: Vec<Q> = n.to_vec();
    rem.resize(count.max(rem.len()), Q::zero());
    for k in 0..count {
        let c = &rem[k] / &d[0];
        for (j, dj) in d.iter().enumerate() {
            if k + j < rem.len() {
                let sub = &c * dj;
                rem[k + j] -= sub;
            }
        }
        out.push(c);
    }
    Some(Series { exponent: vn as i64 - vd as i64, coeffs: out })
}

/// The Laurent expansion of r at the rational point c, to `count` terms.
pub fn at_point(r: &URat, c: &Q, count: usize) -> Option<Series> {
    divide(&shift(r.num(), c), &shift(r.den(), c), count)
}

/// The expansion of r at ∞ in t = 1/x, to `count` terms.
pub fn at_infinity(r: &URat, count: usize) -> Option<Series> {
    let n: Vec<Q> = r.num().coeffs().iter().rev().cloned().collect();
    let d: Vec<Q> = r.den().coeffs().iter().rev().cloned().collect();
    let dn = r.num().degree()? as i64;
    let dd = r.den().degree().unwrap_or(0) as i64;
    let s = divide(&n, &d, count)?;
    // r(1/t) = t^{dd − dn} · Ñ(t)/D̃(t)
    Some(Series { exponent: s.exponent + dd - dn, coeffs: s.coeffs })
}

/// The rational square root of q ≥ 0, if q is a square in ℚ.
pub fn rational_sqrt(q: &Q) -> Option<Q> {
    if q.is_negative() {
        return None;
    }
    let n = q.numer().sqrt();
    let d = q.denom().sqrt();
    if &(&n * &n) == q.numer() && &(&d * &d) == q.denom() {
        Some(Q::new(n, d))
    } else {
        None
    }
}

/// Σ q_k t^k = √(Σ s_k t^k) to `count` terms (leading coefficient's rational square root);
/// `None` if s_0 is not a square in ℚ.
pub fn sqrt_series(s: &[Q], count: usize) -> Option<Vec<Q>> {
    let q0 = rational_sqrt(s.first()?)?;
    if q0.is_zero() {
        return None;
    }
    let two_q0 = &q0 * Q::from_integer(BigInt::from(2));
    let mut q = vec![q0];
    for k in 1..count {
        let mut acc = s.get(k).cloned().unwrap_or_else(Q::zero);
        for j in 1..k {
            acc -= &q[j] * &q[k - j];
        }
        q.push(acc / &two_q0);
    }
    Some(q)
}

/// 1/2 ± √(1 + 4b)/2 when 1 + 4b is a rational square.
pub fn half_plus_minus(b: &Q) -> Option<(Q, Q)> {
    let disc = Q::one() + Q::from_integer(BigInt::from(4)) * b;
    let root = rational_sqrt(&disc)?;
    let half = Q::new(BigInt::one(), BigInt::from(2));
    Some((&half + &root * &half, &half - &root * &half))
}
