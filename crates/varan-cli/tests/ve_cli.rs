//! `varan manifolds` and `varan ve` from the command line: exit codes, the JSON schemas'
//! required keys, and one snapshot of each format.

mod support;

use support::varan;

use std::process::Command;

#[test]
fn manifolds_json_schema() {
    let (code, out, err) =
        varan(&["manifolds", "examples/quadratic_plane.vnet", "--format", "json"]);
    assert_eq!(code, 0, "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).expect("json");
    assert_eq!(v["schema"], "varan.manifolds/1");
    let ms = v["manifolds"].as_array().expect("array");
    assert!(!ms.is_empty());
    for m in ms {
        assert_eq!(m["verified"], true);
        assert_eq!(
            m["free"].as_array().map(|a| a.len()),
            m["dimension"].as_u64().map(|d| d as usize)
        );
    }
    insta::assert_snapshot!(
        "manifolds_quadratic_plane_text",
        varan(&["manifolds", "examples/quadratic_plane.vnet"]).1
    );
}

#[test]
fn ve_json_schema() {
    let (code, out, err) = varan(&["ve", "examples/henon_heiles.vnet", "--format", "json"]);
    assert_eq!(code, 0, "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).expect("json");
    assert_eq!(v["schema"], "varan.ve/1");
    assert_eq!(v["variable"], "z");
    assert_eq!(v["substitution"], "z = exp(t)");
    assert_eq!(v["curve"]["time"], true);
    assert_eq!(v["a"].as_array().map(|a| a.len()), Some(4));
    assert!(v["blocks"].as_array().is_some_and(|b| b.len() == 2));
    insta::assert_snapshot!("ve_henon_heiles_json", out);
}

#[test]
fn ve_errors_exit_2() {
    for args in [
        vec!["ve", "examples/quadratic_plane.vnet", "--along", "a1 = s, a2 = s, w1 = 1/10, w2 = 0"],
        vec!["ve", "examples/quadratic_plane.vnet", "--along", "a1 = s"],
        vec!["ve", "examples/quadratic_plane.vnet", "--along", "manifold:1"],
        vec!["ve", "examples/two_layer_tanh.vnet"],
        vec!["ve", "examples/classics.vnet"],
        vec!["manifolds", "examples/nosuch.vnet"],
    ] {
        let (code, out, err) = varan(&args);
        assert_eq!(code, 2, "{args:?}: {err}");
        assert!(out.is_empty(), "{args:?}");
        assert!(err.starts_with("error: "), "{args:?}: {err}");
    }
    let (_, _, err) = varan(&[
        "ve",
        "examples/quadratic_plane.vnet",
        "--along",
        "a1 = s, a2 = s, w1 = 1/10, w2 = 0",
    ]);
    assert!(err.contains("is not invariant"), "{err}");
}

/// The standalone LaTeX of `manifolds` and `ve` compiles with pdflatex (when installed).
#[test]
fn latex_reports_compile() {
    if Command::new("pdflatex").arg("--version").output().is_err() {
        eprintln!("pdflatex not found: skipping the LaTeX compile test");
        return;
    }
    let dir = std::env::temp_dir().join(format!("varan-ve-latex-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    for (cmd, file) in [
        ("ve", "examples/henon_heiles.vnet"),
        ("ve", "examples/two_layer_4p.vnet"),
        ("ve", "examples/lorenz.vnet"),
        ("manifolds", "examples/two_layer_tanh.vnet"),
    ] {
        let (code, tex, err) = varan(&[cmd, file, "--format", "latex", "--standalone"]);
        assert_eq!(code, 0, "{err}");
        let name = format!("{cmd}_{}", file.replace(['/', '.'], "_"));
        let path = dir.join(format!("{name}.tex"));
        std::fs::write(&path, tex).expect("write");
        let out = Command::new("pdflatex")
            .args(["-interaction=nonstopmode", "-halt-on-error"])
            .arg(&path)
            .current_dir(&dir)
            .output()
            .expect("pdflatex runs");
        assert!(out.status.success(), "{cmd} {file}: {}", String::from_utf8_lossy(&out.stdout));
    }
    let _ = std::fs::remove_dir_all(&dir);
}

/// `varan galois` on the linear equations of examples/bessel.vnet: published outcomes
/// (Airy: SL₂; Weber u'' = (x²/4 + a)u Liouvillian iff a ∈ ½ + ℤ; a dihedral example in
/// case 2) and an honest "undecided" for Bessel of order 1/3 (needs ℚ(i)).
#[test]
fn galois_on_linear_equations() {
    for (model, outcome, case) in [
        ("airy", "no_liouvillian_solution", Some(4)),
        ("weber_half", "liouvillian", Some(1)),
        ("weber_third", "no_liouvillian_solution", Some(4)),
        ("dihedral", "liouvillian", Some(2)),
        ("bessel_third", "no_liouvillian_solution", Some(4)),
    ] {
        let (code, out, err) =
            varan(&["galois", "examples/bessel.vnet", "--model", model, "--format", "json"]);
        assert_eq!(code, 0, "{model}: {err}");
        let v: serde_json::Value = serde_json::from_str(&out).expect("json");
        assert_eq!(v["schema"], "varan.galois/1");
        let k = &v["equations"][0]["kovacic"];
        assert_eq!(k["outcome"], outcome, "{model}: {k}");
        assert_eq!(k["case"].as_u64(), case.map(|c: u64| c), "{model}");
    }
    // an ode is not a flow
    let (code, _, err) = varan(&["derive", "examples/bessel.vnet", "--model", "airy"]);
    assert_eq!(code, 2);
    assert!(err.contains("not a flow"), "{err}");
}

/// `varan monodromy` on the hypergeometric equation (a, b, c) = (1/2, 1/3, 1/4): the
/// trace of M_0 is 1 + e^{2πi(1−c)} = 1 − i and that of M_1 is 1 + e^{2πi(c−a−b)}, both
/// inside the certified balls; every self-check passes.
#[test]
fn monodromy_of_the_hypergeometric_equation() {
    let (code, out, err) = varan(&[
        "monodromy",
        "examples/bessel.vnet",
        "--model",
        "hypergeometric",
        "--format",
        "json",
    ]);
    assert_eq!(code, 0, "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).expect("json");
    assert_eq!(v["schema"], "varan.monodromy/1");
    let tr = |k: usize| {
        let m = &v["local"][k]["matrix"];
        let re = m[0][0]["re"].as_f64().unwrap() + m[1][1]["re"].as_f64().unwrap();
        let im = m[0][0]["im"].as_f64().unwrap() + m[1][1]["im"].as_f64().unwrap();
        let rad = m[0][0]["rad"].as_f64().unwrap() + m[1][1]["rad"].as_f64().unwrap();
        (re, im, rad)
    };
    assert_eq!(v["local"][0]["point_exact"], "0");
    let (re, im, rad) = tr(0);
    assert!(
        (re - 1.0).abs() <= rad + 1e-15 && (im + 1.0).abs() <= rad + 1e-15,
        "tr M0 = {re} + {im}i ± {rad}"
    );
    let theta = 2.0 * std::f64::consts::PI * (0.25 - 0.5 - 1.0 / 3.0);
    let (re, im, rad) = tr(1);
    assert!(
        (re - 1.0 - theta.cos()).abs() <= rad + 1e-15 && (im - theta.sin()).abs() <= rad + 1e-15
    );
    for c in v["checks"].as_array().expect("checks") {
        assert_eq!(c["passed"], true, "{c}");
    }
    let (code, _, err) =
        varan(&["monodromy", "examples/bessel.vnet", "--model", "airy", "--base", "x"]);
    assert_eq!(code, 2, "{err}");
}

/// A `linear` system: the hypergeometric equation in first-order form has the same local
/// monodromy determinants as the scalar `ode` (e^{2πi(1−c)} at 0 and e^{2πi(c−a−b)} at 1).
#[test]
fn linear_system_matches_the_scalar_equation() {
    let det = |model: &str| -> Vec<(f64, f64)> {
        let (code, out, err) =
            varan(&["monodromy", "examples/bessel.vnet", "--model", model, "--format", "json"]);
        assert_eq!(code, 0, "{err}");
        let v: serde_json::Value = serde_json::from_str(&out).expect("json");
        v["checks"]
            .as_array()
            .expect("checks")
            .iter()
            .filter(|c| c["name"].as_str().is_some_and(|n| n.starts_with("det")))
            .map(|c| (c["computed"]["re"].as_f64().unwrap(), c["computed"]["im"].as_f64().unwrap()))
            .collect()
    };
    let a = det("hypergeometric");
    let b = det("hypergeometric_system");
    assert_eq!(a.len(), 3); // det M_0, det M_1, det M_∞
    for ((x, y), (u, w)) in a.iter().zip(&b) {
        assert!((x - u).abs() < 1e-10 && (y - w).abs() < 1e-10, "{a:?} vs {b:?}");
    }
    let (code, out, _) =
        varan(&["galois", "examples/bessel.vnet", "--model", "hypergeometric_system"]);
    assert_eq!(code, 0);
    assert!(out.contains("u'' = r·u"), "{out}");
}
