// A role associated with an Aurora cluster (`DBClusterRole.RoleArn`) is named by its ARN: the
// role's name (its `Ref`, or `name()`) is refused, and the message names `Attr<Role, Arn>`,
// which `role.arn()` gives.
use typed_cfn::resources::rds::db_cluster::DBClusterRole;
use typed_cfn::secure::{RdsMonitoringService, ServiceRole};
use typed_cfn::Template;

fn main() {
    let mut t = Template::new();
    let role = t.add("S3Import", ServiceRole::new(RdsMonitoringService));
    let _association = DBClusterRole::new(role.name());
}
