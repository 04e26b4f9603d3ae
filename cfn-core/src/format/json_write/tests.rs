//! The JSON writer against serde_json 1.0, the writer it replaced: fixed texts, every float edge
//! case, every control character, and generated trees, indented and compact.

use serde::ser::{Serialize, SerializeMap, SerializeSeq, Serializer};

use super::*;
use crate::format::tests::Shuffle;
use crate::format::write::Styled;
use crate::node::{Function, Node, NodeMap};

fn indented(node: &Node) -> String {
    to_string(&Styled::new(node), Layout::Indented, usize::MAX).unwrap()
}

fn compact(node: &Node) -> String {
    to_string(&Styled::new(node), Layout::Compact, usize::MAX).unwrap()
}

/// The path this writer replaced: a node serialized by serde_json, long-form intrinsics, whole
/// numbers past 128 bits as raw digits.
struct Old<'a>(&'a Node);

impl Serialize for Old<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self.0 {
            Node::Null => s.serialize_unit(),
            Node::Bool(b) => s.serialize_bool(*b),
            Node::Int(i) => s.serialize_i64(*i),
            Node::Float(f) => s.serialize_f64(*f),
            Node::BigInt(digits) => {
                if let Ok(n) = digits.parse::<i128>() {
                    s.serialize_i128(n)
                } else if let Ok(n) = digits.parse::<u128>() {
                    s.serialize_u128(n)
                } else {
                    use serde::ser::Error as _;
                    serde_json::value::RawValue::from_string(digits.clone()).map_err(S::Error::custom)?.serialize(s)
                }
            }
            Node::String(text) => s.serialize_str(text),
            Node::List(items) => {
                let mut seq = s.serialize_seq(Some(items.len()))?;
                for item in items {
                    seq.serialize_element(&Old(item))?;
                }
                seq.end()
            }
            Node::Map(entries) => {
                let mut out = s.serialize_map(Some(entries.len()))?;
                for (k, v) in entries {
                    out.serialize_entry(k, &Old(v))?;
                }
                out.end()
            }
            Node::Fn(function, arg) => {
                let mut out = s.serialize_map(Some(1))?;
                out.serialize_entry(function.json_key(), &Old(arg))?;
                out.end()
            }
        }
    }
}

fn assert_as_serde_json(node: &Node) {
    assert_eq!(indented(node), serde_json::to_string_pretty(&Old(node)).unwrap(), "{node:?}");
    assert_eq!(compact(node), serde_json::to_string(&Old(node)).unwrap(), "{node:?}");
}

fn map(entries: &[(&str, Node)]) -> Node {
    Node::Map(entries.iter().map(|(k, v)| ((*k).to_owned(), v.clone())).collect())
}

#[test]
fn layout_is_serde_jsons() {
    let node = map(&[
        ("Name", Node::string("orders")),
        ("Items", Node::List(vec![Node::Int(1), map(&[("Key", Node::string("k"))]), Node::List(vec![])])),
        ("Empty", Node::Map(NodeMap::new())),
        ("Sub", Node::call(Function::Sub, Node::string("${AWS::Region}"))),
        ("Nothing", Node::Null),
    ]);
    assert_eq!(
        indented(&node),
        "{\n  \"Name\": \"orders\",\n  \"Items\": [\n    1,\n    {\n      \"Key\": \"k\"\n    },\n    []\n  ],\n  \"Empty\": {},\n  \"Sub\": {\n    \"Fn::Sub\": \"${AWS::Region}\"\n  },\n  \"Nothing\": null\n}"
    );
    assert_eq!(
        compact(&node),
        r#"{"Name":"orders","Items":[1,{"Key":"k"},[]],"Empty":{},"Sub":{"Fn::Sub":"${AWS::Region}"},"Nothing":null}"#
    );
    assert_as_serde_json(&node);
    assert_eq!(indented(&Node::List(vec![])), "[]");
    assert_eq!(indented(&Node::Bool(true)), "true");
}

#[test]
fn floats_are_written_as_serde_json_writes_them() {
    for (float, written) in [
        (1.0, "1.0"),
        (0.1, "0.1"),
        (1e15, "1000000000000000.0"),
        (1e16, "1e+16"),
        (1e17, "1e+17"),
        (0.00001, "0.00001"),
        (1e-6, "1e-6"),
        (1e-7, "1e-7"),
        (123456789012345680000.0, "1.2345678901234568e+20"),
        (0.0, "0.0"),
        (-0.0, "-0.0"),
        (f64::MIN_POSITIVE, "2.2250738585072014e-308"),
        (f64::MAX, "1.7976931348623157e+308"),
        (f64::MIN, "-1.7976931348623157e+308"),
        (5e-324, "5e-324"),
        (999999999999999.9, "999999999999999.9"),
        (9999999999999998.0, "9999999999999998.0"),
        // Two shortest candidates equally close: the even one.
        (2f64.powi(-25), "2.9802322387695312e-8"),
        (f64::INFINITY, "null"),
        (f64::NEG_INFINITY, "null"),
        (f64::NAN, "null"),
    ] {
        assert_eq!(indented(&Node::Float(float)), written, "{float:e}");
        assert_as_serde_json(&Node::Float(float));
    }
    // Every power of two, and numbers around the edges of the plain layout.
    for exponent in -1074..=1023 {
        assert_as_serde_json(&Node::Float(2f64.powi(exponent)));
    }
    for exponent in -8..=18 {
        let power = 10f64.powi(exponent);
        for float in [power, power * 1.5, power - power * 1e-15, -power * 9.99] {
            assert_as_serde_json(&Node::Float(float));
        }
    }
    let mut shuffle = Shuffle(0x1234_5678_9abc_def1);
    for round in 0..200_000 {
        let bits = shuffle.below(usize::MAX) as u64;
        let float = match round % 3 {
            0 => f64::from_bits(bits),
            1 => (bits % 1_000_000_000) as f64 / 1000.0,
            _ => (bits as i64 as f64) * 10f64.powi(shuffle.below(50) as i32 - 25),
        };
        assert_eq!(float_text(float), serde_json::to_string(&Old(&Node::Float(float))).unwrap(), "{float:e}");
    }
}

#[test]
fn every_control_character_and_unicode_is_escaped_as_serde_json_escapes_it() {
    let mut every = String::new();
    for code in 0..0x80u32 {
        every.push(char::from_u32(code).unwrap());
    }
    every.push_str("é中😀\u{85}\u{a0}\u{2028}\u{2029}\u{feff}\u{fffe}\u{10ffff}");
    let node = map(&[(&every, Node::string(&every))]);
    assert_as_serde_json(&node);
    assert_eq!(quoted(&every), serde_json::to_string(&every).unwrap());
    assert_eq!(quoted("a\u{1}\u{1f}\u{7f}\"\\/"), "\"a\\u0001\\u001f\u{7f}\\\"\\\\/\"");
    for code in 0..0x20u32 {
        let text = char::from_u32(code).unwrap().to_string();
        assert_eq!(quoted(&text), serde_json::to_string(&text).unwrap(), "U+{code:04X}");
    }
}

#[test]
fn whole_numbers_past_64_bits_are_written_as_their_digits() {
    for digits in [
        "18446744073709551616",
        "-170141183460469231731687303715884105728",
        "340282366920938463463374607431768211455",
        "123456789012345678901234567890123456789012345",
        "-123456789012345678901234567890123456789012345",
        "0012",
        "+12",
    ] {
        assert_as_serde_json(&Node::BigInt(digits.to_owned()));
    }
    assert_eq!(compact(&Node::BigInt("0012".to_owned())), "12");
    for bad in ["12a", "", "-", "1.5", "1e400"] {
        let error = to_string(&Styled::new(&Node::BigInt(bad.to_owned())), Layout::Compact, usize::MAX)
            .unwrap_err()
            .to_string();
        assert!(error.contains(&format!("`{bad}` is not a whole number")), "{error}");
    }
}

#[test]
fn writing_stops_past_the_limit() {
    let node = Node::List((0..100).map(|i| Node::string(format!("item {i}"))).collect());
    for layout in [Layout::Indented, Layout::Compact] {
        let full = to_string(&Styled::new(&node), layout, usize::MAX).unwrap();
        assert!(matches!(to_string(&Styled::new(&node), layout, full.len()), Ok(text) if text == full));
        match to_string(&Styled::new(&node), layout, full.len() - 1) {
            Err(WriteError::TooLarge { bytes }) => assert_eq!(bytes, full.len()),
            other => panic!("{other:?}"),
        }
    }
    // One string larger than the limit is refused before it is copied.
    let big = Node::string("v".repeat(1000));
    assert!(matches!(to_string(&Styled::new(&big), Layout::Compact, 100), Err(WriteError::TooLarge { bytes: 101 })));
}

// ---------------------------------------------------------------------------------------------
// Generated trees, against serde_json.

/// Pieces strings are made of: JSON's escapes, every kind of control character, unicode.
const PIECES: &[&str] = &[
    "a",
    "Z",
    "0",
    "-",
    " ",
    "\"",
    "\\",
    "/",
    "\n",
    "\r",
    "\t",
    "\u{8}",
    "\u{c}",
    "\u{0}",
    "\u{1}",
    "\u{1f}",
    "\u{7f}",
    "\u{85}",
    "é",
    "中",
    "😀",
    "\u{2028}",
    "\u{feff}",
    "${AWS::Region}",
    "arn:aws:s3:::b",
];

fn string(shuffle: &mut Shuffle) -> String {
    (0..shuffle.below(6)).map(|_| PIECES[shuffle.below(PIECES.len())]).collect()
}

fn float(shuffle: &mut Shuffle) -> f64 {
    const EDGES: [f64; 10] = [0.0, -0.0, 1.0, 0.1, 1e16, 1e-7, f64::MIN_POSITIVE, f64::MAX, f64::INFINITY, f64::NAN];
    match shuffle.below(4) {
        0 => EDGES[shuffle.below(EDGES.len())],
        1 => f64::from_bits(shuffle.below(usize::MAX) as u64),
        2 => shuffle.below(1_000_000) as f64 / 1000.0,
        _ => (shuffle.below(usize::MAX) as i64 as f64) * 10f64.powi(shuffle.below(40) as i32 - 20),
    }
}

fn digits(shuffle: &mut Shuffle) -> String {
    let mut digits = String::from(if shuffle.below(2) == 0 { "-" } else { "" });
    digits.push(char::from(b'1' + shuffle.below(9) as u8));
    for _ in 0..18 + shuffle.below(40) {
        digits.push(char::from(b'0' + shuffle.below(10) as u8));
    }
    digits
}

fn node(shuffle: &mut Shuffle, depth: usize) -> Node {
    match shuffle.below(if depth == 0 { 7 } else { 10 }) {
        0 => Node::Null,
        1 => Node::Bool(shuffle.below(2) == 0),
        2 => Node::Int(shuffle.below(usize::MAX) as i64 >> shuffle.below(64)),
        3 => Node::Float(float(shuffle)),
        4 => Node::BigInt(digits(shuffle)),
        5 | 6 => Node::String(string(shuffle)),
        7 => Node::List((0..shuffle.below(4)).map(|_| node(shuffle, depth - 1)).collect()),
        8 => Node::Map((0..shuffle.below(4)).map(|_| (string(shuffle), node(shuffle, depth - 1))).collect()),
        _ => Node::call(Function::ALL[shuffle.below(Function::ALL.len())], node(shuffle, depth - 1)),
    }
}

#[test]
fn generated_trees_match_serde_json_indented_and_compact() {
    let mut shuffle = Shuffle(0x9e37_79b9_7f4a_7c15);
    for round in 0..6000 {
        let tree = node(&mut shuffle, 1 + round % 5);
        assert_as_serde_json(&tree);
    }
}
