//! Rational solutions of the Risch differential equation f' + h·f = g with h, g ∈ ℚ(x)
//! \[Bro05, ch. 6\], in the base field ℚ(x) with d/dx, where every irreducible polynomial is
//! normal (there are no special polynomials) and the steps are:
//!
//! 1. Denominator bound \[Bro05, §6.1\]: f = P/d with P ∈ ℚ\[x\] and d = ∏ qᵢ^{nᵢ} over a
//!    coprime basis {qᵢ} of the square-free factors of den h and den g. At a root α of q
//!    with ν_α(h) = −e and ν_α(g) ≥ −p, a pole of f of order n ≥ 1 forces, comparing the
//!    lowest terms of f' and h·f: n = p − e if e ≥ 2; n = p − 1 if e = 0; and if e = 1,
//!    n = p − 1 or n = res_α h when that residue is a positive integer. The residues of h
//!    at the roots of q come from `residue.rs` without naming the roots.
//! 2. Degree bound \[Bro05, §6.3\]: P' + h̃·P = g̃ with h̃ = h − d'/d, g̃ = g·d. With
//!    λ = ν_∞(h̃) and γ = deg g̃: deg P = γ + λ if λ < 1; deg P ≤ max(γ + 1, 0) if λ > 1
//!    or h̃ = 0 (then deg P = γ + 1); if λ = 1 and h̃ ~ ρ/x, deg P = γ + 1 or deg P = −ρ ∈ ℕ.
//! 3. Linear algebra over ℚ on the coefficients of P (instead of Bronstein's SPDE
//!    reduction, §6.4): the identity b·e·P' + a·e·P = c·b with h̃ = a/b, g̃ = c/e.
//!
//! A solution is verified by substitution; "no solution" carries the bounds, the linear
//! system and a certificate y (yᵀA = 0, yᵀb ≠ 0). A solution over ℂ(x) exists iff one
//! exists over ℚ(x): the bounds come from h, g alone and the system has rational
//! coefficients. Limits: the bounds are capped (denominator degree, number of unknowns),
//! and the rational-root search on residue polynomials may give up on huge coefficients;
//! both give [`RischOutcome::Undecided`].

use num_traits::{One, Zero};
use varan_algebra::{UPoly, URat, Q};

use super::linear::{self, Linear};
use super::residue::{as_natural, coprime_basis, multiplicity, product, Residues};

/// Largest degree of the denominator bound d that is tried.
const MAX_DENOMINATOR_DEGREE: u64 = 200;
/// Largest number of unknown coefficients of P that is tried.
const MAX_UNKNOWNS: i64 = 300;

/// What [`risch_de`] concluded about f' + h·f = g.
#[derive(Debug, Clone, PartialEq)]
pub enum RischOutcome {
    /// A rational solution f, verified by exact substitution.
    Solution(URat),
    /// No rational solution, with its proof.
    NoSolution(NoRationalSolution),
    /// A bound could not be established within the limits (see the module docs).
    Undecided {
        /// What is missing.
        reason: String,
    },
}

/// The proof that f' + h·f = g has no solution f ∈ ℂ(x): every solution would be P/d with
/// P ∈ ℚ\[x\] of degree ≤ `degree_bound`, and the linear system for the coefficients of P is
/// inconsistent, as the combination `certificate` of its equations shows.
#[derive(Debug, Clone, PartialEq)]
pub struct NoRationalSolution {
    /// d: the denominator bound.
    pub denominator: UPoly,
    /// The degree bound on P; `None` when no non-zero P is possible (then P = 0 is tried).
    pub degree_bound: Option<usize>,
    /// The matrix A: row k is the coefficient of x^k, column j the unknown coefficient p_j.
    pub matrix: Vec<Vec<Q>>,
    /// The right-hand side b.
    pub rhs: Vec<Q>,
    /// y with yᵀA = 0 and yᵀb ≠ 0.
    pub certificate: Vec<Q>,
}

impl NoRationalSolution {
    /// Re-derives the linear system from h, g and the stored bounds and checks the
    /// certificate (the bounds themselves are the theory of the module docs).
    pub fn check(&self, h: &URat, g: &URat) -> bool {
        let sys = System::new(h, g, &self.denominator, self.degree_bound);
        sys.matrix == self.matrix
            && sys.rhs == self.rhs
            && linear::proves_inconsistent(&sys.matrix, &sys.rhs, sys.unknowns, &self.certificate)
    }
}

/// Solves f' + h·f = g for f ∈ ℚ(x) (see the module docs).
pub fn risch_de(h: &URat, g: &URat) -> RischOutcome {
    if g.is_zero() {
        return RischOutcome::Solution(URat::zero());
    }
    // Step 1: denominator bound
    let d = match denominator_bound(h, g) {
        Ok(d) => d,
        Err(reason) => return RischOutcome::Undecided { reason },
    };
    // Step 2: degree bound
    let bound = match degree_bound(h, g, &d) {
        Ok(b) => b,
        Err(reason) => return RischOutcome::Undecided { reason },
    };
    let degree_bound = usize::try_from(bound).ok();
    // Step 3: the linear system
    let sys = System::new(h, g, &d, degree_bound);
    match linear::solve(&sys.matrix, &sys.rhs, sys.unknowns) {
        Linear::Solution(p) => {
            let f = match URat::new(UPoly::from_coeffs(p), d) {
                Ok(f) => f,
                Err(e) => return RischOutcome::Undecided { reason: format!("internal: {e}") },
            };
            if f.derivative().add(&h.mul(&f)).sub(g).is_zero() {
                RischOutcome::Solution(f)
            } else {
                RischOutcome::Undecided {
                    reason: "internal: a solution of the linear system failed verification".into(),
                }
            }
        }
        Linear::Inconsistent(y) => {
            if !linear::proves_inconsistent(&sys.matrix, &sys.rhs, sys.unknowns, &y) {
                return RischOutcome::Undecided {
                    reason: "internal: the inconsistency certificate failed verification".into(),
                };
            }
            RischOutcome::NoSolution(NoRationalSolution {
                denominator: d,
                degree_bound,
                matrix: sys.matrix,
                rhs: sys.rhs,
                certificate: y,
            })
        }
    }
}

/// Step 1 \[Bro05, §6.1\]: d with f·d ∈ ℚ\[x\] for every rational solution f.
fn denominator_bound(h: &URat, g: &URat) -> Result<UPoly, String> {
    let square_free: Vec<UPoly> = h
        .den()
        .squarefree()
        .into_iter()
        .chain(g.den().squarefree())
        .filter(|p| p.degree().unwrap_or(0) > 0)
        .collect();
    let mut factors: Vec<(UPoly, u64)> = Vec::new();
    for q in coprime_basis(&square_free) {
        let e_h = u64::from(multiplicity(&q, h.den()));
        let p_g = u64::from(multiplicity(&q, g.den()));
        match e_h {
            0 => factors.push((q, p_g.saturating_sub(1))),
            1 => {
                // a pole of f of order n = res h ∈ ℕ cancels the lowest term of f' + h·f
                let residues = Residues::new(h.num(), h.den(), &q)?;
                let mut rest = q.clone();
                for k in residues.positive_integer_values(&q)? {
                    let factor = residues.factor_with(&q, &Q::from_integer(k.into()));
                    if factor.degree().unwrap_or(0) == 0 {
                        continue;
                    }
                    rest = rest.exact_div(&factor).map_err(|e| format!("internal: {e}"))?;
                    factors.push((factor, k.max(p_g.saturating_sub(1))));
                }
                factors.push((rest, p_g.saturating_sub(1)));
            }
            _ => factors.push((q, p_g.saturating_sub(e_h))),
        }
    }
    let total: u64 = factors
        .iter()
        .map(|(q, n)| (q.degree().unwrap_or(0) as u64).saturating_mul(*n))
        .fold(0, u64::saturating_add);
    if total > MAX_DENOMINATOR_DEGREE {
        return Err(format!(
            "the denominator bound has degree {total}, above the limit {MAX_DENOMINATOR_DEGREE}"
        ));
    }
    let factors: Vec<(UPoly, u32)> = factors
        .into_iter()
        .filter(|(q, n)| *n > 0 && q.degree().unwrap_or(0) > 0)
        .map(|(q, n)| (q, n as u32)) // n ≤ total ≤ MAX_DENOMINATOR_DEGREE
        .collect();
    Ok(product(&factors))
}

/// Step 2 \[Bro05, §6.3\]: an upper bound on deg P for P' + h̃·P = g̃ (negative: P = 0).
fn degree_bound(h: &URat, g: &URat, d: &UPoly) -> Result<i64, String> {
    let (h_t, g_t) = reduced(h, g, d);
    let degree = |p: &UPoly| p.degree().map_or(0, |k| k as i64);
    let gamma = degree(g_t.num()) - degree(g_t.den());
    let bound = match h_t.order_at_infinity() {
        None => gamma + 1,
        Some(lambda) if lambda > 1 => (gamma + 1).max(0),
        Some(lambda) if lambda < 1 => gamma + lambda,
        Some(_) => {
            let rho = h_t.num().lead() / h_t.den().lead();
            let cancelling = as_natural(&-rho).map_or(Ok(-1), i64::try_from);
            let cancelling = cancelling.map_err(|_| "the degree bound is too large".to_string())?;
            (gamma + 1).max(cancelling)
        }
    };
    if bound + 1 > MAX_UNKNOWNS {
        return Err(format!(
            "the degree bound {bound} of the polynomial part is above the limit {}",
            MAX_UNKNOWNS - 1
        ));
    }
    Ok(bound)
}

/// h̃ = h − d'/d and g̃ = g·d: f = P/d solves f' + h f = g iff P' + h̃ P = g̃.
fn reduced(h: &URat, g: &URat, d: &UPoly) -> (URat, URat) {
    let log_d = URat::new(d.derivative(), d.clone()).unwrap_or_else(|_| URat::zero());
    (h.sub(&log_d), g.mul(&URat::poly(d.clone())))
}

/// The coefficient equations of b·e·P' + a·e·P = c·b, P = Σ_{j ≤ bound} p_j x^j.
struct System {
    matrix: Vec<Vec<Q>>,
    rhs: Vec<Q>,
    unknowns: usize,
}

impl System {
    fn new(h: &URat, g: &URat, d: &UPoly, bound: Option<usize>) -> System {
        let (h_t, g_t) = reduced(h, g, d);
        let (a, b) = (h_t.num(), h_t.den());
        let (c, e) = (g_t.num(), g_t.den());
        let be = b.mul(e);
        let ae = a.mul(e);
        let unknowns = bound.map_or(0, |m| m + 1);
        let columns: Vec<UPoly> = (0..unknowns)
            .map(|j| {
                let xj = UPoly::from_coeffs([vec![Q::zero(); j], vec![Q::one()]].concat());
                be.mul(&xj.derivative()).add(&ae.mul(&xj))
            })
            .collect();
        let rhs_poly = c.mul(b);
        let rows = columns
            .iter()
            .chain(std::iter::once(&rhs_poly))
            .map(|p| p.coeffs().len())
            .max()
            .unwrap_or(0);
        let matrix = (0..rows).map(|k| columns.iter().map(|col| col.coeff(k)).collect()).collect();
        let rhs = (0..rows).map(|k| rhs_poly.coeff(k)).collect();
        System { matrix, rhs, unknowns }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn q(n: i64, d: i64) -> Q {
        Q::new(n.into(), d.into())
    }

    #[test]
    fn denominator_bound_sees_positive_integer_residues() {
        // f' + (2/x)·f = 0 has f = x⁻²: residue 2 of h allows a double pole at 0; with
        // g = 1 the solution is f = x/3
        let h = URat::new(UPoly::constant(q(2, 1)), UPoly::x()).expect("h");
        let g = URat::constant(q(1, 1));
        assert_eq!(denominator_bound(&h, &g), Ok(UPoly::x().pow(2)));
        match risch_de(&h, &g) {
            RischOutcome::Solution(f) => {
                assert!(f.derivative().add(&h.mul(&f)).sub(&g).is_zero())
            }
            other => panic!("expected a solution, got {other:?}"),
        }
    }
}
