//! What generated setters accept: the proof traits and markers that say a value carries a
//! guarantee, below the generated resource types (`cfn-model`'s `resources`) and below the secure
//! constructs (`cfn-model`'s `secure`, which re-exports all of this and is where users find it).
//!
//! - [`key`]: [`KeyPolicy<G>`](key::KeyPolicy) and [`KmsKey<G>`](key::KmsKey), a key whose type
//!   records the grants of its policy ([`grants`]), and its ARN [`KeyArn<G>`](key::KeyArn).
//! - [`log_group_key`]: [`LogGroupKey`](log_group_key::LogGroupKey), the only things a log
//!   group's `KmsKeyId` accepts.
//! - [`external_key`]: [`ExternalKey`](external_key::ExternalKey), a key outside the template
//!   whose grants a person asserts (CloudWatch Logs', S3's).
//! - [`role`]: [`AssumableBy<S>`](role::AssumableBy) and the service markers: a role trusted by
//!   the service a property hands it to.
//! - [`database`]: a database's master password (from Secrets Manager) and user name (static).
//! - [`rds_exports`]: RDS log exports whose encrypted log groups are in the template.
//!
//! This module imports nothing above the template model: generated code may use all of it.

pub mod database;
pub mod external_key;
pub mod grants;
pub mod key;
pub mod log_group_key;
pub mod rds_exports;
pub mod role;

// What generated setters name, as `crate::proof::…` (through cfn-model's re-export of this crate).
pub use database::{DatabasePassword, MasterUsername};
pub use key::KeyPolicy;
pub use log_group_key::LogGroupKey;
pub use rds_exports::{ClusterLogs, InstanceLogs, RdsLogExports};
pub use role::{
    AssumableBy, BackupService, CloudTrailService, EcsTasksService, EventsService, LambdaService, RdsMonitoringService,
    StatesService, VpcFlowLogsService,
};
