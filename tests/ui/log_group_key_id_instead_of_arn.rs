// CloudWatch Logs needs the key's ARN; `Ref` of a key gives its ID, which Logs refuses at
// deploy time (and cfn-lint does not catch).
use typed_cfn::resources::logs::LogGroup;
use typed_cfn::secure::{KeyPolicy, KmsKey, LogsGrant};
use typed_cfn::Template;

fn main() {
    let mut t = Template::new();
    let key = t.add("LogsKey", KmsKey::new(KeyPolicy::account_root().grant_logs(LogsGrant::account_wide())));
    t.add("Logs", LogGroup::new().kms_key_id(key.key_id()));
}
