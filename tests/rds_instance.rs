//! RDS outside Aurora: an encrypted PostgreSQL instance in a HIPAA-scoped stack, its log exports
//! in encrypted groups named where RDS writes for instances, in an AWS Backup plan, lint-clean.

mod common;

use serde_json::json;
use typed_cfn::secure::{
    DatabaseBackups, DatabaseCredentials, DatabaseSecret, EncryptedDbInstance, Grants, Hipaa, KeyPolicy, KmsKey,
    LogsGrant, Postgres, PostgresqlLog, RdsGrant, RdsLogGroups, SecretsManagerGrant, Stack,
};
use typed_cfn::{Attributes, DeletionPolicy, Handle, Output};

/// The database key: it grants RDS, Secrets Manager and CloudWatch Logs.
type DbKey = Handle<KmsKey<Grants<RdsGrant, Grants<SecretsManagerGrant, Grants<LogsGrant>>>>>;

/// A HIPAA stack with the database key and the credentials in it.
fn base() -> (Stack<Hipaa>, DbKey, DatabaseCredentials) {
    let mut stack = Stack::<Hipaa>::new();
    let policy = KeyPolicy::account_root().grant_rds().grant_secrets_manager().grant_logs(LogsGrant::account_wide());
    let key = stack.add_with("DbKey", KmsKey::new(policy), Attributes::retain());
    let credentials = stack.build("DbSecret", DatabaseSecret::new("dbadmin", key.arn()));
    (stack, key, credentials)
}

/// What emitting refuses after `add` put log groups and a database into [`base`].
fn emit_error(add: impl FnOnce(&mut Stack<Hipaa>, &DbKey, &DatabaseCredentials)) -> String {
    let (mut stack, key, credentials) = base();
    add(&mut stack, &key, &credentials);
    stack.template().to_json().unwrap_err().to_string()
}

fn stack() -> Stack<Hipaa> {
    let (mut stack, key, credentials) = base();
    let exports =
        stack.build("DbLogs", RdsLogGroups::<Postgres>::new("records-db", [PostgresqlLog::Postgresql], key.arn()));
    let db = stack.add_with(
        "Db",
        EncryptedDbInstance::<Postgres>::new(key.arn(), &credentials, "db.m6g.large", 100)
            .configure(|d| d.engine_version("16.11").enable_cloudwatch_logs_exports(exports)),
        Attributes::new().deletion_policy(DeletionPolicy::Snapshot).update_replace_policy(DeletionPolicy::Snapshot),
    );
    stack.output("DbEndpoint", Output::new(db.endpoint_address()));
    stack.build("DbBackup", DatabaseBackups::new("records-db", key.arn(), db.db_instance_arn()));
    stack
}

#[test]
fn the_instance_is_in_a_daily_backup_plan_whose_vault_is_under_the_stack_key() {
    let t: serde_json::Value = serde_json::from_str(&stack().template().to_json().unwrap()).unwrap();
    let r = &t["Resources"];
    assert_eq!(
        r["DbBackupVault"],
        json!({
            "Type": "AWS::Backup::BackupVault",
            "Properties": {"BackupVaultName": "records-db", "EncryptionKeyArn": {"Fn::GetAtt": ["DbKey", "Arn"]}},
            "DeletionPolicy": "Retain",
            "UpdateReplacePolicy": "Retain"
        })
    );
    assert_eq!(
        r["DbBackupPlan"],
        json!({
            "Type": "AWS::Backup::BackupPlan",
            "Properties": {"BackupPlan": {
                "BackupPlanName": "records-db",
                "BackupPlanRule": [{
                    "RuleName": "daily",
                    "TargetBackupVault": {"Ref": "DbBackupVault"},
                    "ScheduleExpression": "cron(0 6 * * ? *)",
                    "StartWindowMinutes": 60,
                    "Lifecycle": {"DeleteAfterDays": 35}
                }]
            }}
        })
    );
    assert_eq!(
        r["DbBackupSelection"],
        json!({
            "Type": "AWS::Backup::BackupSelection",
            "Properties": {
                "BackupPlanId": {"Fn::GetAtt": ["DbBackupPlan", "BackupPlanId"]},
                "BackupSelection": {
                    "IamRoleArn": {"Fn::GetAtt": ["DbBackupRole", "Arn"]},
                    "SelectionName": "records-db",
                    "Resources": [{"Fn::GetAtt": ["Db", "DBInstanceArn"]}]
                }
            }
        })
    );
    let role = &r["DbBackupRole"];
    assert_eq!(role["DeletionPolicy"], "Retain");
    assert_eq!(
        role["Properties"]["AssumeRolePolicyDocument"]["Statement"],
        json!([{"Effect": "Allow", "Principal": {"Service": "backup.amazonaws.com"}, "Action": "sts:AssumeRole"}])
    );
    assert_eq!(
        role["Properties"]["ManagedPolicyArns"],
        json!([{"Fn::Sub": "arn:${AWS::Partition}:iam::aws:policy/service-role/AWSBackupServiceRolePolicyForBackup"}])
    );
}

#[test]
fn the_backup_schedule_and_retention_are_the_users_to_change() {
    let (mut stack, key, credentials) = base();
    let db = stack.add("Db", EncryptedDbInstance::<Postgres>::new(key.arn(), &credentials, "db.m6g.large", 100));
    stack.build(
        "DbBackup",
        DatabaseBackups::new("records-db", key.arn(), db.db_instance_arn())
            .schedule_expression("cron(30 1 * * ? *)")
            .retention_days(400)
            .configure_rule(|r| r.completion_window_minutes(720.0)),
    );
    let t: serde_json::Value = serde_json::from_str(&stack.template().to_json().unwrap()).unwrap();
    let rule = &t["Resources"]["DbBackupPlan"]["Properties"]["BackupPlan"]["BackupPlanRule"][0];
    assert_eq!(rule["ScheduleExpression"], "cron(30 1 * * ? *)");
    assert_eq!(rule["Lifecycle"], json!({"DeleteAfterDays": 400}));
    assert_eq!(rule["CompletionWindowMinutes"], 720.0);
    assert_eq!(rule["TargetBackupVault"], json!({"Ref": "DbBackupVault"}));
}

#[test]
fn configure_cannot_take_the_vault_off_the_stack_key_or_the_rule_off_its_schedule() {
    let error = emit_error(|stack, key, credentials| {
        let db = stack.add("Db", EncryptedDbInstance::<Postgres>::new(key.arn(), credentials, "db.m6g.large", 100));
        stack.build(
            "DbBackup",
            DatabaseBackups::new("records-db", key.arn(), db.db_instance_arn())
                .configure_vault(|v| v.encryption_key_arn(typed_cfn::refs::Attr::external("alias/aws/backup")))
                .configure_rule(|r| r.schedule_expression("cron(0 4 * * ? *)")),
        );
    });
    assert!(
        error.contains("Resources.DbBackupVault: `EncryptionKeyArn` is set to \"alias/aws/backup\", but it must stay"),
        "{error}"
    );
    assert!(
        error.contains("Resources.DbBackupPlan: `ScheduleExpression` is set to \"cron(0 4 * * ? *)\", but it must stay \"cron(0 6 * * ? *)\""),
        "{error}"
    );
}

#[test]
fn aurora_instances_are_said_in_the_plan_only_when_their_cluster_is() {
    use typed_cfn::secure::{AuroraInstance, AuroraPostgresql, EncryptedDbCluster};
    let (mut stack, key, credentials) = base();
    let selected = stack.add("Selected", EncryptedDbCluster::<AuroraPostgresql>::new(key.arn(), &credentials));
    let other = stack.add("Other", EncryptedDbCluster::<AuroraPostgresql>::new(key.arn(), &credentials));
    let backups = stack.build("Backup", DatabaseBackups::new("records", key.arn(), selected.db_cluster_arn()));
    for (id, cluster) in [("SelectedWriter", &selected), ("OtherWriter", &other)] {
        let attributes = backups.aurora_member_suppressions(cluster, Attributes::new());
        stack.add_with(id, AuroraInstance::<AuroraPostgresql>::new(cluster, "db.r6g.large"), attributes);
    }
    let t: serde_json::Value = serde_json::from_str(&stack.template().to_json().unwrap()).unwrap();
    assert_eq!(
        t["Resources"]["SelectedWriter"]["Metadata"]["cdk_nag"]["rules_to_suppress"],
        json!([{
            "id": "HIPAA.Security-RDSInBackupPlan",
            "reason": "an Aurora instance holds no data of its own: AWS Backup backs up its cluster, Selected, which backup plan BackupPlan selects (BackupSelection, into vault BackupVault); AWS Backup selects Aurora by cluster, and the rule looks for the instance itself in a selection"
        }])
    );
    assert_eq!(t["Resources"]["OtherWriter"].get("Metadata"), None);
}

#[test]
fn an_encrypted_postgres_instance_exports_to_groups_created_first() {
    let t: serde_json::Value = serde_json::from_str(&stack().template().to_json().unwrap()).unwrap();
    let db = &t["Resources"]["Db"];
    assert_eq!(db["DependsOn"], "DbLogsPostgresql");
    let p = &db["Properties"];
    assert_eq!(p["StorageEncrypted"], true);
    assert_eq!(p["KmsKeyId"], json!({"Fn::GetAtt": ["DbKey", "Arn"]}));
    assert_eq!(p["PubliclyAccessible"], false);
    assert_eq!(p["MultiAZ"], true);
    assert_eq!(p["DBInstanceIdentifier"], "records-db");
    assert_eq!(p["EnableCloudwatchLogsExports"], json!(["postgresql"]));
    assert_eq!(
        t["Resources"]["DbLogsPostgresql"]["Properties"]["LogGroupName"],
        "/aws/rds/instance/records-db/postgresql"
    );
}

#[test]
fn it_is_lint_clean() {
    let t = stack();
    let files = vec![
        common::write_for_lint("rds-instance.json", &t.template().to_json().unwrap()),
        common::write_for_lint("rds-instance.yaml", &t.emit(typed_cfn::Format::Yaml).unwrap().body),
    ];
    common::assert_lint_clean(&files);
}

#[test]
fn renaming_the_database_after_its_log_groups_were_named_is_refused() {
    let error = emit_error(|stack, key, credentials| {
        let exports =
            stack.build("DbLogs", RdsLogGroups::<Postgres>::new("records-db", [PostgresqlLog::Postgresql], key.arn()));
        stack.add(
            "Db",
            EncryptedDbInstance::<Postgres>::new(key.arn(), credentials, "db.m6g.large", 100)
                .configure(|d| d.enable_cloudwatch_logs_exports(exports).db_instance_identifier("other-db")),
        );
    });
    assert!(
        error.contains("Resources.Db: `DBInstanceIdentifier` is set to \"other-db\", but it must stay \"records-db\": the RDS log exports were built for it"),
        "{error}"
    );
}

#[test]
fn exports_of_another_engine_are_refused() {
    let error = emit_error(|stack, key, credentials| {
        let exports = stack.build(
            "DbLogs",
            RdsLogGroups::<typed_cfn::secure::MySql>::new(
                "records-db",
                [typed_cfn::secure::MySqlLog::Error],
                key.arn(),
            ),
        );
        stack.add(
            "Db",
            EncryptedDbInstance::<Postgres>::new(key.arn(), credentials, "db.m6g.large", 100)
                .configure(|d| d.enable_cloudwatch_logs_exports(exports)),
        );
    });
    assert!(error.contains("`Engine` is set to \"postgres\", but it must stay \"mysql\""), "{error}");
}

#[test]
fn an_identifier_set_before_the_exports_is_not_silently_replaced() {
    let error = emit_error(|stack, key, credentials| {
        let exports =
            stack.build("DbLogs", RdsLogGroups::<Postgres>::new("records-db", [PostgresqlLog::Postgresql], key.arn()));
        stack.add(
            "Db",
            EncryptedDbInstance::<Postgres>::new(key.arn(), credentials, "db.m6g.large", 100)
                .configure(|d| d.db_instance_identifier("other-db").enable_cloudwatch_logs_exports(exports)),
        );
    });
    assert!(
        error.contains("`DBInstanceIdentifier` is set to \"other-db\", but it must stay \"records-db\": the RDS log exports were built for it"),
        "{error}"
    );
}

#[test]
fn an_aurora_cluster_refuses_exports_built_for_the_other_aurora_engine() {
    use typed_cfn::secure::{AuroraMySql, AuroraPostgresql, EncryptedDbCluster, MySqlLog};
    let error = emit_error(|stack, key, credentials| {
        let exports = stack.build("DbLogs", RdsLogGroups::<AuroraMySql>::new("records", [MySqlLog::Audit], key.arn()));
        stack.add(
            "Cluster",
            EncryptedDbCluster::<AuroraPostgresql>::new(key.arn(), credentials)
                .configure(|c| c.enable_cloudwatch_logs_exports(exports)),
        );
    });
    assert!(
        error
            .contains("Resources.Cluster: `Engine` is set to \"aurora-postgresql\", but it must stay \"aurora-mysql\""),
        "{error}"
    );
}

#[test]
fn identifiers_are_lower_cased_as_rds_stores_them() {
    use typed_cfn::{Function, Node};
    let policy = KeyPolicy::account_root().grant_logs(LogsGrant::account_wide());
    let mut stack = Stack::<Hipaa>::new();
    let key = stack.add("LogsKey", KmsKey::new(policy));

    let literal = RdsLogGroups::<Postgres>::new("Records-DB", [PostgresqlLog::Postgresql], key.arn());
    assert_eq!(
        literal.log_group_name(PostgresqlLog::Postgresql).into_node(),
        Node::string("/aws/rds/instance/records-db/postgresql")
    );

    let with_suffix = typed_cfn::intrinsics::sub("Records-${EnvironmentSuffix}");
    let sub = RdsLogGroups::<Postgres>::new(with_suffix, [PostgresqlLog::Postgresql], key.arn());
    assert_eq!(
        sub.log_group_name(PostgresqlLog::Postgresql).into_node(),
        Node::call(Function::Sub, Node::string("/aws/rds/instance/records-${EnvironmentSuffix}/postgresql"))
    );
}

#[test]
fn configure_cannot_make_the_database_public() {
    let error = emit_error(|stack, key, credentials| {
        stack.add(
            "Db",
            EncryptedDbInstance::<Postgres>::new(key.arn(), credentials, "db.m6g.large", 100)
                .configure(|d| d.publicly_accessible(true)),
        );
    });
    assert!(error.contains("Resources.Db: `PubliclyAccessible` is set to true, but it must stay false"), "{error}");
}
