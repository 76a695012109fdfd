//! The gradient-flow field V = −∇L and Jacobians DV, by symbolic differentiation on the
//! shared DAG (the flow of [MR99, §2.1]; for networks, `docs/architecture.md`).
//!
//! Each column ∂/∂θ_l of a Jacobian is taken with one memo shared by all rows, so the
//! derivative of a subexpression common to several components (a residual f(x_i) − y_i) is
//! computed once per variable. For a gradient field DV = −Hess L is symmetric, and
//! [`hessian_field`] computes the upper triangle only; [`jacobian`] computes every entry
//! and serves general fields and the symmetry test.

use varan_algebra::{DiffMemo, ExprId, Pool, Symbol};

/// V = −∇L with respect to `vars`, in their order.
pub fn gradient_field(pool: &mut Pool, loss: ExprId, vars: &[Symbol]) -> Vec<ExprId> {
    vars.iter()
        .map(|&x| {
            let d = pool.diff(loss, x);
            pool.neg(d)
        })
        .collect()
}

/// The Jacobian matrix (∂V_k/∂x_l)_{k,l} of `field` with respect to `vars`.
pub fn jacobian(pool: &mut Pool, field: &[ExprId], vars: &[Symbol]) -> Vec<Vec<ExprId>> {
    let mut m = vec![vec![ExprId::ZERO; vars.len()]; field.len()];
    for (l, &x) in vars.iter().enumerate() {
        let mut memo = DiffMemo::new(x);
        for (k, &v) in field.iter().enumerate() {
            m[k][l] = pool.diff_memo(v, &mut memo);
        }
    }
    m
}

/// The Jacobian of a gradient field `field = −∇L`, using its symmetry: entry (k, l) for
/// k ≤ l is ∂V_k/∂x_l and entry (l, k) is the same expression.
pub fn hessian_field(pool: &mut Pool, field: &[ExprId], vars: &[Symbol]) -> Vec<Vec<ExprId>> {
    let n = vars.len().min(field.len());
    let mut m = vec![vec![ExprId::ZERO; vars.len()]; field.len()];
    for l in 0..n {
        let mut memo = DiffMemo::new(vars[l]);
        for k in 0..=l {
            let d = pool.diff_memo(field[k], &mut memo);
            m[k][l] = d;
            m[l][k] = d;
        }
    }
    m
}
