//! Apps of many stacks: named stacks in one program, with typed references between them.
//!
//! Build each stack as usual — a [`Template`] or a scoped `Stack<C>` —
//! and use the handles of one stack in another: a key's `arn()` from the security stack given to
//! a log group of the application stack keeps its type, so `LogGroup::kms_key_id` still demands
//! the Logs grant. [`App::emit`] turns each such reference into what CloudFormation deploys:
//!
//! - between stacks deployed on their own, an output with an `Export` in the stack that holds
//!   the resource and `Fn::ImportValue` in the one that uses it, and an order (the importer after
//!   the exporter; a circle is an error that names the stacks);
//! - within a tree of nested stacks ([`App::add_nested`]), outputs up and parameters down;
//! - a stack of a StackSet ([`App::add_stack_set`]) may not refer to other stacks, nor they to
//!   it: its instances run in other accounts.
//!
//! References are resolved by logical ID: a `Ref`, an `Fn::GetAtt`, or a `${Name.Attribute}` in
//! an `Fn::Sub` string naming a resource the stack does not declare is looked up in the app's
//! other stacks. Each resource's logical ID must therefore be unique in the app (a repeated one
//! is an error naming the stacks); a reference no stack can answer is an error that names the
//! app, never a dangling `Ref`.
//!
//! A reference may stand in resource properties, `Metadata`, `CreationPolicy`, `UpdatePolicy`
//! and output values; a `DependsOn` on another stack's resource becomes the deploy order. In
//! `Conditions`, `Rules` and an export's name CloudFormation takes parameters only: there a
//! value reaches only a stack nested under the one that holds it (as a parameter), and is
//! refused elsewhere ([`AppProblem::ParametersOnly`]). A list (a list attribute, a `List<…>`
//! parameter) crosses as one string, `Fn::Join`ed with `||` where it leaves its stack and
//! `Fn::Split` where it is used.
//!
//! Parameter values for the deployment ([`App::parameter_value`]) go into `deploy.sh`, the
//! parent's `AWS::CloudFormation::Stack` or the `AWS::CloudFormation::StackSet`, and the
//! manifest. [`check_written`] runs the app-wide check over an app read back from its directory.
//!
//! Export names are `{app}-{stack}-{LogicalId}` for a `Ref` and
//! `{app}-{stack}-{LogicalId}-{Attribute}` for an `Fn::GetAtt` (dots of the attribute become
//! hyphens), where `{app}-{stack}` is also the deployed stack's name ([`App::export_name`]).
//!
//! The final-template check ([`crate::check`]) runs once over every stack together, so a key
//! policy in one stack is judged for the log groups of another; each resource is held to the
//! compliance scope of its own stack, or to the app's ([`App::with_scope`]).
//!
//! ```
//! # #[cfg(all(feature = "logs", feature = "kms"))] {
//! use cfn_model::app::App;
//! use cfn_model::resources::logs::LogGroup;
//! use cfn_model::secure::{KeyPolicy, KmsKey, LogsGrant};
//! use cfn_model::{Format, Template};
//!
//! let mut keys = Template::new();
//! let key = keys.add("LogsKey", KmsKey::new(KeyPolicy::account_root().grant_logs(LogsGrant::account_wide())));
//! let mut service = Template::new();
//! service.add("ServiceLogs", LogGroup::new().kms_key_id(key.arn()));
//!
//! let mut app = App::new("shop");
//! app.add_stack("keys", keys);
//! app.add_stack("service", service);
//! let emitted = app.emit(Format::Json)?;
//! assert_eq!(emitted.order, ["keys", "service"]);
//! assert!(emitted.file("service.json").unwrap().contains(r#""Fn::ImportValue": "shop-keys-LogsKey-Arn""#));
//! # }
//! # Ok::<(), cfn_model::app::AppError>(())
//! ```

mod dir;
mod error;
mod manifest;
mod order;
mod route;
mod stack_set;
mod values;
mod written;

pub use error::{AppError, AppProblem};
pub use manifest::MANIFEST_SCHEMA;
pub use stack_set::StackSet;
pub use written::check_written;

use std::collections::HashMap;
use std::path::Path;

use indexmap::IndexMap;

use crate::format::Format;
use crate::node::Node;
use crate::stack::Compliance;
use crate::template::resource::Tagging;
use crate::template::{ResourceDecl, Template};
use crate::validate::{self, Problem, Warning};

/// Characters of a CloudFormation stack name.
const STACK_NAME_LENGTH: usize = 128;
/// Characters of an export name.
const EXPORT_NAME_LENGTH: usize = 255;

/// Named stacks deployed together, with references between them (see the [module](self)).
#[derive(Debug, Clone)]
pub struct App {
    name: String,
    scope: Option<&'static str>,
    stacks: IndexMap<String, Entry>,
    duplicates: Vec<String>,
    /// Parameter values for the deployment, by stack ([`App::parameter_value`]).
    values: IndexMap<String, IndexMap<String, String>>,
}

#[derive(Debug, Clone)]
struct Entry {
    template: Template,
    kind: Kind,
}

#[derive(Debug, Clone)]
enum Kind {
    /// Deployed on its own.
    Top,
    /// A child of `parent` (`AWS::CloudFormation::Stack`).
    Nested { parent: String },
    /// Rolled out by a StackSet declared in `management`.
    Member { management: String, set: StackSet },
}

/// A stack of an app, as [`App::add_stack`] gives it back: the parent of nested stacks and the
/// management stack of StackSets are named by it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StackRef {
    name: String,
}

impl StackRef {
    /// The stack's name in the app.
    pub fn name(&self) -> &str {
        &self.name
    }
}

/// One file of an emitted app.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AppFile {
    /// The file's name in the app's directory.
    pub path: String,
    /// Its contents.
    pub contents: String,
}

/// An app that passed validation and the app-wide check, as the files of its directory.
#[derive(Debug, Clone, PartialEq)]
pub struct EmittedApp {
    /// One template per stack, `manifest.json` and `deploy.sh`, in that order.
    pub files: Vec<AppFile>,
    /// The top-level stacks in the order they must be deployed.
    pub order: Vec<String>,
    /// What does not stop deployment, by stack.
    pub warnings: Vec<(String, Warning)>,
}

impl EmittedApp {
    /// The contents of the file named `path`, if the app has one.
    pub fn file(&self, path: &str) -> Option<&str> {
        self.files.iter().find(|f| f.path == path).map(|f| f.contents.as_str())
    }
}

impl App {
    /// An app named `name`: the prefix of its deployed stack names and export names (letters,
    /// digits and hyphens, starting with a letter).
    pub fn new(name: impl Into<String>) -> Self {
        App { name: name.into(), scope: None, stacks: IndexMap::new(), duplicates: Vec::new(), values: IndexMap::new() }
    }

    /// Holds every stack that has no compliance scope of its own to `C` in the final-template
    /// check (a `Stack<C>` is checked at compile time as well; a plain `Template` at emit only).
    pub fn with_scope<C: Compliance>(mut self) -> Self {
        self.scope = Some(C::NAME);
        self
    }

    /// The app's name.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// Adds a stack deployed on its own, as `{app}-{name}`.
    pub fn add_stack(&mut self, name: &str, template: impl Into<Template>) -> StackRef {
        self.insert(name, template.into(), Kind::Top)
    }

    /// Adds a stack nested in `parent`: an `AWS::CloudFormation::Stack` resource of the parent
    /// (logical ID `{Name}Stack`) whose `TemplateURL` is the child's file beside the parent's
    /// (`./{name}.json`, for `aws cloudformation package` to upload). References between the two
    /// become outputs of the child (`Fn::GetAtt Child.Outputs.…` in the parent) and parameters of
    /// the child (set by the parent), typed as the handles they come from.
    pub fn add_nested(&mut self, parent: &StackRef, name: &str, template: impl Into<Template>) -> StackRef {
        self.insert(name, template.into(), Kind::Nested { parent: parent.name.clone() })
    }

    /// Adds a stack rolled out to many accounts and Regions: an `AWS::CloudFormation::StackSet`
    /// resource of `management` (logical ID `{Name}StackSet`) with the stack's template inline
    /// (`TemplateBody`), or by [`StackSet::template_url`].
    pub fn add_stack_set(
        &mut self,
        management: &StackRef,
        name: &str,
        template: impl Into<Template>,
        set: StackSet,
    ) -> StackRef {
        self.insert(name, template.into(), Kind::Member { management: management.name.clone(), set })
    }

    /// Gives parameter `parameter` of stack `stack` the value `value` for the deployment (a
    /// list's items joined with commas, as CloudFormation takes them); a second value for the
    /// same parameter replaces the first.
    ///
    /// Where the value goes depends on the stack: `--parameter-overrides` of its command in
    /// `deploy.sh` (shell-quoted: spaces, quotes, `$` and newlines stay literal) for a stack
    /// deployed on its own; the `Parameters` of its `AWS::CloudFormation::Stack` in the parent
    /// for a nested stack; the `Parameters` of its `AWS::CloudFormation::StackSet` for a
    /// StackSet's. `manifest.json` lists it as the parameter's `value` in every case.
    ///
    /// [`App::emit`] refuses a value for a parameter the stack does not declare, for a `NoEcho`
    /// parameter (the value would be written in plain text), and one the parameter's
    /// declaration refuses (`AllowedValues`, a number, `MinValue`/`MaxValue`,
    /// `MinLength`/`MaxLength`).
    ///
    /// ```
    /// use cfn_model::app::App;
    /// use cfn_model::{Format, Parameter, RawResource, Template};
    ///
    /// let mut service = Template::new();
    /// service.parameter("Motd", Parameter::string());
    /// service.add_raw("Handle", RawResource::new("AWS::CloudFormation::WaitConditionHandle"));
    /// let mut app = App::new("shop");
    /// let stack = app.add_stack("service", service);
    /// app.parameter_value(&stack, "Motd", "it's $5");
    /// let emitted = app.emit(Format::Json)?;
    /// assert!(emitted.file("deploy.sh").unwrap().contains(r"--parameter-overrides 'Motd=it'\''s $5'"));
    /// # Ok::<(), cfn_model::app::AppError>(())
    /// ```
    pub fn parameter_value(&mut self, stack: &StackRef, parameter: &str, value: impl Into<String>) -> &mut Self {
        self.values.entry(stack.name.clone()).or_default().insert(parameter.to_owned(), value.into());
        self
    }

    fn insert(&mut self, name: &str, template: Template, kind: Kind) -> StackRef {
        if self.stacks.contains_key(name) {
            self.duplicates.push(name.to_owned());
        } else {
            self.stacks.insert(name.to_owned(), Entry { template, kind });
        }
        StackRef { name: name.to_owned() }
    }

    /// The template of stack `name`, as added.
    pub fn template(&self, name: &str) -> Option<&Template> {
        self.stacks.get(name).map(|e| &e.template)
    }

    /// The name under which stack `stack` exports resource `logical_id` (its `Ref`, or
    /// `Fn::GetAtt` of `attribute`): `{app}-{stack}-{LogicalId}[-{Attribute}]`, the attribute's
    /// dots (`Endpoint.Address`) written as hyphens. App and stack names are letters, digits and
    /// hyphens, logical IDs letters and digits, so the name keeps to what CloudFormation takes
    /// in an export name (letters, digits, hyphens and colons).
    pub fn export_name(&self, stack: &str, logical_id: &str, attribute: Option<&str>) -> String {
        let mut name = format!("{}-{stack}-{logical_id}", self.name);
        if let Some(attribute) = attribute {
            name.push('-');
            name.extend(attribute.chars().map(|c| if c.is_ascii_alphanumeric() { c } else { '-' }));
        }
        name
    }

    /// The file a stack's template is written to.
    fn file_name_in(&self, stack: &str, format: Format) -> String {
        let extension = if format == Format::Yaml { "yaml" } else { "json" };
        format!("{stack}.{extension}")
    }

    /// The file a stack's template is written to in JSON (nested stacks' `TemplateURL`s are
    /// rewritten for YAML when the app is emitted).
    fn file_name(&self, stack: &str) -> String {
        self.file_name_in(stack, Format::Json)
    }

    /// Validates the app and writes every file of its directory.
    ///
    /// Validation covers each stack's template (as for [`Template::emit`]), the app's own rules
    /// (names, unique logical IDs, references every stack can resolve, no circle of imports, the
    /// 500-resource limit with the group to move out) and the final-template check over all
    /// stacks at once.
    pub fn emit(&self, format: Format) -> Result<EmittedApp, AppError> {
        let mut problems = self.check_names();
        // A value nested too deep to write is reported before anything walks the stacks
        // (routing and the checks recurse into values).
        for (stack, entry) in &self.stacks {
            for problem in validate::nesting(&entry.template) {
                problems.push(AppProblem::Stack { stack: stack.clone(), problem });
            }
        }
        if !problems.is_empty() {
            // The stacks' names and places in the tree are what everything below is built on.
            return Err(AppError::Invalid { app: self.name.clone(), problems });
        }
        let owners = route::Owners::of(self, &mut problems);
        problems.extend(route::conditions_across(self));
        let routed = route::route(self, &owners, &mut problems);
        let tops: Vec<String> =
            self.stacks.iter().filter(|(_, e)| matches!(e.kind, Kind::Top)).map(|(n, _)| n.clone()).collect();
        let order = match order::deploy_order(&tops, &routed.edges) {
            Ok(order) => order,
            Err(cycle) => {
                problems.push(cycle);
                tops.clone()
            }
        };
        for export in &routed.exports {
            if export.name.len() > EXPORT_NAME_LENGTH {
                problems.push(AppProblem::ExportNameTooLong { name: export.name.clone() });
            }
        }
        // Export names the app writes and the stacks' own, each once in the account and Region.
        let mut exported: IndexMap<&str, Vec<String>> = IndexMap::new();
        for (stack, template) in &routed.templates {
            for (id, output) in &template.outputs {
                if let Some(Node::String(name)) = &output.export_name {
                    exported.entry(name.as_str()).or_default().push(format!("{stack}.{id}"));
                }
            }
        }
        for (name, outputs) in exported.into_iter().filter(|(_, o)| o.len() > 1) {
            problems.push(AppProblem::DuplicateExport { name: name.to_owned(), outputs });
        }
        let mut templates = routed.templates;
        problems.extend(values::check(self));
        values::set_nested(self, &mut templates);
        if format == Format::Yaml {
            for template in templates.values_mut() {
                for decl in template.resources.values_mut() {
                    if decl.resource_type == "AWS::CloudFormation::Stack"
                        && let Some(Node::String(url)) = decl.properties.map_mut().get_mut("TemplateURL")
                        && url.starts_with("./")
                        && url.ends_with(".json")
                    {
                        url.truncate(url.len() - ".json".len());
                        url.push_str(".yaml");
                    }
                }
            }
        }
        let warnings = self.check_all(&templates, &mut problems);
        self.add_stack_sets(&mut templates, &mut problems);
        // References the app already reported are not repeated as missing from the template.
        let reported: Vec<(String, String)> = problems
            .iter()
            .filter_map(|p| match p {
                AppProblem::UnknownReference { stack, target, .. }
                | AppProblem::StackSetReference { stack, target, .. }
                | AppProblem::ParametersOnly { stack, target, .. }
                | AppProblem::NoEchoAcross { stack, parameter: target, .. }
                | AppProblem::AmbiguousParameter { stack, parameter: target, .. } => {
                    Some((stack.clone(), target.clone()))
                }
                AppProblem::ListInString { stack, target, .. } => {
                    Some((stack.clone(), target.split('.').next().unwrap_or_default().to_owned()))
                }
                _ => None,
            })
            .collect();
        let conditions: Vec<(String, String)> = problems
            .iter()
            .filter_map(|p| match p {
                AppProblem::ConditionAcross { stack, condition, .. } => Some((stack.clone(), condition.clone())),
                _ => None,
            })
            .collect();
        for (stack, template) in &templates {
            let structural = validate::structure(template);
            for problem in structural {
                match problem {
                    Problem::MissingTarget { ref target, .. }
                        if reported.iter().any(|(s, t)| s == stack && t == target) => {}
                    Problem::MissingCondition { ref name, .. }
                        if conditions.iter().any(|(s, c)| s == stack && c == name) => {}
                    problem => problems.push(AppProblem::Stack { stack: stack.clone(), problem }),
                }
            }
        }
        if !problems.is_empty() {
            return Err(AppError::Invalid { app: self.name.clone(), problems });
        }
        let mut files = Vec::new();
        let mut sizes = IndexMap::new();
        let mut all_warnings = values::missing(self);
        all_warnings.extend(warnings);
        for (stack, template) in &templates {
            match template.write(format, Vec::new()) {
                Ok(emitted) => {
                    sizes.insert(stack.clone(), emitted.body.len());
                    all_warnings.extend(emitted.warnings.into_iter().map(|w| (stack.clone(), w)));
                    files.push(AppFile { path: self.file_name_in(stack, format), contents: emitted.body });
                }
                Err(error) => problems.push(AppProblem::Write { stack: stack.clone(), error }),
            }
        }
        if !problems.is_empty() {
            return Err(AppError::Invalid { app: self.name.clone(), problems });
        }
        // Only a parameter default the JSON writer refuses fails here, and writing that stack's
        // template above refused it first.
        let manifest =
            manifest::manifest(self, &templates, &routed.exports, &routed.edges, &order, format).map_err(|error| {
                AppError::Invalid {
                    app: self.name.clone(),
                    problems: vec![AppProblem::Write { stack: "manifest.json".to_owned(), error }],
                }
            })?;
        files.push(AppFile { path: "manifest.json".to_owned(), contents: manifest });
        files.push(AppFile {
            path: "deploy.sh".to_owned(),
            contents: manifest::deploy_script(self, &templates, &sizes, &order, format),
        });
        Ok(EmittedApp { files, order, warnings: all_warnings })
    }

    /// Emits the app (see [`App::emit`]) and writes it into directory `dir` (created if needed),
    /// whole or not at all: every file is swapped in as one set by `files::write_files`,
    /// then the files of a previous version that this one no longer has (as its `manifest.json`
    /// listed them) are removed.
    pub fn write_dir(&self, dir: impl AsRef<Path>, format: Format) -> Result<EmittedApp, AppError> {
        let emitted = self.emit(format)?;
        let files: Vec<(String, String)> = emitted.files.iter().map(|f| (f.path.clone(), f.contents.clone())).collect();
        dir::write_whole(dir.as_ref(), &files)?;
        Ok(emitted)
    }

    /// The app's and the stacks' names, which become stack names (`{app}-{stack}`).
    fn check_names(&self) -> Vec<AppProblem> {
        let mut problems = Vec::new();
        if self.stacks.is_empty() {
            problems.push(AppProblem::NoStacks);
        }
        let mut names = vec![self.name.as_str()];
        names.extend(self.stacks.keys().map(String::as_str));
        for name in names {
            let reason = if name.is_empty() {
                Some("it is empty".to_owned())
            } else if !name.starts_with(|c: char| c.is_ascii_alphabetic()) {
                Some("it must start with a letter".to_owned())
            } else {
                name.chars()
                    .find(|c| !c.is_ascii_alphanumeric() && *c != '-')
                    .map(|c| format!("`{c}` is not allowed: use letters, digits and hyphens"))
            };
            if let Some(reason) = reason {
                problems.push(AppProblem::InvalidName { name: name.to_owned(), reason });
            }
        }
        for stack in self.stacks.keys() {
            let deployed = format!("{}-{stack}", self.name);
            if deployed.len() > STACK_NAME_LENGTH {
                problems.push(AppProblem::InvalidName {
                    name: stack.clone(),
                    reason: format!("the deployed stack name `{deployed}` is longer than CloudFormation's {STACK_NAME_LENGTH} characters"),
                });
            }
        }
        for name in &self.duplicates {
            problems.push(AppProblem::DuplicateStack { name: name.clone() });
        }
        // Each stack is a file of the app's directory: `manifest.json` is the manifest's, and a
        // file system that ignores case (macOS, Windows) holds `Keys.json` and `keys.json` as one.
        for (i, stack) in self.stacks.keys().enumerate() {
            if stack.eq_ignore_ascii_case("manifest") {
                problems.push(AppProblem::InvalidName {
                    name: stack.clone(),
                    reason: "its template would be written over the app's `manifest.json`; choose another name"
                        .to_owned(),
                });
            }
            if let Some(other) = self.stacks.keys().take(i).find(|o| o.eq_ignore_ascii_case(stack)) {
                problems.push(AppProblem::InvalidName {
                    name: stack.clone(),
                    reason: format!(
                        "it differs from stack `{other}` only in case, and their templates would be one file where case is ignored (macOS, Windows); choose another name"
                    ),
                });
            }
        }
        for (stack, entry) in &self.stacks {
            let parent = match &entry.kind {
                Kind::Nested { parent } => parent,
                Kind::Member { management, .. } => management,
                Kind::Top => continue,
            };
            let reason = match self.stacks.get(parent).map(|e| &e.kind) {
                None => Some(format!(
                    "its parent `{parent}` is not a stack of this app; add the parent with `App::add_stack` and pass the `StackRef` it returns"
                )),
                Some(Kind::Member { .. }) => Some(format!(
                    "its parent `{parent}` is deployed by a StackSet, whose template goes inline and cannot hold other stacks; choose a stack the app deploys itself"
                )),
                _ if self.lineage_loops(stack) => {
                    Some("it is its own ancestor; a tree of nested stacks has a top".to_owned())
                }
                _ => None,
            };
            if let Some(reason) = reason {
                problems.push(AppProblem::Placement { stack: stack.clone(), reason });
            }
        }
        problems
    }

    fn lineage_loops(&self, stack: &str) -> bool {
        let mut seen = vec![stack];
        let mut current = stack;
        while let Some(Entry { kind: Kind::Nested { parent } | Kind::Member { management: parent, .. }, .. }) =
            self.stacks.get(current)
        {
            if seen.contains(&parent.as_str()) {
                return true;
            }
            seen.push(parent);
            current = parent;
        }
        false
    }

    /// The compliance scope stack `stack` is held to.
    fn scope_of(&self, stack: &str) -> Option<&'static str> {
        self.stacks.get(stack).and_then(|e| e.template.scope).or(self.scope)
    }

    /// The final-template check over every stack at once, as problems and warnings by stack.
    fn check_all(
        &self,
        templates: &IndexMap<String, Template>,
        problems: &mut Vec<AppProblem>,
    ) -> Vec<(String, Warning)> {
        let mut warnings = Vec::new();
        for (stack, report) in self.check_by_stack(templates) {
            problems.extend(
                report
                    .errors
                    .into_iter()
                    .map(|finding| AppProblem::Finding { stack: stack.clone(), finding: Box::new(finding) }),
            );
            for (logical_id, message) in report.invalid_suppressions {
                problems.push(AppProblem::Stack {
                    stack: stack.clone(),
                    problem: Problem::InvalidSuppression { logical_id, message },
                });
            }
            warnings.extend(report.warnings.into_iter().map(|f| (stack.clone(), Warning::Finding(f))));
        }
        warnings
    }

    /// The final-template check over every stack at once: one view holding all resources (their
    /// logical IDs are unique in the app), each held to its own stack's scope; what it found,
    /// by the stack that declares the resource (every stack of the app has a report, in the
    /// app's order). `templates` adds the child stacks and StackSets an emitted app declares.
    fn check_by_stack(&self, templates: &IndexMap<String, Template>) -> IndexMap<String, crate::check::Report> {
        let mut merged = Template::new();
        let mut owner: HashMap<String, String> = HashMap::new();
        for (stack, entry) in &self.stacks {
            let t = &entry.template;
            for (id, decl) in &t.resources {
                if !merged.resources.contains_key(id) {
                    merged.resources.insert(id.clone(), decl.clone());
                    owner.insert(id.clone(), stack.clone());
                }
            }
            for (id, decl) in &t.parameters {
                merged.parameters.entry(id.clone()).or_insert_with(|| decl.clone());
            }
            for (id, condition) in &t.conditions {
                merged.conditions.entry(id.clone()).or_insert_with(|| condition.clone());
            }
            for (id, mapping) in &t.mappings {
                merged.mappings.entry(id.clone()).or_insert_with(|| mapping.clone());
            }
            // Exports written by hand (`Outputs.*.Export.Name`): an `Fn::ImportValue` of one in
            // another stack names what it carries.
            for (id, output) in t.outputs.iter().filter(|(_, output)| output.export_name.is_some()) {
                merged.outputs.insert(format!("{stack}.{id}"), output.clone());
            }
        }
        // The child stacks and StackSets the app adds are resources too (for `DependsOn`).
        for (stack, template) in templates {
            for (id, decl) in &template.resources {
                if !merged.resources.contains_key(id) {
                    merged.resources.insert(id.clone(), decl.clone());
                    owner.insert(id.clone(), stack.clone());
                }
            }
        }
        created_before_by_stack(&mut merged, &owner);
        let scope_of = |id: &str| owner.get(id).and_then(|stack| self.scope_of(stack));
        let report = crate::check::run_scoped(&merged, &scope_of);
        let mut by_stack: IndexMap<String, crate::check::Report> =
            self.stacks.keys().map(|s| (s.clone(), Default::default())).collect();
        // A StackSet's member again in each Region it deploys to: what differs by Region, on the
        // StackSet resource of the management stack.
        for (stack, entry) in &self.stacks {
            let Kind::Member { management, set } = &entry.kind else { continue };
            let id = route::child_logical_id(stack, "StackSet");
            let extra =
                crate::check::stack_set_regions(&id, &entry.template, set.regions(), self.scope_of(stack), &report);
            let target = by_stack.entry(management.clone()).or_default();
            target.errors.extend(extra.errors);
            target.warnings.extend(extra.warnings);
        }
        let stack_of = |id: &str| owner.get(id).cloned().unwrap_or_default();
        for finding in report.errors {
            by_stack.entry(stack_of(&finding.logical_id)).or_default().errors.push(finding);
        }
        for finding in report.warnings {
            by_stack.entry(stack_of(&finding.logical_id)).or_default().warnings.push(finding);
        }
        for (finding, reason) in report.suppressed {
            by_stack.entry(stack_of(&finding.logical_id)).or_default().suppressed.push((finding, reason));
        }
        for (logical_id, message) in report.invalid_suppressions {
            by_stack.entry(stack_of(&logical_id)).or_default().invalid_suppressions.push((logical_id, message));
        }
        by_stack
    }

    /// Each StackSet as a resource of its management stack, its member template inline.
    fn add_stack_sets(&self, templates: &mut IndexMap<String, Template>, problems: &mut Vec<AppProblem>) {
        for (stack, entry) in &self.stacks {
            let Kind::Member { management, set } = &entry.kind else { continue };
            let Some(member) = templates.get(stack) else { continue };
            let capabilities = manifest::capabilities(member);
            let mut properties = set.properties(&format!("{}-{stack}", self.name), &capabilities);
            let values = values::of(self, stack);
            if !values.is_empty() {
                properties.insert("Parameters".into(), values::stack_set_parameters(&values));
            }
            match set.url() {
                Some(url) => {
                    properties.insert("TemplateURL".into(), Node::string(url));
                }
                None => match member.write(Format::JsonCompact, Vec::new()) {
                    Ok(emitted) if emitted.body.len() <= validate::limits::INLINE_BODY_BYTES => {
                        properties.insert("TemplateBody".into(), Node::string(emitted.body.trim_end()));
                    }
                    Ok(emitted) => {
                        problems.push(AppProblem::StackSetTooLarge { stack: stack.clone(), bytes: emitted.body.len() })
                    }
                    Err(error) => problems.push(AppProblem::Write { stack: stack.clone(), error }),
                },
            }
            let mut decl = ResourceDecl {
                resource_type: "AWS::CloudFormation::StackSet".to_owned(),
                properties: Default::default(),
                attributes: Default::default(),
                tagging: Tagging::None,
            };
            *decl.properties.map_mut() = properties;
            if let Some(parent) = templates.get_mut(management) {
                parent.resources.insert(route::child_logical_id(stack, "StackSet"), decl);
            }
        }
    }
}

/// A stack that names another stack's resources (an import, a value passed down or up, a
/// `DependsOn`) is created only after that stack has finished, so each of its resources is
/// created after every resource of that stack, and of the stacks that one waits for in turn
/// (<https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/using-cfn-stack-exports.html>:
/// an export cannot be imported before its stack has created it). In the merged view the check
/// reads, that order is written as `DependsOn`, so the rules that ask whether a resource is
/// created after another (a delivery after its target's policy) see it.
fn created_before_by_stack(merged: &mut Template, owner: &HashMap<String, String>) {
    let mut waits_for: HashMap<&str, std::collections::BTreeSet<&str>> = HashMap::new();
    for (id, decl) in &merged.resources {
        let Some(stack) = owner.get(id) else { continue };
        let properties = decl.properties.to_node();
        let named: Vec<String> = crate::reference::mentions(&properties)
            .iter()
            .map(|m| m.name.to_owned())
            .chain(decl.attributes.depends_on.iter().cloned())
            .collect();
        for name in named {
            if let Some(other) = owner.get(&name).filter(|other| *other != stack) {
                waits_for.entry(stack.as_str()).or_default().insert(other.as_str());
            }
        }
    }
    // The stacks each stack waits for, directly or through others.
    let mut closure: HashMap<&str, std::collections::BTreeSet<&str>> = HashMap::new();
    for &stack in waits_for.keys() {
        let mut seen = std::collections::BTreeSet::new();
        let mut next: Vec<&str> = vec![stack];
        while let Some(current) = next.pop() {
            for &other in waits_for.get(current).into_iter().flatten() {
                if other != stack && seen.insert(other) {
                    next.push(other);
                }
            }
        }
        closure.insert(stack, seen);
    }
    let earlier: Vec<(String, Vec<String>)> = merged
        .resources
        .keys()
        .filter_map(|id| {
            let before = closure.get(owner.get(id)?.as_str())?;
            let ids = merged
                .resources
                .keys()
                .filter(|other| owner.get(*other).is_some_and(|s| before.contains(s.as_str())))
                .cloned()
                .collect::<Vec<_>>();
            Some((id.clone(), ids))
        })
        .collect();
    for (id, before) in earlier {
        if let Some(decl) = merged.resources.get_mut(&id) {
            for other in before {
                if !decl.attributes.depends_on.contains(&other) {
                    decl.attributes.depends_on.push(other);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn export_names_keep_to_what_cloudformation_takes() {
        let app = App::new("shop");
        assert_eq!(app.export_name("data", "Database", None), "shop-data-Database");
        assert_eq!(
            app.export_name("data", "Database", Some("Endpoint.Address")),
            "shop-data-Database-Endpoint-Address"
        );
    }
}
