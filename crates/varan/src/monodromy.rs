//! `monodromy`: certified local monodromy matrices of a linear `ode` or of a block of the
//! variational equation, with the self-checks of `MATH.md` §6 (schema
//! `varan.monodromy/1`). The numerics are varan-numeric's ball arithmetic; every entry is
//! printed as midpoint ± proven radius.

use num_complex::Complex64;
use serde::Serialize;
use varan_algebra::{algebraize, rational_text, URat, Variable};
use varan_numeric::{
    det_checks, local_monodromies, product_check, Ball, Check, MonodromyOptions, RationalSystem,
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
}

impl From<&Check> for CheckJson {
    fn from(c: &Check) -> Self {
        CheckJson {
            name: c.name.clone(),
            computed: c.computed.into(),
            expected: c.expected.into(),
            certified: c.certified,
            passed: c.passed,
        }
    }
}

/// The JSON document of `varan monodromy` (schema `varan.monodromy/1`).
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct MonodromyJson {
    /// Always `"varan.monodromy/1"`.
    pub schema: String,
    /// The definition's name.
    pub model: String,
    /// Which equation (`ode NAME` or `block K (labels)`).
    pub source: String,
    /// The variable of the equation.
    pub variable: String,
    /// The base point.
    pub base: [f64; 2],
    /// The local monodromies, one per finite singular point.
    pub local: Vec<LocalJson>,
    /// The order in which the local loops compose to one loop around all finite points.
    pub product_order: Vec<usize>,
    /// det M_p against exp(2πi·Res_p tr A), and the product relation.
    pub checks: Vec<CheckJson>,
}

/// Computes the certified local monodromies of definition `name` of `src`: an `ode`, or
/// block `block` (1-based; default: the first block of size ≥ 2) of the VE along `along`.
pub fn monodromy(
    src: &str,
    name: Option<&str>,
    along: Option<&str>,
    block: Option<usize>,
    base: Option<Complex64>,
) -> Result<MonodromyJson, VeFailure> {
    let problem = load(src, name).map_err(VeFailure::Input)?;
    let mut pq: Option<(URat, URat)> = None;
    let (sys, source, variable, model) = if let Some(lin) = &problem.linear {
        let (var, a) = crate::galois::linear_matrix(&problem, lin)?;
        let sys =
            RationalSystem::from_matrix(&a).map_err(|e| VeFailure::Unsupported(e.to_string()))?;
        (sys, format!("linear {}", problem.name), var, problem.name.clone())
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
        let monic: Vec<URat> = c[..c.len() - 1]
            .iter()
            .map(|x| x.div(&lead))
            .collect::<Result<_, _>>()
            .map_err(|e| VeFailure::Unsupported(e.to_string()))?;
        if monic.len() == 2 {
            pq = Some((monic[1].clone(), monic[0].clone()));
        }
        let sys = RationalSystem::from_scalar(&monic)
            .map_err(|e| VeFailure::Unsupported(e.to_string()))?;
        (sys, format!("ode {}", problem.name), var, problem.name.clone())
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
        let sys =
            RationalSystem::from_matrix(&b.a).map_err(|e| VeFailure::Unsupported(e.to_string()))?;
        (
            sys,
            format!("block {k} ({})", b.labels.join(", ")),
            r.ve.variable_name(),
            r.problem.name.clone(),
        )
    };
    let mut opts = MonodromyOptions::default();
    if let Some(b) = base {
        opts = opts.base(b);
    }
    let res = local_monodromies(&sys, &opts)
        .map_err(|e| VeFailure::Unsupported(format!("monodromy: {e}")))?;
    let mut checks: Vec<Check> = det_checks(&sys, &res);
    if res.local.len() >= 2 {
        if let Ok(c) = product_check(&sys, &res, &opts) {
            checks.push(c);
        }
    }
    if let Some((p, q)) = &pq {
        checks.extend(exponent_checks(p, q, &res));
    }
    if let Some(bad) = checks.iter().find(|c| c.certified && !c.passed) {
        return Err(VeFailure::Internal(format!(
            "self-check failed beyond its bound: {} (computed {:?}, expected {:?})",
            bad.name, bad.computed, bad.expected
        )));
    }
    let n = sys.dim();
    Ok(MonodromyJson {
        schema: "varan.monodromy/1".into(),
        model,
        source,
        variable,
        base: [res.base.re, res.base.im],
        local: res
            .local
            .iter()
            .map(|l| LocalJson {
                point_exact: l.exact.as_ref().map(rational_text),
                point: [l.point.re, l.point.im],
                matrix: (0..n)
                    .map(|i| (0..n).map(|j| l.matrix.get(i, j).into()).collect())
                    .collect(),
            })
            .collect(),
        product_order: res.product_order.clone(),
        checks: checks.iter().map(CheckJson::from).collect(),
    })
}

/// For u'' + p u' + q u = 0: at each rational regular singular point c, the trace of M_c
/// against e^{2πiρ₁} + e^{2πiρ₂} with ρ the roots of the indicial equation
/// ρ(ρ − 1) + p₀ρ + q₀ = 0, p₀ = ((x − c)p)(c), q₀ = ((x − c)²q)(c) (Ince, ch. 16):
/// the eigenvalues of the local monodromy are e^{2πiρ}.
fn exponent_checks(p: &URat, q: &URat, res: &varan_numeric::MonodromyResult) -> Vec<Check> {
    use varan_algebra::UPoly;
    let mut out = Vec::new();
    for l in &res.local {
        let Some(c) = &l.exact else { continue };
        let lin = URat::poly(UPoly::linear_root(c.clone()));
        let (Ok(p0), Ok(q0)) = (p.mul(&lin).eval(c), q.mul(&lin).mul(&lin).eval(c)) else {
            continue; // not a regular singular point
        };
        let one = varan_algebra::Q::from_integer(1.into());
        let b = &one - &p0; // ρ² − (1 − p₀)ρ + q₀ = 0
        let disc = &b * &b - varan_algebra::Q::from_integer(4.into()) * &q0;
        let half = Ball::from_rational(&varan_algebra::Q::new(1.into(), 2.into()));
        let root = Ball::sqrt_of_rational(&disc);
        let bb = Ball::from_rational(&b);
        let r1 = (bb + root) * half;
        let r2 = (bb - root) * half;
        let expected = (Ball::two_pi_i() * r1).exp() + (Ball::two_pi_i() * r2).exp();
        out.push(Check::new(
            format!("tr M at {} vs e^(2πiρ1) + e^(2πiρ2)", rational_text(c)),
            l.matrix.trace(),
            expected,
            true,
        ));
    }
    out
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

impl MonodromyJson {
    /// Human-readable text.
    pub fn to_text(&self) -> String {
        let mut out = format!(
            "monodromy: {} — {} in {}; base point {} + {}i\n",
            self.model, self.source, self.variable, self.base[0], self.base[1]
        );
        for l in &self.local {
            let p = l
                .point_exact
                .clone()
                .unwrap_or_else(|| format!("{} + {}i", l.point[0], l.point[1]));
            out.push_str(&format!("\nM at {} = {p}:\n", self.variable));
            for row in &l.matrix {
                let cells: Vec<String> = row.iter().map(ball_text).collect();
                out.push_str(&format!("  [{}]\n", cells.join(", ")));
            }
        }
        out.push_str("\nself-checks (balls must meet):\n");
        for c in &self.checks {
            out.push_str(&format!(
                "  {}: {} vs {} — {}{}\n",
                c.name,
                ball_text(&c.computed),
                ball_text(&c.expected),
                if c.passed { "ok" } else { "FAILED" },
                if c.certified { "" } else { " (expected value not certified)" }
            ));
        }
        out
    }
}
