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
    description: "A value that names an SQS queue of the template by its `Ref` (which is the queue's URL) or by its URL or name is given where AWS requires the queue's ARN: an SNS subscription's `Endpoint` with protocol `sqs`, an EventBridge rule's target `Arn`, an S3 notification's `Queue`. SNS refuses the subscription (\"Invalid parameter: SQS endpoint ARN\"), EventBridge and S3 reject the target, and the stack fails. Use `Fn::GetAtt Queue.Arn` (`queue.arn()` in typed code).",
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
    findings.error_at(
        Rule::QueueUrlForArn,
        source_id,
        env.ref_to(node, id, "AWS::SQS::Queue"),
        format!(
            "a queue ARN is required here, but this is {what}, and AWS refuses it (SNS: \"Invalid parameter: SQS endpoint ARN\"; EventBridge and S3 reject the target). Use `Fn::GetAtt {id}.Arn` (`queue.arn()` of `QueueHandles`)"
        ),
    );
    None
}


#[cfg(test)]
mod tests {
    use crate::check::Rule;
    use crate::check::rules::tests::findings_of;

    fn subscription(endpoint: &str) -> String {
        format!("Resources:\n  Topic:\n    Type: AWS::SNS::Topic\n  Work:\n    Type: AWS::SQS::Queue\n  Subscription:\n    Type: AWS::SNS::Subscription\n    Properties:\n      Protocol: sqs\n      TopicArn: !Ref Topic\n      Endpoint: {endpoint}\n")
    }

    #[test]
    fn a_queue_ref_as_a_subscription_endpoint_is_refused() {
        let found = findings_of(&subscription("!Ref Work"), Rule::QueueUrlForArn);
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].logical_id, "Subscription");
        assert!(found[0].message.starts_with("a queue ARN is required here, but this is `Ref Work`: a queue's `Ref` is its URL"), "{}", found[0].message);
    }

    #[test]
    fn the_queue_arn_passes() {
        assert_eq!(findings_of(&subscription("!GetAtt Work.Arn"), Rule::QueueUrlForArn), []);
    }
}
