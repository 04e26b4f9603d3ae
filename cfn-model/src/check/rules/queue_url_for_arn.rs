//! `queue-url-for-arn`: A queue's `Ref` (its URL) where AWS needs its ARN.
//!
//! Its logic: `check/deliveries/table.rs`.

use crate::check::rule::{Descriptor, FixShown, Level};

pub(crate) const DESCRIPTOR: Descriptor = Descriptor {
    id: "queue-url-for-arn",
    summary: "A queue's Ref (its URL) is given where AWS needs the queue's ARN (a subscription endpoint, a rule target, a notification).",
    description: "A queue's `Ref` (its URL) where AWS needs its ARN.",
    level: Level::Error,
    aws_docs: &["https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-sqs-queue.html"],
    page: "docs/guarded/encrypted-messaging.md",
    fix: FixShown::InMessage,
};
