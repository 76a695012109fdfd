//! varan's Galois stage: deciding the differential Galois group of the reduced variational
//! equations — exactly with Kovacic's algorithm for u'' = r·u \[Kov86\] (over multi-quadratic
//! fields), Kimura's table for Riemann equations \[Kim69\] and the identity component of a
//! reducible group (`reducible`); numerically with certified group tests on monodromy
//! generators (`group`, lower bounds only).
#![cfg_attr(not(test), deny(clippy::unwrap_used))]

mod group;
mod kimura;
mod kovacic;
mod reducible;

pub use group::{
    classify_sl2, group_tests, lie_lower_bounds, ExactSpectrum, G0Bound, GroupError, GroupOptions,
    GroupReport, LieElement, LieVerdict, Measurement, Outcome, Sl2Conclusion, Sl2Verdict,
};
pub use kimura::{
    exponent_differences, kimura, ExponentDifference, KimuraCondition, KimuraOutcome,
    PointExponent, ProjectiveGroup, SingularPoint,
};
pub use kovacic::{
    kovacic, pole_structure, possible_cases, riccati_residual, riccati_residual_quad,
    KovacicOutcome, PoleStructure, PossibleCases, QuadNum, QuadPoly, QuadRatFun,
};
pub use reducible::{
    reducible_identity_component, risch_de, AlgebraicExponential, NoRationalSolution, ReducibleG0,
    RischOutcome, Transcendence,
};
