// A type of the user's cannot claim a CloudFormation type: with `TYPE = "AWS::Logs::LogGroup"`
// it would enter a scoped stack with any `KmsKeyId`. `Resource` is sealed.
use typed_cfn::{Properties, Resource};

struct MyLogGroup;

impl Resource for MyLogGroup {
    const TYPE: &'static str = "AWS::Logs::LogGroup";

    fn into_properties(self) -> Properties {
        Properties::new()
    }
}

fn main() {}
