// S3 delivers server access logs only to a bucket with SSE-S3 default encryption whose policy lets
// the S3 logging service write; a `SecureBucket` (SSE-KMS) receives none. `access_logs_to` takes
// only an `AccessLogBucket`.
use typed_cfn::Template;
use typed_cfn::secure::{KeyPolicy, KmsKey, SecureBucket};

fn main() {
    let mut t = Template::new();
    let key = t.add("DataKey", KmsKey::new(KeyPolicy::account_root().grant_s3()));
    let logs = t.build("Logs", SecureBucket::new(key.arn()));
    t.build("Data", SecureBucket::new(key.arn()).access_logs_to(&logs, "data/"));
}
