//! The `Outputs` section.

use crate::node::Node;
use crate::template::handle::ConditionHandle;
use crate::value::Value;

/// One output of a stack: a value, optionally exported for other stacks' `Fn::ImportValue`.
#[derive(Debug, Clone, PartialEq)]
pub struct Output {
    /// `Value`
    pub value: Node,
    /// `Description`
    pub description: Option<String>,
    /// `Export.Name`
    pub export_name: Option<Node>,
    /// `Condition`
    pub condition: Option<String>,
}

impl Output {
    /// An output of `value`.
    pub fn new(value: impl Into<Value<String>>) -> Self {
        Output { value: value.into().into_node(), description: None, export_name: None, condition: None }
    }

    /// `Description`.
    pub fn description(mut self, text: impl Into<String>) -> Self {
        self.description = Some(text.into());
        self
    }

    /// `Export.Name`: export the value under this name (unique in the account and region).
    pub fn export(mut self, name: impl Into<Value<String>>) -> Self {
        self.export_name = Some(name.into().into_node());
        self
    }

    /// `Condition`: emit the output only when `condition` is true.
    pub fn condition(mut self, condition: &ConditionHandle) -> Self {
        self.condition = Some(condition.name().to_owned());
        self
    }
}
