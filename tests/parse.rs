//! Reading templates written by hand: YAML short forms, JSON long forms, and clear errors.

mod common;

use typed_cfn::*;

fn read_input() -> Template {
    let text = std::fs::read_to_string(common::root().join("tests/input/short-forms.yaml")).unwrap();
    Template::from_yaml(&text).unwrap()
}

fn property<'a>(t: &'a Template, resource: &str, name: &str) -> &'a Node {
    t.resource(resource).unwrap().properties.get(name).unwrap()
}

#[test]
fn yaml_short_forms_read_into_intrinsics() {
    let t = read_input();
    assert_eq!(t.parameters().len(), 2);
    assert_eq!(t.conditions().len(), 4);
    assert_eq!(t.resources().len(), 5);
    assert_eq!(
        property(&t, "Subnet", "CidrBlock").to_json_value(),
        serde_json::json!({"Fn::Select": [0, {"Fn::Cidr": [{"Fn::GetAtt": ["Vpc", "CidrBlock"]}, 4, 8]}]})
    );
    assert_eq!(
        property(&t, "Db", "MasterUserPassword").to_json_value(),
        serde_json::json!({"Fn::Sub": "{{resolve:secretsmanager:${DBSecret}:SecretString:password}}"})
    );
    // `!GetAtt Db.Endpoint.Address` splits on the first dot only.
    let tags = property(&t, "Queue", "Tags").to_json_value();
    assert_eq!(tags[1]["Value"], serde_json::json!({"Fn::GetAtt": ["Db", "Endpoint.Address"]}));
    assert_eq!(t.resource("Queue").unwrap().attributes.dependencies(), ["Subnet"]);
    assert_eq!(t.resource("Queue").unwrap().attributes.condition_name(), Some("DevOrEnabled"));
}

#[test]
fn a_read_template_validates_and_writes_both_formats_stably() {
    let t = read_input();
    let json = t.to_json().unwrap();
    let yaml = t.to_yaml().unwrap();
    assert_eq!(Template::from_json(&json).unwrap().to_yaml().unwrap(), yaml);
    assert_eq!(Template::from_yaml(&yaml).unwrap().to_json().unwrap(), json);
    common::assert_file("tests/expected/short-forms.json", &json);
}

#[test]
fn a_missing_type_names_the_resource() {
    let err = Template::from_yaml("Resources:\n  Bucket:\n    Properties: {}\n").unwrap_err();
    assert_eq!(err.to_string(), "Resources.Bucket: a resource needs a Type");
}

#[test]
fn an_unknown_section_is_named() {
    let err = Template::from_json(r#"{"Resource": {}}"#).unwrap_err();
    assert!(err.to_string().starts_with("Resource: unknown top-level section"), "{err}");
}

#[test]
fn an_unknown_deletion_policy_lists_the_valid_ones() {
    let err =
        Template::from_yaml("Resources:\n  B:\n    Type: AWS::S3::Bucket\n    DeletionPolicy: Keep\n").unwrap_err();
    assert_eq!(
        err.to_string(),
        "Resources.B.DeletionPolicy: expected Delete, Retain, RetainExceptOnCreate or Snapshot"
    );
}

#[test]
fn a_one_part_get_att_is_a_syntax_error_with_a_line() {
    let err = Template::from_yaml("Outputs:\n  A:\n    Value: !GetAtt Bucket\n").unwrap_err();
    let text = err.to_string();
    assert!(text.contains("Fn::GetAtt `Bucket` needs the form Resource.Attribute"), "{text}");
    assert!(text.contains("line 3"), "{text}");
}

#[test]
fn invalid_json_is_reported_as_json() {
    let err = Template::from_json("{").unwrap_err();
    assert!(matches!(err, ParseError::Json(_)));
}

#[test]
fn a_tag_on_an_empty_scalar_is_the_empty_string() {
    let text = "Resources:\n  Subnet:\n    Type: AWS::EC2::Subnet\n    Properties:\n      VpcId: vpc-1\n      AvailabilityZone: !Select [0, !GetAZs ]\n      CidrBlock: 10.0.0.0/24\n";
    let t = Template::from_yaml(text).unwrap();
    let zone = t.resource("Subnet").unwrap().properties.get("AvailabilityZone").unwrap().to_json_value();
    assert_eq!(zone, serde_json::json!({"Fn::Select": [0, {"Fn::GetAZs": ""}]}));
    let yaml = t.to_yaml().unwrap();
    assert!(yaml.contains("!GetAZs ''"), "{yaml}");
    assert!(!yaml.contains("null"), "{yaml}");
}

#[test]
fn a_key_given_twice_is_an_error_in_both_formats() {
    let json = r#"{"Resources": {"Queue": {"Type": "AWS::SQS::Queue", "Properties": {"DelaySeconds": 1, "DelaySeconds": 2}}}}"#;
    let error = Template::from_json(json).unwrap_err().to_string();
    assert!(error.contains("`DelaySeconds` is given twice in one mapping"), "{error}");
    let yaml = "Resources:\n  Queue:\n    Type: AWS::SQS::Queue\n    Properties:\n      DelaySeconds: 1\n      DelaySeconds: 2\n";
    let error = Template::from_yaml(yaml).unwrap_err().to_string();
    assert!(error.contains("DelaySeconds"), "{error}");
}

#[test]
fn condition_names_with_other_characters_and_sub_names_with_spaces_are_read() {
    let text = "Conditions:\n  Prod&Primary: !Equals [a, a]\nResources:\n  Queue:\n    Type: AWS::SQS::Queue\n    Condition: Prod&Primary\n    Properties:\n      QueueName: !Sub '${ AWS::StackName }-queue'\n";
    let t = Template::from_yaml(text).unwrap();
    let json: serde_json::Value = serde_json::from_str(&t.to_json().unwrap()).unwrap();
    assert_eq!(json["Resources"]["Queue"]["Condition"], "Prod&Primary");
    assert_eq!(
        json["Resources"]["Queue"]["Properties"]["QueueName"],
        serde_json::json!({"Fn::Sub": "${ AWS::StackName }-queue"})
    );
}

#[test]
fn the_rules_only_functions_are_read_in_rules() {
    let text = "Parameters:\n  Env:\n    Type: String\n  Subnets:\n    Type: List<AWS::EC2::Subnet::Id>\nRules:\n  KnownEnvironment:\n    Assertions:\n      - Assert: !Contains [[dev, prod], !Ref Env]\n      - Assert: !EachMemberIn [!ValueOfAll [AWS::EC2::Subnet::Id, VpcId], [vpc-1]]\n      - Assert: !EachMemberEquals [!RefAll AWS::EC2::Subnet::Id, x]\n      - Assert: !Equals [!ValueOf [Subnets, VpcId], vpc-1]\nResources:\n  Queue:\n    Type: AWS::SQS::Queue\n";
    let t = Template::from_yaml(text).unwrap();
    let json: serde_json::Value = serde_json::from_str(&t.to_json().unwrap()).unwrap();
    let assertions = &json["Rules"]["KnownEnvironment"]["Assertions"];
    assert_eq!(assertions[0]["Assert"], serde_json::json!({"Fn::Contains": [["dev", "prod"], {"Ref": "Env"}]}));
    assert_eq!(
        assertions[2]["Assert"]["Fn::EachMemberEquals"][0],
        serde_json::json!({"Fn::RefAll": "AWS::EC2::Subnet::Id"})
    );
    assert_eq!(Template::from_yaml(&t.to_yaml().unwrap()).unwrap().to_json().unwrap(), t.to_json().unwrap());
}

#[test]
fn a_custom_resource_keeps_its_version() {
    let text = "Resources:\n  Custom:\n    Type: Custom::Thing\n    Version: '1.0'\n    Properties:\n      ServiceToken: arn:aws:lambda:us-east-1:123456789012:function:f\n";
    let t = Template::from_yaml(text).unwrap();
    let json: serde_json::Value = serde_json::from_str(&t.to_json().unwrap()).unwrap();
    assert_eq!(json["Resources"]["Custom"]["Version"], "1.0");
    assert!(t.to_yaml().unwrap().contains("Version: '1.0'"));
}

/// A YAML document of `levels` levels of `width` aliases each, over a string of `length` bytes.
fn alias_bomb(levels: usize, width: usize, length: usize) -> String {
    let mut lines = vec![format!("a0: &a0 \"{}\"", "x".repeat(length))];
    for i in 1..=levels {
        let previous = vec![format!("*a{}", i - 1); width].join(",");
        lines.push(format!("a{i}: &a{i} [{previous}]"));
    }
    format!(
        "Resources:\n  Bomb:\n    Type: AWS::SNS::Topic\n    Metadata:\n{}\n",
        lines.iter().map(|l| format!("      {l}")).collect::<Vec<_>>().join("\n")
    )
}

#[test]
fn yaml_alias_bombs_are_refused_quickly_in_bounded_memory() {
    // Many small values (nine levels of nine: 387 million strings from 600 bytes), and few long
    // ones (three levels of sixty over a 2 KB string: 430 MB from 3 KB). The reader's budget
    // (values and bytes, strings weighed by length) stops both before they are built, and the
    // limit of 100 repeats per value written stands behind it.
    for (levels, width, length) in [(9, 9, 3), (3, 60, 2048)] {
        let text = alias_bomb(levels, width, length);
        assert!(text.len() < 4096, "{}", text.len());
        let started = std::time::Instant::now();
        let error = typed_cfn::Template::from_yaml(&text).unwrap_err().to_string();
        assert!(
            error.contains("times per value written") || error.contains("the document expands to more than"),
            "{error}"
        );
        assert!(started.elapsed() < std::time::Duration::from_secs(20), "took {:?}", started.elapsed());
    }
}

/// `tag_all` tags resources read from a file, and raw ones, in their type's shape (a list of
/// `Key`/`Value`, or a map); types whose `Tags` shape is unknown are left as they are.
#[test]
fn tag_all_tags_parsed_and_raw_resources_by_their_types_shape() {
    let text = r#"{
        "Resources": {
            "Data": {"Type": "AWS::S3::Bucket"},
            "Setting": {"Type": "AWS::SSM::Parameter", "Properties": {"Type": "String", "Value": "on", "Tags": {"team": "data"}}},
            "Custom": {"Type": "Custom::Thing", "Properties": {"ServiceToken": "arn:aws:lambda:us-east-1:123456789012:function:thing"}}
        }
    }"#;
    let mut t = typed_cfn::Template::from_json(text).unwrap();
    t.add_raw("Queue", typed_cfn::RawResource::new("AWS::SQS::Queue"));
    t.tag_all([("CostCenter", "1234"), ("team", "platform")]);
    let json: serde_json::Value = serde_json::from_str(&t.to_json().unwrap()).unwrap();
    let list = serde_json::json!([{"Key": "CostCenter", "Value": "1234"}, {"Key": "team", "Value": "platform"}]);
    assert_eq!(json["Resources"]["Data"]["Properties"]["Tags"], list);
    assert_eq!(json["Resources"]["Queue"]["Properties"]["Tags"], list);
    assert_eq!(
        json["Resources"]["Setting"]["Properties"]["Tags"],
        serde_json::json!({"team": "data", "CostCenter": "1234"})
    );
    assert!(json["Resources"]["Custom"]["Properties"].get("Tags").is_none());
}

/// Types whose schema names another tag property (`BackupVaultTags`, `FileSystemTags`) are
/// tagged there, read from a file or added raw, and the tag limits read that property too.
#[test]
fn tag_all_tags_the_property_a_type_names_for_tags() {
    let text =
        r#"{"Resources": {"Vault": {"Type": "AWS::Backup::BackupVault", "Properties": {"BackupVaultName": "v"}}}}"#;
    let mut t = typed_cfn::Template::from_json(text).unwrap();
    t.add_raw("Files", typed_cfn::RawResource::new("AWS::EFS::FileSystem"));
    t.tag_all([("team", "platform")]);
    let json: serde_json::Value = serde_json::from_str(&t.to_json().unwrap()).unwrap();
    assert_eq!(json["Resources"]["Vault"]["Properties"]["BackupVaultTags"], serde_json::json!({"team": "platform"}));
    assert_eq!(
        json["Resources"]["Files"]["Properties"]["FileSystemTags"],
        serde_json::json!([{"Key": "team", "Value": "platform"}])
    );
    assert!(json["Resources"]["Vault"]["Properties"].get("Tags").is_none());
    // An `aws:` key in the named property is refused as in `Tags`.
    t.tag_all([("aws:owner", "me")]);
    let err = t.to_json().unwrap_err().to_string();
    assert!(err.contains("Resources.Vault.Properties.BackupVaultTags"), "{err}");
}

/// `Properties` chosen by a condition as a whole: `tag_all` tags each branch (a `Ref
/// AWS::NoValue` branch becomes the tags alone) and writes no second `Properties` beside the
/// `Fn::If`, which would replace it and drop the branches' properties.
#[test]
fn tag_all_tags_each_branch_of_conditional_properties() {
    let text = "Parameters:\n  Stage:\n    Type: String\nConditions:\n  Big: !Equals [!Ref Stage, big]\nResources:\n  Queue:\n    Type: AWS::SQS::Queue\n    Properties: !If [Big, {DelaySeconds: 5, Tags: [{Key: team, Value: queues}]}, !Ref AWS::NoValue]\n";
    let mut t = Template::from_yaml(text).unwrap();
    t.tag_all([("team", "platform"), ("CostCenter", "1234")]);
    let emitted = t.to_json().unwrap();
    assert_eq!(emitted.matches("\"Properties\"").count(), 1, "{emitted}");
    let json: serde_json::Value = serde_json::from_str(&emitted).unwrap();
    assert_eq!(
        json["Resources"]["Queue"]["Properties"],
        serde_json::json!({"Fn::If": ["Big",
            {"DelaySeconds": 5, "Tags": [{"Key": "team", "Value": "queues"}, {"Key": "CostCenter", "Value": "1234"}]},
            {"Tags": [{"Key": "team", "Value": "platform"}, {"Key": "CostCenter", "Value": "1234"}]}]})
    );
}
