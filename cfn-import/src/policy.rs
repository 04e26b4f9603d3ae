//! Policy documents as the typed builders write them: `TrustPolicy::new([Statement::allow(
//! actions![…]).principal(…)…])`, and key policies as `KeyPolicy` with the service grants it
//! recognises (`grant_logs(LogsGrant::account_wide())` for the CloudWatch Logs statement).

use std::fmt::Write as _;

use serde_json::{Map, Value as J};

use cfn_model::secure::KeyPolicy;

use crate::generate::Program;
use crate::names::string;

/// The IAM policy language version the typed documents write (the only current one).
/// <https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_version.html>
const VERSION: &str = "2012-10-17";

/// `Kind::new([statements])` for a policy document, or `None` if it has no typed form. As the
/// document stands: `{}` has none (IAM, KMS and S3 refuse a policy without `Statement`:
/// [`crate::empty_policies`] reports it); without `Version` (which IAM then reads as
/// `2008-10-17`), `.without_version()`; a statement a condition chooses (`Fn::If` with a
/// statement or `AWS::NoValue` in each branch), `.statement_if(&condition, …)`,
/// `.statement_unless(…)` or `.statement_if_else(…)` where it stands in the list; a document a
/// condition chooses (`Fn::If` with a document in each branch), `Kind::chosen(&condition, …, …)`.
/// <https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_version.html>
pub fn document(program: &mut Program<'_>, value: &J, kind: &str) -> Option<String> {
    let map = value.as_object()?;
    if let Some(chosen) = map.get("Fn::If").filter(|_| map.len() == 1) {
        let l = chosen.as_array().filter(|l| l.len() == 3)?;
        let condition = program.condition_local(l[0].as_str()?)?;
        let (when_true, when_false) = (document(program, &l[1], kind)?, document(program, &l[2], kind)?);
        return Some(format!("{kind}::chosen(&{condition}, {when_true}, {when_false})"));
    }
    if map.is_empty() {
        // No typed form (`crate::empty_policies` reports it).
        return None;
    }
    let versioned = match map.get("Version") {
        None => false,
        Some(v) if v.as_str() == Some(VERSION) => true,
        Some(_) => return None,
    };
    if map.keys().any(|k| k != "Version" && k != "Statement") {
        return None;
    }
    let with_principal = kind != "IdentityPolicy";
    // The statements before the first chosen one are `new`'s; every one after it is chained, so
    // the list keeps its order.
    let (mut leading, mut chained) = (Vec::new(), String::new());
    for item in map.get("Statement")?.as_array()? {
        match item.as_object().filter(|m| m.len() == 1).and_then(|m| m.get("Fn::If")) {
            Some(chosen) => {
                let l = chosen.as_array().filter(|l| l.len() == 3)?;
                let condition = program.condition_local(l[0].as_str()?)?;
                let mut branch = |v: &J| -> Option<Option<String>> {
                    if v == &serde_json::json!({"Ref": "AWS::NoValue"}) {
                        return Some(None);
                    }
                    statement(program, v.as_object()?, with_principal).map(Some)
                };
                let (when_true, when_false) = (branch(&l[1])?, branch(&l[2])?);
                let _ = match (when_true, when_false) {
                    (Some(a), None) => write!(chained, ".statement_if(&{condition}, {a})"),
                    (None, Some(b)) => write!(chained, ".statement_unless(&{condition}, {b})"),
                    (Some(a), Some(b)) => write!(chained, ".statement_if_else(&{condition}, {a}, {b})"),
                    (None, None) => return None,
                };
            }
            None => {
                let s = statement(program, item.as_object()?, with_principal)?;
                if chained.is_empty() {
                    leading.push(s);
                } else {
                    let _ = write!(chained, ".statement({s})");
                }
            }
        }
    }
    let version = if versioned { "" } else { ".without_version()" };
    Some(format!("{kind}::new([{}]){version}{chained}", leading.join(", ")))
}

pub(crate) fn statements(value: &J) -> Option<Vec<&Map<String, J>>> {
    let map = value.as_object()?;
    if map.get("Version").and_then(J::as_str) != Some(VERSION) || map.len() != 2 {
        return None;
    }
    map.get("Statement")?.as_array()?.iter().map(J::as_object).collect()
}

/// One or several strings: a policy element takes either.
fn strings(value: &J) -> Option<Vec<&J>> {
    match value {
        J::Array(l) => Some(l.iter().collect()),
        other => Some(vec![other]),
    }
}

pub(crate) fn statement(program: &mut Program<'_>, s: &Map<String, J>, with_principal: bool) -> Option<String> {
    let deny = match s.get("Effect")?.as_str()? {
        "Allow" => false,
        "Deny" => true,
        _ => return None,
    };
    let (key, actions) = match (s.get("Action"), s.get("NotAction")) {
        (Some(a), None) => ("Action", a),
        (None, Some(a)) => ("NotAction", a),
        _ => return None,
    };
    let actions: Option<Vec<String>> = strings(actions)?.into_iter().map(|a| a.as_str().map(string)).collect();
    let constructor = match (deny, key) {
        (false, "Action") => "allow",
        (true, "Action") => "deny",
        (false, _) => "allow_all_except",
        (true, _) => "deny_all_except",
    };
    let mut out = format!("Statement::{constructor}(actions![{}])", actions?.join(", "));
    if let Some(sid) = s.get("Sid") {
        let _ = write!(out, ".sid({})", string(sid.as_str()?));
    }
    match (s.get("Principal"), s.get("NotPrincipal")) {
        (Some(p), None) if with_principal => {
            let _ = write!(out, ".principal({})", principal(program, p)?);
        }
        (None, Some(p)) if with_principal => {
            let _ = write!(out, ".not_principal({})", principal(program, p)?);
        }
        (None, None) if !with_principal => {}
        _ => return None,
    }
    for key in ["Resource", "NotResource"] {
        if let Some(resources) = s.get(key) {
            let method = if key == "Resource" { "resource" } else { "not_resource" };
            for r in strings(resources)? {
                let _ = write!(out, ".{method}({})", program.expr(r, "String")?);
            }
        }
    }
    if let Some(conditions) = s.get("Condition") {
        for (operator, entries) in conditions.as_object()? {
            let operator = operator_expr(operator)?;
            for (key, values) in entries.as_object()? {
                for v in strings(values)? {
                    let v = program.expr(v, "String")?;
                    let _ = write!(out, ".condition({operator}, {}, {v})", string(key));
                }
            }
        }
    }
    let known =
        ["Sid", "Effect", "Action", "NotAction", "Principal", "NotPrincipal", "Resource", "NotResource", "Condition"];
    s.keys().all(|k| known.contains(&k.as_str())).then_some(out)
}

/// `Operator::StringLike.for_any_value()` for `ForAnyValue:StringLike`, and so on.
/// <https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html>
fn operator_expr(name: &str) -> Option<String> {
    let (set, rest) = match name.split_once(':') {
        Some(("ForAnyValue", r)) => (Some("for_any_value"), r),
        Some(("ForAllValues", r)) => (Some("for_all_values"), r),
        Some(_) => return None,
        None => (None, name),
    };
    let (base, if_exists) = match rest.strip_suffix("IfExists") {
        Some(b) => (b, true),
        None => (rest, false),
    };
    const OPERATORS: [&str; 27] = [
        "StringEquals",
        "StringNotEquals",
        "StringEqualsIgnoreCase",
        "StringNotEqualsIgnoreCase",
        "StringLike",
        "StringNotLike",
        "NumericEquals",
        "NumericNotEquals",
        "NumericLessThan",
        "NumericLessThanEquals",
        "NumericGreaterThan",
        "NumericGreaterThanEquals",
        "DateEquals",
        "DateNotEquals",
        "DateLessThan",
        "DateLessThanEquals",
        "DateGreaterThan",
        "DateGreaterThanEquals",
        "Bool",
        "BinaryEquals",
        "IpAddress",
        "NotIpAddress",
        "ArnEquals",
        "ArnLike",
        "ArnNotEquals",
        "ArnNotLike",
        "Null",
    ];
    if !OPERATORS.contains(&base) {
        return None;
    }
    let mut out = format!("Operator::{base}");
    if let Some(set) = set {
        let _ = write!(out, ".{set}()");
    }
    if if_exists {
        out.push_str(".if_exists()");
    }
    Some(out)
}

fn principal(program: &mut Program<'_>, p: &J) -> Option<String> {
    if p.as_str() == Some("*") {
        return Some("Principal::everyone()".to_owned());
    }
    let map = p.as_object().filter(|m| m.len() == 1)?;
    let (key, value) = map.iter().next()?;
    if key == "Fn::If" {
        // A principal a condition chooses (one in each branch: a statement without its
        // principal is no resource-policy statement).
        let l = value.as_array().filter(|l| l.len() == 3)?;
        let condition = program.condition_local(l[0].as_str()?)?;
        let (when_true, when_false) = (principal(program, &l[1])?, principal(program, &l[2])?);
        return Some(format!("Principal::chosen(&{condition}, {when_true}, {when_false})"));
    }
    let values = strings(value)?;
    match key.as_str() {
        "AWS" => {
            let arns: Option<Vec<String>> = values.iter().map(|v| program.expr(v, "String")).collect();
            let arns = arns?;
            let arns: Vec<String> = arns.into_iter().map(|a| format!("Value::<String>::from({a})")).collect();
            Some(format!("Principal::aws([{}])", arns.join(", ")))
        }
        "Service" => {
            // `service_principal!` checks each literal; it refuses CloudWatch Logs' principal,
            // which only `LogsGrant` writes (regional name, encryption-context condition).
            let hosts: Option<Vec<String>> =
                values.iter().map(|v| v.as_str().map(|h| format!("service_principal!({})", string(h)))).collect();
            let hosts = hosts?;
            if let [one] = hosts.as_slice()
                && !value.is_array()
            {
                Some(format!("Principal::service({one})"))
            } else {
                Some(format!("Principal::services([{}])", hosts.join(", ")))
            }
        }
        "Federated" if values.len() == 1 && !value.is_array() => {
            Some(format!("Principal::federated({})", program.expr(values[0], "String")?))
        }
        "CanonicalUser" if values.len() == 1 && !value.is_array() => {
            Some(format!("Principal::canonical_user({})", program.expr(values[0], "String")?))
        }
        _ => None,
    }
}

/// Whether a statement is the account root's `kms:*` (AWS's default key policy statement).
/// <https://docs.aws.amazon.com/kms/latest/developerguide/key-policy-default.html>
fn is_root(s: &Map<String, J>) -> bool {
    let root = s.get("Principal").and_then(|p| p.get("AWS")).is_some_and(|a| {
        let text = a.get("Fn::Sub").and_then(J::as_str).or(a.as_str()).unwrap_or_default();
        text.ends_with(":iam::${AWS::AccountId}:root") || text == "arn:aws:iam::${AWS::AccountId}:root"
    });
    root && s.get("Effect").and_then(J::as_str) == Some("Allow") && s.get("Action").and_then(J::as_str) == Some("kms:*")
}

/// Whether a statement is CloudWatch Logs' as its guide writes it: the regional principal and
/// the `kms:EncryptionContext:aws:logs:arn` condition.
/// <https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/encrypt-log-data-kms.html>
pub(crate) fn is_logs_grant(s: &Map<String, J>) -> bool {
    let principal =
        s.get("Principal").and_then(|p| p.get("Service")).and_then(|v| v.get("Fn::Sub")).and_then(J::as_str);
    let context = s
        .get("Condition")
        .and_then(|c| c.get("ArnLike").or(c.get("ArnEquals")))
        .is_some_and(|c| c.get("kms:EncryptionContext:aws:logs:arn").is_some());
    principal == Some("logs.${AWS::Region}.amazonaws.com")
        && context
        && s.get("Effect").and_then(J::as_str) == Some("Allow")
}

/// The `LogsGrant` whose statement is `s`, as the library writes it: `account_wide()` for every
/// log group of the account, `for_log_groups([names])` for the log groups its condition names
/// (each `arn:${AWS::Partition}:logs:${AWS::Region}:${AWS::AccountId}:log-group:<name>`);
/// `None` when neither writes `s`.
fn logs_grant(program: &mut Program<'_>, s: &Map<String, J>) -> Option<String> {
    use cfn_model::secure::LogsGrant;
    const PREFIX: &str = "arn:${AWS::Partition}:logs:${AWS::Region}:${AWS::AccountId}:log-group:";
    let arns = s.get("Condition")?.get("ArnLike")?.get("kms:EncryptionContext:aws:logs:arn")?;
    let mut names = Vec::new();
    for arn in strings(arns)? {
        names.push(arn.get("Fn::Sub")?.as_str()?.strip_prefix(PREFIX)?.to_owned());
    }
    let written = |grant: LogsGrant| {
        let base = library_statements(KeyPolicy::account_root());
        library_statements(KeyPolicy::account_root().grant_logs(grant)).into_iter().find(|w| !base.contains(w))
    };
    let statement = J::Object(s.clone());
    if written(LogsGrant::account_wide()).as_ref() == Some(&statement) {
        return Some("LogsGrant::account_wide()".to_owned());
    }
    // A name with variables is an `Fn::Sub` of its own; `${!…}` is literal text.
    let values = names.iter().map(|n| {
        if n.contains("${") && !n.contains("${!") {
            cfn_model::intrinsics::sub(n.as_str())
        } else {
            cfn_model::Value::from(n.replace("${!", "${"))
        }
    });
    if written(LogsGrant::for_log_groups(values)).as_ref() != Some(&statement) {
        return None;
    }
    let exprs: Option<Vec<String>> = names
        .iter()
        .map(|n| {
            if n.contains("${") && !n.contains("${!") {
                program.expr(&serde_json::json!({ "Fn::Sub": n }), "String")
            } else {
                Some(string(&n.replace("${!", "${")))
            }
        })
        .collect();
    Some(format!("LogsGrant::for_log_groups([{}])", exprs?.join(", ")))
}

/// `KeyPolicy::account_root()…`: the root statement becomes the constructor, CloudWatch Logs'
/// statement `grant_logs`, every other statement `.statement(…)` (where `service_principal!`
/// refuses `logs.amazonaws.com`, the principal that cannot work for log groups).
pub fn key_policy(program: &mut Program<'_>, id: &str, value: &J) -> Result<String, String> {
    let statements = statements(value).ok_or("a key policy with no typed form (its Version or shape)")?;
    let Some((first, rest)) = statements.split_first().filter(|(f, _)| is_root(f)) else {
        return Err("a key policy that does not start with the account root's statement".to_owned());
    };
    let _ = first;
    let mut out = String::from("KeyPolicy::account_root()");
    let base = library_statements(KeyPolicy::account_root());
    let grants = service_grants();
    let mut granted = Vec::new();
    for s in rest {
        let statement_json = J::Object((*s).clone());
        // A statement the constructor writes itself (the refusal of grants except for AWS
        // resources that ends every typed key policy).
        if base.contains(&statement_json) {
            continue;
        }
        // A service's statements as its grant writes them: the grant, once.
        if let Some((_, call, _)) = grants.iter().find(|(_, _, written)| {
            written.contains(&statement_json)
                && written.iter().all(|w| rest.iter().any(|r| &J::Object((*r).clone()) == w))
        }) {
            if !granted.contains(call) {
                granted.push(*call);
                let _ = write!(out, ".{call}");
            }
            continue;
        }
        if is_logs_grant(s) {
            let grant = logs_grant(program, s).unwrap_or_else(|| "LogsGrant::account_wide()".to_owned());
            let _ = write!(out, ".grant_logs({grant})");
            continue;
        }
        let names_logs = s
            .get("Principal")
            .and_then(|p| p.get("Service"))
            .is_some_and(|v| strings(v).unwrap_or_default().iter().any(|h| h.as_str() == Some("logs.amazonaws.com")));
        if names_logs {
            program.finding(
                id,
                "`service_principal!` refuses `logs.amazonaws.com`: CloudWatch Logs uses a key only through the regional principal with the encryption-context condition, which `KeyPolicy::grant_logs(LogsGrant::…)` writes".to_owned(),
            );
        }
        let statement = statement(program, s, true).ok_or("a key policy statement with no typed form")?;
        let _ = write!(out, ".statement({statement})");
    }
    Ok(out)
}

/// A typed key policy's statements, as the library writes them.
fn library_statements<G>(policy: KeyPolicy<G>) -> Vec<J> {
    match policy.to_node().to_json_value().get_mut("Statement").map(J::take) {
        Some(J::Array(statements)) => statements,
        _ => Vec::new(),
    }
}

/// The service grants of `KeyPolicy` the importer recognises: the grant's type, the call that
/// adds it, and the statements it adds to `KeyPolicy::account_root()` — taken from the library,
/// so a key policy written as the typed key writes it is imported as that key, whose type then
/// records the grant. (CloudWatch Logs' grant, which takes settings, is recognised by its
/// statement's shape: [`is_logs_grant`].)
fn service_grants() -> Vec<(&'static str, &'static str, Vec<J>)> {
    use cfn_model::secure::{
        AutoScalingGrant, BudgetsToTopics, CloudFrontLogsGrant, CloudTrailGrant, CloudTrailToTopics,
        CloudWatchToTopics, ConfigDeliveryGrant, EventBridgeToQueues, EventBridgeToTopics, LogDeliveryGrant,
        S3ToQueues, S3ToTopics, SnsToQueues,
    };
    let base = library_statements(KeyPolicy::account_root());
    let added = |all: Vec<J>| all.into_iter().filter(|s| !base.contains(s)).collect::<Vec<J>>();
    let root = KeyPolicy::account_root;
    vec![
        ("RdsGrant", "grant_rds()", added(library_statements(root().grant_rds()))),
        ("SecretsManagerGrant", "grant_secrets_manager()", added(library_statements(root().grant_secrets_manager()))),
        ("S3Grant", "grant_s3()", added(library_statements(root().grant_s3()))),
        ("LambdaGrant", "grant_lambda()", added(library_statements(root().grant_lambda()))),
        (
            "CloudWatchToTopics",
            "grant(secure::CloudWatchToTopics)",
            added(library_statements(root().grant(CloudWatchToTopics))),
        ),
        (
            "EventBridgeToTopics",
            "grant(secure::EventBridgeToTopics)",
            added(library_statements(root().grant(EventBridgeToTopics))),
        ),
        ("S3ToTopics", "grant(secure::S3ToTopics)", added(library_statements(root().grant(S3ToTopics)))),
        (
            "CloudTrailToTopics",
            "grant(secure::CloudTrailToTopics)",
            added(library_statements(root().grant(CloudTrailToTopics))),
        ),
        ("BudgetsToTopics", "grant(secure::BudgetsToTopics)", added(library_statements(root().grant(BudgetsToTopics)))),
        ("SnsToQueues", "grant(secure::SnsToQueues)", added(library_statements(root().grant(SnsToQueues)))),
        (
            "EventBridgeToQueues",
            "grant(secure::EventBridgeToQueues)",
            added(library_statements(root().grant(EventBridgeToQueues))),
        ),
        ("S3ToQueues", "grant(secure::S3ToQueues)", added(library_statements(root().grant(S3ToQueues)))),
        ("CloudTrailGrant", "grant(secure::CloudTrailGrant)", added(library_statements(root().grant(CloudTrailGrant)))),
        (
            "LogDeliveryGrant",
            "grant(secure::LogDeliveryGrant)",
            added(library_statements(root().grant(LogDeliveryGrant))),
        ),
        (
            "AutoScalingGrant",
            "grant(secure::AutoScalingGrant)",
            added(library_statements(root().grant(AutoScalingGrant))),
        ),
        (
            "ConfigDeliveryGrant",
            "grant(secure::ConfigDeliveryGrant)",
            added(library_statements(root().grant(ConfigDeliveryGrant))),
        ),
        (
            "CloudFrontLogsGrant",
            "grant(secure::CloudFrontLogsGrant)",
            added(library_statements(root().grant(CloudFrontLogsGrant))),
        ),
    ]
}

/// The grants a key policy holds as the library writes them (`RdsGrant`, `LogsGrant`, …): what
/// the imported key's type will record.
pub(crate) fn key_grants(value: &J) -> Vec<&'static str> {
    let Some(statements) = value.get("Statement").and_then(J::as_array) else { return Vec::new() };
    let mut held: Vec<&'static str> = service_grants()
        .into_iter()
        .filter(|(_, _, written)| !written.is_empty() && written.iter().all(|w| statements.contains(w)))
        .map(|(grant, _, _)| grant)
        .collect();
    if statements.iter().filter_map(J::as_object).any(is_logs_grant) {
        held.push("LogsGrant");
    }
    held
}
