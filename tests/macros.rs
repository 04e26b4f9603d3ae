//! What the macros emit when their input is right.

use serde_json::json;
use typed_cfn::policy::{Principal, Statement};
use typed_cfn::resources::s3::Bucket;
use typed_cfn::{Template, actions, service_principal, sub};

#[test]
fn sub_writes_refs_into_the_string_and_other_values_into_the_map() {
    let mut t = Template::new();
    let bucket = t.add("Data", Bucket::new());
    let plain = sub!("arn:${AWS::Partition}:s3:::${Bucket}/*", Bucket = bucket.reference());
    assert_eq!(plain.node().to_json_value(), json!({"Fn::Sub": "arn:${AWS::Partition}:s3:::${Data}/*"}));
    let mapped = sub!("${Prefix}-${AWS::Region}", Prefix = "orders");
    assert_eq!(mapped.node().to_json_value(), json!({"Fn::Sub": ["${Prefix}-${AWS::Region}", {"Prefix": "orders"}]}));
    let attribute = sub!("https://${Data.DomainName}/", "Data.DomainName" = bucket.domain_name());
    assert_eq!(attribute.node().to_json_value(), json!({"Fn::Sub": "https://${Data.DomainName}/"}));
}

#[test]
fn actions_and_service_principals_are_written_as_given() {
    let statement = Statement::allow(actions!["kms:Decrypt", "kms:GenerateDataKey*"])
        .principal(Principal::service(service_principal!("lambda.amazonaws.com")))
        .any_resource();
    assert_eq!(
        statement.to_node().to_json_value(),
        json!({
            "Effect": "Allow",
            "Principal": {"Service": "lambda.amazonaws.com"},
            "Action": ["kms:Decrypt", "kms:GenerateDataKey*"],
            "Resource": "*"
        })
    );
}

#[test]
fn raw_resource_sets_unguarded_properties_by_name() {
    let mut t = Template::new();
    let thing = t.add_raw(
        "Thing",
        typed_cfn::raw_resource!("AWS::NewService::Thing", {
            "Name": "orders",
            "Size": 3,
            "Ratio": 0.5,
            "Enabled": true,
            "Owner": String::from("team-a"),
            "Arn": typed_cfn::intrinsics::sub("arn:${AWS::Partition}:s3:::orders").into_json(),
            "Nested": serde_json::json!({"A": [1, 2]}),
        }),
    );
    assert_eq!(thing.logical_id(), "Thing");
    assert_eq!(
        t.resource("Thing").unwrap().properties.to_node().to_json_value(),
        json!({
            "Name": "orders",
            "Size": 3,
            "Ratio": 0.5,
            "Enabled": true,
            "Owner": "team-a",
            "Arn": {"Fn::Sub": "arn:${AWS::Partition}:s3:::orders"},
            "Nested": {"A": [1, 2]}
        })
    );
}
