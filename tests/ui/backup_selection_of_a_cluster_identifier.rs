// An AWS Backup selection names a database by its ARN: the cluster's `Ref` (its identifier) does
// not compile, and the message names the ARN accessor, `cluster.db_cluster_arn()`.
use typed_cfn::secure::{AuroraPostgresql, DatabaseBackups, DatabaseSecret, EncryptedDbCluster, KeyPolicy, KmsKey};
use typed_cfn::Template;

fn main() {
    let mut t = Template::new();
    let key = t.add("DatabaseKey", KmsKey::new(KeyPolicy::account_root().grant_rds().grant_secrets_manager()));
    let credentials = t.build("DatabaseSecret", DatabaseSecret::new("dbadmin", key.arn()));
    let cluster = t.add("Cluster", EncryptedDbCluster::<AuroraPostgresql>::new(key.arn(), &credentials));
    t.build("Backup", DatabaseBackups::new("records", key.arn(), cluster.reference()));
}
