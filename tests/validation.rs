//! Every emit-time check, one test each, with the message a user sees.

use typed_cfn::*;

fn bucket() -> RawResource {
    RawResource::new("AWS::S3::Bucket")
}

/// The one problem `t` has, as displayed.
#[track_caller]
fn only_problem(t: &Template) -> String {
    let err = t.to_json().expect_err("the template should be rejected");
    let problems = err.problems();
    assert_eq!(problems.len(), 1, "expected exactly one problem, got {problems:#?}");
    problems[0].to_string()
}

#[test]
fn logical_ids_must_be_alphanumeric() {
    let mut t = Template::new();
    t.add_raw("data-bucket", bucket());
    assert_eq!(
        only_problem(&t),
        "Resources: `data-bucket` is not a valid logical ID: `-` is not allowed: use letters A-Z, a-z and digits 0-9 only"
    );
}

#[test]
fn logical_ids_have_at_most_255_characters() {
    let mut t = Template::new();
    t.add_raw(&"B".repeat(256), bucket());
    assert!(only_problem(&t).ends_with("it has 256 characters; the limit is 255"));
}

#[test]
fn a_logical_id_is_declared_once_across_parameters_and_resources() {
    let mut t = Template::new();
    t.add_raw("Anchor", bucket());
    t.parameter("Data", Parameter::string());
    t.add_raw("Data", bucket());
    assert_eq!(
        only_problem(&t),
        "Resources: `Data` is declared twice (parameters and resources share one namespace); give each a unique logical ID"
    );
}

#[test]
fn a_ref_to_a_missing_parameter_names_it() {
    let mut t = Template::new();
    // A handle from another template refers to nothing in this one.
    let mut elsewhere = Template::new();
    let env = elsewhere.parameter("Env", Parameter::string());
    t.add_raw("Data", bucket().property("BucketName", env.reference().into_json()));
    assert_eq!(
        only_problem(&t),
        "Resources.Data.Properties: Ref names `Env`, which is not in the template; Ref here may name a parameter, a resource or a pseudo parameter. Add it to the template, or fix the name"
    );
}

#[test]
fn a_sub_variable_must_name_something() {
    let mut t = Template::new();
    t.add_raw("Data", bucket().property("BucketName", fns::sub("data-${Suffix}").into_json()));
    assert!(
        only_problem(&t).starts_with("Resources.Data.Properties: Fn::Sub names `Suffix`, which is not in the template")
    );
}

#[test]
fn a_sub_with_an_unknown_pseudo_parameter_suggests_the_right_one() {
    let mut t = Template::new();
    t.add_raw("Data", bucket().property("BucketName", fns::sub("data-${AWS::Regoin}").into_json()));
    assert_eq!(
        only_problem(&t),
        "Resources.Data.Properties: Fn::Sub: unknown pseudo parameter `AWS::Regoin`; did you mean `AWS::Region`?"
    );
}

#[test]
fn get_att_must_name_a_resource() {
    let mut t = Template::new();
    t.add_raw("Anchor", bucket());
    let mut other = Template::new();
    let ghost = other.add_raw("Ghost", bucket());
    t.output("Arn", Output::new(ghost.get_att_unchecked("Arn")));
    assert_eq!(
        only_problem(&t),
        "Outputs.Arn: Fn::GetAtt names `Ghost`, which is not in the template; Fn::GetAtt here may name a resource. Add it to the template, or fix the name"
    );
}

#[test]
fn depends_on_must_name_a_resource() {
    let mut other = Template::new();
    let ghost = other.add_raw("Ghost", bucket());
    let mut t = Template::new();
    t.add_raw_with("Data", bucket(), Attributes::new().depends_on(&ghost));
    assert!(only_problem(&t).starts_with("Resources.Data.DependsOn: DependsOn names `Ghost`"));
}

#[test]
fn conditions_must_be_declared() {
    let mut other = Template::new();
    let prod = other.condition("IsProd", fns::equals(pseudo::region(), "us-east-1"));
    let mut t = Template::new();
    t.add_raw_with("Data", bucket(), Attributes::new().condition(&prod));
    assert_eq!(
        only_problem(&t),
        "Resources.Data.Condition: condition `IsProd` is not declared; add it with `Template::condition`, or fix the name"
    );
}

#[test]
fn conditions_may_not_refer_to_resources() {
    let mut t = Template::new();
    let data = t.add_raw("Data", bucket());
    t.condition("HasData", fns::equals(data.reference(), "x"));
    assert!(only_problem(&t).contains("conditions cannot refer to resources"));
}

#[test]
fn mappings_must_be_declared() {
    let mut other = Template::new();
    let map = other.mapping("Amis", Mapping::new().entry("us-east-1", [("Id", "ami-1")]));
    let mut t = Template::new();
    t.add_raw("Anchor", bucket());
    let ami: Value<String> = fns::find_in_map(&map, pseudo::region(), "Id");
    t.output("Ami", Output::new(ami));
    assert_eq!(
        only_problem(&t),
        "Outputs.Ami: Fn::FindInMap names mapping `Amis`, which is not declared; add it with `Template::mapping`"
    );
}

#[test]
fn a_dependency_cycle_is_named() {
    let mut t = Template::new();
    let mut other = Template::new();
    let b = other.add_raw("B", bucket());
    let a = t.add_raw_with("A", bucket(), Attributes::new().depends_on(&b));
    t.add_raw("B", bucket().property("BucketName", a.reference().into_json()));
    assert_eq!(
        only_problem(&t),
        "Resources: circular dependency A -> B -> A; CloudFormation cannot create these in any order. Break the circle, e.g. by moving a policy or rule into a resource of its own"
    );
}

#[test]
fn at_most_500_resources() {
    let mut t = Template::new();
    for i in 0..501 {
        t.add_raw(&format!("Bucket{i}"), bucket());
    }
    assert_eq!(
        only_problem(&t),
        "Resources: 501 entries; CloudFormation allows at most 500. Move a group into a nested stack (`App::add_nested` in \
         `typed_cfn::app`, feature `app`): the largest is the 501 AWS::S3 resources (Bucket0, Bucket1, Bucket2, …)"
    );
}

#[test]
fn at_most_200_parameters_outputs_and_mappings() {
    let mut t = Template::new();
    t.add_raw("Anchor", bucket());
    for i in 0..201 {
        let p = t.parameter(&format!("P{i}"), Parameter::string());
        t.output(&format!("O{i}"), Output::new(p.reference()));
        t.mapping(&format!("M{i}"), Mapping::new().entry("k", [("v", "x")]));
    }
    let err = t.to_json().unwrap_err();
    let text: Vec<String> = err.problems().iter().map(ToString::to_string).collect();
    assert_eq!(
        text,
        [
            "Parameters: 201 entries; CloudFormation allows at most 200. Split the stack into nested stacks",
            "Outputs: 201 entries; CloudFormation allows at most 200. Split the stack into nested stacks",
            "Mappings: 201 entries; CloudFormation allows at most 200. Split the stack into nested stacks",
        ]
    );
}

#[test]
fn a_body_over_one_megabyte_is_refused() {
    let mut t = Template::new();
    for i in 0..50 {
        t.add_raw(
            &format!("Bucket{i}"),
            bucket().property("Padding", serde_json::json!([{"Key": "k", "Value": "v".repeat(25_000)}])),
        );
    }
    let err = t.to_json().unwrap_err();
    assert!(matches!(err, TemplateError::TooLarge { limit: 1_000_000, .. }), "{err}");
    assert!(err.to_string().contains("split the stack into nested stacks"));
}

#[test]
fn a_huge_body_is_never_rendered_whole() {
    // 100 MB of tags: writing stops just past the limit instead of rendering it all first.
    let mut t = Template::new();
    for i in 0..100 {
        t.add_raw(
            &format!("Bucket{i}"),
            bucket().property("Padding", serde_json::json!([{"Key": "k", "Value": "v".repeat(1_000_000)}])),
        );
    }
    for format in [Format::Json, Format::JsonCompact, Format::Yaml] {
        match t.emit(format).unwrap_err() {
            TemplateError::TooLarge { bytes, limit } => {
                assert!(bytes <= 2 * limit + 1, "{format:?} wrote {bytes} bytes")
            }
            other => panic!("{format:?}: {other}"),
        }
    }
}

#[test]
fn a_body_over_the_inline_limit_is_a_warning() {
    let mut t = Template::new();
    t.add_raw("Bucket", bucket().property("Padding", serde_json::json!([{"Key": "k", "Value": "v".repeat(60_000)}])));
    let emitted = t.emit(Format::JsonCompact).unwrap();
    assert_eq!(emitted.warnings.len(), 1);
    assert!(
        emitted.warnings[0].to_string().contains("over the 51200-byte limit for inline templates: upload it to S3")
    );
}

#[test]
fn every_problem_is_reported_at_once() {
    let mut t = Template::new();
    t.add_raw("bad-id", bucket());
    t.add_raw("Data", bucket().property("BucketName", fns::sub("${Missing}").into_json()));
    let err = t.to_json().unwrap_err();
    assert_eq!(err.problems().len(), 2);
    assert!(err.to_string().starts_with("the template is not valid CloudFormation:\n  - "));
}

#[test]
fn the_escape_hatch_cannot_set_a_log_groups_key() {
    let mut t = Template::new();
    t.add_raw(
        "Logs",
        RawResource::new("AWS::Logs::LogGroup").property("KmsKeyId", "arn:aws:kms:us-east-1:111122223333:key/abc"),
    );
    assert_eq!(
        only_problem(&t),
        "Resources.Logs: `KmsKeyId` of AWS::Logs::LogGroup is guarded and cannot be set through RawResource; use `LogGroup::kms_key_id(key.arn())` with a key whose policy has `grant_logs`"
    );
}

#[test]
fn the_escape_hatch_cannot_set_a_key_policy_or_a_database_password() {
    let mut t = Template::new();
    t.add_raw("Key", RawResource::new("AWS::KMS::Key").property("KeyPolicy", serde_json::json!({})));
    t.add_raw("Db", RawResource::new("AWS::RDS::DBCluster").property("MasterUserPassword", "hunter2"));
    let err = t.to_json().unwrap_err();
    let text: Vec<String> = err.problems().iter().map(ToString::to_string).collect();
    assert!(text[0].starts_with("Resources.Key: `KeyPolicy` of AWS::KMS::Key is guarded"), "{text:?}");
    assert!(text[1].starts_with("Resources.Db: `MasterUserPassword` of AWS::RDS::DBCluster is guarded"), "{text:?}");
}

#[test]
fn nan_and_infinities_are_refused_not_written_as_null() {
    let mut t = Template::new();
    t.add_raw("Queue", typed_cfn::RawResource::new("AWS::SQS::Queue").property("DelaySeconds", f64::NAN));
    t.add_raw("Alarm", typed_cfn::RawResource::new("AWS::CloudWatch::Alarm").property("Threshold", f64::INFINITY));
    let err = t.to_json().unwrap_err();
    let text = err.to_string();
    assert!(
        text.contains("Resources.Queue.Properties.DelaySeconds: NaN or an infinity has no form in JSON or YAML"),
        "{text}"
    );
    assert!(text.contains("Resources.Alarm.Properties.Threshold"), "{text}");
}

/// The problems of a template read from `yaml`, as displayed.
#[track_caller]
fn problems_of(yaml: &str) -> Vec<String> {
    let t = Template::from_yaml(yaml).unwrap();
    t.to_json().expect_err("the template should be rejected").problems().iter().map(ToString::to_string).collect()
}

const HANDLE: &str = "  Handle:\n    Type: AWS::CloudFormation::WaitConditionHandle\n";

#[test]
fn a_resource_type_must_be_one_a_resource_could_have() {
    let problems =
        problems_of("Resources:\n  A:\n    Type: ''\n  B:\n    Type: Not a type\n  C:\n    Type: 'Custom::'\n");
    assert_eq!(
        problems,
        [
            "Resources.A.Type: `` is not a resource type: it is empty",
            "Resources.B.Type: `Not a type` is not a resource type: a resource type is `Service::Group::Resource` (e.g. `AWS::S3::Bucket`), or `Custom::Name`",
            "Resources.C.Type: `Custom::` is not a resource type: a custom resource type is `Custom::` and 1 to 60 letters, digits, `_`, `@` or `-`",
        ]
    );
    for good in [
        "AWS::S3::Bucket",
        "Alexa::ASK::Skill",
        "Custom::Seed-Data_v2@x",
        "MyOrg::Network::Vpc::MODULE",
        "Acme::Billing::Account",
    ] {
        assert_eq!(validate::resource_type_problem(good), None, "{good}");
    }
}

/// A macro named in `Transform` may define types of its own (the Boto3 macro's
/// `Boto3::<service>.<operation>`): they are unknown, not refused
/// (<https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/template-macros.html>). The same
/// type without a `Transform`, and an `AWS::` type that is malformed under one, are still refused.
#[test]
fn a_type_a_transform_macro_defines_is_unknown_not_refused() {
    let body = "Resources:\n  Put:\n    Type: Boto3::CodeCommit.put_file\n    Properties:\n      Mode: Create\n";
    let transformed = Template::from_yaml(&format!("Transform: Boto3\n{body}")).unwrap();
    transformed.to_json().unwrap();
    assert_eq!(
        problems_of(body),
        [
            "Resources.Put.Type: `Boto3::CodeCommit.put_file` is not a resource type: a resource type is `Service::Group::Resource` (e.g. `AWS::S3::Bucket`), or `Custom::Name`"
        ]
    );
    assert_eq!(
        problems_of(&format!("Transform: Boto3\nResources:\n{HANDLE}  Bad:\n    Type: AWS::S3\n")),
        [
            "Resources.Bad.Type: `AWS::S3` is not a resource type: a resource type is `Service::Group::Resource` (e.g. `AWS::S3::Bucket`), or `Custom::Name`"
        ]
    );
}

#[test]
fn a_template_needs_a_resource() {
    assert_eq!(
        problems_of("Parameters:\n  P:\n    Type: String\nResources: {}\n"),
        [
            "Resources: the template has no resources; CloudFormation requires at least one (add one, or a `AWS::CloudFormation::WaitConditionHandle` as a placeholder)"
        ]
    );
}

#[test]
fn descriptions_have_a_limit() {
    let long = "d".repeat(1025);
    let problems = problems_of(&format!(
        "Description: {long}\nResources:\n{HANDLE}Outputs:\n  O:\n    Value: x\n    Description: {long}\n"
    ));
    assert_eq!(
        problems,
        [
            "Description: 1025 bytes; CloudFormation takes at most 1024. Shorten it",
            "Outputs.O.Description: 1025 bytes; CloudFormation takes at most 1024. Shorten it"
        ]
    );
}

#[test]
fn conditions_may_not_use_themselves_or_each_other_in_a_circle() {
    let problems = problems_of(&format!(
        "Conditions:\n  Loop: !And [!Condition Loop, !Equals [a, a]]\n  A: !Not [!Condition B]\n  B: !Or [!Condition A, !Equals [a, b]]\nResources:\n{HANDLE}"
    ));
    assert_eq!(
        problems,
        ["Conditions: `Loop` uses itself (`Condition: Loop` inside it); a condition can only use other conditions",]
    );
    let problems = problems_of(&format!(
        "Conditions:\n  A: !Not [!Condition B]\n  B: !Or [!Condition A, !Equals [a, b]]\nResources:\n{HANDLE}"
    ));
    assert_eq!(
        problems,
        [
            "Conditions: A -> B -> A use each other in a circle; CloudFormation cannot evaluate any of them. Write one of them without the others"
        ]
    );
}

#[test]
fn condition_functions_take_their_number_of_arguments() {
    let eleven = ["!Equals [a, a]"; 11].join(", ");
    let problems = problems_of(&format!(
        "Conditions:\n  One: !And [!Equals [a, a]]\n  Eleven: !Or [{eleven}]\n  Two: !Not [!Equals [a, a], !Equals [b, b]]\n  Three: !Equals [a, b, c]\nResources:\n{HANDLE}"
    ));
    assert_eq!(
        problems,
        [
            "Conditions.One: Fn::And takes 2 to 10 conditions, not 1; nest an `Fn::And` to combine more",
            "Conditions.Eleven: Fn::Or takes 2 to 10 conditions, not 11; nest an `Fn::Or` to combine more",
            "Conditions.Two: Fn::Not takes a list of exactly one condition, not 2",
            "Conditions.Three: Fn::Equals compares exactly two values, not 3",
        ]
    );
}

#[test]
fn parameters_no_value_could_satisfy_are_refused() {
    let problems = problems_of(&format!(
        "Parameters:\n  Name:\n    Type: String\n    MinLength: 10\n    MaxLength: 2\n  Size:\n    Type: Number\n    Default: 7\n    AllowedValues: [1, 2, 3]\n  Code:\n    Type: String\n    AllowedPattern: '[a-z'\n  Count:\n    Type: Number\n    MinValue: 5\n    MaxValue: 1\n    Default: 3\nResources:\n{HANDLE}"
    ));
    assert_eq!(
        problems,
        [
            "Parameters.Name: MinLength 10 is more than MaxLength 2: no value could be given. Swap them",
            "Parameters.Size: Default `7` is not one of the AllowedValues (1, 2, 3); stack creation without a value would fail. Add it, or change the default",
            "Parameters.Code: AllowedPattern `[a-z` is not a regular expression: unclosed character class (at character 1)",
            "Parameters.Count: MinValue 5 is more than MaxValue 1: no value could be given. Swap them",
            "Parameters.Count: Default 3 is outside MinValue and MaxValue",
        ]
    );
}

#[test]
fn lengths_that_cannot_be_written_back_are_refused_when_read() {
    for (length, shown) in [("1e300", "1e300"), ("-5", "-5"), ("2.5", "2.5")] {
        let error = Template::from_yaml(&format!(
            "Parameters:\n  P:\n    Type: String\n    MinLength: {length}\nResources:\n{HANDLE}"
        ))
        .unwrap_err();
        assert_eq!(
            error.to_string(),
            format!("Parameters.P.MinLength: {shown} is not a length: give a whole number of characters, 0 or more")
        );
    }
    // Through the API, a length no integer in a template holds.
    let mut t = Template::new();
    t.add_raw("Anchor", bucket());
    t.parameter("P", Parameter::string().max_length(u64::MAX));
    assert_eq!(
        only_problem(&t),
        format!(
            "Parameters.P: MaxLength {} is past the largest whole number a template holds ({})",
            u64::MAX,
            i64::MAX
        )
    );
}

#[test]
fn tags_aws_refuses_are_refused() {
    let value = "v".repeat(257);
    let problems = problems_of(&format!(
        "Resources:\n  Bucket:\n    Type: AWS::S3::Bucket\n    Properties:\n      Tags:\n        - {{Key: '', Value: x}}\n        - {{Key: aws:owner, Value: x}}\n        - {{Key: team, Value: {value}}}\n        - {{Key: !Ref AWS::Region, Value: !Ref AWS::StackName}}\n"
    ));
    assert_eq!(
        problems,
        [
            "Resources.Bucket.Properties.Tags: a tag has an empty key; give it a name",
            "Resources.Bucket.Properties.Tags: tag key `aws:owner` is in the `aws:` namespace, which AWS keeps for its own tags; choose another prefix",
            "Resources.Bucket.Properties.Tags: the value of tag `team` has 257 characters; AWS takes at most 256",
        ]
    );
}

/// A key given twice, and more tags than AWS takes on one resource — most easily reached with
/// `tag_all` over a resource that already has many (AWS refuses both when it creates the resource).
#[test]
fn a_tag_key_given_twice_and_more_than_fifty_tags_are_refused() {
    let problems = problems_of(
        "Resources:\n  Queue:\n    Type: AWS::SQS::Queue\n    Properties:\n      Tags:\n        - {Key: team, Value: a}\n        - {Key: Team, Value: b}\n        - {Key: team, Value: c}\n",
    );
    assert_eq!(
        problems,
        [
            "Resources.Queue.Properties.Tags: tag key `team` is given twice; AWS takes each key once per resource (tag keys are case-sensitive): keep one"
        ]
    );
    let own: Vec<String> = (0..49).map(|i| format!("        - {{Key: k{i}, Value: v}}\n")).collect();
    let mut t = Template::from_yaml(&format!(
        "Resources:\n  Queue:\n    Type: AWS::SQS::Queue\n    Properties:\n      Tags:\n{}",
        own.concat()
    ))
    .unwrap();
    t.to_json().unwrap();
    t.tag_all([("CostCenter", "1234"), ("Owner", "platform")]);
    let error = t.to_json().unwrap_err().to_string();
    assert!(
        error.contains("Resources.Queue.Properties.Tags: the resource has 51 tags, and AWS takes at most 50 per resource (CloudFormation fails to create it): remove 1 of them, here or among those given to `tag_all`"),
        "{error}"
    );
}

#[test]
fn messages_say_what_is_actually_wrong() {
    let problems = problems_of(
        "Parameters:\n  Name:\n    Type: String\nConditions:\n  C: !Equals [a, a]\nResources:\n  Topic:\n    Type: AWS::SNS::Topic\n    Properties:\n      TopicName: !Sub '${Name.Arn}-${AWS::NoValue}'\n  Queue:\n    Type: AWS::SQS::Queue\n    Properties:\n      QueueName: !GetAtt Queue.QueueName\n",
    );
    assert_eq!(
        problems,
        [
            "Resources.Topic.Properties: Fn::Sub: `${AWS::NoValue}` cannot be substituted: it is not text but the absence of a property. To leave a property out under a condition, use `Fn::If [Condition, value, Ref AWS::NoValue]` around it",
            "Resources.Queue: the resource refers to itself (a `Ref`, `Fn::GetAtt`, `Fn::Sub` or `DependsOn` of its own logical ID); CloudFormation cannot create it. Refer to its values some other way (a pseudo parameter, or a name built from `AWS::StackName`)",
        ]
    );
    let problems = problems_of(
        "Parameters:\n  Name:\n    Type: String\nResources:\n  Topic:\n    Type: AWS::SNS::Topic\n    Properties:\n      TopicName: !Sub '${Name.Arn}'\n",
    );
    assert_eq!(
        problems,
        [
            "Resources.Topic.Properties: Fn::Sub asks an attribute of `Name`, which is a parameter: parameters have no attributes. Use its value: `Ref` (in `Fn::Sub`, `${Name}`)"
        ]
    );
}

#[test]
fn duplicates_speak_of_their_own_section() {
    let mut t = Template::new();
    t.add_raw("Anchor", bucket());
    t.condition("IsProd", fns::equals(pseudo::region(), "us-east-1"));
    t.condition("IsProd", fns::equals(pseudo::region(), "eu-west-1"));
    assert_eq!(only_problem(&t), "Conditions: `IsProd` is declared twice in Conditions; give each a unique name");
}

#[test]
fn control_characters_in_names_are_shown_escaped() {
    let mut t = Template::new();
    t.add_raw("Bad\u{1b}[31mId\u{202e}", bucket());
    assert_eq!(
        only_problem(&t),
        "Resources: `Bad\\u{1b}[31mId\\u{202e}` is not a valid logical ID: `\\u{1b}` is not allowed: use letters A-Z, a-z and digits 0-9 only"
    );
    let error = Template::from_json("{\"Resources\": {\"A\\u001b\": {\"Properties\": {}}}}").unwrap_err().to_string();
    assert!(!error.contains('\u{1b}') && error.contains("A\\u{1b}"), "{error}");
}
