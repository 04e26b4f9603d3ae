//! Shared by the integration tests: the fixture templates, golden files, and the cfn-lint run.
#![allow(dead_code)]

pub mod fixtures;

use std::path::{Path, PathBuf};
use std::process::Command;

/// The workspace root.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Asserts that `actual` equals the committed file at `path` (relative to the root). With
/// `BLESS=1` the file is rewritten instead; review the diff.
#[track_caller]
pub fn assert_file(path: &str, actual: &str) {
    let full = root().join(path);
    if std::env::var_os("BLESS").is_some() {
        std::fs::create_dir_all(full.parent().unwrap()).unwrap();
        std::fs::write(&full, actual).unwrap();
        return;
    }
    let expected = std::fs::read_to_string(&full)
        .unwrap_or_else(|e| panic!("{path}: {e}; run with BLESS=1 to create it, then review it"));
    if expected != actual {
        panic!(
            "{path} differs from what the code emits; run with BLESS=1 to update it and review the diff\n--- committed\n{expected}\n--- emitted\n{actual}"
        );
    }
}

/// The cfn-lint executable: `$CFN_LINT`, or the one `cargo xtask test` installs in `.venv`.
pub fn cfn_lint() -> PathBuf {
    if let Some(path) = std::env::var_os("CFN_LINT") {
        return PathBuf::from(path);
    }
    let venv = root().join(".venv/bin/cfn-lint");
    assert!(
        venv.exists(),
        "cfn-lint 1.58.0 is not installed: run `cargo xtask test` (it installs cfn-lint into .venv), or set CFN_LINT"
    );
    venv
}

/// Runs cfn-lint 1.58.0 over `files` with every rule, informational ones included, and fails
/// with its findings if there are any.
pub fn assert_lint_clean(files: &[PathBuf]) {
    let exe = cfn_lint();
    let version = Command::new(&exe).arg("--version").output().expect("run cfn-lint --version");
    let version = String::from_utf8_lossy(&version.stdout);
    assert_eq!(version.trim(), "cfn-lint 1.58.0", "the pinned cfn-lint is 1.58.0");
    let out = Command::new(&exe)
        .args(["--format", "parseable", "--include-checks", "I", "--"])
        .args(files)
        .output()
        .expect("run cfn-lint");
    let findings = String::from_utf8_lossy(&out.stdout);
    let errors = String::from_utf8_lossy(&out.stderr);
    assert!(
        out.status.success() && findings.trim().is_empty(),
        "cfn-lint found problems (exit {:?}):\n{findings}{errors}",
        out.status.code()
    );
}

/// Writes `text` to `target/lint/<name>` and returns the path.
pub fn write_for_lint(name: &str, text: &str) -> PathBuf {
    let dir = root().join("target/lint");
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path
}

/// Files with the given extension under `dir` (relative to the root), sorted.
pub fn files_in(dir: &str, extension: &str) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(root().join(dir))
        .map(|entries| entries.filter_map(|e| e.ok().map(|e| e.path())).collect())
        .unwrap_or_default();
    files.retain(|p| p.extension().is_some_and(|e| e == extension));
    files.sort();
    files
}

/// Whether `path` exists relative to the root.
pub fn exists(path: &str) -> bool {
    Path::new(&root().join(path)).exists()
}

/// The final-template check's findings in `error`: (logical ID, rule ID), in the check's order.
pub fn findings(error: &typed_cfn::TemplateError) -> Vec<(String, &'static str)> {
    error
        .problems()
        .iter()
        .filter_map(|p| match p {
            typed_cfn::Problem::Finding(f) => Some((f.logical_id.clone(), f.rule.id())),
            _ => None,
        })
        .collect()
}

/// The error emitting `template` gives, kept equal to `tests/expected/refusals/<case>.txt` (the
/// message a user reads, committed as the compile-fail suite's `.stderr` are; `BLESS=1` rewrites).
#[track_caller]
pub fn refused(case: &str, template: &typed_cfn::Template) -> typed_cfn::TemplateError {
    let error = template.to_json().unwrap_err();
    assert_file(&format!("tests/expected/refusals/{case}.txt"), &format!("{error}\n"));
    error
}
