//! Indexes the generated resource modules (`cfn-model/src/resources/*.rs`): which Rust type
//! stands for which CloudFormation type, which setter sets which property with which value type,
//! which method reads which attribute, which variant spells which enum value. The importer writes
//! programs against exactly this API, so it reads it from the code rather than from a second
//! description that could drift. The index is one line per fact, tab-separated:
//!
//! - `R type feature path`: a resource type (`AWS::Logs::LogGroup logs logs::LogGroup`);
//! - `N path property type`: an argument of `path::new(…)`, in order;
//! - `S path property method type`: a setter;
//! - `A path attribute method type`: an `Fn::GetAtt` method of the resource's handle;
//! - `F path kind`: what the resource's `Ref` gives, where it is a typed reference;
//! - `E path value variant`: an enum value.
//!
//! A typed reference (`crate::refs::Attr<target::kms::Key, kind::Arn>`) is written `@kms::Key|Arn`;
//! a setter that takes one of several kinds (`impl Takes<(Attr<…>, Attr<…>), I>`) lists them,
//! `@kms::Key|Arn,kms::Key|KeyId`, and one that takes a list of them (`TakesList`) starts `@@`.

use std::fmt::Write as _;
use std::path::Path;

fn main() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../cfn-model/src/resources");
    println!("cargo::rerun-if-changed={}", dir.display());
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .expect("cfn-model/src/resources beside cfn-import")
        .map(|e| e.expect("a directory entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "rs"))
        .collect();
    files.sort();
    let mut index = String::new();
    for file in files {
        let stem = file.file_stem().unwrap().to_string_lossy().into_owned();
        if matches!(stem.as_str(), "mod" | "tagging" | "list_attributes") {
            continue;
        }
        let text = std::fs::read_to_string(&file).expect("a generated module");
        let Some(feature) =
            text.lines().find_map(|l| l.strip_prefix("//! Enabled by the `")).and_then(|r| r.split('`').next())
        else {
            continue;
        };
        index_module(&stem, feature, &text, &mut index);
    }
    let out = Path::new(&std::env::var("OUT_DIR").unwrap()).join("api_index.tsv");
    std::fs::write(out, index).expect("write the index");
}

/// The arguments of a signature's parameter list, split at top-level commas: `(name, type)`.
fn arguments(list: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut depth = 0i32;
    let mut current = String::new();
    for c in list.chars() {
        match c {
            '<' | '(' | '[' => depth += 1,
            '>' | ')' | ']' => depth -= 1,
            ',' if depth == 0 => {
                out.push(std::mem::take(&mut current));
                continue;
            }
            _ => {}
        }
        current.push(c);
    }
    out.push(current);
    out.into_iter()
        .filter_map(|a| {
            let (name, ty) = a.split_once(':')?;
            Some((name.trim().to_owned(), ty.trim().to_owned()))
        })
        .filter(|(name, _)| !name.contains("self"))
        .collect()
}

/// The value type a parameter type takes: `impl Into<crate::Value<T>>` → `T` with its paths
/// made absolute below `resources`; a hand-written guarded type → `!` and the type as written.
fn value_type(ty: &str, module: &str) -> String {
    if let Some(rest) = ty.strip_prefix("impl crate::refs::TakesList<") {
        return format!("@@{}", kinds(rest));
    }
    if let Some(rest) = ty.strip_prefix("impl crate::refs::Takes<") {
        return format!("@{}", kinds(rest));
    }
    match ty.strip_prefix("impl Into<crate::Value<").and_then(|t| t.strip_suffix(">>")) {
        Some(inner) => absolute(inner, module),
        None => format!("!{ty}"),
    }
}

/// The kinds `crate::refs::Attr<crate::refs::target::T, crate::refs::kind::K>` that `text` names,
/// in order: `T|K,T|K`.
fn kinds(text: &str) -> String {
    let mut out = Vec::new();
    for piece in text.split("crate::refs::Attr<crate::refs::target::").skip(1) {
        let Some((target, rest)) = piece.split_once(", crate::refs::kind::") else { continue };
        let kind: String = rest.chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect();
        out.push(format!("{target}|{kind}"));
    }
    out.join(",")
}

/// `Vec<delivery::Tag>` in module `logs` → `Vec<logs::delivery::Tag>`; scalars and `crate::`
/// paths unchanged.
fn absolute(ty: &str, module: &str) -> String {
    let mut out = String::new();
    let mut word = String::new();
    let flush = |word: &mut String, out: &mut String| {
        if !word.is_empty() {
            let scalar = matches!(word.as_str(), "String" | "i64" | "f64" | "bool" | "Vec");
            if scalar || word.starts_with("crate::") {
                out.push_str(word);
            } else {
                let _ = write!(out, "{module}::{word}");
            }
            word.clear();
        }
    };
    for c in ty.chars() {
        if c.is_alphanumeric() || c == '_' || c == ':' {
            word.push(c);
        } else {
            flush(&mut word, &mut out);
            out.push(c);
        }
    }
    flush(&mut word, &mut out);
    out
}

fn index_module(file_module: &str, feature: &str, text: &str, index: &mut String) {
    let lines: Vec<&str> = text.lines().collect();
    // The module the line is in (`logs` or `logs::delivery`), the type whose impl it is in.
    let mut module = file_module.to_owned();
    let mut owner: Option<String> = None;
    let mut handle_of: Option<String> = None;
    let mut attribute_sets: Vec<String> = Vec::new();
    let mut resource_of: Option<String> = None;
    let mut i = 0;
    while i < lines.len() {
        let line = lines[i];
        let trimmed = line.trim();
        if let Some(rest) = line.strip_prefix("pub mod ").and_then(|r| r.strip_suffix(" {")) {
            module = format!("{file_module}::{rest}");
        } else if line == "}" && !module.contains("::") {
            owner = None;
        } else if line == "}" {
            module = file_module.to_owned();
            owner = None;
            handle_of = None;
            resource_of = None;
        }
        if let Some(name) = trimmed.strip_prefix("impl crate::refs::Referable for ").and_then(|r| r.strip_suffix(" {"))
            && let Some(ty) = lines.get(i + 1).and_then(|l| l.trim().strip_prefix("type Ref = "))
            && ty.starts_with("crate::refs::Attr<")
        {
            let _ = writeln!(index, "F\t{module}::{name}\t{}", kinds(ty));
            i += 1;
            continue;
        }
        // A resource's attributes are the methods of `<Name>Attributes`, which its handle
        // dereferences to.
        let top_level = !module.contains("::");
        if let Some(name) =
            trimmed.strip_prefix("pub struct ").and_then(|r| r.strip_suffix("(crate::handle::LogicalId);"))
            && top_level
        {
            attribute_sets.push(name.to_owned());
        } else if let Some(name) = trimmed.strip_prefix("impl ").and_then(|r| r.strip_suffix(" {"))
            && top_level
            && attribute_sets.iter().any(|set| set == name)
            && let Some(resource) = name.strip_suffix("Attributes")
        {
            handle_of = Some(format!("{module}::{resource}"));
            owner = None;
        } else if let Some(name) = trimmed.strip_prefix("impl crate::Resource for ").and_then(|r| r.strip_suffix(" {"))
        {
            resource_of = Some(format!("{module}::{name}"));
        } else if let Some(name) = trimmed.strip_prefix("impl ").and_then(|r| r.strip_suffix(" {"))
            && !name.contains(' ')
        {
            owner = Some(format!("{module}::{name}"));
            handle_of = None;
        } else if let Some(rest) = trimmed.strip_prefix("const TYPE: &'static str = \"")
            && let Some(path) = &resource_of
        {
            let cfn = rest.trim_end_matches("\";");
            let _ = writeln!(index, "R\t{cfn}\t{feature}\t{path}");
        } else if trimmed.contains(" => \"")
            && trimmed.ends_with("\",")
            && let Some((name, rest)) = trimmed.split_once("::")
            && let Some((variant, value)) = rest.split_once(" => \"")
        {
            let value = value.trim_end_matches("\",");
            let _ = writeln!(index, "E\t{module}::{name}\t{value}\t{variant}");
        } else if trimmed.starts_with("pub fn ") {
            let (head, _) = trimmed.split_once('(').unwrap_or((trimmed, ""));
            let method = head.trim_start_matches("pub fn ").split('<').next().unwrap().to_owned();
            let open = trimmed.find('(').unwrap_or(0);
            let close = trimmed.rfind(')').unwrap_or(open);
            let args = arguments(&trimmed[open + 1..close]);
            // The properties the body sets, in order, with the argument each comes from.
            let mut sets = Vec::new();
            let mut get_att = None;
            let mut j = i + 1;
            while j < lines.len() && !lines[j].trim_start().starts_with("pub fn ") && lines[j].trim() != "}" {
                let body = lines[j];
                if let Some(at) = body.find(".set(\"") {
                    let rest = &body[at + 6..];
                    let property = rest.split('"').next().unwrap().to_owned();
                    sets.push((property, rest.to_owned()));
                }
                // RDS log exports are stored by their trait (they also pin the identifier and the
                // engine, and order the database after the groups).
                if let Some(at) = body.find("RdsLogExports::store_exports(") {
                    sets.push(("EnableCloudwatchLogsExports".to_owned(), format!("({}", &body[at + 29..])));
                }
                for call in ["self.0.get_att(\"", "self.0.get_att_node(\""] {
                    if let Some(at) = body.find(call) {
                        get_att = Some(body[at + call.len()..].split('"').next().unwrap().to_owned());
                    }
                }
                j += 1;
            }
            if let Some(resource) = &handle_of
                && let Some(attribute) = get_att
            {
                let ret = trimmed.rsplit("-> ").next().unwrap().trim_end_matches(" {");
                let ret = match ret.strip_prefix("crate::Value<").and_then(|r| r.strip_suffix('>')) {
                    Some(inner) => absolute(inner, &module),
                    None if ret.starts_with("crate::refs::Attr<") => format!("@{}", kinds(ret)),
                    None => absolute(ret, &module),
                };
                let _ = writeln!(index, "A\t{resource}\t{attribute}\t{method}\t{ret}");
            } else if let Some(path) = &owner {
                if method == "new" {
                    for (property, body) in &sets {
                        if let Some((_, ty)) = args.iter().find(|(name, _)| {
                            body.contains(&format!(" {name}."))
                                || body.contains(&format!("({name})"))
                                || body.contains(&format!(" {name})"))
                        }) {
                            let _ = writeln!(index, "N\t{path}\t{property}\t{}", value_type(ty, &module));
                        }
                    }
                } else if let [(property, _)] = sets.as_slice()
                    && let [(_, ty)] = args.as_slice()
                {
                    let _ = writeln!(index, "S\t{path}\t{property}\t{method}\t{}", value_type(ty, &module));
                }
            }
        }
        i += 1;
    }
}
