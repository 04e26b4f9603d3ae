//! Every delivery the check judges, one row each: which resource delivers, from which property,
//! into what (a topic, a queue, a function, a log group, a bucket under a prefix), as which
//! principal, asking the target's policy and key what, with which conditions, the grant that
//! lets it into the key — as its Rust type, so renaming the type breaks the build here rather
//! than leaving a message that names nothing — and how AWS fails when it is refused.
//!
//! `deliveries.rs` reads the rows and nothing else: to add a delivery, add a row (and, if the
//! service needs a key statement no grant writes yet, a grant type in `proof/grants.rs`), a test,
//! and a line on its guide page.

use crate::check::Findings;
use crate::check::resolve::Env;
use crate::check::rules;
use crate::check::rules::log_bucket_not_sse_s3::Writer;
use crate::node::{Node, NodeMap};
use crate::proof::grants::{
    BudgetsToTopics, CloudFrontLogsGrant, CloudTrailGrant, CloudTrailToTopics, CloudWatchToTopics, ConfigDeliveryGrant,
    EventBridgeToQueues, EventBridgeToTopics, Grant, LogDeliveryGrant, S3ToQueues, S3ToTopics, SnsToQueues,
};

use super::{Reached, Target, items};

/// A grant type, by its name: `grant::<CloudWatchToTopics>`.
pub(crate) type GrantName = fn() -> &'static str;

/// The name of the grant type `G` (`CloudWatchToTopics`), as the typed API spells it.
pub(crate) fn grant<G: Grant>() -> &'static str {
    let path = std::any::type_name::<G>();
    path.rsplit("::").next().unwrap_or(path)
}

/// A judgement of the target itself, made when a row's property is found to name it (a log
/// bucket's encryption or ACLs, the form a bucket is named in).
pub(crate) type TargetCheck = fn(&Reached<'_>, &mut Findings<'_>);

/// One delivery a service makes into a resource of the template.
pub(crate) struct Row {
    /// The resource that delivers.
    pub resource_type: &'static str,
    /// Where it names its targets, for people (the finder is [`Row::targets`]). Rows of one
    /// resource type that read the same property share its values: each value goes to the first
    /// of them whose kind of target it names (an EventBridge rule's `Targets[].Arn` may name a
    /// topic, a queue or a log group). The tests hold one row per resource type, property and
    /// kind of target.
    pub property: &'static str,
    /// Whether the resource delivers at all (a load balancer with access logs turned on, a flow
    /// log to S3).
    pub when: fn(&Env<'_>, &NodeMap) -> bool,
    /// The values of a resource's properties that name targets (before the template is asked
    /// which resource each names).
    pub targets: fn(&NodeMap) -> Vec<&Node>,
    /// What the values name, and in which form AWS takes it.
    pub target: TargetKind,
    /// The property that holds the prefix the service writes under, for a bucket named by its
    /// name (a bucket named by an ARN carries its prefix after the ARN).
    pub prefix: fn(&NodeMap) -> Option<&Node>,
    /// Who delivers, in messages.
    pub who: &'static str,
    /// Who makes the requests.
    pub principal: Principal,
    /// Whether the service writes as its own principal: AWS Config writes with a recorder's role
    /// of its own when the template gives it one, and then the bucket's policy is not asked (the
    /// role's own policies are not judged here).
    pub as_service: fn(&Env<'_>) -> bool,
    /// The ARN the service sends as `aws:SourceArn`, when it sends one.
    pub source_arn: fn(&Env<'_>, &str, &NodeMap) -> Option<String>,
    /// The condition keys the service sends with each request, in the order it sends them
    /// (`aws:SourceArn` only when the source has an ARN).
    pub conditions: &'static [&'static str],
    /// What the target's policy is asked.
    pub asks: &'static [Ask],
    /// Where the key that encrypts what is delivered is named, tried in order.
    pub key: &'static [KeyFrom],
    /// What that key is asked, in the service's name.
    pub key_asks: &'static [KeyAsk],
    /// The grant that writes the key statement the service needs.
    pub grant: Option<GrantName>,
    /// What happens when the key refuses.
    pub failure: &'static str,
    /// Whether the target lets the service in when the template gives it no policy.
    pub default_policy: DefaultPolicy,
    /// When AWS checks the target's policy as the source is created (so the source must be
    /// created after it): how the stack fails if the policy is not there yet.
    pub checked_at_creation: Option<&'static str>,
    /// Judgements of the target made when it is found, before anything is asked of it.
    pub checks: &'static [TargetCheck],
}

/// What a row's property names, and in which form AWS takes it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum TargetKind {
    /// A topic by its ARN (`Ref`, `Fn::GetAtt X.TopicArn`).
    Topic,
    /// A topic by its ARN or its name (CloudTrail's `SnsTopicName`).
    TopicArnOrName,
    /// A queue by its ARN; a queue named by its URL or name is a finding of its own
    /// (`queue-url-for-arn`).
    Queue,
    /// A Lambda function by its ARN.
    Function,
    /// A log group by its ARN.
    LogGroup,
    /// A bucket by its name, the prefix in the row's `prefix` property.
    BucketName,
    /// A bucket by its ARN, with the prefix after it (`${B.Arn}/flow-logs`).
    BucketArnPrefix,
    /// A bucket in any form (CloudFront takes the domain name: a check of the row judges the
    /// form).
    BucketAnyForm,
}

impl TargetKind {
    /// What receives the deliveries.
    pub(crate) fn receiver(self) -> Target {
        match self {
            TargetKind::Topic | TargetKind::TopicArnOrName => Target::Topic,
            TargetKind::Queue => Target::Queue,
            TargetKind::Function => Target::Function,
            TargetKind::LogGroup => Target::LogGroup,
            TargetKind::BucketName | TargetKind::BucketArnPrefix | TargetKind::BucketAnyForm => Target::Bucket,
        }
    }
}

/// Who makes a delivery's requests.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Principal {
    /// A service principal (`cloudwatch.amazonaws.com`).
    Service(&'static str),
    /// The Region's Elastic Load Balancing account (`data::ELB_LOG_ACCOUNTS`), or, in Regions
    /// AWS names no account for, the log delivery service principal
    /// `logdelivery.elasticloadbalancing.amazonaws.com`.
    ElbLogAccount,
}

/// A request made of the target's policy.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Ask {
    pub action: &'static str,
    /// On what.
    pub on: On,
    /// The canned ACL the service writes objects with (`s3:x-amz-acl`), if any.
    pub acl: Option<&'static str>,
}

/// What a request is made on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum On {
    /// The target (its ARN).
    Target,
    /// A log file under the bucket, in the layout CloudTrail, vended logs and load balancers
    /// share: `[<prefix>/]AWSLogs/<account>/«log file»`.
    LogFiles,
    /// AWS Config's files: `[<prefix>/]AWSLogs/<account>/Config/«snapshot»`.
    ConfigFiles,
    /// A server access log: `<prefix>«log file»`, the prefix as written.
    PrefixedLogFiles,
    /// A stream of the log group: `<group ARN>:log-stream:«stream»`.
    Streams,
}

/// A request made of the key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct KeyAsk {
    pub action: &'static str,
    /// The encryption context the service sends, if any.
    pub context: Option<Context>,
}

/// An encryption-context key and what its value is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Context {
    /// The target's ARN (`kms:EncryptionContext:aws:sns:topicArn`).
    TargetArn(&'static str),
    /// The source's ARN (`kms:EncryptionContext:aws:cloudtrail:arn`).
    SourceArn(&'static str),
}

/// Where the key that encrypts what is delivered is named.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum KeyFrom {
    /// A property of the target (a topic's `KmsMasterKeyId`).
    Target(&'static str),
    /// A property of the source (a trail's `KMSKeyId`).
    Source(&'static str),
    /// The customer key of the target bucket's default encryption (SSE-KMS).
    BucketDefault,
}

/// Whether a target the template gives no policy lets the service in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum DefaultPolicy {
    Refuses,
    LetsIn,
    /// When the target bucket has this canned ACL (`LogDeliveryWrite`).
    LetsInWithAcl(&'static str),
}

/// What SNS and SQS ask KMS for in the delivering service's name, with the topic's or the queue's
/// ARN as encryption context.
const TOPIC_DATA_KEY: &[KeyAsk] = &[
    KeyAsk {
        action: "kms:GenerateDataKey",
        context: Some(Context::TargetArn("kms:EncryptionContext:aws:sns:topicArn")),
    },
    KeyAsk { action: "kms:Decrypt", context: Some(Context::TargetArn("kms:EncryptionContext:aws:sns:topicArn")) },
];
const QUEUE_DATA_KEY: &[KeyAsk] = &[
    KeyAsk { action: "kms:GenerateDataKey", context: Some(Context::TargetArn("kms:EncryptionContext:aws:sqs:arn")) },
    KeyAsk { action: "kms:Decrypt", context: Some(Context::TargetArn("kms:EncryptionContext:aws:sqs:arn")) },
];
/// A data key for what is written into a bucket, with no encryption context of the service's.
const DATA_KEY: &[KeyAsk] = &[KeyAsk { action: "kms:GenerateDataKey", context: None }];

const PUBLISH: &[Ask] = &[Ask { action: "sns:Publish", on: On::Target, acl: None }];
const SEND: &[Ask] = &[Ask { action: "sqs:SendMessage", on: On::Target, acl: None }];
const WRITE_EVENTS: &[Ask] = &[
    Ask { action: "logs:CreateLogStream", on: On::Streams, acl: None },
    Ask { action: "logs:PutLogEvents", on: On::Streams, acl: None },
];
/// What CloudTrail and the log delivery service ask of a bucket's policy.
const WRITE_LOG_FILES: &[Ask] = &[
    Ask { action: "s3:GetBucketAcl", on: On::Target, acl: None },
    Ask { action: "s3:PutObject", on: On::LogFiles, acl: Some("bucket-owner-full-control") },
];

/// What a service sends with its requests for a source of the account.
const SOURCE: &[&str] = &["aws:SourceAccount", "aws:PrincipalIsAWSService", "aws:SourceArn"];

const DROPPED: &str = "the messages are dropped without an error";

/// How a stack fails when S3 notifications are configured before the destination's policy.
const S3_VALIDATES: &str = "S3 validates the destination when the notification is configured, and fails the stack (\"Unable to validate the following destination configurations\")";

/// How a vended-logs source created before its bucket's policy fails.
const VENDED_CHECKS: &str = "the service checks the bucket policy when its logging is turned on, and fails the stack (\"Access Denied for LogDestination\")";

fn always(_: &Env<'_>, _: &NodeMap) -> bool {
    true
}

fn writes_as_service(_: &Env<'_>) -> bool {
    true
}

fn no_prefix(_: &NodeMap) -> Option<&Node> {
    None
}

fn no_source_arn(_: &Env<'_>, _: &str, _: &NodeMap) -> Option<String> {
    None
}

/// Every delivery the check judges, in the order a source's deliveries are found.
pub(crate) const ROWS: &[Row] = &[
    ALARM,
    COMPOSITE_ALARM,
    RULE_TO_LOG_GROUP,
    RULE_TO_TOPIC,
    RULE_TO_QUEUE,
    S3_TO_TOPIC,
    S3_TO_FUNCTION,
    S3_TO_QUEUE,
    SERVER_ACCESS_LOGS,
    SUBSCRIPTION,
    TOPIC_SUBSCRIPTION,
    TRAIL,
    TRAIL_BUCKET,
    BUDGET,
    ALB_ACCESS_LOGS,
    NLB_ACCESS_LOGS,
    ZONE_QUERY_LOGS,
    QUERY_LOGGING_CONFIG,
    CLOUDFRONT_LOGS,
    CONFIG_BUCKET,
    FLOW_LOG,
    RESOLVER_QUERY_LOGS,
];

/// CloudWatch alarm actions. See
/// <https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/AlarmThatSendsEmail.html> and
/// <https://docs.aws.amazon.com/sns/latest/dg/sns-key-management.html>. A topic without a policy
/// keeps SNS's default one, which lets CloudWatch alarms in.
pub(crate) const ALARM: Row = Row {
    resource_type: "AWS::CloudWatch::Alarm",
    property: "AlarmActions, OKActions, InsufficientDataActions",
    when: always,
    targets: alarm_actions,
    target: TargetKind::Topic,
    prefix: no_prefix,
    who: "CloudWatch (this alarm's actions)",
    principal: Principal::Service("cloudwatch.amazonaws.com"),
    as_service: writes_as_service,
    source_arn: alarm_arn,
    conditions: SOURCE,
    asks: PUBLISH,
    key: &[KeyFrom::Target("KmsMasterKeyId")],
    key_asks: TOPIC_DATA_KEY,
    grant: Some(grant::<CloudWatchToTopics>),
    failure: DROPPED,
    default_policy: DefaultPolicy::LetsIn,
    checked_at_creation: None,
    checks: &[],
};

/// A composite alarm's actions publish as CloudWatch does for a metric alarm: the same principal,
/// the same key statement, and an alarm ARN (`arn:…:cloudwatch:<region>:<account>:alarm:<name>`)
/// as `aws:SourceArn`. See
/// <https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/Create_Composite_Alarm.html> and
/// <https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/AlarmThatSendsEmail.html>.
pub(crate) const COMPOSITE_ALARM: Row = Row {
    resource_type: "AWS::CloudWatch::CompositeAlarm",
    who: "CloudWatch (this composite alarm's actions)",
    ..ALARM
};

fn alarm_actions(props: &NodeMap) -> Vec<&Node> {
    ["AlarmActions", "OKActions", "InsufficientDataActions"].into_iter().flat_map(|p| items(props.get(p))).collect()
}

/// A metric alarm's and a composite alarm's ARNs have one form:
/// `arn:…:cloudwatch:<region>:<account>:alarm:<name>`.
fn alarm_arn(env: &Env<'_>, id: &str, _: &NodeMap) -> Option<String> {
    Some(env.arn("cloudwatch", &format!("alarm:{}", env.named(id, "AlarmName", 0))))
}

/// EventBridge rule targets into a log group, through the account's CloudWatch Logs resource
/// policies. See <https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-use-resource-based.html>.
pub(crate) const RULE_TO_LOG_GROUP: Row = Row {
    resource_type: "AWS::Events::Rule",
    property: "Targets[].Arn",
    when: always,
    targets: rule_targets,
    target: TargetKind::LogGroup,
    prefix: no_prefix,
    who: "EventBridge (this rule's target)",
    principal: Principal::Service("events.amazonaws.com"),
    as_service: writes_as_service,
    source_arn: rule_arn,
    conditions: SOURCE,
    asks: WRITE_EVENTS,
    key: &[],
    key_asks: &[],
    grant: None,
    failure: "",
    default_policy: DefaultPolicy::Refuses,
    checked_at_creation: None,
    checks: &[],
};

/// EventBridge rule targets into a topic or queue. See
/// <https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-use-resource-based.html>.
pub(crate) const RULE_TO_TOPIC: Row = Row {
    target: TargetKind::Topic,
    asks: PUBLISH,
    key: &[KeyFrom::Target("KmsMasterKeyId")],
    key_asks: TOPIC_DATA_KEY,
    grant: Some(grant::<EventBridgeToTopics>),
    failure: DROPPED,
    ..RULE_TO_LOG_GROUP
};

pub(crate) const RULE_TO_QUEUE: Row = Row {
    target: TargetKind::Queue,
    asks: SEND,
    key_asks: QUEUE_DATA_KEY,
    grant: Some(grant::<EventBridgeToQueues>),
    ..RULE_TO_TOPIC
};

fn rule_targets(props: &NodeMap) -> Vec<&Node> {
    items(props.get("Targets")).into_iter().filter_map(|t| t.as_map()?.get("Arn")).collect()
}

fn rule_arn(env: &Env<'_>, id: &str, _: &NodeMap) -> Option<String> {
    Some(env.arn("events", &format!("rule/{}", env.named(id, "Name", 0))))
}

/// S3 event notifications. See <https://docs.aws.amazon.com/AmazonS3/latest/userguide/grant-destinations-permissions-to-s3.html>.
pub(crate) const S3_TO_TOPIC: Row = Row {
    resource_type: "AWS::S3::Bucket",
    property: "NotificationConfiguration.TopicConfigurations[].Topic",
    when: always,
    targets: |props| notifications(props, "TopicConfigurations", "Topic"),
    target: TargetKind::Topic,
    prefix: no_prefix,
    who: "S3 (this bucket's event notifications)",
    principal: Principal::Service("s3.amazonaws.com"),
    as_service: writes_as_service,
    source_arn: |env, id, _| Some(env.arn_of(id)),
    conditions: SOURCE,
    asks: PUBLISH,
    key: &[KeyFrom::Target("KmsMasterKeyId")],
    key_asks: TOPIC_DATA_KEY,
    grant: Some(grant::<S3ToTopics>),
    failure: DROPPED,
    default_policy: DefaultPolicy::Refuses,
    checked_at_creation: Some(S3_VALIDATES),
    checks: &[],
};

pub(crate) const S3_TO_QUEUE: Row = Row {
    property: "NotificationConfiguration.QueueConfigurations[].Queue",
    targets: |props| notifications(props, "QueueConfigurations", "Queue"),
    target: TargetKind::Queue,
    asks: SEND,
    key_asks: QUEUE_DATA_KEY,
    grant: Some(grant::<S3ToQueues>),
    ..S3_TO_TOPIC
};

/// S3 notifying a Lambda function: S3 checks its permission to invoke the function when the
/// notification is configured.
pub(crate) const S3_TO_FUNCTION: Row = Row {
    property: "NotificationConfiguration.LambdaConfigurations[].Function",
    targets: |props| notifications(props, "LambdaConfigurations", "Function"),
    target: TargetKind::Function,
    asks: &[Ask { action: "lambda:InvokeFunction", on: On::Target, acl: None }],
    key: &[],
    key_asks: &[],
    grant: None,
    failure: "",
    ..S3_TO_TOPIC
};

fn notifications<'p>(props: &'p NodeMap, list: &str, key: &str) -> Vec<&'p Node> {
    let configuration = props.get("NotificationConfiguration").and_then(Node::as_map);
    items(configuration.and_then(|c| c.get(list))).into_iter().filter_map(|e| e.as_map()?.get(key)).collect()
}

/// A bucket's server access logs: S3's logging service writes them into the target bucket, which
/// must let `logging.s3.amazonaws.com` put objects (or grant the log delivery group by the
/// `LogDeliveryWrite` ACL), be encrypted with SSE-S3 and have no Object Lock default retention.
/// See <https://docs.aws.amazon.com/AmazonS3/latest/userguide/enable-server-access-logging.html>.
pub(crate) const SERVER_ACCESS_LOGS: Row = Row {
    resource_type: "AWS::S3::Bucket",
    property: "LoggingConfiguration.DestinationBucketName",
    when: always,
    targets: |props| logging(props).and_then(|l| l.get("DestinationBucketName")).into_iter().collect(),
    target: TargetKind::BucketName,
    prefix: |props| logging(props)?.get("LogFilePrefix"),
    who: "S3 (this bucket's server access logs)",
    principal: Principal::Service("logging.s3.amazonaws.com"),
    as_service: writes_as_service,
    source_arn: |env, id, _| Some(super::bucket_arn(env, id)),
    conditions: SOURCE,
    asks: &[Ask { action: "s3:PutObject", on: On::PrefixedLogFiles, acl: None }],
    key: &[],
    key_asks: &[],
    grant: None,
    failure: "",
    default_policy: DefaultPolicy::LetsInWithAcl("LogDeliveryWrite"),
    checked_at_creation: None,
    checks: &[
        |reached, findings| rules::log_bucket_not_sse_s3::check(reached, Writer::ServerAccessLogs, findings),
        rules::delivery_bucket_object_lock::server_access_logs,
    ],
};

fn logging(props: &NodeMap) -> Option<&NodeMap> {
    props.get("LoggingConfiguration")?.as_map()
}

/// An SNS subscription of protocol `sqs`. See <https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-key-management.html>.
pub(crate) const SUBSCRIPTION: Row = Row {
    resource_type: "AWS::SNS::Subscription",
    property: "Endpoint (Protocol: sqs)",
    when: always,
    targets: |props| match props.get("Protocol").and_then(Node::as_str) {
        Some("sqs") if props.get("TopicArn").is_some() => props.get("Endpoint").into_iter().collect(),
        _ => Vec::new(),
    },
    target: TargetKind::Queue,
    prefix: no_prefix,
    who: "SNS (this subscription)",
    principal: Principal::Service("sns.amazonaws.com"),
    as_service: writes_as_service,
    source_arn: |env, _, props| props.get("TopicArn").and_then(|topic_arn| env.text(topic_arn)),
    conditions: SOURCE,
    asks: SEND,
    key: &[KeyFrom::Target("KmsMasterKeyId")],
    key_asks: QUEUE_DATA_KEY,
    grant: Some(grant::<SnsToQueues>),
    failure: DROPPED,
    default_policy: DefaultPolicy::Refuses,
    checked_at_creation: None,
    checks: &[],
};

/// A topic's own `Subscription` list, protocol `sqs`.
pub(crate) const TOPIC_SUBSCRIPTION: Row = Row {
    resource_type: "AWS::SNS::Topic",
    property: "Subscription[].Endpoint (Protocol: sqs)",
    targets: |props| {
        items(props.get("Subscription"))
            .into_iter()
            .filter_map(Node::as_map)
            .filter(|s| s.get("Protocol").and_then(Node::as_str) == Some("sqs"))
            .filter_map(|s| s.get("Endpoint"))
            .collect()
    },
    source_arn: |env, id, _| Some(env.topic_arn(id, 0)),
    ..SUBSCRIPTION
};

/// A trail's notifications of each log file delivered (`SnsTopicName` takes the topic's name or
/// ARN). See <https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-permissions-for-sns-notifications.html>.
pub(crate) const TRAIL: Row = Row {
    resource_type: "AWS::CloudTrail::Trail",
    property: "SnsTopicName",
    when: always,
    targets: |props| props.get("SnsTopicName").into_iter().collect(),
    target: TargetKind::TopicArnOrName,
    prefix: no_prefix,
    who: "CloudTrail (this trail's notifications)",
    principal: Principal::Service("cloudtrail.amazonaws.com"),
    as_service: writes_as_service,
    source_arn: trail_arn,
    conditions: SOURCE,
    asks: PUBLISH,
    key: &[KeyFrom::Target("KmsMasterKeyId")],
    key_asks: TOPIC_DATA_KEY,
    grant: Some(grant::<CloudTrailToTopics>),
    failure: DROPPED,
    default_policy: DefaultPolicy::Refuses,
    checked_at_creation: Some(
        "CloudTrail checks the topic policy when the trail is created, and fails the stack (InsufficientSnsTopicPolicyException)",
    ),
    checks: &[],
};

/// A trail's log files: its key (`KMSKeyId`) is asked for a data key with the trail's ARN as
/// encryption context, and to describe the key; the bucket's policy for `s3:GetBucketAcl` and
/// `s3:PutObject` (with the `bucket-owner-full-control` ACL) under `<prefix>/AWSLogs/<account>/`.
/// `S3BucketName` takes the bucket's name: `Ref B`, a literal name, a parameter's default. See
/// <https://docs.aws.amazon.com/awscloudtrail/latest/userguide/create-s3-bucket-policy-for-cloudtrail.html>
/// and <https://docs.aws.amazon.com/awscloudtrail/latest/userguide/create-kms-key-policy-for-cloudtrail.html>.
pub(crate) const TRAIL_BUCKET: Row = Row {
    property: "S3BucketName",
    targets: |props| props.get("S3BucketName").into_iter().collect(),
    target: TargetKind::BucketName,
    prefix: |props| props.get("S3KeyPrefix"),
    who: "CloudTrail (this trail)",
    asks: WRITE_LOG_FILES,
    key: &[KeyFrom::Source("KMSKeyId")],
    key_asks: &[
        KeyAsk {
            action: "kms:GenerateDataKey",
            context: Some(Context::SourceArn("kms:EncryptionContext:aws:cloudtrail:arn")),
        },
        KeyAsk { action: "kms:DescribeKey", context: None },
    ],
    grant: Some(grant::<CloudTrailGrant>),
    failure: "the stack fails when the trail is created (InsufficientEncryptionPolicyException)",
    checked_at_creation: Some(
        "CloudTrail checks the bucket policy when the trail is created, and fails the stack (InsufficientS3BucketPolicyException)",
    ),
    ..TRAIL
};

fn trail_arn(env: &Env<'_>, id: &str, _: &NodeMap) -> Option<String> {
    Some(env.arn("cloudtrail", &format!("trail/{}", env.named(id, "TrailName", 0))))
}

/// Budget alerts to subscribers of type `SNS`. See <https://docs.aws.amazon.com/cost-management/latest/userguide/budgets-sns-policy.html>.
pub(crate) const BUDGET: Row = Row {
    resource_type: "AWS::Budgets::Budget",
    property: "NotificationsWithSubscribers[].Subscribers[].Address (SubscriptionType: SNS)",
    when: always,
    targets: |props| {
        items(props.get("NotificationsWithSubscribers"))
            .into_iter()
            .flat_map(|n| items(n.as_map().and_then(|n| n.get("Subscribers"))))
            .filter_map(Node::as_map)
            .filter(|s| s.get("SubscriptionType").and_then(Node::as_str) == Some("SNS"))
            .filter_map(|s| s.get("Address"))
            .collect()
    },
    target: TargetKind::Topic,
    prefix: no_prefix,
    who: "AWS Budgets (this budget's notifications)",
    principal: Principal::Service("budgets.amazonaws.com"),
    as_service: writes_as_service,
    source_arn: |env, id, props| {
        let name =
            props.get("Budget").and_then(Node::as_map).and_then(|b| b.get("BudgetName")).and_then(|n| env.text(n));
        let d = &env.deployment;
        Some(format!("arn:{}:budgets::{}:budget/{}", d.partition, d.account, name.unwrap_or_else(|| format!("«{id}»"))))
    },
    conditions: SOURCE,
    asks: PUBLISH,
    key: &[KeyFrom::Target("KmsMasterKeyId")],
    key_asks: TOPIC_DATA_KEY,
    grant: Some(grant::<BudgetsToTopics>),
    failure: DROPPED,
    default_policy: DefaultPolicy::Refuses,
    checked_at_creation: None,
    checks: &[],
};

/// An Application Load Balancer's access logs: written by the Region's Elastic Load Balancing
/// account (or its log delivery principal) into an SSE-S3 bucket. See
/// <https://docs.aws.amazon.com/elasticloadbalancing/latest/application/enable-access-logging.html>.
pub(crate) const ALB_ACCESS_LOGS: Row = Row {
    resource_type: "AWS::ElasticLoadBalancingV2::LoadBalancer",
    property: "LoadBalancerAttributes[access_logs.s3.bucket] (Type: not network)",
    when: |env, props| access_logs_enabled(env, props) && !is_network(props),
    targets: |props| load_balancer_attribute(props, "access_logs.s3.bucket").into_iter().collect(),
    target: TargetKind::BucketName,
    prefix: |props| load_balancer_attribute(props, "access_logs.s3.prefix"),
    who: "Elastic Load Balancing (this load balancer's access logs)",
    principal: Principal::ElbLogAccount,
    as_service: writes_as_service,
    source_arn: no_source_arn,
    conditions: &[],
    asks: &[Ask { action: "s3:PutObject", on: On::LogFiles, acl: None }],
    key: &[],
    key_asks: &[],
    grant: None,
    failure: "",
    default_policy: DefaultPolicy::Refuses,
    checked_at_creation: Some(
        "Elastic Load Balancing checks the bucket policy when access logs are turned on, and fails the stack (\"Access Denied for bucket\")",
    ),
    checks: &[|reached, findings| rules::log_bucket_not_sse_s3::check(reached, Writer::LoadBalancer, findings)],
};

/// A Network Load Balancer's access logs are vended logs. See
/// <https://docs.aws.amazon.com/elasticloadbalancing/latest/network/load-balancer-access-logs.html>.
pub(crate) const NLB_ACCESS_LOGS: Row = Row {
    resource_type: "AWS::ElasticLoadBalancingV2::LoadBalancer",
    property: "LoadBalancerAttributes[access_logs.s3.bucket] (Type: network)",
    when: |env, props| access_logs_enabled(env, props) && is_network(props),
    targets: |props| load_balancer_attribute(props, "access_logs.s3.bucket").into_iter().collect(),
    target: TargetKind::BucketName,
    prefix: |props| load_balancer_attribute(props, "access_logs.s3.prefix"),
    checked_at_creation: Some(VENDED_CHECKS),
    ..FLOW_LOG
};

/// The value of attribute `key` of a load balancer. A misspelt key is read as the key it was
/// meant to be (the misspelling is a finding of its own, `load-balancer-attribute-unknown`); a
/// `Type` that is not literal text takes any type's keys.
fn load_balancer_attribute<'p>(props: &'p NodeMap, key: &str) -> Option<&'p Node> {
    let kind = props.get("Type").map_or(Some("application"), Node::as_str);
    items(props.get("LoadBalancerAttributes"))
        .into_iter()
        .filter_map(Node::as_map)
        .find(|a| {
            a.get("Key").and_then(Node::as_str).and_then(|k| rules::load_balancer_attribute_unknown::meant(k, kind))
                == Some(key)
        })
        .and_then(|a| a.get("Value"))
}

fn access_logs_enabled(env: &Env<'_>, props: &NodeMap) -> bool {
    load_balancer_attribute(props, "access_logs.s3.enabled").and_then(|v| env.text(v)).as_deref() == Some("true")
}

fn is_network(props: &NodeMap) -> bool {
    props.get("Type").and_then(Node::as_str) == Some("network")
}

/// A hosted zone's query logs, configured on the zone: Route 53 writes them through the account's
/// CloudWatch Logs resource policies, which must let `route53.amazonaws.com` in before the
/// configuration is created. See <https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/query-logs.html>.
pub(crate) const ZONE_QUERY_LOGS: Row = Row {
    resource_type: "AWS::Route53::HostedZone",
    property: "QueryLoggingConfig.CloudWatchLogsLogGroupArn",
    when: always,
    targets: |props| {
        props
            .get("QueryLoggingConfig")
            .and_then(Node::as_map)
            .and_then(|c| c.get("CloudWatchLogsLogGroupArn"))
            .into_iter()
            .collect()
    },
    target: TargetKind::LogGroup,
    prefix: no_prefix,
    who: "Route 53 (this hosted zone's query logs)",
    principal: Principal::Service("route53.amazonaws.com"),
    as_service: writes_as_service,
    source_arn: |env, id, _| Some(zone_arn(env, &format!("«{id}»"))),
    conditions: SOURCE,
    asks: WRITE_EVENTS,
    key: &[],
    key_asks: &[],
    grant: None,
    failure: "",
    default_policy: DefaultPolicy::Refuses,
    checked_at_creation: Some(
        "Route 53 checks the account's CloudWatch Logs resource policies when query logging is configured, and fails the stack (InsufficientCloudWatchLogsResourcePolicy)",
    ),
    checks: &[],
};

/// A hosted zone's query logs, configured as a resource of their own.
pub(crate) const QUERY_LOGGING_CONFIG: Row = Row {
    resource_type: "AWS::Route53::QueryLoggingConfig",
    property: "CloudWatchLogsLogGroupArn",
    targets: |props| props.get("CloudWatchLogsLogGroupArn").into_iter().collect(),
    who: "Route 53 (this query logging configuration)",
    source_arn: |env, id, props| {
        let zone = props.get("HostedZoneId").and_then(|z| env.text(z)).unwrap_or_else(|| format!("«{id}»"));
        Some(zone_arn(env, &zone))
    },
    ..ZONE_QUERY_LOGS
};

fn zone_arn(env: &Env<'_>, zone: &str) -> String {
    format!("arn:{}:route53:::hostedzone/{zone}", env.deployment.partition)
}

/// A distribution's standard (legacy) access logs: CloudFront names the bucket by its domain
/// name, writes through the bucket's ACL (so the bucket must have ACLs enabled: since April 2023
/// a bucket's `ObjectOwnership` defaults to `BucketOwnerEnforced`, which disables them), and asks
/// the bucket's default key for data keys as `delivery.logs.amazonaws.com`, with no source keys.
/// The bucket's policy is not asked. See
/// <https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/standard-logging-legacy-s3.html>.
pub(crate) const CLOUDFRONT_LOGS: Row = Row {
    resource_type: "AWS::CloudFront::Distribution",
    property: "DistributionConfig.Logging.Bucket",
    when: always,
    targets: |props| {
        props
            .get("DistributionConfig")
            .and_then(Node::as_map)
            .and_then(|c| c.get("Logging"))
            .and_then(Node::as_map)
            .and_then(|l| l.get("Bucket"))
            .into_iter()
            .collect()
    },
    target: TargetKind::BucketAnyForm,
    prefix: no_prefix,
    who: "CloudFront (this distribution's standard logs)",
    principal: Principal::Service("delivery.logs.amazonaws.com"),
    as_service: writes_as_service,
    source_arn: no_source_arn,
    conditions: &[],
    asks: &[],
    key: &[KeyFrom::BucketDefault],
    key_asks: DATA_KEY,
    grant: Some(grant::<CloudFrontLogsGrant>),
    failure: "no log file is delivered",
    default_policy: DefaultPolicy::LetsIn,
    checked_at_creation: None,
    checks: &[rules::log_bucket_not_domain_name::check, rules::log_bucket_acls_disabled::check],
};

/// AWS Config's delivery channel writing configuration snapshots and history to a bucket:
/// `s3:GetBucketAcl` and `s3:ListBucket` on the bucket, `s3:PutObject` (with the
/// `bucket-owner-full-control` ACL) under `[<prefix>/]AWSLogs/<account>/Config/`. Config checks
/// the policy when the channel is created. See
/// <https://docs.aws.amazon.com/config/latest/developerguide/s3-bucket-policy.html>.
pub(crate) const CONFIG_BUCKET: Row = Row {
    resource_type: "AWS::Config::DeliveryChannel",
    property: "S3BucketName",
    when: always,
    targets: |props| props.get("S3BucketName").into_iter().collect(),
    target: TargetKind::BucketName,
    prefix: |props| props.get("S3KeyPrefix"),
    who: "AWS Config (this delivery channel)",
    principal: Principal::Service("config.amazonaws.com"),
    as_service: config_writes_as_service,
    source_arn: no_source_arn,
    conditions: &["aws:SourceAccount", "aws:PrincipalIsAWSService"],
    asks: &[
        Ask { action: "s3:GetBucketAcl", on: On::Target, acl: None },
        Ask { action: "s3:ListBucket", on: On::Target, acl: None },
        Ask { action: "s3:PutObject", on: On::ConfigFiles, acl: Some("bucket-owner-full-control") },
    ],
    // The channel's own key, or else the bucket's default one.
    key: &[KeyFrom::Source("S3KmsKeyArn"), KeyFrom::BucketDefault],
    key_asks: DATA_KEY,
    grant: Some(grant::<ConfigDeliveryGrant>),
    failure: "no configuration snapshot or history is delivered",
    default_policy: DefaultPolicy::Refuses,
    checked_at_creation: Some(
        "AWS Config checks the bucket policy when the delivery channel is created, and fails the stack (InsufficientDeliveryPolicyException)",
    ),
    checks: &[rules::delivery_bucket_object_lock::check],
};

/// Config writes as its service principal when the recorder uses the service-linked role
/// (`…:role/aws-service-role/config.amazonaws.com/…`), and with the recorder's role when it has
/// one of its own.
fn config_writes_as_service(env: &Env<'_>) -> bool {
    !env.template().resources.values().filter(|r| r.resource_type == "AWS::Config::ConfigurationRecorder").any(
        |recorder| {
            recorder
                .properties
                .get("RoleARN")
                .and_then(|role| env.text(role))
                .is_some_and(|role| !role.contains(":role/aws-service-role/config.amazonaws.com/"))
        },
    )
}

/// Vended logs to S3: VPC flow logs (`LogDestinationType: s3`) written by the log delivery
/// service: the bucket's default key for a data key, the bucket's policy for `s3:GetBucketAcl`
/// and `s3:PutObject` under `<prefix>/AWSLogs/<account>/`. With no bucket policy in the template,
/// AWS writes one itself; a flow log created before the bucket's policy does not fail, as AWS
/// attaches the policy the log delivery service needs when the flow log's creator may. See
/// <https://docs.aws.amazon.com/vpc/latest/userguide/flow-logs-s3-permissions.html> and
/// <https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/AWS-logs-and-resource-policy.html>.
pub(crate) const FLOW_LOG: Row = Row {
    resource_type: "AWS::EC2::FlowLog",
    property: "LogDestination (LogDestinationType: s3)",
    when: |_, props| props.get("LogDestinationType").and_then(Node::as_str) == Some("s3"),
    targets: |props| props.get("LogDestination").into_iter().collect(),
    target: TargetKind::BucketArnPrefix,
    prefix: no_prefix,
    who: "the log delivery service (writing this resource's logs)",
    principal: Principal::Service("delivery.logs.amazonaws.com"),
    as_service: writes_as_service,
    source_arn: |env, _, _| Some(env.arn("logs", "«log delivery»")),
    conditions: SOURCE,
    asks: WRITE_LOG_FILES,
    key: &[KeyFrom::BucketDefault],
    key_asks: DATA_KEY,
    grant: Some(grant::<LogDeliveryGrant>),
    failure: "no log file is delivered",
    default_policy: DefaultPolicy::LetsIn,
    checked_at_creation: None,
    checks: &[],
};

/// Route 53 Resolver query logs to S3: vended logs, whose bucket policy the service checks when
/// logging is turned on. See
/// <https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/resolver-query-logs-choosing-target-resource.html>.
pub(crate) const RESOLVER_QUERY_LOGS: Row = Row {
    resource_type: "AWS::Route53Resolver::ResolverQueryLoggingConfig",
    property: "DestinationArn",
    when: always,
    targets: |props| props.get("DestinationArn").into_iter().collect(),
    checked_at_creation: Some(VENDED_CHECKS),
    ..FLOW_LOG
};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn grants_are_named_by_their_types() {
        let name = |row: &Row| row.grant.map(|g| g());
        assert_eq!(name(&ALARM), Some("CloudWatchToTopics"));
        // A composite alarm needs the very statement a metric alarm does.
        assert_eq!(name(&COMPOSITE_ALARM), Some("CloudWatchToTopics"));
        assert_eq!(COMPOSITE_ALARM.principal, ALARM.principal);
        assert_eq!(name(&RULE_TO_QUEUE), Some("EventBridgeToQueues"));
        assert_eq!(name(&TRAIL_BUCKET), Some("CloudTrailGrant"));
        assert_eq!(name(&CONFIG_BUCKET), Some("ConfigDeliveryGrant"));
        assert_eq!(name(&NLB_ACCESS_LOGS), Some("LogDeliveryGrant"));
        // Nothing is encrypted with a key the service is let into: no grant.
        assert_eq!(name(&ALB_ACCESS_LOGS), None);
        assert_eq!(name(&RULE_TO_LOG_GROUP), None);
    }

    #[test]
    fn each_resource_and_property_has_one_row_per_target_kind() {
        for (i, row) in ROWS.iter().enumerate() {
            assert!(
                !ROWS[i + 1..]
                    .iter()
                    .any(|r| (r.resource_type, r.property, r.target) == (row.resource_type, row.property, row.target)),
                "{} {} twice",
                row.resource_type,
                row.property
            );
        }
    }

    #[test]
    fn every_row_sends_only_conditions_the_requests_are_built_with() {
        for row in ROWS {
            for key in row.conditions {
                assert!(
                    ["aws:SourceAccount", "aws:PrincipalIsAWSService", "aws:SourceArn"].contains(key),
                    "{} sends {key}, which `deliveries.rs` does not build",
                    row.resource_type
                );
            }
        }
    }

    #[test]
    fn a_key_is_asked_only_where_a_key_is_named_and_a_grant_is_named_only_where_a_key_is_asked() {
        for row in ROWS {
            assert_eq!(row.key.is_empty(), row.key_asks.is_empty(), "{} {}", row.resource_type, row.property);
            assert_eq!(row.key.is_empty(), row.grant.is_none(), "{} {}", row.resource_type, row.property);
            assert_eq!(row.key.is_empty(), row.failure.is_empty(), "{} {}", row.resource_type, row.property);
        }
    }
}
