//! The identity component G⁰ of the differential Galois group of u'' = r·u when Kovacic's
//! algorithm is in case 1 \[Kov86, §1.2, §3\]: a rational solution ω of ω' + ω² = r is
//! known, G ⊂ SL₂ is triangular, and the question is whether G⁰ is abelian (the
//! Morales–Ramis criterion \[MRR01\], \[MR99, §2.2–§4\]).
//!
//! With u₁ = exp∫ω and E = u₁⁻², a second solution is u₂ = u₁·∫E; the Picard–Vessiot
//! extension is ℂ(x)(u₁, ∫E) and dim G is its transcendence degree. G lies in the Borel
//! group B = {((a, b), (0, a⁻¹))} of dimension 2, whose connected subgroups are {1}, 𝔾_a,
//! 𝔾_m and B itself, the only non-abelian one \[vdPS03, §4.3\]. Two questions decide which:
//!
//! - **Is u₁ algebraic over ℂ(x)?** Iff u₁ᴺ ∈ ℂ(x) for some N, iff ω = Σ ρᵢ/(x − cᵢ) with
//!   ρᵢ ∈ ℚ: ω proper, with simple poles and rational residues \[Kov86, §1\], \[Bro05,
//!   ch. 5\]. The residues at the roots of each factor of den ω are found without naming
//!   the roots (`residue.rs`); the certificate is u₁ = ∏ qᵢ^{ρᵢ}, checked as
//!   ω = Σ ρᵢ qᵢ'/qᵢ.
//! - **Is ∫E in ℂ(x)(u₁)?** (It is then also algebraic over it, and conversely: a
//!   primitive algebraic over a differential field with the same constants lies in it.)
//!   ℂ(x)(u₁) is graded by powers of u₁ — Laurent polynomials in u₁ when u₁ is
//!   transcendental (an exponential monomial \[Bro05, §5.1\]), a Kummer extension when
//!   u₁ is algebraic — and d/dx respects the grading. So ∫E ∈ ℂ(x)(u₁) iff ∫E = f·E + c
//!   with f ∈ ℂ(x), i.e. iff the Risch differential equation
//!   $$ f' + h f = 1, \qquad h = -2\omega $$
//!   has a rational solution (Liouville's theorem in the form of \[Bro05, §5.1, ch. 6\]);
//!   `risch.rs` decides it exactly over ℚ.
//!
//! | u₁ \ f | f exists | no f |
//! |---|---|---|
//! | algebraic | dim G = 0, G⁰ = {1} | G⁰ = 𝔾_a |
//! | transcendental | G⁰ = 𝔾_m (a torus) | G⁰ = B, **not abelian** |
//!
//! When u₁ is transcendental, G⁰ moves u₁ and so is not unipotent; when u₁ is algebraic,
//! G⁰ fixes it and lies in the unipotent radical. Two distinct rational Riccati solutions
//! ω, ω₂ give the torus case with f = 1/(ω₂ − ω) (the ratio u₂/u₁ is then exp∫(ω₂ − ω)).
//!
//! Limits: a verdict is returned only with its certificate (verified residues and f, or
//! the bounds and an inconsistent linear system); when a bound cannot be established
//! within the limits of `risch.rs`, or a rational-root search gives up, the answer is
//! [`ReducibleG0::Undecided`]. Everything is exact over ℚ.

mod linear;
mod residue;
mod risch;

use varan_algebra::{Truth, UPoly, URat, Q};

pub use risch::{risch_de, NoRationalSolution, RischOutcome};

/// u₁ = ∏ qᵢ^{ρᵢ} (up to a constant factor) with ω = Σ ρᵢ qᵢ'/qᵢ: u₁ is algebraic.
#[derive(Debug, Clone, PartialEq)]
pub struct AlgebraicExponential {
    /// (qᵢ, ρᵢ): monic square-free pairwise coprime qᵢ ∈ ℚ\[x\], the residue ρᵢ ∈ ℚ of ω at
    /// every root of qᵢ.
    pub factors: Vec<(UPoly, Q)>,
}

impl AlgebraicExponential {
    /// Σ ρᵢ qᵢ'/qᵢ, which equals ω.
    pub fn log_derivative(&self) -> URat {
        self.factors.iter().fold(URat::zero(), |acc, (q, rho)| {
            let term = URat::new(q.derivative(), q.clone()).unwrap_or_else(|_| URat::zero());
            acc.add(&term.scale(rho))
        })
    }
}

/// Why u₁ = exp∫ω is transcendental over ℂ(x).
#[derive(Debug, Clone, PartialEq)]
pub enum Transcendence {
    /// ω has the non-zero polynomial part (u₁ has an essential singularity at ∞).
    PolynomialPart(UPoly),
    /// ω has poles of this order ≥ 2 at the roots of this factor (essential singularities).
    MultiplePole {
        /// A monic square-free factor of den ω.
        factor: UPoly,
        /// The pole order.
        order: u32,
    },
    /// The residues of ω at the roots of `factor` are the roots of `min_poly` (in z), not
    /// all rational.
    IrrationalResidue {
        /// A monic square-free factor of den ω.
        factor: UPoly,
        /// The minimal polynomial over ℚ of the residues.
        min_poly: UPoly,
    },
}

impl std::fmt::Display for Transcendence {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Transcendence::PolynomialPart(p) => {
                write!(f, "ω has the polynomial part {}", p.to_text("x"))
            }
            Transcendence::MultiplePole { factor, order } => {
                write!(f, "ω has poles of order {order} at the roots of {}", factor.to_text("x"))
            }
            Transcendence::IrrationalResidue { factor, min_poly } => write!(
                f,
                "the residues of ω at the roots of {} are the roots of {}, not all rational",
                factor.to_text("x"),
                min_poly.to_text("z")
            ),
        }
    }
}

/// The identity component G⁰ of a reducible G ⊂ SL₂ (see the module docs).
#[derive(Debug, Clone, PartialEq)]
pub enum ReducibleG0 {
    /// u₁ and ∫u₁⁻² are algebraic: G is finite (cyclic), G⁰ = {1}.
    Finite {
        /// u₁ = ∏ qᵢ^{ρᵢ}.
        u1: AlgebraicExponential,
        /// f with f' − 2ω f = 1, so ∫u₁⁻² = f·u₁⁻².
        f: URat,
    },
    /// u₁ algebraic, ∫u₁⁻² transcendental: G⁰ = 𝔾_a (abelian).
    Unipotent {
        /// u₁ = ∏ qᵢ^{ρᵢ}.
        u1: AlgebraicExponential,
        /// f' − 2ω f = 1 has no rational solution.
        proof: NoRationalSolution,
    },
    /// u₁ transcendental, ∫u₁⁻² = f·u₁⁻²: G⁰ = 𝔾_m (abelian).
    Torus {
        /// Why u₁ is transcendental.
        transcendence: Transcendence,
        /// f with f' − 2ω f = 1.
        f: URat,
    },
    /// u₁ and ∫u₁⁻² algebraically independent: dim G = 2, G⁰ = B, not abelian.
    Borel {
        /// Why u₁ is transcendental.
        transcendence: Transcendence,
        /// f' − 2ω f = 1 has no rational solution.
        proof: NoRationalSolution,
    },
    /// No verdict (a bound or search beyond the limits).
    Undecided {
        /// What is missing.
        reason: String,
    },
}

impl ReducibleG0 {
    /// Whether G⁰ is abelian: false only for [`ReducibleG0::Borel`].
    pub fn is_abelian(&self) -> Truth {
        match self {
            ReducibleG0::Finite { .. }
            | ReducibleG0::Unipotent { .. }
            | ReducibleG0::Torus { .. } => Truth::True,
            ReducibleG0::Borel { .. } => Truth::False,
            ReducibleG0::Undecided { .. } => Truth::Unknown,
        }
    }

    /// dim G (= dim G⁰), when decided.
    pub fn dimension(&self) -> Option<u8> {
        match self {
            ReducibleG0::Finite { .. } => Some(0),
            ReducibleG0::Unipotent { .. } | ReducibleG0::Torus { .. } => Some(1),
            ReducibleG0::Borel { .. } => Some(2),
            ReducibleG0::Undecided { .. } => None,
        }
    }

    /// One line saying what was proven and by which certificate.
    pub fn describe(&self) -> String {
        let u1_text = |u1: &AlgebraicExponential| {
            if u1.factors.is_empty() {
                return "u₁ = 1".to_string();
            }
            let parts: Vec<String> = u1
                .factors
                .iter()
                .map(|(q, rho)| {
                    format!("({})^({})", q.to_text("x"), varan_algebra::rational_text(rho))
                })
                .collect();
            format!("u₁ = {} is algebraic", parts.join("·"))
        };
        match self {
            ReducibleG0::Finite { u1, f } => format!(
                "G finite, G⁰ = 1: {} and ∫u₁⁻² = f·u₁⁻² with f = {}",
                u1_text(u1),
                f.to_text("x")
            ),
            ReducibleG0::Unipotent { u1, .. } => format!(
                "G⁰ = G_a (abelian): {}, and ∫u₁⁻² is transcendental (f' − 2ωf = 1 has no rational solution)",
                u1_text(u1)
            ),
            ReducibleG0::Torus { transcendence, f } => format!(
                "G⁰ = G_m (abelian): u₁ is transcendental ({transcendence}) and ∫u₁⁻² = f·u₁⁻² with f = {}",
                f.to_text("x")
            ),
            ReducibleG0::Borel { transcendence, .. } => format!(
                "G⁰ = B (not abelian, dim 2): u₁ is transcendental ({transcendence}) and f' − 2ωf = 1 has no rational solution, so ∫u₁⁻² ∉ C(x)(u₁)"
            ),
            ReducibleG0::Undecided { reason } => format!("undecided: {reason}"),
        }
    }
}

/// Whether u₁ = exp∫ω is algebraic over ℂ(x).
enum ExponentialPart {
    Algebraic(AlgebraicExponential),
    Transcendental(Transcendence),
}

/// Decides whether u₁ = exp∫ω is algebraic (module docs, first question).
fn exponential_part(omega: &URat) -> Result<ExponentialPart, String> {
    if omega.is_zero() {
        return Ok(ExponentialPart::Algebraic(AlgebraicExponential { factors: Vec::new() }));
    }
    let (num, den) = (omega.num(), omega.den());
    let (polynomial_part, _) = num.div_rem(den).map_err(|e| format!("internal: {e}"))?;
    if !polynomial_part.is_zero() {
        return Ok(ExponentialPart::Transcendental(Transcendence::PolynomialPart(polynomial_part)));
    }
    let square_free = den.squarefree();
    if let Some((i, factor)) =
        square_free.iter().enumerate().rev().find(|(i, p)| *i > 0 && p.degree().unwrap_or(0) > 0)
    {
        return Ok(ExponentialPart::Transcendental(Transcendence::MultiplePole {
            factor: factor.clone(),
            order: i as u32 + 1,
        }));
    }
    // den is square-free: ω = Σ_α res_α ω/(x − α); split den by residue values
    let residues = residue::Residues::new(num, den, den)?;
    let values = residues.rational_values(den)?;
    if Some(values.len()) != residues.min_poly.degree() {
        // the minimal polynomial is square-free: fewer rational roots than its degree means
        // an irrational residue
        return Ok(ExponentialPart::Transcendental(Transcendence::IrrationalResidue {
            factor: den.clone(),
            min_poly: residues.min_poly,
        }));
    }
    let u1 = AlgebraicExponential {
        factors: values.into_iter().map(|rho| (residues.factor_with(den, &rho), rho)).collect(),
    };
    // certificate: ω = Σ ρᵢ qᵢ'/qᵢ exactly
    if &u1.log_derivative() != omega {
        return Err("internal: the residue decomposition of ω failed verification".into());
    }
    Ok(ExponentialPart::Algebraic(u1))
}

/// G⁰ for u'' = r·u in Kovacic's case 1, from ω with ω' + ω² = r (see the module docs).
/// ω is not checked against r here; Kovacic's outcome carries a verified ω.
pub fn reducible_identity_component(omega: &URat) -> ReducibleG0 {
    let u1 = match exponential_part(omega) {
        Ok(u1) => u1,
        Err(reason) => return ReducibleG0::Undecided { reason },
    };
    let h = omega.scale(&Q::from_integer((-2).into()));
    let one = URat::constant(Q::from_integer(1.into()));
    match (u1, risch_de(&h, &one)) {
        (_, RischOutcome::Undecided { reason }) => ReducibleG0::Undecided { reason },
        (ExponentialPart::Algebraic(u1), RischOutcome::Solution(f)) => {
            ReducibleG0::Finite { u1, f }
        }
        (ExponentialPart::Algebraic(u1), RischOutcome::NoSolution(proof)) => {
            ReducibleG0::Unipotent { u1, proof }
        }
        (ExponentialPart::Transcendental(transcendence), RischOutcome::Solution(f)) => {
            ReducibleG0::Torus { transcendence, f }
        }
        (ExponentialPart::Transcendental(transcendence), RischOutcome::NoSolution(proof)) => {
            ReducibleG0::Borel { transcendence, proof }
        }
    }
}
