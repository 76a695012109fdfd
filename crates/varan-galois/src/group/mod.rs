//! Certified tests on monodromy generators: lower bounds on the identity component G⁰ of
//! the differential Galois group from ball matrices M₁, …, M_k (midpoint ± proven radius).
//!
//! # What transfers to the Galois group
//!
//! Let Γ = ⟨M₁, …, M_k⟩ be the monodromy group and H its Zariski closure. Γ ⊂ G always, so
//! H ⊂ G and H⁰ ⊂ G⁰; a subgroup of an abelian (solvable) group is abelian (solvable).
//! Hence "H⁰ non-abelian" and "H⁰ non-solvable" are lower bounds on G⁰ for every system,
//! Fuchsian or not. For a Fuchsian system H = G (Schlesinger's density theorem); with
//! irregular points H can be much smaller than G (Stokes matrices and the exponential torus
//! are missing, Ramis's density theorem), so an abelian-looking H proves nothing there.
//!
//! "Abelian" and "solvable" are equalities (commutators vanish, traces equal 2) and can
//! never be certified from floating-point data: this module only ever certifies the
//! *negations* — irreducible, primitive, infinite, non-abelian, non-solvable — each by a
//! ball that excludes the degenerate value, and reports the margin: a certified lower
//! bound of the distance from the degenerate value, the midpoint distance and the radius.
//! Everything else is [`Outcome::Inconclusive`] with the candidate that came closest, and
//! the report says what the data are *consistent with* (never "proven abelian").
//!
//! # Contents
//!
//! - `sl2.rs`: the 2×2 classification (reducible / imprimitive / finite primitive /
//!   Zariski closure ⊇ SL₂), projectively, so generators need not have determinant 1.
//! - `lie.rs`: any dimension — non-commuting generators (Γ non-abelian), elements of
//!   Lie(H) from words with a certified simple spectrum (`eigen.rs`) and from exact
//!   spectral data (`spectrum.rs`), certified non-zero brackets (H⁰ non-abelian),
//!   Cartan's criterion (H⁰ non-solvable) and a certified lower bound of dim H.
//! - `word.rs`: short words in the generators and their inverses; `matrix.rs`: the ball
//!   linear algebra they need.
//!
//! The exact Zariski closure of a finitely generated matrix group is computable (Derksen,
//! Jeandel and Koiran \[DJK05\]); that algorithm decides equalities and is not implemented
//! here. What is implemented is the part whose every decision is an inequality.

mod eigen;
mod lie;
mod matrix;
mod sl2;
mod spectrum;
mod word;

use std::fmt;

use num_complex::Complex64;
use varan_numeric::{Ball, BallMatrix};

pub use lie::{lie_lower_bounds, LieElement, LieVerdict};
pub use sl2::{classify_sl2, Sl2Conclusion, Sl2Verdict};
pub use spectrum::ExactSpectrum;

/// A computed quantity set against the value(s) where a test degenerates.
#[derive(Debug, Clone, PartialEq)]
pub struct Measurement {
    /// What was computed, with its words: `tr[M0,M1] − 2`.
    pub quantity: String,
    /// Its certified enclosure.
    pub value: Ball,
    /// The nearest degenerate value, as text (`0`, `2`, `(3+√5)/2`).
    pub degenerate: String,
    /// Certified lower bound of |value − degenerate| over the ball (for a set of
    /// degenerate values, of the distance to the nearest). Positive exactly when
    /// certified.
    pub distance: f64,
    /// Midpoint distance |mid − degenerate| (a float, not a bound).
    pub offset: f64,
    /// Radius of the difference (the value's radius plus that of the degenerate value).
    pub radius: f64,
    /// A remark on how the measurement is used (a side condition, an implication).
    pub note: Option<String>,
}

impl Measurement {
    /// `value` against one degenerate value `at` (itself a ball, radius included).
    pub(crate) fn against(quantity: String, value: Ball, at: Ball, label: &str) -> Measurement {
        let d = value - at;
        Measurement {
            quantity,
            value,
            degenerate: label.to_string(),
            distance: d.abs_lower(),
            offset: d.mid.norm(),
            radius: d.rad,
            note: None,
        }
    }

    /// `value` against every value of `set`: the nearest one is reported, the distance is
    /// the smallest lower bound.
    pub(crate) fn against_set(quantity: String, value: Ball, set: &[(Ball, &str)]) -> Measurement {
        let mut best: Option<Measurement> = None;
        let mut lower = f64::INFINITY;
        for (at, label) in set {
            let m = Measurement::against(quantity.clone(), value, *at, label);
            lower = lower.min(m.distance);
            if best.as_ref().is_none_or(|b| m.offset < b.offset) {
                best = Some(m);
            }
        }
        match best {
            Some(mut m) => {
                m.distance = lower;
                m
            }
            None => Measurement {
                quantity,
                value,
                degenerate: "∅".into(),
                distance: f64::INFINITY,
                offset: f64::INFINITY,
                radius: value.rad,
                note: None,
            },
        }
    }

    /// Whether the ball excludes the degenerate value(s).
    pub fn certified(&self) -> bool {
        self.distance > 0.0
    }

    /// offset / radius: how many radii separate the midpoint from the degenerate value
    /// (+∞ for an exact non-degenerate value).
    pub fn margin(&self) -> f64 {
        if self.radius > 0.0 {
            self.offset / self.radius
        } else if self.offset > 0.0 {
            f64::INFINITY
        } else {
            0.0
        }
    }

    pub(crate) fn with_note(mut self, note: String) -> Measurement {
        self.note = Some(note);
        self
    }
}

impl fmt::Display for Measurement {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} = {} ± {:.1e}", self.quantity, complex_text(self.value.mid), self.value.rad)?;
        if self.certified() {
            write!(
                f,
                ": distance to {} ≥ {:.3e} (radius {:.1e}, margin {:.1e})",
                self.degenerate,
                self.distance,
                self.radius,
                self.margin()
            )?;
        } else {
            write!(
                f,
                ": {:.1e} from {} with radius {:.1e}: too close to call",
                self.offset, self.degenerate, self.radius
            )?;
        }
        if let Some(n) = &self.note {
            write!(f, " ({n})")?;
        }
        Ok(())
    }
}

/// The answer of one test: certified with its witness, or inconclusive.
#[derive(Debug, Clone, PartialEq)]
pub enum Outcome {
    /// The property holds; the measurement is the witness with the largest margin found.
    Certified(Measurement),
    /// No candidate excluded the degenerate value (or there was none).
    Inconclusive {
        /// Why.
        reason: String,
        /// The candidate that came closest to a certificate (largest margin).
        closest: Option<Measurement>,
        /// How many candidates were tried.
        tried: usize,
    },
}

impl Outcome {
    /// Whether the test certified its property.
    pub fn is_certified(&self) -> bool {
        matches!(self, Outcome::Certified(_))
    }

    /// The witness of a certified outcome.
    pub fn witness(&self) -> Option<&Measurement> {
        match self {
            Outcome::Certified(m) => Some(m),
            Outcome::Inconclusive { .. } => None,
        }
    }

    pub(crate) fn inconclusive(reason: impl Into<String>) -> Outcome {
        Outcome::Inconclusive { reason: reason.into(), closest: None, tried: 0 }
    }
}

impl fmt::Display for Outcome {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Outcome::Certified(m) => write!(f, "certified: {m}"),
            Outcome::Inconclusive { reason, closest, tried } => {
                write!(f, "inconclusive after {tried} candidates: {reason}")?;
                if let Some(m) = closest {
                    write!(f, "; closest: {m}")?;
                }
                Ok(())
            }
        }
    }
}

/// Keeps the best candidate of a search: a certified one with the largest margin (ties by
/// the preference flag), else the uncertified one with the largest margin.
#[derive(Debug, Default)]
pub(crate) struct Best {
    best: Option<(bool, Measurement)>,
    pub(crate) tried: usize,
}

impl Best {
    pub(crate) fn offer(&mut self, m: Measurement) {
        self.offer_preferred(m, false);
    }

    /// Offers a candidate; among certified ones, `preferred` ones win over the others.
    pub(crate) fn offer_preferred(&mut self, m: Measurement, preferred: bool) {
        self.tried += 1;
        let better = match &self.best {
            None => true,
            Some((p, b)) => {
                let key = |c: &Measurement, pr: bool| (c.certified(), c.certified() && pr);
                let (new, old) = (key(&m, preferred), key(b, *p));
                new > old || (new == old && m.margin() > b.margin())
            }
        };
        if better {
            self.best = Some((preferred, m));
        }
    }

    pub(crate) fn certified(&self) -> bool {
        self.best.as_ref().is_some_and(|(_, m)| m.certified())
    }

    /// The margin of the best candidate so far (0 when there is none).
    pub(crate) fn margin(&self) -> f64 {
        self.best.as_ref().map_or(0.0, |(_, m)| m.margin())
    }

    /// The outcome; `reason` explains an inconclusive one.
    pub(crate) fn finish(self, reason: &str) -> Outcome {
        match self.best {
            Some((_, m)) if m.certified() => Outcome::Certified(m),
            closest => Outcome::Inconclusive {
                reason: reason.to_string(),
                closest: closest.map(|(_, m)| m),
                tried: self.tried,
            },
        }
    }
}

/// Options of the group tests.
#[derive(Debug, Clone, PartialEq)]
pub struct GroupOptions {
    /// Names of the generators (`M0`, `M1`, …); `g1`, `g2`, … when missing.
    pub names: Vec<String>,
    /// Exact spectral data of some generators (from exact local exponents).
    pub spectra: Vec<ExactSpectrum>,
    /// Whether the system is Fuchsian (then H = G and "consistent with" statements are
    /// about G itself).
    pub fuchsian: bool,
    /// Longest word searched by the 2×2 tests (1 to 3; the Lie-algebra tests use fixed
    /// lengths).
    pub word_length: usize,
}

impl Default for GroupOptions {
    fn default() -> Self {
        GroupOptions { names: Vec::new(), spectra: Vec::new(), fuchsian: false, word_length: 3 }
    }
}

impl GroupOptions {
    /// Sets the generator names.
    pub fn names<S: Into<String>>(mut self, names: impl IntoIterator<Item = S>) -> Self {
        self.names = names.into_iter().map(Into::into).collect();
        self
    }

    /// Adds exact spectral data of one generator.
    pub fn spectrum(mut self, s: ExactSpectrum) -> Self {
        self.spectra.push(s);
        self
    }

    /// Declares the system Fuchsian (or not).
    pub fn fuchsian(mut self, yes: bool) -> Self {
        self.fuchsian = yes;
        self
    }

    /// Sets the longest word searched (clamped to 1..=3).
    pub fn word_length(mut self, l: usize) -> Self {
        self.word_length = l.clamp(1, 3);
        self
    }

    /// The name of generator i.
    pub(crate) fn name(&self, i: usize) -> String {
        self.names.get(i).cloned().unwrap_or_else(|| format!("g{}", i + 1))
    }
}

/// Bad input to the group tests.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum GroupError {
    /// No generator was given.
    NoGenerators,
    /// The generators do not all have the same dimension (or the wrong one).
    Dimension {
        /// Expected dimension.
        expected: usize,
        /// Dimension found.
        found: usize,
    },
}

impl fmt::Display for GroupError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            GroupError::NoGenerators => write!(f, "no generator given"),
            GroupError::Dimension { expected, found } => {
                write!(f, "expected {expected}×{expected} generators, found {found}×{found}")
            }
        }
    }
}

impl std::error::Error for GroupError {}

/// Checks that `gens` is non-empty and square of one dimension; returns it.
pub(crate) fn common_dim(gens: &[BallMatrix]) -> Result<usize, GroupError> {
    let n = gens.first().ok_or(GroupError::NoGenerators)?.dim();
    if n == 0 {
        return Err(GroupError::Dimension { expected: 1, found: 0 });
    }
    for g in gens {
        if g.dim() != n {
            return Err(GroupError::Dimension { expected: n, found: g.dim() });
        }
    }
    Ok(n)
}

/// What the tests prove about G⁰, the identity component of the differential Galois group.
#[derive(Debug, Clone, PartialEq)]
pub enum G0Bound {
    /// G⁰ is not solvable (so not abelian either): no Liouvillian solution, and not
    /// meromorphically integrable.
    NonSolvable {
        /// The certificate, in words.
        by: String,
    },
    /// G⁰ is not abelian (solvability undecided).
    NonAbelian {
        /// The certificate, in words.
        by: String,
    },
    /// No lower bound certified.
    NotCertified {
        /// What the data are consistent with, and what that is worth.
        consistent_with: String,
    },
}

impl fmt::Display for G0Bound {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            G0Bound::NonSolvable { by } => write!(f, "G⁰ is not solvable (certified: {by})"),
            G0Bound::NonAbelian { by } => write!(f, "G⁰ is not abelian (certified: {by})"),
            G0Bound::NotCertified { consistent_with } => {
                write!(f, "no lower bound on G⁰ certified; {consistent_with}")
            }
        }
    }
}

/// All group tests on one set of generators.
#[derive(Debug, Clone, PartialEq)]
pub struct GroupReport {
    /// Dimension n of the matrices.
    pub dim: usize,
    /// Number of generators.
    pub generators: usize,
    /// The 2×2 classification (n = 2 only).
    pub sl2: Option<Sl2Verdict>,
    /// The Lie-algebra lower bounds (any n).
    pub lie: LieVerdict,
    /// Whether the system was declared Fuchsian.
    pub fuchsian: bool,
    /// The conclusion about G⁰.
    pub g0: G0Bound,
}

/// Runs every test: the 2×2 classification when n = 2 and the Lie-algebra bounds, and
/// states what follows for G⁰.
pub fn group_tests(gens: &[BallMatrix], opts: &GroupOptions) -> Result<GroupReport, GroupError> {
    let n = common_dim(gens)?;
    let sl2 = if n == 2 { Some(classify_sl2(gens, opts)?) } else { None };
    let lie = lie_lower_bounds(gens, opts)?;
    let g0 = conclude(sl2.as_ref(), &lie, opts.fuchsian);
    Ok(GroupReport { dim: n, generators: gens.len(), sl2, lie, fuchsian: opts.fuchsian, g0 })
}

fn conclude(sl2: Option<&Sl2Verdict>, lie: &LieVerdict, fuchsian: bool) -> G0Bound {
    if let Some(v) = sl2 {
        if v.conclusion == Sl2Conclusion::ZariskiDense {
            return G0Bound::NonSolvable {
                by: "the Zariski closure of the monodromy group contains SL₂".into(),
            };
        }
    }
    if let Some(m) = lie.lie_non_solvable.witness() {
        return G0Bound::NonSolvable {
            by: format!("Cartan's criterion fails on Lie(H): {} ≠ 0", m.quantity),
        };
    }
    if let Some(m) = lie.lie_non_abelian.witness() {
        return G0Bound::NonAbelian { by: format!("{} ≠ 0 in Lie(H)", m.quantity) };
    }
    let mut data = match sl2 {
        Some(Sl2Verdict {
            conclusion: Sl2Conclusion::Inconclusive { consistent_with }, ..
        }) => {
            format!("the monodromy is consistent with {consistent_with}")
        }
        _ if lie.monodromy_non_abelian.is_certified() => {
            "the monodromy group is non-abelian, which alone says nothing about G⁰ (a finite \
             non-abelian group has trivial G⁰)"
                .into()
        }
        _ => "the monodromy is consistent with an abelian group".into(),
    };
    if fuchsian {
        data.push_str(
            "; the system is Fuchsian, so G is the Zariski closure of the monodromy, but \
             an abelian or solvable G⁰ is an equality and is not certified",
        );
    } else {
        data.push_str(
            "; the system is not declared Fuchsian, and with irregular singular points the \
             monodromy misses Stokes matrices and the exponential torus, so this says \
             nothing about G⁰",
        );
    }
    G0Bound::NotCertified { consistent_with: data }
}

impl fmt::Display for GroupReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "group tests on {} generator(s) of dimension {}{}",
            self.generators,
            self.dim,
            if self.fuchsian { " (Fuchsian)" } else { "" }
        )?;
        if let Some(v) = &self.sl2 {
            write!(f, "{v}")?;
        }
        write!(f, "{}", self.lie)?;
        writeln!(f, "conclusion: {}", self.g0)
    }
}

/// A complex number in a short readable form (small values in scientific notation, never
/// rounded to zero).
pub(crate) fn complex_text(z: Complex64) -> String {
    let num = |x: f64| {
        let a = x.abs();
        if a == 0.0 {
            "0".to_string()
        } else if (1e-3..1e6).contains(&a) {
            let s = format!("{x:.9}");
            s.trim_end_matches('0').trim_end_matches('.').to_string()
        } else {
            format!("{x:.6e}")
        }
    };
    if z.im == 0.0 {
        num(z.re)
    } else if z.re == 0.0 {
        format!("{}i", num(z.im))
    } else {
        let sign = if z.im < 0.0 { "−" } else { "+" };
        format!("{} {sign} {}i", num(z.re), num(z.im.abs()))
    }
}
