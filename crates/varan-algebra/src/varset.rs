//! Interned sets of symbol indices: which symbols an expression contains. Each distinct set
//! is stored once; unions are cached, so a node's set costs one `u32` and the dependency
//! test used by differentiation is a binary search.

use rustc_hash::FxHashMap;

/// Handle of an interned set.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) struct VarSetId(u32);

impl VarSetId {
    pub(crate) const EMPTY: VarSetId = VarSetId(0);
}

/// The table of distinct sets.
pub(crate) struct VarSets {
    sets: Vec<Box<[u32]>>,
    index: FxHashMap<Box<[u32]>, VarSetId>,
    unions: FxHashMap<(VarSetId, VarSetId), VarSetId>,
}

impl VarSets {
    pub(crate) fn new() -> Self {
        let mut v =
            VarSets { sets: Vec::new(), index: FxHashMap::default(), unions: FxHashMap::default() };
        v.intern(Vec::new());
        v
    }

    fn intern(&mut self, members: Vec<u32>) -> VarSetId {
        if let Some(&id) = self.index.get(members.as_slice()) {
            return id;
        }
        let id = VarSetId(u32::try_from(self.sets.len()).expect("fewer than 2^32 sets"));
        let boxed = members.into_boxed_slice();
        self.sets.push(boxed.clone());
        self.index.insert(boxed, id);
        id
    }

    pub(crate) fn singleton(&mut self, s: u32) -> VarSetId {
        self.intern(vec![s])
    }

    pub(crate) fn union(&mut self, a: VarSetId, b: VarSetId) -> VarSetId {
        if a == b || b == VarSetId::EMPTY {
            return a;
        }
        if a == VarSetId::EMPTY {
            return b;
        }
        let key = if a.0 < b.0 { (a, b) } else { (b, a) };
        if let Some(&u) = self.unions.get(&key) {
            return u;
        }
        let (x, y) = (&self.sets[a.0 as usize], &self.sets[b.0 as usize]);
        let mut out = Vec::with_capacity(x.len() + y.len());
        let (mut i, mut j) = (0, 0);
        while i < x.len() && j < y.len() {
            match x[i].cmp(&y[j]) {
                std::cmp::Ordering::Less => {
                    out.push(x[i]);
                    i += 1;
                }
                std::cmp::Ordering::Greater => {
                    out.push(y[j]);
                    j += 1;
                }
                std::cmp::Ordering::Equal => {
                    out.push(x[i]);
                    i += 1;
                    j += 1;
                }
            }
        }
        out.extend_from_slice(&x[i..]);
        out.extend_from_slice(&y[j..]);
        let u = self.intern(out);
        self.unions.insert(key, u);
        u
    }

    pub(crate) fn contains(&self, set: VarSetId, s: u32) -> bool {
        self.sets[set.0 as usize].binary_search(&s).is_ok()
    }

    pub(crate) fn members(&self, set: VarSetId) -> &[u32] {
        &self.sets[set.0 as usize]
    }
}
