//! Kovacic's case 1 [Kov86, §3.1–3.3], for r whose poles are all rational and whose local
//! data are rational: for each pole c and at ∞ the part [√r] of the Laurent expansion of
//! √r and the exponents α^±; for each choice of signs with d = α_∞ − Σ α_c a non-negative
//! integer, ω = Σ_c (±[√r]_c + α_c/(x − c)) ± [√r]_∞, and a polynomial P of degree d with
//! P'' + 2ωP' + (ω' + ω² − r)P = 0. Then ω + P'/P solves the Riccati equation.

use num_bigint::BigInt;
use num_traits::{One, Zero};
use varan_algebra::{UPoly, URat, Q};

use super::laurent::{at_infinity, at_point, half_plus_minus, sqrt_series};
use super::{linear, polynomial_kernel, rational_poles};

/// The outcome of the case-1 search.
#[derive(Debug, Clone, PartialEq)]
pub enum Search {
    /// ω with ω' + ω² = r (to be verified by the caller).
    Found(URat),
    /// Every family was tried: case 1 does not hold.
    Exhausted,
    /// The search needs numbers outside ℚ (irrational poles or local data).
    Unsupported(String),
}

/// Local data at one point: [√r] as a rational function and α^+, α^- (equal for a
/// simple pole).
struct Local {
    sqrt_part: URat,
    alpha: [Q; 2],
    pole: Option<Q>,
}

fn q(n: i64) -> Q {
    Q::from_integer(BigInt::from(n))
}

fn half() -> Q {
    Q::new(BigInt::one(), BigInt::from(2))
}

/// (x − c)^{-k}.
fn inv_power(c: &Q, k: u32) -> URat {
    URat::new(UPoly::one(), linear(c).pow(k)).unwrap_or_else(|_| URat::zero())
}

fn local_at_pole(r: &URat, c: &Q, order: u32) -> Result<Option<Local>, String> {
    let pole = Some(c.clone());
    match order {
        1 => Ok(Some(Local { sqrt_part: URat::zero(), alpha: [q(1), q(1)], pole })),
        2 => {
            let s = at_point(r, c, 1).ok_or("empty expansion")?;
            let (ap, am) = half_plus_minus(&s.coeffs[0])
                .ok_or_else(|| format!("1 + 4b is not a rational square at the pole {c}"))?;
            Ok(Some(Local { sqrt_part: URat::zero(), alpha: [ap, am], pole }))
        }
        o if o % 2 == 0 => {
            let nu = (o / 2) as usize;
            let s = at_point(r, c, nu).ok_or("empty expansion")?;
            let qs = sqrt_series(&s.coeffs, nu - 1).ok_or_else(|| {
                format!("the leading coefficient of r at {c} is not a rational square")
            })?;
            let mut sqrt_part = URat::zero();
            for (k, qk) in qs.iter().enumerate() {
                sqrt_part = sqrt_part.add(&inv_power(c, (nu - k) as u32).scale(qk));
            }
            let mut b = s.coeffs[nu - 1].clone();
            for i in 1..nu - 1 {
                let j = nu - 1 - i;
                if j <= nu - 2 {
                    b -= &qs[i] * &qs[j];
                }
            }
            let a = &qs[0];
            let nu_q = q(nu as i64);
            let ap = (&b / a + &nu_q) * half();
            let am = (-(&b / a) + &nu_q) * half();
            Ok(Some(Local { sqrt_part, alpha: [ap, am], pole }))
        }
        _ => Ok(None),
    }
}

fn local_at_infinity(r: &URat) -> Result<Option<Local>, String> {
    let o = r.order_at_infinity().ok_or("r = 0")?;
    if o > 2 {
        return Ok(Some(Local { sqrt_part: URat::zero(), alpha: [q(0), q(1)], pole: None }));
    }
    if o == 2 {
        let s = at_infinity(r, 1).ok_or("empty expansion")?;
        let (ap, am) =
            half_plus_minus(&s.coeffs[0]).ok_or("1 + 4b is not a rational square at ∞")?;
        return Ok(Some(Local { sqrt_part: URat::zero(), alpha: [ap, am], pole: None }));
    }
    if o % 2 != 0 {
        return Ok(None);
    }
    let nu = (-o / 2) as usize;
    let s = at_infinity(r, nu + 2).ok_or("empty expansion")?;
    let qs = sqrt_series(&s.coeffs, nu + 1)
        .ok_or("the leading coefficient of r at ∞ is not a rational square")?;
    // [√r]_∞ = Σ_{k=0}^{ν} q_k x^{ν−k}
    let mut c = vec![Q::zero(); nu + 1];
    for (k, qk) in qs.iter().enumerate() {
        c[nu - k] = qk.clone();
    }
    let sqrt_part = URat::poly(UPoly::from_coeffs(c));
    let mut b = s.coeffs[nu + 1].clone();
    for i in 1..=nu {
        let j = nu + 1 - i;
        if j <= nu {
            b -= &qs[i] * &qs[j];
        }
    }
    let a = &qs[0];
    let nu_q = q(nu as i64);
    let ap = (&b / a - &nu_q) * half();
    let am = (-(&b / a) - &nu_q) * half();
    Ok(Some(Local { sqrt_part, alpha: [ap, am], pole: None }))
}

/// Largest number of sign families tried.
const MAX_FAMILIES: u64 = 1 << 16;

/// The case-1 search.
pub fn search(r: &URat) -> Search {
    let poles = match rational_poles(r) {
        Ok(p) => p,
        Err(why) => return Search::Unsupported(why),
    };
    let mut locals = Vec::new();
    for (c, o) in &poles {
        match local_at_pole(r, c, *o) {
            Ok(Some(l)) => locals.push(l),
            Ok(None) => return Search::Exhausted,
            Err(why) => return Search::Unsupported(why),
        }
    }
    let inf = match local_at_infinity(r) {
        Ok(Some(l)) => l,
        Ok(None) => return Search::Exhausted,
        Err(why) => return Search::Unsupported(why),
    };
    let points = locals.len() + 1;
    if points >= 17 || (1u64 << points) > MAX_FAMILIES {
        return Search::Unsupported("too many poles for the family enumeration".into());
    }
    for mask in 0u64..(1 << points) {
        let sign = |i: usize| if mask & (1 << i) == 0 { 0 } else { 1 };
        // d = α_∞ − Σ α_c
        let mut d = inf.alpha[sign(locals.len())].clone();
        for (i, l) in locals.iter().enumerate() {
            d -= &l.alpha[sign(i)];
        }
        if !d.is_integer() || d < Q::zero() {
            continue;
        }
        let Some(deg) = num_traits::ToPrimitive::to_usize(&d.to_integer()) else { continue };
        if deg > 200 {
            return Search::Unsupported(format!("a family needs a polynomial of degree {deg}"));
        }
        let mut omega = URat::zero();
        for (i, l) in locals.iter().enumerate() {
            let s = if sign(i) == 0 { l.sqrt_part.clone() } else { l.sqrt_part.neg() };
            omega = omega.add(&s);
            if let Some(c) = &l.pole {
                omega = omega.add(&inv_power(c, 1).scale(&l.alpha[sign(i)]));
            }
        }
        let s_inf =
            if sign(locals.len()) == 0 { inf.sqrt_part.clone() } else { inf.sqrt_part.neg() };
        omega = omega.add(&s_inf);
        if let Some(p) = polynomial_solution(&omega, r, deg) {
            let dp = URat::poly(p.derivative());
            let Ok(ratio) = dp.div(&URat::poly(p)) else { continue };
            return Search::Found(omega.add(&ratio));
        }
    }
    Search::Exhausted
}

/// A non-zero polynomial P of degree ≤ d with P'' + 2ωP' + (ω' + ω² − r)P = 0, if any.
fn polynomial_solution(omega: &URat, r: &URat, d: usize) -> Option<UPoly> {
    let coef = omega.derivative().add(&omega.mul(omega)).sub(r);
    let two_omega = omega.scale(&q(2));
    // L(x^i) for i = 0..=d
    let images: Vec<URat> = (0..=d)
        .map(|i| {
            let xi = UPoly::x().pow(i as u32);
            URat::poly(xi.derivative().derivative())
                .add(&two_omega.mul(&URat::poly(xi.derivative())))
                .add(&coef.mul(&URat::poly(xi)))
        })
        .collect();
    polynomial_kernel(&images, d)
}
