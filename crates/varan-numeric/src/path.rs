//! Transition matrices along polygonal paths: every edge is cut into Taylor steps whose
//! length is a fixed fraction of the distance to the nearest singular point (and of the
//! radius where the absolute-value recurrence of the coefficients diverges), each step
//! certified by the a-posteriori bound of [`crate::taylor`], and the step matrices are
//! multiplied in ball arithmetic (analytic continuation by overlapping disks, as in van der Hoeven,
//! *Fast evaluation of holonomic functions*, TCS 210 (1999), and Mezzarobba,
//! arXiv:1607.01967).
//!
//! The vertices are doubles and are taken as exact: the path is the polygon through these
//! points, and the transition matrix only depends on its homotopy class in the plane minus
//! the singular points. A step's increment h = z₁ − z₀ is a ball containing the exact
//! difference. The step matrices are multiplied as a balanced tree (see [`product`]).
//!
//! The same path code serves both precisions ([`crate::BallArith`]): the vertices and the
//! step points are doubles, exact in either midpoint type.

use num_complex::Complex64;

use crate::arith::BallArith;
use crate::ball::Ball;
use crate::matrix::{BallMatrix, Matrix};
use crate::roots::approximate_roots;
use crate::taylor::{BallSystem, RationalSystem, StepInfo, SystemError};

/// Step length as a fraction of the distance to the nearest singular point.
const STEP_RATIO: f64 = 0.3;
/// Step length as a fraction of the radius where the absolute-value recurrence of the
/// Taylor coefficients diverges (beyond it the ball radii would grow).
const ABS_RATIO: f64 = 0.7;
/// Most steps on one path.
const MAX_STEPS: usize = 100_000;

/// A system prepared for integration: ball coefficients and approximate singular points.
#[derive(Debug, Clone)]
pub struct Integrator {
    sys: BallSystem<Ball>,
    singular: Vec<Complex64>,
    /// Tail bound per step and entry.
    pub tol: f64,
}

/// Statistics of an integration.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct PathStats {
    /// Number of Taylor steps.
    pub steps: usize,
    /// Largest truncation order used.
    pub max_order: usize,
    /// Sum of the truncation orders.
    pub total_order: usize,
}

impl Integrator {
    /// Prepares `sys`; `tol` bounds the Taylor tail of each step, per entry.
    pub fn new(sys: &RationalSystem, tol: f64) -> Integrator {
        Integrator {
            sys: BallSystem::new(sys),
            singular: approximate_roots(&sys.singular_polynomial()),
            tol,
        }
    }

    /// Approximate finite singular points (roots of the square-free part of d).
    pub fn singular_points(&self) -> &[Complex64] {
        &self.singular
    }

    /// Distance from z to the nearest singular point (+∞ if none).
    pub fn distance(&self, z: Complex64) -> f64 {
        self.singular.iter().fold(f64::INFINITY, |m, s| m.min((z - s).norm()))
    }

    /// The transition matrix along the polygon `path` (the fundamental matrix that is the
    /// identity at `path[0]`, continued to the last vertex).
    pub fn transition(&self, path: &[Complex64]) -> Result<(BallMatrix, PathStats), SystemError> {
        transition(&self.sys, &self.singular, self.tol, path)
    }
}

/// The transition matrix of `sys` along the polygon `path`, in the precision of `S`;
/// `singular` are the approximate singular points that set the step lengths and `tol`
/// bounds the Taylor tail of each step, per entry.
pub(crate) fn transition<S: BallArith>(
    sys: &BallSystem<S>,
    singular: &[Complex64],
    tol: f64,
    path: &[Complex64],
) -> Result<(Matrix<S>, PathStats), SystemError> {
    let distance = |z: Complex64| singular.iter().fold(f64::INFINITY, |m, s| m.min((z - s).norm()));
    let mut factors: Vec<Matrix<S>> = Vec::new();
    let mut stats = PathStats::default();
    for w in path.windows(2) {
        let (a, b) = (w[0], w[1]);
        let scale = a.norm().max(b.norm()).max(1.0);
        let mut z = a;
        while z != b {
            stats.steps += 1;
            if stats.steps > MAX_STEPS {
                return Err(SystemError::PathHitsSingularity);
            }
            let rho = distance(z);
            if rho < 1e-9 * scale {
                return Err(SystemError::PathHitsSingularity);
            }
            let rem = b - z;
            let mut len = (STEP_RATIO * rho).min(ABS_RATIO * sys.abs_radius(z)).min(rem.norm());
            let mut tries = 0;
            let (s, next, info) = loop {
                let next = if len >= rem.norm() { b } else { z + rem * (len / rem.norm()) };
                // a ball containing the exact difference z₁ − z₀ of the two doubles
                let h = S::diff(next, z);
                match sys.step(z, h, tol) {
                    Ok((s, info)) => break (s, next, info),
                    Err(e) => {
                        tries += 1;
                        if tries > 30 {
                            return Err(e);
                        }
                        len *= 0.5;
                    }
                }
            };
            record(&mut stats, info);
            factors.push(s);
            z = next;
        }
    }
    Ok((product(factors, sys.dim), stats))
}

/// S_m ⋯ S_1 for `factors` = [S_1, …, S_m], multiplied pairwise as a balanced tree: the
/// radius of each factor then meets O(log m) absolute-value products instead of m, which
/// limits the wrapping effect of entrywise ball propagation.
fn product<S: BallArith>(mut factors: Vec<Matrix<S>>, dim: usize) -> Matrix<S> {
    while factors.len() > 1 {
        let mut next = Vec::with_capacity(factors.len().div_ceil(2));
        let mut it = factors.into_iter();
        while let Some(a) = it.next() {
            match it.next() {
                Some(b) => next.push(b.mul(&a)),
                None => next.push(a),
            }
        }
        factors = next;
    }
    factors.pop().unwrap_or_else(|| Matrix::identity(dim))
}

fn record(stats: &mut PathStats, info: StepInfo) {
    stats.max_order = stats.max_order.max(info.order);
    stats.total_order += info.order;
}
