//! `cargo xtask layers`: fails when the top-level modules of a crate import each other in a cycle.
//!
//! A crate's top-level modules are meant to form layers that point one way (docs/ARCHITECTURE.md
//! draws cfn-model's). This reads every source file, takes the paths that leave the file's
//! top-level module (`crate::name…`, `use crate::{a, b}`, `super::` climbing to the crate root,
//! and names the crate root re-exports), and reports each cycle with the file and line of every
//! import on it. Comments, string literals and `#[cfg(test)]` code are left out: tests may sit
//! above everything they test.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// The crates held to one-way layers: name, source folder, root file.
const CRATES: &[(&str, &str, &str)] = &[
    ("cfn-files", "cfn-files/src", "lib.rs"),
    ("cfn-core", "cfn-core/src", "lib.rs"),
    ("cfn-model", "cfn-model/src", "lib.rs"),
    ("typed-cfn-cli", "cli/src", "main.rs"),
];

/// Imports that close a cycle today and that work in flight removes. Each entry is
/// (crate, from, to): the import of `to` by `from` is left out of the graph. An entry whose import
/// is gone is reported too, so that this list only ever shrinks to empty.
const KNOWN: &[(&str, &str, &str)] = &[];

/// Where one top-level module imports another: the first place seen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Import {
    /// The file, relative to the crate's source folder.
    pub file: String,
    /// The line, counted from 1.
    pub line: usize,
}

/// The import graph between top-level modules: `from -> to -> where`.
pub type Graph = BTreeMap<String, BTreeMap<String, Import>>;

/// Runs the check over the workspace at `root`.
pub fn run(root: &Path) -> Result<std::process::ExitCode, String> {
    let mut failures = Vec::new();
    for (name, src, root_file) in CRATES {
        let files = read_sources(&root.join(src))?;
        let graph = graph(&files, root_file);
        let report = check(name, graph, KNOWN);
        if report.is_empty() {
            println!("layers: {name}: the top-level modules import one way");
        }
        failures.extend(report);
    }
    if failures.is_empty() { Ok(std::process::ExitCode::SUCCESS) } else { Err(failures.join("\n")) }
}

/// Every `.rs` file under `dir`, as (path relative to `dir` with `/`, text), sorted by path.
fn read_sources(dir: &Path) -> Result<Vec<(String, String)>, String> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(next) = stack.pop() {
        let entries = std::fs::read_dir(&next).map_err(|e| format!("reading {}: {e}", next.display()))?;
        for entry in entries {
            let path = entry.map_err(|e| e.to_string())?.path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                let text = std::fs::read_to_string(&path).map_err(|e| format!("reading {}: {e}", path.display()))?;
                let relative = path.strip_prefix(dir).map_err(|e| e.to_string())?;
                let relative = relative.components().map(|c| c.as_os_str().to_string_lossy()).collect::<Vec<_>>();
                out.push((relative.join("/"), text));
            }
        }
    }
    out.sort();
    Ok(out)
}

/// What is wrong with `graph` of crate `name`: one message per cycle and per stale entry of
/// `known` (the crate's [`KNOWN`] exceptions); empty if the layers point one way.
fn check(name: &str, mut graph: Graph, known: &[(&str, &str, &str)]) -> Vec<String> {
    let mut failures = Vec::new();
    for (krate, from, to) in known.iter().filter(|(krate, ..)| *krate == name) {
        let removed = graph.get_mut(*from).and_then(|imports| imports.remove(*to));
        if removed.is_none() {
            failures.push(format!(
                "layers: {krate}: `{from}` no longer imports `{to}`: remove the entry from KNOWN in xtask/src/layers.rs"
            ));
        }
    }
    for cycle in cycles(&graph) {
        let mut message = format!("layers: {name}: a cycle between top-level modules: {}", cycle.join(" -> "));
        for pair in cycle.windows(2) {
            let import = &graph[&pair[0]][&pair[1]];
            message.push_str(&format!("\n  {} imports {} at {}:{}", pair[0], pair[1], import.file, import.line));
        }
        message.push_str("\n  Make the lower module not import the upper one (move what both need below both).");
        failures.push(message);
    }
    failures
}

/// The import graph of a crate whose sources are `files` (paths relative to the source folder)
/// and whose root file is `root_file`.
pub fn graph(files: &[(String, String)], root_file: &str) -> Graph {
    let root = files.iter().find(|(path, _)| path == root_file).map(|(_, text)| strip(text)).unwrap_or_default();
    let modules = declared_modules(&root);
    let reexports = root_reexports(&root, &modules);
    let test_only = test_only_files(files);
    let mut graph = Graph::new();
    for (path, text) in files {
        if path == root_file || test_only.contains(path) {
            continue;
        }
        let segments: Vec<&str> = path.trim_end_matches(".rs").split('/').collect();
        let top = segments[0];
        if !modules.contains(top) {
            continue;
        }
        // The file's module path: `a/mod.rs` is `a`, `a/b.rs` is `a::b`.
        let depth = if segments.last() == Some(&"mod") { segments.len() - 1 } else { segments.len() };
        let code = strip(text);
        for (offset, targets) in imports(&code, depth) {
            for target in targets.iter().flat_map(|t| resolve(t, &modules, &reexports)) {
                if target != top {
                    let line = code[..offset].matches('\n').count() + 1;
                    graph
                        .entry(top.to_owned())
                        .or_default()
                        .entry(target)
                        .or_insert_with(|| Import { file: path.clone(), line });
                }
            }
        }
    }
    graph
}

/// The top-level modules a crate root declares (`mod a;`, `pub mod b;`, `pub(crate) mod c;`).
fn declared_modules(root: &str) -> BTreeSet<String> {
    let mut modules = BTreeSet::new();
    let words: Vec<&str> = root.split(|c: char| c.is_whitespace() || c == ';').filter(|w| !w.is_empty()).collect();
    for pair in words.windows(2) {
        if pair[0] == "mod" && is_ident(pair[1]) {
            let after = root.find(&format!("mod {}", pair[1])).map(|i| &root[i + 4 + pair[1].len()..]);
            if after.is_some_and(|rest| rest.trim_start().starts_with(';')) {
                modules.insert(pair[1].to_owned());
            }
        }
    }
    modules
}

/// Names the crate root gives other modules' items (`pub use a::b::{C, D};` makes `crate::C` a
/// path into `a`), and inline modules of the root (`pub mod fns { pub use crate::x::… }` makes
/// `crate::fns` a path into `x`).
fn root_reexports(root: &str, modules: &BTreeSet<String>) -> BTreeMap<String, BTreeSet<String>> {
    let mut map: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let mut rest = root;
    while let Some(at) = find_word(rest, "use") {
        let statement = &rest[at + 3..];
        let end = statement.find(';').unwrap_or(statement.len());
        let path = statement[..end].trim();
        let path = path.strip_prefix("crate::").unwrap_or(path);
        let first = path.split("::").next().unwrap_or("").trim();
        if modules.contains(first) {
            for name in leaf_names(path) {
                map.entry(name).or_default().insert(first.to_owned());
            }
        }
        rest = &statement[end..];
    }
    let mut rest = root;
    while let Some(at) = find_word(rest, "mod") {
        let after = &rest[at + 3..];
        let name: String = after.trim_start().chars().take_while(|c| is_ident_char(*c)).collect();
        let body_start = after.find(['{', ';']).unwrap_or(after.len());
        if after[body_start..].starts_with('{') {
            let body = &after[body_start..body_start + block_len(&after[body_start..])];
            let targets: BTreeSet<String> =
                imports(body, 0).into_iter().flat_map(|(_, t)| t).filter(|t| modules.contains(t)).collect();
            map.entry(name).or_default().extend(targets);
        }
        rest = &after[body_start.min(after.len())..];
        if rest.starts_with('{') {
            rest = &rest[1..];
        }
    }
    map
}

/// The names a `use` path brings in: `a::b::{C, D as E, f::G}` gives C, E and G.
fn leaf_names(path: &str) -> Vec<String> {
    let cleaned: String = path.chars().map(|c| if c == '{' || c == '}' { ',' } else { c }).collect();
    cleaned
        .split(',')
        .filter_map(|part| {
            let part = part.trim();
            let name = match part.rsplit_once(" as ") {
                Some((_, alias)) => alias.trim(),
                None => part.rsplit("::").next().unwrap_or("").trim(),
            };
            (is_ident(name) && name != "self").then(|| name.to_owned())
        })
        .collect()
}

/// Where `code` names a path out of its module: for each `crate::…` or `super::…` that reaches
/// the crate root, its offset and the first segments after the root (several for a `{…}`
/// group). `depth` is how many modules the file is below the crate root.
fn imports(code: &str, depth: usize) -> Vec<(usize, Vec<String>)> {
    let bytes = code.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        let starts_word = i == 0 || !is_ident_char(bytes[i - 1] as char);
        if !starts_word {
            i += 1;
            continue;
        }
        let mut at = i;
        let from_root = if code[at..].starts_with("crate::") {
            at += "crate::".len();
            true
        } else if code[at..].starts_with("super::") {
            let mut climbs = 0;
            while code[at..].starts_with("super::") {
                climbs += 1;
                at += "super::".len();
            }
            climbs >= depth
        } else {
            false
        };
        if !from_root || at == i {
            i += 1;
            continue;
        }
        let rest = &code[at..];
        let targets = if rest.starts_with('{') {
            let group = &rest[1..block_len(rest).saturating_sub(1)];
            split_top_level(group).iter().map(|part| first_segment(part)).filter(|s| !s.is_empty()).collect()
        } else {
            vec![first_segment(rest)]
        };
        out.push((i, targets.into_iter().filter(|t| is_ident(t)).collect()));
        i = at;
    }
    out
}

/// The module a crate-root path's first segment is in, if it is one of the crate's.
fn resolve(first: &str, modules: &BTreeSet<String>, reexports: &BTreeMap<String, BTreeSet<String>>) -> Vec<String> {
    if modules.contains(first) {
        vec![first.to_owned()]
    } else {
        reexports.get(first).map(|m| m.iter().cloned().collect()).unwrap_or_default()
    }
}

/// Files compiled only for tests: the ones a `#[cfg(test)] mod name;` declares.
fn test_only_files(files: &[(String, String)]) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    for (path, text) in files {
        let code = strip_keeping_test(text);
        let dir = match path.rsplit_once('/') {
            Some((dir, "mod.rs")) => format!("{dir}/"),
            Some((dir, file)) => format!("{dir}/{}/", file.trim_end_matches(".rs")),
            None if path == "lib.rs" || path == "main.rs" => String::new(),
            None => format!("{}/", path.trim_end_matches(".rs")),
        };
        for at in test_attributes(&code) {
            let item = code[at..].split_once(']').map_or("", |(_, item)| item).trim_start();
            let item = item.strip_prefix("pub ").unwrap_or(item).trim_start();
            if let Some(decl) = item.strip_prefix("mod ") {
                let name: String = decl.trim_start().chars().take_while(|c| is_ident_char(*c)).collect();
                if decl.trim_start()[name.len()..].trim_start().starts_with(';') {
                    out.insert(format!("{dir}{name}.rs"));
                    out.insert(format!("{dir}{name}/mod.rs"));
                }
            }
        }
    }
    out
}

/// Offsets of `#[cfg(test)]` and `#[cfg(all(test, …))]` attributes.
fn test_attributes(code: &str) -> Vec<usize> {
    let mut out = Vec::new();
    for pattern in ["#[cfg(test)]", "#[cfg(all(test,"] {
        out.extend(code.match_indices(pattern).map(|(at, _)| at));
    }
    out.sort_unstable();
    out
}

/// `code` without comments, string and character literals, and the items behind
/// `#[cfg(test)]` (each replaced by spaces, newlines kept, so offsets and lines stay).
fn strip(text: &str) -> String {
    let code = strip_keeping_test(text);
    let mut bytes = code.into_bytes();
    let as_text = String::from_utf8(bytes.clone()).unwrap_or_default();
    for at in test_attributes(&as_text) {
        let after_attr = at + as_text[at..].find(']').map_or(0, |i| i + 1);
        // The item ends at its first `;` or at the end of its first `{…}` block.
        let item = &as_text[after_attr..];
        let end = match (item.find(';'), item.find('{')) {
            (Some(semi), Some(brace)) if semi < brace => after_attr + semi + 1,
            (_, Some(brace)) => after_attr + brace + block_len(&item[brace..]),
            (Some(semi), None) => after_attr + semi + 1,
            (None, None) => as_text.len(),
        };
        blank(&mut bytes[at..end.min(as_text.len())]);
    }
    String::from_utf8(bytes).unwrap_or_default()
}

/// `text` without comments and literals (blanked, newlines kept).
fn strip_keeping_test(text: &str) -> String {
    let mut bytes = text.as_bytes().to_vec();
    let mut i = 0;
    while i < bytes.len() {
        let rest = &text.as_bytes()[i..];
        let end = if rest.starts_with(b"//") {
            i + rest.iter().position(|b| *b == b'\n').unwrap_or(rest.len())
        } else if rest.starts_with(b"/*") {
            i + rest.windows(2).position(|w| w == b"*/").map_or(rest.len(), |p| p + 2)
        } else if rest.starts_with(b"r\"") || rest.starts_with(b"r#") {
            let hashes = rest[1..].iter().take_while(|b| **b == b'#').count();
            if rest.get(1 + hashes) != Some(&b'"') {
                i += 1;
                continue;
            }
            let closing: Vec<u8> = std::iter::once(b'"').chain(std::iter::repeat_n(b'#', hashes)).collect();
            let body = 2 + hashes;
            i + rest[body..]
                .windows(closing.len())
                .position(|w| w == closing.as_slice())
                .map_or(rest.len(), |p| body + p + closing.len())
        } else if rest[0] == b'"' {
            let mut j = 1;
            while j < rest.len() && rest[j] != b'"' {
                j += if rest[j] == b'\\' { 2 } else { 1 };
            }
            i + (j + 1).min(rest.len())
        } else if rest[0] == b'\'' {
            // A character literal ('x', '\n', '\u{1F600}'), not a lifetime ('a).
            if rest.get(1) == Some(&b'\\') {
                i + rest[2..].iter().position(|b| *b == b'\'').map_or(rest.len(), |p| p + 3)
            } else {
                let width = text[i + 1..].chars().next().map_or(1, char::len_utf8);
                if rest.get(1 + width) == Some(&b'\'') { i + width + 2 } else { i + 1 }
            }
        } else {
            i + 1
        };
        if end > i + 1 {
            blank(&mut bytes[i..end]);
        }
        i = end.max(i + 1);
    }
    String::from_utf8_lossy(&bytes).into_owned()
}

/// Replaces every byte but newlines with a space.
fn blank(bytes: &mut [u8]) {
    for b in bytes.iter_mut().filter(|b| **b != b'\n') {
        *b = b' ';
    }
}

/// The length of the `{…}` block `text` starts with, braces included (all of `text` if unclosed).
fn block_len(text: &str) -> usize {
    let mut depth = 0usize;
    for (i, c) in text.char_indices() {
        match c {
            '{' => depth += 1,
            '}' => {
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    return i + 1;
                }
            }
            _ => {}
        }
    }
    text.len()
}

/// `a, b::{c, d}, e` split at the commas outside braces.
fn split_top_level(group: &str) -> Vec<&str> {
    let mut parts = Vec::new();
    let (mut depth, mut start) = (0usize, 0);
    for (i, c) in group.char_indices() {
        match c {
            '{' => depth += 1,
            '}' => depth = depth.saturating_sub(1),
            ',' if depth == 0 => {
                parts.push(&group[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    parts.push(&group[start..]);
    parts
}

fn first_segment(path: &str) -> String {
    path.trim_start().chars().take_while(|c| is_ident_char(*c)).collect()
}

/// The offset of `word` in `text` standing alone (not part of a longer identifier).
fn find_word(text: &str, word: &str) -> Option<usize> {
    text.match_indices(word).map(|(i, _)| i).find(|&i| {
        let before = text[..i].chars().next_back().is_none_or(|c| !is_ident_char(c));
        let after = text[i + word.len()..].chars().next().is_none_or(|c| !is_ident_char(c));
        before && after
    })
}

fn is_ident_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

fn is_ident(s: &str) -> bool {
    !s.is_empty() && s.chars().all(is_ident_char) && !s.starts_with(|c: char| c.is_ascii_digit())
}

/// Every cycle of `graph`, one per strongly connected component, each written as the modules
/// on it with the first repeated at the end (`a -> b -> a`).
pub fn cycles(graph: &Graph) -> Vec<Vec<String>> {
    let nodes: BTreeSet<&String> = graph.keys().chain(graph.values().flat_map(|m| m.keys())).collect();
    let reaches = |from: &String, to: &String| -> Option<Vec<String>> {
        // Breadth-first: the shortest path from `from` to `to`.
        let mut previous: BTreeMap<&String, &String> = BTreeMap::new();
        let mut queue = std::collections::VecDeque::from([from]);
        while let Some(node) = queue.pop_front() {
            for next in graph.get(node).into_iter().flat_map(|m| m.keys()) {
                if next == to {
                    let mut path = vec![to.clone(), node.clone()];
                    let mut at = node;
                    while at != from {
                        at = previous[at];
                        path.push(at.clone());
                    }
                    path.reverse();
                    return Some(path);
                }
                if next != from && !previous.contains_key(next) {
                    previous.insert(next, node);
                    queue.push_back(next);
                }
            }
        }
        None
    };
    let mut seen: BTreeSet<String> = BTreeSet::new();
    let mut out = Vec::new();
    for node in nodes {
        if seen.contains(node) {
            continue;
        }
        if let Some(cycle) = reaches(node, node) {
            // Everything on a cycle through `node` is in its component: report the component once.
            let component: Vec<&String> =
                graph.keys().filter(|other| reaches(node, other).is_some() && reaches(other, node).is_some()).collect();
            seen.extend(component.into_iter().cloned());
            seen.insert(node.clone());
            out.push(cycle);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn files(list: &[(&str, &str)]) -> Vec<(String, String)> {
        list.iter().map(|(p, t)| (p.to_string(), t.to_string())).collect()
    }

    const ROOT: &str = "pub mod a;\nmod b;\npub mod c;\npub use c::thing::{Thing, Other as Renamed};\npub mod fns { pub use crate::b::f; }\n";

    #[test]
    fn names_a_cycle_with_the_file_and_line_of_each_import() {
        let graph = graph(
            &files(&[
                ("lib.rs", ROOT),
                ("a/mod.rs", "mod x;\n"),
                ("a/x.rs", "use std::fmt;\n\nuse crate::b::Thing;\n"),
                ("b.rs", "use crate::{c::One, a::Two};\n"),
                ("c/thing.rs", "pub struct Thing;\n"),
            ]),
            "lib.rs",
        );
        let failures = check("demo", graph, &[]);
        assert_eq!(failures.len(), 1, "{failures:?}");
        assert!(
            failures[0].starts_with("layers: demo: a cycle between top-level modules: a -> b -> a\n  a imports b at a/x.rs:3\n  b imports a at b.rs:1"),
            "{}",
            failures[0]
        );
    }

    #[test]
    fn comments_strings_and_test_code_are_not_imports() {
        let graph = graph(
            &files(&[
                ("lib.rs", ROOT),
                ("a.rs", "use crate::b::Thing;\n"),
                (
                    "b.rs",
                    "// crate::a::X\n/// [`crate::a`]\nconst S: &str = \"crate::a::Y\";\nconst R: &str = r#\"crate::a\"#;\nfn f<'x>(c: char) -> bool { c == '\"' }\n#[cfg(test)]\nmod tests {\n    use crate::a::Z;\n}\n#[cfg(test)]\nmod more;\n",
                ),
                ("b/more.rs", "use crate::a::W;\n"),
            ]),
            "lib.rs",
        );
        assert_eq!(graph.get("b"), None, "{graph:?}");
        assert!(cycles(&graph).is_empty());
    }

    #[test]
    fn root_reexports_and_super_paths_count_for_their_module() {
        let graph = graph(
            &files(&[
                ("lib.rs", ROOT),
                ("a/mod.rs", "use super::Renamed;\n"),
                ("a/deep.rs", "fn f() { super::super::fns::f(); }\n"),
                ("b.rs", "fn g() -> crate::Thing { crate::Thing::default() }\n"),
            ]),
            "lib.rs",
        );
        let targets = |from: &str| graph[from].keys().cloned().collect::<Vec<_>>();
        assert_eq!(targets("a"), ["b", "c"]);
        assert_eq!(targets("b"), ["c"]);
    }

    #[test]
    fn a_known_exception_is_left_out_and_reported_once_gone() {
        // A known `template -> check` import closes this cycle and is left out.
        let known = &[("cfn-model", "template", "check")];
        let with = graph(
            &files(&[
                ("lib.rs", "pub mod template;\npub mod check;\n"),
                ("template.rs", "fn f(rule: crate::check::Rule) {}\n"),
                ("check.rs", "use crate::template::Template;\n"),
            ]),
            "lib.rs",
        );
        assert!(check("cfn-model", with.clone(), known).is_empty());
        assert_eq!(check("other", with, known).len(), 1);
        let without = graph(
            &files(&[
                ("lib.rs", "pub mod template;\npub mod check;\n"),
                ("check.rs", "use crate::template::Template;\n"),
            ]),
            "lib.rs",
        );
        assert_eq!(
            check("cfn-model", without, known),
            [
                "layers: cfn-model: `template` no longer imports `check`: remove the entry from KNOWN in xtask/src/layers.rs"
            ]
        );
    }
}
