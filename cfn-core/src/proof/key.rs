//! Customer-managed KMS keys whose policy type records the services they grant.

use std::marker::PhantomData;

use crate::node::Node;
use crate::policy::{Action, Operator, Principal, Statement, WithPrincipal, document};
use crate::proof::grants::{AddGrant, Grant, LambdaGrant, LogsGrant, NoGrants, RdsGrant, S3Grant, SecretsManagerGrant};
use crate::template::handle::Handle;
use crate::template::resource::{Properties, Resource};
use crate::value::Value;

/// Who administers the key.
#[derive(Debug, Clone, PartialEq)]
enum Administration {
    /// The account root: IAM policies in the account decide (AWS's default key policy).
    AccountRoot,
    /// Only these principals may administer the key (and nobody may use it but the grants).
    Named(Vec<Node>),
}

/// The actions of AWS's default key administrator statement.
const ADMIN_ACTIONS: [&str; 14] = [
    "kms:Create*",
    "kms:Describe*",
    "kms:Enable*",
    "kms:List*",
    "kms:Put*",
    "kms:Update*",
    "kms:Revoke*",
    "kms:Disable*",
    "kms:Get*",
    "kms:Delete*",
    "kms:TagResource",
    "kms:UntagResource",
    "kms:ScheduleKeyDeletion",
    "kms:CancelKeyDeletion",
];

/// A key policy whose type records the service grants it holds: `KeyPolicy<Grants<LogsGrant>>`
/// grants CloudWatch Logs. Build it with [`KeyPolicy::account_root`] or
/// [`KeyPolicy::administrators`], then [`KeyPolicy::grant`] (or a shorthand such as
/// [`KeyPolicy::grant_logs`]) once per service.
#[derive(Debug, Clone, PartialEq)]
pub struct KeyPolicy<G = NoGrants> {
    administration: Administration,
    grants: Vec<Statement<WithPrincipal>>,
    /// The CloudWatch Logs grant so far and its place in `grants`: a second `grant_logs` adds
    /// its log groups to the one statement (KMS refuses two statements with one Sid).
    logs: Option<(usize, LogsGrant)>,
    extra: Vec<Statement<WithPrincipal>>,
    kind: PhantomData<fn() -> G>,
}

impl KeyPolicy<NoGrants> {
    /// AWS's default: the account root may do everything with the key
    /// (`arn:${AWS::Partition}:iam::${AWS::AccountId}:root`, `kms:*`), so IAM policies decide.
    pub fn account_root() -> Self {
        KeyPolicy {
            administration: Administration::AccountRoot,
            grants: Vec::new(),
            logs: None,
            extra: Vec::new(),
            kind: PhantomData,
        }
    }

    /// Only the named principals (role or user ARNs) administer the key; the root statement is
    /// left out. Include the role that deploys the stack, or CloudFormation cannot create the
    /// key (KMS refuses a policy that locks its creator out).
    pub fn administrators<V: Into<Value<String>>>(arns: impl IntoIterator<Item = V>) -> Self {
        let arns = arns.into_iter().map(|a| a.into().into_node()).collect();
        KeyPolicy {
            administration: Administration::Named(arns),
            grants: Vec::new(),
            logs: None,
            extra: Vec::new(),
            kind: PhantomData,
        }
    }
}

impl<G> KeyPolicy<G> {
    /// Adds `grant`'s statement, once: granting a service twice leaves one statement, and a
    /// second CloudWatch Logs grant adds its log groups to the first (KMS refuses two statements
    /// with one Sid). The policy's type then records the grant: `HasGrant<T>` holds for it.
    pub fn grant<T: Grant>(mut self, grant: T) -> KeyPolicy<<G as AddGrant<T>>::With>
    where
        G: AddGrant<T>,
    {
        if let Some(logs) = grant.as_logs() {
            let (at, merged) = match self.logs.take() {
                Some((at, earlier)) => (at, earlier.and(logs.clone())),
                None => (self.grants.len(), logs.clone()),
            };
            let statement = merged.statement();
            if at < self.grants.len() {
                self.grants[at] = statement;
            } else {
                self.grants.push(statement);
            }
            self.logs = Some((at, merged));
        } else {
            for statement in std::iter::once(grant.statement()).chain(grant.more_statements()) {
                if !self.grants.contains(&statement) {
                    self.grants.push(statement);
                }
            }
        }
        KeyPolicy {
            administration: self.administration,
            grants: self.grants,
            logs: self.logs,
            extra: self.extra,
            kind: PhantomData,
        }
    }

    /// Lets CloudWatch Logs encrypt log groups with the key (see [`LogsGrant`]). Called again,
    /// it adds the log groups to the one CloudWatch Logs statement.
    pub fn grant_logs(self, grant: LogsGrant) -> KeyPolicy<<G as AddGrant<LogsGrant>>::With>
    where
        G: AddGrant<LogsGrant>,
    {
        self.grant(grant)
    }

    /// Lets RDS and Aurora use the key (see [`RdsGrant`]).
    pub fn grant_rds(self) -> KeyPolicy<<G as AddGrant<RdsGrant>>::With>
    where
        G: AddGrant<RdsGrant>,
    {
        self.grant(RdsGrant)
    }

    /// Lets S3 use the key for SSE-KMS (see [`S3Grant`]).
    pub fn grant_s3(self) -> KeyPolicy<<G as AddGrant<S3Grant>>::With>
    where
        G: AddGrant<S3Grant>,
    {
        self.grant(S3Grant)
    }

    /// Lets Lambda encrypt environment variables with the key (see [`LambdaGrant`]).
    pub fn grant_lambda(self) -> KeyPolicy<<G as AddGrant<LambdaGrant>>::With>
    where
        G: AddGrant<LambdaGrant>,
    {
        self.grant(LambdaGrant)
    }

    /// Lets Secrets Manager encrypt secrets with the key (see [`SecretsManagerGrant`]).
    pub fn grant_secrets_manager(self) -> KeyPolicy<<G as AddGrant<SecretsManagerGrant>>::With>
    where
        G: AddGrant<SecretsManagerGrant>,
    {
        self.grant(SecretsManagerGrant)
    }

    /// Adds a statement of your own, e.g. for a role that uses the key directly. A statement
    /// for CloudWatch Logs cannot be written this way: there is no principal for it outside
    /// [`LogsGrant`].
    pub fn statement(mut self, statement: Statement<WithPrincipal>) -> Self {
        self.extra.push(statement);
        self
    }

    /// The policy document.
    pub fn to_node(&self) -> Node {
        let admin = match &self.administration {
            Administration::AccountRoot => Statement::allow([Action::checked("kms:*")])
                .sid("Enable IAM User Permissions")
                .principal(Principal::account_root())
                .any_resource(),
            Administration::Named(arns) => Statement::allow(ADMIN_ACTIONS.map(Action::checked))
                .sid("Allow key administrators")
                .principal(Principal::aws(arns.iter().cloned().map(Value::<String>::from_node)))
                .any_resource(),
        };
        let grants_for_aws_only = grants_for_aws_resources_only();
        let statements =
            std::iter::once(&admin).chain(&self.grants).chain(&self.extra).chain(std::iter::once(&grants_for_aws_only));
        document(statements.map(Statement::to_node))
    }
}

/// Denies `kms:CreateGrant` unless the grant is for an AWS resource or an AWS service asks: the
/// services that use the key (RDS, Lambda, CloudWatch Logs, …) create their grants that way,
/// and nobody else needs one (AWS Control Tower CT.KMS.PR.3). Written last in every key policy.
fn grants_for_aws_resources_only() -> Statement<WithPrincipal> {
    Statement::deny([Action::checked("kms:CreateGrant")])
        .sid("Deny grants except for AWS resources")
        .principal(Principal::everyone())
        .any_resource()
        .condition(Operator::Bool.if_exists(), "kms:GrantIsForAWSResource", "false")
        .condition(Operator::Bool.if_exists(), "aws:PrincipalIsAWSService", "false")
}

/// A customer-managed KMS key (`AWS::KMS::Key`) whose type carries its policy's grants.
/// Rotation is always on (PCI DSS 3.6.4, HIPAA key management); the period is adjustable.
#[derive(Debug, Clone, PartialEq)]
pub struct KmsKey<G = NoGrants> {
    policy: KeyPolicy<G>,
    description: Option<Node>,
    rotation_period_in_days: Option<Node>,
    pending_window_in_days: Option<Node>,
    tags: Option<Node>,
}

impl<G> KmsKey<G> {
    /// A symmetric encryption key with this policy, yearly rotation on.
    pub fn new(policy: KeyPolicy<G>) -> Self {
        KmsKey { policy, description: None, rotation_period_in_days: None, pending_window_in_days: None, tags: None }
    }

    /// `Description`.
    pub fn description(mut self, text: impl Into<Value<String>>) -> Self {
        self.description = Some(text.into().into_node());
        self
    }

    /// `RotationPeriodInDays` (90 to 2560; the default is 365).
    pub fn rotation_period_in_days(mut self, days: impl Into<Value<i64>>) -> Self {
        self.rotation_period_in_days = Some(days.into().into_node());
        self
    }

    /// `PendingWindowInDays`: days between scheduling deletion and deleting (7 to 30).
    pub fn pending_window_in_days(mut self, days: impl Into<Value<i64>>) -> Self {
        self.pending_window_in_days = Some(days.into().into_node());
        self
    }

    /// `Tags`.
    pub fn tags<K: Into<String>, V: Into<Value<String>>>(mut self, tags: impl IntoIterator<Item = (K, V)>) -> Self {
        self.tags = Some(crate::template::resource::tags_node(tags));
        self
    }

    /// The key policy.
    pub fn policy(&self) -> &KeyPolicy<G> {
        &self.policy
    }
}

/// `Ref` gives what it gives for `kms::Key`: the key's ID.
impl<G> crate::refs::Referable for KmsKey<G> {
    type Ref = crate::refs::Attr<crate::refs::target::kms::Key, crate::refs::kind::KeyId>;
}

impl<G> crate::handle::HasAttributes for KmsKey<G> {
    type Attributes = crate::handle::NoAttributes;
}

impl<G> Resource for KmsKey<G> {
    const TYPE: &'static str = "AWS::KMS::Key";
    const TAGGING: crate::Tagging = crate::Tagging::KeyValueList;

    fn into_properties(self) -> Properties {
        let mut properties = Properties::new();
        if self.policy.logs.as_ref().is_some_and(|(_, grant)| grant.names_no_log_group()) {
            properties.refuse(
                "the key's CloudWatch Logs grant names no log group, so it would have no encryption-context condition and let any account's log groups use the key: give `LogsGrant::for_log_groups` at least one name, or use `LogsGrant::account_wide()`".to_owned(),
            );
        }
        let optional = [
            ("Description", self.description),
            ("EnableKeyRotation", Some(Node::Bool(true))),
            ("RotationPeriodInDays", self.rotation_period_in_days),
            ("PendingWindowInDays", self.pending_window_in_days),
            ("KeyPolicy", Some(self.policy.to_node())),
            ("Tags", self.tags),
        ];
        for (name, value) in optional {
            if let Some(value) = value {
                properties.set(name, value);
            }
        }
        properties
    }
}

impl<G> crate::template::resource::sealed::Sealed for KmsKey<G> {}

/// The ARN of a key in this template (`Fn::GetAtt Key.Arn`), typed by its policy's grants; or of
/// a key outside it whose grants were asserted ([`ExternalKey::asserting_s3_grant`]).
///
/// [`ExternalKey::asserting_s3_grant`]: crate::proof::external_key::ExternalKey::asserting_s3_grant
#[derive(Debug, Clone, PartialEq)]
pub struct KeyArn<G> {
    node: Node,
    kind: PhantomData<fn() -> G>,
}

/// A key's ARN, whatever its grants, is what a property naming a key by ARN takes.
impl<G> crate::refs::IsAttr<crate::refs::target::kms::Key, crate::refs::kind::Arn> for KeyArn<G> {
    fn into_attr(self) -> crate::refs::Attr<crate::refs::target::kms::Key, crate::refs::kind::Arn> {
        crate::refs::Attr::from_node(self.into_node())
    }
}

impl<G> KeyArn<G> {
    /// The ARN of a key outside the template whose grants `G` a person asserted
    /// ([`crate::proof::external_key::ExternalKey`]).
    pub(crate) fn asserted(node: Node) -> Self {
        KeyArn { node, kind: PhantomData }
    }

    /// The ARN as a plain string value, for properties that take any key ARN.
    pub fn value(&self) -> Value<String> {
        Value::from_node(self.node.clone())
    }

    #[doc(hidden)]
    pub fn into_node(self) -> Node {
        self.node
    }
}

impl<G> From<KeyArn<G>> for Value<String> {
    fn from(arn: KeyArn<G>) -> Self {
        Value::from_node(arn.node)
    }
}

impl<G> Handle<KmsKey<G>> {
    /// `Fn::GetAtt Key.Arn`, typed by the key's grants.
    pub fn arn(&self) -> KeyArn<G> {
        KeyArn { node: self.get_att::<String>("Arn").into_node(), kind: PhantomData }
    }

    /// `Ref Key`: the key ID. Properties that need the ARN (a log group's `KmsKeyId`) do not
    /// accept it.
    pub fn key_id(&self) -> crate::refs::Attr<crate::refs::target::kms::Key, crate::refs::kind::KeyId> {
        self.reference()
    }
}
