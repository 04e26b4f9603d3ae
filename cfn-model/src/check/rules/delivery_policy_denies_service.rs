//! `delivery-policy-denies-service`: A service delivers to a topic or queue whose policy does not let it in.
//!
//! Its logic: `check/deliveries.rs (over every row of check/deliveries/table.rs)`.

use crate::check::rule::{Descriptor, FixShown, Level};

pub(crate) const DESCRIPTOR: Descriptor = Descriptor {
    id: "delivery-policy-denies-service",
    summary: "A service delivering into a topic, queue or bucket is refused by that resource's policy (or it has none where one is needed).",
    description: "A service delivers to a topic or queue whose policy does not let it in.",
    level: Level::Error,
    aws_docs: &["https://docs.aws.amazon.com/AmazonS3/latest/userguide/grant-destinations-permissions-to-s3.html", "https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-use-resource-based.html", "https://docs.aws.amazon.com/awscloudtrail/latest/userguide/create-s3-bucket-policy-for-cloudtrail.html"],
    page: "docs/guarded/encrypted-messaging.md",
    fix: FixShown::InMessage,
};
