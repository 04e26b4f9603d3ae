//! The app-wide check over an app read back from its directory (`typed-cfn audit` on an app's
//! `manifest.json`): the same check [`App::emit`] runs, after the references the directory
//! spells out between stacks are put back as references by logical ID — each `Fn::ImportValue`
//! of an export one of the stacks declares becomes the value exported, a nested stack's
//! parameter the value its parent passes, a parent's `Fn::GetAtt Child.Outputs.Name` the
//! child's output — so a key policy in one stack is judged for the log groups of another.

use std::collections::HashMap;

use indexmap::IndexMap;

use super::App;
use crate::check::Report;
use crate::node::{Function, Node};
use crate::reference::{self, Mention, Written};
use crate::template::Template;

/// What one stack's reference to another stands for.
#[derive(Default)]
struct Links {
    /// Export name → the exported value.
    exports: HashMap<String, Node>,
    /// (child stack, parameter) → the value its parent passes.
    passed: HashMap<(String, String), Node>,
    /// (child stack's logical ID in its parent, output) → the child's output value (logical IDs
    /// are unique in an app, so siblings passing values through their parent are found too).
    outputs: HashMap<(String, String), Node>,
}

/// Runs the final-template check over `stacks` (stack name → template, each with its
/// compliance scope, if any) as one app: what it found, by the stack that declares the
/// resource, in the order given.
///
/// An export is found by its literal name; a nested stack by its parent's
/// `AWS::CloudFormation::Stack` whose `TemplateURL` is `./{stack}.json` or `./{stack}.yaml`, as
/// [`App::write_dir`] writes them. References the stacks do not answer (an export of a stack
/// outside the set) are left as they are, and judged as in one template.
pub fn check_written(mut stacks: IndexMap<String, Template>) -> IndexMap<String, Report> {
    // A chain (an import of a value a parent passes down, a child's output of its parameter)
    // resolves one link per round, the links read again from the stacks as resolved so far.
    for _ in 0..2 * stacks.len() + 2 {
        let links = links(&stacks);
        let mut changed = false;
        for (name, template) in stacks.iter_mut() {
            changed |= each_value(template, &mut |node| resolve(node, name, &links));
        }
        if !changed {
            break;
        }
    }
    let mut app = App::new("written");
    for (name, template) in stacks {
        app.add_stack(&name, template);
    }
    app.check_by_stack(&IndexMap::new())
}

fn links(stacks: &IndexMap<String, Template>) -> Links {
    let mut links = Links::default();
    for template in stacks.values() {
        for output in template.outputs.values() {
            if let Some(Node::String(export)) = &output.export_name {
                links.exports.entry(export.clone()).or_insert_with(|| output.value.clone());
            }
        }
        for (id, decl) in &template.resources {
            if decl.resource_type != "AWS::CloudFormation::Stack" {
                continue;
            }
            let Some(child) = decl.properties.get("TemplateURL").and_then(Node::as_str).and_then(local_stack) else {
                continue;
            };
            let Some(child_template) = stacks.get(child) else { continue };
            if let Some(Node::Map(parameters)) = decl.properties.get("Parameters") {
                for (parameter, value) in parameters {
                    links.passed.insert((child.to_owned(), parameter.clone()), value.clone());
                }
            }
            for (output, o) in &child_template.outputs {
                links.outputs.insert((id.clone(), output.clone()), o.value.clone());
            }
        }
    }
    links
}

/// The stack a local `TemplateURL` names: `./network.json` → `network`.
fn local_stack(url: &str) -> Option<&str> {
    let file = url.strip_prefix("./")?;
    file.strip_suffix(".json").or_else(|| file.strip_suffix(".yaml"))
}

/// Calls `f` on every value of `template` a reference may stand in; whether any changed.
fn each_value(template: &mut Template, f: &mut impl FnMut(&mut Node) -> bool) -> bool {
    let mut changed = false;
    for decl in template.resources.values_mut() {
        for value in decl.properties.map_mut().values_mut() {
            changed |= f(value);
        }
        let attributes = &mut decl.attributes;
        for value in [&mut attributes.metadata, &mut attributes.creation_policy, &mut attributes.update_policy]
            .into_iter()
            .flatten()
        {
            changed |= f(value);
        }
    }
    for output in template.outputs.values_mut() {
        changed |= f(&mut output.value);
    }
    let loops = template.resource_loops.values_mut().chain(template.output_loops.values_mut());
    for section in template.transform_sections.values_mut().chain(loops) {
        changed |= f(section);
    }
    changed
}

/// Replaces in `node` (of stack `stack`) every link [`Links`] answers; `Fn::Split` of what was
/// `Fn::Join`ed with the same separator (a list carried across) becomes the list again.
fn resolve(node: &mut Node, stack: &str, links: &Links) -> bool {
    // An import of an export, a parameter a parent passes, a child stack's output: read as
    // references ([`crate::reference`]); an `Fn::Sub` is left to the check's own reading.
    let function = match node {
        Node::Fn(function, _) => Some(*function),
        _ => None,
    };
    let found = match (function, reference::written(node)) {
        (Some(Function::ImportValue), Some(Written::Import(name))) => links.exports.get(name),
        (Some(Function::Ref), Some(Written::Names(Mention { name, attribute: None, .. }))) => {
            links.passed.get(&(stack.to_owned(), name.to_owned()))
        }
        (Some(Function::GetAtt), Some(Written::Names(Mention { name, attribute: Some(attribute), .. }))) => attribute
            .strip_prefix("Outputs.")
            .and_then(|output| links.outputs.get(&(name.to_owned(), output.to_owned()))),
        _ => None,
    };
    if let Some(value) = found {
        *node = value.clone();
        return true;
    }
    let changed = match node {
        Node::Fn(_, arg) => resolve(arg, stack, links),
        Node::List(items) => items.iter_mut().fold(false, |c, n| resolve(n, stack, links) | c),
        Node::Map(map) => map.values_mut().fold(false, |c, n| resolve(n, stack, links) | c),
        _ => false,
    };
    if let Some(list) = unjoined(node) {
        *node = list;
        return true;
    }
    changed
}

/// `Fn::Split [sep, Fn::Join [sep, list]]` → `list`.
fn unjoined(node: &Node) -> Option<Node> {
    let Node::Fn(Function::Split, arg) = node else { return None };
    let Node::List(parts) = arg.as_ref() else { return None };
    let [Node::String(sep), Node::Fn(Function::Join, joined)] = parts.as_slice() else { return None };
    let Node::List(inner) = joined.as_ref() else { return None };
    match inner.as_slice() {
        [Node::String(join_sep), list] if join_sep == sep => Some(list.clone()),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_list_split_where_it_was_joined_is_the_list_again() {
        let list = Node::call(Function::GetAtt, Node::List(vec![Node::string("Vpc"), Node::string("Ipv6CidrBlocks")]));
        let joined = Node::call(Function::Join, Node::List(vec![Node::string("||"), list.clone()]));
        let split = Node::call(Function::Split, Node::List(vec![Node::string("||"), joined.clone()]));
        assert_eq!(unjoined(&split), Some(list));
        let other = Node::call(Function::Split, Node::List(vec![Node::string(","), joined]));
        assert_eq!(unjoined(&other), None);
    }
}
