//! `cargo xtask test`: the whole test suite on a fresh machine.
//!
//! Installs the pinned tools once — cfn-lint into `.venv`, checkov into `.venv-checkov` (its
//! dependencies clash with cfn-lint's pins), cfn-guard with AWS Control Tower's rules from the
//! npm package `@cdklabs/cdk-validator-cfnguard` into `.tools/` (checked by sha256), cfn-lint's
//! own good templates from its PyPI source distribution into `.tools/` (checked by sha256),
//! cdk-nag with aws-cdk-lib and constructs from npm into `.tools/cdk-nag/` (`npm ci` of the
//! committed `xtask/cdk-nag/package-lock.json`, whose integrity hashes npm checks) — then runs
//! `cargo test --workspace` with `CFN_LINT`, `CHECKOV`, `CFN_GUARD`, `CFN_GUARD_RULES`,
//! `CFN_LINT_FIXTURES` and `CDK_NAG_MODULES` pointing at them, so the tool tests never depend on
//! what a machine happens to have. The HIPAA and PCI rule sets of AWS's guard rules registry are
//! committed (`xtask/guard-rules-registry/`) and run with the same cfn-guard.

use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};

const CFN_LINT_VERSION: &str = "cfn-lint 1.58.0";
const CHECKOV_VERSION: &str = "3.3.30";
/// The npm package that bundles cfn-guard and the Control Tower rules, and its tarball's sha256.
const CFN_GUARD_PACKAGE: &str = "@cdklabs/cdk-validator-cfnguard@0.0.62";
const CFN_GUARD_SHA256: &str = "660c14562d4c79d524d0623d80d494e41797acae9da23ecb10915d7f66ada80c";
/// cfn-lint's source distribution on PyPI (it ships the test templates the wheel does not), and
/// its sha256 (`pip download --no-deps --no-binary :all: cfn-lint==1.58.0`, 5,077,402 bytes).
const CFN_LINT_SDIST: &str = "cfn_lint-1.58.0.tar.gz";
const CFN_LINT_SDIST_SHA256: &str = "ba02cd7f7e06c8bc160936051a03ec931af52943fcc9cc72ad2748caa0f2a103";
/// The npm packages `xtask/cdk-nag/package-lock.json` pins, by name and version: `npm ci` installs
/// exactly these, and the installed copy is checked against them.
const CDK_NAG_PACKAGES: [(&str, &str); 3] =
    [("cdk-nag", "2.38.2"), ("aws-cdk-lib", "2.276.0"), ("constructs", "10.8.1")];
/// The folder of the sdist that the corpus test (`tests/corpus.rs`) reads.
const CFN_LINT_FIXTURES_IN_SDIST: &str = "cfn_lint-1.58.0/test/fixtures/templates/good";

/// Runs the suite; the exit code is cargo test's.
pub fn run(root: &Path, extra_args: &[String]) -> Result<ExitCode, String> {
    let cfn_lint = ensure_cfn_lint(root)?;
    eprintln!("xtask test: using {} ({CFN_LINT_VERSION})", cfn_lint.display());
    let checkov = ensure_checkov(root)?;
    eprintln!("xtask test: using {} (checkov {CHECKOV_VERSION})", checkov.display());
    let guard = ensure_cfn_guard(root)?;
    eprintln!("xtask test: using {} ({CFN_GUARD_PACKAGE})", guard.display());
    let fixtures = ensure_cfn_lint_fixtures(root, &cfn_lint)?;
    eprintln!("xtask test: using {} (cfn-lint 1.58.0's good templates)", fixtures.display());
    let cdk_nag = ensure_cdk_nag(root)?;
    eprintln!("xtask test: using {} (cdk-nag 2.38.2, aws-cdk-lib 2.276.0, constructs 10.8.1)", cdk_nag.display());
    let status = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned()))
        .current_dir(root)
        .args(["test", "--workspace"])
        .args(extra_args)
        .env("CFN_LINT", &cfn_lint)
        .env("CHECKOV", &checkov)
        // The SARIF schema test validates with `jsonschema`, pinned in checkov's requirements.
        .env("SARIF_PYTHON", checkov.with_file_name("python"))
        .env("CFN_GUARD", guard.join("bin/ubuntu/x86_64/cfn-guard"))
        .env("CFN_GUARD_RULES", guard.join("rules/control-tower/cfn-guard"))
        .env("CFN_LINT_FIXTURES", &fixtures)
        .env("CDK_NAG_MODULES", &cdk_nag)
        .status()
        .map_err(|e| format!("could not run cargo test: {e}"))?;
    Ok(if status.success() { ExitCode::SUCCESS } else { ExitCode::FAILURE })
}

/// A Python tool pinned by a requirements file, in a virtualenv of its own.
struct PythonTool {
    /// The virtualenv's folder under the root.
    venv: &'static str,
    /// The executable in its `bin/`.
    exe: &'static str,
    /// The requirements file under the root: the tool and every dependency, pinned.
    requirements: &'static str,
    /// What `<exe> --version` prints.
    version: &'static str,
}

const CFN_LINT: PythonTool = PythonTool {
    venv: ".venv",
    exe: "cfn-lint",
    requirements: "xtask/cfn-lint-requirements.txt",
    version: CFN_LINT_VERSION,
};
/// Its own virtualenv: checkov's dependencies clash with cfn-lint's pins.
const CHECKOV: PythonTool = PythonTool {
    venv: ".venv-checkov",
    exe: "checkov",
    requirements: "xtask/checkov-requirements.txt",
    version: CHECKOV_VERSION,
};

/// The pinned cfn-lint in `<root>/.venv`, installed if missing or of another version.
fn ensure_cfn_lint(root: &Path) -> Result<PathBuf, String> {
    ensure_python_tool(root, &CFN_LINT)
}

/// The pinned checkov in `<root>/.venv-checkov`, installed if missing or of another version.
fn ensure_checkov(root: &Path) -> Result<PathBuf, String> {
    ensure_python_tool(root, &CHECKOV)
}

fn ensure_python_tool(root: &Path, tool: &PythonTool) -> Result<PathBuf, String> {
    let venv = root.join(tool.venv);
    let exe = venv.join("bin").join(tool.exe);
    if version_of(&exe).as_deref() == Some(tool.version) {
        return Ok(exe);
    }
    eprintln!("xtask test: installing {} {} into {}", tool.exe, tool.version, venv.display());
    let python = std::env::var("PYTHON").unwrap_or_else(|_| "python3".to_owned());
    run_checked(
        Command::new(&python).args(["-m", "venv"]).arg(&venv),
        "create the virtualenv (is python3-venv installed?)",
    )?;
    run_checked(
        Command::new(venv.join("bin/pip"))
            .args(["install", "--quiet", "--disable-pip-version-check", "--require-virtualenv", "-r"])
            .arg(root.join(tool.requirements)),
        &format!("install {} from PyPI", tool.exe),
    )?;
    match version_of(&exe) {
        Some(v) if v == tool.version => Ok(exe),
        other => Err(format!("installed {} reports {other:?}, expected {}", tool.exe, tool.version)),
    }
}

/// The unpacked npm package with cfn-guard and the Control Tower rules, in `<root>/.tools/`:
/// fetched with `npm pack` (the package alone, not its CDK dependencies), its sha256 checked.
fn ensure_cfn_guard(root: &Path) -> Result<PathBuf, String> {
    let tools = root.join(".tools");
    let package = tools.join("cdk-validator-cfnguard-0.0.62");
    if package.join("bin/ubuntu/x86_64/cfn-guard").exists() {
        return Ok(package);
    }
    eprintln!("xtask test: fetching {CFN_GUARD_PACKAGE} into {}", tools.display());
    std::fs::create_dir_all(&tools).map_err(|e| format!("create {}: {e}", tools.display()))?;
    let out = Command::new("npm")
        .args(["pack", "--silent", CFN_GUARD_PACKAGE])
        .current_dir(&tools)
        .output()
        .map_err(|e| format!("could not run npm (Node.js is needed for cfn-guard's package): {e}"))?;
    if !out.status.success() {
        return Err(format!("npm pack {CFN_GUARD_PACKAGE} failed: {}", String::from_utf8_lossy(&out.stderr)));
    }
    let tarball = tools.join(String::from_utf8_lossy(&out.stdout).trim());
    let sum = Command::new("sha256sum").arg(&tarball).output().map_err(|e| format!("could not run sha256sum: {e}"))?;
    let sum = String::from_utf8_lossy(&sum.stdout);
    if sum.split_whitespace().next() != Some(CFN_GUARD_SHA256) {
        let _ = std::fs::remove_file(&tarball);
        return Err(format!("{} has sha256 {sum}, expected {CFN_GUARD_SHA256}", tarball.display()));
    }
    let unpacked = tools.join("unpacking");
    let _ = std::fs::remove_dir_all(&unpacked);
    std::fs::create_dir_all(&unpacked).map_err(|e| format!("create {}: {e}", unpacked.display()))?;
    run_checked(Command::new("tar").arg("-xzf").arg(&tarball).arg("-C").arg(&unpacked), "unpack cfn-guard's package")?;
    std::fs::rename(unpacked.join("package"), &package).map_err(|e| format!("move the package into place: {e}"))?;
    let _ = std::fs::remove_dir_all(&unpacked);
    let _ = std::fs::remove_file(&tarball);
    Ok(package)
}

/// cfn-lint 1.58.0's good templates in `<root>/.tools/cfn-lint-fixtures-1.58.0/good`: the
/// source distribution fetched by the pinned cfn-lint's own pip (PyPI, the package alone), its
/// sha256 checked, and only that folder unpacked. Returns the folder above `good/`.
fn ensure_cfn_lint_fixtures(root: &Path, cfn_lint: &Path) -> Result<PathBuf, String> {
    let tools = root.join(".tools");
    let fixtures = tools.join("cfn-lint-fixtures-1.58.0");
    if fixtures.join("good").is_dir() {
        return Ok(fixtures);
    }
    eprintln!("xtask test: fetching {CFN_LINT_SDIST} from PyPI for its test templates");
    let download = tools.join("cfn-lint-sdist");
    let _ = std::fs::remove_dir_all(&download);
    std::fs::create_dir_all(&download).map_err(|e| format!("create {}: {e}", download.display()))?;
    let pip = cfn_lint.with_file_name("pip");
    run_checked(
        Command::new(&pip)
            .args([
                "download",
                "--quiet",
                "--disable-pip-version-check",
                "--no-deps",
                "--no-binary",
                ":all:",
                "cfn-lint==1.58.0",
                "-d",
            ])
            .arg(&download),
        "download cfn-lint's source distribution from PyPI",
    )?;
    let tarball = download.join(CFN_LINT_SDIST);
    let sum = Command::new("sha256sum").arg(&tarball).output().map_err(|e| format!("could not run sha256sum: {e}"))?;
    let sum = String::from_utf8_lossy(&sum.stdout);
    if sum.split_whitespace().next() != Some(CFN_LINT_SDIST_SHA256) {
        let _ = std::fs::remove_dir_all(&download);
        return Err(format!("{} has sha256 {sum}, expected {CFN_LINT_SDIST_SHA256}", tarball.display()));
    }
    let unpacked = tools.join("unpacking-cfn-lint");
    let _ = std::fs::remove_dir_all(&unpacked);
    std::fs::create_dir_all(&unpacked).map_err(|e| format!("create {}: {e}", unpacked.display()))?;
    run_checked(
        Command::new("tar").arg("-xzf").arg(&tarball).arg("-C").arg(&unpacked).arg(CFN_LINT_FIXTURES_IN_SDIST),
        "unpack cfn-lint's test templates",
    )?;
    std::fs::create_dir_all(&fixtures).map_err(|e| format!("create {}: {e}", fixtures.display()))?;
    std::fs::rename(unpacked.join(CFN_LINT_FIXTURES_IN_SDIST), fixtures.join("good"))
        .map_err(|e| format!("move the templates into place: {e}"))?;
    let _ = std::fs::remove_dir_all(&unpacked);
    let _ = std::fs::remove_dir_all(&download);
    Ok(fixtures)
}

/// cdk-nag, aws-cdk-lib and constructs in `<root>/.tools/cdk-nag/node_modules`, installed with
/// `npm ci` from the committed `xtask/cdk-nag/package.json` and `package-lock.json` (npm checks
/// each package against the lock's integrity hash) when missing, of other versions, or installed
/// from another lock. Returns the `node_modules` folder, which the tests give node as `NODE_PATH`.
fn ensure_cdk_nag(root: &Path) -> Result<PathBuf, String> {
    let source = root.join("xtask/cdk-nag");
    let install = root.join(".tools/cdk-nag");
    let modules = install.join("node_modules");
    let lock = std::fs::read(source.join("package-lock.json"))
        .map_err(|e| format!("read xtask/cdk-nag/package-lock.json: {e}"))?;
    let installed_from = std::fs::read(install.join("package-lock.json")).ok();
    if installed_from.as_deref() == Some(lock.as_slice()) && installed_versions_match(&modules).is_ok() {
        return Ok(modules);
    }
    eprintln!("xtask test: installing cdk-nag with npm ci into {}", install.display());
    let _ = std::fs::remove_dir_all(&install);
    std::fs::create_dir_all(&install).map_err(|e| format!("create {}: {e}", install.display()))?;
    for file in ["package.json", "package-lock.json"] {
        std::fs::copy(source.join(file), install.join(file)).map_err(|e| format!("copy xtask/cdk-nag/{file}: {e}"))?;
    }
    run_checked(
        Command::new("npm").args(["ci", "--ignore-scripts", "--no-audit", "--no-fund"]).current_dir(&install),
        "install cdk-nag with npm ci (Node.js 18 or later is needed)",
    )?;
    installed_versions_match(&modules)?;
    Ok(modules)
}

/// Whether each package of [`CDK_NAG_PACKAGES`] is installed in `modules` at its version.
fn installed_versions_match(modules: &Path) -> Result<(), String> {
    for (name, version) in CDK_NAG_PACKAGES {
        let manifest = modules.join(name).join("package.json");
        let text = std::fs::read_to_string(&manifest).map_err(|e| format!("read {}: {e}", manifest.display()))?;
        let installed = serde_json::from_str::<serde_json::Value>(&text)
            .map_err(|e| format!("{} is not JSON: {e}", manifest.display()))?["version"]
            .as_str()
            .map(str::to_owned);
        if installed.as_deref() != Some(version) {
            return Err(format!("{} is {installed:?}, expected {version}", manifest.display()));
        }
    }
    Ok(())
}

fn version_of(exe: &Path) -> Option<String> {
    let out = Command::new(exe).arg("--version").output().ok()?;
    out.status.success().then(|| String::from_utf8_lossy(&out.stdout).trim().to_owned())
}

fn run_checked(command: &mut Command, what: &str) -> Result<(), String> {
    let status = command.status().map_err(|e| format!("could not {what}: {e}"))?;
    if status.success() { Ok(()) } else { Err(format!("could not {what}: {status}")) }
}
