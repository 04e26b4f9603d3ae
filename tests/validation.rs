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
    assert!(only_problem(&t).starts_with("Resources.Data.Properties: Fn::Sub names `Suffix`, which is not in the template"));
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
         `typed_cfn::app`): the largest is the 501 AWS::S3 resources (Bucket0, Bucket1, Bucket2, …)"
    );
}

#[test]
fn at_most_200_parameters_outputs_and_mappings() {
    let mut t = Template::new();
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
        t.add_raw(&format!("Bucket{i}"), bucket().property("Tags", serde_json::json!([{"Key": "k", "Value": "v".repeat(25_000)}])));
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
        t.add_raw(&format!("Bucket{i}"), bucket().property("Tags", serde_json::json!([{"Key": "k", "Value": "v".repeat(1_000_000)}])));
    }
    for format in [Format::Json, Format::JsonCompact, Format::Yaml] {
        match t.emit(format).unwrap_err() {
            TemplateError::TooLarge { bytes, limit } => assert!(bytes <= 2 * limit + 1, "{format:?} wrote {bytes} bytes"),
            other => panic!("{format:?}: {other}"),
        }
    }
}

#[test]
fn a_body_over_the_inline_limit_is_a_warning() {
    let mut t = Template::new();
    t.add_raw("Bucket", bucket().property("Tags", serde_json::json!([{"Key": "k", "Value": "v".repeat(60_000)}])));
    let emitted = t.emit(Format::JsonCompact).unwrap();
    assert_eq!(emitted.warnings.len(), 1);
    assert!(emitted.warnings[0].to_string().contains("over the 51200-byte limit for inline templates: upload it to S3"));
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
    assert!(text.contains("Resources.Queue.Properties.DelaySeconds: NaN or an infinity has no form in JSON or YAML"), "{text}");
    assert!(text.contains("Resources.Alarm.Properties.Threshold"), "{text}");
}
