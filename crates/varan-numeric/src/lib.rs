//! varan's numeric backend: plain double-precision evaluation of expressions and
//! approximate polynomial roots (for checks and display), and certified numerics: complex
//! ball arithmetic in double and extended (126-bit) precision, Taylor integration of linear
//! systems with rational coefficients and monodromy matrices with proven error radii (van
//! der Hoeven, *Fast evaluation of holonomic functions*, TCS 210 (1999); Mezzarobba,
//! arXiv:1607.01967).
#![cfg_attr(not(test), deny(clippy::unwrap_used))]

mod arith;
mod ball;
mod checks;
mod eval;
mod ext_ball;
mod ext_float;
mod matrix;
mod monodromy;
mod ode;
mod path;
pub mod problems;
mod roots;
mod taylor;

pub use arith::BallArith;
pub use ball::{Ball, EPS};
pub use checks::{
    contains_identity, det_checks, det_checks_extended, loop_around_all, product_check,
    product_check_extended, Check,
};
pub use eval::{eval_f64, EvalError, Evaluator};
pub use ext_ball::ExtBall;
pub use ext_float::{ExtComplex, ExtDot, ExtFloat, EXT_U};
pub use matrix::{BallMatrix, ExtMatrix, Matrix};
pub use monodromy::{
    local_monodromies, loop_around, monodromy_along, monodromy_along_extended, LocalMonodromy,
    MonodromyOptions, MonodromyResult, F64_DIGITS, MAX_DIGITS,
};
pub use ode::{
    dopri5_step, integrate, newton_equilibrium, symmetric_eigen, NewtonOptions, NewtonResult,
    OdeError, OdeOptions, OdeStats,
};
pub use path::{Integrator, PathStats};
pub use roots::{approximate_roots, complex_text};
pub use taylor::{RationalSystem, StepInfo, SystemError};
pub use varan_algebra::Truth;
