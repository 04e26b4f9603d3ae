//! Serializing a [`Node`]: JSON long form and YAML short form.

use serde::ser::{Serialize, SerializeMap, SerializeSeq, Serializer};

use crate::node::{Function, Node, NodeMap};

/// A node in JSON's long form (`{"Fn::Sub": "…"}`) or YAML's short form (`!Sub "…"`,
/// `!GetAtt Key.Arn`).
#[derive(Clone, Copy)]
pub(crate) struct Styled<'a> {
    node: &'a Node,
    yaml: bool,
    /// Write this node's intrinsic in the long form even in YAML: a tag cannot stand directly
    /// inside another tag in serde_yaml, so `!Base64 !Sub …` is written `!Base64 {Fn::Sub: …}`,
    /// which CloudFormation reads the same.
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
                    s.serialize_str(&format!("{}{digits}", yaml11::NUMBER_MARK))
                } else {
                    use serde::ser::Error as _;
                    serde_json::value::RawValue::from_string(digits.clone()).map_err(S::Error::custom)?.serialize(s)
                }
            }
            Node::String(v) if self.yaml && yaml11::needs_mark(v) => s.serialize_str(&format!("{}{v}", yaml11::MARK)),
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
            // serde_yaml writes a newtype variant as a tagged node: `!Tag value`.
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

/// YAML 1.1, which CloudFormation reads, takes more plain scalars for non-strings than YAML 1.2,
/// which serde_yaml writes: `Yes`, `OFF`, `y` are booleans, `1:30` a sexagesimal number,
/// `2001-12-14` a timestamp, `1_000` an integer. A string of such a shape must be quoted, or
/// CloudFormation reads `MfaConfiguration: OFF` as `false`.
///
/// serde_yaml has no way to ask for quotes, so such a string is written with [`MARK`], a control
/// character, in front: serde_yaml must then double-quote it and writes the mark as `\x01`, which
/// [`unmark`] removes from the finished text. A string that really starts with the mark is
/// marked too, so unmarking gives it back whole.
pub(crate) mod yaml11 {
    /// The character that makes serde_yaml quote a string.
    pub(crate) const MARK: char = '\u{1}';

    /// Whether `text` must be marked: a YAML 1.1 reader would take it as a non-string while
    /// serde_yaml would write it plain (or it starts with the mark).
    pub(crate) fn needs_mark(text: &str) -> bool {
        text.starts_with([MARK, NUMBER_MARK]) || (non_string_in_yaml11(text) && plain_in_yaml12(text))
    }

    /// The character in front of the digits of a whole number past 128 bits, which serde_yaml
    /// cannot write as a number: written as a marked string, it is unquoted by [`unmark`].
    pub(crate) const NUMBER_MARK: char = '\u{2}';

    /// The finished YAML with every mark removed.
    pub(crate) fn unmark(yaml: String) -> String {
        // Numbers first: a string that starts with the number mark was marked with MARK before
        // it (`"\x01\x02…"`), so it is not taken for a number here, then only loses its MARK.
        let yaml = unmark_numbers(yaml);
        if yaml.contains("\"\\x01") { yaml.replace("\"\\x01", "\"") } else { yaml }
    }

    fn unmark_numbers(yaml: String) -> String {
        if !yaml.contains("\"\\x02") {
            return yaml;
        }
        // `"\x02123…"` becomes `123…`: only digits (and a sign) follow the mark.
        let mut out = String::with_capacity(yaml.len());
        let mut rest = yaml.as_str();
        while let Some(at) = rest.find("\"\\x02") {
            out.push_str(&rest[..at]);
            let after = &rest[at + 5..];
            let digits = after.find('"').unwrap_or(after.len());
            out.push_str(&after[..digits]);
            rest = after.get(digits + 1..).unwrap_or("");
        }
        out.push_str(rest);
        out
    }

    /// Whether serde_yaml (YAML 1.2) reads `text` back as this very string, so writes it plain.
    fn plain_in_yaml12(text: &str) -> bool {
        matches!(serde_yaml::from_str::<serde_yaml::Value>(text), Ok(serde_yaml::Value::String(s)) if s == text)
    }

    /// A conservative test for the YAML 1.1 types other than string (bool, null, int, float,
    /// timestamp, merge, value): quoting a string that did not need it changes nothing.
    fn non_string_in_yaml11(text: &str) -> bool {
        const WORDS: [&str; 27] = [
            "y", "Y", "yes", "Yes", "YES", "n", "N", "no", "No", "NO", "true", "True", "TRUE", "false", "False",
            "FALSE", "on", "On", "ON", "off", "Off", "OFF", "~", "null", "Null", "NULL", "<<",
        ];
        if WORDS.contains(&text) || text == "=" {
            return true;
        }
        let body = text.strip_prefix(['+', '-']).unwrap_or(text);
        let starts_numeric = body.starts_with(|c: char| c.is_ascii_digit() || c == '.');
        // Numbers of every base, sexagesimals, floats, `.inf`/`.nan`, timestamps.
        starts_numeric && body.chars().all(|c| c.is_ascii_hexdigit() || "xXoObB_:.+-eEtTzZ iInNaAfF".contains(c))
    }

    #[cfg(test)]
    mod tests {
        use super::*;

        #[test]
        fn yaml_11_non_strings_are_marked_and_strings_are_not() {
            for text in [
                "Yes",
                "OFF",
                "on",
                "y",
                "1:30",
                "2001-12-14",
                "1_000",
                "12:30:45",
                "2001-12-14T21:59:43.10-05:00",
                "\u{1}x",
            ] {
                assert!(needs_mark(text), "{text}");
            }
            // Plain strings, and strings serde_yaml quotes by itself.
            for text in [
                "orders",
                "Yesterday",
                "ON_DEMAND",
                "v1.2",
                "arn:aws:s3:::b",
                "1e3",
                ".inf",
                "null",
                "",
                "2012-10-17 is a date",
            ] {
                assert!(!needs_mark(text), "{text}");
            }
            assert_eq!(unmark("a: \"\\x01Yes\"\nb: \"\\x01\\x01x\"\n".to_owned()), "a: \"Yes\"\nb: \"\\x01x\"\n");
        }
    }
}
