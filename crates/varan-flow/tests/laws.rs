//! First integrals and conservation laws against the literature: balancedness of linear
//! networks and the published law counts of [MGP23] (MATH.md §8), u² − v² for the scalar
//! chain, Hamiltonians as first integrals, and the quartic integral of the integrable
//! (KdV) Hénon–Heiles case.

use varan_algebra::{Pool, Truth, Q};
use varan_flow::{
    conservation_laws, expr_from_str, first_integrals, lower, polys_from_exprs, select,
    span_contains, span_rank, Architecture, FirstIntegrals, LawCount, LawOptions, LawsError, Poly,
    Problem,
};

fn root() -> std::path::PathBuf {
    std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn problem_of(src: &str, name: Option<&str>) -> Problem {
    let file = varan_syntax::parse_file(src).expect("parses");
    let item = select(&file, name).expect("definition exists");
    lower(item, src).expect("lowers")
}

fn problem_file(path: &str, name: Option<&str>) -> Problem {
    let src = std::fs::read_to_string(root().join(path)).expect("file exists");
    problem_of(&src, name)
}

fn integrals(p: &mut Problem, degree: u32) -> FirstIntegrals {
    let field = p.field.clone();
    let fi = first_integrals(&mut p.pool, &p.state, &field, &LawOptions::default().degree(degree))
        .expect("polynomial field");
    for h in &fi.basis {
        assert_eq!(h.verified, Truth::True, "{} verified", p.pool.to_text(h.expr));
    }
    fi
}

/// `text` (varan syntax, in the problem's variables) as a polynomial.
fn poly(p: &mut Problem, text: &str) -> Poly<Q> {
    let e = expr_from_str(&mut p.pool, text).expect("parses");
    polys_from_exprs(&p.pool, &[e], &p.state).expect("polynomial").remove(0)
}

#[track_caller]
fn check_contains(p: &mut Problem, fi: &FirstIntegrals, text: &str) {
    let h = poly(p, text);
    let basis: Vec<Poly<Q>> = fi.basis.iter().map(|l| l.poly.clone()).collect();
    let names = p.state_names();
    let printed: Vec<String> = basis.iter().map(|b| b.to_text(&names)).collect();
    assert!(span_contains(&basis, &h), "{text} not in the span of {printed:?}");
}

#[test]
fn scalar_chain_has_u2_minus_v2() {
    let mut p = problem_of("model chain {\n  param u, v\n  loss = (u*v - 1)^2/2\n}\n", None);
    let fi = integrals(&mut p, 2);
    assert_eq!(fi.basis.len(), 1);
    check_contains(&mut p, &fi, "u^2 - v^2");
    assert_eq!(fi.basis[0].poly.to_text(&p.state_names()), "u^2 - v^2");
    // degree 4 adds only powers and products of it: (u² − v²)²
    let fi4 = integrals(&mut p, 4);
    assert_eq!(fi4.basis.len(), 2);
    check_contains(&mut p, &fi4, "(u^2 - v^2)^2");
    assert_eq!(fi4.independent, 1);
}

/// [MGP23]: the entries of W1·W1ᵀ − W2ᵀ·W2 are conserved by the gradient flow of a
/// two-layer linear network; with r = 2 ≤ n + m = 3 they are r(r+1)/2 = 3 independent
/// ones. The example's data are specific, so the flow could have further integrals; the
/// computation finds none of degree ≤ 2: the space is exactly these three.
#[test]
fn linear_two_layer_balancedness() {
    let mut p = problem_file("examples/linear_two_layer.vnet", None);
    let fi = integrals(&mut p, 2);
    for (j, k) in [(1, 1), (1, 2), (2, 2)] {
        let e = format!("W1[{j},1]*W1[{k},1] + W1[{j},2]*W1[{k},2] - W2[1,{j}]*W2[1,{k}]");
        check_contains(&mut p, &fi, &e);
    }
    assert_eq!(fi.basis.len(), 3);
    assert_eq!(fi.independent, 3);
}

/// H is a first integral of Hamilton's equations; for Hénon–Heiles (ε = −1, not
/// integrable [HH64]) it spans the integrals of degree ≤ 3 and of degree ≤ 4.
#[test]
fn henon_heiles_energy() {
    let mut p = problem_file("examples/henon_heiles.vnet", None);
    let h = p.hamiltonian.expect("a Hamiltonian");
    let htext = p.pool.to_text(h);
    for d in [2, 3, 4] {
        let fi = integrals(&mut p, d);
        let want = if d == 2 { 0 } else { 1 };
        assert_eq!(fi.basis.len(), want, "degree {d}");
        if want == 1 {
            check_contains(&mut p, &fi, &htext);
        }
    }
}

/// The integrable KdV case ε = 6 of the Hénon–Heiles family, H = (p1² + p2²)/2 +
/// (q1² + q2²)/2 + q1²q2 + 2q2³: the second integral is quartic [BSV82, CTW82]. For
/// V = (A q1² + B q2²)/2 + q1² q2 + 2 q2³ it is (as tabulated by Hietarinta [Hie87])
///   I = q1⁴ + 4 q1² q2² − 4 p1 (p1 q2 − p2 q1) + 4 A q1² q2 + (4A − B)(p1² + A q1²),
/// here with A = B = 1. Degree 4 finds exactly H and I.
#[test]
fn henon_heiles_kdv_quartic_integral() {
    let mut p = problem_file("tests/validation/henon_heiles_family.vnet", Some("hh_kdv"));
    let fi3 = integrals(&mut p, 3);
    assert_eq!(fi3.basis.len(), 1);
    let fi = integrals(&mut p, 4);
    assert_eq!(fi.basis.len(), 2);
    assert_eq!(fi.independent, 2);
    let h = p.pool.to_text(p.hamiltonian.expect("H"));
    check_contains(&mut p, &fi, &h);
    check_contains(
        &mut p,
        &fi,
        "q1^4 + 4*q1^2*q2^2 - 4*p1*(p1*q2 - p2*q1) + 4*q1^2*q2 + 3*(p1^2 + q1^2)",
    );
    // the separable case ε = 1 has a quadratic second integral (p1 ± p2, q1 ± q2 separate)
    let mut s = problem_file("tests/validation/henon_heiles_family.vnet", Some("hh_separable"));
    let fs = integrals(&mut s, 3);
    assert_eq!(fs.basis.len(), 2);
    // ... and the standard case has none up to degree 4 (besides H)
    let mut st = problem_file("tests/validation/henon_heiles_family.vnet", Some("hh_standard"));
    assert_eq!(integrals(&mut st, 4).basis.len(), 1);
}

#[test]
fn non_polynomial_field_is_refused() {
    let mut p = problem_file("examples/two_layer_tanh.vnet", None);
    let field = p.field.clone();
    let e = first_integrals(&mut p.pool, &p.state, &field, &LawOptions::default())
        .expect_err("tanh is not polynomial");
    assert!(matches!(e, LawsError::NotPolynomial { .. }), "{e}");
    assert!(e.to_string().contains("tanh"), "{e}");
    let mut c = problem_of("system s {\n  const beta\n  x' = beta*y\n  y' = -x\n}\n", None);
    let field = c.field.clone();
    let e = first_integrals(&mut c.pool, &c.state, &field, &LawOptions::default())
        .expect_err("symbolic constant");
    assert!(e.to_string().contains("beta"), "{e}");
}

/// The count, certified, against the published one; every law verified exactly.
#[track_caller]
fn check_count(spec: &str, want: usize) {
    let arch: Architecture = spec.parse().expect("spec");
    assert_eq!(arch.published_count(), want as u64, "{spec}: published formula");
    let mut fac = arch.factorization();
    let r = conservation_laws(&mut fac, &LawOptions::default()).expect("laws");
    assert_eq!(r.count, LawCount::Certified(want), "{spec}: {:?}", r.lie);
    for l in &r.laws {
        assert_eq!(l.verified, Truth::True, "{spec}: {}", fac.pool.to_text(l.expr));
    }
    assert_eq!(r.independent, want, "{spec}");
}

#[test]
fn linear_network_counts() {
    // k·r − k(k−1)/2 with k = min(r, n + m) [MGP23]
    check_count("linear:1,1,1", 1);
    check_count("linear:2,2,1", 3);
    check_count("linear:2,3,2", 6);
    check_count("linear:3,2,2", 3);
    check_count("linear:4,6,3", 21);
    // r > n + m: the entries of W1 W1ᵀ − W2ᵀ W2 are dependent
    check_count("linear:1,3,1", 5);
    check_count("linear:1,4,1", 7);
    check_count("linear:2,4,1", 9);
    check_count("linear:2,5,2", 14);
}

#[test]
fn relu_and_diagonal_counts() {
    check_count("relu:2,1", 1);
    check_count("relu:3,4", 4);
    check_count("relu:2,3,2", 3);
    check_count("diagonal-sq:3", 3);
    check_count("diagonal-prod:4", 4);
}

/// The laws themselves: ‖u_j‖² − v_j² per hidden unit, u_i·v_i and u_i² − v_i² per
/// coordinate, the entries of W1·W1ᵀ − W2ᵀ·W2.
#[test]
fn laws_are_the_published_ones() {
    let cases: [(&str, Vec<String>); 4] = [
        ("relu:2,2", (1..=2).map(|j| format!("u[{j},1]^2 + u[{j},2]^2 - v[{j}]^2")).collect()),
        ("diagonal-sq:2", (1..=2).map(|i| format!("u[{i}]*v[{i}]")).collect()),
        ("diagonal-prod:2", (1..=2).map(|i| format!("u[{i}]^2 - v[{i}]^2")).collect()),
        (
            "linear:2,2,1",
            [(1, 1), (1, 2), (2, 2)]
                .iter()
                .map(|(j, k)| {
                    format!("W1[{j},1]*W1[{k},1] + W1[{j},2]*W1[{k},2] - W2[1,{j}]*W2[1,{k}]")
                })
                .collect(),
        ),
    ];
    for (spec, want) in cases {
        let mut fac = spec.parse::<Architecture>().expect("spec").factorization();
        let r = conservation_laws(&mut fac, &LawOptions::default()).expect("laws");
        let basis: Vec<Poly<Q>> = r.laws.iter().map(|l| l.poly.clone()).collect();
        let mut pool = Pool::new();
        std::mem::swap(&mut pool, &mut fac.pool);
        let mut wanted = Vec::new();
        for w in &want {
            let e = expr_from_str(&mut pool, w).expect("parses");
            let h = polys_from_exprs(&pool, &[e], &fac.state).expect("poly").remove(0);
            assert!(span_contains(&basis, &h), "{spec}: {w} is a law");
            wanted.push(h);
        }
        assert_eq!(span_rank(&wanted), basis.len(), "{spec}: no other quadratic law");
    }
}

#[test]
fn architecture_specs() {
    for bad in ["linear:1,2", "relu:0,3", "diag:2", "linear", "linear:a,b,c", "relu:1,2,3,4"] {
        assert!(bad.parse::<Architecture>().is_err(), "{bad}");
    }
    assert!("linear:20,20,20".parse::<Architecture>().is_ok());
    assert!("linear:1000,1000,1000".parse::<Architecture>().is_err());
}
