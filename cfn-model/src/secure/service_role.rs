//! [`ServiceRole<S>`]: the `AWS::IAM::Role` whose trust policy lets exactly service `S` assume it,
//! and whose ARN is the [`RoleArn<S>`] the properties that hand a role to `S` require
//! ([`crate::secure::AssumableBy`]).

use std::marker::PhantomData;

use crate::intrinsics::sub_checked;
use crate::policy::{Statement, TrustPolicy};
use crate::proof::role::{AssumingService, RoleArn};
use crate::resources::iam::Role;
use crate::stack::{AllowedIn, Compliance};
use crate::template::handle::Handle;
use crate::template::resource::{Properties, Resource};
use crate::value::Value;

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

impl<S> crate::__private::ResourceSeal for ServiceRole<S> {}
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
    let policy =
        crate::resources::iam::Policy::new(crate::policy::IdentityPolicy::new(statements), name).roles([role.name()]);
    // The same grant made twice (`grant_read` called again for the same role) is the policy
    // already added, not a second resource under the same logical ID.
    let existing = template.resources().get(logical_id);
    if existing.is_some_and(|decl| {
        decl.resource_type == crate::resources::iam::Policy::TYPE
            && decl.properties.as_map() == policy.clone().into_properties().as_map()
    }) {
        return crate::__private::handle(logical_id);
    }
    template.add(logical_id, policy)
}

impl<S> crate::handle::HasAttributes for ServiceRole<S> {
    type Attributes = ServiceRoleAttributes<S>;
}

super::attribute_set! {
    /// `Fn::GetAtt` attributes of [`ServiceRole<S>`]: a `Handle<ServiceRole<S>>` dereferences to
    /// this.
    pub struct ServiceRoleAttributes<S>;
}

impl<S> ServiceRoleAttributes<S> {
    /// `Fn::GetAtt Role.Arn`, typed by the service the role trusts.
    pub fn arn(&self) -> RoleArn<S> {
        crate::__private::role_arn(self.0.get_att_node("Arn"))
    }

    /// `Fn::GetAtt Role.RoleId`.
    pub fn role_id(&self) -> Value<String> {
        self.0.get_att("RoleId")
    }

    /// `Ref Role`: the role's name, for `AWS::IAM::Policy.Roles`.
    pub fn name(&self) -> crate::refs::Attr<crate::refs::target::iam::Role, crate::refs::kind::RoleName> {
        crate::refs::Attr::from_node(self.0.ref_node())
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
impl crate::resources::ssm::ParameterAttributes {
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
        let this = crate::handle::AttributeSet::logical_id(self).as_str();
        let declared = template.resources().get(this).and_then(|p| p.properties.get("Name"));
        let name = declared.and_then(crate::node::Node::as_str).map(str::to_owned);
        let arns: Vec<Value<String>> = match name.as_deref() {
            Some(name) => vec![sub_checked(
                &format!("{PREFIX}/{}", name.trim_start_matches('/').replace("${", "${!")),
                Vec::new(),
            )],
            None => {
                let id = this;
                vec![
                    sub_checked(&format!("{PREFIX}/${{{id}}}"), Vec::new()),
                    sub_checked(&format!("{PREFIX}${{{id}}}"), Vec::new()),
                ]
            }
        };
        let mut read = Statement::allow([crate::__private::action("ssm:GetParameters")]).sid("ReadParameter");
        for arn in arns {
            read = read.resource(arn);
        }
        let id = format!("{this}Read{}", role.logical_id());
        let policy = attach_policy(template, &id, role, vec![read]);
        let reference = crate::refs::RefValue::from_ref(crate::handle::AttributeSet::logical_id(self).ref_node());
        SecretRead::new(reference, policy, role.arn())
    }
}
