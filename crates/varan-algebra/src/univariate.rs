//! Algebraization of coefficients: expressions in one symbol s, built from rational
//! functions and exponentials e^{c·s} (c ∈ ℚ), rewritten as rational functions of one
//! variable — s itself, or z = e^{s/q} with q the least common denominator of the c's
//! ([MR99, §2.3]; `docs/architecture.md`). The rewriting goes through the canonical form, so
//! tanh, sigmoid, sinh and cosh of c·s are covered. Anything else (another symbol, the
//! constant e, a logarithm, a mix of s and e^{c·s}) is refused with the reason.

use num_bigint::BigInt;
use num_integer::Integer;
use num_traits::{One, ToPrimitive, Zero};

use crate::canonical::{Atom, Canonicalizer};
use crate::laurent::Laurent;
use crate::pool::{ExprId, Pool, Symbol};
use crate::upoly::UPoly;
use crate::urat::URat;
use crate::Q;

/// What the variable of the algebraized coefficients stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Variable {
    /// The symbol s itself.
    Plain,
    /// z = e^{s/q}; then d/ds = (z/q)·d/dz.
    Exp {
        /// The denominator q ≥ 1.
        q: u64,
    },
}

/// Why expressions could not be written as rational functions of one variable.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NotAlgebraic {
    /// An expression involves another symbol (a symbolic constant, another coordinate).
    OtherSymbol(String),
    /// Both s and exponentials of s occur.
    MixedPolynomialExponential,
    /// A function that is not rational in s or in e^{s/q} (log, e^{non-linear}, e).
    Transcendental(String),
    /// Division by zero or sizes beyond the core's limits.
    Algebra(crate::AlgebraError),
}

impl std::fmt::Display for NotAlgebraic {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            NotAlgebraic::OtherSymbol(n) => {
                write!(f, "the coefficients depend on {n} as well as on the curve parameter")
            }
            NotAlgebraic::MixedPolynomialExponential => write!(
                f,
                "the coefficients mix powers of the curve parameter with its exponentials"
            ),
            NotAlgebraic::Transcendental(w) => {
                write!(f, "the coefficients contain {w}, which is not rational in s or in e^(s/q)")
            }
            NotAlgebraic::Algebra(e) => write!(f, "{e}"),
        }
    }
}

impl From<crate::AlgebraError> for NotAlgebraic {
    fn from(e: crate::AlgebraError) -> Self {
        NotAlgebraic::Algebra(e)
    }
}

/// Writes every expression as a rational function of one variable: s, or z = e^{s/q} with
/// one q common to all of them.
pub fn algebraize(
    pool: &Pool,
    exprs: &[ExprId],
    s: Symbol,
) -> Result<(Variable, Vec<URat>), NotAlgebraic> {
    let mut canon = Canonicalizer::new(pool);
    let forms = exprs.iter().map(|e| canon.rational_function(*e)).collect::<Result<Vec<_>, _>>()?;
    // classify the atoms
    let mut s_atom = None;
    let mut exp_atom = None;
    for (i, a) in canon.atoms().iter().enumerate() {
        let i = i as u32;
        match a {
            Atom::Sym(x) if *x == s => s_atom = Some(i),
            Atom::Sym(x) => {
                return Err(NotAlgebraic::OtherSymbol(pool.symbol_name(*x).to_string()))
            }
            Atom::Exp(m) => match m.0.as_slice() {
                [(b, k)] if Some(*b) == s_atom && k.is_one() => exp_atom = Some(i),
                [] => return Err(NotAlgebraic::Transcendental("the constant e".into())),
                _ => {
                    return Err(NotAlgebraic::Transcendental(
                        "an exponential of a non-linear function".into(),
                    ))
                }
            },
            Atom::ExpOf(_) => {
                return Err(NotAlgebraic::Transcendental(
                    "an exponential of a non-polynomial argument".into(),
                ))
            }
            Atom::LogOf(_) => return Err(NotAlgebraic::Transcendental("a logarithm".into())),
        }
    }
    // is the s atom used outside exponentials?
    let mut laurents: Vec<&Laurent> = forms.iter().map(|f| &f.num).collect();
    let mut dens = Vec::new();
    for f in &forms {
        for (k, _) in &f.den {
            dens.push(canon.factor(*k));
        }
    }
    laurents.extend(dens.iter().copied());
    let uses = |atom: Option<u32>| {
        atom.is_some_and(|a| {
            laurents.iter().any(|l| l.iter().any(|(m, _)| m.0.iter().any(|(b, _)| *b == a)))
        })
    };
    let (var, atom, q) = match (uses(s_atom), uses(exp_atom)) {
        (true, true) => return Err(NotAlgebraic::MixedPolynomialExponential),
        (false, true) => {
            let a = exp_atom.expect("used implies present");
            let mut q = BigInt::one();
            for l in &laurents {
                for (m, _) in l.iter() {
                    for (b, k) in &m.0 {
                        if *b == a {
                            q = q.lcm(&BigInt::from(*k.denom()));
                        }
                    }
                }
            }
            let q = q.to_u64().ok_or(NotAlgebraic::Algebra(crate::AlgebraError::TooLarge))?;
            (Variable::Exp { q }, Some(a), q)
        }
        (true, false) => (Variable::Plain, s_atom, 1),
        (false, false) => (Variable::Plain, None, 1),
    };
    let mut out = Vec::with_capacity(forms.len());
    for f in &forms {
        let mut r = laurent_to_urat(&f.num, atom, q)?;
        for (k, m) in &f.den {
            let d = laurent_to_urat(canon.factor(*k), atom, q)?;
            for _ in 0..*m {
                r = r.div(&d)?;
            }
        }
        out.push(r);
    }
    Ok((var, out))
}

/// A Laurent polynomial in one atom (exponents scaled by q must be integers) as a rational
/// function of that atom.
fn laurent_to_urat(l: &Laurent, atom: Option<u32>, q: u64) -> Result<URat, NotAlgebraic> {
    let mut terms: Vec<(i64, Q)> = Vec::new();
    for (m, c) in l.iter() {
        let k = match m.0.as_slice() {
            [] => 0,
            [(b, e)] if Some(*b) == atom => {
                let scaled = *e * num_rational::Ratio::from_integer(q as i64);
                if !scaled.is_integer() {
                    return Err(NotAlgebraic::Algebra(crate::AlgebraError::NotExact));
                }
                scaled.to_integer()
            }
            _ => return Err(NotAlgebraic::MixedPolynomialExponential),
        };
        terms.push((k, c.clone()));
    }
    let lo = terms.iter().map(|(k, _)| *k).min().unwrap_or(0).min(0);
    let hi = terms.iter().map(|(k, _)| *k).max().unwrap_or(0);
    let len = usize::try_from(hi - lo + 1).map_err(|_| crate::AlgebraError::TooLarge)?;
    if len > 100_000 {
        return Err(NotAlgebraic::Algebra(crate::AlgebraError::TooLarge));
    }
    let mut c = vec![Q::zero(); len];
    for (k, a) in terms {
        c[(k - lo) as usize] += a;
    }
    let num = UPoly::from_coeffs(c);
    let shift = u32::try_from(-lo).map_err(|_| crate::AlgebraError::TooLarge)?;
    Ok(URat::new(num, UPoly::x().pow(shift))?)
}
