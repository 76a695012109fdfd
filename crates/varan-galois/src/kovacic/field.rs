//! Exact arithmetic in multi-quadratic fields K = ℚ(√d₁, …, √d_k), d_j ∈ ℤ, the numbers
//! Kovacic's algorithm needs beyond ℚ \[Kov86, §3.1\]: leading coefficients √a of \[√r\]_c,
//! exponents α^± = ½ ± ½√(1 + 4b), poles at roots of quadratic polynomials.
//!
//! An element is a finite sum Σ q_m √m over square-free integers m (m = 1 the rational
//! part; m < 0 stands for i·√|m|, i = √−1). The square roots of distinct square-free
//! integers, negative ones included, are linearly independent over ℚ (Besicovitch 1940;
//! with i: ℚ(i) ∩ ℝ = ℚ), so this sparse form is canonical: equality and the zero test are
//! exact comparisons of the coefficient maps. Products use
//! $$ \sqrt m\,\sqrt n = s\,g\,\sqrt{mn/g^2},\quad g = \gcd(|m|, |n|),\quad s = -1
//! \text{ iff } m, n < 0, $$
//! which keeps the keys square-free (√−1·√−1 = −1, √−2·√−3 = −√6).
//!
//! Inverses multiply by conjugates: for each element b of a coprime base of the keys (and
//! for −1 when a key is negative), σ_b: √m ↦ −√m when b | m (m < 0) is an automorphism;
//! x·σ_b(x) has no key divisible by b, so after all generators x·C ∈ ℚ and x⁻¹ = C/(xC).
//! Square roots: of a rational by the square-free part of its numerator and denominator
//! (trial division and Pollard's rho with a deterministic Miller–Rabin test on 64-bit
//! integers; larger numbers are refused), and of an irrational element by denesting one
//! generator at a time (√(a + b√g) = √X + b√g/(2√X), X = (a + √(a² − g b²))/2), checked by
//! squaring. Limits: no general number fields (a root of an irreducible cubic is not here).

use std::collections::btree_map::Entry;
use std::collections::BTreeMap;

use num_bigint::BigInt;
use num_integer::{Integer, Roots};
use num_traits::{One, Signed, ToPrimitive, Zero};
use varan_algebra::Q;

/// An element Σ q_m √m of a multi-quadratic field (see the module docs).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
pub struct QuadNum {
    /// Square-free key m (1 for the rational part) ↦ non-zero coefficient.
    terms: BTreeMap<BigInt, Q>,
}

fn qi(n: i64) -> Q {
    Q::from_integer(BigInt::from(n))
}

/// √m·√n = coef·√key for square-free m, n.
fn key_product(m: &BigInt, n: &BigInt) -> (BigInt, BigInt) {
    if m.is_one() {
        return (n.clone(), BigInt::one());
    }
    if n.is_one() {
        return (m.clone(), BigInt::one());
    }
    let g = m.abs().gcd(&n.abs());
    let key = (m / &g) * (n / &g);
    let coef = if m.is_negative() && n.is_negative() { -g } else { g };
    (key, coef)
}

impl QuadNum {
    /// 0.
    pub fn zero() -> Self {
        QuadNum { terms: BTreeMap::new() }
    }

    /// 1.
    pub fn one() -> Self {
        QuadNum::from_rational(Q::one())
    }

    /// The rational q.
    pub fn from_rational(q: Q) -> Self {
        let mut terms = BTreeMap::new();
        if !q.is_zero() {
            terms.insert(BigInt::one(), q);
        }
        QuadNum { terms }
    }

    /// The integer n.
    pub fn from_int(n: i64) -> Self {
        QuadNum::from_rational(qi(n))
    }

    /// q·√m for a square-free integer m (not checked: the caller guarantees it).
    fn term_unchecked(q: Q, m: BigInt) -> Self {
        let mut terms = BTreeMap::new();
        if !q.is_zero() {
            terms.insert(m, q);
        }
        QuadNum { terms }
    }

    /// √q for a rational q (i·√|q| for q < 0), or `None` when the square-free part of q
    /// cannot be computed (a numerator or denominator beyond 64 bits after removing small
    /// primes).
    pub fn sqrt_rational(q: &Q) -> Option<Self> {
        if q.is_zero() {
            return Some(QuadNum::zero());
        }
        // √(n/d) = √(n·d)/d; n·d = s²·m from the decompositions of n and d
        let (sn, mn) = squarefree_split(&q.numer().abs())?;
        let (sd, md) = squarefree_split(q.denom())?;
        let g = mn.gcd(&md);
        let m = (&mn / &g) * (&md / &g);
        // √mn·√md = g·√m
        let coef = Q::new(sn * sd.clone() * g, q.denom().clone());
        let m = if q.is_negative() { -m } else { m };
        // q = (coef)²·m/… check: (sn sd g/d)²·m = sn² sd² g²·mn md/g² /d² = n·d/d²
        Some(QuadNum::term_unchecked(coef, m))
    }

    /// i = √−1.
    pub fn i() -> Self {
        QuadNum::term_unchecked(Q::one(), BigInt::from(-1))
    }

    /// Whether this is 0.
    pub fn is_zero(&self) -> bool {
        self.terms.is_empty()
    }

    /// Whether this is 1.
    pub fn is_one(&self) -> bool {
        self.as_rational().is_some_and(|q| q.is_one())
    }

    /// The rational value, if this is rational.
    pub fn as_rational(&self) -> Option<Q> {
        match self.terms.len() {
            0 => Some(Q::zero()),
            1 => self.terms.get(&BigInt::one()).cloned(),
            _ => None,
        }
    }

    /// The coefficient of √1.
    pub fn rational_part(&self) -> Q {
        self.terms.get(&BigInt::one()).cloned().unwrap_or_else(Q::zero)
    }

    /// The value as a non-negative integer, if it is one (exact: every irrational
    /// component must vanish).
    pub fn as_nonnegative_integer(&self) -> Option<BigInt> {
        let q = self.as_rational()?;
        (q.is_integer() && !q.is_negative()).then(|| q.to_integer())
    }

    /// The square-free integers m with a non-zero coefficient of √m.
    pub fn keys(&self) -> impl Iterator<Item = &BigInt> {
        self.terms.keys()
    }

    /// The coefficient of √m.
    pub fn coeff(&self, m: &BigInt) -> Q {
        self.terms.get(m).cloned().unwrap_or_else(Q::zero)
    }

    fn add_term(&mut self, m: BigInt, q: Q) {
        if q.is_zero() {
            return;
        }
        match self.terms.entry(m) {
            Entry::Occupied(mut e) => {
                *e.get_mut() += q;
                if e.get().is_zero() {
                    e.remove();
                }
            }
            Entry::Vacant(e) => {
                e.insert(q);
            }
        }
    }

    /// self + o.
    pub fn add(&self, o: &QuadNum) -> QuadNum {
        let mut out = self.clone();
        for (m, q) in &o.terms {
            out.add_term(m.clone(), q.clone());
        }
        out
    }

    /// self − o.
    pub fn sub(&self, o: &QuadNum) -> QuadNum {
        let mut out = self.clone();
        for (m, q) in &o.terms {
            out.add_term(m.clone(), -q.clone());
        }
        out
    }

    /// −self.
    pub fn neg(&self) -> QuadNum {
        QuadNum { terms: self.terms.iter().map(|(m, q)| (m.clone(), -q.clone())).collect() }
    }

    /// q·self for a rational q.
    pub fn scale(&self, q: &Q) -> QuadNum {
        if q.is_zero() {
            return QuadNum::zero();
        }
        QuadNum { terms: self.terms.iter().map(|(m, c)| (m.clone(), c * q)).collect() }
    }

    /// self·o.
    pub fn mul(&self, o: &QuadNum) -> QuadNum {
        if let Some(q) = o.as_rational() {
            return self.scale(&q);
        }
        if let Some(q) = self.as_rational() {
            return o.scale(&q);
        }
        let mut out = QuadNum::zero();
        for (m, a) in &self.terms {
            for (n, b) in &o.terms {
                let (key, c) = key_product(m, n);
                out.add_term(key, a * b * Q::from_integer(c));
            }
        }
        out
    }

    /// σ_g(self): √m ↦ −√m for the keys m divisible by g (g > 1), or for the negative keys
    /// (g = −1).
    fn conjugate(&self, g: &BigInt) -> QuadNum {
        let flips = |m: &BigInt| {
            if g == &BigInt::from(-1) {
                m.is_negative()
            } else {
                m.is_multiple_of(g)
            }
        };
        QuadNum {
            terms: self
                .terms
                .iter()
                .map(|(m, q)| (m.clone(), if flips(m) { -q.clone() } else { q.clone() }))
                .collect(),
        }
    }

    /// Generators of automorphisms that separate the keys (see [`generators_of`]).
    fn generators(&self) -> Vec<BigInt> {
        generators_of(self.terms.keys())
    }

    /// 1/self, `None` for 0.
    pub fn inv(&self) -> Option<QuadNum> {
        if self.is_zero() {
            return None;
        }
        if let Some(q) = self.as_rational() {
            return Some(QuadNum::from_rational(Q::one() / q));
        }
        let mut y = self.clone();
        let mut c = QuadNum::one();
        for g in self.generators() {
            let z = y.conjugate(&g);
            c = c.mul(&z);
            y = y.mul(&z);
        }
        // y is fixed by every σ_g, hence rational and non-zero
        let n = y.as_rational()?;
        if n.is_zero() {
            return None;
        }
        Some(c.scale(&(Q::one() / n)))
    }

    /// self / o, `None` when o = 0.
    pub fn div(&self, o: &QuadNum) -> Option<QuadNum> {
        Some(self.mul(&o.inv()?))
    }

    /// A square root in a multi-quadratic field, if there is one and it is found (see the
    /// module docs); the result is checked by squaring.
    pub fn sqrt(&self) -> Option<QuadNum> {
        let w = self.sqrt_inner()?;
        (w.mul(&w) == *self).then_some(w)
    }

    fn sqrt_inner(&self) -> Option<QuadNum> {
        if let Some(q) = self.as_rational() {
            return QuadNum::sqrt_rational(&q);
        }
        let gens = self.generators();
        let g = gens.last()?.clone();
        let minus_one = BigInt::from(-1);
        let has = |m: &BigInt| if g == minus_one { m.is_negative() } else { m.is_multiple_of(&g) };
        // self = a + b·√g with a, b free of g
        let mut a = QuadNum::zero();
        let mut b = QuadNum::zero();
        for (m, q) in &self.terms {
            if has(m) {
                let rest = if g == minus_one { -m.clone() } else { m / &g };
                b.add_term(rest, q.clone());
            } else {
                a.add_term(m.clone(), q.clone());
            }
        }
        let g_q = QuadNum::from_rational(Q::from_integer(g.clone()));
        // n² = a² − g·b² must have a root free of g (the norm argument in the module docs)
        let norm = a.mul(&a).sub(&g_q.mul(&b).mul(&b));
        let n = norm.sqrt()?;
        let others: BigInt = gens.iter().filter(|x| **x != g && **x != minus_one).product();
        let signs_allowed = g != minus_one && gens.contains(&minus_one);
        let free_of_g = n
            .terms
            .keys()
            .all(|m| (signs_allowed || !m.is_negative()) && others.is_multiple_of(&m.abs()));
        if !free_of_g {
            return None;
        }
        let half = Q::new(BigInt::one(), BigInt::from(2));
        let mut x = a.add(&n).scale(&half);
        if x.is_zero() {
            x = a.sub(&n).scale(&half);
        }
        let sx = x.sqrt()?;
        let root_g = if g == minus_one {
            QuadNum::i()
        } else {
            QuadNum::term_unchecked(Q::one(), g.clone())
        };
        // w = √X + b√g/(2√X)
        let tail = b.mul(&root_g).scale(&half).div(&sx)?;
        Some(sx.add(&tail))
    }

    /// Text in varan's syntax: `1/2 + 3/2*sqrt(2) - i*sqrt(3)`, rational part first.
    pub fn to_text(&self) -> String {
        self.render(
            |m| {
                if m.is_one() {
                    String::new()
                } else if m == &BigInt::from(-1) {
                    "i".into()
                } else if m.is_negative() {
                    format!("i*sqrt({})", m.abs())
                } else {
                    format!("sqrt({m})")
                }
            },
            varan_algebra::rational_text,
            "*",
        )
    }

    /// LaTeX: `\frac{1}{2} + \frac{3}{2}\sqrt{2} - i\sqrt{3}`.
    pub fn to_latex(&self) -> String {
        self.render(
            |m| {
                if m.is_one() {
                    String::new()
                } else if m == &BigInt::from(-1) {
                    "i".into()
                } else if m.is_negative() {
                    format!("i\\sqrt{{{}}}", m.abs())
                } else {
                    format!("\\sqrt{{{m}}}")
                }
            },
            |q| {
                if q.is_integer() {
                    q.numer().to_string()
                } else {
                    format!("\\frac{{{}}}{{{}}}", q.numer(), q.denom())
                }
            },
            "",
        )
    }

    fn render(
        &self,
        root: impl Fn(&BigInt) -> String,
        num: impl Fn(&Q) -> String,
        times: &str,
    ) -> String {
        if self.is_zero() {
            return "0".into();
        }
        // rational part, then positive keys, then negative keys (by |m|)
        let mut keys: Vec<&BigInt> = self.terms.keys().collect();
        keys.sort_by_key(|m| (!m.is_one(), m.is_negative(), m.abs()));
        let mut out = String::new();
        for (k, m) in keys.into_iter().enumerate() {
            let q = &self.terms[m];
            let neg = q.is_negative();
            let abs = q.abs();
            let r = root(m);
            let body = if r.is_empty() {
                num(&abs)
            } else if abs.is_one() {
                r
            } else {
                format!("{}{times}{r}", num(&abs))
            };
            match (k, neg) {
                (0, false) => out.push_str(&body),
                (0, true) => out.push_str(&format!("-{body}")),
                (_, false) => out.push_str(&format!(" + {body}")),
                (_, true) => out.push_str(&format!(" - {body}")),
            }
        }
        out
    }

    /// Whether the text form is a single term (no parentheses needed as a factor).
    pub(crate) fn is_single_term(&self) -> bool {
        self.terms.len() <= 1
    }

    /// Whether the single term is negative (for printing signs).
    pub(crate) fn is_negative_term(&self) -> bool {
        self.terms.len() == 1 && self.terms.values().all(|q| q.is_negative())
    }
}

impl std::fmt::Display for QuadNum {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.to_text())
    }
}

impl From<Q> for QuadNum {
    fn from(q: Q) -> Self {
        QuadNum::from_rational(q)
    }
}

/// Generators of automorphisms that separate square-free keys: a coprime base of the |keys|
/// (pairwise coprime integers > 1 of which every |key| is a product) and −1 when a key is
/// negative.
pub(crate) fn generators_of<'a>(keys: impl Iterator<Item = &'a BigInt>) -> Vec<BigInt> {
    let keys: Vec<&BigInt> = keys.collect();
    let mut base: Vec<BigInt> = keys.iter().map(|m| m.abs()).filter(|m| !m.is_one()).collect();
    base.sort();
    base.dedup();
    // refine until pairwise coprime
    'outer: loop {
        for i in 0..base.len() {
            for j in i + 1..base.len() {
                let g = base[i].gcd(&base[j]);
                if !g.is_one() {
                    let (a, b) = (&base[i] / &g, &base[j] / &g);
                    let mut next: Vec<BigInt> = base
                        .iter()
                        .enumerate()
                        .filter(|(k, _)| *k != i && *k != j)
                        .map(|(_, x)| x.clone())
                        .collect();
                    next.extend([g, a, b].into_iter().filter(|x| !x.is_one()));
                    next.sort();
                    next.dedup();
                    base = next;
                    continue 'outer;
                }
            }
        }
        break;
    }
    if keys.iter().any(|m| m.is_negative()) {
        base.push(BigInt::from(-1));
    }
    base
}

/// n = s²·m with m square-free (n > 0), or `None` when a factor beyond 64 bits remains.
fn squarefree_split(n: &BigInt) -> Option<(BigInt, BigInt)> {
    let mut s = BigInt::one();
    let mut m = BigInt::one();
    let mut rest = n.clone();
    // trial division by small numbers
    let mut p = 2u64;
    while p < 1000 {
        let bp = BigInt::from(p);
        let mut e = 0u32;
        while rest.is_multiple_of(&bp) {
            rest /= &bp;
            e += 1;
        }
        s *= bp.pow(e / 2);
        if e % 2 == 1 {
            m *= &bp;
        }
        p += if p == 2 { 1 } else { 2 };
    }
    if rest.is_one() {
        return Some((s, m));
    }
    let r = rest.to_u64()?;
    let mut primes = Vec::new();
    factor_u64(r, &mut primes)?;
    primes.sort_unstable();
    let mut i = 0;
    while i < primes.len() {
        let mut j = i;
        while j < primes.len() && primes[j] == primes[i] {
            j += 1;
        }
        let e = (j - i) as u32;
        let bp = BigInt::from(primes[i]);
        s *= bp.pow(e / 2);
        if e % 2 == 1 {
            m *= bp;
        }
        i = j;
    }
    Some((s, m))
}

fn mul_mod(a: u64, b: u64, m: u64) -> u64 {
    ((a as u128 * b as u128) % m as u128) as u64
}

fn pow_mod(mut a: u64, mut e: u64, m: u64) -> u64 {
    let mut r = 1u64 % m;
    a %= m;
    while e > 0 {
        if e & 1 == 1 {
            r = mul_mod(r, a, m);
        }
        a = mul_mod(a, a, m);
        e >>= 1;
    }
    r
}

/// Miller–Rabin with the first twelve primes as bases: deterministic for n < 3.3·10²⁴,
/// so for every u64 (Sorenson & Webster 2017).
fn is_prime_u64(n: u64) -> bool {
    if n < 2 {
        return false;
    }
    const BASES: [u64; 12] = [2, 3, 5, 7, 11, 13, 17, 19, 23, 29, 31, 37];
    for p in BASES {
        if n % p == 0 {
            return n == p;
        }
    }
    let mut d = n - 1;
    let mut s = 0;
    while d % 2 == 0 {
        d /= 2;
        s += 1;
    }
    'bases: for a in BASES {
        let mut x = pow_mod(a, d, n);
        if x == 1 || x == n - 1 {
            continue;
        }
        for _ in 1..s {
            x = mul_mod(x, x, n);
            if x == n - 1 {
                continue 'bases;
            }
        }
        return false;
    }
    true
}

/// A non-trivial factor of the odd composite n by Pollard's rho (Brent's variant is not
/// needed at these sizes); `None` if no seed up to a bound finds one.
fn rho(n: u64) -> Option<u64> {
    if let Some(r) = Some(n.sqrt()).filter(|r| r * r == n) {
        return Some(r);
    }
    for c in 1..64u64 {
        let f = |x: u64| (mul_mod(x, x, n) + c) % n;
        let (mut x, mut y, mut d) = (2u64, 2u64, 1u64);
        let mut steps = 0u64;
        while d == 1 && steps < 1 << 22 {
            x = f(x);
            y = f(f(y));
            d = x.abs_diff(y).gcd(&n);
            steps += 1;
        }
        if d != 1 && d != n {
            return Some(d);
        }
    }
    None
}

/// The prime factors of n (with multiplicity) appended to `out`.
fn factor_u64(n: u64, out: &mut Vec<u64>) -> Option<()> {
    if n == 1 {
        return Some(());
    }
    if is_prime_u64(n) {
        out.push(n);
        return Some(());
    }
    let d = rho(n)?;
    factor_u64(d, out)?;
    factor_u64(n / d, out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn q(p: i64, d: i64) -> Q {
        Q::new(p.into(), d.into())
    }

    fn sq(p: i64, d: i64) -> QuadNum {
        QuadNum::sqrt_rational(&q(p, d)).expect("small")
    }

    #[test]
    fn products_of_roots() {
        let i = QuadNum::i();
        assert_eq!(i.mul(&i), QuadNum::from_int(-1));
        assert_eq!(sq(-2, 1).mul(&sq(-3, 1)), sq(6, 1).neg());
        assert_eq!(sq(2, 1).mul(&sq(6, 1)), QuadNum::from_int(2).mul(&sq(3, 1)));
        assert_eq!(sq(8, 9).mul(&sq(8, 9)), QuadNum::from_rational(q(8, 9)));
        assert_eq!(sq(-12, 1), QuadNum::from_int(2).mul(&sq(-3, 1)));
        assert_eq!(sq(3, 4).to_text(), "1/2*sqrt(3)");
    }

    #[test]
    fn inverses() {
        let x = QuadNum::from_int(1).add(&sq(2, 1)).add(&sq(-3, 1)).add(&sq(6, 1).scale(&q(1, 2)));
        let y = x.inv().expect("non-zero");
        assert!(x.mul(&y).is_one());
        let z = sq(35, 1).add(&sq(10, 1)).add(&QuadNum::from_int(3));
        assert!(z.mul(&z.inv().expect("non-zero")).is_one());
    }

    #[test]
    fn denesting() {
        // 3 + 2√2 = (1 + √2)², 2 + √3 = ((√6 + √2)/2)², 2i = (1 + i)², −2 + 2√−3 = (1 + √−3)²
        for z in [
            QuadNum::from_int(3).add(&sq(8, 1)),
            QuadNum::from_int(2).add(&sq(3, 1)),
            QuadNum::i().scale(&q(2, 1)),
            QuadNum::from_int(-2).add(&sq(-12, 1)),
        ] {
            let w = z.sqrt().expect("denests");
            assert_eq!(w.mul(&w), z);
        }
        // 2^{1/4} and √(1 + √2) generate non-Galois fields
        assert!(sq(2, 1).sqrt().is_none());
        assert!(QuadNum::one().add(&sq(2, 1)).sqrt().is_none());
    }

    #[test]
    fn factoring() {
        let (s, m) = squarefree_split(&BigInt::from(72)).expect("small");
        assert_eq!((s, m), (BigInt::from(6), BigInt::from(2)));
        let p = 1_000_000_007u64;
        let (s, m) = squarefree_split(&(BigInt::from(p) * BigInt::from(p) * 3)).expect("u64");
        assert_eq!((s, m), (BigInt::from(p), BigInt::from(3)));
        let (s, m) =
            squarefree_split(&(BigInt::from(p) * BigInt::from(1_000_000_009u64))).expect("u64");
        assert_eq!((s, m), (BigInt::one(), BigInt::from(p) * BigInt::from(1_000_000_009u64)));
    }
}
