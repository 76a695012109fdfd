//! Linear systems A·p = b over ℚ by Gauss–Jordan elimination. When there is no solution the
//! elimination also returns a certificate: a row vector y with yᵀA = 0 and yᵀb ≠ 0 (the
//! combination of equations that reads 0 = non-zero), which anyone can check by two
//! matrix–vector products.

use num_traits::{One, Zero};
use varan_algebra::Q;

/// The outcome of [`solve`].
pub(crate) enum Linear {
    /// A solution p (free unknowns set to 0).
    Solution(Vec<Q>),
    /// y with yᵀA = 0 and yᵀb ≠ 0: the system has no solution.
    Inconsistent(Vec<Q>),
}

/// Solves A·p = b for A with `rows.len()` rows and `ncols` columns (missing entries are 0).
/// Forward elimination without fill above the pivots, then back substitution: the systems
/// of `risch.rs` are banded, and this keeps them so.
pub(crate) fn solve(rows: &[Vec<Q>], rhs: &[Q], ncols: usize) -> Linear {
    let n = rows.len();
    // Each working row is [A_i | b_i | e_i]: the last n entries record which combination of
    // the original equations it is, so that a row 0 = c ≠ 0 yields the certificate.
    let mut m: Vec<Vec<Q>> = (0..n)
        .map(|i| {
            let mut r: Vec<Q> =
                (0..ncols).map(|j| rows[i].get(j).cloned().unwrap_or_default()).collect();
            r.push(rhs.get(i).cloned().unwrap_or_default());
            r.extend((0..n).map(|k| if k == i { Q::one() } else { Q::zero() }));
            r
        })
        .collect();
    let mut pivots: Vec<(usize, usize)> = Vec::new();
    let mut row = 0;
    for col in 0..ncols {
        if row == n {
            break;
        }
        let Some(p) = (row..n).find(|&i| !m[i][col].is_zero()) else { continue };
        m.swap(row, p);
        let support: Vec<(usize, Q)> = m[row]
            .iter()
            .enumerate()
            .skip(col)
            .filter(|(_, y)| !y.is_zero())
            .map(|(j, y)| (j, y.clone()))
            .collect();
        let pivot = m[row][col].clone();
        for r in m[row + 1..].iter_mut() {
            if r[col].is_zero() {
                continue;
            }
            let f = &r[col] / &pivot;
            for (j, y) in &support {
                r[*j] -= &f * y;
            }
        }
        pivots.push((row, col));
        row += 1;
    }
    // rows from `row` on have a zero A-part
    if let Some(r) = m[row..].iter().find(|r| !r[ncols].is_zero()) {
        return Linear::Inconsistent(r[ncols + 1..].to_vec());
    }
    let mut p = vec![Q::zero(); ncols];
    for &(r, c) in pivots.iter().rev() {
        let mut s = m[r][ncols].clone();
        for j in c + 1..ncols {
            if !m[r][j].is_zero() && !p[j].is_zero() {
                s -= &m[r][j] * &p[j];
            }
        }
        p[c] = s / &m[r][c];
    }
    Linear::Solution(p)
}

/// Whether y proves A·p = b inconsistent: yᵀA = 0 and yᵀb ≠ 0.
pub(crate) fn proves_inconsistent(rows: &[Vec<Q>], rhs: &[Q], ncols: usize, y: &[Q]) -> bool {
    if y.len() != rows.len() || rhs.len() != rows.len() {
        return false;
    }
    let column_zero = (0..ncols).all(|j| {
        let s: Q =
            rows.iter().zip(y).map(|(r, yi)| r.get(j).cloned().unwrap_or_default() * yi).sum();
        s.is_zero()
    });
    let b: Q = rhs.iter().zip(y).map(|(bi, yi)| bi * yi).sum();
    column_zero && !b.is_zero()
}

/// Whether p solves A·p = b.
#[cfg(test)]
pub(crate) fn is_solution(rows: &[Vec<Q>], rhs: &[Q], p: &[Q]) -> bool {
    rows.iter().zip(rhs).all(|(r, b)| {
        let s: Q = r.iter().zip(p).map(|(a, x)| a * x).sum();
        &s == b
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn q(n: i64) -> Q {
        Q::from_integer(n.into())
    }

    #[test]
    fn solves_and_certifies() {
        // x + y = 2, x − y = 0 ⇒ x = y = 1
        let a = vec![vec![q(1), q(1)], vec![q(1), q(-1)]];
        let b = vec![q(2), q(0)];
        match solve(&a, &b, 2) {
            Linear::Solution(p) => assert!(is_solution(&a, &b, &p)),
            Linear::Inconsistent(_) => panic!("solvable system declared inconsistent"),
        }
        // x + y = 1, 2x + 2y = 3: inconsistent
        let a = vec![vec![q(1), q(1)], vec![q(2), q(2)]];
        let b = vec![q(1), q(3)];
        match solve(&a, &b, 2) {
            Linear::Solution(p) => panic!("inconsistent system solved by {p:?}"),
            Linear::Inconsistent(y) => assert!(proves_inconsistent(&a, &b, 2, &y)),
        }
        // no unknowns, non-zero right-hand side
        let a = vec![vec![], vec![]];
        let b = vec![q(0), q(5)];
        match solve(&a, &b, 0) {
            Linear::Solution(_) => panic!("0 = 5 solved"),
            Linear::Inconsistent(y) => assert!(proves_inconsistent(&a, &b, 0, &y)),
        }
    }
}
