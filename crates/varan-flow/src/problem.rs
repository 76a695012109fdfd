//! The lowered problem: what a definition of a `.vnet` file means mathematically — its state
//! variables, constants, loss or Hamiltonian, and the vector field — all as expressions of
//! one [`Pool`].

use varan_algebra::{ExprId, Pool, Symbol, Q};
use varan_syntax::ItemKind;

/// A lowered definition, ready for derivation.
#[derive(Debug)]
pub struct Problem {
    /// The definition's name.
    pub name: String,
    /// `model`, `system` or `hamiltonian`.
    pub kind: ItemKind,
    /// The pool holding every expression below.
    pub pool: Pool,
    /// The state variables in order: the parameters θ of a model, the variables of a
    /// system, (q_1, …, q_n, p_1, …, p_n) of a Hamiltonian.
    pub state: Vec<Symbol>,
    /// Constants left symbolic (`const beta`), in declaration order.
    pub constants: Vec<Symbol>,
    /// Constants with a value (`const c = 1/2`), by name: expressions typed later (a curve
    /// on the command line) may use them.
    pub constant_values: Vec<(String, ExprId)>,
    /// The loss L(θ) of a model.
    pub loss: Option<ExprId>,
    /// The Hamiltonian H(q, p).
    pub hamiltonian: Option<ExprId>,
    /// The data points (input, target) of a model, as rationals.
    pub data: Vec<(Vec<Q>, Vec<Q>)>,
    /// The vector field, one component per state variable: −∇L for a model, the right-hand
    /// sides of a system, (∂H/∂p, −∂H/∂q) for a Hamiltonian.
    pub field: Vec<ExprId>,
    /// For an `ode`: the linear equation (then `state` and `field` are empty).
    pub ode: Option<LinearOde>,
    /// For a `linear` system: Y' = A(z)·Y (then `state` and `field` are empty).
    pub linear: Option<LinearSystem>,
}

/// A linear system Y' = A(z)·Y.
#[derive(Debug, Clone)]
pub struct LinearSystem {
    /// The independent variable z.
    pub var: Symbol,
    /// A, row by row.
    pub matrix: Vec<Vec<ExprId>>,
}

/// A linear homogeneous differential equation Σ_k c_k(x)·u^(k) = 0.
#[derive(Debug, Clone)]
pub struct LinearOde {
    /// The independent variable x.
    pub var: Symbol,
    /// The unknown's name.
    pub unknown: String,
    /// c_0, …, c_n (c_n ≠ 0).
    pub coefficients: Vec<ExprId>,
}

impl Problem {
    /// Whether the field is a gradient field (−∇L), so its Jacobian is symmetric.
    pub fn is_gradient(&self) -> bool {
        self.kind == ItemKind::Model
    }

    /// The names of the state variables, in order.
    pub fn state_names(&self) -> Vec<String> {
        self.state.iter().map(|s| self.pool.symbol_name(*s).to_string()).collect()
    }
}
