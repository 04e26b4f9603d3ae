//! An account's audit trail: CloudTrail writing encrypted, validated log files to a
//! [`TrailBucket`](crate::secure::TrailBucket), and optionally to an encrypted log group.
//!
//! What CloudTrail checks when the trail is created — the bucket's policy (read the ACL, write
//! under `AWSLogs/<account>/`), the key's policy (`kms:GenerateDataKey*` with the trail as
//! encryption context, `kms:DescribeKey`), the role it assumes for CloudWatch Logs (trusted by
//! `cloudtrail.amazonaws.com`, allowed to write that group) — is each carried by a type: the
//! bucket is a [`TrailBucket`](crate::secure::TrailBucket), the key's policy type holds [`CloudTrailGrant`], the role is
//! written here from the group. The trail is created after the bucket's policy.
//!
//! See <https://docs.aws.amazon.com/awscloudtrail/latest/userguide/create-s3-bucket-policy-for-cloudtrail.html>
//! and <https://docs.aws.amazon.com/awscloudtrail/latest/userguide/send-cloudtrail-events-to-cloudwatch-logs.html>.

use std::marker::PhantomData;

use crate::intrinsics::sub_checked;
use crate::node::Node;
use crate::policy::{IdentityPolicy, Statement};
use crate::proof::grants::{CloudTrailGrant, HasGrant};
use crate::proof::key::KeyArn;
use crate::proof::role::CloudTrailService;
use crate::resources::cloudtrail::Trail;
use crate::resources::iam::ManagedPolicy;
use crate::secure::bucket::TrailBucketHandles;
use crate::secure::encrypted_log_group::EncryptedLogGroup;
use crate::secure::service_role::ServiceRole;
use crate::stack::{AllowedIn, Compliance};
use crate::template::Template;
use crate::template::attributes::Attributes;
use crate::template::construct::Construct;
use crate::template::handle::Handle;
use crate::template::resource::{Properties, Resource as _};
use crate::value::Value;

/// An `AWS::CloudTrail::Trail` that logs every Region's management events into a
/// [`TrailBucket`](crate::secure::TrailBucket), encrypted with a key whose policy holds [`CloudTrailGrant`], with log file
/// validation on (PCI DSS 10.5, CIS AWS Foundations 3.2 and 3.7). Added with `template.build(…)`.
#[derive(Debug, Clone, PartialEq)]
pub struct AuditTrail<G> {
    inner: Trail,
    bucket: Node,
    bucket_policy: Handle<crate::resources::s3::BucketPolicy>,
    key: Node,
    logs: Option<Node>,
    /// The topic notified of each log file, and its policy's logical ID.
    topic: Option<(Node, String)>,
    /// Whether [`AuditTrail::log_all_s3_data_events`] set the event selectors.
    data_events: bool,
    grants: PhantomData<fn() -> G>,
}

impl<G: HasGrant<CloudTrailGrant>> AuditTrail<G> {
    /// A multi-Region trail of management events into `bucket`, encrypted with `key`.
    pub fn new(bucket: &TrailBucketHandles, key: KeyArn<G>) -> Self {
        let inner = Trail::new(
            true,
            crate::refs::Attr::<crate::refs::target::s3::Bucket, crate::refs::kind::BucketName>::from_node(
                crate::template::handle::ref_node(bucket.bucket.logical_id()),
            ),
        )
        .is_multi_region_trail(true)
        .include_global_service_events(true);
        AuditTrail {
            inner,
            bucket: crate::template::handle::ref_node(bucket.bucket.logical_id()),
            bucket_policy: bucket.policy.clone(),
            key: key.into_node(),
            logs: None,
            topic: None,
            data_events: false,
            grants: PhantomData,
        }
    }
}

impl<G> AuditTrail<G> {
    /// Sets any other property through the generated type (name, event selectors, tags). The
    /// bucket, the key and log file validation stay as built.
    pub fn configure(self, f: impl FnOnce(Trail) -> Trail) -> Self {
        AuditTrail { inner: f(self.inner), ..self }
    }

    /// Also delivers the events to `group` (CIS 3.4): adds the role CloudTrail assumes
    /// (`<logical_id>LogsRole`, trusted by `cloudtrail.amazonaws.com` for this account only)
    /// and the customer-managed policy it is given (`<logical_id>LogsPolicy`: `logs:CreateLogStream`
    /// and `logs:PutLogEvents` on that group), managed rather than inline as the HIPAA and PCI
    /// packs' `iam-no-inline-policy-check` asks
    /// (<https://docs.aws.amazon.com/config/latest/developerguide/iam-no-inline-policy-check.html>).
    pub fn cloudwatch_logs(self, group: &Handle<EncryptedLogGroup>) -> Self {
        AuditTrail { logs: Some(group.arn().into_node()), ..self }
    }

    /// Also logs S3 data events (object-level reads and writes) of every bucket in the account,
    /// besides management events, as the HIPAA and PCI packs' `cloudtrail-s3-dataevents-enabled`
    /// asks (<https://docs.aws.amazon.com/config/latest/developerguide/cloudtrail-s3-dataevents-enabled.html>;
    /// PCI DSS 10.2.1, access to cardholder data). The selector is the prefix
    /// `arn:${AWS::Partition}:s3`, which "logs data events for all objects in all S3 buckets in
    /// your AWS account"
    /// (<https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-properties-cloudtrail-trail-dataresource.html>).
    pub fn log_all_s3_data_events(self) -> Self {
        use crate::resources::cloudtrail::trail::{DataResource, EventSelector, ReadWriteType, Type};
        let all_objects =
            DataResource::new(Type::AwsS3Object).values(vec![sub_checked("arn:${AWS::Partition}:s3", Vec::new())]);
        let selector = EventSelector::new()
            .include_management_events(true)
            .read_write_type(ReadWriteType::All)
            .data_resources(vec![all_objects]);
        AuditTrail { inner: self.inner.event_selectors(vec![selector]), data_events: true, ..self }
    }

    /// Notifies `topic` of each log file delivered (`SnsTopicName`), created after the topic's
    /// policy, which CloudTrail checks when the trail is created. Requires the topic's key to
    /// let CloudTrail publish ([`crate::secure::CloudTrailToTopics`]); the topic's policy then
    /// lets trails of this account in.
    #[cfg(feature = "sns")]
    pub fn notify<T>(self, topic: &crate::secure::TopicHandles<T>) -> Self
    where
        T: crate::secure::HasGrant<crate::secure::CloudTrailToTopics>,
    {
        let notified = (topic.trail_notifications().into_node(), topic.policy.logical_id().to_owned());
        AuditTrail { topic: Some(notified), ..self }
    }
}

/// Why an audit trail keeps its bucket, key and validation.
const TRAIL_PIN: &str = "the audit trail was built with its bucket, key, log file validation and notification topic; set them in `AuditTrail::new` and `AuditTrail::notify`, not in `configure`";

impl<G> Construct for AuditTrail<G> {
    type Output = Handle<Trail>;

    fn add_to(self, template: &mut Template, logical_id: &str) -> Handle<Trail> {
        let mut parts =
            vec![("S3BucketName", self.bucket), ("KMSKeyId", self.key), ("EnableLogFileValidation", Node::Bool(true))];
        if let Some(group) = self.logs {
            let policy = template.add(&format!("{logical_id}LogsPolicy"), logs_policy(&group));
            let role = template.add(&format!("{logical_id}LogsRole"), logs_role(&policy));
            parts.push(("CloudWatchLogsLogGroupArn", group));
            parts.push((
                "CloudWatchLogsRoleArn",
                crate::secure::AssumableBy::<CloudTrailService>::into_role_node(role.arn()),
            ));
        }
        // The registry rule reads `KMSKeyId` only as a literal string; the key here is always the
        // `Fn::GetAtt` (or imported) ARN of a key whose policy holds the CloudTrail grant.
        let mut attributes = Attributes::new().depends_on(&self.bucket_policy).guard_suppress(
            "CLOUD_TRAIL_ENCRYPTION_ENABLED",
            "the trail is encrypted: KMSKeyId is the ARN of the stack's key, written as an intrinsic function (Fn::GetAtt), which the rule does not read (it accepts only a literal string)",
        );
        if self.data_events {
            attributes = attributes.guard_suppress(
                "CLOUDTRAIL_S3_DATAEVENTS_ENABLED",
                "the trail logs S3 data events of all buckets: its event selector names AWS::S3::Object with the prefix arn:<partition>:s3 (written with the AWS::Partition pseudo parameter), which the rule does not read (it accepts only the literal arn:aws:s3::: of one partition)",
            );
        }
        if let Some((topic, policy)) = self.topic {
            parts.push(("SnsTopicName", topic));
            attributes = attributes.depends_on_id(&policy);
        }
        let mut properties: Properties = self.inner.into_properties();
        crate::secure::guarantee(&mut properties, parts, TRAIL_PIN);
        crate::__private::add_parts(template, logical_id, Trail::TYPE, Trail::TAGGING, properties, attributes)
    }
}

/// What CloudTrail may do with `group` (whose ARN ends in `:*`): create streams and write events.
fn logs_policy(group: &Node) -> ManagedPolicy {
    let write = Statement::allow([
        crate::__private::action("logs:CreateLogStream"),
        crate::__private::action("logs:PutLogEvents"),
    ])
    .resource(Value::<String>::from_node(group.clone()));
    ManagedPolicy::new(IdentityPolicy::new([write]))
        .description("Lets CloudTrail deliver the trail's events to its log group, nothing else")
}

/// The role CloudTrail assumes to write to its log group, given `policy`.
fn logs_role(policy: &Handle<ManagedPolicy>) -> ServiceRole<CloudTrailService> {
    ServiceRole::new(CloudTrailService).configure(|r| {
        r.description("Assumed by CloudTrail to deliver the trail's events to its log group")
            .managed_policy_arns([policy.reference()])
    })
}

impl<C: Compliance, G> AllowedIn<C> for AuditTrail<G> {}
impl<G> crate::__private::ResourceSeal for AuditTrail<G> {}
