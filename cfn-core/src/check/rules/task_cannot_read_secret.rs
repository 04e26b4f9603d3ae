//! `task-cannot-read-secret`: An ECS task's execution role cannot read the task's secrets (or the task has none).

use crate::check::key_users::{
    identity_statement, key_policy, key_use_fix, named, role_allows, role_caller, role_may_use_key, role_policy_fix,
    through_service,
};
use crate::check::resolve::Env;
use crate::check::rule::{Descriptor, FixShown, Level};
use crate::check::{Findings, Rule};
use crate::node::{Function, Node, NodeMap};
use crate::policy::eval::Request;
use crate::template::Template;

pub(crate) const DESCRIPTOR: Descriptor = Descriptor {
    id: "task-cannot-read-secret",
    summary: "An ECS task takes secrets its execution role cannot read (secretsmanager:GetSecretValue, ssm:GetParameters, or kms:Decrypt with the secret's key), or it has no execution role: no task starts.",
    description: "An ECS task definition's containers take secrets (`Secrets[].ValueFrom`: a Secrets Manager secret or a Systems Manager parameter), and the task has no execution role, or no policy of its execution role allows `secretsmanager:GetSecretValue` on the secret (`ssm:GetParameters` on the parameter), or the secret's KMS key of the template does not let the role `kms:Decrypt`. ECS fetches secrets with the execution role when a task starts, so no task starts (`ResourceInitializationError`). Give the task an execution role trusted by `ecs-tasks.amazonaws.com` that may read exactly the task's secrets and decrypt with their key.",
    level: Level::Error,
    aws_docs: &["https://docs.aws.amazon.com/AmazonECS/latest/developerguide/secrets-envvar-secrets-manager.html", "https://docs.aws.amazon.com/AmazonECS/latest/developerguide/secrets-envvar-ssm-paramstore.html"],
    page: "docs/guarded/key-users.md",
    fix: FixShown::TemplateText,
};

pub(crate) fn check<'t>(template: &'t Template, env: &Env<'t>, findings: &mut Findings<'_>) {
    for (id, decl) in &template.resources {
        if decl.resource_type == "AWS::ECS::TaskDefinition" {
            task_secrets(template, env, id, decl.properties.as_map(), findings);
        }
    }
}

/// Where a task's secret comes from, as its `ValueFrom` names it.
#[derive(Debug, PartialEq)]
enum SecretSource<'t> {
    /// A Secrets Manager secret of the template (`Ref`, or `${Secret}` with a JSON key after it).
    Secret(&'t str),
    /// A Parameter Store parameter of the template (`Ref`: its name).
    Parameter(&'t str),
    /// A secret or parameter outside the template, by ARN (or, for a parameter, by name).
    Outside(String),
}

impl SecretSource<'_> {
    /// What the execution role is asked, and the ARN it is asked on.
    fn request(&self, env: &Env<'_>) -> Option<(&'static str, String)> {
        let parameter_arn = |name: &str| env.arn("ssm", &format!("parameter/{}", name.trim_start_matches('/')));
        match self {
            SecretSource::Secret(id) => {
                Some(("secretsmanager:GetSecretValue", env.text(&Node::call(Function::Ref, Node::string(*id)))?))
            }
            // A parameter's `Ref` is its name.
            SecretSource::Parameter(id) => {
                Some(("ssm:GetParameters", parameter_arn(&env.text(&Node::call(Function::Ref, Node::string(*id)))?)))
            }
            SecretSource::Outside(text) => {
                let parts: Vec<&str> = text.split(':').collect();
                match parts.as_slice() {
                    ["arn", _, "secretsmanager", ..] if parts.len() >= 7 => {
                        Some(("secretsmanager:GetSecretValue", parts[..7].join(":")))
                    }
                    ["arn", _, "ssm", ..] => Some(("ssm:GetParameters", text.clone())),
                    ["arn", ..] => None,
                    _ => Some(("ssm:GetParameters", parameter_arn(text))),
                }
            }
        }
    }

    /// The source as a policy's `Resource` names it: `Ref Secret` (a secret's `Ref` is its ARN),
    /// the parameter's ARN built from its name, or the ARN written; `None` for a parameter outside
    /// the template named without its ARN.
    fn resource(&self, env: &Env<'_>, arn: &str) -> Option<Node> {
        match self {
            SecretSource::Secret(id) => Some(crate::check::fixes::ref_to(id)),
            SecretSource::Parameter(id) => {
                let name = env.text(&crate::check::fixes::ref_to(id))?;
                let slash = if name.starts_with('/') { "" } else { "/" };
                Some(crate::check::fixes::sub(&format!(
                    "arn:${{AWS::Partition}}:ssm:${{AWS::Region}}:${{AWS::AccountId}}:parameter{slash}${{{id}}}"
                )))
            }
            SecretSource::Outside(text) if text.starts_with("arn:") => Some(Node::string(arn)),
            SecretSource::Outside(_) => None,
        }
    }

    fn name(&self) -> String {
        match self {
            SecretSource::Secret(id) | SecretSource::Parameter(id) => format!("`{id}`"),
            SecretSource::Outside(text) => format!("`{text}`"),
        }
    }
}

/// The source a container secret's `ValueFrom` names.
fn secret_source<'t>(env: &Env<'t>, value_from: &Node) -> Option<SecretSource<'t>> {
    if let Some(secret) = named(env, value_from, "AWS::SecretsManager::Secret") {
        return Some(SecretSource::Secret(secret));
    }
    if let Some(parameter) = named(env, value_from, "AWS::SSM::Parameter") {
        return Some(SecretSource::Parameter(parameter));
    }
    // `${Secret}:password::` — a JSON key of a secret of the template.
    // The reader of references says which name the text starts with.
    if let Node::Fn(Function::Sub, arg) = value_from
        && let Some(text) = arg.as_str()
        && let Some(first) = crate::reference::mentions(value_from).into_iter().next()
        && first.attribute.is_none()
        && text.strip_prefix(&format!("${{{}}}", first.name)).is_some_and(|rest| rest.starts_with(':'))
        && let Some(secret) =
            named(env, &Node::call(Function::Ref, Node::string(first.name)), "AWS::SecretsManager::Secret")
    {
        return Some(SecretSource::Secret(secret));
    }
    env.text(value_from).filter(|text| !text.contains('«')).map(SecretSource::Outside)
}

/// The secrets of a task definition's containers (`Secrets[].ValueFrom`: Secrets Manager secrets
/// and Parameter Store parameters, of the template or by ARN): the execution role fetches them
/// when a task starts, and decrypts them with the secret's key.
fn task_secrets<'t>(template: &'t Template, env: &Env<'t>, id: &str, props: &NodeMap, findings: &mut Findings<'_>) {
    let mut sources: Vec<SecretSource<'_>> = Vec::new();
    let mut any_secret = false;
    if let Some(Node::List(containers)) = props.get("ContainerDefinitions") {
        for container in containers.iter().filter_map(Node::as_map) {
            // A private registry's credentials (`RepositoryCredentials.CredentialsParameter`, a
            // Secrets Manager secret) are fetched with the execution role too
            // (https://docs.aws.amazon.com/AmazonECS/latest/developerguide/private-auth.html).
            let credentials = container
                .get("RepositoryCredentials")
                .and_then(Node::as_map)
                .and_then(|c| c.get("CredentialsParameter"));
            let entries = match container.get("Secrets") {
                Some(Node::List(entries)) => {
                    entries.iter().filter_map(Node::as_map).filter_map(|e| e.get("ValueFrom")).collect()
                }
                _ => Vec::new(),
            };
            for value_from in entries.into_iter().chain(credentials) {
                any_secret = true;
                if let Some(source) = secret_source(env, value_from)
                    && !sources.contains(&source)
                {
                    sources.push(source);
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
            "its containers take secrets, but the task definition has no `ExecutionRoleArn`: ECS fetches secrets with the execution role, and no task starts without one. Give it a role trusted by `ecs-tasks.amazonaws.com` that may `secretsmanager:GetSecretValue` the secrets or `ssm:GetParameters` the parameters (and `kms:Decrypt` with their key)".to_owned(),
        );
        return;
    };
    let Some(role_id) = named(env, role, "AWS::IAM::Role") else { return };
    for source in sources {
        let Some((action, arn)) = source.request(env) else { continue };
        let read = Request::new(role_caller(env, role_id), action, &arn);
        if role_allows(template, env, role_id, &read) == Some(false) {
            let statement = match source {
                SecretSource::Secret(_) => {
                    "`Statement::allow(actions![\"secretsmanager:GetSecretValue\"]).resource(secret.reference())`"
                        .to_owned()
                }
                _ => format!("`Statement::allow(actions![\"{action}\"]).resource(…)` with the ARN `{arn}`"),
            };
            findings.error(
                Rule::TaskCannotReadSecret,
                id,
                format!(
                    "its containers take secret {}, but no policy of the execution role `{role_id}` allows `{action}` on it: no task starts (ResourceInitializationError). Allow it on exactly the task's secrets⟦: {statement}‖ in a policy of the execution role⟧",
                    source.name()
                ),
            );
            // The policy that lets the role read it, and decrypt it where the secret's key leaves
            // that to IAM (else the next finding is the key's).
            if let Some(resource) = source.resource(env, &arn) {
                let mut statements = vec![identity_statement(action, resource)];
                let mut requests = vec![read];
                if let SecretSource::Secret(secret) = source
                    && let Some(key_id) =
                        template.resources[secret].properties.get("KmsKeyId").and_then(|k| named(env, k, "AWS::KMS::Key"))
                    && let Some(policy) = key_policy(template, env, key_id)
                {
                    let decrypt = through_service(env, role_id, "kms:Decrypt", key_id, "secretsmanager");
                    if role_may_use_key(template, env, role_id, &policy, &decrypt).is_err()
                        && let Some(crate::check::TemplateFix::Resource { .. }) =
                            key_use_fix(template, env, role_id, key_id, &decrypt, &[])
                    {
                        statements.push(identity_statement("kms:Decrypt", crate::check::fixes::get_att(key_id, "Arn")));
                        requests.push(decrypt);
                    }
                }
                if let Some(fix) = role_policy_fix(env, role_id, "ReadsSecrets", statements, &requests) {
                    findings.with_fix(fix);
                }
            }
            continue;
        }
        let SecretSource::Secret(secret) = source else { continue };
        let key = template.resources[secret].properties.get("KmsKeyId").and_then(|k| named(env, k, "AWS::KMS::Key"));
        let Some(key_id) = key else { continue };
        let Some(policy) = key_policy(template, env, key_id) else { continue };
        let decrypt = through_service(env, role_id, "kms:Decrypt", key_id, "secretsmanager");
        if let Err(why) = role_may_use_key(template, env, role_id, &policy, &decrypt) {
            findings.error(
                Rule::TaskCannotReadSecret,
                id,
                format!(
                    "its containers take secret `{secret}`, encrypted with key `{key_id}`, but the execution role `{role_id}` may not `kms:Decrypt` with it: {why}. No task starts (ResourceInitializationError). Allow `kms:Decrypt` on `{key_id}` in the role's policy"
                ),
            );
            if let Some(fix) = key_use_fix(template, env, role_id, key_id, &decrypt, &[]) {
                findings.with_fix(fix);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::check::Rule;
    use crate::check::key_users::fixtures::{ROOT_KEY, role};
    use crate::check::rules::tests::{findings_after_fixes, findings_of};

    fn task(actions: &str) -> String {
        format!(
            "Resources:\n{ROOT_KEY}  Secret:\n    Type: AWS::SecretsManager::Secret\n    Properties:\n      KmsKeyId: !GetAtt Key.Arn\n      GenerateSecretString: {{}}\n{}  Task:\n    Type: AWS::ECS::TaskDefinition\n    Properties:\n      ExecutionRoleArn: !GetAtt Role.Arn\n      ContainerDefinitions:\n        - Name: app\n          Image: public.ecr.aws/docker/library/busybox:latest\n          Secrets:\n            - {{Name: PASSWORD, ValueFrom: !Sub '${{Secret}}:password::'}}\n",
            role("ecs-tasks.amazonaws.com", actions)
        )
    }

    #[test]
    fn an_execution_role_that_may_not_read_the_secret_stops_every_task() {
        let found = findings_of(&task("[logs:CreateLogStream]"), Rule::TaskCannotReadSecret);
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].logical_id, "Task");
        assert!(found[0].message.starts_with("its containers take secret `Secret`, but no policy of the execution role `Role` allows `secretsmanager:GetSecretValue`"), "{}", found[0].message);
    }

    #[test]
    fn an_execution_role_that_may_not_decrypt_is_refused_and_one_that_may_passes() {
        let found = findings_of(&task("[secretsmanager:GetSecretValue]"), Rule::TaskCannotReadSecret);
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(found[0].message.contains("encrypted with key `Key`, but the execution role `Role` may not `kms:Decrypt`"), "{}", found[0].message);
        assert_eq!(findings_of(&task("[secretsmanager:GetSecretValue, kms:Decrypt]"), Rule::TaskCannotReadSecret), []);
    }

    #[test]
    fn the_policy_shown_lets_the_role_read_and_decrypt_the_secret() {
        let yaml = task("[logs:CreateLogStream]");
        let found = findings_of(&yaml, Rule::TaskCannotReadSecret);
        let Some(crate::check::TemplateFix::Resource { resource, .. }) = found[0].fix.as_deref() else {
            panic!("a role policy to add: {:?}", found[0].fix)
        };
        let text = crate::emit::write_node(resource, crate::format::Format::Yaml).unwrap();
        assert!(text.contains("Action: secretsmanager:GetSecretValue\n      Resource: !Ref Secret\n"), "{text}");
        assert!(text.contains("Action: kms:Decrypt\n      Resource: !GetAtt Key.Arn\n"), "{text}");
        assert_eq!(findings_after_fixes(&yaml, Rule::TaskCannotReadSecret), []);
        assert_eq!(findings_after_fixes(&task("[secretsmanager:GetSecretValue]"), Rule::TaskCannotReadSecret), []);
    }
}
