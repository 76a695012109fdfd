//! Complex balls (midpoint in hardware doubles, radius bounding the error): the certified
//! double-precision arithmetic under the Taylor integrator (van der Hoeven,
//! *Fast evaluation of holonomic functions*, TCS 210 (1999); Mezzarobba, *Rigorous
//! multiple-precision evaluation of D-finite functions in SageMath*, arXiv:1607.01967, who
//! both propagate errors as balls).
//!
//! A [`Ball`] `{ mid, rad }` stands for the disk |z − mid| ≤ rad. Every operation returns a
//! ball that contains every result of the exact operation on points of its operands.
//!
//! Error model (simple and safe rather than tight). Hardware doubles round to nearest with
//! unit roundoff u = 2⁻⁵³. For a midpoint operation with exact value m:
//! - add/sub: each component is rounded once, |fl(m) − m| ≤ u·|m|; charged u·|m|;
//! - mul: the textbook complex product has |fl(ab) − ab| ≤ √5·u·|a||b| (Brent, Percival,
//!   Zimmermann, *Error bounds on complex floating-point multiplication*, Math. Comp. 76
//!   (2007)); charged 2.25u·|a||b| (num-complex multiplies without fused operations);
//! - 1/b (computed as conj(b)/|b|²): within 5u of the result, charged [`EPS`] = 8u;
//! - exp and other library functions: a few ulps, charged 4·`EPS` (2⁻⁴⁸) relative;
//! - conversion of a rational: the exact error |q − fl(q)|, computed in rationals;
//! - [`Ball::scale`] by a double s: s is taken as exact, the product is charged u·|m|,
//!
//! with u = 2⁻⁵³ and `EPS` = 2⁻⁵⁰ = 8u. Radii are computed in doubles and rounded upward
//! by hand: every sum or product of non-negative radius terms is multiplied by
//! (1 + `EPS`) and increased by the smallest normal double (so underflow cannot lose a
//! term), which dominates the rounding error of that operation. |z| is bounded above by
//! rounding √(re² + im²) upward twice (|re| + |im| when the squares could underflow).
//! A radius that becomes NaN is replaced by +∞ (the whole plane), so no operation ever
//! claims a bound it does not have.

use std::ops::{Add, Div, Mul, Neg, Sub};

use num_complex::Complex64;
use num_traits::ToPrimitive;
use varan_algebra::{Truth, Q};

/// Relative error bound for radius arithmetic and conversions: 2⁻⁵⁰ = 8u.
pub const EPS: f64 = 1.0 / 1_125_899_906_842_624.0;
/// Rounding charge of a complex addition: u (the charge is applied to an upper bound of
/// |m| and rounded upward).
const EPS_ADD: f64 = EPS / 8.0;
/// Rounding charge of a complex product, relative to |a|·|b|: 2.25u ≥ √5·u.
const EPS_MUL: f64 = EPS * (2.25 / 8.0);

/// x rounded upward (for non-negative x computed with one rounding error).
#[inline]
pub(crate) fn up(x: f64) -> f64 {
    let y = x * (1.0 + EPS) + f64::MIN_POSITIVE;
    if y.is_nan() {
        f64::INFINITY
    } else {
        y
    }
}

/// x rounded downward (for x computed with one rounding error); never NaN.
#[inline]
pub(crate) fn down(x: f64) -> f64 {
    let y = if x > 0.0 { x * (1.0 - EPS) - f64::MIN_POSITIVE } else { x * (1.0 + EPS) };
    if y.is_nan() {
        f64::NEG_INFINITY
    } else {
        y
    }
}

/// √(re² + im²) in plain doubles (relative error ≤ 2u when nothing under- or
/// overflows), or |re| + |im| when the squares could underflow.
#[inline]
fn fast_norm(z: Complex64) -> f64 {
    let a = z.re.abs().max(z.im.abs());
    if a < 1e-140 {
        return z.re.abs() + z.im.abs();
    }
    (z.re * z.re + z.im * z.im).sqrt()
}

/// An upper bound of |z|.
#[inline]
pub(crate) fn abs_up(z: Complex64) -> f64 {
    up(up(fast_norm(z)))
}

/// A lower bound of |z| (≥ 0).
#[inline]
pub(crate) fn abs_down(z: Complex64) -> f64 {
    let a = z.re.abs().max(z.im.abs());
    if a < 1e-140 {
        a
    } else {
        down(down(fast_norm(z))).max(0.0)
    }
}

/// A complex ball: the disk |z − mid| ≤ rad.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Ball {
    /// Center.
    pub mid: Complex64,
    /// Radius (≥ 0, possibly +∞).
    pub rad: f64,
}

impl Ball {
    /// The ball with center `mid` and radius `rad` (NaN or negative radius → +∞).
    pub fn new(mid: Complex64, rad: f64) -> Ball {
        let rad = if rad.is_nan() || rad < 0.0 { f64::INFINITY } else { rad };
        if mid.re.is_finite() && mid.im.is_finite() {
            Ball { mid, rad }
        } else {
            Ball::whole()
        }
    }

    /// The exact point `z`.
    pub fn exact(z: Complex64) -> Ball {
        Ball::new(z, 0.0)
    }

    /// The exact real `x`.
    pub fn real(x: f64) -> Ball {
        Ball::exact(Complex64::new(x, 0.0))
    }

    /// 0.
    pub fn zero() -> Ball {
        Ball::real(0.0)
    }

    /// 1.
    pub fn one() -> Ball {
        Ball::real(1.0)
    }

    /// The whole plane (radius +∞).
    pub fn whole() -> Ball {
        Ball { mid: Complex64::new(0.0, 0.0), rad: f64::INFINITY }
    }

    /// A ball containing the rational `q`.
    pub fn from_rational(q: &Q) -> Ball {
        let x = q.to_f64().unwrap_or(f64::NAN);
        if !x.is_finite() {
            return Ball::whole();
        }
        // the exact conversion error |q − x|, rounded up generously
        let rad = match Q::from_float(x) {
            Some(qx) => {
                let e = (q - qx).to_f64().map_or(f64::INFINITY, f64::abs);
                if e == 0.0 {
                    0.0
                } else {
                    up(e * (1.0 + 4.0 * EPS))
                }
            }
            None => up(4.0 * EPS * x.abs()),
        };
        Ball::new(Complex64::new(x, 0.0), rad)
    }

    /// A ball containing re + i·im for rationals re, im.
    pub fn from_rationals(re: &Q, im: &Q) -> Ball {
        let (x, y) = (Ball::from_rational(re), Ball::from_rational(im));
        Ball::new(Complex64::new(x.mid.re, y.mid.re), up(x.rad + y.rad))
    }

    /// A ball containing √d for a rational d (i·√−d when d < 0).
    pub fn sqrt_of_rational(d: &Q) -> Ball {
        let f = d.to_f64().unwrap_or(f64::NAN);
        let s = f.abs().sqrt();
        // the conversion error |d − f| ≤ |f|·EPS moves the root by at most
        // |d − f|/(√|d| + √|f|) ≤ |f|·EPS/s = s·EPS; the square root itself is correctly
        // rounded; when f is zero (d = 0 or underflow) the root is below √MIN_POSITIVE
        let rad = if s > 0.0 { up(3.0 * s * EPS) } else { up(2.0 * f64::MIN_POSITIVE.sqrt()) };
        if f >= 0.0 {
            Ball::new(Complex64::new(s, 0.0), rad)
        } else {
            Ball::new(Complex64::new(0.0, s), rad)
        }
    }

    /// A ball containing 2πi.
    pub fn two_pi_i() -> Ball {
        let t = 2.0 * std::f64::consts::PI;
        Ball::new(Complex64::new(0.0, t), up(EPS * t))
    }

    /// Upper bound of |z| over the ball.
    pub fn abs_upper(&self) -> f64 {
        up(abs_up(self.mid) + self.rad)
    }

    /// Lower bound of |z| over the ball (possibly ≤ 0).
    pub fn abs_lower(&self) -> f64 {
        let a = self.mid.re.abs().max(self.mid.im.abs());
        let m = if a < 1e-140 { a } else { down(down(fast_norm(self.mid))) };
        down(m - self.rad)
    }

    /// Whether the point `z` lies in the ball.
    pub fn contains(&self, z: Complex64) -> bool {
        (z - self.mid).norm() <= self.rad
    }

    /// Whether the two balls intersect (certain when false).
    pub fn overlaps(&self, other: &Ball) -> bool {
        down((self.mid - other.mid).norm()) <= up(self.rad + other.rad)
    }

    /// Is the ball's value zero? `True` only for the exact zero, `False` when 0 is outside.
    pub fn is_zero(&self) -> Truth {
        if self.rad == 0.0 && self.mid == Complex64::new(0.0, 0.0) {
            Truth::True
        } else if self.abs_lower() > 0.0 {
            Truth::False
        } else {
            Truth::Unknown
        }
    }

    /// Multiplication by the double `s`, taken as exact.
    pub fn scale(self, s: f64) -> Ball {
        let m = self.mid * s;
        Ball::new(m, up(self.rad * s.abs() + EPS_ADD * abs_up(m)))
    }

    /// e^z.
    pub fn exp(self) -> Ball {
        let m = self.mid.exp();
        let am = abs_up(m);
        // |e^{m+δ} − e^m| ≤ |e^m|·|δ|·e^{|δ|}
        let prop = if self.rad == 0.0 { 0.0 } else { up(am * self.rad * up(self.rad.exp())) };
        Ball::new(m, up(prop + 4.0 * EPS * am))
    }

    /// 1/z (the whole plane when the ball contains 0).
    pub fn recip(self) -> Ball {
        let lo = self.abs_lower();
        if lo <= 0.0 {
            return Ball::whole();
        }
        let m = Complex64::new(1.0, 0.0) / self.mid;
        let am = abs_up(m);
        // |1/(b+δ) − 1/b| ≤ |δ| / (|b|·(|b| − |δ|))
        let b = self.abs_lower() + self.rad;
        let prop = if self.rad == 0.0 { 0.0 } else { up(self.rad / down(b * lo)) };
        // 1/b = conj(b)/|b|²: |b|² within 3u, one division: within 5u < EPS per component
        Ball::new(m, up(prop + EPS * am))
    }
}

impl Add for Ball {
    type Output = Ball;
    fn add(self, o: Ball) -> Ball {
        let m = self.mid + o.mid;
        Ball::new(m, up(up(self.rad + o.rad) + EPS_ADD * abs_up(m)))
    }
}

impl Sub for Ball {
    type Output = Ball;
    fn sub(self, o: Ball) -> Ball {
        let m = self.mid - o.mid;
        Ball::new(m, up(up(self.rad + o.rad) + EPS_ADD * abs_up(m)))
    }
}

impl Neg for Ball {
    type Output = Ball;
    fn neg(self) -> Ball {
        Ball { mid: -self.mid, rad: self.rad }
    }
}

impl Mul for Ball {
    type Output = Ball;
    fn mul(self, o: Ball) -> Ball {
        let m = self.mid * o.mid;
        let (a, b) = (abs_up(self.mid), abs_up(o.mid));
        let prop = if self.rad == 0.0 && o.rad == 0.0 {
            0.0
        } else {
            up(up(up(a * o.rad) + up(b * self.rad)) + up(self.rad * o.rad))
        };
        Ball::new(m, up(prop + up(EPS_MUL * up(a * b))))
    }
}

impl Div for Ball {
    type Output = Ball;
    #[allow(clippy::suspicious_arithmetic_impl)]
    fn div(self, o: Ball) -> Ball {
        self * o.recip()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn c(re: f64, im: f64) -> Complex64 {
        Complex64::new(re, im)
    }

    #[test]
    fn arithmetic_contains_exact_results() {
        let a = Ball::new(c(0.1, 0.2), 1e-10);
        let b = Ball::new(c(-0.3, 0.7), 1e-12);
        let third = Ball::from_rational(&(Q::from_integer(1.into()) / Q::from_integer(3.into())));
        assert!(third.contains(c(1.0 / 3.0, 0.0)) && third.rad < 2e-15);
        assert!((a * b).contains(c(0.1, 0.2) * c(-0.3, 0.7)));
        assert!((a / b).contains(c(0.1, 0.2) / c(-0.3, 0.7)));
        assert!((a + b - b).contains(c(0.1, 0.2)));
        assert!(Ball::two_pi_i().exp().contains(c(1.0, 0.0)));
        assert!(Ball::two_pi_i().exp().rad < 1e-14);
        assert_eq!(Ball::new(c(0.0, 0.0), 1.0).recip().rad, f64::INFINITY);
        assert_eq!(a.is_zero(), Truth::False);
        assert_eq!(Ball::new(c(1e-20, 0.0), 1e-19).is_zero(), Truth::Unknown);
        assert_eq!(Ball::zero().is_zero(), Truth::True);
        assert!(Ball::new(c(0.0, 0.0), f64::NAN).rad.is_infinite());
    }

    #[test]
    fn square_roots_of_rationals() {
        let q = |p: i64, d: i64| Q::new(p.into(), d.into());
        assert!(Ball::sqrt_of_rational(&q(9, 16)).contains(Complex64::new(0.75, 0.0)));
        assert!(Ball::sqrt_of_rational(&q(-4, 1)).contains(Complex64::new(0.0, 2.0)));
        assert!(Ball::sqrt_of_rational(&q(2, 1))
            .contains(Complex64::new(std::f64::consts::SQRT_2, 0.0)));
        assert!(Ball::sqrt_of_rational(&q(0, 1)).contains(Complex64::new(0.0, 0.0)));
    }
}
