//! varan's symbolic core: hash-consed expressions over exact rationals, differentiation,
//! substitution, a canonical rational-function form with an exact zero test, and printers.
//!
//! No floating point and no input/output happen here.
#![cfg_attr(not(test), deny(clippy::unwrap_used))]

mod canonical;
mod coef;
mod diff;
mod laurent;
mod pool;
mod print;
mod subst;
mod univariate;
mod upoly;
mod urat;
mod varset;

pub use canonical::{is_zero, Atom, Canonicalizer, RatFun, Truth};
pub use coef::Coef;
pub use diff::DiffMemo;
pub use laurent::{Exponent, Laurent, Monomial};
pub use pool::{ExprId, Func, Node, Pool, Symbol, SymbolInfo};
pub use print::{latex_symbol, parse_rational, rational_text};
pub use univariate::{algebraize, NotAlgebraic, Variable};
pub use upoly::UPoly;
pub use urat::URat;

/// Exact rationals with arbitrary-size numerator and denominator.
pub type Q = num_rational::BigRational;

/// Why the symbolic core refused an operation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum AlgebraError {
    /// A division by an expression that is (or simplifies to) zero, e.g. `1/0` or `0^-1`.
    #[error("division by zero")]
    DivisionByZero,
    /// The logarithm of zero.
    #[error("logarithm of zero")]
    LogOfZero,
    /// A division that was required to be exact left a remainder.
    #[error("inexact division")]
    NotExact,
    /// A number, exponent or expansion beyond the core's size limits.
    #[error("expression too large (an exponent or coefficient exceeds the limits)")]
    TooLarge,
}
