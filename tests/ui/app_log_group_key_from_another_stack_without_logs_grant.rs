// An app of stacks: a key crosses from the security stack into the application stack with its type.
// A log group in stack B refuses a key of stack A whose policy lacks the CloudWatch Logs grant,
// exactly as it would in one template: no assertion re-creates the grant on the way.
use typed_cfn::app::App;
use typed_cfn::resources::logs::LogGroup;
use typed_cfn::secure::{KeyPolicy, KmsKey};
use typed_cfn::Template;

fn main() {
    let mut security = Template::new();
    let key = security.add("DataKey", KmsKey::new(KeyPolicy::account_root().grant_s3()));
    let mut application = Template::new();
    application.add("AppLogs", LogGroup::new().kms_key_id(key.arn()));
    let mut app = App::new("shop");
    app.add_stack("security", security);
    app.add_stack("application", application);
}
