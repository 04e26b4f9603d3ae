//! A log group that is encrypted with a customer key by construction.

use crate::resources::logs::LogGroup;
use crate::secure::log_group::LogGroupKey;
use crate::secure::stack::{AllowedIn, Compliance};
use crate::template::handle::Handle;
use crate::template::resource::{Properties, Resource};
use crate::value::Value;

/// An `AWS::Logs::LogGroup` whose `KmsKeyId` is set from the start: the ARN of a key whose
/// policy grants CloudWatch Logs. The only log group a compliance-scoped stack accepts.
#[derive(Debug, Clone, PartialEq)]
pub struct EncryptedLogGroup {
    inner: LogGroup,
}

impl EncryptedLogGroup {
    /// A log group encrypted with `key`.
    pub fn new(key: impl LogGroupKey) -> Self {
        EncryptedLogGroup { inner: LogGroup::new().kms_key_id(key) }
    }

    /// A log group encrypted with a key already checked by a secure builder.
    pub(crate) fn from_key_node(key: crate::node::Node) -> Self {
        EncryptedLogGroup { inner: LogGroup::new().kms_key_id(crate::secure::log_group::CheckedKey(key)) }
    }

    /// `LogGroupName`.
    pub fn log_group_name(self, name: impl Into<Value<String>>) -> Self {
        EncryptedLogGroup { inner: self.inner.log_group_name(name) }
    }

    /// `RetentionInDays`.
    pub fn retention_in_days(self, days: impl Into<Value<i64>>) -> Self {
        EncryptedLogGroup { inner: self.inner.retention_in_days(days) }
    }

    /// Sets any other property through the generated type. The key stays: the generated
    /// setter only accepts another key with the CloudWatch Logs grant.
    pub fn configure(self, f: impl FnOnce(LogGroup) -> LogGroup) -> Self {
        EncryptedLogGroup { inner: f(self.inner) }
    }
}

impl Resource for EncryptedLogGroup {
    const TYPE: &'static str = LogGroup::TYPE;
    const TAGGING: crate::Tagging = LogGroup::TAGGING;

    fn into_properties(self) -> Properties {
        self.inner.into_properties()
    }
}

impl<C: Compliance> AllowedIn<C> for EncryptedLogGroup {}

impl Handle<EncryptedLogGroup> {
    /// `Fn::GetAtt LogGroup.Arn`.
    pub fn arn(&self) -> Value<String> {
        self.get_att("Arn")
    }
}
