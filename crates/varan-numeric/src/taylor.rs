//! Linear systems Y' = A(z)·Y with A = N(z)/d(z) rational, and one certified Taylor step of
//! their fundamental matrix (van der Hoeven, *Fast evaluation of holonomic functions*,
//! TCS 210 (1999); Mezzarobba, *Rigorous multiple-precision evaluation of D-finite
//! functions in SageMath*, arXiv:1607.01967).
//!
//! The step is generic over the ball type ([`crate::BallArith`]): double-precision
//! midpoints ([`crate::Ball`]) or 126-bit midpoints ([`crate::ExtBall`]), with the same
//! recurrence, residual bound and Grönwall estimate; only the midpoint rounding constants
//! differ. Radii, growth bounds and step-size heuristics are always in doubles.
//!
//! A step from z₀ to z₀ + h re-expands N and d at z₀ (Taylor shift, in balls) and computes
//! the coefficients of the fundamental matrix Y(t) = Σ Y_k t^k, Y(0) = I, by the recurrence
//! that d(z₀+t)·Y'(t) = N(z₀+t)·Y(t) gives:
//!
//! (k+1)·d₀·Y_{k+1} = Σ_{j≥0} N_j·Y_{k−j} − Σ_{j≥1} d_j·(k+1−j)·Y_{k+1−j}.
//!
//! The coefficients are computed in ball arithmetic (each right-hand side as one complex
//! dot product with a Higham-style rounding bound), so the balls contain the exact
//! coefficients Y₀, …, Y_K. The truncation error is bounded a posteriori, as in the
//! residual-based bounds of Mezzarobba (arXiv:1607.01967; after van der Hoeven): for
//! P(t) = Σ_{k≤K} Y_k t^k the residual R = d·P' − N·P has coefficients only in degrees
//! K, …, K + deg, computed in balls. The error E = Y − P satisfies E' = A·E − R/d with
//! E(0) = 0, so along the segment [0, h] Grönwall's lemma (Hille, *Ordinary Differential
//! Equations in the Complex Domain*) gives ‖E(h)‖_∞ ≤ |h|·e^{M|h|}·max‖R(t)‖_∞/L,
//! where on |t| ≤ |h|: |d(t)| ≥ L (proven either by |d₀| − Σ_{j≥1}|d_j||h|^j or by
//! |lead|·∏(|ρ_i − z₀| − |h|) minus the rounding defect d − lead·∏(z − ρ_i), with ρ_i
//! approximate roots of d) and ‖A(t)‖_∞ ≤ M = max_i Σ_j Σ_k |N_{ij,k}||h|^k / L. K grows
//! until this bound is below the target; it is added to every entry's radius. P(h) is
//! evaluated by Horner's rule in the midpoint arithmetic with an explicit rounding bound.
//!
//! Each row i of A is kept as N_i/d_i with d_i = d / gcd(d, N_i1, …, N_in) (for a
//! companion matrix every row but the last is then polynomial), and the recurrence, the
//! residual and the bounds above are taken row by row: |d_i| ≥ L_i and the error bound
//! uses max_i ‖R_i‖/L_i.
//!
//! N and d are expanded exactly (rationals) at a few anchors (the origin and each
//! singular point) and re-expanded in balls from the nearest anchor, so that the shift
//! does not lose accuracy to cancellation far from the origin.

use num_complex::Complex64;
use num_traits::{One, Zero};
use varan_algebra::{AlgebraError, UPoly, URat, Q};

use crate::arith::BallArith;
use crate::ball::{abs_up, down, up, Ball};
use crate::matrix::Matrix;

/// Why a system could not be built or a step could not be certified.
#[derive(Debug, Clone, PartialEq)]
pub enum SystemError {
    /// The matrix is empty or not square.
    NotSquare,
    /// The scalar equation has no coefficients, or a zero leading coefficient.
    BadEquation,
    /// An exact operation failed.
    Algebra(String),
    /// No radius certified the step (the step is too close to a singular point).
    StepNotCertified,
    /// The path comes too close to (or through) a singular point.
    PathHitsSingularity,
    /// A loop around a singular point could not be built.
    NoLoop(String),
    /// More correct digits were asked for than the extended arithmetic can deliver.
    DigitsUnsupported {
        /// The number of digits asked for.
        requested: u32,
        /// The largest number supported ([`crate::MAX_DIGITS`]).
        max: u32,
    },
}

impl std::error::Error for SystemError {}

impl std::fmt::Display for SystemError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            SystemError::NotSquare => write!(f, "the matrix of the system is not square"),
            SystemError::BadEquation => {
                write!(f, "the scalar equation has a zero leading coefficient")
            }
            SystemError::Algebra(e) => write!(f, "exact arithmetic failed: {e}"),
            SystemError::StepNotCertified => {
                write!(f, "a Taylor step could not be certified (too close to a singular point)")
            }
            SystemError::PathHitsSingularity => {
                write!(f, "the integration path passes through or too close to a singular point")
            }
            SystemError::NoLoop(e) => write!(f, "no loop could be built: {e}"),
            SystemError::DigitsUnsupported { requested, max } => write!(
                f,
                "{requested} digits asked for; the extended arithmetic (126-bit midpoints) \
                 supports at most {max}"
            ),
        }
    }
}

impl From<AlgebraError> for SystemError {
    fn from(e: AlgebraError) -> SystemError {
        SystemError::Algebra(format!("{e:?}"))
    }
}

/// Y' = (N(z)/d(z))·Y with polynomial N and d, gcd(d, all N_ij) = 1, d monic.
#[derive(Debug, Clone, PartialEq)]
pub struct RationalSystem {
    /// Common denominator.
    pub d: UPoly,
    /// Numerator matrix.
    pub n: Vec<Vec<UPoly>>,
}

impl RationalSystem {
    /// N/d, with the common factors of d and all N_ij removed and d made monic.
    pub fn new(d: UPoly, n: Vec<Vec<UPoly>>) -> Result<RationalSystem, SystemError> {
        let dim = n.len();
        if dim == 0 || n.iter().any(|r| r.len() != dim) {
            return Err(SystemError::NotSquare);
        }
        if d.is_zero() {
            return Err(SystemError::Algebra("zero denominator".into()));
        }
        let mut g = d.clone();
        for e in n.iter().flatten() {
            g = g.gcd(e);
        }
        let g = if g.is_zero() { d.clone() } else { g };
        let dd = d.exact_div(&g)?;
        let l = Q::one() / dd.lead();
        let mut rows = Vec::with_capacity(dim);
        for r in &n {
            let mut row = Vec::with_capacity(dim);
            for e in r {
                row.push(e.exact_div(&g)?.scale(&l));
            }
            rows.push(row);
        }
        Ok(RationalSystem { d: dd.scale(&l), n: rows })
    }

    /// The system with matrix `a` of rational functions (common denominator: the lcm).
    pub fn from_matrix(a: &[Vec<URat>]) -> Result<RationalSystem, SystemError> {
        let dim = a.len();
        if dim == 0 || a.iter().any(|r| r.len() != dim) {
            return Err(SystemError::NotSquare);
        }
        let mut l = UPoly::one();
        for e in a.iter().flatten() {
            let g = l.gcd(e.den());
            l = l.mul(&e.den().exact_div(&g)?);
        }
        let mut n = Vec::with_capacity(dim);
        for r in a {
            let mut row = Vec::with_capacity(dim);
            for e in r {
                row.push(e.num().mul(&l.exact_div(e.den())?));
            }
            n.push(row);
        }
        RationalSystem::new(l, n)
    }

    /// The companion system on (y, y', …, y^(n−1)) of y^(n) + c_{n−1} y^(n−1) + … + c₀ y = 0,
    /// `c` = [c₀, …, c_{n−1}].
    pub fn from_scalar(c: &[URat]) -> Result<RationalSystem, SystemError> {
        let n = c.len();
        if n == 0 {
            return Err(SystemError::BadEquation);
        }
        let mut a = vec![vec![URat::zero(); n]; n];
        for (i, row) in a.iter_mut().enumerate().take(n - 1) {
            row[i + 1] = URat::constant(Q::one());
        }
        for (j, cj) in c.iter().enumerate() {
            a[n - 1][j] = cj.neg();
        }
        RationalSystem::from_matrix(&a)
    }

    /// The companion system of p_n y^(n) + … + p₁ y' + p₀ y = 0, `p` = [p₀, …, p_n].
    pub fn from_scalar_poly(p: &[UPoly]) -> Result<RationalSystem, SystemError> {
        let Some((lead, rest)) = p.split_last() else { return Err(SystemError::BadEquation) };
        if lead.is_zero() || rest.is_empty() {
            return Err(SystemError::BadEquation);
        }
        let c = rest
            .iter()
            .map(|q| URat::new(q.clone(), lead.clone()))
            .collect::<Result<Vec<_>, _>>()?;
        RationalSystem::from_scalar(&c)
    }

    /// Dimension of the system.
    pub fn dim(&self) -> usize {
        self.n.len()
    }

    /// tr N (so that tr A = tr N / d).
    pub fn trace_numerator(&self) -> UPoly {
        (0..self.dim()).fold(UPoly::zero(), |s, i| s.add(&self.n[i][i]))
    }

    /// The square-free part of d, whose roots are the finite singular points.
    pub fn singular_polynomial(&self) -> UPoly {
        let g = self.d.gcd(&self.d.derivative());
        if g.is_zero() || g.is_constant() {
            return self.d.clone();
        }
        self.d.exact_div(&g).unwrap_or_else(|_| self.d.clone())
    }
}

/// The system's coefficients as balls of type `S`, ready for stepping.
#[derive(Debug, Clone)]
pub(crate) struct BallSystem<S> {
    pub dim: usize,
    /// Expansions of d and of the N_ij (entry-major, index i·dim + j) at a few anchor
    /// points (the origin and each singular point), computed exactly and then rounded to
    /// balls; a step re-expands from the nearest anchor, which avoids the cancellation of
    /// a Taylor shift over a long distance.
    anchors: Vec<Anchor<S>>,
    /// Approximate roots ρ_i of d (with multiplicity), exact as doubles.
    roots: Vec<Complex64>,
    /// Leading coefficient of d.
    lead: Ball,
    /// d − lead·∏(z − ρ_i), coefficients.
    defect: Vec<Ball>,
}

#[derive(Debug, Clone)]
struct Anchor<S> {
    at: Complex64,
    /// The common denominator d, in double precision (for bounds and step sizes only).
    full: Vec<Ball>,
    /// Row i of A is N_i/d_i with d_i = d / gcd(d, N_i1, …, N_in).
    d: Vec<Vec<S>>,
    n: Vec<Vec<S>>,
}

/// Coefficients of p(x + a) for a = ar + i·ai, exactly, as (real parts, imaginary parts).
fn shift_complex_exact(p: &UPoly, ar: &Q, ai: &Q) -> (Vec<Q>, Vec<Q>) {
    let mut re: Vec<Q> = p.coeffs().to_vec();
    let mut im: Vec<Q> = vec![Q::zero(); re.len()];
    let n = re.len();
    for i in 0..n {
        for j in (i..n.saturating_sub(1)).rev() {
            let (cr, ci) = (re[j + 1].clone(), im[j + 1].clone());
            re[j] += ar * &cr - ai * &ci;
            im[j] += ar * &ci + ai * &cr;
        }
    }
    (re, im)
}

/// Balls of type `S` containing the complex rationals (re[k], im[k]).
fn to_balls<S: BallArith>((re, im): &(Vec<Q>, Vec<Q>)) -> Vec<S> {
    re.iter().zip(im).map(|(x, y)| S::from_rationals(x, y)).collect()
}

/// How a step was done.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct StepInfo {
    /// Truncation order K.
    pub order: usize,
    /// Upper bound of |h|.
    pub radius: f64,
    /// Truncation bound added to each entry.
    pub tail: f64,
}

/// Largest truncation order tried.
const MAX_ORDER: usize = 400;

/// Extended steps switch to double precision once |Y_k|·|h|^k ≤ tol·MIXED_SWITCH.
const MIXED_SWITCH: f64 = 1e14;

/// Unit roundoff of the double-precision radius arithmetic (whatever the midpoints).
const UR: f64 = crate::ball::EPS / 8.0;

/// Coefficients of p(z₀ + t) (Taylor shift by repeated synthetic division).
fn shift<S: BallArith>(p: &[S], z0: S) -> Vec<S> {
    let mut c = p.to_vec();
    let n = c.len();
    for i in 0..n {
        for j in (i..n.saturating_sub(1)).rev() {
            c[j] = c[j] + z0 * c[j + 1];
        }
    }
    c
}

/// Σ up|c_k| r^k.
fn majorant<S: BallArith>(c: &[S], r: f64) -> f64 {
    c.iter().rev().fold(0.0, |s, b| up(up(s * r) + b.abs_upper()))
}

/// One entry Σ ± a·Y of a right-hand side, from a `terms!` macro that calls its argument
/// with (a, rad a, |a|, index of Y, subtract, a is a scaled d_j): the midpoint (through the
/// ball type's dot-product accumulator), its rounding bound, the propagated radius
/// Σ |a|·rad Y + rad a·|Y| + rad a·rad Y (in doubles, rounded by the caller) and the number
/// of terms. Accumulators that need the bound Σ|a||Y| first get a pass over the radii.
macro_rules! dot_entry {
    ($S:ty, $ym:expr, $yr:expr, $ya:expr, $terms:ident) => {{
        let (mut sum_n, mut sum_d, mut prop, mut count) = (0.0f64, 0.0f64, 0.0f64, 0usize);
        // (for the accumulators that need a bound) a single term with the exact coefficient 1,
        // as in the rows y_i' = y_{i+1} of a companion matrix, is the exact value Y itself
        let mut single: Option<usize> = None;
        let acc = if <$S as BallArith>::DOT_NEEDS_BOUND {
            let mut radii = |am: <$S as BallArith>::Mid,
                             ar: f64,
                             aa: f64,
                             idx: usize,
                             sub: bool,
                             is_d: bool| {
                let (r, a) = ($yr[idx], $ya[idx]);
                if is_d {
                    sum_d += aa * a;
                } else {
                    sum_n += aa * a;
                }
                prop += aa * r + ar * a + ar * r;
                count += 1;
                single =
                    (count == 1 && !sub && !is_d && ar == 0.0 && am == <$S as BallArith>::MID_ONE)
                        .then_some(idx);
            };
            $terms!(radii);
            let mut acc = <$S as BallArith>::dot_start(sum_n + sum_d);
            if single.is_none() {
                let mut mids = |am: <$S as BallArith>::Mid,
                                _ar: f64,
                                _aa: f64,
                                idx: usize,
                                sub: bool,
                                _is_d: bool| {
                    <$S as BallArith>::dot_add(&mut acc, am, $ym[idx], sub);
                };
                $terms!(mids);
            }
            acc
        } else {
            let mut acc = <$S as BallArith>::dot_start(0.0);
            let mut both = |am: <$S as BallArith>::Mid,
                            ar: f64,
                            aa: f64,
                            idx: usize,
                            sub: bool,
                            is_d: bool| {
                let (y, r, a) = ($ym[idx], $yr[idx], $ya[idx]);
                <$S as BallArith>::dot_add(&mut acc, am, y, sub);
                if is_d {
                    sum_d += aa * a;
                } else {
                    sum_n += aa * a;
                }
                prop += aa * r + ar * a + ar * r;
                count += 1;
            };
            $terms!(both);
            acc
        };
        let (mid, round) = match single {
            Some(idx) => ($ym[idx], 0.0),
            None => <$S as BallArith>::dot_finish(acc, sum_n, sum_d),
        };
        (mid, round, prop, count)
    }};
}

/// The non-zero coefficients N_il,j of each row i as (j, l, midpoint, radius, modulus), in
/// the order j, then l (the order of the sums in the recurrence).
#[allow(clippy::type_complexity)]
fn row_terms<M: Copy>(ncoef: &[Split<M>], n: usize) -> Vec<Vec<(usize, usize, M, f64, f64)>> {
    if ncoef.is_empty() {
        return Vec::new();
    }
    (0..n)
        .map(|i| {
            let deg = (0..n).map(|l| ncoef[i * n + l].0.len()).max().unwrap_or(0);
            let mut v = Vec::new();
            for j in 0..deg {
                for l in 0..n {
                    let (cm, cr, ca) = &ncoef[i * n + l];
                    if let Some(&m) = cm.get(j) {
                        v.push((j, l, m, cr[j], ca[j]));
                    }
                }
            }
            v
        })
        .collect()
}

/// Midpoints, radii and upper bounds of |midpoint| of a coefficient list.
type Split<M> = (Vec<M>, Vec<f64>, Vec<f64>);

fn split<S: BallArith>(p: &[S]) -> Split<S::Mid> {
    (
        p.iter().map(|b| b.mid()).collect(),
        p.iter().map(|b| b.rad()).collect(),
        p.iter().map(|b| S::mid_abs_up(b.mid())).collect(),
    )
}

impl<S: BallArith> BallSystem<S> {
    pub fn new(sys: &RationalSystem) -> BallSystem<S> {
        let conv = |p: &UPoly| p.coeffs().iter().map(S::from_rational).collect::<Vec<_>>();
        let d: Vec<Ball> = sys.d.coeffs().iter().map(Ball::from_rational).collect();
        let roots = crate::roots::approximate_roots(&sys.d);
        let lead = d.last().copied().unwrap_or_else(Ball::one);
        let mut prod = vec![lead];
        for r in &roots {
            // prod · (z − r)
            let mut next = vec![Ball::zero(); prod.len() + 1];
            for (k, c) in prod.iter().enumerate() {
                next[k + 1] = next[k + 1] + *c;
                next[k] = next[k] - *c * Ball::exact(*r);
            }
            prod = next;
        }
        let defect = (0..d.len().max(prod.len()))
            .map(|k| {
                d.get(k).copied().unwrap_or_else(Ball::zero)
                    - prod.get(k).copied().unwrap_or_else(Ball::zero)
            })
            .collect();
        // per-row denominators (a companion matrix has d_i = 1 on all rows but the last)
        let mut row_d: Vec<UPoly> = Vec::with_capacity(sys.dim());
        let mut row_n: Vec<UPoly> = Vec::with_capacity(sys.dim() * sys.dim());
        for row in &sys.n {
            let g = row.iter().fold(sys.d.clone(), |g, e| g.gcd(e));
            let reduced = (|| -> Result<(UPoly, Vec<UPoly>), AlgebraError> {
                let di = sys.d.exact_div(&g)?;
                let ni = row.iter().map(|e| e.exact_div(&g)).collect::<Result<Vec<_>, _>>()?;
                Ok((di, ni))
            })();
            let (di, ni) = reduced.unwrap_or_else(|_| (sys.d.clone(), row.clone()));
            row_d.push(di);
            row_n.extend(ni);
        }
        let mut anchors = vec![Anchor {
            at: Complex64::new(0.0, 0.0),
            full: d,
            d: row_d.iter().map(conv).collect(),
            n: row_n.iter().map(conv).collect(),
        }];
        for r in crate::roots::approximate_roots(&sys.singular_polynomial()) {
            let (Some(ar), Some(ai)) = (Q::from_float(r.re), Q::from_float(r.im)) else { continue };
            anchors.push(Anchor {
                at: r,
                full: to_balls(&shift_complex_exact(&sys.d, &ar, &ai)),
                d: row_d.iter().map(|p| to_balls(&shift_complex_exact(p, &ar, &ai))).collect(),
                n: row_n.iter().map(|p| to_balls(&shift_complex_exact(p, &ar, &ai))).collect(),
            });
        }
        BallSystem { dim: sys.dim(), anchors, roots, lead, defect }
    }

    /// The radius r where |d₀| = Σ_{j≥1} |d_j| r^j for d expanded at z₀: the ball radii of
    /// the Taylor coefficients grow like r^{−k}, so steps should stay well inside it.
    pub fn abs_radius(&self, z0: Complex64) -> f64 {
        let Some(anchor) =
            self.anchors.iter().min_by(|a, b| (a.at - z0).norm().total_cmp(&(b.at - z0).norm()))
        else {
            return f64::INFINITY;
        };
        let d = shift(&anchor.full, Ball::exact(z0) - Ball::exact(anchor.at));
        let a: Vec<f64> = d.iter().map(|b| b.mid.norm()).collect();
        if a.len() < 2 || a[1..].iter().all(|x| *x == 0.0) {
            return f64::INFINITY;
        }
        let f = |r: f64| a[0] - a[1..].iter().rev().fold(0.0, |s, c| s * r + c) * r;
        let mut hi = 1.0f64;
        while f(hi) > 0.0 && hi < 1e12 {
            hi *= 2.0;
        }
        let mut lo = 0.0f64;
        for _ in 0..40 {
            let mid = 0.5 * (lo + hi);
            if f(mid) > 0.0 {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        lo
    }

    /// Lower bound of |d(z₀ + t)| on |t| ≤ r, given the shifted d and defect (≤ 0 if
    /// nothing could be proven).
    fn d_lower(&self, z0: Complex64, d: &[S], defect: Option<&[Ball]>, r: f64) -> f64 {
        let d0_lo = d.first().map_or(0.0, |b| b.abs_lower());
        let crude = down(d0_lo - up(majorant(&d[1.min(d.len())..], r) * r));
        let Some(defect) = defect else { return crude };
        // |d(t)| ≥ |lead|·∏(|ρ_i − z₀| − r) − Σ|defect_j| r^j
        let mut p = self.lead.abs_lower();
        for root in &self.roots {
            p = down(p * down(down(down((root - z0).norm())) - r)).max(0.0);
        }
        crude.max(down(p - majorant(defect, r)))
    }

    /// The transition matrix from z₀ to z₀ + h (Y(z₀) = I), with the truncation error
    /// bounded below `tol` per entry (see the module doc).
    pub fn step(
        &self,
        z0: Complex64,
        h: S,
        tol: f64,
    ) -> Result<(Matrix<S>, StepInfo), SystemError> {
        let n = self.dim;
        let nn2 = n * n;
        let anchor = self
            .anchors
            .iter()
            .min_by(|a, b| (a.at - z0).norm().total_cmp(&(b.at - z0).norm()))
            .ok_or(SystemError::StepNotCertified)?;
        let s0 = S::exact(z0) - S::exact(anchor.at);
        let dv: Vec<Vec<S>> = anchor.d.iter().map(|p| shift(p, s0)).collect();
        let nn: Vec<Vec<S>> = anchor.n.iter().map(|p| shift(p, s0)).collect();
        let full_len = anchor.full.len();
        let habs = h.abs_upper();
        // |d_i| ≥ lo_i and ‖A‖_∞ ≤ M on |t| ≤ |h|
        let mut los = Vec::with_capacity(n);
        let mut m = 0.0f64;
        let mut defect: Option<Vec<Ball>> = None;
        for (i, d) in dv.iter().enumerate() {
            let lo = if d.len() == full_len && full_len > 1 {
                let df = defect.get_or_insert_with(|| shift(&self.defect, Ball::exact(z0)));
                self.d_lower(z0, d, Some(df), habs)
            } else {
                self.d_lower(z0, d, None, habs)
            };
            if lo <= 0.0 || !lo.is_finite() {
                return Err(SystemError::StepNotCertified);
            }
            let row = (0..n).fold(0.0, |acc, j| up(acc + majorant(&nn[i * n + j], habs)));
            m = m.max(up(row / lo));
            los.push(lo);
        }
        let lo_min = los.iter().fold(f64::INFINITY, |a, b| a.min(*b));
        // ‖E(h)‖ ≤ growth · max_i ‖R_i‖/lo_i
        let growth = up(habs * up(up(m * habs).exp() * (1.0 + 4.0 * crate::ball::EPS)));
        // Taylor coefficients. Each entry of the right-hand side is a complex dot product
        // Σ ± a·y, formed by the ball type's accumulator, which bounds its own rounding
        // (double midpoints: term by term, a product within √5·u·|a||y| by Brent, Percival,
        // Zimmermann, Math. Comp. 76 (2007), a sum within (1 + 4u)·u of the L¹ norm of the
        // computed partial sum, cf. Higham, *Accuracy and Stability of Numerical
        // Algorithms*, §3.1; extended midpoints: exact products in fixed point, one final
        // rounding); the rounding of d_j·(k+1−j) adds u·|d_j|(k+1−j)|y|, with u the midpoint
        // unit roundoff. The propagated radius is Σ |a|·rad y + rad a·|y| + rad a·rad y; the
        // sums of non-negative terms (in doubles, unit u_d = 2⁻⁵³) are rounded upward by a
        // factor 1 + 6(m+1)·u_d.
        let u = S::U;
        let ncoef: Vec<Split<S::Mid>> = nn.iter().map(|p| split(p)).collect();
        let dsplit: Vec<Split<S::Mid>> = dv.iter().map(|p| split(p)).collect();
        // coefficient k, entry e at index k·n² + e
        let mut ym: Vec<S::Mid> = Vec::with_capacity(96 * nn2);
        let mut yr: Vec<f64> = Vec::with_capacity(96 * nn2);
        let mut ya: Vec<f64> = Vec::with_capacity(96 * nn2);
        for b in Matrix::<S>::identity(n).entries() {
            ym.push(b.mid());
            yr.push(0.0);
            ya.push(S::mid_abs_up(b.mid()));
        }
        let inv_d0: Vec<S> = dv.iter().map(|d| d[0].recip()).collect();
        let ndeg = nn.iter().map(Vec::len).max().unwrap_or(0);
        let maxdeg = dv.iter().map(Vec::len).fold(ndeg, usize::max).max(1);
        let zero = S::MID_ZERO;
        // c·d_j for the current order, per j (the same for every column)
        let mut ds: Vec<(S::Mid, f64, f64)> = Vec::with_capacity(maxdeg + 1);
        // Mixed precision (extended balls only): once |Y_k|·|h|^k is below `switch`, the
        // later coefficients are computed in double-precision balls from double enclosures
        // (the `*_f` shadows) of the earlier ones. Their rounding (≈ 10⁻¹⁵ relative) then
        // only reaches terms below 10⁻¹⁵·`switch`, far under the tail bound, and the radii
        // account for it like any other rounding; the coefficients are stored back exactly.
        let mixed = S::DOT_NEEDS_BOUND;
        let switch = tol * MIXED_SWITCH;
        let mut low = true;
        // the first order computed in double precision
        let mut first_f64 = usize::MAX;
        let f64_split = |v: &[Vec<S>]| -> Vec<Split<Complex64>> {
            if mixed {
                v.iter().map(|p| split::<Ball>(&S::balls(p))).collect()
            } else {
                Vec::new()
            }
        };
        let (ncoef_f, dsplit_f) = (f64_split(&nn), f64_split(&dv));
        let inv_d0_f: Vec<Ball> = inv_d0.iter().map(|b| b.to_ball()).collect();
        let cap = if mixed { 96 * nn2 } else { 0 };
        let (mut yf, mut yrf, mut yaf): (Vec<Complex64>, Vec<f64>, Vec<f64>) =
            (Vec::with_capacity(cap), Vec::with_capacity(cap), Vec::with_capacity(cap));
        if mixed {
            for e in 0..nn2 {
                let b = S::with_mid(ym[e], yr[e]).to_ball();
                yf.push(b.mid);
                yrf.push(b.rad);
                yaf.push(abs_up(b.mid));
            }
        }
        let mut ds_f: Vec<(Complex64, f64, f64)> = Vec::with_capacity(maxdeg + 1);
        // the N-terms of each row as (j, l, N_il,j), sorted by j then l
        let nterms = row_terms(&ncoef, n);
        let nterms_f = row_terms(&ncoef_f, n);
        let mut hk = 1.0f64;
        let tail;
        loop {
            let k = ym.len() / nn2 - 1;
            if k >= MAX_ORDER {
                return Err(SystemError::StepNotCertified);
            }
            let base = ym.len();
            ym.resize(base + nn2, zero);
            yr.resize(base + nn2, 0.0);
            ya.resize(base + nn2, 0.0);
            if mixed {
                yf.resize(base + nn2, Complex64::new(0.0, 0.0));
                yrf.resize(base + nn2, 0.0);
                yaf.resize(base + nn2, 0.0);
            }
            // row i of Y_{k+1} in the ball type $B from the arrays $ym/$yr/$ya, with the
            // coefficient splits $nc/$dsp, 1/d₀ in $inv and the scratch $ds; `$store` gets
            // (entry, midpoint, radius)
            macro_rules! row {
                ($B:ty, $ym:expr, $yr:expr, $ya:expr, $nt:expr, $dsp:expr, $inv:expr, $ds:expr, $i:expr, $store:expr) => {{
                    let i = $i;
                    let f = $inv[i].div_int(k + 1);
                    let (fm_, fr) = (f.mid(), f.rad());
                    let fa = <$B as BallArith>::mid_abs_up(fm_);
                    let uu = <$B as BallArith>::U;
                    let (dmid, drad, dabs) = &$dsp[i];
                    $ds.clear();
                    for j in 0..dmid.len().min(k + 1) {
                        let c = k + 1 - j;
                        let cf = c as f64;
                        $ds.push((<$B as BallArith>::mid_scale_int(dmid[j], c), drad[j] * cf, dabs[j] * cf));
                    }
                    for col in 0..n {
                        // (k+1)·d₀·Y_{k+1} = Σ_j N_j·Y_{k−j} − Σ_{j≥1} (k+1−j)·d_j·Y_{k+1−j}:
                        // visit(coefficient, its radius, its modulus, index of Y, subtract, is d)
                        macro_rules! terms {
                            ($visit:expr) => {
                                for &(jj, l, am, ar, aa) in &$nt[i] {
                                    if jj > k {
                                        break;
                                    }
                                    $visit(am, ar, aa, (k - jj) * nn2 + l * n + col, false, false);
                                }
                                for (j, &(am, ar, aa)) in $ds.iter().enumerate().skip(1) {
                                    $visit(am, ar, aa, (k + 1 - j) * nn2 + i * n + col, true, true);
                                }
                            };
                        }
                        let (mid, round, prop, terms) = dot_entry!($B, $ym, $yr, $ya, terms);
                        let rad = up(up(prop + round) * (1.0 + 6.0 * (terms as f64 + 1.0) * UR));
                        // (mid ± rad)·f as in the ball product, with one upward rounding at the end
                        let (sa, fm) = (<$B as BallArith>::mid_abs_up(mid), mid * fm_);
                        let brad = up((sa * fr + rad * fa + rad * fr + <$B as BallArith>::MUL * uu * sa * fa)
                            * (1.0 + 8.0 * UR));
                        $store(i * n + col, fm, if brad.is_finite() { brad } else { f64::INFINITY });
                    }
                }};
            }
            for i in 0..n {
                if low {
                    row!(
                        S,
                        ym,
                        yr,
                        ya,
                        nterms,
                        dsplit,
                        inv_d0,
                        ds,
                        i,
                        |e: usize, m: S::Mid, r: f64| {
                            ym[base + e] = m;
                            yr[base + e] = r;
                            ya[base + e] = S::mid_abs_up(m);
                        }
                    );
                } else {
                    row!(
                        Ball,
                        yf,
                        yrf,
                        yaf,
                        nterms_f,
                        dsplit_f,
                        inv_d0_f,
                        ds_f,
                        i,
                        |e: usize, m: Complex64, r: f64| {
                            ym[base + e] = S::exact(m).mid();
                            yr[base + e] = r;
                            ya[base + e] = S::mid_abs_up(ym[base + e]);
                        }
                    );
                }
            }
            if mixed {
                for e in base..base + nn2 {
                    let b = S::with_mid(ym[e], yr[e]).to_ball();
                    yf[e] = b.mid;
                    yrf[e] = b.rad;
                    yaf[e] = abs_up(b.mid);
                }
            }
            hk = up(hk * habs);
            let size =
                ya[base..].iter().zip(&yr[base..]).fold(0.0f64, |a, (b, r)| a.max(b + r)) * hk;
            if !size.is_finite() {
                return Err(SystemError::StepNotCertified);
            }
            let order = ym.len() / nn2 - 1;
            if mixed && low && size <= switch {
                low = false;
                first_f64 = order + 1;
            }
            if order < 2 || size * (order + 1) as f64 * growth > tol * lo_min {
                continue;
            }
            // truncation bound: the residual R = d·P' − N·P of P = Σ_{k≤K} Y_k t^k has
            // coefficients only in degrees K..K+deg; then ‖Y − P‖ ≤ |h| e^{M|h|} ‖R‖/lo
            // (with mixed precision, from the double enclosures: only a bound is needed)
            let mut row_bound = vec![0.0f64; n];
            let mut powk = up(habs.powi(order as i32) * (1.0 + 1e-10));
            macro_rules! residual {
                ($B:ty, $ym:expr, $yr:expr, $ya:expr, $nc:expr, $dsp:expr, $ds:expr) => {
                    for k in order..order + maxdeg {
                        let kk = k + 1;
                        for (i, rb) in row_bound.iter_mut().enumerate() {
                            let (dmid, drad, dabs) = &$dsp[i];
                            // (kk − j)·d_j for the j with 1 ≤ kk − j ≤ K
                            $ds.clear();
                            for j in 0..dmid.len() {
                                let c = kk.saturating_sub(j);
                                let cf = c as f64;
                                $ds.push((
                                    <$B as BallArith>::mid_scale_int(dmid[j], c),
                                    drad[j] * cf,
                                    dabs[j] * cf,
                                ));
                            }
                            for col in 0..n {
                                // R_k = Σ_j (k+1−j)·d_j·Y_{k+1−j} − Σ_j N_j·Y_{k−j}, over the
                                // Y_m with m ≤ K: the same dot-product bound as for the
                                // coefficients
                                macro_rules! terms {
                                    ($visit:expr) => {
                                        for (j, &(am, ar, aa)) in $ds.iter().enumerate() {
                                            if kk < j + 1 || kk - j > order {
                                                continue;
                                            }
                                            $visit(am, ar, aa, (kk - j) * nn2 + i * n + col, false, true);
                                        }
                                        for l in 0..n {
                                            let (cm, cr, ca) = &$nc[i * n + l];
                                            for (j, &am) in cm.iter().enumerate() {
                                                if k < j || k - j > order {
                                                    continue;
                                                }
                                                $visit(am, cr[j], ca[j], (k - j) * nn2 + l * n + col, true, false);
                                            }
                                        }
                                    };
                                }
                                let (mid, round, prop, terms) = dot_entry!($B, $ym, $yr, $ya, terms);
                                let rad =
                                    up(up(prop + round) * (1.0 + 6.0 * (terms as f64 + 1.0) * UR));
                                let r = <$B as BallArith>::with_mid(mid, rad);
                                *rb = up(*rb + up(r.abs_upper() * powk));
                            }
                        }
                        powk = up(powk * habs);
                    }
                };
            }
            if mixed {
                residual!(Ball, yf, yrf, yaf, ncoef_f, dsplit_f, ds_f);
            } else {
                residual!(S, ym, yr, ya, ncoef, dsplit, ds);
            }
            let rmax = row_bound.iter().zip(&los).fold(0.0f64, |a, (b, lo)| a.max(up(b / lo)));
            let t = up(growth * rmax);
            if t <= tol {
                tail = t;
                break;
            }
        }
        let order = ym.len() / nn2 - 1;
        // Horner at h. With H ≥ |h| over the ball h, the computed value is
        // Σ Y_k h_mid^k (1 + θ_k) with |θ_k| ≤ (1 + MUL·u)^k (1 + u)^{k+1} − 1
        // ≤ ((MUL + 1)k + 1.05)·u, the coefficient balls add Σ rad Y_k·H^k and the ball h
        // adds Σ |Y_k|·k·rad h·H^{k−1}; both sums are evaluated by Horner's rule in doubles
        // rounded upward at every step (so no term is lost to underflow).
        //
        // With mixed precision the orders k ≥ k_s (those computed in doubles) are summed
        // first, T = Σ_{k≥k_s} Y_k h^{k−k_s}, by the same rule in double-precision balls
        // (the double enclosures of the Y_k, h enclosed in a double ball); T then takes the
        // place of Y_{k_s} (midpoint converted exactly, radius as the coefficient radius).
        let hm = h.mid();
        let big_h = habs;
        let ks = if mixed { first_f64.min(order + 1) } else { order + 1 };
        let hb = h.to_ball();
        let hf = hb.abs_upper();
        let ud = UR;
        let mut out = Vec::with_capacity(nn2);
        for e in 0..nn2 {
            // the tail T in doubles (when there is one)
            let (top, top_r, top_a) = if ks <= order {
                let mut t = yf[order * nn2 + e];
                for k in (ks..order).rev() {
                    t = t * hb.mid + yf[k * nn2 + e];
                }
                let (mut acc, mut dacc) = (0.0f64, 0.0f64);
                for k in (ks..=order).rev() {
                    let (r, a) = (yrf[k * nn2 + e], yaf[k * nn2 + e]);
                    let kf = (k - ks) as f64;
                    acc = up(acc * hf + (r + (3.25 * kf + 1.05) * ud * a));
                    if k > ks {
                        dacc = up(dacc * hf + a * kf);
                    }
                }
                let tm = S::exact(t).mid();
                (tm, up(acc + up(dacc * hb.rad)), S::mid_abs_up(tm))
            } else {
                (ym[order * nn2 + e], yr[order * nn2 + e], ya[order * nn2 + e])
            };
            let last = ks.min(order);
            let mut mid = top;
            for k in (0..last).rev() {
                mid = mid * hm + ym[k * nn2 + e];
            }
            let (mut acc, mut dacc) = (0.0f64, 0.0f64);
            for k in (0..=last).rev() {
                let (r, a) =
                    if k == last { (top_r, top_a) } else { (yr[k * nn2 + e], ya[k * nn2 + e]) };
                let kf = k as f64;
                acc = up(acc * big_h + (r + ((S::MUL + 1.0) * kf + 1.05) * u * a));
                if k > 0 {
                    dacc = up(dacc * big_h + a * kf);
                }
            }
            let rad = up(acc + up(dacc * h.rad()));
            out.push(S::with_mid(mid, up(rad + tail)));
        }
        Ok((Matrix::from_entries(n, out), StepInfo { order, radius: habs, tail }))
    }
}

/// Exact Taylor shift p(x + a) over ℚ.
pub(crate) fn shift_exact(p: &UPoly, a: &Q) -> UPoly {
    let mut c = p.coeffs().to_vec();
    let n = c.len();
    for i in 0..n {
        for j in (i..n.saturating_sub(1)).rev() {
            let t = a * &c[j + 1];
            c[j] += t;
        }
    }
    UPoly::from_coeffs(c)
}

/// Residue at the rational point `p` of num/den (exact; zero if p is not a pole).
pub(crate) fn residue_exact(num: &UPoly, den: &UPoly, p: &Q) -> Option<Q> {
    let nn = shift_exact(num, p);
    let dd = shift_exact(den, p);
    let m = dd.coeffs().iter().position(|c| !c.is_zero())?;
    if m == 0 {
        return Some(Q::zero());
    }
    // num(p+t)/(t^m e(t)): residue = [t^{m−1}] num/e
    let e = &dd.coeffs()[m..];
    let mut s: Vec<Q> = Vec::with_capacity(m);
    for k in 0..m {
        let mut v = nn.coeff(k);
        for (j, ej) in e.iter().enumerate().skip(1).take(k) {
            v -= ej * &s[k - j];
        }
        s.push(v / &e[0]);
    }
    s.pop()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ext_ball::ExtBall;

    fn q(n: i64) -> Q {
        Q::from_integer(n.into())
    }

    #[test]
    fn exp_step() {
        // y' = y: one step of h = 0.3 gives e^{0.3}
        let sys = RationalSystem::new(UPoly::one(), vec![vec![UPoly::one()]]).unwrap();
        let bs = BallSystem::<Ball>::new(&sys);
        let (m, info) = bs.step(Complex64::new(0.0, 0.0), Ball::real(0.3), 1e-17).unwrap();
        assert!(m.get(0, 0).contains(Complex64::new(0.3f64.exp(), 0.0)), "{m:?} {info:?}");
        assert!(m.max_rad() < 1e-13, "{m:?} {info:?}");
        // the same step in extended precision against Σ h^k/k! (tail < 10^-50) for the
        // double h nearest to 0.3
        let bs = BallSystem::<ExtBall>::new(&sys);
        let (m, info) = bs.step(Complex64::new(0.0, 0.0), ExtBall::real(0.3), 1e-38).unwrap();
        let h = Q::from_float(0.3).unwrap();
        let (mut sum, mut t) = (Q::zero(), Q::one());
        for k in 1..60 {
            sum += &t;
            t = t * &h / q(k);
        }
        let e = m.get(0, 0);
        assert!(e.overlaps(&ExtBall::from_rational(&sum)), "{e:?} {info:?}");
        assert!(e.rad < 5e-37, "{e:?} {info:?}");
    }

    #[test]
    fn residues() {
        // (x + 1)/(x²(x − 2)) at 0: d/dx[(x+1)/(x−2)] at 0 = (−2 − 1)/4 = −3/4
        let num = UPoly::from_coeffs(vec![q(1), q(1)]);
        let den = UPoly::from_coeffs(vec![q(0), q(0), q(-2), q(1)]);
        assert_eq!(residue_exact(&num, &den, &q(0)), Some(Q::new((-3).into(), 4.into())));
        assert_eq!(residue_exact(&num, &den, &q(2)), Some(Q::new(3.into(), 4.into())));
    }
}
