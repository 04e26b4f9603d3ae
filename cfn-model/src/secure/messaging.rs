//! SNS topics and SQS queues encrypted with a customer key, with the resource policy that lets
//! in exactly the services their key lets in.
//!
//! A service that delivers to an encrypted topic or queue (a CloudWatch alarm, an EventBridge
//! rule, an S3 notification, an SNS subscription) is let in twice: by the target's policy
//! (`sns:Publish`, `sqs:SendMessage`) and by the key's policy (`kms:GenerateDataKey*`,
//! `kms:Decrypt`). Either one missing and the messages are dropped, with no error anywhere a
//! person looks. Here the key's type records its delivery grants ([`crate::secure::CloudWatchToTopics`],
//! [`crate::secure::SnsToQueues`], …), the topic or queue writes the matching policy statements from that
//! type, and each way of wiring a service to it requires the grant: a missing one is a compile
//! error that names the `grant` call to add.

use std::marker::PhantomData;

use crate::intrinsics::sub_checked;
use crate::node::Node;
use crate::policy::{Operator, Principal, ResourcePolicy, ServicePrincipal, Statement, WithPrincipal};
#[cfg(feature = "sns")]
use crate::proof::grants::{BudgetsToTopics, CloudTrailToTopics, CloudWatchToTopics, EventBridgeToTopics, S3ToTopics};
#[cfg(feature = "sqs")]
use crate::proof::grants::{EventBridgeToQueues, S3ToQueues};
use crate::proof::grants::{GrantSet, HasGrant};
use crate::proof::key::KeyArn;
use crate::stack::{AllowedIn, Compliance};
use crate::template::Template;
use crate::template::attributes::Attributes;
use crate::template::construct::Construct;
use crate::template::handle::Handle;
use crate::template::resource::{Properties, Resource as _};
use crate::value::Value;

/// A service that delivers to topics or queues, and what its statement in their policy says.
struct Sender {
    /// The grant kind in the key's type (`TypeId::of::<CloudWatchToTopics>`).
    grant: fn() -> std::any::TypeId,
    sid: &'static str,
    principal: fn() -> ServicePrincipal,
    /// The sources' ARNs, when they name the account (S3 bucket ARNs do not).
    source_arns: Option<&'static str>,
}

#[cfg(feature = "sns")]
const TOPIC_SENDERS: [Sender; 5] = [
    Sender {
        grant: std::any::TypeId::of::<crate::secure::CloudWatchToTopics>,
        sid: "AllowCloudWatchAlarms",
        principal: ServicePrincipal::cloudwatch,
        source_arns: Some("arn:${AWS::Partition}:cloudwatch:${AWS::Region}:${AWS::AccountId}:alarm:*"),
    },
    Sender {
        grant: std::any::TypeId::of::<crate::secure::EventBridgeToTopics>,
        sid: "AllowEventBridgeRules",
        principal: ServicePrincipal::events,
        source_arns: Some("arn:${AWS::Partition}:events:${AWS::Region}:${AWS::AccountId}:rule/*"),
    },
    Sender {
        grant: std::any::TypeId::of::<crate::secure::S3ToTopics>,
        sid: "AllowS3Notifications",
        principal: ServicePrincipal::s3,
        source_arns: None,
    },
    Sender {
        grant: std::any::TypeId::of::<crate::secure::CloudTrailToTopics>,
        sid: "AllowCloudTrail",
        principal: ServicePrincipal::cloudtrail,
        source_arns: Some("arn:${AWS::Partition}:cloudtrail:${AWS::Region}:${AWS::AccountId}:trail/*"),
    },
    Sender {
        grant: std::any::TypeId::of::<crate::secure::BudgetsToTopics>,
        sid: "AllowBudgets",
        principal: ServicePrincipal::budgets,
        source_arns: Some("arn:${AWS::Partition}:budgets::${AWS::AccountId}:*"),
    },
];

#[cfg(feature = "sqs")]
const QUEUE_SENDERS: [Sender; 3] = [
    Sender {
        grant: std::any::TypeId::of::<crate::secure::SnsToQueues>,
        sid: "AllowSnsSubscriptions",
        principal: ServicePrincipal::sns,
        source_arns: Some("arn:${AWS::Partition}:sns:${AWS::Region}:${AWS::AccountId}:*"),
    },
    Sender {
        grant: std::any::TypeId::of::<crate::secure::EventBridgeToQueues>,
        sid: "AllowEventBridgeRules",
        principal: ServicePrincipal::events,
        source_arns: Some("arn:${AWS::Partition}:events:${AWS::Region}:${AWS::AccountId}:rule/*"),
    },
    Sender {
        grant: std::any::TypeId::of::<crate::secure::S3ToQueues>,
        sid: "AllowS3Notifications",
        principal: ServicePrincipal::s3,
        source_arns: None,
    },
];

/// The policy of a topic or queue: TLS only, then one statement per service the key lets in.
fn policy<G: GrantSet>(
    senders: &[Sender],
    action: &'static str,
    deny_all: &'static str,
    target_arn: Node,
    extra: Vec<Statement<WithPrincipal>>,
) -> ResourcePolicy {
    let arn = || Value::<String>::from_node(target_arn.clone());
    let mut statements: Vec<Statement<WithPrincipal>> = vec![
        Statement::deny([crate::__private::action(deny_all)])
            .sid("DenyInsecureTransport")
            .principal(Principal::everyone())
            .resource(arn())
            .condition(Operator::Bool, "aws:SecureTransport", "false"),
    ];
    for sender in senders.iter().filter(|s| G::holds((s.grant)())) {
        let mut statement = Statement::allow([crate::__private::action(action)])
            .sid(sender.sid)
            .principal(Principal::service((sender.principal)()))
            .resource(arn())
            .condition(Operator::StringEquals, "aws:SourceAccount", crate::pseudo::account_id());
        if let Some(pattern) = sender.source_arns {
            statement = statement.condition(Operator::ArnLike, "aws:SourceArn", sub_checked(pattern, Vec::new()));
        }
        statements.push(statement);
    }
    statements.extend(extra);
    ResourcePolicy::new(statements)
}

/// Why an encrypted topic or queue keeps its key.
const KEY_PIN: &str = "the encrypted topic or queue type was built with this key; set it in `EncryptedTopic::new` / `EncryptedQueue::new`, not in `configure`";

/// An `AWS::SNS::Topic` encrypted with a customer key, and its `AWS::SNS::TopicPolicy`: TLS
/// only, and `sns:Publish` for each service the key's policy lets publish (CloudWatch alarms,
/// EventBridge rules, S3 notifications, CloudTrail, AWS Budgets; each limited to sources in this
/// account). Added with `template.build(…)`.
#[cfg(feature = "sns")]
#[derive(Debug, Clone, PartialEq)]
pub struct EncryptedTopic<G> {
    inner: crate::resources::sns::Topic,
    key: Node,
    extra: Vec<Statement<WithPrincipal>>,
    grants: PhantomData<fn() -> G>,
}

#[cfg(feature = "sns")]
impl<G: GrantSet> EncryptedTopic<G> {
    /// A topic encrypted with `key` (any customer key of the template: its grants decide who
    /// may publish).
    pub fn new(key: KeyArn<G>) -> Self {
        EncryptedTopic {
            inner: crate::resources::sns::Topic::new(),
            key: key.into_node(),
            extra: Vec::new(),
            grants: PhantomData,
        }
    }

    /// Sets any other property through the generated type (name, display name, tags). The key
    /// stays as built.
    pub fn configure(self, f: impl FnOnce(crate::resources::sns::Topic) -> crate::resources::sns::Topic) -> Self {
        EncryptedTopic { inner: f(self.inner), ..self }
    }

    /// Adds a statement of your own to the topic's policy (a publisher in another account, a
    /// subscriber role), after the ones the key's grants write.
    pub fn statement(mut self, statement: Statement<WithPrincipal>) -> Self {
        self.extra.push(statement);
        self
    }
}

/// The parts of an added [`EncryptedTopic`], typed by its key's grants.
#[cfg(feature = "sns")]
#[derive(Debug, Clone, PartialEq)]
pub struct TopicHandles<G> {
    /// The topic.
    pub topic: Handle<crate::resources::sns::Topic>,
    /// Its policy (`<logical_id>Policy`).
    pub policy: Handle<crate::resources::sns::TopicPolicy>,
    grants: PhantomData<fn() -> G>,
}

#[cfg(feature = "sns")]
impl<G: GrantSet> Construct for EncryptedTopic<G> {
    type Output = TopicHandles<G>;

    fn add_to(self, template: &mut Template, logical_id: &str) -> TopicHandles<G> {
        use crate::resources::sns::{Topic, TopicPolicy};
        let mut properties: Properties = self.inner.into_properties();
        crate::secure::guarantee(&mut properties, [("KmsMasterKeyId", self.key)], KEY_PIN);
        let topic: Handle<Topic> = crate::__private::add_parts(
            template,
            logical_id,
            Topic::TYPE,
            Topic::TAGGING,
            properties,
            Attributes::new(),
        );
        let document =
            policy::<G>(&TOPIC_SENDERS, "sns:Publish", "sns:Publish", topic.reference().into_node(), self.extra);
        let policy = template.add(&format!("{logical_id}Policy"), TopicPolicy::new(document, vec![topic.reference()]));
        TopicHandles { topic, policy, grants: PhantomData }
    }
}

/// A topic's ARN (its `Ref`), typed.
#[cfg(feature = "sns")]
pub type TopicArn = crate::refs::Attr<crate::refs::target::sns::Topic, crate::refs::kind::TopicArn>;

#[cfg(feature = "sns")]
impl<G> TopicHandles<G> {
    /// The topic's ARN (its `Ref`), for subscriptions and policies.
    pub fn arn(&self) -> TopicArn {
        crate::refs::Attr::from_node(self.topic.reference().into_node())
    }

    /// The topic as a CloudWatch alarm action (`AlarmActions`, `OKActions`): requires the key
    /// to let CloudWatch alarms in.
    pub fn alarm_action(&self) -> TopicArn
    where
        G: HasGrant<CloudWatchToTopics>,
    {
        self.topic.reference()
    }

    /// The topic's ARN as an EventBridge rule target's `Arn`: requires the key to let EventBridge
    /// rules in.
    pub fn rule_target(&self) -> TopicArn
    where
        G: HasGrant<EventBridgeToTopics>,
    {
        self.topic.reference()
    }

    /// The topic's ARN for a bucket's `TopicConfigurations`: requires the key to let S3
    /// notifications in. The bucket must be created after the topic's policy (S3 checks the
    /// destination): add `DependsOn` on [`TopicHandles::policy`].
    pub fn notification_target(&self) -> TopicArn
    where
        G: HasGrant<S3ToTopics>,
    {
        self.arn()
    }

    /// The topic's ARN as a trail's `SnsTopicName` (CloudTrail notifies it of each log file):
    /// requires the key to let CloudTrail in. CloudTrail checks the topic's policy when the trail
    /// is created: add `DependsOn` on [`TopicHandles::policy`] (`AuditTrail::notify` does both).
    pub fn trail_notifications(&self) -> TopicArn
    where
        G: HasGrant<CloudTrailToTopics>,
    {
        self.topic.reference()
    }

    /// The topic's ARN as the `Address` of a budget's `SNS` subscriber: requires the key to let
    /// AWS Budgets in.
    pub fn budget_subscriber(&self) -> TopicArn
    where
        G: HasGrant<BudgetsToTopics>,
    {
        self.topic.reference()
    }
}

#[cfg(feature = "sns")]
impl<C: Compliance, G> AllowedIn<C> for EncryptedTopic<G> {}
#[cfg(feature = "sns")]
impl<G> crate::__private::ResourceSeal for EncryptedTopic<G> {}

/// An `AWS::SQS::Queue` encrypted with a customer key, and its `AWS::SQS::QueuePolicy`: TLS
/// only, and `sqs:SendMessage` for each service the key's policy lets send (SNS topics,
/// EventBridge rules, S3 notifications; each limited to sources in this account). Added with
/// `template.build(…)`; `EncryptedQueue::subscribe_to` (feature `sns`) also adds the SNS subscription.
#[cfg(feature = "sqs")]
#[derive(Debug, Clone, PartialEq)]
pub struct EncryptedQueue<G> {
    inner: crate::resources::sqs::Queue,
    key: Node,
    subscriptions: Vec<Node>,
    dead_letter: bool,
    extra: Vec<Statement<WithPrincipal>>,
    grants: PhantomData<fn() -> G>,
}

#[cfg(feature = "sqs")]
impl<G: GrantSet> EncryptedQueue<G> {
    /// A queue encrypted with `key` (any customer key of the template: its grants decide who may
    /// send).
    ///
    /// Messages are kept 4 days (SQS's default, written out; `configure` may change it), and the
    /// queue is deleted with the stack (`DeletionPolicy` and `UpdateReplacePolicy` written out as
    /// `Delete`: a queue holds messages in transit, not records).
    pub fn new(key: KeyArn<G>) -> Self {
        let inner = crate::resources::sqs::Queue::new().message_retention_period(FOUR_DAYS);
        EncryptedQueue {
            inner,
            key: key.into_node(),
            subscriptions: Vec::new(),
            dead_letter: false,
            extra: Vec::new(),
            grants: PhantomData,
        }
    }

    /// Sets any other property through the generated type (name, retention, dead-letter queue,
    /// tags). The key stays as built.
    pub fn configure(self, f: impl FnOnce(crate::resources::sqs::Queue) -> crate::resources::sqs::Queue) -> Self {
        EncryptedQueue { inner: f(self.inner), ..self }
    }

    /// Adds a statement of your own to the queue's policy (a sender in another account, a
    /// consumer role), after the ones the key's grants write.
    pub fn statement(mut self, statement: Statement<WithPrincipal>) -> Self {
        self.extra.push(statement);
        self
    }

    /// Marks the queue as another queue's dead-letter queue: where failures end, so it has no
    /// dead-letter queue of its own (Control Tower's CT.SQS.PR.1 is suppressed, with that reason).
    pub fn as_dead_letter_queue(self) -> Self {
        EncryptedQueue { dead_letter: true, ..self }
    }

    /// Subscribes the queue to `topic`: adds the `AWS::SNS::Subscription` (protocol `sqs`, the
    /// queue's ARN as endpoint), created after the queue's policy. Requires the queue's key to let
    /// SNS in ([`crate::secure::SnsToQueues`]); the queue's policy lets SNS topics of this account send.
    #[cfg(feature = "sns")]
    pub fn subscribe_to<T>(mut self, topic: &TopicHandles<T>) -> Self
    where
        G: HasGrant<crate::secure::SnsToQueues>,
    {
        self.subscriptions.push(topic.arn().into_node());
        self
    }
}

/// SQS's default message retention, in seconds.
#[cfg(feature = "sqs")]
const FOUR_DAYS: i64 = 4 * 24 * 60 * 60;

/// The parts of an added [`EncryptedQueue`], typed by its key's grants.
#[cfg(feature = "sqs")]
#[derive(Debug, Clone, PartialEq)]
pub struct QueueHandles<G> {
    /// The queue.
    pub queue: Handle<crate::resources::sqs::Queue>,
    /// Its policy (`<logical_id>Policy`).
    pub policy: Handle<crate::resources::sqs::QueuePolicy>,
    /// The ARN of the key the queue is encrypted with.
    key: Node,
    grants: PhantomData<fn() -> G>,
}

/// A queue's ARN (`Fn::GetAtt Queue.Arn`): what subscriptions, rule targets, notifications and
/// policies take. The queue's `Ref` is its URL, a different type ([`QueueHandles::url`]).
#[cfg(feature = "sqs")]
#[derive(Debug, Clone, PartialEq)]
pub struct QueueArn(Value<String>);

#[cfg(feature = "sqs")]
impl From<QueueArn> for Value<String> {
    fn from(arn: QueueArn) -> Self {
        arn.0
    }
}

/// A queue's ARN is what a property naming a queue by ARN takes.
#[cfg(feature = "sqs")]
impl crate::refs::IsAttr<crate::refs::target::sqs::Queue, crate::refs::kind::Arn> for QueueArn {
    fn into_attr(self) -> crate::refs::Attr<crate::refs::target::sqs::Queue, crate::refs::kind::Arn> {
        crate::refs::Attr::from_node(self.0.into_node())
    }
}

/// A queue's URL (its `Ref`): what `QueuePolicy.Queues` and the SQS API take.
#[cfg(feature = "sqs")]
#[derive(Debug, Clone, PartialEq)]
pub struct QueueUrl(Value<String>);

#[cfg(feature = "sqs")]
impl From<QueueUrl> for Value<String> {
    fn from(url: QueueUrl) -> Self {
        url.0
    }
}

/// A queue's URL is what a property naming a queue by URL takes.
#[cfg(feature = "sqs")]
impl crate::refs::IsAttr<crate::refs::target::sqs::Queue, crate::refs::kind::QueueUrl> for QueueUrl {
    fn into_attr(self) -> crate::refs::Attr<crate::refs::target::sqs::Queue, crate::refs::kind::QueueUrl> {
        crate::refs::Attr::from_node(self.0.into_node())
    }
}

#[cfg(feature = "sqs")]
impl<G: GrantSet> Construct for EncryptedQueue<G> {
    type Output = QueueHandles<G>;

    fn add_to(self, template: &mut Template, logical_id: &str) -> QueueHandles<G> {
        use crate::resources::sqs::{Queue, QueuePolicy};
        let mut properties: Properties = self.inner.into_properties();
        let key = self.key.clone();
        crate::secure::guarantee(&mut properties, [("KmsMasterKeyId", self.key)], KEY_PIN);
        // A dead-letter queue has none of its own: Control Tower's CT.SQS.PR.1 reports it, an
        // exception listed in `docs/compliance/` (that rule reads no suppression).
        let attributes = Attributes::new()
            .deletion_policy(crate::template::attributes::DeletionPolicy::Delete)
            .update_replace_policy(crate::template::attributes::DeletionPolicy::Delete);
        let queue: Handle<Queue> =
            crate::__private::add_parts(template, logical_id, Queue::TYPE, Queue::TAGGING, properties, attributes);
        let document = policy::<G>(&QUEUE_SENDERS, "sqs:SendMessage", "sqs:*", queue.arn().into_node(), self.extra);
        let policy = template.add(&format!("{logical_id}Policy"), QueuePolicy::new(document, vec![queue.reference()]));
        #[cfg(feature = "sns")]
        for (i, topic) in self.subscriptions.into_iter().enumerate() {
            let id =
                if i == 0 { format!("{logical_id}Subscription") } else { format!("{logical_id}Subscription{}", i + 1) };
            let subscription =
                crate::resources::sns::Subscription::new("sqs", TopicArn::from_node(topic)).endpoint(queue.arn());
            template.add_with(&id, subscription, Attributes::new().depends_on(&policy));
        }
        QueueHandles { queue, policy, key, grants: PhantomData }
    }
}

#[cfg(feature = "sqs")]
impl<G> QueueHandles<G> {
    /// The queue's URL (its `Ref`).
    pub fn url(&self) -> QueueUrl {
        QueueUrl(self.queue.reference().into_value())
    }

    /// The ARN of the key the queue is encrypted with.
    #[cfg_attr(not(all(feature = "lambda", feature = "iam")), allow(dead_code))]
    pub(crate) fn key_node(&self) -> Node {
        self.key.clone()
    }

    /// The queue's ARN (`Fn::GetAtt Queue.Arn`).
    pub fn arn(&self) -> QueueArn {
        QueueArn(self.queue.arn().into())
    }

    /// The queue's ARN as an EventBridge rule target's `Arn`: requires the key to let
    /// EventBridge rules in.
    pub fn rule_target(&self) -> QueueArn
    where
        G: HasGrant<EventBridgeToQueues>,
    {
        self.arn()
    }

    /// The queue's ARN for a bucket's `QueueConfigurations`: requires the key to let S3
    /// notifications in. The bucket must be created after the queue's policy: add `DependsOn`
    /// on [`QueueHandles::policy`].
    pub fn notification_target(&self) -> QueueArn
    where
        G: HasGrant<S3ToQueues>,
    {
        self.arn()
    }
}

#[cfg(feature = "sqs")]
impl<C: Compliance, G> AllowedIn<C> for EncryptedQueue<G> {}
#[cfg(feature = "sqs")]
impl<G> crate::__private::ResourceSeal for EncryptedQueue<G> {}
