//! The compliance tools AWS users run, over every template the examples emit: checkov (pinned,
//! PyPI) reports 0 failed checks, and AWS Control Tower's guard rules (cfn-guard and the rules of
//! the npm package `@cdklabs/cdk-validator-cfnguard`, pinned) report nothing that is not
//! suppressed. A check that cannot apply is suppressed by the construct that causes it, with its
//! reason, in the resource's `Metadata`; `tests/expected/suppressions.txt` lists every one, so a
//! new suppression shows in review. `cargo xtask test` installs the tools.

mod common;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value as Json;

/// A tool `cargo xtask test` installs, by the variable that names it.
fn tool(variable: &str) -> PathBuf {
    std::env::var_os(variable).map(PathBuf::from).unwrap_or_else(|| {
        panic!("${variable} is not set: run the suite with `cargo xtask test`, which installs checkov and cfn-guard and sets it")
    })
}

/// The JSON outputs of the examples (cfn-guard reads YAML short-form tags as plain values, so it
/// gets the JSON form; each YAML output is the same template, as tests/cli.rs and tests/parse.rs
/// show).
fn json_outputs() -> Vec<PathBuf> {
    let mut files = common::files_in("examples/output", "json");
    // The PCI-DSS app's stacks; its manifest is not a template.
    files.extend(
        common::files_in("examples/output/pci_app", "json").into_iter().filter(|f| !f.ends_with("manifest.json")),
    );
    files
}

fn read(path: &Path) -> Json {
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

/// `(resource, key, id, reason)` for every suppression in the template's resources' `Metadata`:
/// checkov's `checkov.skip`, guard's `guard.SuppressedRules`, typed-cfn's own `typed-cfn.suppress`.
fn suppressions(template: &Json) -> Vec<(String, &'static str, String, String)> {
    let mut found = Vec::new();
    let Some(resources) = template["Resources"].as_object() else { return found };
    for (id, resource) in resources {
        let lists = [
            ("checkov", "skip", "id", "comment"),
            ("guard", "SuppressedRules", "id", "reason"),
            ("typed-cfn", "suppress", "rule", "reason"),
        ];
        for (tool, list, id_key, reason_key) in lists {
            for entry in resource["Metadata"][tool][list].as_array().into_iter().flatten() {
                let reason = entry[reason_key].as_str().unwrap_or_default().to_owned();
                found.push((id.clone(), tool, entry[id_key].as_str().unwrap_or_default().to_owned(), reason));
            }
        }
    }
    found
}

#[test]
fn checkov_reports_no_failed_check() {
    let checkov = tool("CHECKOV");
    let mut files = json_outputs();
    files.extend(common::files_in("examples/output", "yaml"));
    for file in files {
        let out = Command::new(&checkov)
            .args(["--framework", "cloudformation", "--output", "json", "--quiet", "--skip-download", "--file"])
            .arg(&file)
            .output()
            .expect("run checkov");
        let report: Json = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
            panic!("checkov's report on {} is not JSON ({e}): {}", file.display(), String::from_utf8_lossy(&out.stderr))
        });
        let failed = &report["results"]["failed_checks"];
        assert_eq!(report["summary"]["failed"], 0, "checkov on {}: {failed:#}", file.display());
        // What checkov skipped is what the template suppresses for it, nothing else.
        let json_form = file.with_extension("json");
        let skips = suppressions(&read(&json_form)).into_iter().filter(|(_, tool, _, _)| *tool == "checkov").count();
        assert_eq!(report["summary"]["skipped"], skips, "checkov's skipped checks on {}", file.display());
        // An app's stack can be small (the PCI app's keys stack holds one key).
        let least = if file.parent().is_some_and(|d| d.ends_with("pci_app")) { 1 } else { 6 };
        assert!(
            report["summary"]["passed"].as_u64().unwrap_or(0) >= least,
            "checkov ran no checks on {}",
            file.display()
        );
    }
}

#[test]
fn control_tower_guard_rules_report_nothing_unsuppressed() {
    let guard = tool("CFN_GUARD");
    let rules = tool("CFN_GUARD_RULES");
    for file in json_outputs() {
        let out = Command::new(&guard)
            .args(["validate", "--output-format", "json", "--show-summary", "none", "--structured", "--rules"])
            .arg(&rules)
            .arg("--data")
            .arg(&file)
            .output()
            .expect("run cfn-guard");
        let report: Json = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
            panic!(
                "cfn-guard's report on {} is not JSON ({e}): {}",
                file.display(),
                String::from_utf8_lossy(&out.stderr)
            )
        });
        let template = read(&file);
        let suppressed: BTreeSet<(String, String)> = suppressions(&template)
            .into_iter()
            .filter(|(_, tool, _, _)| *tool == "guard")
            .map(|(resource, _, id, _)| (resource, id))
            .collect();
        // Every failure is suppressed, and every suppression is of a failure (none is stale).
        let failures = guard_failures(&report);
        let unsuppressed: Vec<_> = failures.difference(&suppressed).collect();
        assert!(unsuppressed.is_empty(), "Control Tower rules fail on {}: {unsuppressed:?}", file.display());
        let stale: Vec<_> = suppressed.difference(&failures).collect();
        assert!(stale.is_empty(), "{} suppresses guard rules that do not fail: {stale:?}", file.display());
    }
}

/// `(resource, rule ID)` of each failure in cfn-guard's structured report: the rule ID is the
/// `[CT.…]` tag of the failing rule's message, the resource the `/Resources/<id>/` of its paths.
fn guard_failures(report: &Json) -> BTreeSet<(String, String)> {
    let mut failures = BTreeSet::new();
    for file in report.as_array().into_iter().flatten() {
        for rule in file["not_compliant"].as_array().into_iter().flatten() {
            let mut texts = Vec::new();
            strings(rule, &mut texts);
            let ids: BTreeSet<String> = texts
                .iter()
                .filter_map(|t| {
                    t.split_once("[CT.").map(|(_, rest)| format!("CT.{}", rest.split(']').next().unwrap_or_default()))
                })
                .collect();
            let resources: BTreeSet<String> = texts
                .iter()
                .flat_map(|t| t.match_indices("/Resources/").map(move |(i, _)| &t[i + "/Resources/".len()..]))
                .map(|rest| rest.split('/').next().unwrap_or_default().to_owned())
                .collect();
            for id in &ids {
                for resource in &resources {
                    failures.insert((resource.clone(), id.clone()));
                }
            }
        }
    }
    failures
}

fn strings(value: &Json, into: &mut Vec<String>) {
    match value {
        Json::String(s) => into.push(s.clone()),
        Json::Array(items) => items.iter().for_each(|v| strings(v, into)),
        Json::Object(map) => map.values().for_each(|v| strings(v, into)),
        _ => {}
    }
}

#[test]
fn every_suppression_has_its_reason_and_is_listed() {
    let mut listing = String::new();
    for file in json_outputs() {
        let name = file.strip_prefix(common::root().join("examples/output")).unwrap_or(&file).display().to_string();
        for (resource, tool, id, reason) in suppressions(&read(&file)) {
            assert!(
                !id.is_empty() && reason.len() > 20,
                "{name}: {resource} suppresses {tool} `{id}` without a reason"
            );
            listing.push_str(&format!("{name} {resource} {tool} {id}: {reason}\n"));
        }
    }
    common::assert_file("tests/expected/suppressions.txt", &listing);
}
