//! Kovacic's case 2 [Kov86, §4], for r whose poles are all rational: the sets E_c and E_∞
//! of integers from the local data (E ∩ ℤ: irrational candidates drop out, so the search
//! is exact over ℚ), families with d = (e_∞ − Σ e_c)/2 a non-negative integer and not all
//! e even, θ = ½ Σ e_c/(x − c), and a monic P of degree d with
//! P''' + 3θP'' + (3θ² + 3θ' − 4r)P' + (θ'' + 3θθ' + θ³ − 4rθ − 2r')P = 0.
//! With φ = θ + P'/P, a root ω of ω² − φω + (½φ' + ½φ² − r) = 0 solves the Riccati
//! equation, which holds exactly when φψ + ψ' − rφ = 0 for ψ = ½φ' + ½φ² − r (checked).

use num_bigint::BigInt;
use num_traits::One;
use varan_algebra::{UPoly, URat, Q};

use super::laurent::{at_infinity, at_point, rational_sqrt};
use super::{linear, polynomial_kernel, rational_poles};

/// The outcome of the case-2 search.
#[derive(Debug, Clone, PartialEq)]
pub enum Search {
    /// φ with the quadratic ω² − φω + ψ = 0 for ω = u'/u.
    Found(URat),
    /// Every family was tried.
    Exhausted,
    /// The search needs numbers outside ℚ.
    Unsupported(String),
}

fn q(n: i64) -> Q {
    Q::from_integer(BigInt::from(n))
}

/// {2, 2 ± 2√(1 + 4b)} ∩ ℤ.
fn e_order_two(b: &Q) -> Vec<i64> {
    let mut out = vec![2];
    if let Some(s) = rational_sqrt(&(Q::one() + q(4) * b)) {
        for cand in [q(2) + q(2) * &s, q(2) - q(2) * &s] {
            if cand.is_integer() {
                if let Some(v) = num_traits::ToPrimitive::to_i64(&cand.to_integer()) {
                    if !out.contains(&v) {
                        out.push(v);
                    }
                }
            }
        }
    }
    out
}

/// The case-2 search.
pub fn search(r: &URat) -> Search {
    let poles = match rational_poles(r) {
        Ok(p) => p,
        Err(why) => return Search::Unsupported(why),
    };
    let mut sets: Vec<Vec<i64>> = Vec::new();
    for (c, o) in &poles {
        sets.push(match o {
            1 => vec![4],
            2 => match at_point(r, c, 1) {
                Some(s) => e_order_two(&s.coeffs[0]),
                None => return Search::Unsupported("empty expansion".into()),
            },
            o => vec![i64::from(*o)],
        });
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
    // enumerate families (product of the sets)
    let total: u64 = sets.iter().map(|s| s.len() as u64).product::<u64>() * e_inf.len() as u64;
    if total > 1 << 16 {
        return Search::Unsupported("too many families".into());
    }
    let mut idx = vec![0usize; sets.len()];
    loop {
        for &ei in &e_inf {
            let es: Vec<i64> = idx.iter().zip(&sets).map(|(&i, s)| s[i]).collect();
            let all_even = ei % 2 == 0 && es.iter().all(|e| e % 2 == 0);
            let twice_d = ei - es.iter().sum::<i64>();
            if !all_even && twice_d >= 0 && twice_d % 2 == 0 {
                let d = (twice_d / 2) as usize;
                if d > 200 {
                    return Search::Unsupported(format!("a family needs degree {d}"));
                }
                let mut theta = URat::zero();
                for ((c, _), e) in poles.iter().zip(&es) {
                    let t = URat::new(
                        UPoly::constant(Q::new(BigInt::from(*e), BigInt::from(2))),
                        linear(c),
                    );
                    if let Ok(t) = t {
                        theta = theta.add(&t);
                    }
                }
                if let Some(p) = third_order_solution(&theta, r, d) {
                    if let Ok(ratio) = URat::poly(p.derivative()).div(&URat::poly(p)) {
                        let phi = theta.add(&ratio);
                        if verifies(&phi, r) {
                            return Search::Found(phi);
                        }
                    }
                }
            }
        }
        // next index
        let mut k = 0;
        loop {
            if k == idx.len() {
                return Search::Exhausted;
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

/// φψ + ψ' − rφ = 0 with ψ = ½φ' + ½φ² − r: then a root of ω² − φω + ψ = 0 solves
/// ω' + ω² = r (see the module docs).
pub fn verifies(phi: &URat, r: &URat) -> bool {
    let half = Q::new(BigInt::one(), BigInt::from(2));
    let psi = phi.derivative().scale(&half).add(&phi.mul(phi).scale(&half)).sub(r);
    phi.mul(&psi).add(&psi.derivative()).sub(&r.mul(phi)).is_zero()
}

/// A non-zero P of degree ≤ d solving the third-order equation of case 2.
fn third_order_solution(theta: &URat, r: &URat, d: usize) -> Option<UPoly> {
    let th1 = theta.derivative();
    let th2 = th1.derivative();
    let c2 = theta.scale(&q(3));
    let c1 = theta.mul(theta).scale(&q(3)).add(&th1.scale(&q(3))).sub(&r.scale(&q(4)));
    let c0 = th2
        .add(&theta.mul(&th1).scale(&q(3)))
        .add(&theta.mul(theta).mul(theta))
        .sub(&r.mul(theta).scale(&q(4)))
        .sub(&r.derivative().scale(&q(2)));
    let images: Vec<URat> = (0..=d)
        .map(|i| {
            let p = UPoly::x().pow(i as u32);
            let (p1, p2, p3) = (
                p.derivative(),
                p.derivative().derivative(),
                p.derivative().derivative().derivative(),
            );
            URat::poly(p3)
                .add(&c2.mul(&URat::poly(p2)))
                .add(&c1.mul(&URat::poly(p1)))
                .add(&c0.mul(&URat::poly(p)))
        })
        .collect();
    polynomial_kernel(&images, d)
}
