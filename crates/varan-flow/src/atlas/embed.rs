//! The narrower network and the embeddings of its critical points into the wider one
//! \[ZSL25, §3\] (MATH.md §8): a network of width H − 1 is the width-H model with one
//! unit k removed (its parameters set to 0, so it contributes nothing whatever σ(0) is), and
//! a point θ of the narrow network maps to width H by
//!
//! - **zero unit**: unit k = 0 (a critical point when σ(0) = 0);
//! - **duplicate**: unit k a copy of unit j, the output weights split as (λ·a_j, (1 − λ)·a_j);
//! - **ray** (positively homogeneous σ): unit k = c·(input weights of j), output weights
//!   λ·a_j and (1 − λ)·a_j / c;
//! - **mixing** (linear σ): units (j, l, k) ↦ M·(w_j, w_l, 0) with output weights
//!   (a_j, a_l, 0)·M⁻¹, M = [[2, 0, 1], [0, 1, 0], [1, 1, 1]] (det M = 1).
//!
//! Each embedding is a linear map with rational coefficients, so the image of a rational
//! point is rational and its criticality is decided exactly. Which parameters are "output
//! weights" is not guessed from names: it is the set of parameter bases for which the
//! duplicate split provably preserves the network function, L_H∘E = L_{H−1} as an identity
//! in the narrow parameters (exact zero test); the ray and mixing embeddings are offered only
//! when the same identity is proven for them (so, in practice, for linear σ).

use rustc_hash::FxHashMap;
use varan_algebra::{AlgebraError, ExprId, Symbol, Truth, Q};

use super::units::UnitLayout;
use crate::{gradient_field, Problem};

/// The width-(H − 1) network: the model with one unit removed.
#[derive(Debug, Clone)]
pub struct Narrow {
    /// The removed unit (index into the layout's units).
    pub removed: usize,
    /// The wide state indices kept, in order: narrow coordinate l is wide coordinate
    /// `kept[l]` (the same symbol).
    pub kept: Vec<usize>,
    /// The narrow loss: L with the removed unit's parameters set to 0.
    pub loss: ExprId,
    /// Its gradient-flow field −∇L_{H−1}, one component per kept coordinate.
    pub field: Vec<ExprId>,
}

impl Narrow {
    /// The narrow state symbols.
    pub fn symbols(&self, problem: &Problem) -> Vec<Symbol> {
        self.kept.iter().map(|&k| problem.state[k]).collect()
    }

    /// The narrow coordinate of wide state index `k`, if kept.
    pub fn coordinate(&self, k: usize) -> Option<usize> {
        self.kept.iter().position(|&x| x == k)
    }
}

/// Builds the narrower network by removing unit `removed` of `layout`.
pub fn narrow_network(
    problem: &mut Problem,
    layout: &UnitLayout,
    removed: usize,
) -> Result<Narrow, AlgebraError> {
    let loss = problem.loss.ok_or(AlgebraError::NotExact)?;
    let gone: Vec<usize> = layout.units[removed].params.iter().map(|(_, k)| *k).collect();
    let map: FxHashMap<Symbol, ExprId> =
        gone.iter().map(|&k| (problem.state[k], ExprId::ZERO)).collect();
    let narrow_loss = problem.pool.substitute(loss, &map)?;
    let kept: Vec<usize> = (0..problem.state.len()).filter(|k| !gone.contains(k)).collect();
    let syms: Vec<Symbol> = kept.iter().map(|&k| problem.state[k]).collect();
    let field = gradient_field(&mut problem.pool, narrow_loss, &syms);
    Ok(Narrow { removed, kept, loss: narrow_loss, field })
}

/// Which embedding.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EmbeddingKind {
    /// The new unit is zero.
    ZeroUnit,
    /// The new unit duplicates unit `source`; output weights split (λ, 1 − λ).
    Duplicate {
        /// The duplicated unit's label.
        source: String,
        /// λ.
        lambda: Q,
    },
    /// The new unit's input weights are c times those of `source`; output weights λ·a and
    /// (1 − λ)·a / c.
    Ray {
        /// The unit's label.
        source: String,
        /// c.
        c: Q,
        /// λ.
        lambda: Q,
    },
    /// The new unit mixes units `first` and `second` through M (module doc).
    Mixing {
        /// Label of j.
        first: String,
        /// Label of l.
        second: String,
    },
}

/// A linear embedding of the narrow parameter space into the wide one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Embedding {
    /// Which one.
    pub kind: EmbeddingKind,
    /// The label of the unit that is added (the removed unit of the narrow network).
    pub new_unit: String,
    /// Row k: wide coordinate k = Σ q·(narrow coordinate l) over the pairs (l, q).
    pub rows: Vec<Vec<(usize, Q)>>,
}

impl Embedding {
    /// The image of a rational narrow point.
    pub fn apply(&self, x: &[Q]) -> Vec<Q> {
        self.rows
            .iter()
            .map(|r| r.iter().fold(Q::from_integer(0.into()), |acc, (l, q)| acc + q * &x[*l]))
            .collect()
    }

    /// A one-line description (`duplicate unit 1 into unit 2, λ = 1/2`).
    pub fn describe(&self) -> String {
        let t = varan_algebra::rational_text;
        match &self.kind {
            EmbeddingKind::ZeroUnit => format!("zero unit {}", self.new_unit),
            EmbeddingKind::Duplicate { source, lambda } => format!(
                "duplicate unit {source} into unit {}, output split λ = {}",
                self.new_unit,
                t(lambda)
            ),
            EmbeddingKind::Ray { source, c, lambda } => format!(
                "unit {} on the ray of unit {source}, c = {}, λ = {}",
                self.new_unit,
                t(c),
                t(lambda)
            ),
            EmbeddingKind::Mixing { first, second } => {
                format!("mix units {first}, {second} into unit {}", self.new_unit)
            }
        }
    }

    /// A short machine name: `zero_unit`, `duplicate`, `ray`, `mixing`.
    pub fn kind_name(&self) -> &'static str {
        match self.kind {
            EmbeddingKind::ZeroUnit => "zero_unit",
            EmbeddingKind::Duplicate { .. } => "duplicate",
            EmbeddingKind::Ray { .. } => "ray",
            EmbeddingKind::Mixing { .. } => "mixing",
        }
    }
}

fn q(n: i64, d: i64) -> Q {
    Q::new(n.into(), d.into())
}

/// The split values λ of the duplicate embedding: inside (0, 1), symmetric and not, and
/// outside.
pub fn split_values() -> Vec<Q> {
    vec![q(1, 2), q(1, 4), q(3, 2)]
}

/// Identity rows for the kept coordinates, zero rows for the removed unit.
fn identity(n: usize, narrow: &Narrow) -> Vec<Vec<(usize, Q)>> {
    (0..n).map(|k| narrow.coordinate(k).map(|l| vec![(l, q(1, 1))]).unwrap_or_default()).collect()
}

/// (wide index in unit j, narrow coordinate of it, wide index in the new unit, is output)
/// for every key.
fn pairs(
    layout: &UnitLayout,
    narrow: &Narrow,
    j: usize,
    outputs: &[String],
) -> Vec<(usize, usize, usize, bool)> {
    let (uj, uk) = (&layout.units[j], &layout.units[narrow.removed]);
    uj.params
        .iter()
        .zip(&uk.params)
        .filter_map(|((key, ij), (_, ik))| {
            let l = narrow.coordinate(*ij)?;
            Some((*ij, l, *ik, outputs.iter().any(|b| b == layout.base_of(key))))
        })
        .collect()
}

/// The duplicate embedding of unit `j` with split λ, output weights from `outputs` bases.
pub fn duplicate(
    layout: &UnitLayout,
    narrow: &Narrow,
    n: usize,
    j: usize,
    lambda: &Q,
    outputs: &[String],
) -> Embedding {
    let mut rows = identity(n, narrow);
    for (ij, l, ik, out) in pairs(layout, narrow, j, outputs) {
        if out {
            rows[ij] = vec![(l, lambda.clone())];
            rows[ik] = vec![(l, q(1, 1) - lambda)];
        } else {
            rows[ik] = vec![(l, q(1, 1))];
        }
    }
    Embedding {
        kind: EmbeddingKind::Duplicate {
            source: layout.units[j].label.clone(),
            lambda: lambda.clone(),
        },
        new_unit: layout.units[narrow.removed].label.clone(),
        rows,
    }
}

/// All candidate embeddings: zero unit; duplicates of every narrow unit for each split
/// value; the ray (c = 2, λ = 1/2) and the mixing of the first two narrow units, each kept
/// only when it provably preserves the network function. Without output bases only the zero
/// unit is offered.
pub fn embeddings(
    problem: &mut Problem,
    layout: &UnitLayout,
    narrow: &Narrow,
    outputs: Option<&[String]>,
) -> Vec<Embedding> {
    let n = problem.state.len();
    let new_unit = layout.units[narrow.removed].label.clone();
    let mut out = vec![Embedding {
        kind: EmbeddingKind::ZeroUnit,
        new_unit: new_unit.clone(),
        rows: identity(n, narrow),
    }];
    let Some(outputs) = outputs else { return out };
    let sources: Vec<usize> = (0..layout.units.len()).filter(|&j| j != narrow.removed).collect();
    for &j in &sources {
        for lambda in split_values() {
            out.push(duplicate(layout, narrow, n, j, &lambda, outputs));
        }
    }
    if let Some(&j) = sources.first() {
        let (c, lambda) = (q(2, 1), q(1, 2));
        let mut rows = identity(n, narrow);
        for (ij, l, ik, o) in pairs(layout, narrow, j, outputs) {
            if o {
                rows[ij] = vec![(l, lambda.clone())];
                rows[ik] = vec![(l, (q(1, 1) - &lambda) / &c)];
            } else {
                rows[ik] = vec![(l, c.clone())];
            }
        }
        let e = Embedding {
            kind: EmbeddingKind::Ray { source: layout.units[j].label.clone(), c, lambda },
            new_unit: new_unit.clone(),
            rows,
        };
        if preserves_function(problem, narrow, &e) == Truth::True {
            out.push(e);
        }
    }
    if let [j, l, ..] = sources[..] {
        let mut rows = identity(n, narrow);
        let pj = pairs(layout, narrow, j, outputs);
        let pl = pairs(layout, narrow, l, outputs);
        for ((ij, cj, ik, o), (il, cl, _, _)) in pj.into_iter().zip(pl) {
            if o {
                // (a_j, a_l, 0)·M⁻¹ = (a_j, a_j + a_l, −a_j)
                rows[il] = vec![(cj, q(1, 1)), (cl, q(1, 1))];
                rows[ik] = vec![(cj, q(-1, 1))];
            } else {
                // M·(w_j, w_l, 0) = (2 w_j, w_l, w_j + w_l)
                rows[ij] = vec![(cj, q(2, 1))];
                rows[ik] = vec![(cj, q(1, 1)), (cl, q(1, 1))];
            }
        }
        let e = Embedding {
            kind: EmbeddingKind::Mixing {
                first: layout.units[j].label.clone(),
                second: layout.units[l].label.clone(),
            },
            new_unit,
            rows,
        };
        if preserves_function(problem, narrow, &e) == Truth::True {
            out.push(e);
        }
    }
    out
}

/// Whether L_H∘E = L_{H−1} identically in the narrow parameters (the embedding preserves the
/// network function on the data): `True` when the difference cancels term by term, or is a
/// rational function proven zero; `Unknown` when it involves elementary functions and does
/// not cancel structurally (module doc of `critical.rs`: the canonical form is not attempted).
pub fn preserves_function(problem: &mut Problem, narrow: &Narrow, e: &Embedding) -> Truth {
    let Some(loss) = problem.loss else { return Truth::Unknown };
    let pool = &mut problem.pool;
    let mut map: FxHashMap<Symbol, ExprId> = FxHashMap::default();
    for (k, row) in e.rows.iter().enumerate() {
        let terms: Vec<(Q, ExprId)> = row
            .iter()
            .map(|(l, c)| (c.clone(), pool.sym(problem.state[narrow.kept[*l]])))
            .collect();
        let img = pool.sum(terms);
        map.insert(problem.state[k], img);
    }
    let Ok(image) = pool.substitute(loss, &map) else { return Truth::Unknown };
    let d = pool.sub(image, narrow.loss);
    super::critical::cheap_is_zero(pool, d)
}

/// The parameter bases that act as output weights: the smallest set of bases (singletons
/// first, then pairs) for which the duplicate split with λ = 1/3 provably preserves the
/// network function; `None` if no set of at most two bases does.
pub fn output_bases(
    problem: &mut Problem,
    layout: &UnitLayout,
    narrow: &Narrow,
) -> Option<Vec<String>> {
    let j = (0..layout.units.len()).find(|&j| j != narrow.removed)?;
    let bases = layout.base_names();
    let mut candidates: Vec<Vec<String>> = bases.iter().map(|b| vec![b.clone()]).collect();
    for (i, a) in bases.iter().enumerate() {
        for b in &bases[i + 1..] {
            candidates.push(vec![a.clone(), b.clone()]);
        }
    }
    let n = problem.state.len();
    for c in candidates {
        if c.len() == bases.len() {
            continue;
        }
        let e = duplicate(layout, narrow, n, j, &q(1, 3), &c);
        if preserves_function(problem, narrow, &e) == Truth::True {
            return Some(c);
        }
    }
    None
}
