//! `config-topic-encrypted`: An AWS Config delivery channel notifies an encrypted SNS topic, which Config does not publish to.

use crate::check::resolve::Env;
use crate::check::rule::{Descriptor, FixShown, Level};
use crate::check::{Findings, Rule};
use crate::node::NodeMap;

pub(crate) const DESCRIPTOR: Descriptor = Descriptor {
    id: "config-topic-encrypted",
    summary: "An AWS Config delivery channel notifies an SNS topic encrypted with a KMS key: Config does not publish to encrypted topics, so no notification arrives.",
    description: "An AWS Config delivery channel notifies an encrypted SNS topic, which Config does not publish to.",
    level: Level::Error,
    aws_docs: &["https://docs.aws.amazon.com/config/latest/developerguide/sns-topic-policy.html"],
    page: "docs/guarded/audit-trail.md",
    fix: FixShown::InMessage,
};

/// An AWS Config delivery channel's `SnsTopicARN`: Config does not publish to an encrypted topic.
pub(crate) fn check(env: &Env<'_>, id: &str, props: &NodeMap, findings: &mut Findings<'_>) {
    // AWS Config does not publish to encrypted topics at all.
    if let Some(topic) = props.get("SnsTopicARN").and_then(|t| crate::check::deliveries::topic(env, t))
        && env.template().resources[topic].properties.get("KmsMasterKeyId").is_some()
    {
        findings.error(
            Rule::ConfigTopicEncrypted,
            id,
            format!("this delivery channel notifies topic `{topic}`, which is encrypted with a KMS key: AWS Config does not publish to encrypted topics, so no notification arrives. Route Config's events through EventBridge instead (a rule on `source: aws.config` targeting the topic, whose key lets EventBridge in: `.grant(EventBridgeToTopics)`), or notify an unencrypted topic outside a compliance-scoped stack"),
        );
    }
}
