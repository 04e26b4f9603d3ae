// `${Bucket}` must name a variable given to `sub!` (or a pseudo parameter).
use typed_cfn::sub;

fn main() {
    let _arn = sub!("arn:${AWS::Partition}:s3:::${Bucket}/*");
}
