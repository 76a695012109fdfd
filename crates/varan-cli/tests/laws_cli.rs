//! `varan laws` from the command line: first integrals of the example files, certified
//! law counts of architectures against the published ones [MGP23], the JSON schema
//! `varan.laws/1`, and refusals (exit 2) for non-polynomial fields and bad specs.

mod support;

use support::varan;

fn json(args: &[&str]) -> serde_json::Value {
    let (code, out, err) = varan(args);
    assert_eq!(code, 0, "{err}");
    serde_json::from_str(&out).expect("json")
}

#[test]
fn chain_text() {
    let (code, out, err) = varan(&["laws", "examples/laws.vnet", "--model", "chain"]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("  H1 = u^2 - v^2\n"), "{out}");
    assert!(out.contains("∇H·V = 0 by the exact zero test"), "{out}");
}

#[test]
fn kdv_quartic_integral_json() {
    let v = json(&[
        "laws",
        "examples/laws.vnet",
        "--model",
        "kdv",
        "--degree",
        "4",
        "--format",
        "json",
    ]);
    assert_eq!(v["schema"], "varan.laws/1");
    assert_eq!(v["kind"], "hamiltonian");
    let fi = &v["first_integrals"];
    assert_eq!(fi["degree"], 4);
    assert_eq!(fi["dimension"], 2);
    assert_eq!(fi["independent"], 2);
    // the filtration-adapted basis: H first (degree 3), then a quartic one
    assert_eq!(fi["basis"][0]["degree"], 3);
    assert_eq!(fi["basis"][1]["degree"], 4);
    for b in fi["basis"].as_array().expect("basis") {
        assert_eq!(b["verified"], "true");
    }
    assert!(v["conservation_laws"].is_null());
}

#[test]
fn linear_network_file() {
    let v = json(&["laws", "examples/linear_two_layer.vnet", "--format", "json"]);
    assert_eq!(v["first_integrals"]["dimension"], 3);
    let basis: Vec<&str> = v["first_integrals"]["basis"]
        .as_array()
        .expect("basis")
        .iter()
        .map(|b| b["expr"].as_str().expect("text"))
        .collect();
    assert!(basis.contains(&"W1_1_1^2 + W1_1_2^2 - W2_1_1^2"), "{basis:?}");
    // the network x ↦ W2·W1·x is linear in x: φ = its coefficients, r(r+1)/2 = 3 laws
    let c = &v["conservation_laws"];
    assert_eq!(c["count"], 3);
    assert_eq!(c["certified"], true);
    assert!(c["published"].is_null());
    assert_eq!(c["phi"].as_array().expect("phi").len(), 2);
    assert!(v["factorization_note"].is_null());
}

#[test]
fn explicit_loss_has_no_network() {
    let v = json(&["laws", "examples/laws.vnet", "--model", "chain", "--format", "json"]);
    assert!(v["conservation_laws"].is_null());
    let v = json(&["laws", "examples/laws.vnet", "--model", "diagonal", "--format", "json"]);
    assert_eq!(v["conservation_laws"]["count"], 2);
    assert_eq!(v["conservation_laws"]["laws"][0]["expr"], "u1*v1");
}

#[test]
fn architectures_match_published_counts() {
    for (spec, count) in [
        ("linear:4,6,3", 21),
        ("linear:1,4,1", 7),
        ("relu:3,8", 8),
        ("diagonal-sq:3", 3),
        ("diagonal-prod:3", 3),
    ] {
        let v = json(&["laws", "--architecture", spec, "--format", "json"]);
        let c = &v["conservation_laws"];
        assert_eq!(c["count"], count, "{spec}");
        assert_eq!(c["published"], count, "{spec}");
        assert_eq!(c["certified"], true, "{spec}");
        assert_eq!(c["laws_independent"], count, "{spec}");
        assert_eq!(c["prime"], "2305843009213693951");
        assert!(v["first_integrals"].is_null());
    }
}

#[test]
fn relu_laws_text() {
    let (code, out, err) = varan(&["laws", "--architecture", "relu:3,2"]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("conservation laws: 2 = D − dim Lie(W_φ), certified"), "{out}");
    assert!(out.contains("  h1 = u_1_1^2 + u_1_2^2 + u_1_3^2 - v_1^2\n"), "{out}");
    assert!(out.contains("published count [MGP23]: 2 (agrees)"), "{out}");
}

#[test]
fn refusals() {
    let (code, _, err) = varan(&["laws", "examples/two_layer_tanh.vnet"]);
    assert_eq!(code, 2);
    assert!(
        err.contains("it contains tanh; polynomial first integrals need a polynomial vector field"),
        "{err}"
    );
    let (code, _, err) = varan(&["laws", "--architecture", "conv:3"]);
    assert_eq!(code, 2);
    assert!(err.contains("unknown architecture 'conv:3'"), "{err}");
    let (code, _, err) =
        varan(&["laws", "examples/laws.vnet", "--model", "chain", "--degree", "0"]);
    assert_eq!(code, 2);
    assert!(err.contains("--degree must be at least 1"), "{err}");
    let (code, _, _) = varan(&["laws"]);
    assert_eq!(code, 2);
    let (code, _, err) = varan(&["laws", "examples/bessel.vnet", "--model", "bessel_third"]);
    assert_eq!(code, 2, "{err}");
}
