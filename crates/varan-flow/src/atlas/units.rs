//! The hidden units of a network model, recognised from parameter names and confirmed by
//! an exact symmetry: a unit is the set of parameters carrying one hidden index, and the
//! grouping is accepted only when exchanging any two units leaves the loss unchanged
//! (L∘π = L, proven: the difference cancels term by term, or is a rational function that
//! the exact zero test proves zero) — the permutation symmetry behind the
//! duplicate-unit manifolds and embeddings of \[ZSL25\].
//!
//! Candidates: scalar parameters with trailing digits (`a1, w1` form unit 1) and, for each
//! family, one index position taken as the hidden index (`W1[j, k]` by its first index,
//! `W2[o, j]` by its second); every choice of positions is tried, most parameters covered
//! first, and the first grouping whose exchanges are proven symmetries wins. Limits: at most
//! four groups of parameters (scalars with digits count as one, each family as one), and
//! models only (the symmetry is checked on the loss).

use rustc_hash::FxHashMap;
use varan_algebra::{ExprId, Truth};

use crate::Problem;

/// One hidden unit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unit {
    /// The hidden index as written (`1`, `2`, …).
    pub label: String,
    /// Its parameters as (key, state index), sorted by key; the keys are the same for every
    /// unit of a layout (`a`, `w` for `a1, w1`; `W1[2]` for `W1[j, 2]`).
    pub params: Vec<(String, usize)>,
}

impl Unit {
    /// The state index of the parameter with `key`.
    pub fn index_of(&self, key: &str) -> Option<usize> {
        self.params.iter().find(|(k, _)| k == key).map(|(_, i)| *i)
    }
}

/// The hidden units of a model.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnitLayout {
    /// The units, in order of their labels.
    pub units: Vec<Unit>,
    /// The base name of each key (`a` for `a`, `W1` for `W1[2]`), in the order of the keys.
    pub bases: Vec<(String, String)>,
}

impl UnitLayout {
    /// The keys of every unit, sorted.
    pub fn keys(&self) -> Vec<String> {
        self.units
            .first()
            .map(|u| u.params.iter().map(|(k, _)| k.clone()).collect())
            .unwrap_or_default()
    }

    /// The base name of a key.
    pub fn base_of<'a>(&'a self, key: &'a str) -> &'a str {
        self.bases.iter().find(|(k, _)| k == key).map_or(key, |(_, b)| b.as_str())
    }

    /// The distinct base names, in order of first appearance among the sorted keys.
    pub fn base_names(&self) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        for (_, b) in &self.bases {
            if !out.contains(b) {
                out.push(b.clone());
            }
        }
        out
    }

    /// The unit with `label`.
    pub fn position(&self, label: &str) -> Option<usize> {
        self.units.iter().position(|u| u.label == label)
    }
}

/// A group of parameters whose hidden index is chosen together.
struct Group {
    /// (state index, name stem or family base, indices or digits).
    members: Vec<(usize, String, Vec<String>)>,
    /// How many index positions can serve as the hidden index.
    positions: usize,
    /// Scalars with trailing digits (keyed by their stem), not a family.
    scalar: bool,
}

/// Largest number of parameter groups (families, plus the scalars with digits) tried.
const MAX_GROUPS: usize = 4;

/// The hidden units of a model, or `None` when no grouping is an exact symmetry (a model
/// without hidden units, a system or Hamiltonian, or names that do not reveal them).
pub fn hidden_units(problem: &mut Problem) -> Option<UnitLayout> {
    let loss = problem.loss?;
    let mut groups: Vec<Group> = Vec::new();
    let mut scalars = Group { members: Vec::new(), positions: 1, scalar: true };
    let mut families: Vec<(String, Group)> = Vec::new();
    for (k, s) in problem.state.iter().enumerate() {
        let info = problem.pool.symbol_info(*s);
        match &info.family {
            Some((base, idx)) if !idx.is_empty() => {
                let idx: Vec<String> = idx.iter().map(|i| i.to_string()).collect();
                let pos = idx.len();
                match families.iter_mut().find(|(b, _)| b == base) {
                    Some((_, g)) => g.members.push((k, base.clone(), idx)),
                    None => families.push((
                        base.clone(),
                        Group {
                            members: vec![(k, base.clone(), idx)],
                            positions: pos,
                            scalar: false,
                        },
                    )),
                }
            }
            _ => {
                let name = info.name.as_str();
                let stem = name.trim_end_matches(|c: char| c.is_ascii_digit());
                if stem.len() < name.len() && !stem.is_empty() {
                    scalars.members.push((
                        k,
                        stem.to_string(),
                        vec![name[stem.len()..].to_string()],
                    ));
                }
            }
        }
    }
    if !scalars.members.is_empty() {
        groups.push(scalars);
    }
    groups.extend(families.into_iter().map(|(_, g)| g));
    if groups.is_empty() || groups.len() > MAX_GROUPS {
        return None;
    }
    // every choice: None (not part of units) or a hidden-index position per group
    let mut choices: Vec<Vec<Option<usize>>> = vec![Vec::new()];
    for g in &groups {
        let mut next = Vec::new();
        for c in &choices {
            for opt in std::iter::once(None).chain((0..g.positions).map(Some)) {
                let mut c2 = c.clone();
                c2.push(opt);
                next.push(c2);
            }
        }
        choices = next;
    }
    let covered = |c: &[Option<usize>]| -> usize {
        c.iter().zip(&groups).filter(|(o, _)| o.is_some()).map(|(_, g)| g.members.len()).sum()
    };
    choices.sort_by_key(|c| std::cmp::Reverse(covered(c)));
    for c in choices {
        if covered(&c) == 0 {
            break;
        }
        let Some(layout) = layout_of(&groups, &c) else { continue };
        if symmetric(problem, loss, &layout) {
            return Some(layout);
        }
    }
    None
}

/// The units of one choice of hidden-index positions, if every unit has the same keys and
/// there are at least two.
fn layout_of(groups: &[Group], choice: &[Option<usize>]) -> Option<UnitLayout> {
    let mut by_label: Vec<Unit> = Vec::new();
    let mut bases: Vec<(String, String)> = Vec::new();
    for (g, c) in groups.iter().zip(choice) {
        let Some(p) = c else { continue };
        for (k, base, idx) in &g.members {
            let (label, key) = if g.scalar {
                (idx[0].clone(), base.clone())
            } else {
                let rest: Vec<&str> = idx
                    .iter()
                    .enumerate()
                    .filter(|(i, _)| i != p)
                    .map(|(_, s)| s.as_str())
                    .collect();
                (idx[*p].clone(), format!("{base}[{}]", rest.join(",")))
            };
            if !bases.iter().any(|(kk, _)| *kk == key) {
                bases.push((key.clone(), base.clone()));
            }
            match by_label.iter_mut().find(|u| u.label == label) {
                Some(u) => u.params.push((key, *k)),
                None => by_label.push(Unit { label, params: vec![(key, *k)] }),
            }
        }
    }
    if by_label.len() < 2 {
        return None;
    }
    for u in &mut by_label {
        u.params.sort();
    }
    let keys: Vec<&String> = by_label[0].params.iter().map(|(k, _)| k).collect();
    for u in &by_label {
        let ks: Vec<&String> = u.params.iter().map(|(k, _)| k).collect();
        if ks != keys || ks.windows(2).any(|w| w[0] == w[1]) {
            return None;
        }
    }
    by_label.sort_by_key(|u| natural(&u.label));
    bases.sort();
    Some(UnitLayout { units: by_label, bases })
}

/// Sort key for labels: numeric when they are numbers.
fn natural(s: &str) -> (u64, String) {
    (s.parse().unwrap_or(u64::MAX), s.to_string())
}

/// Whether exchanging the first unit with each other one leaves the loss unchanged
/// (transpositions (1 i) generate every permutation of the units).
fn symmetric(problem: &mut Problem, loss: ExprId, layout: &UnitLayout) -> bool {
    let first = &layout.units[0];
    for other in &layout.units[1..] {
        let mut map: FxHashMap<varan_algebra::Symbol, ExprId> = FxHashMap::default();
        for ((_, a), (_, b)) in first.params.iter().zip(&other.params) {
            let (sa, sb) = (problem.state[*a], problem.state[*b]);
            map.insert(sa, problem.pool.sym(sb));
            map.insert(sb, problem.pool.sym(sa));
        }
        let Ok(l2) = problem.pool.substitute(loss, &map) else { return false };
        let d = problem.pool.sub(l2, loss);
        if super::critical::cheap_is_zero(&problem.pool, d) != Truth::True {
            return false;
        }
    }
    true
}
