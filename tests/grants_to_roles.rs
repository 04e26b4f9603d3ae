//! Wiring that writes the role's side: `credentials.grant_read(&mut t, &role)` and
//! `bucket.grant_read(&mut t, &role)` add a least-privilege policy attached to the role — the
//! read, and the key's decrypt only through the service (`kms:ViaService`) — and an ECS task takes
//! its container secret from the grant.

mod common;

use serde_json::{Value as Json, json};
use typed_cfn::resources::ecs::{TaskDefinition, task_definition};
use typed_cfn::secure::{DatabaseSecret, EcsTasksService, KeyPolicy, KmsKey, LambdaService, SecureBucket, ServiceRole};
use typed_cfn::{Attributes, Template};

fn task(grant: bool) -> Template {
    let mut t = Template::new();
    let key =
        t.add_with("SecretsKey", KmsKey::new(KeyPolicy::account_root().grant_secrets_manager()), Attributes::retain());
    let credentials = t.build("DbSecret", DatabaseSecret::new("app", key.arn()));
    let role = t.add("ExecutionRole", ServiceRole::new(EcsTasksService));
    let read = credentials.grant_read(&mut t, &role);
    let container = task_definition::ContainerDefinition::new("public.ecr.aws/nginx/nginx:latest", "web")
        .secrets(vec![read.container_secret("DB_CREDENTIALS")]);
    let definition = TaskDefinition::new().container_definitions(vec![container]);
    if grant {
        t.add("Service", definition.execution_role_arn(read.role()));
    } else {
        let other = t.add("OtherRole", ServiceRole::new(EcsTasksService));
        t.add("Service", definition.execution_role_arn(other.arn()));
    }
    t
}

#[test]
fn a_task_secret_is_read_by_the_role_it_was_granted_to() {
    let t = task(true);
    let errors: Vec<_> = typed_cfn::check::run(&t).errors.into_iter().map(|f| f.message).collect();
    assert!(errors.is_empty(), "{errors:?}");
    let json: Json = serde_json::from_str(&t.to_json().unwrap()).unwrap();
    assert_eq!(
        json["Resources"]["DbSecretReadExecutionRole"],
        json!({"Type": "AWS::IAM::Policy", "Properties": {
            "PolicyDocument": {"Version": "2012-10-17", "Statement": [
                {"Sid": "ReadSecret", "Effect": "Allow", "Action": "secretsmanager:GetSecretValue", "Resource": {"Ref": "DbSecret"}},
                {"Sid": "DecryptSecret", "Effect": "Allow", "Action": "kms:Decrypt", "Resource": {"Fn::GetAtt": ["SecretsKey", "Arn"]},
                 "Condition": {"StringEquals": {"kms:ViaService": {"Fn::Sub": "secretsmanager.${AWS::Region}.amazonaws.com"}}}}
            ]},
            "PolicyName": {"Fn::Sub": "${AWS::StackName}-DbSecretReadExecutionRole"},
            "Roles": [{"Ref": "ExecutionRole"}]
        }})
    );
    let properties = &json["Resources"]["Service"]["Properties"];
    assert_eq!(
        properties["ContainerDefinitions"][0]["Secrets"],
        json!([{"Name": "DB_CREDENTIALS", "ValueFrom": {"Ref": "DbSecret"}}])
    );
    assert_eq!(properties["ExecutionRoleArn"], json!({"Fn::GetAtt": ["ExecutionRole", "Arn"]}));
}

#[test]
fn a_task_whose_execution_role_was_not_granted_the_read_is_refused() {
    let error = task(false).to_json().unwrap_err();
    assert_eq!(common::findings(&error), [("Service".to_owned(), "task-cannot-read-secret")]);
}

#[test]
fn a_bucket_read_grant_is_least_privilege_with_the_keys_decrypt_through_s3() {
    let mut t = Template::new();
    let key = t.add_with("DataKey", KmsKey::new(KeyPolicy::account_root().grant_s3()), Attributes::retain());
    let data = t.build("Data", SecureBucket::new(key.arn()));
    let role = t.add("ReaderRole", ServiceRole::new(LambdaService));
    let policy = data.grant_read(&mut t, &role);
    assert_eq!(policy.logical_id(), "DataReadReaderRole");
    let json: Json = serde_json::from_str(&t.to_json().unwrap()).unwrap();
    assert_eq!(
        json["Resources"]["DataReadReaderRole"]["Properties"]["PolicyDocument"]["Statement"],
        json!([
            {"Sid": "ReadObjects", "Effect": "Allow", "Action": "s3:GetObject", "Resource": {"Fn::Sub": "${Data.Arn}/*"}},
            {"Sid": "ListBucket", "Effect": "Allow", "Action": "s3:ListBucket", "Resource": {"Fn::GetAtt": ["Data", "Arn"]}},
            {"Sid": "DecryptObjects", "Effect": "Allow", "Action": "kms:Decrypt", "Resource": {"Fn::GetAtt": ["DataKey", "Arn"]},
             "Condition": {"StringEquals": {"kms:ViaService": {"Fn::Sub": "s3.${AWS::Region}.amazonaws.com"}}}}
        ])
    );
    assert_eq!(json["Resources"]["DataReadReaderRole"]["Properties"]["Roles"], json!([{"Ref": "ReaderRole"}]));
}

/// A Parameter Store parameter as a task secret: `grant_read` allows `ssm:GetParameters` on the
/// parameter's ARN (one spelling for a literal name, both when CloudFormation names it), and the
/// container takes it by name.
#[test]
fn a_parameter_store_secret_is_read_by_the_role_it_was_granted_to() {
    use typed_cfn::resources::ssm::Parameter;
    for (name, arns) in [
        (
            Some("/service/endpoint"),
            json!({"Fn::Sub": "arn:${AWS::Partition}:ssm:${AWS::Region}:${AWS::AccountId}:parameter/service/endpoint"}),
        ),
        (
            None,
            json!([
                {"Fn::Sub": "arn:${AWS::Partition}:ssm:${AWS::Region}:${AWS::AccountId}:parameter/${Endpoint}"},
                {"Fn::Sub": "arn:${AWS::Partition}:ssm:${AWS::Region}:${AWS::AccountId}:parameter${Endpoint}"}
            ]),
        ),
    ] {
        let mut t = Template::new();
        let mut parameter = Parameter::new(typed_cfn::resources::ssm::parameter::Type::String, "https://example.com");
        if let Some(name) = name {
            parameter = parameter.name(name);
        }
        let endpoint = t.add("Endpoint", parameter);
        let role = t.add("ExecutionRole", ServiceRole::new(EcsTasksService));
        let read = endpoint.grant_read(&mut t, &role);
        let container = task_definition::ContainerDefinition::new("public.ecr.aws/nginx/nginx:latest", "web")
            .secrets(vec![read.container_secret("ENDPOINT")]);
        t.add("Service", TaskDefinition::new().container_definitions(vec![container]).execution_role_arn(read.role()));
        let errors: Vec<_> = typed_cfn::check::run(&t).errors.into_iter().map(|f| f.message).collect();
        assert!(errors.is_empty(), "{name:?}: {errors:?}");
        let json: Json = serde_json::from_str(&t.to_json().unwrap()).unwrap();
        assert_eq!(
            json["Resources"]["EndpointReadExecutionRole"]["Properties"]["PolicyDocument"]["Statement"],
            json!([{"Sid": "ReadParameter", "Effect": "Allow", "Action": "ssm:GetParameters", "Resource": arns}])
        );
        assert_eq!(
            json["Resources"]["Service"]["Properties"]["ContainerDefinitions"][0]["Secrets"],
            json!([{"Name": "ENDPOINT", "ValueFrom": {"Ref": "Endpoint"}}])
        );
        common::assert_lint_clean(&[common::write_for_lint("parameter-secret.json", &t.to_json().unwrap())]);
    }
}

/// The same grant made twice (two tasks of one role each granting the secret's read, a bucket
/// read granted where each consumer is wired): one policy, the same handle. Before, the second
/// call added a second resource under the same logical ID and the template was refused.
#[test]
fn a_read_granted_twice_to_one_role_is_one_policy() {
    let mut t = Template::new();
    let key = t.add_with(
        "SecretsKey",
        KmsKey::new(KeyPolicy::account_root().grant_secrets_manager().grant_s3()),
        Attributes::retain(),
    );
    let credentials = t.build("DbSecret", DatabaseSecret::new("app", key.arn()));
    let data = t.build("Data", SecureBucket::new(key.arn()));
    let role = t.add("ExecutionRole", ServiceRole::new(EcsTasksService));
    let first = credentials.grant_read(&mut t, &role);
    let second = credentials.grant_read(&mut t, &role);
    assert_eq!(first.policy(), second.policy());
    assert_eq!(data.grant_read(&mut t, &role), data.grant_read(&mut t, &role));
    let json: Json = serde_json::from_str(&t.to_json().unwrap()).unwrap();
    let policies: Vec<&String> = json["Resources"]
        .as_object()
        .unwrap()
        .iter()
        .filter(|(_, r)| r["Type"] == "AWS::IAM::Policy")
        .map(|(id, _)| id)
        .collect();
    assert_eq!(policies, ["DbSecretReadExecutionRole", "DataReadExecutionRole"]);
}
