//! Kovacic's case 2 \[Kov86, §4\] with poles in a multi-quadratic field K.
//!
//! Step 1: the sets E_c and E_∞ of integers from the local data: {4} at a simple pole,
//! {2, 2 ± 2√(1 + 4b)} ∩ ℤ at a pole of order 2, {ν} at a pole of order ν > 2; at ∞
//! {0, 2, 4} when ord_∞ r > 2, as at an order-2 pole when it is 2, {ord_∞ r} otherwise. The
//! irrational members drop out exactly: 2 ± 2s ∈ ℤ forces s = √(1 + 4b) ∈ ℚ, so b ∈ ℚ, and
//! an irrational b (at a pole c ∉ ℚ) leaves E_c = {2}. Poles of order ≠ 2 need no root:
//! a factor P_ν of the denominator contributes (e/2)·P_ν'/P_ν to θ.
//! Step 2: families with d = (e_∞ − Σ e_c)/2 a non-negative integer and not all e even,
//! θ = ½ Σ e_c/(x − c) (in K(x) when conjugate poles get different e).
//! Step 3: a polynomial P ≠ 0 of degree ≤ d with
//! $$ P''' + 3θP'' + (3θ² + 3θ' − 4r)P' + (θ'' + 3θθ' + θ³ − 4rθ − 2r')P = 0 $$
//! by linear algebra over K. With φ = θ + P'/P, a root ω of ω² − φω + (½φ' + ½φ² − r) = 0
//! solves the Riccati equation, which holds exactly when φψ + ψ' − rφ = 0 for
//! ψ = ½φ' + ½φ² − r (checked in K(x)). A φ in ℚ(x) is preferred.
//! Limits: order-2 poles at roots of irreducible factors of degree ≥ 3, more than 2^16
//! families, d > 200: `Unsupported`.

use num_bigint::BigInt;
use num_traits::{One, ToPrimitive};
use varan_algebra::{URat, Q};

use super::field::QuadNum;
use super::kpoly::{polynomial_kernel, QuadPoly, QuadRatFun};
use super::laurent::{at_infinity, at_point, rational_sqrt};
use super::poles::{factors_by_order, roots};

/// The outcome of the case-2 search.
#[derive(Debug, Clone, PartialEq)]
pub enum Search {
    /// φ with the quadratic ω² − φω + ψ = 0 for ω = u'/u (verified; in ℚ(x) when one was
    /// found there).
    Found(QuadRatFun),
    /// Every family was tried.
    Exhausted,
    /// The search needs what is not implemented.
    Unsupported(String),
}

fn q(n: i64) -> Q {
    Q::from_integer(BigInt::from(n))
}

fn qn(n: i64) -> QuadNum {
    QuadNum::from_int(n)
}

/// {2, 2 ± 2√(1 + 4b)} ∩ ℤ (only {2} for b ∉ ℚ, see the module docs).
fn e_order_two(b: &QuadNum) -> Vec<i64> {
    let mut out = vec![2];
    let Some(b) = b.as_rational() else { return out };
    if let Some(s) = rational_sqrt(&(Q::one() + q(4) * b)) {
        for cand in [q(2) + q(2) * &s, q(2) - q(2) * &s] {
            if cand.is_integer() {
                if let Some(v) = cand.to_integer().to_i64() {
                    if !out.contains(&v) {
                        out.push(v);
                    }
                }
            }
        }
    }
    out
}

/// Largest number of families enumerated.
const MAX_FAMILIES: u64 = 1 << 16;

/// The case-2 search.
pub fn search(r: &URat) -> Search {
    // Step 1: fixed contributions of the poles of order ≠ 2, sets at the order-2 poles
    let mut fixed_sum: i64 = 0;
    let mut fixed_theta = QuadRatFun::zero();
    let mut fixed_odd = false;
    let mut points: Vec<QuadNum> = Vec::new();
    let mut sets: Vec<Vec<i64>> = Vec::new();
    for (order, p) in factors_by_order(r) {
        if order == 2 {
            let cs = match roots(&p) {
                Ok(cs) => cs,
                Err(why) => return Search::Unsupported(why),
            };
            for c in cs {
                match at_point(r, &c, 1) {
                    Some(s) => sets.push(e_order_two(&s.coeffs[0])),
                    None => return Search::Unsupported("empty expansion".into()),
                }
                points.push(c);
            }
            continue;
        }
        let e = if order == 1 { 4 } else { i64::from(order) };
        let deg = p.degree().unwrap_or(0) as i64;
        fixed_sum += e * deg;
        fixed_odd |= e % 2 == 1;
        let pk = QuadPoly::from_upoly(&p);
        match QuadRatFun::new(pk.derivative(), pk) {
            Some(f) => {
                fixed_theta =
                    fixed_theta.add(&f.scale(&QuadNum::from_rational(Q::new(e.into(), 2.into()))))
            }
            None => return Search::Unsupported("a zero factor".into()),
        }
    }
    let Some(o_inf) = r.order_at_infinity() else { return Search::Exhausted };
    let e_inf: Vec<i64> = match o_inf {
        o if o > 2 => vec![0, 2, 4],
        2 => match at_infinity(r, 1) {
            Some(s) => e_order_two(&s.coeffs[0]),
            None => return Search::Unsupported("empty expansion".into()),
        },
        o => vec![o],
    };
    let total: u64 = sets.iter().map(|s| s.len() as u64).product::<u64>() * e_inf.len() as u64;
    if total > MAX_FAMILIES {
        return Search::Unsupported(format!("{total} families exceed the limit {MAX_FAMILIES}"));
    }
    let mut algebraic: Option<QuadRatFun> = None;
    let mut idx = vec![0usize; sets.len()];
    loop {
        for &ei in &e_inf {
            let es: Vec<i64> = idx.iter().zip(&sets).map(|(&i, s)| s[i]).collect();
            let all_even = !fixed_odd && ei % 2 == 0 && es.iter().all(|e| e % 2 == 0);
            let twice_d = ei - fixed_sum - es.iter().sum::<i64>();
            if !all_even && twice_d >= 0 && twice_d % 2 == 0 {
                let d = (twice_d / 2) as usize;
                if d > 200 {
                    return Search::Unsupported(format!("a family needs degree {d}"));
                }
                // Step 2: θ = ½ Σ e_c/(x − c)
                let mut theta = fixed_theta.clone();
                for (c, e) in points.iter().zip(&es) {
                    if let Some(t) = QuadRatFun::new(
                        QuadPoly::constant(QuadNum::from_rational(Q::new((*e).into(), 2.into()))),
                        QuadPoly::linear_root(c),
                    ) {
                        theta = theta.add(&t);
                    }
                }
                // Step 3
                if let Some(p) = third_order_solution(&theta, r, d) {
                    if let Some(ratio) = QuadRatFun::new(p.derivative(), p) {
                        let phi = theta.add(&ratio);
                        if verifies(&phi, r) {
                            if phi.as_urat().is_some() {
                                return Search::Found(phi);
                            }
                            algebraic.get_or_insert(phi);
                        }
                    }
                }
            }
        }
        // next index
        let mut k = 0;
        loop {
            if k == idx.len() {
                return match algebraic {
                    Some(phi) => Search::Found(phi),
                    None => Search::Exhausted,
                };
            }
            idx[k] += 1;
            if idx[k] < sets[k].len() {
                break;
            }
            idx[k] = 0;
            k += 1;
        }
    }
}

/// ψ = ½φ' + ½φ² − r.
pub fn psi(phi: &QuadRatFun, r: &URat) -> QuadRatFun {
    let half = QuadNum::from_rational(Q::new(BigInt::one(), BigInt::from(2)));
    phi.derivative().scale(&half).add(&phi.mul(phi).scale(&half)).sub(&QuadRatFun::from_urat(r))
}

/// φψ + ψ' − rφ = 0 with ψ = ½φ' + ½φ² − r: then a root of ω² − φω + ψ = 0 solves
/// ω' + ω² = r (see the module docs).
pub fn verifies(phi: &QuadRatFun, r: &URat) -> bool {
    let psi = psi(phi, r);
    phi.mul(&psi).add(&psi.derivative()).sub(&QuadRatFun::from_urat(r).mul(phi)).is_zero()
}

/// A non-zero P of degree ≤ d solving the third-order equation of case 2.
fn third_order_solution(theta: &QuadRatFun, r: &URat, d: usize) -> Option<QuadPoly> {
    let rk = QuadRatFun::from_urat(r);
    let th1 = theta.derivative();
    let th2 = th1.derivative();
    let c2 = theta.scale(&qn(3));
    let c1 = theta.mul(theta).scale(&qn(3)).add(&th1.scale(&qn(3))).sub(&rk.scale(&qn(4)));
    let c0 = th2
        .add(&theta.mul(&th1).scale(&qn(3)))
        .add(&theta.mul(theta).mul(theta))
        .sub(&rk.mul(theta).scale(&qn(4)))
        .sub(&rk.derivative().scale(&qn(2)));
    let images: Vec<QuadRatFun> = (0..=d)
        .map(|i| {
            let p = QuadPoly::monomial(i);
            let (p1, p2) = (p.derivative(), p.derivative().derivative());
            let p3 = p2.derivative();
            QuadRatFun::poly(p3)
                .add(&c2.mul(&QuadRatFun::poly(p2)))
                .add(&c1.mul(&QuadRatFun::poly(p1)))
                .add(&c0.mul(&QuadRatFun::poly(p)))
        })
        .collect();
    polynomial_kernel(&images, d)
}
