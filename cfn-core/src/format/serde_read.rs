//! Reading a [`Node`] through serde: `impl Deserialize for Node`, and the seed the YAML
//! differential tests drive serde_yaml with. The readers of templates use none of it (JSON:
//! `json_read.rs`, YAML: `yaml.rs` and `compose.rs`); it builds nodes with the same code they
//! do ([`super::read`]), so that what serde reads is what they read. [`node_from_json`] converts
//! a `serde_json::Value` (from `serde_json::json!`) to a node.

use std::cell::RefCell;
use std::collections::VecDeque;
use std::fmt;

use serde::de::{
    self, Deserialize, DeserializeSeed, Deserializer, EnumAccess, MapAccess, SeqAccess, VariantAccess, Visitor,
};

use super::read::{self, Budget, Scalars};
use crate::node::{Function, Node, NodeMap};

impl<'de> Deserialize<'de> for Node {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Node, D::Error> {
        NodeSeed::new(&Budget::unlimited()).deserialize(d)
    }
}

/// The number tokens of a JSON text that serde_json hands over as floats (fractions,
/// exponents, whole numbers past 64 bits, `-0`), in document order: the visitor takes the next
/// one for each float it is given, and keeps a whole number exactly ([`wide_numbers`]).
type WideNumbers = RefCell<VecDeque<String>>;

/// Deserializes a [`Node`] within a [`Budget`].
pub(crate) struct NodeSeed<'b, 't> {
    budget: &'b Budget<'t>,
    wide: Option<&'b WideNumbers>,
}

impl<'b, 't> NodeSeed<'b, 't> {
    pub(crate) fn new(budget: &'b Budget<'t>) -> Self {
        NodeSeed { budget, wide: None }
    }
}

impl<'de> DeserializeSeed<'de> for NodeSeed<'_, '_> {
    type Value = Node;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Node, D::Error> {
        d.deserialize_any(NodeVisitor { budget: self.budget, tagged: false, wide: self.wide })
    }
}

/// The value under a tag (`!Sub Yes`): a scalar with an explicit tag is not resolved as
/// YAML 1.1 resolves plain scalars.
struct TaggedSeed<'b, 't>(&'b Budget<'t>);

impl<'de> DeserializeSeed<'de> for TaggedSeed<'_, '_> {
    type Value = Node;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Node, D::Error> {
        d.deserialize_any(NodeVisitor { budget: self.0, tagged: true, wide: None })
    }
}

struct NodeVisitor<'b, 't> {
    budget: &'b Budget<'t>,
    /// The value stands under a tag.
    tagged: bool,
    wide: Option<&'b WideNumbers>,
}

impl<'b, 't> NodeVisitor<'b, 't> {
    fn scalars(&self) -> Scalars<'b, 't> {
        Scalars { budget: self.budget, tagged: self.tagged }
    }

    fn seed(&self) -> NodeSeed<'b, 't> {
        NodeSeed { budget: self.budget, wide: self.wide }
    }

    /// A whole number of up to 128 bits: past `i64`, kept as its digits.
    fn whole<E: de::Error>(&self, i: i128) -> Result<Node, E> {
        self.budget.spend_node().map_err(E::custom)?;
        Ok(i64::try_from(i).map(Node::Int).unwrap_or_else(|_| Node::BigInt(i.to_string())))
    }
}

impl<'de> Visitor<'de> for NodeVisitor<'_, '_> {
    type Value = Node;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a CloudFormation template value")
    }

    fn visit_unit<E: de::Error>(self) -> Result<Node, E> {
        self.scalars().null().map_err(E::custom)
    }

    fn visit_none<E: de::Error>(self) -> Result<Node, E> {
        self.scalars().null().map_err(E::custom)
    }

    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Node, D::Error> {
        self.seed().deserialize(d)
    }

    fn visit_bool<E: de::Error>(self, b: bool) -> Result<Node, E> {
        self.scalars().bool(b).map_err(E::custom)
    }

    fn visit_i64<E: de::Error>(self, i: i64) -> Result<Node, E> {
        self.scalars().int(i).map_err(E::custom)
    }

    fn visit_u64<E: de::Error>(self, u: u64) -> Result<Node, E> {
        self.whole(i128::from(u))
    }

    fn visit_i128<E: de::Error>(self, i: i128) -> Result<Node, E> {
        self.whole(i)
    }

    fn visit_u128<E: de::Error>(self, u: u128) -> Result<Node, E> {
        match i128::try_from(u) {
            Ok(i) => self.whole(i),
            Err(_) => {
                self.budget.spend_node().map_err(E::custom)?;
                Ok(Node::BigInt(u.to_string()))
            }
        }
    }

    fn visit_f64<E: de::Error>(self, f: f64) -> Result<Node, E> {
        // In JSON, the token this float was read from: a whole number past 64 bits is kept.
        if let Some(token) = self.wide.and_then(|wide| wide.borrow_mut().pop_front()) {
            self.budget.spend_node().map_err(E::custom)?;
            if !token.contains(['.', 'e', 'E']) && token != "-0" {
                return Ok(Node::BigInt(token));
            }
            // serde_json's fast float parsing can be one unit off (`1e-25` reads as
            // `9.999999999999999e-26`); the standard library's is correctly rounded, so the
            // number writes back as it was written.
            if let Ok(exact) = token.parse::<f64>() {
                return Ok(Node::Float(exact));
            }
            return Ok(Node::Float(f));
        }
        self.scalars().float(f).map_err(E::custom)
    }

    fn visit_borrowed_str<E: de::Error>(self, s: &'de str) -> Result<Node, E> {
        self.scalars().plain_str(s).map_err(E::custom)
    }

    fn visit_str<E: de::Error>(self, s: &str) -> Result<Node, E> {
        self.scalars().str(s).map_err(E::custom)
    }

    fn visit_string<E: de::Error>(self, s: String) -> Result<Node, E> {
        self.scalars().string(s).map_err(E::custom)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Node, A::Error> {
        self.budget.spend_node().map_err(de::Error::custom)?;
        let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(1024));
        while let Some(item) = seq.next_element_seed(self.seed())? {
            items.push(item);
        }
        Ok(Node::List(items))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut access: A) -> Result<Node, A::Error> {
        self.budget.spend_node().map_err(de::Error::custom)?;
        let mut map = NodeMap::new();
        while let Some(Key(key)) = access.next_key::<Key>()? {
            self.budget.spend_entry(&key).map_err(de::Error::custom)?;
            // One hash per key: the entry is looked up once, and filled after its value is read.
            match map.entry(key) {
                indexmap::map::Entry::Occupied(entry) => {
                    return Err(de::Error::custom(read::duplicate_key(entry.key())));
                }
                indexmap::map::Entry::Vacant(entry) => {
                    entry.insert(access.next_value_seed(self.seed())?);
                }
            }
        }
        read::finish_map(map).map_err(de::Error::custom)
    }

    /// serde_yaml presents a tagged node (`!Sub …`) as an enum whose variant is the tag.
    fn visit_enum<A: EnumAccess<'de>>(self, data: A) -> Result<Node, A::Error> {
        let (tag, content) = data.variant::<String>()?;
        let name = tag.trim_start_matches('!');
        if name.is_empty() {
            // The non-specific tag `! "Ref"`: the value as written, untagged.
            return content.newtype_variant_seed(TaggedSeed(self.budget));
        }
        let function = Function::from_yaml_tag(name).ok_or_else(|| {
            let tags: Vec<String> = Function::ALL.iter().map(|f| format!("!{}", f.yaml_tag())).collect();
            de::Error::custom(format!("unknown tag `!{name}` (CloudFormation's short forms are {})", tags.join(", ")))
        })?;
        read::tagged(function, content.newtype_variant_seed(TaggedSeed(self.budget))?).map_err(de::Error::custom)
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

/// `text` read by serde_yaml (a dev-dependency), as the YAML readers before `yaml.rs` and
/// `compose.rs` read it: their tests compare both with it. A byte-order mark that starts the text
/// is left out: serde_yaml counted it as a column.
#[cfg(test)]
pub(crate) fn read_yaml_with_serde(text: &str) -> Result<Node, String> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    NodeSeed::new(&Budget::for_yaml(text, true))
        .deserialize(serde_yaml::Deserializer::from_str(text))
        .map_err(|e| e.to_string())
}

/// `text` read as the JSON reader before [`super::json_read`] read it: serde_json's parser,
/// with the floats and wide whole numbers taken from the text. The differential tests compare
/// the two.
#[cfg(test)]
pub(crate) fn read_json_with_serde(text: &str) -> Result<Node, serde_json::Error> {
    let budget = Budget::unlimited();
    let wide = RefCell::new(wide_numbers(text));
    let mut reader = serde_json::Deserializer::from_str(text);
    let node = NodeSeed { budget: &budget, wide: Some(&wide) }.deserialize(&mut reader)?;
    reader.end()?;
    Ok(node)
}

#[cfg(test)]
/// The number tokens of JSON `text` that serde_json reads as floats, in order: those with a
/// fraction or an exponent, whole numbers outside `i64` and `u64`, and `-0`. Strings are skipped; the
/// scan is one pass and never fails (serde_json reports malformed text).
fn wide_numbers(text: &str) -> VecDeque<String> {
    let bytes = text.as_bytes();
    let mut found = VecDeque::new();
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'"' => {
                i += 1;
                while i < bytes.len() && bytes[i] != b'"' {
                    i += if bytes[i] == b'\\' { 2 } else { 1 };
                }
                i += 1;
            }
            b'-' | b'0'..=b'9' => {
                let start = i;
                while i < bytes.len() && matches!(bytes[i], b'-' | b'+' | b'.' | b'e' | b'E' | b'0'..=b'9') {
                    i += 1;
                }
                let token = &text[start..i];
                let whole = !token.contains(['.', 'e', 'E']);
                if !whole || token == "-0" || (token.parse::<i64>().is_err() && token.parse::<u64>().is_err()) {
                    found.push_back(token.to_owned());
                }
            }
            _ => i += 1,
        }
    }
    found
}

#[cfg(feature = "serde_json")]
/// Converts a `serde_json::Value` to a node, recognising long-form intrinsics. A malformed one
/// (a one-part `Fn::GetAtt`) is kept as the plain mapping it was. Iterative: a value nested
/// deeper than the stack allows converts too (and is refused when the template is written).
pub fn node_from_json(json: serde_json::Value) -> Node {
    let mut open: Vec<Open> = Vec::new();
    let mut next = json;
    loop {
        let mut finished = match next {
            serde_json::Value::Array(items) => {
                open.push(Open::List(Vec::with_capacity(items.len()), items.into_iter()));
                None
            }
            serde_json::Value::Object(map) => {
                open.push(Open::Map(NodeMap::with_capacity(map.len()), map.into_iter(), String::new()));
                None
            }
            scalar => Some(json_scalar(scalar)),
        };
        // Hand what is finished to its parent, and finish parents without more children, until
        // one has a child left to convert.
        loop {
            let Some(parent) = open.last_mut() else {
                return finished.unwrap_or_default();
            };
            if let Some(node) = finished.take() {
                parent.add(node);
            }
            match parent.next_child() {
                Some(child) => {
                    next = child;
                    break;
                }
                None => finished = open.pop().map(Open::finish),
            }
        }
    }
}

#[cfg(feature = "serde_json")]
/// A list or mapping being converted by [`node_from_json`]: what is converted, what is left, and
/// (for a mapping) the key of the value being converted.
enum Open {
    List(Vec<Node>, std::vec::IntoIter<serde_json::Value>),
    Map(NodeMap, serde_json::map::IntoIter, String),
}

#[cfg(feature = "serde_json")]
impl Open {
    fn add(&mut self, node: Node) {
        match self {
            Open::List(items, _) => items.push(node),
            Open::Map(map, _, key) => {
                map.insert(std::mem::take(key), node);
            }
        }
    }

    fn next_child(&mut self) -> Option<serde_json::Value> {
        match self {
            Open::List(_, rest) => rest.next(),
            Open::Map(_, rest, key) => rest.next().map(|(k, v)| {
                *key = k;
                v
            }),
        }
    }

    fn finish(self) -> Node {
        match self {
            Open::List(items, _) => Node::List(items),
            Open::Map(mut map, _, _) => {
                let call = match map.first() {
                    Some((key, value)) if map.len() == 1 => Function::from_json_key(key)
                        .filter(|f| *f != Function::Condition || matches!(value, Node::String(_))),
                    _ => None,
                };
                let Some(function) = call else {
                    return Node::Map(map);
                };
                let (key, value) = map.pop().unwrap_or_default();
                // `{"Fn::GetAZs": null}`: the stack's Region, as the file reader reads it.
                let value = match (function, value) {
                    (Function::GetAZs, Node::Null) => Node::string(""),
                    (_, value) => value,
                };
                let well_formed = match (&value, function) {
                    (Node::String(dotted), Function::GetAtt) => dotted.contains('.'),
                    (Node::List(parts), Function::GetAtt) => parts.len() == 2,
                    (_, Function::GetAtt) => false,
                    _ => true,
                };
                if !well_formed {
                    return Node::Map(NodeMap::from_iter([(key, value)]));
                }
                // A null argument (`{"Ref": null}`, which CloudFormation refuses) is kept as the
                // plain mapping it was, as a malformed `Fn::GetAtt` is.
                if value == Node::Null {
                    return Node::Map(NodeMap::from_iter([(key, value)]));
                }
                // Cannot fail: the only malformed arguments were ruled out above.
                read::intrinsic(function, value).unwrap_or_default()
            }
        }
    }
}

#[cfg(feature = "serde_json")]
fn json_scalar(json: serde_json::Value) -> Node {
    match json {
        serde_json::Value::Bool(b) => Node::Bool(b),
        serde_json::Value::Number(n) => match (n.as_i64(), n.as_u64(), n.as_f64()) {
            (Some(i), _, _) => Node::Int(i),
            // Past `i64`: kept exactly, as the JSON reader keeps it.
            (None, Some(u), _) => Node::BigInt(u.to_string()),
            (None, None, Some(f)) => Node::Float(f),
            (None, None, None) => Node::Null,
        },
        serde_json::Value::String(s) => Node::String(s),
        _ => Node::Null,
    }
}

#[cfg(test)]
mod tests {
    use serde::de::DeserializeSeed;

    use super::{Budget, NodeSeed};

    #[test]
    fn json_values_with_null_intrinsic_arguments_convert_as_the_reader_reads_them() {
        use crate::node::{Function, Node};
        let azs = super::node_from_json(serde_json::json!({"Fn::GetAZs": null}));
        assert_eq!(azs, Node::call(Function::GetAZs, Node::string("")));
        let reference = super::node_from_json(serde_json::json!({"Ref": null}));
        assert!(matches!(reference, Node::Map(ref m) if m.get("Ref") == Some(&Node::Null)), "{reference:?}");
    }

    #[test]
    fn the_byte_budget_stops_the_reader_too() {
        let text = format!("a: &a '{}'\nb: [*a, *a, *a, *a]\n", "x".repeat(1000));
        let read = |bytes| {
            NodeSeed::new(&Budget::new(1_000).with_bytes(bytes)).deserialize(serde_yaml::Deserializer::from_str(&text))
        };
        assert!(read(20_000).is_ok());
        let over = read(4_000).unwrap_err().to_string();
        assert!(over.contains("expands to more than 4000 bytes of values"), "{over}");
    }

    #[test]
    fn the_budget_stops_the_reader_with_an_error() {
        let text = "a: [1, 2, 3]\nb: [4, 5, 6]\n";
        let within = NodeSeed::new(&Budget::new(100)).deserialize(serde_yaml::Deserializer::from_str(text));
        assert!(within.is_ok());
        let over = NodeSeed::new(&Budget::new(5))
            .deserialize(serde_yaml::Deserializer::from_str(text))
            .unwrap_err()
            .to_string();
        assert!(over.contains("expands to more than 5 values"), "{over}");
        // A long string weighs by its length: 640 bytes cost 11.
        let long = format!("a: {}\n", "x".repeat(640));
        assert!(NodeSeed::new(&Budget::new(12)).deserialize(serde_yaml::Deserializer::from_str(&long)).is_err());
        assert!(NodeSeed::new(&Budget::new(13)).deserialize(serde_yaml::Deserializer::from_str(&long)).is_ok());
    }
}
