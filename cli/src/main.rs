//! `typed-cfn`: the command-line program of typed-cfn.
//!
//! `typed-cfn audit FILE|DIR…` reads CloudFormation templates written by hand (JSON or YAML)
//! and reports every finding of the final-template check (`cfn_model::check`) that typed code
//! gets when it emits a template: the resource, what AWS will do, and the fix. See
//! `cli/README.md` for the output formats and the exit codes.

mod args;
mod audit;
mod baseline;
mod config;
mod fix;
mod import;
mod inputs;
mod output;
mod rules;
mod source;

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
            let settings = config::Config::load(options.config.as_deref()).and_then(|config| {
                let baseline = options.baseline.as_deref().map(baseline::Baseline::load).transpose()?;
                Ok((config, baseline))
            });
            let (config, baseline) = match settings {
                Ok(settings) => settings,
                Err(message) => {
                    let _ = writeln!(std::io::stderr(), "typed-cfn: {message}");
                    return ExitCode::from(UNREADABLE);
                }
            };
            let mut reports = audit::run(&options, &config);
            baseline::fingerprint(&mut reports);
            if let Some(path) = &options.write_baseline {
                if let Err(e) = files::write_file(path, baseline::write(&reports).as_bytes()) {
                    let _ = writeln!(std::io::stderr(), "typed-cfn: the baseline was not written: {e}");
                    return ExitCode::from(UNREADABLE);
                }
                // What was just recorded is existing.
                for report in &mut reports {
                    if let audit::Outcome::Checked(checked) = &mut report.outcome {
                        checked.findings.iter_mut().for_each(|item| item.existing = Some(true));
                    }
                }
            }
            if let Some(baseline) = &baseline {
                baseline.mark(&mut reports);
            }
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
    // With a baseline, the findings it records do not count.
    let counts = |r: &audit::FileReport| {
        r.new_findings(audit::Level::Error) > 0 || (warnings_as_errors && r.new_findings(audit::Level::Warning) > 0)
    };
    if reports.iter().any(counts) { FINDINGS } else { CLEAN }
}

/// Writes `bytes` to standard output and exits with `code`. A reader that went away (`| head`)
/// is not an error of ours: the exit code stays the audit's. Any other write error (a full disk)
/// is reported on standard error and exits 2: the report is incomplete.
fn print(bytes: &[u8], code: u8) -> ExitCode {
    if stdout_was_closed() {
        let _ = writeln!(
            std::io::stderr(),
            "typed-cfn: the report was not written: standard output is closed (run with `--out FILE`, or give the program an open standard output)"
        );
        return ExitCode::from(UNREADABLE);
    }
    match files::write_stdout(bytes) {
        Ok(()) => ExitCode::from(code),
        Err(e) if e.is_reader_gone() => ExitCode::from(code),
        Err(e) => cannot_write(&e),
    }
}

/// Whether the program was started with standard output closed (`typed-cfn audit … >&-`).
/// Rust's runtime opens `/dev/null` read-write on a closed standard descriptor before `main`
/// (writes then vanish without an error); a shell's `> /dev/null` opens it write-only.
#[cfg(target_os = "linux")]
fn stdout_was_closed() -> bool {
    if std::fs::read_link("/proc/self/fd/1").ok().as_deref() != Some(Path::new("/dev/null")) {
        return false;
    }
    let flags = std::fs::read_to_string("/proc/self/fdinfo/1").ok().and_then(|info| {
        info.lines().find_map(|line| line.strip_prefix("flags:")).and_then(|f| u32::from_str_radix(f.trim(), 8).ok())
    });
    // The access mode, `O_RDWR`.
    flags.is_some_and(|flags| flags & 0o3 == 0o2)
}

#[cfg(not(target_os = "linux"))]
fn stdout_was_closed() -> bool {
    false
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
