//! The ball operations that the Taylor integrator, the path product, the matrices and the
//! self-checks need, as one trait implemented by the double-precision [`Ball`] and the
//! extended-precision [`ExtBall`]: the certified algorithms of [`crate::taylor`] (after van
//! der Hoeven, TCS 210 (1999), and Mezzarobba, arXiv:1607.01967) are written once and
//! monomorphized for each precision, with no dynamic dispatch.
//!
//! Besides whole-ball operations the trait exposes the midpoint type, so that the inner
//! recurrence can accumulate midpoints and double-precision radii separately; the constants
//! describe the midpoint rounding that the callers must charge:
//! - [`BallArith::U`]: each real operation on midpoints is within U of the result
//!   (relative); a complex sum is within U·|sum|;
//! - [`BallArith::MUL`]: a complex product is within MUL·U·|a||b|;
//! - dot products Σ ± a_k·y_k go through an accumulator ([`BallArith::dot_start`],
//!   [`BallArith::dot_add`], [`BallArith::dot_finish`]) that returns its own rounding bound:
//!   term by term in doubles (a product within 2.25u·|a||y|, a sum within (1 + 4u)·u of the
//!   L¹ norm of the computed partial sum; Higham, *Accuracy and Stability of Numerical
//!   Algorithms*, §3.1), exactly in 256-bit fixed point for the extended type (one rounding
//!   at the end, see [`crate::ext_float`]).
//!
//! Radii are always doubles rounded upward, whatever the midpoint type.

use std::borrow::Cow;
use std::fmt::Debug;
use std::ops::{Add, Div, Mul, Neg, Sub};

use num_complex::Complex64;
use varan_algebra::Q;

use crate::ball::{abs_up, up, Ball, EPS};
use crate::ext_ball::{ExtBall, EXT_MUL};
use crate::ext_float::{ExtComplex, ExtDot, ExtFloat, EXT_U};

mod sealed {
    pub trait Sealed {}
    impl Sealed for crate::ball::Ball {}
    impl Sealed for crate::ext_ball::ExtBall {}
}

/// A complex ball type: [`Ball`] (double precision) or [`ExtBall`] (126-bit midpoints).
/// Sealed: the generic algorithms rely on the error constants being right.
pub trait BallArith:
    Copy
    + Debug
    + PartialEq
    + Send
    + Sync
    + 'static
    + Add<Output = Self>
    + Sub<Output = Self>
    + Mul<Output = Self>
    + Div<Output = Self>
    + Neg<Output = Self>
    + sealed::Sealed
{
    /// The midpoint type.
    type Mid: Copy
        + Debug
        + PartialEq
        + Send
        + Sync
        + Add<Output = Self::Mid>
        + Sub<Output = Self::Mid>
        + Mul<Output = Self::Mid>
        + Neg<Output = Self::Mid>;
    /// Unit roundoff of a real midpoint operation.
    const U: f64;
    /// Charge of a complex midpoint product, relative to U·|a||b|.
    const MUL: f64;
    /// Whether [`BallArith::dot_start`] needs the bound Σ|a||y| before the first term.
    const DOT_NEEDS_BOUND: bool;
    /// A dot-product accumulator.
    type Dot: Copy;
    /// The midpoint 0.
    const MID_ZERO: Self::Mid;
    /// The midpoint 1.
    const MID_ONE: Self::Mid;
    /// The ball `mid ± rad` (NaN or negative radius → +∞).
    fn with_mid(mid: Self::Mid, rad: f64) -> Self;
    /// Center.
    fn mid(&self) -> Self::Mid;
    /// Radius.
    fn rad(&self) -> f64;
    /// 0.
    fn zero() -> Self;
    /// 1.
    fn one() -> Self;
    /// The whole plane.
    fn whole() -> Self;
    /// The double-precision point `z`, exactly.
    fn exact(z: Complex64) -> Self;
    /// A ball containing the rational `q`.
    fn from_rational(q: &Q) -> Self;
    /// A ball containing re + i·im.
    fn from_rationals(re: &Q, im: &Q) -> Self;
    /// A ball containing 2πi.
    fn two_pi_i() -> Self;
    /// Upper bound of |z| over the ball.
    fn abs_upper(&self) -> f64;
    /// Lower bound of |z| over the ball (possibly ≤ 0).
    fn abs_lower(&self) -> f64;
    /// 1/z.
    fn recip(self) -> Self;
    /// e^z.
    fn exp(self) -> Self;
    /// z/k for an integer k ≥ 1.
    fn div_int(self, k: usize) -> Self;
    /// Whether the balls intersect (certain when false).
    fn overlaps(&self, other: &Self) -> bool;
    /// Whether the point lies in the ball.
    fn contains(&self, z: Complex64) -> bool;
    /// |mid − other.mid|, approximately (for margins and display).
    fn mid_distance(&self, other: &Self) -> f64;
    /// The midpoint as a double-precision point, approximately.
    fn approx(&self) -> Complex64;
    /// The double-precision ball containing this one.
    fn to_ball(&self) -> Ball;
    /// A ball containing a − b for double-precision points a, b.
    fn diff(a: Complex64, b: Complex64) -> Self;
    /// An upper bound of |m|.
    fn mid_abs_up(m: Self::Mid) -> f64;
    /// Starts a dot product whose terms have Σ|a||y| ≤ `bound` (ignored unless
    /// [`BallArith::DOT_NEEDS_BOUND`]).
    fn dot_start(bound: f64) -> Self::Dot;
    /// Adds a·y, or subtracts it when `sub`.
    fn dot_add(acc: &mut Self::Dot, a: Self::Mid, y: Self::Mid, sub: bool);
    /// The sum and a bound of its distance to the exact Σ ± a·y, where `sum_n` bounds Σ|a||y|
    /// over the terms with exact `a` and `sum_d` over the terms whose `a` came from
    /// [`BallArith::mid_scale_int`] (so are within U·|a| of the exact coefficient).
    fn dot_finish(acc: Self::Dot, sum_n: f64, sum_d: f64) -> (Self::Mid, f64);
    /// c·m for a small integer c, within U·|c·m|.
    fn mid_scale_int(m: Self::Mid, c: usize) -> Self::Mid;
    /// Double-precision balls of `v` (borrowed when they already are).
    fn balls(v: &[Self]) -> Cow<'_, [Ball]>;
}

impl BallArith for Ball {
    type Mid = Complex64;
    const U: f64 = EPS / 8.0;
    const MUL: f64 = 2.25;
    const DOT_NEEDS_BOUND: bool = false;
    /// The running sum and the L¹ norms of its partial sums.
    type Dot = (Complex64, f64);
    const MID_ZERO: Complex64 = Complex64::new(0.0, 0.0);
    const MID_ONE: Complex64 = Complex64::new(1.0, 0.0);

    #[inline]
    fn with_mid(mid: Complex64, rad: f64) -> Ball {
        Ball::new(mid, rad)
    }
    #[inline]
    fn mid(&self) -> Complex64 {
        self.mid
    }
    #[inline]
    fn rad(&self) -> f64 {
        self.rad
    }
    fn zero() -> Ball {
        Ball::zero()
    }
    fn one() -> Ball {
        Ball::one()
    }
    fn whole() -> Ball {
        Ball::whole()
    }
    fn exact(z: Complex64) -> Ball {
        Ball::exact(z)
    }
    fn from_rational(q: &Q) -> Ball {
        Ball::from_rational(q)
    }
    fn from_rationals(re: &Q, im: &Q) -> Ball {
        Ball::from_rationals(re, im)
    }
    fn two_pi_i() -> Ball {
        Ball::two_pi_i()
    }
    #[inline]
    fn abs_upper(&self) -> f64 {
        Ball::abs_upper(self)
    }
    #[inline]
    fn abs_lower(&self) -> f64 {
        Ball::abs_lower(self)
    }
    fn recip(self) -> Ball {
        Ball::recip(self)
    }
    fn exp(self) -> Ball {
        Ball::exp(self)
    }
    #[inline]
    fn div_int(self, k: usize) -> Ball {
        let f = self.scale(1.0 / k as f64);
        // 1/k is rounded (relative error ≤ u): charge it on top of `scale`'s own
        Ball::new(f.mid, up(f.rad + 2.0 * Self::U * abs_up(f.mid)))
    }
    fn overlaps(&self, other: &Ball) -> bool {
        Ball::overlaps(self, other)
    }
    fn contains(&self, z: Complex64) -> bool {
        Ball::contains(self, z)
    }
    fn mid_distance(&self, other: &Ball) -> f64 {
        (self.mid - other.mid).norm()
    }
    fn approx(&self) -> Complex64 {
        self.mid
    }
    fn to_ball(&self) -> Ball {
        *self
    }
    #[inline]
    fn diff(a: Complex64, b: Complex64) -> Ball {
        // each component of a − b is rounded once: |error| ≤ u·(|re| + |im|)
        let hm = a - b;
        Ball::new(hm, up(Self::U * (hm.re.abs() + hm.im.abs())))
    }
    #[inline]
    fn mid_abs_up(m: Complex64) -> f64 {
        abs_up(m)
    }
    #[inline(always)]
    fn dot_start(_bound: f64) -> (Complex64, f64) {
        (Complex64::new(0.0, 0.0), 0.0)
    }
    #[inline(always)]
    fn dot_add(acc: &mut (Complex64, f64), a: Complex64, y: Complex64, sub: bool) {
        if sub {
            acc.0 -= a * y;
        } else {
            acc.0 += a * y;
        }
        acc.1 += acc.0.re.abs() + acc.0.im.abs();
    }
    #[inline(always)]
    fn dot_finish(acc: (Complex64, f64), sum_n: f64, sum_d: f64) -> (Complex64, f64) {
        // products within 2.25u|a||y|, the rounded c·d_j add u|c d_j||y|, sums within
        // u/(1 − u) ≤ (1 + 4u)u of the L¹ norm of each computed partial sum
        let u = Self::U;
        (acc.0, u * (2.25 * sum_n + 3.25 * sum_d + (1.0 + 4.0 * u) * acc.1))
    }
    #[inline]
    fn mid_scale_int(m: Complex64, c: usize) -> Complex64 {
        m * c as f64
    }
    fn balls(v: &[Ball]) -> Cow<'_, [Ball]> {
        Cow::Borrowed(v)
    }
}

/// 1/k for k < 512, computed once (the Taylor recurrence divides by k + 1 at every order).
fn recip_table() -> &'static [(ExtFloat, bool)] {
    static TABLE: std::sync::OnceLock<Vec<(ExtFloat, bool)>> = std::sync::OnceLock::new();
    TABLE.get_or_init(|| {
        (0..512u64)
            .map(|k| ExtFloat::recip_u64(k.max(1)).unwrap_or((ExtFloat::ONE, true)))
            .collect()
    })
}

impl BallArith for ExtBall {
    type Mid = ExtComplex;
    const U: f64 = EXT_U;
    const MUL: f64 = EXT_MUL;
    const DOT_NEEDS_BOUND: bool = true;
    type Dot = ExtDot;
    const MID_ZERO: ExtComplex = ExtComplex::ZERO;
    const MID_ONE: ExtComplex = ExtComplex::ONE;

    #[inline]
    fn with_mid(mid: ExtComplex, rad: f64) -> ExtBall {
        ExtBall::new(mid, rad)
    }
    #[inline]
    fn mid(&self) -> ExtComplex {
        self.mid
    }
    #[inline]
    fn rad(&self) -> f64 {
        self.rad
    }
    fn zero() -> ExtBall {
        ExtBall::zero()
    }
    fn one() -> ExtBall {
        ExtBall::one()
    }
    fn whole() -> ExtBall {
        ExtBall::whole()
    }
    fn exact(z: Complex64) -> ExtBall {
        ExtBall::exact(z)
    }
    fn from_rational(q: &Q) -> ExtBall {
        ExtBall::from_rational(q)
    }
    fn from_rationals(re: &Q, im: &Q) -> ExtBall {
        ExtBall::from_rationals(re, im)
    }
    fn two_pi_i() -> ExtBall {
        ExtBall::two_pi_i()
    }
    #[inline]
    fn abs_upper(&self) -> f64 {
        ExtBall::abs_upper(self)
    }
    #[inline]
    fn abs_lower(&self) -> f64 {
        ExtBall::abs_lower(self)
    }
    fn recip(self) -> ExtBall {
        ExtBall::recip(self)
    }
    fn exp(self) -> ExtBall {
        ExtBall::exp(self)
    }
    #[inline]
    fn div_int(self, k: usize) -> ExtBall {
        match recip_table().get(k) {
            Some(&(r, exact)) if k > 0 => {
                let rad = if exact { 0.0 } else { up(EXT_U * r.abs_up()) };
                self * ExtBall { mid: ExtComplex::real(r), rad }
            }
            _ => ExtBall::div_int(self, k),
        }
    }
    fn overlaps(&self, other: &ExtBall) -> bool {
        ExtBall::overlaps(self, other)
    }
    fn contains(&self, z: Complex64) -> bool {
        ExtBall::contains(self, z)
    }
    fn mid_distance(&self, other: &ExtBall) -> f64 {
        (self.mid - other.mid).to_c64().norm()
    }
    fn approx(&self) -> Complex64 {
        self.mid.to_c64()
    }
    fn to_ball(&self) -> Ball {
        ExtBall::to_ball(self)
    }
    #[inline]
    fn diff(a: Complex64, b: Complex64) -> ExtBall {
        match (ExtComplex::from_c64(a), ExtComplex::from_c64(b)) {
            (Some(x), Some(y)) => {
                let d = x - y;
                ExtBall::new(d, up(EXT_U * d.abs_up()))
            }
            _ => ExtBall::whole(),
        }
    }
    #[inline]
    fn mid_abs_up(m: ExtComplex) -> f64 {
        m.abs_up()
    }
    #[inline(always)]
    fn dot_start(bound: f64) -> ExtDot {
        ExtDot::new(bound)
    }
    #[inline(always)]
    fn dot_add(acc: &mut ExtDot, a: ExtComplex, y: ExtComplex, sub: bool) {
        acc.add(a, y, sub);
    }
    #[inline(always)]
    fn dot_finish(acc: ExtDot, _sum_n: f64, sum_d: f64) -> (ExtComplex, f64) {
        // exact accumulation up to `err`, one truncation (≤ u|z|), and the rounded c·d_j
        let (z, err) = acc.finish();
        (z, up(up(EXT_U * up(sum_d + z.abs_up())) + err))
    }
    #[inline]
    fn mid_scale_int(m: ExtComplex, c: usize) -> ExtComplex {
        m.mul_real(ExtFloat::from_i64(c as i64))
    }
    fn balls(v: &[ExtBall]) -> Cow<'_, [Ball]> {
        Cow::Owned(v.iter().map(ExtBall::to_ball).collect())
    }
}
