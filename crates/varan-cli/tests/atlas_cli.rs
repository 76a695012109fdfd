//! `varan atlas` and `varan flow` from the command line: the JSON documents against the
//! mathematics of the examples (the origin of the linear scalar network is a saddle of
//! exact index 2, Hess L = −5·[[0, 1], [1, 0]] per unit; u² − v² is conserved by the
//! gradient flow of (uv − 1)²/2), the SVG figure (well-formed XML: every tag closed, one
//! polyline, one mark per plateau) and bad input (exit code 2 with a message).

mod support;

use support::varan;

use serde_json::Value;

fn json(args: &[&str]) -> Value {
    let mut all = args.to_vec();
    all.extend(["--format", "json"]);
    let (code, out, err) = varan(&all);
    assert_eq!(code, 0, "{args:?}: {err}");
    serde_json::from_str(&out).expect("json")
}

#[test]
fn atlas_json_of_the_linear_scalar_network() {
    let a = json(&["atlas", "examples/atlas.vnet", "--model", "linear_scalar"]);
    assert_eq!(a["schema"], "varan.atlas/1");
    assert_eq!(a["output_weights"], serde_json::json!(["a"]));
    let fixed = a["fixed_points"].as_array().expect("fixed points");
    let origin = fixed
        .iter()
        .find(|p| p["values"].as_array().is_some_and(|v| v.iter().all(|x| x == 0.0)))
        .expect("the origin");
    assert_eq!(origin["critical"], "proven");
    assert_eq!(origin["inertia"], serde_json::json!([2, 0, 2]));
    assert_eq!(origin["label"], "saddle");
    assert_eq!(origin["exact_loss"], "5/2");
    // every listed fixed point is critical: ‖∇L‖ tiny
    for p in fixed {
        assert!(p["residual"].as_f64().expect("residual") < 1e-8, "{p}");
    }
    // the narrow origin has index 1
    let n = &a["narrow"]["critical_points"][0];
    assert_eq!((n["index"].as_u64(), n["label"].as_str()), (Some(1), Some("saddle")));
    let (code, text, _) = varan(&["atlas", "examples/atlas.vnet", "--model", "linear_scalar"]);
    assert_eq!(code, 0);
    assert!(text.contains("exact inertia: 2 negative, 0 zero, 2 positive"), "{text}");
}

#[test]
fn flow_keeps_u2_minus_v2() {
    let f = json(&[
        "flow",
        "examples/classics.vnet",
        "--model",
        "scalar_factorization",
        "--from",
        "u = 1/2, v = 3/2",
        "--until",
        "1",
        "--tol",
        "1e-12",
        "--conserved",
        "u^2 - v^2",
    ]);
    assert_eq!(f["schema"], "varan.flow/1");
    assert_eq!(f["reached"], 1.0);
    let c = f["conserved"]
        .as_array()
        .expect("conserved")
        .iter()
        .find(|c| c["source"] == "given")
        .expect("given")
        .clone();
    assert_eq!(c["exact"], "proven");
    assert!(c["max_drift"].as_f64().expect("drift") < 1e-10, "{c}");
}

/// Checks that every tag of `s` is closed in order (a small well-formedness test).
fn well_formed(s: &str) -> Result<usize, String> {
    let mut stack: Vec<String> = Vec::new();
    let mut count = 0;
    let mut rest = s;
    while let Some(i) = rest.find('<') {
        let j = rest[i..].find('>').ok_or("unclosed '<'")? + i;
        let tag = &rest[i + 1..j];
        rest = &rest[j + 1..];
        if tag.starts_with('?') || tag.starts_with('!') {
            continue;
        }
        count += 1;
        if let Some(name) = tag.strip_prefix('/') {
            let open = stack.pop().ok_or(format!("stray </{name}>"))?;
            if open != name.trim() {
                return Err(format!("<{open}> closed by </{name}>"));
            }
        } else if !tag.ends_with('/') {
            let name = tag.split_whitespace().next().ok_or("empty tag")?;
            stack.push(name.to_string());
        }
        if tag.matches('"').count() % 2 != 0 {
            return Err(format!("unbalanced quotes in <{tag}>"));
        }
    }
    if stack.is_empty() {
        Ok(count)
    } else {
        Err(format!("unclosed {stack:?}"))
    }
}

#[test]
fn flow_plot_is_well_formed_svg_with_the_plateaus_marked() {
    let dir = std::env::temp_dir().join(format!("varan-flow-plot-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let svg_path = dir.join("loss.svg");
    let svg_arg = svg_path.to_str().expect("utf-8 path").to_string();
    let from = "W1[1,1] = 1e-4, W1[1,2] = 7e-5, W1[2,1] = -4e-5, W1[2,2] = 9e-5, \
                W2[1,1] = 6e-5, W2[1,2] = -8e-5, W2[2,1] = 5e-5, W2[2,2] = 1e-4";
    let f = json(&[
        "flow",
        "examples/atlas.vnet",
        "--model",
        "linear_deep",
        "--from",
        from,
        "--until",
        "16",
        "--plot",
        &svg_arg,
    ]);
    let svg = std::fs::read_to_string(&svg_path).expect("svg written");
    let _ = std::fs::remove_dir_all(&dir);
    assert!(svg.starts_with("<?xml") && svg.contains("<svg"), "{svg}");
    well_formed(&svg).unwrap_or_else(|e| panic!("{e}\n{svg}"));
    assert_eq!(svg.matches("<polyline").count(), 1);
    let plateaus = f["plateaus"].as_array().expect("plateaus").len();
    assert!(plateaus >= 2);
    assert_eq!(svg.matches("<circle").count(), plateaus);
    // the plateau at loss 1/2 is the embedded width-1 minimum, a saddle of index 1
    assert!(svg.contains("saddle (index 1)"), "{svg}");
}

#[test]
fn bad_input_is_exit_code_2() {
    for (args, msg) in [
        (
            vec![
                "atlas",
                "examples/atlas.vnet",
                "--model",
                "linear_scalar",
                "--critical",
                "a1 = 1",
            ],
            "no value for w1",
        ),
        (
            vec!["atlas", "examples/atlas.vnet", "--model", "linear_scalar", "--unit", "7"],
            "there is no unit '7'",
        ),
        (vec!["atlas", "examples/henon_heiles.vnet"], "is not a model"),
        (
            vec!["atlas", "examples/atlas.vnet", "--model", "linear_scalar", "--format", "latex"],
            "not latex",
        ),
        (
            vec![
                "flow",
                "examples/classics.vnet",
                "--model",
                "scalar_factorization",
                "--from",
                "u = 1",
                "--until",
                "1",
            ],
            "no value for v",
        ),
        (
            vec![
                "flow",
                "examples/classics.vnet",
                "--model",
                "scalar_factorization",
                "--from",
                "u = 1, v = 1",
                "--until",
                "-1",
            ],
            "positive finite time",
        ),
        (
            vec![
                "flow",
                "examples/classics.vnet",
                "--model",
                "scalar_factorization",
                "--from",
                "u = 1, v = 1",
                "--until",
                "1",
                "--conserved",
                "u + z",
            ],
            "not a state variable",
        ),
    ] {
        let (code, _, err) = varan(&args);
        assert_eq!(code, 2, "{args:?}: {err}");
        assert!(err.contains(msg), "{args:?}: {err}");
    }
}
