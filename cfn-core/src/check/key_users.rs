//! Principals of the account that use a key for a service: a Lambda function reading an
//! encrypted queue or stream (its role decrypts the records, through SQS or Kinesis), a Firehose
//! delivery stream writing into an encrypted bucket (its role writes and asks for data keys,
//! through S3) or reading an encrypted stream, an ECS task fetching its secrets from Secrets
//! Manager or Parameter Store (its execution role), and Auto Scaling launching
//! instances whose volumes are encrypted with a customer key (its service-linked role creates the
//! grant and the data keys). Neither is a service principal: the key policy decides either by
//! naming the role, or by delegating to IAM through the account root statement — and then the
//! role's own policies must allow it. Auto Scaling's service-linked role has only AWS's policy,
//! which grants nothing on customer keys: only a key statement naming it lets it in.

use crate::check::TemplateFix;
use crate::check::fixes::{self, get_att, map, ref_to};
use crate::check::logs::default_key_policy;
use crate::check::resolve::{Env, referenced};
use crate::node::{Node, NodeMap};
use crate::policy::eval::{self, Caller, Decision, Request};
use crate::template::Template;

/// The logical ID of a resource of `resource_type` that `node` names, by any attribute.
pub(crate) fn named<'t>(env: &Env<'t>, node: &Node, resource_type: &str) -> Option<&'t str> {
    referenced(env, node, resource_type).map(|(id, _)| id)
}

/// The key policy of key `key_id` of the template, resolved: the template's `KeyPolicy`, or the
/// default policy KMS gives a key created without one (the account root may do everything, so
/// IAM policies decide). `None` when `key_id` is not a key of the template.
/// <https://docs.aws.amazon.com/kms/latest/developerguide/key-policy-default.html>
pub(crate) fn key_policy<'t>(template: &'t Template, env: &Env<'t>, key_id: &str) -> Option<Node> {
    let key = template.resources.get(key_id)?;
    Some(
        key.properties
            .get("KeyPolicy")
            .map_or_else(|| default_key_policy(&env.deployment), |policy| env.resolve_all(policy)),
    )
}

/// `policy` without the statements whose only principal is the account (its root or its ID):
/// what a key lets in by name, without delegating to IAM.
pub(crate) fn without_account_statements(policy: &Node, account: &str) -> Node {
    let Some(map) = policy.as_map() else { return policy.clone() };
    let Some(Node::List(statements)) = map.get("Statement") else { return policy.clone() };
    let is_account = |name: &str| name == account || name.ends_with(&format!(":iam::{account}:root"));
    let kept: Vec<Node> = statements
        .iter()
        .filter(|statement| {
            let principal =
                statement.as_map().and_then(|s| s.get("Principal")).and_then(Node::as_map).and_then(|p| p.get("AWS"));
            let names: Vec<&str> = match principal {
                Some(Node::String(one)) => vec![one.as_str()],
                Some(Node::List(many)) => many.iter().filter_map(Node::as_str).collect(),
                _ => return true,
            };
            !(statement.as_map().and_then(|s| s.get("Effect")).and_then(Node::as_str) == Some("Allow")
                && !names.is_empty()
                && names.iter().all(|n| is_account(n)))
        })
        .cloned()
        .collect();
    let mut out: NodeMap = map.clone();
    out.insert("Statement".to_owned(), Node::List(kept));
    Node::Map(out)
}

pub(crate) fn refuses(decision: &Decision) -> bool {
    matches!(decision, Decision::Denied { .. } | Decision::NotAllowed { .. })
}

/// An encrypted queue or Kinesis stream of the template named by `node`: its ID, its key's ID
/// (a key of the template), the service that decrypts for readers, the encryption-context key,
/// and the source's ARN.
pub(crate) fn encrypted_source<'t>(
    template: &'t Template,
    env: &Env<'t>,
    node: &Node,
) -> Option<(&'t str, &'t str, &'static str, &'static str, String)> {
    if let Some(queue_id) = named(env, node, "AWS::SQS::Queue") {
        let key_id = template.resources[queue_id]
            .properties
            .get("KmsMasterKeyId")
            .and_then(|k| named(env, k, "AWS::KMS::Key"))?;
        let arn = env.arn("sqs", &env.named(queue_id, "QueueName", 0));
        return Some((queue_id, key_id, "sqs", "kms:EncryptionContext:aws:sqs:arn", arn));
    }
    let stream_id = named(env, node, "AWS::Kinesis::Stream")?;
    let encryption = template.resources[stream_id].properties.get("StreamEncryption").and_then(Node::as_map)?;
    let key_id = encryption.get("KeyId").and_then(|k| named(env, k, "AWS::KMS::Key"))?;
    let arn = env.arn("kinesis", &format!("stream/{}", env.named(stream_id, "Name", 0)));
    Some((stream_id, key_id, "kinesis", "kms:EncryptionContext:aws:kinesis:arn", arn))
}

/// The caller for role `role_id` of the template.
pub(crate) fn role_caller(env: &Env<'_>, role_id: &str) -> Caller {
    let d = &env.deployment;
    Caller::Aws { arn: env.arn_of(role_id), account: d.account.clone() }
}

/// Role `role_id`'s `action` on key `key_id`, made through `service` in this Region (as SQS,
/// Kinesis, S3 and Secrets Manager call KMS for the roles that use them).
pub(crate) fn through_service(env: &Env<'_>, role_id: &str, action: &str, key_id: &str, service: &str) -> Request {
    let d = &env.deployment;
    Request::new(role_caller(env, role_id), action, d.key_arn(key_id))
        .with("kms:ViaService", format!("{service}.{}.amazonaws.com", d.region))
        .with("kms:CallerAccount", &d.account)
}

/// Whether role `role_id` may make `request` of a key with policy `policy`, as KMS decides: the
/// key policy refuses it, lets it in by name, or leaves it to IAM (the account root statement),
/// and then the role's own policies decide. `Err` says why it is refused; a role whose policies
/// the template does not all hold is not judged.
pub(crate) fn role_may_use_key<'t>(
    template: &'t Template,
    env: &Env<'t>,
    role_id: &str,
    policy: &Node,
    request: &Request,
) -> Result<(), String> {
    let resolve = |node: &Node| env.text(node);
    let by_key = eval::evaluate(policy, request, &resolve);
    if refuses(&by_key) {
        return Err(format!("the key refuses it: {by_key}"));
    }
    // Allowed by the key itself, naming the role: nothing more is needed.
    if !refuses(&eval::evaluate(&without_account_statements(policy, &env.deployment.account), request, &resolve)) {
        return Ok(());
    }
    // Allowed through the account root: the role's own policies decide.
    match role_allows(template, env, role_id, request) {
        Some(false) => Err("the key leaves the decision to IAM, and no policy of the role allows it".to_owned()),
        _ => Ok(()),
    }
}

/// Whether a policy of role `role_id` allows `request`; `None` when the role attaches a policy
/// the template does not hold.
pub(crate) fn role_allows<'t>(template: &'t Template, env: &Env<'t>, role_id: &str, request: &Request) -> Option<bool> {
    let resolve = |node: &Node| env.text(node);
    let documents = identity_policies(template, env, role_id)?;
    Some(documents.iter().any(|document| {
        matches!(
            eval::evaluate(&env.resolve_all(document), request, &resolve),
            Decision::Allowed { .. } | Decision::Unknown { .. }
        )
    }))
}

/// The identity policies of role `role_id` in the template: inline, managed policies of the
/// template it attaches, and `AWS::IAM::Policy` / `RolePolicy` resources naming it. `None` when
/// the role attaches a policy the template does not hold (an AWS managed policy): it cannot be
/// judged.
pub(crate) fn identity_policies<'t>(template: &'t Template, env: &Env<'t>, role_id: &str) -> Option<Vec<Node>> {
    let role = template.resources.get(role_id)?;
    let mut documents = Vec::new();
    if let Some(Node::List(inline)) = role.properties.get("Policies") {
        documents.extend(inline.iter().filter_map(|p| p.as_map()?.get("PolicyDocument").cloned()));
    }
    if let Some(Node::List(arns)) = role.properties.get("ManagedPolicyArns") {
        for arn in arns {
            let policy = named(env, arn, "AWS::IAM::ManagedPolicy")?;
            documents.extend(template.resources[policy].properties.get("PolicyDocument").cloned());
        }
    }
    for decl in template.resources.values() {
        let names_role = |property: &str| match decl.properties.get(property) {
            Some(Node::List(roles)) => roles.iter().any(|r| named(env, r, "AWS::IAM::Role") == Some(role_id)),
            Some(one) => named(env, one, "AWS::IAM::Role") == Some(role_id),
            None => false,
        };
        let attached = match decl.resource_type.as_str() {
            "AWS::IAM::Policy" | "AWS::IAM::ManagedPolicy" => names_role("Roles"),
            "AWS::IAM::RolePolicy" => names_role("RoleName"),
            _ => false,
        };
        if attached {
            documents.extend(decl.properties.get("PolicyDocument").cloned());
        }
    }
    Some(documents)
}

/// A statement of an identity policy: allow `action` on `resource`.
pub(crate) fn identity_statement(action: &str, resource: Node) -> Node {
    map([("Effect", Node::string("Allow")), ("Action", Node::string(action)), ("Resource", resource)])
}

/// The fix that lets role `role_id` make `requests`, as an `AWS::IAM::Policy` of `statements`
/// attached to the role (named `<role><what>`), when that policy allows every request.
pub(crate) fn role_policy_fix(
    env: &Env<'_>,
    role_id: &str,
    what: &str,
    statements: Vec<Node>,
    requests: &[Request],
) -> Option<TemplateFix> {
    let document = map([("Version", Node::string("2012-10-17")), ("Statement", Node::List(statements))]);
    let resolved = env.resolve_all(&document);
    let resolve = |node: &Node| env.text(node);
    if requests.iter().any(|request| refuses(&eval::evaluate(&resolved, request, &resolve))) {
        return None;
    }
    let logical_id = fixes::free_id(env, &format!("{role_id}{what}"));
    Some(TemplateFix::Resource {
        resource: map([
            ("Type", Node::string("AWS::IAM::Policy")),
            (
                "Properties",
                map([
                    ("PolicyName", Node::string(logical_id.as_str())),
                    ("Roles", Node::List(vec![ref_to(role_id)])),
                    ("PolicyDocument", document),
                ]),
            ),
        ]),
        logical_id,
    })
}

/// The fix that lets role `role_id` make `request` (`kms:Decrypt`, …) with key `key_id` of the
/// template: a statement naming the role in the key policy when the key refuses it, else (the key
/// leaves it to IAM) a policy of the role allowing it on the key's ARN. `None` when the statement
/// would not let it in (an explicit `Deny`). `also` are actions the statement allows besides the
/// request's, that the role needs for the same work (`kms:Decrypt` beside `kms:GenerateDataKey`).
pub(crate) fn key_use_fix<'t>(
    template: &'t Template,
    env: &Env<'t>,
    role_id: &str,
    key_id: &str,
    request: &Request,
    also: &[&str],
) -> Option<TemplateFix> {
    let actions: Vec<String> =
        std::iter::once(request.action.clone()).chain(also.iter().map(|a| (*a).to_owned())).collect();
    let policy = key_policy(template, env, key_id)?;
    let resolve = |node: &Node| env.text(node);
    if refuses(&eval::evaluate(&policy, request, &resolve)) {
        let written = template.resources.get(key_id)?.properties.get("KeyPolicy")?;
        let statement = fixes::allow(
            &fixes::sid_for(role_id, Some(written)),
            map([("AWS", get_att(role_id, "Arn"))]),
            &actions,
            Some(Node::string("*")),
            None,
        );
        return fixes::passes_with(env, Some(written), &statement, std::slice::from_ref(request)).then(|| {
            TemplateFix::Statement {
                policy_of: key_id.to_owned(),
                property: "KeyPolicy".to_owned(),
                statements: vec![statement],
            }
        });
    }
    let what = request.action.trim_start_matches("kms:");
    let statement = map([
        ("Effect", Node::string("Allow")),
        ("Action", fixes::one_or_list(&actions)),
        ("Resource", get_att(key_id, "Arn")),
    ]);
    let statements = vec![statement];
    role_policy_fix(env, role_id, &format!("{what}{key_id}"), statements, std::slice::from_ref(request))
}

/// Test templates: a key whose policy has only the account root statement (it delegates to IAM),
/// a key with no policy (KMS's default one), and a role trusted by `service` whose inline policy allows `actions` (a YAML flow list) on
/// every resource.
#[cfg(test)]
pub(crate) mod fixtures {
    pub(crate) const ROOT_KEY: &str = "  Key:\n    Type: AWS::KMS::Key\n    Properties:\n      KeyPolicy:\n        Version: '2012-10-17'\n        Statement:\n          - Sid: Root\n            Effect: Allow\n            Principal: {AWS: !Sub 'arn:${AWS::Partition}:iam::${AWS::AccountId}:root'}\n            Action: kms:*\n            Resource: '*'\n";

    /// A key created without `KeyPolicy`: KMS gives it the default policy (the account root
    /// may do everything, so IAM policies decide).
    pub(crate) const DEFAULT_KEY: &str = "  Key:\n    Type: AWS::KMS::Key\n    Properties:\n      Description: data\n";

    pub(crate) fn role(service: &str, actions: &str) -> String {
        format!(
            "  Role:\n    Type: AWS::IAM::Role\n    Properties:\n      AssumeRolePolicyDocument:\n        Version: '2012-10-17'\n        Statement:\n          - {{Effect: Allow, Principal: {{Service: {service}}}, Action: sts:AssumeRole}}\n      Policies:\n        - PolicyName: work\n          PolicyDocument:\n            Version: '2012-10-17'\n            Statement:\n              - {{Effect: Allow, Action: {actions}, Resource: '*'}}\n"
        )
    }
}
