//! `delivery-key-denies-service`: A service delivers to a topic or queue whose customer key does not let it in: the messages are dropped.
//!
//! Its logic: `check/deliveries.rs (over every row of check/deliveries/table.rs)`.

use crate::check::rule::{Descriptor, FixShown, Level};

pub(crate) const DESCRIPTOR: Descriptor = Descriptor {
    id: "delivery-key-denies-service",
    summary: "A service delivering into a topic, queue or bucket (CloudWatch alarms, EventBridge, S3 notifications, SNS, CloudTrail, log delivery) is refused by the key that encrypts what it delivers: the messages are dropped or the stack fails.",
    description: "A service delivers to a topic or queue whose customer key does not let it in: the messages are dropped.",
    level: Level::Error,
    aws_docs: &["https://docs.aws.amazon.com/sns/latest/dg/sns-key-management.html", "https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-key-management.html", "https://docs.aws.amazon.com/awscloudtrail/latest/userguide/create-kms-key-policy-for-cloudtrail.html"],
    page: "docs/guarded/encrypted-messaging.md",
    fix: FixShown::InMessage,
};
