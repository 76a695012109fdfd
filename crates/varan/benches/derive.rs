//! derive/tanh_h16 and derive/tanh_h64 (BENCH.md): V = −∇L and DV from DSL text for a
//! one-hidden-layer tanh network with 2 inputs, biases and 16 data points (64 and 256
//! parameters). The check values are verified once before timing, so a fast wrong answer
//! fails the benchmark.

use criterion::{criterion_group, criterion_main, Criterion};

#[path = "../tests/support/bench_problem.rs"]
#[allow(dead_code)]
mod bench_problem;

fn check(h: usize, src: &str) {
    let d = varan::derive(src, None).expect("the benchmark model derives");
    let got = bench_problem::evaluate(&d, &bench_problem::theta0(h));
    let want = bench_problem::check_values(h).expect("check values exist");
    for (g, w) in got.iter().zip(want) {
        assert!((g - w).abs() <= 1e-9 * w.abs().max(1.0), "h = {h}: got {got:?}, want {want:?}");
    }
}

fn derive(c: &mut Criterion) {
    let mut group = c.benchmark_group("derive");
    group.sample_size(10);
    for h in [16usize, 64] {
        let src = bench_problem::source(h);
        check(h, &src);
        group.bench_function(format!("tanh_h{h}"), |b| {
            b.iter(|| varan::derive(std::hint::black_box(&src), None).expect("derives"))
        });
    }
    group.finish();
}

criterion_group!(benches, derive);
criterion_main!(benches);
