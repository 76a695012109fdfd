//! The derived vector fields against mathematics: V = −∇L against central finite
//! differences of L, DV against finite differences of V, exact symmetry of DV for gradient
//! flows (zero test), and the textbook forms of Hamilton's equations for Hénon–Heiles and
//! of the Lorenz system.

#![allow(clippy::needless_range_loop)] // matrix indices read as in the mathematics

use rustc_hash::FxHashMap;
use varan::algebra::{is_zero, ExprId, Symbol, Truth};
use varan::flow::{expr_from_str, jacobian};
use varan::numeric::Evaluator;

fn example(name: &str) -> String {
    let path = format!("{}/../../examples/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// Deterministic rational test points k/7, k ∈ [−9, 9] \ {0}.
fn points(seed: u64, n: usize, count: usize) -> Vec<Vec<f64>> {
    let mut s = seed;
    (0..count)
        .map(|_| {
            (0..n)
                .map(|_| {
                    s = s
                        .wrapping_mul(6_364_136_223_846_793_005)
                        .wrapping_add(1_442_695_040_888_963_407);
                    let k = ((s >> 33) % 19) as i64 - 9;
                    let k = if k == 0 { 5 } else { k };
                    k as f64 / 7.0
                })
                .collect()
        })
        .collect()
}

fn env(state: &[Symbol], extra: &[(Symbol, f64)], x: &[f64]) -> FxHashMap<Symbol, f64> {
    let mut m: FxHashMap<Symbol, f64> = state.iter().copied().zip(x.iter().copied()).collect();
    m.extend(extra.iter().copied());
    m
}

/// Richardson-extrapolated central difference of `f` along coordinate `k` (error O(h⁴)).
fn fd(f: &dyn Fn(&[f64]) -> f64, x: &[f64], k: usize) -> f64 {
    let d = |h: f64| {
        let mut p = x.to_vec();
        let mut m = x.to_vec();
        p[k] += h;
        m[k] -= h;
        (f(&p) - f(&m)) / (2.0 * h)
    };
    let h = 1e-3;
    (4.0 * d(h / 2.0) - d(h)) / 3.0
}

fn close(a: f64, b: f64, tol: f64) -> bool {
    (a - b).abs() <= tol * (1.0 + a.abs().max(b.abs()))
}

/// V = −∇L and DV = ∂V/∂θ against finite differences at several rational points.
fn check_gradient_flow(src: &str, model: Option<&str>, consts: &[(&str, f64)]) {
    let d = varan::derive(src, model).expect("derives");
    let p = &d.problem;
    let extra: Vec<(Symbol, f64)> =
        consts.iter().map(|(n, v)| (p.pool.lookup(n).expect("constant exists"), *v)).collect();
    let loss = p.loss.expect("a model has a loss");
    let n = p.state.len();
    for x in points(n as u64 * 31 + 7, n, 4) {
        let l_at = |y: &[f64]| {
            Evaluator::new(&p.pool, env(&p.state, &extra, y)).eval(loss).expect("bound")
        };
        let mut ev = Evaluator::new(&p.pool, env(&p.state, &extra, &x));
        for k in 0..n {
            let v = ev.eval(p.field[k]).expect("bound");
            let g = fd(&l_at, &x, k);
            assert!(close(v, -g, 1e-8), "{model:?}: V_{k} = {v} but -dL/dθ_{k} ≈ {} at {x:?}", -g);
            for l in 0..n {
                let dv = ev.eval(d.jacobian[k][l]).expect("bound");
                let vk = |y: &[f64]| {
                    Evaluator::new(&p.pool, env(&p.state, &extra, y))
                        .eval(p.field[k])
                        .expect("bound")
                };
                let g = fd(&vk, &x, l);
                assert!(close(dv, g, 1e-7), "{model:?}: DV[{k}][{l}] = {dv} but FD ≈ {g} at {x:?}");
            }
        }
    }
}

#[test]
fn gradient_matches_finite_differences_of_the_loss() {
    check_gradient_flow(&example("two_layer_4p.vnet"), None, &[]);
    check_gradient_flow(&example("tanh_one_point.vnet"), None, &[]);
    check_gradient_flow(&example("linear_two_layer.vnet"), None, &[]);
    check_gradient_flow(&example("dense_tanh.vnet"), None, &[]);
    let classics = example("classics.vnet");
    check_gradient_flow(&classics, Some("quadratic_act"), &[("c", 0.3)]);
    check_gradient_flow(&classics, Some("quartic_softplus"), &[]);
    check_gradient_flow(&classics, Some("scalar_factorization"), &[]);
}

#[test]
fn sigmoid_sinh_cosh_exp_square_networks() {
    for act in ["sigmoid", "sinh", "cosh", "exp", "square", "linear"] {
        let src = format!(
            "model m {{ param a1, a2, w1, w2, b\n f(x) = a1*{act}(w1*x + b) + a2*{act}(w2*x) \n data {{ 1 -> 1/2, -1/3 -> 2, 2 -> -1 }}\n loss mse\n decay 1/10 }}"
        );
        check_gradient_flow(&src, None, &[]);
    }
}

/// DV of a gradient flow is symmetric, exactly: every DV_kl − DV_lk of the independently
/// computed full Jacobian is zero by the canonical-form test, and the symmetric shortcut
/// used by `derive` agrees with it entry by entry.
#[test]
fn jacobian_of_gradient_flow_is_exactly_symmetric() {
    let classics = example("classics.vnet");
    let cases: Vec<(String, Option<&str>)> = vec![
        (example("two_layer_4p.vnet"), None),
        (example("tanh_one_point.vnet"), None),
        (example("linear_two_layer.vnet"), None),
        (classics.clone(), Some("quadratic_act")),
        (classics.clone(), Some("quartic_softplus")),
        (
            "model s { param a, w, b\n f(x) = a*sigmoid(w*x + b) + a*cosh(w*x)/2\n data { 1 -> 1, 2 -> -1/2 }\n loss mse }"
                .to_string(),
            None,
        ),
    ];
    for (src, model) in cases {
        let mut d = varan::derive(&src, model).expect("derives");
        let p = &mut d.problem;
        let full = jacobian(&mut p.pool, &p.field, &p.state);
        let n = p.state.len();
        for k in 0..n {
            for l in 0..n {
                let asym = p.pool.sub(full[k][l], full[l][k]);
                assert_eq!(
                    is_zero(&p.pool, asym),
                    Ok(Truth::True),
                    "{model:?}: DV[{k}][{l}] != DV[{l}][{k}]"
                );
                let diff = p.pool.sub(full[k][l], d.jacobian[k][l]);
                let verdict = is_zero(&p.pool, diff);
                assert_eq!(verdict, Ok(Truth::True), "{model:?}: shortcut differs at [{k}][{l}]");
            }
        }
    }
}

fn assert_field(src: &str, expected: &[&str]) {
    let mut d = varan::derive(src, None).expect("derives");
    let p = &mut d.problem;
    assert_eq!(p.field.len(), expected.len());
    for (k, want) in expected.iter().enumerate() {
        let w = expr_from_str(&mut p.pool, want).expect("parses");
        let diff = p.pool.sub(p.field[k], w);
        assert_eq!(
            is_zero(&p.pool, diff),
            Ok(Truth::True),
            "component {k}: got {}, want {want}",
            p.pool.to_text(p.field[k])
        );
    }
}

/// Hénon & Heiles (1964), eq. (4): with H = ½(p1² + p2²) + ½(q1² + q2²) + q1²q2 − q2³/3,
/// q1' = p1, q2' = p2, p1' = −q1 − 2 q1 q2, p2' = −q2 − q1² + q2².
#[test]
fn henon_heiles_hamilton_equations_are_the_textbook_ones() {
    assert_field(
        &example("henon_heiles.vnet"),
        &["p1", "p2", "-q1 - 2*q1*q2", "-q2 - q1^2 + q2^2"],
    );
}

/// Lorenz (1963), eqs. (25)–(27) with σ = 10, r = 28, b = 8/3.
#[test]
fn lorenz_field_is_the_classical_one() {
    assert_field(&example("lorenz.vnet"), &["10*(y - x)", "28*x - x*z - y", "x*y - 8*z/3"]);
}

/// The x²y² potential: p1' = −q1 q2², p2' = −q1² q2.
#[test]
fn yang_mills_potential() {
    let src = example("classics.vnet");
    let mut d = varan::derive(&src, Some("yang_mills")).expect("derives");
    let p = &mut d.problem;
    let want = ["p1", "p2", "-q1*q2^2", "-q1^2*q2"];
    for (k, w) in want.iter().enumerate() {
        let w = expr_from_str(&mut p.pool, w).expect("parses");
        let diff = p.pool.sub(p.field[k], w);
        assert_eq!(is_zero(&p.pool, diff), Ok(Truth::True));
    }
    // a Hamiltonian field is divergence-free: tr DV = 0 exactly
    let tr: Vec<ExprId> = (0..4).map(|k| d.jacobian[k][k]).collect();
    let t = d.problem.pool.add_all(tr);
    assert_eq!(is_zero(&d.problem.pool, t), Ok(Truth::True));
}

/// The two-layer linear network's loss is invariant under W1 → G W1, W2 → W2 G⁻¹, so
/// W1 W1ᵀ − W2ᵀ W2 is conserved (Marcotte, Gribonval, Peyré 2023): its derivative along V
/// vanishes exactly.
#[test]
fn linear_network_conserves_balancedness() {
    let mut d = varan::derive(&example("linear_two_layer.vnet"), None).expect("derives");
    let p = &mut d.problem;
    let names = p.state_names();
    for (j, k) in [(1, 1), (1, 2), (2, 2)] {
        let h = format!("W1[{j},1]*W1[{k},1] + W1[{j},2]*W1[{k},2] - W2[1,{j}]*W2[1,{k}]");
        let h = expr_from_str(&mut p.pool, &h).expect("parses");
        let mut terms = Vec::new();
        for (i, s) in p.state.clone().iter().enumerate() {
            let dh = p.pool.diff(h, *s);
            terms.push(p.pool.mul(dh, p.field[i]));
        }
        let dot = p.pool.add_all(terms);
        assert_eq!(is_zero(&p.pool, dot), Ok(Truth::True), "({j},{k}) with state {names:?}");
    }
}
