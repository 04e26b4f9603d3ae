//! `delivery-before-policy`: A bucket notifies a topic or queue without being created after the destination's policy.
//!
//! Its logic: `check/deliveries.rs (over every row of check/deliveries/table.rs)`.

use crate::check::rule::{Descriptor, FixShown, Level};

pub(crate) const DESCRIPTOR: Descriptor = Descriptor {
    id: "delivery-before-policy",
    summary: "An S3 notification, trail or vended log is not created after the policy of its destination, which AWS checks when it is created: the stack fails.",
    description: "A bucket notifies a topic or queue without being created after the destination's policy.",
    level: Level::Error,
    aws_docs: &["https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-attribute-dependson.html", "https://docs.aws.amazon.com/AmazonS3/latest/userguide/grant-destinations-permissions-to-s3.html", "https://docs.aws.amazon.com/awscloudtrail/latest/userguide/create-s3-bucket-policy-for-cloudtrail.html"],
    page: "docs/guarded/encrypted-messaging.md",
    fix: FixShown::InMessage,
};
