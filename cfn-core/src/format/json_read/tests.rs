//! The reader against the one before it: serde_json with the node builder
//! ([`crate::format::serde_read::read_json_with_serde`]; serde_json is a dev-dependency, kept to
//! compare the two). On every text both read, the same node; on every text both refuse, the
//! same line and column.

use std::path::{Path, PathBuf};

use super::{JsonError, MAX_DEPTH, read};
use crate::format::serde_read::read_json_with_serde;
use crate::format::tests::Shuffle;
use crate::node::{Function, Node, NodeMap};

/// How a text was read by both readers.
#[derive(Debug, PartialEq)]
enum Agreement {
    /// Both read it, to the same node.
    Read,
    /// Both refused it, at the same place.
    Refused,
}

/// Compares the two readers on `text`; panics where they differ. Nodes are compared as printed,
/// so that `-0.0` differs from `0.0`.
#[track_caller]
fn agrees(text: &str) -> Agreement {
    match (read_json_with_serde(text), read(text)) {
        (Ok(theirs), Ok(ours)) => {
            assert_eq!(format!("{ours:?}"), format!("{theirs:?}"), "read differently:\n{text:?}");
            Agreement::Read
        }
        (Err(theirs), Err(ours)) => {
            assert_eq!(
                (ours.line(), ours.column()),
                (theirs.line(), theirs.column()),
                "refused at another place: ours `{ours}`, serde_json's `{theirs}`:\n{text:?}"
            );
            Agreement::Refused
        }
        (Err(theirs), Ok(ours)) => panic!("serde_json refused ({theirs}), we read {ours:?}:\n{text:?}"),
        (Ok(theirs), Err(ours)) => panic!("serde_json read {theirs:?}, we refused ({ours}):\n{text:?}"),
    }
}

#[track_caller]
fn reads(text: &str) {
    assert_eq!(agrees(text), Agreement::Read, "refused:\n{text:?}");
}

#[track_caller]
fn refuses(text: &str) -> JsonError {
    assert_eq!(agrees(text), Agreement::Refused, "read:\n{text:?}");
    read(text).unwrap_err()
}

#[test]
fn values_of_every_kind_read_as_before() {
    reads("{}");
    reads("[]");
    reads(" \t\r\n{ \"a\" : [ 1 , \"b\" , true , false , null , { } , [ ] ] } \n");
    reads(r#"{"AWSTemplateFormatVersion": "2010-09-09", "Resources": {"B": {"Type": "AWS::S3::Bucket"}}}"#);
    reads(r#"{"A": {"Ref": "B"}, "C": {"Fn::GetAtt": ["D", "Arn"]}, "E": {"Fn::GetAtt": "D.Endpoint.Address"}}"#);
    reads(r#"{"A": {"Fn::Sub": ["${x}", {"x": 1}]}, "B": {"Fn::GetAZs": ""}, "C": {"Fn::GetAZs": null}}"#);
    reads(r#"{"Condition": "IsProd"}"#);
    reads(r#"{"Condition": {"StringEquals": {"aws:SourceAccount": "1"}}}"#);
    reads(r#"{"Ref": "A", "Other": 1}"#);
    reads(r#"{"Fn::If": ["C", {"Ref": "AWS::NoValue"}, [1]]}"#);
    reads("\"\"");
    reads("\"plain\"");
    reads("0");
    reads("null");
    reads("[[[[[]]]]]");
}

#[test]
fn strings_and_escapes_read_as_before() {
    reads(r#"["\"", "\\", "\/", "\b", "\f", "\n", "\r", "\t", "a\u0041b", "\u00e9\u20AC", "\ud83d\ude00"]"#);
    reads(r#"["é€😀 raw", "\u0000", "\u001f", "\uFFFF", "\uD800\uDC00", "\uDBFF\uDFFF", "x\\u0041"]"#);
    reads("[\"\u{7f}\", \"\u{2028}\"]");
    assert_eq!(read(r#""\ud83d\ude00""#).unwrap(), Node::string("\u{1f600}"));
    for refused in [
        "\"\\ud800\"",
        "\"\\udc00\"",
        "\"\\ud800\\u0041\"",
        "\"\\ud800x\"",
        "\"\\ud800\\x\"",
        "\"\\ud800\\udbff\"",
        "\"\\ud800",
        "\"\\ud800\\",
        "\"\\ud800\\u12",
        "\"\\u12\"",
        "\"\\u12g4\"",
        "\"\\u00é\"",
        "\"\\x\"",
        "\"\\",
        "\"abc",
        "\"a\u{1}b\"",
        "\"a\nb\"",
        "\"a\tb\"",
        "[\"a\", \"b\u{0}\"]",
        "\"\\",
    ] {
        refuses(refused);
    }
    let error = refuses("[\"ok\",\n  \"a\u{1}b\"]");
    assert!(error.message().contains("control character"), "{error}");
    assert!(error.to_string().ends_with("at line 2 column 5"), "{error}");
}

#[test]
fn numbers_read_as_before() {
    let whole = [
        "0",
        "-0",
        "1",
        "-1",
        "9223372036854775807",
        "9223372036854775808",
        "-9223372036854775808",
        "-9223372036854775809",
        "18446744073709551615",
        "18446744073709551616",
        "-18446744073709551615",
        "-18446744073709551616",
        "123456789012345678901234567890123456789012345678901234567890",
        "-123456789012345678901234567890123456789012345678901234567890",
    ];
    let fractions = [
        "1.0",
        "0.1",
        "-0.0",
        "0.5",
        "1.5e3",
        "1E3",
        "1e+3",
        "1e-3",
        "1e-25",
        "2.5E-7",
        "1e308",
        "1e-308",
        "1e-400",
        "-1e-400",
        "0e400",
        "0e99999999999",
        "1e-99999999999",
        "4.9e-324",
        "2.2250738585072014e-308",
        "0.30000000000000004",
        "123456789012345678901234567890.5",
        "1.00000000000000000000000000001",
        "9007199254740993",
        "9007199254740993.0",
        "1.7976931348623157e308",
        "-1.7976931348623157e308",
    ];
    for n in whole.iter().chain(&fractions) {
        reads(n);
        reads(&format!("[{n}]"));
        reads(&format!("{{\"k\": {n}}}"));
        reads(&format!("[{n}, 1.5, {n}, 12345678901234567890123]"));
    }
    // A whole number of 309 digits is within a float's range, one of 310 is not.
    reads(&format!("[1{}]", "0".repeat(308)));
    refuses(&format!("[1{}]", "0".repeat(309)));
    assert_eq!(read("-0").unwrap(), Node::Float(-0.0));
    assert_eq!(read("[9223372036854775808]").unwrap(), Node::List(vec![Node::BigInt("9223372036854775808".into())]));
    assert_eq!(read("1e-25").unwrap(), Node::Float(1e-25));
    for refused in [
        "1e400",
        "-1e400",
        "1e99999999999",
        "[1.5e99999999999, 1]",
        "-",
        "-x",
        "01",
        "-01",
        "1.",
        "1.x",
        "1.e3",
        ".5",
        "+1",
        "1e",
        "1e+",
        "1ex",
        "1e+x",
        "[1x]",
        "[1.5.5]",
        "[--1]",
        "1 2",
        "0x10",
        "Infinity",
        "NaN",
    ] {
        refuses(refused);
    }
}

/// Near the largest float the reader before scaled its digits approximately: it refused numbers
/// that round to the largest float (`1.7976931348623158e308`) and read one that rounds past it
/// as infinity (`1.79769313486231581e308`). This reader reads what the standard library's
/// correctly rounded parsing reads, and refuses what rounds past the largest float. The only
/// texts on which the two readers differ, besides the messages' words.
#[test]
fn numbers_near_the_largest_float_are_read_exactly() {
    for n in ["1.7976931348623158e308", "17976931348623158e292", "0.17976931348623158e309"] {
        assert!(read_json_with_serde(n).is_err(), "{n}");
        assert_eq!(read(n).unwrap(), Node::Float(f64::MAX), "{n}");
    }
    let past = "1.79769313486231581e308";
    assert_eq!(read_json_with_serde(past).unwrap(), Node::Float(f64::INFINITY));
    let refused = read(past).unwrap_err();
    assert!(refused.message().starts_with("number out of range"), "{refused}");
    // Agreed: the largest float itself, and what rounds past it written another way.
    reads("1.7976931348623157e308");
    reads("179769313486231570e291");
    refuses("1.7976931348623159e308");
    refuses("1797693134862315808e290");
}

#[test]
fn syntax_errors_are_placed_as_before() {
    for refused in [
        "",
        " \n\t ",
        "nul",
        "nulx",
        "tru",
        "trUe",
        "f",
        "falsey",
        "[",
        "[1",
        "[1,",
        "[1,]",
        "[1 2]",
        "{",
        "{\"a\"",
        "{\"a\":",
        "{\"a\" 1}",
        "{\"a\":1",
        "{\"a\":1,",
        "{\"a\":1,}",
        "{\"a\":1 \"b\":2}",
        "{a:1}",
        "{\"a\":1,2}",
        "{1:1}",
        "}",
        "]",
        "[}",
        "{]",
        "[1]]",
        "{} {}",
        "\u{feff}{}",
        "{\"a\":1}\n\nx",
        "[\n  1,\n  2\n  3\n]",
        "{\n  \"a\": 1,\n  \"b\": [\n    x\n  ]\n}",
    ] {
        refuses(refused);
    }
    let error = refuses("{\n  \"a\": 1\n  \"b\": 2\n}");
    assert_eq!(error.to_string(), "expected `,` or `}` at line 3 column 3");
}

#[test]
fn intrinsics_and_keys_refused_as_before() {
    for refused in [
        r#"{"Fn::GetAtt": "NoDot"}"#,
        r#"{"Fn::GetAtt": ["One"]}"#,
        r#"{"Fn::GetAtt": {"a": "b"}}"#,
        r#"{"Ref": null}"#,
        r#"{"Fn::Or": null }"#,
        r#"[1, {"A": {"Fn::Join": null}}]"#,
        r#"{"a": 1, "a": 2}"#,
        r#"{"a": 1, "a" : 2}"#,
        "{\"a\": 1, \"a\"  \n }",
        r#"{"a": 1, "a"}"#,
        r#"{"a": 1, "a""#,
        r#"{"b": {"a": 1, "a": 2}}"#,
        r#"{"a": 1, "\u0061": 2}"#,
    ] {
        refuses(refused);
    }
    let error = refuses(r#"{"A": 1, "A": 2}"#);
    assert_eq!(
        error.to_string(),
        "`A` is given twice in one mapping: CloudFormation refuses duplicate keys, keep one at line 1 column 12"
    );
    // A key that would drive a terminal is shown escaped.
    let hostile = read(r#"{"\u001b[31m": 1, "\u001b[31m": 2}"#).unwrap_err().to_string();
    assert!(hostile.contains("\\u{1b}[31m"), "{hostile}");
}

#[test]
fn nesting_stops_at_the_depth_read_before_without_overflowing_the_stack() {
    let lists = |n: usize| format!("{}{}", "[".repeat(n), "]".repeat(n));
    reads(&lists(MAX_DEPTH));
    let error = refuses(&lists(MAX_DEPTH + 1));
    assert!(error.message().contains("nested more than 127 deep"), "{error}");
    let objects = |n: usize| format!("{}1{}", "{\"a\":".repeat(n), "}".repeat(n));
    reads(&objects(MAX_DEPTH));
    refuses(&objects(MAX_DEPTH + 1));
    // A million levels: refused at the limit, in a thread with a small stack.
    let deep = "[{\"a\":".repeat(500_000);
    let error = std::thread::Builder::new()
        .stack_size(64 * 1024)
        .spawn(move || read(&deep).unwrap_err())
        .expect("thread")
        .join()
        .expect("no overflow");
    assert!(error.message().contains("nested"), "{error}");
}

#[test]
fn the_tree_read_is_the_expected_one() {
    let node =
        read(r#"{"A": {"Fn::GetAtt": "Db.Endpoint.Address"}, "B": [1, 2.5, "x"], "C": {"Fn::GetAZs": null}}"#).unwrap();
    let expected = Node::Map(NodeMap::from_iter([
        (
            "A".to_owned(),
            Node::call(Function::GetAtt, Node::List(vec![Node::string("Db"), Node::string("Endpoint.Address")])),
        ),
        ("B".to_owned(), Node::List(vec![Node::Int(1), Node::Float(2.5), Node::string("x")])),
        ("C".to_owned(), Node::call(Function::GetAZs, Node::string(""))),
    ]));
    assert_eq!(node, expected);
}

/// The JSON files under `dirs` (`target` and hidden directories left out).
fn json_files(dirs: Vec<PathBuf>) -> Vec<(PathBuf, String)> {
    let mut dirs = dirs;
    let mut files = Vec::new();
    while let Some(dir) = dirs.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else { continue };
        let mut paths: Vec<PathBuf> = entries.flatten().map(|e| e.path()).collect();
        paths.sort();
        for path in paths {
            let name = path.file_name().and_then(|n| n.to_str()).unwrap_or_default();
            if path.is_dir() {
                if !name.starts_with('.') && name != "target" {
                    dirs.push(path);
                }
            } else if name.ends_with(".json")
                && let Ok(text) = std::fs::read_to_string(&path)
            {
                files.push((path, text));
            }
        }
    }
    files
}

fn repository() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn fixtures() -> Vec<PathBuf> {
    std::env::var_os("CFN_LINT_FIXTURES").map(PathBuf::from).into_iter().collect()
}

/// Every JSON file of the repository (the pinned resource schemas among them) and of cfn-lint's
/// templates, when `CFN_LINT_FIXTURES` names them.
#[test]
fn every_json_file_reads_as_before() {
    let mut dirs = vec![repository()];
    dirs.extend(fixtures());
    let files = json_files(dirs);
    assert!(files.len() >= 100, "found {} JSON files", files.len());
    let mut read = 0;
    for (path, text) in &files {
        let agreement = std::panic::catch_unwind(|| agrees(text)).unwrap_or_else(|_| panic!("{}", path.display()));
        read += usize::from(agreement == Agreement::Read);
    }
    println!("{read} of {} JSON files read alike, the others refused alike", files.len());
    assert!(read * 10 > files.len() * 9, "only {read} of {} files read", files.len());
}

/// Random edits of the repository's JSON templates and examples and of cfn-lint's: a character
/// removed, a piece JSON gives meaning to inserted or put in a character's place, a run
/// doubled. Both readers read each edit alike, or both refuse it at the same place.
#[test]
fn edits_of_json_files_read_or_are_refused_as_before() {
    let root = repository();
    let mut dirs =
        vec![root.join("tests"), root.join("examples"), root.join("cli"), root.join("xtask").join("cdk-nag")];
    dirs.extend(fixtures());
    let mut files = json_files(dirs);
    // A few of the pinned schemas too, the smallest (their texts are long).
    let mut schemas = json_files(vec![root.join("xtask").join("schemas").join("resources")]);
    schemas.sort_by_key(|(_, text)| text.len());
    files.extend(schemas.into_iter().step_by(97).take(12));
    assert!(files.len() >= 20, "found {} JSON files", files.len());
    let pieces = [
        "\"",
        "\\",
        ",",
        ":",
        "[",
        "]",
        "{",
        "}",
        "-",
        "0",
        "1",
        ".",
        "e",
        "E+",
        " ",
        "\n",
        "\u{1}",
        "\\u",
        "\\ud800",
        "\\udc00",
        "\\u00e9",
        "null",
        "tru",
        "\"Ref\"",
        "\"Fn::GetAtt\"",
        "1e400",
        "-0",
        "99999999999999999999",
        "é",
    ];
    let mut shuffle = Shuffle(0x2545_f491_4f6c_dd1d);
    let (mut edits, mut read_alike) = (0, 0);
    for (path, text) in &files {
        // About a million bytes read per file, whatever its length.
        let count = (1_000_000 / text.len().max(1)).clamp(40, 400);
        for _ in 0..count {
            let mut edited = text.clone();
            let at = shuffle.below(edited.len());
            let Some(at) = (at..=edited.len()).find(|&i| edited.is_char_boundary(i)) else { continue };
            let next = edited[at..].chars().next().map_or(0, char::len_utf8);
            match shuffle.below(4) {
                0 => edited.replace_range(at..at + next, ""),
                1 => edited.insert_str(at, pieces[shuffle.below(pieces.len())]),
                2 => edited.replace_range(at..at + next, pieces[shuffle.below(pieces.len())]),
                _ => {
                    let end = (at + 1 + shuffle.below(40)).min(edited.len());
                    if let Some(end) = (end..=edited.len()).find(|&i| edited.is_char_boundary(i)) {
                        let run = edited[at..end].to_owned();
                        edited.insert_str(end, &run);
                    }
                }
            }
            edits += 1;
            let agreement = std::panic::catch_unwind(|| agrees(&edited))
                .unwrap_or_else(|_| panic!("an edit of {}", path.display()));
            read_alike += usize::from(agreement == Agreement::Read);
        }
    }
    println!("{edits} edits of {} files: {read_alike} read alike, the others refused alike", files.len());
    assert!(edits >= 5_000, "only {edits} edits");
    assert!(read_alike * 20 > edits, "only {read_alike} of {edits} edits read");
}

/// Generated numbers: every digit count, sign, fraction and exponent around the edges of
/// `i64`, `u64` and `f64`.
#[test]
fn generated_numbers_read_as_before() {
    let mut shuffle = Shuffle(0x1234_5678_9abc_def1);
    let mut numbers = Vec::new();
    for digits in 1..=330 {
        for _ in 0..3 {
            let mut n: String =
                (0..digits).map(|i| char::from(b'0' + shuffle.below(10) as u8 + u8::from(i == 0))).collect();
            n = n.replace(':', "9");
            if shuffle.below(2) == 0 {
                n.insert(0, '-');
            }
            numbers.push(n.clone());
            numbers.push(format!("{n}.{}", shuffle.below(1000)));
            let exponent = shuffle.below(700) as i64 - 350;
            numbers.push(format!("{n}e{exponent}"));
            numbers.push(format!("{n}.5E+{}", shuffle.below(20)));
        }
    }
    for edge in [i64::MAX as i128, i64::MIN as i128, u64::MAX as i128] {
        for delta in -3..=3 {
            numbers.push((edge + delta).to_string());
        }
    }
    for n in &numbers {
        agrees(&format!("[{n}, 0.1, -0, {n}]"));
    }
}
