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

use crate::check::resolve::{Env, referenced};
use crate::check::{Findings, Rule};
use crate::node::{Function, Node, NodeMap};
use crate::policy::eval::{self, Caller, Decision, Request};
use crate::template::Template;

pub(super) fn check<'t>(template: &'t Template, env: &Env<'t>, findings: &mut Findings<'_>) {
    for (id, decl) in &template.resources {
        match decl.resource_type.as_str() {
            "AWS::Lambda::EventSourceMapping" => queue_consumer(template, env, id, decl.properties.as_map(), findings),
            "AWS::KinesisFirehose::DeliveryStream" => {
                delivery_stream(template, env, id, decl.properties.as_map(), findings)
            }
            "AWS::AutoScaling::AutoScalingGroup" => auto_scaling(template, env, id, decl.properties.as_map(), findings),
            "AWS::ECS::TaskDefinition" => task_secrets(template, env, id, decl.properties.as_map(), findings),
            _ => {}
        }
    }
}

/// The logical ID of a resource of `resource_type` that `node` names, by any attribute.
fn named<'t>(env: &Env<'t>, node: &Node, resource_type: &str) -> Option<&'t str> {
    referenced(env, node, resource_type).map(|(id, _)| id)
}

/// The key policy of key `key_id`, resolved, if the template gives one.
fn key_policy<'t>(template: &'t Template, env: &Env<'t>, key_id: &str) -> Option<Node> {
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

fn refuses(decision: &Decision) -> bool {
    matches!(decision, Decision::Denied { .. } | Decision::NotAllowed { .. })
}

/// An encrypted queue or Kinesis stream of the template named by `node`: its ID, its key's ID
/// (a key of the template), the service that decrypts for readers, the encryption-context key,
/// and the source's ARN.
fn encrypted_source<'t>(
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

/// An event source mapping from an encrypted queue or stream: the function's role decrypts the
/// records.
fn queue_consumer<'t>(template: &'t Template, env: &Env<'t>, id: &str, props: &NodeMap, findings: &mut Findings<'_>) {
    let Some((source_id, key_id, service, context_key, source_arn)) =
        props.get("EventSourceArn").and_then(|n| encrypted_source(template, env, n))
    else {
        return;
    };
    let Some(function_id) = props.get("FunctionName").and_then(|n| named(env, n, "AWS::Lambda::Function")) else {
        return;
    };
    let Some(role_id) =
        template.resources[function_id].properties.get("Role").and_then(|r| named(env, r, "AWS::IAM::Role"))
    else {
        return;
    };
    let Some(policy) = key_policy(template, env, key_id) else { return };
    let request = through_service(env, role_id, "kms:Decrypt", key_id, service).with(context_key, &source_arn);
    let what = if service == "sqs" { "queue" } else { "stream" };
    if let Err(why) = role_may_use_key(template, env, role_id, &policy, &request) {
        findings.error(
            Rule::ConsumerCannotDecrypt,
            id,
            format!(
                "function `{function_id}` reads {what} `{source_id}`, encrypted with key `{key_id}`, but its role `{role_id}` may not `kms:Decrypt` with it: {why}. Lambda cannot read a record, and the mapping retries until they expire. Allow `kms:Decrypt` on `{key_id}` in the role's policy (`Statement::allow(actions![\"kms:Decrypt\"]).resource(key.arn())`), or name the role in the key policy"
            ),
        );
    }
}

/// The caller for role `role_id` of the template.
fn role_caller(env: &Env<'_>, role_id: &str) -> Caller {
    let d = &env.deployment;
    Caller::Aws { arn: env.arn_of(role_id), account: d.account.clone() }
}

/// Role `role_id`'s `action` on key `key_id`, made through `service` in this Region (as SQS,
/// Kinesis, S3 and Secrets Manager call KMS for the roles that use them).
fn through_service(env: &Env<'_>, role_id: &str, action: &str, key_id: &str, service: &str) -> Request {
    let d = &env.deployment;
    Request::new(role_caller(env, role_id), action, d.key_arn(key_id))
        .with("kms:ViaService", format!("{service}.{}.amazonaws.com", d.region))
        .with("kms:CallerAccount", &d.account)
}

/// Whether role `role_id` may make `request` of a key with policy `policy`, as KMS decides: the
/// key policy refuses it, lets it in by name, or leaves it to IAM (the account root statement),
/// and then the role's own policies decide. `Err` says why it is refused; a role whose policies
/// the template does not all hold is not judged.
fn role_may_use_key<'t>(
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
fn role_allows<'t>(template: &'t Template, env: &Env<'t>, role_id: &str, request: &Request) -> Option<bool> {
    let resolve = |node: &Node| env.text(node);
    let documents = identity_policies(template, env, role_id)?;
    Some(documents.iter().any(|document| {
        matches!(
            eval::evaluate(&env.resolve_all(document), request, &resolve),
            Decision::Allowed { .. } | Decision::Unknown { .. }
        )
    }))
}

/// A Firehose delivery stream: its role reads the source stream (decrypting with the stream's
/// key) and writes into the destination bucket (asking the bucket's key, or the one the
/// destination names, for data keys). Firehose retries a refused write for up to a day, then
/// drops the records.
fn delivery_stream<'t>(template: &'t Template, env: &Env<'t>, id: &str, props: &NodeMap, findings: &mut Findings<'_>) {
    let d = &env.deployment;
    if let Some(source) = props.get("KinesisStreamSourceConfiguration").and_then(Node::as_map)
        && let Some(role_id) = source.get("RoleARN").and_then(|r| named(env, r, "AWS::IAM::Role"))
        && let Some((stream_id, key_id, service, context_key, stream_arn)) =
            source.get("KinesisStreamARN").and_then(|s| encrypted_source(template, env, s))
        && let Some(policy) = key_policy(template, env, key_id)
    {
        let request = through_service(env, role_id, "kms:Decrypt", key_id, service).with(context_key, &stream_arn);
        if let Err(why) = role_may_use_key(template, env, role_id, &policy, &request) {
            findings.error(
                Rule::ConsumerCannotDecrypt,
                id,
                format!(
                    "this delivery stream reads stream `{stream_id}`, encrypted with key `{key_id}`, but its source role `{role_id}` may not `kms:Decrypt` with it: {why}. Firehose reads nothing. Allow `kms:Decrypt` on `{key_id}` in the role's policy, or name the role in the key policy"
                ),
            );
        }
    }
    for property in ["ExtendedS3DestinationConfiguration", "S3DestinationConfiguration"] {
        let Some(destination) = props.get(property).and_then(Node::as_map) else { continue };
        let Some(role_id) = destination.get("RoleARN").and_then(|r| named(env, r, "AWS::IAM::Role")) else {
            continue;
        };
        let Some(bucket_id) = destination.get("BucketARN").and_then(|b| named(env, b, "AWS::S3::Bucket")) else {
            continue;
        };
        let bucket = &template.resources[bucket_id];
        let name = env.named(bucket_id, "BucketName", 0);
        let bucket_arn = format!("arn:{}:s3:::{name}", d.partition);
        let put = Request::new(role_caller(env, role_id), "s3:PutObject", format!("{bucket_arn}/«record»"));
        if role_allows(template, env, role_id, &put) == Some(false) {
            findings.error(
                Rule::DeliveryRoleRefused,
                id,
                format!(
                    "this delivery stream writes into bucket `{bucket_id}`, but no policy of its role `{role_id}` allows `s3:PutObject` on the bucket's objects: Firehose retries for a day, then drops the records. Allow `s3:PutObject` (and `s3:AbortMultipartUpload`, `s3:GetBucketLocation`, `s3:ListBucket`, `s3:ListBucketMultipartUploads`) on the bucket and `${{Bucket.Arn}}/*`"
                ),
            );
            continue;
        }
        // The key the destination names, or else the bucket's default key.
        let named_key = destination
            .get("EncryptionConfiguration")
            .and_then(Node::as_map)
            .and_then(|e| e.get("KMSEncryptionConfig"))
            .and_then(Node::as_map)
            .and_then(|k| k.get("AWSKMSKeyARN"));
        let key = named_key.or_else(|| crate::check::deliveries::default_kms_key(&bucket.properties));
        let Some(key_id) = key.and_then(|k| named(env, k, "AWS::KMS::Key")) else { continue };
        let Some(policy) = key_policy(template, env, key_id) else { continue };
        // With an S3 Bucket Key the encryption context is the bucket's ARN, not the object's.
        let context = if bucket_key_enabled(&bucket.properties) {
            bucket_arn.clone()
        } else {
            format!("{bucket_arn}/«record»")
        };
        let request = through_service(env, role_id, "kms:GenerateDataKey", key_id, "s3")
            .with("kms:EncryptionContext:aws:s3:arn", context);
        if let Err(why) = role_may_use_key(template, env, role_id, &policy, &request) {
            findings.error(
                Rule::DeliveryRoleRefused,
                id,
                format!(
                    "this delivery stream writes into bucket `{bucket_id}`, encrypted with key `{key_id}`, but its role `{role_id}` may not `kms:GenerateDataKey` with it: {why}. Firehose retries for a day, then drops the records. Allow `kms:GenerateDataKey` and `kms:Decrypt` on `{key_id}` in the role's policy, under `kms:ViaService` `s3.${{AWS::Region}}.amazonaws.com`"
                ),
            );
        }
    }
}

/// Whether a bucket's default encryption uses an S3 Bucket Key (`BucketKeyEnabled: true`): then S3
/// asks KMS with the bucket's ARN as encryption context, not the object's.
fn bucket_key_enabled(properties: &crate::template::resource::Properties) -> bool {
    let rules = properties
        .get("BucketEncryption")
        .and_then(Node::as_map)
        .and_then(|e| e.get("ServerSideEncryptionConfiguration"));
    let Some(Node::List(rules)) = rules else { return false };
    rules.iter().filter_map(Node::as_map).any(|rule| {
        rule.get("BucketKeyEnabled").is_some_and(|on| matches!(on, Node::Bool(true)) || on.as_str() == Some("true"))
    })
}

/// The identity policies of role `role_id` in the template: inline, managed policies of the
/// template it attaches, and `AWS::IAM::Policy` / `RolePolicy` resources naming it. `None` when
/// the role attaches a policy the template does not hold (an AWS managed policy): it cannot be
/// judged.
fn identity_policies<'t>(template: &'t Template, env: &Env<'t>, role_id: &str) -> Option<Vec<Node>> {
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

/// An Auto Scaling group whose launch template encrypts volumes with a key of the template: Auto
/// Scaling's service-linked role must be named in the key policy, or instances fail to launch.
/// The launch templates of the template an Auto Scaling group launches from: its `LaunchTemplate`,
/// or its `MixedInstancesPolicy`'s launch template and the overrides' own.
fn launch_templates<'t>(env: &Env<'t>, props: &NodeMap) -> Vec<&'t str> {
    let mut specs: Vec<&NodeMap> = props.get("LaunchTemplate").and_then(Node::as_map).into_iter().collect();
    if let Some(mixed) = props
        .get("MixedInstancesPolicy")
        .and_then(Node::as_map)
        .and_then(|m| m.get("LaunchTemplate"))
        .and_then(Node::as_map)
    {
        specs.extend(mixed.get("LaunchTemplateSpecification").and_then(Node::as_map));
        if let Some(Node::List(overrides)) = mixed.get("Overrides") {
            specs.extend(overrides.iter().filter_map(|o| o.as_map()?.get("LaunchTemplateSpecification")?.as_map()));
        }
    }
    let mut found: Vec<&str> = Vec::new();
    for spec in specs {
        let launch_template = spec
            .get("LaunchTemplateId")
            .or_else(|| spec.get("LaunchTemplateName"))
            .and_then(|n| named(env, n, "AWS::EC2::LaunchTemplate"));
        if let Some(launch_template) = launch_template
            && !found.contains(&launch_template)
        {
            found.push(launch_template);
        }
    }
    found
}

fn auto_scaling<'t>(template: &'t Template, env: &Env<'t>, id: &str, props: &NodeMap, findings: &mut Findings<'_>) {
    let d = &env.deployment;
    let role_arn = format!(
        "arn:{}:iam::{}:role/aws-service-role/autoscaling.amazonaws.com/AWSServiceRoleForAutoScaling",
        d.partition, d.account
    );
    let resolve = |node: &Node| env.text(node);
    let mut judged = Vec::new();
    for launch_template in launch_templates(env, props) {
        let data = template.resources[launch_template].properties.get("LaunchTemplateData").and_then(Node::as_map);
        let Some(Node::List(mappings)) = data.and_then(|d| d.get("BlockDeviceMappings")) else { continue };
        for mapping in mappings {
            let Some(key) =
                mapping.as_map().and_then(|m| m.get("Ebs")).and_then(Node::as_map).and_then(|e| e.get("KmsKeyId"))
            else {
                continue;
            };
            let Some(key_id) = named(env, key, "AWS::KMS::Key") else { continue };
            if judged.contains(&key_id) {
                continue;
            }
            judged.push(key_id);
            let Some(policy) = key_policy(template, env, key_id) else { continue };
            // Its IAM policy is AWS's and grants nothing on customer keys: only statements naming it count.
            let named_only = without_account_statements(&policy, &d.account);
            let caller = Caller::Aws { arn: role_arn.clone(), account: d.account.clone() };
            let requests = [
                Request::new(caller.clone(), "kms:CreateGrant", d.key_arn(key_id))
                    .with("kms:GrantIsForAWSResource", "true"),
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
            let Some(Node::List(entries)) = container.get("Secrets") else { continue };
            for entry in entries.iter().filter_map(Node::as_map) {
                any_secret = true;
                if let Some(source) = entry.get("ValueFrom").and_then(|v| secret_source(env, v))
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
                    "its containers take secret {}, but no policy of the execution role `{role_id}` allows `{action}` on it: no task starts (ResourceInitializationError). Allow it on exactly the task's secrets: {statement}",
                    source.name()
                ),
            );
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
        }
    }
}
