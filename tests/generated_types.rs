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

/// Values AWS documents for properties that name another resource, which the relationship data
/// alone would refuse (corrected in `xtask/src/codegen/ref_overrides.rs`): each compiles with the
/// typed setter and reaches the template as written.
#[test]
fn documented_forms_the_relationship_data_leaves_out_compile() {
    use serde_json::json;
    use typed_cfn::policy::{Principal, Statement, TrustPolicy};
    use typed_cfn::refs::{Attr, kind, target};
    use typed_cfn::resources::{cloudtrail, ec2, ecs, iam, kms, lambda, rds, sns, ssm};

    let mut t = typed_cfn::Template::new();
    let key = t.add("Key", kms::Key::new());
    let cluster = t.add("Cluster", ecs::Cluster::new());
    // A trail's data resource values are ARN prefixes: every object of every bucket.
    // https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-properties-cloudtrail-trail-dataresource.html
    t.add(
        "Trail",
        cloudtrail::Trail::new(true, Attr::<target::s3::Bucket, kind::BucketName>::external("trail-logs"))
            .event_selectors(vec![cloudtrail::trail::EventSelector::new().data_resources(vec![
                    cloudtrail::trail::DataResource::new(cloudtrail::trail::Type::AwsS3Object)
                        .values(vec!["arn:aws:s3".to_owned()]),
                ])]),
    );
    // An AWS managed policy is a managed policy: its ARN comes in from outside, of the right kind.
    t.add(
        "Role",
        iam::Role::new(TrustPolicy::new([Statement::allow(typed_cfn::actions!["sts:AssumeRole"])
            .principal(Principal::service(typed_cfn::service_principal!("lambda.amazonaws.com")))]))
        .managed_policy_arns([Attr::<target::iam::ManagedPolicy, kind::PolicyArn>::external(
            "arn:aws:iam::aws:policy/ReadOnlyAccess",
        )]),
    );
    // RDS takes an alias's name for its storage key and a key's ARN for the master user secret's.
    // https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-rds-dbinstance.html#cfn-rds-dbinstance-kmskeyid
    t.add(
        "Db",
        rds::DBInstance::new()
            .kms_key_id(Attr::<target::kms::Alias, kind::AliasName>::external("alias/aws/rds"))
            .master_user_secret(rds::db_instance::MasterUserSecret::new().kms_key_id(key.arn())),
    );
    // EBS takes an alias for a launch template's volume key.
    t.add(
        "Template",
        ec2::LaunchTemplate::new(ec2::launch_template::LaunchTemplateData::new().block_device_mappings(vec![
            ec2::launch_template::BlockDeviceMapping::new().ebs(
                ec2::launch_template::Ebs::new()
                    .kms_key_id(Attr::<target::kms::Alias, kind::AliasName>::external("alias/aws/ebs")),
            ),
        ])),
    );
    // A topic's inline subscription endpoint follows its protocol: here an email address.
    t.add("Topic", sns::Topic::new().subscription(vec![sns::topic::Subscription::new("ops@example.com", "email")]));
    // A service names its cluster by ARN as well as by name.
    t.add("Service", ecs::Service::new().cluster(cluster.arn()));
    // An association's target values follow their key: tag values here.
    t.add(
        "Patch",
        ssm::Association::new(Attr::<target::ssm::Document, kind::Name>::external("AWS-RunPatchBaseline"))
            .targets(vec![ssm::association::Target::new("tag:Patch", vec!["weekly".to_owned()])]),
    );
    // An asynchronous invocation's success destination may be another function.
    t.add(
        "Invoke",
        lambda::EventInvokeConfig::new(
            Attr::<target::lambda::Function, kind::FunctionName>::external("worker"),
            "$LATEST",
        )
        .destination_config(lambda::event_invoke_config::DestinationConfig::new().on_success(
            lambda::event_invoke_config::OnSuccess::new(Attr::<target::lambda::Function, kind::Arn>::external(
                "arn:aws:lambda:us-east-1:111122223333:function:audit",
            )),
        )),
    );

    let out: serde_json::Value = serde_json::from_str(&t.to_json().unwrap()).unwrap();
    let r = &out["Resources"];
    assert_eq!(r["Trail"]["Properties"]["EventSelectors"][0]["DataResources"][0]["Values"], json!(["arn:aws:s3"]));
    assert_eq!(r["Role"]["Properties"]["ManagedPolicyArns"], json!(["arn:aws:iam::aws:policy/ReadOnlyAccess"]));
    assert_eq!(r["Db"]["Properties"]["KmsKeyId"], json!("alias/aws/rds"));
    assert_eq!(r["Db"]["Properties"]["MasterUserSecret"]["KmsKeyId"], json!({"Fn::GetAtt": ["Key", "Arn"]}));
    assert_eq!(
        r["Template"]["Properties"]["LaunchTemplateData"]["BlockDeviceMappings"][0]["Ebs"]["KmsKeyId"],
        json!("alias/aws/ebs")
    );
    assert_eq!(r["Topic"]["Properties"]["Subscription"], json!([{"Endpoint": "ops@example.com", "Protocol": "email"}]));
    assert_eq!(r["Service"]["Properties"]["Cluster"], json!({"Fn::GetAtt": ["Cluster", "Arn"]}));
    assert_eq!(r["Patch"]["Properties"]["Targets"], json!([{"Key": "tag:Patch", "Values": ["weekly"]}]));
    assert_eq!(
        r["Invoke"]["Properties"]["DestinationConfig"]["OnSuccess"]["Destination"],
        json!("arn:aws:lambda:us-east-1:111122223333:function:audit")
    );
}
