//! The app's `manifest.json` (its stacks, their order, parameters, exports and who imports
//! them) and `deploy.sh` (the `aws cloudformation` commands, in order).

use indexmap::IndexMap;
use serde_json::{Value as J, json};

use super::route::{Edge, Export};
use super::{App, Kind};
use crate::format::Format;
use crate::template::Template;

/// The `schema` of an app's `manifest.json`: tools that walk a directory of templates (`typed-cfn
/// audit`) know by it that the file is not a template.
pub const MANIFEST_SCHEMA: &str = "typed-cfn-app/1";

/// The capabilities deploying `template` needs: IAM resources (named or not), transforms.
pub(super) fn capabilities(template: &Template) -> Vec<&'static str> {
    let mut needed = Vec::new();
    if template.resources.values().any(|r| r.resource_type.starts_with("AWS::IAM::")) {
        needed.push("CAPABILITY_NAMED_IAM");
    }
    if !template.transform.is_empty() {
        needed.push("CAPABILITY_AUTO_EXPAND");
    }
    needed
}

/// The capabilities of a top-level stack and every stack nested in it.
fn tree_capabilities(app: &App, templates: &IndexMap<String, Template>, top: &str) -> Vec<&'static str> {
    let mut needed: Vec<&'static str> = Vec::new();
    for (name, template) in templates {
        let mut current = name.as_str();
        loop {
            if current == top {
                for c in capabilities(template) {
                    if !needed.contains(&c) {
                        needed.push(c);
                    }
                }
                break;
            }
            match app.stacks.get(current).map(|e| &e.kind) {
                Some(Kind::Nested { parent }) => current = parent,
                _ => break,
            }
        }
    }
    needed.sort_unstable();
    needed
}

fn has_children(app: &App, stack: &str) -> bool {
    app.stacks.values().any(|e| matches!(&e.kind, Kind::Nested { parent } if parent == stack))
}

pub(super) fn manifest(
    app: &App,
    templates: &IndexMap<String, Template>,
    exports: &[Export],
    edges: &[Edge],
    order: &[String],
    format: Format,
) -> String {
    let mut stacks = Vec::new();
    for (name, entry) in &app.stacks {
        let template = &templates[name];
        let (kind, parent) = match &entry.kind {
            Kind::Top => ("stack", J::Null),
            Kind::Nested { parent } => ("nested", J::from(parent.as_str())),
            Kind::Member { management, .. } => ("stack-set", J::from(management.as_str())),
        };
        let values = super::values::of(app, name);
        let parameters: Vec<J> = template
            .parameters
            .iter()
            .map(|(id, p)| {
                let mut m = serde_json::Map::new();
                m.insert("name".into(), J::from(id.as_str()));
                m.insert("type".into(), J::from(p.parameter_type.type_name()));
                if let Some(default) = &p.default {
                    m.insert("default".into(), default.to_json_value());
                }
                if let Some((_, value)) = values.iter().find(|(k, _)| k == id) {
                    m.insert("value".into(), J::from(*value));
                }
                J::Object(m)
            })
            .collect();
        let exported: Vec<J> = exports
            .iter()
            .filter(|e| e.stack == *name)
            .map(|e| json!({ "name": e.name, "output": e.output, "importedBy": e.importers }))
            .collect();
        let imported: Vec<J> = exports
            .iter()
            .filter(|e| e.importers.contains(name))
            .map(|e| json!({ "name": e.name, "from": e.stack }))
            .collect();
        let mut after: Vec<&str> =
            edges.iter().filter(|e| e.after == *name && e.before != *name).map(|e| e.before.as_str()).collect();
        after.sort_unstable();
        after.dedup();
        let mut m = serde_json::Map::new();
        m.insert("name".into(), J::from(name.as_str()));
        m.insert("kind".into(), J::from(kind));
        if matches!(entry.kind, Kind::Top) {
            m.insert("stackName".into(), J::from(format!("{}-{name}", app.name)));
        }
        m.insert("template".into(), J::from(app.file_name_in(name, format)));
        if !parent.is_null() {
            m.insert("parent".into(), parent);
        }
        m.insert("scope".into(), app.scope_of(name).map_or(J::Null, J::from));
        m.insert("deployedAfter".into(), json!(after));
        m.insert("parameters".into(), J::Array(parameters));
        m.insert("exports".into(), J::Array(exported));
        m.insert("imports".into(), J::Array(imported));
        if let Kind::Member { set, .. } = &entry.kind {
            m.insert("stackSet".into(), set.manifest());
        }
        stacks.push(J::Object(m));
    }
    let format_name = if format == Format::Yaml { "yaml" } else { "json" };
    let doc = json!({
        "schema": MANIFEST_SCHEMA,
        "app": app.name,
        "format": format_name,
        "deployOrder": order,
        "stacks": stacks,
    });
    let mut text = serde_json::to_string_pretty(&doc).unwrap_or_default();
    text.push('\n');
    text
}

/// `deploy.sh`: the stacks in `order`, each packaged first if it holds nested stacks, uploaded
/// through S3 if its body (`sizes`, in bytes) is over the inline limit.
pub(super) fn deploy_script(
    app: &App,
    templates: &IndexMap<String, Template>,
    sizes: &IndexMap<String, usize>,
    order: &[String],
    format: Format,
) -> String {
    let mut script = String::new();
    script.push_str("#!/bin/sh\n");
    script.push_str(&format!(
        "# Deploys app `{}`, written by typed-cfn: each stack after the stacks it imports from.\n",
        app.name
    ));
    let large = |stack: &str| sizes.get(stack).is_some_and(|bytes| *bytes > crate::validate::limits::INLINE_BODY_BYTES);
    if order.iter().any(|s| has_children(app, s) || large(s)) {
        script.push_str(
            "# Stacks with nested stacks are packaged first, and templates over 51,200 bytes go through S3: set ARTIFACT_BUCKET to an S3 bucket for them.\n",
        );
    }
    script.push_str("set -eu\ncd \"$(dirname \"$0\")\"\n");
    for stack in order {
        let sets =
            app.stacks.values().any(|e| matches!(&e.kind, Kind::Member { management, .. } if management == stack));
        if sets {
            script.push_str(&format!(
                "# `{stack}` declares StackSets: deploy it from the organization's management account (service-managed sets need trusted access for CloudFormation StackSets) or the account that holds the self-managed administration role.\n"
            ));
        }
        let file = app.file_name_in(stack, format);
        let deployed_file = if has_children(app, stack) {
            let extension = if format == Format::Yaml { "yaml" } else { "json" };
            let packaged = format!("{stack}.packaged.{extension}");
            script.push_str(&format!(
                "aws cloudformation package --template-file {file} --s3-bucket \"${{ARTIFACT_BUCKET:?set ARTIFACT_BUCKET to an S3 bucket for nested templates}}\" --output-template-file {packaged}\n"
            ));
            packaged
        } else {
            file
        };
        let mut command = format!(
            "aws cloudformation deploy --stack-name {}-{stack} --template-file {deployed_file} --no-fail-on-empty-changeset",
            app.name
        );
        if large(stack) {
            command.push_str(
                " --s3-bucket \"${ARTIFACT_BUCKET:?set ARTIFACT_BUCKET to an S3 bucket for large templates}\"",
            );
        }
        let capabilities = tree_capabilities(app, templates, stack);
        if !capabilities.is_empty() {
            command.push_str(&format!(" --capabilities {}", capabilities.join(" ")));
        }
        let values = super::values::of(app, stack);
        if !values.is_empty() {
            command.push_str(" --parameter-overrides");
            for (name, value) in values {
                command.push(' ');
                command.push_str(&super::values::shell_word(&format!("{name}={value}")));
            }
        }
        script.push_str(&command);
        script.push('\n');
    }
    script
}
