//! `--format sarif`: SARIF 2.1.0 (OASIS), what code-scanning dashboards read. One run; the
//! rules are every rule of the check (`ruleId` is `Rule::id`); a result's location is the file
//! (and the resource's line, when found) and the resource's logical ID. Suppressed findings are
//! results with an in-source suppression; unreadable files are tool execution notifications.

use serde_json::{Value, json};

use crate::audit::{FileReport, Item, Outcome};
use crate::rules;

/// The JSON schema SARIF 2.1.0 files name.
pub const SCHEMA: &str = "https://json.schemastore.org/sarif-2.1.0.json";

pub fn render(reports: &[FileReport]) -> String {
    let rules = rules::all();
    let descriptors: Vec<Value> = rules
        .iter()
        .map(|rule| {
            let aws = rule.aws_docs.iter().map(|url| format!("- {url}")).collect::<Vec<_>>().join("\n");
            let aws_markdown = rule.aws_docs.iter().map(|url| format!("- <{url}>")).collect::<Vec<_>>().join("\n");
            json!({
                "id": rule.id,
                "shortDescription": { "text": rule.summary },
                "fullDescription": { "text": rule.description },
                "helpUri": rule.help_uri(),
                "help": {
                    "text": format!("{}\n\nAWS documentation:\n{aws}\n\nMore: {}", rule.description, rule.help_uri()),
                    "markdown": format!(
                        "{}\n\nAWS documentation:\n{aws_markdown}\n\n[The rule explained]({})",
                        rule.description,
                        rule.help_uri()
                    ),
                },
                "defaultConfiguration": { "level": rule.level },
                "properties": { "awsDocumentation": rule.aws_docs },
            })
        })
        .collect();
    let index = |id: &str| rules.iter().position(|r| r.id == id);
    let mut results = Vec::new();
    let mut notifications = Vec::new();
    let mut notices = Vec::new();
    for report in reports {
        match &report.outcome {
            Outcome::Unreadable(why) => notifications.push(json!({
                "level": "error",
                "message": { "text": format!("{} could not be read: {why}", report.path) },
                "locations": [{ "physicalLocation": { "artifactLocation": { "uri": uri(&report.path) } } }],
            })),
            // Not opened (a device, a pipe, a link out of the roots): named, and the run still
            // succeeded.
            Outcome::Skipped(why) => notices.push(json!({
                "level": "warning",
                "message": { "text": format!("{} was skipped: {why}", report.path) },
                "locations": [{ "physicalLocation": { "artifactLocation": { "uri": uri(&report.path) } } }],
            })),
            Outcome::Checked(checked) => {
                for finding in &checked.findings {
                    results.push(result(&report.path, finding, index(&finding.rule), None));
                }
                for suppressed in &checked.suppressed {
                    results.push(result(
                        &report.path,
                        &suppressed.item,
                        index(&suppressed.item.rule),
                        Some(&suppressed.reason),
                    ));
                }
            }
        }
    }
    let sarif = json!({
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": { "driver": {
                "name": "typed-cfn",
                "version": env!("CARGO_PKG_VERSION"),
                "semanticVersion": env!("CARGO_PKG_VERSION"),
                "rules": descriptors,
            } },
            "invocations": [{
                "executionSuccessful": notifications.is_empty(),
                "toolExecutionNotifications": notifications.into_iter().chain(notices).collect::<Vec<_>>(),
            }],
            "results": results,
        }],
    });
    let mut text = serde_json::to_string_pretty(&sarif).unwrap_or_default();
    text.push('\n');
    text
}

fn result(path: &str, item: &Item, rule_index: Option<usize>, suppressed: Option<&str>) -> Value {
    let mut text = item.message.clone();
    if let Some(fix) = &item.fix {
        let mut heading = fix.heading.clone();
        if let Some(first) = heading.get_mut(..1) {
            first.make_ascii_uppercase();
        }
        text.push_str(&format!("\n\n{heading}:\n{}", fix.text));
    }
    let mut physical = json!({ "artifactLocation": { "uri": uri(path) } });
    if let Some(line) = item.line {
        physical["region"] = json!({ "startLine": line });
    }
    let mut result = json!({
        "ruleId": item.rule,
        "level": item.level.name(),
        "message": { "text": text },
        "locations": [{
            "physicalLocation": physical,
            "logicalLocations": [{
                "name": item.resource,
                "fullyQualifiedName": format!("Resources.{}", item.resource),
                "kind": "resource",
            }],
        }],
        "partialFingerprints": {
            "resource/v1": format!("{}:{}:{}", path, item.resource, item.rule),
            "typedCfnFinding/v1": item.fingerprint,
        },
    });
    if let Some(existing) = item.existing {
        result["baselineState"] = json!(if existing { "unchanged" } else { "new" });
    }
    if let Some(index) = rule_index {
        result["ruleIndex"] = json!(index);
    }
    if let Some(reason) = suppressed {
        result["suppressions"] = json!([{ "kind": "inSource", "justification": reason }]);
    }
    result
}

/// A path as a URI reference: `/` separators, the characters a URI cannot hold as they are
/// percent-encoded, `file://` before an absolute path.
fn uri(path: &str) -> String {
    let mut out = String::with_capacity(path.len() + 7);
    // An absolute path is a `file:` URI; a relative one stays a relative reference.
    if path.starts_with('/') {
        out.push_str("file://");
    }
    for byte in path.replace('\\', "/").bytes() {
        match byte {
            b'A'..=b'Z'
            | b'a'..=b'z'
            | b'0'..=b'9'
            | b'-'
            | b'.'
            | b'_'
            | b'~'
            | b'/'
            | b':'
            | b'@'
            | b'!'
            | b'$'
            | b'&'
            | b'\''
            | b'('
            | b')'
            | b'*'
            | b'+'
            | b','
            | b';'
            | b'=' => out.push(byte as char),
            other => out.push_str(&format!("%{other:02X}")),
        }
    }
    out
}
