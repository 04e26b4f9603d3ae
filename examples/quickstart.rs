//! A customer-managed KMS key (rotation on, CloudWatch Logs and S3 grants), a bucket encrypted
//! with it that sends its access logs to a log bucket, and the bucket's name as an output.
//!
//! ```sh
//! cargo run --example quickstart                      # JSON on standard output
//! cargo run --example quickstart -- --format yaml --out quickstart.yaml
//! ```

use std::process::ExitCode;

use patterns::cli;
use typed_cfn::secure::{AccessLogBucket, KeyPolicy, KmsKey, LogsGrant, SecureBucket};
use typed_cfn::{Attributes, Output, Template};

/// The template: what `main` prints.
pub fn template() -> Template {
    let mut t = Template::new();
    t.set_description("typed-cfn quickstart: a KMS key and a bucket encrypted with it");

    let policy = KeyPolicy::account_root().grant_s3().grant_logs(LogsGrant::account_wide());
    // Keys and data outlive the stack: kept when it is deleted or they are replaced.
    let key = t.add_with(
        "DataKey",
        KmsKey::new(policy).description("Encrypts the data bucket and its log groups"),
        Attributes::retain(),
    );

    // SSE-KMS with the key, versioned, closed to the public, TLS only; its access logs kept a year.
    let access_logs = t.build("AccessLogBucket", AccessLogBucket::new(365));
    let data = t.build(
        "DataBucket",
        SecureBucket::new(key.arn())
            .access_logs_to(&access_logs, "data/")
            .configure(|b| b.lifecycle_configuration(expire_old_versions())),
    );

    t.output("DataBucketName", Output::new(data.bucket.reference()).description("The encrypted bucket"));
    t.output("DataKeyArn", Output::new(key.arn()).description("The key, for log groups in other stacks"));
    t
}

/// Versions replaced more than 90 days ago are deleted.
fn expire_old_versions() -> typed_cfn::resources::s3::bucket::LifecycleConfiguration {
    use typed_cfn::resources::s3::bucket;
    let rule = bucket::Rule::new(bucket::RuleStatus::Enabled)
        .id("ExpireOldVersions")
        .noncurrent_version_expiration(bucket::NoncurrentVersionExpiration::new(90));
    bucket::LifecycleConfiguration::new([rule])
}

fn main() -> ExitCode {
    cli::run_plain("quickstart", template)
}
