//! `typed-cfn`: the command-line program of typed-cfn.
//!
//! `typed-cfn audit FILE|DIR…` reads CloudFormation templates written by hand (JSON or YAML)
//! and reports every finding of the final-template check (`cfn_model::check`) that typed code
//! gets when it emits a template: the resource, what AWS will do, and the fix. See
//! `cli/README.md` for the output formats and the exit codes.

mod args;
mod audit;
mod fix;
mod import;
mod inputs;
mod output;
mod rules;

use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

use args::Command;
use cfn_model::files;

/// Exit code: nothing found.
const CLEAN: u8 = 0;
/// Exit code: findings (errors; warnings too with `--warnings-as-errors`).
const FINDINGS: u8 = 1;
/// Exit code: an input could not be read, or the command line is wrong.
const UNREADABLE: u8 = 2;

fn main() -> ExitCode {
    let command = match args::parse(std::env::args_os().skip(1)) {
        Ok(command) => command,
        Err(message) => {
            // Standard error may be closed too: nothing to do about it but exit.
            let _ = writeln!(std::io::stderr(), "typed-cfn: {message}\n\n{}", args::USAGE);
            return ExitCode::from(UNREADABLE);
        }
    };
    match command {
        Command::Help => print(args::HELP.as_bytes(), CLEAN),
        Command::Version => print(format!("typed-cfn {}\n", env!("CARGO_PKG_VERSION")).as_bytes(), CLEAN),
        Command::Import(options) => {
            let (text, code) = import::run(&options);
            if code == 0 { print(text.as_bytes(), code) } else { print_error(&text, code) }
        }
        Command::Audit(options) => {
            let reports = audit::run(&options);
            let code = exit_code(&reports, options.warnings_as_errors);
            let text = output::render(&reports, &options, code);
            match &options.out {
                Some(path) => write(path, text.as_bytes(), code),
                None => print(text.as_bytes(), code),
            }
        }
    }
}

/// The exit code for the reports: 2 if any input could not be read (it outranks findings: the
/// audit is incomplete), else 1 if anything counts as a finding, else 0.
fn exit_code(reports: &[audit::FileReport], warnings_as_errors: bool) -> u8 {
    if reports.iter().any(|r| r.unreadable().is_some()) {
        return UNREADABLE;
    }
    let counts = |r: &audit::FileReport| r.errors() > 0 || (warnings_as_errors && r.warnings() > 0);
    if reports.iter().any(counts) { FINDINGS } else { CLEAN }
}

/// Writes `bytes` to standard output and exits with `code`. A reader that went away (`| head`)
/// is not an error of ours: the exit code stays the audit's. Any other write error (a full disk)
/// is reported on standard error and exits 2: the report is incomplete.
fn print(bytes: &[u8], code: u8) -> ExitCode {
    match files::write_stdout(bytes) {
        Ok(()) => ExitCode::from(code),
        Err(e) if e.is_reader_gone() => ExitCode::from(code),
        Err(e) => cannot_write(&e),
    }
}

/// Writes the report to `--out` whole, or leaves the file as it was and exits 2.
fn write(path: &Path, bytes: &[u8], code: u8) -> ExitCode {
    match files::write_file(path, bytes) {
        Ok(()) => ExitCode::from(code),
        Err(e) if e.is_reader_gone() => ExitCode::from(code),
        Err(e) => cannot_write(&e),
    }
}

fn cannot_write(e: &files::WriteError) -> ExitCode {
    // Standard error may be closed too: nothing to do about it but exit.
    let _ = writeln!(std::io::stderr(), "typed-cfn: the report was not written: {e}");
    ExitCode::from(UNREADABLE)
}

/// Writes an error to standard error and exits with `code`.
fn print_error(text: &str, code: u8) -> ExitCode {
    let _ = std::io::stderr().write_all(text.as_bytes());
    ExitCode::from(code)
}
