//! Interned rational coefficients. Every distinct rational stored in a pool gets a small
//! id, so nodes hold plain integers (cheap to hash, compare and copy), and the few
//! distinct coefficients a computation meets are added and multiplied through caches
//! instead of big-integer arithmetic on every node built — the way FLINT keeps small
//! integers unboxed, here for whole rationals.

use std::hash::{BuildHasher, Hash, Hasher};

use hashbrown::HashTable;
use num_bigint::BigInt;
use num_traits::{One, Signed, Zero};
use rustc_hash::{FxBuildHasher, FxHashMap};

use crate::Q;

/// Handle of an interned rational of a [`crate::Pool`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Coef(u32);

impl Coef {
    /// The rational 0.
    pub const ZERO: Coef = Coef(0);
    /// The rational 1.
    pub const ONE: Coef = Coef(1);
    /// The rational −1.
    pub const MINUS_ONE: Coef = Coef(2);
}

/// The table of distinct rationals with cached arithmetic.
pub(crate) struct Coefs {
    values: Vec<Q>,
    table: HashTable<(u64, Coef)>,
    hasher: FxBuildHasher,
    add: FxHashMap<(Coef, Coef), Coef>,
    mul: FxHashMap<(Coef, Coef), Coef>,
    ints: FxHashMap<i64, Coef>,
}

fn hash_q(build: &FxBuildHasher, q: &Q) -> u64 {
    let mut h = build.build_hasher();
    q.numer().hash(&mut h);
    q.denom().hash(&mut h);
    h.finish()
}

impl Coefs {
    pub(crate) fn new() -> Self {
        let mut c = Coefs {
            values: Vec::new(),
            table: HashTable::new(),
            hasher: FxBuildHasher,
            add: FxHashMap::default(),
            mul: FxHashMap::default(),
            ints: FxHashMap::default(),
        };
        let zero = c.intern(Q::zero());
        let one = c.intern(Q::one());
        let minus_one = c.intern(-Q::one());
        debug_assert_eq!((zero, one, minus_one), (Coef::ZERO, Coef::ONE, Coef::MINUS_ONE));
        c
    }

    /// The id of `q`, added if new.
    pub(crate) fn intern(&mut self, q: Q) -> Coef {
        let h = hash_q(&self.hasher, &q);
        let values = &self.values;
        if let Some(&(_, c)) = self.table.find(h, |&(_, c)| values[c.0 as usize] == q) {
            return c;
        }
        let c = Coef(u32::try_from(self.values.len()).expect("fewer than 2^32 coefficients"));
        self.values.push(q);
        self.table.insert_unique(h, (h, c), |&(hh, _)| hh);
        c
    }

    /// The id of the integer `n`.
    pub(crate) fn int(&mut self, n: i64) -> Coef {
        if let Some(&c) = self.ints.get(&n) {
            return c;
        }
        let c = self.intern(Q::from_integer(BigInt::from(n)));
        self.ints.insert(n, c);
        c
    }

    pub(crate) fn get(&self, c: Coef) -> &Q {
        &self.values[c.0 as usize]
    }

    pub(crate) fn is_negative(&self, c: Coef) -> bool {
        self.get(c).is_negative()
    }

    /// a + b.
    pub(crate) fn add(&mut self, a: Coef, b: Coef) -> Coef {
        if a == Coef::ZERO {
            return b;
        }
        if b == Coef::ZERO {
            return a;
        }
        let key = if a <= b { (a, b) } else { (b, a) };
        if let Some(&c) = self.add.get(&key) {
            return c;
        }
        let s = self.get(a) + self.get(b);
        let c = self.intern(s);
        self.add.insert(key, c);
        c
    }

    /// a·b.
    pub(crate) fn mul(&mut self, a: Coef, b: Coef) -> Coef {
        if a == Coef::ONE {
            return b;
        }
        if b == Coef::ONE {
            return a;
        }
        if a == Coef::ZERO || b == Coef::ZERO {
            return Coef::ZERO;
        }
        let key = if a <= b { (a, b) } else { (b, a) };
        if let Some(&c) = self.mul.get(&key) {
            return c;
        }
        let p = self.get(a) * self.get(b);
        let c = self.intern(p);
        self.mul.insert(key, c);
        c
    }
}
