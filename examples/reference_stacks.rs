//! Emits the reference stacks with their default configs, in JSON and YAML, into a directory
//! (`out/` unless `--out-dir DIR` is given): `pci_dss.json`, `pci_dss.yaml`, `hipaa.json`,
//! `hipaa.yaml`, `audit_trail.json`, `audit_trail.yaml`, `event_pipeline.json`,
//! `event_pipeline.yaml`. Every template is rendered and validated before the first file is
//! written, and the eight files are swapped in together ([`typed_cfn::files::write_files`]): if one
//! cannot be written, every old file stays as it was. The paths written are listed on standard
//! output.
//!
//! ```sh
//! cargo run --example reference_stacks
//! cargo run --example reference_stacks -- --out-dir templates
//! ```
//!
//! To configure a stack, run its own example: `cargo run --example pci_dss -- --config …`.

use std::path::PathBuf;
use std::process::ExitCode;

use patterns::cli::{self, CliError};
use patterns::{audit_trail, event_pipeline, hipaa, pci_dss};
use typed_cfn::Format;
use typed_cfn::files;

const PROGRAM: &str = "reference_stacks";
const USAGE: &str = "usage: cargo run --example reference_stacks -- [--out-dir DIR]";

fn main() -> ExitCode {
    let dir = match out_dir(std::env::args().skip(1)) {
        Ok(dir) => dir,
        Err(CliError::Help) => return cli::finish(PROGRAM, files::write_stdout(format!("{USAGE}\n").as_bytes())),
        Err(e) => {
            cli::complain(PROGRAM, &format_args!("{e}\n{USAGE}"));
            return ExitCode::from(2);
        }
    };

    let stacks = [
        ("pci_dss", pci_dss::template(&pci_dss::PciDssConfig::default())),
        ("hipaa", hipaa::template(&hipaa::HipaaConfig::default())),
        ("audit_trail", audit_trail::template(&audit_trail::AuditTrailConfig::default())),
        ("event_pipeline", event_pipeline::template(&event_pipeline::EventPipelineConfig::default())),
    ];
    let mut outputs = Vec::new();
    for (name, template) in &stacks {
        for (format, extension) in [(Format::Json, "json"), (Format::Yaml, "yaml")] {
            match template.emit(format) {
                Ok(emitted) => outputs.push((dir.join(format!("{name}.{extension}")), emitted.body)),
                Err(e) => {
                    cli::complain(PROGRAM, &format_args!("{name}: {e}"));
                    return ExitCode::FAILURE;
                }
            }
        }
    }
    if let Err(e) = std::fs::create_dir_all(&dir) {
        cli::complain(PROGRAM, &format_args!("cannot create the directory {}: {e}", dir.display()));
        return ExitCode::FAILURE;
    }
    if let Err(e) = files::write_files(&outputs) {
        cli::complain(PROGRAM, &e);
        return ExitCode::FAILURE;
    }
    let listing: String = outputs.iter().map(|(path, _)| format!("{}\n", path.display())).collect();
    cli::finish(PROGRAM, files::write_stdout(listing.as_bytes()))
}

/// `--out-dir DIR`, once and not empty; `out` unless given.
fn out_dir(args: impl IntoIterator<Item = String>) -> Result<PathBuf, CliError> {
    let mut dir: Option<PathBuf> = None;
    let mut args = args.into_iter();
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--out-dir" => dir = Some(cli::value(&mut args, "--out-dir", &dir)?.into()),
            "-h" | "--help" => return Err(CliError::Help),
            _ => return Err(CliError::Unknown(arg)),
        }
    }
    Ok(dir.unwrap_or_else(|| PathBuf::from("out")))
}
