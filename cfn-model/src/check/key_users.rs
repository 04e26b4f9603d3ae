//! Principals of the account that use a key for a service: a Lambda function reading an
//! encrypted queue (its role decrypts the messages, through SQS), and Auto Scaling launching
//! instances whose volumes are encrypted with a customer key (its service-linked role creates the
//! grant and the data keys). Neither is a service principal: the key policy decides either by
//! naming the role, or by delegating to IAM through the account root statement — and then the
//! role's own policies must allow it. Auto Scaling's service-linked role has only AWS's policy,
//! which grants nothing on customer keys: only a key statement naming it lets it in.

use crate::check::resolve::{Env, referenced};
use crate::check::{Findings, Rule};
use crate::node::{Function, Node, NodeMap};
use crate::policy::eval::{self, Caller, Decision, Request};
use crate::template::Template;

pub(super) fn check(template: &Template, env: &Env<'_>, findings: &mut Findings<'_>) {
    for (id, decl) in &template.resources {
        match decl.resource_type.as_str() {
            "AWS::Lambda::EventSourceMapping" => queue_consumer(template, env, id, decl.properties.as_map(), findings),
            "AWS::AutoScaling::AutoScalingGroup" => auto_scaling(template, env, id, decl.properties.as_map(), findings),
            "AWS::ECS::TaskDefinition" => task_secrets(template, env, id, decl.properties.as_map(), findings),
            _ => {}
        }
    }
}

/// The logical ID of a resource of `resource_type` that `node` names, by any attribute.
fn named<'t>(template: &'t Template, node: &Node, resource_type: &str) -> Option<&'t str> {
    referenced(template, node, resource_type).map(|(id, _)| id)
}

/// The key policy of key `key_id`, resolved, if the template gives one.
fn key_policy(template: &Template, env: &Env<'_>, key_id: &str) -> Option<Node> {
    template.resources.get(key_id)?.properties.get("KeyPolicy").map(|policy| env.resolve_all(policy))
}

/// `policy` without the statements whose only principal is the account (its root or its ID):
/// what a key lets in by name, without delegating to IAM.
fn without_account_statements(policy: &Node, account: &str) -> Node {
    let Some(map) = policy.as_map() else { return policy.clone() };
    let Some(Node::List(statements)) = map.get("Statement") else { return policy.clone() };
    let is_account = |name: &str| name == account || name.ends_with(&format!(":iam::{account}:root"));
    let kept: Vec<Node> = statements
        .iter()
        .filter(|statement| {
            let principal = statement.as_map().and_then(|s| s.get("Principal")).and_then(Node::as_map).and_then(|p| p.get("AWS"));
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

fn refuses(decision: &Decision) -> bool {
    matches!(decision, Decision::Denied { .. } | Decision::NotAllowed { .. })
}

/// An event source mapping from an encrypted queue: the function's role decrypts the messages.
fn queue_consumer(template: &Template, env: &Env<'_>, id: &str, props: &NodeMap, findings: &mut Findings<'_>) {
    let Some(queue_id) = props.get("EventSourceArn").and_then(|n| named(template, n, "AWS::SQS::Queue")) else { return };
    let Some(key_id) = template.resources[queue_id].properties.get("KmsMasterKeyId").and_then(|k| named(template, k, "AWS::KMS::Key"))
    else {
        return;
    };
    let Some(function_id) = props.get("FunctionName").and_then(|n| named(template, n, "AWS::Lambda::Function")) else { return };
    let Some(role_id) =
        template.resources[function_id].properties.get("Role").and_then(|r| named(template, r, "AWS::IAM::Role"))
    else {
        return;
    };
    let Some(policy) = key_policy(template, env, key_id) else { return };
    let d = &env.deployment;
    let role_arn = format!("arn:{}:iam::{}:role/«{role_id}»", d.partition, d.account);
    let queue_arn = env.arn("sqs", &env.named(queue_id, "QueueName", 0));
    let request = Request::new(Caller::Aws { arn: role_arn.clone(), account: d.account.clone() }, "kms:Decrypt", d.key_arn(key_id))
        .with("kms:ViaService", format!("sqs.{}.amazonaws.com", d.region))
        .with("kms:CallerAccount", &d.account)
        .with("kms:EncryptionContext:aws:sqs:arn", &queue_arn);
    let resolve = |node: &Node| env.text(node);
    let by_key = eval::evaluate(&policy, &request, &resolve);
    let fix = format!(
        "allow `kms:Decrypt` on `{key_id}` in the role's policy (`Statement::allow(actions![\"kms:Decrypt\"]).resource(key.arn())`), or name the role in the key policy"
    );
    if refuses(&by_key) {
        findings.error(
            Rule::ConsumerCannotDecrypt,
            id,
            format!(
                "function `{function_id}` reads queue `{queue_id}`, encrypted with key `{key_id}`, but the key refuses its role `{role_id}` `kms:Decrypt`: {by_key}. Lambda cannot read a message, and the mapping retries until they expire. Fix the key policy: {fix}"
            ),
        );
        return;
    }
    // Allowed by the key itself, naming the role: nothing more is needed.
    if !refuses(&eval::evaluate(&without_account_statements(&policy, &d.account), &request, &resolve)) {
        return;
    }
    // Allowed through the account root: the role's own policies decide.
    let Some(documents) = identity_policies(template, role_id) else { return };
    let allowed = documents.iter().any(|document| {
        matches!(eval::evaluate(&env.resolve_all(document), &request, &resolve), Decision::Allowed { .. } | Decision::Unknown { .. })
    });
    if !allowed {
        findings.error(
            Rule::ConsumerCannotDecrypt,
            id,
            format!(
                "function `{function_id}` reads queue `{queue_id}`, encrypted with key `{key_id}`, whose policy leaves the decision to IAM, but no policy of the function's role `{role_id}` allows `kms:Decrypt` on it: Lambda cannot read a message, and the mapping retries until they expire. To fix it, {fix}"
            ),
        );
    }
}

/// The identity policies of role `role_id` in the template: inline, managed policies of the
/// template it attaches, and `AWS::IAM::Policy` / `RolePolicy` resources naming it. `None` when
/// the role attaches a policy the template does not hold (an AWS managed policy): it cannot be
/// judged.
fn identity_policies(template: &Template, role_id: &str) -> Option<Vec<Node>> {
    let role = template.resources.get(role_id)?;
    let mut documents = Vec::new();
    if let Some(Node::List(inline)) = role.properties.get("Policies") {
        documents.extend(inline.iter().filter_map(|p| p.as_map()?.get("PolicyDocument").cloned()));
    }
    if let Some(Node::List(arns)) = role.properties.get("ManagedPolicyArns") {
        for arn in arns {
            let policy = named(template, arn, "AWS::IAM::ManagedPolicy")?;
            documents.extend(template.resources[policy].properties.get("PolicyDocument").cloned());
        }
    }
    for decl in template.resources.values() {
        let names_role = |property: &str| match decl.properties.get(property) {
            Some(Node::List(roles)) => roles.iter().any(|r| named(template, r, "AWS::IAM::Role") == Some(role_id)),
            Some(one) => named(template, one, "AWS::IAM::Role") == Some(role_id),
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

/// An Auto Scaling group whose launch template encrypts volumes with a key of the template: Auto
/// Scaling's service-linked role must be named in the key policy, or instances fail to launch.
fn auto_scaling(template: &Template, env: &Env<'_>, id: &str, props: &NodeMap, findings: &mut Findings<'_>) {
    let Some(spec) = props.get("LaunchTemplate").and_then(Node::as_map) else { return };
    let Some(launch_template) = spec
        .get("LaunchTemplateId")
        .or_else(|| spec.get("LaunchTemplateName"))
        .and_then(|n| named(template, n, "AWS::EC2::LaunchTemplate"))
    else {
        return;
    };
    let data = template.resources[launch_template].properties.get("LaunchTemplateData").and_then(Node::as_map);
    let Some(Node::List(mappings)) = data.and_then(|d| d.get("BlockDeviceMappings")) else { return };
    let d = &env.deployment;
    let role_arn = format!(
        "arn:{}:iam::{}:role/aws-service-role/autoscaling.amazonaws.com/AWSServiceRoleForAutoScaling",
        d.partition, d.account
    );
    let resolve = |node: &Node| env.text(node);
    let mut judged = Vec::new();
    for mapping in mappings {
        let Some(key) = mapping.as_map().and_then(|m| m.get("Ebs")).and_then(Node::as_map).and_then(|e| e.get("KmsKeyId")) else {
            continue;
        };
        let Some(key_id) = named(template, key, "AWS::KMS::Key") else { continue };
        if judged.contains(&key_id) {
            continue;
        }
        judged.push(key_id);
        let Some(policy) = key_policy(template, env, key_id) else { continue };
        // Its IAM policy is AWS's and grants nothing on customer keys: only statements naming it count.
        let named_only = without_account_statements(&policy, &d.account);
        let caller = Caller::Aws { arn: role_arn.clone(), account: d.account.clone() };
        let requests = [
            Request::new(caller.clone(), "kms:CreateGrant", d.key_arn(key_id)).with("kms:GrantIsForAWSResource", "true"),
            Request::new(caller.clone(), "kms:GenerateDataKeyWithoutPlaintext", d.key_arn(key_id)),
            Request::new(caller, "kms:Decrypt", d.key_arn(key_id)),
        ];
        if let Some((action, decision)) = requests.iter().find_map(|request| {
            let decision = eval::evaluate(&named_only, request, &resolve);
            refuses(&decision).then(|| (request.action.clone(), decision))
        }) {
            findings.error(
                Rule::KeyDeniesServiceLinkedRole,
                id,
                format!(
                    "the group launches instances from `{launch_template}`, whose volumes are encrypted with key `{key_id}`, but the key does not let Auto Scaling's service-linked role (AWSServiceRoleForAutoScaling) in: apart from the account root statement, the key policy answers its `{action}` request: {decision}. The account root statement does not help, since the role's own policy is AWS's and grants nothing on customer keys: instances fail to launch (Client.InternalError). Give the key the statements for it: `.grant(AutoScalingGrant)`"
                ),
            );
        }
    }
}

/// The secrets of a task definition's containers (`Secrets[].ValueFrom`) that are Secrets Manager
/// secrets of the template: the execution role fetches them when a task starts.
fn task_secrets(template: &Template, env: &Env<'_>, id: &str, props: &NodeMap, findings: &mut Findings<'_>) {
    let mut secrets: Vec<&str> = Vec::new();
    let mut any_secret = false;
    if let Some(Node::List(containers)) = props.get("ContainerDefinitions") {
        for container in containers.iter().filter_map(Node::as_map) {
            let Some(Node::List(entries)) = container.get("Secrets") else { continue };
            for entry in entries.iter().filter_map(Node::as_map) {
                any_secret = true;
                if let Some(secret) = entry.get("ValueFrom").and_then(|v| named(template, v, "AWS::SecretsManager::Secret"))
                    && !secrets.contains(&secret)
                {
                    secrets.push(secret);
                }
            }
        }
    }
    if !any_secret {
        return;
    }
    let Some(role) = props.get("ExecutionRoleArn") else {
        findings.error(
            Rule::TaskCannotReadSecret,
            id,
            "its containers take secrets, but the task definition has no `ExecutionRoleArn`: ECS fetches secrets with the execution role, and no task starts without one. Give it a role trusted by `ecs-tasks.amazonaws.com` that may `secretsmanager:GetSecretValue` the secrets (and `kms:Decrypt` with their key)".to_owned(),
        );
        return;
    };
    let Some(role_id) = named(template, role, "AWS::IAM::Role") else { return };
    let Some(documents) = identity_policies(template, role_id) else { return };
    let d = &env.deployment;
    let caller = Caller::Aws { arn: format!("arn:{}:iam::{}:role/«{role_id}»", d.partition, d.account), account: d.account.clone() };
    let resolve = |node: &Node| env.text(node);
    let identity_allows = |request: &Request| {
        documents.iter().any(|document| {
            matches!(eval::evaluate(&env.resolve_all(document), request, &resolve), Decision::Allowed { .. } | Decision::Unknown { .. })
        })
    };
    for secret in secrets {
        let Some(secret_arn) = env.text(&Node::call(Function::Ref, Node::string(secret))) else { continue };
        let read = Request::new(caller.clone(), "secretsmanager:GetSecretValue", secret_arn);
        if !identity_allows(&read) {
            findings.error(
                Rule::TaskCannotReadSecret,
                id,
                format!(
                    "its containers take secret `{secret}`, but no policy of the execution role `{role_id}` allows `secretsmanager:GetSecretValue` on it: no task starts (ResourceInitializationError). Allow it on exactly the task's secrets: `Statement::allow(actions![\"secretsmanager:GetSecretValue\"]).resource(secret.reference())`"
                ),
            );
            continue;
        }
        let key = template.resources[secret].properties.get("KmsKeyId").and_then(|k| named(template, k, "AWS::KMS::Key"));
        let Some(key_id) = key else { continue };
        let Some(policy) = key_policy(template, env, key_id) else { continue };
        let decrypt = Request::new(caller.clone(), "kms:Decrypt", d.key_arn(key_id))
            .with("kms:ViaService", format!("secretsmanager.{}.amazonaws.com", d.region))
            .with("kms:CallerAccount", &d.account);
        let by_key = eval::evaluate(&policy, &decrypt, &resolve);
        let named_in_key = !refuses(&eval::evaluate(&without_account_statements(&policy, &d.account), &decrypt, &resolve));
        let refusal = if refuses(&by_key) {
            Some(format!("the key refuses it: {by_key}"))
        } else if !named_in_key && !identity_allows(&decrypt) {
            Some("the key leaves the decision to IAM, and no policy of the role allows it".to_owned())
        } else {
            None
        };
        if let Some(why) = refusal {
            findings.error(
                Rule::TaskCannotReadSecret,
                id,
                format!(
                    "its containers take secret `{secret}`, encrypted with key `{key_id}`, but the execution role `{role_id}` may not `kms:Decrypt` with it: {why}. No task starts (ResourceInitializationError). Allow `kms:Decrypt` on `{key_id}` in the role's policy"
                ),
            );
        }
    }
}
