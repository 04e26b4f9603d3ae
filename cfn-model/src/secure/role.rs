//! Roles whose type records the service that may assume them.
//!
//! A property that hands a role to a service (a function's `Role`, a flow log's
//! `DeliverLogsPermissionArn`, a trail's `CloudWatchLogsRoleArn`, a task's `ExecutionRoleArn`, …)
//! works only if the role's trust policy lets that service call `sts:AssumeRole`. A
//! [`ServiceRole<S>`] is built from the trust policy for service `S` and nothing else; its ARN,
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
}

/// The ARN of a role whose trust policy lets service `S` assume it (`Fn::GetAtt Role.Arn` of a
/// [`ServiceRole<S>`]).
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

/// What a property that hands a role to service `S` accepts: the ARN of a [`ServiceRole<S>`],
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

#[cfg(feature = "iam")]
#[cfg_attr(
    not(any(feature = "s3", feature = "secretsmanager", all(feature = "sqs", feature = "lambda"))),
    allow(unused_imports)
)]
pub(crate) use typed::attach_policy;
#[cfg(feature = "iam")]
pub use typed::{SecretRead, ServiceRole};

#[cfg(feature = "iam")]
mod typed {
    use super::*;
    use crate::resources::iam::Role;
    use crate::secure::stack::{AllowedIn, Compliance};
    use crate::template::handle::Handle;
    use crate::template::resource::{Properties, Resource};

    /// An `AWS::IAM::Role` whose trust policy lets exactly service `S` assume it (with the source
    /// conditions `S` documents), and whose type records `S`: `Handle<ServiceRole<S>>::arn` is a
    /// [`RoleArn<S>`], which the properties that hand a role to `S` require.
    ///
    /// ```
    /// use cfn_model::resources::lambda::{Function, function};
    /// use cfn_model::secure::{LambdaService, ServiceRole};
    /// use cfn_model::Template;
    ///
    /// let mut t = Template::new();
    /// let role = t.add("WorkerRole", ServiceRole::new(LambdaService).configure(|r| r.description("Runs the worker")));
    /// let code = function::Code::new().zip_file("exports.handler = async () => {};");
    /// t.add("Worker", Function::new(code, role.arn()).runtime(function::Runtime::Nodejs22X).handler("index.handler"));
    /// ```
    #[derive(Debug, Clone, PartialEq)]
    pub struct ServiceRole<S> {
        inner: Role,
        trust: TrustPolicy,
        service: PhantomData<fn() -> S>,
    }

    impl<S: AssumingService> ServiceRole<S> {
        /// A role that `service` may assume, and nobody else.
        pub fn new(service: S) -> Self {
            let trust = service.trust_policy();
            ServiceRole { inner: Role::new(trust.clone()), trust, service: PhantomData }
        }
    }

    impl<S> ServiceRole<S> {
        /// Sets any other property through the generated type (description, policies, managed
        /// policies, tags). The trust policy stays as built: one set here is refused when the
        /// template is validated.
        pub fn configure(self, f: impl FnOnce(Role) -> Role) -> Self {
            ServiceRole { inner: f(self.inner), ..self }
        }

        /// The trust policy.
        pub fn trust(&self) -> &TrustPolicy {
            &self.trust
        }
    }

    /// Why a service role keeps its trust policy.
    const TRUST_PIN: &str = "the service role was built with the trust policy of the service its type records; build a `ServiceRole` for another service instead of changing it in `configure`";

    /// `Ref` gives a role's name.
    impl<S> crate::refs::Referable for ServiceRole<S> {
        type Ref = <crate::resources::iam::Role as crate::refs::Referable>::Ref;
    }

    impl<S> Resource for ServiceRole<S> {
        const TYPE: &'static str = Role::TYPE;
        const TAGGING: crate::Tagging = Role::TAGGING;

        fn into_properties(self) -> Properties {
            let mut properties = self.inner.into_properties();
            crate::secure::guarantee(&mut properties, [("AssumeRolePolicyDocument", self.trust.to_node())], TRUST_PIN);
            properties
        }
    }

    impl<S> crate::template::resource::sealed::Sealed for ServiceRole<S> {}
    impl<C: Compliance, S> AllowedIn<C> for ServiceRole<S> {}

    /// Adds an `AWS::IAM::Policy` `logical_id` (named `${AWS::StackName}-<logical_id>`) with
    /// `statements`, attached to `role`: how the wiring methods give a role exactly the access
    /// they set up.
    #[cfg_attr(
        not(any(feature = "s3", feature = "secretsmanager", all(feature = "sqs", feature = "lambda"))),
        allow(dead_code)
    )]
    pub(crate) fn attach_policy<S>(
        template: &mut crate::template::Template,
        logical_id: &str,
        role: &Handle<ServiceRole<S>>,
        statements: Vec<Statement>,
    ) -> Handle<crate::resources::iam::Policy> {
        let name = sub_checked(&format!("${{AWS::StackName}}-{logical_id}"), Vec::new());
        let policy = crate::resources::iam::Policy::new(crate::policy::IdentityPolicy::new(statements), name)
            .roles([role.name()]);
        // The same grant made twice (`grant_read` called again for the same role) is the policy
        // already added, not a second resource under the same logical ID.
        let existing = template.resources.get(logical_id);
        if existing.is_some_and(|decl| {
            decl.resource_type == crate::resources::iam::Policy::TYPE
                && decl.properties.as_map() == policy.clone().into_properties().as_map()
        }) {
            return Handle::new(logical_id);
        }
        template.add(logical_id, policy)
    }

    impl<S> Handle<ServiceRole<S>> {
        /// `Fn::GetAtt Role.Arn`, typed by the service the role trusts.
        pub fn arn(&self) -> RoleArn<S> {
            RoleArn { node: self.get_att::<String>("Arn").into_node(), service: PhantomData }
        }

        /// `Fn::GetAtt Role.RoleId`.
        pub fn role_id(&self) -> Value<String> {
            self.get_att("RoleId")
        }

        /// `Ref Role`: the role's name, for `AWS::IAM::Policy.Roles`.
        pub fn name(&self) -> crate::refs::Attr<crate::refs::target::iam::Role, crate::refs::kind::RoleName> {
            self.reference()
        }
    }

    /// A role's permission to read one secret value — a Secrets Manager secret
    /// (`DatabaseCredentials::grant_read`) or a Parameter Store parameter
    /// (`Handle<ssm::Parameter>::grant_read`) — and the proof a container secret is taken from.
    #[derive(Debug, Clone, PartialEq)]
    pub struct SecretRead<S> {
        /// What a container's `ValueFrom` names: the secret's ARN, or the parameter's name.
        value_from: Value<String>,
        policy: Handle<crate::resources::iam::Policy>,
        role: RoleArn<S>,
    }

    impl<S> SecretRead<S> {
        #[cfg_attr(not(any(feature = "secretsmanager", feature = "ssm")), allow(dead_code))]
        pub(crate) fn new(
            value_from: Value<String>,
            policy: Handle<crate::resources::iam::Policy>,
            role: RoleArn<S>,
        ) -> Self {
            SecretRead { value_from, policy, role }
        }

        /// The policy that grants the read, for `DependsOn`.
        pub fn policy(&self) -> &Handle<crate::resources::iam::Policy> {
            &self.policy
        }

        /// The role that may read the secret.
        pub fn role(&self) -> RoleArn<S> {
            self.role.clone()
        }
    }

    #[cfg(feature = "ecs")]
    impl SecretRead<crate::secure::EcsTasksService> {
        /// The secret as an ECS container's secret `name`: `ValueFrom` is the secret's ARN (the
        /// container sees its JSON) or the parameter's name (same Region). ECS fetches it with the
        /// task's execution role, which must be the role this read was granted to: pass
        /// [`SecretRead::role`] to `execution_role_arn`. A task whose execution role cannot read it
        /// is refused when the template is emitted.
        ///
        /// See <https://docs.aws.amazon.com/AmazonECS/latest/developerguide/secrets-envvar-secrets-manager.html>
        /// and <https://docs.aws.amazon.com/AmazonECS/latest/developerguide/secrets-envvar-ssm-paramstore.html>.
        pub fn container_secret(&self, name: &str) -> crate::resources::ecs::task_definition::Secret {
            crate::resources::ecs::task_definition::Secret::new(name, self.value_from.clone())
        }
    }

    #[cfg(feature = "ssm")]
    impl Handle<crate::resources::ssm::Parameter> {
        /// Lets `role` read this Parameter Store parameter, and nothing else: adds the
        /// `AWS::IAM::Policy` `<parameter>Read<role>` allowing `ssm:GetParameters` on it. Its ARN
        /// is `…:parameter/<name>` whether or not the name starts with `/`: for a literal `Name`
        /// the one ARN is written; for a name given by an intrinsic or generated by
        /// CloudFormation, both spellings are, one of which is the parameter.
        /// What it gives back proves the grant: an ECS task's container secret is taken from it
        /// ([`SecretRead::container_secret`], feature `ecs`).
        ///
        /// See <https://docs.aws.amazon.com/systems-manager/latest/userguide/sysman-paramstore-access.html>.
        pub fn grant_read<S>(
            &self,
            template: &mut crate::template::Template,
            role: &Handle<ServiceRole<S>>,
        ) -> SecretRead<S> {
            const PREFIX: &str = "arn:${AWS::Partition}:ssm:${AWS::Region}:${AWS::AccountId}:parameter";
            let declared = template.resources.get(self.logical_id()).and_then(|p| p.properties.get("Name"));
            let name = declared.and_then(Node::as_str).map(str::to_owned);
            let arns: Vec<Value<String>> = match name.as_deref() {
                Some(name) => vec![sub_checked(
                    &format!("{PREFIX}/{}", name.trim_start_matches('/').replace("${", "${!")),
                    Vec::new(),
                )],
                None => {
                    let id = self.logical_id();
                    vec![
                        sub_checked(&format!("{PREFIX}/${{{id}}}"), Vec::new()),
                        sub_checked(&format!("{PREFIX}${{{id}}}"), Vec::new()),
                    ]
                }
            };
            let mut read = Statement::allow([Action::checked("ssm:GetParameters")]).sid("ReadParameter");
            for arn in arns {
                read = read.resource(arn);
            }
            let id = format!("{}Read{}", self.logical_id(), role.logical_id());
            let policy = attach_policy(template, &id, role, vec![read]);
            SecretRead::new(self.reference(), policy, role.arn())
        }
    }
}
