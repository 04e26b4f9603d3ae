//! Reading each template and running the final-template check on it.

use std::path::Path;

use cfn_model::check::{self, Finding};
use cfn_model::validate;
use cfn_model::secure::{Hipaa, Pci, Stack};
use cfn_model::validate::limits::BODY_BYTES;
use cfn_model::Template;

use crate::args::{AuditOptions, Scope};
use crate::fix::{self, Fix};
use crate::inputs;

/// The rule ID given to a suppression the check cannot take (an unknown rule, no reason): the
/// template is refused when typed code emits it, so it is an error here too.
pub const INVALID_SUPPRESSION: &str = "invalid-suppression";

/// The rule of a structural problem (a reference to nothing, a cycle, a bad parameter): what
/// CloudFormation refuses before it creates anything.
pub const INVALID_TEMPLATE: &str = "invalid-template";

/// How the text of a file is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SourceFormat {
    Json,
    Yaml,
}

impl SourceFormat {
    pub fn name(self) -> &'static str {
        match self {
            SourceFormat::Json => "json",
            SourceFormat::Yaml => "yaml",
        }
    }
}

/// How much a finding weighs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Level {
    /// AWS will refuse the template, or it breaks the scope's regime.
    Error,
    /// Worth knowing; deployment goes on.
    Warning,
}

impl Level {
    pub fn name(self) -> &'static str {
        match self {
            Level::Error => "error",
            Level::Warning => "warning",
        }
    }
}

/// One finding, placed in its file.
#[derive(Debug)]
pub struct Item {
    pub level: Level,
    /// `Rule::id`, or [`INVALID_SUPPRESSION`].
    pub rule: String,
    /// The resource's logical ID.
    pub resource: String,
    /// The 1-based line where the resource is declared, when it can be found.
    pub line: Option<usize>,
    /// What AWS will do and the fix, as the check words it.
    pub message: String,
    /// The statement to add, for findings where one fixes it.
    pub fix: Option<Fix>,
}

/// A finding someone suppressed in the template, with their reason.
#[derive(Debug)]
pub struct Suppressed {
    pub item: Item,
    pub reason: String,
}

/// What the check found in one readable file.
#[derive(Debug)]
pub struct Checked {
    pub format: SourceFormat,
    /// By resource in the template's order; within one resource, errors before warnings.
    pub findings: Vec<Item>,
    pub suppressed: Vec<Suppressed>,
}

/// The outcome for one input.
#[derive(Debug)]
pub enum Outcome {
    Checked(Checked),
    Unreadable(String),
}

/// One input's report.
#[derive(Debug)]
pub struct FileReport {
    /// The path as given on the command line, or found under a directory given there.
    pub path: String,
    pub outcome: Outcome,
}

impl FileReport {
    pub fn unreadable(&self) -> Option<&str> {
        match &self.outcome {
            Outcome::Unreadable(why) => Some(why),
            Outcome::Checked(_) => None,
        }
    }

    pub fn checked(&self) -> Option<&Checked> {
        match &self.outcome {
            Outcome::Checked(c) => Some(c),
            Outcome::Unreadable(_) => None,
        }
    }

    fn count(&self, level: Level) -> usize {
        self.checked().map_or(0, |c| c.findings.iter().filter(|i| i.level == level).count())
    }

    pub fn errors(&self) -> usize {
        self.count(Level::Error)
    }

    pub fn warnings(&self) -> usize {
        self.count(Level::Warning)
    }

    pub fn suppressed(&self) -> usize {
        self.checked().map_or(0, |c| c.suppressed.len())
    }
}

/// Audits every input the options name, in order.
pub fn run(options: &AuditOptions) -> Vec<FileReport> {
    inputs::expand(&options.paths)
        .into_iter()
        .map(|input| match input {
            Ok(path) => audit_file(&path, options.scope),
            Err((path, why)) => FileReport { path: path.display().to_string(), outcome: Outcome::Unreadable(why) },
        })
        .collect()
}

/// Reads one file and checks it.
pub fn audit_file(path: &Path, scope: Option<Scope>) -> FileReport {
    let shown = path.display().to_string();
    let outcome = match read(path) {
        Ok((text, format)) => match parse(&text, format) {
            Ok(template) => Outcome::Checked(check_template(template, &text, format, scope)),
            Err(why) => Outcome::Unreadable(why),
        },
        Err(why) => Outcome::Unreadable(why),
    };
    FileReport { path: shown, outcome }
}

/// The file's text and how to read it: `.json` as JSON, `.yaml`/`.yml` as YAML, anything else
/// (`.template`, no extension) as JSON if it starts with `{`, else as YAML.
fn read(path: &Path) -> Result<(String, SourceFormat), String> {
    let meta = std::fs::metadata(path).map_err(|e| inputs::describe(&e))?;
    if meta.is_dir() {
        return Err("is a directory".to_owned());
    }
    if meta.len() > BODY_BYTES as u64 {
        return Err(format!("{} bytes, more than the {BODY_BYTES} CloudFormation accepts in a template body", meta.len()));
    }
    let bytes = std::fs::read(path).map_err(|e| inputs::describe(&e))?;
    let text = String::from_utf8(bytes).map_err(|e| format!("not UTF-8 text (invalid byte at offset {})", e.utf8_error().valid_up_to()))?;
    // A byte-order mark is allowed before JSON or YAML text; the parsers do not skip it.
    let text = match text.strip_prefix('\u{feff}') {
        Some(rest) => rest.to_owned(),
        None => text,
    };
    let extension = path.extension().and_then(|e| e.to_str()).map(str::to_ascii_lowercase);
    let format = match extension.as_deref() {
        Some("json") => SourceFormat::Json,
        Some("yaml" | "yml") => SourceFormat::Yaml,
        _ if text.trim_start().starts_with('{') => SourceFormat::Json,
        _ => SourceFormat::Yaml,
    };
    Ok((text, format))
}

fn parse(text: &str, format: SourceFormat) -> Result<Template, String> {
    let parsed = match format {
        SourceFormat::Json => Template::from_json(text),
        SourceFormat::Yaml => Template::from_yaml(text),
    };
    parsed.map_err(|e| e.to_string())
}

/// Runs the check on a parsed template (scoped if asked) and places its findings in the text.
pub fn check_template(template: Template, text: &str, format: SourceFormat, scope: Option<Scope>) -> Checked {
    let scoped;
    let template = match scope {
        None => &template,
        Some(Scope::Pci) => {
            scoped = Stack::<Pci>::from_template(template).into_template();
            &scoped
        }
        Some(Scope::Hipaa) => {
            scoped = Stack::<Hipaa>::from_template(template).into_template();
            &scoped
        }
    };
    let lines = Lines::new(text, format);
    // What CloudFormation refuses outright, before the services' requests are judged.
    let problems = validate::structure(template);
    let too_deep = problems.iter().any(|p| matches!(p, validate::Problem::TooDeep { .. }));
    let structural: Vec<Item> = problems
        .into_iter()
        .map(|problem| {
            let message = problem.to_string();
            // The resource the message is about, when it starts with `Resources.<id>`.
            let resource = message.strip_prefix("Resources.").and_then(|rest| rest.split(['.', ':']).next()).unwrap_or("");
            let resource = if template.resources().contains_key(resource) { resource.to_owned() } else { String::new() };
            let line = if resource.is_empty() { None } else { lines.resource(&resource) };
            Item { level: Level::Error, rule: INVALID_TEMPLATE.to_owned(), line, resource, message, fix: None }
        })
        .collect();
    if too_deep {
        // The final-template check walks values recursively; a value this deep is reported alone.
        return Checked { format, findings: structural, suppressed: Vec::new() };
    }
    let report = check::run(template);
    let item = |finding: Finding, level: Level| Item {
        level,
        rule: finding.rule.id().to_owned(),
        line: lines.resource(&finding.logical_id),
        fix: fix::for_finding(template, &finding, format),
        resource: finding.logical_id,
        message: finding.message,
    };
    // The check lists errors and warnings apart, each in the template's order; the report puts
    // them back in one order (by resource, then errors first), so a reader walks the file once.
    let mut findings: Vec<Item> = report
        .errors
        .into_iter()
        .map(|f| item(f, Level::Error))
        .chain(report.warnings.into_iter().map(|f| item(f, Level::Warning)))
        .collect();
    findings.extend(report.invalid_suppressions.into_iter().map(|(resource, message)| Item {
        level: Level::Error,
        rule: INVALID_SUPPRESSION.to_owned(),
        line: lines.resource(&resource),
        resource,
        message,
        fix: None,
    }));
    findings.extend(structural);
    let position = |id: &str| template.resources().get_index_of(id).unwrap_or(usize::MAX);
    findings.sort_by_key(|i| (position(&i.resource), i.level == Level::Warning));
    let suppressed = report.suppressed.into_iter().map(|(f, reason)| Suppressed { item: item(f, Level::Warning), reason }).collect();
    Checked { format, findings, suppressed }
}

/// Where resources are declared in the text, found by looking for the logical ID as a mapping
/// key after the `Resources` key, at the indentation of the first resource (so that a property
/// of the same name is not taken for it); the parsers keep no positions. Good enough for a
/// report's line number, and `None` rather than a wrong line when in doubt.
struct Lines<'t> {
    lines: Vec<&'t str>,
    format: SourceFormat,
    /// The index of the line after the one holding the `Resources` key.
    first: usize,
    /// The indentation of the resources' keys, when they start lines of their own.
    indent: Option<usize>,
}

impl<'t> Lines<'t> {
    fn new(text: &'t str, format: SourceFormat) -> Self {
        let lines: Vec<&str> = text.lines().collect();
        let resources = lines.iter().position(|line| match format {
            SourceFormat::Json => line.contains("\"Resources\""),
            SourceFormat::Yaml => ["Resources:", "\"Resources\":", "'Resources':"].iter().any(|k| line.starts_with(k)),
        });
        let first = resources.map_or(0, |n| n + 1);
        let indent = lines[first.min(lines.len())..]
            .iter()
            .find(|line| {
                let t = line.trim_start();
                !t.is_empty() && !t.starts_with('#')
            })
            .map(|line| line.len() - line.trim_start().len());
        Lines { lines, format, first, indent }
    }

    fn resource(&self, logical_id: &str) -> Option<usize> {
        let keys = match self.format {
            SourceFormat::Json => vec![format!("\"{logical_id}\"")],
            SourceFormat::Yaml => vec![logical_id.to_owned(), format!("\"{logical_id}\""), format!("'{logical_id}'")],
        };
        let is_key = |line: &str| {
            let trimmed = line.trim_start().trim_start_matches('{').trim_start();
            keys.iter().any(|key| trimmed.strip_prefix(key.as_str()).is_some_and(|rest| rest.trim_start().starts_with(':')))
        };
        let at_indent = |line: &str| self.indent.is_none_or(|i| line.len() - line.trim_start().len() == i);
        let found = |strict: bool| {
            self.lines.iter().enumerate().skip(self.first).find(|(_, line)| is_key(line) && (!strict || at_indent(line))).map(|(n, _)| n + 1)
        };
        // At the resources' indentation first; anywhere after `Resources` (compact JSON) else.
        found(true).or_else(|| found(false))
    }
}
