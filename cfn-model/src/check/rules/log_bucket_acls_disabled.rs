//! `log-bucket-acls-disabled`: A CloudFront distribution writes standard logs to a bucket whose ACLs are disabled.
//!
//! Its logic: `check/deliveries/table.rs`.

use crate::check::rule::{Descriptor, FixShown, Level};

pub(crate) const DESCRIPTOR: Descriptor = Descriptor {
    id: "log-bucket-acls-disabled",
    summary: "A CloudFront distribution writes standard logs to a bucket whose ACLs are disabled (ObjectOwnership BucketOwnerEnforced, S3's default): CloudFront writes through ACLs, and the stack fails.",
    description: "A CloudFront distribution writes standard logs to a bucket whose ACLs are disabled.",
    level: Level::Error,
    aws_docs: &["https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/standard-logging-legacy-s3.html"],
    page: "docs/guarded/access-logs.md",
    fix: FixShown::InMessage,
};
