// An app of stacks: a list crosses stacks as a list. `Vpc.CidrBlockAssociations` of the network stack is
// a `Value<Vec<String>>` in the service stack too (the app joins it for the export and splits it
// where it is used), so it cannot be given where one string is expected: select one item
// (`fns::select`) or join them (`fns::join`).
use typed_cfn::app::App;
use typed_cfn::resources::ec2::{VPC, VPCEndpoint};
use typed_cfn::Template;

fn main() {
    let mut network = Template::new();
    let vpc = network.add("Vpc", VPC::new().cidr_block("10.0.0.0/16"));
    let mut service = Template::new();
    service.add("Endpoint", VPCEndpoint::new(vpc.cidr_block_associations()));
    let mut app = App::new("net");
    app.add_stack("network", network);
    app.add_stack("service", service);
}
