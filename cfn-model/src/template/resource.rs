//! The trait every resource type implements, and the property bag generated types fill.

use crate::node::{Node, NodeMap};

/// A CloudFormation resource type: generated for every type in AWS's registry schemas, and
/// written by hand for the guarded types of [`crate::secure`].
pub trait Resource {
    /// The CloudFormation type name, e.g. `AWS::Logs::LogGroup`.
    const TYPE: &'static str;

    /// The resource's `Properties`, in the order they were set.
    fn into_properties(self) -> Properties;
}

/// The properties of a resource or of a property type, in the order they were set.
///
/// Generated types keep their properties here, which keeps generated code to one line per
/// setter; typing lives in the setters' signatures.
///
/// A few typed setters also record that the resource must be created after another one that
/// it does not reference (a database after the log groups RDS will write to); adding the
/// resource to a template turns those into `DependsOn`.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Properties {
    map: NodeMap,
    after: Vec<String>,
}

impl Properties {
    /// No properties.
    pub fn new() -> Self {
        Properties::default()
    }

    /// Sets `name`, replacing an earlier value of the same name in place.
    pub fn set(&mut self, name: &'static str, value: Node) {
        self.map.insert(name.to_owned(), value);
    }

    /// The value of `name`, if set.
    pub fn get(&self, name: &str) -> Option<&Node> {
        self.map.get(name)
    }

    /// Whether no property is set.
    pub fn is_empty(&self) -> bool {
        self.map.is_empty()
    }

    /// The properties as a mapping.
    pub fn into_map(self) -> NodeMap {
        self.map
    }

    /// The properties as a mapping, by reference.
    pub fn as_map(&self) -> &NodeMap {
        &self.map
    }

    /// The properties as a node.
    pub fn to_node(&self) -> Node {
        Node::Map(self.map.clone())
    }

    /// Records that the resource must be created after `logical_id`.
    pub(crate) fn create_after(&mut self, logical_id: &str) {
        if !self.after.iter().any(|id| id == logical_id) {
            self.after.push(logical_id.to_owned());
        }
    }

    /// The logical IDs recorded by [`Properties::create_after`].
    pub(crate) fn take_dependencies(&mut self) -> Vec<String> {
        std::mem::take(&mut self.after)
    }
}

impl From<NodeMap> for Properties {
    fn from(map: NodeMap) -> Self {
        Properties { map, after: Vec::new() }
    }
}
