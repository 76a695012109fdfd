//! The few polynomial-ring operations Kovacic's case 3 \[Kov86, §5\] needs, behind one
//! trait so that its recurrence and its verification run unchanged over three rings:
//! K\[x\] for a multi-quadratic field K (`QuadPoly`, exact, general), ℤ\[x\] (exact, fast: no
//! rational normalization, used when all data are rational after clearing denominators)
//! and 𝔽_p\[x\] for the Mersenne prime p = 2⁶¹ − 1 (a filter: see [`full_column_rank_mod_p`]).
//!
//! The modular filter is a proof, not a heuristic: for a matrix M over ℚ whose entries
//! have denominators prime to p, every minor of M mod p is the reduction of the same minor
//! over ℚ, so rank_p(M mod p) ≤ rank_ℚ(M); full column rank mod p proves full column rank
//! over ℚ, i.e. that M v = 0 has only v = 0. Any other outcome leaves the decision to the
//! exact computation.

use num_bigint::BigInt;
use num_integer::Integer;
use num_traits::{ToPrimitive, Zero};
use varan_algebra::Q;

use super::field::QuadNum;
use super::kpoly::QuadPoly;

/// A commutative polynomial ring with the operations the case-3 recurrence uses.
pub(crate) trait PolyRing: Clone {
    /// 0.
    fn zero() -> Self;
    /// Whether this is 0.
    fn is_zero(&self) -> bool;
    /// self + o.
    fn add(&self, o: &Self) -> Self;
    /// self − o.
    fn sub(&self, o: &Self) -> Self;
    /// self·o.
    fn mul(&self, o: &Self) -> Self;
    /// k·self.
    fn times(&self, k: i64) -> Self;
    /// d/dx.
    fn derivative(&self) -> Self;
}

impl PolyRing for QuadPoly {
    fn zero() -> Self {
        QuadPoly::zero()
    }
    fn is_zero(&self) -> bool {
        QuadPoly::is_zero(self)
    }
    fn add(&self, o: &Self) -> Self {
        QuadPoly::add(self, o)
    }
    fn sub(&self, o: &Self) -> Self {
        QuadPoly::sub(self, o)
    }
    fn mul(&self, o: &Self) -> Self {
        QuadPoly::mul(self, o)
    }
    fn times(&self, k: i64) -> Self {
        self.scale(&QuadNum::from_int(k))
    }
    fn derivative(&self) -> Self {
        QuadPoly::derivative(self)
    }
}

/// A polynomial over ℤ, low degree first, without trailing zeros.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ZPoly(Vec<BigInt>);

impl ZPoly {
    fn trimmed(mut c: Vec<BigInt>) -> Self {
        while c.last().is_some_and(|x| x.is_zero()) {
            c.pop();
        }
        ZPoly(c)
    }

    /// c·p for each p (all over ℚ) with c > 0 the least common denominator of all their
    /// coefficients: the same factor for all, so ratios are kept.
    pub(crate) fn clear_denominators(ps: &[Vec<Q>]) -> Vec<ZPoly> {
        let refs: Vec<&[Q]> = ps.iter().map(|p| p.as_slice()).collect();
        let lcm = ZPoly::common_denominator(&refs);
        ps.iter()
            .map(|p| ZPoly::trimmed(p.iter().map(|c| c.numer() * (&lcm / c.denom())).collect()))
            .collect()
    }
}

impl ZPoly {
    /// The least common denominator of all coefficients of `ps`.
    pub(crate) fn common_denominator(ps: &[&[Q]]) -> BigInt {
        let mut lcm = BigInt::from(1);
        for c in ps.iter().copied().flatten() {
            lcm = lcm.lcm(c.denom());
        }
        lcm
    }

    /// c·p for a polynomial p over ℚ, `None` unless c·p has integer coefficients.
    pub(crate) fn scaled(p: &[Q], c: &BigInt) -> Option<ZPoly> {
        let out: Option<Vec<BigInt>> = p
            .iter()
            .map(|a| {
                let v = a * Q::from_integer(c.clone());
                v.is_integer().then(|| v.to_integer())
            })
            .collect();
        Some(ZPoly::trimmed(out?))
    }

    /// The polynomial from integer coefficients (low degree first).
    pub(crate) fn from_ints(c: Vec<BigInt>) -> ZPoly {
        ZPoly::trimmed(c)
    }

    /// x^j.
    pub(crate) fn monomial(j: usize) -> ZPoly {
        let mut c = vec![BigInt::zero(); j + 1];
        c[j] = BigInt::from(1);
        ZPoly(c)
    }

    /// The same polynomial over K.
    pub(crate) fn to_quad(&self) -> QuadPoly {
        QuadPoly::from_coeffs(
            self.0.iter().map(|a| QuadNum::from_rational(Q::from_integer(a.clone()))).collect(),
        )
    }
}

/// A non-zero integer vector v with Σ v_j·cols\[j\] = 0 (the columns read as coefficient
/// vectors), or `None` when the columns are independent: fraction-free Gaussian
/// elimination (Bareiss 1968; every division is exact by Sylvester's identity), then back
/// substitution over ℚ for one free column. The caller checks the result.
pub(crate) fn integer_kernel(cols: &[ZPoly]) -> Option<Vec<BigInt>> {
    let ncols = cols.len();
    let rows = cols.iter().map(|c| c.0.len()).max().unwrap_or(0);
    let mut m: Vec<Vec<BigInt>> = (0..rows)
        .map(|k| cols.iter().map(|c| c.0.get(k).cloned().unwrap_or_else(BigInt::zero)).collect())
        .collect();
    let mut prev = BigInt::from(1);
    let mut pivots: Vec<usize> = Vec::new();
    let mut row = 0;
    for col in 0..ncols {
        if row == rows {
            break;
        }
        let Some(piv) = (row..rows).find(|&i| !m[i][col].is_zero()) else { continue };
        m.swap(row, piv);
        let (top, rest) = m.split_at_mut(row + 1);
        let pr = &top[row];
        for r in rest.iter_mut() {
            for j in col + 1..ncols {
                r[j] = (&pr[col] * &r[j] - &r[col] * &pr[j]) / &prev;
            }
            r[col] = BigInt::zero();
        }
        prev = pr[col].clone();
        pivots.push(col);
        row += 1;
    }
    let free = (0..ncols).find(|c| !pivots.contains(c))?;
    // v_free = 1, the other free variables 0, pivots by back substitution
    let mut v = vec![Q::zero(); ncols];
    v[free] = Q::from_integer(BigInt::from(1));
    for (r, &pc) in pivots.iter().enumerate().rev() {
        let mut acc = Q::zero();
        for j in pc + 1..ncols {
            if !v[j].is_zero() && !m[r][j].is_zero() {
                acc += Q::from_integer(m[r][j].clone()) * &v[j];
            }
        }
        v[pc] = -acc / Q::from_integer(m[r][pc].clone());
    }
    let den = ZPoly::common_denominator(&[&v]);
    Some(v.iter().map(|a| (a * Q::from_integer(den.clone())).to_integer()).collect())
}

impl PolyRing for ZPoly {
    fn zero() -> Self {
        ZPoly(Vec::new())
    }
    fn is_zero(&self) -> bool {
        self.0.is_empty()
    }
    fn add(&self, o: &Self) -> Self {
        let n = self.0.len().max(o.0.len());
        let z = BigInt::zero();
        ZPoly::trimmed(
            (0..n).map(|i| self.0.get(i).unwrap_or(&z) + o.0.get(i).unwrap_or(&z)).collect(),
        )
    }
    fn sub(&self, o: &Self) -> Self {
        let n = self.0.len().max(o.0.len());
        let z = BigInt::zero();
        ZPoly::trimmed(
            (0..n).map(|i| self.0.get(i).unwrap_or(&z) - o.0.get(i).unwrap_or(&z)).collect(),
        )
    }
    fn mul(&self, o: &Self) -> Self {
        if self.0.is_empty() || o.0.is_empty() {
            return ZPoly::zero();
        }
        let mut c = vec![BigInt::zero(); self.0.len() + o.0.len() - 1];
        for (i, a) in self.0.iter().enumerate() {
            if a.is_zero() {
                continue;
            }
            for (j, b) in o.0.iter().enumerate() {
                c[i + j] += a * b;
            }
        }
        ZPoly::trimmed(c)
    }
    fn times(&self, k: i64) -> Self {
        let k = BigInt::from(k);
        ZPoly::trimmed(self.0.iter().map(|a| a * &k).collect())
    }
    fn derivative(&self) -> Self {
        ZPoly::trimmed(
            self.0.iter().enumerate().skip(1).map(|(i, a)| a * BigInt::from(i)).collect(),
        )
    }
}

/// The prime 2⁶¹ − 1.
const P: u64 = (1 << 61) - 1;

fn mul_mod(a: u64, b: u64) -> u64 {
    ((u128::from(a) * u128::from(b)) % u128::from(P)) as u64
}

fn pow_mod(mut a: u64, mut e: u64) -> u64 {
    let mut r = 1;
    while e > 0 {
        if e & 1 == 1 {
            r = mul_mod(r, a);
        }
        a = mul_mod(a, a);
        e >>= 1;
    }
    r
}

/// a⁻¹ mod p for a ≢ 0 (Fermat).
fn inv_mod(a: u64) -> u64 {
    pow_mod(a, P - 2)
}

/// n mod p in [0, p).
fn int_mod(n: &BigInt) -> u64 {
    let m = n.mod_floor(&BigInt::from(P));
    m.to_u64().unwrap_or(0)
}

/// q mod p, `None` when p divides the denominator.
fn rational_mod(q: &Q) -> Option<u64> {
    let d = int_mod(q.denom());
    (d != 0).then(|| mul_mod(int_mod(q.numer()), inv_mod(d)))
}

/// A polynomial over 𝔽_p, low degree first, without trailing zeros.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct FpPoly(Vec<u64>);

impl FpPoly {
    fn trimmed(mut c: Vec<u64>) -> Self {
        while c.last() == Some(&0) {
            c.pop();
        }
        FpPoly(c)
    }

    /// The reduction of a polynomial over ℚ ⊂ K, `None` when a coefficient is irrational
    /// or has a denominator divisible by p.
    pub(crate) fn reduce(p: &QuadPoly) -> Option<Self> {
        let c: Option<Vec<u64>> =
            p.coeffs().iter().map(|a| a.as_rational().and_then(|q| rational_mod(&q))).collect();
        Some(FpPoly::trimmed(c?))
    }

    /// x^j.
    pub(crate) fn monomial(j: usize) -> Self {
        let mut c = vec![0; j + 1];
        c[j] = 1;
        FpPoly(c)
    }
}

impl PolyRing for FpPoly {
    fn zero() -> Self {
        FpPoly(Vec::new())
    }
    fn is_zero(&self) -> bool {
        self.0.is_empty()
    }
    fn add(&self, o: &Self) -> Self {
        let n = self.0.len().max(o.0.len());
        FpPoly::trimmed(
            (0..n)
                .map(|i| {
                    (self.0.get(i).copied().unwrap_or(0) + o.0.get(i).copied().unwrap_or(0)) % P
                })
                .collect(),
        )
    }
    fn sub(&self, o: &Self) -> Self {
        let n = self.0.len().max(o.0.len());
        FpPoly::trimmed(
            (0..n)
                .map(|i| {
                    (self.0.get(i).copied().unwrap_or(0) + P - o.0.get(i).copied().unwrap_or(0)) % P
                })
                .collect(),
        )
    }
    fn mul(&self, o: &Self) -> Self {
        if self.0.is_empty() || o.0.is_empty() {
            return FpPoly::zero();
        }
        let mut c = vec![0u64; self.0.len() + o.0.len() - 1];
        for (i, &a) in self.0.iter().enumerate() {
            if a == 0 {
                continue;
            }
            for (j, &b) in o.0.iter().enumerate() {
                c[i + j] = (c[i + j] + mul_mod(a, b)) % P;
            }
        }
        FpPoly::trimmed(c)
    }
    fn times(&self, k: i64) -> Self {
        let k = int_mod(&BigInt::from(k));
        FpPoly::trimmed(self.0.iter().map(|&a| mul_mod(a, k)).collect())
    }
    fn derivative(&self) -> Self {
        FpPoly::trimmed(
            self.0.iter().enumerate().skip(1).map(|(i, &a)| mul_mod(a, i as u64 % P)).collect(),
        )
    }
}

/// Whether the vectors `cols` (polynomials over 𝔽_p read as coefficient vectors) are
/// linearly independent — then the rational vectors they reduce are independent too (see
/// the module docs).
pub(crate) fn full_column_rank_mod_p(cols: &[FpPoly]) -> bool {
    let rows = cols.iter().map(|c| c.0.len()).max().unwrap_or(0);
    if rows < cols.len() {
        return false;
    }
    // row-major matrix, eliminated column by column
    let mut m: Vec<Vec<u64>> = (0..rows)
        .map(|k| cols.iter().map(|c| c.0.get(k).copied().unwrap_or(0)).collect())
        .collect();
    // a full column rank needs a pivot in every column: row = col throughout
    for (row, col) in (0..cols.len()).enumerate() {
        let Some(piv) = (row..rows).find(|&i| m[i][col] != 0) else { return false };
        m.swap(row, piv);
        let inv = inv_mod(m[row][col]);
        let pivot: Vec<u64> = m[row].iter().map(|&a| mul_mod(a, inv)).collect();
        for (i, r) in m.iter_mut().enumerate() {
            if i != row && r[col] != 0 {
                let f = r[col];
                for (x, &y) in r.iter_mut().zip(&pivot) {
                    *x = (*x + P - mul_mod(f, y)) % P;
                }
            }
        }
        m[row] = pivot;
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;
    use num_traits::Signed;

    /// Whether every coefficient is an integer of absolute value below 2⁶⁰.
    fn small(p: &ZPoly) -> bool {
        p.0.iter().all(|a| a.abs() < BigInt::from(1u64 << 60))
    }

    fn q(p: i64, d: i64) -> Q {
        Q::new(p.into(), d.into())
    }

    #[test]
    fn rings_agree() {
        // (x/2 + 1/3)·(x − 1)' + 3(x² − 1): the same in K[x], ℤ[x] (×6) and 𝔽_p[x]
        let a = vec![q(1, 3), q(1, 2)];
        let b = vec![q(-1, 1), q(1, 1)];
        let kp = |c: &[Q]| QuadPoly::from_coeffs(c.iter().cloned().map(QuadNum::from).collect());
        let exact = kp(&a).mul(&PolyRing::derivative(&kp(&b))).add(&kp(&b).mul(&kp(&b)).times(3));
        let z = ZPoly::clear_denominators(&[a.clone(), b.clone()]);
        assert!(small(&z[0]));
        let zr = z[0].mul(&z[1].derivative()).add(&z[1].mul(&z[1]).times(3));
        // ×6 on a and b: the first product scales by 6², the second by 6²
        let back: Vec<Q> = zr.0.iter().map(|c| Q::from_integer(c.clone()) / q(36, 1)).collect();
        assert_eq!(exact, kp(&back));
        let fa = FpPoly::reduce(&kp(&a)).expect("small");
        let fb = FpPoly::reduce(&kp(&b)).expect("small");
        let fr = fa.mul(&fb.derivative()).add(&fb.mul(&fb).times(3));
        assert_eq!(Some(fr), FpPoly::reduce(&exact));
    }

    #[test]
    fn integer_kernel_finds_a_relation() {
        // 2·(1 + x) − 2·1 − 2·x = 0 with columns 1 + x, 1, x; 1, x independent
        let c = |v: &[i64]| ZPoly::from_ints(v.iter().map(|&a| BigInt::from(a)).collect());
        let cols = [c(&[3, 3]), c(&[1]), c(&[0, 2])];
        let v = integer_kernel(&cols).expect("dependent");
        let sum = cols.iter().zip(&v).fold(ZPoly::zero(), |acc, (col, k)| {
            acc.add(&col.mul(&ZPoly::from_ints(vec![k.clone()])))
        });
        assert!(sum.is_zero() && v.iter().any(|k| !k.is_zero()));
        assert!(integer_kernel(&[c(&[1]), c(&[0, 1])]).is_none());
    }

    #[test]
    fn modular_rank() {
        // 1, x, 1 + x are dependent; 1, x, x² are not
        let c = |v: &[u64]| FpPoly::trimmed(v.to_vec());
        assert!(!full_column_rank_mod_p(&[c(&[1]), c(&[0, 1]), c(&[1, 1])]));
        assert!(full_column_rank_mod_p(&[c(&[1]), c(&[0, 1]), c(&[0, 0, 1])]));
        assert!(!full_column_rank_mod_p(&[c(&[1]), c(&[])]));
    }
}
