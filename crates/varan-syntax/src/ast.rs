//! The abstract syntax tree of a `.vnet` file. Every node carries the byte [`Span`] of the
//! text it came from, so later stages can point at it. The tree is purely syntactic: names
//! are not resolved, numbers are kept as their source text, and which statements are
//! allowed in which kind of definition is checked by the lowering stage (`varan-flow`).

/// A byte range `start..end` of the source text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct Span {
    /// First byte.
    pub start: usize,
    /// One past the last byte.
    pub end: usize,
}

impl Span {
    /// The span `start..end`.
    pub fn new(start: usize, end: usize) -> Self {
        Span { start, end }
    }

    /// The smallest span covering both.
    pub fn join(self, other: Span) -> Span {
        Span { start: self.start.min(other.start), end: self.end.max(other.end) }
    }
}

/// An identifier with its location.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ident {
    /// The name as written.
    pub name: String,
    /// Where it was written.
    pub span: Span,
}

/// A whole file: a sequence of definitions.
#[derive(Debug, Clone, PartialEq)]
pub struct File {
    /// The definitions in source order.
    pub items: Vec<Item>,
}

/// The kind of a top-level definition.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ItemKind {
    /// `model NAME { ... }`: a network, its data and loss; the flow is θ' = −∇L.
    Model,
    /// `system NAME { x' = ...; ... }`: an explicit vector field.
    System,
    /// `hamiltonian NAME { H = ...; pairs (q, p), ... }`: Hamilton's equations.
    Hamiltonian,
    /// `ode NAME { var x; u'' + p*u' + q*u = 0 }`: a linear differential equation.
    Ode,
    /// `linear NAME { var z; Y' = [[a, b], [c, d]] * Y }`: a linear system.
    Linear,
}

/// One top-level definition.
#[derive(Debug, Clone, PartialEq)]
pub struct Item {
    /// `model`, `system` or `hamiltonian`.
    pub kind: ItemKind,
    /// The definition's name.
    pub name: Ident,
    /// The statements between the braces, in source order.
    pub stmts: Vec<Stmt>,
    /// From the keyword to the closing brace.
    pub span: Span,
}

/// A statement inside a definition.
#[derive(Debug, Clone, PartialEq)]
pub struct Stmt {
    /// What the statement says.
    pub kind: StmtKind,
    /// The whole statement.
    pub span: Span,
}

/// The statements of the DSL (see `docs/dsl.md`).
#[derive(Debug, Clone, PartialEq)]
pub enum StmtKind {
    /// `param a1, a2, W1[2,3]` (also spelled `params`).
    Param(Vec<ParamDecl>),
    /// `const c = 1/2` or `const beta` (symbolic).
    Const(ConstDecl),
    /// `act sigma(z) = z + z^2/2`.
    Act(ActDecl),
    /// `f(x) = expr` or `f(x)[i = 1..m] = expr`.
    Net(NetDecl),
    /// `dense(inputs = 2, width = 16, act = tanh, bias = true)`.
    Dense(DenseDecl),
    /// `data { 1 -> 2, [1, 2] -> 3, ... }`.
    Data(DataDecl),
    /// `loss mse`, `loss sum EXPR`, `loss = EXPR`.
    Loss(LossDecl),
    /// `decay EXPR`: adds (λ/2)·Σ θ_k² to the loss.
    Decay(Expr),
    /// `x' = expr` in a `system`.
    Equation(Equation),
    /// `H = expr` in a `hamiltonian`.
    Hamiltonian(Expr),
    /// `pairs (q1, p1), (q2, p2)` in a `hamiltonian`.
    Pairs(Vec<(Ident, Ident)>),
    /// `var x` in an `ode`: the independent variable.
    Var(Ident),
    /// `LHS = RHS` in an `ode`: the differential equation.
    OdeEquation(Expr, Expr),
    /// `Y' = [[..], ..] * Y` in a `linear` system: the coefficient matrix by rows.
    Matrix(Vec<Vec<Expr>>),
    /// `along [NAME] { x = s, ... }`: a particular solution (in any definition).
    Along(AlongDecl),
}

/// One declared parameter or parameter family.
#[derive(Debug, Clone, PartialEq)]
pub struct ParamDecl {
    /// The name.
    pub name: Ident,
    /// Sizes of an indexed family (`W1[2,3]` gives `[2, 3]`), empty for a scalar.
    /// Each size is kept with its span; the text is a non-negative integer literal.
    pub dims: Vec<(String, Span)>,
    /// The whole declaration.
    pub span: Span,
}

/// `const NAME [= EXPR]`.
#[derive(Debug, Clone, PartialEq)]
pub struct ConstDecl {
    /// The constant's name.
    pub name: Ident,
    /// Its value; `None` keeps it symbolic.
    pub value: Option<Expr>,
}

/// `act NAME(ARG) = BODY`: a user-defined activation of one variable.
#[derive(Debug, Clone, PartialEq)]
pub struct ActDecl {
    /// The activation's name.
    pub name: Ident,
    /// Its formal argument.
    pub arg: Ident,
    /// Its body, in terms of `arg` (and constants).
    pub body: Expr,
}

/// `NAME(INPUT) = BODY` or `NAME(INPUT)[I = LO..HI] = BODY` (vector output).
#[derive(Debug, Clone, PartialEq)]
pub struct NetDecl {
    /// The network's name (usually `f`).
    pub name: Ident,
    /// The input variable (usually `x`; `x[k]` for vector input).
    pub input: Ident,
    /// For vector output: the output index and its range.
    pub output: Option<IndexRange>,
    /// The network's output as an expression.
    pub body: Expr,
}

/// `I = LO..HI`, an index running over integers (inclusive bounds).
#[derive(Debug, Clone, PartialEq)]
pub struct IndexRange {
    /// The index variable.
    pub index: Ident,
    /// Lower bound (inclusive).
    pub lo: Box<Expr>,
    /// Upper bound (inclusive).
    pub hi: Box<Expr>,
    /// From the index to the upper bound.
    pub span: Span,
}

/// `dense(key = value, ...)`.
#[derive(Debug, Clone, PartialEq)]
pub struct DenseDecl {
    /// The options in source order; values are expressions (names like `tanh`, `true`
    /// and numbers are `ExprKind::Name` / `ExprKind::Num`).
    pub options: Vec<(Ident, Expr)>,
}

/// `data { POINT, POINT, ... }`.
#[derive(Debug, Clone, PartialEq)]
pub struct DataDecl {
    /// The points in source order (possibly empty: the lowering reports that).
    pub points: Vec<DataPoint>,
}

/// `X -> Y`.
#[derive(Debug, Clone, PartialEq)]
pub struct DataPoint {
    /// The input.
    pub x: DataValue,
    /// The target.
    pub y: DataValue,
    /// The whole point.
    pub span: Span,
}

/// A scalar or a bracketed vector `[v1, v2, ...]` in a data point.
#[derive(Debug, Clone, PartialEq)]
pub enum DataValue {
    /// A single value (an expression; the lowering requires a rational constant).
    Scalar(Expr),
    /// `[e1, e2, ...]` with its span.
    Vector(Vec<Expr>, Span),
}

/// The loss statement.
#[derive(Debug, Clone, PartialEq)]
pub enum LossDecl {
    /// `loss mse`: ½ Σ_i ‖f(x_i) − y_i‖².
    Mse,
    /// `loss sum EXPR`: Σ_i EXPR, where EXPR may use the network (`f(x)`), `x` and `y`.
    Sum(Expr),
    /// `loss = EXPR`: the loss written directly in the parameters.
    Explicit(Expr),
}

/// `NAME' = RHS`.
#[derive(Debug, Clone, PartialEq)]
pub struct Equation {
    /// The state variable.
    pub var: Ident,
    /// Its derivative.
    pub rhs: Expr,
}

/// `along [NAME] { coord = expr, ... }`: a curve through the state space.
#[derive(Debug, Clone, PartialEq)]
pub struct AlongDecl {
    /// The curve's optional name (`along diagonal { ... }`).
    pub name: Option<Ident>,
    /// The entries in source order (at least one; coordinates not mentioned are not
    /// constrained by the syntax).
    pub entries: Vec<AlongEntry>,
}

/// `COORD = VALUE` in an `along` block.
#[derive(Debug, Clone, PartialEq)]
pub struct AlongEntry {
    /// The coordinate: an [`ExprKind::Name`] (`a1`) or an [`ExprKind::Index`] of a name
    /// by integer literals ([`ExprKind::Num`]), as in `W1[1,2]`.
    pub target: Expr,
    /// Its value along the curve (an expression, usually in the curve parameter `s` or
    /// the time `t`).
    pub value: Expr,
    /// From the coordinate to the end of the value.
    pub span: Span,
}

/// An expression with its span.
#[derive(Debug, Clone, PartialEq)]
pub struct Expr {
    /// What the expression is.
    pub kind: ExprKind,
    /// Where it was written.
    pub span: Span,
}

/// Binary operators.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BinOp {
    /// `+`
    Add,
    /// `-`
    Sub,
    /// `*`
    Mul,
    /// `/`
    Div,
    /// `^` (right-associative, binds tighter than unary minus: `-x^2 = -(x^2)`).
    Pow,
}

/// Expression forms.
#[derive(Debug, Clone, PartialEq)]
pub enum ExprKind {
    /// A number literal as written: `3`, `1.25`, `2e-3` (always non-negative; a leading
    /// minus is [`ExprKind::Neg`]). Decimals are exact rationals.
    Num(String),
    /// A name: parameter, constant, variable, index or (in `dense`) an option value.
    Name(Ident),
    /// `BASE[i, j, ...]`: an element of a family (`W1[1,2]`, `x[k]`) or an output
    /// component (`f(x)[i]`).
    Index(Box<Expr>, Vec<Expr>),
    /// `NAME(args)`: a built-in function, an activation or the network.
    Call(Ident, Vec<Expr>),
    /// `-e`.
    Neg(Box<Expr>),
    /// `a op b`.
    Binary(BinOp, Box<Expr>, Box<Expr>),
    /// `sum(I = LO..HI, BODY)`.
    Sum(IndexRange, Box<Expr>),
    /// `u'`, `u''`, …: a derivative of the unknown of an `ode`, with its order.
    Derivative(Ident, u32),
}
