//! Lowering a [`Template`] to a [`Node`] tree in CloudFormation's section order, and reading
//! one back.

use crate::format::ParseError;
use crate::format::write::{Styled, StyledMap, WriteError, WriteTo, Writer};
use crate::node::{Function, Node, NodeMap};
use crate::template::attributes::{Attributes, DeletionPolicy};
use crate::template::mapping::Mapping;
use crate::template::output::Output;
use crate::template::parameter::{ParameterDecl, ParameterType};
use crate::template::resource::Properties;
use crate::template::{ResourceDecl, Template};
use crate::value::Literal;

fn put(map: &mut NodeMap, key: &str, value: Option<Node>) {
    if let Some(value) = value {
        map.insert(key.to_owned(), value);
    }
}

fn section<V>(entries: &indexmap::IndexMap<String, V>, lower: impl Fn(&V) -> Node) -> Option<Node> {
    (!entries.is_empty()).then(|| Node::Map(entries.iter().map(|(k, v)| (k.clone(), lower(v))).collect()))
}

/// A section with its `Fn::ForEach::<Name>` entries (kept as written) after the others.
fn with_loops(section: Option<Node>, loops: &NodeMap) -> Option<Node> {
    if loops.is_empty() {
        return section;
    }
    let mut entries = section.and_then(|s| s.into_map().ok()).unwrap_or_default();
    entries.extend(loops.iter().map(|(k, v)| (k.clone(), v.clone())));
    Some(Node::Map(entries))
}

/// The `Transform` names in a template's top-level mapping, as written (a name or a list).
fn transform_names(top: &NodeMap) -> Vec<&str> {
    match top.get("Transform") {
        Some(Node::String(name)) => vec![name.as_str()],
        Some(Node::List(items)) => items.iter().filter_map(Node::as_str).collect(),
        _ => Vec::new(),
    }
}

/// The transform that gives `Fn::ForEach`, `Fn::Length`, `Fn::ToJsonString`, `Fn::FindInMap`'s
/// `DefaultValue` and intrinsics in `DeletionPolicy`/`UpdateReplacePolicy`.
pub(crate) const LANGUAGE_EXTENSIONS: &str = "AWS::LanguageExtensions";

/// The prefix of a `Fn::ForEach` loop's key (`Fn::ForEach::Buckets`).
pub(crate) const FOR_EACH_PREFIX: &str = "Fn::ForEach::";

impl Template {
    /// The template as a node tree, sections in CloudFormation's documented order.
    pub fn to_node(&self) -> Node {
        let mut top = self.sections_before_resources();
        // CloudFormation requires the Resources section, even when empty.
        let resources = with_loops(section(&self.resources, resource_node), &self.resource_loops);
        top.insert("Resources".to_owned(), resources.unwrap_or(Node::Map(NodeMap::new())));
        put(&mut top, "Outputs", with_loops(section(&self.outputs, output_node), &self.output_loops));
        Node::Map(top)
    }

    /// The sections that come before `Resources`, in order.
    fn sections_before_resources(&self) -> NodeMap {
        let mut top = NodeMap::new();
        put(&mut top, "AWSTemplateFormatVersion", self.format_version.clone().map(Node::String));
        put(&mut top, "Description", self.description.clone().map(Node::String));
        put(&mut top, "Metadata", (!self.metadata.is_empty()).then(|| Node::Map(self.metadata.clone())));
        put(
            &mut top,
            "Transform",
            match self.transform.as_slice() {
                // `Transform: []` read with a section a transform reads (SAM's `Globals`): written
                // as it was, so that the template reads back.
                [] if !self.transform_sections.is_empty() => Some(Node::List(Vec::new())),
                [] => None,
                [one] => Some(Node::string(one.as_str())),
                many => Some(Node::from(many.to_vec())),
            },
        );
        top.extend(self.transform_sections.iter().map(|(k, v)| (k.clone(), v.clone())));
        put(&mut top, "Parameters", section(&self.parameters, parameter_node));
        put(&mut top, "Rules", (!self.rules.is_empty()).then(|| Node::Map(self.rules.clone())));
        put(&mut top, "Mappings", section(&self.mappings, Mapping::to_node));
        put(&mut top, "Conditions", section(&self.conditions, Clone::clone));
        top
    }

    /// Reads a JSON template (long-form intrinsics).
    ///
    /// Whole numbers past 64 bits are kept exactly ([`Node::BigInt`]).
    pub fn from_json(text: &str) -> Result<Template, ParseError> {
        Template::from_node(crate::format::read_json(text)?)
    }

    /// Reads a YAML template (short-form tags and long-form keys alike).
    ///
    /// YAML aliases are expanded as they are read, within a budget of two million values: a small
    /// document of nested aliases that would expand without end (a "billion laughs") is refused
    /// quickly, in bounded memory. A text nested far deeper than a template can be is refused
    /// before it is parsed ([`crate::format::check_nesting`]). (Feature `yaml`, on by default in
    /// typed-cfn.)
    #[cfg(feature = "yaml")]
    pub fn from_yaml(text: &str) -> Result<Template, ParseError> {
        Template::from_node(crate::format::read_yaml(text)?)
    }

    /// Reads a template from a node tree (the JSON or YAML readers call this).
    pub fn from_node(node: Node) -> Result<Template, ParseError> {
        let Ok(top) = node.into_map() else {
            return Err(ParseError::at("", "a template must be a mapping of sections"));
        };
        let mut template = Template::default();
        // What a transform reads is kept as written: sections, attributes and loops that
        // CloudFormation accepts only with it.
        let transforms = transform_names(&top);
        let transformed = top.contains_key("Transform");
        let language_extensions = transforms.contains(&LANGUAGE_EXTENSIONS);
        for (key, value) in top {
            match key.as_str() {
                "AWSTemplateFormatVersion" => template.format_version = Some(string(value, &key)?),
                "Description" => template.description = Some(string(value, &key)?),
                "Metadata" => template.metadata = map(value, &key)?,
                "Transform" => {
                    template.transform = match value.into_list() {
                        Ok(items) => items.into_iter().map(|n| string(n, "Transform")).collect::<Result<_, _>>()?,
                        Err(other) => vec![string(other, "Transform")?],
                    }
                }
                "Parameters" => {
                    for (id, decl) in map(value, &key)? {
                        if template.resources.contains_key(&id) {
                            return Err(same_id(&id));
                        }
                        let path = format!("Parameters.{id}");
                        template.parameters.insert(id, read_parameter(decl, &path)?);
                    }
                }
                "Rules" => template.rules = map(value, &key)?,
                "Mappings" => {
                    for (name, m) in map(value, &key)? {
                        template.mappings.insert(name.clone(), Mapping(map(m, &format!("Mappings.{name}"))?));
                    }
                }
                "Conditions" => template.conditions = map(value, &key)?.into_iter().collect(),
                "Resources" => {
                    let resources = map(value, &key)?;
                    template.resources.reserve(resources.len());
                    for (id, decl) in resources {
                        if language_extensions && id.starts_with(FOR_EACH_PREFIX) {
                            template.resource_loops.insert(id, decl);
                            continue;
                        }
                        if template.parameters.contains_key(&id) {
                            return Err(same_id(&id));
                        }
                        let path = format!("Resources.{id}");
                        let decl = read_resource(decl, &path, transformed)?;
                        template.insert_resource(&id, decl);
                    }
                }
                "Outputs" => {
                    for (id, out) in map(value, &key)? {
                        if language_extensions && id.starts_with(FOR_EACH_PREFIX) {
                            template.output_loops.insert(id, out);
                            continue;
                        }
                        let path = format!("Outputs.{id}");
                        template.outputs.insert(id, read_output(out, &path)?);
                    }
                }
                // A section the transform reads (AWS SAM's `Globals`).
                _ if transformed => {
                    template.transform_sections.insert(key, value);
                }
                other => {
                    return Err(ParseError::at(
                        other,
                        "unknown top-level section (expected AWSTemplateFormatVersion, Description, Metadata, Transform, Parameters, Rules, Mappings, Conditions, Resources or Outputs; a section a transform reads, such as SAM's Globals, needs its Transform)",
                    ));
                }
            }
        }
        Ok(template)
    }
}

/// A parameter and a resource of the same logical ID: CloudFormation requires a logical ID to be
/// "unique among all logical names within the template"
/// (<https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/parameters-section-structure.html>),
/// and a `Ref` to it would name either.
fn same_id(id: &str) -> ParseError {
    ParseError::at(
        &format!("Resources.{id}"),
        &format!(
            "`{id}` is both a parameter and a resource: CloudFormation refuses a template whose logical IDs are not unique across Parameters and Resources; rename one (and the references to it)"
        ),
    )
}

fn parameter_node(p: &ParameterDecl) -> Node {
    let mut m = NodeMap::new();
    m.insert("Type".to_owned(), Node::String(p.parameter_type.type_name()));
    put(&mut m, "Description", p.description.clone().map(Node::String));
    put(&mut m, "Default", p.default.clone());
    put(&mut m, "AllowedValues", (!p.allowed_values.is_empty()).then(|| Node::List(p.allowed_values.clone())));
    put(&mut m, "AllowedPattern", p.allowed_pattern.clone().map(Node::String));
    put(&mut m, "MinLength", p.min_length.map(|n| Node::Int(n as i64)));
    put(&mut m, "MaxLength", p.max_length.map(|n| Node::Int(n as i64)));
    put(&mut m, "MinValue", p.min_value.map(|n| n.to_node()));
    put(&mut m, "MaxValue", p.max_value.map(|n| n.to_node()));
    put(&mut m, "NoEcho", p.no_echo.map(Node::Bool));
    put(&mut m, "ConstraintDescription", p.constraint_description.clone().map(Node::String));
    Node::Map(m)
}

/// The logical IDs a node names through `Ref`, `Fn::GetAtt` or an `Fn::Sub` variable.
fn referenced_ids(node: &Node, ids: &mut Vec<String>) {
    ids.extend(crate::reference::mentions(node).into_iter().map(|mention| mention.name.to_owned()));
}

/// `DependsOn` less the resources this one already references: a `Ref` or `Fn::GetAtt` orders
/// them already, and repeating it draws cfn-lint W3005.
fn needed_dependencies(r: &ResourceDecl) -> Vec<String> {
    let a = &r.attributes;
    if a.depends_on.is_empty() {
        return Vec::new();
    }
    let mut referenced = Vec::new();
    for value in r.properties.as_map().values() {
        referenced_ids(value, &mut referenced);
    }
    for part in [&a.metadata, &a.creation_policy, &a.update_policy].into_iter().flatten() {
        referenced_ids(part, &mut referenced);
    }
    a.depends_on.iter().filter(|d| !referenced.contains(d)).cloned().collect()
}

fn resource_node(r: &ResourceDecl) -> Node {
    let mut m = resource_node_without_properties(r);
    if !r.properties.is_empty() {
        m.shift_insert(properties_index(&m), "Properties".to_owned(), r.properties.to_node());
    }
    Node::Map(m)
}

/// Where `Properties` goes among a resource's other entries: before the policies.
fn properties_index(entries: &NodeMap) -> usize {
    const AFTER: [&str; 4] = ["CreationPolicy", "UpdatePolicy", "DeletionPolicy", "UpdateReplacePolicy"];
    entries.keys().position(|k| AFTER.contains(&k.as_str())).unwrap_or(entries.len())
}

/// A resource's entries other than `Properties`, in the documented order (`Properties` goes
/// before `CreationPolicy`).
fn resource_node_without_properties(r: &ResourceDecl) -> NodeMap {
    let a = &r.attributes;
    let mut m = NodeMap::new();
    m.insert("Type".to_owned(), Node::string(r.resource_type.as_str()));
    put(&mut m, "Condition", a.condition.clone().map(Node::String));
    put(
        &mut m,
        "DependsOn",
        match needed_dependencies(r).as_slice() {
            [] => None,
            [one] => Some(Node::string(one.as_str())),
            many => Some(Node::from(many.to_vec())),
        },
    );
    put(&mut m, "Metadata", a.metadata.clone());
    put(&mut m, "CreationPolicy", a.creation_policy.clone());
    put(&mut m, "UpdatePolicy", a.update_policy.clone());
    put(&mut m, "DeletionPolicy", a.deletion_policy.map(|p| Node::string(p.as_str())));
    put(&mut m, "UpdateReplacePolicy", a.update_replace_policy.map(|p| Node::string(p.as_str())));
    m.extend(a.other.iter().map(|(k, v)| (k.clone(), v.clone())));
    m
}

fn output_node(o: &Output) -> Node {
    let mut m = NodeMap::new();
    put(&mut m, "Description", o.description.clone().map(Node::String));
    m.insert("Value".to_owned(), o.value.clone());
    if let Some(name) = &o.export_name {
        let mut export = NodeMap::new();
        export.insert("Name".to_owned(), name.clone());
        m.insert("Export".to_owned(), Node::Map(export));
    }
    put(&mut m, "Condition", o.condition.clone().map(Node::String));
    Node::Map(m)
}

fn string(node: Node, path: &str) -> Result<String, ParseError> {
    string_at(node, || path.to_owned())
}

/// [`string`], with the path made only for an error.
fn string_at(mut node: Node, path: impl FnOnce() -> String) -> Result<String, ParseError> {
    match node {
        Node::String(ref mut s) => Ok(std::mem::take(s)),
        // YAML readers may see `2010-09-09` or `Version: 1` as other scalars.
        Node::Int(i) => Ok(i.to_string()),
        Node::Float(f) => Ok(f.to_string()),
        Node::BigInt(ref digits) => Ok(digits.clone()),
        Node::Bool(b) => Ok(b.to_string()),
        _ => Err(ParseError::at(&path(), "expected a string")),
    }
}

fn map(node: Node, path: &str) -> Result<NodeMap, ParseError> {
    node.into_map().map_err(|_| ParseError::at(path, "expected a mapping"))
}

fn number(node: Node, path: &str) -> Result<f64, ParseError> {
    match node {
        Node::Int(i) => Ok(i as f64),
        Node::Float(f) => Ok(f),
        Node::BigInt(ref digits) => digits.parse().map_err(|_| ParseError::at(path, "expected a number")),
        Node::String(ref s) => match s.trim().parse::<f64>() {
            Ok(n) if n.is_finite() => Ok(n),
            _ => Err(ParseError::at(path, "expected a number")),
        },
        _ => Err(ParseError::at(path, "expected a number")),
    }
}

/// A `MinLength` or `MaxLength`: a whole number of characters that can be written back as it
/// was read (not `1e300`, which no integer holds, nor `-5`).
fn length(node: Node, path: &str) -> Result<u64, ParseError> {
    let n = number(node, path)?;
    if n.fract() != 0.0 || !(0.0..=i64::MAX as f64).contains(&n) {
        let shown = if n.fract() == 0.0 && n.abs() < 1e15 { format!("{}", n as i64) } else { format!("{n:?}") };
        return Err(ParseError::at(
            path,
            &format!("{shown} is not a length: give a whole number of characters, 0 or more"),
        ));
    }
    Ok(n as u64)
}

fn boolean(node: Node, path: &str) -> Result<bool, ParseError> {
    match node {
        Node::Bool(b) => Ok(b),
        Node::String(ref s) if s.eq_ignore_ascii_case("true") => Ok(true),
        Node::String(ref s) if s.eq_ignore_ascii_case("false") => Ok(false),
        _ => Err(ParseError::at(path, "expected true or false")),
    }
}

fn read_parameter(node: Node, path: &str) -> Result<ParameterDecl, ParseError> {
    let mut fields = map(node, path)?;
    let type_name = string(
        fields.shift_remove("Type").ok_or_else(|| ParseError::at(path, "a parameter needs a Type"))?,
        &format!("{path}.Type"),
    )?;
    let parameter_type = ParameterType::parse(&type_name)
        .ok_or_else(|| ParseError::at(&format!("{path}.Type"), &format!("unknown parameter type `{type_name}`")))?;
    let mut decl = ParameterDecl::new(parameter_type);
    for (key, value) in fields {
        let at = format!("{path}.{key}");
        match key.as_str() {
            "Description" => decl.description = Some(string(value, &at)?),
            "Default" => decl.default = Some(value),
            "NoEcho" => decl.no_echo = Some(boolean(value, &at)?),
            "AllowedValues" => match value.into_list() {
                Ok(items) => decl.allowed_values = items,
                Err(_) => return Err(ParseError::at(&at, "expected a list")),
            },
            "AllowedPattern" => decl.allowed_pattern = Some(string(value, &at)?),
            "MinLength" => decl.min_length = Some(length(value, &at)?),
            "MaxLength" => decl.max_length = Some(length(value, &at)?),
            "MinValue" => decl.min_value = Some(number(value, &at)?),
            "MaxValue" => decl.max_value = Some(number(value, &at)?),
            "ConstraintDescription" => decl.constraint_description = Some(string(value, &at)?),
            _ => return Err(ParseError::at(&at, "unknown parameter property")),
        }
    }
    Ok(decl)
}

/// Reads one resource. `transformed`: the template names a `Transform`, which may read
/// attributes CloudFormation does not know, or intrinsics where it takes only text; those are
/// kept as written.
pub(crate) fn read_resource(node: Node, path: &str, transformed: bool) -> Result<ResourceDecl, ParseError> {
    let mut fields = map(node, path)?;
    let resource_type =
        string_at(fields.shift_remove("Type").ok_or_else(|| ParseError::at(path, "a resource needs a Type"))?, || {
            format!("{path}.Type")
        })?;
    let mut properties = Properties::new();
    let mut attributes = Attributes::new();
    for (key, value) in fields {
        // Where an error is, made only for an error.
        let at = || format!("{path}.{key}");
        match key.as_str() {
            "Properties" => match value {
                Node::Map(_) => properties = Properties::from(value.into_map().unwrap_or_default()),
                // Properties chosen by a condition as a whole (`Fn::If [Cond, {…}, {…}]`):
                // kept as written (its references are still validated).
                Node::Fn(Function::If, _) => {
                    attributes.other.insert(key, value);
                }
                _ => return Err(ParseError::at(&at(), "expected a mapping (or an Fn::If choosing between mappings)")),
            },
            "DependsOn" => {
                attributes.depends_on = match value.into_list() {
                    Ok(items) => items.into_iter().map(|n| string_at(n, at)).collect::<Result<_, _>>()?,
                    Err(other) => vec![string_at(other, at)?],
                }
            }
            "Condition" => attributes.condition = Some(string_at(value, at)?),
            // An intrinsic here (`!Ref Policy`, `!If`, `!FindInMap`), documented with
            // `AWS::LanguageExtensions` and accepted by cfn-lint without it: kept as written.
            "DeletionPolicy" | "UpdateReplacePolicy" if matches!(value, Node::Fn(..)) => {
                attributes.other.insert(key, value);
            }
            "DeletionPolicy" | "UpdateReplacePolicy" => {
                let name = string_at(value, at)?;
                let policy = DeletionPolicy::parse(&name).ok_or_else(|| {
                    ParseError::at(&at(), "expected Delete, Retain, RetainExceptOnCreate or Snapshot")
                })?;
                if key == "DeletionPolicy" {
                    attributes.deletion_policy = Some(policy);
                } else {
                    attributes.update_replace_policy = Some(policy);
                }
            }
            "Metadata" => attributes.metadata = Some(value),
            "CreationPolicy" => attributes.creation_policy = Some(value),
            "UpdatePolicy" => attributes.update_policy = Some(value),
            // The version of a custom resource's provider contract, and a resource's
            // `Description` (which CloudFormation accepts and ignores): kept as they are.
            "Version" | "Description" => {
                attributes.other.insert(key, value);
            }
            // An attribute a transform or macro reads.
            _ if transformed => {
                attributes.other.insert(key, value);
            }
            _ => {
                return Err(ParseError::at(
                    &at(),
                    "unknown resource attribute (one a macro reads needs the template's Transform)",
                ));
            }
        }
    }
    let tagging = crate::data::tagging::tagging_of(&resource_type);
    Ok(ResourceDecl { resource_type, properties, attributes, tagging })
}

fn read_output(node: Node, path: &str) -> Result<Output, ParseError> {
    let mut fields = map(node, path)?;
    let value = fields.shift_remove("Value").ok_or_else(|| ParseError::at(path, "an output needs a Value"))?;
    let mut output = Output { value, description: None, export_name: None, condition: None };
    for (key, value) in fields {
        let at = format!("{path}.{key}");
        match key.as_str() {
            "Description" => output.description = Some(string(value, &at)?),
            "Export" => {
                let mut export = map(value, &at)?;
                output.export_name =
                    Some(export.shift_remove("Name").ok_or_else(|| ParseError::at(&at, "an export needs a Name"))?);
            }
            "Condition" => output.condition = Some(string(value, &at)?),
            _ => return Err(ParseError::at(&at, "unknown output property")),
        }
    }
    Ok(output)
}

/// The template as written by `emit`: what [`Template::to_node`] gives, but resources are
/// written in place rather than copied into a node tree first (they are most of a template).
pub(crate) struct TemplateView<'a>(pub(crate) &'a Template);

impl WriteTo for TemplateView<'_> {
    fn write_to(&self, out: &mut dyn Writer) -> Result<(), WriteError> {
        let template = self.0;
        let head = template.sections_before_resources();
        let outputs = with_loops(section(&template.outputs, output_node), &template.output_loops);
        out.begin_map()?;
        for (key, node) in &head {
            out.key(key)?;
            Styled::new(node).write_to(out)?;
        }
        out.key("Resources")?;
        ResourcesView { resources: &template.resources, loops: &template.resource_loops }.write_to(out)?;
        if let Some(outputs) = &outputs {
            out.key("Outputs")?;
            Styled::new(outputs).write_to(out)?;
        }
        out.end()
    }
}

struct ResourcesView<'a> {
    resources: &'a indexmap::IndexMap<String, ResourceDecl>,
    loops: &'a NodeMap,
}

impl WriteTo for ResourcesView<'_> {
    fn write_to(&self, out: &mut dyn Writer) -> Result<(), WriteError> {
        out.begin_map()?;
        for (id, r) in self.resources {
            // Everything but the properties is small: lower it as `to_node` does.
            let mut head = resource_node_without_properties(r);
            let tail = head.split_off(properties_index(&head));
            out.key(id)?;
            ResourceView { head: &head, properties: r.properties.as_map(), tail: &tail }.write_to(out)?;
        }
        for (key, node) in self.loops {
            out.key(key)?;
            Styled::new(node).write_to(out)?;
        }
        out.end()
    }
}

struct ResourceView<'a> {
    head: &'a NodeMap,
    properties: &'a NodeMap,
    tail: &'a NodeMap,
}

impl WriteTo for ResourceView<'_> {
    fn write_to(&self, out: &mut dyn Writer) -> Result<(), WriteError> {
        out.begin_map()?;
        for (key, node) in self.head {
            out.key(key)?;
            Styled::new(node).write_to(out)?;
        }
        if !self.properties.is_empty() {
            out.key("Properties")?;
            StyledMap(self.properties).write_to(out)?;
        }
        for (key, node) in self.tail {
            out.key(key)?;
            Styled::new(node).write_to(out)?;
        }
        out.end()
    }
}
