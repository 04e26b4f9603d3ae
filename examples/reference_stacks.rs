//! Emits the reference stacks with their default configs, in JSON and YAML, into a directory
//! (`out/` unless `--out-dir DIR` is given): `pci_dss.json`, `pci_dss.yaml`, `hipaa.json`,
//! `hipaa.yaml`, `audit_trail.json`, `audit_trail.yaml`, `event_pipeline.json`, `event_pipeline.yaml`. Every template is rendered and validated before the first file is written;
//! each file is written whole or not at all.
//!
//! ```sh
//! cargo run --example reference_stacks
//! cargo run --example reference_stacks -- --out-dir templates
//! ```
//!
//! To configure a stack, run its own example: `cargo run --example pci_dss -- --config …`.

use std::path::PathBuf;
use std::process::ExitCode;

use patterns::{audit_trail, cli, event_pipeline, hipaa, pci_dss};
use typed_cfn::Format;

const USAGE: &str = "usage: cargo run --example reference_stacks -- [--out-dir DIR]";

fn main() -> ExitCode {
    let mut args = std::env::args().skip(1);
    let mut dir = PathBuf::from("out");
    while let Some(arg) = args.next() {
        match (arg.as_str(), args.next()) {
            ("--out-dir", Some(value)) => dir = PathBuf::from(value),
            ("-h" | "--help", _) => {
                println!("{USAGE}");
                return ExitCode::SUCCESS;
            }
            _ => {
                eprintln!("reference_stacks: unknown argument or missing value: `{arg}`\n{USAGE}");
                return ExitCode::from(2);
            }
        }
    }

    let stacks = [
        ("pci_dss", pci_dss::template(&pci_dss::PciDssConfig::default())),
        ("hipaa", hipaa::template(&hipaa::HipaaConfig::default())),
        ("audit_trail", audit_trail::template(&audit_trail::AuditTrailConfig::default())),
        ("event_pipeline", event_pipeline::template(&event_pipeline::EventPipelineConfig::default())),
    ];
    let mut files = Vec::new();
    for (name, template) in &stacks {
        for (format, extension) in [(Format::Json, "json"), (Format::Yaml, "yaml")] {
            match template.emit(format) {
                Ok(emitted) => files.push((dir.join(format!("{name}.{extension}")), emitted.body)),
                Err(e) => {
                    eprintln!("reference_stacks: {name}: {e}");
                    return ExitCode::FAILURE;
                }
            }
        }
    }
    if let Err(e) = std::fs::create_dir_all(&dir) {
        eprintln!("reference_stacks: cannot create {}: {e}", dir.display());
        return ExitCode::FAILURE;
    }
    for (path, body) in &files {
        if let Err(e) = cli::write_whole(path, body) {
            eprintln!("reference_stacks: cannot write {}: {e}", path.display());
            return ExitCode::FAILURE;
        }
        println!("{}", path.display());
    }
    ExitCode::SUCCESS
}
