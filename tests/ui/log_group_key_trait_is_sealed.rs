// A type of the user's cannot vouch for a log group's key: `LogGroupKey` is sealed.
use typed_cfn::secure::LogGroupKey;

struct TrustMe;

impl LogGroupKey for TrustMe {
    fn into_key_node(self) -> typed_cfn::Node {
        typed_cfn::Node::string("alias/anything")
    }
}

fn main() {}
