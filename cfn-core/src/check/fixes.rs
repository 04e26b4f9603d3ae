//! Building a finding's fix as template values ([`super::TemplateFix`]): statements, the
//! intrinsics that name a resource of the template, and the proof, made by the rule that writes
//! the fix, that the policy with the statement added lets in every request the rule evaluated.

use std::collections::BTreeSet;

use crate::check::deliveries::refuses;
use crate::check::resolve::Env;
use crate::node::{Function, Node, NodeMap};
use crate::policy::eval::{self, Request};
use crate::template::Template;

/// A mapping of the pairs given, in their order.
pub(crate) fn map<const N: usize>(pairs: [(&str, Node); N]) -> Node {
    Node::Map(pairs.into_iter().map(|(k, v)| (k.to_owned(), v)).collect::<NodeMap>())
}

/// `Ref id`.
pub(crate) fn ref_to(id: &str) -> Node {
    Node::call(Function::Ref, Node::string(id))
}

/// `Fn::GetAtt id.attribute`.
pub(crate) fn get_att(id: &str, attribute: &str) -> Node {
    Node::call(Function::GetAtt, Node::List(vec![Node::string(id), Node::string(attribute)]))
}

/// `Fn::Sub text`.
pub(crate) fn sub(text: &str) -> Node {
    Node::call(Function::Sub, Node::string(text))
}

/// One string, or a list of them when there are several.
pub(crate) fn one_or_list(items: &[String]) -> Node {
    match items {
        [one] => Node::string(one.as_str()),
        many => Node::List(many.iter().map(|s| Node::string(s.as_str())).collect()),
    }
}

/// The actions of `requests`, each once, in their order.
pub(crate) fn actions_of(requests: &[Request]) -> Vec<String> {
    let mut actions: Vec<String> = Vec::new();
    for request in requests {
        if !actions.contains(&request.action) {
            actions.push(request.action.clone());
        }
    }
    actions
}

/// Whether every request carries the context key `key`.
pub(crate) fn all_carry(requests: &[Request], key: &str) -> bool {
    requests.iter().all(|r| r.context.iter().any(|(k, _)| k.eq_ignore_ascii_case(key)))
}

/// The condition on the account the service acts for (`aws:SourceAccount` = this stack's
/// account), when every request sends it; a condition on a key a request does not send would
/// refuse it again.
pub(crate) fn source_account_condition(requests: &[Request]) -> Option<Node> {
    all_carry(requests, "aws:SourceAccount")
        .then(|| map([("StringEquals", map([("aws:SourceAccount", ref_to("AWS::AccountId"))]))]))
}

/// A statement that allows `principal` (`{Service: …}` or `{AWS: …}`) `actions` on `resource`,
/// under `condition`.
pub(crate) fn allow(
    sid: &str,
    principal: Node,
    actions: &[String],
    resource: Option<Node>,
    condition: Option<Node>,
) -> Node {
    let mut statement = NodeMap::new();
    statement.insert("Sid".to_owned(), Node::string(sid));
    statement.insert("Effect".to_owned(), Node::string("Allow"));
    statement.insert("Principal".to_owned(), principal);
    statement.insert("Action".to_owned(), one_or_list(actions));
    if let Some(resource) = resource {
        statement.insert("Resource".to_owned(), resource);
    }
    if let Some(condition) = condition {
        statement.insert("Condition".to_owned(), condition);
    }
    Node::Map(statement)
}

/// `{Service: principal}`.
pub(crate) fn service(principal: &str) -> Node {
    map([("Service", Node::string(principal))])
}

/// Whether the policy `document` (as the template holds it, or `None` for a policy the fix
/// creates) with `statement` added lets in every one of `requests`, evaluated as the rule
/// evaluates them: the fix is shown only when it fixes.
pub(crate) fn passes_with(env: &Env<'_>, document: Option<&Node>, statement: &Node, requests: &[Request]) -> bool {
    let mut statements = match document.map(|d| env.resolve_all(d)) {
        None => Vec::new(),
        Some(Node::Map(ref doc)) => match doc.get("Statement") {
            Some(Node::List(items)) => items.clone(),
            Some(one @ Node::Map(_)) => vec![one.clone()],
            _ => return false,
        },
        Some(_) => return false,
    };
    statements.push(env.resolve_all(statement));
    let policy = map([("Version", Node::string("2012-10-17")), ("Statement", Node::List(statements))]);
    let resolve = |node: &Node| env.text(node);
    requests.iter().all(|request| !refuses(&eval::evaluate(&policy, request, &resolve)))
}

/// A logical ID not yet taken in the template: `base`, or `base2`, `base3`, ….
pub(crate) fn free_id(env: &Env<'_>, base: &str) -> String {
    let taken = |id: &str| env.template.resources.contains_key(id);
    if !taken(base) {
        return base.to_owned();
    }
    (2..).map(|n| format!("{base}{n}")).find(|id| !taken(id)).unwrap_or_else(|| base.to_owned())
}

/// A `Sid` for a statement letting `principal` in (`events.amazonaws.com` → `AllowEvents`,
/// `delivery.logs.amazonaws.com` → `AllowDeliveryLogs`) that no statement of `document` (the
/// policy it goes into, as the template holds it) already has.
pub(crate) fn sid_for(principal: &str, document: Option<&Node>) -> String {
    let name: String = principal
        .trim_end_matches(".amazonaws.com")
        .split(['.', '-'])
        .map(|part| {
            let mut chars = part.chars();
            chars.next().map(|c| c.to_ascii_uppercase().to_string() + chars.as_str()).unwrap_or_default()
        })
        .collect();
    let base = format!("Allow{name}");
    let taken: Vec<&str> = match document.and_then(Node::as_map).and_then(|d| d.get("Statement")) {
        Some(Node::List(items)) => items.iter().filter_map(|s| s.as_map()?.get("Sid")?.as_str()).collect(),
        Some(one) => one.as_map().and_then(|s| s.get("Sid")?.as_str()).into_iter().collect(),
        None => Vec::new(),
    };
    (1..)
        .map(|n| if n == 1 { base.clone() } else { format!("{base}{n}") })
        .find(|sid| !taken.contains(&sid.as_str()))
        .unwrap_or(base)
}

/// Where `node` stands under the `Properties` of the resource `id`: the path a
/// [`super::TemplateFix::Property`] names. The node itself is looked for first; else a value equal
/// to it, when there is only one. `None` when it is not there, or only inside an intrinsic
/// function (`Fn::If`): a value chosen by a function is not rewritten blindly.
pub(crate) fn path_of(env: &Env<'_>, id: &str, node: &Node) -> Option<Vec<String>> {
    fn walk<'n>(at: &'n Node, path: &mut Vec<String>, found: &mut Vec<(Vec<String>, &'n Node)>, node: &Node) {
        if at == node {
            found.push((path.clone(), at));
            return;
        }
        match at {
            Node::Map(map) => {
                for (key, value) in map {
                    path.push(key.clone());
                    walk(value, path, found, node);
                    path.pop();
                }
            }
            Node::List(items) => {
                for (index, value) in items.iter().enumerate() {
                    path.push(index.to_string());
                    walk(value, path, found, node);
                    path.pop();
                }
            }
            _ => {}
        }
    }
    let properties = env.template.resources.get(id)?.properties.as_map();
    let mut found = Vec::new();
    for (key, value) in properties {
        walk(value, &mut vec![key.clone()], &mut found, node);
    }
    if let Some((path, _)) = found.iter().find(|(_, at)| std::ptr::eq(*at, node)) {
        return Some(path.clone());
    }
    match found.as_slice() {
        [(path, _)] => Some(path.clone()),
        _ => None,
    }
}

/// Every resource `id` is created after: its `DependsOn` and the resources its properties
/// reference, and theirs in turn (a `DependsOn` to add must not close a cycle).
pub(crate) fn dependencies<'t>(template: &'t Template, id: &str) -> BTreeSet<&'t str> {
    let mut found = BTreeSet::new();
    let mut next = vec![id.to_owned()];
    while let Some(current) = next.pop() {
        let Some(decl) = template.resources.get(&current) else { continue };
        let mut direct: Vec<&'t str> = decl.attributes.depends_on.iter().map(String::as_str).collect();
        for value in decl.properties.as_map().values() {
            direct.extend(crate::reference::mentions(value).into_iter().map(|m| m.name));
        }
        for dependency in direct {
            if let Some((known, _)) = template.resources.get_key_value(dependency)
                && found.insert(known.as_str())
            {
                next.push(known.clone());
            }
        }
    }
    found
}
