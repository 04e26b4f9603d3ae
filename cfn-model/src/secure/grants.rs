//! Service grants of a key policy, and the sealed trait that records them in a type.
//!
//! Each grant is a statement of its own, built only in its correct form. A [`KeyPolicy<G>`]
//! records the grants it holds in `G`, a list of grant types such as
//! `(LogsGrant, (RdsGrant, ()))`; [`HasGrant<T>`] holds when `T` is in the list.
//!
//! [`KeyPolicy<G>`]: crate::secure::KeyPolicy

use crate::intrinsics::sub_checked;
use crate::node::{Function, Node};
use crate::policy::{Action, Operator, Principal, ServicePrincipal, Statement, WithPrincipal};
use crate::value::Value;

mod sealed {
    /// Only the grant types of this module and lists of them are grant sets.
    #[diagnostic::on_unimplemented(
        message = "`{Self}` is not a grant set: grants are recorded only by `KeyPolicy` methods such as `grant_logs`",
        note = "`HasGrant` is sealed so that no type can claim a grant its key policy does not hold"
    )]
    pub trait Sealed {}
}

/// Holds when a key policy of type `Self` includes the grant `T`.
///
/// Sealed: implemented only for the grant lists `KeyPolicy` builds, so holding it proves the
/// statement is in the policy.
#[diagnostic::on_unimplemented(
    message = "this KMS key's policy lacks the `{T}` statement",
    label = "the key's policy type does not record `{T}`",
    note = "add the grant where the key policy is built: `.grant_logs(LogsGrant::account_wide())` for CloudWatch Logs, `.grant_rds()`, `.grant_s3()`, `.grant_lambda()`, `.grant_secrets_manager()`"
)]
pub trait HasGrant<T>: sealed::Sealed {}

impl sealed::Sealed for () {}
impl<H: Grant, T: sealed::Sealed> sealed::Sealed for (H, T) {}

/// A kind of grant a key policy can hold. Sealed through [`HasGrant`]'s grant lists.
pub trait Grant: sealed::Sealed {
    /// The statement this grant adds to the key policy.
    fn statement(&self) -> Statement<WithPrincipal>;
}

/// Implements the grant lists: for each kind `A` with the other kinds `[B, …]`, a list whose
/// head is `A` has `A`, and has `B` when its tail has `B`.
macro_rules! grant_kinds {
    ($($a:ident: [$($b:ident),*];)*) => {
        $(
            impl sealed::Sealed for $a {}
            #[diagnostic::do_not_recommend]
            impl<T: sealed::Sealed> HasGrant<$a> for ($a, T) {}
            $(
                #[diagnostic::do_not_recommend]
                impl<T: HasGrant<$b>> HasGrant<$b> for ($a, T) {}
            )*
        )*
    };
}

fn actions(names: &[&'static str]) -> Vec<Action> {
    names.iter().map(|name| Action::checked(name)).collect()
}

/// The grant CloudWatch Logs needs to encrypt log groups with a customer key, in the only
/// form that works: a statement of its own for the regional principal
/// `logs.${AWS::Region}.amazonaws.com`, the six actions Logs calls, and an `ArnLike`
/// condition on `kms:EncryptionContext:aws:logs:arn` that limits it to this account's log
/// groups in this region (or to named ones).
///
/// See <https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/encrypt-log-data-kms.html>.
#[derive(Debug, Clone, PartialEq)]
pub struct LogsGrant {
    log_group_arns: Vec<Node>,
}

/// The Sid of the CloudWatch Logs statement.
pub const LOGS_GRANT_SID: &str = "Allow CloudWatch Logs to use the key";

/// The actions CloudWatch Logs calls on a log group's key.
pub const LOGS_GRANT_ACTIONS: [&str; 6] =
    ["kms:Encrypt", "kms:Decrypt", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:CreateGrant", "kms:DescribeKey"];

impl LogsGrant {
    /// Every log group of this account in this region:
    /// `arn:${AWS::Partition}:logs:${AWS::Region}:${AWS::AccountId}:log-group:*`.
    pub fn account_wide() -> Self {
        LogsGrant { log_group_arns: vec![log_group_arn(Value::from("*"))] }
    }

    /// Only the named log groups (names may be intrinsics, e.g. an `Fn::Sub` with a suffix).
    /// Give at least one: a grant that names none has no encryption-context condition, which
    /// lets any account's log groups use the key, and is refused when the template is emitted.
    pub fn for_log_groups<V: Into<Value<String>>>(names: impl IntoIterator<Item = V>) -> Self {
        LogsGrant { log_group_arns: names.into_iter().map(|n| log_group_arn(n.into())).collect() }
    }

    /// Whether the grant names no log group (`for_log_groups` given none).
    pub(crate) fn names_no_log_group(&self) -> bool {
        self.log_group_arns.is_empty()
    }

    /// Both grants' log groups in one statement.
    pub(crate) fn and(mut self, other: LogsGrant) -> Self {
        for arn in other.log_group_arns {
            if !self.log_group_arns.contains(&arn) {
                self.log_group_arns.push(arn);
            }
        }
        self
    }
}

/// `arn:${AWS::Partition}:logs:${AWS::Region}:${AWS::AccountId}:log-group:<name>`, as one
/// `Fn::Sub` when the name is literal text or itself an `Fn::Sub` string.
fn log_group_arn(name: Value<String>) -> Node {
    const PREFIX: &str = "arn:${AWS::Partition}:logs:${AWS::Region}:${AWS::AccountId}:log-group:";
    match name.into_node() {
        Node::String(text) => sub_checked(&format!("{PREFIX}{}", text.replace("${", "${!")), Vec::new()).into_node(),
        Node::Fn(Function::Sub, arg) if arg.as_str().is_some() => {
            sub_checked(&format!("{PREFIX}{}", arg.as_str().unwrap_or_default()), Vec::new()).into_node()
        }
        other => sub_checked(&format!("{PREFIX}${{LogGroupName}}"), vec![("LogGroupName", other)]).into_node(),
    }
}

impl Grant for LogsGrant {
    fn statement(&self) -> Statement<WithPrincipal> {
        let mut statement = Statement::allow(actions(&LOGS_GRANT_ACTIONS))
            .sid(LOGS_GRANT_SID)
            .principal(Principal::service(ServicePrincipal::logs_regional()))
            .any_resource();
        for arn in &self.log_group_arns {
            statement = statement.condition(
                Operator::ArnLike,
                "kms:EncryptionContext:aws:logs:arn",
                Value::<String>::from_node(arn.clone()),
            );
        }
        statement
    }
}

/// RDS and Aurora encrypting storage, snapshots and Performance Insights with the key,
/// through `kms:ViaService` limited to RDS in this region.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct RdsGrant;

impl Grant for RdsGrant {
    fn statement(&self) -> Statement<WithPrincipal> {
        via_service("Allow RDS to use the key", "rds")
    }
}

/// S3 encrypting objects with the key (SSE-KMS), through `kms:ViaService`.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct S3Grant;

impl Grant for S3Grant {
    fn statement(&self) -> Statement<WithPrincipal> {
        via_service("Allow S3 to use the key", "s3")
    }
}

/// Lambda encrypting environment variables with the key, through `kms:ViaService`.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct LambdaGrant;

impl Grant for LambdaGrant {
    fn statement(&self) -> Statement<WithPrincipal> {
        via_service("Allow Lambda to use the key", "lambda")
    }
}

/// Secrets Manager encrypting secrets with the key, through `kms:ViaService`.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct SecretsManagerGrant;

impl Grant for SecretsManagerGrant {
    fn statement(&self) -> Statement<WithPrincipal> {
        via_service("Allow Secrets Manager to use the key", "secretsmanager")
    }
}

/// A narrow grant for a service that calls KMS on behalf of principals in this account: the
/// data-key actions, only through that service in this region, only for this account. The
/// principal is the account, not `*`: callers still need an IAM permission for the key (least
/// privilege, checkov CKV_AWS_33), which the roles that use it are given.
fn via_service(sid: &str, service: &str) -> Statement<WithPrincipal> {
    Statement::allow(actions(&["kms:Encrypt", "kms:Decrypt", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:CreateGrant", "kms:DescribeKey"]))
        .sid(sid)
        .principal(Principal::account_root())
        .any_resource()
        .condition(
            Operator::StringEquals,
            "kms:ViaService",
            sub_checked(&format!("{service}.${{AWS::Region}}.amazonaws.com"), Vec::new()),
        )
        .condition(Operator::StringEquals, "kms:CallerAccount", crate::pseudo::account_id())
}

grant_kinds! {
    LogsGrant: [RdsGrant, S3Grant, LambdaGrant, SecretsManagerGrant];
    RdsGrant: [LogsGrant, S3Grant, LambdaGrant, SecretsManagerGrant];
    S3Grant: [LogsGrant, RdsGrant, LambdaGrant, SecretsManagerGrant];
    LambdaGrant: [LogsGrant, RdsGrant, S3Grant, SecretsManagerGrant];
    SecretsManagerGrant: [LogsGrant, RdsGrant, S3Grant, LambdaGrant];
}
