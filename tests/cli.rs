//! The examples as a user runs them: flags, configs, and what happens when either is wrong (a
//! message naming the problem, a non-zero exit, and no file).
//!
//! `cargo test` at the root (or `cargo xtask test`) builds the examples package's examples next to
//! the test binaries (`target/<profile>/examples/`); `cargo test -p typed-cfn` alone does not.

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn example(name: &str) -> PathBuf {
    let deps = std::env::current_exe().unwrap().parent().unwrap().to_owned();
    let path = deps.parent().unwrap().join("examples").join(name);
    assert!(
        path.exists(),
        "{} is not built: run the tests with `cargo test` at the root or `cargo xtask test` (they build the examples package)",
        path.display()
    );
    path
}

fn run(name: &str, args: &[&str]) -> Output {
    Command::new(example(name)).args(args).current_dir(common::root()).output().unwrap()
}

fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("typed-cfn-cli-test-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(name);
    let _ = std::fs::remove_file(&path);
    path
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

#[test]
fn defaults_print_the_committed_json() {
    for name in ["pci_dss", "hipaa", "audit_trail", "event_pipeline", "quickstart"] {
        let output = run(name, &[]);
        assert!(output.status.success(), "{name}: {}", stderr(&output));
        let committed = std::fs::read_to_string(common::root().join(format!("examples/output/{name}.json"))).unwrap();
        assert_eq!(String::from_utf8(output.stdout).unwrap(), committed, "{name}");
    }
}

#[test]
fn a_config_file_and_out_file_give_the_committed_yaml() {
    let out = scratch("hipaa-postgresql.yaml");
    let output = run(
        "hipaa",
        &["--config", "examples/config/hipaa-postgresql.yaml", "--format", "yaml", "--out", out.to_str().unwrap()],
    );
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(output.stdout.is_empty(), "with --out nothing goes to standard output");
    let committed = std::fs::read_to_string(common::root().join("examples/output/hipaa-postgresql.yaml")).unwrap();
    assert_eq!(std::fs::read_to_string(&out).unwrap(), committed);
}

#[test]
fn the_config_schema_is_printed() {
    let output = run("pci_dss", &["--print-config-schema"]);
    assert!(output.status.success());
    let committed = std::fs::read_to_string(common::root().join("examples/config/pci-dss.schema.json")).unwrap();
    assert_eq!(String::from_utf8(output.stdout).unwrap(), committed);
}

fn assert_refused(name: &str, args: &[&str], out: &Path, message: &str) {
    let output = run(name, args);
    assert_eq!(output.status.code(), Some(2), "{name} {args:?} exits 2; stderr: {}", stderr(&output));
    assert!(stderr(&output).contains(message), "{name} {args:?}: expected {message:?} in {:?}", stderr(&output));
    assert!(!out.exists(), "{name} {args:?} wrote {}", out.display());
    assert!(output.stdout.is_empty(), "{name} {args:?} printed a template");
}

#[test]
fn bad_configs_are_refused_with_the_field_named_and_nothing_written() {
    let deep = format!("vpc_cidr: {}\n", "[".repeat(50_000));
    let cases: [(&str, &str, &str); 9] = [
        ("pci_dss", "log_retention_days: 90\n", "requirement 10.7"),
        ("pci_dss", "log_retention_days: 100\n", "is not a CloudWatch Logs retention"),
        // The field and its line, not the start of the file.
        (
            "pci_dss",
            "environment_suffix: dev\n# a comment\nlog_retention_days: 13\n",
            "`log_retention_days` (line 3): 13 days is not a CloudWatch Logs retention",
        ),
        (
            "pci_dss",
            "environment: production\nvpc_cidr: 10.0.0.0/33\n",
            "`vpc_cidr` (line 2): `10.0.0.0/33` is not an IPv4 CIDR block",
        ),
        ("pci_dss", &deep, "line 1 nests lists and mappings too deep to read"),
        ("pci_dss", "private_subnet_cidrs: [10.0.1.0/24, 10.9.0.0/24]\n", "is not inside the VPC's 10.0.0.0/16"),
        ("pci_dss", "environment_suffix: Prod\n", "a lowercase letter"),
        ("hipaa", "engine: oracle\n", "unknown variant `oracle`"),
        ("hipaa", "master_username: admin\n", "reserved by the engine"),
    ];
    for (i, (name, yaml, message)) in cases.into_iter().enumerate() {
        let config = scratch(&format!("bad-{i}.yaml"));
        std::fs::write(&config, yaml).unwrap();
        let out = scratch(&format!("bad-{i}.json"));
        assert_refused(name, &["--config", config.to_str().unwrap(), "--out", out.to_str().unwrap()], &out, message);
    }
    let typo = scratch("typo.yaml");
    std::fs::write(&typo, "log_retension_days: 365\n").unwrap();
    let out = scratch("typo.json");
    assert_refused(
        "pci_dss",
        &["--config", typo.to_str().unwrap(), "--out", out.to_str().unwrap()],
        &out,
        "unknown field `log_retension_days`",
    );
    let out = scratch("missing.json");
    assert_refused(
        "hipaa",
        &["--config", "no-such-file.yaml", "--out", out.to_str().unwrap()],
        &out,
        "cannot read no-such-file.yaml",
    );
}

#[test]
fn bad_flags_are_refused_with_the_usage() {
    let out = scratch("flags.json");
    assert_refused(
        "pci_dss",
        &["--format", "xml", "--out", out.to_str().unwrap()],
        &out,
        "use json, yaml or json-compact",
    );
    assert_refused("hipaa", &["--frobnicate"], &out, "unknown argument `--frobnicate`");
    assert_refused("quickstart", &["--config", "x.yaml"], &out, "this example has no config");
}

#[test]
fn reference_stacks_writes_both_stacks_in_both_formats() {
    let dir = scratch("stacks");
    let output = run("reference_stacks", &["--out-dir", dir.to_str().unwrap()]);
    assert!(output.status.success(), "{}", stderr(&output));
    for file in [
        "pci_dss.json",
        "pci_dss.yaml",
        "hipaa.json",
        "hipaa.yaml",
        "audit_trail.json",
        "audit_trail.yaml",
        "event_pipeline.json",
        "event_pipeline.yaml",
    ] {
        let committed = std::fs::read_to_string(common::root().join("examples/output").join(file)).unwrap();
        assert_eq!(std::fs::read_to_string(dir.join(file)).unwrap(), committed, "{file}");
    }
}

/// Runs an example with `stdout` as its standard output; returns its exit code and standard error.
fn run_into(name: &str, args: &[&str], stdout: impl Into<std::process::Stdio>) -> (Option<i32>, String) {
    let output = Command::new(example(name))
        .args(args)
        .current_dir(common::root())
        .stdout(stdout)
        .stderr(std::process::Stdio::piped())
        .output()
        .unwrap();
    (output.status.code(), stderr(&output))
}

#[cfg(target_os = "linux")]
#[test]
fn a_full_standard_output_is_one_line_and_a_failure() {
    for (name, args) in [
        ("pci_dss", &[][..]),
        ("quickstart", &["--help"][..]),
        ("pci_dss", &["--print-config-schema"][..]),
        ("reference_stacks", &["--out-dir", scratch("full-stacks").to_str().unwrap()][..]),
    ] {
        let full = std::fs::OpenOptions::new().write(true).open("/dev/full").unwrap();
        let (code, stderr) = run_into(name, args, full);
        assert_eq!(code, Some(1), "{name} {args:?}: {stderr}");
        assert!(
            stderr.contains("cannot write to standard output") && stderr.contains("free some space"),
            "{name}: {stderr}"
        );
        assert_eq!(stderr.lines().count(), 1, "{name}: {stderr}");
        assert!(!stderr.contains("panicked"), "{name}: {stderr}");
    }
}

#[test]
fn a_closed_pipe_ends_quietly() {
    for name in ["pci_dss", "quickstart"] {
        let (reader, writer) = std::io::pipe().unwrap();
        drop(reader);
        let (code, stderr) = run_into(name, &[], writer);
        assert_eq!(code, Some(0), "{name}: {stderr}");
        assert!(stderr.is_empty(), "{name}: {stderr}");
    }
}

#[test]
fn flags_given_twice_or_empty_are_refused() {
    let out = scratch("twice.json");
    let out = out.to_str().unwrap();
    assert_refused("pci_dss", &["--out", out, "--out", out], Path::new(out), "`--out` is given twice");
    assert_refused("pci_dss", &["--format", "yaml", "--format", "json"], Path::new(out), "`--format` is given twice");
    assert_refused(
        "hipaa",
        &["--config", "examples/config/hipaa-postgresql.yaml", "--config", "x.yaml", "--out", out],
        Path::new(out),
        "`--config` is given twice",
    );
    assert_refused("quickstart", &["--out", ""], Path::new(out), "`--out` needs a value, not an empty string");
    assert_refused(
        "reference_stacks",
        &["--out-dir", ""],
        Path::new(out),
        "`--out-dir` needs a value, not an empty string",
    );
    assert_refused(
        "reference_stacks",
        &["--out-dir", "a", "--out-dir", "b"],
        Path::new(out),
        "`--out-dir` is given twice",
    );
    assert_refused("pci_dss", &["--print-config-schema", "--format", "yaml"], Path::new(out), "the schema is JSON");
}

#[test]
fn the_config_schema_is_written_to_out() {
    let out = scratch("schema.json");
    let output = run("pci_dss", &["--print-config-schema", "--out", out.to_str().unwrap()]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(output.stdout.is_empty());
    let committed = std::fs::read_to_string(common::root().join("examples/config/pci-dss.schema.json")).unwrap();
    assert_eq!(std::fs::read_to_string(&out).unwrap(), committed);
}

#[cfg(unix)]
#[test]
fn out_through_a_symlink_keeps_the_link_and_the_mode() {
    use std::os::unix::fs::PermissionsExt;
    let target = scratch("private-target.json");
    std::fs::write(&target, "old").unwrap();
    std::fs::set_permissions(&target, std::fs::Permissions::from_mode(0o600)).unwrap();
    let link = scratch("link-to-private.json");
    std::os::unix::fs::symlink(&target, &link).unwrap();
    let output = run("quickstart", &["--out", link.to_str().unwrap()]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(std::fs::symlink_metadata(&link).unwrap().file_type().is_symlink());
    let committed = std::fs::read_to_string(common::root().join("examples/output/quickstart.json")).unwrap();
    assert_eq!(std::fs::read_to_string(&target).unwrap(), committed);
    assert_eq!(std::fs::metadata(&target).unwrap().permissions().mode() & 0o777, 0o600);
}

#[test]
fn reference_stacks_writes_all_or_nothing() {
    let dir = scratch("stacks-in-the-way");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let names = [
        "pci_dss.json",
        "pci_dss.yaml",
        "hipaa.json",
        "audit_trail.json",
        "audit_trail.yaml",
        "event_pipeline.json",
        "event_pipeline.yaml",
    ];
    for name in names {
        std::fs::write(dir.join(name), format!("old {name}")).unwrap();
    }
    // A directory where `hipaa.yaml` goes: that one cannot be written, so none is.
    std::fs::create_dir(dir.join("hipaa.yaml")).unwrap();
    let output = run("reference_stacks", &["--out-dir", dir.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    assert!(stderr(&output).contains("hipaa.yaml: it is a directory"), "{}", stderr(&output));
    assert!(output.stdout.is_empty(), "nothing was written, so nothing is listed");
    for name in names {
        assert_eq!(std::fs::read_to_string(dir.join(name)).unwrap(), format!("old {name}"), "{name}");
    }
    let mut left: Vec<String> =
        std::fs::read_dir(&dir).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
    left.sort();
    let mut expected: Vec<String> = names.iter().map(|n| (*n).to_owned()).chain(["hipaa.yaml".to_owned()]).collect();
    expected.sort();
    assert_eq!(left, expected, "no temporary is left");

    // Failing later, while staging: `hipaa.yaml` a link into a directory that does not exist, so
    // its temporary cannot be created after the first three files were staged.
    #[cfg(unix)]
    {
        std::fs::remove_dir(dir.join("hipaa.yaml")).unwrap();
        std::os::unix::fs::symlink("no-such-dir/hipaa.yaml", dir.join("hipaa.yaml")).unwrap();
        let output = run("reference_stacks", &["--out-dir", dir.to_str().unwrap()]);
        assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
        assert!(stderr(&output).contains("no file of the set was changed"), "{}", stderr(&output));
        for name in names {
            assert_eq!(std::fs::read_to_string(dir.join(name)).unwrap(), format!("old {name}"), "{name}");
        }
        let mut left: Vec<String> =
            std::fs::read_dir(&dir).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
        left.sort();
        assert_eq!(left, expected, "no temporary is left");
    }
}

#[cfg(target_os = "linux")]
#[test]
fn out_dev_stdout_appends_as_the_shell_opened_it() {
    // `quickstart --out /dev/stdout >> log`: the template follows what the log held.
    let log = scratch("appended.log");
    std::fs::write(&log, "first line\n").unwrap();
    let append = std::fs::OpenOptions::new().append(true).open(&log).unwrap();
    let (code, stderr) = run_into("quickstart", &["--out", "/dev/stdout"], append);
    assert_eq!(code, Some(0), "{stderr}");
    let committed = std::fs::read_to_string(common::root().join("examples/output/quickstart.json")).unwrap();
    assert_eq!(std::fs::read_to_string(&log).unwrap(), format!("first line\n{committed}"));
}

#[test]
fn the_pci_app_writes_the_committed_directory() {
    let dir = scratch("pci_app");
    let _ = std::fs::remove_dir_all(&dir);
    let output = run("pci_app", &["--out-dir", dir.to_str().unwrap()]);
    assert!(output.status.success(), "{}", stderr(&output));
    let committed = common::root().join("examples/output/pci_app");
    let mut names: Vec<String> =
        std::fs::read_dir(&committed).unwrap().map(|e| e.unwrap().file_name().into_string().unwrap()).collect();
    names.sort();
    let mut written: Vec<String> =
        std::fs::read_dir(&dir).unwrap().map(|e| e.unwrap().file_name().into_string().unwrap()).collect();
    written.sort();
    assert_eq!(written, names);
    for name in &names {
        assert_eq!(std::fs::read(dir.join(name)).unwrap(), std::fs::read(committed.join(name)).unwrap(), "{name}");
    }
    // A wrong flag: a message, exit 2, nothing written.
    let bad = scratch("pci_app_bad");
    let _ = std::fs::remove_dir_all(&bad);
    let output = run("pci_app", &["--out-dir", bad.to_str().unwrap(), "--format", "xml"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("`--format xml`: use json or yaml"), "{}", stderr(&output));
    assert!(!bad.exists());
}
