// The constructor the `service_principal!` macro expands to is not public: a principal is
// checked by the macro (which refuses CloudWatch Logs' global principal) or comes from a
// named constructor.
use typed_cfn::policy::ServicePrincipal;

fn main() {
    let _ = ServicePrincipal::checked("logs.amazonaws.com");
}
