//! Sparse multivariate polynomials in the state variables, over ℚ (exact) or over the prime
//! field 𝔽_p with p = 2⁶¹ − 1 (fast, for ranks that are lower bounds of the ranks over ℚ).
//!
//! A polynomial vector field is one [`Poly`] per state variable. Conversion from the
//! expression pool goes through the canonical form of `varan-algebra`: an expression is a
//! polynomial exactly when its canonical numerator has only symbols of the state as atoms,
//! non-negative integer exponents, and its denominator is empty.

use std::collections::BTreeMap;

use num_bigint::BigInt;
use num_traits::{One, Signed, ToPrimitive, Zero};
use rustc_hash::FxHashMap;
use varan_algebra::{rational_text, Atom, Canonicalizer, ExprId, Node, Pool, Symbol, Q};

/// The Mersenne prime 2⁶¹ − 1, the modulus of [`Fp`].
pub const P61: u64 = (1 << 61) - 1;

/// The coefficient rings of [`Poly`].
pub trait Coeff: Clone + PartialEq + std::fmt::Debug {
    /// 0.
    fn zero() -> Self;
    /// Whether this is 0.
    fn is_zero(&self) -> bool;
    /// The sum.
    fn add(&self, o: &Self) -> Self;
    /// The product.
    fn mul(&self, o: &Self) -> Self;
    /// The negative.
    fn neg(&self) -> Self;
    /// The image of the integer `k`.
    fn from_u32(k: u32) -> Self;
}

impl Coeff for Q {
    fn zero() -> Self {
        Zero::zero()
    }
    fn is_zero(&self) -> bool {
        Zero::is_zero(self)
    }
    fn add(&self, o: &Self) -> Self {
        self + o
    }
    fn mul(&self, o: &Self) -> Self {
        self * o
    }
    fn neg(&self) -> Self {
        -self
    }
    fn from_u32(k: u32) -> Self {
        Q::from_integer(BigInt::from(k))
    }
}

/// An element of 𝔽_p, p = 2⁶¹ − 1, as its representative in [0, p).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Fp(pub u64);

impl Fp {
    /// The reduction of a rational whose denominator is prime to p (else `None`).
    pub fn from_q(q: &Q) -> Option<Fp> {
        let f = crate::laws::rank::PrimeField::new(P61);
        f.reduce_q(q).map(Fp)
    }
}

impl Coeff for Fp {
    fn zero() -> Self {
        Fp(0)
    }
    fn is_zero(&self) -> bool {
        self.0 == 0
    }
    fn add(&self, o: &Self) -> Self {
        let s = self.0 + o.0;
        Fp(if s >= P61 { s - P61 } else { s })
    }
    fn mul(&self, o: &Self) -> Self {
        Fp(((self.0 as u128 * o.0 as u128) % P61 as u128) as u64)
    }
    fn neg(&self) -> Self {
        Fp(if self.0 == 0 { 0 } else { P61 - self.0 })
    }
    fn from_u32(k: u32) -> Self {
        Fp(u64::from(k) % P61)
    }
}

/// Π x_v^{e_v}: (variable index, exponent > 0), sorted by variable.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub struct Mono(pub Vec<(u32, u32)>);

impl Mono {
    /// The monomial 1.
    pub fn one() -> Mono {
        Mono(Vec::new())
    }

    /// The variable x_v.
    pub fn var(v: u32) -> Mono {
        Mono(vec![(v, 1)])
    }

    /// The total degree.
    pub fn degree(&self) -> u32 {
        self.0.iter().map(|(_, e)| e).sum()
    }

    /// The product of two monomials.
    pub fn mul(&self, o: &Mono) -> Mono {
        let (a, b) = (&self.0, &o.0);
        let mut out = Vec::with_capacity(a.len() + b.len());
        let (mut i, mut j) = (0, 0);
        while i < a.len() && j < b.len() {
            match a[i].0.cmp(&b[j].0) {
                std::cmp::Ordering::Less => {
                    out.push(a[i]);
                    i += 1;
                }
                std::cmp::Ordering::Greater => {
                    out.push(b[j]);
                    j += 1;
                }
                std::cmp::Ordering::Equal => {
                    out.push((a[i].0, a[i].1 + b[j].1));
                    i += 1;
                    j += 1;
                }
            }
        }
        out.extend_from_slice(&a[i..]);
        out.extend_from_slice(&b[j..]);
        Mono(out)
    }

    /// ∂/∂x_v of the monomial: the exponent e_v and the monomial with it lowered by one
    /// (`None` when x_v does not occur).
    pub fn diff(&self, v: u32) -> Option<(u32, Mono)> {
        let pos = self.0.iter().position(|(w, _)| *w == v)?;
        let e = self.0[pos].1;
        let mut m = self.0.clone();
        if e == 1 {
            m.remove(pos);
        } else {
            m[pos].1 = e - 1;
        }
        Some((e, Mono(m)))
    }

    /// The exponent vector written out densely, for ordering in print.
    fn dense(&self, n: usize) -> Vec<u32> {
        let mut d = vec![0; n];
        for &(v, e) in &self.0 {
            if let Some(slot) = d.get_mut(v as usize) {
                *slot = e;
            }
        }
        d
    }

    /// All monomials in `n` variables of total degree exactly `d`, in lexicographic order
    /// (x_0 first).
    pub fn all_of_degree(n: u32, d: u32) -> Vec<Mono> {
        fn rec(v: u32, n: u32, left: u32, cur: &mut Vec<(u32, u32)>, out: &mut Vec<Mono>) {
            if left == 0 {
                out.push(Mono(cur.clone()));
                return;
            }
            if v == n {
                return;
            }
            for e in (0..=left).rev() {
                if e > 0 {
                    cur.push((v, e));
                }
                rec(v + 1, n, left - e, cur, out);
                if e > 0 {
                    cur.pop();
                }
            }
        }
        let mut out = Vec::new();
        rec(0, n, d, &mut Vec::new(), &mut out);
        out
    }
}

/// Σ c_m·m with non-zero coefficients.
#[derive(Debug, Clone, PartialEq)]
pub struct Poly<C: Coeff> {
    terms: BTreeMap<Mono, C>,
}

impl<C: Coeff> Default for Poly<C> {
    fn default() -> Self {
        Poly { terms: BTreeMap::new() }
    }
}

impl<C: Coeff> Poly<C> {
    /// The zero polynomial.
    pub fn zero() -> Self {
        Poly::default()
    }

    /// The single term c·m.
    pub fn term(c: C, m: Mono) -> Self {
        let mut p = Poly::zero();
        p.add_term(c, m);
        p
    }

    /// Whether this is the zero polynomial.
    pub fn is_zero(&self) -> bool {
        self.terms.is_empty()
    }

    /// The terms, in monomial order.
    pub fn terms(&self) -> impl Iterator<Item = (&Mono, &C)> {
        self.terms.iter()
    }

    /// Number of terms.
    pub fn len(&self) -> usize {
        self.terms.len()
    }

    /// Whether there are no terms.
    pub fn is_empty(&self) -> bool {
        self.terms.is_empty()
    }

    /// The total degree (0 for the zero polynomial).
    pub fn degree(&self) -> u32 {
        self.terms.keys().map(Mono::degree).max().unwrap_or(0)
    }

    /// Adds c·m.
    pub fn add_term(&mut self, c: C, m: Mono) {
        if c.is_zero() {
            return;
        }
        match self.terms.entry(m) {
            std::collections::btree_map::Entry::Vacant(v) => {
                v.insert(c);
            }
            std::collections::btree_map::Entry::Occupied(mut o) => {
                let s = o.get().add(&c);
                if s.is_zero() {
                    o.remove();
                } else {
                    *o.get_mut() = s;
                }
            }
        }
    }

    /// Adds k·other.
    pub fn add_scaled(&mut self, k: &C, other: &Poly<C>) {
        for (m, c) in &other.terms {
            self.add_term(k.mul(c), m.clone());
        }
    }

    /// Adds other·m·k (a product with a single term).
    pub fn add_mul_term(&mut self, k: &C, m: &Mono, other: &Poly<C>) {
        for (m2, c) in &other.terms {
            self.add_term(k.mul(c), m.mul(m2));
        }
    }

    /// The product.
    pub fn mul(&self, other: &Poly<C>) -> Poly<C> {
        let mut out = Poly::zero();
        for (m, c) in &self.terms {
            out.add_mul_term(c, m, other);
        }
        out
    }

    /// ∂/∂x_v.
    pub fn diff(&self, v: u32) -> Poly<C> {
        let mut out = Poly::zero();
        for (m, c) in &self.terms {
            if let Some((e, m2)) = m.diff(v) {
                out.add_term(c.mul(&C::from_u32(e)), m2);
            }
        }
        out
    }

    /// The gradient (∂/∂x_0, …, ∂/∂x_{n−1}).
    pub fn gradient(&self, n: usize) -> Vec<Poly<C>> {
        (0..n as u32).map(|v| self.diff(v)).collect()
    }

    /// The value at a point.
    pub fn eval(&self, x: &[C]) -> C {
        let mut acc = C::zero();
        for (m, c) in &self.terms {
            let mut t = c.clone();
            for &(v, e) in &m.0 {
                for _ in 0..e {
                    t = t.mul(&x[v as usize]);
                }
            }
            acc = acc.add(&t);
        }
        acc
    }

    /// The polynomial with each coefficient mapped (terms mapped to zero are dropped).
    pub fn map<D: Coeff>(&self, f: impl Fn(&C) -> Option<D>) -> Option<Poly<D>> {
        let mut out = Poly::zero();
        for (m, c) in &self.terms {
            out.add_term(f(c)?, m.clone());
        }
        Some(out)
    }
}

/// The derivative of `h` along the field `x`: X(h) = Σ_k X_k·∂h/∂x_k.
pub fn lie_derivative<C: Coeff>(x: &[Poly<C>], h: &Poly<C>) -> Poly<C> {
    let mut out = Poly::zero();
    for (k, xk) in x.iter().enumerate() {
        let d = h.diff(k as u32);
        if d.is_zero() || xk.is_zero() {
            continue;
        }
        for (m, c) in &d.terms {
            out.add_mul_term(c, m, xk);
        }
    }
    out
}

impl Poly<Q> {
    /// The reduction modulo p = 2⁶¹ − 1 (`None` if a denominator is divisible by p).
    pub fn to_fp(&self) -> Option<Poly<Fp>> {
        self.map(Fp::from_q)
    }

    /// The primitive integer multiple: denominators cleared, the content divided out, and
    /// the first term in print order positive.
    pub fn primitive(&self) -> Poly<Q> {
        use num_integer::Integer;
        if self.is_zero() {
            return self.clone();
        }
        let mut l = BigInt::one();
        let mut g = BigInt::zero();
        for c in self.terms.values() {
            l = l.lcm(c.denom());
            g = g.gcd(c.numer());
        }
        let mut k = Q::new(l, g);
        let lead = self.print_order(usize::MAX).into_iter().next().map(|(_, c)| c.is_negative());
        if lead == Some(true) {
            k = -k;
        }
        let mut out = Poly::zero();
        out.add_scaled(&k, self);
        out
    }

    /// Terms in print order: by total degree, highest first, then lexicographically with
    /// higher powers of earlier variables first.
    fn print_order(&self, n: usize) -> Vec<(&Mono, &Q)> {
        let width = self.terms.keys().flat_map(|m| m.0.iter().map(|(v, _)| *v as usize + 1)).max();
        let width = width.unwrap_or(0).min(n);
        let mut t: Vec<(&Mono, &Q)> = self.terms.iter().collect();
        t.sort_by(|a, b| {
            b.0.degree().cmp(&a.0.degree()).then_with(|| b.0.dense(width).cmp(&a.0.dense(width)))
        });
        t
    }

    /// Text in varan's syntax (re-parsable), with the variables named by `names`.
    pub fn to_text(&self, names: &[String]) -> String {
        if self.is_zero() {
            return "0".into();
        }
        let mut out = String::new();
        for (i, (m, c)) in self.print_order(names.len()).into_iter().enumerate() {
            let neg = c.is_negative();
            let a = c.abs();
            if i == 0 {
                if neg {
                    out.push('-');
                }
            } else {
                out.push_str(if neg { " - " } else { " + " });
            }
            let mut factors: Vec<String> = Vec::new();
            for &(v, e) in &m.0 {
                let name = names.get(v as usize).cloned().unwrap_or_else(|| format!("x{v}"));
                factors.push(if e == 1 { name } else { format!("{name}^{e}") });
            }
            if factors.is_empty() {
                out.push_str(&rational_text(&a));
            } else {
                if !a.is_one() {
                    out.push_str(&rational_text(&a));
                    out.push('*');
                }
                out.push_str(&factors.join("*"));
            }
        }
        out
    }

    /// The polynomial as an expression of `pool`, over the symbols `state`.
    pub fn to_expr(&self, pool: &mut Pool, state: &[Symbol]) -> ExprId {
        let mut terms = Vec::with_capacity(self.terms.len());
        for (m, c) in &self.terms {
            let factors: Vec<(ExprId, i64)> =
                m.0.iter().map(|&(v, e)| (pool.sym(state[v as usize]), i64::from(e))).collect();
            let t = pool.product(factors).expect("positive exponents cannot divide by zero");
            terms.push((c.clone(), t));
        }
        pool.sum(terms)
    }
}

/// Why an expression is not a polynomial in the state variables.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NotPolynomial {
    /// It has a denominator or a negative power.
    Quotient,
    /// It depends on a symbol that is not a state variable (a symbolic constant).
    Symbol(String),
    /// It contains an exponential, hyperbolic function, sigmoid or logarithm (named).
    Transcendental(&'static str),
    /// An exponent or a coefficient beyond the symbolic core's limits.
    TooLarge,
}

impl std::fmt::Display for NotPolynomial {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            NotPolynomial::Quotient => write!(f, "it has a denominator"),
            NotPolynomial::Symbol(s) => write!(
                f,
                "it depends on the symbolic constant {s} (give it a value: `const {s} = ...`)"
            ),
            NotPolynomial::Transcendental(name) => write!(f, "it contains {name}"),
            NotPolynomial::TooLarge => write!(f, "it is too large to expand"),
        }
    }
}

/// The expressions `es` of `pool` as polynomials in the symbols `state` (variable k =
/// `state[k]`).
pub fn polys_from_exprs(
    pool: &Pool,
    es: &[ExprId],
    state: &[Symbol],
) -> Result<Vec<Poly<Q>>, NotPolynomial> {
    let index: FxHashMap<Symbol, u32> =
        state.iter().enumerate().map(|(k, s)| (*s, k as u32)).collect();
    let mut canon = Canonicalizer::new(pool);
    let mut out = Vec::with_capacity(es.len());
    for &e in es {
        if let Some(name) = first_function(pool, e) {
            return Err(NotPolynomial::Transcendental(name));
        }
        let r = canon.rational_function(e).map_err(|_| NotPolynomial::TooLarge)?;
        if !r.den.is_empty() {
            return Err(NotPolynomial::Quotient);
        }
        let atoms = canon.atoms();
        let mut p = Poly::zero();
        for (m, c) in r.num.iter() {
            let mut mono = Vec::with_capacity(m.0.len());
            for (a, k) in &m.0 {
                let s = match &atoms[*a as usize] {
                    Atom::Sym(s) => *s,
                    _ => return Err(NotPolynomial::Transcendental("exp")),
                };
                let Some(&v) = index.get(&s) else {
                    return Err(NotPolynomial::Symbol(pool.symbol_name(s).to_string()));
                };
                if !k.is_integer() || *k.numer() < 0 {
                    return Err(NotPolynomial::Quotient);
                }
                let e = k.numer().to_u32().ok_or(NotPolynomial::TooLarge)?;
                mono.push((v, e));
            }
            mono.sort_unstable();
            p.add_term(c.clone(), Mono(mono));
        }
        out.push(p);
    }
    Ok(out)
}

/// The name of a function (exp, tanh, …) occurring in `e`, if any.
fn first_function(pool: &Pool, e: ExprId) -> Option<&'static str> {
    let mut seen = rustc_hash::FxHashSet::default();
    let mut stack = vec![e];
    while let Some(x) = stack.pop() {
        if !seen.insert(x) {
            continue;
        }
        match pool.node(x) {
            Node::Num(_) | Node::Sym(_) => {}
            Node::Func(f, _) => return Some(f.name()),
            Node::Add(t) => stack.extend(t.iter().map(|(_, t)| *t)),
            Node::Mul(f) => stack.extend(f.iter().map(|(b, _)| *b)),
        }
    }
    None
}
