//! What the PCI-DSS stack can be configured with, and its defaults.

use derive_builder::Builder;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::config::{self, Cidr, ConfigError, EnvironmentSuffix, RetentionDays, StackConfig, cidr};

/// The PCI-DSS stack's settings. Every field has a default; a YAML file sets the ones it names.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema, Builder)]
#[serde(default, deny_unknown_fields)]
#[builder(default, setter(into), build_fn(private, name = "build_unchecked", error = "ConfigError"))]
pub struct PciDssConfig {
    /// Default of the `EnvironmentSuffix` parameter, which every resource name carries.
    pub environment_suffix: EnvironmentSuffix,
    /// The `Environment` tag.
    pub environment: String,
    /// The `DataClassification` tag.
    pub data_classification: String,
    /// The VPC's CIDR block.
    pub vpc_cidr: Cidr,
    /// One private subnet per Availability Zone: 2 to 6 blocks inside the VPC.
    pub private_subnet_cidrs: Vec<Cidr>,
    /// Days VPC flow logs and the processor's logs are kept: at least 365 (PCI DSS 3.2.1
    /// requirement 10.7 keeps audit trails a year).
    pub log_retention_days: RetentionDays,
    /// Memory of the processing function, MB (128 to 10240).
    pub processor_memory_mb: u32,
    /// Timeout of the processing function, seconds (1 to 900).
    pub processor_timeout_seconds: u32,
    /// Reserved concurrency of the processing function (1 to 1000).
    pub processor_reserved_concurrency: u32,
    /// Days before data objects move to S3 Glacier Flexible Retrieval.
    pub data_glacier_transition_days: u32,
    /// Days a replaced or deleted object version is kept.
    pub data_noncurrent_version_days: u32,
    /// Days S3 server access logs are kept.
    pub access_log_retention_days: u32,
}

impl Default for PciDssConfig {
    fn default() -> Self {
        PciDssConfig {
            environment_suffix: EnvironmentSuffix::default(),
            environment: "production".to_owned(),
            data_classification: "confidential".to_owned(),
            vpc_cidr: cidr("10.0.0.0/16"),
            private_subnet_cidrs: vec![cidr("10.0.1.0/24"), cidr("10.0.2.0/24")],
            log_retention_days: RetentionDays::ONE_YEAR,
            processor_memory_mb: 256,
            processor_timeout_seconds: 60,
            processor_reserved_concurrency: 10,
            data_glacier_transition_days: 90,
            data_noncurrent_version_days: 365,
            access_log_retention_days: 365,
        }
    }
}

impl StackConfig for PciDssConfig {
    fn validate(&self) -> Result<(), ConfigError> {
        config::tag_value("environment", &self.environment)?;
        config::tag_value("data_classification", &self.data_classification)?;
        config::subnets("private_subnet_cidrs", self.vpc_cidr, &self.private_subnet_cidrs)?;
        if self.log_retention_days.days() < 365 {
            return Err(ConfigError::Invalid {
                field: "log_retention_days",
                problem: format!(
                    "{} days is less than PCI DSS 3.2.1 requirement 10.7 allows: keep audit logs at least 365 days",
                    self.log_retention_days.days()
                ),
            });
        }
        config::in_range("processor_memory_mb", self.processor_memory_mb, 128..=10240)?;
        config::in_range("processor_timeout_seconds", self.processor_timeout_seconds, 1..=900)?;
        config::in_range("processor_reserved_concurrency", self.processor_reserved_concurrency, 1..=1000)?;
        config::in_range("data_glacier_transition_days", self.data_glacier_transition_days, 1..=3650)?;
        config::in_range("data_noncurrent_version_days", self.data_noncurrent_version_days, 1..=3650)?;
        config::in_range("access_log_retention_days", self.access_log_retention_days, 365..=3650)?;
        Ok(())
    }
}

impl PciDssConfigBuilder {
    /// The config, checked as a whole.
    ///
    /// ```
    /// use patterns::pci_dss::PciDssConfigBuilder;
    /// let config = PciDssConfigBuilder::default().processor_reserved_concurrency(5u32).build()?;
    /// assert!(PciDssConfigBuilder::default().processor_reserved_concurrency(0u32).build().is_err());
    /// # Ok::<(), patterns::ConfigError>(())
    /// ```
    pub fn build(&self) -> Result<PciDssConfig, ConfigError> {
        let config = self.build_unchecked()?;
        config.validate()?;
        Ok(config)
    }
}
