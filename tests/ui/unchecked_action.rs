// The constructor the `actions!` macro expands to is not public: an action is checked against
// AWS's action list by the macro.
use typed_cfn::policy::Action;

fn main() {
    let _ = Action::checked("kms:GenerateDatakey");
}
