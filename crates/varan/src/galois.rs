//! `galois`: exact decisions on the differential Galois group — Kovacic's algorithm on
//! the normal form u'' = r·u of a second-order `ode`, or of every 2×2 block of the
//! variational equation along a verified curve (schema `varan.galois/1`).
//!
//! Beside Kovacic, Kimura's theorem \[Kim69\] decides every Riemann equation (Fuchsian,
//! three singular points) from its exponent differences. The two are independent exact
//! methods: when both decide they must agree on "Liouvillian or not" and on the group
//! class, otherwise the run fails with an internal error naming both results. When only
//! Kimura decides (finite primitive groups, which need Kovacic's case 3, or irrational
//! points), its answer is the verdict.

use serde::Serialize;
use varan_algebra::{algebraize, URat, Variable, Q};
use varan_flow::{scalar_equation, singularities};
use varan_galois::{kimura, kovacic, KimuraCondition, KimuraOutcome, KovacicOutcome};
use varan_syntax::ItemKind;

use crate::derive::{load, InputError};
use crate::ve::{kovacic_json, singularity_json, KovacicJson, SingularityJson, VeFailure};

/// One second-order equation and what Kovacic's algorithm says about it.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct EquationJson {
    /// Where it comes from (`ode bessel`, `block 2 (q1, p1)`).
    pub source: String,
    /// The variable.
    pub variable: String,
    /// r of the normal form u'' = r·u.
    pub r: String,
    /// Its singular points.
    pub singularities: SingularityJson,
    /// What Kovacic's algorithm says (`null` with `--method numeric`).
    pub kovacic: Option<KovacicJson>,
    /// What Kimura's theorem says (`null` with `--method numeric`).
    pub kimura: Option<KimuraJson>,
    /// The verdict from the methods that ran.
    pub decision: DecisionJson,
    /// The numeric route (certified monodromy and group tests), with `--method numeric`
    /// or `both`; `null` otherwise.
    pub numeric: Option<crate::NumericJson>,
}

/// Which methods `galois` runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Method {
    /// Kovacic and Kimura (default).
    #[default]
    Exact,
    /// Certified monodromy and group tests only.
    Numeric,
    /// Both, checked against each other.
    Both,
}

impl Method {
    fn exact(self) -> bool {
        self != Method::Numeric
    }

    fn numeric(self) -> bool {
        self != Method::Exact
    }

    fn word(self) -> &'static str {
        match self {
            Method::Exact => "exact",
            Method::Numeric => "numeric",
            Method::Both => "both",
        }
    }
}

/// A system without an exact method (a larger VE block, a `linear` system of size > 2, an
/// `ode` of order > 2): only the numeric route applies.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct SystemJson {
    /// Where it comes from.
    pub source: String,
    /// Its size n (n×n).
    pub size: usize,
    /// The numeric route's result, or why it did not run.
    pub numeric: Result<crate::NumericJson, String>,
}

/// Kimura's test on one equation.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct KimuraJson {
    /// `liouvillian`, `no_liouvillian_solution`, `not_riemann` (the theorem does not apply)
    /// or `undecided`.
    pub outcome: String,
    /// The singular points with their exponent differences (λ, μ, ν in this order).
    pub exponent_differences: Vec<ExponentDifferenceJson>,
    /// For `liouvillian`: `odd_integer` (condition (i)), `schwarz` (condition (ii)) or
    /// `few_singular_points`.
    pub condition: Option<String>,
    /// For `odd_integer`: the relation, e.g. `λ + μ - ν = 1`.
    pub relation: Option<String>,
    /// For `schwarz`: the family (1–15) of Schwarz's list.
    pub family: Option<u8>,
    /// `reducible`, `dihedral`, `tetrahedral`, `octahedral`, `icosahedral` or `SL2`.
    pub group: Option<String>,
    /// Why, for `not_riemann` and `undecided`.
    pub reason: Option<String>,
}

/// One singular point (or a set of conjugate points) and its exponent difference.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct ExponentDifferenceJson {
    /// The names this entry gives values to (`λ`, or `λ, μ` for two conjugate points).
    pub names: String,
    /// The point: a rational number, `∞`, or `each root α of P`.
    pub point: String,
    /// How many points of ℙ¹ the entry stands for.
    pub count: usize,
    /// Δ, exact: a rational, `√(q)`, or `√(β(α))` with α the point.
    pub delta: String,
    /// Δ², exact.
    pub delta_squared: String,
}

/// The verdict on one equation.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct DecisionJson {
    /// `liouvillian`, `no_liouvillian_solution` (G = SL₂, G⁰ not solvable) or `undecided`.
    pub outcome: String,
    /// The group class when known: `reducible`, `imprimitive`, `dihedral`, `tetrahedral`,
    /// `octahedral`, `icosahedral` or `SL2`.
    pub group: Option<String>,
    /// The methods that decided (`kovacic`, `kimura`); empty when undecided.
    pub by: Vec<String>,
}

const NAMES: [&str; 3] = ["λ", "μ", "ν"];

pub(crate) fn kimura_json(k: &KimuraOutcome, var: &str) -> KimuraJson {
    let mut exponent_differences = Vec::new();
    let mut next = 0;
    for p in k.exponents().unwrap_or_default() {
        let names: Vec<&str> = NAMES.iter().skip(next).take(p.count).copied().collect();
        next += p.count;
        exponent_differences.push(ExponentDifferenceJson {
            names: names.join(", "),
            point: p.point.to_text(var),
            count: p.count,
            delta: p.delta.to_text(),
            delta_squared: p.delta.square_text(),
        });
    }
    let mut j = KimuraJson {
        outcome: String::new(),
        exponent_differences,
        condition: None,
        relation: None,
        family: None,
        group: None,
        reason: None,
    };
    match k {
        KimuraOutcome::NotRiemann { reason } => {
            j.outcome = "not_riemann".into();
            j.reason = Some(reason.clone());
        }
        KimuraOutcome::Undecided { reason } => {
            j.outcome = "undecided".into();
            j.reason = Some(reason.clone());
        }
        KimuraOutcome::NotLiouvillian { .. } => {
            j.outcome = "no_liouvillian_solution".into();
            j.group = Some("SL2".into());
        }
        KimuraOutcome::Liouvillian { condition, .. } => {
            j.outcome = "liouvillian".into();
            j.group = Some(condition.group_name().into());
            match condition {
                KimuraCondition::FewSingularPoints { .. } => {
                    j.condition = Some("few_singular_points".into())
                }
                KimuraCondition::OddInteger { m, signs } => {
                    j.condition = Some("odd_integer".into());
                    j.relation = Some(relation_text(m, signs.as_ref()));
                }
                KimuraCondition::Schwarz { family, .. } => {
                    j.condition = Some("schwarz".into());
                    j.family = Some(*family);
                }
            }
        }
    }
    j
}

/// `λ - μ + ν = 1`, or `±λ ± μ ± ν = 1` when the signs are not known explicitly.
fn relation_text(m: &impl std::fmt::Display, signs: Option<&[i8; 3]>) -> String {
    match signs {
        Some(s) => {
            let mut out = String::new();
            for (i, (name, sign)) in NAMES.iter().zip(s).enumerate() {
                match (i, *sign < 0) {
                    (0, false) => {}
                    (0, true) => out.push('-'),
                    (_, false) => out.push_str(" + "),
                    (_, true) => out.push_str(" - "),
                }
                out.push_str(name);
            }
            format!("{out} = {m}")
        }
        None => format!("±λ ± μ ± ν = {m} for some choice of signs"),
    }
}

/// Liouvillian or not, and the group class, from one method's outcome.
fn kovacic_class(k: &KovacicOutcome) -> Option<(bool, &'static str)> {
    match k {
        KovacicOutcome::Liouvillian { .. } => Some((true, "reducible")),
        KovacicOutcome::LiouvillianAlgebraic { case: 1, .. } => Some((true, "reducible")),
        KovacicOutcome::Imprimitive { .. } | KovacicOutcome::LiouvillianAlgebraic { .. } => {
            Some((true, "imprimitive"))
        }
        KovacicOutcome::Finite { group, .. } => Some((true, group.name())),
        KovacicOutcome::NoLiouvillianSolution { .. } => Some((false, "SL2")),
        KovacicOutcome::Undecided { .. } => None,
    }
}

fn kimura_class(k: &KimuraOutcome) -> Option<(bool, &'static str)> {
    match k {
        KimuraOutcome::Liouvillian { condition, .. } => Some((true, condition.group_name())),
        KimuraOutcome::NotLiouvillian { .. } => Some((false, "SL2")),
        KimuraOutcome::NotRiemann { .. } | KimuraOutcome::Undecided { .. } => None,
    }
}

/// The verdict from both methods, or why they contradict each other.
fn decide(kov: &KovacicOutcome, kim: &KimuraOutcome) -> Result<DecisionJson, String> {
    let a = kovacic_class(kov);
    let b = kimura_class(kim);
    if let (Some((la, ga)), Some((lb, gb))) = (a, b) {
        if la != lb {
            return Err(format!(
                "Kovacic says {}, Kimura says {}",
                if la { "Liouvillian" } else { "not Liouvillian" },
                if lb { "Liouvillian" } else { "not Liouvillian" }
            ));
        }
        // case 1 finds an invariant line: the group is reducible; case 2 an invariant pair
        // of lines: reducible or imprimitive (dihedral)
        let compatible = match ga {
            "reducible" => gb == "reducible",
            "imprimitive" => gb == "reducible" || gb == "dihedral",
            // case 3 (cases 1 and 2 excluded) determines the finite group, as Schwarz's list
            "tetrahedral" | "octahedral" | "icosahedral" => gb == ga,
            _ => true,
        };
        if !compatible {
            return Err(format!("Kovacic finds a {ga} group, Kimura a {gb} one"));
        }
    }
    let mut by = Vec::new();
    if a.is_some() {
        by.push("kovacic".to_string());
    }
    if b.is_some() {
        by.push("kimura".to_string());
    }
    let outcome = match b.or(a) {
        Some((true, _)) => "liouvillian",
        Some((false, _)) => "no_liouvillian_solution",
        None => "undecided",
    };
    Ok(DecisionJson { outcome: outcome.into(), group: b.or(a).map(|(_, g)| g.to_string()), by })
}

/// The JSON document of `varan galois` (schema `varan.galois/1`).
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct GaloisJson {
    /// Always `"varan.galois/1"`.
    pub schema: String,
    /// The definition's name.
    pub model: String,
    /// The equations decided, in order.
    pub equations: Vec<EquationJson>,
    /// Remarks (blocks or orders not covered, how the curve was chosen).
    pub notes: Vec<String>,
    /// `exact`, `numeric` or `both`.
    pub method: String,
    /// Systems only the numeric route covers (with `--method numeric` or `both`).
    pub systems: Vec<SystemJson>,
}

/// The monodromy of one equation or block, through the group tests.
type NumericRun<'a> = &'a dyn Fn(u32) -> Result<crate::MonodromyJson, VeFailure>;

fn equation(
    source: String,
    var: &str,
    r: &URat,
    method: Method,
    monodromy: NumericRun<'_>,
) -> Result<EquationJson, VeFailure> {
    let table = singularities(r);
    let (kovacic, kimura, mut decision) = if method.exact() {
        let kov = kovacic(r);
        let kim = kimura(r);
        let kovacic = kovacic_json(&kov, var);
        let kimura = kimura_json(&kim, var);
        let decision = decide(&kov, &kim).map_err(|why| {
            VeFailure::Internal(format!(
                "{source}: the exact methods contradict each other on u'' = r·u, r = {}: {why}\n  Kovacic: {}\n  Kimura: {}",
                r.to_text(var),
                kovacic_line(&kovacic),
                kimura_line(&kimura),
            ))
        })?;
        (Some(kovacic), Some(kimura), decision)
    } else {
        (None, None, DecisionJson { outcome: "undecided".into(), group: None, by: Vec::new() })
    };
    let numeric = if method.numeric() {
        match crate::numeric_group::numeric_with_retry(monodromy, table.fuchsian) {
            Ok(n) => Some(n),
            Err(VeFailure::Internal(e)) => return Err(VeFailure::Internal(e)),
            Err(e) => {
                decision.by.retain(|b| b != "monodromy");
                let mut n = crate::numeric_group::not_run(&e.to_string());
                n.fuchsian = table.fuchsian;
                Some(n)
            }
        }
    } else {
        None
    };
    if let Some(n) = &numeric {
        agree_numeric(&source, &decision, n)?;
        if n.g0 == "non_solvable" && decision.outcome == "undecided" {
            decision = DecisionJson {
                outcome: "no_liouvillian_solution".into(),
                group: Some("SL2".into()),
                by: vec!["monodromy".into()],
            };
        } else if n.g0 == "non_solvable" {
            decision.by.push("monodromy".into());
        }
    }
    Ok(EquationJson {
        source,
        variable: var.to_string(),
        r: r.to_text(var),
        singularities: singularity_json(&table, var),
        kovacic,
        kimura,
        decision,
        numeric,
    })
}

/// The exact and the numeric route must agree wherever both decide: a certified
/// non-solvable G⁰ contradicts a Liouvillian equation, and a certified non-abelian G⁰
/// contradicts an imprimitive or finite group.
fn agree_numeric(source: &str, d: &DecisionJson, n: &crate::NumericJson) -> Result<(), VeFailure> {
    let group = d.group.as_deref().unwrap_or("");
    let clash = d.outcome == "liouvillian"
        && (n.g0 == "non_solvable"
            || (n.g0 == "non_abelian" && group != "reducible" && !group.is_empty()));
    if clash {
        return Err(VeFailure::Internal(format!(
            "{source}: the exact methods say Liouvillian ({group} group) but the certified monodromy says {}: {}",
            n.g0, n.evidence
        )));
    }
    Ok(())
}

/// Runs the exact Galois stage on definition `name` of `src` (`along` as for `ve`).
pub fn galois(src: &str, name: Option<&str>, along: Option<&str>) -> Result<GaloisJson, VeFailure> {
    galois_with(src, name, along, None, Method::Exact)
}

/// The numeric route on a whole system (no exact method for it).
fn system(source: String, size: usize, run: NumericRun<'_>) -> Result<SystemJson, VeFailure> {
    let numeric = match crate::numeric_group::numeric_with_retry(run, false) {
        Ok(n) => Ok(n),
        Err(VeFailure::Internal(e)) => return Err(VeFailure::Internal(e)),
        Err(e) => Err(e.to_string()),
    };
    Ok(SystemJson { source, size, numeric })
}

/// Runs the Galois stage with the chosen methods.
/// Runs the Galois stage with the chosen methods, on every block of the VE or only on
/// block `block` (1-based).
pub fn galois_with(
    src: &str,
    name: Option<&str>,
    along: Option<&str>,
    block: Option<usize>,
    method: Method,
) -> Result<GaloisJson, VeFailure> {
    let mut systems = Vec::new();
    let whole = |d: u32| {
        let opts = varan_numeric::MonodromyOptions::default().digits(d);
        crate::MonodromyJson::compute(src, name, None, None, &opts)
    };
    let problem = load(src, name).map_err(VeFailure::Input)?;
    if let Some(lin) = &problem.linear {
        let (var, a) = linear_matrix(&problem, lin)?;
        let mut equations = Vec::new();
        let mut notes = Vec::new();
        match a.len() {
            1 => notes.push("1×1: solvable (abelian G⁰)".into()),
            2 => match scalar_equation(&a) {
                Some(s) => equations.push(equation(
                    format!("linear {}", problem.name),
                    &var,
                    &s.r,
                    method,
                    &whole,
                )?),
                None => notes.push("the system is triangular: solvable by quadratures".into()),
            },
            n if method.numeric() => {
                systems.push(system(format!("linear {}", problem.name), n, &whole)?)
            }
            n => notes.push(format!("{n}×{n}: no exact method; try --method numeric")),
        }
        return Ok(GaloisJson {
            schema: "varan.galois/1".into(),
            model: problem.name.clone(),
            equations,
            notes,
            method: method.word().into(),
            systems,
        });
    }
    if problem.kind != ItemKind::Ode {
        let r = crate::ve(src, name, along)?;
        let var = r.ve.variable_name();
        let mut equations = Vec::new();
        let mut notes = vec![format!("along {}", r.to_json().curve.description)];
        if let Some(k) = block {
            if k == 0 || k > r.ve.blocks.len() {
                return Err(VeFailure::Along(format!(
                    "there is no block {k}; the variational equation has {} block(s)",
                    r.ve.blocks.len()
                )));
            }
        }
        for (i, b) in r.ve.blocks.iter().enumerate() {
            if block.is_some_and(|k| k != i + 1) {
                continue;
            }
            let label = format!("block {} ({})", i + 1, b.labels.join(", "));
            let run = |d: u32| {
                let opts = varan_numeric::MonodromyOptions::default().digits(d);
                crate::MonodromyJson::compute(src, name, along, Some(i + 1), &opts)
            };
            match (&b.scalar, b.a.len()) {
                (Some(s), _) => equations.push(equation(label, &var, &s.r, method, &run)?),
                (None, 1) => notes.push(format!("{label}: 1×1, solvable (abelian G⁰)")),
                (None, n) if method.numeric() && n > 2 => systems.push(system(label, n, &run)?),
                (None, n) => notes.push(format!(
                    "{label}: {n}×{n}, {}",
                    if n == 2 {
                        "triangular: solvable by quadratures"
                    } else {
                        "no exact method; try --method numeric"
                    }
                )),
            }
        }
        return Ok(GaloisJson {
            schema: "varan.galois/1".into(),
            model: r.problem.name.clone(),
            equations,
            notes,
            method: method.word().into(),
            systems,
        });
    }
    let ode = problem.ode.as_ref().ok_or_else(|| {
        VeFailure::Input(InputError::WrongKind("internal: ode without equation".into()))
    })?;
    let var = problem.pool.symbol_name(ode.var).to_string();
    let (variable, c) = algebraize(&problem.pool, &ode.coefficients, ode.var).map_err(|e| {
        VeFailure::Unsupported(format!("the coefficients are not rational functions of {var}: {e}"))
    })?;
    if variable != Variable::Plain {
        return Err(VeFailure::Unsupported(format!(
            "the coefficients involve exponentials of {var}; substitute z = exp({var}) first"
        )));
    }
    let mut notes = Vec::new();
    let mut equations = Vec::new();
    let order = c.len() - 1;
    match order {
        1 => notes.push("first order: u = exp(−∫ c0/c1), always Liouvillian".into()),
        2 => {
            // u'' + p u' + q u = 0 as the 2×2 companion system, reduced like a VE block
            let p = c[1].div(&c[2]).map_err(|e| VeFailure::Unsupported(e.to_string()))?;
            let q = c[0].div(&c[2]).map_err(|e| VeFailure::Unsupported(e.to_string()))?;
            let a = vec![
                vec![URat::zero(), URat::constant(Q::from_integer(1.into()))],
                vec![q.neg(), p.neg()],
            ];
            let s = scalar_equation(&a)
                .ok_or_else(|| VeFailure::Unsupported("degenerate equation".into()))?;
            equations.push(equation(format!("ode {}", problem.name), &var, &s.r, method, &whole)?);
        }
        n if method.numeric() => {
            systems.push(system(format!("ode {} (order {n})", problem.name), n, &whole)?)
        }
        n => notes
            .push(format!("order {n}: Kovacic's algorithm covers order 2; try --method numeric")),
    }
    Ok(GaloisJson {
        schema: "varan.galois/1".into(),
        model: problem.name.clone(),
        equations,
        notes,
        method: method.word().into(),
        systems,
    })
}

impl GaloisJson {
    /// Human-readable text.
    pub fn to_text(&self) -> String {
        let mut out = format!("galois: {}\n", self.model);
        for n in &self.notes {
            out.push_str(&format!("  {n}\n"));
        }
        for e in &self.equations {
            out.push_str(&format!("\n{}: u'' = r·u, r = {}\n", e.source, e.r));
            if let Some(k) = &e.kovacic {
                out.push_str(&format!("  {}\n", kovacic_line(k)));
            }
            if let Some(k) = &e.kimura {
                out.push_str(&format!("  Kimura: {}\n", kimura_line(k)));
            }
            if let Some(n) = &e.numeric {
                out.push_str(&format!("  numeric: {}\n", numeric_line(n)));
            }
            let kov_undecided = e.kovacic.as_ref().is_none_or(|k| k.outcome == "undecided");
            if kov_undecided && e.decision.outcome != "undecided" {
                let verdict = match e.decision.outcome.as_str() {
                    "liouvillian" => format!(
                        "Liouvillian solutions: G⁰ solvable, {} group",
                        e.decision.group.clone().unwrap_or_default()
                    ),
                    _ => "no Liouvillian solution: G = SL2, G⁰ = SL2 is not solvable".into(),
                };
                let by = if e.decision.by.iter().any(|b| b == "kimura") {
                    "exact, Kimura 1969"
                } else {
                    "certified monodromy group tests"
                };
                out.push_str(&format!("  decision: {verdict} ({by})\n"));
            }
            out.push_str(&format!(
                "  Fuchsian: {}\n",
                if e.singularities.fuchsian { "yes" } else { "no" }
            ));
        }
        for sys in &self.systems {
            out.push_str(&format!("\n{} ({}×{}): ", sys.source, sys.size, sys.size));
            match &sys.numeric {
                Ok(n) => out.push_str(&format!("{}\n", numeric_line(n))),
                Err(e) => out.push_str(&format!("numeric route not run: {e}\n")),
            }
        }
        out
    }
}

/// The numeric route in one line.
fn numeric_line(n: &crate::NumericJson) -> String {
    format!(
        "{} local monodromies, self-checks {}/{} passed; {}",
        n.generators, n.checks_passed, n.checks, n.evidence
    )
}

/// Kovacic's outcome in one line.
fn kovacic_line(k: &KovacicJson) -> String {
    match k.outcome.as_str() {
        "liouvillian" => format!(
            "Liouvillian solutions (Kovacic case {}): G⁰ solvable; {}",
            k.case.unwrap_or(1),
            k.omega.clone().map(|w| format!("ω = {w}")).unwrap_or_default()
        ),
        "no_liouvillian_solution" => {
            "no Liouvillian solution: G = SL2, G⁰ = SL2 is not solvable (exact, Kovacic 1986)"
                .to_string()
        }
        _ => format!("undecided: {}", k.reason.clone().unwrap_or_default()),
    }
}

/// Kimura's outcome in one line.
fn kimura_line(k: &KimuraJson) -> String {
    let exps: Vec<String> = k
        .exponent_differences
        .iter()
        .map(|e| format!("{} = {} at {}", e.names, e.delta, e.point))
        .collect();
    let exps = exps.join(", ");
    match (k.outcome.as_str(), k.condition.as_deref()) {
        ("not_riemann", _) => {
            format!("not a Riemann equation: {}", k.reason.clone().unwrap_or_default())
        }
        ("undecided", _) => format!("undecided: {}", k.reason.clone().unwrap_or_default()),
        ("liouvillian", Some("few_singular_points")) => format!(
            "{} singular point(s) only{}: reducible, Liouvillian",
            k.exponent_differences.iter().map(|e| e.count).sum::<usize>(),
            if exps.is_empty() { String::new() } else { format!(" ({exps})") }
        ),
        ("liouvillian", Some("odd_integer")) => format!(
            "{exps}; {} is an odd integer: reducible, Liouvillian",
            k.relation.clone().unwrap_or_default()
        ),
        ("liouvillian", _) => format!(
            "{exps}; family {} of Schwarz's list: {} projective group, Liouvillian",
            k.family.unwrap_or(0),
            k.group.clone().unwrap_or_default()
        ),
        _ => format!(
            "{exps}; no odd-integer relation and in no family of Schwarz's list: no Liouvillian solution"
        ),
    }
}

/// The matrix of a `linear` system as rational functions of its variable.
pub(crate) fn linear_matrix(
    problem: &varan_flow::Problem,
    lin: &varan_flow::LinearSystem,
) -> Result<(String, Vec<Vec<URat>>), VeFailure> {
    let var = problem.pool.symbol_name(lin.var).to_string();
    let n = lin.matrix.len();
    let flat: Vec<varan_algebra::ExprId> = lin.matrix.iter().flatten().copied().collect();
    let (v, r) = algebraize(&problem.pool, &flat, lin.var).map_err(|e| {
        VeFailure::Unsupported(format!("the entries are not rational functions of {var}: {e}"))
    })?;
    if v != Variable::Plain {
        return Err(VeFailure::Unsupported(format!("the entries involve exponentials of {var}")));
    }
    Ok((var, r.chunks(n.max(1)).map(|c| c.to_vec()).collect()))
}

/// Kovacic's outcome as a short verdict word (for callers that need only the class).
pub fn outcome_word(k: &KovacicOutcome) -> &'static str {
    match k {
        KovacicOutcome::Liouvillian { .. }
        | KovacicOutcome::Imprimitive { .. }
        | KovacicOutcome::LiouvillianAlgebraic { .. }
        | KovacicOutcome::Finite { .. } => "liouvillian",
        KovacicOutcome::NoLiouvillianSolution { .. } => "no_liouvillian_solution",
        KovacicOutcome::Undecided { .. } => "undecided",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use varan_galois::ProjectiveGroup;

    fn kimura_liouvillian(condition: KimuraCondition) -> KimuraOutcome {
        KimuraOutcome::Liouvillian { exponents: Vec::new(), condition }
    }

    /// Contradictions between the two exact methods are errors, never a verdict.
    #[test]
    fn contradictions_are_errors() {
        let case1 = KovacicOutcome::Liouvillian { case: 1, omega: URat::zero() };
        let case2 = KovacicOutcome::Imprimitive { phi: URat::zero() };
        let none = KovacicOutcome::NoLiouvillianSolution { reason: String::new() };
        let not = KimuraOutcome::NotLiouvillian { exponents: Vec::new() };
        let tetra = kimura_liouvillian(KimuraCondition::Schwarz {
            family: 2,
            group: ProjectiveGroup::Tetrahedral,
        });
        let dihedral = kimura_liouvillian(KimuraCondition::Schwarz {
            family: 1,
            group: ProjectiveGroup::Dihedral,
        });
        let reducible =
            kimura_liouvillian(KimuraCondition::OddInteger { m: 1.into(), signs: None });
        assert!(decide(&case1, &not).is_err());
        assert!(decide(&none, &reducible).is_err());
        assert!(decide(&case1, &dihedral).is_err());
        assert!(decide(&case2, &tetra).is_err());
        assert!(decide(&case1, &reducible).is_ok());
        assert!(decide(&case2, &dihedral).is_ok());
    }

    /// Where Kovacic is undecided, Kimura's decision is the verdict, and says so.
    #[test]
    fn kimura_decides_alone() {
        let undecided = KovacicOutcome::Undecided { reason: "case 3".into() };
        let not = KimuraOutcome::NotLiouvillian { exponents: Vec::new() };
        let d = decide(&undecided, &not).unwrap();
        assert_eq!(d.outcome, "no_liouvillian_solution");
        assert_eq!(d.by, vec!["kimura".to_string()]);
        let na = KimuraOutcome::NotRiemann { reason: String::new() };
        let d = decide(&undecided, &na).unwrap();
        assert_eq!(d.outcome, "undecided");
        assert!(d.by.is_empty());
    }

    /// Schwarz's tetrahedral F(−1/12, 1/4; 2/3; x) (family 2): Kovacic's case 3 and
    /// Kimura both decide; the icosahedral F(−1/60, 11/60; 2/3; x) likewise (family 6).
    #[test]
    fn finite_primitive_groups_are_decided_by_both_methods() {
        for (a, b, c, group) in
            [("-1/12", "1/4", "2/3", "tetrahedral"), ("-1/60", "11/60", "2/3", "icosahedral")]
        {
            let src = format!(
                "ode gauss {{\n  var x\n  const a = {a}\n  const b = {b}\n  const c = {c}\n  x*(1 - x)*u'' + (c - (a + b + 1)*x)*u' - a*b*u = 0\n}}\n"
            );
            let g = galois(&src, None, None).unwrap();
            let e = &g.equations[0];
            let k = e.kimura.as_ref().unwrap();
            assert_eq!(k.outcome, "liouvillian");
            assert_eq!(k.group.as_deref(), Some(group));
            assert_eq!(e.decision.outcome, "liouvillian");
            assert_eq!(e.decision.group.as_deref(), Some(group));
            assert!(e.decision.by.contains(&"kimura".to_string()));
            assert!(g.to_text().contains("Schwarz's list"));
        }
    }

    /// Exact and numeric routes agree where both decide: the generic Gauss equation
    /// F(1/3, 1/5; 1/7) has G = SL₂ (Kimura) and its certified monodromy is Zariski-dense;
    /// for Schwarz's tetrahedral F(−1/12, 1/4; 2/3) the monodromy is finite, and the numeric
    /// route must certify nothing (a lower bound would contradict the exact verdict).
    #[test]
    fn exact_and_numeric_agree() {
        let gauss = |a: &str, b: &str, c: &str| {
            format!(
                "ode gauss {{\n  var x\n  const a = {a}\n  const b = {b}\n  const c = {c}\n  x*(1 - x)*u'' + (c - (a + b + 1)*x)*u' - a*b*u = 0\n}}\n"
            )
        };
        let g = galois_with(&gauss("1/3", "1/5", "1/7"), None, None, None, Method::Both).unwrap();
        let e = &g.equations[0];
        assert_eq!(e.decision.outcome, "no_liouvillian_solution");
        let n = e.numeric.as_ref().unwrap();
        assert_eq!(n.g0, "non_solvable", "{}", n.evidence);
        assert!(e.decision.by.iter().any(|b| b == "monodromy"));
        let g = galois_with(&gauss("-1/12", "1/4", "2/3"), None, None, None, Method::Both).unwrap();
        let e = &g.equations[0];
        assert_eq!(e.decision.outcome, "liouvillian");
        assert_eq!(e.numeric.as_ref().unwrap().g0, "not_certified");
        // numeric alone: no exact fields, the decision from the monodromy
        let g =
            galois_with(&gauss("1/3", "1/5", "1/7"), None, None, None, Method::Numeric).unwrap();
        let e = &g.equations[0];
        assert!(e.kovacic.is_none() && e.kimura.is_none());
        assert_eq!(e.decision.outcome, "no_liouvillian_solution");
        assert_eq!(e.decision.by, vec!["monodromy".to_string()]);
    }

    /// The relation is written with the signs found.
    #[test]
    fn relation_text_with_signs() {
        assert_eq!(relation_text(&3, Some(&[1, -1, -1])), "λ - μ - ν = 3");
        assert_eq!(relation_text(&1, Some(&[-1, 1, 1])), "-λ + μ + ν = 1");
    }
}
