//! varan's model stage: from a parsed `.vnet` definition to the vector field of its flow
//! (θ' = −∇L for a model, the given field of a system, Hamilton's equations) and the
//! Jacobian DV.
#![cfg_attr(not(test), deny(clippy::unwrap_used))]

mod curve;
mod gradient;
mod lower;
mod manifold;
mod problem;
mod singular;
mod variational;

pub use curve::{curve_of_manifold, verify_curve, CurveError, VerifiedCurve};
pub use gradient::{gradient_field, hessian_field, jacobian};
pub use lower::{expr_from_str, lower, parse_decimal, select, SelectError};
pub use manifold::{invariant_manifolds, verify_manifold, Constraint, Manifold, ManifoldKind};
pub use problem::{LinearOde, LinearSystem, Problem};
pub use singular::{
    singular_points_of_system, singularities, Coefficient, Exponents, InfinityPoint, Location,
    SingularPoint, SingularityTable,
};
pub use variational::{
    scalar_equation, variational_equation, Block, RatMatrix, ScalarEquation, VariationalEquation,
    VeError,
};
