//! Reference checks: every `Ref`, `Fn::GetAtt`, `Fn::Sub` variable, `DependsOn`, condition and
//! mapping name resolves, and resources do not depend on each other in a circle.

use std::collections::BTreeSet;

use indexmap::IndexMap;

use crate::intrinsics::{pseudo, sub};
use crate::node::{Function, Node};
use crate::template::Template;
use crate::template::sections::{FOR_EACH_PREFIX, LANGUAGE_EXTENSIONS};
use crate::validate::Problem;

/// What a part of the template may refer to.
#[derive(Clone, Copy, PartialEq)]
enum Scope {
    /// Resources and outputs: parameters, resources, pseudo parameters.
    Body,
    /// Conditions: parameters and pseudo parameters only.
    Conditions,
}

struct Checker<'t> {
    template: &'t Template,
    problems: &'t mut Vec<Problem>,
    /// Names a reference may use although the template does not declare them.
    undeclared: Undeclared<'t>,
}

/// What a template may refer to without declaring it: names a transform or a module creates,
/// and the identifiers of `Fn::ForEach` loops.
struct Undeclared<'t> {
    /// A `Transform` other than `AWS::LanguageExtensions` (AWS SAM, a macro) creates resources
    /// and parameters of its own (SAM's `<Function>Role`), and a resource loop creates resources
    /// whose names are templated: any name may be one of theirs.
    any: bool,
    /// Logical IDs of modules (`…::MODULE`): a module's resources are named `<module><resource>`.
    modules: Vec<&'t str>,
    /// The identifiers of `Fn::ForEach` loops (`Fn::ForEach::Name: [Identifier, …]`).
    loop_identifiers: BTreeSet<String>,
}

impl<'t> Undeclared<'t> {
    fn of(template: &'t Template) -> Self {
        let any = template.transform.iter().any(|t| t != LANGUAGE_EXTENSIONS) || !template.resource_loops.is_empty();
        let modules = template
            .resources
            .iter()
            .filter(|(_, r)| r.resource_type.ends_with("::MODULE"))
            .map(|(id, _)| id.as_str())
            .collect();
        let mut loop_identifiers = BTreeSet::new();
        let loops = template.resource_loops.iter().chain(&template.output_loops).chain(&template.conditions);
        for (key, value) in loops {
            collect_loop_identifiers(key, value, &mut loop_identifiers);
        }
        for resource in template.resources.values() {
            for (key, value) in resource.properties.as_map().iter().chain(&resource.attributes.other) {
                collect_loop_identifiers(key, value, &mut loop_identifiers);
            }
        }
        Undeclared { any, modules, loop_identifiers }
    }

    fn allows(&self, name: &str) -> bool {
        self.any
            || self.loop_identifiers.contains(name)
            || self.modules.iter().any(|m| name.len() > m.len() && name.starts_with(m))
    }
}

/// The identifiers of the `Fn::ForEach` loops in an entry `key: value` and under it.
pub(crate) fn collect_loop_identifiers(key: &str, value: &Node, found: &mut BTreeSet<String>) {
    if key.starts_with(FOR_EACH_PREFIX)
        && let Node::List(parts) = value
        && let Some(Node::String(identifier)) = parts.first()
    {
        found.insert(identifier.clone());
    }
    value.walk(&mut |node| {
        if let Node::Map(entries) = node {
            for (key, value) in entries {
                if key.starts_with(FOR_EACH_PREFIX)
                    && let Node::List(parts) = value
                    && let Some(Node::String(identifier)) = parts.first()
                {
                    found.insert(identifier.clone());
                }
            }
        }
    });
}

impl Checker<'_> {
    /// Checks every reference in `node`, returning the resources it refers to.
    fn visit(&mut self, node: &Node, at: &str, scope: Scope) -> BTreeSet<String> {
        let mut targets = BTreeSet::new();
        self.visit_into(node, at, scope, &mut targets);
        targets
    }

    fn visit_into(&mut self, node: &Node, at: &str, scope: Scope, targets: &mut BTreeSet<String>) {
        match node {
            Node::List(items) => items.iter().for_each(|n| self.visit_into(n, at, scope, targets)),
            Node::Map(map) => map.values().for_each(|n| self.visit_into(n, at, scope, targets)),
            Node::Fn(function, arg) => {
                self.function(*function, arg, at, scope, targets);
            }
            _ => {}
        }
    }

    fn function(&mut self, function: Function, arg: &Node, at: &str, scope: Scope, targets: &mut BTreeSet<String>) {
        match (function, arg) {
            (Function::Ref, Node::String(name)) => self.reference(name, "Ref", at, scope, targets, false),
            (Function::GetAtt, Node::List(parts)) => {
                if let Some(Node::String(name)) = parts.first() {
                    self.reference(name, "Fn::GetAtt", at, scope, targets, true);
                }
                parts.iter().skip(1).for_each(|n| self.visit_into(n, at, scope, targets));
            }
            (Function::Sub, Node::String(text)) => self.sub(text, None, at, scope, targets),
            (Function::Sub, Node::List(parts)) => {
                if let [Node::String(text), Node::Map(vars)] = parts.as_slice() {
                    vars.values().for_each(|n| self.visit_into(n, at, scope, targets));
                    self.sub(text, Some(vars), at, scope, targets);
                } else {
                    parts.iter().for_each(|n| self.visit_into(n, at, scope, targets));
                }
            }
            (Function::If, Node::List(parts)) => {
                if let Some(Node::String(name)) = parts.first() {
                    self.condition(name, at);
                }
                parts.iter().skip(1).for_each(|n| self.visit_into(n, at, scope, targets));
            }
            (Function::Condition, Node::String(name)) => self.condition(name, at),
            (Function::And | Function::Or, Node::List(parts)) if !(2..=10).contains(&parts.len()) => {
                let message = format!(
                    "takes 2 to 10 conditions, not {}; nest an `{}` to combine more",
                    parts.len(),
                    function.json_key()
                );
                self.problems.push(Problem::InvalidIntrinsic { at: at.to_owned(), function, message });
                parts.iter().for_each(|n| self.visit_into(n, at, scope, targets));
            }
            (Function::Not, Node::List(parts)) if parts.len() != 1 => {
                let message = format!("takes a list of exactly one condition, not {}", parts.len());
                self.problems.push(Problem::InvalidIntrinsic { at: at.to_owned(), function, message });
                parts.iter().for_each(|n| self.visit_into(n, at, scope, targets));
            }
            (Function::Equals, Node::List(parts)) if parts.len() != 2 => {
                let message = format!("compares exactly two values, not {}", parts.len());
                self.problems.push(Problem::InvalidIntrinsic { at: at.to_owned(), function, message });
                parts.iter().for_each(|n| self.visit_into(n, at, scope, targets));
            }
            (Function::FindInMap, Node::List(parts)) => {
                if let Some(Node::String(name)) = parts.first()
                    && !self.template.mappings.contains_key(name)
                {
                    self.problems.push(Problem::MissingMapping { at: at.to_owned(), name: name.clone() });
                }
                parts.iter().skip(1).for_each(|n| self.visit_into(n, at, scope, targets));
            }
            (_, arg) => self.visit_into(arg, at, scope, targets),
        }
    }

    fn reference(
        &mut self,
        name: &str,
        via: &'static str,
        at: &str,
        scope: Scope,
        targets: &mut BTreeSet<String>,
        attribute: bool,
    ) {
        let t = self.template;
        let found = match (scope, attribute) {
            (Scope::Body, false) => {
                pseudo::NAMES.contains(&name) || t.parameters.contains_key(name) || t.resources.contains_key(name)
            }
            (Scope::Body, true) => t.resources.contains_key(name),
            (Scope::Conditions, false) => pseudo::NAMES.contains(&name) || t.parameters.contains_key(name),
            (Scope::Conditions, true) => false,
        };
        if !found && self.undeclared.allows(name) {
            return;
        }
        if !found && attribute && (t.parameters.contains_key(name) || pseudo::NAMES.contains(&name)) {
            let kind = if t.parameters.contains_key(name) { "a parameter" } else { "a pseudo parameter" };
            self.problems.push(Problem::AttributeOfParameter { at: at.to_owned(), via, name: name.to_owned(), kind });
            return;
        }
        if !found {
            let expected = match (scope, attribute) {
                (Scope::Body, false) => "a parameter, a resource or a pseudo parameter",
                (Scope::Body, true) => "a resource",
                (Scope::Conditions, _) => "a parameter or a pseudo parameter (conditions cannot refer to resources)",
            };
            self.problems.push(Problem::MissingTarget { at: at.to_owned(), via, target: name.to_owned(), expected });
        } else if t.resources.contains_key(name) {
            targets.insert(name.to_owned());
        }
    }

    fn sub(
        &mut self,
        text: &str,
        vars: Option<&crate::node::NodeMap>,
        at: &str,
        scope: Scope,
        targets: &mut BTreeSet<String>,
    ) {
        let variables = match sub::parse_sub(text) {
            Ok(v) => v,
            Err(e) => {
                self.problems.push(Problem::InvalidSub { at: at.to_owned(), message: e.message });
                return;
            }
        };
        for var in variables {
            if vars.is_some_and(|m| m.contains_key(var.name)) {
                continue;
            }
            let attribute = var.attribute().is_some();
            self.reference(var.logical_id(), "Fn::Sub", at, scope, targets, attribute);
        }
    }

    fn condition(&mut self, name: &str, at: &str) {
        if !self.template.conditions.contains_key(name) {
            self.problems.push(Problem::MissingCondition { at: at.to_owned(), name: name.to_owned() });
        }
    }
}

pub(super) fn check(template: &Template, problems: &mut Vec<Problem>) {
    let mut checker = Checker { template, problems, undeclared: Undeclared::of(template) };
    let mut conditions: IndexMap<&str, BTreeSet<String>> = IndexMap::new();
    for (name, condition) in &template.conditions {
        checker.visit(condition, &format!("Conditions.{name}"), Scope::Conditions);
        let mut uses = BTreeSet::new();
        condition.walk(&mut |node| {
            if let Node::Fn(Function::Condition, arg) = node
                && let Node::String(used) = &**arg
            {
                uses.insert(used.clone());
            }
        });
        conditions.insert(name, uses);
    }
    if let Some(path) = find_cycle(&conditions) {
        checker.problems.push(Problem::ConditionCycle { path });
    }
    let mut graph: IndexMap<&str, BTreeSet<String>> = IndexMap::new();
    for (id, resource) in &template.resources {
        let at = format!("Resources.{id}");
        let mut edges = BTreeSet::new();
        let properties_at = format!("{at}.Properties");
        for value in resource.properties.as_map().values() {
            checker.visit_into(value, &properties_at, Scope::Body, &mut edges);
        }
        let attrs = &resource.attributes;
        for part in [&attrs.metadata, &attrs.creation_policy, &attrs.update_policy]
            .into_iter()
            .flatten()
            .chain(attrs.other.values())
        {
            edges.extend(checker.visit(part, &at, Scope::Body));
        }
        for dependency in &attrs.depends_on {
            if template.resources.contains_key(dependency) {
                edges.insert(dependency.clone());
            } else if !checker.undeclared.allows(dependency) {
                checker.problems.push(Problem::MissingTarget {
                    at: format!("{at}.DependsOn"),
                    via: "DependsOn",
                    target: dependency.clone(),
                    expected: "a resource",
                });
            }
        }
        if let Some(name) = &attrs.condition {
            checker.condition(name, &format!("{at}.Condition"));
        }
        graph.insert(id, edges);
    }
    // Loops: their references are checked; what they create is not known until deployment.
    for (key, body) in template.resource_loops.iter().chain(&template.output_loops) {
        let section = if template.resource_loops.contains_key(key) { "Resources" } else { "Outputs" };
        checker.visit(body, &format!("{section}.{key}"), Scope::Body);
    }
    for (id, output) in &template.outputs {
        let at = format!("Outputs.{id}");
        checker.visit(&output.value, &at, Scope::Body);
        if let Some(export) = &output.export_name {
            checker.visit(export, &format!("{at}.Export"), Scope::Body);
        }
        if let Some(name) = &output.condition {
            checker.condition(name, &format!("{at}.Condition"));
        }
    }
    if let Some(path) = find_cycle(&graph) {
        problems.push(Problem::Cycle { path });
    }
}

/// The first circle in declaration order, as a path whose last element repeats its first.
fn find_cycle(graph: &IndexMap<&str, BTreeSet<String>>) -> Option<Vec<String>> {
    #[derive(Clone, Copy, PartialEq)]
    enum Mark {
        New,
        Open,
        Done,
    }
    let mut marks = vec![Mark::New; graph.len()];
    for start in 0..graph.len() {
        if marks[start] != Mark::New {
            continue;
        }
        // Iterative depth-first search; the stack holds (node, next edge to try).
        let mut stack: Vec<(usize, Vec<usize>)> = Vec::new();
        let edges_of =
            |i: usize| -> Vec<usize> { graph[i].iter().filter_map(|t| graph.get_index_of(t.as_str())).collect() };
        marks[start] = Mark::Open;
        stack.push((start, edges_of(start)));
        while let Some((node, pending)) = stack.last_mut() {
            match pending.pop() {
                Some(next) if marks[next] == Mark::Open => {
                    let from = stack.iter().position(|(n, _)| *n == next).unwrap_or(0);
                    let mut path: Vec<String> = stack[from..]
                        .iter()
                        .map(|(n, _)| graph.get_index(*n).map(|(k, _)| k.to_string()).unwrap_or_default())
                        .collect();
                    path.push(path[0].clone());
                    return Some(path);
                }
                Some(next) if marks[next] == Mark::New => {
                    marks[next] = Mark::Open;
                    stack.push((next, edges_of(next)));
                }
                Some(_) => {}
                None => {
                    marks[*node] = Mark::Done;
                    stack.pop();
                }
            }
        }
    }
    None
}
