//! `flow`: one trajectory of θ' = V(θ) (a gradient flow, a system, Hamilton's equations)
//! integrated in f64 by the adaptive Dormand–Prince 5(4) pair of `varan_numeric`, with the
//! loss (or the Hamiltonian) along the way, the drift of conserved quantities, the plateaus
//! where the flow slowed down matched to the fixed points of the atlas (the saddles of the
//! saddle-to-saddle picture, \[ZSL25\]), and an SVG of loss versus time (schema
//! `varan.flow/1` in `docs/json.md`).
//!
//! Conserved quantities monitored: the Hamiltonian of a `hamiltonian`; for models, the
//! quadratic first integrals found cheaply (`varan_flow::quadratic_first_integrals`: the
//! entries of W1·W1ᵀ − W2ᵀ·W2 between units, differences of squares, products); and any
//! expression given with `--conserved`. Each is also checked exactly (∇h·V = 0 by the zero
//! test), so a drift is never mistaken for a law. Limits: no error bound on the trajectory;
//! a plateau is a local minimum of ‖V‖ in time at least five times below the speed before and
//! after it, and it is matched to a fixed point by its loss level (1 % relative), which
//! identifies a manifold of critical points rather than a single point.

use rustc_hash::FxHashMap;
use serde::Serialize;
use varan_algebra::{ExprId, Symbol, Truth};
use varan_flow::{
    expr_from_str, hessian_field, hidden_units, is_first_integral, narrow_network, output_bases,
    quadratic_first_integrals, Problem,
};
use varan_numeric::{integrate, Evaluator, OdeOptions};
use varan_syntax::ItemKind;

use crate::atlas::{
    atlas_of, check_constants, parse_point, substitute_constants, AtlasError, AtlasOptions,
};
use crate::derive::load_flow;

/// Settings of [`trajectory`].
#[derive(Debug, Clone, PartialEq)]
pub struct FlowOptions {
    /// The initial point, `name = value, ...` (every state variable).
    pub from: String,
    /// The final time T > 0.
    pub until: f64,
    /// Relative and absolute tolerance of the local error (default 1e-10).
    pub tol: f64,
    /// Expressions to monitor, besides the detected ones.
    pub conserved: Vec<String>,
    /// Compute the atlas's fixed points and mark the plateaus near them (models only).
    pub mark_fixed_points: bool,
    /// Newton starts for the atlas.
    pub starts: usize,
    /// Plot time on a logarithmic axis.
    pub log_time: bool,
}

impl Default for FlowOptions {
    fn default() -> Self {
        FlowOptions {
            from: String::new(),
            until: 1.0,
            tol: 1e-10,
            conserved: Vec::new(),
            mark_fixed_points: true,
            starts: 8,
            log_time: false,
        }
    }
}

/// The JSON document of `varan flow --format json` (schema `varan.flow/1`).
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct FlowJson {
    /// Always `"varan.flow/1"`.
    pub schema: String,
    /// The definition's name.
    pub model: String,
    /// `"model"`, `"system"` or `"hamiltonian"`.
    pub kind: String,
    /// The state variables, in order.
    pub parameters: Vec<String>,
    /// θ(0).
    pub initial: Vec<f64>,
    /// The requested final time.
    pub until: f64,
    /// The time reached (equal to `until` unless the integration stopped).
    pub reached: f64,
    /// Why the integration stopped early, if it did.
    pub stopped: Option<String>,
    /// The method.
    pub method: String,
    /// The tolerance.
    pub tolerance: f64,
    /// Accepted steps.
    pub steps: usize,
    /// Rejected steps.
    pub rejected_steps: usize,
    /// Evaluations of the field.
    pub evaluations: usize,
    /// What `samples[].value` is: `"loss"`, `"H"` or `"|V|"`.
    pub quantity: String,
    /// The trajectory at the accepted steps (thinned to at most 1000 points, first and last
    /// kept).
    pub samples: Vec<SampleJson>,
    /// θ(reached).
    pub final_state: Vec<f64>,
    /// Monitored quantities and their drift.
    pub conserved: Vec<DriftJson>,
    /// The atlas's fixed points (models, unless disabled).
    pub fixed_points: Vec<FixedPointRef>,
    /// Plateaus: where the flow slowed down, and the fixed point at that loss level.
    pub plateaus: Vec<PlateauJson>,
}

/// One point of the trajectory.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct SampleJson {
    /// Time.
    pub t: f64,
    /// The loss, H, or ‖V‖ (see `quantity`).
    pub value: f64,
    /// ‖V(θ(t))‖.
    pub speed: f64,
}

/// A monitored quantity.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct DriftJson {
    /// h(θ) in varan's syntax.
    pub expression: String,
    /// `"hamiltonian"`, `"quadratic"` (found by varan, with its origin) or `"given"`.
    pub source: String,
    /// Whether ∇h·V = 0 is `"proven"`, `"disproven"` or `"unknown"`.
    pub exact: String,
    /// h(θ(0)).
    pub initial: f64,
    /// max_t |h(θ(t)) − h(θ(0))| over the accepted steps.
    pub max_drift: f64,
}

/// A fixed point from the atlas, as used for the marks.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct FixedPointRef {
    /// Its id in `varan atlas`.
    pub id: usize,
    /// Its label (saddle, minimum, …).
    pub label: String,
    /// Its index.
    pub index: usize,
    /// L there.
    pub loss: f64,
}

/// A plateau of the trajectory.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct PlateauJson {
    /// The time of the local minimum of ‖V‖.
    pub t: f64,
    /// The loss there.
    pub loss: f64,
    /// ‖V‖ there.
    pub speed: f64,
    /// The id of the fixed point at this loss level, if any.
    pub fixed_point: Option<usize>,
    /// Its label and index (`saddle, index 1`), or why none matched.
    pub description: String,
}

/// One accepted step.
struct Record {
    t: f64,
    value: f64,
    speed: f64,
    laws: Vec<f64>,
}

/// A quantity to monitor.
struct Monitored {
    expr: ExprId,
    source: String,
    exact: Truth,
}

fn truth_word(t: Truth) -> &'static str {
    match t {
        Truth::True => "proven",
        Truth::False => "disproven",
        Truth::Unknown => "unknown",
    }
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

/// The quantities to monitor along the trajectory.
fn monitored(problem: &mut Problem, given: &[String]) -> Result<Vec<Monitored>, AtlasError> {
    let mut out = Vec::new();
    if let Some(h) = problem.hamiltonian {
        let exact = is_first_integral(problem, h);
        out.push(Monitored { expr: h, source: "hamiltonian".into(), exact });
    }
    if problem.kind == ItemKind::Model {
        let layout = hidden_units(problem);
        let outs = match &layout {
            Some(l) => {
                let last = l.units.len() - 1;
                match narrow_network(problem, l, last) {
                    Ok(n) => output_bases(problem, l, &n),
                    Err(_) => None,
                }
            }
            None => None,
        };
        for law in quadratic_first_integrals(problem, layout.as_ref(), outs.as_deref()) {
            out.push(Monitored {
                expr: law.expr,
                source: format!("quadratic ({})", law.origin),
                exact: Truth::True,
            });
        }
    }
    for text in given {
        let e = expr_from_str(&mut problem.pool, text).map_err(|d| {
            let msg = d.first().map(|d| d.message.clone()).unwrap_or_default();
            AtlasError::Spec(format!("--conserved: cannot read '{text}': {msg}"))
        })?;
        let e = substitute_constants(problem, e);
        let unknown: Vec<String> = problem
            .pool
            .free_symbols(e)
            .into_iter()
            .filter(|s| !problem.state.contains(s))
            .map(|s| problem.pool.symbol_name(s).to_string())
            .collect();
        if !unknown.is_empty() {
            return Err(AtlasError::Spec(format!(
                "--conserved: '{text}' uses {}, which {} not a state variable ({})",
                unknown.join(", "),
                if unknown.len() == 1 { "is" } else { "are" },
                problem.state_names().join(", ")
            )));
        }
        let exact = is_first_integral(problem, e);
        // a given quantity replaces a detected one with the same text
        let text = problem.pool.to_text(e);
        out.retain(|m: &Monitored| m.source == "given" || problem.pool.to_text(m.expr) != text);
        out.push(Monitored { expr: e, source: "given".into(), exact });
    }
    Ok(out)
}

/// Integrates the flow of definition `name` of `src` as `options` say.
pub fn trajectory(
    src: &str,
    name: Option<&str>,
    options: &FlowOptions,
) -> Result<FlowJson, AtlasError> {
    let mut problem = load_flow(src, name).map_err(AtlasError::Input)?;
    check_constants(&problem)?;
    if !(options.until.is_finite() && options.until > 0.0) {
        return Err(AtlasError::Spec(format!(
            "--until must be a positive finite time, found {}",
            options.until
        )));
    }
    if !(options.tol.is_finite() && options.tol > 0.0 && options.tol < 1.0) {
        return Err(AtlasError::Spec(format!(
            "--tol must be a number in (0, 1), found {}",
            options.tol
        )));
    }
    let names = problem.state_names();
    let (x0, _) = parse_point(&mut problem, &options.from, &names, "--from")?;
    let laws = monitored(&mut problem, &options.conserved)?;
    let (quantity, qexpr) = match (problem.loss, problem.hamiltonian) {
        (Some(l), _) => ("loss", Some(l)),
        (None, Some(h)) => ("H", Some(h)),
        _ => ("|V|", None),
    };
    let mut records: Vec<Record> = Vec::new();
    let mut last_state = x0.clone();
    let result = {
        let p = &problem;
        let env = |y: &[f64]| -> FxHashMap<Symbol, f64> {
            p.state.iter().copied().zip(y.iter().copied()).collect()
        };
        let field = |y: &[f64], out: &mut [f64]| {
            let mut ev = Evaluator::new(&p.pool, env(y));
            for (o, e) in out.iter_mut().zip(&p.field) {
                *o = ev.eval(*e).unwrap_or(f64::NAN);
            }
        };
        let observe = |t: f64, y: &[f64], dy: &[f64]| {
            let mut ev = Evaluator::new(&p.pool, env(y));
            let speed = dy.iter().map(|v| v * v).sum::<f64>().sqrt();
            let value = match qexpr {
                Some(e) => ev.eval(e).unwrap_or(f64::NAN),
                None => speed,
            };
            let laws = laws.iter().map(|m| ev.eval(m.expr).unwrap_or(f64::NAN)).collect();
            records.push(Record { t, value, speed, laws });
            last_state = y.to_vec();
        };
        let opts = OdeOptions::default().tol(options.tol);
        integrate(field, &x0, options.until, &opts, observe)
    };
    let (steps, rejected, evaluations, stopped) = match result {
        Ok(s) => (s.accepted, s.rejected, s.evaluations, None),
        Err(e) => (records.len().saturating_sub(1), 0, 0, Some(e.to_string())),
    };
    let reached = records.last().map_or(0.0, |r| r.t);
    let conserved = laws
        .iter()
        .enumerate()
        .map(|(k, m)| {
            let h0 = records.first().map_or(f64::NAN, |r| r.laws[k]);
            let drift = records.iter().map(|r| (r.laws[k] - h0).abs()).fold(0.0, f64::max);
            DriftJson {
                expression: problem.pool.to_text(m.expr),
                source: m.source.clone(),
                exact: truth_word(m.exact).into(),
                initial: h0,
                max_drift: drift,
            }
        })
        .collect();
    let mut fixed_points = Vec::new();
    if options.mark_fixed_points && problem.kind == ItemKind::Model {
        let dv = hessian_field(&mut problem.pool, &problem.field, &problem.state);
        let a = atlas_of(
            &mut problem,
            &dv,
            &AtlasOptions { critical: None, starts: options.starts, unit: None },
        )?;
        fixed_points = a
            .fixed_points
            .iter()
            .map(|f| FixedPointRef {
                id: f.id,
                label: f.label.clone(),
                index: f.index,
                loss: f.loss,
            })
            .collect();
    }
    let plateaus = if problem.kind == ItemKind::Model {
        plateaus(&records, &fixed_points)
    } else {
        Vec::new()
    };
    Ok(FlowJson {
        schema: "varan.flow/1".into(),
        model: problem.name.clone(),
        kind: kind_word(problem.kind).into(),
        parameters: names,
        initial: x0,
        until: options.until,
        reached,
        stopped,
        method: "Dormand–Prince 5(4), adaptive step".into(),
        tolerance: options.tol,
        steps,
        rejected_steps: rejected,
        evaluations,
        quantity: quantity.into(),
        samples: thin(&records, 1000),
        final_state: last_state,
        conserved,
        fixed_points,
        plateaus,
    })
}

/// At most `max` samples, evenly spread over the steps, first and last kept.
fn thin(records: &[Record], max: usize) -> Vec<SampleJson> {
    let n = records.len();
    let pick: Vec<usize> = if n <= max {
        (0..n).collect()
    } else {
        let mut v: Vec<usize> = (0..max).map(|i| i * (n - 1) / (max - 1)).collect();
        v.dedup();
        v
    };
    pick.into_iter()
        .map(|i| SampleJson { t: records[i].t, value: records[i].value, speed: records[i].speed })
        .collect()
}

/// How far the speed must dip below its largest value before and after a plateau.
pub const DIP: f64 = 0.2;

/// Local minima of the speed at most [`DIP`] times the largest speed before and after them
/// (a fivefold slowdown), matched to fixed points by loss level.
fn plateaus(records: &[Record], fixed: &[FixedPointRef]) -> Vec<PlateauJson> {
    let n = records.len();
    if n < 3 {
        return Vec::new();
    }
    let g: Vec<f64> = records.iter().map(|r| r.speed).collect();
    // running maxima from the left and from the right
    let mut left = vec![0.0_f64; n];
    let mut right = vec![0.0_f64; n];
    for i in 1..n {
        left[i] = left[i - 1].max(g[i - 1]);
    }
    for i in (0..n - 1).rev() {
        right[i] = right[i + 1].max(g[i + 1]);
    }
    let mut out: Vec<PlateauJson> = Vec::new();
    for i in 0..n {
        let local = (i == 0 || g[i] <= g[i - 1]) && (i == n - 1 || g[i] <= g[i + 1]);
        let dip = (i == 0 || g[i] <= DIP * left[i]) && (i == n - 1 || g[i] <= DIP * right[i]);
        if !local || !dip || !g[i].is_finite() {
            continue;
        }
        let loss = records[i].value;
        let m = fixed
            .iter()
            .filter(|f| (f.loss - loss).abs() <= 1e-2 * f.loss.abs() + 1e-6)
            .min_by(|a, b| (a.loss - loss).abs().total_cmp(&(b.loss - loss).abs()));
        let endpoint = i == 0 || i == n - 1;
        if endpoint && m.is_none() {
            // the start or the end of a trajectory still on its way is not a plateau
            continue;
        }
        let (fixed_point, description) = match m {
            Some(f) => {
                (Some(f.id), format!("fixed point [{}]: {}, index {}", f.id, f.label, f.index))
            }
            None => (None, "no fixed point of the atlas at this loss level".to_string()),
        };
        // one mark per visit: a neighbouring mark at the same fixed point keeps the slower
        if let Some(prev) = out.last_mut() {
            if prev.fixed_point == fixed_point && fixed_point.is_some() {
                if g[i] < prev.speed {
                    *prev = PlateauJson {
                        t: records[i].t,
                        loss,
                        speed: g[i],
                        fixed_point,
                        description,
                    };
                }
                continue;
            }
        }
        out.push(PlateauJson { t: records[i].t, loss, speed: g[i], fixed_point, description });
    }
    out
}

fn fmt(x: f64) -> String {
    if x == 0.0 {
        "0".into()
    } else if (1e-3..1e5).contains(&x.abs()) {
        let s = format!("{x:.6}");
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    } else {
        format!("{x:.3e}")
    }
}

impl FlowJson {
    /// Human-readable text.
    pub fn to_text(&self) -> String {
        let init: Vec<String> = self
            .parameters
            .iter()
            .zip(&self.initial)
            .map(|(n, v)| format!("{n} = {}", fmt(*v)))
            .collect();
        let mut out = format!(
            "{}: {} flow from {}\nintegrated to t = {} by {} (tolerance {:e}): {} steps, {} rejected, {} evaluations\n",
            self.model,
            if self.kind == "model" { "gradient" } else { self.kind.as_str() },
            init.join(", "),
            fmt(self.reached),
            self.method,
            self.tolerance,
            self.steps,
            self.rejected_steps,
            self.evaluations
        );
        if let Some(s) = &self.stopped {
            out.push_str(&format!("stopped early: {s}\n"));
        }
        out.push_str(&format!("\n{:>14}  {:>16}  {:>12}\n", "t", self.quantity, "|V|"));
        let n = self.samples.len();
        let rows = 12.min(n);
        let mut shown: Vec<usize> =
            (0..rows).map(|i| if rows > 1 { i * (n - 1) / (rows - 1) } else { 0 }).collect();
        shown.dedup();
        for i in shown {
            let s = &self.samples[i];
            out.push_str(&format!(
                "{:>14}  {:>16}  {:>12}\n",
                fmt(s.t),
                fmt(s.value),
                format!("{:.3e}", s.speed)
            ));
        }
        let fin: Vec<String> = self
            .parameters
            .iter()
            .zip(&self.final_state)
            .map(|(n, v)| format!("{n} = {}", fmt(*v)))
            .collect();
        out.push_str(&format!("\nfinal state: {}\n", fin.join(", ")));
        if !self.conserved.is_empty() {
            out.push_str("\nconserved quantities (drift = max |h(t) − h(0)|):\n");
            for c in &self.conserved {
                out.push_str(&format!(
                    "  {}   [{}; ∇h·V = 0 {}]   h(0) = {}, drift {:.2e}\n",
                    c.expression,
                    c.source,
                    c.exact,
                    fmt(c.initial),
                    c.max_drift
                ));
            }
        }
        if !self.plateaus.is_empty() {
            out.push_str("\nplateaus (the flow slowed down):\n");
            for p in &self.plateaus {
                out.push_str(&format!(
                    "  t = {}, {} = {}, |V| = {:.2e}: {}\n",
                    fmt(p.t),
                    self.quantity,
                    fmt(p.loss),
                    p.speed,
                    p.description
                ));
            }
        }
        out
    }

    /// The SVG figure of the quantity versus time, with the plateaus marked.
    pub fn to_svg(&self, log_time: bool) -> String {
        svg(self, log_time)
    }
}

/// Escapes text for XML.
fn xml(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

/// Tick positions: decades on a log axis, 1-2-5 steps on a linear one.
fn ticks(lo: f64, hi: f64, log: bool) -> Vec<f64> {
    if log {
        let (a, b) = (lo.floor() as i32, hi.ceil() as i32);
        let step = ((b - a) / 8).max(1);
        return (a..=b)
            .step_by(step as usize)
            .map(f64::from)
            .filter(|x| *x >= lo - 1e-9 && *x <= hi + 1e-9)
            .collect();
    }
    let span = (hi - lo).max(1e-300);
    let raw = span / 6.0;
    let mag = 10f64.powi(raw.log10().floor() as i32);
    let step =
        [1.0, 2.0, 5.0, 10.0].iter().map(|m| m * mag).find(|s| *s >= raw).unwrap_or(10.0 * mag);
    let start = (lo / step).ceil() * step;
    let mut out = Vec::new();
    let mut x = start;
    while x <= hi + 1e-9 * span && out.len() < 20 {
        out.push(x);
        x += step;
    }
    out
}

fn svg(f: &FlowJson, log_time: bool) -> String {
    const W: f64 = 720.0;
    const H: f64 = 440.0;
    const L: f64 = 80.0;
    const R: f64 = 30.0;
    const T: f64 = 40.0;
    const B: f64 = 60.0;
    let pts: Vec<(f64, f64)> = f
        .samples
        .iter()
        .filter(|s| s.value.is_finite() && (!log_time || s.t > 0.0))
        .map(|s| (s.t, s.value))
        .collect();
    let positive = pts.iter().all(|p| p.1 > 0.0);
    let (vmin, vmax) =
        pts.iter().fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), p| (a.min(p.1), b.max(p.1)));
    let log_y = positive && pts.len() > 1 && vmax / vmin > 100.0;
    let tx = |t: f64| if log_time { t.log10() } else { t };
    let vy = |v: f64| if log_y { v.log10() } else { v };
    let (mut x0, mut x1) = pts
        .iter()
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), p| (a.min(tx(p.0)), b.max(tx(p.0))));
    let (mut y0, mut y1) = pts
        .iter()
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), p| (a.min(vy(p.1)), b.max(vy(p.1))));
    if !x0.is_finite() || !x1.is_finite() {
        (x0, x1) = (0.0, 1.0);
    }
    if !y0.is_finite() || !y1.is_finite() {
        (y0, y1) = (0.0, 1.0);
    }
    if x1 - x0 <= 0.0 {
        x1 = x0 + 1.0;
    }
    if y1 - y0 <= 1e-12 * y0.abs().max(1e-300) {
        y0 -= 0.5;
        y1 += 0.5;
    }
    let pad = 0.04 * (y1 - y0);
    let (y0, y1) = (y0 - pad, y1 + pad);
    let px = |x: f64| L + (x - x0) / (x1 - x0) * (W - L - R);
    let py = |y: f64| T + (y1 - y) / (y1 - y0) * (H - T - B);
    let mut s = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{W}\" height=\"{H}\" viewBox=\"0 0 {W} {H}\" font-family=\"sans-serif\" font-size=\"12\">\n<rect x=\"0\" y=\"0\" width=\"{W}\" height=\"{H}\" fill=\"white\"/>\n"
    );
    s.push_str(&format!(
        "<text x=\"{}\" y=\"22\" text-anchor=\"middle\" font-size=\"14\">{}</text>\n",
        W / 2.0,
        xml(&format!(
            "{}: {} along the {} flow",
            f.model,
            f.quantity,
            if f.kind == "model" { "gradient" } else { &f.kind }
        ))
    ));
    // axes and ticks
    s.push_str(&format!(
        "<rect x=\"{L}\" y=\"{T}\" width=\"{}\" height=\"{}\" fill=\"none\" stroke=\"#444\"/>\n",
        W - L - R,
        H - T - B
    ));
    for t in ticks(x0, x1, log_time) {
        let x = px(t);
        let label = if log_time { format!("1e{}", t as i32) } else { fmt(t) };
        s.push_str(&format!(
            "<line x1=\"{x:.2}\" y1=\"{}\" x2=\"{x:.2}\" y2=\"{}\" stroke=\"#444\"/>\n<text x=\"{x:.2}\" y=\"{}\" text-anchor=\"middle\">{}</text>\n",
            H - B,
            H - B + 5.0,
            H - B + 20.0,
            xml(&label)
        ));
    }
    for v in ticks(y0, y1, log_y) {
        let y = py(v);
        let label = if log_y { format!("1e{}", v as i32) } else { fmt(v) };
        s.push_str(&format!(
            "<line x1=\"{}\" y1=\"{y:.2}\" x2=\"{L}\" y2=\"{y:.2}\" stroke=\"#444\"/>\n<text x=\"{}\" y=\"{:.2}\" text-anchor=\"end\">{}</text>\n",
            L - 5.0,
            L - 8.0,
            y + 4.0,
            xml(&label)
        ));
    }
    s.push_str(&format!(
        "<text x=\"{}\" y=\"{}\" text-anchor=\"middle\">{}</text>\n",
        (L + W - R) / 2.0,
        H - 15.0,
        if log_time { "time t (log scale)" } else { "time t" }
    ));
    s.push_str(&format!(
        "<text x=\"18\" y=\"{}\" text-anchor=\"middle\" transform=\"rotate(-90 18 {})\">{}</text>\n",
        (T + H - B) / 2.0,
        (T + H - B) / 2.0,
        xml(&format!("{}{}", f.quantity, if log_y { " (log scale)" } else { "" }))
    ));
    // the curve
    let path: Vec<String> =
        pts.iter().map(|(t, v)| format!("{:.2},{:.2}", px(tx(*t)), py(vy(*v)))).collect();
    s.push_str(&format!(
        "<polyline fill=\"none\" stroke=\"#1f77b4\" stroke-width=\"1.8\" points=\"{}\"/>\n",
        path.join(" ")
    ));
    // plateaus
    for p in &f.plateaus {
        if !p.loss.is_finite() || log_y && p.loss <= 0.0 {
            continue;
        }
        // on a log-time axis the start sits at the left edge
        let x = if log_time && p.t <= 0.0 { px(x0) } else { px(tx(p.t)) };
        let y = py(vy(p.loss));
        let colour = if p.description.contains("saddle") { "#d62728" } else { "#2ca02c" };
        let label = match p.fixed_point {
            Some(id) => {
                let fp = f.fixed_points.iter().find(|q| q.id == id);
                match fp {
                    Some(q) => format!("[{id}] {} (index {})", q.label, q.index),
                    None => format!("[{id}]"),
                }
            }
            None => "slow".to_string(),
        };
        // labels near the right edge run leftwards
        let (tx_, anchor) = if x > W - 220.0 { (x - 7.0, "end") } else { (x + 7.0, "start") };
        s.push_str(&format!(
            "<circle cx=\"{x:.2}\" cy=\"{y:.2}\" r=\"5\" fill=\"none\" stroke=\"{colour}\" stroke-width=\"2\"/>\n<text x=\"{tx_:.2}\" y=\"{:.2}\" fill=\"{colour}\" text-anchor=\"{anchor}\">{}</text>\n",
            y - 7.0,
            xml(&label)
        ));
    }
    s.push_str("</svg>\n");
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(path: &str) -> String {
        std::fs::read_to_string(format!("{}/../../{path}", env!("CARGO_MANIFEST_DIR")))
            .expect("file")
    }

    /// L = (uv − 1)²/2 (examples/classics.vnet, scalar_factorization): u² − v² is conserved
    /// by the gradient flow (d/dt (u² − v²) = 2u·(−(uv−1)v) − 2v·(−(uv−1)u) = 0); along one
    /// unit of time its computed value drifts by less than 1e-10, and it is found on its own
    /// and proven exactly.
    #[test]
    fn u2_minus_v2_drifts_below_1e_10() {
        let opts = FlowOptions {
            from: "u = 1/2, v = 3/2".into(),
            until: 1.0,
            tol: 1e-12,
            conserved: vec!["u^2 - v^2".into()],
            ..FlowOptions::default()
        };
        let f = trajectory(&read("examples/classics.vnet"), Some("scalar_factorization"), &opts)
            .expect("flow");
        assert_eq!(f.reached, 1.0);
        let given = f.conserved.iter().find(|c| c.source == "given").expect("given");
        assert_eq!(given.exact, "proven");
        assert!((given.initial - (0.25 - 2.25)).abs() < 1e-15);
        assert!(given.max_drift < 1e-10, "{given:?}");
        // without --conserved, varan finds u² − v² itself (the given copy replaced it above)
        let opts = FlowOptions { conserved: Vec::new(), mark_fixed_points: false, ..opts };
        let g = trajectory(&read("examples/classics.vnet"), Some("scalar_factorization"), &opts)
            .expect("flow");
        let found = g.conserved.iter().find(|c| c.source.starts_with("quadratic")).expect("found");
        assert_eq!((found.expression.as_str(), found.exact.as_str()), ("u^2 - v^2", "proven"));
        // the loss decreases along a gradient flow
        assert!(f.samples.windows(2).all(|w| w[1].value <= w[0].value + 1e-15));
    }

    /// Hénon–Heiles at energy below 1/6 (a bounded orbit): H drifts by less than 1e-9 over a
    /// unit of time at tolerance 1e-12.
    #[test]
    fn henon_heiles_energy_drift() {
        let opts = FlowOptions {
            from: "q1 = 0.1, q2 = 0.2, p1 = 0.3, p2 = -0.1".into(),
            until: 1.0,
            tol: 1e-12,
            ..FlowOptions::default()
        };
        let f = trajectory(&read("examples/henon_heiles.vnet"), None, &opts).expect("flow");
        let h = f.conserved.iter().find(|c| c.source == "hamiltonian").expect("H");
        assert_eq!(h.exact, "proven");
        assert!(h.max_drift < 1e-9, "{h:?}");
        assert_eq!(f.quantity, "H");
    }

    /// A quantity that is not conserved is flagged as such, exactly, and drifts.
    #[test]
    fn non_conserved_quantity_is_disproven() {
        let opts = FlowOptions {
            from: "u = 1/2, v = 3/2".into(),
            until: 1.0,
            conserved: vec!["u*v".into()],
            mark_fixed_points: false,
            ..FlowOptions::default()
        };
        let f = trajectory(&read("examples/classics.vnet"), Some("scalar_factorization"), &opts)
            .expect("flow");
        let c = f.conserved.iter().find(|c| c.source == "given").expect("given");
        assert_eq!(c.exact, "disproven");
        assert!(c.max_drift > 1e-3);
    }

    /// linear_deep from a small start: plateaus at the loss of the origin (5, a saddle) and
    /// of the embedded width-1 minimum (1/2, a saddle of index 1 in width 2) — the
    /// saddle-to-saddle picture — before the loss falls towards 0.
    #[test]
    fn saddle_to_saddle_plateaus() {
        let opts = FlowOptions {
            from: "W1[1,1] = 1e-4, W1[1,2] = 7e-5, W1[2,1] = -4e-5, W1[2,2] = 9e-5, W2[1,1] = 6e-5, W2[1,2] = -8e-5, W2[2,1] = 5e-5, W2[2,2] = 1e-4".into(),
            until: 16.0,
            ..FlowOptions::default()
        };
        let f = trajectory(&read("examples/atlas.vnet"), Some("linear_deep"), &opts).expect("flow");
        let levels: Vec<f64> =
            f.plateaus.iter().filter(|p| p.fixed_point.is_some()).map(|p| p.loss).collect();
        assert!(levels.iter().any(|l| (l - 5.0).abs() < 0.05), "{:?}", f.plateaus);
        assert!(levels.iter().any(|l| (l - 0.5).abs() < 0.01), "{:?}", f.plateaus);
        let half = f.plateaus.iter().find(|p| (p.loss - 0.5).abs() < 0.01).expect("plateau at 1/2");
        assert!(half.description.contains("saddle, index 1"), "{half:?}");
        assert!(f.samples.last().expect("samples").value < 1e-3);
        let svg = f.to_svg(false);
        assert!(svg.starts_with("<?xml") && svg.trim_end().ends_with("</svg>"));
    }
}
