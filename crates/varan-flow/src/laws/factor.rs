//! Factorizations f(x; θ) = g(x; φ(θ)) of common architectures \[MGP23\]: the map
//! φ whose gradient fields ∇φ_i span W_φ. Every conservation law of the gradient flow of
//! *any* loss of the model's output is a function h with ∇h ⟂ ∇φ_i for all i.
//!
//! - `linear:n,r,m`: x ↦ W2·W1·x, W1 ∈ ℝ^{r×n}, W2 ∈ ℝ^{m×r}; φ = W2·W1 (its m·n entries).
//!   Published count \[MGP23\]: k·r − k(k−1)/2 laws, k = min(r, n + m).
//! - `relu:n,h[,m]`: x ↦ Σ_j v_j·σ(⟨u_j, x⟩) with σ positively homogeneous (ReLU, leaky
//!   ReLU), no biases; the path lifting φ = (v_{a,j}·u_{j,k}), valid on each region where
//!   the activation pattern is fixed. Count: one law per hidden unit, ‖u_j‖² − ‖v_j‖².
//! - `diagonal-sq:d`: β = u⊙u − v⊙v; laws u_i·v_i (one per coordinate).
//! - `diagonal-prod:d`: β = u⊙v; laws u_i² − v_i² (one per coordinate).

use varan_algebra::{ExprId, Pool, Symbol};

/// An architecture given on the command line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Architecture {
    /// Two-layer linear network n → r → m.
    Linear {
        /// Inputs.
        n: u32,
        /// Hidden units.
        r: u32,
        /// Outputs.
        m: u32,
    },
    /// Two-layer network with a positively homogeneous activation, n → h → m.
    Relu {
        /// Inputs.
        n: u32,
        /// Hidden units.
        h: u32,
        /// Outputs.
        m: u32,
    },
    /// Diagonal network β = u⊙u − v⊙v in dimension d.
    DiagonalSq {
        /// Dimension.
        d: u32,
    },
    /// Diagonal network β = u⊙v in dimension d.
    DiagonalProd {
        /// Dimension.
        d: u32,
    },
}

/// Largest number of parameters an architecture may have.
pub const MAX_PARAMETERS: u64 = 2000;

/// A model factored as f(x; θ) = g(x; φ(θ)).
#[derive(Debug)]
pub struct Factorization {
    /// What the model is, in words.
    pub description: String,
    /// The pool holding the parameters and φ.
    pub pool: Pool,
    /// The parameters θ, in order.
    pub state: Vec<Symbol>,
    /// The components of φ.
    pub phi: Vec<ExprId>,
    /// The number of laws the literature gives for this architecture, when known.
    pub published: Option<u64>,
}

impl std::str::FromStr for Architecture {
    type Err = String;

    /// Parses `linear:n,r,m`, `relu:n,h` or `relu:n,h,m`, `diagonal-sq:d`, `diagonal-prod:d`.
    fn from_str(s: &str) -> Result<Self, String> {
        let usage = "expected linear:n,r,m, relu:n,h[,m], diagonal-sq:d or diagonal-prod:d";
        let (kind, sizes) =
            s.split_once(':').ok_or_else(|| format!("unknown architecture '{s}': {usage}"))?;
        let sizes: Vec<u32> = sizes
            .split(',')
            .map(|t| t.trim().parse::<u32>().ok().filter(|&v| v > 0))
            .collect::<Option<Vec<u32>>>()
            .ok_or_else(|| format!("the sizes in '{s}' must be positive integers"))?;
        let a = match (kind.trim(), sizes.as_slice()) {
            ("linear", &[n, r, m]) => Architecture::Linear { n, r, m },
            ("relu", &[n, h]) => Architecture::Relu { n, h, m: 1 },
            ("relu", &[n, h, m]) => Architecture::Relu { n, h, m },
            ("diagonal-sq", &[d]) => Architecture::DiagonalSq { d },
            ("diagonal-prod", &[d]) => Architecture::DiagonalProd { d },
            ("linear" | "relu" | "diagonal-sq" | "diagonal-prod", _) => {
                return Err(format!("wrong number of sizes in '{s}': {usage}"))
            }
            _ => return Err(format!("unknown architecture '{s}': {usage}")),
        };
        let d = a.parameter_count();
        if d > MAX_PARAMETERS {
            return Err(format!("'{s}' has {d} parameters; the limit is {MAX_PARAMETERS}"));
        }
        Ok(a)
    }
}

impl std::fmt::Display for Architecture {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match *self {
            Architecture::Linear { n, r, m } => write!(f, "linear:{n},{r},{m}"),
            Architecture::Relu { n, h, m } => write!(f, "relu:{n},{h},{m}"),
            Architecture::DiagonalSq { d } => write!(f, "diagonal-sq:{d}"),
            Architecture::DiagonalProd { d } => write!(f, "diagonal-prod:{d}"),
        }
    }
}

impl Architecture {
    /// The number D of parameters.
    pub fn parameter_count(&self) -> u64 {
        match *self {
            Architecture::Linear { n, r, m } => u64::from(r) * (u64::from(n) + u64::from(m)),
            Architecture::Relu { n, h, m } => u64::from(h) * (u64::from(n) + u64::from(m)),
            Architecture::DiagonalSq { d } | Architecture::DiagonalProd { d } => 2 * u64::from(d),
        }
    }

    /// The published number of independent conservation laws (MATH.md §8, \[MGP23\]).
    pub fn published_count(&self) -> u64 {
        match *self {
            Architecture::Linear { n, r, m } => {
                let (r, k) = (u64::from(r), u64::from(r.min(n + m)));
                k * r - k * (k - 1) / 2
            }
            Architecture::Relu { h, .. } => u64::from(h),
            Architecture::DiagonalSq { d } | Architecture::DiagonalProd { d } => u64::from(d),
        }
    }

    /// The factorization: parameters and φ in a fresh pool.
    pub fn factorization(&self) -> Factorization {
        let mut pool = Pool::new();
        let mut state = Vec::new();
        let mut phi = Vec::new();
        let description;
        match *self {
            Architecture::Linear { n, r, m } => {
                description = format!(
                    "two-layer linear network x ↦ W2·W1·x ({}, {}, {}), φ = W2·W1",
                    count(n, "input"),
                    count(r, "hidden unit"),
                    count(m, "output")
                );
                let w1 = family(&mut pool, &mut state, "W1", r, n);
                let w2 = family(&mut pool, &mut state, "W2", m, r);
                for w2a in &w2 {
                    for k in 0..n as usize {
                        let terms: Vec<ExprId> = w2a
                            .iter()
                            .zip(&w1)
                            .map(|(&w2aj, w1j)| {
                                let (x, y) = (pool.sym(w2aj), pool.sym(w1j[k]));
                                pool.mul(x, y)
                            })
                            .collect();
                        phi.push(pool.add_all(terms));
                    }
                }
            }
            Architecture::Relu { n, h, m } => {
                description = format!(
                    "two-layer network x ↦ Σ_j v_j·σ(⟨u_j, x⟩), σ positively homogeneous \
                     ({}, {}, {}), φ = path lifting (v_j·u_jᵀ)",
                    count(n, "input"),
                    count(h, "hidden unit"),
                    count(m, "output")
                );
                let u = family(&mut pool, &mut state, "u", h, n);
                let v: Vec<Vec<Symbol>> = if m == 1 {
                    let v: Vec<Symbol> = (1..=h)
                        .map(|j| {
                            let s = pool.family_symbol("v", &[j]);
                            state.push(s);
                            s
                        })
                        .collect();
                    vec![v]
                } else {
                    family(&mut pool, &mut state, "v", m, h)
                };
                for j in 0..h as usize {
                    for va in &v {
                        for &ujk in &u[j] {
                            let (x, y) = (pool.sym(va[j]), pool.sym(ujk));
                            phi.push(pool.mul(x, y));
                        }
                    }
                }
            }
            Architecture::DiagonalSq { d } | Architecture::DiagonalProd { d } => {
                let sq = matches!(self, Architecture::DiagonalSq { .. });
                description = format!(
                    "diagonal linear network x ↦ ⟨β, x⟩ in dimension {d}, β = {}",
                    if sq { "u⊙u − v⊙v" } else { "u⊙v" }
                );
                let u: Vec<Symbol> = (1..=d).map(|i| pool.family_symbol("u", &[i])).collect();
                let v: Vec<Symbol> = (1..=d).map(|i| pool.family_symbol("v", &[i])).collect();
                state.extend(&u);
                state.extend(&v);
                for i in 0..d as usize {
                    let (x, y) = (pool.sym(u[i]), pool.sym(v[i]));
                    phi.push(if sq {
                        let x2 = pool.mul(x, x);
                        let y2 = pool.mul(y, y);
                        pool.sub(x2, y2)
                    } else {
                        pool.mul(x, y)
                    });
                }
            }
        }
        Factorization { description, pool, state, phi, published: Some(self.published_count()) }
    }
}

/// The matrix family `name[i, j]`, rows × cols, appended to the state row by row.
fn family(
    pool: &mut Pool,
    state: &mut Vec<Symbol>,
    name: &str,
    rows: u32,
    cols: u32,
) -> Vec<Vec<Symbol>> {
    (1..=rows)
        .map(|i| {
            (1..=cols)
                .map(|j| {
                    let s = pool.family_symbol(name, &[i, j]);
                    state.push(s);
                    s
                })
                .collect()
        })
        .collect()
}

/// "1 input", "3 inputs".
fn count(k: u32, what: &str) -> String {
    format!("{k} {what}{}", if k == 1 { "" } else { "s" })
}
