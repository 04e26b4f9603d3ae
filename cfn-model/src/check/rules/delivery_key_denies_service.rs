//! `delivery-key-denies-service`: A service delivers to a topic or queue whose customer key does not let it in: the messages are dropped.

use std::collections::HashMap;

use crate::check::deliveries::{Delivery, Target, refuses};
use crate::check::resolve::{Env, referenced};
use crate::check::rule::{Descriptor, FixShown, Level};
use crate::check::{Findings, Rule};
use crate::node::Node;
use crate::policy::eval::{self, Request};

pub(crate) const DESCRIPTOR: Descriptor = Descriptor {
    id: "delivery-key-denies-service",
    summary: "A service delivering into a topic, queue or bucket (CloudWatch alarms, EventBridge, S3 notifications, SNS, CloudTrail, log delivery) is refused by the key that encrypts what it delivers: the messages are dropped or the stack fails.",
    description: "A service delivers to a topic or queue whose customer key does not let it in: the messages are dropped.",
    level: Level::Error,
    aws_docs: &["https://docs.aws.amazon.com/sns/latest/dg/sns-key-management.html", "https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-key-management.html", "https://docs.aws.amazon.com/awscloudtrail/latest/userguide/create-kms-key-policy-for-cloudtrail.html"],
    page: "docs/guarded/encrypted-messaging.md",
    fix: FixShown::InMessage,
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
            findings.error(
                Rule::DeliveryKeyDeniesService,
                delivery.source_id,
                format!(
                    "{} {delivers}, but KMS refuses its `{}` request: {decision}. So {}. Give the key the statement for {}: {} where its `KeyPolicy` is built",
                    delivery.who, request.action, delivery.key_refused, delivery.principal, delivery.grant(),
                ),
            );
            return;
        }
    }
}

