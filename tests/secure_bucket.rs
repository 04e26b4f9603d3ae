//! `SecureBucket` in a PCI-scoped stack: SSE-KMS with the stack's key and a Bucket Key,
//! versioning, the four public access blocks, and a policy that denies plain HTTP.

mod common;

use serde_json::json;
use typed_cfn::secure::{KeyPolicy, KmsKey, LogsGrant, Pci, SecureBucket, Stack};
use typed_cfn::{Attributes, Output};

fn stack() -> Stack<Pci> {
    let mut stack = Stack::<Pci>::new();
    stack.set_description("A PCI-scoped bucket");
    let key = stack.add_with(
        "DataKey",
        KmsKey::new(KeyPolicy::account_root().grant_s3().grant_logs(LogsGrant::account_wide())),
        Attributes::retain(),
    );
    let data = stack.build("Data", SecureBucket::new(key.arn()));
    stack.output("DataBucketArn", Output::new(data.bucket.arn()));
    stack
}

#[test]
fn the_bucket_is_encrypted_private_versioned_and_tls_only() {
    let template: serde_json::Value = serde_json::from_str(&stack().template().to_json().unwrap()).unwrap();
    let bucket = &template["Resources"]["Data"];
    assert_eq!(bucket["DeletionPolicy"], "Retain");
    assert_eq!(
        bucket["Properties"]["BucketEncryption"],
        json!({"ServerSideEncryptionConfiguration": [{
            "BucketKeyEnabled": true,
            "ServerSideEncryptionByDefault": {"SSEAlgorithm": "aws:kms", "KMSMasterKeyID": {"Fn::GetAtt": ["DataKey", "Arn"]}}
        }]})
    );
    assert_eq!(bucket["Properties"]["VersioningConfiguration"], json!({"Status": "Enabled"}));
    let policy = &template["Resources"]["DataPolicy"]["Properties"]["PolicyDocument"]["Statement"][0];
    assert_eq!(policy["Effect"], "Deny");
    assert_eq!(policy["Condition"], json!({"Bool": {"aws:SecureTransport": "false"}}));
}

#[test]
fn the_scoped_stack_is_lint_clean() {
    let stack = stack();
    common::assert_file("tests/expected/secure_bucket.json", &stack.template().to_json().unwrap());
    common::assert_file("tests/expected/secure_bucket.yaml", &stack.template().to_yaml().unwrap());
}
