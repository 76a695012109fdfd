//! Repository rules checked by `cargo test`: the crate layering of the house style (no
//! internal dependency outside the table, arrows never point back) and a `//!` module doc
//! opening every source file.

use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// Internal crates each crate may depend on (normal dependencies).
const LAYERS: [(&str, &[&str]); 7] = [
    ("varan-syntax", &[]),
    ("varan-algebra", &[]),
    ("varan-flow", &["varan-syntax", "varan-algebra"]),
    ("varan-numeric", &["varan-algebra"]),
    ("varan-galois", &["varan-algebra", "varan-numeric"]),
    ("varan", &["varan-syntax", "varan-algebra", "varan-flow", "varan-numeric", "varan-galois"]),
    ("varan-cli", &["varan"]),
];

/// The `[dependencies]` names of a manifest (not dev- or build-dependencies).
fn dependencies(manifest: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut in_deps = false;
    for line in manifest.lines() {
        let t = line.trim();
        if t.starts_with('[') {
            in_deps = t == "[dependencies]";
            continue;
        }
        if in_deps {
            if let Some((name, _)) = t.split_once(['=', '.']) {
                let name = name.trim();
                if !name.is_empty() && !name.starts_with('#') {
                    out.push(name.to_string());
                }
            }
        }
    }
    out
}

#[test]
fn crate_layering_follows_the_table() {
    let crates = root().join("crates");
    let mut seen = 0;
    for entry in std::fs::read_dir(&crates).expect("crates/ exists") {
        let dir = entry.expect("entry").path();
        let manifest = std::fs::read_to_string(dir.join("Cargo.toml")).expect("manifest");
        let name = dir.file_name().and_then(|n| n.to_str()).expect("utf-8 name").to_string();
        let allowed = LAYERS
            .iter()
            .find(|(n, _)| *n == name)
            .unwrap_or_else(|| panic!("crate {name} is not in the layering table of tidy.rs"))
            .1;
        for dep in dependencies(&manifest) {
            if dep.starts_with("varan") {
                assert!(allowed.contains(&dep.as_str()), "{name} must not depend on {dep}");
            }
        }
        seen += 1;
    }
    assert!(seen >= 7);
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let p = entry.path();
        if p.is_dir() {
            if p.file_name().is_some_and(|n| n != "target" && n != "snapshots") {
                rust_files(&p, out);
            }
        } else if p.extension().is_some_and(|e| e == "rs") {
            out.push(p);
        }
    }
}

#[test]
fn every_source_file_opens_with_a_module_doc() {
    let mut files = Vec::new();
    rust_files(&root().join("crates"), &mut files);
    assert!(files.len() > 10);
    let missing: Vec<String> = files
        .iter()
        .filter(|f| {
            let text = std::fs::read_to_string(f).unwrap_or_default();
            let first = text.lines().find(|l| !l.trim().is_empty()).unwrap_or("");
            !first.starts_with("//!") && !f.ends_with("mod.rs")
        })
        .map(|f| f.display().to_string())
        .collect();
    assert!(missing.is_empty(), "files without a //! module doc: {missing:?}");
}
