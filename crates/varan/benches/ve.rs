//! ve/two_layer_4p_along and ve/two_layer_4p_auto: the whole `varan ve` pipeline for
//! `examples/two_layer_4p.vnet` — parse, lower, V, DV, curve verification, algebraized VE,
//! tangent check, symmetry basis, NVE, blocks, normal forms and singularities — along the
//! duplicated-unit line a1 = a2 = s, w1 = w2 = 0, given explicitly or found by the manifold
//! search (`manifold:3`). The result is checked (three 1×1 blocks, g = 3/2 − 2s) before timing.

use criterion::{criterion_group, criterion_main, Criterion};

fn ve(c: &mut Criterion) {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../examples/two_layer_4p.vnet");
    let src = std::fs::read_to_string(path).expect("example exists");
    let along = "a1 = s, a2 = s, w1 = 0, w2 = 0";
    let r = varan::ve(&src, None, Some(along)).expect("ve");
    assert_eq!(r.ve.blocks.len(), 3);
    assert_eq!(r.problem.pool.to_text(r.curve.g), "3/2 - 2*s");
    let mut group = c.benchmark_group("ve");
    group.bench_function("two_layer_4p_along", |b| {
        b.iter(|| varan::ve(std::hint::black_box(&src), None, Some(along)).expect("ve"))
    });
    group.bench_function("two_layer_4p_auto", |b| {
        b.iter(|| varan::ve(std::hint::black_box(&src), None, Some("manifold:3")).expect("ve"))
    });
    group.finish();
}

criterion_group!(benches, ve);
criterion_main!(benches);
