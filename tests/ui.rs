//! The compile-fail suite: one documented mistake per file in `tests/ui/`, the file name states
//! the rule, and the committed `.stderr` is the message a user sees (it names the fix).
//! Regenerate the `.stderr` files with `TRYBUILD=overwrite cargo test --test ui` and review them.

#[test]
fn documented_mistakes_do_not_compile() {
    let cases = trybuild::TestCases::new();
    cases.compile_fail("tests/ui/*.rs");
}
