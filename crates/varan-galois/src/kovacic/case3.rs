//! Kovacic's case 3 \[Kov86, §5\]: the Galois group G ⊂ SL₂ is finite primitive — the
//! binary tetrahedral (order 24), octahedral (48) or icosahedral (120) group — and ω = u'/u
//! is algebraic over ℚ(x) of degree n = 4, 6 or 12. Poles in a multi-quadratic field K.
//!
//! For n = 4, 6, 12 in this order:
//!
//! - Step 1: E_c = {12} at a simple pole; at a pole of order 2 with coefficient b of
//!   (x − c)^{−2},
//!   $$ E_c = \{ 6 + \tfrac{12k}{n}\sqrt{1 + 4b} : k = 0, \pm 1, …, \pm n/2 \} \cap ℤ ; $$
//!   E_∞ the same for the coefficient b of x^{−2} at ∞ (b = 0 when ord_∞ r > 2). The
//!   members with k ≠ 0 are integers only when √(1 + 4b) ∈ ℚ (so b ∈ ℚ); otherwise
//!   E_c = {6}, exactly.
//! - Step 2: families (e_∞, e_c) with d = (n/12)(e_∞ − Σ e_c) a non-negative integer;
//!   θ = (n/12) Σ_c e_c/(x − c), S = ∏_c (x − c) over the finite poles. Only Sθ, a
//!   polynomial, is needed: a factor P₁ of simple poles contributes n·P₁'·(S/P₁) without
//!   its roots.
//! - Step 3: P_n = −P and, for i = n, n − 1, …, 0 (P_{n+1} = 0),
//!   $$ P_{i-1} = -S P_i' + \big((n - i) S' - S\theta\big) P_i -
//!   (n - i)(i + 1) S^2 r\, P_{i+1} ; $$
//!   the P of degree d with P_{−1} = 0 is found by linear algebra over K (all P_i are
//!   polynomials: S²r is one since poles have order ≤ 2). Then ω is a root of
//!   $$ F(\omega) = \sum_{i=0}^{n} \frac{S^i P_i}{(n - i)!}\,\omega^i , $$
//!   of degree n (the leading coefficient is −SⁿP), scaled so that b_n is monic. F is
//!   verified exactly: it is square-free and divides the derivative of F(ω) along the
//!   Riccati equation (`omega_poly.rs`), so each of its roots solves ω' + ω² = r.
//!
//! What a solution for n says (the caller has excluded cases 1 and 2 completely). A
//! Riccati solution ω algebraic over ℂ(x) has as many conjugates as the orbit of the line
//! ℂu under G acting on ℙ¹; the smallest orbits of the projective groups A₄, S₄, A₅ have 4,
//! 6 and 12 points. So a verified F of degree 4 proves the tetrahedral group; Kovacic's
//! theorem \[Kov86, §5\] (a tetrahedral, octahedral, icosahedral G gives a solution for
//! n = 4, 6, 12 respectively — in the language of \[UW96\], a semi-invariant of that degree
//! with rational logarithmic derivative) makes n = 6 found after a complete search for
//! n = 4 octahedral, and n = 12 after complete searches for 4 and 6 icosahedral. Every finite primitive group has an invariant
//! of degree 12, so a complete search for n = 12 without solution excludes case 3.
//! Limits: order-2 poles at roots of irreducible factors of degree ≥ 3, more than
//! [`MAX_FAMILIES`] families, d > [`MAX_DEGREE`], or a solution P whose F does not verify:
//! `Unsupported`, never a verdict.

use num_bigint::BigInt;
use num_traits::{One, ToPrimitive};
use varan_algebra::{UPoly, URat, Q};

use super::field::QuadNum;
use super::kpoly::{polynomial_kernel, QuadPoly, QuadRatFun};
use super::laurent::{at_infinity, at_point, rational_sqrt};
use super::omega_poly::{divides_riccati_derivative, is_rational, proven_squarefree};
use super::poles::{factors_by_order, roots};
use super::polyring::{full_column_rank_mod_p, integer_kernel, FpPoly, PolyRing, ZPoly};
use crate::kimura::ProjectiveGroup;

/// The outcome of the case-3 search.
#[derive(Debug, Clone, PartialEq)]
pub enum Search {
    /// ω is a root of F = Σ b_i ω^i (verified); the smallest n with a solution and its
    /// group.
    Found {
        /// 4, 6 or 12.
        n: u8,
        /// Tetrahedral, octahedral or icosahedral.
        group: ProjectiveGroup,
        /// b_0, …, b_n ∈ K\[x\] (b_n monic).
        polynomial: Vec<QuadPoly>,
    },
    /// Every family for n = 4, 6, 12 was tried without solution: case 3 does not hold.
    Exhausted,
    /// The search needs what is not implemented.
    Unsupported(String),
}

/// Largest number of families tried for one n.
pub const MAX_FAMILIES: usize = 1 << 14;

/// Largest degree d of the polynomial P.
pub const MAX_DEGREE: usize = 120;

/// s = √(1 + 4b) when it is rational.
fn rational_root(b: &QuadNum) -> Option<Q> {
    let b = b.as_rational()?;
    rational_sqrt(&(Q::one() + Q::from_integer(BigInt::from(4)) * b))
}

/// Largest |e| handled (so that sums and products of exponents stay in i64).
const MAX_EXPONENT: i64 = 1_000_000_000_000;

/// E for n at a point whose √(1 + 4b) is `s` (`None`: irrational), sorted; `Err` for an
/// integer member beyond [`MAX_EXPONENT`] (never dropped silently).
fn e_set(s: Option<&Q>, n: i64) -> Result<Vec<i64>, String> {
    let Some(s) = s else { return Ok(vec![6]) };
    let mut out = Vec::new();
    for k in -n / 2..=n / 2 {
        let v =
            Q::from_integer(BigInt::from(6)) + Q::new(BigInt::from(12 * k), BigInt::from(n)) * s;
        if v.is_integer() {
            match v.to_integer().to_i64() {
                Some(v) if v.abs() <= MAX_EXPONENT => out.push(v),
                _ => return Err(format!("the case-3 exponent {v} is too large")),
            }
        }
    }
    out.sort_unstable();
    out.dedup();
    Ok(out)
}

/// The data of steps 1–3 that do not depend on n.
struct Data {
    /// S = ∏ (x − c) over the finite poles.
    s: QuadPoly,
    /// S'.
    s1: QuadPoly,
    /// S²r (a polynomial).
    s2r: QuadPoly,
    /// P₁'·(S/P₁) for the monic factor P₁ of the simple poles: Σ_c S/(x − c) over them.
    simple: QuadPoly,
    /// 12 × the number of simple poles.
    fixed: i64,
    /// For each pole c of order 2: S/(x − c) and √(1 + 4b) when rational.
    points: Vec<(QuadPoly, Option<Q>)>,
    /// √(1 + 4b) at ∞ when rational.
    s_inf: Option<Q>,
}

impl Data {
    /// `Ok(None)` when the pole orders exclude case 3 \[Kov86, §2\].
    fn new(r: &URat) -> Result<Option<Data>, String> {
        let mut p1 = UPoly::one();
        let mut p2 = UPoly::one();
        for (order, p) in factors_by_order(r) {
            match order {
                1 => p1 = p.monic(),
                2 => p2 = p.monic(),
                _ => return Ok(None),
            }
        }
        let o = r.order_at_infinity().ok_or("r = 0")?;
        if o < 2 {
            return Ok(None);
        }
        let s_inf = if o > 2 {
            Some(Q::one())
        } else {
            let s = at_infinity(r, 1).ok_or("empty expansion at ∞")?;
            rational_root(&s.coeffs[0])
        };
        let s_q = p1.mul(&p2);
        let s2r = URat::poly(s_q.mul(&s_q)).mul(r);
        if s2r.den().degree() != Some(0) {
            return Err("internal: S²r is not a polynomial".into());
        }
        let s2r = s2r.num().scale(&(Q::one() / s2r.den().lead()));
        let s = QuadPoly::from_upoly(&s_q);
        let mut points = Vec::new();
        for c in roots(&p2)? {
            let b = at_point(r, &c, 1).ok_or_else(|| format!("empty expansion at {c}"))?;
            let cofactor = s
                .exact_div(&QuadPoly::linear_root(&c))
                .ok_or_else(|| format!("internal: x − {c} does not divide S"))?;
            points.push((cofactor, rational_root(&b.coeffs[0])));
        }
        Ok(Some(Data {
            s1: s.derivative(),
            s,
            s2r: QuadPoly::from_upoly(&s2r),
            simple: QuadPoly::from_upoly(&p1.derivative().mul(&p2)),
            fixed: 12 * p1.degree().unwrap_or(0) as i64,
            points,
            s_inf,
        }))
    }
}

/// P_{−1}, P_0, …, P_n from P_n = −P by the recurrence of step 3 (index i + 1 holds P_i),
/// in any polynomial ring.
fn recurrence<R: PolyRing>(p: &R, n: usize, s: &R, s1: &R, s_theta: &R, s2r: &R) -> Vec<R> {
    let mut out = vec![R::zero(); n + 2];
    out[n + 1] = R::zero().sub(p);
    for i in (0..=n).rev() {
        let ni = (n - i) as i64;
        let pi = &out[i + 1];
        let mut next = R::zero().sub(&s.mul(&pi.derivative()));
        next = next.add(&s1.times(ni).sub(s_theta).mul(pi));
        if i < n {
            next = next.sub(&s2r.mul(&out[i + 2]).times(ni * (i as i64 + 1)));
        }
        out[i] = next;
    }
    out
}

/// Whether the modular filter proves that no P of degree ≤ d exists: the images P_{−1}(x^j)
/// reduced mod p are independent (`polyring.rs`). `false` when it proves nothing (data not
/// rational, or a denominator divisible by p, or dependent images).
fn no_solution_mod_p(data: &Data, n: usize, s_theta: &QuadPoly, d: usize) -> bool {
    let reduce = |p: &QuadPoly| FpPoly::reduce(p);
    let (Some(s), Some(s1), Some(st), Some(s2r)) =
        (reduce(&data.s), reduce(&data.s1), reduce(s_theta), reduce(&data.s2r))
    else {
        return false;
    };
    let images: Vec<FpPoly> = (0..=d)
        .map(|j| recurrence(&FpPoly::monomial(j), n, &s, &s1, &st, &s2r).swap_remove(0))
        .collect();
    full_column_rank_mod_p(&images)
}

/// The families (e_c at the order-2 poles, d) for n with d a non-negative integer, sorted
/// by d; `Err` beyond [`MAX_FAMILIES`].
fn families(data: &Data, n: i64) -> Result<Vec<(Vec<i64>, usize)>, String> {
    let sets: Vec<Vec<i64>> =
        data.points.iter().map(|(_, s)| e_set(s.as_ref(), n)).collect::<Result<_, _>>()?;
    // the smallest sum the remaining points can add, for pruning
    let mut min_rest = vec![0i64; sets.len() + 1];
    for k in (0..sets.len()).rev() {
        min_rest[k] = min_rest[k + 1] + sets[k].first().copied().unwrap_or(0);
    }
    let mut out = Vec::new();
    for e_inf in e_set(data.s_inf.as_ref(), n)? {
        let target = e_inf - data.fixed;
        let mut stack: Vec<(usize, i64, Vec<i64>)> = vec![(0, 0, Vec::new())];
        while let Some((k, sum, es)) = stack.pop() {
            if sum + min_rest[k] > target {
                continue;
            }
            if k == sets.len() {
                let num = n * (target - sum);
                if num % 12 == 0 {
                    let d = (num / 12) as usize;
                    if d > MAX_DEGREE {
                        return Err(format!("a family for n = {n} needs degree {d}"));
                    }
                    out.push((es, d));
                    if out.len() > MAX_FAMILIES {
                        return Err(format!(
                            "more than {MAX_FAMILIES} families for n = {n} exceed the limit"
                        ));
                    }
                }
                continue;
            }
            for &e in &sets[k] {
                let mut next = es.clone();
                next.push(e);
                stack.push((k + 1, sum + e, next));
            }
        }
    }
    out.sort_by_key(|(_, d)| *d);
    Ok(out)
}

/// Step 3 for one family: the coefficients b_0, …, b_n ∈ K\[x\] of F (b_n monic),
/// verified, or `Ok(None)` when no P exists.
fn family_solution(
    data: &Data,
    r: &URat,
    n: usize,
    es: &[i64],
    d: usize,
) -> Result<Option<Vec<QuadPoly>>, String> {
    // Sθ = n·Σ_{simple} S/(x − c) + Σ_c (n e_c/12)·S/(x − c)
    let nn = n as i64;
    let mut s_theta = data.simple.scale(&QuadNum::from_int(nn));
    for ((cofactor, _), &e) in data.points.iter().zip(es) {
        let w = QuadNum::from_rational(Q::new(BigInt::from(nn * e), BigInt::from(12)));
        s_theta = s_theta.add(&cofactor.scale(&w));
    }
    if no_solution_mod_p(data, n, &s_theta, d) {
        return Ok(None);
    }
    let b = match integer_data(data, &s_theta) {
        Some(z) => z.solution(n, d)?,
        None => quad_solution(data, &s_theta, n, d)?,
    };
    let Some(b) = b else { return Ok(None) };
    // F = Σ b_i ω^i scaled to a monic b_n, then verified
    let unit = b[n].lead().inv().ok_or("internal: a zero leading coefficient")?;
    let b: Vec<QuadPoly> = b.iter().map(|bi| bi.scale(&unit)).collect();
    if !divides_riccati_derivative(&b, r) || !proven_squarefree(&b) {
        return Err(format!(
            "the polynomial of degree {n} in ω from a case-3 family does not verify (F ∤ D(F) or not proven square-free)"
        ));
    }
    Ok(Some(b))
}

/// Step 3 over K\[x\]: b_i = S^i P_i/(n − i)! for a P solving P_{−1} = 0, or `Ok(None)`.
fn quad_solution(
    data: &Data,
    s_theta: &QuadPoly,
    n: usize,
    d: usize,
) -> Result<Option<Vec<QuadPoly>>, String> {
    let rec = |p: &QuadPoly| recurrence(p, n, &data.s, &data.s1, s_theta, &data.s2r);
    let images: Vec<QuadRatFun> =
        (0..=d).map(|j| QuadRatFun::poly(rec(&QuadPoly::monomial(j)).swap_remove(0))).collect();
    let Some(p) = polynomial_kernel(&images, d) else { return Ok(None) };
    let ps = rec(&p);
    if !ps[0].is_zero() {
        return Err("internal: the kernel vector does not solve P_{-1} = 0".into());
    }
    let mut b = Vec::with_capacity(n + 1);
    let mut s_pow = QuadPoly::one();
    for i in 0..=n {
        let fact: i64 = (1..=(n - i) as i64).product();
        let inv = QuadNum::from_rational(Q::new(BigInt::one(), BigInt::from(fact)));
        b.push(s_pow.mul(&ps[i + 1]).scale(&inv));
        s_pow = s_pow.mul(&data.s);
    }
    Ok(Some(b))
}

/// S, S', Sθ, S²r over ℤ after scaling: S̃ = LS, S̃' = LS', (Sθ)~ = L·Sθ, (S²r)~ = L²·S²r
/// for a common denominator L. The recurrence then yields P̃_i = L^{n−i}P_i (each step
/// gains one factor L), integral for integral P.
struct IntegerData {
    s: ZPoly,
    s1: ZPoly,
    s_theta: ZPoly,
    s2r: ZPoly,
}

/// The data over ℤ when S, Sθ and S²r have rational coefficients.
fn integer_data(data: &Data, s_theta: &QuadPoly) -> Option<IntegerData> {
    let q = |p: &QuadPoly| p.as_upoly().map(|u| u.coeffs().to_vec());
    let (s, s1, st, s2r) = (q(&data.s)?, q(&data.s1)?, q(s_theta)?, q(&data.s2r)?);
    let l = ZPoly::common_denominator(&[&s, &s1, &st, &s2r]);
    let l2 = &l * &l;
    Some(IntegerData {
        s: ZPoly::scaled(&s, &l)?,
        s1: ZPoly::scaled(&s1, &l)?,
        s_theta: ZPoly::scaled(&st, &l)?,
        s2r: ZPoly::scaled(&s2r, &l2)?,
    })
}

impl IntegerData {
    /// Step 3 over ℤ\[x\]: F up to a constant factor, B_i = S̃^i P̃_i·n!/(n − i)!
    /// (= L^n n!·S^i P_i/(n − i)!), or `Ok(None)` when no P exists.
    fn solution(&self, n: usize, d: usize) -> Result<Option<Vec<QuadPoly>>, String> {
        let rec = |p: &ZPoly| recurrence(p, n, &self.s, &self.s1, &self.s_theta, &self.s2r);
        let images: Vec<ZPoly> = (0..=d).map(|j| rec(&ZPoly::monomial(j)).swap_remove(0)).collect();
        let Some(v) = integer_kernel(&images) else { return Ok(None) };
        let ps = rec(&ZPoly::from_ints(v));
        if !ps[0].is_zero() {
            return Err("internal: the kernel vector does not solve P_{-1} = 0".into());
        }
        let mut b = Vec::with_capacity(n + 1);
        let mut s_pow = ZPoly::from_ints(vec![BigInt::one()]);
        for i in 0..=n {
            // n!/(n − i)!
            let falling: i64 = ((n - i + 1) as i64..=n as i64).product();
            b.push(s_pow.mul(&ps[i + 1]).times(falling).to_quad());
            s_pow = s_pow.mul(&self.s);
        }
        Ok(Some(b))
    }
}

/// The case-3 search (see the module docs). The caller must have excluded cases 1 and 2
/// for the group to be read from n.
pub fn search(r: &URat) -> Search {
    let data = match Data::new(r) {
        Ok(Some(d)) => d,
        Ok(None) => return Search::Exhausted,
        Err(why) => return Search::Unsupported(why),
    };
    for (n, group) in [
        (4u8, ProjectiveGroup::Tetrahedral),
        (6, ProjectiveGroup::Octahedral),
        (12, ProjectiveGroup::Icosahedral),
    ] {
        let fams = match families(&data, i64::from(n)) {
            Ok(f) => f,
            Err(why) => return Search::Unsupported(why),
        };
        let mut algebraic = None;
        for (es, d) in &fams {
            match family_solution(&data, r, usize::from(n), es, *d) {
                Ok(Some(a)) if is_rational(&a) => {
                    return Search::Found { n, group, polynomial: a };
                }
                Ok(Some(a)) => {
                    algebraic.get_or_insert(a);
                }
                Ok(None) => {}
                Err(why) => return Search::Unsupported(why),
            }
        }
        if let Some(polynomial) = algebraic {
            return Search::Found { n, group, polynomial };
        }
    }
    Search::Exhausted
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exponent_sets() {
        // √(1 + 4b) = 1/2 (Δ = 1/2): 6 + 3k/2 for n = 4, 6 + k/2 for n = 12
        let half = Q::new(1.into(), 2.into());
        assert_eq!(e_set(Some(&half), 4), Ok(vec![3, 6, 9]));
        assert_eq!(e_set(Some(&half), 12), Ok(vec![3, 4, 5, 6, 7, 8, 9]));
        assert_eq!(e_set(None, 12), Ok(vec![6]));
        // ord_∞ r > 2: s = 1
        assert_eq!(e_set(Some(&Q::one()), 6), Ok(vec![0, 2, 4, 6, 8, 10, 12]));
        // a huge √(1 + 4b) is refused, not dropped
        assert!(e_set(Some(&Q::from_integer(BigInt::from(10).pow(15))), 12).is_err());
    }
}
