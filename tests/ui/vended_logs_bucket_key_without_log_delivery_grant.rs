// A bucket for VPC flow logs whose key does not let the log delivery service in: S3 cannot
// encrypt what the service writes, and no log file arrives. `VendedLogsBucket::new` requires it.
use typed_cfn::Template;
use typed_cfn::secure::{KeyPolicy, KmsKey, VendedLogsBucket};

fn main() {
    let mut t = Template::new();
    let key = t.add("LogsKey", KmsKey::new(KeyPolicy::account_root().grant_s3()));
    t.build("FlowLogs", VendedLogsBucket::new(key.arn()));
}
