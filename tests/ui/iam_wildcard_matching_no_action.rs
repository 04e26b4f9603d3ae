// A wildcard in an IAM action must match at least one action AWS defines: `s3:GetObjekt*` grants
// nothing, and IAM would accept it without a word. (IAM matches actions without regard to case,
// and so does this check for wildcards; a full action name must be written in AWS's case.)
use typed_cfn::actions;
use typed_cfn::policy::Statement;

fn main() {
    let _statement = Statement::allow(actions!["s3:GetObject", "s3:GetObjekt*"]);
}
