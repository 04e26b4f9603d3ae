//! Services that deliver into resources of the stack: CloudWatch alarms, EventBridge rules and
//! S3 notifications publish to SNS topics; SNS subscriptions, EventBridge rules and S3
//! notifications send to SQS queues; CloudTrail writes log files to a bucket. Each delivery is a
//! request AWS evaluates twice — against the target's resource policy (`sns:Publish`,
//! `sqs:SendMessage`, `s3:PutObject`) and against the key that encrypts what is delivered
//! (`kms:GenerateDataKey`, `kms:Decrypt`, asked in the delivering service's name). Either refusal
//! loses the messages without an error anywhere a person looks, or fails the stack where the
//! service checks first (S3 notifications, CloudTrail); those sources must also be created after
//! the target's policy.
//!
//! The check finds each delivery in the template, builds the service's requests (principal,
//! `aws:SourceArn`, `aws:SourceAccount`, the encryption context) and evaluates the target's
//! policies with [`crate::policy::eval`]. A key, topic or queue outside the template is not
//! judged.

use std::collections::HashMap;

mod table;

use table::{GrantName, Row, grant};

use crate::check::resolve::{Env, referenced};
use crate::check::rules::log_bucket_not_sse_s3::Writer;
use crate::check::rules::queue_url_for_arn::queue;
use crate::check::{Findings, rules};
use crate::identity::{As, Named};
use crate::node::{Node, NodeMap};
use crate::policy::eval::{Caller, Decision, Request};
use crate::template::{ResourceDecl, Template};

/// What receives the deliveries.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Target {
    Topic,
    Queue,
    Bucket,
    /// A Lambda function, whose resource policy is its `AWS::Lambda::Permission`s.
    Function,
    /// A CloudWatch Logs log group, whose resource policies are the account's (every
    /// `AWS::Logs::ResourcePolicy` of the Region, together).
    LogGroup,
}

impl Target {
    pub(crate) fn what(self) -> &'static str {
        match self {
            Target::Topic => "topic",
            Target::Queue => "queue",
            Target::Bucket => "bucket",
            Target::Function => "function",
            Target::LogGroup => "log group",
        }
    }

    /// The AWS managed key whose policy cannot let another service in.
    pub(crate) fn managed_alias(self) -> Option<&'static str> {
        match self {
            Target::Topic => Some("alias/aws/sns"),
            Target::Queue => Some("alias/aws/sqs"),
            Target::Bucket | Target::Function | Target::LogGroup => None,
        }
    }
}

/// One delivery found in the template: a service writing into a target, and what AWS evaluates.
pub(crate) struct Delivery<'t> {
    /// The resource that delivers (alarm, rule, bucket, subscription, trail).
    pub(crate) source_id: &'t str,
    /// Who delivers, for messages: "CloudWatch (this alarm's actions)".
    pub(crate) who: &'static str,
    /// The delivering service's principal.
    pub(crate) principal: &'static str,
    pub(crate) target_id: &'t str,
    pub(crate) target: Target,
    /// The key that encrypts what is delivered, as the template names it.
    pub(crate) key: Option<&'t Node>,
    /// What KMS is asked, in the service's name.
    pub(crate) key_requests: Vec<Request>,
    /// The grant type that lets the service into a key.
    pub(crate) grant: Option<GrantName>,
    /// What happens when the key refuses.
    pub(crate) key_refused: &'static str,
    /// What the target's policy is asked.
    pub(crate) policy_requests: Vec<Request>,
    /// Whether the target's default policy (when the template gives none) lets the service in.
    pub(crate) default_policy_allows: bool,
    /// When AWS checks the target's policy as the source is created (so the source must depend
    /// on it): how the stack fails if the policy is not there yet.
    pub(crate) created_after: Option<&'static str>,
}

impl Delivery<'_> {
    /// The typed call that writes the key statement, for messages: `` `.grant(CloudWatchToTopics)` ``.
    pub(crate) fn grant(&self) -> String {
        self.grant.map_or_else(String::new, |name| format!("`.grant({})`", name()))
    }

    /// The actions the target's policy is asked for, for messages.
    pub(crate) fn policy_actions(&self) -> String {
        let mut actions: Vec<&str> = self.policy_requests.iter().map(|r| r.action.as_str()).collect();
        actions.dedup();
        actions.iter().map(|a| format!("`{a}`")).collect::<Vec<_>>().join(", ")
    }
}

pub(super) fn check<'t>(template: &'t Template, env: &Env<'t>, findings: &mut Findings<'_>) {
    let deliveries = deliveries(template, env, findings);
    if deliveries.is_empty() {
        return;
    }
    let mut key_policies: HashMap<&str, Node> = HashMap::new();
    for (id, decl) in &template.resources {
        if matches!(decl.resource_type.as_str(), "AWS::KMS::Key" | "AWS::KMS::ReplicaKey")
            && let Some(policy) = decl.properties.get("KeyPolicy")
        {
            key_policies.insert(id, env.resolve_all(policy));
        }
    }
    let resource_policies = resource_policies(template, env);
    for delivery in &deliveries {
        rules::delivery_managed_key::check(env, delivery, findings);
        rules::delivery_key_denies_service::check(env, &key_policies, delivery, findings);
        rules::delivery_policy_denies_service::check(env, &resource_policies, delivery, findings);
        if let Some(failure) = delivery.created_after {
            rules::delivery_before_policy::check(template, &resource_policies, delivery, failure, findings);
        }
    }
}

pub(crate) fn refuses(decision: &Decision) -> bool {
    matches!(decision, Decision::Denied { .. } | Decision::NotAllowed { .. })
}

/// A resource policy of the template, and the targets it is attached to.
pub(crate) struct AttachedPolicy<'t> {
    pub(crate) id: &'t str,
    pub(crate) document: Node,
    pub(crate) targets: Vec<&'t str>,
}

fn resource_policies<'t>(template: &'t Template, env: &Env<'t>) -> Vec<AttachedPolicy<'t>> {
    let mut found = Vec::new();
    for (id, decl) in &template.resources {
        let attached = match decl.resource_type.as_str() {
            "AWS::SNS::TopicPolicy" => "Topics",
            "AWS::SQS::QueuePolicy" => "Queues",
            "AWS::SNS::TopicInlinePolicy" => "TopicArn",
            "AWS::SQS::QueueInlinePolicy" => "Queue",
            "AWS::S3::BucketPolicy" => "Bucket",
            "AWS::Lambda::Permission" => {
                found.extend(lambda_permission(env, id, &decl.properties));
                continue;
            }
            _ => continue,
        };
        let Some(document) = decl.properties.get("PolicyDocument") else { continue };
        let mut targets = Vec::new();
        if let Some(attached) = decl.properties.get(attached) {
            let items = match attached {
                Node::List(items) => items.iter().collect(),
                one => vec![one],
            };
            for item in items {
                // `Ref X`, or the attribute that is the same value (a queue's URL, a topic's ARN).
                let target = ["AWS::SNS::Topic", "AWS::SQS::Queue", "AWS::S3::Bucket"]
                    .into_iter()
                    .find_map(|resource_type| referenced(env, item, resource_type));
                if let Some((target, attribute)) = target
                    && matches!(attribute.as_deref(), None | Some("QueueUrl" | "TopicArn"))
                {
                    targets.push(target);
                }
            }
        }
        found.push(AttachedPolicy { id, document: env.resolve_all(document), targets });
    }
    found.extend(log_resource_policies(template, env));
    found
}

/// The account's CloudWatch Logs resource policies in the template, as one policy over every log
/// group (AWS evaluates them together). `PolicyDocument` is JSON text, often an `Fn::Sub`; a
/// document that cannot be read is left out.
fn log_resource_policies<'t>(template: &'t Template, env: &Env<'t>) -> Option<AttachedPolicy<'t>> {
    let mut first = None;
    let mut statements = Vec::new();
    for (id, decl) in &template.resources {
        if decl.resource_type != "AWS::Logs::ResourcePolicy" {
            continue;
        }
        let Some(text) = decl.properties.get("PolicyDocument").and_then(|d| env.text(d)) else { continue };
        let Ok(json) = serde_json::from_str::<serde_json::Value>(&text) else { continue };
        let document = crate::format::node_from_json(json);
        match document.as_map().and_then(|d| d.get("Statement")) {
            Some(Node::List(items)) => statements.extend(items.iter().cloned()),
            Some(one) => statements.push(one.clone()),
            None => continue,
        }
        first.get_or_insert(id.as_str());
    }
    let targets = template
        .resources
        .iter()
        .filter(|(_, d)| d.resource_type == "AWS::Logs::LogGroup")
        .map(|(id, _)| id.as_str())
        .collect();
    let mut document = NodeMap::new();
    document.insert("Statement".to_owned(), Node::List(statements));
    Some(AttachedPolicy { id: first?, document: Node::Map(document), targets })
}

/// A topic named by `node`: its `Ref` (the ARN) or `Fn::GetAtt X.TopicArn`.
pub(crate) fn topic<'t>(env: &Env<'t>, node: &Node) -> Option<&'t str> {
    match referenced(env, node, "AWS::SNS::Topic")? {
        (id, None) => Some(id),
        (id, Some(attribute)) if attribute == "TopicArn" => Some(id),
        _ => None,
    }
}

pub(crate) fn items(node: Option<&Node>) -> Vec<&Node> {
    match node {
        Some(Node::List(items)) => items.iter().collect(),
        _ => Vec::new(),
    }
}

/// What a service delivering messages to a topic or queue asks, as the table's row says: the key
/// for a data key (in the service's name, with the target's ARN as encryption context), the
/// target's policy for `sns:Publish` / `sqs:SendMessage`.
fn message<'t>(
    env: &Env<'t>,
    template: &'t Template,
    source_id: &'t str,
    row: &Row,
    source_arn: Option<String>,
    target_id: &'t str,
) -> Option<Delivery<'t>> {
    let decl = template.resources.get(target_id)?;
    let (target_arn, context_key) = match row.target {
        Target::Topic => (env.topic_arn(target_id, 0), "kms:EncryptionContext:aws:sns:topicArn"),
        _ => (env.arn("sqs", &env.named(target_id, "QueueName", 0)), "kms:EncryptionContext:aws:sqs:arn"),
    };
    let mut context = Vec::new();
    if row.conditions.contains(&"aws:SourceAccount") {
        context.push(("aws:SourceAccount".to_owned(), env.deployment.account.clone()));
    }
    context.push(("aws:PrincipalIsAWSService".to_owned(), "true".to_owned()));
    if let Some(arn) = source_arn.filter(|_| row.conditions.contains(&"aws:SourceArn")) {
        context.push(("aws:SourceArn".to_owned(), arn));
    }
    let request = |action: &str, resource: &str, extra: Option<(&str, &str)>| {
        let mut request = Request::new(Caller::Service(row.principal.to_owned()), action, resource);
        request.context = context.clone();
        if let Some((key, value)) = extra {
            request = request.with(key, value);
        }
        request
    };
    Some(Delivery {
        source_id,
        who: row.who,
        principal: row.principal,
        target_id,
        target: row.target,
        key: decl.properties.get("KmsMasterKeyId"),
        key_requests: row
            .key_actions
            .iter()
            .map(|action| request(action, "", Some((context_key, &target_arn))))
            .collect(),
        grant: Some(row.grant),
        key_refused: row.failure,
        policy_requests: vec![request(row.action, &target_arn, None)],
        default_policy_allows: row.target == Target::Topic && row.principal == "cloudwatch.amazonaws.com",
        created_after: match row.principal {
            "s3.amazonaws.com" => Some(S3_VALIDATES),
            "cloudtrail.amazonaws.com" => Some(TRAIL_CHECKS_TOPIC),
            _ => None,
        },
    })
}

/// How a stack fails when S3 notifications are configured before the destination's policy.
const S3_VALIDATES: &str = "S3 validates the destination when the notification is configured, and fails the stack (\"Unable to validate the following destination configurations\")";

/// How a stack fails when a trail notifies a topic before the topic's policy lets it.
const TRAIL_CHECKS_TOPIC: &str = "CloudTrail checks the topic policy when the trail is created, and fails the stack (InsufficientSnsTopicPolicyException)";

/// What a trail asks when it delivers log files: its key (`KMSKeyId`) for a data key with the
/// trail's ARN as encryption context, and to describe the key; the bucket's policy for
/// `s3:GetBucketAcl` and `s3:PutObject` (with the `bucket-owner-full-control` ACL) under
/// `<prefix>/AWSLogs/<account>/`.
fn trail<'t>(env: &Env<'t>, id: &'t str, decl: &'t ResourceDecl) -> Option<Delivery<'t>> {
    // `S3BucketName` takes the bucket's name: `Ref B`, a literal name, a parameter's default.
    let (bucket_id, _) = bucket_by_name(env, decl.properties.get("S3BucketName")?)?;
    let trail_arn = env.arn("cloudtrail", &format!("trail/{}", env.named(id, "TrailName", 0)));
    let prefix = match decl.properties.get("S3KeyPrefix") {
        Some(prefix) => env.text(prefix)?,
        None => String::new(),
    };
    let (bucket_arn, objects) = log_files(env, bucket_id, &prefix);
    let request = |action: &str, resource: &str| {
        from_service(env, "cloudtrail.amazonaws.com", Some(&trail_arn), action, resource)
    };
    Some(Delivery {
        source_id: id,
        who: "CloudTrail (this trail)",
        principal: "cloudtrail.amazonaws.com",
        target_id: bucket_id,
        target: Target::Bucket,
        key: decl.properties.get("KMSKeyId"),
        key_requests: vec![
            request("kms:GenerateDataKey", "").with("kms:EncryptionContext:aws:cloudtrail:arn", &trail_arn),
            request("kms:DescribeKey", ""),
        ],
        grant: Some(grant::<crate::proof::grants::CloudTrailGrant>),
        key_refused: "the stack fails when the trail is created (InsufficientEncryptionPolicyException)",
        policy_requests: vec![
            request("s3:GetBucketAcl", &bucket_arn),
            request("s3:PutObject", &objects).with("s3:x-amz-acl", "bucket-owner-full-control"),
        ],
        default_policy_allows: false,
        created_after: Some(
            "CloudTrail checks the bucket policy when the trail is created, and fails the stack (InsufficientS3BucketPolicyException)",
        ),
    })
}

/// What a service asks when it writes log events into a log group: `logs:CreateLogStream` and
/// `logs:PutLogEvents` on the group's streams, judged against the account's resource policies.
fn to_log_group<'t>(
    env: &Env<'t>,
    source_id: &'t str,
    who: &'static str,
    principal: &'static str,
    source_arn: Option<&str>,
    group_id: &'t str,
    created_after: Option<&'static str>,
) -> Delivery<'t> {
    let streams = format!("{}:log-stream:«stream»", env.deployment.log_group_arn(&env.log_group_name(group_id, 0)));
    Delivery {
        source_id,
        who,
        principal,
        target_id: group_id,
        target: Target::LogGroup,
        key: None,
        key_requests: Vec::new(),
        grant: None,
        key_refused: "",
        policy_requests: ["logs:CreateLogStream", "logs:PutLogEvents"]
            .into_iter()
            .map(|action| from_service(env, principal, source_arn, action, &streams))
            .collect(),
        default_policy_allows: false,
        created_after,
    }
}

/// The resource policy an `AWS::Lambda::Permission` adds to its function, as one statement:
/// the principal (a service, or an account), the action, and the source conditions.
fn lambda_permission<'t>(
    env: &Env<'t>,
    id: &'t str,
    properties: &crate::template::resource::Properties,
) -> Option<AttachedPolicy<'t>> {
    let (function, _) = referenced(env, properties.get("FunctionName")?, "AWS::Lambda::Function")?;
    let principal = env.text(properties.get("Principal")?)?;
    let mut who = NodeMap::new();
    let kind = if principal.ends_with(".amazonaws.com") { "Service" } else { "AWS" };
    who.insert(kind.to_owned(), Node::string(principal));
    let mut statement = NodeMap::new();
    statement.insert("Effect".to_owned(), Node::string("Allow"));
    statement.insert("Principal".to_owned(), Node::Map(who));
    statement.insert("Action".to_owned(), properties.get("Action")?.clone());
    statement.insert("Resource".to_owned(), Node::string("*"));
    let mut conditions = NodeMap::new();
    for (property, operator, key) in
        [("SourceArn", "ArnLike", "aws:SourceArn"), ("SourceAccount", "StringEquals", "aws:SourceAccount")]
    {
        if let Some(value) = properties.get(property) {
            let mut condition = NodeMap::new();
            condition.insert(key.to_owned(), value.clone());
            conditions.insert(operator.to_owned(), Node::Map(condition));
        }
    }
    if !conditions.is_empty() {
        statement.insert("Condition".to_owned(), Node::Map(conditions));
    }
    let mut document = NodeMap::new();
    document.insert("Statement".to_owned(), Node::List(vec![Node::Map(statement)]));
    Some(AttachedPolicy { id, document: env.resolve_all(&Node::Map(document)), targets: vec![function] })
}

/// What S3 asks when a bucket notifies a Lambda function: its permission to invoke the
/// function, which S3 checks when the notification is configured.
fn invoke<'t>(env: &Env<'t>, bucket_id: &'t str, bucket_arn: Option<&str>, function_id: &'t str) -> Delivery<'t> {
    let function_arn = env.arn("lambda", &format!("function:{}", env.named(function_id, "FunctionName", 0)));
    Delivery {
        source_id: bucket_id,
        who: "S3 (this bucket's event notifications)",
        principal: "s3.amazonaws.com",
        target_id: function_id,
        target: Target::Function,
        key: None,
        key_requests: Vec::new(),
        grant: None,
        key_refused: "",
        policy_requests: vec![from_service(
            env,
            "s3.amazonaws.com",
            bucket_arn,
            "lambda:InvokeFunction",
            &function_arn,
        )],
        default_policy_allows: false,
        created_after: Some(S3_VALIDATES),
    }
}

/// A bucket of the template named as a destination ARN, with the prefix after it:
/// `Fn::GetAtt B.Arn`, `Fn::Sub "${B.Arn}/prefix"`, `Fn::Join ["", [Fn::GetAtt B.Arn, "/prefix"]]`,
/// or the ARN built from the bucket's name (`arn:${AWS::Partition}:s3:::${B}/prefix`).
fn bucket_destination<'t>(env: &Env<'t>, node: &Node) -> Option<(&'t str, String)> {
    match env.names(node, "AWS::S3::Bucket") {
        Named::Resource { id, form: As::Arn, rest } => Some((id, rest.trim_matches('/').to_owned())),
        _ => None,
    }
}

/// How a vended-logs source created before its bucket's policy fails.
const VENDED_CHECKS: &str = "the service checks the bucket policy when its logging is turned on, and fails the stack (\"Access Denied for LogDestination\")";

/// What the log delivery service asks when it writes vended logs (flow logs, Resolver query
/// logs) to a bucket: the bucket's default key for a data key, the bucket's policy for
/// `s3:GetBucketAcl` and `s3:PutObject` under `<prefix>/AWSLogs/<account>/`.
fn vended<'t>(
    env: &Env<'t>,
    template: &'t Template,
    id: &'t str,
    bucket_id: &'t str,
    prefix: &str,
    created_after: Option<&'static str>,
) -> Option<Delivery<'t>> {
    let bucket = template.resources.get(bucket_id)?;
    let (bucket_arn, objects) = log_files(env, bucket_id, prefix);
    let source = env.arn("logs", "«log delivery»");
    let request = |action: &str, resource: &str| {
        from_service(env, "delivery.logs.amazonaws.com", Some(&source), action, resource)
    };
    Some(Delivery {
        source_id: id,
        who: "the log delivery service (writing this resource's logs)",
        principal: "delivery.logs.amazonaws.com",
        target_id: bucket_id,
        target: Target::Bucket,
        key: default_kms_key(&bucket.properties),
        key_requests: vec![request("kms:GenerateDataKey", "")],
        grant: Some(grant::<crate::proof::grants::LogDeliveryGrant>),
        key_refused: "no log file is delivered",
        policy_requests: vec![
            request("s3:GetBucketAcl", &bucket_arn),
            request("s3:PutObject", &objects).with("s3:x-amz-acl", "bucket-owner-full-control"),
        ],
        // With no bucket policy in the template, AWS writes one itself.
        default_policy_allows: true,
        created_after,
    })
}

/// Whether a bucket's default encryption is SSE-KMS (or DSSE-KMS), with a key it names or with
/// the AWS managed key `aws/s3`.
pub(crate) fn default_sse_kms(properties: &crate::template::resource::Properties) -> bool {
    let Some(rules) = properties
        .get("BucketEncryption")
        .and_then(Node::as_map)
        .and_then(|e| e.get("ServerSideEncryptionConfiguration"))
    else {
        return false;
    };
    items(Some(rules)).into_iter().any(|rule| {
        let algorithm = rule
            .as_map()
            .and_then(|r| r.get("ServerSideEncryptionByDefault"))
            .and_then(Node::as_map)
            .and_then(|d| d.get("SSEAlgorithm"))
            .and_then(Node::as_str);
        matches!(algorithm, Some("aws:kms" | "aws:kms:dsse"))
    })
}

/// The customer key of a bucket's default encryption (SSE-KMS), as the template names it.
pub(crate) fn default_kms_key(properties: &crate::template::resource::Properties) -> Option<&Node> {
    let rules = properties.get("BucketEncryption")?.as_map()?.get("ServerSideEncryptionConfiguration")?;
    items(Some(rules)).into_iter().find_map(|rule| {
        let by_default = rule.as_map()?.get("ServerSideEncryptionByDefault")?.as_map()?;
        matches!(by_default.get("SSEAlgorithm")?.as_str()?, "aws:kms" | "aws:kms:dsse")
            .then(|| by_default.get("KMSMasterKeyID"))?
    })
}

/// A service's request for its resource `source_arn` in this account.
fn from_service(env: &Env<'_>, principal: &str, source_arn: Option<&str>, action: &str, resource: &str) -> Request {
    let mut request = Request::new(Caller::Service(principal.to_owned()), action, resource)
        .with("aws:SourceAccount", env.deployment.account.clone())
        .with("aws:PrincipalIsAWSService", "true");
    if let Some(arn) = source_arn {
        request = request.with("aws:SourceArn", arn);
    }
    request
}

/// A bucket's ARN, and the ARN of a log file a service writes under
/// `[<prefix>/]AWSLogs/<account>/` in it (the layout CloudTrail, vended logs and load balancers
/// share).
fn log_files(env: &Env<'_>, bucket_id: &str, prefix: &str) -> (String, String) {
    let bucket = bucket_arn(env, bucket_id);
    let prefix = prefix.trim_matches('/');
    let prefix = if prefix.is_empty() { String::new() } else { format!("{prefix}/") };
    let objects = format!("{bucket}/{prefix}AWSLogs/{}/«log file»", env.deployment.account);
    (bucket, objects)
}

/// The bucket of the template a property that takes a bucket's name names: `Ref B`, `${B}`, the
/// bucket's literal name, a parameter whose default is it, an import of it in an app.
fn bucket_by_name<'t>(env: &Env<'t>, node: &Node) -> Option<(&'t str, &'t ResourceDecl)> {
    match env.named_whole(node, "AWS::S3::Bucket")? {
        (id, As::Name) => Some((id, env.template().resources.get(id)?)),
        _ => None,
    }
}

/// A bucket's ARN in the deployment.
fn bucket_arn(env: &Env<'_>, bucket_id: &str) -> String {
    format!("arn:{}:s3:::{}", env.deployment.partition, env.named(bucket_id, "BucketName", 0))
}

/// A load balancer's access logs: an Application Load Balancer's are written by the Region's
/// Elastic Load Balancing account (or its log delivery principal) into an SSE-S3 bucket; a Network
/// Load Balancer's are vended logs.
fn load_balancer<'t>(
    env: &Env<'t>,
    template: &'t Template,
    id: &'t str,
    props: &NodeMap,
    findings: &mut Findings<'_>,
) -> Option<Delivery<'t>> {
    let attributes = items(props.get("LoadBalancerAttributes"));
    // A misspelt key is read as the key it was meant to be: the misspelling is a finding of its own.
    let kind = props.get("Type").map_or_else(|| Some("application".to_owned()), |t| env.text(t));
    let attribute = |key: &str| {
        attributes
            .iter()
            .filter_map(|a| a.as_map())
            .find(|a| {
                a.get("Key")
                    .and_then(|k| env.text(k))
                    .and_then(|k| rules::load_balancer_attribute_unknown::meant(&k, kind.as_deref()))
                    == Some(key)
            })
            .and_then(|a| a.get("Value"))
    };
    if attribute("access_logs.s3.enabled").and_then(|v| env.text(v)).as_deref() != Some("true") {
        return None;
    }
    let (bucket_id, bucket_decl) = bucket_by_name(env, attribute("access_logs.s3.bucket")?)?;
    let prefix = match attribute("access_logs.s3.prefix") {
        Some(prefix) => env.text(prefix)?,
        None => String::new(),
    };
    if props.get("Type").and_then(Node::as_str) == Some("network") {
        return vended(env, template, id, bucket_id, &prefix, Some(VENDED_CHECKS));
    }
    rules::log_bucket_not_sse_s3::check(id, bucket_id, bucket_decl, Writer::LoadBalancer, findings);
    let d = &env.deployment;
    let (_, objects) = log_files(env, bucket_id, &prefix);
    let (caller, principal) = match crate::data::ELB_LOG_ACCOUNTS.iter().find(|(region, _)| *region == d.region) {
        Some((_, arn)) => {
            let account = arn.split(':').nth(4).unwrap_or_default().to_owned();
            (Caller::Aws { arn: (*arn).to_owned(), account }, *arn)
        }
        None => (
            Caller::Service("logdelivery.elasticloadbalancing.amazonaws.com".to_owned()),
            "logdelivery.elasticloadbalancing.amazonaws.com",
        ),
    };
    Some(Delivery {
        source_id: id,
        who: "Elastic Load Balancing (this load balancer's access logs)",
        principal,
        target_id: bucket_id,
        target: Target::Bucket,
        key: None,
        key_requests: Vec::new(),
        grant: None,
        key_refused: "",
        policy_requests: vec![Request::new(caller, "s3:PutObject", objects)],
        default_policy_allows: false,
        created_after: Some(
            "Elastic Load Balancing checks the bucket policy when access logs are turned on, and fails the stack (\"Access Denied for bucket\")",
        ),
    })
}

/// A bucket's server access logs: S3's logging service writes them into the target bucket, which
/// must let `logging.s3.amazonaws.com` put objects (or grant the log delivery group by ACL) and
/// be encrypted with SSE-S3.
fn server_access_logs<'t>(
    env: &Env<'t>,
    id: &'t str,
    props: &NodeMap,
    findings: &mut Findings<'_>,
) -> Option<Delivery<'t>> {
    let logging = props.get("LoggingConfiguration")?.as_map()?;
    let (target_id, target) = bucket_by_name(env, logging.get("DestinationBucketName")?)?;
    rules::log_bucket_not_sse_s3::check(id, target_id, target, Writer::ServerAccessLogs, findings);
    rules::delivery_bucket_object_lock::server_access_logs(id, target_id, target, findings);
    let prefix = match logging.get("LogFilePrefix") {
        Some(prefix) => env.text(prefix)?,
        None => String::new(),
    };
    let objects = format!("{}/{prefix}«log file»", bucket_arn(env, target_id));
    let request = from_service(env, "logging.s3.amazonaws.com", Some(&bucket_arn(env, id)), "s3:PutObject", &objects);
    let by_acl = target.properties.get("AccessControl").and_then(Node::as_str) == Some("LogDeliveryWrite");
    Some(Delivery {
        source_id: id,
        who: "S3 (this bucket's server access logs)",
        principal: "logging.s3.amazonaws.com",
        target_id,
        target: Target::Bucket,
        key: None,
        key_requests: Vec::new(),
        grant: None,
        key_refused: "",
        policy_requests: vec![request],
        default_policy_allows: by_acl,
        created_after: None,
    })
}

/// A distribution's standard (legacy) access logs: CloudFront names the bucket by its domain
/// name, writes through the bucket's ACL (so the bucket must have ACLs enabled: since April 2023
/// a bucket's `ObjectOwnership` defaults to `BucketOwnerEnforced`, which disables them), and asks
/// the bucket's default key for data keys as `delivery.logs.amazonaws.com`, with no source keys.
fn cloudfront_logs<'t>(
    env: &Env<'t>,
    template: &'t Template,
    id: &'t str,
    props: &NodeMap,
    findings: &mut Findings<'_>,
) -> Option<Delivery<'t>> {
    let logging = props.get("DistributionConfig")?.as_map()?.get("Logging")?.as_map()?;
    let (bucket_id, domain) = log_bucket_domain(env, logging.get("Bucket")?)?;
    rules::log_bucket_not_domain_name::check(id, bucket_id, domain, findings);
    let bucket = template.resources.get(bucket_id)?;
    rules::log_bucket_acls_disabled::check(id, bucket_id, bucket, findings);
    let request = Request::new(Caller::Service("delivery.logs.amazonaws.com".to_owned()), "kms:GenerateDataKey", "");
    Some(Delivery {
        source_id: id,
        who: "CloudFront (this distribution's standard logs)",
        principal: "delivery.logs.amazonaws.com",
        target_id: bucket_id,
        target: Target::Bucket,
        key: default_kms_key(&bucket.properties),
        key_requests: vec![request],
        grant: Some(grant::<crate::proof::grants::CloudFrontLogsGrant>),
        key_refused: "no log file is delivered",
        // Written through the bucket's ACL, which CloudFront sets itself: the policy is not asked.
        policy_requests: Vec::new(),
        default_policy_allows: true,
        created_after: None,
    })
}

/// A bucket of the template named as a CloudFront logging bucket, and whether it is named by its
/// domain name: `Fn::GetAtt B.DomainName` / `RegionalDomainName` / `DualStackDomainName`,
/// `Fn::Sub "${B}.s3.amazonaws.com"`, `Fn::Join ["", [Ref B, ".s3.amazonaws.com"]]`, the literal
/// `<name>.s3.amazonaws.com`; its name (`Ref B`, a literal) or its ARN is not one.
fn log_bucket_domain<'t>(env: &Env<'t>, node: &Node) -> Option<(&'t str, bool)> {
    match env.names(node, "AWS::S3::Bucket") {
        Named::Resource { id, form, rest } if rest.is_empty() => {
            Some((id, matches!(form, As::DomainName | As::RegionalDomainName | As::DualStackDomainName)))
        }
        _ => None,
    }
}

/// What AWS Config asks when its delivery channel writes configuration snapshots and history to
/// a bucket: `s3:GetBucketAcl` and `s3:ListBucket` on the bucket, `s3:PutObject` (with the
/// `bucket-owner-full-control` ACL) under `[<prefix>/]AWSLogs/<account>/Config/`. Config checks
/// the policy when the channel is created (InsufficientDeliveryPolicyException). Config writes as
/// its service principal when the recorder uses the service-linked role; a recorder of the
/// template with a role of its own writes with that role's permissions, and the bucket's policy
/// is not asked (the role's own policies are not judged here).
fn config_channel<'t>(
    env: &Env<'t>,
    template: &'t Template,
    id: &'t str,
    props: &'t NodeMap,
    findings: &mut Findings<'_>,
) -> Option<Delivery<'t>> {
    let (bucket_id, bucket) = bucket_by_name(env, props.get("S3BucketName")?)?;
    rules::delivery_bucket_object_lock::check(id, bucket_id, bucket, findings);
    let own_role = template.resources.values().filter(|r| r.resource_type == "AWS::Config::ConfigurationRecorder").any(
        |recorder| {
            recorder
                .properties
                .get("RoleARN")
                .and_then(|role| env.text(role))
                .is_some_and(|role| !role.contains(":role/aws-service-role/config.amazonaws.com/"))
        },
    );
    if own_role {
        return None;
    }
    let prefix = match props.get("S3KeyPrefix") {
        Some(prefix) => format!("{}/", env.text(prefix)?.trim_matches('/')),
        None => String::new(),
    };
    let arn = bucket_arn(env, bucket_id);
    let d = &env.deployment;
    let request = |action: &str, resource: &str| from_service(env, "config.amazonaws.com", None, action, resource);
    Some(Delivery {
        source_id: id,
        who: "AWS Config (this delivery channel)",
        principal: "config.amazonaws.com",
        target_id: bucket_id,
        target: Target::Bucket,
        // The channel's own key, or else the bucket's default one.
        key: props.get("S3KmsKeyArn").or_else(|| default_kms_key(&bucket.properties)),
        key_requests: vec![request("kms:GenerateDataKey", "")],
        grant: Some(grant::<crate::proof::grants::ConfigDeliveryGrant>),
        key_refused: "no configuration snapshot or history is delivered",
        policy_requests: vec![
            request("s3:GetBucketAcl", &arn),
            request("s3:ListBucket", &arn),
            request("s3:PutObject", &format!("{arn}/{prefix}AWSLogs/{}/Config/«snapshot»", d.account))
                .with("s3:x-amz-acl", "bucket-owner-full-control"),
        ],
        default_policy_allows: false,
        created_after: Some(
            "AWS Config checks the bucket policy when the delivery channel is created, and fails the stack (InsufficientDeliveryPolicyException)",
        ),
    })
}

/// Every delivery to a topic, queue or bucket of the template.
fn deliveries<'t>(template: &'t Template, env: &Env<'t>, findings: &mut Findings<'_>) -> Vec<Delivery<'t>> {
    let mut found = Vec::new();
    // Found while `to` borrows `found`: added after the loop.
    let mut later = Vec::new();
    for (id, decl) in &template.resources {
        let props = &decl.properties;
        let id = id.as_str();
        let mut to = |row: &Row, source_arn: &Option<String>, target_id| {
            found.extend(message(env, template, id, row, source_arn.clone(), target_id));
        };
        match decl.resource_type.as_str() {
            // A metric alarm's and a composite alarm's ARNs have one form:
            // `arn:…:cloudwatch:<region>:<account>:alarm:<name>`.
            "AWS::CloudWatch::Alarm" | "AWS::CloudWatch::CompositeAlarm" => {
                let arn = Some(env.arn("cloudwatch", &format!("alarm:{}", env.named(id, "AlarmName", 0))));
                let Some(row) = table::ROWS.iter().find(|row| row.resource_type == decl.resource_type) else {
                    continue;
                };
                for action in (row.targets)(props.as_map()) {
                    if let Some(topic) = topic(env, action) {
                        to(row, &arn, topic);
                    }
                }
            }
            "AWS::Events::Rule" => {
                let arn = Some(env.arn("events", &format!("rule/{}", env.named(id, "Name", 0))));
                for destination in (table::RULE_TO_TOPIC.targets)(props.as_map()) {
                    if let Some((group, Some(attribute))) = referenced(env, destination, "AWS::Logs::LogGroup")
                        && attribute == "Arn"
                    {
                        later.push(to_log_group(
                            env,
                            id,
                            "EventBridge (this rule's target)",
                            "events.amazonaws.com",
                            arn.as_deref(),
                            group,
                            None,
                        ));
                    } else if let Some(topic) = topic(env, destination) {
                        to(&table::RULE_TO_TOPIC, &arn, topic);
                    } else if let Some(queue) = queue(env, destination, id, findings) {
                        to(&table::RULE_TO_QUEUE, &arn, queue);
                    }
                }
            }
            "AWS::ElasticLoadBalancingV2::LoadBalancer" => {
                found.extend(load_balancer(env, template, id, props.as_map(), findings))
            }
            "AWS::S3::Bucket" => {
                later.extend(server_access_logs(env, id, props.as_map(), findings));
                let arn = Some(env.arn_of(id));
                let Some(notifications) = props.get("NotificationConfiguration").and_then(Node::as_map) else {
                    continue;
                };
                for destination in (table::S3_TO_TOPIC.targets)(props.as_map()) {
                    if let Some(topic) = topic(env, destination) {
                        to(&table::S3_TO_TOPIC, &arn, topic);
                    }
                }
                for entry in items(notifications.get("LambdaConfigurations")) {
                    let function = entry
                        .as_map()
                        .and_then(|e| e.get("Function"))
                        .and_then(|f| referenced(env, f, "AWS::Lambda::Function"));
                    if let Some((function_id, Some(attribute))) = function
                        && attribute == "Arn"
                    {
                        later.push(invoke(env, id, arn.as_deref(), function_id));
                    }
                }
                for destination in (table::S3_TO_QUEUE.targets)(props.as_map()) {
                    if let Some(queue) = queue(env, destination, id, findings) {
                        to(&table::S3_TO_QUEUE, &arn, queue);
                    }
                }
            }
            "AWS::SNS::Subscription" => {
                let arn = props.get("TopicArn").and_then(|topic_arn| env.text(topic_arn));
                for endpoint in (table::SUBSCRIPTION.targets)(props.as_map()) {
                    if let Some(queue) = queue(env, endpoint, id, findings) {
                        to(&table::SUBSCRIPTION, &arn, queue);
                    }
                }
            }
            "AWS::SNS::Topic" => {
                let arn = Some(env.topic_arn(id, 0));
                for endpoint in (table::TOPIC_SUBSCRIPTION.targets)(props.as_map()) {
                    if let Some(queue) = queue(env, endpoint, id, findings) {
                        to(&table::TOPIC_SUBSCRIPTION, &arn, queue);
                    }
                }
            }
            "AWS::CloudTrail::Trail" => {
                // `SnsTopicName` takes the topic's name or its ARN.
                let notified = (table::TRAIL.targets)(props.as_map()).into_iter().find_map(|t| {
                    match referenced(env, t, "AWS::SNS::Topic")? {
                        (id, None) => Some(id),
                        (id, Some(attribute)) => matches!(attribute.as_str(), "TopicArn" | "TopicName").then_some(id),
                    }
                });
                if let Some(topic) = notified {
                    let arn = Some(env.arn("cloudtrail", &format!("trail/{}", env.named(id, "TrailName", 0))));
                    to(&table::TRAIL, &arn, topic);
                }
                found.extend(trail(env, id, decl));
            }
            "AWS::Budgets::Budget" => {
                let name = props
                    .get("Budget")
                    .and_then(Node::as_map)
                    .and_then(|b| b.get("BudgetName"))
                    .and_then(|n| env.text(n));
                let d = &env.deployment;
                let arn = Some(format!(
                    "arn:{}:budgets::{}:budget/{}",
                    d.partition,
                    d.account,
                    name.unwrap_or_else(|| format!("«{id}»"))
                ));
                for address in (table::BUDGET.targets)(props.as_map()) {
                    if let Some(topic) = topic(env, address) {
                        to(&table::BUDGET, &arn, topic);
                    }
                }
            }
            // A hosted zone's query logs, configured on the zone or as a resource of their own:
            // Route 53 writes them through the account's CloudWatch Logs resource policies, which
            // must let `route53.amazonaws.com` in before the configuration is created
            // (https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/query-logs.html).
            "AWS::Route53::HostedZone" | "AWS::Route53::QueryLoggingConfig" => {
                let (config, zone_name, who) = if decl.resource_type == "AWS::Route53::HostedZone" {
                    let config = props
                        .get("QueryLoggingConfig")
                        .and_then(Node::as_map)
                        .and_then(|c| c.get("CloudWatchLogsLogGroupArn"));
                    (config, format!("«{id}»"), "Route 53 (this hosted zone's query logs)")
                } else {
                    let zone = props.get("HostedZoneId").and_then(|z| env.text(z)).unwrap_or_else(|| format!("«{id}»"));
                    (props.get("CloudWatchLogsLogGroupArn"), zone, "Route 53 (this query logging configuration)")
                };
                if let Some((group, Some(attribute))) = config.and_then(|c| referenced(env, c, "AWS::Logs::LogGroup"))
                    && attribute == "Arn"
                {
                    let zone = Some(format!("arn:{}:route53:::hostedzone/{zone_name}", env.deployment.partition));
                    let failure = "Route 53 checks the account's CloudWatch Logs resource policies when query logging is configured, and fails the stack (InsufficientCloudWatchLogsResourcePolicy)";
                    later.push(to_log_group(
                        env,
                        id,
                        who,
                        "route53.amazonaws.com",
                        zone.as_deref(),
                        group,
                        Some(failure),
                    ));
                }
            }
            "AWS::CloudFront::Distribution" => {
                found.extend(cloudfront_logs(env, template, id, props.as_map(), findings))
            }
            "AWS::Config::DeliveryChannel" => {
                rules::config_topic_encrypted::check(env, id, props.as_map(), findings);
                found.extend(config_channel(env, template, id, props.as_map(), findings));
            }
            "AWS::EC2::FlowLog" if props.get("LogDestinationType").and_then(Node::as_str) == Some("s3") => {
                // A flow log created before the bucket's policy does not fail: AWS attaches the
                // policy the log delivery service needs itself when the flow log's creator may
                // (https://docs.aws.amazon.com/vpc/latest/userguide/flow-logs-s3-permissions.html),
                // and the template's policy, once written, is judged like any other.
                if let Some((bucket, prefix)) = props.get("LogDestination").and_then(|d| bucket_destination(env, d)) {
                    found.extend(vended(env, template, id, bucket, &prefix, None));
                }
            }
            "AWS::Route53Resolver::ResolverQueryLoggingConfig" => {
                if let Some((bucket, prefix)) = props.get("DestinationArn").and_then(|d| bucket_destination(env, d)) {
                    found.extend(vended(env, template, id, bucket, &prefix, Some(VENDED_CHECKS)));
                }
            }
            _ => {}
        }
    }
    found.extend(later);
    found
}
