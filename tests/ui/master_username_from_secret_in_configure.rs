// The same mistake inside a secure cluster's `configure`: the generated setter refuses it too.
use typed_cfn::dynamic;
use typed_cfn::secure::{AuroraMySql, DatabaseSecret, EncryptedDbCluster, KeyPolicy, KmsKey};
use typed_cfn::Template;

fn main() {
    let mut t = Template::new();
    let key = t.add("DbKey", KmsKey::new(KeyPolicy::account_root().grant_rds().grant_secrets_manager()));
    let credentials = t.build("DbSecret", DatabaseSecret::new("admin", key.arn()));
    let resolved = dynamic::secrets_manager(&dynamic::SecretId::of(credentials.secret()), "username");
    t.add("Db", EncryptedDbCluster::<AuroraMySql>::new(key.arn(), &credentials).configure(|c| c.master_username(resolved)));
}
