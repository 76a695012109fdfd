//! varan's numeric backend: plain double-precision evaluation of expressions and
//! approximate polynomial roots (for checks and display), and certified numerics: complex
//! ball arithmetic, Taylor integration of linear systems with rational coefficients and
//! monodromy matrices with proven error radii (van der Hoeven, *Fast evaluation of
//! holonomic functions*, TCS 210 (1999); Mezzarobba, arXiv:1607.01967).
#![cfg_attr(not(test), deny(clippy::unwrap_used))]

mod ball;
mod checks;
mod eval;
mod monodromy;
mod path;
mod roots;
mod taylor;

pub use ball::{Ball, BallMatrix, EPS};
pub use checks::{contains_identity, det_checks, loop_around_all, product_check, Check};
pub use eval::{eval_f64, EvalError, Evaluator};
pub use monodromy::{
    local_monodromies, loop_around, monodromy_along, LocalMonodromy, MonodromyOptions,
    MonodromyResult,
};
pub use path::{Integrator, PathStats};
pub use roots::{approximate_roots, complex_text};
pub use taylor::{RationalSystem, StepInfo, SystemError};
pub use varan_algebra::Truth;
