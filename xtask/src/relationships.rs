//! `cargo xtask relationships <tarball>`: extracts, from AWS's service specification
//! (`@aws-cdk/aws-service-spec` on npm), which properties name another resource and which of its
//! values they take (`relationshipRefs`), and what each target type's `Ref` returns, into the
//! committed compact file `xtask/relationships/relationships.tsv` that `cargo xtask codegen` reads.
//!
//! The tarball must be the pinned one (`SHA256`): `npm pack @aws-cdk/aws-service-spec@0.1.216`.
//! It is read with the system's `sha256sum`, `tar` and `gzip`; nothing else is downloaded.

use std::collections::BTreeMap;
use std::path::Path;
use std::process::{Command, ExitCode};

use serde_json::Value as Json;

/// The npm package and version the compact file comes from.
pub const PACKAGE: &str = "@aws-cdk/aws-service-spec@0.1.216";
/// sha256 of `aws-cdk-aws-service-spec-0.1.216.tgz` as npm serves it.
pub const SHA256: &str = "2305b840c961bf7ab982a3e67a44cd2fe1f8fad78d8f2598c0fd36fbf17c9af8";
/// Where the compact file lives, from the workspace root.
pub const FILE: &str = "xtask/relationships/relationships.tsv";

pub fn run(root: &Path, tarball: &Path) -> Result<ExitCode, String> {
    let sum = output(Command::new("sha256sum").arg(tarball))?;
    let sum = sum.split_whitespace().next().unwrap_or_default();
    if sum != SHA256 {
        return Err(format!("{} has sha256 {sum}, not the pinned {SHA256} of {PACKAGE}", tarball.display()));
    }
    let script = "tar -xzOf \"$1\" package/db.json.gz | gzip -dc";
    let db = output(Command::new("sh").args(["-c", script, "sh"]).arg(tarball))?;
    let db: Json = serde_json::from_str(&db).map_err(|e| format!("parse db.json: {e}"))?;
    let text = compact(&db)?;
    let path = root.join(FILE);
    let tmp = path.with_extension("tsv.tmp");
    std::fs::write(&tmp, &text).map_err(|e| format!("write {}: {e}", tmp.display()))?;
    std::fs::rename(&tmp, &path).map_err(|e| format!("rename to {}: {e}", path.display()))?;
    eprintln!("relationships: wrote {FILE} ({} lines)", text.lines().count());
    Ok(ExitCode::SUCCESS)
}

fn output(command: &mut Command) -> Result<String, String> {
    let out = command.output().map_err(|e| format!("run {command:?}: {e}"))?;
    if !out.status.success() {
        return Err(format!("{command:?} failed: {}", String::from_utf8_lossy(&out.stderr)));
    }
    String::from_utf8(out.stdout).map_err(|e| format!("{command:?}: not UTF-8: {e}"))
}

/// The compact file: a header naming the source, then one line per property with relationship
/// data (`P`), and one per target type with what its `Ref` returns (`R`), sorted.
///
/// - `P <TAB> owner <TAB> property <TAB> shape <TAB> target:value[,target:value…]`: `owner` is a
///   resource type, or `Type.PropertyType` for a property of a property type; `shape` is
///   `string`, `list` or `other` (the value's JSON type in the specification).
/// - `R <TAB> type <TAB> identifier`: the single identifier `Ref` returns (`cfnRefIdentifier`,
///   else a one-part `primaryIdentifier`); `-` when `Ref` returns a compound identifier.
fn compact(db: &Json) -> Result<String, String> {
    let schema = &db["schema"];
    let resources = schema["resource"]["entities"].as_array().ok_or("db.json: no resource entities")?;
    let types = schema["typeDefinition"]["entities"].as_array().ok_or("db.json: no type definitions")?;
    let by_id: BTreeMap<&str, &Json> = types.iter().filter_map(|t| Some((t["$id"].as_str()?, t))).collect();
    let uses = schema["usesType"]["forward"].as_object().ok_or("db.json: no usesType relation")?;

    let mut lines: Vec<String> = Vec::new();
    let mut targets: BTreeMap<String, ()> = BTreeMap::new();
    let mut refs: BTreeMap<&str, String> = BTreeMap::new();
    for resource in resources {
        let type_name = resource["cloudFormationType"].as_str().ok_or("a resource without a type")?;
        let identifier = match (resource["cfnRefIdentifier"].as_array(), resource["primaryIdentifier"].as_array()) {
            (Some(ids), _) | (None, Some(ids)) if ids.len() == 1 => ids[0].as_str().unwrap_or("-").to_owned(),
            _ => "-".to_owned(),
        };
        refs.insert(type_name, identifier);
        properties(&mut lines, &mut targets, type_name, &resource["properties"]);
        let id = resource["$id"].as_str().unwrap_or_default();
        for used in uses.get(id).and_then(Json::as_array).into_iter().flatten() {
            let Some(def) = used["$id"].as_str().and_then(|i| by_id.get(i)) else { continue };
            let name = def["name"].as_str().unwrap_or_default();
            properties(&mut lines, &mut targets, &format!("{type_name}.{name}"), &def["properties"]);
        }
    }
    lines.sort();
    lines.dedup();
    for target in targets.keys() {
        let identifier = refs.get(target.as_str()).map(String::as_str).unwrap_or("-");
        lines.push(format!("R\t{target}\t{identifier}"));
    }
    let mut out = format!(
        "# From {PACKAGE} (Apache-2.0), tarball sha256 {SHA256}, db.json.gz: `relationshipRefs`\n\
         # and each target type's Ref identifier. Generated by `cargo xtask relationships <tarball>`;\n\
         # do not edit (corrections go to xtask/src/codegen/ref_overrides.rs).\n"
    );
    for line in lines {
        out.push_str(&line);
        out.push('\n');
    }
    Ok(out)
}

fn properties(lines: &mut Vec<String>, targets: &mut BTreeMap<String, ()>, owner: &str, props: &Json) {
    let Some(props) = props.as_object() else { return };
    for (name, prop) in props {
        let Some(relationships) = prop["relationshipRefs"].as_array() else { continue };
        let shape = match (prop["type"]["type"].as_str(), prop["type"]["element"]["type"].as_str()) {
            (Some("string"), _) => "string",
            (Some("array"), Some("string")) => "list",
            _ => "other",
        };
        let mut kinds: Vec<String> = Vec::new();
        for r in relationships {
            let (Some(target), Some(value)) = (r["cloudFormationType"].as_str(), r["propertyName"].as_str()) else {
                continue;
            };
            targets.insert(target.to_owned(), ());
            kinds.push(format!("{target}:{value}"));
        }
        lines.push(format!("P\t{owner}\t{name}\t{shape}\t{}", kinds.join(",")));
    }
}
