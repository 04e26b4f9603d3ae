// A subnet's `VpcId` takes a VPC's ID: another subnet's ID is refused, and the message names
// `Attr<VPC, VpcId>`, which `vpc.vpc_id()` (or the VPC's `Ref`) gives.
use typed_cfn::resources::ec2::{Subnet, VPC};
use typed_cfn::Template;

fn main() {
    let mut t = Template::new();
    let vpc = t.add("Vpc", VPC::new().cidr_block("10.0.0.0/16"));
    let first = t.add("First", Subnet::new(vpc.vpc_id()));
    t.add("Second", Subnet::new(first.subnet_id()));
}
