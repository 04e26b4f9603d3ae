//! `typed-cfn import` as a user runs it: the crate it writes, what it prints next to the files,
//! and its refusals.

use std::path::{Path, PathBuf};
use std::process::Command;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap().to_path_buf()
}

fn scratch(name: &str) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(format!("import-cli-{}", std::process::id())).join(name);
    let _ = std::fs::remove_dir_all(&dir);
    // The folder the test's outputs go into exists; the output itself does not yet.
    std::fs::create_dir_all(dir.parent().unwrap()).unwrap();
    dir
}

fn import(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_typed-cfn")).arg("import").args(args).current_dir(root()).output().unwrap()
}

#[test]
fn writes_a_crate_with_the_services_it_needs_and_says_it_compiles() {
    let out = scratch("fixed");
    let checkout = root();
    let output = import(&[
        "tests/input/seeds/000-fixed.yaml",
        "--out",
        out.to_str().unwrap(),
        "--path",
        checkout.to_str().unwrap(),
    ]);
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(stdout.contains("(features: kms, logs)"), "{stdout}");
    assert!(stdout.contains("the program compiles"), "{stdout}");
    let manifest = std::fs::read_to_string(out.join("Cargo.toml")).unwrap();
    assert!(
        manifest.contains(&format!(
            "typed-cfn = {{ path = {:?}, default-features = false, features = [\"kms\", \"logs\", \"serde_json\"] }}",
            checkout.display().to_string()
        )),
        "{manifest}"
    );
    let main = std::fs::read_to_string(out.join("src/main.rs")).unwrap();
    assert!(main.contains(".kms_key_id(encryption_key.arn())"), "{main}");
    assert!(main.contains(".grant_logs(LogsGrant::account_wide())"), "{main}");
    assert!(main.contains("fn main()"), "{main}");
}

#[test]
fn a_relative_checkout_is_written_as_an_absolute_path() {
    let out = scratch("relative");
    let output = import(&["tests/input/seeds/000-fixed.yaml", "--out", out.to_str().unwrap(), "--path", "."]);
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let manifest = std::fs::read_to_string(out.join("Cargo.toml")).unwrap();
    let checkout = std::fs::canonicalize(root()).unwrap();
    assert!(manifest.contains(&format!("path = {:?}", checkout.display().to_string())), "{manifest}");
}

#[test]
fn says_which_findings_the_compiler_will_report() {
    let out = scratch("broken.rs");
    let output = import(&["tests/input/seeds/000-broken.yaml", "--module", "--out", out.to_str().unwrap()]);
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(stdout.contains("the program will not compile: 2 finding(s)"), "{stdout}");
    assert!(stdout.contains("EncryptionKey: `service_principal!` refuses `logs.amazonaws.com`"), "{stdout}");
    assert!(stdout.contains("FlowLogsLogGroup: `this KMS key's policy lacks the LogsGrant statement`"), "{stdout}");
    let module = std::fs::read_to_string(&out).unwrap();
    assert!(module.contains("pub fn template() -> Template"), "{module}");
    assert!(!module.contains("fn main()"), "a module, not a program");
}

#[test]
fn refuses_what_it_cannot_read_and_writes_nothing() {
    let out = scratch("none");
    let output = import(&["Cargo.toml", "--out", out.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("the template could not be read"));
    assert!(!out.exists());
    let output = import(&["a.yaml", "b.yaml"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("one template at a time"));
}
