//! The HIPAA healthcare stack whose failure analysis found three mistakes, each made impossible.
//!
//! An Aurora cluster (MySQL or PostgreSQL by config) in isolated subnets, its storage and
//! Performance Insights encrypted with a customer key of its own whose policy holds the
//! CloudWatch Logs grant (the first mistake: the key had none); its exported logs in encrypted
//! log groups created first, under the names RDS writes to (the second); master credentials as
//! a static user name and a password resolved from a Secrets Manager secret encrypted with a
//! second customer key and rotated on a schedule (the third: its user name was resolved from the
//! secret). The cluster is in an AWS Backup plan (`DatabaseBackups`). `docs/compliance/hipaa.md` goes through
//! the HIPAA Security rules one by one.

mod config;

pub use config::{DatabaseEngine, HipaaConfig, HipaaConfigBuilder};

use cfn_macros::sub;
use cfn_model::intrinsics::{get_azs, join, select};
use cfn_model::refs::{Attr, kind, target};
use cfn_model::resources::ec2::{self, SecurityGroup, VPCEndpoint};
use cfn_model::resources::rds::{DBCluster, DBClusterParameterGroup, DBSubnetGroup};
use cfn_model::resources::secretsmanager::{RotationSchedule, SecretTargetAttachment, rotation_schedule};
use cfn_model::secure::{
    AuroraEngine, AuroraInstance, AuroraMySql, AuroraPostgresql, DatabaseBackups, DatabaseSecret, EncryptedDbCluster,
    Hipaa, KeyPolicy, KmsKey, LogsGrant, MySqlLog, PostgresqlLog, RdsLogGroups, RdsMonitoringService, ServiceRole,
    Stack,
};
use cfn_model::{Attributes, DeletionPolicy, Handle, Output, Parameters as _, Template, Value};

use crate::config::StackParameters;
use crate::network::{Network, NetworkSpec, add_network};

/// The transform that expands a `HostedRotationLambda` into the rotation function AWS provides.
pub const SECRETS_MANAGER_TRANSFORM: &str = "AWS::SecretsManager-2020-07-23";

/// Why Aurora MySQL's general query log is not exported (the packs' `rds-logging-enabled`,
/// <https://docs.aws.amazon.com/config/latest/developerguide/rds-logging-enabled.html>; the log:
/// <https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/USER_LogAccess.MySQL.LogFileSize.html>).
const NO_GENERAL_LOG: &str = "the general query log is not exported: it records every statement with its values, which would copy PHI into the logs; the audit log records who ran what (HIPAA 164.312(b)), and error and slow-query logs are exported too";

/// What the stack needs to know of an Aurora engine beyond [`AuroraEngine`].
trait AuroraSettings: AuroraEngine {
    /// `EngineVersion`.
    const VERSION: &'static str;
    /// The parameter group family of that version.
    const FAMILY: &'static str;
    /// The port clients connect to.
    const PORT: i64;
    /// The `RotationType` of the hosted rotation function.
    const ROTATION_TYPE: &'static str;
    /// The logs exported: the ones the parameter group turns on.
    fn exported_logs() -> Vec<Self::Log>;
    /// What the cluster sets beyond what both engines share.
    fn cluster_extras(cluster: DBCluster) -> DBCluster {
        cluster
    }
    /// Compliance-tool checks that cannot apply to this engine's cluster, with the reason.
    fn cluster_suppressions(attributes: Attributes) -> Attributes {
        attributes
    }
    /// Compliance-tool checks that cannot apply to this engine's database security group.
    fn database_group_suppressions(attributes: Attributes) -> Attributes {
        attributes
    }
    /// Cluster parameters: TLS required, audit logging on.
    fn parameters() -> serde_json::Value;
}

impl AuroraSettings for AuroraMySql {
    const VERSION: &'static str = "8.0.mysql_aurora.3.10.6";
    const FAMILY: &'static str = "aurora-mysql8.0";
    const PORT: i64 = 3306;
    const ROTATION_TYPE: &'static str = "MySQLSingleUser";

    fn exported_logs() -> Vec<MySqlLog> {
        vec![MySqlLog::Audit, MySqlLog::Error, MySqlLog::SlowQuery]
    }

    /// Backtrack a day: an operator's mistake can be rewound in minutes (CT.RDS.PR.6).
    fn cluster_extras(cluster: DBCluster) -> DBCluster {
        cluster.backtrack_window(86_400)
    }

    /// Control Tower's CT.RDS.PR.25 reports the same and reads no suppression: an exception
    /// listed in `docs/compliance/`.
    fn cluster_suppressions(attributes: Attributes) -> Attributes {
        attributes
            .cdk_nag_suppress("HIPAA.Security-RDSLoggingEnabled", NO_GENERAL_LOG)
            .cdk_nag_suppress("PCI.DSS.321-RDSLoggingEnabled", NO_GENERAL_LOG)
    }

    /// The registry's `RESTRICTED_INCOMING_TRAFFIC` reports any ingress on MySQL's port, whatever
    /// its source; this group admits it only from two security groups of the stack.
    fn database_group_suppressions(attributes: Attributes) -> Attributes {
        attributes.guard_suppress(
            "RESTRICTED_INCOMING_TRAFFIC",
            "the database port is open only to the stack's client and rotation security groups (SourceSecurityGroupId), never to an address range; the rule reports any ingress on 3306 whatever its source",
        )
    }

    fn parameters() -> serde_json::Value {
        serde_json::json!({
            "require_secure_transport": "ON",
            "server_audit_logging": "1",
            "server_audit_events": "CONNECT,QUERY_DCL,QUERY_DDL",
            "slow_query_log": "1"
        })
    }
}

impl AuroraSettings for AuroraPostgresql {
    const VERSION: &'static str = "16.11";
    const FAMILY: &'static str = "aurora-postgresql16";
    const PORT: i64 = 5432;
    const ROTATION_TYPE: &'static str = "PostgreSQLSingleUser";

    fn exported_logs() -> Vec<PostgresqlLog> {
        vec![PostgresqlLog::Postgresql]
    }

    fn parameters() -> serde_json::Value {
        serde_json::json!({
            "rds.force_ssl": "1",
            "log_connections": "1",
            "log_disconnections": "1"
        })
    }
}

/// The HIPAA stack for `config`.
pub fn stack(config: &HipaaConfig) -> Stack<Hipaa> {
    match config.engine {
        DatabaseEngine::AuroraMySql => stack_for::<AuroraMySql>(config),
        DatabaseEngine::AuroraPostgresql => stack_for::<AuroraPostgresql>(config),
    }
}

/// The HIPAA stack for `config`, as a template.
pub fn template(config: &HipaaConfig) -> Template {
    stack(config).into_template()
}

fn stack_for<E: AuroraSettings>(config: &HipaaConfig) -> Stack<Hipaa> {
    let mut stack = Stack::<Hipaa>::new();
    stack.set_description(format!(
        "typed-cfn HIPAA reference stack: {} cluster in isolated subnets, encrypted with its own customer key, \
         logs exported to encrypted log groups, credentials from a rotated Secrets Manager secret",
        E::ENGINE
    ));
    stack.add_transform(SECRETS_MANAGER_TRANSFORM);
    let env =
        StackParameters { environment_suffix: config.environment_suffix.clone() }.add_to(&mut stack).environment_suffix;
    let cluster_identifier = sub!("healthcare-${Env}", Env = env.reference());
    let flow_log_group_name = sub!("/aws/vpc/flowlogs-healthcare-${Env}", Env = env.reference());

    // The database's own key: storage, Performance Insights, and the log groups RDS exports to
    // and flow logs go to. Its CloudWatch Logs statement is the one the failed stack's key lacked.
    let database_policy = KeyPolicy::account_root().grant_rds().grant_logs(LogsGrant::for_log_groups([
        sub!("/aws/rds/cluster/healthcare-${Env}/*", Env = env.reference()),
        flow_log_group_name.clone(),
    ]));
    let database_key = stack.add_with(
        "DatabaseKey",
        KmsKey::new(database_policy)
            .description(sub!("Aurora storage, Performance Insights and logs (${Env})", Env = env.reference())),
        Attributes::retain(),
    );
    let secrets_key = stack.add_with(
        "SecretsKey",
        KmsKey::new(KeyPolicy::account_root().grant_secrets_manager())
            .description(sub!("Database credentials (${Env})", Env = env.reference())),
        Attributes::retain(),
    );

    let network = add_network(
        &mut stack,
        NetworkSpec {
            vpc_cidr: config.vpc_cidr,
            subnet_cidrs: &config.database_subnet_cidrs,
            flow_log_group_name,
            flow_log_key: database_key.arn(),
            flow_log_retention: config.log_retention_days,
            flow_log_attributes: Attributes::retain(),
        },
    );
    let groups = security_groups::<E>(&mut stack, &network, config);

    let subnet_group = stack
        .add("DatabaseSubnetGroup", DBSubnetGroup::new("Isolated subnets of the HIPAA database", network.subnet_ids()));
    // The registry's RDS_STORAGE_ENCRYPTED selects types by the pattern /AWS::RDS::DBCluster/,
    // which also matches this parameter group's type, and asks it for `StorageEncrypted`.
    let parameter_group = stack.add_with(
        "ClusterParameterGroup",
        DBClusterParameterGroup::new(
            format!("{}: TLS required, audit logging on", E::ENGINE),
            E::FAMILY,
            Value::from(E::parameters()),
        ),
        Attributes::new().guard_suppress(
            "RDS_STORAGE_ENCRYPTED",
            "this is a DB cluster parameter group, which stores nothing: the rule's type pattern /AWS::RDS::DBCluster/ also matches AWS::RDS::DBClusterParameterGroup; the cluster itself has StorageEncrypted true",
        ),
    );

    // Credentials: a static user name, the password generated into a secret under the secrets
    // key, resolved by CloudFormation at deploy time (the third fix: the user name is static).
    let credentials = stack.build(
        "DatabaseSecret",
        DatabaseSecret::new(&config.master_username, secrets_key.arn())
            .configure(|s| s.description(sub!("Master credentials of healthcare-${Env}", Env = env.reference()))),
    );

    // The log groups RDS exports to, created first, where RDS writes (the second fix: the failed
    // stack named its group where RDS never writes).
    let exports = stack.build(
        "DatabaseLogs",
        RdsLogGroups::<E>::new(cluster_identifier, E::exported_logs(), database_key.arn())
            .retention_in_days(i64::from(config.log_retention_days.days())),
    );

    let cluster = stack.add_with(
        "DatabaseCluster",
        EncryptedDbCluster::<E>::new(database_key.arn(), &credentials).configure(|c| {
            let c = c
                .engine_version(E::VERSION)
                .port(E::PORT)
                .database_name(config.database_name.as_str())
                .db_subnet_group_name(subnet_group.reference())
                .vpc_security_group_ids([groups.database.group_id()])
                .db_cluster_parameter_group_name(parameter_group.reference())
                .backup_retention_period(i64::from(config.backup_retention_days))
                .preferred_backup_window("03:00-04:00")
                .preferred_maintenance_window("sun:04:30-sun:05:30")
                .enable_cloudwatch_logs_exports(exports);
            E::cluster_extras(c)
        }),
        E::cluster_suppressions(
            Attributes::new().deletion_policy(DeletionPolicy::Snapshot).update_replace_policy(DeletionPolicy::Snapshot),
        ),
    );

    // The cluster in an AWS Backup plan (the HIPAA pack's `rds-in-backup-plan`,
    // <https://docs.aws.amazon.com/config/latest/developerguide/rds-in-backup-plan.html>): daily,
    // kept 35 days, in a vault under the database key; the snapshots stay under that key too.
    let backups = stack.build(
        "DatabaseBackup",
        DatabaseBackups::new(
            sub!("healthcare-${Env}", Env = env.reference()),
            database_key.arn(),
            cluster.db_cluster_arn(),
        ),
    );

    let monitoring_role = stack.add(
        "MonitoringRole",
        ServiceRole::new(RdsMonitoringService).configure(|r| {
            r.description("Lets RDS enhanced monitoring publish OS metrics").managed_policy_arns([
                // An AWS managed policy: from outside the template, it says what it is.
                Attr::<target::iam::ManagedPolicy, kind::PolicyArn>::external(sub!(
                    "arn:${AWS::Partition}:iam::aws:policy/service-role/AmazonRDSEnhancedMonitoringRole"
                )),
            ])
        }),
    );
    let mut instances: Vec<Handle<AuroraInstance<E>>> = Vec::new();
    for (i, name) in ["Writer", "Reader"].into_iter().enumerate() {
        let instance = AuroraInstance::<E>::new(&cluster, config.instance_class.as_str()).configure(|d| {
            d.availability_zone(select::<String>(i as i64, get_azs("")))
                .auto_minor_version_upgrade(true)
                .monitoring_interval(i64::from(config.monitoring_interval_seconds))
                .monitoring_role_arn(monitoring_role.arn())
                .enable_performance_insights(true)
                .performance_insights_kms_key_id(database_key.arn())
                .performance_insights_retention_period(i64::from(config.performance_insights_retention_days))
        });
        // Aurora instances hold no data of their own: the cluster is snapshotted, and it is the
        // cluster the backup plan selects.
        let attributes = backups.aurora_member_suppressions(
            &cluster,
            AuroraInstance::<E>::member_suppressions(
                Attributes::new().deletion_policy(DeletionPolicy::Delete).update_replace_policy(DeletionPolicy::Delete),
            ),
        );
        instances.push(stack.add_with(&format!("Database{name}"), instance, attributes));
    }

    // Rotation: the secret learns the cluster's address, then AWS's hosted rotation function
    // rotates the password from inside the isolated subnets.
    let attachment = stack.add(
        "DatabaseSecretAttachment",
        SecretTargetAttachment::new(credentials.secret().reference(), cluster.reference(), "AWS::RDS::DBCluster"),
    );
    let hosted = rotation_schedule::HostedRotationLambda::new(E::ROTATION_TYPE)
        .rotation_lambda_name(sub!("healthcare-rotation-${Env}", Env = env.reference()))
        .kms_key_arn(secrets_key.arn())
        .exclude_characters(cfn_model::secure::EXCLUDED_PASSWORD_CHARACTERS)
        .vpc_security_group_ids(groups.rotation.group_id())
        .vpc_subnet_ids(join(",", network.subnet_ids()));
    // The schedule names the secret itself; it starts once the secret knows the cluster.
    stack.add_with(
        "DatabaseSecretRotation",
        RotationSchedule::new(credentials.secret().reference()).hosted_rotation_lambda(hosted).rotation_rules(
            rotation_schedule::RotationRules::new().automatically_after_days(i64::from(config.secret_rotation_days)),
        ),
        Attributes::new().depends_on(&attachment),
    );

    stack.tag_all([
        ("DataClassification", Value::from(config.data_classification.as_str())),
        ("Compliance", Value::from("HIPAA")),
        ("Environment", Value::from(config.environment.as_str())),
    ]);

    stack.output("VpcId", Output::new(network.vpc.reference()).description("The VPC"));
    stack.output("ClusterEndpoint", Output::new(cluster.endpoint_address()).description("Writer endpoint"));
    stack.output("ReaderEndpoint", Output::new(cluster.read_endpoint_address()).description("Reader endpoint"));
    stack.output("ClusterPort", Output::new(cluster.endpoint_port()).description("Port of both endpoints"));
    stack.output("DatabaseSecretArn", Output::new(credentials.secret().arn()).description("Master credentials"));
    stack.output(
        "DatabaseKeyArn",
        Output::new(database_key.arn()).description("Key of storage, Performance Insights and logs"),
    );
    stack.output(
        "ClientSecurityGroupId",
        Output::new(groups.client.group_id()).description("Attach to whatever may connect to the database"),
    );
    stack
}

/// The security groups of the database stack.
struct SecurityGroups {
    /// For clients of the database: outbound to the database port inside the VPC only.
    client: Handle<SecurityGroup>,
    /// The database: inbound from clients and the rotation function, on its port only.
    database: Handle<SecurityGroup>,
    /// The rotation function: outbound to the database and the Secrets Manager endpoint.
    rotation: Handle<SecurityGroup>,
}

fn security_groups<E: AuroraSettings>(
    stack: &mut Stack<Hipaa>,
    network: &Network,
    config: &HipaaConfig,
) -> SecurityGroups {
    let vpc_cidr = config.vpc_cidr.to_string();
    let egress = |port: i64, what: &str| {
        ec2::security_group::Egress::new("tcp")
            .from_port(port)
            .to_port(port)
            .cidr_ip(vpc_cidr.as_str())
            .description(what)
    };
    let client = stack.add(
        "ClientSecurityGroup",
        SecurityGroup::new("Clients of the HIPAA database")
            .vpc_id(network.vpc.reference())
            .security_group_egress([egress(E::PORT, "To the database, inside the VPC")]),
    );
    let rotation = stack.add(
        "RotationSecurityGroup",
        SecurityGroup::new("Secret rotation function").vpc_id(network.vpc.reference()).security_group_egress([
            egress(E::PORT, "To the database, inside the VPC"),
            egress(443, "To the Secrets Manager endpoint, inside the VPC"),
        ]),
    );
    let ingress = |from: &Handle<SecurityGroup>, what: &str| {
        ec2::security_group::Ingress::new("tcp")
            .from_port(E::PORT)
            .to_port(E::PORT)
            .source_security_group_id(from.group_id())
            .description(what)
    };
    let database = stack.add_with(
        "DatabaseSecurityGroup",
        SecurityGroup::new("HIPAA database: its port, from clients and the rotation function only")
            .vpc_id(network.vpc.reference())
            .security_group_ingress([
                ingress(&client, "From clients"),
                ingress(&rotation, "From the rotation function"),
            ])
            .security_group_egress([ec2::security_group::Egress::new("-1")
                .cidr_ip("127.0.0.1/32")
                .description("Nothing leaves the database")]),
        E::database_group_suppressions(Attributes::new()),
    );
    let endpoint = stack.add(
        "EndpointSecurityGroup",
        SecurityGroup::new("Secrets Manager endpoint: HTTPS from the rotation function only")
            .vpc_id(network.vpc.reference())
            .security_group_ingress([ec2::security_group::Ingress::new("tcp")
                .from_port(443)
                .to_port(443)
                .source_security_group_id(rotation.group_id())
                .description("HTTPS from the rotation function")])
            .security_group_egress([ec2::security_group::Egress::new("-1")
                .cidr_ip("127.0.0.1/32")
                .description("Nothing leaves the endpoint")]),
    );
    stack.add(
        "SecretsManagerEndpoint",
        VPCEndpoint::new(network.vpc.reference())
            .service_name(sub!("com.amazonaws.${AWS::Region}.secretsmanager"))
            .vpc_endpoint_type(ec2::vpc_endpoint::VpcEndpointType::Interface)
            .private_dns_enabled(true)
            .subnet_ids(network.subnet_ids())
            .security_group_ids([endpoint.group_id()]),
    );
    SecurityGroups { client, database, rotation }
}
