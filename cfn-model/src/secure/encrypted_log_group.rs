//! A log group that is encrypted with a customer key by construction.

use crate::proof::log_group_key::LogGroupKey;
use crate::resources::logs::LogGroup;

use crate::stack::{AllowedIn, Compliance};
use crate::template::resource::{Properties, Resource};
use crate::value::Value;

/// An `AWS::Logs::LogGroup` whose `KmsKeyId` is set from the start: the ARN of a key whose
/// policy grants CloudWatch Logs. The only log group a compliance-scoped stack accepts.
#[derive(Debug, Clone, PartialEq)]
pub struct EncryptedLogGroup {
    inner: LogGroup,
    key: crate::node::Node,
}

impl EncryptedLogGroup {
    /// A log group encrypted with `key`.
    pub fn new(key: impl LogGroupKey) -> Self {
        EncryptedLogGroup { inner: LogGroup::new(), key: key.into_key_node() }
    }

    /// A log group encrypted with a key already checked by a secure builder (RDS's log groups).
    #[cfg(feature = "rds")]
    pub(crate) fn from_key_node(key: crate::node::Node) -> Self {
        EncryptedLogGroup { inner: LogGroup::new(), key }
    }

    /// `LogGroupName`.
    pub fn log_group_name(self, name: impl Into<Value<String>>) -> Self {
        EncryptedLogGroup { inner: self.inner.log_group_name(name), ..self }
    }

    /// `RetentionInDays`.
    pub fn retention_in_days(self, days: impl Into<Value<i64>>) -> Self {
        EncryptedLogGroup { inner: self.inner.retention_in_days(days), ..self }
    }

    /// Sets any other property through the generated type. The key is written last, whatever
    /// the closure returns; another `KmsKeyId` set here is reported when the template is emitted.
    pub fn configure(self, f: impl FnOnce(LogGroup) -> LogGroup) -> Self {
        EncryptedLogGroup { inner: f(self.inner), ..self }
    }
}

/// `Ref` gives what it gives for `logs::LogGroup`.
impl crate::refs::Referable for EncryptedLogGroup {
    type Ref = <crate::resources::logs::LogGroup as crate::refs::Referable>::Ref;
}

impl Resource for EncryptedLogGroup {
    const TYPE: &'static str = LogGroup::TYPE;
    const TAGGING: crate::Tagging = LogGroup::TAGGING;

    fn into_properties(self) -> Properties {
        let mut properties = self.inner.into_properties();
        crate::secure::guarantee(&mut properties, [("KmsKeyId", self.key)], KEY_PIN);
        properties
    }
}

impl crate::__private::ResourceSeal for EncryptedLogGroup {}

/// Why an [`EncryptedLogGroup`] keeps its key.
const KEY_PIN: &str = "an `EncryptedLogGroup` is encrypted with the key it was built with. Pass the key you mean to `EncryptedLogGroup::new` instead of setting `kms_key_id` in `configure`";

impl<C: Compliance> AllowedIn<C> for EncryptedLogGroup {}

impl crate::handle::HasAttributes for EncryptedLogGroup {
    type Attributes = EncryptedLogGroupAttributes;
}

super::attribute_set! {
    /// `Fn::GetAtt` attributes of [`EncryptedLogGroup`]: a `Handle<EncryptedLogGroup>`
    /// dereferences to this.
    pub struct EncryptedLogGroupAttributes;
}

impl EncryptedLogGroupAttributes {
    /// `Fn::GetAtt LogGroup.Arn`.
    pub fn arn(&self) -> Value<String> {
        self.0.get_att("Arn")
    }
}
