// A type of the user's cannot declare itself allowed in a compliance-scoped stack.
use typed_cfn::secure::{AllowedIn, Pci};

struct PlainBucket;

impl AllowedIn<Pci> for PlainBucket {}

fn main() {}
