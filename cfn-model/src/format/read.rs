//! Deserializing a [`Node`] from JSON or YAML, recognising intrinsics in both spellings.

use std::fmt;

use serde::de::{self, Deserialize, Deserializer, EnumAccess, MapAccess, SeqAccess, VariantAccess, Visitor};

use crate::node::{Function, Node, NodeMap};

impl<'de> Deserialize<'de> for Node {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Node, D::Error> {
        d.deserialize_any(NodeVisitor)
    }
}

/// `Fn::GetAtt`'s argument in the long form: `["Resource", "Attribute"]`. The short form
/// `Resource.Attribute` splits on the first dot only (`Db.Endpoint.Address`).
fn get_att_argument<E: de::Error>(arg: Node) -> Result<Node, E> {
    match arg {
        Node::String(dotted) => match dotted.split_once('.') {
            Some((resource, attribute)) => Ok(Node::List(vec![Node::string(resource), Node::string(attribute)])),
            None => Err(E::custom(format!("Fn::GetAtt `{dotted}` needs the form Resource.Attribute"))),
        },
        Node::List(ref parts) if parts.len() == 2 => Ok(arg),
        _ => Err(E::custom("Fn::GetAtt takes [Resource, Attribute] or Resource.Attribute")),
    }
}

fn intrinsic<E: de::Error>(function: Function, arg: Node) -> Result<Node, E> {
    let arg = if function == Function::GetAtt { get_att_argument(arg)? } else { arg };
    Ok(Node::call(function, arg))
}

struct NodeVisitor;

impl<'de> Visitor<'de> for NodeVisitor {
    type Value = Node;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a CloudFormation template value")
    }

    fn visit_unit<E>(self) -> Result<Node, E> {
        Ok(Node::Null)
    }

    fn visit_none<E>(self) -> Result<Node, E> {
        Ok(Node::Null)
    }

    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Node, D::Error> {
        Node::deserialize(d)
    }

    fn visit_bool<E>(self, b: bool) -> Result<Node, E> {
        Ok(Node::Bool(b))
    }

    fn visit_i64<E>(self, i: i64) -> Result<Node, E> {
        Ok(Node::Int(i))
    }

    fn visit_u64<E>(self, u: u64) -> Result<Node, E> {
        Ok(i64::try_from(u).map(Node::Int).unwrap_or(Node::Float(u as f64)))
    }

    fn visit_f64<E>(self, f: f64) -> Result<Node, E> {
        Ok(Node::Float(f))
    }

    fn visit_str<E>(self, s: &str) -> Result<Node, E> {
        Ok(Node::string(s))
    }

    fn visit_string<E>(self, s: String) -> Result<Node, E> {
        Ok(Node::String(s))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Node, A::Error> {
        let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(0));
        while let Some(item) = seq.next_element::<Node>()? {
            items.push(item);
        }
        Ok(Node::List(items))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut access: A) -> Result<Node, A::Error> {
        let mut map = NodeMap::new();
        while let Some(Key(key)) = access.next_key::<Key>()? {
            if map.contains_key(&key) {
                // CloudFormation refuses the template; "the last one wins" would hide a mistake.
                return Err(de::Error::custom(format!("`{key}` is given twice in one mapping: CloudFormation refuses duplicate keys, keep one")));
            }
            let value = access.next_value::<Node>()?;
            map.insert(key, value);
        }
        if map.len() == 1 {
            let (key, value) = map.first().expect("one entry");
            if let Some(function) = Function::from_json_key(key) {
                // `{"Condition": "Name"}` is a condition reference; an IAM statement's
                // `Condition` block is a mapping and stays one.
                if function != Function::Condition || matches!(value, Node::String(_)) {
                    let (_, value) = map.pop().expect("one entry");
                    return intrinsic(function, value);
                }
            }
        }
        Ok(Node::Map(map))
    }

    /// serde_yaml presents a tagged node (`!Sub …`) as an enum whose variant is the tag.
    fn visit_enum<A: EnumAccess<'de>>(self, data: A) -> Result<Node, A::Error> {
        let (tag, content) = data.variant::<String>()?;
        let name = tag.trim_start_matches('!');
        if name.is_empty() {
            // The non-specific tag `! "Ref"`: the value as written, untagged.
            return content.newtype_variant::<Node>();
        }
        let function = Function::from_yaml_tag(name).ok_or_else(|| {
            let tags: Vec<String> = Function::ALL.iter().map(|f| format!("!{}", f.yaml_tag())).collect();
            de::Error::custom(format!("unknown tag `!{name}` (CloudFormation's short forms are {})", tags.join(", ")))
        })?;
        // A tag on an empty scalar (`!GetAZs`, "this Region") tags the empty string, not null.
        let arg = match content.newtype_variant::<Node>()? {
            Node::Null => Node::string(""),
            arg => arg,
        };
        intrinsic(function, arg)
    }
}

/// A mapping key: YAML allows numbers and booleans as keys; CloudFormation reads them as
/// strings.
struct Key(String);

impl<'de> Deserialize<'de> for Key {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Key, D::Error> {
        struct KeyVisitor;
        impl<'de> Visitor<'de> for KeyVisitor {
            type Value = Key;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a mapping key")
            }
            fn visit_str<E>(self, s: &str) -> Result<Key, E> {
                Ok(Key(s.to_owned()))
            }
            fn visit_string<E>(self, s: String) -> Result<Key, E> {
                Ok(Key(s))
            }
            fn visit_i64<E>(self, i: i64) -> Result<Key, E> {
                Ok(Key(i.to_string()))
            }
            fn visit_u64<E>(self, u: u64) -> Result<Key, E> {
                Ok(Key(u.to_string()))
            }
            fn visit_f64<E>(self, f: f64) -> Result<Key, E> {
                Ok(Key(f.to_string()))
            }
            fn visit_bool<E>(self, b: bool) -> Result<Key, E> {
                Ok(Key(b.to_string()))
            }
            /// A key with the non-specific tag (`! "Ref": …`) is the key as written.
            fn visit_enum<A: EnumAccess<'de>>(self, data: A) -> Result<Key, A::Error> {
                let (tag, content) = data.variant::<String>()?;
                match tag.trim_start_matches('!') {
                    "" => content.newtype_variant::<Key>(),
                    name => Err(de::Error::custom(format!("a mapping key cannot be tagged `!{name}`"))),
                }
            }
        }
        d.deserialize_any(KeyVisitor)
    }
}

/// Converts a `serde_json::Value` to a node, recognising long-form intrinsics.
pub fn node_from_json(json: serde_json::Value) -> Node {
    // A `serde_json::Value` is always a well-formed document; only a malformed intrinsic
    // (e.g. a one-part `Fn::GetAtt`) can fail, and that is kept as the plain mapping it was.
    match Node::deserialize(json.clone()) {
        Ok(node) => node,
        Err(_) => plain(json),
    }
}

fn plain(json: serde_json::Value) -> Node {
    match json {
        serde_json::Value::Null => Node::Null,
        serde_json::Value::Bool(b) => Node::Bool(b),
        serde_json::Value::Number(n) => n.as_i64().map(Node::Int).unwrap_or_else(|| Node::Float(n.as_f64().unwrap_or(0.0))),
        serde_json::Value::String(s) => Node::String(s),
        serde_json::Value::Array(items) => Node::List(items.into_iter().map(plain).collect()),
        serde_json::Value::Object(map) => Node::Map(map.into_iter().map(|(k, v)| (k, plain(v))).collect()),
    }
}
