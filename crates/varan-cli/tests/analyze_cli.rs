//! `varan analyze` from the command line: the flagship verdict, exit codes (0 for every
//! verdict, 2 for bad input), the JSON schema `varan.analyze/1`, and the LaTeX report
//! compiling with pdflatex.

mod support;

use support::varan;

use std::process::Command;

#[test]
fn flagship_verdict_text() {
    let (code, out, err) = varan(&["analyze", "examples/two_layer_4p.vnet"]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("verdict: not meromorphically integrable (G⁰ non-abelian), and the VE has no Liouvillian solutions (G⁰ non-solvable)"), "{out}");
    assert!(out.contains("theorem: Ayoul–Zung"), "{out}");
    // not a terminal: no progress output
    assert!(err.is_empty(), "{err}");
}

#[test]
fn json_schema() {
    let (code, out, err) = varan(&["analyze", "examples/two_layer_4p.vnet", "--format", "json"]);
    assert_eq!(code, 0, "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).expect("json");
    assert_eq!(v["schema"], "varan.analyze/1");
    assert_eq!(v["kind"], "model");
    assert_eq!(v["verdict"]["outcome"], "non_integrable");
    assert_eq!(v["verdict"]["non_solvable"], true);
    assert_eq!(v["verdict"]["curve"], 1);
    assert_eq!(v["verdict"]["block"], 2);
    let curves = v["curves"].as_array().expect("curves");
    assert_eq!(curves.len(), 2);
    assert_eq!(curves[0]["name"], "offset");
    assert_eq!(curves[0]["ve"]["schema"], "varan.ve/1");
    assert_eq!(curves[0]["blocks"][1]["fact"], "non_solvable");
    assert_eq!(curves[0]["blocks"][1]["method"], "exact");
    assert_eq!(curves[1]["verdict"]["outcome"], "no_obstruction");
}

#[test]
fn inconclusive_and_bad_input_exit_codes() {
    // a verdict of any kind exits 0
    let (code, out, err) = varan(&[
        "analyze",
        "examples/classics.vnet",
        "--model",
        "yang_mills",
        "--along",
        "q1 = 0, p1 = 0, q2 = t, p2 = 1",
    ]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("verdict: "), "{out}");
    // a curve that is not invariant is a verdict about that curve, not a crash
    let (code, out, err) = varan(&[
        "analyze",
        "examples/two_layer_4p.vnet",
        "--along",
        "a1 = s, a2 = 2*s, w1 = 0, w2 = 0",
    ]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("not invariant"), "{out}");
    // linear equations are for `galois`/`monodromy`
    let (code, _, err) = varan(&["analyze", "examples/bessel.vnet", "--model", "airy"]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("varan galois"), "{err}");
    // unknown file, unknown definition
    let (code, _, _) = varan(&["analyze", "examples/nope.vnet"]);
    assert_eq!(code, 2);
    let (code, _, err) = varan(&["analyze", "examples/two_layer_4p.vnet", "--model", "nope"]);
    assert_eq!(code, 2, "{err}");
}

#[test]
fn latex_report_compiles() {
    if !Command::new("pdflatex").arg("--version").output().is_ok_and(|o| o.status.success()) {
        eprintln!("pdflatex not found: skipping the LaTeX compile test");
        return;
    }
    let dir = std::env::temp_dir().join(format!("varan-analyze-latex-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    for (file, model) in [
        ("examples/two_layer_4p.vnet", None),
        ("examples/henon_heiles.vnet", None),
        ("examples/lorenz.vnet", None),
        ("examples/classics.vnet", Some("yang_mills")),
    ] {
        let tex = dir.join(format!("{}.tex", file.replace(['/', '.'], "_")));
        let tex_s = tex.to_str().expect("utf-8 temp path");
        let mut args = vec!["analyze", file, "--latex", tex_s, "-q"];
        if let Some(m) = model {
            args.extend(["--model", m, "--along", "q1 = 0, p1 = 0, q2 = t, p2 = 1"]);
        }
        let (code, _, err) = varan(&args);
        assert_eq!(code, 0, "{file}: {err}");
        let out = Command::new("pdflatex")
            .args(["-interaction=nonstopmode", "-halt-on-error"])
            .arg(&tex)
            .current_dir(&dir)
            .output()
            .expect("pdflatex runs");
        assert!(out.status.success(), "{file}: {}", String::from_utf8_lossy(&out.stdout));
    }
    let _ = std::fs::remove_dir_all(&dir);
}

/// `varan galois --block K --method both`: one block, both routes; the Hénon–Heiles NVE
/// block is proven non-Liouvillian by Kovacic and Kimura (Ito 1985 for the system); a block
/// number out of range is an input error.
#[test]
fn galois_one_block_both_methods() {
    let (code, out, err) = varan(&[
        "galois",
        "examples/henon_heiles.vnet",
        "--block",
        "1",
        "--method",
        "both",
        "--format",
        "json",
    ]);
    assert_eq!(code, 0, "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).expect("json");
    assert_eq!(v["method"], "both");
    let eqs = v["equations"].as_array().expect("equations");
    assert_eq!(eqs.len(), 1);
    assert_eq!(eqs[0]["decision"]["outcome"], "no_liouvillian_solution");
    assert!(eqs[0]["numeric"].is_object());
    let (code, _, err) = varan(&["galois", "examples/henon_heiles.vnet", "--block", "5"]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("no block 5"), "{err}");
}
