//! Canonical form and exact zero test.
//!
//! An expression is mapped to a quotient N/D of Laurent polynomials (`laurent.rs`) in
//! *atoms*: the symbols, and exponentials e^{m} of monomials m. The hyperbolic functions and
//! the sigmoid are first rewritten through exponentials,
//! $$ \tanh u = \frac{e^{2u}-1}{e^{2u}+1},\quad \sigma(u) = \frac{e^{u}}{e^{u}+1},\quad
//!    \sinh u = \frac{e^{u}-e^{-u}}{2},\quad \cosh u = \frac{e^{u}+e^{-u}}{2}, $$
//! and e^{u} for u = c_0 + Σ c_j m_j (rational c_j, distinct monomials m_j) becomes the
//! monomial e^{c_0}·Π (e^{m_j})^{c_j} with rational exponents. The denominator is kept as a
//! product of normalized factors (equal up to a unit ⇒ same factor), so sums over a common
//! denominator do not multiply it out again.
//!
//! **Why "zero" is a proof.** Every rewriting step is an identity of meromorphic functions,
//! and N/D = 0 exactly when N is the zero polynomial (the ring is a domain).
//!
//! **Why "non-zero" is a proof, and when it is not.** If every exponential's argument is a
//! Laurent polynomial in the symbols, the atoms are algebraically independent over ℚ: the
//! functions e^{r_1}, …, e^{r_k} for rational functions r_j linearly independent over ℚ
//! modulo constants are algebraically independent over ℂ(x) (Ax, *On Schanuel's
//! conjectures*, Ann. of Math. 93 (1971), Cor. 2; Rosenlicht's Liouville-type theorem), and
//! the one constant atom e is transcendental (Hermite, 1873). Then N ≠ 0 means the function
//! is not zero. When an exponential has a non-polynomial argument (another exponential,
//! a quotient) or a logarithm occurs, those are kept as opaque atoms and a non-zero N only
//! yields [`Truth::Unknown`].

use std::rc::Rc;

use num_rational::Ratio;
use num_traits::{One, ToPrimitive, Zero};
use rustc_hash::FxHashMap;

use crate::laurent::{Exponent, Laurent, Monomial};
use crate::pool::{ExprId, Func, Node, Pool, Symbol};
use crate::{AlgebraError, Q};

/// A three-valued answer: proven true, proven false, or not decided.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Truth {
    /// Proven to hold.
    True,
    /// Proven not to hold.
    False,
    /// Neither could be proven.
    Unknown,
}

/// What an atom of the canonical form stands for.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Atom {
    /// A symbol.
    Sym(Symbol),
    /// e^{m} for a monomial m of other atoms (e^{1} = e for the empty monomial).
    Exp(Monomial),
    /// e^{u} kept whole because u is not a Laurent polynomial.
    ExpOf(ExprId),
    /// log(u), kept whole.
    LogOf(ExprId),
}

/// N / Π P_k^{m_k}: a numerator and a factored denominator (factor ids of the
/// [`Canonicalizer`] that made it, with multiplicities, sorted by id).
#[derive(Debug, Clone, PartialEq)]
pub struct RatFun {
    /// The numerator.
    pub num: Laurent,
    /// The denominator's factors and their multiplicities.
    pub den: Vec<(u32, u32)>,
}

impl RatFun {
    fn constant(c: Q) -> RatFun {
        RatFun { num: Laurent::constant(c), den: Vec::new() }
    }

    fn poly(p: Laurent) -> RatFun {
        RatFun { num: p, den: Vec::new() }
    }

    /// Whether this is zero.
    pub fn is_zero(&self) -> bool {
        self.num.is_zero()
    }
}

/// Builds canonical forms of expressions of one pool, sharing atoms, denominator factors
/// and the forms of shared subexpressions across calls.
pub struct Canonicalizer<'p> {
    pool: &'p Pool,
    atoms: Vec<Atom>,
    atom_ix: FxHashMap<Atom, u32>,
    certified: Vec<bool>,
    factors: Vec<Laurent>,
    factor_ix: FxHashMap<Vec<(Monomial, Q)>, u32>,
    memo: FxHashMap<ExprId, Rc<RatFun>>,
}

impl<'p> Canonicalizer<'p> {
    /// A canonicalizer for expressions of `pool`.
    pub fn new(pool: &'p Pool) -> Self {
        Canonicalizer {
            pool,
            atoms: Vec::new(),
            atom_ix: FxHashMap::default(),
            certified: Vec::new(),
            factors: Vec::new(),
            factor_ix: FxHashMap::default(),
            memo: FxHashMap::default(),
        }
    }

    /// The atoms seen so far (index = atom id used in monomials).
    pub fn atoms(&self) -> &[Atom] {
        &self.atoms
    }

    /// The denominator factor with id `k`.
    pub fn factor(&self, k: u32) -> &Laurent {
        &self.factors[k as usize]
    }

    /// Whether every atom met so far lies in the certified class (symbols and exponentials
    /// of Laurent polynomials in symbols), so that a non-zero form is a non-zero function.
    pub fn all_certified(&self) -> bool {
        self.certified.iter().all(|&c| c)
    }

    fn atom(&mut self, a: Atom) -> u32 {
        if let Some(&i) = self.atom_ix.get(&a) {
            return i;
        }
        let cert = match &a {
            Atom::Sym(_) => true,
            Atom::Exp(m) => {
                m.0.iter().all(|(b, _)| matches!(self.atoms[*b as usize], Atom::Sym(_)))
            }
            Atom::ExpOf(_) | Atom::LogOf(_) => false,
        };
        let i = u32::try_from(self.atoms.len()).expect("fewer than 2^32 atoms");
        self.atoms.push(a.clone());
        self.atom_ix.insert(a, i);
        self.certified.push(cert);
        i
    }

    /// The canonical form of `e`.
    pub fn rational_function(&mut self, e: ExprId) -> Result<Rc<RatFun>, AlgebraError> {
        if let Some(r) = self.memo.get(&e) {
            return Ok(Rc::clone(r));
        }
        let pool = self.pool;
        let r = match pool.node(e) {
            Node::Num(q) => RatFun::constant(pool.coef(*q).clone()),
            Node::Sym(s) => {
                let a = self.atom(Atom::Sym(*s));
                RatFun::poly(Laurent::term(Q::one(), Monomial::atom(a, Exponent::one())))
            }
            Node::Add(terms) => {
                let mut acc = RatFun::constant(Q::zero());
                for (c, t) in terms.iter() {
                    let rt = self.rational_function(*t)?;
                    acc = self.add_scaled(&acc, pool.coef(*c), &rt)?;
                }
                acc
            }
            Node::Mul(factors) => {
                let mut acc = RatFun::constant(Q::one());
                for (b, k) in factors.iter() {
                    let rb = self.rational_function(*b)?;
                    let p = self.pow(&rb, *k)?;
                    acc = self.mul(&acc, &p)?;
                }
                acc
            }
            Node::Func(f, u) => self.func(*f, *u)?,
        };
        let r = Rc::new(r);
        self.memo.insert(e, Rc::clone(&r));
        Ok(r)
    }

    /// Monomial for e^{k·u}.
    fn exp_monomial(&mut self, u: ExprId, k: Exponent) -> Result<Monomial, AlgebraError> {
        let ru = self.rational_function(u)?;
        if ru.den.is_empty() {
            let kq = Q::new((*k.numer()).into(), (*k.denom()).into());
            let mut m = Monomial::one();
            let mut ok = true;
            let mut parts = Vec::new();
            for (mono, c) in ru.num.iter() {
                match to_exponent(&(c * &kq)) {
                    Some(x) => parts.push((mono.clone(), x)),
                    None => {
                        ok = false;
                        break;
                    }
                }
            }
            if ok {
                parts.sort_by(|a, b| a.0.cmp(&b.0));
                for (mono, x) in parts {
                    let a = self.atom(Atom::Exp(mono));
                    m = m.mul(&Monomial::atom(a, x))?;
                }
                return Ok(m);
            }
        }
        let a = self.atom(Atom::ExpOf(u));
        Ok(Monomial::atom(a, k))
    }

    fn func(&mut self, f: Func, u: ExprId) -> Result<RatFun, AlgebraError> {
        let one = Q::one();
        let term = |m: &Monomial, c: Q| Laurent::term(c, m.clone());
        Ok(match f {
            Func::Exp => RatFun::poly(term(&self.exp_monomial(u, Exponent::one())?, one)),
            Func::Log => {
                let a = self.atom(Atom::LogOf(u));
                RatFun::poly(term(&Monomial::atom(a, Exponent::one()), one))
            }
            Func::Tanh => {
                let m = self.exp_monomial(u, Exponent::from_integer(2))?;
                let num = term(&m, one.clone()).add(&Laurent::constant(-one.clone()));
                let den = term(&m, one.clone()).add(&Laurent::constant(one));
                self.quotient(num, &den)?
            }
            Func::Sigmoid => {
                let m = self.exp_monomial(u, Exponent::one())?;
                let num = term(&m, one.clone());
                let den = term(&m, one.clone()).add(&Laurent::constant(one));
                self.quotient(num, &den)?
            }
            Func::Sinh | Func::Cosh => {
                let m = self.exp_monomial(u, Exponent::one())?;
                let half = Q::new(1.into(), 2.into());
                let sign = if f == Func::Sinh { -half.clone() } else { half.clone() };
                RatFun::poly(term(&m, half).add(&term(&m.inv(), sign)))
            }
        })
    }

    /// num / den for polynomials, den ≠ 0.
    fn quotient(&mut self, num: Laurent, den: &Laurent) -> Result<RatFun, AlgebraError> {
        let inv = self.inverse_poly(den)?;
        self.mul(&RatFun::poly(num), &inv)
    }

    /// 1/p as a canonical form.
    fn inverse_poly(&mut self, p: &Laurent) -> Result<RatFun, AlgebraError> {
        let Some((c, unit, rest)) = p.split_unit()? else {
            return Err(AlgebraError::DivisionByZero);
        };
        let num = Laurent::term(Q::one() / c, unit.inv());
        if rest.len() == 1 {
            return Ok(RatFun::poly(num));
        }
        let id = match self.factor_ix.get(&rest) {
            Some(&id) => id,
            None => {
                let id = u32::try_from(self.factors.len()).expect("fewer than 2^32 factors");
                self.factors.push(Laurent::from_terms(&rest));
                self.factor_ix.insert(rest, id);
                id
            }
        };
        Ok(RatFun { num, den: vec![(id, 1)] })
    }

    fn expand_den(&self, den: &[(u32, u32)]) -> Result<Laurent, AlgebraError> {
        let mut acc = Laurent::constant(Q::one());
        for (k, m) in den {
            acc = acc.mul(&self.factors[*k as usize].pow(*m)?)?;
        }
        Ok(acc)
    }

    /// a + c·b.
    fn add_scaled(&self, a: &RatFun, c: &Q, b: &RatFun) -> Result<RatFun, AlgebraError> {
        if a.num.is_zero() {
            return Ok(RatFun { num: b.num.scale(c), den: b.den.clone() });
        }
        if a.den == b.den {
            let mut num = a.num.clone();
            num.add_scaled(c, &b.num);
            return Ok(RatFun { num, den: a.den.clone() });
        }
        // lcm of the factored denominators, and the cofactor each side needs
        let mut lcm: Vec<(u32, u32)> = Vec::new();
        let mut ca: Vec<(u32, u32)> = Vec::new();
        let mut cb: Vec<(u32, u32)> = Vec::new();
        let (mut i, mut j) = (0, 0);
        while i < a.den.len() || j < b.den.len() {
            let x = a.den.get(i).copied();
            let y = b.den.get(j).copied();
            match (x, y) {
                (Some((ka, ma)), Some((kb, mb))) if ka == kb => {
                    let m = ma.max(mb);
                    lcm.push((ka, m));
                    if m > ma {
                        ca.push((ka, m - ma));
                    }
                    if m > mb {
                        cb.push((kb, m - mb));
                    }
                    i += 1;
                    j += 1;
                }
                (Some((ka, ma)), Some((kb, _))) if ka < kb => {
                    lcm.push((ka, ma));
                    cb.push((ka, ma));
                    i += 1;
                }
                (Some((ka, ma)), None) => {
                    lcm.push((ka, ma));
                    cb.push((ka, ma));
                    i += 1;
                }
                (_, Some((kb, mb))) => {
                    lcm.push((kb, mb));
                    ca.push((kb, mb));
                    j += 1;
                }
                (None, None) => break,
            }
        }
        let mut num = a.num.mul(&self.expand_den(&ca)?)?;
        num.add_scaled(c, &b.num.mul(&self.expand_den(&cb)?)?);
        Ok(RatFun { num, den: lcm })
    }

    fn mul(&self, a: &RatFun, b: &RatFun) -> Result<RatFun, AlgebraError> {
        let num = a.num.mul(&b.num)?;
        if num.is_zero() {
            return Ok(RatFun::constant(Q::zero()));
        }
        let mut den: Vec<(u32, u32)> = a.den.iter().chain(b.den.iter()).copied().collect();
        den.sort_by_key(|(k, _)| *k);
        let mut merged: Vec<(u32, u32)> = Vec::with_capacity(den.len());
        for (k, m) in den {
            match merged.last_mut() {
                Some((k0, m0)) if *k0 == k => {
                    *m0 = m0.checked_add(m).ok_or(AlgebraError::TooLarge)?
                }
                _ => merged.push((k, m)),
            }
        }
        Ok(RatFun { num, den: merged })
    }

    fn pow(&mut self, a: &RatFun, k: i64) -> Result<RatFun, AlgebraError> {
        let n = u32::try_from(k.unsigned_abs()).map_err(|_| AlgebraError::TooLarge)?;
        if n > 4096 {
            return Err(AlgebraError::TooLarge);
        }
        let base = if k < 0 { self.inverse(a)? } else { a.clone() };
        if n == 1 {
            return Ok(base);
        }
        let num = base.num.pow(n)?;
        let den = base
            .den
            .iter()
            .map(|(f, m)| m.checked_mul(n).map(|mm| (*f, mm)).ok_or(AlgebraError::TooLarge))
            .collect::<Result<Vec<_>, _>>()?;
        Ok(RatFun { num, den })
    }

    fn inverse(&mut self, a: &RatFun) -> Result<RatFun, AlgebraError> {
        let inv_num = self.inverse_poly(&a.num)?;
        let den_poly = self.expand_den(&a.den)?;
        self.mul(&inv_num, &RatFun::poly(den_poly))
    }

    /// Whether `e` is identically zero (see the module docs for when "no" is proven).
    pub fn is_zero(&mut self, e: ExprId) -> Result<Truth, AlgebraError> {
        let r = self.rational_function(e)?;
        Ok(if r.is_zero() {
            Truth::True
        } else if self.all_certified() {
            Truth::False
        } else {
            Truth::Unknown
        })
    }
}

fn to_exponent(q: &Q) -> Option<Exponent> {
    let n = q.numer().to_i64()?;
    let d = q.denom().to_i64()?;
    Some(Ratio::new(n, d))
}

/// Whether `e` is identically zero as a function of its symbols.
///
/// `Truth::True` and `Truth::False` are proofs; `Truth::Unknown` occurs only for
/// expressions outside the certified class (logarithms, exponentials of non-polynomial
/// arguments) whose canonical numerator does not vanish. Errors report a division by an
/// expression that is identically zero, or sizes beyond the core's limits.
pub fn is_zero(pool: &Pool, e: ExprId) -> Result<Truth, AlgebraError> {
    Canonicalizer::new(pool).is_zero(e)
}
