//! Invariant linear manifolds of a vector field, verified exactly: coordinate subspaces
//! {θ_k = 0, k ∈ Z}, dead units (every parameter of a hidden unit zero), duplicated units
//! {θ_j = θ_π(j)} for a permutation π of units that leaves the loss (or the field)
//! invariant, and their intersections ([MR99, §2.1]: particular solutions from invariant
//! manifolds; \[ZSL25\] for the zero-unit and duplicate-unit sets of networks).
//!
//! A manifold M given by linear constraints c(θ) = 0 is invariant iff ∇c·V vanishes on M
//! for every constraint; each such identity is decided by the exact zero test, and a
//! manifold is reported only when every identity is proven (`Truth::True`).

use rustc_hash::FxHashMap;
use varan_algebra::{is_zero, ExprId, Pool, Symbol, Truth};
use varan_syntax::ItemKind;

use crate::Problem;

/// One linear constraint of a manifold.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Constraint {
    /// θ_k = 0 (state index k).
    Zero(usize),
    /// θ_i = θ_j (state indices).
    Equal(usize, usize),
}

/// Why a manifold was proposed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ManifoldKind {
    /// Some coordinates vanish.
    CoordinateSubspace,
    /// Every parameter of the listed hidden units vanishes.
    DeadUnits(Vec<String>),
    /// Two hidden units coincide (a permutation symmetry's fixed set), possibly intersected
    /// with a coordinate subspace.
    DuplicatedUnits(String, String),
}

/// A verified invariant manifold.
#[derive(Debug, Clone)]
pub struct Manifold {
    /// The defining constraints.
    pub constraints: Vec<Constraint>,
    /// Why it was proposed.
    pub kind: ManifoldKind,
    /// State indices of the free coordinates (one representative per class).
    pub free: Vec<usize>,
    /// θ_k on the manifold, as an expression in the free coordinates, for every k.
    pub embedding: Vec<ExprId>,
    /// The field restricted to the manifold: V_k∘embedding for each free k.
    pub restricted: Vec<ExprId>,
}

impl Manifold {
    /// The dimension (number of free coordinates).
    pub fn dimension(&self) -> usize {
        self.free.len()
    }

    /// The constraints as text (`a2 = 0, w1 = w2`).
    pub fn describe(&self, pool: &Pool, state: &[Symbol]) -> String {
        let name = |k: usize| pool.symbol_name(state[k]).to_string();
        let parts: Vec<String> = self
            .constraints
            .iter()
            .map(|c| match c {
                Constraint::Zero(k) => format!("{} = 0", name(*k)),
                Constraint::Equal(i, j) => format!("{} = {}", name(*i), name(*j)),
            })
            .collect();
        parts.join(", ")
    }
}

/// The representative of each coordinate under the equalities (smallest index of its class).
fn representatives(n: usize, constraints: &[Constraint]) -> Vec<usize> {
    let mut rep: Vec<usize> = (0..n).collect();
    fn find(rep: &mut [usize], x: usize) -> usize {
        let mut r = x;
        while rep[r] != r {
            r = rep[r];
        }
        rep[x] = r;
        r
    }
    for c in constraints {
        if let Constraint::Equal(i, j) = c {
            let (a, b) = (find(&mut rep, *i), find(&mut rep, *j));
            let (lo, hi) = if a < b { (a, b) } else { (b, a) };
            rep[hi] = lo;
        }
    }
    (0..n).map(|k| find(&mut rep, k)).collect()
}

/// Checks that the manifold given by `constraints` is invariant; `None` if any identity
/// is not proven (false, unknown, or a division by zero on the manifold).
pub fn verify_manifold(
    problem: &mut Problem,
    constraints: &[Constraint],
    kind: ManifoldKind,
) -> Option<Manifold> {
    let n = problem.state.len();
    let rep = representatives(n, constraints);
    let mut zero = vec![false; n];
    for c in constraints {
        if let Constraint::Zero(k) = c {
            zero[rep[*k]] = true;
        }
    }
    let pool = &mut problem.pool;
    let mut map: FxHashMap<Symbol, ExprId> = FxHashMap::default();
    let mut embedding = Vec::with_capacity(n);
    for (k, &r) in rep.iter().enumerate() {
        let e = if zero[r] { ExprId::ZERO } else { pool.sym(problem.state[r]) };
        embedding.push(e);
        if e != pool.sym(problem.state[k]) {
            map.insert(problem.state[k], e);
        }
    }
    let mut on_m = Vec::with_capacity(n);
    for v in &problem.field {
        on_m.push(pool.substitute(*v, &map).ok()?);
    }
    for c in constraints {
        let e = match c {
            Constraint::Zero(k) => on_m[*k],
            Constraint::Equal(i, j) => pool.sub(on_m[*i], on_m[*j]),
        };
        if is_zero(pool, e) != Ok(Truth::True) {
            return None;
        }
    }
    let free: Vec<usize> = (0..n).filter(|&k| rep[k] == k && !zero[k]).collect();
    let restricted = free.iter().map(|&k| on_m[k]).collect();
    Some(Manifold { constraints: constraints.to_vec(), kind, free, embedding, restricted })
}

/// A hidden unit: its label and the state indices of its parameters, keyed by the
/// parameter's base name (`a`, `w`, `W`, `b`, …) and, for families, the trailing indices.
#[derive(Debug, Clone)]
struct Unit {
    label: String,
    members: Vec<(String, usize)>,
}

/// Groups the parameters of a model into hidden units: `a1, w1` form unit 1 (trailing
/// digits), family elements `a_1, W_1_2, b_1` unit 1 (first index).
fn units(pool: &Pool, state: &[Symbol]) -> Vec<Unit> {
    let mut by_label: Vec<Unit> = Vec::new();
    for (k, s) in state.iter().enumerate() {
        let info = pool.symbol_info(*s);
        let (label, key) = match &info.family {
            Some((base, idx)) if !idx.is_empty() => {
                let rest: Vec<String> = idx[1..].iter().map(|i| i.to_string()).collect();
                (idx[0].to_string(), format!("{base}[{}]", rest.join(",")))
            }
            _ => {
                let name = info.name.as_str();
                let stem = name.trim_end_matches(|c: char| c.is_ascii_digit());
                if stem.len() == name.len() || stem.is_empty() {
                    continue;
                }
                (name[stem.len()..].to_string(), stem.to_string())
            }
        };
        match by_label.iter_mut().find(|u| u.label == label) {
            Some(u) => u.members.push((key, k)),
            None => by_label.push(Unit { label, members: vec![(key, k)] }),
        }
    }
    for u in &mut by_label {
        u.members.sort();
    }
    by_label
}

/// The permutation of state indices swapping units `u` and `v` (same shape required).
fn swap(n: usize, u: &Unit, v: &Unit) -> Option<Vec<usize>> {
    if u.members.len() != v.members.len() {
        return None;
    }
    let mut pi: Vec<usize> = (0..n).collect();
    for ((ku, iu), (kv, iv)) in u.members.iter().zip(&v.members) {
        if ku != kv {
            return None;
        }
        pi[*iu] = *iv;
        pi[*iv] = *iu;
    }
    Some(pi)
}

/// Whether the flow is symmetric under the permutation `pi` of coordinates: L∘π = L for a
/// model (then V∘π = π·V), V∘π = π·V otherwise.
fn is_symmetric(problem: &mut Problem, pi: &[usize]) -> bool {
    let pool = &mut problem.pool;
    let map: FxHashMap<Symbol, ExprId> =
        (0..pi.len()).map(|k| (problem.state[k], pool.sym(problem.state[pi[k]]))).collect();
    if let (ItemKind::Model, Some(l)) = (problem.kind, problem.loss) {
        let Ok(lp) = pool.substitute(l, &map) else { return false };
        let d = pool.sub(lp, l);
        return is_zero(pool, d) == Ok(Truth::True);
    }
    for (k, &pk) in pi.iter().enumerate() {
        let Ok(vk) = pool.substitute(problem.field[k], &map) else { return false };
        let d = pool.sub(vk, problem.field[pk]);
        if is_zero(pool, d) != Ok(Truth::True) {
            return false;
        }
    }
    true
}

/// Largest state dimension for which every coordinate subspace is tried.
const EXHAUSTIVE_DIM: usize = 8;

/// Finds verified invariant manifolds of positive dimension below the full space:
/// coordinate subspaces (all of them up to dimension 8 of the state, otherwise single
/// coordinates and dead units), duplicated-unit sets of symmetric unit pairs, and the
/// intersections of the latter with the coordinate subspaces they preserve. Sorted by
/// dimension, largest first.
pub fn invariant_manifolds(problem: &mut Problem) -> Vec<Manifold> {
    let n = problem.state.len();
    let us = units(&problem.pool, &problem.state);
    let mut zero_sets: Vec<Vec<usize>> = Vec::new();
    if n <= EXHAUSTIVE_DIM {
        for mask in 1u32..(1 << n) - 1 {
            zero_sets.push((0..n).filter(|k| mask & (1 << k) != 0).collect());
        }
    } else {
        zero_sets.extend((0..n).map(|k| vec![k]));
        for u in &us {
            zero_sets.push(u.members.iter().map(|(_, k)| *k).collect());
        }
    }
    let mut found: Vec<Manifold> = Vec::new();
    for z in &zero_sets {
        let cs: Vec<Constraint> = z.iter().map(|&k| Constraint::Zero(k)).collect();
        let dead: Vec<String> = us
            .iter()
            .filter(|u| {
                let ks: Vec<usize> = u.members.iter().map(|(_, k)| *k).collect();
                ks.len() == z.len() && ks.iter().all(|k| z.contains(k))
            })
            .map(|u| u.label.clone())
            .collect();
        let kind = if dead.is_empty() {
            ManifoldKind::CoordinateSubspace
        } else {
            ManifoldKind::DeadUnits(dead)
        };
        if let Some(m) = verify_manifold(problem, &cs, kind) {
            found.push(m);
        }
    }
    // duplicated units, alone and intersected with preserved coordinate subspaces
    let zero_found: Vec<Vec<usize>> = found
        .iter()
        .map(|m| {
            m.constraints
                .iter()
                .filter_map(|c| if let Constraint::Zero(k) = c { Some(*k) } else { None })
                .collect()
        })
        .collect();
    for (i, u) in us.iter().enumerate() {
        for v in &us[i + 1..] {
            let Some(pi) = swap(n, u, v) else { continue };
            if !is_symmetric(problem, &pi) {
                continue;
            }
            let eqs: Vec<Constraint> = u
                .members
                .iter()
                .zip(&v.members)
                .map(|((_, a), (_, b))| Constraint::Equal(*a, *b))
                .collect();
            let kind = ManifoldKind::DuplicatedUnits(u.label.clone(), v.label.clone());
            if let Some(m) = verify_manifold(problem, &eqs, kind.clone()) {
                found.push(m);
            }
            for z in &zero_found {
                let preserved = z.iter().all(|k| z.contains(&pi[*k]));
                let touches = z.iter().any(|k| pi[*k] != *k);
                if !preserved || !touches {
                    continue;
                }
                let mut cs = eqs.clone();
                cs.extend(z.iter().map(|&k| Constraint::Zero(k)));
                if let Some(m) = verify_manifold(problem, &cs, kind.clone()) {
                    if m.dimension() > 0 {
                        found.push(m);
                    }
                }
            }
        }
    }
    found.sort_by_key(|m| std::cmp::Reverse(m.dimension()));
    found
}
