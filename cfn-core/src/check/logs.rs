//! The keys of the template and what CloudWatch Logs asks of them, shared by the rules on log
//! groups' keys (`log-group-key-not-arn`, `log-group-key-denies-logs`,
//! `logs-grant-without-context`) and on key policies (`policy-duplicate-sid`).
//!
//! For each log group with a `KmsKeyId`, the key is found in the template and its policy is
//! evaluated for the requests CloudWatch Logs makes when it encrypts the group: principal
//! `logs.<region>.amazonaws.com`, the data-key actions, the group's ARN as
//! `kms:EncryptionContext:aws:logs:arn`. (AWS's documented statement also puts that condition on
//! `kms:Describe*`, and works: `DescribeKey` is not demanded here.) A key outside the template
//! (an ARN, an import) is not judged.

use std::collections::HashMap;

use crate::check::resolve::{Deployment, Env};
use crate::identity::As;
use crate::node::{Node, NodeMap};
use crate::policy::eval::{self, Caller, Decision, Request};
use crate::reference::{By, ResourceRef, Target};
use crate::template::Template;

/// What CloudWatch Logs asks KMS for when it encrypts and reads a log group.
pub(crate) const LOGS_ACTIONS: [&str; 4] = ["kms:GenerateDataKey", "kms:Encrypt", "kms:Decrypt", "kms:ReEncryptFrom"];

/// An account that is not the deployment's (no template names it: it is not a real account).
pub(crate) const OTHER_ACCOUNT: &str = "000000000000";

/// The encryption-context key CloudWatch Logs sends: the log group's ARN.
pub(crate) const CONTEXT_KEY: &str = "kms:EncryptionContext:aws:logs:arn";

/// The fix for a key that does not let CloudWatch Logs in.
pub(crate) const GRANT_FIX: &str = "give the key the CloudWatch Logs statement⟦: `KeyPolicy::grant_logs(LogsGrant::account_wide())`⟧ (a statement of its own for the regional principal `logs.${AWS::Region}.amazonaws.com`, with `kms:Encrypt`, `kms:Decrypt`, `kms:ReEncrypt*`, `kms:GenerateDataKey*`, `kms:CreateGrant`, `kms:DescribeKey` and an `ArnLike` condition on `kms:EncryptionContext:aws:logs:arn`)";

/// Where a log group's `KmsKeyId` points.
pub(crate) enum KeyTarget<'n> {
    /// `Fn::GetAtt Key.Arn` (or `${Key.Arn}`) of a key in the template.
    ArnOf(ResourceRef),
    /// `Ref Key` (or `${Key}`): the key ID of a key in the template.
    IdOf(ResourceRef),
    /// A key of the template named by an alias of it (`alias/<name>` or the alias's ARN, of an
    /// `AWS::KMS::Alias` of the template), or by its ID built as text: not its ARN.
    NotArnOf(ResourceRef, As),
    /// Literal text.
    Text(&'n str),
    /// Anything else: a parameter, an import, a condition, another attribute.
    Elsewhere,
}

/// Each key's policy, resolved once (KMS gives a key created without one its default policy), by
/// logical ID.
pub(crate) fn key_policies<'t>(template: &'t Template, env: &Env<'t>) -> HashMap<&'t str, Node> {
    template
        .resources
        .iter()
        .filter(|(_, decl)| is_key_type(&decl.resource_type))
        .map(|(id, decl)| {
            let policy = decl
                .properties
                .get("KeyPolicy")
                .map_or_else(|| default_key_policy(&env.deployment), |policy| env.resolve_all(policy));
            (id.as_str(), policy)
        })
        .collect()
}

/// A log group of the template that names a key in `KmsKeyId`, and where the key points.
pub(crate) struct GroupKey<'t> {
    /// The log group's logical ID.
    pub(crate) group: &'t str,
    /// Its `KmsKeyId` as written.
    pub(crate) key: &'t Node,
    /// Where that points.
    pub(crate) target: KeyTarget<'t>,
    /// The key's logical ID when it is a key of the template (one of `policies`).
    pub(crate) key_id: Option<&'t str>,
}

/// Every log group of the template with a `KmsKeyId`, in the template's order: what the rules on
/// log groups' keys walk.
pub(crate) fn group_keys<'t, 'e>(
    template: &'t Template,
    env: &'e Env<'t>,
    policies: &'e HashMap<&'t str, Node>,
) -> impl Iterator<Item = GroupKey<'t>> + 'e
where
    't: 'e,
{
    template.resources.iter().filter(|(_, decl)| decl.resource_type == "AWS::Logs::LogGroup").filter_map(
        move |(group, decl)| {
            let key = decl.properties.get("KmsKeyId")?;
            let target = target(env, key);
            let named = match &target {
                KeyTarget::ArnOf(named) | KeyTarget::IdOf(named) | KeyTarget::NotArnOf(named, _) => Some(named),
                KeyTarget::Text(_) | KeyTarget::Elsewhere => None,
            };
            let key_id = named.and_then(|named| policies.get_key_value(named.logical_id.as_str()).map(|(id, _)| *id));
            Some(GroupKey { group, key, target, key_id })
        },
    )
}

pub(crate) fn is_key_type(resource_type: &str) -> bool {
    matches!(resource_type, "AWS::KMS::Key" | "AWS::KMS::ReplicaKey")
}

pub(crate) fn target<'n>(env: &Env<'_>, key: &'n Node) -> KeyTarget<'n> {
    // A key of the template, however named: `Ref`, `Fn::GetAtt`, an ARN or ID built as text, an
    // alias of the template's `AWS::KMS::Alias`.
    let found = ["AWS::KMS::Key", "AWS::KMS::ReplicaKey"].into_iter().find_map(|t| env.named_whole(key, t));
    let Some((key_id, form)) = found else {
        return match key {
            Node::String(text) => KeyTarget::Text(text),
            _ => KeyTarget::Elsewhere,
        };
    };
    let named = match env.target(key) {
        Target::Resource(named) if named.logical_id == key_id => named,
        _ => ResourceRef {
            logical_id: key_id.to_owned(),
            attribute: env.attribute_for(key_id, "AWS::KMS::Key", form.clone()),
            by: By::Value(form.clone()),
        },
    };
    match form {
        As::Arn => KeyTarget::ArnOf(named),
        As::Id if matches!(named.by, By::Ref) => KeyTarget::IdOf(named),
        As::Id | As::AliasName | As::AliasArn => KeyTarget::NotArnOf(named, form),
        _ => KeyTarget::Elsewhere,
    }
}

pub(crate) fn is_key_arn(text: &str) -> bool {
    let parts: Vec<&str> = text.splitn(6, ':').collect();
    parts.len() == 6 && parts[0] == "arn" && parts[2] == "kms" && parts[5].starts_with("key/")
}

/// The first request of CloudWatch Logs for `group_arn` that the key policy does not allow.
pub(crate) fn refused(env: &Env<'_>, key_id: &str, policy: &Node, group_arn: &str) -> Option<(&'static str, Decision)> {
    let resolve = |node: &Node| env.text(node);
    LOGS_ACTIONS.into_iter().find_map(|action| {
        let decision = eval::evaluate(policy, &logs_request(&env.deployment, action, key_id, group_arn), &resolve);
        matches!(decision, Decision::Denied { .. } | Decision::NotAllowed { .. }).then_some((action, decision))
    })
}

pub(crate) fn logs_request(deployment: &Deployment, action: &str, key_id: &str, group_arn: &str) -> Request {
    Request {
        caller: Caller::Service(format!("logs.{}.amazonaws.com", deployment.region)),
        action: action.to_owned(),
        resource: deployment.key_arn(key_id),
        context: vec![
            (CONTEXT_KEY.to_owned(), group_arn.to_owned()),
            ("aws:PrincipalIsAWSService".to_owned(), "true".to_owned()),
        ],
    }
}

/// The policy KMS gives a key created without one: the account root may do everything.
pub(crate) fn default_key_policy(deployment: &Deployment) -> Node {
    let mut principal = NodeMap::new();
    principal.insert(
        "AWS".to_owned(),
        Node::string(format!("arn:{}:iam::{}:root", deployment.partition, deployment.account)),
    );
    let mut statement = NodeMap::new();
    statement.insert("Sid".to_owned(), Node::string("Enable IAM User Permissions (the default key policy)"));
    statement.insert("Effect".to_owned(), Node::string("Allow"));
    statement.insert("Principal".to_owned(), Node::Map(principal));
    statement.insert("Action".to_owned(), Node::string("kms:*"));
    statement.insert("Resource".to_owned(), Node::string("*"));
    let mut policy = NodeMap::new();
    policy.insert("Version".to_owned(), Node::string("2012-10-17"));
    policy.insert("Statement".to_owned(), Node::List(vec![Node::Map(statement)]));
    Node::Map(policy)
}

/// A key and a log group encrypted with it: `policy` is the key's `KeyPolicy` lines (or empty for
/// KMS's default policy), `key` the group's `KmsKeyId`.
#[cfg(test)]
pub(crate) fn key_and_group(policy: &str, key: &str) -> String {
    format!(
        "Resources:\n  Key:\n    Type: AWS::KMS::Key\n{policy}  Group:\n    Type: AWS::Logs::LogGroup\n    Properties:\n      LogGroupName: orders\n      KmsKeyId: {key}\n"
    )
}

/// A key policy: the account root, and CloudWatch Logs under `condition` (YAML flow map, or empty).
#[cfg(test)]
pub(crate) fn policy_with_logs(condition: &str) -> String {
    let condition = if condition.is_empty() { String::new() } else { format!("\n            Condition: {condition}") };
    format!(
        "    Properties:\n      KeyPolicy:\n        Version: '2012-10-17'\n        Statement:\n          - Sid: Root\n            Effect: Allow\n            Principal: {{AWS: !Sub 'arn:${{AWS::Partition}}:iam::${{AWS::AccountId}}:root'}}\n            Action: kms:*\n            Resource: '*'\n          - Sid: Logs\n            Effect: Allow\n            Principal: {{Service: !Sub 'logs.${{AWS::Region}}.amazonaws.com'}}\n            Action: [kms:Encrypt*, kms:Decrypt*, kms:ReEncrypt*, kms:GenerateDataKey*, kms:Describe*]\n            Resource: '*'{condition}\n"
    )
}
