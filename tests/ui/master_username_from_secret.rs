// The HIPAA stack's third mistake: the master user name resolved from the secret. A user name is not
// secret; the robust form is a static name plus the resolved password.
use typed_cfn::dynamic::{self, SecretId};
use typed_cfn::resources::rds::DBCluster;

fn main() {
    let _ = DBCluster::new().master_username(dynamic::secrets_manager(&SecretId::external("db-credentials"), "username"));
}
