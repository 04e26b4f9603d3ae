//! `delivery-managed-key`: A service delivers to a topic or queue encrypted with the AWS managed key, whose policy cannot let it in.

use crate::check::deliveries::Delivery;
use crate::check::resolve::Env;
use crate::check::rule::{Descriptor, FixShown, Level};
use crate::check::{Findings, Rule};

pub(crate) const DESCRIPTOR: Descriptor = Descriptor {
    id: "delivery-managed-key",
    summary: "A service delivers into a topic or queue encrypted with the AWS managed key (alias/aws/sns, alias/aws/sqs), whose policy cannot let it in: every message is dropped.",
    description: "A service (CloudWatch alarms, EventBridge, S3 event notifications, SNS, Budgets) delivers into an SNS topic or SQS queue encrypted with the AWS managed key (`alias/aws/sns`, `alias/aws/sqs`). An AWS managed key's policy cannot be changed and lets in only principals of the account through the service, never another service's principal, so the delivering service cannot get a data key and every message is dropped without an error. Encrypt the topic or queue with a customer managed key whose policy has the service's statement⟦ (`EncryptedTopic`/`EncryptedQueue` over a `KmsKey` with the grant)⟧.",
    level: Level::Error,
    aws_docs: &["https://docs.aws.amazon.com/sns/latest/dg/sns-key-management.html", "https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-key-management.html"],
    page: "docs/guarded/encrypted-messaging.md",
    fix: FixShown::InMessage,
};

/// A delivery into a topic or queue encrypted with the AWS managed key, whose policy cannot let
/// the service in.
pub(crate) fn check(env: &Env<'_>, delivery: &Delivery<'_>, findings: &mut Findings<'_>) {
    let Some(key) = delivery.key else { return };
    let (what, target_id) = (delivery.target.what(), delivery.target_id);
    if let (Some(text), Some(alias)) = (env.text(key), delivery.target.managed_alias())
        && text.ends_with(alias)
    {
        findings.error_at(
            Rule::DeliveryManagedKey,
            delivery.source_id,
            delivery.target_refs.clone(),
            format!(
                "{} delivers to {what} `{target_id}`, which is encrypted with the AWS managed key `{alias}`: that key's policy cannot be changed to let {} in, so every message is dropped without an error. Encrypt the {what} with a customer managed key whose policy has ⟦{} (`EncryptedTopic`/`EncryptedQueue` over a `KmsKey` with that grant)‖the statement for that service (an `AWS::KMS::Key` of the template, named in the {what}'s `KmsMasterKeyId`)⟧",
                delivery.who, delivery.principal, delivery.grant(),
            ),
        );
    }
}

#[cfg(test)]
mod tests {
    use crate::check::Rule;
    use crate::check::rules::tests::findings_of;
    use crate::reference::{By, ResourceRef};

    fn alarm(key: &str) -> String {
        format!("Resources:\n  Topic:\n    Type: AWS::SNS::Topic\n    Properties:\n      KmsMasterKeyId: {key}\n  Alarm:\n    Type: AWS::CloudWatch::Alarm\n    Properties:\n      ComparisonOperator: GreaterThanThreshold\n      EvaluationPeriods: 1\n      MetricName: Errors\n      Namespace: AWS/Lambda\n      Period: 60\n      Statistic: Sum\n      Threshold: 1\n      AlarmActions: [!Ref Topic]\n")
    }

    #[test]
    fn an_alarm_into_a_topic_under_the_aws_managed_key_is_refused() {
        let found = findings_of(&alarm("alias/aws/sns"), Rule::DeliveryManagedKey);
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].logical_id, "Alarm");
        assert!(found[0].message.contains("delivers to topic `Topic`, which is encrypted with the AWS managed key `alias/aws/sns`"), "{}", found[0].message);
    }

    #[test]
    fn the_finding_names_the_topic_and_is_reported_once_whichever_way_each_shape_names_it() {
        // Two shapes, one naming the topic by its `Ref`, the other by an ARN built from its name:
        // the same finding, reported once, with the target as the first shape names it.
        let arn = "!Sub 'arn:${AWS::Partition}:sns:${AWS::Region}:${AWS::AccountId}:${Topic.TopicName}'";
        let yaml = alarm("alias/aws/sns").replace(
            "AlarmActions: [!Ref Topic]",
            &format!("AlarmActions: [!If [Primary, !Ref Topic, {arn}]]"),
        );
        let yaml = format!(
            "Parameters:\n  Stage:\n    Type: String\nConditions:\n  Primary: !Equals [!Ref Stage, prod]\n{yaml}"
        );
        let found = findings_of(&yaml, Rule::DeliveryManagedKey);
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].targets, [ResourceRef { logical_id: "Topic".to_owned(), attribute: None, by: By::Ref }]);
    }

    #[test]
    fn a_customer_managed_key_passes() {
        assert_eq!(findings_of(&alarm("arn:aws:kms:us-east-1:123456789012:key/0000-1111"), Rule::DeliveryManagedKey), []);
    }
}
