// An unclosed `${` in an Fn::Sub string.
use typed_cfn::sub;

fn main() {
    let _arn = sub!("arn:${AWS::Partition:s3:::data/*");
}
