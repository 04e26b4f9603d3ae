//! Keys outside the template (another stack's, another account's), by ARN: typed-cfn cannot see
//! their policies, so a person asserts the grants a property needs, in one greppable call.

use crate::node::Node;
use crate::proof::grants::{Grants, S3Grant};
use crate::proof::key::KeyArn;
use crate::proof::log_group_key::AssertedLogsKey;
use crate::value::Value;

/// A KMS key that lives outside the template, by ARN.
#[derive(Debug, Clone, PartialEq)]
pub struct ExternalKey {
    arn: Node,
}

impl ExternalKey {
    /// The key with this ARN (a literal, a parameter's `Ref`, an `Fn::ImportValue`).
    pub fn from_arn(arn: impl Into<Value<String>>) -> Self {
        ExternalKey { arn: arn.into().into_node() }
    }

    /// Asserts that this key's policy includes the CloudWatch Logs statement (regional principal,
    /// the six actions, the encryption-context condition). typed-cfn cannot check a key it does
    /// not build: this call is the greppable place where a person vouches for it.
    ///
    /// Only for a key outside the template. An ARN or key ID that names a key of the template
    /// (`key.arn()`, `key.key_id()`) vouches for nothing: the final-template check evaluates
    /// that key's policy all the same, and refuses the key ID (CloudWatch Logs needs the ARN).
    pub fn asserting_logs_grant(self) -> AssertedLogsKey {
        AssertedLogsKey::asserted(self.arn)
    }

    /// Asserts that this key's policy lets S3 use it for this account's principals, as
    /// [`S3Grant`] writes it (the data-key actions through `s3.<region>.amazonaws.com`, for
    /// callers of this account), so a bucket may encrypt with it: `SecureBucket::new(
    /// ExternalKey::from_arn(…).asserting_s3_grant())`. The key must be in the bucket's Region
    /// (<https://docs.aws.amazon.com/AmazonS3/latest/userguide/UsingKMSEncryption.html>). As for
    /// [`Self::asserting_logs_grant`], typed-cfn cannot check a key it does not build: this call is
    /// where a person vouches for it, and the final-template check judges what it can see.
    pub fn asserting_s3_grant(self) -> KeyArn<Grants<S3Grant>> {
        KeyArn::asserted(self.arn)
    }
}
