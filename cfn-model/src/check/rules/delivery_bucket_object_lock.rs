//! `delivery-bucket-object-lock`: An AWS Config delivery channel writes to a bucket with S3 Object Lock enabled.
//!
//! Its logic: `check/deliveries/table.rs`.

use crate::check::rule::{Descriptor, FixShown, Level};

pub(crate) const DESCRIPTOR: Descriptor = Descriptor {
    id: "delivery-bucket-object-lock",
    summary: "An AWS Config delivery channel writes to a bucket with S3 Object Lock enabled, which AWS Config does not deliver to.",
    description: "An AWS Config delivery channel writes to a bucket with S3 Object Lock enabled.",
    level: Level::Error,
    aws_docs: &["https://docs.aws.amazon.com/config/latest/developerguide/s3-bucket-policy.html"],
    page: "docs/guarded/audit-trail.md",
    fix: FixShown::InMessage,
};
