//! The guarded-integration pages in `docs/guarded/` quote compile-fail tests: the wrong code and the
//! error it gets. This test keeps every quote equal to the file it quotes, so a page cannot show an
//! error message the compiler no longer prints. After a `.stderr` changes, `BLESS=1` copies it
//! into the pages again (review the diff).

mod common;

use std::fs;

/// The page with every quoted block replaced by the current text of the file it quotes, and the
/// number of quotes. A quote is a link ``[`tests/ui/NAME.ext`](…)`` (a compile-fail test) or
/// ``[`tests/expected/refusals/NAME.txt`](…)`` (an emit-time refusal) followed by a code block.
fn requote(page: &str) -> (String, usize) {
    let mut out = String::with_capacity(page.len());
    let mut rest = page;
    let mut count = 0;
    let next = |rest: &str| ["[`tests/ui/", "[`tests/expected/refusals/"].iter().filter_map(|p| rest.find(p)).min();
    while let Some(start) = next(rest) {
        let link = &rest[start + 2..];
        let path = &link[..link.find('`').expect("a quoted path ends with a backtick")];
        let fence = link.find("```").expect("a quote is followed by a code block");
        let body_start = fence + link[fence..].find('\n').expect("a fence line ends") + 1;
        let body_len = link[body_start..].find("\n```").expect("a code block is closed");
        let file = fs::read_to_string(common::root().join(path))
            .unwrap_or_else(|e| panic!("a page quotes {path}, which cannot be read: {e}"));
        out.push_str(&rest[..start + 2 + body_start]);
        out.push_str(file.trim_end_matches('\n'));
        rest = &link[body_start + body_len..];
        count += 1;
    }
    out.push_str(rest);
    (out, count)
}

#[test]
fn guarded_pages_quote_the_compile_fail_suite_verbatim() {
    let mut quoted = 0;
    for entry in fs::read_dir(common::root().join("docs/guarded")).unwrap() {
        let name = entry.unwrap().file_name().into_string().unwrap();
        if name == "README.md" {
            continue;
        }
        let path = format!("docs/guarded/{name}");
        let page = fs::read_to_string(common::root().join(&path)).unwrap();
        let (requoted, count) = requote(&page);
        assert!(count > 0, "{path} quotes no compile-fail test; each page shows the error you get");
        common::assert_file(&path, &requoted);
        quoted += count;
    }
    assert!(quoted >= 20, "the pages quote the compile-fail suite; found only {quoted} quotes");
}

#[test]
fn every_compile_fail_test_is_listed_in_the_guide_index() {
    let index = fs::read_to_string(common::root().join("docs/guarded/README.md")).unwrap();
    for entry in fs::read_dir(common::root().join("tests/ui")).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "rs") {
            let name = path.file_stem().unwrap().to_str().unwrap();
            assert!(index.contains(&format!("`{name}`")), "tests/ui/{name}.rs is not listed in docs/guarded/README.md");
        }
    }
}

/// The guard table, the index and the final-template check name the same pages and rules.
#[test]
fn the_guard_table_the_index_and_the_check_agree() {
    use typed_cfn::check::Rule;
    let index = fs::read_to_string(common::root().join("docs/guarded/README.md")).unwrap();
    for integration in typed_cfn::secure::INTEGRATIONS {
        let page = format!("docs/guarded/{}", integration.page);
        assert!(common::root().join(&page).exists(), "the guard table names {page}, which does not exist");
        assert!(
            index.contains(&format!("]({})", integration.page)),
            "{page} is not linked from docs/guarded/README.md"
        );
        for rule in integration.rules {
            assert!(
                Rule::from_id(rule).is_some(),
                "the guard table names rule `{rule}`, which the check does not have"
            );
        }
    }
    for rule in Rule::ALL {
        assert!(index.contains(&format!("| `{}` |", rule.id())), "rule `{rule}` is not in the index's table of rules");
        assert!(
            typed_cfn::secure::INTEGRATIONS.iter().any(|i| i.rules.contains(&rule.id())),
            "rule `{rule}` belongs to no integration of the guard table"
        );
    }
}

const SERVICE_TABLE_BEGIN: &str =
    "<!-- begin guarded service integrations: written from the guard table (cfn-guards) by tests/guide.rs, BLESS=1 -->";
const SERVICE_TABLE_END: &str = "<!-- end guarded service integrations -->";

/// README's table of guarded service integrations is the guard table's service rows, each
/// linked to its integration's page: a row cannot be added, dropped or reworded in one place only.
#[test]
fn readme_lists_the_guard_tables_service_integrations() {
    let readme = fs::read_to_string(common::root().join("README.md")).unwrap();
    let begin = readme.find(SERVICE_TABLE_BEGIN).expect("README.md has the begin marker of the service table");
    let end = readme.find(SERVICE_TABLE_END).expect("README.md has the end marker of the service table");
    let or_dash = |text: &'static str| if text.is_empty() { "—" } else { text };
    let mut table = String::from("\n| integration | typed | checked in the final template |\n| --- | --- | --- |\n");
    let mut rows = 0;
    for integration in typed_cfn::secure::INTEGRATIONS {
        for row in integration.service_rows {
            assert!(
                !row.typed.is_empty() || !row.checked.is_empty(),
                "`{}` is neither typed nor checked: it is not guarded",
                row.integration
            );
            table.push_str(&format!(
                "| [{}](docs/guarded/{}) | {} | {} |\n",
                row.integration,
                integration.page,
                or_dash(row.typed),
                or_dash(row.checked)
            ));
            rows += 1;
        }
    }
    assert!(rows >= 18, "the guard table has only {rows} service rows");
    let written = format!("{}{table}{}", &readme[..begin + SERVICE_TABLE_BEGIN.len()], &readme[end..]);
    common::assert_file("README.md", &written);
}
