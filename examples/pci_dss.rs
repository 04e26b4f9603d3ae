//! The PCI-DSS reference stack (its key once refused CloudWatch Logs): a private VPC, a customer
//! KMS key whose policy holds the CloudWatch Logs grant, an encrypted data bucket, a Lambda
//! processor in the VPC, flow logs kept a year. What it contains: `patterns::pci_dss`; rule by rule:
//! `docs/compliance/pci-dss.md`.
//!
//! ```sh
//! cargo run --example pci_dss                                  # JSON on standard output
//! cargo run --example pci_dss -- --format yaml --out pci.yaml
//! cargo run --example pci_dss -- --config pci.yaml             # settings from YAML
//! cargo run --example pci_dss -- --print-config-schema         # JSON Schema of that file
//! ```

use std::process::ExitCode;

use patterns::{cli, pci_dss};

fn main() -> ExitCode {
    cli::run("pci_dss", pci_dss::template)
}
