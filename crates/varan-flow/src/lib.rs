//! varan's model stage: from a parsed `.vnet` definition to the vector field of its flow
//! (θ' = −∇L for a model, the given field of a system, Hamilton's equations) and the
//! Jacobian DV.
#![cfg_attr(not(test), deny(clippy::unwrap_used))]

mod gradient;
mod lower;
mod problem;

pub use gradient::{gradient_field, hessian_field, jacobian};
pub use lower::{expr_from_str, lower, parse_decimal, select, SelectError};
pub use problem::Problem;
