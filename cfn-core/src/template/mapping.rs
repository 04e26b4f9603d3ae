//! The `Mappings` section: two-level lookup tables for `Fn::FindInMap`.

use crate::node::{Node, NodeMap};
use crate::value::{Json, Value};

/// A mapping: top-level keys (often region names) to second-level keys to values.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Mapping(pub(crate) NodeMap);

impl Mapping {
    /// An empty mapping.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds a top-level key with its second-level entries.
    pub fn entry<K: Into<String>, V: Into<Value<Json>>>(
        mut self,
        top_level_key: impl Into<String>,
        entries: impl IntoIterator<Item = (K, V)>,
    ) -> Self {
        let inner: NodeMap = entries.into_iter().map(|(k, v)| (k.into(), v.into().into_node())).collect();
        self.0.insert(top_level_key.into(), Node::Map(inner));
        self
    }

    /// The mapping as a node.
    pub fn to_node(&self) -> Node {
        Node::Map(self.0.clone())
    }
}
