//! The HIPAA reference stack (its RDS key once refused CloudWatch Logs): an Aurora cluster
//! encrypted with its own customer key, its logs exported to encrypted log groups created first,
//! credentials from a rotated Secrets Manager secret. What it contains: `patterns::hipaa`; rule by rule: `docs/compliance/hipaa.md`.
//!
//! ```sh
//! cargo run --example hipaa                                    # JSON on standard output
//! cargo run --example hipaa -- --format yaml --out hipaa.yaml
//! cargo run --example hipaa -- --config hipaa.yaml             # e.g. `engine: aurora-postgresql`
//! cargo run --example hipaa -- --print-config-schema           # JSON Schema of that file
//! ```

use std::process::ExitCode;

use patterns::{cli, hipaa};

fn main() -> ExitCode {
    cli::run("hipaa", hipaa::template)
}
