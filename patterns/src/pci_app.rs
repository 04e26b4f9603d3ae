//! The PCI-DSS stack of [`crate::pci_dss`] as an app of four stacks with lives of their own:
//! `keys` (the customer key), `network` (the private VPC, its endpoints and flow logs), `data`
//! (the data and access-log buckets) and `processing` (the Lambda processor, its role, log group
//! and dead-letter queue).
//!
//! The stacks hold each other's handles: the network's flow log group takes `key.arn()` of the
//! keys stack, so it compiles only because that key's type records the Logs grant; the
//! processor takes the subnets and security group of the network stack and the bucket of the
//! data stack. [`cfn_model::app::App`] turns each into an export and an import and orders the
//! stacks (keys, network, data, processing). Every stack is a `Stack<Pci>`.

use cfn_macros::{actions, sub};
use cfn_model::app::App;
use cfn_model::policy::{IdentityPolicy, Statement};
use cfn_model::resources::iam::ManagedPolicy;
use cfn_model::resources::lambda::{Function, function};
use cfn_model::resources::s3::bucket;
use cfn_model::resources::sqs::Queue;
use cfn_model::secure::{
    AccessLogBucket, EncryptedLogGroup, KeyPolicy, KmsKey, LambdaService, LogsGrant, Pci, SecureBucket, ServiceRole,
    Stack,
};
use cfn_model::{Attributes, Output, Parameters as _, Value};

use crate::config::StackParameters;
use crate::network::{NetworkSpec, add_network};
use crate::pci_dss::{PROCESSOR_CODE, PciDssConfig, add_endpoints};

/// The app's name: its stacks deploy as `pci-keys`, `pci-network`, `pci-data`, `pci-processing`.
pub const APP_NAME: &str = "pci";

/// The PCI-DSS app for `config`: four `Stack<Pci>`, references between them typed.
pub fn app(config: &PciDssConfig) -> App {
    let env_of = |stack: &mut Stack<Pci>| {
        StackParameters { environment_suffix: config.environment_suffix.clone() }.add_to(stack).environment_suffix
    };
    let tag = |stack: &mut Stack<Pci>| {
        stack.tag_all([
            ("DataClassification", Value::from(config.data_classification.as_str())),
            ("Compliance", Value::from("PCI-DSS")),
            ("Environment", Value::from(config.environment.as_str())),
        ]);
    };

    // Keys: one customer key for data and logs, its Logs statement narrowed to the two log
    // groups the other stacks create, by name.
    let mut keys = Stack::<Pci>::new();
    keys.set_description("typed-cfn PCI-DSS app, keys: the customer key of data, logs and the function environment");
    let env = env_of(&mut keys);
    let flow_log_group_name =
        |env: &cfn_model::ParameterHandle<_>| sub!("/aws/vpc/flowlogs-${Env}", Env = env.reference());
    let processor_log_group_name =
        |env: &cfn_model::ParameterHandle<_>| sub!("/aws/lambda/pci-processor-${Env}", Env = env.reference());
    let policy = KeyPolicy::account_root()
        .grant_logs(LogsGrant::for_log_groups([flow_log_group_name(&env), processor_log_group_name(&env)]))
        .grant_s3()
        .grant_lambda();
    let key = keys.add_with(
        "DataKey",
        KmsKey::new(policy)
            .description(sub!("PCI data, logs and function environment (${Env})", Env = env.reference())),
        Attributes::retain(),
    );
    keys.output(
        "DataKeyArn",
        Output::new(key.arn()).description("Customer key of data, logs and the function environment"),
    );
    tag(&mut keys);

    // Network: the private VPC with its flow logs (under the key of the keys stack), the
    // security groups and the endpoints through which the processor reaches S3 and KMS.
    let mut network_stack = Stack::<Pci>::new();
    network_stack.set_description("typed-cfn PCI-DSS app, network: private VPC, VPC endpoints, flow logs kept a year");
    let env = env_of(&mut network_stack);
    let network = add_network(
        &mut network_stack,
        NetworkSpec {
            vpc_cidr: config.vpc_cidr,
            subnet_cidrs: &config.private_subnet_cidrs,
            flow_log_group_name: flow_log_group_name(&env),
            flow_log_key: key.arn(),
            flow_log_retention: config.log_retention_days,
            flow_log_attributes: Attributes::retain(),
        },
    );
    let processor_sg = add_endpoints(&mut network_stack, &network, &config.vpc_cidr.to_string());
    network_stack.output("VpcId", Output::new(network.vpc.reference()).description("The private VPC"));
    network_stack.output(
        "FlowLogGroupName",
        Output::new(network.flow_logs.reference()).description("VPC flow logs, kept a year or more"),
    );
    tag(&mut network_stack);

    // Data: access logs (SSE-S3, the only encryption S3 allows on a log target) and the data
    // bucket under the key of the keys stack.
    let mut data_stack = Stack::<Pci>::new();
    data_stack.set_description(
        "typed-cfn PCI-DSS app, data: the cardholder data bucket (SSE-KMS, versioned) and its access logs",
    );
    let access_logs =
        data_stack.build("AccessLogBucket", AccessLogBucket::new(i64::from(config.access_log_retention_days)));
    let lifecycle = bucket::Rule::new(bucket::RuleStatus::Enabled)
        .id("ArchiveAndExpireOldVersions")
        .transitions([bucket::Transition::new(bucket::TransitionStorageClass::Glacier)
            .transition_in_days(i64::from(config.data_glacier_transition_days))])
        .noncurrent_version_expiration(bucket::NoncurrentVersionExpiration::new(i64::from(
            config.data_noncurrent_version_days,
        )));
    let data = data_stack.build(
        "DataBucket",
        SecureBucket::new(key.arn())
            .access_logs_to(&access_logs, "data-bucket/")
            .configure(|b| b.lifecycle_configuration(bucket::LifecycleConfiguration::new([lifecycle]))),
    );
    data_stack.output("DataBucketName", Output::new(data.bucket.reference()).description("The cardholder data bucket"));
    data_stack.output(
        "AccessLogBucketName",
        Output::new(access_logs.bucket.reference()).description("Server access logs of the data bucket"),
    );
    tag(&mut data_stack);

    // Processing: the function in the network's subnets, reading the data stack's bucket.
    let mut processing = Stack::<Pci>::new();
    processing.set_description(
        "typed-cfn PCI-DSS app, processing: the Lambda processor in the VPC, its role, log group and dead-letter queue",
    );
    let env = env_of(&mut processing);
    let dlq = processing.add_with(
        "ProcessorDeadLetterQueue",
        Queue::new()
            .kms_master_key_id(key.arn())
            .kms_data_key_reuse_period_seconds(300)
            .message_retention_period(1_209_600),
        Attributes::retain(),
    );
    let processor_logs = processing.add_with(
        "ProcessorLogGroup",
        EncryptedLogGroup::new(key.arn())
            .log_group_name(processor_log_group_name(&env))
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
    let processor_policy = processing.add_with(
        "ProcessorPolicy",
        ManagedPolicy::new(permissions).description("What the PCI processor may do, and nothing more"),
        Attributes::new().checkov_skip(
            "CKV_AWS_111",
            "the EC2 network-interface actions a Lambda function in a VPC needs support no resource-level constraint (AWS's AWSLambdaVPCAccessExecutionRole grants them on *); every other write names its resource",
        ),
    );
    let processor_role = processing.add(
        "ProcessorRole",
        ServiceRole::new(LambdaService).configure(|r| {
            r.description("Execution role of the PCI processor").managed_policy_arns([processor_policy.reference()])
        }),
    );
    let processor = processing.add_with(
        "Processor",
        Function::new(function::Code::new().zip_file(PROCESSOR_CODE), processor_role.arn())
            .function_name(sub!("pci-processor-${Env}", Env = env.reference()))
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
        Attributes::new(),
    );
    processing.output("ProcessorArn", Output::new(processor.arn()).description("The processing function"));
    processing
        .output("DeadLetterQueueUrl", Output::new(dlq.reference()).description("Failed invocations of the processor"));
    tag(&mut processing);

    let mut app = App::new(APP_NAME).with_scope::<Pci>();
    app.add_stack("keys", keys);
    app.add_stack("network", network_stack);
    app.add_stack("data", data_stack);
    app.add_stack("processing", processing);
    app
}
