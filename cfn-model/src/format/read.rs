//! Deserializing a [`Node`] from JSON or YAML, recognising intrinsics in both spellings.

use std::cell::{Cell, RefCell};
use std::collections::VecDeque;
use std::fmt;

use serde::de::{
    self, Deserialize, DeserializeSeed, Deserializer, EnumAccess, MapAccess, SeqAccess, VariantAccess, Visitor,
};

use crate::node::{Function, Node, NodeMap};

impl<'de> Deserialize<'de> for Node {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Node, D::Error> {
        NodeSeed(&Budget::unlimited()).deserialize(d)
    }
}

/// How much a document may expand to, in values and in bytes. YAML aliases repeat the node they
/// name, so a few kilobytes of nested aliases expand to billions of values (the "billion laughs"
/// document), or to a long string repeated millions of times: the reader counts what it builds
/// and stops at either limit, in bounded memory, with an error.
pub(crate) struct Budget<'t> {
    /// The YAML text being read (empty for JSON): a plain scalar is told from a quoted one by
    /// the byte before it ([`Budget::yaml11_boolean`]).
    yaml: &'t str,
    left: Cell<usize>,
    limit: usize,
    /// The bytes the values built take (each node, each mapping entry, each string's text).
    bytes_left: Cell<usize>,
    bytes_limit: usize,
    /// The number tokens of a JSON text that serde_json hands over as floats (fractions,
    /// exponents, whole numbers past 64 bits), in document order: the reader takes the next one
    /// for each float it is given, and keeps a whole number exactly ([`wide_numbers`]).
    wide: RefCell<VecDeque<String>>,
    /// The digit runs of a YAML text too long for 128 bits (39 digits or more, with their sign),
    /// which serde_yaml hands over as floats: the reader gives back the one that reads as the
    /// float it is handed ([`long_digit_runs`]).
    long_digits: Vec<String>,
}

/// The values any YAML text may expand to, besides one per byte of its text. Without aliases a
/// text holds at most one value per two bytes (`[1,1,…]`), so a template within CloudFormation's
/// 1,000,000-byte limit always fits; a small document of aliases is held to about this many.
#[cfg_attr(not(feature = "yaml"), allow(dead_code))]
pub(crate) const YAML_VALUES_BASE: usize = 100_000;

/// The bytes any YAML text may expand to, besides [`YAML_BYTES_PER_TEXT_BYTE`] per byte of its
/// text: a document of a few kilobytes costs at most about this much memory, whatever its aliases
/// repeat.
#[cfg_attr(not(feature = "yaml"), allow(dead_code))]
pub(crate) const YAML_BYTES_BASE: usize = 16 << 20;

/// What a byte of YAML text may expand to, in the bytes of the values built: a text without
/// aliases costs at most about its length in strings plus one node (and a mapping entry) per two
/// bytes.
#[cfg_attr(not(feature = "yaml"), allow(dead_code))]
pub(crate) const YAML_BYTES_PER_TEXT_BYTE: usize = 64;

/// What one value costs besides its text: the node, and for a mapping's entry its key's
/// `String` and its hash and index slots.
const NODE_BYTES: usize = std::mem::size_of::<Node>();
const ENTRY_BYTES: usize = std::mem::size_of::<String>() + std::mem::size_of::<Node>() + 16;

impl<'t> Budget<'t> {
    /// A budget of `limit` values, bytes unlimited.
    pub(crate) fn new(limit: usize) -> Self {
        Budget {
            yaml: "",
            left: Cell::new(limit),
            limit,
            bytes_left: Cell::new(usize::MAX),
            bytes_limit: usize::MAX,
            wide: RefCell::new(VecDeque::new()),
            long_digits: Vec::new(),
        }
    }

    pub(crate) fn unlimited() -> Self {
        Budget::new(usize::MAX)
    }

    /// Limits the bytes built too.
    #[cfg_attr(not(feature = "yaml"), allow(dead_code))]
    pub(super) fn with_bytes(mut self, limit: usize) -> Self {
        self.bytes_left = Cell::new(limit);
        self.bytes_limit = limit;
        self
    }

    /// The YAML budget for `text`, with its long digit runs.
    /// `long_digits`: whether the text holds a run of 39 digits ([`super::nesting::prescan`]);
    /// if not, it is not searched for them.
    #[cfg_attr(not(feature = "yaml"), allow(dead_code))]
    pub(crate) fn for_yaml(text: &'t str, long_digits: bool) -> Self {
        let mut budget = Budget::new(YAML_VALUES_BASE.saturating_add(text.len()))
            .with_bytes(YAML_BYTES_BASE.saturating_add(YAML_BYTES_PER_TEXT_BYTE.saturating_mul(text.len())));
        if long_digits {
            budget.long_digits = long_digit_runs(text);
        }
        budget.yaml = text;
        budget
    }

    /// An unlimited budget for the JSON `text`, with its wide numbers (JSON has no aliases:
    /// what it builds is bounded by its length).
    pub(crate) fn for_json(text: &str) -> Self {
        let budget = Budget::unlimited();
        *budget.wide.borrow_mut() = wide_numbers(text);
        budget
    }

    /// Spends `cost` values (a string costs one per 64 bytes besides its own) and `bytes`.
    fn spend<E: de::Error>(&self, cost: usize, bytes: usize) -> Result<(), E> {
        match (self.left.get().checked_sub(cost), self.bytes_left.get().checked_sub(bytes)) {
            (Some(left), Some(bytes_left)) => {
                self.left.set(left);
                self.bytes_left.set(bytes_left);
                Ok(())
            }
            (None, _) => Err(E::custom(format!(
                "the document expands to more than {} values: YAML aliases (`*name`) repeat what they name, and these repeat it beyond any template CloudFormation takes (its limit is 1,000,000 bytes of text). Write the repeated values out, or use fewer aliases",
                self.limit
            ))),
            (_, None) => Err(E::custom(format!(
                "the document expands to more than {} of values: YAML aliases (`*name`) repeat what they name, and these repeat it beyond any template CloudFormation takes (its limit is 1,000,000 bytes of text). Write the repeated values out, or use fewer aliases",
                if self.bytes_limit >= 1 << 20 {
                    format!("{} MB", self.bytes_limit >> 20)
                } else {
                    format!("{} bytes", self.bytes_limit)
                }
            ))),
        }
    }

    /// The boolean a plain YAML scalar is under YAML 1.1, which CloudFormation reads: `yes`,
    /// `no`, `on` and `off` in the three spellings YAML 1.1 lists (`Yes`, `YES`, `yes`), besides
    /// the `true` and `false` serde_yaml's YAML 1.2 reads already. The one-letter `y` and `n`
    /// stay strings, as the YAML 1.1 readers in use (PyYAML, SnakeYAML) read them. A quoted
    /// `'Yes'` is a string: `scalar` is a slice of the text, and a quote before it says so.
    /// YAML 1.1's booleans: <https://yaml.org/type/bool.html>.
    fn yaml11_boolean(&self, scalar: &str) -> Option<bool> {
        let value = match scalar {
            "yes" | "Yes" | "YES" | "on" | "On" | "ON" => true,
            "no" | "No" | "NO" | "off" | "Off" | "OFF" => false,
            _ => return None,
        };
        let start = (scalar.as_ptr() as usize).checked_sub(self.yaml.as_ptr() as usize)?;
        if self.yaml.is_empty() || start + scalar.len() > self.yaml.len() {
            return None;
        }
        let quoted = start > 0 && matches!(self.yaml.as_bytes()[start - 1], b'\'' | b'"');
        (!quoted).then_some(value)
    }

    /// Spends one scalar or empty collection.
    pub(super) fn spend_node<E: de::Error>(&self) -> Result<(), E> {
        self.spend(1, NODE_BYTES)
    }

    /// Spends one mapping entry with the key `key`.
    pub(super) fn spend_entry<E: de::Error>(&self, key: &str) -> Result<(), E> {
        self.spend(1 + key.len() / 64, ENTRY_BYTES + key.len())
    }

    /// The values and bytes spent so far: what a node cost is the difference before and after
    /// it is built, and an alias that repeats it spends that again ([`Budget::spend_again`]).
    #[cfg_attr(not(feature = "yaml"), allow(dead_code))]
    pub(super) fn spent(&self) -> (usize, usize) {
        (self.limit - self.left.get(), self.bytes_limit - self.bytes_left.get())
    }

    /// Spends what a node built before cost, for an alias that repeats it.
    #[cfg_attr(not(feature = "yaml"), allow(dead_code))]
    pub(super) fn spend_again<E: de::Error>(&self, values: usize, bytes: usize) -> Result<(), E> {
        self.spend(values, bytes)
    }

    /// Spends one string of `len` bytes.
    pub(super) fn spend_string<E: de::Error>(&self, len: usize) -> Result<(), E> {
        self.spend(1 + len / 64, NODE_BYTES + len)
    }
}

/// Deserializes a [`Node`] within a [`Budget`].
pub(crate) struct NodeSeed<'b, 't>(pub(crate) &'b Budget<'t>);

impl<'de> DeserializeSeed<'de> for NodeSeed<'_, '_> {
    type Value = Node;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Node, D::Error> {
        d.deserialize_any(NodeVisitor { budget: self.0, tagged: false })
    }
}

/// The value under a tag (`!Sub Yes`): a scalar with an explicit tag is not resolved as
/// YAML 1.1 resolves plain scalars.
struct TaggedSeed<'b, 't>(&'b Budget<'t>);

impl<'de> DeserializeSeed<'de> for TaggedSeed<'_, '_> {
    type Value = Node;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Node, D::Error> {
        d.deserialize_any(NodeVisitor { budget: self.0, tagged: true })
    }
}

/// `Fn::GetAtt`'s argument in the long form: `["Resource", "Attribute"]`. The short form
/// `Resource.Attribute` splits on the first dot only (`Db.Endpoint.Address`).
fn get_att_argument<E: de::Error>(arg: Node) -> Result<Node, E> {
    match arg {
        Node::String(ref dotted) => match dotted.split_once('.') {
            Some((resource, attribute)) => Ok(Node::List(vec![Node::string(resource), Node::string(attribute)])),
            None => Err(E::custom(format!("Fn::GetAtt `{dotted}` needs the form Resource.Attribute"))),
        },
        Node::List(ref parts) if parts.len() == 2 => Ok(arg),
        _ => Err(E::custom("Fn::GetAtt takes [Resource, Attribute] or Resource.Attribute")),
    }
}

fn intrinsic<E: de::Error>(function: Function, arg: Node) -> Result<Node, E> {
    let arg = match (function, arg) {
        (Function::GetAtt, arg) => get_att_argument(arg)?,
        // `{"Fn::GetAZs": null}` is read as `""`, the Region the stack is in, as the YAML form
        // `!GetAZs` with nothing after it is: both write back as `!GetAZs ''`.
        (Function::GetAZs, Node::Null) => Node::string(""),
        // No other intrinsic takes null: `{"Ref": null}`, `{"Fn::Or": null}` are refused by
        // CloudFormation ("Template format error"), and written back they would read as other
        // values (`!Ref null` names a resource `null`).
        (function, Node::Null) => {
            return Err(E::custom(format!(
                "{} is given null: it takes {}; CloudFormation refuses the template",
                function.json_key(),
                takes(function)
            )));
        }
        (_, arg) => arg,
    };
    Ok(Node::call(function, arg))
}

/// What an intrinsic takes, in words, for the message refusing a null argument (the function
/// reference: <https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/intrinsic-function-reference.html>).
fn takes(function: Function) -> &'static str {
    match function {
        Function::Ref => "the logical ID of a parameter or resource, or a pseudo parameter, as a string",
        Function::And | Function::Or => "a list of 2 to 10 conditions",
        Function::Not => "a list of one condition",
        Function::Equals => "a list of two values",
        Function::If => "a list of a condition's name and two values",
        Function::Join => "a list of a delimiter and a list of values",
        Function::Select => "a list of an index and a list of values",
        Function::Split => "a list of a delimiter and a string",
        Function::FindInMap => "a list of a mapping's name and two keys",
        Function::Sub => "a string, or a list of a string and a mapping of variables",
        _ => "a value (a string, a list or a mapping, as its documentation says)",
    }
}

pub(super) struct NodeVisitor<'b, 't> {
    pub(super) budget: &'b Budget<'t>,
    /// The value stands under a tag.
    pub(super) tagged: bool,
}

impl<'de> Visitor<'de> for NodeVisitor<'_, '_> {
    type Value = Node;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a CloudFormation template value")
    }

    fn visit_unit<E: de::Error>(self) -> Result<Node, E> {
        self.budget.spend_node()?;
        Ok(Node::Null)
    }

    fn visit_none<E: de::Error>(self) -> Result<Node, E> {
        self.budget.spend_node()?;
        Ok(Node::Null)
    }

    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Node, D::Error> {
        NodeSeed(self.budget).deserialize(d)
    }

    fn visit_bool<E: de::Error>(self, b: bool) -> Result<Node, E> {
        self.budget.spend_node()?;
        Ok(Node::Bool(b))
    }

    fn visit_i64<E: de::Error>(self, i: i64) -> Result<Node, E> {
        self.budget.spend_node()?;
        Ok(Node::Int(i))
    }

    fn visit_u64<E: de::Error>(self, u: u64) -> Result<Node, E> {
        self.budget.spend_node()?;
        Ok(i64::try_from(u).map(Node::Int).unwrap_or_else(|_| Node::BigInt(u.to_string())))
    }

    fn visit_i128<E: de::Error>(self, i: i128) -> Result<Node, E> {
        self.budget.spend_node()?;
        Ok(i64::try_from(i).map(Node::Int).unwrap_or_else(|_| Node::BigInt(i.to_string())))
    }

    fn visit_u128<E: de::Error>(self, u: u128) -> Result<Node, E> {
        self.budget.spend_node()?;
        Ok(i64::try_from(u).map(Node::Int).unwrap_or_else(|_| Node::BigInt(u.to_string())))
    }

    fn visit_f64<E: de::Error>(self, f: f64) -> Result<Node, E> {
        self.budget.spend_node()?;
        // In JSON, the token this float was read from: a whole number past 64 bits is kept.
        if let Some(token) = self.budget.wide.borrow_mut().pop_front() {
            if !token.contains(['.', 'e', 'E']) {
                return Ok(Node::BigInt(token));
            }
            // serde_json's fast float parsing can be one unit off (`1e-25` reads as
            // `9.999999999999999e-26`); the standard library's is correctly rounded, so the
            // number writes back as it was written.
            if let Ok(exact) = token.parse::<f64>() {
                return Ok(Node::Float(exact));
            }
        }
        // In YAML, a whole number past 128 bits: the digits of the text that read as this float.
        if f.fract() == 0.0 && f.abs() >= 1.0e38 && !self.budget.long_digits.is_empty() {
            let mut matching = self.budget.long_digits.iter().filter(|digits| digits.parse::<f64>().ok() == Some(f));
            if let Some(digits) = matching.next() {
                if matching.any(|other| other != digits) {
                    return Err(E::custom(format!(
                        "two whole numbers of over 38 digits read as the same float ({f:e}); they cannot be kept apart exactly: quote them, or write the template in JSON"
                    )));
                }
                return Ok(Node::BigInt(digits.clone()));
            }
        }
        Ok(Node::Float(f))
    }

    fn visit_borrowed_str<E: de::Error>(self, s: &'de str) -> Result<Node, E> {
        if !self.tagged
            && let Some(b) = self.budget.yaml11_boolean(s)
        {
            self.budget.spend_node()?;
            return Ok(Node::Bool(b));
        }
        self.visit_str(s)
    }

    fn visit_str<E: de::Error>(self, s: &str) -> Result<Node, E> {
        self.budget.spend_string(s.len())?;
        Ok(Node::string(s))
    }

    fn visit_string<E: de::Error>(self, s: String) -> Result<Node, E> {
        self.budget.spend_string(s.len())?;
        Ok(Node::String(s))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Node, A::Error> {
        self.budget.spend_node()?;
        let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(1024));
        while let Some(item) = seq.next_element_seed(NodeSeed(self.budget))? {
            items.push(item);
        }
        Ok(Node::List(items))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut access: A) -> Result<Node, A::Error> {
        self.budget.spend_node()?;
        let mut map = NodeMap::new();
        while let Some(Key(key)) = access.next_key::<Key>()? {
            self.budget.spend_entry(&key)?;
            // One hash per key: the entry is looked up once, and filled after its value is read.
            match map.entry(key) {
                indexmap::map::Entry::Occupied(entry) => {
                    // CloudFormation refuses the template; "the last one wins" would hide a mistake.
                    return Err(de::Error::custom(format!(
                        "`{}` is given twice in one mapping: CloudFormation refuses duplicate keys, keep one",
                        entry.key()
                    )));
                }
                indexmap::map::Entry::Vacant(entry) => {
                    entry.insert(access.next_value_seed(NodeSeed(self.budget))?);
                }
            }
        }
        finish_map(map)
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
        tagged(function, content.newtype_variant_seed(TaggedSeed(self.budget))?)
    }
}

/// A mapping read whole: a one-key mapping whose key is an intrinsic's long form
/// (`{"Fn::Sub": …}`) is that intrinsic.
pub(super) fn finish_map<E: de::Error>(mut map: NodeMap) -> Result<Node, E> {
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

/// The value under a short-form tag (`!Sub …`) as the intrinsic it names.
pub(super) fn tagged<E: de::Error>(function: Function, arg: Node) -> Result<Node, E> {
    // A tag on an empty scalar (`!GetAZs`, "this Region") tags the empty string, not null.
    let arg = match arg {
        Node::Null => Node::string(""),
        arg => arg,
    };
    intrinsic(function, arg)
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

/// Every run of 39 or more digits in `text`, with a `-` before it: the candidates for a whole
/// number past 128 bits in YAML (the scan does not parse YAML; the reader matches them by value).
#[cfg_attr(not(feature = "yaml"), allow(dead_code))]
fn long_digit_runs(text: &str) -> Vec<String> {
    let bytes = text.as_bytes();
    let mut runs = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if !bytes[i].is_ascii_digit() {
            i += 1;
            continue;
        }
        let start = i;
        while i < bytes.len() && bytes[i].is_ascii_digit() {
            i += 1;
        }
        if i - start >= 39 {
            let signed = start > 0 && bytes[start - 1] == b'-';
            runs.push(text[if signed { start - 1 } else { start }..i].to_owned());
        }
    }
    runs
}

/// The number tokens of JSON `text` that serde_json reads as floats, in order: those with a
/// fraction or an exponent, and whole numbers outside `i64` and `u64`. Strings are skipped; the
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
                if !whole || (token.parse::<i64>().is_err() && token.parse::<u64>().is_err()) {
                    found.push_back(token.to_owned());
                }
            }
            _ => i += 1,
        }
    }
    found
}

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

/// A list or mapping being converted by [`node_from_json`]: what is converted, what is left, and
/// (for a mapping) the key of the value being converted.
enum Open {
    List(Vec<Node>, std::vec::IntoIter<serde_json::Value>),
    Map(NodeMap, serde_json::map::IntoIter, String),
}

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
                intrinsic::<de::value::Error>(function, value).unwrap_or_default()
            }
        }
    }
}

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
            NodeSeed(&Budget::new(1_000).with_bytes(bytes)).deserialize(serde_yaml::Deserializer::from_str(&text))
        };
        assert!(read(20_000).is_ok());
        let over = read(4_000).unwrap_err().to_string();
        assert!(over.contains("expands to more than 4000 bytes of values"), "{over}");
    }

    #[test]
    fn the_budget_stops_the_reader_with_an_error() {
        let text = "a: [1, 2, 3]\nb: [4, 5, 6]\n";
        let within = NodeSeed(&Budget::new(100)).deserialize(serde_yaml::Deserializer::from_str(text));
        assert!(within.is_ok());
        let over =
            NodeSeed(&Budget::new(5)).deserialize(serde_yaml::Deserializer::from_str(text)).unwrap_err().to_string();
        assert!(over.contains("expands to more than 5 values"), "{over}");
        // A long string weighs by its length: 640 bytes cost 11.
        let long = format!("a: {}\n", "x".repeat(640));
        assert!(NodeSeed(&Budget::new(12)).deserialize(serde_yaml::Deserializer::from_str(&long)).is_err());
        assert!(NodeSeed(&Budget::new(13)).deserialize(serde_yaml::Deserializer::from_str(&long)).is_ok());
    }
}
