//! Serializing a [`Node`]: JSON long form and YAML short form. The JSON text is serde_json's;
//! the YAML text is [`super::yaml_write`]'s, which also decides how strings are quoted.

use serde::ser::{Serialize, SerializeMap, SerializeSeq, Serializer};

use crate::node::{Function, Node, NodeMap};

/// A node in JSON's long form (`{"Fn::Sub": "…"}`) or YAML's short form (`!Sub "…"`,
/// `!GetAtt Key.Arn`).
#[derive(Clone, Copy)]
pub(crate) struct Styled<'a> {
    node: &'a Node,
    yaml: bool,
    /// Write this node's intrinsic in the long form even in YAML: a YAML node carries one tag,
    /// so `!Base64 !Sub …` is written `!Base64 {Fn::Sub: …}`, which CloudFormation reads the same.
    long_form: bool,
}

impl<'a> Styled<'a> {
    pub(crate) fn json(node: &'a Node) -> Self {
        Styled { node, yaml: false, long_form: false }
    }

    pub(crate) fn yaml(node: &'a Node) -> Self {
        Styled { node, yaml: true, long_form: false }
    }

    /// YAML's short form if `yaml`, else JSON's long form.
    pub(crate) fn new(node: &'a Node, yaml: bool) -> Self {
        Styled { node, yaml, long_form: false }
    }

    fn child(self, node: &'a Node) -> Self {
        Styled { node, yaml: self.yaml, long_form: false }
    }

    /// The argument of an intrinsic: long form if it is itself an intrinsic.
    fn argument(self, node: &'a Node) -> Self {
        Styled { node, yaml: self.yaml, long_form: matches!(node, Node::Fn(..)) }
    }
}

/// `Resource.Attribute` when both parts of a `Fn::GetAtt` are plain strings.
fn get_att_short_form(arg: &Node) -> Option<String> {
    match arg {
        Node::List(parts) => match parts.as_slice() {
            [Node::String(resource), Node::String(attribute)] => Some(format!("{resource}.{attribute}")),
            _ => None,
        },
        _ => None,
    }
}

impl Serialize for Styled<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self.node {
            Node::Null => s.serialize_unit(),
            Node::Bool(b) => s.serialize_bool(*b),
            Node::Int(i) => s.serialize_i64(*i),
            Node::Float(f) => s.serialize_f64(*f),
            Node::BigInt(digits) => {
                if let Ok(n) = digits.parse::<i128>() {
                    s.serialize_i128(n)
                } else if let Ok(n) = digits.parse::<u128>() {
                    s.serialize_u128(n)
                } else if self.yaml {
                    // The YAML writer writes these digits plain (serde has no number this wide).
                    s.serialize_newtype_struct(super::yaml_write::PLAIN_DIGITS, digits.as_str())
                } else {
                    use serde::ser::Error as _;
                    serde_json::value::RawValue::from_string(digits.clone()).map_err(S::Error::custom)?.serialize(s)
                }
            }
            Node::String(v) => s.serialize_str(v),
            Node::List(items) => {
                let mut seq = s.serialize_seq(Some(items.len()))?;
                for item in items {
                    seq.serialize_element(&self.child(item))?;
                }
                seq.end()
            }
            Node::Map(map) => {
                let mut out = s.serialize_map(Some(map.len()))?;
                for (k, v) in map {
                    out.serialize_entry(k, &self.child(v))?;
                }
                out.end()
            }
            Node::Fn(function, arg) if !self.yaml || self.long_form => {
                let mut out = s.serialize_map(Some(1))?;
                out.serialize_entry(function.json_key(), &self.argument(arg))?;
                out.end()
            }
            // The YAML writer writes a newtype variant as a tagged node: `!Tag value`.
            Node::Fn(Function::GetAtt, arg) => match get_att_short_form(arg) {
                Some(dotted) => s.serialize_newtype_variant("Fn", 0, "GetAtt", &dotted),
                None => s.serialize_newtype_variant("Fn", 0, "GetAtt", &self.argument(arg)),
            },
            Node::Fn(function, arg) => s.serialize_newtype_variant("Fn", 0, function.yaml_tag(), &self.argument(arg)),
        }
    }
}

/// A mapping of nodes, written in place (a resource's properties, without copying them into a
/// node first).
pub(crate) struct StyledMap<'a> {
    pub(crate) map: &'a NodeMap,
    pub(crate) yaml: bool,
}

impl Serialize for StyledMap<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut out = s.serialize_map(Some(self.map.len()))?;
        for (k, v) in self.map {
            out.serialize_entry(k, &Styled { node: v, yaml: self.yaml, long_form: false })?;
        }
        out.end()
    }
}
