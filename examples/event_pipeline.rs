//! The event-pipeline reference stack: an encrypted bucket notifies an encrypted topic, which
//! fans out to an encrypted queue drained by a Lambda worker; an EventBridge schedule also sends
//! to the queue. What it contains: `patterns::event_pipeline`.
//!
//! ```sh
//! cargo run --example event_pipeline                                   # JSON on standard output
//! cargo run --example event_pipeline -- --format yaml --out pipeline.yaml
//! cargo run --example event_pipeline -- --config pipeline.yaml         # settings from YAML
//! cargo run --example event_pipeline -- --print-config-schema          # JSON Schema of that file
//! ```

use std::process::ExitCode;

use patterns::{cli, event_pipeline};

fn main() -> ExitCode {
    cli::run("event_pipeline", event_pipeline::template)
}
