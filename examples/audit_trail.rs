//! The account audit-trail reference stack: CloudTrail into an encrypted bucket and log group,
//! the CIS metric filters and alarms publishing to an encrypted topic. What it contains:
//! `patterns::audit_trail`; rule by rule: `docs/compliance/audit-trail.md`.
//!
//! ```sh
//! cargo run --example audit_trail                                   # JSON on standard output
//! cargo run --example audit_trail -- --format yaml --out trail.yaml
//! cargo run --example audit_trail -- --config trail.yaml            # settings from YAML
//! cargo run --example audit_trail -- --print-config-schema          # JSON Schema of that file
//! ```

use std::process::ExitCode;

use patterns::{audit_trail, cli};

fn main() -> ExitCode {
    cli::run("audit_trail", audit_trail::template)
}
