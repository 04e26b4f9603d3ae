//! `log-group-key-not-arn`: A log group's `KmsKeyId` is not a key ARN (a key ID, an alias): CloudWatch Logs refuses it.
//!
//! Its logic: `check/logs.rs`.

use crate::check::rule::{Descriptor, FixShown, Level};

pub(crate) const DESCRIPTOR: Descriptor = Descriptor {
    id: "log-group-key-not-arn",
    summary: "A log group's KmsKeyId is not a key ARN (a key ID, an alias): CloudWatch Logs refuses it and the deployment fails.",
    description: "A log group's `KmsKeyId` is not a key ARN (a key ID, an alias): CloudWatch Logs refuses it.",
    level: Level::Error,
    aws_docs: &["https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/encrypt-log-data-kms.html", "https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-logs-loggroup.html"],
    page: "docs/guarded/log-group-key.md",
    fix: FixShown::InMessage,
};
