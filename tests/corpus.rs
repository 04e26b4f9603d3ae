//! Real templates in and out: cfn-lint 1.58.0's own good templates (`test/fixtures/templates/good/`
//! of its PyPI source distribution, fetched and checked by sha256 by `cargo xtask test`, which
//! passes the folder in `CFN_LINT_FIXTURES`).
//!
//! Every template there is taken as one cfn-lint accepts (they are its "good" fixtures); each must
//! 1. read (`Template::from_json` / `from_yaml`),
//! 2. emit as JSON, equal as a JSON value to the file as cfn-lint itself reads it
//!    (`cfnlint.decode`: YAML 1.1, short-form tags as `Fn::` maps), up to the normalizations
//!    listed in [`normalize`], each a documented choice of the writer,
//! 3. emit as YAML that reads back, under YAML 1.1 (PyYAML, as CloudFormation reads it), and with
//!    typed-cfn's own reader, as the same value as the JSON,
//! 4. and `audit` (the final-template check) runs over it.
//!
//! Templates that cannot are listed in [`EXCEPTIONS`] with the reason; an exception that no
//! longer happens fails the test too (so the list only shrinks). The test prints its counts.

mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use serde_json::Value;
use typed_cfn::{Format, Template};

/// Templates of the corpus that do not pass, by path under `good/`, with why.
/// The first two are templates cfn-lint 1.58.0 itself refuses (they are fixtures of single rules,
/// run with the others off), and so does CloudFormation; the others have `Resources: {}`, which
/// cfn-lint does not check and CloudFormation refuses ("At least one Resources member must be
/// defined"). typed-cfn refuses each with the reason.
const EXCEPTIONS: &[(&str, &str)] = &[
    ("core/config_cfn_lint.json", NO_RESOURCES),
    ("core/config_cfn_lint.yaml", NO_RESOURCES),
    ("core/config_only_i1002.yaml", NO_RESOURCES),
    ("core/config_only_i1003.yaml", NO_RESOURCES),
    ("core/config_parameters.yaml", NO_RESOURCES),
    ("decode/parsing.json", NO_RESOURCES),
    ("mappings/name.yaml", NO_RESOURCES),
    ("parameters/default.yaml", NO_RESOURCES),
    ("resources/cloudformation/stack_nested.yaml", NO_RESOURCES),
    (
        "custom/is-defined.yaml",
        "a top-level section `Parameter` (for `Parameters`): CloudFormation refuses unknown sections, and cfn-lint 1.58.0 reports E1001 'Parameter' was unexpected",
    ),
    (
        "functions/sub_needed.yaml",
        "refers to GreetingLambda, GreetingResource and GreetingApi, which it does not declare: CloudFormation refuses unresolved references, and cfn-lint 1.58.0 reports E1020/E1022",
    ),
];

const NO_RESOURCES: &str = "`Resources: {}`: CloudFormation refuses a template without resources, and typed-cfn with it (cfn-lint 1.58.0 does not check)";

/// The fixtures' folder, or `None` (with a message) when it is not there outside CI.
fn fixtures() -> Option<PathBuf> {
    match std::env::var_os("CFN_LINT_FIXTURES") {
        Some(dir) => {
            let dir = PathBuf::from(dir);
            assert!(
                dir.join("good").is_dir(),
                "CFN_LINT_FIXTURES={} has no good/ folder: run `cargo xtask test`",
                dir.display()
            );
            Some(dir.join("good"))
        }
        None if std::env::var("CI").is_ok_and(|v| v == "true") => {
            panic!(
                "CFN_LINT_FIXTURES is not set under CI=true: the corpus test must run in CI (`cargo xtask test` fetches the fixtures and sets it)"
            )
        }
        None => {
            println!(
                "corpus test skipped: CFN_LINT_FIXTURES is not set (`cargo xtask test` fetches cfn-lint's fixtures and sets it)"
            );
            None
        }
    }
}

fn files_under(dir: &Path, found: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            files_under(&path, found);
        } else {
            found.push(path);
        }
    }
}

/// Runs `tests/corpus_reference.py` over `files` with the pinned cfn-lint's Python: each file's
/// value, or why it could not be read.
fn reference(files: &[PathBuf], yaml11: bool) -> Vec<Result<Value, String>> {
    let python = common::cfn_lint().with_file_name("python");
    let mut command = Command::new(&python);
    command.arg(common::root().join("tests/corpus_reference.py"));
    if yaml11 {
        command.arg("--yaml11");
    }
    let out = command.args(files).output().expect("run the reference reader");
    assert!(out.status.success(), "tests/corpus_reference.py: {}", String::from_utf8_lossy(&out.stderr));
    let lines: Vec<Value> =
        String::from_utf8(out.stdout).unwrap().lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert_eq!(lines.len(), files.len());
    lines
        .into_iter()
        .map(|mut line| match line.get_mut("value") {
            Some(value) => Ok(value.take()),
            None => Err(line["error"].as_str().unwrap_or_default().to_owned()),
        })
        .collect()
}

/// The normalizations between a template as written and as typed-cfn writes it back. Each is a
/// choice of the writer, and CloudFormation reads both spellings the same; applying them to both
/// sides and comparing again tells "the same template, written canonically" from "a different
/// template". Returns the ones that changed something.
fn normalize(template: &mut Value) -> Vec<&'static str> {
    /// One name is written as a string: CloudFormation takes a name or a list of names.
    const ONE_TRANSFORM: &str = "`Transform: [Name]` is written `Transform: Name`";
    /// CloudFormation takes a logical ID or a list of them.
    const ONE_DEPENDENCY: &str = "`DependsOn: [Id]` is written `DependsOn: Id`";
    /// A `Ref`/`Fn::GetAtt`/`Fn::Sub` of the resource already orders it (cfn-lint W3005 flags
    /// the repetition); the writer leaves it out.
    const REFERENCED_DEPENDENCY: &str = "a `DependsOn` entry the resource already references is not written";
    /// No properties and `Properties: {}` create the same resource.
    const EMPTY_PROPERTIES: &str = "`Properties: {}` is not written";
    let mut applied = Vec::new();
    let Some(top) = template.as_object_mut() else { return applied };
    if let Some(Value::Array(names)) = top.get("Transform")
        && names.len() == 1
    {
        let name = names[0].clone();
        top.insert("Transform".to_owned(), name);
        applied.push(ONE_TRANSFORM);
    }
    let Some(Value::Object(resources)) = top.get_mut("Resources") else { return applied };
    for resource in resources.values_mut() {
        let Some(resource) = resource.as_object_mut() else { continue };
        if resource.get("Properties").is_some_and(|p| p.as_object().is_some_and(|p| p.is_empty())) {
            resource.remove("Properties");
            applied.push(EMPTY_PROPERTIES);
        }
        let Some(depends_on) = resource.get("DependsOn").cloned() else { continue };
        let mut referenced = Vec::new();
        for (key, value) in resource.iter() {
            if ["Properties", "Metadata", "CreationPolicy", "UpdatePolicy"].contains(&key.as_str()) {
                references(value, &mut referenced);
            }
        }
        let entries: Vec<Value> = match depends_on {
            Value::Array(items) => items,
            one @ Value::String(_) => vec![one],
            _ => continue,
        };
        let kept: Vec<Value> = entries
            .iter()
            .filter(|e| !e.as_str().is_some_and(|e| referenced.iter().any(|r| r == e)))
            .cloned()
            .collect();
        if kept.len() < entries.len() {
            applied.push(REFERENCED_DEPENDENCY);
        }
        match kept.len() {
            0 => {
                resource.remove("DependsOn");
            }
            1 => {
                if matches!(resource.get("DependsOn"), Some(Value::Array(_))) && entries.len() == 1 {
                    applied.push(ONE_DEPENDENCY);
                }
                resource.insert("DependsOn".to_owned(), kept[0].clone());
            }
            _ => {
                resource.insert("DependsOn".to_owned(), Value::Array(kept));
            }
        }
    }
    applied
}

/// The logical IDs a value names through `Ref`, `Fn::GetAtt` or an `Fn::Sub` variable.
fn references(value: &Value, found: &mut Vec<String>) {
    match value {
        Value::Object(map) => {
            if map.len() == 1 {
                let (key, arg) = map.iter().next().unwrap();
                match (key.as_str(), arg) {
                    ("Ref", Value::String(id)) => found.push(id.clone()),
                    ("Fn::GetAtt", Value::Array(parts)) => {
                        found.extend(parts.first().and_then(Value::as_str).map(str::to_owned))
                    }
                    ("Fn::Sub", Value::String(text)) => sub_variables(text, found),
                    ("Fn::Sub", Value::Array(parts)) => {
                        if let Some(text) = parts.first().and_then(Value::as_str) {
                            sub_variables(text, found);
                        }
                    }
                    _ => {}
                }
            }
            map.values().for_each(|v| references(v, found));
        }
        Value::Array(items) => items.iter().for_each(|v| references(v, found)),
        _ => {}
    }
}

/// The logical IDs of `${Id}` and `${Id.Attribute}` in an `Fn::Sub` text (`${!Literal}` is not one).
fn sub_variables(text: &str, found: &mut Vec<String>) {
    let mut rest = text;
    while let Some(start) = rest.find("${") {
        rest = &rest[start + 2..];
        let Some(end) = rest.find('}') else { break };
        let name = rest[..end].trim();
        if !name.starts_with('!') {
            found.push(name.split('.').next().unwrap_or(name).to_owned());
        }
        rest = &rest[end + 1..];
    }
}

/// The first place two values differ, as a path.
fn first_difference(a: &Value, b: &Value, path: &str) -> Option<String> {
    match (a, b) {
        (Value::Object(x), Value::Object(y)) => {
            for (k, v) in x {
                match y.get(k) {
                    Some(w) => {
                        if let Some(d) = first_difference(v, w, &format!("{path}.{k}")) {
                            return Some(d);
                        }
                    }
                    None => return Some(format!("{path}.{k}: only in the first ({v})")),
                }
            }
            y.keys().find(|k| !x.contains_key(*k)).map(|k| format!("{path}.{k}: only in the second ({})", y[k]))
        }
        (Value::Array(x), Value::Array(y)) if x.len() == y.len() => {
            x.iter().zip(y).enumerate().find_map(|(i, (v, w))| first_difference(v, w, &format!("{path}[{i}]")))
        }
        _ if a == b => None,
        _ => Some(format!("{path}: {a} ≠ {b}")),
    }
}

/// Time spent per stage over the templates that emit (BENCHMARKS.md quotes a release run:
/// `cargo xtask test --release --test corpus -- --nocapture`).
#[derive(Default)]
struct Timing {
    templates: u32,
    parse: Duration,
    emit_json: Duration,
    emit_yaml: Duration,
    check: Duration,
}

impl Timing {
    fn print(&self) {
        let profile = if cfg!(debug_assertions) { "debug build" } else { "release build" };
        let ms = |d: Duration| d.as_secs_f64() * 1000.0;
        println!(
            "corpus: {} templates ({profile}): read {:.1} ms, emit JSON {:.1} ms, emit YAML {:.1} ms (emit validates and runs the final check), final check alone {:.1} ms",
            self.templates,
            ms(self.parse),
            ms(self.emit_json),
            ms(self.emit_yaml),
            ms(self.check),
        );
    }
}

#[derive(Debug)]
enum Outcome {
    Equal,
    Normalized(Vec<&'static str>),
    Failed(String),
}

#[test]
fn cfn_lint_good_templates_read_write_and_read_back() {
    let Some(good) = fixtures() else { return };
    let mut files = Vec::new();
    files_under(&good, &mut files);
    files.sort();
    let name = |path: &Path| path.strip_prefix(&good).unwrap().display().to_string();
    println!("corpus: {} files under {}", files.len(), good.display());
    // The sdist is pinned by sha256: its good/ folder holds 99 files, in subfolders too (the
    // issue's "122" counted another release).
    assert_eq!(files.len(), 99, "cfn-lint 1.58.0 ships 99 good templates");

    let expected = reference(&files, false);
    let out_dir = common::root().join("target/corpus");
    let _ = std::fs::remove_dir_all(&out_dir);
    std::fs::create_dir_all(&out_dir).unwrap();
    let mut outcomes: BTreeMap<String, Outcome> = BTreeMap::new();
    // What the final-template check (`audit`) finds in the templates read.
    let mut findings: BTreeMap<&str, usize> = BTreeMap::new();
    let mut timing = Timing::default();
    // (name, the JSON written, the YAML file written) for the YAML 1.1 read-back.
    let mut written: Vec<(String, Value, PathBuf)> = Vec::new();
    for (path, expected) in files.iter().zip(expected) {
        let name = name(path);
        let outcome = (|| {
            let expected = expected.map_err(|e| format!("cfn-lint cannot read it: {e}"))?;
            let text = std::fs::read_to_string(path).map_err(|e| format!("not text: {e}"))?;
            let start = Instant::now();
            let template = if path.extension().is_some_and(|e| e == "json") {
                Template::from_json(&text)
            } else {
                Template::from_yaml(&text)
            }
            .map_err(|e| format!("read: {e}"))?;
            timing.parse += start.elapsed();
            let start = Instant::now();
            let json = template.emit(Format::Json).map_err(|e| format!("emit JSON: {e}"))?;
            timing.emit_json += start.elapsed();
            let json: Value =
                serde_json::from_str(&json.body).map_err(|e| format!("the JSON written does not parse: {e}"))?;
            let start = Instant::now();
            let yaml = template.emit(Format::Yaml).map_err(|e| format!("emit YAML: {e}"))?;
            timing.emit_yaml += start.elapsed();
            let back =
                Template::from_yaml(&yaml.body).map_err(|e| format!("the YAML written does not read back: {e}"))?;
            let back: Value =
                serde_json::from_str(&back.to_json().map_err(|e| format!("the YAML read back does not emit: {e}"))?)
                    .unwrap();
            if let Some(d) = first_difference(&back, &json, "") {
                return Err(format!("the YAML written reads back (typed-cfn) as another value: {d}"));
            }
            let yaml_path = out_dir.join(format!("{}.yaml", name.replace('/', "__")));
            std::fs::write(&yaml_path, &yaml.body).unwrap();
            written.push((name.clone(), json.clone(), yaml_path));
            let start = Instant::now();
            let report = typed_cfn::check::run(&template);
            timing.check += start.elapsed();
            timing.templates += 1;
            *findings.entry("errors").or_default() += report.errors.len();
            *findings.entry("warnings").or_default() += report.warnings.len();
            if json == expected {
                return Ok(Outcome::Equal);
            }
            let (mut a, mut b) = (json, expected);
            let mut applied = normalize(&mut a);
            applied.extend(normalize(&mut b));
            applied.sort();
            applied.dedup();
            match first_difference(&a, &b, "") {
                None => Ok(Outcome::Normalized(applied)),
                Some(d) => Err(format!("written back as another value (written ≠ read by cfn-lint): {d}")),
            }
        })();
        outcomes.insert(name, outcome.unwrap_or_else(Outcome::Failed));
    }

    // The YAML written, read as CloudFormation reads it (YAML 1.1).
    let paths: Vec<PathBuf> = written.iter().map(|(_, _, p)| p.clone()).collect();
    for ((name, json, _), read) in written.iter().zip(reference(&paths, true)) {
        let problem = match read {
            Err(e) => Some(format!("the YAML written does not read under YAML 1.1: {e}")),
            Ok(read) => first_difference(&read, json, "")
                .map(|d| format!("the YAML written reads under YAML 1.1 as another value: {d}")),
        };
        if let Some(problem) = problem {
            outcomes.insert(name.clone(), Outcome::Failed(problem));
        }
    }

    let count = |f: fn(&Outcome) -> bool| outcomes.values().filter(|o| f(o)).count();
    let mut by_normalization: BTreeMap<&str, usize> = BTreeMap::new();
    for outcome in outcomes.values() {
        if let Outcome::Normalized(applied) = outcome {
            for n in applied {
                *by_normalization.entry(n).or_default() += 1;
            }
        }
    }
    let failed_at =
        |stage: &str| outcomes.values().filter(|o| matches!(o, Outcome::Failed(why) if why.starts_with(stage))).count();
    println!(
        "corpus: {} templates: {} read, {} emitted; {} equal, {} equal after normalization, {} refused or different ({} at read, {} at emit, {} written back different), {} of them listed exceptions",
        outcomes.len(),
        outcomes.len() - failed_at("read:"),
        outcomes.len() - failed_at("read:") - failed_at("emit"),
        count(|o| matches!(o, Outcome::Equal)),
        count(|o| matches!(o, Outcome::Normalized(_))),
        count(|o| matches!(o, Outcome::Failed(_))),
        failed_at("read:"),
        failed_at("emit"),
        count(|o| matches!(o, Outcome::Failed(_))) - failed_at("read:") - failed_at("emit"),
        EXCEPTIONS.len(),
    );
    println!(
        "corpus: the final-template check finds {} errors and {} warnings in them",
        findings.get("errors").unwrap_or(&0),
        findings.get("warnings").unwrap_or(&0)
    );
    timing.print();
    for (normalization, n) in &by_normalization {
        println!("  normalized in {n}: {normalization}");
    }
    let mut unexplained = Vec::new();
    for (name, outcome) in &outcomes {
        let known = EXCEPTIONS.iter().find(|(n, _)| n == name);
        match (outcome, known) {
            (Outcome::Failed(why), Some((_, reason))) => println!("  known exception {name}: {reason}\n    ({why})"),
            (Outcome::Failed(why), None) => unexplained.push(format!("{name}: {why}")),
            (_, Some(_)) => {
                unexplained.push(format!("{name} is listed as an exception but passes: remove it from EXCEPTIONS"))
            }
            _ => {}
        }
    }
    assert!(
        unexplained.is_empty(),
        "{} templates fail without a listed reason:\n{}",
        unexplained.len(),
        unexplained.join("\n")
    );
}
