//! What the HIPAA stack can be configured with, and its defaults.

use derive_builder::Builder;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::config::{self, Cidr, ConfigError, EnvironmentSuffix, RetentionDays, StackConfig, cidr};

/// The Aurora engine of the HIPAA stack.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, JsonSchema)]
pub enum DatabaseEngine {
    /// Aurora MySQL 8.0: exports the audit, error and slow query logs.
    #[default]
    #[serde(rename = "aurora-mysql")]
    AuroraMySql,
    /// Aurora PostgreSQL 16: exports the PostgreSQL log.
    #[serde(rename = "aurora-postgresql")]
    AuroraPostgresql,
}

/// The HIPAA stack's settings. Every field has a default; a YAML file sets the ones it names.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema, Builder)]
#[serde(default, deny_unknown_fields)]
#[builder(default, setter(into), build_fn(private, name = "build_unchecked", error = "ConfigError"))]
pub struct HipaaConfig {
    /// Default of the `EnvironmentSuffix` parameter, which every resource name carries.
    pub environment_suffix: EnvironmentSuffix,
    /// The `Environment` tag.
    pub environment: String,
    /// The `DataClassification` tag.
    pub data_classification: String,
    /// The VPC's CIDR block.
    pub vpc_cidr: Cidr,
    /// One isolated database subnet per Availability Zone: 2 to 6 blocks inside the VPC.
    pub database_subnet_cidrs: Vec<Cidr>,
    /// The Aurora engine.
    pub engine: DatabaseEngine,
    /// The instance class of the writer and the reader (`db.r6g.large`).
    pub instance_class: String,
    /// The database created in the cluster: a letter, then letters, digits or `_`, up to 63.
    pub database_name: String,
    /// The master user's name (static; its password lives in Secrets Manager): a letter, then
    /// letters, digits or `_`, up to 16, not a name the engine reserves.
    pub master_username: String,
    /// Days automated backups are kept: 7 to 35.
    pub backup_retention_days: u32,
    /// Days between rotations of the master password: 1 to 365.
    pub secret_rotation_days: u32,
    /// Days exported database logs and flow logs are kept: at least 90.
    pub log_retention_days: RetentionDays,
    /// Seconds between enhanced monitoring samples: 1, 5, 10, 15, 30 or 60.
    pub monitoring_interval_seconds: u32,
    /// Days Performance Insights keeps data: 7, a multiple of 31 up to 713, or 731.
    pub performance_insights_retention_days: u32,
}

impl Default for HipaaConfig {
    fn default() -> Self {
        HipaaConfig {
            environment_suffix: EnvironmentSuffix::default(),
            environment: "production".to_owned(),
            data_classification: "phi".to_owned(),
            vpc_cidr: cidr("10.1.0.0/16"),
            database_subnet_cidrs: vec![cidr("10.1.1.0/24"), cidr("10.1.2.0/24")],
            engine: DatabaseEngine::default(),
            instance_class: "db.r6g.large".to_owned(),
            database_name: "healthcare".to_owned(),
            master_username: "dbadmin".to_owned(),
            backup_retention_days: 7,
            secret_rotation_days: 30,
            log_retention_days: RetentionDays::ONE_YEAR,
            monitoring_interval_seconds: 60,
            performance_insights_retention_days: 7,
        }
    }
}

/// Names the engines reserve for themselves.
const RESERVED_USERNAMES: [&str; 6] = ["admin", "root", "rdsadmin", "postgres", "mysql", "user"];

/// A letter, then letters, digits or `_`, at most `max` characters.
fn identifier(field: &'static str, value: &str, max: usize) -> Result<(), ConfigError> {
    let mut chars = value.chars();
    let ok = chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
        && value.len() <= max;
    if ok {
        Ok(())
    } else {
        Err(ConfigError::Invalid {
            field,
            problem: format!("`{value}` is not a letter followed by letters, digits or `_`, {max} characters at most"),
        })
    }
}

impl StackConfig for HipaaConfig {
    fn validate(&self) -> Result<(), ConfigError> {
        config::tag_value("environment", &self.environment)?;
        config::tag_value("data_classification", &self.data_classification)?;
        config::subnets("database_subnet_cidrs", self.vpc_cidr, &self.database_subnet_cidrs)?;
        let class_ok = self.instance_class.strip_prefix("db.").is_some_and(|rest| rest.contains('.'));
        if !class_ok {
            return Err(ConfigError::Invalid {
                field: "instance_class",
                problem: format!("`{}` is not an RDS instance class such as db.r6g.large", self.instance_class),
            });
        }
        identifier("database_name", &self.database_name, 63)?;
        identifier("master_username", &self.master_username, 16)?;
        if RESERVED_USERNAMES.contains(&self.master_username.to_ascii_lowercase().as_str()) {
            return Err(ConfigError::Invalid {
                field: "master_username",
                problem: format!("`{}` is reserved by the engine; choose another name", self.master_username),
            });
        }
        config::in_range("backup_retention_days", self.backup_retention_days, 7..=35)?;
        config::in_range("secret_rotation_days", self.secret_rotation_days, 1..=365)?;
        if self.log_retention_days.days() < 90 {
            return Err(ConfigError::Invalid {
                field: "log_retention_days",
                problem: format!(
                    "{} days is too short for audit logs of PHI systems; keep at least 90",
                    self.log_retention_days.days()
                ),
            });
        }
        if ![1, 5, 10, 15, 30, 60].contains(&self.monitoring_interval_seconds) {
            return Err(ConfigError::Invalid {
                field: "monitoring_interval_seconds",
                problem: format!("{} is not one of 1, 5, 10, 15, 30, 60", self.monitoring_interval_seconds),
            });
        }
        let days = self.performance_insights_retention_days;
        if !(days == 7 || days == 731 || (days.is_multiple_of(31) && (31..=713).contains(&days))) {
            return Err(ConfigError::Invalid {
                field: "performance_insights_retention_days",
                problem: format!("{days} is not 7, a multiple of 31 up to 713, or 731"),
            });
        }
        Ok(())
    }
}

impl HipaaConfigBuilder {
    /// The config, checked as a whole.
    ///
    /// ```
    /// use patterns::hipaa::{DatabaseEngine, HipaaConfigBuilder};
    /// let config = HipaaConfigBuilder::default().engine(DatabaseEngine::AuroraPostgresql).build()?;
    /// assert!(HipaaConfigBuilder::default().master_username("admin").build().is_err());
    /// # Ok::<(), patterns::ConfigError>(())
    /// ```
    pub fn build(&self) -> Result<HipaaConfig, ConfigError> {
        let config = self.build_unchecked()?;
        config.validate()?;
        Ok(config)
    }
}
