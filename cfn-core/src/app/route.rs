//! Turning references between an app's stacks into what CloudFormation deploys: an `Export` in
//! the stack that holds the resource and `Fn::ImportValue` in the one that uses it (stacks
//! deployed on their own), or outputs up and parameters down a tree of nested stacks.
//!
//! A reference is found by logical ID ([`crate::reference`]): a `Ref`, an `Fn::GetAtt`, or a `${Name}` /
//! `${Name.Attribute}` inside an `Fn::Sub` string that names nothing of the stack itself but a
//! resource (or parameter) of another stack of the app. Logical IDs of resources are unique in
//! the app, so the owner is never in doubt.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use indexmap::IndexMap;

use super::error::AppProblem;
use super::{App, Kind};
use crate::intrinsics::{pseudo, sub};
use crate::node::{Function, Node, NodeMap};
use crate::reference::{self, Form, Written};
use crate::template::attributes::{Attributes, DeletionPolicy};
use crate::template::output::Output;
use crate::template::parameter::{ParameterDecl, ParameterType};
use crate::template::resource::{Properties, Tagging};
use crate::template::{ResourceDecl, Template};

/// `(logical ID, attribute)`: what a reference names (`None` for a `Ref`).
pub(super) type Target = (String, Option<String>);

/// An export one stack makes and the stacks that import it.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Export {
    /// The stack that exports.
    pub stack: String,
    /// The output that carries the export.
    pub output: String,
    /// The export's name.
    pub name: String,
    /// The stacks that import it.
    pub importers: BTreeSet<String>,
}

/// An order between two top-level stacks: `after` is deployed after `before`, `because` says why.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Edge {
    pub after: String,
    pub before: String,
    pub because: String,
}

/// The app's stacks with every reference between them made deployable.
pub(super) struct Routed {
    /// Each stack's template, as it will be written (child stacks and StackSets not yet filled
    /// in for StackSets: see `App::emit`).
    pub templates: IndexMap<String, Template>,
    pub exports: Vec<Export>,
    pub edges: Vec<Edge>,
}

/// The logical ID a child stack (or a StackSet) has in its parent: `network` → `NetworkStack`.
pub(super) fn child_logical_id(name: &str, suffix: &str) -> String {
    let mut id = String::new();
    for part in name.split(|c: char| !c.is_ascii_alphanumeric()).filter(|p| !p.is_empty()) {
        let mut chars = part.chars();
        if let Some(first) = chars.next() {
            id.push(first.to_ascii_uppercase());
            id.extend(chars);
        }
    }
    id.push_str(suffix);
    id
}

/// What names each resource and parameter of the app belongs to.
pub(super) struct Owners {
    pub resources: HashMap<String, String>,
    pub parameters: HashMap<String, Vec<String>>,
}

impl Owners {
    pub(super) fn of(app: &App, problems: &mut Vec<AppProblem>) -> Owners {
        let mut declared: BTreeMap<String, Vec<String>> = BTreeMap::new();
        let mut parameters: HashMap<String, Vec<String>> = HashMap::new();
        for (name, entry) in &app.stacks {
            for id in entry.template.resources.keys() {
                declared.entry(id.clone()).or_default().push(name.clone());
            }
            for id in entry.template.parameters.keys() {
                parameters.entry(id.clone()).or_default().push(name.clone());
            }
            // A child stack or a StackSet is a resource of its parent.
            match &entry.kind {
                Kind::Nested { parent } => {
                    declared.entry(child_logical_id(name, "Stack")).or_default().push(parent.clone())
                }
                Kind::Member { management, .. } => {
                    declared.entry(child_logical_id(name, "StackSet")).or_default().push(management.clone());
                }
                Kind::Top => {}
            }
        }
        let mut resources = HashMap::new();
        for (id, stacks) in declared {
            if stacks.len() > 1 {
                problems.push(AppProblem::DuplicateLogicalId { logical_id: id.clone(), stacks: stacks.clone() });
            }
            resources.insert(id, stacks[0].clone());
        }
        Owners { resources, parameters }
    }
}

/// A reference found in a stack, with where it stands.
struct Found {
    target: Target,
    at: String,
    /// Named inside an `Fn::Sub` string (`${Name.Attribute}`), where only a string may stand.
    in_sub: bool,
    /// Stands where CloudFormation takes parameters only ([`Place::ParametersOnly`]).
    parameters_only: bool,
}

/// Whether `name` is something `template` itself declares (or a pseudo parameter).
fn is_local(template: &Template, name: &str) -> bool {
    pseudo::NAMES.contains(&name) || template.resources.contains_key(name) || template.parameters.contains_key(name)
}

/// The references in `node` to names `template` does not declare.
fn collect(template: &Template, node: &Node, at: &str, found: &mut Vec<Found>) {
    for mention in reference::mentions(node) {
        let in_sub = mention.form == Form::Sub;
        // `${AWS::…}` is always the stack's own; a `Ref` to a pseudo parameter is local too.
        if (in_sub && mention.is_pseudo()) || is_local(template, mention.name) {
            continue;
        }
        found.push(Found {
            target: (mention.name.to_owned(), mention.attribute.map(str::to_owned)),
            at: at.to_owned(),
            in_sub,
            parameters_only: false,
        });
    }
}

/// What CloudFormation takes where a reference stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Place {
    /// Resource properties, `Metadata`, `CreationPolicy`, `UpdatePolicy`, output values: any
    /// function, `Fn::ImportValue` and `Fn::GetAtt` of a child stack's output included.
    Any,
    /// `Conditions`, `Rules` and an export's name: parameters only, evaluated before any
    /// resource exists or any value is imported.
    ParametersOnly,
}

/// Every place of a template a reference to another stack may stand, by path. (`DependsOn`
/// names a resource without a function: see [`route`]. The template's own `Metadata` is not
/// evaluated by CloudFormation, so nothing in it crosses.)
fn places(template: &Template) -> Vec<(String, &Node, Place)> {
    let mut places = Vec::new();
    for (id, decl) in &template.resources {
        for (name, value) in decl.properties.as_map() {
            places.push((format!("Resources.{id}.Properties.{name}"), value, Place::Any));
        }
        let attributes = [
            ("Metadata", &decl.attributes.metadata),
            ("CreationPolicy", &decl.attributes.creation_policy),
            ("UpdatePolicy", &decl.attributes.update_policy),
        ];
        for (name, value) in attributes {
            if let Some(value) = value {
                places.push((format!("Resources.{id}.{name}"), value, Place::Any));
            }
        }
    }
    for (id, output) in &template.outputs {
        places.push((format!("Outputs.{id}.Value"), &output.value, Place::Any));
        if let Some(name) = &output.export_name {
            places.push((format!("Outputs.{id}.Export.Name"), name, Place::ParametersOnly));
        }
    }
    for (id, condition) in &template.conditions {
        places.push((format!("Conditions.{id}"), condition, Place::ParametersOnly));
    }
    for (id, rule) in &template.rules {
        places.push((format!("Rules.{id}"), rule, Place::ParametersOnly));
    }
    // Sections a transform reads (AWS SAM's `Globals`) end up in resources' properties; the
    // bodies of `Fn::ForEach` loops become resources and outputs.
    for (key, section) in &template.transform_sections {
        places.push((key.clone(), section, Place::Any));
    }
    for (key, body) in &template.resource_loops {
        places.push((format!("Resources.{key}"), body, Place::Any));
    }
    for (key, body) in &template.output_loops {
        places.push((format!("Outputs.{key}"), body, Place::Any));
    }
    places
}

/// Rewrites in `node` every reference of `replace` into its value there; `template` is the
/// stack's own, to name new `Fn::Sub` variables that shadow nothing.
fn rewrite(node: &mut Node, template: &Template, replace: &HashMap<Target, Node>) {
    let found = match node {
        Node::Fn(Function::Ref | Function::GetAtt, _) => match reference::written(node) {
            Some(Written::Names(mention)) => {
                replace.get(&(mention.name.to_owned(), mention.attribute.map(str::to_owned))).cloned()
            }
            _ => None,
        },
        _ => None,
    };
    if let Some(value) = found {
        *node = value;
        return;
    }
    match node {
        Node::Fn(Function::Sub, arg) => rewrite_sub(arg, template, replace),
        Node::Fn(_, arg) => rewrite(arg, template, replace),
        Node::List(items) => items.iter_mut().for_each(|n| rewrite(n, template, replace)),
        Node::Map(map) => map.values_mut().for_each(|n| rewrite(n, template, replace)),
        _ => {}
    }
}

/// An `Fn::Sub` whose string names other stacks' resources: each such `${Name.Attribute}`
/// becomes a variable of the variable map, whose value is the import.
fn rewrite_sub(arg: &mut Node, template: &Template, replace: &HashMap<Target, Node>) {
    let (text, mut vars) = match arg {
        Node::String(text) => (text.clone(), NodeMap::new()),
        Node::List(parts) => match parts.as_mut_slice() {
            [Node::String(text), Node::Map(vars)] => {
                vars.values_mut().for_each(|n| rewrite(n, template, replace));
                (text.clone(), vars.clone())
            }
            _ => {
                parts.iter_mut().for_each(|n| rewrite(n, template, replace));
                return;
            }
        },
        other => {
            rewrite(other, template, replace);
            return;
        }
    };
    let Ok(variables) = sub::parse_sub(&text) else { return };
    let names: BTreeSet<&str> = variables.iter().map(|v| v.name).collect();
    let mut out = String::with_capacity(text.len());
    let mut copied = 0;
    let mut changed = false;
    let mut chosen: HashMap<&str, String> = HashMap::new();
    for var in &variables {
        if var.is_pseudo() || vars.contains_key(var.name) {
            continue;
        }
        let target = (var.logical_id().to_owned(), var.attribute().map(str::to_owned));
        let Some(value) = replace.get(&target) else { continue };
        let name = match chosen.get(var.name) {
            Some(name) => name.clone(),
            None => {
                // The variable keeps the name it had where it can (`${LogsKey}`), shadowing
                // nothing of the stack, the map or the string's other names.
                let base: String = var.name.chars().filter(char::is_ascii_alphanumeric).collect();
                let name = unique(&base, |n| {
                    vars.contains_key(n)
                        || (n != var.name && names.contains(n))
                        || is_local(template, n)
                        || chosen.values().any(|c| c == n)
                });
                vars.insert(name.clone(), value.clone());
                chosen.insert(var.name, name.clone());
                name
            }
        };
        out.push_str(&text[copied..var.offset]);
        out.push_str(&name);
        copied = var.offset + var.name.len();
        changed = true;
    }
    if !changed {
        if !vars.is_empty() {
            *arg = Node::List(vec![Node::String(text), Node::Map(vars)]);
        }
        return;
    }
    out.push_str(&text[copied..]);
    *arg = Node::List(vec![Node::String(out), Node::Map(vars)]);
}

/// `base`, or `base` followed by the first number from 2 that `taken` does not hold.
fn unique(base: &str, taken: impl Fn(&str) -> bool) -> String {
    if !taken(base) {
        return base.to_owned();
    }
    (2..).map(|i| format!("{base}{i}")).find(|n| !taken(n)).unwrap_or_else(|| base.to_owned())
}

/// What joins the items of a list that crosses a stack boundary as one string (an export, a
/// nested stack's output or parameter must be a string), and splits them again where the list
/// is used. Not a comma: items such as the `StatusReasons` some resources return may hold one.
const LIST_SEPARATOR: &str = "||";

/// A list as the string that carries it across: `Fn::Join` of its items.
fn joined(list: Node) -> Node {
    Node::call(Function::Join, Node::List(vec![Node::string(LIST_SEPARATOR), list]))
}

/// The list a string made by [`joined`] carries: `Fn::Split` of it.
fn split(text: Node) -> Node {
    Node::call(Function::Split, Node::List(vec![Node::string(LIST_SEPARATOR), text]))
}

/// A target as the user wrote it: `Vpc.Ipv6CidrBlocks`, or `Subnets` for a `Ref`.
fn described(target: &Target) -> String {
    match &target.1 {
        Some(attribute) => format!("{}.{attribute}", target.0),
        None => target.0.clone(),
    }
}

/// The value a target has in its own stack.
fn local_value((id, attribute): &Target) -> Node {
    match attribute {
        None => Node::call(Function::Ref, Node::string(id.as_str())),
        Some(attribute) => {
            Node::call(Function::GetAtt, Node::List(vec![Node::string(id.as_str()), Node::string(attribute.as_str())]))
        }
    }
}

/// The logical ID a carried value refers to: `X` of `Ref X`, of `Fn::GetAtt [X, …]`, and of
/// either inside the `Fn::Join` that carries a list.
fn referenced_id(value: &Node) -> Option<&str> {
    match value {
        Node::Fn(Function::Ref | Function::GetAtt, _) => match reference::written(value)? {
            Written::Names(mention) => Some(mention.name),
            _ => None,
        },
        Node::Fn(Function::Join, arg) => match arg.as_ref() {
            Node::List(parts) => parts.get(1).and_then(referenced_id),
            _ => None,
        },
        _ => None,
    }
}

/// A name for what carries `target` across: `DataKeyArn` for `DataKey.Arn`, `DataKeyRef` for
/// the key's `Ref`.
fn carrier_name((id, attribute): &Target) -> String {
    let mut name = id.clone();
    match attribute {
        Some(attribute) => name.extend(attribute.chars().filter(char::is_ascii_alphanumeric)),
        None => name.push_str("Ref"),
    }
    name
}

struct Router<'a> {
    app: &'a App,
    owners: &'a Owners,
    templates: IndexMap<String, Template>,
    exports: Vec<Export>,
    edges: Vec<Edge>,
}

impl Router<'_> {
    fn parent(&self, stack: &str) -> Option<&str> {
        match &self.app.stacks.get(stack)?.kind {
            Kind::Nested { parent } => Some(parent),
            _ => None,
        }
    }

    /// The stack and its ancestors, from the stack up to its top-level stack.
    fn lineage(&self, stack: &str) -> Vec<String> {
        let mut line = vec![stack.to_owned()];
        while let Some(parent) = self.parent(line.last().map_or("", String::as_str)) {
            if line.iter().any(|s| s == parent) {
                break;
            }
            line.push(parent.to_owned());
        }
        line
    }

    /// Whether `target` of stack `owner` is a list: an attribute the registry schemas declare
    /// as one ([`crate::data::list_attributes`]), or a list-typed parameter.
    fn is_list(&self, owner: &str, (id, attribute): &Target) -> bool {
        let Some(template) = self.app.stacks.get(owner).map(|e| &e.template) else { return false };
        match attribute {
            Some(attribute) => template
                .resources
                .get(id)
                .is_some_and(|decl| crate::data::list_attributes::is_list_attribute(&decl.resource_type, attribute)),
            None => template.parameters.get(id).is_some_and(|p| p.parameter_type.is_list()),
        }
    }

    /// Whether a value of stack `owner` reaches stack `user` as a parameter: `user` is nested
    /// (at any depth) under a stack that holds or receives the value, so it arrives as a `Ref`
    /// to a parameter of its own rather than as an import or a child stack's output.
    fn passed_down(&self, user: &str, owner: &str) -> bool {
        let up = self.lineage(owner);
        let down = self.lineage(user);
        down.iter().find(|s| up.contains(s)).is_some_and(|meet| meet != user)
    }

    /// Whether `target` is a `Ref` to a `NoEcho` parameter of stack `owner`.
    fn is_secret(&self, owner: &str, (id, attribute): &Target) -> bool {
        attribute.is_none()
            && self
                .app
                .stacks
                .get(owner)
                .and_then(|e| e.template.parameters.get(id))
                .is_some_and(|p| p.no_echo == Some(true))
    }

    fn is_member(&self, stack: &str) -> bool {
        self.lineage(stack).iter().any(|s| matches!(self.app.stacks.get(s).map(|e| &e.kind), Some(Kind::Member { .. })))
    }

    /// Whether output name `name` is taken in `stack`.
    fn output_taken(&self, stack: &str, name: &str) -> bool {
        self.templates[stack].outputs.contains_key(name)
    }

    /// Whether parameter name `name` is taken: parameters share one namespace with resources,
    /// and must shadow nothing of the app.
    fn taken(&self, stack: &str, name: &str) -> bool {
        let t = &self.templates[stack];
        t.parameters.contains_key(name)
            || t.resources.contains_key(name)
            || self.owners.resources.contains_key(name)
            || self.owners.parameters.contains_key(name)
    }

    /// An output of `stack` with `value` (and `export`, if given), reused when one exists: an
    /// output the stack has of the same value, without an export or with this one, carries it.
    /// A value of a resource created under a condition is output under the same condition (an
    /// output naming a resource that is not created fails the stack).
    fn output(&mut self, stack: &str, base: &str, value: Node, export: Option<&str>, description: String) -> String {
        let export_node = export.map(Node::string);
        let condition = referenced_id(&value)
            .and_then(|id| self.templates[stack].resources.get(id))
            .and_then(|decl| decl.attributes.condition.clone());
        if let Some((name, _)) = self.templates[stack].outputs.iter().find(|(_, o)| {
            o.value == value && o.condition == condition && (o.export_name.is_none() || o.export_name == export_node)
        }) {
            let name = name.clone();
            if let Some(export) = export_node {
                self.templates[stack].outputs[&name].export_name = Some(export);
            }
            return name;
        }
        let name = unique(base, |n| self.output_taken(stack, n));
        let output = Output { value, description: Some(description), export_name: export_node, condition };
        self.templates[stack].outputs.insert(name.clone(), output);
        name
    }

    /// The value `target` of stack `owner` has in stack `user`, adding what carries it across.
    ///
    /// A list crosses as one string, its items joined with [`LIST_SEPARATOR`] where it leaves
    /// its stack, and is split again where it is used, so the use site still holds a list (in a
    /// property, an `Fn::Select` or an `Fn::Join` alike).
    fn route(&mut self, user: &str, owner: &str, target: &Target) -> Node {
        let described = described(target);
        let list = self.is_list(owner, target);
        let up = self.lineage(owner);
        let down = self.lineage(user);
        let Some(meet) = up.iter().find(|s| down.contains(s)).cloned() else {
            // Different top-level stacks: an export and an import.
            let name = self.app.export_name(owner, &target.0, target.1.as_deref());
            let description = format!("{described}, exported for the app's other stacks");
            let value = if list { joined(local_value(target)) } else { local_value(target) };
            let output = self.output(owner, &carrier_name(target), value, Some(&name), description);
            match self.exports.iter_mut().find(|e| e.name == name) {
                Some(export) => {
                    export.importers.insert(user.to_owned());
                }
                None => self.exports.push(Export {
                    stack: owner.to_owned(),
                    output,
                    name: name.clone(),
                    importers: BTreeSet::from([user.to_owned()]),
                }),
            }
            let (after, before) = (down.last().cloned().unwrap_or_default(), up.last().cloned().unwrap_or_default());
            self.edges.push(Edge { after, before, because: format!("`{user}` imports {described} from `{owner}`") });
            let import = Node::call(Function::ImportValue, Node::string(name));
            return if list { split(import) } else { import };
        };
        // One tree of nested stacks: outputs up to the stack both descend from, parameters down.
        // A list is joined once, where it first leaves a stack, and split once, where it is used.
        let mut value = local_value(target);
        let mut carried = false;
        for pair in up.windows(2).take_while(|w| w[0] != meet) {
            let (child, parent) = (&pair[0], &pair[1]);
            let description = format!("{described}, for the stacks of `{parent}`");
            if list && !carried {
                value = joined(value);
                carried = true;
            }
            let output = self.output(child, &carrier_name(target), value, None, description);
            let child_id = child_logical_id(child, "Stack");
            value = Node::call(
                Function::GetAtt,
                Node::List(vec![Node::string(child_id), Node::string(format!("Outputs.{output}"))]),
            );
        }
        let path: Vec<String> = down.iter().take_while(|s| **s != meet).cloned().collect();
        for child in path.iter().rev() {
            let parent = self.parent(child).unwrap_or_default().to_owned();
            if list && !carried {
                value = joined(value);
                carried = true;
            }
            let child_id = child_logical_id(child, "Stack");
            let existing = self.templates[&parent].resources.get(&child_id).and_then(|decl| {
                let Some(Node::Map(params)) = decl.properties.get("Parameters") else { return None };
                params.iter().find(|(_, v)| **v == value).map(|(k, _)| k.clone())
            });
            let name = match existing {
                Some(name) => name,
                None => {
                    let name = unique(&carrier_name(target), |n| self.taken(child, n));
                    // A parameter passed on keeps the type of its value (`AWS::EC2::VPC::Id`; the
                    // value's type for an `AWS::SSM::Parameter::Value<…>`, which the parent has
                    // already read); a joined list and anything else is a string.
                    let kind = match &target.1 {
                        None if !list => self.app.stacks[owner]
                            .template
                            .parameters
                            .get(&target.0)
                            .map(|p| p.parameter_type.value_type()),
                        _ => None,
                    };
                    let mut decl = ParameterDecl::new(kind.unwrap_or(ParameterType::String));
                    decl.description = Some(format!("{described} of stack `{owner}`, passed in by `{parent}`"));
                    decl.no_echo = self.is_secret(owner, target).then_some(true);
                    self.templates[child].parameters.insert(name.clone(), decl);
                    if let Some(stack) = self.templates[&parent].resources.get_mut(&child_id) {
                        let map = stack.properties.map_mut();
                        let params = map.entry("Parameters".to_owned()).or_insert_with(|| Node::Map(NodeMap::new()));
                        if let Node::Map(params) = params {
                            params.insert(name.clone(), value);
                        }
                    }
                    name
                }
            };
            value = Node::call(Function::Ref, Node::string(name));
        }
        if carried { split(value) } else { value }
    }

    /// The entity of stack `under` that stands for stack `stack`'s side: the child stack of
    /// `under` on the way to `stack`, or `None` if `stack` is `under`.
    fn child_under(&self, stack: &str, under: &str) -> Option<String> {
        let line = self.lineage(stack);
        let position = line.iter().position(|s| s == under)?;
        (position > 0).then(|| child_logical_id(&line[position - 1], "Stack"))
    }

    /// A `DependsOn` in `user` on resource `id` of `owner`: the order it asks for, kept at the
    /// level CloudFormation sees.
    fn depend(&mut self, user: &str, resource: &str, owner: &str, id: &str) {
        let up = self.lineage(owner);
        let down = self.lineage(user);
        match up.iter().find(|s| down.contains(s)).cloned() {
            None => {
                let (after, before) =
                    (down.last().cloned().unwrap_or_default(), up.last().cloned().unwrap_or_default());
                self.edges.push(Edge {
                    after,
                    before,
                    because: format!("`{user}` has {resource} depend on {id} of `{owner}`"),
                });
            }
            Some(meet) => {
                let first = self.child_under(user, &meet).unwrap_or_else(|| resource.to_owned());
                let second = self.child_under(owner, &meet).unwrap_or_else(|| id.to_owned());
                if first != second
                    && let Some(decl) = self.templates[&meet].resources.get_mut(&first)
                    && !decl.attributes.depends_on.contains(&second)
                {
                    decl.attributes.depends_on.push(second);
                }
            }
        }
    }
}

/// The condition names `node` uses (`Fn::If`, `Condition` inside a condition), with `at`.
fn condition_names<'n>(node: &'n Node, at: &str, found: &mut Vec<(String, &'n str)>) {
    match node {
        Node::Fn(Function::If, arg) => {
            if let Node::List(parts) = arg.as_ref() {
                if let Some(Node::String(name)) = parts.first() {
                    found.push((at.to_owned(), name));
                }
                parts.iter().skip(1).for_each(|n| condition_names(n, at, found));
            }
        }
        Node::Fn(Function::Condition, arg) => {
            if let Node::String(name) = arg.as_ref() {
                found.push((at.to_owned(), name));
            }
        }
        Node::Fn(_, arg) => condition_names(arg, at, found),
        Node::List(items) => items.iter().for_each(|n| condition_names(n, at, found)),
        Node::Map(map) => map.values().for_each(|n| condition_names(n, at, found)),
        _ => {}
    }
}

/// Conditions a stack uses that another stack declares: a condition belongs to its template,
/// and no function carries one across.
pub(super) fn conditions_across(app: &App) -> Vec<AppProblem> {
    let mut problems = Vec::new();
    for (stack, entry) in &app.stacks {
        let template = &entry.template;
        let mut used: Vec<(String, &str)> = Vec::new();
        for (id, decl) in &template.resources {
            if let Some(name) = &decl.attributes.condition {
                used.push((format!("Resources.{id}.Condition"), name));
            }
        }
        for (id, output) in &template.outputs {
            if let Some(name) = &output.condition {
                used.push((format!("Outputs.{id}.Condition"), name));
            }
        }
        for (at, node, _) in places(template) {
            condition_names(node, &at, &mut used);
        }
        for (at, name) in used {
            if template.conditions.contains_key(name) {
                continue;
            }
            if let Some((owner, _)) = app.stacks.iter().find(|(_, e)| e.template.conditions.contains_key(name)) {
                problems.push(AppProblem::ConditionAcross {
                    stack: stack.clone(),
                    at,
                    condition: name.to_owned(),
                    owner: owner.clone(),
                });
            }
        }
    }
    problems
}

/// Routes every reference between the app's stacks.
pub(super) fn route(app: &App, owners: &Owners, problems: &mut Vec<AppProblem>) -> Routed {
    let mut templates: IndexMap<String, Template> =
        app.stacks.iter().map(|(n, e)| (n.clone(), e.template.clone())).collect();
    // Each child stack becomes a resource of its parent, its template referred to by local path.
    for (name, entry) in &app.stacks {
        if let Kind::Nested { parent } = &entry.kind {
            let mut properties = Properties::new();
            properties.set("TemplateURL", Node::string(format!("./{}", app.file_name(name))));
            // Deleting the child deletes what it holds but what keeps its own `Retain`; said
            // explicitly. The local path is meant for `aws cloudformation package` (cfn-lint's
            // W3002 says exactly that, so it is told the path is on purpose).
            let lint = Node::Map(NodeMap::from_iter([(
                "cfn-lint".to_owned(),
                Node::Map(NodeMap::from_iter([(
                    "config".to_owned(),
                    Node::Map(NodeMap::from_iter([(
                        "ignore_checks".to_owned(),
                        Node::List(vec![Node::string("W3002")]),
                    )])),
                )])),
            )]));
            let attributes = Attributes::new()
                .deletion_policy(DeletionPolicy::Delete)
                .update_replace_policy(DeletionPolicy::Delete)
                .metadata(lint);
            let decl = ResourceDecl {
                resource_type: "AWS::CloudFormation::Stack".to_owned(),
                properties,
                attributes,
                tagging: Tagging::None,
            };
            if let Some(parent) = templates.get_mut(parent) {
                parent.resources.insert(child_logical_id(name, "Stack"), decl);
            }
        }
    }
    let mut router = Router { app, owners, templates, exports: Vec::new(), edges: Vec::new() };
    let mut replacements: IndexMap<String, HashMap<Target, Node>> = IndexMap::new();
    let names: Vec<String> = app.stacks.keys().cloned().collect();
    for user in &names {
        let template = &app.stacks[user].template;
        let mut found = Vec::new();
        for (at, node, place) in places(template) {
            let start = found.len();
            collect(template, node, &at, &mut found);
            if place == Place::ParametersOnly {
                found[start..].iter_mut().for_each(|f| f.parameters_only = true);
            }
        }
        // A loop's identifier (`${Name}` in its body) names the loop's item, not another stack's.
        let mut identifiers = BTreeSet::new();
        let loops = template.resource_loops.iter().chain(&template.output_loops).chain(&template.conditions);
        for (key, value) in loops {
            crate::validate::references::collect_loop_identifiers(key, value, &mut identifiers);
        }
        found.retain(|f| !identifiers.contains(&f.target.0));
        let mut replace: HashMap<Target, Node> = HashMap::new();
        let mut refused: BTreeSet<Target> = BTreeSet::new();
        for Found { target, at, in_sub, parameters_only } in found {
            if refused.contains(&target) {
                continue;
            }
            if let Some(owner) =
                owners.resources.get(&target.0).or_else(|| match owners.parameters.get(&target.0).map(Vec::as_slice) {
                    Some([owner]) if target.1.is_none() => Some(owner),
                    _ => None,
                })
                && owner != user
            {
                let list = router.is_list(owner, &target);
                let problem = if in_sub && list {
                    Some(AppProblem::ListInString {
                        stack: user.clone(),
                        at: at.clone(),
                        target: described(&target),
                        owner: owner.clone(),
                    })
                } else if parameters_only && (list || !router.passed_down(user, owner)) {
                    Some(AppProblem::ParametersOnly {
                        stack: user.clone(),
                        at: at.clone(),
                        target: target.0.clone(),
                        owner: owner.clone(),
                        resource: owners.resources.contains_key(&target.0),
                        list,
                    })
                } else {
                    None
                };
                if let Some(problem) = problem {
                    problems.push(problem);
                    refused.insert(target);
                    continue;
                }
            }
            if replace.contains_key(&target) {
                continue;
            }
            let owner = match owners.resources.get(&target.0) {
                Some(owner) => owner.clone(),
                None => match owners.parameters.get(&target.0).map(Vec::as_slice) {
                    Some([owner]) if target.1.is_none() => owner.clone(),
                    Some(stacks) if target.1.is_none() && stacks.len() > 1 => {
                        problems.push(AppProblem::AmbiguousParameter {
                            stack: user.clone(),
                            parameter: target.0.clone(),
                            stacks: stacks.to_vec(),
                        });
                        continue;
                    }
                    _ => {
                        // A transform may create names the app cannot see; validation judges those.
                        if template.transform.is_empty() {
                            problems.push(AppProblem::UnknownReference {
                                stack: user.clone(),
                                at,
                                target: target.0.clone(),
                            });
                        }
                        continue;
                    }
                },
            };
            if owner == *user {
                continue;
            }
            if router.is_member(user) || router.is_member(&owner) {
                problems.push(AppProblem::StackSetReference { stack: user.clone(), target: target.0.clone(), owner });
                continue;
            }
            // A `NoEcho` value may go down to a child (as a `NoEcho` parameter), never into an
            // output: outputs and exports are shown to anyone who may describe the stack.
            if router.is_secret(&owner, &target) && !router.lineage(user).contains(&owner) {
                problems.push(AppProblem::NoEchoAcross { stack: user.clone(), parameter: target.0.clone(), owner });
                continue;
            }
            let value = router.route(user, &owner, &target);
            replace.insert(target, value);
        }
        replacements.insert(user.clone(), replace);
    }
    // `DependsOn` across stacks: dropped from the template, kept as an order.
    for user in &names {
        let template = &app.stacks[user].template;
        for (resource, decl) in &template.resources {
            for id in &decl.attributes.depends_on {
                if template.resources.contains_key(id) {
                    continue;
                }
                if let Some(owner) = owners.resources.get(id).cloned() {
                    if router.is_member(user) || router.is_member(&owner) {
                        problems.push(AppProblem::StackSetReference { stack: user.clone(), target: id.clone(), owner });
                        continue;
                    }
                    router.templates[user].resources[resource].attributes.depends_on.retain(|d| d != id);
                    router.depend(user, resource, &owner, id);
                }
            }
        }
    }
    for (user, replace) in &replacements {
        if replace.is_empty() {
            continue;
        }
        let original = app.stacks[user].template.clone();
        let template = &mut router.templates[user];
        for decl in template.resources.values_mut() {
            for value in decl.properties.map_mut().values_mut() {
                rewrite(value, &original, replace);
            }
            let attributes = &mut decl.attributes;
            for value in [&mut attributes.metadata, &mut attributes.creation_policy, &mut attributes.update_policy]
                .into_iter()
                .flatten()
            {
                rewrite(value, &original, replace);
            }
        }
        for output in template.outputs.values_mut() {
            rewrite(&mut output.value, &original, replace);
            if let Some(name) = output.export_name.as_mut() {
                rewrite(name, &original, replace);
            }
        }
        for condition in template.conditions.values_mut() {
            rewrite(condition, &original, replace);
        }
        for rule in template.rules.values_mut() {
            rewrite(rule, &original, replace);
        }
        let loops = template.resource_loops.values_mut().chain(template.output_loops.values_mut());
        for section in template.transform_sections.values_mut().chain(loops) {
            rewrite(section, &original, replace);
        }
    }
    Routed { templates: router.templates, exports: router.exports, edges: router.edges }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn import(name: &str) -> Node {
        Node::call(Function::ImportValue, Node::string(name))
    }

    fn rewritten(template: &Template, text: &str) -> Node {
        let replace = HashMap::from([(("Key".to_owned(), Some("Arn".to_owned())), import("app-keys-Key-Arn"))]);
        let mut node = Node::call(Function::Sub, Node::string(text));
        rewrite(&mut node, template, &replace);
        node
    }

    fn sub(text: &str, vars: &[(&str, Node)]) -> Node {
        let map: NodeMap = vars.iter().map(|(k, v)| ((*k).to_owned(), v.clone())).collect();
        Node::call(Function::Sub, Node::List(vec![Node::string(text), Node::Map(map)]))
    }

    #[test]
    fn one_variable_serves_every_use_and_literals_stay() {
        let node = rewritten(&Template::new(), "${Key.Arn}/a ${!Key.Arn} ${Key.Arn}/b ${AWS::Region}");
        assert_eq!(
            node,
            sub("${KeyArn}/a ${!Key.Arn} ${KeyArn}/b ${AWS::Region}", &[("KeyArn", import("app-keys-Key-Arn"))])
        );
    }

    #[test]
    fn a_variable_shadows_nothing_of_the_stack() {
        let mut template = Template::new();
        template.resources.insert(
            "KeyArn".to_owned(),
            ResourceDecl {
                resource_type: "AWS::SQS::Queue".to_owned(),
                properties: Properties::new(),
                attributes: Attributes::new(),
                tagging: Tagging::None,
            },
        );
        let node = rewritten(&template, "${Key.Arn} ${KeyArn}");
        assert_eq!(node, sub("${KeyArn2} ${KeyArn}", &[("KeyArn2", import("app-keys-Key-Arn"))]));
    }

    #[test]
    fn a_string_naming_nothing_foreign_is_left_as_it_is() {
        let node = rewritten(&Template::new(), "${AWS::StackName}-x");
        assert_eq!(node, Node::call(Function::Sub, Node::string("${AWS::StackName}-x")));
    }

    #[test]
    fn child_logical_ids_are_pascal_case() {
        assert_eq!(child_logical_id("network", "Stack"), "NetworkStack");
        assert_eq!(child_logical_id("data-store-2", "StackSet"), "DataStore2StackSet");
    }
}
