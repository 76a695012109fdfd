//! Local monodromy matrices of Y' = A(z)·Y around each finite singular point, with
//! certified radii: a base point b, for each singular point p a lasso (straight segment
//! from b towards p, a counter-clockwise square around p, the same segment back), and the
//! transition matrix along it (van der Hoeven, *Fast evaluation of holonomic functions*,
//! TCS 210 (1999); Mezzarobba, arXiv:1607.01967).
//!
//! Conventions. The fundamental matrix Φ with Φ(b) = I is continued along the loop; M_p is
//! its value back at b, so M_p acts on column vectors of initial values at b in the basis
//! (y, y', …) of a companion system. The square around p has vertices
//! p + (a_p − p)·i^k with a_p = p + (b − p)/4 (as in the benchmark specification), shrunk
//! by halves while another singular point lies within 1.5·|a_p − p| of p; a loop whose
//! segment passes within a small distance of another singular point is refused. Following
//! loop γ₁ and then γ₂ gives the matrix M_{γ₂}·M_{γ₁}.
//!
//! Precision. With [`MonodromyOptions::digits`] ≤ [`F64_DIGITS`] the integration runs in
//! double-precision balls; above, in extended balls ([`ExtBall`], 126-bit midpoints) with a
//! per-step tail bound of 10^−(digits+6), and every local monodromy carries both the
//! extended matrix and a double-precision enclosure of it. The loops are the same in both
//! precisions: their vertices are doubles, exact in either.

use num_complex::Complex64;
use num_traits::ToPrimitive;
use varan_algebra::Q;

use crate::ext_ball::ExtBall;
use crate::matrix::{BallMatrix, ExtMatrix};
use crate::path::{transition, Integrator, PathStats};
use crate::roots::approximate_roots;
use crate::taylor::{BallSystem, RationalSystem, SystemError};

/// Most decimal digits [`MonodromyOptions::digits`] accepts: the extended midpoints carry
/// 126 bits (unit roundoff 2⁻¹²⁵ ≈ 2.4·10⁻³⁸), and the rounding accumulated along a loop
/// leaves about 33 digits.
pub const MAX_DIGITS: u32 = 32;

/// Digits served by the double-precision path (up to and including this many).
pub const F64_DIGITS: u32 = 15;

/// Options of [`local_monodromies`].
#[derive(Debug, Clone, PartialEq)]
pub struct MonodromyOptions {
    /// Base point (chosen automatically when `None`). Taken as an exact double.
    pub base: Option<Complex64>,
    /// Tail bound per Taylor step and entry.
    pub tol: f64,
    /// Decimal digits aimed at: ≤ [`F64_DIGITS`] runs in double precision, more (up to
    /// [`MAX_DIGITS`]) in extended precision.
    pub digits: u32,
}

impl Default for MonodromyOptions {
    fn default() -> Self {
        MonodromyOptions { base: None, tol: 1e-17, digits: F64_DIGITS }
    }
}

impl MonodromyOptions {
    /// Sets the base point.
    pub fn base(mut self, b: Complex64) -> Self {
        self.base = Some(b);
        self
    }

    /// Sets the tail bound per step.
    pub fn tolerance(mut self, tol: f64) -> Self {
        self.tol = tol;
        self
    }

    /// Sets the number of decimal digits aimed at (see [`MonodromyOptions::digits`]).
    pub fn digits(mut self, n: u32) -> Self {
        self.digits = n;
        self
    }

    /// Whether the integration runs in extended precision.
    pub fn is_extended(&self) -> bool {
        self.digits > F64_DIGITS
    }

    /// `Err` when more digits are asked for than [`MAX_DIGITS`].
    pub fn check_digits(&self) -> Result<(), SystemError> {
        if self.digits > MAX_DIGITS {
            Err(SystemError::DigitsUnsupported { requested: self.digits, max: MAX_DIGITS })
        } else {
            Ok(())
        }
    }

    /// The tail bound per step of the extended path: 10^−(digits+6) (at least 16 digits),
    /// or `tol` if smaller.
    fn extended_tol(&self) -> f64 {
        let d = self.digits.max(F64_DIGITS + 1) as i32;
        self.tol.min(10f64.powi(-d - 6))
    }
}

/// The monodromy around one singular point.
#[derive(Debug, Clone)]
pub struct LocalMonodromy {
    /// The singular point (approximate unless `exact` is set).
    pub point: Complex64,
    /// The singular point when it is rational.
    pub exact: Option<Q>,
    /// The loop's vertices, from the base point back to it.
    pub path: Vec<Complex64>,
    /// The monodromy matrix (in extended precision: a double-precision enclosure of
    /// `extended`).
    pub matrix: BallMatrix,
    /// The monodromy matrix in extended precision, when it was computed so.
    pub extended: Option<ExtMatrix>,
    /// Integration statistics.
    pub stats: PathStats,
}

/// All local monodromies at one base point.
#[derive(Debug, Clone)]
pub struct MonodromyResult {
    /// Base point.
    pub base: Complex64,
    /// One entry per finite singular point, sorted by real then imaginary part.
    pub local: Vec<LocalMonodromy>,
    /// Indices into `local` by increasing argument of p − b, starting after the widest
    /// angular gap: the concatenated loops in this order go once counter-clockwise around
    /// all finite singular points, so that loop's matrix is M_{last}·…·M_{first}.
    pub product_order: Vec<usize>,
}

/// The lasso b → v₀ → v₁ → v₂ → v₃ → v₀ → b around `p` (see the module doc), checked to
/// enclose no other point of `singular` and to keep its segment away from them.
pub fn loop_around(
    p: Complex64,
    b: Complex64,
    singular: &[Complex64],
) -> Result<Vec<Complex64>, SystemError> {
    let dist = (b - p).norm();
    if dist == 0.0 {
        return Err(SystemError::NoLoop("the base point is a singular point".into()));
    }
    let others: Vec<Complex64> =
        singular.iter().copied().filter(|s| (s - p).norm() > 1e-12 * dist.max(1.0)).collect();
    let mut f = 0.25;
    while others.iter().any(|s| (s - p).norm() <= 1.5 * f * dist) {
        f *= 0.5;
        if f < 1e-6 {
            return Err(SystemError::NoLoop("singular points too close together".into()));
        }
    }
    for s in &others {
        if segment_distance(*s, b, p) < 1e-3 * dist {
            return Err(SystemError::NoLoop(format!(
                "the segment from the base point to {p} passes near the singular point {s}"
            )));
        }
    }
    let a = p + (b - p) * f;
    let v: Vec<Complex64> =
        (0..4).map(|k| p + (a - p) * Complex64::new(0.0, 1.0).powu(k)).collect();
    Ok(vec![b, v[0], v[1], v[2], v[3], v[0], b])
}

/// Distance from z to the segment [a, b].
fn segment_distance(z: Complex64, a: Complex64, b: Complex64) -> f64 {
    let d = b - a;
    let l2 = d.norm_sqr();
    if l2 == 0.0 {
        return (z - a).norm();
    }
    let t = (((z - a) * d.conj()).re / l2).clamp(0.0, 1.0);
    (z - (a + d * t)).norm()
}

/// The transition matrix along the closed (or open) polygon `path` (in extended precision
/// when `opts` asks for it, then enclosed in double-precision balls).
pub fn monodromy_along(
    sys: &RationalSystem,
    path: &[Complex64],
    opts: &MonodromyOptions,
) -> Result<BallMatrix, SystemError> {
    opts.check_digits()?;
    if opts.is_extended() {
        return Ok(monodromy_along_extended(sys, path, opts)?.to_ball_matrix());
    }
    Ok(Integrator::new(sys, opts.tol).transition(path)?.0)
}

/// The transition matrix along the polygon `path` in extended precision (the digits of
/// `opts`, at least 16).
pub fn monodromy_along_extended(
    sys: &RationalSystem,
    path: &[Complex64],
    opts: &MonodromyOptions,
) -> Result<ExtMatrix, SystemError> {
    opts.check_digits()?;
    let bs = BallSystem::<ExtBall>::new(sys);
    let singular = approximate_roots(&sys.singular_polynomial());
    Ok(transition(&bs, &singular, opts.extended_tol(), path)?.0)
}

/// A base point whose lassos to every singular point are valid, rounded to a dyadic.
fn choose_base(singular: &[Complex64]) -> Option<Complex64> {
    if singular.is_empty() {
        return Some(Complex64::new(0.0, 0.0));
    }
    let c = singular.iter().sum::<Complex64>() / singular.len() as f64;
    let mut delta = f64::INFINITY;
    for (i, a) in singular.iter().enumerate() {
        for b in &singular[i + 1..] {
            delta = delta.min((a - b).norm());
        }
    }
    if !delta.is_finite() {
        delta = 1.0;
    }
    let unit = 2f64.powi(delta.log2().floor() as i32 - 8);
    let round =
        |z: Complex64| Complex64::new((z.re / unit).round() * unit, (z.im / unit).round() * unit);
    for s in [0.5, 0.7, 0.37, 0.9] {
        for theta in [0.5, 0.25, 0.75, 0.4, 0.6, 0.1, 0.9, 1.5, 1.25, 1.75] {
            let b = round(c + Complex64::from_polar(s * delta, theta * std::f64::consts::PI));
            let ok = singular
                .iter()
                .all(|p| (b - p).norm() > 0.2 * delta && loop_around(*p, b, singular).is_ok());
            if ok {
                return Some(b);
            }
        }
    }
    None
}

/// The local monodromy around every finite singular point of `sys`.
pub fn local_monodromies(
    sys: &RationalSystem,
    opts: &MonodromyOptions,
) -> Result<MonodromyResult, SystemError> {
    opts.check_digits()?;
    // the double-precision integrator, or the extended system
    let (integ, ext) = if opts.is_extended() {
        (None, Some(BallSystem::<ExtBall>::new(sys)))
    } else {
        (Some(Integrator::new(sys, opts.tol)), None)
    };
    let approx = match &integ {
        Some(i) => i.singular_points().to_vec(),
        None => approximate_roots(&sys.singular_polynomial()),
    };
    let rational = sys.singular_polynomial().rational_roots().unwrap_or_default();
    let mut pts: Vec<(Complex64, Option<Q>)> = approx
        .iter()
        .map(|z| {
            let exact = rational.iter().find(|r| {
                r.to_f64()
                    .is_some_and(|x| (Complex64::new(x, 0.0) - z).norm() < 1e-6 * (1.0 + x.abs()))
            });
            match exact {
                Some(r) => (Complex64::new(r.to_f64().unwrap_or(z.re), 0.0), Some(r.clone())),
                None => (*z, None),
            }
        })
        .collect();
    pts.sort_by(|a, b| a.0.re.total_cmp(&b.0.re).then(a.0.im.total_cmp(&b.0.im)));
    let singular: Vec<Complex64> = pts.iter().map(|p| p.0).collect();
    let base = match opts.base {
        Some(b) => b,
        None => choose_base(&singular)
            .ok_or_else(|| SystemError::NoLoop("no base point found".into()))?,
    };
    let mut local = Vec::with_capacity(pts.len());
    for (p, exact) in pts {
        let path = loop_around(p, base, &singular)?;
        let (matrix, extended, stats) = match (&integ, &ext) {
            (Some(integ), _) => {
                let (m, stats) = integ.transition(&path)?;
                (m, None, stats)
            }
            (None, Some(bs)) => {
                let (m, stats) = transition(bs, &approx, opts.extended_tol(), &path)?;
                (m.to_ball_matrix(), Some(m), stats)
            }
            (None, None) => return Err(SystemError::StepNotCertified),
        };
        local.push(LocalMonodromy { point: p, exact, path, matrix, extended, stats });
    }
    // order by argument, starting after the widest gap
    let mut idx: Vec<(f64, usize)> =
        local.iter().enumerate().map(|(i, l)| ((l.point - base).arg(), i)).collect();
    idx.sort_by(|a, b| a.0.total_cmp(&b.0));
    let mut start = 0;
    let mut widest = -1.0;
    for k in 0..idx.len() {
        let prev =
            if k == 0 { idx[idx.len() - 1].0 - 2.0 * std::f64::consts::PI } else { idx[k - 1].0 };
        if idx[k].0 - prev > widest {
            widest = idx[k].0 - prev;
            start = k;
        }
    }
    let product_order = (0..idx.len()).map(|k| idx[(start + k) % idx.len()].1).collect();
    Ok(MonodromyResult { base, local, product_order })
}
