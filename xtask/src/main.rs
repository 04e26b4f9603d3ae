//! Project tasks: `cargo xtask codegen [--check]`, `cargo xtask layers` (no import cycle between
//! top-level modules) and `cargo xtask test [cargo test args]`.

mod codegen;
mod layers;
mod relationships;
mod test_suite;

use std::path::PathBuf;
use std::process::ExitCode;

const USAGE: &str = "usage: cargo xtask codegen [--check] | cargo xtask layers | cargo xtask relationships <tarball> | cargo xtask test [-- cargo test args]";

fn main() -> ExitCode {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).parent().expect("xtask lives in the workspace").to_path_buf();
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("codegen") => match &args[1..] {
            [] => codegen::run(&root, codegen::Mode::Write),
            [flag] if flag == "--check" => codegen::run(&root, codegen::Mode::Check),
            _ => Err(USAGE.to_owned()),
        },
        Some("layers") if args.len() == 1 => layers::run(&root),
        Some("relationships") => match &args[1..] {
            [tarball] => relationships::run(&root, std::path::Path::new(tarball)),
            _ => Err(USAGE.to_owned()),
        },
        Some("test") => test_suite::run(&root, &args[1..]),
        _ => Err(USAGE.to_owned()),
    };
    match result {
        Ok(code) => code,
        Err(message) => {
            eprintln!("xtask: {message}");
            ExitCode::FAILURE
        }
    }
}
