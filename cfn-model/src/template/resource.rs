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
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Properties(NodeMap);

impl Properties {
    /// No properties.
    pub fn new() -> Self {
        Properties(NodeMap::new())
    }

    /// Sets `name`, replacing an earlier value of the same name in place.
    pub fn set(&mut self, name: &'static str, value: Node) {
        self.0.insert(name.to_owned(), value);
    }

    /// The value of `name`, if set.
    pub fn get(&self, name: &str) -> Option<&Node> {
        self.0.get(name)
    }

    /// Whether no property is set.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The properties as a mapping.
    pub fn into_map(self) -> NodeMap {
        self.0
    }

    /// The properties as a mapping, by reference.
    pub fn as_map(&self) -> &NodeMap {
        &self.0
    }

    /// The properties as a node.
    pub fn to_node(&self) -> Node {
        Node::Map(self.0.clone())
    }
}

impl From<NodeMap> for Properties {
    fn from(map: NodeMap) -> Self {
        Properties(map)
    }
}
