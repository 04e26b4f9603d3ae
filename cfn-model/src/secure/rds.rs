//! RDS and Aurora: log exports that land in encrypted log groups created before the database,
//! and databases encrypted with a customer key whose credentials come from Secrets Manager.
//!
//! RDS writes exported logs to `/aws/rds/cluster/<cluster identifier>/<log type>` (or
//! `/aws/rds/instance/<instance identifier>/<log type>`). If that group does not exist, RDS
//! creates it itself: unencrypted and kept forever. So [`RdsLogGroups`] creates the groups
//! first, under exactly those names, encrypted with a key that grants CloudWatch Logs, and the
//! [`ExportedLogs`] it gives back is the only value a DBCluster's or DBInstance's
//! `EnableCloudwatchLogsExports` accepts. A group named otherwise (for example
//! `/aws/rds/cluster/${DBCluster}/${EnvironmentSuffix}`) is one RDS never writes to.

use crate::refs::{kind, target};
use std::marker::PhantomData;

use crate::node::{Function, Node};
use crate::proof::grants::{HasGrant, RdsGrant};
use crate::proof::key::KeyArn;
use crate::proof::log_group_key::LogGroupKey;
use crate::proof::rds_exports::{ClusterLogs, InstanceLogs, RdsLogExports};
use crate::resources::rds::{DBCluster, DBInstance};
use crate::secure::encrypted_log_group::EncryptedLogGroup;
use crate::secure::secret::DatabaseCredentials;
use crate::stack::{AllowedIn, Compliance};
use crate::template::Template;
use crate::template::attributes::{Attributes, DeletionPolicy};
use crate::template::construct::Construct;
use crate::template::handle::Handle;
use crate::template::resource::{Properties, Resource};
use crate::value::Value;

mod sealed {
    #[diagnostic::on_unimplemented(
        message = "`{Self}` cannot stand for an RDS engine, database kind or log exports: the traits are sealed",
        note = "engines are `AuroraMySql`, `AuroraPostgresql`, `MultiAzMySql`, `MultiAzPostgres`, `MySql`, `MariaDb`, `Postgres`; log exports come from `RdsLogGroups` added with `template.build(…)`; for another engine, use `RawResource`"
    )]
    pub trait Sealed {}
}

/// Whether logs come from a cluster or an instance: decides the log group path and the
/// identifier property.
pub trait DatabaseKind: sealed::Sealed {
    /// `cluster` or `instance`, as in `/aws/rds/cluster/…`.
    const PATH: &'static str;
    /// `DBClusterIdentifier` or `DBInstanceIdentifier`.
    const IDENTIFIER_PROPERTY: &'static str;
}

impl sealed::Sealed for ClusterLogs {}
impl sealed::Sealed for InstanceLogs {}

impl DatabaseKind for ClusterLogs {
    const PATH: &'static str = "cluster";
    const IDENTIFIER_PROPERTY: &'static str = "DBClusterIdentifier";
}

impl DatabaseKind for InstanceLogs {
    const PATH: &'static str = "instance";
    const IDENTIFIER_PROPERTY: &'static str = "DBInstanceIdentifier";
}

/// An RDS engine: its `Engine` value, the log types it exports, and whether it runs as a
/// cluster or an instance.
pub trait RdsEngine: sealed::Sealed {
    /// `Engine`.
    const ENGINE: &'static str;
    /// The log types this engine exports.
    type Log: LogType;
    /// [`ClusterLogs`] or [`InstanceLogs`].
    type Kind: DatabaseKind;
}

/// An Aurora engine: its clusters have DB instances of their own ([`AuroraInstance`]), which
/// Multi-AZ DB clusters do not.
pub trait AuroraEngine: RdsEngine<Kind = ClusterLogs> {}

impl AuroraEngine for AuroraMySql {}
impl AuroraEngine for AuroraPostgresql {}

/// A log type RDS can export.
pub trait LogType: Copy {
    /// The name in `EnableCloudwatchLogsExports` and in the log group's name.
    fn as_str(self) -> &'static str;
    /// The name in a logical ID (`Audit`, `SlowQuery`).
    fn id_part(self) -> &'static str;
}

macro_rules! engines {
    ($($(#[$doc:meta])* $name:ident = $engine:literal, $log:ty, $kind:ty;)*) => {$(
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        pub struct $name;
        impl sealed::Sealed for $name {}
        impl RdsEngine for $name {
            const ENGINE: &'static str = $engine;
            type Log = $log;
            type Kind = $kind;
        }
    )*};
}

engines! {
    /// Aurora MySQL (`aurora-mysql`), a cluster.
    AuroraMySql = "aurora-mysql", MySqlLog, ClusterLogs;
    /// Aurora PostgreSQL (`aurora-postgresql`), a cluster.
    AuroraPostgresql = "aurora-postgresql", PostgresqlLog, ClusterLogs;
    /// A Multi-AZ DB cluster of RDS for MySQL (`mysql` on an `AWS::RDS::DBCluster`): writer and
    /// two readers in three zones, its logs under `/aws/rds/cluster/<identifier>/`.
    MultiAzMySql = "mysql", MultiAzMySqlLog, ClusterLogs;
    /// A Multi-AZ DB cluster of RDS for PostgreSQL (`postgres` on an `AWS::RDS::DBCluster`).
    MultiAzPostgres = "postgres", PostgresqlLog, ClusterLogs;
    /// RDS for MySQL (`mysql`), an instance.
    MySql = "mysql", MySqlLog, InstanceLogs;
    /// RDS for MariaDB (`mariadb`), an instance.
    MariaDb = "mariadb", MySqlLog, InstanceLogs;
    /// RDS for PostgreSQL (`postgres`), an instance.
    Postgres = "postgres", PostgresqlLog, InstanceLogs;
}

macro_rules! log_types {
    ($(#[$doc:meta])* $name:ident { $($(#[$vdoc:meta])* $variant:ident = $value:literal,)* }) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        pub enum $name {
            $($(#[$vdoc])* $variant,)*
        }
        impl LogType for $name {
            fn as_str(self) -> &'static str {
                match self { $($name::$variant => $value,)* }
            }
            fn id_part(self) -> &'static str {
                match self { $($name::$variant => stringify!($variant),)* }
            }
        }
    };
}

log_types! {
    /// The logs MySQL-family engines export.
    MySqlLog {
        /// `audit` (Aurora MySQL: the `server_audit_logging` cluster parameter on; MySQL and
        /// MariaDB: the `MARIADB_AUDIT_PLUGIN` option in the option group).
        Audit = "audit",
        /// `error`
        Error = "error",
        /// `general` (needs `general_log` on).
        General = "general",
        /// `slowquery` (needs `slow_query_log` on).
        SlowQuery = "slowquery",
    }
}

log_types! {
    /// The logs a Multi-AZ DB cluster of RDS for MySQL exports (no audit log: that needs an
    /// option group, which Multi-AZ DB clusters do not take).
    MultiAzMySqlLog {
        /// `error`
        Error = "error",
        /// `general` (needs `general_log` on).
        General = "general",
        /// `slowquery` (needs `slow_query_log` on).
        SlowQuery = "slowquery",
    }
}

log_types! {
    /// The logs PostgreSQL-family engines export.
    PostgresqlLog {
        /// `postgresql`
        Postgresql = "postgresql",
    }
}

/// The log groups an RDS database exports to, created before it: encrypted with a key that
/// grants CloudWatch Logs, named where RDS writes, kept 365 days unless changed.
///
/// ```
/// # use cfn_model::{Template, resources::rds::DBCluster, secure::*};
/// let mut template = Template::new();
/// let key = template.add("LogsKey", KmsKey::new(KeyPolicy::account_root().grant_logs(LogsGrant::account_wide())));
/// let exports = template.build(
///     "AuditLogs",
///     RdsLogGroups::<AuroraMySql>::new("orders-db", [MySqlLog::Audit, MySqlLog::Error], key.arn()),
/// );
/// let cluster = DBCluster::new().enable_cloudwatch_logs_exports(exports);
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct RdsLogGroups<E: RdsEngine> {
    identifier: Node,
    logs: Vec<E::Log>,
    key: Node,
    retention_in_days: Node,
}

impl<E: RdsEngine> RdsLogGroups<E> {
    /// Groups for `logs` of the database named `identifier` (deterministic, so the groups can
    /// be named before the database exists: a literal, or an `Fn::Sub` with a suffix), encrypted
    /// with `key`.
    ///
    /// RDS stores identifiers in lower case and names its log groups that way, so the literal
    /// text of `identifier` is lower-cased here, for the groups and for the database alike.
    pub fn new(
        identifier: impl Into<Value<String>>,
        logs: impl IntoIterator<Item = E::Log>,
        key: impl LogGroupKey,
    ) -> Self {
        RdsLogGroups {
            identifier: lower_case_literal(identifier.into().into_node()),
            logs: logs.into_iter().collect(),
            key: key.into_key_node(),
            retention_in_days: Node::Int(365),
        }
    }

    /// `RetentionInDays` of every group (PCI DSS 10.7 asks for a year; the default is 365).
    pub fn retention_in_days(mut self, days: impl Into<Value<i64>>) -> Self {
        self.retention_in_days = days.into().into_node();
        self
    }

    /// The group RDS writes `log` to: `/aws/rds/<cluster|instance>/<identifier>/<log>`.
    pub fn log_group_name(&self, log: E::Log) -> Value<String> {
        log_group_name(<E::Kind as DatabaseKind>::PATH, &self.identifier, log.as_str())
    }
}

/// `identifier` with its literal text in lower case: a string, or the text of an `Fn::Sub` outside
/// its `${…}` references. Other values (a `Ref` to a parameter) are left as they are.
fn lower_case_literal(identifier: Node) -> Node {
    match identifier {
        Node::String(ref text) => Node::String(text.to_lowercase()),
        Node::Fn(Function::Sub, ref arg) if arg.as_str().is_some() => {
            let text = arg.as_str().unwrap_or_default();
            let mut lowered = String::with_capacity(text.len());
            let mut in_reference = false;
            for c in text.chars() {
                match c {
                    '$' if !in_reference => lowered.push(c),
                    '{' if lowered.ends_with('$') => {
                        in_reference = true;
                        lowered.push(c);
                    }
                    '}' if in_reference => {
                        in_reference = false;
                        lowered.push(c);
                    }
                    _ if in_reference => lowered.push(c),
                    _ => lowered.extend(c.to_lowercase()),
                }
            }
            Node::call(Function::Sub, Node::String(lowered))
        }
        other => other,
    }
}

/// `/aws/rds/<kind>/<identifier>/<log>`, as literal text or one `Fn::Sub`.
fn log_group_name(kind: &str, identifier: &Node, log: &str) -> Value<String> {
    let prefix = format!("/aws/rds/{kind}/");
    let node = match identifier {
        Node::String(id) => Node::String(format!("{prefix}{id}/{log}")),
        Node::Fn(Function::Sub, arg) if arg.as_str().is_some() => {
            Node::call(Function::Sub, Node::String(format!("{prefix}{}/{log}", arg.as_str().unwrap_or_default())))
        }
        other => Node::call(
            Function::Join,
            Node::List(vec![
                Node::string(""),
                Node::List(vec![Node::String(prefix), other.clone(), Node::String(format!("/{log}"))]),
            ]),
        ),
    };
    Value::from_node(node)
}

impl<E: RdsEngine> Construct for RdsLogGroups<E> {
    type Output = ExportedLogs<E::Kind>;

    /// Adds one group per log, `<logical_id><Log>` (`AuditLogsAudit`), kept on stack deletion.
    fn add_to(self, template: &mut Template, logical_id: &str) -> ExportedLogs<E::Kind> {
        let mut groups = Vec::new();
        for log in &self.logs {
            let group = EncryptedLogGroup::from_key_node(self.key.clone())
                .log_group_name(self.log_group_name(*log))
                .retention_in_days(Value::<i64>::from_node(self.retention_in_days.clone()));
            let id = format!("{logical_id}{}", log.id_part());
            let retain =
                Attributes::new().deletion_policy(DeletionPolicy::Retain).update_replace_policy(DeletionPolicy::Retain);
            groups.push(template.add_with(&id, group, retain));
        }
        ExportedLogs {
            identifier: self.identifier,
            engine: E::ENGINE,
            logs: self.logs.iter().map(|l| l.as_str()).collect(),
            groups,
            kind: PhantomData,
        }
    }
}

impl<E: RdsEngine, C: Compliance> AllowedIn<C> for RdsLogGroups<E> {}
impl<E: RdsEngine> crate::__private::ResourceSeal for RdsLogGroups<E> {}

/// Log exports whose encrypted groups are in the template: what [`RdsLogGroups`] gives back,
/// and the only value `EnableCloudwatchLogsExports` accepts. Setting it also sets the database
/// identifier and engine the groups were named for, and orders the database after the groups.
#[derive(Debug, Clone, PartialEq)]
pub struct ExportedLogs<K> {
    identifier: Node,
    engine: &'static str,
    logs: Vec<&'static str>,
    groups: Vec<Handle<EncryptedLogGroup>>,
    kind: PhantomData<fn() -> K>,
}

impl<K: DatabaseKind> ExportedLogs<K> {
    /// The log groups, in the order the logs were given.
    pub fn log_groups(&self) -> &[Handle<EncryptedLogGroup>] {
        &self.groups
    }
}

impl<K> crate::__private::RdsExportsSeal for ExportedLogs<K> {}

/// Why a secure database keeps its engine, encryption, credentials and private access.
const DATABASE_PIN: &str = "the secure database type was built with it (engine, storage encryption with its customer key, the user name and password of its `DatabaseSecret`, private access). Choose the engine by the type parameter and the key and credentials in `new`; these cannot be changed in `configure`";

/// The master user name and password a secure database takes from its `DatabaseSecret`: the
/// user name the secret holds, so that rotation and clients agree with the database.
#[derive(Debug, Clone, PartialEq)]
struct Credentials {
    username: Node,
    password: Node,
}

impl Credentials {
    fn of(credentials: &DatabaseCredentials) -> Self {
        Credentials {
            username: Node::string(credentials.username()),
            password: crate::secure::DatabasePassword::into_password_node(credentials.password()),
        }
    }

    fn parts(self) -> [(&'static str, Node); 2] {
        [("MasterUsername", self.username), ("MasterUserPassword", self.password)]
    }
}

/// Why [`ExportedLogs`] pins the database's identifier and engine.
const EXPORTS_PIN: &str = "the RDS log exports were built for it (their log groups are named where RDS writes for this identifier, and the log types are this engine's). Give `RdsLogGroups::new` the database's identifier and engine as they are, and pass those exports";

impl<K: DatabaseKind> RdsLogExports<K> for ExportedLogs<K> {
    fn store_exports(self, properties: &mut Properties) {
        // Pinned: the log groups are named for this identifier, and the logs are this engine's.
        properties.pin(K::IDENTIFIER_PROPERTY, self.identifier, EXPORTS_PIN);
        properties.pin("Engine", Node::String(self.engine.to_owned()), EXPORTS_PIN);
        properties.set("EnableCloudwatchLogsExports", Node::List(self.logs.iter().map(|l| Node::string(*l)).collect()));
        for group in &self.groups {
            properties.create_after(group.logical_id());
        }
    }
}

/// A DB cluster — Aurora, or a Multi-AZ DB cluster of RDS for MySQL or PostgreSQL — whose storage
/// is encrypted with a customer key (whose policy grants RDS) and whose master credentials come
/// from a Secrets Manager secret. The only database cluster a compliance-scoped stack accepts.
/// A Multi-AZ DB cluster also needs `db_cluster_instance_class`, `allocated_storage`,
/// `storage_type` and `iops`, set through `configure`.
#[derive(Debug, Clone, PartialEq)]
pub struct EncryptedDbCluster<E: RdsEngine<Kind = ClusterLogs>> {
    inner: DBCluster,
    key: Node,
    credentials: Credentials,
    engine: PhantomData<fn() -> E>,
}

impl<E: RdsEngine<Kind = ClusterLogs>> EncryptedDbCluster<E> {
    /// A cluster of engine `E`, storage encrypted with `storage_key`, master user and password
    /// from `credentials`, IAM database authentication and deletion protection on, backups
    /// kept 7 days, tags copied to snapshots.
    pub fn new<G: HasGrant<RdsGrant>>(storage_key: KeyArn<G>, credentials: &DatabaseCredentials) -> Self {
        let key = storage_key.into_node();
        let inner = DBCluster::new()
            .engine(E::ENGINE)
            .storage_encrypted(true)
            .kms_key_id(crate::refs::Attr::<target::kms::Key, kind::Arn>::from_node(key.clone()))
            .master_username(credentials.username())
            .master_user_password(credentials.password())
            .enable_iam_database_authentication(true)
            .deletion_protection(true)
            .backup_retention_period(7)
            .copy_tags_to_snapshot(true);
        EncryptedDbCluster { inner, key, credentials: Credentials::of(credentials), engine: PhantomData }
    }

    /// Sets any other property through the generated type (subnet group, security groups,
    /// log exports, backup window, …). Engine, storage encryption and its key stay as built.
    pub fn configure(self, f: impl FnOnce(DBCluster) -> DBCluster) -> Self {
        EncryptedDbCluster { inner: f(self.inner), ..self }
    }
}

/// `Ref` gives what it gives for `rds::DBCluster`.
impl<E: RdsEngine<Kind = ClusterLogs>> crate::refs::Referable for EncryptedDbCluster<E> {
    type Ref = <crate::resources::rds::DBCluster as crate::refs::Referable>::Ref;
}

impl<E: RdsEngine<Kind = ClusterLogs>> Resource for EncryptedDbCluster<E> {
    const TYPE: &'static str = DBCluster::TYPE;
    const TAGGING: crate::Tagging = DBCluster::TAGGING;

    fn into_properties(self) -> Properties {
        let mut properties = self.inner.into_properties();
        let [username, password] = self.credentials.parts();
        let parts = [
            ("Engine", Node::string(E::ENGINE)),
            ("StorageEncrypted", Node::Bool(true)),
            ("KmsKeyId", self.key),
            username,
            password,
        ];
        crate::secure::guarantee(&mut properties, parts, DATABASE_PIN);
        properties
    }
}

impl<E: RdsEngine<Kind = ClusterLogs>, C: Compliance> AllowedIn<C> for EncryptedDbCluster<E> {}
impl<E: RdsEngine<Kind = ClusterLogs>> crate::__private::ResourceSeal for EncryptedDbCluster<E> {}

impl<E: RdsEngine<Kind = ClusterLogs>> crate::handle::HasAttributes for EncryptedDbCluster<E> {
    type Attributes = EncryptedDbClusterAttributes<E>;
}

super::attribute_set! {
    /// `Fn::GetAtt` attributes of [`EncryptedDbCluster<E>`]: a handle to one dereferences to this.
    pub struct EncryptedDbClusterAttributes<E>;
}

impl<E> EncryptedDbClusterAttributes<E> {
    /// `Fn::GetAtt Cluster.Endpoint.Address`: the writer endpoint.
    pub fn endpoint_address(&self) -> Value<String> {
        self.0.get_att("Endpoint.Address")
    }

    /// `Fn::GetAtt Cluster.Endpoint.Port`.
    pub fn endpoint_port(&self) -> Value<String> {
        self.0.get_att("Endpoint.Port")
    }

    /// `Fn::GetAtt Cluster.ReadEndpoint.Address`: the reader endpoint.
    pub fn read_endpoint_address(&self) -> Value<String> {
        self.0.get_att("ReadEndpoint.Address")
    }

    /// `Fn::GetAtt Cluster.DBClusterArn`: what an AWS Backup selection names
    /// (`DatabaseBackups`, feature `backup`).
    pub fn db_cluster_arn(&self) -> crate::refs::Attr<target::rds::DBCluster, kind::DBClusterArn> {
        crate::refs::Attr::from_node(self.0.get_att_node("DBClusterArn"))
    }
}

/// A DB instance in an [`EncryptedDbCluster`]: Aurora instances take their storage
/// encryption and credentials from the cluster.
#[derive(Debug, Clone, PartialEq)]
pub struct AuroraInstance<E: AuroraEngine> {
    inner: DBInstance,
    cluster: Node,
    engine: PhantomData<fn() -> E>,
}

impl<E: AuroraEngine> AuroraInstance<E> {
    /// An instance of class `instance_class` (`db.r6g.large`) in `cluster`, not publicly
    /// accessible.
    pub fn new(cluster: &Handle<EncryptedDbCluster<E>>, instance_class: impl Into<Value<String>>) -> Self {
        let inner = DBInstance::new().db_instance_class(instance_class);
        AuroraInstance { inner, cluster: cluster.reference().into_node(), engine: PhantomData }
    }

    /// Sets any other property through the generated type (availability zone, monitoring,
    /// Performance Insights, …). Cluster membership, engine and private access stay as built.
    pub fn configure(self, f: impl FnOnce(DBInstance) -> DBInstance) -> Self {
        AuroraInstance { inner: f(self.inner), ..self }
    }
}

/// `Ref` gives what it gives for `rds::DBInstance`.
impl<E: AuroraEngine> crate::refs::Referable for AuroraInstance<E> {
    type Ref = <crate::resources::rds::DBInstance as crate::refs::Referable>::Ref;
}

impl<E: AuroraEngine> AuroraInstance<E> {
    /// `attributes` with the rules of AWS's guard rules registry (HIPAA Security and PCI DSS
    /// sets) suppressed that are written for DB instances and read, on an Aurora instance,
    /// properties that are the cluster's: CloudFormation documents `StorageEncrypted`,
    /// `BackupRetentionPeriod`, `DeletionProtection`'s data, `MultiAZ` and log exports of an
    /// Aurora DB instance as managed by its DB cluster
    /// (<https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-rds-dbinstance.html>),
    /// and [`EncryptedDbCluster`] sets them there.
    pub fn member_suppressions(attributes: Attributes) -> Attributes {
        attributes
            .guard_suppress("RDS_STORAGE_ENCRYPTED", "an Aurora instance stores nothing of its own: the cluster's storage is encrypted (StorageEncrypted and KmsKeyId on the DBCluster), which CloudFormation does not let an Aurora instance set")
            .guard_suppress("RDS_INSTANCE_LOGGING_ENABLED", "an Aurora instance exports no logs of its own: the cluster exports them (EnableCloudwatchLogsExports on the DBCluster, to encrypted log groups)")
            .guard_suppress("DB_INSTANCE_BACKUP_ENABLED", "Aurora backs up the cluster, not its instances: BackupRetentionPeriod is set on the DBCluster (7 to 35 days)")
            .guard_suppress("RDS_INSTANCE_DELETION_PROTECTION_ENABLED", "an Aurora instance holds no data: deletion protection is on for the cluster (DeletionProtection on the DBCluster), which also leaves a final snapshot")
            .guard_suppress("RDS_MULTI_AZ_SUPPORT", "MultiAZ does not apply to Aurora instances: the cluster's storage is replicated across three Availability Zones, and a reader instance runs in a second one")
    }
}

impl<E: AuroraEngine> Resource for AuroraInstance<E> {
    const TYPE: &'static str = DBInstance::TYPE;
    const TAGGING: crate::Tagging = DBInstance::TAGGING;

    fn into_properties(self) -> Properties {
        let mut properties = self.inner.into_properties();
        let parts = [
            ("Engine", Node::string(E::ENGINE)),
            ("DBClusterIdentifier", self.cluster),
            ("PubliclyAccessible", Node::Bool(false)),
        ];
        crate::secure::guarantee(&mut properties, parts, DATABASE_PIN);
        properties
    }
}

impl<E: AuroraEngine, C: Compliance> AllowedIn<C> for AuroraInstance<E> {}
impl<E: AuroraEngine> crate::__private::ResourceSeal for AuroraInstance<E> {}

impl<E: AuroraEngine> crate::handle::HasAttributes for AuroraInstance<E> {
    type Attributes = AuroraInstanceAttributes<E>;
}

super::attribute_set! {
    /// `Fn::GetAtt` attributes of [`AuroraInstance<E>`]: a handle to one dereferences to this.
    pub struct AuroraInstanceAttributes<E>;
}

impl<E> AuroraInstanceAttributes<E> {
    /// `Fn::GetAtt Instance.Endpoint.Address`.
    pub fn endpoint_address(&self) -> Value<String> {
        self.0.get_att("Endpoint.Address")
    }
}

/// An RDS DB instance (MySQL, MariaDB, PostgreSQL) whose storage is encrypted with a customer
/// key (whose policy grants RDS), whose master credentials come from a Secrets Manager secret,
/// Multi-AZ, private, with IAM authentication, deletion protection, 7 days of backups and tags
/// copied to snapshots. The only DB instance outside Aurora a compliance-scoped stack accepts.
#[derive(Debug, Clone, PartialEq)]
pub struct EncryptedDbInstance<E: RdsEngine<Kind = InstanceLogs>> {
    inner: DBInstance,
    key: Node,
    credentials: Credentials,
    engine: PhantomData<fn() -> E>,
}

impl<E: RdsEngine<Kind = InstanceLogs>> EncryptedDbInstance<E> {
    /// An instance of engine `E` and class `instance_class` (`db.m6g.large`) with
    /// `allocated_storage_gib` of storage encrypted with `storage_key`, master user and password
    /// from `credentials`.
    pub fn new<G: HasGrant<RdsGrant>>(
        storage_key: KeyArn<G>,
        credentials: &DatabaseCredentials,
        instance_class: impl Into<Value<String>>,
        allocated_storage_gib: u32,
    ) -> Self {
        let key = storage_key.into_node();
        let inner = DBInstance::new()
            .engine(E::ENGINE)
            .db_instance_class(instance_class)
            .allocated_storage(allocated_storage_gib.to_string())
            .master_username(credentials.username())
            .master_user_password(credentials.password())
            .multi_az(true)
            .enable_iam_database_authentication(true)
            .deletion_protection(true)
            .backup_retention_period(7)
            .copy_tags_to_snapshot(true)
            .auto_minor_version_upgrade(true);
        EncryptedDbInstance { inner, key, credentials: Credentials::of(credentials), engine: PhantomData }
    }

    /// Sets any other property through the generated type (subnet group, security groups,
    /// log exports, monitoring, …). Engine, storage encryption, its key and private access stay
    /// as built.
    pub fn configure(self, f: impl FnOnce(DBInstance) -> DBInstance) -> Self {
        EncryptedDbInstance { inner: f(self.inner), ..self }
    }
}

/// `Ref` gives what it gives for `rds::DBInstance`.
impl<E: RdsEngine<Kind = InstanceLogs>> crate::refs::Referable for EncryptedDbInstance<E> {
    type Ref = <crate::resources::rds::DBInstance as crate::refs::Referable>::Ref;
}

impl<E: RdsEngine<Kind = InstanceLogs>> Resource for EncryptedDbInstance<E> {
    const TYPE: &'static str = DBInstance::TYPE;
    const TAGGING: crate::Tagging = DBInstance::TAGGING;

    fn into_properties(self) -> Properties {
        let mut properties = self.inner.into_properties();
        let [username, password] = self.credentials.parts();
        let parts = [
            ("Engine", Node::string(E::ENGINE)),
            ("StorageEncrypted", Node::Bool(true)),
            ("KmsKeyId", self.key),
            ("PubliclyAccessible", Node::Bool(false)),
            username,
            password,
        ];
        crate::secure::guarantee(&mut properties, parts, DATABASE_PIN);
        properties
    }
}

impl<E: RdsEngine<Kind = InstanceLogs>, C: Compliance> AllowedIn<C> for EncryptedDbInstance<E> {}
impl<E: RdsEngine<Kind = InstanceLogs>> crate::__private::ResourceSeal for EncryptedDbInstance<E> {}

impl<E: RdsEngine<Kind = InstanceLogs>> crate::handle::HasAttributes for EncryptedDbInstance<E> {
    type Attributes = EncryptedDbInstanceAttributes<E>;
}

super::attribute_set! {
    /// `Fn::GetAtt` attributes of [`EncryptedDbInstance<E>`]: a handle to one dereferences to this.
    pub struct EncryptedDbInstanceAttributes<E>;
}

impl<E> EncryptedDbInstanceAttributes<E> {
    /// `Fn::GetAtt Instance.Endpoint.Address`.
    pub fn endpoint_address(&self) -> Value<String> {
        self.0.get_att("Endpoint.Address")
    }

    /// `Fn::GetAtt Instance.Endpoint.Port`.
    pub fn endpoint_port(&self) -> Value<String> {
        self.0.get_att("Endpoint.Port")
    }

    /// `Fn::GetAtt Instance.DBInstanceArn`: what an AWS Backup selection names
    /// (`DatabaseBackups`, feature `backup`).
    pub fn db_instance_arn(&self) -> crate::refs::Attr<target::rds::DBInstance, kind::DBInstanceArn> {
        crate::refs::Attr::from_node(self.0.get_att_node("DBInstanceArn"))
    }
}
