//! Services that deliver to SNS topics and SQS queues: CloudWatch alarms, EventBridge rules and
//! S3 notifications publish to topics; SNS subscriptions, EventBridge rules and S3 notifications
//! send to queues. Each delivery is a request AWS evaluates twice — against the topic's or
//! queue's resource policy (`sns:Publish`, `sqs:SendMessage`) and, when the target is encrypted
//! with a customer key, against that key's policy (`kms:GenerateDataKey`, `kms:Decrypt`, asked
//! in the delivering service's name). Either refusal loses the messages without an error
//! anywhere a person looks; an S3 notification whose destination refuses S3 fails the stack.
//!
//! The check finds each delivery in the template, builds the service's requests (principal,
//! `aws:SourceArn`, `aws:SourceAccount`, the encryption context) and evaluates the target's
//! policies with [`crate::policy::eval`]. A key, topic or queue outside the template is not
//! judged.

use std::collections::HashMap;

use crate::check::resolve::Env;
use crate::check::{Findings, Rule};
use crate::node::{Function, Node};
use crate::policy::eval::{self, Caller, Decision, Request};
use crate::template::{ResourceDecl, Template};

/// What receives the deliveries.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Target {
    Topic,
    Queue,
}

impl Target {
    fn what(self) -> &'static str {
        match self {
            Target::Topic => "topic",
            Target::Queue => "queue",
        }
    }

    /// The action the delivering service calls on the target.
    fn action(self) -> &'static str {
        match self {
            Target::Topic => "sns:Publish",
            Target::Queue => "sqs:SendMessage",
        }
    }

    /// The encryption-context key SNS or SQS puts the target's ARN in.
    fn context_key(self) -> &'static str {
        match self {
            Target::Topic => "kms:EncryptionContext:aws:sns:topicArn",
            Target::Queue => "kms:EncryptionContext:aws:sqs:arn",
        }
    }

    /// The AWS managed key whose policy cannot let another service in.
    fn managed_alias(self) -> &'static str {
        match self {
            Target::Topic => "alias/aws/sns",
            Target::Queue => "alias/aws/sqs",
        }
    }
}

/// A service that delivers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Service {
    CloudWatch,
    EventBridge,
    S3,
    Sns,
}

impl Service {
    fn principal(self) -> &'static str {
        match self {
            Service::CloudWatch => "cloudwatch.amazonaws.com",
            Service::EventBridge => "events.amazonaws.com",
            Service::S3 => "s3.amazonaws.com",
            Service::Sns => "sns.amazonaws.com",
        }
    }

    fn name(self) -> &'static str {
        match self {
            Service::CloudWatch => "CloudWatch (this alarm's actions)",
            Service::EventBridge => "EventBridge (this rule's target)",
            Service::S3 => "S3 (this bucket's event notifications)",
            Service::Sns => "SNS (this subscription)",
        }
    }

    /// The grant that lets the service into a key, as typed code writes it.
    fn grant(self, target: Target) -> &'static str {
        match (self, target) {
            (Service::CloudWatch, _) => "`.grant(CloudWatchToTopics)`",
            (Service::EventBridge, Target::Topic) => "`.grant(EventBridgeToTopics)`",
            (Service::EventBridge, Target::Queue) => "`.grant(EventBridgeToQueues)`",
            (Service::S3, Target::Topic) => "`.grant(S3ToTopics)`",
            (Service::S3, Target::Queue) => "`.grant(S3ToQueues)`",
            (Service::Sns, _) => "`.grant(SnsToQueues)`",
        }
    }
}

/// One delivery found in the template.
struct Delivery<'t> {
    /// The resource that delivers (alarm, rule, bucket, subscription).
    source_id: &'t str,
    service: Service,
    /// The source's ARN as the service sends it in `aws:SourceArn`.
    source_arn: Option<String>,
    target_id: &'t str,
    target: Target,
}

pub(super) fn check(template: &Template, env: &Env<'_>, findings: &mut Findings<'_>) {
    let deliveries = deliveries(template, env, findings);
    if deliveries.is_empty() {
        return;
    }
    let mut key_policies: HashMap<&str, Node> = HashMap::new();
    for (id, decl) in &template.resources {
        if matches!(decl.resource_type.as_str(), "AWS::KMS::Key" | "AWS::KMS::ReplicaKey")
            && let Some(policy) = decl.properties.get("KeyPolicy")
        {
            key_policies.insert(id, env.resolve_all(policy));
        }
    }
    let resource_policies = resource_policies(template, env);
    for delivery in &deliveries {
        let Some(target) = template.resources.get(delivery.target_id) else { continue };
        let target_arn = target_arn(env, delivery);
        let context = context(env, delivery, &target_arn);
        key(env, &key_policies, target, delivery, &context, findings);
        resource_policy(env, &resource_policies, delivery, &target_arn, &context, findings);
        if delivery.service == Service::S3 {
            notification_order(template, &resource_policies, delivery, findings);
        }
    }
}

/// The target's ARN, as the request names it.
fn target_arn(env: &Env<'_>, delivery: &Delivery<'_>) -> String {
    match delivery.target {
        Target::Topic => env.topic_arn(delivery.target_id, 0),
        Target::Queue => env.arn("sqs", &env.named(delivery.target_id, "QueueName", 0)),
    }
}

/// The context keys the delivering service sends.
fn context(env: &Env<'_>, delivery: &Delivery<'_>, target_arn: &str) -> Vec<(String, String)> {
    let mut context = vec![
        ("aws:SourceAccount".to_owned(), env.deployment.account.clone()),
        ("aws:PrincipalIsAWSService".to_owned(), "true".to_owned()),
        (delivery.target.context_key().to_owned(), target_arn.to_owned()),
    ];
    if let Some(arn) = &delivery.source_arn {
        context.push(("aws:SourceArn".to_owned(), arn.clone()));
    }
    context
}

fn request(delivery: &Delivery<'_>, action: &str, resource: &str, context: &[(String, String)]) -> Request {
    Request {
        caller: Caller::Service(delivery.service.principal().to_owned()),
        action: action.to_owned(),
        resource: resource.to_owned(),
        context: context.to_vec(),
    }
}

fn refuses(decision: &Decision) -> bool {
    matches!(decision, Decision::Denied { .. } | Decision::NotAllowed { .. })
}

/// The target's key lets the service in, unless it is AWS managed (whose policy cannot).
fn key(
    env: &Env<'_>,
    key_policies: &HashMap<&str, Node>,
    target: &ResourceDecl,
    delivery: &Delivery<'_>,
    context: &[(String, String)],
    findings: &mut Findings<'_>,
) {
    let Some(key) = target.properties.get("KmsMasterKeyId") else { return };
    let (what, service) = (delivery.target.what(), delivery.service);
    if let Some(text) = env.text(key)
        && text.ends_with(delivery.target.managed_alias())
    {
        findings.error(
            Rule::DeliveryManagedKey,
            delivery.source_id,
            format!(
                "{} delivers to {what} `{}`, which is encrypted with the AWS managed key `{}`: that key's policy cannot be changed to let {} in, so every message is dropped without an error. Encrypt the {what} with a customer managed key whose policy has {} (`EncryptedTopic`/`EncryptedQueue` over a `KmsKey` with that grant)",
                service.name(),
                delivery.target_id,
                delivery.target.managed_alias(),
                service.principal(),
                service.grant(delivery.target),
            ),
        );
        return;
    }
    let key_id = match key {
        Node::Fn(Function::Ref, arg) => arg.as_str(),
        Node::Fn(Function::GetAtt, arg) => match arg.as_ref() {
            Node::List(parts) if parts.len() == 2 => parts[0].as_str(),
            _ => None,
        },
        _ => None,
    };
    let Some((key_id, policy)) = key_id.and_then(|id| key_policies.get_key_value(id)) else { return };
    let resolve = |node: &Node| env.text(node);
    for action in ["kms:GenerateDataKey", "kms:Decrypt"] {
        let decision = eval::evaluate(policy, &request(delivery, action, &env.deployment.key_arn(key_id), context), &resolve);
        if refuses(&decision) {
            findings.error(
                Rule::DeliveryKeyDeniesService,
                delivery.source_id,
                format!(
                    "{} delivers to {what} `{}`, encrypted with key `{key_id}`, but KMS refuses its `{action}` request: {decision}. The messages are dropped without an error. Give the key the statement for {}: {} where its `KeyPolicy` is built",
                    service.name(),
                    delivery.target_id,
                    service.principal(),
                    service.grant(delivery.target),
                ),
            );
            return;
        }
    }
}

/// A topic or queue policy of the template, and the targets it is attached to.
struct AttachedPolicy<'t> {
    id: &'t str,
    document: Node,
    targets: Vec<&'t str>,
}

fn resource_policies<'t>(template: &'t Template, env: &Env<'_>) -> Vec<AttachedPolicy<'t>> {
    let mut found = Vec::new();
    for (id, decl) in &template.resources {
        let (document, attached) = match decl.resource_type.as_str() {
            "AWS::SNS::TopicPolicy" => ("PolicyDocument", "Topics"),
            "AWS::SQS::QueuePolicy" => ("PolicyDocument", "Queues"),
            "AWS::SNS::TopicInlinePolicy" => ("PolicyDocument", "TopicArn"),
            "AWS::SQS::QueueInlinePolicy" => ("PolicyDocument", "Queue"),
            _ => continue,
        };
        let Some(document) = decl.properties.get(document) else { continue };
        let mut targets = Vec::new();
        if let Some(attached) = decl.properties.get(attached) {
            let items = match attached {
                Node::List(items) => items.iter().collect(),
                one => vec![one],
            };
            for item in items {
                if let Node::Fn(Function::Ref, arg) = item
                    && let Some(name) = arg.as_str()
                    && let Some((target, _)) = template.resources.get_key_value(name)
                {
                    targets.push(target.as_str());
                }
            }
        }
        found.push(AttachedPolicy { id, document: env.resolve_all(document), targets });
    }
    found
}

/// The target's policy lets the service deliver. A queue without a policy refuses every other
/// principal; a topic without one keeps SNS's default policy, which lets in the account's own
/// principals and CloudWatch alarms but not EventBridge or S3.
fn resource_policy(
    env: &Env<'_>,
    policies: &[AttachedPolicy<'_>],
    delivery: &Delivery<'_>,
    target_arn: &str,
    context: &[(String, String)],
    findings: &mut Findings<'_>,
) {
    let (what, service, target_id) = (delivery.target.what(), delivery.service, delivery.target_id);
    let attached: Vec<&AttachedPolicy<'_>> = policies.iter().filter(|p| p.targets.contains(&target_id)).collect();
    let fix = format!(
        "Allow it in the {what}'s policy: principal `{}`, action `{}`, resource the {what}'s ARN, with `aws:SourceAccount` (and `aws:SourceArn`) conditions — `EncryptedTopic`/`EncryptedQueue` write this statement for every service their key lets in",
        service.principal(),
        delivery.target.action()
    );
    if attached.is_empty() {
        if delivery.target == Target::Topic && service == Service::CloudWatch {
            return;
        }
        findings.error(
            Rule::DeliveryPolicyDeniesService,
            delivery.source_id,
            format!("{} delivers to {what} `{target_id}`, which has no policy in the template: the {what} refuses {}. {fix}", service.name(), service.principal()),
        );
        return;
    }
    let resolve = |node: &Node| env.text(node);
    // Several policies on one target: the last one written wins in AWS; judge each.
    for policy in attached {
        let decision = eval::evaluate(&policy.document, &request(delivery, delivery.target.action(), target_arn, context), &resolve);
        if refuses(&decision) {
            findings.error(
                Rule::DeliveryPolicyDeniesService,
                delivery.source_id,
                format!(
                    "{} delivers to {what} `{target_id}`, but its policy `{}` refuses the `{}` request: {decision}. {fix}",
                    service.name(),
                    policy.id,
                    delivery.target.action()
                ),
            );
        }
    }
}

/// S3 checks a notification's destination when the bucket is configured: the destination's
/// policy must exist first, or the stack fails ("Unable to validate the following destination
/// configurations").
fn notification_order(template: &Template, policies: &[AttachedPolicy<'_>], delivery: &Delivery<'_>, findings: &mut Findings<'_>) {
    let Some(bucket) = template.resources.get(delivery.source_id) else { return };
    let depends_on = &bucket.attributes.depends_on;
    for policy in policies.iter().filter(|p| p.targets.contains(&delivery.target_id)) {
        if !depends_on.iter().any(|d| d == policy.id) {
            findings.error(
                Rule::NotificationBeforePolicy,
                delivery.source_id,
                format!(
                    "this bucket notifies {} `{}`, but is not created after its policy `{}`: S3 validates the destination when the notification is configured, and fails the stack (\"Unable to validate the following destination configurations\") if the policy is not there yet. Add `DependsOn: {}`",
                    delivery.target.what(),
                    delivery.target_id,
                    policy.id,
                    policy.id
                ),
            );
        }
    }
}

/// The logical ID `node` refers to, if it names a resource of `template` of type `resource_type`:
/// `Ref X` (a topic's ARN, a queue's URL) or `Fn::GetAtt X.<attribute>`.
fn referenced<'t>(template: &'t Template, node: &Node, resource_type: &str) -> Option<(&'t str, Option<String>)> {
    let (name, attribute) = match node {
        Node::Fn(Function::Ref, arg) => (arg.as_str()?, None),
        Node::Fn(Function::GetAtt, arg) => match arg.as_ref() {
            Node::List(parts) if parts.len() == 2 => (parts[0].as_str()?, Some(parts[1].as_str()?.to_owned())),
            _ => return None,
        },
        Node::Fn(Function::Sub, arg) => {
            let inner = arg.as_str()?.strip_prefix("${")?.strip_suffix('}')?;
            match inner.split_once('.') {
                Some((name, attribute)) => (name, Some(attribute.to_owned())),
                None => (inner, None),
            }
        }
        _ => return None,
    };
    let (id, decl) = template.resources.get_key_value(name)?;
    (decl.resource_type == resource_type).then_some((id.as_str(), attribute))
}

/// A topic named by `node`: its `Ref` (the ARN) or `Fn::GetAtt X.TopicArn`.
fn topic<'t>(template: &'t Template, node: &Node) -> Option<&'t str> {
    match referenced(template, node, "AWS::SNS::Topic")? {
        (id, None) => Some(id),
        (id, Some(attribute)) if attribute == "TopicArn" => Some(id),
        _ => None,
    }
}

/// A queue named by `node`, where a queue ARN is required: `Fn::GetAtt X.Arn`. A queue's `Ref`
/// is its URL, which SNS, EventBridge and S3 refuse: reported here.
fn queue<'t>(template: &'t Template, node: &Node, source_id: &str, findings: &mut Findings<'_>) -> Option<&'t str> {
    match referenced(template, node, "AWS::SQS::Queue")? {
        (id, Some(attribute)) if attribute == "Arn" => Some(id),
        (id, None) => {
            findings.error(
                Rule::QueueUrlForArn,
                source_id,
                format!(
                    "a queue ARN is required here, but this is `Ref {id}`: a queue's `Ref` is its URL, and AWS refuses it (SNS: \"Invalid parameter: SQS endpoint ARN\"; EventBridge and S3 reject the target). Use `Fn::GetAtt {id}.Arn` (`queue.arn()` of `QueueHandles`)"
                ),
            );
            None
        }
        _ => None,
    }
}

fn items(node: Option<&Node>) -> Vec<&Node> {
    match node {
        Some(Node::List(items)) => items.iter().collect(),
        _ => Vec::new(),
    }
}

/// Every delivery to a topic or queue of the template.
fn deliveries<'t>(template: &'t Template, env: &Env<'_>, findings: &mut Findings<'_>) -> Vec<Delivery<'t>> {
    let mut found = Vec::new();
    for (id, decl) in &template.resources {
        let props = &decl.properties;
        let id = id.as_str();
        let mut to = |service, source_arn: &Option<String>, target_id, target| {
            found.push(Delivery { source_id: id, service, source_arn: source_arn.clone(), target_id, target });
        };
        match decl.resource_type.as_str() {
            "AWS::CloudWatch::Alarm" => {
                let arn = Some(env.arn("cloudwatch", &format!("alarm:{}", env.named(id, "AlarmName", 0))));
                for property in ["AlarmActions", "OKActions", "InsufficientDataActions"] {
                    for action in items(props.get(property)) {
                        if let Some(topic) = topic(template, action) {
                            to(Service::CloudWatch, &arn, topic, Target::Topic);
                        }
                    }
                }
            }
            "AWS::Events::Rule" => {
                let arn = Some(env.arn("events", &format!("rule/{}", env.named(id, "Name", 0))));
                for target in items(props.get("Targets")) {
                    let Some(destination) = target.as_map().and_then(|t| t.get("Arn")) else { continue };
                    if let Some(topic) = topic(template, destination) {
                        to(Service::EventBridge, &arn, topic, Target::Topic);
                    } else if let Some(queue) = queue(template, destination, id, findings) {
                        to(Service::EventBridge, &arn, queue, Target::Queue);
                    }
                }
            }
            "AWS::S3::Bucket" => {
                let name = props.get("BucketName").and_then(|n| env.text(n)).unwrap_or_else(|| format!("«{id}»"));
                let arn = Some(format!("arn:{}:s3:::{name}", env.deployment.partition));
                let Some(notifications) = props.get("NotificationConfiguration").and_then(Node::as_map) else { continue };
                for entry in items(notifications.get("TopicConfigurations")) {
                    if let Some(topic) = entry.as_map().and_then(|e| e.get("Topic")).and_then(|t| topic(template, t)) {
                        to(Service::S3, &arn, topic, Target::Topic);
                    }
                }
                for entry in items(notifications.get("QueueConfigurations")) {
                    let Some(destination) = entry.as_map().and_then(|e| e.get("Queue")) else { continue };
                    if let Some(queue) = queue(template, destination, id, findings) {
                        to(Service::S3, &arn, queue, Target::Queue);
                    }
                }
            }
            "AWS::SNS::Subscription" => {
                let is_sqs = props.get("Protocol").and_then(Node::as_str) == Some("sqs");
                let (Some(endpoint), Some(topic_arn)) = (props.get("Endpoint"), props.get("TopicArn")) else { continue };
                if !is_sqs {
                    continue;
                }
                let arn = env.text(topic_arn);
                if let Some(queue) = queue(template, endpoint, id, findings) {
                    to(Service::Sns, &arn, queue, Target::Queue);
                }
            }
            "AWS::SNS::Topic" => {
                let arn = Some(env.topic_arn(id, 0));
                for subscription in items(props.get("Subscription")) {
                    let Some(map) = subscription.as_map() else { continue };
                    if map.get("Protocol").and_then(Node::as_str) != Some("sqs") {
                        continue;
                    }
                    if let Some(queue) = map.get("Endpoint").and_then(|e| queue(template, e, id, findings)) {
                        to(Service::Sns, &arn, queue, Target::Queue);
                    }
                }
            }
            _ => {}
        }
    }
    found
}
