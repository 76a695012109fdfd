//! `analyze`: the end-to-end verdict. From a model (or system, or Hamiltonian) to the
//! variational equations along one or more verified curves, their blocks, an exact
//! decision on the identity component G⁰ of each block's differential Galois group where
//! an algorithm exists (Kovacic \[Kov86\], Kimura \[Kim69\]), a numeric monodromy
//! cross-check with certified radii, and a verdict with its chain of evidence
//! (schema `varan.analyze/1`).
//!
//! The theorems that turn groups into verdicts (`MATH.md` §4):
//! - Morales–Ramis \[MR01\] (Hamiltonian systems): meromorphic Liouville integrability
//!   in a neighbourhood of the curve ⇒ G⁰ of the VE is abelian;
//! - Ayoul–Zung \[AZ10\] (any vector field, integrability in the non-commutative sense of
//!   Bogoyavlenskij): the same conclusion — this is the theorem for gradient flows;
//! - Kolchin: the VE has Liouvillian solutions ⇔ G⁰ is solvable.
//!
//! G⁰ of a diagonal block (a subquotient of the VE) is a quotient of G⁰ of the VE, so a
//! non-abelian (non-solvable) block proves a non-abelian (non-solvable) VE. The converse
//! direction needs more: "no obstruction" is claimed only when every diagonal block has a
//! proven abelian G⁰ *and* the blocks are not coupled (the NVE is block-diagonal, so its
//! group embeds in the product of the blocks' groups); it is a statement about the NVE,
//! never "integrable". Everything else is "inconclusive", with the reason.
//!
//! Scope: the VE is written over ℂ(s) (or ℂ(z), z = e^{s/q}): its Galois group sees the
//! closure Γ̄ of the curve with the equilibria (zeros of g) and s = ∞ added, so the
//! conclusion concerns first integrals meromorphic in a neighbourhood of Γ̄.

use serde::Serialize;
use varan_algebra::URat;
use varan_galois::KovacicOutcome;
use varan_syntax::{ItemKind, Span, StmtKind};

use crate::derive::InputError;
use crate::ve::{VeFailure, VeReport};

/// What is known about G⁰ of one block.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum G0Fact {
    /// G⁰ is not solvable (hence not abelian): proven.
    NonSolvable,
    /// G⁰ is not abelian: proven.
    NonAbelian,
    /// G⁰ is abelian: proven.
    Abelian,
    /// G⁰ is solvable (abelian not decided): proven.
    Solvable,
    /// Nothing proven.
    Unknown,
}

impl G0Fact {
    fn text(self) -> &'static str {
        match self {
            G0Fact::NonSolvable => "G⁰ not solvable",
            G0Fact::NonAbelian => "G⁰ not abelian",
            G0Fact::Abelian => "G⁰ abelian",
            G0Fact::Solvable => "G⁰ solvable (abelian not decided)",
            G0Fact::Unknown => "G⁰ not decided",
        }
    }

    fn strength(self) -> u8 {
        match self {
            G0Fact::NonSolvable => 2,
            G0Fact::NonAbelian => 1,
            _ => 0,
        }
    }
}

/// What was found about one diagonal block.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct BlockFinding {
    /// 1-based block number (as in `varan ve`).
    pub block: usize,
    /// Coordinate labels.
    pub labels: Vec<String>,
    /// Size of the block.
    pub size: usize,
    /// Whether the block carries the tangent (no NVE could be formed).
    pub contains_tangent: bool,
    /// The proven fact about G⁰.
    pub fact: G0Fact,
    /// How it was proven: `exact` or `numeric`, or `none`.
    pub method: String,
    /// The evidence, in words.
    pub evidence: String,
    /// The numeric monodromy cross-check, when it ran.
    pub numeric: Option<String>,
}

/// The verdict, per curve and overall.
#[derive(Debug, Clone, Serialize, PartialEq)]
#[serde(tag = "outcome", rename_all = "snake_case")]
pub enum Verdict {
    /// G⁰ of the VE is not abelian: not meromorphically integrable.
    NonIntegrable {
        /// Whether G⁰ is moreover proven non-solvable (no Liouvillian solution of the VE).
        non_solvable: bool,
        /// The sentence.
        statement: String,
        /// Which curve (1-based) and block decide it.
        curve: usize,
        /// The deciding block (1-based).
        block: usize,
        /// Exact or numeric, and how.
        evidence: String,
    },
    /// Every block's G⁰ is abelian and the NVE is block-diagonal.
    NoObstruction {
        /// The sentence.
        statement: String,
        /// Why.
        evidence: String,
    },
    /// Nothing proven either way.
    Inconclusive {
        /// The sentence.
        statement: String,
        /// Why, one entry per open point.
        reasons: Vec<String>,
    },
}

impl Verdict {
    /// The one-line statement.
    pub fn statement(&self) -> &str {
        match self {
            Verdict::NonIntegrable { statement, .. }
            | Verdict::NoObstruction { statement, .. }
            | Verdict::Inconclusive { statement, .. } => statement,
        }
    }
}

/// One curve and everything derived along it.
#[derive(Debug)]
pub struct CurveAnalysis {
    /// The `along` block's name, if any.
    pub name: Option<String>,
    /// The curve as given (`a1 = s + 1, ...`) or `manifold:K`.
    pub spec: String,
    /// The VE report, or why the curve could not be used.
    pub report: Result<VeReport, String>,
    /// Findings per block.
    pub blocks: Vec<BlockFinding>,
    /// Whether the blocks are coupled (off-diagonal terms between blocks); `None` when
    /// not determined.
    pub coupled: Option<bool>,
    /// The verdict along this curve.
    pub verdict: Verdict,
}

/// Options of `analyze`.
#[derive(Debug, Clone, Default)]
pub struct AnalyzeOptions {
    /// The curve to use (as for `varan ve --along`); default: the file's `along` blocks,
    /// else the one-dimensional invariant manifolds.
    pub along: Option<String>,
    /// Skip the numeric monodromy cross-check.
    pub no_numeric: bool,
}

/// The result of `analyze`.
#[derive(Debug)]
pub struct Analysis {
    /// The definition's name.
    pub model: String,
    /// What kind of definition.
    pub kind: ItemKind,
    /// The derivation (vector field and Jacobian), for the report.
    pub derivation: crate::Derivation,
    /// The curves examined.
    pub curves: Vec<CurveAnalysis>,
    /// The overall verdict.
    pub verdict: Verdict,
}

/// The theorem that applies to a kind of definition.
pub fn theorem(kind: ItemKind) -> &'static str {
    match kind {
        ItemKind::Hamiltonian => "Morales–Ramis (Hamiltonian systems)",
        _ => "Ayoul–Zung (non-Hamiltonian vector fields; integrability in the sense of Bogoyavlenskij)",
    }
}

/// The `along` blocks of the chosen definition: (name, `coord = expr, ...`).
fn along_specs(src: &str, name: Option<&str>) -> Vec<(Option<String>, String)> {
    let Ok(file) = varan_syntax::parse_file(src) else { return Vec::new() };
    let Ok(item) = varan_flow::select(&file, name) else { return Vec::new() };
    let text = |sp: Span| src.get(sp.start..sp.end).unwrap_or("").to_string();
    item.stmts
        .iter()
        .filter_map(|s| match &s.kind {
            StmtKind::Along(a) => Some((
                a.name.as_ref().map(|n| n.name.clone()),
                a.entries
                    .iter()
                    .map(|e| format!("{} = {}", text(e.target.span), text(e.value.span)))
                    .collect::<Vec<_>>()
                    .join(", "),
            )),
            _ => None,
        })
        .collect()
}

/// Whether the blocks of `r` are coupled through off-diagonal entries.
fn coupling(r: &VeReport) -> Option<bool> {
    let ve = &r.ve;
    let (labels, m) = match (&ve.nve, &ve.basis) {
        (Some((l, m)), _) => (l.clone(), m),
        (None, None) => (ve.labels.clone(), &ve.a),
        (None, Some(_)) => return None,
    };
    let block_of = |label: &str| ve.blocks.iter().position(|b| b.labels.iter().any(|l| l == label));
    let owner: Vec<Option<usize>> = labels.iter().map(|l| block_of(l)).collect();
    if owner.iter().any(Option::is_none) {
        return None;
    }
    for (i, row) in m.iter().enumerate() {
        for (j, e) in row.iter().enumerate() {
            if owner[i] != owner[j] && !e.is_zero() {
                return Some(true);
            }
        }
    }
    Some(false)
}

fn is_diagonal(a: &[Vec<URat>]) -> bool {
    a.iter().enumerate().all(|(i, row)| row.iter().enumerate().all(|(j, e)| i == j || e.is_zero()))
}

/// The exact fact about one block: 1×1 and diagonal blocks directly; 2×2 blocks from
/// Kovacic's outcome on the normal form (refined in the reducible case by
/// `reducible_identity_component`, which decides between an abelian G⁰ and the full Borel
/// group) and from Kimura's table when the normal form is a Riemann equation. The two
/// exact methods must agree on "Liouvillian or not"; a disagreement is an internal error.
fn exact_fact(
    a: &[Vec<URat>],
    kov: Option<&KovacicOutcome>,
    r: Option<&URat>,
) -> Result<(G0Fact, String, String), String> {
    let n = a.len();
    let exact = |f: G0Fact, why: String| Ok((f, "exact".to_string(), why));
    if n == 1 {
        return exact(
            G0Fact::Abelian,
            "1×1 block: ξ = exp∫a, G ⊂ 𝔾_m (Kolchin), G⁰ abelian".into(),
        );
    }
    if is_diagonal(a) {
        return exact(G0Fact::Abelian, format!("{n}×{n} diagonal block: G ⊂ 𝔾_m^{n}, G⁰ abelian"));
    }
    let kim = r.map(varan_galois::kimura);
    let kim_liouvillian = kim.as_ref().and_then(|k| k.is_liouvillian());
    let kov_liouvillian = match kov {
        Some(KovacicOutcome::NoLiouvillianSolution { .. }) => Some(false),
        Some(KovacicOutcome::Undecided { .. }) | None => None,
        Some(_) => Some(true),
    };
    if let (Some(a1), Some(a2), Some(k)) = (kov_liouvillian, kim_liouvillian, kim.as_ref()) {
        if a1 != a2 {
            return Err(format!(
                "Kovacic and Kimura disagree on the normal form: Kovacic {kov:?}, Kimura {k:?}"
            ));
        }
    }
    let kimura_note =
        |k: &varan_galois::KimuraOutcome| format!(" (Kimura agrees: {})", kimura_text(k));
    let agree =
        kim.as_ref().filter(|_| kim_liouvillian.is_some()).map(kimura_note).unwrap_or_default();
    match kov {
        Some(KovacicOutcome::NoLiouvillianSolution { reason }) => exact(
            G0Fact::NonSolvable,
            format!(
                "Kovacic: u'' = r·u has no Liouvillian solution, G = SL₂ and G⁰ = SL₂ is not solvable ({reason}){agree}; the block's own group differs from it only by scalars"
            ),
        ),
        Some(KovacicOutcome::Imprimitive { .. }) => exact(
            G0Fact::Abelian,
            format!("Kovacic case 2 (case 1 excluded): G is imprimitive, G⁰ lies in a torus, abelian{agree}"),
        ),
        Some(KovacicOutcome::LiouvillianAlgebraic { case, .. }) => exact(
            G0Fact::Abelian,
            format!("Kovacic case {case} with coefficients in a multi-quadratic field, not all rational: a conjugate is a second solution, so G fixes or permutes two distinct lines, G⁰ lies in a torus, abelian{agree}"),
        ),
        Some(KovacicOutcome::Finite { n, group, .. }) => exact(
            G0Fact::Abelian,
            format!("Kovacic case 3 (cases 1 and 2 excluded): ω = u'/u is algebraic of degree {n} over ℚ(x), a root of a verified polynomial, so G is the finite binary {} group and G⁰ is trivial, abelian{agree}", group.name()),
        ),
        Some(KovacicOutcome::Liouvillian { case: 1, omega }) => {
            let red = varan_galois::reducible_identity_component(omega);
            let fact = match red.is_abelian() {
                varan_algebra::Truth::True => G0Fact::Abelian,
                varan_algebra::Truth::False => G0Fact::NonAbelian,
                varan_algebra::Truth::Unknown => G0Fact::Solvable,
            };
            exact(
                fact,
                format!(
                    "Kovacic case 1: a Liouvillian solution u = exp∫ω (G reducible){agree}; the identity component: {}",
                    red.describe()
                ),
            )
        }
        Some(KovacicOutcome::Liouvillian { case, .. }) => exact(
            G0Fact::Solvable,
            format!("Kovacic case {case}: a Liouvillian solution, G⁰ solvable{agree}; whether it is abelian is not decided"),
        ),
        Some(KovacicOutcome::Undecided { reason }) => match kim.as_ref() {
            Some(k) => match k {
                varan_galois::KimuraOutcome::NotLiouvillian { .. } => exact(
                    G0Fact::NonSolvable,
                    format!("Kimura: {}; so G = SL₂ and G⁰ is not solvable (Kovacic undecided: {reason})", kimura_text(k)),
                ),
                varan_galois::KimuraOutcome::Liouvillian { condition, .. } => {
                    let reducible = matches!(
                        condition,
                        varan_galois::KimuraCondition::OddInteger { .. }
                            | varan_galois::KimuraCondition::FewSingularPoints { .. }
                    );
                    if reducible {
                        exact(G0Fact::Solvable, format!("Kimura: {}; G reducible, G⁰ solvable, abelian not decided", kimura_text(k)))
                    } else {
                        exact(G0Fact::Abelian, format!("Kimura: {}; the projective group is dihedral or finite, so G⁰ lies in a torus or is trivial: abelian", kimura_text(k)))
                    }
                }
                _ => Ok((G0Fact::Unknown, "none".into(), format!("Kovacic undecided: {reason}; Kimura: {}", kimura_text(k)))),
            },
            None => Ok((G0Fact::Unknown, "none".into(), format!("Kovacic undecided: {reason}"))),
        },
        None if n == 2 => exact(
            G0Fact::Solvable,
            "2×2 triangular block: solvable by quadratures, G⁰ solvable; abelian not decided".into(),
        ),
        None => Ok((
            G0Fact::Unknown,
            "none".into(),
            format!("{n}×{n} block: no exact method for blocks larger than 2×2"),
        )),
    }
}

/// Kimura's outcome in words.
fn kimura_text(k: &varan_galois::KimuraOutcome) -> String {
    use varan_galois::KimuraOutcome as K;
    match k {
        K::NotRiemann { reason } => format!("not a Riemann equation ({reason})"),
        K::Undecided { reason } => format!("undecided ({reason})"),
        K::NotLiouvillian { .. } => format!(
            "exponent differences {}: no odd-integer relation and in no family of Schwarz's list, no Liouvillian solution",
            diffs(k)
        ),
        K::Liouvillian { condition, .. } => {
            use varan_galois::KimuraCondition as C;
            let why = match condition {
                C::FewSingularPoints { count } => format!("only {count} singular point(s)"),
                C::OddInteger { m, signs: Some(e) } => {
                    let sg = |x: i8| if x < 0 { "−" } else { "+" };
                    format!("{}λ {} μ {} ν = {m}, an odd integer", if e[0] < 0 { "−" } else { "" }, sg(e[1]), sg(e[2]))
                }
                C::OddInteger { m, signs: None } => format!("±λ ± μ ± ν = {m}, an odd integer"),
                C::Schwarz { family, .. } => format!("family {family} of Schwarz's list"),
            };
            format!(
                "exponent differences {}: Liouvillian, {why} (group {})",
                diffs(k),
                condition.group_name()
            )
        }
    }
}

fn diffs(k: &varan_galois::KimuraOutcome) -> String {
    k.exponents()
        .map(|e| {
            varan_galois::exponent_differences(e)
                .iter()
                .map(|d| d.to_text())
                .collect::<Vec<_>>()
                .join(", ")
        })
        .unwrap_or_default()
}

/// Analyzes one curve.
fn analyze_curve(
    src: &str,
    name: Option<&str>,
    (cname, spec): (Option<String>, String),
    opts: &AnalyzeOptions,
    index: usize,
    progress: &mut dyn FnMut(&str),
) -> Result<CurveAnalysis, VeFailure> {
    let spec = spec.as_str();
    progress(&format!("curve {index}: variational equation"));
    let report = match crate::ve(src, name, Some(spec)) {
        Ok(r) => r,
        Err(VeFailure::Input(e)) => return Err(VeFailure::Input(e)),
        Err(VeFailure::Internal(m)) => return Err(VeFailure::Internal(m)),
        Err(e) => {
            let why = e.to_string();
            let v = Verdict::Inconclusive {
                statement: "inconclusive: the curve could not be used".into(),
                reasons: vec![why.clone()],
            };
            return Ok(CurveAnalysis {
                name: cname,
                spec: spec.to_string(),
                report: Err(why),
                blocks: Vec::new(),
                coupled: None,
                verdict: v,
            });
        }
    };
    let mut blocks = Vec::new();
    for (i, b) in report.ve.blocks.iter().enumerate() {
        progress(&format!("curve {index}: block {} of {}", i + 1, report.ve.blocks.len()));
        let (mut fact, mut method, mut evidence) = exact_fact(
            &b.a,
            report.kovacic.get(i).and_then(Option::as_ref),
            b.scalar.as_ref().map(|s| &s.r),
        )
        .map_err(|e| VeFailure::Internal(format!("block {} of curve {index}: {e}", i + 1)))?;
        let mut numeric = None;
        if b.a.len() >= 2 && !opts.no_numeric {
            progress(&format!("curve {index}: monodromy of block {}", i + 1));
            match crate::monodromy(src, name, Some(spec), Some(i + 1), None) {
                Ok(m) => {
                    let n_ok = m.checks.iter().filter(|c| c.passed).count();
                    if m.checks.iter().any(|c| !c.passed && c.certified) {
                        return Err(VeFailure::Internal(format!(
                            "block {} of curve {index}: a certified monodromy self-check failed",
                            i + 1
                        )));
                    }
                    let fuchsian = report
                        .singularities
                        .get(i)
                        .and_then(Option::as_ref)
                        .is_some_and(|t| t.fuchsian);
                    let (nf, text) = numeric_group_fact(&m, fuchsian);
                    numeric = Some(format!(
                        "{} local monodromies around the finite singular points, self-checks passed {n_ok}/{}; {text}",
                        m.local.len(),
                        m.checks.len()
                    ));
                    if nf.strength() > 0 {
                        if fact == G0Fact::Abelian
                            || fact == G0Fact::Solvable && nf == G0Fact::NonSolvable
                        {
                            return Err(VeFailure::Internal(format!(
                                "block {} of curve {index}: the exact method says {} but the certified monodromy says {}",
                                i + 1,
                                fact.text(),
                                nf.text()
                            )));
                        }
                        if nf.strength() > fact.strength() {
                            fact = nf;
                            method = "numeric".into();
                            evidence = format!("certified monodromy: {text}");
                        }
                    }
                }
                Err(VeFailure::Internal(m)) => return Err(VeFailure::Internal(m)),
                Err(e) => numeric = Some(format!("not run: {e}")),
            }
        }
        blocks.push(BlockFinding {
            block: i + 1,
            labels: b.labels.clone(),
            size: b.a.len(),
            contains_tangent: b.contains_tangent,
            fact,
            method,
            evidence,
            numeric,
        });
    }
    let coupled = coupling(&report);
    let verdict = curve_verdict(&blocks, coupled, index, report.ve.nve.is_some());
    Ok(CurveAnalysis {
        name: cname,
        spec: spec.to_string(),
        report: Ok(report),
        blocks,
        coupled,
        verdict,
    })
}

fn curve_verdict(
    blocks: &[BlockFinding],
    coupled: Option<bool>,
    index: usize,
    has_nve: bool,
) -> Verdict {
    if let Some(b) =
        blocks.iter().max_by_key(|b| b.fact.strength()).filter(|b| b.fact.strength() > 0)
    {
        let non_solvable = b.fact == G0Fact::NonSolvable;
        return Verdict::NonIntegrable {
            non_solvable,
            statement: if non_solvable {
                "not meromorphically integrable (G⁰ non-abelian), and the VE has no Liouvillian solutions (G⁰ non-solvable)".into()
            } else {
                "not meromorphically integrable (G⁰ non-abelian)".into()
            },
            curve: index,
            block: b.block,
            evidence: format!(
                "block {} ({}): {} [{}]",
                b.block,
                b.labels.join(", "),
                b.evidence,
                b.method
            ),
        };
    }
    let mut reasons = Vec::new();
    for b in blocks {
        if b.fact != G0Fact::Abelian {
            reasons.push(format!("block {} ({}): {}", b.block, b.labels.join(", "), b.evidence));
        }
    }
    match coupled {
        Some(true) => reasons.push(
            "the blocks are coupled (block-triangular, not block-diagonal): abelian diagonal blocks do not make G⁰ abelian".into(),
        ),
        None => reasons.push("whether the blocks are coupled was not determined".into()),
        Some(false) => {}
    }
    if blocks.is_empty() {
        reasons.push("no blocks".into());
    }
    if reasons.is_empty() {
        let what = if has_nve { "NVE" } else { "VE" };
        Verdict::NoObstruction {
            statement: format!("no obstruction along this curve (G⁰ of the {what} abelian)"),
            evidence: format!(
                "every diagonal block of the {what} has an abelian G⁰ and the blocks are uncoupled, so G⁰ of the {what} is abelian"
            ),
        }
    } else {
        Verdict::Inconclusive { statement: "inconclusive".into(), reasons }
    }
}

/// At most this many curves are proposed automatically.
const MAX_AUTO_CURVES: usize = 4;

/// Lines in two-dimensional invariant manifolds along which the flow moves: when the
/// restricted field (U, V) in the free coordinates (u, v) has a constant linear first
/// integral — U = V, U = −V, U = 0 or V = 0, each proven by the exact zero test — the
/// lines u − v = 1, u + v = 1, u = 1 or v = 1 of the manifold are invariant. (On the
/// flagship's plane w1 = w2 = 0, a1' = a2', which gives a1 = s + 1, a2 = s.) Returned as
/// `coord = expr, ...` curves for `ve`, which verifies them again.
fn lines_in_planes(m: &mut crate::ManifoldReport) -> Vec<String> {
    use varan_algebra::{is_zero, Truth};
    let p = &mut m.problem;
    let mut out = Vec::new();
    let s_sym = p.pool.symbol("s");
    let s = p.pool.sym(s_sym);
    let one = p.pool.int(1);
    for man in &m.manifolds {
        if man.dimension() != 2 {
            continue;
        }
        let (u, v) = (man.restricted[0], man.restricted[1]);
        let diff = p.pool.sub(u, v);
        let sum = p.pool.add(u, v);
        let s_plus_1 = p.pool.add(s, one);
        let one_minus_s = p.pool.sub(one, s);
        let choices = [(diff, s_plus_1, s), (sum, one_minus_s, s), (u, one, s), (v, s, one)];
        for (test, fu, fv) in choices {
            if is_zero(&p.pool, test) != Ok(Truth::True) {
                continue;
            }
            let map: rustc_hash::FxHashMap<_, _> =
                [(p.state[man.free[0]], fu), (p.state[man.free[1]], fv)].into_iter().collect();
            let mut entries = Vec::new();
            for (k, e) in man.embedding.iter().enumerate() {
                let Ok(e) = p.pool.substitute(*e, &map) else { break };
                entries.push(format!("{} = {}", p.pool.symbol_name(p.state[k]), p.pool.to_text(e)));
            }
            if entries.len() == man.embedding.len() {
                out.push(entries.join(", "));
                break;
            }
        }
    }
    out
}

/// Runs the whole pipeline on definition `name` of `src`. `progress` is told when each
/// step starts.
pub fn analyze(
    src: &str,
    name: Option<&str>,
    opts: &AnalyzeOptions,
    progress: &mut dyn FnMut(&str),
) -> Result<Analysis, VeFailure> {
    progress("deriving the vector field");
    let derivation = crate::derive(src, name).map_err(VeFailure::Input)?;
    let kind = derivation.problem.kind;
    if matches!(kind, ItemKind::Ode | ItemKind::Linear) {
        return Err(VeFailure::Input(InputError::WrongKind(format!(
            "`analyze` needs a model, system or hamiltonian; {} is a linear equation: use `varan galois` or `varan monodromy`",
            derivation.problem.name
        ))));
    }
    let mut specs: Vec<(Option<String>, String)> = match opts.along.as_deref().map(str::trim) {
        Some(a) if !a.is_empty() && a != "auto" => vec![(None, a.to_string())],
        _ => along_specs(src, name),
    };
    let mut auto = false;
    if specs.is_empty() {
        progress("searching invariant manifolds");
        auto = true;
        let mut m = crate::manifolds(src, name).map_err(VeFailure::Input)?;
        for (k, man) in m.manifolds.iter().enumerate() {
            if man.dimension() == 1 && specs.len() < MAX_AUTO_CURVES {
                specs.push((None, format!("manifold:{}", k + 1)));
            }
        }
        for line in lines_in_planes(&mut m) {
            if specs.len() < MAX_AUTO_CURVES {
                specs.push((None, line));
            }
        }
    }
    if specs.is_empty() {
        return Err(VeFailure::NoCurve(format!(
            "{} has no one-dimensional invariant manifold carrying a non-constant curve; give a curve with --along 'coord = expr(s), ...' or an `along {{ ... }}` block",
            derivation.problem.name
        )));
    }
    let mut curves = Vec::new();
    for spec in specs {
        let c = analyze_curve(src, name, spec, opts, curves.len() + 1, progress)?;
        // a candidate varan proposed itself and could not use is not reported
        if auto && c.report.is_err() {
            continue;
        }
        curves.push(c);
    }
    if curves.is_empty() {
        return Err(VeFailure::NoCurve(format!(
            "no candidate curve of {} could be verified; give one with --along 'coord = expr(s), ...' or an `along {{ ... }}` block",
            derivation.problem.name
        )));
    }
    let verdict = overall(&curves);
    Ok(Analysis { model: derivation.problem.name.clone(), kind, derivation, curves, verdict })
}

fn overall(curves: &[CurveAnalysis]) -> Verdict {
    let best = curves
        .iter()
        .filter_map(|c| match &c.verdict {
            v @ Verdict::NonIntegrable { non_solvable, .. } => Some((*non_solvable, v)),
            _ => None,
        })
        .max_by_key(|(ns, _)| *ns);
    if let Some((_, v)) = best {
        return v.clone();
    }
    if !curves.is_empty()
        && curves.iter().all(|c| matches!(c.verdict, Verdict::NoObstruction { .. }))
    {
        return Verdict::NoObstruction {
            statement: "no obstruction found along the curves examined (G⁰ abelian)".into(),
            evidence: format!(
                "along each of the {} curve(s) the normal variational equation has an abelian G⁰",
                curves.len()
            ),
        };
    }
    let mut reasons = Vec::new();
    for (i, c) in curves.iter().enumerate() {
        match &c.verdict {
            Verdict::Inconclusive { reasons: r, .. } => {
                reasons.extend(r.iter().map(|x| format!("curve {}: {x}", i + 1)))
            }
            Verdict::NoObstruction { .. } => {
                reasons.push(format!("curve {}: no obstruction (G⁰ of the NVE abelian)", i + 1))
            }
            Verdict::NonIntegrable { .. } => {}
        }
    }
    Verdict::Inconclusive {
        statement:
            "inconclusive: no curve examined gives an obstruction, and not every one is settled"
                .into(),
        reasons,
    }
}

/// The numeric route's fact about one block (`numeric_group.rs`).
fn numeric_group_fact(m: &crate::MonodromyJson, fuchsian: bool) -> (G0Fact, String) {
    let n = crate::numeric_group::numeric_group(m, fuchsian);
    let f = match n.g0.as_str() {
        "non_solvable" => G0Fact::NonSolvable,
        "non_abelian" => G0Fact::NonAbelian,
        _ => G0Fact::Unknown,
    };
    (f, n.evidence)
}

/// The scope sentence of `MATH.md` §4.
pub const SCOPE: &str = "the variational equation is taken over the rational functions of the curve parameter, so its Galois group sees the closure of the curve with its equilibria and the point at infinity added; the conclusion concerns first integrals meromorphic in a neighbourhood of that closure, while \"no Liouvillian solution of the VE\" holds without this proviso";

/// One curve in the JSON document.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct CurveAnalysisJson {
    /// The `along` block's name.
    pub name: Option<String>,
    /// The curve as given, or `manifold:K`.
    pub spec: String,
    /// Why the curve could not be used (then `ve` is absent).
    pub failure: Option<String>,
    /// The full VE report (schema `varan.ve/1`).
    pub ve: Option<crate::VeJson>,
    /// Findings per block.
    pub blocks: Vec<BlockFinding>,
    /// Whether the blocks are coupled (`null`: not determined).
    pub coupled: Option<bool>,
    /// The verdict along this curve.
    pub verdict: Verdict,
}

/// The JSON document of `varan analyze` (schema `varan.analyze/1`).
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct AnalyzeJson {
    /// Always `"varan.analyze/1"`.
    pub schema: String,
    /// The definition's name.
    pub model: String,
    /// `model`, `system` or `hamiltonian`.
    pub kind: String,
    /// The theorem the verdict rests on.
    pub theorem: String,
    /// The overall verdict.
    pub verdict: Verdict,
    /// What the verdict is about.
    pub scope: String,
    /// The curves examined.
    pub curves: Vec<CurveAnalysisJson>,
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

/// Text (not math) for LaTeX: escaped, Unicode turned into math, `u''` kept upright.
fn text_latex(s: &str) -> String {
    crate::latex::escape_text(s).replace("''", "$''$").replace("$$", "")
}

impl Analysis {
    /// The JSON document.
    pub fn to_json(&self) -> AnalyzeJson {
        AnalyzeJson {
            schema: "varan.analyze/1".into(),
            model: self.model.clone(),
            kind: kind_word(self.kind).into(),
            theorem: theorem(self.kind).into(),
            verdict: self.verdict.clone(),
            scope: SCOPE.into(),
            curves: self
                .curves
                .iter()
                .map(|c| CurveAnalysisJson {
                    name: c.name.clone(),
                    spec: c.spec.clone(),
                    failure: c.report.as_ref().err().cloned(),
                    ve: c.report.as_ref().ok().map(VeReport::to_json),
                    blocks: c.blocks.clone(),
                    coupled: c.coupled,
                    verdict: c.verdict.clone(),
                })
                .collect(),
        }
    }

    /// Human-readable text: the chain of evidence, curve by curve, then the verdict.
    pub fn to_text(&self) -> String {
        let p = &self.derivation.problem;
        let mut out = format!(
            "analyze: {} ({}, {} state variables: {})\ntheorem: {}\n",
            self.model,
            match self.kind {
                ItemKind::Model => "gradient flow θ' = −∇L",
                ItemKind::Hamiltonian => "Hamiltonian system",
                _ => "vector field",
            },
            p.state.len(),
            p.state_names().join(", "),
            theorem(self.kind)
        );
        for (i, c) in self.curves.iter().enumerate() {
            out.push_str(&format!(
                "\ncurve {}{}: {}\n",
                i + 1,
                c.name.as_ref().map(|n| format!(" ({n})")).unwrap_or_default(),
                c.spec
            ));
            let r = match &c.report {
                Ok(r) => r,
                Err(why) => {
                    out.push_str(&format!("  not usable: {why}\n"));
                    continue;
                }
            };
            let j = r.to_json();
            if j.curve.description != c.spec {
                out.push_str(&format!("  curve: {}\n", j.curve.description));
            }
            out.push_str(&format!(
                "  invariance: {}\n",
                if j.curve.time {
                    "φ' = V(φ) — verified exactly".to_string()
                } else {
                    format!("V(φ(s)) = g(s)·φ'(s) with g(s) = {} — verified exactly", j.curve.g)
                }
            ));
            let n = r.ve.a.len();
            out.push_str(&format!(
                "  VE: {n}×{n} over ℚ({}){}; {}; {} block(s){}\n",
                j.variable,
                if j.substitution == "none" {
                    String::new()
                } else {
                    format!(" ({})", j.substitution)
                },
                match &r.ve.nve {
                    Some((l, _)) => format!("NVE {}×{} in ({})", l.len(), l.len(), l.join(", ")),
                    None => "no NVE (the tangent has no constant direction)".into(),
                },
                c.blocks.len(),
                match c.coupled {
                    Some(true) => ", coupled (block-triangular)",
                    Some(false) => ", uncoupled",
                    None => "",
                }
            ));
            for (b, bj) in c.blocks.iter().zip(&j.blocks) {
                out.push_str(&format!(
                    "  block {} ({}), {}×{}: {} [{}]\n    {}\n",
                    b.block,
                    b.labels.join(", "),
                    b.size,
                    b.size,
                    b.fact.text(),
                    b.method,
                    b.evidence
                ));
                if let Some(s) = &bj.scalar {
                    out.push_str(&format!("    normal form u'' = r·u, r = {}\n", s.r));
                    if !s.singularities.is_empty() {
                        out.push_str(&format!(
                            "    singular points: {}\n",
                            s.singularities.join("; ")
                        ));
                    }
                }
                if let Some(nm) = &b.numeric {
                    out.push_str(&format!("    numeric: {nm}\n"));
                }
            }
            out.push_str(&format!("  along this curve: {}\n", c.verdict.statement()));
        }
        out.push_str(&format!("\nverdict: {}\n", self.verdict.statement()));
        match &self.verdict {
            Verdict::NonIntegrable { curve, evidence, .. } => {
                out.push_str(&format!("  decided along curve {curve}, {evidence}\n"));
                out.push_str(&format!("  theorem: {}\n", theorem(self.kind)));
                out.push_str(&format!("  scope: {SCOPE}\n"));
            }
            Verdict::NoObstruction { evidence, .. } => {
                out.push_str(&format!("  {evidence}\n  this is not a proof of integrability\n"));
            }
            Verdict::Inconclusive { reasons, .. } => {
                for r in reasons {
                    out.push_str(&format!("  - {r}\n"));
                }
            }
        }
        out
    }

    /// The LaTeX report: the derivation section of a paper.
    pub fn to_latex(&self) -> String {
        let mut body = String::new();
        body.push_str(&format!(
            "\\section*{{Verdict}}\n\\textbf{{{}}}\n\n",
            text_latex(self.verdict.statement())
        ));
        body.push_str(&verdict_latex(&self.verdict, self.kind));
        body.push_str(&crate::latex::derivation_body(&self.derivation));
        for (i, c) in self.curves.iter().enumerate() {
            body.push_str(&format!(
                "\\section*{{Curve {}{}}}\n",
                i + 1,
                c.name
                    .as_ref()
                    .map(|n| format!(" (\\texttt{{{}}})", crate::latex::escape_text(n)))
                    .unwrap_or_default()
            ));
            match &c.report {
                Ok(r) => {
                    body.push_str(&crate::latex::ve_body(r).replacen(
                        "\\section*",
                        "\\subsection*",
                        1,
                    ));
                }
                Err(why) => {
                    body.push_str(&format!(
                        "The curve could not be used: {}.\n\n",
                        text_latex(why)
                    ));
                    continue;
                }
            }
            body.push_str("\\paragraph{Galois groups of the blocks.}\n\\begin{itemize}\n");
            for b in &c.blocks {
                body.push_str(&format!(
                    "\\item Block {} (size {}): \\emph{{{}}} [{}]. {}{}\n",
                    b.block,
                    b.size,
                    text_latex(b.fact.text()),
                    text_latex(&b.method),
                    text_latex(&b.evidence),
                    b.numeric
                        .as_ref()
                        .map(|n| format!(" Numeric cross-check: {}.", text_latex(n)))
                        .unwrap_or_default()
                ));
            }
            body.push_str("\\end{itemize}\n");
            match c.coupled {
                Some(true) => body.push_str("The blocks are coupled: the equation is block-triangular, not block-diagonal.\n\n"),
                Some(false) => body.push_str("The blocks are uncoupled: the equation is block-diagonal.\n\n"),
                None => {}
            }
            body.push_str(&format!(
                "\\paragraph{{Along this curve.}} {}.\n\n",
                text_latex(c.verdict.statement())
            ));
        }
        crate::latex::standalone(&format!("varan analysis of {}", self.model), &body)
    }
}

fn verdict_latex(v: &Verdict, kind: ItemKind) -> String {
    match v {
        Verdict::NonIntegrable { non_solvable, curve, evidence, .. } => format!(
            "Along curve {curve} (below), {}. By {} \\cite{{}}, a system that is meromorphically integrable near the curve has an abelian $G^0$; hence the verdict{}. Scope: {}.\n\n",
            text_latex(evidence),
            text_latex(theorem(kind)),
            if *non_solvable {
                ", and by Kolchin's theorem the variational equation has no Liouvillian solutions"
            } else {
                ""
            },
            text_latex(SCOPE)
        )
        .replace(" \\cite{}", ""),
        Verdict::NoObstruction { evidence, .. } => format!(
            "{}. This is not a proof of integrability: the theorems give necessary conditions only.\n\n",
            text_latex(evidence)
        ),
        Verdict::Inconclusive { reasons, .. } => {
            let mut s = String::from("\\begin{itemize}\n");
            for r in reasons {
                s.push_str(&format!("\\item {}\n", text_latex(r)));
            }
            s.push_str("\\end{itemize}\n");
            s
        }
    }
}
