//! The PCI-DSS data-processing stack whose failure analysis the project began with (its key policy
//! let CloudWatch Logs in only through a generic statement, and it failed to deploy), with that
//! failure made impossible.
//!
//! A private VPC (no internet gateway, no NAT) whose Lambda reaches S3 and KMS through VPC
//! endpoints; one customer key for data and logs whose policy holds the CloudWatch Logs grant
//! in the only form that deploys; a data bucket (SSE-KMS, versioning, public access block,
//! TLS only, access logs, lifecycle); flow logs kept a year; least-privilege roles; tags on
//! everything taggable. `docs/compliance/pci-dss.md` goes through the PCI DSS 3.2.1 rules one by
//! one.

mod config;

pub use config::{PciDssConfig, PciDssConfigBuilder};

use cfn_macros::{actions, sub};
use cfn_model::intrinsics::join;
use cfn_model::policy::{IdentityPolicy, Statement};
use cfn_model::resources::ec2::{self, SecurityGroup, VPCEndpoint};
use cfn_model::resources::iam::ManagedPolicy;
use cfn_model::resources::lambda::{Function, function};
use cfn_model::resources::s3::bucket;
use cfn_model::resources::sqs::Queue;
use cfn_model::secure::{
    AccessLogBucket, EncryptedLogGroup, KeyPolicy, KmsKey, LambdaService, LogsGrant, Pci, SecureBucket, ServiceRole,
    Stack,
};
use cfn_model::{Attributes, Handle, Output, Parameters as _, Template, Value};

use crate::config::StackParameters;
use crate::network::{Network, NetworkSpec, add_network};

/// The processing function's code: reads each object it is told about and records its size.
/// A placeholder for the real processor, deployable as it is.
pub(crate) const PROCESSOR_CODE: &str = r#"import json
import os

import boto3

s3 = boto3.client("s3")


def handler(event, context):
    bucket = os.environ["DATA_BUCKET"]
    sizes = {}
    for record in event.get("Records", []):
        key = record["s3"]["object"]["key"]
        head = s3.head_object(Bucket=bucket, Key=key)
        sizes[key] = head["ContentLength"]
    print(json.dumps({"processed": sizes}))
    return {"processed": len(sizes)}
"#;

/// The PCI-DSS stack for `config`.
pub fn stack(config: &PciDssConfig) -> Stack<Pci> {
    let mut stack = Stack::<Pci>::new();
    stack.set_description(
        "typed-cfn PCI-DSS reference stack: private VPC, customer KMS key with the CloudWatch Logs grant, \
         encrypted data bucket, Lambda processor in the VPC, flow logs kept a year",
    );
    let env =
        StackParameters { environment_suffix: config.environment_suffix.clone() }.add_to(&mut stack).environment_suffix;

    let flow_log_group_name = sub!("/aws/vpc/flowlogs-${Env}", Env = env.reference());
    let function_name = sub!("pci-processor-${Env}", Env = env.reference());
    let processor_log_group_name = sub!("/aws/lambda/pci-processor-${Env}", Env = env.reference());

    // One customer key for data and logs. CloudWatch Logs gets its own statement, narrowed to
    // the two log groups the stack creates: the statement the failed deployment lacked.
    let policy = KeyPolicy::account_root()
        .grant_logs(LogsGrant::for_log_groups([flow_log_group_name.clone(), processor_log_group_name.clone()]))
        .grant_s3()
        .grant_lambda();
    let key = stack.add_with(
        "DataKey",
        KmsKey::new(policy)
            .description(sub!("PCI data, logs and function environment (${Env})", Env = env.reference())),
        Attributes::retain(),
    );

    let network = add_network(
        &mut stack,
        NetworkSpec {
            vpc_cidr: config.vpc_cidr,
            subnet_cidrs: &config.private_subnet_cidrs,
            flow_log_group_name,
            flow_log_key: key.arn(),
            flow_log_retention: config.log_retention_days,
            flow_log_attributes: Attributes::retain(),
        },
    );

    // Security groups: the function may only open HTTPS connections, which reach nothing but the
    // VPC endpoints (there is no route out); the KMS endpoint admits HTTPS from the function only.
    let processor_sg = add_endpoints(&mut stack, &network, &config.vpc_cidr.to_string());

    // Buckets: access logs (SSE-S3, the only encryption S3 allows on a log target) and data.
    let access_logs = stack.build("AccessLogBucket", AccessLogBucket::new(i64::from(config.access_log_retention_days)));
    let lifecycle = bucket::Rule::new(bucket::RuleStatus::Enabled)
        .id("ArchiveAndExpireOldVersions")
        .transitions([bucket::Transition::new(bucket::TransitionStorageClass::Glacier)
            .transition_in_days(i64::from(config.data_glacier_transition_days))])
        .noncurrent_version_expiration(bucket::NoncurrentVersionExpiration::new(i64::from(
            config.data_noncurrent_version_days,
        )));
    let data = stack.build(
        "DataBucket",
        SecureBucket::new(key.arn())
            .access_logs_to(&access_logs, "data-bucket/")
            .configure(|b| b.lifecycle_configuration(bucket::LifecycleConfiguration::new([lifecycle]))),
    );

    // The processor: its dead-letter queue, its log group, its role, the function.
    let dlq = stack.add_with(
        "ProcessorDeadLetterQueue",
        Queue::new()
            .kms_master_key_id(key.arn())
            .kms_data_key_reuse_period_seconds(300)
            .message_retention_period(1_209_600),
        // A dead-letter queue is where failures end; it has none of its own (Control Tower's
        // CT.SQS.PR.1 reports it: an exception listed in `docs/compliance/`).
        Attributes::retain(),
    );
    let processor_logs = stack.add_with(
        "ProcessorLogGroup",
        EncryptedLogGroup::new(key.arn())
            .log_group_name(processor_log_group_name)
            .retention_in_days(i64::from(config.log_retention_days.days())),
        Attributes::retain(),
    );
    let permissions = IdentityPolicy::new([
        Statement::allow(actions!["logs:CreateLogStream", "logs:PutLogEvents"])
            .sid("WriteOwnLogs")
            .resource(processor_logs.arn()),
        Statement::allow(actions!["s3:GetObject", "s3:PutObject"])
            .sid("ReadWriteDataObjects")
            .resource(sub!("${Bucket.Arn}/*", "Bucket.Arn" = data.bucket.arn())),
        Statement::allow(actions!["s3:ListBucket"]).sid("ListDataBucket").resource(data.bucket.arn()),
        Statement::allow(actions!["kms:Decrypt", "kms:GenerateDataKey"]).sid("UseDataKey").resource(key.arn()),
        Statement::allow(actions!["sqs:SendMessage"]).sid("SendToDeadLetterQueue").resource(dlq.arn()),
        // Lambda creates the function's network interfaces with the role; Describe cannot be
        // narrowed to a resource.
        Statement::allow(actions![
            "ec2:CreateNetworkInterface",
            "ec2:DescribeNetworkInterfaces",
            "ec2:DeleteNetworkInterface",
            "ec2:AssignPrivateIpAddresses",
            "ec2:UnassignPrivateIpAddresses"
        ])
        .sid("ManageVpcNetworkInterfaces")
        .any_resource(),
    ]);
    let processor_policy = stack.add_with(
        "ProcessorPolicy",
        ManagedPolicy::new(permissions).description("What the PCI processor may do, and nothing more"),
        Attributes::new().checkov_skip(
            "CKV_AWS_111",
            "the EC2 network-interface actions a Lambda function in a VPC needs support no resource-level constraint (AWS's AWSLambdaVPCAccessExecutionRole grants them on *); every other write names its resource",
        ),
    );
    let processor_role = stack.add(
        "ProcessorRole",
        ServiceRole::new(LambdaService).configure(|r| {
            r.description("Execution role of the PCI processor").managed_policy_arns([processor_policy.reference()])
        }),
    );
    let processor = stack.add(
        "Processor",
        Function::new(function::Code::new().zip_file(PROCESSOR_CODE), processor_role.arn())
            .function_name(function_name)
            .description("Processes cardholder data objects inside the VPC")
            .runtime(function::Runtime::Python313)
            .handler("index.handler")
            .memory_size(i64::from(config.processor_memory_mb))
            .timeout(i64::from(config.processor_timeout_seconds))
            .reserved_concurrent_executions(i64::from(config.processor_reserved_concurrency))
            .kms_key_arn(key.arn())
            .environment(function::Environment::new().variables([("DATA_BUCKET", data.bucket.reference().into_json())]))
            .dead_letter_config(function::DeadLetterConfig::new().target_arn(dlq.arn()))
            .vpc_config(
                function::VpcConfig::new()
                    .subnet_ids(network.subnet_ids())
                    .security_group_ids([processor_sg.group_id()]),
            )
            .logging_config(
                function::LoggingConfig::new()
                    .log_group(processor_logs.reference())
                    .log_format(function::LogFormat::Json),
            )
            .tracing_config(function::TracingConfig::new().mode(function::Mode::Active)),
    );

    stack.tag_all([
        ("DataClassification", Value::from(config.data_classification.as_str())),
        ("Compliance", Value::from("PCI-DSS")),
        ("Environment", Value::from(config.environment.as_str())),
    ]);

    stack.output("VpcId", Output::new(network.vpc.reference()).description("The private VPC"));
    stack.output(
        "PrivateSubnetIds",
        Output::new(join(",", network.subnet_ids())).description("The private subnets, comma-separated"),
    );
    stack.output(
        "DataKeyArn",
        Output::new(key.arn()).description("Customer key of data, logs and the function environment"),
    );
    stack.output("DataBucketName", Output::new(data.bucket.reference()).description("The cardholder data bucket"));
    stack.output(
        "AccessLogBucketName",
        Output::new(access_logs.bucket.reference()).description("Server access logs of the data bucket"),
    );
    stack.output("ProcessorArn", Output::new(processor.arn()).description("The processing function"));
    stack.output("DeadLetterQueueUrl", Output::new(dlq.reference()).description("Failed invocations of the processor"));
    stack.output(
        "FlowLogGroupName",
        Output::new(network.flow_logs.reference()).description("VPC flow logs, kept a year or more"),
    );
    stack
}

/// The PCI-DSS stack for `config`, as a template.
pub fn template(config: &PciDssConfig) -> Template {
    stack(config).into_template()
}

/// The processor's security group and the VPC endpoints it may reach (S3 through a gateway, KMS
/// through an interface endpoint that admits HTTPS from that group only), added to `stack`; the
/// processor's group is returned. The PCI-DSS stack and the PCI app's network stack share it.
pub(crate) fn add_endpoints(stack: &mut Stack<Pci>, network: &Network, vpc_cidr: &str) -> Handle<SecurityGroup> {
    let processor_sg = stack.add(
        "ProcessorSecurityGroup",
        SecurityGroup::new("PCI processor: outbound HTTPS to the VPC endpoints only")
            .vpc_id(network.vpc.reference())
            .security_group_egress([ec2::security_group::Egress::new("tcp")
                .from_port(443)
                .to_port(443)
                .cidr_ip("0.0.0.0/0")
                .description("HTTPS; the route table has no route out, so only VPC endpoints answer")]),
    );
    let endpoint_sg = stack.add(
        "EndpointSecurityGroup",
        SecurityGroup::new("PCI interface endpoints: inbound HTTPS from the processor only")
            .vpc_id(network.vpc.reference())
            .security_group_ingress([ec2::security_group::Ingress::new("tcp")
                .from_port(443)
                .to_port(443)
                .source_security_group_id(processor_sg.group_id())
                .description("HTTPS from the processor")])
            .security_group_egress([ec2::security_group::Egress::new("tcp")
                .from_port(443)
                .to_port(443)
                .cidr_ip(vpc_cidr.to_owned())
                .description("Replies inside the VPC only")]),
    );
    stack.add(
        "S3GatewayEndpoint",
        VPCEndpoint::new(network.vpc.reference())
            .service_name(sub!("com.amazonaws.${AWS::Region}.s3"))
            .vpc_endpoint_type(ec2::vpc_endpoint::VpcEndpointType::Gateway)
            .route_table_ids([network.route_table.reference()]),
    );
    stack.add(
        "KmsInterfaceEndpoint",
        VPCEndpoint::new(network.vpc.reference())
            .service_name(sub!("com.amazonaws.${AWS::Region}.kms"))
            .vpc_endpoint_type(ec2::vpc_endpoint::VpcEndpointType::Interface)
            .private_dns_enabled(true)
            .subnet_ids(network.subnet_ids())
            .security_group_ids([endpoint_sg.group_id()]),
    );
    processor_sg
}
