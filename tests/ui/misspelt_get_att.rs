// Fn::GetAtt attributes are methods generated from the schema's read-only properties: a
// misspelt attribute does not compile.
use typed_cfn::resources::sqs::Queue;
use typed_cfn::Template;

fn main() {
    let mut t = Template::new();
    let queue = t.add("Queue", Queue::new());
    let _ = queue.arnn();
}
