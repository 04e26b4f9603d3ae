// A secure bucket comes with its TLS-only bucket policy: `add` would drop the policy (and the
// retention), so a `SecureBucket` is not a resource `add` takes. `build` adds both.
use typed_cfn::Template;
use typed_cfn::secure::{KeyPolicy, KmsKey, SecureBucket};

fn main() {
    let mut t = Template::new();
    let key = t.add("DataKey", KmsKey::new(KeyPolicy::account_root().grant_s3()));
    t.add("Data", SecureBucket::new(key.arn()));
}
