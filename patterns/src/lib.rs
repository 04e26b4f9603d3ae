//! The reference stacks of typed-cfn (PCI-DSS, HIPAA, the account audit trail, the event
//! pipeline), their configs, and the command line
//! their examples share.
//!
//! - [`pci_dss`]: the PCI-DSS data-processing stack whose key refused CloudWatch Logs, fixed
//!   ([`pci_dss::stack`], [`pci_dss::PciDssConfig`]).
//! - [`pci_app`]: the same stack as an app of four stacks (keys, network, data, processing)
//!   with typed references between them ([`pci_app::app`]).
//! - [`hipaa`]: the HIPAA Aurora stack whose RDS key refused CloudWatch Logs, fixed
//!   ([`hipaa::stack`], [`hipaa::HipaaConfig`]).
//! - [`audit_trail`]: the account audit trail ([`audit_trail::stack`], [`audit_trail::AuditTrailConfig`]).
//! - [`event_pipeline`]: bucket → topic → queue → worker, every hop encrypted
//!   ([`event_pipeline::stack`], [`event_pipeline::EventPipelineConfig`]).
//! - [`config`]: the value types both configs are made of, and YAML loading.
//! - [`network`]: the private VPC both stand in.
//! - [`cli`]: `--format`, `--out`, `--config`, `--print-config-schema`.
#![deny(missing_docs)]

pub mod audit_trail;
pub mod cli;
pub mod config;
pub mod event_pipeline;
pub mod hipaa;
pub mod network;
pub mod pci_app;
pub mod pci_dss;

pub use config::{ConfigError, StackConfig};
