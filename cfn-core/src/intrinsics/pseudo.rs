//! Pseudo parameters: values CloudFormation supplies for every stack.

use crate::node::{Function, Node};
use crate::value::Value;

fn pseudo<T>(name: &str) -> Value<T> {
    Value::from_node(Node::call(Function::Ref, Node::string(name)))
}

/// Every pseudo parameter's name.
pub const NAMES: [&str; 8] = [
    "AWS::AccountId",
    "AWS::NotificationARNs",
    "AWS::NoValue",
    "AWS::Partition",
    "AWS::Region",
    "AWS::StackId",
    "AWS::StackName",
    "AWS::URLSuffix",
];

/// `AWS::AccountId`: the account the stack is in.
pub fn account_id() -> Value<String> {
    pseudo("AWS::AccountId")
}

/// `AWS::NotificationARNs`: the stack's notification topics.
pub fn notification_arns() -> Value<Vec<String>> {
    pseudo("AWS::NotificationARNs")
}

/// `AWS::NoValue`: removes the property it is given to (use as an `Fn::If` branch).
pub fn no_value<T>() -> Value<T> {
    pseudo("AWS::NoValue")
}

/// `AWS::Partition`: `aws`, `aws-cn`, `aws-us-gov`, … Use it in ARNs instead of a literal `aws`.
pub fn partition() -> Value<String> {
    pseudo("AWS::Partition")
}

/// `AWS::Region`: the region the stack is in.
pub fn region() -> Value<String> {
    pseudo("AWS::Region")
}

/// `AWS::StackId`: the stack's ARN.
pub fn stack_id() -> Value<String> {
    pseudo("AWS::StackId")
}

/// `AWS::StackName`: the stack's name.
pub fn stack_name() -> Value<String> {
    pseudo("AWS::StackName")
}

/// `AWS::URLSuffix`: the domain suffix, usually `amazonaws.com`.
pub fn url_suffix() -> Value<String> {
    pseudo("AWS::URLSuffix")
}
