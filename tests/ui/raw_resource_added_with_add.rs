// An untyped resource enters a template only through `add_raw`, which refuses guarded properties;
// `add` takes typed resources, so the escape hatch cannot go around that check.
use typed_cfn::{RawResource, Template};

fn main() {
    let mut t = Template::new();
    t.add("Thing", RawResource::new("AWS::NewService::Thing").property("Name", "orders"));
}
