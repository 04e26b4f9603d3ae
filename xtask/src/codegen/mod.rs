//! `cargo xtask codegen [--check]`: every resource type in the pinned registry schemas
//! (`xtask/schemas/`) becomes a Rust type in `cfn-model/src/resources/<service>.rs`, one cargo
//! feature per service.
//!
//! Inputs: `xtask/schemas/us-east-1.json` (type → schema file), `xtask/schemas/resources/`,
//! and the override table in `overrides.rs`. Outputs: the `resources/` folder (nothing else
//! in it), the tables cfn-core reads whatever the features (`cfn-core/src/refs/targets.rs`,
//! `cfn-core/src/data/tagging.rs`, `cfn-core/src/data/list_attributes.rs`) and the feature list in
//! `cfn-model/Cargo.toml` between the `@generated` markers.
//! `--check` writes nothing and fails if any output differs. The ARN format table
//! (`cfn-core/src/identity/arn_formats.rs`) comes from AWS's service specification, see
//! `arn_formats.rs`.

mod arn_formats;
mod emit;
mod guarded;
mod model;
mod overrides;
mod ref_overrides;
mod typed_refs;

/// The generator's naming rules, shared with the importer (which must predict them).
use cfn_names as names;

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use serde_json::Value as Json;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    Write,
    Check,
}

const FEATURES_BEGIN: &str = "# @generated features begin (cargo xtask codegen)";
const FEATURES_END: &str = "# @generated features end";

pub fn run(root: &Path, mode: Mode) -> Result<ExitCode, String> {
    let outputs = generate(root)?;
    let resources_dir = root.join("cfn-model/src/resources");
    let mut stale: Vec<PathBuf> = Vec::new();
    if let Ok(entries) = fs::read_dir(&resources_dir) {
        for entry in entries.flatten() {
            let path = entry.path();
            if !outputs.contains_key(&path) {
                stale.push(path);
            }
        }
    }
    stale.sort();
    let changed: Vec<&PathBuf> = outputs
        .iter()
        .filter(|(path, text)| fs::read_to_string(path).ok().as_deref() != Some(text.as_str()))
        .map(|(p, _)| p)
        .collect();
    match mode {
        Mode::Check => {
            if changed.is_empty() && stale.is_empty() {
                eprintln!("codegen: {} files up to date", outputs.len());
                return Ok(ExitCode::SUCCESS);
            }
            for path in &changed {
                eprintln!("codegen: out of date: {}", relative(root, path));
            }
            for path in &stale {
                eprintln!("codegen: not generated, should not be there: {}", relative(root, path));
            }
            eprintln!("codegen: run `cargo xtask codegen` and commit the result");
            Ok(ExitCode::FAILURE)
        }
        Mode::Write => {
            fs::create_dir_all(&resources_dir).map_err(|e| format!("create {}: {e}", resources_dir.display()))?;
            for path in &changed {
                write_whole(path, &outputs[*path])?;
            }
            for path in &stale {
                fs::remove_file(path).map_err(|e| format!("remove {}: {e}", path.display()))?;
            }
            eprintln!("codegen: {} files, {} rewritten, {} removed", outputs.len(), changed.len(), stale.len());
            Ok(ExitCode::SUCCESS)
        }
    }
}

/// Every output file and its text.
fn generate(root: &Path) -> Result<BTreeMap<PathBuf, String>, String> {
    let schemas = root.join("xtask/schemas");
    let providers: BTreeMap<String, String> = read_json(&schemas.join("us-east-1.json"))
        .and_then(|j| serde_json::from_value(j).map_err(|e| format!("us-east-1.json: {e}")))?;

    // Service module → (namespace, plans), in type-name order.
    let mut services: BTreeMap<String, (String, Vec<model::ResourcePlan>)> = BTreeMap::new();
    for (type_name, hash) in &providers {
        let schema = read_json(&schemas.join("resources").join(format!("{hash}.json")))?;
        if schema["typeName"].as_str() != Some(type_name) {
            return Err(format!("schema {hash}.json is not the schema of {type_name}"));
        }
        let module = names::service_module(type_name);
        let namespace = type_name.rsplit_once("::").map(|(ns, _)| ns.to_owned()).unwrap_or_default();
        if model::PRELUDE.contains(&type_name.rsplit("::").next().unwrap_or_default()) {
            return Err(format!("{type_name} would shadow a prelude name in generated code"));
        }
        let entry = services.entry(module).or_insert_with(|| (namespace, Vec::new()));
        entry.1.push(model::plan(type_name, &schema));
    }
    check_overrides(&services)?;
    let all_plans: Vec<&model::ResourcePlan> = services.values().flat_map(|(_, p)| p).collect();
    typed_refs::load(root, &all_plans)?;

    let dir = root.join("cfn-model/src/resources");
    let mut outputs = BTreeMap::new();
    let mut index = String::from(emit::HEADER);
    index.push_str(&format!(
        "//! Generated resource types: {} types in {} service modules, each behind the cargo feature\n//! of its name (`full` enables them all).\n//!\n//! `AWS::Logs::LogGroup` is [`logs::LogGroup`](self) with the `logs` feature; its property types\n//! and enums are in `logs::log_group`.\n",
        providers.len(),
        services.len()
    ));
    // Read whatever the service features (an app routing a list between stacks): cfn-core's data.
    outputs.insert(
        root.join("cfn-core/src/data/list_attributes.rs"),
        emit::list_attributes(services.values().flat_map(|(_, plans)| plans)),
    );
    for (module, (namespace, plans)) in &services {
        let ident = names::ident(module);
        index.push_str(&format!(
            "\n#[cfg(feature = \"{}\")]\n#[rustfmt::skip]\npub mod {ident};\n",
            names::feature(module)
        ));
        outputs.insert(dir.join(format!("{module}.rs")), emit::service(module, namespace, plans));
    }
    // The markers typed references name sit with `refs`, below the generated resource types.
    outputs.insert(root.join("cfn-core/src/refs/targets.rs"), typed_refs::get().targets_file(&all_plans));
    outputs.insert(root.join("docs/typed-references-coverage.md"), typed_refs::get().coverage());
    // The tagging table is data every template reads, below the resource types: `data/`.
    outputs.insert(
        root.join("cfn-core/src/data/tagging.rs"),
        emit::tagging_table(services.values().flat_map(|(_, plans)| plans)),
    );
    outputs.insert(dir.join("mod.rs"), index);

    let manifest = root.join("cfn-model/Cargo.toml");
    let text = fs::read_to_string(&manifest).map_err(|e| format!("read {}: {e}", manifest.display()))?;
    outputs.insert(manifest, with_features(&text, services.keys(), None)?);
    let facade = root.join("Cargo.toml");
    let text = fs::read_to_string(&facade).map_err(|e| format!("read {}: {e}", facade.display()))?;
    outputs.insert(facade, with_features(&text, services.keys(), Some("cfn-model"))?);
    // The ARN formats: regenerated (and checked) when the pinned service specification is here.
    match arn_formats::tarball(root) {
        Some(tarball) => {
            outputs.insert(arn_formats::output(root), arn_formats::table(&arn_formats::database(&tarball)?)?);
        }
        None => eprintln!(
            "codegen: the ARN formats were not regenerated: the pinned service specification is not here (`npm pack @aws-cdk/aws-service-spec@{}` in xtask/spec/, see xtask/spec/PROVENANCE.md)",
            arn_formats::VERSION
        ),
    }
    Ok(outputs)
}

/// Fails when an override names a type or property the schemas do not have.
fn check_overrides(services: &BTreeMap<String, (String, Vec<model::ResourcePlan>)>) -> Result<(), String> {
    let plans: Vec<&model::ResourcePlan> = services.values().flat_map(|(_, p)| p).collect();
    let find = |type_name: &str| plans.iter().find(|p| p.type_name == type_name);
    for o in cfn_guards::guarded_properties() {
        // `AWS::IAM::Role` names a resource type, `AWS::IAM::Role.Policy` one of its property types.
        let (resource, property_type) = match o.resource_type.split_once('.') {
            Some((resource, property_type)) => (resource, Some(property_type)),
            None => (o.resource_type, None),
        };
        let plan = find(resource).ok_or_else(|| format!("guarded property of unknown type {}", o.resource_type))?;
        let props = match property_type {
            None => &plan.props,
            Some(name) => plan
                .decls
                .iter()
                .find_map(|d| match d {
                    model::Decl::Struct(s) if s.cfn_name == name => Some(&s.props),
                    _ => None,
                })
                .ok_or_else(|| format!("guarded property of unknown property type {}", o.resource_type))?,
        };
        if !props.iter().any(|p| p.cfn_name == o.property) {
            return Err(format!("guarded property {}.{}: no such settable property", o.resource_type, o.property));
        }
    }
    for a in overrides::ATTRIBUTES {
        let plan = find(a.type_name).ok_or_else(|| format!("extra attribute for unknown type {}", a.type_name))?;
        if plan.attributes.iter().any(|x| x.name == a.attribute) {
            return Err(format!(
                "extra attribute {}.{} is already in the schema: drop it from the table",
                a.type_name, a.attribute
            ));
        }
    }
    for t in cfn_guards::SCOPED {
        find(t.resource_type)
            .ok_or_else(|| format!("compliance-scoped type {} is not in the schemas", t.resource_type))?;
    }
    Ok(())
}

/// A manifest with the generated feature list between the markers: the features themselves
/// (`cfn-model`), or features passing through to `through` (the `typed-cfn` facade).
fn with_features<'a>(
    manifest: &str,
    modules: impl Iterator<Item = &'a String>,
    through: Option<&str>,
) -> Result<String, String> {
    let begin = manifest.find(FEATURES_BEGIN).ok_or("a manifest lacks the generated-features begin marker")?;
    let end = manifest.find(FEATURES_END).ok_or("a manifest lacks the generated-features end marker")?;
    let features: Vec<String> = modules.map(|m| names::feature(m)).collect();
    let mut block = String::from(FEATURES_BEGIN);
    block.push('\n');
    for feature in features.iter().filter(|_| through.is_none()) {
        let requires =
            overrides::FEATURE_REQUIRES.iter().find(|(f, _)| f == feature).map(|(_, r)| *r).unwrap_or_default();
        let quoted: Vec<String> = requires.iter().map(|r| format!("\"{r}\"")).collect();
        block.push_str(&format!("{feature} = [{}]\n", quoted.join(", ")));
    }
    if let Some(crate_name) = through {
        for feature in &features {
            block.push_str(&format!("{feature} = [\"{crate_name}/{feature}\"]\n"));
        }
        block.push_str(&format!("# Every service.\nfull = [\"{crate_name}/full\"]\n"));
    } else {
        block.push_str("# Every service.\nfull = [\n");
        for feature in &features {
            block.push_str(&format!("    \"{feature}\",\n"));
        }
        block.push_str("]\n");
    }
    Ok(format!("{}{block}{}", &manifest[..begin], &manifest[end..]))
}

fn read_json(path: &Path) -> Result<Json, String> {
    let text = fs::read_to_string(path).map_err(|e| format!("read {}: {e}", path.display()))?;
    serde_json::from_str(&text).map_err(|e| format!("parse {}: {e}", path.display()))
}

/// Writes through a temporary file and a rename: a file is whole or untouched.
fn write_whole(path: &Path, text: &str) -> Result<(), String> {
    let tmp = path.with_extension("rs.tmp");
    fs::write(&tmp, text).map_err(|e| format!("write {}: {e}", tmp.display()))?;
    fs::rename(&tmp, path).map_err(|e| format!("rename to {}: {e}", path.display()))
}

fn relative(root: &Path, path: &Path) -> String {
    path.strip_prefix(root).unwrap_or(path).display().to_string()
}
