//! The fix shown as text to paste, in the template's own format (JSON or YAML with short-form
//! tags): for a log group whose key does not let CloudWatch Logs in, or a key that lets Logs in
//! for any account's groups, the key-policy statement Logs needs — the one
//! `KeyPolicy::grant_logs(LogsGrant::account_wide())` writes for typed code, taken from the library
//! so the two never differ; for the rules whose findings carry their fix as template text
//! ([`FixShown::TemplateText`]: the key statement a delivering service needs, the log group a
//! service would otherwise create), that text. The messages also name the typed API, for typed
//! programs; a template read from a file is shown what to add to the file.

use cfn_model::Node;
use cfn_model::check::{Finding, FixShown, TemplateFix};
use cfn_model::emit::write_node;
use cfn_model::format::Format;
use cfn_model::secure::{KeyPolicy, LOGS_GRANT_SID, LogsGrant};

use crate::source::SourceFormat;

/// What to add to the template.
#[derive(Debug)]
pub struct Fix {
    /// What the text is, for the report: "the statement CloudWatch Logs needs in the key policy
    /// of `LogsKey`".
    pub heading: String,
    /// The key whose policy takes the statement, when the fix is a statement and the key is in
    /// the template.
    pub key: Option<String>,
    /// The statement to add, as a value (the JSON report carries it as JSON).
    pub statement: Option<Node>,
    /// The resource to add: its logical ID and the resource (`Type`, `Properties`).
    pub resource: Option<(String, Node)>,
    /// The statement or resource written as the template is (JSON or YAML with short-form tags).
    pub text: String,
}

/// The fix for `finding`, if something to add is the fix.
pub fn for_finding(finding: &Finding, format: SourceFormat) -> Option<Fix> {
    match (finding.rule.fix(), finding.fix.as_deref()) {
        (FixShown::TemplateText, Some(TemplateFix::Statement { policy_of, statement })) => {
            let text = statement_text(statement, format)?;
            Some(Fix {
                heading: format!("the statement to add to the key policy of `{policy_of}`"),
                key: Some(policy_of.clone()),
                statement: Some(statement.clone()),
                resource: None,
                text,
            })
        }
        (FixShown::TemplateText, Some(TemplateFix::Resource { logical_id, resource })) => {
            let mut named = cfn_model::NodeMap::new();
            named.insert(logical_id.clone(), resource.clone());
            let text = write_node(&Node::Map(named), format_of(format)).ok()?;
            Some(Fix {
                heading: "the resource to add under `Resources`".to_owned(),
                key: None,
                statement: None,
                resource: Some((logical_id.clone(), resource.clone())),
                text: text.trim_end().to_owned(),
            })
        }
        // The key to change is the one the check resolved from the finding's resource (a log
        // group's `KmsKeyId`), or the finding's own resource when that is the key.
        (FixShown::LogsKeyStatement, _) => {
            let key = finding.targets.first().map_or_else(|| finding.logical_id.clone(), |key| key.logical_id.clone());
            let statement = logs_statement()?;
            let text = statement_text(&statement, format)?;
            Some(Fix {
                heading: format!("the statement CloudWatch Logs needs in the key policy of `{key}`"),
                key: Some(key),
                statement: Some(statement),
                resource: None,
                text,
            })
        }
        _ => None,
    }
}

fn format_of(format: SourceFormat) -> Format {
    match format {
        SourceFormat::Json => Format::Json,
        SourceFormat::Yaml => Format::Yaml,
    }
}

/// A statement as the template would hold it: JSON, or in YAML a one-item list, so it pastes under
/// a policy's `Statement:`.
fn statement_text(statement: &Node, format: SourceFormat) -> Option<String> {
    let text = match format {
        SourceFormat::Json => write_node(statement, Format::Json),
        SourceFormat::Yaml => write_node(&Node::List(vec![statement.clone()]), Format::Yaml),
    }
    .ok()?;
    Some(text.trim_end().to_owned())
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
