//! Tags AWS refuses, found where the template writes them literally: an empty key, a key past
//! 128 characters or in the `aws:` namespace AWS keeps for itself, a value past 256 characters,
//! a key given twice, more than 50 tags on one resource (what `Template::tag_all` adds counts).

use crate::node::Node;
use crate::template::Template;
use crate::validate::Problem;

/// Characters in a tag key.
const KEY_CHARACTERS: usize = 128;
/// Characters in a tag value.
const VALUE_CHARACTERS: usize = 256;
/// User tags on one resource.
const TAGS_PER_RESOURCE: usize = 50;

pub(super) fn check(template: &Template, problems: &mut Vec<Problem>) {
    for (id, decl) in &template.resources {
        // The type's tag property (`Tags`, or `BackupVaultTags`, `FileSystemTags`, …).
        let property = decl.tagging.property().unwrap_or("Tags");
        let Some(tags) = decl.properties.get(property) else { continue };
        let at = format!("Resources.{id}.Properties.{property}");
        let literal = literal_tags(tags);
        for (key, value) in &literal {
            if let Some(message) = tag_problem(*key, *value) {
                problems.push(Problem::InvalidTag { at: at.clone(), message });
            }
        }
        let keys: Vec<&str> = literal.iter().filter_map(|(key, _)| *key).collect();
        if let Some(twice) = keys.iter().enumerate().find_map(|(i, key)| keys[..i].contains(key).then_some(*key)) {
            problems.push(Problem::InvalidTag {
                at: at.clone(),
                message: format!("tag key `{twice}` is given twice; AWS takes each key once per resource (tag keys are case-sensitive): keep one"),
            });
        }
        // Tags in AWS's `aws:` namespace do not count (they are refused above); a tag chosen by
        // `Fn::If` may not be there, and is not counted.
        let count = match tags {
            Node::List(items) => items.iter().filter(|item| matches!(item, Node::Map(_))).count(),
            Node::Map(map) => map.len(),
            _ => 0,
        };
        if count > TAGS_PER_RESOURCE {
            problems.push(Problem::InvalidTag {
                at: at.clone(),
                message: format!("the resource has {count} tags, and AWS takes at most {TAGS_PER_RESOURCE} per resource (CloudFormation fails to create it): remove {} of them, here or among those given to `tag_all`", count - TAGS_PER_RESOURCE),
            });
        }
    }
}

/// The tags written as text, in both shapes CloudFormation uses: a list of `{Key, Value}` and a
/// mapping of key to value. A key or value given by an intrinsic is left out (it is not known).
fn literal_tags(tags: &Node) -> Vec<(Option<&str>, Option<&str>)> {
    match tags {
        Node::List(items) => items
            .iter()
            .filter_map(Node::as_map)
            .map(|tag| (tag.get("Key").and_then(Node::as_str), tag.get("Value").and_then(Node::as_str)))
            .collect(),
        Node::Map(map) => map.iter().map(|(key, value)| (Some(key.as_str()), value.as_str())).collect(),
        _ => Vec::new(),
    }
}

fn tag_problem(key: Option<&str>, value: Option<&str>) -> Option<String> {
    if let Some(key) = key {
        let characters = key.chars().count();
        if key.is_empty() {
            return Some("a tag has an empty key; give it a name".to_owned());
        }
        if characters > KEY_CHARACTERS {
            return Some(format!("tag key `{key}` has {characters} characters; AWS takes at most {KEY_CHARACTERS}"));
        }
        if key.get(..4).is_some_and(|prefix| prefix.eq_ignore_ascii_case("aws:")) {
            return Some(format!(
                "tag key `{key}` is in the `aws:` namespace, which AWS keeps for its own tags; choose another prefix"
            ));
        }
    }
    let characters = value.map(|v| v.chars().count()).unwrap_or(0);
    (characters > VALUE_CHARACTERS).then(|| {
        format!(
            "the value of tag `{}` has {characters} characters; AWS takes at most {VALUE_CHARACTERS}",
            key.unwrap_or("…")
        )
    })
}
