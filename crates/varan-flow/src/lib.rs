//! varan's model stage: from a parsed `.vnet` definition to the vector field of its flow
//! (θ' = −∇L for a model, the given field of a system, Hamilton's equations), the
//! Jacobian DV, and the flow's polynomial first integrals and conservation laws.
#![cfg_attr(not(test), deny(clippy::unwrap_used))]

mod atlas;
mod curve;
mod gradient;
mod laws;
mod lower;
mod manifold;
mod problem;
mod singular;
mod variational;

pub use atlas::{
    at_point, duplicate, embeddings, hessian_at, hidden_units, inertia, is_critical,
    is_first_integral, narrow_network, output_bases, preserves_function, quadratic_first_integrals,
    split_values, Embedding, EmbeddingKind, Inertia, Narrow, QuadraticLaw, Unit, UnitLayout,
};
pub use curve::{curve_of_manifold, verify_curve, CurveError, VerifiedCurve};
pub use gradient::{gradient_field, hessian_field, jacobian};
pub use laws::{
    conservation_laws, first_integrals, invariant_polynomials, polys_from_exprs, random_point,
    span_contains, span_rank, AnsatzError, Architecture, Coeff, ConservationLaws, Factorization,
    FirstIntegrals, Fp, Law, LawCount, LawOptions, LawsError, LieLimits, LieRank, LieStop, Mono,
    NotPolynomial, Poly,
};
pub use lower::{
    expr_from_str, lower, lower_with_network, parse_decimal, select, SelectError, SymbolicNetwork,
};
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
