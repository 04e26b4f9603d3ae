//! The account audit trail: CloudTrail into an encrypted bucket and log group, with the CIS
//! monitoring metric filters and alarms publishing to an encrypted topic.
//!
//! Every cross-service statement the pieces need is carried by a type: the key's policy type
//! holds `CloudTrailGrant` (the trail encrypts with it), `S3Grant` (the buckets), the CloudWatch
//! Logs grant (the trail's log group) and `CloudWatchToTopics` (the alarms publish to the
//! encrypted topic); the trail takes only a `TrailBucket` and is created after its policy; the
//! topic's policy lets in exactly the publishers the key lets in. `docs/compliance/audit-trail.md`
//! maps it to PCI DSS 10 and the CIS AWS Foundations Benchmark.
//!
//! The metric filter patterns are those of the CIS AWS Foundations Benchmark's monitoring
//! section, as AWS Security Hub publishes them for its controls CloudWatch.1 to CloudWatch.14
//! (<https://docs.aws.amazon.com/securityhub/latest/userguide/cloudwatch-controls.html>).

mod config;

pub use config::{AuditTrailConfig, AuditTrailConfigBuilder};

use cfn_macros::sub;
use cfn_model::resources::cloudwatch::{Alarm, alarm};
use cfn_model::resources::logs::{MetricFilter, metric_filter};
use cfn_model::resources::s3::bucket;
use cfn_model::resources::sns::Subscription;
use cfn_model::secure::{
    AccessLogBucket, AuditTrail, CloudTrailGrant, CloudWatchToTopics, EncryptedLogGroup, EncryptedTopic, KeyPolicy,
    KmsKey, LogsGrant, Pci, Stack, TrailBucket,
};
use cfn_model::{Attributes, Output, Parameters as _, Template, Value};

use crate::config::StackParameters;

/// The metric namespace of the security metrics.
const NAMESPACE: &str = "typed-cfn/AuditTrail";

/// One monitored event: the metric (and alarm) name, the CIS control, the filter pattern.
struct Monitored {
    name: &'static str,
    control: &'static str,
    pattern: &'static str,
}

/// The CIS monitoring section's metric filters.
const MONITORED: [Monitored; 10] = [
    Monitored {
        name: "UnauthorizedApiCalls",
        control: "CloudWatch.2: unauthorized API calls",
        pattern: r#"{ ($.errorCode = "*UnauthorizedOperation") || ($.errorCode = "AccessDenied*") }"#,
    },
    Monitored {
        name: "ConsoleSignInWithoutMfa",
        control: "CloudWatch.3: management console sign-in without MFA",
        pattern: r#"{ ($.eventName = "ConsoleLogin") && ($.additionalEventData.MFAUsed != "Yes") && ($.userIdentity.type = "IAMUser") && ($.responseElements.ConsoleLogin = "Success") }"#,
    },
    Monitored {
        name: "RootAccountUsage",
        control: "CloudWatch.1: usage of the root user",
        pattern: r#"{ $.userIdentity.type = "Root" && $.userIdentity.invokedBy NOT EXISTS && $.eventType != "AwsServiceEvent" }"#,
    },
    Monitored {
        name: "IamPolicyChanges",
        control: "CloudWatch.4: IAM policy changes",
        pattern: "{ ($.eventName = DeleteGroupPolicy) || ($.eventName = DeleteRolePolicy) || ($.eventName = DeleteUserPolicy) || ($.eventName = PutGroupPolicy) || ($.eventName = PutRolePolicy) || ($.eventName = PutUserPolicy) || ($.eventName = CreatePolicy) || ($.eventName = DeletePolicy) || ($.eventName = CreatePolicyVersion) || ($.eventName = DeletePolicyVersion) || ($.eventName = AttachRolePolicy) || ($.eventName = DetachRolePolicy) || ($.eventName = AttachUserPolicy) || ($.eventName = DetachUserPolicy) || ($.eventName = AttachGroupPolicy) || ($.eventName = DetachGroupPolicy) }",
    },
    Monitored {
        name: "CloudTrailChanges",
        control: "CloudWatch.5: CloudTrail configuration changes",
        pattern: "{ ($.eventName = CreateTrail) || ($.eventName = UpdateTrail) || ($.eventName = DeleteTrail) || ($.eventName = StartLogging) || ($.eventName = StopLogging) }",
    },
    Monitored {
        name: "ConsoleAuthenticationFailures",
        control: "CloudWatch.6: management console authentication failures",
        pattern: r#"{ ($.eventName = ConsoleLogin) && ($.errorMessage = "Failed authentication") }"#,
    },
    Monitored {
        name: "CustomerKeyDisabledOrDeleted",
        control: "CloudWatch.7: disabling or scheduled deletion of customer managed keys",
        pattern: "{ ($.eventSource = kms.amazonaws.com) && (($.eventName = DisableKey) || ($.eventName = ScheduleKeyDeletion)) }",
    },
    Monitored {
        name: "BucketPolicyChanges",
        control: "CloudWatch.8: S3 bucket policy changes",
        pattern: "{ ($.eventSource = s3.amazonaws.com) && (($.eventName = PutBucketAcl) || ($.eventName = PutBucketPolicy) || ($.eventName = PutBucketCors) || ($.eventName = PutBucketLifecycle) || ($.eventName = PutBucketReplication) || ($.eventName = DeleteBucketPolicy) || ($.eventName = DeleteBucketCors) || ($.eventName = DeleteBucketLifecycle) || ($.eventName = DeleteBucketReplication)) }",
    },
    Monitored {
        name: "SecurityGroupChanges",
        control: "CloudWatch.10: security group changes",
        pattern: "{ ($.eventName = AuthorizeSecurityGroupIngress) || ($.eventName = AuthorizeSecurityGroupEgress) || ($.eventName = RevokeSecurityGroupIngress) || ($.eventName = RevokeSecurityGroupEgress) || ($.eventName = CreateSecurityGroup) || ($.eventName = DeleteSecurityGroup) }",
    },
    Monitored {
        name: "NetworkAclChanges",
        control: "CloudWatch.11: network ACL changes",
        pattern: "{ ($.eventName = CreateNetworkAcl) || ($.eventName = CreateNetworkAclEntry) || ($.eventName = DeleteNetworkAcl) || ($.eventName = DeleteNetworkAclEntry) || ($.eventName = ReplaceNetworkAclEntry) || ($.eventName = ReplaceNetworkAclAssociation) }",
    },
];

/// The audit-trail stack for `config`.
pub fn stack(config: &AuditTrailConfig) -> Stack<Pci> {
    let mut stack = Stack::<Pci>::new();
    stack.set_description(
        "typed-cfn account audit trail: CloudTrail into an encrypted bucket and log group, CIS metric filters \
         and alarms publishing to an encrypted topic",
    );
    let env =
        StackParameters { environment_suffix: config.environment_suffix.clone() }.add_to(&mut stack).environment_suffix;
    let group_name = sub!("/aws/cloudtrail/account-trail-${Env}", Env = env.reference());

    // One customer key: the trail's log files, the buckets, the trail's log group, the alarms'
    // topic. Each service has its statement, and the key's type records each.
    let policy = KeyPolicy::account_root()
        .grant(CloudTrailGrant)
        .grant_s3()
        .grant_logs(LogsGrant::for_log_groups([group_name.clone()]))
        .grant(CloudWatchToTopics);
    let key = stack.add_with(
        "AuditKey",
        KmsKey::new(policy)
            .description(sub!("Audit trail, its bucket, log group and alarm topic (${Env})", Env = env.reference())),
        Attributes::retain(),
    );

    let access_logs = stack.build("AccessLogBucket", AccessLogBucket::new(i64::from(config.access_log_retention_days)));
    let archive = bucket::Rule::new(bucket::RuleStatus::Enabled)
        .id("ArchiveTrailLogs")
        .transitions([bucket::Transition::new(bucket::TransitionStorageClass::Glacier)
            .transition_in_days(i64::from(config.glacier_transition_days))]);
    let trail_bucket = stack.build(
        "TrailBucket",
        TrailBucket::new(key.arn())
            .access_logs_to(&access_logs, "trail-bucket/")
            .configure(|b| b.lifecycle_configuration(bucket::LifecycleConfiguration::new([archive]))),
    );
    let events = stack.add_with(
        "TrailLogGroup",
        EncryptedLogGroup::new(key.arn())
            .log_group_name(group_name)
            .retention_in_days(i64::from(config.log_retention_days.days())),
        Attributes::retain(),
    );
    let trail = stack.build(
        "AccountTrail",
        AuditTrail::new(&trail_bucket, key.arn())
            .cloudwatch_logs(&events)
            .log_all_s3_data_events()
            .configure(|t| t.trail_name(sub!("account-trail-${Env}", Env = env.reference()))),
    );

    let topic = stack.build(
        "SecurityAlerts",
        EncryptedTopic::new(key.arn()).configure(|t| t.display_name("Security alerts from the account audit trail")),
    );
    if let Some(email) = &config.alert_email {
        stack.add("SecurityAlertsEmail", Subscription::new("email", topic.arn()).endpoint(email.as_str()));
    }

    for monitored in &MONITORED {
        let metric = metric_filter::MetricTransformation::new(monitored.name, NAMESPACE, "1");
        let filter = stack.add(
            &format!("{}Filter", monitored.name),
            MetricFilter::new(monitored.pattern, events.reference(), vec![metric]).filter_name(monitored.name),
        );
        stack.add_with(
            &format!("{}Alarm", monitored.name),
            Alarm::new()
                .alarm_name(sub!("${Name}-${Env}", Name = Value::from(monitored.name), Env = env.reference()))
                .alarm_description(format!("CIS {}", monitored.control))
                .namespace(NAMESPACE)
                .metric_name(monitored.name)
                .statistic(alarm::Statistic::Sum)
                .period(300)
                .evaluation_periods(1)
                .threshold(1.0)
                .comparison_operator(alarm::ComparisonOperator::GreaterThanOrEqualToThreshold)
                .treat_missing_data(alarm::TreatMissingData::NotBreaching)
                .alarm_actions(vec![topic.alarm_action()]),
            Attributes::new().depends_on(&filter),
        );
    }

    stack.tag_all([
        ("DataClassification", Value::from(config.data_classification.as_str())),
        ("Compliance", Value::from("PCI-DSS")),
        ("Environment", Value::from(config.environment.as_str())),
    ]);

    stack.output("TrailArn", Output::new(trail.arn()).description("The account's multi-Region trail"));
    stack.output(
        "TrailBucketName",
        Output::new(trail_bucket.bucket.reference()).description("Where the trail's log files are kept"),
    );
    stack.output(
        "TrailLogGroupName",
        Output::new(events.reference()).description("The trail's events in CloudWatch Logs"),
    );
    stack.output("SecurityAlertsTopicArn", Output::new(topic.arn()).description("Where the security alarms publish"));
    stack.output(
        "AuditKeyArn",
        Output::new(key.arn()).description("Customer key of the trail, its bucket, log group and topic"),
    );
    stack
}

/// The audit-trail stack for `config`, as a template.
pub fn template(config: &AuditTrailConfig) -> Template {
    stack(config).into_template()
}
