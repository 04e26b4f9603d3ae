//! `delivery-managed-key`: A service delivers to a topic or queue encrypted with the AWS managed key, whose policy cannot let it in.

use crate::check::deliveries::Delivery;
use crate::check::resolve::Env;
use crate::check::rule::{Descriptor, FixShown, Level};
use crate::check::{Findings, Rule};

pub(crate) const DESCRIPTOR: Descriptor = Descriptor {
    id: "delivery-managed-key",
    summary: "A service delivers into a topic or queue encrypted with the AWS managed key (alias/aws/sns, alias/aws/sqs), whose policy cannot let it in: every message is dropped.",
    description: "A service delivers to a topic or queue encrypted with the AWS managed key, whose policy cannot let it in.",
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
        findings.error(
            Rule::DeliveryManagedKey,
            delivery.source_id,
            format!(
                "{} delivers to {what} `{target_id}`, which is encrypted with the AWS managed key `{alias}`: that key's policy cannot be changed to let {} in, so every message is dropped without an error. Encrypt the {what} with a customer managed key whose policy has {} (`EncryptedTopic`/`EncryptedQueue` over a `KmsKey` with that grant)",
                delivery.who, delivery.principal, delivery.grant(),
            ),
        );
    }
}
