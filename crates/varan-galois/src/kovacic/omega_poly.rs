//! Polynomials in ω over K(x) (K multi-quadratic, `field.rs`) whose roots solve the Riccati
//! equation ω' + ω² = r: the answer of Kovacic's case 3 \[Kov86, §5\], where ω = u'/u is
//! algebraic of degree n ∈ {4, 6, 12} over ℚ(x). Exact verification and printing.
//!
//! Verification. For F = Σ b_i ω^i with b_i ∈ K\[x\], b_n ≠ 0, let
//! $$ D(F) = \sum_i b_i'\,\omega^i + (r - \omega^2)\,\partial_\omega F , $$
//! the derivative of F(ω) along a Riccati solution. If F is square-free and divides D(F)
//! in K(x)\[ω\], every root ω of F satisfies ω' + ω² = r (d/dx extends uniquely to an
//! algebraic closure of K(x)): differentiating F(ω) = 0 gives Σ b_i' ω^i + ∂_ωF(ω)·ω' = 0,
//! D(F)(ω) = 0 gives the same with r − ω² in place of ω', and ∂_ωF(ω) ≠ 0. Then
//! u = exp∫ω solves u'' = r·u and is Liouvillian. The divisibility is a polynomial
//! identity: with ρ the denominator of r, G = ρ·D(F) has polynomial coefficients and
//! leading term −nρ b_n ω^{n+1}; H = G + nρω·F has degree ≤ n, and F | D(F) iff
//! H = (h_n/b_n)·F, i.e. b_n·H − h_n·F = 0 coefficientwise — no division in K(x).
//!
//! Square-freeness by one specialization: the coefficients of F/b_n lie in
//! R = K\[x\]\[1/b_n\], a localization of a principal ideal domain and so integrally
//! closed; monic factors of F/b_n over K(x) therefore lie in R\[ω\]. If F = G²H with
//! deg_ω G ≥ 1, then F(x₀, ω) = G(x₀, ω)²H(x₀, ω) up to a unit for every x₀ ∈ ℚ with
//! b_n(x₀) ≠ 0. Hence one such x₀ with gcd(F(x₀, ω), ∂_ωF(x₀, ω)) = 1 (over K) proves F
//! square-free.

use num_bigint::BigInt;
use varan_algebra::{URat, Q};

use super::field::QuadNum;
use super::kpoly::QuadPoly;
use super::polyring::{PolyRing, ZPoly};

/// Whether F = Σ b_i ω^i (`b` low degree first, b_n ≠ 0) divides D(F) (see the module
/// docs). Over ℤ\[x\] after clearing denominators when every coefficient is rational.
pub(crate) fn divides_riccati_derivative(b: &[QuadPoly], r: &URat) -> bool {
    let rational: Option<Vec<Vec<Q>>> =
        b.iter().map(|bi| bi.as_upoly().map(|p| p.coeffs().to_vec())).collect();
    match rational {
        Some(bq) => {
            let bz = ZPoly::clear_denominators(&bq);
            let rz =
                ZPoly::clear_denominators(&[r.den().coeffs().to_vec(), r.num().coeffs().to_vec()]);
            divides(&bz, &rz[0], &rz[1])
        }
        None => divides(b, &QuadPoly::from_upoly(r.den()), &QuadPoly::from_upoly(r.num())),
    }
}

/// The divisibility test for F = Σ b_i ω^i and r = rho_r/rho, in any polynomial ring.
fn divides<R: PolyRing>(b: &[R], rho: &R, rho_r: &R) -> bool {
    let Some(n) = b.len().checked_sub(1) else { return false };
    if b[n].is_zero() {
        return false;
    }
    // G = ρ Σ b_i' ω^i + ρr Σ i b_i ω^{i−1} − ρ Σ i b_i ω^{i+1}
    let mut g = vec![R::zero(); n + 2];
    for (i, bi) in b.iter().enumerate() {
        g[i] = g[i].add(&rho.mul(&bi.derivative()));
        if i > 0 {
            let ib = bi.times(i as i64);
            g[i - 1] = g[i - 1].add(&rho_r.mul(&ib));
            g[i + 1] = g[i + 1].sub(&rho.mul(&ib));
        }
    }
    // H = G + nρω·F: the ω^{n+1} terms cancel
    let n_rho = rho.times(n as i64);
    for (i, bi) in b.iter().enumerate() {
        g[i + 1] = g[i + 1].add(&n_rho.mul(bi));
    }
    if !g[n + 1].is_zero() {
        return false;
    }
    let (bn, hn) = (&b[n], &g[n]);
    (0..n).all(|k| bn.mul(&g[k]).sub(&hn.mul(&b[k])).is_zero())
}

/// p(x₀) for a rational x₀.
fn eval(p: &QuadPoly, x0: &Q) -> QuadNum {
    p.coeffs().iter().rev().fold(QuadNum::zero(), |acc, c| acc.scale(x0).add(c))
}

/// How many points x₀ = 0, 1, −1, 2, −2, … the square-free test tries.
const SPECIALIZATION_TRIES: i64 = 64;

/// Whether F = Σ b_i ω^i is proven square-free over K(x) at one specialization (see the
/// module docs); `false` when no tried point proves it.
pub(crate) fn proven_squarefree(b: &[QuadPoly]) -> bool {
    let Some(lead) = b.last() else { return false };
    if b.len() <= 2 {
        return !lead.is_zero();
    }
    for k in 0..SPECIALIZATION_TRIES {
        let x0 = Q::from_integer(BigInt::from(if k % 2 == 0 { -(k / 2) } else { k / 2 + 1 }));
        if eval(lead, &x0).is_zero() {
            continue;
        }
        let f0 = QuadPoly::from_coeffs(b.iter().map(|bi| eval(bi, &x0)).collect());
        if f0.gcd(&f0.derivative()).degree() == Some(0) {
            return true;
        }
    }
    false
}

/// Whether every coefficient is rational (F ∈ ℚ\[x\]\[ω\]).
pub(crate) fn is_rational(b: &[QuadPoly]) -> bool {
    b.iter().all(|c| c.as_upoly().is_some())
}

/// `w^4 + (x - 1)*w^2 - 3*x`: variable `var`, ω written `w`, highest degree first.
pub(crate) fn to_text(b: &[QuadPoly], var: &str) -> String {
    render(
        b,
        |c| c.to_text(var),
        |k| match k {
            0 => String::new(),
            1 => "w".into(),
            _ => format!("w^{k}"),
        },
        ("(", ")"),
        "*",
    )
}

/// The same in LaTeX (`var` already LaTeX), ω written `\omega`.
pub(crate) fn to_latex(b: &[QuadPoly], var: &str) -> String {
    render(
        b,
        |c| c.to_latex(var),
        |k| match k {
            0 => String::new(),
            1 => "\\omega".into(),
            _ => format!("\\omega^{{{k}}}"),
        },
        ("\\left(", "\\right)"),
        "\\,",
    )
}

fn render(
    b: &[QuadPoly],
    coef: impl Fn(&QuadPoly) -> String,
    power: impl Fn(usize) -> String,
    parens: (&str, &str),
    times: &str,
) -> String {
    let mut out = String::new();
    for (k, c) in b.iter().enumerate().rev() {
        if c.is_zero() {
            continue;
        }
        let mono = power(k);
        // a coefficient printed as one token needs no parentheses; a negative one moves its
        // sign in front
        let simple = |s: &str| !s.contains([' ', '+']) && !s.starts_with('-');
        let (t, tn) = (coef(c), coef(&c.neg()));
        let (negative, body) = if simple(&t) {
            (false, t)
        } else if simple(&tn) {
            (true, tn)
        } else {
            (false, format!("{}{t}{}", parens.0, parens.1))
        };
        let term = match (mono.is_empty(), body.as_str()) {
            (true, _) => body.clone(),
            (false, "1") => mono,
            (false, _) => format!("{body}{times}{mono}"),
        };
        match (out.is_empty(), negative) {
            (true, false) => out.push_str(&term),
            (true, true) => out.push_str(&format!("-{term}")),
            (false, false) => out.push_str(&format!(" + {term}")),
            (false, true) => out.push_str(&format!(" - {term}")),
        }
    }
    if out.is_empty() {
        "0".into()
    } else {
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use varan_algebra::UPoly;

    fn q(p: i64, d: i64) -> Q {
        Q::new(p.into(), d.into())
    }

    fn kp(c: &[i64]) -> QuadPoly {
        QuadPoly::from_coeffs(c.iter().map(|&a| QuadNum::from_int(a)).collect())
    }

    /// u'' = (2/x²)u has ω = 2/x and ω = −1/x: F = x²(ω − 2/x)(ω + 1/x) = x²ω² − xω − 2
    /// divides D(F) and is square-free; ω − 1/x does not divide; x²(ω − 2/x)² is not
    /// square-free.
    #[test]
    fn product_of_two_solutions() {
        let r = URat::new(
            UPoly::constant(q(2, 1)),
            UPoly::from_coeffs(vec![q(0, 1), q(0, 1), q(1, 1)]),
        )
        .expect("x² ≠ 0");
        let f = vec![kp(&[-2]), kp(&[0, -1]), kp(&[0, 0, 1])];
        assert!(divides_riccati_derivative(&f, &r));
        assert!(proven_squarefree(&f));
        assert_eq!(to_text(&f, "x"), "x^2*w^2 - x*w - 2");
        assert!(!divides_riccati_derivative(&[kp(&[-1]), kp(&[0, 1])], &r));
        let sq = vec![kp(&[4]), kp(&[0, -4]), kp(&[0, 0, 1])];
        assert!(divides_riccati_derivative(&sq, &r));
        assert!(!proven_squarefree(&sq));
    }
}
