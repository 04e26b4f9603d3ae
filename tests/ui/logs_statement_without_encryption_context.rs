// Even with the regional principal, a hand-written CloudWatch Logs statement could leave out the
// `kms:EncryptionContext:aws:logs:arn` condition: the principal is refused outside `LogsGrant`.
use typed_cfn::policy::{Principal, Statement};
use typed_cfn::secure::KeyPolicy;
use typed_cfn::{actions, service_principal};

fn main() {
    let _policy = KeyPolicy::account_root().statement(
        Statement::allow(actions!["kms:Encrypt*", "kms:Decrypt*", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:Describe*"])
            .principal(Principal::service(service_principal!("logs.us-east-1.amazonaws.com")))
            .any_resource(),
    );
}
