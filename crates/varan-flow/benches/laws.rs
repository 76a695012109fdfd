//! laws/linear_4_6_3 and laws/relu_3_8: the number of conservation laws D − dim Lie(W_φ)
//! (bracket iteration and the rank at a random point over 𝔽_p) for the two-layer linear
//! network (n, r, m) = (4, 6, 3) and the ReLU network with 3 inputs and 8 hidden units
//! (issue 7, target < 1 s each); `_laws` also finds, verifies and ranks the quadratic laws,
//! which certifies the count. The counts are checked (21 and 8, [MGP23]) before timing.

use criterion::{criterion_group, criterion_main, Criterion};
use varan_flow::{conservation_laws, Architecture, LawCount, LawOptions};

fn count(spec: &str, opts: &LawOptions) -> LawCount {
    let arch: Architecture = spec.parse().expect("spec");
    let mut fac = arch.factorization();
    conservation_laws(&mut fac, opts).expect("laws").count
}

fn laws(c: &mut Criterion) {
    let only = LawOptions::default().without_laws();
    let full = LawOptions::default();
    assert_eq!(count("linear:4,6,3", &only).value(), 21);
    assert_eq!(count("relu:3,8", &only).value(), 8);
    assert_eq!(count("linear:4,6,3", &full), LawCount::Certified(21));
    assert_eq!(count("relu:3,8", &full), LawCount::Certified(8));
    let mut group = c.benchmark_group("laws");
    group.sample_size(10);
    group.bench_function("linear_4_6_3", |b| {
        b.iter(|| count(std::hint::black_box("linear:4,6,3"), &only))
    });
    group.bench_function("relu_3_8", |b| b.iter(|| count(std::hint::black_box("relu:3,8"), &only)));
    group.bench_function("linear_4_6_3_laws", |b| {
        b.iter(|| count(std::hint::black_box("linear:4,6,3"), &full))
    });
    group.bench_function("relu_3_8_laws", |b| {
        b.iter(|| count(std::hint::black_box("relu:3,8"), &full))
    });
    group.finish();
}

criterion_group!(benches, laws);
criterion_main!(benches);
