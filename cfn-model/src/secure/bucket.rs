//! A bucket that meets the PCI DSS and HIPAA storage rules as built: SSE-KMS with a customer key
//! (and an S3 Bucket Key), versioning, every public access block on, and a bucket policy that
//! refuses plain HTTP.

use crate::intrinsics::sub_checked;
use crate::node::Node;
use crate::policy::{Action, BucketPolicy, Operator, Principal, Statement};
use crate::resources::s3::{self, Bucket, bucket};
use crate::secure::construct::Construct;
use crate::secure::grants::{HasGrant, S3Grant};
use crate::secure::key::KeyArn;
use crate::secure::stack::{AllowedIn, Compliance};
use crate::template::Template;
use crate::template::attributes::Attributes;
use crate::template::handle::Handle;
use crate::template::resource::{Properties, Resource};
use crate::value::Value;

/// An `AWS::S3::Bucket` encrypted with a customer key whose policy grants S3, versioned, closed
/// to the public, plus its TLS-only `AWS::S3::BucketPolicy`. Added with `template.build(…)`,
/// it is kept when the stack is deleted.
#[derive(Debug, Clone, PartialEq)]
pub struct SecureBucket {
    inner: Bucket,
    key: Node,
}

impl SecureBucket {
    /// A bucket encrypted with `key`.
    pub fn new<G: HasGrant<S3Grant>>(key: KeyArn<G>) -> Self {
        SecureBucket { inner: Bucket::new(), key: key.into_node() }
    }

    /// Sets any other property through the generated type (name, logging, lifecycle, tags).
    /// Encryption, versioning and the public access block stay as built.
    pub fn configure(self, f: impl FnOnce(Bucket) -> Bucket) -> Self {
        SecureBucket { inner: f(self.inner), key: self.key }
    }
}

impl Resource for SecureBucket {
    const TYPE: &'static str = Bucket::TYPE;
    const TAGGING: crate::Tagging = Bucket::TAGGING;

    fn into_properties(self) -> Properties {
        let by_default = bucket::ServerSideEncryptionByDefault::new(bucket::SSEAlgorithm::AwsKms)
            .kms_master_key_id(Value::<String>::from_node(self.key));
        let rule = bucket::ServerSideEncryptionRule::new().bucket_key_enabled(true).server_side_encryption_by_default(by_default);
        let block = bucket::PublicAccessBlockConfiguration::new()
            .block_public_acls(true)
            .block_public_policy(true)
            .ignore_public_acls(true)
            .restrict_public_buckets(true);
        self.inner
            .bucket_encryption(bucket::BucketEncryption::new([rule]))
            .public_access_block_configuration(block)
            .versioning_configuration(bucket::VersioningConfiguration::new(bucket::VersioningConfigurationStatus::Enabled))
            .into_properties()
    }
}

/// The parts of an added [`SecureBucket`].
#[derive(Debug, Clone, PartialEq)]
pub struct SecureBucketHandles {
    /// The bucket.
    pub bucket: Handle<SecureBucket>,
    /// Its TLS-only policy (`<logical_id>Policy`).
    pub policy: Handle<s3::BucketPolicy>,
}

impl Construct for SecureBucket {
    type Output = SecureBucketHandles;

    fn add_to(self, template: &mut Template, logical_id: &str) -> SecureBucketHandles {
        let bucket = template.add_with(logical_id, self, Attributes::retain());
        let policy = BucketPolicy::new([tls_only(&bucket)]);
        let policy = template.add(&format!("{logical_id}Policy"), s3::BucketPolicy::new(bucket.reference(), policy));
        SecureBucketHandles { bucket, policy }
    }
}

/// Denies every request that does not use TLS (PCI DSS 4.1, HIPAA 164.312(e)(1)).
fn tls_only(bucket: &Handle<SecureBucket>) -> Statement<crate::policy::WithPrincipal> {
    let id = bucket.logical_id();
    Statement::deny([Action::checked("s3:*")])
        .sid("DenyInsecureTransport")
        .principal(Principal::everyone())
        .resource(sub_checked(&format!("${{{id}.Arn}}"), Vec::new()))
        .resource(sub_checked(&format!("${{{id}.Arn}}/*"), Vec::new()))
        .condition(Operator::Bool, "aws:SecureTransport", "false")
}

impl<C: Compliance> AllowedIn<C> for SecureBucket {}

impl Handle<SecureBucket> {
    /// `Fn::GetAtt Bucket.Arn`.
    pub fn arn(&self) -> Value<String> {
        self.get_att("Arn")
    }
}
