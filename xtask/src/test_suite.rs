//! `cargo xtask test`: the whole test suite on a fresh machine.
//!
//! Installs the pinned cfn-lint into `.venv` (once), then runs `cargo test --workspace` with
//! `CFN_LINT` pointing at it, so the lint tests never depend on what a machine happens to have.

use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};

const CFN_LINT_VERSION: &str = "cfn-lint 1.58.0";

/// Runs the suite; the exit code is cargo test's.
pub fn run(root: &Path, extra_args: &[String]) -> Result<ExitCode, String> {
    let cfn_lint = ensure_cfn_lint(root)?;
    eprintln!("xtask test: using {} ({CFN_LINT_VERSION})", cfn_lint.display());
    let status = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned()))
        .current_dir(root)
        .args(["test", "--workspace"])
        .args(extra_args)
        .env("CFN_LINT", &cfn_lint)
        .status()
        .map_err(|e| format!("could not run cargo test: {e}"))?;
    Ok(if status.success() { ExitCode::SUCCESS } else { ExitCode::FAILURE })
}

/// The pinned cfn-lint in `<root>/.venv`, installed if missing or of another version.
fn ensure_cfn_lint(root: &Path) -> Result<PathBuf, String> {
    let venv = root.join(".venv");
    let exe = venv.join("bin/cfn-lint");
    if version_of(&exe).as_deref() == Some(CFN_LINT_VERSION) {
        return Ok(exe);
    }
    eprintln!("xtask test: installing {CFN_LINT_VERSION} into {}", venv.display());
    let python = std::env::var("PYTHON").unwrap_or_else(|_| "python3".to_owned());
    run_checked(Command::new(&python).args(["-m", "venv"]).arg(&venv), "create the virtualenv (is python3-venv installed?)")?;
    let requirements = root.join("xtask/cfn-lint-requirements.txt");
    run_checked(
        Command::new(venv.join("bin/pip"))
            .args(["install", "--quiet", "--disable-pip-version-check", "--require-virtualenv", "-r"])
            .arg(&requirements),
        "install cfn-lint from PyPI",
    )?;
    match version_of(&exe) {
        Some(v) if v == CFN_LINT_VERSION => Ok(exe),
        other => Err(format!("installed cfn-lint reports {other:?}, expected {CFN_LINT_VERSION}")),
    }
}

fn version_of(exe: &Path) -> Option<String> {
    let out = Command::new(exe).arg("--version").output().ok()?;
    out.status.success().then(|| String::from_utf8_lossy(&out.stdout).trim().to_owned())
}

fn run_checked(command: &mut Command, what: &str) -> Result<(), String> {
    let status = command.status().map_err(|e| format!("could not {what}: {e}"))?;
    if status.success() { Ok(()) } else { Err(format!("could not {what}: {status}")) }
}
