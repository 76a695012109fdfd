//! `laws`: polynomial first integrals of a flow, and the conservation laws of a factored
//! model f(x; θ) = g(x; φ(θ)) \[MGP23\] (schema `varan.laws/1`, `docs/json.md`; what is
//! certified is explained in `docs/laws.md`).

use serde::Serialize;
use varan_algebra::{ExprId, Pool, Symbol, Truth};
use varan_flow::{
    conservation_laws, first_integrals, Architecture, ConservationLaws, Factorization,
    FirstIntegrals, Law, LawCount, LawOptions, LawsError, LieStop, Mono, Poly,
};
use varan_syntax::ItemKind;

use crate::derive::{load_flow, InputError};

/// The prime of the ranks at θ_0 (2⁶¹ − 1), as text.
const PRIME_TEXT: &str = "2305843009213693951";

/// Why `laws` gave no answer; every variant is the user's to fix (exit code 2).
#[derive(Debug, Clone, PartialEq)]
pub enum LawsFailure {
    /// The file or the definition is at fault.
    Input(InputError),
    /// The computation was refused (a non-polynomial field, an ansatz too large, a bad
    /// architecture), with the reason.
    Refused(String),
}

impl std::fmt::Display for LawsFailure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            LawsFailure::Input(e) => write!(f, "{e}"),
            LawsFailure::Refused(m) => write!(f, "{m}"),
        }
    }
}

impl std::error::Error for LawsFailure {}

/// The first integrals of a definition of a file.
#[derive(Debug)]
struct FlowPart {
    name: String,
    kind: ItemKind,
    integrals: FirstIntegrals,
}

/// The conservation laws of a factorization: of an architecture, or read off a model's
/// network.
#[derive(Debug)]
struct FactoredPart {
    arch: Option<Architecture>,
    description: String,
    phi: Vec<ExprId>,
    laws: ConservationLaws,
}

/// The result of `varan laws`.
#[derive(Debug)]
pub struct LawsReport {
    pool: Pool,
    state: Vec<Symbol>,
    flow: Option<FlowPart>,
    factored: Option<FactoredPart>,
    /// Why a model's network gave no factorization, if it did not.
    factor_note: Option<String>,
}

/// The polynomial first integrals of degree ≤ `degree` (default 2) of the definition
/// `name` of `src` (a model's gradient flow, a system, Hamilton's equations); for a model
/// whose network is polynomial in its input x, also the conservation laws of the
/// factorization φ = (the coefficients of f in x).
pub fn laws(src: &str, name: Option<&str>, degree: Option<u32>) -> Result<LawsReport, LawsFailure> {
    let checked = load_flow(src, name).map_err(LawsFailure::Input)?;
    let opts = LawOptions::default().degree(degree.unwrap_or(2));
    if opts.degree == 0 {
        return Err(LawsFailure::Refused("--degree must be at least 1".into()));
    }
    // the same definition again, with its network at a symbolic input
    let (mut p, network) = match checked.kind {
        ItemKind::Model => {
            let file = varan_syntax::parse_file(src)
                .map_err(|d| LawsFailure::Input(InputError::Source(d)))?;
            let item = varan_flow::select(&file, name)
                .map_err(|e| LawsFailure::Input(InputError::Select(e)))?;
            varan_flow::lower_with_network(item, src)
                .map_err(|d| LawsFailure::Input(InputError::Source(d)))?
        }
        _ => (checked, None),
    };
    let field = p.field.clone();
    let integrals = first_integrals(&mut p.pool, &p.state, &field, &opts).map_err(|e| {
        LawsFailure::Refused(match e {
            LawsError::NotPolynomial { .. } => format!(
                "{} {}: {e}; polynomial first integrals need a polynomial vector field",
                kind_word(p.kind),
                p.name
            ),
            other => format!("{} {}: {other}", kind_word(p.kind), p.name),
        })
    })?;
    let flow = FlowPart { name: p.name.clone(), kind: p.kind, integrals };
    let (mut pool, state) = (p.pool, p.state);
    let (mut factored, mut factor_note) = (None, None);
    if let Some(net) = network {
        match coefficient_factorization(&mut pool, &state, &net) {
            Ok(phi) if phi.is_empty() => {
                factor_note = Some("the network does not depend on the parameters".into())
            }
            Ok(phi) => {
                let mut fac = Factorization {
                    description: format!(
                        "the network of model {} is polynomial in its input x: \
                         f(x; θ) = Σ_α φ_α(θ)·x^α, φ = its coefficients",
                        flow.name
                    ),
                    pool,
                    state: state.clone(),
                    phi,
                    published: None,
                };
                let laws = conservation_laws(&mut fac, &opts);
                pool = fac.pool;
                match laws {
                    Ok(laws) => {
                        factored = Some(FactoredPart {
                            arch: None,
                            description: fac.description,
                            phi: fac.phi,
                            laws,
                        })
                    }
                    Err(e) => factor_note = Some(e.to_string()),
                }
            }
            Err(why) => factor_note = Some(why),
        }
    }
    Ok(LawsReport { pool, state, flow: Some(flow), factored, factor_note })
}

/// φ for a network polynomial in (θ, x): the distinct non-constant coefficients of the
/// x-monomials of its outputs, as expressions of `pool`.
fn coefficient_factorization(
    pool: &mut Pool,
    state: &[Symbol],
    net: &varan_flow::SymbolicNetwork,
) -> Result<Vec<ExprId>, String> {
    let vars: Vec<Symbol> = state.iter().chain(&net.inputs).copied().collect();
    let polys = varan_flow::polys_from_exprs(pool, &net.outputs, &vars)
        .map_err(|e| format!("the network is not polynomial in its parameters and input: {e}"))?;
    let d = state.len() as u32;
    let mut coefficients: Vec<Poly<varan_algebra::Q>> = Vec::new();
    for p in &polys {
        let mut by_x: std::collections::BTreeMap<Mono, Poly<varan_algebra::Q>> =
            std::collections::BTreeMap::new();
        for (m, c) in p.terms() {
            let (theta, x): (Vec<_>, Vec<_>) = m.0.iter().partition(|(v, _)| *v < d);
            by_x.entry(Mono(x)).or_default().add_term(c.clone(), Mono(theta));
        }
        for (_, c) in by_x {
            if c.degree() > 0 && !coefficients.contains(&c) {
                coefficients.push(c);
            }
        }
    }
    Ok(coefficients.iter().map(|c| c.to_expr(pool, state)).collect())
}

/// The conservation laws of the architecture `spec` (`linear:n,r,m`, `relu:n,h[,m]`,
/// `diagonal-sq:d`, `diagonal-prod:d`), and its polynomial laws of degree ≤ `degree`
/// (default 2).
pub fn laws_architecture(spec: &str, degree: Option<u32>) -> Result<LawsReport, LawsFailure> {
    let arch: Architecture = spec.parse().map_err(LawsFailure::Refused)?;
    let opts = LawOptions::default().degree(degree.unwrap_or(2));
    if opts.degree == 0 {
        return Err(LawsFailure::Refused("--degree must be at least 1".into()));
    }
    let mut fac = arch.factorization();
    let laws = conservation_laws(&mut fac, &opts)
        .map_err(|e| LawsFailure::Refused(format!("architecture {arch}: {e}")))?;
    Ok(LawsReport {
        factored: Some(FactoredPart {
            arch: Some(arch),
            description: fac.description,
            phi: fac.phi,
            laws,
        }),
        pool: fac.pool,
        state: fac.state,
        flow: None,
        factor_note: None,
    })
}

fn kind_word(k: ItemKind) -> &'static str {
    match k {
        ItemKind::Model => "model",
        ItemKind::System => "system",
        ItemKind::Hamiltonian => "hamiltonian",
        ItemKind::Ode => "ode",
        ItemKind::Linear => "linear",
    }
}

fn truth_word(t: Truth) -> &'static str {
    match t {
        Truth::True => "true",
        Truth::False => "false",
        Truth::Unknown => "unknown",
    }
}

fn stop_word(s: LieStop) -> &'static str {
    match s {
        LieStop::Closed => "closed",
        LieStop::Stationary => "stationary",
        LieStop::FullRank => "full_rank",
        LieStop::Limit => "limit",
    }
}

/// The JSON document of `varan laws --format json` (schema `varan.laws/1`).
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct LawsJson {
    /// Always `"varan.laws/1"`.
    pub schema: String,
    /// The definition's name (`null` for an architecture).
    pub model: Option<String>,
    /// `"model"`, `"system"` or `"hamiltonian"` (`null` for an architecture).
    pub kind: Option<String>,
    /// The architecture spec, normalized (`null` for a file).
    pub architecture: Option<String>,
    /// The state variables (parameters θ), in order.
    pub parameters: Vec<String>,
    /// The polynomial first integrals (files only).
    pub first_integrals: Option<FirstIntegralsJson>,
    /// The conservation laws of the factorization: of the architecture, or of a model whose
    /// network is polynomial in its input (φ = its coefficients in x).
    pub conservation_laws: Option<ConservationJson>,
    /// For a model with a network: why no factorization was read off it (`null` otherwise).
    pub factorization_note: Option<String>,
}

/// One law or integral.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct LawJson {
    /// The polynomial (primitive, integer coefficients) in varan's syntax.
    pub expr: String,
    /// Its degree.
    pub degree: u32,
    /// The exact zero test of ∇h·X for every field X: `"true"` is a proof.
    pub verified: String,
}

/// The `first_integrals` object.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct FirstIntegralsJson {
    /// The degree bound d.
    pub degree: u32,
    /// The dimension of the space of integrals of degree ≤ d without constant term.
    pub dimension: usize,
    /// A basis of that space over ℚ.
    pub basis: Vec<LawJson>,
    /// The rank of the basis' gradients at a random point (a proven lower bound on the
    /// number of functionally independent integrals among them).
    pub independent: usize,
}

/// The `conservation_laws` object.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct ConservationJson {
    /// The architecture in words.
    pub description: String,
    /// φ, one expression per component.
    pub phi: Vec<String>,
    /// D, the number of parameters.
    pub parameter_count: usize,
    /// The rank of Lie(W_φ) at θ_0, after each bracket step.
    pub lie_ranks: Vec<usize>,
    /// dim Lie(W_φ)(θ_0) (the last of `lie_ranks`).
    pub lie_dimension: usize,
    /// Fields kept (independent as polynomial fields modulo p).
    pub lie_fields: usize,
    /// `"closed"`, `"stationary"`, `"full_rank"` or `"limit"`.
    pub lie_stop: String,
    /// D − dim Lie(W_φ)(θ_0): the number of independent conservation laws.
    pub count: usize,
    /// Whether `count` is certified (see `docs/laws.md`); otherwise it is an upper bound.
    pub certified: bool,
    /// When not certified: the Schwartz–Zippel bound `degree_bound / prime` on the
    /// probability that `count` is too high.
    pub failure_bound: Option<String>,
    /// The count published for this architecture \[MGP23\] (`null` for a model file).
    pub published: Option<u64>,
    /// The prime p of the ranks at θ_0.
    pub prime: String,
    /// The seed of θ_0.
    pub seed: u64,
    /// The degree bound of the laws.
    pub laws_degree: u32,
    /// A basis over ℚ of the polynomial laws of degree ≤ `laws_degree` without constant
    /// term.
    pub laws: Vec<LawJson>,
    /// The rank of their gradients at θ_0.
    pub laws_independent: usize,
    /// Why the laws were not computed, if they were not.
    pub laws_skipped: Option<String>,
}

impl LawsReport {
    fn names(&self) -> Vec<String> {
        self.state.iter().map(|s| self.pool.symbol_name(*s).to_string()).collect()
    }

    fn law_json(&self, l: &Law, names: &[String]) -> LawJson {
        LawJson {
            expr: l.poly.to_text(names),
            degree: l.poly.degree(),
            verified: truth_word(l.verified).into(),
        }
    }

    /// The number of independent conservation laws, if a factorization was analysed.
    pub fn count(&self) -> Option<LawCount> {
        self.factored.as_ref().map(|f| f.laws.count)
    }

    /// The basis of the first integrals (files), as polynomials.
    pub fn integrals(&self) -> Vec<&Poly<varan_algebra::Q>> {
        self.flow.iter().flat_map(|f| f.integrals.basis.iter().map(|l| &l.poly)).collect()
    }

    /// The basis of the conservation laws (factorizations), as polynomials.
    pub fn laws(&self) -> Vec<&Poly<varan_algebra::Q>> {
        self.factored.iter().flat_map(|f| f.laws.laws.iter().map(|l| &l.poly)).collect()
    }

    /// The JSON document.
    pub fn to_json(&self) -> LawsJson {
        let names = self.names();
        let mut doc = LawsJson {
            schema: "varan.laws/1".into(),
            model: None,
            kind: None,
            architecture: None,
            parameters: names.clone(),
            first_integrals: None,
            conservation_laws: None,
            factorization_note: self.factor_note.clone(),
        };
        if let Some(FlowPart { name, kind, integrals }) = &self.flow {
            doc.model = Some(name.clone());
            doc.kind = Some(kind_word(*kind).into());
            doc.first_integrals = Some(FirstIntegralsJson {
                degree: integrals.degree,
                dimension: integrals.basis.len(),
                basis: integrals.basis.iter().map(|l| self.law_json(l, &names)).collect(),
                independent: integrals.independent,
            });
        }
        if let Some(FactoredPart { arch, description, phi, laws }) = &self.factored {
            doc.architecture = arch.map(|a| a.to_string());
            let (certified, failure_bound) = match laws.count {
                LawCount::Certified(_) => (true, None),
                LawCount::UpperBound { degree_bound, .. } => {
                    (false, Some(format!("{degree_bound}/{PRIME_TEXT}")))
                }
            };
            doc.conservation_laws = Some(ConservationJson {
                description: description.clone(),
                phi: phi.iter().map(|e| self.pool.to_text(*e)).collect(),
                parameter_count: laws.parameters,
                lie_ranks: laws.lie.ranks.clone(),
                lie_dimension: laws.lie.rank,
                lie_fields: laws.lie.fields,
                lie_stop: stop_word(laws.lie.stop).into(),
                count: laws.count.value(),
                certified,
                failure_bound,
                published: arch.map(|a| a.published_count()),
                prime: PRIME_TEXT.into(),
                seed: laws.seed,
                laws_degree: laws.degree,
                laws: laws.laws.iter().map(|l| self.law_json(l, &names)).collect(),
                laws_independent: laws.independent,
                laws_skipped: laws.laws_skipped.clone(),
            });
        }
        doc
    }

    /// Human-readable text.
    pub fn to_text(&self) -> String {
        let names = self.names();
        let mut out = String::new();
        if let Some(FlowPart { name, kind, integrals }) = &self.flow {
            let what = match kind {
                ItemKind::Model => "the gradient flow θ' = −∇L(θ)",
                ItemKind::Hamiltonian => "Hamilton's equations",
                _ => "the vector field",
            };
            out.push_str(&format!(
                "{} {name}: polynomial first integrals of {what}, degree ≤ {}\n",
                kind_word(*kind),
                integrals.degree
            ));
            out.push_str(&format!("state ({}): {}\n\n", names.len(), names.join(", ")));
            let n = integrals.basis.len();
            if n == 0 {
                out.push_str(&format!(
                    "no polynomial first integral of degree ≤ {} (without constant term)\n",
                    integrals.degree
                ));
            } else {
                out.push_str(&format!(
                    "first integrals: a basis over ℚ of the {n}-dimensional space of \
                     integrals of degree ≤ {}\n",
                    integrals.degree
                ));
                for (i, l) in integrals.basis.iter().enumerate() {
                    out.push_str(&format!(
                        "  H{} = {}{}\n",
                        i + 1,
                        l.poly.to_text(&names),
                        verified_mark(l.verified)
                    ));
                }
                out.push_str("each checked: ∇H·V = 0 by the exact zero test\n");
                let k = integrals.independent;
                out.push_str(&format!(
                    "functionally independent: {k} (rank of the gradients at a random \
                     point); each orbit lies in a level set of dimension ≤ {}\n",
                    names.len().saturating_sub(k)
                ));
            }
            if let Some(note) = &self.factor_note {
                out.push_str(&format!("\nno factorization read off the network: {note}\n"));
            }
        }
        if let Some(FactoredPart { arch, description, phi, laws }) = &self.factored {
            match arch {
                Some(a) => out.push_str(&format!("architecture {a}: {description}\n")),
                None => out.push_str(&format!(
                    "\nconservation laws for every loss and data set [MGP23]: {description}\n"
                )),
            }
            out.push_str(&format!(
                "parameters (D = {}): {}\n",
                names.len(),
                abbreviate(&names, 12)
            ));
            let phis: Vec<String> = phi.iter().map(|e| self.pool.to_text(*e)).collect();
            out.push_str(&format!(
                "φ ({}): {}\n\n",
                plural(phi.len(), "component"),
                abbreviate(&phis, 4)
            ));
            let ranks: Vec<String> = laws.lie.ranks.iter().map(|r| r.to_string()).collect();
            out.push_str(&format!(
                "Lie algebra generated by the fields ∇φ_i: rank at θ_0 after each bracket \
                 step {} ({}; {} kept)\n",
                ranks.join(", "),
                match laws.lie.stop {
                    LieStop::Closed => "the span closed under brackets",
                    LieStop::Stationary => "the rank stopped growing",
                    LieStop::FullRank => "full rank",
                    LieStop::Limit => "stopped at the step limit",
                },
                plural(laws.lie.fields, "field")
            ));
            out.push_str(&format!("dim Lie(W_φ)(θ_0) = {}\n", laws.lie.rank));
            match laws.count {
                LawCount::Certified(0) => out.push_str(
                    "conservation laws: none, certified (dim Lie(W_φ)(θ_0) = D: the fields \
                     reach every direction)\n",
                ),
                LawCount::Certified(c) => out.push_str(&format!(
                    "conservation laws: {c} = D − dim Lie(W_φ), certified ({c} verified laws \
                     with independent gradients at θ_0 meet the rank bound)\n"
                )),
                LawCount::UpperBound { count, found, degree_bound } => out.push_str(&format!(
                    "conservation laws: at most {count} = D − dim Lie(W_φ) (proven); exact \
                     unless θ_0 is unlucky, probability ≤ {degree_bound}/(2^61 − 1); \
                     {found} independent polynomial laws found\n"
                )),
            }
            if let Some(a) = arch {
                let published = a.published_count();
                let mark =
                    if published == laws.count.value() as u64 { "agrees" } else { "DIFFERS" };
                out.push_str(&format!("published count [MGP23]: {published} ({mark})\n"));
            }
            match &laws.laws_skipped {
                Some(why) => out.push_str(&format!("laws not listed: {why}\n")),
                None if laws.laws.is_empty() => out.push_str(&format!(
                    "\nno polynomial law of degree ≤ {} (without constant term)\n",
                    laws.degree
                )),
                None => {
                    out.push_str(&format!(
                        "\nlaws of degree ≤ {}: a basis over ℚ of the {}-dimensional space; \
                         each checked ∇h·∇φ_i = 0 for every i by the exact zero test; {} \
                         independent at θ_0\n",
                        laws.degree,
                        laws.laws.len(),
                        laws.independent
                    ));
                    for (i, l) in laws.laws.iter().enumerate() {
                        out.push_str(&format!(
                            "  h{} = {}{}\n",
                            i + 1,
                            l.poly.to_text(&names),
                            verified_mark(l.verified)
                        ));
                    }
                }
            }
        }
        out
    }
}

fn verified_mark(t: Truth) -> &'static str {
    match t {
        Truth::True => "",
        Truth::False => "   [NOT verified]",
        Truth::Unknown => "   [verification undecided]",
    }
}

/// The first `k` items, then "…" and the count of the rest.
fn abbreviate(items: &[String], k: usize) -> String {
    if items.len() <= k {
        items.join(", ")
    } else {
        format!("{}, … ({} more)", items[..k].join(", "), items.len() - k)
    }
}

/// "1 field", "3 fields".
fn plural(k: usize, what: &str) -> String {
    format!("{k} {what}{}", if k == 1 { "" } else { "s" })
}
