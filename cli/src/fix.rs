//! The fix shown as text to paste: for a log group whose key does not let CloudWatch Logs in, or
//! a key that lets Logs in for any account's groups, the key-policy statement Logs needs — the one `KeyPolicy::grant_logs(LogsGrant::account_wide())`
//! writes for typed code, taken from the library so the two never differ.

use cfn_model::Node;
use cfn_model::check::{Finding, FixShown};
use cfn_model::emit::write_node;
use cfn_model::format::Format;
use cfn_model::secure::{KeyPolicy, LOGS_GRANT_SID, LogsGrant};

use crate::source::SourceFormat;

/// A statement to add to a key's policy.
#[derive(Debug)]
pub struct Fix {
    /// The key's logical ID, when the log group names a key in the template.
    pub key: Option<String>,
    /// The statement, as a value (the JSON report carries it as JSON).
    pub statement: Node,
    /// The statement written as the template is (JSON or YAML with short-form tags).
    pub text: String,
}

/// The fix for `finding`, if a statement to add is the fix.
pub fn for_finding(finding: &Finding, format: SourceFormat) -> Option<Fix> {
    // Only the rules whose descriptor shows the fix as a key-policy statement. The key to change
    // is the one the check resolved from the finding's resource (a log group's `KmsKeyId`), or
    // the finding's own resource when that is the key.
    if finding.rule.fix() != FixShown::LogsKeyStatement {
        return None;
    }
    let key = Some(finding.targets.first().map_or_else(|| finding.logical_id.clone(), |key| key.logical_id.clone()));
    let statement = logs_statement()?;
    let text = match format {
        SourceFormat::Json => write_node(&statement, Format::Json),
        // A one-item list, so it pastes under a policy's `Statement:`.
        SourceFormat::Yaml => write_node(&Node::List(vec![statement.clone()]), Format::Yaml),
    }
    .ok()?;
    Some(Fix { key, statement, text: text.trim_end().to_owned() })
}

/// The CloudWatch Logs statement of an account-wide grant.
fn logs_statement() -> Option<Node> {
    let policy = KeyPolicy::account_root().grant_logs(LogsGrant::account_wide()).to_node();
    let Some(Node::List(statements)) = policy.as_map()?.get("Statement") else { return None };
    statements
        .iter()
        .find(|s| s.as_map().and_then(|m| m.get("Sid")).and_then(Node::as_str) == Some(LOGS_GRANT_SID))
        .cloned()
}
