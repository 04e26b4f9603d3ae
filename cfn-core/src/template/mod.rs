//! The template: its sections, and the typed ways to fill them.

pub mod attributes;
pub mod construct;
pub use crate::handle;
pub mod mapping;
pub mod output;
pub mod parameter;
pub mod resource;
pub(crate) mod sections;

use indexmap::IndexMap;

use crate::intrinsics::ConditionExpr;
use crate::node::{Node, NodeMap};
use attributes::Attributes;
use handle::{ConditionHandle, Handle, MappingHandle, ParameterHandle};
use mapping::Mapping;
use output::Output;
use parameter::{Parameter, ParameterDecl};
use resource::{Properties, Resource, Tagging};

/// The only `AWSTemplateFormatVersion` there is.
pub const FORMAT_VERSION: &str = "2010-09-09";

/// One resource as it stands in the template: its type, properties and attributes.
#[derive(Debug, Clone, PartialEq)]
pub struct ResourceDecl {
    /// `Type`, e.g. `AWS::Logs::LogGroup`.
    pub resource_type: String,
    /// `Properties`.
    pub properties: Properties,
    /// `DependsOn`, `Condition`, `DeletionPolicy` and the other attributes.
    pub attributes: Attributes,
    /// The shape of the type's `Tags` (from [`Resource::TAGGING`]; `None` when parsed or raw).
    pub tagging: Tagging,
}

/// Which section a name was declared in, for error messages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Section {
    /// `Parameters`
    Parameters,
    /// `Mappings`
    Mappings,
    /// `Conditions`
    Conditions,
    /// `Resources`
    Resources,
    /// `Outputs`
    Outputs,
}

impl Section {
    /// The section's name in a template.
    pub fn as_str(self) -> &'static str {
        match self {
            Section::Parameters => "Parameters",
            Section::Mappings => "Mappings",
            Section::Conditions => "Conditions",
            Section::Resources => "Resources",
            Section::Outputs => "Outputs",
        }
    }
}

/// A CloudFormation template.
///
/// Add parts with [`Template::add`], [`Template::parameter`], [`Template::condition`],
/// [`Template::mapping`] and [`Template::output`]; each gives back a handle through which the
/// part is referenced. Nothing is checked while adding: [`Template::to_json`],
/// [`Template::to_yaml`] and [`Template::emit`] validate the whole template first and return
/// every problem at once.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Template {
    pub(crate) format_version: Option<String>,
    pub(crate) description: Option<String>,
    pub(crate) metadata: NodeMap,
    pub(crate) transform: Vec<String>,
    pub(crate) parameters: IndexMap<String, ParameterDecl>,
    pub(crate) rules: NodeMap,
    pub(crate) mappings: IndexMap<String, Mapping>,
    pub(crate) conditions: IndexMap<String, Node>,
    pub(crate) resources: IndexMap<String, ResourceDecl>,
    pub(crate) outputs: IndexMap<String, Output>,
    /// Top-level sections a `Transform` reads (AWS SAM's `Globals`), kept as written: only a
    /// parsed template with a `Transform` has them.
    pub(crate) transform_sections: NodeMap,
    /// `Fn::ForEach::<Name>` entries of `Resources` (`AWS::LanguageExtensions`), kept as written.
    pub(crate) resource_loops: NodeMap,
    /// `Fn::ForEach::<Name>` entries of `Outputs` (`AWS::LanguageExtensions`), kept as written.
    pub(crate) output_loops: NodeMap,
    /// Names added twice, kept for validation: adding never fails.
    pub(crate) duplicates: Vec<(Section, String)>,
    /// Guarded properties set through the untyped escape hatch: (logical ID, type, property).
    pub(crate) refused: Vec<(String, String, String)>,
    /// Values set against what a typed setter pinned: (logical ID, what happened).
    pub(crate) conflicts: Vec<(String, String)>,
    /// The compliance regime the template is scoped to (set by `Stack<C>`, kept by
    /// `into_template`): the final-template check holds every resource to it.
    pub(crate) scope: Option<&'static str>,
}

/// The reader of references asks a template what it declares.
impl crate::reference::Declarations for Template {
    fn resource_type(&self, logical_id: &str) -> Option<&str> {
        self.resources.get(logical_id).map(|decl| decl.resource_type.as_str())
    }

    fn has_parameter(&self, name: &str) -> bool {
        self.parameters.contains_key(name)
    }
}

impl Template {
    /// An empty template with `AWSTemplateFormatVersion: 2010-09-09`.
    pub fn new() -> Self {
        Template { format_version: Some(FORMAT_VERSION.to_owned()), ..Template::default() }
    }

    /// Sets `Description`.
    pub fn set_description(&mut self, text: impl Into<String>) -> &mut Self {
        self.description = Some(text.into());
        self
    }

    /// Adds a `Transform` (e.g. `AWS::Serverless-2016-10-31`, `AWS::LanguageExtensions`).
    pub fn add_transform(&mut self, name: impl Into<String>) -> &mut Self {
        self.transform.push(name.into());
        self
    }

    /// Sets one key of the template's `Metadata`.
    pub fn set_metadata(&mut self, key: impl Into<String>, value: impl Into<crate::Value<crate::Json>>) -> &mut Self {
        self.metadata.insert(key.into(), value.into().into_node());
        self
    }

    /// Sets one rule of the `Rules` section (raw: rules are rarely used and untyped here).
    pub fn set_rule(&mut self, name: impl Into<String>, rule: impl Into<crate::Value<crate::Json>>) -> &mut Self {
        self.rules.insert(name.into(), rule.into().into_node());
        self
    }

    /// Sets a top-level section a `Transform` reads (AWS SAM's `Globals`), kept as written;
    /// the template needs that transform ([`Template::add_transform`]).
    pub fn set_transform_section(
        &mut self,
        name: impl Into<String>,
        value: impl Into<crate::Value<crate::Json>>,
    ) -> &mut Self {
        self.transform_sections.insert(name.into(), value.into().into_node());
        self
    }

    /// Adds a resource under `logical_id`.
    pub fn add<R: Resource>(&mut self, logical_id: &str, resource: R) -> Handle<R> {
        self.add_with(logical_id, resource, Attributes::new())
    }

    /// Adds a resource under `logical_id` with attributes (`DependsOn`, `DeletionPolicy`, …).
    pub fn add_with<R: Resource>(&mut self, logical_id: &str, resource: R, attributes: Attributes) -> Handle<R> {
        self.add_parts(logical_id, R::TYPE, R::TAGGING, resource.into_properties(), attributes)
    }

    /// Adds a resource from its parts: the path of [`Template::add_with`], and of constructs
    /// whose parts are not [`Resource`]s of their own (a secure bucket comes with its policy).
    pub(crate) fn add_parts<R: crate::handle::HasAttributes>(
        &mut self,
        logical_id: &str,
        resource_type: &'static str,
        tagging: Tagging,
        mut properties: Properties,
        mut attributes: Attributes,
    ) -> Handle<R> {
        for conflict in properties.take_conflicts() {
            self.conflicts.push((logical_id.to_owned(), conflict));
        }
        for id in properties.take_dependencies() {
            if !attributes.depends_on.contains(&id) {
                attributes.depends_on.push(id);
            }
        }
        let decl = ResourceDecl { resource_type: resource_type.to_owned(), properties, attributes, tagging };
        self.insert_resource(logical_id, decl);
        Handle::new(logical_id)
    }

    /// Tags every taggable resource added so far with `tags`, as CloudFormation expects for its
    /// type (`[{"Key", "Value"}]` or a map), in the property its registry schema names for tags
    /// (`Tags`, or `BackupVaultTags`, `FileSystemTags`, `HostedZoneTags`, …: [`Tagging`]).
    /// A key the resource already has keeps its value; tags given as an intrinsic are left alone. Resources read from a file or added raw are
    /// tagged by their type's shape in the registry schemas; custom resources, SAM types and
    /// types whose `Tags` has a shape of its own (an Auto Scaling group's `PropagateAtLaunch`)
    /// are not tagged. `Properties` chosen by a condition as a whole are tagged in each branch.
    pub fn tag_all<K: AsRef<str>, V: Into<crate::Value<String>>>(
        &mut self,
        tags: impl IntoIterator<Item = (K, V)>,
    ) -> &mut Self {
        let tags: Vec<(String, Node)> =
            tags.into_iter().map(|(k, v)| (k.as_ref().to_owned(), v.into().into_node())).collect();
        for decl in self.resources.values_mut() {
            // Properties chosen by a condition as a whole (read from a file): each branch is
            // tagged, and nothing is written beside them (a second `Properties` would replace them).
            if let Some(chosen) = decl.attributes.other.get_mut("Properties") {
                tag_branches(chosen, decl.tagging, &tags);
            } else {
                decl.properties.add_tags(decl.tagging, &tags);
            }
        }
        self
    }

    /// Adds a resource declaration as it is (the untyped path used by the parser and by
    /// [`crate::RawResource`]).
    pub(crate) fn insert_resource(&mut self, logical_id: &str, decl: ResourceDecl) {
        if self.resources.contains_key(logical_id) || self.parameters.contains_key(logical_id) {
            self.duplicates.push((Section::Resources, logical_id.to_owned()));
        } else {
            self.resources.insert(logical_id.to_owned(), decl);
        }
    }

    /// Adds a parameter under `logical_id`.
    pub fn parameter<T>(&mut self, logical_id: &str, parameter: Parameter<T>) -> ParameterHandle<T> {
        if self.parameters.contains_key(logical_id) || self.resources.contains_key(logical_id) {
            self.duplicates.push((Section::Parameters, logical_id.to_owned()));
        } else {
            self.parameters.insert(logical_id.to_owned(), parameter.into_decl());
        }
        ParameterHandle::new(logical_id)
    }

    /// Adds a named condition.
    pub fn condition(&mut self, name: &str, condition: ConditionExpr) -> ConditionHandle {
        if self.conditions.contains_key(name) {
            self.duplicates.push((Section::Conditions, name.to_owned()));
        } else {
            self.conditions.insert(name.to_owned(), condition.into_node());
        }
        ConditionHandle::new(name)
    }

    /// Adds a named mapping.
    pub fn mapping(&mut self, name: &str, mapping: Mapping) -> MappingHandle {
        if self.mappings.contains_key(name) {
            self.duplicates.push((Section::Mappings, name.to_owned()));
        } else {
            self.mappings.insert(name.to_owned(), mapping);
        }
        MappingHandle::new(name)
    }

    /// A handle to the mapping `name`, if the template holds one (one added earlier, or read with
    /// the template).
    pub fn mapping_handle(&self, name: &str) -> Option<MappingHandle> {
        self.mappings.contains_key(name).then(|| MappingHandle::new(name))
    }

    /// A handle to the condition `name`, if the template holds one.
    pub fn condition_handle(&self, name: &str) -> Option<ConditionHandle> {
        self.conditions.contains_key(name).then(|| ConditionHandle::new(name))
    }

    /// Adds an output under `logical_id`.
    pub fn output(&mut self, logical_id: &str, output: Output) {
        if self.outputs.contains_key(logical_id) {
            self.duplicates.push((Section::Outputs, logical_id.to_owned()));
        } else {
            self.outputs.insert(logical_id.to_owned(), output);
        }
    }

    /// The compliance regime the template is scoped to, if any (see `secure::Stack`).
    pub fn scope(&self) -> Option<&'static str> {
        self.scope
    }

    /// `Description`.
    pub fn description(&self) -> Option<&str> {
        self.description.as_deref()
    }

    /// `Transform`.
    pub fn transforms(&self) -> &[String] {
        &self.transform
    }

    /// `Parameters`, in declaration order.
    pub fn parameters(&self) -> &IndexMap<String, ParameterDecl> {
        &self.parameters
    }

    /// `Mappings`, in declaration order.
    pub fn mappings(&self) -> &IndexMap<String, Mapping> {
        &self.mappings
    }

    /// `Conditions`, in declaration order.
    pub fn conditions(&self) -> &IndexMap<String, Node> {
        &self.conditions
    }

    /// `Resources`, in declaration order.
    pub fn resources(&self) -> &IndexMap<String, ResourceDecl> {
        &self.resources
    }

    /// One resource by logical ID.
    pub fn resource(&self, logical_id: &str) -> Option<&ResourceDecl> {
        self.resources.get(logical_id)
    }

    /// `Outputs`, in declaration order.
    pub fn outputs(&self) -> &IndexMap<String, Output> {
        &self.outputs
    }
}

/// Tags each branch of properties chosen by `Fn::If`: a mapping is tagged as properties are, a
/// `Ref AWS::NoValue` branch (no properties) becomes the tags alone, nested conditions are
/// followed.
fn tag_branches(node: &mut Node, tagging: crate::Tagging, tags: &[(String, Node)]) {
    match node {
        Node::Fn(crate::node::Function::If, arg) => {
            if let Node::List(parts) = &mut **arg
                && parts.len() == 3
            {
                for branch in &mut parts[1..] {
                    tag_branches(branch, tagging, tags);
                }
            }
        }
        Node::Fn(crate::node::Function::Ref, name) if name.as_str() == Some("AWS::NoValue") => {
            let mut properties = Properties::new();
            properties.add_tags(tagging, tags);
            if !properties.is_empty() {
                *node = Node::Map(properties.as_map().clone());
            }
        }
        Node::Map(map) => {
            let mut properties = Properties::from(std::mem::take(map));
            properties.add_tags(tagging, tags);
            *map = properties.as_map().clone();
        }
        _ => {}
    }
}
