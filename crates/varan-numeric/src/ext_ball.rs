//! Extended-precision complex balls: a midpoint in the 126-bit software floats of
//! [`crate::ext_float`] and a radius in hardware doubles rounded upward (the mid-rad scheme
//! of van der Hoeven, *Ball arithmetic*, 2009; Mezzarobba, arXiv:1607.01967, integrates
//! with such balls). An [`ExtBall`] `{ mid, rad }` stands for the disk |z − mid| ≤ rad, and
//! every operation returns a ball containing every result of the exact operation on points
//! of its operands.
//!
//! Error model, with u = [`EXT_U`] = 2⁻¹²⁵ (truncation of each real operation, see
//! [`crate::ext_float`]):
//! - sum: the midpoint is within u·|m| of the exact sum of the midpoints (m the computed
//!   sum); charged u·|m|;
//! - product: within 2√2·u·|a||b|; charged 3u·|a||b|, plus the propagated
//!   |a|·rad b + |b|·rad a + rad a·rad b;
//! - rationals: truncated, within u·|q| (zero when exact);
//! - 1/b: two Newton steps y ← y(2 − by) from the double-precision reciprocal, then an
//!   a-posteriori bound: with r = 1 − b·y evaluated in balls, |1/b − y| ≤ |y|·|r|/(1 − |r|);
//!   a radius δ adds δ/(|b|(|b| − δ));
//! - e^z: z/2^s with |z/2^s| ≤ 1/2 (exact scaling), the Taylor polynomial in balls with the
//!   remainder bound |x|^N/N!·1/(1 − |x|/(N+1)), then s squarings in balls;
//! - π: the 126-bit truncation of π, radius one unit in the last place (checked against a
//!   Machin-formula value in the tests).
//!
//! Radii are doubles, rounded upward by [`crate::ball`]'s `up` (relative 2⁻⁵⁰ plus the
//! smallest normal double, so no term is lost to underflow). Bounds of |mid| come from the
//! directed conversions of [`ExtFloat`]. Conversion to a double ball ([`ExtBall::to_ball`])
//! adds the rounding of the midpoint (≤ 2⁻⁵² relative per component).

use std::ops::{Add, Div, Mul, Neg, Sub};

use num_complex::Complex64;
use varan_algebra::{Truth, Q};

use crate::ball::{up, Ball};
use crate::ext_float::{ExtComplex, ExtFloat, EXT_U};

/// Charge of an extended complex product, relative to u·|a||b| (≥ 2√2).
pub(crate) const EXT_MUL: f64 = 3.0;

/// ⌊π·2¹²⁴⌋: π with a 126-bit mantissa, exponent −124.
const PI_MANTISSA: u128 = 0x3243_F6A8_885A_308D_3131_98A2_E037_0734;

/// An extended-precision complex ball: the disk |z − mid| ≤ rad.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ExtBall {
    /// Center.
    pub mid: ExtComplex,
    /// Radius (≥ 0, possibly +∞).
    pub rad: f64,
}

/// A radius printed with two significant digits, rounded upward: the printed decimal is
/// checked (after parsing back) to be at least up(r), so it exceeds `r`.
fn radius_text(r: f64) -> String {
    if r == 0.0 {
        return "0".into();
    }
    let t = up(r);
    if !t.is_finite() {
        return "inf".into();
    }
    let mut x = t.log10().floor() as i32;
    let mut m = ((t / 10f64.powi(x)) * 10.0 - 1e-6).ceil().max(10.0) / 10.0;
    loop {
        if m >= 9.95 {
            m = 1.0;
            x += 1;
        }
        let s = format!("{m:.1}e{x}");
        if s.parse::<f64>().is_ok_and(|v| v >= t) {
            return s;
        }
        m += 0.1;
    }
}

impl ExtBall {
    /// The ball with center `mid` and radius `rad` (NaN or negative radius → +∞).
    pub fn new(mid: ExtComplex, rad: f64) -> ExtBall {
        let rad = if rad.is_nan() || rad < 0.0 { f64::INFINITY } else { rad };
        ExtBall { mid, rad }
    }

    /// The double-precision point `z`, exactly (the whole plane unless finite).
    pub fn exact(z: Complex64) -> ExtBall {
        match ExtComplex::from_c64(z) {
            Some(m) => ExtBall { mid: m, rad: 0.0 },
            None => ExtBall::whole(),
        }
    }

    /// The exact real `x`.
    pub fn real(x: f64) -> ExtBall {
        ExtBall::exact(Complex64::new(x, 0.0))
    }

    /// 0.
    pub fn zero() -> ExtBall {
        ExtBall { mid: ExtComplex::ZERO, rad: 0.0 }
    }

    /// 1.
    pub fn one() -> ExtBall {
        ExtBall { mid: ExtComplex::ONE, rad: 0.0 }
    }

    /// The whole plane (radius +∞).
    pub fn whole() -> ExtBall {
        ExtBall { mid: ExtComplex::ZERO, rad: f64::INFINITY }
    }

    /// A ball containing the rational `q`, converted from its numerator and denominator.
    pub fn from_rational(q: &Q) -> ExtBall {
        let (x, exact) = ExtFloat::from_rational(q);
        let rad = if exact { 0.0 } else { up(EXT_U * x.abs_up()) };
        ExtBall { mid: ExtComplex::real(x), rad }
    }

    /// A ball containing re + i·im for rationals re, im.
    pub fn from_rationals(re: &Q, im: &Q) -> ExtBall {
        let (x, ex) = ExtFloat::from_rational(re);
        let (y, ey) = ExtFloat::from_rational(im);
        let rx = if ex { 0.0 } else { EXT_U * x.abs_up() };
        let ry = if ey { 0.0 } else { EXT_U * y.abs_up() };
        let rad = if ex && ey { 0.0 } else { up(rx + ry) };
        ExtBall { mid: ExtComplex { re: x, im: y }, rad }
    }

    /// A ball containing π.
    pub fn pi() -> ExtBall {
        let m = ExtFloat::from_rational(&Q::from_integer(PI_MANTISSA.into())).0.mul_pow2(-124);
        // one unit in the last place: 2^-124 (a power of two, exact as a double)
        ExtBall { mid: ExtComplex::real(m), rad: EXT_U * 2.0 }
    }

    /// A ball containing 2πi.
    pub fn two_pi_i() -> ExtBall {
        let p = ExtBall::pi();
        ExtBall {
            mid: ExtComplex { re: ExtFloat::ZERO, im: p.mid.re.mul_pow2(1) },
            rad: 2.0 * p.rad,
        }
    }

    /// Upper bound of |z| over the ball.
    pub fn abs_upper(&self) -> f64 {
        up(self.mid.abs_up() + self.rad)
    }

    /// Lower bound of |z| over the ball (possibly ≤ 0).
    pub fn abs_lower(&self) -> f64 {
        crate::ball::down(self.mid.abs_down() - self.rad)
    }

    /// Whether the point `z` lies in the ball (certain when true).
    pub fn contains(&self, z: Complex64) -> bool {
        match ExtComplex::from_c64(z) {
            // the difference is within u·|d| of the exact one (up() covers it), and it is
            // computed as 0 only when it is 0
            Some(p) => {
                let d = p - self.mid;
                d == ExtComplex::ZERO || up(d.abs_up()) <= self.rad
            }
            None => false,
        }
    }

    /// Whether every point of `other` lies in the ball (certain when true).
    pub fn contains_ball(&self, other: &ExtBall) -> bool {
        let d = other.mid - self.mid;
        let dist = if d == ExtComplex::ZERO { 0.0 } else { up(d.abs_up()) };
        up(dist + other.rad) <= self.rad || (dist == 0.0 && other.rad <= self.rad)
    }

    /// Whether the two balls intersect (certain when false).
    pub fn overlaps(&self, other: &ExtBall) -> bool {
        let d = (self.mid - other.mid).abs_down();
        // the computed difference is within u·|d| of the exact one
        crate::ball::down(d * (1.0 - 2.0 * EXT_U)) <= up(self.rad + other.rad)
    }

    /// Is the ball's value zero? `True` only for the exact zero, `False` when 0 is outside.
    pub fn is_zero(&self) -> Truth {
        if self.rad == 0.0 && self.mid == ExtComplex::ZERO {
            Truth::True
        } else if self.abs_lower() > 0.0 {
            Truth::False
        } else {
            Truth::Unknown
        }
    }

    /// z·2^k (exact on the midpoint).
    pub fn mul_pow2(self, k: i32) -> ExtBall {
        let s = 2f64.powi(k);
        ExtBall::new(
            self.mid.mul_pow2(i64::from(k)),
            if self.rad == 0.0 { 0.0 } else { up(self.rad * s) },
        )
    }

    /// z/k for an integer k ≥ 1 (the whole plane for k = 0).
    pub fn div_int(self, k: usize) -> ExtBall {
        let Some((r, exact)) = ExtFloat::recip_u64(k as u64) else { return ExtBall::whole() };
        let rk = ExtBall {
            mid: ExtComplex::real(r),
            rad: if exact { 0.0 } else { up(EXT_U * r.abs_up()) },
        };
        self * rk
    }

    /// 1/z (the whole plane when the ball may contain 0).
    pub fn recip(self) -> ExtBall {
        let lo = self.abs_lower();
        if lo <= 0.0 || !self.rad.is_finite() {
            return ExtBall::whole();
        }
        let b = self.mid;
        let y0 = Complex64::new(1.0, 0.0) / b.to_c64();
        let Some(mut y) = ExtComplex::from_c64(y0) else { return ExtBall::whole() };
        if y == ExtComplex::ZERO {
            return ExtBall::whole();
        }
        let two = ExtComplex::real(ExtFloat::from_i64(2));
        for _ in 0..2 {
            y = y * (two - b * y);
        }
        // a-posteriori: b·y = 1 − r, so 1/b = y/(1 − r) and |1/b − y| ≤ |y||r|/(1 − |r|)
        let r = ExtBall::one() - ExtBall { mid: b, rad: 0.0 } * ExtBall { mid: y, rad: 0.0 };
        let rr = r.abs_upper();
        if rr.is_nan() || rr >= 0.5 {
            return ExtBall::whole();
        }
        let err = up(up(y.abs_up() * rr) / crate::ball::down(1.0 - rr));
        // |1/(b+δ) − 1/b| ≤ |δ| / (|b|·(|b| − |δ|)), with |b| ≥ lo + rad
        let prop = if self.rad == 0.0 {
            0.0
        } else {
            up(self.rad / crate::ball::down(up(lo + self.rad) * lo).max(0.0))
        };
        let prop = if prop.is_nan() { f64::INFINITY } else { prop };
        ExtBall::new(y, up(prop + err))
    }

    /// e^z.
    pub fn exp(self) -> ExtBall {
        let a = self.abs_upper();
        if a.is_nan() || a >= 1e6 {
            return ExtBall::whole();
        }
        // s halvings: |x| ≤ 1/2 with x = z/2^s
        let mut s = 0i32;
        while a * 2f64.powi(-s) > 0.5 {
            s += 1;
        }
        let x = self.mul_pow2(-s);
        let xa = x.abs_upper();
        // N terms: |x|^N/N! ≤ 2^-140 (|x| ≤ 1/2)
        let mut n = 1usize;
        let mut term = xa;
        while term > 2f64.powi(-140) && n < 200 {
            n += 1;
            term = term * xa / n as f64;
        }
        // Σ_{k<N} x^k/k! by Horner: 1 + x(1 + x/2(1 + x/3(…)))
        let mut p = ExtBall::one();
        for k in (1..n).rev() {
            p = ExtBall::one() + (x * p).div_int(k);
        }
        // remainder Σ_{k≥N} |x|^k/k! ≤ |x|^N/N! · 1/(1 − |x|/(N+1))
        let mut rem = 1.0f64;
        for k in 1..=n {
            rem = up(up(rem * xa) / crate::ball::down(k as f64));
        }
        let rem = up(rem / crate::ball::down(1.0 - xa / (n as f64 + 1.0)));
        let mut r = ExtBall::new(p.mid, up(p.rad + rem));
        for _ in 0..s {
            r = r * r;
        }
        r
    }

    /// The double-precision ball containing this one.
    pub fn to_ball(&self) -> Ball {
        let c = self.mid.to_c64();
        // each component is rounded to 53 bits, within one unit in the last place: |x − c| ≤
        // 2⁻⁵²·|c|·(1 + 2⁻⁵²) per component, and `up` covers the last factor (below the normal
        // range the whole value is under the smallest normal double that `up` adds; beyond
        // it c is infinite and so is the radius)
        let conv = up(f64::EPSILON * (c.re.abs() + c.im.abs()));
        Ball::new(c, up(self.rad + conv))
    }

    /// The midpoint's real and imaginary parts to `digits` significant digits, and a radius
    /// (upper bound) that also covers the decimal rounding of both parts.
    pub fn decimal_parts(&self, digits: usize) -> (String, String, f64) {
        let (re, er) = self.mid.re.to_decimal_with_error(digits);
        let (im, ei) = self.mid.im.to_decimal_with_error(digits);
        (re, im, up(up(self.rad + er) + ei))
    }

    /// `re + im·i ± rad` with `digits` significant digits per part; the printed radius (two
    /// digits, rounded up) covers the ball and the decimal rounding, so the printed disk
    /// contains the value.
    pub fn to_decimal(&self, digits: usize) -> String {
        let (re, im, rad) = self.decimal_parts(digits);
        let (sign, im) = match im.strip_prefix('-') {
            Some(rest) => ("-", rest.to_string()),
            None => ("+", im),
        };
        format!("{re} {sign} {im}i ± {}", radius_text(rad))
    }
}

impl Add for ExtBall {
    type Output = ExtBall;
    #[inline]
    fn add(self, o: ExtBall) -> ExtBall {
        let m = self.mid + o.mid;
        ExtBall::new(m, up(up(self.rad + o.rad) + EXT_U * m.abs_up()))
    }
}

impl Sub for ExtBall {
    type Output = ExtBall;
    #[inline]
    fn sub(self, o: ExtBall) -> ExtBall {
        let m = self.mid - o.mid;
        ExtBall::new(m, up(up(self.rad + o.rad) + EXT_U * m.abs_up()))
    }
}

impl Neg for ExtBall {
    type Output = ExtBall;
    #[inline]
    fn neg(self) -> ExtBall {
        ExtBall { mid: -self.mid, rad: self.rad }
    }
}

impl Mul for ExtBall {
    type Output = ExtBall;
    #[inline]
    fn mul(self, o: ExtBall) -> ExtBall {
        let m = self.mid * o.mid;
        let (a, b) = (self.mid.abs_up(), o.mid.abs_up());
        let prop = if self.rad == 0.0 && o.rad == 0.0 {
            0.0
        } else {
            up(up(up(a * o.rad) + up(b * self.rad)) + up(self.rad * o.rad))
        };
        ExtBall::new(m, up(prop + up(EXT_MUL * EXT_U * up(a * b))))
    }
}

impl Div for ExtBall {
    type Output = ExtBall;
    #[allow(clippy::suspicious_arithmetic_impl)]
    fn div(self, o: ExtBall) -> ExtBall {
        self * o.recip()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use num_bigint::BigInt;
    use num_traits::{One, Signed, Zero};

    fn q(n: i64, d: i64) -> Q {
        Q::new(n.into(), d.into())
    }

    /// Whether the exact complex rational re + i·im lies in the ball.
    fn holds(b: &ExtBall, re: &Q, im: &Q) -> bool {
        b.contains_ball(&ExtBall::from_rationals(re, im))
    }

    /// π to within 10^-60 by Machin's formula π = 16 atan(1/5) − 4 atan(1/239), summed in
    /// rationals with the alternating-series remainder bound.
    fn machin_pi() -> (Q, Q) {
        let atan_inv = |x: i64| {
            let mut s = Q::zero();
            let x2 = Q::from_integer((x * x).into());
            let mut p = Q::new(BigInt::one(), x.into());
            let mut k = 0i64;
            loop {
                let t = &p / Q::from_integer((2 * k + 1).into());
                if t < Q::new(1.into(), BigInt::from(10).pow(70)) {
                    break;
                }
                s = if k % 2 == 0 { s + t } else { s - t };
                p /= &x2;
                k += 1;
            }
            s
        };
        let pi =
            Q::from_integer(16.into()) * atan_inv(5) - Q::from_integer(4.into()) * atan_inv(239);
        (pi, Q::new(1.into(), BigInt::from(10).pow(65)))
    }

    #[test]
    fn pi_constant() {
        let (pi, err) = machin_pi();
        let b = ExtBall::pi();
        let mid = b.mid.re.to_rational();
        let unit = Q::new(1.into(), BigInt::one() << 124u32);
        // the mantissa is the truncation of π: 0 ≤ π − mid < 2^-124
        assert!(mid <= &pi + &err && &pi - &err - &mid < unit, "{mid} vs {pi}");
        assert!(b.rad >= 2f64.powi(-124));
    }

    #[test]
    fn arithmetic_encloses_exact_values() {
        let a = ExtBall::from_rationals(&q(1, 3), &q(-2, 7));
        let b = ExtBall::from_rationals(&q(5, 11), &q(1, 13));
        let (ar, ai, br, bi) = (q(1, 3), q(-2, 7), q(5, 11), q(1, 13));
        let pr = &ar * &br - &ai * &bi;
        let pi = &ar * &bi + &ai * &br;
        assert!(holds(&(a * b), &pr, &pi));
        assert!(holds(&(a + b), &(&ar + &br), &(&ai + &bi)));
        assert!(holds(&(a - b), &(&ar - &br), &(&ai - &bi)));
        // 1/b = conj(b)/|b|²
        let n2 = &br * &br + &bi * &bi;
        let inv = b.recip();
        assert!(holds(&inv, &(&br / &n2), &(-&bi / &n2)), "{inv:?}");
        assert!(inv.rad < 1e-36, "{}", inv.rad);
        assert!(holds(
            &(a / b),
            &((&ar * &br + &ai * &bi) / &n2),
            &((&ai * &br - &ar * &bi) / &n2)
        ));
        assert!((a * b).rad < 1e-37 && (a + b).rad < 1e-37);
        assert!(holds(&ExtBall::from_rational(&q(1, 7)).div_int(3), &q(1, 21), &Q::zero()));
        assert_eq!(ExtBall::zero().recip().rad, f64::INFINITY);
        assert_eq!(ExtBall::zero().is_zero(), Truth::True);
        assert_eq!(a.is_zero(), Truth::False);
    }

    #[test]
    fn exponentials() {
        // e^{2πi·k/n}: exact values at n = 1, 2, 4; cos(π/3) = 1/2 at n = 6
        let e = |k: i64, n: i64| (ExtBall::two_pi_i() * ExtBall::from_rational(&q(k, n))).exp();
        assert!(holds(&e(1, 1), &Q::one(), &Q::zero()));
        assert!(holds(&e(1, 2), &-Q::one(), &Q::zero()));
        assert!(holds(&e(1, 4), &Q::zero(), &Q::one()));
        assert!(holds(&e(-3, 4), &Q::zero(), &Q::one()));
        // e^{iπ/3} = 1/2 + i·√3/2
        let sixth = ExtBall::from_rationals(&q(1, 2), &Q::zero()).add_imag_sqrt3_half();
        assert!(e(1, 6).overlaps(&sixth) && !e(1, 6).overlaps(&(sixth + ExtBall::real(1e-33))));
        for (k, n) in [(1, 1), (1, 2), (1, 6), (2, 7)] {
            assert!(e(k, n).rad < 1e-35, "{}", e(k, n).rad);
        }
        // e^1 against Σ 1/k! (tail < 10^-60)
        let mut sum = Q::zero();
        let mut f = Q::one();
        for k in 1..60 {
            sum += &f;
            f /= Q::from_integer(k.into());
        }
        let one = ExtBall::one().exp();
        assert!(one.overlaps(&ExtBall::from_rationals(&sum, &Q::zero())), "{one:?}");
        assert!(one.rad < 1e-35, "{}", one.rad);
        assert!(one.abs_lower() > 2.7 && (one.mid.re.to_rational() - &sum).abs() < q(1, 1_000_000));
    }

    impl ExtBall {
        /// The ball plus i·√3/2, for the sixth root of unity (√3/2 enclosed by bisection
        /// in rationals to 2^-130).
        fn add_imag_sqrt3_half(self) -> ExtBall {
            let (mut lo, mut hi) = (Q::zero(), Q::one());
            let three_quarters = q(3, 4);
            for _ in 0..135 {
                let m = (&lo + &hi) / Q::from_integer(2.into());
                if &m * &m <= three_quarters {
                    lo = m;
                } else {
                    hi = m;
                }
            }
            let s = ExtBall::from_rationals(&Q::zero(), &lo);
            let s = ExtBall::new(s.mid, up(s.rad + 2f64.powi(-120)));
            self + s
        }
    }

    #[test]
    fn conversions_and_text() {
        let third = ExtBall::from_rationals(&q(1, 3), &q(-2, 3));
        let b = third.to_ball();
        assert!(b.contains(Complex64::new(1.0 / 3.0, -2.0 / 3.0)) && b.rad < 1e-15);
        let text = third.to_decimal(30);
        let (mid, rad) = text.split_once(" ± ").unwrap();
        assert_eq!(mid, "0.333333333333333333333333333333 - 0.666666666666666666666666666667i");
        // the printed radius covers both decimal roundings (1/3·10^-30 each)
        let rad: f64 = rad.parse().unwrap();
        assert!((6.7e-31..=1.2e-30).contains(&rad), "{text}");
        assert_eq!(radius_text(0.94e-30), "9.5e-31");
        assert_eq!(radius_text(0.999e-30), "1.0e-30");
        assert_eq!(radius_text(1.0e-30), "1.1e-30");
        assert_eq!(radius_text(9.96e-30), "1.0e-29");
        assert_eq!(radius_text(1.01e-30), "1.1e-30");
        assert_eq!(radius_text(0.0), "0");
        assert!(ExtBall::exact(Complex64::new(0.25, 0.5)).contains(Complex64::new(0.25, 0.5)));
        assert!(!ExtBall::exact(Complex64::new(0.25, 0.5)).contains(Complex64::new(0.25, 0.51)));
    }
}
