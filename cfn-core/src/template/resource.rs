//! The trait every resource type implements, and the property bag generated types fill.

use crate::node::{Node, NodeMap};

/// Seals [`Resource`], [`Unguarded`] and the scope traits: only this crate's types implement
/// them, so no type of a user's can claim a resource type or a compliance scope. New types come
/// in through [`crate::RawResource`], which the final-template check covers. `cfn-model`, whose
/// generated types and constructs are this crate's types in all but name, implements it as
/// `__private::ResourceSeal`.
pub(crate) mod sealed {
    #[diagnostic::on_unimplemented(
        message = "`{Self}` cannot be made a typed-cfn resource or scope: the traits are sealed",
        label = "a type of your own cannot claim a CloudFormation type or a compliance scope",
        note = "for a resource type typed-cfn does not generate, use `RawResource::new(\"AWS::Service::Type\")` or `raw_resource!` and `template.add_raw(…)`: guarded properties are refused and the final-template check covers it"
    )]
    /// The seal: implemented by the crate's resource types and cfn-model's.
    pub trait Sealed {}
}

/// A CloudFormation resource type: generated for every type in AWS's registry schemas, and
/// written by hand for the guarded types of `secure`.
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not a CloudFormation resource type that `add` accepts",
    label = "not a resource type",
    note = "add generated types from `typed_cfn::resources::<service>`, constructs such as `SecureBucket`, `DatabaseSecret` or `RdsLogGroups` with `template.build(…)`, and an untyped `RawResource` with `template.add_raw(…)` (which refuses guarded properties)"
)]
pub trait Resource: crate::handle::HasAttributes + sealed::Sealed {
    /// The CloudFormation type name, e.g. `AWS::Logs::LogGroup`.
    const TYPE: &'static str;

    /// The shape of the type's `Tags` property, which [`crate::Template::tag_all`] fills.
    const TAGGING: Tagging = Tagging::None;

    /// The resource's `Properties`, in the order they were set.
    fn into_properties(self) -> Properties;
}

/// A resource type that carries no compliance rule of its own: every generated type except those
/// the guard table lists as scoped (log groups, buckets, databases, secrets, keys), which enter
/// a compliance-scoped stack only through their secure counterparts.
#[doc(hidden)]
pub trait Unguarded: sealed::Sealed {}

pub use crate::data::Tagging;

/// A value [`Properties::pin`] fixed, and why.
#[derive(Debug, Clone, PartialEq)]
struct Pin {
    name: &'static str,
    value: Node,
    because: &'static str,
}

impl Pin {
    /// What is reported when the pinned property is given `other`.
    fn conflict(&self, other: &Node) -> String {
        format!(
            "`{}` is set to {}, but it must stay {}: {}",
            self.name,
            crate::format::json_write::compact(other),
            crate::format::json_write::compact(&self.value),
            self.because
        )
    }
}

/// The properties of a resource or of a property type, in the order they were set.
///
/// Generated types keep their properties here, which keeps generated code to one line per
/// setter; typing lives in the setters' signatures.
///
/// A few typed setters also record that the resource must be created after another one that
/// it does not reference (a database after the log groups RDS will write to); adding the
/// resource to a template turns those into `DependsOn`.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Properties {
    map: NodeMap,
    after: Vec<String>,
    /// Values a typed construct fixed because something else depends on them (the database
    /// identifier RDS log groups are named for), each with the reason, and what set them otherwise.
    pins: Vec<Pin>,
    conflicts: Vec<String>,
}

impl Properties {
    /// No properties.
    pub fn new() -> Self {
        Properties::default()
    }

    /// Sets `name`, replacing an earlier value of the same name in place.
    pub fn set(&mut self, name: &'static str, value: Node) {
        if let Some(pin) = self.pins.iter().find(|pin| pin.name == name)
            && pin.value != value
        {
            let conflict = pin.conflict(&value);
            self.conflicts.push(conflict);
        }
        self.map.insert(name.to_owned(), value);
    }

    /// Sets `name` and keeps it, `because` something depends on it (a sentence that ends by
    /// naming the fix): a different value set earlier or later is reported when the template is
    /// validated.
    #[doc(hidden)]
    pub fn pin(&mut self, name: &'static str, value: Node, because: &'static str) {
        let pin = Pin { name, value, because };
        if let Some(earlier) = self.map.get(name)
            && *earlier != pin.value
        {
            let conflict = pin.conflict(earlier);
            self.conflicts.push(conflict);
        }
        self.map.insert(name.to_owned(), pin.value.clone());
        self.pins.retain(|p| p.name != name);
        self.pins.push(pin);
    }

    /// Records a problem to report when the template is validated.
    #[doc(hidden)]
    pub fn refuse(&mut self, problem: String) {
        self.conflicts.push(problem);
    }

    /// What contradicted a pinned value, for validation.
    #[doc(hidden)]
    pub fn take_conflicts(&mut self) -> Vec<String> {
        std::mem::take(&mut self.conflicts)
    }

    /// The value of `name`, if set.
    pub fn get(&self, name: &str) -> Option<&Node> {
        self.map.get(name)
    }

    /// Whether no property is set.
    pub fn is_empty(&self) -> bool {
        self.map.is_empty()
    }

    /// The properties as a mapping.
    pub fn into_map(self) -> NodeMap {
        self.map
    }

    /// The properties as a mapping, by reference.
    pub fn as_map(&self) -> &NodeMap {
        &self.map
    }

    /// Properties from a mapping already written (a property type's, to which a construct then
    /// pins values of its own).
    #[doc(hidden)]
    pub fn from_map(map: NodeMap) -> Self {
        Properties { map, ..Properties::default() }
    }

    /// The properties as a mapping, to rewrite in place (an app turns references to other
    /// stacks into imports; a finding's fix is applied).
    pub(crate) fn map_mut(&mut self) -> &mut NodeMap {
        &mut self.map
    }

    /// The properties as a node.
    pub fn to_node(&self) -> Node {
        Node::Map(self.map.clone())
    }

    /// Adds `tags` the resource does not have yet, in the shape `tagging` says.
    pub(crate) fn add_tags(&mut self, tagging: Tagging, tags: &[(String, Node)]) {
        let Some(property) = tagging.property() else { return };
        match tagging {
            Tagging::None => {}
            Tagging::KeyValueList | Tagging::KeyValueListIn(_) => {
                let mut list = match self.map.get(property) {
                    None => Vec::new(),
                    Some(Node::List(items)) => items.clone(),
                    Some(_) => return,
                };
                for (key, value) in tags {
                    let present = list.iter().any(|item| match item {
                        Node::Map(tag) => tag.get("Key").and_then(Node::as_str) == Some(key.as_str()),
                        _ => false,
                    });
                    if !present {
                        let mut tag = NodeMap::new();
                        tag.insert("Key".to_owned(), Node::String(key.clone()));
                        tag.insert("Value".to_owned(), value.clone());
                        list.push(Node::Map(tag));
                    }
                }
                self.set(property, Node::List(list));
            }
            Tagging::Map | Tagging::MapIn(_) => {
                let mut map = match self.map.get(property) {
                    None => NodeMap::new(),
                    Some(Node::Map(map)) => map.clone(),
                    Some(_) => return,
                };
                for (key, value) in tags {
                    map.entry(key.clone()).or_insert_with(|| value.clone());
                }
                self.set(property, Node::Map(map));
            }
        }
    }

    /// Records that the resource must be created after `logical_id`.
    #[doc(hidden)]
    pub fn create_after(&mut self, logical_id: &str) {
        if !self.after.iter().any(|id| id == logical_id) {
            self.after.push(logical_id.to_owned());
        }
    }

    /// The logical IDs recorded by [`Properties::create_after`].
    pub(crate) fn take_dependencies(&mut self) -> Vec<String> {
        std::mem::take(&mut self.after)
    }
}

impl From<NodeMap> for Properties {
    fn from(map: NodeMap) -> Self {
        Properties { map, ..Properties::default() }
    }
}

/// `[{"Key": …, "Value": …}, …]`.
pub(crate) fn tags_node<K: Into<String>, V: Into<crate::value::Value<String>>>(
    tags: impl IntoIterator<Item = (K, V)>,
) -> crate::node::Node {
    crate::node::Node::List(
        tags.into_iter()
            .map(|(k, v)| {
                let mut tag = crate::node::NodeMap::new();
                tag.insert("Key".to_owned(), crate::node::Node::String(k.into()));
                tag.insert("Value".to_owned(), v.into().into_node());
                crate::node::Node::Map(tag)
            })
            .collect(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tags() -> Vec<(String, Node)> {
        vec![("Team".to_owned(), Node::string("data")), ("Env".to_owned(), Node::string("prod"))]
    }

    #[test]
    fn list_tags_are_added_without_replacing_a_key_already_set() {
        let mut p = Properties::new();
        let mut own = NodeMap::new();
        own.insert("Key".to_owned(), Node::string("Env"));
        own.insert("Value".to_owned(), Node::string("dev"));
        p.set("Tags", Node::List(vec![Node::Map(own)]));
        p.add_tags(Tagging::KeyValueList, &tags());
        let written = p.to_node().to_json_value();
        assert_eq!(
            written,
            serde_json::json!({"Tags": [{"Key": "Env", "Value": "dev"}, {"Key": "Team", "Value": "data"}]})
        );
    }

    #[test]
    fn map_tags_and_untaggable_types() {
        let mut p = Properties::new();
        p.add_tags(Tagging::Map, &tags());
        assert_eq!(p.to_node().to_json_value(), serde_json::json!({"Tags": {"Team": "data", "Env": "prod"}}));
        let mut none = Properties::new();
        none.add_tags(Tagging::None, &tags());
        assert!(none.is_empty());
        // Tags given as an intrinsic are left as they are.
        let mut intrinsic = Properties::new();
        intrinsic.set("Tags", Node::call(crate::node::Function::Ref, Node::string("TagList")));
        intrinsic.add_tags(Tagging::KeyValueList, &tags());
        assert_eq!(intrinsic.to_node().to_json_value(), serde_json::json!({"Tags": {"Ref": "TagList"}}));
    }

    #[test]
    fn tags_go_into_the_property_the_type_names() {
        let mut vault = Properties::new();
        vault.add_tags(Tagging::MapIn("BackupVaultTags"), &tags());
        assert_eq!(
            vault.to_node().to_json_value(),
            serde_json::json!({"BackupVaultTags": {"Team": "data", "Env": "prod"}})
        );
        let mut file_system = Properties::new();
        file_system.add_tags(Tagging::KeyValueListIn("FileSystemTags"), &tags());
        assert_eq!(
            file_system.to_node().to_json_value(),
            serde_json::json!({"FileSystemTags": [{"Key": "Team", "Value": "data"}, {"Key": "Env", "Value": "prod"}]})
        );
    }
}
