//! Principals of the account that use a key for a service: Auto
//! Scaling's service-linked role launching instances with volumes under a customer key, and a
//! Lambda function's role reading an encrypted queue. The typed grant, and the final check on
//! templates that forget either.

mod common;

use common::findings;

use serde_json::{Value as Json, json};
use typed_cfn::policy::{IdentityPolicy, Statement};
use typed_cfn::resources::autoscaling::{AutoScalingGroup, auto_scaling_group};
use typed_cfn::resources::ec2::{LaunchTemplate, launch_template};
use typed_cfn::resources::iam::role;
use typed_cfn::resources::lambda::{EventSourceMapping, Function, function};
use typed_cfn::resources::sqs::Queue;
use typed_cfn::secure::{AutoScalingGrant, EcsTasksService, KeyPolicy, KmsKey, LambdaService, ServiceRole};
use typed_cfn::{Attributes, Template, actions};

fn fleet(policy: KeyPolicy<impl Sized>) -> Template {
    let mut t = Template::new();
    let key = t.add_with("VolumeKey", KmsKey::new(policy), Attributes::retain());
    let volume = launch_template::Ebs::new().encrypted(true).kms_key_id(key.arn()).volume_size(20);
    let data = launch_template::LaunchTemplateData::new()
        .image_id("ami-0123456789abcdef0")
        .instance_type("t3.micro")
        .block_device_mappings(vec![launch_template::BlockDeviceMapping::new().device_name("/dev/xvda").ebs(volume)]);
    let template = t.add("Launch", LaunchTemplate::new(data));
    let spec = auto_scaling_group::LaunchTemplateSpecification::new(template.latest_version_number())
        .launch_template_id(template.reference());
    t.add(
        "Fleet",
        AutoScalingGroup::new("2", "1").launch_template(spec).vpc_zone_identifier(vec![typed_cfn::refs::Attr::<
            typed_cfn::refs::target::ec2::Subnet,
            typed_cfn::refs::kind::SubnetId,
        >::external(
            "subnet-0abc"
        )]),
    );
    t
}

#[test]
fn auto_scaling_needs_its_service_linked_role_in_the_key_policy() {
    // The account root statement alone: the role's own policy grants nothing on customer keys.
    let error = fleet(KeyPolicy::account_root()).to_json().unwrap_err();
    common::assert_file("tests/expected/refusals/auto-scaling-key-without-role.txt", &format!("{error}\n"));
    assert_eq!(findings(&error), [("Fleet".to_owned(), "key-denies-service-linked-role")]);
    assert!(error.to_string().contains("`.grant(AutoScalingGrant)`"), "{error}");

    let t = fleet(KeyPolicy::account_root().grant(AutoScalingGrant));
    let json: Json = serde_json::from_str(&t.to_json().unwrap()).unwrap();
    let statements = json["Resources"]["VolumeKey"]["Properties"]["KeyPolicy"]["Statement"].as_array().unwrap();
    let role = json!({"AWS": {"Fn::Sub": "arn:${AWS::Partition}:iam::${AWS::AccountId}:role/aws-service-role/autoscaling.amazonaws.com/AWSServiceRoleForAutoScaling"}});
    assert_eq!(
        statements.iter().find(|s| s["Sid"] == "Allow Auto Scaling to attach volumes").unwrap(),
        &json!({
            "Sid": "Allow Auto Scaling to attach volumes",
            "Effect": "Allow",
            "Principal": role,
            "Action": "kms:CreateGrant",
            "Resource": "*",
            "Condition": {"Bool": {"kms:GrantIsForAWSResource": "true"}}
        })
    );
    assert!(
        statements
            .iter()
            .any(|s| s["Sid"] == "Allow Auto Scaling to use the key for volumes" && s["Principal"] == role)
    );
}

fn consumer(policy: KeyPolicy<impl Sized>, role_may_decrypt: bool) -> Template {
    let mut t = Template::new();
    let key = t.add_with("QueueKey", KmsKey::new(policy), Attributes::retain());
    let queue = t.add("Work", Queue::new().kms_master_key_id(key.arn()));
    let mut allowed = vec![
        Statement::allow(actions!["sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:GetQueueAttributes"])
            .resource(queue.arn()),
    ];
    if role_may_decrypt {
        allowed.push(Statement::allow(actions!["kms:Decrypt"]).resource(key.arn()));
    }
    let role = t.add(
        "WorkerRole",
        ServiceRole::new(LambdaService)
            .configure(|r| r.policies(vec![role::Policy::new(IdentityPolicy::new(allowed), "read-work")])),
    );
    let code = function::Code::new().zip_file("exports.handler = async () => {};");
    let worker =
        t.add("Worker", Function::new(code, role.arn()).runtime(function::Runtime::Nodejs22X).handler("index.handler"));
    t.add("WorkerSource", EventSourceMapping::new(worker.reference()).event_source_arn(queue.arn()));
    t
}

#[test]
fn a_function_reading_an_encrypted_queue_needs_kms_decrypt() {
    let error = consumer(KeyPolicy::account_root(), false).to_json().unwrap_err();
    common::assert_file("tests/expected/refusals/queue-consumer-without-decrypt.txt", &format!("{error}\n"));
    assert_eq!(findings(&error), [("WorkerSource".to_owned(), "consumer-cannot-decrypt")]);
    // With `kms:Decrypt` on the key in its role's policy, the root statement lets it through.
    assert!(typed_cfn::check::run(&consumer(KeyPolicy::account_root(), true)).errors.is_empty());
    // A key that does not delegate to IAM refuses the role whatever its policy says.
    let closed = KeyPolicy::administrators(["arn:aws:iam::123456789012:role/KeyAdmins"]);
    let error = consumer(closed, true).to_json().unwrap_err();
    assert_eq!(findings(&error), [("WorkerSource".to_owned(), "consumer-cannot-decrypt")]);
}

fn task(role_may: &[&str], with_role: bool) -> Template {
    use typed_cfn::resources::ecs::{TaskDefinition, task_definition};
    use typed_cfn::resources::secretsmanager::Secret;
    let mut t = Template::new();
    let key =
        t.add_with("SecretsKey", KmsKey::new(KeyPolicy::account_root().grant_secrets_manager()), Attributes::retain());
    let secret =
        t.add("ApiToken", Secret::new().kms_key_id(key.arn()).description("The API token the service calls with"));
    let mut statements = Vec::new();
    if role_may.contains(&"read") {
        statements.push(Statement::allow(actions!["secretsmanager:GetSecretValue"]).resource(secret.reference()));
    }
    if role_may.contains(&"decrypt") {
        statements.push(Statement::allow(actions!["kms:Decrypt"]).resource(key.arn()));
    }
    let mut role = ServiceRole::new(EcsTasksService);
    if !statements.is_empty() {
        role = role.configure(|r| r.policies(vec![role::Policy::new(IdentityPolicy::new(statements), "read-secrets")]));
    }
    let role = t.add("ExecutionRole", role);
    let container = task_definition::ContainerDefinition::new("public.ecr.aws/nginx/nginx:latest", "web")
        .secrets(vec![task_definition::Secret::new("API_TOKEN", secret.reference())]);
    let mut definition = TaskDefinition::new().container_definitions(vec![container]);
    if with_role {
        definition = definition.execution_role_arn(role.arn());
    }
    t.add("Service", definition);
    t
}

#[test]
fn an_ecs_task_needs_an_execution_role_that_can_read_and_decrypt_its_secrets() {
    assert!(typed_cfn::check::run(&task(&["read", "decrypt"], true)).errors.is_empty());
    let error = task(&["read"], true).to_json().unwrap_err();
    common::assert_file("tests/expected/refusals/task-secret-without-decrypt.txt", &format!("{error}\n"));
    assert_eq!(findings(&error), [("Service".to_owned(), "task-cannot-read-secret")]);
    let error = task(&[], true).to_json().unwrap_err();
    assert!(error.to_string().contains("allows `secretsmanager:GetSecretValue`"), "{error}");
    let error = task(&["read", "decrypt"], false).to_json().unwrap_err();
    assert!(error.to_string().contains("has no `ExecutionRoleArn`"), "{error}");
}

/// A worker reading an encrypted queue through `queue.consumer(&function, &role)`.
fn wired_consumer(policy: KeyPolicy<impl Sized + typed_cfn::secure::GrantSet>, own_role: bool) -> Template {
    use typed_cfn::secure::EncryptedQueue;
    let mut t = Template::new();
    let key = t.add_with("QueueKey", KmsKey::new(policy), Attributes::retain());
    let work = t.build("Work", EncryptedQueue::new(key.arn()));
    let role = t.add("WorkerRole", ServiceRole::new(LambdaService));
    let other = t.add("OtherRole", ServiceRole::new(LambdaService));
    let code = function::Code::new().zip_file("exports.handler = async () => {};");
    let worker =
        t.add("Worker", Function::new(code, role.arn()).runtime(function::Runtime::Nodejs22X).handler("index.handler"));
    t.build(
        "WorkerSource",
        work.consumer(&worker, if own_role { &role } else { &other }).configure(|m| m.batch_size(10)),
    );
    t
}

#[test]
fn a_queue_consumer_writes_its_roles_policy_and_the_mapping_after_it() {
    let t = wired_consumer(KeyPolicy::account_root(), true);
    let errors: Vec<_> = typed_cfn::check::run(&t).errors.into_iter().map(|f| f.message).collect();
    assert!(errors.is_empty(), "{errors:?}");
    let json: Json = serde_json::from_str(&t.to_json().unwrap()).unwrap();
    assert_eq!(
        json["Resources"]["WorkerSourcePolicy"],
        json!({"Type": "AWS::IAM::Policy", "Properties": {
            "PolicyDocument": {"Version": "2012-10-17", "Statement": [
                {"Sid": "ReadQueue", "Effect": "Allow",
                 "Action": ["sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:GetQueueAttributes", "sqs:ChangeMessageVisibility"],
                 "Resource": {"Fn::GetAtt": ["Work", "Arn"]}},
                {"Sid": "DecryptMessages", "Effect": "Allow", "Action": "kms:Decrypt", "Resource": {"Fn::GetAtt": ["QueueKey", "Arn"]},
                 "Condition": {"StringEquals": {"kms:ViaService": {"Fn::Sub": "sqs.${AWS::Region}.amazonaws.com"}}}}
            ]},
            "PolicyName": {"Fn::Sub": "${AWS::StackName}-WorkerSourcePolicy"},
            "Roles": [{"Ref": "WorkerRole"}]
        }})
    );
    assert_eq!(
        json["Resources"]["WorkerSource"],
        json!({"Type": "AWS::Lambda::EventSourceMapping", "DependsOn": "WorkerSourcePolicy", "Properties": {
            "FunctionName": {"Ref": "Worker"}, "EventSourceArn": {"Fn::GetAtt": ["Work", "Arn"]}, "BatchSize": 10
        }})
    );
}

#[test]
fn a_queue_consumer_given_another_role_is_refused_and_a_closed_key_still_is() {
    let error = wired_consumer(KeyPolicy::account_root(), false).to_json().unwrap_err().to_string();
    assert!(error.contains("which is not the role of function `Worker`"), "{error}");
    // A key that does not delegate to IAM: the role's policy cannot help, and the check says so.
    let closed = KeyPolicy::administrators(["arn:aws:iam::123456789012:role/KeyAdmins"]);
    let error = wired_consumer(closed, true).to_json().unwrap_err();
    assert_eq!(findings(&error), [("WorkerSource".to_owned(), "consumer-cannot-decrypt")]);
}

#[test]
fn a_volume_for_auto_scaling_takes_a_key_with_the_auto_scaling_grant() {
    let mut t = Template::new();
    let key =
        t.add_with("VolumeKey", KmsKey::new(KeyPolicy::account_root().grant(AutoScalingGrant)), Attributes::retain());
    let volume = launch_template::Ebs::encrypted_for_auto_scaling(key.arn()).volume_size(20);
    let data = launch_template::LaunchTemplateData::new()
        .image_id("ami-0123456789abcdef0")
        .block_device_mappings(vec![launch_template::BlockDeviceMapping::new().device_name("/dev/xvda").ebs(volume)]);
    t.add("Launch", LaunchTemplate::new(data));
    let json: Json = serde_json::from_str(&t.to_json().unwrap()).unwrap();
    assert_eq!(
        json["Resources"]["Launch"]["Properties"]["LaunchTemplateData"]["BlockDeviceMappings"][0]["Ebs"],
        json!({"Encrypted": true, "KmsKeyId": {"Fn::GetAtt": ["VolumeKey", "Arn"]}, "VolumeSize": 20})
    );
}

/// A stream or bucket pipeline read from a file: a Kinesis stream under a customer key, a
/// function reading it, a Firehose delivery stream from it into a bucket under the same key.
/// `allow` lists what the roles' policies allow (`decrypt`, `data-key`, `put`).
fn streaming(allow: &[&str]) -> Template {
    Template::from_json(&streaming_json(allow).to_string()).unwrap()
}

fn streaming_json(allow: &[&str]) -> Json {
    let role = |name: &str, principal: &str, statements: Vec<Json>| {
        let mut properties = json!({
            "AssumeRolePolicyDocument": {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Service": principal}, "Action": "sts:AssumeRole"}]}
        });
        if !statements.is_empty() {
            properties["Policies"] =
                json!([{"PolicyName": name, "PolicyDocument": {"Version": "2012-10-17", "Statement": statements}}]);
        }
        json!({"Type": "AWS::IAM::Role", "Properties": properties})
    };
    let mut reader = vec![
        json!({"Effect": "Allow", "Action": ["kinesis:GetRecords", "kinesis:GetShardIterator", "kinesis:DescribeStream", "kinesis:ListShards"], "Resource": {"Fn::GetAtt": ["Events", "Arn"]}}),
    ];
    let mut writer = reader.clone();
    if allow.contains(&"decrypt") {
        reader.push(
            json!({"Effect": "Allow", "Action": "kms:Decrypt", "Resource": {"Fn::GetAtt": ["StreamKey", "Arn"]}}),
        );
        writer.push(
            json!({"Effect": "Allow", "Action": "kms:Decrypt", "Resource": {"Fn::GetAtt": ["StreamKey", "Arn"]}}),
        );
    }
    if allow.contains(&"data-key") {
        writer.push(json!({"Effect": "Allow", "Action": "kms:GenerateDataKey", "Resource": {"Fn::GetAtt": ["StreamKey", "Arn"]}}));
    }
    if allow.contains(&"put") {
        writer.push(json!({"Effect": "Allow", "Action": ["s3:PutObject", "s3:AbortMultipartUpload", "s3:GetBucketLocation", "s3:ListBucket"], "Resource": [{"Fn::GetAtt": ["Archive", "Arn"]}, {"Fn::Sub": "${Archive.Arn}/*"}]}));
    }
    let template = json!({
        "Resources": {
            "StreamKey": {"Type": "AWS::KMS::Key", "Properties": {"KeyPolicy": {"Version": "2012-10-17", "Statement": [
                {"Sid": "Enable IAM User Permissions", "Effect": "Allow", "Principal": {"AWS": {"Fn::Sub": "arn:${AWS::Partition}:iam::${AWS::AccountId}:root"}}, "Action": "kms:*", "Resource": "*"}
            ]}}},
            "Events": {"Type": "AWS::Kinesis::Stream", "Properties": {"ShardCount": 1, "StreamEncryption": {"EncryptionType": "KMS", "KeyId": {"Fn::GetAtt": ["StreamKey", "Arn"]}}}},
            "Archive": {"Type": "AWS::S3::Bucket", "Properties": {"BucketEncryption": {"ServerSideEncryptionConfiguration": [
                {"ServerSideEncryptionByDefault": {"SSEAlgorithm": "aws:kms", "KMSMasterKeyID": {"Fn::GetAtt": ["StreamKey", "Arn"]}}}
            ]}}},
            "ReaderRole": role("read-events", "lambda.amazonaws.com", reader),
            "Reader": {"Type": "AWS::Lambda::Function", "Properties": {"Role": {"Fn::GetAtt": ["ReaderRole", "Arn"]}, "Runtime": "nodejs22.x", "Handler": "index.handler", "Code": {"ZipFile": "exports.handler = async () => {};"}}},
            "ReaderSource": {"Type": "AWS::Lambda::EventSourceMapping", "Properties": {"FunctionName": {"Ref": "Reader"}, "EventSourceArn": {"Fn::GetAtt": ["Events", "Arn"]}, "StartingPosition": "LATEST"}},
            "FirehoseRole": role("deliver-events", "firehose.amazonaws.com", writer),
            "Delivery": {"Type": "AWS::KinesisFirehose::DeliveryStream", "Properties": {
                "DeliveryStreamType": "KinesisStreamAsSource",
                "KinesisStreamSourceConfiguration": {"KinesisStreamARN": {"Fn::GetAtt": ["Events", "Arn"]}, "RoleARN": {"Fn::GetAtt": ["FirehoseRole", "Arn"]}},
                "ExtendedS3DestinationConfiguration": {"BucketARN": {"Fn::GetAtt": ["Archive", "Arn"]}, "RoleARN": {"Fn::GetAtt": ["FirehoseRole", "Arn"]}}
            }}
        }
    });
    template
}

/// Readers of an encrypted Kinesis stream (a function, a delivery stream) need `kms:Decrypt`; a
/// delivery stream writing into an encrypted bucket needs `s3:PutObject` and a data key.
#[test]
fn stream_readers_and_firehose_writers_need_their_key_and_bucket_permissions() {
    let allowed = streaming(&["decrypt", "data-key", "put"]);
    assert!(typed_cfn::check::run(&allowed).errors.is_empty(), "{:?}", typed_cfn::check::run(&allowed).errors);

    let error = streaming(&["data-key", "put"]).to_json().unwrap_err();
    common::assert_file("tests/expected/refusals/stream-readers-without-decrypt.txt", &format!("{error}\n"));
    assert_eq!(
        findings(&error),
        [("ReaderSource".to_owned(), "consumer-cannot-decrypt"), ("Delivery".to_owned(), "consumer-cannot-decrypt")]
    );

    let error = streaming(&["decrypt", "put"]).to_json().unwrap_err();
    common::assert_file("tests/expected/refusals/firehose-into-kms-bucket-without-data-key.txt", &format!("{error}\n"));
    assert_eq!(findings(&error), [("Delivery".to_owned(), "delivery-role-refused")]);

    let error = streaming(&["decrypt", "data-key"]).to_json().unwrap_err();
    assert_eq!(findings(&error), [("Delivery".to_owned(), "delivery-role-refused")]);
    assert!(error.to_string().contains("allows `s3:PutObject`"), "{error}");
}

/// Task secrets from Parameter Store (a parameter of the template, by `Ref`) and from outside the
/// template (by ARN): the execution role must be allowed `ssm:GetParameters` /
/// `secretsmanager:GetSecretValue` on exactly them.
#[test]
fn an_ecs_task_needs_parameter_store_and_outside_secrets_allowed_too() {
    let task = |statements: Json| {
        let template = json!({
            "Resources": {
                "Endpoint": {"Type": "AWS::SSM::Parameter", "Properties": {"Name": "/service/endpoint", "Type": "String", "Value": "https://example.com"}},
                "ExecutionRole": {"Type": "AWS::IAM::Role", "Properties": {
                    "AssumeRolePolicyDocument": {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Service": "ecs-tasks.amazonaws.com"}, "Action": "sts:AssumeRole"}]},
                    "Policies": [{"PolicyName": "read", "PolicyDocument": {"Version": "2012-10-17", "Statement": statements}}]
                }},
                "Service": {"Type": "AWS::ECS::TaskDefinition", "Properties": {
                    "ExecutionRoleArn": {"Fn::GetAtt": ["ExecutionRole", "Arn"]},
                    "ContainerDefinitions": [{"Name": "web", "Image": "public.ecr.aws/nginx/nginx:latest", "Secrets": [
                        {"Name": "ENDPOINT", "ValueFrom": {"Ref": "Endpoint"}},
                        {"Name": "TOKEN", "ValueFrom": "arn:aws:secretsmanager:us-east-1:123456789012:secret:api-token-AbCdEf:token::"}
                    ]}]
                }}
            }
        });
        Template::from_json(&template.to_string()).unwrap()
    };
    let both = json!([
        {"Effect": "Allow", "Action": "ssm:GetParameters", "Resource": {"Fn::Sub": "arn:${AWS::Partition}:ssm:${AWS::Region}:${AWS::AccountId}:parameter/service/endpoint"}},
        {"Effect": "Allow", "Action": "secretsmanager:GetSecretValue", "Resource": "arn:aws:secretsmanager:us-east-1:123456789012:secret:api-token-*"}
    ]);
    assert!(
        typed_cfn::check::run(&task(both.clone())).errors.is_empty(),
        "{:?}",
        typed_cfn::check::run(&task(both)).errors
    );

    let only_secret = json!([{"Effect": "Allow", "Action": "secretsmanager:GetSecretValue", "Resource": "arn:aws:secretsmanager:us-east-1:123456789012:secret:api-token-*"}]);
    let error = task(only_secret).to_json().unwrap_err();
    common::assert_file("tests/expected/refusals/task-parameter-not-allowed.txt", &format!("{error}\n"));
    assert_eq!(findings(&error), [("Service".to_owned(), "task-cannot-read-secret")]);

    let only_parameter = json!([{"Effect": "Allow", "Action": "ssm:GetParameters", "Resource": "*"}]);
    let error = task(only_parameter).to_json().unwrap_err();
    assert_eq!(findings(&error), [("Service".to_owned(), "task-cannot-read-secret")]);
    assert!(
        error.to_string().contains("arn:aws:secretsmanager:us-east-1:123456789012:secret:api-token-AbCdEf:token::"),
        "{error}"
    );
}

/// A group launching through a `MixedInstancesPolicy` (its launch template, or an override's)
/// is judged as one with a `LaunchTemplate`. Before, only `LaunchTemplate` was followed and such a
/// group passed with a key Auto Scaling cannot use.
#[test]
fn auto_scaling_through_a_mixed_instances_policy_is_judged_too() {
    for fixed in [false, true] {
        let mut json: Json =
            serde_json::from_str(&fleet(KeyPolicy::account_root().grant(AutoScalingGrant)).to_json().unwrap()).unwrap();
        if !fixed {
            let statements =
                json["Resources"]["VolumeKey"]["Properties"]["KeyPolicy"]["Statement"].as_array_mut().unwrap();
            statements.retain(|s| !s["Sid"].as_str().unwrap_or("").starts_with("Allow Auto Scaling"));
        }
        let fleet_props = json["Resources"]["Fleet"]["Properties"].as_object_mut().unwrap();
        let spec = fleet_props.remove("LaunchTemplate").unwrap();
        for mixed in [
            json!({"LaunchTemplate": {"LaunchTemplateSpecification": spec}}),
            json!({"LaunchTemplate": {"LaunchTemplateSpecification": {"LaunchTemplateName": "elsewhere", "Version": "1"},
                                      "Overrides": [{"InstanceType": "t3.small", "LaunchTemplateSpecification": spec}]}}),
        ] {
            let mut json = json.clone();
            json["Resources"]["Fleet"]["Properties"]["MixedInstancesPolicy"] = mixed;
            let report = typed_cfn::check::run(&Template::from_json(&json.to_string()).unwrap());
            let found: Vec<(&str, &str)> = report.errors.iter().map(|f| (f.logical_id.as_str(), f.rule.id())).collect();
            let expected: Vec<(&str, &str)> =
                if fixed { vec![] } else { vec![("Fleet", "key-denies-service-linked-role")] };
            assert_eq!(found, expected, "{json}");
        }
    }
}

/// A Firehose role whose data-key statement is scoped by `kms:EncryptionContext:aws:s3:arn`: with
/// an S3 Bucket Key on the bucket, S3 asks KMS with the bucket's ARN as context, so the scope AWS
/// documents for it is the bucket ARN, and one on the objects (`…/*`) fails. Before, the check
/// asked with the object's ARN whatever the bucket, refusing the first and passing the second.
#[test]
fn a_firehose_data_key_scoped_by_encryption_context_follows_the_bucket_key() {
    let scoped = |bucket_key: bool, context: &str| {
        let mut json = streaming_json(&["decrypt", "put"]);
        json["Resources"]["Archive"]["Properties"]["BucketEncryption"]["ServerSideEncryptionConfiguration"][0]["BucketKeyEnabled"] =
            json!(bucket_key);
        let statements = json["Resources"]["FirehoseRole"]["Properties"]["Policies"][0]["PolicyDocument"]["Statement"]
            .as_array_mut()
            .unwrap();
        statements.push(
            json!({"Effect": "Allow", "Action": "kms:GenerateDataKey", "Resource": {"Fn::GetAtt": ["StreamKey", "Arn"]},
            "Condition": {"StringLike": {"kms:EncryptionContext:aws:s3:arn": {"Fn::Sub": context}}}}),
        );
        let report = typed_cfn::check::run(&Template::from_json(&json.to_string()).unwrap());
        report.errors.iter().map(|f| (f.logical_id.clone(), f.rule.id())).collect::<Vec<_>>()
    };
    let refused = vec![("Delivery".to_owned(), "delivery-role-refused")];
    assert_eq!(scoped(true, "${Archive.Arn}"), []);
    assert_eq!(scoped(true, "${Archive.Arn}/*"), refused);
    assert_eq!(scoped(false, "${Archive.Arn}/*"), []);
    assert_eq!(scoped(false, "${Archive.Arn}"), refused);
}

/// A group naming a service-linked role with a custom suffix (`ServiceLinkedRoleARN`
/// `…/AWSServiceRoleForAutoScaling_<suffix>`) acts through that role, so the key must name it
/// (<https://docs.aws.amazon.com/autoscaling/ec2/userguide/key-policy-requirements-EBS-encryption.html>):
/// a key naming the default role is refused for it, a key naming it passes.
#[test]
fn auto_scaling_with_a_custom_suffix_role_is_judged_with_that_role() {
    let custom =
        "arn:aws:iam::123456789012:role/aws-service-role/autoscaling.amazonaws.com/AWSServiceRoleForAutoScaling_fleet";
    let with_custom_role = |key_names_custom: bool| {
        let mut json: Json =
            serde_json::from_str(&fleet(KeyPolicy::account_root().grant(AutoScalingGrant)).to_json().unwrap()).unwrap();
        json["Resources"]["Fleet"]["Properties"]["ServiceLinkedRoleARN"] = json!(custom);
        if key_names_custom {
            let statements =
                json["Resources"]["VolumeKey"]["Properties"]["KeyPolicy"]["Statement"].as_array_mut().unwrap();
            for statement in
                statements.iter_mut().filter(|s| s["Sid"].as_str().unwrap_or("").starts_with("Allow Auto Scaling"))
            {
                statement["Principal"] = json!({"AWS": custom});
            }
        }
        let report = typed_cfn::check::run(&Template::from_json(&json.to_string()).unwrap());
        report.errors.iter().map(|f| (f.logical_id.clone(), f.rule.id(), f.message.clone())).collect::<Vec<_>>()
    };
    let found = with_custom_role(false);
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!((found[0].0.as_str(), found[0].1), ("Fleet", "key-denies-service-linked-role"));
    assert!(found[0].2.contains("(AWSServiceRoleForAutoScaling_fleet)"), "{}", found[0].2);
    assert_eq!(with_custom_role(true), []);
}

/// A container pulling from a private registry with `RepositoryCredentials`: ECS fetches the
/// credentials secret with the execution role
/// (<https://docs.aws.amazon.com/AmazonECS/latest/developerguide/private-auth.html>).
#[test]
fn an_ecs_task_needs_its_repository_credentials_readable_by_the_execution_role() {
    let task = |statements: Json| {
        let template = json!({
            "Resources": {
                "RegistryLogin": {"Type": "AWS::SecretsManager::Secret", "Properties": {"SecretString": "{\"username\":\"u\",\"password\":\"p\"}"}},
                "ExecutionRole": {"Type": "AWS::IAM::Role", "Properties": {
                    "AssumeRolePolicyDocument": {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Service": "ecs-tasks.amazonaws.com"}, "Action": "sts:AssumeRole"}]},
                    "Policies": [{"PolicyName": "read", "PolicyDocument": {"Version": "2012-10-17", "Statement": statements}}]
                }},
                "Service": {"Type": "AWS::ECS::TaskDefinition", "Properties": {
                    "ExecutionRoleArn": {"Fn::GetAtt": ["ExecutionRole", "Arn"]},
                    "ContainerDefinitions": [{"Name": "web", "Image": "registry.example.com/web:1",
                        "RepositoryCredentials": {"CredentialsParameter": {"Ref": "RegistryLogin"}}}]
                }}
            }
        });
        Template::from_json(&template.to_string()).unwrap()
    };
    let found = |t: &Template| {
        typed_cfn::check::run(t).errors.iter().map(|f| (f.logical_id.clone(), f.rule.id())).collect::<Vec<_>>()
    };
    let readable =
        json!([{"Effect": "Allow", "Action": "secretsmanager:GetSecretValue", "Resource": {"Ref": "RegistryLogin"}}]);
    assert_eq!(found(&task(readable)), []);
    let other = json!([{"Effect": "Allow", "Action": "ssm:GetParameters", "Resource": "*"}]);
    assert_eq!(found(&task(other)), [("Service".to_owned(), "task-cannot-read-secret")]);
}
