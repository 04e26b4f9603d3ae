//! [`DatabaseBackups`]: databases in an AWS Backup plan — a vault encrypted with a customer key of
//! the stack, a plan with a daily rule, and a selection naming each database by its ARN, run by a
//! role only AWS Backup may assume.
//!
//! What AWS Backup needs, and where each need is met:
//!
//! - **A vault and its key.** A vault created through CloudFormation must be declared: no default
//!   vault is made outside the console
//!   (<https://docs.aws.amazon.com/aws-backup/latest/devguide/create-a-vault.html>). Its
//!   `EncryptionKeyArn` is the [`KeyArn`] of a key of the stack, so the vault passes the regimes'
//!   encryption control (the final-template check's `scoped-store-without-customer-key`). AWS
//!   Backup uses the vault's key through grants it creates when the vault is created, with the
//!   permissions of whoever deploys the stack (`kms:CreateGrant`, `kms:DescribeKey`,
//!   `kms:RetireGrant`, `kms:Decrypt`, `kms:GenerateDataKey` on the key, same page). A key built
//!   with [`KeyPolicy::account_root`](crate::secure::KeyPolicy::account_root) leaves those to IAM;
//!   its "Deny grants except for AWS resources" statement lets them through, since AWS Backup
//!   creates them on the deployer's behalf (`kms:GrantIsForAWSResource` is true,
//!   <https://docs.aws.amazon.com/kms/latest/developerguide/conditions-kms.html#conditions-kms-grant-is-for-aws-resource>).
//! - **Which key encrypts the backups.** RDS and Aurora are not under AWS Backup's full
//!   management: their snapshots are encrypted with the database's own key, not the vault's
//!   (<https://docs.aws.amazon.com/aws-backup/latest/devguide/encryption.html>), so the snapshots
//!   of an [`EncryptedDbCluster`](crate::secure::EncryptedDbCluster) stay under its key, whose
//!   policy lets RDS use it (`RdsGrant`). The vault's key encrypts backups of the resource types
//!   AWS Backup manages fully, should the plan select any.
//! - **The role.** The selection's `IamRoleArn` is a [`ServiceRole<BackupService>`], trusted by
//!   `backup.amazonaws.com` only, given AWS's managed policy
//!   `service-role/AWSBackupServiceRolePolicyForBackup`
//!   (<https://docs.aws.amazon.com/aws-managed-policy/latest/reference/AWSBackupServiceRolePolicyForBackup.html>;
//!   <https://docs.aws.amazon.com/aws-backup/latest/devguide/iam-service-roles.html>). It is not
//!   given `AWSBackupServiceRolePolicyForRestores`: a restore job names its own role when it is
//!   started, and the restore policy lets its holder create and delete databases, volumes and file
//!   systems, which the role that takes backups every day does not need. The role is kept when the
//!   stack is deleted, as the vault is: AWS Backup manages the lifecycle of the recovery points with
//!   the role of the selection that made them
//!   (<https://docs.aws.amazon.com/aws-backup/latest/devguide/backup-iam.html>).
//! - **Aurora is backed up by cluster.** AWS Backup selects an Aurora database by its cluster's ARN
//!   (`arn:…:rds:…:cluster:…`,
//!   <https://docs.aws.amazon.com/aws-backup/latest/devguide/assigning-resources-json.html>); its
//!   DB instances hold no data of their own. For Aurora, the account's service opt-in must be on
//!   (<https://docs.aws.amazon.com/aws-backup/latest/devguide/assigning-resources.html>): an
//!   account that creates a vault or a plan in a Region is opted in to every resource type then
//!   supported there, unless it opted out before.

use crate::intrinsics::sub_checked;
use crate::node::Node;
use crate::proof::key::KeyArn;
use crate::proof::role::BackupService;
use crate::refs::{Attr, kind, target};
use crate::resources::backup::{BackupPlan, BackupSelection, BackupVault, backup_plan, backup_selection};
use crate::secure::service_role::ServiceRole;
use crate::stack::{AllowedIn, Compliance};
use crate::template::Template;
use crate::template::attributes::Attributes;
use crate::template::construct::Construct;
use crate::template::handle::Handle;
use crate::template::resource::{Properties, Resource as _};
use crate::value::Value;

mod sealed {
    pub trait Sealed {}
}

/// What a [`DatabaseBackups`] selection names: the ARN of a database, typed by what it is.
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not the ARN of a database AWS Backup can back up",
    label = "not a database's ARN",
    note = "pass the ARN from the database's handle: `cluster.db_cluster_arn()` of a DB cluster (AWS Backup backs Aurora up by cluster), `instance.db_instance_arn()` of a DB instance; for a database outside the template, `Attr::<target::rds::DBCluster, kind::DBClusterArn>::external(…)`"
)]
pub trait BackupResource: sealed::Sealed {
    /// The ARN, as the node to write in `Resources`.
    #[doc(hidden)]
    fn into_resource_node(self) -> Node;
}

impl sealed::Sealed for Attr<target::rds::DBCluster, kind::DBClusterArn> {}
impl BackupResource for Attr<target::rds::DBCluster, kind::DBClusterArn> {
    fn into_resource_node(self) -> Node {
        self.into_node()
    }
}

impl sealed::Sealed for Attr<target::rds::DBInstance, kind::DBInstanceArn> {}
impl BackupResource for Attr<target::rds::DBInstance, kind::DBInstanceArn> {
    fn into_resource_node(self) -> Node {
        self.into_node()
    }
}

/// The daily rule's schedule: 06:00 UTC. The HIPAA reference stack's cluster backs itself up
/// from 03:00 to 04:00 and is maintained on Sundays from 04:30 to 05:30; AWS Backup does not start
/// a database's backup in the hour before or during its maintenance window (Aurora excepted,
/// <https://docs.aws.amazon.com/aws-backup/latest/devguide/plan-options-and-configuration.html>).
pub const DAILY_AT_SIX_UTC: &str = "cron(0 6 * * ? *)";

/// Days a recovery point is kept by default: 35, the least AWS Config's managed rule for backup
/// plans, `backup-plan-min-frequency-and-min-retention-check`, accepts with its default parameters
/// (a backup at least daily, kept at least 35 days,
/// <https://docs.aws.amazon.com/config/latest/developerguide/backup-plan-min-frequency-and-min-retention-check.html>).
pub const DEFAULT_RETENTION_DAYS: i64 = 35;

/// Databases in an AWS Backup plan: adds, under `<logical_id>`, the vault (`…Vault`, encrypted
/// with a customer key of the stack), the plan (`…Plan`: one rule, daily at 06:00 UTC, recovery
/// points kept 35 days, started within an hour), the role AWS Backup assumes (`…Role`) and the
/// selection (`…Selection`) naming each database by its ARN. The vault and the role are kept when
/// the stack is deleted (the recovery points outlive it). Change the schedule and the retention
/// with [`DatabaseBackups::schedule_expression`] and [`DatabaseBackups::retention_days`], the
/// rest with [`DatabaseBackups::configure_rule`] and [`DatabaseBackups::configure_vault`].
///
/// ```
/// # #[cfg(feature = "rds")] {
/// # use cfn_model::{Template, resources::rds::DBCluster, secure::*};
/// let mut template = Template::new();
/// let key = template.add("DatabaseKey", KmsKey::new(KeyPolicy::account_root().grant_rds()));
/// let cluster = template.add("Cluster", DBCluster::new().engine("aurora-postgresql"));
/// let backups = template.build(
///     "DatabaseBackup",
///     DatabaseBackups::new("orders-db", key.arn(), cluster.db_cluster_arn()).retention_days(90),
/// );
/// assert_eq!(backups.selection.logical_id(), "DatabaseBackupSelection");
/// # }
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct DatabaseBackups<G> {
    name: Node,
    key: KeyArn<G>,
    resources: Vec<Node>,
    schedule: Node,
    retention_days: Node,
    start_window_minutes: Node,
    /// What `configure_rule` set, over placeholders for the rule's name and vault.
    rule: backup_plan::BackupRuleResourceType,
    /// What `configure_vault` set, over a placeholder name.
    vault: BackupVault,
}

/// The rule's name and vault before `add_to` knows the vault's logical ID; replaced there.
fn placeholder_rule() -> backup_plan::BackupRuleResourceType {
    backup_plan::BackupRuleResourceType::new(
        RULE_NAME,
        Attr::<target::backup::BackupVault, kind::BackupVaultName>::external(""),
    )
}

/// The name of the plan's one rule.
const RULE_NAME: &str = "daily";

impl<G> DatabaseBackups<G> {
    /// A plan backing up `database` every day into a vault encrypted with `key`. `name` names the
    /// vault, the plan and the selection: 2 to 50 letters, digits, hyphens or underscores, unique
    /// among the account's vaults in the Region (a literal, or an `Fn::Sub` with a suffix).
    pub fn new(name: impl Into<Value<String>>, key: KeyArn<G>, database: impl BackupResource) -> Self {
        DatabaseBackups {
            name: name.into().into_node(),
            key,
            resources: vec![database.into_resource_node()],
            schedule: Node::string(DAILY_AT_SIX_UTC),
            retention_days: Node::Int(DEFAULT_RETENTION_DAYS),
            start_window_minutes: Node::Int(60),
            rule: placeholder_rule(),
            vault: BackupVault::new(""),
        }
    }

    /// Also backs up `database`, under the same rule.
    pub fn select(mut self, database: impl BackupResource) -> Self {
        self.resources.push(database.into_resource_node());
        self
    }

    /// When the rule runs: a cron expression in UTC (`cron(0 6 * * ? *)`, the default, is daily at
    /// 06:00). Keep it outside the database's maintenance window, and an hour clear of its start.
    pub fn schedule_expression(mut self, cron: impl Into<Value<String>>) -> Self {
        self.schedule = cron.into().into_node();
        self
    }

    /// Days each recovery point is kept (`Lifecycle.DeleteAfterDays`; 35 by default).
    pub fn retention_days(mut self, days: impl Into<Value<i64>>) -> Self {
        self.retention_days = days.into().into_node();
        self
    }

    /// Minutes after the scheduled time within which a backup must start, or it is not taken
    /// that day (60 by default, AWS Backup's least).
    pub fn start_window_minutes(mut self, minutes: impl Into<Value<i64>>) -> Self {
        self.start_window_minutes = minutes.into().into_node();
        self
    }

    /// Sets any other property of the rule through the generated type (copies to a vault in
    /// another Region or account, a completion window, recovery point tags). The rule's name,
    /// vault, schedule, retention and start window stay as built: one set here is reported when
    /// the template is validated.
    pub fn configure_rule(
        self,
        f: impl FnOnce(backup_plan::BackupRuleResourceType) -> backup_plan::BackupRuleResourceType,
    ) -> Self {
        DatabaseBackups { rule: f(self.rule), ..self }
    }

    /// Sets any other property of the vault through the generated type (Vault Lock, an access
    /// policy, notifications). The name and the key stay as built: one set here is reported when
    /// the template is validated.
    pub fn configure_vault(self, f: impl FnOnce(BackupVault) -> BackupVault) -> Self {
        DatabaseBackups { vault: f(self.vault), ..self }
    }
}

/// `value`'s properties, without `placeholders` (which the construct sets itself).
fn without(value: Node, placeholders: &[&str]) -> Properties {
    let mut map = value.as_map().cloned().unwrap_or_default();
    map.retain(|name, _| !placeholders.contains(&name.as_str()));
    Properties::from_map(map)
}

/// Why a vault keeps its name and key.
const VAULT_PIN: &str = "the database backups were built with the vault's name and key; set them in `DatabaseBackups::new`, not in `configure_vault`";

/// Why a rule keeps its vault, schedule, retention and start window.
const RULE_PIN: &str = "the database backups were built with the rule's name, vault, schedule, retention and start window; set them with `DatabaseBackups::schedule_expression`, `retention_days` and `start_window_minutes`, not in `configure_rule`";

/// What [`DatabaseBackups`] adds.
#[derive(Debug, Clone, PartialEq)]
pub struct DatabaseBackupsHandles {
    /// The vault, encrypted with the stack's key.
    pub vault: Handle<BackupVault>,
    /// The plan and its daily rule.
    pub plan: Handle<BackupPlan>,
    /// The selection naming the databases.
    pub selection: Handle<BackupSelection>,
    /// The role AWS Backup assumes to run the plan's jobs.
    pub role: Handle<ServiceRole<BackupService>>,
    /// The ARNs the selection names.
    resources: Vec<Node>,
}

#[cfg(feature = "rds")]
impl DatabaseBackupsHandles {
    /// `attributes` of a DB instance of Aurora `cluster`, with cdk-nag's `RDSInBackupPlan`
    /// (HIPAA Security pack) suppressed for the reason that holds: the selection names the
    /// cluster, and AWS Backup backs Aurora up by cluster, while the rule looks for each
    /// `AWS::RDS::DBInstance`'s own logical ID in a selection's `Resources`. Naming the instances
    /// there instead would not do: an Aurora DB instance holds no data of its own, and AWS Backup
    /// protects Aurora as clusters
    /// (<https://docs.aws.amazon.com/aws-backup/latest/devguide/assigning-resources-json.html>).
    ///
    /// If the selection does not name `cluster`, `attributes` are returned as they are: the
    /// instance is in no plan, and cdk-nag says so.
    pub fn aurora_member_suppressions<E: crate::secure::AuroraEngine>(
        &self,
        cluster: &Handle<crate::secure::EncryptedDbCluster<E>>,
        attributes: Attributes,
    ) -> Attributes {
        if !self.resources.contains(cluster.db_cluster_arn().node()) {
            return attributes;
        }
        let reason = format!(
            "an Aurora instance holds no data of its own: AWS Backup backs up its cluster, {cluster}, which backup plan {plan} selects ({selection}, into vault {vault}); AWS Backup selects Aurora by cluster, and the rule looks for the instance itself in a selection",
            cluster = cluster.logical_id(),
            plan = self.plan.logical_id(),
            selection = self.selection.logical_id(),
            vault = self.vault.logical_id(),
        );
        attributes.cdk_nag_suppress("HIPAA.Security-RDSInBackupPlan", reason)
    }
}

impl<G> Construct for DatabaseBackups<G> {
    type Output = DatabaseBackupsHandles;

    fn add_to(self, template: &mut Template, logical_id: &str) -> DatabaseBackupsHandles {
        // Recovery points outlive the stack: the vault that holds them, and the role AWS Backup
        // manages their lifecycle with, are kept when it is deleted.
        let mut vault = without(self.vault.into_properties().to_node(), &["BackupVaultName"]);
        let vault_parts = [("BackupVaultName", self.name.clone()), ("EncryptionKeyArn", self.key.into_node())];
        crate::secure::guarantee(&mut vault, vault_parts, VAULT_PIN);
        let vault: Handle<BackupVault> = crate::__private::add_parts(
            template,
            &format!("{logical_id}Vault"),
            BackupVault::TYPE,
            BackupVault::TAGGING,
            vault,
            Attributes::retain(),
        );

        let role = template.add_with(
            &format!("{logical_id}Role"),
            ServiceRole::new(BackupService).configure(|r| {
                r.description("Assumed by AWS Backup to back up the databases of the stack's backup plan")
                    .managed_policy_arns([
                        // An AWS managed policy: from outside the template, it says what it is.
                        Attr::<target::iam::ManagedPolicy, kind::PolicyArn>::external(sub_checked(
                            "arn:${AWS::Partition}:iam::aws:policy/service-role/AWSBackupServiceRolePolicyForBackup",
                            Vec::new(),
                        )),
                    ])
            }),
            Attributes::retain(),
        );

        let mut rule = without(crate::Literal::to_node(&self.rule), &["RuleName", "TargetBackupVault"]);
        let lifecycle =
            backup_plan::LifecycleResourceType::new().delete_after_days(Value::<f64>::from_node(self.retention_days));
        let rule_parts = [
            ("RuleName", Node::string(RULE_NAME)),
            ("TargetBackupVault", vault.backup_vault_name().into_node()),
            ("ScheduleExpression", self.schedule),
            ("StartWindowMinutes", self.start_window_minutes),
            ("Lifecycle", crate::Literal::to_node(&lifecycle)),
        ];
        crate::secure::guarantee(&mut rule, rule_parts, RULE_PIN);
        let conflicts = rule.take_conflicts();
        let plan_document = [
            ("BackupPlanName".to_owned(), self.name.clone()),
            ("BackupPlanRule".to_owned(), Node::List(vec![rule.to_node()])),
        ];
        let mut plan =
            BackupPlan::new(Value::from_node(Node::Map(plan_document.into_iter().collect()))).into_properties();
        for conflict in conflicts {
            plan.refuse(conflict);
        }
        let plan: Handle<BackupPlan> = crate::__private::add_parts(
            template,
            &format!("{logical_id}Plan"),
            BackupPlan::TYPE,
            BackupPlan::TAGGING,
            plan,
            Attributes::new(),
        );

        let selection = backup_selection::BackupSelectionResourceType::new(role.arn(), Value::from_node(self.name))
            .resources(Value::<Vec<String>>::from_node(Node::List(self.resources.clone())));
        let selection =
            template.add(&format!("{logical_id}Selection"), BackupSelection::new(plan.backup_plan_id(), selection));

        DatabaseBackupsHandles { vault, plan, selection, role, resources: self.resources }
    }
}

impl<C: Compliance, G> AllowedIn<C> for DatabaseBackups<G> {}
impl<G> crate::__private::ResourceSeal for DatabaseBackups<G> {}
