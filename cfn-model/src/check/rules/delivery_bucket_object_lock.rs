//! `delivery-bucket-object-lock`: An AWS Config delivery channel writes to a bucket with S3 Object Lock enabled.

use crate::check::rule::{Descriptor, FixShown, Level};
use crate::check::{Findings, Rule};
use crate::node::Node;
use crate::template::ResourceDecl;

pub(crate) const DESCRIPTOR: Descriptor = Descriptor {
    id: "delivery-bucket-object-lock",
    summary: "An AWS Config delivery channel writes to a bucket with S3 Object Lock enabled, which AWS Config does not deliver to.",
    description: "An AWS Config delivery channel writes to a bucket with S3 Object Lock enabled.",
    level: Level::Error,
    aws_docs: &["https://docs.aws.amazon.com/config/latest/developerguide/s3-bucket-policy.html"],
    page: "docs/guarded/audit-trail.md",
    fix: FixShown::InMessage,
};

/// A bucket an AWS Config delivery channel writes into: Object Lock must be off.
pub(crate) fn check(source_id: &str, bucket_id: &str, bucket: &ResourceDecl, findings: &mut Findings<'_>) {
    let object_lock = bucket
        .properties
        .get("ObjectLockEnabled")
        .is_some_and(|on| matches!(on, Node::Bool(true)) || on.as_str() == Some("true"));
    if object_lock {
        findings.error(
            Rule::DeliveryBucketObjectLock,
            source_id,
            format!("this delivery channel writes to bucket `{bucket_id}`, which has S3 Object Lock enabled: AWS Config does not deliver to such a bucket. Give it a bucket without Object Lock (`SecureBucket::new(…).configure(|b| b.object_lock_enabled(false))`)"),
        );
    }
}
