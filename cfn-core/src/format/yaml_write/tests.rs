//! The YAML writer, against fixed texts and against what serde_yaml 0.9 (libyaml) wrote before
//! it, on generated trees of nasty strings.

use serde::ser::{Serialize, SerializeMap, SerializeSeq, Serializer};

use super::scalar::yaml11;
use super::*;
use crate::emit::write_node;
use crate::format::write::Styled;
use crate::format::{Format, read_yaml};
use crate::node::{Function, Node, NodeMap};

fn yaml(node: &Node) -> String {
    write_node(node, Format::Yaml).unwrap()
}

fn map(entries: &[(&str, Node)]) -> Node {
    Node::Map(entries.iter().map(|(k, v)| ((*k).to_owned(), v.clone())).collect())
}

fn s(text: &str) -> Node {
    Node::string(text)
}

fn call(function: Function, arg: Node) -> Node {
    Node::call(function, arg)
}

#[test]
fn block_layout_is_libyamls() {
    let node = map(&[
        ("Name", s("orders")),
        ("Count", Node::Int(3)),
        ("Items", Node::List(vec![s("a"), map(&[("Key", s("k")), ("Value", s("v"))]), Node::List(vec![s("x")])])),
        ("Nested", map(&[("Deeper", map(&[("Leaf", Node::Bool(true))])), ("Empty", Node::Map(NodeMap::new()))])),
        ("None", Node::List(vec![])),
        ("Nothing", Node::Null),
    ]);
    assert_eq!(
        yaml(&node),
        "Name: orders\nCount: 3\nItems:\n- a\n- Key: k\n  Value: v\n- - x\nNested:\n  Deeper:\n    Leaf: true\n  Empty: {}\nNone: []\nNothing: null\n"
    );
    assert_eq!(yaml(&Node::List(vec![])), "[]\n");
    assert_eq!(yaml(&s("alone")), "alone\n");
}

#[test]
fn intrinsics_take_short_forms_and_a_tag_inside_a_tag_the_long_form() {
    let node = map(&[
        ("A", call(Function::Ref, s("Bucket"))),
        ("B", call(Function::GetAtt, Node::List(vec![s("Key"), s("Arn")]))),
        ("C", call(Function::Base64, call(Function::Sub, s("echo ${AWS::Region}")))),
        ("D", call(Function::If, Node::List(vec![s("IsProd"), Node::Int(1), call(Function::Ref, s("AWS::NoValue"))]))),
        ("E", Node::List(vec![call(Function::Join, Node::List(vec![s(""), Node::List(vec![s("a"), s("b")])]))])),
        ("F", call(Function::GetAZs, s(""))),
        ("G", call(Function::Sub, Node::List(vec![]))),
        ("H", call(Function::Sub, map(&[("x", s("z"))]))),
    ]);
    assert_eq!(
        yaml(&node),
        "A: !Ref Bucket\nB: !GetAtt Key.Arn\nC: !Base64\n  Fn::Sub: echo ${AWS::Region}\nD: !If\n- IsProd\n- 1\n- !Ref AWS::NoValue\nE:\n- !Join\n  - ''\n  - - a\n    - b\nF: !GetAZs ''\nG: !Sub []\nH: !Sub\n  x: z\n"
    );
}

#[test]
fn yaml_11_non_strings_are_double_quoted_values_and_keys_alike() {
    for text in
        ["Yes", "OFF", "on", "y", "1:30", "2001-12-14", "1_000", "12:30:45", "2001-12-14T21:59:43.10-05:00", "007", "="]
    {
        assert_eq!(yaml(&s(text)), format!("\"{text}\"\n"), "{text}");
        assert_eq!(yaml(&map(&[(text, Node::Int(1))])), format!("\"{text}\": 1\n"), "{text}");
        assert_eq!(yaml(&call(Function::Sub, s(text))), format!("!Sub \"{text}\"\n"), "{text}");
    }
    // YAML 1.2 non-strings are single-quoted, as serde_yaml quotes them; other text stays plain.
    for (text, written) in [
        ("true", "'true'"),
        ("null", "'null'"),
        ("", "''"),
        ("1e3", "'1e3'"),
        (".inf", "'.inf'"),
        ("0x1F", "'0x1F'"),
        ("12", "'12'"),
        ("orders", "orders"),
        ("Yesterday", "Yesterday"),
        ("ON_DEMAND", "ON_DEMAND"),
        ("v1.2", "v1.2"),
        ("arn:aws:s3:::b", "arn:aws:s3:::b"),
        ("2012-10-17 is a date", "2012-10-17 is a date"),
    ] {
        assert_eq!(yaml(&s(text)), format!("{written}\n"), "{text}");
    }
}

#[test]
fn strings_are_quoted_escaped_or_literal_as_libyaml_writes_them() {
    for (text, written) in [
        ("it's", "it's"),
        ("'quoted'", "'''quoted'''"),
        ("a: b", "'a: b'"),
        ("- item", "'- item'"),
        ("# note", "'# note'"),
        ("a #b", "'a #b'"),
        (" lead", "' lead'"),
        ("trail ", "'trail '"),
        ("tab\there", "\"tab\\there\""),
        ("bell\u{7}", "\"bell\\a\""),
        ("nul\0", "\"nul\\0\""),
        ("del\u{7f}", "\"del\\x7F\""),
        ("bom\u{feff}", "\"bom\\uFEFF\""),
        ("line\u{2028}sep", "\"line\\Lsep\""),
        ("cr\rlf", "\"cr\\rlf\""),
        ("é中😀", "é中😀"),
        ("back\\slash", "back\\slash"),
        ("a\nb", "|-\n  a\n  b"),
        ("a\nb\n", "|\n  a\n  b\n"),
        ("a\nb\n\n", "|+\n  a\n  b\n\n"),
        ("\n", "|2+\n\n"),
        (" a\nb", "|2-\n   a\n  b"),
        ("a\n\nb", "|-\n  a\n\n  b"),
        ("trailing \nspace", "\"trailing \\nspace\""),
        ("tab\t\nline", "\"tab\\t\\nline\""),
    ] {
        let written = if written.ends_with('\n') { written.to_owned() } else { format!("{written}\n") };
        assert_eq!(yaml(&s(text)), written, "{text:?}");
    }
    assert_eq!(yaml(&map(&[("Script", s("set -e\necho hi\n"))])), "Script: |\n  set -e\n  echo hi\n");
    assert_eq!(yaml(&map(&[("Script", s("a\nb")), ("Next", Node::Int(1))])), "Script: |-\n  a\n  b\nNext: 1\n");
    assert_eq!(yaml(&Node::List(vec![s("a\nb\n"), s("c")])), "- |\n  a\n  b\n- c\n");
}

#[test]
fn keys_long_or_multi_line_take_the_explicit_form() {
    let long = "k".repeat(129);
    assert_eq!(yaml(&map(&[(&long, Node::Int(1))])), format!("? {long}\n: 1\n"));
    assert_eq!(yaml(&map(&[(&"k".repeat(128), Node::Int(1))])), format!("{}: 1\n", "k".repeat(128)));
    assert_eq!(yaml(&map(&[("a\nb", map(&[("c", Node::Int(1))]))])), "? |-\n  a\n  b\n: c: 1\n");
    assert_eq!(yaml(&map(&[("a\nb", Node::List(vec![Node::Int(1)]))])), "? |-\n  a\n  b\n: - 1\n");
    assert_eq!(yaml(&map(&[("", Node::Int(1))])), "'': 1\n");
}

#[test]
fn numbers_are_written_as_serde_yaml_writes_them() {
    for (float, written) in [
        (1.0, "1.0"),
        (0.5, "0.5"),
        (-0.0, "-0.0"),
        (1e20, "1e20"),
        (1.5e-7, "1.5e-7"),
        (123456789.125, "123456789.125"),
        (1e16, "1e16"),
        (1e15, "1000000000000000.0"),
        (0.0001, "0.0001"),
        (0.00001, "0.00001"),
        (0.000001, "1e-6"),
        (-8.545667083370713e14, "-854566708337071.2"),
        (f64::INFINITY, ".inf"),
        (f64::NEG_INFINITY, "-.inf"),
        (f64::NAN, ".nan"),
    ] {
        assert_eq!(yaml(&Node::Float(float)), format!("{written}\n"), "{float}");
    }
    let past_128_bits = "123456789012345678901234567890123456789012345";
    assert_eq!(yaml(&Node::BigInt(past_128_bits.to_owned())), format!("{past_128_bits}\n"));
    assert_eq!(yaml(&Node::BigInt(format!("-{past_128_bits}"))), format!("-{past_128_bits}\n"));
    assert_eq!(yaml(&Node::BigInt("18446744073709551616".to_owned())), "18446744073709551616\n");
    let error = write_node(&Node::BigInt("12a".to_owned()), Format::Yaml).unwrap_err().to_string();
    assert!(error.contains("`12a` is not a whole number"), "{error}");
}

#[test]
fn writing_stops_past_the_limit() {
    let node = Node::List((0..100).map(|i| s(&format!("item {i}"))).collect());
    let full = to_string(&Styled::new(&node), usize::MAX).unwrap();
    assert!(matches!(to_string(&Styled::new(&node), full.len()), Ok(text) if text == full));
    match to_string(&Styled::new(&node), full.len() - 1) {
        Err(WriteError::TooLarge { bytes }) => assert_eq!(bytes, full.len()),
        other => panic!("{other:?}"),
    }
    // One scalar larger than the limit is refused before it is written.
    let big = s(&"v".repeat(1000));
    assert!(matches!(to_string(&Styled::new(&big), 100), Err(WriteError::TooLarge { bytes: 101 })));
}

#[test]
fn a_second_tag_and_unbalanced_collections_are_refused() {
    /// Calls on the writer that no node makes.
    struct Calls(fn(&mut dyn Writer) -> Result<(), WriteError>);
    impl WriteTo for Calls {
        fn write_to(&self, out: &mut dyn Writer) -> Result<(), WriteError> {
            (self.0)(out)
        }
    }
    let two_tags = Calls(|out| {
        out.tag("Base64")?;
        out.tag("Sub")?;
        out.string("x")
    });
    let error = to_string(&two_tags, usize::MAX).unwrap_err().to_string();
    assert!(error.contains("long form"), "{error}");
    let key_in_list = Calls(|out| {
        out.begin_list()?;
        out.key("k")
    });
    let error = to_string(&key_in_list, usize::MAX).unwrap_err().to_string();
    assert!(error.contains("a key outside a mapping"), "{error}");
    let unended = Calls(|out| {
        out.begin_map()?;
        out.key("k")?;
        out.int(1)
    });
    let error = to_string(&unended, usize::MAX).unwrap_err().to_string();
    assert!(error.contains("not ended"), "{error}");
    let error = to_string(&Calls(|out| out.end()), usize::MAX).unwrap_err().to_string();
    assert!(error.contains("not begun"), "{error}");
}

// ---------------------------------------------------------------------------------------------
// The differential test: generated trees, written by this writer, against the old path
// (serde_yaml with the YAML 1.1 marks, then the marks removed), and read back by serde_yaml and
// by the crate's reader.

/// The old writer, reproduced: a control character in front of a string made serde_yaml
/// double-quote it, and was removed from the finished text.
mod old {
    use super::*;

    const MARK: char = '\u{1}';
    const NUMBER_MARK: char = '\u{2}';

    fn plain_in_yaml12(text: &str) -> bool {
        matches!(serde_yaml::from_str::<serde_yaml::Value>(text), Ok(serde_yaml::Value::String(s)) if s == text)
    }

    fn needs_mark(text: &str) -> bool {
        text.starts_with([MARK, NUMBER_MARK]) || (yaml11::non_string(text) && plain_in_yaml12(text))
    }

    fn marked(text: &str) -> String {
        if needs_mark(text) { format!("{MARK}{text}") } else { text.to_owned() }
    }

    fn unmark(yaml: String) -> String {
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
        out.replace("\"\\x01", "\"")
    }

    struct Old<'a> {
        node: &'a Node,
        long_form: bool,
    }

    fn argument(node: &Node) -> Old<'_> {
        Old { node, long_form: matches!(node, Node::Fn(..)) }
    }

    impl Serialize for Old<'_> {
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
                    } else {
                        s.serialize_str(&format!("{NUMBER_MARK}{digits}"))
                    }
                }
                Node::String(v) => s.serialize_str(&marked(v)),
                Node::List(items) => {
                    let mut seq = s.serialize_seq(Some(items.len()))?;
                    for item in items {
                        seq.serialize_element(&Old { node: item, long_form: false })?;
                    }
                    seq.end()
                }
                Node::Map(entries) => {
                    let mut out = s.serialize_map(Some(entries.len()))?;
                    for (k, v) in entries {
                        // Keys were written unmarked: now they are quoted as values are.
                        out.serialize_entry(&marked(k), &Old { node: v, long_form: false })?;
                    }
                    out.end()
                }
                Node::Fn(function, arg) if self.long_form => {
                    let mut out = s.serialize_map(Some(1))?;
                    out.serialize_entry(function.json_key(), &argument(arg))?;
                    out.end()
                }
                Node::Fn(Function::GetAtt, arg) => match arg.as_ref() {
                    Node::List(parts) => match parts.as_slice() {
                        // The dotted form was written unmarked: now it is quoted as any string.
                        [Node::String(r), Node::String(a)] => {
                            s.serialize_newtype_variant("Fn", 0, "GetAtt", &marked(&format!("{r}.{a}")))
                        }
                        _ => s.serialize_newtype_variant("Fn", 0, "GetAtt", &argument(arg)),
                    },
                    _ => s.serialize_newtype_variant("Fn", 0, "GetAtt", &argument(arg)),
                },
                Node::Fn(function, arg) => s.serialize_newtype_variant("Fn", 0, function.yaml_tag(), &argument(arg)),
            }
        }
    }

    pub(super) fn yaml(node: &Node) -> String {
        unmark(serde_yaml::to_string(&Old { node, long_form: false }).unwrap())
    }
}

/// xorshift64*: a fixed sequence, so a failure repeats.
struct Random(u64);

impl Random {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

/// Pieces strings are made of: YAML's indicators, quotes, spaces and breaks where they matter,
/// control and format characters, unicode, YAML 1.1 and 1.2 words and number shapes.
const PIECES: &[&str] = &[
    "a",
    "Z",
    "x",
    "e",
    "E",
    "0",
    "1",
    "7",
    "9",
    "_",
    "-",
    "+",
    ".",
    ":",
    " ",
    "  ",
    "\n",
    "\n\n",
    "\t",
    "\r",
    "#",
    "'",
    "\"",
    "\\",
    "!",
    "&",
    "*",
    "|",
    ">",
    "%",
    "@",
    "`",
    "?",
    ",",
    "[",
    "]",
    "{",
    "}",
    "~",
    "=",
    "é",
    "中",
    "😀",
    "\u{0}",
    "\u{1}",
    "\u{2}",
    "\u{1b}",
    "\u{7f}",
    "\u{85}",
    "\u{a0}",
    "\u{feff}",
    "\u{fffe}",
    "\u{2028}",
    "\u{2029}",
    "0x",
    "0o",
    "0b",
    "Yes",
    "No",
    "ON",
    "off",
    "y",
    "n",
    "null",
    "true",
    "False",
    "1:30",
    "2001-12-14",
    "1_000",
    ".inf",
    "-.inf",
    ".nan",
    "007",
    "1e3",
    "---",
    "...",
    "- ",
    ": ",
    " #",
    "<<",
    "${AWS::Region}",
    "arn:aws:s3:::b",
];

/// Whole strings: each YAML 1.1 word and number shape alone.
const WHOLE: &[&str] = &[
    "",
    "y",
    "Y",
    "yes",
    "NO",
    "on",
    "Off",
    "~",
    "null",
    "true",
    "FALSE",
    "<<",
    "=",
    "1:30",
    "-1:30",
    "2001-12-14",
    "2001-12-14t21:59:43.10-05:00",
    "1_000",
    "0b1010",
    "0o17",
    "0x1F",
    "+12",
    "-0",
    "007",
    "-007",
    "1e3",
    "1E+3",
    ".5",
    "5.",
    "+.inf",
    "-.Inf",
    ".NaN",
    ".",
    "..",
    "...",
    "...1",
    "---",
    "- ",
    "-",
    "12 34",
    "1 ",
    " 1",
    "1:",
    "0x",
    "+-1",
    "1e",
    "00",
    "0.0.0",
    "190:20:30.15",
    "685_230.15",
    "a\u{2028}",
    "...e",
];

fn string(random: &mut Random) -> String {
    if random.below(4) == 0 {
        return (*random.pick(WHOLE)).to_owned();
    }
    let mut text = String::new();
    for _ in 0..random.below(6) {
        let piece = *random.pick(PIECES);
        text.push_str(piece);
    }
    text
}

/// A mapping key: any string but an intrinsic's long-form key (a one-key mapping of one reads
/// back as the intrinsic).
fn key(random: &mut Random) -> String {
    loop {
        let key = if random.below(20) == 0 { "K".repeat(120 + random.below(20)) } else { string(random) };
        if Function::from_json_key(&key).is_none() {
            return key;
        }
    }
}

fn float(random: &mut Random) -> f64 {
    loop {
        let f = match random.below(3) {
            0 => f64::from_bits(random.next()),
            1 => (random.next() % 1_000_000) as f64 / 1000.0,
            _ => (random.next() as i64 as f64) * 10f64.powi(random.below(40) as i32 - 20),
        };
        if f.is_finite() {
            return f;
        }
    }
}

fn digits(random: &mut Random, length: usize) -> String {
    let mut digits = String::from("123456789".as_bytes()[random.below(9)] as char);
    for _ in 1..length {
        digits.push(char::from(b'0' + random.below(10) as u8));
    }
    if random.below(2) == 0 { format!("-{digits}") } else { digits }
}

fn node(random: &mut Random, depth: usize) -> Node {
    let leaf = depth == 0;
    match random.below(if leaf { 7 } else { 11 }) {
        0 => Node::Null,
        1 => Node::Bool(random.below(2) == 0),
        2 => Node::Int(random.next() as i64 >> random.below(64)),
        3 => Node::Float(float(random)),
        4 => {
            let length = 20 + random.below(40);
            Node::BigInt(digits(random, length))
        }
        5 | 6 => Node::String(string(random)),
        7 => Node::List((0..random.below(4)).map(|_| node(random, depth - 1)).collect()),
        8 => {
            let mut entries = NodeMap::new();
            for _ in 0..random.below(4) {
                entries.insert(key(random), node(random, depth - 1));
            }
            Node::Map(entries)
        }
        _ => intrinsic(random, depth - 1),
    }
}

/// An intrinsic with an argument the reader takes back: never null; a condition reference names
/// a condition; `Fn::GetAtt` names a resource (no dot) and an attribute.
fn intrinsic(random: &mut Random, depth: usize) -> Node {
    let function = *random.pick(&Function::ALL);
    let arg = match function {
        Function::Condition => Node::String(string(random)),
        Function::GetAtt => {
            let resource = string(random).replace('.', "");
            let attribute = if random.below(3) > 0 { Node::String(string(random)) } else { node(random, depth) };
            Node::List(vec![Node::String(resource), attribute])
        }
        _ => loop {
            let arg = node(random, depth);
            if arg != Node::Null {
                break arg;
            }
        },
    };
    Node::call(function, arg)
}

/// Where this writer differs from the old path on purpose (the read-back still holds): text with
/// U+2028 or U+2029, which libyaml wrote raw and this writer escapes; a YAML 1.1 number shape
/// after `...`, which the old path double-quoted and libyaml's rules single-quote (both keep it
/// a string).
///
/// And where the old path was wrong: a `"` followed by U+0001 or U+0002 in a string was taken for
/// its mark by the unmarking, which dropped or mangled the text.
fn differs_on_purpose(node: &Node) -> bool {
    let text_differs = |text: &str| {
        text.contains(['\u{2028}', '\u{2029}'])
            || (text.starts_with("...") && yaml11::non_string(text))
            || text.contains("\"\u{1}")
            || text.contains("\"\u{2}")
    };
    match node {
        Node::String(text) => text_differs(text),
        Node::List(items) => items.iter().any(differs_on_purpose),
        Node::Map(entries) => entries.iter().any(|(k, v)| text_differs(k) || differs_on_purpose(v)),
        Node::Fn(Function::GetAtt, arg) => match arg.as_ref() {
            Node::List(parts) => match parts.as_slice() {
                [Node::String(r), Node::String(a)] => text_differs(&format!("{r}.{a}")),
                _ => differs_on_purpose(arg),
            },
            _ => differs_on_purpose(arg),
        },
        Node::Fn(_, arg) => differs_on_purpose(arg),
        _ => false,
    }
}

/// Whether serde_yaml reads the tree's numbers: its values hold 64 bits, and a wider whole
/// number is an error ("invalid type: integer as u128").
fn serde_yaml_reads_numbers_of(node: &Node) -> bool {
    match node {
        Node::BigInt(digits) => digits.parse::<u64>().is_ok(),
        Node::List(items) => items.iter().all(serde_yaml_reads_numbers_of),
        Node::Map(entries) => entries.values().all(serde_yaml_reads_numbers_of),
        Node::Fn(_, arg) => serde_yaml_reads_numbers_of(arg),
        _ => true,
    }
}

/// serde_yaml's reading, as a node: tags and one-key long forms are intrinsics, `!GetAtt a.b`
/// splits at the first dot.
fn from_serde_yaml(value: serde_yaml::Value) -> Node {
    use serde_yaml::Value as Y;
    match value {
        Y::Null => Node::Null,
        Y::Bool(b) => Node::Bool(b),
        Y::Number(n) => match (n.as_i64(), n.as_u64()) {
            (Some(i), _) => Node::Int(i),
            (None, Some(u)) => Node::BigInt(u.to_string()),
            _ => Node::Float(n.as_f64().unwrap()),
        },
        Y::String(text) => Node::String(text),
        Y::Sequence(items) => Node::List(items.into_iter().map(from_serde_yaml).collect()),
        Y::Mapping(entries) => {
            let entries: NodeMap = entries
                .into_iter()
                .map(|(k, v)| (k.as_str().expect("a text key").to_owned(), from_serde_yaml(v)))
                .collect();
            if entries.len() == 1 {
                let (k, v) = entries.first().unwrap();
                if let Some(function) = Function::from_json_key(k)
                    && (function != Function::Condition || matches!(v, Node::String(_)))
                {
                    return intrinsic_read(function, v.clone());
                }
            }
            Node::Map(entries)
        }
        Y::Tagged(tagged) => {
            let function = Function::from_yaml_tag(tagged.tag.to_string().trim_start_matches('!')).unwrap();
            intrinsic_read(function, from_serde_yaml(tagged.value))
        }
    }
}

fn intrinsic_read(function: Function, arg: Node) -> Node {
    if let (Function::GetAtt, Node::String(dotted)) = (function, &arg) {
        let (r, a) = dotted.split_once('.').unwrap();
        return Node::call(function, Node::List(vec![s(r), s(a)]));
    }
    Node::call(function, arg)
}

#[test]
fn generated_trees_match_the_old_path_and_read_back_whole() {
    let mut random = Random(0x9e37_79b9_7f4a_7c15);
    let (mut compared, mut on_purpose) = (0, 0);
    for round in 0..4000 {
        let tree = node(&mut random, 1 + round % 4);
        let written = yaml(&tree);
        if differs_on_purpose(&tree) {
            on_purpose += 1;
        } else {
            assert_eq!(written, old::yaml(&tree), "tree {round}: {tree:?}");
            compared += 1;
        }
        let read = read_yaml(&written).unwrap_or_else(|e| panic!("tree {round}: {e}\n{written}"));
        assert_eq!(read, tree, "tree {round}, read back by the crate's reader:\n{written}");
        if serde_yaml_reads_numbers_of(&tree) {
            let value: serde_yaml::Value =
                serde_yaml::from_str(&written).unwrap_or_else(|e| panic!("tree {round}: {e}\n{written}"));
            assert_eq!(from_serde_yaml(value), tree, "tree {round}, read back by serde_yaml:\n{written}");
        }
    }
    // The comparison covered most trees.
    assert!(compared > 3 * on_purpose, "{compared} compared, {on_purpose} skipped");
}

#[test]
fn generated_strings_match_the_old_path_as_values_keys_and_tagged() {
    let mut random = Random(0x2545_f491_4f6c_dd1d);
    for _ in 0..20_000 {
        let text = string(&mut random);
        for tree in [s(&text), map(&[(&text, s(&text))]), Node::List(vec![call(Function::Sub, s(&text))])] {
            if Function::from_json_key(&text).is_some() {
                continue;
            }
            let written = yaml(&tree);
            if !differs_on_purpose(&tree) {
                assert_eq!(written, old::yaml(&tree), "{text:?}");
            }
            assert_eq!(read_yaml(&written).unwrap(), tree, "{text:?}:\n{written}");
        }
    }
}

#[test]
fn floats_are_written_as_serde_yaml_writes_them() {
    let mut random = Random(0x1234_5678_9abc_def1);
    for _ in 0..100_000 {
        let f = float(&mut random);
        assert_eq!(format!("{}\n", float_text(f)), serde_yaml::to_string(&f).unwrap(), "{f:e}");
    }
}
