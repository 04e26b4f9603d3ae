//! What the audit-trail stack can be configured with, and its defaults.

use derive_builder::Builder;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::config::{self, ConfigError, EnvironmentSuffix, RetentionDays, StackConfig};

/// The audit-trail stack's settings. Every field has a default; a YAML file sets the ones it names.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema, Builder)]
#[serde(default, deny_unknown_fields)]
#[builder(default, setter(into), build_fn(private, name = "build_unchecked", error = "ConfigError"))]
pub struct AuditTrailConfig {
    /// Default of the `EnvironmentSuffix` parameter, which every resource name carries.
    pub environment_suffix: EnvironmentSuffix,
    /// The `Environment` tag.
    pub environment: String,
    /// The `DataClassification` tag.
    pub data_classification: String,
    /// Days the trail's events are kept in CloudWatch Logs: at least 365 (PCI DSS 10.7).
    pub log_retention_days: RetentionDays,
    /// Days S3 server access logs of the trail bucket are kept.
    pub access_log_retention_days: u32,
    /// Days before trail log files move to S3 Glacier Flexible Retrieval.
    pub glacier_transition_days: u32,
    /// An address to subscribe to the security alarms' topic (SNS asks it to confirm), if any.
    pub alert_email: Option<String>,
}

impl Default for AuditTrailConfig {
    fn default() -> Self {
        AuditTrailConfig {
            environment_suffix: EnvironmentSuffix::default(),
            environment: "production".to_owned(),
            data_classification: "confidential".to_owned(),
            log_retention_days: RetentionDays::ONE_YEAR,
            access_log_retention_days: 365,
            glacier_transition_days: 90,
            alert_email: None,
        }
    }
}

impl StackConfig for AuditTrailConfig {
    fn validate(&self) -> Result<(), ConfigError> {
        config::tag_value("environment", &self.environment)?;
        config::tag_value("data_classification", &self.data_classification)?;
        if self.log_retention_days.days() < 365 {
            return Err(ConfigError::Invalid {
                field: "log_retention_days",
                problem: format!(
                    "{} days is less than PCI DSS 10.7 and CIS allow for an audit trail: keep it at least 365 days",
                    self.log_retention_days.days()
                ),
            });
        }
        config::in_range("access_log_retention_days", self.access_log_retention_days, 365..=3650)?;
        config::in_range("glacier_transition_days", self.glacier_transition_days, 1..=3650)?;
        if let Some(email) = &self.alert_email {
            let (local, domain) = email.split_once('@').unwrap_or_default();
            if local.is_empty() || !domain.contains('.') || email.chars().any(char::is_whitespace) {
                return Err(ConfigError::Invalid {
                    field: "alert_email",
                    problem: format!("`{email}` is not an email address"),
                });
            }
        }
        Ok(())
    }
}

impl AuditTrailConfigBuilder {
    /// The config, checked as a whole.
    ///
    /// ```
    /// use patterns::audit_trail::AuditTrailConfigBuilder;
    /// let config = AuditTrailConfigBuilder::default().alert_email(Some("security@example.com".to_owned())).build()?;
    /// assert!(AuditTrailConfigBuilder::default().alert_email(Some("not an address".to_owned())).build().is_err());
    /// # Ok::<(), patterns::ConfigError>(())
    /// ```
    pub fn build(&self) -> Result<AuditTrailConfig, ConfigError> {
        let config = self.build_unchecked()?;
        config.validate()?;
        Ok(config)
    }
}
