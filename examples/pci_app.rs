//! The PCI-DSS reference stack as an app of four stacks — keys, network, data, processing — with
//! typed references between them (`patterns::pci_app`), written as a directory: one template per
//! stack, `manifest.json` (stacks, deploy order, parameters, exports and who imports them) and
//! `deploy.sh` (the `aws cloudformation deploy` commands in order). The directory is written
//! whole or not at all.
//!
//! ```sh
//! cargo run --example pci_app                                   # JSON into out/pci_app/
//! cargo run --example pci_app -- --out-dir pci --format yaml
//! cargo run --example pci_app -- --config pci.yaml              # settings as for `pci_dss`
//! ```

use std::path::PathBuf;
use std::process::ExitCode;

use patterns::StackConfig;
use patterns::pci_app;
use patterns::pci_dss::PciDssConfig;
use typed_cfn::Format;

const USAGE: &str = "usage: cargo run --example pci_app -- [--out-dir DIR] [--format json|yaml] [--config FILE.yaml]";

fn main() -> ExitCode {
    let mut args = std::env::args().skip(1);
    let mut dir = PathBuf::from("out/pci_app");
    let mut format = Format::Json;
    let mut config = PciDssConfig::default();
    while let Some(arg) = args.next() {
        match (arg.as_str(), args.next()) {
            ("--out-dir", Some(value)) => dir = PathBuf::from(value),
            ("--format", Some(value)) if value == "json" => format = Format::Json,
            ("--format", Some(value)) if value == "yaml" => format = Format::Yaml,
            ("--format", Some(value)) => {
                eprintln!("pci_app: `--format {value}`: use json or yaml\n{USAGE}");
                return ExitCode::from(2);
            }
            ("--config", Some(value)) => match PciDssConfig::from_yaml_file(&PathBuf::from(&value)) {
                Ok(read) => config = read,
                Err(e) => {
                    eprintln!("pci_app: {e}");
                    return ExitCode::from(2);
                }
            },
            ("-h" | "--help", _) => {
                println!("{USAGE}");
                return ExitCode::SUCCESS;
            }
            _ => {
                eprintln!("pci_app: unknown argument or missing value: `{arg}`\n{USAGE}");
                return ExitCode::from(2);
            }
        }
    }
    match pci_app::app(&config).write_dir(&dir, format) {
        Ok(emitted) => {
            for (stack, warning) in &emitted.warnings {
                eprintln!("pci_app: warning: stack `{stack}`: {warning}");
            }
            println!(
                "wrote {} ({} stacks, deploy order: {})",
                dir.display(),
                emitted.order.len(),
                emitted.order.join(", ")
            );
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("pci_app: {e}");
            ExitCode::FAILURE
        }
    }
}
