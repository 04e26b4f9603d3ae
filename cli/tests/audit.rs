//! `typed-cfn audit` as a user runs it: the built binary over the seeds' templates, templates
//! written the way AWS's samples and AWS CDK write them, clean templates, broken files and
//! closed pipes. Paths are given relative to the workspace root, as a user in the repository
//! would, so the reports are the same on every machine.

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use serde_json::{Value, json};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().expect("the workspace root").to_owned()
}

fn audit(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_typed-cfn"))
        .arg("audit")
        .args(args)
        .current_dir(root())
        .output()
        .expect("run typed-cfn")
}

fn stdout(output: &Output) -> String {
    String::from_utf8(output.stdout.clone()).expect("UTF-8 output")
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

fn code(output: &Output) -> i32 {
    output.status.code().expect("exited, not killed")
}

fn json(args: &[&str]) -> (i32, Value) {
    let output = audit(&[&["--format", "json"], args].concat());
    let report =
        serde_json::from_str(&stdout(&output)).unwrap_or_else(|e| panic!("not JSON ({e}): {}", stdout(&output)));
    (code(&output), report)
}

/// `(level, rule, resource)` of every finding of the one file the report holds.
fn findings(report: &Value) -> Vec<(String, String, String)> {
    let files = report["files"].as_array().expect("files");
    assert_eq!(files.len(), 1, "{report:#}");
    files[0]["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .map(|f| {
            (
                f["level"].as_str().unwrap().to_owned(),
                f["rule"].as_str().unwrap().to_owned(),
                f["resource"].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

fn triple(level: &str, rule: &str, resource: &str) -> (String, String, String) {
    (level.to_owned(), rule.to_owned(), resource.to_owned())
}

/// Asserts `actual` equals the committed file; `BLESS=1` rewrites it (review the diff).
fn assert_golden(path: &str, actual: &str) {
    let full = root().join(path);
    if std::env::var_os("BLESS").is_some() {
        std::fs::write(&full, actual).expect("write the golden file");
        return;
    }
    let expected = std::fs::read_to_string(&full)
        .unwrap_or_else(|e| panic!("{path}: {e}; run with BLESS=1 to create it, then review it"));
    assert!(
        expected == actual,
        "{path} differs from what audit prints; run with BLESS=1 and review the diff\n--- committed\n{expected}\n--- printed\n{actual}"
    );
}

// The two failure analyses' templates (`tests/input/seeds/`): the PCI stack (`000-*`), whose key
// let CloudWatch Logs in only through a generic statement, and the HIPAA stack (`004-*`).

#[test]
fn the_broken_pci_stack_is_found_in_both_formats_with_the_statement_to_add() {
    for file in ["tests/input/seeds/000-broken.json", "tests/input/seeds/000-broken.yaml"] {
        let (code, report) = json(&[file]);
        assert_eq!(code, 1, "{file}");
        // (The key also lets S3 in with no source condition: a warning of its own.)
        assert_eq!(
            findings(&report),
            [
                triple("warning", "service-grant-without-source", "EncryptionKey"),
                triple("error", "log-group-key-denies-logs", "FlowLogsLogGroup")
            ],
            "{file}"
        );
        let finding = &report["files"][0]["findings"][1];
        let message = finding["message"].as_str().unwrap();
        assert!(message.contains("does not include the service logs.us-east-1.amazonaws.com"), "{message}");
        assert!(message.contains(r#""logs.amazonaws.com"]}"#), "the statement that failed is named: {message}");
        let fix = &finding["fix"];
        assert_eq!(fix["key"], "EncryptionKey");
        assert_eq!(fix["statements"][0]["Principal"]["Service"]["Fn::Sub"], "logs.${AWS::Region}.amazonaws.com");
        assert_eq!(
            fix["statements"][0]["Condition"]["ArnLike"]["kms:EncryptionContext:aws:logs:arn"]["Fn::Sub"],
            "arn:${AWS::Partition}:logs:${AWS::Region}:${AWS::AccountId}:log-group:*"
        );
        assert!(finding["line"].as_u64().is_some_and(|n| n > 1), "{finding}");
    }
}

#[test]
fn the_broken_pci_stack_reads_as_the_committed_report() {
    for (file, golden) in [
        ("tests/input/seeds/000-broken.json", "cli/tests/expected/seed-000-broken.json.txt"),
        ("tests/input/seeds/000-broken.yaml", "cli/tests/expected/seed-000-broken.yaml.txt"),
    ] {
        let output = audit(&[file]);
        assert_eq!(code(&output), 1);
        assert_golden(golden, &stdout(&output));
    }
}

#[test]
fn the_broken_hipaa_stack_is_found_in_both_formats() {
    for file in ["tests/input/seeds/004-broken.json", "tests/input/seeds/004-broken.yaml"] {
        let (code, report) = json(&[file]);
        assert_eq!(code, 1, "{file}");
        assert_eq!(
            findings(&report),
            [
                triple("error", "database-username-not-static", "DBCluster"),
                triple("warning", "service-log-group-missing", "DBCluster"),
                triple("warning", "service-log-group-missing", "DBCluster"),
            ],
            "{file}"
        );
        // As part of a HIPAA stack: the unencrypted log group and the groups RDS would create.
        let (code, report) = json(&["--scope", "hipaa", file]);
        assert_eq!(code, 1);
        assert_eq!(report["scope"], "HIPAA");
        assert_eq!(
            findings(&report),
            [
                triple("error", "service-log-group-missing", "DBCluster"),
                triple("error", "service-log-group-missing", "DBCluster"),
                triple("error", "database-username-not-static", "DBCluster"),
                triple("error", "scoped-type-without-guarantee", "RDSLogGroup"),
            ],
            "{file}"
        );
    }
}

#[test]
fn fixed_seeds_exit_0() {
    // Seed 000's fix deploys; its key still lets S3 in with no source condition (the confused
    // deputy): a warning.
    for file in ["tests/input/seeds/000-fixed.json", "tests/input/seeds/000-fixed.yaml"] {
        let (code, report) = json(&[file]);
        assert_eq!(
            (code, findings(&report)),
            (0, vec![triple("warning", "service-grant-without-source", "EncryptionKey")]),
            "{file}"
        );
    }
    // The HIPAA stack as fixed deploys; its log exports still go to groups RDS creates itself (the
    // fix named its group where RDS never writes): warnings, which count only when asked.
    for file in ["tests/input/seeds/004-fixed.json", "tests/input/seeds/004-fixed.yaml"] {
        let (code, report) = json(&[file]);
        assert_eq!(code, 0, "{file}");
        assert_eq!(
            findings(&report),
            [
                triple("warning", "service-log-group-missing", "DBCluster"),
                triple("warning", "service-log-group-missing", "DBCluster")
            ]
        );
        assert_eq!(report["summary"]["warnings"], 2);
        let (code, report) = json(&["--warnings-as-errors", file]);
        assert_eq!((code, &report["summary"]["exit_code"]), (1, &Value::from(1)), "{file}");
    }
}

// Templates written by hand and by tools.

#[test]
fn a_cdk_style_key_with_the_default_root_only_policy_is_found() {
    let (code, report) = json(&["cli/tests/input/cdk-root-only-key.json"]);
    assert_eq!(code, 1);
    assert_eq!(findings(&report), [triple("error", "log-group-key-denies-logs", "AppLogs0F1A3B2C")]);
    let finding = &report["files"][0]["findings"][0];
    assert!(
        finding["message"].as_str().unwrap().contains("CloudWatch Logs cannot use key `LogsKey5B2E7C4A`"),
        "{finding}"
    );
    assert_eq!(finding["fix"]["key"], "LogsKey5B2E7C4A");
    assert_eq!(finding["line"], 26);
}

#[test]
fn a_log_group_given_the_key_id_is_found() {
    let (code, report) = json(&["cli/tests/input/log-group-key-ref.yaml"]);
    assert_eq!(code, 1);
    assert_eq!(findings(&report), [triple("error", "log-group-key-not-arn", "AppLogGroup")]);
    let finding = &report["files"][0]["findings"][0];
    assert!(finding["message"].as_str().unwrap().contains("`Fn::GetAtt LogKey.Arn`"), "{finding}");
    // The fix is the property to change, in the template's terms.
    assert_eq!(
        finding["fix"]["property"],
        json!({ "logical_id": "AppLogGroup", "path": ["KmsKeyId"], "value": { "Fn::GetAtt": ["LogKey", "Arn"] } })
    );
    let text = stdout(&audit(&["cli/tests/input/log-group-key-ref.yaml"]));
    assert!(
        text.contains(
            "  the value to set at `Properties.KmsKeyId` of `AppLogGroup`:\n    KmsKeyId: !GetAtt LogKey.Arn\n"
        ),
        "{text}"
    );
}

#[test]
fn a_logs_grant_for_any_account_is_a_warning_with_the_statement_to_use() {
    let file = "cli/tests/input/logs-grant-without-context.yaml";
    let (code, report) = json(&[file]);
    assert_eq!(code, 0, "AWS deploys it: a warning");
    assert_eq!(findings(&report), [triple("warning", "logs-grant-without-context", "LogsKey")]);
    let fix = &report["files"][0]["findings"][0]["fix"];
    assert_eq!(fix["key"], "LogsKey");
    assert!(fix["statements"][0]["Condition"]["ArnLike"]["kms:EncryptionContext:aws:logs:arn"].is_object(), "{fix}");
    // A scoped stack holds it to the regime.
    let (code, report) = json(&["--scope", "pci", file]);
    assert_eq!((code, findings(&report)), (1, vec![triple("error", "logs-grant-without-context", "LogsKey")]));
}

#[test]
fn the_fix_of_a_template_file_is_template_text_in_its_format() {
    let file = "cli/tests/input/alarm-to-a-topic-under-a-key-without-cloudwatch.yaml";
    let output = audit(&[file]);
    let text = stdout(&output);
    // The key statement CloudWatch needs, as YAML to paste under the key policy's `Statement:`.
    assert!(text.contains("  the statement to add to the key policy of `Key`:\n    - Sid: Allow CloudWatch alarms to publish to encrypted topics\n"), "{text}");
    assert!(text.contains("        Service: cloudwatch.amazonaws.com\n"), "{text}");
    // The log group Lambda would otherwise create, as YAML to paste under `Resources:`.
    assert!(
        text.contains("  the resource to add under `Resources`:\n    FnLogGroup:\n      Type: AWS::Logs::LogGroup\n"),
        "{text}"
    );
    assert!(text.contains("        LogGroupName: !Sub /aws/lambda/${Fn}\n"), "{text}");
    // The JSON report carries both as values.
    let (code, report) = json(&[file]);
    assert_eq!(code, 1);
    let fixes: Vec<&Value> = report["files"][0]["findings"].as_array().unwrap().iter().map(|f| &f["fix"]).collect();
    assert!(
        fixes
            .iter()
            .any(|f| f["key"] == "Key" && f["statements"][0]["Principal"]["Service"] == "cloudwatch.amazonaws.com"),
        "{fixes:?}"
    );
    assert!(
        fixes.iter().any(|f| f["resource"]["logical_id"] == "FnLogGroup"
            && f["resource"]["value"]["Properties"]["LogGroupName"]["Fn::Sub"] == "/aws/lambda/${Fn}"),
        "{fixes:?}"
    );
}

#[test]
fn a_json_template_is_shown_the_values_and_resources_to_paste_as_json() {
    let file = "cli/tests/input/wrong-target-and-missing-policy.json";
    let text = stdout(&audit(&[file]));
    // The value to set where the queue's URL was, nested under its key.
    assert!(
        text.contains("  the value to set at `Properties.Targets.0.Arn` of `Rule`:\n    {\n      \"Arn\": {\n        \"Fn::GetAtt\": [\n          \"Work\",\n          \"Arn\"\n"),
        "{text}"
    );
    // The topic policy the bucket's notifications need, as JSON to paste under `Resources`.
    assert!(text.contains("  the resource to add under `Resources`:\n    {\n      \"TopicPolicy\": {\n        \"Type\": \"AWS::SNS::TopicPolicy\",\n"), "{text}");
    assert!(!text.contains("!GetAtt") && !text.contains("!Ref"), "no YAML tags for a JSON file: {text}");
    let (code, report) = json(&[file]);
    assert_eq!(code, 1);
    let fixes: Vec<&Value> = report["files"][0]["findings"].as_array().unwrap().iter().map(|f| &f["fix"]).collect();
    assert_eq!(
        fixes[0]["property"],
        json!({ "logical_id": "Rule", "path": ["Targets", "0", "Arn"], "value": { "Fn::GetAtt": ["Work", "Arn"] } })
    );
    let policy = &fixes[1]["resource"]["value"];
    assert_eq!(policy["Properties"]["PolicyDocument"]["Statement"][0]["Principal"]["Service"], "s3.amazonaws.com");
    assert_eq!(
        policy["Properties"]["PolicyDocument"]["Statement"][0]["Condition"]["StringEquals"]["aws:SourceAccount"],
        json!({ "Ref": "AWS::AccountId" })
    );
}

#[test]
fn the_reference_stacks_are_clean() {
    // Every template typed-cfn emitted for the examples: no finding, scoped or not.
    let (code, report) = json(&["examples/output"]);
    assert_eq!(code, 0, "{report:#}");
    let files = report["files"].as_array().unwrap();
    assert!(files.len() >= 6, "{report:#}");
    assert_eq!(report["summary"]["errors"], 0);
    assert_eq!(report["summary"]["warnings"], 0);
    for (scope, file) in [("pci", "examples/output/pci_dss.yaml"), ("hipaa", "examples/output/hipaa.json")] {
        let (code, report) = json(&["--scope", scope, file]);
        assert_eq!((code, findings(&report)), (0, vec![]), "{file} as {scope}");
    }
}

#[test]
fn suppressions_are_reported_and_one_without_a_reason_is_an_error() {
    let (code, report) = json(&["cli/tests/input/suppressed.yaml"]);
    assert_eq!(code, 1);
    assert_eq!(findings(&report), [triple("error", "invalid-suppression", "Other")]);
    let suppressed = &report["files"][0]["suppressed"][0];
    assert_eq!(suppressed["rule"], "service-log-group-missing");
    assert_eq!(suppressed["resource"], "Fn");
    assert_eq!(suppressed["reason"], "the shared logging stack creates /aws/lambda/report");
}

// Inputs.

#[test]
fn an_unreadable_file_exits_2_and_the_others_are_still_checked() {
    let output = audit(&[
        "cli/tests/input/broken.yaml",
        "no/such/file.json",
        "tests/input/seeds/000-broken.json",
        "cli/tests/input/clean.template",
    ]);
    assert_eq!(code(&output), 2);
    let text = stdout(&output);
    assert!(
        text.contains(
            "cli/tests/input/broken.yaml: unreadable: not a valid YAML template: line 5, column 1: found the end of the text in the list `[` that starts at line 4, column 17, where `,` or `]` was expected"
        ),
        "{text}"
    );
    assert!(text.contains("no/such/file.json: unreadable: no such file or directory"), "{text}");
    assert!(
        text.contains(
            "tests/input/seeds/000-broken.json:49: error[log-group-key-denies-logs] Resources.FlowLogsLogGroup"
        ),
        "{text}"
    );
    assert!(
        text.ends_with("typed-cfn audit: 2 files checked, 2 unreadable: 1 error, 1 warning, 0 suppressed\n"),
        "{text}"
    );

    let (code, report) = json(&["cli/tests/input/broken.yaml", "cli/tests/input/clean.template"]);
    assert_eq!(code, 2);
    assert_eq!(report["files"][0]["status"], "unreadable");
    assert!(report["files"][0]["error"].as_str().unwrap().starts_with("not a valid YAML template"));
    assert_eq!(report["files"][1]["status"], "checked");
    assert_eq!(report["files"][1]["format"], "json", "a .template file starting with `{{` is read as JSON");
}

#[test]
fn not_utf8_and_too_large_are_unreadable() {
    let dir = scratch("inputs");
    std::fs::write(dir.join("latin1.yaml"), b"Description: caf\xe9\nResources: {}\n").unwrap();
    std::fs::write(dir.join("huge.json"), vec![b' '; 1_000_001]).unwrap();
    let (code, report) = json(&[dir.to_str().unwrap()]);
    assert_eq!(code, 2);
    let errors: Vec<&str> = report["files"].as_array().unwrap().iter().map(|f| f["error"].as_str().unwrap()).collect();
    assert_eq!(
        errors,
        [
            "more than the 1,000,000 bytes CloudFormation accepts in a template body (its quota: https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/cloudformation-limits.html); not read further",
            "not UTF-8 text (invalid byte at offset 16)"
        ]
    );
}

#[test]
fn a_directory_gives_its_templates_sorted_with_subdirectories() {
    let dir = scratch("tree");
    std::fs::create_dir_all(dir.join("sub")).unwrap();
    for name in ["b.yaml", "a.json", "sub/c.yml", "sub/d.template", "notes.txt", "README.md"] {
        let body = if name.ends_with("json") {
            r#"{"Resources": {"Handle": {"Type": "AWS::CloudFormation::WaitConditionHandle"}}}"#
        } else {
            "Resources:\n  Handle:\n    Type: AWS::CloudFormation::WaitConditionHandle\n"
        };
        std::fs::write(dir.join(name), body).unwrap();
    }
    let (code, report) = json(&[dir.to_str().unwrap()]);
    assert_eq!(code, 0, "{report:#}");
    let names: Vec<String> = report["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| Path::new(f["path"].as_str().unwrap()).strip_prefix(&dir).unwrap().display().to_string())
        .collect();
    assert_eq!(names, ["a.json", "b.yaml", "sub/c.yml", "sub/d.template"]);
}

#[test]
fn an_app_directory_gives_its_templates_once_not_its_manifest() {
    let (code, report) = json(&["examples/output/pci_app"]);
    assert_eq!(code, 0, "{report:#}");
    let names: Vec<&str> = report["files"].as_array().unwrap().iter().map(|f| f["path"].as_str().unwrap()).collect();
    assert_eq!(
        names,
        [
            "examples/output/pci_app/data.json",
            "examples/output/pci_app/keys.json",
            "examples/output/pci_app/network.json",
            "examples/output/pci_app/processing.json"
        ]
    );
    // A `manifest.json` that is not an app's is read like any file.
    let dir = scratch("not-an-app");
    std::fs::write(
        dir.join("manifest.json"),
        r#"{"Resources": {"Handle": {"Type": "AWS::CloudFormation::WaitConditionHandle"}}}"#,
    )
    .unwrap();
    let (code, report) = json(&[dir.to_str().unwrap()]);
    assert_eq!((code, report["files"].as_array().unwrap().len()), (0, 1), "{report:#}");
}

#[test]
fn an_empty_directory_is_an_input_error_not_a_clean_audit() {
    let dir = scratch("empty");
    std::fs::write(dir.join("notes.txt"), "not a template").unwrap();
    let output = audit(&[dir.to_str().unwrap()]);
    assert_eq!(code(&output), 2);
    assert!(
        stdout(&output).contains("unreadable: no templates (*.json, *.yaml, *.yml, *.template) under this directory"),
        "{}",
        stdout(&output)
    );
}

#[test]
fn the_line_is_the_resource_s_not_a_property_of_the_same_name() {
    // `LogGroup` is first a property name (indented deeper), then the resource.
    let dir = scratch("lines");
    let text = "\
Resources:
  Key:
    Type: AWS::KMS::Key
    Properties:
      Tags:
        - Key: LogGroup
          Value: x
      KeyPolicy:
        Statement: []
  Filter:
    Type: AWS::Logs::MetricFilter
    Properties:
      LogGroup:
        Ref: LogGroup
  LogGroup:
    Type: AWS::Logs::LogGroup
    Properties:
      KmsKeyId: !GetAtt Key.Arn
";
    std::fs::write(dir.join("t.yaml"), text).unwrap();
    let (code, report) = json(&[dir.join("t.yaml").to_str().unwrap()]);
    assert_eq!(code, 1);
    assert_eq!(findings(&report), [triple("error", "log-group-key-denies-logs", "LogGroup")]);
    assert_eq!(report["files"][0]["findings"][0]["line"], 15);
}

// The reports.

#[test]
fn the_json_report_has_its_documented_fields() {
    let (code, report) = json(&["tests/input/seeds/004-broken.yaml", "cli/tests/input/clean.template"]);
    assert_eq!(code, 1);
    assert_eq!(report["schema"], "typed-cfn-audit/1");
    assert_eq!(report["tool"]["name"], "typed-cfn");
    assert_eq!(report["tool"]["version"], env!("CARGO_PKG_VERSION"));
    assert_eq!(report["scope"], Value::Null);
    assert_eq!(report["warnings_as_errors"], false);
    let summary = &report["summary"];
    for (field, value) in [
        ("files", 2),
        ("checked", 2),
        ("unreadable", 0),
        ("errors", 1),
        ("warnings", 2),
        ("suppressed", 0),
        ("exit_code", 1),
    ] {
        assert_eq!(summary[field], value, "summary.{field}");
    }
    let file = &report["files"][0];
    assert_eq!(
        (&file["path"], &file["status"], &file["format"]),
        (&"tests/input/seeds/004-broken.yaml".into(), &"checked".into(), &"yaml".into())
    );
    let finding = &file["findings"][0];
    for field in ["rule", "level", "resource", "line", "message", "fix"] {
        assert!(finding.get(field).is_some(), "finding.{field} is missing: {finding}");
    }
    assert_eq!(finding["line"], 40);
    assert_eq!(report["files"][1]["findings"], Value::Array(vec![]));
}

#[test]
fn the_sarif_report_is_sarif_2_1_0() {
    let output = audit(&[
        "--format",
        "sarif",
        "tests/input/seeds/000-broken.yaml",
        "cli/tests/input/suppressed.yaml",
        "cli/tests/input/broken.yaml",
    ]);
    assert_eq!(code(&output), 2);
    let sarif: Value = serde_json::from_str(&stdout(&output)).expect("SARIF is JSON");
    assert_eq!(sarif["version"], "2.1.0");
    assert_eq!(sarif["$schema"], "https://json.schemastore.org/sarif-2.1.0.json");
    let run = &sarif["runs"][0];
    let driver = &run["tool"]["driver"];
    assert_eq!(driver["name"], "typed-cfn");
    let rules = driver["rules"].as_array().unwrap();
    let ids: Vec<&str> = rules.iter().map(|r| r["id"].as_str().unwrap()).collect();
    for rule in cfn_model::check::Rule::ALL {
        assert!(ids.contains(&rule.id()), "{} is not among the rules", rule.id());
    }
    for rule in rules {
        assert!(rule["shortDescription"]["text"].as_str().is_some_and(|t| !t.is_empty()), "{rule}");
        assert!(["error", "warning"].contains(&rule["defaultConfiguration"]["level"].as_str().unwrap()), "{rule}");
    }
    let results = run["results"].as_array().unwrap();
    let seen: Vec<(&str, &str)> =
        results.iter().map(|r| (r["ruleId"].as_str().unwrap(), r["level"].as_str().unwrap())).collect();
    assert_eq!(
        seen,
        [
            ("service-grant-without-source", "warning"),
            ("log-group-key-denies-logs", "error"),
            ("invalid-suppression", "error"),
            ("service-log-group-missing", "warning")
        ]
    );
    for result in results {
        let index = result["ruleIndex"].as_u64().unwrap() as usize;
        assert_eq!(rules[index]["id"], result["ruleId"], "ruleIndex points at the rule");
        assert!(result["message"]["text"].as_str().is_some_and(|t| !t.is_empty()));
        let location = &result["locations"][0];
        assert!(location["physicalLocation"]["artifactLocation"]["uri"].as_str().is_some());
        assert!(location["physicalLocation"]["region"]["startLine"].as_u64().is_some_and(|n| n >= 1));
        let logical = &location["logicalLocations"][0];
        assert_eq!(logical["fullyQualifiedName"], format!("Resources.{}", logical["name"].as_str().unwrap()));
    }
    assert_eq!(
        results[0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
        "tests/input/seeds/000-broken.yaml"
    );
    // An absolute path is a file URI; characters a URI cannot hold are escaped.
    let dir = scratch("sarif uri");
    std::fs::copy(root().join("cli/tests/input/log-group-key-ref.yaml"), dir.join("a b.yaml")).unwrap();
    let output = audit(&["--format", "sarif", dir.join("a b.yaml").to_str().unwrap()]);
    let sarif: Value = serde_json::from_str(&stdout(&output)).unwrap();
    let uri =
        sarif["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"].as_str().unwrap();
    assert!(uri.starts_with("file:///") && uri.ends_with("-sarif%20uri/a%20b.yaml"), "{uri}");
    assert_eq!(results[1]["locations"][0]["logicalLocations"][0]["name"], "FlowLogsLogGroup");
    assert!(
        results[1]["message"]["text"].as_str().unwrap().contains("Service: !Sub logs.${AWS::Region}.amazonaws.com"),
        "the statement to add, in the file's YAML"
    );
    assert_eq!(results[3]["suppressions"][0]["kind"], "inSource");
    // The file that could not be read: the run did not succeed, and says which and why.
    let invocation = &run["invocations"][0];
    assert_eq!(invocation["executionSuccessful"], false);
    let note = &invocation["toolExecutionNotifications"][0];
    assert_eq!(note["level"], "error");
    assert!(
        note["message"]["text"]
            .as_str()
            .unwrap()
            .starts_with("cli/tests/input/broken.yaml could not be read: not a valid YAML template")
    );
}

#[test]
fn cfn_lint_s_good_templates_are_audited_quickly() {
    // The corpus `cargo xtask test` fetches (tests/corpus.rs reads and writes it back).
    let Some(fixtures) = std::env::var_os("CFN_LINT_FIXTURES") else {
        println!("skipped: CFN_LINT_FIXTURES is not set (`cargo xtask test` sets it)");
        return;
    };
    let good = PathBuf::from(fixtures).join("good");
    let start = std::time::Instant::now();
    let (code, report) = json(&[good.to_str().unwrap()]);
    let elapsed = start.elapsed();
    // The one template cfn-lint and CloudFormation refuse too (a `Parameter:` section) is the
    // one unreadable file; the others have Lambda functions without their log groups. The
    // errors are what CloudFormation refuses outright, in the files tests/corpus.rs lists as
    // exceptions: nine with `Resources: {}` and one with three references to nothing.
    assert_eq!(code, 2);
    let summary = &report["summary"];
    assert_eq!(
        (&summary["files"], &summary["unreadable"], &summary["errors"]),
        (&99.into(), &1.into(), &12.into()),
        "{summary}"
    );
    let mut refused: Vec<String> = Vec::new();
    for file in report["files"].as_array().unwrap() {
        for finding in file["findings"].as_array().into_iter().flatten().filter(|f| f["level"] == "error") {
            assert_eq!(finding["rule"], "invalid-template", "{finding}");
            let path = Path::new(file["path"].as_str().unwrap()).strip_prefix(&good).unwrap().display().to_string();
            if !refused.contains(&path) {
                refused.push(path);
            }
        }
    }
    refused.sort();
    assert_eq!(
        refused,
        [
            "core/config_cfn_lint.json",
            "core/config_cfn_lint.yaml",
            "core/config_only_i1002.yaml",
            "core/config_only_i1003.yaml",
            "core/config_parameters.yaml",
            "decode/parsing.json",
            "functions/sub_needed.yaml",
            "mappings/name.yaml",
            "parameters/default.yaml",
            "resources/cloudformation/stack_nested.yaml",
        ]
    );
    let unreadable: Vec<&str> = report["files"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["status"] == "unreadable")
        .map(|f| f["path"].as_str().unwrap())
        .collect();
    assert!(unreadable.len() == 1 && unreadable[0].ends_with("custom/is-defined.yaml"), "{unreadable:?}");
    assert!(summary["warnings"].as_u64().unwrap() > 0);
    println!(
        "audit: 99 templates in {:.1} ms ({:.0} templates/s, this build's profile)",
        elapsed.as_secs_f64() * 1000.0,
        99.0 / elapsed.as_secs_f64()
    );
}

// The command line and the pipe.

#[test]
fn command_line_mistakes_exit_2_with_the_usage() {
    for args in [&["--colour", "x.yaml"][..], &["--format", "xml", "x.yaml"], &[], &["--format"]] {
        let output = audit(args);
        assert_eq!(code(&output), 2, "{args:?}");
        assert!(output.stdout.is_empty(), "{args:?}");
        assert!(stderr(&output).contains("usage: typed-cfn audit"), "{args:?}: {}", stderr(&output));
    }
    let output = Command::new(env!("CARGO_BIN_EXE_typed-cfn")).arg("--version").output().unwrap();
    assert_eq!(stdout(&output), format!("typed-cfn {}\n", env!("CARGO_PKG_VERSION")));
    let output = Command::new(env!("CARGO_BIN_EXE_typed-cfn")).args(["audit", "--help"]).output().unwrap();
    assert!(output.status.success() && stdout(&output).contains("exit codes:"));
}

#[test]
fn a_closed_pipe_ends_the_report_without_a_panic() {
    // About 300 KB of report, more than a pipe holds: the writes after the reader left fail.
    let mut child = Command::new(env!("CARGO_BIN_EXE_typed-cfn"))
        .arg("audit")
        .args(std::iter::repeat_n("tests/input/seeds/000-broken.json", 100))
        .current_dir(root())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    let output = child.wait_with_output().unwrap();
    assert_eq!(output.status.code(), Some(1), "the audit's own exit code: {}", stderr(&output));
    assert!(!stderr(&output).contains("panicked"), "{}", stderr(&output));
}

#[cfg(target_os = "linux")]
#[test]
fn a_full_disk_is_reported_and_exits_2() {
    let Ok(full) = std::fs::OpenOptions::new().write(true).open("/dev/full") else { return };
    let output = Command::new(env!("CARGO_BIN_EXE_typed-cfn"))
        .args(["audit", "tests/input/seeds/000-broken.json"])
        .current_dir(root())
        .stdout(full)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains("the report was not written: cannot write to standard output"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn out_writes_the_report_to_a_file_whole_or_not_at_all() {
    let dir = scratch("out");
    let report = dir.join("report.sarif");
    let output = audit(&["--format", "sarif", "--out", report.to_str().unwrap(), "tests/input/seeds/000-broken.json"]);
    assert_eq!(code(&output), 1, "the audit's exit code: {}", stderr(&output));
    assert!(output.stdout.is_empty(), "with --out nothing goes to standard output");
    let on_stdout = audit(&["--format", "sarif", "tests/input/seeds/000-broken.json"]);
    assert_eq!(std::fs::read_to_string(&report).unwrap(), stdout(&on_stdout));

    let missing = dir.join("no-such-dir/report.txt");
    let output = audit(&["--out", missing.to_str().unwrap(), "tests/input/seeds/000-broken.json"]);
    assert_eq!(code(&output), 2, "{}", stderr(&output));
    assert!(
        stderr(&output).contains("the report was not written") && stderr(&output).contains("no-such-dir/report.txt"),
        "{}",
        stderr(&output)
    );
    assert_eq!(std::fs::read_dir(&dir).unwrap().count(), 1, "only the first report, no temporary");
}

fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("typed-cfn-audit-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

#[test]
fn what_cloudformation_refuses_outright_is_reported_too() {
    let dir = scratch("structure");
    let file = dir.join("broken.yaml");
    std::fs::write(
        &file,
        "Conditions:\n  A: !Not [!Condition A]\nResources:\n  Topic:\n    Type: AWS::SNS::Topic\n    Properties:\n      TopicName: !Ref Missing\n",
    )
    .unwrap();
    let (code, report) = json(&[file.to_str().unwrap()]);
    assert_eq!(code, 1, "{report:#}");
    let findings: Vec<(&str, &str, &str)> = report["files"][0]["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| (f["rule"].as_str().unwrap(), f["resource"].as_str().unwrap(), f["message"].as_str().unwrap()))
        .collect();
    assert_eq!(
        findings,
        [
            (
                "invalid-template",
                "Topic",
                "Resources.Topic.Properties: Ref names `Missing`, which is not in the template; Ref here may name a parameter, a resource or a pseudo parameter. Add it to the template, or fix the name"
            ),
            (
                "invalid-template",
                "",
                "Conditions: `A` uses itself (`Condition: A` inside it); a condition can only use other conditions"
            ),
        ]
    );
    assert_eq!(report["files"][0]["findings"][0]["line"], 4);
}

/// An app directory as `App::write_dir` writes it: `keys` exports a key whose policy lets only
/// the account in, `service` imports it for a log group; `root` passes the same key to its
/// nested `logging` stack as a parameter.
fn app_dir(name: &str) -> PathBuf {
    let dir = scratch(name);
    let key = r#"{"Type": "AWS::KMS::Key", "Properties": {"KeyPolicy": {"Version": "2012-10-17", "Statement": [{"Sid": "Root",
        "Effect": "Allow", "Principal": {"AWS": {"Fn::Sub": "arn:${AWS::Partition}:iam::${AWS::AccountId}:root"}},
        "Action": "kms:*", "Resource": "*"}]}}}"#;
    let keys = format!(
        r#"{{"Resources": {{"SharedKey": {key}}},
            "Outputs": {{"SharedKeyArn": {{"Value": {{"Fn::GetAtt": ["SharedKey", "Arn"]}}, "Export": {{"Name": "shop-keys-SharedKey-Arn"}}}}}}}}"#
    );
    std::fs::write(dir.join("keys.json"), keys).unwrap();
    std::fs::write(
        dir.join("service.yaml"),
        "Resources:\n  Handle:\n    Type: AWS::CloudFormation::WaitConditionHandle\n  AppLogs:\n    Type: AWS::Logs::LogGroup\n    Properties:\n      \
         LogGroupName: /app/logs\n      KmsKeyId: !ImportValue shop-keys-SharedKey-Arn\n",
    )
    .unwrap();
    let root = format!(
        r#"{{"Resources": {{"RootKey": {key}, "LoggingStack": {{"Type": "AWS::CloudFormation::Stack", "Properties": {{
            "TemplateURL": "./logging.json", "Parameters": {{"RootKeyArn": {{"Fn::GetAtt": ["RootKey", "Arn"]}}}}}}}}}}}}"#
    );
    std::fs::write(dir.join("root.json"), root).unwrap();
    std::fs::write(
        dir.join("logging.json"),
        r#"{"Parameters": {"RootKeyArn": {"Type": "String"}}, "Resources": {"ChildLogs": {"Type": "AWS::Logs::LogGroup",
            "Properties": {"LogGroupName": "/child/logs", "KmsKeyId": {"Ref": "RootKeyArn"}}}}}"#,
    )
    .unwrap();
    let stack = |name: &str, file: &str| serde_json::json!({"name": name, "template": file, "scope": null});
    let manifest = serde_json::json!({
        "schema": "typed-cfn-app/1", "app": "shop", "format": "json",
        "stacks": [stack("keys", "keys.json"), stack("service", "service.yaml"), stack("root", "root.json"), stack("logging", "logging.json")]
    });
    std::fs::write(dir.join("manifest.json"), serde_json::to_string_pretty(&manifest).unwrap()).unwrap();
    dir
}

/// `(file name, rule, resource)` of every finding of the report.
fn app_findings(report: &Value) -> Vec<(String, String, String)> {
    let mut found = Vec::new();
    for file in report["files"].as_array().unwrap() {
        let name = Path::new(file["path"].as_str().unwrap()).file_name().unwrap().to_string_lossy().into_owned();
        for f in file["findings"].as_array().unwrap() {
            found.push((
                name.clone(),
                f["rule"].as_str().unwrap().to_owned(),
                f["resource"].as_str().unwrap().to_owned(),
            ));
        }
    }
    found
}

#[test]
fn an_app_directory_is_audited_across_its_stacks() {
    let dir = app_dir("app-across");
    let expected = [
        ("logging.json".to_owned(), "log-group-key-denies-logs".to_owned(), "ChildLogs".to_owned()),
        ("service.yaml".to_owned(), "log-group-key-denies-logs".to_owned(), "AppLogs".to_owned()),
    ];
    let (code, report) = json(&[dir.to_str().unwrap()]);
    assert_eq!(code, 1, "{report:#}");
    assert_eq!(app_findings(&report), expected, "{report:#}");
    let names: Vec<&str> = report["files"].as_array().unwrap().iter().map(|f| f["path"].as_str().unwrap()).collect();
    assert_eq!(names.len(), 4, "each stack once, the manifest not as a template: {names:?}");
    let service = report["files"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["path"].as_str().unwrap().ends_with("service.yaml"))
        .unwrap();
    assert_eq!(
        service["app"],
        serde_json::json!({"manifest": dir.join("manifest.json").to_str().unwrap(), "stack": "service"})
    );
    // The manifest given as a file brings in its stacks, in its order.
    let (code, report) = json(&[dir.join("manifest.json").to_str().unwrap()]);
    assert_eq!(code, 1, "{report:#}");
    assert_eq!(app_findings(&report), [expected[1].clone(), expected[0].clone()], "{report:#}");
    // The text names the stack's file and the key of the other stack.
    let text = stdout(&audit(&[dir.to_str().unwrap()]));
    assert!(text.contains("service.yaml:4: error[log-group-key-denies-logs] Resources.AppLogs"), "{text}");
    assert!(text.contains("CloudWatch Logs cannot use key `SharedKey`"), "{text}");
    // One stack alone: the import is a string the check cannot follow.
    let (code, report) = json(&[dir.join("service.yaml").to_str().unwrap()]);
    assert_eq!((code, app_findings(&report)), (0, vec![]), "{report:#}");
}

#[test]
fn a_manifest_that_does_not_read_is_an_input_error() {
    let dir = app_dir("app-bad-manifest");
    let manifest =
        serde_json::json!({"schema": "typed-cfn-app/1", "stacks": [{"name": "x", "template": "../etc/passwd"}]});
    std::fs::write(dir.join("manifest.json"), manifest.to_string()).unwrap();
    let output = audit(&[dir.join("manifest.json").to_str().unwrap()]);
    assert_eq!(code(&output), 2);
    assert!(
        stdout(&output).contains("stack `x`: template `../etc/passwd` is not a file name beside the manifest"),
        "{}",
        stdout(&output)
    );
}

#[test]
fn two_manifests_given_as_files_bring_in_their_own_stacks() {
    let (first, second) = (app_dir("app-first"), app_dir("app-second"));
    let (code, report) =
        json(&[first.join("manifest.json").to_str().unwrap(), second.join("manifest.json").to_str().unwrap()]);
    assert_eq!(code, 1, "{report:#}");
    let paths: Vec<PathBuf> =
        report["files"].as_array().unwrap().iter().map(|f| PathBuf::from(f["path"].as_str().unwrap())).collect();
    let expected: Vec<PathBuf> = [&first, &second]
        .iter()
        .flat_map(|dir| ["keys.json", "service.yaml", "root.json", "logging.json"].map(|f| dir.join(f)))
        .collect();
    assert_eq!(paths, expected);
}

// Hostile files: what a pull request can commit (links, and through them devices and pipes),
// and where the report goes.

/// Runs the program with `args` from the workspace root, killing it (and failing) if it has
/// not ended within 20 seconds: an audit must never wait on its inputs or its output.
fn audit_within_time(args: &[&str]) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_typed-cfn"))
        .arg("audit")
        .args(args)
        .current_dir(root())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // The pipes are drained while the program runs: a report larger than a pipe's buffer (a SARIF
    // report is) would otherwise wait on this test, not on its inputs.
    let drain = |mut pipe: Box<dyn std::io::Read + Send>| {
        std::thread::spawn(move || {
            let mut bytes = Vec::new();
            pipe.read_to_end(&mut bytes).map(|_| bytes)
        })
    };
    let out = drain(Box::new(child.stdout.take().unwrap()));
    let err = drain(Box::new(child.stderr.take().unwrap()));
    let start = std::time::Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if start.elapsed() > std::time::Duration::from_secs(20) {
            let _ = child.kill();
            panic!("`typed-cfn audit {}` did not end within 20 s", args.join(" "));
        }
        std::thread::sleep(std::time::Duration::from_millis(10));
    };
    Output { status, stdout: out.join().unwrap().unwrap(), stderr: err.join().unwrap().unwrap() }
}

/// `(path, status, error or reason)` of every file of a JSON report.
fn statuses(report: &Value) -> Vec<(String, String, String)> {
    report["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            let why = f["error"].as_str().or(f["reason"].as_str()).unwrap_or("");
            (f["path"].as_str().unwrap().to_owned(), f["status"].as_str().unwrap().to_owned(), why.to_owned())
        })
        .collect()
}

#[cfg(unix)]
fn mkfifo(path: &Path) {
    let status = Command::new("mkfifo").arg(path).status().expect("mkfifo");
    assert!(status.success());
}

#[cfg(unix)]
#[test]
fn devices_pipes_and_links_out_of_the_directory_are_skipped_and_named() {
    use std::os::unix::fs::symlink;
    let dir = scratch("hostile");
    let outside = scratch("hostile-outside");
    std::fs::copy(root().join("cli/tests/input/clean.template"), dir.join("a-clean.yaml")).unwrap();
    std::fs::copy(root().join("tests/input/seeds/000-broken.yaml"), outside.join("secret.yaml")).unwrap();
    symlink("/dev/zero", dir.join("zero.yaml")).unwrap();
    symlink(outside.join("secret.yaml"), dir.join("out.yaml")).unwrap();
    symlink("a-clean.yaml", dir.join("within.yaml")).unwrap();
    mkfifo(&dir.join("pipe.yaml"));
    let d = dir.to_str().unwrap();
    let output = audit_within_time(&["--format", "json", d]);
    let report: Value = serde_json::from_str(&stdout(&output)).unwrap();
    let at = |name: &str| format!("{d}/{name}");
    assert_eq!(
        statuses(&report),
        [
            (at("a-clean.yaml"), "checked".to_owned(), String::new()),
            (
                at("out.yaml"),
                "skipped".to_owned(),
                format!(
                    "a symbolic link to {}, outside the files and directories given: not followed",
                    std::fs::canonicalize(outside.join("secret.yaml")).unwrap().display()
                )
            ),
            (
                at("pipe.yaml"),
                "skipped".to_owned(),
                "a named pipe (FIFO): not read (reading it could wait for ever)".to_owned()
            ),
            (at("within.yaml"), "checked".to_owned(), String::new()),
            (
                at("zero.yaml"),
                "skipped".to_owned(),
                "a symbolic link to /dev/zero, outside the files and directories given: not followed".to_owned()
            ),
        ]
    );
    // The file outside was not judged: its finding is not reported. Skipped files leave the exit code.
    assert_eq!(report["summary"]["errors"], 0);
    assert_eq!((report["summary"]["skipped"].as_u64(), report["summary"]["checked"].as_u64()), (Some(3), Some(2)));
    assert_eq!(code(&output), 0);
    // The text report names them too.
    let output = audit_within_time(&[d]);
    let text = stdout(&output);
    assert!(text.contains(&format!("{d}/pipe.yaml: skipped: a named pipe (FIFO)")), "{text}");
    assert!(
        text.ends_with(
            "typed-cfn audit: 2 files checked, 0 unreadable, 3 skipped: 0 errors, 0 warnings, 0 suppressed\n"
        ),
        "{text}"
    );
    // So does SARIF, as warnings of a run that succeeded.
    let output = audit_within_time(&["--format", "sarif", d]);
    let sarif: Value = serde_json::from_str(&stdout(&output)).unwrap();
    let invocation = &sarif["runs"][0]["invocations"][0];
    assert_eq!(invocation["executionSuccessful"], true);
    let notes = invocation["toolExecutionNotifications"].as_array().unwrap();
    assert_eq!(notes.len(), 3);
    assert!(
        notes.iter().all(|n| n["level"] == "warning" && n["message"]["text"].as_str().unwrap().contains("was skipped"))
    );
}

#[cfg(unix)]
#[test]
fn a_device_or_a_pipe_named_on_the_command_line_is_an_input_error_not_a_wait() {
    use std::os::unix::fs::symlink;
    let dir = scratch("hostile-given");
    mkfifo(&dir.join("idle.yaml"));
    // A pipe with a writer (opened read-write, so the open does not wait): 64 KB are waiting.
    mkfifo(&dir.join("busy.yaml"));
    let mut writer = std::fs::OpenOptions::new().read(true).write(true).open(dir.join("busy.yaml")).unwrap();
    std::io::Write::write_all(&mut writer, &[b'a'; 60_000]).unwrap();
    symlink("/dev/zero", dir.join("zero.yaml")).unwrap();
    let paths: Vec<String> =
        ["idle.yaml", "busy.yaml", "zero.yaml"].iter().map(|n| dir.join(n).display().to_string()).collect();
    let mut args = vec!["--format", "json", "/dev/zero", "/dev/null"];
    args.extend(paths.iter().map(String::as_str));
    let output = audit_within_time(&args);
    assert_eq!(code(&output), 2, "{}", stderr(&output));
    let report: Value = serde_json::from_str(&stdout(&output)).unwrap();
    let found: Vec<(String, String)> = statuses(&report).into_iter().map(|(_, status, why)| (status, why)).collect();
    let device = "a character device: not read (reading a device could never end)";
    let pipe = "a named pipe (FIFO): not read (reading it could wait for ever)";
    let unreadable = |why: &str| ("unreadable".to_owned(), why.to_owned());
    assert_eq!(
        found,
        [
            unreadable(device),
            unreadable(device),
            unreadable(pipe),
            unreadable(pipe),
            // `/dev` is a root here (the directory of `/dev/zero`, given): the link leads into it.
            unreadable("a symbolic link to a character device: not read (reading a device could never end)"),
        ]
    );
    // Given alone, the link leads out of the roots (the directory it is in).
    let output = audit_within_time(&["--format", "json", &paths[2]]);
    assert_eq!(code(&output), 2);
    let report: Value = serde_json::from_str(&stdout(&output)).unwrap();
    assert_eq!(
        statuses(&report)[0].2,
        "a symbolic link to /dev/zero, outside the files and directories given: not followed"
    );
    drop(writer);
}

#[cfg(target_os = "linux")]
#[test]
fn alias_bombs_through_the_command_line_stay_within_a_memory_limit() {
    // The program runs with its address space limited to 512 MB (threads' stacks included):
    // were a bomb expanded, the allocation would fail and the program abort.
    let dir = scratch("bombs");
    let mut wide = String::from("Resources:\n  T:\n    Type: AWS::SNS::Topic\nMetadata:\n");
    wide.push_str(&format!("  a: &a [{}]\n", vec!["x"; 300].join(",")));
    wide.push_str(&format!("  b: &b [{}]\n", vec!["*a"; 200].join(",")));
    wide.push_str(&format!("  c: &c [{}]\n", vec!["*b"; 200].join(",")));
    let mut string =
        format!("Resources:\n  T:\n    Type: AWS::SNS::Topic\nMetadata:\n  s: &s \"{}\"\n", "x".repeat(1200));
    string.push_str(&format!("  a: &a [{}]\n", vec!["*s"; 300].join(",")));
    string.push_str(&format!("  b: &b [{}]\n", vec!["*a"; 200].join(",")));
    std::fs::write(dir.join("wide.yaml"), &wide).unwrap();
    std::fs::write(dir.join("string.yaml"), &string).unwrap();
    assert!(wide.len() < 4096 && string.len() < 4096);
    let output = Command::new("sh")
        .arg("-c")
        .arg("ulimit -v 524288 && exec \"$0\" audit --format json \"$1\"")
        .arg(env!("CARGO_BIN_EXE_typed-cfn"))
        .arg(&dir)
        .output()
        .unwrap();
    assert_eq!(code(&output), 2, "{}", stderr(&output));
    let report: Value = serde_json::from_str(&stdout(&output)).unwrap();
    for (_, status, why) in statuses(&report) {
        assert_eq!(status, "unreadable");
        assert!(why.contains("the document expands to more than"), "{why}");
    }
}

#[cfg(target_os = "linux")]
#[test]
fn a_closed_standard_output_is_an_error_with_a_message() {
    let output = Command::new("sh")
        .arg("-c")
        .arg("exec \"$0\" audit cli/tests/input/clean.template >&-")
        .arg(env!("CARGO_BIN_EXE_typed-cfn"))
        .current_dir(root())
        .output()
        .unwrap();
    assert_eq!(code(&output), 2);
    assert!(stderr(&output).contains("the report was not written: standard output is closed"), "{}", stderr(&output));
    // `> /dev/null` is a choice, not a closed output: the audit's own exit code.
    let output = Command::new("sh")
        .arg("-c")
        .arg("exec \"$0\" audit tests/input/seeds/000-broken.json > /dev/null")
        .arg(env!("CARGO_BIN_EXE_typed-cfn"))
        .current_dir(root())
        .output()
        .unwrap();
    assert_eq!(code(&output), 1, "{}", stderr(&output));
    // With `--out`, standard output is not needed.
    let report = scratch("closed-stdout").join("report.json");
    let output = Command::new("sh")
        .arg("-c")
        .arg("exec \"$0\" audit --out \"$1\" cli/tests/input/clean.template >&-")
        .arg(env!("CARGO_BIN_EXE_typed-cfn"))
        .arg(&report)
        .current_dir(root())
        .output()
        .unwrap();
    assert_eq!(code(&output), 0, "{}", stderr(&output));
    assert!(
        std::fs::read_to_string(&report)
            .unwrap()
            .ends_with("1 file checked, 0 unreadable: 0 errors, 0 warnings, 0 suppressed\n")
    );
}

#[cfg(unix)]
#[test]
fn out_onto_a_pipe_nobody_reads_is_an_error_not_a_wait() {
    let dir = scratch("out-fifo");
    let pipe = dir.join("report.fifo");
    mkfifo(&pipe);
    let output = audit_within_time(&["--out", pipe.to_str().unwrap(), "cli/tests/input/clean.template"]);
    assert_eq!(code(&output), 2);
    assert!(stderr(&output).contains("no process reads from this named pipe"), "{}", stderr(&output));
}

/// The SARIF report validated against SARIF 2.1.0's JSON schema (pinned in `cli/tests/sarif/`,
/// see its PROVENANCE.md) with Python's `jsonschema` package (`python3`, or `SARIF_PYTHON`).
#[test]
fn the_sarif_report_validates_against_the_pinned_2_1_0_schema_with_every_rule_documented() {
    let dir = scratch("sarif-schema");
    #[cfg(unix)]
    std::os::unix::fs::symlink("/dev/zero", dir.join("zero.yaml")).unwrap();
    std::fs::copy(root().join("tests/input/seeds/000-broken.yaml"), dir.join("broken.yaml")).unwrap();
    let output = audit(&[
        "--format",
        "sarif",
        "tests/input/seeds/000-broken.json",
        "cli/tests/input/suppressed.yaml",
        "cli/tests/input/broken.yaml",
        dir.to_str().unwrap(),
    ]);
    assert_eq!(code(&output), 2);
    let report = dir.join("report.sarif");
    std::fs::write(&report, &output.stdout).unwrap();
    let python = std::env::var("SARIF_PYTHON").unwrap_or_else(|_| "python3".to_owned());
    let script = "import json, sys, jsonschema\n\
                  schema = json.load(open(sys.argv[1]))\n\
                  errors = list(jsonschema.Draft4Validator(schema).iter_errors(json.load(open(sys.argv[2]))))\n\
                  for e in errors: print(list(e.absolute_path), e.message)\n\
                  sys.exit(1 if errors else 0)";
    let checked = Command::new(&python)
        .args(["-c", script])
        .arg(root().join("cli/tests/sarif/sarif-2.1.0-rtm.5.json"))
        .arg(&report)
        .output()
        .unwrap_or_else(|e| panic!("{python}: {e}; install Python 3 with `jsonschema`, or set SARIF_PYTHON"));
    assert!(
        checked.status.success(),
        "not valid SARIF 2.1.0:\n{}{}",
        String::from_utf8_lossy(&checked.stdout),
        String::from_utf8_lossy(&checked.stderr)
    );
    // Every rule: a full description, the AWS pages it rests on, and its page on the web.
    let sarif: Value = serde_json::from_slice(&output.stdout).unwrap();
    let rules = sarif["runs"][0]["tool"]["driver"]["rules"].as_array().unwrap();
    assert_eq!(rules.len(), cfn_model::check::Rule::ALL.len() + 2);
    let repository = env!("CARGO_PKG_REPOSITORY");
    for rule in rules {
        let id = rule["id"].as_str().unwrap();
        let full = rule["fullDescription"]["text"].as_str().unwrap_or("");
        assert!(full.trim().len() > 20, "{id}: {full:?}");
        let help_uri = rule["helpUri"].as_str().unwrap_or("");
        assert!(help_uri.starts_with(&format!("{repository}/blob/main/")), "{id}: {help_uri}");
        let page = help_uri.strip_prefix(&format!("{repository}/blob/main/")).unwrap();
        assert!(root().join(page).is_file(), "{id}: {page} is no file of the repository");
        let aws = rule["properties"]["awsDocumentation"].as_array().unwrap();
        assert!(!aws.is_empty(), "{id}");
        let help = rule["help"]["text"].as_str().unwrap();
        for url in aws {
            let url = url.as_str().unwrap();
            assert!(url.starts_with("https://docs.aws.amazon.com/") && help.contains(url), "{id}: {url}");
        }
    }
}

// Adoption: a configuration file and a baseline.

/// Runs the program in `dir` (where `.typed-cfn.toml` is looked for).
fn audit_in(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_typed-cfn")).arg("audit").args(args).current_dir(dir).output().unwrap()
}

#[test]
fn the_configuration_skips_paths_turns_rules_off_and_sets_levels() {
    let dir = scratch("config");
    std::fs::create_dir_all(dir.join("templates")).unwrap();
    std::fs::create_dir_all(dir.join("vendor")).unwrap();
    let seeds = root().join("tests/input/seeds");
    std::fs::copy(seeds.join("000-broken.json"), dir.join("templates/keys.json")).unwrap();
    std::fs::copy(seeds.join("004-fixed.json"), dir.join("templates/db.json")).unwrap();
    std::fs::copy(seeds.join("000-broken.yaml"), dir.join("vendor/theirs.yaml")).unwrap();
    // Without a configuration: the error, the two warnings of the database and the one of the key,
    // and the vendored file's error and warning.
    let (code_before, before) = {
        let output = audit_in(&dir, &["--format", "json", "."]);
        (code(&output), serde_json::from_slice::<Value>(&output.stdout).unwrap())
    };
    assert_eq!(code_before, 1);
    assert_eq!((&before["summary"]["errors"], &before["summary"]["warnings"]), (&2.into(), &4.into()));
    std::fs::write(
        dir.join(".typed-cfn.toml"),
        "skip = [\"vendor/\"]\n[rules]\nservice-log-group-missing = \"off\"\nlog-group-key-denies-logs = \"warning\"\n",
    )
    .unwrap();
    let output = audit_in(&dir, &["--format", "json", "."]);
    assert_eq!(code(&output), 0, "{}", stderr(&output));
    let report: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(
        statuses(&report).iter().map(|(p, s, why)| (p.as_str(), s.as_str(), why.as_str())).collect::<Vec<_>>(),
        [
            ("./templates/db.json", "checked", ""),
            ("./templates/keys.json", "checked", ""),
            ("./vendor/theirs.yaml", "skipped", "matches `vendor/` of `skip` in .typed-cfn.toml"),
        ]
    );
    let files = report["files"].as_array().unwrap();
    let suppressed = files[0]["suppressed"].as_array().unwrap();
    assert_eq!(suppressed.len(), 2);
    assert!(suppressed.iter().all(
        |s| s["rule"] == "service-log-group-missing" && s["reason"] == "the rule is turned off in .typed-cfn.toml"
    ));
    assert_eq!(
        findings_of(&files[1]),
        [
            triple("warning", "service-grant-without-source", "EncryptionKey"),
            triple("warning", "log-group-key-denies-logs", "FlowLogsLogGroup")
        ]
    );
    // --warnings-as-errors still counts the rule made a warning.
    assert_eq!(code(&audit_in(&dir, &["--warnings-as-errors", "."])), 1);
    // A mistake in the configuration stops the run, with what is wrong.
    std::fs::write(dir.join("other.toml"), "[rules]\nlog-group-key-is-arn = \"off\"\n").unwrap();
    let output = audit_in(&dir, &["--config", "other.toml", "."]);
    assert_eq!(code(&output), 2);
    assert!(
        stderr(&output).starts_with("typed-cfn: the configuration other.toml: [rules] names `log-group-key-is-arn`, which is no rule of typed-cfn"),
        "{}",
        stderr(&output)
    );
    assert!(output.stdout.is_empty());
}

fn findings_of(file: &Value) -> Vec<(String, String, String)> {
    file["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| triple(f["level"].as_str().unwrap(), f["rule"].as_str().unwrap(), f["resource"].as_str().unwrap()))
        .collect()
}

#[test]
fn a_baseline_reports_old_findings_as_existing_and_fails_only_on_new_ones() {
    let dir = scratch("baseline");
    let seeds = root().join("tests/input/seeds");
    std::fs::copy(seeds.join("000-broken.yaml"), dir.join("stack.yaml")).unwrap();
    std::fs::copy(seeds.join("004-broken.json"), dir.join("db.json")).unwrap();
    // Recording the findings: they are all existing now, and the run passes.
    let output = audit_in(&dir, &["--write-baseline", "baseline.json", "--format", "json", "stack.yaml", "db.json"]);
    assert_eq!(code(&output), 0, "{}", stderr(&output));
    let recorded: Value = serde_json::from_str(&std::fs::read_to_string(dir.join("baseline.json")).unwrap()).unwrap();
    assert_eq!(recorded["schema"], "typed-cfn-baseline/1");
    let count = recorded["findings"].as_array().unwrap().len();
    assert!(count >= 2, "{recorded:#}");
    // The template's resources move down (a comment and a new clean resource above them): the
    // findings keep their fingerprints.
    let moved = std::fs::read_to_string(dir.join("stack.yaml")).unwrap().replacen(
        "Resources:\n",
        "Resources:\n  # moved down\n  Notes:\n    Type: AWS::CloudFormation::WaitConditionHandle\n\n",
        1,
    );
    std::fs::write(dir.join("stack.yaml"), moved).unwrap();
    let output = audit_in(&dir, &["--baseline", "baseline.json", "--format", "json", "stack.yaml", "db.json"]);
    assert_eq!(code(&output), 0, "{}", stderr(&output));
    let report: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(report["summary"]["existing"], count);
    // A new finding (the same broken stack under a new name) fails the run; the old ones do not.
    std::fs::copy(seeds.join("000-broken.json"), dir.join("new.json")).unwrap();
    let output =
        audit_in(&dir, &["--baseline", "baseline.json", "--format", "sarif", "stack.yaml", "db.json", "new.json"]);
    assert_eq!(code(&output), 1);
    let sarif: Value = serde_json::from_slice(&output.stdout).unwrap();
    let states: Vec<(String, String)> = sarif["runs"][0]["results"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["level"] == "error")
        .map(|r| {
            let file = r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"].as_str().unwrap();
            (file.to_owned(), r["baselineState"].as_str().unwrap().to_owned())
        })
        .collect();
    assert!(states.iter().any(|(f, s)| f == "new.json" && s == "new"), "{states:?}");
    assert!(states.iter().filter(|(f, _)| f != "new.json").all(|(_, s)| s == "unchanged"), "{states:?}");
    // The text report says which are existing.
    let output = audit_in(&dir, &["--baseline", "baseline.json", "stack.yaml", "new.json"]);
    let text = stdout(&output);
    assert!(text.contains("stack.yaml:") && text.contains(": error (existing)[log-group-key-denies-logs]"), "{text}");
    assert!(text.contains("new.json:") && text.contains(": error[log-group-key-denies-logs]"), "{text}");
    // A file that is no baseline is an error.
    let output = audit_in(&dir, &["--baseline", "stack.yaml", "stack.yaml"]);
    assert_eq!(code(&output), 2);
    assert!(
        stderr(&output).contains("is not JSON") || stderr(&output).contains("is not a baseline"),
        "{}",
        stderr(&output)
    );
}

// What a YAML or JSON template's audit says is in the template's terms: the fix as properties,
// statements and intrinsic functions, never the typed Rust API (a grant, a constructor, a macro)
// that typed code's errors name besides.
#[test]
fn the_audit_names_no_typed_api() {
    // Templates that trip the rules the committed inputs do not: CloudFront standard logs into a
    // bucket with S3's default ownership, and a bucket's server access logs into an SSE-KMS bucket.
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("audit-names-no-typed-api");
    std::fs::create_dir_all(&dir).expect("a directory for the templates");
    let cloudfront = "Resources:\n  Logs:\n    Type: AWS::S3::Bucket\n  Site:\n    Type: AWS::CloudFront::Distribution\n    Properties:\n      DistributionConfig:\n        Enabled: true\n        Logging: {Bucket: !GetAtt Logs.RegionalDomainName}\n";
    let access_logs = "Resources:\n  Logs:\n    Type: AWS::S3::Bucket\n    Properties:\n      BucketEncryption:\n        ServerSideEncryptionConfiguration:\n          - ServerSideEncryptionByDefault: {SSEAlgorithm: 'aws:kms'}\n  Data:\n    Type: AWS::S3::Bucket\n    Properties:\n      LoggingConfiguration: {DestinationBucketName: !Ref Logs}\n";
    std::fs::write(dir.join("cloudfront-logs.yaml"), cloudfront).expect("write a template");
    std::fs::write(dir.join("access-logs-to-kms.yaml"), access_logs).expect("write a template");
    let dir = dir.to_str().expect("a UTF-8 path");
    let inputs = ["cli/tests/input", "tests/input", dir];
    let mut rules = std::collections::BTreeSet::new();
    for scope in [&[][..], &["--scope", "pci"][..]] {
        let text = stdout(&audit(&[scope, &inputs[..]].concat()));
        for api in [
            "`.grant(",
            ".grant(",
            "ServiceRole::",
            "sub!",
            "KmsKey<",
            "::new(",
            "key.arn()",
            "queue.arn()",
            "LogsGrant::",
            "KeyPolicy::",
            "Statement::allow",
            "EncryptedLogGroup",
            "SecureBucket",
            "AccessLogBucket",
            "DatabaseSecret",
            "⟦",
            "‖",
        ] {
            assert!(!text.contains(api), "the audit names the typed API `{api}`:\n{text}");
        }
        rules.extend(text.lines().filter_map(|l| {
            Some(l.split_once("error[").or(l.split_once("warning["))?.1.split(']').next()?.to_owned())
        }));
    }
    // The rules whose messages had a typed hint, each tripped at least once above.
    for rule in [
        "delivery-key-denies-service",
        "delivery-policy-denies-service",
        "service-log-group-missing",
        "log-group-key-denies-logs",
        "log-group-key-not-arn",
        "logs-grant-without-context",
        "queue-url-for-arn",
        "database-username-not-static",
        "scoped-type-without-guarantee",
        "scoped-store-without-customer-key",
        "log-bucket-acls-disabled",
        "log-bucket-not-sse-s3",
    ] {
        assert!(rules.contains(rule), "no input tripped `{rule}`: {rules:?}");
    }
}
