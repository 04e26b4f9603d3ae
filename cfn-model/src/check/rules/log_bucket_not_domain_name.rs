//! `log-bucket-not-domain-name`: A CloudFront distribution names its log bucket by name or ARN, not by domain name.
//!
//! Its logic: `check/deliveries/table.rs`.

use crate::check::rule::{Descriptor, FixShown, Level};

pub(crate) const DESCRIPTOR: Descriptor = Descriptor {
    id: "log-bucket-not-domain-name",
    summary: "A CloudFront distribution names its log bucket by name or ARN instead of its domain name (<name>.s3.amazonaws.com): CloudFront refuses it.",
    description: "A CloudFront distribution names its log bucket by name or ARN, not by domain name.",
    level: Level::Error,
    aws_docs: &["https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/standard-logging-legacy-s3.html"],
    page: "docs/guarded/access-logs.md",
    fix: FixShown::InMessage,
};
