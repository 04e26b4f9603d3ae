//! Reading each template and running the final-template check on it.

use std::path::{Path, PathBuf};

use cfn_model::Template;
use cfn_model::check::{self, Finding};
use cfn_model::secure::{Hipaa, Pci, Stack};
use cfn_model::validate;

use crate::args::{AuditOptions, Scope};
use crate::config::{Config, Setting};
use crate::fix::{self, Fix};
use crate::inputs::{self, Found};
use crate::rules::{INVALID_SUPPRESSION, INVALID_TEMPLATE};
use crate::source::SourceFormat;
use crate::source::{self, NotRead, Roots};

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
    /// What identifies the finding in a baseline (the `baseline` module: `--baseline`).
    pub fingerprint: String,
    /// With `--baseline`: whether the baseline records the finding.
    pub existing: Option<bool>,
}

impl Item {
    fn new(
        level: Level,
        rule: String,
        resource: String,
        line: Option<usize>,
        message: String,
        fix: Option<Fix>,
    ) -> Item {
        Item { level, rule, resource, line, message, fix, fingerprint: String::new(), existing: None }
    }
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
    /// Named on the command line, or a template beside an app's manifest, and not read: the
    /// audit is incomplete (exit code 2).
    Unreadable(String),
    /// Found under a directory and not opened: a device, a named pipe, a socket, or a symbolic
    /// link leading out of the files and directories given. Named in the report; the exit code
    /// does not change.
    Skipped(String),
}

/// One input's report.
#[derive(Debug)]
pub struct FileReport {
    /// The path as given on the command line, or found under a directory given there.
    pub path: String,
    pub outcome: Outcome,
    /// The app the file is a stack of, when it was audited with its app.
    pub app: Option<AppMember>,
}

/// A stack of an app, audited with the app's other stacks.
#[derive(Debug)]
pub struct AppMember {
    /// The app's `manifest.json`, as given or found.
    pub manifest: String,
    /// The stack's name in the manifest.
    pub stack: String,
}

impl FileReport {
    pub fn unreadable(&self) -> Option<&str> {
        match &self.outcome {
            Outcome::Unreadable(why) => Some(why),
            Outcome::Checked(_) | Outcome::Skipped(_) => None,
        }
    }

    pub fn skipped(&self) -> Option<&str> {
        match &self.outcome {
            Outcome::Skipped(why) => Some(why),
            Outcome::Checked(_) | Outcome::Unreadable(_) => None,
        }
    }

    pub fn checked(&self) -> Option<&Checked> {
        match &self.outcome {
            Outcome::Checked(c) => Some(c),
            Outcome::Unreadable(_) | Outcome::Skipped(_) => None,
        }
    }

    fn count(&self, level: Level) -> usize {
        self.checked().map_or(0, |c| c.findings.iter().filter(|i| i.level == level).count())
    }

    /// The findings at `level` that count for the exit code: all, or with `--baseline` the new
    /// ones.
    pub fn new_findings(&self, level: Level) -> usize {
        self.checked().map_or(0, |c| c.findings.iter().filter(|i| i.level == level && i.existing != Some(true)).count())
    }

    /// The findings a baseline records.
    pub fn existing(&self) -> usize {
        self.checked().map_or(0, |c| c.findings.iter().filter(|i| i.existing == Some(true)).count())
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

/// Audits every input the options name, in order. The stacks of an app (an app's
/// `manifest.json`, given or found in a directory) are audited together ([`audit_app`]), each
/// reported where its file comes in the order. The other files are checked in parallel, on as
/// many threads as there are cores.
pub fn run(options: &AuditOptions, config: &Config) -> Vec<FileReport> {
    let inputs = inputs::expand(&options.paths);
    let roots = Roots::of(&options.paths);
    let listed: Vec<PathBuf> = inputs.iter().filter_map(|i| i.as_ref().ok()).map(|f| f.path.clone()).collect();
    // Each app's reports, by its manifest.
    let mut apps: Vec<(PathBuf, Vec<FileReport>)> = listed
        .iter()
        .filter(|path| inputs::is_app_manifest(path, &roots))
        .map(|manifest| (manifest.clone(), audit_app(manifest, options.scope, &roots)))
        .collect();
    // The reports in order; a file of no app is checked later, with the others, in parallel.
    enum Slot {
        Ready(FileReport),
        Pending(Found),
    }
    let mut slots = Vec::new();
    for input in inputs {
        match input {
            // A manifest brings in what the inputs do not list themselves: the manifest, if it
            // did not read, and its stacks when it was given as a file (in its order).
            Ok(found) if apps.iter().any(|(manifest, _)| *manifest == found.path) => {
                for (manifest, app) in apps.iter_mut().filter(|(manifest, _)| *manifest == found.path) {
                    let (here, rest): (Vec<FileReport>, _) = std::mem::take(app).into_iter().partition(|r| {
                        Path::new(&r.path) == manifest.as_path() || !listed.iter().any(|l| Path::new(&r.path) == l)
                    });
                    slots.extend(here.into_iter().map(Slot::Ready));
                    *app = rest;
                }
            }
            // A stack of an app comes in where its file comes.
            Ok(found) => match apps
                .iter_mut()
                .find_map(|(_, app)| app.iter().position(|r| Path::new(&r.path) == found.path).map(|at| app.remove(at)))
            {
                Some(report) => slots.push(Slot::Ready(report)),
                None => slots.push(Slot::Pending(found)),
            },
            Err((path, why)) => slots.push(Slot::Ready(FileReport {
                path: path.display().to_string(),
                outcome: Outcome::Unreadable(why),
                app: None,
            })),
        }
    }
    let pending: Vec<&Found> = slots
        .iter()
        .filter_map(|slot| match slot {
            Slot::Pending(found) => Some(found),
            Slot::Ready(_) => None,
        })
        .collect();
    let mut checked = parallel(&pending, |found| match config.skipped_by(&found.path) {
        Some(pattern) => FileReport {
            path: found.path.display().to_string(),
            outcome: Outcome::Skipped(format!("matches `{pattern}` of `skip` in {}", config.name())),
            app: None,
        },
        None => audit_file(found, options.scope, &roots),
    })
    .into_iter();
    let mut reports: Vec<FileReport> = slots
        .into_iter()
        .filter_map(|slot| match slot {
            Slot::Ready(report) => Some(report),
            Slot::Pending(_) => checked.next(),
        })
        .collect();
    for report in &mut reports {
        if let Outcome::Checked(checked) = &mut report.outcome {
            configure(checked, config);
        }
    }
    reports
}

/// The levels the configuration sets; the findings of a rule turned off are listed as
/// suppressed, with the file that turned it off.
fn configure(checked: &mut Checked, config: &Config) {
    let mut kept = Vec::with_capacity(checked.findings.len());
    for mut item in std::mem::take(&mut checked.findings) {
        match config.setting(&item.rule) {
            setting @ (None | Some(Setting::Warning | Setting::Error)) => {
                item.level = match setting {
                    Some(Setting::Warning) => Level::Warning,
                    Some(Setting::Error) => Level::Error,
                    _ => item.level,
                };
                kept.push(item);
            }
            Some(Setting::Off) => {
                let reason = format!("the rule is turned off in {}", config.name());
                checked.suppressed.push(Suppressed { item, reason });
            }
        }
    }
    checked.findings = kept;
}

/// `f` of each item, in order, computed on as many threads as there are cores (each taking the
/// next item left, so one slow file does not hold up a whole share).
fn parallel<T: Sync, R: Send>(items: &[T], f: impl Fn(&T) -> R + Sync) -> Vec<R> {
    use std::sync::atomic::{AtomicUsize, Ordering};
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get()).min(items.len());
    if threads <= 1 {
        return items.iter().map(f).collect();
    }
    let next = AtomicUsize::new(0);
    let mut results: Vec<Option<R>> = std::iter::repeat_with(|| None).take(items.len()).collect();
    std::thread::scope(|scope| {
        let work = || {
            let mut done = Vec::new();
            loop {
                let at = next.fetch_add(1, Ordering::Relaxed);
                let Some(item) = items.get(at) else { return done };
                done.push((at, f(item)));
            }
        };
        // The main thread's stack size for the others: the check walks values recursively (to
        // the depth the reader allows).
        let workers: Vec<_> =
            (1..threads).map(|_| std::thread::Builder::new().stack_size(8 << 20).spawn_scoped(scope, work)).collect();
        // This thread is a worker too.
        for (at, result) in work() {
            results[at] = Some(result);
        }
        for worker in workers {
            let done = match worker {
                Ok(handle) => handle.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic)),
                // No thread to be had: this one does the work.
                Err(_) => work(),
            };
            for (at, result) in done {
                results[at] = Some(result);
            }
        }
    });
    results.into_iter().flatten().collect()
}

/// Reads one file and checks it.
pub fn audit_file(found: &Found, scope: Option<Scope>, roots: &Roots) -> FileReport {
    let shown = found.path.display().to_string();
    let outcome = match source::read(&found.path, roots) {
        Ok((text, format)) => match parse(&text, format) {
            Ok(template) => Outcome::Checked(check_template(template, &text, format, scope)),
            Err(why) => Outcome::Unreadable(why),
        },
        Err(NotRead::Refused(why)) if !found.given => Outcome::Skipped(why),
        Err(why) => Outcome::Unreadable(why.into_message()),
    };
    FileReport { path: shown, outcome, app: None }
}

fn parse(text: &str, format: SourceFormat) -> Result<Template, String> {
    let parsed = match format {
        SourceFormat::Json => Template::from_json(text),
        SourceFormat::Yaml => Template::from_yaml(text),
    };
    parsed.map_err(|e| e.to_string())
}

/// The template held to `scope`, if one is asked for.
fn scoped(template: Template, scope: Option<Scope>) -> Template {
    match scope {
        None => template,
        Some(Scope::Pci) => Stack::<Pci>::from_template(template).into_template(),
        Some(Scope::Hipaa) => Stack::<Hipaa>::from_template(template).into_template(),
    }
}

/// Runs the check on a parsed template (scoped if asked) and places its findings in the text.
pub fn check_template(template: Template, text: &str, format: SourceFormat, scope: Option<Scope>) -> Checked {
    let template = scoped(template, scope);
    let (structural, too_deep) = structure(&template, text, format);
    if too_deep {
        // The final-template check walks values recursively; a value this deep is reported alone.
        return Checked { format, findings: structural, suppressed: Vec::new() };
    }
    let report = check::run(&template);
    place(&template, text, format, structural, report)
}

/// What CloudFormation refuses outright, before the services' requests are judged, placed in
/// the text; and whether a value is too deep for the check to walk.
fn structure(template: &Template, text: &str, format: SourceFormat) -> (Vec<Item>, bool) {
    // Where resources are in the text is looked for only when something is reported.
    let lines = std::cell::OnceCell::new();
    let lines = || lines.get_or_init(|| Lines::new(text, format));
    let problems = validate::structure(template);
    let too_deep = problems.iter().any(|p| matches!(p, validate::Problem::TooDeep { .. }));
    let structural: Vec<Item> = problems
        .into_iter()
        .map(|problem| {
            let message = problem.to_string();
            // The resource the message is about, when it starts with `Resources.<id>`.
            let resource =
                message.strip_prefix("Resources.").and_then(|rest| rest.split(['.', ':']).next()).unwrap_or("");
            let resource =
                if template.resources().contains_key(resource) { resource.to_owned() } else { String::new() };
            let line = if resource.is_empty() { None } else { lines().resource(&resource) };
            Item::new(Level::Error, INVALID_TEMPLATE.to_owned(), resource, line, message, None)
        })
        .collect();
    (structural, too_deep)
}

/// The check's report on `template`, with the structural problems, placed in the text.
fn place(
    template: &Template,
    text: &str,
    format: SourceFormat,
    structural: Vec<Item>,
    report: check::Report,
) -> Checked {
    let lines = std::cell::OnceCell::new();
    let lines = || lines.get_or_init(|| Lines::new(text, format));
    let item = |finding: Finding, level: Level| {
        let fix = fix::for_finding(&finding, format);
        let line = lines().resource(&finding.logical_id);
        Item::new(level, finding.rule.id().to_owned(), finding.logical_id, line, finding.message, fix)
    };
    // The check lists errors and warnings apart, each in the template's order; the report puts
    // them back in one order (by resource, then errors first), so a reader walks the file once.
    let mut findings: Vec<Item> = report
        .errors
        .into_iter()
        .map(|f| item(f, Level::Error))
        .chain(report.warnings.into_iter().map(|f| item(f, Level::Warning)))
        .collect();
    findings.extend(report.invalid_suppressions.into_iter().map(|(resource, message)| {
        let line = lines().resource(&resource);
        Item::new(Level::Error, INVALID_SUPPRESSION.to_owned(), resource, line, message, None)
    }));
    findings.extend(structural);
    let position = |id: &str| template.resources().get_index_of(id).unwrap_or(usize::MAX);
    findings.sort_by_key(|i| (position(&i.resource), i.level == Level::Warning));
    let suppressed =
        report.suppressed.into_iter().map(|(f, reason)| Suppressed { item: item(f, Level::Warning), reason }).collect();
    Checked { format, findings, suppressed }
}

/// Audits the stacks an app's `manifest.json` lists (schema `typed-cfn-app/1`) as one app: each
/// template is read and validated on its own, then the app-wide final-template check
/// ([`cfn_model::app::check_written`]) runs over all of them, with each `Fn::ImportValue` of
/// another stack's export resolved; every finding is reported in the file of the stack that
/// declares the resource. A stack's scope is `--scope`, else the manifest's. A manifest that
/// does not read is one unreadable input.
pub fn audit_app(manifest: &Path, scope: Option<Scope>, roots: &Roots) -> Vec<FileReport> {
    let stacks = match app_stacks(manifest, roots) {
        Ok(stacks) => stacks,
        Err(why) => {
            return vec![FileReport {
                path: manifest.display().to_string(),
                outcome: Outcome::Unreadable(why),
                app: None,
            }];
        }
    };
    let dir = manifest.parent().unwrap_or(Path::new(""));
    let files: Vec<StackFile> = stacks
        .into_iter()
        .map(|(name, file, manifest_scope)| {
            let path = dir.join(file);
            let read = read_stack(&path, scope.or(manifest_scope), roots);
            StackFile { name, path, read }
        })
        .collect();
    // A template with a value too deep for the check to walk is reported alone.
    let together = files
        .iter()
        .filter_map(|f| f.read.as_ref().ok().filter(|r| !r.too_deep).map(|r| (f.name.clone(), r.template.clone())))
        .collect();
    let mut reports = cfn_model::app::check_written(together);
    files
        .into_iter()
        .map(|file| {
            let outcome = match file.read {
                Err(why) => Outcome::Unreadable(why),
                Ok(read) => {
                    let report = reports.shift_remove(&file.name).unwrap_or_default();
                    Outcome::Checked(place(&read.template, &read.text, read.format, read.structural, report))
                }
            };
            let app = Some(AppMember { manifest: manifest.display().to_string(), stack: file.name });
            FileReport { path: file.path.display().to_string(), outcome, app }
        })
        .collect()
}

/// One stack of an app: its file, and what it holds when it reads.
struct StackFile {
    name: String,
    path: PathBuf,
    read: Result<ReadStack, String>,
}

/// A stack's template as read, scoped, with what CloudFormation refuses in it on its own.
struct ReadStack {
    text: String,
    format: SourceFormat,
    template: Template,
    structural: Vec<Item>,
    too_deep: bool,
}

fn read_stack(path: &Path, scope: Option<Scope>, roots: &Roots) -> Result<ReadStack, String> {
    let (text, format) = source::read(path, roots).map_err(NotRead::into_message)?;
    let template = scoped(parse(&text, format)?, scope);
    let (structural, too_deep) = structure(&template, &text, format);
    Ok(ReadStack { text, format, template, structural, too_deep })
}

/// The stacks a manifest lists: name, template file (a plain name beside the manifest) and the
/// scope it records.
fn app_stacks(manifest: &Path, roots: &Roots) -> Result<Vec<(String, String, Option<Scope>)>, String> {
    let (text, _) = source::read(manifest, roots).map_err(NotRead::into_message)?;
    let doc: serde_json::Value = serde_json::from_str(&text).map_err(|e| format!("not JSON: {e}"))?;
    if doc["schema"] != cfn_model::app::MANIFEST_SCHEMA {
        return Err(format!("not an app manifest (its `schema` is not `{}`)", cfn_model::app::MANIFEST_SCHEMA));
    }
    let stacks = doc["stacks"].as_array().ok_or("an app manifest without `stacks`")?;
    stacks
        .iter()
        .map(|stack| {
            let name = stack["name"].as_str().ok_or("a stack of the manifest has no `name`")?;
            let file = stack["template"]
                .as_str()
                .ok_or_else(|| format!("stack `{name}` of the manifest has no `template`"))?;
            // The manifest is input and may have been edited: only files beside it are read.
            if file.is_empty() || file.contains(['/', '\\']) || file == "." || file == ".." {
                return Err(format!("stack `{name}`: template `{file}` is not a file name beside the manifest"));
            }
            let scope = match stack["scope"].as_str() {
                Some(s) if s == <Pci as cfn_model::secure::Compliance>::NAME => Some(Scope::Pci),
                Some(s) if s == <Hipaa as cfn_model::secure::Compliance>::NAME => Some(Scope::Hipaa),
                _ => None,
            };
            Ok((name.to_owned(), file.to_owned(), scope))
        })
        .collect()
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
            keys.iter()
                .any(|key| trimmed.strip_prefix(key.as_str()).is_some_and(|rest| rest.trim_start().starts_with(':')))
        };
        let at_indent = |line: &str| self.indent.is_none_or(|i| line.len() - line.trim_start().len() == i);
        let found = |strict: bool| {
            self.lines
                .iter()
                .enumerate()
                .skip(self.first)
                .find(|(_, line)| is_key(line) && (!strict || at_indent(line)))
                .map(|(n, _)| n + 1)
        };
        // At the resources' indentation first; anywhere after `Resources` (compact JSON) else.
        found(true).or_else(|| found(false))
    }
}
