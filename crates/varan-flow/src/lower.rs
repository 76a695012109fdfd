//! Lowering: from the AST of one definition to a [`Problem`]. Resolves names (index
//! variables, activation arguments and the network input, then constants, then parameters),
//! expands `sum(...)`, families and the `dense(...)` shorthand, checks data, builds the loss
//! (½ Σ‖f(x_i) − y_i‖², an explicit sum over the data, or a direct expression, plus
//! optional weight decay λ/2·Σθ²) and the vector field. Every problem found is reported
//! with its span; independent problems are all reported in one run.

use num_bigint::BigInt;
use num_traits::ToPrimitive;
use rustc_hash::FxHashMap;
use varan_algebra::{AlgebraError, ExprId, Func, Pool, Symbol, Q};
use varan_syntax::{
    ActDecl, BinOp, DataValue, Diagnostic, Expr, ExprKind, File, Ident, IndexRange, Item, ItemKind,
    LineIndex, LossDecl, NetDecl, SourceResult, Span, StmtKind,
};

use crate::gradient::gradient_field;
use crate::Problem;

/// Largest integer exponent accepted in `^`.
const MAX_EXPONENT: i64 = 1000;
/// Largest number of scalar parameters, terms of a `sum` or data points.
const MAX_COUNT: u64 = 100_000;
/// Largest number of state variables (the Jacobian has their square as entries).
const MAX_STATE: usize = 2_000;
/// Largest number of expression evaluations while lowering one definition (sums and
/// activations multiply the work; this bounds nested `sum`s and activation chains).
const MAX_WORK: u64 = 2_000_000;

/// Built-in activations and functions of one argument.
const BUILTINS: [&str; 9] =
    ["linear", "tanh", "sigmoid", "exp", "log", "sinh", "cosh", "softplus", "square"];

/// Why a definition could not be selected from a file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SelectError {
    /// The file defines nothing.
    Empty,
    /// No definition has the requested name.
    Unknown {
        /// The name asked for.
        name: String,
        /// The names the file defines.
        available: Vec<String>,
    },
    /// Several definitions and no name given.
    Ambiguous {
        /// The names the file defines.
        available: Vec<String>,
    },
}

impl std::fmt::Display for SelectError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            SelectError::Empty => write!(f, "the file defines no model, system or hamiltonian"),
            SelectError::Unknown { name, available } => {
                write!(f, "no definition named '{name}'; the file defines {}", available.join(", "))
            }
            SelectError::Ambiguous { available } => write!(
                f,
                "the file defines several definitions ({}); choose one with --model NAME",
                available.join(", ")
            ),
        }
    }
}

/// Picks the definition called `name`, or the only one when `name` is `None`.
pub fn select<'f>(file: &'f File, name: Option<&str>) -> Result<&'f Item, SelectError> {
    let available: Vec<String> = file.items.iter().map(|i| i.name.name.clone()).collect();
    match name {
        Some(n) => file
            .items
            .iter()
            .find(|i| i.name.name == n)
            .ok_or(SelectError::Unknown { name: n.to_string(), available }),
        None => match file.items.as_slice() {
            [] => Err(SelectError::Empty),
            [one] => Ok(one),
            _ => Err(SelectError::Ambiguous { available }),
        },
    }
}

/// Lowers one definition of the source text `src` to a [`Problem`] with its vector field.
pub fn lower(item: &Item, src: &str) -> SourceResult<Problem> {
    let mut cx = Lowerer::new(item, src);
    let problem = cx.run();
    if cx.diags.is_empty() {
        problem.ok_or_else(|| {
            vec![Diagnostic::error(
                item.span,
                "internal error: lowering failed without a diagnostic",
            )]
        })
    } else {
        Err(cx.diags)
    }
}

/// A model's network at a symbolic input: the input symbols and the outputs, expressions of
/// the problem's pool in the parameters and the inputs.
#[derive(Debug, Clone)]
pub struct SymbolicNetwork {
    /// The input variables x_1, …, x_n (named `x_k`, or `xin_k` if a parameter is `x_k`).
    pub inputs: Vec<Symbol>,
    /// f(x), one expression per output.
    pub outputs: Vec<ExprId>,
}

/// Like [`lower`], and for a model with a network, the network at a symbolic input whose
/// length is that of the data points (or of the `dense` shorthand). Used by `varan laws`
/// to read a factorization f(x; θ) = g(x; φ(θ)) off the network.
pub fn lower_with_network(
    item: &Item,
    src: &str,
) -> SourceResult<(Problem, Option<SymbolicNetwork>)> {
    let mut cx = Lowerer::new(item, src);
    let problem = cx.run();
    let mut problem = match problem {
        Some(p) if cx.diags.is_empty() => p,
        _ => return Err(cx.diags),
    };
    let Some((net, span)) = cx.network.clone() else { return Ok((problem, None)) };
    let len = match &net {
        Network::Dense(d) => d.inputs as usize,
        Network::Written(_) => match problem.data.first() {
            Some((x, _)) => x.len(),
            None => return Ok((problem, None)),
        },
    };
    std::mem::swap(&mut cx.pool, &mut problem.pool);
    let taken = |pool: &Pool, base: &str| {
        (1..=len as u32).any(|k| pool.lookup(&format!("{base}_{k}")).is_some())
    };
    let base = match ["x", "xin", "x_input"].into_iter().find(|b| !taken(&cx.pool, b)) {
        Some(b) => b,
        None => {
            std::mem::swap(&mut cx.pool, &mut problem.pool);
            return Ok((problem, None));
        }
    };
    let inputs: Vec<Symbol> = (1..=len as u32).map(|k| cx.pool.family_symbol(base, &[k])).collect();
    let xv: Vec<ExprId> = inputs.iter().map(|s| cx.pool.sym(*s)).collect();
    let outputs = cx.network_at_exprs(&net, &xv, len != 1, span);
    std::mem::swap(&mut cx.pool, &mut problem.pool);
    Ok((
        problem,
        outputs.filter(|_| cx.diags.is_empty()).map(|outputs| SymbolicNetwork { inputs, outputs }),
    ))
}

/// Parses and lowers a single expression in `pool`: every free name becomes a symbol of
/// that name, `NAME[i, j]` the family element, and the built-in functions are known. Used
/// for expressions typed on the command line and in tests.
pub fn expr_from_str(pool: &mut Pool, src: &str) -> SourceResult<ExprId> {
    let ast = varan_syntax::parse_expr(src)?;
    let item = Item {
        kind: ItemKind::System,
        name: Ident { name: String::new(), span: Span::default() },
        stmts: Vec::new(),
        span: Span::default(),
    };
    let mut cx = Lowerer::new(&item, src);
    std::mem::swap(&mut cx.pool, pool);
    cx.free_names = true;
    let e = cx.expr(&ast, &Scope::default());
    std::mem::swap(&mut cx.pool, pool);
    match e {
        Some(v) if cx.diags.is_empty() => Ok(v),
        _ => Err(cx.diags),
    }
}

/// A data point with the spans of its input and target.
struct Point {
    x: Vec<Q>,
    y: Vec<Q>,
    x_span: Span,
    y_span: Span,
}

fn value_span(v: &DataValue) -> Span {
    match v {
        DataValue::Scalar(e) => e.span,
        DataValue::Vector(_, sp) => *sp,
    }
}

/// What a name stands for.
#[derive(Debug, Clone)]
enum Binding {
    Scalar(ExprId),
    Vector(Vec<ExprId>),
    Family { dims: Vec<u32>, syms: Vec<Symbol> },
}

/// Local bindings (index variables, activation arguments, the network input, x and y).
#[derive(Debug, Clone, Default)]
struct Scope {
    locals: Vec<(String, Binding)>,
    /// The network input and output, for `f(x)` inside `loss sum`.
    point: Option<(Vec<ExprId>, bool)>,
}

impl Scope {
    fn with(&self, name: &str, b: Binding) -> Scope {
        let mut s = self.clone();
        s.locals.push((name.to_string(), b));
        s
    }

    fn get(&self, name: &str) -> Option<&Binding> {
        self.locals.iter().rev().find(|(n, _)| n == name).map(|(_, b)| b)
    }
}

/// The network: either written out or the dense shorthand.
#[derive(Debug, Clone)]
enum Network {
    Written(NetDecl),
    Dense(Dense),
}

#[derive(Debug, Clone)]
struct Dense {
    inputs: u32,
    width: u32,
    act: Ident,
    a: Vec<Symbol>,
    w: Vec<Symbol>,
    b: Option<Vec<Symbol>>,
    c: Option<Symbol>,
}

struct Lowerer<'a> {
    item: &'a Item,
    src: &'a str,
    lines: LineIndex,
    pool: Pool,
    diags: Vec<Diagnostic>,
    /// Globals: constants (value or symbol) and parameters.
    globals: FxHashMap<String, (Binding, Span)>,
    params: Vec<Symbol>,
    constants: Vec<Symbol>,
    /// Constants with a value: name and value.
    constant_values: Vec<(String, ExprId)>,
    acts: FxHashMap<String, ActDecl>,
    act_order: Vec<String>,
    network: Option<(Network, Span)>,
    /// For tests and command-line expressions: unknown names become symbols.
    free_names: bool,
    depth: usize,
    /// Expression evaluations so far (see [`MAX_WORK`]).
    work: u64,
    /// Activations being expanded, innermost last (to report recursion).
    expanding: Vec<String>,
    /// Whether a network statement was seen, even one that failed to lower.
    network_declared: bool,
    /// In an `ode`: the unknown's name and the symbols of u, u', u'', ….
    ode_unknown: Option<(String, Vec<Symbol>)>,
}

impl<'a> Lowerer<'a> {
    fn new(item: &'a Item, src: &'a str) -> Self {
        Lowerer {
            item,
            src,
            lines: LineIndex::new(src),
            pool: Pool::new(),
            diags: Vec::new(),
            globals: FxHashMap::default(),
            params: Vec::new(),
            constants: Vec::new(),
            constant_values: Vec::new(),
            acts: FxHashMap::default(),
            act_order: Vec::new(),
            network: None,
            free_names: false,
            depth: 0,
            work: 0,
            expanding: Vec::new(),
            network_declared: false,
            ode_unknown: None,
        }
    }

    /// "line L, column C" of a span's start, for hints that point elsewhere.
    fn at(&self, span: Span) -> String {
        let (l, c) = self.lines.line_col(self.src, span.start);
        format!("line {l}, column {c}")
    }

    fn err(&mut self, span: Span, msg: impl Into<String>) {
        self.diags.push(Diagnostic::error(span, msg));
    }

    fn err_hint(&mut self, span: Span, msg: impl Into<String>, hint: impl Into<String>) {
        self.diags.push(Diagnostic::error(span, msg).with_hint(hint));
    }

    fn algebra_err(&mut self, span: Span, e: AlgebraError) {
        let msg = match e {
            AlgebraError::DivisionByZero => "division by zero".to_string(),
            AlgebraError::LogOfZero => "logarithm of zero".to_string(),
            AlgebraError::TooLarge => {
                "expression too large: an exponent or a coefficient exceeds varan's limits"
                    .to_string()
            }
            AlgebraError::NotExact => format!("internal error: {e}"),
        };
        self.err(span, msg);
    }

    fn kind_name(&self) -> &'static str {
        match self.item.kind {
            ItemKind::Model => "model",
            ItemKind::System => "system",
            ItemKind::Hamiltonian => "hamiltonian",
            ItemKind::Ode => "ode",
            ItemKind::Linear => "linear system",
        }
    }

    /// Registers a global name, reporting a duplicate.
    fn declare(&mut self, ident: &Ident, b: Binding) -> bool {
        if BUILTINS.contains(&ident.name.as_str()) || Func::from_name(&ident.name).is_some() {
            self.err(
                ident.span,
                format!("'{}' is a built-in function and cannot be redefined", ident.name),
            );
            return false;
        }
        if let Some((_, prev)) = self.globals.get(&ident.name) {
            let hint = format!("'{}' was first defined at {}", ident.name, self.at(*prev));
            self.diags.push(
                Diagnostic::error(ident.span, format!("'{}' is already defined", ident.name))
                    .with_hint(hint),
            );
            return false;
        }
        if self.acts.contains_key(&ident.name) {
            self.err(ident.span, format!("'{}' is already defined as an activation", ident.name));
            return false;
        }
        self.globals.insert(ident.name.clone(), (b, ident.span));
        true
    }

    fn run(&mut self) -> Option<Problem> {
        let item = self.item;
        let kind = item.kind;
        // Pass 1: declarations in source order (constants may use earlier constants).
        let mut loss: Option<(&LossDecl, Span)> = None;
        let mut decay: Option<&Expr> = None;
        let mut data: Option<(&varan_syntax::DataDecl, Span)> = None;
        let mut equations = Vec::new();
        let mut ham: Option<&Expr> = None;
        let mut pairs: Option<(&Vec<(Ident, Ident)>, Span)> = None;
        let mut ode_var: Option<&Ident> = None;
        let mut ode_eq: Option<(&Expr, &Expr, Span)> = None;
        let mut matrix: Option<(&Vec<Vec<Expr>>, Span)> = None;
        for stmt in &item.stmts {
            let sp = stmt.span;
            let allowed = matches!(
                (&stmt.kind, kind),
                (StmtKind::Const(_) | StmtKind::Act(_) | StmtKind::Along(_), _)
                    | (
                        StmtKind::Param(_)
                            | StmtKind::Net(_)
                            | StmtKind::Dense(_)
                            | StmtKind::Data(_)
                            | StmtKind::Loss(_)
                            | StmtKind::Decay(_),
                        ItemKind::Model,
                    )
                    | (StmtKind::Equation(_), ItemKind::System)
                    | (StmtKind::Hamiltonian(_) | StmtKind::Pairs(_), ItemKind::Hamiltonian)
                    | (StmtKind::Var(_) | StmtKind::OdeEquation(..), ItemKind::Ode)
                    | (StmtKind::Var(_) | StmtKind::Matrix(_), ItemKind::Linear)
            );
            if !allowed {
                let what = stmt_name(&stmt.kind);
                let home = match &stmt.kind {
                    StmtKind::Equation(_) => "a system",
                    StmtKind::Hamiltonian(_) | StmtKind::Pairs(_) => "a hamiltonian",
                    StmtKind::Param(_) => {
                        "a model; for a symbolic parameter here write `const NAME`"
                    }
                    _ => "a model",
                };
                self.err(
                    sp,
                    format!(
                        "{what} is not allowed in a {}; it belongs in {home}",
                        self.kind_name()
                    ),
                );
                // recover: declare the names as symbolic constants, so later uses do not
                // report a second, misleading "undefined name"
                if let StmtKind::Param(decls) = &stmt.kind {
                    for d in decls.iter().filter(|d| d.dims.is_empty()) {
                        if !self.globals.contains_key(&d.name.name) {
                            let sym = self.pool.symbol(&d.name.name);
                            let e = self.pool.sym(sym);
                            self.globals
                                .insert(d.name.name.clone(), (Binding::Scalar(e), d.name.span));
                        }
                    }
                }
                continue;
            }
            match &stmt.kind {
                StmtKind::Param(decls) => {
                    for d in decls {
                        self.param(d);
                    }
                }
                StmtKind::Const(c) => {
                    let b = match &c.value {
                        None => {
                            let s = self.pool.symbol(&c.name.name);
                            Some((Binding::Scalar(self.pool.sym(s)), Some(s)))
                        }
                        Some(v) => {
                            let e = self.constant_expr(v, "a constant's value");
                            e.map(|e| (Binding::Scalar(e), None))
                        }
                    };
                    if let Some((b, sym)) = b {
                        let value = match (&b, sym) {
                            (Binding::Scalar(e), None) => Some(*e),
                            _ => None,
                        };
                        if self.declare(&c.name, b) {
                            if let Some(s) = sym {
                                self.constants.push(s);
                            }
                            if let Some(e) = value {
                                self.constant_values.push((c.name.name.clone(), e));
                            }
                        }
                    }
                }
                StmtKind::Act(a) => {
                    let n = &a.name.name;
                    if BUILTINS.contains(&n.as_str()) || Func::from_name(n).is_some() {
                        self.err(
                            a.name.span,
                            format!("'{n}' is a built-in activation and cannot be redefined"),
                        );
                    } else if self.acts.contains_key(n) || self.globals.contains_key(n) {
                        self.err(a.name.span, format!("'{n}' is already defined"));
                    } else {
                        self.acts.insert(n.clone(), a.clone());
                        self.act_order.push(n.clone());
                    }
                }
                StmtKind::Net(n) => {
                    self.network_declared = true;
                    if let Some((_, prev)) = &self.network {
                        let prev = *prev;
                        self.err_hint(
                            sp,
                            "the network is defined twice",
                            format!("the network was first defined at {}", self.at(prev)),
                        );
                    } else {
                        self.network = Some((Network::Written(n.clone()), sp));
                    }
                }
                StmtKind::Dense(d) => {
                    self.network_declared = true;
                    if let Some((_, prev)) = &self.network {
                        let prev = *prev;
                        self.err_hint(
                            sp,
                            "the network is defined twice",
                            format!("the network was first defined at {}", self.at(prev)),
                        );
                    } else if let Some(dense) = self.dense(d, sp) {
                        self.network = Some((Network::Dense(dense), sp));
                    }
                }
                StmtKind::Data(d) => {
                    if data.is_some() {
                        self.err(sp, "a second data block; put all points in one `data { ... }`");
                    } else {
                        data = Some((d, sp));
                    }
                }
                StmtKind::Loss(l) => {
                    if loss.is_some() {
                        self.err(sp, "the loss is defined twice");
                    } else {
                        loss = Some((l, sp));
                    }
                }
                StmtKind::Decay(e) => {
                    if decay.is_some() {
                        self.err(sp, "weight decay is given twice");
                    } else {
                        decay = Some(e);
                    }
                }
                StmtKind::Equation(eq) => equations.push(eq),
                StmtKind::Hamiltonian(h) => {
                    if ham.is_some() {
                        self.err(sp, "the Hamiltonian is defined twice");
                    } else {
                        ham = Some(h);
                    }
                }
                StmtKind::Pairs(p) => {
                    if pairs.is_some() {
                        self.err(sp, "the canonical pairs are given twice");
                    } else {
                        pairs = Some((p, sp));
                    }
                }
                StmtKind::Along(_) => {}
                StmtKind::Var(v) => {
                    if ode_var.is_some() {
                        self.err(sp, "the variable is given twice");
                    } else {
                        ode_var = Some(v);
                    }
                }
                StmtKind::Matrix(m) => {
                    if matrix.is_some() {
                        self.err(sp, "a linear system holds one matrix equation");
                    } else {
                        matrix = Some((m, sp));
                    }
                }
                StmtKind::OdeEquation(l, r) => {
                    if ode_eq.is_some() {
                        self.err(sp, "an ode holds one equation");
                    } else {
                        ode_eq = Some((l, r, sp));
                    }
                }
            }
        }
        match kind {
            ItemKind::Model => self.model(loss, decay, data),
            ItemKind::System => self.system(&equations),
            ItemKind::Hamiltonian => self.hamiltonian(ham, pairs),
            ItemKind::Ode => self.ode(ode_var, ode_eq),
            ItemKind::Linear => self.linear(ode_var, matrix),
        }
    }

    /// `linear NAME { var z; Y' = [[..], ..] * Y }`: a square matrix of expressions in z.
    fn linear(
        &mut self,
        var: Option<&Ident>,
        matrix: Option<(&Vec<Vec<Expr>>, Span)>,
    ) -> Option<Problem> {
        let item = self.item;
        let Some(var) = var else {
            self.err_hint(
                item.name.span,
                format!("linear system {} has no variable", item.name.name),
                "add `var z`",
            );
            return None;
        };
        let Some((rows, sp)) = matrix else {
            self.err_hint(
                item.name.span,
                format!("linear system {} has no equation", item.name.name),
                "write Y' = [[a, b], [c, d]] * Y",
            );
            return None;
        };
        let n = rows.len();
        if rows.iter().any(|r| r.len() != n) {
            self.err(sp, format!("the matrix must be square: {n} rows of {n} entries"));
            return None;
        }
        let z = self.pool.symbol(&var.name);
        self.declare(var, Binding::Scalar(self.pool.sym(z)));
        let mut m = Vec::with_capacity(n);
        for row in rows {
            let mut out = Vec::with_capacity(n);
            for e in row {
                out.push(self.expr(e, &Scope::default()));
            }
            m.push(out);
        }
        if !self.diags.is_empty() {
            return None;
        }
        let matrix: Vec<Vec<ExprId>> =
            m.into_iter().map(|r| r.into_iter().flatten().collect()).collect();
        Some(Problem {
            name: item.name.name.clone(),
            kind: ItemKind::Linear,
            pool: std::mem::take(&mut self.pool),
            state: Vec::new(),
            constants: self.constants.clone(),
            constant_values: self.constant_values.clone(),
            loss: None,
            hamiltonian: None,
            data: Vec::new(),
            field: Vec::new(),
            ode: None,
            linear: Some(crate::LinearSystem { var: z, matrix }),
        })
    }

    /// `ode NAME { var x; L(u) = R(u) }`: a linear homogeneous equation in u and its
    /// derivatives, coefficients c_k = ∂(L − R)/∂u^(k) checked free of u and exact.
    fn ode(&mut self, var: Option<&Ident>, eq: Option<(&Expr, &Expr, Span)>) -> Option<Problem> {
        let item = self.item;
        let Some(var) = var else {
            self.err_hint(
                item.name.span,
                format!("ode {} has no variable", item.name.name),
                "add `var x`",
            );
            return None;
        };
        let Some((lhs, rhs, eq_span)) = eq else {
            self.err_hint(
                item.name.span,
                format!("ode {} has no equation", item.name.name),
                "write it as `u'' + p*u' + q*u = 0`",
            );
            return None;
        };
        let x = self.pool.symbol(&var.name);
        self.declare(var, Binding::Scalar(self.pool.sym(x)));
        // the unknown: the one name whose derivatives appear
        let mut names: Vec<(String, u32)> = Vec::new();
        collect_derivatives(lhs, &mut names);
        collect_derivatives(rhs, &mut names);
        let unknown = match names
            .iter()
            .map(|(n, _)| n.clone())
            .collect::<std::collections::BTreeSet<_>>()
            .into_iter()
            .collect::<Vec<_>>()
            .as_slice()
        {
            [u] => u.clone(),
            [] => {
                self.err_hint(
                    eq_span,
                    "the equation has no derivative",
                    "write the unknown's derivatives with primes: u'' + p*u' + q*u = 0",
                );
                return None;
            }
            many => {
                self.err(eq_span, format!("the equation differentiates several functions ({}); an ode has one unknown", many.join(", ")));
                return None;
            }
        };
        let order = names.iter().map(|(_, k)| *k).max().unwrap_or(0);
        if order > 12 {
            self.err(eq_span, format!("order {order} is beyond varan's limit of 12"));
            return None;
        }
        let us: Vec<Symbol> = (0..=order)
            .map(|k| self.pool.symbol(&format!("{unknown}{}", "'".repeat(k as usize))))
            .collect();
        self.ode_unknown = Some((unknown.clone(), us.clone()));
        let u_ident = Ident { name: unknown.clone(), span: eq_span };
        self.globals
            .entry(u_ident.name.clone())
            .or_insert((Binding::Scalar(self.pool.sym(us[0])), eq_span));
        let l = self.expr(lhs, &Scope::default());
        let r = self.expr(rhs, &Scope::default());
        let (l, r) = (l?, r?);
        let e = self.pool.sub(l, r);
        let coeffs: Vec<ExprId> = us.iter().map(|u| self.pool.diff(e, *u)).collect();
        // linear and homogeneous: e = Σ c_k u_k with c_k free of the u_k
        let free_of_u = coeffs.iter().all(|c| us.iter().all(|u| !self.pool.depends_on(*c, *u)));
        let mut sum = Vec::new();
        for (c, u) in coeffs.iter().zip(&us) {
            let uk = self.pool.sym(*u);
            sum.push(self.pool.mul(*c, uk));
        }
        let recomposed = self.pool.add_all(sum);
        let rest = self.pool.sub(e, recomposed);
        if !free_of_u || varan_algebra::is_zero(&self.pool, rest) != Ok(varan_algebra::Truth::True)
        {
            self.err_hint(eq_span, format!("the equation must be linear and homogeneous in {unknown} and its derivatives"), "write it as c_n*u^(n) + ... + c_1*u' + c_0*u = 0 with coefficients in the variable only");
            return None;
        }
        if varan_algebra::is_zero(&self.pool, coeffs[order as usize])
            == Ok(varan_algebra::Truth::True)
        {
            self.err(eq_span, "the coefficient of the highest derivative vanishes");
            return None;
        }
        if !self.diags.is_empty() {
            return None;
        }
        Some(Problem {
            name: item.name.name.clone(),
            kind: ItemKind::Ode,
            pool: std::mem::take(&mut self.pool),
            state: Vec::new(),
            constants: self.constants.clone(),
            constant_values: self.constant_values.clone(),
            loss: None,
            hamiltonian: None,
            data: Vec::new(),
            field: Vec::new(),
            ode: Some(crate::LinearOde { var: x, unknown, coefficients: coeffs }),
            linear: None,
        })
    }

    /// An expression that may use constants but no parameter.
    fn constant_expr(&mut self, e: &Expr, what: &str) -> Option<ExprId> {
        let v = self.expr(e, &Scope::default())?;
        let uses_param = self.params.iter().find(|p| self.pool.depends_on(v, **p)).copied();
        if let Some(p) = uses_param {
            let name = self.pool.symbol_name(p).to_string();
            self.err_hint(
                e.span,
                format!("{what} depends on the parameter {name}"),
                "constants are fixed numbers or symbols; declare a symbolic one with `const NAME`",
            );
            return None;
        }
        Some(v)
    }

    fn param(&mut self, d: &varan_syntax::ParamDecl) {
        if d.dims.is_empty() {
            if self.params.len() >= MAX_STATE {
                self.err(d.span, format!("too many parameters (limit {MAX_STATE})"));
                return;
            }
            let s = self.pool.symbol(&d.name.name);
            if self.declare(&d.name, Binding::Scalar(self.pool.sym(s))) {
                self.params.push(s);
            }
            return;
        }
        let mut dims = Vec::new();
        let mut total: u64 = 1;
        for (text, sp) in &d.dims {
            match text.parse::<u32>() {
                Ok(n) if n >= 1 => {
                    dims.push(n);
                    total = total.saturating_mul(u64::from(n));
                }
                _ => {
                    self.err(
                        *sp,
                        format!("a family size must be a positive integer, found '{text}'"),
                    );
                    return;
                }
            }
        }
        if total + self.params.len() as u64 > MAX_STATE as u64 {
            self.err(
                d.span,
                format!("too many parameters (limit {MAX_STATE}; the Jacobian has their square as entries)"),
            );
            return;
        }
        let mut syms = Vec::new();
        let mut idx = vec![1u32; dims.len()];
        loop {
            syms.push(self.pool.family_symbol(&d.name.name, &idx));
            // row-major increment
            let mut k = dims.len();
            loop {
                if k == 0 {
                    break;
                }
                k -= 1;
                idx[k] += 1;
                if idx[k] <= dims[k] {
                    break;
                }
                idx[k] = 1;
                if k == 0 {
                    k = usize::MAX;
                    break;
                }
            }
            if k == usize::MAX {
                break;
            }
        }
        if self.declare(&d.name, Binding::Family { dims, syms: syms.clone() }) {
            // element names such as W1_1_2 must not clash with other globals
            for s in &syms {
                let name = self.pool.symbol_name(*s).to_string();
                if self.globals.contains_key(&name) {
                    self.err(
                        d.name.span,
                        format!(
                            "the element {name} of family {} clashes with an existing name",
                            d.name.name
                        ),
                    );
                }
            }
            for s in &syms {
                let name = self.pool.symbol_name(*s).to_string();
                let e = self.pool.sym(*s);
                self.globals.insert(name, (Binding::Scalar(e), d.name.span));
            }
            self.params.extend(syms);
        }
    }

    fn dense(&mut self, d: &varan_syntax::DenseDecl, sp: Span) -> Option<Dense> {
        let mut inputs = None;
        let mut width = None;
        let mut act = None;
        let mut bias = false;
        let mut output_bias = false;
        let mut ok = true;
        for (key, value) in &d.options {
            match key.name.as_str() {
                "inputs" | "width" => {
                    let n = self.const_integer(value, 1, 100_000)?;
                    let n = u32::try_from(n).ok()?;
                    if key.name == "inputs" {
                        inputs = Some(n);
                    } else {
                        width = Some(n);
                    }
                }
                "act" | "activation" => match &value.kind {
                    ExprKind::Name(id) => act = Some(id.clone()),
                    _ => {
                        self.err(value.span, "expected the name of an activation, such as tanh");
                        ok = false;
                    }
                },
                "bias" | "output_bias" => {
                    let v = match &value.kind {
                        ExprKind::Name(id) if id.name == "true" => true,
                        ExprKind::Name(id) if id.name == "false" => false,
                        _ => {
                            self.err(value.span, "expected true or false");
                            ok = false;
                            false
                        }
                    };
                    if key.name == "bias" {
                        bias = v;
                    } else {
                        output_bias = v;
                    }
                }
                other => {
                    self.err_hint(
                        key.span,
                        format!("unknown option '{other}' of dense"),
                        "the options are inputs, width, act, bias, output_bias",
                    );
                    ok = false;
                }
            }
        }
        let (Some(inputs), Some(width)) = (inputs, width) else {
            self.err(sp, "dense needs `inputs = N` and `width = H`");
            return None;
        };
        let act = act.unwrap_or(Ident { name: "tanh".into(), span: sp });
        if !ok {
            return None;
        }
        let fam = |cx: &mut Self, name: &str, dims: Vec<u32>| -> Option<Vec<Symbol>> {
            let decl = varan_syntax::ParamDecl {
                name: Ident { name: name.into(), span: sp },
                dims: dims.iter().map(|d| (d.to_string(), sp)).collect(),
                span: sp,
            };
            let before = cx.params.len();
            let nd = cx.diags.len();
            cx.param(&decl);
            (cx.diags.len() == nd).then(|| cx.params[before..].to_vec())
        };
        let a = fam(self, "a", vec![width])?;
        let w = if inputs == 1 {
            fam(self, "w", vec![width])?
        } else {
            fam(self, "W", vec![width, inputs])?
        };
        let b = if bias { Some(fam(self, "b", vec![width])?) } else { None };
        let c = if output_bias {
            let id = Ident { name: "c".into(), span: sp };
            let s = self.pool.symbol("c");
            if !self.declare(&id, Binding::Scalar(self.pool.sym(s))) {
                return None;
            }
            self.params.push(s);
            Some(s)
        } else {
            None
        };
        Some(Dense { inputs, width, act, a, w, b, c })
    }

    /// A constant integer in [lo, hi] (for sizes and ranges).
    fn const_integer(&mut self, e: &Expr, lo: i64, hi: i64) -> Option<i64> {
        let v = self.expr(e, &Scope::default())?;
        self.integer_value(v, e.span, lo, hi)
    }

    fn integer_value(&mut self, v: ExprId, span: Span, lo: i64, hi: i64) -> Option<i64> {
        match self.pool.as_num(v) {
            Some(q) if q.is_integer() => match q.to_integer().to_i64() {
                Some(n) if (lo..=hi).contains(&n) => Some(n),
                _ => {
                    self.err(
                        span,
                        format!(
                            "expected an integer between {lo} and {hi}, found {}",
                            varan_algebra::rational_text(q)
                        ),
                    );
                    None
                }
            },
            Some(q) => {
                let t = varan_algebra::rational_text(q);
                self.err(span, format!("expected an integer, found {t}"));
                None
            }
            None => {
                if v == ExprId::ZERO && lo <= 0 {
                    return Some(0);
                }
                self.err(span, "expected an integer constant");
                None
            }
        }
    }

    // ------------------------------------------------------------ the three kinds

    fn model(
        &mut self,
        loss: Option<(&LossDecl, Span)>,
        decay: Option<&Expr>,
        data: Option<(&varan_syntax::DataDecl, Span)>,
    ) -> Option<Problem> {
        let item = self.item;
        if self.params.is_empty() && self.diags.is_empty() {
            self.err_hint(
                item.name.span,
                format!("model {} declares no parameters", item.name.name),
                "declare them with `param a1, w1` or use `dense(...)`",
            );
        }
        let Some((loss_decl, loss_span)) = loss else {
            self.err_hint(
                item.name.span,
                format!("model {} has no loss", item.name.name),
                "add `loss mse`",
            );
            return None;
        };
        let needs_data = !matches!(loss_decl, LossDecl::Explicit(_));
        let points = match data {
            Some((d, sp)) => self.data(d, sp),
            None if needs_data => {
                self.err_hint(
                    loss_span,
                    "this loss sums over the data, but the model has no data",
                    "add `data { x1 -> y1, x2 -> y2 }`",
                );
                None
            }
            None => Some(Vec::new()),
        };
        if needs_data && !self.network_declared {
            self.err_hint(
                loss_span,
                "this loss needs the network, but the model defines none",
                "add `f(x) = ...` or `dense(...)`",
            );
        }
        let points = points?;
        if !self.diags.is_empty() {
            return None;
        }
        let mut l = match loss_decl {
            LossDecl::Mse => {
                let mut terms = Vec::new();
                for Point { x, y, x_span, y_span } in &points {
                    let fx = self.network_at(x, *x_span)?;
                    if fx.len() != y.len() {
                        self.err(
                            *y_span,
                            format!(
                                "the network has {} outputs but a target has {}",
                                fx.len(),
                                y.len()
                            ),
                        );
                        return None;
                    }
                    for (f, t) in fx.iter().zip(y) {
                        let tv = self.pool.num(t.clone());
                        let r = self.pool.sub(*f, tv);
                        let r2 = self.pool.pow(r, 2).ok()?;
                        terms.push((Q::new(1.into(), 2.into()), r2));
                    }
                }
                self.pool.sum(terms)
            }
            LossDecl::Sum(body) => {
                let mut terms = Vec::new();
                for Point { x, y, .. } in &points {
                    let xv: Vec<ExprId> = x.iter().map(|q| self.pool.num(q.clone())).collect();
                    let yv: Vec<ExprId> = y.iter().map(|q| self.pool.num(q.clone())).collect();
                    let input_name = match &self.network {
                        Some((Network::Written(n), _)) => n.input.name.clone(),
                        _ => "x".to_string(),
                    };
                    let xb = if xv.len() == 1 {
                        Binding::Scalar(xv[0])
                    } else {
                        Binding::Vector(xv.clone())
                    };
                    let yb =
                        if yv.len() == 1 { Binding::Scalar(yv[0]) } else { Binding::Vector(yv) };
                    let mut scope = Scope::default().with("y", yb).with(&input_name, xb.clone());
                    if input_name != "x" {
                        scope = scope.with("x", xb);
                    }
                    scope.point = Some((xv, x.len() != 1));
                    terms.push(self.expr(body, &scope)?);
                }
                self.pool.add_all(terms)
            }
            LossDecl::Explicit(e) => self.expr(e, &Scope::default())?,
        };
        if let Some(d) = decay {
            let lambda = self.constant_expr(d, "the weight decay")?;
            let mut sq = Vec::new();
            for s in &self.params {
                let e = self.pool.sym(*s);
                sq.push(self.pool.pow(e, 2).ok()?);
            }
            let norm = self.pool.add_all(sq);
            let half = self.pool.scale(Q::new(1.into(), 2.into()), lambda);
            let reg = self.pool.mul(half, norm);
            l = self.pool.add(l, reg);
        }
        let field = gradient_field(&mut self.pool, l, &self.params);
        Some(Problem {
            name: item.name.name.clone(),
            kind: ItemKind::Model,
            pool: std::mem::take(&mut self.pool),
            state: self.params.clone(),
            constants: self.constants.clone(),
            constant_values: self.constant_values.clone(),
            loss: Some(l),
            hamiltonian: None,
            data: points.into_iter().map(|p| (p.x, p.y)).collect(),
            field,
            ode: None,
            linear: None,
        })
    }

    fn system(&mut self, equations: &[&varan_syntax::Equation]) -> Option<Problem> {
        let item = self.item;
        if equations.is_empty() {
            self.err_hint(
                item.name.span,
                format!("system {} has no equations", item.name.name),
                "write one equation per variable: `x' = ...`",
            );
            return None;
        }
        let mut state = Vec::new();
        for eq in equations {
            let s = self.pool.symbol(&eq.var.name);
            if self.declare(&eq.var, Binding::Scalar(self.pool.sym(s))) {
                state.push(s);
            }
        }
        let mut field = Vec::new();
        for eq in equations {
            if let Some(e) = self.expr(&eq.rhs, &Scope::default()) {
                field.push(e);
            }
        }
        if !self.diags.is_empty() {
            return None;
        }
        Some(Problem {
            name: item.name.name.clone(),
            kind: ItemKind::System,
            pool: std::mem::take(&mut self.pool),
            state,
            constants: self.constants.clone(),
            constant_values: self.constant_values.clone(),
            loss: None,
            hamiltonian: None,
            data: Vec::new(),
            field,
            ode: None,
            linear: None,
        })
    }

    fn hamiltonian(
        &mut self,
        ham: Option<&Expr>,
        pairs: Option<(&Vec<(Ident, Ident)>, Span)>,
    ) -> Option<Problem> {
        let item = self.item;
        let Some(h) = ham else {
            self.err_hint(
                item.name.span,
                format!("hamiltonian {} has no `H = ...`", item.name.name),
                "write the Hamiltonian as `H = (p^2 + q^2)/2`",
            );
            return None;
        };
        let Some((pairs, _)) = pairs else {
            self.err_hint(
                item.name.span,
                format!("hamiltonian {} has no canonical pairs", item.name.name),
                "add `pairs (q1, p1), (q2, p2)`",
            );
            return None;
        };
        let mut qs = Vec::new();
        let mut ps = Vec::new();
        for (q, p) in pairs {
            let sq = self.pool.symbol(&q.name);
            let sp = self.pool.symbol(&p.name);
            let okq = self.declare(q, Binding::Scalar(self.pool.sym(sq)));
            let okp = self.declare(p, Binding::Scalar(self.pool.sym(sp)));
            if okq && okp {
                qs.push(sq);
                ps.push(sp);
            }
        }
        let hv = self.expr(h, &Scope::default())?;
        if !self.diags.is_empty() {
            return None;
        }
        let mut field = Vec::new();
        for &p in &ps {
            field.push(self.pool.diff(hv, p));
        }
        for &q in &qs {
            let d = self.pool.diff(hv, q);
            field.push(self.pool.neg(d));
        }
        let mut state = qs;
        state.extend(ps);
        Some(Problem {
            name: item.name.name.clone(),
            kind: ItemKind::Hamiltonian,
            pool: std::mem::take(&mut self.pool),
            state,
            constants: self.constants.clone(),
            constant_values: self.constant_values.clone(),
            loss: None,
            hamiltonian: Some(hv),
            data: Vec::new(),
            field,
            ode: None,
            linear: None,
        })
    }

    // ------------------------------------------------------------ data and network

    fn data(&mut self, d: &varan_syntax::DataDecl, sp: Span) -> Option<Vec<Point>> {
        if d.points.is_empty() {
            self.err_hint(
                sp,
                "the data block is empty",
                "add points as `x -> y`, separated by commas",
            );
            return None;
        }
        if d.points.len() as u64 > MAX_COUNT {
            self.err(sp, format!("too many data points (limit {MAX_COUNT})"));
            return None;
        }
        let mut out = Vec::new();
        let mut shape: Option<(usize, usize, Span)> = None;
        let mut ok = true;
        for p in &d.points {
            let x = self.data_value(&p.x);
            let y = self.data_value(&p.y);
            let (Some(x), Some(y)) = (x, y) else {
                ok = false;
                continue;
            };
            match shape {
                None => shape = Some((x.len(), y.len(), p.span)),
                Some((nx, ny, first)) if (nx, ny) != (x.len(), y.len()) => {
                    self.err_hint(
                        p.span,
                        format!("this point has an input of length {} and a target of length {}, but the first point has {nx} and {ny}", x.len(), y.len()),
                        format!("the first point is at {}", self.at(first)),
                    );
                    ok = false;
                }
                Some(_) => {}
            }
            out.push(Point { x, y, x_span: value_span(&p.x), y_span: value_span(&p.y) });
        }
        ok.then_some(out)
    }

    fn data_value(&mut self, v: &DataValue) -> Option<Vec<Q>> {
        let exprs: Vec<&Expr> = match v {
            DataValue::Scalar(e) => vec![e],
            DataValue::Vector(es, sp) => {
                if es.is_empty() {
                    self.err(*sp, "an empty vector in the data");
                    return None;
                }
                es.iter().collect()
            }
        };
        let mut out = Vec::new();
        for e in exprs {
            let v = self.expr(e, &Scope::default())?;
            match self.pool.as_num(v) {
                Some(q) => out.push(q.clone()),
                None => {
                    self.err_hint(
                        e.span,
                        "data values must be rational numbers",
                        "write numbers like 3, -1/2 or 0.25; symbolic data is not supported",
                    );
                    return None;
                }
            }
        }
        Some(out)
    }

    /// The network's outputs at input `x`.
    fn network_at(&mut self, x: &[Q], span: Span) -> Option<Vec<ExprId>> {
        let (net, _) = self.network.clone()?;
        let xv: Vec<ExprId> = x.iter().map(|q| self.pool.num(q.clone())).collect();
        self.network_at_exprs(&net, &xv, x.len() != 1, span)
    }

    fn network_at_exprs(
        &mut self,
        net: &Network,
        xv: &[ExprId],
        vector: bool,
        span: Span,
    ) -> Option<Vec<ExprId>> {
        match net {
            Network::Written(n) => {
                let xb = if vector { Binding::Vector(xv.to_vec()) } else { Binding::Scalar(xv[0]) };
                let scope = Scope::default().with(&n.input.name, xb);
                match &n.output {
                    None => Some(vec![self.expr(&n.body, &scope)?]),
                    Some(r) => {
                        let (lo, hi) = self.range(r, &scope)?;
                        let mut outs = Vec::new();
                        for i in lo..=hi {
                            let e = self.pool.int(i);
                            let s = scope.with(&r.index.name, Binding::Scalar(e));
                            outs.push(self.expr(&n.body, &s)?);
                        }
                        Some(outs)
                    }
                }
            }
            Network::Dense(d) => {
                if xv.len() != d.inputs as usize {
                    self.err(
                        span,
                        format!(
                            "dense expects inputs of length {}, but a data point has length {}",
                            d.inputs,
                            xv.len()
                        ),
                    );
                    return None;
                }
                let mut terms = Vec::new();
                for j in 0..d.width as usize {
                    let mut pre = Vec::new();
                    for (k, &xk) in xv.iter().enumerate() {
                        let w = self.pool.sym(d.w[j * d.inputs as usize + k]);
                        pre.push(self.pool.mul(w, xk));
                    }
                    if let Some(b) = &d.b {
                        pre.push(self.pool.sym(b[j]));
                    }
                    let z = self.pool.add_all(pre);
                    let act = d.act.clone();
                    let s = self.apply(&act, &[z], span, &Scope::default())?;
                    let a = self.pool.sym(d.a[j]);
                    terms.push(self.pool.mul(a, s));
                }
                if let Some(c) = d.c {
                    terms.push(self.pool.sym(c));
                }
                Some(vec![self.pool.add_all(terms)])
            }
        }
    }

    fn range(&mut self, r: &IndexRange, scope: &Scope) -> Option<(i64, i64)> {
        let lo = self.expr(&r.lo, scope)?;
        let lo = self.integer_value(lo, r.lo.span, -1_000_000, 1_000_000)?;
        let hi = self.expr(&r.hi, scope)?;
        let hi = self.integer_value(hi, r.hi.span, -1_000_000, 1_000_000)?;
        if hi < lo {
            self.err(r.span, format!("empty range {lo}..{hi}"));
            return None;
        }
        if (hi - lo) as u64 >= MAX_COUNT {
            self.err(r.span, format!("range too long (limit {MAX_COUNT})"));
            return None;
        }
        Some((lo, hi))
    }

    // ------------------------------------------------------------ expressions

    fn expr(&mut self, e: &Expr, scope: &Scope) -> Option<ExprId> {
        self.work += 1;
        if self.work > MAX_WORK {
            if self.work == MAX_WORK + 1 {
                self.err_hint(
                    e.span,
                    format!("this definition expands to more than {MAX_WORK} operations"),
                    "nested sums and activations multiply; reduce the ranges or the nesting",
                );
            }
            return None;
        }
        self.depth += 1;
        let r = if self.depth > 400 {
            self.err(e.span, "expression nested too deeply (through activations or sums)");
            None
        } else {
            self.expr_inner(e, scope)
        };
        self.depth -= 1;
        r
    }

    fn expr_inner(&mut self, e: &Expr, scope: &Scope) -> Option<ExprId> {
        match &e.kind {
            ExprKind::Num(text) => match parse_decimal(text) {
                Some(q) => Some(self.pool.num(q)),
                None => {
                    let msg = if text.contains(['e', 'E']) {
                        format!("number '{text}' too large: exponents are limited to ±10000")
                    } else {
                        format!("malformed number '{text}'")
                    };
                    self.err(e.span, msg);
                    None
                }
            },
            ExprKind::Name(id) => self.name(id, scope),
            ExprKind::Index(base, idx) => self.index(base, idx, e.span, scope),
            ExprKind::Call(f, args) => {
                let mut vals = Vec::new();
                // the network's argument may be a vector (`f(x)` with vector input)
                if self.is_network_name(&f.name) {
                    return self.network_call(f, args, e.span, scope).and_then(|v| {
                        if v.len() == 1 {
                            Some(v[0])
                        } else {
                            self.err_hint(
                                e.span,
                                format!("the network has {} outputs", v.len()),
                                format!("pick one with {}(x)[i]", f.name),
                            );
                            None
                        }
                    });
                }
                for a in args {
                    vals.push(self.expr(a, scope));
                }
                let vals: Option<Vec<ExprId>> = vals.into_iter().collect();
                let vals = vals?;
                self.apply(f, &vals, e.span, scope)
            }
            ExprKind::Neg(a) => {
                let v = self.expr(a, scope)?;
                Some(self.pool.neg(v))
            }
            ExprKind::Binary(op, a, b) => {
                let x = self.expr(a, scope);
                if *op == BinOp::Pow {
                    let x = x?;
                    let y = self.expr(b, scope)?;
                    let n = match self.pool.as_num(y) {
                        Some(q) if q.is_integer() => q.to_integer().to_i64(),
                        Some(_) => {
                            self.err_hint(
                                b.span,
                                "only integer powers are supported",
                                "write sqrt-free expressions; x^(1/2) is not meromorphic at 0",
                            );
                            return None;
                        }
                        None if y == ExprId::ZERO => Some(0),
                        None => {
                            self.err(b.span, "the exponent must be an integer constant");
                            return None;
                        }
                    };
                    let Some(n) = n.filter(|n| n.abs() <= MAX_EXPONENT) else {
                        self.err(b.span, format!("exponent too large (limit {MAX_EXPONENT})"));
                        return None;
                    };
                    return match self.pool.pow(x, n) {
                        Ok(v) => Some(v),
                        Err(err) => {
                            self.algebra_err(e.span, err);
                            None
                        }
                    };
                }
                let y = self.expr(b, scope);
                let (x, y) = (x?, y?);
                match op {
                    BinOp::Add => Some(self.pool.add(x, y)),
                    BinOp::Sub => Some(self.pool.sub(x, y)),
                    BinOp::Mul => Some(self.pool.mul(x, y)),
                    BinOp::Div => match self.pool.div(x, y) {
                        Ok(v) => Some(v),
                        Err(err) => {
                            self.algebra_err(b.span, err);
                            None
                        }
                    },
                    BinOp::Pow => None,
                }
            }
            ExprKind::Derivative(id, k) => match &self.ode_unknown {
                Some((u, syms)) if *u == id.name => match syms.get(*k as usize) {
                    Some(s) => Some(self.pool.sym(*s)),
                    None => {
                        self.err(e.span, "derivative beyond the equation's order");
                        None
                    }
                },
                Some((u, _)) => {
                    self.err(e.span, format!("only the unknown {u} may be differentiated"));
                    None
                }
                None => {
                    self.err_hint(
                        e.span,
                        "derivatives with primes belong in an `ode`",
                        "a system's equations are written `x' = ...`, one per variable",
                    );
                    None
                }
            },
            ExprKind::Sum(r, body) => {
                let (lo, hi) = self.range(r, scope)?;
                let mut terms = Vec::new();
                for i in lo..=hi {
                    let iv = self.pool.int(i);
                    let s = scope.with(&r.index.name, Binding::Scalar(iv));
                    terms.push(self.expr(body, &s)?);
                }
                Some(self.pool.add_all(terms))
            }
        }
    }

    fn is_network_name(&self, name: &str) -> bool {
        matches!(&self.network, Some((Network::Written(n), _)) if n.name.name == name)
            || (matches!(&self.network, Some((Network::Dense(_), _))) && name == "f")
    }

    fn network_call(
        &mut self,
        f: &Ident,
        args: &[Expr],
        span: Span,
        scope: &Scope,
    ) -> Option<Vec<ExprId>> {
        if args.len() != 1 {
            self.err(
                span,
                format!("the network {} takes 1 argument, found {}", f.name, args.len()),
            );
            return None;
        }
        let net = self.network.as_ref().map(|(n, _)| n.clone())?;
        // a vector argument: a name bound to a vector
        if let ExprKind::Name(id) = &args[0].kind {
            if let Some(Binding::Vector(v)) = scope.get(&id.name) {
                let v = v.clone();
                return self.network_at_exprs(&net, &v, true, span);
            }
        }
        let x = self.expr(&args[0], scope)?;
        self.network_at_exprs(&net, &[x], false, span)
    }

    fn name(&mut self, id: &Ident, scope: &Scope) -> Option<ExprId> {
        let b = scope
            .get(&id.name)
            .cloned()
            .or_else(|| self.globals.get(&id.name).map(|(b, _)| b.clone()));
        match b {
            Some(Binding::Scalar(e)) => Some(e),
            Some(Binding::Vector(v)) => {
                self.err_hint(
                    id.span,
                    format!("'{}' is a vector of length {}", id.name, v.len()),
                    format!("use its components {}[1] .. {}[{}]", id.name, id.name, v.len()),
                );
                None
            }
            Some(Binding::Family { dims, .. }) => {
                let shape = dims.iter().map(|d| d.to_string()).collect::<Vec<_>>().join(",");
                self.err_hint(
                    id.span,
                    format!("'{}' is a parameter family [{shape}], not a scalar", id.name),
                    format!(
                        "use an element such as {}[{}]",
                        id.name,
                        vec!["1"; dims.len()].join(",")
                    ),
                );
                None
            }
            None => {
                if self.free_names {
                    let s = self.pool.symbol(&id.name);
                    return Some(self.pool.sym(s));
                }
                if self.acts.contains_key(&id.name) || BUILTINS.contains(&id.name.as_str()) {
                    self.err_hint(
                        id.span,
                        format!("'{}' is a function; call it with an argument", id.name),
                        format!("{}(...)", id.name),
                    );
                } else {
                    let mut d = Diagnostic::error(id.span, format!("undefined name '{}'", id.name));
                    let data_name = matches!(id.name.as_str(), "x" | "y")
                        && self.item.kind == ItemKind::Model
                        && scope.locals.is_empty();
                    if data_name {
                        d = d.with_hint(
                            "`loss = ...` is written in the parameters; to sum over the data write `loss sum ...` (or `loss mse`)",
                        );
                    } else if let Some(s) = self.suggest(&id.name, scope) {
                        d = d.with_hint(format!("did you mean '{s}'?"));
                    } else if self.item.kind == ItemKind::Model {
                        d = d.with_hint("declare parameters with `param NAME` and constants with `const NAME = VALUE`");
                    }
                    self.diags.push(d);
                }
                None
            }
        }
    }

    fn suggest(&self, name: &str, scope: &Scope) -> Option<String> {
        let candidates = self
            .globals
            .keys()
            .map(|s| s.as_str())
            .chain(scope.locals.iter().map(|(n, _)| n.as_str()))
            .chain(self.act_order.iter().map(|s| s.as_str()));
        candidates
            .filter(|c| close_name(c, name))
            .min_by_key(|c| edit_distance(c, name))
            .map(|s| s.to_string())
    }

    fn index(&mut self, base: &Expr, idx: &[Expr], span: Span, scope: &Scope) -> Option<ExprId> {
        let mut ints = Vec::new();
        for i in idx {
            let v = self.expr(i, scope)?;
            ints.push(self.integer_value(v, i.span, i64::from(i32::MIN), i64::from(i32::MAX))?);
        }
        match &base.kind {
            ExprKind::Name(id) => {
                let b = scope
                    .get(&id.name)
                    .cloned()
                    .or_else(|| self.globals.get(&id.name).map(|(b, _)| b.clone()));
                match b {
                    Some(Binding::Family { dims, syms }) => {
                        if ints.len() != dims.len() {
                            self.err(
                                span,
                                format!(
                                    "{} has {} indices, found {}",
                                    id.name,
                                    dims.len(),
                                    ints.len()
                                ),
                            );
                            return None;
                        }
                        let mut flat = 0usize;
                        for (k, (&i, &d)) in ints.iter().zip(&dims).enumerate() {
                            if i < 1 || i > i64::from(d) {
                                self.err(
                                    idx[k].span,
                                    format!("index {i} out of range 1..{d} for {}", id.name),
                                );
                                return None;
                            }
                            flat = flat * d as usize + (i as usize - 1);
                        }
                        Some(self.pool.sym(syms[flat]))
                    }
                    Some(Binding::Vector(v)) => {
                        if ints.len() != 1 {
                            self.err(span, format!("{} is a vector: use one index", id.name));
                            return None;
                        }
                        let i = ints[0];
                        if i < 1 || i as usize > v.len() {
                            self.err(
                                idx[0].span,
                                format!("index {i} out of range 1..{} for {}", v.len(), id.name),
                            );
                            return None;
                        }
                        Some(v[i as usize - 1])
                    }
                    Some(Binding::Scalar(_)) => {
                        self.err(span, format!("'{}' is a scalar and cannot be indexed", id.name));
                        None
                    }
                    None if self.free_names => {
                        let idx32: Vec<u32> =
                            ints.iter().map(|&i| i.clamp(0, i64::from(u32::MAX)) as u32).collect();
                        let s = self.pool.family_symbol(&id.name, &idx32);
                        Some(self.pool.sym(s))
                    }
                    None => {
                        self.err(id.span, format!("undefined name '{}'", id.name));
                        None
                    }
                }
            }
            ExprKind::Call(f, args) if self.is_network_name(&f.name) => {
                let outs = self.network_call(f, args, base.span, scope)?;
                if ints.len() != 1 {
                    self.err(span, "a network output takes one index");
                    return None;
                }
                let i = ints[0];
                if i < 1 || i as usize > outs.len() {
                    self.err(idx[0].span, format!("output {i} out of range 1..{}", outs.len()));
                    return None;
                }
                Some(outs[i as usize - 1])
            }
            _ => {
                self.err(
                    base.span,
                    "only parameter families, vectors and network outputs can be indexed",
                );
                None
            }
        }
    }

    /// Applies a built-in or user activation.
    fn apply(&mut self, f: &Ident, args: &[ExprId], span: Span, scope: &Scope) -> Option<ExprId> {
        let name = f.name.as_str();
        let arity_err = |cx: &mut Self, n: usize| {
            cx.err(
                span,
                format!(
                    "{name} takes {n} argument{}, found {}",
                    if n == 1 { "" } else { "s" },
                    args.len()
                ),
            );
        };
        if let Some(act) = self.acts.get(name).cloned() {
            if args.len() != 1 {
                arity_err(self, 1);
                return None;
            }
            if self.expanding.iter().any(|n| n == name) {
                let chain = self.expanding.join(" -> ");
                self.err_hint(
                    f.span,
                    format!("activation '{name}' calls itself"),
                    format!("activations cannot be recursive (expanding {chain} -> {name})"),
                );
                return None;
            }
            // activations see the constants and other activations, not the caller's locals
            let _ = scope;
            let s = Scope::default().with(&act.arg.name, Binding::Scalar(args[0]));
            self.expanding.push(name.to_string());
            let r = self.expr(&act.body, &s);
            self.expanding.pop();
            return r;
        }
        if BUILTINS.contains(&name) {
            if args.len() != 1 {
                arity_err(self, 1);
                return None;
            }
            let z = args[0];
            return match name {
                "linear" => Some(z),
                "square" => Some(self.pool.mul(z, z)),
                "softplus" => {
                    let ez = self.pool.func(Func::Exp, z);
                    let one_plus = self.pool.add(ExprId::ONE, ez);
                    Some(self.pool.func(Func::Log, one_plus))
                }
                "log" => match self.pool.log(z) {
                    Ok(v) => Some(v),
                    Err(err) => {
                        self.algebra_err(span, err);
                        None
                    }
                },
                _ => Func::from_name(name).map(|func| self.pool.func(func, z)),
            };
        }
        let mut d = Diagnostic::error(f.span, format!("unknown function '{name}'"));
        d = match name {
            "relu" | "abs" | "sqrt" | "max" | "min" => d.with_hint(format!("{name} is not meromorphic; varan needs meromorphic activations (polynomials, rational functions, exp, tanh, sigmoid, ...)")),
            _ => match BUILTINS
                .iter()
                .chain(self.act_order.iter().map(|s| s.as_str()).collect::<Vec<_>>().iter())
                .filter(|b| close_name(b, name))
                .min_by_key(|b| edit_distance(b, name))
            {
                Some(best) => d.with_hint(format!("did you mean '{best}'?")),
                None => d.with_hint(format!(
                    "built-in: {}; define your own with `act NAME(z) = ...`",
                    BUILTINS.join(", ")
                )),
            },
        };
        self.diags.push(d);
        None
    }
}

fn stmt_name(k: &StmtKind) -> &'static str {
    match k {
        StmtKind::Param(_) => "`param`",
        StmtKind::Const(_) => "`const`",
        StmtKind::Act(_) => "`act`",
        StmtKind::Net(_) => "a network definition",
        StmtKind::Dense(_) => "`dense`",
        StmtKind::Data(_) => "`data`",
        StmtKind::Loss(_) => "`loss`",
        StmtKind::Decay(_) => "`decay`",
        StmtKind::Equation(_) => "an equation `x' = ...`",
        StmtKind::Hamiltonian(_) => "`H = ...`",
        StmtKind::Pairs(_) => "`pairs`",
        StmtKind::Along(_) => "`along`",
        StmtKind::Var(_) => "`var`",
        StmtKind::OdeEquation(..) => "an equation `... = ...`",
        StmtKind::Matrix(_) => "a matrix equation `Y' = [[..]] * Y`",
    }
}

/// The names differentiated in `e` (with the orders used).
fn collect_derivatives(e: &Expr, out: &mut Vec<(String, u32)>) {
    match &e.kind {
        ExprKind::Derivative(id, k) => out.push((id.name.clone(), *k)),
        ExprKind::Num(_) | ExprKind::Name(_) => {}
        ExprKind::Index(b, idx) => {
            collect_derivatives(b, out);
            idx.iter().for_each(|i| collect_derivatives(i, out));
        }
        ExprKind::Call(_, args) => args.iter().for_each(|a| collect_derivatives(a, out)),
        ExprKind::Neg(a) => collect_derivatives(a, out),
        ExprKind::Binary(_, a, b) => {
            collect_derivatives(a, out);
            collect_derivatives(b, out);
        }
        ExprKind::Sum(r, body) => {
            collect_derivatives(&r.lo, out);
            collect_derivatives(&r.hi, out);
            collect_derivatives(body, out);
        }
    }
}

/// Parses `123`, `1.25`, `2e-3`, `1.5E+2` exactly.
pub fn parse_decimal(text: &str) -> Option<Q> {
    let (mantissa, exp) = match text.find(['e', 'E']) {
        Some(i) => (&text[..i], text[i + 1..].parse::<i32>().ok()?),
        None => (text, 0),
    };
    let (int, frac) = match mantissa.split_once('.') {
        Some((a, b)) => (a, b),
        None => (mantissa, ""),
    };
    if int.is_empty() && frac.is_empty() {
        return None;
    }
    if !int.chars().chain(frac.chars()).all(|c| c.is_ascii_digit()) {
        return None;
    }
    let digits: BigInt = format!("{int}{frac}").parse().ok()?;
    let scale = exp.checked_sub(i32::try_from(frac.len()).ok()?)?;
    if scale.unsigned_abs() > 10_000 {
        return None;
    }
    let ten = BigInt::from(10);
    let p = num_traits::pow::pow(ten, scale.unsigned_abs() as usize);
    let q = if scale >= 0 { Q::from_integer(digits * p) } else { Q::new(digits, p) };
    Some(q)
}

/// Whether `candidate` is a plausible intended spelling of `name`: one edit for names of
/// two to five characters, two for longer ones; never for one-letter names.
fn close_name(candidate: &str, name: &str) -> bool {
    let n = name.chars().count();
    let allowed = match n {
        0 | 1 => 0,
        2..=5 => 1,
        _ => 2,
    };
    candidate != name && candidate.chars().count() > 1 && edit_distance(candidate, name) <= allowed
}

fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    // optimal string alignment: insertions, deletions, substitutions, adjacent swaps
    let mut d = vec![vec![0usize; b.len() + 1]; a.len() + 1];
    for (i, row) in d.iter_mut().enumerate() {
        row[0] = i;
    }
    for (j, cell) in d[0].iter_mut().enumerate() {
        *cell = j;
    }
    for i in 1..=a.len() {
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut v = (d[i - 1][j] + 1).min(d[i][j - 1] + 1).min(d[i - 1][j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                v = v.min(d[i - 2][j - 2] + 1);
            }
            d[i][j] = v;
        }
    }
    d[a.len()][b.len()]
}
