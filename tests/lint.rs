//! cfn-lint 1.58.0 over every template the tests and examples emit, in JSON and YAML:
//! 0 errors, 0 warnings, 0 informational findings.

mod common;

use typed_cfn::Template;

fn both_formats(name: &str, t: &Template) -> Vec<std::path::PathBuf> {
    vec![
        common::write_for_lint(&format!("{name}.json"), &t.to_json().unwrap()),
        common::write_for_lint(&format!("{name}.yaml"), &t.to_yaml().unwrap()),
    ]
}

#[test]
fn every_emitted_template_is_lint_clean() {
    let mut files = Vec::new();
    files.extend(both_formats("sections", &common::fixtures::sections()));
    let hand_written = std::fs::read_to_string(common::root().join("tests/input/short-forms.yaml")).unwrap();
    files.extend(both_formats("short-forms", &Template::from_yaml(&hand_written).unwrap()));
    // The committed outputs of the examples (kept equal to what they print by tests/examples.rs)
    // and the committed golden templates of the tests (kept equal by their own tests).
    for extension in ["json", "yaml"] {
        files.extend(common::files_in("examples/output", extension));
        files.extend(common::files_in("tests/expected", extension));
    }
    common::assert_lint_clean(&files);
}
