//! The command line, parsed by hand (no argument-parsing dependency for four flags).

use std::ffi::OsString;
use std::path::PathBuf;

/// One line on how to call the program, printed after a command-line mistake.
pub const USAGE: &str =
    "usage: typed-cfn audit [--format text|json|sarif] [--scope pci|hipaa] [--warnings-as-errors] [--out FILE]
                      [--config FILE] [--baseline FILE] [--write-baseline FILE] FILE|DIR…
       typed-cfn import FILE [--out DIR] [--path CHECKOUT] [--module] [--lenient]
       typed-cfn --help | --version";

/// What `--help` prints.
pub const HELP: &str = "typed-cfn audit: the final-template check of typed-cfn over CloudFormation templates

usage: typed-cfn audit [OPTIONS] FILE|DIR…
       typed-cfn import FILE [--out DIR] [--path CHECKOUT] [--module] [--lenient]
       typed-cfn --help | --version

Reads each FILE (JSON or YAML) and every *.json, *.yaml, *.yml and *.template file under each
DIR (sorted by path), and reports what AWS will do with it: a log group whose KMS key does not
let CloudWatch Logs in, a key ID where an ARN is needed, a database user name resolved at deploy
time, a service that creates its own log group without a customer key or retention, ... with the resource and the fix.

options:
  --format text|json|sarif  the report's form: text for people (default), json (schema
                            `typed-cfn-audit/1`, see cli/README.md), sarif (SARIF 2.1.0, for
                            code-scanning dashboards)
  --scope pci|hipaa         judge the templates as part of a PCI DSS or HIPAA stack: log groups,
                            buckets, databases, secrets and data stores are held to the regime,
                            and findings that are warnings elsewhere become errors
  --warnings-as-errors      warnings make the exit code 1 too
  --out FILE                write the report to FILE (whole or not at all) instead of standard
                            output
  --config FILE             the settings (paths to skip, rules turned off, levels); without it,
                            .typed-cfn.toml in the current directory if there is one
  --baseline FILE           findings recorded in FILE are reported as existing; only new ones
                            count for the exit code
  --write-baseline FILE     record this run's findings in FILE (then they are all existing)
  -h, --help                this text
  -V, --version             the version

typed-cfn import FILE writes a Rust crate (or with --module one module) whose program builds
the same template with the typed API; where the template makes a mistake the types exclude, the
program does not compile, and import says why (see docs/import.md).

exit codes:
  0  no error found (warnings are reported, and do not count unless --warnings-as-errors)
  1  at least one error (an invalid suppression counts as one)
  2  an input could not be read (the others are still checked and reported), a wrong
     command line or configuration, or the report could not be written

Devices, named pipes, sockets and symbolic links leading out of the FILEs and DIRs given are
never opened: found under a DIR they are skipped and named; named as a FILE they are unreadable.
";

/// What the command line asks for.
#[derive(Debug, PartialEq)]
pub enum Command {
    /// `--help`.
    Help,
    /// `--version`.
    Version,
    /// `audit …`.
    Audit(AuditOptions),
    /// `typed-cfn import`.
    Import(crate::import::ImportOptions),
}

/// The report's form.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReportFormat {
    /// For people.
    Text,
    /// `typed-cfn-audit/1`.
    Json,
    /// SARIF 2.1.0.
    Sarif,
}

/// The compliance regime to judge the templates by.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// PCI DSS (`secure::Pci`).
    Pci,
    /// HIPAA (`secure::Hipaa`).
    Hipaa,
}

/// `audit`'s options and inputs.
#[derive(Debug, PartialEq)]
pub struct AuditOptions {
    pub format: ReportFormat,
    pub scope: Option<Scope>,
    pub warnings_as_errors: bool,
    /// `--out FILE`: the report goes there instead of standard output.
    pub out: Option<PathBuf>,
    /// `--config FILE`.
    pub config: Option<PathBuf>,
    /// `--baseline FILE`.
    pub baseline: Option<PathBuf>,
    /// `--write-baseline FILE`.
    pub write_baseline: Option<PathBuf>,
    pub paths: Vec<PathBuf>,
}

/// Parses the arguments after the program's name.
pub fn parse(args: impl IntoIterator<Item = OsString>) -> Result<Command, String> {
    let mut args = args.into_iter();
    let Some(first) = args.next() else {
        return Err("no command given".to_owned());
    };
    match first.to_str() {
        Some("-h" | "--help" | "help") => Ok(Command::Help),
        Some("-V" | "--version") => Ok(Command::Version),
        Some("audit") => parse_audit(args),
        Some("import") => crate::import::parse(args).map(Command::Import),
        Some(other) if other.starts_with('-') => Err(format!("unknown option `{other}`")),
        _ => Err(format!("unknown command `{}` (the command is `audit`)", first.to_string_lossy())),
    }
}

fn parse_audit(mut args: impl Iterator<Item = OsString>) -> Result<Command, String> {
    let mut options = AuditOptions {
        format: ReportFormat::Text,
        scope: None,
        warnings_as_errors: false,
        out: None,
        config: None,
        baseline: None,
        write_baseline: None,
        paths: Vec::new(),
    };
    let mut seen_format = false;
    let mut only_paths = false;
    while let Some(arg) = args.next() {
        let text = arg.to_str();
        if only_paths || !text.is_some_and(|t| t.starts_with('-') && t != "-") {
            options.paths.push(PathBuf::from(arg));
            continue;
        }
        let text = text.unwrap_or_default();
        let (flag, inline) = match text.split_once('=') {
            Some((flag, value)) if flag.starts_with("--") => (flag, Some(value.to_owned())),
            _ => (text, None),
        };
        let mut value = |name: &str| -> Result<String, String> {
            match inline.clone() {
                Some(v) => Ok(v),
                None => args.next().and_then(|v| v.into_string().ok()).ok_or_else(|| format!("`{name}` needs a value")),
            }
        };
        match flag {
            "--" => only_paths = true,
            "-h" | "--help" => return Ok(Command::Help),
            "-V" | "--version" => return Ok(Command::Version),
            "--format" => {
                if seen_format {
                    return Err("`--format` is given twice".to_owned());
                }
                seen_format = true;
                options.format = match value("--format")?.as_str() {
                    "text" => ReportFormat::Text,
                    "json" => ReportFormat::Json,
                    "sarif" => ReportFormat::Sarif,
                    other => return Err(format!("unknown format `{other}` (text, json or sarif)")),
                };
            }
            "--scope" => {
                if options.scope.is_some() {
                    return Err("`--scope` is given twice".to_owned());
                }
                options.scope = Some(match value("--scope")?.to_ascii_lowercase().as_str() {
                    "pci" | "pci-dss" => Scope::Pci,
                    "hipaa" => Scope::Hipaa,
                    other => return Err(format!("unknown scope `{other}` (pci or hipaa)")),
                });
            }
            "--out" | "--config" | "--baseline" | "--write-baseline" => {
                let slot = match flag {
                    "--out" => &mut options.out,
                    "--config" => &mut options.config,
                    "--baseline" => &mut options.baseline,
                    _ => &mut options.write_baseline,
                };
                if slot.is_some() {
                    return Err(format!("`{flag}` is given twice"));
                }
                let file = value(flag)?;
                if file.is_empty() {
                    return Err(format!("`{flag}` needs a file name, not an empty string"));
                }
                *slot = Some(PathBuf::from(file));
            }
            "--warnings-as-errors" if inline.is_none() => options.warnings_as_errors = true,
            _ => return Err(format!("unknown option `{text}`")),
        }
    }
    if options.paths.is_empty() {
        return Err("`audit` needs at least one FILE or DIR".to_owned());
    }
    Ok(Command::Audit(options))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_strs(args: &[&str]) -> Result<Command, String> {
        parse(args.iter().map(OsString::from))
    }

    #[test]
    fn flags_and_paths_in_any_order() {
        let Ok(Command::Audit(options)) =
            parse_strs(&["audit", "a.yaml", "--format=sarif", "--scope", "HIPAA", "dir", "--warnings-as-errors"])
        else {
            panic!("not an audit")
        };
        assert_eq!(options.format, ReportFormat::Sarif);
        assert_eq!(options.scope, Some(Scope::Hipaa));
        assert!(options.warnings_as_errors);
        assert_eq!(options.out, None);
        assert_eq!(options.paths, [PathBuf::from("a.yaml"), PathBuf::from("dir")]);
    }

    #[test]
    fn after_a_double_dash_everything_is_a_path() {
        let Ok(Command::Audit(options)) = parse_strs(&["audit", "--", "--format"]) else { panic!("not an audit") };
        assert_eq!(options.paths, [PathBuf::from("--format")]);
    }

    #[test]
    fn mistakes_are_named() {
        for (args, message) in [
            (&["audit", "--colour", "a"][..], "unknown option `--colour`"),
            (&["audit", "--format", "xml", "a"][..], "unknown format `xml`"),
            (&["audit", "--format"][..], "`--format` needs a value"),
            (&["audit", "--format", "json", "--format", "text", "a"][..], "`--format` is given twice"),
            (&["audit", "--out", "r", "--out=s", "a"][..], "`--out` is given twice"),
            (&["audit", "--out", "", "a"][..], "`--out` needs a file name"),
            (&["audit", "--out=", "a"][..], "`--out` needs a file name"),
            (&["audit"][..], "needs at least one FILE or DIR"),
            (&["lint", "a"][..], "unknown command `lint`"),
            (&[][..], "no command given"),
            (&["--warnings-as-errors=yes"][..], "unknown option"),
            (&["audit", "--warnings-as-errors=yes", "a"][..], "unknown option `--warnings-as-errors=yes`"),
        ] {
            let error = parse_strs(args).unwrap_err();
            assert!(error.contains(message), "{args:?}: {error}");
        }
    }

    #[test]
    fn help_and_version() {
        assert_eq!(parse_strs(&["--help"]), Ok(Command::Help));
        assert_eq!(parse_strs(&["audit", "-h"]), Ok(Command::Help));
        assert_eq!(parse_strs(&["-V"]), Ok(Command::Version));
    }
}
