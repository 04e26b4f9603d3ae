// An AWS Backup vault is encrypted with a key of the stack, given as its typed ARN: the key's ID
// (`key_id()`, or its `Ref`) does not compile.
use typed_cfn::secure::{AuroraPostgresql, DatabaseBackups, DatabaseSecret, EncryptedDbCluster, KeyPolicy, KmsKey};
use typed_cfn::Template;

fn main() {
    let mut t = Template::new();
    let key = t.add("DatabaseKey", KmsKey::new(KeyPolicy::account_root().grant_rds().grant_secrets_manager()));
    let credentials = t.build("DatabaseSecret", DatabaseSecret::new("dbadmin", key.arn()));
    let cluster = t.add("Cluster", EncryptedDbCluster::<AuroraPostgresql>::new(key.arn(), &credentials));
    t.build("Backup", DatabaseBackups::new("records", key.key_id(), cluster.db_cluster_arn()));
}
