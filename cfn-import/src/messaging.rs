//! Encrypted SNS topics and SQS queues as `EncryptedTopic` and `EncryptedQueue` write them, and
//! the audit trail as `AuditTrail` writes it into a `TrailBucket`: the resources are built with
//! the library and compared as JSON with what the template holds, so the typed form is written
//! only where it writes the template as it stands (or where the program fails to compile anyway,
//! with the guard's message).
//!
//! A service that delivers to an encrypted topic or queue needs the target's policy and the key's
//! policy to let it in: <https://docs.aws.amazon.com/sns/latest/dg/sns-key-management.html>,
//! <https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-key-management.html>.

use cfn_model::Template;
use cfn_model::secure::{
    AuditTrail, BudgetsToTopics, CloudTrailGrant, CloudTrailToTopics, CloudWatchToTopics, EncryptedLogGroup,
    EncryptedQueue, EncryptedTopic, EventBridgeToQueues, EventBridgeToTopics, GrantSet, KeyPolicy, KmsKey, LogsGrant,
    S3ToQueues, S3ToTopics, SnsToQueues, TrailBucket,
};
use serde_json::{Map, Value as J};

/// A topic or a queue.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Topic,
    Queue,
}

impl Kind {
    /// The CloudFormation type of the topic or queue, and of its policy.
    pub fn types(self) -> (&'static str, &'static str) {
        match self {
            Kind::Topic => ("AWS::SNS::Topic", "AWS::SNS::TopicPolicy"),
            Kind::Queue => ("AWS::SQS::Queue", "AWS::SQS::QueuePolicy"),
        }
    }

    /// The construct, the field of its handles that holds the topic or queue, and the generated
    /// type `configure` takes.
    pub fn construct(self) -> (&'static str, &'static str, &'static str) {
        match self {
            Kind::Topic => ("secure::EncryptedTopic", "topic", "sns::Topic"),
            Kind::Queue => ("secure::EncryptedQueue", "queue", "sqs::Queue"),
        }
    }

    /// The delivery grants whose statements the construct writes into the policy, in the order
    /// it writes them.
    pub fn grants(self) -> &'static [&'static str] {
        match self {
            Kind::Topic => &TOPIC_GRANTS,
            Kind::Queue => &QUEUE_GRANTS,
        }
    }
}

/// The grants that let a service publish to an encrypted topic, in the order `EncryptedTopic`
/// writes their policy statements (a unit test checks the order against the library).
const TOPIC_GRANTS: [&str; 5] =
    ["CloudWatchToTopics", "EventBridgeToTopics", "S3ToTopics", "CloudTrailToTopics", "BudgetsToTopics"];

/// The grants that let a service send to an encrypted queue, in the order `EncryptedQueue` writes
/// their policy statements.
const QUEUE_GRANTS: [&str; 3] = ["SnsToQueues", "EventBridgeToQueues", "S3ToQueues"];

/// What the construct writes for logical ID `id` encrypted with key `key` whose policy holds
/// `held` grants: the topic or queue resource, and its policy resource (`<id>Policy`). The
/// resources are the library's own, built with a key of each grant alone and put together in the
/// construct's order.
pub fn written(kind: Kind, id: &str, key: &str, held: &[&str]) -> Option<(J, J)> {
    let (resource, mut policy) = build(kind, id, key, "")?;
    let statements = policy.pointer_mut("/Properties/PolicyDocument/Statement")?.as_array_mut()?;
    for grant in kind.grants().iter().filter(|g| held.contains(g)) {
        let (_, alone) = build(kind, id, key, grant)?;
        let added = alone.pointer("/Properties/PolicyDocument/Statement")?.as_array()?.get(1)?.clone();
        statements.push(added);
    }
    Some((resource, policy))
}

/// The resources of the construct with a key holding `grant` alone (none for `""`).
fn build(kind: Kind, id: &str, key: &str, grant: &str) -> Option<(J, J)> {
    let root = KeyPolicy::account_root();
    match grant {
        "" => with_key(kind, id, key, root),
        "CloudWatchToTopics" => with_key(kind, id, key, root.grant(CloudWatchToTopics)),
        "EventBridgeToTopics" => with_key(kind, id, key, root.grant(EventBridgeToTopics)),
        "S3ToTopics" => with_key(kind, id, key, root.grant(S3ToTopics)),
        "CloudTrailToTopics" => with_key(kind, id, key, root.grant(CloudTrailToTopics)),
        "BudgetsToTopics" => with_key(kind, id, key, root.grant(BudgetsToTopics)),
        "SnsToQueues" => with_key(kind, id, key, root.grant(SnsToQueues)),
        "EventBridgeToQueues" => with_key(kind, id, key, root.grant(EventBridgeToQueues)),
        "S3ToQueues" => with_key(kind, id, key, root.grant(S3ToQueues)),
        _ => None,
    }
}

fn with_key<G: GrantSet>(kind: Kind, id: &str, key: &str, policy: KeyPolicy<G>) -> Option<(J, J)> {
    let mut t = Template::new();
    let key = t.add(key, KmsKey::new(policy));
    match kind {
        Kind::Topic => {
            t.build(id, EncryptedTopic::new(key.arn()));
        }
        Kind::Queue => {
            t.build(id, EncryptedQueue::new(key.arn()));
        }
    }
    let resources = resources(&t)?;
    Some((resources.get(id)?.clone(), resources.get(&format!("{id}Policy"))?.clone()))
}

/// The `Resources` of a template built with the library, as JSON.
fn resources(t: &Template) -> Option<Map<String, J>> {
    t.to_node().to_json_value().get("Resources")?.as_object().cloned()
}

/// How a trail is written: its logical ID, its bucket's and its key's, and optionally the topic
/// it notifies (with that topic's key) and whether it logs S3 data events.
pub struct TrailShape<'a> {
    pub trail: &'a str,
    pub bucket: &'a str,
    pub key: &'a str,
    pub topic: Option<(&'a str, &'a str)>,
    /// The log group it delivers to, and that group's key.
    pub logs: Option<(&'a str, &'a str)>,
    pub data_events: bool,
}

/// The resources of an audit trail, as the library writes them.
pub struct TrailWritten {
    pub bucket: J,
    pub bucket_policy: J,
    pub trail: J,
    /// The policy and role it writes for its log group, by logical ID.
    pub logs: Vec<(String, J)>,
}

/// What `TrailBucket::new(key)` and `AuditTrail::new(&bucket, key)` (with `notify(&topic)`,
/// `cloudwatch_logs(&group)` and `log_all_s3_data_events()` as `shape` says) write: the bucket,
/// its policy (`<bucket>Policy`), the trail, and the policy and role it writes for its log group
/// (`<trail>LogsPolicy`, `<trail>LogsRole`) by logical ID.
pub fn trail_written(shape: &TrailShape<'_>) -> Option<TrailWritten> {
    let mut t = Template::new();
    // The keys' grants decide only the keys' policies, which are not compared here.
    let key = t.add(
        shape.key,
        KmsKey::new(KeyPolicy::account_root().grant_s3().grant(CloudTrailGrant).grant_logs(LogsGrant::account_wide())),
    );
    let bucket = t.build(shape.bucket, TrailBucket::new(key.arn()));
    let mut trail = AuditTrail::new(&bucket, key.arn());
    if shape.data_events {
        trail = trail.log_all_s3_data_events();
    }
    if let Some((group, group_key)) = shape.logs {
        let group = if group_key == shape.key {
            t.add(group, EncryptedLogGroup::new(key.arn()))
        } else {
            let group_key =
                t.add(group_key, KmsKey::new(KeyPolicy::account_root().grant_logs(LogsGrant::account_wide())));
            t.add(group, EncryptedLogGroup::new(group_key.arn()))
        };
        trail = trail.cloudwatch_logs(&group);
    }
    if let Some((topic, topic_key)) = shape.topic {
        // The topic's key only decides its policy's statements, which are not compared here.
        let topic_key = if topic_key == shape.key { format!("{topic_key}ForTopic") } else { topic_key.to_owned() };
        let topic_key = t.add(&topic_key, KmsKey::new(KeyPolicy::account_root().grant(CloudTrailToTopics)));
        let topic = t.build(topic, EncryptedTopic::new(topic_key.arn()));
        trail = trail.notify(&topic);
    }
    t.build(shape.trail, trail);
    let resources = resources(&t)?;
    let mut logs = Vec::new();
    if shape.logs.is_some() {
        for part in [format!("{}LogsPolicy", shape.trail), format!("{}LogsRole", shape.trail)] {
            let written = resources.get(&part)?.clone();
            logs.push((part, written));
        }
    }
    Some(TrailWritten {
        bucket: resources.get(shape.bucket)?.clone(),
        bucket_policy: resources.get(&format!("{}Policy", shape.bucket))?.clone(),
        trail: resources.get(shape.trail)?.clone(),
        logs,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The statements put together grant by grant are those the library writes for a key that
    /// holds them all, in its order.
    #[test]
    fn statements_follow_the_constructs_order() {
        let all = KeyPolicy::account_root()
            .grant(BudgetsToTopics)
            .grant(CloudTrailToTopics)
            .grant(S3ToTopics)
            .grant(EventBridgeToTopics)
            .grant(CloudWatchToTopics);
        let (_, policy) = with_key(Kind::Topic, "Alerts", "Key", all).unwrap();
        let (_, assembled) = written(Kind::Topic, "Alerts", "Key", &TOPIC_GRANTS).unwrap();
        assert_eq!(assembled, policy);
        let all = KeyPolicy::account_root().grant(S3ToQueues).grant(EventBridgeToQueues).grant(SnsToQueues);
        let (_, policy) = with_key(Kind::Queue, "Jobs", "Key", all).unwrap();
        let (_, assembled) = written(Kind::Queue, "Jobs", "Key", &QUEUE_GRANTS).unwrap();
        assert_eq!(assembled, policy);
        // A key without grants: only the TLS statement.
        let (_, bare) = written(Kind::Queue, "Jobs", "Key", &[]).unwrap();
        assert_eq!(bare.pointer("/Properties/PolicyDocument/Statement").unwrap().as_array().unwrap().len(), 1);
    }
}
