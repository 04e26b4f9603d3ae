//! Buckets that meet the PCI DSS and HIPAA storage rules as built: [`SecureBucket`] (SSE-KMS
//! with a customer key and an S3 Bucket Key, versioning, every public access block on, a bucket
//! policy that refuses plain HTTP) and [`AccessLogBucket`], the target of S3 server access
//! logs, which S3 allows only SSE-S3 encryption.

use crate::refs::{Attr, kind, target};

/// A bucket's name (its `Ref`), typed.
type BucketName = crate::refs::Attr<target::s3::Bucket, kind::BucketName>;
use std::marker::PhantomData;

use crate::intrinsics::sub_checked;
use crate::node::Node;
use crate::policy::{BucketPolicy, Operator, Principal, ServicePrincipal, Statement};
use crate::proof::grants::{HasGrant, S3Grant};
use crate::proof::key::KeyArn;
use crate::resources::s3::{self, Bucket, bucket};
use crate::stack::{AllowedIn, Compliance};
use crate::template::Template;
use crate::template::attributes::Attributes;
use crate::template::construct::Construct;
use crate::template::handle::Handle;
use crate::template::resource::{Properties, Resource as _};
use crate::value::Value;

/// An `AWS::S3::Bucket` encrypted with a customer key whose policy grants S3, versioned, closed
/// to the public, plus its TLS-only `AWS::S3::BucketPolicy`. Added with `template.build(…)`,
/// it is kept when the stack is deleted.
#[derive(Debug, Clone, PartialEq)]
pub struct SecureBucket {
    inner: Bucket,
    key: Node,
    /// Event notifications to topics and queues: (`TopicConfigurations` or `QueueConfigurations`,
    /// the entry), and the destination policies the bucket must be created after.
    notifications: Vec<(&'static str, Node)>,
    after: Vec<String>,
    extra: Vec<Statement<crate::policy::WithPrincipal>>,
    /// Functions notified: their ARN and logical ID, for the permission S3 needs.
    invoked: Vec<(Node, String)>,
}

impl SecureBucket {
    /// A bucket encrypted with `key`.
    pub fn new<G: HasGrant<S3Grant>>(key: KeyArn<G>) -> Self {
        SecureBucket {
            inner: audited_bucket(),
            key: key.into_node(),
            notifications: Vec::new(),
            after: Vec::new(),
            extra: Vec::new(),
            invoked: Vec::new(),
        }
    }

    /// Sets any other property through the generated type (name, lifecycle, tags).
    /// Encryption, versioning and the public access block stay as built.
    pub fn configure(self, f: impl FnOnce(Bucket) -> Bucket) -> Self {
        SecureBucket { inner: f(self.inner), ..self }
    }

    /// Adds a statement of your own to the bucket's policy (a reader in another account, a
    /// replication role), after the TLS-only one.
    pub fn statement(mut self, statement: Statement<crate::policy::WithPrincipal>) -> Self {
        self.extra.push(statement);
        self
    }

    /// Creates the bucket after `resource` (`DependsOn`).
    pub fn depends_on(mut self, resource: &impl crate::template::handle::DependencyTarget) -> Self {
        self.after.push(resource.dependency_id().to_owned());
        self
    }

    /// Publishes `event` notifications (`s3:ObjectCreated:*`, …) to an encrypted topic whose key
    /// lets S3 in, and creates the bucket after the topic's policy (S3 checks the destination
    /// when the notification is configured). The EventBridge notifications stay on.
    #[cfg(feature = "sns")]
    pub fn notify_topic<G>(mut self, topic: &crate::secure::TopicHandles<G>, event: &str) -> Self
    where
        G: HasGrant<crate::secure::S3ToTopics>,
    {
        let entry = bucket::TopicConfiguration::new(event, topic.notification_target());
        self.notifications.push(("TopicConfigurations", node(entry)));
        self.after.push(topic.policy.logical_id().to_owned());
        self
    }

    /// Sends `event` notifications to an encrypted queue whose key lets S3 in, and creates the
    /// bucket after the queue's policy. The EventBridge notifications stay on.
    #[cfg(feature = "sqs")]
    pub fn notify_queue<G>(mut self, queue: &crate::secure::QueueHandles<G>, event: &str) -> Self
    where
        G: HasGrant<crate::secure::S3ToQueues>,
    {
        let entry = bucket::QueueConfiguration::new(event, queue.notification_target());
        self.notifications.push(("QueueConfigurations", node(entry)));
        self.after.push(queue.policy.logical_id().to_owned());
        self
    }

    /// Invokes `function` on `event` notifications: writes the `AWS::Lambda::Permission` that
    /// lets S3 invoke it for this account's buckets (`<logical_id>Invokes<Function>`, with
    /// `SourceAccount`; a `SourceArn` naming this bucket would make the permission wait for the
    /// bucket, which must wait for the permission), and creates the bucket after it: S3 checks
    /// the permission when the notification is configured. The EventBridge notifications stay on.
    #[cfg(feature = "lambda")]
    pub fn notify_function(mut self, function: &Handle<crate::resources::lambda::Function>, event: &str) -> Self {
        let arn = function.arn();
        let entry = bucket::LambdaConfiguration::new(event, arn.clone());
        self.notifications.push(("LambdaConfigurations", node(entry)));
        // One permission per function, however many events invoke it.
        if !self.invoked.iter().any(|(_, name)| name == function.logical_id()) {
            self.invoked.push((arn.into_node(), function.logical_id().to_owned()));
        }
        self
    }

    /// Sends S3 server access logs to `logs` (an [`AccessLogBucket`], or one
    /// [`for_load_balancers`](AccessLogBucket::for_load_balancers)), under `prefix` (PCI DSS 10.2,
    /// HIPAA 164.312(b)).
    pub fn access_logs_to<L: ServerLogTarget>(self, logs: &BucketHandles<L>, prefix: &str) -> Self {
        let logging = bucket::LoggingConfiguration::new()
            .destination_bucket_name(BucketName::from_node(crate::template::handle::ref_node(logs.bucket.logical_id())))
            .log_file_prefix(prefix);
        SecureBucket { inner: self.inner.logging_configuration(logging), ..self }
    }
}

impl SecureBucket {
    /// The bucket's properties: what `configure` set, then the guarantee.
    fn into_properties(self) -> Properties {
        let by_default = bucket::ServerSideEncryptionByDefault::new(bucket::SSEAlgorithm::AwsKms)
            .kms_master_key_id(crate::refs::Attr::<target::kms::Key, kind::Arn>::from_node(self.key));
        let rule = bucket::ServerSideEncryptionRule::new()
            .bucket_key_enabled(true)
            .server_side_encryption_by_default(by_default);
        let mut properties = self.inner.into_properties();
        if !self.notifications.is_empty() {
            let mut configuration = match properties.get("NotificationConfiguration") {
                Some(Node::Map(map)) => map.clone(),
                None => crate::node::NodeMap::new(),
                // An intrinsic (`Fn::If`) set in `configure`: the notifications cannot be merged
                // into it, and dropping it would drop what it configures.
                Some(_) => {
                    properties.refuse("the bucket's `NotificationConfiguration`, set in `configure`, is an intrinsic, so the notifications of `notify_topic`/`notify_queue` cannot be added to it: set them all in one place".to_owned());
                    return properties;
                }
            };
            for (list, entry) in self.notifications {
                match configuration.get_mut(list) {
                    Some(Node::List(entries)) => entries.push(entry),
                    _ => {
                        configuration.insert(list.to_owned(), Node::List(vec![entry]));
                    }
                }
            }
            properties.set("NotificationConfiguration", Node::Map(configuration));
        }
        let parts = [
            ("BucketEncryption", node(bucket::BucketEncryption::new([rule]))),
            ("PublicAccessBlockConfiguration", node(public_access_block())),
            ("VersioningConfiguration", node(versioning())),
        ];
        crate::secure::guarantee(&mut properties, parts, BUCKET_PIN);
        properties
    }
}

/// Why a secure bucket keeps its encryption, versioning, ownership and public access block.
const BUCKET_PIN: &str = "the secure bucket type was built with it (encryption, versioning, ownership and the public access block). Set the key in `SecureBucket::new`; these cannot be changed in `configure`";

fn node<T: crate::value::Literal>(value: T) -> Node {
    Value::from(value).into_node()
}

fn versioning() -> bucket::VersioningConfiguration {
    bucket::VersioningConfiguration::new(bucket::VersioningConfigurationStatus::Enabled)
}

/// The parts of an added [`SecureBucket`] or [`AccessLogBucket`].
#[derive(Debug, Clone, PartialEq)]
pub struct BucketHandles<B: crate::handle::HasAttributes> {
    /// The bucket.
    pub bucket: Handle<B>,
    /// Its policy (`<logical_id>Policy`): TLS only, plus what the bucket type adds.
    pub policy: Handle<s3::BucketPolicy>,
    /// The ARN of the key of its default encryption (`None`: SSE-S3).
    key: Option<Node>,
}

/// The parts of an added [`SecureBucket`].
pub type SecureBucketHandles = BucketHandles<SecureBucket>;

/// The parts of an added [`AccessLogBucket`] (`W`: who it takes logs from, see
/// [`AccessLogBucket::for_cloudfront`]).
pub type AccessLogBucketHandles<W = ServerAccessLogs> = BucketHandles<AccessLogBucket<W>>;

/// Adds a bucket (kept on stack deletion) and its policy: the TLS-only statement, then `more`.
/// The one path by which a secure bucket enters a template: neither bucket type is a
/// [`crate::Resource`] that `add` would take without its policy.
fn add_with_policy<B: crate::handle::HasAttributes>(
    template: &mut Template,
    logical_id: &str,
    key: Option<Node>,
    properties: Properties,
    attributes: Attributes,
    more: impl FnOnce(&Handle<B>) -> Vec<Statement<crate::policy::WithPrincipal>>,
) -> BucketHandles<B> {
    let attributes = attributes
        .guard_suppress("S3_BUCKET_REPLICATION_ENABLED", NO_REPLICA)
        .cdk_nag_suppress("HIPAA.Security-S3BucketReplicationEnabled", NO_REPLICA)
        .cdk_nag_suppress("PCI.DSS.321-S3BucketReplicationEnabled", NO_REPLICA);
    let bucket =
        crate::__private::add_parts(template, logical_id, Bucket::TYPE, Bucket::TAGGING, properties, attributes);
    let mut statements = vec![tls_only(&bucket)];
    statements.extend(more(&bucket));
    let policy = template.add_with(
        &format!("{logical_id}Policy"),
        s3::BucketPolicy::new(
            BucketName::from_node(crate::template::handle::ref_node(bucket.logical_id())),
            BucketPolicy::new(statements),
        ),
        Attributes::new().guard_suppress("S3_BUCKET_SSL_REQUESTS_ONLY", TLS_STRING),
    );
    BucketHandles { bucket, policy, key }
}

impl Construct for SecureBucket {
    type Output = SecureBucketHandles;

    fn add_to(mut self, template: &mut Template, logical_id: &str) -> SecureBucketHandles {
        #[cfg(feature = "lambda")]
        for (function, name) in std::mem::take(&mut self.invoked) {
            let permission = crate::resources::lambda::Permission::new(
                "lambda:InvokeFunction",
                Value::<String>::from_node(function),
                "s3.amazonaws.com",
            )
            .source_account(crate::pseudo::account_id());
            let permission = template.add(&format!("{logical_id}Invokes{name}"), permission);
            self.after.push(permission.logical_id().to_owned());
        }
        let mut attributes = Attributes::retain();
        for policy in &self.after {
            attributes = attributes.depends_on_id(policy);
        }
        let extra = std::mem::take(&mut self.extra);
        let key = Some(self.key.clone());
        add_with_policy(template, logical_id, key, self.into_properties(), attributes, |_| extra)
    }
}

/// The bucket S3 server access logs go to: encrypted with S3-managed keys (SSE-S3, the only
/// default encryption S3 supports on a server-access-log target), versioned, closed to the
/// public, owned by the bucket owner, with a policy that lets only the S3 logging service of
/// this account write (`logging.s3.amazonaws.com`, `aws:SourceAccount`) and refuses plain HTTP.
/// It does not log itself: that would loop.
///
/// See <https://docs.aws.amazon.com/AmazonS3/latest/userguide/enable-server-access-logging.html>.
///
/// `W` records who may write through ACLs: [`ServerAccessLogs`] (ACLs disabled, the default) or
/// [`CloudFrontLogs`] ([`AccessLogBucket::for_cloudfront`]).
#[derive(Debug, Clone, PartialEq)]
pub struct AccessLogBucket<W = ServerAccessLogs> {
    inner: Bucket,
    load_balancers: bool,
    writers: PhantomData<fn() -> W>,
}

/// An [`AccessLogBucket`] whose ACLs are disabled (`BucketOwnerEnforced`): services write
/// through its policy only.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ServerAccessLogs;

/// An [`AccessLogBucket`] that also takes CloudFront standard logs, which CloudFront writes
/// through the bucket's ACL ([`AccessLogBucket::for_cloudfront`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CloudFrontLogs;

mod writers {
    /// The ACL settings an [`super::AccessLogBucket`] can be built with.
    pub trait Sealed {
        /// Whether ACLs are enabled (for writers that use them).
        const ACLS: bool;
    }
    impl Sealed for super::ServerAccessLogs {
        const ACLS: bool = false;
    }
    impl Sealed for super::CloudFrontLogs {
        const ACLS: bool = true;
    }
}

/// Holds for an [`AccessLogBucket`] built to take CloudFront standard logs. Sealed.
#[diagnostic::on_unimplemented(
    message = "this access-log bucket does not take CloudFront standard logs: its ACLs are disabled",
    label = "built without `for_cloudfront()`",
    note = "CloudFront writes standard logs through the bucket's ACL, and a bucket with ACLs disabled (S3's default, `BucketOwnerEnforced`) fails the stack: build it with `AccessLogBucket::new(days).for_cloudfront()`"
)]
pub trait TakesCloudFrontLogs: writers::Sealed {}
impl TakesCloudFrontLogs for CloudFrontLogs {}

impl AccessLogBucket {
    /// A log bucket that expires logs after `retention_days`.
    pub fn new(retention_days: impl Into<Value<i64>>) -> Self {
        let expire = bucket::Rule::new(bucket::RuleStatus::Enabled)
            .id("ExpireAccessLogs")
            .expiration_in_days(retention_days)
            .noncurrent_version_expiration(bucket::NoncurrentVersionExpiration::new(30));
        let inner = audited_bucket().lifecycle_configuration(bucket::LifecycleConfiguration::new([expire]));
        AccessLogBucket { inner, load_balancers: false, writers: PhantomData }
    }

    /// Also receives CloudFront standard (legacy) access logs. CloudFront names the bucket by its
    /// domain name and writes through its ACL (granting the `awslogsdelivery` account
    /// `FULL_CONTROL` when the distribution is created), so ACLs are enabled:
    /// `ObjectOwnership` is `BucketOwnerPreferred` (objects written with the
    /// `bucket-owner-full-control` ACL belong to this account), and the public access block still
    /// refuses public ACLs. The bucket stays SSE-S3; give a distribution
    /// [`BucketHandles::cloudfront_logging`] as its `Logging.Bucket`.
    ///
    /// See <https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/standard-logging-legacy-s3.html>.
    pub fn for_cloudfront(self) -> AccessLogBucket<CloudFrontLogs> {
        AccessLogBucket { inner: self.inner, load_balancers: self.load_balancers, writers: PhantomData }
    }
}

impl<W: writers::Sealed> AccessLogBucket<W> {
    /// Also receives Application Load Balancer access logs (which, like server access logs, are
    /// delivered only to SSE-S3 buckets): the policy lets the Region's Elastic Load Balancing
    /// log delivery write under `AWSLogs/<account>/` — the Region's ELB account in Regions opened
    /// before August 2022 (a mapping of AWS's published IDs, `ElbLogDeliveryAccounts`), the
    /// principal `logdelivery.elasticloadbalancing.amazonaws.com` elsewhere. Create the load
    /// balancer after the bucket's policy (`DependsOn`): it checks the policy when logging is
    /// turned on.
    ///
    /// See <https://docs.aws.amazon.com/elasticloadbalancing/latest/application/enable-access-logging.html>.
    ///
    /// The bucket's type then records it: `LoadBalancer::access_logs` (feature
    /// `elasticloadbalancingv2`) takes only a [`LoadBalancerLogBucket`].
    pub fn for_load_balancers(self) -> LoadBalancerLogBucket<W> {
        LoadBalancerLogBucket { inner: AccessLogBucket { load_balancers: true, ..self } }
    }

    /// Sets any other property through the generated type (name, tags). Encryption,
    /// versioning, ownership and the public access block stay as built.
    pub fn configure(self, f: impl FnOnce(Bucket) -> Bucket) -> Self {
        AccessLogBucket { inner: f(self.inner), ..self }
    }

    /// The bucket's properties: what `configure` set, then the guarantee.
    fn into_properties(self) -> Properties {
        let by_default = bucket::ServerSideEncryptionByDefault::new(bucket::SSEAlgorithm::Aes256);
        let rule = bucket::ServerSideEncryptionRule::new().server_side_encryption_by_default(by_default);
        let ownership = if W::ACLS {
            bucket::ObjectOwnership::BucketOwnerPreferred
        } else {
            bucket::ObjectOwnership::BucketOwnerEnforced
        };
        let ownership = bucket::OwnershipControlsRule::new().object_ownership(ownership);
        let mut properties = self.inner.into_properties();
        let parts = [
            ("BucketEncryption", node(bucket::BucketEncryption::new([rule]))),
            ("PublicAccessBlockConfiguration", node(public_access_block())),
            ("OwnershipControls", node(bucket::OwnershipControls::new([ownership]))),
            ("VersioningConfiguration", node(versioning())),
        ];
        crate::secure::guarantee(&mut properties, parts, BUCKET_PIN);
        properties
    }
}

/// Why the registry's `S3_BUCKET_SSL_REQUESTS_ONLY` is suppressed on every secure bucket's policy:
/// the policy's first statement denies `s3:*` without TLS, with the condition value written as
/// the string `"false"`, the form of AWS's own example
/// (<https://docs.aws.amazon.com/AmazonS3/latest/userguide/security-best-practices.html>); the rule
/// compares it with the JSON boolean `false` only.
const TLS_STRING: &str = "the policy's DenyInsecureTransport statement denies s3:* on the bucket and its objects when aws:SecureTransport is \"false\", the string form of AWS's own example; the rule matches only the JSON boolean false";

/// Why no bucket replicates itself (the HIPAA and PCI packs' `s3-bucket-replication-enabled`,
/// <https://docs.aws.amazon.com/config/latest/developerguide/s3-bucket-replication-enabled.html>):
/// replication needs a destination bucket, in practice in another Region or account
/// (<https://docs.aws.amazon.com/AmazonS3/latest/userguide/replication.html>), which a stack of one
/// Region and account cannot create.
const NO_REPLICA: &str = "replication needs a destination bucket in another Region or account, which this single-Region stack cannot create; the bucket is versioned and retained, and a replication rule to your recovery Region's bucket is added through configure";

/// Why the access-log bucket does not log its own access.
const SELF_LOGGING: &str =
    "this bucket is the target of server access logs; logging its own access would log each log delivery, without end";

/// Why the access-log bucket is not encrypted with a KMS key: "You can use default bucket
/// encryption on the destination bucket only if you use server-side encryption with Amazon S3
/// managed keys (SSE-S3)",
/// <https://docs.aws.amazon.com/AmazonS3/latest/userguide/enable-server-access-logging.html>.
const SSE_S3_ONLY: &str = "S3 server access logs are delivered only to a bucket with SSE-S3 default encryption; a KMS-encrypted target receives none";

impl<W: writers::Sealed> Construct for AccessLogBucket<W> {
    type Output = AccessLogBucketHandles<W>;

    fn add_to(self, template: &mut Template, logical_id: &str) -> AccessLogBucketHandles<W> {
        // Checks written for data buckets that cannot apply to the target of server access logs.
        let attributes = Attributes::retain()
            .checkov_skip("CKV_AWS_18", SELF_LOGGING)
            .guard_suppress("S3_BUCKET_LOGGING_ENABLED", SELF_LOGGING)
            .cdk_nag_suppress("HIPAA.Security-S3DefaultEncryptionKMS", SSE_S3_ONLY)
            .cdk_nag_suppress("PCI.DSS.321-S3DefaultEncryptionKMS", SSE_S3_ONLY);
        let load_balancers = self.load_balancers.then(|| elb_log_principal(template));
        add_with_policy::<AccessLogBucket<W>>(
            template,
            logical_id,
            None,
            self.into_properties(),
            attributes,
            |bucket| {
                let delivery = Statement::allow([crate::__private::action("s3:PutObject")])
                    .sid("AllowServerAccessLogDelivery")
                    .principal(Principal::service(ServicePrincipal::s3_logging()))
                    .resource(sub_checked(&format!("${{{}.Arn}}/*", bucket.logical_id()), Vec::new()))
                    .condition(Operator::StringEquals, "aws:SourceAccount", crate::pseudo::account_id());
                let mut statements = vec![delivery];
                if let Some(principal) = load_balancers {
                    statements.push(
                        Statement::allow([crate::__private::action("s3:PutObject")])
                            .sid("AllowLoadBalancerLogDelivery")
                            .principal(principal)
                            .resource(sub_checked(
                                &format!("${{{}.Arn}}/AWSLogs/${{AWS::AccountId}}/*", bucket.logical_id()),
                                Vec::new(),
                            )),
                    );
                }
                statements
            },
        )
    }
}

/// The mapping of the Regions' Elastic Load Balancing log accounts.
const ELB_MAPPING: &str = "ElbLogDeliveryAccounts";
/// The condition: the Region has an Elastic Load Balancing log account.
const ELB_CONDITION: &str = "ElbRegionHasLogDeliveryAccount";

/// The principal that writes Application Load Balancer access logs in the deployment's Region:
/// `Fn::If` between the Region's account (from the mapping) and the log delivery service. Adds
/// the mapping and the condition to `template` once.
fn elb_log_principal(template: &mut Template) -> Principal {
    use crate::data::ELB_LOG_ACCOUNTS;
    use crate::intrinsics::{equals, find_in_map, or};
    let mapping = match template.mapping_handle(ELB_MAPPING) {
        Some(mapping) => mapping,
        None => {
            let mut mapping = crate::template::mapping::Mapping::new();
            for (region, arn) in ELB_LOG_ACCOUNTS {
                mapping =
                    mapping.entry(region, [("Principal", Value::<crate::value::Json>::from_node(Node::string(arn)))]);
            }
            template.mapping(ELB_MAPPING, mapping)
        }
    };
    let condition = match template.condition_handle(ELB_CONDITION) {
        Some(condition) => condition,
        None => {
            // `Fn::Or` takes at most ten conditions: one `Fn::Or` per ten Regions, under one more.
            let groups: Vec<crate::intrinsics::ConditionExpr> = ELB_LOG_ACCOUNTS
                .chunks(10)
                .map(|chunk| or(chunk.iter().map(|(region, _)| equals(crate::pseudo::region(), *region))))
                .collect();
            template.condition(ELB_CONDITION, or(groups))
        }
    };
    let account = find_in_map::<String>(&mapping, crate::pseudo::region(), "Principal");
    Principal::chosen(&condition, Principal::aws([account]), Principal::service(ServicePrincipal::elb_log_delivery()))
}

impl<C: Compliance, W> AllowedIn<C> for AccessLogBucket<W> {}
impl<W> crate::__private::ResourceSeal for AccessLogBucket<W> {}

impl<W> crate::handle::HasAttributes for AccessLogBucket<W> {
    type Attributes = crate::handle::NoAttributes;
}

/// `Fn::GetAtt <bucket>.<attribute>` of `bucket`, as the typed attribute it is.
fn bucket_attribute<B: crate::handle::HasAttributes, K>(
    bucket: &Handle<B>,
    attribute: &str,
) -> Attr<target::s3::Bucket, K> {
    Attr::from_node(crate::__private::get_att::<_, String>(bucket, attribute).into_node())
}

impl<W> AccessLogBucketHandles<W> {
    /// The bucket's Regional domain name (`Fn::GetAtt Bucket.RegionalDomainName`), the form a
    /// CloudFront distribution's `Logging.Bucket` takes (a bucket name or ARN is refused), typed
    /// as that setter takes it. Requires a bucket built [`AccessLogBucket::for_cloudfront`], whose
    /// ACLs CloudFront can write through.
    pub fn cloudfront_logging(&self) -> Attr<target::s3::Bucket, kind::RegionalDomainName>
    where
        W: TakesCloudFrontLogs,
    {
        bucket_attribute(&self.bucket, "RegionalDomainName")
    }
}

impl<W> LoadBalancerLogBucketHandles<W> {
    /// The bucket's Regional domain name, for a CloudFront distribution's `Logging.Bucket`, as for
    /// an [`AccessLogBucket`] built `for_cloudfront()`.
    pub fn cloudfront_logging(&self) -> Attr<target::s3::Bucket, kind::RegionalDomainName>
    where
        W: TakesCloudFrontLogs,
    {
        bucket_attribute(&self.bucket, "RegionalDomainName")
    }
}

/// An [`AccessLogBucket`] that also receives Application Load Balancer access logs, built by
/// [`AccessLogBucket::for_load_balancers`]: its policy lets the Region's load balancer log
/// delivery write under `AWSLogs/<account>/`. Added with `template.build(…)`.
#[derive(Debug, Clone, PartialEq)]
pub struct LoadBalancerLogBucket<W = ServerAccessLogs> {
    inner: AccessLogBucket<W>,
}

/// The parts of an added [`LoadBalancerLogBucket`].
pub type LoadBalancerLogBucketHandles<W = ServerAccessLogs> = BucketHandles<LoadBalancerLogBucket<W>>;

impl<W: writers::Sealed> LoadBalancerLogBucket<W> {
    /// Sets any other property through the generated type (name, tags). Encryption,
    /// versioning, ownership and the public access block stay as built.
    pub fn configure(self, f: impl FnOnce(Bucket) -> Bucket) -> Self {
        LoadBalancerLogBucket { inner: self.inner.configure(f) }
    }
}

impl<W: writers::Sealed> Construct for LoadBalancerLogBucket<W> {
    type Output = LoadBalancerLogBucketHandles<W>;

    fn add_to(self, template: &mut Template, logical_id: &str) -> LoadBalancerLogBucketHandles<W> {
        let added = self.inner.add_to(template, logical_id);
        BucketHandles { bucket: crate::__private::handle(added.bucket.logical_id()), policy: added.policy, key: None }
    }
}

impl<C: Compliance, W> AllowedIn<C> for LoadBalancerLogBucket<W> {}
impl<W> crate::__private::ResourceSeal for LoadBalancerLogBucket<W> {}

impl<W> crate::handle::HasAttributes for LoadBalancerLogBucket<W> {
    type Attributes = crate::handle::NoAttributes;
}

mod sealed_target {
    #[diagnostic::on_unimplemented(
        message = "`{Self}` cannot receive S3 server access logs",
        note = "server access logs go to an `AccessLogBucket` (SSE-S3, with the S3 logging service in its policy)"
    )]
    pub trait Sealed {}
}

/// A bucket S3 server access logs may be sent to: SSE-S3, its policy letting
/// `logging.s3.amazonaws.com` in. Sealed.
#[diagnostic::on_unimplemented(
    message = "`{Self}` cannot receive S3 server access logs",
    label = "not a bucket built for server access logs",
    note = "S3 delivers server access logs only to a bucket with SSE-S3 default encryption whose policy lets `logging.s3.amazonaws.com` write: `template.build(\"AccessLogs\", AccessLogBucket::new(365))`"
)]
pub trait ServerLogTarget: sealed_target::Sealed + crate::handle::HasAttributes {}

impl<W> sealed_target::Sealed for AccessLogBucket<W> {}
impl<W> ServerLogTarget for AccessLogBucket<W> {}
impl<W> sealed_target::Sealed for LoadBalancerLogBucket<W> {}
impl<W> ServerLogTarget for LoadBalancerLogBucket<W> {}

/// What both secure buckets start from (defaults `configure` may change): S3 Object Lock
/// enabled, with no default retention, so objects can be locked against change and deletion
/// when an audit needs it (PCI DSS 10.5, Control Tower CT.S3.PR.9; lifecycle expiry still works),
/// and object events sent to EventBridge (CT.S3.PR.4; free unless a rule consumes them).
fn audited_bucket() -> Bucket {
    let events = bucket::NotificationConfiguration::new()
        .event_bridge_configuration(bucket::EventBridgeConfiguration::new(true));
    Bucket::new().object_lock_enabled(true).notification_configuration(events)
}

fn public_access_block() -> bucket::PublicAccessBlockConfiguration {
    bucket::PublicAccessBlockConfiguration::new()
        .block_public_acls(true)
        .block_public_policy(true)
        .ignore_public_acls(true)
        .restrict_public_buckets(true)
}

/// Denies every request that does not use TLS (PCI DSS 4.1, HIPAA 164.312(e)(1)), on the bucket
/// (`Fn::GetAtt`) and its objects (`Fn::Sub`, as cfn-lint prefers; Control Tower's CT.S3.PR.8 recognises only `Fn::Join`, an
/// exception listed in `docs/compliance/`).
fn tls_only<B: crate::handle::HasAttributes>(bucket: &Handle<B>) -> Statement<crate::policy::WithPrincipal> {
    Statement::deny([crate::__private::action("s3:*")])
        .sid("DenyInsecureTransport")
        .principal(Principal::everyone())
        .resource(crate::__private::get_att::<_, String>(bucket, "Arn"))
        .resource(sub_checked(&format!("${{{}.Arn}}/*", bucket.logical_id()), Vec::new()))
        .condition(Operator::Bool, "aws:SecureTransport", "false")
}

/// A [`SecureBucket`] that receives CloudTrail log files: its policy also lets
/// `cloudtrail.amazonaws.com` read the bucket's ACL and write under `AWSLogs/<account>/` with
/// the `bucket-owner-full-control` ACL, for trails of this account only (`aws:SourceAccount`,
/// `aws:SourceArn`). CloudTrail checks that policy when a trail is created; `AuditTrail` (feature
/// `cloudtrail`) takes only this bucket and is created after its policy.
///
/// See <https://docs.aws.amazon.com/awscloudtrail/latest/userguide/create-s3-bucket-policy-for-cloudtrail.html>.
#[derive(Debug, Clone, PartialEq)]
pub struct TrailBucket {
    inner: SecureBucket,
}

/// The parts of an added [`TrailBucket`].
pub type TrailBucketHandles = BucketHandles<TrailBucket>;

impl TrailBucket {
    /// A trail bucket encrypted with `key` (objects a trail writes are encrypted with the trail's
    /// own key).
    pub fn new<G: HasGrant<S3Grant>>(key: KeyArn<G>) -> Self {
        TrailBucket { inner: SecureBucket::new(key) }
    }

    /// Sets any other property through the generated type (name, lifecycle, tags).
    pub fn configure(self, f: impl FnOnce(Bucket) -> Bucket) -> Self {
        TrailBucket { inner: self.inner.configure(f) }
    }

    /// Sends S3 server access logs to `logs`, under `prefix`.
    pub fn access_logs_to<L: ServerLogTarget>(self, logs: &BucketHandles<L>, prefix: &str) -> Self {
        TrailBucket { inner: self.inner.access_logs_to(logs, prefix) }
    }
}

/// The trails of this account in this Region, as CloudTrail names them in `aws:SourceArn`.
const TRAILS: &str = "arn:${AWS::Partition}:cloudtrail:${AWS::Region}:${AWS::AccountId}:trail/*";

impl Construct for TrailBucket {
    type Output = TrailBucketHandles;

    fn add_to(self, template: &mut Template, logical_id: &str) -> TrailBucketHandles {
        let key = Some(self.inner.key.clone());
        add_with_policy(template, logical_id, key, self.inner.into_properties(), Attributes::retain(), |bucket| {
            service_writes(bucket, "CloudTrail", ServicePrincipal::cloudtrail(), TRAILS)
        })
    }
}

/// The two statements a service that writes log files under `AWSLogs/<account>/` needs (read the
/// bucket's ACL; put objects with the `bucket-owner-full-control` ACL), for its sources of this
/// account only (`aws:SourceAccount`, `aws:SourceArn` like `sources`).
fn service_writes<B: crate::handle::HasAttributes>(
    bucket: &Handle<B>,
    name: &str,
    principal: ServicePrincipal,
    sources: &str,
) -> Vec<Statement<crate::policy::WithPrincipal>> {
    let from_sources = |statement: Statement<crate::policy::WithPrincipal>| {
        statement.condition(Operator::StringEquals, "aws:SourceAccount", crate::pseudo::account_id()).condition(
            Operator::ArnLike,
            "aws:SourceArn",
            sub_checked(sources, Vec::new()),
        )
    };
    let acl_check = Statement::allow([crate::__private::action("s3:GetBucketAcl")])
        .sid(format!("Allow{name}AclCheck"))
        .principal(Principal::service(principal.clone()))
        .resource(crate::__private::get_att::<_, String>(bucket, "Arn"));
    let write = Statement::allow([crate::__private::action("s3:PutObject")])
        .sid(format!("Allow{name}Write"))
        .principal(Principal::service(principal))
        .resource(sub_checked(&format!("${{{}.Arn}}/AWSLogs/${{AWS::AccountId}}/*", bucket.logical_id()), Vec::new()))
        .condition(Operator::StringEquals, "s3:x-amz-acl", "bucket-owner-full-control");
    vec![from_sources(acl_check), from_sources(write)]
}

/// A [`SecureBucket`] that receives vended logs — VPC flow logs, Route 53 Resolver query logs and
/// the other logs AWS services deliver through `delivery.logs.amazonaws.com` — written under
/// `AWSLogs/<account>/`. Its key must let the log delivery service in ([`LogDeliveryGrant`]):
/// S3 encrypts what the service writes with the bucket's default key, in the service's name. Its
/// policy lets the service read the ACL and write, for deliveries of this account only.
///
/// Without these statements in the stack's policy, AWS appends them to the bucket policy itself
/// when the first delivery is created — and the next stack update, which writes the policy the
/// template holds, removes them: the logs stop, silently.
///
/// See <https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/AWS-logs-and-resource-policy.html>.
///
/// [`LogDeliveryGrant`]: crate::secure::LogDeliveryGrant
#[derive(Debug, Clone, PartialEq)]
pub struct VendedLogsBucket {
    inner: SecureBucket,
}

/// The parts of an added [`VendedLogsBucket`].
pub type VendedLogsBucketHandles = BucketHandles<VendedLogsBucket>;

impl VendedLogsBucket {
    /// A vended-logs bucket encrypted with `key`, which must let S3 and the log delivery service in.
    pub fn new<G: HasGrant<S3Grant> + HasGrant<crate::secure::LogDeliveryGrant>>(key: KeyArn<G>) -> Self {
        VendedLogsBucket { inner: SecureBucket::new(key) }
    }

    /// Sets any other property through the generated type (name, lifecycle, tags).
    pub fn configure(self, f: impl FnOnce(Bucket) -> Bucket) -> Self {
        VendedLogsBucket { inner: self.inner.configure(f) }
    }

    /// Sends S3 server access logs to `logs`, under `prefix`.
    pub fn access_logs_to<L: ServerLogTarget>(self, logs: &BucketHandles<L>, prefix: &str) -> Self {
        VendedLogsBucket { inner: self.inner.access_logs_to(logs, prefix) }
    }
}

impl Construct for VendedLogsBucket {
    type Output = VendedLogsBucketHandles;

    fn add_to(self, template: &mut Template, logical_id: &str) -> VendedLogsBucketHandles {
        let key = Some(self.inner.key.clone());
        add_with_policy(template, logical_id, key, self.inner.into_properties(), Attributes::retain(), |bucket| {
            service_writes(
                bucket,
                "LogDelivery",
                ServicePrincipal::log_delivery(),
                crate::proof::grants::LOG_DELIVERIES,
            )
        })
    }
}

impl VendedLogsBucketHandles {
    /// The bucket's ARN as a vended log's destination (a flow log's `LogDestination`, with
    /// `LogDestinationType: s3`; a Route 53 Resolver query log's `DestinationArn`), typed as the
    /// setters that name a bucket by ARN take it. Create the log after the bucket's policy:
    /// `DependsOn` on [`BucketHandles::policy`].
    pub fn log_destination(&self) -> Attr<target::s3::Bucket, kind::Arn> {
        bucket_attribute(&self.bucket, "Arn")
    }
}

impl<C: Compliance> AllowedIn<C> for VendedLogsBucket {}
impl crate::__private::ResourceSeal for VendedLogsBucket {}

impl crate::handle::HasAttributes for VendedLogsBucket {
    type Attributes = crate::handle::NoAttributes;
}

impl<C: Compliance> AllowedIn<C> for TrailBucket {}
impl crate::__private::ResourceSeal for TrailBucket {}

impl crate::handle::HasAttributes for TrailBucket {
    type Attributes = crate::handle::NoAttributes;
}

impl<C: Compliance> AllowedIn<C> for SecureBucket {}
impl crate::__private::ResourceSeal for SecureBucket {}

impl crate::handle::HasAttributes for SecureBucket {
    type Attributes = SecureBucketAttributes;
}

super::attribute_set! {
    /// `Fn::GetAtt` attributes of [`SecureBucket`]: a `Handle<SecureBucket>` dereferences to this.
    pub struct SecureBucketAttributes;
}

impl SecureBucketAttributes {
    /// `Fn::GetAtt Bucket.Arn`.
    pub fn arn(&self) -> Value<String> {
        self.0.get_att("Arn")
    }
}

#[cfg(feature = "iam")]
impl<B: crate::handle::HasAttributes> BucketHandles<B> {
    /// Lets `role` read the bucket's objects, and nothing else: adds the `AWS::IAM::Policy`
    /// `<bucket>Read<role>` attached to it, allowing `s3:GetObject` on the bucket's objects and
    /// `s3:ListBucket` on the bucket, and, for a bucket encrypted with a customer key,
    /// `kms:Decrypt` with that key only through S3 in this Region (`kms:ViaService`; the key's
    /// [`S3Grant`] lets the account's roles in that way). Gives back the policy, for `DependsOn`.
    ///
    /// See <https://docs.aws.amazon.com/AmazonS3/latest/userguide/UsingKMSEncryption.html>.
    pub fn grant_read<S>(
        &self,
        template: &mut Template,
        role: &Handle<crate::secure::ServiceRole<S>>,
    ) -> Handle<crate::resources::iam::Policy> {
        let objects = sub_checked(&format!("${{{}.Arn}}/*", self.bucket.logical_id()), Vec::new());
        let mut statements = vec![
            Statement::allow([crate::__private::action("s3:GetObject")]).sid("ReadObjects").resource(objects),
            Statement::allow([crate::__private::action("s3:ListBucket")])
                .sid("ListBucket")
                .resource(crate::__private::get_att::<_, String>(&self.bucket, "Arn")),
        ];
        if let Some(key) = &self.key {
            statements.push(
                Statement::allow([crate::__private::action("kms:Decrypt")])
                    .sid("DecryptObjects")
                    .resource(Value::<String>::from_node(key.clone()))
                    .condition(
                        Operator::StringEquals,
                        "kms:ViaService",
                        sub_checked("s3.${AWS::Region}.amazonaws.com", Vec::new()),
                    ),
            );
        }
        let id = format!("{}Read{}", self.bucket.logical_id(), role.logical_id());
        crate::secure::service_role::attach_policy(template, &id, role, statements)
    }
}

/// `Ref` gives what it gives for `s3::Bucket`.
impl crate::refs::Referable for SecureBucket {
    type Ref = <crate::resources::s3::Bucket as crate::refs::Referable>::Ref;
}

/// `Ref` of a bucket of any of the secure kinds gives its name, as for `s3::Bucket`.
macro_rules! bucket_ref {
    ($($ty:ty => [$($generic:ident)*]),*) => {$(
        impl<$($generic)*> crate::refs::Referable for $ty {
            type Ref = <crate::resources::s3::Bucket as crate::refs::Referable>::Ref;
        }
    )*};
}
bucket_ref!(AccessLogBucket<W> => [W], LoadBalancerLogBucket<W> => [W], TrailBucket => [], VendedLogsBucket => []);
