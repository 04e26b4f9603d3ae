//! The event pipeline: objects arriving in an encrypted bucket notify an encrypted SNS topic,
//! which fans out to an encrypted SQS queue that a Lambda worker drains; an EventBridge schedule
//! also sends to the queue. Every hop is a service delivering into a resource under a customer
//! key, which is where stacks silently lose messages: each hop's statement is carried by a type.
//!
//! The key's policy type holds `S3ToTopics` (the bucket publishes to the topic), `SnsToQueues`
//! (the topic sends to the queue), `EventBridgeToQueues` (the schedule sends to the queue), the
//! CloudWatch Logs grant (the worker's log group), `S3Grant` and `LambdaGrant`. The topic's and
//! queues' policies let in exactly those services; `bucket.notify_topic`, `subscribe_to` and
//! `queue.rule_target()` do not compile without the grant; the bucket is created after the topic's
//! policy. The worker's role may decrypt with the key (checked by the final-template check's
//! `consumer-cannot-decrypt`).

mod config;

pub use config::{EventPipelineConfig, EventPipelineConfigBuilder};

use cfn_macros::{actions, sub};
use cfn_model::policy::{IdentityPolicy, Statement};
use cfn_model::resources::events::{Rule, rule};
use cfn_model::resources::iam::ManagedPolicy;
use cfn_model::resources::lambda::{EventSourceMapping, Function, function};
use cfn_model::resources::s3::bucket;
use cfn_model::secure::{
    AccessLogBucket, EncryptedLogGroup, EncryptedQueue, EncryptedTopic, EventBridgeToQueues, KeyPolicy, KmsKey,
    LambdaService, LogsGrant, Pci, S3ToTopics, SecureBucket, ServiceRole, SnsToQueues, Stack,
};
use cfn_model::{Attributes, Output, Parameters as _, Template, Value};

use crate::config::StackParameters;

/// The worker's code: logs what each message says. A placeholder, deployable as it is.
const WORKER_CODE: &str = r#"import json


def handler(event, context):
    for record in event.get("Records", []):
        print(json.dumps({"message": record.get("messageId"), "body": record.get("body", "")[:200]}))
    return {"batchItemFailures": []}
"#;

/// The event-pipeline stack for `config`.
pub fn stack(config: &EventPipelineConfig) -> Stack<Pci> {
    let mut stack = Stack::<Pci>::new();
    stack.set_description(
        "typed-cfn event pipeline: an encrypted bucket notifies an encrypted topic, which fans out to an encrypted \
         queue drained by a Lambda worker; an EventBridge schedule also sends to the queue",
    );
    let env =
        StackParameters { environment_suffix: config.environment_suffix.clone() }.add_to(&mut stack).environment_suffix;
    let worker_name = sub!("pipeline-worker-${Env}", Env = env.reference());
    let worker_log_group = sub!("/aws/lambda/pipeline-worker-${Env}", Env = env.reference());

    // One key for the pipeline: a statement per service that delivers into what it encrypts.
    let policy = KeyPolicy::account_root()
        .grant_s3()
        .grant_lambda()
        .grant_logs(LogsGrant::for_log_groups([worker_log_group.clone()]))
        .grant(S3ToTopics)
        .grant(SnsToQueues)
        .grant(EventBridgeToQueues);
    let key = stack.add_with(
        "PipelineKey",
        KmsKey::new(policy)
            .description(sub!("Event pipeline: bucket, topic, queues, worker logs (${Env})", Env = env.reference())),
        Attributes::retain(),
    );

    let topic = stack.build(
        "ObjectEvents",
        EncryptedTopic::new(key.arn()).configure(|t| t.display_name("Objects arriving in the inbox")),
    );
    let access_logs = stack.build("AccessLogBucket", AccessLogBucket::new(i64::from(config.access_log_retention_days)));
    let expire_inbox = bucket::Rule::new(bucket::RuleStatus::Enabled)
        .id("ExpireProcessedObjects")
        .expiration_in_days(i64::from(config.inbox_expiration_days))
        .noncurrent_version_expiration(bucket::NoncurrentVersionExpiration::new(30));
    let inbox = stack.build(
        "Inbox",
        SecureBucket::new(key.arn())
            .access_logs_to(&access_logs, "inbox/")
            .notify_topic(&topic, "s3:ObjectCreated:*")
            .configure(|b| b.lifecycle_configuration(bucket::LifecycleConfiguration::new([expire_inbox]))),
    );

    let dead_letters = stack.build(
        "WorkDeadLetters",
        EncryptedQueue::new(key.arn()).configure(|q| q.message_retention_period(1_209_600)).as_dead_letter_queue(),
    );
    let redrive = serde_json::json!({"deadLetterTargetArn": {"Fn::GetAtt": [dead_letters.queue.logical_id(), "Arn"]}, "maxReceiveCount": 5});
    let work = stack.build(
        "Work",
        EncryptedQueue::new(key.arn())
            .configure(|q| q.visibility_timeout(i64::from(config.worker_timeout_seconds) * 6).redrive_policy(redrive))
            .subscribe_to(&topic),
    );
    stack.add(
        "Heartbeat",
        Rule::new()
            .description("Sends a heartbeat through the pipeline every hour")
            .schedule_expression("rate(1 hour)")
            .targets(vec![rule::Target::new(work.rule_target(), "WorkQueue")]),
    );

    let worker_logs = stack.add_with(
        "WorkerLogGroup",
        EncryptedLogGroup::new(key.arn())
            .log_group_name(worker_log_group)
            .retention_in_days(i64::from(config.log_retention_days.days())),
        Attributes::retain(),
    );
    let permissions = IdentityPolicy::new([
        Statement::allow(actions![
            "sqs:ReceiveMessage",
            "sqs:DeleteMessage",
            "sqs:GetQueueAttributes",
            "sqs:ChangeMessageVisibility"
        ])
        .sid("DrainWorkQueue")
        .resource(work.arn()),
        Statement::allow(actions!["kms:Decrypt"]).sid("DecryptMessages").resource(key.arn()),
        Statement::allow(actions!["logs:CreateLogStream", "logs:PutLogEvents"])
            .sid("WriteOwnLogs")
            .resource(worker_logs.arn()),
    ]);
    let worker_policy = stack.add(
        "WorkerPolicy",
        ManagedPolicy::new(permissions).description("What the pipeline worker may do, and nothing more"),
    );
    let worker_role = stack.add(
        "WorkerRole",
        ServiceRole::new(LambdaService).configure(|r| {
            r.description("Execution role of the pipeline worker").managed_policy_arns([worker_policy.reference()])
        }),
    );
    let worker = stack.add_with(
        "Worker",
        Function::new(function::Code::new().zip_file(WORKER_CODE), worker_role.arn())
            .function_name(worker_name)
            .description("Drains the pipeline's work queue")
            .runtime(function::Runtime::Python313)
            .handler("index.handler")
            .memory_size(i64::from(config.worker_memory_mb))
            .timeout(i64::from(config.worker_timeout_seconds))
            .reserved_concurrent_executions(i64::from(config.worker_reserved_concurrency))
            .kms_key_arn(key.arn())
            .logging_config(
                function::LoggingConfig::new().log_group(worker_logs.reference()).log_format(function::LogFormat::Json),
            )
            .tracing_config(function::TracingConfig::new().mode(function::Mode::Active)),
        Attributes::new()
            .checkov_skip("CKV_AWS_117", NO_VPC)
            .guard_suppress("LAMBDA_INSIDE_VPC", NO_VPC)
            .cdk_nag_suppress("HIPAA.Security-LambdaInsideVPC", NO_VPC)
            .cdk_nag_suppress("PCI.DSS.321-LambdaInsideVPC", NO_VPC)
            .checkov_skip("CKV_AWS_116", QUEUE_DEAD_LETTERS)
            .guard_suppress("LAMBDA_DLQ_CHECK", QUEUE_DEAD_LETTERS)
            .cdk_nag_suppress("HIPAA.Security-LambdaDLQ", QUEUE_DEAD_LETTERS)
            .checkov_skip("CKV_AWS_173", NO_ENVIRONMENT),
    );
    stack.add(
        "WorkerSource",
        EventSourceMapping::new(worker.reference())
            .event_source_arn(work.arn())
            .batch_size(10)
            .function_response_types(vec![
                cfn_model::resources::lambda::event_source_mapping::FunctionResponseTypes::ReportBatchItemFailures,
            ]),
    );

    stack.tag_all([
        ("DataClassification", Value::from(config.data_classification.as_str())),
        ("Compliance", Value::from("PCI-DSS")),
        ("Environment", Value::from(config.environment.as_str())),
    ]);

    stack.output(
        "InboxBucketName",
        Output::new(inbox.bucket.reference()).description("Objects put here start the pipeline"),
    );
    stack.output(
        "ObjectEventsTopicArn",
        Output::new(topic.arn()).description("Where the inbox publishes object events"),
    );
    stack.output("WorkQueueUrl", Output::new(work.url()).description("The worker's queue"));
    stack.output(
        "DeadLetterQueueUrl",
        Output::new(dead_letters.url()).description("Messages the worker failed five times"),
    );
    stack.output("PipelineKeyArn", Output::new(key.arn()).description("Customer key of every hop"));
    stack
}

/// Why the worker is not in a VPC.
const NO_VPC: &str = "the worker reads its queue and writes its log group through AWS endpoints and touches no private network resource; a VPC would add NAT or endpoints and no isolation";
/// Why the worker has no dead-letter queue of its own: a function's dead-letter queue receives
/// failed asynchronous invocations
/// (<https://docs.aws.amazon.com/lambda/latest/dg/invocation-async-retain-records.html>); an SQS
/// event source mapping invokes synchronously and leaves failed messages to the queue's redrive
/// policy (<https://docs.aws.amazon.com/lambda/latest/dg/services-sqs-errorhandling.html>).
const QUEUE_DEAD_LETTERS: &str = "the worker is invoked by an SQS event source mapping: failed messages go to the queue's own dead-letter queue (redrive policy), which is where a function dead-letter queue would not be used";
/// Why the worker's environment is not encrypted.
const NO_ENVIRONMENT: &str = "the worker has no environment variables; its code and configuration are encrypted with the pipeline key (KmsKeyArn)";

/// The event-pipeline stack for `config`, as a template.
pub fn template(config: &EventPipelineConfig) -> Template {
    stack(config).into_template()
}
