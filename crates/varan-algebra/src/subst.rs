//! Substitution of expressions for symbols, rebuilding through the normalizing builders so
//! the result is as simplified as freshly built input. Memoized over the DAG; subtrees
//! without any substituted symbol are reused unchanged.

use rustc_hash::FxHashMap;

use crate::pool::{ExprId, Node, Pool, Symbol};
use crate::AlgebraError;

impl Pool {
    /// `e` with every symbol in `map` replaced by its image. Fails only if the result
    /// divides by a literal zero (e.g. `1/x` with x ↦ 0) or takes `log(0)`.
    pub fn substitute(
        &mut self,
        e: ExprId,
        map: &FxHashMap<Symbol, ExprId>,
    ) -> Result<ExprId, AlgebraError> {
        let mut memo = FxHashMap::default();
        self.subst_rec(e, map, &mut memo)
    }

    fn subst_rec(
        &mut self,
        e: ExprId,
        map: &FxHashMap<Symbol, ExprId>,
        memo: &mut FxHashMap<ExprId, ExprId>,
    ) -> Result<ExprId, AlgebraError> {
        if !map.keys().any(|s| self.depends_on(e, *s)) {
            return Ok(e);
        }
        if let Some(&r) = memo.get(&e) {
            return Ok(r);
        }
        let r = match self.node(e).clone() {
            Node::Num(_) => e,
            Node::Sym(s) => map.get(&s).copied().unwrap_or(e),
            Node::Add(terms) => {
                let mut out = Vec::with_capacity(terms.len());
                for (c, t) in terms.iter() {
                    out.push((*c, self.subst_rec(*t, map, memo)?));
                }
                self.sum_c(out)
            }
            Node::Mul(factors) => {
                let mut out = Vec::with_capacity(factors.len());
                for (b, k) in factors.iter() {
                    out.push((self.subst_rec(*b, map, memo)?, *k));
                }
                self.product(out)?
            }
            Node::Func(f, u) => {
                let u2 = self.subst_rec(u, map, memo)?;
                if f == crate::Func::Log {
                    self.log(u2)?
                } else {
                    self.func(f, u2)
                }
            }
        };
        memo.insert(e, r);
        Ok(r)
    }
}
