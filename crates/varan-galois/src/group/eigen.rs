//! Certified simple spectra of ball matrices: n pairwise disjoint disks, each proven to
//! contain exactly one eigenvalue of every matrix in the ball matrix.
//!
//! 1. The characteristic polynomial p(x) = det(xI − M) = Σ c_k x^k by the
//!    Faddeev–LeVerrier recurrence (M₁ = I, c_{n−k} = −tr(M·M_k)/k,
//!    M_{k+1} = M·M_k + c_{n−k}·I), in ball arithmetic: the balls enclose the exact c_k.
//! 2. Approximate roots z_i of the midpoint polynomial by the Weierstrass (Durand–Kerner)
//!    iteration, in plain doubles (only a guess; nothing is decided from it).
//! 3. Inclusion (Neumaier, *Enclosing clusters of zeros of polynomials*, J. Comput. Appl.
//!    Math. 156 (2003), §2): with W_i = p(z_i)/∏_{j≠i}(z_i − z_j), Lagrange interpolation
//!    gives p(x) = ∏(x − z_j) + Σ_i W_i ∏_{j≠i}(x − z_j), which by the matrix
//!    determinant lemma is det(xI − (Z − W·1ᵀ)) with Z = diag(z). The Gershgorin disks of
//!    Z − W·1ᵀ are D(z_i − W_i, (n − 1)|W_i|); when they are pairwise disjoint each holds
//!    exactly one root. W_i is evaluated in balls, and each disk is widened by the radius
//!    of its ball, so the conclusion holds for every polynomial in the coefficient balls.
//!
//! Limits: clusters (multiple or nearly multiple eigenvalues) are refused, never split;
//! the recurrence loses accuracy for large n (the group tests use n ≤ 6 or so).

use num_complex::Complex64;
use varan_numeric::{Ball, BallMatrix, EPS};

/// Coefficients c_0, …, c_n (c_n = 1) of det(xI − M), ascending.
pub(crate) fn char_poly(m: &BallMatrix) -> Vec<Ball> {
    let n = m.dim();
    let mut c = vec![Ball::zero(); n + 1];
    c[n] = Ball::one();
    let id = BallMatrix::identity(n);
    let mut mk = id.clone();
    for k in 1..=n {
        let am = m.mul(&mk);
        c[n - k] = -(am.trace() / Ball::real(k as f64));
        mk = am.add(&id.scale(c[n - k]));
    }
    c
}

/// p(z) by Horner in balls.
fn eval(c: &[Ball], z: Ball) -> Ball {
    c.iter().rev().fold(Ball::zero(), |acc, a| acc * z + *a)
}

/// Approximate roots of the monic polynomial with coefficients `c` (ascending, c_n = 1).
fn approximate_roots(c: &[Complex64]) -> Vec<Complex64> {
    let n = c.len() - 1;
    let bound = 1.0 + c[..n].iter().fold(0.0f64, |m, a| m.max(a.norm()));
    let seed = Complex64::new(0.4, 0.9);
    let mut z: Vec<Complex64> = (0..n).map(|i| seed.powu(i as u32 + 1) * (0.5 * bound)).collect();
    let p = |x: Complex64| c.iter().rev().fold(Complex64::new(0.0, 0.0), |acc, a| acc * x + a);
    for _ in 0..500 {
        let mut moved = 0.0f64;
        for i in 0..n {
            let mut den = Complex64::new(1.0, 0.0);
            for j in 0..n {
                if j != i {
                    den *= z[i] - z[j];
                }
            }
            if den.norm() == 0.0 {
                z[i] += Complex64::new(1e-8 * bound, 1e-8 * bound);
                moved = f64::INFINITY;
                continue;
            }
            let step = p(z[i]) / den;
            if step.re.is_finite() && step.im.is_finite() {
                z[i] -= step;
                moved = moved.max(step.norm() / (1.0 + z[i].norm()));
            }
        }
        if moved < 1e-17 {
            break;
        }
    }
    z
}

/// Disjoint disks, one around each eigenvalue, valid for every matrix in `m`; `None`
/// when the disks cannot be separated (close or multiple eigenvalues, wide balls).
pub(crate) fn simple_spectrum(m: &BallMatrix) -> Option<Vec<Ball>> {
    let n = m.dim();
    if n == 1 {
        return Some(vec![m.get(0, 0)]);
    }
    let c = char_poly(m);
    if c.iter().any(|b| !b.rad.is_finite()) {
        return None;
    }
    let mids: Vec<Complex64> = c.iter().map(|b| b.mid).collect();
    let z = approximate_roots(&mids);
    let mut disks = Vec::with_capacity(n);
    for i in 0..n {
        let zi = Ball::exact(z[i]);
        let mut den = Ball::one();
        for (j, zj) in z.iter().enumerate() {
            if j != i {
                den = den * (zi - Ball::exact(*zj));
            }
        }
        let w = eval(&c, zi) / den;
        if !w.rad.is_finite() {
            return None;
        }
        let centre = zi - w;
        let extra = (n - 1) as f64 * w.abs_upper();
        let rad = (centre.rad + extra) * (1.0 + 4.0 * EPS) + f64::MIN_POSITIVE;
        disks.push(Ball::new(centre.mid, rad));
    }
    for i in 0..n {
        for j in i + 1..n {
            if disks[i].overlaps(&disks[j]) {
                return None;
            }
        }
    }
    Some(disks)
}

/// The spectral projectors P_i = ∏_{j≠i} (M − μ_j I)/(μ_i − μ_j) of a matrix with simple
/// spectrum, for eigenvalue balls μ (valid by inclusion: the exact eigenvalues lie in the
/// balls).
pub(crate) fn projectors(m: &BallMatrix, mus: &[Ball]) -> Vec<BallMatrix> {
    let n = m.dim();
    let id = BallMatrix::identity(n);
    (0..mus.len())
        .map(|i| {
            let mut p = id.clone();
            for (j, mu) in mus.iter().enumerate() {
                if j != i {
                    p = p.mul(&m.sub(&id.scale(*mu))).scale((mus[i] - *mu).recip());
                }
            }
            p
        })
        .collect()
}

/// A ball containing log|z| for every z in `b` (the whole line when b contains 0). The
/// library logarithm is charged 4·EPS relative error, as varan-numeric charges its
/// library functions.
pub(crate) fn log_abs(b: &Ball) -> Ball {
    let (lo, hi) = (b.abs_lower(), b.abs_upper());
    if lo <= 0.0 || !hi.is_finite() {
        return Ball::whole();
    }
    let (a, c) = (lo.ln(), hi.ln());
    let slack = 4.0 * EPS * (a.abs() + c.abs()) + f64::MIN_POSITIVE;
    let (a, c) = (a - slack, c + slack);
    let mid = 0.5 * (a + c);
    Ball::new(Complex64::new(mid, 0.0), (c - a) * (1.0 + EPS) + f64::MIN_POSITIVE)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spectrum_of_a_triangular_matrix() {
        let r = |x: f64| Ball::real(x);
        let m = BallMatrix::from_rows(vec![
            vec![r(2.0), r(1.0), r(5.0)],
            vec![r(0.0), r(-1.0), r(3.0)],
            vec![r(0.0), r(0.0), r(0.5)],
        ])
        .unwrap();
        let c = char_poly(&m);
        // (x − 2)(x + 1)(x − 1/2) = x³ − 1.5x² − 1.5x + 1
        for (b, want) in c.iter().zip([1.0, -1.5, -1.5, 1.0]) {
            assert!(b.contains(Complex64::new(want, 0.0)), "{c:?}");
        }
        let s = simple_spectrum(&m).unwrap();
        for want in [2.0, -1.0, 0.5] {
            assert_eq!(s.iter().filter(|b| b.contains(Complex64::new(want, 0.0))).count(), 1);
        }
        let p = projectors(&m, &s);
        let sum = p.iter().fold(BallMatrix::zero(3), |a, b| a.add(b));
        for i in 0..3 {
            for j in 0..3 {
                let want = if i == j { 1.0 } else { 0.0 };
                assert!(sum.get(i, j).contains(Complex64::new(want, 0.0)));
            }
        }
        // a double eigenvalue is refused
        let d = BallMatrix::from_rows(vec![vec![r(1.0), r(1.0)], vec![r(0.0), r(1.0)]]).unwrap();
        assert!(simple_spectrum(&d).is_none());
        assert!(log_abs(&Ball::real(2.0)).contains(Complex64::new(2f64.ln(), 0.0)));
    }
}
