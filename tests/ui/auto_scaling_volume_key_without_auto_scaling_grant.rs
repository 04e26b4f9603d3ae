// Auto Scaling creates the volumes of the instances it launches through its service-linked role,
// which only a key statement naming it lets in: a volume for Auto Scaling takes only a key whose
// policy type holds `AutoScalingGrant`.
use typed_cfn::resources::ec2::launch_template::Ebs;
use typed_cfn::secure::{KeyPolicy, KmsKey};
use typed_cfn::Template;

fn main() {
    let mut t = Template::new();
    let key = t.add("VolumeKey", KmsKey::new(KeyPolicy::account_root()));
    let _volume = Ebs::encrypted_for_auto_scaling(key.arn());
}
