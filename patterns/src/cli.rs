//! The command line the examples share: `--format json|yaml|json-compact`, `--out FILE`,
//! `--config FILE.yaml`, `--print-config-schema`.
//!
//! Output files are written whole or not at all: the text goes to a temporary file beside the
//! target, which is then renamed over it.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use cfn_model::{Format, Template};

use crate::config::StackConfig;

/// What the command line asked for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Options {
    /// `--format`; JSON unless given.
    pub format: Format,
    /// `--out FILE`; standard output unless given.
    pub out: Option<PathBuf>,
    /// `--config FILE.yaml`.
    pub config: Option<PathBuf>,
    /// `--print-config-schema`: print the config's JSON Schema and stop.
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
    let mut options = Options { format: Format::Json, out: None, config: None, print_config_schema: false };
    let mut args = args.into_iter();
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--format" => {
                let value = args.next().ok_or(CliError::MissingValue("--format"))?;
                options.format = match value.as_str() {
                    "json" => Format::Json,
                    "yaml" => Format::Yaml,
                    "json-compact" => Format::JsonCompact,
                    _ => return Err(CliError::BadFormat(value)),
                };
            }
            "--out" => options.out = Some(args.next().ok_or(CliError::MissingValue("--out"))?.into()),
            "--config" if with_config => options.config = Some(args.next().ok_or(CliError::MissingValue("--config"))?.into()),
            "--print-config-schema" if with_config => options.print_config_schema = true,
            "--config" | "--print-config-schema" => return Err(CliError::NoConfig(arg)),
            "-h" | "--help" => return Err(CliError::Help),
            _ => return Err(CliError::Unknown(arg)),
        }
    }
    Ok(options)
}

/// Writes `text` to `path` whole, or leaves `path` as it was.
pub fn write_whole(path: &Path, text: &str) -> std::io::Result<()> {
    let dir = path.parent().filter(|d| !d.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let tmp = dir.join(format!(".{name}.tmp-{}", std::process::id()));
    let result = std::fs::write(&tmp, text).and_then(|()| std::fs::rename(&tmp, path));
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result
}

/// Prints `text` or writes it to `--out`.
pub fn deliver(options: &Options, text: &str) -> Result<(), String> {
    match &options.out {
        Some(path) => write_whole(path, text).map_err(|e| format!("cannot write {}: {e}", path.display())),
        None => {
            print!("{text}");
            Ok(())
        }
    }
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
        print!("{}", C::schema_json());
        return ExitCode::SUCCESS;
    }
    let config = match &options.config {
        Some(path) => match C::from_yaml_file(path) {
            Ok(config) => config,
            Err(e) => {
                eprintln!("{program}: bad config: {e}");
                return ExitCode::from(2);
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
            println!("{}", usage(program, with_config));
            Err(ExitCode::SUCCESS)
        }
        Err(e) => {
            eprintln!("{program}: {e}\n{}", usage(program, with_config));
            Err(ExitCode::from(2))
        }
    }
}

fn emit(program: &str, options: &Options, template: &Template) -> ExitCode {
    let emitted = match template.emit(options.format) {
        Ok(emitted) => emitted,
        Err(e) => {
            eprintln!("{program}: {e}");
            return ExitCode::FAILURE;
        }
    };
    for warning in &emitted.warnings {
        eprintln!("{program}: warning: {warning}");
    }
    match deliver(options, &emitted.body) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("{program}: {e}");
            ExitCode::FAILURE
        }
    }
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
    fn a_failed_write_leaves_nothing() {
        let dir = std::env::temp_dir().join(format!("typed-cfn-cli-{}", std::process::id()));
        let target = dir.join("missing-subdir/out.json");
        assert!(write_whole(&target, "{}").is_err());
        assert!(!target.exists());
    }
}
