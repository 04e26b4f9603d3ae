//! `#[derive(Parameters)]`: a struct whose fields are a template's parameters.

use serde_json::json;
use typed_cfn::{Parameters, RawResource, Template, sub};

/// Parameters of a small stack.
#[derive(Parameters)]
struct StackParameters {
    /// Suffix of every resource name.
    environment_suffix: String,
    /// How many copies
    /// to run.
    instance_count: i64,
    subnet_ids: Vec<String>,
}

#[test]
fn fields_become_parameters_with_defaults_and_descriptions() {
    let mut t = Template::new();
    let p = StackParameters {
        environment_suffix: "dev".to_owned(),
        instance_count: 2,
        subnet_ids: vec!["a".into(), "b".into()],
    }
    .add_to(&mut t);
    let name = sub!("orders-${Env}", Env = p.environment_suffix.reference());
    t.add_raw("Handle", RawResource::new("AWS::CloudFormation::WaitConditionHandle"));
    assert_eq!(name.node().to_json_value(), json!({"Fn::Sub": "orders-${EnvironmentSuffix}"}));
    assert_eq!(p.instance_count.logical_id(), "InstanceCount");
    let written: serde_json::Value = serde_json::from_str(&t.to_json().unwrap()).unwrap();
    assert_eq!(
        written["Parameters"],
        json!({
            "EnvironmentSuffix": {"Type": "String", "Description": "Suffix of every resource name.", "Default": "dev"},
            "InstanceCount": {"Type": "Number", "Description": "How many copies to run.", "Default": 2},
            "SubnetIds": {"Type": "CommaDelimitedList", "Default": "a,b"}
        })
    );
}
