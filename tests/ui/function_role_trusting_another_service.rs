// A Lambda function assumes its `Role`: a role built for ECS tasks deploys, and the function
// fails to create. The role's type records whom it trusts, and `Function::new` takes only a role
// that Lambda may assume.
use typed_cfn::resources::lambda::{Function, function};
use typed_cfn::secure::{EcsTasksService, ServiceRole};
use typed_cfn::Template;

fn main() {
    let mut t = Template::new();
    let role = t.add("TaskRole", ServiceRole::new(EcsTasksService));
    let code = function::Code::new().zip_file("exports.handler = async () => {};");
    t.add("Processor", Function::new(code, role.arn()));
}
