//! Kimura's theorem for the Riemann P-equation \[Kim69\] (statement as in \[MR99, Thm. 2.8\]):
//! an independent, closed-form decision of "Liouvillian or not" for u'' = r·u, r ∈ ℚ(x),
//! whenever the equation is Fuchsian with exactly three singular points on ℙ¹.
//!
//! Such an equation is a Möbius image (which keeps the normal form up to a rational gauge
//! factor, hence the Galois group) of the normal form of a Gauss hypergeometric equation
//! (a gauge factor x^α(x − 1)^β, which changes only scalars and keeps the identity
//! component's solvability). With λ, μ, ν the exponent differences at the three points,
//! the identity component of the Galois group is solvable — the equation has Liouvillian
//! solutions — iff
//!
//! - (i) one of λ + μ + ν, −λ + μ + ν, λ − μ + ν, λ + μ − ν is an odd integer (then the
//!   group is reducible; `relation.rs`), or
//! - (ii) (±λ, ±μ, ±ν) lie, in some order, in one of the fifteen families of Schwarz's list
//!   \[Sch73\] (`schwarz.rs`): dihedral (family 1), tetrahedral, octahedral or icosahedral.
//!
//! The theorem holds for all complex exponent differences, integers included, whether the
//! point carries a logarithm or is apparent: a point with integer Δ and no logarithm has
//! local monodromy ±I, and the theorem's condition (i) then holds automatically. Fewer than
//! three singular points (only r = 0 or the Euler type r = b/(x − c)² after a Möbius map)
//! means a reducible group. Everything is exact: Δ² ∈ ℚ or ℚ(α) for conjugate points
//! (`riemann.rs`, `quotient.rs`), condition (i) through a polynomial in the Δ² with rational
//! coefficients; condition (ii) needs rational Δ's and is decided in ℚ.
//!
//! Limits: r must be in ℚ(x); points are located by the rational-root search, which
//! refuses huge coefficients (then the outcome is [`KimuraOutcome::Undecided`]).

mod quotient;
mod relation;
mod riemann;
mod schwarz;

use num_bigint::BigInt;
use varan_algebra::{URat, Q};

pub use riemann::{ExponentDifference, PointExponent, SingularPoint};
pub use schwarz::ProjectiveGroup;

/// What Kimura's theorem says about u'' = r·u.
#[derive(Debug, Clone, PartialEq)]
pub enum KimuraOutcome {
    /// Not a Riemann equation (irregular singular point, or more than three singular
    /// points): the theorem does not apply.
    NotRiemann {
        /// Why.
        reason: String,
    },
    /// A Fuchsian equation with at most three singular points whose data could not be
    /// computed exactly (coefficients too large for the root searches).
    Undecided {
        /// Why.
        reason: String,
    },
    /// The identity component of the Galois group is solvable: Liouvillian solutions.
    Liouvillian {
        /// The singular points and their exponent differences (in this order λ, μ, ν).
        exponents: Vec<PointExponent>,
        /// Which condition of the theorem holds.
        condition: KimuraCondition,
    },
    /// Neither condition holds: no Liouvillian solution, G = SL₂ (G⁰ = SL₂ not solvable).
    NotLiouvillian {
        /// The singular points and their exponent differences (in this order λ, μ, ν).
        exponents: Vec<PointExponent>,
    },
}

/// The condition that made Kimura's test answer "Liouvillian".
#[derive(Debug, Clone, PartialEq)]
pub enum KimuraCondition {
    /// At most two singular points (r = 0 or of Euler type): reducible group.
    FewSingularPoints {
        /// How many.
        count: usize,
    },
    /// Condition (i): ε₁λ + ε₂μ + ε₃ν = m for an odd integer m ≥ 1 — reducible group.
    OddInteger {
        /// The smallest such m.
        m: BigInt,
        /// (ε₁, ε₂, ε₃) when all three Δ are rational or square roots of rationals.
        signs: Option<[i8; 3]>,
    },
    /// Condition (ii): family `family` (1–15) of Schwarz's list, with its projective group.
    Schwarz {
        /// The family's number in Schwarz's list.
        family: u8,
        /// Its group.
        group: ProjectiveGroup,
    },
}

impl KimuraCondition {
    /// The group class: `reducible`, `dihedral`, `tetrahedral`, `octahedral`, `icosahedral`.
    pub fn group_name(&self) -> &'static str {
        match self {
            KimuraCondition::FewSingularPoints { .. } | KimuraCondition::OddInteger { .. } => {
                "reducible"
            }
            KimuraCondition::Schwarz { group, .. } => group.name(),
        }
    }
}

impl KimuraOutcome {
    /// `Some(true)` for Liouvillian, `Some(false)` for not, `None` when the theorem did not
    /// decide.
    pub fn is_liouvillian(&self) -> Option<bool> {
        match self {
            KimuraOutcome::Liouvillian { .. } => Some(true),
            KimuraOutcome::NotLiouvillian { .. } => Some(false),
            KimuraOutcome::NotRiemann { .. } | KimuraOutcome::Undecided { .. } => None,
        }
    }

    /// The singular points with their exponent differences, when the equation is Fuchsian
    /// with at most three singular points.
    pub fn exponents(&self) -> Option<&[PointExponent]> {
        match self {
            KimuraOutcome::Liouvillian { exponents, .. }
            | KimuraOutcome::NotLiouvillian { exponents } => Some(exponents),
            _ => None,
        }
    }
}

/// The exponent differences one per point of ℙ¹ (conjugate sets repeated), in order.
pub fn exponent_differences(points: &[PointExponent]) -> Vec<ExponentDifference> {
    points.iter().flat_map(|p| std::iter::repeat_n(p.delta.clone(), p.count)).collect()
}

/// Kimura's test for u'' = r·u (see the module docs).
pub fn kimura(r: &URat) -> KimuraOutcome {
    let points = match riemann::scan(r) {
        riemann::Scan::NotRiemann(reason) => return KimuraOutcome::NotRiemann { reason },
        riemann::Scan::Undecided(reason) => return KimuraOutcome::Undecided { reason },
        riemann::Scan::Points(p) => p,
    };
    let count: usize = points.iter().map(|p| p.count).sum();
    if count < 3 {
        return KimuraOutcome::Liouvillian {
            exponents: points,
            condition: KimuraCondition::FewSingularPoints { count },
        };
    }
    // Condition (i), from the symmetric functions of λ², μ², ν²
    let internal = |what: &str| KimuraOutcome::Undecided { reason: format!("internal: {what}") };
    let Some(e) = riemann::symmetric_functions(&points) else {
        return internal("the symmetric functions of the squared exponent differences");
    };
    let Some(phi) = relation::sign_sum_polynomial(&e) else {
        return internal("the polynomial of the odd-integer condition");
    };
    let deltas = exponent_differences(&points);
    match relation::odd_root(&phi) {
        Err(reason) => return KimuraOutcome::Undecided { reason },
        Ok(Some(m)) => {
            let signs = relation::explicit_signs(&deltas, &m);
            return KimuraOutcome::Liouvillian {
                exponents: points,
                condition: KimuraCondition::OddInteger { m, signs },
            };
        }
        Ok(None) => {}
    }
    // Condition (ii), on the rational exponent differences
    let rational: [Option<Q>; 3] = std::array::from_fn(|i| deltas[i].rational().cloned());
    if let Some((family, group)) = schwarz::family(&rational) {
        return KimuraOutcome::Liouvillian {
            exponents: points,
            condition: KimuraCondition::Schwarz { family, group },
        };
    }
    KimuraOutcome::NotLiouvillian { exponents: points }
}
