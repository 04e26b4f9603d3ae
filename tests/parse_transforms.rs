//! Reading what CloudFormation and cfn-lint accept beyond the plain sections:
//! what a `Transform` reads (SAM's `Globals`, a macro's attributes, `AWS::LanguageExtensions`
//! loops), `Properties` chosen by `Fn::If`, intrinsics in `DeletionPolicy`, `List<String>`
//! parameters, YAML's non-specific tag. Each is kept as written and written back the same, and
//! what can still be checked is.

use typed_cfn::*;

/// The template written back as JSON, as a value.
fn written(t: &Template) -> serde_json::Value {
    serde_json::from_str(&t.to_json().unwrap()).unwrap()
}

/// The YAML text as a JSON value, short forms in long form (for comparing with `written`).
fn as_json(yaml: &str) -> serde_json::Value {
    Template::from_yaml(yaml).unwrap().to_node().to_json_value()
}

const SAM: &str = "\
Transform: AWS::Serverless-2016-10-31
Globals:
  Function:
    Timeout: 3
Resources:
  Handler:
    Type: AWS::Serverless::Function
    Connectors:
      Reader:
        Properties:
          Destination:
            Id: Table
          Permissions: [Read]
    Properties:
      Runtime: python3.12
      Handler: index.handler
      InlineCode: 'def handler(e, c): pass'
  Table:
    Type: AWS::Serverless::SimpleTable
Outputs:
  Role:
    Value: !GetAtt HandlerRole.Arn
";

#[test]
fn what_a_transform_reads_is_kept_and_names_it_creates_are_allowed() {
    let t = Template::from_yaml(SAM).unwrap();
    let json = written(&t);
    assert_eq!(json["Globals"], serde_json::json!({"Function": {"Timeout": 3}}));
    assert_eq!(
        json["Resources"]["Handler"]["Connectors"]["Reader"]["Properties"]["Permissions"],
        serde_json::json!(["Read"])
    );
    // `HandlerRole` is created by SAM, not declared: not a missing reference.
    assert_eq!(json["Outputs"]["Role"]["Value"], serde_json::json!({"Fn::GetAtt": ["HandlerRole", "Arn"]}));
    assert_eq!(json, as_json(SAM));
    assert_eq!(Template::from_yaml(&t.to_yaml().unwrap()).unwrap(), t);
}

#[test]
fn without_the_transform_they_are_refused_with_the_reason() {
    let plain = SAM.replace("Transform: AWS::Serverless-2016-10-31\n", "");
    let err = Template::from_yaml(&plain).unwrap_err().to_string();
    assert!(err.starts_with("Globals: unknown top-level section") && err.contains("needs its Transform"), "{err}");
    let plain = plain.replace("Globals:\n  Function:\n    Timeout: 3\n", "");
    let err = Template::from_yaml(&plain).unwrap_err().to_string();
    assert!(err.starts_with("Resources.Handler.Connectors: unknown resource attribute"), "{err}");
}

#[test]
fn an_undeclared_name_is_still_refused_where_nothing_creates_it() {
    // A transform that only extends the language creates no resources.
    let t = Template::from_yaml("Transform: AWS::LanguageExtensions\nResources:\n  Q:\n    Type: AWS::SQS::Queue\nOutputs:\n  A:\n    Value: !Ref Nope\n").unwrap();
    let err = t.to_json().unwrap_err().to_string();
    assert!(err.contains("Ref names `Nope`, which is not in the template"), "{err}");
}

const LOOPS: &str = "\
Transform: AWS::LanguageExtensions
Parameters:
  Environment:
    Type: String
Mappings:
  Buckets:
    Production:
      Identifiers: [A, B]
Conditions:
  Fn::ForEach::Enabled:
  - Name
  - [A, B]
  - IsParam${Name}Enabled: !Equals [!Ref Environment, !Sub '${Name}']
Resources:
  Fn::ForEach::Buckets:
  - Identifier
  - !FindInMap [Buckets, !Ref Environment, Identifiers]
  - S3Bucket${Identifier}:
      Type: AWS::S3::Bucket
      Properties:
        MetricsConfigurations:
        - Id: !Sub EntireBucket${Identifier}
Outputs:
  Fn::ForEach::BucketOutputs:
  - Identifier
  - !FindInMap [Buckets, !Ref Environment, Identifiers]
  - Fn::ForEach::GetAttLoop:
    - Property
    - [Arn, DomainName]
    - S3Bucket${Identifier}${Property}:
        Value: !GetAtt [!Sub 'S3Bucket${Identifier}', !Ref Property]
";

#[test]
fn for_each_loops_are_kept_and_their_identifiers_resolve() {
    let t = Template::from_yaml(LOOPS).unwrap();
    assert!(t.resources().is_empty(), "a loop is not a resource");
    let json = written(&t);
    assert_eq!(json, as_json(LOOPS));
    assert_eq!(json["Resources"]["Fn::ForEach::Buckets"][2]["S3Bucket${Identifier}"]["Type"], "AWS::S3::Bucket");
    assert_eq!(Template::from_yaml(&t.to_yaml().unwrap()).unwrap(), t);
    // Without the transform, a loop is a resource without a mapping.
    let err = Template::from_yaml(&LOOPS.replace("Transform: AWS::LanguageExtensions\n", "")).unwrap_err().to_string();
    assert!(err.starts_with("Resources.Fn::ForEach::Buckets: expected a mapping"), "{err}");
}

#[test]
fn a_loop_body_is_still_checked() {
    let broken = LOOPS.replace(
        "!FindInMap [Buckets, !Ref Environment, Identifiers]\n  - S3Bucket",
        "!FindInMap [Bucket, !Ref Environment, Identifiers]\n  - S3Bucket",
    );
    let err = Template::from_yaml(&broken).unwrap().to_json().unwrap_err().to_string();
    assert!(err.contains("Bucket"), "{err}");
    assert!(err.contains("Resources.Fn::ForEach::Buckets"), "{err}");
}

const CONDITIONAL: &str = "\
Parameters:
  Policy:
    Type: String
    Default: Retain
Conditions:
  IsProd: !Equals [!Ref 'AWS::AccountId', '123456789012']
Resources:
  Queue:
    Type: AWS::SQS::Queue
    Properties: !If
    - IsProd
    - MessageRetentionPeriod: 1209600
    - !Ref AWS::NoValue
    DeletionPolicy: !Ref Policy
    UpdateReplacePolicy: !If [IsProd, Retain, Delete]
";

#[test]
fn properties_chosen_by_fn_if_and_policies_given_as_intrinsics_are_kept() {
    let t = Template::from_yaml(CONDITIONAL).unwrap();
    let json = written(&t);
    assert_eq!(json, as_json(CONDITIONAL));
    assert_eq!(json["Resources"]["Queue"]["DeletionPolicy"], serde_json::json!({"Ref": "Policy"}));
    assert_eq!(json["Resources"]["Queue"]["Properties"]["Fn::If"][0], "IsProd");
    assert_eq!(Template::from_yaml(&t.to_yaml().unwrap()).unwrap(), t);
}

#[test]
fn references_in_them_are_still_checked() {
    let broken = CONDITIONAL.replace("- IsProd\n", "- IsProduction\n").replace("!Ref Policy", "!Ref Polcy");
    let err = Template::from_yaml(&broken).unwrap().to_json().unwrap_err().to_string();
    assert!(err.contains("IsProduction"), "the condition of the Fn::If: {err}");
    assert!(err.contains("Ref names `Polcy`"), "the parameter of the DeletionPolicy: {err}");
    // Anything else than a mapping or Fn::If is not properties.
    let err = Template::from_yaml("Resources:\n  Q:\n    Type: AWS::SQS::Queue\n    Properties: [1]\n")
        .unwrap_err()
        .to_string();
    assert_eq!(err, "Resources.Q.Properties: expected a mapping (or an Fn::If choosing between mappings)");
}

#[test]
fn list_of_string_parameters_are_read_and_written() {
    let text = "Parameters:\n  Names:\n    Type: List<String>\n    Default: a,b\nResources:\n  Q:\n    Type: AWS::SQS::Queue\n";
    let t = Template::from_yaml(text).unwrap();
    assert_eq!(t.parameters()["Names"].parameter_type, ParameterType::StringList);
    assert_eq!(written(&t)["Parameters"]["Names"]["Type"], "List<String>");
}

#[test]
fn the_non_specific_tag_leaves_a_value_as_written() {
    // `! "Ref"`: a key with YAML's non-specific tag (from AWS's public samples, via cfn-lint's).
    let text = "Resources:\n  Q:\n    Type: AWS::SQS::Queue\n    Properties:\n      QueueName:\n        Fn::Join: [':', [a, ! \"Ref\": \"AWS::AccountId\"]]\n";
    let t = Template::from_yaml(text).unwrap();
    assert_eq!(
        written(&t)["Resources"]["Q"]["Properties"]["QueueName"]["Fn::Join"][1][1],
        serde_json::json!({"Ref": "AWS::AccountId"})
    );
    let err = Template::from_yaml("Resources:\n  ? !Sub Q\n  : {Type: AWS::SQS::Queue}\n").unwrap_err().to_string();
    assert!(err.contains("a mapping key cannot be tagged `!Sub`"), "{err}");
}

#[test]
fn a_module_s_resources_may_be_referred_to_by_their_prefixed_names() {
    let text = "Resources:\n  Module:\n    Type: My::S3::Bucket::MODULE\n    Properties: {}\nOutputs:\n  A:\n    Value: !Ref ModuleBucket\n  B:\n    Value: !Ref Other\n";
    let err = Template::from_yaml(text).unwrap().to_json().unwrap_err().to_string();
    assert!(!err.contains("ModuleBucket"), "{err}");
    assert!(err.contains("Ref names `Other`"), "{err}");
}

#[test]
fn a_document_that_is_not_a_mapping_is_named_without_an_empty_path() {
    for text in ["", "null", "[]", "just text"] {
        assert_eq!(
            Template::from_yaml(text).unwrap_err().to_string(),
            "a template must be a mapping of sections",
            "{text:?}"
        );
    }
}
