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
//! Implemented searches: case 1 [Kov86, §3] when all poles are rational and the numbers
//! it needs ([√r]_c, α_c^±) are rational (`case1.rs`); the solution ω of the Riccati
//! equation is verified by exact substitution, ω' + ω² = r (`verify.rs`). Case 2
//! [Kov86, §4] when all poles are rational (`case2.rs`, exact over ℚ). Case 3 [Kov86, §5]
//! and irrational poles are not yet searched: the outcome is then
//! [`KovacicOutcome::Undecided`] with the reason, never a wrong verdict.

mod case1;
mod case2;
mod laurent;
mod verify;

use num_traits::{One, Zero};
use varan_algebra::{UPoly, URat, Q};

pub use verify::riccati_residual;

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
    if cases.case1 {
        match case1::search(r) {
            case1::Search::Found(omega) => {
                if riccati_residual(&omega, r).is_zero() {
                    return KovacicOutcome::Liouvillian { case: 1, omega };
                }
                missing.push("case 1 produced a candidate that failed verification".to_string());
            }
            case1::Search::Exhausted => {}
            case1::Search::Unsupported(why) => missing.push(format!("case 1: {why}")),
        }
    }
    if cases.case2 {
        match case2::search(r) {
            case2::Search::Found(phi) => return KovacicOutcome::Imprimitive { phi },
            case2::Search::Exhausted => {}
            case2::Search::Unsupported(why) => missing.push(format!("case 2: {why}")),
        }
    }
    if cases.case3 {
        missing.push(
            "case 3 (finite primitive group) is possible but its search is not implemented yet"
                .into(),
        );
    }
    if missing.is_empty() {
        // every possible case was searched completely without success
        return KovacicOutcome::NoLiouvillianSolution {
            reason:
                "the complete searches of the cases the necessary conditions allow find no solution"
                    .into(),
        };
    }
    KovacicOutcome::Undecided { reason: missing.join("; ") }
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

/// The polynomial x − c.
pub(crate) fn linear(c: &varan_algebra::Q) -> UPoly {
    UPoly::linear_root(c.clone())
}

/// The poles of r with their orders when all of them are rational (the searches of cases 1
/// and 2 work over ℚ); otherwise why not.
pub(crate) fn rational_poles(r: &URat) -> Result<Vec<(Q, u32)>, String> {
    let mut poles = Vec::new();
    for (i, p) in r.den().squarefree().iter().enumerate() {
        let Some(deg) = p.degree().filter(|&d| d > 0) else { continue };
        match p.rational_roots() {
            Some(roots) if roots.len() == deg => {
                poles.extend(roots.into_iter().map(|c| (c, i as u32 + 1)))
            }
            _ => return Err("a pole of r is not rational (needs arithmetic in ℚ(α))".into()),
        }
    }
    Ok(poles)
}

/// A non-zero polynomial P = Σ_{i≤d} p_i x^i with Σ p_i·images[i] = 0, where images[i] is
/// the image of x^i under a linear differential operator: the coefficients of the
/// numerators over a common denominator give a linear system over ℚ.
pub(crate) fn polynomial_kernel(images: &[URat], d: usize) -> Option<UPoly> {
    let mut lcm = UPoly::one();
    for im in images {
        let g = lcm.gcd(im.den());
        lcm = lcm.mul(&im.den().div_rem(&g).ok()?.0);
    }
    let cols: Vec<UPoly> =
        images.iter().map(|im| im.mul(&URat::poly(lcm.clone())).num().clone()).collect();
    let rows = cols.iter().map(|c| c.coeffs().len()).max().unwrap_or(0);
    let mut m: Vec<Vec<Q>> = (0..rows).map(|k| cols.iter().map(|c| c.coeff(k)).collect()).collect();
    let v = nullspace_vector(&mut m, d + 1)?;
    let p = UPoly::from_coeffs(v);
    (!p.is_zero()).then_some(p)
}

/// A non-zero vector of the null space of m (n columns), by Gauss–Jordan elimination.
pub(crate) fn nullspace_vector(m: &mut [Vec<Q>], n: usize) -> Option<Vec<Q>> {
    let mut pivots: Vec<usize> = Vec::new();
    let mut row = 0;
    for col in 0..n {
        let Some(p) = (row..m.len()).find(|&i| !m[i][col].is_zero()) else { continue };
        m.swap(row, p);
        let inv = Q::one() / m[row][col].clone();
        for x in m[row].iter_mut() {
            *x = &*x * &inv;
        }
        for i in 0..m.len() {
            if i != row && !m[i][col].is_zero() {
                let f = m[i][col].clone();
                let pivot_row = m[row].clone();
                for (x, y) in m[i].iter_mut().zip(pivot_row) {
                    *x -= &f * y;
                }
            }
        }
        pivots.push(col);
        row += 1;
        if row == m.len() {
            break;
        }
    }
    let free = (0..n).rev().find(|c| !pivots.contains(c))?;
    let mut v = vec![Q::zero(); n];
    v[free] = Q::one();
    for (r, &pc) in pivots.iter().enumerate() {
        v[pc] = -m[r][free].clone();
    }
    Some(v)
}
