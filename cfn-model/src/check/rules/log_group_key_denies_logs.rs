//! `log-group-key-denies-logs`: A log group's key, in the template, has a policy that does not let CloudWatch Logs use it for this group.
//!
//! Its logic: `check/logs.rs`.

use crate::check::rule::{Descriptor, FixShown, Level};

pub(crate) const DESCRIPTOR: Descriptor = Descriptor {
    id: "log-group-key-denies-logs",
    summary: "A log group's KMS key, in the template, has a policy that does not let CloudWatch Logs (logs.<region>.amazonaws.com) use it for this group: the deployment fails.",
    description: "A log group's key, in the template, has a policy that does not let CloudWatch Logs use it for this group.",
    level: Level::Error,
    aws_docs: &["https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/encrypt-log-data-kms.html"],
    page: "docs/guarded/log-group-key.md",
    fix: FixShown::LogsKeyStatement,
};
