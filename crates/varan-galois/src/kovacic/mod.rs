//! Kovacic's algorithm for u'' = r·u, r ∈ ℚ(x) \[Kov86\].
//!
//! The differential Galois group G ⊂ SL₂(ℂ) is in one of four cases [Kov86, §1.2]:
//! (1) reducible, (2) imprimitive, (3) finite primitive, (4) G = SL₂ — and the equation has
//! a Liouvillian solution exactly in cases 1–3. Each of cases 1–3 has necessary conditions
//! on the pole orders of r and its order at ∞ [Kov86, §2]:
//!
//! - case 1: every pole has order 1 or even order, and ord_∞ r is even or > 2;
//! - case 2: some pole has order 2, or odd order > 2;
//! - case 3: no pole has order > 2, and ord_∞ r ≥ 2.
//!
//! When none holds, the group is SL₂: no Liouvillian solution, G⁰ = SL₂ non-solvable. This
//! part is exact for every r ∈ ℚ(x): pole orders come from the square-free decomposition of
//! the denominator, valid for algebraic poles as well.
//!
//! The searches, all exact, with poles and local data in a multi-quadratic field
//! K = ℚ(√d₁, …, √d_k) (`field.rs`, `kpoly.rs`): rational poles, poles at the roots of
//! quadratic factors of the denominator, simple poles anywhere, and the square roots
//! √a, √(1 + 4b) the local data need, negative ones included. Case 1 [Kov86, §3]
//! (`case1.rs`) and case 2 [Kov86, §4] (`case2.rs`): a Riccati solution is verified by
//! exact substitution, ω' + ω² = r (`verify.rs`), in K(x) when it is not in ℚ(x). Case 3
//! [Kov86, §5] (`case3.rs`), whose verdict needs cases 1 and 2 excluded completely: the
//! first n ∈ {4, 6, 12} with a solution gives the group (tetrahedral, octahedral,
//! icosahedral) and the polynomial of degree n whose roots are ω, verified exactly in
//! K(x)\[ω\] (`omega_poly.rs`); no solution for n = 12 excludes case 3. Where a step needs
//! what is not implemented (an order-2 pole at a root of an irreducible cubic, a square root
//! outside multi-quadratic fields, a search beyond its limits) the outcome is
//! [`KovacicOutcome::Undecided`] with the reason, never a wrong verdict.

mod case1;
mod case2;
mod case3;
mod field;
mod kpoly;
mod laurent;
mod omega_poly;
mod poles;
mod polyring;
mod verify;

use varan_algebra::URat;

use crate::kimura::ProjectiveGroup;

pub use field::QuadNum;
pub use kpoly::{QuadPoly, QuadRatFun};
pub use verify::{riccati_residual, riccati_residual_quad};

/// What Kovacic's algorithm concluded.
#[derive(Debug, Clone, PartialEq)]
pub enum KovacicOutcome {
    /// A Liouvillian solution u = exp(∫ω) exists; ω is a rational solution of the Riccati
    /// equation ω' + ω² = r, verified exactly.
    Liouvillian {
        /// The case (1: reducible group).
        case: u8,
        /// ω with ω' + ω² = r.
        omega: URat,
    },
    /// Case 2 (imprimitive group): ω = u'/u is algebraic of degree ≤ 2 over ℚ(x), a root
    /// of ω² − φω + (½φ' + ½φ² − r) = 0; the compatibility identity is verified exactly.
    Imprimitive {
        /// φ.
        phi: URat,
    },
    /// A Liouvillian solution whose data need numbers outside ℚ: `solution` has
    /// coefficients in a multi-quadratic field K = ℚ(√d₁, …) and not all in ℚ.
    ///
    /// - `case` 1: `solution` is ω = u'/u with ω' + ω² = r, verified exactly in K(x).
    ///   Since r ∈ ℚ(x), every conjugate σ(ω) (σ ∈ Gal(K/ℚ)) is a Riccati solution too, and
    ///   some σ(ω) ≠ ω: two independent solutions exp∫ω, exp∫σ(ω) each span a line that
    ///   G fixes, so G is diagonalizable and G⁰ is abelian.
    /// - `case` 2: `solution` is φ with ω a root of ω² − φω + (½φ' + ½φ² − r) = 0 with
    ///   distinct roots (verified as for [`KovacicOutcome::Imprimitive`]): G permutes two
    ///   lines, G⁰ lies in a torus, abelian.
    LiouvillianAlgebraic {
        /// The case (1: ω; 2: φ).
        case: u8,
        /// ω (case 1) or φ (case 2), with coefficients in K.
        solution: QuadRatFun,
    },
    /// Case 3 (finite primitive group): ω = u'/u is algebraic of degree `n` over ℚ(x), a
    /// root of F = Σ b_i ω^i with the coefficients b_i ∈ K\[x\] in `minimal_polynomial`
    /// (text by [`KovacicOutcome::minimal_polynomial_text`]); F/b_n is the minimal
    /// polynomial of ω over ℂ(x) \[Kov86, §5\]. Verified exactly: F is square-free and
    /// each of its roots solves ω' + ω² = r. Cases 1 and 2 are excluded by
    /// complete searches, so G is finite: the binary tetrahedral (n = 4, order 24),
    /// octahedral (n = 6, order 48) or icosahedral (n = 12, order 120) group, n the first
    /// of 4, 6, 12 with a solution \[Kov86, §5\]. G⁰ is trivial.
    Finite {
        /// 4, 6 or 12: the degree of ω over ℚ(x).
        n: u8,
        /// The projective group: tetrahedral (A₄), octahedral (S₄) or icosahedral (A₅).
        group: ProjectiveGroup,
        /// b_0, …, b_n (b_n monic; Kovacic's Σ SⁱP_i/(n − i)!·ωⁱ up to a constant):
        /// polynomials in x with coefficients in ℚ or a multi-quadratic field K.
        minimal_polynomial: Vec<QuadPoly>,
    },
    /// No case 1–3 is possible: no Liouvillian solution, G = SL₂ (case 4).
    NoLiouvillianSolution {
        /// Why each case is excluded.
        reason: String,
    },
    /// The algorithm could not decide (a search that is not implemented for this r).
    Undecided {
        /// What is missing.
        reason: String,
    },
}

impl KovacicOutcome {
    /// For [`KovacicOutcome::Finite`]: the polynomial in ω (written `w`) with variable
    /// `var`, `w^4 + (…)*w^2 + …`.
    pub fn minimal_polynomial_text(&self, var: &str) -> Option<String> {
        match self {
            KovacicOutcome::Finite { minimal_polynomial, .. } => {
                Some(omega_poly::to_text(minimal_polynomial, var))
            }
            _ => None,
        }
    }

    /// The same in LaTeX (`var` already LaTeX, ω written `\omega`).
    pub fn minimal_polynomial_latex(&self, var: &str) -> Option<String> {
        match self {
            KovacicOutcome::Finite { minimal_polynomial, .. } => {
                Some(omega_poly::to_latex(minimal_polynomial, var))
            }
            _ => None,
        }
    }
}

/// The pole structure of r: orders of the finite poles (with multiplicity, one entry per
/// pole over ℂ) and the order at ∞ (`None` for r = 0).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PoleStructure {
    /// For each square-free factor P_i of the denominator: (its degree, the pole order i).
    pub poles: Vec<(usize, u32)>,
    /// ord_∞ r = deg den − deg num.
    pub order_at_infinity: Option<i64>,
}

/// The pole orders of r from the square-free decomposition of its denominator.
pub fn pole_structure(r: &URat) -> PoleStructure {
    let poles = r
        .den()
        .squarefree()
        .iter()
        .enumerate()
        .filter_map(|(i, p)| p.degree().filter(|&d| d > 0).map(|d| (d, i as u32 + 1)))
        .collect();
    PoleStructure { poles, order_at_infinity: r.order_at_infinity() }
}

/// Which of cases 1–3 the necessary conditions allow [Kov86, §2].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PossibleCases {
    /// Case 1 (reducible) is not excluded.
    pub case1: bool,
    /// Case 2 (imprimitive) is not excluded.
    pub case2: bool,
    /// Case 3 (finite primitive) is not excluded.
    pub case3: bool,
}

/// The necessary conditions of [Kov86, §2] for r ≠ 0.
pub fn possible_cases(s: &PoleStructure) -> PossibleCases {
    let orders: Vec<u32> = s.poles.iter().map(|(_, o)| *o).collect();
    let inf = s.order_at_infinity.unwrap_or(i64::MAX);
    PossibleCases {
        case1: orders.iter().all(|&o| o == 1 || o % 2 == 0) && (inf % 2 == 0 || inf > 2),
        case2: orders.iter().any(|&o| o == 2 || (o % 2 == 1 && o > 2)),
        case3: orders.iter().all(|&o| o <= 2) && inf >= 2,
    }
}

/// Runs Kovacic's algorithm as far as it is implemented (see the module docs).
pub fn kovacic(r: &URat) -> KovacicOutcome {
    if r.is_zero() {
        // u'' = 0: u = 1 and u = x, ω = 0
        return KovacicOutcome::Liouvillian { case: 1, omega: URat::zero() };
    }
    let s = pole_structure(r);
    let cases = possible_cases(&s);
    if !cases.case1 && !cases.case2 && !cases.case3 {
        return KovacicOutcome::NoLiouvillianSolution { reason: exclusion_reason(&s) };
    }
    let mut missing = Vec::new();
    let mut searched = Vec::new();
    if cases.case1 {
        match case1::search(r) {
            case1::Search::Found(omega) => return liouvillian(1, omega),
            case1::Search::Exhausted => searched.push("case 1: no family gives a polynomial"),
            case1::Search::Unsupported(why) => missing.push(format!("case 1: {why}")),
        }
    }
    if cases.case2 {
        match case2::search(r) {
            case2::Search::Found(phi) => {
                // a double root ω = φ/2 of the quadratic is a rational Riccati solution
                // (case 1); otherwise G permutes two distinct lines
                let half = QuadNum::from_rational(varan_algebra::Q::new(1.into(), 2.into()));
                let omega = phi.scale(&half);
                if riccati_residual_quad(&omega, r).is_zero() {
                    return liouvillian(1, omega);
                }
                return match phi.as_urat() {
                    Some(phi) => KovacicOutcome::Imprimitive { phi },
                    None => KovacicOutcome::LiouvillianAlgebraic { case: 2, solution: phi },
                };
            }
            case2::Search::Exhausted => searched.push("case 2: no family gives a polynomial"),
            case2::Search::Unsupported(why) => missing.push(format!("case 2: {why}")),
        }
    }
    if cases.case3 {
        // Step 3 of case 3 is meaningful only after cases 1 and 2 are excluded completely:
        // reducible and imprimitive groups have semi-invariants of degree 4, 6, 12 too
        match case3::search(r) {
            case3::Search::Found { n, group, polynomial } if missing.is_empty() => {
                return KovacicOutcome::Finite { n, group, minimal_polynomial: polynomial };
            }
            case3::Search::Found { n, .. } => missing.push(format!(
                "case 3 finds ω algebraic of degree {n} over ℚ(x) (verified: a Liouvillian solution exists), but the group class needs cases 1 and 2 decided"
            )),
            case3::Search::Exhausted => {
                searched.push("case 3: no family gives a polynomial for n = 4, 6, 12")
            }
            case3::Search::Unsupported(why) => missing.push(format!("case 3: {why}")),
        }
    }
    if missing.is_empty() {
        // every possible case was searched completely without success
        let excluded =
            if searched.is_empty() { String::new() } else { format!(" ({})", searched.join("; ")) };
        return KovacicOutcome::NoLiouvillianSolution {
            reason: format!(
                "the complete searches of the cases the necessary conditions allow find no solution{excluded}"
            ),
        };
    }
    KovacicOutcome::Undecided { reason: missing.join("; ") }
}

/// ω as the outcome: in ℚ(x) when it is there.
fn liouvillian(case: u8, omega: QuadRatFun) -> KovacicOutcome {
    match omega.as_urat() {
        Some(omega) => KovacicOutcome::Liouvillian { case, omega },
        None => KovacicOutcome::LiouvillianAlgebraic { case, solution: omega },
    }
}

fn exclusion_reason(s: &PoleStructure) -> String {
    let orders: Vec<String> =
        s.poles.iter().map(|(k, o)| format!("{k} pole(s) of order {o}")).collect();
    let poles = if orders.is_empty() { "no finite poles".to_string() } else { orders.join(", ") };
    let inf = s.order_at_infinity.map_or("∞".to_string(), |o| o.to_string());
    format!(
        "{poles} and ord_∞ r = {inf}: case 1 needs poles of order 1 or even order and ord_∞ even or > 2; case 2 needs a pole of order 2 or of odd order > 2; case 3 needs poles of order ≤ 2 and ord_∞ ≥ 2 [Kov86, §2]"
    )
}
