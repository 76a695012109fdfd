//! `atlas`: the invariant-manifold atlas of a network model and its fixed points, in the
//! saddle-to-saddle picture of \[ZSL25\] (MATH.md §8; schema `varan.atlas/1` in
//! `docs/json.md`, prose in `docs/atlas.md`).
//!
//! The invariant manifolds are those of `varan manifolds`, each proven exactly. The fixed
//! points come from the narrower network (one hidden unit removed): its critical points are
//! given (`--critical`) or found by Newton's method from deterministic starts, snapped to
//! nearby rationals when that makes them exactly critical, and mapped into the wider network
//! by the embeddings of `varan_flow::embeddings`. An image is accepted as a critical point
//! exactly (rational point, every component of V proven zero) or numerically (‖V‖ at most
//! [`NUMERIC_CRITICAL`] relative to the scale of the point, the residual reported). Critical
//! points of the wide network found directly by Newton's method are added. At each point:
//! the spectrum of Hess L = −DV in f64 (cyclic Jacobi), the index (negative eigenvalues),
//! near-zero eigenvalues below a stated threshold, a label, and at rational points the exact
//! inertia over ℚ. Limits: models only; Newton finds what its starts reach, not every
//! critical point; numeric criticality and spectra carry no proven error bound.

use rustc_hash::FxHashMap;
use serde::Serialize;
use varan_algebra::{parse_rational, rational_text, ExprId, Symbol, Truth, Q};
use varan_flow::{
    at_point, embeddings, expr_from_str, hessian_at, hessian_field, hidden_units, inertia,
    invariant_manifolds, is_critical, narrow_network, output_bases, verify_manifold, Constraint,
    Embedding, Manifold, ManifoldKind, Problem, UnitLayout,
};
use varan_numeric::{
    integrate, newton_equilibrium, symmetric_eigen, Evaluator, NewtonOptions, OdeOptions,
};
use varan_syntax::ItemKind;

use crate::derive::{load_flow, InputError};

/// A numerically critical point: ‖V‖ ≤ this · max(1, ‖θ‖).
pub const NUMERIC_CRITICAL: f64 = 1e-8;
/// Eigenvalues with |λ| ≤ this · max(1, max|λ|) count as zero.
pub const ZERO_EIGENVALUE: f64 = 1e-8;

/// Why `atlas` or `flow` could not run. All but `Internal` are the user's to fix (exit 2).
#[derive(Debug, Clone, PartialEq)]
pub enum AtlasError {
    /// The file or the definition.
    Input(InputError),
    /// A command-line value (`--critical`, `--unit`, `--from`, `--conserved`, `--until`).
    Spec(String),
}

impl std::fmt::Display for AtlasError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            AtlasError::Input(e) => write!(f, "{e}"),
            AtlasError::Spec(m) => write!(f, "{m}"),
        }
    }
}

impl std::error::Error for AtlasError {}

/// Settings of [`atlas`].
#[derive(Debug, Clone, PartialEq)]
pub struct AtlasOptions {
    /// A critical point of the narrower network, `name = value, ...` (every narrow
    /// parameter); default: Newton's method from [`AtlasOptions::starts`] starts.
    pub critical: Option<String>,
    /// Number of Newton starts (the origin, then pseudo-random points in [−3/2, 3/2]ⁿ from
    /// a fixed seed).
    pub starts: usize,
    /// The unit removed to form the narrower network (its label; default: the last).
    pub unit: Option<String>,
}

impl Default for AtlasOptions {
    fn default() -> Self {
        AtlasOptions { critical: None, starts: 8, unit: None }
    }
}

/// The JSON document of `varan atlas --format json` (schema `varan.atlas/1`).
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct AtlasJson {
    /// Always `"varan.atlas/1"`.
    pub schema: String,
    /// The definition's name.
    pub model: String,
    /// The parameters θ, in order.
    pub parameters: Vec<String>,
    /// The hidden units (empty when none were recognised).
    pub units: Vec<UnitJson>,
    /// The parameter bases acting as output weights (proven by L_H∘E = L_{H−1}), if any.
    pub output_weights: Option<Vec<String>>,
    /// The verified invariant manifolds, largest first.
    pub manifolds: Vec<AtlasManifoldJson>,
    /// The narrower network and its critical points (absent without hidden units).
    pub narrow: Option<NarrowJson>,
    /// Fixed points of the network: embedded ones first, then those found directly.
    pub fixed_points: Vec<FixedPointJson>,
    /// Embeddings whose image is not a critical point, with the reason.
    pub rejected: Vec<RejectedJson>,
    /// Eigenvalues with |λ| ≤ `zero_threshold` · max(1, max|λ|) count as zero.
    pub zero_threshold: f64,
    /// Remarks on what was not done and why.
    pub notes: Vec<String>,
}

/// A hidden unit.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct UnitJson {
    /// Its label.
    pub label: String,
    /// Its parameters.
    pub parameters: Vec<String>,
}

/// An invariant manifold.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct AtlasManifoldJson {
    /// 1-based number in this list: the manifolds of `varan manifolds` and the dead-unit and
    /// duplicated-unit sets of the units recognised here, largest dimension first.
    pub id: usize,
    /// `coordinate_subspace`, `dead_units` or `duplicated_units`.
    pub kind: String,
    /// The units involved.
    pub units: Vec<String>,
    /// The constraints (`"a2 = 0"`, `"a1 = a2"`).
    pub constraints: Vec<String>,
    /// Its dimension.
    pub dimension: usize,
}

/// The narrower network.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct NarrowJson {
    /// The removed unit.
    pub removed_unit: String,
    /// Its parameters (a subset of the wide ones).
    pub parameters: Vec<String>,
    /// `"given"` or `"newton"`.
    pub search: String,
    /// Its critical points.
    pub critical_points: Vec<FixedPointJson>,
}

/// A critical point with its local analysis.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct FixedPointJson {
    /// 1-based number within its list.
    pub id: usize,
    /// `"given"`, `"newton"` (narrow points), `"embedded"` or `"direct"` (wide points).
    pub source: String,
    /// For embedded points: the narrow point's id.
    pub from: Option<usize>,
    /// For embedded points: every embedding with this image (`"zero unit 2"`, …).
    pub embeddings: Vec<String>,
    /// The coordinates (f64), in parameter order.
    pub values: Vec<f64>,
    /// The exact coordinates when the point is rational.
    pub exact_values: Option<Vec<String>>,
    /// `"proven"` (V = 0 by exact zero tests) or `"numeric"`.
    pub critical: String,
    /// ‖V‖ = ‖∇L‖ evaluated in f64.
    pub residual: f64,
    /// L at the point.
    pub loss: f64,
    /// L exactly, when the point is rational and L folds to a number.
    pub exact_loss: Option<String>,
    /// Eigenvalues of Hess L, ascending.
    pub spectrum: Vec<f64>,
    /// Negative eigenvalues.
    pub index: usize,
    /// Eigenvalues counted as zero.
    pub near_zero: usize,
    /// `"minimum"`, `"saddle"`, `"maximum"` or `"degenerate"` (no negative eigenvalue but
    /// some zero ones: second order does not decide).
    pub label: String,
    /// The exact inertia [negative, zero, positive] of Hess L over ℚ, at rational points.
    pub inertia: Option<[usize; 3]>,
    /// Ids of the listed invariant manifolds containing the point (wide points).
    pub manifolds: Vec<usize>,
    /// Further critical points Newton's method found at the same loss level (on the same
    /// manifold of critical points, or images under a symmetry), not listed.
    pub others: usize,
}

/// An embedding whose image was not accepted.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct RejectedJson {
    /// The narrow point's id.
    pub from: usize,
    /// The embedding.
    pub embedding: String,
    /// Why.
    pub reason: String,
}

/// A parsed and lowered model with its wide Hessian.
pub(crate) struct Model {
    pub problem: Problem,
    pub dv: Vec<Vec<ExprId>>,
}

/// Loads a definition that must be a model without symbolic constants.
pub(crate) fn load_model(src: &str, name: Option<&str>) -> Result<Model, AtlasError> {
    let mut problem = load_flow(src, name).map_err(AtlasError::Input)?;
    if problem.kind != ItemKind::Model || problem.loss.is_none() {
        return Err(AtlasError::Spec(format!(
            "{} is not a model: the atlas studies gradient flows of a loss (use `varan flow` for systems and Hamiltonians)",
            problem.name
        )));
    }
    check_constants(&problem)?;
    let dv = hessian_field(&mut problem.pool, &problem.field, &problem.state);
    Ok(Model { problem, dv })
}

/// Refuses symbolic constants, which leave nothing to evaluate.
pub(crate) fn check_constants(problem: &Problem) -> Result<(), AtlasError> {
    if problem.constants.is_empty() {
        return Ok(());
    }
    let names: Vec<&str> = problem.constants.iter().map(|c| problem.pool.symbol_name(*c)).collect();
    Err(AtlasError::Spec(format!(
        "{} has symbolic constants ({}): numbers are needed here; give each a value in the file (`const c = 1/2`)",
        problem.name,
        names.join(", ")
    )))
}

/// Values of expressions at f64 points.
pub(crate) struct Numeric<'a> {
    pub problem: &'a Problem,
    pub syms: Vec<Symbol>,
}

impl Numeric<'_> {
    fn env(&self, x: &[f64]) -> FxHashMap<Symbol, f64> {
        self.syms.iter().copied().zip(x.iter().copied()).collect()
    }

    /// The values of `exprs` at `x` (NaN where undefined).
    pub fn eval(&self, exprs: &[ExprId], x: &[f64]) -> Vec<f64> {
        let mut ev = Evaluator::new(&self.problem.pool, self.env(x));
        exprs.iter().map(|e| ev.eval(*e).unwrap_or(f64::NAN)).collect()
    }

    /// (V, DV) at `x`, `None` if not finite.
    pub fn field_and_jacobian(
        &self,
        field: &[ExprId],
        dv: &[Vec<ExprId>],
        x: &[f64],
    ) -> Option<(Vec<f64>, Vec<Vec<f64>>)> {
        let mut ev = Evaluator::new(&self.problem.pool, self.env(x));
        let mut v = Vec::with_capacity(field.len());
        for e in field {
            v.push(ev.eval(*e).ok()?);
        }
        let mut m = Vec::with_capacity(dv.len());
        for row in dv {
            let mut r = Vec::with_capacity(row.len());
            for e in row {
                r.push(ev.eval(*e).ok()?);
            }
            m.push(r);
        }
        let finite = v.iter().chain(m.iter().flatten()).all(|x| x.is_finite());
        finite.then_some((v, m))
    }
}

fn norm(v: &[f64]) -> f64 {
    v.iter().map(|x| x * x).sum::<f64>().sqrt()
}

/// A deterministic pseudo-random sequence (SplitMix64).
struct SplitMix(u64);

impl SplitMix {
    fn next_unit(&mut self) -> f64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^= z >> 31;
        (z >> 11) as f64 / (1u64 << 53) as f64
    }
}

/// The Newton starts: the origin, then points in [−3/2, 3/2]ⁿ.
pub(crate) fn starts(n: usize, k: usize) -> Vec<Vec<f64>> {
    let mut rng = SplitMix(0x5eed_a71a5);
    (0..k)
        .map(|i| {
            if i == 0 {
                vec![0.0; n]
            } else {
                (0..n).map(|_| 3.0 * rng.next_unit() - 1.5).collect()
            }
        })
        .collect()
}

/// The nearest rational with denominator ≤ 1000 within 1e-9·max(1, |x|), by continued
/// fractions.
fn snap(x: f64) -> Option<(i64, i64)> {
    if !x.is_finite() || x.abs() > 1e9 {
        return None;
    }
    let tol = 1e-9 * x.abs().max(1.0);
    let (mut h0, mut h1, mut k0, mut k1) = (0i64, 1i64, 1i64, 0i64);
    let mut r = x;
    for _ in 0..20 {
        let a = r.floor();
        if a.abs() > 1e9 {
            break;
        }
        let a = a as i64;
        let (h2, k2) = (a.checked_mul(h1)?.checked_add(h0)?, a.checked_mul(k1)?.checked_add(k0)?);
        if k2 > 1000 {
            break;
        }
        (h0, h1, k0, k1) = (h1, h2, k1, k2);
        if (x - h1 as f64 / k1 as f64).abs() <= tol {
            return Some((h1, k1));
        }
        let frac = r - a as f64;
        if frac.abs() < 1e-15 {
            break;
        }
        r = 1.0 / frac;
    }
    None
}

fn rat(p: i64, q: i64) -> Option<Q> {
    parse_rational(&format!("{p}/{q}"))
}

fn to_f64(q: &Q) -> f64 {
    // through the text form: exact for the small rationals met here, and no float crate
    let t = rational_text(q);
    match t.split_once('/') {
        Some((a, b)) => a.parse::<f64>().unwrap_or(f64::NAN) / b.parse::<f64>().unwrap_or(f64::NAN),
        None => t.parse::<f64>().unwrap_or(f64::NAN),
    }
}

/// Analyses the point `x` (and its exact form, if any) as a critical point of `field`.
#[allow(clippy::too_many_arguments)]
pub(crate) fn analyse(
    problem: &mut Problem,
    loss: ExprId,
    field: &[ExprId],
    dv: &[Vec<ExprId>],
    syms: &[Symbol],
    x: &[f64],
    exact: Option<&[Q]>,
    source: &str,
) -> FixedPointJson {
    let (spectrum, residual, loss_value) = {
        let num = Numeric { problem, syms: syms.to_vec() };
        let (v, m) = num.field_and_jacobian(field, dv, x).unwrap_or_else(|| {
            (vec![f64::NAN; field.len()], vec![vec![f64::NAN; syms.len()]; syms.len()])
        });
        let h: Vec<Vec<f64>> = m.iter().map(|r| r.iter().map(|e| -e).collect()).collect();
        let (lam, _) = symmetric_eigen(&h);
        (lam, norm(&v), num.eval(&[loss], x)[0])
    };
    let big = spectrum.iter().fold(0.0_f64, |a, l| a.max(l.abs()));
    let tau = ZERO_EIGENVALUE * big.max(1.0);
    let mut index = spectrum.iter().filter(|l| **l < -tau).count();
    let mut near_zero = spectrum.iter().filter(|l| l.abs() <= tau).count();
    let mut critical = "numeric".to_string();
    let mut exact_values = None;
    let mut exact_loss = None;
    let mut exact_inertia = None;
    if let Some(q) = exact {
        exact_values = Some(q.iter().map(rational_text).collect());
        if is_critical(&mut problem.pool, field, syms, q) == Truth::True {
            critical = "proven".into();
        }
        if let Ok(l) = at_point(&mut problem.pool, &[loss], syms, q) {
            exact_loss = problem.pool.as_num(l[0]).map(rational_text);
        }
        if let Some(h) = hessian_at(&mut problem.pool, dv, syms, q) {
            let i = inertia(&h);
            exact_inertia = Some([i.negative, i.zero, i.positive]);
            // the exact count replaces the floating-point one
            index = i.negative;
            near_zero = i.zero;
        }
    }
    let n = spectrum.len();
    let label = if index > 0 && index == n {
        "maximum"
    } else if index > 0 {
        "saddle"
    } else if near_zero > 0 {
        "degenerate"
    } else {
        "minimum"
    };
    FixedPointJson {
        id: 0,
        source: source.into(),
        from: None,
        embeddings: Vec::new(),
        values: x.to_vec(),
        exact_values,
        critical,
        residual,
        loss: loss_value,
        exact_loss,
        spectrum,
        index,
        near_zero,
        label: label.into(),
        inertia: exact_inertia,
        manifolds: Vec::new(),
        others: 0,
    }
}

/// Whether two points coincide to 1e-7 relative.
fn same(a: &[f64], b: &[f64]) -> bool {
    let scale = 1.0 + norm(a).max(norm(b));
    a.iter().zip(b).map(|(x, y)| (x - y) * (x - y)).sum::<f64>().sqrt() <= 1e-7 * scale
}

/// A critical point found numerically: the point, its exact form when it snapped to
/// rationals, L there, and how many further points were found at the same loss level.
pub(crate) struct Found {
    pub x: Vec<f64>,
    pub exact: Option<Vec<Q>>,
    pub loss: f64,
    pub others: usize,
}

/// Whether two loss values are one level (1e-9 relative, 1e-12 absolute).
fn same_level(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-9 * a.abs().max(b.abs()) + 1e-12
}

/// Newton's method from the starts, each run twice: from the start itself (pure Newton is
/// drawn to the nearest critical point of any index, often a saddle) and from where the
/// gradient flow has carried the start by time [`DESCENT_TIME`] (which finds minima and the
/// saddles the flow lingers at). Each result is snapped to rationals when that makes it
/// exactly critical. One point per loss level is kept (critical points of networks come in
/// manifolds and symmetric copies, all at one level), an exact one when there is one; the
/// others are counted.
pub(crate) fn newton_points(
    problem: &mut Problem,
    loss: ExprId,
    field: &[ExprId],
    dv: &[Vec<ExprId>],
    syms: &[Symbol],
    k: usize,
) -> Vec<Found> {
    let mut found: Vec<Found> = Vec::new();
    for x0 in starts(syms.len(), k) {
        let descended = {
            let num = Numeric { problem, syms: syms.to_vec() };
            let mut end = None;
            let f = |y: &[f64], out: &mut [f64]| {
                let v = num.eval(field, y);
                out.copy_from_slice(&v);
            };
            let opts = OdeOptions::default().tol(1e-6).max_steps(20_000);
            let ok = integrate(f, &x0, DESCENT_TIME, &opts, |_, y, _| end = Some(y.to_vec()));
            ok.ok().and(end)
        };
        for from in std::iter::once(x0.clone()).chain(descended) {
            let (r, l) = {
                let num = Numeric { problem, syms: syms.to_vec() };
                let r = newton_equilibrium(
                    &from,
                    |x| num.field_and_jacobian(field, dv, x),
                    &NewtonOptions::default(),
                );
                let l = num.eval(&[loss], &r.point)[0];
                (r, l)
            };
            // only converged runs: a residual that merely stalls is typically a critical
            // point at infinity (a saturated tanh unit), not a critical point
            if !r.converged || !l.is_finite() {
                continue;
            }
            let exact = exact_snap(problem, field, syms, &r.point);
            let x = exact.as_ref().map_or(r.point.clone(), |q| q.iter().map(to_f64).collect());
            match found.iter_mut().find(|f| same_level(f.loss, l)) {
                Some(f) => {
                    if same(&f.x, &x) {
                        continue;
                    }
                    f.others += 1;
                    if f.exact.is_none() && exact.is_some() {
                        (f.x, f.exact) = (x, exact);
                    }
                }
                None => found.push(Found { x, exact, loss: l, others: 0 }),
            }
        }
    }
    found
}

/// How long the gradient flow carries each start before Newton's method (see
/// [`newton_points`]).
pub const DESCENT_TIME: f64 = 20.0;

/// The point snapped to small rationals, if that point is exactly critical.
fn exact_snap(
    problem: &mut Problem,
    field: &[ExprId],
    syms: &[Symbol],
    x: &[f64],
) -> Option<Vec<Q>> {
    let q: Vec<Q> =
        x.iter().map(|v| snap(*v).and_then(|(p, d)| rat(p, d))).collect::<Option<_>>()?;
    (is_critical(&mut problem.pool, field, syms, &q) == Truth::True).then_some(q)
}

/// Parses `name = value, ...` for the variables `names`: every one must appear once. Values
/// are expressions; rational ones are kept exactly.
pub(crate) fn parse_point(
    problem: &mut Problem,
    spec: &str,
    names: &[String],
    what: &str,
) -> Result<(Vec<f64>, Option<Vec<Q>>), AtlasError> {
    let mut values: Vec<Option<(f64, Option<Q>)>> = vec![None; names.len()];
    for entry in split_entries(spec) {
        let (lhs, rhs) = entry.split_once('=').ok_or_else(|| {
            AtlasError::Spec(format!("{what}: expected 'name = value', found '{entry}'"))
        })?;
        let lhs = lhs.trim().replace(['[', ']', ','], "_").replace(' ', "");
        let lhs = lhs.trim_end_matches('_').to_string();
        let k = names.iter().position(|n| *n == lhs).ok_or_else(|| {
            AtlasError::Spec(format!(
                "{what}: '{lhs}' is not one of the parameters ({})",
                names.join(", ")
            ))
        })?;
        if values[k].is_some() {
            return Err(AtlasError::Spec(format!("{what}: '{lhs}' is given twice")));
        }
        values[k] = Some(constant_value(problem, rhs.trim(), what)?);
    }
    let missing: Vec<&str> =
        names.iter().zip(&values).filter(|(_, v)| v.is_none()).map(|(n, _)| n.as_str()).collect();
    if !missing.is_empty() {
        return Err(AtlasError::Spec(format!("{what}: no value for {}", missing.join(", "))));
    }
    let values: Vec<(f64, Option<Q>)> = values.into_iter().flatten().collect();
    let x = values.iter().map(|(v, _)| *v).collect();
    let exact = values.into_iter().map(|(_, q)| q).collect::<Option<Vec<Q>>>();
    Ok((x, exact))
}

/// The value of a constant expression typed on the command line (named constants of the
/// file allowed).
pub(crate) fn constant_value(
    problem: &mut Problem,
    text: &str,
    what: &str,
) -> Result<(f64, Option<Q>), AtlasError> {
    let e = expr_from_str(&mut problem.pool, text).map_err(|d| {
        let msg = d.first().map(|d| d.message.clone()).unwrap_or_default();
        AtlasError::Spec(format!("{what}: cannot read '{text}': {msg}"))
    })?;
    let e = substitute_constants(problem, e);
    let q = problem.pool.as_num(e).cloned();
    let v = varan_numeric::eval_f64(&problem.pool, e, &FxHashMap::default())
        .map_err(|err| AtlasError::Spec(format!("{what}: '{text}' is not a number ({err})")))?;
    if !v.is_finite() {
        return Err(AtlasError::Spec(format!("{what}: '{text}' is not a finite number")));
    }
    Ok((v, q))
}

/// Replaces the file's named constants in `e` by their values.
pub(crate) fn substitute_constants(problem: &mut Problem, e: ExprId) -> ExprId {
    let map: FxHashMap<Symbol, ExprId> = problem
        .constant_values
        .iter()
        .filter_map(|(n, v)| problem.pool.lookup(n).map(|s| (s, *v)))
        .collect();
    if map.is_empty() {
        return e;
    }
    problem.pool.substitute(e, &map).unwrap_or(e)
}

/// Splits `a = 1, b = f(1, 2)` at top-level commas and semicolons.
pub(crate) fn split_entries(spec: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut depth = 0i32;
    let mut start = 0;
    for (i, c) in spec.char_indices() {
        match c {
            '(' | '[' => depth += 1,
            ')' | ']' => depth -= 1,
            ',' | ';' if depth == 0 => {
                out.push(&spec[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    out.push(&spec[start..]);
    out.into_iter().map(str::trim).filter(|s| !s.is_empty()).collect()
}

fn manifold_json(problem: &Problem, i: usize, m: &Manifold) -> AtlasManifoldJson {
    let (kind, units) = match &m.kind {
        ManifoldKind::CoordinateSubspace => ("coordinate_subspace".to_string(), Vec::new()),
        ManifoldKind::DeadUnits(u) => ("dead_units".into(), u.clone()),
        ManifoldKind::DuplicatedUnits(a, b) => {
            ("duplicated_units".into(), vec![a.clone(), b.clone()])
        }
    };
    AtlasManifoldJson {
        id: i + 1,
        kind,
        units,
        constraints: m
            .describe(&problem.pool, &problem.state)
            .split(", ")
            .map(String::from)
            .collect(),
        dimension: m.dimension(),
    }
}

/// Whether `x` lies on the manifold (to 1e-9 relative).
fn on_manifold(m: &Manifold, x: &[f64]) -> bool {
    let tol = 1e-9 * (1.0 + norm(x));
    m.constraints.iter().all(|c| match c {
        Constraint::Zero(k) => x[*k].abs() <= tol,
        Constraint::Equal(i, j) => (x[*i] - x[*j]).abs() <= tol,
    })
}

/// The image of a narrow point under an embedding: exact when the point is.
fn embed_point(e: &Embedding, x: &[f64], exact: Option<&[Q]>) -> (Vec<f64>, Option<Vec<Q>>) {
    match exact {
        Some(q) => {
            let w = e.apply(q);
            (w.iter().map(to_f64).collect(), Some(w))
        }
        None => {
            (e.rows.iter().map(|r| r.iter().map(|(l, c)| to_f64(c) * x[*l]).sum()).collect(), None)
        }
    }
}

/// The atlas of the definition `name` of `src`.
pub fn atlas(
    src: &str,
    name: Option<&str>,
    options: &AtlasOptions,
) -> Result<AtlasJson, AtlasError> {
    let Model { mut problem, dv } = load_model(src, name)?;
    atlas_of(&mut problem, &dv, options)
}

/// The atlas of a loaded model with its Hessian field `dv`.
pub(crate) fn atlas_of(
    problem: &mut Problem,
    dv: &[Vec<ExprId>],
    options: &AtlasOptions,
) -> Result<AtlasJson, AtlasError> {
    let names = problem.state_names();
    let loss = problem.loss.ok_or_else(|| AtlasError::Spec("not a model".into()))?;
    let mut manifolds = invariant_manifolds(problem);
    let mut notes = Vec::new();
    let layout = hidden_units(problem);
    if let Some(l) = &layout {
        unit_manifolds(problem, l, &mut manifolds);
    }
    let units = layout
        .as_ref()
        .map(|l| {
            l.units
                .iter()
                .map(|u| UnitJson {
                    label: u.label.clone(),
                    parameters: u.params.iter().map(|(_, k)| names[*k].clone()).collect(),
                })
                .collect()
        })
        .unwrap_or_default();
    let mut fixed: Vec<FixedPointJson> = Vec::new();
    let mut rejected = Vec::new();
    let mut narrow_json = None;
    let mut output_weights = None;
    match &layout {
        Some(layout) => {
            let (nj, outs) = narrow_part(
                problem,
                dv,
                layout,
                options,
                &manifolds,
                (&mut fixed, &mut rejected, &mut notes),
            )?;
            narrow_json = Some(nj);
            output_weights = outs;
        }
        None => {
            notes.push(
                "no hidden units recognised (names with trailing digits or families whose exchange is a proven symmetry of L): no narrower network, only critical points found directly".into(),
            );
            if options.critical.is_some() {
                return Err(AtlasError::Spec(
                    "--critical gives a point of the narrower network, but this model has no recognised hidden units".into(),
                ));
            }
        }
    }
    // critical points of the wide network itself
    let field = problem.field.clone();
    let state = problem.state.clone();
    for f in newton_points(problem, loss, &field, dv, &state, options.starts) {
        if fixed.iter().any(|p| same(&p.values, &f.x)) {
            continue;
        }
        let mut a = analyse(problem, loss, &field, dv, &state, &f.x, f.exact.as_deref(), "direct");
        let known = |p: &FixedPointJson| {
            same_level(p.loss, a.loss) && p.index == a.index && p.near_zero == a.near_zero
        };
        if fixed.iter().any(known) {
            continue;
        }
        a.others = f.others;
        a.manifolds = manifolds_containing(&manifolds, &a.values);
        fixed.push(a);
    }
    for (i, f) in fixed.iter_mut().enumerate() {
        f.id = i + 1;
    }
    Ok(AtlasJson {
        schema: "varan.atlas/1".into(),
        model: problem.name.clone(),
        parameters: names,
        units,
        output_weights,
        manifolds: manifolds
            .iter()
            .enumerate()
            .map(|(i, m)| manifold_json(problem, i, m))
            .collect(),
        narrow: narrow_json,
        fixed_points: fixed,
        rejected,
        zero_threshold: ZERO_EIGENVALUE,
        notes,
    })
}

/// Adds the dead-unit and duplicated-unit sets of the recognised units (the invariant sets
/// of \[ZSL25\]) that the name-based search of `invariant_manifolds` missed, each verified.
fn unit_manifolds(problem: &mut Problem, layout: &UnitLayout, found: &mut Vec<Manifold>) {
    let mut proposals: Vec<(Vec<Constraint>, ManifoldKind)> = Vec::new();
    for u in &layout.units {
        let cs = u.params.iter().map(|(_, k)| Constraint::Zero(*k)).collect();
        proposals.push((cs, ManifoldKind::DeadUnits(vec![u.label.clone()])));
    }
    for (i, u) in layout.units.iter().enumerate() {
        for v in &layout.units[i + 1..] {
            let cs = u
                .params
                .iter()
                .zip(&v.params)
                .map(|((_, a), (_, b))| Constraint::Equal(*a, *b))
                .collect();
            proposals.push((cs, ManifoldKind::DuplicatedUnits(u.label.clone(), v.label.clone())));
        }
    }
    for (cs, kind) in proposals {
        let mut key = cs.clone();
        key.sort_by_key(|c| format!("{c:?}"));
        let known = found.iter_mut().find(|m| {
            let mut k2 = m.constraints.clone();
            k2.sort_by_key(|c| format!("{c:?}"));
            k2 == key
        });
        if let Some(m) = known {
            // a coordinate subspace that is a whole unit is that unit's dead set
            if m.kind == ManifoldKind::CoordinateSubspace {
                m.kind = kind;
            }
            continue;
        }
        if let Some(m) = verify_manifold(problem, &cs, kind) {
            found.push(m);
        }
    }
    found.sort_by_key(|m| std::cmp::Reverse(m.dimension()));
}

fn manifolds_containing(ms: &[Manifold], x: &[f64]) -> Vec<usize> {
    ms.iter().enumerate().filter(|(_, m)| on_manifold(m, x)).map(|(i, _)| i + 1).collect()
}

/// What [`narrow_part`] adds to: fixed points, rejected embeddings, notes.
type Sinks<'a> = (&'a mut Vec<FixedPointJson>, &'a mut Vec<RejectedJson>, &'a mut Vec<String>);

/// The narrow network's critical points and their embeddings.
fn narrow_part(
    problem: &mut Problem,
    dv: &[Vec<ExprId>],
    layout: &UnitLayout,
    options: &AtlasOptions,
    ms: &[Manifold],
    (fixed, rejected, notes): Sinks<'_>,
) -> Result<(NarrowJson, Option<Vec<String>>), AtlasError> {
    let names = problem.state_names();
    let removed = match &options.unit {
        Some(u) => layout.position(u.trim()).ok_or_else(|| {
            let labels: Vec<&str> = layout.units.iter().map(|u| u.label.as_str()).collect();
            AtlasError::Spec(format!(
                "--unit: there is no unit '{u}' (the units are {})",
                labels.join(", ")
            ))
        })?,
        None => layout.units.len() - 1,
    };
    let narrow = narrow_network(problem, layout, removed)
        .map_err(|e| AtlasError::Spec(format!("the narrower network cannot be formed: {e}")))?;
    let nsyms = narrow.symbols(problem);
    let nnames: Vec<String> = narrow.kept.iter().map(|&k| names[k].clone()).collect();
    let ndv = hessian_field(&mut problem.pool, &narrow.field, &nsyms);
    let outs = output_bases(problem, layout, &narrow);
    if outs.is_none() {
        notes.push("no set of parameters splits like output weights (L_H∘E = L_{H−1} not proven; weight decay, for one, breaks it): only the zero-unit embedding is tried".into());
    }
    let embeds = embeddings(problem, layout, &narrow, outs.as_deref());
    if !embeds.iter().any(|e| e.kind_name() == "mixing") && layout.units.len() >= 3 {
        notes.push(
            "no mixing embedding: it does not preserve the network function (σ not linear)".into(),
        );
    }
    let (search, points) = match &options.critical {
        Some(spec) => {
            let (x, exact) = parse_point(problem, spec, &nnames, "--critical")?;
            let x = match &exact {
                Some(q) => {
                    if is_critical(&mut problem.pool, &narrow.field, &nsyms, q) == Truth::False {
                        let r = Numeric { problem, syms: nsyms.clone() }.eval(&narrow.field, &x);
                        return Err(AtlasError::Spec(format!(
                            "--critical: the point is not a critical point of the narrower network (|∇L| = {:.3e}, proven non-zero)",
                            norm(&r)
                        )));
                    }
                    x
                }
                None => {
                    // refine a numeric point
                    let r = {
                        let num = Numeric { problem, syms: nsyms.clone() };
                        newton_equilibrium(
                            &x,
                            |y| num.field_and_jacobian(&narrow.field, &ndv, y),
                            &NewtonOptions::default(),
                        )
                    };
                    if !r.converged && r.residual > NUMERIC_CRITICAL * (1.0 + norm(&r.point)) {
                        return Err(AtlasError::Spec(format!(
                            "--critical: Newton's method from the point did not reach a critical point (|∇L| = {:.3e})",
                            r.residual
                        )));
                    }
                    r.point
                }
            };
            ("given".to_string(), vec![Found { x, exact, loss: f64::NAN, others: 0 }])
        }
        None => {
            let field = narrow.field.clone();
            let found = newton_points(problem, narrow.loss, &field, &ndv, &nsyms, options.starts);
            ("newton".to_string(), found)
        }
    };
    let mut critical_points = Vec::new();
    for (i, f) in points.iter().enumerate() {
        let field = narrow.field.clone();
        let mut a =
            analyse(problem, narrow.loss, &field, &ndv, &nsyms, &f.x, f.exact.as_deref(), &search);
        a.id = i + 1;
        a.others = f.others;
        critical_points.push(a);
    }
    let field = problem.field.clone();
    let state = problem.state.clone();
    let loss = problem.loss.unwrap_or(ExprId::ZERO);
    for (i, f) in points.iter().enumerate() {
        for e in &embeds {
            let (w, wq) = embed_point(e, &f.x, f.exact.as_deref());
            let desc = format!("{} of n{}", e.describe(), i + 1);
            if let Some(f) = fixed.iter_mut().find(|f| same(&f.values, &w)) {
                f.embeddings.push(desc);
                continue;
            }
            let a = analyse(problem, loss, &field, dv, &state, &w, wq.as_deref(), "embedded");
            let scale = 1.0 + norm(&w);
            let accepted = match wq {
                Some(_) => a.critical == "proven",
                None => a.residual <= NUMERIC_CRITICAL * scale,
            };
            if !accepted {
                let reason = if wq.is_some() {
                    format!("not a critical point: V ≠ 0 (proven), |∇L| = {:.3e}", a.residual)
                } else {
                    format!("not a critical point: |∇L| = {:.3e}", a.residual)
                };
                rejected.push(RejectedJson { from: i + 1, embedding: e.describe(), reason });
                continue;
            }
            let mut a = a;
            a.from = Some(i + 1);
            a.embeddings.push(desc);
            a.manifolds = manifolds_containing(ms, &w);
            fixed.push(a);
        }
    }
    Ok((
        NarrowJson {
            removed_unit: layout.units[removed].label.clone(),
            parameters: nnames,
            search,
            critical_points,
        },
        outs,
    ))
}

fn fmt_num(x: f64) -> String {
    if x == 0.0 {
        return "0".into();
    }
    let a = x.abs();
    if (1e-3..1e5).contains(&a) {
        let s = format!("{x:.6}");
        let s = s.trim_end_matches('0').trim_end_matches('.');
        s.to_string()
    } else {
        format!("{x:.4e}")
    }
}

fn point_text(names: &[String], p: &FixedPointJson) -> String {
    let vals: Vec<String> = match &p.exact_values {
        Some(q) => names.iter().zip(q).map(|(n, v)| format!("{n} = {v}")).collect(),
        None => {
            names.iter().zip(&p.values).map(|(n, v)| format!("{n} = {}", fmt_num(*v))).collect()
        }
    };
    vals.join(", ")
}

fn analysis_text(p: &FixedPointJson) -> String {
    let loss = p.exact_loss.clone().unwrap_or_else(|| fmt_num(p.loss));
    let crit = if p.critical == "proven" {
        "∇L = 0 proven".to_string()
    } else {
        format!("|∇L| = {:.2e}", p.residual)
    };
    let idx = match p.inertia {
        Some([n, z, pos]) => {
            format!("index {n} (exact inertia: {n} negative, {z} zero, {pos} positive)")
        }
        None if p.near_zero > 0 => format!("index {} ({} near zero)", p.index, p.near_zero),
        None => format!("index {}", p.index),
    };
    let spec: Vec<String> = p.spectrum.iter().map(|l| fmt_num(*l)).collect();
    let more = if p.others > 0 {
        format!(
            "\n      {} more critical point{} found at this loss level (not listed)",
            p.others,
            if p.others == 1 { "" } else { "s" }
        )
    } else {
        String::new()
    };
    format!(
        "      loss {loss}; {crit}; {idx}; {}\n      Hess L spectrum: {}{more}\n",
        p.label,
        spec.join(", ")
    )
}

impl AtlasJson {
    /// Human-readable text.
    pub fn to_text(&self) -> String {
        let mut out = format!(
            "{}: atlas of invariant manifolds and fixed points\nstate: {}\n",
            self.model,
            self.parameters.join(", ")
        );
        if !self.units.is_empty() {
            let u: Vec<String> = self
                .units
                .iter()
                .map(|u| format!("{} = {{{}}}", u.label, u.parameters.join(", ")))
                .collect();
            out.push_str(&format!(
                "hidden units: {} (exchanges proven symmetries of L)\n",
                u.join(", ")
            ));
        }
        if let Some(o) = &self.output_weights {
            out.push_str(&format!(
                "output weights: {} (the duplicate split preserves the network function, proven)\n",
                o.join(", ")
            ));
        }
        out.push_str(&format!(
            "\ninvariant manifolds ({}, each proven by exact zero tests):\n",
            self.manifolds.len()
        ));
        for m in &self.manifolds {
            let why = match m.kind.as_str() {
                "dead_units" => format!("dead unit {}", m.units.join(", ")),
                "duplicated_units" => format!("duplicated units {}", m.units.join(" = ")),
                _ => "coordinate subspace".into(),
            };
            out.push_str(&format!(
                "  [{}] {{{}}}  dimension {}  ({why})\n",
                m.id,
                m.constraints.join(", "),
                m.dimension
            ));
        }
        if let Some(n) = &self.narrow {
            out.push_str(&format!(
                "\nnarrower network: unit {} removed ({}); critical points ({}):\n",
                n.removed_unit,
                n.parameters.join(", "),
                if n.search == "given" { "given" } else { "Newton's method" }
            ));
            for p in &n.critical_points {
                out.push_str(&format!("  n{}  {}\n", p.id, point_text(&n.parameters, p)));
                out.push_str(&analysis_text(p));
            }
        }
        out.push_str(&format!(
            "\nfixed points of {} (eigenvalues with |λ| ≤ {:e}·max(1, max|λ|) count as zero):\n",
            self.model, self.zero_threshold
        ));
        for p in &self.fixed_points {
            let how = if p.source == "embedded" {
                p.embeddings.join("; also ")
            } else {
                "found directly by Newton's method".into()
            };
            out.push_str(&format!(
                "  [{}] {how}\n      {}\n",
                p.id,
                point_text(&self.parameters, p)
            ));
            out.push_str(&analysis_text(p));
            if !p.manifolds.is_empty() {
                let ids: Vec<String> = p.manifolds.iter().map(|m| m.to_string()).collect();
                out.push_str(&format!("      on manifolds {}\n", ids.join(", ")));
            }
        }
        if self.fixed_points.is_empty() {
            out.push_str("  none found\n");
        }
        if !self.rejected.is_empty() {
            out.push_str("\nembeddings that do not give a critical point:\n");
            for r in &self.rejected {
                out.push_str(&format!("  {} of n{}: {}\n", r.embedding, r.from, r.reason));
            }
        }
        for n in &self.notes {
            out.push_str(&format!("\nnote: {n}\n"));
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn src() -> String {
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../../examples/atlas.vnet"))
            .expect("example")
    }

    #[test]
    fn continued_fractions_snap_small_rationals() {
        assert_eq!(snap(0.5), Some((1, 2)));
        assert_eq!(snap(-1.0 / 3.0 + 1e-12), Some((-1, 3)));
        assert_eq!(snap(2.0), Some((2, 1)));
        assert_eq!(snap(std::f64::consts::PI), None);
    }

    /// L = (5/2)(a1 w1 + a2 w2 − 1)²: Newton on the narrow network finds the origin (exact,
    /// index 1); its zero-unit image is the wide origin with exact inertia (2, 0, 2) (module
    /// doc of examples/atlas.vnet: Hess L = −5·[[0, 1], [1, 0]] per unit).
    #[test]
    fn linear_scalar_atlas() {
        let a = atlas(&src(), Some("linear_scalar"), &AtlasOptions::default()).expect("atlas");
        let n = a.narrow.as_ref().expect("narrow");
        let origin =
            n.critical_points.iter().find(|p| p.values.iter().all(|v| *v == 0.0)).expect("origin");
        assert_eq!(
            (origin.critical.as_str(), origin.index, origin.label.as_str()),
            ("proven", 1, "saddle")
        );
        let wide0 = a
            .fixed_points
            .iter()
            .find(|p| p.values.iter().all(|v| *v == 0.0))
            .expect("wide origin");
        assert_eq!(wide0.inertia, Some([2, 0, 2]));
        for (l, want) in wide0.spectrum.iter().zip([-5.0, -5.0, 5.0, 5.0]) {
            assert!((l - want).abs() < 1e-12, "{:?}", wide0.spectrum);
        }
        // every accepted fixed point has a tiny gradient, and the minima have a1 w1 + a2 w2 = 1
        for p in &a.fixed_points {
            assert!(p.residual < 1e-8, "{p:?}");
            if p.index == 0 {
                let c = p.values[0] * p.values[2] + p.values[1] * p.values[3];
                assert!((c - 1.0).abs() < 1e-8 && p.label == "degenerate", "{p:?}");
            }
        }
        assert!(a.to_text().contains("exact inertia: 2 negative, 0 zero, 2 positive"));
    }

    /// linear_deep with the given narrow point u = (1, 0), v = (3, 0): the zero-unit image is
    /// a saddle of index 1 (derivation in crates/varan-flow/tests/atlas.rs); with λ = 1/2
    /// the duplicate is a critical point on the duplicated-unit manifold.
    #[test]
    fn given_critical_point_of_linear_deep() {
        let opts = AtlasOptions {
            critical: Some("W1[1,1] = 3, W1[1,2] = 0, W2[1,1] = 1, W2[2,1] = 0".into()),
            starts: 2,
            unit: None,
        };
        let a = atlas(&src(), Some("linear_deep"), &opts).expect("atlas");
        let zero = a
            .fixed_points
            .iter()
            .find(|p| p.embeddings.iter().any(|e| e.starts_with("zero unit")))
            .expect("zero-unit image");
        assert_eq!(
            (zero.critical.as_str(), zero.index, zero.label.as_str()),
            ("proven", 1, "saddle")
        );
        assert_eq!(zero.exact_loss.as_deref(), Some("1/2"));
        let dup = a
            .fixed_points
            .iter()
            .find(|p| p.embeddings.iter().any(|e| e.contains("λ = 1/2")))
            .expect("duplicate");
        assert_eq!(dup.critical, "proven");
        assert!(!dup.manifolds.is_empty(), "the duplicate lies on a duplicated-unit manifold");
    }

    #[test]
    fn bad_critical_points_are_input_errors() {
        let opts = |s: &str| AtlasOptions { critical: Some(s.into()), starts: 1, unit: None };
        for (spec, msg) in [
            ("a1 = 1", "no value for w1"),
            ("a1 = 1, w1 = 2", "not a critical point"),
            ("a1 = 1, w9 = 2", "not one of the parameters"),
            ("a1 = 1, w1 = x", "not a number"),
        ] {
            match atlas(&src(), Some("linear_scalar"), &opts(spec)) {
                Err(AtlasError::Spec(m)) => assert!(m.contains(msg), "{spec}: {m}"),
                other => panic!("{spec}: {other:?}"),
            }
        }
    }
}
