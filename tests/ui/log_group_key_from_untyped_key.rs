// The generated `kms::Key` carries no record of its policy's grants, so its ARN cannot encrypt a
// log group: only `KmsKey<G>` with `grant_logs` (or an asserted external key) can.
use typed_cfn::resources::kms::Key;
use typed_cfn::resources::logs::LogGroup;
use typed_cfn::Template;

fn main() {
    let mut t = Template::new();
    let key = t.add("Key", Key::new());
    t.add("Logs", LogGroup::new().kms_key_id(key.arn()));
}
