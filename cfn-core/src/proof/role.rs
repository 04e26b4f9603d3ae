//! Roles whose type records the service that may assume them.
//!
//! A property that hands a role to a service (a function's `Role`, a flow log's
//! `DeliverLogsPermissionArn`, a trail's `CloudWatchLogsRoleArn`, a task's `ExecutionRoleArn`, …)
//! works only if the role's trust policy lets that service call `sts:AssumeRole`. A
//! `ServiceRole<S>` is built from the trust policy for service `S` and nothing else; its ARN,
//! [`RoleArn<S>`], carries `S`; and the generated setters of those properties take only an
//! [`AssumableBy<S>`] of their service. A role trusting another service is a compile error that
//! names the fix.
//!
//! See <https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_create_for-service.html> and,
//! for the source conditions, <https://docs.aws.amazon.com/IAM/latest/UserGuide/confused-deputy.html>.

use std::marker::PhantomData;

use crate::intrinsics::sub_checked;
use crate::node::Node;
use crate::policy::{Action, Operator, Principal, ServicePrincipal, Statement, TrustPolicy, WithPrincipal};
use crate::value::Value;

mod sealed {
    /// Only the service markers, role ARNs and asserted roles of this module.
    #[diagnostic::on_unimplemented(
        message = "`{Self}` cannot vouch for a role's trust: the role traits are sealed",
        note = "a role handed to a service is `role.arn()` of a `ServiceRole` built for that service (`ServiceRole::new(LambdaService)`), or, for a role outside the template, `ExternalRole::from_arn(…).asserting_trust(LambdaService)`"
    )]
    pub trait Sealed {}
}

/// An AWS service that assumes roles of your account, and the trust statement that lets it in.
/// Sealed: implemented by the service markers of this module ([`LambdaService`],
/// [`VpcFlowLogsService`], …).
pub trait AssumingService: sealed::Sealed + Copy {
    /// The service principal, such as `lambda.amazonaws.com`.
    const PRINCIPAL: &'static str;

    /// The `aws:SourceArn` pattern written into the trust policy, where the service sends the
    /// source's ARN when it assumes the role.
    const SOURCE_ARN: Option<&'static str>;

    /// Whether the trust policy is limited to this account with `aws:SourceAccount` (written only
    /// where the service sends it).
    const SOURCE_ACCOUNT: bool;

    /// The one trust statement: `sts:AssumeRole` for the service, limited to this account's
    /// sources where the service sends them.
    fn trust_statement(self) -> Statement<WithPrincipal> {
        let mut statement = Statement::allow([Action::checked("sts:AssumeRole")])
            .principal(Principal::service(ServicePrincipal::checked(Self::PRINCIPAL)));
        if Self::SOURCE_ACCOUNT {
            statement = statement.condition(Operator::StringEquals, "aws:SourceAccount", crate::pseudo::account_id());
        }
        if let Some(pattern) = Self::SOURCE_ARN {
            statement = statement.condition(Operator::ArnLike, "aws:SourceArn", sub_checked(pattern, Vec::new()));
        }
        statement
    }

    /// The trust policy of a role for this service.
    fn trust_policy(self) -> TrustPolicy {
        TrustPolicy::new([self.trust_statement()])
    }
}

macro_rules! services {
    ($($(#[$doc:meta])* $marker:ident => $principal:literal, account: $account:literal, source_arn: $source:expr;)*) => {
        $(
            $(#[$doc])*
            #[derive(Debug, Clone, Copy, PartialEq, Eq)]
            pub struct $marker;

            impl sealed::Sealed for $marker {}

            impl AssumingService for $marker {
                const PRINCIPAL: &'static str = $principal;
                const SOURCE_ARN: Option<&'static str> = $source;
                const SOURCE_ACCOUNT: bool = $account;
            }
        )*
    };
}

services! {
    /// CloudTrail delivering a trail's events to CloudWatch Logs (`CloudWatchLogsRoleArn`):
    /// `cloudtrail.amazonaws.com`, for this account's trails (`aws:SourceAccount`).
    ///
    /// See <https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-required-policy-for-cloudwatch-logs.html>.
    CloudTrailService => "cloudtrail.amazonaws.com", account: true, source_arn: None;
    /// VPC Flow Logs publishing to CloudWatch Logs (`DeliverLogsPermissionArn`):
    /// `vpc-flow-logs.amazonaws.com`, for this account's flow logs in this Region
    /// (`aws:SourceAccount`, `aws:SourceArn`).
    ///
    /// See <https://docs.aws.amazon.com/vpc/latest/userguide/flow-logs-iam-role.html>.
    VpcFlowLogsService => "vpc-flow-logs.amazonaws.com", account: true,
        source_arn: Some("arn:${AWS::Partition}:ec2:${AWS::Region}:${AWS::AccountId}:vpc-flow-log/*");
    /// A Lambda function's execution role (`Role`): `lambda.amazonaws.com`. Lambda documents no
    /// source condition for the execution role's trust, so none is written.
    ///
    /// See <https://docs.aws.amazon.com/lambda/latest/dg/lambda-intro-execution-role.html>.
    LambdaService => "lambda.amazonaws.com", account: false, source_arn: None;
    /// An ECS task's execution role or task role (`ExecutionRoleArn`, `TaskRoleArn`):
    /// `ecs-tasks.amazonaws.com`. No source condition is written: AWS documents them for task
    /// roles only, and the execution role is assumed by the container agent before the task runs.
    ///
    /// See <https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task_execution_IAM_role.html>.
    EcsTasksService => "ecs-tasks.amazonaws.com", account: false, source_arn: None;
    /// A Step Functions state machine's role (`RoleArn`): `states.amazonaws.com`, for this
    /// account's state machines in this Region (`aws:SourceAccount`, `aws:SourceArn`).
    ///
    /// See <https://docs.aws.amazon.com/step-functions/latest/dg/procedure-create-iam-role.html>.
    StatesService => "states.amazonaws.com", account: true,
        source_arn: Some("arn:${AWS::Partition}:states:${AWS::Region}:${AWS::AccountId}:stateMachine:*");
    /// An EventBridge rule target's role (`Targets[].RoleArn`): `events.amazonaws.com`, for this
    /// account's rules in this Region (`aws:SourceAccount`, `aws:SourceArn`).
    ///
    /// See <https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-use-identity-based.html>.
    EventsService => "events.amazonaws.com", account: true,
        source_arn: Some("arn:${AWS::Partition}:events:${AWS::Region}:${AWS::AccountId}:rule/*");
    /// RDS enhanced monitoring publishing OS metrics (`MonitoringRoleArn`):
    /// `monitoring.rds.amazonaws.com`.
    ///
    /// See <https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_Monitoring.OS.Enabling.html>.
    RdsMonitoringService => "monitoring.rds.amazonaws.com", account: false, source_arn: None;
    /// AWS Backup running a backup plan's jobs (`BackupSelection.IamRoleArn`):
    /// `backup.amazonaws.com`. AWS documents no source condition for this role's trust (AWS
    /// Backup's own default role, `AWSBackupDefaultServiceRole`, has none), so none is written.
    ///
    /// See <https://docs.aws.amazon.com/aws-backup/latest/devguide/iam-service-roles.html>.
    BackupService => "backup.amazonaws.com", account: false, source_arn: None;
}

/// The ARN of a role whose trust policy lets service `S` assume it (`Fn::GetAtt Role.Arn` of a
/// `secure::ServiceRole<S>`, feature `iam`).
#[derive(Debug, PartialEq)]
pub struct RoleArn<S> {
    node: Node,
    service: PhantomData<fn() -> S>,
}

impl<S> Clone for RoleArn<S> {
    fn clone(&self) -> Self {
        RoleArn { node: self.node.clone(), service: PhantomData }
    }
}

/// A role's ARN, whatever service it is for, is what a property naming a role by ARN takes.
impl<S> crate::refs::IsAttr<crate::refs::target::iam::Role, crate::refs::kind::Arn> for RoleArn<S> {
    fn into_attr(self) -> crate::refs::Attr<crate::refs::target::iam::Role, crate::refs::kind::Arn> {
        crate::refs::Attr::from_node(self.node)
    }
}

impl<S> RoleArn<S> {
    /// The ARN of a role built for `S` (the constructs that build one call this).
    pub(crate) fn from_node(node: Node) -> Self {
        RoleArn { node, service: PhantomData }
    }

    /// The ARN as a plain string value, for properties and policies that take any role ARN.
    pub fn value(&self) -> Value<String> {
        Value::from_node(self.node.clone())
    }
}

impl<S> From<RoleArn<S>> for Value<String> {
    fn from(arn: RoleArn<S>) -> Self {
        Value::from_node(arn.node)
    }
}

/// What a property that hands a role to service `S` accepts: the ARN of a `secure::ServiceRole<S>` (feature `iam`),
/// or an external role asserted to trust `S`.
///
/// Sealed: a role that does not trust the service deploys, and then the resource fails to create
/// or silently delivers nothing.
#[diagnostic::on_unimplemented(
    message = "this property hands the role to `{S}`, and `{Self}` is not a role whose trust policy lets `{S}` assume it",
    label = "not the ARN of a role trusted by `{S}`",
    note = "build the role for that service, add it and pass its ARN: `let role = template.add(\"Role\", ServiceRole::new({S}));` then `role.arn()`; a role defined outside this template may be asserted instead: `ExternalRole::from_arn(…).asserting_trust({S})`"
)]
pub trait AssumableBy<S>: sealed::Sealed {
    /// The ARN, as the node to write.
    #[doc(hidden)]
    fn into_role_node(self) -> Node;
}

impl<S> sealed::Sealed for RoleArn<S> {}

impl<S> AssumableBy<S> for RoleArn<S> {
    fn into_role_node(self) -> Node {
        self.node
    }
}

/// An IAM role that lives outside the template, by ARN.
#[derive(Debug, Clone, PartialEq)]
pub struct ExternalRole {
    arn: Node,
}

impl ExternalRole {
    /// The role with this ARN (a literal, a parameter's `Ref`, an `Fn::ImportValue`).
    pub fn from_arn(arn: impl Into<Value<String>>) -> Self {
        ExternalRole { arn: arn.into().into_node() }
    }

    /// Asserts that this role's trust policy lets `service` assume it. typed-cfn cannot check a
    /// role it does not build: this call is the greppable place where a person vouches for it.
    /// A role of the template given here is judged by the final-template check all the same.
    pub fn asserting_trust<S: AssumingService>(self, service: S) -> RoleArn<S> {
        let _ = service;
        RoleArn { node: self.arn, service: PhantomData }
    }
}
