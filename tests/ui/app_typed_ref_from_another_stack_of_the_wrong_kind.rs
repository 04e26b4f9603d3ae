// A reference crosses stacks with its kind: a subnet in the application stack refuses the
// network stack's VPC CIDR block where the VPC's ID is taken, as it would in one template.
use typed_cfn::app::App;
use typed_cfn::resources::ec2::{Subnet, VPC};
use typed_cfn::Template;

fn main() {
    let mut network = Template::new();
    let vpc = network.add("Vpc", VPC::new().cidr_block("10.0.0.0/16"));
    let mut application = Template::new();
    application.add("AppSubnet", Subnet::new(vpc.cidr_block()));
    let mut app = App::new("shop");
    app.add_stack("network", network);
    app.add_stack("application", application);
}
