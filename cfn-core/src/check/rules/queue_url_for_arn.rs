//! `queue-url-for-arn`: A queue's `Ref` (its URL) where AWS needs its ARN.

use crate::check::resolve::Env;
use crate::check::rule::{Descriptor, FixShown, Level};
use crate::check::fixes::{self, get_att};
use crate::check::{Findings, Rule, TemplateFix};
use crate::node::Node;
use crate::identity::As;
use crate::reference::{self, By, ResourceRef};

pub(crate) const DESCRIPTOR: Descriptor = Descriptor {
    id: "queue-url-for-arn",
    summary: "A queue's Ref (its URL) is given where AWS needs the queue's ARN (a subscription endpoint, a rule target, a notification).",
    description: "A value that names an SQS queue of the template by its `Ref` (which is the queue's URL) or by its URL or name is given where AWS requires the queue's ARN: an SNS subscription's `Endpoint` with protocol `sqs`, an EventBridge rule's target `Arn`, an S3 notification's `Queue`. SNS refuses the subscription (\"Invalid parameter: SQS endpoint ARN\"), EventBridge and S3 reject the target, and the stack fails. Use `Fn::GetAtt Queue.Arn`⟦ (`queue.arn()` in typed code)⟧.",
    level: Level::Error,
    aws_docs: &["https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-sqs-queue.html"],
    page: "docs/guarded/encrypted-messaging.md",
    fix: FixShown::TemplateText,
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
            "a queue ARN is required here, but this is {what}, and AWS refuses it (SNS: \"Invalid parameter: SQS endpoint ARN\"; EventBridge and S3 reject the target). Use `Fn::GetAtt {id}.Arn`⟦ (`queue.arn()` of `QueueHandles`)⟧"
        ),
    );
    if let Some(path) = fixes::path_of(env, source_id, node) {
        findings.with_fix(TemplateFix::Property { resource: source_id.to_owned(), path, value: get_att(id, "Arn") });
    }
    None
}


#[cfg(test)]
mod tests {
    use crate::check::Rule;
    use crate::check::rules::tests::{findings_after_fixes, findings_of};

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

    #[test]
    fn the_value_shown_is_the_queue_arn_where_the_url_was() {
        let found = findings_of(&subscription("!Ref Work"), Rule::QueueUrlForArn);
        let Some(crate::check::TemplateFix::Property { resource, path, value }) = found[0].fix.as_deref() else {
            panic!("a property to set: {:?}", found[0].fix)
        };
        assert_eq!((resource.as_str(), path.as_slice()), ("Subscription", &["Endpoint".to_owned()][..]));
        assert_eq!(crate::emit::write_node(value, crate::format::Format::Yaml).unwrap(), "!GetAtt Work.Arn\n");
        assert_eq!(findings_after_fixes(&subscription("!Ref Work"), Rule::QueueUrlForArn), []);
    }

    #[test]
    fn a_rule_target_named_by_url_is_changed_in_its_list() {
        let yaml = "Resources:\n  Work:\n    Type: AWS::SQS::Queue\n  Rule:\n    Type: AWS::Events::Rule\n    Properties:\n      EventPattern: {source: [aws.ec2]}\n      Targets:\n        - {Id: first, Arn: !GetAtt Work.Arn}\n        - {Id: second, Arn: !GetAtt Work.QueueUrl}\n";
        let found = findings_of(yaml, Rule::QueueUrlForArn);
        assert_eq!(found.len(), 1, "{found:?}");
        let Some(crate::check::TemplateFix::Property { path, .. }) = found[0].fix.as_deref() else { panic!("{:?}", found[0].fix) };
        assert_eq!(path, &["Targets", "1", "Arn"]);
        assert_eq!(findings_after_fixes(yaml, Rule::QueueUrlForArn), []);
    }
}
