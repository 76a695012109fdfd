//! Kovacic's case 1 \[Kov86, §3.1–3.3\] with local data in a multi-quadratic field K.
//!
//! Step 1: for each pole c and at ∞ the part \[√r\] of the Laurent expansion of √r and the
//! exponents α^± (\[Kov86, §3.1\], (c1)–(c3), (∞1)–(∞3)); they lie in K when the poles
//! are rational or quadratic irrationalities and the square roots they need (√a of a
//! leading coefficient, √(1 + 4b)) exist in a multi-quadratic field. Simple poles need no
//! root at all: α_c = 1 for each, so a factor P₁ of the denominator contributes deg P₁ to
//! Σα_c and P₁'/P₁ to ω, wherever its roots are.
//! Step 2: for each family of signs with d = α_∞ − Σ α_c a non-negative integer (an exact
//! test in K: every irrational component must vanish),
//! ω = Σ_c (ε_c\[√r\]_c + α_c/(x − c)) + ε_∞\[√r\]_∞.
//! Step 3: a polynomial P ≠ 0 of degree ≤ d with P'' + 2ωP' + (ω' + ω² − r)P = 0, by
//! linear algebra over K; then ω + P'/P solves the Riccati equation, which is verified
//! exactly in K(x). A solution in ℚ(x) is preferred; otherwise the first one found in K(x).
//! Limits: poles at roots of irreducible factors of degree ≥ 3 of order ≥ 2, square roots
//! outside multi-quadratic fields, more than 16 sign choices, d > 200: `Unsupported`.

use num_bigint::BigInt;
use num_traits::ToPrimitive;
use varan_algebra::{URat, Q};

use super::field::QuadNum;
use super::kpoly::{polynomial_kernel, QuadPoly, QuadRatFun};
use super::laurent::{at_infinity, at_point, half_plus_minus, sqrt_series};
use super::poles::{factors_by_order, roots};
use super::verify::riccati_residual_quad;

/// The outcome of the case-1 search.
#[derive(Debug, Clone, PartialEq)]
pub enum Search {
    /// ω with ω' + ω² = r, verified exactly (in ℚ(x) when one was found there).
    Found(QuadRatFun),
    /// Every family was tried: case 1 does not hold.
    Exhausted,
    /// The search needs what is not implemented.
    Unsupported(String),
}

/// Local data at one point: \[√r\] and α^+, α^- (`pole` is `None` at ∞).
struct Local {
    sqrt_part: QuadRatFun,
    alpha: [QuadNum; 2],
    pole: Option<QuadNum>,
}

impl Local {
    /// Whether both sign choices give the same data (then only one is tried).
    fn one_choice(&self) -> bool {
        self.sqrt_part.is_zero() && self.alpha[0] == self.alpha[1]
    }
}

fn qn(n: i64) -> QuadNum {
    QuadNum::from_int(n)
}

fn half() -> Q {
    Q::new(BigInt::from(1), BigInt::from(2))
}

/// (x − c)^{-k}.
fn inv_power(c: &QuadNum, k: u32) -> QuadRatFun {
    QuadRatFun::new(QuadPoly::one(), QuadPoly::linear_root(c).pow(k))
        .unwrap_or_else(QuadRatFun::zero)
}

/// Step 1 at a pole c of even order ≥ 2 \[Kov86, §3.1 (c2), (c3)\].
fn local_at_pole(r: &URat, c: &QuadNum, order: u32) -> Result<Local, String> {
    let pole = Some(c.clone());
    let at = |n: usize| at_point(r, c, n).ok_or_else(|| format!("empty expansion at {c}"));
    if order == 2 {
        let s = at(1)?;
        let (ap, am) =
            half_plus_minus(&s.coeffs[0]).map_err(|why| format!("at the pole {c}: {why}"))?;
        return Ok(Local { sqrt_part: QuadRatFun::zero(), alpha: [ap, am], pole });
    }
    let nu = (order / 2) as usize;
    let s = at(nu)?;
    let qs = sqrt_series(&s.coeffs, nu - 1).map_err(|why| format!("at the pole {c}: {why}"))?;
    // [√r]_c = Σ_{k ≤ ν−2} q_k (x − c)^{k − ν}
    let mut sqrt_part = QuadRatFun::zero();
    for (k, qk) in qs.iter().enumerate() {
        sqrt_part = sqrt_part.add(&inv_power(c, (nu - k) as u32).scale(qk));
    }
    // b = coefficient of (x − c)^{−ν−1} in r minus that in [√r]_c²
    let mut b = s.coeffs[nu - 1].clone();
    for i in 1..nu - 1 {
        let j = nu - 1 - i;
        b = b.sub(&qs[i].mul(&qs[j]));
    }
    let b_over_a = b.div(&qs[0]).ok_or("zero leading coefficient")?;
    let nu_q = qn(nu as i64);
    let ap = b_over_a.add(&nu_q).scale(&half());
    let am = b_over_a.neg().add(&nu_q).scale(&half());
    Ok(Local { sqrt_part, alpha: [ap, am], pole })
}

/// Step 1 at ∞ \[Kov86, §3.1 (∞1)–(∞3)\]; `Ok(None)` when ord_∞ r is odd and < 2 (then
/// case 1 is impossible).
fn local_at_infinity(r: &URat) -> Result<Option<Local>, String> {
    let o = r.order_at_infinity().ok_or("r = 0")?;
    if o > 2 {
        return Ok(Some(Local {
            sqrt_part: QuadRatFun::zero(),
            alpha: [qn(0), qn(1)],
            pole: None,
        }));
    }
    if o == 2 {
        let s = at_infinity(r, 1).ok_or("empty expansion")?;
        let (ap, am) = half_plus_minus(&s.coeffs[0]).map_err(|why| format!("at ∞: {why}"))?;
        return Ok(Some(Local { sqrt_part: QuadRatFun::zero(), alpha: [ap, am], pole: None }));
    }
    if o % 2 != 0 {
        return Ok(None);
    }
    let nu = (-o / 2) as usize;
    let s = at_infinity(r, nu + 2).ok_or("empty expansion")?;
    let qs = sqrt_series(&s.coeffs, nu + 1).map_err(|why| format!("at ∞: {why}"))?;
    // [√r]_∞ = Σ_{k=0}^{ν} q_k x^{ν−k}
    let mut c = vec![QuadNum::zero(); nu + 1];
    for (k, qk) in qs.iter().enumerate() {
        c[nu - k] = qk.clone();
    }
    let sqrt_part = QuadRatFun::poly(QuadPoly::from_coeffs(c));
    // b = coefficient of x^{ν−1} in r minus that in [√r]_∞²
    let mut b = s.coeffs[nu + 1].clone();
    for i in 1..=nu {
        let j = nu + 1 - i;
        b = b.sub(&qs[i].mul(&qs[j]));
    }
    let b_over_a = b.div(&qs[0]).ok_or("zero leading coefficient")?;
    let nu_q = qn(nu as i64);
    let ap = b_over_a.sub(&nu_q).scale(&half());
    let am = b_over_a.neg().sub(&nu_q).scale(&half());
    Ok(Some(Local { sqrt_part, alpha: [ap, am], pole: None }))
}

/// Largest number of sign choices enumerated (2^16 families).
const MAX_CHOICES: usize = 16;

/// Largest degree d of the polynomial searched.
const MAX_DEGREE: usize = 200;

/// The case-1 search.
pub fn search(r: &URat) -> Search {
    // Step 1: simple poles as one block, the other poles one by one
    let mut fixed_sum = QuadNum::zero();
    let mut fixed_omega = QuadRatFun::zero();
    let mut locals = Vec::new();
    for (order, p) in factors_by_order(r) {
        if order == 1 {
            let pk = QuadPoly::from_upoly(&p);
            fixed_sum = fixed_sum.add(&qn(p.degree().unwrap_or(0) as i64));
            match QuadRatFun::new(pk.derivative(), pk) {
                Some(f) => fixed_omega = fixed_omega.add(&f),
                None => return Search::Unsupported("a zero factor".into()),
            }
            continue;
        }
        if order % 2 == 1 {
            return Search::Exhausted; // excluded by [Kov86, §2]
        }
        let cs = match roots(&p) {
            Ok(cs) => cs,
            Err(why) => return Search::Unsupported(why),
        };
        for c in cs {
            match local_at_pole(r, &c, order) {
                Ok(l) => locals.push(l),
                Err(why) => return Search::Unsupported(why),
            }
        }
    }
    match local_at_infinity(r) {
        Ok(Some(l)) => locals.push(l),
        Ok(None) => return Search::Exhausted,
        Err(why) => return Search::Unsupported(why),
    }
    let free: Vec<usize> = (0..locals.len()).filter(|&i| !locals[i].one_choice()).collect();
    if free.len() > MAX_CHOICES {
        return Search::Unsupported(format!(
            "{} sign choices exceed the family enumeration limit of 2^{MAX_CHOICES}",
            free.len()
        ));
    }
    let mut algebraic: Option<QuadRatFun> = None;
    // Step 2: the families
    for mask in 0u64..(1u64 << free.len()) {
        let sign = |i: usize| match free.iter().position(|&f| f == i) {
            Some(bit) if mask & (1 << bit) != 0 => 1,
            _ => 0,
        };
        let inf = locals.len() - 1;
        // d = α_∞ − Σ α_c
        let mut d = locals[inf].alpha[sign(inf)].sub(&fixed_sum);
        for (i, l) in locals.iter().enumerate().take(inf) {
            d = d.sub(&l.alpha[sign(i)]);
        }
        let Some(d) = d.as_nonnegative_integer() else { continue };
        let Some(deg) = d.to_usize().filter(|&n| n <= MAX_DEGREE) else {
            return Search::Unsupported(format!("a family needs a polynomial of degree {d}"));
        };
        let mut omega = fixed_omega.clone();
        for (i, l) in locals.iter().enumerate() {
            let s = if sign(i) == 0 { l.sqrt_part.clone() } else { l.sqrt_part.neg() };
            omega = omega.add(&s);
            if let Some(c) = &l.pole {
                omega = omega.add(&inv_power(c, 1).scale(&l.alpha[sign(i)]));
            }
        }
        // Step 3: the polynomial P, then ω + P'/P, verified
        let Some(p) = polynomial_solution(&omega, r, deg) else { continue };
        let Some(ratio) = QuadRatFun::new(p.derivative(), p) else { continue };
        let candidate = omega.add(&ratio);
        if !riccati_residual_quad(&candidate, r).is_zero() {
            continue;
        }
        if candidate.as_urat().is_some() {
            return Search::Found(candidate);
        }
        algebraic.get_or_insert(candidate);
    }
    match algebraic {
        Some(w) => Search::Found(w),
        None => Search::Exhausted,
    }
}

/// A non-zero polynomial P of degree ≤ d with P'' + 2ωP' + (ω' + ω² − r)P = 0, if any.
fn polynomial_solution(omega: &QuadRatFun, r: &URat, d: usize) -> Option<QuadPoly> {
    let coef = riccati_residual_quad(omega, r);
    let two_omega = omega.scale(&qn(2));
    if d == 0 {
        return coef.is_zero().then(QuadPoly::one);
    }
    let images: Vec<QuadRatFun> = (0..=d)
        .map(|i| {
            let xi = QuadPoly::monomial(i);
            let d1 = QuadRatFun::poly(xi.derivative());
            QuadRatFun::poly(xi.derivative().derivative())
                .add(&two_omega.mul(&d1))
                .add(&coef.mul(&QuadRatFun::poly(xi)))
        })
        .collect();
    polynomial_kernel(&images, d)
}

#[cfg(test)]
mod tests {
    use super::*;
    use num_traits::Zero;

    #[test]
    fn zero_is_not_a_family_degree() {
        assert!(QuadNum::zero().as_nonnegative_integer().is_some_and(|d| d.is_zero()));
    }
}
