//! The secure layer: hand-written types where a guarantee lives.
//!
//! - [`KeyPolicy<G>`] and [`KmsKey<G>`]: a key whose type records the services its policy
//!   grants ([`LogsGrant`], [`RdsGrant`], …); [`HasGrant`] (sealed) proves a grant is there.
//! - [`LogGroupKey`]: the only things a log group's `KmsKeyId` accepts.

mod grants;
mod key;
mod log_group;

pub use grants::{
    Grant, HasGrant, LOGS_GRANT_ACTIONS, LOGS_GRANT_SID, LambdaGrant, LogsGrant, RdsGrant, S3Grant, SecretsManagerGrant,
};
pub use key::{KeyArn, KeyPolicy, KmsKey};
pub use log_group::{AssertedLogsKey, ExternalKey, LogGroupKey};

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
