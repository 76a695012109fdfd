//! Exact facts at a rational point θ* of a gradient flow θ' = V(θ) = −∇L(θ): whether
//! V(θ*) = 0 (each component decided by the exact zero test after substitution), the
//! Hessian Hess L(θ*) = −DV(θ*) as a rational matrix when every entry folds to a number, and
//! its inertia (n₋, n₀, n₊) by symmetric Gaussian elimination over ℚ — by Sylvester's law of
//! inertia the signs of the pivots of any congruence diagonalization PᵀAP = D count the
//! negative, zero and positive eigenvalues, so the Morse index of θ* is proven, not
//! estimated \[GVL13, §8.1.5\].
//!
//! Limits: a point with irrational coordinates, or a Hessian entry that does not fold to a
//! rational (tanh(1)), is left to the floating-point spectrum of the caller.

use rustc_hash::FxHashMap;
use varan_algebra::{is_zero, AlgebraError, ExprId, Node, Pool, Symbol, Truth, Q};

/// Whether `e` contains an elementary function (exp, tanh, …) anywhere in its DAG.
fn has_function(pool: &Pool, e: ExprId) -> bool {
    let mut seen: rustc_hash::FxHashSet<ExprId> = rustc_hash::FxHashSet::default();
    let mut stack = vec![e];
    while let Some(x) = stack.pop() {
        if !seen.insert(x) {
            continue;
        }
        match pool.node(x) {
            Node::Func(..) => return true,
            Node::Add(t) => stack.extend(t.iter().map(|(_, c)| *c)),
            Node::Mul(f) => stack.extend(f.iter().map(|(b, _)| *b)),
            Node::Num(_) | Node::Sym(_) => {}
        }
    }
    false
}

/// The zero test where it is cheap: `True` for the literal 0 (hash-consing makes structurally
/// equal expressions identical, so a difference that cancels term by term is the literal 0),
/// the exact zero test for rational functions, and `Unknown` for anything with elementary
/// functions, whose canonical form can grow exponentially with the number of data points.
/// Used to *propose* structure (units, output weights, quadratic laws); an `Unknown` only
/// means a proposal is dropped.
pub(crate) fn cheap_is_zero(pool: &Pool, e: ExprId) -> Truth {
    if e == ExprId::ZERO {
        return Truth::True;
    }
    if has_function(pool, e) {
        return Truth::Unknown;
    }
    is_zero(pool, e).unwrap_or(Truth::Unknown)
}

/// `exprs` at the point `syms = x`.
pub fn at_point(
    pool: &mut Pool,
    exprs: &[ExprId],
    syms: &[Symbol],
    x: &[Q],
) -> Result<Vec<ExprId>, AlgebraError> {
    let map: FxHashMap<Symbol, ExprId> =
        syms.iter().zip(x).map(|(s, v)| (*s, pool.num(v.clone()))).collect();
    exprs.iter().map(|e| pool.substitute(*e, &map)).collect()
}

/// Whether the field vanishes at `x`: `True` when every component is proven zero, `False`
/// when one is proven non-zero, `Unknown` otherwise (or where the field is singular at x).
pub fn is_critical(pool: &mut Pool, field: &[ExprId], syms: &[Symbol], x: &[Q]) -> Truth {
    let Ok(v) = at_point(pool, field, syms, x) else { return Truth::Unknown };
    let mut all = Truth::True;
    for e in v {
        match is_zero(pool, e) {
            Ok(Truth::True) => {}
            Ok(Truth::False) => return Truth::False,
            _ => all = Truth::Unknown,
        }
    }
    all
}

/// Hess L = −DV at `x` as rationals, given DV (`jacobian[k][l]` = ∂V_k/∂θ_l); `None` when an
/// entry is not a rational number there.
pub fn hessian_at(
    pool: &mut Pool,
    jacobian: &[Vec<ExprId>],
    syms: &[Symbol],
    x: &[Q],
) -> Option<Vec<Vec<Q>>> {
    let mut out = Vec::with_capacity(jacobian.len());
    for row in jacobian {
        let vals = at_point(pool, row, syms, x).ok()?;
        let mut r = Vec::with_capacity(vals.len());
        for v in vals {
            r.push(-pool.as_num(v)?.clone());
        }
        out.push(r);
    }
    Some(out)
}

/// The inertia of a symmetric matrix: how many eigenvalues are negative, zero, positive.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Inertia {
    /// Negative eigenvalues (the Morse index of a critical point of L).
    pub negative: usize,
    /// Zero eigenvalues.
    pub zero: usize,
    /// Positive eigenvalues.
    pub positive: usize,
}

/// The inertia of the symmetric rational matrix `a`, exactly: pivot on a non-zero diagonal
/// entry when there is one; when the remaining diagonal is zero but an entry a_ij is not,
/// the congruence row_i += row_j, col_i += col_j makes a_ii = 2·a_ij ≠ 0; when the remaining
/// block is zero, its size is the number of zero eigenvalues.
pub fn inertia(a: &[Vec<Q>]) -> Inertia {
    let zero = Q::from_integer(0.into());
    let mut m: Vec<Vec<Q>> = a.to_vec();
    let mut active: Vec<usize> = (0..m.len()).collect();
    let mut out = Inertia { negative: 0, zero: 0, positive: 0 };
    while !active.is_empty() {
        let pivot = active.iter().copied().find(|&i| m[i][i] != zero);
        let p = match pivot {
            Some(p) => p,
            None => {
                let pair = active
                    .iter()
                    .flat_map(|&i| active.iter().map(move |&j| (i, j)))
                    .find(|&(i, j)| i != j && m[i][j] != zero);
                let Some((i, j)) = pair else {
                    out.zero += active.len();
                    break;
                };
                // row_i += row_j, then col_i += col_j (a congruence)
                let row_j = m[j].clone();
                for (x, y) in m[i].iter_mut().zip(&row_j) {
                    *x += y;
                }
                for row in m.iter_mut() {
                    let v = row[j].clone();
                    row[i] += v;
                }
                i
            }
        };
        let d = m[p][p].clone();
        if d > zero {
            out.positive += 1;
        } else {
            out.negative += 1;
        }
        active.retain(|&i| i != p);
        // Schur complement on the remaining indices
        for &i in &active {
            if m[i][p] == zero {
                continue;
            }
            let f = &m[i][p] / &d;
            for &k in &active {
                let v = &f * &m[p][k];
                m[i][k] -= v;
            }
        }
        for &i in &active {
            m[i][p] = zero.clone();
            m[p][i] = zero.clone();
        }
    }
    out
}
