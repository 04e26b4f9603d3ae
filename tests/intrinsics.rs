//! The JSON long form and YAML short form of every intrinsic function, pseudo parameter and
//! dynamic reference, and that both read back to the same value.

use typed_cfn::emit::write_node;
use typed_cfn::*;

/// Asserts the compact JSON and the YAML of `value`, and that each reads back to it.
#[track_caller]
fn assert_forms<T>(value: Value<T>, json: &str, yaml: &str) {
    let node = value.into_node();
    assert_eq!(write_node(&node, Format::JsonCompact).unwrap(), json, "JSON form");
    assert_eq!(write_node(&node, Format::Yaml).unwrap(), yaml, "YAML form");
    let from_json: Node = serde_json::from_str(json).unwrap();
    assert_eq!(from_json, node, "JSON reads back");
    let from_yaml: Node = serde_yaml::from_str(yaml).unwrap();
    assert_eq!(from_yaml, node, "YAML reads back");
}

/// A template with the names the intrinsics below refer to.
fn names() -> (Template, Handle<RawResource>, ParameterHandle<String>, ConditionHandle, MappingHandle) {
    let mut t = Template::new();
    let env = t.parameter("Env", Parameter::string());
    let prod = t.condition("IsProd", fns::equals(env.reference(), "prod"));
    let map = t.mapping("RegionMap", Mapping::new().entry("us-east-1", [("Ami", "ami-1")]));
    let bucket = t.add_raw("Bucket", RawResource::new("AWS::S3::Bucket"));
    (t, bucket, env, prod, map)
}

#[test]
fn ref_of_a_resource_and_of_a_parameter() {
    let (_, bucket, env, _, _) = names();
    assert_forms(bucket.reference(), r#"{"Ref":"Bucket"}"#, "!Ref Bucket\n");
    assert_forms(env.reference(), r#"{"Ref":"Env"}"#, "!Ref Env\n");
}

#[test]
fn get_att_short_form_splits_on_the_first_dot_only() {
    let (_, bucket, _, _, _) = names();
    assert_forms(bucket.get_att_unchecked("Arn"), r#"{"Fn::GetAtt":["Bucket","Arn"]}"#, "!GetAtt Bucket.Arn\n");
    assert_forms(
        bucket.get_att_unchecked("Endpoint.Address"),
        r#"{"Fn::GetAtt":["Bucket","Endpoint.Address"]}"#,
        "!GetAtt Bucket.Endpoint.Address\n",
    );
}

#[test]
fn sub_string_and_variable_map_forms() {
    assert_forms(
        fns::sub("arn:${AWS::Partition}:s3:::${Bucket}/*"),
        r#"{"Fn::Sub":"arn:${AWS::Partition}:s3:::${Bucket}/*"}"#,
        "!Sub arn:${AWS::Partition}:s3:::${Bucket}/*\n",
    );
    let (_, bucket, _, _, _) = names();
    assert_forms(
        fns::sub_with("${Name}-logs", [("Name", bucket.reference())]),
        r#"{"Fn::Sub":["${Name}-logs",{"Name":{"Ref":"Bucket"}}]}"#,
        "!Sub\n- ${Name}-logs\n- Name: !Ref Bucket\n",
    );
}

#[test]
fn join_select_split() {
    assert_forms(fns::join(",", ["a", "b"]), r#"{"Fn::Join":[",",["a","b"]]}"#, "!Join\n- ','\n- - a\n  - b\n");
    assert_forms(
        fns::select(1, fns::split(",", "a,b,c")),
        r#"{"Fn::Select":[1,{"Fn::Split":[",","a,b,c"]}]}"#,
        "!Select\n- 1\n- !Split\n  - ','\n  - a,b,c\n",
    );
}

#[test]
fn if_with_no_value() {
    let (_, _, _, prod, _) = names();
    let value: Value<i64> = fns::condition_if(&prod, 30, pseudo::no_value());
    assert_forms(
        value,
        r#"{"Fn::If":["IsProd",30,{"Ref":"AWS::NoValue"}]}"#,
        "!If\n- IsProd\n- 30\n- !Ref AWS::NoValue\n",
    );
}

#[test]
fn condition_functions() {
    let (_, _, env, prod, _) = names();
    let expr = fns::and([
        fns::equals(env.reference(), "prod"),
        fns::not(fns::or([fns::equals(pseudo::region(), "us-east-1"), ConditionExpr::from(&prod)])),
    ]);
    let node = expr.into_node();
    assert_eq!(
        write_node(&node, Format::JsonCompact).unwrap(),
        r#"{"Fn::And":[{"Fn::Equals":[{"Ref":"Env"},"prod"]},{"Fn::Not":[{"Fn::Or":[{"Fn::Equals":[{"Ref":"AWS::Region"},"us-east-1"]},{"Condition":"IsProd"}]}]}]}"#
    );
    let yaml = write_node(&node, Format::Yaml).unwrap();
    assert_eq!(
        yaml,
        "!And\n- !Equals\n  - !Ref Env\n  - prod\n- !Not\n  - !Or\n    - !Equals\n      - !Ref AWS::Region\n      - us-east-1\n    - !Condition IsProd\n"
    );
    assert_eq!(serde_yaml::from_str::<Node>(&yaml).unwrap(), node);
}

#[test]
fn find_in_map_import_value_get_azs_cidr_base64() {
    let (_, _, _, _, map) = names();
    let ami: Value<String> = fns::find_in_map(&map, pseudo::region(), "Ami");
    assert_forms(
        ami,
        r#"{"Fn::FindInMap":["RegionMap",{"Ref":"AWS::Region"},"Ami"]}"#,
        "!FindInMap\n- RegionMap\n- !Ref AWS::Region\n- Ami\n",
    );
    assert_forms(
        fns::import_value("shared-vpc-id"),
        r#"{"Fn::ImportValue":"shared-vpc-id"}"#,
        "!ImportValue shared-vpc-id\n",
    );
    assert_forms(fns::get_azs(""), r#"{"Fn::GetAZs":""}"#, "!GetAZs ''\n");
    assert_forms(
        fns::cidr("10.0.0.0/16", 4, 8),
        r#"{"Fn::Cidr":["10.0.0.0/16",4,8]}"#,
        "!Cidr\n- 10.0.0.0/16\n- 4\n- 8\n",
    );
    assert_forms(
        fns::base64(fns::sub("#!/bin/bash\necho ${AWS::StackName}\n")),
        r##"{"Fn::Base64":{"Fn::Sub":"#!/bin/bash\necho ${AWS::StackName}\n"}}"##,
        // serde_yaml cannot nest a tag directly in a tag: the inner one takes the long form.
        "!Base64\nFn::Sub: |\n  #!/bin/bash\n  echo ${AWS::StackName}\n",
    );
}

#[test]
fn language_extensions_and_transform() {
    assert_forms(
        fns::length(fns::split(",", "a,b")),
        r#"{"Fn::Length":{"Fn::Split":[",","a,b"]}}"#,
        "!Length\nFn::Split:\n- ','\n- a,b\n",
    );
    assert_forms(
        fns::to_json_string(serde_json::json!({"a": 1})),
        r#"{"Fn::ToJsonString":{"a":1}}"#,
        "!ToJsonString\na: 1\n",
    );
    let mut params = NodeMap::new();
    params.insert("Location".to_owned(), Node::string("s3://bucket/snippet.yaml"));
    let value: Value<typed_cfn::Json> = fns::transform("AWS::Include", params);
    assert_forms(
        value,
        r#"{"Fn::Transform":{"Name":"AWS::Include","Parameters":{"Location":"s3://bucket/snippet.yaml"}}}"#,
        "!Transform\nName: AWS::Include\nParameters:\n  Location: s3://bucket/snippet.yaml\n",
    );
}

#[test]
fn every_pseudo_parameter() {
    let cases: [(Value<String>, &str); 6] = [
        (pseudo::account_id(), "AWS::AccountId"),
        (pseudo::partition(), "AWS::Partition"),
        (pseudo::region(), "AWS::Region"),
        (pseudo::stack_id(), "AWS::StackId"),
        (pseudo::stack_name(), "AWS::StackName"),
        (pseudo::url_suffix(), "AWS::URLSuffix"),
    ];
    for (value, name) in cases {
        assert_forms(value, &format!(r#"{{"Ref":"{name}"}}"#), &format!("!Ref {name}\n"));
    }
    assert_forms(pseudo::notification_arns(), r#"{"Ref":"AWS::NotificationARNs"}"#, "!Ref AWS::NotificationARNs\n");
    assert_forms(pseudo::no_value::<String>(), r#"{"Ref":"AWS::NoValue"}"#, "!Ref AWS::NoValue\n");
}

#[test]
fn dynamic_references() {
    assert_forms(dynamic::ssm("/app/ami"), r#""{{resolve:ssm:/app/ami}}""#, "'{{resolve:ssm:/app/ami}}'\n");
    assert_forms(
        dynamic::ssm_version("/app/ami", 3),
        r#""{{resolve:ssm:/app/ami:3}}""#,
        "'{{resolve:ssm:/app/ami:3}}'\n",
    );
    assert_forms(
        dynamic::ssm_secure("/app/token", Some(2)),
        r#""{{resolve:ssm-secure:/app/token:2}}""#,
        "'{{resolve:ssm-secure:/app/token:2}}'\n",
    );
    let (_, bucket, _, _, _) = names();
    assert_forms(
        dynamic::secrets_manager(&dynamic::SecretId::of(&bucket), "password"),
        r#"{"Fn::Sub":"{{resolve:secretsmanager:${Bucket}:SecretString:password}}"}"#,
        "!Sub '{{resolve:secretsmanager:${Bucket}:SecretString:password}}'\n",
    );
    assert_forms(
        dynamic::secrets_manager(&dynamic::SecretId::external("prod/db"), "username"),
        r#""{{resolve:secretsmanager:prod/db:SecretString:username}}""#,
        "'{{resolve:secretsmanager:prod/db:SecretString:username}}'\n",
    );
}

#[test]
fn intrinsics_fit_integer_and_boolean_properties() {
    let (_, _, _, prod, map) = names();
    let days: Value<i64> = fns::condition_if(&prod, 365, 30);
    let flag: Value<bool> = fns::find_in_map(&map, "us-east-1", "Enabled");
    assert_eq!(write_node(&days.into_node(), Format::JsonCompact).unwrap(), r#"{"Fn::If":["IsProd",365,30]}"#);
    assert_eq!(
        write_node(&flag.into_node(), Format::JsonCompact).unwrap(),
        r#"{"Fn::FindInMap":["RegionMap","us-east-1","Enabled"]}"#
    );
}

#[test]
fn yaml_long_form_keys_read_as_intrinsics() {
    let node: Node = serde_yaml::from_str("Fn::GetAtt: [Db, Endpoint.Address]").unwrap();
    assert_eq!(node, Node::call(Function::GetAtt, Node::from(vec!["Db", "Endpoint.Address"])));
    let node: Node = serde_json::from_str(r#"{"Fn::GetAtt": "Db.Endpoint.Address"}"#).unwrap();
    assert_eq!(node, Node::call(Function::GetAtt, Node::from(vec!["Db", "Endpoint.Address"])));
}

#[test]
fn an_iam_condition_block_is_not_a_condition_reference() {
    let node: Node = serde_json::from_str(r#"{"Condition": {"Bool": {"aws:SecureTransport": "false"}}}"#).unwrap();
    assert!(matches!(node, Node::Map(_)));
}

#[test]
fn an_unknown_tag_is_a_clear_error() {
    let err = serde_yaml::from_str::<Node>("!Reff Bucket").unwrap_err().to_string();
    assert!(err.contains("unknown tag `!Reff`"), "{err}");
}
