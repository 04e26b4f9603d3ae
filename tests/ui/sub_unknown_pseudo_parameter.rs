// `${AWS::Regoin}` is no pseudo parameter: CloudFormation would refuse the template at deploy
// time. `sub!` refuses it at compile time and names the right one.
use typed_cfn::sub;

fn main() {
    let _principal = sub!("logs.${AWS::Regoin}.amazonaws.com");
}
