//! Input written to hurt: templates from pull requests (read by `typed-cfn audit`) and values
//! built in loops. Each limit is met by a small hostile input that must be refused with a typed
//! error, quickly, in bounded memory and on a small stack; and what is written must read back.

use typed_cfn::validate::limits::NESTING_DEPTH;
use typed_cfn::*;

/// A list nested `levels` deep around `1`, built in a loop as a program could.
fn nested(levels: usize) -> Node {
    let mut node = Node::Int(1);
    for _ in 0..levels {
        node = Node::List(vec![node]);
    }
    node
}

/// Runs `f` on a thread with a 256 KiB stack: anything that recursed once per level of a value
/// tens of thousands of levels deep would overflow it.
fn on_small_stack<T: Send + 'static>(f: impl FnOnce() -> T + Send + 'static) -> T {
    std::thread::Builder::new().stack_size(256 * 1024).spawn(f).unwrap().join().unwrap()
}

#[test]
fn yaml_nested_tens_of_thousands_deep_is_refused_before_parsing() {
    let flow = format!("Resources: {}{}\n", "[".repeat(40_000), "]".repeat(40_000));
    let compact = format!("Resources:\n{}x\n", "- ".repeat(40_000));
    let mut block = String::from("Resources:\n");
    for level in 1..3000 {
        block.push_str(&" ".repeat(level));
        block.push_str("a:\n");
    }
    for text in [flow, compact, block] {
        match Template::from_yaml(&text) {
            Err(ParseError::TooDeep { line, estimate }) => assert!(line >= 1 && estimate > 1000),
            other => panic!("expected TooDeep, got {other:?}"),
        }
    }
    let message = Template::from_yaml(&format!("{}{}", "[".repeat(5000), "]".repeat(5000))).unwrap_err().to_string();
    assert!(message.contains("line 1 nests lists and mappings too deep to read"), "{message}");
}

#[test]
fn depth_within_the_estimate_is_left_to_the_parser_and_its_limit() {
    // 200 levels: not refused unread, refused by the parser's limit with its position.
    let text = format!("Resources: {}{}\n", "[".repeat(200), "]".repeat(200));
    let message = Template::from_yaml(&text).unwrap_err().to_string();
    assert!(message.contains("lists and mappings nest more than 128 deep"), "{message}");
}

#[test]
fn brackets_inside_strings_comments_and_block_scalars_do_not_count() {
    let brackets = "[".repeat(2000);
    let text = format!(
        "# {brackets}\nResources:\n  Topic:\n    Type: AWS::SNS::Topic\n    Metadata:\n      Note: '{brackets}'\n      Code: |\n        {brackets}\n      Other: \"{brackets}\"\n"
    );
    let template = Template::from_yaml(&text).unwrap();
    assert_eq!(template.resources().len(), 1);
}

#[test]
fn a_value_nested_45000_deep_through_the_api_is_a_typed_error_not_a_stack_overflow() {
    let problems = on_small_stack(|| {
        let mut template = Template::new();
        template.add("Topic", typed_cfn::resources::sns::Topic::new());
        template.set_metadata("Deep", nested(45_000));
        let error = template.to_json().unwrap_err();
        (error.problems().to_vec(), error.to_string())
    });
    assert!(
        matches!(problems.0.as_slice(), [Problem::TooDeep { depth: 45_002, limit: NESTING_DEPTH, .. }]),
        "{}",
        problems.1
    );
    assert!(problems.1.contains("Metadata.Deep: the value is nested so deep"), "{}", problems.1);
}

#[test]
fn deep_json_values_convert_and_drop_without_recursion() {
    on_small_stack(|| {
        let mut json = serde_json::Value::from(1);
        for _ in 0..45_000 {
            // (Not `json!`, which would copy `json` by serializing it, recursively.)
            let join =
                serde_json::Value::Array(vec![serde_json::Value::from(""), serde_json::Value::Array(vec![json])]);
            json = serde_json::Value::Object(serde_json::Map::from_iter([("Fn::Join".to_owned(), join)]));
        }
        let value: Value<Json> = json.into();
        // Each level is the intrinsic and its two lists.
        assert_eq!(value.node().depth(), 3 * 45_000);
        drop(value);
        drop(nested(200_000));
    });
}

#[test]
fn the_deepest_template_written_is_the_deepest_read_back() {
    // Metadata.<key> stands inside two mappings: the top level and Metadata.
    for (levels, fits) in [(NESTING_DEPTH - 2, true), (NESTING_DEPTH - 1, false)] {
        let mut template = Template::new();
        template.add("Topic", typed_cfn::resources::sns::Topic::new());
        template.set_metadata("Deep", nested(levels));
        for format in [Format::Json, Format::JsonCompact, Format::Yaml] {
            match template.emit(format) {
                Ok(emitted) => {
                    assert!(fits, "{levels} levels were written");
                    let read = if format == Format::Yaml {
                        Template::from_yaml(&emitted.body)
                    } else {
                        Template::from_json(&emitted.body)
                    };
                    assert_eq!(read.unwrap().to_json().unwrap(), template.to_json().unwrap(), "{format:?}");
                }
                Err(error) => {
                    assert!(!fits, "{levels} levels were refused: {error}");
                    assert!(
                        matches!(error.problems(), [Problem::TooDeep { depth, .. }] if *depth == NESTING_DEPTH + 1)
                    );
                }
            }
        }
    }
    // Writing a single value is held to the same limit.
    assert!(emit::write_node(&nested(NESTING_DEPTH), Format::Json).is_ok());
    assert!(emit::write_node(&nested(NESTING_DEPTH + 1), Format::Json).is_err());
}

#[test]
fn too_deep_values_are_found_in_every_section() {
    let mut template = Template::new();
    template.add_raw("Queue", RawResource::new("AWS::SQS::Queue").property("RedrivePolicy", nested(200)));
    template.set_rule("Deep", nested(200));
    template.set_metadata("Deep", nested(200));
    let error = template.to_json().unwrap_err().to_string();
    for path in ["Resources.Queue.Properties.RedrivePolicy", "Rules.Deep", "Metadata.Deep"] {
        assert!(error.contains(&format!("{path}: the value is nested so deep")), "{path}: {error}");
    }
}

#[test]
fn whole_numbers_past_64_bits_are_kept_exactly() {
    let json = r#"{"Resources": {"Handle": {"Type": "Custom::Numbers", "Properties": {"ServiceToken": "arn:aws:lambda:us-east-1:111122223333:function:numbers", "U64": 18446744073709551615, "Wide": 123456789012345678901234567890, "Negative": -98765432109876543210, "Huge": 1234567890123456789012345678901234567890123456789, "Fraction": 1.5, "Exponent": 2e300, "Text": "12345678901234567890123456789"}}}}"#;
    let template = Template::from_json(json).unwrap();
    let get = |key: &str| template.resource("Handle").unwrap().properties.get(key).unwrap().clone();
    assert_eq!(get("U64"), Node::BigInt("18446744073709551615".into()));
    assert_eq!(get("Wide"), Node::BigInt("123456789012345678901234567890".into()));
    assert_eq!(get("Negative"), Node::BigInt("-98765432109876543210".into()));
    assert_eq!(get("Huge"), Node::BigInt("1234567890123456789012345678901234567890123456789".into()));
    assert_eq!(get("Fraction"), Node::Float(1.5));
    assert_eq!(get("Exponent"), Node::Float(2e300));
    assert_eq!(get("Text"), Node::string("12345678901234567890123456789"));
    let written = template.to_json_compact().unwrap();
    for digits in [
        "18446744073709551615",
        "123456789012345678901234567890",
        "-98765432109876543210",
        "1234567890123456789012345678901234567890123456789",
    ] {
        assert!(written.contains(&format!(":{digits}")), "{digits} in {written}");
    }
    assert_eq!(Template::from_json(&written).unwrap(), template);
    // YAML writes them as plain numbers, and reads them back exactly.
    let yaml = template.to_yaml().unwrap();
    assert!(yaml.contains("Huge: 1234567890123456789012345678901234567890123456789\n"), "{yaml}");
    assert!(yaml.contains("Wide: 123456789012345678901234567890\n"), "{yaml}");
    let read = Template::from_yaml(&yaml).unwrap();
    let read = read.resource("Handle").unwrap();
    assert_eq!(read.properties.get("Wide"), Some(&Node::BigInt("123456789012345678901234567890".into())));
    assert_eq!(
        read.properties.get("Huge"),
        Some(&Node::BigInt("1234567890123456789012345678901234567890123456789".into()))
    );
    assert_eq!(read.properties.get("Exponent"), Some(&Node::Float(2e300)));
    assert_eq!(read.properties.get("Text"), Some(&Node::string("12345678901234567890123456789")));
    // Through the API, from a `serde_json::Value`, alike.
    let value: Value<Json> = serde_json::json!(18_446_744_073_709_551_615_u64).into();
    assert_eq!(value.node(), &Node::BigInt("18446744073709551615".into()));
    // A string that starts with the writer's own number mark stays a string.
    let mut marked = Template::new();
    marked.add_raw(
        "Numbers",
        RawResource::new("Custom::Numbers")
            .property("ServiceToken", "arn:aws:lambda:us-east-1:111122223333:function:n")
            .property("Text", "\u{2}42"),
    );
    let yaml = marked.to_yaml().unwrap();
    assert_eq!(Template::from_yaml(&yaml).unwrap(), marked, "{yaml}");
}

#[test]
fn aliases_that_expand_past_any_template_are_refused_in_bounded_memory() {
    // Nine levels of nine aliases each: 387 million strings from 600 bytes.
    let mut many = String::from("a0: &a0 [x, x, x, x, x, x, x, x, x]\n");
    for level in 1..10 {
        let previous = format!("*a{}", level - 1);
        many.push_str(&format!("a{level}: &a{level} [{}]\n", [previous.as_str(); 9].join(", ")));
    }
    many.push_str("Resources:\n  Handle:\n    Type: AWS::CloudFormation::WaitConditionHandle\n    Metadata: *a9\n");
    // Three levels of sixty aliases of a 2 KB string: 430 MB from 3 KB.
    let mut long = format!("s: &s '{}'\n", "x".repeat(2000));
    let mut previous = "*s".to_owned();
    for level in 0..3 {
        long.push_str(&format!("l{level}: &l{level} [{}]\n", [previous.as_str(); 60].join(", ")));
        previous = format!("*l{level}");
    }
    long.push_str("Resources:\n  Handle:\n    Type: AWS::CloudFormation::WaitConditionHandle\n    Metadata: *l2\n");
    for text in [many, long] {
        assert!(text.len() < 4000);
        let message = Template::from_yaml(&text).unwrap_err().to_string();
        assert!(
            message.contains("times per value written") || message.contains("the document expands to more than"),
            "{message}"
        );
    }
}

/// Alias bombs of several shapes, each under 4 KB, each expanding past anything the reader
/// builds: nested lists, a long string repeated, nested mappings, intrinsics (tags) repeated,
/// and a wide flat list repeated (which stays under the limit of 100 repeats per value written).
fn alias_bombs() -> Vec<(&'static str, String)> {
    let head = "Resources:\n  Topic:\n    Type: AWS::SNS::Topic\nMetadata:\n";
    let mut lists = format!("{head}  a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
    for i in 1..10 {
        lists.push_str(&format!("  a{i}: &a{i} [{}]\n", vec![format!("*a{}", i - 1); 9].join(", ")));
    }
    let mut string = format!("{head}  s: &s \"{}\"\n", "x".repeat(2000));
    let mut previous = "*s".to_owned();
    for i in 1..4 {
        string.push_str(&format!("  l{i}: &l{i} [{}]\n", vec![previous.as_str(); 100].join(",")));
        previous = format!("*l{i}");
    }
    let mut maps =
        format!("{head}  m0: &m0 {{{}}}\n", (0..10).map(|j| format!("k{j}: v")).collect::<Vec<_>>().join(", "));
    for i in 1..9 {
        let entries: Vec<String> = (0..10).map(|j| format!("k{j}: *m{}", i - 1)).collect();
        maps.push_str(&format!("  m{i}: &m{i} {{{}}}\n", entries.join(", ")));
    }
    let mut tags = format!("{head}  t0: &t0 !Sub \"${{AWS::Region}}{}\"\n", "y".repeat(500));
    for i in 1..7 {
        tags.push_str(&format!("  t{i}: &t{i} !Join [\"\", [{}]]\n", vec![format!("*t{}", i - 1); 12].join(",")));
    }
    let wide = format!(
        "{head}  a: &a [{}]\n  b: &b [{}]\n  c: &c [{}]\n",
        vec!["x"; 300].join(","),
        vec!["*a"; 200].join(","),
        vec!["*b"; 200].join(",")
    );
    vec![("nested lists", lists), ("a long string", string), ("mappings", maps), ("tags", tags), ("a wide list", wide)]
}

/// The bound on a hostile document's cost: the peak resident memory of a process that reads it
/// (the test program itself takes a few MB).
#[cfg(target_os = "linux")]
const PEAK_KIB: u64 = 48 * 1024;

/// Reads the document the parent test names, in a process of its own, and prints what the
/// reader said and the process's peak resident memory (`VmHWM`). Run only by
/// [`alias_bombs_of_every_shape_cost_tens_of_mb_at_most`].
#[cfg(target_os = "linux")]
#[test]
#[ignore = "run by alias_bombs_of_every_shape_cost_tens_of_mb_at_most in a process of its own"]
fn read_one_document_and_report_peak_memory() {
    let Some(path) = std::env::var_os("TYPED_CFN_HOSTILE_DOCUMENT") else { return };
    let text = std::fs::read_to_string(path).unwrap();
    let outcome = match Template::from_yaml(&text) {
        Ok(_) => "read".to_owned(),
        Err(e) => e.to_string(),
    };
    let status = std::fs::read_to_string("/proc/self/status").unwrap();
    let peak = status.lines().find_map(|l| l.strip_prefix("VmHWM:")).unwrap().trim().trim_end_matches(" kB");
    println!("outcome: {outcome}\npeak-kib: {peak}");
}

#[cfg(target_os = "linux")]
#[test]
fn alias_bombs_of_every_shape_cost_tens_of_mb_at_most() {
    let dir = std::env::temp_dir().join(format!("typed-cfn-bombs-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    for (shape, text) in alias_bombs() {
        assert!(text.len() < 4096, "{shape}: {} bytes", text.len());
        let path = dir.join("bomb.yaml");
        std::fs::write(&path, &text).unwrap();
        let output = std::process::Command::new(std::env::current_exe().unwrap())
            .args([
                "--exact",
                "read_one_document_and_report_peak_memory",
                "--ignored",
                "--nocapture",
                "--test-threads=1",
            ])
            .env("TYPED_CFN_HOSTILE_DOCUMENT", &path)
            .output()
            .unwrap();
        let out = String::from_utf8_lossy(&output.stdout);
        let field = |name: &str| out.lines().find_map(|l| l.split_once(name)).map(|(_, v)| v.trim().to_owned());
        let outcome = field("outcome:").unwrap_or_else(|| panic!("{shape}: the child said {out}"));
        let peak: u64 = field("peak-kib:").unwrap().parse().unwrap();
        assert!(
            outcome.contains("the document expands to more than") || outcome.contains("times per value written"),
            "{shape}: {outcome}"
        );
        assert!(peak < PEAK_KIB, "{shape}: {} bytes of YAML peaked at {peak} KiB", text.len());
        println!("{shape}: {} bytes, refused at a peak of {peak} KiB", text.len());
    }
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_yaml_template_near_the_body_limit_without_aliases_still_reads() {
    // Half a million values in 1 MB: a list of numbers, the densest a template can be.
    let mut text = String::from("Resources:\n  Topic:\n    Type: AWS::SNS::Topic\nMetadata:\n  Numbers: [");
    while text.len() < 999_000 {
        text.push_str("1,");
    }
    text.push_str("1]\n");
    assert!(text.len() <= 1_000_000);
    let template = Template::from_yaml(&text).unwrap();
    assert_eq!(template.resources().len(), 1);
}
