//! Laurent expansions of r ∈ ℚ(x) at a point c of a multi-quadratic field K (in t = x − c)
//! and at ∞ (in t = 1/x), and square roots of Laurent series whose leading coefficient has
//! a square root in a multi-quadratic field — the local data \[√r\]_c, b and α_c^± of
//! Kovacic's case 1 \[Kov86, §3.1\] and b of cases 2 and 3 \[Kov86, §4.1, §5.1\]. At a pole
//! c ∉ ℚ the coefficients lie in ℚ(c); every operation is exact in K (`field.rs`).

use num_bigint::BigInt;
use num_traits::{One, Signed};
use varan_algebra::{URat, Q};

use super::field::QuadNum;
use super::kpoly::QuadPoly;

/// r = t^e · Σ_{k ≥ 0} s_k t^k: the exponent e and the first `n` coefficients.
#[derive(Debug, Clone, PartialEq)]
pub struct Series {
    /// The exponent of the leading term.
    pub exponent: i64,
    /// s_0, s_1, … (s_0 ≠ 0).
    pub coeffs: Vec<QuadNum>,
}

/// n/d as a Laurent series in t to `count` terms (the valuation difference is the exponent).
fn divide(n: &[QuadNum], d: &[QuadNum], count: usize) -> Option<Series> {
    let vn = n.iter().position(|x| !x.is_zero())?;
    let vd = d.iter().position(|x| !x.is_zero())?;
    let (n, d) = (&n[vn..], &d[vd..]);
    let inv = d[0].inv()?;
    let mut out = Vec::with_capacity(count);
    let mut rem: Vec<QuadNum> = n.to_vec();
    rem.resize(count.max(rem.len()), QuadNum::zero());
    for k in 0..count {
        let c = rem[k].mul(&inv);
        for (j, dj) in d.iter().enumerate() {
            if k + j < rem.len() && !dj.is_zero() {
                rem[k + j] = rem[k + j].sub(&c.mul(dj));
            }
        }
        out.push(c);
    }
    Some(Series { exponent: vn as i64 - vd as i64, coeffs: out })
}

/// The Laurent expansion of r at the point c ∈ K, to `count` terms.
pub fn at_point(r: &URat, c: &QuadNum, count: usize) -> Option<Series> {
    let n = QuadPoly::from_upoly(r.num()).shift(c);
    let d = QuadPoly::from_upoly(r.den()).shift(c);
    divide(n.coeffs(), d.coeffs(), count)
}

/// The expansion of r at ∞ in t = 1/x, to `count` terms.
pub fn at_infinity(r: &URat, count: usize) -> Option<Series> {
    let lift = |c: &[Q]| -> Vec<QuadNum> {
        c.iter().rev().map(|q| QuadNum::from_rational(q.clone())).collect()
    };
    let dn = r.num().degree()? as i64;
    let dd = r.den().degree().unwrap_or(0) as i64;
    let s = divide(&lift(r.num().coeffs()), &lift(r.den().coeffs()), count)?;
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

/// Σ q_k t^k = √(Σ s_k t^k) to `count` terms, with q_0 a square root of s_0 in a
/// multi-quadratic field; the error says why q_0 could not be found.
pub fn sqrt_series(s: &[QuadNum], count: usize) -> Result<Vec<QuadNum>, String> {
    let s0 = s.first().ok_or("empty series")?;
    let q0 = s0.sqrt().ok_or_else(|| {
        format!("the leading coefficient {} has no square root in a multi-quadratic field that varan can find", s0.to_text())
    })?;
    let inv =
        q0.scale(&Q::from_integer(BigInt::from(2))).inv().ok_or("zero leading coefficient")?;
    let mut q = vec![q0];
    for k in 1..count {
        let mut acc = s.get(k).cloned().unwrap_or_else(QuadNum::zero);
        for j in 1..k {
            acc = acc.sub(&q[j].mul(&q[k - j]));
        }
        q.push(acc.mul(&inv));
    }
    Ok(q)
}

/// (½ + ½√(1 + 4b), ½ − ½√(1 + 4b)) in a multi-quadratic field, or why not.
pub fn half_plus_minus(b: &QuadNum) -> Result<(QuadNum, QuadNum), String> {
    let disc = QuadNum::one().add(&b.scale(&Q::from_integer(BigInt::from(4))));
    let root = disc.sqrt().ok_or_else(|| {
        format!(
            "√(1 + 4b) = √({}) is not in a multi-quadratic field varan can find",
            disc.to_text()
        )
    })?;
    let half = Q::new(BigInt::one(), BigInt::from(2));
    let h = QuadNum::from_rational(half.clone());
    let rh = root.scale(&half);
    Ok((h.add(&rh), h.sub(&rh)))
}
