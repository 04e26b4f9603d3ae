// The HIPAA stack's RDS key had no CloudWatch Logs statement. Log groups for RDS log exports must be
// encrypted with a key whose policy grants CloudWatch Logs; a key with only the RDS grant is refused.
use typed_cfn::secure::{AuroraMySql, KeyPolicy, KmsKey, MySqlLog, RdsLogGroups};
use typed_cfn::Template;

fn main() {
    let mut t = Template::new();
    let rds_key = t.add("RdsKey", KmsKey::new(KeyPolicy::account_root().grant_rds()));
    t.build("DbLogs", RdsLogGroups::<AuroraMySql>::new("orders-db", [MySqlLog::Audit], rds_key.arn()));
}
