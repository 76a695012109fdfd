//! Ball linear algebra for the group tests: adjugate (2×2), inverse by Gauss–Jordan
//! elimination (n×n), the bracket XY − YX, tr(XY), the entry of a matrix farthest from 0
//! and a certified rank lower bound.
//!
//! Every function returns balls that contain the exact result for every choice of exact
//! matrices inside the input balls (each step is a ball operation, see
//! `varan_numeric::Ball`); pivots are chosen on midpoints, which only affects tightness.
//! Elimination refuses (returns `None`, or stops counting rank) as soon as a pivot ball
//! contains 0.

use varan_numeric::{Ball, BallMatrix};

use super::Measurement;

/// The adjugate of a 2×2 matrix: [[d, −b], [−c, a]] (= det·M⁻¹, exact, no division).
pub(crate) fn adjugate2(m: &BallMatrix) -> BallMatrix {
    let mut a = BallMatrix::zero(2);
    a.set(0, 0, m.get(1, 1));
    a.set(0, 1, -m.get(0, 1));
    a.set(1, 0, -m.get(1, 0));
    a.set(1, 1, m.get(0, 0));
    a
}

/// M⁻¹ by Gauss–Jordan elimination with partial pivoting on midpoints; `None` when a
/// pivot ball contains 0.
pub(crate) fn inverse(m: &BallMatrix) -> Option<BallMatrix> {
    let n = m.dim();
    let mut a: Vec<Vec<Ball>> = (0..n).map(|i| (0..n).map(|j| m.get(i, j)).collect()).collect();
    let mut inv: Vec<Vec<Ball>> = (0..n)
        .map(|i| (0..n).map(|j| if i == j { Ball::one() } else { Ball::zero() }).collect())
        .collect();
    for k in 0..n {
        let p = (k..n).max_by(|&x, &y| a[x][k].mid.norm().total_cmp(&a[y][k].mid.norm()))?;
        a.swap(k, p);
        inv.swap(k, p);
        let piv = a[k][k];
        if piv.abs_lower() <= 0.0 {
            return None;
        }
        let r = piv.recip();
        for j in 0..n {
            a[k][j] = a[k][j] * r;
            inv[k][j] = inv[k][j] * r;
        }
        for i in 0..n {
            if i == k {
                continue;
            }
            let f = a[i][k];
            if f.mid == num_complex::Complex64::new(0.0, 0.0) && f.rad == 0.0 {
                continue;
            }
            for j in 0..n {
                a[i][j] = a[i][j] - f * a[k][j];
                inv[i][j] = inv[i][j] - f * inv[k][j];
            }
        }
    }
    BallMatrix::from_rows(inv)
}

/// The bracket [X, Y] = XY − YX.
pub(crate) fn bracket(x: &BallMatrix, y: &BallMatrix) -> BallMatrix {
    x.mul(y).sub(&y.mul(x))
}

/// tr(XY) without forming the product.
pub(crate) fn trace_of_product(x: &BallMatrix, y: &BallMatrix) -> Ball {
    let n = x.dim();
    let mut s = Ball::zero();
    for i in 0..n {
        for j in 0..n {
            s = s + x.get(i, j) * y.get(j, i);
        }
    }
    s
}

/// The entry of `m` best separated from 0 (largest lower bound of its modulus, then
/// largest midpoint-to-radius ratio), measured against 0; `name` names the matrix.
pub(crate) fn entry_away_from_zero(m: &BallMatrix, name: &str) -> Measurement {
    let n = m.dim();
    let mut best: Option<Measurement> = None;
    for i in 0..n {
        for j in 0..n {
            let q = format!("({name})[{},{}]", i + 1, j + 1);
            let c = Measurement::against(q, m.get(i, j), Ball::zero(), "0");
            let better = match &best {
                None => true,
                Some(b) => {
                    (c.certified(), c.distance, c.margin())
                        > (b.certified(), b.distance, b.margin())
                }
            };
            if better {
                best = Some(c);
            }
        }
    }
    best.unwrap_or_else(|| Measurement::against(name.to_string(), Ball::zero(), Ball::zero(), "0"))
}

/// A certified lower bound of the rank of the vectors `rows` (all of one length):
/// Gaussian elimination that stops at the first step where every remaining entry ball
/// contains 0. The r pivots found are the diagonal of an elimination of an r×r minor, so
/// that minor is the product of non-zero numbers.
pub(crate) fn rank_lower_bound(rows: &[Vec<Ball>]) -> usize {
    let mut a: Vec<Vec<Ball>> = rows.to_vec();
    let cols = a.first().map_or(0, Vec::len);
    let mut rank = 0;
    let mut used_cols = vec![false; cols];
    while rank < a.len() {
        // the pivot: the entry with the largest certified lower bound of its modulus
        let mut piv: Option<(usize, usize, f64)> = None;
        for (i, row) in a.iter().enumerate().skip(rank) {
            for (j, e) in row.iter().enumerate() {
                if used_cols[j] {
                    continue;
                }
                let lo = e.abs_lower();
                if lo > 0.0 && piv.is_none_or(|(_, _, b)| lo > b) {
                    piv = Some((i, j, lo));
                }
            }
        }
        let Some((pi, pj, _)) = piv else { break };
        a.swap(rank, pi);
        used_cols[pj] = true;
        let r = a[rank][pj].recip();
        let prow = a[rank].clone();
        for row in a.iter_mut().skip(rank + 1) {
            let f = row[pj] * r;
            for (e, p) in row.iter_mut().zip(&prow) {
                *e = *e - f * *p;
            }
        }
        rank += 1;
    }
    rank
}

#[cfg(test)]
mod tests {
    use super::*;
    use num_complex::Complex64;

    fn m(rows: &[&[f64]]) -> BallMatrix {
        BallMatrix::from_rows(
            rows.iter().map(|r| r.iter().map(|&x| Ball::real(x)).collect()).collect(),
        )
        .unwrap()
    }

    #[test]
    fn inverse_times_matrix_contains_identity() {
        let a = m(&[&[2.0, 1.0, 0.0], &[1.0, 3.0, 1.0], &[0.0, 1.0, 4.0]]);
        let p = a.mul(&inverse(&a).unwrap());
        for i in 0..3 {
            for j in 0..3 {
                let want = if i == j { 1.0 } else { 0.0 };
                assert!(p.get(i, j).contains(Complex64::new(want, 0.0)), "{p:?}");
            }
        }
        assert!(inverse(&m(&[&[1.0, 2.0], &[2.0, 4.0]])).is_none());
        let adj = adjugate2(&m(&[&[1.0, 2.0], &[3.0, 4.0]]));
        assert_eq!(adj, m(&[&[4.0, -2.0], &[-3.0, 1.0]]));
    }

    #[test]
    fn rank_of_dependent_vectors() {
        let v = |x: &[f64]| x.iter().map(|&t| Ball::real(t)).collect::<Vec<_>>();
        let rows = vec![v(&[1.0, 2.0, 3.0]), v(&[2.0, 4.0, 6.0]), v(&[0.0, 1.0, 1.0])];
        assert_eq!(rank_lower_bound(&rows), 2);
        assert_eq!(rank_lower_bound(&[v(&[0.0, 0.0])]), 0);
    }
}
