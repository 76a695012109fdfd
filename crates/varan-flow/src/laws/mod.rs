//! First integrals and conservation laws (MATH.md §8).
//!
//! - [`first_integrals`]: every polynomial H of degree ≤ d (no constant term) with
//!   ∇H·V = 0 for a polynomial vector field V, found by exact linear algebra over ℚ on a
//!   dense ansatz ([`ansatz`]) and each verified by the exact zero test of `varan-algebra`.
//! - [`conservation_laws`]: for a model factored as f(x; θ) = g(x; φ(θ)) ([`factor`]), the
//!   number of independent conservation laws D − dim Lie(W_φ)(θ) \[MGP23\] from Lie brackets
//!   of the fields ∇φ_i ([`lie`]), and the laws of degree ≤ 2 themselves. The count is
//!   certified when as many laws as it claims are found, verified and independent at the
//!   point; otherwise it is an upper bound that is exact with a stated probability
//!   (`docs/laws.md`).

mod ansatz;
mod factor;
mod lie;
mod polynomial;
mod rank;

pub use ansatz::{invariant_polynomials, span_contains, span_rank, AnsatzError};
pub use factor::{Architecture, Factorization};
pub use lie::{LieLimits, LieRank, LieStop};
pub use polynomial::{polys_from_exprs, Coeff, Fp, Mono, NotPolynomial, Poly};

use ansatz::ansatz_size;
use lie::{gradient_fields, lie_rank, FieldP};
use polynomial::P61;
use rank::{Echelon, PrimeField};

use varan_algebra::{Canonicalizer, ExprId, Pool, Symbol, Truth, Q};

/// Settings of the law search (defaults: degree 2, seed 1, the default bracket limits).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LawOptions {
    /// The degree bound d of the polynomial ansatz.
    pub degree: u32,
    /// The seed of the random point θ_0.
    pub seed: u64,
    /// Limits of the bracket iteration.
    pub limits: LieLimits,
    /// Largest ansatz (number of unknowns) for the laws of a factorization; beyond it only
    /// the count is computed.
    pub max_law_unknowns: usize,
}

impl Default for LawOptions {
    fn default() -> Self {
        LawOptions { degree: 2, seed: 1, limits: LieLimits::default(), max_law_unknowns: 20_000 }
    }
}

impl LawOptions {
    /// With the degree bound `d`.
    pub fn degree(mut self, d: u32) -> Self {
        self.degree = d;
        self
    }

    /// Only the count: no search for the laws themselves (the count is then an upper bound
    /// with its probability statement, see [`LawCount`]).
    pub fn without_laws(mut self) -> Self {
        self.max_law_unknowns = 0;
        self
    }

    /// With the seed of the random point.
    pub fn seed(mut self, s: u64) -> Self {
        self.seed = s;
        self
    }
}

/// Why no answer could be given.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LawsError {
    /// A component of the field (or of φ) is not a polynomial in the state variables.
    NotPolynomial {
        /// Which component: `V_k` as the state variable's name, or `φ_i`.
        component: String,
        /// Why.
        reason: NotPolynomial,
    },
    /// The linear system could not be set up or solved.
    Ansatz(AnsatzError),
    /// A coefficient's denominator is divisible by p = 2⁶¹ − 1.
    BadPrime,
}

impl std::fmt::Display for LawsError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            LawsError::NotPolynomial { component, reason } => {
                write!(f, "{component} is not a polynomial in the state variables: {reason}")
            }
            LawsError::Ansatz(e) => write!(f, "{e}"),
            LawsError::BadPrime => {
                write!(f, "a coefficient's denominator is divisible by 2^61 - 1")
            }
        }
    }
}

impl std::error::Error for LawsError {}

/// A polynomial conserved along a field (or along every field of a family).
#[derive(Debug, Clone)]
pub struct Law {
    /// The polynomial, primitive with integer coefficients.
    pub poly: Poly<Q>,
    /// The same as an expression of the problem's pool.
    pub expr: ExprId,
    /// The exact zero test of ∇h·X for every field X: `True` is a proof.
    pub verified: Truth,
}

/// The polynomial first integrals of degree ≤ d of a polynomial field.
#[derive(Debug, Clone)]
pub struct FirstIntegrals {
    /// The degree bound d.
    pub degree: u32,
    /// A basis over ℚ of the space of first integrals of degree ≤ d without constant term.
    pub basis: Vec<Law>,
    /// The rank of their gradients at the random point θ_0 (modulo p): a lower bound for
    /// the number of functionally independent integrals among them.
    pub independent: usize,
}

/// The law count and what proves it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LawCount {
    /// D − rank: the rank of Lie(W_φ)(θ_0) is a proven lower bound of the generic
    /// dimension, and as many verified laws with independent gradients at θ_0 were found,
    /// which proves the matching upper bound. No probability is involved.
    Certified(usize),
    /// D − rank is a proven upper bound on the number of independent laws; it is exact
    /// unless θ_0 is a zero of a non-zero polynomial of degree ≤ `degree_bound` over 𝔽_p
    /// (probability ≤ degree_bound/p for θ_0 uniform, Schwartz–Zippel) or p is one of the
    /// finitely many primes dividing the content of such a polynomial.
    UpperBound {
        /// D − rank.
        count: usize,
        /// Independent laws actually found (a proven lower bound).
        found: usize,
        /// The degree bound of the Schwartz–Zippel argument.
        degree_bound: u64,
    },
}

impl LawCount {
    /// The count (exact or an upper bound).
    pub fn value(&self) -> usize {
        match *self {
            LawCount::Certified(c) | LawCount::UpperBound { count: c, .. } => c,
        }
    }
}

/// The conservation laws of a factored model.
#[derive(Debug, Clone)]
pub struct ConservationLaws {
    /// The number D of parameters.
    pub parameters: usize,
    /// The number of components of φ.
    pub phi_count: usize,
    /// The bracket iteration and the rank of the Lie algebra at θ_0.
    pub lie: LieRank,
    /// D − dim Lie(W_φ)(θ_0), and its certificate.
    pub count: LawCount,
    /// The degree bound of the laws.
    pub degree: u32,
    /// A basis of the polynomial laws of degree ≤ `degree` (empty when `laws_skipped`).
    pub laws: Vec<Law>,
    /// The rank of the laws' gradients at θ_0 (modulo p).
    pub independent: usize,
    /// Why the laws were not computed, if they were not.
    pub laws_skipped: Option<String>,
    /// The seed of θ_0.
    pub seed: u64,
}

/// A pseudo-random point of 𝔽_p^n (SplitMix64), entries in [1, p).
pub fn random_point(n: usize, seed: u64) -> Vec<Fp> {
    let mut s = seed;
    (0..n)
        .map(|_| {
            s = s.wrapping_add(0x9E37_79B9_7F4A_7C15);
            let mut z = s;
            z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
            z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
            z ^= z >> 31;
            Fp(1 + z % (P61 - 1))
        })
        .collect()
}

/// The rank modulo p of the gradients of `polys` at `point`.
fn gradient_rank(polys: &[Poly<Q>], n: usize, point: &[Fp]) -> Result<usize, LawsError> {
    let mut e = Echelon::new(PrimeField::new(P61));
    for h in polys {
        let hp = h.to_fp().ok_or(LawsError::BadPrime)?;
        let grad = hp.gradient(n);
        e.insert(grad.iter().enumerate().map(|(k, g)| (k as u32, g.eval(point).0)).collect());
    }
    Ok(e.rank())
}

/// The exact zero test of ∇h·X for every law h and field X (all expressions of `pool`).
fn verify(
    pool: &mut Pool,
    state: &[Symbol],
    laws: &[ExprId],
    fields: &[Vec<ExprId>],
) -> Vec<Truth> {
    let mut dots: Vec<Vec<ExprId>> = Vec::with_capacity(laws.len());
    for &h in laws {
        let grad: Vec<ExprId> = state.iter().map(|&s| pool.diff(h, s)).collect();
        let mut row = Vec::with_capacity(fields.len());
        for x in fields {
            let terms: Vec<ExprId> = grad
                .iter()
                .zip(x)
                .filter(|(g, v)| **g != ExprId::ZERO && **v != ExprId::ZERO)
                .map(|(g, v)| pool.mul(*g, *v))
                .collect();
            row.push(pool.add_all(terms));
        }
        dots.push(row);
    }
    let mut canon = Canonicalizer::new(pool);
    dots.iter()
        .map(|row| {
            let mut t = Truth::True;
            for &e in row {
                match canon.is_zero(e) {
                    Ok(Truth::True) => {}
                    Ok(Truth::False) => return Truth::False,
                    Ok(Truth::Unknown) | Err(_) => t = Truth::Unknown,
                }
            }
            t
        })
        .collect()
}

/// The polynomial first integrals of degree ≤ `opts.degree` of the field `field` (one
/// component per variable of `state`), each verified by the exact zero test.
pub fn first_integrals(
    pool: &mut Pool,
    state: &[Symbol],
    field: &[ExprId],
    opts: &LawOptions,
) -> Result<FirstIntegrals, LawsError> {
    let mut v = Vec::with_capacity(field.len());
    for (k, &e) in field.iter().enumerate() {
        let p = polys_from_exprs(pool, &[e], state).map_err(|reason| LawsError::NotPolynomial {
            component: format!("the component {}' of the vector field", pool.symbol_name(state[k])),
            reason,
        })?;
        v.extend(p);
    }
    let basis = invariant_polynomials(std::slice::from_ref(&v), state.len(), opts.degree)
        .map_err(LawsError::Ansatz)?;
    let point = random_point(state.len(), opts.seed);
    let independent = gradient_rank(&basis, state.len(), &point)?;
    let exprs: Vec<ExprId> = basis.iter().map(|h| h.to_expr(pool, state)).collect();
    let truths = verify(pool, state, &exprs, &[field.to_vec()]);
    let basis = basis
        .into_iter()
        .zip(exprs)
        .zip(truths)
        .map(|((poly, expr), verified)| Law { poly, expr, verified })
        .collect();
    Ok(FirstIntegrals { degree: opts.degree, basis, independent })
}

/// The conservation laws of a factored model: the count D − dim Lie(W_φ)(θ_0) and the
/// polynomial laws of degree ≤ `opts.degree` (see the module docs for what is certified).
pub fn conservation_laws(
    fac: &mut Factorization,
    opts: &LawOptions,
) -> Result<ConservationLaws, LawsError> {
    let n = fac.state.len();
    let phi = polys_from_exprs(&fac.pool, &fac.phi, &fac.state).map_err(|reason| {
        LawsError::NotPolynomial { component: "a component of φ".into(), reason }
    })?;
    let gens_q: Vec<Vec<Poly<Q>>> = phi.iter().map(|p| p.gradient(n)).collect();
    let gens: Vec<FieldP> = gradient_fields(&phi, n).ok_or(LawsError::BadPrime)?;
    let point = random_point(n, opts.seed);
    let lie = lie_rank(&gens, &point, opts.limits);
    let upper = n - lie.rank;
    let size = ansatz_size(n, opts.degree);
    let (laws, independent, laws_skipped) = if size > opts.max_law_unknowns {
        let why = format!(
            "the degree-{} ansatz in {n} parameters has {size} unknowns (limit {})",
            opts.degree, opts.max_law_unknowns
        );
        (Vec::new(), 0, Some(why))
    } else {
        let basis = invariant_polynomials(&gens_q, n, opts.degree).map_err(LawsError::Ansatz)?;
        let independent = gradient_rank(&basis, n, &point)?;
        let exprs: Vec<ExprId> =
            basis.iter().map(|h| h.to_expr(&mut fac.pool, &fac.state)).collect();
        let fields: Vec<Vec<ExprId>> = fac
            .phi
            .iter()
            .map(|&p| fac.state.iter().map(|&s| fac.pool.diff(p, s)).collect())
            .collect();
        let truths = verify(&mut fac.pool, &fac.state, &exprs, &fields);
        let laws: Vec<Law> = basis
            .into_iter()
            .zip(exprs)
            .zip(truths)
            .map(|((poly, expr), verified)| Law { poly, expr, verified })
            .collect();
        (laws, independent, None)
    };
    // count ≤ upper always (rank_p(θ_0) ≤ dim Lie(θ_0) ≤ generic dimension); `independent`
    // verified laws with independent gradients at θ_0 prove count ≥ independent
    let all_verified = laws.iter().all(|l| l.verified == Truth::True);
    let count = if all_verified && independent == upper {
        LawCount::Certified(upper)
    } else {
        let steps = lie.ranks.len() as u64;
        let degree_bound = steps * n as u64 * u64::from(lie.max_degree.max(1));
        LawCount::UpperBound { count: upper, found: independent, degree_bound }
    };
    Ok(ConservationLaws {
        parameters: n,
        phi_count: fac.phi.len(),
        lie,
        count,
        degree: opts.degree,
        laws,
        independent,
        laws_skipped,
        seed: opts.seed,
    })
}
