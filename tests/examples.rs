//! Each example's committed output (`examples/output/`) is what the example emits today, in
//! JSON and YAML. (tests/lint.rs runs cfn-lint over the committed files.)

mod common;

#[allow(dead_code)]
#[path = "../examples/quickstart.rs"]
mod quickstart;

use typed_cfn::Format;

#[test]
fn quickstart_output_is_committed() {
    let template = quickstart::template();
    common::assert_file("examples/output/quickstart.json", &template.emit(Format::Json).unwrap().body);
    common::assert_file("examples/output/quickstart.yaml", &template.emit(Format::Yaml).unwrap().body);
}
