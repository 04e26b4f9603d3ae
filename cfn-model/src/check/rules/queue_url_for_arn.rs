//! `queue-url-for-arn`: A queue's `Ref` (its URL) where AWS needs its ARN.

use crate::check::resolve::Env;
use crate::check::rule::{Descriptor, FixShown, Level};
use crate::check::{Findings, Rule};
use crate::node::Node;
use crate::identity::As;
use crate::reference::{self, By, ResourceRef};

pub(crate) const DESCRIPTOR: Descriptor = Descriptor {
    id: "queue-url-for-arn",
    summary: "A queue's Ref (its URL) is given where AWS needs the queue's ARN (a subscription endpoint, a rule target, a notification).",
    description: "A queue's `Ref` (its URL) where AWS needs its ARN.",
    level: Level::Error,
    aws_docs: &["https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-sqs-queue.html"],
    page: "docs/guarded/encrypted-messaging.md",
    fix: FixShown::InMessage,
};

/// A queue named by `node`, where a queue ARN is required: `Fn::GetAtt X.Arn`. A queue's `Ref`
/// is its URL, which SNS, EventBridge and S3 refuse: reported here.
pub(crate) fn queue<'t>(env: &Env<'t>, node: &Node, source_id: &str, findings: &mut Findings<'_>) -> Option<&'t str> {
    let (id, form) = env.named_whole(node, "AWS::SQS::Queue")?;
    if form == As::Arn {
        return Some(id);
    }
    let by_ref = matches!(env.target(node), reference::Target::Resource(ResourceRef { by: By::Ref, .. }));
    let what = match &form {
        _ if by_ref => format!("`Ref {id}`: a queue's `Ref` is its URL"),
        As::Url => format!("queue `{id}`'s URL (`{}`)", env.text(node).unwrap_or_default()),
        other => format!("queue `{id}` by {} (`{}`)", other.what(), env.text(node).unwrap_or_default()),
    };
    findings.error(
        Rule::QueueUrlForArn,
        source_id,
        format!(
            "a queue ARN is required here, but this is {what}, and AWS refuses it (SNS: \"Invalid parameter: SQS endpoint ARN\"; EventBridge and S3 reject the target). Use `Fn::GetAtt {id}.Arn` (`queue.arn()` of `QueueHandles`)"
        ),
    );
    None
}

