//! `delivery-bucket-object-lock`: An AWS Config delivery channel writes to a bucket with S3 Object Lock enabled, or S3
//! server access logs go to a bucket with an Object Lock default retention period.

use crate::check::deliveries::Reached;
use crate::check::rule::{Descriptor, FixShown, Level};
use crate::check::{Findings, Rule};
use crate::node::Node;

pub(crate) const DESCRIPTOR: Descriptor = Descriptor {
    id: "delivery-bucket-object-lock",
    summary: "An AWS Config delivery channel writes to a bucket with S3 Object Lock enabled, or a bucket's server access logs go to a bucket with an Object Lock default retention period: neither is delivered.",
    description: "An AWS Config delivery channel writes configuration snapshots and history into a bucket of the template that has S3 Object Lock enabled, or a bucket sends its server access logs into a bucket of the template whose Object Lock configuration has a default retention period. AWS Config does not support delivery to buckets with Object Lock enabled, and S3 does not deliver server access logs into a bucket with a default retention period, so nothing arrives and nothing reports it. Give the channel a bucket without Object Lock, and the server access logs a bucket without a default retention period (Object Lock without one is fine).",
    level: Level::Error,
    aws_docs: &[
        "https://docs.aws.amazon.com/config/latest/developerguide/s3-bucket-policy.html",
        "https://docs.aws.amazon.com/AmazonS3/latest/userguide/enable-server-access-logging.html",
    ],
    page: "docs/guarded/audit-trail.md",
    fix: FixShown::InMessage,
};

/// A bucket an AWS Config delivery channel writes into: Object Lock must be off.
pub(crate) fn check(bucket: &Reached<'_>, findings: &mut Findings<'_>) {
    let bucket_id = bucket.id;
    let object_lock = bucket
        .decl
        .properties
        .get("ObjectLockEnabled")
        .is_some_and(|on| matches!(on, Node::Bool(true)) || on.as_str() == Some("true"));
    if object_lock {
        findings.error_at(
            Rule::DeliveryBucketObjectLock,
            bucket.source_id,
            bucket.refs.clone(),
            format!("this delivery channel writes to bucket `{bucket_id}`, which has S3 Object Lock enabled: AWS Config does not deliver to such a bucket. Give it a bucket without Object Lock⟦ (`SecureBucket::new(…).configure(|b| b.object_lock_enabled(false))`)‖ (`ObjectLockEnabled` not `true`)⟧"),
        );
    }
}


/// A bucket another bucket's server access logs go into: no Object Lock default retention period.
/// S3 does not deliver server access logs into a bucket with one
/// (https://docs.aws.amazon.com/AmazonS3/latest/userguide/enable-server-access-logging.html);
/// Object Lock with no default retention is fine.
pub(crate) fn server_access_logs(bucket: &Reached<'_>, findings: &mut Findings<'_>) {
    let bucket_id = bucket.id;
    let default_retention = bucket
        .decl
        .properties
        .get("ObjectLockConfiguration")
        .and_then(Node::as_map)
        .and_then(|c| c.get("Rule"))
        .and_then(Node::as_map)
        .is_some_and(|rule| rule.get("DefaultRetention").is_some());
    if default_retention {
        findings.error_at(
            Rule::DeliveryBucketObjectLock,
            bucket.source_id,
            bucket.refs.clone(),
            format!("this bucket sends server access logs to bucket `{bucket_id}`, which has an S3 Object Lock default retention period: S3 does not deliver server access logs to such a bucket, so none arrive. Remove `ObjectLockConfiguration.Rule.DefaultRetention` from the log bucket (or log into a bucket without one)"),
        );
    }
}

#[cfg(test)]
mod tests {
    use crate::check::Rule;
    use crate::check::rules::tests::findings_of;

    fn channel(lock: &str) -> String {
        format!("Resources:\n  Bucket:\n    Type: AWS::S3::Bucket\n    Properties:\n      ObjectLockEnabled: {lock}\n  Channel:\n    Type: AWS::Config::DeliveryChannel\n    Properties:\n      S3BucketName: !Ref Bucket\n")
    }

    #[test]
    fn config_does_not_deliver_to_an_object_lock_bucket() {
        let found = findings_of(&channel("true"), Rule::DeliveryBucketObjectLock);
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].logical_id, "Channel");
        assert!(found[0].message.starts_with("this delivery channel writes to bucket `Bucket`, which has S3 Object Lock enabled"), "{}", found[0].message);
    }

    #[test]
    fn a_bucket_without_object_lock_passes() {
        assert_eq!(findings_of(&channel("false"), Rule::DeliveryBucketObjectLock), []);
    }
}
