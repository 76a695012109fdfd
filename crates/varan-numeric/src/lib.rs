//! varan's numeric backend. For now: plain double-precision evaluation of expressions and
//! approximate polynomial roots, for checks and display. Certified ball arithmetic, Taylor
//! integration and monodromy join here.
#![cfg_attr(not(test), deny(clippy::unwrap_used))]

mod eval;
mod roots;

pub use eval::{eval_f64, EvalError, Evaluator};
pub use roots::{approximate_roots, complex_text};
