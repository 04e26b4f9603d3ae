//! `log-bucket-acls-disabled`: A CloudFront distribution writes standard logs to a bucket whose ACLs are disabled.

use crate::check::rule::{Descriptor, FixShown, Level};
use crate::check::{Findings, Rule};
use crate::node::Node;
use crate::template::ResourceDecl;

pub(crate) const DESCRIPTOR: Descriptor = Descriptor {
    id: "log-bucket-acls-disabled",
    summary: "A CloudFront distribution writes standard logs to a bucket whose ACLs are disabled (ObjectOwnership BucketOwnerEnforced, S3's default): CloudFront writes through ACLs, and the stack fails.",
    description: "A CloudFront distribution writes standard logs to a bucket whose ACLs are disabled.",
    level: Level::Error,
    aws_docs: &["https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/standard-logging-legacy-s3.html"],
    page: "docs/guarded/access-logs.md",
    fix: FixShown::InMessage,
};

/// A bucket CloudFront writes standard logs into, through its ACL: ACLs must be enabled.
pub(crate) fn check(source_id: &str, bucket_id: &str, bucket: &ResourceDecl, findings: &mut Findings<'_>) {
    let ownership = bucket.properties.get("OwnershipControls").and_then(Node::as_map).and_then(|o| {
        crate::check::deliveries::items(o.get("Rules")).into_iter().find_map(|rule| rule.as_map()?.get("ObjectOwnership")?.as_str())
    });
    if !matches!(ownership, Some("ObjectWriter" | "BucketOwnerPreferred")) {
        let why = match ownership {
            Some(setting) => format!("its `ObjectOwnership` is `{setting}`, which disables ACLs"),
            None => "it sets no `OwnershipControls`, so it has S3's default since April 2023, `BucketOwnerEnforced`, which disables ACLs".to_owned(),
        };
        findings.error(
            Rule::LogBucketAclsDisabled,
            source_id,
            format!("this distribution writes standard logs to bucket `{bucket_id}`, but {why}: CloudFront writes those logs through the bucket's ACL and the stack fails (\"The S3 bucket that you specified for CloudFront logs does not enable ACL access\"). Give the bucket `OwnershipControls` with `ObjectOwnership: BucketOwnerPreferred` (`AccessLogBucket::new(days).for_cloudfront()`)"),
        );
    }
}
