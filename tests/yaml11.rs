//! CloudFormation reads YAML 1.1, where `Yes`, `OFF`, `1:30`, `0755` or `2001-12-14` are not
//! strings. Every string typed-cfn writes must read back as the same string under YAML 1.1:
//! strings of every such shape are written, then read with PyYAML (a YAML 1.1 reader, installed
//! beside cfn-lint by `cargo xtask test`).

mod common;

use std::process::Command;

use typed_cfn::{RawResource, Template};

/// Strings that a YAML 1.1 reader takes for something else when they stand plain, and a few that
/// are strings either way.
fn shapes() -> Vec<String> {
    let mut shapes: Vec<String> = [
        "y",
        "Y",
        "yes",
        "Yes",
        "YES",
        "n",
        "N",
        "no",
        "No",
        "NO",
        "true",
        "True",
        "TRUE",
        "false",
        "False",
        "FALSE",
        "on",
        "On",
        "ON",
        "off",
        "Off",
        "OFF",
        "~",
        "null",
        "Null",
        "NULL",
        "",
        "<<",
        "=",
        "0755",
        "0o17",
        "0x1F",
        "0b101",
        "1_000",
        "+12",
        "-7",
        "1:30",
        "190:20:30",
        "1.5",
        "-.5",
        "1e3",
        "6.8523015e+5",
        "685.230_15e+03",
        ".inf",
        "-.Inf",
        ".NaN",
        "2001-12-14",
        "2001-12-14t21:59:43.10-05:00",
        "2001-12-14 21:59:43.10 -5",
        "03:00-04:00",
        "2012-10-17",
        "orders",
        "Yesterday",
        "ON_DEMAND",
        "v1.2",
        "arn:aws:s3:::bucket",
    ]
    .map(str::to_owned)
    .to_vec();
    shapes.push("\u{1}starts with the writer's mark".to_owned());
    shapes
}

#[test]
fn every_string_reads_back_as_itself_under_yaml_1_1() {
    let shapes = shapes();
    let mut t = Template::new();
    t.add_raw("Thing", RawResource::new("AWS::New::Thing").property("Values", serde_json::json!(shapes)));
    let path = common::write_for_lint("yaml11.yaml", &t.to_yaml().unwrap());
    let python = common::cfn_lint().with_file_name("python");
    let script = "import json, sys, yaml; print(json.dumps(yaml.safe_load(open(sys.argv[1]))['Resources']['Thing']['Properties']['Values'], default=repr))";
    let out = Command::new(&python).args(["-c", script]).arg(&path).output().expect("run PyYAML");
    assert!(out.status.success(), "PyYAML: {}", String::from_utf8_lossy(&out.stderr));
    let read: Vec<serde_json::Value> = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(read.len(), shapes.len());
    for (written, read) in shapes.iter().zip(&read) {
        assert_eq!(read.as_str(), Some(written.as_str()), "{written:?} reads back under YAML 1.1 as {read}");
    }
    // And typed-cfn's own reader agrees.
    let back = Template::from_yaml(&std::fs::read_to_string(&path).unwrap()).unwrap();
    assert_eq!(back.to_json().unwrap(), t.to_json().unwrap());
}

/// Plain `Yes`, `No`, `On`, `Off` (in YAML 1.1's three spellings) are booleans to CloudFormation's
/// YAML 1.1; quoted, tagged or one-letter they are strings. typed-cfn reads them so, PyYAML
/// (a YAML 1.1 reader) agrees, and what is written reads back equal.
#[test]
fn yaml_1_1_booleans_are_read_as_cloudformation_reads_them() {
    let text = "Resources:\n  Thing:\n    Type: AWS::New::Thing\n    Properties:\n      Values: [Yes, No, On, Off, YES, off, yes, 'Yes', \"On\", y, n, Yesterday, !Sub Yes]\n      Flag: On\n";
    let expected = serde_json::json!([
        true, false, true, false, true, false, true, "Yes", "On", "y", "n", "Yesterday", { "Fn::Sub": "Yes" }
    ]);
    let read = Template::from_yaml(text).unwrap();
    let json: serde_json::Value = serde_json::from_str(&read.to_json().unwrap()).unwrap();
    let properties = &json["Resources"]["Thing"]["Properties"];
    assert_eq!(properties["Values"], expected);
    assert_eq!(properties["Flag"], true);
    // Written back (as booleans, and the strings quoted), it reads back equal.
    let written = read.to_yaml().unwrap();
    assert_eq!(Template::from_yaml(&written).unwrap(), read, "{written}");
    // A YAML 1.1 reader agrees on the plain ones, where PyYAML is installed.
    let python = common::cfn_lint().with_file_name("python");
    let path = common::write_for_lint("yaml11-booleans.yaml", &text.replace(", !Sub Yes", ""));
    let script = "import json, sys, yaml; print(json.dumps(yaml.safe_load(open(sys.argv[1]))['Resources']['Thing']['Properties']['Values']))";
    let out = Command::new(&python).args(["-c", script]).arg(&path).output().expect("run PyYAML");
    assert!(out.status.success(), "PyYAML: {}", String::from_utf8_lossy(&out.stderr));
    let pyyaml: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(pyyaml.as_array().unwrap()[..], expected.as_array().unwrap()[..12]);
}
