// A trail into a bucket whose policy does not let CloudTrail write: CreateTrail fails
// (InsufficientS3BucketPolicyException). `AuditTrail::new` takes only a `TrailBucket`.
use typed_cfn::Template;
use typed_cfn::secure::{AuditTrail, CloudTrailGrant, KeyPolicy, KmsKey, SecureBucket};

fn main() {
    let mut t = Template::new();
    let key = t.add("TrailKey", KmsKey::new(KeyPolicy::account_root().grant_s3().grant(CloudTrailGrant)));
    let bucket = t.build("TrailLogs", SecureBucket::new(key.arn()));
    t.build("AccountTrail", AuditTrail::new(&bucket, key.arn()));
}
