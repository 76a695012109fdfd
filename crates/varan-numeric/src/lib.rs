//! varan's numeric backend. For now: plain double-precision evaluation of expressions for
//! checks and figures. Certified ball arithmetic, Taylor integration and monodromy join here.
#![cfg_attr(not(test), deny(clippy::unwrap_used))]

mod eval;

pub use eval::{eval_f64, EvalError, Evaluator};
