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

#[test]
fn the_same_program_gives_the_same_bytes() {
    let a = common::fixtures::sections().to_yaml().unwrap();
    let b = common::fixtures::sections().to_yaml().unwrap();
    assert_eq!(a, b);
}

#[test]
fn emit_writes_what_to_node_holds() {
    // `emit` serializes resources in place; `to_node` copies them into a tree. Both must agree.
    let t = common::fixtures::sections();
    for format in [typed_cfn::Format::Json, typed_cfn::Format::Yaml, typed_cfn::Format::JsonCompact] {
        let mut expected = typed_cfn::format::write_node(&t.to_node(), format).unwrap();
        if format != typed_cfn::Format::Yaml {
            expected.push('\n');
        }
        assert_eq!(t.emit(format).unwrap().body, expected, "{format:?}");
    }
}
