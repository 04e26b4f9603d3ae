// As the HIPAA stack's fix has it, database credentials come from Secrets Manager. A literal password would sit in the
// template, the console and every copy of the stack.
use typed_cfn::resources::rds::DBCluster;

fn main() {
    let _cluster = DBCluster::new().master_username("admin").master_user_password("hunter2hunter2");
}
