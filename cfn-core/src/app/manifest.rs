//! The app's `manifest.json` (its stacks, their order, parameters, exports and who imports
//! them) and `deploy.sh` (the `aws cloudformation` commands, in order).

use indexmap::IndexMap;

use super::route::{Edge, Export};
use super::{App, Kind};
use crate::format::Format;
use crate::format::json_write::{self, Layout};
use crate::format::write::Styled;
use crate::node::{Node, NodeMap};
use crate::template::Template;
use crate::validate::TemplateError;

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

/// A mapping of `entries`, in their order.
fn object<const N: usize>(entries: [(&str, Node); N]) -> Node {
    Node::Map(entries.into_iter().map(|(key, value)| (key.to_owned(), value)).collect())
}

/// A list of strings.
fn strings<S: AsRef<str>>(items: impl IntoIterator<Item = S>) -> Node {
    Node::List(items.into_iter().map(|item| Node::string(item.as_ref())).collect())
}

/// The manifest, as indented JSON. Writing it fails only on a parameter default the JSON writer
/// refuses (a big integer that is not a whole number), which the stack's template refused first.
pub(super) fn manifest(
    app: &App,
    templates: &IndexMap<String, Template>,
    exports: &[Export],
    edges: &[Edge],
    order: &[String],
    format: Format,
) -> Result<String, TemplateError> {
    let mut stacks = Vec::new();
    for (name, entry) in &app.stacks {
        let template = &templates[name];
        let (kind, parent) = match &entry.kind {
            Kind::Top => ("stack", None),
            Kind::Nested { parent } => ("nested", Some(parent.as_str())),
            Kind::Member { management, .. } => ("stack-set", Some(management.as_str())),
        };
        let values = super::values::of(app, name);
        let parameters: Vec<Node> = template
            .parameters
            .iter()
            .map(|(id, p)| {
                let mut m = NodeMap::new();
                m.insert("name".into(), Node::string(id.as_str()));
                m.insert("type".into(), Node::string(p.parameter_type.type_name()));
                if let Some(default) = &p.default {
                    m.insert("default".into(), default.clone());
                }
                if let Some((_, value)) = values.iter().find(|(k, _)| k == id) {
                    m.insert("value".into(), Node::string(*value));
                }
                Node::Map(m)
            })
            .collect();
        let exported: Vec<Node> = exports
            .iter()
            .filter(|e| e.stack == *name)
            .map(|e| {
                object([
                    ("name", Node::string(e.name.as_str())),
                    ("output", Node::string(e.output.as_str())),
                    ("importedBy", strings(&e.importers)),
                ])
            })
            .collect();
        let imported: Vec<Node> = exports
            .iter()
            .filter(|e| e.importers.contains(name))
            .map(|e| object([("name", Node::string(e.name.as_str())), ("from", Node::string(e.stack.as_str()))]))
            .collect();
        let mut after: Vec<&str> =
            edges.iter().filter(|e| e.after == *name && e.before != *name).map(|e| e.before.as_str()).collect();
        after.sort_unstable();
        after.dedup();
        let mut m = NodeMap::new();
        m.insert("name".into(), Node::string(name.as_str()));
        m.insert("kind".into(), Node::string(kind));
        if matches!(entry.kind, Kind::Top) {
            m.insert("stackName".into(), Node::string(format!("{}-{name}", app.name)));
        }
        m.insert("template".into(), Node::string(app.file_name_in(name, format)));
        if let Some(parent) = parent {
            m.insert("parent".into(), Node::string(parent));
        }
        m.insert("scope".into(), app.scope_of(name).map_or(Node::Null, Node::string));
        m.insert("deployedAfter".into(), strings(after));
        m.insert("parameters".into(), Node::List(parameters));
        m.insert("exports".into(), Node::List(exported));
        m.insert("imports".into(), Node::List(imported));
        if let Kind::Member { set, .. } = &entry.kind {
            m.insert("stackSet".into(), set.manifest());
        }
        stacks.push(Node::Map(m));
    }
    let format_name = if format == Format::Yaml { "yaml" } else { "json" };
    let doc = object([
        ("schema", Node::string(MANIFEST_SCHEMA)),
        ("app", Node::string(app.name.as_str())),
        ("format", Node::string(format_name)),
        ("deployOrder", strings(order)),
        ("stacks", Node::List(stacks)),
    ]);
    let mut text = json_write::to_string(&Styled::new(&doc), Layout::Indented, usize::MAX)
        .map_err(|e| TemplateError::Write(e.to_string()))?;
    text.push('\n');
    Ok(text)
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
