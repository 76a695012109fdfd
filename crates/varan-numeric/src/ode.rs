//! Nonlinear autonomous flows θ' = V(θ) in hardware doubles: the embedded Runge–Kutta pair
//! of Dormand and Prince of orders 5(4) with adaptive step size (Dormand & Prince,
//! J. Comput. Appl. Math. 6 (1980) 19–26; coefficients and step-size control as in
//! \[HNW93, §II.4–II.5\], Table 5.2), and the equilibria of such flows: Newton's method on
//! V(θ) = 0 with a symmetric linearization (gradient fields, DV = −Hess L), solved through the
//! eigen-decomposition of DV by the cyclic Jacobi method \[GVL13, §8.5\].
//!
//! Limits: no error bound is proven. The integrator controls the local error estimate
//! ‖y₅ − y₄‖ against `atol + rtol·|y|` per component (so the global error is of the order of
//! the tolerance times the length of the interval for well-conditioned flows); the Newton
//! residual is the measured ‖V‖ at the returned point. These numbers serve trajectories,
//! figures and the location of critical points, which the symbolic stage then verifies
//! exactly where it can; they decide nothing on their own.

/// Settings of [`integrate`] (defaults: `rtol = atol = 1e-10`, at most 10⁶ steps).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct OdeOptions {
    /// Relative tolerance of the local error estimate.
    pub rtol: f64,
    /// Absolute tolerance of the local error estimate.
    pub atol: f64,
    /// The first step (default: chosen from the field, \[HNW93, §II.4\]).
    pub h_init: Option<f64>,
    /// The largest step allowed.
    pub h_max: f64,
    /// The most accepted plus rejected steps before giving up.
    pub max_steps: usize,
}

impl Default for OdeOptions {
    fn default() -> Self {
        OdeOptions {
            rtol: 1e-10,
            atol: 1e-10,
            h_init: None,
            h_max: f64::INFINITY,
            max_steps: 1_000_000,
        }
    }
}

impl OdeOptions {
    /// Both tolerances set to `tol`.
    pub fn tol(mut self, tol: f64) -> Self {
        self.rtol = tol;
        self.atol = tol;
        self
    }

    /// The first step.
    pub fn h_init(mut self, h: f64) -> Self {
        self.h_init = Some(h);
        self
    }

    /// The largest step.
    pub fn h_max(mut self, h: f64) -> Self {
        self.h_max = h;
        self
    }

    /// The step budget.
    pub fn max_steps(mut self, n: usize) -> Self {
        self.max_steps = n;
        self
    }
}

/// Why an integration stopped before the end of the interval.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum OdeError {
    /// The field returned a NaN or an infinity (a singularity, or a blow-up) at time `t`.
    NonFinite {
        /// The time of the last accepted state.
        t: f64,
    },
    /// The step size fell below the resolution of the time variable at `t` (a stiff or
    /// singular region).
    StepTooSmall {
        /// The time of the last accepted state.
        t: f64,
        /// The rejected step.
        h: f64,
    },
    /// The step budget [`OdeOptions::max_steps`] ran out at time `t`.
    TooManySteps {
        /// The time of the last accepted state.
        t: f64,
    },
    /// A tolerance or the interval was not a positive finite number.
    BadOptions,
}

impl std::error::Error for OdeError {}

impl std::fmt::Display for OdeError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            OdeError::NonFinite { t } => {
                write!(f, "the field is not finite near t = {t:.6e} (a singularity or a blow-up)")
            }
            OdeError::StepTooSmall { t, h } => {
                write!(f, "the step size fell to {h:.3e} at t = {t:.6e} (stiff or singular)")
            }
            OdeError::TooManySteps { t } => write!(f, "the step budget ran out at t = {t:.6e}"),
            OdeError::BadOptions => {
                write!(f, "tolerances and the final time must be positive finite numbers")
            }
        }
    }
}

/// What an integration did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct OdeStats {
    /// Accepted steps.
    pub accepted: usize,
    /// Rejected steps.
    pub rejected: usize,
    /// Evaluations of the field.
    pub evaluations: usize,
}

// The Dormand–Prince 5(4) tableau [HNW93, Table II.5.2].
// (The nodes c_i are not needed: the flow is autonomous.)
const A: [[f64; 6]; 7] = [
    [0.0, 0.0, 0.0, 0.0, 0.0, 0.0],
    [1.0 / 5.0, 0.0, 0.0, 0.0, 0.0, 0.0],
    [3.0 / 40.0, 9.0 / 40.0, 0.0, 0.0, 0.0, 0.0],
    [44.0 / 45.0, -56.0 / 15.0, 32.0 / 9.0, 0.0, 0.0, 0.0],
    [19372.0 / 6561.0, -25360.0 / 2187.0, 64448.0 / 6561.0, -212.0 / 729.0, 0.0, 0.0],
    [9017.0 / 3168.0, -355.0 / 33.0, 46732.0 / 5247.0, 49.0 / 176.0, -5103.0 / 18656.0, 0.0],
    [35.0 / 384.0, 0.0, 500.0 / 1113.0, 125.0 / 192.0, -2187.0 / 6784.0, 11.0 / 84.0],
];
/// The fifth-order weights (equal to the last row of A: first same as last).
const B: [f64; 7] =
    [35.0 / 384.0, 0.0, 500.0 / 1113.0, 125.0 / 192.0, -2187.0 / 6784.0, 11.0 / 84.0, 0.0];
/// B − B̂, with B̂ the embedded fourth-order weights.
const E: [f64; 7] = [
    71.0 / 57600.0,
    0.0,
    -71.0 / 16695.0,
    71.0 / 1920.0,
    -17253.0 / 339200.0,
    22.0 / 525.0,
    -1.0 / 40.0,
];

/// One Dormand–Prince step of size `h` from `y` (with `k1 = V(y)`): the fifth-order
/// solution, the local error estimate y₅ − y₄, and V at the new point (the seventh stage,
/// reused as the next step's first: "first same as last").
pub fn dopri5_step(
    field: &mut impl FnMut(&[f64], &mut [f64]),
    y: &[f64],
    k1: &[f64],
    h: f64,
) -> (Vec<f64>, Vec<f64>, Vec<f64>) {
    let n = y.len();
    let mut k: Vec<Vec<f64>> = vec![k1.to_vec()];
    let mut stage = vec![0.0; n];
    for row in A.iter().skip(1) {
        for i in 0..n {
            let mut s = 0.0;
            for (j, kj) in k.iter().enumerate() {
                s += row[j] * kj[i];
            }
            stage[i] = y[i] + h * s;
        }
        let mut out = vec![0.0; n];
        field(&stage, &mut out);
        k.push(out);
    }
    // the seventh stage is evaluated at y + h·Σ B_j k_j, which is the new solution
    let y_new = stage;
    let err: Vec<f64> =
        (0..n).map(|i| h * k.iter().zip(E).map(|(kj, e)| e * kj[i]).sum::<f64>()).collect();
    debug_assert_eq!(B[6], 0.0);
    let k7 = k.pop().unwrap_or_default();
    (y_new, err, k7)
}

/// The scaled root-mean-square norm of the error estimate \[HNW93, (II.4.11)\].
fn error_norm(err: &[f64], y: &[f64], y_new: &[f64], o: &OdeOptions) -> f64 {
    if err.is_empty() {
        return 0.0;
    }
    let s: f64 = err
        .iter()
        .zip(y.iter().zip(y_new))
        .map(|(e, (a, b))| {
            let sc = o.atol + o.rtol * a.abs().max(b.abs());
            (e / sc) * (e / sc)
        })
        .sum();
    (s / err.len() as f64).sqrt()
}

fn rms(v: &[f64], y: &[f64], o: &OdeOptions) -> f64 {
    if v.is_empty() {
        return 0.0;
    }
    let s: f64 = v
        .iter()
        .zip(y)
        .map(|(x, yy)| {
            let sc = o.atol + o.rtol * yy.abs();
            (x / sc) * (x / sc)
        })
        .sum();
    (s / v.len() as f64).sqrt()
}

/// Integrates θ' = V(θ) from `y0` at time 0 to `t_end` with the adaptive Dormand–Prince
/// 5(4) pair. `observe(t, y, V(y))` is called at time 0 and after every accepted step (the
/// last one lands exactly on `t_end`). Returns the step counts, or why it stopped; the
/// states observed so far stay valid either way.
pub fn integrate(
    mut field: impl FnMut(&[f64], &mut [f64]),
    y0: &[f64],
    t_end: f64,
    options: &OdeOptions,
    mut observe: impl FnMut(f64, &[f64], &[f64]),
) -> Result<OdeStats, OdeError> {
    let o = options;
    let positive = |x: f64| x.is_finite() && x > 0.0;
    if !positive(t_end) || !positive(o.rtol) || !positive(o.atol) || o.h_max.is_nan() {
        return Err(OdeError::BadOptions);
    }
    let n = y0.len();
    let mut stats = OdeStats::default();
    let mut y = y0.to_vec();
    let mut k1 = vec![0.0; n];
    field(&y, &mut k1);
    stats.evaluations += 1;
    let mut t = 0.0_f64;
    if !k1.iter().chain(&y).all(|x| x.is_finite()) {
        return Err(OdeError::NonFinite { t });
    }
    observe(t, &y, &k1);
    // initial step [HNW93, §II.4, "starting step size"]
    let mut h = match o.h_init {
        Some(h) if positive(h) => h,
        _ => {
            let d0 = rms(&y, &y, o);
            let d1 = rms(&k1, &y, o);
            let h0 = if d0 < 1e-5 || d1 < 1e-5 { 1e-6 } else { 0.01 * d0 / d1 };
            let trial: Vec<f64> = y.iter().zip(&k1).map(|(a, b)| a + h0 * b).collect();
            let mut k2 = vec![0.0; n];
            field(&trial, &mut k2);
            stats.evaluations += 1;
            let diff: Vec<f64> = k2.iter().zip(&k1).map(|(a, b)| (a - b) / h0).collect();
            let d2 = rms(&diff, &y, o);
            let h1 = if d1.max(d2) <= 1e-15 {
                (h0 * 1e-3).max(1e-6)
            } else {
                (0.01 / d1.max(d2)).powf(1.0 / 5.0)
            };
            if h1.is_finite() && h1 > 0.0 {
                (100.0 * h0).min(h1)
            } else {
                h0
            }
        }
    };
    h = h.min(o.h_max).min(t_end);
    while t < t_end {
        if stats.accepted + stats.rejected >= o.max_steps {
            return Err(OdeError::TooManySteps { t });
        }
        let last = t + h >= t_end;
        if last {
            h = t_end - t;
        }
        if h <= f64::EPSILON * t.abs().max(1.0) * 4.0 {
            return Err(OdeError::StepTooSmall { t, h });
        }
        let (y_new, err, k7) = dopri5_step(&mut field, &y, &k1, h);
        stats.evaluations += 6;
        let e = error_norm(&err, &y, &y_new, o);
        let finite = e.is_finite() && y_new.iter().chain(&k7).all(|x| x.is_finite());
        if finite && e <= 1.0 {
            t = if last { t_end } else { t + h };
            y = y_new;
            k1 = k7;
            stats.accepted += 1;
            observe(t, &y, &k1);
            let fac = if e == 0.0 { 5.0 } else { (0.9 * e.powf(-0.2)).clamp(0.2, 5.0) };
            h = (h * fac).min(o.h_max);
        } else {
            stats.rejected += 1;
            if !finite && h < 1e-12 {
                return Err(OdeError::NonFinite { t });
            }
            let fac = if finite { (0.9 * e.powf(-0.2)).clamp(0.1, 0.9) } else { 0.1 };
            h *= fac;
        }
    }
    Ok(stats)
}

/// Eigenvalues (ascending) and orthonormal eigenvectors (`vectors[k]` belongs to
/// `values[k]`) of the symmetric matrix `a` by the cyclic Jacobi method \[GVL13,
/// Alg. 8.5.3\]: plane rotations until the off-diagonal mass is below 10⁻³⁰ of the whole.
/// Only the upper triangle is read. Accurate to a few units in the last place relative to
/// ‖a‖, small eigenvalues included.
pub fn symmetric_eigen(a: &[Vec<f64>]) -> (Vec<f64>, Vec<Vec<f64>>) {
    let n = a.len();
    let mut m: Vec<Vec<f64>> =
        (0..n).map(|i| (0..n).map(|j| if i <= j { a[i][j] } else { a[j][i] }).collect()).collect();
    let mut v: Vec<Vec<f64>> =
        (0..n).map(|i| (0..n).map(|j| f64::from(u8::from(i == j))).collect()).collect();
    let total: f64 = m.iter().flatten().map(|x| x * x).sum();
    for _sweep in 0..100 {
        let off: f64 = (0..n)
            .flat_map(|i| (0..n).filter(move |&j| j != i).map(move |j| (i, j)))
            .map(|(i, j)| m[i][j] * m[i][j])
            .sum();
        if off <= 1e-30 * total || off == 0.0 {
            break;
        }
        for p in 0..n {
            for q in p + 1..n {
                let apq = m[p][q];
                if apq == 0.0 {
                    continue;
                }
                // the rotation that zeroes m[p][q] [GVL13, Alg. 8.5.1]
                let theta = (m[q][q] - m[p][p]) / (2.0 * apq);
                let t = theta.signum() / (theta.abs() + (theta * theta + 1.0).sqrt());
                let t = if theta == 0.0 { 1.0 } else { t };
                let c = 1.0 / (t * t + 1.0).sqrt();
                let s = t * c;
                for row in m.iter_mut() {
                    let (x, y) = (row[p], row[q]);
                    row[p] = c * x - s * y;
                    row[q] = s * x + c * y;
                }
                // p < q: rows p and q borrowed together
                let (upper, lower) = m.split_at_mut(q);
                for (x, y) in upper[p].iter_mut().zip(lower[0].iter_mut()) {
                    let (a, b) = (*x, *y);
                    *x = c * a - s * b;
                    *y = s * a + c * b;
                }
                for row in v.iter_mut() {
                    let (x, y) = (row[p], row[q]);
                    row[p] = c * x - s * y;
                    row[q] = s * x + c * y;
                }
            }
        }
    }
    let mut order: Vec<usize> = (0..n).collect();
    order.sort_by(|&i, &j| m[i][i].total_cmp(&m[j][j]));
    let values = order.iter().map(|&k| m[k][k]).collect();
    let vectors = order.iter().map(|&k| (0..n).map(|i| v[i][k]).collect()).collect();
    (values, vectors)
}

/// Settings of [`newton_equilibrium`].
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct NewtonOptions {
    /// Stop when ‖V‖ ≤ this.
    pub tol: f64,
    /// The most Newton steps.
    pub max_iter: usize,
    /// Eigenvalues of DV with |λ| ≤ `rcond`·max|λ| are left out of the step (a
    /// pseudo-inverse, so the iteration also converges onto non-isolated equilibria).
    pub rcond: f64,
    /// Give up when ‖θ‖ exceeds this.
    pub divergence: f64,
}

impl Default for NewtonOptions {
    fn default() -> Self {
        NewtonOptions { tol: 1e-12, max_iter: 100, rcond: 1e-10, divergence: 1e6 }
    }
}

/// Where Newton's method ended.
#[derive(Debug, Clone, PartialEq)]
pub struct NewtonResult {
    /// The last iterate.
    pub point: Vec<f64>,
    /// ‖V‖ there (Euclidean).
    pub residual: f64,
    /// Newton steps taken.
    pub iterations: usize,
    /// Whether ‖V‖ ≤ tol was reached.
    pub converged: bool,
}

fn norm(v: &[f64]) -> f64 {
    v.iter().map(|x| x * x).sum::<f64>().sqrt()
}

/// Newton's method for an equilibrium V(θ) = 0 of a field with symmetric Jacobian DV
/// (a gradient field), from `x0`. `eval(θ)` returns (V(θ), DV(θ)), or `None` where they are
/// not finite. The step is −DV⁺·V with DV⁺ the pseudo-inverse from [`symmetric_eigen`],
/// halved until ‖V‖ decreases (at most 30 halvings); the iteration converges to equilibria
/// of any index, saddles included, and onto manifolds of equilibria.
pub fn newton_equilibrium(
    x0: &[f64],
    mut eval: impl FnMut(&[f64]) -> Option<(Vec<f64>, Vec<Vec<f64>>)>,
    options: &NewtonOptions,
) -> NewtonResult {
    let mut x = x0.to_vec();
    let fail = |x: Vec<f64>, it| NewtonResult {
        point: x,
        residual: f64::INFINITY,
        iterations: it,
        converged: false,
    };
    let Some((mut v, mut dv)) = eval(&x) else { return fail(x, 0) };
    let mut r = norm(&v);
    for it in 0..options.max_iter {
        if r <= options.tol {
            return NewtonResult { point: x, residual: r, iterations: it, converged: true };
        }
        let (lam, vecs) = symmetric_eigen(&dv);
        let big = lam.iter().fold(0.0_f64, |m, l| m.max(l.abs()));
        let mut step = vec![0.0; x.len()];
        for (l, u) in lam.iter().zip(&vecs) {
            if l.abs() <= options.rcond * big || *l == 0.0 {
                continue;
            }
            let c = u.iter().zip(&v).map(|(a, b)| a * b).sum::<f64>() / l;
            for (s, ui) in step.iter_mut().zip(u) {
                *s -= c * ui;
            }
        }
        let mut alpha = 1.0;
        let mut moved = false;
        for _ in 0..30 {
            let trial: Vec<f64> = x.iter().zip(&step).map(|(a, s)| a + alpha * s).collect();
            if let Some((v2, dv2)) = eval(&trial) {
                let r2 = norm(&v2);
                if r2.is_finite() && r2 < r {
                    x = trial;
                    v = v2;
                    dv = dv2;
                    r = r2;
                    moved = true;
                    break;
                }
            }
            alpha *= 0.5;
        }
        if !moved || norm(&x) > options.divergence {
            let converged = r <= options.tol;
            return NewtonResult { point: x, residual: r, iterations: it + 1, converged };
        }
    }
    let converged = r <= options.tol;
    NewtonResult { point: x, residual: r, iterations: options.max_iter, converged }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Global error of N fixed Dormand–Prince steps on θ' = −θ over [0, 1], against the exact
    /// e^{−1}: halving h divides it by about 2⁵ = 32 (a fifth-order method).
    #[test]
    fn fifth_order_on_exponential_decay() {
        let run = |steps: usize| {
            let h = 1.0 / steps as f64;
            let mut f = |y: &[f64], out: &mut [f64]| out[0] = -y[0];
            let mut y = vec![1.0];
            let mut k1 = vec![-1.0];
            for _ in 0..steps {
                let (yn, _, k7) = dopri5_step(&mut f, &y, &k1, h);
                y = yn;
                k1 = k7;
            }
            (y[0] - (-1.0_f64).exp()).abs()
        };
        let (e1, e2, e3) = (run(4), run(8), run(16));
        let (p1, p2) = ((e1 / e2).log2(), (e2 / e3).log2());
        assert!((4.7..5.5).contains(&p1) && (4.7..5.5).contains(&p2), "orders {p1} {p2}");
    }

    /// The harmonic oscillator q' = p, p' = −q from (1, 0): the solution (cos t, −sin t),
    /// to the tolerance, over ten time units; and the energy (q² + p²)/2 drifts by less than
    /// 10⁻⁹.
    #[test]
    fn harmonic_oscillator_adaptive() {
        let f = |y: &[f64], out: &mut [f64]| {
            out[0] = y[1];
            out[1] = -y[0];
        };
        let mut last = (0.0, vec![]);
        let mut drift = 0.0_f64;
        let stats =
            integrate(f, &[1.0, 0.0], 10.0, &OdeOptions::default().tol(1e-12), |t, y, _| {
                drift = drift.max(((y[0] * y[0] + y[1] * y[1]) / 2.0 - 0.5).abs());
                last = (t, y.to_vec());
            })
            .expect("integrates");
        assert_eq!(last.0, 10.0);
        assert!((last.1[0] - 10.0_f64.cos()).abs() < 1e-9, "{:?}", last.1);
        assert!((last.1[1] + 10.0_f64.sin()).abs() < 1e-9, "{:?}", last.1);
        assert!(drift < 1e-9, "energy drift {drift}");
        assert!(stats.accepted > 10 && stats.accepted < 5000, "{stats:?}");
    }

    /// A blow-up θ' = θ² from θ = 1 (solution 1/(1 − t)) is reported, not hidden.
    #[test]
    fn blow_up_is_reported() {
        let f = |y: &[f64], out: &mut [f64]| out[0] = y[0] * y[0];
        let r = integrate(f, &[1.0], 2.0, &OdeOptions::default(), |_, _, _| {});
        match r {
            Err(
                OdeError::StepTooSmall { t, .. }
                | OdeError::NonFinite { t }
                | OdeError::TooManySteps { t },
            ) => {
                assert!((t - 1.0).abs() < 1e-2, "stopped at {t}")
            }
            other => panic!("expected a failure near t = 1, got {other:?}"),
        }
    }

    /// Jacobi on a matrix with known spectrum: [[2, 1], [1, 2]] has 1 and 3; Q·diag·Qᵀ
    /// rebuilds a 4×4 matrix with eigenvalues −2, 0, 1e-9, 5.
    #[test]
    fn jacobi_eigenvalues() {
        let (l, _) = symmetric_eigen(&[vec![2.0, 1.0], vec![1.0, 2.0]]);
        assert!((l[0] - 1.0).abs() < 1e-14 && (l[1] - 3.0).abs() < 1e-14, "{l:?}");
        // an orthogonal Q from a Householder reflection I − 2wwᵀ/wᵀw
        let w = [1.0, 2.0, -1.0, 3.0];
        let ww: f64 = w.iter().map(|x| x * x).sum();
        let q: Vec<Vec<f64>> = (0..4)
            .map(|i| (0..4).map(|j| f64::from(u8::from(i == j)) - 2.0 * w[i] * w[j] / ww).collect())
            .collect();
        let d = [-2.0, 0.0, 1e-9, 5.0];
        let a: Vec<Vec<f64>> = (0..4)
            .map(|i| (0..4).map(|j| (0..4).map(|k| q[i][k] * d[k] * q[j][k]).sum()).collect())
            .collect();
        let (l, vecs) = symmetric_eigen(&a);
        for (x, y) in l.iter().zip(d) {
            assert!((x - y).abs() < 1e-13, "{l:?}");
        }
        // A·v = λ·v
        for (lam, v) in l.iter().zip(&vecs) {
            for i in 0..4 {
                let av: f64 = (0..4).map(|j| a[i][j] * v[j]).sum();
                assert!((av - lam * v[i]).abs() < 1e-13);
            }
        }
    }

    /// Newton on V = −∇L, L = (uv − 1)²/2: from (1.5, 0.6) it lands on the hyperbola uv = 1
    /// (a manifold of minima, where DV is singular); from (0.01, −0.02) on the saddle 0.
    #[test]
    fn newton_finds_saddles_and_manifolds() {
        let eval = |x: &[f64]| {
            let (u, v) = (x[0], x[1]);
            let r = u * v - 1.0;
            let g = vec![-r * v, -r * u];
            let h = vec![vec![-v * v, -(2.0 * u * v - 1.0)], vec![-(2.0 * u * v - 1.0), -u * u]];
            Some((g, h))
        };
        let a = newton_equilibrium(&[1.5, 0.6], eval, &NewtonOptions::default());
        assert!(a.converged && (a.point[0] * a.point[1] - 1.0).abs() < 1e-12, "{a:?}");
        let b = newton_equilibrium(&[0.01, -0.02], eval, &NewtonOptions::default());
        assert!(b.converged && norm(&b.point) < 1e-12, "{b:?}");
    }
}
