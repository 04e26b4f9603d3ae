//! Dynamic references: values CloudFormation reads from Systems Manager or Secrets Manager at
//! deploy time (`{{resolve:…}}`), so secrets never stand in the template.

use crate::handle::Handle;
use crate::node::{Function, Node};
use crate::value::Value;

/// `{{resolve:ssm:name}}`: the latest version of a plain Systems Manager parameter.
pub fn ssm(name: &str) -> Value<String> {
    Value::from_node(Node::String(format!("{{{{resolve:ssm:{name}}}}}")))
}

/// `{{resolve:ssm:name:version}}`: one version of a plain Systems Manager parameter.
pub fn ssm_version(name: &str, version: u32) -> Value<String> {
    Value::from_node(Node::String(format!("{{{{resolve:ssm:{name}:{version}}}}}")))
}

/// `{{resolve:ssm-secure:name:version}}`: a `SecureString` parameter (only some properties
/// accept it; see the CloudFormation documentation on dynamic references).
pub fn ssm_secure(name: &str, version: Option<u32>) -> Value<String> {
    let text = match version {
        Some(v) => format!("{{{{resolve:ssm-secure:{name}:{v}}}}}"),
        None => format!("{{{{resolve:ssm-secure:{name}}}}}"),
    };
    Value::from_node(Node::String(text))
}

/// Where a Secrets Manager reference points: a secret in this template, or one named or ARN'd
/// from outside.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SecretId {
    /// A secret in this template, by logical ID (resolved through `Fn::Sub`).
    InTemplate(String),
    /// A secret's name or ARN.
    External(String),
}

impl SecretId {
    /// A secret in this template.
    pub fn of<R: crate::handle::HasAttributes>(secret: &Handle<R>) -> Self {
        SecretId::InTemplate(secret.logical_id().to_owned())
    }

    /// A secret outside the template, by name or ARN.
    pub fn external(name_or_arn: impl Into<String>) -> Self {
        SecretId::External(name_or_arn.into())
    }
}

/// `{{resolve:secretsmanager:secret:SecretString:json_key}}`: one key of a secret's JSON string.
pub fn secrets_manager(secret: &SecretId, json_key: &str) -> Value<String> {
    match secret {
        SecretId::InTemplate(id) => Value::from_node(Node::call(
            Function::Sub,
            Node::String(format!("{{{{resolve:secretsmanager:${{{id}}}:SecretString:{json_key}}}}}")),
        )),
        SecretId::External(name) => {
            Value::from_node(Node::String(format!("{{{{resolve:secretsmanager:{name}:SecretString:{json_key}}}}}")))
        }
    }
}
