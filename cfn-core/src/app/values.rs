//! Parameter values given for deployment ([`App::parameter_value`]): checked against what each
//! stack declares, then written where each kind of stack takes them — `--parameter-overrides`
//! of `deploy.sh` for a stack deployed on its own, the `Parameters` of the parent's
//! `AWS::CloudFormation::Stack` for a nested one, the `Parameters` of the
//! `AWS::CloudFormation::StackSet` for a StackSet's — and listed in `manifest.json`.

use indexmap::IndexMap;

use super::error::AppProblem;
use super::route::child_logical_id;
use super::{App, Kind};
use crate::node::{Node, NodeMap};
use crate::template::Template;
use crate::template::parameter::{ParameterDecl, ParameterType};
use crate::validate::Warning;

/// Every value given for a stack the app does not have, or for a parameter the stack does not
/// declare, may not be written down (`NoEcho`), or does not take (`AllowedValues`).
pub(super) fn check(app: &App) -> Vec<AppProblem> {
    let mut problems = Vec::new();
    for (stack, values) in &app.values {
        let Some(entry) = app.stacks.get(stack) else {
            for parameter in values.keys() {
                let reason =
                    "the stack is not in this app; pass the `StackRef` that `App::add_stack` of this app returned"
                        .to_owned();
                problems.push(AppProblem::ParameterValue {
                    stack: stack.clone(),
                    parameter: parameter.clone(),
                    reason,
                });
            }
            continue;
        };
        let template = &entry.template;
        for (parameter, value) in values {
            let reason = match template.parameters.get(parameter) {
                None if template.parameters.is_empty() => Some("the stack declares no parameters; declare it, or drop the value".to_owned()),
                None => Some(format!(
                    "the stack does not declare it (it declares {}); fix the name, or declare the parameter",
                    template.parameters.keys().map(|k| format!("`{k}`")).collect::<Vec<_>>().join(", ")
                )),
                Some(decl) if decl.no_echo == Some(true) => Some(
                    "it is `NoEcho`, and a value given here is written in plain text into the app's files; give it at deploy time (`--parameter-overrides`), or resolve it from Secrets Manager or SSM with a dynamic reference"
                        .to_owned(),
                ),
                Some(decl) if !decl.allowed_values.is_empty() && !decl.allowed_values.iter().any(|a| text(a) == *value) => Some(format!(
                    "`{value}` is not one of its `AllowedValues` ({}); CloudFormation would refuse the deployment",
                    decl.allowed_values.iter().map(|a| format!("`{}`", text(a))).collect::<Vec<_>>().join(", ")
                )),
                Some(decl) => out_of_bounds(decl, value),
            };
            if let Some(reason) = reason {
                problems.push(AppProblem::ParameterValue {
                    stack: stack.clone(),
                    parameter: parameter.clone(),
                    reason,
                });
            }
        }
    }
    problems
}

/// Each parameter a stack declares with no `Default` and no value given: the deployment that
/// creates the stack fails without one (a `NoEcho` one is meant to be given at deploy time, and
/// is not listed).
pub(super) fn missing(app: &App) -> Vec<(String, Warning)> {
    let mut warnings = Vec::new();
    for (stack, entry) in &app.stacks {
        let given = app.values.get(stack);
        for (name, decl) in &entry.template.parameters {
            if decl.default.is_none() && decl.no_echo != Some(true) && !given.is_some_and(|v| v.contains_key(name)) {
                warnings.push((stack.clone(), Warning::ParameterWithoutValue { parameter: name.clone() }));
            }
        }
    }
    warnings
}

/// Why CloudFormation would refuse `value` for a parameter declared as `decl`: a number that is
/// not one, or outside `MinValue`/`MaxValue`; a string outside `MinLength`/`MaxLength`.
fn out_of_bounds(decl: &ParameterDecl, value: &str) -> Option<String> {
    let numbers: Vec<&str> = match decl.parameter_type.value_type() {
        ParameterType::Number => vec![value],
        ParameterType::NumberList => value.split(',').map(str::trim).collect(),
        _ => Vec::new(),
    };
    for item in numbers {
        let Some(number) = item.parse::<f64>().ok().filter(|n| n.is_finite()) else {
            return Some(format!(
                "`{item}` is not a number, and the parameter is of type `{}`",
                decl.parameter_type.type_name()
            ));
        };
        if let Some(min) = decl.min_value.filter(|min| number < *min) {
            return Some(format!(
                "`{item}` is less than its `MinValue` ({min}); CloudFormation would refuse the deployment"
            ));
        }
        if let Some(max) = decl.max_value.filter(|max| number > *max) {
            return Some(format!(
                "`{item}` is more than its `MaxValue` ({max}); CloudFormation would refuse the deployment"
            ));
        }
    }
    let length = value.chars().count() as u64;
    if let Some(min) = decl.min_length.filter(|min| length < *min) {
        return Some(format!(
            "the value is {length} characters, fewer than its `MinLength` ({min}); CloudFormation would refuse the deployment"
        ));
    }
    if let Some(max) = decl.max_length.filter(|max| length > *max) {
        return Some(format!(
            "the value is {length} characters, more than its `MaxLength` ({max}); CloudFormation would refuse the deployment"
        ));
    }
    None
}

/// A scalar as CloudFormation compares it with a parameter value: its text.
fn text(node: &Node) -> String {
    match node.as_str() {
        Some(s) => s.to_owned(),
        None => crate::format::json_write::compact(node),
    }
}

/// The values given for `stack`, in the order its template declares the parameters.
pub(super) fn of<'a>(app: &'a App, stack: &str) -> Vec<(&'a str, &'a str)> {
    let (Some(values), Some(entry)) = (app.values.get(stack), app.stacks.get(stack)) else { return Vec::new() };
    entry
        .template
        .parameters
        .keys()
        .filter_map(|name| values.get_key_value(name))
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect()
}

/// The values of nested stacks, set in the `Parameters` of their `AWS::CloudFormation::Stack`
/// in the parent (beside the values the app passes down).
pub(super) fn set_nested(app: &App, templates: &mut IndexMap<String, Template>) {
    for (stack, entry) in &app.stacks {
        let Kind::Nested { parent } = &entry.kind else { continue };
        let values = of(app, stack);
        if values.is_empty() {
            continue;
        }
        let Some(decl) = templates.get_mut(parent).and_then(|t| t.resources.get_mut(&child_logical_id(stack, "Stack")))
        else {
            continue;
        };
        let params =
            decl.properties.map_mut().entry("Parameters".to_owned()).or_insert_with(|| Node::Map(NodeMap::new()));
        if let Node::Map(params) = params {
            for (name, value) in values {
                params.insert(name.to_owned(), Node::string(value));
            }
        }
    }
}

/// The `Parameters` of a StackSet resource: `[{ParameterKey, ParameterValue}, …]`.
pub(super) fn stack_set_parameters(values: &[(&str, &str)]) -> Node {
    let pair = |(key, value): &(&str, &str)| {
        Node::Map(NodeMap::from_iter([
            ("ParameterKey".to_owned(), Node::string(*key)),
            ("ParameterValue".to_owned(), Node::string(*value)),
        ]))
    };
    Node::List(values.iter().map(pair).collect())
}

/// `text` as one word of a POSIX shell: as it is when it holds only characters no shell treats
/// specially, else in single quotes (a quote inside written `'\''`). Spaces, `$`, backquotes,
/// double quotes and newlines stay literal inside single quotes.
pub(super) fn shell_word(text: &str) -> String {
    let plain = |c: char| c.is_ascii_alphanumeric() || "_-./:=,@%+".contains(c);
    if !text.is_empty() && text.chars().all(plain) {
        return text.to_owned();
    }
    format!("'{}'", text.replace('\'', r"'\''"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_number_parameter_takes_only_finite_numbers() {
        let number = ParameterDecl::new(ParameterType::Number);
        assert_eq!(out_of_bounds(&number, "365"), None);
        assert_eq!(
            out_of_bounds(&number, "abc").as_deref(),
            Some("`abc` is not a number, and the parameter is of type `Number`")
        );
        assert!(out_of_bounds(&number, "NaN").is_some());
        let list = ParameterDecl::new(ParameterType::NumberList);
        assert_eq!(out_of_bounds(&list, "1, 2,3"), None);
        assert_eq!(
            out_of_bounds(&list, "1,x").as_deref(),
            Some("`x` is not a number, and the parameter is of type `List<Number>`")
        );
    }

    #[test]
    fn shell_words_keep_every_character_literal() {
        assert_eq!(shell_word("Env=prod"), "Env=prod");
        assert_eq!(shell_word("Subnets=subnet-1,subnet-2"), "Subnets=subnet-1,subnet-2");
        assert_eq!(shell_word(""), "''");
        assert_eq!(shell_word("Motd=it's $HOME"), r"'Motd=it'\''s $HOME'");
        assert_eq!(shell_word("Cmd=`id` \"x\"\nnext"), "'Cmd=`id` \"x\"\nnext'");
    }
}
