//! The finite poles of r ∈ ℚ(x) as points of a multi-quadratic field K: the square-free
//! decomposition of the denominator gives the order of each factor \[Kov86, §2\]; each
//! factor splits into its rational roots (rational root theorem) and irreducible quadratic
//! factors over ℚ (Kronecker's method: a quadratic factor g of the primitive integer
//! polynomial f has g(x_j) | f(x_j) at three integer points, so finitely many candidates
//! are interpolated and tried by exact division). A quadratic factor a x² + b x + c gives
//! the conjugate poles (−b ± √(b² − 4ac))/(2a) ∈ K. Limits: an irreducible factor of
//! degree ≥ 3, or a search too large, is reported, never guessed.

use num_bigint::BigInt;
use num_integer::Integer;
use num_traits::{One, Signed, ToPrimitive, Zero};
use varan_algebra::{UPoly, URat, Q};

use super::field::QuadNum;

/// For each pole order o ≥ 1 present: (o, the monic square-free factor P_o whose roots are
/// the poles of order o).
pub fn factors_by_order(r: &URat) -> Vec<(u32, UPoly)> {
    r.den()
        .squarefree()
        .into_iter()
        .enumerate()
        .filter(|(_, p)| p.degree().unwrap_or(0) > 0)
        .map(|(i, p)| (i as u32 + 1, p))
        .collect()
}

/// The roots of the square-free polynomial p in a multi-quadratic field, or why not.
pub fn roots(p: &UPoly) -> Result<Vec<QuadNum>, String> {
    let Some(deg) = p.degree() else { return Ok(Vec::new()) };
    let rational = p.rational_roots().ok_or_else(|| {
        format!(
            "the rational roots of {} were not searched (coefficients too large)",
            p.to_text("x")
        )
    })?;
    let mut rest = p.monic();
    let mut out = Vec::with_capacity(deg);
    for c in rational {
        rest = rest
            .exact_div(&UPoly::linear_root(c.clone()))
            .map_err(|_| "a rational root does not divide".to_string())?;
        out.push(QuadNum::from_rational(c));
    }
    if rest.degree().unwrap_or(0) == 0 {
        return Ok(out);
    }
    let quadratics = split_quadratics(&rest).ok_or_else(|| {
        format!(
            "poles at the roots of {}, which has no splitting into quadratic factors over ℚ that varan can find (an irreducible factor of degree ≥ 3 needs a general number field)",
            rest.to_text("x")
        )
    })?;
    for g in quadratics {
        let (a, b, c) = (g.coeff(2), g.coeff(1), g.coeff(0));
        let disc = &b * &b - Q::from_integer(BigInt::from(4)) * &a * &c;
        let root = QuadNum::sqrt_rational(&disc)
            .ok_or_else(|| format!("the discriminant {disc} is too large to factor"))?;
        let two_a = Q::from_integer(BigInt::from(2)) * &a;
        let mid = QuadNum::from_rational(-&b / &two_a);
        let half_width = root.scale(&(Q::one() / two_a));
        out.push(mid.add(&half_width));
        out.push(mid.sub(&half_width));
    }
    Ok(out)
}

/// Largest number of candidate quadratics Kronecker's method may try.
const KRONECKER_LIMIT: usize = 200_000;

/// f without rational roots as a product of irreducible quadratics over ℚ, if it is one and
/// the candidate search stays small.
fn split_quadratics(f: &UPoly) -> Option<Vec<UPoly>> {
    let mut rest = f.monic();
    let mut out = Vec::new();
    loop {
        match rest.degree()? {
            0 => return Some(out),
            2 => {
                out.push(rest);
                return Some(out);
            }
            d if d % 2 == 1 => return None,
            _ => {
                let g = quadratic_factor(&rest)?;
                rest = rest.exact_div(&g).ok()?.monic();
                out.push(g);
            }
        }
    }
}

/// The primitive integer polynomial with the roots of f.
fn integer_coeffs(f: &UPoly) -> Vec<BigInt> {
    let l = f.coeffs().iter().fold(BigInt::one(), |acc, q| acc.lcm(q.denom()));
    let ints: Vec<BigInt> =
        f.coeffs().iter().map(|q| (q * Q::from_integer(l.clone())).to_integer()).collect();
    let g = ints.iter().fold(BigInt::zero(), |acc, a| acc.gcd(a));
    ints.into_iter().map(|a| if g.is_zero() { a } else { a / &g }).collect()
}

fn eval_int(c: &[BigInt], x: i64) -> BigInt {
    c.iter().rev().fold(BigInt::zero(), |acc, a| acc * x + a)
}

fn divisors(n: &BigInt) -> Option<Vec<i64>> {
    let n = n.abs().to_u64()?;
    if n == 0 || n > 1 << 32 {
        return None;
    }
    let mut out = Vec::new();
    let mut d = 1u64;
    while d * d <= n {
        if n % d == 0 {
            out.push(d as i64);
            if d != n / d {
                out.push((n / d) as i64);
            }
        }
        d += 1;
    }
    Some(out)
}

/// A monic quadratic factor of f over ℚ (Kronecker), if any is found.
fn quadratic_factor(f: &UPoly) -> Option<UPoly> {
    let c = integer_coeffs(f);
    // three integer points with few divisors of f there (f has no rational roots)
    let mut pts: Vec<(i64, Vec<i64>)> =
        (-4..=4).filter_map(|x| divisors(&eval_int(&c, x)).map(|d| (x, d))).collect();
    pts.sort_by_key(|(_, d)| d.len());
    if pts.len() < 3 {
        return None;
    }
    let (x0, d0) = &pts[0];
    let (x1, d1) = &pts[1];
    let (x2, d2) = &pts[2];
    if d0.len() * d1.len() * d2.len() * 4 > KRONECKER_LIMIT {
        return None;
    }
    let q = |n: i64| Q::from_integer(BigInt::from(n));
    for &v0 in d0 {
        for &v1 in d1.iter().flat_map(|v| [*v, -*v]).collect::<Vec<_>>().iter() {
            for &v2 in d2.iter().flat_map(|v| [*v, -*v]).collect::<Vec<_>>().iter() {
                // Lagrange interpolation through (x_j, v_j)
                let pts3 = [(*x0, v0), (*x1, v1), (*x2, v2)];
                let mut g = UPoly::zero();
                for (j, &(xj, vj)) in pts3.iter().enumerate() {
                    let mut term = UPoly::constant(q(vj));
                    for (k, &(xk, _)) in pts3.iter().enumerate() {
                        if k != j {
                            term = term
                                .mul(&UPoly::linear_root(q(xk)))
                                .scale(&(Q::one() / q(xj - xk)));
                        }
                    }
                    g = g.add(&term);
                }
                if g.degree() != Some(2) || !g.coeffs().iter().all(|a| a.is_integer()) {
                    continue;
                }
                if let Ok((_, rem)) = f.div_rem(&g) {
                    if rem.is_zero() {
                        return Some(g.monic());
                    }
                }
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn poly(c: &[i64]) -> UPoly {
        UPoly::from_coeffs(c.iter().map(|&a| Q::from_integer(a.into())).collect())
    }

    #[test]
    fn quadratic_poles() {
        // (x² − 2)(x² + 1)(x − 3): roots ±√2, ±i, 3
        let p = poly(&[-2, 0, 1]).mul(&poly(&[1, 0, 1])).mul(&poly(&[-3, 1]));
        let rs = roots(&p).expect("splits");
        assert_eq!(rs.len(), 5);
        for c in &rs {
            let v = QuadPoly::from_upoly(&p).shift(c).coeff(0);
            assert!(v.is_zero(), "{c}");
        }
        // x³ − 2 is irreducible of degree 3
        assert!(roots(&poly(&[-2, 0, 0, 1])).is_err());
    }

    use super::super::kpoly::QuadPoly;
}
