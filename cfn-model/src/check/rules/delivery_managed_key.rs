//! `delivery-managed-key`: A service delivers to a topic or queue encrypted with the AWS managed key, whose policy cannot let it in.
//!
//! Its logic: `check/deliveries.rs (over every row of check/deliveries/table.rs)`.

use crate::check::rule::{Descriptor, FixShown, Level};

pub(crate) const DESCRIPTOR: Descriptor = Descriptor {
    id: "delivery-managed-key",
    summary: "A service delivers into a topic or queue encrypted with the AWS managed key (alias/aws/sns, alias/aws/sqs), whose policy cannot let it in: every message is dropped.",
    description: "A service delivers to a topic or queue encrypted with the AWS managed key, whose policy cannot let it in.",
    level: Level::Error,
    aws_docs: &["https://docs.aws.amazon.com/sns/latest/dg/sns-key-management.html", "https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-key-management.html"],
    page: "docs/guarded/encrypted-messaging.md",
    fix: FixShown::InMessage,
};
