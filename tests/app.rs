//! Apps of many stacks (`typed_cfn::app`): references across stacks become exports and imports
//! with a deploy order, types survive the crossing, a circle of imports is refused, the final
//! check sees across stacks, the directory is byte-deterministic, nested stacks and StackSets.

mod common;

use serde_json::json;
use typed_cfn::app::{App, AppError, AppProblem, StackSet};
use typed_cfn::resources::logs::LogGroup;
use typed_cfn::resources::sqs::Queue;
use typed_cfn::secure::{EncryptedLogGroup, Grants, KeyPolicy, KmsKey, LogsGrant, Pci, Stack};
use typed_cfn::{Attributes, Format, Handle, Output, Template, sub};

fn logs_key(t: &mut Template) -> Handle<KmsKey<Grants<LogsGrant>>> {
    t.add_with(
        "LogsKey",
        KmsKey::new(KeyPolicy::account_root().grant_logs(LogsGrant::account_wide())),
        Attributes::retain(),
    )
}

fn json_of(emitted: &typed_cfn::app::EmittedApp, file: &str) -> serde_json::Value {
    serde_json::from_str(emitted.file(file).unwrap_or_else(|| panic!("no {file}"))).unwrap()
}

/// Two stacks: `keys` holds a key with the Logs grant, `service` a log group under it.
fn keys_and_service() -> App {
    let mut keys = Template::new();
    let key = logs_key(&mut keys);
    let mut service = Template::new();
    // The key's type crossed with its handle: `kms_key_id` still demands the Logs grant.
    service.add_with("ServiceLogs", LogGroup::new().kms_key_id(key.arn()).retention_in_days(365), Attributes::retain());
    service.add_with(
        "Queue",
        Queue::new().kms_master_key_id(key.reference()).message_retention_period(345_600),
        Attributes::retain(),
    );
    let mut app = App::new("shop");
    // Added in the wrong order on purpose: the order comes from the imports.
    app.add_stack("service", service);
    app.add_stack("keys", keys);
    app
}

#[test]
fn a_reference_across_stacks_is_an_export_and_an_import_with_the_order() {
    let emitted = keys_and_service().emit(Format::Json).unwrap();
    assert_eq!(emitted.order, ["keys", "service"]);
    assert_eq!(
        json_of(&emitted, "keys.json")["Outputs"],
        json!({
            "LogsKeyArn": {
                "Description": "LogsKey.Arn, exported for the app's other stacks",
                "Value": {"Fn::GetAtt": ["LogsKey", "Arn"]},
                "Export": {"Name": "shop-keys-LogsKey-Arn"}
            },
            "LogsKeyRef": {
                "Description": "LogsKey, exported for the app's other stacks",
                "Value": {"Ref": "LogsKey"},
                "Export": {"Name": "shop-keys-LogsKey"}
            }
        })
    );
    assert_eq!(
        json_of(&emitted, "service.json")["Resources"],
        json!({
            "ServiceLogs": {
                "Type": "AWS::Logs::LogGroup",
                "DeletionPolicy": "Retain",
                "UpdateReplacePolicy": "Retain",
                "Properties": {"KmsKeyId": {"Fn::ImportValue": "shop-keys-LogsKey-Arn"}, "RetentionInDays": 365}
            },
            "Queue": {
                "Type": "AWS::SQS::Queue",
                "DeletionPolicy": "Retain",
                "UpdateReplacePolicy": "Retain",
                "Properties": {"KmsMasterKeyId": {"Fn::ImportValue": "shop-keys-LogsKey"}, "MessageRetentionPeriod": 345600}
            }
        })
    );
    let manifest = json_of(&emitted, "manifest.json");
    assert_eq!(manifest["deployOrder"], json!(["keys", "service"]));
    assert_eq!(
        manifest["stacks"][1]["exports"],
        json!([
            {"name": "shop-keys-LogsKey-Arn", "output": "LogsKeyArn", "importedBy": ["service"]},
            {"name": "shop-keys-LogsKey", "output": "LogsKeyRef", "importedBy": ["service"]}
        ])
    );
    assert_eq!(manifest["stacks"][0]["deployedAfter"], json!(["keys"]));
    assert_eq!(
        emitted.file("deploy.sh").unwrap(),
        "#!/bin/sh\n\
         # Deploys app `shop`, written by typed-cfn: each stack after the stacks it imports from.\n\
         set -eu\n\
         cd \"$(dirname \"$0\")\"\n\
         aws cloudformation deploy --stack-name shop-keys --template-file keys.json --no-fail-on-empty-changeset\n\
         aws cloudformation deploy --stack-name shop-service --template-file service.json --no-fail-on-empty-changeset\n"
    );
}

/// A resource for a stack that holds nothing else: CloudFormation requires one.
fn placeholder(template: &mut Template, logical_id: &str) {
    template.add_raw(logical_id, typed_cfn::RawResource::new("AWS::CloudFormation::WaitConditionHandle"));
}

#[test]
fn a_name_inside_a_sub_string_crosses_as_a_variable() {
    let mut keys = Template::new();
    let key = logs_key(&mut keys);
    let mut service = Template::new();
    placeholder(&mut service, "ServiceHandle");
    service.output(
        "KeyPolicyConsole",
        Output::new(sub!("https://console.aws.amazon.com/kms/home#/keys/${Key}", Key = key.reference())),
    );
    service.output("KeyArnText", Output::new(typed_cfn::fns::sub("key ${LogsKey.Arn} in ${AWS::Region}")));
    let mut app = App::new("shop");
    app.add_stack("keys", keys);
    app.add_stack("service", service);
    let emitted = app.emit(Format::Json).unwrap();
    assert_eq!(
        json_of(&emitted, "service.json")["Outputs"],
        json!({
            "KeyPolicyConsole": {"Value": {"Fn::Sub": [
                "https://console.aws.amazon.com/kms/home#/keys/${LogsKey}",
                {"LogsKey": {"Fn::ImportValue": "shop-keys-LogsKey"}}
            ]}},
            "KeyArnText": {"Value": {"Fn::Sub": [
                "key ${LogsKeyArn} in ${AWS::Region}",
                {"LogsKeyArn": {"Fn::ImportValue": "shop-keys-LogsKey-Arn"}}
            ]}}
        })
    );
}

#[test]
fn a_circle_of_imports_is_refused_naming_the_stacks() {
    let mut a = Template::new();
    let queue_a = a.add("QueueA", Queue::new());
    let mut b = Template::new();
    let queue_b = b.add(
        "QueueB",
        Queue::new().redrive_policy(json!({"deadLetterTargetArn": queue_a.arn().node().to_json_value()})),
    );
    a.output("Other", Output::new(queue_b.arn()));
    let mut app = App::new("loop");
    app.add_stack("alpha", a);
    app.add_stack("beta", b);
    let error = app.emit(Format::Json).unwrap_err();
    assert_eq!(
        error.to_string(),
        "app `loop` cannot be deployed as it is:\n  - stacks `alpha` -> `beta` -> `alpha` import from each other in a circle \
         (`alpha` imports QueueB.Arn from `beta`; `beta` imports QueueA.Arn from `alpha`); CloudFormation cannot deploy any of them \
         first. Move what they share into a stack of its own that all of them import from"
    );
}

#[test]
fn the_app_wide_check_judges_a_key_in_one_stack_for_a_log_group_in_another() {
    // Both stacks untyped, as read from files: the key's policy lets only the account in.
    let keys = Template::from_json(
        r#"{"Resources": {"SharedKey": {"Type": "AWS::KMS::Key", "Properties": {"KeyPolicy": {
            "Version": "2012-10-17",
            "Statement": [{"Sid": "Root", "Effect": "Allow",
                "Principal": {"AWS": {"Fn::Sub": "arn:${AWS::Partition}:iam::${AWS::AccountId}:root"}},
                "Action": "kms:*", "Resource": "*"}]}}}}}"#,
    )
    .unwrap();
    let service = Template::from_json(
        r#"{"Resources": {"AppLogs": {"Type": "AWS::Logs::LogGroup", "Properties": {
            "LogGroupName": "/app/logs", "KmsKeyId": {"Fn::GetAtt": ["SharedKey", "Arn"]}}}}}"#,
    )
    .unwrap();
    // Each alone passes: the key has no group, and the group's key is not in its stack.
    assert!(keys.to_json().is_ok());
    let mut app = App::new("shop");
    app.add_stack("keys", keys);
    app.add_stack("service", service);
    let error = app.emit(Format::Json).unwrap_err();
    let found: Vec<_> = error
        .problems()
        .iter()
        .map(|p| match p {
            AppProblem::Finding { stack, finding } => (stack.as_str(), finding.logical_id.as_str(), finding.rule.id()),
            other => panic!("unexpected {other}"),
        })
        .collect();
    assert_eq!(found, [("service", "AppLogs", "log-group-key-denies-logs")]);
    let text = error.to_string();
    assert!(text.contains("stack `service`: Resources.AppLogs: CloudWatch Logs cannot use key `SharedKey`"), "{text}");
}

/// A bucket in one stack notifies a topic of another: the importing stack is created only after
/// the exporting one has finished, so the topic's policy already exists and no `DependsOn` is
/// needed (<https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/using-cfn-stack-exports.html>).
/// The same policy written in the bucket's own stack, with no `DependsOn`, is still refused.
#[test]
fn a_delivery_to_a_policy_in_an_earlier_stack_needs_no_depends_on() {
    let topic = r#""Topic": {"Type": "AWS::SNS::Topic"}"#;
    let policy = r#""TopicPolicy": {"Type": "AWS::SNS::TopicPolicy", "Properties": {"Topics": [{"Ref": "Topic"}],
        "PolicyDocument": {"Version": "2012-10-17", "Statement": [{"Effect": "Allow",
            "Principal": {"Service": "s3.amazonaws.com"}, "Action": "sns:Publish", "Resource": {"Ref": "Topic"},
            "Condition": {"StringEquals": {"aws:SourceAccount": {"Ref": "AWS::AccountId"}}}}]}}}"#;
    let bucket = r#""Uploads": {"Type": "AWS::S3::Bucket", "Properties": {"NotificationConfiguration": {
        "TopicConfigurations": [{"Event": "s3:ObjectCreated:*", "Topic": {"Ref": "Topic"}}]}}}"#;
    let found = |messaging: &[&str], storage: &[&str]| {
        let stack = |resources: &[&str]| {
            Template::from_json(&format!(r#"{{"Resources": {{{}}}}}"#, resources.join(","))).unwrap()
        };
        let mut app = App::new("shop");
        app.add_stack("messaging", stack(messaging));
        app.add_stack("storage", stack(storage));
        match app.emit(Format::Json) {
            Ok(_) => Vec::new(),
            Err(error) => error
                .problems()
                .iter()
                .map(|p| match p {
                    AppProblem::Finding { stack, finding } => {
                        format!("{stack}.{}: {}", finding.logical_id, finding.rule.id())
                    }
                    other => other.to_string(),
                })
                .collect(),
        }
    };
    assert_eq!(found(&[topic, policy], &[bucket]), Vec::<String>::new());
    assert_eq!(found(&[topic], &[policy, bucket]), ["storage.Uploads: delivery-before-policy"]);
}

#[test]
fn each_stack_is_held_to_its_scope_or_the_apps() {
    let mut keys = Stack::<Pci>::new();
    let key = keys.add("LogsKey", KmsKey::new(KeyPolicy::account_root().grant_logs(LogsGrant::account_wide())));
    let mut plain = Template::new();
    plain.add("Unencrypted", Queue::new());
    plain.add("Encrypted", Queue::new().kms_master_key_id(key.arn()));
    let mut app = App::new("shop");
    app.add_stack("keys", keys);
    app.add_stack("queues", plain.clone());
    assert!(app.emit(Format::Json).is_ok(), "outside a scope, an unencrypted queue passes");
    let mut app = App::new("shop").with_scope::<Pci>();
    let key_stack = Stack::<Pci>::new();
    app.add_stack("keys", key_stack);
    let mut keys = Template::new();
    logs_key(&mut keys);
    app.add_stack("more-keys", keys);
    app.add_stack("queues", plain);
    let error = app.emit(Format::Json).unwrap_err();
    let found: Vec<_> = error
        .problems()
        .iter()
        .filter_map(|p| match p {
            AppProblem::Finding { stack, finding } => {
                Some((stack.as_str(), finding.logical_id.as_str(), finding.rule.id()))
            }
            _ => None,
        })
        .collect();
    assert_eq!(found, [("queues", "Unencrypted", "scoped-store-without-customer-key")]);
}

#[test]
fn a_reference_no_stack_answers_names_the_app() {
    let mut elsewhere = Template::new();
    let key = logs_key(&mut elsewhere);
    let mut service = Template::new();
    service.add("ServiceLogs", LogGroup::new().kms_key_id(key.arn()));
    let mut app = App::new("shop");
    app.add_stack("service", service);
    let error = app.emit(Format::Json).unwrap_err();
    assert_eq!(
        error.to_string(),
        "app `shop` cannot be deployed as it is:\n  - stack `service`: Resources.ServiceLogs.Properties.KmsKeyId names `LogsKey`, \
         which no stack of the app declares; add the stack that holds it to the App (`App::add_stack`), or fix the name"
    );
}

#[test]
fn a_logical_id_declared_by_two_stacks_is_refused() {
    let mut a = Template::new();
    logs_key(&mut a);
    let mut b = Template::new();
    logs_key(&mut b);
    let mut app = App::new("shop");
    app.add_stack("a", a);
    app.add_stack("b", b);
    let error = app.emit(Format::Json).unwrap_err();
    assert!(
        matches!(error.problems(), [AppProblem::DuplicateLogicalId { logical_id, stacks }] if logical_id == "LogsKey" && stacks == &["a", "b"]),
        "{error}"
    );
}

#[test]
fn the_app_directory_is_byte_deterministic() {
    let dir = common::root().join("target/app-test/determinism");
    let _ = std::fs::remove_dir_all(&dir);
    for format in [Format::Json, Format::Yaml] {
        let first = keys_and_service().write_dir(&dir, format).unwrap();
        let read = || {
            let mut files: Vec<(String, Vec<u8>)> = std::fs::read_dir(&dir)
                .unwrap()
                .map(|e| e.unwrap().path())
                .map(|p| (p.file_name().unwrap().to_string_lossy().into_owned(), std::fs::read(&p).unwrap()))
                .collect();
            files.sort();
            files
        };
        let once = read();
        let second = keys_and_service().write_dir(&dir, format).unwrap();
        assert_eq!(first, second);
        assert_eq!(once, read());
        let names: Vec<&str> = once.iter().map(|(n, _)| n.as_str()).collect();
        let ext = if format == Format::Yaml { "yaml" } else { "json" };
        let expected =
            ["deploy.sh".to_owned(), format!("keys.{ext}"), "manifest.json".to_owned(), format!("service.{ext}")];
        assert_eq!(names, expected);
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt as _;
        let mode = std::fs::metadata(dir.join("deploy.sh")).unwrap().permissions().mode();
        assert_eq!(mode & 0o111, 0o111, "deploy.sh is executable");
    }
    // Nothing is left beside the directory.
    let leftovers: Vec<_> = std::fs::read_dir(dir.parent().unwrap())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with('.'))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

#[test]
fn a_new_version_removes_the_templates_it_no_longer_has_and_nothing_else() {
    let dir = common::root().join("target/app-test/versions");
    let _ = std::fs::remove_dir_all(&dir);
    keys_and_service().write_dir(&dir, Format::Json).unwrap();
    std::fs::write(dir.join("NOTES.md"), "kept").unwrap();
    let mut keys = Template::new();
    logs_key(&mut keys);
    let mut app = App::new("shop");
    app.add_stack("keys", keys);
    app.write_dir(&dir, Format::Json).unwrap();
    let mut names: Vec<String> =
        std::fs::read_dir(&dir).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
    names.sort();
    assert_eq!(names, ["NOTES.md", "deploy.sh", "keys.json", "manifest.json"]);
}

#[test]
fn an_invalid_app_writes_nothing() {
    let dir = common::root().join("target/app-test/invalid");
    let _ = std::fs::remove_dir_all(&dir);
    keys_and_service().write_dir(&dir, Format::Json).unwrap();
    let before = std::fs::read(dir.join("keys.json")).unwrap();
    let mut app = App::new("bad name");
    app.add_stack("keys", Template::new());
    let error = app.write_dir(&dir, Format::Json).unwrap_err();
    assert!(matches!(error, AppError::Invalid { .. }));
    assert_eq!(std::fs::read(dir.join("keys.json")).unwrap(), before);
}

/// A parent holding a key, a child holding the log groups under it, and a parent output of the
/// child's group.
fn nested() -> App {
    let mut parent = Stack::<Pci>::new();
    let key = parent.add_with(
        "LogsKey",
        KmsKey::new(KeyPolicy::account_root().grant_logs(LogsGrant::account_wide())),
        Attributes::retain(),
    );
    let mut child = Stack::<Pci>::new();
    let logs =
        child.add_with("ChildLogs", EncryptedLogGroup::new(key.arn()).retention_in_days(365), Attributes::retain());
    parent.output("ChildLogsArn", Output::new(logs.arn()));
    let mut app = App::new("tree");
    let root = app.add_stack("root", parent);
    app.add_nested(&root, "logging", child);
    app
}

#[test]
fn nested_stacks_pass_parameters_down_and_outputs_up() {
    let emitted = nested().emit(Format::Json).unwrap();
    assert_eq!(emitted.order, ["root"]);
    let root = json_of(&emitted, "root.json");
    assert_eq!(
        root["Resources"]["LoggingStack"],
        json!({
            "Type": "AWS::CloudFormation::Stack",
            "DeletionPolicy": "Delete",
            "UpdateReplacePolicy": "Delete",
            "Metadata": {"cfn-lint": {"config": {"ignore_checks": ["W3002"]}}},
            "Properties": {
                "TemplateURL": "./logging.json",
                "Parameters": {"LogsKeyArn": {"Fn::GetAtt": ["LogsKey", "Arn"]}}
            }
        })
    );
    assert_eq!(
        root["Outputs"]["ChildLogsArn"]["Value"],
        json!({"Fn::GetAtt": ["LoggingStack", "Outputs.ChildLogsArn"]})
    );
    let child = json_of(&emitted, "logging.json");
    assert_eq!(
        child["Parameters"]["LogsKeyArn"],
        json!({"Type": "String", "Description": "LogsKey.Arn of stack `root`, passed in by `root`"})
    );
    assert_eq!(child["Resources"]["ChildLogs"]["Properties"]["KmsKeyId"], json!({"Ref": "LogsKeyArn"}));
    assert_eq!(child["Outputs"]["ChildLogsArn"]["Value"], json!({"Fn::GetAtt": ["ChildLogs", "Arn"]}));
    let script = emitted.file("deploy.sh").unwrap();
    assert!(script.contains("aws cloudformation package --template-file root.json"), "{script}");
    assert!(script.contains("--template-file root.packaged.json"), "{script}");
}

#[test]
fn a_stack_past_the_resource_limit_names_the_group_to_move() {
    let mut big = Template::new();
    for i in 0..480 {
        big.add(&format!("Queue{i}"), Queue::new());
    }
    for i in 0..30 {
        big.add(&format!("Logs{i}"), LogGroup::new());
    }
    let mut app = App::new("big");
    app.add_stack("everything", big);
    let error = app.emit(Format::Json).unwrap_err();
    assert_eq!(
        error.to_string(),
        "app `big` cannot be deployed as it is:\n  - stack `everything`: Resources: 510 entries; CloudFormation allows at most 500. \
         Move a group into a nested stack (`App::add_nested` in `typed_cfn::app`, feature `app`): the largest is the 480 AWS::SQS resources \
         (Queue0, Queue1, Queue2, …)"
    );
}

fn stack_set_app() -> App {
    let mut member = Template::new();
    member.add_with("Baseline", LogGroup::new().retention_in_days(365), Attributes::retain());
    let mut app = App::new("org");
    let management = app.add_stack("management", Template::new());
    app.add_stack_set(
        &management,
        "baseline",
        member,
        StackSet::to_organizational_units(["ou-abcd-11111111"], ["eu-west-1", "eu-central-1"])
            .failure_tolerance_count(1)
            .max_concurrent_percentage(25),
    );
    let mut audit = Template::new();
    audit.add_with("AuditLogs", LogGroup::new().retention_in_days(365), Attributes::retain());
    app.add_stack_set(
        &management,
        "audit",
        audit,
        StackSet::to_accounts(["111111111111", "222222222222"], ["us-east-1"])
            .failure_tolerance_percentage(10)
            .max_concurrent_count(2)
            .regions_in_parallel()
            .template_url("https://example-bucket.s3.amazonaws.com/org/audit.json")
            .description("Audit log group in each account"),
    );
    app
}

#[test]
fn a_stack_set_is_a_resource_of_its_management_stack() {
    let emitted = stack_set_app().emit(Format::Json).unwrap();
    let management = json_of(&emitted, "management.json");
    assert_eq!(
        management["Resources"]["BaselineStackSet"],
        json!({
            "Type": "AWS::CloudFormation::StackSet",
            "Properties": {
                "StackSetName": "org-baseline",
                "PermissionModel": "SERVICE_MANAGED",
                "AutoDeployment": {"Enabled": true, "RetainStacksOnAccountRemoval": false},
                "CallAs": "SELF",
                "OperationPreferences": {"FailureToleranceCount": 1, "MaxConcurrentPercentage": 25, "RegionConcurrencyType": "SEQUENTIAL"},
                "StackInstancesGroup": [{
                    "DeploymentTargets": {"OrganizationalUnitIds": ["ou-abcd-11111111"]},
                    "Regions": ["eu-west-1", "eu-central-1"]
                }],
                "TemplateBody": emitted.file("baseline.json").map(|b| serde_json::to_string(&serde_json::from_str::<serde_json::Value>(b).unwrap()).unwrap()).unwrap()
            }
        })
    );
    assert_eq!(
        management["Resources"]["AuditStackSet"]["Properties"],
        json!({
            "StackSetName": "org-audit",
            "Description": "Audit log group in each account",
            "PermissionModel": "SELF_MANAGED",
            "OperationPreferences": {"FailureTolerancePercentage": 10, "MaxConcurrentCount": 2, "RegionConcurrencyType": "PARALLEL"},
            "StackInstancesGroup": [{
                "DeploymentTargets": {"Accounts": ["111111111111", "222222222222"]},
                "Regions": ["us-east-1"]
            }],
            "TemplateURL": "https://example-bucket.s3.amazonaws.com/org/audit.json"
        })
    );
    assert_eq!(emitted.order, ["management"]);
    let manifest = json_of(&emitted, "manifest.json");
    assert_eq!(manifest["stacks"][1]["kind"], json!("stack-set"));
    assert_eq!(
        manifest["stacks"][1]["stackSet"],
        json!({"organizationalUnits": ["ou-abcd-11111111"], "regions": ["eu-west-1", "eu-central-1"]})
    );
    // Only the management stack is deployed; CloudFormation rolls out the members.
    let script = emitted.file("deploy.sh").unwrap();
    assert_eq!(script.matches("aws cloudformation deploy").count(), 1);
    assert!(
        script.contains("# `management` declares StackSets: deploy it from the organization's management account"),
        "{script}"
    );
}

#[test]
fn a_stack_set_template_too_large_to_pass_inline_needs_a_url() {
    let mut member = Template::new();
    for i in 0..400 {
        member.add_with(
            &format!("Queue{i}"),
            Queue::new()
                .message_retention_period(345_600)
                .tags([typed_cfn::resources::sqs::queue::Tag::new("Purpose", "x".repeat(150))]),
            Attributes::retain(),
        );
    }
    let mut app = App::new("org");
    let management = app.add_stack("management", Template::new());
    app.add_stack_set(&management, "big", member, StackSet::to_organizational_units(["r-abcd"], ["eu-west-1"]));
    let error = app.emit(Format::Json).unwrap_err();
    let text = error.to_string();
    assert!(matches!(error.problems(), [AppProblem::StackSetTooLarge { stack, .. }] if stack == "big"), "{text}");
    assert!(text.contains("over the 51,200 bytes a StackSet takes inline: upload it to S3 and give its URL with `StackSet::template_url`"), "{text}");
}

#[test]
fn a_stack_set_may_not_refer_to_the_apps_other_stacks() {
    let mut keys = Template::new();
    let key = logs_key(&mut keys);
    let mut member = Template::new();
    member.add("Baseline", LogGroup::new().kms_key_id(key.arn()));
    let mut app = App::new("org");
    let management = app.add_stack("keys", keys);
    app.add_stack_set(&management, "baseline", member, StackSet::to_accounts(["111111111111"], ["eu-west-1"]));
    let error = app.emit(Format::Json).unwrap_err();
    assert!(
        matches!(error.problems(), [AppProblem::StackSetReference { stack, target, owner }] if stack == "baseline" && target == "LogsKey" && owner == "keys"),
        "{error}"
    );
}

#[test]
fn nested_and_stack_set_templates_are_lint_clean() {
    let mut files = Vec::new();
    for (name, app) in [
        ("nested", nested()),
        ("siblings", siblings()),
        ("stack-set", stack_set_app()),
        ("cross", keys_and_service()),
        ("lists", lists_app()),
        ("nested-lists", nested_lists()),
    ] {
        for (format, ext) in [(Format::Json, "json"), (Format::Yaml, "yaml")] {
            // Each app in a directory of its own: cfn-lint follows a nested stack's local path.
            let dir = common::root().join(format!("target/lint/app-{name}-{ext}"));
            let emitted = app.write_dir(&dir, format).unwrap();
            for file in &emitted.files {
                if file.path.ends_with(&format!(".{ext}")) && file.path != "manifest.json" {
                    files.push(dir.join(&file.path));
                }
            }
        }
    }
    common::assert_lint_clean(&files);
}

#[test]
fn the_pci_app_output_is_committed_and_lint_clean() {
    let emitted = patterns::pci_app::app(&patterns::pci_dss::PciDssConfig::default()).emit(Format::Json).unwrap();
    assert!(emitted.warnings.is_empty(), "{:?}", emitted.warnings);
    assert_eq!(emitted.order, ["keys", "network", "data", "processing"]);
    let mut templates = Vec::new();
    for file in &emitted.files {
        common::assert_file(&format!("examples/output/pci_app/{}", file.path), &file.contents);
        if file.path.ends_with(".json") && file.path != "manifest.json" {
            templates.push(common::root().join("examples/output/pci_app").join(&file.path));
        }
    }
    // Nothing committed that the app does not write.
    let committed = std::fs::read_dir(common::root().join("examples/output/pci_app")).unwrap().count();
    assert_eq!(committed, emitted.files.len());
    assert_eq!(templates.len(), 4);
    common::assert_lint_clean(&templates);
}

#[test]
fn the_pci_app_shares_the_key_of_its_keys_stack_with_the_logs_grant() {
    let emitted = patterns::pci_app::app(&patterns::pci_dss::PciDssConfig::default()).emit(Format::Json).unwrap();
    let network = json_of(&emitted, "network.json");
    assert_eq!(
        network["Resources"]["FlowLogGroup"]["Properties"]["KmsKeyId"],
        json!({"Fn::ImportValue": "pci-keys-DataKey-Arn"})
    );
    let keys = json_of(&emitted, "keys.json");
    assert_eq!(keys["Outputs"]["DataKeyArn"]["Export"], json!({"Name": "pci-keys-DataKey-Arn"}));
}

/// A root with two children, the second using the first's queue, and a key from a top-level
/// stack of its own.
fn siblings() -> App {
    let mut keys = Template::new();
    let key = logs_key(&mut keys);
    let mut first = Template::new();
    let queue = first.add_with("FirstQueue", Queue::new().message_retention_period(345_600), Attributes::retain());
    let mut root = Template::new();
    // A dependency on a resource of a child is a dependency on the child.
    root.add_with("RootQueue", Queue::new().message_retention_period(345_600), Attributes::retain().depends_on(&queue));
    let mut second = Template::new();
    second.add_with(
        "SecondQueue",
        Queue::new()
            .message_retention_period(345_600)
            .kms_master_key_id(key.arn())
            .redrive_policy(json!({"deadLetterTargetArn": queue.arn().node().to_json_value(), "maxReceiveCount": 5})),
        Attributes::retain().depends_on(&queue),
    );
    let mut app = App::new("tree");
    let parent = app.add_stack("root", root);
    app.add_nested(&parent, "first", first);
    app.add_nested(&parent, "second", second);
    app.add_stack("keys", keys);
    app
}

#[test]
fn siblings_pass_values_through_their_parent_and_a_child_imports_from_another_top_level_stack() {
    let emitted = siblings().emit(Format::Json).unwrap();
    assert_eq!(emitted.order, ["keys", "root"]);
    let root = json_of(&emitted, "root.json");
    assert_eq!(
        root["Resources"]["SecondStack"]["Properties"]["Parameters"],
        json!({"FirstQueueArn": {"Fn::GetAtt": ["FirstStack", "Outputs.FirstQueueArn"]}})
    );
    assert_eq!(root["Resources"]["RootQueue"]["DependsOn"], json!("FirstStack"));
    // The second child's `DependsOn` on the first's queue is kept as the order of the two
    // children, which the `Fn::GetAtt` of the first's output already gives (so it is not written).
    assert!(root["Resources"]["SecondStack"].get("DependsOn").is_none());
    let first = json_of(&emitted, "first.json");
    assert_eq!(first["Outputs"]["FirstQueueArn"]["Value"], json!({"Fn::GetAtt": ["FirstQueue", "Arn"]}));
    let second = json_of(&emitted, "second.json");
    let properties = &second["Resources"]["SecondQueue"]["Properties"];
    assert_eq!(properties["KmsMasterKeyId"], json!({"Fn::ImportValue": "tree-keys-LogsKey-Arn"}));
    assert_eq!(properties["RedrivePolicy"]["deadLetterTargetArn"], json!({"Ref": "FirstQueueArn"}));
    assert!(second["Resources"]["SecondQueue"].get("DependsOn").is_none());
    let manifest = json_of(&emitted, "manifest.json");
    assert_eq!(manifest["stacks"][3]["exports"][0]["importedBy"], json!(["second"]));
    assert_eq!(manifest["stacks"][0]["deployedAfter"], json!(["keys"]));
}

#[test]
fn a_parameter_of_another_stack_crosses_as_its_value() {
    let mut base = Template::new();
    let suffix = base.parameter("Suffix", typed_cfn::Parameter::string().default_value("dev"));
    base.output("SuffixOut", Output::new(suffix.reference()));
    placeholder(&mut base, "BaseHandle");
    let mut service = Template::new();
    placeholder(&mut service, "ServiceHandle");
    service.output("Name", Output::new(sub!("service-${S}", S = suffix.reference())));
    let mut app = App::new("p");
    app.add_stack("base", base);
    app.add_stack("service", service);
    let emitted = app.emit(Format::Json).unwrap();
    assert_eq!(json_of(&emitted, "base.json")["Outputs"]["SuffixOut"]["Export"], json!({"Name": "p-base-Suffix"}));
    assert_eq!(
        json_of(&emitted, "service.json")["Outputs"]["Name"]["Value"],
        json!({"Fn::Sub": ["service-${Suffix}", {"Suffix": {"Fn::ImportValue": "p-base-Suffix"}}]})
    );
}

#[test]
fn a_parameter_passed_to_a_child_keeps_its_type() {
    let mut parent = Template::new();
    let group = parent.parameter("AppSecurityGroup", typed_cfn::Parameter::aws(typed_cfn::AwsType::SecurityGroupId));
    let mut child = Template::new();
    placeholder(&mut child, "ChildHandle");
    child.output("Group", Output::new(group.reference()));
    let mut app = App::new("p");
    let root = app.add_stack("root", parent);
    app.add_nested(&root, "child", child);
    let emitted = app.emit(Format::Json).unwrap();
    let child = json_of(&emitted, "child.json");
    assert_eq!(child["Parameters"]["AppSecurityGroupRef"]["Type"], json!("AWS::EC2::SecurityGroup::Id"));
    assert_eq!(child["Outputs"]["Group"]["Value"], json!({"Ref": "AppSecurityGroupRef"}));
    assert_eq!(
        json_of(&emitted, "root.json")["Resources"]["ChildStack"]["Properties"]["Parameters"],
        json!({"AppSecurityGroupRef": {"Ref": "AppSecurityGroup"}})
    );
}

#[test]
fn a_parent_from_another_app_is_refused() {
    let mut other = App::new("other");
    let stranger = other.add_stack("root", Template::new());
    let mut child = Template::new();
    let queue = child.add_with("ChildQueue", Queue::new().message_retention_period(345_600), Attributes::retain());
    let mut user = Template::new();
    user.output("Queue", Output::new(queue.arn()));
    let mut app = App::new("mine");
    app.add_nested(&stranger, "child", child);
    app.add_stack("user", user);
    let error = app.emit(Format::Json).unwrap_err();
    assert_eq!(
        error.to_string(),
        "app `mine` cannot be deployed as it is:\n  - stack `child`: its parent `root` is not a stack of this app; add the parent with \
         `App::add_stack` and pass the `StackRef` it returns"
    );
}

#[test]
fn a_stack_over_the_inline_limit_is_deployed_through_s3() {
    let mut big = Template::new();
    for i in 0..300 {
        big.add_with(
            &format!("Queue{i}"),
            Queue::new()
                .message_retention_period(345_600)
                .tags([typed_cfn::resources::sqs::queue::Tag::new("Purpose", "x".repeat(150))]),
            Attributes::retain(),
        );
    }
    let mut app = App::new("big");
    app.add_stack("queues", big);
    let emitted = app.emit(Format::Json).unwrap();
    assert!(
        emitted
            .warnings
            .iter()
            .any(|(stack, w)| stack == "queues" && w.to_string().contains("over the 51200-byte limit")),
        "{:?}",
        emitted.warnings
    );
    let script = emitted.file("deploy.sh").unwrap();
    assert!(
        script.contains(
            "aws cloudformation deploy --stack-name big-queues --template-file queues.json --no-fail-on-empty-changeset --s3-bucket \"${ARTIFACT_BUCKET:?set ARTIFACT_BUCKET to an S3 bucket for large templates}\"\n"
        ),
        "{script}"
    );
}

#[test]
fn a_resource_created_under_a_condition_is_exported_under_it() {
    let mut a = Template::new();
    let env = a.parameter("Env", typed_cfn::Parameter::string().default_value("prod"));
    let prod = a.condition("IsProd", typed_cfn::fns::equals(env.reference(), "prod"));
    let queue =
        a.add_with("ProdQueue", Queue::new().message_retention_period(345_600), Attributes::retain().condition(&prod));
    let mut b = Template::new();
    placeholder(&mut b, "BHandle");
    b.output("Queue", Output::new(queue.arn()));
    let mut app = App::new("c");
    app.add_stack("a", a);
    app.add_stack("b", b);
    let emitted = app.emit(Format::Json).unwrap();
    assert_eq!(json_of(&emitted, "a.json")["Outputs"]["ProdQueueArn"]["Condition"], json!("IsProd"));
}

#[test]
fn an_empty_app_and_a_file_in_the_way_are_refused_with_the_fix() {
    assert_eq!(
        App::new("empty").emit(Format::Json).unwrap_err().to_string(),
        "app `empty` cannot be deployed as it is:\n  - the app has no stacks: add one with `App::add_stack`"
    );
    let file = common::root().join("target/app-test/a-file");
    std::fs::create_dir_all(file.parent().unwrap()).unwrap();
    std::fs::write(&file, "kept").unwrap();
    let error = keys_and_service().write_dir(&file, Format::Json).unwrap_err().to_string();
    assert!(error.ends_with("it is a file, not a directory: choose another path"), "{error}");
    assert_eq!(std::fs::read_to_string(&file).unwrap(), "kept");
}

/// A network stack with a VPC and a `List<AWS::EC2::Subnet::Id>` parameter, and an endpoints
/// stack that uses both lists: in a list property, in `Fn::Select`, in `Fn::Join`.
fn lists_app() -> App {
    use typed_cfn::resources::ec2::{VPC, VPCEndpoint, vpc_endpoint::VpcEndpointType};
    let mut network = Template::new();
    let vpc = network.add("Vpc", VPC::new().cidr_block("10.0.0.0/16"));
    let subnets = network.parameter("Subnets", typed_cfn::Parameter::aws_list(typed_cfn::AwsType::SubnetId));
    network.output("FirstSubnet", Output::new(typed_cfn::fns::select(0, subnets.reference())));
    let mut endpoints = Template::new();
    endpoints.add(
        "SqsEndpoint",
        VPCEndpoint::new(vpc.reference())
            .service_name(sub!("com.amazonaws.${AWS::Region}.sqs"))
            .vpc_endpoint_type(VpcEndpointType::Interface)
            .subnet_ids(typed_cfn::refs::AttrList::<
                typed_cfn::refs::target::ec2::Subnet,
                typed_cfn::refs::kind::SubnetId,
            >::external(subnets.reference())),
    );
    let tags = [
        typed_cfn::resources::sqs::queue::Tag::new(
            "FirstAssociation",
            typed_cfn::fns::select(0, vpc.cidr_block_associations()),
        ),
        typed_cfn::resources::sqs::queue::Tag::new(
            "Associations",
            typed_cfn::fns::join(",", vpc.cidr_block_associations()),
        ),
    ];
    endpoints.add_with("Queue", Queue::new().message_retention_period(345_600).tags(tags), Attributes::retain());
    let mut app = App::new("net");
    app.add_stack("network", network);
    app.add_stack("endpoints", endpoints);
    app
}

#[test]
fn a_list_crosses_joined_in_the_export_and_split_where_it_is_used() {
    let emitted = lists_app().emit(Format::Json).unwrap();
    let network = json_of(&emitted, "network.json");
    assert_eq!(
        network["Outputs"]["VpcCidrBlockAssociations"],
        json!({
            "Description": "Vpc.CidrBlockAssociations, exported for the app's other stacks",
            "Value": {"Fn::Join": ["||", {"Fn::GetAtt": ["Vpc", "CidrBlockAssociations"]}]},
            "Export": {"Name": "net-network-Vpc-CidrBlockAssociations"}
        })
    );
    assert_eq!(
        network["Outputs"]["SubnetsRef"],
        json!({
            "Description": "Subnets, exported for the app's other stacks",
            "Value": {"Fn::Join": ["||", {"Ref": "Subnets"}]},
            "Export": {"Name": "net-network-Subnets"}
        })
    );
    let endpoints = json_of(&emitted, "endpoints.json");
    let associations = json!({"Fn::Split": ["||", {"Fn::ImportValue": "net-network-Vpc-CidrBlockAssociations"}]});
    assert_eq!(
        endpoints["Resources"]["SqsEndpoint"]["Properties"]["SubnetIds"],
        json!({"Fn::Split": ["||", {"Fn::ImportValue": "net-network-Subnets"}]})
    );
    // A string crosses as it is.
    assert_eq!(
        endpoints["Resources"]["SqsEndpoint"]["Properties"]["VpcId"],
        json!({"Fn::ImportValue": "net-network-Vpc"})
    );
    assert_eq!(
        endpoints["Resources"]["Queue"]["Properties"]["Tags"],
        json!([
            {"Key": "FirstAssociation", "Value": {"Fn::Select": [0, associations]}},
            {"Key": "Associations", "Value": {"Fn::Join": [",", associations]}}
        ])
    );
}

/// A root with a VPC, a child using its list attribute, a grandchild whose list parameter the
/// root uses.
fn nested_lists() -> App {
    let mut parent = Template::new();
    let vpc = parent.add("Vpc", typed_cfn::resources::ec2::VPC::new().cidr_block("10.0.0.0/16"));
    let mut child = Template::new();
    placeholder(&mut child, "ChildHandle");
    child.output("FirstAssociation", Output::new(typed_cfn::fns::select(0, vpc.cidr_block_associations())));
    let mut grandchild = Template::new();
    let subnets = grandchild.parameter("Subnets", typed_cfn::Parameter::aws_list(typed_cfn::AwsType::SubnetId));
    placeholder(&mut grandchild, "GrandchildHandle");
    parent.output("GrandchildSubnets", Output::new(typed_cfn::fns::join(",", subnets.reference())));
    let mut app = App::new("tree");
    let root = app.add_stack("root", parent);
    let middle = app.add_nested(&root, "child", child);
    app.add_nested(&middle, "grandchild", grandchild);
    app
}

#[test]
fn a_list_crosses_a_tree_of_nested_stacks_joined_once_and_split_once() {
    let emitted = nested_lists().emit(Format::Json).unwrap();
    let root = json_of(&emitted, "root.json");
    // Down: joined where it leaves the parent, a plain string parameter in the child.
    assert_eq!(
        root["Resources"]["ChildStack"]["Properties"]["Parameters"],
        json!({"VpcCidrBlockAssociations": {"Fn::Join": ["||", {"Fn::GetAtt": ["Vpc", "CidrBlockAssociations"]}]}})
    );
    let child = json_of(&emitted, "child.json");
    assert_eq!(child["Parameters"]["VpcCidrBlockAssociations"]["Type"], json!("String"));
    assert_eq!(
        child["Outputs"]["FirstAssociation"]["Value"],
        json!({"Fn::Select": [0, {"Fn::Split": ["||", {"Ref": "VpcCidrBlockAssociations"}]}]})
    );
    // Up: joined in the grandchild, passed on as it is by the child, split in the root.
    let grandchild = json_of(&emitted, "grandchild.json");
    assert_eq!(grandchild["Outputs"]["SubnetsRef"]["Value"], json!({"Fn::Join": ["||", {"Ref": "Subnets"}]}));
    assert_eq!(
        child["Outputs"]["SubnetsRef"]["Value"],
        json!({"Fn::GetAtt": ["GrandchildStack", "Outputs.SubnetsRef"]})
    );
    assert_eq!(
        root["Outputs"]["GrandchildSubnets"]["Value"],
        json!({"Fn::Join": [",", {"Fn::Split": ["||", {"Fn::GetAtt": ["ChildStack", "Outputs.SubnetsRef"]}]}]})
    );
}

#[test]
fn a_list_of_another_stack_inside_a_sub_string_is_refused() {
    let mut network = Template::new();
    network.add("Vpc", typed_cfn::resources::ec2::VPC::new().cidr_block("10.0.0.0/16"));
    let mut service = Template::new();
    placeholder(&mut service, "ServiceHandle");
    service.output("Blocks", Output::new(typed_cfn::fns::sub("blocks ${Vpc.Ipv6CidrBlocks}")));
    let mut app = App::new("net");
    app.add_stack("network", network);
    app.add_stack("service", service);
    assert_eq!(
        app.emit(Format::Json).unwrap_err().to_string(),
        "app `net` cannot be deployed as it is:\n  - stack `service`: Outputs.Blocks.Value names `Vpc.Ipv6CidrBlocks` of stack `network` \
         inside an `Fn::Sub` string, but it is a list and a string can hold only a string; pass it in a variable of the `Fn::Sub` as \
         `Fn::Join` of its items, or `Fn::Select` one"
    );
}

#[test]
fn a_condition_on_another_stacks_parameter_is_refused_with_the_fix() {
    let mut base = Template::new();
    let env = base.parameter("Env", typed_cfn::Parameter::string().default_value("prod"));
    placeholder(&mut base, "BaseHandle");
    let mut service = Template::new();
    let prod = service.condition("IsProd", typed_cfn::fns::equals(env.reference(), "prod"));
    service.add_raw_with(
        "ServiceHandle",
        typed_cfn::RawResource::new("AWS::CloudFormation::WaitConditionHandle"),
        Attributes::new().condition(&prod),
    );
    let mut app = App::new("c");
    app.add_stack("base", base.clone());
    app.add_stack("service", service.clone());
    assert_eq!(
        app.emit(Format::Json).unwrap_err().to_string(),
        "app `c` cannot be deployed as it is:\n  - stack `service`: Conditions.IsProd names `Env` of stack `base`, but CloudFormation takes \
         only the stack's own parameters there (`Conditions`, `Rules` and export names are read before any resource exists or any value \
         is imported, so `Fn::ImportValue` cannot stand there); declare parameter `Env` in `service` as well and give both stacks its \
         value (`App::parameter_value`), or nest `service` in `base` (`App::add_nested`), which passes it in"
    );
    // Nested, the value arrives as a parameter of the child, which a condition may use.
    let mut app = App::new("c");
    let root = app.add_stack("base", base);
    app.add_nested(&root, "service", service);
    let emitted = app.emit(Format::Json).unwrap();
    let service = json_of(&emitted, "service.json");
    assert_eq!(service["Conditions"]["IsProd"], json!({"Fn::Equals": [{"Ref": "EnvRef"}, "prod"]}));
    assert_eq!(service["Parameters"]["EnvRef"]["Type"], json!("String"));
}

#[test]
fn update_and_creation_policies_import_what_they_name() {
    let mut base = Template::new();
    let count = base.parameter("InstanceCount", typed_cfn::Parameter::number().default_value(2));
    let deployments = base.add_raw("Deployments", typed_cfn::RawResource::new("AWS::CodeDeploy::Application"));
    let mut service = Template::new();
    let policies = Attributes::new()
        .creation_policy(typed_cfn::CreationPolicy::new().signal_count(count.reference()).signal_timeout("PT15M"))
        .update_policy(typed_cfn::UpdatePolicy::new().code_deploy_lambda_alias(deployments.reference(), "group"));
    service.add_raw_with("Signal", typed_cfn::RawResource::new("AWS::CloudFormation::WaitConditionHandle"), policies);
    let mut app = App::new("p");
    app.add_stack("base", base);
    app.add_stack("service", service);
    let emitted = app.emit(Format::Json).unwrap();
    let signal = &json_of(&emitted, "service.json")["Resources"]["Signal"];
    assert_eq!(signal["CreationPolicy"]["ResourceSignal"]["Count"], json!({"Fn::ImportValue": "p-base-InstanceCount"}));
    assert_eq!(
        signal["UpdatePolicy"]["CodeDeployLambdaAliasUpdate"]["ApplicationName"],
        json!({"Fn::ImportValue": "p-base-Deployments"})
    );
}

#[test]
fn a_depends_on_a_resource_of_another_stack_becomes_the_deploy_order() {
    let mut data = Template::new();
    let queue = data.add_with("DataQueue", Queue::new().message_retention_period(345_600), Attributes::retain());
    let mut service = Template::new();
    service.add_raw_with(
        "ServiceHandle",
        typed_cfn::RawResource::new("AWS::CloudFormation::WaitConditionHandle"),
        Attributes::new().depends_on(&queue),
    );
    let mut app = App::new("d");
    app.add_stack("service", service);
    app.add_stack("data", data);
    let emitted = app.emit(Format::Json).unwrap();
    assert_eq!(emitted.order, ["data", "service"]);
    assert!(json_of(&emitted, "service.json")["Resources"]["ServiceHandle"].get("DependsOn").is_none());
    let manifest = json_of(&emitted, "manifest.json");
    assert_eq!(manifest["stacks"][0]["deployedAfter"], json!(["data"]));
    assert_eq!(manifest["stacks"][0]["imports"], json!([]));
}

/// A stack with three parameters, given values a shell would mangle unquoted.
fn valued() -> App {
    let mut service = Template::new();
    service.parameter("Env", typed_cfn::Parameter::string().allowed_values(["dev", "prod"]));
    service.parameter("Motd", typed_cfn::Parameter::string());
    service.parameter("Zones", typed_cfn::Parameter::comma_delimited_list());
    placeholder(&mut service, "ServiceHandle");
    let mut app = App::new("v");
    let stack = app.add_stack("service", service);
    app.parameter_value(&stack, "Zones", "eu-west-1a,eu-west-1b")
        .parameter_value(&stack, "Motd", "it's $HOME `id` \"quoted\"\nsecond line")
        .parameter_value(&stack, "Env", "prod");
    app
}

#[test]
fn parameter_values_go_to_deploy_sh_shell_quoted_and_to_the_manifest() {
    let emitted = valued().emit(Format::Json).unwrap();
    let script = emitted.file("deploy.sh").unwrap();
    // In the order the template declares the parameters, whatever the order they were given.
    assert!(
        script.ends_with(
            "aws cloudformation deploy --stack-name v-service --template-file service.json --no-fail-on-empty-changeset \
             --parameter-overrides Env=prod 'Motd=it'\\''s $HOME `id` \"quoted\"\nsecond line' Zones=eu-west-1a,eu-west-1b\n"
        ),
        "{script}"
    );
    let manifest = json_of(&emitted, "manifest.json");
    assert_eq!(
        manifest["stacks"][0]["parameters"],
        json!([
            {"name": "Env", "type": "String", "value": "prod"},
            {"name": "Motd", "type": "String", "value": "it's $HOME `id` \"quoted\"\nsecond line"},
            {"name": "Zones", "type": "CommaDelimitedList", "value": "eu-west-1a,eu-west-1b"}
        ])
    );
    // Byte for byte the same on every run.
    assert_eq!(valued().emit(Format::Json).unwrap().files, emitted.files);
    assert_eq!(valued().emit(Format::Yaml).unwrap().files, valued().emit(Format::Yaml).unwrap().files);
}

/// The script run by a POSIX shell with an `aws` that records its arguments: each value
/// arrives as one argument, byte for byte.
#[cfg(unix)]
#[test]
fn deploy_sh_hands_each_parameter_value_to_aws_as_one_argument() {
    use std::os::unix::fs::PermissionsExt as _;
    let dir = common::root().join("target/app-test/overrides");
    let _ = std::fs::remove_dir_all(&dir);
    valued().write_dir(dir.join("app"), Format::Json).unwrap();
    let bin = dir.join("bin");
    std::fs::create_dir_all(&bin).unwrap();
    let fake = bin.join("aws");
    std::fs::write(&fake, "#!/bin/sh\nfor a in \"$@\"; do printf '%s\\0' \"$a\"; done > \"$ARGS_OUT\"\n").unwrap();
    std::fs::set_permissions(&fake, std::fs::Permissions::from_mode(0o755)).unwrap();
    let out = dir.join("args");
    let path = format!("{}:{}", bin.display(), std::env::var("PATH").unwrap_or_default());
    let status = std::process::Command::new("sh")
        .arg(dir.join("app/deploy.sh"))
        .env("PATH", path)
        .env("ARGS_OUT", &out)
        .status()
        .unwrap();
    assert!(status.success());
    let recorded = std::fs::read_to_string(&out).unwrap();
    let args: Vec<&str> = recorded.trim_end_matches('\0').split('\0').collect();
    let at = args.iter().position(|a| *a == "--parameter-overrides").unwrap();
    assert_eq!(
        args[at + 1..],
        ["Env=prod", "Motd=it's $HOME `id` \"quoted\"\nsecond line", "Zones=eu-west-1a,eu-west-1b"]
    );
}

#[test]
fn values_of_nested_and_stack_set_stacks_go_into_their_resources() {
    let mut root = Template::new();
    placeholder(&mut root, "RootHandle");
    let mut child = Template::new();
    child.parameter("Retention", typed_cfn::Parameter::number());
    placeholder(&mut child, "ChildHandle");
    let mut member = Template::new();
    member.parameter("Team", typed_cfn::Parameter::string());
    placeholder(&mut member, "MemberHandle");
    let mut app = App::new("v");
    let top = app.add_stack("root", root);
    let nested = app.add_nested(&top, "child", child);
    let set = app.add_stack_set(&top, "member", member, StackSet::to_accounts(["111111111111"], ["eu-west-1"]));
    app.parameter_value(&nested, "Retention", "365").parameter_value(&set, "Team", "payments");
    let emitted = app.emit(Format::Json).unwrap();
    let root = json_of(&emitted, "root.json");
    assert_eq!(root["Resources"]["ChildStack"]["Properties"]["Parameters"], json!({"Retention": "365"}));
    assert_eq!(
        root["Resources"]["MemberStackSet"]["Properties"]["Parameters"],
        json!([{"ParameterKey": "Team", "ParameterValue": "payments"}])
    );
    assert!(!emitted.file("deploy.sh").unwrap().contains("--parameter-overrides"));
}

#[test]
fn a_value_the_deployment_cannot_take_is_refused_with_the_fix() {
    let mut service = Template::new();
    service.parameter("Env", typed_cfn::Parameter::string().allowed_values(["dev", "prod"]));
    service.parameter("Password", typed_cfn::Parameter::string().no_echo());
    service.parameter("Retention", typed_cfn::Parameter::number().min_value(1));
    service.parameter("Team", typed_cfn::Parameter::string().max_length(8));
    placeholder(&mut service, "ServiceHandle");
    let mut other = App::new("other");
    let stranger = other.add_stack("elsewhere", Template::new());
    let mut app = App::new("v");
    let stack = app.add_stack("service", service);
    app.parameter_value(&stack, "Environment", "prod")
        .parameter_value(&stack, "Env", "staging")
        .parameter_value(&stack, "Password", "hunter2")
        .parameter_value(&stack, "Retention", "0")
        .parameter_value(&stack, "Team", "payments-and-refunds")
        .parameter_value(&stranger, "Env", "prod");
    assert_eq!(
        app.emit(Format::Json).unwrap_err().to_string(),
        "app `v` cannot be deployed as it is:\n  \
         - stack `service`: a value is given for parameter `Environment`, but the stack does not declare it (it declares `Env`, \
         `Password`, `Retention`, `Team`); fix the name, or declare the parameter\n  \
         - stack `service`: a value is given for parameter `Env`, but `staging` is not one of its `AllowedValues` (`dev`, `prod`); \
         CloudFormation would refuse the deployment\n  \
         - stack `service`: a value is given for parameter `Password`, but it is `NoEcho`, and a value given here is written in plain \
         text into the app's files; give it at deploy time (`--parameter-overrides`), or resolve it from Secrets Manager or SSM with a \
         dynamic reference\n  \
         - stack `service`: a value is given for parameter `Retention`, but `0` is less than its `MinValue` (1); CloudFormation would \
         refuse the deployment\n  \
         - stack `service`: a value is given for parameter `Team`, but the value is 20 characters, more than its `MaxLength` (8); \
         CloudFormation would refuse the deployment\n  \
         - stack `elsewhere`: a value is given for parameter `Env`, but the stack is not in this app; pass the `StackRef` that \
         `App::add_stack` of this app returned"
    );
}

#[test]
fn a_systems_manager_parameter_passed_to_a_child_arrives_as_its_value() {
    let mut parent = Template::new();
    let ami = parent.parameter(
        "ImageId",
        typed_cfn::Parameter::ssm_value()
            .default_value("/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64"),
    );
    let mut child = Template::new();
    placeholder(&mut child, "ChildHandle");
    child.output("Image", Output::new(ami.reference()));
    let mut app = App::new("p");
    let root = app.add_stack("root", parent);
    app.add_nested(&root, "child", child);
    let emitted = app.emit(Format::Json).unwrap();
    // The parent has read the Systems Manager parameter: the child gets the value, not a name
    // to read again.
    assert_eq!(json_of(&emitted, "child.json")["Parameters"]["ImageIdRef"]["Type"], json!("String"));
}

#[test]
fn a_depends_on_a_stack_set_resource_is_refused() {
    let mut member = Template::new();
    let baseline = member.add_with("Baseline", LogGroup::new().retention_in_days(365), Attributes::retain());
    let mut other = Template::new();
    other.add_raw_with(
        "OtherHandle",
        typed_cfn::RawResource::new("AWS::CloudFormation::WaitConditionHandle"),
        Attributes::new().depends_on(&baseline),
    );
    let mut app = App::new("org");
    let management = app.add_stack("management", Template::new());
    app.add_stack_set(&management, "baseline", member, StackSet::to_accounts(["111111111111"], ["eu-west-1"]));
    app.add_stack("other", other);
    let error = app.emit(Format::Json).unwrap_err();
    assert!(
        matches!(error.problems(), [AppProblem::StackSetReference { stack, target, owner }] if stack == "other" && target == "Baseline" && owner == "baseline"),
        "{error}"
    );
}

#[test]
fn a_no_echo_parameter_goes_down_to_a_child_as_no_echo_and_never_into_an_export() {
    let mut base = Template::new();
    let token = base.parameter("ApiToken", typed_cfn::Parameter::string().no_echo());
    placeholder(&mut base, "BaseHandle");
    let mut service = Template::new();
    service.add_raw(
        "Consumer",
        typed_cfn::RawResource::new("AWS::CloudFormation::WaitConditionHandle")
            .property("Token", token.reference().node().to_json_value()),
    );
    let mut app = App::new("s");
    app.add_stack("base", base.clone());
    app.add_stack("service", service.clone());
    assert_eq!(
        app.emit(Format::Json).unwrap_err().to_string(),
        "app `s` cannot be deployed as it is:\n  - stack `service` uses `NoEcho` parameter `ApiToken` of stack `base`, which would reach it \
         through an output, and outputs (exports included) are shown in plain text to anyone who may describe the stack; declare the \
         parameter `NoEcho` in `service` too and give it at deploy time, or read the secret in both stacks with a dynamic reference \
         (`{{resolve:secretsmanager:…}}`)"
    );
    let mut app = App::new("s");
    let root = app.add_stack("base", base);
    app.add_nested(&root, "service", service);
    let emitted = app.emit(Format::Json).unwrap();
    assert_eq!(
        json_of(&emitted, "service.json")["Parameters"]["ApiTokenRef"],
        json!({"Type": "String", "Description": "ApiToken of stack `base`, passed in by `base`", "NoEcho": true})
    );
}

#[test]
fn an_export_name_given_twice_is_refused() {
    let mut keys = Template::new();
    let key = logs_key(&mut keys);
    keys.output("Mine", Output::new(key.reference()).export("shop-keys-LogsKey-Arn"));
    let mut service = Template::new();
    service.add_with("ServiceLogs", LogGroup::new().kms_key_id(key.arn()).retention_in_days(365), Attributes::retain());
    let mut app = App::new("shop");
    app.add_stack("keys", keys);
    app.add_stack("service", service);
    assert_eq!(
        app.emit(Format::Json).unwrap_err().to_string(),
        "app `shop` cannot be deployed as it is:\n  - export name `shop-keys-LogsKey-Arn` is given by outputs `keys.Mine`, `keys.LogsKeyArn`; \
         CloudFormation takes each export name once in an account and Region: rename all but one (the app's own exports are \
         `{app}-{stack}-{LogicalId}[-{Attribute}]`)"
    );
}

#[test]
fn a_condition_of_another_stack_is_refused_with_the_fix() {
    let mut a = Template::new();
    let env = a.parameter("Env", typed_cfn::Parameter::string().default_value("prod"));
    let prod = a.condition("IsProd", typed_cfn::fns::equals(env.reference(), "prod"));
    a.add_raw_with(
        "AHandle",
        typed_cfn::RawResource::new("AWS::CloudFormation::WaitConditionHandle"),
        Attributes::new().condition(&prod),
    );
    let mut b = Template::new();
    b.add_raw_with(
        "BHandle",
        typed_cfn::RawResource::new("AWS::CloudFormation::WaitConditionHandle"),
        Attributes::new().condition(&prod),
    );
    let mut app = App::new("c");
    app.add_stack("a", a);
    app.add_stack("b", b);
    assert_eq!(
        app.emit(Format::Json).unwrap_err().to_string(),
        "app `c` cannot be deployed as it is:\n  - stack `b`: Resources.BHandle.Condition names condition `IsProd` of stack `a`, but a \
         condition belongs to its own template and nothing carries it to another; declare it in `b` too, over parameters given the \
         same values (`App::parameter_value`)"
    );
}

#[test]
fn a_parameter_without_default_or_value_is_a_warning() {
    let mut service = Template::new();
    service.parameter("Env", typed_cfn::Parameter::string());
    service.parameter("Suffix", typed_cfn::Parameter::string().default_value("a"));
    placeholder(&mut service, "ServiceHandle");
    let mut app = App::new("w");
    app.add_stack("service", service);
    let emitted = app.emit(Format::Json).unwrap();
    let warnings: Vec<(String, String)> = emitted.warnings.iter().map(|(s, w)| (s.clone(), w.to_string())).collect();
    assert_eq!(
        warnings,
        [(
            "service".to_owned(),
            "parameter `Env` has no `Default` and no value for the deployment, so creating the stack fails (\"Parameters: [Env] must have \
             values\"); give it a value with `App::parameter_value`, or a `Default`"
                .to_owned()
        )]
    );
}

#[test]
fn the_check_over_a_written_app_follows_values_between_sibling_stacks() {
    let parse = |text: &str| Template::from_json(text).unwrap();
    let root = parse(
        r#"{"Resources": {
            "FirstStack": {"Type": "AWS::CloudFormation::Stack", "Properties": {"TemplateURL": "./first.json"}},
            "SecondStack": {"Type": "AWS::CloudFormation::Stack", "Properties": {"TemplateURL": "./second.json",
                "Parameters": {"SharedKeyArn": {"Fn::GetAtt": ["FirstStack", "Outputs.SharedKeyArn"]}}}}}}"#,
    );
    let first = parse(
        r#"{"Resources": {"SharedKey": {"Type": "AWS::KMS::Key", "Properties": {"KeyPolicy": {"Version": "2012-10-17",
            "Statement": [{"Sid": "Root", "Effect": "Allow", "Principal": {"AWS": {"Fn::Sub": "arn:${AWS::Partition}:iam::${AWS::AccountId}:root"}},
            "Action": "kms:*", "Resource": "*"}]}}}},
           "Outputs": {"SharedKeyArn": {"Value": {"Fn::GetAtt": ["SharedKey", "Arn"]}}}}"#,
    );
    let second = parse(
        r#"{"Parameters": {"SharedKeyArn": {"Type": "String"}},
           "Resources": {"AppLogs": {"Type": "AWS::Logs::LogGroup", "Properties": {"LogGroupName": "/app/logs", "KmsKeyId": {"Ref": "SharedKeyArn"}}}}}"#,
    );
    let stacks =
        [("root", root), ("first", first), ("second", second)].map(|(n, t)| (n.to_owned(), t)).into_iter().collect();
    let reports = typed_cfn::app::check_written(stacks);
    let found: Vec<(&str, &str, &str)> = reports
        .iter()
        .flat_map(|(stack, report)| {
            report.errors.iter().map(move |f| (stack.as_str(), f.logical_id.as_str(), f.rule.id()))
        })
        .collect();
    assert_eq!(found, [("second", "AppLogs", "log-group-key-denies-logs")]);
}

#[test]
fn a_stack_whose_file_would_be_another_s_is_refused() {
    let mut app = App::new("f");
    app.add_stack("manifest", Template::new());
    app.add_stack("keys", Template::new());
    app.add_stack("Keys", Template::new());
    assert_eq!(
        app.emit(Format::Json).unwrap_err().to_string(),
        "app `f` cannot be deployed as it is:\n  \
         - `manifest` cannot name an app or a stack: its template would be written over the app's `manifest.json`; choose another name\n  \
         - `Keys` cannot name an app or a stack: it differs from stack `keys` only in case, and their templates would be one file where \
         case is ignored (macOS, Windows); choose another name"
    );
}

#[test]
fn a_reference_in_sam_globals_is_imported_too() {
    let mut data = Template::new();
    data.add_with("OrdersQueue", Queue::new().message_retention_period(345_600), Attributes::retain());
    // A SAM template read from a file: its `Globals` name the data stack's queue.
    let service = Template::from_yaml(
        "Transform: AWS::Serverless-2016-10-31\nGlobals:\n  Function:\n    Environment:\n      Variables:\n        QUEUE_URL: !Ref OrdersQueue\n\
         Resources:\n  Handler:\n    Type: AWS::Serverless::Function\n    Properties:\n      Runtime: python3.12\n      Handler: index.handler\n      \
         InlineCode: 'def handler(e, c): pass'\n",
    )
    .unwrap();
    let mut app = App::new("sam");
    app.add_stack("data", data);
    app.add_stack("service", service);
    let emitted = app.emit(Format::Json).unwrap();
    assert_eq!(
        json_of(&emitted, "service.json")["Globals"]["Function"]["Environment"]["Variables"]["QUEUE_URL"],
        json!({"Fn::ImportValue": "sam-data-OrdersQueue"})
    );
    assert_eq!(emitted.order, ["data", "service"]);
}

#[test]
fn a_list_of_another_stack_in_a_condition_is_refused_with_the_fix() {
    let mut root = Template::new();
    let zones = root.parameter("Zones", typed_cfn::Parameter::comma_delimited_list().default_value(["a", "b"]));
    placeholder(&mut root, "RootHandle");
    let mut child = Template::new();
    let first = child.condition("FirstIsA", typed_cfn::fns::equals(typed_cfn::fns::select(0, zones.reference()), "a"));
    child.add_raw_with(
        "ChildHandle",
        typed_cfn::RawResource::new("AWS::CloudFormation::WaitConditionHandle"),
        Attributes::new().condition(&first),
    );
    let mut app = App::new("l");
    let top = app.add_stack("root", root);
    app.add_nested(&top, "child", child);
    assert_eq!(
        app.emit(Format::Json).unwrap_err().to_string(),
        "app `l` cannot be deployed as it is:\n  - stack `child`: Conditions.FirstIsA names list `Zones` of stack `root`, but a list crosses \
         stacks as one joined string that only `Fn::Split` makes a list again, and `Conditions`, `Rules` and export names take the \
         stack's own parameters only; declare a `CommaDelimitedList` parameter in `child` and give it the same value \
         (`App::parameter_value`)"
    );
}

#[test]
fn a_reference_inside_a_for_each_loop_is_imported_and_the_loop_item_left_alone() {
    let mut data = Template::new();
    data.add_with("OrdersQueue", Queue::new().message_retention_period(345_600), Attributes::retain());
    // A template read from a file: one topic per name, each subscribed to the data stack's queue.
    let service = Template::from_yaml(
        "Transform: AWS::LanguageExtensions\nResources:\n  Fn::ForEach::Topics:\n    - Name\n    - [Orders, Refunds]\n    - Topic${Name}:\n        \
         Type: AWS::SNS::Subscription\n        Properties:\n          Protocol: sqs\n          TopicArn: !Sub 'arn:${AWS::Partition}:sns:${AWS::Region}:${AWS::AccountId}:${Name}'\n          \
         Endpoint: !GetAtt OrdersQueue.Arn\n",
    )
    .unwrap();
    let mut app = App::new("loops");
    app.add_stack("data", data);
    app.add_stack("service", service);
    let emitted = app.emit(Format::Json).unwrap();
    let body = &json_of(&emitted, "service.json")["Resources"]["Fn::ForEach::Topics"][2]["Topic${Name}"]["Properties"];
    assert_eq!(body["Endpoint"], json!({"Fn::ImportValue": "loops-data-OrdersQueue-Arn"}));
    assert_eq!(
        body["TopicArn"],
        json!({"Fn::Sub": "arn:${AWS::Partition}:sns:${AWS::Region}:${AWS::AccountId}:${Name}"})
    );
    assert_eq!(emitted.order, ["data", "service"]);
}

/// A StackSet's member is judged with the app's stacks and again in each Region it names: a
/// finding the member's resource already carries is not repeated on the StackSet resource.
#[test]
fn a_stack_set_member_finding_is_reported_once() {
    let member = Template::from_yaml(
        "Resources:\n  Fn:\n    Type: AWS::Lambda::Function\n    Properties:\n      Runtime: python3.12\n      Handler: index.handler\n      Role: arn:aws:iam::123456789012:role/fn\n      Code: {ZipFile: 'def handler(e, c): pass'}\n",
    )
    .unwrap();
    let mut app = App::new("org");
    let management = app.add_stack("management", Template::new());
    app.add_stack_set(
        &management,
        "functions",
        member,
        StackSet::to_accounts(["111111111111"], ["eu-west-1", "eu-central-1"]),
    );
    let emitted = app.emit(Format::Json).unwrap();
    let warnings: Vec<(String, String)> = emitted.warnings.iter().map(|(s, w)| (s.clone(), w.to_string())).collect();
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    assert_eq!(warnings[0].0, "functions");
    assert!(warnings[0].1.contains("[service-log-group-missing]"), "{warnings:?}");
}

/// A StackSet's member is judged in each Region the StackSet names: a load balancer whose log
/// bucket lets in only the Elastic Load Balancing account of `us-east-1` is refused for
/// `eu-west-1`, on the StackSet resource of the management stack.
#[test]
fn a_stack_set_member_is_judged_in_each_region_it_deploys_to() {
    let member = Template::from_yaml(
        r#"
Resources:
  Logs:
    Type: AWS::S3::Bucket
    Properties:
      BucketEncryption:
        ServerSideEncryptionConfiguration:
          - ServerSideEncryptionByDefault: {SSEAlgorithm: AES256}
  LogsPolicy:
    Type: AWS::S3::BucketPolicy
    Properties:
      Bucket: !Ref Logs
      PolicyDocument:
        Version: "2012-10-17"
        Statement:
          - Effect: Allow
            Principal: {AWS: "arn:aws:iam::127311923021:root"}
            Action: s3:PutObject
            Resource: !Sub "${Logs.Arn}/*"
  Balancer:
    Type: AWS::ElasticLoadBalancingV2::LoadBalancer
    DependsOn: LogsPolicy
    Properties:
      Subnets: [subnet-0123456789abcdef0, subnet-0123456789abcdef1]
      LoadBalancerAttributes:
        - {Key: access_logs.s3.enabled, Value: "true"}
        - {Key: access_logs.s3.bucket, Value: !Ref Logs}
"#,
    )
    .unwrap();
    let app_in = |regions: &[&str]| {
        let mut app = App::new("org");
        let management = app.add_stack("management", Template::new());
        app.add_stack_set(
            &management,
            "balancers",
            member.clone(),
            StackSet::to_accounts(["111111111111"], regions.to_vec()),
        );
        app
    };
    assert!(app_in(&["us-east-1"]).emit(Format::Json).is_ok());
    let error = app_in(&["us-east-1", "eu-west-1"]).emit(Format::Json).unwrap_err();
    let found: Vec<(&str, &str, &str)> = error
        .problems()
        .iter()
        .filter_map(|p| match p {
            AppProblem::Finding { stack, finding } => {
                Some((stack.as_str(), finding.logical_id.as_str(), finding.rule.id()))
            }
            _ => None,
        })
        .collect();
    assert_eq!(found, [("management", "BalancersStackSet", "delivery-policy-denies-service")], "{error}");
    assert!(
        error.to_string().contains("this StackSet's template, in Region `eu-west-1`, at Resources.Balancer:"),
        "{error}"
    );
}
