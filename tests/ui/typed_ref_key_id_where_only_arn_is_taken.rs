// ECS Exec's `KmsKeyId` takes a key's ARN only: the key's ID (its `Ref`, or `key_id()`) does not
// compile, and the message names `Attr<Key, Arn>`, which `key.arn()` gives.
use typed_cfn::resources::ecs::cluster::ExecuteCommandConfiguration;
use typed_cfn::secure::{KeyPolicy, KmsKey};
use typed_cfn::Template;

fn main() {
    let mut t = Template::new();
    let key = t.add("ExecKey", KmsKey::new(KeyPolicy::account_root()));
    let _exec = ExecuteCommandConfiguration::new().kms_key_id(key.key_id());
}
