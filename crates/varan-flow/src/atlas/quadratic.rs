//! Quadratic first integrals that cost almost nothing to find, for monitoring trajectories:
//! the balancedness quantities of networks — the entries of W1·W1ᵀ − W2ᵀ·W2 between hidden
//! units (Saxe, McClelland & Ganguli 2014; Arora, Cohen & Hazan 2018; \[MGP23\]), built from
//! the unit layout and its output weights — and, for at most eight state variables, the
//! differences of squares θ_i² − θ_j² and products θ_i·θ_j. A candidate h is kept only when
//! ∇h·V = 0 is proven (by term-by-term cancellation, or by the exact zero test when ∇h·V is
//! a rational function), and only if it is linearly independent (over ℚ) of those kept
//! before.
//!
//! Limits: quadratic forms only; the complete search for polynomial first integrals of any
//! degree is `varan laws`.

use varan_algebra::{is_zero, ExprId, Pool, Symbol, Truth, Q};

use super::units::UnitLayout;
use crate::Problem;

/// A verified quadratic first integral.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QuadraticLaw {
    /// h(θ).
    pub expr: ExprId,
    /// Where the candidate came from (`units 1, 2`, `squares`, `product`).
    pub origin: String,
}

/// A quadratic form Σ c_ij θ_i θ_j (i ≤ j), sparse.
type Form = Vec<((usize, usize), Q)>;

fn one() -> Q {
    Q::from_integer(1.into())
}

fn form_expr(pool: &mut Pool, state: &[Symbol], f: &Form) -> ExprId {
    let terms: Vec<(Q, ExprId)> = f
        .iter()
        .map(|((i, j), c)| {
            let (a, b) = (pool.sym(state[*i]), pool.sym(state[*j]));
            (c.clone(), pool.mul(a, b))
        })
        .collect();
    pool.sum(terms)
}

/// Whether ∇h·V = 0 is proven (the full exact zero test).
pub fn is_first_integral(problem: &mut Problem, h: ExprId) -> Truth {
    let lie = lie_derivative(problem, h);
    is_zero(&problem.pool, lie).unwrap_or(Truth::Unknown)
}

/// ∇h·V.
fn lie_derivative(problem: &mut Problem, h: ExprId) -> ExprId {
    let pool = &mut problem.pool;
    let mut terms = Vec::with_capacity(problem.state.len());
    for (s, v) in problem.state.iter().zip(&problem.field) {
        let d = pool.diff(h, *s);
        if d != ExprId::ZERO {
            terms.push(pool.mul(d, *v));
        }
    }
    pool.add_all(terms)
}

/// Reduces `f` against the echelon basis; returns the remainder (empty when dependent).
fn reduce(basis: &[(usize, Vec<Q>)], mut v: Vec<Q>) -> Vec<Q> {
    for (p, b) in basis {
        if v[*p] != Q::from_integer(0.into()) {
            let c = v[*p].clone() / &b[*p];
            for (x, y) in v.iter_mut().zip(b) {
                *x -= &c * y;
            }
        }
    }
    v
}

/// The quadratic first integrals described in the module doc.
pub fn quadratic_first_integrals(
    problem: &mut Problem,
    layout: Option<&UnitLayout>,
    outputs: Option<&[String]>,
) -> Vec<QuadraticLaw> {
    let n = problem.state.len();
    let mut candidates: Vec<(Form, String)> = Vec::new();
    if let (Some(layout), Some(outputs)) = (layout, outputs) {
        let units = &layout.units;
        for a in 0..units.len() {
            for b in a..units.len() {
                let mut f: Form = Vec::new();
                for ((key, ia), (_, ib)) in units[a].params.iter().zip(&units[b].params) {
                    let sign = if outputs.iter().any(|o| o == layout.base_of(key)) {
                        -one()
                    } else {
                        one()
                    };
                    let (i, j) = if ia <= ib { (*ia, *ib) } else { (*ib, *ia) };
                    f.push(((i, j), sign));
                }
                candidates.push((f, format!("units {}, {}", units[a].label, units[b].label)));
            }
        }
    }
    if n <= 8 {
        for i in 0..n {
            for j in i + 1..n {
                candidates.push((vec![((i, i), one()), ((j, j), -one())], "squares".into()));
                candidates.push((vec![((i, j), one())], "product".into()));
            }
        }
    }
    let index = |i: usize, j: usize| i * n + j;
    let mut basis: Vec<(usize, Vec<Q>)> = Vec::new();
    let mut out = Vec::new();
    for (f, origin) in candidates {
        let mut v = vec![Q::from_integer(0.into()); n * n];
        for ((i, j), c) in &f {
            v[index(*i, *j)] += c;
        }
        let r = reduce(&basis, v);
        let Some(p) = r.iter().position(|x| *x != Q::from_integer(0.into())) else { continue };
        let h = form_expr(&mut problem.pool, &problem.state, &f);
        // candidates are proposals: only the cheap zero test (module doc of critical.rs)
        let lie = lie_derivative(problem, h);
        if super::critical::cheap_is_zero(&problem.pool, lie) != Truth::True {
            continue;
        }
        basis.push((p, r));
        out.push(QuadraticLaw { expr: h, origin });
    }
    out
}
