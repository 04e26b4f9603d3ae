// A plain (even NoEcho) parameter is not a secret store: the password must be resolved from a
// Secrets Manager secret.
use typed_cfn::resources::rds::DBCluster;
use typed_cfn::{Parameter, Template};

fn main() {
    let mut t = Template::new();
    let password = t.parameter("DbPassword", Parameter::string().no_echo());
    let _cluster = DBCluster::new().master_user_password(password.reference());
}
