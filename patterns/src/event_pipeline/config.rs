//! What the event-pipeline stack can be configured with, and its defaults.

use derive_builder::Builder;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::config::{self, ConfigError, EnvironmentSuffix, RetentionDays, StackConfig};

/// The event-pipeline stack's settings. Every field has a default; a YAML file sets the ones it names.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema, Builder)]
#[serde(default, deny_unknown_fields)]
#[builder(default, setter(into), build_fn(private, name = "build_unchecked", error = "ConfigError"))]
pub struct EventPipelineConfig {
    /// Default of the `EnvironmentSuffix` parameter, which every resource name carries.
    pub environment_suffix: EnvironmentSuffix,
    /// The `Environment` tag.
    pub environment: String,
    /// The `DataClassification` tag.
    pub data_classification: String,
    /// Days the worker's logs are kept: at least 365 (PCI DSS 10.7).
    pub log_retention_days: RetentionDays,
    /// Days S3 server access logs of the inbox are kept.
    pub access_log_retention_days: u32,
    /// Days an object stays in the inbox after it arrives (the worker has read it long before).
    pub inbox_expiration_days: u32,
    /// Memory of the worker, MB (128 to 10240).
    pub worker_memory_mb: u32,
    /// Timeout of the worker, seconds (1 to 150): the queue's visibility timeout is six times it,
    /// as AWS recommends for a Lambda event source, and stays within 15 minutes.
    pub worker_timeout_seconds: u32,
    /// Reserved concurrency of the worker (1 to 1000).
    pub worker_reserved_concurrency: u32,
}

impl Default for EventPipelineConfig {
    fn default() -> Self {
        EventPipelineConfig {
            environment_suffix: EnvironmentSuffix::default(),
            environment: "production".to_owned(),
            data_classification: "confidential".to_owned(),
            log_retention_days: RetentionDays::ONE_YEAR,
            access_log_retention_days: 365,
            inbox_expiration_days: 30,
            worker_memory_mb: 256,
            worker_timeout_seconds: 60,
            worker_reserved_concurrency: 5,
        }
    }
}

impl StackConfig for EventPipelineConfig {
    fn validate(&self) -> Result<(), ConfigError> {
        config::tag_value("environment", &self.environment)?;
        config::tag_value("data_classification", &self.data_classification)?;
        if self.log_retention_days.days() < 365 {
            return Err(ConfigError::Invalid {
                field: "log_retention_days",
                problem: format!(
                    "{} days is less than PCI DSS 10.7 allows: keep logs at least 365 days",
                    self.log_retention_days.days()
                ),
            });
        }
        config::in_range("access_log_retention_days", self.access_log_retention_days, 365..=3650)?;
        config::in_range("inbox_expiration_days", self.inbox_expiration_days, 1..=3650)?;
        config::in_range("worker_memory_mb", self.worker_memory_mb, 128..=10240)?;
        config::in_range("worker_timeout_seconds", self.worker_timeout_seconds, 1..=150)?;
        config::in_range("worker_reserved_concurrency", self.worker_reserved_concurrency, 1..=1000)?;
        Ok(())
    }
}

impl EventPipelineConfigBuilder {
    /// The config, checked as a whole.
    ///
    /// ```
    /// use patterns::event_pipeline::EventPipelineConfigBuilder;
    /// let config = EventPipelineConfigBuilder::default().worker_timeout_seconds(30u32).build()?;
    /// assert!(EventPipelineConfigBuilder::default().worker_timeout_seconds(600u32).build().is_err());
    /// # Ok::<(), patterns::ConfigError>(())
    /// ```
    pub fn build(&self) -> Result<EventPipelineConfig, ConfigError> {
        let config = self.build_unchecked()?;
        config.validate()?;
        Ok(config)
    }
}
