//! Shared by the command-line tests: run the `varan` binary from the repository root.

#![allow(dead_code)]

use std::path::PathBuf;
use std::process::Command;

/// The repository root (examples and fixtures are named relative to it).
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// Runs `varan ARGS` in the repository root: (exit code, stdout, stderr).
pub fn varan(args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_varan"))
        .args(args)
        .current_dir(root())
        .output()
        .expect("runs");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}
