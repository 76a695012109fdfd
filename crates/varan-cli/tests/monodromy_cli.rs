//! `varan monodromy` from the command line: M_∞ in the JSON document against the closed
//! forms of the Gauss equation (eigenvalues e^{2πia}, e^{2πib}; Hille, *Ordinary
//! Differential Equations in the Complex Domain*, ch. 10) and of equations with an
//! ordinary point or no singular point at ∞ (M_∞ = I), the LaTeX report (compiled with
//! pdflatex when installed), the SVG figure (well-formed, one path per loop, labels), and
//! a clean error for an unwritable `--plot` path.

mod support;

use support::varan;

use std::path::PathBuf;
use std::process::Command;

use serde_json::Value;

/// A fresh directory under the system's temp dir, removed on drop.
struct TempDir(PathBuf);

impl TempDir {
    fn new(tag: &str) -> TempDir {
        let dir =
            std::env::temp_dir().join(format!("varan-monodromy-{tag}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("temp dir");
        TempDir(dir)
    }

    fn path(&self, name: &str) -> String {
        self.0.join(name).to_str().expect("utf-8 temp path").to_string()
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn json(args: &[&str]) -> Value {
    let mut all = args.to_vec();
    all.extend(["--format", "json"]);
    let (code, out, err) = varan(&all);
    assert_eq!(code, 0, "{args:?}: {err}");
    serde_json::from_str(&out).expect("json")
}

/// A ball {re, im, rad} of the JSON document.
fn ball(v: &Value) -> (f64, f64, f64) {
    let f = |k: &str| v[k].as_f64().unwrap_or(f64::NAN);
    (f("re"), f("im"), f("rad"))
}

/// Whether the ball (widened by 1e-14 for the rounding of the closed form) contains z.
#[track_caller]
fn assert_contains(v: &Value, z: (f64, f64), what: &str) {
    let (re, im, rad) = ball(v);
    let d = ((re - z.0).powi(2) + (im - z.1).powi(2)).sqrt();
    assert!(d <= rad + 1e-14, "{what}: {re} + {im}i ± {rad} does not contain {z:?}");
}

fn trace(m: &Value) -> Value {
    let n = m.as_array().map_or(0, Vec::len);
    let (mut re, mut im, mut rad) = (0.0, 0.0, 0.0);
    for i in 0..n {
        let (a, b, r) = ball(&m[i][i]);
        re += a;
        im += b;
        rad += r;
    }
    serde_json::json!({"re": re, "im": im, "rad": rad * (1.0 + 1e-12)})
}

#[track_caller]
fn assert_identity(m: &Value, what: &str) {
    let n = m.as_array().map_or(0, Vec::len);
    assert!(n > 0, "{what}: empty matrix");
    for i in 0..n {
        for j in 0..n {
            assert_contains(&m[i][j], (if i == j { 1.0 } else { 0.0 }, 0.0), what);
        }
    }
}

fn all_checks_pass(v: &Value) {
    let checks = v["checks"].as_array().expect("checks");
    assert!(!checks.is_empty());
    for c in checks {
        assert_eq!(c["passed"], true, "{c}");
    }
}

/// The Gauss equation with (a, b, c) = (1/2, 1/3, 1/4): M_∞ has trace e^{2πia} + e^{2πib}
/// = −3/2 + (√3/2)i and determinant e^{2πi(a+b)} = e^{5πi/3}; ∞ is a regular singular
/// point with Res_∞ tr A = a + b + 1 = 11/6; the relation is M_∞·M_1·M_0 = I; the loop
/// for M_∞ is closed at the base point.
#[test]
fn json_has_the_monodromy_at_infinity() {
    let v = json(&["monodromy", "examples/bessel.vnet", "--model", "hypergeometric"]);
    assert_eq!(v["schema"], "varan.monodromy/1");
    let inf = &v["infinity"];
    assert_eq!(inf["kind"], "regular");
    assert_eq!(inf["residue"], "11/6");
    let s3 = 3f64.sqrt() / 2.0;
    assert_contains(&trace(&inf["matrix"]), (-1.5, s3), "tr M_inf");
    let det = v["checks"]
        .as_array()
        .and_then(|cs| cs.iter().find(|c| c["name"] == "det M at ∞"))
        .expect("det check at infinity");
    assert_contains(&det["computed"], (0.5, -s3), "det M_inf");
    assert_eq!(v["relation"], "M_∞·M_1·M_0 = I");
    assert_eq!(v["product_order"], serde_json::json!([0, 1]));
    let path = inf["path"].as_array().expect("path");
    assert!(path.len() > 4);
    assert_eq!(path.first(), path.last());
    assert_eq!(path[0], v["base"]);
    for l in v["local"].as_array().expect("local") {
        let p = l["path"].as_array().expect("lasso");
        assert_eq!(p.first(), Some(&v["base"]));
        assert_eq!(p.last(), Some(&v["base"]));
    }
    let names: Vec<&str> =
        v["checks"].as_array().expect("checks").iter().filter_map(|c| c["name"].as_str()).collect();
    assert!(names.contains(&"tr M at ∞ vs e^(2πiρ1) + e^(2πiρ2)"), "{names:?}");
    assert!(names.contains(&"M_∞·M_1·M_0 = I (product relation)"), "{names:?}");
    all_checks_pass(&v);
    // the same equation as a first-order system: same M_∞ up to the basis (trace, det)
    let w = json(&["monodromy", "examples/bessel.vnet", "--model", "hypergeometric_system"]);
    assert_contains(&trace(&w["infinity"]["matrix"]), (-1.5, s3), "tr M_inf (system)");
    assert_eq!(w["infinity"]["residue"], "11/6");
    all_checks_pass(&w);
}

/// Airy's equation has no finite singular point (entire solutions): M_∞ = I, ∞ irregular.
/// u'' + (1/x + 1/(x−1))u' − u/(9x²(x−1)²) = 0 has ∞ as an ordinary point (p − 2/x =
/// O(x⁻²), q = O(x⁻⁴)): M_∞ = I is checked, and the exponents ±1/3 at 0 and 1 give
/// tr M_0 = tr M_1 = 2cos(2π/3) = −1.
#[test]
fn identity_at_infinity() {
    let v = json(&["monodromy", "examples/bessel.vnet", "--model", "airy"]);
    assert_eq!(v["local"].as_array().map(Vec::len), Some(0));
    assert_eq!(v["infinity"]["kind"], "irregular");
    assert_eq!(v["relation"], "M_∞ = I");
    assert_identity(&v["infinity"]["matrix"], "Airy M_inf");
    all_checks_pass(&v);

    let dir = TempDir::new("ordinary");
    let file = dir.path("ordinary.vnet");
    std::fs::write(
        &file,
        "ode ordinary_at_infinity {\n  var x\n  x^2*(x - 1)^2*u'' + x*(x - 1)*(2*x - 1)*u' - u/9 = 0\n}\n",
    )
    .expect("write");
    let v = json(&["monodromy", &file]);
    assert_eq!(v["infinity"]["kind"], "ordinary");
    assert_identity(&v["infinity"]["matrix"], "M_inf at an ordinary point");
    let names: Vec<&str> =
        v["checks"].as_array().expect("checks").iter().filter_map(|c| c["name"].as_str()).collect();
    assert!(names.contains(&"M at ∞ = I (∞ is an ordinary point)"), "{names:?}");
    for l in v["local"].as_array().expect("local") {
        assert_contains(&trace(&l["matrix"]), (-1.0, 0.0), "tr M_p");
    }
    all_checks_pass(&v);
    let (code, out, err) = varan(&["monodromy", &file]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("M at x = ∞ (ordinary"), "{out}");
}

/// The LaTeX fragment has every matrix as a pmatrix of balls in scientific notation and
/// the checks; the standalone document compiles with pdflatex (when installed).
#[test]
fn latex_report() {
    let (code, tex, err) = varan(&[
        "monodromy",
        "examples/bessel.vnet",
        "--model",
        "hypergeometric",
        "--format",
        "latex",
    ]);
    assert_eq!(code, 0, "{err}");
    assert!(!tex.contains("\\documentclass"));
    assert_eq!(tex.matches("\\begin{pmatrix}").count(), 3, "{tex}");
    for needle in [
        "M_\\infty",
        "M_{0} =",
        "M_{1} =",
        "\\pm",
        "\\times10^{",
        "passed",
        "M_\\infty M_{1} M_{0} = I",
    ] {
        assert!(tex.contains(needle), "missing {needle}:\n{tex}");
    }
    assert!(tex.is_ascii(), "the report must be plain ASCII for pdflatex");
    if Command::new("pdflatex").arg("--version").output().is_err() {
        eprintln!("pdflatex not found: skipping the LaTeX compile test");
        return;
    }
    let dir = TempDir::new("latex");
    for (name, args) in [
        ("hyp", vec!["examples/bessel.vnet", "--model", "hypergeometric"]),
        ("system", vec!["examples/bessel.vnet", "--model", "hypergeometric_system"]),
        ("airy", vec!["examples/bessel.vnet", "--model", "airy"]),
        ("hh", vec!["examples/henon_heiles.vnet"]),
    ] {
        let out = dir.path(&format!("{name}.tex"));
        let mut all = vec!["monodromy"];
        all.extend(&args);
        all.extend(["--format", "latex", "--standalone", "-o", &out]);
        let (code, _, err) = varan(&all);
        assert_eq!(code, 0, "{name}: {err}");
        let run = Command::new("pdflatex")
            .args(["-interaction=nonstopmode", "-halt-on-error", &format!("{name}.tex")])
            .current_dir(&dir.0)
            .output()
            .expect("pdflatex runs");
        assert!(run.status.success(), "{name}: {}", String::from_utf8_lossy(&run.stdout));
    }
}

/// A small well-formedness check: every tag closed in order, attributes quoted.
fn balanced(svg: &str) -> Result<(), String> {
    let mut stack: Vec<String> = Vec::new();
    let mut rest = svg;
    while let Some(start) = rest.find('<') {
        let after = &rest[start + 1..];
        let end = after.find('>').ok_or("unterminated tag")?;
        let tag = &after[..end];
        rest = &after[end + 1..];
        if tag.starts_with('?') || tag.starts_with('!') {
            continue;
        }
        if tag.matches('"').count() % 2 != 0 {
            return Err(format!("unbalanced quotes in <{tag}>"));
        }
        if let Some(name) = tag.strip_prefix('/') {
            match stack.pop() {
                Some(open) if open == name.trim() => {}
                other => return Err(format!("</{name}> closes {other:?}")),
            }
        } else if !tag.ends_with('/') {
            let name = tag.split_whitespace().next().ok_or("empty tag")?;
            stack.push(name.to_string());
        }
    }
    if stack.is_empty() {
        Ok(())
    } else {
        Err(format!("unclosed {stack:?}"))
    }
}

/// `--plot` writes an SVG with one path per loop (the lassos and the loop for M_∞), the
/// singular points labelled with their exact values, and the base point.
#[test]
fn svg_plot() {
    let dir = TempDir::new("plot");
    for (name, args, labels) in [
        ("hyp", vec!["examples/bessel.vnet", "--model", "hypergeometric"], vec!["0", "1"]),
        ("hh", vec!["examples/henon_heiles.vnet", "--block", "1"], vec!["-1", "0"]),
    ] {
        let out = dir.path(&format!("{name}.svg"));
        let mut all = vec!["monodromy"];
        all.extend(&args);
        all.extend(["--plot", &out]);
        let (code, text, err) = varan(&all);
        assert_eq!(code, 0, "{name}: {err}");
        assert!(text.contains("self-checks"), "the text report is still printed");
        let svg = std::fs::read_to_string(&out).expect("the plot was written");
        assert!(
            svg.starts_with("<?xml") && svg.contains("<svg xmlns=\"http://www.w3.org/2000/svg\"")
        );
        balanced(&svg).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(svg.matches("<path class=\"loop\"").count(), labels.len(), "{name}");
        assert_eq!(svg.matches("<path class=\"loop infinity\"").count(), 1, "{name}");
        assert_eq!(svg.matches("<path ").count(), labels.len() + 1, "{name}");
        assert!(svg.contains("stroke-dasharray"), "the loop for M_inf is dashed");
        assert_eq!(svg.matches("class=\"singular\"").count(), labels.len());
        assert!(svg.matches("class=\"arrow\"").count() >= 4 * labels.len());
        for l in labels {
            let labelled = svg.lines().any(|line| {
                line.starts_with("<text class=\"label\"") && line.ends_with(&format!(">{l}</text>"))
            });
            assert!(labelled, "{name}: no label {l}");
        }
        assert!(svg.contains(">b</text>") && svg.contains("class=\"base\""));
    }
}

/// An unwritable `--plot` path is an input error (exit 2) with the path in the message.
#[test]
fn bad_plot_path() {
    let dir = TempDir::new("bad");
    let bad = dir.path("no-such-dir/plot.svg");
    let (code, out, err) =
        varan(&["monodromy", "examples/bessel.vnet", "--model", "hypergeometric", "--plot", &bad]);
    assert_eq!(code, 2, "{err}");
    assert!(err.starts_with("error: cannot write") && err.contains("plot.svg"), "{err}");
    assert!(out.is_empty(), "nothing is printed when the plot cannot be written: {out}");
    assert!(!err.contains("panicked"));
}

/// `--digits 30`: every entry printed with its extended-precision ball, and the extended
/// checks — det M_p against the closed form exp(2πi·Res_p tr A) and the product of the
/// local monodromies against the loop around all points — pass with radii ≤ 1e-30; more
/// than 32 digits is an input error.
#[test]
fn thirty_digits() {
    let (code, out, err) = varan(&[
        "monodromy",
        "examples/bessel.vnet",
        "--model",
        "hypergeometric",
        "--digits",
        "30",
        "--format",
        "json",
    ]);
    assert_eq!(code, 0, "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).expect("json");
    let local = v["local"].as_array().expect("local");
    assert!(!local.is_empty());
    for l in local {
        let d = l["digits"].as_array().expect("digits present");
        assert_eq!(d.len(), 2);
    }
    assert!(v["infinity"]["digits"].is_array());
    let ext: Vec<&serde_json::Value> = v["checks"]
        .as_array()
        .expect("checks")
        .iter()
        .filter(|c| c["name"].as_str().is_some_and(|n| n.contains("digits)")))
        .collect();
    assert!(ext.len() >= 2, "{ext:?}");
    for c in ext {
        assert_eq!(c["passed"], true);
        let dec = c["decimal"].as_str().expect("decimal");
        // the radius printed after ± is at most 1e-30
        let rad: f64 = dec
            .split('±')
            .nth(1)
            .and_then(|r| r.split_whitespace().next())
            .and_then(|r| r.parse().ok())
            .expect("radius");
        assert!(rad <= 1e-30, "{dec}");
    }
    // det M at 0 = −i to 30 digits
    let (_, text, _) = varan(&[
        "monodromy",
        "examples/bessel.vnet",
        "--model",
        "hypergeometric",
        "--digits",
        "30",
    ]);
    assert!(text.contains("det M at 0 (32 digits)"), "{text}");
    let (code, _, err) = varan(&[
        "monodromy",
        "examples/bessel.vnet",
        "--model",
        "hypergeometric",
        "--digits",
        "40",
    ]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("at most 32"), "{err}");
}
