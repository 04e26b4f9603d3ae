//! CloudWatch Logs and the keys of log groups: what seeds 000 and 004 failed on.
//!
//! For each log group with a `KmsKeyId`, the key is found in the template and its policy is
//! evaluated for the requests CloudWatch Logs makes when it encrypts the group: principal
//! `logs.<region>.amazonaws.com`, the data-key actions, the group's ARN as
//! `kms:EncryptionContext:aws:logs:arn`. (AWS's documented statement also puts that condition on
//! `kms:Describe*`, and works: `DescribeKey` is not demanded here.) A key outside the template
//! (an ARN, an import) is not judged.

use std::collections::HashMap;

use crate::check::resolve::{Deployment, Env};
use crate::check::{Findings, Rule};
use crate::identity::As;
use crate::node::{Node, NodeMap};
use crate::policy::eval::{self, Caller, Decision, Request};
use crate::reference::{By, ResourceRef, Target};
use crate::template::Template;

/// What CloudWatch Logs asks KMS for when it encrypts and reads a log group.
const LOGS_ACTIONS: [&str; 4] = ["kms:GenerateDataKey", "kms:Encrypt", "kms:Decrypt", "kms:ReEncryptFrom"];

/// An account that is not the deployment's (no template names it: it is not a real account).
const OTHER_ACCOUNT: &str = "000000000000";

/// The encryption-context key CloudWatch Logs sends: the log group's ARN.
const CONTEXT_KEY: &str = "kms:EncryptionContext:aws:logs:arn";

/// The fix for a key that does not let CloudWatch Logs in.
const GRANT_FIX: &str = "give the key the CloudWatch Logs statement: `KeyPolicy::grant_logs(LogsGrant::account_wide())` (a statement of its own for the regional principal `logs.${AWS::Region}.amazonaws.com`, with `kms:Encrypt`, `kms:Decrypt`, `kms:ReEncrypt*`, `kms:GenerateDataKey*`, `kms:CreateGrant`, `kms:DescribeKey` and an `ArnLike` condition on `kms:EncryptionContext:aws:logs:arn`)";

/// Where a log group's `KmsKeyId` points.
enum KeyTarget<'n> {
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

pub(super) fn check<'t>(template: &'t Template, env: &Env<'t>, findings: &mut Findings<'_>) {
    // Each key's policy, resolved once (KMS gives a key created without one its default policy).
    let policies: HashMap<&str, Node> = template
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
        .collect();
    for (id, decl) in &template.resources {
        if decl.resource_type == "AWS::Logs::LogGroup"
            && let Some(key) = decl.properties.get("KmsKeyId")
        {
            log_group_key(env, &policies, id, key, findings);
        }
        if is_key_type(&decl.resource_type)
            && let Some(policy) = decl.properties.get("KeyPolicy")
        {
            duplicate_sids(id, policy, findings);
            open_to_every_account(env, id, &policies[id.as_str()], findings);
        }
    }
}

fn is_key_type(resource_type: &str) -> bool {
    matches!(resource_type, "AWS::KMS::Key" | "AWS::KMS::ReplicaKey")
}

fn log_group_key(env: &Env<'_>, policies: &HashMap<&str, Node>, id: &str, key: &Node, findings: &mut Findings<'_>) {
    let template_key = |named: &ResourceRef| policies.get_key_value(named.logical_id.as_str()).map(|(id, _)| *id);
    match target(env, key) {
        KeyTarget::IdOf(named) => {
            let Some(key_id) = template_key(&named) else { return };
            findings.error_at(
                Rule::LogGroupKeyNotArn,
                id,
                vec![named],
                format!(
                    "`KmsKeyId` is `Ref {key_id}`, the key's ID; CloudWatch Logs takes only a key ARN and fails the deployment. Pass `key.arn()` (`Fn::GetAtt {key_id}.Arn`)"
                ),
            )
        }
        KeyTarget::NotArnOf(named, form) => {
            let Some(key_id) = template_key(&named) else { return };
            let written = env.text(key).unwrap_or_default();
            findings.error_at(
                Rule::LogGroupKeyNotArn,
                id,
                vec![named],
                format!(
                    "`KmsKeyId` names key `{key_id}` by {} (`{written}`), not by its ARN; CloudWatch Logs takes only a key ARN, not a key ID or an alias, and fails the deployment. Use the key's ARN: `Fn::GetAtt {key_id}.Arn` (`key.arn()`)",
                    form.what()
                ),
            )
        }
        KeyTarget::ArnOf(named) => {
            let Some(key_id) = template_key(&named) else { return };
            let group_arn = env.deployment.log_group_arn(&env.log_group_name(id, 0));
            if let Some((action, decision)) = refused(env, key_id, &policies[key_id], &group_arn) {
                let fix = match &decision {
                    Decision::Denied { .. } => "narrow the Deny so that it does not apply to AWS services (e.g. `\"BoolIfExists\": {\"aws:PrincipalIsAWSService\": \"false\"}`), or use another key".to_owned(),
                    Decision::NotAllowed { misses } if misses.iter().any(|m| m.reason.contains(CONTEXT_KEY)) => {
                        "name this log group in the key's grant (`LogsGrant::for_log_groups`), or grant every group of the account (`LogsGrant::account_wide()`)".to_owned()
                    }
                    _ => GRANT_FIX.to_owned(),
                };
                let name = group_arn.rsplit_once(":log-group:").map_or(group_arn.as_str(), |(_, name)| name);
                findings.error_at(
                    Rule::LogGroupKeyDeniesLogs,
                    id,
                    vec![named],
                    format!(
                        "CloudWatch Logs cannot use key `{key_id}` for log group `{name}`, so the deployment fails (\"The specified KMS key does not exist or is not allowed to be used with Arn …\"). KMS answers its `{action}` request: {decision}. To fix it, {fix}"
                    ),
                );
            }
        }
        KeyTarget::Text(text) if !is_key_arn(text) => findings.error(
            Rule::LogGroupKeyNotArn,
            id,
            format!(
                "`KmsKeyId` is `{text}`, which is not a key ARN (`arn:…:kms:<region>:<account>:key/<id>`); CloudWatch Logs takes only a key ARN, not a key ID or an alias, and fails the deployment"
            ),
        ),
        _ => {}
    }
}

fn target<'n>(env: &Env<'_>, key: &'n Node) -> KeyTarget<'n> {
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

fn is_key_arn(text: &str) -> bool {
    let parts: Vec<&str> = text.splitn(6, ':').collect();
    parts.len() == 6 && parts[0] == "arn" && parts[2] == "kms" && parts[5].starts_with("key/")
}

/// The first request of CloudWatch Logs for `group_arn` that the key policy does not allow.
fn refused(env: &Env<'_>, key_id: &str, policy: &Node, group_arn: &str) -> Option<(&'static str, Decision)> {
    let resolve = |node: &Node| env.text(node);
    LOGS_ACTIONS.into_iter().find_map(|action| {
        let decision = eval::evaluate(policy, &logs_request(&env.deployment, action, key_id, group_arn), &resolve);
        matches!(decision, Decision::Denied { .. } | Decision::NotAllowed { .. }).then_some((action, decision))
    })
}

fn logs_request(deployment: &Deployment, action: &str, key_id: &str, group_arn: &str) -> Request {
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

/// A key whose policy lets CloudWatch Logs use it for a log group of another account: the
/// statement lacks the encryption-context condition (seed 000's generic statement, or
/// `LogsGrant::for_log_groups` given no names).
fn open_to_every_account(env: &Env<'_>, key_id: &str, policy: &Node, findings: &mut Findings<'_>) {
    let Deployment { partition, region, .. } = &env.deployment;
    let foreign = format!("arn:{partition}:logs:{region}:{OTHER_ACCOUNT}:log-group:«another account's group»");
    let resolve = |node: &Node| env.text(node);
    let decision =
        eval::evaluate(policy, &logs_request(&env.deployment, "kms:GenerateDataKey", key_id, &foreign), &resolve);
    if let Decision::Allowed { statement } = decision {
        // AWS deploys it: a refusal in a scoped stack, a warning elsewhere (typed code cannot
        // write it: `KmsKey` refuses a grant that names no log group).
        findings.error_in_scope(
            Rule::LogsGrantWithoutContext,
            key_id,
            format!(
                "the key policy's {statement} lets CloudWatch Logs use the key for any account's log groups: it has no `ArnLike` condition on `kms:EncryptionContext:aws:logs:arn` (a confused-deputy risk, and not the statement AWS documents). Use `KeyPolicy::grant_logs(LogsGrant::account_wide())`, or `LogsGrant::for_log_groups` with at least one name"
            ),
        );
    }
}

/// Statements of one key policy that share a Sid: KMS refuses the policy.
fn duplicate_sids(key_id: &str, policy: &Node, findings: &mut Findings<'_>) {
    let Some(Node::List(statements)) = policy.as_map().and_then(|p| p.get("Statement")) else { return };
    let sids: Vec<&str> = statements.iter().filter_map(|s| s.as_map()?.get("Sid")?.as_str()).collect();
    for (i, sid) in sids.iter().enumerate() {
        // Reported once, at the second statement with the Sid.
        if sids[..i].iter().filter(|s| *s == sid).count() == 1 {
            findings.error(
                Rule::PolicyDuplicateSid,
                key_id,
                format!("two statements of the key policy have the Sid \"{sid}\"; KMS refuses the policy (MalformedPolicyDocument). Give each statement its own Sid, or merge them"),
            );
        }
    }
}

/// The policy KMS gives a key created without one: the account root may do everything.
fn default_key_policy(deployment: &Deployment) -> Node {
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
