// S3 replication encrypts replicas with the key named by `ReplicaKmsKeyID`, which takes a key's
// ARN (or an alias's ARN) only: the key's ID (its `Ref`, or `key_id()`) does not compile, and the
// message names `Attr<Key, Arn>`, which `key.arn()` gives.
use typed_cfn::resources::s3::bucket::EncryptionConfiguration;
use typed_cfn::secure::{KeyPolicy, KmsKey};
use typed_cfn::Template;

fn main() {
    let mut t = Template::new();
    let key = t.add("ReplicaKey", KmsKey::new(KeyPolicy::account_root()));
    let _replicas = EncryptionConfiguration::new(key.key_id());
}
