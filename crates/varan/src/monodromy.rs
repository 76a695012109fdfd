//! `monodromy`: certified monodromy matrices of a linear `ode`, a `linear` system or a
//! block of the variational equation, around every finite singular point and around ∞,
//! with the self-checks of `MATH.md` §6 (schema `varan.monodromy/1`). The numerics are
//! varan-numeric's ball arithmetic; every entry is printed as midpoint ± proven radius.
//!
//! Conventions. M_p is the transition matrix along a lasso from the base point b around p
//! alone, counter-clockwise; it acts on column vectors of initial values at b. The lassos
//! taken in `product_order` p_1, …, p_k compose to one counter-clockwise loop around all
//! finite singular points (matrix M_{p_k}⋯M_{p_1}). M_∞ is computed by integrating that
//! big loop backwards (clockwise in the variable x, hence counter-clockwise around t = 0
//! in t = 1/x), so that
//!
//! $$ M_\infty \cdot M_{p_k} \cdots M_{p_1} = I, $$
//!
//! and the eigenvalues of M_∞ are e^{2πiρ} for the exponents ρ at ∞.
//!
//! Checks (each a pair of balls that must meet; a certified pair that does not is an
//! internal error): det M_p = exp(2πi·Res_p tr A) (Liouville's formula; Hille, *Ordinary
//! Differential Equations in the Complex Domain*), also at ∞ with the exact
//! Res_∞ tr A = −Σ_p Res_p tr A; the product relation above; for second-order equations,
//! tr M_p = e^{2πiρ₁} + e^{2πiρ₂} at rational regular singular points and at ∞ (Ince,
//! *Ordinary Differential Equations*, ch. 16 and §20.2); M_∞ = I when ∞ is an ordinary
//! point (decided exactly: A = O(x⁻²) for a system, analytic coefficients in t = 1/x for
//! a scalar equation). Limits: ∞ of a system whose A is not O(1/x) is reported as
//! "singular" without deciding whether it is regular; apparent finite singular points are
//! not detected (their matrix simply contains I).

mod plot;

use num_complex::Complex64;
use serde::Serialize;
use varan_algebra::{algebraize, rational_text, UPoly, URat, Variable, Q};
use varan_numeric::{
    complex_text, det_checks, local_monodromies, loop_around_all, monodromy_along, product_check,
    Ball, BallMatrix, Check, MonodromyOptions, MonodromyResult, RationalSystem,
};
use varan_syntax::ItemKind;

use crate::derive::{load, InputError};
use crate::ve::VeFailure;

/// A complex ball as text fields.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct BallJson {
    /// Real part of the midpoint.
    pub re: f64,
    /// Imaginary part of the midpoint.
    pub im: f64,
    /// Proven bound on the distance to the true value.
    pub rad: f64,
}

impl From<Ball> for BallJson {
    fn from(b: Ball) -> Self {
        BallJson { re: b.mid.re, im: b.mid.im, rad: b.rad }
    }
}

/// One local monodromy.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct LocalJson {
    /// The singular point, exactly when rational.
    pub point_exact: Option<String>,
    /// The singular point (approximate).
    pub point: [f64; 2],
    /// The matrix, row by row (basis of initial values at the base point).
    pub matrix: Vec<Vec<BallJson>>,
    /// The lasso's vertices, from the base point back to it.
    pub path: Vec<[f64; 2]>,
    /// With `--digits N` (N > 15): the entries in extended precision, `re + im·i ± rad`
    /// with N + 2 significant digits (the radius covers the decimal rounding).
    pub digits: Option<Vec<Vec<String>>>,
}

/// The monodromy around ∞.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct InfinityJson {
    /// M_∞, row by row: M_∞·M_{p_k}⋯M_{p_1} = I for the points p_i of `product_order`.
    pub matrix: Vec<Vec<BallJson>>,
    /// The loop's vertices as traversed: clockwise around every finite singular point,
    /// i.e. counter-clockwise around ∞.
    pub path: Vec<[f64; 2]>,
    /// `ordinary`, `regular`, `irregular`, or `singular` (regularity not decided).
    pub kind: String,
    /// Res_∞ tr A (exact): det M_∞ = exp(2πi·Res_∞ tr A).
    pub residue: String,
    /// With `--digits N` (N > 15): M_∞ in extended precision, as for the local matrices.
    pub digits: Option<Vec<Vec<String>>>,
}

/// A self-check.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct CheckJson {
    /// What is compared.
    pub name: String,
    /// The value from the matrices.
    pub computed: BallJson,
    /// The closed-form value.
    pub expected: BallJson,
    /// Whether the closed form is itself certified.
    pub certified: bool,
    /// Whether the balls meet.
    pub passed: bool,
    /// The name as LaTeX (text mode).
    #[serde(skip)]
    pub latex: String,
    /// For the extended-precision checks (`--digits N`): computed and expected values in
    /// decimal, `computed vs expected`.
    pub decimal: Option<String>,
}

impl From<&Check> for CheckJson {
    fn from(c: &Check) -> Self {
        CheckJson {
            name: c.name.clone(),
            computed: c.computed.into(),
            expected: c.expected.into(),
            certified: c.certified,
            passed: c.passed,
            latex: crate::latex::escape_text(&c.name),
            decimal: None,
        }
    }
}

/// An extended-precision check: pass/fail decided on the extended balls; the f64 fields
/// hold enclosures, `decimal` the values with `digits` digits.
fn extended_check(c: &varan_numeric::Check<varan_numeric::ExtBall>, digits: usize) -> CheckJson {
    CheckJson {
        name: format!("{} ({digits} digits)", c.name),
        computed: c.computed.to_ball().into(),
        expected: c.expected.to_ball().into(),
        certified: c.certified,
        passed: c.passed,
        latex: format!("{} ({digits} digits)", crate::latex::escape_text(&c.name)),
        decimal: Some(format!(
            "{} vs {}",
            c.computed.to_decimal(digits),
            c.expected.to_decimal(digits)
        )),
    }
}

fn ext_matrix_text(m: &varan_numeric::ExtMatrix, digits: usize) -> Vec<Vec<String>> {
    let n = m.dim();
    (0..n).map(|i| (0..n).map(|j| m.get(i, j).to_decimal(digits)).collect()).collect()
}

/// The JSON document of `varan monodromy` (schema `varan.monodromy/1`).
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct MonodromyJson {
    /// Always `"varan.monodromy/1"`.
    pub schema: String,
    /// The definition's name.
    pub model: String,
    /// Which equation (`ode NAME`, `linear NAME` or `block K (labels)`).
    pub source: String,
    /// The variable of the equation.
    pub variable: String,
    /// The equation, as text (monic scalar equation, or Y' = A·Y with A).
    pub equation: String,
    /// The base point.
    pub base: [f64; 2],
    /// The local monodromies, one per finite singular point.
    pub local: Vec<LocalJson>,
    /// The monodromy around ∞.
    pub infinity: InfinityJson,
    /// The order in which the local loops compose to one loop around all finite points.
    pub product_order: Vec<usize>,
    /// The product relation, e.g. `M_∞·M_1·M_0 = I`.
    pub relation: String,
    /// det M_p against exp(2πi·Res_p tr A), the product relation, exponents, ∞.
    pub checks: Vec<CheckJson>,
    /// The equation as LaTeX (math mode).
    #[serde(skip)]
    pub equation_latex: String,
}

/// The equation whose monodromy is computed, in exact form.
enum Equation {
    /// u^(n) + c_{n−1}u^(n−1) + … + c₀u = 0, `c` = [c₀, …, c_{n−1}], unknown's name.
    Scalar(Vec<URat>, String),
    /// Y' = A·Y.
    System(Vec<Vec<URat>>),
}

/// The point ∞ of an equation, decided exactly.
enum AtInfinity {
    Ordinary,
    /// Regular singular; for second order the indicial equation ρ² − bρ + q₀ = 0.
    Regular(Option<(Q, Q)>),
    Irregular,
    /// A system with A not O(1/x): regularity not decided.
    Singular,
}

impl AtInfinity {
    fn word(&self) -> &'static str {
        match self {
            AtInfinity::Ordinary => "ordinary",
            AtInfinity::Regular(_) => "regular",
            AtInfinity::Irregular => "irregular",
            AtInfinity::Singular => "singular",
        }
    }
}

/// Computes the certified monodromies of definition `name` of `src`: an `ode`, a
/// `linear` system, or block `block` (1-based; default: the first block of size ≥ 2) of
/// the VE along `along`, from the base point `base` (default: chosen automatically). See
/// [`MonodromyJson::compute`] for the other numeric settings.
pub fn monodromy(
    src: &str,
    name: Option<&str>,
    along: Option<&str>,
    block: Option<usize>,
    base: Option<Complex64>,
) -> Result<MonodromyJson, VeFailure> {
    let mut opts = MonodromyOptions::default();
    if let Some(b) = base {
        opts = opts.base(b);
    }
    MonodromyJson::compute(src, name, along, block, &opts)
}

impl MonodromyJson {
    /// As [`monodromy`], with every numeric setting (base point, tolerance, …) in `opts`.
    pub fn compute(
        src: &str,
        name: Option<&str>,
        along: Option<&str>,
        block: Option<usize>,
        opts: &MonodromyOptions,
    ) -> Result<MonodromyJson, VeFailure> {
        compute(src, name, along, block, opts)
    }
}

fn compute(
    src: &str,
    name: Option<&str>,
    along: Option<&str>,
    block: Option<usize>,
    opts: &MonodromyOptions,
) -> Result<MonodromyJson, VeFailure> {
    let problem = load(src, name).map_err(VeFailure::Input)?;
    let (eq, source, variable, model) = if let Some(lin) = &problem.linear {
        let (var, a) = crate::galois::linear_matrix(&problem, lin)?;
        (Equation::System(a), format!("linear {}", problem.name), var, problem.name.clone())
    } else if problem.kind == ItemKind::Ode {
        let ode = problem.ode.as_ref().ok_or_else(|| {
            VeFailure::Input(InputError::WrongKind("internal: ode without equation".into()))
        })?;
        let var = problem.pool.symbol_name(ode.var).to_string();
        let (v, c) = algebraize(&problem.pool, &ode.coefficients, ode.var).map_err(|e| {
            VeFailure::Unsupported(format!(
                "the coefficients are not rational functions of {var}: {e}"
            ))
        })?;
        if v != Variable::Plain {
            return Err(VeFailure::Unsupported(format!(
                "the coefficients involve exponentials of {var}"
            )));
        }
        let lead = c.last().cloned().unwrap_or_else(URat::zero);
        let monic: Vec<URat> = c[..c.len().saturating_sub(1)]
            .iter()
            .map(|x| x.div(&lead))
            .collect::<Result<_, _>>()
            .map_err(|e| VeFailure::Unsupported(e.to_string()))?;
        (
            Equation::Scalar(monic, ode.unknown.clone()),
            format!("ode {}", problem.name),
            var,
            problem.name.clone(),
        )
    } else {
        let r = crate::ve(src, name, along)?;
        let k = match block {
            Some(k) => k,
            None => {
                r.ve.blocks.iter().position(|b| b.a.len() >= 2).map(|i| i + 1).ok_or_else(|| {
                    VeFailure::Unsupported(
                        "every block is 1×1 (solvable); there is no monodromy to compute".into(),
                    )
                })?
            }
        };
        let b = r.ve.blocks.get(k.wrapping_sub(1)).ok_or_else(|| {
            VeFailure::Along(format!(
                "there is no block {k}; the VE has {} blocks",
                r.ve.blocks.len()
            ))
        })?;
        (
            Equation::System(b.a.clone()),
            format!("block {k} ({})", b.labels.join(", ")),
            r.ve.variable_name(),
            r.problem.name.clone(),
        )
    };
    let sys = match &eq {
        Equation::Scalar(c, _) => RationalSystem::from_scalar(c),
        Equation::System(a) => RationalSystem::from_matrix(a),
    }
    .map_err(|e| VeFailure::Unsupported(e.to_string()))?;
    let res = local_monodromies(&sys, opts)
        .map_err(|e| VeFailure::Unsupported(format!("monodromy: {e}")))?;
    // M_∞: the loop around all finite points, run backwards (see the module doc)
    let mut inf_path = loop_around_all(&res);
    inf_path.reverse();
    let m_inf = monodromy_along(&sys, &inf_path, opts)
        .map_err(|e| VeFailure::Unsupported(format!("monodromy around ∞: {e}")))?;
    let labels = point_labels(&res);
    let at_inf = match &eq {
        Equation::Scalar(c, _) => scalar_at_infinity(c),
        Equation::System(a) => system_at_infinity(a),
    };
    let trace = match &eq {
        Equation::Scalar(c, _) => c.last().map_or_else(URat::zero, URat::neg),
        Equation::System(a) => (0..a.len()).fold(URat::zero(), |s, i| s.add(&a[i][i])),
    };
    let res_inf = residue_at_infinity(&trace);

    let mut checks: Vec<CheckJson> = Vec::new();
    let dets = det_checks(&sys, &res);
    for (l, label) in res.local.iter().zip(&labels) {
        let want = format!("det M at {}", complex_text(l.point));
        if let Some(c) = dets.iter().find(|c| c.name == want) {
            checks.push(with_latex(
                c,
                format!(
                    "$\\det M_{{{0}}}$ vs $\\exp(2\\pi i\\operatorname{{Res}}_{{{0}}}\\operatorname{{tr}} A)${1}",
                    label.latex,
                    if c.certified { "" } else { " (residue not certified)" }
                ),
            ));
        }
    }
    let det_inf = Check::new(
        "det M at ∞".into(),
        m_inf.det(),
        (Ball::two_pi_i() * Ball::from_rational(&res_inf)).exp(),
        true,
    );
    checks.push(with_latex(
        &det_inf,
        "$\\det M_\\infty$ vs $\\exp(2\\pi i\\operatorname{Res}_\\infty\\operatorname{tr} A)$"
            .into(),
    ));
    // the product relation M_∞·M_{p_k}⋯M_{p_1} = I
    let mut prod = m_inf.clone();
    for &i in res.product_order.iter().rev() {
        prod = prod.mul(&res.local[i].matrix);
    }
    let order_text: Vec<String> =
        res.product_order.iter().rev().map(|&i| m_text(&labels[i].text)).collect();
    let order_latex: Vec<String> =
        res.product_order.iter().rev().map(|&i| format!("M_{{{}}}", labels[i].latex)).collect();
    let relation = if order_text.is_empty() {
        "M_∞ = I".to_string()
    } else {
        format!("M_∞·{} = I", order_text.join("·"))
    };
    let relation_latex = format!("M_\\infty {} = I", order_latex.join(" "));
    checks.push(with_latex(
        &identity_check(format!("{relation} (product relation)"), &prod),
        format!("${relation_latex}$ (product relation)"),
    ));
    // an independent route: the finite product against the big loop run forwards (M_∞⁻¹)
    if res.local.len() >= 2 {
        if let Ok(c) = product_check(&sys, &res, opts) {
            checks.push(with_latex(
                &c,
                format!(
                    "${}$ vs the loop around all finite points (counter-clockwise)",
                    order_latex.join(" ")
                ),
            ));
        }
    }
    if let AtInfinity::Ordinary = at_inf {
        checks.push(with_latex(
            &identity_check("M at ∞ = I (∞ is an ordinary point)".into(), &m_inf),
            "$M_\\infty = I$ ($\\infty$ is an ordinary point)".into(),
        ));
    }
    if let Equation::Scalar(c, _) = &eq {
        if c.len() == 2 {
            let (p, q) = (&c[1], &c[0]);
            for (l, label) in res.local.iter().zip(&labels) {
                let Some(x0) = &l.exact else { continue };
                let Some((b, q0)) = finite_indicial(p, q, x0) else { continue };
                checks.push(trace_check(&label.text, &label.latex, &b, &q0, &l.matrix));
            }
            if let AtInfinity::Regular(Some((b, q0))) = &at_inf {
                checks.push(trace_check("∞", "\\infty", b, q0, &m_inf));
            }
        }
    }
    // extended precision: M_∞ again, and the det and product checks at ~1e-30
    let shown = opts.digits as usize + 2;
    let m_inf_ext = if opts.is_extended() {
        let m = varan_numeric::monodromy_along_extended(&sys, &inf_path, opts)
            .map_err(|e| VeFailure::Unsupported(format!("monodromy around ∞: {e}")))?;
        for c in varan_numeric::det_checks_extended(&sys, &res) {
            checks.push(extended_check(&c, shown));
        }
        if res.local.len() >= 2 {
            if let Ok(Some(c)) = varan_numeric::product_check_extended(&sys, &res, opts) {
                checks.push(extended_check(&c, shown));
            }
        }
        Some(m)
    } else {
        None
    };
    if let Some(bad) = checks.iter().find(|c| c.certified && !c.passed) {
        return Err(VeFailure::Internal(format!(
            "self-check failed beyond its bound: {} (computed {:?}, expected {:?})",
            bad.name, bad.computed, bad.expected
        )));
    }
    let var_latex = variable_latex(&variable);
    let (equation, equation_latex) = equation_texts(&eq, &variable, &var_latex);
    Ok(MonodromyJson {
        schema: "varan.monodromy/1".into(),
        model,
        source,
        variable,
        equation,
        base: [res.base.re, res.base.im],
        local: res
            .local
            .iter()
            .map(|l| LocalJson {
                point_exact: l.exact.as_ref().map(rational_text),
                point: [l.point.re, l.point.im],
                matrix: matrix_json(&l.matrix),
                path: l.path.iter().map(|z| [z.re, z.im]).collect(),
                digits: l.extended.as_ref().map(|m| ext_matrix_text(m, shown)),
            })
            .collect(),
        infinity: InfinityJson {
            matrix: matrix_json(&m_inf),
            path: inf_path.iter().map(|z| [z.re, z.im]).collect(),
            kind: at_inf.word().into(),
            residue: rational_text(&res_inf),
            digits: m_inf_ext.as_ref().map(|m| ext_matrix_text(m, shown)),
        },
        product_order: res.product_order.clone(),
        relation,
        checks,
        equation_latex,
    })
}

fn matrix_json(m: &BallMatrix) -> Vec<Vec<BallJson>> {
    let n = m.dim();
    (0..n).map(|i| (0..n).map(|j| m.get(i, j).into()).collect()).collect()
}

fn with_latex(c: &Check, latex: String) -> CheckJson {
    CheckJson { latex, ..CheckJson::from(c) }
}

/// `m` against I: the trace is shown, every entry must meet the identity's.
fn identity_check(name: String, m: &BallMatrix) -> Check {
    let n = m.dim();
    let mut check = Check::new(name, m.trace(), Ball::real(n as f64), true);
    for i in 0..n {
        for j in 0..n {
            let c = Check::new(
                String::new(),
                m.get(i, j),
                Ball::real(f64::from(u8::from(i == j))),
                true,
            );
            check.margin = check.margin.min(c.margin);
            check.passed &= c.passed;
        }
    }
    check
}

/// How a singular point is named: its exact value, else `p{k}` (1-based index).
struct Label {
    text: String,
    latex: String,
}

/// `M_0`, `M_p3`, or `M_{-1/2}` when the label is not a plain name.
fn m_text(label: &str) -> String {
    if label.chars().all(|c| c.is_ascii_alphanumeric()) {
        format!("M_{label}")
    } else {
        format!("M_{{{label}}}")
    }
}

fn point_labels(res: &MonodromyResult) -> Vec<Label> {
    res.local
        .iter()
        .enumerate()
        .map(|(k, l)| match &l.exact {
            Some(q) => Label { text: rational_text(q), latex: rational_text(q) },
            None => Label { text: format!("p{}", k + 1), latex: format!("p_{{{}}}", k + 1) },
        })
        .collect()
}

/// The value at ∞ of a rational function of non-negative order there.
fn value_at_infinity(f: &URat) -> Q {
    match f.order_at_infinity() {
        Some(0) => f.num().lead() / f.den().lead(),
        _ => Q::from_integer(0.into()),
    }
}

/// Res_∞ f = −(coefficient of x⁻¹ in the expansion of f at ∞) = −Σ finite residues.
fn residue_at_infinity(f: &URat) -> Q {
    let zero = Q::from_integer(0.into());
    let Some(m) = f.den().degree() else { return zero };
    if m == 0 {
        return zero;
    }
    match f.num().div_rem(f.den()) {
        Ok((_, r)) => -(r.coeff(m - 1) / f.den().lead()),
        Err(_) => zero,
    }
}

/// x^k as a rational function.
fn x_pow(k: i64) -> URat {
    let p = UPoly::x().pow(k.unsigned_abs() as u32);
    if k >= 0 {
        URat::poly(p)
    } else {
        URat::constant(Q::from_integer(1.into()))
            .div(&URat::poly(p))
            .unwrap_or_else(|_| URat::zero())
    }
}

/// Unsigned Lah number L(k, j): (x²D)^k = Σ_j L(k, j)·x^{k+j}·D^j.
fn lah(k: usize, j: usize) -> Q {
    let fact =
        |n: usize| (1..=n).fold(Q::from_integer(1.into()), |a, i| a * Q::from_integer(i.into()));
    match (k, j) {
        (0, 0) => Q::from_integer(1.into()),
        (_, 0) => Q::from_integer(0.into()),
        _ if j > k => Q::from_integer(0.into()),
        _ => fact(k - 1) / (fact(j - 1) * fact(k - j)) * fact(k) / fact(j),
    }
}

/// ∞ for the scalar equation u^(n) + Σ c_k u^(k) = 0. With x = 1/t, d/dx = −t²d/dt, so
/// (d/dx)^k = (−1)^k Σ_j L(k, j) t^{k+j} (d/dt)^j; divided by the leading (−1)^n t^{2n},
/// the coefficient of (d/dt)^j is P_j = Σ_k c_k (−1)^{k−n} L(k, j) x^{2n−k−j} (c_n = 1).
/// ∞ is ordinary iff every P_j is analytic at t = 0 (order ≥ 0 at x = ∞), regular iff
/// every t^{n−j}P_j is; the indicial polynomial is Σ_j (t^{n−j}P_j)(0)·ρ(ρ−1)⋯(ρ−j+1).
fn scalar_at_infinity(c: &[URat]) -> AtInfinity {
    let n = c.len();
    let coef =
        |k: usize| if k == n { URat::constant(Q::from_integer(1.into())) } else { c[k].clone() };
    let mut ordinary = true;
    let mut regular = true;
    let mut lim = Vec::with_capacity(n);
    for j in 0..n {
        let mut pj = URat::zero();
        for k in j..=n {
            let sign = if (n - k) % 2 == 0 {
                Q::from_integer(1.into())
            } else {
                Q::from_integer((-1).into())
            };
            let term = coef(k).mul(&x_pow((2 * n - k - j) as i64)).scale(&(sign * lah(k, j)));
            pj = pj.add(&term);
        }
        let ord = pj.order_at_infinity();
        ordinary &= ord.is_none_or(|o| o >= 0);
        let scaled = pj.mul(&x_pow(j as i64 - n as i64));
        let ord = scaled.order_at_infinity();
        regular &= ord.is_none_or(|o| o >= 0);
        lim.push(value_at_infinity(&scaled));
    }
    if ordinary {
        AtInfinity::Ordinary
    } else if regular {
        // second order: ρ(ρ−1) + P₁ρ + P₀ = ρ² − (1 − P₁)ρ + P₀
        let quad = (n == 2).then(|| (Q::from_integer(1.into()) - &lim[1], lim[0].clone()));
        AtInfinity::Regular(quad)
    } else {
        AtInfinity::Irregular
    }
}

/// ∞ for Y' = A·Y: with x = 1/t, dY/dt = −t⁻²A(1/t)·Y, analytic when every entry of A is
/// O(x⁻²), a simple pole (regular singular point) when every entry is O(x⁻¹).
fn system_at_infinity(a: &[Vec<URat>]) -> AtInfinity {
    let min_order = a.iter().flatten().filter_map(URat::order_at_infinity).min();
    match min_order {
        None => AtInfinity::Ordinary,
        Some(o) if o >= 2 => AtInfinity::Ordinary,
        Some(1) => AtInfinity::Regular(None),
        Some(_) => AtInfinity::Singular,
    }
}

/// For u'' + p u' + q u = 0 at a rational x₀: p₀ = ((x − x₀)p)(x₀), q₀ = ((x − x₀)²q)(x₀)
/// when both exist (regular singular point), as (b, q₀) with b = 1 − p₀: the indicial
/// equation ρ(ρ − 1) + p₀ρ + q₀ = 0 is ρ² − bρ + q₀ = 0 (Ince, ch. 16).
fn finite_indicial(p: &URat, q: &URat, x0: &Q) -> Option<(Q, Q)> {
    let lin = URat::poly(UPoly::linear_root(x0.clone()));
    let p0 = p.mul(&lin).eval(x0).ok()?;
    let q0 = q.mul(&lin).mul(&lin).eval(x0).ok()?;
    Some((Q::from_integer(1.into()) - p0, q0))
}

fn digits_text(out: &mut String, d: &[Vec<String>]) {
    for row in d {
        out.push_str(&format!("  [{}]\n", row.join(", ")));
    }
}

/// tr M against e^{2πiρ₁} + e^{2πiρ₂}, ρ the roots of ρ² − bρ + q₀ = 0: the eigenvalues of
/// a local monodromy at a regular singular point are e^{2πiρ}.
fn trace_check(text: &str, latex: &str, b: &Q, q0: &Q, m: &BallMatrix) -> CheckJson {
    let disc = b * b - Q::from_integer(4.into()) * q0;
    let half = Ball::from_rational(&Q::new(1.into(), 2.into()));
    let root = Ball::sqrt_of_rational(&disc);
    let bb = Ball::from_rational(b);
    let r1 = (bb + root) * half;
    let r2 = (bb - root) * half;
    let expected = (Ball::two_pi_i() * r1).exp() + (Ball::two_pi_i() * r2).exp();
    let check =
        Check::new(format!("tr M at {text} vs e^(2πiρ1) + e^(2πiρ2)"), m.trace(), expected, true);
    with_latex(
        &check,
        format!(
            "$\\operatorname{{tr}} M_{{{latex}}}$ vs $e^{{2\\pi i\\rho_1}} + e^{{2\\pi i\\rho_2}}$, $\\rho^2{}{} = 0$",
            signed_term(&-b.clone(), "\\rho"),
            signed_term(q0, "")
        ),
    )
}

/// ` + c·t` / ` - |c|·t` in LaTeX, empty for c = 0 (`t` empty: the constant term).
fn signed_term(c: &Q, t: &str) -> String {
    let zero = Q::from_integer(0.into());
    if *c == zero {
        return String::new();
    }
    let (sign, a) = if *c < zero { ("-", -c.clone()) } else { ("+", c.clone()) };
    let coefficient = if a == Q::from_integer(1.into()) && !t.is_empty() {
        String::new()
    } else {
        URat::constant(a).to_latex("x")
    };
    format!(" {sign} {coefficient}{t}")
}

/// The variable's name in LaTeX math.
fn variable_latex(v: &str) -> String {
    if v.chars().count() == 1 && v.chars().all(|c| c.is_ascii_alphabetic()) {
        v.to_string()
    } else {
        format!("\\mathit{{{}}}", crate::latex::escape_text(v))
    }
}

/// The n-th derivative of `u` as text (`u''`, `u^(4)`) and LaTeX.
fn derivative(u: &str, k: usize, latex: bool) -> String {
    match (k, latex) {
        (0..=3, _) => format!("{u}{}", "'".repeat(k)),
        (_, false) => format!("{u}^({k})"),
        (_, true) => format!("{u}^{{({k})}}"),
    }
}

fn equation_texts(eq: &Equation, var: &str, var_latex: &str) -> (String, String) {
    match eq {
        Equation::Scalar(c, u) => {
            let u_latex = variable_latex(u);
            let n = c.len();
            let mut text = derivative(u, n, false);
            let mut latex = derivative(&u_latex, n, true);
            for k in (0..n).rev() {
                let ck = &c[k];
                if ck.is_zero() {
                    continue;
                }
                text.push_str(&format!(" + ({})·{}", ck.to_text(var), derivative(u, k, false)));
                let coefficient = match ck.as_constant() {
                    Some(q) if q == Q::from_integer(1.into()) => String::new(),
                    _ => format!("\\left({}\\right)", ck.to_latex(var_latex)),
                };
                latex.push_str(&format!(" + {coefficient}{}", derivative(&u_latex, k, true)));
            }
            text.push_str(" = 0");
            latex.push_str(" = 0");
            (text, latex)
        }
        Equation::System(a) => {
            let rows: Vec<String> = a
                .iter()
                .map(|r| {
                    format!("[{}]", r.iter().map(|x| x.to_text(var)).collect::<Vec<_>>().join(", "))
                })
                .collect();
            (
                format!("Y' = A({var})·Y, A = [{}]", rows.join(", ")),
                format!(
                    "Y' = A({var_latex})\\,Y,\\qquad A = {}",
                    crate::latex::rat_matrix(a, var_latex)
                ),
            )
        }
    }
}

/// An approximate complex number as `re ± im i`, parts below 10⁻¹² of the larger one shown
/// as 0, at most 12 decimals.
pub(crate) fn approx_text(z: [f64; 2]) -> String {
    let scale = z[0].abs().max(z[1].abs());
    let clean = |x: f64| if x.abs() <= 1e-12 * scale { 0.0 } else { x };
    let short = |x: f64| {
        let s = format!("{x:.12}");
        let s = s.trim_end_matches('0').trim_end_matches('.');
        if s == "-0" {
            "0".to_string()
        } else {
            s.to_string()
        }
    };
    let (re, im) = (clean(z[0]), clean(z[1]));
    format!("{} {} {}i", short(re), if im < 0.0 { "-" } else { "+" }, short(im.abs()))
}

fn ball_text(b: &BallJson) -> String {
    format!(
        "({:.15} {} {:.15}i) ± {:.1e}",
        b.re,
        if b.im < 0.0 { "-" } else { "+" },
        b.im.abs(),
        b.rad
    )
}

fn matrix_text(out: &mut String, m: &[Vec<BallJson>]) {
    for row in m {
        let cells: Vec<String> = row.iter().map(ball_text).collect();
        out.push_str(&format!("  [{}]\n", cells.join(", ")));
    }
}

impl MonodromyJson {
    /// How the k-th local point is named (`0`, `1/2`, or `p3` when not rational).
    pub fn point_label(&self, k: usize) -> String {
        self.local
            .get(k)
            .and_then(|l| l.point_exact.clone())
            .unwrap_or_else(|| format!("p{}", k + 1))
    }

    /// Human-readable text.
    pub fn to_text(&self) -> String {
        let mut out = format!(
            "monodromy: {} — {} in {}; base point {}\n  {}\n",
            self.model,
            self.source,
            self.variable,
            approx_text(self.base),
            self.equation
        );
        out.push_str(&format!(
            "  loops: counter-clockwise around each point; M_∞ clockwise around all finite \
             points, so that {}\n",
            self.relation
        ));
        for (k, l) in self.local.iter().enumerate() {
            let p = match &l.point_exact {
                Some(e) => e.clone(),
                None => format!("p{} ≈ {}", k + 1, approx_text(l.point)),
            };
            out.push_str(&format!("\nM at {} = {p}:\n", self.variable));
            match &l.digits {
                Some(d) => digits_text(&mut out, d),
                None => matrix_text(&mut out, &l.matrix),
            }
        }
        out.push_str(&format!(
            "\nM at {} = ∞ ({}; Res_∞ tr A = {}):\n",
            self.variable, self.infinity.kind, self.infinity.residue
        ));
        match &self.infinity.digits {
            Some(d) => digits_text(&mut out, d),
            None => matrix_text(&mut out, &self.infinity.matrix),
        }
        out.push_str("\nself-checks (balls must meet):\n");
        for c in &self.checks {
            out.push_str(&format!(
                "  {}: {} — {}{}\n",
                c.name,
                c.decimal.clone().unwrap_or_else(|| format!(
                    "{} vs {}",
                    ball_text(&c.computed),
                    ball_text(&c.expected)
                )),
                if c.passed { "ok" } else { "FAILED" },
                if c.certified { "" } else { " (expected value not certified)" }
            ));
        }
        out
    }

    /// LaTeX: a fragment (needs amsmath and graphicx), or with `standalone` a complete
    /// document for pdflatex.
    pub fn to_latex(&self, standalone: bool) -> String {
        let body = crate::latex::monodromy_body(self);
        if standalone {
            crate::latex::standalone_with(
                &format!("varan: monodromy of {}", self.model),
                &body,
                &["graphicx"],
            )
        } else {
            body
        }
    }

    /// An SVG figure of the complex plane: singular points, base point, every loop.
    pub fn to_svg(&self) -> String {
        plot::svg(self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn q(n: i64, d: i64) -> Q {
        Q::new(n.into(), d.into())
    }

    /// c/x^k.
    fn over_x(c: Q, k: i64) -> URat {
        URat::constant(c).mul(&x_pow(-k))
    }

    /// The point ∞ of scalar equations with known solutions there: u'' + (2/x)u' = 0
    /// (solutions 1, 1/x: ∞ ordinary), u''' + (6/x)u'' + (6/x²)u' = 0 (solutions 1, 1/x,
    /// 1/x²: ordinary; checks the Lah-number transformation at order 3), u''' = 0 (1, x,
    /// x²: a regular singular point), Airy u'' = xu (irregular), and the Gauss equation
    /// (regular, exponents a and b: ρ² − (a + b)ρ + ab = 0).
    #[test]
    fn infinity_of_scalar_equations() {
        let zero = URat::zero();
        assert!(matches!(
            scalar_at_infinity(&[zero.clone(), over_x(q(2, 1), 1)]),
            AtInfinity::Ordinary
        ));
        assert!(matches!(
            scalar_at_infinity(&[zero.clone(), over_x(q(6, 1), 2), over_x(q(6, 1), 1)]),
            AtInfinity::Ordinary
        ));
        assert!(matches!(
            scalar_at_infinity(&[zero.clone(), zero.clone(), zero.clone()]),
            AtInfinity::Regular(None)
        ));
        assert!(matches!(
            scalar_at_infinity(&[URat::poly(UPoly::x()).neg(), zero.clone()]),
            AtInfinity::Irregular
        ));
        let (a, b, c) = (q(1, 2), q(1, 3), q(1, 4));
        // p = (c − (a+b+1)x)/(x(1−x)), q = −ab/(x(1−x))
        let den = URat::poly(UPoly::from_coeffs(vec![q(0, 1), q(1, 1), q(-1, 1)]));
        let p = URat::poly(UPoly::from_coeffs(vec![c.clone(), -(&a + &b + q(1, 1))]))
            .div(&den)
            .unwrap();
        let qq = URat::constant(-(&a * &b)).div(&den).unwrap();
        match scalar_at_infinity(&[qq, p.clone()]) {
            AtInfinity::Regular(Some((s, prod))) => {
                assert_eq!(s, &a + &b);
                assert_eq!(prod, &a * &b);
            }
            _ => panic!("∞ is a regular singular point of the Gauss equation"),
        }
        // tr A = −p: Res_0 = −c, Res_1 = c − a − b − 1, so Res_∞ = a + b + 1
        assert_eq!(residue_at_infinity(&p.neg()), &a + &b + q(1, 1));
    }

    /// Systems: A = O(x⁻²) is ordinary at ∞, O(x⁻¹) regular, otherwise undecided.
    #[test]
    fn infinity_of_systems() {
        let inv2 = over_x(q(1, 1), 2);
        let inv1 = over_x(q(1, 1), 1);
        let one = URat::constant(q(1, 1));
        let z = URat::zero();
        assert!(matches!(system_at_infinity(&[vec![inv2.clone()]]), AtInfinity::Ordinary));
        assert!(matches!(
            system_at_infinity(&[vec![inv2, inv1.clone()], vec![z.clone(), z.clone()]]),
            AtInfinity::Regular(None)
        ));
        assert!(matches!(system_at_infinity(&[vec![one]]), AtInfinity::Singular));
        // Res_∞ (1/x) = −1, Res_∞ (x²/(x − 1)) = −1 (x + 1 + 1/(x − 1))
        assert_eq!(residue_at_infinity(&inv1), q(-1, 1));
        let f = URat::poly(UPoly::x().mul(&UPoly::x()))
            .div(&URat::poly(UPoly::linear_root(q(1, 1))))
            .unwrap();
        assert_eq!(residue_at_infinity(&f), q(-1, 1));
        assert_eq!(lah(3, 1), q(6, 1));
        assert_eq!(lah(3, 2), q(6, 1));
        assert_eq!(lah(4, 2), q(36, 1));
    }
}
