//! `--format json`: the schema `typed-cfn-audit/1`, documented in `cli/README.md`. Fields are
//! only ever added within one schema version.

use serde_json::{Value, json};

use crate::args::AuditOptions;
use crate::audit::{FileReport, Item, Outcome};

/// The schema's name and version, the report's first field.
pub const SCHEMA: &str = "typed-cfn-audit/1";

pub fn render(reports: &[FileReport], options: &AuditOptions, exit_code: u8) -> String {
    let files: Vec<Value> = reports.iter().map(file).collect();
    let sum = |f: fn(&FileReport) -> usize| reports.iter().map(f).sum::<usize>();
    let unreadable = reports.iter().filter(|r| r.unreadable().is_some()).count();
    let skipped = reports.iter().filter(|r| r.skipped().is_some()).count();
    let report = json!({
        "schema": SCHEMA,
        "tool": { "name": "typed-cfn", "version": env!("CARGO_PKG_VERSION") },
        "scope": super::scope_name(options),
        "warnings_as_errors": options.warnings_as_errors,
        "files": files,
        "summary": {
            "files": reports.len(),
            "checked": reports.len() - unreadable - skipped,
            "unreadable": unreadable,
            "skipped": skipped,
            "errors": sum(FileReport::errors),
            "warnings": sum(FileReport::warnings),
            "suppressed": sum(FileReport::suppressed),
            "existing": sum(FileReport::existing),
            "exit_code": exit_code,
        },
    });
    // Serializing a `Value` fails only for non-string map keys, which a `Value` cannot have.
    let mut text = serde_json::to_string_pretty(&report).unwrap_or_default();
    text.push('\n');
    text
}

fn file(report: &FileReport) -> Value {
    let mut value = match &report.outcome {
        Outcome::Unreadable(why) => json!({ "path": report.path, "status": "unreadable", "error": why }),
        Outcome::Skipped(why) => json!({ "path": report.path, "status": "skipped", "reason": why }),
        Outcome::Checked(checked) => json!({
            "path": report.path,
            "status": "checked",
            "format": checked.format.name(),
            "findings": checked.findings.iter().map(item).collect::<Vec<_>>(),
            "suppressed": checked.suppressed.iter().map(|s| {
                let mut value = item(&s.item);
                value["level"] = json!("suppressed");
                value["reason"] = json!(s.reason);
                value
            }).collect::<Vec<_>>(),
        }),
    };
    if let Some(app) = &report.app {
        value["app"] = json!({ "manifest": app.manifest, "stack": app.stack });
    }
    value
}

fn item(item: &Item) -> Value {
    let mut value = json!({
        "rule": item.rule,
        "level": item.level.name(),
        "resource": item.resource,
        "line": item.line,
        "message": item.message,
        "fix": item.fix.as_ref().map(|fix| json!({
            "key": fix.key,
            "policy": fix.policy.as_ref().map(|(id, property)| json!({ "logical_id": id, "property": property })),
            // The first statement, as version 1 has always carried it; all of them after.
            "statement": fix.statements.first().map(|s| s.to_json_value()),
            "statements": fix.statements.iter().map(|s| s.to_json_value()).collect::<Vec<_>>(),
            "resource": fix.resource.as_ref().map(|(id, resource)| json!({ "logical_id": id, "value": resource.to_json_value() })),
            "property": fix.property.as_ref().map(|(id, path, value)| json!({ "logical_id": id, "path": path, "value": value.to_json_value() })),
            "depends_on": fix.depends_on.as_ref().map(|(id, on)| json!({ "logical_id": id, "add": on })),
        })),
        "fingerprint": item.fingerprint,
    });
    if let Some(existing) = item.existing {
        value["baseline"] = json!(if existing { "existing" } else { "new" });
    }
    value
}
