//! Self-checks of computed monodromy matrices. By Liouville's formula det Φ satisfies
//! (det Φ)' = tr A · det Φ, so a loop around p alone multiplies the determinant by
//! exp(2πi·Res_p tr A) (Hille, *Ordinary Differential Equations in the Complex Domain*;
//! the cross-check recommended by van der Hoeven, TCS 210 (1999), and Mezzarobba,
//! arXiv:1607.01967). The residue is exact (rational arithmetic) at rational singular
//! points and a ball evaluation of tr N(p)/d'(p) at an approximate simple root otherwise,
//! which is then marked as not certified.

use num_complex::Complex64;

use crate::ball::{Ball, BallMatrix};
use crate::monodromy::MonodromyResult;
use crate::taylor::{residue_exact, RationalSystem};

/// One check: a computed ball against an expected ball.
#[derive(Debug, Clone, PartialEq)]
pub struct Check {
    /// What is compared.
    pub name: String,
    /// The value from the monodromy matrices.
    pub computed: Ball,
    /// The value from the closed form.
    pub expected: Ball,
    /// Whether the expected value is itself certified (exact singular point).
    pub certified: bool,
    /// rad(computed) + rad(expected) − |mid difference|: ≥ 0 when the balls meet.
    pub margin: f64,
    /// Whether the balls meet (a disjoint pair proves an error when `certified`).
    pub passed: bool,
}

impl Check {
    /// Compares two balls.
    pub fn new(name: String, computed: Ball, expected: Ball, certified: bool) -> Check {
        let margin = computed.rad + expected.rad - (computed.mid - expected.mid).norm();
        Check { name, computed, expected, certified, margin, passed: computed.overlaps(&expected) }
    }
}

fn poly_ball(p: &varan_algebra::UPoly, z: Ball) -> Ball {
    p.coeffs().iter().rev().fold(Ball::zero(), |s, c| s * z + Ball::from_rational(c))
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
    opts: &crate::monodromy::MonodromyOptions,
) -> Result<Check, crate::taylor::SystemError> {
    let n = sys.dim();
    let mut prod = BallMatrix::identity(n);
    for &i in &res.product_order {
        prod = res.local[i].matrix.mul(&prod);
    }
    let big = crate::monodromy::monodromy_along(sys, &loop_around_all(res), opts)?;
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
    Ok(check)
}
