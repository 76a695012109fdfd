//! `derive`: from DSL text to the vector field V and its Jacobian DV, and the three renderings
//! of the result (text, LaTeX, JSON; the JSON schema is documented in `docs/json.md`).

use serde::Serialize;
use varan_algebra::{rational_text, ExprId};
use varan_flow::{hessian_field, jacobian, Problem};
use varan_syntax::{Diagnostic, ItemKind};

use crate::latex;

/// Why an input could not be processed. Both variants are the user's to fix (exit code 2).
#[derive(Debug, Clone, PartialEq)]
pub enum InputError {
    /// Problems located in the source text.
    Source(Vec<Diagnostic>),
    /// The requested definition does not exist, or none was named and there are several.
    Select(varan_flow::SelectError),
    /// The definition is of a kind the command does not take (an `ode` for `derive`).
    WrongKind(String),
}

impl std::fmt::Display for InputError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            InputError::Source(d) => {
                for x in d {
                    writeln!(f, "{}..{}: {}", x.span.start, x.span.end, x.message)?;
                }
                Ok(())
            }
            InputError::Select(e) => write!(f, "{e}"),
            InputError::WrongKind(m) => write!(f, "{m}"),
        }
    }
}

impl std::error::Error for InputError {}

/// Parses `src` and lowers the definition called `name` (or the only one).
pub fn load(src: &str, name: Option<&str>) -> Result<Problem, InputError> {
    let file = varan_syntax::parse_file(src).map_err(InputError::Source)?;
    // two definitions with one name would make --model ambiguous
    let mut dups = Vec::new();
    for (i, item) in file.items.iter().enumerate() {
        if file.items[..i].iter().any(|o| o.name.name == item.name.name) {
            dups.push(
                Diagnostic::error(
                    item.name.span,
                    format!("a second definition named '{}'", item.name.name),
                )
                .with_hint("give each definition of a file its own name"),
            );
        }
    }
    if !dups.is_empty() {
        return Err(InputError::Source(dups));
    }
    let item = varan_flow::select(&file, name).map_err(InputError::Select)?;
    varan_flow::lower(item, src).map_err(InputError::Source)
}

/// Like [`load`], but refuses an `ode` (a linear equation, not a flow).
pub fn load_flow(src: &str, name: Option<&str>) -> Result<Problem, InputError> {
    let problem = load(src, name)?;
    if matches!(problem.kind, ItemKind::Ode | ItemKind::Linear) {
        return Err(InputError::WrongKind(format!(
            "{} {} is a linear differential equation, not a flow: analyse it with `varan galois` or `varan monodromy`",
            kind_name(problem.kind),
            problem.name
        )));
    }
    Ok(problem)
}

/// A derived flow: the problem (with V) and the Jacobian DV.
#[derive(Debug)]
pub struct Derivation {
    /// The lowered definition, its pool, state variables and vector field.
    pub problem: Problem,
    /// DV, row k = ∂V_k/∂(state).
    pub jacobian: Vec<Vec<ExprId>>,
}

/// Parses, lowers and differentiates: V and DV for the chosen definition.
pub fn derive(src: &str, name: Option<&str>) -> Result<Derivation, InputError> {
    let mut problem = load_flow(src, name)?;
    let jac = if problem.is_gradient() {
        hessian_field(&mut problem.pool, &problem.field, &problem.state)
    } else {
        jacobian(&mut problem.pool, &problem.field, &problem.state)
    };
    Ok(Derivation { problem, jacobian: jac })
}

/// The JSON document of `varan derive --format json` (schema `varan.derive/1`, see
/// `docs/json.md`). Expressions are strings in varan's text syntax.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct DeriveJson {
    /// Always `"varan.derive/1"`.
    pub schema: String,
    /// The definition's name.
    pub model: String,
    /// `"model"`, `"system"` or `"hamiltonian"`.
    pub kind: String,
    /// The state variables (parameters θ of a model), in order.
    pub parameters: Vec<String>,
    /// Constants left symbolic.
    pub constants: Vec<String>,
    /// The loss L (models only).
    pub loss: Option<String>,
    /// The Hamiltonian H (hamiltonians only).
    pub hamiltonian: Option<String>,
    /// Data points as exact rationals in text.
    pub data: Vec<DataPointJson>,
    /// V, one expression per parameter, same order.
    pub vector_field: Vec<String>,
    /// DV: `jacobian[k][l]` = ∂V_k/∂θ_l.
    pub jacobian: Vec<Vec<String>>,
    /// Whether DV is symmetric by construction (gradient flows: DV = −Hess L).
    pub jacobian_symmetric: bool,
}

/// One data point.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct DataPointJson {
    /// The input components.
    pub x: Vec<String>,
    /// The target components.
    pub y: Vec<String>,
}

fn kind_name(k: ItemKind) -> &'static str {
    match k {
        ItemKind::Model => "model",
        ItemKind::System => "system",
        ItemKind::Hamiltonian => "hamiltonian",
        ItemKind::Ode => "ode",
        ItemKind::Linear => "linear",
    }
}

impl Derivation {
    /// Number of expression nodes the renderings write out (each expression printed as a
    /// tree): a guard against output that a DAG holds compactly but text cannot.
    pub fn printed_size(&self) -> u64 {
        let p = &self.problem;
        let mut roots: Vec<ExprId> = p.field.clone();
        roots.extend(p.loss);
        roots.extend(p.hamiltonian);
        for row in &self.jacobian {
            roots.extend(row.iter().copied());
        }
        p.pool.tree_size(&roots)
    }

    /// The JSON document.
    pub fn to_json(&self) -> DeriveJson {
        let p = &self.problem;
        let pool = &p.pool;
        DeriveJson {
            schema: "varan.derive/1".into(),
            model: p.name.clone(),
            kind: kind_name(p.kind).into(),
            parameters: p.state_names(),
            constants: p.constants.iter().map(|s| pool.symbol_name(*s).to_string()).collect(),
            loss: p.loss.map(|e| pool.to_text(e)),
            hamiltonian: p.hamiltonian.map(|e| pool.to_text(e)),
            data: p
                .data
                .iter()
                .map(|(x, y)| DataPointJson {
                    x: x.iter().map(rational_text).collect(),
                    y: y.iter().map(rational_text).collect(),
                })
                .collect(),
            vector_field: p.field.iter().map(|e| pool.to_text(*e)).collect(),
            jacobian: self
                .jacobian
                .iter()
                .map(|row| row.iter().map(|e| pool.to_text(*e)).collect())
                .collect(),
            jacobian_symmetric: p.is_gradient(),
        }
    }

    /// Human-readable text (expressions in varan's syntax, re-parsable).
    pub fn to_text(&self) -> String {
        let p = &self.problem;
        let pool = &p.pool;
        let names = p.state_names();
        let mut out = String::new();
        let what = match p.kind {
            ItemKind::Model => "gradient flow θ' = −∇L(θ)",
            ItemKind::System => "vector field",
            ItemKind::Hamiltonian => "Hamilton's equations q' = ∂H/∂p, p' = −∂H/∂q",
            ItemKind::Ode | ItemKind::Linear => "linear differential equation",
        };
        out.push_str(&format!("{} {}: {what}\n", kind_name(p.kind), p.name));
        out.push_str(&format!("state ({}): {}\n", names.len(), names.join(", ")));
        if !p.constants.is_empty() {
            let c: Vec<&str> = p.constants.iter().map(|s| pool.symbol_name(*s)).collect();
            out.push_str(&format!("symbolic constants: {}\n", c.join(", ")));
        }
        if !p.data.is_empty() {
            let n = p.data.len();
            out.push_str(&format!("data ({n} point{}):", if n == 1 { "" } else { "s" }));
            for (x, y) in &p.data {
                let fmt = |v: &[varan_algebra::Q]| {
                    if v.len() == 1 {
                        rational_text(&v[0])
                    } else {
                        format!("[{}]", v.iter().map(rational_text).collect::<Vec<_>>().join(", "))
                    }
                };
                out.push_str(&format!(" {} -> {};", fmt(x), fmt(y)));
            }
            out.pop();
            out.push('\n');
        }
        if let Some(l) = p.loss {
            out.push_str(&format!("\nloss:\n  L = {}\n", pool.to_text(l)));
        }
        if let Some(h) = p.hamiltonian {
            out.push_str(&format!("\nHamiltonian:\n  H = {}\n", pool.to_text(h)));
        }
        out.push_str("\nvector field:\n");
        for (n, e) in names.iter().zip(&p.field) {
            out.push_str(&format!("  {n}' = {}\n", pool.to_text(*e)));
        }
        let sym = if p.is_gradient() { ", symmetric: DV = -Hess L" } else { "" };
        out.push_str(&format!("\njacobian DV (non-zero entries{sym}):\n"));
        let mut zero = true;
        for (k, row) in self.jacobian.iter().enumerate() {
            for (l, e) in row.iter().enumerate() {
                if *e == ExprId::ZERO || (p.is_gradient() && l < k) {
                    continue;
                }
                zero = false;
                out.push_str(&format!("  d{}'/d{} = {}\n", names[k], names[l], pool.to_text(*e)));
            }
        }
        if zero {
            out.push_str("  (all zero)\n");
        }
        out
    }

    /// LaTeX: a fragment, or with `standalone` a complete document for pdflatex.
    pub fn to_latex(&self, standalone: bool) -> String {
        let body = latex::derivation_body(self);
        if standalone {
            latex::standalone(&format!("varan: {}", self.problem.name), &body)
        } else {
            body
        }
    }
}
