//! `config-topic-encrypted`: An AWS Config delivery channel notifies an encrypted SNS topic, which Config does not publish to.
//!
//! Its logic: `check/deliveries/table.rs`.

use crate::check::rule::{Descriptor, FixShown, Level};

pub(crate) const DESCRIPTOR: Descriptor = Descriptor {
    id: "config-topic-encrypted",
    summary: "An AWS Config delivery channel notifies an SNS topic encrypted with a KMS key: Config does not publish to encrypted topics, so no notification arrives.",
    description: "An AWS Config delivery channel notifies an encrypted SNS topic, which Config does not publish to.",
    level: Level::Error,
    aws_docs: &["https://docs.aws.amazon.com/config/latest/developerguide/sns-topic-policy.html"],
    page: "docs/guarded/audit-trail.md",
    fix: FixShown::InMessage,
};
