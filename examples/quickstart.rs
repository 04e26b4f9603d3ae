//! A customer-managed KMS key (rotation on, CloudWatch Logs and S3 grants), a bucket encrypted
//! with it, and the bucket's name as an output.
//!
//! ```sh
//! cargo run --example quickstart                      # JSON on standard output
//! cargo run --example quickstart -- --format yaml --out quickstart.yaml
//! ```

use std::process::ExitCode;

use patterns::cli;
use typed_cfn::resources::s3::{Bucket, bucket};
use typed_cfn::secure::{KeyPolicy, KmsKey, LogsGrant};
use typed_cfn::{Attributes, Output, Template};

/// The template: what `main` prints.
pub fn template() -> Template {
    let mut t = Template::new();
    t.set_description("typed-cfn quickstart: a KMS key and a bucket encrypted with it");

    let policy = KeyPolicy::account_root().grant_s3().grant_logs(LogsGrant::account_wide());
    // Keys and data outlive the stack: kept when it is deleted or they are replaced.
    let key = t.add_with("DataKey", KmsKey::new(policy).description("Encrypts the data bucket and its log groups"), Attributes::retain());

    let encryption = bucket::ServerSideEncryptionRule::new()
        .bucket_key_enabled(true)
        .server_side_encryption_by_default(
            bucket::ServerSideEncryptionByDefault::new(bucket::SSEAlgorithm::AwsKms).kms_master_key_id(key.arn()),
        );
    let data = t.add_with(
        "DataBucket",
        Bucket::new()
            .bucket_encryption(bucket::BucketEncryption::new([encryption]))
            .public_access_block_configuration(
                bucket::PublicAccessBlockConfiguration::new()
                    .block_public_acls(true)
                    .block_public_policy(true)
                    .ignore_public_acls(true)
                    .restrict_public_buckets(true),
            )
            .versioning_configuration(bucket::VersioningConfiguration::new(bucket::VersioningConfigurationStatus::Enabled)),
        Attributes::retain(),
    );

    t.output("DataBucketName", Output::new(data.reference()).description("The encrypted bucket"));
    t.output("DataKeyArn", Output::new(key.arn()).description("The key, for log groups in other stacks"));
    t
}

fn main() -> ExitCode {
    cli::run_plain("quickstart", template)
}
