//! The final-template check: what AWS will decide when the template is deployed, for the
//! integrations the guard table lists (`cfn_guards::INTEGRATIONS`).
//!
//! Types stop the documented mistakes at compile time; this check sees the template as
//! CloudFormation will, however it was made — typed, raw, parsed from a file, or assembled by
//! hand — and runs every time a template is emitted. It resolves each guarded reference (a log
//! group's `KmsKeyId`, a database's log exports, …) to its target in the template and evaluates
//! the target's policy the way the service's request would be evaluated
//! ([`crate::policy::eval`]). A finding names the resource, what AWS will do, and the fix.
//!
//! A finding a person has judged can be suppressed by rule ID with a reason, in the resource's
//! `Metadata` (as cdk-nag and checkov suppressions are):
//!
//! ```yaml
//! Metadata:
//!   typed-cfn:
//!     suppress:
//!       - rule: service-log-group-missing
//!         reason: the function's group is created by the logging stack
//! ```
//!
//! [`crate::Attributes::suppress`] writes that entry for typed code.

mod deliveries;
mod fixes;
mod key_users;
mod logs;
mod regions;
mod resolve;
pub mod rule;
mod rules;
mod scope;
mod spelling;
mod stack_sets;
mod views;

use std::fmt;

use crate::node::Node;
use crate::reference::ResourceRef;
use crate::template::Template;

pub use crate::rule_id::{METADATA_KEY, RuleId};
pub use rule::{Descriptor, FixShown, Level, Rule};

/// What the check found in one resource: what AWS will do, and the fix.
#[derive(Debug, Clone, PartialEq)]
pub struct Finding {
    /// The rule.
    pub rule: Rule,
    /// The resource's logical ID.
    pub logical_id: String,
    /// What AWS will do and how to fix it, in the template's terms (properties, statements,
    /// intrinsic functions): what `typed-cfn audit` shows for a JSON or YAML template.
    pub message: String,
    /// How typed code writes the fix (a constructor, a grant, a method), where the rule names one,
    /// as the words typed code's errors insert into the message ([`Finding::full_message`]); the
    /// audit of a JSON or YAML template does not show them.
    pub typed_hint: Option<String>,
    /// The bytes of `message` the typed hint takes the place of, in typed code's errors (words
    /// in the template's terms, or none).
    pub(crate) hint_at: std::ops::Range<usize>,
    /// The resources of the template the finding is about besides its own, as its properties
    /// name them ([`crate::reference`]): a log group's key, a delivery's topic, queue or bucket.
    pub targets: Vec<ResourceRef>,
    /// The fix as template text to add or change, where the rule can write it
    /// ([`FixShown::TemplateText`]): `typed-cfn audit` shows it in the file's own format.
    pub fix: Option<Box<TemplateFix>>,
}

/// A finding's fix as a value of the template: what to add or change, and where.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum TemplateFix {
    /// Statements to add to a policy of the template: the `property` (`KeyPolicy`,
    /// `PolicyDocument`, `AssumeRolePolicyDocument`) of the resource `policy_of`.
    Statement {
        /// The logical ID of the resource whose policy takes the statement.
        policy_of: String,
        /// The property of that resource holding the policy document.
        property: String,
        /// The statements, in their order (most fixes are one).
        statements: Vec<Node>,
    },
    /// A resource to add to the template's `Resources`.
    Resource {
        /// Its logical ID.
        logical_id: String,
        /// The resource: `Type` and `Properties`.
        resource: Node,
    },
    /// A property of a resource to set to `value` (added, or replacing what is there).
    Property {
        /// The logical ID of the resource.
        resource: String,
        /// The property's path under `Properties`: a name, then the names of nested fields or the
        /// indices of list items (`["Targets", "0", "Arn"]`).
        path: Vec<String>,
        /// The value to set.
        value: Node,
    },
    /// Logical IDs to add to a resource's `DependsOn`.
    DependsOn {
        /// The logical ID of the resource that must wait.
        resource: String,
        /// The resources it must be created after.
        on: Vec<String>,
    },
}

impl TemplateFix {
    /// Applies the fix to `template`, as a person pasting it would. `None` when the place it names
    /// is not in the template (a resource or policy not found, a path through a value that is not
    /// a map or list): the fix is shown, never applied blindly.
    pub fn apply(&self, template: &Template) -> Option<Template> {
        let mut fixed = template.clone();
        match self {
            TemplateFix::Statement { policy_of, property, statements: added } => {
                let decl = fixed.resources.get_mut(policy_of)?;
                let document = decl.properties.map_mut().get_mut(property.as_str())?;
                let Node::Map(document) = document else { return None };
                match document.get_mut("Statement")? {
                    Node::List(statements) => statements.extend(added.iter().cloned()),
                    one @ Node::Map(_) => {
                        let first = std::mem::take(one);
                        *one = Node::List(std::iter::once(first).chain(added.iter().cloned()).collect());
                    }
                    _ => return None,
                }
            }
            TemplateFix::Resource { logical_id, resource } => {
                if fixed.resources.contains_key(logical_id) {
                    return None;
                }
                let mut resources = crate::node::NodeMap::new();
                resources.insert(logical_id.clone(), resource.clone());
                let mut root = crate::node::NodeMap::new();
                root.insert("Resources".to_owned(), Node::Map(resources));
                let added = Template::from_node(Node::Map(root)).ok()?;
                let (id, decl) = added.resources.into_iter().next()?;
                fixed.resources.insert(id, decl);
            }
            TemplateFix::Property { resource, path, value } => {
                let decl = fixed.resources.get_mut(resource)?;
                let (last, parents) = path.split_last()?;
                let properties = decl.properties.map_mut();
                let mut parents = parents.iter();
                let Some(first) = parents.next() else {
                    properties.insert(last.clone(), value.clone());
                    return Some(fixed);
                };
                let mut node = properties.get_mut(first.as_str())?;
                for step in parents {
                    node = match node {
                        Node::Map(map) => map.get_mut(step.as_str())?,
                        Node::List(items) => items.get_mut(step.parse::<usize>().ok()?)?,
                        _ => return None,
                    };
                }
                match node {
                    Node::Map(map) => {
                        map.insert(last.clone(), value.clone());
                    }
                    Node::List(items) => *items.get_mut(last.parse::<usize>().ok()?)? = value.clone(),
                    _ => return None,
                }
            }
            TemplateFix::DependsOn { resource, on } => {
                let decl = fixed.resources.get_mut(resource)?;
                for id in on {
                    if !decl.attributes.depends_on.contains(id) {
                        decl.attributes.depends_on.push(id.clone());
                    }
                }
            }
        }
        Some(fixed)
    }
}

impl Finding {
    /// A finding whose message may hold its typed hint between [`HINT_START`] and [`HINT_END`].
    fn new(rule: Rule, logical_id: &str, targets: Vec<ResourceRef>, message: String) -> Self {
        let (message, typed_hint, hint_at) = split_hint(message);
        Finding { rule, logical_id: logical_id.to_owned(), message, typed_hint, hint_at, targets, fix: None }
    }

    /// The message as typed code's errors show it: the message with the typed hint, if any.
    pub fn full_message(&self) -> String {
        match &self.typed_hint {
            Some(hint) => {
                let before = self.message.get(..self.hint_at.start).unwrap_or(&self.message);
                let after = self.message.get(self.hint_at.end..).unwrap_or("");
                format!("{before}{hint}{after}")
            }
            None => self.message.clone(),
        }
    }
}

/// Marks the start of the typed hint in a rule's message: the words from it to [`HINT_END`] name
/// the typed API (typed code's errors show them; the audit of a JSON or YAML template does not).
pub(crate) const HINT_START: char = '⟦';
/// Marks the end of the typed hint in a rule's message.
pub(crate) const HINT_END: char = '⟧';
/// Within the marks, separates the typed hint from the words in the template's terms that only
/// the template's message holds in its place: `⟦typed‖template⟧`.
pub(crate) const HINT_OR: char = '‖';

/// The message in the template's terms, the typed hint, and the bytes of the message it replaces.
fn split_hint(message: String) -> (String, Option<String>, std::ops::Range<usize>) {
    let Some(start) = message.find(HINT_START) else { return (message, None, 0..0) };
    let rest = &message[start + HINT_START.len_utf8()..];
    let (marked, after) = rest.split_once(HINT_END).unwrap_or((rest, ""));
    let (hint, template) = marked.split_once(HINT_OR).unwrap_or((marked, ""));
    let replaced = start..start + template.len();
    (format!("{}{template}{after}", &message[..start]), Some(hint.to_owned()), replaced)
}

impl fmt::Display for Finding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Resources.{}: {} [{}]", self.logical_id, self.full_message(), self.rule)
    }
}

/// Everything the check found in a template.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Report {
    /// Findings that stop the template: AWS will refuse it, or a scoped stack breaks its regime.
    pub errors: Vec<Finding>,
    /// Findings worth knowing that do not stop it (outside a scoped stack).
    pub warnings: Vec<Finding>,
    /// Findings suppressed in the resource's `Metadata`, with the reason given.
    pub suppressed: Vec<(Finding, String)>,
    /// Suppressions that cannot be taken: an unknown rule ID, no reason.
    pub invalid_suppressions: Vec<(String, String)>,
}

/// How much a finding weighs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Severity {
    Error,
    Warning,
}

/// Collects findings while the rules run.
pub(crate) struct Findings<'t> {
    /// The compliance regime each resource is held to (one for a template; per stack in an app).
    scope_of: &'t dyn Fn(&str) -> Option<&'static str>,
    found: Vec<(Finding, Severity)>,
}

impl Findings<'_> {
    /// A finding that stops the template.
    pub(crate) fn error(&mut self, rule: Rule, logical_id: &str, message: String) {
        self.error_at(rule, logical_id, Vec::new(), message);
    }

    /// A finding that stops the template, about `targets` as well as its own resource.
    pub(crate) fn error_at(&mut self, rule: Rule, logical_id: &str, targets: Vec<ResourceRef>, message: String) {
        self.found.push((Finding::new(rule, logical_id, targets, message), Severity::Error));
    }

    /// A finding that stops the template in a compliance-scoped stack and is a warning elsewhere.
    pub(crate) fn error_in_scope(&mut self, rule: Rule, logical_id: &str, message: String) {
        self.error_in_scope_at(rule, logical_id, Vec::new(), message);
    }

    /// [`Findings::error_in_scope`], about `targets` as well as its own resource.
    pub(crate) fn error_in_scope_at(
        &mut self,
        rule: Rule,
        logical_id: &str,
        targets: Vec<ResourceRef>,
        message: String,
    ) {
        let severity = if (self.scope_of)(logical_id).is_some() { Severity::Error } else { Severity::Warning };
        self.found.push((Finding::new(rule, logical_id, targets, message), severity));
    }

    /// Gives the finding reported last its fix as template text.
    pub(crate) fn with_fix(&mut self, fix: TemplateFix) {
        if let Some((finding, _)) = self.found.last_mut() {
            finding.fix = Some(Box::new(fix));
        }
    }
}

/// Runs every rule over `template`.
pub fn run(template: &Template) -> Report {
    run_scoped(template, &|_| template.scope)
}

/// Runs every rule over `template`, holding each resource to the regime `scope_of` gives it: an
/// app checks the merged view of its stacks, each resource under its own stack's scope.
///
/// A template that deploys in more than one shape (properties or list items chosen by `Fn::If`,
/// resources created under a `Condition`, resources written by `Fn::ForEach`) is judged in each
/// ([`views`]); a finding is reported once.
pub(crate) fn run_scoped(template: &Template, scope_of: &dyn Fn(&str) -> Option<&'static str>) -> Report {
    run_in(template, scope_of, None, 0)
}

/// [`run_scoped`], deployed in `region` when one is given (a StackSet's template, judged in each
/// Region it deploys to, [`stack_sets`]), else in the Region the template's ARNs name or the
/// sample's — and, for a template not inside a StackSet whose conditions depend on the Region, in
/// more Regions ([`regions`]); `depth` counts the StackSet bodies this template is nested in.
fn run_in(
    template: &Template,
    scope_of: &dyn Fn(&str) -> Option<&'static str>,
    region: Option<&str>,
    depth: usize,
) -> Report {
    let judged = if region.is_none() && depth == 0 { regions::to_judge(template) } else { Vec::new() };
    let (deployed, found) = if judged.is_empty() {
        judge(template, scope_of, region, depth)
    } else {
        // The sample Region as a one-Region check judges it, then each other Region.
        let (deployed, sample) = judge(template, scope_of, None, depth);
        let mut passes = vec![sample];
        for other in &judged[1..] {
            passes.push(judge(template, scope_of, Some(other), depth).1);
        }
        (deployed, regions::merge(&judged, passes))
    };
    let mut findings = Findings { scope_of, found };
    // Positions and suppressions from the template with every resource: loops expanded, as deployed.
    let template: &Template = &deployed;
    // What the Regions judged leave unjudged of a mapping that stands for AWS's per-Region list.
    if !judged.is_empty() {
        rules::delivery_policy_denies_service::elb_account_entries(template, &mut findings);
    }
    // In the template's order, and by rule within one resource.
    let position = |id: &str| template.resources.get_index_of(id).unwrap_or(usize::MAX);
    let rank = |rule: Rule| Rule::ALL.iter().position(|r| *r == rule).unwrap_or(usize::MAX);
    findings.found.sort_by_key(|(f, _)| (position(&f.logical_id), rank(f.rule)));
    let mut report = Report::default();
    // The suppressions that can be taken: a known rule and a reason.
    let mut valid: Vec<(String, Rule, String)> = Vec::new();
    for (logical_id, entries) in suppressions(template) {
        for (rule, reason) in entries {
            match (Rule::from_id(&rule), reason.filter(|r| !r.trim().is_empty())) {
                (Some(known), Some(reason)) => valid.push((logical_id.clone(), known, reason)),
                (None, _) => report.invalid_suppressions.push((
                    logical_id.clone(),
                    format!(
                        "suppresses `{rule}`, which is not a rule of the final-template check; the rules are {}",
                        rule_list()
                    ),
                )),
                (Some(_), None) => report.invalid_suppressions.push((
                    logical_id.clone(),
                    format!(
                        "suppresses `{rule}` without a reason: give one (`reason: …`), so the next reader knows why"
                    ),
                )),
            }
        }
    }
    for (finding, severity) in findings.found {
        let suppressed = valid.iter().find(|(id, rule, _)| *id == finding.logical_id && *rule == finding.rule);
        if let Some((_, _, reason)) = suppressed {
            report.suppressed.push((finding, reason.clone()));
        } else if severity == Severity::Error {
            report.errors.push(finding);
        } else {
            report.warnings.push(finding);
        }
    }
    report
}

/// The findings of `template` deployed in `region` (the sample deployment's when `None`), in each
/// of its shapes ([`views`]) and in its StackSets' bodies, with the template as deployed (loops
/// expanded).
fn judge<'t>(
    template: &'t Template,
    scope_of: &dyn Fn(&str) -> Option<&'static str>,
    region: Option<&str>,
    depth: usize,
) -> (std::borrow::Cow<'t, Template>, Vec<(Finding, Severity)>) {
    let (deployed, views) = views::of(template, region);
    let mut findings = Findings { scope_of, found: Vec::new() };
    for view in &views {
        let mut found = Findings { scope_of, found: Vec::new() };
        let view: &Template = view;
        let mut env = resolve::Env::new(view);
        if let Some(region) = region {
            env.deployment.region = region.to_owned();
        }
        let key_policies = logs::key_policies(view, &env);
        rules::log_group_key_not_arn::check(view, &env, &key_policies, &mut found);
        rules::log_group_key_denies_logs::check(view, &env, &key_policies, &mut found);
        rules::logs_grant_without_context::check(view, &env, &key_policies, &mut found);
        rules::policy_duplicate_sid::check(view, &mut found);
        rules::service_log_group_missing::check(view, &env, &mut found);
        deliveries::check(view, &env, &mut found);
        rules::config_topic_encrypted::check(view, &env, &mut found);
        rules::role_trust_denies_service::check(view, &env, &mut found);
        rules::consumer_cannot_decrypt::check(view, &env, &mut found);
        rules::delivery_role_refused::check(view, &env, &mut found);
        rules::key_denies_service_linked_role::check(view, &env, &mut found);
        rules::task_cannot_read_secret::check(view, &env, &mut found);
        rules::trail_logs_role_refused::check(view, &env, &mut found);
        rules::unknown_service_principal::check(view, &env, &mut found);
        rules::notification_event_unknown::check(view, &env, &mut found);
        rules::load_balancer_attribute_unknown::check(view, &env, &mut found);
        rules::ecs_service_before_listener::check(view, &env, &mut found);
        rules::service_grant_without_source::check(view, &env, &mut found);
        rules::database_username_not_static::check(view, &mut found);
        rules::database_password_length::check(view, &mut found);
        rules::scoped_type_without_guarantee::check(view, &env, scope_of, &mut found);
        rules::scoped_store_without_customer_key::check(view, scope_of, &mut found);
        // A finding is the same in two shapes when it says the same of the same resource, even
        // if the shapes name its targets differently (`Fn::If` between `Ref` and `Fn::GetAtt`).
        for finding in found.found {
            let same = |(f, severity): &(Finding, Severity)| {
                (f.rule, &f.logical_id, &f.message, severity)
                    == (finding.0.rule, &finding.0.logical_id, &finding.0.message, &finding.1)
            };
            if !findings.found.iter().any(same) {
                findings.found.push(finding);
            }
        }
    }
    for finding in stack_sets::findings(&deployed, scope_of, &findings.found, depth) {
        if !findings.found.contains(&finding) {
            findings.found.push(finding);
        }
    }
    (deployed, findings.found)
}

/// The findings of an app's StackSet member `member` in each of `regions` that `report` (the app's
/// check, which judged the member with the other stacks in the sample Region) does not already
/// hold, reported on the StackSet resource `id` ([`stack_sets`]).
#[cfg(feature = "app")]
pub(crate) fn stack_set_regions(
    id: &str,
    member: &Template,
    regions: &[String],
    scope: Option<&'static str>,
    report: &Report,
) -> Report {
    let outer: Vec<(Finding, Severity)> = report
        .errors
        .iter()
        .map(|f| (f.clone(), Severity::Error))
        .chain(report.warnings.iter().map(|f| (f.clone(), Severity::Warning)))
        .collect();
    let mut extra = Report::default();
    for (finding, severity) in stack_sets::judge(id, member.clone(), regions, scope, &outer, 0) {
        match severity {
            Severity::Error => extra.errors.push(finding),
            Severity::Warning => extra.warnings.push(finding),
        }
    }
    extra
}

fn rule_list() -> String {
    Rule::ALL.iter().map(|r| format!("`{r}`")).collect::<Vec<_>>().join(", ")
}

/// A suppression as written: the rule ID, and the reason if one is given.
type Suppression = (String, Option<String>);

/// The suppressions in each resource's `Metadata`, by logical ID.
fn suppressions(template: &Template) -> Vec<(String, Vec<Suppression>)> {
    let mut all = Vec::new();
    for (logical_id, decl) in &template.resources {
        let Some(entries) = decl
            .attributes
            .metadata
            .as_ref()
            .and_then(Node::as_map)
            .and_then(|m| m.get(METADATA_KEY))
            .and_then(Node::as_map)
            .and_then(|m| m.get("suppress"))
        else {
            continue;
        };
        let Node::List(entries) = entries else { continue };
        let pairs = entries
            .iter()
            .filter_map(Node::as_map)
            .map(|entry| {
                let rule = entry.get("rule").and_then(Node::as_str).unwrap_or_default().to_owned();
                let reason = entry.get("reason").and_then(Node::as_str).map(str::to_owned);
                (rule, reason)
            })
            .collect();
        all.push((logical_id.clone(), pairs));
    }
    all
}

#[cfg(test)]
mod tests {
    use super::{Finding, Rule};

    // A rule writes typed code's message with the typed hint marked: the template's message
    // leaves the hint out (or holds words in the template's terms in its place), and typed code's
    // message is the text without the marks, byte for byte.
    #[test]
    fn the_typed_hint_is_cut_out_of_the_templates_message_and_put_back_for_typed_code() {
        let inserted =
            Finding::new(Rule::LogGroupKeyNotArn, "Group", Vec::new(), "Use the ARN⟦ (`key.arn()`)⟧.".to_owned());
        assert_eq!(inserted.message, "Use the ARN.");
        assert_eq!(inserted.typed_hint.as_deref(), Some(" (`key.arn()`)"));
        assert_eq!(inserted.full_message(), "Use the ARN (`key.arn()`).");
        let replaced = Finding::new(
            Rule::LogGroupKeyNotArn,
            "Group",
            Vec::new(),
            "Pass ⟦`key.arn()`‖`Fn::GetAtt Key.Arn`⟧ here".to_owned(),
        );
        assert_eq!(replaced.message, "Pass `Fn::GetAtt Key.Arn` here");
        assert_eq!(replaced.full_message(), "Pass `key.arn()` here");
        assert_eq!(replaced.to_string(), "Resources.Group: Pass `key.arn()` here [log-group-key-not-arn]");
        let plain = Finding::new(Rule::LogGroupKeyNotArn, "Group", Vec::new(), "No hint".to_owned());
        assert_eq!(
            (plain.message.as_str(), plain.typed_hint.as_deref(), plain.full_message()),
            ("No hint", None, "No hint".to_owned())
        );
    }
}
