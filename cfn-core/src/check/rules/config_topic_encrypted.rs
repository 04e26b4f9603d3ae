//! `config-topic-encrypted`: An AWS Config delivery channel notifies an encrypted SNS topic, which Config does not publish to.

use crate::check::resolve::Env;
use crate::check::rule::{Descriptor, FixShown, Level};
use crate::check::{Findings, Rule};
use crate::template::Template;

pub(crate) const DESCRIPTOR: Descriptor = Descriptor {
    id: "config-topic-encrypted",
    summary: "An AWS Config delivery channel notifies an SNS topic encrypted with a KMS key: Config does not publish to encrypted topics, so no notification arrives.",
    description: "An AWS Config delivery channel's `SnsTopicARN` names a topic of the template encrypted with a KMS key. AWS Config does not publish to encrypted SNS topics, so no configuration notification arrives and nothing reports it. Route Config's events through EventBridge instead (a rule on `source: aws.config` whose target is the topic, with the key letting EventBridge in⟦: `.grant(EventBridgeToTopics)`⟧), or notify an unencrypted topic outside a compliance-scoped stack.",
    level: Level::Error,
    aws_docs: &["https://docs.aws.amazon.com/config/latest/developerguide/sns-topic-policy.html"],
    page: "docs/guarded/audit-trail.md",
    fix: FixShown::InMessage,
};

/// An AWS Config delivery channel's `SnsTopicARN`: Config does not publish to an encrypted topic.
pub(crate) fn check(template: &Template, env: &Env<'_>, findings: &mut Findings<'_>) {
    for (id, decl) in &template.resources {
        if decl.resource_type != "AWS::Config::DeliveryChannel" {
            continue;
        }
        // AWS Config does not publish to encrypted topics at all.
        let Some(named) = decl.properties.get("SnsTopicARN") else { continue };
        let Some(topic) = crate::check::deliveries::topic(env, named) else { continue };
        if env.template().resources[topic].properties.get("KmsMasterKeyId").is_none() {
            continue;
        }
        findings.error_at(
            Rule::ConfigTopicEncrypted,
            id,
            env.refs_to(named, topic),
            format!("this delivery channel notifies topic `{topic}`, which is encrypted with a KMS key: AWS Config does not publish to encrypted topics, so no notification arrives. Route Config's events through EventBridge instead (a rule on `source: aws.config` targeting the topic, whose key lets EventBridge in⟦: `.grant(EventBridgeToTopics)`⟧), or notify an unencrypted topic outside a compliance-scoped stack"),
        );
    }
}

#[cfg(test)]
mod tests {
    use crate::check::Rule;
    use crate::check::rules::tests::findings_of;
    use crate::reference::{By, ResourceRef};

    fn channel(topic: &str) -> String {
        format!("Resources:\n  Bucket:\n    Type: AWS::S3::Bucket\n  Topic:\n    Type: AWS::SNS::Topic\n{topic}  Channel:\n    Type: AWS::Config::DeliveryChannel\n    Properties:\n      S3BucketName: !Ref Bucket\n      SnsTopicARN: !Ref Topic\n")
    }

    #[test]
    fn config_does_not_publish_to_an_encrypted_topic() {
        let found = findings_of(&channel("    Properties:\n      KmsMasterKeyId: arn:aws:kms:us-east-1:123456789012:key/0000-1111\n"), Rule::ConfigTopicEncrypted);
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].logical_id, "Channel");
        assert!(found[0].message.starts_with("this delivery channel notifies topic `Topic`, which is encrypted with a KMS key"), "{}", found[0].message);
        assert_eq!(found[0].targets, [ResourceRef { logical_id: "Topic".to_owned(), attribute: None, by: By::Ref }]);
    }

    #[test]
    fn an_unencrypted_topic_passes() {
        assert_eq!(findings_of(&channel(""), Rule::ConfigTopicEncrypted), []);
    }
}
