//! Sparse multivariate Laurent polynomials over ℚ whose monomials may carry rational
//! exponents: the group ring ℚ[Γ] of a free abelian group Γ ⊂ ℚ^k of exponent vectors.
//! This ring is an integral domain, so a quotient N/D with D ≠ 0 is zero exactly when N is
//! the zero polynomial. It is the arithmetic behind the canonical form (`canonical.rs`):
//! atoms are symbols (integer exponents) and exponentials e^{m} (rational exponents, so
//! that e^{m/2}·e^{m/2} = e^{m} without choosing a common root).

use std::collections::hash_map::Entry;

use num_rational::Ratio;
use num_traits::{CheckedAdd, CheckedMul, One, Zero};
use rustc_hash::FxHashMap;

use crate::{AlgebraError, Q};

/// An exponent: a rational with machine-word numerator and denominator.
pub type Exponent = Ratio<i64>;

/// Π a_i^{k_i}: atoms (by index) with non-zero rational exponents, sorted by atom.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub struct Monomial(pub Vec<(u32, Exponent)>);

impl Monomial {
    /// The monomial 1.
    pub fn one() -> Self {
        Monomial(Vec::new())
    }

    /// The single atom `a` to the power `k`.
    pub fn atom(a: u32, k: Exponent) -> Self {
        if k.is_zero() {
            Monomial::one()
        } else {
            Monomial(vec![(a, k)])
        }
    }

    /// Whether this is the monomial 1.
    pub fn is_one(&self) -> bool {
        self.0.is_empty()
    }

    /// The product of two monomials.
    pub fn mul(&self, other: &Monomial) -> Result<Monomial, AlgebraError> {
        let (x, y) = (&self.0, &other.0);
        let mut out = Vec::with_capacity(x.len() + y.len());
        let (mut i, mut j) = (0, 0);
        while i < x.len() && j < y.len() {
            match x[i].0.cmp(&y[j].0) {
                std::cmp::Ordering::Less => {
                    out.push(x[i]);
                    i += 1;
                }
                std::cmp::Ordering::Greater => {
                    out.push(y[j]);
                    j += 1;
                }
                std::cmp::Ordering::Equal => {
                    let k = x[i].1.checked_add(&y[j].1).ok_or(AlgebraError::TooLarge)?;
                    if !k.is_zero() {
                        out.push((x[i].0, k));
                    }
                    i += 1;
                    j += 1;
                }
            }
        }
        out.extend_from_slice(&x[i..]);
        out.extend_from_slice(&y[j..]);
        Ok(Monomial(out))
    }

    /// The monomial raised to the rational power `k`.
    pub fn pow(&self, k: Exponent) -> Result<Monomial, AlgebraError> {
        if k.is_zero() {
            return Ok(Monomial::one());
        }
        let mut out = Vec::with_capacity(self.0.len());
        for (a, e) in &self.0 {
            out.push((*a, e.checked_mul(&k).ok_or(AlgebraError::TooLarge)?));
        }
        Ok(Monomial(out))
    }

    /// The exponent of atom `a` (zero if absent).
    pub fn exponent(&self, a: u32) -> Exponent {
        self.0.iter().find(|(b, _)| *b == a).map_or(Exponent::zero(), |(_, e)| *e)
    }

    /// The inverse monomial.
    pub fn inv(&self) -> Monomial {
        Monomial(self.0.iter().map(|(a, e)| (*a, -*e)).collect())
    }
}

/// `(c, m, P)` with `self = c·m·P` (see [`Laurent::split_unit`]); `P` as sorted terms.
pub type UnitSplit = (Q, Monomial, Vec<(Monomial, Q)>);

/// A Laurent polynomial Σ c_m·m with non-zero rational coefficients.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Laurent {
    terms: FxHashMap<Monomial, Q>,
}

impl Laurent {
    /// The zero polynomial.
    pub fn zero() -> Self {
        Laurent::default()
    }

    /// The constant `c`.
    pub fn constant(c: Q) -> Self {
        Laurent::term(c, Monomial::one())
    }

    /// The single term `c·m`.
    pub fn term(c: Q, m: Monomial) -> Self {
        let mut terms = FxHashMap::default();
        if !c.is_zero() {
            terms.insert(m, c);
        }
        Laurent { terms }
    }

    /// Whether this is the zero polynomial.
    pub fn is_zero(&self) -> bool {
        self.terms.is_empty()
    }

    /// Number of terms.
    pub fn len(&self) -> usize {
        self.terms.len()
    }

    /// Whether the polynomial has no terms (is zero).
    pub fn is_empty(&self) -> bool {
        self.terms.is_empty()
    }

    /// The terms in a deterministic order (sorted by monomial).
    pub fn sorted_terms(&self) -> Vec<(Monomial, Q)> {
        let mut v: Vec<(Monomial, Q)> =
            self.terms.iter().map(|(m, c)| (m.clone(), c.clone())).collect();
        v.sort_by(|a, b| a.0.cmp(&b.0));
        v
    }

    /// Iterates over the terms in no particular order.
    pub fn iter(&self) -> impl Iterator<Item = (&Monomial, &Q)> {
        self.terms.iter()
    }

    /// If the polynomial is a single term `c·m`, returns it.
    pub fn as_term(&self) -> Option<(&Monomial, &Q)> {
        if self.terms.len() == 1 {
            self.terms.iter().next()
        } else {
            None
        }
    }

    fn add_term(&mut self, m: Monomial, c: Q) {
        match self.terms.entry(m) {
            Entry::Occupied(mut o) => {
                *o.get_mut() += c;
                if o.get().is_zero() {
                    o.remove();
                }
            }
            Entry::Vacant(v) => {
                if !c.is_zero() {
                    v.insert(c);
                }
            }
        }
    }

    /// `self + k·other`.
    pub fn add_scaled(&mut self, k: &Q, other: &Laurent) {
        for (m, c) in &other.terms {
            self.add_term(m.clone(), k * c);
        }
    }

    /// `self + other`.
    pub fn add(&self, other: &Laurent) -> Laurent {
        let mut out = self.clone();
        out.add_scaled(&Q::one(), other);
        out
    }

    /// `c·self`.
    pub fn scale(&self, c: &Q) -> Laurent {
        if c.is_zero() {
            return Laurent::zero();
        }
        Laurent { terms: self.terms.iter().map(|(m, x)| (m.clone(), x * c)).collect() }
    }

    /// `c·m·self`.
    pub fn mul_term(&self, c: &Q, m: &Monomial) -> Result<Laurent, AlgebraError> {
        let mut out = Laurent::zero();
        for (m2, x) in &self.terms {
            out.add_term(m.mul(m2)?, x * c);
        }
        Ok(out)
    }

    /// `self·other`.
    pub fn mul(&self, other: &Laurent) -> Result<Laurent, AlgebraError> {
        let (small, large) =
            if self.terms.len() <= other.terms.len() { (self, other) } else { (other, self) };
        let mut out = Laurent::zero();
        for (m1, c1) in &small.terms {
            for (m2, c2) in &large.terms {
                out.add_term(m1.mul(m2)?, c1 * c2);
            }
        }
        Ok(out)
    }

    /// `self^n` for `n ≥ 0`.
    pub fn pow(&self, n: u32) -> Result<Laurent, AlgebraError> {
        let mut result = Laurent::constant(Q::one());
        let mut base = self.clone();
        let mut n = n;
        while n > 0 {
            if n & 1 == 1 {
                result = result.mul(&base)?;
            }
            n >>= 1;
            if n > 0 {
                base = base.mul(&base)?;
            }
        }
        Ok(result)
    }

    /// Splits a non-zero polynomial as `c·m·P` where `P` has every atom's least exponent
    /// zero and leading coefficient (largest monomial) one. Polynomials equal up to a unit
    /// of the ring (a non-zero constant times a monomial) give the same `P`.
    pub fn split_unit(&self) -> Result<Option<UnitSplit>, AlgebraError> {
        let terms = self.sorted_terms();
        if terms.is_empty() {
            return Ok(None);
        }
        let mut atoms: Vec<u32> =
            terms.iter().flat_map(|(m, _)| m.0.iter().map(|(a, _)| *a)).collect();
        atoms.sort_unstable();
        atoms.dedup();
        // least exponent of each atom over all terms, an absent atom counting as exponent 0
        let mut unit = Vec::new();
        for a in atoms {
            let least = terms.iter().map(|(m, _)| m.exponent(a)).min().unwrap_or_default();
            if !least.is_zero() {
                unit.push((a, least));
            }
        }
        let unit_m = Monomial(unit);
        let inv = unit_m.inv();
        let mut p: Vec<(Monomial, Q)> = Vec::with_capacity(terms.len());
        for (m, c) in terms {
            p.push((m.mul(&inv)?, c));
        }
        p.sort_by(|a, b| a.0.cmp(&b.0));
        let lead = match p.last() {
            Some((_, c)) => c.clone(),
            None => return Ok(None),
        };
        for (_, c) in &mut p {
            *c /= &lead;
        }
        Ok(Some((lead, unit_m, p)))
    }

    /// The polynomial with the given terms.
    pub fn from_terms(terms: &[(Monomial, Q)]) -> Laurent {
        let mut out = Laurent::zero();
        for (m, c) in terms {
            out.add_term(m.clone(), c.clone());
        }
        out
    }
}
