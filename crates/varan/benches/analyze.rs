//! analyze/flagship: `varan analyze` end to end on `examples/two_layer_4p.vnet` — parse,
//! V and DV, both curves verified, VE/NVE, blocks, normal forms, Kovacic, the numeric
//! monodromy cross-check and the verdict (issue target: under 1 s). The verdict is checked
//! before timing.

use criterion::{criterion_group, criterion_main, Criterion};

fn analyze(c: &mut Criterion) {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../examples/two_layer_4p.vnet");
    let src = std::fs::read_to_string(path).expect("example exists");
    let opts = varan::AnalyzeOptions::default();
    let a = varan::analyze(&src, None, &opts, &mut |_| {}).expect("analyze");
    assert!(matches!(a.verdict, varan::Verdict::NonIntegrable { non_solvable: true, .. }));
    c.bench_function("analyze/flagship", |b| {
        b.iter(|| {
            varan::analyze(std::hint::black_box(&src), None, &opts, &mut |_| {}).expect("analyze")
        })
    });
}

criterion_group!(benches, analyze);
criterion_main!(benches);
