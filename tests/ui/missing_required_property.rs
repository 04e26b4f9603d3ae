// A subnet needs its VPC (`VpcId` is required in AWS::EC2::Subnet): leaving it out is a compile
// error, not a failed deployment.
use typed_cfn::resources::ec2::Subnet;

fn main() {
    let _subnet = Subnet::new();
}
