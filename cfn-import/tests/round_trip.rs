//! The contract of `typed-cfn import`: the imported program builds, runs, and emits the template
//! it was imported from, equal as JSON values (up to [`NORMALIZATIONS`]); and a template with a
//! mistake the types exclude imports into a program that does not compile, with the project's
//! message.
//!
//! All imported programs are modules of ONE generated crate (one `cargo build` with the union of
//! their services), run once. A module that does not compile is taken out and the crate built
//! again, so one template's failure does not hide the others'.
//!
//! Over cfn-lint's good templates (`CFN_LINT_FIXTURES`, as `tests/corpus.rs` reads them), the
//! test prints its counts (imported / compiles / equal) and each failure's cause. The whole
//! corpus runs when `TYPED_CFN_IMPORT_CORPUS=all`; otherwise a pinned subset
//! ([`REPRESENTATIVE`]) does.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value as J;

/// The workspace root.
fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap().to_path_buf()
}

/// One program to import: a name and the template's text.
#[derive(Clone)]
struct Case {
    name: String,
    text: String,
    /// Imported with `--lenient` (the generated forms where a typed construct would not compile).
    lenient: bool,
}

/// Outcome of the build: the modules that compiled, the errors of those that did not.
struct Built {
    dir: PathBuf,
    failed: BTreeMap<String, String>,
}

/// Writes the crate with `modules` and builds it; drops modules that do not compile, and builds
/// again, until it builds (at most a few rounds).
fn build(name: &str, modules: &mut BTreeMap<String, cfn_import::Imported>) -> Built {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(name);
    let mut failed = BTreeMap::new();
    for _round in 0..6 {
        let features: BTreeSet<String> = modules.values().flat_map(|m| m.features.iter().cloned()).collect();
        let options = cfn_import::Options { path: Some(root()), ..Default::default() };
        std::fs::create_dir_all(dir.join("src")).unwrap();
        let _ = std::fs::remove_dir_all(dir.join("src"));
        std::fs::create_dir_all(dir.join("src")).unwrap();
        std::fs::write(dir.join("Cargo.toml"), cfn_import::cargo_toml(name, &features, &options)).unwrap();
        let mut main = String::new();
        for (module, imported) in modules.iter() {
            std::fs::write(dir.join(format!("src/{module}.rs")), &imported.module).unwrap();
            main.push_str(&format!("mod {module};\n"));
        }
        main.push_str("fn main() {\n    let mut out = serde_json::Map::new();\n");
        for module in modules.keys() {
            main.push_str(&format!(
                "    out.insert({module:?}.to_owned(), match {module}::template().to_json() {{ Ok(t) => serde_json::from_str(&t).unwrap(), Err(e) => serde_json::json!({{\"error\": e.to_string()}}) }});\n"
            ));
        }
        main.push_str("    println!(\"{}\", serde_json::Value::Object(out));\n}\n");
        std::fs::write(dir.join("src/main.rs"), main).unwrap();
        let out = Command::new(env!("CARGO"))
            .args(["build", "--quiet", "--message-format=short"])
            .env("CARGO_TARGET_DIR", root().join("target/import-round-trip"))
            .current_dir(&dir)
            .output()
            .unwrap();
        if out.status.success() {
            return Built { dir, failed };
        }
        let stderr = String::from_utf8_lossy(&out.stderr);
        let mut bad = BTreeSet::new();
        for line in stderr.lines().filter(|l| l.contains(": error")) {
            if let Some(module) = line.strip_prefix("src/").and_then(|l| l.split(".rs:").next())
                && modules.contains_key(module)
            {
                bad.insert(module.to_owned());
                failed.entry(module.to_owned()).or_insert_with(|| line.to_owned());
            }
        }
        assert!(!bad.is_empty(), "the generated crate does not build, and no module is to blame:\n{stderr}");
        for module in bad {
            modules.remove(&module);
        }
    }
    panic!("the generated crate still does not build after six rounds");
}

/// Runs the built crate: each module's emitted template (or its emit error).
fn run(name: &str) -> serde_json::Map<String, J> {
    let out = Command::new(root().join(format!("target/import-round-trip/debug/{name}"))).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    match serde_json::from_slice(&out.stdout).unwrap() {
        J::Object(m) => m,
        _ => unreachable!(),
    }
}

/// The normalizations between the input and the imported program's output, each a choice of a
/// writer that CloudFormation and IAM read the same (applied to both sides):
/// - a one-element list where a policy element takes one value or a list (`Action`,
///   `Resource`, a principal, a condition's values) is written as the value
///   (<https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_grammar.html>);
/// - `AWSTemplateFormatVersion: 2010-09-09`, the only version, which CloudFormation assumes when
///   it is missing, is always written
///   (<https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/format-version-structure.html>);
/// - a parameter's `Default` and `AllowedValues` are text (`80` is `"80"`): CloudFormation
///   passes every parameter value as a string
///   (<https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/parameters-section-structure.html>);
/// - `DependsOn: [Id]` is `DependsOn: Id`, and `Properties: {}` is left out (as the corpus test
///   of the writer lists them).
const NORMALIZATIONS: &[&str] = &[
    "one-element policy lists",
    "AWSTemplateFormatVersion written",
    "parameter values as text",
    "DependsOn: [Id]",
    "Properties: {}",
];

fn normalize(value: &mut J) {
    if let J::Object(top) = value
        && top.get("AWSTemplateFormatVersion").and_then(J::as_str) == Some("2010-09-09")
    {
        top.shift_remove("AWSTemplateFormatVersion");
    }
    if let Some(J::Object(parameters)) = value.get_mut("Parameters") {
        for parameter in parameters.values_mut().filter_map(J::as_object_mut) {
            for key in ["Default", "AllowedValues"] {
                match parameter.get_mut(key) {
                    Some(J::Array(items)) => items.iter_mut().for_each(as_text),
                    Some(v) => as_text(v),
                    None => {}
                }
            }
        }
    }
    normalize_inner(value);
}

/// A number or boolean as the text CloudFormation passes for a parameter.
fn as_text(value: &mut J) {
    if value.is_number() || value.is_boolean() {
        *value = J::String(value.to_string());
    }
}

fn normalize_inner(value: &mut J) {
    match value {
        J::Object(map) => {
            map.retain(|k, v| !(k == "Properties" && v.as_object().is_some_and(|m| m.is_empty())));
            for (key, v) in map.iter_mut() {
                let policy_element = ["Action", "NotAction", "Resource", "NotResource", "AWS", "Service", "DependsOn"]
                    .contains(&key.as_str());
                if policy_element
                    && let J::Array(l) = v
                    && l.len() == 1
                {
                    *v = l.remove(0);
                }
                normalize_inner(v);
            }
        }
        J::Array(items) => items.iter_mut().for_each(normalize_inner),
        _ => {}
    }
}

/// Imports, builds, runs and compares `cases`; returns (imported, compiles, equal) and prints
/// each failure.
fn round_trip(name: &str, cases: &[Case]) -> (usize, usize, usize, BTreeMap<String, String>) {
    let mut inputs = BTreeMap::new();
    let mut modules = BTreeMap::new();
    let mut causes = BTreeMap::new();
    for (i, case) in cases.iter().enumerate() {
        let module = format!("m{i:04}");
        let value = match cfn_import::read(&case.text) {
            Ok(v) => v,
            Err(e) => {
                causes.insert(case.name.clone(), format!("not read: {e}"));
                continue;
            }
        };
        let options = cfn_import::Options { source: case.name.clone(), lenient: case.lenient, ..Default::default() };
        match cfn_import::import_value(&value, &options) {
            Ok(imported) => {
                inputs.insert(module.clone(), (case.name.clone(), value));
                modules.insert(module, imported);
            }
            Err(e) => {
                causes.insert(case.name.clone(), format!("not imported: {e}"));
            }
        }
    }
    let imported = modules.len();
    let built = build(name, &mut modules);
    for (module, error) in &built.failed {
        causes.insert(inputs[module].0.clone(), format!("does not compile: {error}"));
    }
    let compiles = modules.len();
    let outputs = run(name);
    let mut equal = 0;
    for (module, (case, input)) in &inputs {
        let Some(output) = outputs.get(module) else { continue };
        if let Some(error) = output.get("error") {
            causes.insert(case.clone(), format!("refused when emitted: {}", error.as_str().unwrap_or_default()));
            continue;
        }
        let (mut a, mut b) = (input.clone(), output.clone());
        normalize(&mut a);
        normalize(&mut b);
        if a == b {
            equal += 1;
        } else {
            causes.insert(case.clone(), format!("not equal: {}", first_difference(&a, &b, "")));
        }
    }
    let _ = built.dir;
    println!(
        "import round trip ({name}): {} templates, {imported} imported, {compiles} compile, {equal} equal",
        cases.len()
    );
    println!("normalizations: {NORMALIZATIONS:?}");
    for (case, cause) in &causes {
        println!("  {case}: {cause}");
    }
    (imported, compiles, equal, causes)
}

/// Where two values first differ, as a path.
fn first_difference(a: &J, b: &J, at: &str) -> String {
    match (a, b) {
        (J::Object(x), J::Object(y)) => {
            for k in x.keys().chain(y.keys()) {
                match (x.get(k), y.get(k)) {
                    (Some(p), Some(q)) if p == q => {}
                    (Some(p), Some(q)) => return first_difference(p, q, &format!("{at}/{k}")),
                    (Some(_), None) => return format!("{at}/{k} missing from the output"),
                    (None, Some(_)) => return format!("{at}/{k} added by the output"),
                    (None, None) => {}
                }
            }
            format!("{at}: differs")
        }
        (J::Array(x), J::Array(y)) if x.len() == y.len() => {
            for (i, (p, q)) in x.iter().zip(y).enumerate() {
                if p != q {
                    return first_difference(p, q, &format!("{at}/{i}"));
                }
            }
            format!("{at}: differs")
        }
        _ => format!("{at}: {} in the input, {} in the output", short(a), short(b)),
    }
}

fn short(v: &J) -> String {
    let s = v.to_string();
    if s.len() > 120 { format!("{}…", &s[..120]) } else { s }
}

/// cfn-lint's good templates this test always runs (the whole corpus with
/// `TYPED_CFN_IMPORT_CORPUS=all`).
const REPRESENTATIVE: &[&str] = &[
    "conditions.yaml",
    "functions/sub.yaml",
    "functions_findinmap.yaml",
    "mappings/used.yaml",
    "properties_ec2_vpc.yaml",
    "resources/cloudformation/stacks.yaml",
    "resources/dynamodb/attributes.yaml",
    "resources/iam/managed_policy_description.yaml",
    "resources/iam/resource_policy.yaml",
    "resources/properties/custom.yaml",
    "resources/properties/templated_code.yaml",
    "transform_serverless_globals.yaml",
    // Resource attributes: policies chosen at deploy time (`Ref`, `Fn::FindInMap`, `Fn::If`), a
    // custom resource's `Version`, SAM's `IgnoreGlobals`; and empty lists.
    "resources_deletionpolicy.yaml",
    "generic.yaml",
    "transform_serverless_ignore_globals.yaml",
    "resources/properties/exclusive.yaml",
    // A literal database password: the typed setter refuses it, with the guard's message.
    "resources/properties/password.yaml",
    // Policy documents as they stand: a statement a condition chooses (`Fn::If`), no `Version`;
    // and `{}`, which IAM refuses (no typed form: the program does not compile, and the import
    // says why).
    "resources/iam/policy.yaml",
    "resources/properties/hard_coded_arn_properties_cdk.yaml",
    "resources/properties/list_duplicates.yaml",
    // Resources the template does not declare: the role AWS SAM creates for a function, a
    // module's resource; and another stack's output (`Fn::GetStackOutput`).
    "transform_serverless_function.yaml",
    "functions/ref.yaml",
    "functions/get_stack_output.yaml",
];

/// Templates of the whole corpus that round-trip today: the count only grows.
const EQUAL_IN_THE_WHOLE_CORPUS: usize = 83;

fn corpus_cases() -> Option<Vec<Case>> {
    let dir = PathBuf::from(std::env::var_os("CFN_LINT_FIXTURES")?).join("good");
    let all = std::env::var("TYPED_CFN_IMPORT_CORPUS").is_ok_and(|v| v == "all");
    let mut files = Vec::new();
    fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
        for e in std::fs::read_dir(dir).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                walk(&p, out)
            } else if p.extension().is_some_and(|e| e == "json" || e == "yaml" || e == "yml" || e == "template") {
                out.push(p)
            }
        }
    }
    walk(&dir, &mut files);
    files.sort();
    let cases = files
        .into_iter()
        .filter_map(|p| {
            let name = p.strip_prefix(&dir).unwrap().display().to_string();
            (all || REPRESENTATIVE.contains(&name.as_str()))
                .then(|| Some(Case { lenient: false, name, text: std::fs::read_to_string(&p).ok()? }))
                .flatten()
        })
        .collect();
    Some(cases)
}

#[test]
fn corpus_round_trip() {
    let Some(cases) = corpus_cases() else {
        assert!(
            std::env::var("CI").map_or(true, |v| v != "true"),
            "CFN_LINT_FIXTURES is not set under CI=true: the import round trip must run in CI (`cargo xtask test` sets it)"
        );
        println!("import round trip skipped: CFN_LINT_FIXTURES is not set");
        return;
    };
    let all = cases.len() > REPRESENTATIVE.len();
    let (imported, compiles, equal, causes) = round_trip("import_corpus", &cases);
    if all {
        assert!(equal >= EQUAL_IN_THE_WHOLE_CORPUS, "{equal} equal, fewer than {EQUAL_IN_THE_WHOLE_CORPUS}");
        return;
    }
    assert_eq!(cases.len(), REPRESENTATIVE.len(), "a pinned template is missing from the corpus");
    assert_eq!((imported, compiles, equal), (23, 21, 21), "{causes:#?}");
    // The typed forms of what a template writes as it stands, with the comments that say why a
    // value is no handle of the template.
    let module = |name: &str| {
        let case = cases.iter().find(|c| c.name == name).unwrap();
        let module = cfn_import::import(&case.text, &cfn_import::Options::default()).unwrap().module;
        module.split_whitespace().collect::<Vec<_>>().join(" ")
    };
    for (name, expected) in [
        (
            "resources/iam/policy.yaml",
            ".statement_if( &some_condition_condition, Statement::allow(actions![\"s3:PutObject\"])",
        ),
        ("resources/properties/hard_coded_arn_properties_cdk.yaml", ".without_version()"),
        ("transform_serverless_function.yaml", ".roles(vec![my_function.created_resource(\"Role\").reference()])"),
        (
            "transform_serverless_function.yaml",
            "// `myFunctionRole` is a resource `myFunction` creates when the stack is deployed",
        ),
        ("functions/ref.yaml", "Output::new(module.created_resource(\"Resource\").reference())"),
        ("functions/get_stack_output.yaml", "// `Fn::GetStackOutput`: the value of another stack's output"),
        (
            "functions/get_stack_output.yaml",
            ".region(\"us-west-2\") .role_arn(\"arn:aws:iam::123456789012:role/cross-account\") .into_value()",
        ),
    ] {
        let module = module(name);
        assert!(module.contains(expected), "{name}: {expected}\n{module}");
    }
    let refused = &causes["resources/properties/password.yaml"];
    assert!(refused.contains("a database password must come from Secrets Manager"), "{refused}");
    // Roles whose trust policy is `{}`: IAM refuses them, so the program does not compile, and
    // the import says why.
    let empty = cases.iter().find(|c| c.name == "resources/properties/list_duplicates.yaml").unwrap();
    let findings = cfn_import::import(&empty.text, &cfn_import::Options::default()).unwrap().findings;
    assert!(findings.iter().any(|f| f.message.starts_with("its policy document is empty")), "{findings:?}");
    assert!(causes.contains_key("resources/properties/list_duplicates.yaml"), "{causes:#?}");
}

/// The HIPAA stack corrected as its failure analysis asks and as the typed constructs write it.
fn corrected_004() -> Case {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/input/004-corrected.yaml");
    Case { lenient: false, name: "004-corrected.yaml".to_owned(), text: std::fs::read_to_string(path).unwrap() }
}

fn corrected_findings() -> Vec<cfn_import::Finding> {
    cfn_import::import(&corrected_004().text, &cfn_import::Options::default()).unwrap().findings
}

fn seed(name: &str) -> Case {
    let text = std::fs::read_to_string(root().join("tests/input/seeds").join(name)).unwrap();
    Case { lenient: false, name: name.to_owned(), text }
}

/// What a typed key writes differently from a hand-written policy, each on purpose: the root
/// statement names the account through `${AWS::Partition}` (cfn-lint I3042); CloudWatch Logs'
/// statement is limited to log groups (`…:log-group:*`) in the partition; every key policy
/// ends with the statement that refuses grants except for AWS resources (AWS Control Tower
/// CT.KMS.PR.3); and the statements are a set (their order does not change what KMS decides:
/// <https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html>).
/// The typed statements are taken from the library itself, not written here.
fn as_the_typed_key_writes(template: &mut J) {
    use cfn_model::secure::{KeyPolicy, LogsGrant};
    let typed = KeyPolicy::account_root().grant_logs(LogsGrant::account_wide()).to_node().to_json_value();
    let typed = typed["Statement"].as_array().unwrap().clone();
    let (root, logs, guard) = (&typed[0], &typed[1], &typed[2]);
    for resource in template["Resources"].as_object_mut().unwrap().values_mut() {
        if resource["Type"] != "AWS::KMS::Key" {
            continue;
        }
        let statements = resource["Properties"]["KeyPolicy"]["Statement"].as_array_mut().unwrap();
        for statement in statements.iter_mut() {
            if statement["Action"] == "kms:*" {
                statement["Principal"] = root["Principal"].clone();
            }
            if statement
                .get("Condition")
                .is_some_and(|c| c["ArnLike"].get("kms:EncryptionContext:aws:logs:arn").is_some())
            {
                statement["Condition"] = logs["Condition"].clone();
            }
        }
        if !statements.contains(guard) {
            statements.push(guard.clone());
        }
        statements.sort_by_key(|s| s.to_string());
    }
}

#[test]
fn seeds_broken_do_not_compile_fixed_round_trip() {
    let corrected = corrected_004();
    // The corrected HIPAA stack with a key that does not grant Secrets Manager: the secret is then
    // no `DatabaseSecret` (its type demands the grant), and the cluster's password is refused.
    let mut ungranted = cfn_import::read(&corrected.text).unwrap();
    ungranted["Resources"]["RDSKMSKey"]["Properties"]["KeyPolicy"]["Statement"]
        .as_array_mut()
        .unwrap()
        .retain(|s| s["Sid"] != "Allow Secrets Manager to use the key");
    let ungranted =
        Case { lenient: false, name: "004-key-without-secrets-manager".to_owned(), text: ungranted.to_string() };
    let cases = [
        seed("000-broken.yaml"),
        seed("004-broken.yaml"),
        seed("000-fixed.yaml"),
        seed("004-fixed.yaml"),
        corrected,
        ungranted,
    ];
    // The findings `import` prints for each.
    let findings = |name: &str| {
        let options = cfn_import::Options::default();
        cfn_import::import(&seed(name).text, &options).unwrap().findings
    };
    assert!(findings("000-broken.yaml").iter().any(|f| f.message.contains("refuses `logs.amazonaws.com`")));
    assert!(findings("000-broken.yaml").iter().any(|f| f.message.contains("lacks the LogsGrant statement")));
    assert!(findings("004-broken.yaml").iter().any(|f| f.message.contains("master user name must be static text")));
    assert_eq!(findings("000-fixed.yaml"), []);

    assert_eq!(findings("004-fixed.yaml").len(), 2);
    assert_eq!(corrected_findings(), []);
    // Its one parameter, a string with a default, is a field of a `#[derive(Parameters)]` struct;
    // with `AllowedValues` (which a derived field does not carry) it is written with the builder.
    let module = |text: &str| cfn_import::import(text, &cfn_import::Options::default()).unwrap().module;
    let corrected_module = module(&corrected_004().text);
    assert!(corrected_module.contains("#[derive(Parameters)]"), "{corrected_module}");
    assert!(corrected_module.contains("environment_suffix: \"dev\".to_owned()"), "{corrected_module}");
    let mut constrained = cfn_import::read(&corrected_004().text).unwrap();
    constrained["Parameters"]["EnvironmentSuffix"]["AllowedValues"] = serde_json::json!(["dev", "prod"]);
    let constrained_module = module(&constrained.to_string());
    assert!(!constrained_module.contains("#[derive(Parameters)]"), "{constrained_module}");
    assert!(constrained_module.contains(r#".allowed_values(["dev", "prod"])"#), "{constrained_module}");

    let (imported, compiles, equal, causes) = round_trip("import_seeds", &cases);
    assert_eq!(imported, 6, "{causes:#?}");
    // The guards' messages, as the compiler gives them.
    assert!(
        causes["000-broken.yaml"].contains("CloudWatch Logs is not granted a key through a generic statement"),
        "{causes:#?}"
    );
    // The broken HIPAA stack's database goes through the escape hatch (its user name is resolved and
    // its log exports have no typed form), which refuses the password with the guard's message.
    let refused = "`MasterUserPassword` of AWS::RDS::DBCluster is guarded: the escape hatch cannot set it";
    assert!(causes["004-broken.yaml"].contains(refused), "{causes:#?}");
    assert!(
        findings("004-broken.yaml")
            .iter()
            .any(|f| f.message.contains("a database password must come from Secrets Manager"))
    );
    // The fixed HIPAA stack still exports RDS logs without `RdsLogGroups` and resolves its password by
    // hand, which the typed setters refuse (see docs/import.md).
    assert!(causes["004-fixed.yaml"].contains(refused), "{causes:#?}");
    let password = "a database password must come from Secrets Manager";
    assert!(causes["004-key-without-secrets-manager"].contains(password), "{causes:#?}");
    assert_eq!(compiles, 2, "{causes:#?}");
    // The corrected HIPAA stack compiles (`KmsKey` with its three grants, `DatabaseSecret`,
    // `RdsLogGroups`) and emits itself.
    assert!(!causes.contains_key("004-corrected.yaml"), "{causes:#?}");
    assert_eq!(equal, 1, "{causes:#?}");
    // The fixed PCI stack compiles; it emits the input, with the typed key's own statements.
    let outputs = run("import_seeds");
    let output = &outputs["m0002"];
    let mut input = cfn_import::read(&seed("000-fixed.yaml").text).unwrap();
    let mut output = output.clone();
    as_the_typed_key_writes(&mut input);
    as_the_typed_key_writes(&mut output);
    normalize(&mut input);
    normalize(&mut output);
    assert_eq!(output, input);
}

/// A test input of this crate.
fn input(name: &str) -> Case {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/input").join(name);
    Case { lenient: false, name: name.to_owned(), text: std::fs::read_to_string(path).unwrap() }
}

#[test]
fn roles_trusted_by_one_service_are_service_roles() {
    let roles = input("service-roles.yaml");
    let imported = cfn_import::import(&roles.text, &cfn_import::Options::default()).unwrap();
    assert!(imported.module.contains("secure::ServiceRole::new(secure::LambdaService)"), "{}", imported.module);
    assert!(imported.module.contains("secure::ServiceRole::new(secure::StatesService)"), "{}", imported.module);
    // The same function with a role that only ECS tasks may assume: Lambda could not assume it.
    let mut wrong = cfn_import::read(&roles.text).unwrap();
    wrong["Resources"]["WorkerRole"]["Properties"]["AssumeRolePolicyDocument"]["Statement"][0]["Principal"]["Service"] =
        "ecs-tasks.amazonaws.com".into();
    let wrong = Case { lenient: false, name: "lambda-role-for-ecs-tasks".to_owned(), text: wrong.to_string() };
    let (imported, compiles, equal, causes) = round_trip("import_roles", &[roles, wrong]);
    // The function goes through the escape hatch, which takes a plain role (one of another stack
    // may be right); the final-template check judges the role's trust and refuses the template.
    assert_eq!((imported, compiles, equal), (2, 2, 1), "{causes:#?}");
    let refused = &causes["lambda-role-for-ecs-tasks"];
    assert!(refused.starts_with("refused when emitted"), "{refused}");
    assert!(refused.contains("which lambda.amazonaws.com cannot assume"), "{refused}");
    assert!(refused.contains("[role-trust-denies-service]"), "{refused}");
}

#[test]
fn references_are_typed_accessors_or_values_of_the_kind_they_are() {
    let references = input("typed-references.yaml");
    let module = cfn_import::import(&references.text, &cfn_import::Options::default()).unwrap().module;
    let module: String = module.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(module.contains("Subnet::new(network.reference())"), "{module}");
    let vpc = r#"Attr::<target::ec2::VPC, kind::VpcId>::external("vpc-0123456789abcdef0")"#;
    assert!(module.contains(vpc), "{module}");
    let alias = r#".kms_master_key_id(Attr::<target::kms::Alias, kind::AliasName>::external("alias/aws/sqs"))"#;
    assert!(module.contains(alias), "{module}");
    let parameter = ".kms_master_key_id(Attr::<target::kms::Key, kind::Arn>::external(queue_key_arn.reference()))";
    assert!(module.contains(parameter), "{module}");
    assert!(module.contains(".kms_master_key_id(Attr::<target::kms::Key, kind::Arn>::external(sub!("), "{module}");
    // A subnet given its VPC's CIDR block where the VPC's ID belongs: the typed setter refuses it.
    let mut wrong = cfn_import::read(&references.text).unwrap();
    wrong["Resources"]["Public"]["Properties"]["VpcId"] = serde_json::json!({"Fn::GetAtt": ["Network", "CidrBlock"]});
    let wrong = Case { lenient: false, name: "subnet-in-a-cidr-block".to_owned(), text: wrong.to_string() };
    let (imported, compiles, equal, causes) = round_trip("import_references", &[references, wrong]);
    assert_eq!((imported, compiles, equal), (2, 1, 1), "{causes:#?}");
    let refused = &causes["subnet-in-a-cidr-block"];
    assert!(refused.contains("kind::VpcId>,), not `Attr<typed_cfn::refs::target::ec2::VPC, CidrBlock>`"), "{refused}");
}

#[test]
fn policies_chosen_whole_or_by_principal_are_typed() {
    let chosen = input("chosen-policies.yaml");
    let imported = cfn_import::import(&chosen.text, &cfn_import::Options::default()).unwrap();
    let module: String = imported.module.split_whitespace().collect::<Vec<_>>().join(" ");
    for expected in [
        "policy::ResourcePolicy::chosen( &is_shared_condition, policy::ResourcePolicy::new([",
        ".principal(Principal::chosen( &is_shared_condition, Principal::aws([",
        r#"Principal::service(service_principal!("logging.s3.amazonaws.com")),"#,
    ] {
        assert!(module.contains(expected), "{expected}\n{module}");
    }
    assert!(!module.contains("raw_resource!"), "{module}");
    assert_eq!(imported.findings, []);
    let (imported, compiles, equal, causes) = round_trip("import_chosen_policies", &[chosen]);
    assert_eq!((imported, compiles, equal), (1, 1, 1), "{causes:#?}");
}

/// `input` with the key statements whose `Sid` is one of `sids` taken out of `key`'s policy.
fn without_statements(case: &Case, name: &str, key: &str, sids: &[&str]) -> Case {
    let mut value = cfn_import::read(&case.text).unwrap();
    let statements = value["Resources"][key]["Properties"]["KeyPolicy"]["Statement"].as_array_mut().unwrap();
    let before = statements.len();
    statements.retain(|s| !sids.contains(&s["Sid"].as_str().unwrap_or_default()));
    assert_eq!(statements.len(), before - sids.len(), "{name}: the statements {sids:?} are in {key}'s policy");
    Case { lenient: false, name: name.to_owned(), text: value.to_string() }
}

#[test]
fn encrypted_topics_queues_and_audit_trails_are_their_constructs() {
    let messaging = input("encrypted-messaging.yaml");
    let trail = input("audit-trail.yaml");
    let external = input("external-log-keys.yaml");
    let import = |case: &Case| {
        let options = cfn_import::Options { lenient: case.lenient, ..Default::default() };
        cfn_import::import(&case.text, &options).unwrap()
    };
    // Log groups whose key is outside the template (another stack's export, a parameter, a
    // literal ARN): the grant asserted, as a person writing the program would, and said so in a
    // comment; no finding (nothing the compiler will report).
    let imported = import(&external);
    let module: String = imported.module.split_whitespace().collect::<Vec<_>>().join(" ");
    for expected in [
        "(another stack's export), so its policy cannot be seen here",
        "(a parameter), so its policy cannot be seen here",
        "(a literal ARN), so its policy cannot be seen here",
        r#"secure::ExternalKey::from_arn(fns::import_value(Value::<String>::from("shared-keys-LogsKey-Arn"))) .asserting_logs_grant()"#,
        "secure::ExternalKey::from_arn(logs_key_arn.reference()).asserting_logs_grant()",
        r#"secure::ExternalKey::from_arn( "arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab", ) .asserting_logs_grant()"#,
    ] {
        assert!(module.contains(expected), "{expected}\n{module}");
    }
    assert!(!module.contains("raw_resource!"), "{module}");
    assert_eq!(imported.findings, []);
    // As the constructs write them: the constructs, each delivery through the accessor that
    // requires the key's grant, and nothing the compiler will report.
    let imported = import(&messaging);
    let module: String = imported.module.split_whitespace().collect::<Vec<_>>().join(" ");
    for expected in [
        ".grant(secure::CloudWatchToTopics) .grant(secure::EventBridgeToTopics)",
        r#"t.build( "Alerts", secure::EncryptedTopic::new(messages_key.arn()).configure(|r| r.display_name("Service alerts")), )"#,
        "secure::EncryptedQueue::new(messages_key.arn()) .configure(|r| r.visibility_timeout(120)) .subscribe_to(&alerts_handles)",
        "let alerts_policy = alerts_handles.policy.clone();",
        ".alarm_actions(vec![alerts_handles.alarm_action().into_value()])",
        "alerts_handles.rule_target().into_value()",
        "Value::<String>::from(jobs_handles.rule_target())",
        "jobs_handles.notification_target()",
    ] {
        assert!(module.contains(expected), "{expected}\n{module}");
    }
    assert_eq!(imported.findings, []);
    let imported = import(&trail);
    let module: String = imported.module.split_whitespace().collect::<Vec<_>>().join(" ");
    for expected in [
        r#"secure::TrailBucket::new(trail_key.arn()).configure(|r| r.bucket_name(sub!("audit-${AWS::AccountId}")))"#,
        "secure::AuditTrail::new(&trail_logs_handles, trail_key.arn()) .log_all_s3_data_events() .notify(&log_files_handles)",
    ] {
        assert!(module.contains(expected), "{expected}\n{module}");
    }
    assert_eq!(imported.findings, []);

    // The same templates with a grant missing from the key: the typed form is written anyway, and
    // `import` says what the compiler will report.
    let alarm_ungranted = without_statements(
        &messaging,
        "alarm-to-a-topic-without-cloudwatch",
        "MessagesKey",
        &["Allow CloudWatch alarms to publish to encrypted topics"],
    );
    let notification_ungranted = without_statements(
        &messaging,
        "notification-to-a-queue-without-s3",
        "MessagesKey",
        &["Allow S3 notifications to send to encrypted queues"],
    );
    let subscription_ungranted = without_statements(
        &messaging,
        "subscription-of-a-queue-without-sns",
        "MessagesKey",
        &["Allow SNS topics to send to encrypted queues"],
    );
    let trail_ungranted = without_statements(
        &trail,
        "trail-key-without-cloudtrail",
        "TrailKey",
        &["Allow CloudTrail to encrypt logs", "Allow CloudTrail to describe the key"],
    );
    let findings = import(&alarm_ungranted).findings;
    assert_eq!(findings.len(), 1, "{findings:#?}");
    assert_eq!(findings[0].resource, "ErrorsAlarm");
    assert!(findings[0].message.contains("lacks the `CloudWatchToTopics` statement"), "{findings:#?}");
    let findings = import(&notification_ungranted).findings;
    assert_eq!((findings.len(), findings[0].resource.as_str()), (1, "Uploads"), "{findings:#?}");
    let findings = import(&subscription_ungranted).findings;
    assert_eq!((findings.len(), findings[0].resource.as_str()), (1, "Jobs"), "{findings:#?}");
    assert!(findings[0].message.contains("lacks the `SnsToQueues` statement"), "{findings:#?}");
    let findings = import(&trail_ungranted).findings;
    assert_eq!((findings.len(), findings[0].resource.as_str()), (1, "AccountTrail"), "{findings:#?}");
    assert!(findings[0].message.contains("lacks the `CloudTrailGrant` statement"), "{findings:#?}");
    // `--lenient`: the generated forms, marked; the program compiles and the final-template
    // check judges the template.
    let lenient = Case {
        lenient: true,
        name: "alarm-to-a-topic-without-cloudwatch, lenient".to_owned(),
        ..alarm_ungranted.clone()
    };
    let module = import(&lenient).module;
    assert!(!module.contains("EncryptedTopic::new"), "{module}");
    assert!(module.contains("// Lenient: the generated form, not `secure::EncryptedTopic`"), "{module}");
    assert_eq!(import(&lenient).findings, []);

    // The project's own example outputs (`examples/output/`), which the secure constructs wrote,
    // in the same build: each imports as the constructs that wrote it, with no finding.
    let examples = example_outputs();
    for (case, constructs) in &examples {
        let module: String = import(case).module.split_whitespace().collect::<Vec<_>>().join(" ");
        for construct in *constructs {
            assert!(module.contains(construct), "{}: {construct}\n{module}", case.name);
        }
        assert_eq!(import(case).findings, [], "{}", case.name);
    }
    let mut cases = vec![
        messaging,
        trail,
        external,
        alarm_ungranted,
        notification_ungranted,
        subscription_ungranted,
        trail_ungranted,
        lenient,
    ];
    cases.extend(examples.into_iter().map(|(case, _)| case));
    let (imported, compiles, equal, causes) = round_trip("import_messaging", &cases);
    assert_eq!(imported, 18, "{causes:#?}");
    for (case, message) in [
        ("alarm-to-a-topic-without-cloudwatch", "this KMS key's policy lacks the `CloudWatchToTopics` statement"),
        ("notification-to-a-queue-without-s3", "this KMS key's policy lacks the `S3ToQueues` statement"),
        ("subscription-of-a-queue-without-sns", "this KMS key's policy lacks the `SnsToQueues` statement"),
        ("trail-key-without-cloudtrail", "this KMS key's policy lacks the `CloudTrailGrant` statement"),
    ] {
        assert!(causes[case].contains(message), "{case}: {causes:#?}");
    }
    assert_eq!((compiles, equal), (4 + 10, 3 + 10), "{causes:#?}");
    for (case, _) in example_outputs() {
        assert!(!causes.contains_key(&case.name), "{}: {causes:#?}", case.name);
    }
    assert!(
        !causes.contains_key("encrypted-messaging.yaml")
            && !causes.contains_key("audit-trail.yaml")
            && !causes.contains_key("external-log-keys.yaml"),
        "{causes:#?}"
    );
    // Leniently imported, the program compiles, and the final-template check refuses the alarm's
    // delivery to a topic whose key does not let CloudWatch in.
    let refused = &causes["alarm-to-a-topic-without-cloudwatch, lenient"];
    assert!(refused.starts_with("refused when emitted"), "{refused}");
    assert!(refused.contains("[delivery-key-denies-service]"), "{refused}");
}

/// The templates the project's examples write (`examples/output/`), with the typed constructs
/// each is imported as.
fn example_outputs() -> Vec<(Case, &'static [&'static str])> {
    let examples: [(&str, &[&str]); 10] = [
        (
            "audit_trail.json",
            &[
                "secure::AuditTrail::new(&trail_bucket_handles, audit_key.arn()) .log_all_s3_data_events() .cloudwatch_logs(&trail_log_group)",
                "secure::TrailBucket::new(audit_key.arn())",
                "secure::EncryptedLogGroup::new(audit_key.arn()).configure(",
                "secure::EncryptedTopic::new(",
                "t.tag_all([",
                r#"t.build("AccessLogBucket", secure::AccessLogBucket::new(365));"#,
                r#".access_logs_to(&access_log_bucket_handles, "trail-bucket/")"#,
            ],
        ),
        (
            "event_pipeline.json",
            &[
                "secure::EncryptedTopic::new(",
                "secure::EncryptedQueue::new(",
                "secure::ServiceRole::new(",
                r#"t.build("AccessLogBucket", secure::AccessLogBucket::new(365));"#,
                "secure::SecureBucket::new(pipeline_key.arn())",
                r#".access_logs_to(&access_log_bucket_handles, "inbox/")"#,
                r#".notify_topic(&object_events_handles, "s3:ObjectCreated:*")"#,
            ],
        ),
        (
            "hipaa.json",
            &["secure::DatabaseSecret::new(", "secure::RdsLogGroups::<", "LogsGrant::for_log_groups(", "t.tag_all(["],
        ),
        ("hipaa-postgresql.json", &["secure::DatabaseSecret::new(", "secure::RdsLogGroups::<"]),
        (
            "pci_dss.json",
            &[
                "KmsKey::new(",
                "LogsGrant::for_log_groups(",
                "secure::ServiceRole::new(",
                r#"t.build("AccessLogBucket", secure::AccessLogBucket::new(365));"#,
                "secure::SecureBucket::new(data_key.arn())",
                r#".access_logs_to(&access_log_bucket_handles, "data-bucket/")"#,
            ],
        ),
        (
            "quickstart.json",
            &[
                "KmsKey::new(",
                r#"t.build("AccessLogBucket", secure::AccessLogBucket::new(365));"#,
                "secure::SecureBucket::new(data_key.arn())",
                r#".access_logs_to(&access_log_bucket_handles, "data/")"#,
            ],
        ),
        ("pci_app/keys.json", &["KmsKey::new("]),
        // The data bucket's key is another stack's, whose policy the importer cannot see: its S3
        // grant asserted, and said so.
        (
            "pci_app/data.json",
            &[
                r#"t.build("AccessLogBucket", secure::AccessLogBucket::new(365));"#,
                "// Asserted: this bucket's key is outside the template (another stack's export)",
                r#"secure::SecureBucket::new( secure::ExternalKey::from_arn(fns::import_value(Value::<String>::from("pci-keys-DataKey-Arn"))) .asserting_s3_grant(), )"#,
                r#".access_logs_to(&access_log_bucket_handles, "data-bucket/")"#,
            ],
        ),
        // Log groups encrypted with the key of another stack (`Fn::ImportValue`), whose policy
        // the importer cannot see: the grant asserted, and said so.
        (
            "pci_app/network.json",
            &[
                "// Asserted: this log group's key is outside the template (another stack's export)",
                "secure::ExternalKey::from_arn(fns::import_value(Value::<String>::from(\"pci-keys-DataKey-Arn\")))",
            ],
        ),
        (
            "pci_app/processing.json",
            &["secure::ExternalKey::from_arn(fns::import_value(Value::<String>::from(\"pci-keys-DataKey-Arn\")))"],
        ),
    ];
    examples
        .into_iter()
        .map(|(name, constructs)| {
            let text = std::fs::read_to_string(root().join("examples/output").join(name)).unwrap();
            (Case { lenient: false, name: name.to_owned(), text }, constructs)
        })
        .collect()
}

#[test]
fn list_parameters_keep_their_constraints() {
    let parameters = input("list-parameters.yaml");
    let module = cfn_import::import(&parameters.text, &cfn_import::Options::default()).unwrap().module;
    let module: String = module.split_whitespace().collect::<Vec<_>>().join(" ");
    // Each parameter's builder: `t.parameter("Name", …);`.
    let builder = |name: &str| {
        let start = module.find(&format!("t.parameter( \"{name}\",")).unwrap_or_else(|| panic!("{name}\n{module}"));
        module[start..].split(");").next().unwrap_or_default().to_owned()
    };
    let names = builder("Names");
    assert!(names.contains("Parameter::comma_delimited_list()"), "{names}");
    assert!(names.contains(r#".allowed_pattern("[a-z]*$")"#), "{names}");
    let choices = builder("Choices");
    assert!(choices.contains(r#".allowed_values(["one", "two", "three,four"])"#), "{choices}");
    assert!(module.contains(r#"Parameter::string_list().default_value(["false"])"#), "{module}");
    let (imported, compiles, equal, causes) = round_trip("import_parameters", &[parameters]);
    assert_eq!((imported, compiles, equal), (1, 1, 1), "{causes:#?}");
}

#[test]
fn resources_a_transform_creates_are_named_through_their_creator() {
    let created = input("created-resources.yaml");
    let module = cfn_import::import(&created.text, &cfn_import::Options::default()).unwrap().module;
    let module: String = module.split_whitespace().collect::<Vec<_>>().join(" ");
    for expected in [
        r#".roles(vec![worker.created_resource("Role").reference()])"#,
        r#"WorkerRole = worker.created_resource("Role").reference()"#,
        r#"Output::new(worker.created_resource("Role").get_att_unchecked("Arn"))"#,
        "// `WorkerRole` is a resource `Worker` creates when the stack is deployed",
    ] {
        assert!(module.contains(expected), "{expected}\n{module}");
    }
    let (imported, compiles, equal, causes) = round_trip("import_created", &[created]);
    assert_eq!((imported, compiles, equal), (1, 1, 1), "{causes:#?}");
}

/// `input` changed by `change` (on the template as JSON), under another name.
fn changed(case: &Case, name: &str, change: impl FnOnce(&mut J)) -> Case {
    let mut value = cfn_import::read(&case.text).unwrap();
    change(&mut value);
    Case { lenient: false, name: name.to_owned(), text: value.to_string() }
}

#[test]
fn bucket_constructs_and_deliveries_into_them() {
    let buckets = input("bucket-deliveries.yaml");
    let import = |case: &Case| {
        let options = cfn_import::Options { lenient: case.lenient, ..Default::default() };
        cfn_import::import(&case.text, &options).unwrap()
    };
    // As the constructs write them: the constructs, each delivery through the accessor that
    // requires the bucket's kind, and nothing the compiler will report.
    let imported = import(&buckets);
    let module: String = imported.module.split_whitespace().collect::<Vec<_>>().join(" ");
    for expected in [
        r#"t.build("ServerLogs", secure::AccessLogBucket::new(365));"#,
        r#"t.build("CdnLogs", secure::AccessLogBucket::new(90).for_cloudfront());"#,
        r#"t.build("BalancerLogs", secure::AccessLogBucket::new(30).for_load_balancers());"#,
        r#"secure::SecureBucket::new(data_key.arn()) .access_logs_to(&server_logs_handles, "data/") .configure(|r| r.bucket_name(sub!("data-${AWS::AccountId}")))"#,
        r#"secure::VendedLogsBucket::new(data_key.arn()).access_logs_to(&server_logs_handles, "flow-logs/")"#,
        "let data_policy = data_handles.policy.clone();",
        ".log_destination(flow_logs_handles.log_destination().into_value())",
        ".access_logs(&balancer_logs_handles)",
        ".bucket(cdn_logs_handles.cloudfront_logging())",
        r#"Output::new(data.arn())"#,
    ] {
        assert!(module.contains(expected), "{expected}\n{module}");
    }
    assert!(!module.contains("resources::s3::Bucket::new"), "{module}");
    // The load-balancer log bucket's mapping and condition, which nothing else uses: the
    // construct writes them.
    assert!(!module.contains("ElbLogDeliveryAccounts") && !module.contains("ElbRegionHas"), "{module}");
    assert_eq!(imported.findings, []);

    // The same template with a bucket of the wrong kind, or a key without a grant the bucket
    // construct requires: the typed form is written anyway, and `import` says what the compiler
    // will report.
    let cloudfront_without_acls = changed(&buckets, "cloudfront-logs-into-a-bucket-without-acls", |t| {
        t["Resources"]["CdnLogs"]["Properties"]["OwnershipControls"]["Rules"][0]["ObjectOwnership"] =
            "BucketOwnerEnforced".into();
    });
    let balancer_into_server_logs = changed(&buckets, "load-balancer-logs-into-a-server-access-log-bucket", |t| {
        t["Resources"]["BalancerLogsPolicy"]["Properties"]["PolicyDocument"]["Statement"]
            .as_array_mut()
            .unwrap()
            .retain(|s| s["Sid"] != "AllowLoadBalancerLogDelivery");
    });
    let vended_without_grant = without_statements(
        &buckets,
        "vended-logs-bucket-key-without-log-delivery",
        "DataKey",
        &["Allow log delivery to use the key"],
    );
    let server_logs_into_vended = changed(&buckets, "server-access-logs-into-a-vended-logs-bucket", |t| {
        t["Resources"]["Data"]["Properties"]["LoggingConfiguration"]["DestinationBucketName"] =
            serde_json::json!({"Ref": "FlowLogs"});
    });
    for (case, resource, message) in [
        (&cloudfront_without_acls, "Site", "does not take CloudFront standard logs"),
        (
            &balancer_into_server_logs,
            "Balancer",
            "`AccessLogBucket` cannot receive Application Load Balancer access logs",
        ),
        (&vended_without_grant, "FlowLogs", "lacks the `LogDeliveryGrant` statement"),
        (&server_logs_into_vended, "Data", "`VendedLogsBucket` cannot receive S3 server access logs"),
    ] {
        let findings = import(case).findings;
        assert_eq!(findings.len(), 1, "{}: {findings:#?}", case.name);
        assert_eq!(findings[0].resource, resource, "{}: {findings:#?}", case.name);
        assert!(findings[0].message.contains(message), "{}: {findings:#?}", case.name);
    }
    // `--lenient`: the generated forms, marked; the program compiles and the final-template
    // check judges the template. The load-balancer log bucket's policy, whose principal is chosen
    // by Region, is the typed document with `Principal::chosen`.
    let mut lenient = changed(&cloudfront_without_acls, "cloudfront-logs-into-a-bucket-without-acls, lenient", |_| {});
    lenient.lenient = true;
    let module = import(&lenient).module;
    assert!(!module.contains("AccessLogBucket::new"), "{module}");
    assert!(module.contains("// Lenient: the generated form, not `secure::AccessLogBucket`"), "{module}");
    assert!(module.contains("// Lenient: the generated form, not `LoadBalancer::access_logs`"), "{module}");
    let flat: String = module.split_whitespace().collect::<Vec<_>>().join(" ");
    let chosen = "Principal::chosen(&elb_region_has_log_delivery_account_condition, Principal::aws([";
    assert!(flat.replace("( ", "(").contains(chosen), "{module}");
    assert!(!flat.contains("raw_resource!"), "{module}");
    assert_eq!(import(&lenient).findings, []);

    let cases = [
        buckets,
        cloudfront_without_acls,
        balancer_into_server_logs,
        vended_without_grant,
        server_logs_into_vended,
        lenient,
    ];
    let (imported, compiles, equal, causes) = round_trip("import_buckets", &cases);
    assert_eq!(imported, 6, "{causes:#?}");
    for (case, message) in [
        (
            "cloudfront-logs-into-a-bucket-without-acls",
            "this access-log bucket does not take CloudFront standard logs: its ACLs are disabled",
        ),
        (
            "load-balancer-logs-into-a-server-access-log-bucket",
            "`AccessLogBucket` cannot receive Application Load Balancer access logs",
        ),
        ("vended-logs-bucket-key-without-log-delivery", "this KMS key's policy lacks the `LogDeliveryGrant` statement"),
        ("server-access-logs-into-a-vended-logs-bucket", "`VendedLogsBucket` cannot receive S3 server access logs"),
    ] {
        assert!(causes[case].contains(message), "{case}: {causes:#?}");
    }
    assert_eq!((compiles, equal), (2, 1), "{causes:#?}");
    assert!(!causes.contains_key("bucket-deliveries.yaml"), "{causes:#?}");
    // Leniently imported, the program compiles, and the final-template check refuses the
    // distribution's logs into a bucket whose ACLs are disabled.
    let refused = &causes["cloudfront-logs-into-a-bucket-without-acls, lenient"];
    assert!(refused.starts_with("refused when emitted"), "{refused}");
    assert!(refused.contains("[log-bucket-acls-disabled]"), "{refused}");
}
