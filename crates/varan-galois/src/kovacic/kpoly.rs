//! Polynomials and rational functions in x over a multi-quadratic field K (`field.rs`):
//! the ω, θ and P of Kovacic's searches \[Kov86, §3–4\] when their coefficients leave ℚ.
//! Dense polynomials with Euclid's gcd over the field K; rational functions kept in lowest
//! terms with a monic denominator, so that a function lies in ℚ(x) exactly when all its
//! coefficients are rational, and the zero test is "numerator = 0". Also the null space of
//! a matrix over K (Gauss–Jordan), used for the polynomial solutions of the searches.

use num_bigint::BigInt;
use num_integer::Integer;
use num_traits::{One, Signed};
use varan_algebra::{UPoly, URat, Q};

use super::field::{generators_of, QuadNum};

/// Σ c_i x^i with c_i ∈ K, low degree first, without trailing zeros.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
pub struct QuadPoly {
    c: Vec<QuadNum>,
}

impl QuadPoly {
    /// The polynomial with coefficients `c` (low degree first).
    pub fn from_coeffs(mut c: Vec<QuadNum>) -> Self {
        while c.last().is_some_and(|x| x.is_zero()) {
            c.pop();
        }
        QuadPoly { c }
    }

    /// 0.
    pub fn zero() -> Self {
        QuadPoly { c: Vec::new() }
    }

    /// The constant a.
    pub fn constant(a: QuadNum) -> Self {
        QuadPoly::from_coeffs(vec![a])
    }

    /// 1.
    pub fn one() -> Self {
        QuadPoly::constant(QuadNum::one())
    }

    /// x − a.
    pub fn linear_root(a: &QuadNum) -> Self {
        QuadPoly::from_coeffs(vec![a.neg(), QuadNum::one()])
    }

    /// x^n.
    pub fn monomial(n: usize) -> Self {
        let mut c = vec![QuadNum::zero(); n + 1];
        c[n] = QuadNum::one();
        QuadPoly { c }
    }

    /// A polynomial over ℚ as one over K.
    pub fn from_upoly(p: &UPoly) -> Self {
        QuadPoly::from_coeffs(
            p.coeffs().iter().map(|q| QuadNum::from_rational(q.clone())).collect(),
        )
    }

    /// The polynomial over ℚ, if every coefficient is rational.
    pub fn as_upoly(&self) -> Option<UPoly> {
        let c: Option<Vec<Q>> = self.c.iter().map(|x| x.as_rational()).collect();
        Some(UPoly::from_coeffs(c?))
    }

    /// Coefficients, low degree first.
    pub fn coeffs(&self) -> &[QuadNum] {
        &self.c
    }

    /// The coefficient of x^i.
    pub fn coeff(&self, i: usize) -> QuadNum {
        self.c.get(i).cloned().unwrap_or_else(QuadNum::zero)
    }

    /// Whether this is 0.
    pub fn is_zero(&self) -> bool {
        self.c.is_empty()
    }

    /// The degree (`None` for 0).
    pub fn degree(&self) -> Option<usize> {
        self.c.len().checked_sub(1)
    }

    /// The leading coefficient (0 for 0).
    pub fn lead(&self) -> QuadNum {
        self.c.last().cloned().unwrap_or_else(QuadNum::zero)
    }

    /// self + o.
    pub fn add(&self, o: &QuadPoly) -> QuadPoly {
        let n = self.c.len().max(o.c.len());
        QuadPoly::from_coeffs((0..n).map(|i| self.coeff(i).add(&o.coeff(i))).collect())
    }

    /// self − o.
    pub fn sub(&self, o: &QuadPoly) -> QuadPoly {
        let n = self.c.len().max(o.c.len());
        QuadPoly::from_coeffs((0..n).map(|i| self.coeff(i).sub(&o.coeff(i))).collect())
    }

    /// −self.
    pub fn neg(&self) -> QuadPoly {
        QuadPoly { c: self.c.iter().map(|x| x.neg()).collect() }
    }

    /// a·self.
    pub fn scale(&self, a: &QuadNum) -> QuadPoly {
        QuadPoly::from_coeffs(self.c.iter().map(|x| x.mul(a)).collect())
    }

    /// self·o.
    pub fn mul(&self, o: &QuadPoly) -> QuadPoly {
        if self.is_zero() || o.is_zero() {
            return QuadPoly::zero();
        }
        let mut c = vec![QuadNum::zero(); self.c.len() + o.c.len() - 1];
        for (i, a) in self.c.iter().enumerate() {
            if a.is_zero() {
                continue;
            }
            for (j, b) in o.c.iter().enumerate() {
                c[i + j] = c[i + j].add(&a.mul(b));
            }
        }
        QuadPoly::from_coeffs(c)
    }

    /// self^n.
    pub fn pow(&self, n: u32) -> QuadPoly {
        (0..n).fold(QuadPoly::one(), |acc, _| acc.mul(self))
    }

    /// d/dx.
    pub fn derivative(&self) -> QuadPoly {
        QuadPoly::from_coeffs(
            self.c
                .iter()
                .enumerate()
                .skip(1)
                .map(|(i, a)| a.scale(&Q::from_integer((i as i64).into())))
                .collect(),
        )
    }

    /// Quotient and remainder, `None` for d = 0.
    pub fn div_rem(&self, d: &QuadPoly) -> Option<(QuadPoly, QuadPoly)> {
        let dd = d.degree()?;
        let inv = d.lead().inv()?;
        let mut r = self.c.clone();
        let mut q = vec![QuadNum::zero(); self.c.len().saturating_sub(dd)];
        while r.len() > dd {
            let Some(top) = r.pop() else { break };
            if top.is_zero() {
                continue;
            }
            let k = r.len() - dd;
            let f = top.mul(&inv);
            for (j, dj) in d.c.iter().enumerate().take(dd) {
                r[k + j] = r[k + j].sub(&f.mul(dj));
            }
            q[k] = f;
        }
        Some((QuadPoly::from_coeffs(q), QuadPoly::from_coeffs(r)))
    }

    /// self / d when d divides self.
    pub fn exact_div(&self, d: &QuadPoly) -> Option<QuadPoly> {
        let (q, r) = self.div_rem(d)?;
        r.is_zero().then_some(q)
    }

    /// The monic associate (0 stays 0).
    pub fn monic(&self) -> QuadPoly {
        match self.lead().inv() {
            Some(inv) if !inv.is_one() => self.scale(&inv),
            _ => self.clone(),
        }
    }

    /// The monic gcd (Euclid over the field K).
    pub fn gcd(&self, o: &QuadPoly) -> QuadPoly {
        let (mut a, mut b) = (self.clone(), o.clone());
        while !b.is_zero() {
            let r = match a.div_rem(&b) {
                Some((_, r)) => r,
                None => break,
            };
            a = b;
            b = r.monic();
        }
        a.monic()
    }

    /// p(c + t) as a polynomial in t (Taylor shift).
    pub fn shift(&self, c: &QuadNum) -> QuadPoly {
        let mut acc: Vec<QuadNum> = Vec::new();
        for a in self.c.iter().rev() {
            let mut next = vec![QuadNum::zero(); acc.len() + 1];
            for (i, x) in acc.iter().enumerate() {
                next[i] = next[i].add(&x.mul(c));
                next[i + 1] = next[i + 1].add(x);
            }
            next[0] = next[0].add(a);
            acc = next;
        }
        QuadPoly::from_coeffs(acc)
    }

    /// Text with variable `var`, highest degree first; coefficients with several terms in
    /// parentheses.
    pub fn to_text(&self, var: &str) -> String {
        self.render(var, |a| a.to_text(), "*", |i| format!("{var}^{i}"))
    }

    /// LaTeX with variable `var` (already LaTeX).
    pub fn to_latex(&self, var: &str) -> String {
        self.render(var, |a| a.to_latex(), "\\,", |i| format!("{var}^{{{i}}}"))
    }

    fn render(
        &self,
        var: &str,
        num: impl Fn(&QuadNum) -> String,
        times: &str,
        power: impl Fn(usize) -> String,
    ) -> String {
        if self.is_zero() {
            return "0".into();
        }
        let mut out = String::new();
        for (i, a) in self.c.iter().enumerate().rev() {
            if a.is_zero() {
                continue;
            }
            let mono = match i {
                0 => String::new(),
                1 => var.to_string(),
                _ => power(i),
            };
            let (neg, abs) =
                if a.is_negative_term() { (true, a.neg()) } else { (false, a.clone()) };
            let coef = if abs.is_single_term() { num(&abs) } else { format!("({})", num(&abs)) };
            let body = match (mono.is_empty(), abs.is_one()) {
                (true, _) => coef,
                (false, true) => mono,
                (false, false) => format!("{coef}{times}{mono}"),
            };
            match (out.is_empty(), neg) {
                (true, false) => out.push_str(&body),
                (true, true) => out.push_str(&format!("-{body}")),
                (false, false) => out.push_str(&format!(" + {body}")),
                (false, true) => out.push_str(&format!(" - {body}")),
            }
        }
        out
    }
}

/// n(x)/d(x) with n, d ∈ K\[x\] coprime and d monic (d = 1 when n = 0).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct QuadRatFun {
    num: QuadPoly,
    den: QuadPoly,
}

impl QuadRatFun {
    /// n/d in lowest terms, `None` for d = 0.
    pub fn new(n: QuadPoly, d: QuadPoly) -> Option<Self> {
        if d.is_zero() {
            return None;
        }
        if n.is_zero() {
            return Some(QuadRatFun::zero());
        }
        let g = n.gcd(&d);
        let (n, d) = (n.exact_div(&g)?, d.exact_div(&g)?);
        let inv = d.lead().inv()?;
        Some(QuadRatFun { num: n.scale(&inv), den: d.scale(&inv) })
    }

    /// 0.
    pub fn zero() -> Self {
        QuadRatFun { num: QuadPoly::zero(), den: QuadPoly::one() }
    }

    /// The polynomial p.
    pub fn poly(p: QuadPoly) -> Self {
        QuadRatFun { num: p, den: QuadPoly::one() }
    }

    /// r ∈ ℚ(x) as an element of K(x).
    pub fn from_urat(r: &URat) -> Self {
        QuadRatFun { num: QuadPoly::from_upoly(r.num()), den: QuadPoly::from_upoly(r.den()) }
    }

    /// The function in ℚ(x), if all its coefficients are rational.
    pub fn as_urat(&self) -> Option<URat> {
        URat::new(self.num.as_upoly()?, self.den.as_upoly()?).ok()
    }

    /// The numerator.
    pub fn num(&self) -> &QuadPoly {
        &self.num
    }

    /// The (monic) denominator.
    pub fn den(&self) -> &QuadPoly {
        &self.den
    }

    /// Whether this is 0.
    pub fn is_zero(&self) -> bool {
        self.num.is_zero()
    }

    fn from_parts(n: QuadPoly, d: QuadPoly) -> Self {
        // d ≠ 0 by construction at every call site
        QuadRatFun::new(n, d).unwrap_or_else(QuadRatFun::zero)
    }

    /// self + o.
    pub fn add(&self, o: &QuadRatFun) -> QuadRatFun {
        if self.den == o.den {
            return QuadRatFun::from_parts(self.num.add(&o.num), self.den.clone());
        }
        QuadRatFun::from_parts(
            self.num.mul(&o.den).add(&o.num.mul(&self.den)),
            self.den.mul(&o.den),
        )
    }

    /// self − o.
    pub fn sub(&self, o: &QuadRatFun) -> QuadRatFun {
        self.add(&o.neg())
    }

    /// −self.
    pub fn neg(&self) -> QuadRatFun {
        QuadRatFun { num: self.num.neg(), den: self.den.clone() }
    }

    /// a·self.
    pub fn scale(&self, a: &QuadNum) -> QuadRatFun {
        if a.is_zero() {
            return QuadRatFun::zero();
        }
        QuadRatFun { num: self.num.scale(a), den: self.den.clone() }
    }

    /// self·o.
    pub fn mul(&self, o: &QuadRatFun) -> QuadRatFun {
        QuadRatFun::from_parts(self.num.mul(&o.num), self.den.mul(&o.den))
    }

    /// self/o, `None` for o = 0.
    pub fn div(&self, o: &QuadRatFun) -> Option<QuadRatFun> {
        if o.is_zero() {
            return None;
        }
        QuadRatFun::new(self.num.mul(&o.den), self.den.mul(&o.num))
    }

    /// d/dx.
    pub fn derivative(&self) -> QuadRatFun {
        QuadRatFun::from_parts(
            self.num.derivative().mul(&self.den).sub(&self.num.mul(&self.den.derivative())),
            self.den.mul(&self.den),
        )
    }

    /// Square-free integers d₁, …, d_k with ℚ(√d₁, …, √d_k) the field generated by this
    /// form's coefficients (−1 stands for i): a basis of the group generated by the keys
    /// modulo squares, computed over 𝔽₂ with coordinates on a coprime base of the keys.
    pub fn field_generators(&self) -> Vec<BigInt> {
        let keys: Vec<&BigInt> = self
            .num
            .coeffs()
            .iter()
            .chain(self.den.coeffs())
            .flat_map(|c| c.keys())
            .filter(|k| !k.is_one())
            .collect();
        let axes = generators_of(keys.iter().copied());
        if axes.len() > 64 {
            return axes;
        }
        let minus_one = BigInt::from(-1);
        let vector = |k: &BigInt| -> u64 {
            axes.iter().enumerate().fold(0, |v, (i, a)| {
                let on = if a == &minus_one { k.is_negative() } else { k.is_multiple_of(a) };
                if on {
                    v | 1 << i
                } else {
                    v
                }
            })
        };
        // reduced echelon basis over 𝔽₂, pivots at the highest bits
        let mut basis: Vec<u64> = Vec::new();
        for k in &keys {
            let mut v = vector(k);
            for b in &basis {
                if v & (1 << (63 - b.leading_zeros())) != 0 {
                    v ^= b;
                }
            }
            if v != 0 {
                let pivot = 1u64 << (63 - v.leading_zeros());
                for b in basis.iter_mut() {
                    if *b & pivot != 0 {
                        *b ^= v;
                    }
                }
                basis.push(v);
            }
        }
        let mut out: Vec<BigInt> = basis
            .iter()
            .map(|v| {
                axes.iter()
                    .enumerate()
                    .filter(|(i, _)| v & (1 << i) != 0)
                    .fold(BigInt::one(), |acc, (_, a)| acc * a)
            })
            .collect();
        out.sort_by_key(|g| (g != &minus_one, g.abs(), g.is_negative()));
        out
    }

    /// The coefficient field as text, `Q(sqrt(2), i)`.
    pub fn field_text(&self) -> String {
        let gens: Vec<String> = self
            .field_generators()
            .iter()
            .map(|g| if g == &BigInt::from(-1) { "i".into() } else { format!("sqrt({g})") })
            .collect();
        if gens.is_empty() {
            "Q".into()
        } else {
            format!("Q({})", gens.join(", "))
        }
    }

    /// The coefficient field in LaTeX, `\mathbb{Q}(\sqrt{2}, i)`.
    pub fn field_latex(&self) -> String {
        let gens: Vec<String> = self
            .field_generators()
            .iter()
            .map(|g| if g == &BigInt::from(-1) { "i".into() } else { format!("\\sqrt{{{g}}}") })
            .collect();
        if gens.is_empty() {
            "\\mathbb{Q}".into()
        } else {
            format!("\\mathbb{{Q}}({})", gens.join(", "))
        }
    }

    /// Text with variable `var`: `p` or `(n)/(d)`.
    pub fn to_text(&self, var: &str) -> String {
        let n = self.num.to_text(var);
        if self.den.degree() == Some(0) {
            return n;
        }
        let d = self.den.to_text(var);
        let wrap = |s: String| if s.contains([' ', '*', '/', '^']) { format!("({s})") } else { s };
        format!("{}/{}", wrap(n), wrap(d))
    }

    /// LaTeX with variable `var` (already LaTeX).
    pub fn to_latex(&self, var: &str) -> String {
        if self.den.degree() == Some(0) {
            return self.num.to_latex(var);
        }
        format!("\\frac{{{}}}{{{}}}", self.num.to_latex(var), self.den.to_latex(var))
    }
}

impl std::fmt::Display for QuadRatFun {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.to_text("x"))
    }
}

/// A non-zero vector of the null space of m (n columns) over K, by Gauss–Jordan
/// elimination.
pub(crate) fn nullspace_vector(m: &mut [Vec<QuadNum>], n: usize) -> Option<Vec<QuadNum>> {
    let mut pivots: Vec<usize> = Vec::new();
    let mut row = 0;
    for col in 0..n {
        if row == m.len() {
            break;
        }
        let Some(p) = (row..m.len()).find(|&i| !m[i][col].is_zero()) else { continue };
        m.swap(row, p);
        let inv = m[row][col].inv()?;
        for x in m[row].iter_mut() {
            *x = x.mul(&inv);
        }
        let pivot_row = m[row].clone();
        for (i, r) in m.iter_mut().enumerate() {
            if i != row && !r[col].is_zero() {
                let f = r[col].clone();
                for (x, y) in r.iter_mut().zip(&pivot_row) {
                    if !y.is_zero() {
                        *x = x.sub(&f.mul(y));
                    }
                }
            }
        }
        pivots.push(col);
        row += 1;
    }
    let free = (0..n).rev().find(|c| !pivots.contains(c))?;
    let mut v = vec![QuadNum::zero(); n];
    v[free] = QuadNum::one();
    for (r, &pc) in pivots.iter().enumerate() {
        v[pc] = m[r][free].neg();
    }
    Some(v)
}

/// A non-zero polynomial P = Σ_{i≤d} p_i x^i with Σ p_i·images\[i\] = 0, where images\[i\]
/// is the image of x^i under a linear differential operator: over a common denominator
/// the numerators' coefficients give a linear system over K.
pub(crate) fn polynomial_kernel(images: &[QuadRatFun], d: usize) -> Option<QuadPoly> {
    let mut lcm = QuadPoly::one();
    for im in images {
        let g = lcm.gcd(im.den());
        lcm = lcm.mul(&im.den().exact_div(&g)?);
    }
    let cols: Vec<QuadPoly> = images
        .iter()
        .map(|im| lcm.exact_div(im.den()).map(|f| im.num().mul(&f)))
        .collect::<Option<_>>()?;
    let rows = cols.iter().map(|c| c.coeffs().len()).max().unwrap_or(0);
    let mut m: Vec<Vec<QuadNum>> =
        (0..rows).map(|k| cols.iter().map(|c| c.coeff(k)).collect()).collect();
    let v = nullspace_vector(&mut m, d + 1)?;
    let p = QuadPoly::from_coeffs(v);
    (!p.is_zero()).then_some(p)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gcd_over_q_sqrt2() {
        // (x − √2)(x + 1) and (x − √2)(x − 3): gcd x − √2
        let s2 = QuadNum::sqrt_rational(&Q::from_integer(2.into())).expect("small");
        let a = QuadPoly::linear_root(&s2);
        let p = a.mul(&QuadPoly::linear_root(&QuadNum::from_int(-1)));
        let q = a.mul(&QuadPoly::linear_root(&QuadNum::from_int(3)));
        assert_eq!(p.gcd(&q), a);
        let f = QuadRatFun::new(p, q).expect("den");
        assert_eq!(f.to_text("x"), "(x + 1)/(x - 3)");
        assert!(f.as_urat().is_some());
    }

    #[test]
    fn smallest_field() {
        let sq = |n: i64| QuadNum::sqrt_rational(&Q::from_integer(n.into())).expect("small");
        let f = |c: QuadNum| QuadRatFun::poly(QuadPoly::from_coeffs(vec![c, QuadNum::one()]));
        assert_eq!(f(sq(-2)).field_text(), "Q(sqrt(-2))");
        assert_eq!(f(sq(2).add(&sq(3)).add(&sq(6))).field_text(), "Q(sqrt(2), sqrt(3))");
        assert_eq!(f(sq(-1).add(&sq(-3))).field_text(), "Q(i, sqrt(3))");
        assert_eq!(f(QuadNum::from_int(5)).field_text(), "Q");
    }
}
