//! kovacic/riccati_deg8, kovacic/weber_no_solution and kovacic/quadratic_pole: Kovacic's
//! algorithm on r = ω' + ω² for ω with three rational simple poles and a linear part
//! (numerator and denominator of degree ≤ 8; a case-1 answer that is verified), on
//! Weber's equation with a = 1/3 (all families searched, no solution), and on
//! r = ω' + ω² for ω = √2·g − g'/(2g), g = (x − 1)/(x² + 1) (poles at ±i and 1, local data
//! in ℚ(√2, i), degree ≤ 8; an answer with coefficients in ℚ(√2, i), verified in K(x)).
//! kovacic/case3_icosahedral: the hypergeometric equation with exponent differences
//! (½, ⅓, ⅕) in normal form (Schwarz's icosahedral case): cases 1 and 2 searched in vain,
//! case 3 with n = 4 and 6 in vain, n = 12 gives a polynomial of degree 12 in ω, verified.
//! Outcomes are checked before timing.

use criterion::{criterion_group, criterion_main, Criterion};
use varan_algebra::{UPoly, URat, Q};
use varan_galois::{
    kovacic, riccati_residual_quad, KovacicOutcome, ProjectiveGroup, QuadNum, QuadRatFun,
};

fn q(p: i64, d: i64) -> Q {
    Q::new(p.into(), d.into())
}

fn riccati_r() -> URat {
    let term = |a: Q, c: Q| URat::new(UPoly::constant(a), UPoly::linear_root(c)).expect("ok");
    let w = term(q(1, 2), q(1, 1))
        .add(&term(q(-3, 2), q(-2, 1)))
        .add(&term(q(2, 1), q(1, 3)))
        .add(&URat::poly(UPoly::from_coeffs(vec![q(1, 1), q(1, 2)])));
    w.derivative().add(&w.mul(&w))
}

/// r = ω' + ω² for ω = √2·g − g'/(2g), g = (x − 1)/(x² + 1).
fn quadratic_pole_r() -> URat {
    let g = URat::new(
        UPoly::from_coeffs(vec![q(-1, 1), q(1, 1)]),
        UPoly::from_coeffs(vec![q(1, 1), q(0, 1), q(1, 1)]),
    )
    .expect("den");
    let h = g.derivative().div(&g).expect("g ≠ 0").scale(&q(-1, 2));
    let root2 = QuadNum::sqrt_rational(&q(2, 1)).expect("small");
    let w = QuadRatFun::from_urat(&g).scale(&root2).add(&QuadRatFun::from_urat(&h));
    w.derivative().add(&w.mul(&w)).as_urat().expect("the √2 terms cancel")
}

/// r for exponent differences λ, μ, ν at 0, 1, ∞:
/// (λ² − 1)/(4x²) + (μ² − 1)/(4(x − 1)²) − (λ² + μ² − ν² − 1)/(4x(x − 1)).
fn riemann(l: Q, m: Q, n: Q) -> URat {
    let one = q(1, 1);
    let (l2, m2, n2) = (&l * &l, &m * &m, &n * &n);
    let part =
        |c: Q, den: Vec<Q>| URat::new(UPoly::constant(c), UPoly::from_coeffs(den)).expect("den");
    part(&l2 - &one, vec![q(0, 1), q(0, 1), q(4, 1)])
        .add(&part(&m2 - &one, vec![q(4, 1), q(-8, 1), q(4, 1)]))
        .sub(&part(&l2 + &m2 - &n2 - &one, vec![q(0, 1), q(-4, 1), q(4, 1)]))
}

fn bench(c: &mut Criterion) {
    let r1 = riccati_r();
    assert!(r1.num().degree().unwrap_or(0) <= 8 && r1.den().degree().unwrap_or(0) <= 8);
    assert!(matches!(kovacic(&r1), KovacicOutcome::Liouvillian { case: 1, .. }));
    let r2 = URat::poly(UPoly::from_coeffs(vec![q(1, 3), q(0, 1), q(1, 4)]));
    assert!(matches!(kovacic(&r2), KovacicOutcome::NoLiouvillianSolution { .. }));
    let r3 = quadratic_pole_r();
    assert!(r3.num().degree().unwrap_or(0) <= 8 && r3.den().degree().unwrap_or(0) <= 8);
    match kovacic(&r3) {
        KovacicOutcome::LiouvillianAlgebraic { case: 1, solution } => {
            assert!(riccati_residual_quad(&solution, &r3).is_zero())
        }
        other => panic!("quadratic_pole: {other:?}"),
    }
    let r4 = riemann(q(1, 2), q(1, 3), q(1, 5));
    match kovacic(&r4) {
        KovacicOutcome::Finite { n: 12, group: ProjectiveGroup::Icosahedral, .. } => {}
        other => panic!("case3_icosahedral: {other:?}"),
    }
    let mut g = c.benchmark_group("kovacic");
    g.bench_function("riccati_deg8", |b| b.iter(|| kovacic(std::hint::black_box(&r1))));
    g.bench_function("weber_no_solution", |b| b.iter(|| kovacic(std::hint::black_box(&r2))));
    g.bench_function("quadratic_pole", |b| b.iter(|| kovacic(std::hint::black_box(&r3))));
    g.bench_function("case3_icosahedral", |b| b.iter(|| kovacic(std::hint::black_box(&r4))));
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
