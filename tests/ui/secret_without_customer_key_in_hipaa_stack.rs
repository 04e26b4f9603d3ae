// In a HIPAA-scoped stack a secret is encrypted with a customer key, not the AWS managed
// `aws/secretsmanager` key the plain Secret falls back to: `DatabaseSecret` is the way in.
use typed_cfn::resources::secretsmanager::Secret;
use typed_cfn::secure::{Hipaa, Stack};

fn main() {
    let mut stack = Stack::<Hipaa>::new();
    stack.add("DbCredentials", Secret::new().description("master credentials"));
}
