//! What an RDS database's `EnableCloudwatchLogsExports` accepts: exports whose encrypted log
//! groups are in the template (`secure::ExportedLogs`, from
//! `secure::RdsLogGroups`).

use crate::template::resource::Properties;

pub(crate) mod sealed {
    #[diagnostic::on_unimplemented(
        message = "`{Self}` cannot stand for an RDS engine, database kind or log exports: the traits are sealed",
        note = "engines are `AuroraMySql`, `AuroraPostgresql`, `MultiAzMySql`, `MultiAzPostgres`, `MySql`, `MariaDb`, `Postgres`; log exports come from `RdsLogGroups` added with `template.build(…)`; for another engine, use `RawResource`"
    )]
    /// The seal: implemented by the engines, database kinds and log exports of cfn-model.
    pub trait Sealed {}
}

/// Logs of an `AWS::RDS::DBCluster`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ClusterLogs;

/// Logs of an `AWS::RDS::DBInstance`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct InstanceLogs;

/// What a DBCluster's (`K` = [`ClusterLogs`]) or DBInstance's (`K` = [`InstanceLogs`])
/// `EnableCloudwatchLogsExports` accepts: only `secure::ExportedLogs`, whose encrypted log groups
/// are in the template under the names RDS writes to.
#[diagnostic::on_unimplemented(
    message = "RDS log exports need encrypted log groups created before the database, not `{Self}`",
    label = "RDS would create these log groups itself: unencrypted and kept forever",
    note = "build the groups first: `let exports = template.build(\"DbLogs\", RdsLogGroups::<AuroraMySql>::new(identifier, [MySqlLog::Audit, …], logs_key.arn()));` then pass `exports`; it names the groups `/aws/rds/cluster/<identifier>/<log>`, encrypts them with a key that grants CloudWatch Logs and orders the database after them"
)]
pub trait RdsLogExports<K>: sealed::Sealed {
    /// Writes the exports into a database's properties.
    #[doc(hidden)]
    fn store_exports(self, properties: &mut Properties);
}
