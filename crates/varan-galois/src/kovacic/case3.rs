//! Kovacic's case 3 \[Kov86, §5\], its first two steps only: the sets E_c, E_∞ and the
//! test that some family gives a non-negative integer d. When no family does, for each of
//! n = 4, 6, 12, the group is not finite primitive (case 3 excluded, exactly); otherwise
//! the search for the polynomial of degree n is not implemented and the caller reports it.
//!
//! Step 1 (for n ∈ {4, 6, 12}): E_c = {12} at a simple pole; at a pole of order 2 with
//! coefficient b of (x − c)^{−2},
//! $$ E_c = \{ 6 + \tfrac{12k}{n}\sqrt{1 + 4b} : k = 0, \pm 1, …, \pm n/2 \} \cap ℤ ; $$
//! E_∞ is the same set for the coefficient b of x^{−2} at ∞ (b = 0 when ord_∞ r > 2).
//! The members with k ≠ 0 are integers only when √(1 + 4b) ∈ ℚ (so b ∈ ℚ); otherwise
//! E_c = {6}. Step 2: d = (n/12)(e_∞ − Σ e_c) must be a non-negative integer; the
//! achievable sums Σ e_c are computed as a set (no enumeration of families).
//! Limits: order-2 poles at roots of irreducible factors of degree ≥ 3 are reported.

use std::collections::BTreeSet;

use num_bigint::BigInt;
use num_traits::{One, ToPrimitive};
use varan_algebra::{URat, Q};

use super::field::QuadNum;
use super::laurent::{at_infinity, at_point, rational_sqrt};
use super::poles::{factors_by_order, roots};

/// s = √(1 + 4b) when it is rational.
fn rational_root(b: &QuadNum) -> Option<Q> {
    let b = b.as_rational()?;
    rational_sqrt(&(Q::one() + Q::from_integer(BigInt::from(4)) * b))
}

/// E for n at a point whose √(1 + 4b) is `s` (`None`: irrational).
fn e_set(s: Option<&Q>, n: i64) -> Vec<i64> {
    let Some(s) = s else { return vec![6] };
    let mut out = Vec::new();
    for k in -n / 2..=n / 2 {
        let v =
            Q::from_integer(BigInt::from(6)) + Q::new(BigInt::from(12 * k), BigInt::from(n)) * s;
        if v.is_integer() {
            if let Some(v) = v.to_integer().to_i64() {
                if !out.contains(&v) {
                    out.push(v);
                }
            }
        }
    }
    out
}

/// The values of n ∈ {4, 6, 12} for which some family passes step 2; empty when case 3
/// is excluded. `Err` when the local data cannot be computed.
pub fn possible_n(r: &URat) -> Result<Vec<i64>, String> {
    let mut fixed: i64 = 0;
    let mut roots2: Vec<Option<Q>> = Vec::new();
    for (order, p) in factors_by_order(r) {
        let deg = p.degree().unwrap_or(0) as i64;
        match order {
            1 => fixed += 12 * deg,
            2 => {
                for c in roots(&p)? {
                    let s = at_point(r, &c, 1).ok_or("empty expansion")?;
                    roots2.push(rational_root(&s.coeffs[0]));
                }
            }
            _ => return Ok(Vec::new()), // excluded by [Kov86, §2]
        }
    }
    let o = r.order_at_infinity().ok_or("r = 0")?;
    if o < 2 {
        return Ok(Vec::new());
    }
    let s_inf = if o > 2 {
        Some(Q::one())
    } else {
        let s = at_infinity(r, 1).ok_or("empty expansion")?;
        rational_root(&s.coeffs[0])
    };
    let mut out = Vec::new();
    for n in [4i64, 6, 12] {
        // achievable Σ e_c
        let mut sums: BTreeSet<i64> = BTreeSet::from([fixed]);
        for s in &roots2 {
            let e = e_set(s.as_ref(), n);
            sums = sums.iter().flat_map(|a| e.iter().map(move |b| a + b)).collect();
        }
        let ok = e_set(s_inf.as_ref(), n).iter().any(|ei| {
            sums.iter().any(|s| {
                let num = n * (ei - s);
                num >= 0 && num % 12 == 0
            })
        });
        if ok {
            out.push(n);
        }
    }
    Ok(out)
}
