// A Lambda event source mapping reads a queue by its ARN: a queue's URL (its `Ref`, or
// `queue_url()`) deploys and then fails when Lambda resolves it. The message names `Arn`.
use typed_cfn::refs::{kind, target, Attr};
use typed_cfn::resources::lambda::EventSourceMapping;
use typed_cfn::resources::sqs::Queue;
use typed_cfn::Template;

fn main() {
    let mut t = Template::new();
    let queue = t.add("Work", Queue::new());
    let function = Attr::<target::lambda::Function, kind::FunctionName>::external("worker");
    t.add("Trigger", EventSourceMapping::new(function).event_source_arn(queue.queue_url()));
}
