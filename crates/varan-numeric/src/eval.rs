//! Plain floating-point evaluation of expressions at a point, in hardware doubles, with no
//! error bound. It serves checks and figures (finite-difference tests, benchmark check
//! values), never a decision: decisions use the ball arithmetic of this crate.

use num_traits::ToPrimitive;
use rustc_hash::FxHashMap;
use varan_algebra::{ExprId, Func, Node, Pool, Symbol};

/// Why an expression could not be evaluated.
#[derive(Debug, Clone, PartialEq)]
pub enum EvalError {
    /// A symbol without a value.
    Unbound(String),
}

impl std::error::Error for EvalError {}

impl std::fmt::Display for EvalError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            EvalError::Unbound(n) => write!(f, "no value for symbol {n}"),
        }
    }
}

/// Evaluates many expressions of one pool at one point, sharing common subexpressions.
pub struct Evaluator<'p> {
    pool: &'p Pool,
    env: FxHashMap<Symbol, f64>,
    cache: FxHashMap<ExprId, f64>,
}

impl<'p> Evaluator<'p> {
    /// An evaluator at the point `env` (a value per symbol).
    pub fn new(pool: &'p Pool, env: FxHashMap<Symbol, f64>) -> Self {
        Evaluator { pool, env, cache: FxHashMap::default() }
    }

    fn coef_f64(&self, c: varan_algebra::Coef) -> f64 {
        self.pool.coef(c).to_f64().unwrap_or(f64::NAN)
    }

    /// The value of `e` (NaN or ±∞ where the expression is singular).
    pub fn eval(&mut self, e: ExprId) -> Result<f64, EvalError> {
        // iterative post-order, so deep expressions cannot overflow the stack
        let mut stack = vec![(e, false)];
        while let Some((id, expanded)) = stack.pop() {
            if self.cache.contains_key(&id) {
                continue;
            }
            let node = self.pool.node(id);
            if !expanded {
                stack.push((id, true));
                match node {
                    Node::Num(_) | Node::Sym(_) => {}
                    Node::Func(_, u) => stack.push((*u, false)),
                    Node::Add(t) => stack.extend(t.iter().map(|(_, c)| (*c, false))),
                    Node::Mul(f) => stack.extend(f.iter().map(|(b, _)| (*b, false))),
                }
                continue;
            }
            let v = match node {
                Node::Num(q) => self.pool.coef(*q).to_f64().unwrap_or(f64::NAN),
                Node::Sym(s) => match self.env.get(s) {
                    Some(v) => *v,
                    None => return Err(EvalError::Unbound(self.pool.symbol_name(*s).to_string())),
                },
                Node::Add(t) => t.iter().map(|(c, x)| self.coef_f64(*c) * self.cache[x]).sum(),
                Node::Mul(f) => f
                    .iter()
                    .map(|(b, k)| self.cache[b].powi(i32::try_from(*k).unwrap_or(i32::MAX)))
                    .product(),
                Node::Func(f, u) => {
                    let x = self.cache[u];
                    match f {
                        Func::Exp => x.exp(),
                        Func::Log => x.ln(),
                        Func::Tanh => x.tanh(),
                        Func::Sigmoid => 1.0 / (1.0 + (-x).exp()),
                        Func::Sinh => x.sinh(),
                        Func::Cosh => x.cosh(),
                    }
                }
            };
            self.cache.insert(id, v);
        }
        Ok(self.cache[&e])
    }
}

/// Evaluates `e` at `env`.
pub fn eval_f64(pool: &Pool, e: ExprId, env: &FxHashMap<Symbol, f64>) -> Result<f64, EvalError> {
    Evaluator::new(pool, env.clone()).eval(e)
}
