//! The compliance tools AWS users run, over every template the examples emit, each run as a user
//! runs it and each reading the template's suppressions itself:
//!
//! - checkov (pinned, PyPI): 0 failed checks; what it skips is the template's `checkov.skip`.
//! - AWS's guard rules registry, the HIPAA Security and PCI DSS 3.2.1 rule sets (committed in
//!   `xtask/guard-rules-registry/` with their provenance), run with the suite's cfn-guard: no rule
//!   fails; the rules skip what `Metadata.guard.SuppressedRules` names.
//! - cdk-nag 2.38.2's `HIPAA.Security` and `PCI.DSS.321` packs, each template brought into CDK with
//!   `CfnInclude` (`xtask/cdk-nag/nag.js`): no finding is non-compliant; cdk-nag reports what
//!   `Metadata.cdk_nag.rules_to_suppress` names as suppressed, with its reason.
//! - AWS Control Tower's guard rules (cfn-guard and the rules of the npm package
//!   `@cdklabs/cdk-validator-cfnguard`, pinned), which read no suppression: what fails is exactly
//!   [`CONTROL_TOWER_EXCEPTIONS`], each with its reason.
//!
//! No suppression is stale: each names a finding the tool reports without it. The results, rule
//! by rule and stack by stack, are the tables of `docs/compliance/results/`, checked here (run with
//! `BLESS=1` to rewrite them, then review). `tests/expected/suppressions.txt` lists every
//! suppression, so a new one shows in review. `cargo xtask test` installs the tools.

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::{Value as Json, json};

/// A tool `cargo xtask test` installs, by the variable that names it. A missing tool fails the
/// test, on CI and everywhere else: a compliance claim is never skipped silently.
fn tool(variable: &str) -> PathBuf {
    std::env::var_os(variable).map(PathBuf::from).unwrap_or_else(|| {
        panic!(
            "${variable} is not set: run the suite with `cargo xtask test`, which installs checkov, cfn-guard and cdk-nag and sets it"
        )
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

/// `audit_trail.json`, `pci_app/data.json`: how the tables and lists name a template.
fn name_of(file: &Path) -> String {
    file.strip_prefix(common::root().join("examples/output")).unwrap_or(file).display().to_string()
}

fn read(path: &Path) -> Json {
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

/// A suppression written in a resource's `Metadata`, in the form its tool reads.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
struct Suppression {
    resource: String,
    /// `checkov`, `guard`, `cdk_nag` or `typed-cfn`.
    tool: &'static str,
    id: String,
    reason: String,
}

/// Every suppression in the template's resources' `Metadata`: checkov's `checkov.skip`
/// (`[{id, comment}]`), the guard rules registry's `guard.SuppressedRules` (rule names, with their
/// reasons in `guard.Reasons`), cdk-nag's `cdk_nag.rules_to_suppress` (`[{id, reason}]`) and
/// typed-cfn's own `typed-cfn.suppress` (`[{rule, reason}]`).
fn suppressions(template: &Json) -> Vec<Suppression> {
    let mut found = Vec::new();
    let Some(resources) = template["Resources"].as_object() else { return found };
    for (resource, body) in resources {
        let metadata = &body["Metadata"];
        let lists = [
            ("checkov", "skip", "id", "comment"),
            ("cdk_nag", "rules_to_suppress", "id", "reason"),
            ("typed-cfn", "suppress", "rule", "reason"),
        ];
        for (tool, list, id_key, reason_key) in lists {
            for entry in metadata[tool][list].as_array().into_iter().flatten() {
                found.push(Suppression {
                    resource: resource.clone(),
                    tool,
                    id: entry[id_key].as_str().unwrap_or_default().to_owned(),
                    reason: entry[reason_key].as_str().unwrap_or_default().to_owned(),
                });
            }
        }
        for name in metadata["guard"]["SuppressedRules"].as_array().into_iter().flatten() {
            let id = name.as_str().unwrap_or_else(|| {
                panic!("{resource}: guard.SuppressedRules holds {name}; the registry's rules read only rule names as strings")
            });
            found.push(Suppression {
                resource: resource.clone(),
                tool: "guard",
                id: id.to_owned(),
                reason: metadata["guard"]["Reasons"][id].as_str().unwrap_or_default().to_owned(),
            });
        }
    }
    found
}

fn of_tool<'a>(all: &'a [Suppression], tool: &'a str) -> impl Iterator<Item = &'a Suppression> + 'a {
    all.iter().filter(move |s| s.tool == tool)
}

/// What a table says of a rule that failed on `main` before a change to the stack and passes now:
/// `(tool's rule ID, template, the change)`. The tests check that each still passes there.
const FIXED: &[(&str, &str, &str)] = &[
    (
        "IAM_NO_INLINE_POLICY_CHECK",
        "audit_trail.json",
        "the role CloudTrail assumes to write its log group is given a customer-managed policy (AccountTrailLogsPolicy), not an inline one",
    ),
    (
        "IAMNoInlinePolicy",
        "audit_trail.json",
        "the role CloudTrail assumes to write its log group is given a customer-managed policy (AccountTrailLogsPolicy), not an inline one",
    ),
];

fn fixed(rule: &str, template: &str) -> Option<&'static str> {
    FIXED.iter().find(|(r, t, _)| *r == rule && *t == template).map(|(_, _, how)| *how)
}

/// A Markdown table cell: no `|`, no line breaks.
fn cell(text: &str) -> String {
    text.replace('|', "\\|").replace('\n', " ")
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
        let skips = of_tool(&suppressions(&read(&json_form)), "checkov").count();
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

/// cfn-guard's structured report of `rules` on `data` (one data file: one entry).
fn guard_report(rules: &Path, data: &Path) -> Json {
    let out = Command::new(tool("CFN_GUARD"))
        .args(["validate", "--output-format", "json", "--show-summary", "none", "--structured", "--rules"])
        .arg(rules)
        .arg("--data")
        .arg(data)
        .output()
        .expect("run cfn-guard");
    let report: Json = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!("cfn-guard's report on {} is not JSON ({e}): {}", data.display(), String::from_utf8_lossy(&out.stderr))
    });
    let mut files = report.as_array().cloned().unwrap_or_default();
    assert_eq!(files.len(), 1, "cfn-guard reported on one file: {report:#}");
    files.remove(0)
}

/// The names of a structured report's rules in one of `compliant`, `not_applicable`.
fn rule_names(report: &Json, list: &str) -> BTreeSet<String> {
    report[list].as_array().into_iter().flatten().filter_map(|r| r.as_str().map(str::to_owned)).collect()
}

/// `(rule name, resources named in its messages)` of each failing rule of a structured report.
fn guard_failures(report: &Json) -> Vec<(String, BTreeSet<String>)> {
    let mut failures = Vec::new();
    for rule in report["not_compliant"].as_array().into_iter().flatten() {
        let mut texts = Vec::new();
        strings(rule, &mut texts);
        let resources: BTreeSet<String> = texts
            .iter()
            .flat_map(|t| t.match_indices("/Resources/").map(move |(i, _)| &t[i + "/Resources/".len()..]))
            .map(|rest| rest.split(['/', '[']).next().unwrap_or_default().to_owned())
            .collect();
        failures.push((rule["Rule"]["name"].as_str().unwrap_or_default().to_owned(), resources));
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

/// The Control Tower rules that fail on a template and read no suppression, so they stay:
/// `(template, resource, rule ID, reason)`. `docs/compliance/results/control-tower.md` shows them.
const CONTROL_TOWER_EXCEPTIONS: &[(&str, &str, &str, &str)] = {
    const SELF_LOGGING: &str = "this bucket is the target of server access logs; logging its own access would log each log delivery, without end";
    const SSE_S3_ONLY: &str = "S3 server access logs are delivered only to a bucket with SSE-S3 default encryption (https://docs.aws.amazon.com/AmazonS3/latest/userguide/enable-server-access-logging.html); a KMS-encrypted target receives none";
    const TLS_FORM: &str = "the policy denies every request without TLS on the bucket and its objects; the rule recognises the objects' ARN only as Fn::Join, and this statement writes it as Fn::Sub (${Bucket.Arn}/*), the same ARN in the form cfn-lint asks for (I1022)";
    const DEAD_LETTERS: &str = "this queue is another queue's or a function's dead-letter queue: a dead-letter queue of its own would only move the same messages once more";
    const NO_VPC: &str = "the worker reads its queue and writes its log group through AWS endpoints and touches no private network resource; a VPC would add NAT or endpoints and no isolation";
    const IMPORTED_KEY: &str = "the key is DataKey of the app's keys stack, imported (Fn::ImportValue): the rule accepts only a literal ARN or a key of this template; typed-cfn's final-template check judged the key across the app's stacks";
    const IMPORTED_SUBNETS: &str = "the function runs in the private subnets of the app's network stack, imported (Fn::ImportValue): the rule accepts only subnets and security groups of this template";
    const NO_GENERAL_LOG: &str = "the general query log is not exported: it records every statement with its values, which would copy PHI into the logs; the audit log records who ran what (HIPAA 164.312(b)), and error and slow-query logs are exported too";
    &[
        ("audit_trail.json", "AccessLogBucket", "CT.S3.PR.2", SELF_LOGGING),
        ("audit_trail.json", "AccessLogBucket", "CT.S3.PR.10", SSE_S3_ONLY),
        ("audit_trail.json", "AccessLogBucketPolicy", "CT.S3.PR.8", TLS_FORM),
        ("audit_trail.json", "TrailBucketPolicy", "CT.S3.PR.8", TLS_FORM),
        ("event_pipeline.json", "AccessLogBucket", "CT.S3.PR.2", SELF_LOGGING),
        ("event_pipeline.json", "AccessLogBucket", "CT.S3.PR.10", SSE_S3_ONLY),
        ("event_pipeline.json", "AccessLogBucketPolicy", "CT.S3.PR.8", TLS_FORM),
        ("event_pipeline.json", "InboxPolicy", "CT.S3.PR.8", TLS_FORM),
        ("event_pipeline.json", "WorkDeadLetters", "CT.SQS.PR.1", DEAD_LETTERS),
        ("event_pipeline.json", "Worker", "CT.LAMBDA.PR.3", NO_VPC),
        ("hipaa.json", "DatabaseCluster", "CT.RDS.PR.25", NO_GENERAL_LOG),
        ("pci_dss.json", "AccessLogBucket", "CT.S3.PR.2", SELF_LOGGING),
        ("pci_dss.json", "AccessLogBucket", "CT.S3.PR.10", SSE_S3_ONLY),
        ("pci_dss.json", "AccessLogBucketPolicy", "CT.S3.PR.8", TLS_FORM),
        ("pci_dss.json", "DataBucketPolicy", "CT.S3.PR.8", TLS_FORM),
        ("pci_dss.json", "ProcessorDeadLetterQueue", "CT.SQS.PR.1", DEAD_LETTERS),
        ("quickstart.json", "AccessLogBucket", "CT.S3.PR.2", SELF_LOGGING),
        ("quickstart.json", "AccessLogBucket", "CT.S3.PR.10", SSE_S3_ONLY),
        ("quickstart.json", "AccessLogBucketPolicy", "CT.S3.PR.8", TLS_FORM),
        ("quickstart.json", "DataBucketPolicy", "CT.S3.PR.8", TLS_FORM),
        ("pci_app/data.json", "AccessLogBucket", "CT.S3.PR.2", SELF_LOGGING),
        ("pci_app/data.json", "AccessLogBucket", "CT.S3.PR.10", SSE_S3_ONLY),
        ("pci_app/data.json", "AccessLogBucketPolicy", "CT.S3.PR.8", TLS_FORM),
        ("pci_app/data.json", "DataBucketPolicy", "CT.S3.PR.8", TLS_FORM),
        ("pci_app/network.json", "FlowLogGroup", "CT.CLOUDWATCH.PR.3", IMPORTED_KEY),
        ("pci_app/processing.json", "ProcessorDeadLetterQueue", "CT.SQS.PR.1", DEAD_LETTERS),
        ("pci_app/processing.json", "ProcessorDeadLetterQueue", "CT.SQS.PR.2", IMPORTED_KEY),
        ("pci_app/processing.json", "ProcessorLogGroup", "CT.CLOUDWATCH.PR.3", IMPORTED_KEY),
        ("pci_app/processing.json", "Processor", "CT.LAMBDA.PR.3", IMPORTED_SUBNETS),
    ]
};

#[test]
fn control_tower_guard_rules_fail_only_on_the_listed_exceptions() {
    let rules = tool("CFN_GUARD_RULES");
    let mut doc = String::from(
        "# AWS Control Tower's guard rules, stack by stack\n\n\
         Generated by `tests/compliance_tools.rs` from cfn-guard's report (the rules of the npm package\n\
         `@cdklabs/cdk-validator-cfnguard@0.0.62`, [Control Tower's proactive controls](https://docs.aws.amazon.com/controltower/latest/controlreference/proactive-controls.html)).\n\
         These rules read no suppression: a rule that fails and cannot be made to pass is an\n\
         **exception**, listed with its reason in the test (`CONTROL_TOWER_EXCEPTIONS`) and here.\n\
         Rules on resource types a stack does not contain are not listed.\n",
    );
    for file in json_outputs() {
        let name = name_of(&file);
        let report = guard_report(&rules, &file);
        // `(resource, CT ID)` of each failure: the ID is the `[CT.…]` tag of the rule's message.
        let mut failures = BTreeSet::new();
        for rule in report["not_compliant"].as_array().into_iter().flatten() {
            let mut texts = Vec::new();
            strings(rule, &mut texts);
            let ids: BTreeSet<String> = texts
                .iter()
                .filter_map(|t| {
                    t.split_once("[CT.").map(|(_, rest)| format!("CT.{}", rest.split(']').next().unwrap_or_default()))
                })
                .collect();
            let (_, resources) = guard_failures(&json!({"not_compliant": [rule]})).remove(0);
            for id in &ids {
                for resource in &resources {
                    failures.insert((resource.clone(), id.clone()));
                }
            }
        }
        let expected: BTreeSet<(String, String)> = CONTROL_TOWER_EXCEPTIONS
            .iter()
            .filter(|(t, ..)| *t == name)
            .map(|(_, resource, id, _)| (resource.to_string(), id.to_string()))
            .collect();
        let unlisted: Vec<_> = failures.difference(&expected).collect();
        assert!(unlisted.is_empty(), "Control Tower rules fail on {name}: {unlisted:?}");
        let stale: Vec<_> = expected.difference(&failures).collect();
        assert!(stale.is_empty(), "{name}: listed Control Tower exceptions that do not fail: {stale:?}");

        doc.push_str(&format!("\n## {name}\n\n| rule | result |\n| --- | --- |\n"));
        for rule in rule_names(&report, "compliant") {
            doc.push_str(&format!("| {rule} | pass |\n"));
        }
        for (_, resource, id, reason) in CONTROL_TOWER_EXCEPTIONS.iter().filter(|(t, ..)| *t == name) {
            doc.push_str(&format!("| {id} | exception on {resource}: {} |\n", cell(reason)));
        }
    }
    common::assert_file("docs/compliance/results/control-tower.md", &doc);
}

/// The committed rule sets of AWS's guard rules registry.
fn registry(pack: &str) -> PathBuf {
    common::root().join("xtask/guard-rules-registry").join(pack)
}

/// The template with every resource's `Metadata.guard` removed, written for cfn-guard.
fn without_guard_suppressions(file: &Path) -> PathBuf {
    let mut template = read(file);
    for (_, resource) in template["Resources"].as_object_mut().unwrap() {
        if let Some(metadata) = resource.get_mut("Metadata").and_then(Json::as_object_mut) {
            metadata.remove("guard");
        }
    }
    let out = std::env::temp_dir().join(format!(
        "typed-cfn-unsuppressed-{}-{}",
        std::process::id(),
        name_of(file).replace('/', "-")
    ));
    std::fs::write(&out, serde_json::to_string(&template).unwrap()).unwrap();
    out
}

#[test]
fn guard_rules_registry_hipaa_and_pci_sets_report_nothing_unsuppressed() {
    let packs = [
        ("hipaa", "HIPAA Security", "operational-best-practices-for-hipaa_security.html"),
        ("pci", "PCI DSS 3.2.1", "operational-best-practices-for-pci-dss.html"),
    ];
    let mut docs: BTreeMap<&str, String> = BTreeMap::new();
    for (pack, title, page) in packs {
        docs.insert(pack, format!(
            "# AWS guard rules registry, {title} rule set, stack by stack\n\n\
             Generated by `tests/compliance_tools.rs` from cfn-guard's report of the rule set\n\
             (`xtask/guard-rules-registry/{pack}/`, aws-cloudformation/aws-guard-rules-registry at\n\
             commit 7f7340c; the rules of AWS Config's [conformance pack](https://docs.aws.amazon.com/config/latest/developerguide/{page})).\n\
             A rule is **suppressed** on a resource whose `Metadata.guard.SuppressedRules` names it,\n\
             which the rule reads itself; the reason is the resource's `Metadata.guard.Reasons`.\n\
             **Fixed**: failed before a change to the stack, named here. Rules on resource types a\n\
             stack does not contain are not listed.\n"
        ));
    }
    for file in json_outputs() {
        let name = name_of(&file);
        let template = read(&file);
        let suppressed: Vec<Suppression> = of_tool(&suppressions(&template), "guard").cloned().collect();
        // Without the suppressions: what each names fails (none is stale).
        let bare = without_guard_suppressions(&file);
        let mut failing_bare = BTreeSet::new();
        for (pack, ..) in packs {
            failing_bare.extend(guard_failures(&guard_report(&registry(pack), &bare)).into_iter().map(|(r, _)| r));
        }
        let _ = std::fs::remove_file(&bare);
        for s in &suppressed {
            assert!(
                failing_bare.contains(&s.id),
                "{name}: {} suppresses {}, which passes without it",
                s.resource,
                s.id
            );
        }
        for (pack, ..) in packs {
            let report = guard_report(&registry(pack), &file);
            let failures = guard_failures(&report);
            assert!(failures.is_empty(), "the registry's {pack} rules fail on {name}: {failures:?}");
            let doc = docs.get_mut(pack).unwrap();
            doc.push_str(&format!("\n## {name}\n\n| rule | result |\n| --- | --- |\n"));
            let mut rows = BTreeMap::new();
            for rule in rule_names(&report, "compliant") {
                let result = fixed(&rule, &name).map_or("pass".to_owned(), |how| format!("fixed: {how}"));
                rows.insert(rule, result);
            }
            let skipped = rule_names(&report, "not_applicable");
            let applying: Vec<&Suppression> =
                suppressed.iter().filter(|s| skipped.contains(&s.id) || rows.contains_key(&s.id)).collect();
            for s in applying {
                let row = rows.entry(s.id.clone()).or_default();
                if row == "pass" {
                    row.clear();
                    row.push_str("pass elsewhere; ");
                } else if !row.is_empty() {
                    row.push_str("; ");
                }
                row.push_str(&format!("suppressed on {}: {}", s.resource, cell(&s.reason)));
            }
            for (rule, result) in rows {
                doc.push_str(&format!("| {rule} | {result} |\n"));
            }
        }
    }
    for (rule, template, _) in FIXED.iter().filter(|(r, ..)| r.contains('_')) {
        for (pack, doc) in &docs {
            assert!(
                doc.contains(&format!("| {rule} | fixed:")),
                "{rule} is said fixed on {template} but the registry's {pack} set does not pass it there"
            );
        }
    }
    common::assert_file("docs/compliance/results/guard-registry-hipaa.md", &docs["hipaa"]);
    common::assert_file("docs/compliance/results/guard-registry-pci.md", &docs["pci"]);
}

#[test]
fn cdk_nag_hipaa_and_pci_packs_report_nothing_unsuppressed() {
    let modules = tool("CDK_NAG_MODULES");
    let files = json_outputs();
    let out = Command::new(std::env::var_os("NODE").unwrap_or_else(|| "node".into()))
        .arg(common::root().join("xtask/cdk-nag/nag.js"))
        .args(&files)
        .env("NODE_PATH", &modules)
        .output()
        .expect("run node (Node.js 18 or later)");
    let findings: Json = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("cdk-nag's findings are not JSON ({e}): {}", String::from_utf8_lossy(&out.stderr)));
    let findings = findings.as_array().unwrap();
    assert!(findings.len() > 100, "cdk-nag checked too little: {} findings", findings.len());

    let packs = [
        ("HIPAA.Security", "hipaa", "HIPAA Security", "operational-best-practices-for-hipaa_security.html"),
        ("PCI.DSS.321", "pci", "PCI DSS 3.2.1", "operational-best-practices-for-pci-dss.html"),
    ];
    for (pack, short, title, page) in packs {
        let mut doc = format!(
            "# cdk-nag's {pack} pack ({title}), stack by stack\n\n\
             Generated by `tests/compliance_tools.rs` from the reports of cdk-nag 2.38.2 (aws-cdk-lib\n\
             2.276.0), each template brought in with `CfnInclude` and checked by the pack's aspect\n\
             with `reports: true` (`xtask/cdk-nag/nag.js`). The pack follows AWS Config's\n\
             [conformance pack](https://docs.aws.amazon.com/config/latest/developerguide/{page}).\n\
             A rule is **suppressed** on a resource whose `Metadata.cdk_nag.rules_to_suppress` names\n\
             it; cdk-nag reads it and reports the finding as suppressed, with the reason shown.\n\
             **Fixed**: failed before a change to the stack, named here. Rules that found nothing\n\
             to check are not listed.\n"
        );
        for file in &files {
            let name = name_of(file);
            let template_suppressions = suppressions(&read(file));
            let mine: Vec<&Json> = findings
                .iter()
                .filter(|f| {
                    f["pack"] == pack && Path::new(f["template"].as_str().unwrap_or_default()) == file.as_path()
                })
                .collect();
            let failing: Vec<_> = mine
                .iter()
                .filter(|f| f["compliance"] != "Compliant" && f["compliance"] != "Suppressed")
                .map(|f| format!("{} on {}: {}", f["ruleId"], f["resourceId"], f["compliance"]))
                .collect();
            assert!(failing.is_empty(), "cdk-nag's {pack} on {name}: {failing:#?}");
            // Each suppression of this pack is one cdk-nag read and reported, with its reason.
            for s in of_tool(&template_suppressions, "cdk_nag").filter(|s| s.id.starts_with(&format!("{pack}-"))) {
                let reported = mine.iter().any(|f| {
                    f["compliance"] == "Suppressed"
                        && f["ruleId"] == s.id.as_str()
                        && f["resourceId"] == s.resource.as_str()
                        && f["exceptionReason"] == s.reason.as_str()
                });
                assert!(
                    reported,
                    "{name}: cdk-nag did not report {} on {} as suppressed, with its reason",
                    s.id, s.resource
                );
            }
            // One row per rule: pass, fixed, or suppressed on which resources, and why.
            let mut rows: BTreeMap<String, (bool, Vec<String>)> = BTreeMap::new();
            for f in &mine {
                let rule = f["ruleId"].as_str().unwrap_or_default().trim_start_matches(&format!("{pack}-")).to_owned();
                let row = rows.entry(rule).or_default();
                if f["compliance"] == "Suppressed" {
                    row.1.push(format!(
                        "suppressed on {}: {}",
                        f["resourceId"].as_str().unwrap_or_default(),
                        cell(f["exceptionReason"].as_str().unwrap_or_default())
                    ));
                } else {
                    row.0 = true;
                }
            }
            doc.push_str(&format!("\n## {name}\n\n| rule | result |\n| --- | --- |\n"));
            for (rule, (passes, suppressed)) in rows {
                let result = match (fixed(&rule, &name), suppressed.is_empty()) {
                    (Some(how), true) => format!("fixed: {how}"),
                    (None, true) => "pass".to_owned(),
                    (_, false) if passes => format!("pass elsewhere; {}", suppressed.join("; ")),
                    (_, false) => suppressed.join("; "),
                };
                doc.push_str(&format!("| {rule} | {result} |\n"));
            }
        }
        for (rule, template, _) in FIXED.iter().filter(|(r, ..)| !r.contains('_')) {
            assert!(
                doc.contains(&format!("| {rule} | fixed:")),
                "{rule} is said fixed on {template} but cdk-nag's {pack} does not pass it there"
            );
        }
        common::assert_file(&format!("docs/compliance/results/cdk-nag-{short}.md"), &doc);
    }
}

#[test]
fn every_suppression_has_its_reason_and_is_listed() {
    let mut listing = String::new();
    for file in json_outputs() {
        let name = name_of(&file);
        for s in suppressions(&read(&file)) {
            assert!(
                !s.id.is_empty() && s.reason.len() > 20,
                "{name}: {} suppresses {} `{}` without a reason",
                s.resource,
                s.tool,
                s.id
            );
            // cdk-nag base64-encodes a reason with characters beyond Latin-1; keep them readable.
            assert!(s.reason.chars().all(|c| u32::from(c) < 256), "{name}: the reason for {} is not Latin-1", s.id);
            listing.push_str(&format!("{name} {} {} {}: {}\n", s.resource, s.tool, s.id, s.reason));
        }
    }
    common::assert_file("tests/expected/suppressions.txt", &listing);
}
