//! The `varan` command end to end: exit codes (0 success, 2 bad input), the three output
//! formats on every example, definition selection, `-o`, the JSON document's shape, and
//! (when pdflatex is installed) that the standalone LaTeX compiles.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::atomic::{AtomicUsize, Ordering};

use serde_json::Value;

/// The workspace root: the binary runs there, so example paths are relative.
fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn varan(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_varan"))
        .current_dir(workspace_root())
        .args(args)
        .output()
        .expect("run varan")
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// Asserts the exit code, showing both streams when it is wrong.
#[track_caller]
fn assert_code(o: &Output, code: i32, what: &str) {
    assert_eq!(
        o.status.code(),
        Some(code),
        "{what}: unexpected exit code\n--- stdout ---\n{}\n--- stderr ---\n{}",
        stdout(o),
        stderr(o)
    );
}

/// A fresh directory under the system's temp dir, removed on drop.
struct TempDir(PathBuf);

impl TempDir {
    fn new(label: &str) -> Self {
        static COUNTER: AtomicUsize = AtomicUsize::new(0);
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.subsec_nanos());
        let n = COUNTER.fetch_add(1, Ordering::Relaxed);
        let dir = std::env::temp_dir()
            .join(format!("varan-cli-{label}-{}-{n}-{nanos}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("create temp dir");
        TempDir(dir)
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// `examples/*.vnet` as relative paths, sorted, with the names of their definitions.
fn examples() -> Vec<(String, Vec<String>)> {
    let dir = workspace_root().join("examples");
    let mut files: Vec<String> = std::fs::read_dir(&dir)
        .expect("list examples")
        .map(|e| e.expect("directory entry").file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".vnet"))
        .collect();
    files.sort();
    assert!(!files.is_empty(), "no examples found");
    files
        .into_iter()
        .map(|f| {
            let rel = format!("examples/{f}");
            let src = std::fs::read_to_string(workspace_root().join(&rel)).expect("read example");
            let file = varan::syntax::parse_file(&src)
                .unwrap_or_else(|d| panic!("{rel} does not parse: {d:?}"));
            let names = file.items.iter().map(|i| i.name.name.clone()).collect();
            (rel, names)
        })
        .collect()
}

/// Checks the shape of a `varan.derive/1` document and returns it.
#[track_caller]
fn check_json(text: &str, what: &str) -> Value {
    let v: Value = serde_json::from_str(text).unwrap_or_else(|e| panic!("{what}: bad JSON: {e}"));
    assert_eq!(v["schema"], "varan.derive/1", "{what}: schema");
    assert!(v["model"].is_string(), "{what}: model");
    let kind = v["kind"].as_str().unwrap_or_else(|| panic!("{what}: kind is not a string"));
    assert!(["model", "system", "hamiltonian"].contains(&kind), "{what}: kind {kind}");
    let params = v["parameters"].as_array().unwrap_or_else(|| panic!("{what}: parameters"));
    assert!(!params.is_empty(), "{what}: no parameters");
    assert!(params.iter().all(Value::is_string), "{what}: parameters are strings");
    let field = v["vector_field"].as_array().unwrap_or_else(|| panic!("{what}: vector_field"));
    assert_eq!(field.len(), params.len(), "{what}: vector_field length");
    assert!(field.iter().all(Value::is_string), "{what}: vector_field entries are strings");
    let jac = v["jacobian"].as_array().unwrap_or_else(|| panic!("{what}: jacobian"));
    assert_eq!(jac.len(), params.len(), "{what}: jacobian rows");
    for row in jac {
        let row = row.as_array().unwrap_or_else(|| panic!("{what}: jacobian row"));
        assert_eq!(row.len(), params.len(), "{what}: jacobian is not square");
        assert!(row.iter().all(Value::is_string), "{what}: jacobian entries are strings");
    }
    let loss = v.get("loss").unwrap_or_else(|| panic!("{what}: no key loss"));
    if kind == "model" {
        assert!(loss.is_string(), "{what}: a model's loss must be a string, found {loss}");
    } else {
        assert!(loss.is_null(), "{what}: a {kind}'s loss must be null, found {loss}");
    }
    v
}

#[test]
fn single_definition_examples_derive_in_every_format() {
    let mut checked = 0;
    for (rel, names) in examples() {
        if names.len() != 1 {
            continue;
        }
        for format in ["text", "latex", "json"] {
            let o = varan(&["derive", &rel, "--format", format]);
            let what = format!("{rel} --format {format}");
            assert_code(&o, 0, &what);
            assert!(!stdout(&o).trim().is_empty(), "{what}: empty output");
            assert!(stderr(&o).is_empty(), "{what}: stderr not empty:\n{}", stderr(&o));
            if format == "json" {
                let v = check_json(&stdout(&o), &what);
                assert_eq!(v["model"], names[0].as_str(), "{what}: model name");
            }
            if format == "latex" {
                assert!(!stdout(&o).contains("\\documentclass"), "{what}: fragment expected");
            }
        }
        let o = varan(&["derive", &rel, "--format", "latex", "--standalone"]);
        assert_code(&o, 0, &format!("{rel} standalone"));
        assert!(stdout(&o).contains("\\documentclass"), "{rel}: standalone needs a preamble");
        assert!(stdout(&o).trim_end().ends_with("\\end{document}"), "{rel}: standalone end");
        checked += 1;
    }
    assert!(checked >= 5, "only {checked} single-definition examples found");
}

#[test]
fn classics_needs_a_model_name() {
    let rel = "examples/classics.vnet";
    let names = examples()
        .into_iter()
        .find(|(r, _)| r == rel)
        .map(|(_, n)| n)
        .expect("examples/classics.vnet exists");
    assert!(names.len() > 1, "classics.vnet should define several definitions");

    let o = varan(&["derive", rel]);
    assert_code(&o, 2, "classics without --model");
    assert!(stdout(&o).is_empty());
    let err = stderr(&o);
    assert!(err.contains("--model"), "the message should mention --model:\n{err}");
    for n in &names {
        assert!(err.contains(n.as_str()), "the message should list {n}:\n{err}");
    }

    for n in &names {
        for format in ["text", "latex", "json"] {
            let o = varan(&["derive", rel, "--model", n, "--format", format]);
            let what = format!("classics --model {n} --format {format}");
            assert_code(&o, 0, &what);
            if format == "json" {
                let v = check_json(&stdout(&o), &what);
                assert_eq!(v["model"], n.as_str(), "{what}: model name");
            }
        }
    }
}

#[test]
fn unknown_model_names_the_available_definitions() {
    let o = varan(&["derive", "examples/classics.vnet", "--model", "nosuch"]);
    assert_code(&o, 2, "--model nosuch");
    assert!(stdout(&o).is_empty());
    let err = stderr(&o);
    assert!(err.starts_with("error: "), "{err}");
    assert!(err.contains("nosuch"), "{err}");
    for n in ["quadratic_act", "quartic_softplus", "yang_mills", "scalar_factorization"] {
        assert!(err.contains(n), "the message should list {n}:\n{err}");
    }

    // also for a file with a single definition
    let o = varan(&["derive", "examples/lorenz.vnet", "--model", "nosuch"]);
    assert_code(&o, 2, "lorenz --model nosuch");
    assert!(stderr(&o).contains("lorenz"), "{}", stderr(&o));
}

#[test]
fn missing_file_is_an_input_error() {
    let o = varan(&["derive", "examples/does_not_exist.vnet"]);
    assert_code(&o, 2, "missing file");
    assert!(stdout(&o).is_empty());
    let err = stderr(&o);
    assert!(err.contains("cannot read"), "{err}");
    assert!(err.contains("examples/does_not_exist.vnet"), "{err}");
}

#[test]
fn empty_file_is_an_input_error() {
    let dir = TempDir::new("empty");
    let path = dir.0.join("empty.vnet");
    std::fs::write(&path, "# nothing here\n").expect("write");
    let o = varan(&["derive", path.to_str().expect("utf-8 path")]);
    assert_code(&o, 2, "empty file");
    assert!(stderr(&o).starts_with("error: "), "{}", stderr(&o));
}

#[test]
fn bad_command_lines_exit_2() {
    let o = varan(&["derive", "examples/lorenz.vnet", "--format", "pdf"]);
    assert_code(&o, 2, "--format pdf");
    let o = varan(&["derive"]);
    assert_code(&o, 2, "derive without a file");
    let o = varan(&["frobnicate"]);
    assert_code(&o, 2, "unknown subcommand");
}

#[test]
fn output_option_writes_the_file() {
    let dir = TempDir::new("output");
    for (format, name) in [("text", "out.txt"), ("json", "out.json"), ("latex", "out.tex")] {
        let out = dir.0.join(name);
        let out_str = out.to_str().expect("utf-8 temp path");
        let o =
            varan(&["derive", "examples/tanh_one_point.vnet", "--format", format, "-o", out_str]);
        assert_code(&o, 0, &format!("-o with {format}"));
        assert!(stdout(&o).is_empty(), "-o: nothing on stdout, found:\n{}", stdout(&o));
        let written = std::fs::read_to_string(&out).expect("-o wrote the file");
        let direct = varan(&["derive", "examples/tanh_one_point.vnet", "--format", format]);
        assert_eq!(written, stdout(&direct), "-o {format}: same text as on stdout");
    }
    // the long spelling
    let out = dir.0.join("long.json");
    let o = varan(&[
        "derive",
        "examples/lorenz.vnet",
        "--format",
        "json",
        "--output",
        out.to_str().expect("utf-8 temp path"),
    ]);
    assert_code(&o, 0, "--output");
    check_json(&std::fs::read_to_string(&out).expect("--output wrote the file"), "--output");

    // an unwritable destination is the user's problem, not an internal error
    let bad = dir.0.join("no/such/dir/out.txt");
    let o = varan(&["derive", "examples/lorenz.vnet", "-o", bad.to_str().expect("utf-8")]);
    assert_code(&o, 2, "-o into a missing directory");
    assert!(stderr(&o).contains("cannot write"), "{}", stderr(&o));
}

#[test]
fn json_snapshot_tanh_one_point() {
    let o = varan(&["derive", "examples/tanh_one_point.vnet", "--format", "json"]);
    assert_code(&o, 0, "json");
    let text = stdout(&o);
    let v = check_json(&text, "tanh_one_point json");
    assert_eq!(v["kind"], "model");
    assert_eq!(v["parameters"], serde_json::json!(["a", "w"]));
    assert_eq!(v["jacobian_symmetric"], true);
    insta::assert_snapshot!("tanh_one_point_json", text);
}

#[test]
fn json_of_systems_and_hamiltonians() {
    let o = varan(&["derive", "examples/lorenz.vnet", "--format", "json"]);
    assert_code(&o, 0, "lorenz json");
    let v = check_json(&stdout(&o), "lorenz");
    assert_eq!(v["kind"], "system");
    assert_eq!(v["parameters"], serde_json::json!(["x", "y", "z"]));
    assert!(v["loss"].is_null());

    let o = varan(&["derive", "examples/henon_heiles.vnet", "--format", "json"]);
    assert_code(&o, 0, "henon_heiles json");
    let v = check_json(&stdout(&o), "henon_heiles");
    assert_eq!(v["kind"], "hamiltonian");
    assert!(v["loss"].is_null());
    assert!(v["hamiltonian"].is_string());
}

#[test]
fn latex_snapshot_tanh_one_point() {
    let o = varan(&["derive", "examples/tanh_one_point.vnet", "--format", "latex", "--standalone"]);
    assert_code(&o, 0, "latex");
    insta::assert_snapshot!("tanh_one_point_latex_standalone", stdout(&o));
}

fn pdflatex_available() -> bool {
    Command::new("pdflatex").arg("--version").output().is_ok_and(|o| o.status.success())
}

#[test]
fn standalone_latex_compiles_with_pdflatex() {
    if !pdflatex_available() {
        eprintln!("skipping standalone_latex_compiles_with_pdflatex: pdflatex is not on PATH");
        return;
    }
    let dir = TempDir::new("pdflatex");
    for example in ["two_layer_4p", "henon_heiles"] {
        let tex = dir.0.join(format!("{example}.tex"));
        let o = varan(&[
            "derive",
            &format!("examples/{example}.vnet"),
            "--format",
            "latex",
            "--standalone",
            "-o",
            tex.to_str().expect("utf-8 temp path"),
        ]);
        assert_code(&o, 0, example);
        let out = Command::new("pdflatex")
            .current_dir(&dir.0)
            .args(["-interaction=nonstopmode", "-halt-on-error", &format!("{example}.tex")])
            .output()
            .expect("run pdflatex");
        assert!(
            out.status.success(),
            "pdflatex failed on {example}.tex:\n{}",
            String::from_utf8_lossy(&out.stdout)
        );
        assert!(dir.0.join(format!("{example}.pdf")).exists(), "{example}.pdf not produced");
    }
}

#[test]
fn help_shows_examples() {
    for args in [&["--help"][..], &["derive", "--help"][..], &["help", "derive"][..]] {
        let o = varan(args);
        assert_code(&o, 0, &format!("{args:?}"));
        assert!(stdout(&o).contains("Example"), "{args:?} should show an example:\n{}", stdout(&o));
    }
    let o = varan(&["--version"]);
    assert_code(&o, 0, "--version");
}
