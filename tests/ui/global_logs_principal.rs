// The PCI stack's key policy let `logs.amazonaws.com` in through a generic statement, and the
// deployment failed. CloudWatch Logs gets a key only through `grant_logs`.
use typed_cfn::policy::{Principal, Statement};
use typed_cfn::secure::KeyPolicy;
use typed_cfn::{actions, service_principal};

fn main() {
    let _policy = KeyPolicy::account_root().statement(
        Statement::allow(actions!["kms:Encrypt", "kms:Decrypt", "kms:GenerateDataKey*"])
            .principal(Principal::service(service_principal!("logs.amazonaws.com")))
            .any_resource(),
    );
}
