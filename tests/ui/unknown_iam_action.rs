// IAM action literals are checked against AWS's action list: `kms:GenerateDatakey` is not how
// AWS writes `kms:GenerateDataKey`.
use typed_cfn::actions;
use typed_cfn::policy::Statement;

fn main() {
    let _statement = Statement::allow(actions!["kms:Decrypt", "kms:GenerateDatakey"]);
}
