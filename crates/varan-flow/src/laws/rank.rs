//! Exact linear algebra modulo a prime: incremental sparse row echelon forms, ranks,
//! kernels, and rational reconstruction of kernel vectors.
//!
//! **What a rank modulo p proves.** For vectors with p-integral rational entries, a
//! non-zero r×r minor modulo p is a non-zero minor over ℚ, so rank_p ≤ rank_ℚ: a rank
//! computed here is always a lower bound for the rank over ℚ, and a kernel dimension an
//! upper bound for the kernel dimension over ℚ. Equality is not assumed anywhere: kernel
//! vectors are lifted to ℚ by rational reconstruction and then checked over ℚ by the
//! caller, and ranks at a point are combined with exactly verified conservation laws
//! before a count is called certified (`docs/laws.md`).

use num_bigint::BigInt;
use num_traits::{Signed, ToPrimitive};
use rustc_hash::FxHashMap;
use varan_algebra::Q;

/// Primes below 2⁶³ used in turn by the kernel solver (2⁶¹ − 1, 2⁶² − 57, 2⁶³ − 25).
pub const PRIMES: [u64; 3] = [(1 << 61) - 1, (1 << 62) - 57, (1 << 63) - 25];

/// Arithmetic in 𝔽_p for a prime p < 2⁶³.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PrimeField {
    /// The modulus.
    pub p: u64,
}

impl PrimeField {
    /// The field 𝔽_p (p must be prime; not checked).
    pub fn new(p: u64) -> Self {
        PrimeField { p }
    }

    /// a + b.
    pub fn add(self, a: u64, b: u64) -> u64 {
        let s = a as u128 + b as u128;
        (s % self.p as u128) as u64
    }

    /// a − b.
    pub fn sub(self, a: u64, b: u64) -> u64 {
        if a >= b {
            a - b
        } else {
            self.p - (b - a)
        }
    }

    /// a·b.
    pub fn mul(self, a: u64, b: u64) -> u64 {
        ((a as u128 * b as u128) % self.p as u128) as u64
    }

    /// a^e.
    pub fn pow(self, mut a: u64, mut e: u64) -> u64 {
        let mut r = 1 % self.p;
        while e > 0 {
            if e & 1 == 1 {
                r = self.mul(r, a);
            }
            a = self.mul(a, a);
            e >>= 1;
        }
        r
    }

    /// 1/a for a ≠ 0 (Fermat).
    pub fn inv(self, a: u64) -> u64 {
        self.pow(a, self.p - 2)
    }

    /// The reduction of an integer.
    pub fn reduce_int(self, n: &BigInt) -> u64 {
        let m = n % BigInt::from(self.p);
        let m = if m.is_negative() { m + BigInt::from(self.p) } else { m };
        m.to_u64().expect("a residue modulo p < 2^63 fits in u64")
    }

    /// The reduction of a rational, `None` if p divides its denominator.
    pub fn reduce_q(self, q: &Q) -> Option<u64> {
        let d = self.reduce_int(q.denom());
        if d == 0 {
            return None;
        }
        Some(self.mul(self.reduce_int(q.numer()), self.inv(d)))
    }

    /// The rational n/d with |n|, d ≤ √(p/2) and n ≡ a·d (mod p), if there is one (Wang's
    /// rational reconstruction by the extended Euclidean algorithm). It is unique when it
    /// exists.
    pub fn reconstruct(self, a: u64) -> Option<Q> {
        let bound = isqrt(self.p / 2) as i128;
        let (mut r0, mut r1) = (self.p as i128, a as i128);
        let (mut t0, mut t1) = (0i128, 1i128);
        while r1 > bound {
            let q = r0 / r1;
            (r0, r1) = (r1, r0 - q * r1);
            (t0, t1) = (t1, t0 - q * t1);
        }
        if t1 == 0 || t1.abs() > bound {
            return None;
        }
        let (n, d) = if t1 < 0 { (-r1, -t1) } else { (r1, t1) };
        // n/d in lowest terms reduces to a; a common factor would change the residue
        let (mut x, mut y) = (n.abs(), d);
        while y != 0 {
            (x, y) = (y, x % y);
        }
        if x != 1 {
            return None;
        }
        Some(Q::new(BigInt::from(n), BigInt::from(d)))
    }
}

/// A sparse row: (column, non-zero entry) sorted by column.
pub type Row = Vec<(u32, u64)>;

/// `a − c·b` for sparse rows.
fn axpy(f: PrimeField, a: &Row, c: u64, b: &Row) -> Row {
    let mut out = Vec::with_capacity(a.len() + b.len());
    let (mut i, mut j) = (0, 0);
    while i < a.len() || j < b.len() {
        let ca = a.get(i).map_or(u32::MAX, |x| x.0);
        let cb = b.get(j).map_or(u32::MAX, |x| x.0);
        if ca < cb {
            out.push(a[i]);
            i += 1;
        } else if cb < ca {
            let v = f.sub(0, f.mul(c, b[j].1));
            if v != 0 {
                out.push((cb, v));
            }
            j += 1;
        } else {
            let v = f.sub(a[i].1, f.mul(c, b[j].1));
            if v != 0 {
                out.push((ca, v));
            }
            i += 1;
            j += 1;
        }
    }
    out
}

/// An incremental row echelon form over 𝔽_p: rows with leading entry 1 at distinct
/// columns (the pivots).
#[derive(Debug, Clone)]
pub struct Echelon {
    field: PrimeField,
    rows: Vec<Row>,
    pivot: FxHashMap<u32, usize>,
}

impl Echelon {
    /// An empty echelon form over 𝔽_p.
    pub fn new(field: PrimeField) -> Self {
        Echelon { field, rows: Vec::new(), pivot: FxHashMap::default() }
    }

    /// The rank so far.
    pub fn rank(&self) -> usize {
        self.rows.len()
    }

    /// The row reduced by the pivots at its leading entries (zero iff it lies in the span).
    fn reduce(&self, mut row: Row) -> Row {
        loop {
            let Some(&(lead, v)) = row.first() else { return row };
            match self.pivot.get(&lead) {
                Some(&i) => row = axpy(self.field, &row, v, &self.rows[i]),
                None => return row,
            }
        }
    }

    /// Adds a row (entries reduced modulo p, zeros allowed, any order); whether it was
    /// independent of the rows before.
    pub fn insert(&mut self, mut row: Row) -> bool {
        row.retain(|(_, v)| *v != 0);
        row.sort_unstable_by_key(|(c, _)| *c);
        let row = self.reduce(row);
        let Some(&(lead, v)) = row.first() else { return false };
        let inv = self.field.inv(v);
        let row: Row = row.into_iter().map(|(c, x)| (c, self.field.mul(x, inv))).collect();
        self.pivot.insert(lead, self.rows.len());
        self.rows.push(row);
        true
    }

    /// A basis of the kernel {v : R·v = 0} of the rows, for columns `0..ncols`, from the
    /// reduced row echelon form: one vector per free column f, with entry 1 at f and 0 at
    /// every other free column.
    pub fn kernel(&self, ncols: u32) -> Vec<Row> {
        let f = self.field;
        // reduced form: eliminate every pivot column from the other rows, highest first
        let mut order: Vec<(u32, usize)> = self.pivot.iter().map(|(c, i)| (*c, *i)).collect();
        order.sort_unstable();
        let mut reduced: FxHashMap<u32, Row> = FxHashMap::default();
        for &(c, i) in order.iter().rev() {
            let mut acc: FxHashMap<u32, u64> = FxHashMap::default();
            let row = &self.rows[i];
            for &(col, v) in &row[1..] {
                match reduced.get(&col) {
                    Some(prow) => {
                        for &(c2, w) in &prow[1..] {
                            let e = acc.entry(c2).or_insert(0);
                            *e = f.sub(*e, f.mul(v, w));
                        }
                    }
                    None => {
                        let e = acc.entry(col).or_insert(0);
                        *e = f.add(*e, v);
                    }
                }
            }
            let mut out: Row = acc.into_iter().filter(|(_, v)| *v != 0).collect();
            out.sort_unstable_by_key(|(c, _)| *c);
            out.insert(0, (c, 1));
            reduced.insert(c, out);
        }
        // kernel vectors: x_f = 1, x_c = −R[c][f] for each pivot row containing f
        let mut by_free: FxHashMap<u32, Row> = FxHashMap::default();
        for (&c, row) in &reduced {
            for &(col, v) in &row[1..] {
                by_free.entry(col).or_default().push((c, f.sub(0, v)));
            }
        }
        let mut out = Vec::new();
        for col in 0..ncols {
            if self.pivot.contains_key(&col) {
                continue;
            }
            let mut v = by_free.remove(&col).unwrap_or_default();
            v.push((col, 1));
            v.sort_unstable_by_key(|(c, _)| *c);
            out.push(v);
        }
        out
    }
}

/// ⌊√n⌋ by Newton's iteration on integers.
pub fn isqrt(n: u64) -> u64 {
    if n < 2 {
        return n;
    }
    let mut x = n;
    let mut y = x.div_ceil(2);
    while y < x {
        x = y;
        y = (x + n / x) / 2;
    }
    x
}
