// A `#[derive(Parameters)]` field must be a type CloudFormation has a parameter type for
// (`ToParameter`): a float is not one.
use typed_cfn::Parameters;

#[derive(Parameters)]
struct StackParameters {
    /// Share of traffic to the new version.
    canary_share: f32,
}

fn main() {}
