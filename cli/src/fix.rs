//! The fix shown as text to paste, in the template's own format (JSON or YAML with short-form
//! tags): for a log group whose key does not let CloudWatch Logs in, or a key that lets Logs in
//! for any account's groups, the key-policy statement Logs needs — the one
//! `KeyPolicy::grant_logs(LogsGrant::account_wide())` writes for typed code, taken from the library
//! so the two never differ; for the rules whose findings carry their fix as template text
//! ([`FixShown::TemplateText`]: a statement for a key, resource or trust policy, a resource to
//! add, a property to set, a `DependsOn` to add), that text. The messages are in the template's
//! terms (the typed API is named only in typed programs' errors); a template read from a file is
//! shown what to add or change in the file.

use cfn_model::Node;
use cfn_model::check::{Finding, FixShown, TemplateFix};
use cfn_model::emit::write_node;
use cfn_model::format::Format;
use cfn_model::secure::{KeyPolicy, LOGS_GRANT_SID, LogsGrant};

use crate::source::SourceFormat;

/// What to add to the template, or change in it.
#[derive(Debug)]
pub struct Fix {
    /// What the text is, for the report: "the statement CloudWatch Logs needs in the key policy
    /// of `LogsKey`".
    pub heading: String,
    /// The key whose policy takes the statement, when the fix is a key-policy statement and the
    /// key is in the template.
    pub key: Option<String>,
    /// The resource whose policy takes the statement, and the property holding the policy
    /// (`KeyPolicy`, `PolicyDocument`, `AssumeRolePolicyDocument`), when the fix is a statement.
    pub policy: Option<(String, String)>,
    /// The statements to add, as values (the JSON report carries them as JSON).
    pub statements: Vec<Node>,
    /// The resource to add: its logical ID and the resource (`Type`, `Properties`).
    pub resource: Option<(String, Node)>,
    /// The property to set: the resource's logical ID, the path under `Properties`, the value.
    pub property: Option<(String, Vec<String>, Node)>,
    /// The logical IDs to add to a resource's `DependsOn`: the resource, and them.
    pub depends_on: Option<(String, Vec<String>)>,
    /// What to add or change, written as the template is (JSON or YAML with short-form tags).
    pub text: String,
}

impl Fix {
    fn new(heading: String, text: String) -> Fix {
        Fix {
            heading,
            key: None,
            policy: None,
            statements: Vec::new(),
            resource: None,
            property: None,
            depends_on: None,
            text,
        }
    }
}

/// Where a statement goes, for headings: "the key policy of `Key`", "the trust policy of `Role`",
/// "the `PolicyDocument` of `QueuePolicy`".
fn policy_place(policy_of: &str, property: &str) -> String {
    match property {
        "KeyPolicy" => format!("the key policy of `{policy_of}`"),
        "AssumeRolePolicyDocument" => format!("the trust policy of `{policy_of}`"),
        other => format!("the `{other}` of `{policy_of}`"),
    }
}

/// The fix for `finding`, if something to add or change is the fix.
pub fn for_finding(finding: &Finding, format: SourceFormat) -> Option<Fix> {
    match (finding.rule.fix(), finding.fix.as_deref()) {
        (FixShown::TemplateText, Some(TemplateFix::Statement { policy_of, property, statements })) => {
            let text = statements_text(statements, format)?;
            let what = if statements.len() == 1 { "the statement" } else { "the statements" };
            let mut fix = Fix::new(format!("{what} to add to {}", policy_place(policy_of, property)), text);
            fix.key = (property == "KeyPolicy").then(|| policy_of.clone());
            fix.policy = Some((policy_of.clone(), property.clone()));
            fix.statements = statements.clone();
            Some(fix)
        }
        (FixShown::TemplateText, Some(TemplateFix::Resource { logical_id, resource })) => {
            let mut named = cfn_model::NodeMap::new();
            named.insert(logical_id.clone(), resource.clone());
            let text = write_node(&Node::Map(named), format_of(format)).ok()?;
            let mut fix = Fix::new("the resource to add under `Resources`".to_owned(), text.trim_end().to_owned());
            fix.resource = Some((logical_id.clone(), resource.clone()));
            Some(fix)
        }
        (FixShown::TemplateText, Some(TemplateFix::Property { resource, path, value })) => {
            // The property as it stands under `Properties`, nested by its path (list indices
            // are named in the heading, not written as keys).
            let (last, _) = path.split_last()?;
            let mut named = cfn_model::NodeMap::new();
            named.insert(last.clone(), value.clone());
            let text = write_node(&Node::Map(named), format_of(format)).ok()?;
            let mut fix = Fix::new(
                format!("the value to set at `Properties.{}` of `{resource}`", path.join(".")),
                text.trim_end().to_owned(),
            );
            fix.property = Some((resource.clone(), path.clone(), value.clone()));
            Some(fix)
        }
        (FixShown::TemplateText, Some(TemplateFix::DependsOn { resource, on })) => {
            let mut named = cfn_model::NodeMap::new();
            named.insert("DependsOn".to_owned(), Node::List(on.iter().map(|id| Node::String(id.clone())).collect()));
            let text = write_node(&Node::Map(named), format_of(format)).ok()?;
            let mut fix = Fix::new(
                format!("the `DependsOn` to add to `{resource}` (beside its `Type`)"),
                text.trim_end().to_owned(),
            );
            fix.depends_on = Some((resource.clone(), on.clone()));
            Some(fix)
        }
        // The key to change is the one the check resolved from the finding's resource (a log
        // group's `KmsKeyId`), or the finding's own resource when that is the key.
        (FixShown::LogsKeyStatement, _) => {
            let key = finding.targets.first().map_or_else(|| finding.logical_id.clone(), |key| key.logical_id.clone());
            let statement = logs_statement()?;
            let text = statements_text(std::slice::from_ref(&statement), format)?;
            let mut fix = Fix::new(format!("the statement CloudWatch Logs needs in the key policy of `{key}`"), text);
            fix.policy = Some((key.clone(), "KeyPolicy".to_owned()));
            fix.key = Some(key);
            fix.statements = vec![statement];
            Some(fix)
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

/// Statements as the template would hold them: in JSON the objects separated by commas, in YAML
/// list items, so they paste into a policy's `Statement` list.
fn statements_text(statements: &[Node], format: SourceFormat) -> Option<String> {
    let text = match format {
        SourceFormat::Json => statements
            .iter()
            .map(|s| write_node(s, Format::Json).map(|t| t.trim_end().to_owned()))
            .collect::<Result<Vec<_>, _>>()
            .ok()?
            .join(",\n"),
        SourceFormat::Yaml => write_node(&Node::List(statements.to_vec()), Format::Yaml).ok()?,
    };
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
