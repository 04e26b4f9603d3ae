//! `logs-grant-without-context`: A key policy lets CloudWatch Logs use the key for any account's log groups (no encryption-context condition).

use crate::check::rule::{Descriptor, FixShown, Level};

pub(crate) const DESCRIPTOR: Descriptor = Descriptor {
    id: "logs-grant-without-context",
    summary: "A key policy lets CloudWatch Logs use the key for any account's log groups (no kms:EncryptionContext:aws:logs:arn condition).",
    description: "A key policy lets CloudWatch Logs use the key for any account's log groups (no encryption-context condition).",
    level: Level::Warning,
    aws_docs: &["https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/encrypt-log-data-kms.html", "https://docs.aws.amazon.com/IAM/latest/UserGuide/confused-deputy.html"],
    page: "docs/guarded/logs-key-grant.md",
    fix: FixShown::LogsKeyStatement,
};
