// In a HIPAA-scoped stack a bucket must be encrypted with a customer key, block public access
// and refuse plain HTTP: the plain generated Bucket is refused.
use typed_cfn::resources::s3::Bucket;
use typed_cfn::secure::{Hipaa, Stack};

fn main() {
    let mut stack = Stack::<Hipaa>::new();
    stack.add("Records", Bucket::new());
}
