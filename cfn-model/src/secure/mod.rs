//! The secure layer: hand-written constructs where a guarantee lives, above the generated
//! resource types they build on. What the generated setters accept (the proof traits and
//! markers) is below them, in the crate-private `proof` module, and re-exported here.
//!
//! - [`KeyPolicy<G>`] and [`KmsKey<G>`]: a key whose type records the services its policy
//!   grants ([`LogsGrant`], [`RdsGrant`], …) in a [`Grants`] set; [`HasGrant`] (sealed) proves a
//!   grant is there.
//! - [`LogGroupKey`]: the only things a log group's `KmsKeyId` accepts.
//! - [`RoleArn<S>`] and [`AssumableBy<S>`]: a role whose type records the service its trust
//!   policy lets in ([`LambdaService`], [`VpcFlowLogsService`], …); the properties that hand a
//!   role to a service take only one of that service.

/// Declares the type a handle to a construct dereferences to (`Handle` is cfn-core's: its
/// methods for one resource type are those of the type's `HasAttributes::Attributes`), holding
/// the logical ID its accessors read.
#[allow(unused_macros)]
macro_rules! attribute_set {
    ($(#[$meta:meta])* pub struct $name:ident;) => {
        $(#[$meta])*
        pub struct $name(crate::handle::LogicalId);

        impl crate::handle::AttributeSet for $name {
            fn at(logical_id: crate::handle::LogicalId) -> Self {
                $name(logical_id)
            }

            fn logical_id(&self) -> &crate::handle::LogicalId {
                &self.0
            }
        }
    };
    ($(#[$meta:meta])* pub struct $name:ident<$g:ident>;) => {
        $(#[$meta])*
        pub struct $name<$g>(crate::handle::LogicalId, std::marker::PhantomData<fn() -> $g>);

        impl<$g> crate::handle::AttributeSet for $name<$g> {
            fn at(logical_id: crate::handle::LogicalId) -> Self {
                $name(logical_id, std::marker::PhantomData)
            }

            fn logical_id(&self) -> &crate::handle::LogicalId {
                &self.0
            }
        }
    };
}
#[allow(unused_imports)]
pub(crate) use attribute_set;

#[cfg(all(feature = "backup", feature = "iam"))]
mod backup;
#[cfg(feature = "s3")]
mod bucket;
#[cfg(all(feature = "sqs", feature = "lambda", feature = "iam"))]
mod consumer;
#[cfg(feature = "logs")]
mod encrypted_log_group;
#[cfg(all(feature = "s3", feature = "elasticloadbalancingv2"))]
mod load_balancer;
#[cfg(any(feature = "sns", feature = "sqs"))]
mod messaging;
#[cfg(feature = "rds")]
mod rds;
#[cfg(feature = "secretsmanager")]
mod secret;
#[cfg(feature = "iam")]
mod service_role;
#[cfg(all(feature = "cloudtrail", feature = "s3", feature = "iam", feature = "logs"))]
mod trail;
#[cfg(feature = "ec2")]
mod volumes;

pub use crate::proof::database::{DatabasePassword, MasterUsername, SecretPassword};
#[cfg(feature = "rds")]
pub use crate::proof::rds_exports::{ClusterLogs, InstanceLogs, RdsLogExports};
pub use crate::template::construct::Construct;
#[cfg(all(feature = "backup", feature = "iam"))]
pub use backup::{BackupResource, DAILY_AT_SIX_UTC, DEFAULT_RETENTION_DAYS, DatabaseBackups, DatabaseBackupsHandles};
#[cfg(feature = "s3")]
pub use bucket::{
    AccessLogBucket, AccessLogBucketHandles, BucketHandles, CloudFrontLogs, LoadBalancerLogBucket,
    LoadBalancerLogBucketHandles, SecureBucket, SecureBucketAttributes, SecureBucketHandles, ServerAccessLogs,
    ServerLogTarget, TakesCloudFrontLogs, TrailBucket, TrailBucketHandles, VendedLogsBucket, VendedLogsBucketHandles,
};
#[cfg(all(feature = "sqs", feature = "lambda", feature = "iam"))]
pub use consumer::{FunctionRole, QUEUE_CONSUMER_ACTIONS, QueueConsumer};
#[cfg(feature = "logs")]
pub use encrypted_log_group::{EncryptedLogGroup, EncryptedLogGroupAttributes};
#[cfg(feature = "rds")]
pub use rds::{
    AuroraEngine, AuroraInstance, AuroraInstanceAttributes, AuroraMySql, AuroraPostgresql, DatabaseKind,
    EncryptedDbCluster, EncryptedDbClusterAttributes, EncryptedDbInstance, EncryptedDbInstanceAttributes, ExportedLogs,
    LogType, MariaDb, MultiAzMySql, MultiAzMySqlLog, MultiAzPostgres, MySql, MySqlLog, Postgres, PostgresqlLog,
    RdsEngine, RdsLogGroups,
};
#[cfg(feature = "secretsmanager")]
pub use secret::{DatabaseCredentials, DatabaseSecret, DatabaseSecretAttributes, EXCLUDED_PASSWORD_CHARACTERS};

pub use crate::proof::external_key::ExternalKey;
pub use crate::proof::grants::{
    AddGrant, AutoScalingGrant, BudgetsToTopics, CloudFrontLogsGrant, CloudTrailGrant, CloudTrailToTopics,
    CloudWatchToTopics, ConfigDeliveryGrant, EventBridgeToQueues, EventBridgeToTopics, Grant, GrantSet, Grants,
    HasGrant, LOGS_GRANT_ACTIONS, LOGS_GRANT_SID, LambdaGrant, LogDeliveryGrant, LogsGrant, NoGrants, RdsGrant,
    S3Grant, S3ToQueues, S3ToTopics, SecretsManagerGrant, SnsToQueues,
};
pub use crate::proof::key::{KeyArn, KeyPolicy, KmsKey};
pub use crate::proof::log_group_key::{AssertedLogsKey, LogGroupKey};
pub use crate::proof::role::{
    AssumableBy, AssumingService, BackupService, CloudTrailService, EcsTasksService, EventsService, ExternalRole,
    LambdaService, RdsMonitoringService, RoleArn, StatesService, VpcFlowLogsService,
};
pub use crate::stack::{AllowedIn, Compliance, Hipaa, Pci, Stack};
#[cfg(all(feature = "s3", feature = "elasticloadbalancingv2"))]
pub use load_balancer::{LoadBalancerLogTarget, LoggedLoadBalancer};
#[cfg(feature = "sqs")]
pub use messaging::{EncryptedQueue, QueueArn, QueueHandles, QueueUrl};
#[cfg(feature = "sns")]
pub use messaging::{EncryptedTopic, TopicHandles};
#[cfg(feature = "iam")]
pub use service_role::{SecretRead, ServiceRole, ServiceRoleAttributes};
#[cfg(all(feature = "cloudtrail", feature = "s3", feature = "iam", feature = "logs"))]
pub use trail::AuditTrail;

use crate::node::Node;
use crate::template::resource::Properties;

/// Writes a secure type's guarantee over the properties its `configure` left: every secure
/// type calls this last in its `into_properties`, whatever the closure returned. Each property
/// is pinned, so a different value set through `configure` is reported when the template is
/// validated (naming `because`), never silently kept or silently dropped.
#[cfg_attr(not(any(feature = "logs", feature = "s3", feature = "rds", feature = "secretsmanager")), allow(dead_code))]
pub(crate) fn guarantee(
    properties: &mut Properties,
    parts: impl IntoIterator<Item = (&'static str, Node)>,
    because: &'static str,
) {
    for (name, value) in parts {
        properties.pin(name, value, because);
    }
}

pub use cfn_guards::{
    GuardedProperty, INTEGRATIONS, Integration, SCOPED, ScopedType, guarded_fix, guarded_properties, scoped_counterpart,
};

/// Whether `property` of `resource_type` is guarded: only typed setters may set it.
pub fn is_guarded(resource_type: &str, property: &str) -> bool {
    guarded_fix(resource_type, property).is_some()
}
