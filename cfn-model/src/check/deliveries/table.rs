//! The deliveries of messages into topics and queues, one row each: which resource delivers, from
//! which property, into what, as which service principal, asking what, with which conditions, and
//! the grant that lets it into the target's key — the grant as its Rust type, so renaming the type
//! breaks the build here rather than leaving a message that names nothing.
//!
//! To add a delivery of messages: add a row (and, if the service needs a key statement no grant
//! writes yet, a grant type in `secure/grants.rs`), a test, and a line on its guide page.

use crate::node::{Node, NodeMap};
use crate::proof::grants::{
    BudgetsToTopics, CloudTrailToTopics, CloudWatchToTopics, EventBridgeToQueues, EventBridgeToTopics, Grant,
    S3ToQueues, S3ToTopics, SnsToQueues,
};

use super::Target;

/// A grant type, by its name: `grant::<CloudWatchToTopics>`.
pub(crate) type GrantName = fn() -> &'static str;

/// The name of the grant type `G` (`CloudWatchToTopics`), as the typed API spells it.
pub(crate) fn grant<G: Grant>() -> &'static str {
    let path = std::any::type_name::<G>();
    path.rsplit("::").next().unwrap_or(path)
}

/// One delivery of messages a service makes into a topic or queue.
pub(crate) struct Row {
    /// The resource that delivers.
    pub resource_type: &'static str,
    /// Where it names its targets, for people (the finder is [`Row::targets`]): the tests hold
    /// one row per resource type, property and kind of target.
    #[cfg_attr(not(test), allow(dead_code))]
    pub property: &'static str,
    /// What it delivers into.
    pub target: Target,
    /// Who delivers, in messages.
    pub who: &'static str,
    /// The delivering service's principal.
    pub principal: &'static str,
    /// What the target's policy is asked.
    pub action: &'static str,
    /// What the target's key is asked, in the service's name.
    pub key_actions: &'static [&'static str],
    /// The condition keys the service sends with its requests, besides `aws:PrincipalIsAWSService`
    /// (`aws:SourceArn` when the source has an ARN) and the encryption context.
    pub conditions: &'static [&'static str],
    /// The grant that writes the key statement the service needs.
    pub grant: GrantName,
    /// What happens when the key refuses.
    pub failure: &'static str,
    /// The values of a resource's properties that name targets (before the template is asked
    /// which resource each names).
    pub targets: fn(&NodeMap) -> Vec<&Node>,
}

/// What SNS and SQS ask KMS for in the delivering service's name.
const DATA_KEY: &[&str] = &["kms:GenerateDataKey", "kms:Decrypt"];

/// Every message delivery the check judges. An EventBridge rule's targets and a bucket's
/// notifications are read in `deliveries.rs` (their targets may be of several kinds, tried in
/// order), with these rows.
pub(crate) const ROWS: &[Row] = &[
    ALARM,
    COMPOSITE_ALARM,
    RULE_TO_TOPIC,
    RULE_TO_QUEUE,
    S3_TO_TOPIC,
    S3_TO_QUEUE,
    SUBSCRIPTION,
    TOPIC_SUBSCRIPTION,
    TRAIL,
    BUDGET,
];

const SOURCE: &[&str] = &["aws:SourceAccount", "aws:SourceArn"];

/// CloudWatch alarm actions. See
/// <https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/AlarmThatSendsEmail.html> and
/// <https://docs.aws.amazon.com/sns/latest/dg/sns-key-management.html>.
pub(crate) const ALARM: Row = Row {
    resource_type: "AWS::CloudWatch::Alarm",
    property: "AlarmActions, OKActions, InsufficientDataActions",
    target: Target::Topic,
    who: "CloudWatch (this alarm's actions)",
    principal: "cloudwatch.amazonaws.com",
    action: "sns:Publish",
    key_actions: DATA_KEY,
    conditions: SOURCE,
    grant: grant::<CloudWatchToTopics>,
    failure: "the messages are dropped without an error",
    targets: alarm_actions,
};

/// A composite alarm's actions publish as CloudWatch does for a metric alarm: the same principal,
/// the same key statement, and an alarm ARN (`arn:…:cloudwatch:<region>:<account>:alarm:<name>`)
/// as `aws:SourceArn`. See
/// <https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/Create_Composite_Alarm.html> and
/// <https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/AlarmThatSendsEmail.html>.
pub(crate) const COMPOSITE_ALARM: Row = Row {
    resource_type: "AWS::CloudWatch::CompositeAlarm",
    who: "CloudWatch (this composite alarm's actions)",
    ..ALARM
};

fn alarm_actions(props: &NodeMap) -> Vec<&Node> {
    ["AlarmActions", "OKActions", "InsufficientDataActions"].into_iter().flat_map(|p| items(props.get(p))).collect()
}

/// EventBridge rule targets. See <https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-use-resource-based.html>.
pub(crate) const RULE_TO_TOPIC: Row = Row {
    resource_type: "AWS::Events::Rule",
    property: "Targets[].Arn",
    target: Target::Topic,
    who: "EventBridge (this rule's target)",
    principal: "events.amazonaws.com",
    action: "sns:Publish",
    key_actions: DATA_KEY,
    conditions: SOURCE,
    grant: grant::<EventBridgeToTopics>,
    failure: "the messages are dropped without an error",
    targets: rule_targets,
};

pub(crate) const RULE_TO_QUEUE: Row =
    Row { target: Target::Queue, action: "sqs:SendMessage", grant: grant::<EventBridgeToQueues>, ..RULE_TO_TOPIC };

fn rule_targets(props: &NodeMap) -> Vec<&Node> {
    items(props.get("Targets")).into_iter().filter_map(|t| t.as_map()?.get("Arn")).collect()
}

/// S3 event notifications. See <https://docs.aws.amazon.com/AmazonS3/latest/userguide/grant-destinations-permissions-to-s3.html>.
pub(crate) const S3_TO_TOPIC: Row = Row {
    resource_type: "AWS::S3::Bucket",
    property: "NotificationConfiguration.TopicConfigurations[].Topic",
    target: Target::Topic,
    who: "S3 (this bucket's event notifications)",
    principal: "s3.amazonaws.com",
    action: "sns:Publish",
    key_actions: DATA_KEY,
    conditions: SOURCE,
    grant: grant::<S3ToTopics>,
    failure: "the messages are dropped without an error",
    targets: |props| notifications(props, "TopicConfigurations", "Topic"),
};

pub(crate) const S3_TO_QUEUE: Row = Row {
    property: "NotificationConfiguration.QueueConfigurations[].Queue",
    target: Target::Queue,
    action: "sqs:SendMessage",
    grant: grant::<S3ToQueues>,
    targets: |props| notifications(props, "QueueConfigurations", "Queue"),
    ..S3_TO_TOPIC
};

fn notifications<'p>(props: &'p NodeMap, list: &str, key: &str) -> Vec<&'p Node> {
    let configuration = props.get("NotificationConfiguration").and_then(Node::as_map);
    items(configuration.and_then(|c| c.get(list))).into_iter().filter_map(|e| e.as_map()?.get(key)).collect()
}

/// An SNS subscription of protocol `sqs`. See <https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-key-management.html>.
pub(crate) const SUBSCRIPTION: Row = Row {
    resource_type: "AWS::SNS::Subscription",
    property: "Endpoint (Protocol: sqs)",
    target: Target::Queue,
    who: "SNS (this subscription)",
    principal: "sns.amazonaws.com",
    action: "sqs:SendMessage",
    key_actions: DATA_KEY,
    conditions: SOURCE,
    grant: grant::<SnsToQueues>,
    failure: "the messages are dropped without an error",
    targets: |props| match props.get("Protocol").and_then(Node::as_str) {
        Some("sqs") if props.get("TopicArn").is_some() => props.get("Endpoint").into_iter().collect(),
        _ => Vec::new(),
    },
};

/// A topic's own `Subscription` list, protocol `sqs`.
pub(crate) const TOPIC_SUBSCRIPTION: Row = Row {
    resource_type: "AWS::SNS::Topic",
    property: "Subscription[].Endpoint (Protocol: sqs)",
    targets: |props| {
        items(props.get("Subscription"))
            .into_iter()
            .filter_map(Node::as_map)
            .filter(|s| s.get("Protocol").and_then(Node::as_str) == Some("sqs"))
            .filter_map(|s| s.get("Endpoint"))
            .collect()
    },
    ..SUBSCRIPTION
};

/// A trail's notifications of each log file delivered (`SnsTopicName` takes the topic's name or
/// ARN). See <https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-permissions-for-sns-notifications.html>.
pub(crate) const TRAIL: Row = Row {
    resource_type: "AWS::CloudTrail::Trail",
    property: "SnsTopicName",
    target: Target::Topic,
    who: "CloudTrail (this trail's notifications)",
    principal: "cloudtrail.amazonaws.com",
    action: "sns:Publish",
    key_actions: DATA_KEY,
    conditions: SOURCE,
    grant: grant::<CloudTrailToTopics>,
    failure: "the messages are dropped without an error",
    targets: |props| props.get("SnsTopicName").into_iter().collect(),
};

/// Budget alerts to subscribers of type `SNS`. See <https://docs.aws.amazon.com/cost-management/latest/userguide/budgets-sns-policy.html>.
pub(crate) const BUDGET: Row = Row {
    resource_type: "AWS::Budgets::Budget",
    property: "NotificationsWithSubscribers[].Subscribers[].Address (SubscriptionType: SNS)",
    target: Target::Topic,
    who: "AWS Budgets (this budget's notifications)",
    principal: "budgets.amazonaws.com",
    action: "sns:Publish",
    key_actions: DATA_KEY,
    conditions: SOURCE,
    grant: grant::<BudgetsToTopics>,
    failure: "the messages are dropped without an error",
    targets: |props| {
        items(props.get("NotificationsWithSubscribers"))
            .into_iter()
            .flat_map(|n| items(n.as_map().and_then(|n| n.get("Subscribers"))))
            .filter_map(Node::as_map)
            .filter(|s| s.get("SubscriptionType").and_then(Node::as_str) == Some("SNS"))
            .filter_map(|s| s.get("Address"))
            .collect()
    },
};

fn items(node: Option<&Node>) -> Vec<&Node> {
    match node {
        Some(Node::List(items)) => items.iter().collect(),
        _ => Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn grants_are_named_by_their_types() {
        assert_eq!((ALARM.grant)(), "CloudWatchToTopics");
        // A composite alarm needs the very statement a metric alarm does.
        assert_eq!((COMPOSITE_ALARM.grant)(), "CloudWatchToTopics");
        assert_eq!(COMPOSITE_ALARM.principal, ALARM.principal);
        assert_eq!((RULE_TO_QUEUE.grant)(), "EventBridgeToQueues");
    }

    #[test]
    fn each_resource_and_property_has_one_row_per_target_kind() {
        for (i, row) in ROWS.iter().enumerate() {
            assert!(
                !ROWS[i + 1..]
                    .iter()
                    .any(|r| (r.resource_type, r.property, r.target) == (row.resource_type, row.property, row.target)),
                "{} {} twice",
                row.resource_type,
                row.property
            );
        }
    }
}
