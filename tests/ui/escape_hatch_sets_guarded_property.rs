// The escape hatch cannot reach a guarded property: `raw_resource!` checks property names at
// compile time, so a log group key set this way (without the CloudWatch Logs grant) is refused.
use typed_cfn::{Template, raw_resource};

fn main() {
    let mut t = Template::new();
    t.add_raw(
        "AppLogs",
        raw_resource!("AWS::Logs::LogGroup", {
            "RetentionInDays": 365,
            "KmsKeyId": "arn:aws:kms:us-east-1:111122223333:key/abc",
        }),
    );
}
