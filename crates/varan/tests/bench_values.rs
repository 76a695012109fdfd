//! The derive benchmark's published check values (BENCH.md; computed independently in
//! mpmath from a closed-form gradient and Hessian): varan's V and DV, evaluated at θ0,
//! must reproduce L, Σ V_k, ‖V‖₂, tr DV, Σ DV_kl and ‖DV‖_F.

mod support;
use support::bench_problem;

#[test]
fn tanh_h16_matches_published_check_values() {
    let src = bench_problem::source(16);
    let d = varan::derive(&src, None).expect("derives");
    assert_eq!(d.problem.state.len(), 64);
    let got = bench_problem::evaluate(&d, &bench_problem::theta0(16));
    let want = bench_problem::check_values(16).expect("values");
    for (i, (g, w)) in got.iter().zip(want).enumerate() {
        assert!(
            (g - w).abs() <= 1e-10 * w.abs().max(1.0),
            "check {i}: got {g:.15}, want {w:.15}\nall: {got:?}"
        );
    }
}
