//! Typed intrinsic functions. Each returns a [`Value<T>`] of what CloudFormation resolves it
//! to, so it fits any property of that type; `Ref` and `Fn::GetAtt` are methods on handles
//! (`bucket.reference()`, `key.arn()`).

pub mod dynamic;
pub mod pseudo;
pub use cfn_grammar::sub;

use crate::handle::{ConditionHandle, MappingHandle};
use crate::node::{Function, Node, NodeMap};
use crate::value::Value;

fn call<T>(function: Function, argument: Node) -> Value<T> {
    Value::from_node(Node::call(function, argument))
}

/// `Fn::Sub` with the variables in the string only: `${AWS::Region}`, `${LogicalId}`,
/// `${LogicalId.Attribute}`. References are checked when the template is emitted; prefer the
/// `sub!` macro, which checks the string's grammar and pseudo parameters at compile time.
pub fn sub(template: impl Into<String>) -> Value<String> {
    call(Function::Sub, Node::String(template.into()))
}

/// `Fn::Sub` with a variable map: each `${name}` in `template` that is a key of `variables`
/// takes that value.
pub fn sub_with<K: Into<String>>(
    template: impl Into<String>,
    variables: impl IntoIterator<Item = (K, Value<String>)>,
) -> Value<String> {
    let vars: NodeMap = variables.into_iter().map(|(k, v)| (k.into(), v.into_node())).collect();
    call(Function::Sub, Node::List(vec![Node::String(template.into()), Node::Map(vars)]))
}

/// `Fn::Join`: the values joined with `delimiter`.
pub fn join(delimiter: impl Into<String>, values: impl Into<Value<Vec<String>>>) -> Value<String> {
    call(Function::Join, Node::List(vec![Node::String(delimiter.into()), values.into().into_node()]))
}

/// `Fn::Select`: the item at `index` (from 0).
pub fn select<T>(index: impl Into<Value<i64>>, list: impl Into<Value<Vec<T>>>) -> Value<T> {
    call(Function::Select, Node::List(vec![index.into().into_node(), list.into().into_node()]))
}

/// `Fn::Split`: `source` split on `delimiter`.
pub fn split(delimiter: impl Into<String>, source: impl Into<Value<String>>) -> Value<Vec<String>> {
    call(Function::Split, Node::List(vec![Node::String(delimiter.into()), source.into().into_node()]))
}

/// `Fn::If`: `when_true` if `condition` holds, else `when_false`. Use
/// [`pseudo::no_value`] as a branch to leave a property unset.
pub fn condition_if<T>(
    condition: &ConditionHandle,
    when_true: impl Into<Value<T>>,
    when_false: impl Into<Value<T>>,
) -> Value<T> {
    call(
        Function::If,
        Node::List(vec![Node::string(condition.name()), when_true.into().into_node(), when_false.into().into_node()]),
    )
}

/// `Fn::FindInMap`: `map[top_level_key][second_level_key]`.
pub fn find_in_map<T>(
    map: &MappingHandle,
    top_level_key: impl Into<Value<String>>,
    second_level_key: impl Into<Value<String>>,
) -> Value<T> {
    call(
        Function::FindInMap,
        Node::List(vec![
            Node::string(map.name()),
            top_level_key.into().into_node(),
            second_level_key.into().into_node(),
        ]),
    )
}

/// `Fn::ImportValue`: the value another stack exported under `export_name`.
pub fn import_value(export_name: impl Into<Value<String>>) -> Value<String> {
    call(Function::ImportValue, export_name.into().into_node())
}

/// `Fn::GetStackOutput`: the value of output `output_name` of the stack `stack_name`, read when
/// this stack is created or updated. Unlike [`import_value`], the other stack need not export it,
/// and [`StackOutput::region`] and [`StackOutput::role_arn`] reach a stack of another Region or
/// account. The reference is weak: a later change to the other stack does not update this one
/// (<https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/intrinsic-function-reference-getstackoutput.html>).
///
/// ```
/// use cfn_core::{Value, fns};
/// let name: Value<String> = fns::get_stack_output("network", "VpcId").region("eu-west-1").into_value();
/// assert_eq!(
///     name.node().to_json_value(),
///     serde_json::json!({"Fn::GetStackOutput": {"StackName": "network", "OutputName": "VpcId", "Region": "eu-west-1"}})
/// );
/// ```
pub fn get_stack_output(stack_name: impl Into<Value<String>>, output_name: impl Into<Value<String>>) -> StackOutput {
    StackOutput { stack_name: stack_name.into(), output_name: output_name.into(), region: None, role_arn: None }
}

/// An `Fn::GetStackOutput` under construction: [`get_stack_output`].
#[derive(Debug, Clone, PartialEq)]
pub struct StackOutput {
    stack_name: Value<String>,
    output_name: Value<String>,
    region: Option<Value<String>>,
    role_arn: Option<Value<String>>,
}

impl StackOutput {
    /// `Region`: the Region of the other stack (by default this stack's).
    pub fn region(mut self, region: impl Into<Value<String>>) -> Self {
        self.region = Some(region.into());
        self
    }

    /// `RoleArn`: a role allowed `cloudformation:DescribeStacks` on the other stack, which this
    /// stack's execution role can assume (for a stack of another account).
    pub fn role_arn(mut self, role_arn: impl Into<Value<String>>) -> Self {
        self.role_arn = Some(role_arn.into());
        self
    }

    /// The output's value. The function is written as a map (`{"Fn::GetStackOutput": {…}}`):
    /// its YAML short form cannot hold other short forms, so the long form is the one that
    /// always reads back.
    pub fn into_value(self) -> Value<String> {
        let mut arg = NodeMap::new();
        arg.insert("StackName".to_owned(), self.stack_name.into_node());
        arg.insert("OutputName".to_owned(), self.output_name.into_node());
        if let Some(region) = self.region {
            arg.insert("Region".to_owned(), region.into_node());
        }
        if let Some(role_arn) = self.role_arn {
            arg.insert("RoleArn".to_owned(), role_arn.into_node());
        }
        let mut call = NodeMap::new();
        call.insert("Fn::GetStackOutput".to_owned(), Node::Map(arg));
        Value::from_node(Node::Map(call))
    }
}

impl From<StackOutput> for Value<String> {
    fn from(output: StackOutput) -> Self {
        output.into_value()
    }
}

/// `Fn::GetAZs`: the availability zones of `region` (`""` or [`pseudo::region`] for the
/// stack's own region).
pub fn get_azs(region: impl Into<Value<String>>) -> Value<Vec<String>> {
    call(Function::GetAZs, region.into().into_node())
}

/// `Fn::Cidr`: `count` CIDR blocks of `cidr_bits` host bits carved from `ip_block`.
pub fn cidr(
    ip_block: impl Into<Value<String>>,
    count: impl Into<Value<i64>>,
    cidr_bits: impl Into<Value<i64>>,
) -> Value<Vec<String>> {
    call(
        Function::Cidr,
        Node::List(vec![ip_block.into().into_node(), count.into().into_node(), cidr_bits.into().into_node()]),
    )
}

/// `Fn::Base64`: the value, base64-encoded (EC2 user data).
pub fn base64(value: impl Into<Value<String>>) -> Value<String> {
    call(Function::Base64, value.into().into_node())
}

/// `Fn::Length` (needs the `AWS::LanguageExtensions` transform): the number of items.
pub fn length<T>(list: impl Into<Value<Vec<T>>>) -> Value<i64> {
    call(Function::Length, list.into().into_node())
}

/// `Fn::ToJsonString` (needs the `AWS::LanguageExtensions` transform): the value as a JSON
/// string.
pub fn to_json_string(value: impl Into<Value<crate::Json>>) -> Value<String> {
    call(Function::ToJsonString, value.into().into_node())
}

/// `Fn::Transform`: run the macro `name` with `parameters` over this part of the template.
pub fn transform<T>(name: impl Into<String>, parameters: NodeMap) -> Value<T> {
    let mut arg = NodeMap::new();
    arg.insert("Name".to_owned(), Node::String(name.into()));
    arg.insert("Parameters".to_owned(), Node::Map(parameters));
    call(Function::Transform, Node::Map(arg))
}

/// A condition: what the `Conditions` section holds, built with [`equals`], [`and`], [`or`],
/// [`not`] or from a named condition.
#[derive(Debug, Clone, PartialEq)]
pub struct ConditionExpr(Node);

impl ConditionExpr {
    /// The node this condition lowers to.
    pub fn into_node(self) -> Node {
        self.0
    }
}

impl From<&ConditionHandle> for ConditionExpr {
    /// `{"Condition": "Name"}`: a named condition used inside another.
    fn from(handle: &ConditionHandle) -> Self {
        ConditionExpr(Node::call(Function::Condition, Node::string(handle.name())))
    }
}

/// `Fn::Equals`: whether two values are equal. The left side fixes the type, so the right side
/// may be a literal: `equals(env.reference(), "prod")`.
pub fn equals<T>(left: Value<T>, right: impl Into<Value<T>>) -> ConditionExpr {
    ConditionExpr(Node::call(Function::Equals, Node::List(vec![left.into_node(), right.into().into_node()])))
}

fn combine(function: Function, conditions: impl IntoIterator<Item = impl Into<ConditionExpr>>) -> ConditionExpr {
    let items = conditions.into_iter().map(|c| c.into().0).collect();
    ConditionExpr(Node::call(function, Node::List(items)))
}

/// `Fn::And`: all of 2 to 10 conditions.
pub fn and(conditions: impl IntoIterator<Item = impl Into<ConditionExpr>>) -> ConditionExpr {
    combine(Function::And, conditions)
}

/// `Fn::Or`: any of 2 to 10 conditions.
pub fn or(conditions: impl IntoIterator<Item = impl Into<ConditionExpr>>) -> ConditionExpr {
    combine(Function::Or, conditions)
}

/// `Fn::Not`: the condition negated.
pub fn not(condition: impl Into<ConditionExpr>) -> ConditionExpr {
    ConditionExpr(Node::call(Function::Not, Node::List(vec![condition.into().0])))
}

/// `Fn::Sub` from a template string whose variables were checked at compile time by `sub!`:
/// every `${name}` that is not a pseudo parameter is one of `variables`. A variable whose value
/// is a plain `Ref` or `Fn::GetAtt` is written into the string (`${Bucket}`,
/// `${Db.Endpoint.Address}`), as a person would; any other value goes into the variable map.
#[doc(hidden)]
pub fn sub_checked(template: &str, variables: Vec<(&str, Node)>) -> Value<String> {
    let mut text = String::with_capacity(template.len());
    let mut map = NodeMap::new();
    let mut rest = template;
    while let Some(start) = rest.find("${") {
        text.push_str(&rest[..start]);
        let after = &rest[start + 2..];
        let Some(end) = after.find('}').filter(|_| !after.starts_with('!')) else {
            // `${!Literal}` or text the grammar let through: copy as it is.
            text.push_str("${");
            rest = after;
            continue;
        };
        let name = &after[..end];
        match variables.iter().find(|(n, _)| *n == name).map(|(_, node)| node) {
            Some(Node::Fn(Function::Ref, arg)) if arg.as_str().is_some() => {
                text.push_str(&format!("${{{}}}", arg.as_str().unwrap_or_default()));
            }
            Some(Node::Fn(Function::GetAtt, arg)) if plain_get_att(arg).is_some() => {
                text.push_str(&format!("${{{}}}", plain_get_att(arg).unwrap_or_default()));
            }
            Some(other) => {
                map.insert(name.to_owned(), other.clone());
                text.push_str(&format!("${{{name}}}"));
            }
            None => text.push_str(&format!("${{{name}}}")),
        }
        rest = &after[end + 1..];
    }
    text.push_str(rest);
    if map.is_empty() {
        call(Function::Sub, Node::String(text))
    } else {
        call(Function::Sub, Node::List(vec![Node::String(text), Node::Map(map)]))
    }
}

fn plain_get_att(arg: &Node) -> Option<String> {
    match arg {
        Node::List(parts) => match parts.as_slice() {
            [Node::String(id), Node::String(attribute)] => Some(format!("{id}.{attribute}")),
            _ => None,
        },
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn get_stack_output_writes_the_settings_it_is_given() {
        let plain: Value<String> = get_stack_output("producer", "TopicName").into();
        assert_eq!(
            plain.node().to_json_value(),
            json!({"Fn::GetStackOutput": {"StackName": "producer", "OutputName": "TopicName"}})
        );
        let across = get_stack_output(pseudo::stack_name(), "TopicName")
            .region(pseudo::region())
            .role_arn("arn:aws:iam::123456789012:role/cross-account")
            .into_value();
        assert_eq!(
            across.node().to_json_value(),
            json!({"Fn::GetStackOutput": {
                "StackName": {"Ref": "AWS::StackName"},
                "OutputName": "TopicName",
                "Region": {"Ref": "AWS::Region"},
                "RoleArn": "arn:aws:iam::123456789012:role/cross-account"
            }})
        );
    }
}
