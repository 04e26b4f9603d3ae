//! What a log group's `KmsKeyId` accepts: only the ARN of a key whose policy grants
//! CloudWatch Logs.

use crate::node::Node;
use crate::proof::grants::{HasGrant, LogsGrant};
use crate::proof::key::KeyArn;

mod sealed {
    #[diagnostic::on_unimplemented(
        message = "`{Self}` cannot vouch for a log group's key: `LogGroupKey` is sealed",
        note = "a log group's key is `key.arn()` of a `KmsKey` whose policy has `grant_logs`, or, for a key outside the template, `ExternalKey::from_arn(…).asserting_logs_grant()`"
    )]
    pub trait Sealed {}
}

/// A key a log group may be encrypted with: the ARN of a key whose policy includes the
/// CloudWatch Logs grant, or an external key asserted to have it.
///
/// Sealed: CloudWatch Logs refuses a key without the grant at deploy time, so nothing else may
/// stand here.
#[diagnostic::on_unimplemented(
    message = "a log group's KmsKeyId must be the ARN of a KMS key whose policy grants CloudWatch Logs, not `{Self}`",
    label = "not the ARN of a key with the CloudWatch Logs grant",
    note = "build the key with `KmsKey::new(KeyPolicy::account_root().grant_logs(LogsGrant::account_wide()))`, add it to the template and pass `key.arn()` (the key ID from `key.key_id()` or `Ref` is refused by CloudWatch Logs); only a key defined outside this template (another stack, another account) may be asserted instead, with `ExternalKey::from_arn(…).asserting_logs_grant()`"
)]
pub trait LogGroupKey: sealed::Sealed {
    /// The ARN, as the node to write.
    #[doc(hidden)]
    fn into_key_node(self) -> Node;
}

impl<G: HasGrant<LogsGrant>> sealed::Sealed for KeyArn<G> {}

impl<G: HasGrant<LogsGrant>> LogGroupKey for KeyArn<G> {
    fn into_key_node(self) -> Node {
        self.into_node()
    }
}

/// An external key whose CloudWatch Logs grant was asserted by
/// [`ExternalKey::asserting_logs_grant`].
///
/// [`ExternalKey::asserting_logs_grant`]: crate::proof::external_key::ExternalKey::asserting_logs_grant
#[derive(Debug, Clone, PartialEq)]
pub struct AssertedLogsKey {
    arn: Node,
}

impl AssertedLogsKey {
    /// The key with this ARN, its grant asserted.
    pub(crate) fn asserted(arn: Node) -> Self {
        AssertedLogsKey { arn }
    }
}

impl sealed::Sealed for AssertedLogsKey {}

impl LogGroupKey for AssertedLogsKey {
    fn into_key_node(self) -> Node {
        self.arn
    }
}
