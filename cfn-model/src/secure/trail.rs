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
use crate::policy::{Action, IdentityPolicy, Statement};
use crate::proof::grants::{CloudTrailGrant, HasGrant};
use crate::proof::key::KeyArn;
use crate::proof::role::CloudTrailService;
use crate::resources::cloudtrail::Trail;
use crate::resources::iam::role;
use crate::secure::bucket::TrailBucketHandles;
use crate::secure::construct::Construct;
use crate::secure::encrypted_log_group::EncryptedLogGroup;
use crate::secure::service_role::ServiceRole;
use crate::secure::stack::{AllowedIn, Compliance};
use crate::template::Template;
use crate::template::attributes::Attributes;
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
    grants: PhantomData<fn() -> G>,
}

impl<G: HasGrant<CloudTrailGrant>> AuditTrail<G> {
    /// A multi-Region trail of management events into `bucket`, encrypted with `key`.
    pub fn new(bucket: &TrailBucketHandles, key: KeyArn<G>) -> Self {
        let inner =
            Trail::new(true, bucket.bucket.reference()).is_multi_region_trail(true).include_global_service_events(true);
        AuditTrail {
            inner,
            bucket: bucket.bucket.reference().into_node(),
            bucket_policy: bucket.policy.clone(),
            key: key.into_node(),
            logs: None,
            topic: None,
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
    /// (`<logical_id>LogsRole`, trusted by `cloudtrail.amazonaws.com` for this account only,
    /// allowed `logs:CreateLogStream` and `logs:PutLogEvents` on that group).
    pub fn cloudwatch_logs(self, group: &Handle<EncryptedLogGroup>) -> Self {
        AuditTrail { logs: Some(group.arn().into_node()), ..self }
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
            let role = template.add(&format!("{logical_id}LogsRole"), logs_role(&group));
            parts.push(("CloudWatchLogsLogGroupArn", group));
            parts.push((
                "CloudWatchLogsRoleArn",
                crate::secure::AssumableBy::<CloudTrailService>::into_role_node(role.arn()),
            ));
        }
        let mut attributes = Attributes::new().depends_on(&self.bucket_policy);
        if let Some((topic, policy)) = self.topic {
            parts.push(("SnsTopicName", topic));
            attributes.depends_on.push(policy);
        }
        let mut properties: Properties = self.inner.into_properties();
        crate::secure::guarantee(&mut properties, parts, TRAIL_PIN);
        template.add_parts(logical_id, Trail::TYPE, Trail::TAGGING, properties, attributes)
    }
}

/// The role CloudTrail assumes to write to `group` (whose ARN ends in `:*`).
fn logs_role(group: &Node) -> ServiceRole<CloudTrailService> {
    let write = Statement::allow([Action::checked("logs:CreateLogStream"), Action::checked("logs:PutLogEvents")])
        .resource(Value::<String>::from_node(group.clone()));
    ServiceRole::new(CloudTrailService).configure(|r| {
        r.description("Assumed by CloudTrail to deliver the trail's events to its log group").policies(vec![
            role::Policy::new(
                IdentityPolicy::new([write]),
                sub_checked("${AWS::StackName}-cloudtrail-logs", Vec::new()),
            ),
        ])
    })
}

impl<C: Compliance, G> AllowedIn<C> for AuditTrail<G> {}
impl<G> crate::template::resource::sealed::Sealed for AuditTrail<G> {}
