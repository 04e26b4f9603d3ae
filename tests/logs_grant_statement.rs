//! The CloudWatch Logs statement of every key that encrypts logs, field for field as the fixes of
//! the two failure analyses have it — the PCI stack's, whose key let Logs in only through a
//! generic statement, and the HIPAA stack's, whose RDS key had no Logs statement — with
//! `${AWS::Partition}` for the literal `aws`, which cfn-lint flags as I3042.

use serde_json::json;
use typed_cfn::secure::{KeyPolicy, KmsKey, LogsGrant};
use typed_cfn::*;

/// The statement the PCI stack's fix adds, with the partition pseudo parameter.
fn fixed_logs_statement(log_group_arn: &str) -> serde_json::Value {
    json!({
        "Sid": "Allow CloudWatch Logs to use the key",
        "Effect": "Allow",
        "Principal": {"Service": {"Fn::Sub": "logs.${AWS::Region}.amazonaws.com"}},
        "Action": [
            "kms:Encrypt",
            "kms:Decrypt",
            "kms:ReEncrypt*",
            "kms:GenerateDataKey*",
            "kms:CreateGrant",
            "kms:DescribeKey"
        ],
        "Resource": "*",
        "Condition": {
            "ArnLike": {
                "kms:EncryptionContext:aws:logs:arn": {"Fn::Sub": log_group_arn}
            }
        }
    })
}

#[test]
fn the_logs_grant_is_the_statement_the_pci_stacks_fix_adds() {
    let policy = KeyPolicy::account_root().grant_logs(LogsGrant::account_wide());
    let document = policy.to_node().to_json_value();
    let statements = document["Statement"].as_array().unwrap();
    assert_eq!(statements.len(), 3, "the root statement, the logs statement (each its own), the CreateGrant guard");
    assert_eq!(
        statements[1],
        fixed_logs_statement("arn:${AWS::Partition}:logs:${AWS::Region}:${AWS::AccountId}:log-group:*")
    );
}

#[test]
fn the_root_statement_names_the_account_through_the_partition() {
    let document = KeyPolicy::account_root().to_node().to_json_value();
    assert_eq!(
        document,
        json!({
            "Version": "2012-10-17",
            "Statement": [{
                "Sid": "Enable IAM User Permissions",
                "Effect": "Allow",
                "Principal": {"AWS": {"Fn::Sub": "arn:${AWS::Partition}:iam::${AWS::AccountId}:root"}},
                "Action": "kms:*",
                "Resource": "*"
            }, {
                // Every key policy ends so: grants only for AWS resources or services (CT.KMS.PR.3).
                "Sid": "Deny grants except for AWS resources",
                "Effect": "Deny",
                "Principal": "*",
                "Action": "kms:CreateGrant",
                "Resource": "*",
                "Condition": {"BoolIfExists": {"kms:GrantIsForAWSResource": "false", "aws:PrincipalIsAWSService": "false"}}
            }]
        })
    );
}

#[test]
fn the_logs_grant_narrows_to_named_log_groups() {
    let grant = LogsGrant::for_log_groups(["/aws/rds/cluster/db-prod/error", "/aws/rds/cluster/db-prod/audit"]);
    let document = KeyPolicy::account_root().grant_logs(grant).to_node().to_json_value();
    let condition = &document["Statement"][1]["Condition"]["ArnLike"]["kms:EncryptionContext:aws:logs:arn"];
    assert_eq!(
        condition,
        &json!([
            {"Fn::Sub": "arn:${AWS::Partition}:logs:${AWS::Region}:${AWS::AccountId}:log-group:/aws/rds/cluster/db-prod/error"},
            {"Fn::Sub": "arn:${AWS::Partition}:logs:${AWS::Region}:${AWS::AccountId}:log-group:/aws/rds/cluster/db-prod/audit"}
        ])
    );
}

#[test]
fn a_key_with_rds_and_logs_grants_has_the_statements_of_the_hipaa_stacks_fix() {
    let mut t = Template::new();
    let key = t.add("RdsKey", KmsKey::new(KeyPolicy::account_root().grant_rds().grant_logs(LogsGrant::account_wide())));
    let emitted = t.to_json().unwrap();
    let template: serde_json::Value = serde_json::from_str(&emitted).unwrap();
    let properties = &template["Resources"]["RdsKey"]["Properties"];
    assert_eq!(properties["EnableKeyRotation"], json!(true));
    let sids: Vec<&str> =
        properties["KeyPolicy"]["Statement"].as_array().unwrap().iter().map(|s| s["Sid"].as_str().unwrap()).collect();
    assert_eq!(
        sids,
        [
            "Enable IAM User Permissions",
            "Allow RDS to use the key",
            "Allow CloudWatch Logs to use the key",
            "Deny grants except for AWS resources"
        ]
    );
    assert_eq!(
        properties["KeyPolicy"]["Statement"][2],
        fixed_logs_statement("arn:${AWS::Partition}:logs:${AWS::Region}:${AWS::AccountId}:log-group:*")
    );
    assert_eq!(key.arn().value().node().to_json_value(), json!({"Fn::GetAtt": ["RdsKey", "Arn"]}));
}

/// A grant narrowed to named log groups admits those only: a group the grant does not name is
/// refused when the template is emitted (CloudWatch Logs would refuse the key at deployment).
#[test]
fn a_log_group_the_narrowed_grant_does_not_name_is_refused() {
    use typed_cfn::resources::logs::LogGroup;

    let grant = LogsGrant::for_log_groups([fns::sub("/app/${AWS::StackName}/orders"), fns::sub("/aws/lambda/*")]);
    let mut t = Template::new();
    let key = t.add("LogsKey", KmsKey::new(KeyPolicy::account_root().grant_logs(grant)));
    t.add("Named", LogGroup::new().log_group_name(fns::sub("/app/${AWS::StackName}/orders")).kms_key_id(key.arn()));
    t.add("Wildcard", LogGroup::new().log_group_name("/aws/lambda/processor").kms_key_id(key.arn()));
    t.add("Other", LogGroup::new().log_group_name("/app/other").kms_key_id(key.arn()));
    t.add("Unnamed", LogGroup::new().kms_key_id(key.arn()));

    let error = t.to_json().unwrap_err().to_string();
    assert!(
        error.contains("Resources.Other: CloudWatch Logs cannot use key `LogsKey` for log group `/app/other`"),
        "{error}"
    );
    assert!(error.contains("Resources.Unnamed: CloudWatch Logs cannot use key `LogsKey` for log group `«AWS::StackName»-Unnamed-«generated»`"), "{error}");
    assert!(!error.contains("Resources.Named"), "{error}");
    assert!(!error.contains("Resources.Wildcard"), "{error}");

    let mut t = Template::new();
    let key = t.add("LogsKey", KmsKey::new(KeyPolicy::account_root().grant_logs(LogsGrant::account_wide())));
    t.add("Unnamed", LogGroup::new().kms_key_id(key.arn()));
    t.add("Other", LogGroup::new().log_group_name("/app/other").kms_key_id(key.arn()));
    assert!(t.to_json().is_ok());
}
