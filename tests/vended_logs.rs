//! Vended logs to S3 (issue 12, integration 6): VPC flow logs written by the log delivery service
//! (`delivery.logs.amazonaws.com`) into an SSE-KMS bucket. The key statement and bucket policy
//! typed code writes, cfn-lint clean; the final check on flow logs into buckets that refuse.

mod common;

use common::findings;

use serde_json::{Value as Json, json};
use typed_cfn::resources::ec2::{FlowLog, flow_log};
use typed_cfn::secure::{KeyPolicy, KmsKey, LogDeliveryGrant, SecureBucket, VendedLogsBucket};
use typed_cfn::{Attributes, Template};

fn flow_log_to(destination: typed_cfn::Value<String>) -> FlowLog {
    FlowLog::new("vpc-0abc", flow_log::ResourceType::Vpc)
        .traffic_type(flow_log::TrafficType::All)
        .log_destination_type(flow_log::LogDestinationType::S3)
        .log_destination(destination)
}

fn typed() -> Template {
    let mut t = Template::new();
    let key = t.add_with("LogsKey", KmsKey::new(KeyPolicy::account_root().grant_s3().grant(LogDeliveryGrant)), Attributes::retain());
    let bucket = t.build("FlowLogs", VendedLogsBucket::new(key.arn()));
    t.add_with("VpcFlowLog", flow_log_to(bucket.log_destination()), Attributes::new().depends_on(&bucket.policy));
    t
}

#[test]
fn the_key_and_the_bucket_let_the_log_delivery_service_in() {
    let t: Json = serde_json::from_str(&typed().to_json().unwrap()).unwrap();
    let key_statements = t["Resources"]["LogsKey"]["Properties"]["KeyPolicy"]["Statement"].as_array().unwrap();
    let delivery = key_statements.iter().find(|s| s["Sid"] == "Allow log delivery to use the key").unwrap();
    let sources = json!({
        "StringEquals": {"aws:SourceAccount": {"Ref": "AWS::AccountId"}},
        "ArnLike": {"aws:SourceArn": {"Fn::Sub": "arn:${AWS::Partition}:logs:${AWS::Region}:${AWS::AccountId}:*"}}
    });
    assert_eq!(
        *delivery,
        json!({
            "Sid": "Allow log delivery to use the key",
            "Effect": "Allow",
            "Principal": {"Service": "delivery.logs.amazonaws.com"},
            "Action": ["kms:Encrypt", "kms:Decrypt", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:DescribeKey"],
            "Resource": "*",
            "Condition": sources
        })
    );
    let policy = t["Resources"]["FlowLogsPolicy"]["Properties"]["PolicyDocument"]["Statement"].as_array().unwrap();
    let write = policy.iter().find(|s| s["Sid"] == "AllowLogDeliveryWrite").unwrap();
    assert_eq!(write["Principal"], json!({"Service": "delivery.logs.amazonaws.com"}));
    assert_eq!(write["Resource"], json!({"Fn::Sub": "${FlowLogs.Arn}/AWSLogs/${AWS::AccountId}/*"}));
    assert_eq!(write["Condition"]["StringEquals"]["s3:x-amz-acl"], json!("bucket-owner-full-control"));
    assert!(policy.iter().any(|s| s["Sid"] == "AllowLogDeliveryAclCheck"));
}

#[test]
fn the_typed_flow_log_bucket_passes_the_check_and_cfn_lint() {
    let emitted = typed().emit(typed_cfn::Format::Json).unwrap();
    assert!(emitted.warnings.is_empty(), "{:?}", emitted.warnings);
    common::assert_lint_clean(&[common::write_for_lint("vended-logs.json", &emitted.body)]);
}

#[test]
fn a_flow_log_into_a_plain_secure_bucket_is_refused() {
    // A `SecureBucket`: its key lets S3 in for the account's principals (`kms:ViaService`), not
    // the log delivery service, and its policy (TLS only) does not let the service write.
    let mut t = Template::new();
    let key = t.add_with("LogsKey", KmsKey::new(KeyPolicy::account_root().grant_s3()), Attributes::retain());
    let bucket = t.build("FlowLogs", SecureBucket::new(key.arn()));
    t.add_with("VpcFlowLog", flow_log_to(bucket.bucket.arn()), Attributes::new().depends_on(&bucket.policy));
    let error = t.to_json().unwrap_err();
    common::assert_file("tests/expected/refusals/flow-log-into-secure-bucket.txt", &format!("{error}\n"));
    assert_eq!(
        findings(&error),
        [("VpcFlowLog".to_owned(), "delivery-key-denies-service"), ("VpcFlowLog".to_owned(), "delivery-policy-denies-service")]
    );
    assert!(error.to_string().contains("the next stack update, which writes this policy again, removes them"), "{error}");
}

#[test]
fn a_flow_log_under_a_prefix_is_judged_under_it() {
    let mut t = Template::new();
    let key = t.add_with("LogsKey", KmsKey::new(KeyPolicy::account_root().grant_s3().grant(LogDeliveryGrant)), Attributes::retain());
    let bucket = t.build("FlowLogs", VendedLogsBucket::new(key.arn()));
    // The policy covers `AWSLogs/<account>/` at the root only: a prefix falls outside it.
    t.add_with("VpcFlowLog", flow_log_to(typed_cfn::sub!("${Bucket}/vpc", Bucket = bucket.log_destination())), Attributes::new().depends_on(&bucket.policy));
    let error = t.to_json().unwrap_err();
    assert_eq!(findings(&error), [("VpcFlowLog".to_owned(), "delivery-policy-denies-service")]);
    // A flow log created before the policy.
    let mut t = typed();
    t.add("SecondFlowLog", flow_log_to(typed_cfn::fns::sub("${FlowLogs.Arn}")));
    let error = t.to_json().unwrap_err();
    assert_eq!(findings(&error), [("SecondFlowLog".to_owned(), "delivery-before-policy")]);
}
