//! `manifolds` and `ve`: invariant manifolds of a definition, and the variational equations
//! along a verified curve with their reduction (NVE, blocks, scalar equations, normal forms,
//! singularity tables), rendered as text and JSON (schemas `varan.manifolds/1` and
//! `varan.ve/1`, documented in `docs/json.md`).

use serde::Serialize;
use varan_algebra::{rational_text, ExprId, Symbol, URat, Variable};
use varan_flow::{
    curve_of_manifold, expr_from_str, invariant_manifolds, singularities, variational_equation,
    verify_curve, CurveError, Manifold, ManifoldKind, Problem, SingularityTable,
    VariationalEquation, VerifiedCurve,
};
use varan_galois::{kovacic, KovacicOutcome};
use varan_numeric::{approximate_roots, complex_text};
use varan_syntax::{Span, StmtKind};

use crate::derive::{load_flow, InputError};

/// Invariant manifolds of a definition.
#[derive(Debug)]
pub struct ManifoldReport {
    /// The lowered definition.
    pub problem: Problem,
    /// The verified manifolds, largest dimension first.
    pub manifolds: Vec<Manifold>,
}

/// Finds and verifies the invariant manifolds of the definition `name` of `src`.
pub fn manifolds(src: &str, name: Option<&str>) -> Result<ManifoldReport, InputError> {
    let mut problem = load_flow(src, name)?;
    let manifolds = invariant_manifolds(&mut problem);
    Ok(ManifoldReport { problem, manifolds })
}

/// The JSON document of `varan manifolds --format json` (schema `varan.manifolds/1`).
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct ManifoldsJson {
    /// Always `"varan.manifolds/1"`.
    pub schema: String,
    /// The definition's name.
    pub model: String,
    /// The state variables, in order.
    pub parameters: Vec<String>,
    /// The manifolds, largest dimension first.
    pub manifolds: Vec<ManifoldJson>,
}

/// One manifold.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct ManifoldJson {
    /// 1-based number, for `--along manifold:K`.
    pub id: usize,
    /// `coordinate_subspace`, `dead_units` or `duplicated_units`.
    pub kind: String,
    /// The units involved (labels), if any.
    pub units: Vec<String>,
    /// The constraints as equations (`"w1 = 0"`, `"a1 = a2"`).
    pub constraints: Vec<String>,
    /// The dimension.
    pub dimension: usize,
    /// The free coordinates.
    pub free: Vec<String>,
    /// The restricted field: `"a1' = ..."` for each free coordinate.
    pub restricted_field: Vec<String>,
    /// Always true: every listed manifold is proven invariant by exact zero tests.
    pub verified: bool,
}

fn kind_json(k: &ManifoldKind) -> (String, Vec<String>) {
    match k {
        ManifoldKind::CoordinateSubspace => ("coordinate_subspace".into(), Vec::new()),
        ManifoldKind::DeadUnits(u) => ("dead_units".into(), u.clone()),
        ManifoldKind::DuplicatedUnits(a, b) => {
            ("duplicated_units".into(), vec![a.clone(), b.clone()])
        }
    }
}

impl ManifoldReport {
    /// LaTeX: a fragment, or with `standalone` a complete document for pdflatex.
    pub fn to_latex(&self, standalone: bool) -> String {
        let body = crate::latex::manifolds_body(self);
        if standalone {
            crate::latex::standalone(
                &format!("varan: invariant manifolds of {}", self.problem.name),
                &body,
            )
        } else {
            body
        }
    }

    /// The JSON document.
    pub fn to_json(&self) -> ManifoldsJson {
        let p = &self.problem;
        let names = p.state_names();
        ManifoldsJson {
            schema: "varan.manifolds/1".into(),
            model: p.name.clone(),
            parameters: names.clone(),
            manifolds: self
                .manifolds
                .iter()
                .enumerate()
                .map(|(i, m)| {
                    let (kind, units) = kind_json(&m.kind);
                    ManifoldJson {
                        id: i + 1,
                        kind,
                        units,
                        constraints: m
                            .describe(&p.pool, &p.state)
                            .split(", ")
                            .map(String::from)
                            .collect(),
                        dimension: m.dimension(),
                        free: m.free.iter().map(|&k| names[k].clone()).collect(),
                        restricted_field: m
                            .free
                            .iter()
                            .zip(&m.restricted)
                            .map(|(&k, e)| format!("{}' = {}", names[k], p.pool.to_text(*e)))
                            .collect(),
                        verified: true,
                    }
                })
                .collect(),
        }
    }

    /// Human-readable text.
    pub fn to_text(&self) -> String {
        let j = self.to_json();
        let mut out = format!(
            "{}: {} invariant manifold{} (each proven by exact zero tests)\nstate: {}\n",
            j.model,
            j.manifolds.len(),
            if j.manifolds.len() == 1 { "" } else { "s" },
            j.parameters.join(", ")
        );
        for m in &j.manifolds {
            let why = match m.kind.as_str() {
                "dead_units" => format!(
                    "dead unit{} {}",
                    if m.units.len() == 1 { "" } else { "s" },
                    m.units.join(", ")
                ),
                "duplicated_units" => format!("duplicated units {}", m.units.join(" = ")),
                _ => "coordinate subspace".into(),
            };
            out.push_str(&format!(
                "\n[{}] {{{}}}  dimension {}  ({why})\n",
                m.id,
                m.constraints.join(", "),
                m.dimension
            ));
            for f in &m.restricted_field {
                out.push_str(&format!("    {f}\n"));
            }
        }
        if j.manifolds.is_empty() {
            out.push_str("\nno invariant linear manifold of positive dimension was found\n");
        }
        out
    }
}

/// How the curve of `varan ve` was chosen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CurveSource {
    /// Given with `--along` or an `along` block: the equations as written.
    Given(String),
    /// The one-dimensional invariant manifold with this number (1-based).
    Manifold(usize, String),
}

/// Why `ve` failed: a problem with the input (exit 2) in all cases.
#[derive(Debug, Clone, PartialEq)]
pub enum VeFailure {
    /// Parse, lowering or selection errors.
    Input(InputError),
    /// A malformed `--along` specification.
    Along(String),
    /// The curve is not invariant; the residual components as text.
    NotInvariant {
        /// The curve as written.
        curve: String,
        /// g(s) as chosen.
        g: String,
        /// `V_k(φ) − g·φ'_k` for the failing components, as `name: expr`.
        residual: Vec<String>,
    },
    /// No curve was given and none was found.
    NoCurve(String),
    /// The variational equation could not be formed (why).
    Unsupported(String),
    /// A self-check failed beyond its certified bound: a bug, not an input problem.
    Internal(String),
}

impl std::fmt::Display for VeFailure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            VeFailure::Input(e) => write!(f, "{e}"),
            VeFailure::Along(m) => write!(f, "{m}"),
            VeFailure::NotInvariant { curve, g, residual } => {
                write!(f, "the curve {curve} is not invariant: with g = {g}, V(φ) − g·φ' ≠ 0 in ")?;
                write!(f, "{}", residual.join("; "))
            }
            VeFailure::NoCurve(m) | VeFailure::Unsupported(m) | VeFailure::Internal(m) => {
                write!(f, "{m}")
            }
        }
    }
}

/// The variational equation along a curve, with everything derived from it.
#[derive(Debug)]
pub struct VeReport {
    /// The lowered definition.
    pub problem: Problem,
    /// How the curve was chosen.
    pub source: CurveSource,
    /// The verified curve.
    pub curve: VerifiedCurve,
    /// The VE and its reduction.
    pub ve: VariationalEquation,
    /// The singularity table of each block's normal form (same order as the blocks;
    /// `None` for blocks that are not 2×2).
    pub singularities: Vec<Option<SingularityTable>>,
    /// Kovacic's algorithm on each block's normal form (`None` for blocks that are not 2×2).
    pub kovacic: Vec<Option<KovacicOutcome>>,
}

/// A curve to try: where it came from, its verification, and its entries as written.
type Candidate = (CurveSource, Result<VerifiedCurve, CurveError>, Vec<(String, String)>);

/// Splits `a = 1, b = f(s, t)` at top-level commas (or semicolons).
fn split_entries(spec: &str) -> Vec<&str> {
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

/// Builds the curve from `coordinate = expression` entries; returns it with the parameter
/// and whether it is time.
fn parse_curve(
    problem: &mut Problem,
    entries: &[(String, String)],
) -> Result<(Symbol, Vec<ExprId>, bool), VeFailure> {
    let n = problem.state.len();
    let mut phi: Vec<Option<ExprId>> = vec![None; n];
    for (target, value) in entries {
        let t = expr_from_str(&mut problem.pool, target)
            .map_err(|_| VeFailure::Along(format!("'{target}' is not a coordinate name")))?;
        let k = problem.state.iter().position(|s| problem.pool.sym(*s) == t).ok_or_else(|| {
            VeFailure::Along(format!("'{target}' is not a state variable of {}", problem.name))
        })?;
        if phi[k].is_some() {
            return Err(VeFailure::Along(format!("'{target}' is given twice")));
        }
        let v = expr_from_str(&mut problem.pool, value).map_err(|d| {
            VeFailure::Along(format!(
                "cannot read '{value}': {}",
                d.first().map(|x| x.message.as_str()).unwrap_or("syntax error")
            ))
        })?;
        phi[k] = Some(v);
    }
    let missing: Vec<String> = (0..n)
        .filter(|&k| phi[k].is_none())
        .map(|k| problem.pool.symbol_name(problem.state[k]).to_string())
        .collect();
    if !missing.is_empty() {
        return Err(VeFailure::Along(format!(
            "the curve must give every coordinate; missing: {}",
            missing.join(", ")
        )));
    }
    let mut phi: Vec<ExprId> = phi.into_iter().flatten().collect();
    // named constants with a value stand for their value
    let values: rustc_hash::FxHashMap<Symbol, ExprId> = problem
        .constant_values
        .iter()
        .filter_map(|(n, e)| problem.pool.lookup(n).map(|s| (s, *e)))
        .collect();
    if !values.is_empty() {
        for e in &mut phi {
            *e = problem
                .pool
                .substitute(*e, &values)
                .map_err(|err| VeFailure::Along(format!("{err} in the curve")))?;
        }
    }
    // the parameter: the one symbol that is neither a state variable nor a constant
    let mut params: Vec<Symbol> = Vec::new();
    for e in &phi {
        for s in problem.pool.free_symbols(*e) {
            if !problem.state.contains(&s)
                && !problem.constants.contains(&s)
                && !params.contains(&s)
            {
                params.push(s);
            }
        }
    }
    if let Some(s) =
        phi.iter().flat_map(|e| problem.pool.free_symbols(*e)).find(|s| problem.state.contains(s))
    {
        return Err(VeFailure::Along(format!(
            "the curve may not depend on the coordinate {}: write it in one parameter (s, or t for time)",
            problem.pool.symbol_name(s)
        )));
    }
    match params.as_slice() {
        [s] => {
            let time = problem.pool.symbol_name(*s) == "t";
            Ok((*s, phi, time))
        }
        [] => {
            Err(VeFailure::Along("the curve is constant: use a parameter s (or t for time)".into()))
        }
        _ => {
            let names: Vec<&str> = params.iter().map(|s| problem.pool.symbol_name(*s)).collect();
            Err(VeFailure::Along(format!(
                "the curve must have one parameter, found {}",
                names.join(", ")
            )))
        }
    }
}

fn describe_curve(entries: &[(String, String)]) -> String {
    entries.iter().map(|(a, b)| format!("{a} = {b}")).collect::<Vec<_>>().join(", ")
}

/// The `along` blocks of the chosen definition, as (target, value) texts.
fn along_blocks(src: &str, name: Option<&str>) -> Vec<Vec<(String, String)>> {
    let Ok(file) = varan_syntax::parse_file(src) else { return Vec::new() };
    let Ok(item) = varan_flow::select(&file, name) else { return Vec::new() };
    let text = |sp: Span| src.get(sp.start..sp.end).unwrap_or("").to_string();
    item.stmts
        .iter()
        .filter_map(|s| match &s.kind {
            StmtKind::Along(a) => {
                Some(a.entries.iter().map(|e| (text(e.target.span), text(e.value.span))).collect())
            }
            _ => None,
        })
        .collect()
}

/// The VE of definition `name` of `src` along the curve `along`: `None` or `"auto"` for the
/// definition's first `along` block, else its first one-dimensional invariant manifold;
/// `"manifold:K"` for manifold K of `varan manifolds`; otherwise `coord = expr, ...`.
pub fn ve(src: &str, name: Option<&str>, along: Option<&str>) -> Result<VeReport, VeFailure> {
    let mut problem = load_flow(src, name).map_err(VeFailure::Input)?;
    let spec = along.map(str::trim).filter(|s| !s.is_empty() && *s != "auto");
    let mut candidates: Vec<Candidate> = Vec::new();
    let manifold_curve = |problem: &mut Problem, k: usize, m: &Manifold| {
        let s = problem.pool.symbol("s");
        let desc = m.describe(&problem.pool, &problem.state);
        (CurveSource::Manifold(k, desc), curve_of_manifold(problem, m, s))
    };
    match spec {
        Some(sp) if sp.starts_with("manifold:") => {
            let k: usize = sp["manifold:".len()..].trim().parse().map_err(|_| {
                VeFailure::Along(format!("expected manifold:K with K a number, found '{sp}'"))
            })?;
            let ms = invariant_manifolds(&mut problem);
            let m = ms.get(k.wrapping_sub(1)).ok_or_else(|| {
                VeFailure::Along(format!(
                    "there is no manifold {k}; `varan manifolds` lists {}",
                    ms.len()
                ))
            })?;
            if m.dimension() != 1 {
                return Err(VeFailure::Along(format!(
                    "manifold {k} has dimension {}; a curve needs a one-dimensional manifold",
                    m.dimension()
                )));
            }
            let (src_, c) = manifold_curve(&mut problem, k, m);
            candidates.push((src_, c, Vec::new()));
        }
        Some(sp) => {
            let mut entries = Vec::new();
            for e in split_entries(sp) {
                let (a, b) = e.split_once('=').ok_or_else(|| {
                    VeFailure::Along(format!("expected 'coordinate = expression', found '{e}'"))
                })?;
                entries.push((a.trim().to_string(), b.trim().to_string()));
            }
            let (s, phi, time) = parse_curve(&mut problem, &entries)?;
            let c = verify_curve(&mut problem, s, phi, time);
            candidates.push((CurveSource::Given(describe_curve(&entries)), c, entries));
        }
        None => {
            let blocks = along_blocks(src, name);
            if let Some(entries) = blocks.into_iter().next() {
                let (s, phi, time) = parse_curve(&mut problem, &entries)?;
                let c = verify_curve(&mut problem, s, phi, time);
                candidates.push((CurveSource::Given(describe_curve(&entries)), c, entries));
            } else {
                let ms = invariant_manifolds(&mut problem);
                for (i, m) in ms.iter().enumerate().filter(|(_, m)| m.dimension() == 1) {
                    let (src_, c) = manifold_curve(&mut problem, i + 1, m);
                    if c.is_ok() {
                        candidates.push((src_, c, Vec::new()));
                        break;
                    }
                }
                if candidates.is_empty() {
                    return Err(VeFailure::NoCurve(format!(
                        "{} has no one-dimensional invariant manifold carrying a non-constant curve; give a curve with --along 'coord = expr(s), ...' or an `along {{ ... }}` block",
                        problem.name
                    )));
                }
            }
        }
    }
    let (source, curve, entries) = candidates.remove(0);
    let curve = match curve {
        Ok(c) => c,
        Err(CurveError::NotInvariant { g, residual }) => {
            let names = problem.state_names();
            return Err(VeFailure::NotInvariant {
                curve: describe_curve(&entries),
                g: problem.pool.to_text(g),
                residual: residual.iter().map(|(k, r)| format!("{}: {}", names[*k], problem.pool.to_text(*r))).collect(),
            });
        }
        Err(CurveError::Constant) => {
            return Err(VeFailure::Along("the curve is constant (an equilibrium), not a curve".into()))
        }
        Err(CurveError::Stationary) => {
            return Err(VeFailure::Along(
                "every point of the curve is an equilibrium (V = 0 on it): no trajectory runs along it".into(),
            ))
        }
        Err(CurveError::Undecided { component }) => {
            return Err(VeFailure::Unsupported(format!(
                "invariance could not be decided exactly for component {} (logarithms or nested exponentials)",
                problem.state_names().get(component).cloned().unwrap_or_default()
            )))
        }
        Err(CurveError::Algebra(e)) => return Err(VeFailure::Along(format!("{e} on the curve"))),
    };
    let param = problem.pool.symbol_name(curve.param).to_string();
    let ve = variational_equation(&mut problem, &curve, &param)
        .map_err(|e| VeFailure::Unsupported(e.to_string()))?;
    let singularities =
        ve.blocks.iter().map(|b| b.scalar.as_ref().map(|s| singularities(&s.r))).collect();
    let kovacic = ve.blocks.iter().map(|b| b.scalar.as_ref().map(|s| kovacic(&s.r))).collect();
    Ok(VeReport { problem, source, curve, ve, singularities, kovacic })
}

/// The JSON document of `varan ve --format json` (schema `varan.ve/1`).
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct VeJson {
    /// Always `"varan.ve/1"`.
    pub schema: String,
    /// The definition's name.
    pub model: String,
    /// The state variables, in order.
    pub parameters: Vec<String>,
    /// The curve and its invariance identity.
    pub curve: CurveJson,
    /// The independent variable of the equations below (`s`, `t` or `z`).
    pub variable: String,
    /// The substitution that made the coefficients rational (`"z = exp(t)"` or `"none"`).
    pub substitution: String,
    /// A(x): dξ/dx = A ξ, state coordinates.
    pub a: Vec<Vec<String>>,
    /// The tangent solution, checked exactly.
    pub tangent: Vec<String>,
    /// The constant change of basis (columns in state coordinates) and its labels.
    pub basis: Option<BasisJson>,
    /// The normal variational equation, when the tangent has a constant direction.
    pub nve: Option<MatrixJson>,
    /// The diagonal blocks.
    pub blocks: Vec<BlockJson>,
}

/// The curve.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct CurveJson {
    /// `given` or `manifold`.
    pub source: String,
    /// The curve as written, or the manifold's constraints.
    pub description: String,
    /// The parameter's name.
    pub parameter: String,
    /// Whether the parameter is time (g = 1).
    pub time: bool,
    /// φ_k, one per state variable.
    pub phi: Vec<String>,
    /// g with V(φ) = g·φ'.
    pub g: String,
    /// Always true: the identity was proven by exact zero tests.
    pub verified: bool,
}

/// A constant basis.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct BasisJson {
    /// Labels of the new coordinates.
    pub labels: Vec<String>,
    /// The basis vectors (in state coordinates), one per label.
    pub vectors: Vec<Vec<String>>,
}

/// A matrix with coordinate labels.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct MatrixJson {
    /// Coordinate labels.
    pub labels: Vec<String>,
    /// Entries as rational functions of the variable.
    pub a: Vec<Vec<String>>,
}

/// One diagonal block.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct BlockJson {
    /// Coordinate labels.
    pub labels: Vec<String>,
    /// The block matrix.
    pub a: Vec<Vec<String>>,
    /// Whether the block carries the tangent (only for blocks of the full VE).
    pub contains_tangent: bool,
    /// `solvable` for 1×1 blocks, `scalar` for 2×2 blocks, `system` otherwise.
    pub kind: String,
    /// For 2×2 blocks: y'' + p y' + q y = 0 and u'' = r u.
    pub scalar: Option<ScalarJson>,
}

/// A second-order scalar equation and its normal form.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct ScalarJson {
    /// The coordinate y stands for.
    pub unknown: String,
    /// p.
    pub p: String,
    /// q.
    pub q: String,
    /// r = p²/4 + p'/2 − q.
    pub r: String,
    /// The singularity table of u'' = r u, as text lines.
    pub singularities: Vec<String>,
    /// The same table, structured.
    pub singularity_table: Option<SingularityJson>,
    /// Whether every singular point (∞ included) is regular.
    pub fuchsian: bool,
    /// Kovacic's algorithm on u'' = r u.
    pub kovacic: Option<KovacicJson>,
}

/// The outcome of Kovacic's algorithm.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct KovacicJson {
    /// `liouvillian`, `no_liouvillian_solution` (G = SL₂, G⁰ non-solvable) or `undecided`.
    pub outcome: String,
    /// The case (1 = reducible group) for a Liouvillian solution.
    pub case: Option<u8>,
    /// ω = u'/u of a Liouvillian solution, verified: ω' + ω² = r.
    pub omega: Option<String>,
    /// Why, for the other outcomes.
    pub reason: Option<String>,
}

pub(crate) fn kovacic_json(k: &KovacicOutcome, var: &str) -> KovacicJson {
    match k {
        KovacicOutcome::Liouvillian { case, omega } => KovacicJson {
            outcome: "liouvillian".into(),
            case: Some(*case),
            omega: Some(omega.to_text(var)),
            reason: None,
        },
        KovacicOutcome::Imprimitive { phi } => KovacicJson {
            outcome: "liouvillian".into(),
            case: Some(2),
            omega: Some(format!(
                "a root of w^2 - phi*w + (phi'/2 + phi^2/2 - r) with phi = {}",
                phi.to_text(var)
            )),
            reason: None,
        },
        KovacicOutcome::LiouvillianAlgebraic { case, solution } => KovacicJson {
            outcome: "liouvillian".into(),
            case: Some(*case),
            omega: Some(match case {
                1 => solution.to_text(var),
                _ => format!(
                    "a root of w^2 - phi*w + (phi'/2 + phi^2/2 - r) with phi = {}",
                    solution.to_text(var)
                ),
            }),
            reason: None,
        },
        KovacicOutcome::Finite { n, group, .. } => KovacicJson {
            outcome: "liouvillian".into(),
            case: Some(3),
            omega: Some(format!(
                "a root of {} = 0 (degree {n}; {} group)",
                k.minimal_polynomial_text(var).unwrap_or_default(),
                group.name()
            )),
            reason: None,
        },
        KovacicOutcome::NoLiouvillianSolution { reason } => KovacicJson {
            outcome: "no_liouvillian_solution".into(),
            case: Some(4),
            omega: None,
            reason: Some(reason.clone()),
        },
        KovacicOutcome::Undecided { reason } => KovacicJson {
            outcome: "undecided".into(),
            case: None,
            omega: None,
            reason: Some(reason.clone()),
        },
    }
}

/// The singular points of u'' = r u.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct SingularityJson {
    /// The finite singular points.
    pub points: Vec<PointJson>,
    /// The point at infinity.
    pub infinity: InfinityJson,
    /// Whether every singular point, ∞ included, is regular.
    pub fuchsian: bool,
}

/// A finite singular point (or a set of conjugate algebraic points).
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct PointJson {
    /// The rational point, when rational.
    pub at: Option<String>,
    /// For algebraic points: the monic polynomial whose roots they are (in the variable).
    pub roots_of: Option<String>,
    /// Whether that polynomial is proven irreducible.
    pub proven_irreducible: Option<bool>,
    /// For algebraic points: approximate values of the roots (double precision, no error
    /// bound; for orientation only).
    pub approximate: Vec<String>,
    /// The pole order of r.
    pub pole_order: u32,
    /// Whether the point is a regular singular point.
    pub regular: bool,
    /// The local exponents, when regular.
    pub exponents: Option<ExponentsJson>,
}

/// The point at infinity.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct InfinityJson {
    /// ord_∞ r (null when r = 0).
    pub order: Option<i64>,
    /// Whether ∞ is singular.
    pub singular: bool,
    /// Whether ∞ is not irregular.
    pub regular: bool,
    /// The exponents in t = 1/x (ρ(ρ + 1) = b), when regular.
    pub exponents: Option<ExponentsJson>,
}

/// Local exponents: roots of ρ(ρ − 1) = b (finite points) or ρ(ρ + 1) = b (∞, t = 1/x).
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct ExponentsJson {
    /// b, a rational, or for algebraic points a polynomial in `alpha` (a root).
    pub b: String,
    /// (ρ₁ − ρ₂)² = 1 + 4b, in the same form.
    pub difference_squared: String,
    /// The two exponents when rational.
    pub rational: Option<[String; 2]>,
}

fn coefficient_text(c: &varan_flow::Coefficient) -> String {
    match c {
        varan_flow::Coefficient::Rational(q) => rational_text(q),
        varan_flow::Coefficient::InField(p) => p.to_text("alpha"),
    }
}

fn exponents_json(e: &Option<varan_flow::Exponents>) -> Option<ExponentsJson> {
    e.as_ref().map(|x| ExponentsJson {
        b: coefficient_text(&x.b),
        difference_squared: coefficient_text(&x.difference_squared),
        rational: x.rational.as_ref().map(|(a, b)| [rational_text(a), rational_text(b)]),
    })
}

pub(crate) fn singularity_json(t: &SingularityTable, var: &str) -> SingularityJson {
    SingularityJson {
        points: t
            .points
            .iter()
            .map(|p| {
                let (at, roots_of, proven, approximate) = match &p.location {
                    varan_flow::Location::Rational(c) => {
                        (Some(rational_text(c)), None, None, Vec::new())
                    }
                    varan_flow::Location::Algebraic { minimal_polynomial, proven_irreducible } => (
                        None,
                        Some(minimal_polynomial.to_text(var)),
                        Some(*proven_irreducible),
                        approximate_roots(minimal_polynomial)
                            .into_iter()
                            .map(complex_text)
                            .collect(),
                    ),
                };
                PointJson {
                    at,
                    roots_of,
                    proven_irreducible: proven,
                    approximate,
                    pole_order: p.pole_order,
                    regular: p.regular,
                    exponents: exponents_json(&p.exponents),
                }
            })
            .collect(),
        infinity: InfinityJson {
            order: t.infinity.order,
            singular: t.infinity.singular,
            regular: t.infinity.regular,
            exponents: exponents_json(&t.infinity.exponents),
        },
        fuchsian: t.fuchsian,
    }
}

fn mat_text(m: &[Vec<URat>], var: &str) -> Vec<Vec<String>> {
    m.iter().map(|row| row.iter().map(|x| x.to_text(var)).collect()).collect()
}

impl VeReport {
    /// LaTeX: a fragment, or with `standalone` a complete document for pdflatex.
    pub fn to_latex(&self, standalone: bool) -> String {
        let body = crate::latex::ve_body(self);
        if standalone {
            crate::latex::standalone(
                &format!("varan: variational equations of {}", self.problem.name),
                &body,
            )
        } else {
            body
        }
    }

    /// The JSON document.
    pub fn to_json(&self) -> VeJson {
        let p = &self.problem;
        let ve = &self.ve;
        let var = ve.variable_name();
        let (source, description) = match &self.source {
            CurveSource::Given(d) => ("given".to_string(), d.clone()),
            CurveSource::Manifold(k, d) => ("manifold".to_string(), format!("manifold {k}: {d}")),
        };
        VeJson {
            schema: "varan.ve/1".into(),
            model: p.name.clone(),
            parameters: p.state_names(),
            curve: CurveJson {
                source,
                description,
                parameter: ve.param.clone(),
                time: self.curve.time,
                phi: self.curve.phi.iter().map(|e| p.pool.to_text(*e)).collect(),
                g: p.pool.to_text(self.curve.g),
                verified: true,
            },
            variable: var.clone(),
            substitution: ve.substitution(),
            a: mat_text(&ve.a, &var),
            tangent: ve.tangent.iter().map(|x| x.to_text(&var)).collect(),
            basis: ve.basis.as_ref().map(|(m, labels)| BasisJson {
                labels: labels.clone(),
                vectors: (0..labels.len())
                    .map(|c| m.iter().map(|row| rational_text(&row[c])).collect())
                    .collect(),
            }),
            nve: ve
                .nve
                .as_ref()
                .map(|(labels, m)| MatrixJson { labels: labels.clone(), a: mat_text(m, &var) }),
            blocks: ve
                .blocks
                .iter()
                .zip(&self.singularities)
                .zip(&self.kovacic)
                .map(|((b, sing), kov)| BlockJson {
                    labels: b.labels.clone(),
                    a: mat_text(&b.a, &var),
                    contains_tangent: b.contains_tangent,
                    kind: match b.a.len() {
                        1 => "solvable",
                        2 if b.scalar.is_some() => "scalar",
                        _ => "system",
                    }
                    .into(),
                    scalar: b.scalar.as_ref().map(|s| ScalarJson {
                        unknown: b.labels.get(s.unknown).cloned().unwrap_or_default(),
                        p: s.p.to_text(&var),
                        q: s.q.to_text(&var),
                        r: s.r.to_text(&var),
                        singularities: sing
                            .as_ref()
                            .map(|t| t.to_text(&var).lines().map(String::from).collect())
                            .unwrap_or_default(),
                        singularity_table: sing.as_ref().map(|t| singularity_json(t, &var)),
                        fuchsian: sing.as_ref().is_some_and(|t| t.fuchsian),
                        kovacic: kov.as_ref().map(|k| kovacic_json(k, &var)),
                    }),
                })
                .collect(),
        }
    }

    /// Human-readable text.
    pub fn to_text(&self) -> String {
        let j = self.to_json();
        let ve = &self.ve;
        let mut out = format!("ve: {} along {}\n", j.model, j.curve.description);
        out.push_str(&format!("state: {}\n\n", j.parameters.join(", ")));
        let phi: Vec<String> =
            j.parameters.iter().zip(&j.curve.phi).map(|(n, e)| format!("{n} = {e}")).collect();
        out.push_str(&format!("curve φ({}): {}\n", j.curve.parameter, phi.join(", ")));
        if j.curve.time {
            out.push_str("invariance: φ'(t) = V(φ(t)) — verified exactly (a solution in time)\n");
        } else {
            out.push_str(&format!(
                "invariance: V(φ({p})) = g({p})·φ'({p}) with g({p}) = {} — verified exactly\n",
                j.curve.g,
                p = j.curve.parameter
            ));
        }
        let x = &j.variable;
        match ve.variable {
            Variable::Plain => {
                out.push_str(&format!("variable: {x} (coefficients already rational)\n"))
            }
            Variable::Exp { q } => {
                let factor = if q == 1 { "z".to_string() } else { format!("(z/{q})") };
                out.push_str(&format!(
                    "variable: {} (d/d{} = {factor}·d/dz; coefficients rational in z)\n",
                    j.substitution, j.curve.parameter
                ))
            }
        }
        out.push_str(&format!("\nVE: dξ/d{x} = A({x})·ξ\n"));
        for (n, row) in j.parameters.iter().zip(&j.a) {
            out.push_str(&format!("  {n}: [{}]\n", row.join(", ")));
        }
        out.push_str(&format!("tangent solution (verified): ({})\n", j.tangent.join(", ")));
        if let Some(b) = &j.basis {
            out.push_str(&format!("\nsymmetry basis: {}\n", b.labels.join(", ")));
        }
        match &j.nve {
            Some(n) => {
                out.push_str(&format!(
                    "\nNVE (quotient by the tangent), coordinates {}:\n",
                    n.labels.join(", ")
                ));
                for (l, row) in n.labels.iter().zip(&n.a) {
                    out.push_str(&format!("  {l}: [{}]\n", row.join(", ")));
                }
            }
            None => out.push_str(
                "\nNVE: the tangent has no constant direction; blocks of the VE follow\n",
            ),
        }
        out.push_str(&format!("\nblocks ({}):\n", j.blocks.len()));
        for (i, b) in j.blocks.iter().enumerate() {
            let tag = if b.contains_tangent { " (carries the tangent)" } else { "" };
            out.push_str(&format!(
                "  [{}] {} — {}×{}{tag}\n",
                i + 1,
                b.labels.join(", "),
                b.a.len(),
                b.a.len()
            ));
            match (&b.kind[..], &b.scalar) {
                ("solvable", _) => out.push_str(&format!(
                    "      ξ' = ({})·ξ: ξ = exp(∫ {} d{x}) — solvable, abelian G⁰\n",
                    b.a[0][0], b.a[0][0]
                )),
                (_, Some(s)) => {
                    out.push_str(&format!("      y = {}: y'' + p·y' + q·y = 0 with\n", s.unknown));
                    out.push_str(&format!("        p = {}\n        q = {}\n", s.p, s.q));
                    out.push_str(&format!("      normal form u'' = r·u, r = {}\n", s.r));
                    for l in &s.singularities {
                        out.push_str(&format!("        {l}\n"));
                    }
                    if let Some(k) = &s.kovacic {
                        let line = match k.outcome.as_str() {
                            "liouvillian" => format!(
                                "Kovacic: Liouvillian solution (case {}), ω = {} (verified: ω' + ω² = r)",
                                k.case.unwrap_or(1),
                                k.omega.clone().unwrap_or_default()
                            ),
                            "no_liouvillian_solution" => format!(
                                "Kovacic: no Liouvillian solution — G = SL2, G⁰ not solvable ({})",
                                k.reason.clone().unwrap_or_default()
                            ),
                            _ => format!("Kovacic: undecided — {}", k.reason.clone().unwrap_or_default()),
                        };
                        out.push_str(&format!("      {line}\n"));
                    }
                    for pt in s.singularity_table.iter().flat_map(|t| &t.points) {
                        if let Some(poly) = &pt.roots_of {
                            out.push_str(&format!(
                                "        (roots of {poly} ≈ {})\n",
                                pt.approximate.join(", ")
                            ));
                        }
                    }
                }
                _ => {
                    for row in &b.a {
                        out.push_str(&format!("      [{}]\n", row.join(", ")));
                    }
                }
            }
        }
        out
    }
}
