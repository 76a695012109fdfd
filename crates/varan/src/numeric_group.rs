//! The numeric route to G⁰: certified local monodromies (`monodromy.rs`) fed to the
//! certified group tests of `varan_galois::group_tests` (SL₂ classification, lower bounds
//! on the Lie algebra of the Zariski closure; `MATH.md` §7, \[DJK05\] for the exact closure,
//! which is not implemented). The monodromy group lies in the differential Galois group,
//! so a certified non-abelian or non-solvable closure transfers to G⁰ with or without
//! irregular singular points; abelian or solvable answers are equalities and are never
//! certified numerically.

use serde::Serialize;
use varan_numeric::{Ball, BallMatrix};

use crate::MonodromyJson;

/// What the numeric route certified about one equation or block.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct NumericJson {
    /// `non_solvable`, `non_abelian` or `not_certified`.
    pub g0: String,
    /// The certificate (words, balls and margins), or what the data are consistent with.
    pub evidence: String,
    /// Number of generators (local monodromies around the finite singular points).
    pub generators: usize,
    /// Whether the equation is Fuchsian (then the monodromy is Zariski-dense in G).
    pub fuchsian: bool,
    /// Monodromy self-checks passed, out of how many.
    pub checks_passed: usize,
    /// Number of self-checks.
    pub checks: usize,
}

/// Runs the group tests on the local monodromies of `m`.
pub fn numeric_group(m: &MonodromyJson, fuchsian: bool) -> NumericJson {
    let mut gens = Vec::new();
    let mut names = Vec::new();
    for (k, l) in m.local.iter().enumerate() {
        let rows: Vec<Vec<Ball>> = l
            .matrix
            .iter()
            .map(|row| {
                row.iter()
                    .map(|b| Ball::new(num_complex::Complex64::new(b.re, b.im), b.rad))
                    .collect()
            })
            .collect();
        if let Some(g) = BallMatrix::from_rows(rows) {
            gens.push(g);
            names.push(format!("M[{}]", m.point_label(k)));
        }
    }
    let checks_passed = m.checks.iter().filter(|c| c.passed).count();
    let mut out = NumericJson {
        g0: "not_certified".into(),
        evidence: String::new(),
        generators: gens.len(),
        fuchsian,
        checks_passed,
        checks: m.checks.len(),
    };
    if gens.len() < 2 {
        out.evidence = format!(
            "{} generator(s): the monodromy group is cyclic or trivial, no group test can certify anything{}",
            gens.len(),
            if fuchsian { "" } else { " (and with an irregular point it proves nothing anyway)" }
        );
        return out;
    }
    let opts = varan_galois::GroupOptions::default().names(names).fuchsian(fuchsian);
    match varan_galois::group_tests(&gens, &opts) {
        Ok(rep) => match rep.g0 {
            varan_galois::G0Bound::NonSolvable { by } => {
                out.g0 = "non_solvable".into();
                out.evidence = format!("G⁰ not solvable, certified: {by}");
            }
            varan_galois::G0Bound::NonAbelian { by } => {
                out.g0 = "non_abelian".into();
                out.evidence = format!("G⁰ not abelian, certified: {by}");
            }
            varan_galois::G0Bound::NotCertified { consistent_with } => {
                out.evidence = format!("group tests certify no lower bound ({consistent_with})");
            }
        },
        Err(e) => out.evidence = format!("group tests not run: {e}"),
    }
    out
}

/// The record for a numeric route that could not run (why).
pub(crate) fn not_run(why: &str) -> NumericJson {
    NumericJson {
        g0: "not_certified".into(),
        evidence: format!("monodromy not computed: {why}"),
        generators: 0,
        fuchsian: false,
        checks_passed: 0,
        checks: 0,
    }
}

/// The numeric route with one retry: when the group tests on the f64 monodromy certify
/// nothing (typically because large matrices carry large radii), the monodromy is computed
/// again with 30 digits (`MonodromyOptions::digits`) and tested once more. `run(d)` computes
/// the monodromy with `d` digits; its first error is returned.
pub(crate) fn numeric_with_retry(
    run: &dyn Fn(u32) -> Result<MonodromyJson, crate::VeFailure>,
    fuchsian: bool,
) -> Result<NumericJson, crate::VeFailure> {
    let first = numeric_group(&run(15)?, fuchsian);
    if first.g0 != "not_certified" || first.generators < 2 {
        return Ok(first);
    }
    match run(30) {
        Ok(m) => {
            let mut second = numeric_group(&m, fuchsian);
            if second.g0 == "not_certified" {
                return Ok(first);
            }
            second.evidence = format!(
                "{} (monodromy computed with 30 digits; in hardware doubles: {})",
                second.evidence, first.evidence
            );
            Ok(second)
        }
        Err(crate::VeFailure::Internal(e)) => Err(crate::VeFailure::Internal(e)),
        Err(_) => Ok(first),
    }
}
