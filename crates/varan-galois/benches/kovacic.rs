//! kovacic/riccati_deg8 and kovacic/weber_no_solution: Kovacic's algorithm on
//! r = ω' + ω² for ω with three rational simple poles and a linear part (numerator and
//! denominator of degree ≤ 8; a case-1 answer that is verified), and on Weber's equation
//! with a = 1/3 (all families searched, no solution). Outcomes are checked before timing.

use criterion::{criterion_group, criterion_main, Criterion};
use varan_algebra::{UPoly, URat, Q};
use varan_galois::{kovacic, KovacicOutcome};

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

fn bench(c: &mut Criterion) {
    let r1 = riccati_r();
    assert!(r1.num().degree().unwrap_or(0) <= 8 && r1.den().degree().unwrap_or(0) <= 8);
    assert!(matches!(kovacic(&r1), KovacicOutcome::Liouvillian { case: 1, .. }));
    let r2 = URat::poly(UPoly::from_coeffs(vec![q(1, 3), q(0, 1), q(1, 4)]));
    assert!(matches!(kovacic(&r2), KovacicOutcome::NoLiouvillianSolution { .. }));
    let mut g = c.benchmark_group("kovacic");
    g.bench_function("riccati_deg8", |b| b.iter(|| kovacic(std::hint::black_box(&r1))));
    g.bench_function("weber_no_solution", |b| b.iter(|| kovacic(std::hint::black_box(&r2))));
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
