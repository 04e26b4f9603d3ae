//! The generated resource types cover the pinned schema set: every type in
//! `xtask/schemas/us-east-1.json` has exactly one struct with its `TYPE`, in the module and
//! under the name CloudFormation gives it.

use std::collections::BTreeSet;

mod common;

#[test]
fn every_schema_type_is_generated_once() {
    let providers: serde_json::Map<String, serde_json::Value> =
        serde_json::from_str(&std::fs::read_to_string(common::root().join("xtask/schemas/us-east-1.json")).unwrap())
            .unwrap();
    let mut generated = Vec::new();
    for entry in std::fs::read_dir(common::root().join("cfn-model/src/resources")).unwrap() {
        let text = std::fs::read_to_string(entry.unwrap().path()).unwrap();
        for line in text.lines() {
            if let Some(rest) = line.trim().strip_prefix("const TYPE: &'static str = \"") {
                generated.push(rest.trim_end_matches("\";").to_owned());
            }
        }
    }
    let unique: BTreeSet<&String> = generated.iter().collect();
    assert_eq!(unique.len(), generated.len(), "a type is generated twice");
    let expected: BTreeSet<&String> = providers.keys().collect();
    assert_eq!(unique, expected);
    assert_eq!(generated.len(), 1854);
}

#[test]
fn names_mirror_cloudformation() {
    // `AWS::Logs::LogGroup` is `resources::logs::LogGroup`; property types sit in a snake_case
    // module named after the resource.
    use typed_cfn::Resource;
    use typed_cfn::resources::{ec2, logs, rds, s3};
    assert_eq!(logs::LogGroup::TYPE, "AWS::Logs::LogGroup");
    assert_eq!(rds::DBCluster::TYPE, "AWS::RDS::DBCluster");
    assert_eq!(ec2::VPCEndpoint::TYPE, "AWS::EC2::VPCEndpoint");
    let _: s3::bucket::BucketEncryption =
        s3::bucket::BucketEncryption::new(Vec::<s3::bucket::ServerSideEncryptionRule>::new());
}
