//! Condition operators and condition blocks.

use crate::node::{Node, NodeMap};

/// An IAM condition operator.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[allow(missing_docs)] // Each variant is the operator of the same name.
pub enum Operator {
    StringEquals,
    StringNotEquals,
    StringEqualsIgnoreCase,
    StringNotEqualsIgnoreCase,
    StringLike,
    StringNotLike,
    NumericEquals,
    NumericNotEquals,
    NumericLessThan,
    NumericLessThanEquals,
    NumericGreaterThan,
    NumericGreaterThanEquals,
    DateEquals,
    DateNotEquals,
    DateLessThan,
    DateLessThanEquals,
    DateGreaterThan,
    DateGreaterThanEquals,
    Bool,
    BinaryEquals,
    IpAddress,
    NotIpAddress,
    ArnEquals,
    ArnLike,
    ArnNotEquals,
    ArnNotLike,
    Null,
}

impl Operator {
    /// The operator's name in a policy.
    pub fn as_str(self) -> &'static str {
        use Operator::*;
        match self {
            StringEquals => "StringEquals",
            StringNotEquals => "StringNotEquals",
            StringEqualsIgnoreCase => "StringEqualsIgnoreCase",
            StringNotEqualsIgnoreCase => "StringNotEqualsIgnoreCase",
            StringLike => "StringLike",
            StringNotLike => "StringNotLike",
            NumericEquals => "NumericEquals",
            NumericNotEquals => "NumericNotEquals",
            NumericLessThan => "NumericLessThan",
            NumericLessThanEquals => "NumericLessThanEquals",
            NumericGreaterThan => "NumericGreaterThan",
            NumericGreaterThanEquals => "NumericGreaterThanEquals",
            DateEquals => "DateEquals",
            DateNotEquals => "DateNotEquals",
            DateLessThan => "DateLessThan",
            DateLessThanEquals => "DateLessThanEquals",
            DateGreaterThan => "DateGreaterThan",
            DateGreaterThanEquals => "DateGreaterThanEquals",
            Bool => "Bool",
            BinaryEquals => "BinaryEquals",
            IpAddress => "IpAddress",
            NotIpAddress => "NotIpAddress",
            ArnEquals => "ArnEquals",
            ArnLike => "ArnLike",
            ArnNotEquals => "ArnNotEquals",
            ArnNotLike => "ArnNotLike",
            Null => "Null",
        }
    }

    /// The `…IfExists` form: the condition also holds when the key is absent.
    pub fn if_exists(self) -> Qualified {
        Qualified::from(self).if_exists()
    }

    /// `ForAnyValue:…`: for multivalued keys, at least one value matches.
    pub fn for_any_value(self) -> Qualified {
        Qualified::from(self).for_any_value()
    }

    /// `ForAllValues:…`: for multivalued keys, every value matches.
    pub fn for_all_values(self) -> Qualified {
        Qualified::from(self).for_all_values()
    }
}

/// An operator with its set qualifier and `IfExists` suffix.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Qualified {
    operator: Operator,
    if_exists: bool,
    set: Option<&'static str>,
}

impl From<Operator> for Qualified {
    fn from(operator: Operator) -> Self {
        Qualified { operator, if_exists: false, set: None }
    }
}

impl Qualified {
    /// The `…IfExists` form (not for `Null`).
    pub fn if_exists(mut self) -> Self {
        self.if_exists = self.operator != Operator::Null;
        self
    }

    /// `ForAnyValue:…`.
    pub fn for_any_value(mut self) -> Self {
        self.set = Some("ForAnyValue");
        self
    }

    /// `ForAllValues:…`.
    pub fn for_all_values(mut self) -> Self {
        self.set = Some("ForAllValues");
        self
    }

    /// The full name, e.g. `ForAnyValue:StringLikeIfExists`.
    pub fn name(&self) -> String {
        let prefix = self.set.map(|s| format!("{s}:")).unwrap_or_default();
        let suffix = if self.if_exists { "IfExists" } else { "" };
        format!("{prefix}{}{suffix}", self.operator.as_str())
    }
}

/// A statement's `Condition` block: operator → key → value or values.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Conditions(NodeMap);

impl Conditions {
    /// Adds `key` under `operator`; a second value for the same key makes a list.
    pub(crate) fn add(&mut self, operator: Qualified, key: &str, value: Node) {
        let block = self.0.entry(operator.name()).or_insert_with(|| Node::Map(NodeMap::new()));
        if let Node::Map(keys) = block {
            match keys.get_mut(key) {
                None => {
                    keys.insert(key.to_owned(), value);
                }
                Some(Node::List(values)) => values.push(value),
                Some(existing) => {
                    let first = std::mem::replace(existing, Node::Null);
                    *existing = Node::List(vec![first, value]);
                }
            }
        }
    }

    /// Whether the block is empty.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The block as a node.
    pub fn to_node(&self) -> Node {
        Node::Map(self.0.clone())
    }
}
