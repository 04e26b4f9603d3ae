//! `delivery-before-policy`: A bucket notifies a topic or queue without being created after the destination's policy.

use crate::check::deliveries::{AttachedPolicy, Delivery};
use crate::check::rule::{Descriptor, FixShown, Level};
use crate::check::{Findings, Rule};
use crate::template::Template;

pub(crate) const DESCRIPTOR: Descriptor = Descriptor {
    id: "delivery-before-policy",
    summary: "An S3 notification, trail or vended log is not created after the policy of its destination, which AWS checks when it is created: the stack fails.",
    description: "A bucket notifies a topic or queue without being created after the destination's policy.",
    level: Level::Error,
    aws_docs: &["https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-attribute-dependson.html", "https://docs.aws.amazon.com/AmazonS3/latest/userguide/grant-destinations-permissions-to-s3.html", "https://docs.aws.amazon.com/awscloudtrail/latest/userguide/create-s3-bucket-policy-for-cloudtrail.html"],
    page: "docs/guarded/encrypted-messaging.md",
    fix: FixShown::InMessage,
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
            findings.error(
                Rule::DeliveryBeforePolicy,
                delivery.source_id,
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
        }
    }
}

