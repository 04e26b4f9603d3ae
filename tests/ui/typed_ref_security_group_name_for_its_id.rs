// An instance's `SecurityGroupIds` takes groups' IDs: a group's name, even one that says what it
// is, is refused, and the message names `Attr<SecurityGroup, Id>`, which `group.id()` gives.
use typed_cfn::refs::{kind, target, Attr};
use typed_cfn::resources::ec2::Instance;

fn main() {
    let web = Attr::<target::ec2::SecurityGroup, kind::GroupName>::external("web");
    let _instance = Instance::new().security_group_ids(vec![web]);
}
