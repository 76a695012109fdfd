//! Dense univariate polynomials over ℚ: ring operations, division with remainder, monic
//! gcd (Euclid), derivative, square-free decomposition (Yun, *On square-free decomposition
//! algorithms*, SYMSAC 1976) and rational roots (rational root theorem on the primitive
//! integer polynomial). The variable is nameless; callers say what it stands for.

use num_bigint::BigInt;
use num_integer::Integer;
use num_traits::{One, Signed, ToPrimitive, Zero};

use crate::{AlgebraError, Q};

/// Σ c_i x^i with c_i ∈ ℚ, stored low degree first, without trailing zeros.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
pub struct UPoly {
    c: Vec<Q>,
}

/// Largest |coefficient| (of the primitive integer polynomial's end coefficients) whose
/// divisors the rational-root search enumerates.
const ROOT_SEARCH_LIMIT: u64 = 1_000_000_000_000;

impl UPoly {
    /// The zero polynomial.
    pub fn zero() -> Self {
        UPoly { c: Vec::new() }
    }

    /// The constant `a`.
    pub fn constant(a: Q) -> Self {
        UPoly::from_coeffs(vec![a])
    }

    /// The constant 1.
    pub fn one() -> Self {
        UPoly::constant(Q::one())
    }

    /// The variable x.
    pub fn x() -> Self {
        UPoly::from_coeffs(vec![Q::zero(), Q::one()])
    }

    /// x − a.
    pub fn linear_root(a: Q) -> Self {
        UPoly::from_coeffs(vec![-a, Q::one()])
    }

    /// The polynomial with coefficients `c` (low degree first).
    pub fn from_coeffs(mut c: Vec<Q>) -> Self {
        while c.last().is_some_and(|x| x.is_zero()) {
            c.pop();
        }
        UPoly { c }
    }

    /// Coefficients, low degree first.
    pub fn coeffs(&self) -> &[Q] {
        &self.c
    }

    /// The coefficient of x^i.
    pub fn coeff(&self, i: usize) -> Q {
        self.c.get(i).cloned().unwrap_or_else(Q::zero)
    }

    /// Whether this is zero.
    pub fn is_zero(&self) -> bool {
        self.c.is_empty()
    }

    /// The degree; `None` for the zero polynomial.
    pub fn degree(&self) -> Option<usize> {
        self.c.len().checked_sub(1)
    }

    /// The leading coefficient (0 for the zero polynomial).
    pub fn lead(&self) -> Q {
        self.c.last().cloned().unwrap_or_else(Q::zero)
    }

    /// Whether this is a non-zero constant.
    pub fn is_constant(&self) -> bool {
        self.c.len() == 1
    }

    /// self + other.
    pub fn add(&self, other: &UPoly) -> UPoly {
        let n = self.c.len().max(other.c.len());
        UPoly::from_coeffs((0..n).map(|i| self.coeff(i) + other.coeff(i)).collect())
    }

    /// self − other.
    pub fn sub(&self, other: &UPoly) -> UPoly {
        let n = self.c.len().max(other.c.len());
        UPoly::from_coeffs((0..n).map(|i| self.coeff(i) - other.coeff(i)).collect())
    }

    /// a·self.
    pub fn scale(&self, a: &Q) -> UPoly {
        UPoly::from_coeffs(self.c.iter().map(|x| x * a).collect())
    }

    /// self·other.
    pub fn mul(&self, other: &UPoly) -> UPoly {
        if self.is_zero() || other.is_zero() {
            return UPoly::zero();
        }
        let mut out = vec![Q::zero(); self.c.len() + other.c.len() - 1];
        for (i, a) in self.c.iter().enumerate() {
            if a.is_zero() {
                continue;
            }
            for (j, b) in other.c.iter().enumerate() {
                out[i + j] += a * b;
            }
        }
        UPoly::from_coeffs(out)
    }

    /// self^n.
    pub fn pow(&self, n: u32) -> UPoly {
        let mut r = UPoly::one();
        for _ in 0..n {
            r = r.mul(self);
        }
        r
    }

    /// Quotient and remainder of the division by `d ≠ 0`.
    pub fn div_rem(&self, d: &UPoly) -> Result<(UPoly, UPoly), AlgebraError> {
        let dd = d.degree().ok_or(AlgebraError::DivisionByZero)?;
        let lead = d.lead();
        let mut r = self.c.clone();
        let n = self.c.len();
        if n <= dd {
            return Ok((UPoly::zero(), self.clone()));
        }
        let mut q = vec![Q::zero(); n - dd];
        for k in (0..n - dd).rev() {
            let t = &r[k + dd] / &lead;
            if !t.is_zero() {
                for (j, dj) in d.c.iter().enumerate() {
                    r[k + j] -= &t * dj;
                }
            }
            q[k] = t;
        }
        r.truncate(dd);
        Ok((UPoly::from_coeffs(q), UPoly::from_coeffs(r)))
    }

    /// The monic associate (zero stays zero).
    pub fn monic(&self) -> UPoly {
        if self.is_zero() {
            return UPoly::zero();
        }
        let l = self.lead();
        self.scale(&(Q::one() / l))
    }

    /// The monic greatest common divisor (gcd(0, 0) = 0).
    pub fn gcd(&self, other: &UPoly) -> UPoly {
        let (mut a, mut b) = (self.clone(), other.clone());
        while !b.is_zero() {
            let r = match a.div_rem(&b) {
                Ok((_, r)) => r,
                Err(_) => break,
            };
            a = b;
            b = r.monic();
        }
        a.monic()
    }

    /// d/dx.
    pub fn derivative(&self) -> UPoly {
        UPoly::from_coeffs(
            self.c.iter().enumerate().skip(1).map(|(i, a)| a * Q::from_integer(i.into())).collect(),
        )
    }

    /// The value at `x`.
    pub fn eval(&self, x: &Q) -> Q {
        let mut acc = Q::zero();
        for a in self.c.iter().rev() {
            acc = acc * x + a;
        }
        acc
    }

    /// Exact division by a divisor known to divide (an error otherwise).
    pub fn exact_div(&self, d: &UPoly) -> Result<UPoly, AlgebraError> {
        let (q, r) = self.div_rem(d)?;
        if r.is_zero() {
            Ok(q)
        } else {
            Err(AlgebraError::NotExact)
        }
    }

    /// Square-free decomposition (Yun): monic P_1, P_2, … with self = c·Π P_i^i, each P_i
    /// square-free and pairwise coprime. Entry i − 1 is P_i (constant 1 when absent).
    pub fn squarefree(&self) -> Vec<UPoly> {
        if self.degree().unwrap_or(0) == 0 {
            return Vec::new();
        }
        let f = self.monic();
        let df = f.derivative();
        let a = f.gcd(&df);
        let (mut b, mut c) = match (f.exact_div(&a), df.exact_div(&a)) {
            (Ok(b), Ok(c)) => (b, c),
            _ => return vec![f],
        };
        let mut out = Vec::new();
        loop {
            let d = c.sub(&b.derivative());
            if b.is_constant() {
                break;
            }
            let p = b.gcd(&d);
            out.push(p.clone());
            b = match b.exact_div(&p) {
                Ok(x) => x,
                Err(_) => break,
            };
            c = match d.exact_div(&p) {
                Ok(x) => x,
                Err(_) => break,
            };
        }
        while out.last().is_some_and(|p| p.is_constant()) {
            out.pop();
        }
        out
    }

    /// The rational roots, each once, in increasing order; `None` when the search was not
    /// attempted because the coefficients are too large (then roots may be missed).
    pub fn rational_roots(&self) -> Option<Vec<Q>> {
        if self.degree().unwrap_or(0) == 0 {
            return Some(Vec::new());
        }
        // primitive integer polynomial with the same roots
        let den_lcm = self.c.iter().fold(BigInt::one(), |acc, q| acc.lcm(q.denom()));
        let ints: Vec<BigInt> =
            self.c.iter().map(|q| (q * Q::from_integer(den_lcm.clone())).to_integer()).collect();
        let mut roots = Vec::new();
        // strip the factor x^k (root 0)
        let k = ints.iter().position(|a| !a.is_zero()).unwrap_or(0);
        if k > 0 {
            roots.push(Q::zero());
        }
        let ints = &ints[k..];
        if ints.len() <= 1 {
            return Some(roots);
        }
        let a0 = ints[0].abs().to_u64()?;
        let an = ints[ints.len() - 1].abs().to_u64()?;
        if a0 > ROOT_SEARCH_LIMIT || an > ROOT_SEARCH_LIMIT {
            return None;
        }
        let p = UPoly::from_coeffs(ints.iter().map(|a| Q::from_integer(a.clone())).collect());
        for num in divisors(a0) {
            for den in divisors(an) {
                for sign in [1i64, -1] {
                    let r = Q::new(BigInt::from(num) * sign, BigInt::from(den));
                    if !roots.contains(&r) && p.eval(&r).is_zero() {
                        roots.push(r);
                    }
                }
            }
        }
        roots.sort();
        Some(roots)
    }
}

fn divisors(n: u64) -> Vec<u64> {
    let mut small = Vec::new();
    let mut large = Vec::new();
    let mut d = 1u64;
    while d.saturating_mul(d) <= n {
        if n % d == 0 {
            small.push(d);
            if d != n / d {
                large.push(n / d);
            }
        }
        d += 1;
    }
    small.extend(large.into_iter().rev());
    small
}

impl std::fmt::Display for UPoly {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.to_text("x"))
    }
}

impl UPoly {
    /// LaTeX with variable `var` (already LaTeX), highest degree first.
    pub fn to_latex(&self, var: &str) -> String {
        self.render(|i, abs| {
            let mono = match i {
                0 => String::new(),
                1 => var.to_string(),
                _ => format!("{var}^{{{i}}}"),
            };
            let coef = if abs.is_integer() {
                abs.numer().to_string()
            } else {
                format!("\\frac{{{}}}{{{}}}", abs.numer(), abs.denom())
            };
            match (mono.is_empty(), abs.is_one()) {
                (true, _) => coef,
                (false, true) => mono,
                (false, false) => format!("{coef}\\,{mono}"),
            }
        })
    }

    /// Text in varan's syntax with variable name `var`, highest degree first.
    pub fn to_text(&self, var: &str) -> String {
        self.render(|i, abs| {
            let mono = match i {
                0 => String::new(),
                1 => var.to_string(),
                _ => format!("{var}^{i}"),
            };
            match (mono.is_empty(), abs.is_one()) {
                (true, _) => crate::rational_text(abs),
                (false, true) => mono,
                (false, false) if abs.is_integer() => format!("{}*{mono}", abs.numer()),
                (false, false) if abs.numer().is_one() => format!("{mono}/{}", abs.denom()),
                (false, false) => format!("{}*{mono}/{}", abs.numer(), abs.denom()),
            }
        })
    }

    /// Joins the non-zero terms, highest degree first, with signs; `term(i, |c_i|)` writes
    /// the absolute value of the term of degree i.
    fn render(&self, term: impl Fn(usize, &Q) -> String) -> String {
        if self.is_zero() {
            return "0".into();
        }
        let mut out = String::new();
        for (i, a) in self.c.iter().enumerate().rev() {
            if a.is_zero() {
                continue;
            }
            let neg = a.is_negative();
            if out.is_empty() {
                if neg {
                    out.push('-');
                }
            } else {
                out.push_str(if neg { " - " } else { " + " });
            }
            out.push_str(&term(i, &a.abs()));
        }
        out
    }
}
