//! Templates CloudFormation reads, read the same way, and written back so that they read back
//! equal; and what CloudFormation refuses, refused with a message that says why.

use typed_cfn::Template;

/// Reads `text` (JSON if it starts with `{`), writes it in both formats, and reads each back:
/// all equal. Returns the template read.
fn round_trip(text: &str) -> Template {
    let read = if text.trim_start().starts_with('{') { Template::from_json(text) } else { Template::from_yaml(text) };
    let read = read.unwrap_or_else(|e| panic!("{e}\n{text}"));
    let json = read.to_json().unwrap();
    assert_eq!(Template::from_json(&json).unwrap(), read, "{json}");
    let yaml = read.to_yaml().unwrap();
    assert_eq!(Template::from_yaml(&yaml).unwrap(), read, "{yaml}");
    read
}

fn json_of(template: &Template) -> serde_json::Value {
    serde_json::from_str(&template.to_json().unwrap()).unwrap()
}

#[test]
fn a_description_on_a_resource_is_accepted_and_kept() {
    let read = round_trip(
        "Resources:\n  Topic:\n    Type: AWS::SNS::Topic\n    Description: the alarms' topic\n    Properties:\n      TopicName: alarms\n",
    );
    assert_eq!(json_of(&read)["Resources"]["Topic"]["Description"], "the alarms' topic");
}

#[test]
fn get_azs_of_null_is_the_stack_s_region_and_reads_back_so() {
    let read = round_trip(
        r#"{"Resources": {"Subnet": {"Type": "AWS::EC2::Subnet", "Properties": {"VpcId": "vpc-1", "CidrBlock": "10.0.0.0/24",
            "AvailabilityZone": {"Fn::Select": [0, {"Fn::GetAZs": null}]}}}}}"#,
    );
    let zone = &json_of(&read)["Resources"]["Subnet"]["Properties"]["AvailabilityZone"];
    assert_eq!(zone, &serde_json::json!({"Fn::Select": [0, {"Fn::GetAZs": ""}]}));
    assert!(read.to_yaml().unwrap().contains("!GetAZs ''"), "{}", read.to_yaml().unwrap());
}

#[test]
fn ref_and_conditions_of_null_are_refused_with_what_they_take() {
    for (text, expected) in [
        (
            r#"{"Resources": {"Topic": {"Type": "AWS::SNS::Topic", "Properties": {"TopicName": {"Ref": null}}}}}"#,
            "Ref is given null: it takes the logical ID of a parameter or resource, or a pseudo parameter, as a string; CloudFormation refuses the template",
        ),
        (
            r#"{"Conditions": {"Either": {"Fn::Or": null}}, "Resources": {"Topic": {"Type": "AWS::SNS::Topic"}}}"#,
            "Fn::Or is given null: it takes a list of 2 to 10 conditions; CloudFormation refuses the template",
        ),
    ] {
        let error = Template::from_json(text).unwrap_err().to_string();
        assert!(error.contains(expected), "{error}");
    }
}

#[test]
fn an_empty_transform_list_with_globals_reads_back() {
    let read = round_trip(
        "Transform: []\nGlobals:\n  Function:\n    Timeout: 30\nResources:\n  Topic:\n    Type: AWS::SNS::Topic\n",
    );
    let json = json_of(&read);
    assert_eq!(json["Transform"], serde_json::json!([]));
    assert_eq!(json["Globals"]["Function"]["Timeout"], 30);
}

#[test]
fn small_and_large_floats_write_back_exactly() {
    let read = round_trip(
        r#"{"Resources": {"Thing": {"Type": "AWS::New::Thing", "Properties": {"Values": [1e-25, 0.1, 2.5e300, 1.7976931348623157e308, 5e-324]}}}}"#,
    );
    let json = read.to_json().unwrap();
    for written in ["1e-25", "0.1", "2.5e+300", "1.7976931348623157e+308", "5e-324"] {
        assert!(json.contains(written), "{written} is not in {json}");
    }
    let yaml = read.to_yaml().unwrap();
    assert!(yaml.contains("1e-25"), "{yaml}");
}

#[test]
fn a_parameter_and_a_resource_of_one_name_are_refused_in_either_order() {
    let parameter = "Parameters:\n  Topic:\n    Type: String\n";
    let resource = "Resources:\n  Topic:\n    Type: AWS::SNS::Topic\n";
    for text in [format!("{parameter}{resource}"), format!("{resource}{parameter}")] {
        let error = Template::from_yaml(&text).unwrap_err().to_string();
        assert_eq!(
            error,
            "Resources.Topic: `Topic` is both a parameter and a resource: CloudFormation refuses a template whose logical IDs are not unique across Parameters and Resources; rename one (and the references to it)",
            "{text}"
        );
    }
}

#[test]
fn a_body_too_large_names_cloudformation_s_limit_of_1_000_000_bytes() {
    // 10 MB of values in one resource's metadata: written as JSON and as YAML, both refused with
    // CloudFormation's limit on a template body.
    let mut template = Template::new();
    let values: Vec<String> = (0..200_000).map(|i| format!("value-{i:040}")).collect();
    template
        .add_raw("Thing", typed_cfn::RawResource::new("AWS::New::Thing").property("Values", serde_json::json!(values)));
    for (format, written) in [("JSON", template.to_json()), ("YAML", template.to_yaml())] {
        let error = written.unwrap_err().to_string();
        assert!(
            error.starts_with("the template body is more than 1000000 bytes")
                && error.contains("CloudFormation accepts at most 1000000"),
            "{format}: {error}"
        );
    }
}
