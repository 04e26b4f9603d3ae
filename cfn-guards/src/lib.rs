//! The one table of guarded integrations. Every layer reads it:
//!
//! - the generator (`cargo xtask codegen`) gives each [`GuardedProperty`] a setter that takes its
//!   typed value (what [`GuardedProperty::takes`] names) and leaves the [`SCOPED`] types out of
//!   compliance-scoped stacks;
//! - `raw_resource!` (at compile time) and `RawResource` (when the template is emitted) refuse
//!   the guarded properties;
//! - `cfn-model`'s final-template check reports under the rule IDs listed here, and a scoped
//!   stack refuses a [`SCOPED`] type found in the final template without its guarantee;
//! - the docs index lists the pages, README's table of guarded service integrations is written
//!   from the [`ServiceRow`]s, and tests keep pages, rules, ui tests and README in step.
//!
//! Adding an integration: a proof type in `cfn-model/src/secure/`, a row here, a rule in
//! `cfn-core/src/check/` if the final template can break it, a ui test, a docs page. A setter
//! that takes a new kind of proof is a new [`Takes`] variant, which the generator
//! (`xtask/src/codegen/guarded.rs`) turns into the parameter type and the statement that stores
//! the value.
#![deny(missing_docs)]

mod takes;

pub use takes::{Assumer, Document, RdsExporter, Takes};

/// A guarded integration: what AWS requires between two services, and where typed-cfn holds it.
#[derive(Debug)]
pub struct Integration {
    /// What it is about, in AWS words.
    pub name: &'static str,
    /// Its page in `docs/guarded/`.
    pub page: &'static str,
    /// The properties only a typed value may set.
    pub properties: &'static [GuardedProperty],
    /// Its rows in README's table of guarded service integrations: one per pair of services the
    /// integration connects (none for integrations that are not between services, such as IAM
    /// policy documents).
    pub service_rows: &'static [ServiceRow],
    /// The final-template check's rules for it (IDs, as in `cfn_model::check::Rule::id`).
    pub rules: &'static [&'static str],
}

/// A property whose generated setter takes a hand-written type that proves the guarantee.
#[derive(Debug)]
pub struct GuardedProperty {
    /// The resource type, or a property type as `AWS::IAM::Role.Policy`.
    pub resource_type: &'static str,
    /// The property.
    pub property: &'static str,
    /// What the setter takes, which decides how it stores the value.
    pub takes: Takes,
    /// What the setter's docs say instead of the schema's description.
    pub doc: &'static str,
    /// The typed way to set it, for the escape hatch's refusal.
    pub fix: &'static str,
    /// Whether the untyped escape hatch refuses it (`false` where a plain value can be right,
    /// such as a static user name, and the final-template check judges the value instead).
    pub refused_raw: bool,
}

/// A row of README's table of guarded service integrations.
#[derive(Debug)]
pub struct ServiceRow {
    /// The services and what flows between them, in AWS words.
    pub integration: &'static str,
    /// The types and methods that hold it at compile time (Markdown; empty when only the final
    /// template is checked).
    pub typed: &'static str,
    /// What the final-template check evaluates (Markdown; empty when nothing is).
    pub checked: &'static str,
}

/// A resource type whose plain form may break a compliance regime: a scoped stack takes only
/// its secure counterpart.
#[derive(Debug)]
pub struct ScopedType {
    /// The resource type.
    pub resource_type: &'static str,
    /// The secure counterpart, for messages.
    pub counterpart: &'static str,
}

const LOG_GROUP_KEY: &str = "The ARN of a KMS key whose policy grants CloudWatch Logs: `key.arn()` of a [`crate::secure::KmsKey`] built with `grant_logs`, or [`crate::secure::ExternalKey::from_arn`]`(…).asserting_logs_grant()` for a key outside the template. The key ID (`key.key_id()`, a `Ref`) does not fit: CloudWatch Logs needs the ARN.";
const DB_PASSWORD: &str = "The master password, from a Secrets Manager secret only: a [`crate::secure::DatabaseCredentials`] gives `{{resolve:secretsmanager:…:SecretString:password}}`. A literal or a plain parameter does not compile.";
const DB_USERNAME: &str = "The master user name: static text, or [`crate::secure::DatabaseCredentials::username`]. A user name resolved from a secret or a parameter does not compile: it is not secret, and a resolved one breaks updates and rotation.";
const RDS_EXPORTS: &str = "The logs to export, with the encrypted log groups RDS writes them to (see [`crate::secure::ExportedLogs`]). Also sets the identifier and the engine the groups are named for, and makes this resource depend on the groups.";
const SECRET_PASSWORD: &str =
    "a Secrets Manager secret through the typed setter: `credentials.password()` of a `DatabaseSecret`";
const STATIC_USERNAME: &str = "static text or `credentials.username()` of a `DatabaseSecret`";
const EXPORTS_FIX: &str = "the typed RDS log exports (`RdsLogGroups`), which create encrypted log groups first";

macro_rules! document {
    ($type:literal, $property:literal, $document:ident, $doc:expr, $fix:expr) => {
        GuardedProperty {
            resource_type: $type,
            property: $property,
            takes: Takes::Document(Document::$document),
            doc: $doc,
            fix: $fix,
            refused_raw: true,
        }
    };
}

/// A property that hands a role to a service: only the ARN of a role whose type records that the
/// service may assume it. The escape hatch takes a plain value (a role of another stack may be
/// right), and the final-template check judges its trust policy.
macro_rules! role {
    ($type:literal, $property:literal, $service:ident) => {
        GuardedProperty {
            resource_type: $type,
            property: $property,
            takes: Takes::Role(Assumer::$service),
            doc: concat!(
                "The role the service assumes, typed by its trust: `role.arn()` of a [`crate::secure::ServiceRole`] built with `ServiceRole::new(",
                stringify!($service),
                ")`, or [`crate::secure::ExternalRole::from_arn`]`(…).asserting_trust(",
                stringify!($service),
                ")` for a role outside the template. A role trusting another service does not compile."
            ),
            fix: concat!("`role.arn()` of a `ServiceRole::new(", stringify!($service), ")`"),
            refused_raw: false,
        }
    };
}

/// Every guarded integration.
pub const INTEGRATIONS: &[Integration] = &[
    Integration {
        name: "a KMS key's policy: the statements services need",
        page: "logs-key-grant.md",
        service_rows: &[ServiceRow {
            integration: "RDS, S3, Lambda, Secrets Manager using a key (`kms:ViaService`)",
            typed: "`RdsGrant`, `S3Grant`, `LambdaGrant`, `SecretsManagerGrant`",
            checked: "",
        }],
        properties: &[
            document!(
                "AWS::KMS::Key",
                "KeyPolicy",
                KeyPolicy,
                "The key policy, typed: [`crate::secure::KeyPolicy`]. Prefer [`crate::secure::KmsKey`], whose type records the policy's grants so that log groups and databases can require them.",
                "`KmsKey::new(KeyPolicy::account_root()…)`"
            ),
            document!(
                "AWS::KMS::ReplicaKey",
                "KeyPolicy",
                KeyPolicy,
                "The replica's key policy, typed: [`crate::secure::KeyPolicy`] (a replica has a policy of its own).",
                "`ReplicaKey::new(KeyPolicy::account_root()…, primary_key_arn)`"
            ),
        ],
        rules: &["logs-grant-without-context", "policy-duplicate-sid"],
    },
    Integration {
        name: "a log group's KmsKeyId: a key that lets CloudWatch Logs in",
        page: "log-group-key.md",
        service_rows: &[ServiceRow {
            integration: "CloudWatch Logs encrypting log groups (the PCI and HIPAA failures)",
            typed: "`LogsGrant`, `LogGroupKey`",
            checked: "the key policy, evaluated for the group",
        }],
        properties: &[GuardedProperty {
            resource_type: "AWS::Logs::LogGroup",
            property: "KmsKeyId",
            takes: Takes::LogGroupKey,
            doc: LOG_GROUP_KEY,
            fix: "`LogGroup::kms_key_id(key.arn())` with a key whose policy has `grant_logs`",
            refused_raw: true,
        }],
        rules: &["log-group-key-not-arn", "log-group-key-denies-logs"],
    },
    Integration {
        name: "log groups a service creates for itself",
        page: "service-log-groups.md",
        service_rows: &[ServiceRow {
            integration: "Lambda functions and VPC flow logs → the log groups they write to",
            typed: "",
            checked: "a group of that name exists",
        }],
        properties: &[],
        rules: &["service-log-group-missing"],
    },
    Integration {
        name: "encrypted SNS topics and SQS queues, and the services that deliver to them",
        page: "encrypted-messaging.md",
        service_rows: &[
            ServiceRow {
                integration: "CloudWatch alarms, EventBridge, S3 notifications, CloudTrail, Budgets → encrypted SNS topics",
                typed: "`CloudWatchToTopics`, `EventBridgeToTopics`, `S3ToTopics`, `CloudTrailToTopics`, `BudgetsToTopics`, `EncryptedTopic`, `AuditTrail::notify`",
                checked: "key policy and topic policy for each delivery; AWS managed key; a trail after the topic's policy",
            },
            ServiceRow {
                integration: "SNS subscriptions, EventBridge, S3 notifications → encrypted SQS queues",
                typed: "`SnsToQueues`, `EventBridgeToQueues`, `S3ToQueues`, `EncryptedQueue`",
                checked: "key policy and queue policy for each delivery; queue URL for ARN; notification order",
            },
            ServiceRow {
                integration: "S3 notifications → Lambda functions",
                typed: "`SecureBucket::notify_function`",
                checked: "the function's permission for S3; the bucket after it",
            },
        ],
        properties: &[],
        rules: &[
            "delivery-key-denies-service",
            "delivery-policy-denies-service",
            "delivery-managed-key",
            "queue-url-for-arn",
            "delivery-before-policy",
            "notification-event-unknown",
        ],
    },
    Integration {
        name: "CloudTrail with a customer key: the key, the bucket policy, the order; AWS Config delivery channels",
        page: "audit-trail.md",
        service_rows: &[
            ServiceRow {
                integration: "CloudTrail with a customer key",
                typed: "`CloudTrailGrant`, `TrailBucket`, `AuditTrail`",
                checked: "the trail's key and its bucket's policy; the trail after the policy",
            },
            ServiceRow {
                integration: "AWS Config delivery channels → buckets and topics",
                typed: "`ConfigDeliveryGrant`",
                checked: "the bucket's policy and key for Config (when it writes as its service principal), the channel after the policy; no Object Lock on the bucket; no encrypted topic (Config does not publish to one)",
            },
        ],
        properties: &[],
        rules: &[
            "delivery-key-denies-service",
            "delivery-policy-denies-service",
            "delivery-before-policy",
            "delivery-bucket-object-lock",
            "config-topic-encrypted",
            "trail-logs-role-refused",
        ],
    },
    Integration {
        name: "roles given to services: the trust names the service that uses the role",
        page: "role-trust.md",
        service_rows: &[ServiceRow {
            integration: "roles given to services (function, trail, flow log, task, state machine, rule target, RDS monitoring)",
            typed: "`ServiceRole<S>`, `RoleArn<S>`, `AssumableBy<S>` (nine generated setters)",
            checked: "the trust policy lets the service that uses the property assume the role",
        }],
        properties: &[
            role!("AWS::Lambda::Function", "Role", LambdaService),
            role!("AWS::EC2::FlowLog", "DeliverLogsPermissionArn", VpcFlowLogsService),
            role!("AWS::CloudTrail::Trail", "CloudWatchLogsRoleArn", CloudTrailService),
            role!("AWS::ECS::TaskDefinition", "ExecutionRoleArn", EcsTasksService),
            role!("AWS::ECS::TaskDefinition", "TaskRoleArn", EcsTasksService),
            role!("AWS::StepFunctions::StateMachine", "RoleArn", StatesService),
            role!("AWS::Events::Rule.Target", "RoleArn", EventsService),
            role!("AWS::RDS::DBInstance", "MonitoringRoleArn", RdsMonitoringService),
            role!("AWS::RDS::DBCluster", "MonitoringRoleArn", RdsMonitoringService),
        ],
        rules: &["role-trust-denies-service"],
    },
    Integration {
        name: "vended logs to S3: the log delivery service in the key and the bucket policy",
        page: "vended-logs.md",
        service_rows: &[
            ServiceRow {
                integration: "vended logs to S3 (VPC flow logs, Resolver query logs)",
                typed: "`LogDeliveryGrant`, `VendedLogsBucket`",
                checked: "the bucket's key and policy for `delivery.logs.amazonaws.com`; the source after the policy",
            },
            ServiceRow {
                integration: "EventBridge rules and Route 53 query logs → CloudWatch Logs",
                typed: "",
                checked: "the account's `AWS::Logs::ResourcePolicy` for the service; the hosted zone after it",
            },
        ],
        properties: &[],
        rules: &["delivery-key-denies-service", "delivery-policy-denies-service", "delivery-before-policy"],
    },
    Integration {
        name: "roles that use a key for a service: Auto Scaling's volumes, readers of encrypted queues and streams, Firehose, ECS task secrets",
        page: "key-users.md",
        service_rows: &[
            ServiceRow {
                integration: "Auto Scaling launching instances with volumes under a customer key",
                typed: "`AutoScalingGrant`, `Ebs::encrypted_for_auto_scaling`",
                checked: "the key names the service-linked role",
            },
            ServiceRow {
                integration: "Lambda reading an encrypted SQS queue or Kinesis stream; Firehose reading an encrypted stream",
                typed: "`queue.consumer(&function, &role)` writes the role's read and decrypt (SQS)",
                checked: "the key and the reader's role allow `kms:Decrypt`",
            },
            ServiceRow {
                integration: "Kinesis Data Firehose writing into a bucket",
                typed: "",
                checked: "the delivery role may `s3:PutObject` and get data keys from the bucket's key",
            },
            ServiceRow {
                integration: "ECS task secrets from Secrets Manager and Parameter Store",
                typed: "`credentials.grant_read(&mut t, &role)`, `parameter.grant_read(&mut t, &role)`, `container_secret`; `ExecutionRoleArn` takes a `ServiceRole<EcsTasksService>`",
                checked: "an execution role that may read each secret or parameter (of the template or by ARN) and decrypt with its key",
            },
        ],
        properties: &[],
        rules: &[
            "key-denies-service-linked-role",
            "consumer-cannot-decrypt",
            "task-cannot-read-secret",
            "delivery-role-refused",
        ],
    },
    Integration {
        name: "access-log buckets: SSE-S3, the principal that writes the logs, ACLs for CloudFront",
        page: "access-logs.md",
        service_rows: &[
            ServiceRow {
                integration: "S3 server access logs and Application Load Balancer access logs",
                typed: "`AccessLogBucket`, `LoadBalancerLogBucket`, `LoadBalancer::access_logs`",
                checked: "SSE-S3 target; the writer in its policy (the Region's ELB account or log delivery); the load balancer after the policy",
            },
            ServiceRow {
                integration: "CloudFront standard (legacy) logs",
                typed: "`AccessLogBucket::for_cloudfront`, `cloudfront_logging()`, `CloudFrontLogsGrant`",
                checked: "the bucket's domain name; ACLs enabled; a customer key lets log delivery in",
            },
        ],
        properties: &[],
        rules: &[
            "log-bucket-not-sse-s3",
            "log-bucket-acls-disabled",
            "log-bucket-not-domain-name",
            "delivery-key-denies-service",
            "delivery-policy-denies-service",
            "delivery-before-policy",
            "load-balancer-attribute-unknown",
        ],
    },
    Integration {
        name: "ECS services behind a load balancer: the listener first",
        page: "load-balanced-services.md",
        service_rows: &[ServiceRow {
            integration: "ECS services → Elastic Load Balancing target groups",
            typed: "",
            checked: "the service is created after a listener or listener rule that forwards to its target group",
        }],
        properties: &[],
        rules: &["ecs-service-before-listener"],
    },
    Integration {
        name: "RDS and Aurora log exports",
        page: "rds-log-exports.md",
        service_rows: &[ServiceRow {
            integration: "RDS / Aurora log exports → CloudWatch Logs",
            typed: "`RdsLogGroups`",
            checked: "a group of that name exists, created first",
        }],
        properties: &[
            GuardedProperty {
                resource_type: "AWS::RDS::DBCluster",
                property: "EnableCloudwatchLogsExports",
                takes: Takes::RdsLogExports(RdsExporter::Cluster),
                doc: RDS_EXPORTS,
                fix: EXPORTS_FIX,
                refused_raw: true,
            },
            GuardedProperty {
                resource_type: "AWS::RDS::DBInstance",
                property: "EnableCloudwatchLogsExports",
                takes: Takes::RdsLogExports(RdsExporter::Instance),
                doc: RDS_EXPORTS,
                fix: EXPORTS_FIX,
                refused_raw: true,
            },
        ],
        rules: &["service-log-group-missing"],
    },
    Integration {
        name: "databases in an AWS Backup plan",
        page: "database-backups.md",
        service_rows: &[ServiceRow {
            integration: "AWS Backup plans for RDS and Aurora",
            typed: "`DatabaseBackups` (vault under a key of the stack, selection by the database's typed ARN, `ServiceRole<BackupService>`)",
            checked: "the vault's key is a customer managed key in a scoped stack; the selection's role trusts AWS Backup",
        }],
        properties: &[],
        rules: &["scoped-store-without-customer-key", "role-trust-denies-service"],
    },
    Integration {
        name: "database credentials from Secrets Manager",
        page: "database-credentials.md",
        service_rows: &[],
        properties: &[
            password("AWS::RDS::DBCluster"),
            password("AWS::RDS::DBInstance"),
            password("AWS::DocDB::DBCluster"),
            password("AWS::Redshift::Cluster"),
            username("AWS::RDS::DBCluster"),
            username("AWS::RDS::DBInstance"),
        ],
        rules: &["database-username-not-static", "database-password-length"],
    },
    Integration {
        name: "compliance-scoped stacks",
        page: "compliance-stacks.md",
        service_rows: &[],
        properties: &[],
        rules: &["scoped-type-without-guarantee", "scoped-store-without-customer-key"],
    },
    Integration {
        name: "IAM policy documents",
        page: "iam-policies.md",
        service_rows: &[],
        properties: &[
            document!(
                "AWS::IAM::Role",
                "AssumeRolePolicyDocument",
                TrustPolicy,
                "The trust policy: who may assume the role. Typed: [`crate::policy::TrustPolicy`].",
                "`Role::new(TrustPolicy::new([…]))`, whose actions are checked"
            ),
            document!(
                "AWS::IAM::ManagedPolicy",
                "PolicyDocument",
                IdentityPolicy,
                "The policy document. Typed: [`crate::policy::IdentityPolicy`]; action literals are checked against AWS's action list.",
                "`ManagedPolicy::new(IdentityPolicy::new([…]))`, whose actions are checked"
            ),
            document!(
                "AWS::IAM::RolePolicy",
                "PolicyDocument",
                IdentityPolicy,
                "The policy document. Typed: [`crate::policy::IdentityPolicy`].",
                "`RolePolicy::new(…).policy_document(IdentityPolicy::new([…]))`"
            ),
            document!(
                "AWS::IAM::Policy",
                "PolicyDocument",
                IdentityPolicy,
                "The policy document. Typed: [`crate::policy::IdentityPolicy`]; action literals are checked against AWS's action list.",
                "`Policy::new(IdentityPolicy::new([…]), name)`, whose actions are checked"
            ),
            document!(
                "AWS::IAM::UserPolicy",
                "PolicyDocument",
                IdentityPolicy,
                "The policy document. Typed: [`crate::policy::IdentityPolicy`].",
                "`UserPolicy::new(…).policy_document(IdentityPolicy::new([…]))`"
            ),
            document!(
                "AWS::IAM::GroupPolicy",
                "PolicyDocument",
                IdentityPolicy,
                "The policy document. Typed: [`crate::policy::IdentityPolicy`].",
                "`GroupPolicy::new(…).policy_document(IdentityPolicy::new([…]))`"
            ),
            document!(
                "AWS::IAM::Role.Policy",
                "PolicyDocument",
                IdentityPolicy,
                "An inline policy's document. Typed: [`crate::policy::IdentityPolicy`].",
                "`role::Policy::new(IdentityPolicy::new([…]), name)`"
            ),
            document!(
                "AWS::IAM::User.Policy",
                "PolicyDocument",
                IdentityPolicy,
                "An inline policy's document. Typed: [`crate::policy::IdentityPolicy`].",
                "`user::Policy::new(IdentityPolicy::new([…]), name)`"
            ),
            document!(
                "AWS::IAM::Group.Policy",
                "PolicyDocument",
                IdentityPolicy,
                "An inline policy's document. Typed: [`crate::policy::IdentityPolicy`].",
                "`group::Policy::new(IdentityPolicy::new([…]), name)`"
            ),
            document!(
                "AWS::SQS::QueuePolicy",
                "PolicyDocument",
                ResourcePolicy,
                "The queue policy. Typed: [`crate::policy::ResourcePolicy`].",
                "`QueuePolicy::new(ResourcePolicy::new([…]), queues)`"
            ),
            document!(
                "AWS::SNS::TopicPolicy",
                "PolicyDocument",
                ResourcePolicy,
                "The topic policy. Typed: [`crate::policy::ResourcePolicy`].",
                "`TopicPolicy::new(ResourcePolicy::new([…]), topics)`"
            ),
            document!(
                "AWS::SecretsManager::ResourcePolicy",
                "ResourcePolicy",
                ResourcePolicy,
                "The secret's resource policy. Typed: [`crate::policy::ResourcePolicy`].",
                "`ResourcePolicy::new(ResourcePolicy::new([…]), secret)` from `resources::secretsmanager`"
            ),
            document!(
                "AWS::S3::BucketPolicy",
                "PolicyDocument",
                BucketPolicy,
                "The bucket policy. Typed: [`crate::policy::BucketPolicy`].",
                "`BucketPolicy::new(bucket, policy::BucketPolicy::new([…]))`"
            ),
        ],
        rules: &["unknown-service-principal", "service-grant-without-source"],
    },
];

const fn password(resource_type: &'static str) -> GuardedProperty {
    GuardedProperty {
        resource_type,
        property: "MasterUserPassword",
        takes: Takes::DatabasePassword,
        doc: DB_PASSWORD,
        fix: SECRET_PASSWORD,
        refused_raw: true,
    }
}

const fn username(resource_type: &'static str) -> GuardedProperty {
    GuardedProperty {
        resource_type,
        property: "MasterUsername",
        takes: Takes::MasterUsername,
        doc: DB_USERNAME,
        fix: STATIC_USERNAME,
        refused_raw: false,
    }
}

/// Types whose plain form may break a compliance regime, with their secure counterparts.
pub const SCOPED: &[ScopedType] = &[
    ScopedType { resource_type: "AWS::Logs::LogGroup", counterpart: "`EncryptedLogGroup`" },
    ScopedType {
        resource_type: "AWS::S3::Bucket",
        counterpart: "`SecureBucket` (`AccessLogBucket` for server access logs)",
    },
    ScopedType { resource_type: "AWS::RDS::DBCluster", counterpart: "`EncryptedDbCluster`" },
    ScopedType { resource_type: "AWS::RDS::DBInstance", counterpart: "`EncryptedDbInstance` or `AuroraInstance`" },
    ScopedType {
        resource_type: "AWS::DocDB::DBCluster",
        counterpart: "none yet: keep DocumentDB out of a scoped stack",
    },
    ScopedType {
        resource_type: "AWS::Neptune::DBCluster",
        counterpart: "none yet: keep Neptune out of a scoped stack",
    },
    ScopedType {
        resource_type: "AWS::Redshift::Cluster",
        counterpart: "none yet: keep Redshift out of a scoped stack",
    },
    ScopedType { resource_type: "AWS::SecretsManager::Secret", counterpart: "`DatabaseSecret`" },
    ScopedType { resource_type: "AWS::KMS::Key", counterpart: "`KmsKey`" },
];

/// Every guarded property, across integrations.
pub fn guarded_properties() -> impl Iterator<Item = &'static GuardedProperty> {
    INTEGRATIONS.iter().flat_map(|i| i.properties.iter())
}

/// The typed way to set `property` of `resource_type`, if the escape hatch refuses it.
pub fn guarded_fix(resource_type: &str, property: &str) -> Option<&'static str> {
    guarded_properties()
        .find(|g| g.refused_raw && g.resource_type == resource_type && g.property == property)
        .map(|g| g.fix)
}

/// The secure counterpart of `resource_type`, if a scoped stack refuses its plain form.
pub fn scoped_counterpart(resource_type: &str) -> Option<&'static str> {
    SCOPED.iter().find(|s| s.resource_type == resource_type).map(|s| s.counterpart)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_property_is_guarded_once() {
        let all: Vec<_> = guarded_properties().map(|g| (g.resource_type, g.property)).collect();
        for (i, one) in all.iter().enumerate() {
            assert!(!all[i + 1..].contains(one), "{one:?} is listed twice");
        }
    }

    #[test]
    fn the_escape_hatch_refuses_what_only_a_type_may_set() {
        assert!(guarded_fix("AWS::Logs::LogGroup", "KmsKeyId").is_some());
        assert!(guarded_fix("AWS::RDS::DBCluster", "MasterUsername").is_none());
        assert!(guarded_fix("AWS::Logs::LogGroup", "RetentionInDays").is_none());
        assert_eq!(scoped_counterpart("AWS::Logs::LogGroup"), Some("`EncryptedLogGroup`"));
    }
}
