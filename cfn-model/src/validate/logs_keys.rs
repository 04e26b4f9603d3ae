//! A key whose CloudWatch Logs grant names only some log groups encrypts only those: CloudWatch
//! Logs refuses the key for any other group when the stack is deployed. The grant's names are
//! values (often `Fn::Sub` strings with a suffix), so this is checked here, when the template is
//! emitted, for every log group whose `KmsKeyId` is the ARN of a key in the same template.

use cfn_grammar::actions::wildcard_match;

use crate::node::{Function, Node};
use crate::secure::{LOGS_GRANT_SID, log_group_arn};
use crate::template::Template;
use crate::validate::Problem;
use crate::value::Value;

pub(super) fn check(template: &Template, problems: &mut Vec<Problem>) {
    for (logical_id, group) in template.resources() {
        if group.resource_type != "AWS::Logs::LogGroup" {
            continue;
        }
        let Some(key_id) = group.properties.get("KmsKeyId").and_then(arn_of) else { continue };
        let Some(key) = template.resource(key_id) else { continue };
        let Some(patterns) = key.properties.get("KeyPolicy").and_then(logs_grant_arns) else { continue };
        let name = group.properties.get("LogGroupName");
        let group_arn = name.map(|n| log_group_arn(Value::from_node(n.clone())));
        if patterns.iter().all(|pattern| matches(pattern, group_arn.as_ref()) == Some(false)) {
            problems.push(Problem::LogGroupOutsideKeyGrant {
                logical_id: logical_id.clone(),
                key: key_id.to_owned(),
                log_group_name: name.map_or_else(|| "(a name CloudFormation generates)".to_owned(), |n| n.to_json_value().to_string()),
            });
        }
    }
}

/// The logical ID in `{"Fn::GetAtt": [id, "Arn"]}`.
fn arn_of(node: &Node) -> Option<&str> {
    match node {
        Node::Fn(Function::GetAtt, arg) => match arg.as_ref() {
            Node::List(parts) if parts.len() == 2 && parts[1].as_str() == Some("Arn") => parts[0].as_str(),
            _ => None,
        },
        _ => None,
    }
}

/// The `ArnLike` values on `kms:EncryptionContext:aws:logs:arn` of the CloudWatch Logs statement.
fn logs_grant_arns(policy: &Node) -> Option<Vec<&Node>> {
    let statements = policy.as_map()?.get("Statement")?;
    let Node::List(statements) = statements else { return None };
    let statement = statements.iter().find_map(|s| s.as_map().filter(|s| s.get("Sid").and_then(Node::as_str) == Some(LOGS_GRANT_SID)))?;
    let values = statement.get("Condition")?.as_map()?.get("ArnLike")?.as_map()?.get("kms:EncryptionContext:aws:logs:arn")?;
    Some(match values {
        Node::List(items) => items.iter().collect(),
        one => vec![one],
    })
}

/// Whether the grant's `pattern` admits the group's ARN: `Some(false)` only when that is certain
/// (both are `Fn::Sub` text, or the group has no name and the pattern names one).
fn matches(pattern: &Node, group_arn: Option<&Node>) -> Option<bool> {
    let pattern_text = sub_text(pattern)?;
    let Some(group_arn) = group_arn else {
        // A generated name is unknown here: only a pattern ending in `log-group:*` admits it.
        return Some(pattern_text.ends_with("log-group:*"));
    };
    if pattern == group_arn {
        return Some(true);
    }
    Some(wildcard_match(pattern_text, sub_text(group_arn)?))
}

/// The text of an `Fn::Sub` without a variable map.
fn sub_text(node: &Node) -> Option<&str> {
    match node {
        Node::Fn(Function::Sub, arg) => arg.as_str(),
        _ => None,
    }
}
