//! Small square matrices of complex balls, in either precision ([`BallMatrix`] over
//! double-precision [`Ball`]s, [`ExtMatrix`] over [`ExtBall`]s): products, traces and
//! determinants in ball arithmetic, so every entry of a result contains the exact entry for
//! every choice of points in the operand balls (the propagation used by van der Hoeven, TCS
//! 210 (1999), and Mezzarobba, arXiv:1607.01967, for transition matrices).

use num_complex::Complex64;

use crate::arith::BallArith;
use crate::ball::{up, Ball};
use crate::ext_ball::ExtBall;

/// A square matrix of balls, row-major.
#[derive(Debug, Clone, PartialEq)]
pub struct Matrix<B> {
    n: usize,
    e: Vec<B>,
}

/// A square matrix of double-precision balls.
pub type BallMatrix = Matrix<Ball>;

/// A square matrix of extended-precision balls.
pub type ExtMatrix = Matrix<ExtBall>;

impl<B: BallArith> Matrix<B> {
    /// The n×n zero matrix.
    pub fn zero(n: usize) -> Matrix<B> {
        Matrix { n, e: vec![B::zero(); n * n] }
    }

    /// The n×n identity.
    pub fn identity(n: usize) -> Matrix<B> {
        let mut m = Matrix::zero(n);
        for i in 0..n {
            m.e[i * n + i] = B::one();
        }
        m
    }

    /// The matrix with the given rows; `None` unless the rows form a square.
    pub fn from_rows(rows: Vec<Vec<B>>) -> Option<Matrix<B>> {
        let n = rows.len();
        if rows.iter().any(|r| r.len() != n) {
            return None;
        }
        Some(Matrix { n, e: rows.into_iter().flatten().collect() })
    }

    /// The n×n matrix with row-major entries `e` (padded with zeros or cut to n²).
    pub fn from_entries(n: usize, mut e: Vec<B>) -> Matrix<B> {
        e.resize(n * n, B::zero());
        Matrix { n, e }
    }

    /// Dimension.
    pub fn dim(&self) -> usize {
        self.n
    }

    /// Entry (i, j).
    pub fn get(&self, i: usize, j: usize) -> B {
        self.e[i * self.n + j]
    }

    /// Sets entry (i, j).
    pub fn set(&mut self, i: usize, j: usize, b: B) {
        self.e[i * self.n + j] = b;
    }

    /// Entries, row-major.
    pub fn entries(&self) -> &[B] {
        &self.e
    }

    /// Mutable entries, row-major.
    pub fn entries_mut(&mut self) -> &mut [B] {
        &mut self.e
    }

    /// The product self · other (dimensions must agree).
    pub fn mul(&self, other: &Matrix<B>) -> Matrix<B> {
        let n = self.n;
        let mut out = Matrix::zero(n);
        for i in 0..n {
            for j in 0..n {
                let mut s = B::zero();
                for k in 0..n {
                    s = s + self.e[i * n + k] * other.e[k * n + j];
                }
                out.e[i * n + j] = s;
            }
        }
        out
    }

    /// Entrywise sum.
    pub fn add(&self, other: &Matrix<B>) -> Matrix<B> {
        let e = self.e.iter().zip(&other.e).map(|(a, b)| *a + *b).collect();
        Matrix { n: self.n, e }
    }

    /// Entrywise difference.
    pub fn sub(&self, other: &Matrix<B>) -> Matrix<B> {
        let e = self.e.iter().zip(&other.e).map(|(a, b)| *a - *b).collect();
        Matrix { n: self.n, e }
    }

    /// Multiplication by a ball.
    pub fn scale(&self, s: B) -> Matrix<B> {
        Matrix { n: self.n, e: self.e.iter().map(|a| *a * s).collect() }
    }

    /// Trace.
    pub fn trace(&self) -> B {
        (0..self.n).fold(B::zero(), |s, i| s + self.e[i * self.n + i])
    }

    /// Determinant: explicit for n ≤ 2, Gaussian elimination with partial pivoting on the
    /// midpoints otherwise (the whole plane if a pivot ball contains 0).
    pub fn det(&self) -> B {
        let n = self.n;
        match n {
            0 => return B::one(),
            1 => return self.e[0],
            2 => return self.e[0] * self.e[3] - self.e[1] * self.e[2],
            _ => {}
        }
        let mut a = self.e.clone();
        let mut det = B::one();
        for k in 0..n {
            let p = (k..n)
                .max_by(|&x, &y| {
                    a[x * n + k].approx().norm().total_cmp(&a[y * n + k].approx().norm())
                })
                .unwrap_or(k);
            if p != k {
                for j in 0..n {
                    a.swap(k * n + j, p * n + j);
                }
                det = -det;
            }
            let piv = a[k * n + k];
            if piv.abs_lower() <= 0.0 {
                return B::whole();
            }
            det = det * piv;
            let inv = piv.recip();
            for i in k + 1..n {
                let f = a[i * n + k] * inv;
                for j in k + 1..n {
                    a[i * n + j] = a[i * n + j] - f * a[k * n + j];
                }
            }
        }
        det
    }

    /// Largest entry radius.
    pub fn max_rad(&self) -> f64 {
        self.e.iter().fold(0.0f64, |m, b| m.max(b.rad()))
    }

    /// Upper bound of the ∞-norm (largest row sum of entry moduli).
    pub fn norm_upper(&self) -> f64 {
        (0..self.n)
            .map(|i| {
                self.e[i * self.n..(i + 1) * self.n].iter().fold(0.0, |s, b| up(s + b.abs_upper()))
            })
            .fold(0.0f64, f64::max)
    }

    /// Whether every entry of `m` (row-major) lies in the corresponding ball.
    pub fn contains(&self, m: &[Complex64]) -> bool {
        m.len() == self.e.len() && self.e.iter().zip(m).all(|(b, z)| b.contains(*z))
    }

    /// The double-precision matrix whose balls contain these.
    pub fn to_ball_matrix(&self) -> BallMatrix {
        Matrix { n: self.n, e: self.e.iter().map(BallArith::to_ball).collect() }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use varan_algebra::Q;

    fn c(re: f64, im: f64) -> Complex64 {
        Complex64::new(re, im)
    }

    #[test]
    fn determinants() {
        let b = |x: f64| Ball::real(x);
        let m = BallMatrix::from_rows(vec![
            vec![b(2.0), b(1.0), b(0.0)],
            vec![b(1.0), b(3.0), b(1.0)],
            vec![b(0.0), b(1.0), b(4.0)],
        ])
        .unwrap();
        // 2(12 − 1) − 1(4 − 0) = 18
        assert!(m.det().contains(c(18.0, 0.0)) && m.det().rad < 1e-12);
        assert!(m.mul(&BallMatrix::identity(3)).det().contains(c(18.0, 0.0)));
        assert!(m.trace().contains(c(9.0, 0.0)));
        let two = BallMatrix::from_rows(vec![vec![b(1.0), b(2.0)], vec![b(3.0), b(4.0)]]).unwrap();
        assert!(two.det().contains(c(-2.0, 0.0)));
    }

    #[test]
    fn extended_determinant_of_a_rational_matrix() {
        // det [[1/3, 1/5, 1/7], [1/2, 1, 2], [3, 1/11, 1]] computed exactly in rationals
        let q = |n: i64, d: i64| Q::new(n.into(), d.into());
        let rows = [
            [q(1, 3), q(1, 5), q(1, 7)],
            [q(1, 2), q(1, 1), q(2, 1)],
            [q(3, 1), q(1, 11), q(1, 1)],
        ];
        let exact = &rows[0][0] * (&rows[1][1] * &rows[2][2] - &rows[1][2] * &rows[2][1])
            - &rows[0][1] * (&rows[1][0] * &rows[2][2] - &rows[1][2] * &rows[2][0])
            + &rows[0][2] * (&rows[1][0] * &rows[2][1] - &rows[1][1] * &rows[2][0]);
        let m = ExtMatrix::from_rows(
            rows.iter().map(|r| r.iter().map(ExtBall::from_rational).collect()).collect(),
        )
        .unwrap();
        let d = m.det();
        assert!(d.contains_ball(&ExtBall::from_rational(&exact)), "{d:?} vs {exact}");
        assert!(d.rad < 1e-36);
        assert!(m.to_ball_matrix().det().overlaps(&d.to_ball()));
    }
}
