//! Univariate rational functions over ℚ in lowest terms: numerator and monic denominator
//! coprime. The coefficient field of the variational equations after algebraization.

use num_bigint::BigInt;
use num_integer::Integer;
use num_traits::{One, Zero};

use crate::upoly::UPoly;
use crate::{AlgebraError, Q};

/// n(x)/d(x) with gcd(n, d) = 1 and d monic (d = 1 for polynomials, n = 0 ⇒ d = 1).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct URat {
    num: UPoly,
    den: UPoly,
}

impl URat {
    /// n/d in lowest terms; an error if d = 0.
    pub fn new(n: UPoly, d: UPoly) -> Result<URat, AlgebraError> {
        if d.is_zero() {
            return Err(AlgebraError::DivisionByZero);
        }
        if n.is_zero() {
            return Ok(URat::zero());
        }
        let g = n.gcd(&d);
        let n = n.exact_div(&g)?;
        let d = d.exact_div(&g)?;
        let l = d.lead();
        let inv = Q::one() / l;
        Ok(URat { num: n.scale(&inv), den: d.scale(&inv) })
    }

    /// The polynomial p.
    pub fn poly(p: UPoly) -> URat {
        URat { num: p, den: UPoly::one() }
    }

    /// The constant c.
    pub fn constant(c: Q) -> URat {
        URat::poly(UPoly::constant(c))
    }

    /// 0.
    pub fn zero() -> URat {
        URat::poly(UPoly::zero())
    }

    /// The numerator.
    pub fn num(&self) -> &UPoly {
        &self.num
    }

    /// The (monic) denominator.
    pub fn den(&self) -> &UPoly {
        &self.den
    }

    /// Whether this is zero.
    pub fn is_zero(&self) -> bool {
        self.num.is_zero()
    }

    /// The value if constant.
    pub fn as_constant(&self) -> Option<Q> {
        if self.den.is_constant() && self.num.degree().unwrap_or(0) == 0 {
            Some(self.num.coeff(0))
        } else {
            None
        }
    }

    /// self + other.
    pub fn add(&self, other: &URat) -> URat {
        let n = self.num.mul(&other.den).add(&other.num.mul(&self.den));
        URat::new(n, self.den.mul(&other.den)).unwrap_or_else(|_| URat::zero())
    }

    /// self − other.
    pub fn sub(&self, other: &URat) -> URat {
        self.add(&other.neg())
    }

    /// −self.
    pub fn neg(&self) -> URat {
        URat { num: self.num.scale(&-Q::one()), den: self.den.clone() }
    }

    /// self·other.
    pub fn mul(&self, other: &URat) -> URat {
        URat::new(self.num.mul(&other.num), self.den.mul(&other.den))
            .unwrap_or_else(|_| URat::zero())
    }

    /// c·self.
    pub fn scale(&self, c: &Q) -> URat {
        if c.is_zero() {
            return URat::zero();
        }
        URat { num: self.num.scale(c), den: self.den.clone() }
    }

    /// self/other; an error if other = 0.
    pub fn div(&self, other: &URat) -> Result<URat, AlgebraError> {
        if other.is_zero() {
            return Err(AlgebraError::DivisionByZero);
        }
        URat::new(self.num.mul(&other.den), self.den.mul(&other.num))
    }

    /// d/dx.
    pub fn derivative(&self) -> URat {
        let n = self.num.derivative().mul(&self.den).sub(&self.num.mul(&self.den.derivative()));
        URat::new(n, self.den.mul(&self.den)).unwrap_or_else(|_| URat::zero())
    }

    /// The value at x; an error at a pole.
    pub fn eval(&self, x: &Q) -> Result<Q, AlgebraError> {
        let d = self.den.eval(x);
        if d.is_zero() {
            return Err(AlgebraError::DivisionByZero);
        }
        Ok(self.num.eval(x) / d)
    }

    /// The order at ∞: deg d − deg n (`None` for zero).
    pub fn order_at_infinity(&self) -> Option<i64> {
        let n = self.num.degree()? as i64;
        let d = self.den.degree().unwrap_or(0) as i64;
        Some(d - n)
    }

    /// LaTeX with variable `var` (already LaTeX): `\frac{n}{d}` with integer coefficients.
    pub fn to_latex(&self, var: &str) -> String {
        if self.den.is_constant() {
            return self.num.to_latex(var);
        }
        let (num, den) = self.integral_parts();
        format!("\\frac{{{}}}{{{}}}", num.to_latex(var), den.to_latex(var))
    }

    /// Numerator and denominator scaled to integer coefficients without common factor.
    fn integral_parts(&self) -> (UPoly, UPoly) {
        let all = self.num.coeffs().iter().chain(self.den.coeffs());
        let lcm = all.clone().fold(BigInt::one(), |acc, c| acc.lcm(c.denom()));
        let mut g = BigInt::zero();
        for c in all {
            g = g.gcd(&(c * Q::from_integer(lcm.clone())).to_integer());
        }
        let k = if g.is_zero() { Q::one() } else { Q::new(lcm, g) };
        (self.num.scale(&k), self.den.scale(&k))
    }

    /// Text in varan's syntax with variable `var`. A quotient is written with integer
    /// coefficients without common factor (`3/(6*s - 2)` rather than `1/2/(s - 1/3)`).
    pub fn to_text(&self, var: &str) -> String {
        if self.den.is_constant() {
            return self.num.to_text(var);
        }
        let (num, den) = self.integral_parts();
        let n = num.to_text(var);
        let d = den.to_text(var);
        let n = if num.c_len() > 1 { format!("({n})") } else { n };
        let d = if den.c_len() > 1 || d.contains(['*', '/', '^']) { format!("({d})") } else { d };
        format!("{n}/{d}")
    }
}

impl UPoly {
    /// Number of stored coefficients (degree + 1, or 0).
    pub(crate) fn c_len(&self) -> usize {
        self.coeffs().iter().filter(|c| !c.is_zero()).count()
    }
}
