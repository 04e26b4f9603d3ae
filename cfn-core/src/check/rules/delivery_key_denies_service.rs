//! `delivery-key-denies-service`: A service delivers to a topic or queue whose customer key does not let it in: the messages are dropped.

use std::collections::HashMap;

use crate::check::deliveries::{Delivery, Target, refuses};
use crate::check::resolve::{Env, referenced};
use crate::check::rule::{Descriptor, FixShown, Level};
use crate::check::{Findings, Rule, TemplateFix};
use crate::node::Node;
use crate::policy::eval::{self, Request};

pub(crate) const DESCRIPTOR: Descriptor = Descriptor {
    id: "delivery-key-denies-service",
    summary: "A service delivering into a topic, queue or bucket (CloudWatch alarms, EventBridge, S3 notifications, SNS, CloudTrail, log delivery) is refused by the key that encrypts what it delivers: the messages are dropped or the stack fails.",
    description: "A service delivers into a resource of the template encrypted with a KMS key of the template — CloudWatch alarm actions, EventBridge rules, S3 event notifications, SNS subscriptions and AWS Budgets into an encrypted topic or queue; CloudTrail, AWS Config, CloudFront and log delivery into a bucket under SSE-KMS — and the key policy, evaluated as KMS evaluates it, refuses a request the service makes in its own name (`kms:GenerateDataKey*` and `kms:Decrypt`, with the encryption context and the source conditions it sends). The service cannot encrypt what it delivers: SNS and SQS drop every message without an error, CloudTrail fails to create the trail, and the logs are not delivered. Give the key the statement for the service's principal⟦ (the grant type the message names, such as `.grant(CloudWatchToTopics)`)‖ (the statement the finding shows)⟧, where the key's `KeyPolicy` is built.",
    level: Level::Error,
    aws_docs: &["https://docs.aws.amazon.com/sns/latest/dg/sns-key-management.html", "https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-key-management.html", "https://docs.aws.amazon.com/awscloudtrail/latest/userguide/create-kms-key-policy-for-cloudtrail.html"],
    page: "docs/guarded/encrypted-messaging.md",
    fix: FixShown::TemplateText,
};

/// The template's key lets the delivering service make each request it makes.
pub(crate) fn check(env: &Env<'_>, key_policies: &HashMap<&str, Node>, delivery: &Delivery<'_>, findings: &mut Findings<'_>) {
    let Some(key) = delivery.key else { return };
    let (what, target_id) = (delivery.target.what(), delivery.target_id);
    // `Ref Key`, `Fn::GetAtt Key.Arn`, `${Key}` or `${Key.Arn}`: a key of the template.
    let key_id = referenced(env, key, "AWS::KMS::Key")
        .or_else(|| referenced(env, key, "AWS::KMS::ReplicaKey"))
        .map(|(id, _)| id);
    let Some((key_id, policy)) = key_id.and_then(|id| key_policies.get_key_value(id)) else { return };
    let resolve = |node: &Node| env.text(node);
    for request in &delivery.key_requests {
        let request = Request { resource: env.deployment.key_arn(key_id), ..request.clone() };
        let decision = eval::evaluate(policy, &request, &resolve);
        if refuses(&decision) {
            let delivers = match delivery.target {
                Target::Bucket => format!("encrypts what it delivers to {what} `{target_id}` with key `{key_id}`"),
                _ => format!("delivers to {what} `{target_id}`, encrypted with key `{key_id}`"),
            };
            findings.error_at(
                Rule::DeliveryKeyDeniesService,
                delivery.source_id,
                // The key first: the fix goes there.
                env.refs_to(key, key_id).into_iter().chain(delivery.target_refs.iter().cloned()).collect(),
                format!(
                    "{} {delivers}, but KMS refuses its `{}` request: {decision}. So {}. Give the key the statement for {}⟦: {} where its `KeyPolicy` is built‖ in its `KeyPolicy`⟧",
                    delivery.who, request.action, delivery.key_refused, delivery.principal, delivery.grant(),
                ),
            );
            if let Some(statements) = delivery.grant.and_then(|name| grant_statements(name())) {
                findings.with_fix(TemplateFix::Statement {
                    policy_of: (*key_id).to_owned(),
                    property: "KeyPolicy".to_owned(),
                    statements,
                });
            }
            return;
        }
    }
}

/// The key statements the grant type named `name` writes (`CloudWatchToTopics`), as template
/// text: the fix shown to a template read from a file, the same statements typed code gets.
fn grant_statements(name: &str) -> Option<Vec<Node>> {
    use crate::proof::grants::*;
    fn of<G: Grant + Default>() -> Vec<Node> {
        let grant = G::default();
        std::iter::once(grant.statement()).chain(grant.more_statements()).map(|s| s.to_node()).collect()
    }
    Some(match name {
        "CloudWatchToTopics" => of::<CloudWatchToTopics>(),
        "EventBridgeToTopics" => of::<EventBridgeToTopics>(),
        "S3ToTopics" => of::<S3ToTopics>(),
        "SnsToQueues" => of::<SnsToQueues>(),
        "EventBridgeToQueues" => of::<EventBridgeToQueues>(),
        "S3ToQueues" => of::<S3ToQueues>(),
        "CloudTrailToTopics" => of::<CloudTrailToTopics>(),
        "BudgetsToTopics" => of::<BudgetsToTopics>(),
        "CloudTrailGrant" => of::<CloudTrailGrant>(),
        "LogDeliveryGrant" => of::<LogDeliveryGrant>(),
        "CloudFrontLogsGrant" => of::<CloudFrontLogsGrant>(),
        "ConfigDeliveryGrant" => of::<ConfigDeliveryGrant>(),
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use crate::check::Rule;
    use crate::check::rules::tests::{findings_after_fixes, findings_of};
    use crate::reference::{By, ResourceRef};

    fn alarm(extra: &str) -> String {
        format!("Resources:\n  Key:\n    Type: AWS::KMS::Key\n    Properties:\n      KeyPolicy:\n        Version: '2012-10-17'\n        Statement:\n          - Sid: Root\n            Effect: Allow\n            Principal: {{AWS: !Sub 'arn:${{AWS::Partition}}:iam::${{AWS::AccountId}}:root'}}\n            Action: kms:*\n            Resource: '*'\n{extra}  Topic:\n    Type: AWS::SNS::Topic\n    Properties:\n      KmsMasterKeyId: !GetAtt Key.Arn\n  Alarm:\n    Type: AWS::CloudWatch::Alarm\n    Properties:\n      ComparisonOperator: GreaterThanThreshold\n      EvaluationPeriods: 1\n      MetricName: Errors\n      Namespace: AWS/Lambda\n      Period: 60\n      Statistic: Sum\n      Threshold: 1\n      AlarmActions: [!Ref Topic]\n")
    }

    #[test]
    fn a_key_that_only_delegates_to_iam_refuses_cloudwatch() {
        let found = findings_of(&alarm(""), Rule::DeliveryKeyDeniesService);
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].logical_id, "Alarm");
        assert!(found[0].message.contains("delivers to topic `Topic`, encrypted with key `Key`, but KMS refuses its `kms:"), "{}", found[0].message);
        assert!(found[0].full_message().contains("`.grant(CloudWatchToTopics)`"), "{}", found[0].full_message());
        assert!(!found[0].message.contains(".grant("), "{}", found[0].message);
        assert!(found[0].message.contains("Give the key the statement for cloudwatch.amazonaws.com in its `KeyPolicy`"), "{}", found[0].message);
        // The statement to add, as template text, for a template read from a file.
        let Some(crate::check::TemplateFix::Statement { policy_of, statements, .. }) = found[0].fix.as_deref() else {
            panic!("a statement to add: {:?}", found[0].fix)
        };
        let [statement] = statements.as_slice() else { panic!("one statement: {statements:?}") };
        assert_eq!(policy_of, "Key");
        let statement = statement.as_map().unwrap();
        assert_eq!(statement.get("Principal").and_then(|p| p.as_map()).and_then(|p| p.get("Service")).and_then(|s| s.as_str()), Some("cloudwatch.amazonaws.com"));
        assert!(statement.get("Condition").is_some(), "{statement:?}");
        assert_eq!(
            found[0].targets,
            [
                ResourceRef { logical_id: "Key".to_owned(), attribute: Some("Arn".to_owned()), by: By::GetAtt },
                ResourceRef { logical_id: "Topic".to_owned(), attribute: None, by: By::Ref },
            ]
        );
    }

    #[test]
    fn the_statement_shown_lets_cloudwatch_in() {
        assert_eq!(findings_after_fixes(&alarm(""), Rule::DeliveryKeyDeniesService), []);
    }

    #[test]
    fn a_key_statement_for_cloudwatch_passes() {
        let statement = "          - Sid: CloudWatch\n            Effect: Allow\n            Principal: {Service: cloudwatch.amazonaws.com}\n            Action: [kms:Decrypt, kms:GenerateDataKey*]\n            Resource: '*'\n";
        assert_eq!(findings_of(&alarm(statement), Rule::DeliveryKeyDeniesService), []);
    }
}
