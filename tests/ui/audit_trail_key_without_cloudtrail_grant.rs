// A trail encrypted with a key whose policy does not let CloudTrail in: CreateTrail fails
// (InsufficientEncryptionPolicyException). `AuditTrail::new` requires the grant in the key's type.
use typed_cfn::Template;
use typed_cfn::secure::{AuditTrail, KeyPolicy, KmsKey, TrailBucket};

fn main() {
    let mut t = Template::new();
    let key = t.add("TrailKey", KmsKey::new(KeyPolicy::account_root().grant_s3()));
    let bucket = t.build("TrailLogs", TrailBucket::new(key.arn()));
    t.build("AccountTrail", AuditTrail::new(&bucket, key.arn()));
}
