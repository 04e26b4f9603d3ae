//! The command line the examples share: `--format json|yaml|json-compact`, `--out FILE`,
//! `--config FILE.yaml`, `--print-config-schema`.
//!
//! Output goes through [`cfn_model::files`]: `--out` is written whole or not at all (through a
//! symbolic link to the file it points to, straight into a pipe or device, keeping an existing
//! file's permissions). Standard output is written with its errors as values:
//!
//! - a write that fails (`> /dev/full`) is one line on standard error and exit status 1;
//! - a reader that goes away (`| head -1`, `| true`) ends the program quietly with status 0: the
//!   reader chose to stop reading, as with ripgrep or `git log | head` (programs that die of
//!   SIGPIPE instead report 141; Rust programs ignore SIGPIPE, and no signal is taken here).
//!
//! A command line that cannot be followed exits 2 with the usage; each flag may be given once.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use cfn_model::files::{self, WriteError};
use cfn_model::{Format, Template};

use crate::config::StackConfig;

/// Exit status of a command line that cannot be followed.
const USAGE_ERROR: u8 = 2;

/// What the command line asked for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Options {
    /// `--format`; JSON unless given.
    pub format: Format,
    /// `--out FILE`; standard output unless given.
    pub out: Option<PathBuf>,
    /// `--config FILE.yaml`.
    pub config: Option<PathBuf>,
    /// `--print-config-schema`: print the config's JSON Schema (or write it to `--out`) and stop.
    pub print_config_schema: bool,
}

/// A command line that cannot be followed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CliError {
    /// An argument no example knows.
    #[error("unknown argument `{0}`")]
    Unknown(String),
    /// A flag without its value.
    #[error("`{0}` needs a value")]
    MissingValue(&'static str),
    /// A flag whose value is empty (`--out ''`).
    #[error("`{0}` needs a value, not an empty string")]
    EmptyValue(&'static str),
    /// A flag given twice (`--out a --out b`): which one was meant is not for us to guess.
    #[error("`{0}` is given twice: give it once")]
    Repeated(&'static str),
    /// Two flags that do not go together.
    #[error("`{0}` does not go with `{1}`: {2}")]
    Conflict(&'static str, &'static str, &'static str),
    /// `--format` with a value other than json, yaml, json-compact.
    #[error("`--format {0}`: use json, yaml or json-compact")]
    BadFormat(String),
    /// `--config` or `--print-config-schema` given to an example without a config.
    #[error("`{0}`: this example has no config")]
    NoConfig(String),
    /// `--help`.
    #[error("help requested")]
    Help,
}

/// The usage text; `with_config` adds the config flags.
pub fn usage(program: &str, with_config: bool) -> String {
    let mut text = format!("usage: cargo run --example {program} -- [--format json|yaml|json-compact] [--out FILE]");
    if with_config {
        text.push_str(" [--config FILE.yaml] [--print-config-schema]");
    }
    text
}

/// Reads the arguments (without the program name).
pub fn parse(args: impl IntoIterator<Item = String>, with_config: bool) -> Result<Options, CliError> {
    let mut format = None;
    let mut out = None;
    let mut config = None;
    let mut print_config_schema = false;
    let mut args = args.into_iter();
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--format" => {
                let value = value(&mut args, "--format", &format)?;
                format = Some(match value.as_str() {
                    "json" => Format::Json,
                    "yaml" => Format::Yaml,
                    "json-compact" => Format::JsonCompact,
                    _ => return Err(CliError::BadFormat(value)),
                });
            }
            "--out" => out = Some(value(&mut args, "--out", &out)?.into()),
            "--config" if with_config => config = Some(value(&mut args, "--config", &config)?.into()),
            "--print-config-schema" if with_config => {
                if print_config_schema {
                    return Err(CliError::Repeated("--print-config-schema"));
                }
                print_config_schema = true;
            }
            "--config" | "--print-config-schema" => return Err(CliError::NoConfig(arg)),
            "-h" | "--help" => return Err(CliError::Help),
            _ => return Err(CliError::Unknown(arg)),
        }
    }
    if print_config_schema {
        if format.is_some() {
            return Err(CliError::Conflict("--format", "--print-config-schema", "the schema is JSON"));
        }
        if config.is_some() {
            return Err(CliError::Conflict(
                "--config",
                "--print-config-schema",
                "the schema is printed without reading a config",
            ));
        }
    }
    Ok(Options { format: format.unwrap_or(Format::Json), out, config, print_config_schema })
}

/// Takes the value of `flag`: present, not empty, and the flag not seen before.
pub fn value<T>(
    args: &mut impl Iterator<Item = String>,
    flag: &'static str,
    seen: &Option<T>,
) -> Result<String, CliError> {
    if seen.is_some() {
        return Err(CliError::Repeated(flag));
    }
    match args.next() {
        None => Err(CliError::MissingValue(flag)),
        Some(value) if value.is_empty() => Err(CliError::EmptyValue(flag)),
        Some(value) => Ok(value),
    }
}

/// Prints `text` or writes it to `--out`.
pub fn deliver(options: &Options, text: &str) -> Result<(), WriteError> {
    match &options.out {
        Some(path) => files::write_file(path, text.as_bytes()),
        None => files::write_stdout(text.as_bytes()),
    }
}

/// The exit of a program whose output went as `written` says: success, or a reader that went
/// away (quietly, status 0); any other error is one line on standard error and status 1.
pub fn finish(program: &str, written: Result<(), WriteError>) -> ExitCode {
    match written {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) if e.is_reader_gone() => ExitCode::SUCCESS,
        Err(e) => {
            complain(program, &e);
            ExitCode::FAILURE
        }
    }
}

/// One line on standard error, `program: message`. If standard error is closed or full too,
/// there is nobody to tell: the exit status still says it.
pub fn complain(program: &str, message: &dyn std::fmt::Display) {
    let _ = writeln!(std::io::stderr(), "{program}: {message}");
}

/// The whole `main` of an example with a config: reads the flags, loads and checks
/// `--config` (or takes the defaults), builds the template, validates it and prints or writes
/// it. Every failure is one line on standard error and a non-zero exit; no file is written.
pub fn run<C: StackConfig>(program: &str, build: impl FnOnce(&C) -> Template) -> ExitCode {
    let options = match options(program, true) {
        Ok(options) => options,
        Err(code) => return code,
    };
    if options.print_config_schema {
        return finish(program, deliver(&options, &C::schema_json()));
    }
    let config = match &options.config {
        Some(path) => match C::from_yaml_file(path) {
            Ok(config) => config,
            Err(e) => {
                complain(program, &format_args!("bad config: {e}"));
                return ExitCode::from(USAGE_ERROR);
            }
        },
        None => C::default(),
    };
    emit(program, &options, &build(&config))
}

/// The whole `main` of an example without a config.
pub fn run_plain(program: &str, build: impl FnOnce() -> Template) -> ExitCode {
    match options(program, false) {
        Ok(options) => emit(program, &options, &build()),
        Err(code) => code,
    }
}

fn options(program: &str, with_config: bool) -> Result<Options, ExitCode> {
    match parse(std::env::args().skip(1), with_config) {
        Ok(options) => Ok(options),
        Err(CliError::Help) => {
            Err(finish(program, files::write_stdout(format!("{}\n", usage(program, with_config)).as_bytes())))
        }
        Err(e) => {
            complain(program, &format_args!("{e}\n{}", usage(program, with_config)));
            Err(ExitCode::from(USAGE_ERROR))
        }
    }
}

fn emit(program: &str, options: &Options, template: &Template) -> ExitCode {
    let emitted = match template.emit(options.format) {
        Ok(emitted) => emitted,
        Err(e) => {
            complain(program, &e);
            return ExitCode::FAILURE;
        }
    };
    for warning in &emitted.warnings {
        complain(program, &format_args!("warning: {warning}"));
    }
    finish(program, deliver(options, &emitted.body))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| (*s).to_owned()).collect()
    }

    #[test]
    fn flags_are_read() {
        let options = parse(args(&["--format", "yaml", "--out", "t.yaml"]), false).unwrap();
        assert_eq!(options.format, Format::Yaml);
        assert_eq!(options.out, Some(PathBuf::from("t.yaml")));
    }

    #[test]
    fn bad_flags_say_what_is_wrong() {
        assert_eq!(parse(args(&["--format", "xml"]), false), Err(CliError::BadFormat("xml".into())));
        assert_eq!(parse(args(&["--out"]), false), Err(CliError::MissingValue("--out")));
        assert_eq!(parse(args(&["--config", "c.yaml"]), false), Err(CliError::NoConfig("--config".into())));
        assert_eq!(parse(args(&["--frobnicate"]), false), Err(CliError::Unknown("--frobnicate".into())));
    }

    #[test]
    fn flags_are_given_once_and_not_empty() {
        assert_eq!(parse(args(&["--out", "a", "--out", "b"]), false), Err(CliError::Repeated("--out")));
        assert_eq!(parse(args(&["--format", "json", "--format", "yaml"]), false), Err(CliError::Repeated("--format")));
        assert_eq!(parse(args(&["--config", "a", "--config", "a"]), true), Err(CliError::Repeated("--config")));
        assert_eq!(
            parse(args(&["--print-config-schema", "--print-config-schema"]), true),
            Err(CliError::Repeated("--print-config-schema"))
        );
        assert_eq!(parse(args(&["--out", ""]), false), Err(CliError::EmptyValue("--out")));
        assert_eq!(parse(args(&["--config", ""]), true), Err(CliError::EmptyValue("--config")));
        assert_eq!(CliError::Repeated("--out").to_string(), "`--out` is given twice: give it once");
    }

    #[test]
    fn the_schema_goes_to_out_and_refuses_what_does_not_apply() {
        let options = parse(args(&["--print-config-schema", "--out", "s.json"]), true).unwrap();
        assert!(options.print_config_schema);
        assert_eq!(options.out, Some(PathBuf::from("s.json")));
        assert!(matches!(
            parse(args(&["--print-config-schema", "--format", "yaml"]), true),
            Err(CliError::Conflict("--format", ..))
        ));
        assert!(matches!(
            parse(args(&["--config", "c.yaml", "--print-config-schema"]), true),
            Err(CliError::Conflict("--config", ..))
        ));
    }
}
