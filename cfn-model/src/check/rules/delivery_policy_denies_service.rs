//! `delivery-policy-denies-service`: A service delivers to a topic or queue whose policy does not let it in.

use crate::check::deliveries::{AttachedPolicy, Delivery, Target, refuses};
use crate::check::resolve::Env;
use crate::check::rule::{Descriptor, FixShown, Level};
use crate::check::{Findings, Rule};
use crate::node::Node;
use crate::policy::eval::{self};

pub(crate) const DESCRIPTOR: Descriptor = Descriptor {
    id: "delivery-policy-denies-service",
    summary: "A service delivering into a topic, queue or bucket is refused by that resource's policy (or it has none where one is needed).",
    description: "A service delivers into a topic, queue, bucket, Lambda function or log group of the template, and the target's resource policy (a topic or queue policy, a bucket policy, the function's `AWS::Lambda::Permission`s, the account's CloudWatch Logs resource policies), evaluated as AWS evaluates it for the service principal's request (`sns:Publish`, `sqs:SendMessage`, `s3:PutObject`, `lambda:InvokeFunction`, `logs:PutLogEvents`, with `aws:SourceAccount` and `aws:SourceArn` when the service sends them), refuses it, or the target has no policy and its default does not let the service in. Deliveries are refused: messages and logs are dropped, or the source fails to create where AWS checks the policy first. For a log group a resource policy outside the template may let the service in, so it is a warning outside a compliance-scoped stack. Allow the service in the target's policy, under the source conditions it sends.",
    level: Level::Error,
    aws_docs: &["https://docs.aws.amazon.com/AmazonS3/latest/userguide/grant-destinations-permissions-to-s3.html", "https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-use-resource-based.html", "https://docs.aws.amazon.com/awscloudtrail/latest/userguide/create-s3-bucket-policy-for-cloudtrail.html"],
    page: "docs/guarded/encrypted-messaging.md",
    fix: FixShown::InMessage,
};

/// The target's policy lets the service deliver. A queue or bucket without a policy refuses
/// every other principal; a topic without one keeps SNS's default policy, which lets in the
/// account's own principals and CloudWatch alarms but not EventBridge or S3.
pub(crate) fn check(
    env: &Env<'_>,
    policies: &[AttachedPolicy<'_>],
    delivery: &Delivery<'_>,
    findings: &mut Findings<'_>,
) {
    let (what, target_id) = (delivery.target.what(), delivery.target_id);
    let attached: Vec<&AttachedPolicy<'_>> = policies.iter().filter(|p| p.targets.contains(&target_id)).collect();
    let fix = match delivery.target {
        Target::LogGroup => format!(
            "Let it in with an `AWS::Logs::ResourcePolicy`: principal `{}` may call {} on the group's ARN (`${{Group.Arn}}`)",
            delivery.principal,
            delivery.policy_actions()
        ),
        Target::Function => format!(
            "Add an `AWS::Lambda::Permission` for it: `Action: lambda:InvokeFunction`, `Principal: {}`, `SourceAccount: !Ref AWS::AccountId` (and `SourceArn`) — `SecureBucket::notify_function` writes it",
            delivery.principal
        ),
        target => format!(
            "Allow it in the {what}'s policy: principal `{}` may call {} on the {what}, {} — {}",
            delivery.principal,
            delivery.policy_actions(),
            // Conditions on keys the service does not send would refuse it again.
            if delivery
                .policy_requests
                .iter()
                .all(|r| r.context.iter().any(|(key, _)| key.eq_ignore_ascii_case("aws:SourceAccount")))
            {
                "under `aws:SourceAccount` (and `aws:SourceArn`) conditions"
            } else {
                "with no `aws:SourceAccount` or `aws:SourceArn` condition (it sends neither, so such a condition would refuse it)"
            },
            match target {
                Target::Bucket =>
                    "`TrailBucket` (CloudTrail), `VendedLogsBucket` (log delivery), `AccessLogBucket` and `LoadBalancerLogBucket` (S3 server access logs, load balancers) write the statements for their services",
                _ => "`EncryptedTopic`/`EncryptedQueue` write this statement for every service their key lets in",
            }
        ),
    };
    // A log group's resource policies are the account's, up to ten per Region: one outside the
    // template may let the service in, so outside a scoped stack this is a warning.
    let mut report = |message: String| {
        let (rule, source, targets) = (Rule::DeliveryPolicyDeniesService, delivery.source_id, delivery.target_refs.clone());
        if delivery.target == Target::LogGroup {
            findings.error_in_scope_at(rule, source, targets, message);
        } else {
            findings.error_at(rule, source, targets, message);
        }
    };
    if attached.is_empty() {
        if !delivery.default_policy_allows {
            let outside = if delivery.target == Target::LogGroup {
                " (unless a CloudWatch Logs resource policy outside it, in this account and Region, lets it in)"
            } else {
                ""
            };
            report(format!(
                "{} delivers to {what} `{target_id}`, which has no policy in the template{outside}: the {what} refuses {}. {fix}",
                delivery.who, delivery.principal
            ));
        }
        return;
    }
    let resolve = |node: &Node| env.text(node);
    // Several policies on one target: the last one written wins in AWS; judge each.
    for policy in attached {
        let refusal = delivery.policy_requests.iter().find_map(|request| {
            let decision = eval::evaluate(&policy.document, request, &resolve);
            refuses(&decision).then(|| (request.action.clone(), decision))
        });
        if let Some((action, decision)) = refusal {
            let appended = if delivery.default_policy_allows {
                " (AWS appends the statements it needs when the first delivery is created, and the next stack update, which writes this policy again, removes them: the logs stop without an error)"
            } else {
                ""
            };
            report(format!(
                "{} delivers to {what} `{target_id}`, but its policy `{}` refuses the `{action}` request: {decision}{appended}. {fix}",
                delivery.who, policy.id
            ));
        }
    }
}


#[cfg(test)]
mod tests {
    use crate::check::Rule;
    use crate::check::rules::tests::findings_of;
    use crate::reference::{By, ResourceRef};

    const RULE: &str = "  Rule:\n    Type: AWS::Events::Rule\n    Properties:\n      EventPattern: {source: [aws.ec2]}\n      Targets: [{Id: topic, Arn: !Ref Topic}]\n";

    #[test]
    fn a_topic_without_a_policy_refuses_eventbridge() {
        let yaml = format!("Resources:\n  Topic:\n    Type: AWS::SNS::Topic\n{RULE}");
        let found = findings_of(&yaml, Rule::DeliveryPolicyDeniesService);
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].logical_id, "Rule");
        assert!(found[0].message.contains("delivers to topic `Topic`, which has no policy in the template"), "{}", found[0].message);
        assert_eq!(found[0].targets, [ResourceRef { logical_id: "Topic".to_owned(), attribute: None, by: By::Ref }]);
    }

    #[test]
    fn a_flow_log_into_a_bucket_whose_policy_refuses_it_names_the_bucket_as_its_arn_names_it() {
        let yaml = "Resources:\n  Logs:\n    Type: AWS::S3::Bucket\n  LogsPolicy:\n    Type: AWS::S3::BucketPolicy\n    Properties:\n      Bucket: !Ref Logs\n      PolicyDocument:\n        Version: '2012-10-17'\n        Statement:\n          - {Effect: Deny, Principal: '*', Action: 's3:*', Resource: !Sub '${Logs.Arn}/*'}\n  Flow:\n    Type: AWS::EC2::FlowLog\n    Properties:\n      ResourceId: vpc-1\n      ResourceType: VPC\n      TrafficType: ALL\n      LogDestinationType: s3\n      LogDestination: !Sub '${Logs.Arn}/flow'\n";
        let found = findings_of(yaml, Rule::DeliveryPolicyDeniesService);
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(found[0].message.contains("delivers to bucket `Logs`, but its policy `LogsPolicy` refuses"), "{}", found[0].message);
        assert_eq!(found[0].targets.iter().map(|t| t.logical_id.as_str()).collect::<Vec<_>>(), ["Logs"]);
    }

    #[test]
    fn a_topic_policy_that_lets_eventbridge_publish_passes() {
        let policy = "  Policy:\n    Type: AWS::SNS::TopicPolicy\n    Properties:\n      Topics: [!Ref Topic]\n      PolicyDocument:\n        Version: '2012-10-17'\n        Statement:\n          - {Effect: Allow, Principal: {Service: events.amazonaws.com}, Action: sns:Publish, Resource: !Ref Topic}\n";
        let yaml = format!("Resources:\n  Topic:\n    Type: AWS::SNS::Topic\n{policy}{RULE}");
        assert_eq!(findings_of(&yaml, Rule::DeliveryPolicyDeniesService), []);
    }
}
