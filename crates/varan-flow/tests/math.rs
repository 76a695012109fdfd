//! The symbolic core through the DSL's expression syntax: derivatives against their
//! textbook forms, identities that must be exactly zero, and the text printer's round trip.

use proptest::prelude::*;
use varan_algebra::{is_zero, Pool, Truth};
use varan_flow::expr_from_str;

#[track_caller]
fn check_diff(e: &str, var: &str, expected: &str) {
    let mut p = Pool::new();
    let x = expr_from_str(&mut p, e).expect("parses");
    let v = p.symbol(var);
    let d = p.diff(x, v);
    let want = expr_from_str(&mut p, expected).expect("parses");
    let diff = p.sub(d, want);
    assert_eq!(
        is_zero(&p, diff),
        Ok(Truth::True),
        "d/d{var} {e} = {}, not {expected}",
        p.to_text(d)
    );
}

#[track_caller]
fn check_zero(e: &str) {
    let mut p = Pool::new();
    let x = expr_from_str(&mut p, e).expect("parses");
    assert_eq!(is_zero(&p, x), Ok(Truth::True), "{e} is zero");
}

#[track_caller]
fn check_nonzero(e: &str) {
    let mut p = Pool::new();
    let x = expr_from_str(&mut p, e).expect("parses");
    assert_eq!(is_zero(&p, x), Ok(Truth::False), "{e} is not zero");
}

#[test]
fn derivatives() {
    check_diff("tanh(w*x)", "w", "x*(1 - tanh(w*x)^2)");
    check_diff("sigmoid(w*x + b)", "b", "sigmoid(w*x + b)*(1 - sigmoid(w*x + b))");
    check_diff("exp(a*x^2)", "x", "2*a*x*exp(a*x^2)");
    check_diff("log(1 + exp(z))", "z", "sigmoid(z)");
    check_diff("sinh(3*u)", "u", "3*cosh(3*u)");
    check_diff("cosh(u)^2", "u", "2*sinh(u)*cosh(u)");
    check_diff("1/(1 + x^2)", "x", "-2*x/(1 + x^2)^2");
    check_diff("x^-3", "x", "-3/x^4");
    check_diff("(a*b - 1)^2/2", "a", "b*(a*b - 1)");
    check_diff("log(x)", "x", "1/x");
    check_diff("tanh(x)", "y", "0");
    check_diff("W[1,2]*x", "W_1_2", "x");
}

#[test]
fn identities() {
    check_zero("cosh(x)^2 - sinh(x)^2 - 1");
    check_zero("tanh(x) - sinh(x)/cosh(x)");
    check_zero("1 - tanh(x)^2 - 1/cosh(x)^2");
    check_zero("2*sigmoid(2*x) - 1 - tanh(x)");
    check_zero("sigmoid(x) + sigmoid(-x) - 1");
    check_zero("exp(x + y) - exp(x)*exp(y)");
    check_zero("exp(x/2)^2 - exp(x)");
    check_zero("sinh(2*x) - 2*sinh(x)*cosh(x)");
    check_zero("tanh(x + y) - (tanh(x) + tanh(y))/(1 + tanh(x)*tanh(y))");
    check_zero("(x + 1)^2 - x^2 - 2*x - 1");
    check_zero("(a/b + c/d) - (a*d + b*c)/(b*d)");
    check_zero("tanh(-x) + tanh(x)");
    check_zero("exp(1)^2 - exp(2)");
    check_zero("1.5 - 3/2");
    check_zero("2.5e-1 - 1/4");
}

#[test]
fn non_identities_are_certified() {
    check_nonzero("cosh(x)^2 - sinh(x)^2");
    check_nonzero("tanh(2*x) - 2*tanh(x)");
    check_nonzero("exp(x) - x");
    check_nonzero("exp(x*y) - exp(x)*exp(y)");
    check_nonzero("sigmoid(x) - 1/2");
    check_nonzero("exp(1) - 2718281828/1000000000");
}

/// Random expressions in the DSL's syntax.
fn expr_text() -> impl Strategy<Value = String> {
    let leaf = prop_oneof![
        Just("x".to_string()),
        Just("y".to_string()),
        Just("w1".to_string()),
        Just("W[1,2]".to_string()),
        (1i32..20).prop_map(|n| n.to_string()),
        (1i32..9, 2i32..9).prop_map(|(a, b)| format!("{a}/{b}")),
    ];
    leaf.prop_recursive(5, 40, 3, |inner| {
        prop_oneof![
            (inner.clone(), inner.clone()).prop_map(|(a, b)| format!("({a}) + ({b})")),
            (inner.clone(), inner.clone()).prop_map(|(a, b)| format!("({a}) - ({b})")),
            (inner.clone(), inner.clone()).prop_map(|(a, b)| format!("({a})*({b})")),
            (inner.clone(), inner.clone()).prop_map(|(a, b)| format!("({a})/(1 + ({b})^2)")),
            (inner.clone(), -3i32..4).prop_map(|(a, k)| format!("(1 + ({a})^2)^({k})")),
            (inner.clone(), prop::sample::select(vec!["tanh", "exp", "sigmoid", "sinh", "cosh"]))
                .prop_map(|(a, f)| format!("{f}({a})")),
            inner.prop_map(|a| format!("-({a})")),
        ]
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, failure_persistence: None, ..ProptestConfig::default() })]

    /// parse(print(e)) is the same node: the printer writes exactly the normalized tree.
    #[test]
    fn text_printer_round_trips(src in expr_text()) {
        let mut p = Pool::new();
        let e = expr_from_str(&mut p, &src).expect("generated text parses");
        let printed = p.to_text(e);
        let back = expr_from_str(&mut p, &printed).expect("printed text parses");
        prop_assert_eq!(back, e, "printed as {}", printed);
    }

    /// d/dx is linear and obeys the product rule, exactly.
    #[test]
    fn product_rule(a in expr_text(), b in expr_text()) {
        let mut p = Pool::new();
        let ea = expr_from_str(&mut p, &a).expect("parses");
        let eb = expr_from_str(&mut p, &b).expect("parses");
        let x = p.symbol("x");
        let ab = p.mul(ea, eb);
        let lhs = p.diff(ab, x);
        let da = p.diff(ea, x);
        let db = p.diff(eb, x);
        let t1 = p.mul(da, eb);
        let t2 = p.mul(ea, db);
        let rhs = p.add(t1, t2);
        let diff = p.sub(lhs, rhs);
        prop_assert_eq!(is_zero(&p, diff), Ok(Truth::True));
    }
}
