//! Is u'' = r·u, r ∈ ℚ(x), a Riemann equation — Fuchsian with exactly three singular points
//! on ℙ¹ — and what are its exponent differences?
//!
//! Local theory (Frobenius). At a pole c of order ≤ 2 with r ~ b_c/(x − c)², the exponents
//! solve ρ(ρ − 1) = b_c, so their difference is Δ_c = √(1 + 4b_c); a pole of order 1 has
//! b_c = 0 and Δ_c = 1 with a logarithm (the residue of r is the obstruction), so it is a
//! genuine singular point. At ∞, in t = 1/x the equation reads
//! v'' + (2/t) v' − t⁻⁴ r(1/t) v = 0; with r ~ b_∞/x² the solutions behave like x^ρ,
//! ρ(ρ − 1) = b_∞, so Δ_∞ = √(1 + 4b_∞). When r = O(x⁻³) the exponents in x are 0 and 1
//! and the recursion for the solution x(1 + a₁/x + …) meets its resonance at the x⁻²
//! coefficient, which forces the x⁻³ coefficient of r to vanish: the solutions 1 and x are
//! free of logarithms exactly when r = O(x⁻⁴). Then t·v has exponents 0, 1 without
//! logarithm, the local monodromy is trivial and ∞ is an ordinary point of the projective
//! equation (Möbius changes of variable keep the normal form, with a rational gauge
//! factor, so they do not change the Galois group). With ord_∞ r ∈ {2, 3}, ∞ is a regular
//! singular point; ord_∞ r < 2 or a pole of order > 2 is irregular (not Fuchsian).
//!
//! Points may be irrational: the roots of an irreducible factor f of the denominator are
//! conjugate, b_α = N(α)/(E(α) f'(α)²) with E = den/f² lies in ℚ(α) (`quotient.rs`), and the
//! exponent differences of conjugate points are conjugate.

use num_traits::{One, Signed, Zero};
use varan_algebra::{rational_text, UPoly, URat, Q};

use super::quotient::Quotient;

/// A singular point of u'' = r·u on ℙ¹.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SingularPoint {
    /// A rational point.
    Finite(Q),
    /// Each root of an irreducible polynomial of degree ≥ 2 (the roots are conjugate).
    RootOf(UPoly),
    /// The point at infinity.
    Infinity,
}

/// An exponent difference Δ, exact and up to sign (Δ and −Δ describe the same point).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ExponentDifference {
    /// Δ ∈ ℚ, Δ ≥ 0.
    Rational(Q),
    /// Δ = √q with q ∈ ℚ not the square of a rational (for q < 0, Δ = i·√(−q)).
    Sqrt(Q),
    /// Δ = √β(α) at a root α of the irreducible `modulus`, with β(α) = Δ² ∈ ℚ(α) \ ℚ given
    /// by the polynomial `square` (reduced modulo `modulus`).
    Algebraic {
        /// β, a polynomial in α of degree < deg modulus.
        square: UPoly,
        /// The minimal polynomial of α.
        modulus: UPoly,
    },
}

/// A singular point (or a set of `count` conjugate points) and its exponent difference.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PointExponent {
    /// Where.
    pub point: SingularPoint,
    /// How many points of ℙ¹ this entry stands for: 1, or the degree of the polynomial
    /// whose roots they are.
    pub count: usize,
    /// Δ at the point (at each conjugate point α, expressed through α).
    pub delta: ExponentDifference,
}

impl ExponentDifference {
    /// Δ² when it is rational.
    pub fn square(&self) -> Option<Q> {
        match self {
            ExponentDifference::Rational(d) => Some(d * d),
            ExponentDifference::Sqrt(q) => Some(q.clone()),
            ExponentDifference::Algebraic { .. } => None,
        }
    }

    /// Δ when it is rational.
    pub fn rational(&self) -> Option<&Q> {
        match self {
            ExponentDifference::Rational(d) => Some(d),
            _ => None,
        }
    }

    /// Δ as text (`1/2`, `√(2)`, `√(-1/3)`, `√(2*α + 3)`).
    pub fn to_text(&self) -> String {
        match self {
            ExponentDifference::Rational(d) => rational_text(d),
            ExponentDifference::Sqrt(q) => format!("√({})", rational_text(q)),
            ExponentDifference::Algebraic { square, .. } => format!("√({})", square.to_text("α")),
        }
    }

    /// Δ² as text.
    pub fn square_text(&self) -> String {
        match self {
            ExponentDifference::Algebraic { square, .. } => square.to_text("α"),
            other => other.square().map_or_else(String::new, |q| rational_text(&q)),
        }
    }
}

impl SingularPoint {
    /// The point as text (`0`, `-1/2`, `∞`, `each root α of x^2 - 2`).
    pub fn to_text(&self, var: &str) -> String {
        match self {
            SingularPoint::Finite(c) => rational_text(c),
            SingularPoint::RootOf(f) => format!("each root α of {}", f.to_text(var)),
            SingularPoint::Infinity => "∞".into(),
        }
    }
}

/// What the scan of r found.
pub(crate) enum Scan {
    /// Not Fuchsian, or more than three singular points: why.
    NotRiemann(String),
    /// Fuchsian with at most three singular points, but the points or their data could
    /// not be computed exactly: why.
    Undecided(String),
    /// Fuchsian with these singular points (at most three counted with `count`), ordered:
    /// rational points increasing, conjugate sets, ∞.
    Points(Vec<PointExponent>),
}

/// Classifies Δ² = q ∈ ℚ.
pub(crate) fn from_square(q: Q) -> ExponentDifference {
    match rational_sqrt(&q) {
        Some(d) => ExponentDifference::Rational(d),
        None => ExponentDifference::Sqrt(q),
    }
}

/// The non-negative rational square root of q, if q is a square in ℚ.
pub(crate) fn rational_sqrt(q: &Q) -> Option<Q> {
    if q.is_negative() {
        return None;
    }
    let n = q.numer().sqrt();
    let d = q.denom().sqrt();
    (&(&n * &n) == q.numer() && &(&d * &d) == q.denom()).then(|| Q::new(n, d))
}

fn four() -> Q {
    Q::from_integer(4.into())
}

/// The singular points of u'' = r·u with their exponent differences (see the module docs).
pub(crate) fn scan(r: &URat) -> Scan {
    let Some(ord_inf) = r.order_at_infinity() else {
        // u'' = 0: no singular point at all
        return Scan::Points(Vec::new());
    };
    if ord_inf < 2 {
        return Scan::NotRiemann(format!(
            "∞ is an irregular singular point (ord_∞ r = {ord_inf} < 2): not Fuchsian"
        ));
    }
    let sf = r.den().squarefree();
    if sf.len() > 2 {
        return Scan::NotRiemann(format!(
            "r has a pole of order {} > 2, an irregular singular point: not Fuchsian",
            sf.len()
        ));
    }
    let factor = |i: usize| sf.get(i).filter(|p| p.degree().unwrap_or(0) > 0);
    let (p1, p2) = (factor(0), factor(1));
    let inf_singular = ord_inf < 4;
    let count = p1.and_then(UPoly::degree).unwrap_or(0)
        + p2.and_then(UPoly::degree).unwrap_or(0)
        + usize::from(inf_singular);
    if count > 3 {
        return Scan::NotRiemann(format!(
            "{count} singular points on ℙ¹ (a Riemann equation has three)"
        ));
    }
    let mut rational: Vec<(Q, ExponentDifference)> = Vec::new();
    let mut orbits: Vec<PointExponent> = Vec::new();
    // simple poles: b = 0, Δ = 1
    if let Some(p) = p1 {
        let (roots, rest) = match split_rational_roots(p) {
            Ok(x) => x,
            Err(why) => return Scan::Undecided(why),
        };
        for c in roots {
            rational.push((c, ExponentDifference::Rational(Q::one())));
        }
        if let Some(k) = rest.degree().filter(|&k| k > 0) {
            orbits.push(PointExponent {
                point: SingularPoint::RootOf(rest),
                count: k,
                delta: ExponentDifference::Rational(Q::one()),
            });
        }
    }
    // double poles: b_c = ((x − c)² r)(c)
    if let Some(p) = p2 {
        let (roots, rest) = match split_rational_roots(p) {
            Ok(x) => x,
            Err(why) => return Scan::Undecided(why),
        };
        for c in roots {
            let sq = URat::poly(UPoly::linear_root(c.clone()).pow(2));
            let Ok(b) = r.mul(&sq).eval(&c) else {
                return Scan::Undecided(format!("internal: r·(x − {c})² has a pole at {c}"));
            };
            rational.push((c, from_square(Q::one() + four() * b)));
        }
        if rest.degree().unwrap_or(0) > 0 {
            match conjugate_points(r, &rest) {
                Some(p) => orbits.push(p),
                None => {
                    return Scan::Undecided(format!(
                        "internal: the exponent differences at the roots of {} could not be computed in ℚ(α)",
                        rest.to_text("x")
                    ))
                }
            }
        }
    }
    rational.sort_by(|a, b| a.0.cmp(&b.0));
    let mut points: Vec<PointExponent> = rational
        .into_iter()
        .map(|(c, delta)| PointExponent { point: SingularPoint::Finite(c), count: 1, delta })
        .collect();
    points.extend(orbits);
    if inf_singular {
        let delta = if ord_inf == 2 {
            // r ~ b_∞/x² with b_∞ = lead(num)/lead(den)
            let b = r.num().lead() / r.den().lead();
            from_square(Q::one() + four() * b)
        } else {
            ExponentDifference::Rational(Q::one())
        };
        points.push(PointExponent { point: SingularPoint::Infinity, count: 1, delta });
    }
    Scan::Points(points)
}

/// p = Π (x − c_i) · rest with the rational roots c_i; `rest` has none. Since a Riemann
/// equation has at most three singular points, `rest` has degree 0, 2 or 3 and, having no
/// rational root, is irreducible.
fn split_rational_roots(p: &UPoly) -> Result<(Vec<Q>, UPoly), String> {
    let roots = p.rational_roots().ok_or_else(|| {
        format!(
            "the rational roots of {} could not be searched (coefficients too large)",
            p.to_text("x")
        )
    })?;
    let mut rest = p.clone();
    for c in &roots {
        rest = rest
            .exact_div(&UPoly::linear_root(c.clone()))
            .map_err(|_| format!("internal: {c} is not a root of {}", p.to_text("x")))?;
    }
    Ok((roots, rest))
}

/// The conjugate double poles at the roots α of f: b_α = N(α)/(E(α)·f'(α)²), E = den/f².
fn conjugate_points(r: &URat, f: &UPoly) -> Option<PointExponent> {
    let k = Quotient::new(f.clone())?;
    let e = r.den().exact_div(&f.mul(f)).ok()?;
    let fp = f.derivative();
    let denom = k.mul(&e, &k.mul(&fp, &fp)?)?;
    let b = k.mul(r.num(), &k.inverse(&denom)?)?;
    let beta = k.reduce(&UPoly::one().add(&b.scale(&four())))?;
    let delta = match beta.degree() {
        None => from_square(Q::zero()),
        Some(0) => from_square(beta.lead()),
        Some(_) => ExponentDifference::Algebraic { square: beta, modulus: f.clone() },
    };
    Some(PointExponent { point: SingularPoint::RootOf(f.clone()), count: f.degree()?, delta })
}

/// The elementary symmetric functions e₁, e₂, e₃ of the three values Δ² (with multiplicity),
/// all rational because the set of singular points is stable under conjugation.
pub(crate) fn symmetric_functions(points: &[PointExponent]) -> Option<[Q; 3]> {
    // Π (X − Δ²) as a polynomial, built factor by factor
    let mut chi = UPoly::one();
    for p in points {
        let factor = match &p.delta {
            ExponentDifference::Algebraic { square, modulus } => {
                let e = Quotient::new(modulus.clone())?.elementary_symmetric(square)?;
                // X^k − e₁X^{k−1} + e₂X^{k−2} − …
                let mut c = vec![Q::zero(); e.len() + 1];
                c[e.len()] = Q::one();
                for (j, ej) in e.iter().enumerate() {
                    let v = if j % 2 == 0 { -ej.clone() } else { ej.clone() };
                    c[e.len() - 1 - j] = v;
                }
                UPoly::from_coeffs(c)
            }
            other => UPoly::linear_root(other.square()?).pow(p.count as u32),
        };
        chi = chi.mul(&factor);
    }
    if chi.degree() != Some(3) {
        return None;
    }
    // χ = X³ − e₁X² + e₂X − e₃
    Some([-chi.coeff(2), chi.coeff(1), -chi.coeff(0)])
}
