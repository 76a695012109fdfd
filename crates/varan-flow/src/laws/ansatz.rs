//! Polynomials annihilated by vector fields: all h of degree ≤ d without constant term with
//! X_i(h) = Σ_k X_{i,k}·∂h/∂x_k = 0 for every field X_i, by exact linear algebra on the
//! coefficients of a dense ansatz (MATH.md §8).
//!
//! The linear system has one unknown per monomial of degree 1..d and one equation per
//! (field, monomial of the result). It is solved modulo a prime p (sparse elimination,
//! [`super::rank`]); the reduced row echelon form gives one kernel vector per free column,
//! lifted to ℚ by rational reconstruction and then checked **over ℚ**: X_i(h) = 0 as
//! polynomials. Since dim ker_p ≥ dim ker_ℚ and the lifted vectors are independent (each has
//! 1 at its own free column and 0 at the others), verified vectors are a basis of the space
//! over ℚ: the answer is exact, and a prime for which they do not verify (rank_p < rank_ℚ,
//! or entries too large to reconstruct) is replaced by the next one.

use rustc_hash::FxHashMap;
use varan_algebra::Q;

use super::polynomial::{lie_derivative, Mono, Poly};
use super::rank::{Echelon, PrimeField, Row, PRIMES};

/// Largest number of unknowns (monomials) an ansatz may have.
pub const MAX_UNKNOWNS: usize = 200_000;

/// Why the invariant polynomials could not be found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AnsatzError {
    /// The ansatz has more unknowns than `MAX_UNKNOWNS` (200,000).
    TooLarge {
        /// The number of monomials of degree 1..d.
        unknowns: usize,
    },
    /// No prime of `PRIMES` (three primes below 2⁶³) gave kernel vectors that verify over ℚ.
    Unverified,
}

impl std::fmt::Display for AnsatzError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            AnsatzError::TooLarge { unknowns } => write!(
                f,
                "the ansatz has {unknowns} unknown coefficients (the limit is {MAX_UNKNOWNS}); \
                 lower the degree"
            ),
            AnsatzError::Unverified => {
                write!(f, "the kernel computed modulo {} primes did not lift to ℚ", PRIMES.len())
            }
        }
    }
}

/// Number of monomials of degree 1..=d in n variables: C(n + d, d) − 1 (saturating).
pub fn ansatz_size(n: usize, d: u32) -> usize {
    let mut c: u128 = 1;
    for i in 1..=u128::from(d) {
        c = c.saturating_mul(n as u128 + i) / i;
        if c > u128::from(u64::MAX) {
            return usize::MAX;
        }
    }
    usize::try_from(c - 1).unwrap_or(usize::MAX)
}

/// A basis over ℚ of {h : deg h ≤ d, h(0) = 0, X_i(h) = 0 for all i}, each element a
/// primitive integer polynomial, for fields in `n` variables.
pub fn invariant_polynomials(
    fields: &[Vec<Poly<Q>>],
    n: usize,
    degree: u32,
) -> Result<Vec<Poly<Q>>, AnsatzError> {
    let size = ansatz_size(n, degree);
    if size > MAX_UNKNOWNS {
        return Err(AnsatzError::TooLarge { unknowns: size });
    }
    // unknowns: monomials, highest degree first (pivots come first in the echelon form)
    let mut unknowns: Vec<Mono> = Vec::with_capacity(size);
    for d in (1..=degree).rev() {
        unknowns.extend(Mono::all_of_degree(n as u32, d));
    }
    // the matrix over ℚ, row by row: (field i, result monomial) ↦ entries (unknown, coefficient)
    let mut row_ix: FxHashMap<(u32, Mono), usize> = FxHashMap::default();
    let mut rows: Vec<Vec<(u32, Q)>> = Vec::new();
    for (i, x) in fields.iter().enumerate() {
        for (j, m) in unknowns.iter().enumerate() {
            let image = lie_derivative(x, &Poly::term(Q::from_integer(1.into()), m.clone()));
            for (mu, c) in image.terms() {
                let r = *row_ix.entry((i as u32, mu.clone())).or_insert_with(|| {
                    rows.push(Vec::new());
                    rows.len() - 1
                });
                rows[r].push((j as u32, c.clone()));
            }
        }
    }
    'primes: for &p in &PRIMES {
        let f = PrimeField::new(p);
        let mut ech = Echelon::new(f);
        for row in &rows {
            let mut rp: Row = Vec::with_capacity(row.len());
            for (c, q) in row {
                match f.reduce_q(q) {
                    Some(v) => rp.push((*c, v)),
                    None => continue 'primes,
                }
            }
            ech.insert(rp);
        }
        let mut basis = Vec::new();
        for v in ech.kernel(size as u32) {
            let mut h = Poly::zero();
            for (c, x) in v {
                match f.reconstruct(x) {
                    Some(q) => h.add_term(q, unknowns[c as usize].clone()),
                    None => continue 'primes,
                }
            }
            // the certificate: X_i(h) = 0 over ℚ
            if fields.iter().any(|x| !lie_derivative(x, &h).is_zero()) {
                continue 'primes;
            }
            basis.push(h);
        }
        return Ok(filtered_basis(&basis));
    }
    Err(AnsatzError::Unverified)
}

/// The graded order of print: higher total degree first, then higher powers of earlier
/// variables first (`Greater` = printed earlier).
pub fn graded_cmp(a: &Mono, b: &Mono) -> std::cmp::Ordering {
    use std::cmp::Ordering;
    a.degree().cmp(&b.degree()).then_with(|| {
        for (x, y) in a.0.iter().zip(&b.0) {
            if x.0 != y.0 {
                // the monomial with the earlier variable has the higher power there
                return if x.0 < y.0 { Ordering::Greater } else { Ordering::Less };
            }
            if x.1 != y.1 {
                return x.1.cmp(&y.1);
            }
        }
        a.0.len().cmp(&b.0.len())
    })
}

/// A basis of the same span adapted to the degree filtration: the reduced echelon form over
/// ℚ for the graded order, lowest leading degree first, each element primitive. The
/// elements of degree ≤ k are then a basis of the subspace of degree ≤ k, for every k.
pub fn filtered_basis(polys: &[Poly<Q>]) -> Vec<Poly<Q>> {
    let mut rows: Vec<(Mono, Poly<Q>)> = Vec::new();
    for p in polys {
        let mut r = p.clone();
        for (m, prow) in &rows {
            let c = r.terms().find(|(mm, _)| *mm == m).map(|(_, c)| c.clone());
            if let Some(c) = c {
                r.add_scaled(&(-c), prow);
            }
        }
        let lead =
            r.terms().max_by(|a, b| graded_cmp(a.0, b.0)).map(|(m, c)| (m.clone(), c.clone()));
        let Some((m, c)) = lead else { continue };
        let mut n = Poly::zero();
        n.add_scaled(&(Q::from_integer(1.into()) / c), &r);
        for (_, prow) in rows.iter_mut() {
            let c2 = prow.terms().find(|(mm, _)| **mm == m).map(|(_, c)| c.clone());
            if let Some(c2) = c2 {
                prow.add_scaled(&(-c2), &n);
            }
        }
        rows.push((m, n));
    }
    rows.sort_by(|a, b| a.0.degree().cmp(&b.0.degree()).then_with(|| graded_cmp(&b.0, &a.0)));
    rows.into_iter().map(|(_, p)| p.primitive()).collect()
}

/// Whether `h` lies in the ℚ-span of `basis` (exact elimination over ℚ; for tests and
/// checks against published integrals).
pub fn span_contains(basis: &[Poly<Q>], h: &Poly<Q>) -> bool {
    span_rank(basis) == span_rank(&[basis, std::slice::from_ref(h)].concat())
}

/// The dimension of the ℚ-span of polynomials (exact elimination over ℚ).
pub fn span_rank(polys: &[Poly<Q>]) -> usize {
    use num_traits::Zero;
    let mut pivots: Vec<(Mono, Poly<Q>)> = Vec::new();
    for p in polys {
        let mut r = p.clone();
        for (m, prow) in &pivots {
            let c = r.terms().find(|(mm, _)| *mm == m).map(|(_, c)| c.clone());
            if let Some(c) = c {
                r.add_scaled(&(-c), prow);
            }
        }
        let lead = r.terms().next().map(|(m, c)| (m.clone(), c.clone()));
        if let Some((m, c)) = lead {
            if !c.is_zero() {
                let mut n = Poly::zero();
                n.add_scaled(&(Q::from_integer(1.into()) / c), &r);
                // keep earlier pivot rows reduced against the new one
                for (_, prow) in pivots.iter_mut() {
                    let c2 = prow.terms().find(|(mm, _)| **mm == m).map(|(_, c)| c.clone());
                    if let Some(c2) = c2 {
                        prow.add_scaled(&(-c2), &n);
                    }
                }
                pivots.push((m, n));
            }
        }
    }
    pivots.len()
}
