//! The secure layer: hand-written types where a guarantee lives.
//!
//! - [`KeyPolicy<G>`] and [`KmsKey<G>`]: a key whose type records the services its policy
//!   grants ([`LogsGrant`], [`RdsGrant`], …); [`HasGrant`] (sealed) proves a grant is there.
//! - [`LogGroupKey`]: the only things a log group's `KmsKeyId` accepts.

mod at_rest;
#[cfg(feature = "s3")]
mod bucket;
mod construct;
#[cfg(feature = "logs")]
mod encrypted_log_group;
mod grants;
mod key;
mod log_group;
#[cfg(feature = "rds")]
mod rds;
#[cfg(feature = "secretsmanager")]
mod secret;
mod stack;

#[cfg(feature = "s3")]
pub use bucket::{AccessLogBucket, AccessLogBucketHandles, BucketHandles, SecureBucket, SecureBucketHandles};
pub use construct::Construct;
#[cfg(feature = "logs")]
pub use encrypted_log_group::EncryptedLogGroup;
#[cfg(feature = "rds")]
pub use rds::{
    AuroraInstance, AuroraMySql, AuroraPostgresql, ClusterLogs, DatabaseKind, EncryptedDbCluster, EncryptedDbInstance, ExportedLogs,
    InstanceLogs, LogType, MariaDb, MySql, MySqlLog, Postgres, PostgresqlLog, RdsEngine, RdsLogExports, RdsLogGroups,
};
#[cfg(feature = "secretsmanager")]
pub use secret::{DatabaseCredentials, DatabasePassword, DatabaseSecret, EXCLUDED_PASSWORD_CHARACTERS, SecretPassword};

pub(crate) use grants::log_group_arn;
pub use grants::{
    Grant, HasGrant, LOGS_GRANT_ACTIONS, LOGS_GRANT_SID, LambdaGrant, LogsGrant, RdsGrant, S3Grant, SecretsManagerGrant,
};
pub use key::{KeyArn, KeyPolicy, KmsKey};
pub use log_group::{AssertedLogsKey, ExternalKey, LogGroupKey};
pub use stack::{AllowedIn, Compliance, Hipaa, Pci, Stack, Unguarded};

use crate::node::{Node, NodeMap};
use crate::value::Value;

/// `[{"Key": …, "Value": …}, …]`.
pub(crate) fn tags_node<K: Into<String>, V: Into<Value<String>>>(tags: impl IntoIterator<Item = (K, V)>) -> Node {
    Node::List(
        tags.into_iter()
            .map(|(k, v)| {
                let mut tag = NodeMap::new();
                tag.insert("Key".to_owned(), Node::String(k.into()));
                tag.insert("Value".to_owned(), v.into().into_node());
                Node::Map(tag)
            })
            .collect(),
    )
}

pub use cfn_grammar::guarded::{GUARDED_PROPERTIES, guarded_fix};

/// Whether `property` of `resource_type` is guarded: only typed setters may set it.
pub fn is_guarded(resource_type: &str, property: &str) -> bool {
    guarded_fix(resource_type, property).is_some()
}
