//! Self-checks of computed monodromy matrices. By Liouville's formula det Φ satisfies
//! (det Φ)' = tr A · det Φ, so a loop around p alone multiplies the determinant by
//! exp(2πi·Res_p tr A) (Hille, *Ordinary Differential Equations in the Complex Domain*;
//! the cross-check recommended by van der Hoeven, TCS 210 (1999), and Mezzarobba,
//! arXiv:1607.01967). The residue is exact (rational arithmetic) at rational singular
//! points and a ball evaluation of tr N(p)/d'(p) at an approximate simple root otherwise,
//! which is then marked as not certified.
//!
//! The `_extended` variants run the same checks on the extended-precision matrices
//! ([`crate::ExtMatrix`]), with exp(2πi·Res) evaluated in extended balls after reducing the
//! rational residue modulo 1 (exactly), so that both sides have radii near 10⁻³⁰.

use num_complex::Complex64;
use num_integer::Integer;
use varan_algebra::Q;

use crate::arith::BallArith;
use crate::ball::Ball;
use crate::ext_ball::ExtBall;
use crate::matrix::{BallMatrix, Matrix};
use crate::monodromy::{MonodromyOptions, MonodromyResult};
use crate::taylor::{residue_exact, RationalSystem, SystemError};

/// One check: a computed ball against an expected ball (double precision by default,
/// `Check<ExtBall>` for the extended checks).
#[derive(Debug, Clone, PartialEq)]
pub struct Check<B = Ball> {
    /// What is compared.
    pub name: String,
    /// The value from the monodromy matrices.
    pub computed: B,
    /// The value from the closed form.
    pub expected: B,
    /// Whether the expected value is itself certified (exact singular point).
    pub certified: bool,
    /// rad(computed) + rad(expected) − |mid difference|: ≥ 0 when the balls meet.
    pub margin: f64,
    /// Whether the balls meet (a disjoint pair proves an error when `certified`).
    pub passed: bool,
}

impl<B: BallArith> Check<B> {
    /// Compares two balls.
    pub fn new(name: String, computed: B, expected: B, certified: bool) -> Check<B> {
        let margin = computed.rad() + expected.rad() - computed.mid_distance(&expected);
        Check { name, computed, expected, certified, margin, passed: computed.overlaps(&expected) }
    }
}

fn poly_ball<B: BallArith>(p: &varan_algebra::UPoly, z: B) -> B {
    p.coeffs().iter().rev().fold(B::zero(), |s, c| s * z + B::from_rational(c))
}

/// r − round(r): the representative of r modulo 1 in [−1/2, 1/2], exactly.
fn reduce_mod_one(r: &Q) -> Q {
    let (n, d) = (r.numer(), r.denom());
    // n = q·d + m with 0 ≤ m < d
    let m = n.mod_floor(d);
    let m = if &m * 2 > *d { m - d } else { m };
    Q::new(m, d.clone())
}

/// det M_p against exp(2πi·Res_p tr A) for every local monodromy.
pub fn det_checks(sys: &RationalSystem, res: &MonodromyResult) -> Vec<Check> {
    let trn = sys.trace_numerator();
    let dd = sys.d.derivative();
    let mut out = Vec::new();
    for l in &res.local {
        let (r, certified) = match &l.exact {
            Some(p) => match residue_exact(&trn, &sys.d, p) {
                Some(r) => (Ball::from_rational(&r), true),
                None => continue,
            },
            None => {
                let z = Ball::exact(l.point);
                (poly_ball(&trn, z) / poly_ball(&dd, z), false)
            }
        };
        let expected = (Ball::two_pi_i() * r).exp();
        out.push(Check::new(
            format!("det M at {}", crate::roots::complex_text(l.point)),
            l.matrix.det(),
            expected,
            certified,
        ));
    }
    out
}

/// det M_p against exp(2πi·Res_p tr A) in extended precision, for every local monodromy
/// that has an extended matrix (empty when none has).
pub fn det_checks_extended(sys: &RationalSystem, res: &MonodromyResult) -> Vec<Check<ExtBall>> {
    let trn = sys.trace_numerator();
    let dd = sys.d.derivative();
    let mut out = Vec::new();
    for l in &res.local {
        let Some(m) = &l.extended else { continue };
        let (expected, certified) = match &l.exact {
            Some(p) => match residue_exact(&trn, &sys.d, p) {
                Some(r) => {
                    let r = ExtBall::from_rational(&reduce_mod_one(&r));
                    ((ExtBall::two_pi_i() * r).exp(), true)
                }
                None => continue,
            },
            None => {
                let z = ExtBall::exact(l.point);
                let r = poly_ball(&trn, z) / poly_ball(&dd, z);
                ((ExtBall::two_pi_i() * r).exp(), false)
            }
        };
        out.push(Check::new(
            format!("det M at {}", crate::roots::complex_text(l.point)),
            m.det(),
            expected,
            certified,
        ));
    }
    out
}

/// Whether `m` contains the identity (for loops with trivial monodromy).
pub fn contains_identity(m: &BallMatrix) -> bool {
    let n = m.dim();
    (0..n).all(|i| {
        (0..n).all(|j| m.get(i, j).contains(Complex64::new(if i == j { 1.0 } else { 0.0 }, 0.0)))
    })
}

/// The loop from the base point around all finite singular points: out along the middle
/// of the widest angular gap seen from b, a counter-clockwise 16-gon around b enclosing
/// every singular point, and back. It is homotopic to the lassos of `res` concatenated
/// in `res.product_order`, and its monodromy is the inverse of the one around ∞.
pub fn loop_around_all(res: &MonodromyResult) -> Vec<Complex64> {
    let b = res.base;
    let tau = 2.0 * std::f64::consts::PI;
    let mut args: Vec<f64> = res.local.iter().map(|l| (l.point - b).arg()).collect();
    args.sort_by(f64::total_cmp);
    let far = res.local.iter().fold(1.0f64, |m, l| m.max((l.point - b).norm()));
    let radius = 2.0 * far;
    let theta = if args.is_empty() {
        0.0
    } else {
        let mut best = (args[0] + tau - args[args.len() - 1], args[args.len() - 1]);
        for w in args.windows(2) {
            if w[1] - w[0] > best.0 {
                best = (w[1] - w[0], w[0]);
            }
        }
        best.1 + best.0 / 2.0
    };
    let mut path = vec![b];
    for k in 0..=16 {
        path.push(b + Complex64::from_polar(radius, theta + tau * k as f64 / 16.0));
    }
    path.push(b);
    path
}

/// The product of the local monodromies in `res.product_order` against the monodromy
/// along [`loop_around_all`]; `passed` when every entry pair of balls meets, `margin`
/// the smallest entry margin.
pub fn product_check(
    sys: &RationalSystem,
    res: &MonodromyResult,
    opts: &MonodromyOptions,
) -> Result<Check, SystemError> {
    let locals: Vec<&BallMatrix> = res.local.iter().map(|l| &l.matrix).collect();
    let big = crate::monodromy::monodromy_along(sys, &loop_around_all(res), opts)?;
    Ok(compare_product(sys.dim(), &locals, &res.product_order, &big))
}

/// [`product_check`] in extended precision: `None` unless every local monodromy has an
/// extended matrix; the loop around all points is integrated in the precision of `opts`
/// (at least 16 digits).
pub fn product_check_extended(
    sys: &RationalSystem,
    res: &MonodromyResult,
    opts: &MonodromyOptions,
) -> Result<Option<Check<ExtBall>>, SystemError> {
    let Some(locals) = res.local.iter().map(|l| l.extended.as_ref()).collect::<Option<Vec<_>>>()
    else {
        return Ok(None);
    };
    let big = crate::monodromy::monodromy_along_extended(sys, &loop_around_all(res), opts)?;
    Ok(Some(compare_product(sys.dim(), &locals, &res.product_order, &big)))
}

/// The product of `locals` in `order` against `big`, entry by entry.
fn compare_product<B: BallArith>(
    n: usize,
    locals: &[&Matrix<B>],
    order: &[usize],
    big: &Matrix<B>,
) -> Check<B> {
    let mut prod = Matrix::<B>::identity(n);
    for &i in order {
        prod = locals[i].mul(&prod);
    }
    let mut check = Check::new(
        "product of local monodromies vs loop around all".into(),
        prod.trace(),
        big.trace(),
        true,
    );
    for (a, b) in prod.entries().iter().zip(big.entries()) {
        let c = Check::new(String::new(), *a, *b, true);
        check.margin = check.margin.min(c.margin);
        check.passed &= c.passed;
    }
    check
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn residues_modulo_one() {
        let q = |n: i64, d: i64| Q::new(n.into(), d.into());
        for (r, want) in
            [(q(7, 4), q(-1, 4)), (q(-7, 4), q(1, 4)), (q(1, 2), q(1, 2)), (q(3, 1), q(0, 1))]
        {
            let got = reduce_mod_one(&r);
            assert_eq!(got, want, "{r}");
            assert!((r - got).is_integer());
        }
    }
}
