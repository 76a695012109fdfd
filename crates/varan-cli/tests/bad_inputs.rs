//! Every malformed input under `tests/bad/` must be rejected with exit code 2 and a
//! diagnostic that points where the fixture's first line says:
//!
//! ```text
//! # error: LINE:COL MESSAGE-SUBSTRING
//! ```
//!
//! The first rendered diagnostic must be located at `FILE:LINE:COL` and its `error:` line
//! must contain the substring; the whole stderr is also kept as an insta snapshot.

use std::path::{Path, PathBuf};
use std::process::Command;

/// The workspace root (the binary runs there, so paths in diagnostics are relative).
fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// What a fixture's header declares.
struct Expected {
    line: usize,
    col: usize,
    message: String,
}

fn parse_header(name: &str, src: &str) -> Expected {
    let first = src.lines().next().unwrap_or_default().trim_end_matches('\r');
    let rest = first
        .strip_prefix("# error: ")
        .unwrap_or_else(|| panic!("{name}: the first line must be `# error: LINE:COL MESSAGE`"));
    let (loc, message) = rest
        .split_once(' ')
        .unwrap_or_else(|| panic!("{name}: header needs `LINE:COL MESSAGE`, found {rest:?}"));
    let (line, col) = loc
        .split_once(':')
        .unwrap_or_else(|| panic!("{name}: location must be LINE:COL, found {loc:?}"));
    let num = |s: &str| -> usize {
        s.parse().unwrap_or_else(|_| panic!("{name}: bad number {s:?} in header location"))
    };
    let message = message.trim().to_string();
    assert!(!message.is_empty(), "{name}: the header's message substring is empty");
    Expected { line: num(line), col: num(col), message }
}

/// The fixtures, sorted by name.
fn fixtures() -> Vec<String> {
    let dir = workspace_root().join("tests/bad");
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("cannot list tests/bad: {e}"))
        .map(|entry| entry.expect("directory entry").file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".vnet"))
        .collect();
    names.sort();
    names
}

#[test]
fn there_are_enough_fixtures() {
    let n = fixtures().len();
    assert!(n >= 20, "expected at least 20 fixtures in tests/bad, found {n}");
}

#[test]
fn every_snapshot_has_a_fixture() {
    let fixtures = fixtures();
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/snapshots");
    let Ok(entries) = std::fs::read_dir(&dir) else { return };
    for entry in entries {
        let file = entry.expect("directory entry").file_name().to_string_lossy().into_owned();
        if let Some(name) = file.strip_prefix("bad_inputs__").and_then(|f| f.strip_suffix(".snap"))
        {
            assert!(
                fixtures.contains(&format!("{name}.vnet")),
                "snapshot {file} belongs to no tests/bad/{name}.vnet; delete it"
            );
        }
    }
}

#[test]
fn bad_inputs_are_rejected_with_located_diagnostics() {
    let root = workspace_root();
    let mut failures = Vec::new();
    let mut snapshots = Vec::new();
    for file in fixtures() {
        let rel = format!("tests/bad/{file}");
        let name = file.trim_end_matches(".vnet").to_string();
        let src = std::fs::read_to_string(root.join(&rel)).expect("read fixture");
        let want = parse_header(&name, &src);

        let out = Command::new(env!("CARGO_BIN_EXE_varan"))
            .current_dir(&root)
            .args(["derive", &rel])
            .output()
            .expect("run varan");
        let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
        let stdout = String::from_utf8_lossy(&out.stdout).into_owned();

        let mut problems = Vec::new();
        if out.status.code() != Some(2) {
            problems.push(format!("exit code {:?}, expected 2", out.status.code()));
        }
        if !stdout.is_empty() {
            problems.push(format!("stdout is not empty:\n{stdout}"));
        }
        let location = format!("{rel}:{}:{}", want.line, want.col);
        if !stderr.contains(&location) {
            problems.push(format!("stderr does not contain {location}"));
        }
        // the first diagnostic is the one the header describes
        let first_at = stderr.lines().find_map(|l| l.trim_start().strip_prefix("--> "));
        if first_at != Some(location.as_str()) {
            problems.push(format!("first diagnostic is at {first_at:?}, expected {location}"));
        }
        let first_error = stderr.lines().find(|l| l.starts_with("error: "));
        if !first_error.is_some_and(|l| l.contains(&want.message)) {
            problems.push(format!(
                "first error line {first_error:?} does not contain {:?}",
                want.message
            ));
        }
        let caret = stderr.lines().any(|l| {
            l.split_once(" | ").is_some_and(|(gutter, text)| {
                gutter.trim().is_empty() && text.trim_start().starts_with('^')
            })
        });
        if !caret {
            problems.push("no caret line".to_string());
        }
        if !problems.is_empty() {
            failures.push(format!("{rel}:\n  {}\n--- stderr ---\n{stderr}", problems.join("\n  ")));
        }
        snapshots.push((name, stderr));
    }
    assert!(
        failures.is_empty(),
        "{} fixture(s) failed:\n\n{}",
        failures.len(),
        failures.join("\n")
    );
    // the checks above say what is wrong; the snapshots keep the whole rendering stable
    for (name, stderr) in snapshots {
        insta::assert_snapshot!(name, stderr);
    }
}
