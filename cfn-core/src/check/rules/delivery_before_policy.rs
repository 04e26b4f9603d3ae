//! `delivery-before-policy`: A bucket notifies a topic or queue without being created after the destination's policy.

use crate::check::deliveries::{AttachedPolicy, Delivery};
use crate::check::rule::{Descriptor, FixShown, Level};
use crate::check::fixes::dependencies;
use crate::check::{Findings, Rule, TemplateFix};
use crate::template::Template;

pub(crate) const DESCRIPTOR: Descriptor = Descriptor {
    id: "delivery-before-policy",
    summary: "An S3 notification, trail or vended log is not created after the policy of its destination, which AWS checks when it is created: the stack fails.",
    description: "An S3 bucket with event notifications, a CloudTrail trail, a vended-logs source, a load balancer with access logs or an AWS Config delivery channel delivers into a target whose policy AWS checks when the source is created or configured, and the source is not created after that policy of the template (no `DependsOn` on it). CloudFormation creates independent resources in parallel, so the source may be created first and AWS refuses it (\"Unable to validate the following destination configurations\", `InsufficientSnsTopicPolicyException`, `InsufficientS3BucketPolicyException`, `InsufficientDeliveryPolicyException`): the stack fails, sometimes only on some deployments. Add `DependsOn` on the target's policy.",
    level: Level::Error,
    aws_docs: &["https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-attribute-dependson.html", "https://docs.aws.amazon.com/AmazonS3/latest/userguide/grant-destinations-permissions-to-s3.html", "https://docs.aws.amazon.com/awscloudtrail/latest/userguide/create-s3-bucket-policy-for-cloudtrail.html"],
    page: "docs/guarded/encrypted-messaging.md",
    fix: FixShown::TemplateText,
};

/// AWS checks the target's policy when the source is created (S3 notifications, trails): the
/// source must depend on the policy, or the stack fails when CloudFormation creates them in the
/// wrong order.
pub(crate) fn check(
    template: &Template,
    policies: &[AttachedPolicy<'_>],
    delivery: &Delivery<'_>,
    failure: &str,
    findings: &mut Findings<'_>,
) {
    let Some(source) = template.resources.get(delivery.source_id) else { return };
    let depends_on = &source.attributes.depends_on;
    for policy in policies.iter().filter(|p| p.targets.contains(&delivery.target_id)) {
        if !depends_on.iter().any(|d| d == policy.id) {
            findings.error_at(
                Rule::DeliveryBeforePolicy,
                delivery.source_id,
                delivery.target_refs.clone(),
                format!(
                    "{} delivers to {} `{}`, but this resource is not created after that {}'s policy `{}`: {failure} if the policy is not there yet. Add `DependsOn: {}`",
                    delivery.who,
                    delivery.target.what(),
                    delivery.target_id,
                    delivery.target.what(),
                    policy.id,
                    policy.id
                ),
            );
            // Unless the policy is itself created after the source (its `aws:SourceArn` condition
            // names the bucket): then the `DependsOn` would close a cycle.
            if !dependencies(template, policy.id).contains(delivery.source_id) {
                findings.with_fix(TemplateFix::DependsOn {
                    resource: delivery.source_id.to_owned(),
                    on: vec![policy.id.to_owned()],
                });
            }
        }
    }
}


#[cfg(test)]
mod tests {
    use crate::check::Rule;
    use crate::check::rules::tests::{findings_after_fixes, findings_of};

    fn bucket(depends_on: &str) -> String {
        format!("Resources:\n  Topic:\n    Type: AWS::SNS::Topic\n  Policy:\n    Type: AWS::SNS::TopicPolicy\n    Properties:\n      Topics: [!Ref Topic]\n      PolicyDocument:\n        Version: '2012-10-17'\n        Statement:\n          - {{Effect: Allow, Principal: {{Service: s3.amazonaws.com}}, Action: sns:Publish, Resource: !Ref Topic}}\n  Bucket:\n    Type: AWS::S3::Bucket\n{depends_on}    Properties:\n      NotificationConfiguration:\n        TopicConfigurations:\n          - {{Event: 's3:ObjectCreated:*', Topic: !Ref Topic}}\n")
    }

    #[test]
    fn a_bucket_not_created_after_the_topic_policy_may_fail_the_stack() {
        let found = findings_of(&bucket(""), Rule::DeliveryBeforePolicy);
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].logical_id, "Bucket");
        assert!(found[0].message.contains("delivers to topic `Topic`, but this resource is not created after that topic's policy `Policy`"), "{}", found[0].message);
        assert!(found[0].message.ends_with("Add `DependsOn: Policy`"), "{}", found[0].message);
    }

    #[test]
    fn depending_on_the_policy_passes() {
        assert_eq!(findings_of(&bucket("    DependsOn: Policy\n"), Rule::DeliveryBeforePolicy), []);
    }

    #[test]
    fn the_depends_on_shown_orders_the_bucket_after_the_policy() {
        let found = findings_of(&bucket(""), Rule::DeliveryBeforePolicy);
        assert_eq!(
            found[0].fix.as_deref(),
            Some(&crate::check::TemplateFix::DependsOn { resource: "Bucket".to_owned(), on: vec!["Policy".to_owned()] })
        );
        assert_eq!(findings_after_fixes(&bucket(""), Rule::DeliveryBeforePolicy), []);
    }

    #[test]
    fn no_depends_on_is_shown_where_it_would_close_a_cycle() {
        let yaml = bucket("").replace("Resource: !Ref Topic}", "Resource: !Ref Topic, Condition: {ArnLike: {'aws:SourceArn': !GetAtt Bucket.Arn}}}");
        let found = findings_of(&yaml, Rule::DeliveryBeforePolicy);
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].fix, None);
    }
}
