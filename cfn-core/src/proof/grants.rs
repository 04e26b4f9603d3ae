//! Service grants of a key policy, and the sealed trait that records them in a type.
//!
//! Each grant is a statement of its own, built only in its correct form. A [`KeyPolicy<G>`]
//! records the grants it holds in `G`: [`NoGrants`], or a [`Grants`] list in the order they were
//! granted, such as `Grants<LogsGrant, Grants<RdsGrant>>`; [`HasGrant<T>`] holds when `T` is in it.
//! The type names the grants a key has and only those, so a compiler message shows them, and a
//! new grant kind changes no other key's type.
//!
//! [`KeyPolicy<G>`]: crate::proof::key::KeyPolicy

use std::marker::PhantomData;

use crate::intrinsics::sub_checked;
use crate::node::{Function, Node};
use crate::policy::{Action, Operator, Principal, ServicePrincipal, Statement, WithPrincipal};
use crate::value::Value;

mod sealed {
    /// Only the grant sets `KeyPolicy` builds: [`super::NoGrants`] and [`super::Grants`].
    #[diagnostic::on_unimplemented(
        message = "`{Self}` is not a grant set: grants are recorded only by `KeyPolicy` methods such as `grant_logs`",
        note = "`HasGrant` is sealed so that no type can claim a grant its key policy does not hold"
    )]
    pub trait Sealed {}

    /// Only the grant kinds of this module. `Id` tells kinds apart in the type system (see
    /// [`super::kind_id`]): six binary digits, one per kind, never two kinds with one.
    pub trait Kind: 'static {
        /// The kind's digits.
        type Id;
    }

    /// Whether a grant set holds the kind `K` (a type-level yes or no).
    pub trait Contains<K> {
        /// [`super::kind_id::Yes`] or [`super::kind_id::No`].
        type Out: super::kind_id::Answer;
    }

    /// The grant set with `K` added at its end.
    pub trait Append<K> {
        /// The longer set.
        type With: super::GrantSet;
    }
}

/// Holds when a key policy of type `Self` includes the grant `T`.
///
/// Sealed: implemented only for the grant sets `KeyPolicy` builds, so holding it proves the
/// statement is in the policy.
#[diagnostic::on_unimplemented(
    message = "this KMS key's policy lacks the `{T}` statement",
    label = "the key's policy type does not record `{T}`",
    note = "add the grant where the key policy is built: `.grant({T})` for a grant without settings, `.grant_logs(LogsGrant::account_wide())` for CloudWatch Logs"
)]
pub trait HasGrant<T>: sealed::Sealed {}

/// The grant set with `T` added: what `secure::KeyPolicy::grant` returns. Sealed.
pub trait AddGrant<T>: sealed::Sealed {
    /// The set with `T`.
    type With: GrantSet;
}

/// A set of grants, as a key policy's type records it: [`NoGrants`], or [`Grants`] listing the
/// kinds in the order they were granted. Sealed.
pub trait GrantSet: sealed::Sealed {
    /// Whether the set holds the grant kind `kind` (`TypeId::of::<CloudWatchToTopics>()`).
    #[doc(hidden)]
    fn holds(kind: std::any::TypeId) -> bool;
}

/// A kind of grant a key policy can hold. Sealed: only the kinds of this module.
pub trait Grant: sealed::Kind {
    /// The statement this grant adds to the key policy.
    fn statement(&self) -> Statement<WithPrincipal>;

    /// Statements the grant needs besides [`Grant::statement`] (most need none).
    #[doc(hidden)]
    fn more_statements(&self) -> Vec<Statement<WithPrincipal>> {
        Vec::new()
    }

    /// The CloudWatch Logs grant, which merges with an earlier one instead of being added twice.
    #[doc(hidden)]
    fn as_logs(&self) -> Option<&LogsGrant> {
        None
    }
}

/// The grants of a key policy that has none yet: what `secure::KeyPolicy::account_root`
/// starts from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct NoGrants;

/// The grants a key policy holds, as a list in the order they were granted: `Grants<LogsGrant>`
/// holds the CloudWatch Logs grant; `Grants<LogsGrant, Grants<RdsGrant>>` holds it and RDS's.
/// The type grows with the grants a key has, never with the kinds that exist; granting a kind
/// twice leaves the type as it is.
pub struct Grants<G, Rest = NoGrants>(PhantomData<fn() -> (G, Rest)>);

impl sealed::Sealed for NoGrants {}
impl<G: Grant, Rest: GrantSet> sealed::Sealed for Grants<G, Rest> {}

impl GrantSet for NoGrants {
    fn holds(_: std::any::TypeId) -> bool {
        false
    }
}

impl<G: Grant, Rest: GrantSet> GrantSet for Grants<G, Rest> {
    fn holds(kind: std::any::TypeId) -> bool {
        std::any::TypeId::of::<G>() == kind || Rest::holds(kind)
    }
}

impl<K> sealed::Contains<K> for NoGrants {
    type Out = kind_id::No;
}

impl<K: Grant, G: Grant, Rest: sealed::Contains<K>> sealed::Contains<K> for Grants<G, Rest>
where
    G::Id: kind_id::Same<K::Id>,
{
    type Out = <<G::Id as kind_id::Same<K::Id>>::Out as kind_id::Answer>::Or<Rest::Out>;
}

impl<K: Grant> sealed::Append<K> for NoGrants {
    type With = Grants<K>;
}

impl<K: Grant, G: Grant, Rest: GrantSet + sealed::Append<K>> sealed::Append<K> for Grants<G, Rest> {
    type With = Grants<G, Rest::With>;
}

// One impl each for every kind: nothing here grows with the number of kinds. `do_not_recommend`
// keeps the compiler's message on `HasGrant` (which names the missing grant and its fix) instead
// of the type-level arithmetic below it.
#[diagnostic::do_not_recommend]
impl<T: Grant, S: GrantSet + sealed::Contains<T, Out = kind_id::Yes>> HasGrant<T> for S {}

impl<T: Grant, S: GrantSet + sealed::Contains<T> + sealed::Append<T>> AddGrant<T> for S {
    type With = <S::Out as kind_id::Answer>::Pick<S, S::With>;
}

/// Telling grant kinds apart in the type system, where `TypeId` cannot be compared: each kind has
/// six binary digits (`Id`), and two kinds are the same when every digit is. Comparing digits
/// takes four impls whatever the number of kinds.
#[doc(hidden)]
pub mod kind_id {
    use super::GrantSet;

    /// A binary digit 0.
    pub struct D0;
    /// A binary digit 1.
    pub struct D1;
    /// A type-level yes.
    pub struct Yes;
    /// A type-level no.
    pub struct No;

    /// A type-level yes or no.
    pub trait Answer {
        /// Either answer is yes.
        type Or<B: Answer>: Answer;
        /// Both answers are yes.
        type And<B: Answer>: Answer;
        /// `A` if yes, `B` if no.
        type Pick<A: GrantSet, B: GrantSet>: GrantSet;
    }

    impl Answer for Yes {
        type Or<B: Answer> = Yes;
        type And<B: Answer> = B;
        type Pick<A: GrantSet, B: GrantSet> = A;
    }

    impl Answer for No {
        type Or<B: Answer> = B;
        type And<B: Answer> = No;
        type Pick<A: GrantSet, B: GrantSet> = B;
    }

    /// Whether two digits, or two kinds' digits, are the same.
    pub trait Same<Other> {
        /// [`Yes`] or [`No`].
        type Out: Answer;
    }

    impl Same<D0> for D0 {
        type Out = Yes;
    }
    impl Same<D1> for D1 {
        type Out = Yes;
    }
    impl Same<D1> for D0 {
        type Out = No;
    }
    impl Same<D0> for D1 {
        type Out = No;
    }

    type Both<A, B> = <A as Answer>::And<B>;

    impl<A0, A1, A2, A3, A4, A5, B0, B1, B2, B3, B4, B5> Same<(B0, B1, B2, B3, B4, B5)> for (A0, A1, A2, A3, A4, A5)
    where
        A0: Same<B0>,
        A1: Same<B1>,
        A2: Same<B2>,
        A3: Same<B3>,
        A4: Same<B4>,
        A5: Same<B5>,
    {
        type Out = Both<A0::Out, Both<A1::Out, Both<A2::Out, Both<A3::Out, Both<A4::Out, A5::Out>>>>>;
    }

    /// The number six digits write, to check at compile time that no two kinds share one.
    pub(super) const fn number(digits: [u8; 6]) -> u8 {
        let mut n = 0;
        let mut i = 0;
        while i < 6 {
            n = n * 2 + digits[i];
            i += 1;
        }
        n
    }

    /// Whether the numbers are all different.
    pub(super) const fn all_different(numbers: &[u8]) -> bool {
        let mut i = 0;
        while i < numbers.len() {
            let mut j = i + 1;
            while j < numbers.len() {
                if numbers[i] == numbers[j] {
                    return false;
                }
                j += 1;
            }
            i += 1;
        }
        true
    }
}

/// Declares the grant kinds: each kind's six digits (its `Id`), and a compile-time check that
/// no two kinds share them. A new kind takes one line with digits no other kind has.
macro_rules! grant_kinds {
    ($($kind:ident: $d0:tt $d1:tt $d2:tt $d3:tt $d4:tt $d5:tt),* $(,)?) => {
        $(
            impl sealed::Kind for $kind {
                type Id = (
                    grant_kinds!(@digit $d0),
                    grant_kinds!(@digit $d1),
                    grant_kinds!(@digit $d2),
                    grant_kinds!(@digit $d3),
                    grant_kinds!(@digit $d4),
                    grant_kinds!(@digit $d5),
                );
            }
        )*
        const _: () = assert!(
            kind_id::all_different(&[$(kind_id::number([$d0, $d1, $d2, $d3, $d4, $d5])),*]),
            "two grant kinds share their digits: give each kind digits of its own"
        );
    };
    (@digit 0) => { kind_id::D0 };
    (@digit 1) => { kind_id::D1 };
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
        Node::String(ref text) => {
            sub_checked(&format!("{PREFIX}{}", text.replace("${", "${!")), Vec::new()).into_node()
        }
        Node::Fn(Function::Sub, ref arg) if arg.as_str().is_some() => {
            sub_checked(&format!("{PREFIX}{}", arg.as_str().unwrap_or_default()), Vec::new()).into_node()
        }
        other => sub_checked(&format!("{PREFIX}${{LogGroupName}}"), vec![("LogGroupName", other)]).into_node(),
    }
}

impl Grant for LogsGrant {
    fn as_logs(&self) -> Option<&LogsGrant> {
        Some(self)
    }

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
    Statement::allow(actions(&[
        "kms:Encrypt",
        "kms:Decrypt",
        "kms:ReEncrypt*",
        "kms:GenerateDataKey*",
        "kms:CreateGrant",
        "kms:DescribeKey",
    ]))
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

/// The services that deliver messages to SNS topics and SQS queues encrypted with a customer
/// key, and the key statement each needs: the delivering service's principal may call
/// `kms:GenerateDataKey*` and `kms:Decrypt` (SNS and SQS ask KMS for a data key in its name),
/// only for its own resources in this account (`aws:SourceAccount`, and `aws:SourceArn` where the
/// source's ARN names the account). Without it the service's messages are dropped, silently.
///
/// See <https://docs.aws.amazon.com/sns/latest/dg/sns-key-management.html> and
/// <https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-key-management.html>.
macro_rules! delivery_grants {
    ($($(#[$doc:meta])* $kind:ident: $sid:literal, $principal:ident, $source:expr;)*) => {
        $(
            $(#[$doc])*
            #[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
            pub struct $kind;

            impl Grant for $kind {
                fn statement(&self) -> Statement<WithPrincipal> {
                    delivery($sid, ServicePrincipal::$principal(), $source)
                }
            }
        )*
    };
}

delivery_grants! {
    /// CloudWatch alarms publish to SNS topics encrypted with the key (alarm actions).
    CloudWatchToTopics: "Allow CloudWatch alarms to publish to encrypted topics", cloudwatch,
        Some("arn:${AWS::Partition}:cloudwatch:${AWS::Region}:${AWS::AccountId}:alarm:*");
    /// EventBridge rules publish to SNS topics encrypted with the key (rule targets).
    EventBridgeToTopics: "Allow EventBridge rules to publish to encrypted topics", events,
        Some("arn:${AWS::Partition}:events:${AWS::Region}:${AWS::AccountId}:rule/*");
    /// S3 event notifications publish to SNS topics encrypted with the key.
    S3ToTopics: "Allow S3 notifications to publish to encrypted topics", s3, None;
    /// SNS topics deliver to SQS queues encrypted with the key (queue subscriptions).
    SnsToQueues: "Allow SNS topics to send to encrypted queues", sns,
        Some("arn:${AWS::Partition}:sns:${AWS::Region}:${AWS::AccountId}:*");
    /// EventBridge rules send to SQS queues encrypted with the key (rule targets).
    EventBridgeToQueues: "Allow EventBridge rules to send to encrypted queues", events,
        Some("arn:${AWS::Partition}:events:${AWS::Region}:${AWS::AccountId}:rule/*");
    /// S3 event notifications send to SQS queues encrypted with the key.
    S3ToQueues: "Allow S3 notifications to send to encrypted queues", s3, None;
    /// CloudTrail trails notify SNS topics encrypted with the key of each log file delivered
    /// (a trail's `SnsTopicName`). See
    /// <https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-permissions-for-sns-notifications.html>.
    CloudTrailToTopics: "Allow CloudTrail to publish to encrypted topics", cloudtrail,
        Some("arn:${AWS::Partition}:cloudtrail:${AWS::Region}:${AWS::AccountId}:trail/*");
    /// AWS Budgets publishes budget alerts to SNS topics encrypted with the key (subscribers of
    /// type `SNS`). Budgets are global: their ARNs name no Region. See
    /// <https://docs.aws.amazon.com/cost-management/latest/userguide/budgets-sns-policy.html>.
    BudgetsToTopics: "Allow AWS Budgets to publish to encrypted topics", budgets,
        Some("arn:${AWS::Partition}:budgets::${AWS::AccountId}:*");
}

/// AWS Config delivering configuration snapshots and history into a bucket whose default
/// encryption (or the delivery channel's `S3KmsKeyArn`) is this key, when Config writes as its
/// service principal — always with the service-linked role `AWSServiceRoleForConfig`, which has
/// no permission on customer keys, and as the fallback when a recorder's own role is refused:
/// `config.amazonaws.com` may call `kms:GenerateDataKey` and `kms:Decrypt`, for this account
/// (`aws:SourceAccount`). Without it nothing is delivered.
///
/// See <https://docs.aws.amazon.com/config/latest/developerguide/s3-kms-key-policy.html>.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct ConfigDeliveryGrant;

impl Grant for ConfigDeliveryGrant {
    fn statement(&self) -> Statement<WithPrincipal> {
        Statement::allow(actions(&["kms:GenerateDataKey", "kms:Decrypt"]))
            .sid("Allow AWS Config to encrypt deliveries")
            .principal(Principal::service(ServicePrincipal::config()))
            .any_resource()
            .condition(Operator::StringEquals, "aws:SourceAccount", crate::pseudo::account_id())
    }
}

/// CloudFront writing standard (legacy) access logs into a bucket whose default encryption is
/// this key: the log delivery principal `delivery.logs.amazonaws.com` may call
/// `kms:GenerateDataKey*`, in the statement AWS documents for it. CloudFront's legacy logging
/// writes through the bucket's ACL, not its policy, and AWS documents no `aws:SourceArn` or
/// `aws:SourceAccount` for it: a statement conditioned on them (such as [`LogDeliveryGrant`]'s)
/// does not let it in, and no log file arrives. So the statement has no condition: what it lets
/// in is one action, data keys, for one service principal.
///
/// See <https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/standard-logging-legacy-s3.html>.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct CloudFrontLogsGrant;

impl Grant for CloudFrontLogsGrant {
    fn statement(&self) -> Statement<WithPrincipal> {
        Statement::allow(actions(&["kms:GenerateDataKey*"]))
            .sid("Allow CloudFront to write standard logs")
            .principal(Principal::service(ServicePrincipal::log_delivery()))
            .any_resource()
    }
}

/// CloudTrail encrypting a trail's log files with the key (SSE-KMS), in two statements: the
/// principal `cloudtrail.amazonaws.com` may call `kms:GenerateDataKey*` only for trails of this
/// account (`kms:EncryptionContext:aws:cloudtrail:arn`, and `aws:SourceArn` for trails of this
/// Region), and `kms:DescribeKey` for them. Without it `CreateTrail` fails
/// (InsufficientEncryptionPolicyException). Readers of the logs decrypt through IAM (the account
/// root statement of `secure::KeyPolicy::account_root`).
///
/// See <https://docs.aws.amazon.com/awscloudtrail/latest/userguide/create-kms-key-policy-for-cloudtrail.html>.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct CloudTrailGrant;

/// The trails of this account in this Region, as `aws:SourceArn` names them.
const TRAILS: &str = "arn:${AWS::Partition}:cloudtrail:${AWS::Region}:${AWS::AccountId}:trail/*";

impl Grant for CloudTrailGrant {
    fn statement(&self) -> Statement<WithPrincipal> {
        Statement::allow(actions(&["kms:GenerateDataKey*"]))
            .sid("Allow CloudTrail to encrypt logs")
            .principal(Principal::service(ServicePrincipal::cloudtrail()))
            .any_resource()
            .condition(
                Operator::StringLike,
                "kms:EncryptionContext:aws:cloudtrail:arn",
                sub_checked("arn:${AWS::Partition}:cloudtrail:*:${AWS::AccountId}:trail/*", Vec::new()),
            )
            .condition(Operator::ArnLike, "aws:SourceArn", sub_checked(TRAILS, Vec::new()))
    }

    fn more_statements(&self) -> Vec<Statement<WithPrincipal>> {
        vec![
            Statement::allow(actions(&["kms:DescribeKey"]))
                .sid("Allow CloudTrail to describe the key")
                .principal(Principal::service(ServicePrincipal::cloudtrail()))
                .any_resource()
                .condition(Operator::ArnLike, "aws:SourceArn", sub_checked(TRAILS, Vec::new())),
        ]
    }
}

/// The log delivery service (`delivery.logs.amazonaws.com`) writing vended logs — VPC flow logs,
/// Route 53 Resolver query logs, and the other logs AWS services deliver to S3 — into a bucket
/// whose default encryption is this key: the data-key actions, for log deliveries of this account
/// in this Region (`aws:SourceAccount`, `aws:SourceArn`). Without it the logs are not delivered.
///
/// See <https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/AWS-logs-and-resource-policy.html>.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct LogDeliveryGrant;

impl Grant for LogDeliveryGrant {
    fn statement(&self) -> Statement<WithPrincipal> {
        Statement::allow(actions(&[
            "kms:Encrypt",
            "kms:Decrypt",
            "kms:ReEncrypt*",
            "kms:GenerateDataKey*",
            "kms:DescribeKey",
        ]))
        .sid("Allow log delivery to use the key")
        .principal(Principal::service(ServicePrincipal::log_delivery()))
        .any_resource()
        .condition(Operator::StringEquals, "aws:SourceAccount", crate::pseudo::account_id())
        .condition(Operator::ArnLike, "aws:SourceArn", sub_checked(LOG_DELIVERIES, Vec::new()))
    }
}

/// Auto Scaling launching instances whose EBS volumes are encrypted with the key: its
/// service-linked role `AWSServiceRoleForAutoScaling` may use the key and create grants for the
/// volumes (`kms:GrantIsForAWSResource`). The role's own policy is AWS's and grants nothing on
/// customer keys, so the account root statement does not let it in; without these statements
/// instances fail to launch. KMS refuses a key policy naming a role that does not exist: in an
/// account that has never used Auto Scaling, create the role first (`AWS::IAM::ServiceLinkedRole`
/// for `autoscaling.amazonaws.com`, with the key depending on it).
///
/// See <https://docs.aws.amazon.com/autoscaling/ec2/userguide/key-policy-requirements-EBS-encryption.html>.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct AutoScalingGrant;

/// Auto Scaling's service-linked role in this account.
const AUTO_SCALING_ROLE: &str = "arn:${AWS::Partition}:iam::${AWS::AccountId}:role/aws-service-role/autoscaling.amazonaws.com/AWSServiceRoleForAutoScaling";

impl Grant for AutoScalingGrant {
    fn statement(&self) -> Statement<WithPrincipal> {
        Statement::allow(actions(&[
            "kms:Encrypt",
            "kms:Decrypt",
            "kms:ReEncrypt*",
            "kms:GenerateDataKey*",
            "kms:DescribeKey",
        ]))
        .sid("Allow Auto Scaling to use the key for volumes")
        .principal(Principal::aws([sub_checked(AUTO_SCALING_ROLE, Vec::new())]))
        .any_resource()
    }

    fn more_statements(&self) -> Vec<Statement<WithPrincipal>> {
        vec![
            Statement::allow(actions(&["kms:CreateGrant"]))
                .sid("Allow Auto Scaling to attach volumes")
                .principal(Principal::aws([sub_checked(AUTO_SCALING_ROLE, Vec::new())]))
                .any_resource()
                .condition(Operator::Bool, "kms:GrantIsForAWSResource", "true"),
        ]
    }
}

/// The log deliveries of this account in this Region, as `aws:SourceArn` names them.
#[doc(hidden)]
pub const LOG_DELIVERIES: &str = "arn:${AWS::Partition}:logs:${AWS::Region}:${AWS::AccountId}:*";

/// A delivering service's key statement: the data-key actions, for sources in this account.
fn delivery(sid: &str, service: ServicePrincipal, source_arns: Option<&str>) -> Statement<WithPrincipal> {
    let mut statement = Statement::allow(actions(&["kms:GenerateDataKey*", "kms:Decrypt"]))
        .sid(sid)
        .principal(Principal::service(service))
        .any_resource()
        .condition(Operator::StringEquals, "aws:SourceAccount", crate::pseudo::account_id());
    if let Some(pattern) = source_arns {
        statement = statement.condition(Operator::ArnLike, "aws:SourceArn", sub_checked(pattern, Vec::new()));
    }
    statement
}

grant_kinds! {
    LogsGrant: 0 0 0 0 0 1,
    RdsGrant: 0 0 0 0 1 0,
    S3Grant: 0 0 0 0 1 1,
    LambdaGrant: 0 0 0 1 0 0,
    SecretsManagerGrant: 0 0 0 1 0 1,
    CloudWatchToTopics: 0 0 0 1 1 0,
    EventBridgeToTopics: 0 0 0 1 1 1,
    S3ToTopics: 0 0 1 0 0 0,
    SnsToQueues: 0 0 1 0 0 1,
    EventBridgeToQueues: 0 0 1 0 1 0,
    S3ToQueues: 0 0 1 0 1 1,
    CloudTrailGrant: 0 0 1 1 0 0,
    LogDeliveryGrant: 0 0 1 1 0 1,
    AutoScalingGrant: 0 0 1 1 1 0,
    CloudTrailToTopics: 0 0 1 1 1 1,
    BudgetsToTopics: 0 1 0 0 0 0,
    CloudFrontLogsGrant: 0 1 0 0 0 1,
    ConfigDeliveryGrant: 0 1 0 0 1 0,
}

#[cfg(test)]
mod tests {
    use std::any::TypeId;

    use super::*;
    use crate::proof::key::KeyPolicy;

    /// Compiles only when `G` holds `T`.
    fn holds<G: HasGrant<T>, T>() {}

    #[test]
    fn a_set_lists_its_grants_in_the_order_granted_and_each_once() {
        let policy = KeyPolicy::account_root()
            .grant_rds()
            .grant_logs(LogsGrant::account_wide())
            .grant_rds()
            .grant_logs(LogsGrant::for_log_groups(["/app/orders"]));
        let _: &KeyPolicy<Grants<RdsGrant, Grants<LogsGrant>>> = &policy;
        type Both = Grants<RdsGrant, Grants<LogsGrant>>;
        holds::<Both, RdsGrant>();
        holds::<Both, LogsGrant>();
        assert!(Both::holds(TypeId::of::<RdsGrant>()) && Both::holds(TypeId::of::<LogsGrant>()));
        assert!(!Both::holds(TypeId::of::<S3Grant>()));
        assert!(!NoGrants::holds(TypeId::of::<LogsGrant>()));
    }

    #[test]
    fn kinds_with_similar_digits_stay_apart() {
        // CloudTrailGrant (001100) and CloudTrailToTopics (001111) share four digits.
        type Trail = Grants<CloudTrailGrant>;
        holds::<Trail, CloudTrailGrant>();
        let added = KeyPolicy::account_root().grant(CloudTrailGrant).grant(CloudTrailToTopics);
        let _: &KeyPolicy<Grants<CloudTrailGrant, Grants<CloudTrailToTopics>>> = &added;
        assert!(!Trail::holds(TypeId::of::<CloudTrailToTopics>()));
    }
}
