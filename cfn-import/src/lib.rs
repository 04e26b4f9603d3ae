//! `typed-cfn import`: an existing CloudFormation template becomes a Rust program that builds it
//! with typed-cfn's typed API and emits it back.
//!
//! Each resource becomes its generated type (`resources::logs::LogGroup::new(…)` with the
//! required properties, setters for the others, enums and property types); every `Ref` and
//! `Fn::GetAtt` of a resource becomes a use of its handle, every `Fn::Sub` a `sub!`, parameters
//! `t.parameter(…)`, conditions `t.condition(…)` (still decided at deploy time), mappings,
//! outputs, metadata, rules and resource attributes carried over. Policy documents become the
//! typed builders, keys `KmsKey` with the grants their policy holds. What has no typed form (a
//! custom resource, a macro's type, a value the schema does not describe) goes through
//! `raw_resource!`, marked with a comment that says why.
//!
//! Where the template makes a mistake the types exclude (a log group's key without the
//! CloudWatch Logs statement, `logs.amazonaws.com` in a generic key statement, a resolved
//! database user name), the typed form is written anyway: the program does not compile, with
//! the project's message, and [`Imported::findings`] says which and why. [`Options::lenient`]
//! writes the untyped form there instead.
#![deny(missing_docs)]

mod api;
mod generate;
mod messaging;
mod names;
mod policy;
mod rds;
mod role;

use std::collections::BTreeSet;
use std::fmt::Write as _;
use std::path::Path;

use cfn_model::Template;
use serde_json::Value as J;

/// How to import.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// Write the untyped forms where the template's policies do not grant what the typed form
    /// requires (the program then compiles, and the final-template check judges it).
    pub lenient: bool,
    /// Depend on typed-cfn by path (a checkout) instead of by version.
    pub path: Option<std::path::PathBuf>,
    /// The template's file name, for the program's header.
    pub source: String,
}

/// Something the compiler will report about the imported program.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    /// The logical ID of the resource.
    pub resource: String,
    /// What the compiler will say, and why.
    pub message: String,
}

/// An imported template.
#[derive(Debug, Clone)]
pub struct Imported {
    /// The module: `pub fn template() -> Template`.
    pub module: String,
    /// The typed-cfn features (AWS services) the module uses.
    pub features: BTreeSet<String>,
    /// What the compiler will report.
    pub findings: Vec<Finding>,
}

/// Why a template could not be imported.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportError(pub String);

impl std::fmt::Display for ImportError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for ImportError {}

/// Reads a template (JSON or YAML, as typed-cfn's reader does) into its JSON value.
pub fn read(text: &str) -> Result<J, ImportError> {
    let template =
        if text.trim_start().starts_with('{') { Template::from_json(text) } else { Template::from_yaml(text) };
    let template = template.map_err(|e| ImportError(format!("the template could not be read: {e}")))?;
    Ok(template.to_node().to_json_value())
}

/// Imports a template's text into a module whose `template()` builds it.
pub fn import(text: &str, options: &Options) -> Result<Imported, ImportError> {
    let value = read(text)?;
    import_value(&value, options)
}

/// Imports a template already read ([`read`]).
pub fn import_value(value: &J, options: &Options) -> Result<Imported, ImportError> {
    value.as_object().ok_or_else(|| ImportError("a template is a mapping".to_owned()))?;
    // Tags every taggable resource ends with, as `Template::tag_all` writes them: taken out of
    // the resources (so the constructs compare with what they write) and written once.
    let (untagged, stack_tags) = match stack_tags(value) {
        Some((untagged, tags)) => (untagged, tags),
        None => (value.clone(), Vec::new()),
    };
    let template = untagged.as_object().ok_or_else(|| ImportError("a template is a mapping".to_owned()))?;
    let mut program = generate::Program::new(template, options);
    program.stack_tags = stack_tags;
    let body = program.body().map_err(ImportError)?;
    let mut findings = std::mem::take(&mut program.findings);
    log_group_keys(template, &mut findings);
    empty_policies(template, &mut findings);
    database_credentials(template, &program, &mut findings);
    let mut module = String::new();
    let _ = writeln!(
        module,
        "//! `{}`, imported by `typed-cfn import`: the template, built with the typed API.",
        options.source
    );
    module.push_str(
        "#![allow(unused_imports, unused_variables, clippy::all)]\n\nuse serde_json::json;\nuse typed_cfn::policy::{self, IdentityPolicy, Operator, Principal, Statement, TrustPolicy};\nuse typed_cfn::refs::{kind, target, Attr, AttrList};\nuse typed_cfn::secure::{KeyPolicy, KmsKey, LogsGrant};\nuse typed_cfn::*;\n\n/// The template.\npub fn template() -> Template {\n",
    );
    module.push_str(&body);
    module.push_str("}\n");
    Ok(Imported { module: format(&module), features: program.features, findings })
}

/// The tags every taggable resource of `value` ends with (two resources at least), as
/// `Template::tag_all` adds them (a key a resource has already keeps its own value), and the
/// template without them — when `tag_all` with those tags gives the template back exactly (the
/// library decides which types are taggable and how); `None` otherwise.
fn stack_tags(value: &J) -> Option<(J, Vec<(String, J)>)> {
    let resources = value.get("Resources")?.as_object()?;
    let lists: Vec<&Vec<J>> =
        resources.values().filter_map(|r| r.get("Properties")?.get(tag_property(r))?.as_array()).collect();
    // One resource's tags are its own (`.tags(…)`), not the stack's.
    if lists.len() < 2 {
        return None;
    }
    let first = lists.first()?;
    let pair = |tag: &J| -> Option<(String, J)> {
        let tag = tag.as_object().filter(|t| t.len() == 2)?;
        Some((tag.get("Key")?.as_str()?.to_owned(), tag.get("Value")?.clone()))
    };
    // The longest suffix of the first list that every list ends with.
    let mut length = first.len();
    while length > 0 {
        let suffix = &first[first.len() - length..];
        if lists.iter().all(|l| l.len() >= length && &l[l.len() - length..] == suffix) {
            break;
        }
        length -= 1;
    }
    let tags: Vec<(String, J)> = first[first.len() - length..].iter().map(pair).collect::<Option<_>>()?;
    if tags.is_empty() {
        return None;
    }
    let mut untagged = value.clone();
    for resource in untagged.get_mut("Resources")?.as_object_mut()?.values_mut() {
        let property = tag_property(resource);
        let Some(properties) = resource.get_mut("Properties").and_then(J::as_object_mut) else { continue };
        match properties.get_mut(property) {
            Some(J::Array(list)) => {
                list.truncate(list.len() - length);
                if list.is_empty() {
                    properties.shift_remove(property);
                }
            }
            Some(J::Object(map)) => {
                map.retain(|k, v| !tags.iter().any(|(key, value)| key == k && value == v));
                if map.is_empty() {
                    properties.shift_remove(property);
                }
            }
            _ => {}
        }
    }
    let mut t = Template::from_json(&untagged.to_string()).ok()?;
    // Literal values only: the check below builds them with the library.
    let literal: Vec<(String, String)> =
        tags.iter().map(|(k, v)| Some((k.clone(), v.as_str()?.to_owned()))).collect::<Option<_>>()?;
    t.tag_all(literal);
    (t.to_node().to_json_value().get("Resources") == value.get("Resources")).then_some((untagged, tags))
}

/// The property `tag_all` writes a resource's tags into (`Tags`, or the one its type names:
/// `BackupVaultTags`, `FileSystemTags`, …).
fn tag_property(resource: &J) -> &'static str {
    let resource_type = resource.get("Type").and_then(J::as_str).unwrap_or_default();
    cfn_model::Tagging::of(resource_type).property().unwrap_or("Tags")
}

/// Policy documents that are `{}` where the typed document is required (a role's trust policy,
/// a key policy, a resource or identity policy, inline in `Policies` too): IAM's grammar requires
/// `Statement`, and IAM, KMS and S3 refuse a policy without one
/// (<https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_grammar.html>). The
/// typed documents cannot be empty, and the escape hatch refuses these properties.
pub(crate) fn empty_policies(template: &serde_json::Map<String, J>, findings: &mut Vec<Finding>) {
    let Some(resources) = template.get("Resources").and_then(J::as_object) else { return };
    let empty = |value: &J| value.as_object().is_some_and(serde_json::Map::is_empty);
    for (id, r) in resources {
        let Some(resource_type) = r.get("Type").and_then(J::as_str) else { continue };
        let Some(properties) = r.get("Properties").and_then(J::as_object) else { continue };
        let guarded = |owner: &str, name: &str| cfn_guards::guarded_fix(owner, name).is_some();
        let top = properties.iter().any(|(name, value)| empty(value) && guarded(resource_type, name));
        let inline = properties.get("Policies").and_then(J::as_array).into_iter().flatten();
        let nested = inline
            .filter_map(|p| p.get("PolicyDocument"))
            .any(|d| empty(d) && guarded(&format!("{resource_type}.Policy"), "PolicyDocument"));
        if top || nested {
            findings.push(Finding {
                resource: id.clone(),
                message: "its policy document is empty (`{}`): IAM's grammar requires `Statement`, and IAM, KMS and S3 refuse a policy without one, so the resource fails to create. The typed documents cannot be empty; write its statements".to_owned(),
            });
        }
    }
}

/// A log group whose `KmsKeyId` is a key of the template without CloudWatch Logs' statement:
/// `kms_key_id(key.arn())` does not compile.
fn log_group_keys(template: &serde_json::Map<String, J>, findings: &mut Vec<Finding>) {
    let Some(resources) = template.get("Resources").and_then(J::as_object) else { return };
    for (id, r) in resources {
        if r.get("Type").and_then(J::as_str) != Some("AWS::Logs::LogGroup") {
            continue;
        }
        let Some(key) = r.pointer("/Properties/KmsKeyId/Fn::GetAtt/0").and_then(J::as_str) else { continue };
        let Some(policy) = resources.get(key).and_then(|k| k.pointer("/Properties/KeyPolicy")) else { continue };
        let grants = policy::statements(policy).is_some_and(|s| s.iter().any(|s| policy::is_logs_grant(s)));
        if !grants {
            findings.push(Finding {
                resource: id.clone(),
                message: format!("`this KMS key's policy lacks the LogsGrant statement`: the key {key} does not let CloudWatch Logs use it (the regional principal `logs.${{AWS::Region}}.amazonaws.com` with the `kms:EncryptionContext:aws:logs:arn` condition), so creating the log group fails; add `.grant_logs(LogsGrant::account_wide())` to the key's policy"),
            });
        }
    }
}

/// Database credentials the typed setters refuse: a password not from a `DatabaseSecret`, a
/// user name resolved at deploy time, log exports without the encrypted groups RDS writes to.
fn database_credentials(
    template: &serde_json::Map<String, J>,
    program: &generate::Program<'_>,
    findings: &mut Vec<Finding>,
) {
    let Some(resources) = template.get("Resources").and_then(J::as_object) else { return };
    for (id, r) in resources {
        let ty = r.get("Type").and_then(J::as_str).unwrap_or_default();
        let databases =
            ["AWS::RDS::DBCluster", "AWS::RDS::DBInstance", "AWS::DocDB::DBCluster", "AWS::Redshift::Cluster"];
        if !databases.contains(&ty) {
            continue;
        }
        let properties = r.get("Properties").and_then(J::as_object);
        let has = |name: &str| properties.and_then(|p| p.get(name));
        let (typed_password, typed_exports) = program.typed_database(id);
        if has("MasterUserPassword").is_some() && !typed_password {
            findings.push(Finding {
                resource: id.clone(),
                message: "`a database password must come from Secrets Manager`: the typed setter takes only `credentials.password()` of a `DatabaseSecret` (a literal, a parameter or a hand-written `{{resolve:…}}` does not compile)".to_owned(),
            });
        }
        if has("MasterUsername").is_some_and(|u| !u.is_string()) && ty.starts_with("AWS::RDS::") {
            findings.push(Finding {
                resource: id.clone(),
                message: "`a database's master user name must be static text`: a name resolved at deploy time breaks updates and rotation; write the name, or `credentials.username()`".to_owned(),
            });
        }
        if has("EnableCloudwatchLogsExports").is_some() && ty.starts_with("AWS::RDS::") && !typed_exports {
            findings.push(Finding {
                resource: id.clone(),
                message: "`RDS log exports need encrypted log groups`: RDS creates unencrypted groups itself unless encrypted ones of its names exist first; the typed form is `RdsLogGroups`".to_owned(),
            });
        }
    }
}

/// The source through `rustfmt` when it is installed, as written otherwise.
fn format(source: &str) -> String {
    use std::io::Write;
    use std::process::{Command, Stdio};
    let child = Command::new("rustfmt")
        .args(["--edition", "2024", "--config", "max_width=120"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn();
    let Ok(mut child) = child else { return source.to_owned() };
    if let Some(mut stdin) = child.stdin.take() {
        let _ = stdin.write_all(source.as_bytes());
    }
    match child.wait_with_output() {
        Ok(out) if out.status.success() => String::from_utf8(out.stdout).unwrap_or_else(|_| source.to_owned()),
        _ => source.to_owned(),
    }
}

/// `Cargo.toml` of a crate that builds the module with exactly the services it uses.
pub fn cargo_toml(name: &str, features: &BTreeSet<String>, options: &Options) -> String {
    // `serde_json`: free-form JSON properties are written as `serde_json::json!` values.
    let features: Vec<String> =
        features.iter().map(String::as_str).chain(["serde_json"]).map(|f| format!("{f:?}")).collect();
    let source = match &options.path {
        Some(path) => format!("path = {:?}", path.display().to_string()),
        None => format!("version = \"{}\"", env!("CARGO_PKG_VERSION")),
    };
    format!(
        "[package]\nname = {name:?}\nversion = \"0.1.0\"\nedition = \"2024\"\npublish = false\n\n[dependencies]\ntyped-cfn = {{ {source}, default-features = false, features = [{}] }}\nserde_json = {{ version = \"1\", features = [\"preserve_order\"] }}\n\n[workspace]\n",
        features.join(", ")
    )
}

/// `src/main.rs`: the module, and a `main` that prints the template as JSON.
pub fn main_rs(imported: &Imported) -> String {
    let mut out = imported.module.clone();
    out.push_str(
        "\nfn main() -> Result<(), Box<dyn std::error::Error>> {\n    print!(\"{}\", template().to_json()?);\n    Ok(())\n}\n",
    );
    out
}

/// Writes the crate (`Cargo.toml`, `src/main.rs`) into `dir`.
pub fn write_crate(dir: &Path, imported: &Imported, options: &Options) -> std::io::Result<()> {
    let name = dir.file_name().and_then(|n| n.to_str()).unwrap_or("imported").to_owned();
    let name: String =
        name.chars().map(|c| if c.is_ascii_alphanumeric() || c == '-' || c == '_' { c } else { '-' }).collect();
    std::fs::create_dir_all(dir.join("src"))?;
    cfn_model::files::write_file(&dir.join("Cargo.toml"), cargo_toml(&name, &imported.features, options).as_bytes())
        .map_err(|e| std::io::Error::other(e.to_string()))?;
    cfn_model::files::write_file(&dir.join("src/main.rs"), main_rs(imported).as_bytes())
        .map_err(|e| std::io::Error::other(e.to_string()))?;
    Ok(())
}
