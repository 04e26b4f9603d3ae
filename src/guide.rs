//! Guides: one page per guarded integration.
//!
//! Each page says what AWS requires, shows the typed-cfn code that satisfies it (compiled and run
//! as a doctest), and shows the mistake with the compile error from the matching test in
//! `tests/ui/`. The pages live in `docs/guarded/` and read the same on GitHub. Here each page
//! is a submodule below; the links between pages point to the markdown files, so they work
//! when read from the repository.

#![doc = include_str!("../docs/guarded/README.md")]

/// The CloudWatch Logs statement of a key policy: `KmsKey<G>`, `KeyPolicy`, `LogsGrant`.
#[doc = include_str!("../docs/guarded/logs-key-grant.md")]
pub mod logs_key_grant {}

/// A log group's `KmsKeyId`: only the ARN of a key whose policy grants CloudWatch Logs.
#[doc = include_str!("../docs/guarded/log-group-key.md")]
pub mod log_group_key {}

/// RDS and Aurora log exports into encrypted log groups created first: `RdsLogGroups`.
#[doc = include_str!("../docs/guarded/rds-log-exports.md")]
pub mod rds_log_exports {}

/// Log groups that services create for themselves: Lambda, VPC flow logs, RDS exports.
#[doc = include_str!("../docs/guarded/service-log-groups.md")]
pub mod service_log_groups {}

/// Encrypted SNS topics and SQS queues, and the services that deliver to them.
#[doc = include_str!("../docs/guarded/encrypted-messaging.md")]
pub mod encrypted_messaging {}

/// CloudWatch composite alarms publishing to encrypted topics: the metric alarm's grant.
#[doc = include_str!("../docs/guarded/composite-alarms.md")]
pub mod composite_alarms {}

/// CloudTrail with a customer key: `AuditTrail`, `TrailBucket`, `CloudTrailGrant`.
#[doc = include_str!("../docs/guarded/audit-trail.md")]
pub mod audit_trail {}

/// Roles given to services: the trust must name the service that uses the role.
#[doc = include_str!("../docs/guarded/role-trust.md")]
pub mod role_trust {}

/// Vended logs to S3: the log delivery service in the key and the bucket policy.
#[doc = include_str!("../docs/guarded/vended-logs.md")]
pub mod vended_logs {}

/// Roles that use a key for a service: Auto Scaling's volumes, Lambda reading encrypted queues.
#[doc = include_str!("../docs/guarded/key-users.md")]
pub mod key_users {}

/// Access-log buckets: SSE-S3, and the principal that writes the logs.
#[doc = include_str!("../docs/guarded/access-logs.md")]
pub mod access_logs {}

/// Databases in an AWS Backup plan: `DatabaseBackups`.
#[doc = include_str!("../docs/guarded/database-backups.md")]
pub mod database_backups {}

/// Database credentials from Secrets Manager: `DatabaseSecret`, `DatabaseCredentials`.
#[doc = include_str!("../docs/guarded/database-credentials.md")]
pub mod database_credentials {}

/// Compliance-scoped stacks: `Stack<Pci>`, `Stack<Hipaa>` and the secure counterparts.
#[doc = include_str!("../docs/guarded/compliance-stacks.md")]
pub mod compliance_stacks {}

/// IAM policy documents, `actions!` and `service_principal!`.
#[doc = include_str!("../docs/guarded/iam-policies.md")]
pub mod iam_policies {}

/// `sub!`: `Fn::Sub` strings checked at compile time.
#[doc = include_str!("../docs/guarded/sub-macro.md")]
pub mod sub_macro {}

/// ECS services behind a load balancer: the service after the listener that forwards to its target group.
#[doc = include_str!("../docs/guarded/load-balanced-services.md")]
pub mod load_balanced_services {}

/// Apps of many stacks: handles that keep their type across stacks, exports and imports.
#[doc = include_str!("../docs/guarded/apps.md")]
pub mod apps {}

/// Typed references: properties that name another resource take the kinds AWS lists for them.
#[doc = include_str!("../docs/guarded/typed-references.md")]
pub mod typed_references {}

/// The untyped escape hatch and what it refuses: `RawResource`, `raw_resource!`.
#[doc = include_str!("../docs/guarded/escape-hatches.md")]
pub mod escape_hatches {}
