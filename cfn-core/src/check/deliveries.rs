//! Services that deliver into resources of the stack: CloudWatch alarms, EventBridge rules, S3
//! notifications, CloudTrail and AWS Budgets publish to SNS topics; SNS subscriptions, EventBridge
//! rules and S3 notifications send to SQS queues; S3 invokes Lambda functions; EventBridge and
//! Route 53 write into log groups; CloudTrail, AWS Config, load balancers, S3 server access logs,
//! CloudFront and the log delivery service write log files into buckets. Each delivery is a
//! request AWS evaluates twice — against the target's resource policy (`sns:Publish`,
//! `sqs:SendMessage`, `s3:PutObject`, …) and against the key that encrypts what is delivered
//! (`kms:GenerateDataKey`, `kms:Decrypt`, asked in the delivering service's name). Either refusal
//! loses the messages or logs without an error anywhere a person looks, or fails the stack where
//! the service checks first (S3 notifications, CloudTrail, AWS Config, …); those sources must
//! also be created after the target's policy.
//!
//! Every delivery is a row of [`table`]. The check finds each row's targets in the template,
//! builds the service's requests as the row says (principal, `aws:SourceArn`,
//! `aws:SourceAccount`, the encryption context) and evaluates the target's policies with
//! [`crate::policy::eval`]. A key, topic, queue or bucket outside the template is not judged.

use std::collections::HashMap;

mod table;

use table::{Context, DefaultPolicy, GrantName, KeyFrom, On, Principal, Row, TargetKind};

use crate::check::resolve::{Env, referenced};
use crate::check::rules::queue_url_for_arn::queue;
use crate::check::{Findings, rules};
use crate::identity::{As, Named};
use crate::node::{Node, NodeMap};
use crate::policy::eval::{Caller, Decision, Request};
use crate::reference::ResourceRef;
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

    /// The order a source's deliveries are judged in, and so the order of its findings under one
    /// rule: topics and queues, then buckets, then functions and log groups.
    fn rank(self) -> u8 {
        match self {
            Target::Topic | Target::Queue => 0,
            Target::Bucket => 1,
            Target::Function | Target::LogGroup => 2,
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
    /// The target as the source's property names it, for the findings to carry.
    pub(crate) target_refs: Vec<ResourceRef>,
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
/// group (AWS evaluates them together). `PolicyDocument` is JSON text, often an `Fn::Sub`. A
/// document whose text cannot be known or read stands in the policy as a statement that may
/// allow anything (the evaluator answers "unknown" for what is not a statement mapping): what it
/// says is not known, so it is not judged to refuse, while a readable statement's `Deny` still
/// holds.
fn log_resource_policies<'t>(template: &'t Template, env: &Env<'t>) -> Option<AttachedPolicy<'t>> {
    let mut first = None;
    let mut statements = Vec::new();
    for (id, decl) in &template.resources {
        if decl.resource_type != "AWS::Logs::ResourcePolicy" {
            continue;
        }
        let text = decl.properties.get("PolicyDocument").and_then(|d| env.text(d));
        let document = text.as_deref().map(crate::format::read_json);
        match document.as_ref().map(|d| d.as_ref().ok().and_then(|d| d.as_map()?.get("Statement"))) {
            Some(Some(Node::List(items))) => statements.extend(items.iter().cloned()),
            Some(Some(one)) => statements.push(one.clone()),
            _ => statements.push(Node::string(format!("the policy of `{id}`, which cannot be read"))),
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

/// A bucket of the template named as a destination ARN, with the prefix after it:
/// `Fn::GetAtt B.Arn`, `Fn::Sub "${B.Arn}/prefix"`, `Fn::Join ["", [Fn::GetAtt B.Arn, "/prefix"]]`,
/// or the ARN built from the bucket's name (`arn:${AWS::Partition}:s3:::${B}/prefix`).
fn bucket_destination<'t>(env: &Env<'t>, node: &Node) -> Option<(&'t str, String)> {
    match env.names(node, "AWS::S3::Bucket") {
        Named::Resource { id, form: As::Arn, rest } => Some((id, rest.trim_matches('/').to_owned())),
        _ => None,
    }
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

/// A target a row's property names, found in the template: what the row's checks judge and the
/// delivery is built on.
pub(crate) struct Reached<'t> {
    /// The resource that delivers.
    pub(crate) source_id: &'t str,
    /// The target's logical ID and declaration.
    pub(crate) id: &'t str,
    pub(crate) decl: &'t ResourceDecl,
    /// How the value names it (its ARN, its name, its domain name, …), where the identity model
    /// says.
    pub(crate) form: Option<As>,
    /// What follows the target's ARN in the value (the prefix of a bucket named by its ARN).
    pub(crate) rest: String,
    /// The target as the value names it, for findings to carry.
    pub(crate) refs: Vec<ResourceRef>,
}

/// The resource of the template `node` names as `kind` takes it, or `None` (a value that names
/// something else, or nothing of the template). A queue named by its URL or name is reported
/// here (`queue-url-for-arn`).
fn reach<'t>(
    env: &Env<'t>,
    kind: TargetKind,
    node: &Node,
    source_id: &'t str,
    findings: &mut Findings<'_>,
) -> Option<Reached<'t>> {
    let with_attribute = |resource_type: &str, accepted: &[Option<&str>]| {
        let (id, attribute) = referenced(env, node, resource_type)?;
        accepted.contains(&attribute.as_deref()).then_some((id, None, String::new()))
    };
    let (id, form, rest) = match kind {
        TargetKind::Topic => (topic(env, node)?, None, String::new()),
        TargetKind::TopicArnOrName => with_attribute("AWS::SNS::Topic", &[None, Some("TopicArn"), Some("TopicName")])?,
        TargetKind::Queue => (queue(env, node, source_id, findings)?, Some(As::Arn), String::new()),
        TargetKind::Function => with_attribute("AWS::Lambda::Function", &[Some("Arn")])?,
        TargetKind::LogGroup => with_attribute("AWS::Logs::LogGroup", &[Some("Arn")])?,
        TargetKind::BucketName => (bucket_by_name(env, node)?.0, Some(As::Name), String::new()),
        TargetKind::BucketArnPrefix => {
            let (id, prefix) = bucket_destination(env, node)?;
            (id, Some(As::Arn), prefix)
        }
        TargetKind::BucketAnyForm => match env.names(node, "AWS::S3::Bucket") {
            Named::Resource { id, form, rest } if rest.is_empty() => (id, Some(form), String::new()),
            _ => return None,
        },
    };
    let decl = env.template().resources.get(id)?;
    let refs = env.ref_to(node, id, &decl.resource_type);
    Some(Reached { source_id, id, decl, form, rest, refs })
}

/// Every delivery to a topic, queue, function, log group or bucket of the template, as the
/// table's rows find them.
fn deliveries<'t>(template: &'t Template, env: &Env<'t>, findings: &mut Findings<'_>) -> Vec<Delivery<'t>> {
    let mut found = Vec::new();
    for (id, decl) in &template.resources {
        let (id, props) = (id.as_str(), decl.properties.as_map());
        let rows: Vec<&Row> = table::ROWS
            .iter()
            .filter(|row| row.resource_type == decl.resource_type && (row.when)(env, props))
            .collect();
        let mut from_source = Vec::new();
        let mut read: Vec<&str> = Vec::new();
        for row in &rows {
            if read.contains(&row.property) {
                continue;
            }
            read.push(row.property);
            // The rows that read this property: each value goes to the first whose kind it names.
            let sharing: Vec<&Row> = rows.iter().copied().filter(|r| r.property == row.property).collect();
            for value in (row.targets)(props) {
                for row in &sharing {
                    if let Some(reached) = reach(env, row.target, value, id, findings) {
                        from_source.extend(deliver(env, row, props, &reached, findings));
                        break;
                    }
                }
            }
        }
        from_source.sort_by_key(|d: &Delivery<'_>| d.target.rank());
        found.extend(from_source);
    }
    found
}

/// The delivery `row` makes into `reached`: its checks of the target, then what the service
/// asks the target's policy and key. `None` when the prefix cannot be read or the service does
/// not write as itself.
fn deliver<'t>(
    env: &Env<'t>,
    row: &Row,
    props: &'t NodeMap,
    reached: &Reached<'t>,
    findings: &mut Findings<'_>,
) -> Option<Delivery<'t>> {
    for check in row.checks {
        check(reached, findings);
    }
    let prefix = match row.target {
        TargetKind::BucketArnPrefix => Some(reached.rest.trim_matches('/').to_owned()),
        _ => match (row.prefix)(props) {
            Some(prefix) => Some(env.text(prefix)?),
            None => None,
        },
    };
    if !(row.as_service)(env) {
        return None;
    }
    let target_id = reached.id;
    let target_arn = match row.target.receiver() {
        Target::Topic => env.topic_arn(target_id, 0),
        Target::Queue => env.arn("sqs", &env.named(target_id, "QueueName", 0)),
        Target::Function => env.arn("lambda", &format!("function:{}", env.named(target_id, "FunctionName", 0))),
        Target::LogGroup => env.deployment.log_group_arn(&env.log_group_name(target_id, 0)),
        Target::Bucket => bucket_arn(env, target_id),
    };
    let source_arn = (row.source_arn)(env, reached.source_id, props);
    let (caller, principal) = match row.principal {
        Principal::Service(service) => (Caller::Service(service.to_owned()), service),
        Principal::ElbLogAccount => elb_log_account(&env.deployment.region),
    };
    let request = |action: &str, resource: &str| {
        let mut request = Request::new(caller.clone(), action, resource);
        for key in row.conditions {
            let value = match *key {
                "aws:SourceAccount" => Some(env.deployment.account.clone()),
                "aws:PrincipalIsAWSService" => Some("true".to_owned()),
                "aws:SourceArn" => source_arn.clone(),
                _ => None,
            };
            if let Some(value) = value {
                request = request.with(*key, value);
            }
        }
        request
    };
    let account = &env.deployment.account;
    let prefixed = |layout: &str| {
        let prefix = prefix.as_deref().unwrap_or_default().trim_matches('/');
        let prefix = if prefix.is_empty() { String::new() } else { format!("{prefix}/") };
        format!("{target_arn}/{prefix}AWSLogs/{account}/{layout}")
    };
    let policy_requests = row
        .asks
        .iter()
        .map(|ask| {
            let resource = match ask.on {
                On::Target => target_arn.clone(),
                On::LogFiles => prefixed("«log file»"),
                // Config's prefix keeps a trailing `/` even when it is empty.
                On::ConfigFiles => {
                    let prefix = prefix.as_deref().map_or_else(String::new, |p| format!("{}/", p.trim_matches('/')));
                    format!("{target_arn}/{prefix}AWSLogs/{account}/Config/«snapshot»")
                }
                On::PrefixedLogFiles => format!("{target_arn}/{}«log file»", prefix.as_deref().unwrap_or_default()),
                On::Streams => format!("{target_arn}:log-stream:«stream»"),
            };
            let request = request(ask.action, &resource);
            match ask.acl {
                Some(acl) => request.with("s3:x-amz-acl", acl),
                None => request,
            }
        })
        .collect();
    let key_requests = row
        .key_asks
        .iter()
        .map(|ask| {
            let request = request(ask.action, "");
            match ask.context {
                Some(Context::TargetArn(key)) => request.with(key, target_arn.as_str()),
                Some(Context::SourceArn(key)) => match &source_arn {
                    Some(arn) => request.with(key, arn.as_str()),
                    None => request,
                },
                None => request,
            }
        })
        .collect();
    let key = row.key.iter().find_map(|from| match from {
        KeyFrom::Target(property) => reached.decl.properties.get(property),
        KeyFrom::Source(property) => props.get(*property),
        KeyFrom::BucketDefault => default_kms_key(&reached.decl.properties),
    });
    let default_policy_allows = match row.default_policy {
        DefaultPolicy::Refuses => false,
        DefaultPolicy::LetsIn => true,
        DefaultPolicy::LetsInWithAcl(acl) => {
            reached.decl.properties.get("AccessControl").and_then(Node::as_str) == Some(acl)
        }
    };
    Some(Delivery {
        source_id: reached.source_id,
        who: row.who,
        principal,
        target_id,
        target: row.target.receiver(),
        target_refs: reached.refs.clone(),
        key,
        key_requests,
        grant: row.grant,
        key_refused: row.failure,
        policy_requests,
        default_policy_allows,
        created_after: row.checked_at_creation,
    })
}

/// Who writes a Region's Application Load Balancer access logs: the Region's Elastic Load
/// Balancing account, or where AWS names none, the log delivery service principal. See
/// <https://docs.aws.amazon.com/elasticloadbalancing/latest/application/enable-access-logging.html>.
pub(super) fn elb_log_account(region: &str) -> (Caller, &'static str) {
    match crate::data::ELB_LOG_ACCOUNTS.iter().find(|(r, _)| *r == region) {
        Some((_, arn)) => {
            let account = arn.split(':').nth(4).unwrap_or_default().to_owned();
            (Caller::Aws { arn: (*arn).to_owned(), account }, *arn)
        }
        None => {
            let service = "logdelivery.elasticloadbalancing.amazonaws.com";
            (Caller::Service(service.to_owned()), service)
        }
    }
}
