// A vended-logs bucket under another stack's key, asserted to let S3 in: the assertion vouches
// for S3 only, and the log delivery service, which writes the files, needs the key too. Asserting
// S3's grant does not make the key a vended-logs bucket's.
use typed_cfn::secure::{ExternalKey, VendedLogsBucket};
use typed_cfn::{Template, fns};

fn main() {
    let mut t = Template::new();
    let key = ExternalKey::from_arn(fns::import_value("shared-keys-LogsKey-Arn")).asserting_s3_grant();
    t.build("FlowLogs", VendedLogsBucket::new(key));
}
