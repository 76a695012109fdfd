//! Particular solutions: curves φ(s) in state space whose image is invariant under the
//! flow, verified exactly. A curve is invariant iff V(φ(s)) = g(s)·φ'(s) for a scalar
//! function g; then θ(t) = φ(s(t)) with s' = g(s) solves the flow, and the variational
//! equation can be written with s as independent variable ([MR99, §2.3]; \[ALMP18\]). A curve
//! given in time t must solve the flow itself (g = 1).

use rustc_hash::FxHashMap;
use varan_algebra::{is_zero, AlgebraError, ExprId, Symbol, Truth};

use crate::manifold::Manifold;
use crate::Problem;

/// A curve proven invariant: V(φ(s)) = g(s)·φ'(s) holds identically.
#[derive(Debug, Clone)]
pub struct VerifiedCurve {
    /// The curve parameter (s, or t for a solution in time).
    pub param: Symbol,
    /// φ_k(s) for every state variable.
    pub phi: Vec<ExprId>,
    /// φ'_k(s).
    pub dphi: Vec<ExprId>,
    /// g(s) with V(φ(s)) = g(s)·φ'(s); 1 for a solution in time.
    pub g: ExprId,
    /// Whether the parameter is time (the curve was given as a solution).
    pub time: bool,
}

/// Why a curve is not accepted.
#[derive(Debug, Clone, PartialEq)]
pub enum CurveError {
    /// φ'(s) vanishes identically: a point, not a curve.
    Constant,
    /// g vanishes identically: every point of the curve is an equilibrium, so no
    /// trajectory runs along it.
    Stationary,
    /// The invariance identity fails: the residual V(φ) − g·φ' per component (non-zero
    /// entries only), with g as chosen.
    NotInvariant {
        /// g(s) used.
        g: ExprId,
        /// (state index, residual) for each component that does not vanish.
        residual: Vec<(usize, ExprId)>,
    },
    /// The identity could not be decided (the zero test answered "unknown").
    Undecided {
        /// The component whose residual could not be decided.
        component: usize,
    },
    /// A division by zero or a size limit while substituting.
    Algebra(AlgebraError),
}

impl From<AlgebraError> for CurveError {
    fn from(e: AlgebraError) -> Self {
        CurveError::Algebra(e)
    }
}

/// Verifies that `phi` (one expression per state variable, in the parameter `param`) is an
/// invariant curve; with `time`, that it solves the flow with `param` as time.
pub fn verify_curve(
    problem: &mut Problem,
    param: Symbol,
    phi: Vec<ExprId>,
    time: bool,
) -> Result<VerifiedCurve, CurveError> {
    let pool = &mut problem.pool;
    let map: FxHashMap<Symbol, ExprId> =
        problem.state.iter().copied().zip(phi.iter().copied()).collect();
    let dphi: Vec<ExprId> = phi.iter().map(|e| pool.diff(*e, param)).collect();
    let mut v_on = Vec::with_capacity(phi.len());
    for v in &problem.field {
        v_on.push(pool.substitute(*v, &map)?);
    }
    let g = if time {
        ExprId::ONE
    } else {
        // a component whose derivative is provably non-zero fixes g
        let k = (0..dphi.len()).find(|&k| is_zero(pool, dphi[k]) == Ok(Truth::False));
        let Some(k) = k else {
            let all_zero = dphi.iter().all(|d| is_zero(pool, *d) == Ok(Truth::True));
            return Err(if all_zero {
                CurveError::Constant
            } else {
                CurveError::Undecided { component: 0 }
            });
        };
        pool.div(v_on[k], dphi[k])?
    };
    let mut residual = Vec::new();
    for k in 0..phi.len() {
        let gd = pool.mul(g, dphi[k]);
        let r = pool.sub(v_on[k], gd);
        match is_zero(pool, r) {
            Ok(Truth::True) => {}
            Ok(Truth::False) => residual.push((k, r)),
            Ok(Truth::Unknown) => return Err(CurveError::Undecided { component: k }),
            Err(e) => return Err(CurveError::Algebra(e)),
        }
    }
    if !residual.is_empty() {
        return Err(CurveError::NotInvariant { g, residual });
    }
    if is_zero(pool, g) == Ok(Truth::True) {
        return Err(CurveError::Stationary);
    }
    Ok(VerifiedCurve { param, phi, dphi, g, time })
}

/// The curve of a one-dimensional invariant manifold, parametrized by its free coordinate
/// renamed `param`.
pub fn curve_of_manifold(
    problem: &mut Problem,
    m: &Manifold,
    param: Symbol,
) -> Result<VerifiedCurve, CurveError> {
    if m.dimension() != 1 {
        return Err(CurveError::Constant);
    }
    let free = problem.state[m.free[0]];
    let s = problem.pool.sym(param);
    let map: FxHashMap<Symbol, ExprId> = [(free, s)].into_iter().collect();
    let mut phi = Vec::with_capacity(m.embedding.len());
    for e in &m.embedding {
        phi.push(problem.pool.substitute(*e, &map)?);
    }
    verify_curve(problem, param, phi, false)
}
