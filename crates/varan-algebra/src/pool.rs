//! The expression pool: a hash-consed DAG of expressions over exact rationals.
//!
//! Every structurally equal expression is stored once and named by an [`ExprId`], so
//! equality of ids is equality of (normalized) trees and shared subexpressions cost nothing.
//! Construction applies a light, always-valid normalization (in the manner of SymPy's
//! automatic evaluation):
//!
//! - sums are flat lists of `(coefficient, term)` with rational coefficients, like terms
//!   merged, zero terms dropped; the constant is the term [`ExprId::ONE`]; a scaled term
//!   `c·t` is a one-term sum;
//! - products are flat lists of `(base, integer exponent)`, equal bases merged, numeric
//!   factors folded into a scaling sum around the product;
//! - functions of a literal zero are evaluated (`exp(0) = 1`, `tanh(0) = 0`, ...).
//!
//! Nothing is expanded and no cancellation beyond that is attempted here: deciding whether
//! an expression is zero is the job of [`crate::is_zero`], which works on a canonical
//! rational-function form.

use std::hash::BuildHasher;
use std::rc::Rc;

use hashbrown::HashTable;
use num_bigint::BigInt;
use num_traits::{One, Zero};
use rustc_hash::{FxBuildHasher, FxHashMap};

use crate::coef::{Coef, Coefs};
use crate::varset::{VarSetId, VarSets};
use crate::{AlgebraError, Q};

/// Handle of an expression in a [`Pool`]. Ids are only meaningful for the pool that made them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ExprId(pub(crate) u32);

impl ExprId {
    /// The expression `0`.
    pub const ZERO: ExprId = ExprId(0);
    /// The expression `1`; also the "term" carrying the constant of a sum.
    pub const ONE: ExprId = ExprId(1);

    /// Position in the pool (creation order).
    pub fn index(self) -> usize {
        self.0 as usize
    }
}

/// Handle of a symbol (a parameter, constant or variable) in a [`Pool`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Symbol(pub(crate) u32);

impl Symbol {
    /// Position in the pool's symbol table (creation order).
    pub fn index(self) -> usize {
        self.0 as usize
    }
}

/// What the pool knows about a symbol: its name, and for an element of an indexed family
/// (`W1[1,2]`, stored under the name `W1_1_2`) the family's name and the indices.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SymbolInfo {
    /// The name printed in text output (re-parsable).
    pub name: String,
    /// For a family element, the family's base name (`W1`) and 1-based indices (`[1, 2]`).
    pub family: Option<(String, Vec<u32>)>,
}

/// The elementary functions of the core.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Func {
    /// e^u
    Exp,
    /// Natural logarithm (principal branch).
    Log,
    /// tanh u = (e^{2u} − 1)/(e^{2u} + 1)
    Tanh,
    /// sigmoid u = 1/(1 + e^{−u})
    Sigmoid,
    /// sinh u = (e^u − e^{−u})/2
    Sinh,
    /// cosh u = (e^u + e^{−u})/2
    Cosh,
}

impl Func {
    /// All functions, for lookups by name.
    pub const ALL: [Func; 6] =
        [Func::Exp, Func::Log, Func::Tanh, Func::Sigmoid, Func::Sinh, Func::Cosh];

    /// The name used in text output and input.
    pub fn name(self) -> &'static str {
        match self {
            Func::Exp => "exp",
            Func::Log => "log",
            Func::Tanh => "tanh",
            Func::Sigmoid => "sigmoid",
            Func::Sinh => "sinh",
            Func::Cosh => "cosh",
        }
    }

    /// The function with this text name.
    pub fn from_name(name: &str) -> Option<Func> {
        Func::ALL.into_iter().find(|f| f.name() == name)
    }
}

/// One node of the DAG. Children are ids of the same pool; rationals are interned
/// coefficients ([`Pool::coef`] gives their value).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Node {
    /// A rational number.
    Num(Coef),
    /// A symbol.
    Sym(Symbol),
    /// Σ c_i·t_i, sorted by term id, at least one term, no zero coefficient, no term a
    /// number, a sum or [`ExprId::ZERO`]; the constant is carried by the term [`ExprId::ONE`].
    /// Either two or more terms, or one term with coefficient ≠ 1 (a scaled expression).
    Add(Rc<[(Coef, ExprId)]>),
    /// Π b_i^{e_i}, sorted by base id, no base a number or a product, exponents ≠ 0;
    /// two or more factors, or one factor with exponent ≠ 1.
    Mul(Rc<[(ExprId, i64)]>),
    /// f(u).
    Func(Func, ExprId),
}

/// Largest coefficient size, in bits of numerator plus denominator, that construction
/// accepts before reporting [`AlgebraError::TooLarge`].
const MAX_COEFF_BITS: u64 = 1 << 20;

/// The arena holding every expression and symbol.
pub struct Pool {
    nodes: Vec<Node>,
    vars: Vec<VarSetId>,
    table: HashTable<(u64, ExprId)>,
    hasher: FxBuildHasher,
    pub(crate) coefs: Coefs,
    symbols: Vec<SymbolInfo>,
    by_name: FxHashMap<String, Symbol>,
    sym_nodes: Vec<ExprId>,
    pub(crate) varsets: VarSets,
}

impl Default for Pool {
    fn default() -> Self {
        Pool::new()
    }
}

impl std::fmt::Debug for Pool {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Pool")
            .field("nodes", &self.nodes.len())
            .field("symbols", &self.symbols.len())
            .finish()
    }
}

impl Pool {
    /// An empty pool holding only `0` and `1`.
    pub fn new() -> Self {
        let mut pool = Pool {
            nodes: Vec::new(),
            vars: Vec::new(),
            table: HashTable::new(),
            hasher: FxBuildHasher,
            coefs: Coefs::new(),
            symbols: Vec::new(),
            by_name: FxHashMap::default(),
            sym_nodes: Vec::new(),
            varsets: VarSets::new(),
        };
        let zero = pool.intern(Node::Num(Coef::ZERO));
        let one = pool.intern(Node::Num(Coef::ONE));
        debug_assert_eq!((zero, one), (ExprId::ZERO, ExprId::ONE));
        pool
    }

    /// Number of distinct expressions stored.
    pub fn len(&self) -> usize {
        self.nodes.len()
    }

    /// Whether the pool holds nothing beyond `0` and `1`.
    pub fn is_empty(&self) -> bool {
        self.nodes.len() <= 2
    }

    /// The node behind an id.
    pub fn node(&self, e: ExprId) -> &Node {
        &self.nodes[e.index()]
    }

    /// The hash of a node; sums and products hash as their borrowed slices, so that
    /// [`Pool::intern_add`] and [`Pool::intern_mul`] can look up before allocating.
    fn hash_node(&self, node: &Node) -> u64 {
        match node {
            Node::Add(t) => self.hasher.hash_one((2u8, &**t)),
            Node::Mul(f) => self.hasher.hash_one((3u8, &**f)),
            Node::Num(c) => self.hasher.hash_one((0u8, c)),
            Node::Sym(s) => self.hasher.hash_one((1u8, s)),
            Node::Func(f, u) => self.hasher.hash_one((4u8, f, u)),
        }
    }

    /// The id of a sum with these (normalized) terms, allocating only when it is new.
    fn intern_add(&mut self, terms: &[(Coef, ExprId)]) -> ExprId {
        let hash = self.hasher.hash_one((2u8, terms));
        let nodes = &self.nodes;
        let found = self
            .table
            .find(hash, |&(_, id)| matches!(&nodes[id.index()], Node::Add(t) if **t == *terms));
        match found {
            Some(&(_, id)) => id,
            None => self.intern_new(hash, Node::Add(Rc::from(terms))),
        }
    }

    /// The id of a product with these (normalized) factors, allocating only when new.
    fn intern_mul(&mut self, factors: &[(ExprId, i64)]) -> ExprId {
        let hash = self.hasher.hash_one((3u8, factors));
        let nodes = &self.nodes;
        let found = self
            .table
            .find(hash, |&(_, id)| matches!(&nodes[id.index()], Node::Mul(f) if **f == *factors));
        match found {
            Some(&(_, id)) => id,
            None => self.intern_new(hash, Node::Mul(Rc::from(factors))),
        }
    }

    fn intern(&mut self, node: Node) -> ExprId {
        let hash = self.hash_node(&node);
        let nodes = &self.nodes;
        if let Some(&(_, id)) = self.table.find(hash, |&(_, id)| nodes[id.index()] == node) {
            return id;
        }
        self.intern_new(hash, node)
    }

    fn intern_new(&mut self, hash: u64, node: Node) -> ExprId {
        let vars = match &node {
            Node::Num(_) => VarSetId::EMPTY,
            Node::Sym(s) => self.varsets.singleton(s.0),
            Node::Func(_, u) => self.vars[u.index()],
            Node::Add(terms) => {
                let mut acc = VarSetId::EMPTY;
                for (_, t) in terms.iter() {
                    acc = self.varsets.union(acc, self.vars[t.index()]);
                }
                acc
            }
            Node::Mul(factors) => {
                let mut acc = VarSetId::EMPTY;
                for (b, _) in factors.iter() {
                    acc = self.varsets.union(acc, self.vars[b.index()]);
                }
                acc
            }
        };
        let id = ExprId(u32::try_from(self.nodes.len()).expect("fewer than 2^32 expressions"));
        self.nodes.push(node);
        self.vars.push(vars);
        self.table.insert_unique(hash, (hash, id), |&(h, _)| h);
        id
    }

    // ---------------------------------------------------------------- symbols

    /// The symbol called `name`, created if new.
    pub fn symbol(&mut self, name: &str) -> Symbol {
        self.symbol_with(name, None)
    }

    /// The symbol called `name`, recording that it is element `indices` of family `base`.
    pub fn family_symbol(&mut self, base: &str, indices: &[u32]) -> Symbol {
        let mut name = base.to_string();
        for i in indices {
            name.push('_');
            name.push_str(&i.to_string());
        }
        self.symbol_with(&name, Some((base.to_string(), indices.to_vec())))
    }

    fn symbol_with(&mut self, name: &str, family: Option<(String, Vec<u32>)>) -> Symbol {
        if let Some(&s) = self.by_name.get(name) {
            return s;
        }
        let s = Symbol(u32::try_from(self.symbols.len()).expect("fewer than 2^32 symbols"));
        self.symbols.push(SymbolInfo { name: name.to_string(), family });
        self.by_name.insert(name.to_string(), s);
        let id = self.intern(Node::Sym(s));
        self.sym_nodes.push(id);
        s
    }

    /// The symbol called `name`, if it exists.
    pub fn lookup(&self, name: &str) -> Option<Symbol> {
        self.by_name.get(name).copied()
    }

    /// Name and family of a symbol.
    pub fn symbol_info(&self, s: Symbol) -> &SymbolInfo {
        &self.symbols[s.index()]
    }

    /// The printed name of a symbol.
    pub fn symbol_name(&self, s: Symbol) -> &str {
        &self.symbols[s.index()].name
    }

    /// The expression consisting of symbol `s`.
    pub fn sym(&self, s: Symbol) -> ExprId {
        self.sym_nodes[s.index()]
    }

    // ---------------------------------------------------------------- queries

    /// Whether `e` depends on symbol `s` (syntactically: `s` occurs in `e`).
    pub fn depends_on(&self, e: ExprId, s: Symbol) -> bool {
        self.varsets.contains(self.vars[e.index()], s.0)
    }

    /// The symbols occurring in `e`, in creation order.
    pub fn free_symbols(&self, e: ExprId) -> Vec<Symbol> {
        self.varsets.members(self.vars[e.index()]).iter().map(|&i| Symbol(i)).collect()
    }

    /// The rational value of `e` if it is a number node.
    pub fn as_num(&self, e: ExprId) -> Option<&Q> {
        match self.node(e) {
            Node::Num(c) => Some(self.coefs.get(*c)),
            _ => None,
        }
    }

    /// The value of an interned coefficient.
    pub fn coef(&self, c: Coef) -> &Q {
        self.coefs.get(c)
    }

    /// The interned coefficient equal to `q`.
    pub fn coef_of(&mut self, q: Q) -> Coef {
        self.coefs.intern(q)
    }

    /// Number of nodes of `roots` written out as trees (shared subexpressions counted each
    /// time they occur), saturating at `u64::MAX`: the size of the printed text, roughly.
    pub fn tree_size(&self, roots: &[ExprId]) -> u64 {
        let mut size: FxHashMap<ExprId, u64> = FxHashMap::default();
        let mut total: u64 = 0;
        for &r in roots {
            let mut stack = vec![(r, false)];
            while let Some((e, expanded)) = stack.pop() {
                if size.contains_key(&e) {
                    continue;
                }
                let children: Vec<ExprId> = match self.node(e) {
                    Node::Num(_) | Node::Sym(_) => Vec::new(),
                    Node::Func(_, u) => vec![*u],
                    Node::Add(t) => t.iter().map(|(_, x)| *x).collect(),
                    Node::Mul(f) => f.iter().map(|(b, _)| *b).collect(),
                };
                if expanded {
                    let s = children
                        .iter()
                        .fold(1u64, |acc, c| acc.saturating_add(size.get(c).copied().unwrap_or(1)));
                    size.insert(e, s);
                } else {
                    stack.push((e, true));
                    stack.extend(children.into_iter().map(|c| (c, false)));
                }
            }
            total = total.saturating_add(size.get(&r).copied().unwrap_or(1));
        }
        total
    }

    /// Number of distinct nodes reachable from the given roots (the DAG size).
    pub fn dag_size(&self, roots: &[ExprId]) -> usize {
        let mut seen = vec![false; self.nodes.len()];
        let mut stack: Vec<ExprId> = roots.to_vec();
        let mut count = 0;
        while let Some(e) = stack.pop() {
            if std::mem::replace(&mut seen[e.index()], true) {
                continue;
            }
            count += 1;
            match self.node(e) {
                Node::Num(_) | Node::Sym(_) => {}
                Node::Func(_, u) => stack.push(*u),
                Node::Add(t) => stack.extend(t.iter().map(|(_, e)| *e)),
                Node::Mul(f) => stack.extend(f.iter().map(|(b, _)| *b)),
            }
        }
        count
    }

    // ---------------------------------------------------------------- builders

    /// The rational number `q`.
    pub fn num(&mut self, q: Q) -> ExprId {
        let c = self.coefs.intern(q);
        self.num_c(c)
    }

    fn num_c(&mut self, c: Coef) -> ExprId {
        match c {
            Coef::ZERO => ExprId::ZERO,
            Coef::ONE => ExprId::ONE,
            _ => self.intern(Node::Num(c)),
        }
    }

    /// The integer `n`.
    pub fn int(&mut self, n: i64) -> ExprId {
        let c = self.coefs.int(n);
        self.num_c(c)
    }

    /// The rational `p/q`; `q` must not be zero.
    pub fn rat(&mut self, p: i64, q: i64) -> Result<ExprId, AlgebraError> {
        if q == 0 {
            return Err(AlgebraError::DivisionByZero);
        }
        Ok(self.num(Q::new(BigInt::from(p), BigInt::from(q))))
    }

    /// `a + b`.
    pub fn add(&mut self, a: ExprId, b: ExprId) -> ExprId {
        self.sum_c(vec![(Coef::ONE, a), (Coef::ONE, b)])
    }

    /// `a − b`.
    pub fn sub(&mut self, a: ExprId, b: ExprId) -> ExprId {
        self.sum_c(vec![(Coef::ONE, a), (Coef::MINUS_ONE, b)])
    }

    /// `−a`.
    pub fn neg(&mut self, a: ExprId) -> ExprId {
        self.sum_c(vec![(Coef::MINUS_ONE, a)])
    }

    /// `c·a`.
    pub fn scale(&mut self, c: Q, a: ExprId) -> ExprId {
        let c = self.coefs.intern(c);
        self.sum_c(vec![(c, a)])
    }

    /// Σ of the given expressions.
    pub fn add_all(&mut self, terms: impl IntoIterator<Item = ExprId>) -> ExprId {
        self.sum_c(terms.into_iter().map(|t| (Coef::ONE, t)).collect())
    }

    /// Σ c_i·t_i, normalized (see the module docs).
    pub fn sum(&mut self, terms: impl IntoIterator<Item = (Q, ExprId)>) -> ExprId {
        let terms: Vec<(Coef, ExprId)> =
            terms.into_iter().map(|(c, t)| (self.coefs.intern(c), t)).collect();
        self.sum_c(terms)
    }

    /// Σ c_i·t_i with interned coefficients, normalized (see the module docs).
    pub fn sum_c(&mut self, terms: Vec<(Coef, ExprId)>) -> ExprId {
        if let [(c, t)] = terms[..] {
            // one term that is neither a number nor a sum: nothing to merge
            if !matches!(self.nodes[t.index()], Node::Num(_) | Node::Add(_)) {
                return match c {
                    Coef::ZERO => ExprId::ZERO,
                    Coef::ONE => t,
                    _ => self.intern_add(&[(c, t)]),
                };
            }
        }
        let mut flat: Vec<(Coef, ExprId)> = Vec::with_capacity(terms.len());
        for (c, t) in terms {
            if c == Coef::ZERO {
                continue;
            }
            match &self.nodes[t.index()] {
                Node::Num(v) => {
                    let v = *v;
                    if v != Coef::ZERO {
                        flat.push((self.coefs.mul(c, v), ExprId::ONE));
                    }
                }
                Node::Add(inner) => {
                    let inner = Rc::clone(inner);
                    for (c2, t2) in inner.iter() {
                        flat.push((self.coefs.mul(c, *c2), *t2));
                    }
                }
                _ => flat.push((c, t)),
            }
        }
        flat.sort_by_key(|(_, t)| *t);
        let mut merged: Vec<(Coef, ExprId)> = Vec::with_capacity(flat.len());
        for (c, t) in flat {
            match merged.last_mut() {
                Some((c0, t0)) if *t0 == t => *c0 = self.coefs.add(*c0, c),
                _ => merged.push((c, t)),
            }
        }
        merged.retain(|(c, _)| *c != Coef::ZERO);
        match merged.len() {
            0 => ExprId::ZERO,
            1 if merged[0].1 == ExprId::ONE => self.num_c(merged[0].0),
            1 if merged[0].0 == Coef::ONE => merged[0].1,
            _ => self.intern_add(&merged),
        }
    }

    /// `a·b`.
    pub fn mul(&mut self, a: ExprId, b: ExprId) -> ExprId {
        self.product(vec![(a, 1), (b, 1)]).expect("positive exponents cannot divide by zero")
    }

    /// Π of the given expressions.
    pub fn mul_all(&mut self, factors: impl IntoIterator<Item = ExprId>) -> ExprId {
        self.product(factors.into_iter().map(|f| (f, 1)).collect())
            .expect("positive exponents cannot divide by zero")
    }

    /// `a / b`; an error if `b` is the number zero.
    pub fn div(&mut self, a: ExprId, b: ExprId) -> Result<ExprId, AlgebraError> {
        self.product(vec![(a, 1), (b, -1)])
    }

    /// `b^n` for an integer `n`; an error for `0^n` with `n < 0`.
    pub fn pow(&mut self, b: ExprId, n: i64) -> Result<ExprId, AlgebraError> {
        if n.abs() > MAX_EXPONENT {
            return Err(AlgebraError::TooLarge);
        }
        self.product(vec![(b, n)])
    }

    /// Π b_i^{e_i}, normalized (see the module docs).
    pub fn product(&mut self, factors: Vec<(ExprId, i64)>) -> Result<ExprId, AlgebraError> {
        let mut coeff = Coef::ONE;
        let mut flat: Vec<(ExprId, i64)> = Vec::with_capacity(factors.len() + 2);
        for (b, e) in factors {
            if e == 0 {
                continue;
            }
            self.push_factor(b, e, &mut coeff, &mut flat)?;
        }
        if coeff == Coef::ZERO {
            return Ok(ExprId::ZERO);
        }
        flat.sort_by_key(|(b, _)| *b);
        let mut merged: Vec<(ExprId, i64)> = Vec::with_capacity(flat.len());
        for (b, e) in flat {
            match merged.last_mut() {
                Some((b0, e0)) if *b0 == b => {
                    *e0 = e0.checked_add(e).ok_or(AlgebraError::TooLarge)?;
                }
                _ => merged.push((b, e)),
            }
        }
        merged.retain(|(_, e)| *e != 0);
        let core = match merged.len() {
            0 => ExprId::ONE,
            1 if merged[0].1 == 1 => merged[0].0,
            _ => self.intern_mul(&merged),
        };
        Ok(self.sum_c(vec![(coeff, core)]))
    }

    /// `v^e` for an interned rational.
    fn coef_pow(&mut self, v: Coef, e: i64) -> Result<Coef, AlgebraError> {
        if e == 1 {
            return Ok(v);
        }
        let q = rational_pow(self.coefs.get(v), e)?;
        Ok(self.coefs.intern(q))
    }

    fn push_factor(
        &mut self,
        b: ExprId,
        e: i64,
        coeff: &mut Coef,
        flat: &mut Vec<(ExprId, i64)>,
    ) -> Result<(), AlgebraError> {
        // Size limits apply only to genuine powers (|e| > 1): a product with exponents ±1
        // grows additively with its input and never fails, so `mul` is infallible.
        let scale_by = |pool: &mut Pool, c: Coef, coeff: &mut Coef| -> Result<(), AlgebraError> {
            let p = pool.coef_pow(c, e)?;
            *coeff = pool.coefs.mul(*coeff, p);
            if e.abs() > 1 {
                check_size(pool.coefs.get(*coeff))?;
            }
            Ok(())
        };
        match &self.nodes[b.index()] {
            Node::Num(v) => {
                let v = *v;
                scale_by(self, v, coeff)?;
            }
            Node::Mul(inner) => {
                for (b2, e2) in inner.iter() {
                    let k = if e == 1 { *e2 } else { checked_exponent(*e2, e)? };
                    flat.push((*b2, k));
                }
            }
            Node::Add(terms) if terms.len() == 1 => {
                let (c, t) = terms[0];
                scale_by(self, c, coeff)?;
                self.push_factor(t, e, coeff, flat)?;
            }
            _ => flat.push((b, e)),
        }
        Ok(())
    }

    /// `f(u)`, with f evaluated at a literal zero.
    pub fn func(&mut self, f: Func, u: ExprId) -> ExprId {
        if u == ExprId::ZERO {
            match f {
                Func::Exp | Func::Cosh => return ExprId::ONE,
                Func::Tanh | Func::Sinh => return ExprId::ZERO,
                Func::Sigmoid => return self.num(Q::new(BigInt::from(1), BigInt::from(2))),
                Func::Log => {}
            }
        }
        if f == Func::Log && u == ExprId::ONE {
            return ExprId::ZERO;
        }
        // parity: tanh(−u) = −tanh(u), sinh(−u) = −sinh(u), cosh(−u) = cosh(u)
        if matches!(f, Func::Tanh | Func::Sinh | Func::Cosh) && self.leads_negative(u) {
            let nu = self.neg(u);
            let r = self.intern(Node::Func(f, nu));
            return if f == Func::Cosh { r } else { self.neg(r) };
        }
        self.intern(Node::Func(f, u))
    }

    /// Whether `u` is a sum whose first non-constant term has a negative coefficient (or a
    /// negative number): the sign convention for arguments of odd and even functions.
    fn leads_negative(&self, u: ExprId) -> bool {
        match self.node(u) {
            Node::Num(q) => self.coefs.is_negative(*q),
            Node::Add(terms) => terms
                .iter()
                .find(|(_, t)| *t != ExprId::ONE)
                .is_some_and(|(c, _)| self.coefs.is_negative(*c)),
            _ => false,
        }
    }

    /// `log(u)`; an error for `log(0)`.
    pub fn log(&mut self, u: ExprId) -> Result<ExprId, AlgebraError> {
        if u == ExprId::ZERO {
            return Err(AlgebraError::LogOfZero);
        }
        Ok(self.func(Func::Log, u))
    }
}

/// `v^e` for a rational `v`; an error for `0^e`, `e < 0`, or a result too large to hold.
pub(crate) fn rational_pow(v: &Q, e: i64) -> Result<Q, AlgebraError> {
    if v.is_zero() {
        return if e < 0 { Err(AlgebraError::DivisionByZero) } else { Ok(Q::zero()) };
    }
    if v.is_one() {
        return Ok(Q::one());
    }
    if (-v).is_one() {
        return Ok(if e % 2 == 0 { Q::one() } else { -Q::one() });
    }
    if e == 1 {
        return Ok(v.clone());
    }
    if e == -1 {
        return Ok(v.recip());
    }
    let bits = v.numer().bits() + v.denom().bits();
    if bits.saturating_mul(e.unsigned_abs()) > MAX_COEFF_BITS {
        return Err(AlgebraError::TooLarge);
    }
    let n = i32::try_from(e).map_err(|_| AlgebraError::TooLarge)?;
    Ok(num_traits::Pow::pow(v, n))
}

/// Largest exponent magnitude a power may produce.
const MAX_EXPONENT: i64 = 1_000_000_000;

/// `e2·e` within [`MAX_EXPONENT`].
fn checked_exponent(e2: i64, e: i64) -> Result<i64, AlgebraError> {
    match e2.checked_mul(e) {
        Some(k) if k.abs() <= MAX_EXPONENT => Ok(k),
        _ => Err(AlgebraError::TooLarge),
    }
}

fn check_size(q: &Q) -> Result<(), AlgebraError> {
    if q.numer().bits() + q.denom().bits() > MAX_COEFF_BITS {
        Err(AlgebraError::TooLarge)
    } else {
        Ok(())
    }
}
