//! `delivery-bucket-object-lock`: An AWS Config delivery channel writes to a bucket with S3 Object Lock enabled, or S3
//! server access logs go to a bucket with an Object Lock default retention period.
//!
//! Its logic: `check/deliveries/table.rs`.

use crate::check::rule::{Descriptor, FixShown, Level};

pub(crate) const DESCRIPTOR: Descriptor = Descriptor {
    id: "delivery-bucket-object-lock",
    summary: "An AWS Config delivery channel writes to a bucket with S3 Object Lock enabled, or a bucket's server access logs go to a bucket with an Object Lock default retention period: neither is delivered.",
    description: "An AWS Config delivery channel writes to a bucket with S3 Object Lock enabled, or server access logs go to a bucket with an Object Lock default retention period.",
    level: Level::Error,
    aws_docs: &[
        "https://docs.aws.amazon.com/config/latest/developerguide/s3-bucket-policy.html",
        "https://docs.aws.amazon.com/AmazonS3/latest/userguide/enable-server-access-logging.html",
    ],
    page: "docs/guarded/audit-trail.md",
    fix: FixShown::InMessage,
};
