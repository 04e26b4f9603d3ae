// ECS fetches a task's secrets and image with its execution role, which `ecs-tasks.amazonaws.com`
// must be able to assume: a Lambda role given as the execution role does not compile.
use typed_cfn::resources::ecs::TaskDefinition;
use typed_cfn::secure::{LambdaService, ServiceRole};
use typed_cfn::Template;

fn main() {
    let mut t = Template::new();
    let role = t.add("WorkerRole", ServiceRole::new(LambdaService));
    t.add("Service", TaskDefinition::new().execution_role_arn(role.arn()));
}
