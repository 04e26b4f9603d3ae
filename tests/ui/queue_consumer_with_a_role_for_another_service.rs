// The consumer's policy is attached to the function's execution role, which Lambda assumes: a
// role built for another service does not fit.
use typed_cfn::resources::lambda::{Function, function};
use typed_cfn::secure::{EcsTasksService, EncryptedQueue, KeyPolicy, KmsKey, LambdaService, ServiceRole};
use typed_cfn::Template;

fn main() {
    let mut t = Template::new();
    let key = t.add("QueueKey", KmsKey::new(KeyPolicy::account_root()));
    let work = t.build("Work", EncryptedQueue::new(key.arn()));
    let role = t.add("WorkerRole", ServiceRole::new(LambdaService));
    let task_role = t.add("TaskRole", ServiceRole::new(EcsTasksService));
    let code = function::Code::new().zip_file("exports.handler = async () => {};");
    let worker = t.add("Worker", Function::new(code, role.arn()));
    t.build("WorkerSource", work.consumer(&worker, &task_role));
}
