//! A software binary floating-point number with a 126-bit mantissa, and complex numbers
//! over it: the midpoint arithmetic of the extended-precision balls of
//! [`crate::ExtBall`] (the "mid-rad" scheme of van der Hoeven, *Ball arithmetic*, 2009, and
//! of Arb: an extended midpoint, a hardware-double radius).
//!
//! Representation. x = (−1)^s · m · 2^e with m = 0 or 2¹²⁵ ≤ m < 2¹²⁶ (a `u128` with two
//! spare bits) and a 64-bit exponent e. Zero is m = 0 with a sentinel exponent far below
//! every other (so that it needs no special case in a sum) and s = +. Nothing allocates.
//!
//! Rounding. Every operation (+, −, ×, conversion of a rational) returns the exact result
//! truncated toward zero to 126 bits: fl(x) = sign(x)·⌊|x|/2^e⌋·2^e with the e that puts the
//! mantissa in [2¹²⁵, 2¹²⁶). Hence |fl(x)| ≤ |x| and
//!
//! $$ |\mathrm{fl}(x) - x| < 2^e \le 2^{-125}\,|\mathrm{fl}(x)| \le 2^{-125}\,|x| , $$
//!
//! i.e. the unit roundoff is [`EXT_U`] = 2⁻¹²⁵ (≈ 2.4·10⁻³⁸) per real operation. Why each
//! operation truncates exactly:
//! - product: the 252-bit product of the mantissas is formed exactly from four 64×64-bit
//!   products and shifted right by 125 or 126 bits (a floor);
//! - sum, |x| ≥ |y|, d = e_x − e_y: in units of 2^{e_x−1}, S = 2m_x + ⌊±2m_y/2^d⌋ (an
//!   arithmetic shift of the signed mantissa, so a floor for either sign) = ⌊2m_x ± 2m_y/2^d⌋,
//!   the exact magnitude floored (it is ≥ 0 and < 2¹²⁸). S is then normalized: a right shift
//!   by at most 2 bits floors again (⌊⌊v⌋/2^j⌋ = ⌊v/2^j⌋); a left shift happens only when
//!   S < 2¹²⁵, which needs d ≤ 1 (for d ≥ 2, |2m_y/2^d| < 2¹²⁵ ≤ 2m_x − 2¹²⁵), where S is
//!   exact. The sum has no data-dependent branch but the operand order;
//! - rationals p/q: ⌊|p|·2^s/|q|⌋ in big integers, with s chosen so that it has 126 bits.
//!
//! Conversions to doubles are directed ([`ExtFloat::abs_up`], [`ExtFloat::abs_down`]) so that
//! radii computed in doubles stay upper bounds. Exponents are kept in [−2⁶⁰, 2⁶⁰] (so that
//! sums of two of them never overflow): a value beyond the double range has an infinite
//! upper bound, and every ball radius built from it is infinite; a value below 2⁻¹⁰²² is
//! bounded by the smallest normal double, which every ball operation adds to its radius
//! anyway, so clamping such an exponent changes nothing that a radius does not cover. The
//! unit tests check every operation against exact rational arithmetic.

use std::ops::{Add, Mul, Neg, Sub};

use num_bigint::{BigInt, BigUint};
use num_complex::Complex64;
use num_integer::Integer;
use num_traits::{One, Signed, ToPrimitive, Zero};
use varan_algebra::Q;

/// Unit roundoff of one real operation of [`ExtFloat`]: 2⁻¹²⁵.
pub const EXT_U: f64 = 2.350_988_701_644_575e-38;

/// 2¹²⁵, the smallest normalized mantissa.
const TOP: u128 = 1 << 125;
const MASK64: u128 = (1 << 64) - 1;
/// Bound of the exponents of non-zero values.
const E_MAX: i64 = 1 << 60;
/// The exponent of zero: below every exponent a non-zero value reaches.
const ZERO_E: i64 = -3 * E_MAX;

/// An exponent clamped to [−2⁶⁰, 2⁶⁰].
#[inline(always)]
fn clamp_e(e: i64) -> i64 {
    e.clamp(-E_MAX, E_MAX)
}

/// A binary floating-point number with a 126-bit mantissa, truncating toward zero (see the
/// module doc).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct ExtFloat {
    /// Mantissa: 0 or in [2¹²⁵, 2¹²⁶).
    m: u128,
    /// Exponent: the value is ±m·2^e.
    e: i64,
    /// Sign (false for zero).
    neg: bool,
}

/// The exact 256-bit product of a and b, as (high, low) halves (four 64×64→128-bit
/// products).
#[inline(always)]
fn mul_wide(a: u128, b: u128) -> (u128, u128) {
    let w = |x: u64, y: u64| u128::from(x) * u128::from(y);
    let (a1, a0) = ((a >> 64) as u64, a as u64);
    let (b1, b0) = ((b >> 64) as u64, b as u64);
    let p00 = w(a0, b0);
    let p01 = w(a0, b1);
    let p10 = w(a1, b0);
    let p11 = w(a1, b1);
    let mid = (p00 >> 64) + (p01 & MASK64) + (p10 & MASK64);
    let lo = (p00 & MASK64) | (mid << 64);
    let hi = p11 + (p01 >> 64) + (p10 >> 64) + (mid >> 64);
    (hi, lo)
}

impl ExtFloat {
    /// 0.
    pub const ZERO: ExtFloat = ExtFloat { m: 0, e: ZERO_E, neg: false };
    /// 1.
    pub const ONE: ExtFloat = ExtFloat { m: TOP, e: -125, neg: false };

    /// ±m·2^e normalized; a mantissa of 127 or 128 bits loses (truncates) its last bits.
    #[inline(always)]
    fn norm(m: u128, e: i64, neg: bool) -> ExtFloat {
        let lz = m.leading_zeros();
        let mm = if lz >= 2 { m << (lz - 2) } else { m >> (2 - lz) };
        if m == 0 {
            ExtFloat::ZERO
        } else {
            ExtFloat { m: mm, e: clamp_e(clamp_e(e) + 2 - i64::from(lz)), neg }
        }
    }

    /// The double `x`, exactly (`None` for ±∞ and NaN).
    pub fn from_f64(x: f64) -> Option<ExtFloat> {
        if !x.is_finite() {
            return None;
        }
        if x == 0.0 {
            return Some(ExtFloat::ZERO);
        }
        let bits = x.to_bits();
        let neg = bits >> 63 == 1;
        let ex = ((bits >> 52) & 0x7ff) as i64;
        let frac = u128::from(bits & ((1 << 52) - 1));
        let (m, e) = if ex == 0 { (frac, -1074) } else { (frac | (1 << 52), ex - 1075) };
        Some(ExtFloat::norm(m, e, neg))
    }

    /// The integer `k`, exactly.
    pub fn from_i64(k: i64) -> ExtFloat {
        ExtFloat::norm(u128::from(k.unsigned_abs()), 0, k < 0)
    }

    /// The rational `q` truncated toward zero to 127 bits, and whether that is exact.
    pub fn from_rational(q: &Q) -> (ExtFloat, bool) {
        let (n, d) = (q.numer(), q.denom());
        if n.is_zero() || d.is_zero() {
            return (ExtFloat::ZERO, !d.is_zero());
        }
        let neg = n.is_negative() != d.is_negative();
        let (n, d): (&BigUint, &BigUint) = (n.magnitude(), d.magnitude());
        // with s = 126 − (bits n − bits d): 2¹²⁵ < n·2^s/d < 2¹²⁷
        let s = 126 - (n.bits() as i64 - d.bits() as i64);
        let (t, r) = if s >= 0 {
            (n << s.unsigned_abs()).div_rem(d)
        } else {
            n.div_rem(&(d << s.unsigned_abs()))
        };
        let mut exact = r.is_zero();
        let Some(mut m) = t.to_u128() else { return (ExtFloat::ZERO, false) };
        let mut e = -s;
        if m >> 126 != 0 {
            exact &= m & 1 == 0;
            m >>= 1;
            e += 1;
        }
        (ExtFloat { m, e: clamp_e(e), neg }, exact)
    }

    /// 1/k truncated toward zero, for an integer k ≥ 1 (`None` for 0), and whether it is
    /// exact: ⌊2^(125+b)/k⌋ with 2^(b−1) < k < 2^b, by two word divisions.
    pub fn recip_u64(k: u64) -> Option<(ExtFloat, bool)> {
        if k == 0 {
            return None;
        }
        let b = 64 - k.leading_zeros();
        if k.is_power_of_two() {
            return Some((ExtFloat { m: TOP, e: -125 - i64::from(b - 1), neg: false }, true));
        }
        let kk = u128::from(k);
        let num = 1u128 << (61 + b);
        let (q1, r1) = (num / kk, num % kk);
        let (q2, r2) = ((r1 << 64) / kk, (r1 << 64) % kk);
        let m = (q1 << 64) + q2;
        Some((ExtFloat::norm(m, -125 - i64::from(b), false), r2 == 0))
    }

    /// The exact value as a rational.
    pub fn to_rational(&self) -> Q {
        if self.m == 0 {
            return Q::zero();
        }
        let mut m = BigInt::from(self.m);
        if self.neg {
            m = -m;
        }
        if self.e >= 0 {
            Q::from_integer(m << self.e.unsigned_abs())
        } else {
            Q::new(m, BigInt::one() << self.e.unsigned_abs())
        }
    }

    /// Whether the value is 0.
    pub fn is_zero(&self) -> bool {
        self.m == 0
    }

    /// Whether the value is negative.
    pub fn is_negative(&self) -> bool {
        self.neg
    }

    /// |x|.
    pub fn abs(self) -> ExtFloat {
        ExtFloat { neg: false, ..self }
    }

    /// x·2^k, exact (within the exponent range, see the module doc).
    pub fn mul_pow2(self, k: i64) -> ExtFloat {
        if self.m == 0 {
            self
        } else {
            ExtFloat { e: clamp_e(self.e.saturating_add(k)), ..self }
        }
    }

    /// |x| as a double rounded toward zero (`up` = false) or away from zero (`up` = true):
    /// the top 53 mantissa bits, plus one unit in the last place when bits are cut and
    /// rounding is up. Beyond the double range: f64::MAX / +∞; below 2⁻¹⁰²²: 0 / the smallest
    /// normal double.
    #[inline]
    fn abs_directed(&self, up: bool) -> f64 {
        if self.m == 0 {
            return 0.0;
        }
        // |x| ∈ [2^E, 2^(E+1))
        let big_e = self.e.saturating_add(125);
        if big_e > 1023 {
            return if up { f64::INFINITY } else { f64::MAX };
        }
        if big_e < -1022 {
            return if up { f64::MIN_POSITIVE } else { 0.0 };
        }
        let m53 = (self.m >> 73) as u64;
        let mut bits = (((big_e + 1023) as u64) << 52) | (m53 & ((1 << 52) - 1));
        if up && self.m & ((1 << 73) - 1) != 0 {
            // the carry runs into the exponent field (and to +∞ past f64::MAX)
            bits += 1;
        }
        f64::from_bits(bits)
    }

    /// An upper bound of |x| in doubles.
    #[inline]
    pub fn abs_up(&self) -> f64 {
        self.abs_directed(true)
    }

    /// A lower bound of |x| in doubles.
    #[inline]
    pub fn abs_down(&self) -> f64 {
        self.abs_directed(false)
    }

    /// A double within one unit in the last place of x: the top 54 mantissa bits rounded to
    /// 53, so |x − d| < 2⁻⁵²·|d|; 0 below the normal range (|x| < 2⁻¹⁰²²), ±∞ beyond it.
    pub fn to_f64(&self) -> f64 {
        if self.m == 0 {
            return 0.0;
        }
        let big_e = self.e.saturating_add(125);
        let v = if big_e > 1023 {
            f64::INFINITY
        } else if big_e < -1022 {
            0.0
        } else {
            let m54 = (self.m >> 72) as u64;
            let bits = (((big_e + 1023) as u64) << 52) + ((m54 + 1) >> 1) - (1 << 52);
            f64::from_bits(bits)
        };
        if self.neg {
            -v
        } else {
            v
        }
    }

    /// The value rounded to `digits` significant decimal digits (at least 1), and an upper
    /// bound of the rounding error |x − printed|. Positional notation for decimal exponents
    /// in [−5, digits), scientific (`1.25e-40`) otherwise.
    pub fn to_decimal_with_error(&self, digits: usize) -> (String, f64) {
        let digits = digits.max(1);
        if self.m == 0 {
            return ("0".into(), 0.0);
        }
        if self.e.abs() > 100_000 {
            // far outside the double range (such a value only occurs in a ball of infinite
            // or normal-double-sized radius): no exact expansion
            return (format!("{:e}", self.to_f64()), f64::INFINITY);
        }
        let x = self.to_rational().abs();
        // decimal exponent E with 10^E ≤ |x| < 10^(E+1), from the binary exponent and checked
        let log10 = (self.e as f64 + 125.0) * std::f64::consts::LOG10_2
            + ((self.m >> 64) as f64 / 2f64.powi(61)).log10();
        let mut big_e = log10.floor() as i64;
        let ten = BigInt::from(10);
        let pow10 = |k: i64| -> Q {
            let p = Q::from_integer(num_traits::pow(ten.clone(), k.unsigned_abs() as usize));
            if k >= 0 {
                p
            } else {
                p.recip()
            }
        };
        let (n, shift) = loop {
            // n = round(|x|·10^(digits−1−E))
            let shift = digits as i64 - 1 - big_e;
            let scaled = &x * pow10(shift);
            let n = (scaled + Q::new(BigInt::one(), BigInt::from(2))).floor().to_integer();
            let lo = num_traits::pow(ten.clone(), digits - 1);
            if n < lo {
                big_e -= 1;
            } else if n >= &lo * &ten {
                big_e += 1;
            } else {
                break (n, shift);
            }
        };
        let s = n.to_string();
        let body = if (-5..digits as i64).contains(&big_e) {
            if big_e >= 0 {
                let (a, b) = s.split_at(big_e as usize + 1);
                if b.is_empty() {
                    a.to_string()
                } else {
                    format!("{a}.{b}")
                }
            } else {
                format!("0.{}{}", "0".repeat((-big_e - 1) as usize), s)
            }
        } else {
            let (a, b) = s.split_at(1);
            if b.is_empty() {
                format!("{a}e{big_e}")
            } else {
                format!("{a}.{b}e{big_e}")
            }
        };
        let sign = if self.neg { "-" } else { "" };
        // |x − n·10^(−shift)| ≤ 10^(−shift)/2, bounded generously in doubles
        let err = 0.5 * 10f64.powi(-(shift.clamp(-300, 300) as i32)) * (1.0 + 1e-9);
        let err = if shift < -300 { f64::INFINITY } else { err };
        (format!("{sign}{body}"), err)
    }
}

impl Neg for ExtFloat {
    type Output = ExtFloat;
    #[inline]
    fn neg(self) -> ExtFloat {
        if self.m == 0 {
            self
        } else {
            ExtFloat { neg: !self.neg, ..self }
        }
    }
}

impl Mul for ExtFloat {
    type Output = ExtFloat;
    #[inline(always)]
    fn mul(self, o: ExtFloat) -> ExtFloat {
        // P = m_a·m_b: 0 or 2²⁵⁰ ≤ P < 2²⁵²; p = ⌊P/2¹²⁵⌋ < 2¹²⁷, shifted once more if ≥ 2¹²⁶
        let (hi, lo) = mul_wide(self.m, o.m);
        let p = (hi << 3) | (lo >> 125);
        let t = (p >> 126) as u32;
        let m = p >> t;
        let zero = m == 0;
        let e = clamp_e(self.e + o.e + 125 + i64::from(t));
        ExtFloat { m, e: if zero { ZERO_E } else { e }, neg: !zero && self.neg != o.neg }
    }
}

impl Add for ExtFloat {
    type Output = ExtFloat;
    #[inline(always)]
    fn add(self, o: ExtFloat) -> ExtFloat {
        // x: the operand of larger magnitude (zero has the smallest exponent)
        let swap = o.e > self.e || (o.e == self.e && o.m > self.m);
        let (x, y) = if swap { (o, self) } else { (self, o) };
        let d = x.e.abs_diff(y.e).min(127) as u32;
        // units of 2^(e_x − 1): S = 2m_x + ⌊±2m_y/2^d⌋ ∈ [0, 2¹²⁸) (module doc)
        let ys = if x.neg == y.neg { y.m as i128 } else { -(y.m as i128) };
        let s = (((x.m as i128) << 1).wrapping_add((ys << 1) >> d)) as u128;
        let lz = s.leading_zeros();
        let m = if lz >= 2 { s << (lz - 2) } else { s >> (2 - lz) };
        let zero = s == 0;
        let e = (x.e + 1 - i64::from(lz)).max(-E_MAX);
        ExtFloat { m, e: if zero { ZERO_E } else { e }, neg: !zero && x.neg }
    }
}

impl Sub for ExtFloat {
    type Output = ExtFloat;
    #[inline]
    fn sub(self, o: ExtFloat) -> ExtFloat {
        self + (-o)
    }
}

/// A complex number over [`ExtFloat`]; every component operation truncates (module doc).
///
/// Error bounds, with u = [`EXT_U`]: a sum is within u·|computed sum| of the exact sum
/// (componentwise truncation); a product, formed as (a·c − b·d) + i(a·d + b·c), is within
/// 2√2·u·|x||y| (each component within 2u·(|a||c| + |b||d|), resp. 2u·(|a||d| + |b||c|)).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct ExtComplex {
    /// Real part.
    pub re: ExtFloat,
    /// Imaginary part.
    pub im: ExtFloat,
}

impl ExtComplex {
    /// 0.
    pub const ZERO: ExtComplex = ExtComplex { re: ExtFloat::ZERO, im: ExtFloat::ZERO };
    /// 1.
    pub const ONE: ExtComplex = ExtComplex { re: ExtFloat::ONE, im: ExtFloat::ZERO };

    /// The real number `x`.
    pub fn real(x: ExtFloat) -> ExtComplex {
        ExtComplex { re: x, im: ExtFloat::ZERO }
    }

    /// The double-precision point `z`, exactly (`None` unless finite).
    pub fn from_c64(z: Complex64) -> Option<ExtComplex> {
        Some(ExtComplex { re: ExtFloat::from_f64(z.re)?, im: ExtFloat::from_f64(z.im)? })
    }

    /// The nearest double-precision point (approximately).
    pub fn to_c64(&self) -> Complex64 {
        Complex64::new(self.re.to_f64(), self.im.to_f64())
    }

    /// An upper bound of |z| in doubles.
    #[inline]
    pub fn abs_up(&self) -> f64 {
        crate::ball::abs_up(Complex64::new(self.re.abs_up(), self.im.abs_up()))
    }

    /// A lower bound of |z| in doubles.
    #[inline]
    pub fn abs_down(&self) -> f64 {
        crate::ball::abs_down(Complex64::new(self.re.abs_down(), self.im.abs_down()))
    }

    /// z·2^k, exact.
    pub fn mul_pow2(self, k: i64) -> ExtComplex {
        ExtComplex { re: self.re.mul_pow2(k), im: self.im.mul_pow2(k) }
    }

    /// z·x for a real x (two rounded products).
    #[inline]
    pub fn mul_real(self, x: ExtFloat) -> ExtComplex {
        ExtComplex { re: self.re * x, im: self.im * x }
    }
}

impl Add for ExtComplex {
    type Output = ExtComplex;
    #[inline]
    fn add(self, o: ExtComplex) -> ExtComplex {
        ExtComplex { re: self.re + o.re, im: self.im + o.im }
    }
}

impl Sub for ExtComplex {
    type Output = ExtComplex;
    #[inline]
    fn sub(self, o: ExtComplex) -> ExtComplex {
        ExtComplex { re: self.re - o.re, im: self.im - o.im }
    }
}

impl Neg for ExtComplex {
    type Output = ExtComplex;
    #[inline]
    fn neg(self) -> ExtComplex {
        ExtComplex { re: -self.re, im: -self.im }
    }
}

impl Mul for ExtComplex {
    type Output = ExtComplex;
    #[inline(always)]
    fn mul(self, o: ExtComplex) -> ExtComplex {
        if o.im.m == 0 {
            // a real factor: the same result (x ± 0 = x exactly) with two products
            return ExtComplex { re: self.re * o.re, im: self.im * o.re };
        }
        ExtComplex { re: self.re * o.re - self.im * o.im, im: self.re * o.im + self.im * o.re }
    }
}

/// A signed 256-bit integer in two's complement, as (high, low) halves.
type I256 = (u128, u128);

/// |x| for a two's-complement (hi, lo) and whether x < 0.
#[inline(always)]
fn abs256((hi, lo): I256) -> (I256, bool) {
    if hi >> 127 == 0 {
        ((hi, lo), false)
    } else {
        let (l, c) = (!lo).overflowing_add(1);
        (((!hi).wrapping_add(u128::from(c)), l), true)
    }
}

/// A complex dot-product accumulator over [`ExtFloat`]: each real product of mantissas is
/// formed exactly (252 bits) and added in 256-bit fixed point with one exponent E chosen from
/// an upper bound B ≥ Σ|a_k||y_k| (2^E > 2B, so no partial sum overflows); a product below
/// the unit 2^(E−253) loses its low bits (truncation, < 1 unit per real product). The sum
/// is rounded once, at the end, to 126 bits (truncation toward zero, within u·|sum| per
/// component). Hence |computed − Σ ± a_k y_k| ≤ u·|computed| + 4·terms·2^(E−253)
/// ([`ExtDot::finish`] returns the second term).
#[derive(Clone, Copy, Debug)]
pub struct ExtDot {
    /// The exponent E of the accumulator: the sums are A·2^(E−253).
    e: i64,
    re: I256,
    im: I256,
    terms: u32,
    /// False when a product exceeded the bound (then the result is not to be trusted).
    ok: bool,
}

impl ExtDot {
    /// An accumulator for terms with Σ|a||y| ≤ `bound`.
    pub fn new(bound: f64) -> ExtDot {
        let (e, ok) = if !bound.is_finite() || bound < 0.0 {
            (0, false)
        } else if bound < f64::MIN_POSITIVE {
            (-1020, true)
        } else {
            // 2^(⌊log2 B⌋ + 2) > 2B
            (((bound.to_bits() >> 52) & 0x7ff) as i64 - 1023 + 2, true)
        };
        ExtDot { e, re: (0, 0), im: (0, 0), terms: 0, ok }
    }

    /// acc ± a·b (exact product, shifted to the accumulator's unit).
    #[inline(always)]
    fn add_real(acc: &mut I256, e_acc: i64, a: ExtFloat, b: ExtFloat, neg: bool, ok: &mut bool) {
        let (hi, lo) = mul_wide(a.m, b.m);
        // the product is (hi, lo)·2^(e_a + e_b), i.e. (hi, lo)·2^s units (no overflow: the
        // exponents are at least −3·2⁶⁰ and at most 2⁶⁰, |E| < 2¹¹)
        let s = a.e + b.e - e_acc + 253;
        let (hi, lo) = if s >= 0 {
            if s > 2 {
                // impossible when the bound holds: |product| ≤ B < 2^(E−1)
                *ok &= hi == 0 && lo == 0;
                (0, 0)
            } else {
                let s = s as u32;
                if s == 0 {
                    (hi, lo)
                } else {
                    ((hi << s) | (lo >> (128 - s)), lo << s)
                }
            }
        } else {
            let r = s.unsigned_abs();
            if r >= 256 {
                (0, 0)
            } else if r >= 128 {
                (0, hi >> (r - 128))
            } else {
                let r = r as u32;
                (hi >> r, (lo >> r) | if r == 0 { 0 } else { hi << (128 - r) })
            }
        };
        let neg = neg != (a.neg != b.neg);
        // two's-complement negation when neg: (x ^ mask) + (mask & 1)
        let mask = if neg { u128::MAX } else { 0 };
        let (l, c1) = (lo ^ mask).overflowing_add(mask & 1);
        let h = (hi ^ mask).wrapping_add(u128::from(c1));
        let (l2, c2) = acc.1.overflowing_add(l);
        acc.0 = acc.0.wrapping_add(h).wrapping_add(u128::from(c2));
        acc.1 = l2;
    }

    /// Adds a·y, or subtracts it when `sub`.
    #[inline(always)]
    pub fn add(&mut self, a: ExtComplex, y: ExtComplex, sub: bool) {
        let e = self.e;
        let ok = &mut self.ok;
        ExtDot::add_real(&mut self.re, e, a.re, y.re, sub, ok);
        ExtDot::add_real(&mut self.re, e, a.im, y.im, !sub, ok);
        ExtDot::add_real(&mut self.im, e, a.re, y.im, sub, ok);
        ExtDot::add_real(&mut self.im, e, a.im, y.re, sub, ok);
        self.terms += 1;
    }

    /// The sum (each component truncated toward zero to 126 bits) and an upper bound of the
    /// error of the accumulation before that rounding (+∞ if the bound was violated).
    pub fn finish(self) -> (ExtComplex, f64) {
        let round = |x: I256| -> ExtFloat {
            let ((hi, lo), neg) = abs256(x);
            if hi == 0 && lo == 0 {
                return ExtFloat::ZERO;
            }
            let lz = if hi != 0 { hi.leading_zeros() } else { 128 + lo.leading_zeros() };
            // highest bit p = 255 − lz; m = ⌊|x| / 2^(p − 125)⌋ has 126 bits
            let p = 255 - i64::from(lz);
            let sh = p - 125;
            let m = if sh >= 128 {
                hi >> (sh - 128)
            } else if sh > 0 {
                let sh = sh as u32;
                (lo >> sh) | (hi << (128 - sh))
            } else {
                lo << sh.unsigned_abs()
            };
            ExtFloat { m, e: clamp_e(self.e - 253 + sh), neg }
        };
        let z = ExtComplex { re: round(self.re), im: round(self.im) };
        let err = if self.ok {
            // 4·terms units of 2^(E−253) (a power of two times a small integer)
            let unit = 2f64.powi((self.e - 253).clamp(-1100, 1100) as i32);
            4.0 * f64::from(self.terms) * unit
        } else {
            f64::INFINITY
        };
        (z, err)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// The exact truncation of x ≠ 0 to 126 bits (the reference for every operation).
    fn trunc126(x: &Q) -> Q {
        if x.is_zero() {
            return Q::zero();
        }
        let a = x.abs();
        // find e with 2^125 ≤ |x|/2^e < 2^126
        let mut e: i64 = (a.numer().bits() as i64 - a.denom().bits() as i64) - 126;
        let two = Q::from_integer(BigInt::from(2));
        let p2 = |k: i64| {
            let p = num_traits::pow(two.clone(), k.unsigned_abs() as usize);
            if k >= 0 {
                p
            } else {
                p.recip()
            }
        };
        let lo = Q::from_integer(BigInt::one() << 125u32);
        let hi = Q::from_integer(BigInt::one() << 126u32);
        loop {
            let s = &a / p2(e);
            if s < lo {
                e -= 1;
            } else if s >= hi {
                e += 1;
            } else {
                let t = Q::from_integer(s.floor().to_integer()) * p2(e);
                return if x.is_negative() { -t } else { t };
            }
        }
    }

    fn ext(m: u128, e: i64, neg: bool) -> ExtFloat {
        ExtFloat::norm(m, e, neg)
    }

    fn arb_ext() -> impl Strategy<Value = ExtFloat> {
        prop_oneof![
            (any::<u128>(), -300i64..300, any::<bool>()).prop_map(|(m, e, s)| ext(m, e, s)),
            (any::<u64>(), -300i64..300, any::<bool>()).prop_map(|(m, e, s)| ext(
                u128::from(m),
                e,
                s
            )),
            // nearby exponents and small mantissa differences, to provoke cancellation
            (any::<u64>(), -3i64..3, any::<bool>()).prop_map(|(m, e, s)| ext(
                TOP + u128::from(m),
                e - 125,
                s
            )),
            (any::<u64>(), -3i64..3, any::<bool>()).prop_map(|(m, e, s)| ext(
                2 * TOP - 1 - u128::from(m),
                e - 125,
                s
            )),
            Just(ExtFloat::ZERO),
        ]
    }

    fn valid(x: &ExtFloat) -> bool {
        (x.m == 0 && !x.neg && x.e == ZERO_E) || (TOP..2 * TOP).contains(&x.m)
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(400))]
        #[test]
        fn operations_truncate_exactly(a in arb_ext(), b in arb_ext()) {
            let (qa, qb) = (a.to_rational(), b.to_rational());
            for (got, exact) in [(a + b, &qa + &qb), (a - b, &qa - &qb), (a * b, &qa * &qb)] {
                prop_assert!(valid(&got), "{got:?}");
                prop_assert_eq!(got.to_rational(), trunc126(&exact), "{:?} {:?}", a, b);
                // the stated bound |fl(x) − x| ≤ 2^-125 |x|
                let err = (got.to_rational() - &exact).abs();
                let bound = exact.abs() / Q::from_integer(BigInt::one() << 125u32);
                prop_assert!(err <= bound);
            }
        }

        #[test]
        fn rationals_and_doubles(p in any::<i64>(), q in 1i64..i64::MAX, x in any::<f64>()) {
            let r = Q::new(BigInt::from(p), BigInt::from(q));
            let (v, exact) = ExtFloat::from_rational(&r);
            prop_assert!(valid(&v));
            prop_assert_eq!(v.to_rational(), trunc126(&r));
            prop_assert_eq!(exact, v.to_rational() == r);
            if let Some(v) = ExtFloat::from_f64(x) {
                prop_assert_eq!(Some(v.to_rational()), Q::from_float(x));
                if x.abs() >= f64::MIN_POSITIVE {
                    prop_assert_eq!(v.to_f64(), x);
                }
                prop_assert!(v.abs_down() <= x.abs() && x.abs() <= v.abs_up());
            }
            let k = q.unsigned_abs();
            let (rk, exact) = ExtFloat::recip_u64(k).unwrap();
            let want = Q::new(BigInt::one(), BigInt::from(k));
            prop_assert_eq!(rk.to_rational(), trunc126(&want));
            prop_assert_eq!(exact, k.is_power_of_two());
        }

        #[test]
        fn directed_doubles_bracket(a in arb_ext()) {
            let q = a.to_rational().abs();
            let (lo, hi) = (a.abs_down(), a.abs_up());
            prop_assert!(Q::from_float(lo).unwrap() <= q);
            prop_assert!(hi.is_infinite() || Q::from_float(hi).unwrap() >= q);
            // to_f64 is within one unit in the last place: |x − d| < 2^-52 |d|
            let d = a.to_f64();
            if d != 0.0 {
                let err = (a.to_rational() - Q::from_float(d).unwrap()).abs();
                let ulp = Q::from_float(d.abs()).unwrap() / Q::from_integer(BigInt::one() << 52u32);
                prop_assert!(err < ulp, "{a:?} {d}");
            }
        }
    }

    fn arb_complex() -> impl Strategy<Value = ExtComplex> {
        (arb_ext(), arb_ext()).prop_map(|(re, im)| ExtComplex { re, im })
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(200))]
        #[test]
        fn dot_products_within_their_bound(
            terms in proptest::collection::vec((arb_complex(), arb_complex(), any::<bool>()), 0..6)
        ) {
            // exact Σ ± a·y in rationals, and the bound Σ|a||y| from the directed doubles
            let (mut re, mut im, mut bound) = (Q::zero(), Q::zero(), 0.0f64);
            let mut dot = None;
            for pass in 0..2 {
                for (a, y, sub) in &terms {
                    if pass == 0 {
                        let (ar, ai, yr, yi) =
                            (a.re.to_rational(), a.im.to_rational(), y.re.to_rational(), y.im.to_rational());
                        let pr = &ar * &yr - &ai * &yi;
                        let pi = &ar * &yi + &ai * &yr;
                        if *sub { re -= pr; im -= pi; } else { re += pr; im += pi; }
                        bound += crate::ball::up(a.abs_up() * y.abs_up());
                    } else {
                        let d: &mut ExtDot = dot.get_or_insert_with(|| ExtDot::new(bound));
                        d.add(*a, *y, *sub);
                    }
                }
            }
            let (z, err) = dot.unwrap_or_else(|| ExtDot::new(0.0)).finish();
            prop_assert!(valid(&z.re) && valid(&z.im));
            if bound.is_finite() && bound < 1e300 {
                prop_assert!(err.is_finite());
                // |z − exact| ≤ u|z| + err, componentwise (with u|z_re| etc.)
                let u = Q::new(BigInt::one(), BigInt::one() << 125u32);
                let errq = Q::from_float(err).unwrap();
                for (got, exact) in [(z.re, &re), (z.im, &im)] {
                    let g = got.to_rational();
                    prop_assert!((&g - exact).abs() <= &u * g.abs() + &errq, "{g} vs {exact}");
                }
            }
        }
    }

    #[test]
    fn cancellation_and_edges() {
        let one = ExtFloat::ONE;
        assert_eq!(EXT_U, 2f64.powi(-125));
        let tiny = one.mul_pow2(-125);
        // 1 + 2^-125 − 1 = 2^-125 exactly; 1 − 2^-200 truncates to the predecessor of 1
        assert_eq!((one + tiny) - one, tiny);
        let below = one - one.mul_pow2(-200);
        assert_eq!(below.to_rational(), Q::one() - Q::new(BigInt::one(), BigInt::one() << 126u32));
        assert_eq!(ExtFloat::ZERO * one, ExtFloat::ZERO);
        assert_eq!(ExtFloat::ZERO + ExtFloat::ZERO, ExtFloat::ZERO);
        assert_eq!(-one + one, ExtFloat::ZERO);
        assert_eq!(one - one, ExtFloat::ZERO);
        assert_eq!((-one).abs(), one);
        assert_eq!(ExtFloat::from_f64(f64::NAN), None);
        assert_eq!(ExtFloat::from_i64(-6).to_rational(), Q::from_integer(BigInt::from(-6)));
        // huge and tiny values have directed bounds
        let huge = one.mul_pow2(5000);
        assert_eq!(huge.abs_up(), f64::INFINITY);
        assert_eq!(one.mul_pow2(-5000).abs_up(), f64::MIN_POSITIVE);
        assert_eq!(one.mul_pow2(-5000).abs_down(), 0.0);
    }

    #[test]
    fn decimal_strings() {
        let third = ExtFloat::from_rational(&Q::new(BigInt::from(-1), BigInt::from(3))).0;
        let (s, err) = third.to_decimal_with_error(30);
        assert_eq!(s, "-0.333333333333333333333333333333");
        assert!((0.5e-30..=0.51e-30).contains(&err));
        let big = ExtFloat::from_rational(&Q::new(BigInt::from(123_456_789), BigInt::from(1))).0;
        assert_eq!(big.to_decimal_with_error(5).0, "1.2346e8");
        assert_eq!(big.to_decimal_with_error(12).0, "123456789.000");
        assert_eq!(ExtFloat::ONE.mul_pow2(-140).to_decimal_with_error(3).0, "7.17e-43");
        assert_eq!(ExtFloat::from_i64(1).to_decimal_with_error(1).0, "1");
    }
}
