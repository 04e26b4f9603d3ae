//! The final-template check: what AWS will decide when the template is deployed, for the
//! integrations the guard table lists (`cfn_grammar::guarded::INTEGRATIONS`).
//!
//! Types stop the documented mistakes at compile time; this check sees the template as
//! CloudFormation will, however it was made — typed, raw, parsed from a file, or assembled by
//! hand — and runs every time a template is emitted. It resolves each guarded reference (a log
//! group's `KmsKeyId`, a database's log exports, …) to its target in the template and evaluates
//! the target's policy the way the service's request would be evaluated
//! ([`crate::policy::eval`]). A finding names the resource, what AWS will do, and the fix.
//!
//! A finding a person has judged can be suppressed by rule ID with a reason, in the resource's
//! `Metadata` (as cdk-nag and checkov suppressions are):
//!
//! ```yaml
//! Metadata:
//!   typed-cfn:
//!     suppress:
//!       - rule: service-log-group-missing
//!         reason: the function's group is created by the logging stack
//! ```
//!
//! [`crate::Attributes::suppress`] writes that entry for typed code.

mod database;
mod deliveries;
mod logs;
#[cfg_attr(not(feature = "s3"), allow(unused_imports))]
pub(crate) use deliveries::ELB_LOG_ACCOUNTS;
mod key_users;
mod resolve;
mod roles;
mod scope;
mod services;
mod views;

use std::fmt;

use crate::node::Node;
use crate::template::Template;

/// The key of a resource's `Metadata` that holds typed-cfn's suppressions.
pub const METADATA_KEY: &str = "typed-cfn";

/// One rule of the final-template check.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Rule {
    /// A log group's `KmsKeyId` is not a key ARN (a key ID, an alias): CloudWatch Logs refuses it.
    LogGroupKeyNotArn,
    /// A log group's key, in the template, has a policy that does not let CloudWatch Logs use it
    /// for this group.
    LogGroupKeyDeniesLogs,
    /// A key policy lets CloudWatch Logs use the key for any account's log groups (no
    /// encryption-context condition).
    LogsGrantWithoutContext,
    /// A resource writes to a log group nothing in the stack creates: the service creates it,
    /// unencrypted and kept forever.
    ServiceLogGroupMissing,
    /// A database's master user name is resolved (from a secret or a parameter), not static.
    DatabaseUsernameNotStatic,
    /// A generated master password longer (or shorter) than the engine accepts.
    DatabasePasswordLength,
    /// In a compliance-scoped stack, a resource of a scoped type without its guarantee
    /// (a log group without a key, a plain database, …).
    ScopedTypeWithoutGuarantee,
    /// In a compliance-scoped stack, a data store not encrypted with a customer managed key.
    ScopedStoreWithoutCustomerKey,
    /// Two statements of one key policy share a Sid: KMS refuses the policy.
    PolicyDuplicateSid,
    /// A service delivers to a topic or queue whose customer key does not let it in: the
    /// messages are dropped.
    DeliveryKeyDeniesService,
    /// A service delivers to a topic or queue whose policy does not let it in.
    DeliveryPolicyDeniesService,
    /// A service delivers to a topic or queue encrypted with the AWS managed key, whose policy
    /// cannot let it in.
    DeliveryManagedKey,
    /// A bucket notifies a topic or queue without being created after the destination's policy.
    DeliveryBeforePolicy,
    /// A queue's `Ref` (its URL) where AWS needs its ARN.
    QueueUrlForArn,
    /// A property hands a role to a service whose trust policy does not let that service assume it.
    RoleTrustDeniesService,
    /// A Lambda function or a Firehose delivery stream reads an encrypted queue or stream, and the
    /// key or its role's policies refuse it `kms:Decrypt`.
    ConsumerCannotDecrypt,
    /// A service acting through its service-linked role (Auto Scaling launching encrypted
    /// volumes) is not named in the key policy.
    KeyDeniesServiceLinkedRole,
    /// An ECS task's execution role cannot read the task's secrets (or the task has none).
    TaskCannotReadSecret,
    /// A load balancer or a bucket sends access logs to a bucket whose default encryption is
    /// SSE-KMS: those logs are delivered only to SSE-S3 buckets.
    LogBucketNotSseS3,
    /// A CloudFront distribution writes standard logs to a bucket whose ACLs are disabled.
    LogBucketAclsDisabled,
    /// A CloudFront distribution names its log bucket by name or ARN, not by domain name.
    LogBucketNotDomainName,
    /// A Firehose delivery stream's role may not write into its destination bucket or use the
    /// bucket's key.
    DeliveryRoleRefused,
    /// An AWS Config delivery channel writes to a bucket with S3 Object Lock enabled.
    DeliveryBucketObjectLock,
    /// An AWS Config delivery channel notifies an encrypted SNS topic, which Config does not
    /// publish to.
    ConfigTopicEncrypted,
}

impl Rule {
    /// Every rule.
    pub const ALL: [Rule; 24] = [
        Rule::LogGroupKeyNotArn,
        Rule::LogGroupKeyDeniesLogs,
        Rule::LogsGrantWithoutContext,
        Rule::ServiceLogGroupMissing,
        Rule::DatabaseUsernameNotStatic,
        Rule::DatabasePasswordLength,
        Rule::ScopedTypeWithoutGuarantee,
        Rule::ScopedStoreWithoutCustomerKey,
        Rule::PolicyDuplicateSid,
        Rule::DeliveryKeyDeniesService,
        Rule::DeliveryPolicyDeniesService,
        Rule::DeliveryManagedKey,
        Rule::DeliveryBeforePolicy,
        Rule::QueueUrlForArn,
        Rule::RoleTrustDeniesService,
        Rule::ConsumerCannotDecrypt,
        Rule::KeyDeniesServiceLinkedRole,
        Rule::TaskCannotReadSecret,
        Rule::LogBucketNotSseS3,
        Rule::LogBucketAclsDisabled,
        Rule::LogBucketNotDomainName,
        Rule::DeliveryRoleRefused,
        Rule::DeliveryBucketObjectLock,
        Rule::ConfigTopicEncrypted,
    ];

    /// The rule's ID, as suppressions and the guard table name it.
    pub fn id(self) -> &'static str {
        match self {
            Rule::LogGroupKeyNotArn => "log-group-key-not-arn",
            Rule::LogGroupKeyDeniesLogs => "log-group-key-denies-logs",
            Rule::LogsGrantWithoutContext => "logs-grant-without-context",
            Rule::ServiceLogGroupMissing => "service-log-group-missing",
            Rule::DatabaseUsernameNotStatic => "database-username-not-static",
            Rule::DatabasePasswordLength => "database-password-length",
            Rule::ScopedTypeWithoutGuarantee => "scoped-type-without-guarantee",
            Rule::ScopedStoreWithoutCustomerKey => "scoped-store-without-customer-key",
            Rule::PolicyDuplicateSid => "policy-duplicate-sid",
            Rule::DeliveryKeyDeniesService => "delivery-key-denies-service",
            Rule::DeliveryPolicyDeniesService => "delivery-policy-denies-service",
            Rule::DeliveryManagedKey => "delivery-managed-key",
            Rule::DeliveryBeforePolicy => "delivery-before-policy",
            Rule::QueueUrlForArn => "queue-url-for-arn",
            Rule::RoleTrustDeniesService => "role-trust-denies-service",
            Rule::ConsumerCannotDecrypt => "consumer-cannot-decrypt",
            Rule::KeyDeniesServiceLinkedRole => "key-denies-service-linked-role",
            Rule::TaskCannotReadSecret => "task-cannot-read-secret",
            Rule::LogBucketNotSseS3 => "log-bucket-not-sse-s3",
            Rule::LogBucketAclsDisabled => "log-bucket-acls-disabled",
            Rule::LogBucketNotDomainName => "log-bucket-not-domain-name",
            Rule::DeliveryRoleRefused => "delivery-role-refused",
            Rule::DeliveryBucketObjectLock => "delivery-bucket-object-lock",
            Rule::ConfigTopicEncrypted => "config-topic-encrypted",
        }
    }

    /// What the rule finds, in one line: what AWS does (for reports such as SARIF's rule list).
    pub fn summary(self) -> &'static str {
        match self {
            Rule::LogGroupKeyNotArn => {
                "A log group's KmsKeyId is not a key ARN (a key ID, an alias): CloudWatch Logs refuses it and the deployment fails."
            }
            Rule::LogGroupKeyDeniesLogs => {
                "A log group's KMS key, in the template, has a policy that does not let CloudWatch Logs (logs.<region>.amazonaws.com) use it for this group: the deployment fails."
            }
            Rule::LogsGrantWithoutContext => {
                "A key policy lets CloudWatch Logs use the key for any account's log groups (no kms:EncryptionContext:aws:logs:arn condition)."
            }
            Rule::ServiceLogGroupMissing => {
                "A Lambda function, flow log or RDS log export writes to a log group nothing in the stack creates: the service creates it, unencrypted and kept forever."
            }
            Rule::DatabaseUsernameNotStatic => {
                "A database's master user name is resolved at deploy time (from a secret or a parameter) instead of being static text."
            }
            Rule::DatabasePasswordLength => {
                "A generated master password is longer or shorter than the database engine accepts: the deployment fails."
            }
            Rule::ScopedTypeWithoutGuarantee => {
                "In a compliance-scoped stack, a log group, bucket, database, secret or key lacks what its secure counterpart guarantees."
            }
            Rule::ScopedStoreWithoutCustomerKey => {
                "In a compliance-scoped stack, a data store is not encrypted with a customer managed KMS key."
            }
            Rule::PolicyDuplicateSid => "Two statements of one key policy share a Sid: KMS refuses the policy.",
            Rule::DeliveryKeyDeniesService => {
                "A service delivering into a topic, queue or bucket (CloudWatch alarms, EventBridge, S3 notifications, SNS, CloudTrail, log delivery) is refused by the key that encrypts what it delivers: the messages are dropped or the stack fails."
            }
            Rule::DeliveryPolicyDeniesService => {
                "A service delivering into a topic, queue or bucket is refused by that resource's policy (or it has none where one is needed)."
            }
            Rule::DeliveryManagedKey => {
                "A service delivers into a topic or queue encrypted with the AWS managed key (alias/aws/sns, alias/aws/sqs), whose policy cannot let it in: every message is dropped."
            }
            Rule::DeliveryBeforePolicy => {
                "An S3 notification, trail or vended log is not created after the policy of its destination, which AWS checks when it is created: the stack fails."
            }
            Rule::QueueUrlForArn => {
                "A queue's Ref (its URL) is given where AWS needs the queue's ARN (a subscription endpoint, a rule target, a notification)."
            }
            Rule::RoleTrustDeniesService => {
                "A property hands a role to a service whose trust policy does not let that service assume it: the resource fails or delivers nothing."
            }
            Rule::ConsumerCannotDecrypt => {
                "A Lambda function or a Firehose delivery stream reads an encrypted SQS queue or Kinesis stream, and the key or the reader's role refuses kms:Decrypt: nothing is read."
            }
            Rule::TaskCannotReadSecret => {
                "An ECS task takes secrets its execution role cannot read (secretsmanager:GetSecretValue, ssm:GetParameters, or kms:Decrypt with the secret's key), or it has no execution role: no task starts."
            }
            Rule::LogBucketNotSseS3 => {
                "Load balancer or S3 server access logs go to a bucket whose default encryption is SSE-KMS: they are delivered only to SSE-S3 buckets, so none arrive."
            }
            Rule::LogBucketAclsDisabled => {
                "A CloudFront distribution writes standard logs to a bucket whose ACLs are disabled (ObjectOwnership BucketOwnerEnforced, S3's default): CloudFront writes through ACLs, and the stack fails."
            }
            Rule::LogBucketNotDomainName => {
                "A CloudFront distribution names its log bucket by name or ARN instead of its domain name (<name>.s3.amazonaws.com): CloudFront refuses it."
            }
            Rule::DeliveryRoleRefused => {
                "A Firehose delivery stream's role may not write into its destination bucket (s3:PutObject) or ask the bucket's key for data keys: Firehose retries for a day, then drops the records."
            }
            Rule::DeliveryBucketObjectLock => {
                "An AWS Config delivery channel writes to a bucket with S3 Object Lock enabled, which AWS Config does not deliver to."
            }
            Rule::ConfigTopicEncrypted => {
                "An AWS Config delivery channel notifies an SNS topic encrypted with a KMS key: Config does not publish to encrypted topics, so no notification arrives."
            }
            Rule::KeyDeniesServiceLinkedRole => {
                "An Auto Scaling group launches instances with volumes encrypted by a customer key that does not name Auto Scaling's service-linked role: instances fail to launch."
            }
        }
    }

    /// The rule with this ID.
    pub fn from_id(id: &str) -> Option<Rule> {
        Rule::ALL.into_iter().find(|rule| rule.id() == id)
    }
}

impl fmt::Display for Rule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.id())
    }
}

/// What the check found in one resource: what AWS will do, and the fix.
#[derive(Debug, Clone, PartialEq)]
pub struct Finding {
    /// The rule.
    pub rule: Rule,
    /// The resource's logical ID.
    pub logical_id: String,
    /// What AWS will do and how to fix it.
    pub message: String,
}

impl fmt::Display for Finding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Resources.{}: {} [{}]", self.logical_id, self.message, self.rule)
    }
}

/// Everything the check found in a template.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Report {
    /// Findings that stop the template: AWS will refuse it, or a scoped stack breaks its regime.
    pub errors: Vec<Finding>,
    /// Findings worth knowing that do not stop it (outside a scoped stack).
    pub warnings: Vec<Finding>,
    /// Findings suppressed in the resource's `Metadata`, with the reason given.
    pub suppressed: Vec<(Finding, String)>,
    /// Suppressions that cannot be taken: an unknown rule ID, no reason.
    pub invalid_suppressions: Vec<(String, String)>,
}

/// How much a finding weighs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Severity {
    Error,
    Warning,
}

/// Collects findings while the rules run.
pub(crate) struct Findings<'t> {
    /// The compliance regime each resource is held to (one for a template; per stack in an app).
    scope_of: &'t dyn Fn(&str) -> Option<&'static str>,
    found: Vec<(Finding, Severity)>,
}

impl Findings<'_> {
    /// A finding that stops the template.
    pub(crate) fn error(&mut self, rule: Rule, logical_id: &str, message: String) {
        self.found.push((Finding { rule, logical_id: logical_id.to_owned(), message }, Severity::Error));
    }

    /// A finding that stops the template in a compliance-scoped stack and is a warning elsewhere.
    pub(crate) fn error_in_scope(&mut self, rule: Rule, logical_id: &str, message: String) {
        let severity = if (self.scope_of)(logical_id).is_some() { Severity::Error } else { Severity::Warning };
        self.found.push((Finding { rule, logical_id: logical_id.to_owned(), message }, severity));
    }
}

/// Runs every rule over `template`.
pub fn run(template: &Template) -> Report {
    run_scoped(template, &|_| template.scope)
}

/// Runs every rule over `template`, holding each resource to the regime `scope_of` gives it: an
/// app checks the merged view of its stacks, each resource under its own stack's scope.
///
/// A template that deploys in more than one shape (properties or list items chosen by `Fn::If`,
/// resources created under a `Condition`, resources written by `Fn::ForEach`) is judged in each
/// ([`views`]); a finding is reported once.
pub(crate) fn run_scoped(template: &Template, scope_of: &dyn Fn(&str) -> Option<&'static str>) -> Report {
    let (deployed, views) = views::of(template);
    let mut findings = Findings { scope_of, found: Vec::new() };
    for view in &views {
        let mut found = Findings { scope_of, found: Vec::new() };
        let view: &Template = view;
        let env = resolve::Env::new(view);
        logs::check(view, &env, &mut found);
        services::check(view, &env, &mut found);
        deliveries::check(view, &env, &mut found);
        roles::check(view, &env, &mut found);
        key_users::check(view, &env, &mut found);
        database::check(view, &mut found);
        scope::check(view, &env, scope_of, &mut found);
        for finding in found.found {
            if !findings.found.contains(&finding) {
                findings.found.push(finding);
            }
        }
    }
    // Positions and suppressions from the template with every resource: loops expanded, as deployed.
    let template: &Template = &deployed;
    // In the template's order, and by rule within one resource.
    let position = |id: &str| template.resources.get_index_of(id).unwrap_or(usize::MAX);
    let rank = |rule: Rule| Rule::ALL.iter().position(|r| *r == rule).unwrap_or(usize::MAX);
    findings.found.sort_by_key(|(f, _)| (position(&f.logical_id), rank(f.rule)));
    let mut report = Report::default();
    // The suppressions that can be taken: a known rule and a reason.
    let mut valid: Vec<(String, Rule, String)> = Vec::new();
    for (logical_id, entries) in suppressions(template) {
        for (rule, reason) in entries {
            match (Rule::from_id(&rule), reason.filter(|r| !r.trim().is_empty())) {
                (Some(known), Some(reason)) => valid.push((logical_id.clone(), known, reason)),
                (None, _) => report.invalid_suppressions.push((
                    logical_id.clone(),
                    format!(
                        "suppresses `{rule}`, which is not a rule of the final-template check; the rules are {}",
                        rule_list()
                    ),
                )),
                (Some(_), None) => report.invalid_suppressions.push((
                    logical_id.clone(),
                    format!(
                        "suppresses `{rule}` without a reason: give one (`reason: …`), so the next reader knows why"
                    ),
                )),
            }
        }
    }
    for (finding, severity) in findings.found {
        let suppressed = valid.iter().find(|(id, rule, _)| *id == finding.logical_id && *rule == finding.rule);
        if let Some((_, _, reason)) = suppressed {
            report.suppressed.push((finding, reason.clone()));
        } else if severity == Severity::Error {
            report.errors.push(finding);
        } else {
            report.warnings.push(finding);
        }
    }
    report
}

fn rule_list() -> String {
    Rule::ALL.iter().map(|r| format!("`{r}`")).collect::<Vec<_>>().join(", ")
}

/// A suppression as written: the rule ID, and the reason if one is given.
type Suppression = (String, Option<String>);

/// The suppressions in each resource's `Metadata`, by logical ID.
fn suppressions(template: &Template) -> Vec<(String, Vec<Suppression>)> {
    let mut all = Vec::new();
    for (logical_id, decl) in &template.resources {
        let Some(entries) = decl
            .attributes
            .metadata
            .as_ref()
            .and_then(Node::as_map)
            .and_then(|m| m.get(METADATA_KEY))
            .and_then(Node::as_map)
            .and_then(|m| m.get("suppress"))
        else {
            continue;
        };
        let Node::List(entries) = entries else { continue };
        let pairs = entries
            .iter()
            .filter_map(Node::as_map)
            .map(|entry| {
                let rule = entry.get("rule").and_then(Node::as_str).unwrap_or_default().to_owned();
                let reason = entry.get("reason").and_then(Node::as_str).map(str::to_owned);
                (rule, reason)
            })
            .collect();
        all.push((logical_id.clone(), pairs));
    }
    all
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rule_ids_are_unique_and_every_table_rule_exists() {
        for (i, rule) in Rule::ALL.iter().enumerate() {
            assert_eq!(Rule::from_id(rule.id()), Some(*rule));
            assert!(!Rule::ALL[i + 1..].iter().any(|r| r.id() == rule.id()));
        }
        for integration in cfn_grammar::guarded::INTEGRATIONS {
            for id in integration.rules {
                assert!(
                    Rule::from_id(id).is_some(),
                    "the guard table names rule `{id}`, which the check does not have"
                );
            }
        }
    }
}
