// The HIPAA stack's RDS key had no CloudWatch Logs statement, yet encrypted the RDS log groups.
// A log group's key must be the ARN of a key whose policy type records `LogsGrant`.
use typed_cfn::resources::logs::LogGroup;
use typed_cfn::secure::{KeyPolicy, KmsKey};
use typed_cfn::Template;

fn main() {
    let mut t = Template::new();
    let key = t.add("RdsKey", KmsKey::new(KeyPolicy::account_root().grant_rds()));
    t.add("RdsLogs", LogGroup::new().kms_key_id(key.arn()));
}
