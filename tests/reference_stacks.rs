//! The fixes of the two failure analyses are in the reference stacks as emitted, checked on the
//! JSON an AWS engineer would read: every log group's key carries the CloudWatch Logs statement
//! the PCI stack's fix added (and it covers that group), no statement names the global
//! `logs.amazonaws.com`, and, as the HIPAA stack's fix asks, the Aurora credentials are a static
//! user name and a resolved password, and the RDS log groups are named where RDS writes and
//! created before the cluster.

mod common;

use patterns::{StackConfig, audit_trail, event_pipeline, hipaa, pci_dss};
use serde_json::{Value, json};

fn stacks() -> Vec<(&'static str, Value)> {
    let postgres =
        hipaa::HipaaConfig::from_yaml_file(&common::root().join("examples/config/hipaa-postgresql.yaml")).unwrap();
    let emit = |t: typed_cfn::Template| serde_json::from_str::<Value>(&t.to_json().unwrap()).unwrap();
    vec![
        ("pci_dss", emit(pci_dss::template(&pci_dss::PciDssConfig::default()))),
        ("hipaa", emit(hipaa::template(&hipaa::HipaaConfig::default()))),
        ("hipaa-postgresql", emit(hipaa::template(&postgres))),
        ("audit_trail", emit(audit_trail::template(&audit_trail::AuditTrailConfig::default()))),
        ("event_pipeline", emit(event_pipeline::template(&event_pipeline::EventPipelineConfig::default()))),
    ]
}

fn resources<'a>(t: &'a Value, type_name: &'a str) -> impl Iterator<Item = (&'a String, &'a Value)> + 'a {
    t["Resources"].as_object().unwrap().iter().filter(move |(_, r)| r["Type"] == type_name)
}

/// The logical ID of `{"Fn::GetAtt": [id, "Arn"]}`.
fn get_att_arn(value: &Value) -> Option<&str> {
    let args = value.get("Fn::GetAtt")?.as_array()?;
    (args.len() == 2 && args[1] == "Arn").then(|| args[0].as_str()).flatten()
}

/// The text of `{"Fn::Sub": text}`.
fn sub_text(value: &Value) -> &str {
    value["Fn::Sub"].as_str().unwrap_or_else(|| panic!("expected an Fn::Sub string, got {value}"))
}

/// `*` in `pattern` matches any run of characters.
fn glob(pattern: &str, text: &str) -> bool {
    match pattern.split_once('*') {
        None => pattern == text,
        Some((head, rest)) => {
            text.starts_with(head) && (0..=text.len() - head.len()).any(|i| glob(rest, &text[head.len() + i..]))
        }
    }
}

const LOG_GROUP_ARN_PREFIX: &str = "arn:${AWS::Partition}:logs:${AWS::Region}:${AWS::AccountId}:log-group:";

#[test]
fn every_log_group_is_encrypted_with_a_key_whose_logs_statement_is_the_pci_stacks_fix_and_covers_it() {
    for (name, t) in stacks() {
        let groups: Vec<_> = resources(&t, "AWS::Logs::LogGroup").collect();
        assert!(!groups.is_empty(), "{name}: no log groups");
        for (id, group) in groups {
            let key_id = get_att_arn(&group["Properties"]["KmsKeyId"])
                .unwrap_or_else(|| panic!("{name}: {id}'s KmsKeyId is not the GetAtt Arn of a key"));
            let key = &t["Resources"][key_id];
            assert_eq!(key["Type"], "AWS::KMS::Key", "{name}: {id} is encrypted with {key_id}, not a KMS key");
            assert_eq!(key["Properties"]["EnableKeyRotation"], true, "{name}: {key_id} rotates");

            let statements = key["Properties"]["KeyPolicy"]["Statement"].as_array().unwrap();
            let logs: Vec<&Value> = statements
                .iter()
                .filter(|s| s["Principal"]["Service"] == json!({"Fn::Sub": "logs.${AWS::Region}.amazonaws.com"}))
                .collect();
            assert_eq!(logs.len(), 1, "{name}: {key_id} has one statement of its own for CloudWatch Logs");
            let logs = logs[0];
            let patterns = logs["Condition"]["ArnLike"]["kms:EncryptionContext:aws:logs:arn"].clone();
            let patterns: Vec<Value> = match patterns {
                Value::Array(list) => list,
                one => vec![one],
            };
            // Field for field what the PCI stack's fix wrote, with ${AWS::Partition} for `aws`.
            let mut expected = json!({
                "Sid": "Allow CloudWatch Logs to use the key",
                "Effect": "Allow",
                "Principal": {"Service": {"Fn::Sub": "logs.${AWS::Region}.amazonaws.com"}},
                "Action": ["kms:Encrypt", "kms:Decrypt", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:CreateGrant", "kms:DescribeKey"],
                "Resource": "*",
                "Condition": {"ArnLike": {"kms:EncryptionContext:aws:logs:arn": null}}
            });
            expected["Condition"]["ArnLike"]["kms:EncryptionContext:aws:logs:arn"] =
                logs["Condition"]["ArnLike"]["kms:EncryptionContext:aws:logs:arn"].clone();
            assert_eq!(logs, &expected, "{name}: {key_id}'s logs statement");

            // The condition is for this account and region, and admits this group.
            let group_name = sub_text(&group["Properties"]["LogGroupName"]);
            let covered = patterns.iter().any(|p| {
                let arn = sub_text(p);
                assert!(
                    arn.starts_with(LOG_GROUP_ARN_PREFIX),
                    "{name}: {arn} is a log group ARN of this account and region"
                );
                glob(&arn[LOG_GROUP_ARN_PREFIX.len()..], group_name)
            });
            assert!(covered, "{name}: {key_id}'s logs condition does not admit {group_name}");
        }
    }
}

#[test]
fn no_key_statement_names_the_global_logs_principal_or_lets_logs_in_generically() {
    for (name, t) in stacks() {
        for (key_id, key) in resources(&t, "AWS::KMS::Key") {
            for statement in key["Properties"]["KeyPolicy"]["Statement"].as_array().unwrap() {
                let principal = statement["Principal"].to_string();
                assert!(!principal.contains("logs.amazonaws.com"), "{name}: {key_id} names logs.amazonaws.com");
                if principal.contains("logs.") {
                    assert_eq!(statement["Sid"], "Allow CloudWatch Logs to use the key", "{name}: {key_id}");
                    assert!(
                        statement["Condition"]["ArnLike"].is_object(),
                        "{name}: {key_id}'s logs statement has its condition"
                    );
                }
            }
        }
    }
}

#[test]
fn aurora_credentials_are_a_static_user_and_a_password_resolved_from_an_encrypted_secret() {
    for (name, t) in stacks().into_iter().filter(|(n, _)| n.starts_with("hipaa")) {
        let (_, cluster) = resources(&t, "AWS::RDS::DBCluster").next().unwrap();
        let p = &cluster["Properties"];
        assert!(p["MasterUsername"].is_string(), "{name}: MasterUsername is a literal, not a resolve");
        assert_eq!(
            p["MasterUserPassword"],
            json!({"Fn::Sub": "{{resolve:secretsmanager:${DatabaseSecret}:SecretString:password}}"})
        );
        let secret = &t["Resources"]["DatabaseSecret"];
        assert_eq!(secret["Type"], "AWS::SecretsManager::Secret");
        let secret_key = get_att_arn(&secret["Properties"]["KmsKeyId"]).expect("the secret has a customer key");
        assert_eq!(t["Resources"][secret_key]["Type"], "AWS::KMS::Key");
        let excluded = secret["Properties"]["GenerateSecretString"]["ExcludeCharacters"].as_str().unwrap();
        for c in ['/', '@', '"', ' '] {
            assert!(excluded.contains(c), "{name}: RDS refuses {c:?} in passwords");
        }
        // The password's reference orders the secret first; an explicit DependsOn beside it
        // would draw cfn-lint W3005.
        assert!(!cluster["DependsOn"].to_string().contains("\"DatabaseSecret\""), "{name}: no DependsOn on the secret");
        assert_eq!(p["StorageEncrypted"], true);
        let storage_key = get_att_arn(&p["KmsKeyId"]).expect("storage key is an ARN");
        assert_eq!(t["Resources"][storage_key]["Type"], "AWS::KMS::Key");
        assert!(t["Resources"]["DatabaseSecretRotation"]["Properties"]["RotationRules"].is_object(), "{name}: rotated");
    }
}

#[test]
fn rds_log_groups_are_named_where_rds_writes_and_created_before_the_cluster() {
    for (name, t) in stacks().into_iter().filter(|(n, _)| n.starts_with("hipaa")) {
        let (_, cluster) = resources(&t, "AWS::RDS::DBCluster").next().unwrap();
        let identifier = sub_text(&cluster["Properties"]["DBClusterIdentifier"]);
        let depends_on = match &cluster["DependsOn"] {
            Value::String(one) => vec![json!(one)],
            list => list.as_array().cloned().unwrap_or_default(),
        };
        let exports = cluster["Properties"]["EnableCloudwatchLogsExports"].as_array().unwrap();
        assert!(!exports.is_empty());
        for export in exports {
            let expected = format!("/aws/rds/cluster/{identifier}/{}", export.as_str().unwrap());
            let (group_id, _) = resources(&t, "AWS::Logs::LogGroup")
                .find(|(_, g)| sub_text(&g["Properties"]["LogGroupName"]) == expected)
                .unwrap_or_else(|| panic!("{name}: no log group {expected}"));
            assert!(depends_on.contains(&json!(group_id)), "{name}: the cluster is created after {group_id}");
        }
        let engine = cluster["Properties"]["Engine"].as_str().unwrap();
        let valid: &[&str] = match engine {
            "aurora-mysql" => &["audit", "error", "general", "slowquery"],
            "aurora-postgresql" => &["postgresql"],
            other => panic!("unexpected engine {other}"),
        };
        assert!(exports.iter().all(|e| valid.contains(&e.as_str().unwrap())), "{name}: exports valid for {engine}");
    }
}

#[test]
fn everything_taggable_carries_the_classification_tags() {
    for (name, t) in stacks() {
        let regime = if name.starts_with("hipaa") { "HIPAA" } else { "PCI-DSS" };
        let mut tagged = 0;
        for (id, resource) in t["Resources"].as_object().unwrap() {
            if let Some(tags) = resource["Properties"]["Tags"].as_array() {
                tagged += 1;
                let keys: Vec<&Value> = tags.iter().map(|tag| &tag["Key"]).collect();
                for key in ["DataClassification", "Compliance", "Environment"] {
                    assert!(keys.contains(&&json!(key)), "{name}: {id} lacks the {key} tag");
                }
                assert!(tags.contains(&json!({"Key": "Compliance", "Value": regime})), "{name}: {id}");
            }
        }
        // `tag_all` tags every resource whose type takes tags; the smallest stack has eleven.
        assert!(tagged >= 10, "{name}: only {tagged} resources tagged");
    }
}

#[test]
fn pci_flow_logs_are_kept_a_year_through_a_role_scoped_to_this_account() {
    let (_, t) = stacks().remove(0);
    let group = &t["Resources"]["FlowLogGroup"]["Properties"];
    assert!(group["RetentionInDays"].as_i64().unwrap() >= 365);
    let trust = &t["Resources"]["FlowLogRole"]["Properties"]["AssumeRolePolicyDocument"]["Statement"][0];
    assert_eq!(trust["Principal"]["Service"], "vpc-flow-logs.amazonaws.com");
    assert_eq!(trust["Condition"]["StringEquals"]["aws:SourceAccount"], json!({"Ref": "AWS::AccountId"}));
    // No IAM policy of the stack grants a wildcard action.
    for (id, policy) in resources(&t, "AWS::IAM::ManagedPolicy") {
        for statement in policy["Properties"]["PolicyDocument"]["Statement"].as_array().unwrap() {
            let actions = match &statement["Action"] {
                Value::String(one) => vec![one.clone()],
                list => list.as_array().unwrap().iter().map(|a| a.as_str().unwrap().to_owned()).collect(),
            };
            for action in actions {
                assert!(!action.contains('*'), "{id} grants {action}");
            }
        }
    }
}
