//! The templates the check judges when one template can deploy in more than one shape.
//!
//! A resource whose `Properties` are chosen by a condition (`Properties: !If [Cond, {…}, {…}]`)
//! deploys with either mapping, and resources written by `Fn::ForEach` (AWS::LanguageExtensions)
//! exist only once the loop is expanded. The check judges the template as each shape would
//! deploy: every loop expanded, and every `Fn::If` in a resource's properties (its whole
//! `Properties`, one property, a list item such as a policy statement) taken first as its true
//! branch, then as its false one; a branch of `Ref AWS::NoValue` leaves the property or item out.
//! A condition the deployment decides (`Fn::Equals` of `AWS::Region` and a literal, or of an
//! `Fn::FindInMap` keyed by `AWS::Region`) is taken as it evaluates in the Region being judged —
//! the sample deployment's, a StackSet's Region, or one of the further Regions a template whose
//! conditions depend on the Region is judged in ([`super::regions`]: the other Regions' branch is
//! judged there, not here); the others hold in the first view and not in the second, `Fn::Not`,
//! `Fn::And` and `Fn::Or` applied to them (so a condition and its negation never hold together); a
//! resource whose `Condition` does not hold is left out of that view. (Two views rather than
//! one per combination of conditions: each resource's own properties are judged both ways, which
//! is what its findings depend on.) So a guarded reference chosen by a condition — a log group's
//! key, a function's role, a delivery's target — is judged for each thing it may deploy as.

use std::borrow::Cow;

use crate::check::resolve::Env;
use crate::node::{Function, Node, NodeMap};
use indexmap::IndexMap;

use crate::template::resource::Properties;
use crate::template::sections::{FOR_EACH_PREFIX, read_resource};
use crate::template::{ResourceDecl, Template};

/// The template as deployed with every resource present (loops expanded), for the positions and
/// suppressions of findings, and the views of it to judge: the template itself when it has one
/// shape. A view is built from the template's parts, not from a copy of it: only the resources it
/// deploys are copied, and a resource's properties chosen by `Fn::If` are built once, chosen.
///
/// `region` is the Region the views are judged in (a StackSet's, or one of the Regions
/// [`super::regions`] adds), when it is not the sample deployment's: the conditions the Region
/// decides are evaluated in it.
pub(super) fn of<'t>(template: &'t Template, region: Option<&str>) -> (Cow<'t, Template>, Vec<Cow<'t, Template>>) {
    // By position in `Resources` (a loop's resources come after the template's own).
    let conditional: Vec<bool> = template
        .resources
        .values()
        .map(|decl| {
            matches!(decl.attributes.other.get("Properties"), Some(Node::Fn(Function::If, _)))
                || decl.properties.as_map().values().any(has_if)
        })
        .collect();
    // A resource created only under a `Condition` makes two shapes too: without it, what it
    // provides (a topic's policy) is not there.
    let any_created_under_condition = template.resources.values().any(|decl| decl.attributes.condition.is_some());
    let one_shape = !conditional.contains(&true) && !any_created_under_condition;
    if one_shape && template.resource_loops.is_empty() {
        return (Cow::Borrowed(template), vec![Cow::Borrowed(template)]);
    }
    let expanded: Cow<'_, Template> = if template.resource_loops.is_empty() {
        Cow::Borrowed(template)
    } else {
        let mut expanded = template.clone();
        for (key, body) in &template.resource_loops {
            for (id, resource) in expand_loop(key, body, template) {
                if !expanded.resources.contains_key(&id)
                    && let Ok(decl) =
                        read_resource(resource, &format!("Resources.{id}"), !template.transform.is_empty())
                {
                    expanded.resources.insert(id, decl);
                }
            }
        }
        Cow::Owned(expanded)
    };
    if one_shape {
        return (expanded.clone(), vec![expanded]);
    }
    let mut env = Env::new(&expanded);
    if let Some(region) = region {
        env.deployment.region = region.to_owned();
    }
    // When every condition the resources use is decided by the deployment (the Region's
    // conditions), both views are the same: one is judged.
    let branches: &[u8] = if used_conditions(&expanded)
        .iter()
        .all(|name| holds(template, &env, name, true, 0) == holds(template, &env, name, false, 0))
    {
        &[1]
    } else {
        &[1, 2]
    };
    let views = branches
        .iter()
        .copied()
        .map(|branch| {
            let holds = |condition: &str| holds(template, &env, condition, branch == 1, 0);
            let resources = expanded
                .resources
                .iter()
                .enumerate()
                // A resource whose `Condition` does not hold in this shape is not deployed in it.
                .filter(|(_, (_, decl))| decl.attributes.condition.as_deref().is_none_or(holds))
                .map(|(i, (id, decl))| {
                    if !conditional.get(i).copied().unwrap_or(false) {
                        return (id.clone(), decl.clone());
                    }
                    let chosen = match decl.attributes.other.get("Properties") {
                        Some(whole @ Node::Fn(Function::If, _)) => {
                            // A branch of `Ref AWS::NoValue` deploys the resource without properties.
                            let mut chosen = choose(whole, &holds).unwrap_or_default();
                            match &mut chosen {
                                Node::Map(map) => std::mem::take(map),
                                _ => NodeMap::new(),
                            }
                        }
                        _ => choose_map(decl.properties.as_map(), &holds),
                    };
                    let decl = ResourceDecl {
                        resource_type: decl.resource_type.clone(),
                        properties: Properties::from(chosen),
                        attributes: decl.attributes.clone(),
                        tagging: decl.tagging,
                    };
                    (id.clone(), decl)
                })
                .collect();
            Cow::Owned(with_resources(&expanded, resources))
        })
        .collect();
    (expanded, views)
}

/// The names of the conditions the resources use: as their `Condition`, or in an `Fn::If` of
/// their properties (or of their whole `Properties`).
pub(super) fn used_conditions(template: &Template) -> Vec<&str> {
    fn visit<'t>(node: &'t Node, used: &mut Vec<&'t str>) {
        if let Node::Fn(Function::If, arg) = node
            && let Node::List(parts) = &**arg
        {
            // A condition that is not a name is taken as undecided.
            used.push(parts.first().and_then(Node::as_str).unwrap_or(""));
        }
    }
    let mut used: Vec<&str> = Vec::new();
    for decl in template.resources.values() {
        used.extend(decl.attributes.condition.as_deref());
        decl.properties.as_map().values().for_each(|v| v.walk(&mut |n| visit(n, &mut used)));
        if let Some(whole) = decl.attributes.other.get("Properties") {
            whole.walk(&mut |n| visit(n, &mut used));
        }
    }
    used.sort_unstable();
    used.dedup();
    used
}

/// `template`'s sections with `resources` in place of its own.
fn with_resources(template: &Template, resources: IndexMap<String, ResourceDecl>) -> Template {
    Template {
        format_version: template.format_version.clone(),
        description: template.description.clone(),
        metadata: template.metadata.clone(),
        transform: template.transform.clone(),
        parameters: template.parameters.clone(),
        rules: template.rules.clone(),
        mappings: template.mappings.clone(),
        conditions: template.conditions.clone(),
        resources,
        outputs: template.outputs.clone(),
        transform_sections: template.transform_sections.clone(),
        resource_loops: template.resource_loops.clone(),
        output_loops: template.output_loops.clone(),
        duplicates: template.duplicates.clone(),
        refused: template.refused.clone(),
        conflicts: template.conflicts.clone(),
        scope: template.scope,
    }
}

/// Whether `node` holds an `Fn::If` anywhere.
fn has_if(node: &Node) -> bool {
    match node {
        Node::Fn(Function::If, _) => true,
        Node::Fn(_, arg) => has_if(arg),
        Node::List(items) => items.iter().any(has_if),
        Node::Map(map) => map.values().any(has_if),
        _ => false,
    }
}

/// Whether `condition` is taken to hold in the view that takes undecided comparisons as `base`.
/// A comparison of literals and the deployment's pseudo parameters (`AWS::Region`, as the rest
/// of the check takes them) is decided; one that depends on a parameter or anything else is
/// `base`; `Fn::Not`, `Fn::And`, `Fn::Or` and `Condition` combine them, so a condition and its
/// negation are never taken to hold together.
pub(crate) fn holds(template: &Template, env: &Env<'_>, condition: &str, base: bool, depth: usize) -> bool {
    match template.conditions.get(condition) {
        Some(node) if depth < 16 => evaluate(template, env, node, base, depth + 1),
        _ => base,
    }
}

fn evaluate(template: &Template, env: &Env<'_>, node: &Node, base: bool, depth: usize) -> bool {
    fn parts(arg: &Node) -> &[Node] {
        match arg {
            Node::List(parts) => parts,
            _ => &[],
        }
    }
    match node {
        Node::Fn(Function::Condition, name) => {
            name.as_str().is_some_and(|name| holds(template, env, name, base, depth))
        }
        Node::Map(map) if map.len() == 1 && map.contains_key("Condition") => {
            map.get("Condition").and_then(Node::as_str).is_some_and(|name| holds(template, env, name, base, depth))
        }
        Node::Fn(Function::Not, arg) => {
            parts(arg).first().is_some_and(|inner| !evaluate(template, env, inner, base, depth))
        }
        Node::Fn(Function::And, arg) => parts(arg).iter().all(|inner| evaluate(template, env, inner, base, depth)),
        Node::Fn(Function::Or, arg) => parts(arg).iter().any(|inner| evaluate(template, env, inner, base, depth)),
        Node::Fn(Function::Equals, arg) => {
            let known = |side: &Node| decided(env, side, 0);
            match parts(arg) {
                [left, right] => match (known(left), known(right)) {
                    (Some(left), Some(right)) => left == right,
                    _ => base,
                },
                _ => base,
            }
        }
        _ => base,
    }
}

/// The text of a side of an `Fn::Equals` the deployment decides: a literal, a pseudo parameter
/// (`AWS::Region`), or an `Fn::FindInMap` whose name and keys are such (a mapping looked up by
/// `AWS::Region`). `None` for anything a parameter or a resource decides.
pub(crate) fn decided(env: &Env<'_>, node: &Node, depth: usize) -> Option<String> {
    match node {
        Node::String(text) => Some(text.clone()),
        Node::Int(i) => Some(i.to_string()),
        Node::Bool(b) => Some(b.to_string()),
        Node::Fn(Function::Ref, name) => {
            name.as_str().and_then(|name| env.pseudo(name)).filter(|text| !text.contains('«'))
        }
        Node::Fn(Function::FindInMap, arg) if depth < 4 => {
            decided(env, env.find_in_map(arg, &|key| decided(env, key, depth + 1))?, depth + 1)
        }
        _ => None,
    }
}

/// `node` with each `Fn::If` replaced by the branch `holds` picks; `None` where that branch is
/// `Ref AWS::NoValue` (a map drops the key, a list the item).
fn choose(node: &Node, holds: &dyn Fn(&str) -> bool) -> Option<Node> {
    match node {
        Node::Fn(Function::Ref, arg) if arg.as_str() == Some("AWS::NoValue") => None,
        Node::Fn(Function::If, arg) => match &**arg {
            Node::List(parts) if parts.len() == 3 => {
                let taken = if parts[0].as_str().is_some_and(holds) { &parts[1] } else { &parts[2] };
                choose(taken, holds)
            }
            _ => Some(node.clone()),
        },
        Node::Fn(function, arg) => Some(Node::call(*function, choose(arg, holds)?)),
        Node::List(items) => Some(Node::List(items.iter().filter_map(|n| choose(n, holds)).collect())),
        Node::Map(map) => Some(Node::Map(choose_map(map, holds))),
        other => Some(other.clone()),
    }
}

/// [`choose`] over a mapping's values: a key whose branch is `Ref AWS::NoValue` is left out.
fn choose_map(map: &NodeMap, holds: &dyn Fn(&str) -> bool) -> NodeMap {
    map.iter().filter_map(|(k, v)| Some((k.clone(), choose(v, holds)?))).collect()
}

/// The resources `Fn::ForEach::<Name>: [Identifier, Collection, {KeyTemplate: Resource}]` makes,
/// when its collection is known: a literal list, or a parameter's default (a comma-delimited
/// list). Nested loops in the fragment are expanded too.
fn expand_loop(key: &str, body: &Node, template: &Template) -> Vec<(String, Node)> {
    let Node::List(parts) = body else { return Vec::new() };
    let (Some(Node::String(identifier)), Some(collection), Some(Node::Map(fragment))) =
        (parts.first(), parts.get(1), parts.get(2))
    else {
        return Vec::new();
    };
    if !key.starts_with(FOR_EACH_PREFIX) {
        return Vec::new();
    }
    let values: Vec<String> = match collection {
        Node::List(items) => items.iter().filter_map(|n| n.as_str().map(str::to_owned)).collect(),
        Node::Fn(Function::Ref, name) => {
            match name.as_str().and_then(|n| template.parameters.get(n)).and_then(|p| p.default.as_ref()) {
                Some(Node::String(list)) => list.split(',').map(|v| v.trim().to_owned()).collect(),
                Some(Node::List(items)) => items.iter().filter_map(|n| n.as_str().map(str::to_owned)).collect(),
                _ => Vec::new(),
            }
        }
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
            map.iter()
                .map(|(k, v)| (replace_in_text(k, identifier, value), substitute(v, identifier, value)))
                .collect::<NodeMap>(),
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
        let (_, views) = of(&template, None);
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
            "Parameters:\n  Size:\n    Type: String\nConditions:\n  Big: !Equals [!Ref Size, big]\nResources:\n  Queue:\n    Type: AWS::SQS::Queue\n    Properties: !If [Big, {DelaySeconds: 5}, !Ref AWS::NoValue]\n",
        )
        .unwrap();
        let (_, views) = of(&template, None);
        assert_eq!(views.len(), 2);
        assert_eq!(views[0].resources["Queue"].properties.get("DelaySeconds"), Some(&Node::Int(5)));
        assert!(views[1].resources["Queue"].properties.as_map().is_empty());
    }
}
