//! `galois`: exact decisions on the differential Galois group — Kovacic's algorithm on
//! the normal form u'' = r·u of a second-order `ode`, or of every 2×2 block of the
//! variational equation along a verified curve (schema `varan.galois/1`).

use serde::Serialize;
use varan_algebra::{algebraize, URat, Variable, Q};
use varan_flow::{scalar_equation, singularities};
use varan_galois::{kovacic, KovacicOutcome};
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
    /// The decision.
    pub kovacic: KovacicJson,
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
}

fn equation(source: String, var: &str, r: &URat) -> EquationJson {
    EquationJson {
        source,
        variable: var.to_string(),
        r: r.to_text(var),
        singularities: singularity_json(&singularities(r), var),
        kovacic: kovacic_json(&kovacic(r), var),
    }
}

/// Runs the exact Galois stage on definition `name` of `src` (`along` as for `ve`).
pub fn galois(src: &str, name: Option<&str>, along: Option<&str>) -> Result<GaloisJson, VeFailure> {
    let problem = load(src, name).map_err(VeFailure::Input)?;
    if let Some(lin) = &problem.linear {
        let (var, a) = linear_matrix(&problem, lin)?;
        let mut equations = Vec::new();
        let mut notes = Vec::new();
        match a.len() {
            1 => notes.push("1×1: solvable (abelian G⁰)".into()),
            2 => match scalar_equation(&a) {
                Some(s) => equations.push(equation(format!("linear {}", problem.name), &var, &s.r)),
                None => notes.push("the system is triangular: solvable by quadratures".into()),
            },
            n => notes.push(format!("{n}×{n}: no exact method yet (monodromy stage)")),
        }
        return Ok(GaloisJson {
            schema: "varan.galois/1".into(),
            model: problem.name.clone(),
            equations,
            notes,
        });
    }
    if problem.kind != ItemKind::Ode {
        let r = crate::ve(src, name, along)?;
        let var = r.ve.variable_name();
        let mut equations = Vec::new();
        let mut notes = vec![format!("along {}", r.to_json().curve.description)];
        for (i, b) in r.ve.blocks.iter().enumerate() {
            let label = format!("block {} ({})", i + 1, b.labels.join(", "));
            match (&b.scalar, b.a.len()) {
                (Some(s), _) => equations.push(equation(label, &var, &s.r)),
                (None, 1) => notes.push(format!("{label}: 1×1, solvable (abelian G⁰)")),
                (None, n) => {
                    notes.push(format!("{label}: {n}×{n}, no exact method yet (monodromy stage)"))
                }
            }
        }
        return Ok(GaloisJson {
            schema: "varan.galois/1".into(),
            model: r.problem.name.clone(),
            equations,
            notes,
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
            equations.push(equation(format!("ode {}", problem.name), &var, &s.r));
        }
        n => notes.push(format!(
            "order {n}: Kovacic's algorithm covers order 2; higher orders need the monodromy stage"
        )),
    }
    Ok(GaloisJson {
        schema: "varan.galois/1".into(),
        model: problem.name.clone(),
        equations,
        notes,
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
            let k = &e.kovacic;
            let verdict = match k.outcome.as_str() {
                "liouvillian" => format!(
                    "Liouvillian solutions (Kovacic case {}): G⁰ solvable; {}",
                    k.case.unwrap_or(1),
                    k.omega.clone().map(|w| format!("ω = {w}")).unwrap_or_default()
                ),
                "no_liouvillian_solution" => {
                    "no Liouvillian solution: G = SL2, G⁰ = SL2 is not solvable (exact, Kovacic 1986)".to_string()
                }
                _ => format!("undecided: {}", k.reason.clone().unwrap_or_default()),
            };
            out.push_str(&format!("  {verdict}\n"));
            out.push_str(&format!(
                "  Fuchsian: {}\n",
                if e.singularities.fuchsian { "yes" } else { "no" }
            ));
        }
        out
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
        KovacicOutcome::Liouvillian { .. } | KovacicOutcome::Imprimitive { .. } => "liouvillian",
        KovacicOutcome::NoLiouvillianSolution { .. } => "no_liouvillian_solution",
        KovacicOutcome::Undecided { .. } => "undecided",
    }
}
