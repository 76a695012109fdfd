//! Symbolic differentiation ∂e/∂x on the DAG, memoized per variable so shared
//! subexpressions are differentiated once, and skipping every subexpression that does not
//! contain x (the pool knows each node's symbols). Rules: linearity, the product rule on
//! Π b_i^{e_i}, and the chain rule with
//! exp' = exp, log' = 1/u, tanh' = 1 − tanh², sigmoid' = σ(1 − σ), sinh' = cosh, cosh' = sinh.

use rustc_hash::FxHashMap;

use crate::coef::Coef;
use crate::pool::{ExprId, Func, Node, Pool, Symbol};

/// Derivatives already taken with respect to one variable; reuse it across the roots that
/// share subexpressions (e.g. all entries of a gradient when forming a Hessian row).
#[derive(Debug, Clone)]
pub struct DiffMemo {
    var: Symbol,
    done: FxHashMap<ExprId, ExprId>,
}

impl DiffMemo {
    /// An empty memo for derivatives with respect to `var`.
    pub fn new(var: Symbol) -> Self {
        DiffMemo { var, done: FxHashMap::default() }
    }

    /// The variable this memo differentiates by.
    pub fn var(&self) -> Symbol {
        self.var
    }
}

impl Pool {
    /// ∂e/∂x.
    pub fn diff(&mut self, e: ExprId, x: Symbol) -> ExprId {
        let mut memo = DiffMemo::new(x);
        self.diff_memo(e, &mut memo)
    }

    /// ∂e/∂x with x = `memo.var()`, reusing and extending `memo`.
    pub fn diff_memo(&mut self, e: ExprId, memo: &mut DiffMemo) -> ExprId {
        let x = memo.var;
        if !self.depends_on(e, x) {
            return ExprId::ZERO;
        }
        if let Some(&d) = memo.done.get(&e) {
            return d;
        }
        let d = match self.node(e).clone() {
            Node::Num(_) => ExprId::ZERO,
            Node::Sym(s) => {
                if s == x {
                    ExprId::ONE
                } else {
                    ExprId::ZERO
                }
            }
            Node::Add(terms) => {
                let mut out = Vec::with_capacity(terms.len());
                for (c, t) in terms.iter() {
                    if self.depends_on(*t, x) {
                        let dt = self.diff_memo(*t, memo);
                        out.push((*c, dt));
                    }
                }
                self.sum_c(out)
            }
            Node::Mul(factors) => {
                let mut out = Vec::new();
                for (i, (b, k)) in factors.iter().enumerate() {
                    if !self.depends_on(*b, x) {
                        continue;
                    }
                    let db = self.diff_memo(*b, memo);
                    let mut fs: Vec<(ExprId, i64)> = factors.to_vec();
                    fs[i].1 = k - 1;
                    fs.push((db, 1));
                    let p = self
                        .product(fs)
                        .expect("bases of a product node are never the number zero");
                    let kc = self.coefs.int(*k);
                    out.push((kc, p));
                }
                self.sum_c(out)
            }
            Node::Func(f, u) => {
                let du = self.diff_memo(u, memo);
                let fu = self.func(f, u);
                let outer = match f {
                    Func::Exp => fu,
                    Func::Log => self.pow(u, -1).expect("log(0) is never built"),
                    Func::Tanh => {
                        let sq = self.mul(fu, fu);
                        self.sum_c(vec![(Coef::ONE, ExprId::ONE), (Coef::MINUS_ONE, sq)])
                    }
                    Func::Sigmoid => {
                        let one_minus =
                            self.sum_c(vec![(Coef::ONE, ExprId::ONE), (Coef::MINUS_ONE, fu)]);
                        self.mul(fu, one_minus)
                    }
                    Func::Sinh => self.func(Func::Cosh, u),
                    Func::Cosh => self.func(Func::Sinh, u),
                };
                self.mul(outer, du)
            }
        };
        memo.done.insert(e, d);
        d
    }
}
