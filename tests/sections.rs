//! Every template section and resource attribute, in JSON and YAML, against committed files;
//! and the round trip: what is emitted reads back to the same template and the same bytes.

mod common;

use typed_cfn::Template;

#[test]
fn every_section_and_attribute_in_json() {
    let t = common::fixtures::sections();
    common::assert_file("tests/expected/sections.json", &t.to_json().unwrap());
}

#[test]
fn every_section_and_attribute_in_yaml() {
    let t = common::fixtures::sections();
    common::assert_file("tests/expected/sections.yaml", &t.to_yaml().unwrap());
}

#[test]
fn json_and_yaml_read_back_to_the_same_template() {
    let t = common::fixtures::sections();
    let json = t.to_json().unwrap();
    let yaml = t.to_yaml().unwrap();
    let from_json = Template::from_json(&json).unwrap();
    let from_yaml = Template::from_yaml(&yaml).unwrap();
    assert_eq!(from_json.to_json().unwrap(), json);
    assert_eq!(from_yaml.to_yaml().unwrap(), yaml);
    // Across formats too: YAML in, JSON out gives the JSON the program emitted.
    assert_eq!(from_yaml.to_json().unwrap(), json);
    assert_eq!(from_json.to_json_compact().unwrap(), t.to_json_compact().unwrap());
}

/// Output does not depend on hash order: a map property given as a `HashMap` is written in key
/// order. Each `HashMap` has its own random hash seed, so two maps built from the same pairs
/// iterate in different orders (with 64 keys, practically always); the emitted bytes must not.
/// (Across processes, the committed files of `tests/expected/` and `examples/output/` are the
/// check.)
#[test]
fn hash_order_does_not_reach_the_output() {
    use std::collections::HashMap;
    use typed_cfn::resources::lambda::function;

    let template = || {
        let variables: HashMap<String, String> = (0..64).map(|i| (format!("VAR_{i:02}"), i.to_string())).collect();
        let mut t = Template::new();
        let code = function::Code::new().zip_file("exports.handler = async () => {};");
        t.add(
            "Fn",
            typed_cfn::resources::lambda::Function::new(
                code,
                typed_cfn::secure::ExternalRole::from_arn("arn:aws:iam::123456789012:role/f")
                    .asserting_trust(typed_cfn::secure::LambdaService),
            )
            .environment(function::Environment::new().variables(variables)),
        );
        t.emit(typed_cfn::Format::Json).unwrap()
    };
    let (a, b) = (template(), template());
    assert_eq!(a.body, b.body);
    let first = a.body.find("VAR_00").unwrap();
    assert!(first < a.body.find("VAR_01").unwrap() && a.body.find("VAR_62").unwrap() < a.body.find("VAR_63").unwrap());
}

#[test]
fn emit_writes_what_to_node_holds() {
    // `emit` serializes resources in place; `to_node` copies them into a tree. Both must agree.
    let t = common::fixtures::sections();
    for format in [typed_cfn::Format::Json, typed_cfn::Format::Yaml, typed_cfn::Format::JsonCompact] {
        let mut expected = typed_cfn::emit::write_node(&t.to_node(), format).unwrap();
        if format != typed_cfn::Format::Yaml {
            expected.push('\n');
        }
        assert_eq!(t.emit(format).unwrap().body, expected, "{format:?}");
    }
}
