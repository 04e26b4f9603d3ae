//! The templates the check judges when one template can deploy in more than one shape.
//!
//! A resource whose `Properties` are chosen by a condition (`Properties: !If [Cond, {…}, {…}]`)
//! deploys with either mapping, and resources written by `Fn::ForEach` (AWS::LanguageExtensions)
//! exist only once the loop is expanded. The check judges the template as each shape would
//! deploy: every loop expanded, and every conditional `Properties` taken first as its true
//! branch, then as its false one. (Two views rather than one per combination of conditions: each
//! resource's own properties are judged both ways, which is what its findings depend on.)

use std::borrow::Cow;

use crate::node::{Function, Node, NodeMap};
use crate::template::resource::Properties;
use crate::template::sections::{FOR_EACH_PREFIX, read_resource};
use crate::template::Template;

/// The views of `template` to judge: the template itself when it has one shape.
pub(super) fn of(template: &Template) -> Vec<Cow<'_, Template>> {
    let conditional: Vec<String> = template
        .resources
        .iter()
        .filter(|(_, decl)| matches!(decl.attributes.other.get("Properties"), Some(Node::Fn(Function::If, _))))
        .map(|(id, _)| id.clone())
        .collect();
    if conditional.is_empty() && template.resource_loops.is_empty() {
        return vec![Cow::Borrowed(template)];
    }
    let mut expanded = template.clone();
    for (key, body) in &template.resource_loops {
        for (id, resource) in expand_loop(key, body, template) {
            if !expanded.resources.contains_key(&id)
                && let Ok(decl) = read_resource(resource, &format!("Resources.{id}"), !template.transform.is_empty())
            {
                expanded.resources.insert(id, decl);
            }
        }
    }
    if conditional.is_empty() {
        return vec![Cow::Owned(expanded)];
    }
    [1, 2]
        .into_iter()
        .map(|branch| {
            let mut view = expanded.clone();
            for id in &conditional {
                if let Some(decl) = view.resources.get_mut(id) {
                    let chosen = match decl.attributes.other.get("Properties") {
                        Some(Node::Fn(Function::If, arg)) => match &**arg {
                            Node::List(parts) if parts.len() == 3 => parts[branch].as_map().cloned(),
                            _ => None,
                        },
                        _ => None,
                    };
                    // A branch of `Ref AWS::NoValue` deploys the resource without properties.
                    decl.properties = Properties::from(chosen.unwrap_or_default());
                }
            }
            Cow::Owned(view)
        })
        .collect()
}

/// The resources `Fn::ForEach::<Name>: [Identifier, Collection, {KeyTemplate: Resource}]` makes,
/// when its collection is known: a literal list, or a parameter's default (a comma-delimited
/// list). Nested loops in the fragment are expanded too.
fn expand_loop(key: &str, body: &Node, template: &Template) -> Vec<(String, Node)> {
    let Node::List(parts) = body else { return Vec::new() };
    let (Some(Node::String(identifier)), Some(collection), Some(Node::Map(fragment))) = (parts.first(), parts.get(1), parts.get(2)) else {
        return Vec::new();
    };
    if !key.starts_with(FOR_EACH_PREFIX) {
        return Vec::new();
    }
    let values: Vec<String> = match collection {
        Node::List(items) => items.iter().filter_map(|n| n.as_str().map(str::to_owned)).collect(),
        Node::Fn(Function::Ref, name) => match name.as_str().and_then(|n| template.parameters.get(n)).and_then(|p| p.default.as_ref()) {
            Some(Node::String(list)) => list.split(',').map(|v| v.trim().to_owned()).collect(),
            Some(Node::List(items)) => items.iter().filter_map(|n| n.as_str().map(str::to_owned)).collect(),
            _ => Vec::new(),
        },
        _ => Vec::new(),
    };
    let mut made = Vec::new();
    for value in &values {
        for (key, resource) in fragment {
            let replaced = substitute(resource, identifier, value);
            let key = replace_in_text(key, identifier, value);
            if key.starts_with(FOR_EACH_PREFIX) {
                made.extend(expand_loop(&key, &replaced, template));
            } else {
                made.push((key, replaced));
            }
        }
    }
    made
}

/// `node` with the loop's identifier replaced by `value`: `Ref Identifier`, and `${Identifier}`
/// and `&{Identifier}` in keys and `Fn::Sub` strings.
fn substitute(node: &Node, identifier: &str, value: &str) -> Node {
    match node {
        Node::Fn(Function::Ref, arg) if arg.as_str() == Some(identifier) => Node::string(value),
        Node::Fn(Function::Sub, arg) => Node::call(
            Function::Sub,
            match &**arg {
                Node::String(text) => Node::string(replace_in_text(text, identifier, value)),
                Node::List(parts) => Node::List(
                    parts
                        .iter()
                        .enumerate()
                        .map(|(i, p)| match (i, p) {
                            (0, Node::String(text)) => Node::string(replace_in_text(text, identifier, value)),
                            _ => substitute(p, identifier, value),
                        })
                        .collect(),
                ),
                other => substitute(other, identifier, value),
            },
        ),
        Node::Fn(function, arg) => Node::call(*function, substitute(arg, identifier, value)),
        Node::List(items) => Node::List(items.iter().map(|n| substitute(n, identifier, value)).collect()),
        Node::Map(map) => Node::Map(
            map.iter().map(|(k, v)| (replace_in_text(k, identifier, value), substitute(v, identifier, value))).collect::<NodeMap>(),
        ),
        other => other.clone(),
    }
}

/// `${Identifier}` replaced by the value, `&{Identifier}` by the value without the characters a
/// logical ID cannot hold.
fn replace_in_text(text: &str, identifier: &str, value: &str) -> String {
    let plain: String = value.chars().filter(char::is_ascii_alphanumeric).collect();
    text.replace(&format!("${{{identifier}}}"), value).replace(&format!("&{{{identifier}}}"), &plain)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn loops_expand_from_a_list_or_a_parameter_default() {
        let template = Template::from_yaml(
            "Transform: AWS::LanguageExtensions\nParameters:\n  Names:\n    Type: CommaDelimitedList\n    Default: a-b,c\nResources:\n  Fn::ForEach::Topics:\n    - Name\n    - !Ref Names\n    - Topic&{Name}:\n        Type: AWS::SNS::Topic\n        Properties:\n          TopicName: !Sub 'orders-${Name}'\n          DisplayName: !Ref Name\n",
        )
        .unwrap();
        let views = of(&template);
        assert_eq!(views.len(), 1);
        let ids: Vec<&String> = views[0].resources.keys().collect();
        assert_eq!(ids, ["Topicab", "Topicc"]);
        let topic = &views[0].resources["Topicab"];
        assert_eq!(topic.properties.get("TopicName"), Some(&Node::call(Function::Sub, Node::string("orders-a-b"))));
        assert_eq!(topic.properties.get("DisplayName"), Some(&Node::string("a-b")));
    }

    #[test]
    fn conditional_properties_are_judged_both_ways() {
        let template = Template::from_yaml(
            "Conditions:\n  Big: !Equals [!Ref AWS::Region, us-east-1]\nResources:\n  Queue:\n    Type: AWS::SQS::Queue\n    Properties: !If [Big, {DelaySeconds: 5}, !Ref AWS::NoValue]\n",
        )
        .unwrap();
        let views = of(&template);
        assert_eq!(views.len(), 2);
        assert_eq!(views[0].resources["Queue"].properties.get("DelaySeconds"), Some(&Node::Int(5)));
        assert!(views[1].resources["Queue"].properties.as_map().is_empty());
    }
}
